"""Training throughput of noisenb's loop against the plain PyTorch loop a user would write, side by side in one run.

Usage: python bench/throughput.py [--steps 25] [--reps 2] [--model cnn2]   (needs NOISENB_DATA: real CIFAR-10)
Reference: torchvision CIFAR10 + RandomCrop(32, 4) + RandomHorizontalFlip + ToTensor + Normalize, DataLoader with 2
workers, NCHW fp32. noisenb: `Batches` (tensor augmentation, no DataLoader) + channels_last + `train_epoch`, with
bf16 autocast where `autocast_for` turns it on (CUDA, or CPUs with AMX). Same model, batch size and optimizer.
The two loops alternate `--reps` times; each figure is the best rep (the least disturbed by other work).
"""
import itertools, argparse, time
import torch, torch.nn.functional as F, torchvision
import torchvision.transforms as T
from noisenb.data import load_cifar10, data_root, Batches, CIFAR10_MEAN, CIFAR10_STD
from noisenb.models import make_model
from noisenb.noise import NoiseSpec, NoiseInfuser
from noisenb.train import train_epoch, Meter
from noisenb.train import autocast_for, pick_device
from common import machine, write_section

p = argparse.ArgumentParser()
p.add_argument('--steps', type=int, default=25); p.add_argument('--reps', type=int, default=2)
p.add_argument('--model', default='cnn2'); p.add_argument('--bs', type=int, default=128); p.add_argument('--device', default=None)
a = p.parse_args()
dev = pick_device(a.device)

class CIFAR10NoMD5(torchvision.datasets.CIFAR10):
    "The JPEG-rebuilt copy fails torchvision's md5 list; the pixels are read all the same."
    def _check_integrity(self): return True

def sync():
    if dev.type == 'cuda': torch.cuda.synchronize()

def reference(steps):
    tf = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(CIFAR10_MEAN, CIFAR10_STD)])
    ds = CIFAR10NoMD5(str(data_root()), train=True, transform=tf, download=False)
    dl = torch.utils.data.DataLoader(ds, batch_size=a.bs, shuffle=True, num_workers=2, drop_last=True,
                                     pin_memory=dev.type == 'cuda', persistent_workers=False)
    m = make_model(a.model, device=dev, channels_last=False); m.train()
    opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
    it = iter(dl)
    for i in range(steps + 3):
        if i == 3: sync(); t0 = time.perf_counter()   # 3 warm-up steps (worker start, allocator)
        x, y = next(it); x, y = x.to(dev, non_blocking=True), y.to(dev, non_blocking=True)
        opt.zero_grad(); F.cross_entropy(m(x), y).backward(); opt.step()
    sync(); return steps*a.bs/(time.perf_counter() - t0)

def ours(steps, data):
    b = Batches(data.x_train[:a.bs*(steps + 3)], data.y_train[:a.bs*(steps + 3)], a.bs, device=dev, drop_last=True)
    m = make_model(a.model, device=dev); inf = NoiseInfuser(NoiseSpec(), m); m.train()
    opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9); ac = autocast_for(dev)
    it = ((i, x, y) for i, (x, y) in enumerate(b))   # batches drawn inside the clock, as the reference's DataLoader
    train_epoch(m, inf, opt, itertools.islice(it, 3), lambda s: 0.01, Meter(), ac)   # 3 warm-up steps
    sync(); t0 = time.perf_counter()
    train_epoch(m, inf, opt, it, lambda s: 0.01, Meter(), ac)
    sync(); return steps*a.bs/(time.perf_counter() - t0)

data = load_cifar10(download=False)
ref, our = [], []
for r in range(a.reps):
    ref.append(reference(a.steps)); our.append(ours(a.steps, data))
    print(f'rep {r}: reference {ref[-1]:.0f} img/s, noisenb {our[-1]:.0f} img/s', flush=True)
R, O = max(ref), max(our)
write_section(f'Training throughput ({a.model}, {dev.type})', f"""
`python bench/throughput.py --steps {a.steps} --reps {a.reps} --model {a.model}` on {machine()}; batch {a.bs}, real CIFAR-10,
{a.steps} timed steps after 3 warm-up steps, best of {a.reps} alternating reps (all reps: reference {', '.join(f'{v:.0f}' for v in ref)};
noisenb {', '.join(f'{v:.0f}' for v in our)} img/s).

| loop | images/s | vs reference |
| --- | --- | --- |
| reference: torchvision CIFAR10 + transforms + DataLoader(2 workers), NCHW fp32 | {R:.0f} | 1.00 |
| noisenb: tensor `Batches` + channels_last{' + bf16 autocast' if autocast_for(dev) else ' (fp32: no AMX here)'} | {O:.0f} | {O/R:.2f} |

Target: at least 2x the reference's images per second. {'Met' if O/R >= 2 else 'NOT met'}: {O/R:.2f}x.
""")
