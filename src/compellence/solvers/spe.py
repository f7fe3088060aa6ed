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

from collections.abc import Callable
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
        games and the subgame decomposition (``"subgames"``: each minimal
        subgame with information sets solved by the sequence-form LCP for two
        players or the agent-QRE limit otherwise, values backed up) for games
        with information sets; ``"backward_induction"`` refuses the latter.

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
        from .subgames import spe_subgames  # imports this module: keep the import lazy

        return spe_subgames(game, ties=ties, tol=tol)
    if not game.is_perfect_information:
        big = next(s for s in game.infosets if len(s.nodes) > 1)
        raise UnsupportedGameError(
            f"backward induction needs perfect information, but information set {big.label!r} "
            f"has {len(big.nodes)} nodes; use method='auto' (subgame decomposition), the logit QRE "
            "solvers (cp.qre / cp.qre_path) or the sequence-form LCP (cp.nash(game, method='lcp'))"
        )
    return backward_induction(game, ties=ties, tol=tol)


def backward_induction(
    game: Game, *, ties: TiePolicy = "first", tol: float = 1e-9, chunk: int = 2048
) -> Solution:
    """Batched backward induction on a perfect-information game (see module docstring).

    Each depth's internal nodes are grouped by (kind, number of actions), so a
    group is one dense ``(n_nodes, K, batch)`` block: ``max`` / ``argmax``
    along the action axis pick the best reply, a ``take_along_axis`` or a
    weighted sum backs values up.  The batch is processed in chunks of
    ``chunk`` elements in one reused scratch buffer, so the working set stays
    in cache; with ``ties="first"`` only the chosen action index of each
    decision node is stored, and the large ``edge_prob`` / ``node_value``
    arrays of the result are materialised on first access.  (The pass is
    memory-bound: this layout is several times faster than whole-batch
    passes that allocate full-size temporaries.)
    """
    batch = game.batch_shape
    n, n_pl = game.n_nodes, game.n_players
    size = int(np.prod(batch)) if batch else 1
    payoffs = game.payoffs.reshape(n_pl, game.terminals.size, size)
    probs = game.chance_probs.reshape(game.chance_probs.shape[0], size)
    plan = _plan(game)
    decision = np.flatnonzero(game.kind == DECISION)
    dec_row = np.full(n, -1, dtype=np.intp)
    dec_row[decision] = np.arange(decision.size)
    root_value = np.empty((n_pl, size))
    tie = np.zeros((decision.size, size), dtype=bool)
    max_k = int(game.child_count.max()) if n > 1 else 1
    if ties == "first":
        choice = np.empty((decision.size, size), dtype=np.int16 if max_k < 2**15 else np.intp)
    else:
        edge_prob = np.empty((n, size))
    chunk = max(1, min(int(chunk), size))
    scratch = np.empty((n_pl, n, chunk))
    for c0 in range(0, size, chunk):
        b = slice(c0, min(size, c0 + chunk))
        v = scratch[:, :, : b.stop - c0]
        v[:, game.terminals] = payoffs[:, :, b]
        for groups in plan:
            for kind, nodes, kids, mover, rows, fast in groups:
                if fast is not None:  # binary moves: fewer passes than the general path
                    _binary_group(v, b, kind, fast, rows, probs, tol, tie,
                                  choice if ties == "first" else None,
                                  None if ties == "first" else edge_prob)
                    continue
                vk = v[:, kids]  # (players, n_g, K, chunk)
                if kind == CHANCE:
                    w = probs[rows, b]
                    v[:, nodes] = np.einsum("pgkb,gkb->pgb", vk, w)
                    continue
                mv = vk[mover, np.arange(nodes.size)]  # the mover's values, (n_g, K, chunk)
                best = mv >= mv.max(axis=1, keepdims=True) - tol
                n_best = best.sum(axis=1)
                tie[dec_row[nodes], b] = n_best > 1
                if ties == "first":
                    K = kids.shape[1]
                    if K <= 16:
                        # first best action by a short scan over the action axis: faster than
                        # argmax / take_along_axis along a middle axis for the usual small K
                        first = np.full(n_best.shape, K - 1, dtype=choice.dtype)
                        for k in range(K - 2, -1, -1):
                            np.copyto(first, k, where=best[:, k])
                    else:
                        first = best.argmax(axis=1).astype(choice.dtype)
                    choice[dec_row[nodes], b] = first
                    w = (np.arange(K)[None, :, None] == first[:, None, :]).astype(float)
                    v[:, nodes] = np.einsum("pgkb,gkb->pgb", vk, w)
                else:
                    w = best / n_best[:, None, :]
                    edge_prob[kids, b] = w
                    v[:, nodes] = np.einsum("pgkb,gkb->pgb", vk, w)
        root_value[:, b] = v[:, 0]

    def chance_and_root(ep: np.ndarray) -> np.ndarray:
        ep[0] = 1.0
        kids = np.flatnonzero(game.chance_index >= 0)
        ep[kids] = probs[game.chance_index[kids]]
        return ep.reshape(n, *batch)

    if ties == "first":

        def materialise() -> np.ndarray:
            ep = np.zeros((n, size))
            for groups in plan:
                for kind, nodes, kids, _, _, _ in groups:
                    if kind == DECISION:
                        k = np.arange(kids.shape[1])[None, :, None]
                        ep[kids] = k == choice[dec_row[nodes]][:, None, :]
            return chance_and_root(ep)

        edge: np.ndarray | Callable[[], np.ndarray] = materialise
    else:
        edge = chance_and_root(edge_prob)
    return Solution(
        game=game,
        edge_prob=edge,
        node_value=None,
        ties=tie.reshape(decision.size, *batch),
        method="spe",
        info={"ties_policy": ties, "tol": tol},
        value=root_value.reshape(n_pl, *batch),
    )


def _binary_group(v, b, kind, fast, rows, probs, tol, tie, choice, edge_prob) -> None:
    """One group of two-action nodes (the common case), same semantics as the general path.

    ``fast`` holds the group's indices precomputed by :func:`_plan`: slices where they are
    arithmetic progressions (views, not copies) and the mover when it is one player.
    """
    at, first, second, mover, rows_dec = fast
    v0, v1 = v[:, first], v[:, second]  # (players, n_g, chunk)
    if kind == CHANCE:
        v[:, at] = v0 * probs[rows[:, 0], b] + v1 * probs[rows[:, 1], b]
        return
    if isinstance(mover, int):
        m0, m1 = v0[mover], v1[mover]
    else:
        m0, m1 = v0[mover, np.arange(mover.size)], v1[mover, np.arange(mover.size)]
    d = m1 - m0
    take_second = d > tol  # the first action is best unless the second beats it by > tol
    both = np.abs(d, out=d) <= tol
    tie[rows_dec, b] = both
    if choice is not None:
        choice[rows_dec, b] = take_second
        v[:, at] = np.where(take_second, v1, v0)
    else:
        w1 = np.where(both, 0.5, take_second.astype(float))
        edge_prob[first, b] = 1.0 - w1
        edge_prob[second, b] = w1
        v[:, at] = v0 + w1 * (v1 - v0)


def _compact(index: np.ndarray) -> np.ndarray | slice:
    """An index array as a slice when it is an increasing arithmetic progression."""
    if index.size == 1:
        return slice(int(index[0]), int(index[0]) + 1)
    step = int(index[1] - index[0])
    if step > 0 and np.all(np.diff(index) == step):
        return slice(int(index[0]), int(index[-1]) + 1, step)
    return index


def _plan(game: Game) -> list:
    """Per depth (deepest first): groups ``(kind, nodes, kids (n_g, K), mover, chance rows, fast)``.

    ``fast`` (two-action groups only) holds the precomputed indices of :func:`_binary_group`.
    """
    cached = getattr(game, "_bi_plan", None)
    if cached is not None:
        return cached
    plan = []
    levels = game.levels
    decision = np.flatnonzero(game.kind == DECISION)
    for d in range(len(levels) - 2, -1, -1):
        s, e = levels[d]
        nodes = np.arange(s, e)
        internal = nodes[game.kind[s:e] != TERMINAL]
        groups = []
        if internal.size:
            key = game.kind[internal].astype(np.intp) * (int(game.child_count.max()) + 1)
            key = key + game.child_count[internal]
            for k in np.unique(key):
                grp = internal[key == k]
                K = int(game.child_count[grp[0]])
                kids = game.child_start[grp][:, None] + np.arange(K)[None, :]
                kind = int(game.kind[grp[0]])
                mover = game.player[grp] if kind == DECISION else None
                rows = game.chance_index[kids] if kind == CHANCE else None
                fast = None
                if K == 2:
                    one = mover is not None and mover.min() == mover.max()
                    fast = (
                        _compact(grp),
                        _compact(kids[:, 0]),
                        _compact(kids[:, 1]),
                        int(mover[0]) if one else mover,
                        _compact(np.searchsorted(decision, grp)) if kind == DECISION else None,
                    )
                groups.append((kind, grp, kids, mover, rows, fast))
        plan.append(groups)
    game._bi_plan = plan
    return plan
