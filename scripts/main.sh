#!/usr/bin/env bash
# Set up .venv, then run the main job: the study's `quick` grid on real CIFAR-10 (cnn2, 100 images per class, 6
# epochs/rounds, every mechanism at sigma 0.1, 0.5, 0.9, DP-SGD, 2 seeds: about an hour on 2 cores), then the paper sections.
# Rerunning resumes: finished experiments are skipped. Extra arguments go to `noisenb sweep` (e.g. --seeds 0 1 2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
noisenb data
noisenb sweep --preset quick --jobs 2 --out runs/quick "$@"
noisenb paper --results runs/quick/results.csv --out runs/quick/paper
