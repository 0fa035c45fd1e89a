"Integration tests of the `noisenb` command: a real kill -9 and resume, real CIFAR-10 runs, and exit codes."
import json, os, signal, subprocess, sys, time
from pathlib import Path
import pandas as pd
import pytest, torch
from noisenb.data import load_cifar10
from noisenb.models import make_model
from noisenb.train import evaluate, eval_batches

NOISENB = [sys.executable, '-m', 'noisenb.cli']

def run(*args, **kw):
    return subprocess.run([*NOISENB, *args], capture_output=True, text=True, **kw)

SYN = ['--data', 'synthetic', '--n-valid', '200', '--bs', '64', '--quiet']

@pytest.mark.parametrize('setting,extra', [('central', ['--epochs', '4']), ('fed', ['--rounds', '4'])])
def test_kill_9_then_resume_matches_uninterrupted(tmp_path, setting, extra):
    args = ['--setting', setting, '--mechanism', 'hidden', '--sigma', '0.3', '--n-per-class', '60', *extra, *SYN]
    assert run('run', '--out', str(tmp_path/'whole'), *args).returncode == 0
    out = tmp_path/'killed'
    p = subprocess.Popen([*NOISENB, 'run', '--out', str(out), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while not (out/'checkpoint.pt').exists():   # wait for the first epoch/round to be saved, then kill -9
        assert p.poll() is None and time.time() - t0 < 300, 'the run ended before it could be killed'
        time.sleep(0.05)
    os.kill(p.pid, signal.SIGKILL); p.wait()
    assert not (out/'metrics.json').exists()
    r = run('run', '--out', str(out), *args)
    assert r.returncode == 0, r.stderr
    h1, h2 = (pd.read_csv(d/'history.csv').drop(columns='seconds') for d in (tmp_path/'whole', out))
    pd.testing.assert_frame_equal(h1, h2)
    m1, m2 = (json.loads((d/'metrics.json').read_text()) for d in (tmp_path/'whole', out))
    assert (m1['test_acc'], m1['mia_auc']) == (m2['test_acc'], m2['mia_auc'])
    assert not (out/'checkpoint.pt').exists()   # a finished run keeps metrics, history and model, not the checkpoint

def test_real_cifar_central_and_fed(tmp_path, cifar_root):
    cifar = load_cifar10(cifar_root, download=False)
    for setting, extra in (('central', ['--epochs', '1']), ('fed', ['--rounds', '1'])):
        r = run('run', '--out', str(tmp_path/setting), '--setting', setting, '--n-per-class', '20', '--n-valid', '500',
                '--mechanism', 'label', '--sigma', '0.1', '--data-root', str(cifar_root), '--quiet', *extra)
        assert r.returncode == 0, r.stderr
        m = json.loads((tmp_path/setting/'metrics.json').read_text())
        assert m['n_train'] == 200 and m['setting'] == setting and m['finished']
        # the reported test accuracy is the saved model's, evaluated again here
        model = make_model(m['config']['model'], 10, m['config']['norm'])
        model.load_state_dict(torch.load(tmp_path/setting/'model.pt'))
        loss, acc = evaluate(model, eval_batches(cifar.x_test, cifar.y_test, 'cpu'))
        assert abs(acc - m['test_acc']) <= 2/len(cifar.y_test) and abs(loss - m['test_loss']) < 1e-3, (acc, loss, m)
        h = pd.read_csv(tmp_path/setting/'history.csv')
        assert list(h.columns[:5]) == ['step', 'train_loss', 'train_acc', 'valid_loss', 'valid_acc']

def test_data_command(cifar_root):
    r = run('data', '--data-root', str(cifar_root))
    assert r.returncode == 0 and '50000 training and 10000 test images, 5000 per class' in r.stdout, r.stdout + r.stderr

def test_bad_arguments_exit_2_before_work(tmp_path):
    for args in (['--sigma', 'nan', '--mechanism', 'hidden'], ['--mechanism', 'label', '--sigma', '2', '--variant', 'flip'],
                 ['--rounds', '0', '--setting', 'fed'], ['--model', 'resnet18']):
        r = run('run', '--out', str(tmp_path/'x'), *args)
        assert r.returncode == 2 and 'error' in r.stderr, (args, r.stderr)
    assert not (tmp_path/'x').exists()

def test_missing_data_folder_is_named(tmp_path):
    r = run('run', '--out', str(tmp_path/'x'), '--data-root', str(tmp_path/'nowhere'), '--epochs', '1')
    assert r.returncode == 2 and 'nowhere' in r.stderr and 'NOISENB_DATA' in r.stderr, r.stderr
    assert not (tmp_path/'x').exists()   # a refused run writes nothing

def test_synthetic_defaults_work_and_bad_outputs_are_messages(tmp_path):
    # the synthetic set with every data option at its default (one epoch only to be quick): its validation set fits it
    r = run('run', '--out', str(tmp_path/'syn'), '--data', 'synthetic', '--epochs', '1', '--quiet')
    assert r.returncode == 0 and json.loads((tmp_path/'syn'/'metrics.json').read_text())['n_valid'] == 200, r.stderr
    (tmp_path/'file').write_text('x')
    r = run('run', '--out', str(tmp_path/'file'), '--data', 'synthetic', '--quiet')
    assert r.returncode == 2 and 'is a file, not a folder' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    assert (tmp_path/'file').read_text() == 'x' and sorted(p.name for p in tmp_path.iterdir()) == ['file', 'syn']
    r = run('run', '--out', str(tmp_path/'tpu'), '--device', 'tpu9', '--data', 'synthetic', '--quiet')
    assert r.returncode == 2 and 'noisenb: error: --device tpu9:' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    assert not (tmp_path/'tpu').exists()
    r = subprocess.run([*NOISENB, 'paper', '--results', str(tmp_path/'nope'/'results.csv')], capture_output=True, text=True)
    assert r.returncode == 1 and 'not found' in r.stderr and not (tmp_path/'nope').exists(), r.stderr

def test_paper_refuses_a_foreign_table_saying_what_is_missing(tmp_path):
    (tmp_path/'foreign').mkdir(); (tmp_path/'foreign'/'results.csv').write_text('a,b\n1,2\n')
    paper = [*NOISENB, 'paper', '--results', str(tmp_path/'foreign'/'results.csv'), '--out', str(tmp_path/'paper')]
    r = subprocess.run(paper, capture_output=True, text=True)
    assert r.returncode == 1 and 'histories.csv not found: a sweep writes it beside results.csv' in r.stderr, r.stderr
    (tmp_path/'foreign'/'histories.csv').write_text('a,b\n1,2\n')
    r = subprocess.run(paper, capture_output=True, text=True)
    assert r.returncode == 1 and "is not a sweep's results table: it lacks setting, model, mechanism" in r.stderr, r.stderr
    assert 'Traceback' not in r.stderr and not (tmp_path/'paper').exists()
    assert sorted(p.name for p in (tmp_path/'foreign').iterdir()) == ['histories.csv', 'results.csv']
