#!/usr/bin/env bash
# The calibration pilot of the study's third edition (STUDY.md sections 3 and 6), on real CIFAR-10, cnn2 at the study's
# regime (100 images per class, 20 epochs, no augmentation, 5,000 validation images), into results/study/pilot/:
#   grid/       one seed, every mechanism over the paper's grid 0.1..0.9, hidden + {0.02, 0.05}, gradient + {1.5, 3},
#               then sigma 1.5, 3, 10, 30, one at a time, for each mechanism whose validation PoS has not fallen
#               below 0.5 by its last level
#   gaussian/   label noise's Gaussian variant (projected onto the simplex) over the grid, extended like the others
#   timing/     cnn1 and cnn3 clean, and DP-SGD (noise multiplier 1) with its GroupNorm baseline, 2 epochs each:
#               what a pass costs, for the `beyond` estimate
#   double-*/   the doubling test on 3 seeds: the clean model at 20 against 40 epochs, and the clean federation at R
#               against 2R rounds for the smallest R of 20, 30, 40 that passes
# Every point's records are committed as it finishes (--commit): interrupted, it resumes from a fresh clone.
# Then it writes calibration.csv/png, doubling.csv and the dry-run estimates beside them (about an hour on 2 cores).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
p=results/study/pilot
run() { noisenb sweep --jobs 2 --quiet --commit "$@"; }
run --preset pilot --out $p/grid
for s in 1.5 3 10 30; do   # one level at a time, for the mechanisms whose validation PoS is still above 0.5 (flips stop at 1)
  extend=$(python -c "import sys; from noisenb.report import load_study, calibration; c = calibration(load_study(sys.argv[1])[0]); print(' '.join(c[c.extend & c.mechanism.ne('label')].mechanism))" $p/grid/results.csv)
  [ -n "$extend" ] || break
  echo "pilot: extending $extend to sigma $s" >&2
  run --preset pilot --out $p/grid --mechanisms $extend --sigmas 0 $s --levels --dpsgd-sigmas
done
reuse() { mkdir -p "$2"; [ -e "$2/$(basename "$1")" ] || cp -r "$1" "$2/"; }   # the same clean run, not trained twice
reuse $p/grid/central-cnn2-none-0-s0 $p/gaussian
run --preset pilot --out $p/gaussian --mechanisms label --variant gaussian --dpsgd-sigmas
for s in 1.5 3 10 30; do   # the projected Gaussian variant likewise: its sigma is no probability and may exceed 1
  python -c "import sys; from noisenb.report import load_study, calibration; sys.exit(0 if calibration(load_study(sys.argv[1])[0]).extend.any() else 1)" $p/gaussian/results.csv || break
  echo "pilot: extending label (gaussian) to sigma $s" >&2
  run --preset pilot --out $p/gaussian --mechanisms label --variant gaussian --sigmas 0 $s --levels --dpsgd-sigmas
done
reuse $p/grid/central-cnn2-none-0-s0 $p/double-e20
run --preset pilot --out $p/double-e20 --mechanisms --sigmas 0 --dpsgd-sigmas --seeds 0 1 2
run --preset pilot --out $p/double-e40 --mechanisms --sigmas 0 --dpsgd-sigmas --seeds 0 1 2 --epochs 40
for r in 20 30 40; do
  run --preset pilot --out $p/double-r$r --settings fed --mechanisms --sigmas 0 --dpsgd-sigmas --seeds 0 1 2 --rounds $r
  run --preset pilot --out $p/double-r$((2*r)) --settings fed --mechanisms --sigmas 0 --dpsgd-sigmas --seeds 0 1 2 --rounds $((2*r))
  if python -c "import sys, pandas as pd; from noisenb.report import doubling; d = doubling(*(pd.read_csv(f'{a}/results.csv') for a in sys.argv[1:]), 'fed'); print(d, file=sys.stderr); sys.exit(0 if d['met'] else 1)" $p/double-r$r $p/double-r$((2*r)); then break; fi
done
run --preset pilot --out $p/timing --models cnn1 cnn3 --mechanisms --sigmas 0 --dpsgd-sigmas --epochs 2
run --preset pilot --out $p/timing --mechanisms --sigmas --dpsgd-sigmas 1 --epochs 2
python scripts/pilot_report.py $p
