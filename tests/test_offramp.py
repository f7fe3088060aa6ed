"""Closed forms of the canonical compellence game (compellence.coercion.offramp)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.offramp import (
    critical_assurance,
    critical_punishment,
    critical_reversibility,
    critical_threat,
    critical_value,
    discounted_sum,
    future_weight,
    largest_demand,
    offramp_margin,
)
from compellence.errors import ParameterError

unit = st.floats(0.0, 1.0)


def test_design_formula_by_hand():
    # M = (pi_T + pi_A r - 1) s D - x with D = 0.9 / 0.1 = 9
    m = offramp_margin(0.3, 0.1, 0.9, 0.8, 0.5, 0.6)
    assert m == pytest.approx((0.8 + 0.5 * 0.6 - 1) * 0.1 * 9 - 0.3)
    assert largest_demand(0.1, 0.9, 0.8, 0.5, 0.6) == pytest.approx(0.09)


def test_future_weight_finite_and_infinite():
    assert future_weight(0.9) == pytest.approx(9.0)
    assert future_weight(0.5, 3) == pytest.approx(0.5 + 0.25 + 0.125)
    assert future_weight(1.0, 4) == pytest.approx(4.0)
    np.testing.assert_allclose(discounted_sum(np.array([0.3, 1.0]), 5), [sum(0.3**t for t in range(1, 6)), 5.0])
    with pytest.raises(ParameterError, match="delta"):
        future_weight(1.0)
    with pytest.raises(ParameterError, match="horizon"):
        future_weight(0.9, 2.5)


def test_batched_broadcasting_matches_loop():
    pi_A = np.linspace(0, 1, 7)[:, None]
    r = np.linspace(0, 1, 5)[None, :]
    m = offramp_margin(0.2, 0.1, 0.9, 0.7, pi_A, r)
    assert m.shape == (7, 5)
    for i in range(7):
        for j in range(5):
            assert m[i, j] == pytest.approx(offramp_margin(0.2, 0.1, 0.9, 0.7, pi_A[i, 0], r[0, j]))


@pytest.mark.parametrize(
    "kw,name",
    [({"x": 1.5}, "x"), ({"s": -1.0}, "s"), ({"pi_T": np.nan}, "pi_T"), ({"r": [0.5, 2.0]}, "r"), ({"pi_A": "a"}, "pi_A")],
)
def test_bad_inputs_name_the_field(kw, name):
    args = {"x": 0.2, "s": 0.1, "delta": 0.9, "pi_T": 0.7, "pi_A": 0.5, "r": 0.5}
    args.update(kw)
    with pytest.raises(ParameterError) as err:
        offramp_margin(**args)
    assert err.value.name == name


def test_shapes_that_do_not_broadcast():
    with pytest.raises(ParameterError, match="broadcast"):
        offramp_margin(0.2, np.ones(3) * 0.1, 0.9, np.ones(4) * 0.5, 0.5, 0.5)


def test_critical_value_masks_no_nan():
    c = critical_value(np.array([0.0, 0.0, 1.0, 1.0, 1.0]), np.array([1.0, -1.0, 0.5, -0.5, -2.0]), "p")
    np.testing.assert_array_equal(c.always, [True, False, True, False, False])
    np.testing.assert_array_equal(c.never, [False, True, False, False, True])
    np.testing.assert_allclose(c.value, [0.0, np.inf, 0.0, 0.5, np.inf])
    assert not np.isnan(c.value).any()
    np.testing.assert_array_equal(c.flips, [False, False, False, True, False])


@settings(max_examples=150, deadline=None)
@given(x=unit, s=st.floats(0.01, 2.0), delta=st.floats(0.05, 0.98), pi_T=unit, pi_A=unit, r=unit,
       cc=st.floats(-0.5, 0.5), phi=unit, Z=st.one_of(st.just(0.0), st.floats(0.0, 3.0)))
def test_critical_values_flip_viability(x, s, delta, pi_T, pi_A, r, cc, phi, Z):
    args = (x, s, delta, pi_T, pi_A, r)
    kw = {"compliance_cost": cc, "threat_factor": phi, "escalation_cost": Z}
    for crit, key in ((critical_assurance, "pi_A"), (critical_reversibility, "r"), (critical_threat, "pi_T")):
        c = crit(*args, **kw)
        assert not np.isnan(c.value)
        vals = dict(zip(("x", "s", "delta", "pi_T", "pi_A", "r"), args))
        if c.never:
            vals[key] = 1.0
            assert offramp_margin(**vals, **kw) < 1e-9
        elif c.always:
            vals[key] = 0.0
            assert offramp_margin(**vals, **kw) >= -1e-9
        else:
            vals[key] = float(c.value)
            assert abs(offramp_margin(**vals, **kw)) < 1e-7
    c = critical_punishment(*args, **kw)
    if c.flips:
        m = offramp_margin(x, float(c.value), delta, pi_T, pi_A, r, **kw)
        assert abs(m) < 1e-7
    if pi_T * phi + pi_A * r <= 1 and x + cc - (pi_T * phi + pi_A - 1) * Z > 0:
        assert c.never and np.isinf(c.value)


@settings(max_examples=60, deadline=None)
@given(x=unit, s=st.floats(0.0, 2.0), delta=st.floats(0.05, 0.95), pi_T=unit, pi_A=unit, r=unit,
       h=st.floats(0.0, 0.5), K=st.floats(0.0, 10.0), H=st.one_of(st.none(), st.integers(1, 30)))
def test_margin_with_escalation_hazard_equals_spe_of_tree(x, s, delta, pi_T, pi_A, r, h, K, H):
    """The canonical tree plus a catastrophe (cost K, hazard h) while punishment continues."""
    from compellence.coercion.offramp import escalation_weight

    P = s * float(future_weight(delta, H))
    Z = K * float(escalation_weight(h, delta, H))
    g = cp.Game(
        ["Coercer", "Target"],
        cp.decision("Target", {
            "comply": cp.chance({"lift": (pi_A, cp.outcome(x, -x - (1 - r) * P)),
                                 "renege": (1 - pi_A, cp.outcome(x, -x - P - Z))}),
            "resist": cp.chance({"punish": (pi_T, cp.outcome(0.0, -P - Z)),
                                 "back down": (1 - pi_T, cp.outcome(0.0, 0.0))}),
        }),
    )
    m = float(offramp_margin(x, s, delta, pi_T, pi_A, r, H, escalation_cost=Z))
    sol = cp.spe(g)
    if abs(m) > 1e-7:
        assert (sol.path()[0] == "comply") == (m > 0)
    v_comply = -x - (1 - pi_A * r) * P - (1 - pi_A) * Z
    assert v_comply - (-pi_T * (P + Z)) == pytest.approx(m, abs=1e-9)
    assert float(sol.value[1]) == pytest.approx(max(v_comply, -pi_T * (P + Z)), abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(x=unit, s=st.floats(0.0, 2.0), delta=st.floats(0.05, 0.95), pi_T=unit, pi_A=unit, r=unit,
       H=st.one_of(st.none(), st.integers(1, 30)))
def test_margin_equals_spe_of_canonical_tree(x, s, delta, pi_T, pi_A, r, H):
    """DESIGN.md's canonical tree, written out by hand, agrees with the closed form."""
    D = float(future_weight(delta, H))
    P = s * D
    g = cp.Game(
        ["Coercer", "Target"],
        cp.decision("Target", {
            "comply": cp.chance({"lift": (pi_A, cp.outcome(x, -x - (1 - r) * P)),
                                 "renege": (1 - pi_A, cp.outcome(x, -x - P))}),
            "resist": cp.chance({"punish": (pi_T, cp.outcome(0.0, -P)),
                                 "back down": (1 - pi_T, cp.outcome(0.0, 0.0))}),
        }),
    )
    m = float(offramp_margin(x, s, delta, pi_T, pi_A, r, H))
    sol = cp.spe(g)
    if abs(m) > 1e-7:
        assert (sol.path()[0] == "comply") == (m > 0)
    assert float(sol.value[1]) == pytest.approx(max(-x - (1 - pi_A * r) * P, -pi_T * P), abs=1e-9)
