"""Instruments: validation, units, present values, plain-data round trip."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compellence.coercion.campaign import Campaign
from compellence.coercion.instruments import (
    AID_MECHANISMS,
    Assurance,
    Demand,
    Incentive,
    MilitaryAid,
    Sanctions,
    aid_mechanism_values,
    bite_present_value,
    instrument_from_dict,
    overt_aid_decomposition,
)
from compellence.errors import ParameterError


def brute_pv(c, delta, H, ramp, adapt, e):
    T = H if H is not None else 4000
    return sum(c * delta**t * (1 - (1 - ramp) ** (e + t)) * (1 - adapt) ** (e + t) for t in range(1, T + 1))


@settings(max_examples=60, deadline=None)
@given(c=st.floats(0, 2), delta=st.floats(0.05, 0.95), ramp=st.floats(0.01, 1.0), adapt=st.floats(0, 0.9),
       e=st.integers(0, 12), H=st.one_of(st.none(), st.integers(1, 40)))
def test_bite_present_value_closed_form(c, delta, ramp, adapt, e, H):
    assert bite_present_value(c, delta, H, ramp=ramp, adaptation=adapt, elapsed=e) == pytest.approx(
        brute_pv(c, delta, H, ramp, adapt, e), rel=1e-9, abs=1e-12
    )


def test_plain_sanctions_pv_is_cost_times_D():
    assert Sanctions(0.1).present_value(0.9) == pytest.approx(0.9)
    assert Sanctions(0.1).present_value(0.9, horizon=2) == pytest.approx(0.1 * (0.9 + 0.81))


def test_private_share_never_reverses():
    s = Sanctions(0.1, reversibility=0.8, private_share=0.25)
    assert s.effective_reversibility == pytest.approx(0.6)
    assert Sanctions(0.1, reversibility=1.0, private_share=1.0).effective_reversibility == 0.0


def test_overt_and_covert_defaults():
    overt, covert = MilitaryAid(0.2, overt=True), MilitaryAid(0.2, overt=False)
    assert overt.reversibility < covert.reversibility
    assert overt.threat_boost > covert.threat_boost == 0
    assert overt.assurance_penalty > covert.assurance_penalty == 0
    assert overt.rollback_cost > covert.rollback_cost == 0
    assert overt.escalation_risk == 0.02 and covert.escalation_risk == 0.005  # overt raises escalation risk
    assert overt.reimposition == 1.0 and Sanctions(0.1).reimposition == 1.0  # re-supplied aid: full effect
    # equal volume: the flag does not touch cost_target, volume or cost_coercer
    assert overt.volume == covert.volume == 1.0 and overt.cost_target == covert.cost_target
    # faster: more cost to the target in present value, and only through the ramp
    assert overt.present_value(0.9) > covert.present_value(0.9)
    assert MilitaryAid(0.2, overt=False, ramp=1.0).present_value(0.9) == pytest.approx(overt.present_value(0.9))
    # explicit values override the defaults
    assert MilitaryAid(0.2, overt=True, reversibility=0.9).reversibility == 0.9


def test_the_flag_changes_only_the_named_mechanisms():
    fields = [f for m in AID_MECHANISMS.values() for f in m.fields]
    assert sorted(fields) == sorted(aid_mechanism_values(True)) == sorted(aid_mechanism_values(False))
    assert all(m.source for m in AID_MECHANISMS.values())
    # with every mechanism field set, the flag changes nothing the model reads
    explicit = dict(ramp=0.7, escalation_risk=0.01, commitment=0.1, assurance_loss=0.2, rollback=0.3,
                    reversibility=0.5)
    o, c = MilitaryAid(0.2, 0.05, overt=True, **explicit), MilitaryAid(0.2, 0.05, overt=False, **explicit)
    for name in ("threat_boost", "assurance_penalty", "rollback_cost", "effective_reversibility",
                 "escalation_risk", "reimposition", "volume", "cost_target", "cost_coercer"):
        assert np.array_equal(getattr(o, name), getattr(c, name)), name
    assert o.present_value(0.9) == c.present_value(0.9) and o.unit_present_value(0.8, 5) == c.unit_present_value(0.8, 5)
    # with_mechanisms: all on = overt, none = covert, at the aid's own volume
    base = MilitaryAid(0.3, 0.02, overt=False, volume=0.7)
    on = base.with_mechanisms(tuple(AID_MECHANISMS))
    for f, v in aid_mechanism_values(True).items():
        assert float(getattr(on, f)) == v
    assert float(on.volume) == 0.7 and float(on.cost_target) == 0.3
    with pytest.raises(ParameterError, match="on"):
        base.with_mechanisms(["volume"])


def _u(delta, ramp):
    """sum_t delta^t (1 - (1 - ramp)^t), by hand."""
    return delta / (1 - delta) - delta * (1 - ramp) / (1 - delta * (1 - ramp))


def _margin_by_hand(pT0, pA0, x, delta, cs, rs, ca, KT, ramp, h, commit, loss, ra):
    """M = (pi_T + pi_A - 1)(r P + Z) - x for sanctions (cs, rs) + aid (ca) with given mechanism values."""
    D = delta / (1 - delta)
    pT = 1 - (1 - pT0) * (1 - commit)
    pA = pA0 * (1 - loss)
    rP = rs * cs * D + ra * ca * _u(delta, ramp)
    Z = KT * h * delta / (1 - delta * (1 - h))  # sum_t delta^t (1-h)^(t-1) h
    return (pT + pA - 1) * (rP + Z) - x


@settings(max_examples=40, deadline=None)
@given(pT0=st.floats(0, 1), pA0=st.floats(0, 1), x=st.floats(0, 0.5), delta=st.floats(0.5, 0.95),
       cs=st.floats(0, 0.2), rs=st.floats(0, 1), ca=st.floats(0, 0.2), KT=st.floats(0, 10))
def test_overt_aid_decomposition_by_hand(pT0, pA0, x, delta, cs, rs, ca, KT):
    """Each mechanism switched on alone from covert, everything else equal (given credibilities)."""
    camp = Campaign({"threat_credibility": pT0}, {"name": "T", "catastrophe_cost": KT},
                    [Sanctions(cs, reversibility=rs, label="s"), MilitaryAid(ca, overt=True, label="aid")],
                    demand=x, assurance=pA0, discount=delta)
    dec = overt_aid_decomposition(camp, "aid")
    cov = dict(ramp=0.5, h=0.005, commit=0.0, loss=0.0, ra=0.8)
    ovt = dict(ramp=1.0, h=0.02, commit=0.3, loss=0.3, ra=0.3)
    args = (pT0, pA0, x, delta, cs, rs, ca, KT)
    m0 = _margin_by_hand(*args, **cov)
    assert float(dec.covert_margin) == pytest.approx(m0, abs=1e-9)
    assert float(dec.overt_margin) == pytest.approx(_margin_by_hand(*args, **ovt), abs=1e-9)
    keys = {"speed": ["ramp"], "escalation": ["h"], "hands_tied": ["commit"], "rollback": ["loss"],
            "persistence": ["ra"]}
    for name, ks in keys.items():
        one = dict(cov, **{k: ovt[k] for k in ks})
        assert float(dec.alone[name]) == pytest.approx(_margin_by_hand(*args, **one) - m0, abs=1e-9), name
    # the regions (closed forms of docs/coercion.md): tying hands raises, rollback lowers; speed and
    # escalation raise and persistence lowers iff k = pi_T + pi_A - 1 > 0 (covert credibilities)
    k = pT0 + pA0 - 1
    assert float(dec.alone["hands_tied"]) >= -1e-12 and float(dec.alone["rollback"]) <= 1e-12
    for name, sign in (("speed", 1), ("escalation", 1), ("persistence", -1)):
        v = float(dec.alone[name])
        assert sign * v * np.sign(k) >= -1e-12, name
    # Shapley shares add up exactly; the interaction is what the one-at-a-time sum misses
    total = float(dec.overt_margin - dec.covert_margin)
    assert sum(float(v) for v in dec.shapley.values()) == pytest.approx(total, abs=1e-9)
    assert float(dec.interaction) == pytest.approx(total - sum(float(v) for v in dec.alone.values()), abs=1e-12)


def test_overt_aid_decomposition_is_batched_and_named():
    pT = np.linspace(0.2, 1.0, 5)[:, None]
    pA = np.linspace(0.0, 1.0, 4)[None, :]
    camp = Campaign({"threat_credibility": pT}, "T", [Sanctions(0.05), MilitaryAid(0.08, label="aid")],
                    demand=0.1, assurance=pA, discount=0.9)
    dec = overt_aid_decomposition(camp)
    assert dec.covert_margin.shape == (5, 4) and dec.alone["speed"].shape == (5, 4)
    for i in (0, 4):
        for j in (0, 3):
            one = Campaign({"threat_credibility": float(pT[i, 0])}, "T",
                           [Sanctions(0.05), MilitaryAid(0.08, label="aid")], demand=0.1,
                           assurance=float(pA[0, j]), discount=0.9)
            d1 = overt_aid_decomposition(one, 1)
            assert float(d1.overt_margin) == pytest.approx(float(dec.overt_margin[i, j]))
    df = dec.to_frame()
    assert list(df["mechanism"].unique()) == [*AID_MECHANISMS, "interaction", "total"]
    # overrides of the ends: a user who thinks overt aid is no more persistent
    same = overt_aid_decomposition(camp, "aid", overt={"reversibility": 0.8})
    np.testing.assert_allclose(same.alone["persistence"], 0.0, atol=1e-15)
    with pytest.raises(ParameterError, match="aid"):
        overt_aid_decomposition(camp, "tanks")
    with pytest.raises(ParameterError, match="overt.volume"):
        overt_aid_decomposition(camp, overt={"volume": 2.0})


def test_arrays_are_kept():
    s = Sanctions(np.array([0.1, 0.2]), reversibility=np.array([[0.5], [1.0]]))
    assert s.present_value(0.9).shape == (2,)
    assert s.effective_reversibility.shape == (2, 1)


@pytest.mark.parametrize(
    "factory,field",
    [
        (lambda: Sanctions(-0.1), "cost_target"),
        (lambda: Sanctions(0.1, reversibility=1.2), "reversibility"),
        (lambda: Sanctions(0.1, ramp=0.0), "ramp"),
        (lambda: Sanctions(0.1, adaptation=1.0), "adaptation"),
        (lambda: Sanctions(0.1, private_share=np.array([0.1, np.nan])), "private_share"),
        (lambda: Sanctions(0.1, elapsed=1.5), "elapsed"),
        (lambda: MilitaryAid(0.1, overt="yes"), "overt"),
        (lambda: MilitaryAid(0.1, escalation_risk=1.0), "escalation_risk"),
        (lambda: Demand(1.1), "concession"),
        (lambda: Demand(0.5, deadline=-1), "deadline"),
        (lambda: Assurance(credibility=2), "credibility"),
        (lambda: Incentive(-1), "amount"),
    ],
)
def test_validation_names_the_field(factory, field):
    with pytest.raises(ParameterError) as err:
        factory()
    assert field in str(err.value)


def test_from_dict_round_trip_and_errors():
    s = Sanctions(0.1, reversibility=0.5, label="energy")
    assert instrument_from_dict(s.to_dict()) == s
    a = instrument_from_dict({"kind": "aid", "cost_target": 0.2, "overt": False})
    assert isinstance(a, MilitaryAid) and not a.overt
    with pytest.raises(ParameterError, match=r"instruments\[0\]\.kind"):
        instrument_from_dict({"kind": "bombing"}, "instruments[0]")
    with pytest.raises(ParameterError, match=r"instruments\[1\]\.bite"):
        instrument_from_dict({"kind": "sanctions", "cost_target": 0.1, "bite": 2}, "instruments[1]")


def test_deadline_threat_factor():
    assert Demand(0.3).threat_factor(0.9) == 1.0
    assert Demand(0.3, deadline=2).threat_factor(0.9) == pytest.approx(0.81)
