#!/usr/bin/env bash
# Set up .venv, then run the main job: the study's decisive `study` preset (third edition) on real CIFAR-10: cnn2 on 100
# images per class without augmentation, 20 epochs, 5,000 validation images; centrally the clean model and every
# mechanism over the paper's whole grid (0.1 to 0.9), hidden also at 0.02 and 0.05, gradient at 1.5 and 3; federated
# (3 clients, 40 rounds) the clean model and each mechanism at 0.1, 0.3 and 0.5; 4 seeds, 184 experiments (hours:
# `noisenb sweep --preset study --jobs 2 --dry-run` prices them on this machine). Then the paper sections on its
# results. Each finished experiment's records (never model weights) are committed to git as it finishes, so an
# interrupted run resumes where it stopped, also from a fresh clone: run this script again.
# Extra arguments go to `noisenb sweep` (e.g. --seeds 4 to add a fifth seed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
out=results/study
noisenb data
# the pilot's central seed-0 points and clean federations at 40 rounds are this grid's own runs: copied in (checked), not rerun
noisenb sweep --preset study --jobs 2 --out "$out" --commit --quiet --reuse "$out/pilot/grid" "$out/pilot/double-r40" "$@"
noisenb paper --results "$out/results.csv" --out runs/study-paper
mkdir -p "$out/verdicts" && cp runs/study-paper/figures/verdicts.* "$out/verdicts/"
git add -- "$out/verdicts"   # the sweep committed results.csv and histories.csv when its grid was whole
git diff --cached --quiet -- "$out/verdicts" || git commit -q -m "study: verdicts of the study preset" -- "$out/verdicts"
echo "verdicts: $out/verdicts/verdicts.md (evidence: $out/verdicts/verdicts.csv); paper sections: runs/study-paper/*.html"
