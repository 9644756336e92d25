"""Shared settings of the algo-trader DAGs: every value comes from an Airflow Variable, with the
documented default used when the Variable is not set.

Variables (Admin -> Variables), with their defaults:

  algotrader_home            /opt/algo-trader          checkout with bin/algo-trader and the built jars
  algotrader_spark_jar       {home}/control-plane/target/algo-trader-spark.jar
                                                        shaded CLI jar for spark-submit (Spark provided)
  algotrader_env             paper                     configuration overlay (local, paper, live)
  algotrader_spark_master    spark://spark-master:7077 master URL the jobs' SparkSession uses (keep it
                                                        equal to the spark_default connection)
  algotrader_spark_conn_id   spark_default             Spark connection (master URL, deploy mode)
  algotrader_market_data_schedule  0 1 * * *           cron of market_data_daily (UTC)
  algotrader_research_schedule     0 3 * * 0           cron of research_weekly (UTC, Sundays)
  algotrader_alert_email     (empty)                   address for failure and SLA-miss mails

Worker environment: ALGOTRADER_CONF_DIR (a conf/ folder with site overrides), FLINK_REST_URL,
AIRFLOW-independent secrets (ALPACA_*) as the CLI documents them.

Connections: `spark_default` (type Spark, host spark://master:7077) used by SparkSubmitOperator;
the trader_deploy DAG reaches Flink through `algo-trader trader ... --cluster`, whose REST URL is
`algotrader.control.flink.rest-url` (or FLINK_REST_URL in the worker's environment).
"""

from datetime import timedelta

try:  # reading Variables at parse time must not break parsing when the metadata DB is away
    from airflow.models import Variable

    def var(name, default):
        try:
            return Variable.get(name, default_var=default)
        except Exception:  # noqa: BLE001 - any DB/config error: fall back to the documented default
            return default

except ImportError:  # parsed outside Airflow (tests): defaults only

    def var(name, default):
        return default


HOME_DEFAULT = "/opt/algo-trader"
# Jinja expressions, resolved by Airflow when a task runs (templated fields), so changing a
# Variable needs no DAG re-parse.
HOME = "{{ var.value.get('algotrader_home', '/opt/algo-trader') }}"
SPARK_JAR = (
    "{{ var.value.get('algotrader_spark_jar', var.value.get('algotrader_home', "
    "'/opt/algo-trader') ~ '/control-plane/target/algo-trader-spark.jar') }}"
)
ENV = "{{ var.value.get('algotrader_env', 'paper') }}"
# the jobs build their SparkSession from algotrader.spark.master, which reads SPARK_MASTER: without
# it they would run local[2] inside the driver instead of on the cluster
SPARK_ENV = {"SPARK_MASTER": "{{ var.value.get('algotrader_spark_master', 'spark://spark-master:7077') }}"}
CLI = HOME + "/bin/algo-trader"

# The one entry point: the algo-trader CLI; under spark-submit its Spark jobs use the submitted
# master instead of the embedded local[*].
CLI_MAIN = "dev.algotrader.cli.Main"

SPARK_CONN_ID = var("algotrader_spark_conn_id", "spark_default")
MARKET_DATA_SCHEDULE = var("algotrader_market_data_schedule", "0 1 * * *")
RESEARCH_SCHEDULE = var("algotrader_research_schedule", "0 3 * * 0")
ALERT_EMAIL = var("algotrader_alert_email", "")

# Delta Lake on the cluster (the Delta jars are inside the shaded application jar).
SPARK_CONF = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.extraJavaOptions": "-Dalgotrader.home=" + HOME,
}

DEFAULT_ARGS = {
    "owner": "algo-trader",
    "depends_on_past": False,
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "email": [ALERT_EMAIL] if ALERT_EMAIL else [],
    "email_on_failure": bool(ALERT_EMAIL),
    "email_on_retry": False,
}


def cli_args(*command):
    """Arguments of the CLI: the command, then the environment overlay.

    Site-specific overrides go in a conf/ folder named by ALGOTRADER_CONF_DIR on the workers.
    """
    return list(command) + ["--env", ENV]
