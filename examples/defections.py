"""A defections study: which interventions, aimed where, tip an avalanche of surrenders?

    python examples/defections.py

1. A brigade (squads within platoons within companies within battalions) whose
   soldiers surrender once enough of the people they see have (Watts 2002
   fractional thresholds, heterogeneous), under the regime's repression (barrier
   troops catch some defectors as they go).
2. Equal budget, three instruments: a surrender payment (with a stated conversion of
   money into threshold units), an information campaign (leaflets, text messages,
   portable cell towers), and recruiting senior officers first; plus random and
   best-connected seeding for reference; then a greedy split of the budget.  Every
   row, "no intervention" included, runs on common random numbers.
3. The diplomatic corps: do mass resignations follow one or two senior ones?
4. The security services as a global game of regime change (Morris & Shin 1998;
   Angeletos, Hellwig & Pavan 2007): what a campaign, a payment or more repression
   do to the probability that the regime falls.
5. The article's claims with their regions: (a) surrender payments in a brigade,
   (b) senior resignations, (c) the campaign's shift of the public signal, (d) the
   services' threshold.
6. The feed into the compellence game: units lost, diplomats resigned and the
   leader's risk of falling are the target's cost of FIGHTING ON (the resistance cost
   L on both resist branches), not punishment the coercer controls; the
   "no intervention" row is the same models with zero intervention.

All numbers are illustrative assumptions stated where they are used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

import compellence.cascades as cc
from compellence.linking import critical_units_lost, defection_impact, offramp_with_defections

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

# --------------------------------------------------------------------------- 2. equal budget
BUDGET = 2000.0  # thousand dollars
CONVERSION = 0.1 / 2.0  # stated assumption: $2,000 per soldier lowers his threshold by 0.10
strategies = {
    "no intervention": [],
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
base = comparison.outcomes["no intervention"]  # the same model, zero intervention

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
# the greedy package on the comparison's common random numbers: compare_strategies roots
# its streams at one draw from default_rng(SEED), as simulate_interventions does with a Generator
best = cc.simulate_interventions(brigade, thresholds, alloc.interventions, n_runs=RUNS,
                                 rng=np.random.default_rng(SEED))

# --------------------------------------------------------------------------- 3. diplomats
corps = cc.diplomatic_corps(seed=SEED)
d_thr = stats.uniform(0.05, 0.45)  # resign once 5%..50% of one's contacts have
title(f"3. The diplomatic corps: {corps.number_of_nodes()} diplomats")
dip = cc.compare_strategies(corps, d_thr, {
    "nobody resigns first": [],
    "two most senior resign first": cc.Seeding(2, "attribute", attribute="seniority"),
    "two at random resign first": cc.Seeding(2, "random"),
    "two best-connected resign first": cc.Seeding(2, "degree"),
}, budget=2, n_runs=RUNS, rng=SEED)
print(dip.to_frame()[["strategy", "mean_share", "p_cascade", "p_majority"]]
      .to_string(index=False))
resigned = dip.outcomes["two most senior resign first"]
nobody = dip.outcomes["nobody resigns first"]

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
no_services = cc.security_services(**ss_args)  # the same model, zero intervention

# --------------------------------------------------------------------------- 5. claims
title("5. The claims and their regions")
print("(a) a surrender payment worth b threshold units to every soldier of the brigade;\n"
      "    thresholds N(0.30, sd); mean share surrendered / share of runs with a majority")
z = np.random.default_rng(SEED).standard_normal((RUNS, n))
rows = []
for sd in (0.02, 0.05, 0.10, 0.15):
    row = {"sd": sd}
    for b in (0.0, 0.05, 0.10, 0.15, 0.20, 0.25):
        phi = np.clip(0.30 + sd * z, 0.0, 1.0)
        o = cc.simulate_interventions(brigade, phi, [cc.Incentive(amount=b, conversion=1.0)],
                                      n_runs=RUNS, rng=SEED)
        row[f"b={b:.2f}"] = f"{o.mean_share:.2f}/{np.mean(o.shares >= 0.5):.2f}"
    rows.append(row)
print(pd.DataFrame(rows).to_string(index=False))
print("    one squad of 9 (all see each other): all surrender iff b >= max_k(phi_(k) - (k-1)/8),"
      "\n    none iff b < the lowest threshold; with thresholds at the N(0.30, sd) quantiles:")
q = (np.arange(1, 10) - 0.5) / 9
print("    " + ", ".join(f"sd {sd:.2f}: b* = {np.max(stats.norm(0.3, sd).ppf(q) - np.arange(9) / 8):.3f}"
                       for sd in (0.02, 0.05, 0.10, 0.15)))

print("\n(b) the diplomatic corps, thresholds w U (U uniform on [0, 1], common to every row):"
      "\n    share of runs in which a majority resigns after two resignations")
u = np.random.default_rng(SEED).random((200, corps.number_of_nodes()))
rows = []
for w in (0.3, 0.4, 0.5, 0.6, 0.7, 1.0):
    row = {"w": w}
    for label, iv in (("two most senior", cc.Seeding(2, "attribute", attribute="seniority")),
                      ("two best-connected", cc.Seeding(2, "degree")),
                      ("two at random", cc.Seeding(2))):
        o = cc.simulate_interventions(corps, w * u, [iv], n_runs=200, rng=SEED)
        row[label] = float(np.mean(o.shares >= 0.5))
    rows.append(row)
print(pd.DataFrame(rows).to_string(index=False))

z0, a0, b0, c0 = 0.6, 8.0, 1.0, 0.6
print(f"\n(c) the campaign lowers the public signal z = {z0} (alpha = {a0}, beta = {b0}, c = {c0});"
      "\n    the shift that topples a regime of strength theta, and theta* after a shift:")
thetas = np.array([0.35, 0.40, 0.45, 0.50, 0.60])
print(pd.DataFrame({"theta": thetas,
                    "shift* (beta = 1)": cc.critical_campaign_shift(thetas, z0, a0, b0, c0),
                    "shift* (beta = 0.2)": cc.critical_campaign_shift(thetas, z0, a0, 0.2, c0),
                    "shift* (alpha = 200)": cc.critical_campaign_shift(thetas, z0, 200.0, b0, c0),
                    }).to_string(index=False))
eq0 = cc.regime_change_equilibrium(z0 - np.array([0.0, 0.15, 0.3, 0.6]), a0, b0, c0)
print("    theta* at shifts 0, 0.15, 0.3, 0.6: " + ", ".join(f"{t:.3f}" for t in eq0.theta_star))
eq = cc.regime_change_equilibrium(z0, a0, b0, c0)
print(f"\n(d) the services defect iff Pr(regime falls | own signal) >= c = {c0}: signal below "
      f"x* = {float(eq.x_star):.3f};\n    the regime falls iff theta < theta* = "
      f"{float(eq.theta_star):.3f} (unique: alpha >= beta^2/2pi is {bool(eq.unique)})")

# --------------------------------------------------------------------------- 6. the feed
title("6. What the defections do to the compellence game")
UNIT_COST, DIPLOMAT_COST, REGIME_COST = 1.0, 0.2, 0.5
game = dict(x=0.30, s=0.08, delta=0.9, pi_T=0.3, pi_A=0.3, r=0.7)
print("defections are a cost of fighting on, paid whatever the coercer does (resistance cost L):\n"
      f"losing all units is worth {UNIT_COST} (stake units, present value), all diplomats "
      f"{DIPLOMAT_COST};\nthe leader falls (one-off, within the campaign) with the services' "
      f"P(fall), losing office is worth {REGIME_COST};\n"
      "x = 0.30, s = 0.08, delta = 0.9, pi_T = 0.3, pi_A = 0.3, r = 0.7; no credibility channel")
rows = []
scenarios = {"no intervention": (base, nobody, no_services)}
for name in ("surrender payment (all soldiers)", "information campaign (65% reach)",
             "recruit senior officers first"):
    scenarios[name] = (comparison.outcomes[name], nobody, no_services)
scenarios["greedy package + diplomats + services"] = (best, resigned, services)
for name, (units_o, dipl_o, serv_o) in scenarios.items():
    imp = defection_impact(units_o.mean_share, dipl_o.mean_share, serv_o,
                           unit_cost=UNIT_COST, diplomat_cost=DIPLOMAT_COST,
                           regime_cost=REGIME_COST)
    out = offramp_with_defections(imp, **game)
    rows.append({"scenario": name, "units lost": float(imp.units_lost),
                 "diplomats": float(imp.diplomats_resigned),
                 "P(fall)": float(imp.regime_fall_prob),
                 "resistance_cost": float(out.resistance_cost),
                 "margin": float(out.margin), "viable": bool(out.viable),
                 "largest_demand": float(out.largest_demand)})
print(pd.DataFrame(rows).to_string(index=False))
print(f"(margin of the same game without any defection: {float(out.margin_without_defections):+.3f})")
crit = critical_units_lost(**game, diplomats_resigned=float(nobody.mean_share),
                           regime_fall_prob=float(no_services.fall_probability),
                           unit_cost=UNIT_COST, diplomat_cost=DIPLOMAT_COST,
                           regime_cost=REGIME_COST)
print(f"share of units lost that opens the off-ramp (no other intervention): {crit}")
hz = defection_impact(regime_fall_hazard=0.05, delta=0.9, regime_cost=REGIME_COST)
print(f"timing: a 5% hazard per period of fighting on instead of a one-off fall is worth "
      f"{float(hz.resistance_cost):.3f} (W = h delta / (1 - delta (1 - h)) = "
      f"{float(hz.regime_fall_weight):.3f} per unit cost)")
