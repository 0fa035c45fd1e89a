#!/usr/bin/env python
"""Rerun some finished points of a committed sweep into a temporary folder and compare their results with the committed
ones (everything but timings): on the same machine, the same seeds must give the same table.

    python scripts/check_rerun.py results/study central-cnn2-none-0-s0 central-cnn2-hidden-0.3-s1 [--jobs 2]

Each point is rerun from its recorded parameters (the sweep's `sweep.json` and the point's name), with the same engine
(papermill) and as many threads as the sweep gave each job (run it with the sweep's --jobs on the same machine: CPU
float reductions depend on the thread count). Each point's metrics.json is compared with the committed one, exactly.
Exits 1 and prints the differing values if any differs.
"""
import argparse, json, os, sys, tempfile
from dataclasses import fields
from pathlib import Path
from noisenb.sweep import Sweep, grid, point_name, run_point, timing_columns

ap = argparse.ArgumentParser(); ap.add_argument('root'); ap.add_argument('points', nargs='+'); ap.add_argument('--jobs', type=int, default=2)
a = ap.parse_args()
root = Path(a.root)
cfg = json.loads((root/'sweep.json').read_text())
sw = Sweep(**{f.name: tuple(cfg[f.name]) if isinstance(cfg[f.name], list) else cfg[f.name] for f in fields(Sweep) if f.name in cfg})
chosen = {(p['model'], p['mechanism']): p['sigma'] for p in
          (json.loads(f.read_text()) for f in root.glob('fed-*/metrics.json')) if p['mechanism'] != 'none'}
by_name = {point_name(p): p for p in grid(sw, chosen)}
if missing := [n for n in a.points if n not in by_name or not (root/n/'metrics.json').exists()]:
    sys.exit(f'not finished points of {root}: {", ".join(missing)}')
threads = max(1, (os.cpu_count() or 1)//a.jobs) if a.jobs > 1 else 0   # what `sweep` gives each job
def flat(f:Path) -> dict:
    "A point's finished metrics (exact JSON, as committed), less its timings."
    m = json.loads(f.read_text())
    return {k: v for k, v in m.items() if not isinstance(v, (dict, list)) and k not in timing_columns(m)}
bad = []
with tempfile.TemporaryDirectory() as tmp:
    for n in a.points:
        p = by_name[n]
        run_point(p, Path(tmp), 'papermill', threads, save_model=False)   # as `sweep` runs a point, weights aside
        old, new = flat(root/n/'metrics.json'), flat(Path(tmp)/n/'metrics.json')
        diff = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k) and not (old.get(k) != old.get(k) and new.get(k) != new.get(k)))
        print(f'{n}: {len(old)} values compared (timings aside): ' + ('identical' if not diff else f'DIFFER in {diff}'))
        for k in diff: print(f'  {k}: committed {old.get(k)!r}, rerun {new.get(k)!r}')
        bad += diff
if bad: sys.exit(1)
print('the same seeds gave the same results')
