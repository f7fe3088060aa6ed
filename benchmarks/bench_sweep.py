"""Benchmarks of cp.analysis.sweep (issue "what-if at scale", item 7).

1. One million points of the closed-form off-ramp margin
   (``compellence.coercion.offramp.offramp_margin``, vectorised): the sweep
   against the bare numpy call on the same arrays (the sweep's overhead), and
   with a checkpoint.
2. A sweep of a game-tree model (the canonical threat game with a chance move,
   solved by ``cp.spe``): one batched backward-induction call (vectorised)
   against the same model evaluated pointwise.  A speed-up from more workers
   cannot be shown on a shared 2-core machine (the neighbours take the second
   core), so this part measures what does not depend on the neighbours:

   * the CPU time per task (a chunk of ``--chunk`` points) of the serial backend
     in this process;
   * the scheduler overhead per task of the process backend and of a Dask
     LocalCluster (127.0.0.1), each with ONE worker: (wall time of the sweep -
     serial CPU time) / tasks, i.e. everything the backend adds (pickling, IPC,
     result assembly; for processes also the pool start-up, printed on its own);
   * the driver's CPU time per task (the parent process: it is serial whatever
     the number of workers).

   What a larger machine should give: with ``w`` free cores and ``T`` tasks,
   ``wall ~ start-up + T (cpu + overhead) / w`` as long as the driver keeps up,
   i.e. a speed-up of about ``w`` bounded by ``(cpu + overhead) / driver``; a Dask
   cluster adds the network to the overhead and spreads ``w`` over machines.
   When a task's CPU time is not much larger than the overhead, more workers
   cannot help: make the chunks larger or write the model vectorised.

Usage::

    python benchmarks/bench_sweep.py            # default sizes (~1 min)
    python benchmarks/bench_sweep.py --grid 60  # smaller pointwise part

Times are medians over ``--repeat`` runs with quartiles; see benchmarks/_machine.py.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
import warnings

import numpy as np
import pandas as pd
from _machine import fmt_spread, print_machine

import compellence as cp
from compellence.analysis import sweep
from compellence.coercion.offramp import offramp_margin


def threat_model(pi_T, cost):
    """Coercer demands; target complies or resists; if it resists the threat is carried out
    with probability pi_T (at a cost to the coercer).  Batched in pi_T and cost."""
    pi_T = np.asarray(pi_T, dtype=float)
    g = cp.Game(
        ["Coercer", "Target"],
        cp.decision("Coercer", {
            "demand": cp.decision("Target", {
                "comply": cp.outcome(1.0, -1.0),
                "resist": cp.chance({
                    "punish": (pi_T, cp.outcome(-np.asarray(cost, dtype=float), -3.0)),
                    "relent": (1.0 - pi_T, cp.outcome(-1.0, 0.5)),
                }),
            }),
            "status quo": cp.outcome(0.0, 0.0),
        }),
    )
    sol = cp.spe(g)
    return {
        "comply": sol.outcome_probs["root/demand/comply"],
        "value_Coercer": sol.value[0],
        "value_Target": sol.value[1],
    }


def timed(fn, repeat=1):
    best = np.inf
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def wall_cpu(fn):
    """Wall seconds, this process's CPU seconds, result."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000, help="closed form: N x N grid (1000)")
    ap.add_argument("--grid", type=int, default=100, help="game tree: N x N grid (100)")
    ap.add_argument("--chunk", type=int, default=500, help="pointwise chunk size (500)")
    ap.add_argument("--repeat", type=int, default=3, help="repeats of each timing (3)")
    args = ap.parse_args()
    cores = len(os.sched_getaffinity(0))
    print_machine()
    rows = []

    # 1. closed-form off-ramp margin, N x N = 1e6 points -------------------------------
    n = args.points
    grid = {"pi_T": np.linspace(0, 1, n), "r": np.linspace(0, 1, n)}
    fixed = dict(x=0.3, s=0.2, delta=0.9, pi_A=0.8)
    pt, r = np.meshgrid(grid["pi_T"], grid["r"], indexing="ij")

    def bare():
        m = offramp_margin(pi_T=pt.ravel(), r=r.ravel(), **fixed)
        return pd.DataFrame({"pi_T": pt.ravel(), "r": r.ravel(), "value": m})

    t_bare, ref = timed(bare, 3)
    t_sw, df = timed(lambda: sweep(offramp_margin, grid, fixed=fixed, vectorized=True,
                                   progress=False), 3)
    assert np.array_equal(df.value.to_numpy(), ref.value.to_numpy())
    rows.append(("off-ramp closed form", "numpy call + DataFrame (peer)", 1, n * n, t_bare, 1.0))
    rows.append(("off-ramp closed form", "sweep vectorized", 1, n * n, t_sw, t_sw / t_bare))
    with tempfile.TemporaryDirectory() as d:
        t_ck, dfc = timed(lambda: sweep(offramp_margin, grid, fixed=fixed, vectorized=True,
                                        checkpoint=os.path.join(d, "ck"), progress=False))
        t_re, dfr = timed(lambda: sweep(offramp_margin, grid, fixed=fixed, vectorized=True,
                                        checkpoint=os.path.join(d, "ck"), progress=False))
    assert dfc.equals(df) and dfr.equals(df)
    rows.append(("off-ramp closed form", "sweep vectorized + checkpoint", 1, n * n, t_ck,
                 t_ck / t_bare))
    rows.append(("off-ramp closed form", "resume from complete checkpoint", 1, n * n, t_re,
                 t_re / t_bare))

    # 2. game-tree model, N x N -----------------------------------------------------------
    m = args.grid
    tgrid = {"pi_T": np.linspace(0, 1, m), "cost": np.linspace(0, 2, m)}
    npts = m * m
    tasks = -(-npts // args.chunk)
    t_vec, vec = timed(lambda: sweep(threat_model, tgrid, vectorized=True, progress=False), 3)

    def pointwise(backend, client=None):
        return sweep(threat_model, tgrid, vectorized=False, backend=backend, workers=1,
                     client=client, chunk=args.chunk, progress=False)

    serial = []
    for _ in range(args.repeat):
        _, c, out = wall_cpu(lambda: pointwise("serial"))
        pd.testing.assert_frame_equal(out, vec, check_exact=True)
        serial.append(c)
    cpu_task = np.median(serial) / tasks
    # process-pool start-up: a one-task sweep (one point) minus that point's CPU
    one = {"pi_T": [0.5], "cost": [1.0]}
    startup = []
    for _ in range(args.repeat):
        w, _, _ = wall_cpu(lambda: sweep(threat_model, one, vectorized=False, backend="process",
                                         workers=1, progress=False))
        startup.append(w)
    over = {}
    for backend in ("process", "dask"):
        client = cluster = None
        if backend == "dask":  # cluster start-up (~2-4 s) is not timed: a user's cluster
            from distributed import Client, LocalCluster

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                       dashboard_address=None, host="127.0.0.1")
            client = Client(cluster)
        try:
            for _ in range(args.repeat):
                w, c, out = wall_cpu(lambda b=backend, cl=client: pointwise(b, cl))
                pd.testing.assert_frame_equal(out, vec, check_exact=True)
                st = np.median(startup) if backend == "process" else 0.0
                over.setdefault(backend, []).append(((w - st) / tasks - cpu_task, c / tasks))
        finally:
            if client is not None:
                logging.getLogger("distributed").setLevel(logging.CRITICAL)
                client.close()
                cluster.close()

    print()
    print(f"{'case':<22} {'backend':<34} {'workers':>7} {'points':>9} {'seconds':>9} "
          f"{'points/s':>11} {'ratio':>9}")
    for case, backend, w, pts, t, ratio in rows:
        rtxt = "" if ratio is None else f"{ratio:9.2f}"
        print(f"{case:<22} {backend:<34} {w:>7} {pts:>9} {t:>9.3f} {pts / t:>11.3g} {rtxt:>9}")
    print("ratio: time / bare numpy call (overhead, lower is better)")
    print(f"\ngame tree (spe), {npts} points: one batched call {t_vec:.4f} s wall, against "
          f"{np.median(serial):.3f} CPU s pointwise (serial): the batch is "
          f"{np.median(serial) / t_vec:.0f}x faster")
    print(f"pointwise in {tasks} tasks of {args.chunk} points, ms per task, median [q25, q75] "
          f"over {args.repeat} runs:")
    print(f"   {'CPU per task (serial backend)':<44} {fmt_spread(serial, tasks / 1e3)}")
    print(f"   {'process pool start-up (once per sweep), ms':<44} {fmt_spread(startup, 1e-3)}")
    for backend, vals in over.items():
        o = [v[0] for v in vals]
        d = [v[1] for v in vals]
        print(f"   {backend + ' scheduler overhead per task':<44} {fmt_spread(o, 1e-3)}"
              f"   (= {np.median(o) / cpu_task:.2f} x the task's CPU)")
        print(f"   {backend + ' driver CPU per task':<44} {fmt_spread(d, 1e-3)}")
    o = np.median([v[0] for v in over["process"]])
    d = max(np.median([v[1] for v in over["process"]]), 1e-9)
    print(f"\nexpected on w free cores (process backend): wall ~ start-up + {tasks} x "
          f"({cpu_task * 1e3:.1f} + {o * 1e3:.1f}) ms / w, a speed-up of about w up to "
          f"w ~ {(cpu_task + o) / d:.0f} (task cost / driver cost per task); this machine has "
          f"{cores} core(s) shared with other jobs, so no speed-up is shown here.")
    print("overhead per task is wall-based: on a loaded machine (load average above the "
          "core count) it includes the time the one worker waits for a core, an upper bound.")


if __name__ == "__main__":
    main()
