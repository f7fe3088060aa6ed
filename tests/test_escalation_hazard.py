"""Escalation hazard of the instruments: discounting, the margin, credibilities, both routes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_reimposition import campaigns, check_two_routes

import compellence as cp
from compellence.coercion.campaign import Campaign
from compellence.coercion.instruments import MilitaryAid, Sanctions
from compellence.coercion.offramp import (
    critical_assurance,
    critical_punishment,
    critical_reversibility,
    critical_threat,
    escalation_weight,
    offramp_margin,
)
from compellence.errors import ParameterError


@settings(max_examples=60, deadline=None)
@given(h=st.floats(0.0, 0.95), delta=st.floats(0.05, 1.0), H=st.integers(1, 60))
def test_escalation_weight_is_the_discounted_catastrophe_probability(h, delta, H):
    t = np.arange(1, H + 1)
    direct = np.sum(delta**t * (1 - h) ** (t - 1) * h)
    assert float(escalation_weight(h, delta, H)) == pytest.approx(direct, rel=1e-9, abs=1e-12)
    if delta <= 0.99:  # 20000 terms: the tail 0.99**20000 is negligible
        t = np.arange(1, 20001)
        assert float(escalation_weight(h, delta)) == pytest.approx(np.sum(delta**t * (1 - h) ** (t - 1) * h),
                                                                   rel=1e-6, abs=1e-12)


def test_escalation_weight_limits():
    assert float(escalation_weight(0.0, 0.9)) == 0.0
    # a near-certain catastrophe next period is worth delta
    assert float(escalation_weight(0.999999, 0.9)) == pytest.approx(0.9, rel=1e-5)
    np.testing.assert_allclose(escalation_weight(np.array([0.1, 0.2]), 0.9, np.array([1, 1])), [0.09, 0.18])


@pytest.mark.parametrize("endo_T,endo_A", [(False, False), (True, False), (False, True), (True, True)],
                         ids=["exo", "endo-threat", "endo-assurance", "endo"])
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_two_routes_agree_with_hazard(endo_T, endo_A, data):
    check_two_routes(data.draw(campaigns(endo_T, endo_A, hazard=True, backsliding=None)))


def _exo(KT=0.0, KC=0.0, h=0.1, pi_T=0.8, pi_A=0.7, x=0.1, **kw):
    return Campaign({"name": "West", "threat_credibility": pi_T, "catastrophe_cost": KC},
                    {"name": "Target", "catastrophe_cost": KT},
                    [Sanctions(0.05, reversibility=0.9),
                     MilitaryAid(0.05, overt=False, escalation_risk=h, label="aid")],
                    demand=x, assurance=pi_A, discount=0.9, **kw)


def test_hazard_enters_the_exogenous_margin_as_reversible_pressure():
    """M = (pi_T phi + pi_A - 1)(r P + Z_T) - x - cc with Z_T = K_T E."""
    KT = np.linspace(0.0, 10.0, 11)
    pi_A = np.array([0.0, 0.1, 0.5, 0.9])[:, None]
    c = _exo(KT=KT, pi_A=pi_A)
    o = c.offramp()
    E = float(escalation_weight(0.1, 0.9))
    np.testing.assert_allclose(o.escalation_weight, E)
    np.testing.assert_allclose(o.escalation_cost, KT * E + 0 * pi_A)
    direct = offramp_margin(0.1, c.punishment_per_period, 0.9, c.effective_threat_credibility, pi_A,
                            c.effective_reversibility, escalation_cost=KT * E)
    np.testing.assert_allclose(o.margin, direct)
    slope = np.diff(o.margin, axis=1) / (KT[1] * E)
    np.testing.assert_allclose(slope, np.broadcast_to(0.8 + pi_A - 1.0, slope.shape), atol=1e-12)
    # escalation risk widens the off-ramp iff pi_T phi + pi_A > 1 (it stops on lifting)
    assert np.all(slope[pi_A[:, 0] + 0.8 > 1] > 0) and np.all(slope[pi_A[:, 0] + 0.8 < 1] < 0)
    # the critical values solve M = 0 with the hazard term
    kw = dict(escalation_cost=0.2)
    args = (0.3, 0.1, 0.9, 0.8, 0.6, 0.7)
    for fn, key in ((critical_assurance, 4), (critical_threat, 3), (critical_reversibility, 5)):
        cr = fn(*args, **kw)
        assert cr.flips
        a = list(args)
        a[key] = float(cr.value)
        assert float(offramp_margin(*a, **kw)) == pytest.approx(0.0, abs=1e-12)
    cs = critical_punishment(*args, **kw)
    assert float(cs.value) == pytest.approx((0.3 - 0.4 * 0.2) / ((0.8 + 0.6 - 1) * 0.7 * 9))
    assert float(offramp_margin(0.3, float(cs.value), 0.9, 0.8, 0.6, 0.7, **kw)) == pytest.approx(0.0, abs=1e-12)


def test_coercer_catastrophe_cost_lowers_threat_and_raises_assurance():
    """Derived: a type punishes iff phi (w r P - C_rev - Z_C) + a_T + R >= 0 and lifts iff
    C_rev + Z_C + a_A - R - w r P >= 0 (deal holding): fear of catastrophe makes punishing costly and
    lifting attractive.  K_C* = (phi (w r P - C_rev) + a_T + R) / (phi E)."""
    KC = np.linspace(0.0, 20.0, 401)
    c = Campaign({"name": "West", "weakening_value": 0.6, "audience_cost": 0.3, "catastrophe_cost": KC},
                 "Target", [Sanctions(0.1, cost_coercer=0.02, reversibility=0.9),
                            MilitaryAid(0.1, cost_coercer=0.02, overt=True, escalation_risk=0.05, rollback=0.2)],
                 demand=0.1, assurance=None, discount=0.9)
    o = c.offramp()
    E, rP, C = float(o.escalation_weight[0]), float(c.reversible_pv), float(c.coercer_reversible_cost)
    assert C == pytest.approx((0.9 * 0.02 + 0.3 * 0.02) * 9)  # only the reversible part of sustaining
    k_star = (0.6 * rP - C + 0.3 + 0.2) / E
    pT, pA = o.effective_threat_credibility, o.effective_assurance_credibility
    np.testing.assert_array_equal(pT, (KC <= k_star + 1e-9).astype(float))
    assert pT[0] == 1.0 and pT[-1] == 0.0
    assert np.all(np.diff(pA) >= 0) and pA[0] == 0.0 and pA[-1] == 1.0
    sol = cp.spe(c.game())
    np.testing.assert_array_equal(sol.strategy["root/resist/compellent"]["punish"], pT)
    np.testing.assert_array_equal(sol.strategy["root/comply/compellent"]["lift"], pA)


def test_hazard_stops_when_punishment_stops():
    """Backing down and lifting end the hazard; punishing and reneging carry it (target side)."""
    c = _exo(KT=3.0, h=0.2, pi_T=1.0, pi_A=0.0)  # certain punishment, no lifting
    o = c.offramp()
    Z = float(o.escalation_cost)
    assert Z == pytest.approx(3.0 * float(escalation_weight(0.2, 0.9)))
    sol = cp.spe(c.game())
    # comply -> renege carries Z, resist -> punish carries Z: the hazard cancels in the margin
    assert float(o.margin) == pytest.approx(float(_exo(KT=0.0, pi_T=1.0, pi_A=0.0).offramp().margin))
    assert float(sol.value[1]) == pytest.approx(-float(c.punishment_pv) - Z + max(0.0, float(o.margin)))


def test_deadline_discounts_the_hazard_after_defiance():
    c = Campaign(
        {"threat_credibility": 0.9}, {"name": "Target", "catastrophe_cost": 4.0},
        [MilitaryAid(0.1, overt=True, escalation_risk=0.05, commitment=0.0, assurance_loss=0.0)],
        demand={"concession": 0.1, "deadline": np.array([0, 3, 6])}, assurance=0.5)
    o = c.offramp()
    phi = 0.9 ** np.array([0, 3, 6])
    Z = o.escalation_cost
    np.testing.assert_allclose(o.margin, (0.9 * phi + 0.5 - 1) * (0.3 * c.punishment_pv + Z) - 0.1)
    np.testing.assert_array_equal(cp.spe(c.game()).strategy["root"]["comply"] > 0.5, o.viable)


def test_drivers_split_the_hazard_term():
    c = Campaign({"threat_credibility": 0.9}, {"name": "Target", "catastrophe_cost": 5.0},
                 [Sanctions(0.05, label="sanctions"),
                  MilitaryAid(0.05, overt=True, escalation_risk=0.04, label="tanks"),
                  MilitaryAid(0.05, overt=False, escalation_risk=0.01, label="covert")],
                 demand=0.1, assurance=0.8)
    o = c.offramp()
    shares = [float(d.share_of_hazard) for d in o.drivers]
    assert shares[0] == 0.0 and sum(shares) == pytest.approx(1.0)
    assert shares[1] == pytest.approx(np.log(0.96) / (np.log(0.96) + np.log(0.99)))
    total = sum(float(d.contribution) for d in o.drivers)
    assert total - float(o.concession) - float(o.compliance_cost) == pytest.approx(float(o.margin))
    assert o.driver_of["escalation"] == "tanks"
    assert float(o.escalation_hazard) == pytest.approx(1 - 0.96 * 0.99)
    assert "share_of_hazard" in o.drivers_frame().columns


def test_overt_aid_defaults_raise_the_hazard():
    overt, covert = MilitaryAid(0.1, overt=True), MilitaryAid(0.1, overt=False)
    assert float(overt.escalation_risk) > float(covert.escalation_risk) > 0.0
    assert float(MilitaryAid(0.1, overt=True, escalation_risk=0.0).escalation_risk) == 0.0


@pytest.mark.parametrize(
    "kw,key",
    [
        ({"coercer": {"name": "West", "catastrophe_cost": -1.0}}, "Coercer.catastrophe_cost"),
        ({"target": {"name": "Target", "catastrophe_cost": np.inf}}, "Target.catastrophe_cost"),
        ({"instruments": [{"kind": "military_aid", "cost_target": 0.1, "escalation_risk": 1.0}]}, "escalation_risk"),
        ({"instruments": [{"kind": "sanctions", "cost_target": 0.1, "reimposition": 1.5}]}, "reimposition"),
    ],
)
def test_validation(kw, key):
    args = dict(coercer="West", target="Target", instruments=[Sanctions(0.1)], demand=0.2, assurance=0.5)
    args.update(kw)
    with pytest.raises(ParameterError) as err:
        Campaign(**args)
    assert key in str(err.value)


def test_escalation_cost_validation():
    with pytest.raises(ParameterError, match="escalation_cost"):
        offramp_margin(0.1, 0.1, 0.9, 0.5, 0.5, 0.5, escalation_cost=-1.0)
