"""A subtree of a game as a game of its own (with some nodes cut to terminals).

Used to solve subgames separately: ``subtree(game, root, cut={node: payoffs})``
builds the game that starts at ``root`` and in which every node in ``cut``
(a node of the subtree) becomes a terminal node with the given payoffs
(``(n_players, *batch)``; typically the values of an already solved subgame).
Information-set labels are kept (``keep_infosets=False`` makes every decision
node its own set, i.e. the perfect-information relaxation).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

import numpy as np

from ..errors import ActionError, PayoffError
from .tree import CHANCE, TERMINAL, Game

__all__ = ["subtree", "subgame_roots"]


def subtree(
    game: Game,
    root: int,
    cut: Mapping[int, np.ndarray] | None = None,
    *,
    keep_infosets: bool = True,
    title: str | None = None,
) -> tuple[Game, np.ndarray]:
    """The game below ``root`` with ``cut`` nodes replaced by terminals.

    Returns ``(sub, node_map)`` where ``node_map[i]`` is the node of ``game``
    that node ``i`` of ``sub`` stands for (breadth-first order is kept).
    Information sets must not straddle the boundary (use :func:`subgame_roots`);
    a set with nodes outside the subtree raises :class:`ActionError`.

    Parameters
    ----------
    game : Game
        The whole game.
    root : int
        The node that becomes the root of the subgame.
    cut : Mapping[int, numpy.ndarray], optional
        Node -> payoffs ``(n_players, *batch)``: these nodes become terminals with those
        payoffs (e.g. the values of already-solved subgames).
    keep_infosets : bool, optional
        Keep the user's information-set labels (default) or make every set a singleton.
    title : str, optional
        Title of the subgame (default: derived from the game's).

    Returns
    -------
    tuple[Game, numpy.ndarray]
        ``(sub, node_map)``.

    Raises
    ------
    ActionError
        ``root`` is not a node of the game, or an information set straddles the subtree.
    PayoffError
        A ``cut`` value has the wrong shape.

    Examples
    --------
    >>> from compellence.games.subtree import subtree
    >>> game = cp.catalog.load("entry_deterrence")
    >>> sub, node_map = subtree(game, game.node_at("root/enter"))
    >>> sub.players, [game.node_path(int(i)) for i in node_map]
    (('Entrant', 'Incumbent'), ['root/enter', 'root/enter/fight', 'root/enter/accommodate'])
    """
    root = int(root)
    if not 0 <= root < game.n_nodes:
        raise ActionError(f"node {root} is not a node of the game (0..{game.n_nodes - 1})")
    cut = dict(cut or {})
    batch = game.batch_shape
    labels = game.infoset_labels() if keep_infosets else [None] * game.n_nodes
    parent: list[int] = [-1]
    kind: list[int] = []
    player: list[int] = []
    edge: list = [None]
    inset: list = []
    pay_rows: list[np.ndarray] = []
    prob_rows: list[np.ndarray] = []
    node_map: list[int] = [root]
    queue = deque([(root, 0)])
    while queue:
        g, local = queue.popleft()
        if g in cut or game.kind[g] == TERMINAL:
            kind.append(TERMINAL)
            player.append(-1)
            inset.append(None)
            if g in cut:
                v = np.asarray(cut[g], dtype=float)
                try:
                    v = np.broadcast_to(v, (game.n_players, *batch))
                except ValueError:
                    raise PayoffError(
                        f"cut value has shape {v.shape}, expected {(game.n_players, *batch)}",
                        game.node_path(g),
                    ) from None
                pay_rows.append(v)
            else:
                pay_rows.append(game.payoffs[:, game.terminal_index[g]])
            continue
        kind.append(int(game.kind[g]))
        player.append(int(game.player[g]))
        inset.append(labels[g])
        for c in game.children(g):
            parent.append(local)
            edge.append(game.edge_label[c])
            node_map.append(c)
            if game.kind[g] == CHANCE:
                prob_rows.append(game.chance_probs[game.chance_index[c]])
            queue.append((c, len(node_map) - 1))
    if keep_infosets:
        inside = set(node_map)
        for lab in {labels[g] for g in node_map if labels[g] is not None}:
            s = game.infoset_by_label(lab)
            if not set(s.nodes) <= inside:
                out = next(i for i in s.nodes if i not in inside)
                raise ActionError(
                    f"information set {lab!r} has node {game.node_path(out)} outside the subtree "
                    f"of {game.node_path(root)}: this is not a subgame",
                    game.node_path(root),
                )
    payoffs = np.stack(pay_rows, axis=1) if pay_rows else np.zeros((game.n_players, 0, *batch))
    probs = np.stack(prob_rows, axis=0) if prob_rows else np.zeros((0, *batch))
    sub = Game.from_arrays(
        game.players,
        parent=parent,
        kind=kind,
        player=player,
        edge_label=edge,
        payoffs=payoffs,
        chance_probs=probs,
        infoset_label=inset,
        title=title if title is not None else f"{game.title} @ {game.node_path(root)}",
    )
    return sub, np.asarray(node_map, dtype=np.intp)


def _lca(game: Game, nodes: tuple[int, ...]) -> int:
    depth, parent = game.depth, game.parent
    a = int(nodes[0])
    for b in nodes[1:]:
        b = int(b)
        while depth[a] > depth[b]:
            a = int(parent[a])
        while depth[b] > depth[a]:
            b = int(parent[b])
        while a != b:
            a, b = int(parent[a]), int(parent[b])
    return a


def subgame_roots(game: Game) -> tuple[np.ndarray, dict[int, int]]:
    """Which nodes root a subgame (Selten 1965), and each multi-node set's lowest common ancestor.

    A non-terminal node ``v`` roots a subgame iff no information set has nodes
    both inside and outside the subtree of ``v``.  For a set ``I`` with lowest
    common ancestor ``l(I)`` the nodes that break this are exactly those on the
    paths from the nodes of ``I`` up to, not including, ``l(I)``.  Returns
    ``(is_root, lca)``: a boolean mask over nodes and ``{infoset index: l(I)}``.

    Parameters
    ----------
    game : Game
        An extensive game.

    Returns
    -------
    tuple[numpy.ndarray, dict[int, int]]
        ``(is_root, lca)``.

    Examples
    --------
    >>> from compellence.games.subtree import subgame_roots
    >>> game = cp.catalog.load("selten_horse")
    >>> is_root, lca = subgame_roots(game)
    >>> [game.node_path(int(i)) for i in np.flatnonzero(is_root)], lca
    (['root'], {2: 0})
    """
    ok = game.kind != TERMINAL
    lca: dict[int, int] = {}
    parent = game.parent
    for s in game.infosets:
        if len(s.nodes) < 2:
            continue
        top = _lca(game, s.nodes)
        lca[s.index] = top
        for h in s.nodes:
            v = int(h)
            while v != top:
                ok[v] = False
                v = int(parent[v])
    return ok, lca
