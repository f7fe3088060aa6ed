"""Benchmark: threshold cascades on scipy.sparse (issue "cascades", item 7).

    python benchmarks/bench_cascades.py [--sizes 10000 100000 1000000] [--runs 1000]
                                        [--nx-max 100000] [--peer-sample 20]

(a) One Watts cascade (fractional threshold phi = 0.1, 1% random seeds) on
    Erdos-Renyi graphs with mean degree 10 and 10^4, 10^5, 10^6 nodes
    (``erdos_renyi_csr``), timed for ``threshold_cascade`` (graph preparation timed
    separately), against a straightforward networkx loop (synchronous rounds over
    ``G.neighbors``) and NDlib's ``ThresholdModel`` where it is installed, on the
    same graph, seeds and thresholds.  The peers run up to ``--nx-max`` nodes.
(b) 1,000 cascades on 10^4 nodes (different random seeds and threshold draws
    ``phi ~ N(0.12, 0.04)``): ONE ``batch_cascades`` call, against a loop of
    ``threshold_cascade`` calls, the networkx loop and NDlib (the peers on a sample
    of ``--peer-sample`` runs, scaled to 1,000: marked "scaled").
(c) How the single-cascade time grows with graph size: the slope of
    log(time) on log(n).
(d) Where batching pays: 1,000 cascades on the 769-person brigade of
    ``military_hierarchy`` (small graph, many runs), batch vs loop.
(e) Seeding strategies on the sparse matrix: core numbers on 10^5 nodes
    (``cc.core_number``, level-vectorised peeling) against ``networkx.core_number``
    on the networkx copy (conversion timed separately), results checked equal;
    betweenness from 500 sampled pivots on 10^4 nodes (``cc.betweenness``)
    against networkx's sampled ``betweenness_centrality`` (timed on
    ``--peer-pivots`` pivots and scaled linearly to 500: marked "scaled"), with the
    stated error bound.  CPU time, median [quartiles] over ``--repeat`` runs.
(f) One cascade on 10^4 nodes against the bare sparse mat-vecs ``A^T x`` of the same
    rounds (``--matvec-only`` runs just this row).
(g) ``batch_cascades`` with 100, 300 and 1,000 runs on 10^4 nodes: default blocks of
    runs against one block of all runs, growth exponent (``--batch-scaling-only``).

Every peer result is checked against ours (same final set), so the ratios compare
equal work.  NDlib is optional (``pip install ndlib``); without it those rows say so.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np
from _machine import cpu, fmt_spread, print_machine

import compellence.cascades as cc

try:  # optional peer
    import ndlib.models.epidemics as ep
    import ndlib.models.ModelConfig as mc

    HAVE_NDLIB = True
except Exception:  # noqa: BLE001 - any import failure means "not available"
    HAVE_NDLIB = False


def nx_threshold_loop(g: nx.Graph, phi: np.ndarray, seeds) -> set:
    """Synchronous fractional-threshold cascade, written plainly with networkx."""
    active = set(seeds)
    while True:
        new = []
        for v in g.nodes:
            if v in active:
                continue
            nb = g[v]
            k = len(nb)
            if k and sum(1 for u in nb if u in active) >= phi[v] * k - 1e-9:
                new.append(v)
        if not new:
            return active
        active.update(new)


def ndlib_threshold(g: nx.Graph, phi: np.ndarray, seeds) -> set:
    """NDlib's ThresholdModel run to its fixed point (synchronous, same rule)."""
    model = ep.ThresholdModel(g)
    config = mc.Configuration()
    config.add_model_initial_configuration("Infected", list(map(int, seeds)))
    for v in g.nodes:
        config.add_node_configuration("threshold", v, float(phi[v]))
    model.set_initial_status(config)
    model.iteration()  # iteration 0 reports the initial status
    while True:
        it = model.iteration(node_status=False)
        if it["status_delta"][1] == 0:
            break
    return {v for v, s in model.status.items() if s == 1}


def timed(fn, *args, repeat: int = 1, **kw):
    best, out = np.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn(*args, **kw)
        best = min(best, time.perf_counter() - t)
    return best, out


def fmt(t: float) -> str:
    return f"{t:9.4f}" if np.isfinite(t) else "      n/a"


def matvec_rows(n: int = 10_000, repeat: int = 7, cascades: int = 20) -> None:
    """(f) One cascade on 10^4 nodes against the bare sparse mat-vecs of the same rounds.

    The floor: a cascade of r rounds needs at least r products ``A^T x`` (x: the new
    defectors); we time exactly those r scipy CSR mat-vecs (the indicator vectors of
    the rounds precomputed, not timed) against ``threshold_cascade`` on the prepared
    graph.  ``cascades`` cascades (1% random seeds each, phi = 0.1 on mean degree 10,
    so they spread) per repeat, CPU time, interleaved; the ratio is taken per repeat.
    """
    import scipy.sparse as sp

    cg = cc.as_cascade_graph(cc.erdos_renyi_csr(n, 10.0, seed=1))
    at = sp.csr_array(cg.out_adj.T)
    rng = np.random.default_rng(3)
    seeds = [rng.choice(n, n // 100, replace=False) for _ in range(cascades)]
    res = [cc.threshold_cascade(cg, 0.1, cg.labels[s]) for s in seeds]
    xs = [[(r.adoption_round == k).astype(float) for k in range(r.rounds)] for r in res]
    ours, floor = [], []
    for _ in range(repeat):
        ours.append(cpu(lambda: [cc.threshold_cascade(cg, 0.1, cg.labels[s]) for s in seeds])[0])
        floor.append(cpu(lambda: [at @ x for xr in xs for x in xr])[0])
    rounds = np.mean([r.rounds for r in res])
    print(f"\n(f) one cascade, n = {n:,}, mean degree 10, phi = 0.1, 1% seeds: {cascades} cascades "
          f"per repeat (mean {rounds:.1f} rounds, share {np.mean([r.share for r in res]):.2f}), "
          f"{repeat} repeats, CPU ms per cascade, median [q25, q75]")
    print(f"  threshold_cascade            {fmt_spread(np.asarray(ours) / cascades, 1e-3)}")
    print(f"  bare mat-vecs of its rounds  {fmt_spread(np.asarray(floor) / cascades, 1e-3)}")
    print(f"  ratio {fmt_spread(np.asarray(ours) / np.asarray(floor))} (goal: within 3x)")


def batch_scaling_rows(n: int = 10_000, repeat: int = 3) -> None:
    """(g) How ``batch_cascades`` grows with the number of runs on 10^4 nodes.

    100, 300 and 1,000 runs (100 random seeds each, ``phi ~ N(0.12, 0.04)``), CPU
    seconds, median [q25, q75] over ``repeat``; default blocks of runs against all
    runs in one block (``chunk=runs``, the former default), interleaved; the growth
    exponent is the slope of log(time) on log(runs) of the medians.
    """
    import scipy.stats as ss

    cg = cc.as_cascade_graph(cc.erdos_renyi_csr(n, 10.0, seed=1))
    sizes = [100, 300, 1000]
    times: dict[tuple[str, int], list[float]] = {}
    same = True
    for _ in range(repeat):
        for runs in sizes:
            t_b, blocks = cpu(cc.batch_cascades, cg, ss.norm(0.12, 0.04), n_runs=runs,
                              n_random_seeds=100, rng=1)
            t_a, at_once = cpu(cc.batch_cascades, cg, ss.norm(0.12, 0.04), n_runs=runs,
                               n_random_seeds=100, rng=1, chunk=runs)
            times.setdefault(("blocks of runs (default)", runs), []).append(t_b)
            times.setdefault(("all runs in one block", runs), []).append(t_a)
            same &= bool(np.array_equal(blocks.adoption_round, at_once.adoption_round))
    print(f"\n(g) batch_cascades on n = {n:,}, growth with the number of runs; {repeat} repeats, "
          "CPU s, median [q25, q75]; results identical: " + str(same))
    for name in ("blocks of runs (default)", "all runs in one block"):
        med = [np.median(times[(name, r)]) for r in sizes]
        slope = np.polyfit(np.log(sizes), np.log(med), 1)[0]
        cells = "  ".join(f"{r} runs {fmt_spread(times[(name, r)])}" for r in sizes)
        print(f"  {name:<26} {cells}  cost ~ runs^{slope:.2f} (goal: linear)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--nx-max", type=int, default=100_000)
    ap.add_argument("--peer-sample", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3, help="repeats of the seeding rows (e)")
    ap.add_argument("--peer-pivots", type=int, default=25,
                    help="networkx betweenness pivots timed (scaled to 500)")
    ap.add_argument("--seeding-only", action="store_true", help="run only the seeding rows (e)")
    ap.add_argument("--matvec-only", action="store_true",
                    help="run only the one-cascade-against-mat-vecs rows (f)")
    ap.add_argument("--batch-scaling-only", action="store_true",
                    help="run only the batch growth rows (g)")
    args = ap.parse_args()
    print_machine()
    if args.matvec_only:
        matvec_rows()
        return
    if args.batch_scaling_only:
        batch_scaling_rows()
        return
    if args.seeding_only:
        seeding_rows(args.repeat, args.peer_pivots)
        return
    z, phi0 = 10.0, 0.1
    print(f"NDlib: {'installed' if HAVE_NDLIB else 'not installed (pip install ndlib); skipped'}")

    # ------------------------------------------------------------------ (a) one cascade
    print(f"\n(a) one cascade, Erdos-Renyi mean degree {z:g}, phi = {phi0}, 1% random seeds")
    hdr = (f"{'n':>9} {'edges':>9} {'build':>9} {'prep':>9} {'ours':>9} {'rounds':>6} "
           f"{'share':>6} {'networkx':>9} {'x faster':>9} {'NDlib':>9} {'x faster':>9}")
    print(hdr)
    print("-" * len(hdr))
    sizes, ours_t = [], []
    for n in args.sizes:
        t_build, a = timed(cc.erdos_renyi_csr, n, z, seed=1)
        t_prep, cg = timed(cc.as_cascade_graph, a)
        rng = np.random.default_rng(2)
        seeds = rng.choice(n, n // 100, replace=False)
        phi = np.full(n, phi0)
        t_ours, res = timed(cc.threshold_cascade, cg, phi, seeds, repeat=3)
        sizes.append(n)
        ours_t.append(t_ours)
        t_nx = t_nd = np.inf
        if n <= args.nx_max:
            g = nx.from_scipy_sparse_array(a)
            t_nx, ref = timed(nx_threshold_loop, g, phi, seeds)
            assert ref == set(np.flatnonzero(res.active).tolist()), "networkx loop disagrees"
            if HAVE_NDLIB:
                t_nd, ref2 = timed(ndlib_threshold, g, phi, seeds)
                assert ref2 == ref, "NDlib disagrees"
        print(f"{n:>9} {cg.n_edges:>9} {fmt(t_build)} {fmt(t_prep)} {fmt(t_ours)} "
              f"{res.rounds:>6} {res.share:>6.3f} {fmt(t_nx)} {fmt(t_nx / t_ours)} "
              f"{fmt(t_nd)} {fmt(t_nd / t_ours)}")
    print("times in seconds; 'ours' = threshold_cascade on the prepared graph (best of 3); "
          "build = erdos_renyi_csr;\nprep = as_cascade_graph (CSR checks, symmetry test); "
          "peers on the same graph, seeds and thresholds, results checked equal")

    # ------------------------------------------------------------------ (b) batched
    n, runs = 10_000, args.runs
    print(f"\n(b) {runs} cascades on n = {n}, mean degree {z:g}, phi ~ N(0.12, 0.04) drawn per "
          "run, 20 random seeds per run")
    a = cc.erdos_renyi_csr(n, z, seed=3)
    cg = cc.as_cascade_graph(a)
    rng = np.random.default_rng(4)
    thr = np.clip(rng.normal(0.12, 0.04, size=(runs, n)), 0.0, 1.0)
    seed_sets = [rng.choice(n, 20, replace=False) for _ in range(runs)]
    t_batch, b = timed(cc.batch_cascades, cg, thr, seed_sets=seed_sets)
    t_loop = time.perf_counter()
    for j in range(runs):
        r = cc.threshold_cascade(cg, thr[j], seed_sets[j])
        assert np.array_equal(r.active, b.active[j]), "batched != single"
    t_loop = time.perf_counter() - t_loop
    g = nx.from_scipy_sparse_array(a)
    k = min(args.peer_sample, runs)
    t0 = time.perf_counter()
    for j in range(k):
        ref = nx_threshold_loop(g, thr[j], seed_sets[j])
        assert ref == set(np.flatnonzero(b.active[j]).tolist()), "networkx loop disagrees"
    t_nx = (time.perf_counter() - t0) * runs / k
    t_nd = np.inf
    if HAVE_NDLIB:
        kk = max(1, k // 4)
        t0 = time.perf_counter()
        for j in range(kk):
            ref = ndlib_threshold(g, thr[j], seed_sets[j])
            assert ref == set(np.flatnonzero(b.active[j]).tolist()), "NDlib disagrees"
        t_nd = (time.perf_counter() - t0) * runs / kk
    sh = b.shares
    print(f"   mean final share {sh.mean():.3f} (min {sh.min():.3f}, max {sh.max():.3f}), "
          f"max rounds {int(b.rounds.max())}")
    rows = [("batch_cascades (one call)", t_batch, ""),
            (f"loop of {runs} threshold_cascade", t_loop, ""),
            (f"networkx loop x {runs}", t_nx, f"scaled from {k}"),
            (f"NDlib ThresholdModel x {runs}", t_nd,
             f"scaled from {max(1, k // 4)}" if HAVE_NDLIB else "not installed")]
    print(f"   {'method':<34} {'seconds':>9} {'batch is x faster':>18}  note")
    for name, t, note in rows:
        print(f"   {name:<34} {fmt(t)} {fmt(t / t_batch):>18}  {note}")

    # ------------------------------------------------------------------ (c) growth
    if len(sizes) >= 2:
        slope = np.polyfit(np.log(sizes), np.log(ours_t), 1)[0]
        print(f"\n(c) single-cascade time grows as n^{slope:.2f} over n = "
              f"{sizes[0]:,} .. {sizes[-1]:,} (edges ~ 5 n; linear work is n^1)")
        for n_, t_ in zip(sizes, ours_t, strict=True):
            print(f"   n = {n_:>9,}: {t_ * 1e3:8.1f} ms, {t_ / n_ * 1e9:6.1f} ns per node")

    # ------------------------------------------------------------------ (d) small graph
    army = cc.military_hierarchy(
        (("squad", 9), ("platoon", 3), ("company", 3), ("battalion", 3), ("brigade", 3)),
        cross_squad_p=0.05, seed=1)
    cga = cc.as_cascade_graph(army)
    rng = np.random.default_rng(6)
    thr = np.clip(rng.normal(0.25, 0.1, size=(runs, cga.n)), 0.0, 1.0)
    sets = [cga.labels[rng.choice(cga.n, 10, replace=False)].tolist() for _ in range(runs)]
    t_batch, b = timed(cc.batch_cascades, cga, thr, seed_sets=sets)
    t0 = time.perf_counter()
    for j in range(runs):
        r = cc.threshold_cascade(cga, thr[j], sets[j])
        assert np.array_equal(r.active, b.active[j]), "batched != single"
    t_loop = time.perf_counter() - t0
    print(f"\n(d) {runs} cascades on the {cga.n}-person brigade (military_hierarchy), "
          f"mean share {b.shares.mean():.3f}")
    print(f"   batch_cascades {t_batch:.3f} s, loop of threshold_cascade {t_loop:.3f} s: "
          f"batch x{t_loop / t_batch:.1f} faster")

    seeding_rows(args.repeat, args.peer_pivots)


def seeding_rows(repeat: int, peer_pivots: int) -> None:
    """(e) core numbers and sampled betweenness on the sparse matrix vs networkx."""
    a = cc.erdos_renyi_csr(100_000, 10, seed=7)
    cg = cc.as_cascade_graph(a)
    t_conv, g = cpu(nx.from_scipy_sparse_array, a)
    ours, theirs = [], []
    for _ in range(repeat):
        t, cn = cpu(cc.core_number, cg)
        ours.append(t)
        t, ref = cpu(nx.core_number, g)
        theirs.append(t)
    assert np.array_equal(cn, [ref[v] for v in range(cg.n)]), "core numbers disagree"
    print(f"\n(e) seeding on the sparse matrix; CPU s, median [q25, q75] over {repeat} runs")
    print(f"   core numbers, n = 100,000: ours {fmt_spread(ours)}, networkx.core_number "
          f"{fmt_spread(theirs)} (+ {t_conv:.2f} s to build the networkx copy): networkx "
          f"time / ours {np.median(theirs) / np.median(ours):.0f}x")
    a = cc.erdos_renyi_csr(10_000, 10, seed=8)
    cg = cc.as_cascade_graph(a)
    g = nx.from_scipy_sparse_array(a)
    ours, theirs = [], []
    for r in range(repeat):
        t, b = cpu(cc.betweenness, cg, 500, rng=r)
        ours.append(t)
        t, _ = cpu(nx.betweenness_centrality, g, k=peer_pivots, seed=r)
        theirs.append(t * 500 / peer_pivots)
    print(f"   betweenness, n = 10,000, 500 pivots: ours {fmt_spread(ours)}, networkx "
          f"{fmt_spread(theirs)} (scaled from {peer_pivots} pivots): networkx time / ours "
          f"{np.median(theirs) / np.median(ours):.0f}x; stated error (alpha = 0.05, per node) "
          f"{b.error(0.05):.3f}")


if __name__ == "__main__":
    main()
