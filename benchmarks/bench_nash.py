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
* QuantEcon's ``support_enumeration`` and ``vertex_enumeration`` (numba-compiled;
  compiled once before timing) and ``lemke_howson`` (one equilibrium),
* pygambit's ``lcp_solve(rational=False)`` (the full Lemke search from every
  label: usually all equilibria, not guaranteed), and
* pygambit's ``enummixed_solve(rational=False)``, the reference,

and prints, per method, the median CPU seconds per game with the quartiles over
games, and the median (quartiles) of the per-game ratio to our vertex enumeration
(each game timed for every method in turn: the same load for all).  Peers are in
the ``bench`` extra: ``pip install ".[bench]"``.
Correctness is checked in the same run: the column ``agree`` counts the
games whose equilibrium set equals pygambit's (Lemke-Howson: whose
equilibria are all among pygambit's).  nashpy's loops are called with their
default tolerances.
"""

from __future__ import annotations

import argparse
import warnings

import nashpy
import numpy as np
import pygambit as gbt
import quantecon.game_theory as qe
from _machine import cpu, fmt_spread, print_machine, ratio_spread

import compellence as cp
from compellence.solvers.nash import nash


def gambit_set(A, B):
    g = gbt.StrategicGame.from_arrays(A, B)
    out = []
    for eq in gbt.nash.enummixed_solve(g, rational=False).equilibria:
        out.append(tuple(np.array([float(eq[p][s]) for s in g.get_strategies(p)])
                         for p in g.players))
    return out


def gambit_lcp(A, B):
    g = gbt.StrategicGame.from_arrays(A, B)
    out = []
    for eq in gbt.nash.lcp_solve(g, rational=False).equilibria:
        out.append(tuple(np.array([float(eq[p][s]) for s in g.get_strategies(p)])
                         for p in g.players))
    return out


def qe_game(A, B):
    return qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))


def same(ours, theirs, subset=False, atol=1e-6):
    if not subset and len(ours) != len(theirs):
        return False
    for x, y in ours:
        if not any(np.allclose(x, a, atol=atol) and np.allclose(y, b, atol=atol)
                   for a, b in theirs):
            return False
    return True


def timed(fn, *args):
    return cpu(fn, *args)


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
        t, eqs = timed(gambit_lcp, A, B)
        record("pygambit lcp_solve (full search)", t, same(eqs, ref, subset=True))
        t, eqs = timed(lambda a, b: qe.support_enumeration(qe_game(a, b)), A, B)
        record("quantecon support_enumeration", t, same(eqs, ref))
        t, eqs = timed(lambda a, b: qe.vertex_enumeration(qe_game(a, b)), A, B)
        record("quantecon vertex_enumeration", t, same(eqs, ref))
        t, eq = timed(lambda a, b: qe.lemke_howson(qe_game(a, b)), A, B)
        record("quantecon lemke_howson (one)", t, same([eq], ref, subset=True))
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
    base = [s for s, _ in rows["compellence vertex"]]
    out = []
    for name, vals in rows.items():
        ts = [s for s, _ in vals]
        agree = sum(ok for _, ok in vals)
        out.append((f"{size}x{size}", name, len(vals), fmt_spread(ts),
                    ratio_spread(base[: len(ts)], ts), f"{agree}/{len(vals)}"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--games6", type=int, default=10, help="random 6x6 games")
    ap.add_argument("--games10", type=int, default=3, help="random 10x10 games")
    ap.add_argument("--nashpy6", type=int, default=10, help="6x6 games also timed with nashpy")
    ap.add_argument("--nashpy10", type=int, default=1,
                    help="10x10 games also timed with nashpy (minutes each)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--games13", type=int, default=0,
                    help="random 13x13 games (our vertex enumeration: seconds to minutes)")
    args = ap.parse_args()
    print_machine()
    warm = np.random.default_rng(0).normal(size=(2, 3, 3))  # numba compiles QuantEcon here
    qe.support_enumeration(qe_game(*warm))
    qe.vertex_enumeration(qe_game(*warm))
    qe.lemke_howson(qe_game(*warm))
    table = run(6, args.games6, args.nashpy6, args.seed)
    table += run(10, args.games10, args.nashpy10, args.seed + 1)
    if args.games13:
        table += run(13, args.games13, 0, args.seed + 2)
    head = (f"{'size':<6} {'method':<34} {'games':>5} {'CPU s/game median [q25, q75]':>32} "
            f"{'time / cp vertex':>26} {'agree':>7}")
    print(head)
    print("-" * len(head))
    for size, name, n, t, ratio, agree in table:
        print(f"{size:<6} {name:<34} {n:>5} {t:>32} {ratio:>26} {agree:>7}")
    print("\nagree: equilibrium set equal to pygambit's enummixed_solve (lcp_solve and "
          "lemke_howson: a subset of it)\ntime / cp vertex < 1: the peer is faster")


if __name__ == "__main__":
    main()
