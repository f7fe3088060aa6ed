"""The frontier-based single cascade against the full-scan rounds it replaces.

``threshold_cascade`` updates only the nodes the new defectors reach in each round.
The reference below is the full-scan loop (every round: add the new defectors'
exposure to all ``n`` nodes, then test every node): on random graphs (weighted or
not, directed or not, with external exposure, zero thresholds and repression) both
must give the same defectors, rounds, punishments and series.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence.cascades as cc
from compellence.cascades import threshold as th


def full_scan(cg, req, seed_idx, q, cap, gen):
    """Synchronous rounds: i activates iff not yet active or punished and exposure_i >= req_i."""
    n = cg.n
    active, blocked, punished = (np.zeros(n, dtype=bool) for _ in range(3))
    rnd = np.full(n, -1, dtype=np.int64)
    exposure = np.zeros(n)
    new = th._start(seed_idx, q, gen, active, blocked, punished)
    rnd[new] = 0
    series, t, converged = [int(new.size)], 0, True
    while True:
        if new.size:
            exposure += th._gather_exposure(cg, new)
        cand = np.flatnonzero(~blocked & (exposure >= req))
        if cand.size == 0:
            break
        if t >= cap:
            converged = False
            break
        t += 1
        blocked[cand] = True
        cand = th._catch(cand, q, gen, punished)
        active[cand] = True
        rnd[cand] = t
        series.append(series[-1] + int(cand.size))
        new = cand
    return active, rnd, punished, np.asarray(series), t, converged


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 300), degree=st.floats(0.5, 8.0),
       weighted=st.booleans(), directed=st.booleans(), kind=st.sampled_from(["fraction", "count"]),
       q=st.sampled_from([0.0, 0.3]), external=st.booleans(), n_seeds=st.integers(0, 5),
       max_rounds=st.sampled_from([None, 1, 3]))
def test_frontier_rounds_equal_full_scan_rounds(seed, n, degree, weighted, directed, kind, q,
                                                 external, n_seeds, max_rounds):
    rng = np.random.default_rng(seed)
    m = rng.random((n, n)) < degree / max(n - 1, 1)
    np.fill_diagonal(m, False)
    if not directed:
        m = m | m.T
    w = np.where(m, rng.random((n, n)) + 0.1 if weighted else 1.0, 0.0)
    if not directed:
        w = np.triu(w) + np.triu(w, 1).T
    adj = sp.csr_array(w)
    cg = cc.as_cascade_graph(adj)
    thr = (np.clip(rng.normal(0.15, 0.1, n), 0, 1) if kind == "fraction"
           else rng.integers(0, 4, n).astype(float))
    thr[rng.random(n) < 0.05] = 0.0  # some nodes need no exposure at all
    ext = rng.random(n) * 0.1 if external else None
    seeds = rng.choice(n, size=min(n_seeds, n), replace=False)
    got = cc.threshold_cascade(cg, thr, seeds.tolist(), kind=kind, external=ext, punish_prob=q,
                               max_rounds=max_rounds, rng=seed)
    req = th._required(th.resolve_thresholds(thr, cg, kind, None, np.random.default_rng(seed)),
                       th._resolve_external(ext, cg, kind, None), cg, kind)
    want = full_scan(cg, req, th._seed_index(cg, seeds.tolist()), q,
                     th._check_max_rounds(max_rounds, n), np.random.default_rng(seed))
    np.testing.assert_array_equal(got.active, want[0])
    np.testing.assert_array_equal(got.adoption_round, want[1])
    np.testing.assert_array_equal(got.punished, want[2])
    np.testing.assert_array_equal(got.series, want[3])
    assert (got.rounds, got.converged) == want[4:]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(2, 200), runs=st.integers(1, 40),
       uniforms=st.booleans(), kind=st.sampled_from(["fraction", "count"]))
def test_default_blocks_of_runs_give_the_all_at_once_results(seed, n, runs, uniforms, kind):
    """batch_cascades runs blocks of runs by default where that cannot change a result."""
    rng = np.random.default_rng(seed)
    cg = cc.as_cascade_graph(cc.erdos_renyi_csr(n, min(4.0, n - 1), seed=seed))
    thr = (np.clip(rng.normal(0.2, 0.1, (runs, n)), 0, 1) if kind == "fraction"
           else rng.integers(0, 3, (runs, n)).astype(float))
    kw = dict(kind=kind, n_random_seeds=min(2, n), n_runs=runs)
    if uniforms:
        kw.update(punish_prob=0.3, catch_uniforms=rng.random((runs, n)))
    th_mod_chunk = th._CHUNK_BYTES
    try:
        th._CHUNK_BYTES = 20 * n * 3  # blocks of 8 runs (the smallest default block)
        blocks = cc.batch_cascades(cg, thr, rng=seed, **kw)
    finally:
        th._CHUNK_BYTES = th_mod_chunk
    at_once = cc.batch_cascades(cg, thr, rng=seed, chunk=runs, **kw)
    for name in ("active", "adoption_round", "punished", "series", "rounds", "converged"):
        np.testing.assert_array_equal(getattr(blocks, name), getattr(at_once, name))
