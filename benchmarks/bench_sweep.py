"""Benchmarks of cp.analysis.sweep (issue "what-if at scale", item 7).

1. One million points of the closed-form off-ramp margin
   (``compellence.coercion.offramp.offramp_margin``, vectorised): the sweep
   against the bare numpy call on the same arrays (the sweep's overhead), and
   with a checkpoint.
2. A 200 x 200 sweep of a game-tree model (the canonical threat game with a
   chance move, solved by ``cp.spe``): one batched backward-induction call
   (vectorised) against the same model evaluated pointwise on the process
   backend and on a Dask LocalCluster (127.0.0.1), each with one and two
   workers, with the speed-up over one worker.  Process-pool start-up is
   timed (it is part of every sweep); the Dask cluster is started before the
   timer (a user's running cluster).

Usage::

    python benchmarks/bench_sweep.py            # full sizes
    python benchmarks/bench_sweep.py --grid 60  # smaller pointwise part

The machine's other load affects the multi-worker numbers: the speed-up is
bounded by the free cores (``os.sched_getaffinity``), printed in the header.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000, help="closed form: N x N grid (1000)")
    ap.add_argument("--grid", type=int, default=200, help="game tree: N x N grid (200)")
    ap.add_argument("--chunk", type=int, default=1000, help="pointwise chunk size (1000)")
    args = ap.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"# bench_sweep: {cores} cores available, load average {os.getloadavg()[0]:.2f}")
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
    t_vec, vec = timed(lambda: sweep(threat_model, tgrid, vectorized=True, progress=False), 3)
    rows.append(("game tree (spe)", "vectorized: one batched spe", 1, npts, t_vec, None))
    results = {}
    for backend in ("process", "dask"):
        base = None
        for workers in (1, 2):
            client = cluster = None
            if backend == "dask":  # cluster start-up (~2-4 s) is not timed: a user's cluster
                from distributed import Client, LocalCluster

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                           processes=True, dashboard_address=None,
                                           host="127.0.0.1")
                client = Client(cluster)
            try:
                t, out = timed(lambda b=backend, w=workers, c=client: sweep(
                    threat_model, tgrid, vectorized=False, backend=b, workers=w, client=c,
                    chunk=args.chunk, progress=False))
            finally:
                if client is not None:
                    # a worker's last heartbeat can race the shutdown and log a harmless
                    # CommClosedError traceback: keep the table readable
                    logging.getLogger("distributed").setLevel(logging.CRITICAL)
                    client.close()
                    cluster.close()
            pd.testing.assert_frame_equal(out, vec, check_exact=True)
            results[(backend, workers)] = t
            base = t if workers == 1 else base
            rows.append(("game tree (spe)", f"pointwise, {backend}", workers, npts, t,
                         base / t))
    # the vectorised row: speed-up over the one-worker pointwise process run
    rows[len(rows) - 5] = rows[len(rows) - 5][:5] + (results[("process", 1)] / t_vec,)

    print()
    print(f"{'case':<22} {'backend':<34} {'workers':>7} {'points':>9} {'seconds':>9} "
          f"{'points/s':>11} {'ratio':>9}")
    for case, backend, w, pts, t, ratio in rows:
        rtxt = "" if ratio is None else f"{ratio:9.2f}"
        print(f"{case:<22} {backend:<34} {w:>7} {pts:>9} {t:>9.3f} {pts / t:>11.3g} {rtxt:>9}")
    print()
    print("ratio: closed form = time / bare numpy call (overhead, lower is better);")
    print("       game tree vectorized = speed-up over the pointwise 1-worker process run;")
    print("       pointwise rows = speed-up over the same backend with one worker.")


if __name__ == "__main__":
    main()
