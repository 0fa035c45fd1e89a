#!/usr/bin/env bash
# The accelerator check (one H100, about 8 minutes): throughput against the reference loop, then cnn2 with hidden
# noise at each of the study's six sigmas, 20 epochs on the full training set (45,000 images), one seed.
#
# The accelerator starts bare and offline. From this machine, first:
#   mkdir -p .gpu/site && cp ../shared/data/cifar10-jpeg.tar.gz ../shared/data/rebuild_cifar10.py .gpu/
#   cp -r .venv/lib/python3*/site-packages/fastcore .gpu/site/   # pure Python, in case the bare machine lacks it
#   echo /.gpu/ >> .git/info/exclude
# then run `bash bench/gpu.sh` there with carry [".gpu"]; results land in $OUT (or bench/out).
# It needs only torch, torchvision, numpy, pandas, tqdm, fastcore (carried) and Pillow there; noisenb runs from the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONUNBUFFERED=1 PYTHONPATH="$PWD:$PWD/.gpu/site${PYTHONPATH:+:$PYTHONPATH}"
out=${OUT:-bench/out}; mkdir -p "$out"
py=${PYTHON:-python3}
nvidia-smi -L || true
"$py" -c "import torch, torchvision; print('torch', torch.__version__, 'torchvision', torchvision.__version__, 'cuda', torch.cuda.is_available())"
if [ -z "${NOISENB_DATA:-}" ]; then
  "$py" .gpu/rebuild_cifar10.py .gpu/cifar10-jpeg.tar.gz /tmp/cifar10 >&2
  export NOISENB_DATA=/tmp/cifar10
fi
# 1. throughput, side by side (RESULTS.md section written into the tree there; copied to $out)
(cd bench && "$py" throughput.py --device cuda --steps 300 --reps 2) | tee "$out/throughput.log"
cp bench/RESULTS.md "$out/RESULTS.md"
# 2. the sigma sweep of hidden noise, full data, 20 epochs each
for s in 0 0.1 0.3 0.5 0.7 0.9; do
  "$py" -m noisenb.cli run --out "$out/runs/hidden-$s" --model cnn2 --mechanism hidden --sigma "$s" --epochs 20 \
    --device cuda --quiet
done | tee "$out/sweep.log"
"$py" -c "import sys; from noisenb.sweep import collect; r, _ = collect(sys.argv[1]); print(r.reindex(columns=['mechanism', 'sigma', 'test_acc', 'test_loss', 'train_acc', 'mia_auc', 'images_per_second']).round(4).to_string(index=False))" "$out/runs" | tee "$out/summary.md"
