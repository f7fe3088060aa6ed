"""Coercion over time: dynamic coercion games solved as equilibria.

* :mod:`.state`      the state grid and the Markov game in after-state form (transitions)
* :mod:`.payoffs`    the default model :class:`CoercionDynamics` (every payoff component with its
  branches and controller) and Powell's shifting-power game
* :mod:`.solvers`    finite-horizon SPE by backward induction over time; stationary MPE by value /
  policy iteration from several starts
* :mod:`.simulation` simulated paths (deterministic and with chance), off-ramp timing, acting now
  vs later, the timing of a demand
* :mod:`.tree`       small instances unrolled into a :class:`compellence.Game`
* :mod:`.results`    result objects

The formulas are in ``docs/dynamics.md`` ("Coercion over time").
"""

from .payoffs import CoercionDynamics, shifting_power_game
from .results import FiniteSolution, MPEResult, StationarySolution
from .simulation import Paths, acting_now_vs_later, demand_timing, offramp_timing, simulate
from .solvers import (
    backward_induction_dynamic,
    bellman_step,
    evaluate_policy,
    markov_perfect,
    policy_iteration,
    value_iteration,
)
from .state import MarkovGame, StateSpace
from .tree import unroll

__all__ = [
    "CoercionDynamics", "shifting_power_game", "FiniteSolution", "MPEResult", "StationarySolution",
    "Paths", "simulate", "offramp_timing", "acting_now_vs_later", "demand_timing",
    "backward_induction_dynamic", "bellman_step", "evaluate_policy", "markov_perfect", "policy_iteration",
    "value_iteration", "MarkovGame", "StateSpace", "unroll",
]
