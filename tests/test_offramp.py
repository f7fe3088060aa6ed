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


def test_canonical_formula_by_hand():
    # M = (pi_T + pi_A - 1) r s D - x with D = 0.9 / 0.1 = 9: only the reversible part is leverage
    m = offramp_margin(0.3, 0.1, 0.9, 0.8, 0.5, 0.6)
    assert m == pytest.approx((0.8 + 0.5 - 1) * 0.6 * 0.1 * 9 - 0.3)
    assert largest_demand(0.1, 0.9, 0.8, 0.5, 0.6) == pytest.approx(0.162)
    # the irreversible part is charged on every branch: at r = 0 no harshness opens the off-ramp
    assert offramp_margin(0.01, 100.0, 0.9, 1.0, 1.0, 0.0) == pytest.approx(-0.01)
    # examples/claims/1_irreversible_punishment.toml: r = 0.2, pi_T = 0.8, pi_A = 0.9, s = 0.5, x = 0.2 -> M = 0.43, opens at s = 0.159
    assert offramp_margin(0.2, 0.5, 0.9, 0.8, 0.9, 0.2) == pytest.approx(0.43)
    c = critical_punishment(0.2, 0.5, 0.9, 0.8, 0.9, 0.2)
    assert float(c.value) == pytest.approx(0.2 / (0.7 * 0.2 * 9))


def test_resistance_cost_is_paid_whatever_the_coercer_does():
    # fighting on costs L on both resist branches: it adds to the margin one for one,
    # whatever the credibilities (it does not vanish when the coercer backs down)
    for pi_T, pi_A in ((0.3, 0.3), (0.9, 0.8), (0.0, 0.0)):
        m0 = offramp_margin(0.2, 0.1, 0.9, pi_T, pi_A, 0.7)
        m1 = offramp_margin(0.2, 0.1, 0.9, pi_T, pi_A, 0.7, resistance_cost=0.25)
        assert m1 - m0 == pytest.approx(0.25)


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


def test_critical_value_of_a_falling_margin():
    # M(p) = -2 p + b on [0, 1]: viable at and below the root
    c = critical_value(np.array([-2.0, -2.0, -2.0]), np.array([1.0, 3.0, -0.5]), "p")
    np.testing.assert_array_equal(c.increasing, [False, False, False])
    np.testing.assert_array_equal(c.always, [False, True, False])
    np.testing.assert_array_equal(c.never, [False, False, True])
    np.testing.assert_allclose(c.value, [0.5, 1.0, np.inf])
    # unbounded range: a falling margin is never viable at +inf
    c = critical_value(-1.0, 2.0, "s", lo=0.0, hi=np.inf)
    assert not c.always and not c.never and float(c.value) == pytest.approx(2.0)


def _margin_by_hand(x, s, D, pi_T, pi_A, r, cc=0.0, phi=1.0, Z=0.0, L=0.0):
    """The target's cost of resisting minus its cost of complying, branch by branch."""
    P = s * D
    comply = pi_A * (x + cc + (1 - r) * P) + (1 - pi_A) * (x + cc + (1 - r) * P + r * P + Z)
    resist = pi_T * (L + (1 - r) * P + phi * (r * P + Z)) + (1 - pi_T) * (L + (1 - r) * P)
    return resist - comply


@settings(max_examples=150, deadline=None)
@given(x=unit, s=st.floats(0.01, 2.0), delta=st.floats(0.05, 0.98), pi_T=unit, pi_A=unit, r=unit,
       cc=st.floats(-0.5, 0.5), phi=unit, Z=st.one_of(st.just(0.0), st.floats(0.0, 3.0)),
       L=st.one_of(st.just(0.0), st.floats(-0.5, 2.0)))
def test_critical_values_flip_viability(x, s, delta, pi_T, pi_A, r, cc, phi, Z, L):
    args = (x, s, delta, pi_T, pi_A, r)
    kw = {"compliance_cost": cc, "threat_factor": phi, "escalation_cost": Z, "resistance_cost": L}
    D = float(future_weight(delta))
    assert float(offramp_margin(*args, **kw)) == pytest.approx(
        _margin_by_hand(x, s, D, pi_T, pi_A, r, cc, phi, Z, L), abs=1e-9)
    names = ("x", "s", "delta", "pi_T", "pi_A", "r")
    for crit, key, hi in ((critical_assurance, "pi_A", 1.0), (critical_reversibility, "r", 1.0),
                          (critical_threat, "pi_T", 1.0), (critical_punishment, "s", 50.0)):
        c = crit(*args, **kw)
        assert not np.isnan(c.value)
        vals = dict(zip(names, args))
        grid = np.linspace(0.0, hi, 201)
        vals[key] = grid
        m = offramp_margin(**vals, **kw)
        if c.never:
            assert np.all(m < 1e-9)
        elif c.always:
            assert np.all(m >= -1e-9)
        else:
            vals[key] = float(c.value)
            assert abs(float(offramp_margin(**vals, **kw))) < 1e-7
            inc = bool(c.increasing)
            side = grid >= float(c.value) if inc else grid <= float(c.value)
            assert np.all(m[side] >= -1e-7) and np.all(m[~side] <= 1e-7)
    c = critical_punishment(*args, **kw)
    # a margin that is zero up to rounding (e.g. Z = 3e-82) may come out either side of zero
    gap = x + cc - L - (pi_T * phi + pi_A - 1) * Z
    if (r == 0 or pi_T * phi + pi_A <= 1) and gap > 1e-12 * (1 + abs(x) + abs(cc) + abs(L) + abs(Z)):
        assert c.never and np.isinf(c.value)


def _canonical_tree(x, P, pi_T, pi_A, r, Z=0.0, L=0.0):
    """The compellence tree written out by hand: the irreversible part (1 - r) P on every branch."""
    irr = (1 - r) * P
    return cp.Game(
        ["Coercer", "Target"],
        cp.decision("Target", {
            "comply": cp.chance({"lift": (pi_A, cp.outcome(x, -x - irr)),
                                 "renege": (1 - pi_A, cp.outcome(x, -x - irr - r * P - Z))}),
            "resist": cp.chance({"punish": (pi_T, cp.outcome(0.0, -L - irr - r * P - Z)),
                                 "back down": (1 - pi_T, cp.outcome(0.0, -L - irr))}),
        }),
    )


@settings(max_examples=60, deadline=None)
@given(x=unit, s=st.floats(0.0, 2.0), delta=st.floats(0.05, 0.95), pi_T=unit, pi_A=unit, r=unit,
       h=st.floats(0.0, 0.5), K=st.floats(0.0, 10.0), L=st.floats(0.0, 1.0),
       H=st.one_of(st.none(), st.integers(1, 30)))
def test_margin_with_hazard_and_resistance_cost_equals_spe_of_tree(x, s, delta, pi_T, pi_A, r, h, K, L, H):
    """The canonical tree plus a catastrophe (cost K, hazard h) while punishment continues."""
    from compellence.coercion.offramp import escalation_weight

    P = s * float(future_weight(delta, H))
    Z = K * float(escalation_weight(h, delta, H))
    m = float(offramp_margin(x, s, delta, pi_T, pi_A, r, H, escalation_cost=Z, resistance_cost=L))
    sol = cp.spe(_canonical_tree(x, P, pi_T, pi_A, r, Z, L))
    if abs(m) > 1e-7:
        assert (sol.path()[0] == "comply") == (m > 0)
    v_comply = -x - (1 - r) * P - (1 - pi_A) * (r * P + Z)
    v_resist = -L - (1 - r) * P - pi_T * (r * P + Z)
    assert v_comply - v_resist == pytest.approx(m, abs=1e-9)
    assert float(sol.value[1]) == pytest.approx(max(v_comply, v_resist), abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(x=unit, s=st.floats(0.0, 2.0), delta=st.floats(0.05, 0.95), pi_T=unit, pi_A=unit, r=unit,
       H=st.one_of(st.none(), st.integers(1, 30)))
def test_margin_equals_spe_of_canonical_tree(x, s, delta, pi_T, pi_A, r, H):
    """The canonical tree, written out by hand, agrees with the closed form."""
    P = s * float(future_weight(delta, H))
    m = float(offramp_margin(x, s, delta, pi_T, pi_A, r, H))
    assert m == pytest.approx((pi_T + pi_A - 1) * r * P - x, abs=1e-9)
    sol = cp.spe(_canonical_tree(x, P, pi_T, pi_A, r))
    if abs(m) > 1e-7:
        assert (sol.path()[0] == "comply") == (m > 0)
    v_comply = -x - (1 - r) * P - (1 - pi_A) * r * P
    v_resist = -(1 - r) * P - pi_T * r * P
    assert float(sol.value[1]) == pytest.approx(max(v_comply, v_resist), abs=1e-9)
