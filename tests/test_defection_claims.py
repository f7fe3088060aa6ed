"""The defection article's claims, each with the region where it holds and where it fails.

(a) surrender incentives start a cascade in a unit;
(b) one or two senior resignations can start an avalanche in a diplomatic corps;
(c) an information campaign against censorship shifts the public signal;
(d) security services defect once they expect the regime to fall;
and the link: more surrenders widen the off-ramp (corrected accounting).
Regions and numbers are restated in docs/cascades.md ("The defection claims").
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

import compellence as cp
import compellence.cascades as cc
from compellence.linking import critical_units_lost, defection_impact, offramp_with_defections

unit = st.floats(0.0, 1.0)


# ----------------------------------------------------------------------------- (a) a unit
def riot_share(phi: np.ndarray, b: float) -> float:
    """Granovetter's riot in a clique of m, by hand: a soldier surrenders once the share
    of the other m - 1 who have is at least his threshold minus the payment b."""
    m = phi.size
    need = np.sort(phi - b) * (m - 1)          # others who must have surrendered
    active = 0
    while True:
        nxt = int(np.sum(need <= active))  # every one whose need is met
        if nxt == active:
            return active / m
        active = nxt


@settings(max_examples=60, deadline=None)
@given(m=st.integers(3, 40), seed=st.integers(0, 2**32 - 1), mu=st.floats(0.05, 0.6),
       sd=st.floats(0.0, 0.3), b=st.floats(0.0, 0.7))
def test_a_payment_starts_a_cascade_in_a_unit_iff_no_gap(m, seed, mu, sd, b):
    """A unit of m who all see each other (a squad: military_hierarchy with one echelon).
    A payment worth b threshold units to every soldier: the whole unit surrenders iff
    b >= b* = max_k (phi_(k) - (k - 1)/(m - 1)); nobody does iff b < phi_(1)."""
    squad = cc.military_hierarchy((("squad", m),))
    phi = np.clip(np.random.default_rng(seed).normal(mu, sd, m), 0.001, 1.0)
    srt = np.sort(phi)
    b_star = float(np.max(srt - np.arange(m) / (m - 1)))
    assume(abs(b - b_star) > 1e-9 and abs(b - srt[0]) > 1e-9)
    assume(np.all(np.abs((srt - b) * (m - 1) - np.round((srt - b) * (m - 1))) > 1e-9))
    out = cc.simulate_interventions(squad, phi, [cc.Incentive(amount=b, conversion=1.0)], rng=0)
    share = float(out.shares[0])
    assert share == pytest.approx(riot_share(phi, b))
    assert (share == 1.0) == (b >= b_star)
    assert (share == 0.0) == (b < srt[0])


BRIGADE = cc.as_cascade_graph(cc.military_hierarchy(
    (("squad", 9), ("platoon", 3), ("company", 3), ("battalion", 3), ("brigade", 3)),
    cross_squad_p=0.05, command_weight=4.0, seed=2026), weight="weight")


def test_a_brigade_region_in_payment_and_threshold_spread():
    """The brigade (769 soldiers, command ties weigh 4), thresholds N(0.3, sd), a payment
    worth b threshold units to every soldier, on common random numbers."""
    z = np.random.default_rng(7).standard_normal((30, BRIGADE.n))

    def shares(b, sd):
        phi = np.clip(0.3 + sd * z, 0.0, 1.0)
        return cc.simulate_interventions(BRIGADE, phi, [cc.Incentive(amount=b, conversion=1.0)],
                                         n_runs=30, rng=1).shares

    # where not: below every threshold nobody moves first (exactly 0)
    phi = np.clip(0.3 + 0.05 * z, 0.0, 1.0)
    assert np.all(shares(float(phi.min()) - 1e-6, 0.05) == 0.0)
    # where for sure: above every threshold all surrender in the first round
    assert np.all(shares(float(phi.max()), 0.05) == 1.0)
    # monotone in the payment, run by run (common random numbers)
    prev = np.zeros(30)
    for b in np.linspace(0.0, 0.3, 7):
        s = shares(b, 0.05)
        assert np.all(s >= prev)
        prev = s
    # the region: sd = 0.05 tips between b = 0.10 and b = 0.20; sd = 0.15 already at 0.10
    assert np.mean(shares(0.10, 0.05) >= 0.5) == 0.0
    assert np.mean(shares(0.20, 0.05) >= 0.5) == 1.0
    assert np.mean(shares(0.10, 0.15) >= 0.5) == 1.0
    assert np.mean(shares(0.20, 0.02) >= 0.5) == 0.0   # concentrated thresholds: no one first


# ----------------------------------------------------------------------------- (b) diplomats
CORPS = cc.diplomatic_corps(seed=2026)
SENIORS = cc.select_nodes(CORPS, 2, "attribute", attribute="seniority")


def test_b_senior_resignations_exact_bounds():
    assert SENIORS == ["minister", "deputy0"] and nx.is_connected(CORPS)
    deg = dict(CORPS.degree())
    exposed = max(sum(v in SENIORS for v in CORPS[u]) / deg[u]
                  for u in CORPS if u not in SENIORS)
    n = CORPS.number_of_nodes()
    rng = np.random.default_rng(3)
    seed = cc.Seeding(2, "attribute", attribute="seniority")
    # where not: every threshold above the largest share of contacts the two make up
    phi = rng.uniform(exposed + 1e-6, 1.0, n)
    assert float(cc.simulate_interventions(CORPS, phi, [seed], rng=0).shares[0]) == 2 / n
    # where for sure: everyone resigns once one contact has (phi_i <= 1 / k_i), connected graph
    phi = rng.uniform(0.0, 1.0, n) / np.array([deg[v] for v in CORPS])
    assert float(cc.simulate_interventions(CORPS, phi, [seed], rng=0).shares[0]) == 1.0


def test_b_avalanche_region_seniority_and_centrality():
    """Thresholds w U (U uniform on [0, 1], common to every row): an avalanche (>= 50%
    resign) after two resignations, by who resigns first."""
    runs = 200
    u = np.random.default_rng(1).random((runs, CORPS.number_of_nodes()))
    who = {"senior": cc.Seeding(2, "attribute", attribute="seniority"),
           "central": cc.Seeding(2, "degree"), "random": cc.Seeding(2)}

    def p_avalanche(w, name):
        o = cc.simulate_interventions(CORPS, w * u, [who[name]], n_runs=runs, rng=3)
        return o.shares

    prev = None
    for w in (0.3, 0.5, 0.7, 1.0):  # harder to move, run by run never more resign
        s = p_avalanche(w, "senior")
        if prev is not None:
            assert np.all(s <= prev)
        prev = s
    assert np.mean(p_avalanche(0.3, "senior") >= 0.5) >= 0.95   # where: low thresholds
    assert np.mean(p_avalanche(1.0, "senior") >= 0.5) == 0.0    # where not: high thresholds
    mid = {k: np.mean(p_avalanche(0.5, k) >= 0.5) for k in who}
    # in between, rank helps over chance and centrality helps more
    assert mid["central"] > mid["senior"] > mid["random"]


# ----------------------------------------------------------------------------- (c) campaign
uniq = st.tuples(st.floats(-1.0, 2.0), st.floats(0.5, 50.0), st.floats(0.05, 3.0),
                 st.floats(0.05, 0.95), st.floats(0.02, 0.98))


@settings(max_examples=60, deadline=None)
@given(p=uniq, shift=st.floats(0.0, 2.0))
def test_c_campaign_shifts_the_public_signal_and_tips_the_regime_in_a_band(p, shift):
    """The campaign lowers the public signal z (regime strength as the censored media
    show it) to z - shift.  It topples a regime of strength theta iff shift > shift*,
    shift* = z - theta + (sqrt(alpha)/beta)(Phi^-1(theta) + sqrt(1 + beta/alpha) Phi^-1(c))."""
    z, alpha, beta, c, theta = p
    assume(alpha >= beta**2 / (2 * np.pi))  # unique equilibrium
    by_hand = z - theta + np.sqrt(alpha) / beta * (
        stats.norm.ppf(theta) + np.sqrt(1 + beta / alpha) * stats.norm.ppf(c))
    crit = float(cc.critical_campaign_shift(theta, z, alpha, beta, c))
    assert crit == pytest.approx(by_hand, rel=1e-9, abs=1e-9)
    assume(abs(shift - crit) > 1e-6)
    o = cc.security_services(theta, z, alpha, beta, benefit=1 - c, penalty=c,
                             campaign_shift=shift)
    assert float(o.after.c) == pytest.approx(c)
    assert bool(o.falls) == (shift > crit)
    assert bool(o.falls_base) == (crit < 0)


def test_c_campaign_region_and_where_it_does_nothing():
    z, alpha, beta, c = 0.6, 8.0, 1.0, 0.6
    crit = float(cc.critical_campaign_shift(0.45, z, alpha, beta, c))
    th, _ = cc.regime_change_numeric(z - crit, alpha, beta, c)  # independent: integration
    assert th == pytest.approx(0.45, abs=1e-7)
    # the band it tips: theta*(z) <= theta < theta*(z - shift)
    lo = float(cc.regime_change_equilibrium(z, alpha, beta, c).theta_star)
    hi = float(cc.regime_change_equilibrium(z - 0.3, alpha, beta, c).theta_star)
    for theta in np.linspace(0.05, 0.95, 19):
        o = cc.security_services(theta, z, alpha, beta, 1 - c, c, campaign_shift=0.3)
        assert bool(o.falls) == (theta < hi) and bool(o.falls_base) == (theta < lo)
        tipped = bool(o.falls) and not bool(o.falls_base)
        assert tipped == (lo <= theta < hi)
    # where not: no public signal (beta = 0) or very precise private signals
    for theta in (0.3, 0.5):
        o = cc.security_services(theta, z, alpha, 0.0, 1 - c, c, campaign_shift=1.0)
        assert bool(o.falls) == bool(o.falls_base) == (theta < 1 - c)
    assert float(cc.critical_campaign_shift(0.45, z, 1e6, beta, c)) > 10


# ----------------------------------------------------------------------------- (d) services
@settings(max_examples=60, deadline=None)
@given(p=uniq)
def test_d_services_defect_once_they_expect_the_regime_to_fall(p):
    """An officer defects iff his posterior probability that the regime falls is at
    least c (the marginal officer x* is exactly at c), and the regime falls iff
    theta < theta*, where the defecting mass Phi(sqrt(alpha)(x* - theta)) reaches theta."""
    z, alpha, beta, c, _ = p
    assume(alpha >= beta**2 / (2 * np.pi))
    eq = cc.regime_change_equilibrium(z, alpha, beta, c)
    ts, xs = float(eq.theta_star), float(eq.x_star)

    def posterior_fall(x):  # theta | x ~ N((beta z + alpha x)/(alpha + beta), 1/(alpha + beta))
        mean = (beta * z + alpha * x) / (alpha + beta)
        return stats.norm.cdf((ts - mean) * np.sqrt(alpha + beta))

    assert posterior_fall(xs) == pytest.approx(c, abs=1e-8)
    assert posterior_fall(xs - 0.01) > c > posterior_fall(xs + 0.01)
    assert stats.norm.cdf(np.sqrt(alpha) * (xs - ts)) == pytest.approx(ts, abs=1e-8)
    for theta in np.linspace(0.01, 0.99, 15):
        if abs(theta - ts) < 1e-6:
            continue
        mass = stats.norm.cdf(np.sqrt(alpha) * (xs - theta))
        assert (mass >= theta) == (theta < ts) == bool(eq.regime_falls(theta))
        assert float(eq.defection_share(theta)) == pytest.approx(mass)


def test_d_where_expectations_are_not_pinned_down():
    """Precise public signals (alpha < beta^2 / (2 pi)): several threshold equilibria;
    for theta between the lowest and highest theta* the services' expectations decide."""
    eq = cc.regime_change_equilibrium(0.5, 1.0, 4.0, 0.5)
    assert not bool(eq.unique) and int(eq.n_equilibria) == 3
    assert float(eq.theta_star) < float(eq.theta_star_high)
    # payments to defectors lower c and raise theta* (repression the reverse)
    base = cc.security_services(0.4, 0.6, 8.0, 1.0, benefit=1.0, penalty=1.5)
    paid = cc.security_services(0.4, 0.6, 8.0, 1.0, benefit=1.0, penalty=1.5, payment=0.5)
    assert float(paid.after.theta_star) > float(base.after.theta_star)


# ----------------------------------------------------------------------------- the link
@settings(max_examples=100, deadline=None)
@given(pi_T=unit, pi_A=unit, u1=unit, u2=unit, x=unit, s=st.floats(0.0, 1.0),
       delta=st.floats(0.05, 0.95), r=unit, cu=st.floats(0.0, 2.0), k=st.sampled_from([0, 1.5]),
       q=unit, p0=st.floats(0.05, 0.95))
def test_more_surrenders_widen_the_offramp_at_every_credibility(pi_T, pi_A, u1, u2, x, s, delta,
                                                                 r, cu, k, q, p0):
    lo, hi = sorted((u1, u2))
    imp = defection_impact(np.array([lo, hi]), 0.1, q, unit_cost=cu, regime_cost=0.5,
                           p_prevail=p0, credibility_sensitivity=k)
    m = np.asarray(offramp_with_defections(imp, x, s, delta, pi_T, pi_A, r).margin)
    assert m[1] >= m[0] - 1e-12
    if k == 0:  # exactly linear: dM/du = unit_cost
        assert m[1] - m[0] == pytest.approx(cu * (hi - lo), abs=1e-9)


def test_the_issue_case_now_widens_and_where_surrenders_open_it():
    # issue 9: at pi_T = pi_A = 0.3 surrenders used to CLOSE the off-ramp
    game = dict(x=0.3, s=0.08, delta=0.9, pi_T=0.3, pi_A=0.3, r=0.7)
    imp = defection_impact(np.array([0.0, 0.1, 0.3]), unit_cost=0.3)
    m = np.asarray(offramp_with_defections(imp, **game).margin)
    assert np.all(np.diff(m) > 0)
    np.testing.assert_allclose(np.diff(m), 0.3 * np.diff([0.0, 0.1, 0.3]))
    # region: opens iff M(0) < 0 <= M(0) + unit_cost; u* = -M(0) / unit_cost
    pis = np.linspace(0, 1, 11)
    pt, pa = np.meshgrid(pis, pis, indexing="ij")
    for cu in (0.3, 1.0):
        c = critical_units_lost(0.3, 0.08, 0.9, pt, pa, 0.7, unit_cost=cu)
        m0 = np.asarray(cp.offramp_margin(0.3, 0.08, 0.9, pt, pa, 0.7))
        np.testing.assert_array_equal(c.always, m0 >= 0)
        np.testing.assert_array_equal(c.never, m0 + cu < 0)
        np.testing.assert_allclose(c.value[c.flips], -m0[c.flips] / cu)


@pytest.mark.parametrize("kw, field", [
    (dict(theta=1.0), "theta"), (dict(theta=0.0), "theta"), (dict(alpha=0.0), "alpha"),
    (dict(beta=-1.0), "beta"), (dict(c=1.0), "c"), (dict(z=float("nan")), "z"),
])
def test_c_bad_input_is_refused_by_name(kw, field):
    from compellence.errors import ParameterError

    args = dict(theta=0.4, z=0.6, alpha=8.0, beta=1.0, c=0.6) | kw
    with pytest.raises(ParameterError) as e:
        cc.critical_campaign_shift(**args)
    assert e.value.name == field
