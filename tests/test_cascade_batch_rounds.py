"""``batch_cascades`` round by round: every output against a plain reference and pinned bits.

The batched runner (``threshold._run_batch``) was split into functions with one job each
(seeding, exposure by the dense or the thin route, round-1 instigators, recording a round).
These tests pin its outputs bit for bit:

* against a reference written here, each run alone with dense numpy arrays, recomputing
  every node's exposure from scratch each round, exactly as the module docstring states
  the rule (synchronous rounds; ``s_i / k_i + e_i >= phi_i`` or ``s_i + b_i >= theta_i``;
  a node caught at the moment it defects stays inactive; ``max_rounds`` stops the runs
  still changing);
* against SHA-256 digests of every output array, computed with the code before the split,
  including a case whose punishment draws come from the ``rng`` (which no independent
  reference can replay: the digest pins the order of the draws too).

All inputs are built from integer arithmetic here (no random generator), so only the
punishment draws of the last case depend on numpy's ``Generator.random`` stream.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
import scipy.sparse as sp

import compellence.cascades as cc


# ------------------------------------------------------------------ deterministic inputs
def _hash(*ints: np.ndarray | int) -> np.ndarray:
    """A fixed integer hash in [0, 2**32) (Knuth's multiplicative, int64 without overflow)."""
    x = np.int64(0)
    for k, v in zip((7919, 104729, 1299709), ints, strict=False):
        x = x + np.asarray(v, dtype=np.int64) * k
    return (x * 2654435761) % (2**32)


def _graph(n: int, per_mille: int, salt: int, directed: bool, weighted: bool) -> sp.csr_array:
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    h = _hash(i, j, salt)
    keep = (h % 1000 < per_mille) & (i != j)
    if not directed:
        keep = np.triu(keep, 1)
        keep = keep | keep.T
        h = np.minimum(h, h.T)
    w = np.where(keep, 1.0 + (h // 1000 % 3 if weighted else 0), 0.0)
    return sp.csr_array(w)


def _frac(runs: int, n: int, salt: int) -> np.ndarray:
    """Deterministic numbers in [0, 1): fractional parts of golden-ratio sequences."""
    j, i = np.meshgrid(np.arange(runs), np.arange(n), indexing="ij")
    return ((i + 1) * 0.6180339887498949 + (j + 1) * 0.7548776662466927 + salt * 0.1) % 1.0


def _seed_sets(runs: int, n: int, m: int) -> list[list[int]]:
    return [sorted({(j * 37 + r * 11) % n for r in range(m)}) for j in range(runs)]


# ------------------------------------------------------------------ the reference
def reference_batch(adj: sp.csr_array, thr: np.ndarray, kind: str, seed_sets, *,
                    external: np.ndarray | None = None, punish_prob: float = 0.0,
                    uniforms: np.ndarray | None = None, max_rounds: int | None = None):
    """Every run alone, every round's exposure recomputed from all active nodes."""
    w = adj.toarray()  # w[u, v]: weight of the edge u -> v
    runs, n = thr.shape
    k = w.sum(axis=0)  # weighted in-degree
    ext = np.zeros((runs, n)) if external is None else np.broadcast_to(external, (runs, n))
    cap = n + 1 if max_rounds is None else max_rounds
    u = np.ones((runs, n)) if uniforms is None else uniforms
    out = {"active": [], "adoption_round": [], "punished": [], "series": [], "rounds": [],
           "converged": []}
    for r in range(runs):
        active = np.zeros(n, dtype=bool)
        punished = np.zeros(n, dtype=bool)
        blocked = np.zeros(n, dtype=bool)
        adopt = np.full(n, -1)
        for i in seed_sets[r]:
            blocked[i] = True
            if u[r, i] < punish_prob:
                punished[i] = True
            else:
                active[i] = True
                adopt[i] = 0
        series, t, last, converged = [int(active.sum())], 0, 0, True
        while True:
            s = active.astype(float) @ w
            if kind == "fraction":
                with np.errstate(divide="ignore", invalid="ignore"):
                    ok = np.where(k > 0, s / k + ext[r] >= thr[r], thr[r] - ext[r] <= 0)
            else:
                ok = s + ext[r] >= thr[r]
            cand = ok & ~blocked
            if not cand.any():
                break
            if t >= cap:
                converged = False
                break
            t += 1
            blocked |= cand
            caught = cand & (u[r] < punish_prob)
            punished |= caught
            newly = cand & ~caught
            active |= newly
            adopt[newly] = t
            if newly.any():
                last = t
            series.append(int(active.sum()))
        for key, val in zip(out, (active, adopt, punished, series, last, converged), strict=True):
            out[key].append(val)
    width = max(len(s) for s in out["series"])
    out["series"] = [s + [s[-1]] * (width - len(s)) for s in out["series"]]
    return {key: np.array(val) for key, val in out.items()}


FIELDS = ("active", "adoption_round", "punished", "series", "rounds", "converged")


def _digest(batch) -> str:
    h = hashlib.sha256()
    for f in FIELDS:
        a = np.asarray(getattr(batch, f))
        a = a.astype(np.int64) if a.dtype.kind in "iu" else a.astype(bool)
        h.update(f.encode())
        h.update(str(a.shape).encode())
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()[:24]


# ------------------------------------------------------------------ the cases
def _case(name: str):
    if name == "thin_blocks":  # sparse graph, long cascades, several blocks of 8 runs
        n, runs = 400, 24
        adj = _graph(n, 15, 1, directed=False, weighted=False)
        thr = 0.1 + 0.35 * _frac(runs, n, 1)
        kw = dict(seed_sets=_seed_sets(runs, n, 3), chunk=8)
        return adj, thr, "fraction", kw
    if name == "dense_directed":  # mean degree 20 on 80 nodes: the dense route, instigators
        n, runs = 80, 48
        adj = _graph(n, 250, 2, directed=True, weighted=False)
        thr = _frac(runs, n, 2)
        thr[:, ::29] = 0.0
        kw = dict(seed_sets=_seed_sets(runs, n, 6))
        return adj, thr, "fraction", kw
    if name == "common_thresholds":  # one (n,) threshold vector for every run
        n, runs = 200, 30
        adj = _graph(n, 40, 3, directed=False, weighted=False)
        thr = np.broadcast_to(0.1 + 0.35 * _frac(1, n, 3), (runs, n))
        kw = dict(seed_sets=_seed_sets(runs, n, 2), thresholds_1d=True)
        return adj, thr, "fraction", kw
    if name == "weighted_count_caught_capped":
        n, runs = 150, 30
        adj = _graph(n, 60, 4, directed=False, weighted=True)
        thr = np.floor(7 * _frac(runs, n, 4))
        ext = 0.5 * np.floor(3 * _frac(runs, n, 5))
        kw = dict(seed_sets=_seed_sets(runs, n, 4), external=ext, punish_prob=0.25,
                  catch_uniforms=_frac(runs, n, 6), max_rounds=4)
        return adj, thr, "count", kw
    if name == "drawn_punishment":
        n, runs = 120, 40
        adj = _graph(n, 80, 5, directed=False, weighted=False)
        thr = 0.3 * _frac(runs, n, 7)
        kw = dict(seed_sets=_seed_sets(runs, n, 5), external=0.05, punish_prob=0.3, rng=12345)
        return adj, thr, "fraction", kw
    if name in ("dense_capped_caught", "dense_sweep_drawn"):
        # small dense graph, runs with 0, 3, 6 or 9 seeds: some runs stop while others go on
        n, runs = 60, 32
        adj = _graph(n, 300, 6, directed=False, weighted=False)
        seeds = [s[: 3 * (j % 4)] for j, s in enumerate(_seed_sets(runs, n, 9))]
        if name == "dense_capped_caught":
            thr = 0.8 * _frac(runs, n, 8)
            kw = dict(seed_sets=seeds, punish_prob=0.2, catch_uniforms=_frac(runs, n, 9),
                      max_rounds=2)
        else:
            thr = 0.5 * _frac(runs, n, 10)
            kw = dict(seed_sets=seeds, punish_prob=0.1, rng=7)
        return adj, thr, "fraction", kw
    raise KeyError(name)


def _run(name: str):
    adj, thr, kind, kw = _case(name)
    kw = dict(kw)
    thresholds = thr[0] if kw.pop("thresholds_1d", False) else thr
    return cc.batch_cascades(adj, thresholds, kind=kind, **kw), (adj, thr, kind, kw)


#: SHA-256 (first 24 hex digits) of every output, computed by the code before the split
PINNED = {
    "thin_blocks": "469c916df22d357f5655fca2",
    "dense_directed": "141c670dc6c0ccd02e0a0e8a",
    "common_thresholds": "63acb6b6f1b91b072ddedd11",
    "weighted_count_caught_capped": "ad385f804bda273188d05c75",
    "drawn_punishment": "11cc8c10755289f3ca8628c8",
    "dense_capped_caught": "3bf333d3f8d7d103c09a2693",
    "dense_sweep_drawn": "ebbaedfd8518c19d3d39a451",
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_batch_outputs_are_pinned_bit_for_bit(name):
    batch, _ = _run(name)
    assert _digest(batch) == PINNED[name]


@pytest.mark.parametrize("name", ["thin_blocks", "dense_directed", "common_thresholds",
                                  "weighted_count_caught_capped", "dense_capped_caught"])
def test_batch_equals_the_plain_reference(name):
    batch, (adj, thr, kind, kw) = _run(name)
    ref = reference_batch(adj, thr, kind, kw["seed_sets"], external=kw.get("external"),
                          punish_prob=kw.get("punish_prob", 0.0),
                          uniforms=kw.get("catch_uniforms"), max_rounds=kw.get("max_rounds"))
    for f in FIELDS:
        np.testing.assert_array_equal(np.asarray(getattr(batch, f)), ref[f], err_msg=f)


def test_the_cases_exercise_what_they_are_named_for():
    """Not vacuous: cascades spread, some nodes are caught, some runs hit the round cap."""
    thin, _ = _run("thin_blocks")
    assert thin.series.shape[1] > 6 and (thin.sizes > 3).any()
    dense, _ = _run("dense_directed")
    assert (dense.sizes > 40).any() and (dense.sizes < 80).any()
    capped, _ = _run("weighted_count_caught_capped")
    assert capped.punished.any() and not capped.converged.all() and capped.converged.any()
    drawn, _ = _run("drawn_punishment")
    assert drawn.punished.any() and (drawn.sizes > 10).any()
    for name in ("dense_capped_caught", "dense_sweep_drawn"):
        mixed, _ = _run(name)
        assert (mixed.sizes[::4] == 0).all() and (mixed.sizes > 10).any() and mixed.punished.any()
    assert not _run("dense_capped_caught")[0].converged.all()
