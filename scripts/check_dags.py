#!/usr/bin/env python3
"""Reads the Airflow DAG files without Airflow (Python's ast only) and prints, as JSON, each DAG's
tasks (operator, the command each runs, retries, SLA) and its dependency edges.

Usage: check_dags.py DAG_FOLDER  -> JSON on stdout; exit 1 with a message on anything it cannot read.

Understood constructs: module-level constants (also imported from algo_trader_defaults), list/tuple
literals, `+` on lists and strings, `*starred`, `cli_args(...)`, `" ".join([...])`, dict literals
and `{**a, "k": v}`, operator calls assigned to names, and dependency chains `a >> b >> c`
(also with lists).
"""

import ast
import re
import json
import sys
from pathlib import Path

HELPER_MODULE = "algo_trader_defaults"


class Unknown(Exception):
    pass


def evaluate(node, env):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        raise Unknown(node.id)
    if isinstance(node, (ast.List, ast.Tuple)):
        out = []
        for e in node.elts:
            if isinstance(e, ast.Starred):
                out.extend(evaluate(e.value, env))
            else:
                out.append(evaluate(e, env))
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return evaluate(node.left, env) + evaluate(node.right, env)
    if isinstance(node, ast.Dict):
        out = {}
        for k, v in zip(node.keys, node.values):
            if k is None:
                out.update(evaluate(v, env))
            else:
                out[evaluate(k, env)] = evaluate(v, env)
        return out
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Name) and f.id == "cli_args":
            return [evaluate(a, env) for a in node.args] + ["--env", env["ENV"]]
        if isinstance(f, ast.Attribute) and f.attr == "join" and isinstance(f.value, ast.Constant):
            return f.value.value.join(evaluate(node.args[0], env))
        if isinstance(f, ast.Name) and f.id == "timedelta":
            kw = {k.arg: evaluate(k.value, env) for k in node.keywords}
            return {"timedelta": kw}
        if isinstance(f, ast.Name) and f.id == "var":
            return evaluate(node.args[1], env)
        if isinstance(f, ast.Name) and f.id == "bool":
            return bool(evaluate(node.args[0], env))
    if isinstance(node, ast.IfExp):
        return evaluate(node.body, env) if evaluate(node.test, env) else evaluate(node.orelse, env)
    raise Unknown(ast.dump(node)[:80])


def constants(tree, env):
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            try:
                env[stmt.targets[0].id] = evaluate(stmt.value, env)
            except Unknown:
                pass
        if isinstance(stmt, ast.Try):
            constants(ast.Module(body=stmt.body, type_ignores=[]), env)
    return env


def chain(node, names):
    """Flattens `a >> b >> [c, d]` into a list of groups of task ids."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
        return chain(node.left, names) + chain(node.right, names)
    if isinstance(node, ast.Name):
        return [[names[node.id]]]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [[names[e.id] for e in node.elts]]
    raise Unknown("dependency " + ast.dump(node)[:80])


def read_dag(path, base_env):
    tree = ast.parse(path.read_text(), filename=str(path))
    env = constants(tree, dict(base_env))
    dags = []
    for stmt in ast.walk(tree):
        if not isinstance(stmt, ast.With):
            continue
        for item in stmt.items:
            call = item.context_expr
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "DAG"):
                continue
            kw = {k.arg: k.value for k in call.keywords}
            dag = {
                "file": path.name,
                "dag_id": evaluate(kw["dag_id"], env),
                "schedule": evaluate(kw["schedule"], env) if "schedule" in kw else None,
                "catchup": evaluate(kw["catchup"], env) if "catchup" in kw else None,
                "max_active_runs": evaluate(kw["max_active_runs"], env) if "max_active_runs" in kw else None,
                "default_args": evaluate(kw["default_args"], env) if "default_args" in kw else {},
                "tasks": {},
                "edges": [],
            }
            names = {}
            for s in stmt.body:
                if isinstance(s, ast.Assign) and isinstance(s.value, ast.Call):
                    op = s.value.func.id if isinstance(s.value.func, ast.Name) else None
                    if op is None or not op.endswith("Operator"):
                        continue
                    tkw = {k.arg: evaluate(k.value, env) for k in s.value.keywords}
                    task_id = tkw["task_id"]
                    names[s.targets[0].id] = task_id
                    task = {"operator": op, "retries": tkw.get("retries"), "sla": tkw.get("sla")}
                    if op == "SparkSubmitOperator":
                        task.update(
                            java_class=tkw.get("java_class"),
                            application=tkw.get("application"),
                            args=tkw.get("application_args", []),
                            conn_id=tkw.get("conn_id"),
                            env_vars=tkw.get("env_vars", {}),
                        )
                    elif op == "BashOperator":
                        cmd = tkw["bash_command"]
                        # a Jinja expression renders to one word: keep it one token
                        tokens = re.sub(r"\{\{.*?\}\}", "{{jinja}}", cmd).split()
                        cli = [i for i, t in enumerate(tokens) if t.endswith("/bin/algo-trader")]
                        task.update(bash_command=cmd, args=tokens[cli[0] + 1 :] if cli else None)
                    dag["tasks"][task_id] = task
                elif isinstance(s, ast.Expr) and isinstance(s.value, ast.BinOp):
                    groups = chain(s.value, names)
                    for a, b in zip(groups, groups[1:]):
                        dag["edges"] += [[x, y] for x in a for y in b]
            dags.append(dag)
    return dags


def main():
    folder = Path(sys.argv[1])
    helper = folder / (HELPER_MODULE + ".py")
    base_env = constants(ast.parse(helper.read_text()), {}) if helper.exists() else {}
    out = {}
    for f in sorted(folder.glob("*.py")):
        if f.stem == HELPER_MODULE:
            continue
        try:
            for dag in read_dag(f, base_env):
                out[dag["dag_id"]] = dag
        except (Unknown, KeyError, SyntaxError) as e:
            print("cannot read %s: %s" % (f, e), file=sys.stderr)
            return 1
    json.dump({"dags": out}, sys.stdout, indent=1, sort_keys=True, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
