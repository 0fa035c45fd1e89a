import os, pytest
from pathlib import Path

@pytest.fixture(scope='session')
def cifar_root():
    "The folder that holds real CIFAR-10; required in CI, skipped elsewhere when absent."
    root = os.environ.get('NOISENB_DATA')
    if root and (Path(root)/'cifar-10-batches-py').is_dir(): return Path(root)
    if os.environ.get('CI'): pytest.fail('CI must set NOISENB_DATA to a folder holding cifar-10-batches-py/')
    pytest.skip('real CIFAR-10 not available: set NOISENB_DATA')
