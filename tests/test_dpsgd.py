"DP-SGD's step (`noisenb.privacy.PerSampleGrads`, `DPSGD`) against Opacus's hooks and `DPOptimizer`, the reference it replaced."
import warnings
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from noisenb.data import synthetic_cifar, normalize
from noisenb.models import make_model
from noisenb.train import TrainConfig
from noisenb.privacy import PerSampleGrads, DPSGD, train_dpsgd

opacus = pytest.importorskip('opacus')

# The comparisons run in float64, where every way of computing a per-sample gradient agrees to ~1e-14, so a tolerance
# of 1e-9 tests the arithmetic and not the rounding: in float32 two right answers differ by ~1e-4 (more on some CPUs).
def cnn2(channels_last=False, dtype=torch.float64):
    return make_model('cnn2', norm='group', seed=0, channels_last=channels_last).to(dtype)

def batch(n=6, channels_last=False, dtype=torch.float64):
    d = synthetic_cifar(n_train=n*10, n_test=10, seed=1)
    return normalize(d.x_train[:n], channels_last=channels_last).to(dtype), d.y_train[:n]

def flat(ts): return torch.cat([t.flatten() for t in ts])

def assert_near(a, b, rel=1e-9):
    "`a` equals `b` up to rounding: the error's norm within `rel` of `b`'s (elementwise, near-zeros would not be)."
    err = ((a - b).norm()/b.norm()).item()
    assert err < rel, err

def ours(model, x, y, C, nm=0., seed=0):
    "Our update's .grad (flattened), the per-sample norms, and the wrapper."
    psg = PerSampleGrads(model); psg.train()
    dpo = DPSGD(psg, torch.optim.SGD(model.parameters(), lr=0.), nm, C, len(y), torch.Generator().manual_seed(seed))
    F.cross_entropy(psg(x), y).backward(); dpo.step()
    return flat(p.grad for p in model.parameters()), dpo.norms, psg

def opacus_ref(model, x, y, C, nm=0., seed=0):
    "Opacus's update's .grad (flattened) and its per-sample norms, on NCHW tensors (where its convolutions are right)."
    for m in model.modules():
        if isinstance(m, nn.ReLU): m.inplace = False
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        gsm = opacus.GradSampleModule(model)
        opt = opacus.optimizers.DPOptimizer(torch.optim.SGD(gsm.parameters(), lr=0.), noise_multiplier=nm, max_grad_norm=C,
                                            expected_batch_size=len(y), generator=torch.Generator().manual_seed(seed))
        F.cross_entropy(gsm(x), y).backward()
        norms = torch.stack([p.grad_sample.flatten(1).norm(dim=1) for p in model.parameters()], 1).norm(dim=1)
        opt.step()
    return flat(p.grad for p in model.parameters()), norms

def one_by_one(model, x, y):
    "Each sample's own gradient, flattened over all parameters: one backward per image."
    ps = list(model.parameters())
    return torch.stack([flat(torch.autograd.grad(F.cross_entropy(model(x[i:i+1]), y[i:i+1]), ps)) for i in range(len(y))])

def test_norms_and_clipped_sum_match_opacus_and_one_by_one():
    x, y = batch()
    ref = one_by_one(cnn2(), x, y)
    C = ref.norm(dim=1).median().item()   # about half the samples are clipped
    g, norms, _ = ours(cnn2(), x, y, C)
    g_op, norms_op = opacus_ref(cnn2(), x, y, C)
    torch.testing.assert_close(norms, ref.norm(dim=1), rtol=1e-9, atol=0)
    torch.testing.assert_close(norms, norms_op, rtol=1e-9, atol=0)
    factor = (C/(ref.norm(dim=1) + 1e-6)).clamp(max=1)
    assert (factor < 1).any() and (factor == 1).any()
    assert_near(g*len(y), factor @ ref)   # noise 0: .grad is the clipped sum / batch size
    assert_near(g, g_op)

def test_each_clipped_gradient_has_norm_min_of_its_norm_and_C():
    x, y = batch()
    ref = one_by_one(cnn2(), x, y).norm(dim=1)
    C = ref.median().item()
    psg = PerSampleGrads(cnn2()); psg.train()
    for i in range(len(y)):   # a batch of one: the clipped sum is that sample's clipped gradient
        F.cross_entropy(psg(x[i:i+1]), y[i:i+1]).backward()
        s, norms = psg.clipped_sum(C)
        n = flat(s.values()).norm().item()
        assert n <= C*(1 + 1e-5), (i, n, C)
        assert n == pytest.approx(ref[i].item()*min(1, C/(ref[i].item() + 1e-6)), rel=1e-9), i   # Opacus's factor, 1e-6 and all
        assert norms.item() == pytest.approx(ref[i].item(), rel=1e-9)

def test_same_update_as_opacus_with_the_same_noise_stream():
    x, y = batch()
    g, _, _ = ours(cnn2(), x, y, C=0.5, nm=1.3, seed=7)
    g_op, _ = opacus_ref(cnn2(), x, y, C=0.5, nm=1.3, seed=7)
    assert_near(g, g_op)
    g2, _, _ = ours(cnn2(), x, y, C=0.5, nm=1.3, seed=8)
    assert not torch.allclose(g, g2)   # another seed, other noise

def test_noise_has_std_sigma_C_per_coordinate():
    x, y = batch(2)
    model, nm, C = cnn2(), 1.3, 0.7
    psg = PerSampleGrads(model); psg.train()
    dpo = DPSGD(psg, torch.optim.SGD(model.parameters(), lr=0.), nm, C, 4, torch.Generator().manual_seed(3))
    (psg(x)*0).sum().backward(); dpo.step()   # a zero loss: every per-sample gradient is 0, the update is noise / 4
    noise = flat(p.grad for p in model.parameters())*4
    assert len(noise) > 2_000_000
    assert noise.std().item() == pytest.approx(nm*C, rel=0.05)
    assert abs(noise.mean().item()) < 0.01*nm*C

def test_right_on_channels_last_tensors():
    "noisenb trains channels_last: the per-sample gradients must be right there too (Opacus 1.6's convolutions are not)."
    x, y = batch(channels_last=True)
    ref = one_by_one(cnn2(channels_last=True), x, y)   # the same layout: its convolutions round differently from NCHW's
    C = ref.norm(dim=1).median().item()
    g, norms, _ = ours(cnn2(channels_last=True), x, y, C)
    torch.testing.assert_close(norms, ref.norm(dim=1), rtol=1e-9, atol=0)
    assert_near(g*len(y), (C/(ref.norm(dim=1) + 1e-6)).clamp(max=1) @ ref)

def test_float32_within_its_rounding_of_float64():
    "What training runs: float32 parameters (bf16 activations under autocast are cast back to them)."
    x, y = batch(channels_last=True)
    ref = one_by_one(cnn2(channels_last=True), x, y)
    C = ref.norm(dim=1).median().item()
    g, norms, _ = ours(cnn2(channels_last=True, dtype=torch.float32), x.float(), y, C)
    assert g.dtype == norms.dtype == torch.float32
    # Float32 can put a pre-activation on the other side of a ReLU's zero: on this batch one unit of sample 3 flips, and
    # its gradient moves 1.1% (plain autograd in float32 does the same). The other samples agree to ~1e-6.
    err = ((norms.double() - ref.norm(dim=1))/ref.norm(dim=1)).abs()
    assert (err < 1e-4).sum() >= len(y) - 2 and (err < 0.05).all(), err
    assert_near(g.double()*len(y), (C/(ref.norm(dim=1) + 1e-6)).clamp(max=1) @ ref, rel=0.02)

def test_no_parameter_gradient_from_autograd_and_clear_errors():
    x, y = batch(2)
    psg = PerSampleGrads(cnn2()); psg.train()
    F.cross_entropy(psg(x), y).backward()
    assert all(p.grad is None and p.requires_grad for p in psg.parameters())   # the step builds .grad
    psg.clipped_sum(1.)
    with pytest.raises(RuntimeError, match='no backward pass'): psg.clipped_sum(1.)
    psg.remove()
    assert not any(m._forward_hooks for m in psg.module.modules())
    with pytest.raises(ValueError, match='no per-sample gradients'): PerSampleGrads(make_model('cnn2', norm='batch'))
    with pytest.raises(ValueError, match='no per-sample gradients'): PerSampleGrads(nn.Sequential(nn.Conv2d(4, 4, 3, groups=2)))

def test_train_dpsgd_reproducible_resumable_and_measured(tmp_path):
    syn = synthetic_cifar(n_train=400, n_test=50, seed=0)
    cfg = TrainConfig(epochs=2, bs=32, n_valid=50, norm='group', lr=0.05, schedule='constant', seed=3)
    a = train_dpsgd(syn, 1.0, cfg, progress=False)
    b = train_dpsgd(syn, 1.0, cfg, progress=False)
    drop = lambda h: h.drop(columns='seconds')
    assert drop(a.history).equals(drop(b.history))
    train_dpsgd(syn, 1.0, cfg, out=tmp_path, progress=False, on_epoch=lambda row: True)   # stopped after one epoch
    assert drop(train_dpsgd(syn, 1.0, cfg, out=tmp_path, progress=False).history).equals(drop(a.history))
    assert a.history.noise_power.mean() == pytest.approx(1.0, rel=0.02)   # (sigma C)^2 per coordinate
    assert (a.history.signal_power > 0).all()
    assert not any(m._forward_hooks for m in a.model.modules()) and all(p.requires_grad for p in a.model.parameters())
    other = train_dpsgd(syn, 1.0, TrainConfig(**{**cfg.to_dict(), 'seed': 4}), progress=False)
    assert not drop(other.history).equals(drop(a.history))
