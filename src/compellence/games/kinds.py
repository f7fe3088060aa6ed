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

    Parameters
    ----------
    index : int or tuple of int
        The element's index; a plain int for a one-axis batch.
    shape : tuple of int
        The batch shape.

    Returns
    -------
    tuple of int
        One non-negative index per axis.

    Raises
    ------
    ParameterError
        (field ``index``) the index does not match ``shape`` or lies outside it.

    Examples
    --------
    >>> normalize_index(-1, (3,))
    (2,)
    >>> normalize_index((0, 4), (2, 5))
    (0, 4)
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
    """Whether ``obj`` is a :class:`~compellence.games.tree.Game` (its class carries the marker).

    Parameters
    ----------
    obj : object
        Anything.

    Returns
    -------
    bool
        True for a game tree, without importing :mod:`compellence.games.tree`.

    Examples
    --------
    >>> is_game_tree(cp.catalog.load("entry_deterrence")), is_game_tree("a tree")
    (True, False)
    """
    return getattr(type(obj), "_GAME_TREE", False) is True
