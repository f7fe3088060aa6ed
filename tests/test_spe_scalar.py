"""The plain-Python pass for small scalar games gives what the batched pass gives, exactly.

``cp.spe`` on a scalar game (batch shape ``()``) of at most
``SCALAR_MAX_NODES`` nodes runs ``_scalar_backward_induction``; every other
game runs ``_batched_backward_induction``.  Both are run here on the same
random trees (decision and chance nodes with one to five actions, one to
three players, payoffs on a coarse grid so that ties within ``tol`` are
common) and must agree bit for bit: values, ties, behaviour strategy, node
values, equilibrium paths.  An independent recursive backward induction
written here checks the values too.
"""

from __future__ import annotations

import importlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.solvers.backward_induction import (
    SCALAR_MAX_NODES,
    _batched_backward_induction,
    _scalar_backward_induction,
)

# the module that holds the backward-induction passes
spe_module = importlib.import_module("compellence.solvers.backward_induction")

PLAYERS = ("A", "B", "C")


def random_spec(rng: np.random.Generator, n_players: int, depth: int, grid: float,
                batch: tuple[int, ...] = ()):
    """A random perfect-information tree; payoffs are multiples of ``grid`` (ties when coarse)."""

    def pay():
        shape = batch if (batch and rng.random() < 0.5) else ()
        return rng.integers(-4, 5, size=shape) * grid + (0.0 if grid >= 0.5 else rng.normal(size=shape))

    def build(d: int):
        if d == 0 or rng.random() < 0.2:
            return cp.outcome(*[pay() for _ in range(n_players)])
        k = int(rng.integers(1, 6))
        if rng.random() < 0.3:
            shape = batch if (batch and rng.random() < 0.5) else ()
            w = rng.random(size=(k, *shape)) + 0.05
            w = w / w.sum(axis=0)
            return cp.chance({f"c{j}": (w[j], build(d - 1)) for j in range(k)})
        who = PLAYERS[int(rng.integers(n_players))]
        return cp.decision(who, {f"a{j}": build(d - 1) for j in range(k)})

    return build(depth)


def recursive_value(spec, players, tol):
    """Independent recursive backward induction, first best action within tol (values only)."""
    if isinstance(spec, cp.games.OutcomeNode):
        return [float(v) for v in spec.payoffs]
    if isinstance(spec, cp.games.ChanceNode):
        total = None
        for p, sub in spec.branches.values():
            v = [float(p) * x for x in recursive_value(sub, players, tol)]
            total = v if total is None else [a + b for a, b in zip(total, v, strict=True)]
        return total
    j = players.index(spec.player)
    vals = [recursive_value(sub, players, tol) for sub in spec.actions.values()]
    top = max(v[j] for v in vals)
    return next(v for v in vals if v[j] >= top - tol)


def assert_same(a: cp.Solution, b: cp.Solution) -> None:
    np.testing.assert_array_equal(a.value, b.value)
    np.testing.assert_array_equal(a.ties, b.ties)
    np.testing.assert_array_equal(a.edge_prob, b.edge_prob)
    np.testing.assert_array_equal(a.node_value, b.node_value)
    assert a.value.shape == b.value.shape and a.ties.dtype == b.ties.dtype == bool
    assert a.info == b.info and a.method == b.method
    assert a.strategy.keys() == b.strategy.keys()
    for label in a.strategy:
        for action, p in a.strategy[label].items():
            np.testing.assert_array_equal(p, b.strategy[label][action])


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_players=st.integers(1, 3),
    depth=st.integers(0, 5),
    grid=st.sampled_from([1.0, 0.5, 0.1]),
    ties=st.sampled_from(["first", "uniform"]),
    tol=st.sampled_from([0.0, 1e-9, 0.3]),
)
def test_scalar_pass_equals_batched_pass(seed, n_players, depth, grid, ties, tol):
    rng = np.random.default_rng(seed)
    game = cp.Game(PLAYERS[:n_players], random_spec(rng, n_players, depth, grid))
    fast = _scalar_backward_induction(game, ties=ties, tol=tol)
    slow = _batched_backward_induction(game, ties=ties, tol=tol)
    assert_same(fast, slow)
    assert fast.path() == slow.path()
    assert fast.paths() == slow.paths()
    if ties == "first":
        want = recursive_value(game.to_spec(), list(game.players), tol)
        np.testing.assert_allclose(fast.value, want, rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_players=st.integers(1, 3),
       ties=st.sampled_from(["first", "uniform"]))
def test_elements_of_a_batched_game_solved_one_by_one_match_the_batch(seed, n_players, ties):
    """A loop of scalar solves (the fast pass) reproduces the batched solve element by element."""
    rng = np.random.default_rng(seed)
    game = cp.Game(PLAYERS[:n_players], random_spec(rng, n_players, 4, 0.5, batch=(3, 2)))
    batched = cp.spe(game, ties=ties)
    for idx in np.ndindex(*game.batch_shape):
        element = game.at(idx)
        one = cp.spe(element, ties=ties)
        np.testing.assert_array_equal(one.value, batched.value[(slice(None), *idx)])
        np.testing.assert_array_equal(one.ties, batched.ties[(slice(None), *idx)])
        np.testing.assert_array_equal(one.edge_prob, batched.edge_prob[(slice(None), *idx)])
        assert one.path() == batched.path(idx)


def test_spe_dispatches_small_scalar_games_to_the_scalar_pass(monkeypatch):
    calls = []
    real = spe_module._scalar_backward_induction

    def spy(game, **kw):
        calls.append(game.n_nodes)
        return real(game, **kw)

    monkeypatch.setattr(spe_module, "_scalar_backward_induction", spy)
    small = cp.Game(["A", "B"], random_spec(np.random.default_rng(1), 2, 4, 1.0))
    assert small.n_nodes <= SCALAR_MAX_NODES
    cp.spe(small)
    assert calls == [small.n_nodes]
    batched = cp.Game(["A", "B"], random_spec(np.random.default_rng(1), 2, 4, 1.0, batch=(2,)))
    cp.spe(batched)
    assert calls == [small.n_nodes]  # batched games keep the vectorised pass


def test_scalar_pass_single_node_and_one_action_games():
    only = cp.Game(["A"], cp.outcome(2.5))
    assert_same(_scalar_backward_induction(only), _batched_backward_induction(only))
    chain = cp.Game(["A", "B"], cp.decision("A", {"go": cp.chance({"c": (1.0, cp.outcome(1, 2))})}))
    for ties in ("first", "uniform"):
        fast = _scalar_backward_induction(chain, ties=ties)
        assert_same(fast, _batched_backward_induction(chain, ties=ties))
        assert fast.path() == ("go", "c") and fast.value.tolist() == [1.0, 2.0]
