"""War of attrition: hazards, duration, who gives in; the indifference tree; dt -> 0 limit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.attrition import attrition_discrete, attrition_game, war_of_attrition
from compellence.errors import ParameterError

pos = st.floats(0.05, 5.0)


@settings(max_examples=50, deadline=None)
@given(cs=pos, ct=pos, vs=pos, vt=pos)
def test_closed_form(cs, ct, vs, vt):
    w = war_of_attrition(cs, ct, vs, vt)
    lt, ls = cs / vs, ct / vt
    assert float(w.hazard_target) == pytest.approx(lt)
    assert float(w.p_target_first) == pytest.approx(lt / (lt + ls))
    assert float(w.expected_duration) == pytest.approx(1 / (lt + ls))
    assert float(w.survival(w.median_duration)) == pytest.approx(0.5)
    # the target's own cost never enters its own hazard
    assert float(war_of_attrition(cs, 2 * ct, vs, vt).hazard_target) == pytest.approx(lt)
    assert float(w.p_target_conceded_by(1e9)) == pytest.approx(float(w.p_target_first))


def test_simulated_standoffs_match():
    w = war_of_attrition(1.0, 0.5, 2.0, 1.5)
    rng = np.random.default_rng(1)
    tt = rng.exponential(1 / float(w.hazard_target), 200_000)
    ts = rng.exponential(1 / float(w.hazard_sender), 200_000)
    assert np.mean(tt < ts) == pytest.approx(float(w.p_target_first), abs=0.005)
    assert np.mean(np.minimum(tt, ts)) == pytest.approx(float(w.expected_duration), rel=0.01)


@settings(max_examples=40, deadline=None)
@given(cs=pos, ct=pos, vs=pos, vt=pos)
def test_discrete_sums_and_continuous_limit(cs, ct, vs, vt):
    dt = 0.02 * min(vs / cs, vt / ct)
    d = attrition_discrete(cs, ct, vs, vt, dt)
    total = float(d.p_target_first + d.p_sender_first + d.p_simultaneous)
    assert total == pytest.approx(1.0)
    # explicit (truncated) sums over the period of the first concession
    ht, hs = float(d.hazard_target), float(d.hazard_sender)
    k = np.arange(20_000)
    surv = ((1 - ht) * (1 - hs)) ** k
    assert float(d.p_target_first) == pytest.approx(np.sum(surv * ht * (1 - hs)), rel=1e-6)
    assert float(d.expected_duration) == pytest.approx(
        dt * np.sum((k + 1) * surv * (1 - (1 - ht) * (1 - hs))), rel=1e-6)
    w = war_of_attrition(cs, ct, vs, vt)
    assert float(d.p_target_first + d.p_simultaneous / 2) == pytest.approx(
        float(w.p_target_first), abs=0.02)
    assert float(d.expected_duration) == pytest.approx(float(w.expected_duration), rel=0.05)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), periods=st.integers(1, 8))
def test_tree_indifference_is_the_equilibrium_hazard(seed, periods):
    rng = np.random.default_rng(seed)
    cs, ct = rng.random(4) + 0.1, rng.random(4) + 0.1
    vs, vt = rng.random(4) * 3 + 1, rng.random(4) * 3 + 1
    sol = cp.spe(attrition_game(cs, ct, vs, vt, periods=periods, dt=0.25))
    np.testing.assert_allclose(sol.value[0], 0.0, atol=1e-12)  # holding out is worth exactly 0
    assert sol.ties.all()  # indifferent at every period: the mixed equilibrium condition
    hs = ct * 0.25 / vt
    bold = cp.spe(attrition_game(cs, ct, vs, vt, periods=periods, dt=0.25, sender_hazard=1.2 * hs))
    assert np.all(bold.value[0] > 1e-9) and bold.path(0)[0] == "hold"
    weak = cp.spe(attrition_game(cs, ct, vs, vt, periods=periods, dt=0.25, sender_hazard=0.8 * hs))
    np.testing.assert_allclose(weak.value[0], 0.0, atol=1e-12)
    assert all(weak.path(i) == ("concede",) for i in range(4)) and not weak.ties.any()


def test_who_gives_in_and_frames():
    # the sender finds sanctions cheap relative to its prize -> the target is likelier to give in
    w = war_of_attrition(np.array([0.1, 2.0]), 1.0, 1.0, 1.0)
    assert w.target_likelier.tolist() == [False, True]
    df = w.to_frame()
    assert len(df) == 2 and "p_target_first" in df
    assert "Attrition(" in repr(w)


def test_bad_inputs():
    with pytest.raises(ParameterError, match="c_s"):
        war_of_attrition(0.0, 1.0, 1.0, 1.0)
    with pytest.raises(ParameterError, match="dt"):
        attrition_discrete(1.0, 1.0, 1.0, 1.0, dt=2.0)
    with pytest.raises(ParameterError, match="periods"):
        attrition_game(1.0, 1.0, 1.0, 1.0, periods=0)
    with pytest.raises(ParameterError, match="sender_hazard"):
        attrition_game(1.0, 1.0, 2.0, 2.0, dt=0.5, sender_hazard=1.5)
