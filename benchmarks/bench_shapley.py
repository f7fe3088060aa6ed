"""Benchmark: Shapley value, exact (vectorised subsets) vs sampled (permutations) (coalitions issue).

    python benchmarks/bench_shapley.py [--sizes 8 12 16 20] [--large 27 60] [--samples 1000 10000]
                                       [--loop-max 14] [--reps 5] [--loop-reps 3]

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

Times are CPU seconds of this process (``time.process_time``); each repeat runs
every method once, back to back (same load; the loop only in the first
``--loop-reps`` repeats), and the table gives the median and the spread [25th,
75th percentile] over the repeats, and loop / exact as the median [quartiles] of
the per-repeat ratios.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
from _machine import cpu, fmt_spread, print_machine, ratio_spread  # noqa: E402  (the script's folder)

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


def interleaved(fns: dict, reps: int, limited: dict | None = None) -> tuple[dict, dict]:
    """CPU seconds of every function in each of ``reps`` repeats (run back to back; a function in
    ``limited`` only in its first ``limited[name]`` repeats) and the last results."""
    limited = limited or {}
    times: dict = {k: [] for k in fns}
    outs: dict = {}
    for r in range(reps):
        for k, f in fns.items():
            if r < limited.get(k, reps):
                t, outs[k] = cpu(f)
                times[k].append(t)
    return times, outs


def rows_for(n, game, w, q, args, enumerate_too: bool) -> list[tuple]:
    fns = {}
    if enumerate_too:
        fns["exact"] = lambda: shapley_value(game, method="exact")
    fns["exact-dp"] = lambda: weighted_voting_shapley(list(w), q)
    loop = enumerate_too and n <= args.loop_max
    if loop:
        fns["loop"] = lambda: loop_shapley(w, q)
    for m in args.samples:
        fns[f"sample {m}"] = lambda m=m: shapley_value(game, method="sample", samples=m, seed=args.seed)
    ts, out = interleaved(fns, args.reps, {"loop": args.loop_reps})
    ref = out["exact"].value if enumerate_too else out["exact-dp"].value
    assert np.allclose(out["exact-dp"].value, ref, atol=1e-12), "DP and enumeration disagree"
    if loop:
        assert np.allclose(out["loop"], ref, atol=1e-12), "loop and vectorised disagree"
    rows = []
    for name in fns:
        if name == "loop":
            continue
        loop_col, ratio = "--", "--"
        if name == "exact" and loop:
            k = len(ts["loop"])
            loop_col, ratio = fmt_spread(ts["loop"]), ratio_spread(ts["exact"][:k], ts["loop"])
        if name.startswith("sample"):
            est = out[name]
            err = np.abs(est.value - ref)
            z = np.max(err / np.maximum(est.stderr, 1e-15))
            rows.append((n, name, fmt_spread(ts[name]), loop_col, ratio, f"{err.max():.2e}",
                         f"{est.stderr.max():.2e}", f"{z:.2f}"))
        else:
            rows.append((n, name, fmt_spread(ts[name]), loop_col, ratio, "0", "0", "--"))
    return rows


def main() -> None:
    print_machine()
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[8, 12, 16, 20])
    ap.add_argument("--large", type=int, nargs="*", default=[27, 60])
    ap.add_argument("--samples", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--loop-max", type=int, default=14)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--loop-reps", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    rows = []
    for n in args.sizes + args.large:
        w = rng.integers(1, 10, size=n)
        q = float(w.sum()) / 2 + 0.5
        game = weighted_voting_game(list(w), q)
        rows.extend(rows_for(n, game, w, q, args, n in args.sizes))
    print(f"CPU seconds, median [q25, q75] of {args.reps} repeats ({args.loop_reps} for the Python loop)")
    head = ("n", "method", "time (s)", "python loop (s)", "loop/exact", "max |err|", "max stderr",
            "max |err|/se")
    widths = [4, 14, 30, 30, 22, 10, 11, 13]
    print(" ".join(h.rjust(wd) for h, wd in zip(head, widths)))
    for r in rows:
        print(" ".join(str(c).rjust(wd) for c, wd in zip(r, widths)))

if __name__ == "__main__":
    main()
