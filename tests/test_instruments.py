"""Instruments: validation, units, present values, plain-data round trip."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compellence.coercion.instruments import (
    Assurance,
    Demand,
    Incentive,
    MilitaryAid,
    Sanctions,
    bite_present_value,
    instrument_from_dict,
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
    # faster and larger: more cost to the target in present value
    assert overt.present_value(0.9) > covert.present_value(0.9)
    # explicit values override the defaults
    assert MilitaryAid(0.2, overt=True, reversibility=0.9).reversibility == 0.9


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
