#!/usr/bin/env bash
# Installs what the tests need besides Maven and Java, from Debian's packages, for /usr/bin/python3
# (not a pyenv/venv python):
# - Jupyter nbconvert + an IPython kernel + pandas + matplotlib for the notebook test;
# - the Python modules of the MLflow service (`shared/services/mlflow`, when it is there), read from
#   the DEBS list of its own `start` script: some tests run MLflow's Python (`mlflow.pyfunc`) without
#   starting a server, and only `start` installs them otherwise (a fresh machine failed there).
# Idempotent: installs only what fails to import.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py=/usr/bin/python3
debs=()

# module:package pairs; the packages of the modules that do not import
pairs=("nbformat:python3-nbformat" "ipykernel:python3-ipykernel" "pandas:python3-pandas"
       "matplotlib:python3-matplotlib")
services="${ALGOTRADER_SERVICES_DIR:-}"
if [[ -z "$services" ]]; then
  d="$here"
  while true; do # the checkout's folder, then each folder above it
    [[ -x "$d/shared/services/mlflow/start" ]] && { services="$d/shared/services"; break; }
    [[ "$d" == / ]] && break
    d="$(dirname "$d")"
  done
fi
if [[ -n "$services" && -f "$services/mlflow/start" ]]; then
  while read -r pair; do
    [[ -n "$pair" ]] && pairs+=("$pair")
  done < <(sed -n '/^DEBS="/,/^"/p' "$services/mlflow/start" | grep -E '^[A-Za-z_.]+:[a-z0-9.+-]+$' || true)
fi
if [[ ! -x /usr/bin/jupyter-nbconvert ]]; then debs+=(jupyter-nbconvert); fi
for pair in "${pairs[@]}"; do
  mod="${pair%%:*}" deb="${pair#*:}"
  if [[ ! -x "$py" ]] || ! "$py" -c "import $mod" 2>/dev/null; then debs+=("$deb"); fi
done
[[ ${#debs[@]} -eq 0 ]] && exit 0
mapfile -t debs < <(printf '%s\n' "${debs[@]}" | sort -u)
if ! command -v apt-get >/dev/null; then
  echo "install-test-deps: no apt-get here; install ${debs[*]} (or their equivalents) by hand" >&2
  exit 1
fi
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "install-test-deps: installing ${debs[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${debs[@]}"
