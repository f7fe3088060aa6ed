"""The compiled per-period kernel (numba) against the numpy path: bit-identical values and policies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compellence.coercion.dynamics import (
    CoercionDynamics,
    MarkovGame,
    StateSpace,
    backward_induction_dynamic,
    kernels,
    policy_iteration,
    solvers,
    value_iteration,
)
from compellence.errors import ParameterError

numba = pytest.importorskip("numba", reason="numba (the 'fast' extra) is not installed: no compiled kernel to compare")


def random_game(seed: int, S: int, A: int, B: int, Q: int, batch: int, coarse: bool, comply: bool) -> MarkovGame:
    """A random Markov game with random action masks, terminal answers, successor lotteries and an
    optional batch axis; ``coarse`` rounds every payoff to quarters so that exact ties are common."""
    rng = np.random.default_rng(seed)
    bshape = (batch,) if batch else ()

    def pay(*shape):
        x = rng.uniform(-1, 1, (*bshape, *shape))
        return np.round(4 * x) / 4 if coarse else x

    ca = rng.random((S, A)) < 0.7
    ca[np.arange(S), rng.integers(0, A, S)] = True          # every state has an allowed move
    ta = rng.random((S, B)) < 0.7
    ta[np.arange(S), rng.integers(0, B, S)] = True          # every after-state has an allowed answer
    prob = rng.random((*bshape, S, B, Q)) + 0.05
    prob /= prob.sum(-1, keepdims=True)
    names = ["comply", "resist", "escalate", "wait"][:B] if comply else [f"b{i}" for i in range(B)]
    return MarkovGame(
        states=StateSpace({"z": np.arange(S)}), coercer_actions=tuple(f"a{i}" for i in range(A)),
        target_actions=tuple(names), after=rng.integers(0, S, (S, A)), coercer_allowed=ca,
        move_payoff=pay(S, A, 2), target_allowed=ta, payoff=pay(S, B, 2), terminal=rng.random((S, B)) < 0.3,
        succ=rng.integers(0, S, (S, B, Q)), prob=prob,
        delta=rng.uniform(0.5, 0.95, bshape) if batch else rng.uniform(0.5, 0.95),
        end_value=pay(S, B, 2),
    )


def assert_same_finite(x, y):
    for name in ("policy", "response", "value", "values", "margin", "ties_coercer", "ties_target"):
        a, b = getattr(x, name), getattr(y, name)
        assert np.array_equal(a, b), name
    assert x.policy.dtype == y.policy.dtype and x.response.dtype == y.response.dtype


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**31), S=st.integers(1, 40), A=st.integers(1, 5), B=st.integers(1, 4),
       Q=st.integers(1, 4), T=st.integers(1, 6), batch=st.integers(0, 3), coarse=st.booleans(),
       comply=st.booleans(), columns=st.booleans())
def test_kernel_and_numpy_path_give_identical_finite_horizon_solutions(seed, S, A, B, Q, T, batch, coarse, comply,
                                                                       columns):
    g = random_game(seed, S, A, B, Q, batch, coarse, comply)
    old = solvers.COLUMNS_MIN_STATES
    solvers.COLUMNS_MIN_STATES = 0 if columns else old   # the numpy path in either of its layouts
    try:
        ref = backward_induction_dynamic(g, T, keep="all", compiled=False)
    finally:
        solvers.COLUMNS_MIN_STATES = old
    fast = backward_induction_dynamic(g, T, keep="all", compiled=True)
    assert_same_finite(fast, ref)
    only_policy = backward_induction_dynamic(g, T, keep="policy", compiled=True)
    assert np.array_equal(only_policy.policy, ref.policy) and np.array_equal(only_policy.value, ref.value)
    assert only_policy.values is None


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), S=st.integers(1, 12), A=st.integers(1, 4), B=st.integers(1, 3),
       Q=st.integers(1, 3), coarse=st.booleans(), batch=st.integers(0, 2))
def test_kernel_and_numpy_path_give_identical_stationary_searches(seed, S, A, B, Q, coarse, batch):
    gb = random_game(seed, S, A, B, Q, batch, coarse, True)
    x, y = value_iteration(gb, max_iter=200, compiled=True), value_iteration(gb, max_iter=200, compiled=False)
    assert x.status == y.status and np.array_equal(x.policy, y.policy) and np.array_equal(x.value, y.value)
    g = random_game(seed, S, A, B, Q, 0, coarse, True)
    for run in (lambda c: value_iteration(g, max_iter=300, compiled=c),
                lambda c: policy_iteration(g, np.zeros(S, int), np.zeros(S, int), max_iter=50, compiled=c)):
        x, y = run(True), run(False)
        assert x.status == y.status and x.iterations == y.iterations
        assert np.array_equal(x.policy, y.policy) and np.array_equal(x.response, y.response)
        assert np.array_equal(x.value, y.value) and np.array_equal(x.residual, y.residual)
        assert x.policy.dtype == y.policy.dtype


def test_kernel_on_the_coercion_model_with_chance_and_a_sweep():
    """The package's own model: chance moves (several successors), a batch axis, the comply margin."""
    m = CoercionDynamics(punishment_levels=3, demands=(0.3, 0.9), bite=(0.2, 0.6, 1.0), insulation=(0.0, 0.3),
                         adaptation=0.5, power=(0.6, 0.4), power_shift=0.5, insurgency=(0.0, 0.05),
                         insurgency_persistence=0.7, cohesion=(1.0, 0.8), fray=0.3, war=True,
                         audience_cost=np.array([0.0, 0.02, 0.1]))
    g = m.game()
    assert g.batch_shape == (3,) and g.succ.shape[-1] > 1
    assert_same_finite(backward_induction_dynamic(g, 25, keep="all", compiled=True),
                       backward_induction_dynamic(g, 25, keep="all", compiled=False))
    gi = g.select((1,))
    vx, vy = value_iteration(gi, compiled=True), value_iteration(gi, compiled=False)
    assert vx.status == vy.status and vx.iterations == vy.iterations
    assert np.array_equal(vx.policy, vy.policy) and np.array_equal(vx.value, vy.value)


def test_compiled_option_is_checked_and_needs_numba(monkeypatch):
    g = random_game(1, 5, 2, 2, 1, 0, False, True)
    with pytest.raises(ParameterError, match="compiled"):
        backward_induction_dynamic(g, 3, compiled="yes")
    monkeypatch.setattr(kernels, "compiled_period_kernel", lambda: None)
    with pytest.raises(ParameterError, match="numba"):
        backward_induction_dynamic(g, 3, compiled=True)
    assert backward_induction_dynamic(g, 3).policy.shape == (3, 5)   # default: the numpy path, no error


def test_default_uses_the_kernel_only_for_large_problems(monkeypatch):
    monkeypatch.setattr(kernels, "worth_compiling", lambda cells: cells >= 1000)
    g = random_game(2, 50, 3, 2, 1, 0, False, True)
    assert solvers._Prep(g, None, 50 * 5).fast is None
    assert solvers._Prep(g, None, 50 * 20).fast is not None
    assert solvers._Prep(g, False, 10**9).fast is None
