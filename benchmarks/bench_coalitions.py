"""Benchmark: the coalition off-ramp window over a batch of pi_T (issue 9).

    python benchmarks/bench_coalitions.py [--members 20] [--batch 1000] [--loop 100] [--repeat 3]

One coalition of ``--members`` members (thresholds spread on [0.1, 0.3]),
``--batch`` values of pi_T in [0.5, 1], r = 1, s D = 2.  For each case the
table shows:

* ``new``: :func:`compellence.coercion.coalitions.offramp_window`, one
  vectorised pass over the batch (best of ``--repeat``);
* ``old``: the pre-issue-9 window (a frozen copy in ``benchmarks/_coalitions_v1.py``:
  a 401-point grid per element in chunks, then 60 bisection halvings) in the
  same run, where the old model has the case (independent thresholds,
  all-or-nothing lifting); at r = 1 both use the same margin, so ``max|d old|``
  compares their window ends;
* ``loop``: the new function called element by element (a scalar loop) on the
  first ``--loop`` elements, scaled to the batch; ``max|d loop|`` compares the
  ends on those elements.

Ratios are old / new and loop / new.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from compellence.coercion.coalitions import Coalition, offramp_window

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _coalitions_v1 as v1  # noqa: E402


def best(fn, repeat: int) -> tuple[float, object]:
    out, t_best = None, np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        t_best = min(t_best, time.perf_counter() - t)
    return t_best, out


def ends(w, k=slice(None)) -> np.ndarray:
    lo = np.where(w.empty[k], 0.0, w.x_lo[k])
    hi = np.where(w.empty[k], 0.0, w.x_hi[k])
    return np.concatenate([np.atleast_1d(lo), np.atleast_1d(hi)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=20)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--loop", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    n = a.members
    names = [f"M{j}" for j in range(n)]
    th = list(np.linspace(0.1, 0.3, n))
    pis = np.linspace(0.5, 1.0, a.batch)
    sd = [0.05] * n
    cases = [
        ("unanimity, known", Coalition(names, th, 0.0), v1.Coalition(names, th, 0.0)),
        ("unanimity, sd 0.05", Coalition(names, th, sd), v1.Coalition(names, th, sd)),
        ("quota n/2, sd 0.05", Coalition(names, th, sd, rule="quota", quota=n // 2),
         v1.Coalition(names, th, sd, rule="quota", quota=n // 2)),
        ("unanimity, sd 0.05, rho 0.5", Coalition(names, th, sd, correlation=0.5), None),
        ("eu_renewal, sd 0.05, rho 0.5", Coalition(names, th, sd, rule="eu_renewal",
                                                   correlation=0.5), None),
        ("partial, sd 0.05", Coalition(names, th, sd, lifting="partial"), None),
    ]
    hdr = (f"{'case':30s} {'new s':>8s} {'old s':>8s} {'old/new':>8s} {'loop s':>8s} "
           f"{'loop/new':>9s} {'max|d old|':>11s} {'max|d loop|':>12s}")
    print(f"offramp_window: {n} members, {a.batch} values of pi_T, r = 1, s D = 2")
    print(hdr)
    print("-" * len(hdr))
    k = min(a.loop, a.batch)
    for label, coal, old in cases:
        t_new, w = best(lambda coal=coal: offramp_window(coal, pis, 1.0, 1.0, 2.0), a.repeat)
        t_loop, loop = best(lambda coal=coal: [offramp_window(coal, float(p), 1.0, 1.0, 2.0)
                                               for p in pis[:k]], 1)
        t_loop *= a.batch / k
        lo = np.array([float(x.x_lo) if not bool(x.empty) else 0.0 for x in loop])
        hi = np.array([float(x.x_hi) if not bool(x.empty) else 0.0 for x in loop])
        d_loop = np.max(np.abs(ends(w, slice(0, k)) - np.concatenate([lo, hi])))
        if old is not None:
            t_old, wo = best(lambda old=old: v1.offramp_window(old, pis, 1.0, 1.0, 2.0), a.repeat)
            d_old = np.max(np.abs(ends(w) - ends(wo)))
            same = bool(np.all(w.empty == wo.empty))
            old_txt = f"{t_old:8.3f} {t_old / t_new:8.1f}"
            d_txt = f"{d_old:11.1e}" + ("" if same else " (empty differs)")
        else:
            old_txt, d_txt = f"{'-':>8s} {'-':>8s}", f"{'-':>11s}"
        print(f"{label:30s} {t_new:8.3f} {old_txt} {t_loop:8.2f} {t_loop / t_new:9.1f} "
              f"{d_txt} {d_loop:12.1e}")


if __name__ == "__main__":
    main()
