"""Powell (2006) shifting power: closed form vs path recursion vs game tree; credibility."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.commitment import (
    assurance_credibility,
    discounted_future_power,
    powell_game,
    powell_path,
    powell_war,
    power_path,
    rising_power,
    shifting_power_assurance,
    threat_credibility,
)
from compellence.errors import ParameterError

prob = st.floats(0.0, 1.0)
disc = st.floats(0.05, 0.97)


@settings(max_examples=60, deadline=None)
@given(p0=prob, p1=prob, delta=disc, d=st.floats(0.0, 0.5))
def test_powell_condition_two_forms_agree(p0, p1, delta, d):
    res = powell_war(p0, p1, delta, d)
    w0 = (p0 - d) / (1 - delta)
    w1 = (p1 - d) / (1 - delta)
    assume(abs(w0 - delta * w1 - 1.0) > 1e-9)
    assert bool(res.war) == (w0 - delta * w1 > 1.0)
    assert float(res.max_credible_offer) == pytest.approx(1 + delta * w1)


@settings(max_examples=40, deadline=None)
@given(p0=prob, p1=prob, delta=disc, d=st.floats(0.0, 0.5))
def test_path_with_one_shift_is_powell(p0, p1, delta, d):
    assume(p1 >= d)  # D's continuation is then exactly its war value W_D(1)
    one = powell_war(p0, p1, delta, d)
    path = powell_path([p0, p1], delta, d)
    assume(abs(float(one.margin)) > 1e-9)
    assert bool(path.war_at[0]) == bool(one.war)
    assert int(path.first_war) == (0 if bool(one.war) else -1)


def _war_period(sol, index):
    path = sol.path(index)
    return path.count("accept") if "attack" in path else -1


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    T=st.integers(1, 4),
    delta=disc,
    d=st.floats(0.01, 0.3),
    dR=st.floats(0.0, 0.3),
)
def test_game_tree_matches_path_recursion(seed, T, delta, d, dR):
    # war must be costly (d + dR > 0): with free war the rising side is indifferent
    # between buying peace and provoking war, a tie the solver breaks arbitrarily
    rng = np.random.default_rng(seed)
    p = np.sort(rng.random((6, T + 1)), axis=1)[:, ::-1]  # declining paths, batch of 6
    p[3] = rng.random(T + 1)  # and some arbitrary ones
    p[4] = rng.random(T + 1)
    closed = powell_path(p, delta, d)
    assume(np.all(np.abs(closed.margin) > 1e-7))
    sol = cp.spe(powell_game(p, delta, d, dR))
    for b in range(6):
        assert _war_period(sol, b) == int(closed.first_war[b])
    # D's equilibrium value equals the recursion's V_D(0)
    W0 = (p[:, 0] - d) / (1 - delta)
    v0 = np.where(closed.war_at[:, 0], W0, closed.offer[:, 0] + delta * closed.continuation[:, 0])
    np.testing.assert_allclose(sol.value[1], v0, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(p0=prob, p1=prob, delta=disc, d=st.floats(0.01, 0.3), K=st.integers(1, 6))
def test_grid_offers_give_the_same_war_decision(p0, p1, delta, d, K):
    closed = powell_path([p0, p1], delta, d)
    assume(abs(float(closed.margin[0])) > 1e-7)
    sol = cp.spe(powell_game([p0, p1], delta, d, offers=K))
    # peace is possible iff the declining state accepts the whole pie now
    # (with a coarse menu the rising state may still prefer war to overpaying)
    d_all = sol.action_probs(f"root/offer {K}/{K}")
    assert (float(d_all["attack"]) > 0.5) == bool(closed.war_at[0])
    if bool(closed.war_at[0]):
        assert "attack" in sol.path()


def test_sanctions_that_strengthen_the_coalition_can_cause_war():
    # target's power falls quickly as sanctions bite: a big discounted shift
    coalition = power_path(0.3, 0.8, 0.6, 4)
    res = powell_path(1.0 - coalition, 0.9, 0.05)
    assert int(res.first_war) == 0
    slow = powell_path(1.0 - power_path(0.3, 0.35, 0.1, 4), 0.9, 0.05)
    assert int(slow.first_war) == -1
    assert set(res.to_frame().columns) >= {"t", "war_value", "offer", "war_at"}


@settings(max_examples=40, deadline=None)
@given(m=st.floats(0, 1), fp1=prob, fp2=prob, c=st.floats(-0.5, 0.5), sd=st.floats(0.01, 0.5))
def test_assurance_falls_and_threat_rises_with_power(m, fp1, fp2, c, sd):
    lo, hi = sorted([fp1, fp2])
    assert assurance_credibility(m, hi, c, sd) <= assurance_credibility(m, lo, c, sd) + 1e-15
    assert threat_credibility(hi, c, sd) >= threat_credibility(lo, c, sd) - 1e-15


def test_known_cost_gives_zero_one_credibility():
    assert float(assurance_credibility(0.5, 0.6, 0.2)) == 1.0  # 0.2 >= 0.1
    assert float(assurance_credibility(0.5, 0.8, 0.2)) == 0.0  # 0.2 < 0.3
    assert float(threat_credibility(0.6, 0.2, backdown_value=0.3)) == 1.0
    assert float(threat_credibility(0.6, 0.4, backdown_value=0.3)) == 0.0


@settings(max_examples=30, deadline=None)
@given(p0=st.floats(0.1, 0.4), lo=st.floats(0.4, 0.7), extra=st.floats(0.01, 0.3),
       rate=st.floats(0.05, 0.9), delta=st.floats(0.0, 0.95))
def test_stronger_expected_coercer_less_believed(p0, lo, extra, rate, delta):
    """Claim 4's mechanism: a higher expected power path lowers pi_A at every date."""
    weak = shifting_power_assurance(power_path(p0, lo, rate, 6), 0.3, 0.2, 0.15, delta=delta)
    strong = shifting_power_assurance(power_path(p0, lo + extra, rate, 6), 0.3, 0.2, 0.15,
                                      delta=delta)
    assert np.all(strong.pi_A <= weak.pi_A + 1e-15)
    assert np.all(strong.pi_A < weak.pi_A)
    # along a rising path the promise to lift loses credibility, the threat gains it
    assert np.all(np.diff(weak.pi_A) <= 1e-15)
    assert np.all(np.diff(weak.pi_T) >= -1e-15)


def _normal_cdf(z, sd):
    from math import erf, sqrt

    return 0.5 * (1.0 + erf(z / (sd * sqrt(2.0))))


@settings(max_examples=50, deadline=None)
@given(p0=prob, p1=prob, delta=disc, d=st.floats(0.0, 0.5), m=st.floats(0, 0.5), c=st.floats(-0.3, 0.6),
       sd=st.floats(0.01, 0.5), b=st.floats(-0.2, 0.3))
def test_rising_power_one_shift_by_hand(p0, p1, delta, d, m, c, sd, b):
    """One shift of the coercer's power p0 -> p1: the target (q = 1 - p) fights now iff
    delta (q0 - q1) > (1 - delta)(1 - q0 + d) (Powell 2006, derived from the declining side);
    pi_T = F(p0 - b), pi_A = 1 - F(p'(0) - m) with p'(0) = p1; flat: 1 - F(p0 - m)."""
    q0, q1 = 1 - p0, 1 - p1
    assume(q1 >= d)  # the target's continuation is its war value (one-shift condition is exact)
    lhs, rhs = delta * (q0 - q1), (1 - delta) * (1 - q0 + d)
    assume(abs(lhs - rhs) > 1e-9)
    res = rising_power([p0, p1], m, c, sd, b, delta, war_cost=d)
    assert bool(res.fights_now) == (lhs > rhs)
    assert float(res.pi_T[0]) == pytest.approx(_normal_cdf(p0 - b - c, sd), abs=1e-12)
    assert float(res.pi_A[0]) == pytest.approx(1 - _normal_cdf(p1 - m - c, sd), abs=1e-12)
    assert float(res.flat_pi_A) == pytest.approx(1 - _normal_cdf(p0 - m - c, sd), abs=1e-12)
    if p1 >= p0:  # rising: the promise to lift erodes, never strengthens
        assert float(res.assurance_erosion) >= -1e-15
    else:  # the target is the rising side: it never fights on this account
        assert not bool(res.fights_now)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), T=st.integers(1, 3), delta=disc, d=st.floats(0.01, 0.3))
def test_rising_power_agrees_with_the_powell_tree(seed, T, delta, d):
    """The declining target's first attack from rising_power == the solved game tree of the
    target's side (players Rising = the coercer, Declining = the target)."""
    rng = np.random.default_rng(seed)
    p = np.sort(rng.random((4, T + 1)), axis=1)  # rising coercer paths
    res = rising_power(p, 0.2, 0.3, 0.1, delta=delta, war_cost=d)
    assume(np.all(np.abs(res.powell.margin) > 1e-7))
    sol = cp.spe(powell_game(1.0 - p, delta, d, 0.05))
    for i in range(4):
        path = sol.path(i)
        first = path.count("accept") if "attack" in path else -1
        assert first == int(res.first_war[i])
    np.testing.assert_array_equal(res.fights_now, res.first_war == 0)


def test_rising_power_regions():
    """Fast decline, patient target, cheap war -> fights now; slow decline or costly war -> not."""
    fast = rising_power(power_path(0.3, 0.8, 0.6, 4), 0.2, 0.3, 0.1, delta=0.9, war_cost=0.05)
    slow = rising_power(power_path(0.3, 0.35, 0.1, 4), 0.2, 0.3, 0.1, delta=0.9, war_cost=0.05)
    costly = rising_power(power_path(0.3, 0.8, 0.6, 4), 0.2, 0.3, 0.1, delta=0.9, war_cost=0.6)
    assert bool(fast.fights_now) and not bool(slow.fights_now) and not bool(costly.fights_now)
    assert float(fast.assurance_erosion) > float(slow.assurance_erosion) > 0
    flat = rising_power(np.full(5, 0.3), 0.2, 0.3, 0.1, delta=0.9, war_cost=0.0)
    assert float(flat.assurance_erosion) == 0.0 and not bool(flat.fights_now)
    assert set(fast.to_frame().columns) >= {"t", "power", "pi_A", "pi_T", "target_power"}
    with pytest.raises(ParameterError, match="war_cost"):
        rising_power([0.3, 0.5], 0.2, 0.3, 0.1, war_cost=-1.0)
    with pytest.raises(ParameterError, match="power"):
        rising_power([0.3], 0.2, 0.3, 0.1, war_cost=0.1)


def test_discounted_future_power_recursion():
    p = np.array([0.1, 0.2, 0.4, 0.5])
    f = discounted_future_power(p, 0.5)
    assert f[-1] == 0.5
    assert f[2] == pytest.approx(0.5)
    assert f[1] == pytest.approx(0.5 * 0.4 + 0.5 * 0.5)
    assert f[0] == pytest.approx(0.5 * 0.2 + 0.5 * f[1])
    np.testing.assert_allclose(discounted_future_power(p, 0.0)[:-1], p[1:])
    batched = discounted_future_power(np.stack([p, p]), np.array([0.5, 0.0]))
    np.testing.assert_allclose(batched[0], f)


def test_bad_inputs():
    with pytest.raises(ParameterError, match="delta"):
        powell_war(0.5, 0.4, 1.0, 0.1)
    with pytest.raises(ParameterError, match="p_now"):
        powell_war(1.5, 0.4, 0.9, 0.1)
    with pytest.raises(ParameterError, match="p_path"):
        powell_path([0.5], 0.9, 0.1)
    with pytest.raises(ParameterError, match="p_path"):
        powell_path(np.zeros((3, 4)), np.full(2, 0.9), 0.1)
    with pytest.raises(ParameterError, match="offers"):
        powell_game([0.5, 0.4], 0.9, 0.1, offers=0)
    with pytest.raises(ParameterError, match="cost_sd"):
        assurance_credibility(0.5, 0.5, 0.1, -1.0)
    with pytest.raises(ParameterError, match="dist"):
        assurance_credibility(0.5, 0.5, 0.1, 0.1, dist="cauchy")
    with pytest.raises(ParameterError, match="periods"):
        power_path(0.1, 0.5, 0.2, 0)
