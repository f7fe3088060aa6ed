"""A defections study: which interventions, aimed where, tip an avalanche of surrenders?

    python examples/defections.py

1. A brigade (squads within platoons within companies within battalions) whose
   soldiers surrender once enough of the people they see have (Watts 2002
   fractional thresholds, heterogeneous), under the regime's repression (barrier
   troops catch some defectors as they go).
2. Equal budget, three instruments: a surrender payment (with a stated conversion of
   money into threshold units), an information campaign (leaflets, text messages,
   portable cell towers), and recruiting senior officers first; plus random and
   best-connected seeding for reference; then a greedy split of the budget.
3. The diplomatic corps: do mass resignations follow one or two senior ones?
4. The security services as a global game of regime change (Morris & Shin 1998;
   Angeletos, Hellwig & Pavan 2007): what a campaign, a payment or more repression
   do to the probability that the regime falls.
5. The feed into the compellence game: the defection outcome as an added cost to the
   target and a shift in threat credibility, and the off-ramp margin before and after.

All numbers are illustrative assumptions stated where they are used.
"""

from __future__ import annotations

import pandas as pd
from scipy import stats

import compellence.cascades as cc

pd.set_option("display.width", 120)
pd.set_option("display.precision", 3)

SEED = 2026
RUNS = 40


def title(text: str) -> None:
    print(f"\n{text}\n{'=' * len(text)}")


# --------------------------------------------------------------------------- 1. the brigade
units = cc.military_hierarchy(
    (("squad", 9), ("platoon", 3), ("company", 3), ("battalion", 3), ("brigade", 3)),
    cross_squad_p=0.05, command_weight=4.0, seed=SEED,
)
n = units.number_of_nodes()
# Soldiers weigh what their own leaders do four times as much as a comrade's choice.
brigade = cc.as_cascade_graph(units, weight="weight")
# Miserable conditions: a soldier surrenders once ~30% (sd 10%) of the weight of those
# he sees has.
thresholds = stats.norm(0.30, 0.10)
# The regime's barrier troops: thresholds +0.05, 10% of defectors caught as they go.
repression = cc.Repression(threshold_increase=0.05, punish_prob=0.10)

title(f"1. A brigade of {n} soldiers, {units.number_of_edges()} ties")
print("thresholds ~ Normal(0.30, 0.10) (weighted share of contacts who must have "
      "surrendered; command ties weigh 4);")
print("repression: +0.05 on every threshold, 10% of defectors caught")
base = cc.simulate_interventions(brigade, thresholds, [repression], n_runs=RUNS, rng=SEED)
print(f"without intervention: mean surrender share {base.mean_share:.3f}")

# --------------------------------------------------------------------------- 2. equal budget
BUDGET = 2000.0  # thousand dollars
CONVERSION = 0.1 / 2.0  # stated assumption: $2,000 per soldier lowers his threshold by 0.10
strategies = {
    "surrender payment (all soldiers)": cc.Incentive.with_budget(BUDGET, CONVERSION, n),
    "information campaign (65% reach)": cc.InformationCampaign.with_budget(
        BUDGET, n, cost_per_node=4.0, threshold_shift=0.08, exposure=0.08),
    "recruit senior officers first": cc.Seeding.with_budget(
        BUDGET, cost_per_seed=100.0, strategy="attribute", attribute="seniority"),
    "recruit best-connected": cc.Seeding.with_budget(BUDGET, cost_per_seed=100.0,
                                                     strategy="degree"),
    "recruit at random": cc.Seeding.with_budget(BUDGET, cost_per_seed=100.0),
}
title(f"2. Equal budget: {BUDGET:,.0f} (thousand $), {RUNS} runs each, common random numbers")
print(f"payment: {strategies['surrender payment (all soldiers)'].amount:.2f} per soldier x "
      f"{CONVERSION} threshold units per thousand $; campaign: 4 per soldier reached, "
      "-0.08 threshold and +0.08 exposure;\nrecruiting: 100 per officer (20 officers)")
comparison = cc.compare_strategies(brigade, thresholds, strategies, BUDGET, n_runs=RUNS,
                                   rng=SEED, base=[repression])
table = comparison.to_frame()
print(table.to_string(index=False))

options = {
    "payment": lambda m: cc.Incentive.with_budget(m, CONVERSION, n),
    "campaign": lambda m: cc.InformationCampaign.with_budget(
        m, n, cost_per_node=4.0, threshold_shift=0.08, exposure=0.08),
    "senior officers": lambda m: cc.Seeding.with_budget(
        m, cost_per_seed=100.0, strategy="attribute", attribute="seniority"),
}
alloc = cc.greedy_allocation(brigade, thresholds, BUDGET, options, step=500.0, n_runs=20,
                             rng=SEED, base=[repression])
print("\ngreedy split of the budget in steps of 500 (a heuristic: the objective is not "
      "submodular):")
print(alloc.history.to_string(index=False))
best = cc.simulate_interventions(brigade, thresholds, alloc.interventions, n_runs=RUNS,
                                 rng=SEED)

# --------------------------------------------------------------------------- 3. diplomats
corps = cc.diplomatic_corps(seed=SEED)
d_thr = stats.uniform(0.05, 0.45)  # resign once 5%..50% of one's contacts have
title(f"3. The diplomatic corps: {corps.number_of_nodes()} diplomats")
dip = cc.compare_strategies(corps, d_thr, {
    "two most senior resign first": cc.Seeding(2, "attribute", attribute="seniority"),
    "two at random resign first": cc.Seeding(2, "random"),
    "two best-connected resign first": cc.Seeding(2, "degree"),
}, budget=2, n_runs=RUNS, rng=SEED)
print(dip.to_frame()[["strategy", "mean_share", "p_cascade", "p_majority"]]
      .to_string(index=False))
resigned = dip.outcomes["two most senior resign first"]

# --------------------------------------------------------------------------- 4. the services
title("4. Security services: global game of regime change")
print("regime strength theta = share of officers whose defection topples it; public "
      "signal z = 0.6;\nprivate precision alpha = 8, public precision beta = 1; "
      "defecting pays 1 if it falls, costs 1.5 if not")
ss_args = dict(theta=0.45, z=0.6, alpha=8.0, beta=1.0, benefit=1.0, penalty=1.5)
rows = []
for label, kw in [("no intervention", {}),
                  ("campaign: public signal -0.15", {"campaign_shift": 0.15}),
                  ("payment 0.5 to defectors", {"payment": 0.5}),
                  ("more repression: penalty +1", {"repression": 1.0}),
                  ("campaign + payment", {"campaign_shift": 0.15, "payment": 0.5})]:
    o = cc.security_services(**ss_args, **kw)
    rows.append({"intervention": label, "c": float(o.after.c),
                 "theta*": float(o.after.theta_star), "x*": float(o.after.x_star),
                 "officers defecting": float(o.defection_share),
                 "falls at theta=0.45": bool(o.falls),
                 "P(fall), ex ante": float(o.fall_probability)})
print(pd.DataFrame(rows).to_string(index=False))
eq = cc.regime_change_equilibrium(0.6, 8.0, 1.0, 0.6)
cs = cc.comparative_statics(eq)
print(f"unique equilibrium (alpha >= beta^2/2pi): {bool(eq.unique)};  "
      f"d theta*/dz = {float(cs.dtheta_dz):.3f}, d theta*/dc = {float(cs.dtheta_dc):.3f}")
services = cc.security_services(**ss_args, campaign_shift=0.15, payment=0.5)

# --------------------------------------------------------------------------- 5. the feed
title("5. What the defections do to the compellence game")
print("target prevails with p = 0.55 before; losing all units costs 0.30 a period, all "
      "diplomats 0.05,\na certain regime fall 0.50 (stake units); "
      "x = 0.30, s = 0.08, delta = 0.9, pi_T = 0.6, pi_A = 0.6, r = 0.7")
game = dict(x=0.30, s=0.08, delta=0.9, pi_T=0.6, pi_A=0.6, r=0.7)
rows = []
scenarios = {"nothing": (base, 0.0, 0.0)}
for name in ("surrender payment (all soldiers)", "information campaign (65% reach)",
             "recruit senior officers first"):
    scenarios[name] = (comparison.outcomes[name], 0.0, 0.0)
scenarios["greedy package + diplomats + services"] = (
    best, resigned.mean_share, float(services.fall_probability))
for name, (units, dipl, fall) in scenarios.items():
    imp = cc.defection_impact(units.mean_share, dipl, fall, p_prevail=0.55, unit_cost=0.30,
                              diplomat_cost=0.05, regime_cost=0.50)
    out = cc.offramp_with_defections(imp, **game)
    rows.append({"scenario": name, "units lost": float(imp.units_lost),
                 "diplomats": float(imp.diplomats_resigned), "P(fall)": float(fall),
                 "added cost": float(imp.cost_per_period),
                 "p prevail": float(imp.p_prevail_after), "pi_T": float(out.pi_T_after),
                 "margin": float(out.margin_after), "viable": bool(out.viable_after),
                 "max demand": float(out.max_demand_after)})
print(pd.DataFrame(rows).to_string(index=False))
print(f"(margin without any defection: {float(out.margin_before):+.3f})")
