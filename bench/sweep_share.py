"""Where a sweep's wall time goes: points of the `study` preset run by `noisenb.sweep` (papermill, `--jobs 2`) against the
plain training loop of the same points, side by side in one run. Writes its section of bench/RESULTS.md.

    python bench/sweep_share.py [--points 4] [--jobs 2]     # needs NOISENB_DATA (real CIFAR-10)

The sweep part runs the first `--points` centralized points of seed 0 of the study's grid (the clean model, then the
first noisy levels) in a temporary folder, exactly as `noisenb sweep --preset study --jobs 2` runs them: a papermill
kernel per point, data loading, training, validation, the final evaluation, the attack, the records. The plain part
trains the same points with the training loop alone (`train_epoch` over `Batches`: the same model, noise, optimizer,
schedule, precision and images, data already in memory), `--jobs` processes at once with the same threads each: no validation,
evaluation, attack, checkpoint or kernel. Training share = the plain loop's seconds over the sweep's job-seconds
(`jobs` x its wall time); the sweep's own records split the rest by phase.
"""
import argparse, os, shutil, tempfile, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import torch
from common import machine, write_section
from noisenb.data import load_data, Batches
from noisenb.experiment import experiment_args
from noisenb.models import make_model
from noisenb.noise import NoiseInfuser
from noisenb.sweep import preset, grid, sweep, point_name
from noisenb.train import Meter, make_optimizer, train_epoch, epoch_steps, lr_at, run_indices, autocast_for, pick_device

def plain(p:dict, threads:int) -> float:
    "Seconds of the bare training loop of point `p` (data loaded and model built before the clock starts)."
    torch.set_num_threads(threads)
    a = experiment_args(**p); cfg, noise = a.cfg, a.noise
    data = load_data(p['data'], None, cfg.seed)
    tr, _ = run_indices(data.y_train, cfg.n_valid, cfg.n_per_class, cfg.seed)
    model = make_model(cfg.model, len(data.classes), cfg.norm, cfg.seed, channels_last=cfg.channels_last)
    b = Batches(data.x_train[tr], data.y_train[tr], cfg.bs, augment=cfg.augment, seed=cfg.seed, channels_last=cfg.channels_last)
    inf, opt = NoiseInfuser(noise, model, cfg.seed, len(data.classes)), make_optimizer(model, cfg)
    t0 = time.perf_counter()
    ac = autocast_for(pick_device(cfg.device), cfg.amp)   # the same precision as the sweep's runs (bf16 where the CPU has it)
    total = cfg.epochs*len(b)
    for e in range(cfg.epochs):
        inf.reseed(e); train_epoch(model, inf, opt, epoch_steps(b, e), lambda s: lr_at(s, total, cfg.lr, cfg.schedule), Meter(), ac)
    return time.perf_counter() - t0

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--points', type=int, default=4); ap.add_argument('--jobs', type=int, default=2)
    a = ap.parse_args()
    sw = preset('study', seeds=(0,), settings=('central',), dpsgd_sigmas=())
    pts = grid(sw)[:a.points]
    keep = {point_name(p) for p in pts}
    d = Path(tempfile.mkdtemp())
    try:
        sub = preset('study', seeds=(0,), settings=('central',), dpsgd_sigmas=(), mechanisms=tuple(dict.fromkeys(
            p['mechanism'] for p in pts if p['mechanism'] != 'none')), levels=tuple(
            f"{m}:{','.join(str(p['sigma']) for p in pts if p['mechanism'] == m)}" for m in dict.fromkeys(
            p['mechanism'] for p in pts if p['mechanism'] != 'none')))
        assert {point_name(p) for p in grid(sub)} == keep, (grid(sub), keep)
        t0 = time.perf_counter(); res, _ = sweep(sub, d/'sweep', jobs=a.jobs, progress=False); wall = time.perf_counter() - t0
        threads = max(1, (os.cpu_count() or 1)//a.jobs)   # as the sweep gives each job
        with ProcessPoolExecutor(a.jobs) as ex: bare = list(ex.map(plain, pts, [threads]*len(pts)))
    finally: shutil.rmtree(d, ignore_errors=True)
    job_s = a.jobs*wall
    phases = {'training (in the sweep)': res.time_train_s.sum(), 'validation': res.time_valid_s.sum(),
              'final evaluation (test, train)': res.time_eval_s.sum(), 'attack': res.time_attack_s.sum(),
              'data loading': res.time_load_s.sum()}
    phases['process, kernel, papermill, records'] = res.time_point_s.sum() - sum(phases.values())
    phases['idle job slots'] = job_s - res.time_point_s.sum()
    rows = '\n'.join(f'| {k} | {v:.1f} | {v/job_s:.1%} |' for k, v in phases.items())
    share = sum(bare)/job_s
    write_section('Training share of a study sweep', f"""`python bench/sweep_share.py --points {a.points} --jobs {a.jobs}` on {machine()}: the first {a.points} centralized points of
the `study` preset ({', '.join(sorted(keep))}) through `noisenb.sweep` (papermill, {a.jobs} jobs, {threads} thread(s) each):
{wall:.1f} s of wall time, {job_s:.1f} job-seconds. The same points' bare training loop took {sum(bare):.1f} s
({', '.join(f'{b:.1f}' for b in bare)}): **training is {share:.1%} of the sweep's job-seconds** (target: at least 75%).
The sweep's records split its job-seconds:

| phase | seconds | share |
| --- | --- | --- |
{rows}""")
