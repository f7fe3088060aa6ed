"""Screening a target of unknown resolve: risk-return (Fearon 1995), finitely many types, several rounds.

Each closed form is checked against an independent derivation written here
(brute-force maximisation of the coercer's expected payoff on a grid) and
against the game tree solved generically (cp.spe batched; the sequence-form
LCP on the Bayesian form; pygambit's LCP for the sequential game).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.offramp import offramp_margin
from compellence.coercion.screening import (
    acceptance_threshold,
    check_prior,
    demand_tradeoff,
    offramp_risk_return,
    screen,
    screening_game,
    sequential_screening,
)
from compellence.errors import ParameterError
from compellence.games.tree import DECISION

unit = st.floats(0.0, 1.0)


# ------------------------------------------------------------------ Fearon 1995
def test_fearon_1995_risk_return_example():
    """Fearon (1995, IO 49(3), p. 394-395): B's cost c_B ~ U[0, cbar]; A's optimal demand
    x* = p + (cbar - c_A)/2 and Pr(war) = (cbar - c_A)/(2 cbar) when cbar > c_A.
    With p = 0.5, c_A = 0.1, cbar = 0.3: x* = 0.6, Pr(war) = 1/3."""
    p, cA, cbar = 0.5, 0.1, 0.3
    rr = offramp_risk_return(p, cbar, p - cA)
    assert rr.demand == pytest.approx(0.6) and rr.war_probability == pytest.approx(1 / 3)
    assert bool(rr.interior)
    # cbar <= c_A: no risk taken
    rr2 = offramp_risk_return(p, 0.05, p - cA)
    assert rr2.demand == pytest.approx(p) and rr2.war_probability == pytest.approx(0.0)


@settings(max_examples=60, deadline=None)
@given(p=unit, cA=st.floats(0.0, 0.5), cbar=st.floats(0.01, 1.0))
def test_risk_return_matches_fearon_formula_and_brute_force(p, cA, cbar):
    rr = offramp_risk_return(p, cbar, p - cA)
    if cbar > cA:
        assert rr.demand == pytest.approx(p + (cbar - cA) / 2)
        assert rr.war_probability == pytest.approx((cbar - cA) / (2 * cbar))
    else:
        assert rr.demand == pytest.approx(p) and rr.war_probability == pytest.approx(0.0, abs=1e-12)
    # brute force: the coercer's expected payoff on a fine grid of demands
    x = np.append(np.linspace(p - 0.2, p + cbar + 0.2, 40001), p)
    settle = np.clip(1 - (x - p) / cbar, 0, 1)
    eu = x * settle + (p - cA) * (1 - settle)
    assert float(rr.coercer_payoff) == pytest.approx(eu.max(), abs=1e-6)


def test_risk_return_is_batched_and_tradeoff_table():
    cbar = np.linspace(0.05, 0.5, 10)[:, None]
    cA = np.linspace(0.0, 0.3, 7)[None, :]
    rr = offramp_risk_return(0.4, cbar, 0.4 - cA)
    assert rr.demand.shape == (10, 7)
    np.testing.assert_allclose(rr.war_probability, np.where(cbar > cA, (cbar - cA) / (2 * cbar), 0.0), atol=1e-12)
    df = demand_tradeoff(np.linspace(0.3, 0.9, 13), 0.4, 0.3, 0.3)
    assert df["settlement_probability"].iloc[0] == 1.0 and df["war_probability"].iloc[-1] == 1.0
    best = df.loc[df["coercer_payoff"].idxmax(), "demand"]
    assert best == pytest.approx(float(offramp_risk_return(0.4, 0.3, 0.3).demand), abs=0.05)


def test_threshold_is_the_offramp_margin_at_zero_demand():
    """A type accepts x iff x <= xbar, with xbar = M(0) from the corrected accounting."""
    rng = np.random.default_rng(1)
    args = dict(s=rng.uniform(0, 1, 50), delta=rng.uniform(0.5, 0.95, 50), pi_T=rng.uniform(0, 1, 50),
                pi_A=rng.uniform(0, 1, 50), r=rng.uniform(0, 1, 50))
    L = rng.uniform(0, 0.5, 50)
    xbar = acceptance_threshold(**args, resistance_cost=L)
    x = rng.uniform(0, 1, 50)
    complies = offramp_margin(x, **args, resistance_cost=L) >= 0
    np.testing.assert_array_equal(complies, x <= xbar)


def test_thresholds_from_a_campaign_match_its_fighting_cost_input():
    """Two routes: the threshold of a type with private resistance cost theta (present value, stake
    units), and the campaign with target.fighting_cost (per period) raised by theta / D, whose
    largest demand is max(0, M + x)."""
    from compellence.coercion.campaign import Campaign
    from compellence.coercion.screening import thresholds_from_campaign

    c = Campaign(coercer={"name": "West", "threat_credibility": 0.8}, target={"name": "Russia"},
                 instruments=[{"kind": "sanctions", "cost_target": 0.03, "reversibility": 0.7}],
                 demand={"concession": 0.35}, assurance={"credibility": 0.7}, discount=0.97)
    theta = np.array([0.0, 0.05, 0.2])
    xbar = thresholds_from_campaign(c, theta)
    D = float(c.offramp().future_weight)
    for i, th in enumerate(theta):
        o = c.with_inputs({"target.fighting_cost": float(th) / D}).offramp()
        assert xbar[i] == pytest.approx(float(o.largest_demand))
        assert (float(o.margin) >= 0) == (0.35 <= xbar[i])


# ------------------------------------------------------------------ finitely many types
def brute_screen(xbar, q, w):
    grid = np.unique(np.concatenate([np.linspace(0, 2, 2001), np.maximum(xbar[np.isfinite(xbar)], 0)]))
    acc = (xbar[None, :] >= grid[:, None]) @ q
    eu = grid * acc + w * (1 - acc)
    return eu.max()


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10**6), N=st.integers(2, 4))
def test_screen_matches_brute_force_and_the_tree(seed, N):
    rng = np.random.default_rng(seed)
    xbar = np.round(rng.uniform(-0.3, 1.0, N), 3)
    if rng.random() < 0.4:
        xbar[-1] = -np.inf  # a type that rejects every off-ramp
    q = rng.dirichlet(np.ones(N))
    w = float(np.round(rng.uniform(-0.5, 0.5), 3))
    labels = [f"type{i}" for i in range(N)]
    s = screen(xbar, q, w)
    assert float(s.coercer_payoff) == pytest.approx(brute_screen(xbar, q, w), abs=1e-9)
    # posterior after a rejection, by Bayes written out
    rej = q * (xbar < float(s.demand))
    if rej.sum() > 0:
        np.testing.assert_allclose(s.posterior_after_rejection, rej / rej.sum())
    # the tree, coercer first (perfect information): spe
    sol = cp.spe(screening_game(xbar, q, w))
    assert float(sol.value[0]) == pytest.approx(float(s.coercer_payoff), abs=1e-9)
    # the Bayesian form (type first, coercer's nodes in one information set): the closed-form
    # profile has zero regret there (sequence-form best replies), and the sequence-form LCP's
    # equilibrium gives the coercer no more (a Nash solver may let a type reject at its
    # indifference point, which only lowers the coercer's payoff)
    g = screening_game(xbar, q, w, coercer_first=False)
    from compellence.solvers.sequence_form import behaviour_regret
    from compellence.solvers.solution import edge_prob_from_chance

    ep = edge_prob_from_chance(g)
    x_star = float(s.demand)
    for n in np.flatnonzero(g.kind == DECISION):
        kids = list(g.children(int(n)))
        if g.players[g.player[n]] == "Coercer":
            vals = [np.inf if "more than" in g.edge_label[c] else
                    max(float(xbar[labels.index(g.edge_label[c][len("demand xbar["):-1])]), 0.0) for c in kids]
            pick = vals.index(x_star)
            for i, c in enumerate(kids):
                ep[c] = float(i == pick)
        else:
            t = labels.index(g.edge_label[g.parent[n]])  # chance -> type's coercer node -> this node
            offered = g.edge_label[n]
            x = np.inf if "more than" in offered else max(float(xbar[labels.index(offered[len("demand xbar["):-1])]), 0.0)
            accept = x <= xbar[t]
            ep[kids[0]], ep[kids[1]] = float(accept), float(not accept)
    assert np.all(behaviour_regret(g, ep) < 1e-9)
    lcp = cp.nash(g, method="lcp").behavior(0)
    assert float(np.asarray(lcp.value)[0]) <= float(s.coercer_payoff) + 1e-7


def test_screen_batched_over_prior_and_cost_matches_batched_spe():
    qU = np.linspace(0.0, 0.9, 7)[:, None]
    cA = np.linspace(0.0, 0.6, 5)[None, :]
    xbar = np.array([0.35, -np.inf])
    prior = np.stack(np.broadcast_arrays(1 - qU, qU), axis=-1) * np.ones((1, 5, 1))
    s = screen(xbar, prior, 0.5 - cA)
    assert s.demand.shape == (7, 5)
    sol = cp.spe(screening_game(xbar, prior, (0.5 - cA) * np.ones((7, 1))))
    np.testing.assert_allclose(sol.value[0], s.coercer_payoff, atol=1e-12)
    # two types, closed form: demand the appeasable type's threshold iff (1 - qU) xbar + qU w >= w
    w = 0.5 - cA
    offer = (1 - qU) * 0.35 + qU * w >= w - 1e-12
    np.testing.assert_array_equal(s.accepts[..., 0], offer)
    # after a rejection the coercer is sure it faces the unappeasable type where it offered
    np.testing.assert_allclose(np.where(offer & (qU > 0), s.posterior_after_rejection[..., 1], 1.0), 1.0)


# ------------------------------------------------------------------ several rounds
@settings(max_examples=12, deadline=None)
@given(xbar=st.floats(0.05, 0.8), qU=st.floats(0.05, 0.9), w=st.floats(-0.5, 0.9),
       cC=st.floats(0.01, 0.2), K=st.integers(1, 2))
def test_two_type_sequential_closed_form(xbar, qU, w, cC, K):
    """One appeasable type (threshold xbar) and one that rejects everything; menu
    {y, xbar + 0.3} with y = xbar - 0.001 just inside the threshold (a strict preference to accept);
    a small round cost to the target (c_T = 0.01: waiting costs it a little, no demand below y is
    on the menu, and xbar + 0.3 stays above xbar + (K-1) c_T).  By hand: demanding y in round 1
    gives (1 - qU) y + qU (w - (K-1) cC); demanding more (rejected by both) gives w - (K-1) cC at
    best.  So the appeasable type takes the off-ramp in round 1 iff y >= w - (K-1) cC, and then one
    rejection reveals the unappeasable type.  (cC > 0: with cC = 0 the coercer is indifferent about
    *when* it demands y, and the round of the settlement is not determined.)"""
    cT = 0.01
    y = xbar - 0.001
    W = w - (K - 1) * cC
    if abs(y - W) < 1e-6:
        return
    ss = sequential_screening([xbar, -np.inf], [1 - qU, qU], [y, xbar + 0.3], rounds=K,
                              coercer_war_payoff=w, coercer_round_cost=cC, target_round_cost=cT,
                              types=["appeasable", "unappeasable"])
    offer = y > W
    assert ss.offramp_probability["appeasable"] == pytest.approx(1.0 if offer else 0.0, abs=1e-7)
    assert ss.offramp_probability["unappeasable"] == 0.0
    assert ss.coercer_payoff == pytest.approx(max((1 - qU) * y + qU * W, W), abs=1e-7)
    assert ss.posterior[0] == pytest.approx({"appeasable": 1 - qU, "unappeasable": qU})
    if K > 1:
        want = 1.0 if offer else qU
        assert ss.posterior[1]["unappeasable"] == pytest.approx(want, abs=1e-7)
        assert ss.demand_path[0] == pytest.approx({y if offer else xbar + 0.3: 1.0})


@pytest.mark.parametrize("menu", [[0.09, 0.39], [0.08, 0.35], [0.05, 0.2, 0.39]])
def test_lcp_and_the_sequential_qre_limit_agree(menu):
    """Two generic routes on the three-type, two-round game (menus off the thresholds): the
    sequence-form LCP (Nash) and the logit-QRE limit with the sequential criterion."""
    kw = dict(rounds=2, coercer_war_payoff=-0.2, coercer_round_cost=0.05, target_round_cost=0.1)
    a = sequential_screening([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], menu, **kw)
    b = sequential_screening([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], menu, method="qre", **kw)
    assert a.coercer_payoff == pytest.approx(b.coercer_payoff, abs=1e-5)
    for t in a.types:
        assert a.offramp_probability[t] == pytest.approx(b.offramp_probability[t], abs=1e-3)
    with pytest.raises(ParameterError) as ex:
        sequential_screening([0.4, 0.1], [0.5, 0.5], menu, method="simplex", **kw)
    assert ex.value.name == "method"


def test_three_type_screening_path_and_pygambit_regret():
    """A pragmatic type (0.4), a hard type (0.1) and one that rejects everything: the coercer
    screens over two rounds; every quantity is read off the LCP solution of the tree, which
    pygambit confirms (zero regret at every reached information set)."""
    gbt = pytest.importorskip("pygambit")
    from compellence.games import to_pygambit

    ss = sequential_screening([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], [0.09, 0.39], rounds=2,
                              coercer_war_payoff=-0.2, coercer_round_cost=0.05, target_round_cost=0.1,
                              types=["pragmatic", "hard", "unappeasable"])
    df = ss.to_frame()
    assert list(df["round"]) == [1, 2]
    # the posterior on the unappeasable type rises with each rejection (Bayes on the path)
    assert ss.posterior[1]["unappeasable"] > ss.posterior[0]["unappeasable"]
    for k in range(2):
        assert sum(ss.posterior[k].values()) == pytest.approx(1.0)
    assert ss.offramp_probability["unappeasable"] == 0.0
    g = ss.game
    pg, nodes = to_pygambit(g)
    prof = pg.mixed_behavior_profile(rational=False)
    for s in g.infosets:
        c0 = int(g.child_start[s.nodes[0]])
        prof.set_mixed_action(nodes[s.nodes[0]], {a: float(ss.solution.edge_prob[c0 + i])
                                                  for i, a in enumerate(s.actions)})
    assert prof.max_regret() < 1e-7
    assert gbt is not None


# ------------------------------------------------------------------ refusals
def test_bad_priors_and_types_are_refused_by_name():
    for bad, msg in (([0.5, 0.6], "sum to 1"), ([1.2, -0.2], ">= 0"), (0.5, "one probability per type"),
                     ([0.5, np.nan], "finite")):
        with pytest.raises(ParameterError, match=msg) as ex:
            screen([0.2, 0.4], bad, 0.0)
        assert ex.value.name == "prior"
    with pytest.raises(ParameterError, match="one probability per type") as ex:
        check_prior([0.5, 0.5], 3)
    with pytest.raises(ParameterError) as ex:
        screen([0.2, np.nan], [0.5, 0.5], 0.0)
    assert ex.value.name == "thresholds"
    with pytest.raises(ParameterError, match="finite threshold"):
        screen([-np.inf, -np.inf], [0.5, 0.5], 0.0)
    with pytest.raises(ParameterError) as ex:
        screen([0.2, 0.4], [0.5, 0.5], 0.0, types=["a", "a"])
    assert ex.value.name == "types"
    with pytest.raises(ParameterError) as ex:
        sequential_screening([0.2, 0.4], [0.5, 0.5], [0.1], rounds=0, coercer_war_payoff=0.0)
    assert ex.value.name == "rounds"
    with pytest.raises(ParameterError) as ex:
        offramp_risk_return(0.5, 0.0, 0.4)
    assert ex.value.name == "resistance_cost_max"
