"""A target that may reject every off-ramp, and a coercer that may be bluffing.

Three target types (their acceptance thresholds, stake units, are derived
from the off-ramp accounting: the largest demand each accepts):
a pragmatic type (0.4), a hard type (0.1) and a type that rejects every
off-ramp; prior 0.5 / 0.3 / 0.2.  The coercer gets 0 if its demand is
rejected.  Then the coercer's resolve: a resolved coercer values the stake at
1.0 and a bluffer at 0.2; carrying out the threat gives 0.6 v - 0.2.

Run:  python examples/incomplete_information.py
"""

from __future__ import annotations

import pandas as pd

from compellence.coercion.questions import (
                          aid_separation,
                          settlement_tradeoff,
                          unappeasable_given_rejections,
)
from compellence.coercion.screening import offramp_risk_return, sequential_screening

pd.set_option("display.width", 140)
TYPES = ["pragmatic", "hard", "unappeasable"]
XBAR = [0.4, 0.1, float("-inf")]
PRIOR = [0.5, 0.3, 0.2]

print("1. How likely is it that the target rejects every off-ramp, given it rejected 0.3 and then 0.05?")
print("   (each rejection read as the type's threshold decision; item 3 lets the types wait strategically)")
print(unappeasable_given_rejections(XBAR, PRIOR, [0.3, 0.05], types=TYPES).to_string(index=False))

print("\n2. Which demand maximises the chance of a settlement, and what does it cost in war risk?")
print(settlement_tradeoff(XBAR, PRIOR, 0.0, types=TYPES).to_string(index=False))

print("\n3. Demands over two rounds (menu 0.09 / 0.39; a round costs the coercer 0.05, the target 0.1):")
ss = sequential_screening(XBAR, PRIOR, [0.09, 0.39], rounds=2, coercer_war_payoff=-0.2,
                          coercer_round_cost=0.05, target_round_cost=0.1, types=TYPES)
print(ss.to_frame().to_string(index=False))
print("off-ramp taken, by type:", {t: round(p, 4) for t, p in ss.offramp_probability.items()})

print("\n4. Fearon (1995) risk-return: p = 0.5, c_A = 0.1, c_B ~ U[0, 0.3]:")
print(offramp_risk_return(0.5, 0.3, 0.5 - 0.1).to_frame().to_string(index=False))

print("\n5. Does overt aid separate a resolved coercer from a bluffing one, and when?")
print(aid_separation([0.2, 0.8], [1.0, 0.2], war_share=0.6, war_cost=0.2, demand=0.3, punishment=1.0,
                     aid_cost=[0.1, 0.2, 0.4, 0.6, 0.7]).to_string(index=False))
