"""Loading CIFAR-10 into memory: `noisenb.data.load_cifar10` against the plain reference (pickle + numpy, as torchvision's
CIFAR10 reads the same files), interleaved, in one run. Writes its section of bench/RESULTS.md.

    python bench/data_load.py [--reps 5]     # needs NOISENB_DATA
"""
import argparse, pickle, time
from pathlib import Path
import numpy as np
from common import machine, write_section
from noisenb.data import load_cifar10, data_root

def reference(root:Path):
    "What torchvision's CIFAR10 does: unpickle each batch, stack, reshape to (N, 32, 32, 3)."
    xs, ys = [], []
    for name in [f'data_batch_{i}' for i in range(1, 6)] + ['test_batch']:
        with open(root/'cifar-10-batches-py'/name, 'rb') as f: d = pickle.load(f, encoding='latin1')
        xs.append(d['data']); ys += d['labels']
    return np.vstack(xs).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), ys

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--reps', type=int, default=5); a = ap.parse_args()
    root = data_root(None)
    times = {'reference': [], 'noisenb': []}
    for _ in range(a.reps):   # interleaved, so that both see the same machine state
        t0 = time.perf_counter(); reference(root); times['reference'].append(time.perf_counter() - t0)
        t0 = time.perf_counter(); load_cifar10(root, download=False); times['noisenb'].append(time.perf_counter() - t0)
    med = {k: float(np.median(v)) for k, v in times.items()}
    rows = '\n'.join(f'| {k} | {med[k]:.3f} | {med[k]/med["reference"]:.2f} |' for k in times)
    write_section('Loading CIFAR-10', f"""`python bench/data_load.py --reps {a.reps}` on {machine()}: the 60,000 images from torchvision's pickled
batches into memory, median of {a.reps} interleaved repetitions. noisenb also validates every file and converts to
uint8 NCHW tensors; the target is to stay within 2x of the plain read (it was a timed test once: it is measured here).

| loader | median (s) | vs reference |
| --- | --- | --- |
{rows}""")
