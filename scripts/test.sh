#!/usr/bin/env bash
# Set up .venv, then run every notebook (nbdev-test) and the integration tests (pytest), printing the slowest of each.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
t0=$SECONDS
echo "== nbdev-test: every notebook in nbs/ (slowest first below)" >&2
nbdev-test --n-workers 2 --timing
t1=$SECONDS
echo "== pytest: tests/" >&2
python -m pytest tests -q --durations=12 "$@"
echo "== test.sh: nbdev-test $((t1 - t0)) s, pytest $((SECONDS - t1)) s, total $((SECONDS - t0)) s (setup excluded)" >&2
