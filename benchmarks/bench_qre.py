"""Logit QRE tracing vs pygambit (Gambit's compiled path follower), same games, same run.

For random normal-form games (5x5 to 20x20) and random extensive games with
information sets (50 to 2000 nodes) it times

* ``cp.qre(game, lams)`` (the branch traced once, exact points at ``lams``)
  against ``pygambit.qre.logit_solve_lambda(game, lams)``, and
* ``cp.qre_path(game)`` (to the regret criterion) against
  ``pygambit.nash.logit_solve(game)`` (normal form only by default: Gambit's
  agent-form tracer is too slow on the larger trees),

and prints the largest absolute difference between the two profiles and the
time ratio ``gambit / ours`` (> 1: we are faster).  ``--small-trees`` times issue
15's target alone: 25 small 2-player trees at 3 lambdas, median and spread over
repeats (:func:`bench_small_trees`); small trees (dense Jacobians) are solved at
given lambdas by continuation in lambda, with the arc-length follower taking over
only past a turning point.  Gambit runs in a child
process with a time limit; a timed-out run is shown as ``>limit``.

BLAS is pinned to one thread (Gambit is single-threaded; the machine is shared).

Both follow the same branch with the same step rule (identical lambda
sequences on normal-form games).  Normal form: two-player games evaluate the
residual and the bordered Jacobian together from constant matrices (one
exponential, one matrix product) and factor it with LAPACK directly, so the
fixed Python cost per predictor-corrector step is ~35 us, below Gambit's
compiled step even on 5x5; larger games and every extensive game gain more.  Extensive form: the agent Jacobian is built
batched over the flat tree and kept sparse (SuperLU), where Gambit evaluates
it entry by entry and factors it dense.  ``limit`` rows of extensive games
compare outcome distributions: both stop at an epsilon-Nash point, whose play
at information sets reached with negligible probability depends on where
exactly the tracer stopped.

    python benchmarks/bench_qre.py [--timeout 120] [--max-nodes 2000] [--quick]
    python benchmarks/bench_qre.py --small-trees [--repeats 7]   # issue 15's target only
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import multiprocessing as mp  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _machine import fmt_spread, print_machine, ratio_spread  # noqa: E402  (script's folder)
from test_qre_agent import (  # noqa: E402
    gambit_behavior,
    random_extensive_game,
    to_efg,
    to_gambit,
)

import compellence as cp  # noqa: E402
from compellence.solvers.qre import qre, qre_path  # noqa: E402
from compellence.solvers.solution import (  # noqa: E402
    edge_prob_from_chance,
    reach_probabilities,
)

LAMS = [0.5, 1.0, 2.0, 5.0, 10.0]


# ----------------------------------------------------------------------------- gambit side
def _behavior_items(g, prof) -> list:
    """A pygambit behaviour profile, picklable: [(action path to an information set's
    first member, {action label: probability})] over every player's information sets."""
    return [(hist.actions, {a: float(v) for a, v in mixed})
            for pl in g.players for hist, mixed in prof[pl]]


def _gambit_worker(kind: str, payload, lams, mode: str, q) -> None:
    import io

    import pygambit as gbt

    if kind == "nfg":
        g = gbt.StrategicGame.from_arrays(*payload)
    else:
        g = gbt.read_efg(io.StringIO(payload))
    t0 = time.perf_counter()
    if mode == "lambda":
        res = gbt.qre.logit_solve_lambda(g, lams)
        dt = time.perf_counter() - t0
        if kind == "nfg":  # flat, in strategy order
            profs = [[float(p[k]) for k in range(len(p))] for p in res]
        else:
            profs = [_behavior_items(g, p.profile) for p in res]
    else:
        res = gbt.nash.logit_solve(g)
        dt = time.perf_counter() - t0
        eq = res.equilibrium
        if kind == "nfg":
            profs = [[float(eq[pl][s]) for pl in g.players for s in g.get_strategies(pl)]]
        else:
            profs = [_behavior_items(g, eq)]
    q.put((dt, profs))


def run_gambit(kind: str, payload, lams, mode: str, timeout: float):
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_gambit_worker, args=(kind, payload, lams, mode, q))
    p.start()
    try:
        out = q.get(timeout=timeout)
    except Exception:
        out = None
    p.join(timeout=1)
    if p.is_alive():
        p.terminate()
        p.join()
    return out


# ----------------------------------------------------------------------------- helpers
def _agent_items_to_edges(game, efg_text, items):
    """The worker's behaviour profile (:func:`_behavior_items`) as our per-edge probabilities."""
    import io

    import pygambit as gbt

    gg = gbt.read_efg(io.StringIO(efg_text))
    prof = gg.mixed_behavior_profile()
    for path, mixed in items:
        prof.set_mixed_action(gbt.H.path(*path), mixed)
    return gambit_behavior(game, gg, prof)


def _fmt_t(t):
    return "-" if t is None else f"{t:8.3f}"


def bench_normal(shapes, timeout, rows):
    for shape in shapes:
        rng = np.random.default_rng(sum(shape))
        pay = rng.integers(0, 100, size=(len(shape), *shape)).astype(float)
        g = cp.NormalFormGame(pay)
        t0 = time.perf_counter()
        path = qre(g, LAMS)
        ours = time.perf_counter() - t0
        gb = run_gambit("nfg", [pay[i] for i in range(len(shape))], LAMS, "lambda", timeout)
        label = "x".join(map(str, shape))
        if gb is None:
            rows.append(("normal", label, "qre@lams", ours, None, None, path.max_residual))
        else:
            diff = max(np.abs(path.profiles[k] - np.array(gb[1][k])).max() for k in range(len(LAMS)))
            rows.append(("normal", label, "qre@lams", ours, gb[0], diff, path.max_residual))
        t0 = time.perf_counter()
        lim = qre_path(g)
        ours = time.perf_counter() - t0
        gb = run_gambit("nfg", [pay[i] for i in range(len(shape))], LAMS, "limit", timeout)
        res = lim.max_residual
        if gb is None:
            rows.append(("normal", label, "limit", ours, None, None, res))
        else:
            diff = np.abs(lim.profiles[-1] - np.array(gb[1][0])).max()
            rows.append(("normal", label, "limit", ours, gb[0], diff, res))
        _print_row(rows[-2])
        _print_row(rows[-1])


def bench_agent(sizes, timeout, rows, limit: bool):
    for n in sizes:
        g, w = random_extensive_game(n, seed=n, p_merge=0.8)
        text = to_efg(g, w)
        par = np.maximum(g.parent, 0)
        dec = np.flatnonzero((g.parent >= 0) & (g.kind[par] == 1))
        n_sets = sum(len(s.nodes) > 1 for s in g.infosets)
        label = f"{g.n_nodes} nodes/{len(g.infosets)} sets ({n_sets} multi)"
        lams = LAMS[:4]
        t0 = time.perf_counter()
        path = qre(g, lams)
        ours = time.perf_counter() - t0
        gb = run_gambit("efg", text, lams, "lambda", timeout)
        if gb is None:
            rows.append(("agent", label, "qre@lams", ours, None, None, path.max_residual))
        else:
            diff = 0.0
            for k in range(len(lams)):
                mine = path.point(k).edge_prob
                theirs = _agent_items_to_edges(g, text, gb[1][k])
                diff = max(diff, float(np.abs(mine - theirs)[dec].max()))
            rows.append(("agent", label, "qre@lams", ours, gb[0], diff, path.max_residual))
        _print_row(rows[-1])
        if limit:
            t0 = time.perf_counter()
            lim = qre_path(g)
            ours = time.perf_counter() - t0
            gb = run_gambit("efg", text, lams, "limit", timeout)
            diff = None
            if gb is not None:
                # an epsilon-Nash stop pins down play on the path, not at infosets reached
                # with negligible probability: compare the outcome distributions
                theirs = _agent_items_to_edges(g, text, gb[1][0])
                ep = edge_prob_from_chance(g)
                ep[dec] = theirs[dec]
                r_theirs = reach_probabilities(g, ep)[g.terminals]
                r_ours = lim.solution.reach[g.terminals]
                diff = float(np.abs(r_ours - r_theirs).max())
            rows.append(("agent", label, "limit: outcome probs", ours,
                         None if gb is None else gb[0], diff, lim.max_residual))
            _print_row(rows[-1])


def bench_small_trees(n_trees: int = 25, lams=(0.5, 2.0, 5.0), repeats: int = 7) -> None:
    """Issue 15's target: agent logit QRE of ``n_trees`` small 2-player trees at 3 lambdas.

    Per repeat (CPU time of this process, all three interleaved so a load change
    hits each): ``cp.qre(game, lams)`` on freshly built Game objects ("cold": the
    agent system is built inside the call), the same call again on those objects
    ("warm": the system cached on the Game), and pygambit's
    ``logit_solve_lambda(game, lams)`` on games read once.  The profiles are
    compared with pygambit's at every lambda.
    """
    import pygambit as gbt

    import compellence as cp_

    sizes = np.linspace(12, 40, n_trees).astype(int)
    specs = [(int(n), seed) for seed, n in enumerate(sizes)]
    lams = list(lams)

    def build():
        return [random_extensive_game(n, n_players=2, seed=seed, p_merge=0.8) for n, seed in specs]

    games = build()
    gg = [to_gambit(g, w) for g, w in games]
    n_vars = [sum(len(s.actions) for s in g.infosets) for g, _ in games]
    print(f"\nagent logit QRE, {n_trees} 2-player trees ({sizes.min()}-{sizes.max()} nodes, "
          f"{min(n_vars)}-{max(n_vars)} action variables) at lambdas {lams}; {repeats} repeats, "
          "CPU seconds for all trees, median [q25, q75]")
    diff = 0.0
    for (g, _), ggame in zip(games, gg):
        ours = cp_.qre(g, lams)
        theirs = gbt.qre.logit_solve_lambda(ggame, lams)
        dec = np.flatnonzero((g.parent >= 0) & (g.kind[np.maximum(g.parent, 0)] == 1))
        for k, q in enumerate(theirs):
            diff = max(diff, float(np.abs(ours.point(k).edge_prob
                                          - gambit_behavior(g, ggame, q))[dec].max()))
    cold, warm, gamb = [], [], []
    for _ in range(repeats):
        fresh = [g for g, _ in build()]
        t0 = time.process_time()
        for g in fresh:
            cp_.qre(g, lams)
        cold.append(time.process_time() - t0)
        t0 = time.process_time()
        for g in fresh:
            cp_.qre(g, lams)
        warm.append(time.process_time() - t0)
        t0 = time.process_time()
        for ggame in gg:
            gbt.qre.logit_solve_lambda(ggame, lams)
        gamb.append(time.process_time() - t0)
    print(f"  ours, cold (fresh Game objects)   {fmt_spread(cold)} s")
    print(f"  ours, warm (same Game objects)    {fmt_spread(warm)} s")
    print(f"  pygambit logit_solve_lambda       {fmt_spread(gamb)} s")
    print(f"  pygambit / ours, cold             {ratio_spread(cold, gamb)}   (> 1: we are faster)")
    print(f"  pygambit / ours, warm             {ratio_spread(warm, gamb)}")
    print(f"  max |our - pygambit| behaviour    {diff:.2e}")


HEADER = (f"{'form':7s} {'game':32s} {'task':22s} {'ours [s]':>9s} {'gambit [s]':>10s} "
          f"{'gambit/ours':>11s} {'max|diff|':>10s} {'max resid':>10s}")


def _print_row(r):
    form, label, task, ours, gb, diff, res = r
    if gb is None:
        gbs, ratio = f">{_TIMEOUT:.0f}", f">{_TIMEOUT / ours:.1f}"
    else:
        gbs, ratio = f"{gb:.3f}", f"{gb / ours:.2f}"
    ds = "-" if diff is None else f"{diff:.2e}"
    print(f"{form:7s} {label:32s} {task:22s} {ours:9.3f} {gbs:>10s} {ratio:>11s} {ds:>10s} "
          f"{res:10.1e}", flush=True)


_TIMEOUT = 120.0


def main() -> None:
    print_machine()
    global _TIMEOUT
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timeout", type=float, default=120.0, help="time limit per Gambit call [s]")
    ap.add_argument("--max-nodes", type=int, default=2000)
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--agent-limit", action="store_true",
                    help="also time qre_path vs logit_solve on the extensive games")
    ap.add_argument("--small-trees", action="store_true",
                    help="only the 25 small 2-player trees at 3 lambdas (issue 15's target)")
    ap.add_argument("--repeats", type=int, default=7, help="repeats of the small-tree timing")
    a = ap.parse_args()
    if a.small_trees:
        bench_small_trees(repeats=a.repeats)
        return
    _TIMEOUT = a.timeout
    shapes = [(5, 5), (10, 10), (15, 15), (20, 20)] if not a.quick else [(5, 5), (10, 10)]
    sizes = [n for n in (50, 100, 200, 500, 1000, 2000) if n <= a.max_nodes]
    if a.quick:
        sizes = [n for n in sizes if n <= 100]
    print(f"logit QRE vs pygambit; lambdas {LAMS} (agent form: {LAMS[:4]}); "
          f"Gambit time limit {a.timeout:g}s")
    print(HEADER)
    rows: list = []
    bench_normal(shapes, a.timeout, rows)
    bench_agent(sizes, a.timeout, rows, a.agent_limit)
    bench_small_trees(repeats=a.repeats)


if __name__ == "__main__":
    main()
