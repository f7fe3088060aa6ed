"""Sequence-form LCP: compellence vs pygambit's compiled ``lcp_solve`` on random extensive games.

Random two-player games with information sets and perfect recall (each
player's information set is her view of the history: her own moves plus the
moves she observed), 50 to 2000 nodes, chance moves with dyadic
probabilities (exact in both libraries).  For every game:

* ``ours``: ``compellence.solvers.sequence_form.sequence_form_lcp(game)``
  (building the sequence form from the Game included);
* ``gambit``: ``pygambit.nash.lcp_solve(g, rational=False)`` on the same tree
  (tree built beforehand, not timed);
* ``ratio``: gambit time / our time (> 1 means we are faster).  pygambit's
  tree ``lcp_solve`` returns one equilibrium (``LcpBehaviorResult.equilibrium``);
  column ``#eq gbt`` counts it (1, or 0 if it returned none).  Its time grows
  very fast with the tree (minutes on some games of 500 nodes), so each call
  runs in a subprocess killed after ``--budget`` seconds (shown as ``>``);
* ``regret``: the largest regret (best-reply payoff minus payoff, either player)
  of *our* profile and of *pygambit's* equilibrium, both measured by the
  same sequence-form best-reply computation on our Game (confirms that both
  are equilibria of one and the same game);
* ``payoff agree``: pygambit's ``MixedBehaviorProfile.payoffs`` of our profile
  equals our ``Solution.value`` (max abs difference);
* ``same eq``: the two solvers' equilibrium payoffs coincide (different
  equilibria are legitimate: Lemke paths from different starts).

* ``pivots``: Lemke pivots of our default start (seed 0) and, over 5 random
  starting plan pairs (seeds 0-4), the median and range with the median time:
  how much of our speed comes from the start;
* ``eq ours`` / ``eq gbt``: the equilibrium payoffs (P1, P2) each found.

* ``textbook``: ours from the SAME start as pygambit,
  ``sequence_form_lcp(game, start="textbook")``: the LCP of Koller, Megiddo &
  von Stengel (1996) as Gambit's ``lcp_solve`` builds it (information-set
  variables nonnegative, payoffs shifted below zero by the largest payoff plus
  one, covering vector of ones, all-slack start basis, ``z0`` entering at player
  1's root row).  Its pivots, time, ``gbt/tb`` (pygambit's time over it) and
  ``tb=gbt`` (whether it ends at pygambit's equilibrium: same payoffs) show how
  much of the default's speed comes from its start and how much from the
  pivoting itself.  pygambit reports no pivot count; degenerate ties after the
  first pivot are broken by our lexicographic rule, which may order them
  differently from Gambit's.

Times are CPU seconds (``time.process_time``, in pygambit's subprocess its
own): the median of up to 3 runs (fewer when a run takes over a second).

Both libraries run single-threaded: the script sets ``OPENBLAS_NUM_THREADS=1``
before numpy loads (pygambit's solver is single-threaded C++; a threaded BLAS
on a busy 2-core machine made small dense inverses 30x slower).

Run:  python benchmarks/bench_lcp.py [--quick] [--budget SECONDS]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from _machine import print_machine  # noqa: E402

import compellence as cp  # noqa: E402
from compellence.games import to_pygambit  # noqa: E402
from compellence.solvers.sequence_form import behaviour_regret, sequence_form_lcp  # noqa: E402

#: Timings are the median of this many runs (fewer if one run takes over a second).
REPEATS = 3


def random_game(rng: np.random.Generator, max_nodes: int, depth: int, p_hide: float = 0.55,
                p_chance: float = 0.15, zero_sum: bool = False) -> cp.Game:
    players = ("P1", "P2")
    budget = [max_nodes]
    arity: dict[str, int] = {}

    def build(d: int, views: tuple):
        budget[0] -= 1
        if d == 0 or budget[0] <= 0 or (d < depth and rng.random() < 0.12):
            u = float(rng.integers(-20, 21)) / 4
            v = -u if zero_sum else float(rng.integers(-20, 21)) / 4
            return cp.outcome(u, v)
        if rng.random() < p_chance:
            k = int(rng.integers(1, 8))
            w = (k / 8, 1 - k / 8)
            seen = tuple(rng.random() > p_hide for _ in players)
            return cp.chance({
                f"c{j}": (w[j], build(d - 1, tuple(v + ((("c", d, j),) if seen[i] else ())
                                                    for i, v in enumerate(views))))
                for j in range(2)
            })
        i = int(rng.integers(2))
        label = f"{players[i]}|{views[i]!r}"
        if label not in arity:
            arity[label] = int(rng.integers(2, 4))
        seen = tuple(j == i or rng.random() > p_hide for j in range(2))
        acts = {}
        for a in range(arity[label]):
            nv = tuple(v + (((label, a),) if seen[j] else ()) for j, v in enumerate(views))
            acts[f"a{a}"] = build(d - 1, nv)
        return cp.decision(players[i], acts, infoset=label)

    g = cp.Game(list(players), build(depth, ((), ())), title="random")
    # short labels
    labels = [None] * g.n_nodes
    for s in g.infosets:
        if len(s.nodes) > 1:
            for node in s.nodes:
                labels[node] = f"I{s.index}"
    return cp.Game.from_arrays(g.players, g.parent, g.kind, g.player, g.edge_label, g.payoffs,
                               g.chance_probs, labels)


def timed_median(fn):
    """Median CPU seconds of up to ``REPEATS`` runs (fewer once a run takes over a second), last result."""
    times, out = [], None
    for _ in range(REPEATS):
        t0 = time.process_time()
        out = fn()
        times.append(time.process_time() - t0)
        if times[-1] > 1.0:
            break
    return float(np.median(times)), out


def to_gambit(game: cp.Game):
    """Our game in pygambit and, per information set of ours, the pygambit selector (action
    path) of its first member; ``(gbt_game, infoset_map)``."""
    gg, nodes = to_pygambit(game)
    return gg, {s.index: nodes[s.nodes[0]] for s in game.infosets}


def _gambit_child(path: str, conn) -> None:
    """Runs in a subprocess: read the .efg, time lcp_solve, send back its equilibrium as
    {action path to an information set's first member: [probabilities in action order]}."""
    import pygambit as gbt

    g = gbt.read_efg(path)
    times = []
    for _ in range(REPEATS):  # median of REPEATS while a run takes under a second
        t0 = time.process_time()
        res = gbt.nash.lcp_solve(g, rational=False)
        times.append(time.process_time() - t0)
        if times[-1] > 1.0:
            break
    elapsed = float(np.median(times))
    eq = res.equilibrium
    probs = {} if eq is None else {
        hist.actions: [float(p) for _, p in mixed]
        for pl in g.players for hist, mixed in eq[pl]
    }
    conn.send((elapsed, int(eq is not None), probs))
    conn.close()


def time_gambit(gg, budget: float):
    """(seconds, number of equilibria, {infoset path: probs}) or (None, 0, None) past ``budget``."""
    import multiprocessing as mp
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "g.efg")
        gg.to_efg(path)
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_gambit_child, args=(path, child))
        proc.start()
        ok = parent.poll(budget)
        out = parent.recv() if ok else None
        if proc.is_alive():
            proc.kill()
        proc.join()
    if out is None:
        return None, 0, None
    return out


def profile_to_edges(game: cp.Game, probs_by_path: dict) -> np.ndarray:
    """pygambit's equilibrium (:func:`_gambit_child`) as our per-edge probabilities."""
    by_infoset = {int(game.infoset[game.node_at(list(path))]): probs
                  for path, probs in probs_by_path.items()}
    assert sorted(by_infoset) == [s.index for s in game.infosets]
    ep = np.zeros(game.n_nodes)
    ep[0] = 1.0
    kids = np.flatnonzero(game.chance_index >= 0)
    ep[kids] = game.chance_probs[game.chance_index[kids]]
    for s in game.infosets:
        probs = by_infoset[s.index]
        acts = probs
        for node in s.nodes:
            c0 = int(game.child_start[node])
            ep[c0 : c0 + len(acts)] = probs
    return ep


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer, smaller games")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--budget", type=float, default=60.0, help="seconds allowed per pygambit call")
    args = ap.parse_args()
    print_machine()

    rng = np.random.default_rng(args.seed)
    targets = [50, 100, 200, 500, 1000, 2000] if not args.quick else [50, 200, 500]
    per = 3 if not args.quick else 2
    rows = []
    for target in targets:
        made_games = 0
        tries = 0
        while made_games < per and tries < 400:
            tries += 1
            zs = bool(made_games % 2)
            g = random_game(rng, max_nodes=int(target * 0.95), depth=12, zero_sum=zs)
            if not (0.8 * target <= g.n_nodes <= 1.25 * target):
                continue
            if all(len(s.nodes) == 1 for s in g.infosets):
                continue
            made_games += 1
            gg, made = to_gambit(g)
            t_ours, sol = timed_median(lambda g=g: sequence_form_lcp(g))
            t_tb, tb = timed_median(lambda g=g: sequence_form_lcp(g, start="textbook"))
            piv_s, t_s = [], []
            for seed in range(5):
                t0 = time.process_time()
                piv_s.append(int(sequence_form_lcp(g, seed=seed).info["pivots"]))
                t_s.append(time.process_time() - t0)
            starts = (f"{int(np.median(piv_s))} [{min(piv_s)}-{max(piv_s)}] "
                      f"{np.median(t_s) * 1e3:.1f}ms")
            t_gbt, n_eq, their = time_gambit(gg, args.budget)
            ours_reg = float(behaviour_regret(g, sol.edge_prob).max())
            prof = gg.mixed_behavior_profile(rational=False)
            for s in g.infosets:
                c0 = int(g.child_start[s.nodes[0]])
                prof.set_mixed_action(made[s.index], {
                    act: float(sol.edge_prob[c0 + a]) for a, act in enumerate(gg.get_actions(made[s.index]))
                })
            agree = max(abs(float(prof.payoffs[pl]) - float(sol.value[j]))
                        for j, pl in enumerate(gg.players))
            if their:  # None past the budget, {} if pygambit returned no equilibrium
                their_ep = profile_to_edges(g, their)
                their_reg = float(behaviour_regret(g, their_ep).max())
                their_val = cp.solvers.node_values(g, their_ep)[:, 0]
                same = bool(np.allclose(their_val, sol.value, atol=1e-7))
                same_tb = bool(np.allclose(their_val, tb.value, atol=1e-7))
                eq_g = f"({their_val[0]:.3g}, {their_val[1]:.3g})"
            else:
                their_reg, same, same_tb, eq_g = float("nan"), None, None, "-"
            tb_reg = float(behaviour_regret(g, tb.edge_prob).max())
            eq_o = f"({float(sol.value[0]):.3g}, {float(sol.value[1]):.3g})"
            rows.append((g.n_nodes, len(g.infosets), max(len(s.nodes) for s in g.infosets),
                         "zero-sum" if zs else "general", int(sol.info["pivots"]), t_ours, t_gbt,
                         n_eq, max(ours_reg, tb_reg), their_reg, agree, same, starts, eq_o, eq_g,
                         int(tb.info["pivots"]), t_tb, same_tb))
            print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    head = (f"{'nodes':>6} {'infosets':>8} {'max|I|':>6} {'kind':>8} {'pivots':>6} {'ours ms':>9} "
            f"{'gambit ms':>10} {'#eq gbt':>7} {'ratio':>8} {'regret ours':>11} {'regret gbt':>10} "
            f"{'payoff agree':>12} {'same eq':>7} {'pivots 5 starts: med [range] time':>34} "
            f"{'eq ours':>16} {'eq gbt':>16} {'tb pivots':>9} {'tb ms':>9} {'gbt/tb':>8} {'tb=gbt':>6}")
    print(head)
    print("-" * len(head))
    budget_ms = args.budget * 1e3
    for n, ni, big, kind, piv, to, tg, neq, ro, rg, ag, same, starts, eq_o, eq_g, tbp, ttb, same_tb in rows:
        tg_s = f"{tg * 1e3:>10.2f}" if tg is not None else f"{'>' + format(budget_ms, '.0f'):>10}"
        ratio = f"{tg / to:>8.2f}" if tg is not None else f"{'>' + format(budget_ms / 1e3 / to, '.0f'):>8}"
        gtb = f"{tg / ttb:.2f}" if tg is not None else f"{'>' + format(budget_ms / 1e3 / ttb, '.0f')}"
        print(f"{n:>6} {ni:>8} {big:>6} {kind:>8} {piv:>6} {to * 1e3:>9.2f} {tg_s} {neq:>7} {ratio} "
              f"{ro:>11.1e} {rg:>10.1e} {ag:>12.1e} {str(same):>7} {starts:>34} {eq_o:>16} "
              f"{eq_g:>16} {tbp:>9} {ttb * 1e3:>9.2f} {gtb:>8} {str(same_tb):>6}")
    done = [r for r in rows if r[6] is not None]
    ratios = np.array([r[6] / r[5] for r in done])
    if ratios.size:
        print(f"\ntime ratio gambit/ours over {ratios.size} games pygambit finished: geometric mean "
              f"{np.exp(np.log(ratios).mean()):.2f} (min {ratios.min():.2f}, max {ratios.max():.2f}); "
              f"{len(rows) - len(done)} games exceeded the {args.budget:g} s budget for pygambit")
    tb_ratios = np.array([r[6] / r[16] for r in done])
    if tb_ratios.size:
        print(f"same start (ours start='textbook'): gambit/ours geometric mean "
              f"{np.exp(np.log(tb_ratios).mean()):.2f} (min {tb_ratios.min():.2f}, max {tb_ratios.max():.2f}); "
              f"pivots {min(r[15] for r in rows)}-{max(r[15] for r in rows)} (default start: "
              f"{min(r[4] for r in rows)}-{max(r[4] for r in rows)}); ends at pygambit's equilibrium in "
              f"{sum(bool(r[17]) for r in done)} of {len(done)}")
    print(f"largest regret: ours (both starts) {max(r[8] for r in rows):.1e}, pygambit's "
          f"{max((r[9] for r in done), default=float('nan')):.1e} (same checker)")


if __name__ == "__main__":
    main()
