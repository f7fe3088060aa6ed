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
import sys
import time
import warnings

import nashpy
import numpy as np
import pygambit as gbt
import quantecon.game_theory as qe
from _machine import cpu, fmt_spread, print_machine, ratio_spread

import compellence as cp
from compellence.solvers.nash import nash


def _gambit_equilibria(solver, A, B):
    """Equilibria of the bimatrix game from a pygambit solver, as per-player probability vectors."""
    g = gbt.StrategicGame.from_arrays(A, B)
    return [tuple(np.array([float(eq[p][s]) for s in g.get_strategies(p)]) for p in g.players)
            for eq in solver(g, rational=False).equilibria]


def gambit_set(A, B):
    return _gambit_equilibria(gbt.nash.enummixed_solve, A, B)


def gambit_lcp(A, B):
    return _gambit_equilibria(gbt.nash.lcp_solve, A, B)


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
    nash(cp.NormalFormGame.from_bimatrix(*warm), "vertex")  # loads our compiled vertex walk
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


# ============================================================================
# Two-player speed vs QuantEcon (issue 15, "Speed, measured side by side").
#
#     python benchmarks/bench_nash.py --two-player-vs-quantecon [--games 5] [--reps 5]
#
# Self-contained (its own argument parsing, called from the __main__ block only when
# the flag is given).  Rows, each on the same random standard-normal games in one run:
#   * vertex enumeration, 10x10 and 11x11: ``cp.nash(g, "vertex")`` (with numba: the
#     compiled pivot walk of both best-response polytopes + hashed label masks + regret
#     verification of every equilibrium) and the same call on the Qhull path
#     (``vertex_enumeration(g, tol, compiled=False)``: Qhull on the polar polytopes, the path
#     without numba) vs QuantEcon's ``vertex_enumeration`` (Qhull + numba pairing, no
#     verification); ours and QuantEcon's are timed alternately in each repeat (CPU seconds),
#     and ``same`` counts games whose equilibrium sets are equal.  On 2026-12-04 (2 cores,
#     load average ~5.6) ``--games 10 --reps 7`` gave a median 0.47x QuantEcon's time per game
#     (10x10; quartiles 0.44-0.48) and 0.43x (11x11; 0.41-0.45), down from 1.76x and 1.11x
#     with Qhull; the Qhull path (no numba) 1.27x and 1.19x; equal sets in 10/10 games each;
#   * Lemke-Howson, one path from a given label: see the next section
#     (``bench_lemke_howson_vs_quantecon``), printed after this table and alone with
#     ``--lemke-howson-vs-quantecon``.
# Times: per game (or path) the median of ``--reps`` repeats after one warm-up call (numba
# compiles, or loads its disk cache, on the first call; that time is printed separately).
# Printed: median over games/paths, spread (10th-90th percentile), and the median of the
# per-item ratio ours / QuantEcon.
# ============================================================================
def bench_two_player_vs_quantecon(n_games: int = 5, reps: int = 5, seed: int = 15) -> list[tuple]:
    import importlib

    import quantecon.game_theory as qe

    from compellence.solvers.lemke_howson import lemke_howson_path

    eq_mod = importlib.import_module("compellence.solvers.equilibria")

    def med(fn, *args, **kw):
        fn(*args, **kw)
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn(*args, **kw)
            ts.append(time.perf_counter() - t0)
        return float(np.median(ts))

    def sets_equal(ours, theirs, atol=1e-6):
        return len(ours) == len(theirs) and all(
            any(np.allclose(x, a, atol=atol) and np.allclose(y, b, atol=atol) for a, b in theirs)
            for x, y in ours)

    rng = np.random.default_rng(seed)
    rows = []
    # warm-up costs (first call in this process)
    A, B = rng.normal(size=(2, 4, 4))
    t_first, _ = timed(lemke_howson_path, eq_mod.positive_payoffs(A), eq_mod.positive_payoffs(B), 0, 100)
    t_qfirst, _ = timed(qe.lemke_howson, qe.NormalFormGame([qe.Player(A), qe.Player(B.T)]))
    print(f"first call in this process (numba compile or cache load): compellence LH kernel "
          f"{t_first:.3f} s, QuantEcon lemke_howson {t_qfirst:.3f} s")
    rows += _vertex_rows_vs_quantecon(rng, n_games, reps, sets_equal)
    return rows


def _vertex_rows_vs_quantecon(rng, n_games: int, reps: int, sets_equal) -> list[tuple]:
    """Vertex-enumeration rows of :func:`bench_two_player_vs_quantecon` (10x10 and 11x11).

    Per game, ``reps`` repeats after one warm-up call of each; in each repeat
    ``cp.nash(g, "vertex")``, the Qhull path and QuantEcon are timed in turn (CPU seconds,
    the same load for all three).  Per game: the median over repeats; ratio: ours / QuantEcon
    of those medians.  Also prints each size's ratios over games as median [q25, q75].
    """
    import quantecon.game_theory as qe

    from compellence.solvers.vertex_enumeration import vertex_enumeration
    from compellence.solvers.vertex_kernels import compiled_vertex_kernels

    print_machine()
    t_first, kernels = cpu(compiled_vertex_kernels)
    if kernels is not None:
        t_load, _ = cpu(kernels[0], np.ones((2, 2)) + np.eye(2), 1e-9, 1e-12)
        t_first += t_load
    print(f"first call in this process: compellence vertex walk kernels {t_first:.3f} s "
          f"({'numba' if kernels is not None else 'numba absent: Qhull path only'})")
    tol = 1e-9
    rows = []
    for size in (10, 11):
        ours_t, hull_t, qe_t, same_n, same_hull, path = [], [], [], 0, 0, set()
        for _ in range(n_games):
            A, B = rng.normal(size=(2, size, size))
            g = cp.NormalFormGame.from_bimatrix(A, B)
            qg = qe.NormalFormGame([qe.Player(A), qe.Player(B.T)])
            ours = nash(g, "vertex")
            hull = vertex_enumeration(g, tol, compiled=False)
            theirs = qe.vertex_enumeration(qg)
            path.add(ours.info.get("vertex_path", "?"))
            same_n += sets_equal([e.strategies for e in ours], theirs)
            same_hull += sets_equal([e.strategies for e in hull], theirs)
            to, th, tq = [], [], []
            for _ in range(reps):
                to.append(cpu(nash, g, "vertex")[0])
                th.append(cpu(vertex_enumeration, g, tol, compiled=False)[0])
                tq.append(cpu(qe.vertex_enumeration, qg)[0])
            ours_t.append(float(np.median(to)))
            hull_t.append(float(np.median(th)))
            qe_t.append(float(np.median(tq)))
        ratio = [a / b for a, b in zip(ours_t, qe_t)]
        hull_ratio = [a / b for a, b in zip(hull_t, qe_t)]
        rows.append((f"vertex enumeration {size}x{size}", "per game", ours_t, qe_t, ratio,
                     f"{same_n}/{n_games}"))
        rows.append((f"vertex enum. {size}x{size}, Qhull path", "per game", hull_t, qe_t,
                     hull_ratio, f"{same_hull}/{n_games}"))
        print(f"vertex enumeration {size}x{size} ({', '.join(sorted(path))}): time / QuantEcon "
              f"per game {fmt_spread(ratio)}; Qhull path {fmt_spread(hull_ratio)}; CPU ms per "
              f"game: ours {fmt_spread(ours_t, 1e-3)}, QuantEcon {fmt_spread(qe_t, 1e-3)}")
    print_machine()
    return rows


def main_two_player_vs_quantecon(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description="two-player Nash speed vs QuantEcon (issue 15)")
    ap.add_argument("--two-player-vs-quantecon", action="store_true")
    ap.add_argument("--games", type=int, default=5, help="random games per size")
    ap.add_argument("--reps", type=int, default=5, help="timed repeats per game / path")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args(argv)
    rows = bench_two_player_vs_quantecon(args.games, args.reps, args.seed)
    head = (f"{'operation':<34} {'unit':<9} {'ours med':>10} {'ours p10-p90':>19} "
            f"{'QE med':>10} {'QE p10-p90':>19} {'ratio med':>9} {'same':>7}")
    print(head)
    print("-" * len(head))

    def ms(v):
        return f"{1e3 * v:.3f}ms"

    for name, unit, ours, theirs, ratio, same_n in rows:
        o10, o90 = np.percentile(ours, [10, 90])
        q10, q90 = np.percentile(theirs, [10, 90])
        print(f"{name:<34} {unit:<9} {ms(np.median(ours)):>10} {ms(o10) + '-' + ms(o90):>19} "
              f"{ms(np.median(theirs)):>10} {ms(q10) + '-' + ms(q90):>19} "
              f"{np.median(ratio):>8.2f}x {same_n:>7}")
    print("\nratio: ours / QuantEcon per game (vertex) or per path (LH), median; same: equal "
          "equilibrium sets (vertex) or the same endpoint (LH paths)")
    print()
    print_lemke_howson_rows(bench_lemke_howson_vs_quantecon(args.games, args.reps, args.seed))


# ============================================================================
# Lemke-Howson, one path from a given label, vs QuantEcon (issue 15).
#
#     python benchmarks/bench_nash.py --lemke-howson-vs-quantecon [--games 3] [--reps 7]
#
# On random standard-normal 10x10 and 15x15 games, for every label k (``init_pivot``), the
# same path on both sides: ours from k vs QuantEcon's ``lemke_howson(g, init_pivot=k)`` (one
# path, numba, no verification of the endpoint); ``same`` counts the paths ending at the same
# equilibrium.  Ours at four depths:
#   * ``cp.nash(g, "lemke_howson", init_pivot=k)``: the public call (method and tolerance
#     checks, the payoff-resolution test, the path, regret verification, the result objects);
#   * ``lemke_howson(g, tol, k)``: the same without ``nash``'s dispatch;
#   * the compiled one-path kernel (``lemke_howson_kernel.one_path``): path + verification,
#     no result objects;
#   * ``lemke_howson_path(A1, B1, k)``: the path alone (normalised endpoint, not verified),
#     compiled, and with the numpy pivots (the fallback without numba).
# Timing: CPU time (``time.process_time``) of a batch of calls (~2 ms) divided by the batch,
# ``--reps`` batches per path, ours and QuantEcon's alternating (the same load for both); per
# path the median over the batches; printed: median [q25, q75] over the paths of ours, of
# QuantEcon's, and of the per-path ratio ours / QuantEcon.
# 2026-12-04, 2 cores at load average ~7, ``--games 3 --reps 7``, ours / QuantEcon per path:
# 10x10: cp.nash 2.31 [2.22, 2.46], lemke_howson() 1.18 [1.12, 1.23], one-path kernel 0.30,
# path alone 0.35 (numpy pivots 14); 15x15: 2.39, 1.35, 0.60, 0.49 (18); 150/150 paths at
# QuantEcon's equilibrium.  Before (same day): cp.nash 3.8x at 10x10.  The rest of cp.nash's
# time is its dispatch in solvers/nash.py (tolerance check, payoff-resolution test, imports).
# ============================================================================
def bench_lemke_howson_vs_quantecon(n_games: int = 3, reps: int = 7, seed: int = 15,
                                    sizes: tuple[int, ...] = (10, 15)) -> list[tuple]:
    import importlib
    from functools import partial

    import quantecon.game_theory as qe

    from compellence.solvers import lemke_howson as lh_mod

    eq_mod = importlib.import_module("compellence.solvers.equilibria")
    kernels = lh_mod._kernels()  # imports numba (as QuantEcon does): the compiled path is taken
    if kernels is None:
        raise SystemExit("numba is not installed: pip install '.[fast]'")

    def batch_of(fn):
        fn()
        t0 = time.process_time()
        fn()
        one = max(time.process_time() - t0, 1e-7)
        return max(1, min(2000, int(2e-3 / one)))

    def per_call(fn, n):
        t0 = time.process_time()
        for _ in range(n):
            fn()
        return (time.process_time() - t0) / n

    def side_by_side(ours, theirs):
        n_o, n_t = batch_of(ours), batch_of(theirs)
        o, t = [], []
        for r in range(reps):
            if r % 2:
                t.append(per_call(theirs, n_t))
                o.append(per_call(ours, n_o))
            else:
                o.append(per_call(ours, n_o))
                t.append(per_call(theirs, n_t))
        return float(np.median(o)), float(np.median(t))

    rng = np.random.default_rng(seed)
    rows = []
    for size in sizes:
        layers = ("cp.nash(init_pivot=k)", "lemke_howson(g, tol, k)", "one-path kernel",
                  "path alone, compiled", "path alone, numpy pivots")
        times = {name: ([], []) for name in layers}
        same_n = total = 0
        for _ in range(n_games):
            A, B = rng.normal(size=(2, size, size))
            g = cp.NormalFormGame.from_bimatrix(A, B)
            qg = qe.NormalFormGame([qe.Player(A), qe.Player(B.T)])
            A1, B1 = eq_mod.positive_payoffs(A), eq_mod.positive_payoffs(B)
            max_iter = max(1000, 50 * (2 * size) ** 2)
            out = np.empty(2 * size + 4)
            for k in range(2 * size):
                calls = (  # partial, on both sides: the same call overhead
                    partial(nash, g, "lemke_howson", init_pivot=k),
                    partial(lh_mod.lemke_howson, g, 1e-9, k),
                    partial(kernels.one_path, g.payoffs, k, max_iter, 1e-9, out),
                    partial(lh_mod.lemke_howson_path, A1, B1, k, max_iter, compiled=True),
                    partial(lh_mod.lemke_howson_path, A1, B1, k, max_iter, compiled=False),
                )
                theirs = partial(qe.lemke_howson, qg, init_pivot=k)
                for name, fn in zip(layers, calls):
                    o, t = side_by_side(fn, theirs)
                    times[name][0].append(o)
                    times[name][1].append(t)
                x, y = nash(g, "lemke_howson", init_pivot=k)[0].strategies
                qx, qy = qe.lemke_howson(qg, init_pivot=k)
                same_n += bool(np.allclose(x, qx, atol=1e-9) and np.allclose(y, qy, atol=1e-9))
                total += 1
        for name in layers:
            ours, theirs = times[name]
            rows.append((f"{size}x{size}", name, ours, theirs, f"{same_n}/{total}"))
    return rows


def print_lemke_howson_rows(rows: list[tuple]) -> None:
    print_machine()
    print("Lemke-Howson, one path from each label k, ours vs QuantEcon lemke_howson(g, "
          "init_pivot=k); us per path, median [q25, q75] over paths")
    head = (f"{'size':<6} {'ours':<26} {'ours us':>20} {'QuantEcon us':>20} "
            f"{'ours / QuantEcon':>20} {'same':>7}")
    print(head)
    print("-" * len(head))
    for size, name, ours, theirs, same_n in rows:
        print(f"{size:<6} {name:<26} {fmt_spread(ours, 1e-6):>20} {fmt_spread(theirs, 1e-6):>20} "
              f"{fmt_spread(np.divide(ours, theirs)):>20} {same_n:>7}")
    print("same: paths ending at QuantEcon's equilibrium (atol 1e-9)")


def main_lemke_howson_vs_quantecon(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description="Lemke-Howson one path vs QuantEcon (issue 15)")
    ap.add_argument("--lemke-howson-vs-quantecon", action="store_true")
    ap.add_argument("--games", type=int, default=3, help="random games per size")
    ap.add_argument("--reps", type=int, default=7, help="timed batches per path and side")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 15])
    args = ap.parse_args(argv)
    print_lemke_howson_rows(bench_lemke_howson_vs_quantecon(args.games, args.reps, args.seed,
                                                            tuple(args.sizes)))


if __name__ == "__main__":
    if "--two-player-vs-quantecon" in sys.argv[1:]:
        main_two_player_vs_quantecon(sys.argv[1:])
    elif "--lemke-howson-vs-quantecon" in sys.argv[1:]:
        main_lemke_howson_vs_quantecon(sys.argv[1:])
    else:
        main()
