"""Benchmark: Shapley value, exact (vectorised subsets) vs sampled (permutations) (coalitions issue).

    python benchmarks/bench_shapley.py [--sizes 8 12 16 20] [--large 27 60] [--samples 1000 10000]
                                       [--loop-max 14]

Games: weighted voting games [q; w] with random integer weights and a simple
majority quota (the lifting rule of a weighted coalition).  For each size n:

* ``exact``: :func:`shapley_value` with ``method="exact"`` (vectorised over all
  2**n coalitions, O(n 2**n));
* ``loop``: the naive peer, a pure-Python loop over the same subset formula
  (run only up to ``--loop-max`` players); the issue names no external peer, so
  this is the baseline;
* ``sample m``: permutation sampling with m permutations; its max absolute error
  against the exact value, the max reported standard error, and the worst
  |error| / stderr (should be a few units at most).

* ``exact-dp``: :func:`weighted_voting_shapley`, the generating-function DP
  for weighted voting games (polynomial); it is cross-checked against the
  vectorised enumeration for every size up to 20 and is the exact reference for
  the ``--large`` sizes (27 = the EU's members), where enumeration is out of reach.

All exact results are cross-checked (loop == vectorised == DP to 1e-12).
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from _machine import print_machine  # noqa: E402  (benchmarks/ is the script's folder)

from compellence.coercion.shapley import (
    shapley_value,
    weighted_voting_game,
    weighted_voting_shapley,
)


def loop_shapley(w: np.ndarray, q: float) -> np.ndarray:
    n = w.size
    fact = [math.factorial(k) for k in range(n + 1)]
    phi = np.zeros(n)
    wl = w.tolist()
    for i in range(n):
        for mask in range(2**n):
            if mask >> i & 1:
                continue
            weight_s = 0
            size = 0
            for j in range(n):
                if mask >> j & 1:
                    weight_s += wl[j]
                    size += 1
            marg = int(weight_s + wl[i] >= q) - int(weight_s >= q)
            if marg:
                phi[i] += fact[size] * fact[n - size - 1] / fact[n] * marg
    return phi


def timed(fn, repeat: int = 1):
    best = math.inf
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def sampled_rows(game, exact_value, n, args):
    rows = []
    for m in args.samples:
        est, t_s = timed(lambda g=game, m=m: shapley_value(g, method="sample", samples=m,
                                                           seed=args.seed))
        err = np.abs(est.value - exact_value)
        z = np.max(err / np.maximum(est.stderr, 1e-15))
        rows.append((n, f"sample {m}", f"{t_s:9.4f}s", "", "", f"{err.max():.2e}",
                     f"{est.stderr.max():.2e}", f"{z:.2f}"))
    return rows


def main() -> None:
    print_machine()
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[8, 12, 16, 20])
    ap.add_argument("--large", type=int, nargs="*", default=[27, 60])
    ap.add_argument("--samples", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--loop-max", type=int, default=14)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    rows = []
    for n in args.sizes:
        w = rng.integers(1, 10, size=n)
        q = float(w.sum()) / 2 + 0.5
        game = weighted_voting_game(list(w), q)
        exact, t_exact = timed(lambda g=game: shapley_value(g, method="exact"), repeat=3)
        if n <= args.loop_max:
            ref, t_loop = timed(lambda w=w, q=q: loop_shapley(w, q))
            assert np.allclose(ref, exact.value, atol=1e-12), "loop and vectorised disagree"
            loop_col = f"{t_loop:9.3f}s"
            ratio = f"{t_loop / t_exact:9.0f}x"
        else:
            loop_col, ratio = "      --", "      --"
        rows.append((n, "exact", f"{t_exact:9.4f}s", loop_col, ratio, "0", "0", "--"))
        dp, t_dp = timed(lambda w=w, q=q: weighted_voting_shapley(list(w), q), repeat=3)
        assert np.allclose(dp.value, exact.value, atol=1e-12), "DP and enumeration disagree"
        rows.append((n, "exact-dp", f"{t_dp:9.4f}s", "", "", "0", "0", "--"))
        rows.extend(sampled_rows(game, exact.value, n, args))
    for n in args.large:
        w = rng.integers(1, 10, size=n)
        q = float(w.sum()) / 2 + 0.5
        game = weighted_voting_game(list(w), q)
        dp, t_dp = timed(lambda w=w, q=q: weighted_voting_shapley(list(w), q), repeat=3)
        rows.append((n, "exact-dp", f"{t_dp:9.4f}s", "", "", "0", "0", "--"))
        rows.extend(sampled_rows(game, dp.value, n, args))
    head = ("n", "method", "time", "python loop", "loop/exact", "max |err|", "max stderr",
            "max |err|/se")
    widths = [4, 14, 11, 12, 11, 10, 11, 13]
    print(" ".join(h.rjust(wd) for h, wd in zip(head, widths)))
    for r in rows:
        print(" ".join(str(c).rjust(wd) for c, wd in zip(r, widths)))


if __name__ == "__main__":
    main()
