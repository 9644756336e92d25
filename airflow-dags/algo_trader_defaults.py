"""Shared settings of the algo-trader DAGs.

Every task runs the algo-trader CLI: the Spark jobs through spark-submit of the shaded CLI jar
(SparkSubmitOperator on the `spark_default` connection), the Flink trader through bin/algo-trader
(BashOperator). What a task does is set by, in this order:

  1. the run's conf (`algo-trader airflow trigger DAG --conf '{"symbols": ["BTC/USD"]}'`), which
     overrides
  2. the DAG's params (Airflow `Param`s with a type and a default, validated when a run is created),
  3. Airflow Variables (read when the task runs, so changing one needs no re-parse), then
  4. the documented defaults below.

Variables (Admin -> Variables), with their defaults:

  algotrader_home            /opt/algo-trader          the algo-trader home: every relative path of the
                                                        configuration (data root, mlruns, reports, trader
                                                        folders, cluster state) resolves against it; the
                                                        jobs get it as -Dalgotrader.home (Spark) or
                                                        ALGOTRADER_HOME (BashOperator)
  algotrader_install_dir     {home}                    the installation (bin/algo-trader, the jars, the
                                                        sample data in target/sample-data) when it is
                                                        not the home, e.g. a read-only /usr/local/algo-trader
  algotrader_spark_jar       {install}/control-plane/target/algo-trader-spark.jar
                                                        shaded CLI jar for spark-submit (Spark provided)
  algotrader_env             paper                     configuration overlay (local, paper, live) when
                                                        the run's `env` param is empty
  algotrader_spark_conn_id   spark_default             Spark connection (master URL, deploy mode): its
                                                        master is the one the jobs run on
  algotrader_market_data_schedule  0 1 * * *           cron of market_data_daily (UTC); empty = no
                                                        schedule (triggered runs only)
  algotrader_research_schedule     0 3 * * 0           cron of research_weekly (UTC, Sundays); empty =
                                                        no schedule
  algotrader_alert_email     (empty)                   address for failure and SLA-miss mails

Where the jobs run: under spark-submit the master is the one spark-submit passes (the connection's
host, e.g. spark://master:7077): the jobs only use algotrader.spark.master (SPARK_MASTER) when no
spark.master was submitted, i.e. when the CLI runs by itself. The Spark app name is the task's
`name` (spark-submit --name). Tasks pass no env_vars to spark-submit: SparkSubmitHook refuses them in
standalone cluster deploy mode, and nothing the jobs need comes from the driver's environment.

Worker environment: a Spark client (spark-submit on PATH, or the connection's spark-binary),
ALGOTRADER_CONF_DIR (a conf/ folder with site overrides), FLINK_REST_URL, and the secrets
(ALPACA_*, MLFLOW_TRACKING_*) as the CLI documents them.
"""

from datetime import timedelta

from airflow.models.param import Param
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # reading Variables at parse time must not break parsing when the metadata DB is away
    from airflow.models import Variable

    def var(name, default):
        try:
            return Variable.get(name, default_var=default)
        except Exception:  # noqa: BLE001 - any DB/config error: fall back to the documented default
            return default

except ImportError:  # pragma: no cover - Airflow 2 always has it

    def var(name, default):
        return default


HOME_DEFAULT = "/opt/algo-trader"
# Jinja expressions, resolved by Airflow when a task runs (templated fields).
HOME = "{{ var.value.get('algotrader_home', '/opt/algo-trader') }}"
_INSTALL_EXPR = (
    "var.value.get('algotrader_install_dir', var.value.get('algotrader_home', '/opt/algo-trader'))"
)
INSTALL = "{{ " + _INSTALL_EXPR + " }}"
SPARK_JAR = (
    "{{ var.value.get('algotrader_spark_jar', "
    + _INSTALL_EXPR
    + " ~ '/control-plane/target/algo-trader-spark.jar') }}"
)
# the run's `env` param, else the Variable, else paper
ENV = "{{ params.env or var.value.get('algotrader_env', 'paper') }}"
CLI = INSTALL + "/bin/algo-trader"

# The one entry point: the algo-trader CLI.
CLI_MAIN = "dev.algotrader.cli.Main"

SPARK_CONN_ID = var("algotrader_spark_conn_id", "spark_default")
# an empty Variable means no schedule: the DAG then only runs when triggered
MARKET_DATA_SCHEDULE = var("algotrader_market_data_schedule", "0 1 * * *") or None
RESEARCH_SCHEDULE = var("algotrader_research_schedule", "0 3 * * 0") or None
ALERT_EMAIL = var("algotrader_alert_email", "")

# Delta Lake on the cluster (the Delta jars are inside the shaded application jar); the home and the
# installation's sample data go to the driver as system properties, which works in client and
# cluster deploy mode alike.
SPARK_CONF = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.extraJavaOptions": "-Dalgotrader.home="
    + HOME
    + " -Dalgotrader.sample-data="
    + INSTALL
    + "/target/sample-data",
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


def sla_args(schedule, sla):
    """`sla` for the tasks of a scheduled DAG; nothing when it has no schedule (Airflow checks SLAs
    of scheduled runs only, so on a triggered-only DAG it would promise what never happens)."""
    return {"sla": sla} if schedule else {}


def env_param():
    """The `env` param every DAG takes: the configuration overlay, empty = the Variable."""
    return Param(
        None,
        type=["null", "string"],
        enum=[None, "local", "paper", "live"],
        description="configuration overlay (local, paper, live); empty = Variable algotrader_env,"
        " else paper",
    )


def option(flag, expr):
    """`--flag=<value>` when the Jinja expression `expr` is set, else an empty argument (dropped)."""
    return "{%% if %s is not none and %s != '' %%}%s={{ %s }}{%% endif %%}" % (expr, expr, flag, expr)


def list_option(flag, expr):
    """`--flag=a,b` from a list-valued expression; nothing when the list is empty."""
    return "{%% if %s %%}%s={{ %s | join(',') }}{%% endif %%}" % (expr, flag, expr)


def switch(flag, expr):
    """`--flag` when the boolean expression `expr` is true."""
    return "{%% if %s %%}%s{%% endif %%}" % (expr, flag)


class AlgoTraderSparkSubmitOperator(SparkSubmitOperator):
    """spark-submit of one algo-trader CLI command.

    Optional flags are templates that render to an empty string when their param is not set; they
    are dropped after rendering, so the rendered command (`airflow tasks render`, the task log) is
    exactly what spark-submit gets.
    """

    def render_template_fields(self, context, jinja_env=None):
        super().render_template_fields(context, jinja_env)
        self.application_args = [a for a in (self.application_args or []) if a != ""]


def cli_task(task_id, command, name, execution_timeout, **kwargs):
    """A Spark task running `algo-trader <command...> --env <env>` on the Spark connection."""
    return AlgoTraderSparkSubmitOperator(
        task_id=task_id,
        conn_id=SPARK_CONN_ID,
        application=SPARK_JAR,
        java_class=CLI_MAIN,
        application_args=list(command) + ["--env", ENV],
        conf=SPARK_CONF,
        name=name,
        execution_timeout=execution_timeout,
        **kwargs,
    )
