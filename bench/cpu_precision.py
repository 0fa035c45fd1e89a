"""bf16 autocast against fp32 on this CPU: cnn2's training step and evaluation, side by side in one run.

Usage: python bench/cpu_precision.py [--steps 8] [--reps 3] [--threads 1]
Both precisions run the same model (channels_last), batch (128) and optimizer; training steps and evaluation batches
alternate `--reps` times and each figure is the median over reps of the median step. The answer decides
`noisenb.train.autocast_for`'s default on a CPU: bf16 pays only where the CPU multiplies bf16 matrices in hardware (AMX);
with AVX-512 bf16 alone it converts more than it saves.
"""
import argparse, statistics, time
import torch, torch.nn.functional as F
from noisenb.models import make_model
from common import machine, write_section

p = argparse.ArgumentParser()
p.add_argument('--steps', type=int, default=8); p.add_argument('--reps', type=int, default=3); p.add_argument('--threads', type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
g = torch.Generator().manual_seed(0)
x = torch.randn(128, 3, 32, 32, generator=g).contiguous(memory_format=torch.channels_last); y = torch.randint(0, 10, (128,), generator=g)
models = {amp: make_model('cnn2', seed=0) for amp in (False, True)}
opts = {amp: torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9, nesterov=True) for amp, m in models.items()}

def step(amp):
    m = models[amp]; m.train(); t = time.perf_counter()
    with torch.autocast('cpu', dtype=torch.bfloat16, enabled=amp): loss = F.cross_entropy(m(x).float(), y)
    opts[amp].zero_grad(); loss.backward(); opts[amp].step()
    return time.perf_counter() - t

@torch.inference_mode()
def evaluate(amp):
    m = models[amp]; m.eval(); t = time.perf_counter()
    with torch.autocast('cpu', dtype=torch.bfloat16, enabled=amp): m(x).float()
    return time.perf_counter() - t

res = {(k, amp): [] for k in ('train', 'eval') for amp in (False, True)}
for amp in (False, True): step(amp); step(amp); evaluate(amp)   # warm-up
for r in range(a.reps):
    for amp in (False, True):
        res['train', amp].append(statistics.median(step(amp) for _ in range(a.steps)))
        res['eval', amp].append(statistics.median(evaluate(amp) for _ in range(a.steps)))
ips = {k: 128/statistics.median(v) for k, v in res.items()}
amx = getattr(torch.cpu, '_is_amx_tile_supported', lambda: False)()
bf16 = getattr(torch.cpu, '_is_avx512_bf16_supported', lambda: False)()
rows = '\n'.join(f'| {k} | {ips[k, False]:.0f} | {ips[k, True]:.0f} | {ips[k, True]/ips[k, False]:.2f} |' for k in ('train', 'eval'))
write_section('CPU precision: bf16 autocast against fp32 (cnn2)', f"""
`python bench/cpu_precision.py --steps {a.steps} --reps {a.reps} --threads {a.threads}` on {machine()}; AVX-512 bf16: {bf16}, AMX: {amx}.
Images per second, batch 128, channels_last, medians; the two precisions interleaved in one run.

| | fp32 | bf16 autocast | bf16 / fp32 |
| --- | --- | --- | --- |
{rows}

`autocast_for`'s default on a CPU follows this: bf16 only where AMX is present (the earlier machines of this project,
where bf16 paid); with AVX-512 bf16 alone, as here, fp32.
""")
