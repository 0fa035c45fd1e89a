"""Where a committed sweep's time went: job-hours by part (training, validation, evaluation, attack, the rest), the
training share, and the wall time read from git (each point is committed as it finishes, `noisenb sweep --commit`).

    python scripts/run_costs.py results/study            # one grid
    python scripts/run_costs.py results/beyond/dpsgd     # one scope of `beyond`

Only the points this run trained count: the ones it copied in with `--reuse` were timed by another run. Wall time is
the span of each uninterrupted stretch of commits (a gap of more than `--gap` minutes is an interruption: the session
that ran it ended), plus the first point of each stretch, which finished before its stretch's first commit.
"""
import argparse, json, subprocess
from pathlib import Path
import pandas as pd

PARTS = ('time_train_s', 'time_valid_s', 'time_eval_s', 'time_attack_s', 'time_load_s')

def commits(folder:Path) -> pd.DataFrame:
    "`(time, point)` of each 'sweep NAME: POINT finished' commit since the grid's sweep.json was last committed."
    git = lambda *a: subprocess.run(['git', *a], capture_output=True, text=True, check=True, cwd=folder).stdout
    since = git('log', '-1', '--format=%at', '--', 'sweep.json').strip()
    if not since: raise SystemExit(f'{folder}/sweep.json was never committed: was this sweep run with --commit?')
    rows = [l.split('\t') for l in git('log', f'--since={since}', '--format=%at\t%s', '--', '.').splitlines()]
    pre = f'sweep {folder.name}: '
    rows = [(int(t), s[len(pre):-len(' finished')]) for t, s in rows if s.startswith(pre) and s.endswith(' finished')]
    return pd.DataFrame(rows, columns=['time', 'point']).sort_values('time')

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('folder', type=Path, help="a sweep's folder, committed with `noisenb sweep --commit`")
    ap.add_argument('--gap', type=float, default=30, help='minutes without a commit that count as an interruption (default 30)')
    a = ap.parse_args()
    c = commits(a.folder)
    if c.empty: raise SystemExit(f'no "sweep {a.folder.name}: ... finished" commit under {a.folder}')
    m = pd.DataFrame([dict(point=p, **{k: v for k, v in json.loads((a.folder/p/'metrics.json').read_text()).items() if k in PARTS},
                           time_point_s=json.loads((a.folder/p/'point.json').read_text())['time_point_s'])
                      for p in c.point if (a.folder/p/'metrics.json').is_file()])
    total = m.time_point_s.sum()
    cols = [k for k in PARTS if k in m]
    parts = {k[5:-2]: m[k].sum() for k in cols}
    parts['rest (kernel start, setup, writing)'] = total - sum(parts.values())
    stretch, took = (c.time.diff() > a.gap*60).cumsum(), m.set_index('point').time_point_s
    wall = sum(g.time.max() - g.time.min() + took.get(g.point.iloc[0], 0) for _, g in c.groupby(stretch))
    all_points = len(list(a.folder.glob('*/metrics.json')))
    print(f'{a.folder}: {len(m)} points trained by this run ({all_points - len(m)} more copied in with --reuse), '
          f'{stretch.max() + 1} stretch(es) of work')
    print(f'wall time: {wall/3600:.2f} h; job time: {total/3600:.2f} job-hours ({total/max(wall, 1):.2f} points at once on average)')
    for k, v in parts.items(): print(f'  {k:<36} {v/3600:6.2f} job-h  {v/total:6.1%}')
    resumed = m[m[cols].sum(axis=1) > m.time_point_s]
    if len(resumed): print(f'  ({len(resumed)} point(s) resumed from a checkpoint: their part timers include the work done before the '
                           f'interruption, which neither the wall time nor the job time counts, so "rest" comes out low or negative)')
    by = m.assign(setting=m.point.str.split('-').str[0]).groupby('setting')
    for s, g in by: print(f'  {s}: {len(g)} points, training {g.time_train_s.sum()/g.time_point_s.sum():.1%} of their time, '
                          f'median point {g.time_point_s.median():.0f} s')

if __name__ == '__main__': main()
