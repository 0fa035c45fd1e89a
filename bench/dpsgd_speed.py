"""DP-SGD's training step against a plain one on cnn2: noisenb's per-sample gradients against Opacus's hooks (before).

Usage: python bench/dpsgd_speed.py [--warmup 3] [--steps 20] [--threads N] [--device cpu]
Real CIFAR-10 (NOISENB_DATA), batch 128 (TrainConfig's), the same augmented channels_last batches for every
configuration, each step one call of `noisenb.train.train_epoch` (the loop every trainer uses). The configurations
alternate step by step (their order rotating), so a slow spell of a busy machine hits them all; the table reports each
one's median step and the ratio of medians to the two plain steps. DP-SGD's Poisson batches average 128 images: here
every step gets exactly 128, so that all configurations see the same images.

- plain, BatchNorm: a clean run's step (`noisenb.train.train`'s model and optimizer);
- plain, GroupNorm: the same with DP-SGD's model (`norm='group'`), without DP;
- DP-SGD, noisenb: `noisenb.privacy.dp_optimizer` as `train_dpsgd` uses it (noise multiplier 1, C 1, SNR measured);
- DP-SGD, Opacus hooks: the implementation it replaced, kept here as the reference for its cost: Opacus's
  `GradSampleModule` (ReLUs out of place) and `DPOptimizer`, channels_last as the runs had it.
"""
import argparse, os, statistics, time, warnings
import torch
import torch.nn as nn
from noisenb.data import load_cifar10, Batches
from noisenb.models import make_model
from noisenb.noise import NoiseSpec, NoiseInfuser
from noisenb.train import TrainConfig, train_epoch, epoch_steps, make_optimizer, Meter, autocast_for
from noisenb.privacy import dp_optimizer
from common import machine, write_section

p = argparse.ArgumentParser()
p.add_argument('--warmup', type=int, default=3); p.add_argument('--steps', type=int, default=20)
p.add_argument('--threads', type=int, default=torch.get_num_threads()); p.add_argument('--device', default='cpu')
a = p.parse_args()
torch.set_num_threads(a.threads)
dev = torch.device(a.device); ac = autocast_for(dev); cfg = TrainConfig()
data = load_cifar10(download=False)
n = cfg.bs*(a.warmup + a.steps)
batches = list(epoch_steps(Batches(data.x_train[:n], data.y_train[:n], cfg.bs, augment=True, seed=0, device=dev), 0))

def plain(norm):
    m = make_model('cnn2', norm=norm, seed=0, device=dev); gcfg = TrainConfig(norm=norm)
    return m, NoiseInfuser(NoiseSpec('none', 0), m), make_optimizer(m, gcfg)

def dp_noisenb():
    m = make_model('cnn2', norm='group', seed=0, device=dev)
    inf = NoiseInfuser(NoiseSpec('dpsgd', 1.0), m, dp_optimizer=True)
    psg, opt = dp_optimizer(m, TrainConfig(norm='group'), 1.0, 1.0, torch.Generator(device=dev).manual_seed(0), inf)
    return psg, inf, opt

def dp_opacus():
    import opacus
    m = make_model('cnn2', norm='group', seed=0, device=dev)
    for r in m.modules():
        if isinstance(r, nn.ReLU): r.inplace = False   # Opacus's backward hooks cannot see through in-place ops
    inf = NoiseInfuser(NoiseSpec('dpsgd', 1.0), m, dp_optimizer=True)
    gsm = opacus.GradSampleModule(m)
    opt = opacus.optimizers.DPOptimizer(make_optimizer(gsm, TrainConfig(norm='group')), noise_multiplier=1.0, max_grad_norm=1.0,
                                        expected_batch_size=cfg.bs, generator=torch.Generator(device=dev).manual_seed(0))
    add = opt.add_noise
    def add_noise():   # the injection-SNR measurement the old `measured_noise` attached
        add()
        if inf.measuring:
            for q in opt.params: s = q.summed_grad.detach(); inf.measure(s, q.grad.detach().view_as(s) - s)
    opt.add_noise = add_noise
    return gsm, inf, opt

configs = {'plain, BatchNorm cnn2': plain('batch'), 'plain, GroupNorm cnn2': plain('group'),
           'DP-SGD, noisenb (per-sample norms, book-keeping)': dp_noisenb(), 'DP-SGD, Opacus hooks (before)': dp_opacus()}
names = list(configs)
times = {k: [] for k in names}
load0 = os.getloadavg()
with warnings.catch_warnings():
    warnings.filterwarnings('ignore', 'Full backward hook is firing', UserWarning)
    for r, (step, x, y) in enumerate(batches):
        for k in names[r % len(names):] + names[:r % len(names)]:
            model, inf, opt = configs[k]
            if dev.type == 'cuda': torch.cuda.synchronize()
            t0 = time.perf_counter(); train_epoch(model, inf, opt, [(step, x, y)], lambda s: 0.01, Meter(), ac)
            if dev.type == 'cuda': torch.cuda.synchronize()
            if r >= a.warmup: times[k].append(time.perf_counter() - t0)
load1 = os.getloadavg()
med = {k: statistics.median(v) for k, v in times.items()}
bn, gn = med[names[0]], med[names[1]]
lines = ['| step | median (ms) | best (ms) | vs plain BatchNorm | vs plain GroupNorm |', '| --- | --- | --- | --- | --- |']
lines += [f'| {k} | {med[k]*1e3:.0f} | {min(times[k])*1e3:.0f} | {med[k]/bn:.2f} | {med[k]/gn:.2f} |' for k in names]
new, old = med[names[2]], med[names[3]]
met = new <= 3*bn and new <= 3*gn
write_section('DP-SGD step cost (cnn2)', f"""
`python bench/dpsgd_speed.py --warmup {a.warmup} --steps {a.steps} --threads {a.threads}{'' if a.device == 'cpu' else f' --device {a.device}'}` on {machine()};
{'bf16 autocast' if ac is not None else 'fp32'}; real CIFAR-10, batch 128, channels_last; {a.steps} timed steps per configuration after
{a.warmup} warm-up steps, the configurations alternating step by step. Load average (1 min) {load0[0]:.1f} before, {load1[0]:.1f} after
on {os.cpu_count()} CPUs: the machine was shared (a study sweep ran beside it), so the ratios carry over, the milliseconds do not.

""" + '\n'.join(lines) + f"""

Target: a DP-SGD step at most 3x a plain cnn2 step. {'Met' if met else 'NOT met'}: {new/bn:.2f}x the BatchNorm step
(a clean run's), {new/gn:.2f}x the GroupNorm one; the Opacus hooks it replaced took {old/bn:.2f}x and {old/gn:.2f}x
({old/new:.1f}x the new step).""")
