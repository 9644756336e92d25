#!/usr/bin/env bash
# `make bench-scale`: the Data Steward and the research steps at scale, through the CLI as a user runs
# them. Generates SYMBOLS × BARS synthetic 1-minute bars (+ one more day per symbol), then times
# ingest → features → labels → train → backtest on a fresh home, then the one-day incremental
# ingest → features → labels as three commands, then the next day as one `refresh` (the same three
# jobs in one Spark application), and prints each step's wall time, rows/s and peak RSS, and the
# ratio of each incremental day to the full run (goal ≤ 5%).
#   SYMBOLS=2 BARS=1000000 DAY=1440 BENCH_DIR=/tmp/algo-trader-bench-scale scripts/bench-scale.sh
# DATA_ONLY=1 skips train and backtest. CPU seconds (user + sys) are printed beside the wall time:
# on a shared machine they say more than the wall time about the work a step does.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
symbols="${SYMBOLS:-2}"
bars="${BARS:-1000000}"
day="${DAY:-1440}"
dir="${BENCH_DIR:-${TMPDIR:-/tmp}/algo-trader-bench-scale}"
cli="$here/bin/algo-trader"
cp_dir="$here/control-plane/target"

# the generated input is kept for the next run of the same size; the home is always fresh
input="$dir/input-${symbols}x${bars}+${day}"
rm -rf "$dir/home" && mkdir -p "$dir/home"
if [[ ! -f "$input/day2.csv" ]]; then
  rm -rf "$input"
  java -cp "$cp_dir/control-plane.jar:$cp_dir/lib/*" dev.algotrader.batch.bench.ScaleData \
    "$input.tmp" "$symbols" "$bars" "$day"
  mv "$input.tmp" "$input"
fi
# more than two symbols: the others must be known to ingest
conf="$dir/bench.conf"
{
  printf 'algotrader.ingest.symbols = ['
  for ((i = 0; i < symbols; i++)); do
    case $i in 0) s="BTC/USD" ;; 1) s="ETH/USD" ;; *) s=$(printf 'SYM%03d/USD' "$i") ;; esac
    ((i > 0)) && printf ', '
    printf '"%s"' "$s"
  done
  printf ']\n'
} >"$conf"
export ALGOTRADER_HOME="$dir/home" ALGOTRADER_PROGRESS=lines
load="$(cut -d' ' -f1-3 /proc/loadavg)"

declare -A wall rows
results=()
# run NAME ROWS_WORD -- COMMAND...: time one CLI command; rows = the summary's "N in" (or out)
run() {
  local name="$1"
  shift
  local log="$dir/$name.log"
  /usr/bin/time -f '%e %M %U %S' -o "$dir/$name.time" "$cli" --config "$conf" "$@" >"$log" 2>&1 || {
    echo "step $name failed: $cli $* (log: $log)" >&2
    tail -20 "$log" >&2
    exit 1
  }
  local t rss n usr sys cpu
  read -r t rss usr sys <"$dir/$name.time"
  cpu="$(awk -v u="$usr" -v s="$sys" 'BEGIN{printf "%.0f", u+s}')"
  # the (first) job summary line: "<job>: 1,234 in, 1,200 out, ..." (refresh: the ingest's)
  n="$(grep -oE '^[a-z-]+: [0-9,]+ in' "$log" | head -1 | grep -oE '[0-9,]+' | tr -d ',' || true)"
  wall[$name]="$t"
  rows[$name]="${n:-0}"
  local rate="-"
  [[ -n "$n" && "$n" != 0 ]] && rate="$(awk -v n="$n" -v t="$t" 'BEGIN{printf "%\047.0f", n/t}')"
  results+=("$(printf '%-14s %8s s wall %6s s cpu %12s rows %10s rows/s %6s MB peak RSS' "$name" "$t" "$cpu" "$(printf "%'d" "${n:-0}")" "$rate" "$((rss / 1024))")")
  echo "${results[-1]}"
}

echo "bench-scale: $symbols symbols × $bars bars (+ $day incremental), home $dir/home, load average $load"
run ingest ingest --source csv-bars --path "$input/full.csv"
run features features
run labels labels
if [[ -z "${DATA_ONLY:-}" ]]; then
  run train train
  run backtest backtest --strategy sma-cross
fi
run day-ingest ingest --source csv-bars --path "$input/day.csv"
run day-features features
run day-labels labels
# the next day in one command: ingest, features and labels share one JVM and Spark start-up
run day2-refresh refresh --source csv-bars --path "$input/day2.csv"
# the fixed cost of a command (JVM, Spark start-up, Delta log reads): features with nothing to do,
# which also shows that nothing is written (no new Delta version)
run noop-features features

full="$(awk -v a="${wall[ingest]}" -v b="${wall[features]}" -v c="${wall[labels]}" 'BEGIN{print a+b+c}')"
inc="$(awk -v a="${wall[day-ingest]}" -v b="${wall[day-features]}" -v c="${wall[day-labels]}" 'BEGIN{print a+b+c}')"
echo
echo "bench-scale summary ($symbols × $bars bars, load average at start $load, at end $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${results[@]}"
awk -v f="$full" -v i="$inc" 'BEGIN{printf "ingest+features+labels: full %.1f s, one-day incremental %.1f s = %.1f%% of the full run (goal <= 5%%)\n", f, i, 100*i/f}'
awk -v f="$full" -v i="${wall[day2-refresh]}" 'BEGIN{printf "the next day as one refresh command: %.1f s = %.1f%% of the full run\n", i, 100*i/f}'
awk -v f="$full" -v i="$inc" -v z="${wall[noop-features]}" 'BEGIN{printf "less the fixed cost of a command (a no-op features run, %.1f s, x 3): full %.1f s, incremental %.1f s = %.1f%%\n", z, f-3*z, i-3*z, 100*(i-3*z)/(f-3*z)}'
