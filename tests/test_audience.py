"""Audience costs: public vs private demands and assurances (Fearon 1994; Kurizaki 2007)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.audience import (
    audience_credibility,
    audience_game,
    compare_channels,
    private_credibility,
    public_credibility,
    with_channels,
)
from compellence.coercion.campaign import Campaign
from compellence.coercion.instruments import Sanctions
from compellence.errors import ParameterError


def test_fearon_tying_hands_normal_resolve():
    assert audience_credibility(0.0, 0.5, 1.0, public=False) == pytest.approx(0.5)
    assert audience_credibility(0.0, 0.5, 1.0) == pytest.approx(0.6914624612740131)
    m = np.linspace(-2, 2, 9)
    assert np.all(audience_credibility(m, 0.3) >= audience_credibility(m, 0.3, public=False))


@settings(max_examples=60, deadline=None)
@given(m=st.floats(-3, 3), a=st.floats(0, 2), sd=st.floats(0.1, 3))
def test_channel_conversion_is_consistent(m, a, sd):
    priv = audience_credibility(m, a, sd, public=False)
    pub = audience_credibility(m, a, sd, public=True)
    assert public_credibility(priv, a, sd) == pytest.approx(pub, abs=1e-9)
    if 1e-6 < pub < 1 - 1e-6:  # ppf near 0 or 1 is ill-conditioned in double precision
        assert private_credibility(pub, a, sd) == pytest.approx(priv, abs=1e-7)


def test_extreme_credibilities_stay_finite():
    np.testing.assert_array_equal(public_credibility(np.array([0.0, 1.0]), 1.0), [0.0, 1.0])
    np.testing.assert_array_equal(private_credibility(np.array([0.0, 1.0]), 1.0), [0.0, 1.0])


def campaign(**kw):
    args = dict(coercer={"name": "West", "threat_credibility": 0.7, "audience_cost": 0.5},
                target={"name": "Russia", "face_cost": 0.2},
                instruments=[{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.8}],
                demand=0.2, assurance={"credibility": 0.6, "public": True}, discount=0.9)
    args.update(kw)
    return Campaign(**args)


def test_compare_channels_exogenous():
    cc = compare_channels(campaign())
    # private assurance is less credible; private demand is less credible but has no face cost
    assert cc.pi_A[(True, False)] < cc.pi_A[(True, True)]
    assert cc.pi_T[(False, True)] < cc.pi_T[(True, True)]
    assert cc.face_cost[(False, True)] == 0 and cc.face_cost[(True, True)] == pytest.approx(0.2)
    df = cc.to_frame()
    assert len(df) == 4 and set(df.columns) >= {"demand", "assurance", "pi_T", "pi_A", "margin"}
    assert "best=" in repr(cc)
    # the stated credibility belongs to the campaign's own channel
    assert cc.pi_A[(True, True)] == pytest.approx(0.6) and cc.pi_T[(True, True)] == pytest.approx(0.7)


def test_compare_channels_endogenous_through_payoffs():
    c = campaign(coercer={"name": "West", "audience_cost": 0.6, "weakening_value": 0.5},
                 instruments=[{"kind": "sanctions", "cost_target": 0.1, "cost_coercer": 0.05, "reversibility": 0.8}],
                 assurance=None)
    cc = compare_channels(c)
    # C = 0.45, w r P = 0.36: lifting pays anyway; punishing (w P - C = 0) is a tie: credible
    # reneging costs nothing privately but 0.6 publicly
    assert cc.pi_A[(True, True)] == 1.0
    c2 = c.replace(coercer={"name": "West", "audience_cost": 0.6, "weakening_value": 1.0})
    cc2 = compare_channels(c2)
    # w r P = 0.72 > C = 0.45: a private promise is not kept, a public one is (0.45 + 0.6 >= 0.72)
    assert cc2.pi_A[(True, False)] == 0.0 and cc2.pi_A[(True, True)] == 1.0


def test_batched_comparison():
    c = campaign(target={"name": "Russia", "face_cost": np.linspace(0, 0.5, 6)})
    cc = compare_channels(c)
    assert cc.margin[(True, True)].shape == (6,)
    best = cc.best
    # a high face cost makes the private demand the better one
    assert best[0].startswith("public") and best[-1].startswith("private")
    assert len(cc.to_frame()) == 24


def test_audience_game_matches_channel_comparison():
    c = campaign()
    g = audience_game(c, "demand")
    sol = cp.spe(g)
    for label, pub in (("public", True), ("private", False)):
        o = with_channels(c, pub, True).offramp()
        choice = sol.strategy[f"root/{label}"]
        assert (choice["comply"] > 0.5) == bool(o.viable)
    with pytest.raises(ParameterError, match="which"):
        audience_game(c, "everything")


def test_validation():
    with pytest.raises(ParameterError, match="resolve_sd"):
        audience_credibility(0.0, 0.5, 0.0)
    with pytest.raises(ParameterError, match="demand_public"):
        with_channels(campaign(), "yes", True)
    with pytest.raises(ParameterError, match="campaign"):
        compare_channels("campaign")


def test_channels_shift_credibility_from_power():
    """With credibility from power, pi_T = F(now - b) and pi_A = 1 - F(expected - m), c ~ Normal(cost, sd):
    a public demand makes backing down cost a (punish iff c <= now - b + a), a public assurance makes
    reneging cost a (keep iff c >= expected - m - a).  The stated values are the campaign's channels."""
    from math import erf, sqrt

    def F(z):
        return 0.5 * (1 + erf(z / (0.1 * sqrt(2.0))))

    now, exp, cost, m, b, a = 0.5, 0.7, 0.4, 0.2, 0.05, 0.08
    c = Campaign({"name": "West", "audience_cost": a}, "Target", [Sanctions(0.1, reversibility=0.9)],
                 demand={"concession": 0.1, "public": True}, assurance={"public": True}, discount=0.9,
                 power={"now": now, "expected": exp, "cost": cost, "cost_sd": 0.1, "deal_value": m,
                        "backdown_value": b})
    cc = compare_channels(c)
    assert float(cc.pi_T[(True, True)]) == pytest.approx(F(now - b - cost))
    assert float(cc.pi_T[(False, True)]) == pytest.approx(F(now - b - a - cost))
    assert float(cc.pi_A[(True, True)]) == pytest.approx(1 - F(exp - m - cost))
    assert float(cc.pi_A[(True, False)]) == pytest.approx(1 - F(exp - m + a - cost))
    # and back: a private campaign made public
    priv = with_channels(c, False, False)
    back = compare_channels(priv)
    assert float(back.pi_T[(True, True)]) == pytest.approx(F(now - b - cost))
