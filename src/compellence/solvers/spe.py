"""Subgame-perfect equilibrium: the entry point :func:`spe`.

Perfect-information games go to batched backward induction
(:mod:`.backward_induction`); games with information sets to the subgame
decomposition (:mod:`.subgames`), which itself uses backward induction
between subgames.  Both are imported here, and neither imports this module:
the solvers' imports point one way.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError, UnsupportedGameError
from ..games.tree import Game
from .backward_induction import SCALAR_MAX_NODES, backward_induction
from .solution import Solution, TiePolicy
from .subgames import spe_subgames

__all__ = ["spe", "backward_induction", "SCALAR_MAX_NODES"]


def spe(game: Game, *, ties: TiePolicy = "first", tol: float = 1e-9, method: str = "auto") -> Solution:
    """Subgame-perfect equilibrium of ``game`` (batched).

    Parameters
    ----------
    game : Game
        The game; batched numbers give one equilibrium per batch element.
    ties : {"first", "uniform"}, optional
        What to do when several actions are best at a node (within ``tol``):
        ``"first"`` takes the first best action in the node's action order,
        ``"uniform"`` mixes uniformly over all best actions.  Either way the
        ``ties`` mask of the result records where it happened.
    tol : float, optional
        Absolute tolerance (payoff units): action ``a`` is best at ``h`` if
        ``V_i(h a) >= max_b V_i(h b) - tol``.
    method : {"auto", "backward_induction", "subgames"}, optional
        ``"auto"`` uses batched backward induction for perfect-information
        games and the subgame decomposition (``"subgames"``: each minimal
        subgame with information sets solved by the sequence-form LCP for two
        players or the agent-QRE limit otherwise, values backed up) for games
        with information sets; ``"backward_induction"`` refuses the latter.

    Returns
    -------
    Solution
        ``value`` has shape ``(n_players, *batch_shape)``.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`, or ``ties``, ``tol`` or ``method`` is invalid.
    UnsupportedGameError
        ``method="backward_induction"`` on a game with information sets.

    Examples
    --------
    >>> game = cp.catalog.load("entry_deterrence")
    >>> sol = cp.spe(game)
    >>> sol.path(), sol.value.tolist()
    (('enter', 'accommodate'), [1.0, 1.0])
    >>> batched = cp.Game(["A", "B"], cp.decision("A", {
    ...     "x": cp.outcome(np.array([0.0, 2.0]), 0.0), "y": cp.outcome(1.0, 0.0)}))
    >>> [cp.spe(batched).path(i) for i in range(2)]
    [('y',), ('x',)]
    """
    if not isinstance(game, Game):
        raise ParameterError(f"spe() needs a Game, got {type(game).__name__}", "game")
    if ties not in ("first", "uniform"):
        raise ParameterError(f"ties must be 'first' or 'uniform', got {ties!r}", "ties")
    if not (np.isfinite(tol) and tol >= 0):
        raise ParameterError(f"tol must be a finite number >= 0, got {tol!r}", "tol")
    if method not in ("auto", "backward_induction", "subgames"):
        raise ParameterError(
            f"method must be 'auto', 'backward_induction' or 'subgames', got {method!r}", "method"
        )
    if method == "subgames" or (method == "auto" and not game.is_perfect_information):
        if game.is_perfect_information:
            return backward_induction(game, ties=ties, tol=tol)
        return spe_subgames(game, ties=ties, tol=tol)
    if not game.is_perfect_information:
        big = next(s for s in game.infosets if len(s.nodes) > 1)
        raise UnsupportedGameError(
            f"backward induction needs perfect information, but information set {big.label!r} "
            f"has {len(big.nodes)} nodes; use method='auto' (subgame decomposition), the logit QRE "
            "solvers (cp.qre / cp.qre_path) or the sequence-form LCP (cp.nash(game, method='lcp'))"
        )
    return backward_induction(game, ties=ties, tol=tol)
