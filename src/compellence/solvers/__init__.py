"""Equilibrium solvers.  Knows only :mod:`compellence.games`."""

from .solution import Solution, node_values, reach_probabilities
from .spe import backward_induction, spe

__all__ = ["Solution", "spe", "backward_induction", "node_values", "reach_probabilities"]
