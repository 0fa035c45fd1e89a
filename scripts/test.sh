#!/usr/bin/env bash
# Set up .venv, then run every notebook (nbdev-test) and the integration tests (pytest).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
echo "== nbdev-test: every notebook in nbs/" >&2
nbdev-test --n-workers 2
echo "== pytest: tests/" >&2
python -m pytest tests -q "$@"
