"""The fast two-player solvers: vertex enumeration by Qhull on the polar polytopes, label
bit-mask pairing, and Lemke-Howson from one label (``init_pivot``), compiled or not.

Oracles: pygambit's ``enummixed_solve`` (all extreme equilibria), the batched-support
enumeration the Qhull path replaced (kept as fallback), a brute-force label check written
here, and each player's regret computed here from the payoff matrices.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_nash import bimatrix, gambit_equilibria, same_set

import compellence as cp
from compellence.errors import ParameterError
from compellence.solvers import lemke_howson as lh_mod
from compellence.solvers import vertex_enumeration as ve_mod

nash_mod = importlib.import_module("compellence.solvers.nash")
eq_mod = importlib.import_module("compellence.solvers.equilibria")


def regret_by_hand(A, B, x, y):
    """Each player's regret, derived here: max_i (A y)_i - x'A y and max_j (x'B)_j - x'B y."""
    Ay, xB = A @ y, x @ B
    return float(Ay.max() - x @ Ay), float(xB.max() - xB @ y)


def assert_equilibrium(A, B, x, y, tol=1e-9):
    assert (x >= 0).all() and (y >= 0).all()
    assert abs(x.sum() - 1) < 1e-9 and abs(y.sum() - 1) < 1e-9
    ra, rb = regret_by_hand(A, B, x, y)
    assert ra <= tol * max(1.0, np.ptp(A)) and rb <= tol * max(1.0, np.ptp(B))


def games(draw_seed, m, n, kind):
    rng = np.random.default_rng(draw_seed)
    if kind == "normal":
        return rng.normal(size=(m, n)), rng.normal(size=(m, n))
    top = {"small_int": 2, "int": 5}[kind]
    return (rng.integers(0, top + 1, size=(m, n)).astype(float),
            rng.integers(0, top + 1, size=(m, n)).astype(float))


# ---------------------------------------------------------------- vertex enumeration
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 6), n=st.integers(2, 6),
       kind=st.sampled_from(["normal", "small_int", "int"]))
def test_qhull_vertex_enumeration_equals_gambit_and_the_support_fallback(seed, m, n, kind):
    """Random and (integer, often degenerate) games: the same extreme equilibria as Gambit's
    enummixed_solve and as the batched-support enumeration, and the same degeneracy verdict."""
    A, B = games(seed, m, n, kind)
    g = bimatrix(A, B)
    fast = cp.nash(g, "vertex")
    assert same_set(fast, gambit_equilibria(A, B))
    for e in fast:
        assert_equilibrium(A, B, *e.strategies)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ve_mod, "_vertices_by_hull", lambda C: None)
        mp.setattr(ve_mod, "_worth_compiling", lambda m, n: False)  # not the compiled walk
        slow = cp.nash(g, "vertex")
    assert same_set(fast, [e.strategies for e in slow])
    assert fast.degenerate == slow.degenerate
    assert fast.complete and slow.complete


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), r=st.integers(2, 6), d=st.integers(2, 6))
def test_polytope_vertices_are_feasible_and_each_is_fixed_by_its_tight_constraints(seed, r, d):
    """Every vertex z of {z >= 0 : C z <= 1}: feasible, and its tight constraints (zero
    coordinates, tight rows) have rank d (a vertex, derived here), and Qhull lists the same
    vertices as the batched-support enumeration."""
    C = np.random.default_rng(seed).uniform(0.1, 2.0, size=(r, d))
    Z, L = ve_mod.polytope_vertices(C, 1e-9)
    assert (Z >= 0).all() and (Z @ C.T <= 1 + 1e-9).all()
    G = np.concatenate([np.eye(d), C])
    for lab in L:
        assert np.linalg.matrix_rank(G[lab]) == d
    S = ve_mod.vertices_by_supports(C, 1e-9)
    S = np.unique(np.round(S, 8), axis=0)
    assert np.array_equal(np.unique(np.round(Z, 8), axis=0), S)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 5), n=st.integers(1, 5),
       p=st.floats(0.2, 0.8))
def test_completely_labelled_pairs_by_brute_force(seed, m, n, p):
    """Bit-mask pairing = every (a, b) with LX[a] | LY[b] all true, checked pair by pair; the
    label matrices are random with at least m (resp. n) labels per vertex, as vertices have."""
    rng = np.random.default_rng(seed)
    k = m + n

    def labels(rows, at_least):
        L = rng.random((rows, k)) < p
        for row in L:
            row[rng.choice(k, size=at_least, replace=False)] = True
        return L

    LX, LY = labels(int(rng.integers(0, 30)), m), labels(int(rng.integers(0, 30)), n)
    want = sorted((a, b) for a in range(len(LX)) for b in range(len(LY)) if (LX[a] | LY[b]).all())
    got = sorted(map(tuple, ve_mod.completely_labelled_pairs(LX, LY, m).tolist()))
    assert got == want


# ---------------------------------------------------------------- Lemke-Howson
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 6), n=st.integers(2, 6),
       kind=st.sampled_from(["normal", "small_int"]))
def test_lemke_howson_from_each_init_pivot_is_a_verified_equilibrium(seed, m, n, kind):
    """Each path (one per label) ends at an equilibrium, by each player's regret computed here;
    in nondegenerate games it is one of Gambit's; all labels together give the default result."""
    A, B = games(seed, m, n, kind)
    g = bimatrix(A, B)
    theirs = gambit_equilibria(A, B)
    union = []
    for k in range(m + n):
        res = cp.nash(g, "lemke_howson", init_pivot=k)
        assert res.info["init_pivot"] == k and not res.complete
        if res.info["failed_labels"]:  # allowed only with a note saying so
            assert any("starting labels" in note for note in res.notes)
            continue
        assert len(res) == 1
        x, y = res[0].strategies
        assert_equilibrium(A, B, x, y)
        if kind == "normal":
            assert any(np.allclose(x, a, atol=1e-6) and np.allclose(y, b, atol=1e-6)
                       for a, b in theirs)
        union.append((x, y))
    everything = cp.nash(g, "lemke_howson")
    for e in everything:
        assert any(np.allclose(e.strategies[0], x) and np.allclose(e.strategies[1], y)
                   for x, y in union)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 7), n=st.integers(1, 7),
       kind=st.sampled_from(["normal", "small_int"]))
def test_compiled_and_numpy_paths_pivot_alike(seed, m, n, kind):
    """The numba kernel and the numpy pivots follow the same rule: same endpoint, same pivots."""
    pytest.importorskip("numba")
    A, B = games(seed, m, n, kind)
    A1, B1 = eq_mod.positive_payoffs(A), eq_mod.positive_payoffs(B)
    for k in range(m + n):
        fast = lh_mod.lemke_howson_path(A1, B1, k, 1000, compiled=True)
        slow = lh_mod.lemke_howson_path(A1, B1, k, 1000, compiled=False)
        assert (fast is None) == (slow is None)
        if fast is not None:
            np.testing.assert_allclose(fast[0], slow[0], atol=1e-9)
            np.testing.assert_allclose(fast[1], slow[1], atol=1e-9)
            assert fast[2] == slow[2]


def test_lemke_howson_path_agrees_with_quantecon():
    qe = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(3)
    A, B = rng.normal(size=(2, 8, 9))
    qg = qe.NormalFormGame([qe.Player(A), qe.Player(B.T)])
    for k in range(17):
        ours = cp.nash(bimatrix(A, B), "lemke_howson", init_pivot=k)[0].strategies
        theirs = qe.lemke_howson(qg, init_pivot=k)
        np.testing.assert_allclose(ours[0], theirs[0], atol=1e-9)
        np.testing.assert_allclose(ours[1], theirs[1], atol=1e-9)


@pytest.mark.parametrize("kwargs", [
    {"method": "lemke_howson", "init_pivot": 5},
    {"method": "lemke_howson", "init_pivot": -1},
    {"method": "lemke_howson", "init_pivot": 1.5},
    {"method": "lemke_howson", "init_pivot": True},
    {"method": "vertex", "init_pivot": 0},
    {"method": "auto", "init_pivot": 0},
])
def test_init_pivot_errors_name_the_field(kwargs):
    g = bimatrix(np.arange(6.0).reshape(2, 3), np.eye(3)[:2])
    with pytest.raises(ParameterError) as err:
        cp.nash(g, **kwargs)
    assert err.value.name == "init_pivot"


def test_auto_on_a_large_game_says_it_is_incomplete_and_what_enumeration_would_cost():
    A, B = np.random.default_rng(0).normal(size=(2, 15, 15))
    res = cp.nash(bimatrix(A, B))
    assert res.method == "lemke_howson" and res.complete is False
    assert "C(30, 15) = 155,117,520" in res.notes[0]
    systems, entries = nash_mod.vertex_enumeration_size(15, 15)
    assert res.info["exhaustive_systems"] == systems == 155_117_520
    assert res.info["exhaustive_vertex_entries"] == entries
    for e in res:
        assert_equilibrium(A, B, *e.strategies)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 6), n=st.integers(1, 6),
       kind=st.sampled_from(["normal", "small_int"]), scale=st.sampled_from([1.0, 1e-20, 1e200]))
def test_compiled_one_path_checks_match_the_numpy_checks(seed, m, n, kind, scale):
    """The compiled fixed checks of a one-path call (issue 15) compute what the numpy code
    computes: positive payoffs, the payoff-resolution accept, the cleaned endpoint, payoffs,
    regrets (also by hand here) and regret tolerances."""
    pytest.importorskip("numba")
    checks, positive, resolved = lh_mod.compiled_checks()
    A, B = games(seed, m, n, kind)
    A, B = A * scale, B * scale
    np.testing.assert_allclose(positive(A), eq_mod.positive_payoffs(A), rtol=1e-12, atol=1e-15)
    flat = np.stack([A.ravel(), B.ravel()])
    ok = resolved(flat, nash_mod.MIN_PAYOFF_RESOLUTION)
    if ok:  # the fast accept never accepts a game the definition refuses
        assert (nash_mod.payoff_resolution(flat) >= nash_mod.MIN_PAYOFF_RESOLUTION).all()
    g = bimatrix(A, B)
    rng = np.random.default_rng(seed)
    x, y = rng.random(m) * (rng.random(m) < 0.7), rng.random(n) * (rng.random(n) < 0.7)
    x[-1] += 0.25
    if m > 1:
        x[0] = 1e-13  # below the cleaning threshold: dropped
    y[-1] += 0.5
    xc, yc, pays, reg, atol, _ = checks(A, B, x.copy(), y.copy(), 1e-9)
    want = tuple(eq_mod.clean_probabilities(v, 1e-12) for v in (x, y))
    np.testing.assert_allclose(xc, want[0], rtol=1e-12)
    np.testing.assert_allclose(yc, want[1], rtol=1e-12)
    p, r = nash_mod.regrets(g, want)
    np.testing.assert_allclose(pays, p, rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(reg, r, rtol=1e-9, atol=1e-12 * max(1.0, np.abs(flat).max()))
    hand = np.maximum(regret_by_hand(A, B, *want), 0.0)
    np.testing.assert_allclose(reg, hand, rtol=1e-9, atol=1e-12 * max(1.0, np.abs(flat).max()))
    np.testing.assert_allclose(atol, nash_mod.regret_tolerance(g, 1e-9), rtol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_compiled_one_path_call_equals_the_general_route(seed, monkeypatch):
    """nash(..., init_pivot=k) through the compiled checks returns what the general numpy
    route (collector, regret_tolerance) returns for the same path."""
    pytest.importorskip("numba")
    A, B = np.random.default_rng(seed).normal(size=(2, 7, 6))
    g = bimatrix(A, B)
    fast = [cp.nash(g, "lemke_howson", init_pivot=k) for k in range(13)]
    monkeypatch.setattr(lh_mod, "_one_path_compiled", lambda *a, **k: None)
    slow = [cp.nash(g, "lemke_howson", init_pivot=k) for k in range(13)]
    for f, s in zip(fast, slow):
        assert len(f) == len(s) == 1 and f.notes == s.notes and f.info == s.info
        for a, b in zip(f[0].strategies, s[0].strategies):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-15)
        np.testing.assert_allclose(f[0].payoffs, s[0].payoffs, rtol=1e-13)
        np.testing.assert_allclose(f[0].regret, s[0].regret, atol=1e-15)
