#!/usr/bin/env bash
# Set up .venv, then run the main job: the study's decisive `study` preset on real CIFAR-10 (cnn2, 200 images per class
# without augmentation, 20 epochs; each mechanism at its calibrated levels, federated at the levels chosen on central
# validation, DP-SGD with its GroupNorm baseline; 5 seeds: 130 experiments, about 2 hours on 2 cores), then the
# paper sections on its results. Each finished experiment's records (never model weights) are committed to git as it
# finishes, so an interrupted run resumes where it stopped, also from a fresh clone: run this script again.
# Extra arguments go to `noisenb sweep` (e.g. --seeds 0 1 2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
out=results/study
noisenb data
noisenb sweep --preset study --jobs 2 --out "$out" --commit --quiet "$@"
noisenb paper --results "$out/results.csv" --out runs/study-paper
mkdir -p "$out/verdicts" && cp runs/study-paper/figures/verdicts.* "$out/verdicts/"
git add -- "$out/results.csv" "$out/histories.csv" "$out/verdicts"
git diff --cached --quiet -- "$out" || git commit -q -m "study: results, histories and verdicts of the study preset" -- "$out/results.csv" "$out/histories.csv" "$out/verdicts"
echo "verdicts: $out/verdicts/verdicts.md (evidence: $out/verdicts/verdicts.csv); paper sections: runs/study-paper/*.html"
