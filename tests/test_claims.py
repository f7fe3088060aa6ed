"""The seven claims of the coercion issue, re-derived on the corrected accounting.

Every claim is asserted INSIDE its region and OUTSIDE it (where it fails, or
what holds instead), with the expected values derived by hand in the test
from the branch costs (not by calling the library):

    comply:  x + cc + (1 - r) P + (1 - pi_A)(r P + Z)
    resist:  L      + (1 - r) P + pi_T phi (r P + Z)
    M = resist - comply = (pi_T phi + pi_A - 1)(r P + Z) - x - cc + L,   P = s D,

and, where a game tree exists, the tree solved by ``cp.spe`` agrees.  The
numbers of ``examples/claims/*.toml`` are checked here too.
"""

from math import erf, sqrt
from pathlib import Path

import numpy as np
import pytest

import compellence as cp
from compellence.coercion.audience import compare_channels, with_channels
from compellence.coercion.campaign import Campaign
from compellence.coercion.coalitions import Coalition, compare_window
from compellence.coercion.commitment import powell_game, power_path, rising_power
from compellence.coercion.escalation import cornered, cornered_game
from compellence.coercion.instruments import MilitaryAid, Sanctions, overt_aid_decomposition

EX = Path(__file__).resolve().parents[1] / "examples" / "claims"


def Phi(z):
    return 0.5 * (1.0 + np.vectorize(erf)(np.asarray(z, dtype=float) / sqrt(2.0)))


def Phi_inv(p):
    from scipy.stats import norm  # the inverse only; the forward map is by hand above

    return norm.ppf(p)


def complies_in_tree(c: Campaign) -> np.ndarray:
    """The target's equilibrium choice in the campaign's game tree, solved generically."""
    return np.asarray(cp.spe(c.game()).strategy["root"]["comply"]) > 0.5


def scenario(name: str):
    """The scenario ``examples/claims/<name>`` (``.campaign`` is the model ``compellence solve`` reports on)."""
    from compellence.scenario import load_scenario

    return load_scenario(EX / name)


# ---------------------------------------------------------------------------------- claim 1
def test_claim1_irreversible_punishment_buys_no_compliance():
    """Claim 1.  Irreversible punishment costs the target but buys no compliance: with the
    reversible part r s D held fixed, adding irreversible punishment leaves the margin unchanged
    (it is paid on every branch).  At r = 0 no harshness opens the off-ramp.  Above r = 0 enough
    harshness opens it iff k = pi_T + pi_A - 1 > 0, at s* = x / (k r D); where k < 0 harsher
    punishment only closes it."""
    pi_T, pi_A, x, delta = 0.8, 0.9, 0.2, 0.9
    D = delta / (1 - delta)
    rev = np.array([0.0, 0.02, 0.05, 0.2])[None, :]  # reversible punishment per period, held fixed
    private = np.linspace(0.0, 0.95, 20)[:, None]  # more and more of it never reverses
    c = Campaign({"threat_credibility": pi_T}, "Target",
                 [Sanctions(rev / (1 - private), reversibility=1.0, private_share=private)],
                 demand=x, assurance=pi_A, discount=delta)
    o = c.offramp()
    by_hand = (pi_T + pi_A - 1) * rev * D - x  # does not depend on the irreversible part
    np.testing.assert_allclose(o.margin, np.broadcast_to(by_hand, o.margin.shape), atol=1e-12)
    np.testing.assert_array_equal(o.viable, complies_in_tree(c))
    # r = 0: however harsh, M = -x
    harsh = np.geomspace(0.001, 1000.0, 25)
    r0 = Campaign({"threat_credibility": pi_T}, "Target", [Sanctions(harsh, reversibility=1.0, private_share=1.0)],
                  demand=x, assurance=pi_A, discount=delta).offramp()
    np.testing.assert_allclose(r0.margin, -x)
    assert not r0.viable.any()
    assert np.all(r0.critical_punishment_per_period.never)


@pytest.mark.parametrize("pi_T,pi_A", [(0.8, 0.9), (0.6, 0.3), (0.3, 0.5), (1.0, 0.0)])
def test_claim1_harshness_opens_iff_k_positive(pi_T, pi_A):
    """Above r = 0: M(s) = k r D s - x.  k > 0: opens at s* = x/(k r D) (inside); k < 0: every
    increase in s lowers M, never opens for x > 0 (outside); k = 0: s does not matter."""
    x, delta, r = 0.2, 0.9, 0.2
    D = delta / (1 - delta)
    k = pi_T + pi_A - 1
    s = np.linspace(0.0, 3.0, 61)
    c = Campaign({"threat_credibility": pi_T}, "Target", [Sanctions(s, reversibility=1.0, private_share=1 - r)],
                 demand=x, assurance=pi_A, discount=delta)
    o = c.offramp()
    np.testing.assert_allclose(o.margin, k * r * D * s - x, atol=1e-12)
    cs = o.critical_punishment_per_period
    if k > 0:
        s_star = x / (k * r * D)
        np.testing.assert_allclose(np.asarray(cs.value), s_star)
        np.testing.assert_array_equal(o.viable, s >= s_star - 1e-12)
    else:
        assert not o.viable.any() and np.all(cs.never)
        if k < 0:
            assert np.all(np.diff(o.margin) < 0)  # harsher only closes it further
    np.testing.assert_array_equal(o.viable, complies_in_tree(c))


def test_claim1_scenario_file_and_the_old_claim():
    """examples/claims/1_irreversible_punishment.toml: r = 0.2, pi_T + pi_A = 1.7.  By hand:
    M = 0.7 * 0.2 * 0.5 * 9 - 0.2 = 0.43, s* = 0.2 / (0.7 * 0.2 * 9) = 0.1587.  The old claim
    (closed for every s where pi_T + pi_A r <= 1, here 0.98) no longer holds."""
    c = scenario("1_irreversible_punishment.toml").campaign()
    o = c.offramp()
    assert float(o.margin) == pytest.approx(0.7 * 0.2 * 0.5 * 9 - 0.2) and bool(o.viable)
    assert float(o.critical_punishment_per_period.value) == pytest.approx(0.2 / (0.7 * 0.2 * 9))
    assert 0.8 + 0.9 * 0.2 <= 1.0  # the old region: "closed however harsh" -- yet it is open
    # the file's other two commands
    assert float(c.with_inputs({"instruments[0].private_share": 1.0}).offramp().margin) == pytest.approx(-0.2)
    assert float(c.with_inputs({"assurance.credibility": 0.1}).offramp().margin) == pytest.approx(-0.29)


# ---------------------------------------------------------------------------------- claim 2
def _u(delta, ramp):
    """sum_t delta^t (1 - (1 - ramp)^t): present value of one unit of aid with that ramp."""
    return delta / (1 - delta) - delta * (1 - ramp) / (1 - delta * (1 - ramp))


def _aid_margin(pT0, pA0, *, ramp, h, commit, loss, ra, KT=0.0, cs=0.05, rs=0.9, ca=0.08, x=0.1, delta=0.9):
    D = delta / (1 - delta)
    pT = 1 - (1 - pT0) * (1 - commit)
    pA = pA0 * (1 - loss)
    Z = KT * h * delta / (1 - delta * (1 - h))
    lev = rs * cs * D + ra * ca * _u(delta, ramp) + Z
    return (pT + pA - 1) * lev - x, (pT + pA - 1), lev


COVERT = dict(ramp=0.5, h=0.005, commit=0.0, loss=0.0, ra=0.8)
OVERT = dict(ramp=1.0, h=0.02, commit=0.3, loss=0.3, ra=0.3)


def _aid_campaign(pT0, pA0, overt, KT=0.0, x=0.1):
    return Campaign({"threat_credibility": pT0}, {"name": "Target", "catastrophe_cost": KT},
                    [Sanctions(0.05, reversibility=0.9, label="sanctions"), MilitaryAid(0.08, overt=overt, label="aid")],
                    demand=x, assurance=pA0, discount=0.9)


def test_claim2_overt_aid_at_equal_volume_region():
    """Claim 2.  At equal volume overt aid raises the margin iff k_o L_o > k_c L_c (k = pi_T + pi_A - 1,
    L = r P + Z, each under overt / covert).  With the default mechanisms: it LOWERS the margin where
    the covert campaign's leverage is positive (k_c > 0: a credible promise to lift is at stake,
    rollback costs it and persistence wastes leverage) and RAISES it where k_c is clearly negative
    (a weak word: tied hands add credibility, persistence costs nothing)."""
    pT0 = np.linspace(0.0, 1.0, 11)[:, None]
    pA0 = np.linspace(0.0, 1.0, 11)[None, :]
    oo, oc = _aid_campaign(pT0, pA0, True).offramp(), _aid_campaign(pT0, pA0, False).offramp()
    mo, ko, lo = _aid_margin(pT0, pA0, **OVERT)
    mc, kc, lc = _aid_margin(pT0, pA0, **COVERT)
    np.testing.assert_allclose(oo.margin, mo, atol=1e-12)
    np.testing.assert_allclose(oc.margin, mc, atol=1e-12)
    raises = oo.margin > oc.margin
    np.testing.assert_array_equal(raises, ko * lo > kc * lc)
    assert not raises[kc > 1e-9].any()  # inside: k_c > 0 -> overt lowers the margin
    assert raises[kc < -0.15].all()  # outside: a weak word -> overt raises it
    # volume is equal: the per-period bite at full effect is the same, only the ramp differs
    assert float(oo.punishment_per_period[0, 0]) == pytest.approx((0.05 * 9 + 0.08 * _u(0.9, 1.0)) / 9)
    assert float(oc.punishment_per_period[0, 0]) == pytest.approx((0.05 * 9 + 0.08 * _u(0.9, 0.5)) / 9)
    for ov in (True, False):
        c = _aid_campaign(pT0[::5], pA0, ov)
        np.testing.assert_array_equal(c.offramp().viable, complies_in_tree(c))


def test_claim2_decomposition_of_the_scenario_file():
    """examples/claims/2_overt_aid.toml (pi_T0 = 0.6, pi_A0 = 0.8, x = 0.2): each mechanism alone, by hand."""
    sc = scenario("2_overt_aid.toml").campaign()
    d = overt_aid_decomposition(sc, "aid")
    m0 = _aid_margin(0.6, 0.8, x=0.2, **COVERT)[0]
    assert float(d.covert_margin) == pytest.approx(m0) == pytest.approx(0.4 * (0.405 + 0.8 * 0.08 * _u(0.9, 0.5)) - 0.2)
    assert float(d.overt_margin) == pytest.approx(_aid_margin(0.6, 0.8, x=0.2, **OVERT)[0])
    assert float(sc.offramp().margin) == pytest.approx(float(d.overt_margin))  # the file's overt campaign
    assert float(d.overt_margin) < 0 < float(d.covert_margin)  # open covert, closed overt
    fields = {"speed": "ramp", "escalation": "h", "hands_tied": "commit", "rollback": "loss", "persistence": "ra"}
    for name, f in fields.items():
        expect = _aid_margin(0.6, 0.8, x=0.2, **dict(COVERT, **{f: OVERT[f]}))[0] - m0
        assert float(d.alone[name]) == pytest.approx(expect, abs=1e-12), name
    # the signs here (k_c = 0.4 > 0): tying hands and speed raise, rollback and persistence lower,
    # escalation is free without a catastrophe cost
    assert d.alone["hands_tied"] > 0 and d.alone["speed"] > 0
    assert d.alone["rollback"] < 0 and d.alone["persistence"] < 0 and d.alone["escalation"] == 0
    # outside (a weak word, pi_A0 = 0.2): overt raises the margin; persistence now helps
    weak = overt_aid_decomposition(sc.with_inputs({"assurance.credibility": 0.2}), "aid")
    assert float(weak.overt_margin) > float(weak.covert_margin) and float(weak.alone["persistence"]) > 0
    assert float(weak.covert_margin) == pytest.approx(_aid_margin(0.6, 0.2, x=0.2, **COVERT)[0])


def test_claim2_derived_credibility_rollback_moves_both():
    """With credibility derived from the coercer's payoffs (one compellent type, w = 0.2), the domestic
    rollback cost R is paid on lifting AND on backing down: it makes punishing beat backing down
    (pi_T 0 -> 1: phi (w rP - C_rev) + R >= 0) and reneging beat lifting (pi_A 1 -> 0:
    C_rev - R - w rP < 0).  Its effect on the margin is (Delta pi_T phi + Delta pi_A)(rP + Z): here
    +1 - 1 = 0 -- tying hands and losing the promise cancel."""
    D = 9.0
    inst = [Sanctions(0.1, cost_coercer=0.03, reversibility=0.8, label="sanctions")]
    camp = Campaign({"weakening_value": 0.2}, "Target", inst + [MilitaryAid(0.1, cost_coercer=0.02, overt=False,
                                                                            label="aid")], 0.1, None)
    rP = 0.8 * 0.1 * D + 0.8 * 0.1 * _u(0.9, 0.5)
    C_rev = (0.8 * 0.03 + 0.8 * 0.02) * D
    assert 0.2 * rP - C_rev < 0 <= C_rev - 0.2 * rP  # covert: threat incredible, promise credible
    o = camp.offramp()
    assert float(o.effective_threat_credibility) == 0.0 and float(o.effective_assurance_credibility) == 1.0
    d = overt_aid_decomposition(camp, "aid")
    assert 0.2 * rP - C_rev + 0.5 >= 0 > C_rev - 0.5 - 0.2 * rP  # rollback 0.5 flips both
    assert float(d.alone["rollback"]) == pytest.approx(0.0, abs=1e-12)
    overt = camp.replace(instruments=(inst[0], camp.instruments[1].with_mechanisms(["rollback"])))
    oo = overt.offramp()
    assert float(oo.effective_threat_credibility) == 1.0 and float(oo.effective_assurance_credibility) == 0.0
    for c in (camp, overt):
        sol = cp.spe(c.game())
        assert float(sol.strategy["root/comply/compellent"]["lift"]) == float(c.offramp().effective_assurance_credibility)
        assert float(sol.strategy["root/resist/compellent"]["punish"]) == float(c.offramp().effective_threat_credibility)


def test_claim2_escalation_hazard_follows_k():
    """With a target catastrophe cost K_T the extra hazard of overt aid enters as k Delta Z: it raises
    the margin where k > 0 and lowers it where k < 0 (alone, everything else covert)."""
    for pT0, pA0 in ((0.9, 0.8), (0.2, 0.3)):
        d = overt_aid_decomposition(_aid_campaign(pT0, pA0, True, KT=20.0), "aid")
        m0, k, _ = _aid_margin(pT0, pA0, KT=20.0, **COVERT)
        m1 = _aid_margin(pT0, pA0, KT=20.0, **dict(COVERT, h=OVERT["h"]))[0]
        assert float(d.alone["escalation"]) == pytest.approx(m1 - m0)
        assert np.sign(float(d.alone["escalation"])) == np.sign(k)


# ---------------------------------------------------------------------------------- claim 3
def _window_by_hand(G, pi_T=0.9, lev=0.81):
    """Ends of {x >= 0: (pi_T + G(x) - 1) lev - x >= 0} on a fine grid (pi_A = 1)."""
    x = np.linspace(0.0, 1.0, 100_001)
    ok = (pi_T + G(x) - 1) * lev - x >= 0
    return (x[ok][0], x[ok][-1]) if ok.any() else (np.inf, -np.inf)


def test_claim3_unanimous_coalition_has_a_narrower_window():
    """Claim 3.  Unanimity lifts with G(x) = Pr(all x_j <= x) (independent: prod_j Phi((x - mu_j)/sd)),
    which is <= the single coercer's Phi((x - mean)/sd) where members disagree: a narrower window.
    examples/claims/3_unanimous_coalition.toml: mu = 0.1, 0.3, 0.5, sd 0.05, pi_T 0.9, r s D = 0.81."""
    mu, sd = np.array([0.1, 0.3, 0.5]), 0.05

    def G_unanimous(x):
        return np.prod(Phi((x[:, None] - mu[None, :]) / sd), axis=1)

    def G_single(x):
        return Phi((x - mu.mean()) / sd)

    def G_any(x):
        return 1 - np.prod(1 - Phi((x[:, None] - mu[None, :]) / sd), axis=1)

    coal = Coalition(["US", "EU", "UK"], list(mu), [sd] * 3)
    w = compare_window(coal, 0.9, 0.9, 0.1, 9.0)
    for got, G in ((w.coalition, G_unanimous), (w.single, G_single)):
        lo, hi = _window_by_hand(G)
        assert float(got.x_lo) == pytest.approx(lo, abs=2e-5) and float(got.x_hi) == pytest.approx(hi, abs=2e-5)
    assert float(w.coalition.width) < float(w.single.width)  # inside: narrower
    # the scenario file's campaign: the demand 0.3 is outside the coalition's window
    c = scenario("3_unanimous_coalition.toml").campaign()
    m = (0.9 + G_unanimous(np.array([0.3]))[0] - 1) * 0.81 - 0.3
    assert float(c.offramp().margin) == pytest.approx(m, abs=1e-9) and m < 0
    # Campaign(coalition=...) is the same model, and its game tree agrees
    x = np.array([0.2, 0.3, 0.55, 0.65])
    cc = Campaign({"threat_credibility": 0.9}, "Target", [Sanctions(0.1, reversibility=0.9)], demand=x,
                  assurance=1.0, discount=0.9, coalition=coal)
    np.testing.assert_allclose(cc.offramp().margin, (0.9 + G_unanimous(x) - 1) * 0.81 - x, atol=1e-9)
    np.testing.assert_array_equal(cc.offramp().viable, complies_in_tree(cc))
    # more disagreement, narrower; no disagreement and known thresholds: equal
    spread = np.array([0.0, 0.05, 0.1, 0.2])
    ws = compare_window(Coalition(["US", "EU", "UK"], [0.3 - spread, 0.3 + 0 * spread, 0.3 + spread], [sd] * 3),
                        0.9, 0.9, 0.1, 9.0)
    assert np.all(np.diff(ws.coalition.width) < 0)
    known = compare_window(Coalition(["US", "EU", "UK"], [0.3] * 3, 0.0), 0.9, 0.9, 0.1, 9.0)
    assert float(known.coalition.width) == pytest.approx(float(known.single.width), abs=1e-9)
    # outside: one satisfied member lifts (quota 1): G(x) = 1 - prod_j (1 - F_j(x)), wider
    q1 = compare_window(Coalition(["US", "EU", "UK"], list(mu), [sd] * 3, rule="quota", quota=1), 0.9, 0.9, 0.1, 9.0)
    lo, hi = _window_by_hand(G_any)
    assert float(q1.coalition.x_lo) == pytest.approx(lo, abs=2e-5)
    assert float(q1.coalition.width) > float(q1.single.width)
    # outside: partial lifting lifts the average share sum_j F_j(x) / 3 (0.50 at x = 0.3)
    part = Coalition(["US", "EU", "UK"], list(mu), [sd] * 3, lifting="partial")
    assert float(part.lifted_share(0.3)) == pytest.approx(float(np.mean(Phi((0.3 - mu) / sd))))


# ---------------------------------------------------------------------------------- claim 4
def test_claim4_rising_power_erodes_the_assurance_and_strengthens_the_threat():
    """Claim 4, first half.  pi_T = F(p_now - b), pi_A = 1 - F(p_expected - m) (c ~ Normal(cost, sd)):
    a coercer expected to be stronger is believed less when it promises to lift; the margin falls by
    Delta pi_A (r P + Z).  Outside: flat power (nothing erodes); r = 0 (nothing hangs on the promise)."""
    now, cost, sd, m, b = 0.5, 0.4, 0.1, 0.2, 0.0
    expected = np.linspace(0.5, 0.9, 9)
    x, s, r, D = 0.1, 0.1, 0.9, 9.0

    def camp(exp, rev=r):
        return Campaign("Coercer", "Target", [Sanctions(s, reversibility=rev)], demand=x, discount=0.9,
                        power={"now": now, "expected": exp, "cost": cost, "cost_sd": sd, "deal_value": m,
                               "backdown_value": b})

    o = camp(expected).offramp()
    pi_T = Phi((now - b - cost) / sd)
    pi_A = 1 - Phi((expected - m - cost) / sd)
    np.testing.assert_allclose(o.effective_threat_credibility, pi_T)
    np.testing.assert_allclose(o.effective_assurance_credibility, pi_A)
    np.testing.assert_allclose(o.margin, (pi_T + pi_A - 1) * r * s * D - x)
    assert np.all(np.diff(o.margin) < 0) and o.viable[0] and not o.viable[-1]  # inside
    np.testing.assert_array_equal(o.viable, complies_in_tree(camp(expected)))
    flat = camp(np.full(3, now)).offramp()
    assert np.ptp(flat.margin) == 0.0  # outside: flat power
    irrev = camp(expected, rev=0.0).offramp()
    np.testing.assert_allclose(irrev.margin, -x)  # outside: r = 0, the erosion costs nothing
    # along a rising path: the threat gains (power now rises), the promise loses (expected power rises)
    rp = rising_power(power_path(0.5, 0.9, 0.3, 8), m, cost, sd, b, delta=0.9, war_cost=0.5)
    assert np.all(np.diff(rp.pi_T) >= 0) and np.all(np.diff(rp.pi_A) <= 0)


def test_claim4_a_declining_target_fights_now():
    """Claim 4, second half (Powell 2006, from the declining side): the target's power q = 1 - p falls.
    By hand, one shift: W_t = (q_t - d)/(1 - delta); the best peace is the whole flow now plus tomorrow's
    continuation max(W_1, 0); it fights now, whatever the off-ramp, iff W_0 > 1 + delta max(W_1, 0),
    i.e. (q_1 >= d) delta (q0 - q1) > (1 - delta)(1 - q0 + d).  Inside: fast decline, patient target,
    cheap war.  Outside: slow decline, costly war, impatience, a rising target."""
    cases = [  # p0, p1, d, delta
        (0.3, 0.7, 0.05, 0.9), (0.3, 0.35, 0.05, 0.9), (0.3, 0.7, 0.65, 0.9), (0.5, 0.9, 0.0, 0.9),
        (0.5, 0.55, 0.0, 0.9), (0.3, 0.7, 0.05, 0.3), (0.7, 0.3, 0.05, 0.9)]
    seen = set()
    for p0, p1, d, delta in cases:
        q0, q1 = 1 - p0, 1 - p1
        W0, W1 = (q0 - d) / (1 - delta), (q1 - d) / (1 - delta)
        fights = W0 > 1 + delta * max(W1, 0.0)
        if q1 >= d:
            assert fights == (delta * (q0 - q1) > (1 - delta) * (1 - q0 + d))
        res = rising_power([p0, p1], 0.2, 0.3, 0.1, delta=delta, war_cost=d)
        assert bool(res.fights_now) == fights, (p0, p1, d, delta)
        sol = cp.spe(powell_game([q0, q1], delta, d, 0.05))
        assert (sol.path()[1] == "attack") == fights
        seen.add(fights)
    assert seen == {True, False}


# ---------------------------------------------------------------------------------- claim 5
CLAIM5 = dict(prob_compellent=0.7, punishment_per_period=0.08, concession=0.25, reversibility=0.8, discount=0.9,
              ramp=0.1, adaptation=0.02, threat_credibility=0.85, coercer_cost=0.02, punitive_benefit=0.0,
              audience_cost=0.1, max_delay=30)


def _claim5_by_hand(p, K):
    """Separating equilibrium (the ruse does not pay): belief 1 at the demand.  The target complies at k iff
    pi_T r s U_k >= x (U_k = sum_t delta^t b(k + t)); the compellent type's payoff is delta^k (x + c U_k) if
    met, delta^k (1 - pi_T) c U_k if refused; k* its argmax."""
    d, g, a = p["discount"], p["ramp"], p["adaptation"]
    U = [sum(d**t * (1 - (1 - g) ** (k + t)) * (1 - a) ** (k + t) for t in range(1, 3000)) for k in range(K + 1)]
    met = [p["threat_credibility"] * p["reversibility"] * p["punishment_per_period"] * u >= p["concession"] for u in U]
    val = [d**k * ((p["concession"] + p["coercer_cost"] * u) if ok else (1 - p["threat_credibility"]) * p["coercer_cost"] * u)
           for k, (u, ok) in enumerate(zip(U, met))]
    return int(np.argmax(val)), met


def test_claim5_delayed_demand_optimal_date():
    """Claim 5.  Inside: bite that grows (ramp < 1), an immediate demand refused, a later accepted one that
    pays more: the compellent coercer waits until its demand would be met (k* = 5); with adaptation the
    dates at which it would be met close again (22).  Outside: full bite at once (k* = 0)."""
    from compellence.coercion.delay import DelayedDemand

    k_star, met = _claim5_by_hand(CLAIM5, 30)
    e = DelayedDemand(**CLAIM5).solve()
    assert int(e.optimal_delay) == k_star == 5 and not met[0] and met[5]
    assert float(e.belief_at_demand) == 1.0 and bool(e.offramp_taken)
    assert float(e.opens_at) == met.index(True) and float(e.closes_at) == 22 and not met[22] and met[21]
    # the scenario file: the campaign at date k is the sanctions with elapsed = k, belief 1
    from compellence.scenario import load_scenario

    for k, sign in ((0, -1), (5, 1), (22, -1)):
        c = load_scenario(EX / "5_delayed_demand.toml", overrides=[f"instruments[0].elapsed={k}"]).campaign()
        assert np.sign(float(c.offramp().margin)) == sign
    # outside: full bite at once
    flat = {**CLAIM5, "ramp": 1.0}
    assert int(DelayedDemand(**flat).solve().optimal_delay) == _claim5_by_hand(flat, 30)[0] == 0
    # (the game is a signalling game, not of perfect information: tests/test_delay.py checks the closed form
    # against signalling_equilibria on its tree and the sequence-form LCP)


# ---------------------------------------------------------------------------------- claim 6
def _channel_campaign(f, a=0.5, rev=0.8, pT=0.7, pA=0.6):
    return Campaign({"name": "West", "threat_credibility": pT, "audience_cost": a, "resolve_sd": 1.0},
                    {"name": "Target", "face_cost": f}, [Sanctions(0.1, reversibility=rev)],
                    demand={"concession": 0.2, "public": True}, assurance={"credibility": pA, "public": True},
                    discount=0.9)


def test_claim6_private_assurance_less_credible_private_demand_less_face():
    """Claim 6.  Given credibilities stated for the public channel, the private ones are
    Phi(Phi^-1(pi_pub) - a/sigma).  A public assurance beats a private one by
    (pi_A,pub - pi_A,priv) r s D (> 0 iff a > 0 and r > 0); a private demand beats a public one iff
    f > (pi_T,pub - pi_T,priv) r s D: the face cost exceeds the credibility it buys."""
    f = np.linspace(0.0, 0.4, 41)
    c = _channel_campaign(f)
    cc = compare_channels(c)
    pT_priv, pA_priv = Phi(Phi_inv(0.7) - 0.5), Phi(Phi_inv(0.6) - 0.5)
    lev = 0.8 * 0.1 * 9.0
    M = {(d, a): ((0.7 if d else pT_priv) + (0.6 if a else pA_priv) - 1) * lev - 0.2 - (f if d else 0.0)
         for d in (True, False) for a in (True, False)}
    for key, m in M.items():
        np.testing.assert_allclose(cc.margin[key], m, atol=1e-12)
    np.testing.assert_allclose(cc.margin[(True, True)] - cc.margin[(True, False)], (0.6 - pA_priv) * lev)
    private_better = cc.margin[(False, True)] > cc.margin[(True, True)]
    np.testing.assert_array_equal(private_better, f > (0.7 - pT_priv) * lev + 1e-12)
    assert private_better.any() and (~private_better).any()
    for d in (True, False):
        for a in (True, False):
            cw = with_channels(c, d, a)
            np.testing.assert_array_equal(cw.offramp().viable, complies_in_tree(cw))


def test_claim6_outside_the_region():
    """a = 0: the channels are equally credible and any face cost makes the private demand better.
    r = 0: credibility buys nothing (only reversible punishment hangs on the coercer's word)."""
    f = np.array([0.0, 0.1])
    cc0 = compare_channels(_channel_campaign(f, a=0.0))
    np.testing.assert_allclose(cc0.margin[(True, True)], cc0.margin[(True, False)])
    np.testing.assert_allclose(cc0.margin[(False, True)] - cc0.margin[(True, True)], f)
    ccr = compare_channels(_channel_campaign(f, rev=0.0))
    np.testing.assert_allclose(ccr.margin[(True, True)], ccr.margin[(True, False)])
    np.testing.assert_allclose(ccr.margin[(False, True)], -0.2)
    np.testing.assert_allclose(ccr.margin[(True, True)], -0.2 - f)


# ---------------------------------------------------------------------------------- claim 7
def test_claim7_cornered_target_escalates():
    """Claim 7.  Costs by branch with the irreversible floor F = (1 - r) s D on EVERY branch and the
    reversible part escalating, Q = r s delta / (1 - delta g):  without an off-ramp
    (M = (pi_T + pi_A - 1) Q - x < 0; pi_A = 0 makes complying dominated) the target escalates iff
    Q > Q* = rho C / (pi_T (rho + (1 - rho) b)) and endures below.  Irreversible punishment (r = 0)
    never corners it; a credible off-ramp turns the same pressure into compliance."""
    x, s, delta, pi_T, r, rho, b, C = 0.2, 0.1, 0.9, 0.85, 0.9, 0.05, 0.2, 10.0
    growth = np.linspace(1.0, 1.1, 21)
    Q = r * s * delta / (1 - delta * growth)
    Q_star = rho * C / (pi_T * (rho + (1 - rho) * b))
    no_ramp = cornered(x, s, delta, pi_T, 0.0, r, growth=growth, risk=rho, backdown=b, catastrophe=C)
    np.testing.assert_allclose(no_ramp.punishment, Q)
    assert float(no_ramp.critical_punishment[0]) == pytest.approx(Q_star)
    above = Q > Q_star
    assert above.any() and (~above).any()
    np.testing.assert_array_equal(no_ramp.escalates, above)  # inside: escalates above Q*
    np.testing.assert_array_equal(no_ramp.choice[~above], 1)  # below: endures
    assert not (no_ramp.choice == 0).any()
    # outside: an off-ramp.  Complying beats enduring iff (pi_T + pi_A - 1) Q >= x and beats escalating iff
    # x + (1 - pi_A - (1 - rho)(1 - b) pi_T) Q <= rho C
    pi_A = 0.95
    ramp = cornered(x, s, delta, pi_T, pi_A, r, growth=growth, risk=rho, backdown=b, catastrophe=C)
    comply = ((pi_T + pi_A - 1) * Q >= x) & (x + (1 - pi_A - (1 - rho) * (1 - b) * pi_T) * Q <= rho * C)
    np.testing.assert_array_equal(ramp.choice == 0, comply)
    assert np.all(ramp.choice[above] == 0)
    # outside: irreversible punishment, however harsh, corners nobody
    irr = cornered(x, 100 * s, delta, pi_T, 0.0, 0.0, growth=growth, risk=rho, backdown=b, catastrophe=C)
    assert np.all(irr.choice == 1)
    # the tree, solved generically
    sol = cp.spe(cornered_game(x, s, delta, pi_T, 0.0, r, growth=growth, risk=rho, backdown=b, catastrophe=C))
    np.testing.assert_array_equal(np.asarray(sol.strategy["root"]["escalate"]) > 0.5, no_ramp.escalates)


def test_claim7_scenario_file():
    """examples/claims/7_no_offramp_escalation.toml: s = 0.3, r = 0.9, pi_T = 0.9, pi_A = 0, x = 0.3,
    growth 1.05, rho 0.1, b 0.2, C 10.  By hand: Q = 0.27 * 0.9 / (1 - 0.945) = 4.418,
    Q* = 1 / (0.9 * 0.28) = 3.968 < Q: escalates."""
    e = scenario("7_no_offramp_escalation.toml").solve().escalation
    Q = 0.9 * 0.3 * 0.9 / (1 - 0.9 * 1.05)
    assert e["punishment"] == pytest.approx(Q)
    assert e["critical_punishment"] == pytest.approx(0.1 * 10 / (0.9 * (0.1 + 0.9 * 0.2)))
    assert e["choice"] == "escalate" and not e["offramp"]
