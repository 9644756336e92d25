#!/usr/bin/env bash
# Exports the tables the notebooks read (CSV) and runs every notebook headless to HTML.
# Output: $ALGOTRADER_EXPORT_DIR (default data/export): <table>.csv and <notebook>.html
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${ALGOTRADER_EXPORT_DIR:-$here/data/export}"
mkdir -p "$out"
"$here/scripts/install-test-deps.sh"
# one JVM for all tables; tables that do not exist yet are reported and skipped
"$here/bin/algo-trader" export silver/bars bronze/bars_rejected silver/features gold/labels \
  gold/predictions trading/equity trading/fills --format csv --out "$out" --skip-missing
ALGOTRADER_EXPORT_DIR="$out" /usr/bin/jupyter-nbconvert --to html --execute \
  --ExecutePreprocessor.timeout=600 --output-dir "$out" "$here"/notebooks/*.ipynb
echo "notebooks rendered to $out"
