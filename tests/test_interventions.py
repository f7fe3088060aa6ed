"""Interventions, equal-budget comparison and the greedy allocator."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy import stats

import compellence.cascades as cc
from compellence.errors import GraphError, ParameterError


def test_incentive_lowers_thresholds_by_conversion():
    g = nx.path_graph(4)
    # phi = 0.6 stops the cascade on a path (1/2 < 0.6); 100 money at 0.001/unit -> 0.5
    base = cc.simulate_interventions(g, 0.6, seeds=[0])
    assert base.mean_share == 0.25
    inc = cc.simulate_interventions(g, 0.6, [cc.Incentive(amount=100, conversion=0.001)],
                                    seeds=[0])
    assert inc.mean_share == 1.0
    assert inc.cost == 400
    small = cc.simulate_interventions(g, 0.6, [cc.Incentive(amount=99, conversion=0.001)],
                                      seeds=[0])
    assert small.mean_share == 0.25


def test_campaign_exposure_and_shift():
    g = nx.path_graph(5)
    # external exposure 0.5 counts like half the neighbours being active
    out = cc.simulate_interventions(g, 0.5, [cc.InformationCampaign(exposure=0.5)])
    assert out.mean_share == 1.0 and out.cost == 5
    out = cc.simulate_interventions(g, 2, [cc.InformationCampaign(targets=[2], exposure=2)],
                                    kind="count")
    assert out.result[0].final_set == [2]
    c = cc.InformationCampaign.with_budget(30, n=100, cost_per_node=2.0, threshold_shift=0.1)
    assert c.reach == 0.15 and c.cost(100) == pytest.approx(30)


def test_repression_raises_thresholds_and_catches_defectors():
    g = nx.complete_graph(50)
    free = cc.simulate_interventions(g, 0.3, seeds=list(range(20)))
    assert free.mean_share == 1.0
    harsh = cc.simulate_interventions(g, 0.3, [cc.Repression(threshold_increase=0.2)],
                                      seeds=list(range(20)))
    assert harsh.mean_share == 20 / 50
    caught = cc.simulate_interventions(g, 0.3, [cc.Repression(punish_prob=0.9)],
                                       seeds=list(range(20)), n_runs=50, rng=2)
    assert caught.mean_share < 0.2
    assert caught.result.punished.sum(axis=1).min() >= 1
    # fractional thresholds pushed above 1 mean "never"
    never = cc.simulate_interventions(g, 0.9, [cc.Repression(threshold_increase=0.5)],
                                      seeds=list(range(49)))
    assert never.mean_share == 49 / 50


def test_select_nodes_strategies():
    star = nx.star_graph(6)
    assert cc.select_nodes(star, 1, "degree") == [0]
    assert cc.select_nodes(star, 1, "betweenness") == [0]
    g = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)])
    assert set(cc.select_nodes(g, 3, "kcore")) == {0, 1, 2}
    d = cc.diplomatic_corps(seed=1)
    top = cc.select_nodes(d, 4, "attribute", attribute="seniority")
    assert "minister" in top and all(d.nodes[v]["seniority"] >= 4 for v in top)
    r = cc.select_nodes(d, 10, "random", rng=1)
    assert len(set(r)) == 10 and r == cc.select_nodes(d, 10, "random", rng=1)
    with pytest.raises(ParameterError, match="strategy"):
        cc.select_nodes(star, 1, "pagerank")
    with pytest.raises(GraphError, match="has no attribute 'seniority'"):
        cc.select_nodes(star, 1, "attribute", attribute="seniority")


def test_seeding_senior_diplomats_tips_the_corps():
    """Resignations: one or two senior diplomats quitting first vs the same number at random."""
    d = cc.diplomatic_corps(seed=4)
    thr = stats.uniform(0.1, 0.4)
    cmp = cc.compare_strategies(d, thr, {
        "senior": cc.Seeding(5, "attribute", attribute="seniority", cost_per_seed=1),
        "random": cc.Seeding(5, "random", cost_per_seed=1),
        "nothing": [],
    }, budget=5, n_runs=40, rng=3)
    f = cmp.to_frame().set_index("strategy")
    assert f.loc["senior", "mean_share"] > f.loc["random", "mean_share"]
    assert f.loc["nothing", "cost"] == 0
    assert cmp.best in ("senior", "random")
    assert "StrategyComparison(budget=5)" in repr(cmp)


def test_compare_strategies_refuses_over_budget():
    g = nx.path_graph(10)
    with pytest.raises(ParameterError, match="strategy 'big' costs 20 > budget 10"):
        cc.compare_strategies(g, 0.5, {"big": cc.Seeding(2, cost_per_seed=10)}, budget=10)


def test_common_random_numbers_in_comparison():
    g = cc.diaspora_network(300, seed=1)
    pkg = cc.Seeding(3, "random")
    cmp = cc.compare_strategies(g, stats.norm(0.3, 0.1), {"a": pkg, "b": pkg}, budget=3,
                                n_runs=10, rng=5)
    np.testing.assert_array_equal(cmp.outcomes["a"].shares, cmp.outcomes["b"].shares)


def test_greedy_allocation_prefers_the_instrument_that_works():
    g = cc.military_hierarchy((("squad", 8), ("platoon", 3), ("company", 3)))
    n = g.number_of_nodes()
    thr = 0.45
    options = {
        # useless: a payment converted at a negligible rate
        "leaflets": lambda m: cc.Incentive.with_budget(m, conversion=1e-9, n=n),
        # works: a campaign reaching everyone that lowers thresholds by m / 200
        "radio": lambda m: cc.InformationCampaign(threshold_shift=min(m / 200, 1.0),
                                                  cost_per_node=m / n),
    }
    res = cc.greedy_allocation(g, thr, 60, options, step=20, n_runs=3, rng=1,
                               base=[cc.Seeding(5, "random")])
    assert res.allocation["radio"] == 60 and res.allocation["leaflets"] == 0
    h = res.to_frame()
    assert list(h["option"].iloc[1:]) == ["radio"] * 3
    assert res.objective == pytest.approx(h["objective"].iloc[-1])


def test_greedy_lookahead_on_flat_start():
    """Complex contagion: one seed does nothing, two adjacent do everything: zero one-step
    gain, so the allocator must look two steps ahead (the objective is not submodular)."""
    ring = nx.watts_strogatz_graph(30, 4, 0.0, seed=1)
    opts = {
        "nothing": lambda m: cc.InformationCampaign(reach=0.0, cost_per_node=1.0),
        "seeds": lambda m: cc.Seeding(int(m), "degree", cost_per_seed=1.0),
    }
    res = cc.greedy_allocation(ring, 2, 2, opts, step=1, kind="count", n_runs=1,
                               objective=lambda r: float(np.mean(r.shares > 0.5)))
    assert res.allocation["seeds"] == 2
    assert res.objective == 1.0
    assert bool(res.history["lookahead"].iloc[1])


def test_intervention_validation():
    with pytest.raises(ParameterError, match="Incentive.amount"):
        cc.Incentive(amount=-1, conversion=0.1)
    with pytest.raises(ParameterError, match="InformationCampaign.reach"):
        cc.InformationCampaign(reach=1.5)
    with pytest.raises(ParameterError, match="Repression.punish_prob"):
        cc.Repression(punish_prob=2)
    with pytest.raises(ParameterError, match="Seeding.attribute"):
        cc.Seeding(3, "attribute")
    with pytest.raises(GraphError, match="InformationCampaign.targets: node 'x'"):
        cc.simulate_interventions(nx.path_graph(3), 0.5, [cc.InformationCampaign(targets=["x"])])
    with pytest.raises(ParameterError, match="interventions"):
        cc.simulate_interventions(nx.path_graph(3), 0.5, ["incentive"])
