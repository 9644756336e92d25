"""research_weekly: auto-train -> evaluate -> promote-if-better, once a week.

auto-train runs the hyperparameter search and registers the best candidate without promoting it;
evaluate scores the candidate and the current champion on the untouched holdout; promote moves the
`champion` alias only if the candidate beats the champion by the configured margin. Each step is
idempotent: a re-run trains under a new MLflow run, re-evaluates, and promotes at most once.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

from algo_trader_defaults import (
    CLI_MAIN,
    DEFAULT_ARGS,
    RESEARCH_SCHEDULE,
    SPARK_CONF,
    SPARK_CONN_ID,
    SPARK_ENV,
    SPARK_JAR,
    cli_args,
)

with DAG(
    dag_id="research_weekly",
    description="auto-train -> evaluate -> promote-if-better (MLflow registry champion)",
    schedule=RESEARCH_SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={**DEFAULT_ARGS, "sla": timedelta(hours=6)},
    tags=["algo-trader", "research"],
) as dag:
    auto_train = SparkSubmitOperator(
        task_id="auto_train",
        conn_id=SPARK_CONN_ID,
        application=SPARK_JAR,
        java_class=CLI_MAIN,
        application_args=cli_args("auto-train", "--no-promote"),
        conf=SPARK_CONF,
        env_vars=SPARK_ENV,
        name="algo-trader-auto-train",
        execution_timeout=timedelta(hours=4),
    )
    evaluate = SparkSubmitOperator(
        task_id="evaluate",
        conn_id=SPARK_CONN_ID,
        application=SPARK_JAR,
        java_class=CLI_MAIN,
        application_args=cli_args("models"),
        conf=SPARK_CONF,
        env_vars=SPARK_ENV,
        name="algo-trader-evaluate",
        execution_timeout=timedelta(hours=1),
    )
    promote_if_better = SparkSubmitOperator(
        task_id="promote_if_better",
        conn_id=SPARK_CONN_ID,
        application=SPARK_JAR,
        java_class=CLI_MAIN,
        application_args=cli_args("promote", "--if-better"),
        conf=SPARK_CONF,
        env_vars=SPARK_ENV,
        name="algo-trader-promote",
        execution_timeout=timedelta(minutes=30),
    )

    auto_train >> evaluate >> promote_if_better
