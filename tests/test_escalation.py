"""Brinkmanship and the cornered target: closed forms vs game trees, cutoff rule vs brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

import compellence as cp
from compellence.coercion.escalation import (
    brinkmanship,
    brinkmanship_game,
    brinkmanship_spe,
    brinkmanship_uncertain,
    cornered,
    cornered_game,
    cumulative_risk,
    escalating_punishment,
    resolve,
    risk_schedule,
)
from compellence.errors import ParameterError

prob = st.floats(0.0, 1.0)


@settings(max_examples=50, deadline=None)
@given(up=st.floats(0, 5), gap=st.floats(0.01, 5), dgap=st.floats(0.01, 5), rho=prob)
def test_resolve_is_the_one_step_indifference(up, gap, dgap, rho):
    us, ud = up - gap, up - gap - dgap
    r = float(resolve(up, us, ud))
    lhs = (1 - rho) * up + rho * ud
    assume(abs(lhs - us) > 1e-9)
    assert (lhs >= us) == (rho <= r)


def test_cumulative_risk_and_schedule():
    rho = np.array([0.1, 0.2, 0.5])
    np.testing.assert_allclose(cumulative_risk(rho), [0.1, 1 - 0.9 * 0.8, 1 - 0.9 * 0.8 * 0.5])
    rs = risk_schedule(0.1, 4, growth=2.0, aid=np.array([0.0, 1.0]), aid_effect=0.1)
    np.testing.assert_allclose(rs[0], [0.1, 0.2, 0.4, 0.8])
    np.testing.assert_allclose(rs[1], [0.2, 0.4, 0.8, 1.0])  # overt aid raises the risk; capped at 1
    assert np.all(cumulative_risk(rs)[1] >= cumulative_risk(rs)[0])


@settings(max_examples=50, deadline=None)
@given(ra=prob, rb=prob, seed=st.integers(0, 10_000))
def test_cutoff_rule_matches_step_by_step_play(ra, rb, seed):
    rng = np.random.default_rng(seed)
    rho = rng.random(8) * 0.3
    res = brinkmanship(ra, rb, rho)
    q, k = 0.0, 0
    while k < rho.size:
        q_next = 1 - (1 - q) * (1 - rho[k])
        if q_next > min(ra, rb) + 1e-15:
            break
        q, k = q_next, k + 1
    assert int(res.stop_step) == k
    assert float(res.risk_run) == pytest.approx(q)
    if k < rho.size:
        assert float(res.risk_run) <= min(ra, rb) + 1e-12
        if ra < rb and int(res.exit_a) < int(res.exit_b):
            assert int(res.backs_down) == 0  # the less resolved side backs down first
    else:
        assert int(res.backs_down) == -2


def test_uncertain_resolve_closed_forms():
    pa, pd = brinkmanship_uncertain(stats.uniform(0, 1), stats.uniform(0, 1))
    assert pa == pytest.approx(0.5) and pd == pytest.approx(1 / 3)
    da, db = stats.beta(4, 2), stats.norm(0.4, 0.2)  # B's resolve leaves [0, 1] sometimes
    pa, pd = brinkmanship_uncertain(da, db)
    rng = np.random.default_rng(0)
    a = np.clip(da.rvs(400_000, random_state=rng), 0, 1)
    b = np.clip(db.rvs(400_000, random_state=rng), 0, 1)
    assert pa == pytest.approx(np.mean(a > b), abs=0.004)
    assert pd == pytest.approx(np.mean(np.minimum(a, b)), abs=0.004)


def _utils(rng, batch):
    up = rng.normal(size=batch)
    us = up - rng.random(batch) * 2
    ud = us - rng.random(batch) * 3 - 0.01
    return up, us, ud


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), K=st.integers(1, 7), first=st.sampled_from(["A", "B"]))
def test_brinkmanship_tree_matches_closed_form(seed, K, first):
    rng = np.random.default_rng(seed)
    batch = (5,)
    ua, ub = _utils(rng, batch), _utils(rng, batch)
    rho = rng.random((*batch, K)) * rng.random(batch)[:, None]
    ra = (ua[0] - ua[1]) / (ua[0] - ua[2])
    rb = (ub[0] - ub[1]) / (ub[0] - ub[2])
    assume(np.all(np.abs(rho - ra[:, None]) > 1e-9) and np.all(np.abs(rho - rb[:, None]) > 1e-9))
    closed = brinkmanship_spe(ua, ub, rho, first=first)
    sol = cp.spe(brinkmanship_game(ua, ub, rho, first=first))
    np.testing.assert_allclose(sol.value[0], closed.value_a, atol=1e-10)
    np.testing.assert_allclose(sol.value[1], closed.value_b, atol=1e-10)
    root_escalates = sol.action_probs("root")["escalate"] > 0.5
    np.testing.assert_array_equal(root_escalates, closed.escalate[:, 0])
    np.testing.assert_array_equal(root_escalates, closed.submit_step == 1)
    if K > 1:
        second = sol.action_probs("root/escalate/survive")["submit"] > 0.5
        assert np.all(second[root_escalates])  # the other side submits at the next rung
    # nobody climbs past the first rung under complete information
    assert np.all(closed.submit_step <= 1)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    delta=st.floats(0.5, 0.95),
    growth=st.floats(0.8, 1.04),
)
def test_cornered_tree_matches_closed_form(seed, delta, growth):
    rng = np.random.default_rng(seed)
    n = 6
    args = dict(
        x=rng.random(n), s=rng.random(n) * 0.3, delta=delta, pi_T=rng.random(n),
        pi_A=rng.random(n) * (rng.random(n) > 0.3), r=rng.random(n),
    )
    kw = dict(growth=growth, risk=rng.random(n) * 0.3, backdown=rng.random(n), catastrophe=rng.random(n) * 10)
    closed = cornered(**args, **kw)
    vals = np.stack([closed.v_comply, closed.v_endure, closed.v_escalate])
    srt = np.sort(vals, axis=0)
    assume(np.all(srt[-1] - srt[-2] > 1e-9))
    sol = cp.spe(cornered_game(**args, **kw))
    np.testing.assert_allclose(sol.value[0], vals.max(axis=0), atol=1e-10)
    labels = ["comply", "endure", "escalate"]
    for i in range(n):
        assert sol.path(i)[0] == labels[int(closed.choice[i])]


@settings(max_examples=40, deadline=None)
@given(pi_T=st.floats(0.05, 1.0), risk=st.floats(0.01, 0.5), b=prob, C=st.floats(0.1, 20))
def test_critical_punishment(pi_T, risk, b, C):
    growth = np.linspace(0.5, 1.09, 60)
    res = cornered(0.2, 0.5, 0.9, pi_T, 0.0, 0.9, growth=growth, risk=risk, backdown=b, catastrophe=C)
    away = np.abs(res.punishment - res.critical_punishment) > 1e-9
    np.testing.assert_array_equal(res.escalation_beats_endurance[away],
                                  (res.punishment > res.critical_punishment)[away])


def test_cornered_target_escalates_only_without_off_ramp():
    """Claim 7's mechanism: escalating reversible punishment + no off-ramp -> escalation."""
    growth = np.array([1.0, 1.05, 1.09])
    none = cornered(0.3, 0.2, 0.9, 0.9, 0.0, 0.9, growth=growth, risk=0.1, backdown=0.3, catastrophe=5)
    assert none.choice.tolist()[-1] == 2 and not none.offramp.any()
    assert np.all(none.v_comply < none.v_endure)  # complying is dominated without an off-ramp
    ramp = cornered(0.3, 0.2, 0.9, 0.9, 0.9, 0.9, growth=growth, risk=0.1, backdown=0.3, catastrophe=5)
    assert ramp.choice.tolist() == [0, 0, 0] and ramp.offramp.all()
    assert escalating_punishment(0.2, 0.9, 1.0) == pytest.approx(0.2 * 9)
    df = none.to_frame()
    assert list(df["choice"]) == none.choice.tolist()


@settings(max_examples=60, deadline=None)
@given(x=prob, s=st.floats(0.0, 1.0), delta=st.floats(0.3, 0.95), pi_T=prob, pi_A=prob, r=prob,
       g=st.floats(0.5, 1.05), rho=prob, b=prob, C=st.floats(0.0, 20.0))
def test_cornered_values_by_hand(x, s, delta, pi_T, pi_A, r, g, rho, b, C):
    """Hand derivation (module docstring): the irreversible floor F = (1 - r) s delta/(1 - delta)
    is on every branch; the reversible part r s grows by g: Q = sum_t delta^t r s g^(t-1)."""
    assume(delta * g < 0.999)
    F = (1 - r) * s * delta / (1 - delta)
    Q = sum(delta**t * r * s * g ** (t - 1) for t in range(1, 3000))
    res = cornered(x, s, delta, pi_T, pi_A, r, growth=g, risk=rho, backdown=b, catastrophe=C)
    comply = pi_A * (F + x) + (1 - pi_A) * (F + x + Q)
    endure = pi_T * (F + Q) + (1 - pi_T) * F
    escalate = rho * (F + C) + (1 - rho) * (b * F + (1 - b) * (pi_T * (F + Q) + (1 - pi_T) * F))
    assert float(res.v_comply) == pytest.approx(-comply, rel=1e-9, abs=1e-9)
    assert float(res.v_endure) == pytest.approx(-endure, rel=1e-9, abs=1e-9)
    assert float(res.v_escalate) == pytest.approx(-escalate, rel=1e-9, abs=1e-9)
    assert float(res.punishment) == pytest.approx(Q, rel=1e-9, abs=1e-12)
    assert float(res.irreversible_pv) == pytest.approx(F, rel=1e-12, abs=1e-12)
    assert float(res.margin) == pytest.approx(endure - comply, rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(s=st.floats(0.01, 100.0), pi_T=prob, g=st.floats(0.5, 1.1), rho=st.floats(0.01, 1.0), C=st.floats(0.01, 20))
def test_irreversible_punishment_corners_nobody(s, pi_T, g, rho, C):
    """r = 0: Q = 0, so however harsh, enduring beats escalating (which risks C) and complying
    (which adds x): the floor (1 - r) s D is paid whatever the target does."""
    res = cornered(0.2, s, 0.9, pi_T, 0.0, 0.0, growth=g, risk=rho, backdown=0.3, catastrophe=C)
    assert int(res.choice) == 1 and not bool(res.escalation_beats_endurance)
    assert float(res.v_endure) == pytest.approx(-s * 9.0)


def test_bad_inputs():
    with pytest.raises(ParameterError, match="u_submit"):
        resolve(1.0, -2.0, -1.0)
    with pytest.raises(ParameterError, match="u_prevail"):
        resolve(0.0, 1.0, -1.0)
    with pytest.raises(ParameterError, match="growth"):
        escalating_punishment(1.0, 0.9, 1.2)
    with pytest.raises(ParameterError, match="u_a"):
        brinkmanship_game((1.0, 0.0), (1.0, 0.0, -1.0), [0.1])
    with pytest.raises(ParameterError, match="first"):
        brinkmanship_spe((1.0, 0.0, -1.0), (1.0, 0.0, -1.0), [0.1], first="C")
    with pytest.raises(ParameterError, match="risks"):
        brinkmanship(0.5, 0.5, [0.1, 1.5])
    with pytest.raises(ParameterError, match="dist_a"):
        brinkmanship_uncertain(0.5, stats.uniform())
    with pytest.raises(ParameterError, match="pi_A"):
        cornered(0.3, 0.2, 0.9, 0.9, 1.2, 0.9)


def _gambit_regret(game):
    """Our SPE as a pygambit behaviour profile: (max regret, payoffs) by pygambit's own code."""
    import io

    import pygambit as gbt

    from compellence.games import DECISION
    from compellence.games.gambit_io import write_efg

    sol = cp.spe(game)
    G = gbt.read_efg(io.StringIO(write_efg(game)))
    prof = G.mixed_behavior_profile(rational=False)

    for i in np.flatnonzero(game.kind == DECISION).tolist():
        node = gbt.H.path(*game.history(i))  # pygambit 17 names a node by its action path
        acts = G.get_actions(node)
        prof.set_mixed_action(node, {acts[a]: float(sol.edge_prob[c])
                                     for a, c in enumerate(game.children(i))})
    return prof.max_regret(), np.array([float(prof.payoffs[p]) for p in G.players]), sol.value


def _richer_trees():
    # small trees: pygambit's max_regret grows quickly with the number of information sets
    from compellence.coercion.attrition import attrition_game
    from compellence.coercion.bargaining import fearon_game, risk_return_game
    from compellence.coercion.coalitions import Coalition, coalition_lift_game
    from compellence.coercion.commitment import powell_game

    coal = Coalition(["US", "EU", "UK"], [0.3, 0.6, 0.45], 0.1, rule="quota", quota=2)
    return {
        "brinkmanship": brinkmanship_game((1.0, 0.0, -4.0), (1.0, 0.0, -2.0), [0.1, 0.3, 0.5]),
        "cornered": cornered_game(0.3, 0.2, 0.9, 0.9, 0.0, 0.9, growth=1.05),
        "fearon": fearon_game(0.45, 0.1, 0.2, demands=6),
        "risk-return": risk_return_game(0.4, 0.1, 0.5, demands=3, types=3),
        "powell": powell_game([0.6, 0.5, 0.3], 0.9, 0.05, 0.05),
        "coalition": coalition_lift_game(coal, 0.5, 0.8, 0.9, 1.0, 2.0),
        "attrition": attrition_game(1.0, 0.5, 2.0, 1.5, periods=3, dt=0.5),
    }


@pytest.mark.parametrize("name", list(_richer_trees()))
def test_pygambit_oracle(name):
    """pygambit confirms each richer model's SPE is a Nash equilibrium with the same payoffs."""
    pytest.importorskip("pygambit")
    regret, pay, value = _gambit_regret(_richer_trees()[name])
    assert regret < 1e-6
    np.testing.assert_allclose(pay, value, atol=1e-6)
