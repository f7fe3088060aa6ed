"""Batched backward induction on perfect-information trees (the core of :func:`~compellence.solvers.spe`).

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

A scalar game (batch shape ``()``) of at most ``SCALAR_MAX_NODES`` nodes is
solved by a plain-Python pass over the same flat arrays instead: the fixed
cost of the numpy calls per depth and group dominates there, and the Python
pass performs the same floating-point operations in the same order, so the
results are identical.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..games.tree import CHANCE, DECISION, TERMINAL, Game
from .solution import Solution, TiePolicy

__all__ = ["backward_induction", "SCALAR_MAX_NODES"]



#: scalar games up to this many nodes take the plain-Python pass (:func:`_scalar_backward_induction`);
#: about where the two passes cost the same (benchmarks/bench_spe.py, 2-core machine)
SCALAR_MAX_NODES = 1000


def backward_induction(
    game: Game, *, ties: TiePolicy = "first", tol: float = 1e-9, chunk: int = 2048
) -> Solution:
    """Batched backward induction on a perfect-information game (see module docstring).

    A scalar game (batch shape ``()``) of at most :data:`SCALAR_MAX_NODES`
    nodes takes a plain-Python pass over the flat arrays instead
    (:func:`_scalar_backward_induction`): the same arithmetic in the same
    order, so the same values, ties, strategy and paths, without the fixed
    cost of numpy calls per depth and node group.

    Parameters
    ----------
    game : Game
        A perfect-information game.
    ties : {"first", "uniform"}, optional
        Tie policy, as in :func:`spe`.
    tol : float, optional
        Tolerance for best actions (payoff units), as in :func:`spe`.
    chunk : int, optional
        Batch elements processed per pass (bounds the memory of large batches).

    Returns
    -------
    Solution
        The subgame-perfect equilibrium (``method="spe"``).

    Examples
    --------
    >>> from compellence.solvers import backward_induction
    >>> backward_induction(cp.catalog.load("centipede", stages=4)).path()
    ('take',)
    """
    if not game.batch_shape and game.n_nodes <= SCALAR_MAX_NODES:
        return _scalar_backward_induction(game, ties=ties, tol=tol)
    if not game.batch_shape and _worth_compiling(game.n_nodes):
        kernel = _compiled_kernel()
        if kernel is not None:
            return _compiled_backward_induction(game, kernel, ties=ties, tol=tol)
    return _batched_backward_induction(game, ties=ties, tol=tol, chunk=chunk)


def _bi_kernel(kind, child_count, player, payoffs, probs, tol, first_policy, value, choice, tie,
               weight, tail):  # pragma: no cover - numba
    """One pass over the nodes, deepest first: :func:`_batched_backward_induction` node by node.

    The same rule and the same floating-point operations in the same order as the
    numpy pass (two actions: the second iff ``V_i(h a2) - V_i(h a1) > tol``, a tie iff
    ``|V_i(h a2) - V_i(h a1)| <= tol``; more actions: best iff ``V_i(h a) >= max - tol``;
    chance and uniform values summed in action order).

    Every node from ``tail`` on is a terminal, and no node has children on both sides
    of ``tail`` (:func:`_terminal_tail`): ``value`` (players x ``tail``) receives the
    values of the nodes before it, and a node whose children are in the tail reads
    their payoffs where they are (not copied to ``value`` first).  With
    ``first_policy`` False, ``weight`` receives the uniform weights of decision edges.
    ``choice`` / ``tie`` have a slot per internal node: the decision nodes fill the
    last ones, in node order, and the first of those is returned.  Compiled by numba
    (:func:`_compiled_kernel`).

    The nodes are visited in reverse node order, so (breadth-first order, children
    grouped by parent) the blocks of children come in reverse node order too: a node's
    first child, its terminal row and its chance rows are running counters, not
    lookups.  Nodes of two, three and four actions take straight-line code (no loop
    over actions: a loop whose length changes from node to node costs a branch
    misprediction per loop).
    """
    n = kind.shape[0]
    n_pl = value.shape[0]
    row = choice.shape[0]  # decision rows, counting down
    t = payoffs.shape[1]  # terminals are numbered in node order: count down
    r0 = probs.shape[0]  # the first chance row of the children visited so far
    c_end = n  # the first child of the internal nodes visited so far
    off = n - t  # node c >= tail is the terminal of row c - off
    t -= n - tail
    for i in range(tail - 1, -1, -1):
        k = kind[i]
        if k == 0:  # TERMINAL
            t -= 1
            for p in range(n_pl):
                value[p, i] = payoffs[p, t]
            continue
        K = child_count[i]
        c0 = c_end - K
        c_end = c0
        below = c0 >= tail  # the children are terminals of the tail: read their payoffs
        V = payoffs if below else value
        e0 = c0  # the first child's node index (``c0`` is its column of ``V``)
        c0 = c0 - off if below else c0
        if k == 1:  # DECISION (the common kind first)
            row -= 1
            m = player[i]
            if K == 2:
                d = V[m, c0 + 1] - V[m, c0]
                second = d > tol
                both = abs(d) <= tol
                tie[row] = both
                if first_policy:
                    s1 = 1 if second else 0
                    choice[row] = s1
                    src = c0 + s1
                    for p in range(n_pl):
                        value[p, i] = V[p, src]
                else:
                    w1 = 0.5 if both else (1.0 if second else 0.0)
                    weight[e0] = 1.0 - w1
                    weight[e0 + 1] = w1
                    for p in range(n_pl):
                        v0 = V[p, c0]
                        value[p, i] = v0 + w1 * (V[p, c0 + 1] - v0)
                continue
            if first_policy and (K == 3 or K == 4):
                x0 = V[m, c0]
                x1 = V[m, c0 + 1]
                x2 = V[m, c0 + 2]
                x3 = V[m, c0 + 3] if K == 4 else x2
                mx = x0
                if x1 > mx:
                    mx = x1
                if x2 > mx:
                    mx = x2
                if x3 > mx:
                    mx = x3
                threshold = mx - tol
                g0 = x0 >= threshold
                g1 = x1 >= threshold
                g2 = x2 >= threshold
                g3 = K == 4 and x3 >= threshold
                tie[row] = (np.int64(g0) + np.int64(g1) + np.int64(g2) + np.int64(g3)) > 1
                first = 0 if g0 else (1 if g1 else (2 if g2 else 3))
                choice[row] = first
                w0 = 1.0 if first == 0 else 0.0  # value * (0 or 1) summed in action order
                w1 = 1.0 if first == 1 else 0.0
                w2 = 1.0 if first == 2 else 0.0
                if K == 3:
                    for p in range(n_pl):
                        acc = V[p, c0] * w0
                        acc += V[p, c0 + 1] * w1
                        acc += V[p, c0 + 2] * w2
                        value[p, i] = acc
                else:
                    w3 = 1.0 if first == 3 else 0.0
                    for p in range(n_pl):
                        acc = V[p, c0] * w0
                        acc += V[p, c0 + 1] * w1
                        acc += V[p, c0 + 2] * w2
                        acc += V[p, c0 + 3] * w3
                        value[p, i] = acc
                continue
            mx = V[m, c0]
            for c in range(c0 + 1, c0 + K):
                if V[m, c] > mx:
                    mx = V[m, c]
            threshold = mx - tol
            n_best = 0
            first = -1
            for c in range(c0, c0 + K):
                if V[m, c] >= threshold:
                    n_best += 1
                    if first < 0:
                        first = c - c0
            tie[row] = n_best > 1
            if first_policy:
                choice[row] = first
                for p in range(n_pl):  # sum of value * (0 or 1) in action order, as the numpy pass
                    acc = V[p, c0] * (1.0 if first == 0 else 0.0)
                    for c in range(c0 + 1, c0 + K):
                        acc += V[p, c] * (1.0 if c - c0 == first else 0.0)
                    value[p, i] = acc
            else:
                for c in range(c0, c0 + K):
                    weight[c - c0 + e0] = (1.0 if V[m, c] >= threshold else 0.0) / n_best
                for p in range(n_pl):
                    acc = V[p, c0] * weight[e0]
                    for c in range(c0 + 1, c0 + K):
                        acc += V[p, c] * weight[c - c0 + e0]
                    value[p, i] = acc
            continue
        # CHANCE: its children's rows of ``probs`` are consecutive
        r0 -= K
        if K == 2:
            p0 = probs[r0]
            p1 = probs[r0 + 1]
            for p in range(n_pl):
                value[p, i] = V[p, c0] * p0 + V[p, c0 + 1] * p1
        elif K == 3:
            p0 = probs[r0]
            p1 = probs[r0 + 1]
            p2 = probs[r0 + 2]
            for p in range(n_pl):
                acc = V[p, c0] * p0
                acc += V[p, c0 + 1] * p1
                acc += V[p, c0 + 2] * p2
                value[p, i] = acc
        elif K == 4:
            p0 = probs[r0]
            p1 = probs[r0 + 1]
            p2 = probs[r0 + 2]
            p3 = probs[r0 + 3]
            for p in range(n_pl):
                acc = V[p, c0] * p0
                acc += V[p, c0 + 1] * p1
                acc += V[p, c0 + 2] * p2
                acc += V[p, c0 + 3] * p3
                value[p, i] = acc
        else:
            for p in range(n_pl):
                acc = V[p, c0] * probs[r0]
                for j in range(1, K):
                    acc += V[p, c0 + j] * probs[r0 + j]
                value[p, i] = acc
    return row


_COMPILED = None

#: Scalar games of at least this many nodes use the compiled pass even before numba has
#: been imported (importing numba and loading the cached kernel costs ~0.5 s once per
#: process; the numpy pass solves 10^5 nodes in ~30 ms).
COMPILE_FROM_NODES = 200_000


def _worth_compiling(n: int) -> bool:
    import sys

    return "numba" in sys.modules or n >= COMPILE_FROM_NODES


def _compiled_kernel():
    """:func:`_bi_kernel` compiled by numba (cached on disk), or ``None`` without numba.

    Why compiled: backward induction is one pass of a few operations per node, so
    it is memory-bound; the numpy pass makes several passes per depth and node
    group (gathers, temporaries), about 3x the bytes the single pass touches.
    """
    global _COMPILED
    if _COMPILED is None:
        try:
            import numba

            _COMPILED = numba.njit(cache=True, nogil=True)(_bi_kernel)
        except Exception:  # numba absent, or no cache directory: the numpy pass
            _COMPILED = False
    return _COMPILED or None


def _terminal_tail(game: Game) -> int:
    """Where the compiled pass may stop keeping node values: every node from there is terminal.

    The first node of the run of terminals that ends the node order, moved to the end of
    its block of siblings if it is inside one (so no node has children on both sides),
    and at least 1.  ``terminals[j] - j`` never decreases and equals ``n - n_terminals``
    exactly on that run, so a bisection finds its start (no pass over the nodes).
    """
    n, term = game.n_nodes, game.terminals
    lo, hi = 0, term.size
    while lo < hi:
        mid = (lo + hi) // 2
        if int(term[mid]) - mid == n - term.size:
            hi = mid
        else:
            lo = mid + 1
    tail = n - (term.size - lo)
    if 0 < tail < n:
        up = int(game.parent[tail])
        first = int(game.child_start[up])
        if first < tail:
            tail = first + int(game.child_count[up])
    return max(tail, 1)


def _compiled_backward_induction(game: Game, kernel, *, ties: TiePolicy = "first",
                                 tol: float = 1e-9) -> Solution:
    """Backward induction of a scalar game with the compiled single pass (:func:`_bi_kernel`).

    Values, ties, choices and ``edge_prob`` are those of
    :func:`_batched_backward_induction` (tests/test_spe_compiled.py checks it).  The
    game's arrays go to the kernel as they are (no conversion or copy on entry).
    """
    n, n_pl = game.n_nodes, game.n_players
    n_internal = n - game.terminals.size
    tail = _terminal_tail(game)
    value = np.empty((n_pl, tail))
    # a slot per internal node (no pass over ``kind`` to count the decision nodes): the
    # decision nodes fill the last ones
    choice = np.empty(n_internal, dtype=np.int32 if n < 2**31 else np.intp)
    tie = np.empty(n_internal, dtype=bool)
    first_policy = ties == "first"
    weight = np.zeros(0 if first_policy else n)
    probs = game.chance_probs.reshape(-1)
    row = kernel(game.kind, game.child_count, game.player, game.payoffs.reshape(n_pl, -1), probs,
                 float(tol), first_policy, value, choice, tie, weight, tail)
    choice, tie = choice[row:], tie[row:]

    def chance_and_root(ep: np.ndarray) -> np.ndarray:
        ep[0] = 1.0
        kids = np.flatnonzero(game.chance_index >= 0)
        ep[kids] = probs[game.chance_index[kids]]
        return ep

    if first_policy:

        def materialise() -> np.ndarray:
            ep = np.zeros(n)
            ep[game.child_start[game.kind == DECISION] + choice] = 1.0
            return chance_and_root(ep)

        edge: np.ndarray | Callable[[], np.ndarray] = materialise
    else:
        edge = chance_and_root(weight)
    return Solution(
        game=game,
        edge_prob=edge,
        node_value=None,
        ties=tie,
        method="spe",
        info={"ties_policy": ties, "tol": tol},
        value=value[:, 0].copy(),
    )


def _batched_backward_induction(
    game: Game, *, ties: TiePolicy = "first", tol: float = 1e-9, chunk: int = 2048
) -> Solution:
    """The vectorised pass over depths and node groups (any batch shape).

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
                    v[:, nodes] = _weighted_sum(vk, probs[rows, b])
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
                    v[:, nodes] = _weighted_sum(vk, w)
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


def _weighted_sum(vk: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``sum_k vk[:, :, k] * w[:, k]`` accumulated in action order, k = 0, 1, ..., K-1.

    A fixed summation order (einsum's depends on the array layout) makes the
    scalar pass reproduce these values bit for bit.
    """
    acc = vk[:, :, 0] * w[:, 0]
    for k in range(1, vk.shape[2]):
        acc += vk[:, :, k] * w[:, k]
    return acc


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


def _scalar_plan(game: Game) -> tuple:
    """The flat arrays of a scalar game as Python lists, cached on the game (structure only).

    ``steps`` lists the internal nodes deepest first (breadth-first order puts
    every child after its parent, so descending node index will do):
    ``(node, is_chance, first child, number of actions, mover, decision row)``.
    """
    cached = getattr(game, "_spe_scalar_plan", None)
    if cached is not None:
        return cached
    # plain lists and one Python pass: cheaper than numpy calls on arrays this small
    kind = game.kind.tolist()
    starts, counts = game.child_start.tolist(), game.child_count.tolist()
    movers = game.player.tolist()
    rows, r = [], -1
    for k in kind:
        r += k == DECISION
        rows.append(r)
    steps = [
        (i, kind[i] == CHANCE, starts[i], counts[i], movers[i], rows[i])
        for i in range(len(kind) - 1, -1, -1)
        if kind[i] != TERMINAL
    ]
    chance_index = game.chance_index.tolist()
    chance_kids = [i for i, c in enumerate(chance_index) if c >= 0]
    plan = (steps, game.terminals.tolist(), chance_kids, [chance_index[i] for i in chance_kids], r + 1)
    game._spe_scalar_plan = plan
    return plan


def _scalar_backward_induction(game: Game, *, ties: TiePolicy = "first", tol: float = 1e-9) -> Solution:
    """Backward induction of a scalar game in plain Python: the batched pass, node by node.

    Same rule and same floating-point operations in the same order as
    :func:`_batched_backward_induction` (so results are identical, not just
    close): at a two-action decision node the second action is taken iff
    ``V_i(h a2) - V_i(h a1) > tol`` and a tie is ``|V_i(h a2) - V_i(h a1)| <= tol``;
    with more actions ``a`` is best iff ``V_i(h a) >= max_b V_i(h b) - tol``.
    ``ties="first"`` takes the first best action, ``"uniform"`` weights the best
    actions ``1 / n_best`` (two actions: ``V(h a1) + w (V(h a2) - V(h a1))``).
    Chance and uniform values are sums accumulated in action order.  The
    equilibrium conditions are those of the module docstring (Kuhn 1953;
    Selten 1965).
    """
    steps, terminals, chance_kids, chance_rows, n_dec = _scalar_plan(game)
    n = game.n_nodes
    eps = float(tol)
    first_policy = ties == "first"
    probs = game.chance_probs.tolist()
    V: list = [None] * n
    for t, payoff in zip(terminals, zip(*game.payoffs.tolist()), strict=True):
        V[t] = payoff
    edge = [0.0] * n
    edge[0] = 1.0
    for c, row in zip(chance_kids, chance_rows, strict=True):
        edge[c] = probs[row]
    tie = [False] * n_dec
    for i, is_chance, c0, K, mover, row in steps:
        if is_chance:  # chance probabilities are already in edge[children]
            v0, p0 = V[c0], edge[c0]
            if K == 2:
                v1, p1 = V[c0 + 1], edge[c0 + 1]
                V[i] = [a * p0 + b * p1 for a, b in zip(v0, v1, strict=True)]
            else:
                acc = [a * p0 for a in v0]
                for c in range(c0 + 1, c0 + K):
                    pc = edge[c]
                    acc = [x + a * pc for x, a in zip(acc, V[c], strict=True)]
                V[i] = acc
        elif K == 2:
            v0, v1 = V[c0], V[c0 + 1]
            d = v1[mover] - v0[mover]
            second = d > eps
            both = abs(d) <= eps
            tie[row] = both
            if first_policy:
                V[i] = v1 if second else v0
                edge[c0 + second] = 1.0
            else:
                w1 = 0.5 if both else float(second)
                edge[c0] = 1.0 - w1
                edge[c0 + 1] = w1
                V[i] = [a + w1 * (b - a) for a, b in zip(v0, v1, strict=True)]
        else:
            mv = [V[c][mover] for c in range(c0, c0 + K)]
            threshold = max(mv) - eps
            best = [m >= threshold for m in mv]
            n_best = sum(best)
            tie[row] = n_best > 1
            if first_policy:
                k = best.index(True)
                V[i] = V[c0 + k]
                edge[c0 + k] = 1.0
            else:
                w = [bk / n_best for bk in best]
                edge[c0 : c0 + K] = w
                acc = [a * w[0] for a in V[c0]]
                for k in range(1, K):
                    wk = w[k]
                    acc = [x + a * wk for x, a in zip(acc, V[c0 + k], strict=True)]
                V[i] = acc
    return Solution(
        game=game,
        edge_prob=np.array(edge),
        node_value=None,
        ties=np.array(tie, dtype=bool),
        method="spe",
        info={"ties_policy": ties, "tol": tol},
        value=np.array(V[0], dtype=float),
    )
