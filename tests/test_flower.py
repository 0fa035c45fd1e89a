"Integration tests of the Flower engine through the command line: a real CIFAR-10 subset, 3 SuperNodes, 2 rounds."
import json, subprocess, sys, tomllib
from pathlib import Path
import pandas as pd
import pytest
import torch

pytest.importorskip('flwr', reason="the Flower engine needs the flower extra: pip install 'noisenb[flower]'")
NOISENB = [sys.executable, '-m', 'noisenb.cli']
APP = Path(__file__).resolve().parents[1]/'flower'

def test_flower_app_is_valid_and_its_run_config_is_every_field_at_its_default():
    from flwr.common.config import validate_config
    from noisenb.fed import FedConfig
    from noisenb.experiment import Experiment
    from noisenb.flower import read_run_config, RUN_CONFIG_KEYS
    app = tomllib.loads((APP/'pyproject.toml').read_text())
    ok, errors, _ = validate_config(app, check_module=True, project_dir=APP)   # what `flwr run` checks
    assert ok, errors
    rc = app['tool']['flwr']['app']['config']   # flwr run accepts overrides only for keys listed here
    assert set(rc) == set(RUN_CONFIG_KEYS) | set(FedConfig.__dataclass_fields__)
    a = read_run_config(rc)
    assert a['cfg'] == FedConfig()
    exp = Experiment('fed', a['noise'], a['cfg'], a['data'])   # what the ServerApp runs by default
    assert (exp.setting, str(exp.noise), exp.data, a['data_root']) == ('fed', 'none:0', 'cifar10', None)

def test_flower_engine_matches_inprocess_on_real_cifar(tmp_path, cifar_root):
    args = ['--setting', 'fed', '--clients', '3', '--rounds', '2', '--n-per-class', '20', '--n-valid', '500',
            '--mechanism', 'gradient', '--sigma', '0.01', '--data-root', str(cifar_root), '--quiet']
    for engine in ('flower', 'inprocess'):
        r = subprocess.run([*NOISENB, 'run', '--out', str(tmp_path/engine), '--engine', engine, *args],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr[-3000:]
    hf, hi = (pd.read_csv(tmp_path/e/'history.csv') for e in ('flower', 'inprocess'))
    assert hf.columns.tolist() == hi.columns.tolist() and hf.step.tolist() == [1, 2]
    pd.testing.assert_frame_equal(hf.drop(columns='seconds'), hi.drop(columns='seconds'), atol=1e-4, rtol=1e-4)
    mf, mi = (json.loads((tmp_path/e/'metrics.json').read_text()) for e in ('flower', 'inprocess'))
    assert (mf['engine'], mi['engine']) == ('flower', 'inprocess')
    assert mf['client_sizes'] == mi['client_sizes'] and sum(mf['client_sizes']) == 200
    sf, si = (torch.load(tmp_path/e/'model.pt') for e in ('flower', 'inprocess'))
    for k in si: torch.testing.assert_close(sf[k], si[k], atol=1e-4, rtol=1e-4)
