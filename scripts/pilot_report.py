"""Write the pilot's tables beside it: calibration (csv, png), the doubling tests, the cost of a run by kind, and the
dry-run estimates of the `study` and `beyond` presets priced from the pilot's own timers.

Usage: python scripts/pilot_report.py [results/study/pilot] [--jobs 2]   (scripts/pilot.sh runs it last)
"""
import argparse, subprocess, sys
from pathlib import Path
import pandas as pd
from noisenb.report import write_calibration, pilot_doubling
from noisenb.sweep import read_timers, scopes, estimate, pass_costs

p = argparse.ArgumentParser(); p.add_argument('folder', nargs='?', default='results/study/pilot'); p.add_argument('--jobs', type=int, default=2)
a = p.parse_args(); folder = Path(a.folder)
print(*write_calibration(folder), sep='\n')
d = pd.DataFrame(pilot_doubling(folder)); d.to_csv(folder/'doubling.csv', index=False); print(folder/'doubling.csv')
t = read_timers(folder)
kind = t.mechanism.where(~(t.mechanism.eq('dpsgd') & t.sigma.eq(0)), 'dpsgd baseline (GroupNorm)')
cols = ['time_point_s', 'time_train_s', 'time_valid_s', 'time_eval_s', 'time_attack_s']
cost = t.assign(kind=kind, passes=t.epochs_done.fillna(t.get('rounds_done', 0))).groupby(['setting', 'model', 'kind'])
cost = cost.agg(runs=('seed', 'size'), passes=('passes', 'median'), **{c: (c, 'mean') for c in cols}).reset_index()
cost['train_share'] = cost.time_train_s/cost.time_point_s
cost.round(3).to_csv(folder/'costs.csv', index=False); print(folder/'costs.csv')
rows = []
for name in ('study', 'beyond'):
    e = estimate(scopes(name), t, a.jobs); e.insert(0, 'preset', name); rows.append(e)
pd.concat(rows).round(3).to_csv(folder/'estimates.csv', index=False); print(folder/'estimates.csv')

def md(df, fmt='{:.3g}'):
    "A table as markdown, numbers to 3 significant digits."
    cell = lambda v: fmt.format(v) if isinstance(v, float) else str(v)
    return '\n'.join(['| ' + ' | '.join(df.columns) + ' |', '|' + ' --- |'*len(df.columns)] +
                     ['| ' + ' | '.join(cell(v) for v in r) + ' |' for r in df.itertuples(index=False)])
for f in ('calibration', 'doubling', 'costs', 'estimates'):
    print(f'\n### {f}\n\n' + md(pd.read_csv(folder/f'{f}.csv')))
