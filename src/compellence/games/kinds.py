"""Node kinds and batch indices: the vocabulary every layer of :mod:`compellence.games` shares.

Kept apart from :mod:`.tree` so that the views of a tree (:mod:`.svg`) need
not import the :class:`~compellence.games.tree.Game` class that displays them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ParameterError

__all__ = ["TERMINAL", "DECISION", "CHANCE", "PROB_TOL", "normalize_index", "is_game_tree"]

#: ``Game.kind`` codes of the flat tree.
TERMINAL, DECISION, CHANCE = 0, 1, 2
#: Tolerance for "chance probabilities sum to one" (per batch element).
PROB_TOL = 1e-9


def normalize_index(index: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    """One batch element's index as a tuple of non-negative ints (negative indices wrap).

    Raises :class:`~compellence.errors.ParameterError` (field ``index``) when the
    index does not match ``shape`` or lies outside it.
    """
    idx = (index,) if np.isscalar(index) else tuple(index)
    if len(idx) != len(shape):
        raise ParameterError(
            f"batch index {index!r} does not match the batch shape {shape}", "index"
        )
    out = []
    for i, n in zip(idx, shape):
        i = int(i)
        if not -n <= i < n:
            raise ParameterError(f"batch index {index!r} out of range for shape {shape}", "index")
        out.append(i % n)
    return tuple(out)


def is_game_tree(obj: Any) -> bool:
    """Whether ``obj`` is a :class:`~compellence.games.tree.Game` (it carries the marker)."""
    return getattr(type(obj), "_GAME_TREE", False) is True
