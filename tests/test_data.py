"Integration tests of noisenb.data on the real CIFAR-10 copy and on damaged copies of it."
import pickle, shutil
import numpy as np
import pytest, torch
from noisenb.data import load_cifar10, stratified_split, stratified_subset, Batches, iid_partition

@pytest.fixture(scope='module')
def cifar(cifar_root): return load_cifar10(cifar_root, download=False)

def test_real_counts(cifar):
    assert cifar.x_train.shape == (50_000, 3, 32, 32) and cifar.x_train.dtype == torch.uint8
    assert cifar.x_test.shape == (10_000, 3, 32, 32) and cifar.y_test.dtype == torch.int64
    assert torch.bincount(cifar.y_train).tolist() == [5000]*10
    assert torch.bincount(cifar.y_test).tolist() == [1000]*10

def test_images_are_the_raw_bytes(cifar, cifar_root):
    "Decoded independently (pickle + numpy), the first and last images of a batch are the loaded ones, labels too."
    with open(cifar_root/'cifar-10-batches-py'/'data_batch_2', 'rb') as f: raw = pickle.load(f, encoding='latin1')
    x = torch.from_numpy(np.asarray(raw['data'], dtype=np.uint8).reshape(-1, 3, 32, 32))
    for i in (0, 9_999):
        assert torch.equal(cifar.x_train[10_000 + i], x[i]) and cifar.y_train[10_000 + i].item() == raw['labels'][i]

def test_real_split_and_subset(cifar):
    tr, va = stratified_split(cifar.y_train, 5000, seed=0)
    assert (len(tr), len(va)) == (45_000, 5000)
    assert torch.bincount(cifar.y_train[va]).tolist() == [500]*10
    assert not set(tr.tolist()) & set(va.tolist())
    sub = stratified_subset(cifar.y_train, 50, idx=tr, seed=0)
    assert torch.bincount(cifar.y_train[sub]).tolist() == [50]*10

def test_real_batches_cover_epoch(cifar):
    idx = stratified_subset(cifar.y_train, 30, seed=1)
    b = Batches(cifar.x_train[idx], cifar.y_train[idx], bs=64, seed=0)
    ys = torch.cat([y for _, y in b])
    assert torch.equal(ys.sort().values, cifar.y_train[idx].sort().values)
    x, _ = next(iter(b))
    assert abs(x.mean().item()) < 0.5 and 0.5 < x.std().item() < 1.5   # normalized

def test_partitions_cover(cifar):
    parts = iid_partition(len(cifar.y_train), 3, seed=0)
    assert sum(len(p) for p in parts) == 50_000
    assert len(torch.unique(torch.cat(parts))) == 50_000

@pytest.fixture
def damaged(cifar_root, tmp_path):
    shutil.copytree(cifar_root/'cifar-10-batches-py', tmp_path/'cifar-10-batches-py')
    return tmp_path

def test_truncated_file(damaged):
    f = damaged/'cifar-10-batches-py'/'data_batch_3'
    f.write_bytes(f.read_bytes()[:1000])
    with pytest.raises(ValueError, match='data_batch_3 is truncated'): load_cifar10(damaged, download=False)

def test_missing_file(damaged):
    (damaged/'cifar-10-batches-py'/'test_batch').unlink()
    with pytest.raises(FileNotFoundError, match='lacks test_batch'): load_cifar10(damaged, download=False)

def test_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match='NOISENB_DATA'): load_cifar10(tmp_path, download=False)

def test_no_network_download_fails_clearly(tmp_path, monkeypatch):
    import torchvision.datasets.utils as u
    def offline(*a, **k): raise OSError('network is unreachable')
    monkeypatch.setattr(u, 'download_and_extract_archive', offline)
    with pytest.raises(FileNotFoundError, match=f'{tmp_path}.*NOISENB_DATA'): load_cifar10(tmp_path)
