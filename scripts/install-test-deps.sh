#!/usr/bin/env bash
# Installs what the control-plane tests need besides Maven and Java, from Debian's packages:
# Jupyter nbconvert + an IPython kernel + pandas + matplotlib for the notebook test (they run with
# /usr/bin/python3, not a pyenv/venv python). Idempotent: does nothing when all are present.
set -euo pipefail
need=(jupyter-nbconvert python3-nbformat python3-ipykernel python3-pandas python3-matplotlib)
if [[ -x /usr/bin/jupyter-nbconvert ]] \
   && /usr/bin/python3 -c 'import nbformat, ipykernel, pandas, matplotlib' 2>/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-test-deps: no apt-get here; install ${need[*]} (or their equivalents) by hand" >&2
  exit 1
fi
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
