"""trader_deploy: (re)deploy the Flink trader on the session cluster from its last savepoint.

Triggered by hand or after research_weekly promotes a new champion
(`algo-trader airflow trigger trader_deploy`). `trader restart --cluster` stops the running job with
a savepoint (if one runs) and starts the uploaded jar from that savepoint, so positions, open orders
and feature state carry over; run twice it simply restarts from the newest savepoint again.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

from algo_trader_defaults import CLI, DEFAULT_ARGS, cli_args

with DAG(
    dag_id="trader_deploy",
    description="submit or restart the Flink trader from its last savepoint",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={**DEFAULT_ARGS, "retries": 1, "sla": timedelta(minutes=20)},
    tags=["algo-trader", "trading"],
) as dag:
    restart_trader = BashOperator(
        task_id="restart_trader",
        bash_command=" ".join([CLI] + cli_args("trader", "restart", "--cluster")),
        execution_timeout=timedelta(minutes=15),
    )
    verify_running = BashOperator(
        task_id="verify_running",
        bash_command=" ".join([CLI] + cli_args("trader", "status", "--cluster", "--require-running")),
        retries=3,
        retry_delay=timedelta(seconds=30),
        execution_timeout=timedelta(minutes=2),
    )

    restart_trader >> verify_running
