#!/usr/bin/env python3
"""Checks the Airflow DAG folder with Airflow itself (DagBag) and prints, as JSON, each DAG's
settings, params, tasks and edges, and the command every task would run, rendered by Airflow's own
template engine: the full spark-submit command line of the Spark tasks (as SparkSubmitHook builds it
from the Spark connection) and the bash command of the others.

Usage: check_dags.py DAG_FOLDER [--conf DAG_ID=JSON]...
  Needs Airflow 2.x with the apache-spark provider importable, AIRFLOW_HOME with a metadata DB
  (Variables and the `spark_default` connection are read from it; AIRFLOW_VAR_<NAME> and
  AIRFLOW_CONN_SPARK_DEFAULT environment variables work too). Each DAG is rendered for a manual run
  with its default params ("rendered"); `--conf DAG_ID=JSON` renders that DAG a second time with
  JSON as the run's conf ("rendered_conf"), after validating it against the params as a trigger
  would. Exit 0 when the folder imports cleanly; 1 (import errors or an invalid conf, also on
  stderr); 2 on bad usage.
"""

import argparse
import copy
import json
import sys
from datetime import timedelta


def seconds(v):
    return v.total_seconds() if isinstance(v, timedelta) else v


def rendered_task(dag, task, conf):
    """Renders one task for an in-memory manual run (nothing is written to the metadata DB)."""
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils import timezone
    from airflow.utils.session import create_session
    from airflow.utils.types import DagRunType

    # rendering replaces the templates in the task object: render a copy
    dag = copy.deepcopy(dag)
    task = dag.get_task(task.task_id)
    now = timezone.utcnow()
    run = DagRun(
        dag_id=dag.dag_id,
        run_id="check_dags__render",
        execution_date=now,
        run_type=DagRunType.MANUAL,
        external_trigger=True,
        conf=conf or {},
        data_interval=dag.timetable.infer_manual_data_interval(run_after=now),
    )
    run.dag = dag
    ti = TaskInstance(task, run_id=run.run_id)
    ti.dag_run = run
    with create_session():
        ti.render_templates()
    t = ti.task
    out = {}
    if hasattr(t, "_get_hook") and hasattr(t, "application_args"):  # SparkSubmitOperator
        hook = t._get_hook()
        out["spark_submit"] = hook._build_spark_submit_command(t.application)
        out["application_args"] = list(t.application_args or [])
        out["name"] = t.name
    if hasattr(t, "bash_command"):
        out["bash_command"] = t.bash_command
        out["env"] = t.env
    return out


def describe(dag):
    tasks = {}
    for t in dag.tasks:
        tasks[t.task_id] = {
            "operator": type(t).__name__,
            "operator_bases": [c.__name__ for c in type(t).__mro__],
            "retries": t.retries,
            "sla": seconds(t.sla),
            "execution_timeout": seconds(t.execution_timeout),
        }
    edges = sorted([t.task_id, d] for t in dag.tasks for d in sorted(t.downstream_task_ids))
    params = {}
    for k in dag.params:
        p = dag.params.get_param(k)
        params[k] = {"default": p.value if p.has_value else None, "schema": p.schema}
    schedule = dag.timetable.summary if dag.timetable.can_be_scheduled else None
    return {
        "fileloc": dag.fileloc,
        "schedule": getattr(dag.timetable, "_expression", schedule),
        "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs,
        "dagrun_timeout": seconds(dag.dagrun_timeout),
        "tags": sorted(dag.tags),
        "params": params,
        "tasks": tasks,
        "edges": edges,
    }


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--conf", action="append", default=[], metavar="DAG_ID=JSON")
    args = ap.parse_args(argv)
    confs = {}
    for c in args.conf:
        dag_id, sep, text = c.partition("=")
        if not sep:
            ap.error("--conf wants DAG_ID=JSON, got " + c)
        try:
            confs[dag_id] = json.loads(text)
        except ValueError as e:
            ap.error("--conf %s: not JSON (%s)" % (dag_id, e))

    # Airflow's console log handler writes to sys.stdout: keep stdout for the JSON alone
    result, sys.stdout = sys.stdout, sys.stderr
    from airflow.exceptions import ParamValidationError
    from airflow.models import DagBag

    bag = DagBag(args.folder, include_examples=False)
    out = {"import_errors": dict(bag.import_errors), "dags": {}}
    status = 0
    for f, err in sorted(bag.import_errors.items()):
        print("import error in %s:\n%s" % (f, err), file=sys.stderr)
        status = 1
    for dag_id in sorted(bag.dags):
        dag = bag.dags[dag_id]
        d = describe(dag)
        d["rendered"] = {t.task_id: rendered_task(dag, t, None) for t in dag.tasks}
        if dag_id in confs:
            try:
                # what DAG.create_dagrun does with a trigger's conf
                params = copy.deepcopy(dag.params)
                params.update(confs[dag_id])
                params.validate()
            except ParamValidationError as e:
                print("conf for %s rejected: %s" % (dag_id, e), file=sys.stderr)
                d["conf_error"] = str(e)
                status = 1
            else:
                d["rendered_conf"] = {
                    t.task_id: rendered_task(dag, t, confs[dag_id]) for t in dag.tasks
                }
        out["dags"][dag_id] = d
    for dag_id in sorted(set(confs) - set(bag.dags)):
        print("--conf names an unknown DAG: " + dag_id, file=sys.stderr)
        status = 1
    json.dump(out, result, indent=1, sort_keys=True, default=str)
    result.write("\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
