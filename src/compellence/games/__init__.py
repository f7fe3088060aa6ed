"""Game representation: extensive-form trees, normal-form games, Gambit file I/O.

This layer knows nothing about coercion; it is plain game theory.

* :mod:`.nodes`        ``decision`` / ``chance`` / ``outcome`` builders
* :mod:`.tree`         ``Game``: flat, breadth-first, batched arrays
* :mod:`.normal_form`  ``NormalFormGame``
* :mod:`.reduced`      ``to_normal_form``: the reduced strategic form of a tree
* :mod:`.gambit_io`    Gambit ``.efg`` / ``.nfg`` readers and writers
* :mod:`.svg`          dependency-free SVG drawing of a tree (notebook repr)
* :mod:`.tikz`         TikZ export of a tree (plain TikZ) for papers and slides

The trees, nodes and normal-form games load with the package (numpy only);
the Gambit I/O, the reduced normal form, the SVG drawing and the TikZ export load on first use
(PEP 562): ``xml.sax.saxutils`` alone pulls urllib, http and ssl.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .nodes import ChanceNode, DecisionNode, OutcomeNode, chance, decision, outcome
from .normal_form import NormalFormGame
from .tree import CHANCE, DECISION, TERMINAL, Game, Infoset

#: public name -> submodule that defines it (loaded on first access)
_LAZY: dict[str, str] = {
    **dict.fromkeys(("read_efg", "read_nfg", "to_pygambit", "write_efg", "write_nfg"), "gambit_io"),
    **dict.fromkeys(
        ("ReducedNormalFormGame", "reduced_payoffs", "reduced_strategies", "to_normal_form"),
        "reduced",
    ),
    "game_to_svg": "svg",
    "to_tikz": "tikz",
}

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


def __getattr__(name: str) -> Any:
    sub = _LAZY.get(name)
    if sub is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{sub}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover - static analysis sees the eager imports
    from .gambit_io import read_efg, read_nfg, to_pygambit, write_efg, write_nfg  # noqa: F401
    from .reduced import (  # noqa: F401
        ReducedNormalFormGame,
        reduced_payoffs,
        reduced_strategies,
        to_normal_form,
    )
    from .svg import game_to_svg  # noqa: F401
    from .tikz import to_tikz  # noqa: F401
