"""`noisenb sweep --engine ray` on a two-node Ray cluster on this machine: the same table as the in-process engine, every
record written by the driver, and nothing lost or duplicated when the driver or a worker is killed with SIGKILL."""
import json, os, signal, socket, subprocess, sys, tempfile, time, shutil, warnings
from pathlib import Path
import pandas as pd
import pytest
from noisenb.sweep import timing_columns
from noisenb.cluster import point_folder

ray = pytest.importorskip('ray', reason="the ray engine needs Ray: pip install 'noisenb[flower]'")
psutil = pytest.importorskip('psutil')
NOISENB = [sys.executable, '-m', 'noisenb.cli']
SMOKE = ['sweep', '--preset', 'smoke', '--quiet']
POINTS = 6   # the smoke grid: central and fed, clean, hidden 0.5 and label 0.5
RAY = Path(sys.executable).parent/'ray'

def _same_tables(out:Path, ref:Path):
    "The sweep at `out` has the reference's results and histories, bit for bit, timings aside."
    for name in ('results.csv', 'histories.csv'):
        a, b = pd.read_csv(out/name), pd.read_csv(ref/name)
        pd.testing.assert_frame_equal(a.drop(columns=timing_columns(a)), b.drop(columns=timing_columns(b)))

def _points(out:Path) -> list[dict]:
    "Every point's `point.json`, checking that the driver wrote each point's records and nothing else."
    metas = []
    for d in sorted(p for p in out.iterdir() if p.is_dir()):
        assert sorted(f.name for f in d.iterdir()) == ['experiment.ipynb', 'history.csv', 'metrics.json', 'point.json'], d
        metas.append(json.loads((d/'point.json').read_text()))
    assert len(metas) == POINTS and all(m['engine'] == 'ray' for m in metas), metas
    return metas

def _forget(out:Path, shared=None):
    "Remove the folder the sweep's points ran in (this machine's temp folder: both nodes are here), passed or failed."
    if (out/'.ray-key').exists(): shutil.rmtree(point_folder((out/'.ray-key').read_text().strip(), shared), ignore_errors=True)

def _wait(cond, what:str, timeout:float=300):
    t0 = time.time()
    while not cond():
        assert time.time() - t0 < timeout, f'gave up after {timeout} s waiting for {what}'
        time.sleep(0.1)

@pytest.fixture(scope='module')
def reference(tmp_path_factory) -> Path:
    "The smoke sweep on the in-process engine, at one torch thread: what a point given one CPU by Ray computes with."
    out = tmp_path_factory.mktemp('inprocess')/'smoke'
    r = subprocess.run([*NOISENB, *SMOKE, '--engine', 'inprocess', '--out', str(out)], capture_output=True, text=True,
                       env=dict(os.environ, OMP_NUM_THREADS='1'))
    assert r.returncode == 0, r.stderr
    return out

@pytest.fixture(scope='module')
def cluster():
    "A two-node Ray cluster on this machine: `ray start --head` and a second `ray start --address`, one CPU and a temp dir each."
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    tmp = Path(tempfile.mkdtemp(prefix='nbray'))   # short: Ray's socket paths live under the temp dirs
    env = dict(os.environ, RAY_worker_niceness='0')
    common = ['--num-cpus', '1', '--disable-usage-stats', '--block']
    nodes = []
    def start(args, name):
        log = open(tmp/f'{name}.log', 'w')
        nodes.append(subprocess.Popen([str(RAY), 'start', *args, '--temp-dir', str(tmp/name), *common], stdout=log,
                                      stderr=subprocess.STDOUT, env=env, start_new_session=True))
        return tmp/f'{name}.log'
    try:
        head = start(['--head', '--port', str(port), '--include-dashboard', 'false'], 'head')
        _wait(lambda: 'Ray runtime started' in head.read_text() or nodes[0].poll() is not None, 'the head node')
        assert nodes[0].poll() is None, head.read_text()
        start(['--address', f'127.0.0.1:{port}'], 'worker')
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', FutureWarning)   # Ray's notice about GPU visibility in tasks
            ray.init(address=f'127.0.0.1:{port}', logging_level='ERROR')
        try: _wait(lambda: sum(n['Alive'] for n in ray.nodes()) == 2, 'the worker node to join')
        finally: ray.shutdown()
        yield f'127.0.0.1:{port}'
    finally:
        for p in nodes:   # each node's processes are in its own session: stop them all
            try: os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError: pass
        for p in nodes:
            try: p.wait(30)
            except subprocess.TimeoutExpired: os.killpg(p.pid, signal.SIGKILL); p.wait()
        shutil.rmtree(tmp, ignore_errors=True)

def sweep_cmd(out, address): return [*NOISENB, *SMOKE, '--engine', 'ray', '--address', address, '--out', str(out)]

def test_two_node_cluster_writes_every_record_and_matches_inprocess(tmp_path, cluster, reference):
    out = tmp_path/'smoke'
    try:
        r = subprocess.run(sweep_cmd(out, cluster), capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        metas = _points(out)
        assert len({m['node'] for m in metas}) == 2, 'the points did not run on both nodes'
        _same_tables(out, reference)
    finally: _forget(out)

def test_driver_killed_mid_sweep_then_rerun_loses_and_duplicates_nothing(tmp_path, cluster, reference):
    out = tmp_path/'smoke'
    try:
        driver = subprocess.Popen(sweep_cmd(out, cluster), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(lambda: any(out.glob('*/metrics.json')) or driver.poll() is not None, 'a first finished point')
        driver.send_signal(signal.SIGKILL); driver.wait()
        done = len(list(out.glob('*/metrics.json')))
        assert 1 <= done < POINTS, f'{done} points were finished when the driver was killed'
        r = subprocess.run(sweep_cmd(out, cluster), capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        _points(out)   # one folder per point, each complete
        res = pd.read_csv(out/'results.csv')
        assert len(res) == POINTS and not res[['setting', 'mechanism', 'sigma', 'seed']].duplicated().any()
        _same_tables(out, reference)
    finally: _forget(out)

def test_worker_killed_mid_point_is_retried_once_into_one_row(tmp_path, cluster, reference):
    out, shared = tmp_path/'smoke', tmp_path/'shared'   # the points run on a folder every node sees
    def busy_workers():   # Ray workers running a point: their papermill child has started
        found = []
        for p in psutil.process_iter(['cmdline']):
            try:
                if 'ray::ray_point' in ' '.join(p.info['cmdline'] or []) and p.children(): found.append(p)
            except psutil.Error: pass   # gone meanwhile
        return found
    def alive(procs):
        out = []
        for k in procs:
            try:
                if k.status() != psutil.STATUS_ZOMBIE: out.append(k)
            except psutil.Error: pass
        return out
    try:
        driver = subprocess.Popen([*sweep_cmd(out, cluster), '--shared-dir', str(shared)], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        victim = None
        while victim is None:   # a worker one second into its point (again, if that point finished meanwhile)
            _wait(lambda: busy_workers() or driver.poll() is not None, 'a worker running a point')
            assert driver.poll() is None, driver.stderr.read()
            time.sleep(1)
            if busy := busy_workers():
                victim = busy[0]
                try: kids = victim.children(recursive=True); victim.send_signal(signal.SIGKILL)
                except psutil.Error: victim = None
        _wait(lambda: not alive(kids), 'its papermill and kernel to die', 60)
        _, err = driver.communicate(timeout=600)
        assert driver.returncode == 0, err
        metas = _points(out)
        assert sorted(m['attempts'] for m in metas) == [1]*(POINTS - 1) + [2], metas   # the killed point ran twice, wrote once
        for m in metas:   # the weights stayed on the shared folder, beside the records the driver copied
            assert Path(m['folder']).parent.parent == shared and (Path(m['folder'])/'model.pt').exists(), m
        assert len(pd.read_csv(out/'results.csv')) == POINTS
        _same_tables(out, reference)
    finally: _forget(out, shared)
