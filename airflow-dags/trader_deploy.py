"""trader_deploy: (re)deploy the Flink trader on the session cluster from its last savepoint.

Triggered by hand or after research_weekly promotes a new champion
(`algo-trader airflow trigger trader_deploy`). `trader restart --cluster` stops the running job with
a savepoint (if one runs) and starts the uploaded jar from that savepoint, so positions, open orders
and feature state carry over; run twice it simply restarts from the newest savepoint again. The
trader scores with the registry's `champion`, so the model is chosen by promotion, not per run.

Params: env (configuration overlay; default: Variable algotrader_env, else paper).

No SLA here: Airflow only checks SLAs of scheduled runs, and this DAG is triggered by hand; each
task has an execution_timeout instead and the run a dagrun_timeout.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

from algo_trader_defaults import CLI, DEFAULT_ARGS, ENV, HOME, env_param

# the tasks find their state (cluster.json, events.jsonl, inbox) under the home, not in the
# BashOperator's temporary working directory
TRADER_ENV = {"ALGOTRADER_HOME": HOME}

with DAG(
    dag_id="trader_deploy",
    description="submit or restart the Flink trader from its last savepoint",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=30),
    default_args={**DEFAULT_ARGS, "retries": 1},
    params={"env": env_param()},
    tags=["algo-trader", "trading"],
) as dag:
    restart_trader = BashOperator(
        task_id="restart_trader",
        bash_command=CLI + " trader restart --cluster --env " + ENV,
        env=TRADER_ENV,
        append_env=True,
        execution_timeout=timedelta(minutes=15),
    )
    verify_running = BashOperator(
        task_id="verify_running",
        bash_command=CLI + " trader status --cluster --require-running --env " + ENV,
        env=TRADER_ENV,
        append_env=True,
        retries=3,
        retry_delay=timedelta(seconds=30),
        execution_timeout=timedelta(minutes=2),
    )

    restart_trader >> verify_running
