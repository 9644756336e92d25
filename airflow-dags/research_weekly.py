"""research_weekly: auto-train (with the promotion rule) -> evaluate, once a week.

auto-train runs the hyperparameter search, evaluates the winner once on the untouched holdout,
registers it and applies the promotion rule in the same job: the `champion` alias moves only if the
new version beats the current champion, re-scored on the same holdout, by the configured margin
(event model.promoted or model.promotion_declined). evaluate lists the registry (versions, aliases,
walk-forward and holdout metrics) into the task log. A re-run trains under a new MLflow run and
promotes at most once.
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
    description="auto-train + promotion rule -> evaluate (MLflow registry champion)",
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
        application_args=cli_args("auto-train"),
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
    auto_train >> evaluate
