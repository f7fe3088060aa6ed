"""Game representation: extensive-form trees, normal-form games, Gambit file I/O.

This layer knows nothing about coercion; it is plain game theory.

* :mod:`.nodes`        ``decision`` / ``chance`` / ``outcome`` builders
* :mod:`.tree`         ``Game``: flat, breadth-first, batched arrays
* :mod:`.normal_form`  ``NormalFormGame``
* :mod:`.reduced`      ``to_normal_form``: the reduced strategic form of a tree
* :mod:`.gambit_io`    Gambit ``.efg`` / ``.nfg`` readers and writers
* :mod:`.svg`          dependency-free SVG drawing of a tree (notebook repr)
* :mod:`.tikz`         TikZ export of a tree (plain TikZ) for papers and slides
"""

from .gambit_io import read_efg, read_nfg, to_pygambit, write_efg, write_nfg
from .nodes import ChanceNode, DecisionNode, OutcomeNode, chance, decision, outcome
from .normal_form import NormalFormGame
from .reduced import ReducedNormalFormGame, reduced_payoffs, reduced_strategies, to_normal_form
from .svg import game_to_svg
from .tikz import to_tikz
from .tree import CHANCE, DECISION, TERMINAL, Game, Infoset

__all__ = [
    "Game",
    "Infoset",
    "decision",
    "chance",
    "outcome",
    "DecisionNode",
    "ChanceNode",
    "OutcomeNode",
    "TERMINAL",
    "DECISION",
    "CHANCE",
    "NormalFormGame",
    "ReducedNormalFormGame",
    "to_normal_form",
    "reduced_payoffs",
    "reduced_strategies",
    "read_efg",
    "write_efg",
    "read_nfg",
    "write_nfg",
    "to_pygambit",
    "game_to_svg",
    "to_tikz",
]
