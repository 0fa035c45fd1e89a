#!/usr/bin/env bash
# The calibration pilot of the study's second edition, on real CIFAR-10: cnn2, one seed, centralized, 200 images per
# class for 15 epochs (past underfitting), every mechanism over the grid; then sigma 1.5, 3, 10 and 30 for each
# mechanism whose PoS has not fallen below 0.5 by sigma 0.9. Resumable: rerun it after an interruption. Writes the
# pilot's tables, its calibration table and figure to results/study/pilot/ (about 45 minutes on 2 cores).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
out=${1:-runs/pilot}
noisenb sweep --preset pilot --jobs 2 --out "$out" --quiet
extend=$(python -c "import sys; from noisenb.report import load_study, calibration; c = calibration(load_study(sys.argv[1])[0]); print(' '.join(c[c.extend].mechanism))" "$out/results.csv")
if [ -n "$extend" ]; then
  echo "pilot: extending $extend to sigma 1.5, 3, 10, 30" >&2
  noisenb sweep --preset pilot --jobs 2 --out "$out" --quiet --mechanisms $extend --sigmas 1.5 3 10 30
fi
python -c "import sys; from noisenb.report import write_calibration; print(*write_calibration(sys.argv[1], sys.argv[2]), sep='\n')" "$out" results/study/pilot
