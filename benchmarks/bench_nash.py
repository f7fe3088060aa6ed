"""Benchmark: two-player Nash equilibria (issue "Foundation", item 6c).

    python benchmarks/bench_nash.py [--games6 10] [--games10 3] [--nashpy10 1]

On random 6x6 and 10x10 games (independent standard normal payoffs, hence
nondegenerate with probability one) times

* ``cp.nash(g, "support")`` (our batched support enumeration),
* ``cp.nash(g, "vertex")`` (our batched vertex enumeration, the default),
* ``cp.nash(g, "lemke_howson")`` (our lexicographic Lemke-Howson from all m+n labels),
* nashpy's ``support_enumeration`` and ``vertex_enumeration`` (Python loops over
  supports / vertex pairs; on 10x10 these take minutes per game, so only the first
  ``--nashpy10`` games are timed),
* pygambit's ``enummixed_solve(rational=False)``, the reference,

and prints mean seconds per game and the ratio to our vertex enumeration.
Correctness is checked in the same run: the column ``agree`` counts the
games whose equilibrium set equals pygambit's (Lemke-Howson: whose
equilibria are all among pygambit's).  nashpy's loops are called with their
default tolerances.
"""

from __future__ import annotations

import argparse
import time
import warnings

import nashpy
import numpy as np
import pygambit as gbt

import compellence as cp
from compellence.solvers.nash import nash


def gambit_set(A, B):
    g = gbt.StrategicGame.from_arrays(A, B)
    out = []
    for eq in gbt.nash.enummixed_solve(g, rational=False).equilibria:
        out.append(tuple(np.array([float(eq[p][s]) for s in g.get_strategies(p)])
                         for p in g.players))
    return out


def same(ours, theirs, subset=False, atol=1e-6):
    if not subset and len(ours) != len(theirs):
        return False
    for x, y in ours:
        if not any(np.allclose(x, a, atol=atol) and np.allclose(y, b, atol=atol)
                   for a, b in theirs):
            return False
    return True


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t0, out


def run(size: int, n_games: int, n_nashpy: int, seed: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    rows: dict[str, list] = {}

    def record(name, seconds, ok):
        rows.setdefault(name, []).append((seconds, ok))

    for k in range(n_games):
        A, B = rng.normal(size=(2, size, size))
        g = cp.NormalFormGame.from_bimatrix(A, B)
        t, ref = timed(gambit_set, A, B)
        record("pygambit enummixed_solve", t, True)
        for method in ("vertex", "support", "lemke_howson"):
            t, res = timed(nash, g, method)
            eqs = [e.strategies for e in res]
            record(f"compellence {method}", t, same(eqs, ref, subset=method == "lemke_howson"))
        if k < n_nashpy:
            game = nashpy.Game(A, B)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t, eqs = timed(lambda gm: list(gm.support_enumeration()), game)
                record("nashpy support_enumeration", t, same(eqs, ref))
                t, eqs = timed(lambda gm: list(gm.vertex_enumeration()), game)
                record("nashpy vertex_enumeration", t, same(eqs, ref))
    base = np.mean([s for s, _ in rows["compellence vertex"]])
    out = []
    for name, vals in rows.items():
        mean = float(np.mean([s for s, _ in vals]))
        agree = sum(ok for _, ok in vals)
        out.append((f"{size}x{size}", name, len(vals), mean, mean / base, f"{agree}/{len(vals)}"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--games6", type=int, default=10, help="random 6x6 games")
    ap.add_argument("--games10", type=int, default=3, help="random 10x10 games")
    ap.add_argument("--nashpy6", type=int, default=10, help="6x6 games also timed with nashpy")
    ap.add_argument("--nashpy10", type=int, default=1,
                    help="10x10 games also timed with nashpy (minutes each)")
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    table = run(6, args.games6, args.nashpy6, args.seed)
    table += run(10, args.games10, args.nashpy10, args.seed + 1)
    head = f"{'size':<6} {'method':<30} {'games':>5} {'s/game':>10} {'vs cp vertex':>13} {'agree':>7}"
    print(head)
    print("-" * len(head))
    for size, name, n, mean, ratio, agree in table:
        print(f"{size:<6} {name:<30} {n:>5} {mean:>10.4f} {ratio:>12.2f}x {agree:>7}")
    print("\nagree: equilibrium set equal to pygambit's (lemke_howson: a subset of it)")


if __name__ == "__main__":
    main()
