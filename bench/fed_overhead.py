"""Per-image cost of FedAvg (K clients x R rounds, 1 local epoch) against centralized training on the same images.

Usage: python bench/fed_overhead.py [--n-per-class 200] [--rounds 3] [--reps 2]   (synthetic CIFAR-shaped data)
Both see every training image R times (central: R epochs), evaluate the validation set once per epoch/round, and
skip per-round test evaluation, so the difference is FedAvg's own cost: per-round model copies, client setup and
averaging. Runs alternate `--reps` times; the best time of each counts.
"""
import argparse
from noisenb.data import synthetic_cifar
from noisenb.train import TrainConfig, train
from noisenb.fed import FedConfig, federated
from common import machine, write_section

p = argparse.ArgumentParser()
p.add_argument('--n-per-class', type=int, default=200); p.add_argument('--rounds', type=int, default=3)
p.add_argument('--clients', type=int, default=3); p.add_argument('--reps', type=int, default=2)
p.add_argument('--model', default='cnn2'); p.add_argument('--device', default=None)
a = p.parse_args()
data = synthetic_cifar(n_train=10*a.n_per_class + 500, n_test=100)
common = dict(model=a.model, n_valid=500, n_per_class=a.n_per_class, device=a.device, seed=0)
cen, fed = [], []
for r in range(a.reps):
    c = train(data, 'none:0', TrainConfig(epochs=a.rounds, **common), progress=False)
    f = federated(data, 'none:0', FedConfig(rounds=a.rounds, clients=a.clients, track_test=False, **common), progress=False)
    cen.append(c.metrics['seconds']); fed.append(f.metrics['seconds'])
    print(f'rep {r}: central {cen[-1]:.1f} s, fed {fed[-1]:.1f} s', flush=True)
C, F = min(cen), min(fed); n = 10*a.n_per_class*a.rounds
write_section(f'FedAvg overhead ({a.model})', f"""
`python bench/fed_overhead.py --n-per-class {a.n_per_class} --rounds {a.rounds} --reps {a.reps}` on {machine()}:
{10*a.n_per_class} training images, {a.clients} clients x {a.rounds} rounds x 1 local epoch against {a.rounds} centralized epochs
on the same images, validation every epoch/round, best of {a.reps} alternating reps.

| training | seconds | ms per image | vs central |
| --- | --- | --- | --- |
| centralized, {a.rounds} epochs | {C:.1f} | {C/n*1e3:.2f} | 1.00 |
| FedAvg, {a.clients} clients x {a.rounds} rounds | {F:.1f} | {F/n*1e3:.2f} | {F/C:.3f} |

Target: at most 10% overhead. {'Met' if F/C <= 1.10 else 'NOT met'}: {100*(F/C - 1):+.1f}%.
""")
