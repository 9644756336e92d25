#!/usr/bin/env bash
# make paper-kafka: the Kafka path end to end on the embedded defaults.
#   an embedded KRaft broker (child JVM on 127.0.0.1, data under data/paper-kafka/kafka)
#   → bars-feed (silver/bars → bars.<interval>) → paper-run --source kafka (Flink trader,
#   EXACTLY_ONCE to trader.*) → trader stop once its lag is 0 → trading-sink --once (trading/*)
#   → status (with the trader's lag per partition).
# The trader runs as run id paper-kafka with its own files (scripts/paper-kafka.conf); each run
# starts from a fresh broker and trader state. The broker stops when this script ends (also on
# Ctrl-C or an error); a second copy is refused while one runs. STRATEGY (default sma-cross) is
# what the trader trades (champion: the registry's champion).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="${ALGOTRADER_HOME:-$here}"
cli=("$here/bin/algo-trader" --config "$here/scripts/paper-kafka.conf")
demo="$home/data/paper-kafka"
strategy="${STRATEGY:-sma-cross}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classes="$here/kafka-broker/target/classes"
[[ -f "$classes/kafka-broker.classpath" ]] || { echo "run 'make build' first" >&2; exit 2; }

mkdir -p "$demo/kafka"
"$java_bin" -cp "$classes" dev.algotrader.kafka.broker.ServeMain "$demo/kafka" --fresh \
  >>"$demo/kafka/serve.out" 2>&1 &
broker=$!
trader=""
cleanup() {
  # stop the trader if it still runs, then the broker (SIGTERM: a clean broker shutdown)
  if [[ -n "$trader" ]]; then kill "$trader" 2>/dev/null || true; wait "$trader" 2>/dev/null || true; fi
  kill "$broker" 2>/dev/null || true
  wait "$broker" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 240); do
  [[ -s "$demo/kafka/bootstrap-servers" ]] && break
  if ! kill -0 "$broker" 2>/dev/null; then
    wait "$broker" || code=$?
    tail -n 3 "$demo/kafka/serve.out" >&2
    exit "${code:-1}"
  fi
  sleep 0.5
done
[[ -s "$demo/kafka/bootstrap-servers" ]] || { echo "the embedded Kafka did not start; see $demo/kafka" >&2; exit 1; }
export KAFKA_BOOTSTRAP_SERVERS="$(cat "$demo/kafka/bootstrap-servers")"
echo "== embedded Kafka on $KAFKA_BOOTSTRAP_SERVERS"
rm -rf "$demo/trader" "$demo/trading-sink"

if ! "${cli[@]}" status --json | python3 -c \
    'import json,sys; t={x["table"]:x for x in json.load(sys.stdin)["tables"]}; sys.exit(0 if t.get("silver/bars",{}).get("rows") else 1)'; then
  echo "== no silver/bars yet: ingest the sample data"
  "${cli[@]}" ingest
fi
echo "== bars-feed: silver/bars → bars.<interval>"
"${cli[@]}" bars-feed
echo "== paper-run --source kafka --strategy $strategy (until its lag is 0)"
"${cli[@]}" paper-run --source kafka --strategy "$strategy" &
trader=$!
lag_zero() {
  "${cli[@]}" status --json | python3 -c '
import json, sys
k = json.load(sys.stdin)["kafka"]
parts = k.get("partitions") or []
done = parts and k.get("total_lag") == 0 and all(p["committed"] is not None or p["end"] == 0 for p in parts)
sys.exit(0 if done else 1)'
}
until lag_zero; do
  kill -0 "$trader" 2>/dev/null || { wait "$trader"; trader=""; echo "the trader ended early" >&2; exit 1; }
  sleep 5
done
"${cli[@]}" trader stop --reason "paper-kafka: every bar consumed"
wait "$trader"
trader=""
echo "== trading-sink --once: trader.* → trading/*"
"${cli[@]}" trading-sink --once
"${cli[@]}" status
