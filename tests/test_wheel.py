"An installed noisenb needs no source tree: a wheel, installed into a fresh venv outside the repository, runs a sweep and the paper."
import json, os, shutil, subprocess, sys, sysconfig
from pathlib import Path
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

def test_wheel_runs_sweep_and_paper_outside_the_repo(tmp_path):
    dist, venv, work, src = tmp_path/'dist', tmp_path/'venv', tmp_path/'work', tmp_path/'src'
    for p in ('noisenb', 'nbs', 'pyproject.toml', 'README.md', 'LICENSE'):   # build from a copy: no build/ left in the repo
        if (ROOT/p).is_dir(): shutil.copytree(ROOT/p, src/p, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
        elif (ROOT/p).exists(): src.mkdir(exist_ok=True); shutil.copy(ROOT/p, src/p)
    r = subprocess.run([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '--no-build-isolation', '-w', str(dist), str(src)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    wheel, = dist.glob('noisenb-*.whl')
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', str(venv)], check=True)
    py = venv/'bin'/'python'
    site = Path(subprocess.run([py, '-c', 'import sysconfig; print(sysconfig.get_path("purelib"))'], capture_output=True,
                               text=True, check=True).stdout.strip())
    # the heavy dependencies (torch, papermill, ...) come from this environment, after the venv's own site-packages;
    # noisenb itself comes only from the wheel (this environment's editable noisenb is a .pth finder, not read from here)
    (site/'deps.pth').write_text(sysconfig.get_path('purelib') + '\n')
    r = subprocess.run([sys.executable, '-m', 'pip', '--python', str(py), 'install', '-q', '--no-deps', str(wheel)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'VIRTUAL_ENV')}
    env['PATH'] = f'{venv/"bin"}{os.pathsep}{env["PATH"]}'
    where = subprocess.run([py, '-c', 'import noisenb, noisenb.core as c; print(noisenb.__file__); print(c.notebooks_dir())'],
                           cwd=work, env=env, capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    mod, nbs = where.stdout.split()
    assert Path(mod).is_relative_to(site) and Path(nbs) == site/'noisenb'/'notebooks', where.stdout   # not the repository's
    noisenb = shutil.which('noisenb', path=str(venv/'bin'))
    assert noisenb and Path(noisenb).parent == venv/'bin'
    r = subprocess.run([noisenb, 'sweep', '--preset', 'smoke', '--out', 'smoke', '--jobs', '2', '--quiet'], cwd=work, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    res = pd.read_csv(work/'smoke'/'results.csv')
    assert len(res) == 6 and res.finished.all(), res
    assert (work/'smoke'/'central-cnn2-hidden-0.5-s0'/'experiment.ipynb').exists()   # executed by papermill from the wheel
    r = subprocess.run([noisenb, 'paper', '--results', 'smoke/results.csv'], cwd=work, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    pages = sorted(p.name for p in (work/'smoke'/'paper').glob('*.html'))
    assert pages == ['01_centralized.html', '02_federated.html', '03_snr_pos_poa.html', '04_privacy.html', '05_verdicts.html', '06_beyond.html'], pages
    assert (work/'smoke'/'paper'/'figures'/'verdicts.md').exists()
