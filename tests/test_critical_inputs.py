"""critical(campaign, key): critical values of user inputs on the full model.

Closed forms are derived here by hand from the canonical margin
M = (pi_T + pi_A - 1) r s D - x (one sanctions instrument with cost_target s,
reversibility r, given credibilities, no deadline, hazard or face cost,
D = delta / (1 - delta)), never by calling the library's closed forms.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from compellence.coercion.campaign import Campaign
from compellence.coercion.critical_inputs import (
    COST_SPAN,
    CriticalInput,
    critical,
    critical_of,
    input_range,
)
from compellence.coercion.offramp import Critical
from compellence.errors import ParameterError

TOL = 1e-7


def canonical(pi_T=0.7, pi_A=0.5, s=0.1, r=1.0, x=0.3, delta=0.9):
    return Campaign({"name": "C", "threat_credibility": pi_T}, "T",
                    [{"kind": "sanctions", "cost_target": s, "reversibility": r}],
                    demand=x, assurance=pi_A, discount=delta)


def expect(c: Critical, value: float, lo: float, hi: float, increasing: bool = True) -> None:
    """``c`` is the flip at ``value`` if it lies inside (lo, hi), else always / never as M at the ends says."""
    if lo < value < hi:
        assert not c.always and not c.never
        assert float(c.value) == pytest.approx(value, abs=TOL)
        assert bool(c.increasing) == increasing
        assert int(c.crossings) == 1
    elif (value <= lo) == increasing:
        assert c.always and float(c.value) == lo
    else:
        assert c.never and float(c.value) == np.inf


unit = st.floats(0.02, 0.98)


@settings(max_examples=25, deadline=None)
@given(pi_T=unit, pi_A=unit, s=st.floats(0.01, 0.5), r=st.floats(0.05, 1.0), x=st.floats(0.02, 0.9),
       delta=st.floats(0.5, 0.95))
def test_canonical_critical_values_equal_the_closed_forms(pi_T, pi_A, s, r, x, delta):
    D = delta / (1 - delta)
    k = pi_T + pi_A - 1
    c = canonical(pi_T, pi_A, s, r, x, delta)
    # M = 0 in pi_A: pi_A* = 1 - pi_T + x / (r s D); M rises in pi_A
    a_star = 1 - pi_T + x / (r * s * D)
    assume(abs(a_star) > 1e-4 and abs(a_star - 1) > 1e-4)
    expect(critical(c, "assurance.credibility"), a_star, 0.0, 1.0)
    # M = 0 in pi_T: pi_T* = 1 - pi_A + x / (r s D)
    t_star = 1 - pi_A + x / (r * s * D)
    assume(abs(t_star) > 1e-4 and abs(t_star - 1) > 1e-4)
    expect(critical(c, "coercer.threat_credibility"), t_star, 0.0, 1.0)
    # M = 0 in x: x* = k r s D; M falls in x (viable at or below x*)
    x_star = k * r * s * D
    assume(abs(x_star) > 1e-4 and abs(x_star - 1) > 1e-4)
    cx = critical(c, "demand.concession")
    if 0 < x_star < 1:
        assert float(cx.value) == pytest.approx(x_star, abs=TOL) and not bool(cx.increasing)
    elif x_star >= 1:
        assert cx.always
    else:
        assert cx.never
    # M linear in s: M = k r D s - x; s* = x / (k r D) when k > 0, default range [0, 10 s]
    cs = critical(c, "instruments[0].cost_target")
    assert (cs.lo, cs.hi) == (0.0, pytest.approx(COST_SPAN * s))
    if k > 1e-6:
        s_star = x / (k * r * D)
        assume(abs(s_star - COST_SPAN * s) > 1e-4)
        expect(cs, s_star, 0.0, COST_SPAN * s)
    elif k < -1e-6:
        assert cs.never
    # M = 0 in r: r* = x / (k s D) when k > 0
    cr = critical(c, "instruments[0].reversibility")
    if k > 1e-6:
        r_star = x / (k * s * D)
        assume(abs(r_star - 1) > 1e-4)
        expect(cr, r_star, 0.0, 1.0)
    elif k < -1e-6:
        assert cr.never
    # M = 0 in delta: D* = x / (k r s), delta* = D* / (1 + D*), over (0, 1)
    cd = critical(c, "discount")
    if k > 1e-6:
        D_star = x / (k * r * s)
        d_star = D_star / (1 + D_star)
        assume(abs(d_star - 1) > 1e-6)
        assert float(cd.value) == pytest.approx(d_star, abs=1e-6) and bool(cd.increasing)
    elif k < -1e-6:
        assert cd.never


def test_result_is_a_critical_with_crossings():
    c = critical(canonical(), "assurance.credibility")
    assert isinstance(c, Critical) and isinstance(c, CriticalInput)
    assert c.name == c.key == "assurance.credibility"
    assert int(c.crossings) == 1 and c.roots.shape == (1,) and c.roots[0] == c.value
    assert bool(c.flips) and bool(c.monotone)
    # the campaign facade gives the same
    again = canonical().critical("assurance.credibility")
    assert float(again.value) == float(c.value)
    assert "viable above" in repr(c)


def derived():
    """Assurance derived from the coercer's incentives: a type lifts iff C + a_A - w r P >= 0 (jumps)."""
    return Campaign({"name": "C", "threat_credibility": 0.9, "weakening_value": 0.5, "audience_cost": 0.2,
                     "prob_compellent": 0.7}, "T",
                    [{"kind": "sanctions", "cost_target": 0.1, "cost_coercer": 0.02, "reversibility": 0.9}],
                    demand=0.2, assurance=None, discount=0.9)


@pytest.mark.parametrize("key", ["coercer.audience_cost", "coercer.weakening_value", "instruments[0].cost_coercer",
                                 "instruments[0].cost_target", "discount", "instruments[0].reversibility"])
def test_derived_credibility_margin_has_the_right_sign_around_every_flip(key):
    camp = derived()
    c = critical(camp, key)
    assert int(c.crossings) >= 1
    roots = c.roots[np.isfinite(c.roots)]
    assert len(roots) == int(c.crossings)
    eps = 1e-6 * (c.hi - c.lo)
    up = bool(c.increasing)
    for root in roots:  # flips alternate in direction
        below = float(camp.with_inputs({key: root - eps}).margin())
        above = float(camp.with_inputs({key: root + eps}).margin())
        at = float(camp.with_inputs({key: root}).margin())
        assert at >= 0  # the value returned is on the viable side
        if up:
            assert above >= 0 > below
        else:
            assert below >= 0 > above
        up = not up


def test_non_monotone_margin_reports_every_crossing():
    # M rises then falls in cost_target: pi_A jumps to 0 once the compellent type prefers punishing
    c = critical(derived(), "instruments[0].cost_target")
    assert int(c.crossings) == 2 and not bool(c.monotone)
    assert bool(c.increasing)  # opens at the first root, closes at the second
    assert c.roots[0] < c.roots[1] and float(c.value) == c.roots[0]
    assert "2 crossings" in repr(c)


def test_engine_on_a_known_function_batched():
    # M(v) = (v - a)(v - b) * sign: roots a and b where inside [0, 1]
    a = np.array([0.2, 0.3, -1.0, 0.5012, 2.0])
    b = np.array([0.7, 2.0, -0.5, 0.5022, 3.0])
    sign = np.array([1.0, -1.0, 1.0, -1.0, -1.0])

    def margin_of(v):
        return (v - a) * (v - b) * sign

    c = critical_of(margin_of, 0.0, 1.0, (5,), grid=201, tol=1e-12, name="v")
    assert c.crossings.tolist() == [2, 1, 0, 0, 0]  # element 3's window is narrower than a grid cell
    assert c.roots.shape == (5, 2)
    np.testing.assert_allclose(c.roots[0], [0.2, 0.7], atol=1e-9)
    assert c.roots[1, 0] == pytest.approx(0.3, abs=1e-9) and c.roots[1, 1] == np.inf
    assert c.increasing.tolist()[:2] == [False, True]  # (v-.2)(v-.7) >= 0 below .2; -(v-.3)(v-2) >= 0 above .3
    assert c.always.tolist() == [False, False, True, False, False]
    assert c.never.tolist() == [False, False, False, True, True]
    assert c.value[2] == 0.0 and np.isinf(c.value[3:]).all()
    # the window of element 3 is seen with a fine enough grid
    fine = critical_of(lambda v: -(v - a[3]) * (v - b[3]), 0.0, 1.0, (), grid=4001, name="v")
    assert int(fine.crossings) == 2 and fine.roots[0] == pytest.approx(0.5012, abs=1e-9)


def test_batched_equals_per_element():
    pi_T = np.array([[0.2, 0.5, 0.7], [0.8, 0.95, 1.0]])
    s = np.array([0.05, 0.1, 0.3])
    batch = canonical(pi_T=pi_T, s=s, r=0.8)
    for key in ("assurance.credibility", "instruments[0].cost_target", "demand.concession", "discount"):
        cb = critical(batch, key, hi=1.0 if key == "instruments[0].cost_target" else None)
        assert np.shape(cb.value) == (2, 3)
        for i in range(2):
            for j in range(3):
                one = critical(canonical(pi_T=float(pi_T[i, j]), s=float(s[j]), r=0.8), key,
                               hi=1.0 if key == "instruments[0].cost_target" else None)
                assert cb.value[i, j] == pytest.approx(float(one.value), abs=1e-9)
                assert cb.always[i, j] == bool(one.always) and cb.never[i, j] == bool(one.never)
                assert cb.increasing[i, j] == bool(one.increasing)
                assert cb.crossings[i, j] == int(one.crossings)


def test_batch_axis_of_the_input_itself_collapses():
    # the batch comes from the input being scanned: every element has the same critical value
    c = critical(canonical(pi_A=np.linspace(0.1, 0.9, 4)), "assurance.credibility")
    assert np.shape(c.value) == (4,)
    np.testing.assert_allclose(c.value, 1 - 0.7 + 0.3 / 0.9, atol=TOL)


def test_ranges_and_refusals():
    c = canonical()
    assert input_range("assurance.credibility").text() == "[0, 1]"
    assert input_range("discount").text() == "(0, 1)"
    assert input_range("instruments[0].cost_target").text() == "[0, inf)"
    with pytest.raises(ParameterError) as e:
        critical(c, "assurance.credibilty")
    assert e.value.name == "assurance.credibilty"
    with pytest.raises(ParameterError) as e:
        critical(c, "instruments[0].elapsed")  # whole periods
    assert e.value.name == "instruments[0].elapsed"
    with pytest.raises(ParameterError) as e:
        critical(canonical().replace(assurance=None), "assurance.credibility")  # derived, not an input
    assert e.value.name == "assurance.credibility"
    with pytest.raises(ParameterError) as e:
        critical(c, "target.face_cost")  # unbounded and 0 now: no default range
    assert e.value.name == "hi" and "target.face_cost" in str(e.value)
    assert bool(critical(c, "target.face_cost", hi=1.0).never) is True  # M < 0 at cc = 0 already
    with pytest.raises(ParameterError) as e:
        critical(c, "assurance.credibility", lo=-0.5)
    assert e.value.name == "lo"
    with pytest.raises(ParameterError):
        critical(c, "assurance.credibility", lo=0.6, hi=0.2)
    with pytest.raises(ParameterError) as e:
        critical(c, "assurance.credibility", grid=1)
    assert e.value.name == "grid"
    with pytest.raises(ParameterError) as e:
        critical(c, 3)
    # an explicit sub-range without the flip is "never" / "always", not an error
    assert bool(critical(c, "assurance.credibility", lo=0.0, hi=0.5).never)
    assert bool(critical(c, "assurance.credibility", lo=0.7, hi=1.0).always)
    assert critical(c, "horizon.discount").key == "discount"  # the scenario alias


def test_claim_1_answers_in_the_users_units():
    # examples/claims/1_irreversible_punishment.toml: pi_T = .8, pi_A = .9, cost_target = .5, reversibility 1, private_share .8, x = .2,
    # delta = .9 (D = 9).  Effective r = reversibility (1 - private_share) = .2, so
    # M = (pi_T + pi_A - 1) reversibility (1 - private_share) cost_target D - x = .7 * .2 * .5 * 9 - .2 = .43
    from compellence.scenario import load_scenario

    camp = load_scenario("examples/claims/1_irreversible_punishment.toml").campaign()
    assert float(camp.margin()) == pytest.approx(0.43)
    k, D, x = 0.7, 9.0, 0.2
    c = camp.critical("instruments[0].cost_target")
    assert float(c.value) == pytest.approx(x / (k * 0.2 * D), abs=TOL) and bool(c.increasing)  # 0.159
    c = camp.critical("instruments[0].reversibility")
    assert float(c.value) == pytest.approx(x / (k * 0.2 * 0.5 * D), abs=TOL) and bool(c.increasing)
    c = camp.critical("instruments[0].private_share")  # viable while enough of it reverses
    assert float(c.value) == pytest.approx(1 - x / (k * 0.5 * D), abs=TOL) and not bool(c.increasing)
    # the fighting cost f per period adds L = f D to M: viable for f >= (x - k r s D) / D (< 0 here) ...
    assert bool(camp.critical("target.fighting_cost", hi=1.0).always)
    with pytest.raises(ParameterError) as e:
        camp.critical("target.fighting_cost", lo=-1.0, hi=1.0)  # a cost is >= 0
    assert e.value.name == "lo"
    # ... and with 95% of the damage private (r = .05) it takes f* = (x - k .05 s D) / D
    sticky = camp.with_inputs({"instruments[0].private_share": 0.95})
    c = sticky.critical("target.fighting_cost", hi=1.0)
    assert float(c.value) == pytest.approx((x - k * 0.05 * 0.5 * D) / D, abs=TOL) and bool(c.increasing)


def test_coalition_member_threshold():
    # unanimity, independent normal thresholds: pi_A = a0 prod_j Phi((x - th_j) / sd_j) (Pr(lift | x) times
    # the given credibility a0); M >= 0 iff pi_A >= pi_A* = 1 - pi_T + x / (r s D), so member 1's threshold
    # must satisfy Phi((x - th_1) / sd_1) >= pi_A* / (a0 prod_{j != 1} Phi_j): th_1* = x - sd_1 Phi^-1(q)
    from scipy.stats import norm

    from compellence.coercion.coalitions import Coalition

    th, sd = [0.2, 0.3, 0.25], [0.05, 0.1, 0.05]
    co = Coalition(["A", "B", "C"], thresholds=th, threshold_sd=sd, rule="unanimity")
    camp = Campaign({"name": "C", "threat_credibility": 0.8}, "T",
                    [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 1.0}],
                    demand=0.3, assurance=0.9, discount=0.9, coalition=co)
    x, a0 = 0.3, 0.9
    q = (1 - 0.8 + x / (0.1 * 9)) / (a0 * norm.cdf((x - th[0]) / sd[0]) * norm.cdf((x - th[2]) / sd[2]))
    c = critical(camp, "coalition.members[1].min_concession", lo=0.0, hi=1.0)
    assert float(c.value) == pytest.approx(x - sd[1] * norm.ppf(q), abs=TOL)
    assert not bool(c.increasing) and int(c.crossings) == 1


def test_one_batched_evaluation_per_step(monkeypatch):
    # the grid is one evaluation and every bisection step one more, whatever the batch size
    calls = []
    original = Campaign.with_inputs

    def counting(self, mapping):
        calls.append({k: np.shape(v) for k, v in mapping.items()})
        return original(self, mapping)

    monkeypatch.setattr(Campaign, "with_inputs", counting)
    c = critical(canonical(pi_T=np.linspace(0.3, 1.0, 50)), "assurance.credibility", grid=33, tol=1e-9)
    steps = int(np.ceil(np.log2((1 / 32) / 1e-9)))
    assert len(calls) == 1 + steps
    assert calls[0] == {"assurance.credibility": (33, 1)}
    assert all(call == {"assurance.credibility": (1, 50)} for call in calls[1:])
    assert c.tol == 1e-9
