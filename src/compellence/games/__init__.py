"""Game representation: extensive-form trees, normal-form games, Gambit file I/O.

This layer knows nothing about coercion; it is plain game theory.
"""

from .nodes import ChanceNode, DecisionNode, OutcomeNode, chance, decision, outcome
from .normal_form import NormalFormGame
from .tree import CHANCE, DECISION, TERMINAL, Game, Infoset

__all__ = [
    "Game",
    "Infoset",
    "NormalFormGame",
    "decision",
    "chance",
    "outcome",
    "DecisionNode",
    "ChanceNode",
    "OutcomeNode",
    "TERMINAL",
    "DECISION",
    "CHANCE",
]
