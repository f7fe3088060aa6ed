"""Subgame-perfect equilibrium by batched backward induction.

Kuhn (1953) / Selten (1965): in a finite game of perfect information, the
profile that picks at every decision node an action maximising the mover's
continuation value, given the choices below it, is subgame perfect:

    V(h) = u(h)                                   at terminal h
    V(h) = sum_a P(a | h) V(h a)                  at chance h
    V(h) = V(h a*),  a* in argmax_a V_{i(h)}(h a)  at a decision node of player i(h)

The tree is stored breadth-first, so all nodes of one depth are a
contiguous block and the children of each node are contiguous: one depth is
solved with ``np.maximum.reduceat`` / ``np.add.reduceat`` over every node of
that depth and every batch element at once.  A 200 x 200 parameter sweep is
one pass of (depth) vectorised steps, not 40,000 solves.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ..errors import ParameterError, UnsupportedGameError
from ..games.tree import CHANCE, DECISION, TERMINAL, Game
from .solution import Solution

__all__ = ["spe", "backward_induction"]

TiePolicy = Literal["first", "uniform"]


def spe(game: Game, *, ties: TiePolicy = "first", tol: float = 1e-9, method: str = "auto") -> Solution:
    """Subgame-perfect equilibrium of ``game`` (batched).

    Parameters
    ----------
    ties:
        What to do when several actions are best at a node (within ``tol``):
        ``"first"`` takes the first best action in the node's action order,
        ``"uniform"`` mixes uniformly over all best actions.  Either way the
        ``ties`` mask of the result records where it happened.
    tol:
        Absolute tolerance: action ``a`` is best at ``h`` if
        ``V_i(h a) >= max_b V_i(h b) - tol``.
    method:
        ``"auto"`` uses batched backward induction for perfect-information
        games and the subgame decomposition (``"subgames"``) otherwise.

    Returns
    -------
    Solution
        ``value`` has shape ``(n_players, *batch_shape)``.
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
        try:
            from .subgames import spe_subgames
        except ImportError:  # pragma: no cover - the subgame solver ships with the package
            spe_subgames = None
        if spe_subgames is None:
            big = next(s for s in game.infosets if len(s.nodes) > 1)
            raise UnsupportedGameError(
                f"backward induction needs perfect information, but information set "
                f"{big.label!r} has {len(big.nodes)} nodes; use the logit QRE solvers "
                "(cp.qre / cp.qre_path) or the sequence-form LCP (cp.nash(game, method='lcp'))"
            )
        return spe_subgames(game, ties=ties, tol=tol)
    if not game.is_perfect_information:
        big = next(s for s in game.infosets if len(s.nodes) > 1)
        raise UnsupportedGameError(
            f"backward induction needs perfect information, but information set {big.label!r} "
            f"has {len(big.nodes)} nodes; use method='auto' (subgame decomposition), the logit QRE "
            "solvers (cp.qre / cp.qre_path) or the sequence-form LCP (cp.nash(game, method='lcp'))"
        )
    return backward_induction(game, ties=ties, tol=tol)


def backward_induction(game: Game, *, ties: TiePolicy = "first", tol: float = 1e-9) -> Solution:
    """Batched backward induction on a perfect-information game (see module docstring)."""
    batch = game.batch_shape
    n = game.n_nodes
    value = np.empty((game.n_players, n, *batch))
    value[:, game.terminals] = game.payoffs
    edge_prob = np.empty((n, *batch))
    edge_prob[0] = 1.0
    tie_node = np.zeros((n, *batch), dtype=bool)
    levels = game.levels
    kind, parent, player = game.kind, game.parent, game.player
    bshape = (1,) * len(batch)
    for d in range(len(levels) - 2, -1, -1):
        s, e = levels[d]
        cs, ce = levels[d + 1]
        internal = np.flatnonzero(kind[s:e] != TERMINAL) + s
        if internal.size == 0:
            continue
        offsets = game.child_start[internal] - cs
        kids = np.arange(cs, ce)
        seg = np.repeat(np.arange(internal.size), game.child_count[internal])
        par = parent[cs:ce]
        weight = np.empty((ce - cs, *batch))

        is_chance_kid = kind[par] == CHANCE
        if is_chance_kid.any():
            ck = kids[is_chance_kid]
            weight[is_chance_kid] = game.chance_probs[game.chance_index[ck]]
        is_dec_kid = kind[par] == DECISION
        if is_dec_kid.any():
            mover = player[par]
            # mover's continuation value at each child (chance kids give a dummy player 0)
            mv = value[np.where(is_dec_kid, mover, 0), kids]
            best_val = np.maximum.reduceat(mv, offsets, axis=0)[seg]
            best = mv >= best_val - tol
            n_best = np.add.reduceat(best.astype(np.intp), offsets, axis=0)
            if ties == "first":
                local = (kids - game.child_start[par]).reshape(-1, *bshape)
                key = np.where(best, local, np.iinfo(np.intp).max)
                first = np.minimum.reduceat(key, offsets, axis=0)[seg]
                w = (key == first).astype(float)
            else:
                w = best / n_best[seg]
            weight[is_dec_kid] = w[is_dec_kid]
            dec_internal = kind[internal] == DECISION
            tie_node[internal[dec_internal]] = n_best[dec_internal] > 1
        edge_prob[cs:ce] = weight
        value[:, internal] = np.add.reduceat(value[:, cs:ce] * weight[None], offsets, axis=1)
    decision = np.flatnonzero(kind == DECISION)
    return Solution(
        game=game,
        edge_prob=edge_prob,
        node_value=value,
        ties=tie_node[decision],
        method="spe",
        info={"ties_policy": ties, "tol": tol},
    )
