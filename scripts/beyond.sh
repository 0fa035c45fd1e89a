#!/usr/bin/env bash
# Set up .venv, then run the `beyond` preset (STUDY.md section 7, issue "beyond the paper") on real CIFAR-10 at the main
# study's regime, one sweep per scope into results/beyond/<scope>/:
#   dpsgd      DP-SGD at noise multipliers 0.5, 1, 2 with its GroupNorm clean baseline (formal privacy against the SNR)
#   groupnorm  GroupNorm cnn2, clean and hidden 0.05, 0.1, 0.3 (claim 1 without BatchNorm)
#   augment    random crop (4-pixel padding) and flip: clean and hidden 0.02, 0.05, 0.1, 0.3
#   noniid     the federated clean model and each mechanism at its IID-chosen level (read from results/study), Dirichlet(0.3)
#   cnn1, cnn3 clean and hidden 0.1, 0.3 (the paper's other CNNs; 0.05 cut for the budget)
# in that order, cheapest first, so that an interrupted run has answered the most questions.
# Seeds 0-2 on every scope (cut from 5 for the 3-hour budget). It reads results/study/results.csv (the federated levels
# and the reference), so run scripts/main.sh first; never run both at once on 2 cores. Each finished point's records
# are committed as it finishes (--commit): interrupted, it resumes from a fresh clone. Then the paper sections.
# Extra arguments go to `noisenb sweep` (e.g. --dry-run to price it first).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
out=results/beyond
noisenb data
noisenb sweep --preset beyond --jobs 2 --out "$out" --commit --quiet "$@"
for a in "$@"; do [ "$a" = --dry-run ] && exit 0; done
noisenb paper --results results/study/results.csv --out runs/study-paper   # each scope's tables were committed as it ended
echo "beyond: $out/<scope>/results.csv; the paper's Beyond section: runs/study-paper/06_beyond.html"
