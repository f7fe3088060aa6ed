"""Benchmark: the coalition off-ramp window over a batch of pi_T (issue 9).

    python benchmarks/bench_coalitions.py [--members 20] [--batch 1000] [--loop 100] [--reps 5]
                                          [--loop-reps 3]

One coalition of ``--members`` members (thresholds spread on [0.1, 0.3]),
``--batch`` values of pi_T in [0.5, 1], r = 1, s D = 2.  For each case the
table shows:

* ``new``: :func:`compellence.coercion.coalitions.offramp_window`, one
  vectorised pass over the batch;
* ``loop``: the new function called element by element (a scalar loop) on the
  first ``--loop`` elements, scaled to the batch; ``max|d loop|`` compares the
  ends on those elements;
* ``max|d grid|``: the ends against a brute-force scan of the margin
  ``Coalition.margin`` on 20,001 concessions in [0, 1] (accurate to the scan's
  step, 5e-5) on the same elements.

Times are CPU seconds of this process (``time.process_time``); each repeat runs
``new`` and (in the first ``--loop-reps`` repeats) the loop back to back (same
load); the table gives the median and the spread [25th, 75th percentile] over
the repeats and loop / new as the median [quartiles] of the per-repeat ratios.
(Before issue 9 the window took 0.33-1.14 s on the
three independent-threshold cases, measured in the same run as the new code
then: 5.8x-14x slower.)
"""

from __future__ import annotations

import argparse

import numpy as np
from _machine import cpu, fmt_spread, print_machine, ratio_spread  # noqa: E402  (the script's folder)

from compellence.coercion.coalitions import Coalition, offramp_window


def ends(w, k=slice(None)) -> np.ndarray:
    lo = np.where(w.empty[k], 0.0, w.x_lo[k])
    hi = np.where(w.empty[k], 0.0, w.x_hi[k])
    return np.concatenate([np.atleast_1d(lo), np.atleast_1d(hi)])


def main() -> None:
    print_machine()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=20)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--loop", type=int, default=100)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--loop-reps", type=int, default=3)
    a = ap.parse_args()
    n = a.members
    names = [f"M{j}" for j in range(n)]
    th = list(np.linspace(0.1, 0.3, n))
    pis = np.linspace(0.5, 1.0, a.batch)
    sd = [0.05] * n
    cases = [
        ("unanimity, known", Coalition(names, th, 0.0)),
        ("unanimity, sd 0.05", Coalition(names, th, sd)),
        ("quota n/2, sd 0.05", Coalition(names, th, sd, rule="quota", quota=n // 2)),
        ("unanimity, sd 0.05, rho 0.5", Coalition(names, th, sd, correlation=0.5)),
        ("eu_renewal, sd 0.05, rho 0.5", Coalition(names, th, sd, rule="eu_renewal", correlation=0.5)),
        ("partial, sd 0.05", Coalition(names, th, sd, lifting="partial")),
    ]
    hdr = (f"{'case':30s} {'new s':>26s} {'loop s (scaled)':>24s} {'loop/new':>20s} {'max|d loop|':>12s} "
           f"{'max|d grid|':>12s}")
    print(f"offramp_window: {n} members, {a.batch} values of pi_T, r = 1, s D = 2; CPU seconds, "
          f"median [q25, q75] of {a.reps} repeats ({a.loop_reps} for the loop)")
    print(hdr)
    print("-" * len(hdr))
    k = min(a.loop, a.batch)
    xs = np.linspace(0.0, 1.0, 20001)
    for label, coal in cases:
        ts_new, ts_loop = [], []
        for r in range(a.reps):
            t, w = cpu(offramp_window, coal, pis, 1.0, 1.0, 2.0)
            ts_new.append(t)
            if r < a.loop_reps:
                t, loop = cpu(lambda coal=coal: [offramp_window(coal, float(p), 1.0, 1.0, 2.0) for p in pis[:k]])
                ts_loop.append(t * a.batch / k)
        lo = np.array([float(x.x_lo) if not bool(x.empty) else 0.0 for x in loop])
        hi = np.array([float(x.x_hi) if not bool(x.empty) else 0.0 for x in loop])
        d_loop = np.max(np.abs(ends(w, slice(0, k)) - np.concatenate([lo, hi])))
        d_grid = 0.0
        for j in range(0, k, max(1, k // 10)):  # brute force on a sample of the elements
            m = coal.margin(xs, 2.0 / 9.0, 0.9, float(pis[j]), 1.0, 1.0)  # s D = 2 with D = 9
            ok = xs[m >= 0]
            if ok.size and not bool(np.asarray(w.empty)[j]):
                d_grid = max(d_grid, abs(ok[0] - float(w.x_lo[j])), abs(ok[-1] - min(1.0, float(w.x_hi[j]))))
        ratio = ratio_spread(ts_new[:len(ts_loop)], ts_loop)
        print(f"{label:30s} {fmt_spread(ts_new):>26s} {fmt_spread(ts_loop):>24s} {ratio:>20s} {d_loop:12.1e} "
              f"{d_grid:12.1e}")

if __name__ == "__main__":
    main()
