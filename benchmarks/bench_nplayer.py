"""Benchmark: mixed equilibria of n-player games, time per equilibrium against Gambit.

    python benchmarks/bench_nplayer.py [--repeats 3]

On random 3-player 5x5x5 and 4-player 3x3x3x3 games (independent standard
normal payoffs; a fresh game per repeat, the same game for every solver) times

* ``cp.nash(g, method="gnm")`` (our global Newton path, Python + numpy),
* pygambit ``gnm_solve(g)`` (Gambit's C++ global Newton, its default perturbation),
* pygambit ``simpdiv_solve(g.mixed_strategy_profile(rational=True))`` (simplicial
  subdivision, one equilibrium),

and reports seconds per equilibrium found (time / number of verified equilibria),
its median and spread (min-max) over the repeats, and the ratio of ours to each
peer (ratio > 1: ours is slower).  Every equilibrium of ours is verified by
pygambit's ``max_regret`` in the same run (column ``gbt_regret``: the largest,
relative to the largest payoff range).  The machine's cores and load average are
printed, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pygambit as gbt
from _machine import print_machine  # noqa: E402  (benchmarks/ is the script's folder)

import compellence as cp


def _time(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def run(shape: tuple[int, ...], repeats: int, seed0: int) -> list[dict]:
    rows = []
    for r in range(repeats):
        u = np.random.default_rng(seed0 + r).standard_normal((len(shape), *shape))
        g = cp.NormalFormGame(u)
        gg = gbt.StrategicGame.from_arrays(*u)
        t_ours, res = _time(lambda g=g: cp.nash(g, method="gnm"))
        t_gnm, gres = _time(lambda gg=gg: gbt.nash.gnm_solve(gg))
        t_sd, sres = _time(
            lambda gg=gg: gbt.nash.simpdiv_solve(gg.mixed_strategy_profile(rational=True))
        )
        span = float(max(np.ptp(u[i]) for i in range(u.shape[0])))
        worst = 0.0
        for e in res:
            p = gg.mixed_strategy_profile(data=[[float(v) for v in s] for s in e.strategies],
                                          rational=False)
            worst = max(worst, float(p.max_regret()) / span)
        rows.append({
            "ours": t_ours / max(len(res), 1), "n_ours": len(res),
            "gnm": t_gnm / max(len(gres.equilibria), 1), "n_gnm": len(gres.equilibria),
            "simpdiv": t_sd, "n_simpdiv": 1, "gbt_regret": worst,
            "steps": res.info["paths"][0]["steps"],
        })
    return rows


def summary(name: str, rows: list[dict]) -> None:
    def col(k):
        return np.array([r[k] for r in rows], dtype=float)

    ours, gnm, sd = col("ours"), col("gnm"), col("simpdiv")
    r_gnm, r_sd = ours / gnm, ours / sd
    print(f"\n{name}: {len(rows)} games")
    print(f"{'solver':<22}{'s/equilibrium median':>22}{'min':>10}{'max':>10}{'equilibria/game':>18}")
    for lab, v, k in (("compellence gnm", ours, "n_ours"), ("pygambit gnm_solve", gnm, "n_gnm"),
                      ("pygambit simpdiv_solve", sd, "n_simpdiv")):
        print(f"{lab:<22}{np.median(v):>22.4g}{v.min():>10.4g}{v.max():>10.4g}"
              f"{np.mean(col(k)):>18.3g}")
    print(f"ratio ours / gnm_solve:     median {np.median(r_gnm):.3g}  (min {r_gnm.min():.3g}, "
          f"max {r_gnm.max():.3g})")
    print(f"ratio ours / simpdiv_solve: median {np.median(r_sd):.3g}  (min {r_sd.min():.3g}, "
          f"max {r_sd.max():.3g})")
    print(f"largest pygambit regret of our equilibria / payoff range: {col('gbt_regret').max():.2g}; "
          f"path steps median {np.median(col('steps')):.0f}")


def main() -> None:
    print_machine()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()
    print(f"cores available: {cores} (os.cpu_count {os.cpu_count()}); load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    summary("3 players, 5x5x5", run((5, 5, 5), args.repeats, args.seed))
    summary("4 players, 3x3x3x3", run((3, 3, 3, 3), args.repeats, args.seed + 1000))
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
