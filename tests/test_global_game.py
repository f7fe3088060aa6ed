"""The regime-change global game: closed form vs direct numerical solution and Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import compellence.cascades as cc
from compellence.errors import BatchShapeError, ParameterError

CASES = [
    (0.5, 4.0, 1.0, 0.3),
    (0.2, 10.0, 2.0, 0.6),
    (0.9, 1.0, 0.5, 0.5),
    (-0.3, 25.0, 3.0, 0.2),
    (0.5, 2.0, 0.0, 0.4),  # no public information: theta* = 1 - c
]


@pytest.mark.parametrize("z, alpha, beta, c", CASES)
def test_closed_form_matches_direct_numerical_solution(z, alpha, beta, c):
    eq = cc.regime_change_equilibrium(z, alpha, beta, c)
    th, xs = cc.regime_change_numeric(z, alpha, beta, c)
    assert bool(eq.unique)
    assert float(eq.theta_star) == pytest.approx(th, abs=1e-7)
    assert float(eq.x_star) == pytest.approx(xs, abs=1e-7)


def test_equation_and_conditions_hold():
    z, a, b, c = 0.4, 3.0, 1.5, 0.35
    eq = cc.regime_change_equilibrium(z, a, b, c)
    th, xs = float(eq.theta_star), float(eq.x_star)
    lhs = b / np.sqrt(a) * (th - z) - stats.norm.ppf(th)
    assert lhs == pytest.approx(np.sqrt(1 + b / a) * stats.norm.ppf(c), abs=1e-10)
    # regime falls at the margin: A(theta*) = theta*
    assert float(eq.defection_share(th)) == pytest.approx(th, abs=1e-10)
    # marginal agent indifferent: posterior Pr(theta < theta* | x*) = c
    post_mean = (b * z + a * xs) / (a + b)
    assert stats.norm.cdf(np.sqrt(a + b) * (th - post_mean)) == pytest.approx(c, abs=1e-10)


def test_monte_carlo_population():
    """A simulated population of 400,000 officers with private signals."""
    z, a, b, c = 0.5, 4.0, 1.0, 0.3
    eq = cc.regime_change_equilibrium(z, a, b, c)
    th, xs = float(eq.theta_star), float(eq.x_star)
    rng = np.random.default_rng(1)
    for theta, falls in ((th - 0.03, True), (th + 0.03, False)):
        x = theta + rng.normal(0, 1 / np.sqrt(a), 400_000)
        share = np.mean(x < xs)
        assert (share >= theta) == falls
        assert bool(eq.regime_falls(theta)) == falls
    # indifference: among officers with signal near x*, a share c sees the regime fall
    theta = rng.normal(z, 1 / np.sqrt(b), 4_000_000)
    x = theta + rng.normal(0, 1 / np.sqrt(a), theta.size)
    near = np.abs(x - xs) < 0.01
    assert np.mean(theta[near] < th) == pytest.approx(c, abs=0.01)


def test_morris_shin_limit_and_batch():
    eq = cc.regime_change_equilibrium(0.5, 1e10, 1.0, np.array([0.2, 0.5, 0.8]))
    np.testing.assert_allclose(eq.theta_star, [0.8, 0.5, 0.2], atol=1e-4)
    grid = cc.regime_change_equilibrium(np.linspace(0, 1, 4)[:, None], [1.0, 4.0, 16.0], 1.0, 0.3)
    assert grid.theta_star.shape == (4, 3)
    for i, z in enumerate(np.linspace(0, 1, 4)):
        for j, a in enumerate([1.0, 4.0, 16.0]):
            one = cc.regime_change_equilibrium(z, a, 1.0, 0.3)
            assert grid.theta_star[i, j] == pytest.approx(float(one.theta_star), abs=1e-12)
    assert grid.to_frame().shape == (12, 12)  # 10 fields and batch_0, batch_1


@settings(max_examples=40, deadline=None)
@given(z=st.floats(-1, 2), alpha=st.floats(0.2, 50), beta=st.floats(0, 5), c=st.floats(0.05, 0.95))
def test_uniqueness_condition(z, alpha, beta, c):
    eq = cc.regime_change_equilibrium(z, alpha, beta, c)
    if alpha >= beta**2 / (2 * np.pi):
        assert bool(eq.unique) and int(eq.n_equilibria) == 1
        assert float(eq.theta_star) == float(eq.theta_star_high)
    assert 0 < float(eq.theta_star) <= float(eq.theta_star_high) < 1 or \
        float(eq.theta_star_high) == pytest.approx(1.0)


def test_multiple_equilibria_when_public_information_is_precise():
    z, a, b, c = 0.5, 0.1, 3.0, 0.5  # alpha < beta^2 / (2 pi) = 1.43
    eq = cc.regime_change_equilibrium(z, a, b, c)
    assert not bool(eq.unique) and int(eq.n_equilibria) == 3
    assert float(eq.theta_star) < 0.5 < float(eq.theta_star_high)
    for th in (float(eq.theta_star), float(eq.theta_star_high), 0.5):
        lhs = b / np.sqrt(a) * (th - z) - stats.norm.ppf(th)
        assert lhs == pytest.approx(0.0, abs=1e-8)


def test_comparative_statics_against_finite_differences():
    z, a, b, c = 0.4, 5.0, 1.2, 0.35
    eq = cc.regime_change_equilibrium(z, a, b, c)
    cs = cc.comparative_statics(eq)
    h = 1e-6

    def f(**kw):
        p = dict(z=z, alpha=a, beta=b, c=c) | kw
        e = cc.regime_change_equilibrium(p["z"], p["alpha"], p["beta"], p["c"])
        return float(e.theta_star), float(e.x_star), float(stats.norm.cdf(
            np.sqrt(b) * (e.theta_star - p["z"])))

    for name, key in (("z", "z"), ("c", "c")):
        v = dict(z=z, c=c)[key]
        hi, lo = f(**{key: v + h}), f(**{key: v - h})
        d = [(x - y) / (2 * h) for x, y in zip(hi, lo, strict=True)]
        assert float(getattr(cs, f"dtheta_d{name}")) == pytest.approx(d[0], rel=1e-5)
        assert float(getattr(cs, f"dx_d{name}")) == pytest.approx(d[1], rel=1e-5)
        assert float(getattr(cs, f"dfall_d{name}")) == pytest.approx(d[2], rel=1e-5)
    # an information campaign lowering the public signal of strength helps; repression hurts
    assert cs.dtheta_dz < 0 and cs.dtheta_dc < 0


def test_security_services_interventions():
    base = dict(theta=0.55, z=0.6, alpha=6.0, beta=1.0, benefit=1.0, penalty=1.0)
    out = cc.security_services(**base)
    assert float(out.fall_probability) == pytest.approx(float(out.fall_probability_base))
    camp = cc.security_services(**base, campaign_shift=0.2)
    pay = cc.security_services(**base, payment=0.4)
    rep = cc.security_services(**base, repression=1.0)
    assert camp.fall_probability > out.fall_probability_base
    assert pay.fall_probability > out.fall_probability_base
    assert rep.fall_probability < out.fall_probability_base
    assert float(pay.after.c) == pytest.approx((1.0 - 0.4) / 2.0)
    assert float(rep.after.c) == pytest.approx(2.0 / 3.0)
    assert pay.to_frame().shape == (2, 8)  # scenario (base, after) and 7 values
    assert "SecurityServicesOutcome" in repr(pay)


def test_bad_input_named():
    with pytest.raises(ParameterError, match=r"c: must lie in \(0, 1\), got 1"):
        cc.regime_change_equilibrium(0.5, 1.0, 1.0, 1.0)
    with pytest.raises(ParameterError, match=r"alpha: must lie in \(0, inf\), got 0"):
        cc.regime_change_equilibrium(0.5, 0.0, 1.0, 0.5)
    with pytest.raises(ParameterError, match="beta"):
        cc.regime_change_equilibrium(0.5, 1.0, -1.0, 0.5)
    with pytest.raises(BatchShapeError):
        cc.regime_change_equilibrium([0.1, 0.2], [1.0, 2.0, 3.0], 1.0, 0.5)
    with pytest.raises(ParameterError, match="payment"):
        cc.defection_cost(1.0, 1.0, payment=2.0)
    with pytest.raises(ParameterError, match="z"):
        cc.regime_change_equilibrium(float("nan"), 1.0, 1.0, 0.5)
