"""research_weekly: auto-train (with the promotion rule) -> evaluate, once a week.

auto-train runs the hyperparameter search, evaluates the winner once on the untouched holdout,
registers it and applies the promotion rule in the same job: the `champion` alias moves only if the
new version beats the current champion, re-scored on the same holdout, by the configured margin
(event model.promoted or model.promotion_declined). evaluate lists the registry (versions, aliases,
walk-forward and holdout metrics) into the task log. A re-run trains under a new MLflow run and
promotes at most once.

Params (override per run with `algo-trader airflow trigger research_weekly --conf '{...}'`; empty
= the value in conf/, algotrader.research.*):
  symbol, interval   the series to train on, e.g. "BTC/USD", "1m"
  models             model families to search, e.g. ["gbt"]
  trials             random-search trials per model
  metric             selection metric: log_loss, auc, f1
  seed               random seed
  model_name         registered model that evaluate lists (default: every model)
  env                configuration overlay (default: Variable algotrader_env, else paper)
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.models.param import Param

from algo_trader_defaults import (
    DEFAULT_ARGS,
    RESEARCH_SCHEDULE,
    cli_task,
    env_param,
    list_option,
    option,
    sla_args,
)


def optional(kind, description, **schema):
    return Param(None, type=["null", kind], description=description, **schema)


with DAG(
    dag_id="research_weekly",
    description="auto-train + promotion rule -> evaluate (MLflow registry champion)",
    schedule=RESEARCH_SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    # SLA misses are only checked for scheduled runs: none when the schedule Variable is empty
    default_args={**DEFAULT_ARGS, **sla_args(RESEARCH_SCHEDULE, timedelta(hours=6))},
    params={
        "symbol": optional("string", "symbol to train on, e.g. BTC/USD"),
        "interval": optional("string", "bar interval, e.g. 1m"),
        "models": Param(
            [],
            type="array",
            items={"type": "string", "enum": ["rf", "gbt"]},
            description="model families to search; empty = algotrader.research.search.models",
        ),
        "trials": optional("integer", "random-search trials per model", minimum=1),
        "metric": optional(
            "string", "selection metric", enum=[None, "log_loss", "auc", "f1"]
        ),
        "seed": optional("integer", "random seed"),
        "model_name": optional("string", "registered model evaluate lists; empty = all"),
        "env": env_param(),
    },
    tags=["algo-trader", "research"],
) as dag:
    auto_train = cli_task(
        "auto_train",
        [
            "auto-train",
            option("--symbol", "params.symbol"),
            option("--interval", "params.interval"),
            list_option("--models", "params.models"),
            option("--trials", "params.trials"),
            option("--metric", "params.metric"),
            option("--seed", "params.seed"),
        ],
        name="algo-trader-auto-train",
        execution_timeout=timedelta(hours=4),
    )
    evaluate = cli_task(
        "evaluate",
        ["models", option("--model", "params.model_name")],
        name="algo-trader-evaluate",
        execution_timeout=timedelta(hours=1),
    )
    auto_train >> evaluate
