"""Shapley value (exact vs permutations, sampled vs exact) and the least core."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compellence.coercion.shapley import (
    TUGame,
    least_core,
    masks_to_bool,
    shapley_value,
    weighted_voting_game,
    weighted_voting_shapley,
)
from compellence.errors import ParameterError, SolverError


def brute_shapley(values: np.ndarray, n: int) -> np.ndarray:
    """Average marginal contribution over all n! orders."""
    phi = np.zeros(n)
    for perm in itertools.permutations(range(n)):
        mask = 0
        for i in perm:
            phi[i] += values[mask | (1 << i)] - values[mask]
            mask |= 1 << i
    return phi / math.factorial(n)


def random_table(rng, n, batch=()):
    v = rng.normal(size=(2**n, *batch))
    v[0] = 0.0
    return v


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 6), seed=st.integers(0, 10_000))
def test_exact_matches_all_permutations(n, seed):
    rng = np.random.default_rng(seed)
    v = random_table(rng, n)
    game = TUGame(tuple(f"P{j}" for j in range(n)), v)
    phi = shapley_value(game, method="exact")
    np.testing.assert_allclose(phi.value, brute_shapley(v, n), atol=1e-10)
    assert phi.value.sum() == pytest.approx(v[-1])  # efficiency
    assert np.all(phi.stderr == 0)


def test_batched_table_equals_per_element():
    rng = np.random.default_rng(3)
    v = random_table(rng, 4, batch=(3, 2))
    game = TUGame(("a", "b", "c", "d"), v)
    phi = game.shapley()
    assert phi.value.shape == (4, 3, 2)
    for i in range(3):
        for j in range(2):
            np.testing.assert_allclose(phi.value[:, i, j], brute_shapley(v[:, i, j], 4), atol=1e-12)
    assert len(phi.to_frame()) == 4 * 6


def test_axioms_symmetry_and_null_player():
    # v depends only on |S minus {null}|: players 0..2 symmetric, player 3 null
    n = 4
    members = masks_to_bool(np.arange(2**n), n)
    size = members[:, :3].sum(axis=1)
    v = size.astype(float) ** 2
    phi = TUGame(("a", "b", "c", "null"), v).shapley().value
    assert phi[3] == pytest.approx(0.0)
    assert phi[0] == pytest.approx(phi[1]) == pytest.approx(phi[2]) == pytest.approx(3.0)


def test_un_security_council_shapley_shubik():
    """[39; 7,7,7,7,7, 1 x 10]: permanent members 0.19627, others 0.001865 (Shapley-Shubik)."""
    weights = [7] * 5 + [1] * 10
    game = weighted_voting_game(weights, 39)
    phi = game.shapley(method="exact")
    assert phi.value[0] == pytest.approx(0.196270, abs=1e-6)
    assert phi.value[-1] == pytest.approx(0.001865, abs=1e-6)
    assert phi.value.sum() == pytest.approx(1.0)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_sampled_within_a_few_standard_errors(seed):
    rng = np.random.default_rng(seed)
    n = 6
    w = rng.integers(1, 6, size=n)
    game = weighted_voting_game(list(w), float(w.sum()) / 2 + 0.5)
    exact = game.shapley(method="exact").value
    est = game.shapley(method="sample", samples=4000, seed=seed)
    assert est.samples == 4000
    z = np.abs(est.value - exact) / np.maximum(est.stderr, 1e-12)
    assert np.all((z < 5) | (np.abs(est.value - exact) < 1e-12))
    # a single permutation's marginals sum to v(N): efficiency holds exactly per sample
    assert est.value.sum() == pytest.approx(1.0)


def test_sampled_large_game_uses_function_only():
    n = 60
    w = np.arange(1, n + 1)
    game = weighted_voting_game(list(w), w.sum() / 2)
    res = shapley_value(game, samples=300, seed=1)  # auto -> sample for n > 16
    assert res.method == "sample"
    assert res.value.shape == (n,)
    assert res.value[-1] > res.value[0]  # larger weight, more power
    with pytest.raises(SolverError, match="too many to tabulate"):
        game.table()


def test_least_core_of_majority_game_is_empty():
    # three-player majority: v(S) = 1 iff |S| >= 2; least core eps = 1/3 at (1/3, 1/3, 1/3)
    game = weighted_voting_game([1, 1, 1], 2)
    core = least_core(game)
    assert float(core.epsilon) == pytest.approx(1 / 3)
    np.testing.assert_allclose(core.allocation, [1 / 3] * 3, atol=1e-9)
    assert not bool(core.nonempty)
    assert "core empty" in repr(core)


def test_convex_game_core_contains_shapley():
    # v(S) = |S|^2 is convex: the core is non-empty and contains the Shapley value
    n = 4
    v = masks_to_bool(np.arange(2**n), n).sum(axis=1).astype(float) ** 2
    game = TUGame(tuple("abcd"), v)
    core = game.least_core()
    assert bool(core.nonempty)
    phi = game.shapley().value
    members = masks_to_bool(np.arange(1, 2**n), n)
    assert np.all(members @ phi >= v[1:] - 1e-9)
    assert core.to_frame().loc[0, "core_nonempty"]


def test_from_dict_and_errors():
    g = TUGame.from_dict(["a", "b"], {frozenset({"a"}): 1, frozenset({"a", "b"}): 3})
    np.testing.assert_allclose(g.shapley().value, [2.0, 1.0])
    with pytest.raises(ParameterError, match="values"):
        TUGame(("a", "b"), np.zeros(3))
    with pytest.raises(ParameterError, match="values"):
        TUGame(("a",), np.array([1.0, 2.0]))
    with pytest.raises(ParameterError, match="values"):
        TUGame.from_dict(["a"], {frozenset({"z"}): 1})
    with pytest.raises(ParameterError, match="players"):
        TUGame(("a", "a"), np.zeros(4))
    with pytest.raises(ParameterError, match="method"):
        shapley_value(g, method="magic")
    with pytest.raises(ParameterError, match="samples"):
        shapley_value(g, method="sample", samples=1)
    bad = TUGame.from_function(("a", "b"), lambda m: np.zeros(3))
    with pytest.raises(ParameterError, match="fn"):
        bad.shapley()
    with pytest.raises(ParameterError, match="weights"):
        weighted_voting_game([-1, 2], 1)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_voting_dp_matches_enumeration(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 9))
    w = rng.integers(0, 7, size=n)
    if w.sum() == 0:
        w[0] = 1
    q = float(rng.integers(1, w.sum() + 1)) - float(rng.random() < 0.5) * 0.5
    dp = weighted_voting_shapley(list(w), max(q, 0.5))
    ex = weighted_voting_game(list(w), max(q, 0.5)).shapley(method="exact")
    np.testing.assert_allclose(dp.value, ex.value, atol=1e-12)


def test_voting_dp_large_and_un_security_council():
    un = weighted_voting_shapley([7] * 5 + [1] * 10, 39)
    assert un.value[0] == pytest.approx(0.196270, abs=1e-6)
    w = list(range(1, 41))
    dp = weighted_voting_shapley(w, sum(w) * 0.6)
    assert dp.value.sum() == pytest.approx(1.0)
    assert np.all(np.diff(dp.value) >= -1e-15)  # more weight, at least as much power
    est = weighted_voting_game(w, sum(w) * 0.6).shapley(method="sample", samples=3000, seed=2)
    # the sample stderr is 0 for a player never pivotal in the sample: allow the
    # bound 5 / samples for such rare events (Poisson: 0 hits at mean 5 has p < 0.7%)
    assert np.all(np.abs(est.value - dp.value) < 5 * est.stderr + 5 / 3000)
    with pytest.raises(ParameterError, match="weights"):
        weighted_voting_shapley([1.5, 2], 2)
