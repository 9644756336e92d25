"""market_data_daily: ingest -> features -> labels on the Spark cluster, once a day.

Each task is idempotent: ingest MERGEs on the bar's natural key, features continue from the saved
engine state and MERGE, labels MERGE; re-running a task or the whole DAG leaves the same tables.

Params (override per run with `algo-trader airflow trigger market_data_daily --conf '{...}'`):
  symbols        ingest only these symbols, e.g. ["BTC/USD"] (default []: every symbol of the source
                 that algotrader.ingest.symbols accepts); the others are skipped and counted
  from, to       ingest only bars/trades in [from, to), ISO date or instant, UTC (default: no bound)
  source         a named source of algotrader.ingest.sources or a file type (default: the sample data
                 or the configured source)
  paths          input files on the Spark driver (default: the source's own)
  full_features  recompute every symbol's features from its first bar (default false)
  env            configuration overlay (default: Variable algotrader_env, else paper)
Features and labels then continue incrementally over whatever is new in silver/bars.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.models.param import Param

from algo_trader_defaults import (
    DEFAULT_ARGS,
    MARKET_DATA_SCHEDULE,
    cli_task,
    env_param,
    list_option,
    option,
    sla_args,
    switch,
)

with DAG(
    dag_id="market_data_daily",
    description="ingest -> features -> labels (Delta bronze/silver/gold)",
    schedule=MARKET_DATA_SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    # SLA misses are only checked for scheduled runs: none when the schedule Variable is empty
    default_args={**DEFAULT_ARGS, **sla_args(MARKET_DATA_SCHEDULE, timedelta(hours=2))},
    params={
        "symbols": Param(
            [],
            type="array",
            items={"type": "string", "pattern": "^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$"},
            description="symbols to ingest, e.g. [\"BTC/USD\"]; empty = every accepted symbol",
        ),
        "from": Param(
            None,
            type=["null", "string"],
            description="ingest bars at or after this UTC time (2013-11-25 or 2013-11-25T00:00:00Z)",
        ),
        "to": Param(None, type=["null", "string"], description="ingest bars before this UTC time"),
        "source": Param(
            None,
            type=["null", "string"],
            description="named source (algotrader.ingest.sources) or csv, csv-trades, csv-bars,"
            " ta4j-json; empty = sample data / configured source",
        ),
        "paths": Param(
            [], type="array", items={"type": "string"}, description="input files on the driver"
        ),
        "full_features": Param(
            False, type="boolean", description="recompute features from each symbol's first bar"
        ),
        "env": env_param(),
    },
    tags=["algo-trader", "data"],
) as dag:
    ingest = cli_task(
        "ingest",
        [
            "ingest",
            option("--source", "params.source"),
            list_option("--path", "params.paths"),
            list_option("--symbols", "params.symbols"),
            option("--from", "params['from']"),
            option("--to", "params.to"),
        ],
        name="algo-trader-ingest",
        execution_timeout=timedelta(hours=1),
    )
    features = cli_task(
        "features",
        ["features", switch("--full", "params.full_features")],
        name="algo-trader-features",
        execution_timeout=timedelta(hours=1),
    )
    labels = cli_task(
        "labels", ["labels"], name="algo-trader-labels", execution_timeout=timedelta(hours=1)
    )

    ingest >> features >> labels
