"""Cascade studies compare rows on common random numbers (one stream per purpose and run)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import compellence.cascades as cc
from compellence.errors import ParameterError
from compellence.scenario import loads_scenario

GRAPH = cc.military_hierarchy((("squad", 8), ("platoon", 3), ("company", 3)),
                              cross_squad_p=0.1, seed=4)
THR = stats.norm(0.3, 0.12)
REPRESSION = cc.Repression(threshold_increase=0.02, punish_prob=0.2)


def same(a, b) -> None:
    np.testing.assert_array_equal(a.result.active, b.result.active)
    np.testing.assert_array_equal(a.result.punished, b.result.punished)
    np.testing.assert_array_equal(a.result.rounds, b.result.rounds)
    np.testing.assert_array_equal(a.shares, b.shares)


def run(ivs, keys=None, rng=11):
    return cc.simulate_interventions(GRAPH, THR, ivs, n_runs=25, rng=rng, keys=keys)


def test_zero_payment_reproduces_the_baseline_exactly():
    base = run([REPRESSION, cc.Seeding(4)])
    zero = run([REPRESSION, cc.Seeding(4), cc.Incentive(amount=0.0, conversion=0.1, reach=0.5)])
    same(base, zero)
    assert base.result.punished.any()  # the catch draws are exercised
    paid = run([REPRESSION, cc.Seeding(4), cc.Incentive(amount=2.0, conversion=0.1, reach=0.5)])
    assert paid.mean_share > base.mean_share
    # a zero campaign and no extra seeds are no intervention either
    same(base, run([REPRESSION, cc.Seeding(4),
                    cc.InformationCampaign(reach=0.3, cost_per_node=1.0)]))


def test_changing_one_intervention_leaves_the_others_draws_unchanged():
    leaflets = cc.InformationCampaign(reach=0.3, threshold_shift=0.05, exposure=0.05)
    # the leaflets (stream key 1) reach the same people whatever the payment (key 0) is
    alone = run([leaflets], keys=[1])
    for amount in (0.0, 0.5, 3.0):
        pay = cc.Incentive(amount=amount, conversion=0.1, reach=0.4)
        both = run([pay, leaflets])
        if amount == 0.0:
            same(alone, both)
        pay_alone = run([pay])
        # monotone on common random numbers: adding leaflets never lowers a run's share
        assert np.all(both.shares >= pay_alone.shares)
    # compare_strategies: one strategy's row does not move when another is swept
    rows = [cc.compare_strategies(GRAPH, THR, {
        "pay": cc.Incentive(amount=1.0, conversion=0.1, reach=0.4),
        "leaflets": cc.InformationCampaign(reach=0.3, threshold_shift=shift),
    }, budget=1e9, n_runs=20, rng=5, base=[REPRESSION]) for shift in (0.0, 0.1, 0.2)]
    for r in rows[1:]:
        same(rows[0].outcomes["pay"], r.outcomes["pay"])
    # leaflets that shift nothing are the base package alone, on the same numbers
    study_seed = int(np.random.default_rng(5).integers(2**63))  # compare_strategies' root
    same(rows[0].outcomes["leaflets"], cc.simulate_interventions(
        GRAPH, THR, [REPRESSION], n_runs=20, rng=study_seed))


def test_same_seed_same_draws_and_the_runs_do_not_depend_on_n_runs():
    a = run([REPRESSION, cc.Seeding(3)])
    b = cc.simulate_interventions(GRAPH, THR, [REPRESSION, cc.Seeding(3)], n_runs=10, rng=11)
    np.testing.assert_array_equal(a.result.active[:10], b.result.active)
    c = run([REPRESSION, cc.Seeding(3)], rng=12)
    assert not np.array_equal(a.result.active, c.result.active)


def test_catch_uniforms():
    g = cc.as_cascade_graph(GRAPH)
    seeds = [list(GRAPH)[:3]] * 4
    free = cc.batch_cascades(g, 0.2, seed_sets=seeds, punish_prob=0.0)
    never = cc.batch_cascades(g, 0.2, seed_sets=seeds, punish_prob=0.3,
                              catch_uniforms=np.full((4, g.n), 0.5))
    np.testing.assert_array_equal(free.active, never.active)
    always = cc.batch_cascades(g, 0.2, seed_sets=seeds, punish_prob=0.3,
                               catch_uniforms=np.zeros((4, g.n)))
    assert not always.active.any() and always.punished.sum() == 12
    with pytest.raises(ParameterError, match="catch_uniforms"):
        cc.batch_cascades(g, 0.2, seed_sets=seeds, punish_prob=0.3,
                          catch_uniforms=np.zeros((3, g.n)))
    with pytest.raises(ParameterError, match="keys"):
        run([REPRESSION], keys=[0, 1])
    with pytest.raises(ParameterError, match="rng"):
        run([REPRESSION], rng="seed")


STUDY = """
kind = "cascade"
seed = 3
runs = 12

[network]
builder = "military_hierarchy"
echelons = [8, 3, 3]

[thresholds]
distribution = "normal"
mean = 0.3
sd = 0.1

[[interventions]]
name = "two random defectors"
kind = "seed"
count = 2

[[interventions]]
name = "payment"
kind = "incentive"
share = 0.4
amount = 0.0
conversion = 0.1

[[interventions]]
name = "police"
kind = "repression"
probability = 0.3
"""

COLS = ["mean_share", "min_share", "max_share", "global_runs", "mean_rounds"]


def test_cascade_study_zero_payment_is_the_baseline_and_sweeps_leave_other_rows():
    rep = loads_scenario(STUDY).solve()
    rows = rep.rows.set_index("intervention")
    assert rows.loc["payment", COLS].tolist() == rows.loc["(none: baseline)", COLS].tolist()
    for amount in (0.5, 2.0, 5.0):
        other = loads_scenario(STUDY, overrides=[f"interventions[1].amount={amount}"]).solve()
        o = other.rows.set_index("intervention")
        for name in ("(none: baseline)", "two random defectors", "police"):
            assert o.loc[name, COLS].tolist() == rows.loc[name, COLS].tolist()
        assert o.loc["payment", "mean_share"] >= rows.loc["payment", "mean_share"]
    d = rep.to_dict()
    assert all(isinstance(r["global_runs"], int) for r in d["results"])
