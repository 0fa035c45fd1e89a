"""Training-step cost of each noise mechanism at sigma 0.5 against the clean model (cnn2, batch 128, channels_last).

Usage: python bench/noise_overhead.py [--rounds 5] [--steps 4]
Steps of the six configurations are interleaved round by round, so a slow spell of the machine hits all of them;
the table reports the median step time of each and its ratio to the clean one.
"""
import argparse, statistics, time
import torch
from noisenb.data import synthetic_cifar, Batches
from noisenb.models import make_model
from noisenb.noise import NoiseSpec, NoiseInfuser
from noisenb.train import train_epoch, Meter
from noisenb.train import autocast_for
from common import machine, write_section

p = argparse.ArgumentParser(); p.add_argument('--rounds', type=int, default=5); p.add_argument('--steps', type=int, default=4)
p.add_argument('--device', default='cpu'); a = p.parse_args()
dev = torch.device(a.device); ac = autocast_for(dev)
data = synthetic_cifar(n_train=128*a.steps, n_test=10)
specs = ['none:0', 'input:0.5', 'hidden:0.5', 'weight:0.5', 'weight:0.5:absolute', 'gradient:0.5', 'gradient:0.5:absolute',
         'gradient:0.5:annealed',
         'label:0.5', 'label:0.5:flip']
runs = {}
for s in specs:
    m = make_model('cnn2', device=dev)
    opt = torch.optim.SGD(m.parameters(), lr=1e-4, momentum=0.9)
    runs[s] = (m, NoiseInfuser(NoiseSpec.parse(s), m), opt, Batches(data.x_train, data.y_train, 128, device=dev))
times = {s: [] for s in specs}
for r in range(a.rounds + 1):   # round 0 warms up
    for s in specs:
        m, inf, opt, b = runs[s]; m.train()
        for i, (x, y) in enumerate(b):
            if dev.type == 'cuda': torch.cuda.synchronize()
            t0 = time.perf_counter(); train_epoch(m, inf, opt, [(i, x, y)], lambda s: 1e-4, Meter(), ac)   # one step of the loop
            if dev.type == 'cuda': torch.cuda.synchronize()
            if r: times[s].append(time.perf_counter() - t0)
clean = statistics.median(times['none:0'])
target = {'weight': 1.25}
lines = ['| mechanism (sigma 0.5) | median step (ms) | vs clean | target | met |', '| --- | --- | --- | --- | --- |']
for s in specs:
    t = statistics.median(times[s]); mech = s.split(':')[0]; tgt = target.get(mech, 1.10)
    lines.append(f'| {s} | {t*1e3:.1f} | {t/clean:.3f} | <= {tgt:.2f} | {"yes" if mech == "none" or t/clean <= tgt else "NO"} |')
write_section('Noise overhead per training step', f"""
`python bench/noise_overhead.py --rounds {a.rounds} --steps {a.steps}` on {machine()}: cnn2, batch 128, channels_last,
fp32 on CPU; {a.rounds}x{a.steps} interleaved steps per configuration after a warm-up round.

""" + '\n'.join(lines))
