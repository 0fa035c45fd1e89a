"""Print a markdown table of the finished runs under a folder (each a `noisenb run` output with metrics.json).

Usage: python bench/summarize_runs.py RUNS_DIR
"""
import json, sys
from pathlib import Path
import pandas as pd

rows = [json.loads(f.read_text()) for f in sorted(Path(sys.argv[1]).glob('*/metrics.json'))]
if not rows: sys.exit(f'no finished runs (metrics.json) under {sys.argv[1]}')
df = pd.DataFrame(rows)[['setting', 'model', 'mechanism', 'sigma', 'seed', 'test_acc', 'test_loss', 'train_acc',
                          'seconds', 'images_per_second', 'device']].sort_values(['mechanism', 'sigma'])
fmt = lambda v: f'{v:.4g}' if isinstance(v, float) else str(v)
print('| ' + ' | '.join(df.columns) + ' |'); print('|' + ' --- |'*len(df.columns))
for r in df.itertuples(index=False): print('| ' + ' | '.join(fmt(v) for v in r) + ' |')
