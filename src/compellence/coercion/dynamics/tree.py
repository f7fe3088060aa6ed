"""Small dynamic games unrolled into one :class:`compellence.Game` tree (the second route).

Period ``t`` (from 0) of the unrolled tree at state ``z``: a coercer
decision over its allowed actions, then at the after-state ``z'`` a target
decision over its allowed answers, then an outcome (a terminal answer, or the
last period with the end value) or the next period (one successor) or a
chance move over the successors (probabilities merged by successor).  A leaf
pays the discounted sum of everything on its path::

    sum_t delta**t (move_payoff(z_t, a_t) + payoff(z'_t, b_t)) + delta**T' end_value(z'_T', b_T')

which is what the dynamic solver's recursion adds up, so backward induction
on this tree (:func:`compellence.spe`) and
:func:`~.solvers.backward_induction_dynamic` must agree (tested).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...errors import ParameterError
from ...games.nodes import chance, decision, outcome
from ...games.tree import Game
from .state import MarkovGame

__all__ = ["unroll"]

PLAYERS = ("coercer", "target")


def unroll(game: MarkovGame, horizon: int, initial: int = 0, *, max_nodes: int = 200_000) -> Game:
    """The finite-horizon dynamic game from state ``initial`` as one game tree (unbatched games).

    The tree grows like ``(A B Q)**horizon``; more than ``max_nodes`` nodes
    raises :class:`~compellence.errors.ParameterError`.

    Parameters
    ----------
    game : MarkovGame
        An unbatched dynamic game (``game.select(index)`` picks a point of a sweep).
    horizon : int
        Number of periods, ``>= 1``.
    initial : int, optional
        Flat index of the initial state (default 0).
    max_nodes : int, optional
        Largest number of nodes the tree may have.

    Returns
    -------
    Game
        The game tree; its leaves pay the discounted sums of the module docstring, so
        :func:`compellence.spe` on it agrees with
        :func:`~compellence.coercion.dynamics.solvers.backward_induction_dynamic`.

    Raises
    ------
    ParameterError
        If ``game`` is not an unbatched :class:`MarkovGame`, ``horizon`` is not an
        integer ``>= 1``, ``initial`` is not a state index, or the tree would exceed
        ``max_nodes``.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, unroll
    >>> tree = unroll(CoercionDynamics(punishment_levels=1).game(), 1)
    >>> print(tree)
    dynamic coercion game, 1 period(s)  [players: coercer, target]
    root: coercer
      escalate -> target
        resist -> (-0.72, -7.92)
      hold -> target
        resist -> (0, 0)
      demand_1 -> target
        comply -> (1, -1)
        resist -> (0, 0)
    >>> cp.spe(tree).path()
    ('hold', 'resist')
    """
    if not isinstance(game, MarkovGame):
        raise ParameterError(f"needs a MarkovGame, got {type(game).__name__}", "game")
    if game.batch_shape:
        raise ParameterError("unroll needs one game; use game.select(index) for a point of a sweep", "game")
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise ParameterError(f"must be an integer >= 1, got {horizon!r}", "horizon")
    if not 0 <= int(initial) < game.n_states:
        raise ParameterError(f"must be a state index in [0, {game.n_states - 1}]", "initial")
    delta = float(game.delta)
    count = [0]

    def bump() -> None:
        count[0] += 1
        if count[0] > max_nodes:
            raise ParameterError(f"the unrolled tree exceeds max_nodes={max_nodes}; use the dynamic solver",
                                 "horizon")

    def period(t: int, z: int, acc: np.ndarray, disc: float) -> Any:
        bump()
        acts = {}
        for ai in np.flatnonzero(game.coercer_allowed[z]):
            z1 = int(game.after[z, ai])
            acc1 = acc + disc * game.move_payoff[z, ai]
            answers = {}
            bump()
            for bi in np.flatnonzero(game.target_allowed[z1]):
                acc2 = acc1 + disc * game.payoff[z1, bi]
                if game.terminal[z1, bi]:
                    bump()
                    answers[game.target_actions[bi]] = outcome(*acc2)
                elif t == horizon - 1:
                    bump()
                    answers[game.target_actions[bi]] = outcome(*(acc2 + disc * game.end_value[z1, bi]))
                else:
                    nxt: dict[int, float] = {}
                    for q, p in zip(game.succ[z1, bi], game.prob[z1, bi], strict=True):
                        if p > 0:
                            nxt[int(q)] = nxt.get(int(q), 0.0) + float(p)
                    if len(nxt) == 1:
                        answers[game.target_actions[bi]] = period(t + 1, next(iter(nxt)), acc2, disc * delta)
                    else:
                        bump()
                        answers[game.target_actions[bi]] = chance({
                            f"to state {q}": (p, period(t + 1, q, acc2, disc * delta)) for q, p in nxt.items()})
            acts[game.coercer_actions[ai]] = decision("target", answers)
        return decision("coercer", acts)

    root = period(0, int(initial), np.zeros(2), 1.0)
    return Game(list(PLAYERS), root, title=f"dynamic coercion game, {horizon} period(s)")
