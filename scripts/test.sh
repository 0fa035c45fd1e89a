#!/usr/bin/env bash
# Set up .venv, then run every notebook (nbdev-test), build the docs site when Quarto is on PATH (nbdev-docs), and run
# the integration tests (pytest), printing the slowest of each.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
t0=$SECONDS
echo "== nbdev-test: every notebook in nbs/ (slowest first below)" >&2
# two notebooks at once on two cores: one torch thread each (at torch's default of one per core, the two oversubscribe
# the cores and 04_train, 05_fed and 06_privacy took 183 s instead of 68 s)
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} nbdev-test --n-workers 2 --timing
t1=$SECONDS
if command -v quarto >/dev/null 2>&1; then   # the docs site, as a reader gets it: tests/test_site.py reads _docs/
  echo "== nbdev-docs: the site, built by $(quarto --version 2>/dev/null | sed 's/^/Quarto /') into _docs/" >&2
  nbdev-docs 2>&1 | tee .docs-build.log >&2
  if grep -n -i -E '\bwarn(ing)?\b|\berror\b' .docs-build.log >&2; then echo "test.sh: the docs build warned (above)" >&2; exit 1; fi
else
  echo "== nbdev-docs: skipped, quarto is not on PATH (tests/test_site.py skips too); to build the site:" >&2
  echo '   eval "$(../shared/tools/quarto/build.sh ~/.cache/quarto-1.7.34)"' >&2
fi
t2=$SECONDS
echo "== pytest: tests/" >&2
python -m pytest tests -q --durations=12 "$@"
echo "== test.sh: nbdev-test $((t1 - t0)) s, docs $((t2 - t1)) s, pytest $((SECONDS - t2)) s, total $((SECONDS - t0)) s (setup excluded)" >&2
