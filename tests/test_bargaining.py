"""Fearon (1995): bargaining range and risk-return trade-off, closed form vs game tree."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats

import compellence as cp
from compellence.coercion.bargaining import (
    bargaining_range,
    demand_grid,
    fearon_game,
    risk_return,
    risk_return_game,
    risk_return_general,
    risk_return_utility,
)
from compellence.errors import ParameterError

prob = st.floats(0.0, 1.0)
cost = st.floats(0.01, 0.6)


@settings(max_examples=60, deadline=None)
@given(p=prob, ca=cost, cb=cost)
def test_range_beats_war_for_both(p, ca, cb):
    br = bargaining_range(p, ca, cb)
    assert bool(br.nonempty) and float(br.width) > 0
    for x in np.linspace(float(br.lower), float(br.upper), 7)[1:-1]:
        assert x > p - ca and 1 - x > 1 - p - cb


@settings(max_examples=30, deadline=None)
@given(p=st.lists(prob, min_size=1, max_size=4), ca=cost, cb=cost, k=st.integers(2, 15))
def test_fearon_tree_demands_largest_acceptable(p, ca, cb, k):
    p = np.array(p)
    grid = demand_grid(k)
    assume(np.all(np.min(np.abs(grid[:, None] - (p + cb)[None]), axis=0) > 1e-9))
    sol = cp.spe(fearon_game(p, ca, cb, demands=k))
    best = np.array([grid[grid <= pi + cb].max() for pi in p])
    # A demands the largest acceptable menu point unless war (p - c_A) beats it
    # (possible only with a coarse menu: the continuous range always beats war)
    assume(np.all(np.abs(best - (p - ca)) > 1e-9))
    np.testing.assert_allclose(sol.value[0], np.maximum(best, p - ca), atol=1e-12)
    for i in range(p.size):
        assert sol.path(i)[-1] == ("accept" if best[i] > p[i] - ca else "war")


def test_fine_menu_tends_to_closed_form_demand():
    p = np.linspace(0, 1, 9)
    fine = cp.spe(fearon_game(p, 0.1, 0.2, demands=1001))
    np.testing.assert_allclose(fine.value[0], bargaining_range(p, 0.1, 0.2).demand, atol=1e-3)
    assert all(fine.path(i)[-1] == "accept" for i in range(p.size))


@settings(max_examples=40, deadline=None)
@given(p=prob, ca=cost, cbar=st.floats(0.02, 1.0))
def test_risk_return_closed_form_is_the_maximum(p, ca, cbar):
    rr = risk_return(p, ca, cbar)
    res = optimize.minimize_scalar(
        lambda x: -float(risk_return_utility(x, p, ca, cbar)), bounds=(0, 1), method="bounded",
        options={"xatol": 1e-10},
    )
    assert float(rr.utility_a) >= -res.fun - 1e-9
    if cbar > ca and p + (cbar - ca) / 2 <= 1:
        assert float(rr.demand) == pytest.approx(p + (cbar - ca) / 2)
        assert float(rr.p_war) == pytest.approx((cbar - ca) / (2 * cbar))
    if cbar <= ca:
        assert float(rr.p_war) == 0.0 and float(rr.demand) == pytest.approx(p)
    # B's expected utility by numerical integration over its cost
    x = float(rr.demand)
    ub, _ = integrate.quad(lambda c: (1 - x) if c >= x - p else (1 - p - c), 0, cbar,
                           points=[min(max(x - p, 0), cbar)])
    assert float(rr.utility_b) == pytest.approx(ub / cbar, abs=1e-8)


@settings(max_examples=8, deadline=None)
@given(p=st.lists(prob, min_size=1, max_size=3), ca=cost, cbar=st.floats(0.05, 1.0))
def test_risk_return_tree_converges_to_closed_form(p, ca, cbar):
    """Tree with a 41-point menu and 50 types vs the continuous closed form.

    Per demand the tree's value differs from U_A(x) by the type discretisation,
    at most (1 + c_A)/(2 types); the best menu point loses at most h/2 to x*.
    """
    p = np.array(p)
    k, types = 41, 50
    g = risk_return_game(p, ca, cbar, demands=k, types=types)
    sol = cp.spe(g)
    grid = demand_grid(k)
    tol = (1 + ca) / (2 * types) + 1e-9
    for x in grid:
        child = g.node_at([f"demand {x:.6g}"])
        np.testing.assert_allclose(sol.node_value[0, child], risk_return_utility(x, p, ca, cbar),
                                   atol=tol)
    u_star = risk_return(p, ca, cbar).utility_a
    assert np.all(sol.value[0] <= u_star + tol)
    assert np.all(sol.value[0] >= u_star - tol - 0.5 / (k - 1))


@settings(max_examples=25, deadline=None)
@given(p=st.lists(prob, min_size=1, max_size=4), ca=cost, cbar=st.floats(0.02, 1.0))
def test_general_distribution_reduces_to_uniform_closed_form(p, ca, cbar):
    p = np.array(p)
    a = risk_return(p, ca, cbar)
    b = risk_return_general(p, ca, stats.uniform(0, cbar))
    np.testing.assert_allclose(b.utility_a, a.utility_a, atol=1e-9)
    np.testing.assert_allclose(b.demand, a.demand, atol=1e-5)
    np.testing.assert_allclose(b.p_war, a.p_war, atol=1e-4)
    np.testing.assert_allclose(b.utility_b, a.utility_b, atol=1e-5)


@pytest.mark.parametrize("dist", [stats.expon(scale=0.2), stats.gamma(2.0, scale=0.1),
                                  stats.lognorm(0.5, scale=0.15)])
def test_general_distribution_against_scipy_and_tree(dist):
    p = np.array([0.1, 0.45, 0.8])
    res = risk_return_general(p, 0.05, dist)
    for i, pi in enumerate(p):
        def neg(x, pi=pi):
            f = dist.cdf(x - pi)
            return -(x * (1 - f) + (pi - 0.05) * f)
        opt = optimize.minimize_scalar(neg, bounds=(pi, 1.0), method="bounded",
                                       options={"xatol": 1e-10})
        assert float(res.utility_a[i]) >= -opt.fun - 1e-9
        assert float(res.utility_a[i]) == pytest.approx(-opt.fun, abs=1e-7)
    # the quantile-type tree approaches the continuous optimum
    sol = cp.spe(risk_return_game(p, 0.05, demands=51, types=100, dist=dist))
    np.testing.assert_allclose(sol.value[0], res.utility_a, atol=1.05 / 200 + 0.005)


def test_private_information_makes_war_a_rational_gamble():
    rr = risk_return(np.array([0.4, 0.4]), 0.1, np.array([0.05, 0.5]))
    assert rr.gamble.tolist() == [False, True]
    assert float(rr.p_war[1]) == pytest.approx(0.4)
    assert len(rr.to_frame()) == 2 and "p_war" in rr.to_frame()


def test_bad_inputs():
    with pytest.raises(ParameterError, match="p"):
        bargaining_range(1.2, 0.1, 0.1)
    with pytest.raises(ParameterError, match="c_a"):
        bargaining_range(0.5, -0.1, 0.1)
    with pytest.raises(ParameterError, match="cbar"):
        risk_return(0.5, 0.1, 0.0)
    with pytest.raises(ParameterError, match="demands"):
        fearon_game(0.5, 0.1, 0.1, demands=[0.2, 0.2])
    with pytest.raises(ParameterError, match="demands"):
        fearon_game(0.5, 0.1, 0.1, demands=1)
    with pytest.raises(ParameterError, match="cbar"):
        risk_return_game(0.5, 0.1)
    with pytest.raises(ParameterError, match="dist"):
        risk_return_general(0.5, 0.1, 0.3)
    with pytest.raises(ParameterError, match="p, c_a"):
        bargaining_range(np.zeros(3), np.zeros(2), 0.1)
