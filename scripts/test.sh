#!/usr/bin/env bash
# Set up .venv, then run every notebook (nbdev-test) and the integration tests (pytest), printing the slowest of each.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
t0=$SECONDS
echo "== nbdev-test: every notebook in nbs/ (slowest first below)" >&2
# two notebooks at once on two cores: one torch thread each (at torch's default of one per core, the two oversubscribe
# the cores and 04_train, 05_fed and 06_privacy took 183 s instead of 68 s)
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} nbdev-test --n-workers 2 --timing
t1=$SECONDS
echo "== pytest: tests/" >&2
python -m pytest tests -q --durations=12 "$@"
echo "== test.sh: nbdev-test $((t1 - t0)) s, pytest $((SECONDS - t1)) s, total $((SECONDS - t0)) s (setup excluded)" >&2
