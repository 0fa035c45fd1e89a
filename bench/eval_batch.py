"""Evaluation batch size on this machine: `noisenb.train.evaluate` (inference mode) over the same images at several batch
sizes, interleaved, in one run; the default `eval_bs` should be the fastest. Writes its section of bench/RESULTS.md.

    python bench/eval_batch.py [--n 4000] [--reps 3] [--threads 1]     # needs NOISENB_DATA (real CIFAR-10)
"""
import argparse, time
import numpy as np, torch
from common import machine, write_section
from noisenb.data import load_cifar10, Batches
from noisenb.models import make_model
from noisenb.train import evaluate, eval_bs, pick_device, autocast_for

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=4000); ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--threads', type=int, default=1); a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dev = pick_device(); d = load_cifar10(download=False)
    m = make_model('cnn2', device=dev)
    sizes = [64, 128, 256, 512, 1024, 2048]
    bs = {s: Batches(d.x_test[:a.n], d.y_test[:a.n], s, shuffle=False, augment=False, device=dev) for s in sizes}
    ac = autocast_for(dev)   # the precision the runs evaluate in (bf16 autocast on CUDA and on CPUs with native bf16)
    for b in bs.values(): evaluate(m, b, ac)   # warm-up
    t = {s: [] for s in sizes}
    for _ in range(a.reps):
        for s, b in bs.items():
            if dev.type == 'cuda': torch.cuda.synchronize()
            t0 = time.perf_counter(); evaluate(m, b, ac)
            if dev.type == 'cuda': torch.cuda.synchronize()
            t[s].append(time.perf_counter() - t0)
    ips = {s: a.n/float(np.min(v)) for s, v in t.items()}
    best = max(ips, key=ips.get)
    rows = '\n'.join(f'| {s}{" (eval_bs)" if s == eval_bs(dev) else ""} | {ips[s]:.0f} | {ips[s]/ips[best]:.2f} |' for s in sizes)
    write_section(f'Evaluation batch size ({dev.type})', f"""`python bench/eval_batch.py --n {a.n} --reps {a.reps} --threads {a.threads}` on {machine()}: cnn2 in inference mode ({'bf16 autocast' if ac is not None else 'fp32'}) over
{a.n} test images, best of {a.reps} interleaved repetitions per batch size. On a CPU the largest batch is not the fastest
(its activations leave the cache); `eval_bs` picks {eval_bs(dev)} here, the fastest measured is {best}.

| batch | images/s | vs fastest |
| --- | --- | --- |
{rows}""")
