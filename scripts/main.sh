#!/usr/bin/env bash
# Set up .venv, then run the main job: check the data and train a one-epoch smoke model on a CIFAR-10 subset.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
noisenb data
noisenb run --setting central --model cnn2 --mechanism hidden --sigma 0.1 --epochs 1 --n-per-class 100 \
  --out runs/main-smoke "$@"
