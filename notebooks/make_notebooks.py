#!/usr/bin/python3
"""Writes the exploration notebooks (run once after editing this file: /usr/bin/python3 make_notebooks.py).

Each notebook reads the files `algo-trader export TABLE --format csv --out $ALGOTRADER_EXPORT_DIR/<table>.csv`
writes (table path with '/' replaced by '_', e.g. silver_bars.csv; .json lines files work too).
"""
import nbformat as nbf

SETUP = r'''%matplotlib inline
import os, pathlib
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

# Folder holding the exports: `make notebooks` writes them to data/export
EXPORT = pathlib.Path(os.environ.get("ALGOTRADER_EXPORT_DIR", "../data/export"))

def load(table):
    """One exported table as a DataFrame ('silver/bars' -> silver_bars.csv or .json)."""
    name = table.replace("/", "_")
    csv, js = EXPORT / (name + ".csv"), EXPORT / (name + ".json")
    if csv.exists():
        df = pd.read_csv(csv)
    elif js.exists():
        df = pd.read_json(js, lines=True)
    else:
        raise FileNotFoundError(
            f"{table} is not exported: run `bin/algo-trader export {table} --format csv --out {csv}`")
    if "ts" in df.columns:
        df["time"] = pd.to_datetime(df["ts"], unit="ms", utc=True)
    return df

def optional(table):
    try:
        return load(table)
    except FileNotFoundError as e:
        print(e)
        return None
'''

def notebook(title, intro, cells):
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbf.v4.new_markdown_cell("# " + title + "\n\n" + intro), nbf.v4.new_code_cell(SETUP)]
    for c in cells:
        nb.cells.append(nbf.v4.new_markdown_cell(c[1:]) if c.startswith("#") else nbf.v4.new_code_cell(c))
    return nb

data_quality = notebook(
    "Data quality: silver bars and rejected rows",
    "Bars per symbol, gaps, price and volume, and why rows were rejected at ingest.",
    [
        '''bars = load("silver/bars")
summary = bars.groupby(["symbol", "interval"]).agg(
    bars=("ts", "size"), first=("time", "min"), last=("time", "max"),
    gaps=("gap_before", "sum"))
summary''',
        '''# invariants of silver bars: no duplicates on the key, high >= low, prices positive
assert not bars.duplicated(["symbol", "interval", "ts"]).any(), "duplicate bars"
assert (bars["high"] >= bars["low"]).all(), "high < low"
assert (bars[["open", "high", "low", "close"]] > 0).all().all(), "non-positive price"
print("silver/bars invariants hold for", len(bars), "bars")''',
        '''fig, axes = plt.subplots(2, 1, figsize=(11, 6), sharex=True)
for (sym, itv), g in bars.groupby(["symbol", "interval"]):
    axes[0].plot(g["time"], g["close"], lw=0.8, label=f"{sym} {itv}")
    axes[1].plot(g["time"], g["volume"], lw=0.6, label=f"{sym} {itv}")
    gap = g[g["gap_before"].astype(bool)]
    axes[0].scatter(gap["time"], gap["close"], s=6, color="red", label=f"gap ({len(gap)})")
axes[0].set_ylabel("close"); axes[1].set_ylabel("volume"); axes[0].legend(loc="upper left")
axes[0].set_title("silver/bars: close (gaps in red) and volume")
plt.tight_layout(); plt.show()''',
        '''rejected = optional("bronze/bars_rejected")
if rejected is not None and len(rejected):
    counts = rejected["reason"].str.split(":").str[0].value_counts()
    ax = counts.plot.barh(figsize=(8, 3 + 0.25 * len(counts)), title="bronze/bars_rejected by reason")
    ax.set_xlabel("rows"); plt.tight_layout(); plt.show()
    display(rejected.head(10))
else:
    print("no rejected rows")''',
    ],
)

features_labels = notebook(
    "Features and labels",
    "Warm-up share, feature distributions and correlations, label balance and forward returns.",
    [
        '''features = load("silver/features")
labels = load("gold/labels")
key = ["symbol", "interval", "ts", "feature_set", "warm", "time"]
cols = [c for c in features.columns if c not in key and pd.api.types.is_numeric_dtype(features[c])]
print(features["feature_set"].unique(), len(cols), "features")
print("rows inside a warm-up:", int((~features["warm"].astype(bool)).sum()), "of", len(features))''',
        '''warm = features[features["warm"].astype(bool)]
n = len(cols); ncol = 4; nrow = int(np.ceil(n / ncol))
fig, axes = plt.subplots(nrow, ncol, figsize=(12, 2.2 * nrow))
for ax, c in zip(np.ravel(axes), cols):
    ax.hist(warm[c].dropna(), bins=50); ax.set_title(c, fontsize=8)
for ax in np.ravel(axes)[n:]:
    ax.axis("off")
fig.suptitle("feature distributions (warm rows)"); plt.tight_layout(); plt.show()''',
        '''corr = warm[cols].corr()
fig, ax = plt.subplots(figsize=(8, 7))
im = ax.imshow(corr, cmap="coolwarm", vmin=-1, vmax=1)
ax.set_xticks(range(n)); ax.set_xticklabels(cols, rotation=90, fontsize=7)
ax.set_yticks(range(n)); ax.set_yticklabels(cols, fontsize=7)
fig.colorbar(im); ax.set_title("feature correlation"); plt.tight_layout(); plt.show()''',
        '''fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
labels["direction"].value_counts().plot.bar(ax=axes[0], title="label classes")
axes[1].hist(labels["forward_log_return"], bins=80)
axes[1].set_title(f"forward log return (horizon {labels['horizon'].iloc[0]} bars)")
plt.tight_layout(); plt.show()
joined = warm.merge(labels, on=["symbol", "interval", "ts"])
print(len(joined), "warm rows with a label (the training set)")''',
    ],
)

model_eval = notebook(
    "Model evaluation",
    "Out-of-sample predictions against the labels: calibration, ROC/AUC, hit rate per fold.",
    [
        '''pred = load("gold/predictions")
labels = load("gold/labels")
df = pred.merge(labels, on=["symbol", "interval", "ts"])
df["up"] = (df["direction"] == "UP").astype(int)
print(len(df), "scored rows;", df.groupby(["model", "version"]).size().to_dict())''',
        '''def auc(y, p):
    """Mann-Whitney AUC (ties count half)."""
    r = pd.Series(p).rank().to_numpy(); pos = y == 1
    npos, nneg = pos.sum(), (~pos).sum()
    return (r[pos].sum() - npos * (npos + 1) / 2) / (npos * nneg) if npos and nneg else float("nan")

rows = []
for (m, v, fold), g in df.groupby(["model", "version", "fold"]):
    y, p = g["up"].to_numpy(), g["probability_up"].to_numpy()
    rows.append({"model": m, "version": v, "fold": fold, "rows": len(g), "auc": auc(y, p),
                 "hit_rate": ((p > 0.5).astype(int) == y).mean()})
scores = pd.DataFrame(rows); scores''',
        '''fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for (m, v), g in df.groupby(["model", "version"]):
    bins = pd.cut(g["probability_up"], np.linspace(0, 1, 11))
    cal = g.groupby(bins, observed=True).agg(p=("probability_up", "mean"), y=("up", "mean"))
    axes[0].plot(cal["p"], cal["y"], marker="o", label=f"{m} v{v}")
    order = np.argsort(-g["probability_up"].to_numpy()); y = g["up"].to_numpy()[order]
    tpr = np.cumsum(y) / max(y.sum(), 1); fpr = np.cumsum(1 - y) / max((1 - y).sum(), 1)
    axes[1].plot(fpr, tpr, label=f"{m} v{v} AUC={auc(g['up'].to_numpy(), g['probability_up'].to_numpy()):.3f}")
axes[0].plot([0, 1], [0, 1], "k--", lw=0.8); axes[0].set_title("calibration")
axes[0].set_xlabel("predicted P(up)"); axes[0].set_ylabel("observed share up")
axes[1].plot([0, 1], [0, 1], "k--", lw=0.8); axes[1].set_title("ROC")
for ax in axes: ax.legend(fontsize=7)
plt.tight_layout(); plt.show()''',
    ],
)

backtest = notebook(
    "Backtest equity",
    "Equity curve, drawdown and trades of each run in trading/equity and trading/fills.",
    [
        '''equity = load("trading/equity")
fills = optional("trading/fills")
def stats(g):
    e = g.sort_values("ts")["equity"].to_numpy()
    r = np.diff(e) / e[:-1]
    dd = e / np.maximum.accumulate(e) - 1
    periods = 365 * 24 * 60 / max(1, (g["ts"].diff().median() or 60000) / 60000)
    return pd.Series({"start": e[0], "end": e[-1], "return": e[-1] / e[0] - 1,
                      "max_drawdown": dd.min(),
                      "sharpe": (r.mean() / r.std() * np.sqrt(periods)) if r.std() > 0 else float("nan")})
equity.groupby("run_id").apply(stats)''',
        '''fig, axes = plt.subplots(2, 1, figsize=(11, 6), sharex=True)
for run, g in equity.groupby("run_id"):
    g = g.sort_values("time")
    axes[0].plot(g["time"], g["equity"], lw=0.9, label=run)
    axes[1].fill_between(g["time"], g["equity"] / g["equity"].cummax() - 1, 0, alpha=0.4, label=run)
if fills is not None and len(fills):
    for run, f in fills.groupby("run_id"):
        e = equity[equity["run_id"] == run].set_index("ts")["equity"]
        at = f[f["ts"].isin(e.index)]
        axes[0].scatter(at["time"], e.loc[at["ts"]], s=8, marker="|", color="k")
axes[0].set_ylabel("equity"); axes[0].legend(fontsize=7); axes[0].set_title("equity (fills marked)")
axes[1].set_ylabel("drawdown"); plt.tight_layout(); plt.show()''',
    ],
)

for name, nb in [("01_data_quality", data_quality), ("02_features_and_labels", features_labels),
                 ("03_model_evaluation", model_eval), ("04_backtest_equity", backtest)]:
    nbf.write(nb, name + ".ipynb")
    print("wrote", name + ".ipynb")
