"""market_data_daily: ingest -> features -> labels on the Spark cluster, once a day.

Each task is idempotent: ingest MERGEs on the bar's natural key, features continue from the saved
engine state and MERGE, labels MERGE; re-running a task or the whole DAG leaves the same tables.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

from algo_trader_defaults import (
    CLI_MAIN,
    DEFAULT_ARGS,
    MARKET_DATA_SCHEDULE,
    SPARK_CONF,
    SPARK_CONN_ID,
    SPARK_ENV,
    SPARK_JAR,
    cli_args,
)

with DAG(
    dag_id="market_data_daily",
    description="ingest -> features -> labels (Delta bronze/silver/gold)",
    schedule=MARKET_DATA_SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={**DEFAULT_ARGS, "sla": timedelta(hours=2)},
    tags=["algo-trader", "data"],
) as dag:
    ingest = SparkSubmitOperator(
        task_id="ingest",
        conn_id=SPARK_CONN_ID,
        application=SPARK_JAR,
        java_class=CLI_MAIN,
        application_args=cli_args("ingest"),
        conf=SPARK_CONF,
        env_vars=SPARK_ENV,
        name="algo-trader-ingest",
        execution_timeout=timedelta(hours=1),
    )
    features = SparkSubmitOperator(
        task_id="features",
        conn_id=SPARK_CONN_ID,
        application=SPARK_JAR,
        java_class=CLI_MAIN,
        application_args=cli_args("features"),
        conf=SPARK_CONF,
        env_vars=SPARK_ENV,
        name="algo-trader-features",
        execution_timeout=timedelta(hours=1),
    )
    labels = SparkSubmitOperator(
        task_id="labels",
        conn_id=SPARK_CONN_ID,
        application=SPARK_JAR,
        java_class=CLI_MAIN,
        application_args=cli_args("labels"),
        conf=SPARK_CONF,
        env_vars=SPARK_ENV,
        name="algo-trader-labels",
        execution_timeout=timedelta(hours=1),
    )

    ingest >> features >> labels
