#!/usr/bin/env bash
# Create (or reuse) .venv in the repository and install noisenb with its dev extra into it.
# Sourced by main.sh and test.sh; safe to run again: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
py=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$py" -m venv .venv
stamp=.venv/.noisenb-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing noisenb[dev] into .venv (first time: a few minutes, torch is large)" >&2
  .venv/bin/python -m pip install -q --upgrade pip >&2 2>/dev/null || true
  .venv/bin/python -m pip install -q -e '.[dev]' >&2
  echo "$want" > "$stamp"
fi
# CIFAR-10: NOISENB_DATA wins; else, on this project's machines, build it from ../shared/data.
if [ -z "${NOISENB_DATA:-}" ] && [ -x ../shared/data/cifar10-root ]; then
  NOISENB_DATA="$(../shared/data/cifar10-root .venv/bin/python)"
  export NOISENB_DATA
fi
export PATH="$PWD/.venv/bin:$PATH"
