"""Benchmark: batched backward induction (issue "Foundation", item 6a and 6b).

    python benchmarks/bench_spe.py [--nodes 1000000] [--grid 200] [--gambit-sample 20] [--only c,d,e,f,a,b]

(a) backward induction on a random tree of about one million nodes (decision
    and chance nodes), target: under one second on a 2-core machine;
(b) a grid x grid sweep over a coercion tree of about 50 nodes (assurance
    credibility x reversibility), solved in ONE batched ``cp.spe`` call,
    against a loop of hand-written recursive backward induction over the same
    points; and the same work per game on a sample of the points: one scalar
    game (batch shape ()) solved by ``cp.spe`` against pygambit's ``lcp_solve``
    on that game (CPU time, interleaved, median and quartiles of the per-game
    ratio).  The batch's per-point cost is NOT compared with pygambit: one
    call solving 40,000 games is not the work of solving one;
(c) one scalar ~50-node game (batch shape ()): CPU time per ``cp.spe`` call
    against a recursive Python backward induction, interleaved, median and
    spread over rounds (``--scalar-only`` runs just these rows);
(d) building a 2^20-node game with ``Game.from_arrays`` against solving it with
    ``cp.spe`` (goal: building within 5x of solving);
(e) ``read_efg`` against pygambit's ``read_efg`` on a generated 1,023-node file
    and on pygambit's catalog files (goal: at most pygambit's time);
(f) backward induction on a 10^6-node scalar game, the numpy pass and the compiled
    single pass (numba), against the memory-bandwidth minimum (goal: within 3x).

Prints a table with times and ratios.  All results are cross-checked: the
batched values must equal the loop's at every point, and pygambit's
equilibrium payoffs must equal ours on the sampled games.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from _machine import fmt_spread, print_machine, ratio_spread

import compellence as cp
from compellence.games import CHANCE, DECISION, TERMINAL, to_pygambit


def random_flat_arrays(n_target: int, seed: int = 0, branch=(2, 4), chance_share: float = 0.2) -> dict:
    """The ``Game.from_arrays`` keyword arguments of a random breadth-first tree of about
    ``n_target`` nodes; edge labels as codes into ``action_names`` (``a0``, ``a1``, ... by
    position among siblings)."""
    rng = np.random.default_rng(seed)
    parent = [np.array([-1])]
    kinds = []
    frontier = np.array([0])
    n = 1
    while True:
        m = frontier.size
        remaining = n_target - n
        if remaining <= 0:
            kinds.append(np.full(m, TERMINAL))
            break
        k = rng.integers(branch[0], branch[1] + 1, size=m)
        # expand only as many frontier nodes as the budget allows; the rest become leaves
        expand = np.cumsum(k) <= remaining
        if not expand.any():
            expand[0] = True
        kind = np.where(expand, np.where(rng.random(m) < chance_share, CHANCE, DECISION), TERMINAL)
        kinds.append(kind)
        kids_parent = np.repeat(frontier[expand], k[expand])
        parent.append(kids_parent)
        frontier = np.arange(n, n + kids_parent.size)
        n += kids_parent.size
    parent = np.concatenate(parent)
    kind = np.concatenate(kinds)
    player = np.where(kind == DECISION, rng.integers(0, 2, size=n), -1)
    # position of each node among its siblings (children of one parent are contiguous)
    local = np.arange(1, n) - np.searchsorted(parent[1:], parent[1:], side="left") - 1
    n_term = int((kind == TERMINAL).sum())
    payoffs = rng.normal(size=(2, n_term))
    chance_kids = np.flatnonzero((np.arange(n) > 0) & (kind[np.maximum(parent, 0)] == CHANCE))
    w = rng.random(chance_kids.size) + 0.05
    sums = np.bincount(parent[chance_kids], weights=w, minlength=n)
    probs = w / sums[parent[chance_kids]]
    return dict(players=["A", "B"], parent=parent, kind=kind, player=player,
                edge_label=np.r_[-1, local], payoffs=payoffs, chance_probs=probs,
                action_names=[f"a{j}" for j in range(branch[1])])


def random_flat_tree(n_target: int, seed: int = 0, branch=(2, 4), chance_share: float = 0.2):
    """A random breadth-first tree with about ``n_target`` nodes, built from flat arrays."""
    return cp.Game.from_arrays(**random_flat_arrays(n_target, seed, branch, chance_share))


def coercion_tree(pi_a, r, pi_t=0.7, s=1.0, x=(0.2, 0.35, 0.5), delta=0.9):
    """A ~50-node compellence tree: three demand sizes, comply/resist, lift/renege, punish/back down.

    Illustrative numbers, not estimates.  ``pi_a`` (assurance credibility) and
    ``r`` (reversibility) may be arrays: they broadcast to the batch shape.
    """
    D = delta / (1 - delta)
    pi_a = np.asarray(pi_a, float)
    r = np.asarray(r, float)

    def after_demand(xv):
        lift = cp.outcome(Coercer=xv - 0.1 * s, Target=-xv - (1 - r) * s * D)
        renege = cp.decision("Coercer", {
            "keep punishing": cp.outcome(Coercer=xv - 0.3 * s * D, Target=-xv - s * D),
            "lift late": cp.outcome(Coercer=xv - 0.15 * s * D, Target=-xv - 0.5 * s * D * (1 + (1 - r))),
        })
        comply = cp.chance({"assured": (pi_a, lift), "not assured": (1 - pi_a, renege)})
        punish = cp.chance({
            "threat carried out": (pi_t, cp.outcome(Coercer=-0.3 * s * D, Target=-s * D)),
            "threat fizzles": (1 - pi_t, cp.outcome(Coercer=-0.2, Target=-0.1 * s * D)),
        })
        escalate = cp.decision("Target", {
            "escalate": cp.chance({
                "catastrophe": (0.1, cp.outcome(Coercer=-5.0, Target=-6.0)),
                "contained": (0.9, cp.outcome(Coercer=-0.5 * s * D, Target=-0.9 * s * D)),
            }),
            "absorb": cp.outcome(Coercer=-0.3 * s * D, Target=-s * D),
        })
        resist = cp.decision("Coercer", {
            "punish": punish,
            "punish harder": escalate,
            "back down": cp.outcome(Coercer=-0.5, Target=0.1),
        })
        return cp.decision("Target", {"comply": comply, "resist": resist})

    root = cp.decision("Coercer", {
        "small demand": after_demand(x[0]),
        "medium demand": after_demand(x[1]),
        "large demand": after_demand(x[2]),
        "no demand": cp.chance({
            "drift": (0.5, cp.outcome(Coercer=0.0, Target=0.0)),
            "erosion": (0.5, cp.outcome(Coercer=-0.1, Target=0.05)),
        }),
    })
    return cp.Game(["Coercer", "Target"], root, title="Benchmark compellence tree")


def recursive_bi(spec, players):
    """Hand-written recursive backward induction on a scalar nested spec (the baseline)."""
    if isinstance(spec, cp.games.OutcomeNode):
        return [float(spec.named[p]) for p in players] if spec.named else [float(v) for v in spec.payoffs]
    if isinstance(spec, cp.games.ChanceNode):
        total = [0.0] * len(players)
        for p, sub in spec.branches.values():
            v = recursive_bi(sub, players)
            total = [t + float(p) * vi for t, vi in zip(total, v)]
        return total
    j = players.index(spec.player)
    best = None
    for sub in spec.actions.values():
        v = recursive_bi(sub, players)
        if best is None or v[j] > best[j]:
            best = v
    return best


def gambit_regret(game, sol, index):
    """pygambit's max regret of our SPE profile at one batch element (0 for an equilibrium)."""
    pg, nodes = to_pygambit(game, index)
    prof = pg.mixed_behavior_profile(rational=False)
    for i in np.flatnonzero(game.kind == DECISION).tolist():
        prof.set_mixed_action(nodes[i], {game.action_labels[i][k]: float(sol.edge_prob[(c, *index)])
                                         for k, c in enumerate(game.children(i))})
    return pg, float(prof.max_regret())


def timeit(fn, repeat=3):
    best = np.inf
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def scalar_game_rows(repeat: int = 15, calls: int = 200) -> None:
    """(c) One scalar ~50-node game: fixed cost of ``cp.spe`` against a recursive Python solve.

    CPU time per call (``time.process_time`` over ``calls`` calls), the two
    interleaved in each of ``repeat`` rounds; the ratio is taken per round and
    reported as median [min-max].  Game construction is not timed (the
    baseline gets its nested spec ready-made too).  "batched pass" is the
    vectorised pass ``cp.spe`` used for every game before the scalar pass.
    """
    import os
    from statistics import median

    from compellence.solvers.backward_induction import _batched_backward_induction

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# (c) scalar game overhead: {cores} cores available, load average {load}; "
          f"{repeat} interleaved rounds of {calls} calls, CPU time per call")
    game = coercion_tree(0.5, 0.5)
    spec = game.to_spec()
    players = list(game.players)
    want = np.asarray(recursive_bi(spec, players))
    diff = float(np.max(np.abs(cp.spe(game).value - want)))

    def per_call(fn, args_list):
        t0 = time.process_time()
        for a in args_list:
            fn(a)
        return (time.process_time() - t0) / len(args_list)

    same = [game] * calls
    cases = {
        "cp.spe, same Game re-solved": lambda: per_call(cp.spe, same),
        "cp.spe, a new Game each call": None,  # filled per round (fresh, unsolved games)
        "batched pass, same Game re-solved": lambda: per_call(_batched_backward_induction, same),
        "batched pass, a new Game each call": None,
    }
    times = {k: [] for k in cases}
    base: list[float] = []
    for _ in range(repeat):
        fresh = {name: [coercion_tree(0.5, 0.5) for _ in range(calls)]
                 for name, fn in cases.items() if fn is None}
        base.append(per_call(lambda s: recursive_bi(s, players), [spec] * calls))
        for name, fn in cases.items():
            if fn is not None:
                times[name].append(fn())
            else:
                solver = cp.spe if name.startswith("cp.spe") else _batched_backward_induction
                times[name].append(per_call(solver, fresh[name]))
    b = median(base)
    print(f"{'case':<36} {'nodes':>5} {'us/call':>9} {'spread (us)':>15}  ratio to recursive BI")
    print(f"{'recursive Python BI (baseline)':<36} {game.n_nodes:>5} {b * 1e6:>9.1f} "
          f"{min(base) * 1e6:>7.1f}-{max(base) * 1e6:<7.1f}  1.0x")
    for name, ts in times.items():
        ratios = [t / r for t, r in zip(ts, base, strict=True)]
        print(f"{name:<36} {game.n_nodes:>5} {median(ts) * 1e6:>9.1f} "
              f"{min(ts) * 1e6:>7.1f}-{max(ts) * 1e6:<7.1f}  {median(ratios):.2f}x "
              f"[{min(ratios):.2f}-{max(ratios):.2f}]")
    print(f"max |value difference| against the baseline: {diff:.1e}\n")


def _interleaved(cases: dict, repeat: int) -> dict[str, list[float]]:
    """CPU seconds of each case, the cases interleaved in every repeat (same load for all)."""
    times: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(repeat):
        for name, fn in cases.items():
            t0 = time.process_time()
            fn()
            times[name].append(time.process_time() - t0)
    return times


def build_rows(nodes: int = 2**20, repeat: int = 5) -> None:
    """(d) Building a 2^20-node game with ``Game.from_arrays`` against solving it.

    The flat arrays are made once (not timed); each repeat builds a fresh game from
    them and solves that fresh game once with ``cp.spe`` (the first solve of a game
    includes its per-depth plan).  The ratio build / solve is taken per repeat.  Two
    build rows, the same game: the edge labels as integer codes into ``action_names``
    (the form for generated trees: no Python object per edge), and as a list of one
    Python string per edge (each is hashed once to check sibling labels).
    """
    print(f"# (d) Game.from_arrays against cp.spe on the built game; {repeat} interleaved repeats, "
          "CPU seconds, median [q25, q75]")
    arrays = random_flat_arrays(nodes)
    names = arrays["action_names"]
    strings = {**arrays, "edge_label": [None, *(names[c] for c in arrays["edge_label"][1:].tolist())],
               "action_names": None}
    box: dict = {}

    def build():
        box["g"] = cp.Game.from_arrays(**arrays)

    def build_strings():
        box["s"] = cp.Game.from_arrays(**strings)

    cases = {"Game.from_arrays, codes": build, "Game.from_arrays, strings": build_strings,
             "cp.spe (first solve)": lambda: cp.spe(box["g"])}
    t = _interleaved(cases, repeat)
    g, gs = box["g"], box["s"]
    same = g.edge_label == gs.edge_label and g.action_labels == gs.action_labels and all(
        np.array_equal(getattr(g, a), getattr(gs, a))
        for a in ("parent", "kind", "player", "child_start", "infoset", "payoffs", "chance_probs"))
    sv = t["cp.spe (first solve)"]
    print(f"{'case':<28} {'nodes':>10} {'CPU s':>24}  x solve")
    for name, ts in t.items():
        print(f"{name:<28} {g.n_nodes:>10,} {fmt_spread(ts):>24}  {ratio_spread(sv, ts)}")
    print(f"goal: build at most 5x solve; the two builds give the same game: {same}\n")


def complete_binary_efg(nodes: int = 1023, seed: int = 0) -> str:
    """The .efg text (``write_efg``) of a complete binary tree: 20% chance nodes, two players."""
    from compellence.games.gambit_io import write_efg

    rng = np.random.default_rng(seed)
    internal = nodes // 2
    parent = np.r_[-1, (np.arange(1, nodes) - 1) // 2]
    kind = np.where(np.arange(nodes) < internal,
                    np.where(rng.random(nodes) < 0.2, CHANCE, DECISION), TERMINAL)
    player = np.where(kind == DECISION, rng.integers(0, 2, nodes), -1)
    labels = [None] + ["L" if i % 2 else "R" for i in range(1, nodes)]
    payoffs = np.round(rng.normal(size=(2, nodes - internal)) * 10, 2)
    below_chance = np.flatnonzero((np.arange(nodes) > 0) & (kind[np.maximum(parent, 0)] == CHANCE))
    probs = np.tile([0.25, 0.75], below_chance.size // 2)
    game = cp.Game.from_arrays(["A", "B"], parent, kind, player, labels, payoffs, probs)
    return write_efg(game)


def efg_rows(repeat: int = 5, calls: int = 20) -> None:
    """(e) ``read_efg`` against pygambit's ``read_efg`` on the same files, interleaved.

    A generated 1,023-node file (complete binary tree) and every .efg file of
    pygambit's catalog; CPU time per read (``calls`` reads per repeat), the ratio
    ours / pygambit taken per repeat.  Both read from the same file on disk.
    """
    import tempfile
    from pathlib import Path

    try:
        import pygambit as gbt
    except ImportError:
        print("# (e) read_efg: pygambit not installed, skipped\n")
        return
    from compellence.games.gambit_io import read_efg

    tmp = Path(tempfile.mkdtemp())
    big = tmp / "complete_binary_1023.efg"
    big.write_text(complete_binary_efg())
    catalog = sorted((Path(gbt.__file__).parent / "catalog_data").rglob("*.efg"))
    print(f"# (e) read_efg against pygambit {gbt.__version__} read_efg; {repeat} interleaved repeats "
          f"of {calls} reads, CPU ms per read, median [q25, q75]")

    def per_read(fn, path):
        return lambda: [fn(str(path)) for _ in range(calls)]

    cases = {("ours", "big"): per_read(read_efg, big), ("pygambit", "big"): per_read(gbt.read_efg, big)}
    readable = []
    for f in catalog:
        try:
            read_efg(f)
            gbt.read_efg(str(f))
        except Exception:  # noqa: BLE001 - a catalog file one of the two cannot read is skipped
            continue
        readable.append(f)
        cases[("ours", f.name)] = per_read(read_efg, f)
        cases[("pygambit", f.name)] = per_read(gbt.read_efg, f)
    t = _interleaved(cases, repeat)
    nodes = read_efg(big).n_nodes
    ours, theirs = np.asarray(t[("ours", "big")]) / calls, np.asarray(t[("pygambit", "big")]) / calls
    print(f"{'file':<34} {'nodes':>6} {'ours ms':>22} {'pygambit ms':>22}  ours / pygambit")
    print(f"{big.name:<34} {nodes:>6} {fmt_spread(ours, 1e-3):>22} {fmt_spread(theirs, 1e-3):>22}  "
          f"{ratio_spread(theirs, ours)} (goal: at most 1)")
    cat_ours = np.zeros(repeat)
    cat_theirs = np.zeros(repeat)
    for f in readable:
        cat_ours += np.asarray(t[("ours", f.name)]) / calls
        cat_theirs += np.asarray(t[("pygambit", f.name)]) / calls
    print(f"{f'pygambit catalog, {len(readable)} files (sum)':<34} {'':>6} "
          f"{fmt_spread(cat_ours, 1e-3):>22} {fmt_spread(cat_theirs, 1e-3):>22}  "
          f"{ratio_spread(cat_theirs, cat_ours)}\n")


def copy_bandwidth(src: np.ndarray, dst: np.ndarray) -> float:
    """Memory bandwidth in bytes/s: one numpy copy ``src`` -> ``dst`` (read + write counted;
    both already touched, so no page faults are timed)."""
    t0 = time.process_time()
    np.copyto(dst, src)
    return 2 * src.nbytes / (time.process_time() - t0)


def bandwidth_rows(nodes: int = 1_000_000, repeat: int = 5) -> None:
    """(f) Backward induction on a 10^6-node scalar game against the memory-bandwidth minimum.

    The minimum is the bytes a single pass must touch (kind, first child, number of
    children and player of every node, payoffs and probabilities, the chance row of
    each chance node's first child, every node value written once and read once as
    a child's, the choice and tie per decision node) divided by the bandwidth of a
    400 MB numpy copy measured in the same repeat.  Rows: the numpy pass (``cp.spe``
    without numba), the compiled single pass (``cp.spe`` with the ``fast`` extra),
    CPU seconds (the copy is timed the same way).  (The compiled pass now reads fewer
    bytes than this count: no ``child_start`` or ``chance_index``, and the terminals after
    the last block of internal nodes are read from the payoffs, their values never
    written; the count is kept as it was defined, so rows of different versions compare.)
    """
    import importlib

    spe_mod = importlib.import_module("compellence.solvers.backward_induction")
    game = random_flat_tree(nodes)
    kernel = spe_mod._compiled_kernel()
    t0 = time.process_time()
    if kernel is not None:
        spe_mod._compiled_backward_induction(game, kernel)  # import numba, load or compile
    first = time.process_time() - t0
    n_dec = int((game.kind == DECISION).sum())
    n_chance = int((game.kind == CHANCE).sum())
    touched = (sum(a.nbytes for a in (game.kind, game.child_start, game.child_count, game.player,
                                      game.payoffs, game.chance_probs))
               + 8 * n_chance  # the chance row of each chance node's first child
               + 2 * 8 * game.n_players * game.n_nodes + 3 * n_dec)
    rows: dict[str, list[float]] = {"numpy pass": [], "compiled single pass": [],
                                    "bandwidth minimum": []}
    src = np.ones(50_000_000)  # 400 MB
    dst = np.zeros_like(src)
    for _ in range(repeat):
        bw = copy_bandwidth(src, dst)
        rows["bandwidth minimum"].append(touched / bw)
        t0 = time.process_time()
        spe_mod._batched_backward_induction(game)
        rows["numpy pass"].append(time.process_time() - t0)
        if kernel is not None:
            t0 = time.process_time()
            spe_mod._compiled_backward_induction(game, kernel)
            rows["compiled single pass"].append(time.process_time() - t0)
    print(f"# (f) backward induction, {game.n_nodes:,} nodes, scalar; {repeat} repeats, CPU ms, "
          f"median [q25, q75]; {touched / 1e6:.0f} MB touched by one pass; first compiled call "
          f"(numba import, cached compile) {first:.2f} s")
    low = rows["bandwidth minimum"]
    for name, ts in rows.items():
        if ts:
            print(f"{name:<24} {fmt_spread(ts, 1e-3):>24}  x bandwidth minimum: "
                  f"{ratio_spread(low, ts)}")
    print("goal: within 3x of the bandwidth minimum\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--grid", type=int, default=200)
    ap.add_argument("--gambit-sample", type=int, default=20)
    ap.add_argument("--scalar-repeat", type=int, default=15, help="rounds of the scalar-game rows (c)")
    ap.add_argument("--scalar-only", action="store_true", help="run only the scalar-game rows (c)")
    ap.add_argument("--only", default="", help="comma-separated sections to run, of c,d,e,f,a,b (a and b run together) "
                    "(default: all)")
    ap.add_argument("--repeat", type=int, default=5, help="repeats of the sections d, e, f")
    args = ap.parse_args(argv)
    only = set(args.only.split(",")) if args.only else set("cdefab")
    if args.scalar_only:
        only = {"c"}
    print_machine()
    if "c" in only:
        scalar_game_rows(args.scalar_repeat)
    if "d" in only:
        build_rows(repeat=args.repeat)
    if "e" in only:
        efg_rows(repeat=args.repeat)
    if "f" in only:
        bandwidth_rows(repeat=args.repeat)
    if not only & {"a", "b"}:
        return
    rows = []

    # (a) one million nodes
    t0 = time.perf_counter()
    big = random_flat_tree(args.nodes)
    t_build = time.perf_counter() - t0
    t_solve, sol = timeit(lambda: cp.spe(big), repeat=1)  # once: a re-solve may use caches
    rows.append(("(a) build flat tree", f"{big.n_nodes:,} nodes", t_build, ""))
    rows.append(("(a) cp.spe backward induction", f"{big.n_nodes:,} nodes", t_solve,
                 "target < 1 s: " + ("met" if t_solve < 1.0 else "NOT met")))

    # (b) grid x grid sweep
    n = args.grid
    pi_a = np.linspace(0, 1, n)[:, None]
    r = np.linspace(0, 1, n)[None, :]
    t_game, game = timeit(lambda: coercion_tree(pi_a, r), repeat=1)
    t_batch, bsol = timeit(lambda: cp.spe(game), repeat=1)  # first solve: no caches
    rows.append(("(b) build batched game", f"{game.n_nodes} nodes, batch {game.batch_shape}", t_game, ""))
    rows.append(("(b) cp.spe, one batched call", f"{n * n:,} points", t_batch, "1.0x (reference)"))
    t_mat, _ = timeit(lambda: cp.spe(game).node_value, repeat=3)
    rows.append(("(b) cp.spe + full edge_prob/node_value", f"{n * n:,} points", t_mat,
                 "the large per-node arrays are materialised on first access"))

    points = [(i, j) for i in range(n) for j in range(n)]
    specs_time = 0.0
    loop_time = 0.0
    max_diff = 0.0
    for i, j in points:
        t0 = time.perf_counter()
        spec = coercion_tree(float(pi_a[i, 0]), float(r[0, j])).to_spec()
        specs_time += time.perf_counter() - t0
        t0 = time.perf_counter()
        v = recursive_bi(spec, ["Coercer", "Target"])
        loop_time += time.perf_counter() - t0
        max_diff = max(max_diff, float(np.max(np.abs(np.asarray(v) - bsol.value[:, i, j]))))
    rows.append(("(b) loop of recursive BI (solve only)", f"{n * n:,} points", loop_time,
                 f"batched is {loop_time / t_batch:,.0f}x faster (target >= 100x); max |diff| {max_diff:.1e}"))

    try:
        import pygambit as gbt
    except ImportError:
        rows.append(("(b) pygambit lcp_solve", "not installed", float("nan"), "skipped"))
    else:
        rng = np.random.default_rng(0)
        sample = rng.choice(len(points), size=min(args.gambit_sample, len(points)), replace=False)
        t_ours, t_gbt = [], []
        regret = 0.0
        for k in sample:
            i, j = points[k]
            _, reg = gambit_regret(game, bsol, (i, j))
            regret = max(regret, reg)
            reps = 20  # fresh Game objects: a re-solved Game may reuse cached structure
            ones = [coercion_tree(float(pi_a[i, 0]), float(r[0, j])) for _ in range(reps)]
            pg, _ = to_pygambit(ones[0])  # the same game, scalar
            t0 = time.process_time()
            for one in ones:
                cp.spe(one)
            t_ours.append((time.process_time() - t0) / reps)
            t0 = time.process_time()
            for _ in range(reps):
                gbt.nash.lcp_solve(pg, rational=False)
            t_gbt.append((time.process_time() - t0) / reps)
        rows.append(("(b) one scalar game: cp.spe", f"sample of {len(sample)} points",
                     float(np.median(t_ours)), f"CPU s per game, median [q25, q75] "
                     f"{fmt_spread(t_ours)}"))
        rows.append(("(b) one scalar game: pygambit lcp_solve", f"sample of {len(sample)} points",
                     float(np.median(t_gbt)), f"pygambit time / ours {ratio_spread(t_ours, t_gbt)}"
                     f"; pygambit max regret of our SPE {regret:.1e}"))

    w = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{w}}  {'size':<30} {'seconds':>10}  notes")
    for name, size, secs, note in rows:
        print(f"{name:<{w}}  {size:<30} {secs:>10.4f}  {note}")


if __name__ == "__main__":
    main()
