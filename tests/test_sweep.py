"The sweep command: the smoke preset end to end, a kill -9 in the middle of a sweep followed by a rerun, and the study preset's reruns."
import os, signal, subprocess, sys, time
from pathlib import Path
import pandas as pd
from noisenb.sweep import timing_columns

NOISENB = [sys.executable, '-m', 'noisenb.cli']
KEYS = ['setting', 'model', 'mechanism', 'sigma', 'seed']

def finished(root): return sorted(p.parent.name for p in Path(root).glob('*/metrics.json'))

def test_smoke_sweep_killed_then_rerun_loses_nothing(tmp_path):
    # the reference runs in-process with as many threads as each of the 2 parallel kernels below (cpu_count // jobs):
    # CPU float reductions depend on the thread count in their last bits
    ref = subprocess.run([*NOISENB, 'sweep', '--preset', 'smoke', '--out', str(tmp_path/'ref'), '--engine', 'inprocess',
                          '--quiet'], capture_output=True, text=True,
                         env={**os.environ, 'OMP_NUM_THREADS': str(max(1, (os.cpu_count() or 1)//2))})
    assert ref.returncode == 0, ref.stderr
    out = tmp_path/'killed'
    p = subprocess.Popen([*NOISENB, 'sweep', '--preset', 'smoke', '--out', str(out), '--jobs', '2', '--quiet'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    t0 = time.time()
    while len(finished(out)) < 2:   # let some points finish and others start, then kill the whole sweep
        assert p.poll() is None and time.time() - t0 < 600, 'the sweep ended before it could be killed'
        time.sleep(0.2)
    os.kill(p.pid, signal.SIGKILL); p.wait()   # the driver alone: its papermill children (and their kernels) die with it
    import psutil
    def left():   # papermill names the point's folder; its kernel works in it
        return [q for q in psutil.process_iter(['cmdline', 'cwd'])
                if str(out) in ' '.join(q.info['cmdline'] or []) or str(out) in (q.info['cwd'] or '')]
    t0 = time.time()
    while left():
        assert time.time() - t0 < 60, f'orphans of the killed sweep still run: {[q.info["cmdline"][:4] for q in left()]}'
        time.sleep(0.2)
    n_before = len(finished(out))
    assert 2 <= n_before < 6 and not (out/'results.csv').exists()
    r = subprocess.run([*NOISENB, 'sweep', '--preset', 'smoke', '--out', str(out), '--jobs', '2', '--quiet'],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert '6 experiments' in r.stdout
    res, want = pd.read_csv(out/'results.csv'), pd.read_csv(tmp_path/'ref'/'results.csv')
    assert len(res) == 6 and not res[KEYS].duplicated().any()
    # same numbers as an uninterrupted in-process sweep: engines and interruptions change nothing
    pd.testing.assert_frame_equal(res[KEYS + ['test_acc', 'test_loss']], want[KEYS + ['test_acc', 'test_loss']])
    pd.testing.assert_series_equal(res.mia_auc, want.mia_auc, check_exact=False, atol=2e-3)
    for d in out.iterdir():
        if d.is_dir():
            names = sorted(f.name for f in d.iterdir())
            assert names == ['experiment.ipynb', 'history.csv', 'metrics.json', 'model.pt', 'point.json'], (d.name, names)
    h = pd.read_csv(out/'histories.csv')
    assert len(h) == 6 and set(h.step) == {1}


def test_study_preset_reruns_to_the_same_table(tmp_path, cifar_root):
    # two points of the `study` preset (its regime: no augmentation, thinned validation, the attack, no weights kept),
    # on real CIFAR-10 but smaller, run twice the way scripts/main.sh runs them: the same seeds give the same table
    small = ['--seeds', '0', '--settings', 'central', '--mechanisms', 'hidden', '--levels', 'hidden:0.3', '--dpsgd-sigmas',
             '--n-per-class', '20', '--epochs', '4', '--n-valid', '200', '--quiet']
    tables = []
    for run in ('first', 'again'):
        r = subprocess.run([*NOISENB, 'sweep', '--preset', 'study', '--out', str(tmp_path/run), '--jobs', '2', *small],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        t = pd.read_csv(tmp_path/run/'results.csv')
        tables.append(t.drop(columns=timing_columns(t)))
        assert sorted(f.name for f in (tmp_path/run/'central-cnn2-none-0-s0').iterdir()) == [
            'experiment.ipynb', 'history.csv', 'metrics.json', 'point.json']   # no model.pt
    assert len(tables[0]) == 2 and tables[0].valid_acc.notna().all()
    pd.testing.assert_frame_equal(*tables)
