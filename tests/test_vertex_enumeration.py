"""The compiled vertex enumeration (pivot walk of the best-response polytopes, label masks
hashed) against the Qhull path it skips, and both against independent oracles.

Oracles: the vertices of ``{z >= 0 : C z <= 1}`` enumerated here by brute force (every
choice of ``d`` tight constraints among the ``d + r``, solved and checked for feasibility),
labels recomputed here from the coordinates, each player's regret computed here from the
payoff matrices, and the equilibrium sets of pygambit's ``enummixed_solve`` (test extra),
QuantEcon's ``vertex_enumeration`` and nashpy's ``vertex_enumeration`` (bench extra; those
tests skip without them).
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_nash import bimatrix, gambit_equilibria, same_set

from compellence.errors import ParameterError
from compellence.solvers import vertex_enumeration as ve_mod
from compellence.solvers import vertex_kernels as vk
from compellence.solvers.equilibria import positive_payoffs

numba = pytest.importorskip("numba", reason="numba (the 'fast' extra) is not installed: "
                            "no compiled walk to compare")


def kernels():
    ks = vk.compiled_vertex_kernels()
    assert ks is not None
    return ks


def random_game(seed, m, n, kind):
    rng = np.random.default_rng(seed)
    if kind == "normal":
        return rng.normal(size=(m, n)), rng.normal(size=(m, n))
    if kind == "duplicate":  # a column copied in both matrices: a degenerate game
        A, B = rng.normal(size=(2, m, n))
        A[:, -1], B[:, -1] = A[:, 0], B[:, 0]
        return A, B
    top = {"small_int": 2, "int": 6}[kind]
    return (rng.integers(0, top + 1, size=(m, n)).astype(float),
            rng.integers(0, top + 1, size=(m, n)).astype(float))


def brute_force_vertices(C, atol=1e-9):
    """Vertices of {z >= 0 : C z <= 1}, derived here: for every set of d constraints among
    z_k = 0 (k < d) and (C z)_i = 1, the unique solution if it is feasible."""
    r, d = C.shape
    G = np.concatenate([np.eye(d), C])
    h = np.concatenate([np.zeros(d), np.ones(r)])
    out = []
    for rows in itertools.combinations(range(d + r), d):
        M = G[list(rows)]
        if abs(np.linalg.det(M)) < 1e-12:
            continue
        z = np.linalg.solve(M, h[list(rows)])
        if (z >= -atol).all() and (C @ z <= 1 + atol).all():
            if not any(np.allclose(z, v, atol=1e-9) for v in out):
                out.append(z)
    return np.array(out)


def regret_by_hand(A, B, x, y):
    """max_i (A y)_i - x'A y and max_j (x'B)_j - x'B y."""
    Ay, xB = A @ y, x @ B
    return float(Ay.max() - x @ Ay), float(xB.max() - xB @ y)


# ---------------------------------------------------------------- the walk itself
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), r=st.integers(1, 6), d=st.integers(1, 6))
def test_walk_lists_every_vertex_with_its_labels(seed, r, d):
    """A random positive C (nondegenerate with probability one): the walk's vertices are the
    brute-force vertices (0 first), and each mask is the labels recomputed from z."""
    C = np.random.default_rng(seed).uniform(0.1, 2.0, size=(r, d))
    walk, _ = kernels()
    status, masks, Z = walk(C, 1e-9, 1e-12)
    assert status == vk.OK
    want = brute_force_vertices(C)
    assert Z.shape == want.shape
    assert np.array_equal(np.unique(np.round(Z, 8), axis=0), np.unique(np.round(want, 8), axis=0))
    assert (Z[0] == 0).all()
    for z, mask in zip(Z, masks):
        labels = np.concatenate([np.abs(z) <= 1e-9, np.abs(C @ z - 1) <= 1e-9])
        assert labels.sum() == d  # nondegenerate: exactly d labels
        assert int(mask) == sum(1 << k for k in np.flatnonzero(labels))


def test_walk_stops_at_a_degenerate_vertex():
    """Two identical rows: the vertex (1, 0) has both tight, three labels in the plane."""
    walk, _ = kernels()
    C = np.array([[1.0, 0.5], [1.0, 0.5], [0.2, 1.0]])
    assert walk(C, 1e-9, 1e-12)[0] == vk.DEGENERATE
    # three of the lines C z = 1 through one point, (1/3, 1/3)
    C = np.array([[2.0, 1.0], [1.0, 2.0], [1.5, 1.5]])
    assert walk(C, 1e-9, 1e-12)[0] == vk.DEGENERATE


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 6), n=st.integers(1, 6))
def test_pairing_equals_the_labels_checked_pair_by_pair(seed, m, n):
    """The hashed complement look-up = every (a, b), vertex 0 of either polytope excluded, whose
    labels (recomputed here from the coordinates, in the game's order) cover 0..m+n-1."""
    A, B = random_game(seed, m, n, "normal")
    A1, B1 = positive_payoffs(A), positive_payoffs(B)
    walk, pair = kernels()
    sp, mp, X = walk(np.ascontiguousarray(B1.T), 1e-9, 1e-12)
    sq, mq, Y = walk(A1, 1e-9, 1e-12)
    assert sp == sq == vk.OK
    LX = np.concatenate([X <= 1e-9, np.abs(X @ B1 - 1) <= 1e-9], axis=1)
    LY = np.concatenate([np.abs(Y @ A1.T - 1) <= 1e-9, Y <= 1e-9], axis=1)
    want = sorted((a, b) for a in range(1, len(X)) for b in range(1, len(Y))
                  if (LX[a] | LY[b]).all())
    got = sorted(map(tuple, pair(mp, mq, m, n).tolist()))
    assert got == want


# ---------------------------------------------------------------- compiled vs Qhull path
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 7), n=st.integers(1, 7),
       kind=st.sampled_from(["normal", "small_int", "int", "duplicate"]))
def test_compiled_and_qhull_paths_give_the_same_equilibria(seed, m, n, kind):
    """Same extreme equilibria, degeneracy verdict and completeness with and without the
    compiled walk (degenerate games fall back to Qhull inside the compiled call), and each
    equilibrium passes the regret check computed here."""
    A, B = random_game(seed, m, n, kind)
    g = bimatrix(A, B)
    fast = ve_mod.vertex_enumeration(g, 1e-9, compiled=True)
    slow = ve_mod.vertex_enumeration(g, 1e-9, compiled=False)
    assert slow.info["vertex_path"] == "qhull"
    assert same_set(fast, [e.strategies for e in slow], atol=1e-9)
    assert fast.degenerate == slow.degenerate
    assert fast.complete == slow.complete
    assert fast.info["n_vertices"] == slow.info["n_vertices"] or fast.degenerate
    if fast.info["vertex_path"] == "pivot walk":
        assert not fast.degenerate
    scale = (max(1.0, float(np.ptp(A))), max(1.0, float(np.ptp(B))))
    for e in fast:
        x, y = e.strategies
        assert (x >= 0).all() and (y >= 0).all()
        assert abs(x.sum() - 1) < 1e-12 and abs(y.sum() - 1) < 1e-12
        ra, rb = regret_by_hand(A, B, x, y)
        assert ra <= 1e-9 * scale[0] and rb <= 1e-9 * scale[1]


def test_a_12x12_game_that_outgrows_every_initial_array():
    """Thousands of vertices (more than the walk's initial pool, vertex arrays and hash table
    hold, so each is enlarged and the kernel resumed): the same vertices and equilibria as the
    Qhull path."""
    A, B = np.random.default_rng(1).normal(size=(2, 12, 12))
    g = bimatrix(A, B)
    fast = ve_mod.vertex_enumeration(g, 1e-9, compiled=True)
    slow = ve_mod.vertex_enumeration(g, 1e-9, compiled=False)
    assert fast.info["vertex_path"] == "pivot walk"
    assert fast.info["n_vertices"] == slow.info["n_vertices"]
    assert max(fast.info["n_vertices"]) > 4096
    assert same_set(fast, [e.strategies for e in slow], atol=1e-9)


def test_random_games_use_the_walk_and_degenerate_ones_fall_back():
    g = bimatrix(*random_game(1, 6, 7, "normal"))
    res = ve_mod.vertex_enumeration(g, 1e-9, compiled=True)
    assert res.info["vertex_path"] == "pivot walk" and not res.degenerate
    g = bimatrix(*random_game(1, 6, 7, "duplicate"))
    res = ve_mod.vertex_enumeration(g, 1e-9, compiled=True)
    assert res.info["vertex_path"] == "qhull" and res.degenerate


def test_compiled_true_without_numba_names_the_field(monkeypatch):
    monkeypatch.setattr(vk, "_COMPILED", False)  # as if numba could not be imported
    g = bimatrix(*random_game(0, 3, 3, "normal"))
    with pytest.raises(ParameterError, match="compiled"):
        ve_mod.vertex_enumeration(g, 1e-9, compiled=True)
    assert ve_mod.vertex_enumeration(g, 1e-9).info["vertex_path"] == "qhull"


# ---------------------------------------------------------------- peers on random games
@pytest.mark.parametrize("seed,m,n", [(0, 7, 7), (1, 8, 6), (2, 6, 9), (3, 9, 9)])
def test_compiled_equals_pygambit_enummixed(seed, m, n):
    A, B = random_game(seed, m, n, "normal")
    res = ve_mod.vertex_enumeration(bimatrix(A, B), 1e-9, compiled=True)
    assert res.info["vertex_path"] == "pivot walk"
    assert same_set(res, gambit_equilibria(A, B))


@pytest.mark.parametrize("seed,size", [(10, 8), (11, 10), (12, 10), (13, 11)])
def test_compiled_equals_quantecon_vertex_enumeration(seed, size):
    qe = pytest.importorskip("quantecon.game_theory")
    A, B = random_game(seed, size, size, "normal")
    res = ve_mod.vertex_enumeration(bimatrix(A, B), 1e-9, compiled=True)
    assert res.info["vertex_path"] == "pivot walk"
    theirs = qe.vertex_enumeration(qe.NormalFormGame([qe.Player(A), qe.Player(B.T)]))
    assert same_set(res, theirs, atol=1e-9)


@pytest.mark.parametrize("seed,m,n", [(20, 4, 5), (21, 5, 5)])
def test_compiled_equals_nashpy_vertex_enumeration(seed, m, n):
    nashpy = pytest.importorskip("nashpy")
    A, B = random_game(seed, m, n, "normal")
    res = ve_mod.vertex_enumeration(bimatrix(A, B), 1e-9, compiled=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = list(nashpy.Game(A, B).vertex_enumeration())
    assert same_set(res, theirs)
