"""Ray's fixed costs in a sweep: the same small grids through `noisenb.sweep` with the in-process, papermill and ray engines,
one point at a time each, side by side in one run. Writes its section of bench/RESULTS.md.

    python bench/ray_overhead.py [--reps 2]

Each engine runs a 2-point grid (smoke's central clean and hidden points) and the 6-point smoke grid, each in a fresh
folder, one point at a time with every CPU (ray: a local instance, `cpus_per_point` = all of them). The line through an
engine's two wall times gives its cost per sweep (intercept) and per point (slope); the best of `--reps` alternating
repetitions is kept. Ray's start and shutdown alone are timed too. The points are synthetic and tiny, so the costs are
the engines' own: the ray engine against papermill is what Ray adds to the executed notebook each point already costs.
"""
import argparse, os, shutil, tempfile, time
from pathlib import Path
from common import machine, write_section
from noisenb.sweep import preset, grid, sweep
from noisenb.cluster import start_ray, RayCluster, point_folder, ray_key

GRIDS = {2: preset('smoke', settings=('central',), mechanisms=('hidden',)), 6: preset('smoke')}

def timed(engine:str, sw, cpus:int) -> float:
    d = Path(tempfile.mkdtemp())
    try:
        t0 = time.perf_counter()
        sweep(sw, d/'sweep', engine=engine, progress=False, cluster=RayCluster(cpus_per_point=cpus) if engine == 'ray' else None)
        return time.perf_counter() - t0
    finally:
        if (d/'sweep'/'.ray-key').exists(): shutil.rmtree(point_folder(ray_key(d/'sweep'), None), ignore_errors=True)   # where its points ran
        shutil.rmtree(d, ignore_errors=True)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--reps', type=int, default=2); a = ap.parse_args()
    assert {n: len(grid(sw)) for n, sw in GRIDS.items()} == {2: 2, 6: 6}
    cpus = os.cpu_count() or 1
    engines = ('inprocess', 'papermill', 'ray')
    best, start = {}, []
    for _ in range(a.reps):
        t0 = time.perf_counter(); ray = start_ray(None); ray.shutdown(); start.append(time.perf_counter() - t0)
        for e in engines:
            for n, sw in GRIDS.items(): best[e, n] = min(best.get((e, n), float('inf')), timed(e, sw, cpus))
    fit = {e: ((best[e, 6] - best[e, 2])/4, best[e, 2] - 2*(best[e, 6] - best[e, 2])/4) for e in engines}   # (per point, per sweep)
    rows = '\n'.join(f'| {e} | {best[e, 2]:.1f} | {best[e, 6]:.1f} | {fit[e][1]:.1f} | {fit[e][0]:.2f} |' for e in engines)
    (pp, ps), (rp, rs) = fit['papermill'], fit['ray']
    write_section('Ray engine: fixed costs per sweep and per point', f"""`python bench/ray_overhead.py --reps {a.reps}` on {machine()}: the smoke grid's first 2 points and all 6
(synthetic, 10 images per class, one epoch or round), one point at a time with all {cpus} CPUs, best of {a.reps} alternating
repetitions. Per sweep and per point come from the line through the 2- and 6-point wall times.

| engine | 2 points (s) | 6 points (s) | per sweep (s) | per point (s) |
| --- | --- | --- | --- | --- |
{rows}

Ray's start and shutdown on this machine alone: {min(start):.1f} s (best of {a.reps}). Against the papermill engine,
which runs the same executed notebook per point, the ray engine adds **{rs - ps:.1f} s per sweep** and
**{rp - pp:+.2f} s per point**; against the in-process engine (no kernel, no notebook) it adds {rs - fit['inprocess'][1]:.1f} s
per sweep and {rp - fit['inprocess'][0]:.2f} s per point. A point of the `study` preset takes about a minute on this CPU
(the section above on the training share), so what Ray adds there is its start, once per sweep.""")
