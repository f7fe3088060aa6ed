"""War termination with a veto player: closed forms vs brute force (written here) vs cp.spe."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

import compellence as cp
from compellence.coercion import (
    veto_deal_probability,
    veto_game,
    veto_ratification_game,
    veto_settlement,
)
from compellence.coercion.uncertainty import Samples
from compellence.errors import ParameterError

unit = st.floats(0.0, 1.0)
cost = st.floats(0.0, 0.6)


def params():
    return st.fixed_dictionaries({
        "war_share": unit,
        "defender_war_cost": cost,
        "coercer_bar": st.floats(0.0, 1.2),
        "threat_credibility": unit,
        "assurance_credibility": unit,
        "reversibility": unit,
        "punishment_per_period": st.floats(0.0, 0.3),
        "future_weight": st.floats(0.0, 5.0),
        "resistance_cost": st.floats(0.0, 0.3),
        "compliance_cost": st.floats(-0.1, 0.1),
        "escalation_cost": st.floats(0.0, 0.2),
        "threat_factor": unit,
    })


def branch_payoffs(q, y):
    """The accounting table, written out independently: (coercer, target, defender) per branch."""
    P = q["punishment_per_period"] * q["future_weight"]
    rev = q["reversibility"] * P + q["escalation_cost"]
    irr = (1 - q["reversibility"]) * P
    war = (0.0, q["war_share"] - q["resistance_cost"] - irr
           - q["threat_credibility"] * q["threat_factor"] * rev,
           1 - q["war_share"] - q["defender_war_cost"])
    lift = (q["coercer_bar"] - y, y - q["compliance_cost"] - irr - (1 - q["assurance_credibility"]) * rev, 1 - y)
    keep = (0.0, y - q["compliance_cost"] - irr - rev, 1 - y)
    return war, lift, keep


TOL = 1e-9  # ties within this are ties, broken accept / lift / ratify (the trees' action order)


def brute_outcome(q, y):
    """Backward induction by hand for one offer: 'lift', 'keep' (settled) or 'war'."""
    war, lift, keep = branch_payoffs(q, y)
    after_lift = "lift" if lift[1] >= war[1] - TOL else "war"
    after_keep = "keep" if keep[1] >= war[1] - TOL else "war"
    pay = {"lift": lift, "keep": keep, "war": war}
    coercer = after_lift if pay[after_lift][0] >= pay[after_keep][0] - TOL else after_keep
    return coercer if pay[coercer][2] >= war[2] - TOL else "war"


def margins(q, y, target_only=False):
    """Distances of y from the thresholds of the brute-force decisions (to skip near-ties)."""
    war, lift, keep = branch_payoffs(q, y)
    target = min(abs(lift[1] - war[1]), abs(keep[1] - war[1]))
    return target if target_only else min(target, abs(lift[0]), abs(1 - y - war[2]))


@settings(max_examples=60, deadline=None)
@given(q=params())
def test_settlement_set_matches_brute_force_and_tree_on_a_grid(q):
    grid = np.linspace(0.0, 1.0, 41)
    assume(all(margins(q, y) > 1e-7 for y in grid))
    brute = [brute_outcome(q, float(y)) for y in grid]
    res = veto_settlement(**q)
    lo, hi = float(res.accepted_low), float(res.accepted_high)
    in_accepted = (grid >= lo) & (grid <= hi)
    np.testing.assert_array_equal(in_accepted, [b == "lift" for b in brute])
    in_unlifted = (grid > float(res.coercer_bar)) & (grid >= float(res.unlifted_low)) & (
        grid <= float(res.unlifted_high))
    np.testing.assert_array_equal(in_unlifted, [b == "keep" for b in brute])
    assert bool(res.deal) == (bool(res.accepted) or bool(res.unlifted))
    # the same offers solved as one batched three-player tree
    sol = cp.spe(veto_ratification_game(grid, **q))
    for i, b in enumerate(brute):
        path = sol.path(i)
        got = "war" if path[-1] in ("reject", "fight on") else path[1]
        assert got == b, (i, grid[i], path, b)


@settings(max_examples=40, deadline=None)
@given(q=params())
def test_target_proposer_deal_matches_tree(q):
    # candidates derived here: the lifted one min(y_C, y_U, 1), the unlifted one min(y_U, 1)
    y_u = min(q["war_share"] + q["defender_war_cost"], 1.0)
    # the coercer's bar a hair from the defender's (e.g. defender_war_cost = 1e-12): the coercer is
    # indifferent at the candidate within the solvers' tolerance, and lifts or keeps either way
    assume(abs(q["coercer_bar"] - y_u) > 1e-6)
    cands = np.array([min(q["coercer_bar"], y_u), y_u])
    grid = np.linspace(0, 1, 21)
    grid = grid[np.min(np.abs(grid[:, None] - cands[None]), axis=1) > 1e-6]
    cands = cands[[True, abs(cands[1] - cands[0]) > 1e-6]]
    menu = np.concatenate([grid, cands])
    assume(all(margins(q, float(y), target_only=True) > 1e-7 for y in menu))
    best = {}
    for y in menu:
        o = brute_outcome(q, float(y))
        war, lift, keep = branch_payoffs(q, float(y))
        best[float(y)] = {"lift": lift, "keep": keep, "war": war}[o][1]
    war_t = branch_payoffs(q, 0.0)[0][1]
    # the target's best choice must be unique (ties at the candidates themselves are broken the
    # tree's way: the defender accepts, the coercer lifts, as in brute_outcome)
    settled = [v for y, v in best.items() if brute_outcome(q, y) != "war"]
    ranked = sorted(settled + [war_t], reverse=True)
    assume(len(ranked) == 1 or ranked[0] - ranked[1] > 1e-7)
    res = veto_settlement(**q)
    sol = cp.spe(veto_game(menu, **q))
    t_best = max(best.values())
    np.testing.assert_allclose(sol.value[1], max(t_best, war_t), atol=1e-9)
    np.testing.assert_allclose(float(res.target_value), max(t_best, war_t), atol=1e-9)
    path = sol.path()
    if bool(res.deal):
        assert float(path[0].split()[1]) == pytest.approx(float(res.terms), abs=1e-6)
        assert path[-1] == ("lift" if bool(res.lifted) else "keep")
        np.testing.assert_allclose(sol.value[2], float(res.defender_value), atol=1e-9)
        np.testing.assert_allclose(sol.value[0], float(res.coercer_value), atol=1e-9)
    else:
        assert path[-1] in ("fight on", "reject")


def test_set_shrinks_with_the_coercer_bar_and_the_defender_war_cost():
    bars = np.linspace(0.0, 1.0, 101)[:, None]
    costs = np.linspace(0.0, 0.5, 51)[None, :]
    res = veto_settlement(0.3, costs, bars, threat_credibility=0.9, assurance_credibility=0.8,
                          reversibility=0.7, punishment_per_period=0.1, future_weight=4.0,
                          resistance_cost=0.05)
    w = res.accepted_width
    assert np.all(np.diff(w, axis=0) >= -1e-12) and np.all(np.diff(w, axis=1) >= -1e-12)
    # one for one in the coercer's bar while it binds (below min(y_U, 1), above the floor)
    a = float(res.target_floor_lifted[0, 0])
    binding = (bars[:, 0] > a) & (bars[:, 0] < 0.3)
    np.testing.assert_allclose(w[binding, 0], bars[binding, 0] - a, atol=1e-12)
    assert np.all(w >= 0)


@settings(max_examples=60, deadline=None)
@given(q=params())
def test_width_sensitivities_are_right_derivatives(q):
    h = 1e-7
    res = veto_settlement(**q)
    up_c = veto_settlement(**{**q, "coercer_bar": q["coercer_bar"] + h})
    up_u = veto_settlement(**{**q, "defender_war_cost": q["defender_war_cost"] + h})
    # the width is piecewise linear with slopes 0 or 1: away from kinks the difference quotient is exact
    a = max(float(res.target_floor_lifted), 0.0)
    y_u = q["war_share"] + q["defender_war_cost"]
    kinks = [a, 1.0, y_u, q["coercer_bar"]]
    assume(min(abs(q["coercer_bar"] - k) for k in kinks if k != q["coercer_bar"]) > 1e-5)
    assume(min(abs(y_u - k) for k in kinks if k != y_u) > 1e-5)
    dc = (float(up_c.accepted_width) - float(res.accepted_width)) / h
    du = (float(up_u.accepted_width) - float(res.accepted_width)) / h
    assert dc == pytest.approx(float(res.width_per_coercer_bar), abs=1e-6)
    assert du == pytest.approx(float(res.width_per_defender_war_cost), abs=1e-6)


def test_coercer_as_spoiler():
    # R = r s D = 0.4; floors a = p - L - (pi_T + pi_A - 1) R = 0.15, b = p - L + (1 - pi_T) R = 0.55.
    # The defender accepts up to y_U = 0.5 >= a, but the coercer lifts only up to 0.1 < a, and
    # without lifting the target needs b = 0.55 > y_U: no deal, only because of the coercer's bar.
    kw = dict(threat_credibility=0.5, assurance_credibility=1.0, reversibility=1.0,
              punishment_per_period=0.1, future_weight=4.0, resistance_cost=0.05)
    res = veto_settlement(0.4, 0.1, 0.1, **kw)
    assert float(res.target_floor_lifted) == pytest.approx(0.15)
    assert float(res.target_floor_unlifted) == pytest.approx(0.55)
    assert not bool(res.deal) and bool(res.spoiler)
    # raising the coercer's bar to the defender's opens [0.15, 0.5]
    up = veto_settlement(0.4, 0.1, 0.5, **kw)
    assert bool(up.deal) and not bool(up.spoiler)
    assert float(up.accepted_low) == pytest.approx(0.15) and float(up.accepted_high) == pytest.approx(0.5)
    assert float(up.terms) == pytest.approx(0.5) and bool(up.lifted)
    sol = cp.spe(veto_game(np.linspace(0, 1, 21), 0.4, 0.1, 0.1, **kw))
    assert sol.path()[-1] in ("fight on", "reject")
    sol = cp.spe(veto_game(np.linspace(0, 1, 21), 0.4, 0.1, 0.5, **kw))
    assert sol.path() == ("offer 0.5", "accept", "lift")


def test_irreversible_punishment_does_not_move_the_set():
    # r P held at 0.3 while the irreversible part (1 - r) P grows: same floors, same set
    r = np.array([1.0, 0.5, 0.25])
    res = veto_settlement(0.4, 0.2, 0.3, reversibility=r, punishment_per_period=0.3 / r,
                          future_weight=1.0, threat_credibility=0.7, assurance_credibility=0.9)
    for f in ("target_floor_lifted", "target_floor_unlifted", "accepted_low", "accepted_high", "terms"):
        np.testing.assert_allclose(getattr(res, f), getattr(res, f)[0], atol=1e-12)
    # ...but it lowers the target's payoff on every branch
    assert np.all(np.diff(res.target_value) < 0)


def _mc_deal(q, cu, yc):
    """Deal indicator for drawn c_U, y_C from the brute-force condition on a fine offer grid."""
    P = q["punishment_per_period"] * q["future_weight"]
    rev = q["reversibility"] * P
    p = q["war_share"]
    a = p - (q["threat_credibility"] + q["assurance_credibility"] - 1) * rev
    b = p + (1 - q["threat_credibility"]) * rev
    top = np.minimum(p + cu, 1.0)
    return (np.maximum(a, 0) <= np.minimum(yc, top)) | ((yc < top) & (b <= top))


@pytest.mark.parametrize("kind", ["scipy", "samples"])
def test_deal_probability_against_monte_carlo(kind):
    q = dict(war_share=0.3, threat_credibility=0.3, assurance_credibility=0.6, reversibility=0.8,
             punishment_per_period=0.1, future_weight=3.0)
    cu_d, yc_d = stats.gamma(2.0, scale=0.08), stats.uniform(0.0, 0.6)
    rng = np.random.default_rng(1)
    cu, yc = cu_d.rvs(200_000, random_state=rng), yc_d.rvs(200_000, random_state=rng)
    if kind == "samples":
        cu_d, yc_d = Samples(cu), Samples(yc)
    pr = float(veto_deal_probability(defender_war_cost=cu_d, coercer_bar=yc_d, **q))
    mc = float(np.mean(_mc_deal(q, cu, yc)))
    assert 0.05 < pr < 0.95
    assert pr == pytest.approx(mc, abs=0.005)  # independent draws: sampling error only
    # known inputs give the deterministic indicator, batched
    bars = np.linspace(0, 1, 11)
    np.testing.assert_array_equal(veto_deal_probability(defender_war_cost=0.05, coercer_bar=bars, **q),
                                  veto_settlement(defender_war_cost=0.05, coercer_bar=bars, **q).deal)


def _deal_condition(q, cu, yc):
    """The deal condition from the module's derivation, written out here for arrays of draws."""
    P = q["punishment_per_period"] * q["future_weight"]
    rev = q["reversibility"] * P + q["escalation_cost"]
    piphi = q["threat_credibility"] * q["threat_factor"]
    base = q["war_share"] - q["resistance_cost"] + q["compliance_cost"]
    a = base - (piphi + q["assurance_credibility"] - 1) * rev
    b = base + (1 - piphi) * rev
    top = np.minimum(q["war_share"] + cu, 1.0)
    return (np.maximum(a, 0) <= np.minimum(yc, top)) | ((yc < top) & (b <= top)), a, b


@settings(max_examples=60, deadline=None)
@given(q=params(), cu=st.lists(cost, min_size=2, max_size=12),
       yc=st.lists(st.floats(0.0, 1.2), min_size=2, max_size=12))
def test_deal_probability_is_exact_on_independent_draws(q, cu, yc):
    # with Samples the closed form must equal the average of the deal indicator over all pairs
    # of draws (independence), exactly
    cu, yc = np.array(cu), np.array(yc)
    deal, a, b = _deal_condition(q, cu[:, None], yc[None, :])
    thresholds = np.array([max(a, 0.0), b])
    assume(np.min(np.abs(yc[:, None] - thresholds[None])) > 1e-9)
    assume(np.min(np.abs((q["war_share"] + cu)[:, None] - thresholds[None])) > 1e-9)
    rest = {k: v for k, v in q.items() if k not in ("defender_war_cost", "coercer_bar")}
    pr = veto_deal_probability(defender_war_cost=Samples(cu), coercer_bar=Samples(yc), **rest)
    assert float(pr) == pytest.approx(float(np.mean(deal)), abs=1e-12)
    # and the deterministic one per pair agrees with veto_settlement's deal
    res = veto_settlement(defender_war_cost=cu[:, None], coercer_bar=yc[None, :], **rest)
    np.testing.assert_array_equal(res.deal, deal)


def test_bad_input_is_refused_by_name():
    with pytest.raises(ParameterError) as e:
        veto_settlement(1.5, 0.1, 0.2)
    assert e.value.name == "war_share"
    with pytest.raises(ParameterError) as e:
        veto_settlement(0.5, -0.1, 0.2)
    assert e.value.name == "defender_war_cost"
    with pytest.raises(ParameterError) as e:
        veto_settlement(0.5, 0.1, 0.2, assurance_credibility=np.nan)
    assert e.value.name == "assurance_credibility"
    with pytest.raises(ParameterError) as e:
        veto_deal_probability(0.5, stats.norm(0, 1), 0.2)
    assert "defender_war_cost" in str(e.value)
    with pytest.raises(ParameterError) as e:
        veto_game([0.2, 0.2], 0.5, 0.1, 0.2)
    assert e.value.name == "offers"
    with pytest.raises(ParameterError) as e:
        veto_game([0.2], 0.5, 0.1, 0.2, credibility=0.3)
    assert e.value.name == "credibility"
    with pytest.raises(ParameterError) as e:
        veto_ratification_game(1.2, 0.5, 0.1, 0.2)
    assert e.value.name == "offer"


SCENARIO = """\
kind = "campaign"
title = "veto"

[coercer]
name = "West"
threat_credibility = {pt}

[target]
name = "Russia"

[[instruments]]
kind = "sanctions"
cost_target = 0.1
reversibility = 0.9

[demand]
concession = 0.1

[assurance]
credibility = 0.9

[defender]
name = "Ukraine"
war_share = {p}
war_cost = 0.15
coercer_bar = {bar}
"""


@pytest.mark.parametrize(("pt", "p", "bar", "deal", "spoiler", "lifted"), [
    (0.8, 0.2, 0.05, True, False, True),    # strong leverage: the target settles at the coercer's bar
    (0.8, 0.2, 2.0, True, False, True),     # the coercer lifts after any settlement: the defender's bar
    (0.3, 0.5, 0.05, False, True, False),   # weak threat, winning target: the coercer spoils the deal
    (0.3, 0.5, 0.4, True, False, True),     # ... which a higher coercer bar opens
])
def test_defender_table_in_campaign_scenarios(pt, p, bar, deal, spoiler, lifted):
    from compellence.scenario import loads_scenario

    rep = loads_scenario(SCENARIO.format(bar=bar, pt=pt, p=p)).solve()
    d = rep.defender
    assert d["name"] == "Ukraine" and d["game_and_closed_form_agree"]
    assert (d["deal"], d["spoiler"], d["lifted"]) == (deal, spoiler, lifted)
    # the target's floors from the report's own derived quantities (the campaign's effective ones)
    q = rep.derived
    lev = q["effective_reversibility"] * q["punishment_per_period"] * q["future_weight"] + q["escalation_cost"]
    piphi = q["effective_threat_credibility"] * q["threat_factor"]
    base = p - q["resistance_cost"] + q["compliance_cost"]
    assert d["target_floor_lifted"] == pytest.approx(base - (piphi + q["effective_assurance_credibility"] - 1) * lev)
    assert d["target_floor_unlifted"] == pytest.approx(base + (1 - piphi) * lev)
    assert d["defender_bar"] == pytest.approx(p + 0.15)
    ref = veto_settlement(p, 0.15, bar, threat_credibility=q["effective_threat_credibility"],
                          assurance_credibility=q["effective_assurance_credibility"],
                          reversibility=q["effective_reversibility"],
                          punishment_per_period=q["punishment_per_period"],
                          future_weight=q["future_weight"], escalation_cost=q["escalation_cost"],
                          resistance_cost=q["resistance_cost"], compliance_cost=q["compliance_cost"],
                          threat_factor=q["threat_factor"])
    assert d["deal"] == bool(ref.deal) and d["spoiler"] == bool(ref.spoiler)
    js = rep.to_dict()["defender"]
    assert js["deal"] == d["deal"] and (js["terms"] is None) == (not d["deal"])
    assert "Ukraine's veto" in rep.to_table()


def test_defender_table_bad_input_names_the_key():
    from compellence.errors import ScenarioError
    from compellence.scenario import loads_scenario

    with pytest.raises(ScenarioError) as e:
        loads_scenario(SCENARIO.format(bar=0.3, pt=0.8, p=1.5))
    assert "defender.war_share" in str(e.value)
    with pytest.raises(ScenarioError) as e:
        loads_scenario(SCENARIO.format(bar=0.3, pt=0.8, p=0.2).replace("war_cost = 0.15\n", ""))
    assert "war_cost" in str(e.value)
