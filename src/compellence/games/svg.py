"""Dependency-free drawing of game trees: a layout and an SVG renderer.

The layout is computed from the flat arrays of a :class:`~compellence.games.tree.Game`:
terminal nodes are evenly spaced left to right in depth-first order, every
other node is centred over its first and last child, and the vertical
position is the depth (the classic tidy drawing of an ordered tree,
Reingold & Tilford 1981, without subtree compaction, which keeps payoffs
readable).

:func:`game_to_svg` renders a game as a standalone SVG string (used for
``Game._repr_svg_`` in notebooks): decision nodes coloured by player and
labelled with the player's name, chance nodes as squares with their
probabilities on the edges, terminal payoffs below the leaves, information
sets marked by one dashed arc per set (sets that overlap on a level bulge to
different heights, so two sets never read as one).  With a solution (any
object with ``edge_prob`` of shape ``(n_nodes, *batch)``, e.g.
:class:`~compellence.solvers.Solution`) the *full strategy* is drawn: the
equilibrium path (every edge reached with positive probability) thick and
red, and every choice the strategy makes off the path (at nodes play does not
reach) thick, dashed and orange, so a threat that is never carried out is
visible; mixed actions show their probabilities (``[p]``).

Spacing: the width of a leaf is chosen so that no two labels on one row
overlap (:func:`leaf_width_for`, with text widths estimated from the font
size), the layout the matplotlib drawing and the TikZ export share.

This module only knows :mod:`compellence.games` (solutions are duck-typed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from ..errors import ParameterError
from .kinds import CHANCE, DECISION, TERMINAL, is_game_tree, normalize_index

if TYPE_CHECKING:
    from .tree import Game

__all__ = [
    "tree_layout",
    "game_to_svg",
    "svg_repr",
    "PLAYER_COLORS",
    "TreeNumbers",
    "edge_text",
    "format_probability",
    "infoset_arcs",
    "leaf_width_for",
    "OFF_PATH_COLOR",
]

#: Colours of players 0, 1, 2, ... (cycled); colour-blind safe (Okabe & Ito 2008).
PLAYER_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
PATH_COLOR = "#C0392B"
#: Colour of the choices a strategy makes at nodes off the equilibrium path.
OFF_PATH_COLOR = "#E67E22"
#: Edge probabilities below this are "not played" (drawn plain, not labelled).
PROB_EPS = 1e-9


def format_probability(p: float, digits: int = 3) -> str:
    """A probability for a drawing: at most ``digits`` decimals, never scientific.

    ``0.51``, ``0.333``, ``1``; a positive probability that rounds to zero is
    ``<0.001`` (for ``digits = 3``) rather than ``1.226e-06``.

    Parameters
    ----------
    p : float
        A probability.
    digits : int, optional
        Decimals kept.

    Returns
    -------
    str
        The text.

    Examples
    --------
    >>> from compellence.games.svg import format_probability
    >>> format_probability(1 / 3), format_probability(1.0), format_probability(1.226e-06)
    ('0.333', '1', '<0.001')
    """
    p = float(p)
    q = round(p, digits)
    if q == 0.0 and p > 0.0:
        return "<" + f"{10.0 ** -digits:.{digits}f}"
    if q == 1.0 and p < 1.0:
        return ">" + f"{1 - 10.0 ** -digits:.{digits}f}"
    text = f"{q:.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


def tree_layout(game: Game) -> tuple[np.ndarray, np.ndarray]:
    """Node positions ``(x, y)``: x in leaf units (leaves at 0, 1, 2, ...), y = depth.

    Parameters
    ----------
    game : Game
        The game to lay out.

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        ``(x, y)``, one entry per node; a parent is centred over its children.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`.

    Examples
    --------
    >>> from compellence.games.svg import tree_layout
    >>> x, y = tree_layout(cp.catalog.load("entry_deterrence"))
    >>> x.tolist(), y.tolist()
    ([1.25, 0.5, 2.0, 0.0, 1.0], [0.0, 1.0, 1.0, 2.0, 2.0])
    """
    if not is_game_tree(game):
        raise ParameterError(f"needs a Game, got {type(game).__name__}", "game")
    n = game.n_nodes
    x = np.zeros(n)
    leaf = 0
    for i in game.walk():  # depth-first preorder: leaves left to right
        if game.kind[i] == TERMINAL:
            x[i] = leaf
            leaf += 1
    # breadth-first storage: every child has a larger index than its parent
    for i in range(n - 1, -1, -1):
        k = int(game.child_count[i])
        if k:
            s = int(game.child_start[i])
            x[i] = 0.5 * (x[s] + x[s + k - 1])
    return x, game.depth.astype(float)


class TreeNumbers:
    """The numbers to print on a drawing: one batch element, or ranges over the batch.

    ``payoff(node)`` -> tuple of strings, ``chance(child)`` -> string,
    ``edge_prob`` (``(n_nodes,)`` or None) and ``reach`` (``(n_nodes,)`` or None)
    for the highlighted solution.

    Parameters
    ----------
    game : Game
        The game drawn.
    solution : Solution, optional
        A solution of ``game`` to highlight (anything with ``edge_prob``).
    index : int or tuple[int, ...], optional
        The batch element drawn; without it a batched number prints as ``lo..hi``.
    digits : int, optional
        Significant digits of payoffs and probabilities.

    Examples
    --------
    >>> from compellence.games.svg import TreeNumbers
    >>> game = cp.catalog.load("entry_deterrence")
    >>> nums = TreeNumbers(game, cp.spe(game))
    >>> nums.payoff(game.node_at("root/enter/fight"))
    ('-1', '-1')
    """

    def __init__(self, game: Game, solution: Any = None, index: Any = None, digits: int = 4):
        self.game = game
        self.digits = digits
        batch = game.batch_shape
        if index is not None and not batch:
            if index != ():
                raise ParameterError("the game is not batched; draw it without index", "index")
            index = None
        self.idx: tuple[int, ...] | None = (
            normalize_index(index, batch) if index is not None else (() if not batch else None)
        )
        self.edge_prob: np.ndarray | None = None
        self.reach: np.ndarray | None = None
        if solution is not None:
            ep = getattr(solution, "edge_prob", None)
            if ep is None:
                raise ParameterError(
                    f"solution must have an edge_prob array (a Solution), got "
                    f"{type(solution).__name__}",
                    "solution",
                )
            ep = np.asarray(ep, dtype=float)
            if ep.shape[:1] != (game.n_nodes,):
                raise ParameterError(
                    f"solution.edge_prob has {ep.shape[0] if ep.ndim else 0} rows but the game "
                    f"has {game.n_nodes} nodes: the solution is of another game",
                    "solution",
                )
            if ep.ndim > 1:
                if self.idx is None:
                    raise ParameterError(
                        f"the solution is batched (batch shape {ep.shape[1:]}); give index=... "
                        "to draw one element",
                        "index",
                    )
                if ep.shape[1:] != batch:
                    raise ParameterError(
                        f"solution batch shape {ep.shape[1:]} differs from the game's {batch}",
                        "solution",
                    )
                ep = ep[(slice(None), *self.idx)]
            self.edge_prob = ep
            reach = np.empty(game.n_nodes)
            reach[0] = 1.0
            for i in range(1, game.n_nodes):  # parents precede children
                reach[i] = reach[game.parent[i]] * ep[i]
            self.reach = reach

    def _fmt(self, a: np.ndarray) -> str:
        d = self.digits
        a = np.asarray(a)
        if self.idx is not None:
            return f"{float(a[self.idx]):.{d}g}"
        lo, hi = float(a.min()), float(a.max())
        return f"{lo:.{d}g}" if lo == hi else f"{lo:.{d}g}..{hi:.{d}g}"

    def payoff(self, node: int) -> tuple[str, ...]:
        """The payoffs printed at a terminal node.

        Parameters
        ----------
        node : int
            A terminal node.

        Returns
        -------
        tuple[str, ...]
            One formatted payoff per player.

        Examples
        --------
        >>> from compellence.games.svg import TreeNumbers
        >>> game = cp.catalog.load("entry_deterrence")
        >>> nums = TreeNumbers(game, cp.spe(game))
        >>> nums.payoff(game.node_at("root/stay out"))
        ('0', '2')
        """
        t = int(self.game.terminal_index[node])
        return tuple(self._fmt(self.game.payoffs[j, t]) for j in range(self.game.n_players))

    def chance(self, child: int) -> str:
        """The probability printed on the chance edge into ``child``.

        Parameters
        ----------
        child : int
            A child of a chance node.

        Returns
        -------
        str
            The formatted probability.

        Examples
        --------
        >>> from compellence.games.svg import TreeNumbers
        >>> game = cp.Game(["A"], cp.chance({"h": (1 / 3, cp.outcome(1)), "t": (2 / 3, cp.outcome(0))}))
        >>> TreeNumbers(game).chance(game.node_at("root/h"))
        '0.3333'
        """
        return self._fmt(self.game.chance_probs[self.game.chance_index[child]])

    def on_path(self, child: int) -> bool:
        """Whether the edge into ``child`` is on the highlighted solution's path.

        Parameters
        ----------
        child : int
            A non-root node.

        Returns
        -------
        bool
            True if play reaches ``child`` with positive probability (False without a solution).

        Examples
        --------
        >>> from compellence.games.svg import TreeNumbers
        >>> game = cp.catalog.load("entry_deterrence")
        >>> nums = TreeNumbers(game, cp.spe(game))
        >>> bool(nums.on_path(game.node_at("root/enter"))), bool(nums.on_path(game.node_at("root/stay out")))
        (True, False)
        """
        return self.reach is not None and self.reach[child] > PROB_EPS

    def off_path_choice(self, child: int) -> bool:
        """A decision edge the strategy plays at a node that play does not reach.

        Parameters
        ----------
        child : int
            A non-root node.

        Returns
        -------
        bool
            True for an off-path choice of the highlighted solution.

        Examples
        --------
        >>> from compellence.games.svg import TreeNumbers
        >>> game = cp.catalog.load("entry_deterrence")
        >>> nums = TreeNumbers(game, cp.spe(game))
        >>> bool(nums.off_path_choice(game.node_at("root/enter/accommodate")))
        False
        """
        if self.edge_prob is None or self.game.kind[self.game.parent[child]] != DECISION:
            return False
        return self.edge_prob[child] > PROB_EPS and not self.on_path(child)

    def mixed(self, child: int) -> float | None:
        """The probability of a decision edge that is played but not for sure.

        Parameters
        ----------
        child : int
            A non-root node.

        Returns
        -------
        float or None
            The probability, or ``None`` for an edge played with probability 0 or 1.

        Examples
        --------
        >>> from compellence.games.svg import TreeNumbers
        >>> game = cp.catalog.load("entry_deterrence")
        >>> nums = TreeNumbers(game, cp.spe(game))
        >>> nums.mixed(game.node_at("root/enter")) is None
        True
        """
        if self.edge_prob is None or self.game.kind[self.game.parent[child]] != DECISION:
            return None
        p = float(self.edge_prob[child])
        return p if PROB_EPS < p < 1 - PROB_EPS else None


def edge_text(game: Game, nums: TreeNumbers, child: int, digits: int = 3) -> str:
    """The label of the edge into ``child``: action, chance probability ``(p)``, mixed ``[p]``.

    Parameters
    ----------
    game : Game
        The game drawn.
    nums : TreeNumbers
        Its numbers.
    child : int
        A non-root node.
    digits : int, optional
        Decimals of probabilities.

    Returns
    -------
    str
        The label.

    Examples
    --------
    >>> from compellence.games.svg import edge_text
    >>> from compellence.games.svg import TreeNumbers
    >>> game = cp.catalog.load("entry_deterrence")
    >>> nums = TreeNumbers(game, cp.spe(game))
    >>> edge_text(game, nums, game.node_at("root/enter"))
    'enter'
    """
    p = int(game.parent[child])
    label = str(game.edge_label[child])
    if game.kind[p] == CHANCE:
        label += f" ({nums.chance(child)})"
    mixed = nums.mixed(child)
    if mixed is not None:
        label += f" [{format_probability(mixed, digits)}]"
    return label


def infoset_arcs(game: Game, x: np.ndarray, y: np.ndarray) -> list[tuple[Any, list[int], int]]:
    """One arc per information set with several nodes: ``(infoset, nodes left to right, tier)``.

    Sets whose horizontal spans overlap on the same level get different
    tiers (greedy interval colouring), drawn as arcs of different heights,
    so two sets are never one line.

    Parameters
    ----------
    game : Game
        The game drawn.
    x, y : numpy.ndarray
        The layout (:func:`tree_layout`).

    Returns
    -------
    list[tuple[Infoset, list[int], int]]
        ``(infoset, nodes, tier)`` per multi-node information set.

    Examples
    --------
    >>> from compellence.games.svg import infoset_arcs, tree_layout
    >>> game = cp.catalog.load("selten_horse")
    >>> [(s.label, nodes, tier) for s, nodes, tier in infoset_arcs(game, *tree_layout(game))]
    [('after D or C, d', [4, 2], 0)]
    """
    arcs: list[tuple[Any, list[int], int]] = []
    taken: dict[tuple[float, int], list[tuple[float, float]]] = {}
    multi = [s_ for s_ in game.infosets if len(s_.nodes) > 1]
    multi.sort(key=lambda s_: (float(np.min(y[list(s_.nodes)])), float(np.ptp(x[list(s_.nodes)]))))
    for s_ in multi:
        nodes = sorted(s_.nodes, key=lambda i: (x[i], y[i]))
        lo, hi = float(x[nodes].min()), float(x[nodes].max())
        row = float(y[nodes].min())
        tier = 0
        while any(not (hi < a - 1e-9 or lo > b + 1e-9) for a, b in taken.get((row, tier), [])):
            tier += 1
        taken.setdefault((row, tier), []).append((lo, hi))
        arcs.append((s_, nodes, tier))
    return arcs


def arc_height(tier: int) -> float:
    """Height (in levels) of the control point of an information-set arc of ``tier``."""
    return 0.42 + 0.26 * tier


def arc_apex(x: np.ndarray, y: np.ndarray, nodes: list[int], tier: int) -> tuple[float, float]:
    """Where an information set's arc peaks (its label goes there), in layout units.

    The arc is a chain of quadratic Bezier segments, one per pair of
    neighbouring nodes, with control point ``h = arc_height(tier)`` above the
    higher end; the middle segment's point at ``t = 1/2`` is
    ``((x_i + x_j) / 2, (y_i + 2 (min(y) - h) + y_j) / 4)``.
    """
    k = (len(nodes) - 1) // 2
    i, j = nodes[k], nodes[k + 1]
    cy = min(y[i], y[j]) - arc_height(tier)
    return 0.5 * (float(x[i]) + float(x[j])), 0.25 * (float(y[i]) + 2 * cy + float(y[j]))


def infoset_text(game: Game, infoset: Any) -> str:
    """The label of an information set's arc: the player, and the set's own label if any."""
    name = game.players[infoset.player]
    own = infoset.label
    return f"{name}: {own}" if own and "/" not in own and own != "root" else name


def leaf_width_for(items: list[tuple[float, float, float, float, float]], minimum: float,
                   gap: float = 6.0) -> float:
    """The smallest leaf width (canvas units) with no two labels overlapping.

    ``items`` are ``(y0, y1, a, left, right)``: a label spanning ``[y0, y1]``
    vertically, anchored at ``a`` leaf units and covering
    ``[a * w + left, a * w + right]`` at leaf width ``w``.  Two labels whose
    vertical spans overlap, with ``a_i < a_j``, need
    ``(a_j - a_i) w >= right_i - left_j + gap``; labels at the same ``a``
    cannot be separated by widening and are not counted.

    Parameters
    ----------
    items : list[tuple[float, float, float, float, float]]
        The labels, as above.
    minimum : float
        The smallest width returned.
    gap : float, optional
        Space kept between two labels (canvas units).

    Returns
    -------
    float
        The leaf width.

    Examples
    --------
    >>> from compellence.games.svg import leaf_width_for
    >>> leaf_width_for([(0, 10, 0, -30, 30), (0, 10, 1, -30, 30)], minimum=40)
    66.0
    """
    need = float(minimum)
    if len(items) < 2:
        return need
    y0, y1, a, lft, rgt = (np.array(col, dtype=float) for col in zip(*items))
    da = a[None, :] - a[:, None]  # [i, j] = a_j - a_i
    vert = (np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])) > 0
    mask = vert & (da > 1e-9)
    if mask.any():
        req = (rgt[:, None] - lft[None, :] + gap) / np.where(mask, da, 1.0)
        need = max(need, float(req[mask].max()))
    return need


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` in a sans-serif font of ``size`` px (0.6 em per character)."""
    return len(text) * size * (0.64 if bold else 0.6)


def game_to_svg(
    game: Game,
    solution: Any = None,
    *,
    index: Any = None,
    max_nodes: int = 2000,
    leaf_width: float = 72.0,
    level_height: float = 84.0,
    digits: int = 3,
) -> str:
    """The game tree as a standalone SVG document (a string).

    Parameters
    ----------
    game : Game
        The game to draw.
    solution : Solution, optional
        Optional solution of ``game`` (an object with ``edge_prob``): the
        equilibrium path is drawn thick and red, the strategy's choices at
        nodes off the path thick, dashed and orange, mixed probabilities
        labelled ``[p]``.
    index : int or tuple[int, ...], optional
        Batch element to draw for a batched game (numbers of that element).
        Without it a batched game shows each number as its range ``lo..hi``.
    max_nodes : int, optional
        Refuse (``ParameterError``) to draw larger trees.
    leaf_width : float, optional
        The smallest distance between neighbouring leaves (px); it grows
        until no two labels of a row overlap.
    level_height : float, optional
        Vertical distance between tree levels (px).
    digits : int, optional
        Significant digits of payoffs and chance probabilities; decimals of
        mixed-strategy probabilities.

    Returns
    -------
    str
        The SVG document.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`, ``max_nodes`` is not a positive integer, or the tree
        has more than ``max_nodes`` nodes.

    Examples
    --------
    >>> from compellence.games import game_to_svg
    >>> game = cp.catalog.load("entry_deterrence")
    >>> svg = game_to_svg(game, cp.spe(game))
    >>> svg.startswith("<svg"), "accommodate" in svg
    (True, True)
    """
    if not is_game_tree(game):
        raise ParameterError(f"needs a Game, got {type(game).__name__}", "game")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ParameterError(f"must be a positive integer, got {max_nodes!r}", "max_nodes")
    if game.n_nodes > max_nodes:
        raise ParameterError(
            f"the tree has {game.n_nodes} nodes, more than max_nodes={max_nodes}; raise "
            "max_nodes to draw it anyway",
            "max_nodes",
        )
    nums = TreeNumbers(game, solution, index, digits)
    lx, ly = tree_layout(game)
    fs, pay_fs = 12.0, 12.0
    n_pl = game.n_players
    # ---- labels and their extents (relative to their anchor), for the spacing
    edge_labels: list[tuple[int, str, str, float]] = []  # child, text, anchor, dx
    items: list[tuple[float, float, float, float, float]] = []
    th = fs / level_height  # text height in levels
    item_keep: list[bool] = []
    multi = {i for s_ in game.infosets if len(s_.nodes) > 1 for i in s_.nodes}
    for c in range(1, game.n_nodes):
        p = int(game.parent[c])
        text = edge_text(game, nums, c, digits)
        left_child = lx[c] < lx[p] - 1e-9
        anchor, dx = ("end", -5.0) if left_child else ("start", 5.0)
        w = _text_width(text, fs)
        edge_labels.append((c, text, anchor, dx))
        a = 0.5 * (lx[p] + lx[c])
        my = ly[p] + 0.5
        items.append((my - th / 2, my + th / 2, a, dx - w if left_child else dx,
                      dx if left_child else dx + w))
        item_keep.append(True)
    for i in range(game.n_nodes):
        if game.kind[i] == DECISION:
            w = _text_width(game.players[int(game.player[i])], fs, bold=True)
        elif game.kind[i] == CHANCE:
            w = _text_width("Chance", fs)
        else:
            for j, v in enumerate(nums.payoff(i)):
                w = _text_width(v, pay_fs)
                yy = ly[i] + (17 + 14 * j) / level_height
                items.append((yy - th, yy, lx[i], -w / 2, w / 2))
                item_keep.append(True)
            continue
        yy = ly[i] - 11 / level_height
        items.append((yy - th, yy, lx[i], -w / 2, w / 2))
        item_keep.append(i not in multi)  # labelled once per set, at its arc
    arcs = infoset_arcs(game, lx, ly)
    in_arc = {i for _, nodes, _ in arcs for i in nodes}
    apex_labels = []
    for s_, nodes, tier in arcs:
        ax_, ay_ = arc_apex(lx, ly, nodes, tier)
        text = infoset_text(game, s_)
        w = _text_width(text, fs, bold=True)
        apex_labels.append((ax_, ay_, text, PLAYER_COLORS[s_.player % len(PLAYER_COLORS)]))
        items.append((ay_ - th / 2, ay_ + th / 2, ax_, -w / 2, w / 2))
    items = [it for it, keep in zip(items, item_keep) if keep] + items[len(item_keep):]
    lw = leaf_width_for(items, leaf_width)
    lefts = [a * lw + lft for _, _, a, lft, _ in items] + [0.0]
    rights = [a * lw + rgt for _, _, a, _, rgt in items] + [float(lx.max()) * lw]
    pad = 14.0
    x0 = pad - min(lefts)
    pad_top = 44.0 if game.title else 24.0
    px = x0 + lx * lw
    py = pad_top + 20 + ly * level_height
    # legend entries: players, then the strategy marks
    legend: list[tuple[str, str, str]] = [
        ("dot", PLAYER_COLORS[j % len(PLAYER_COLORS)], p) for j, p in enumerate(game.players)
    ]
    if nums.reach is not None:
        legend.append(("line", PATH_COLOR, "equilibrium path"))
        if any(nums.off_path_choice(c) for c in range(1, game.n_nodes)):
            legend.append(("dash", OFF_PATH_COLOR, "choice off the path"))
    legend_w = sum(34 + _text_width(t, 11) for _, _, t in legend)
    width = max(x0 + max(rights) + pad, legend_w + 2 * pad,
                _text_width(game.title, 14, bold=True) + 2 * pad)
    pay_h = 14.0 * n_pl + 10
    height = float(py.max()) + pay_h + 34
    out: list[str] = []
    a_ = out.append
    a_(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12">'
    )
    title = game.title or "Game"
    a_(f"<title>{escape(title)}</title>")
    a_('<rect width="100%" height="100%" fill="white"/>')
    if game.title:
        a_(f'<text x="{width / 2:.1f}" y="20" text-anchor="middle" font-size="14" '
           f'font-weight="bold">{escape(game.title)}</text>')
    # information sets: one dashed arc per set
    for s_, nodes, tier in arcs:
        h = arc_height(tier) * level_height
        d = f"M {px[nodes[0]]:.1f} {py[nodes[0]]:.1f}"
        for i, j in zip(nodes, nodes[1:]):
            cx, cy = 0.5 * (px[i] + px[j]), min(py[i], py[j]) - h
            d += f" Q {cx:.1f} {cy:.1f} {px[j]:.1f} {py[j]:.1f}"
        a_(f'<path class="infoset" d="{d}" fill="none" stroke="#777" stroke-width="1.5" '
           f'stroke-dasharray="5,4"><title>{escape("information set " + s_.label)}</title>'
           "</path>")
    # edges, then their labels
    for c in range(1, game.n_nodes):
        p = int(game.parent[c])
        if nums.on_path(c):
            style = f'stroke="{PATH_COLOR}" stroke-width="3.2"'
        elif nums.off_path_choice(c):
            style = f'stroke="{OFF_PATH_COLOR}" stroke-width="3" stroke-dasharray="7,4"'
        else:
            style = 'stroke="#444" stroke-width="1.2"'
        a_(f'<line class="edge" x1="{px[p]:.1f}" y1="{py[p]:.1f}" x2="{px[c]:.1f}" '
           f'y2="{py[c]:.1f}" {style}/>')
    for c, text, anchor, dx in edge_labels:
        p = int(game.parent[c])
        mx, my = 0.5 * (px[p] + px[c]), 0.5 * (py[p] + py[c])
        color = (PATH_COLOR if nums.on_path(c)
                 else OFF_PATH_COLOR if nums.off_path_choice(c) else "#222")
        a_(f'<text x="{mx + dx:.1f}" y="{my + 4:.1f}" text-anchor="{anchor}" fill="{color}" '
           f'font-style="italic">{escape(text)}</text>')
    # nodes
    for i in range(game.n_nodes):
        k = game.kind[i]
        path = escape(game.node_path(i))
        if k == DECISION:
            pl = int(game.player[i])
            col = PLAYER_COLORS[pl % len(PLAYER_COLORS)]
            a_(f'<circle cx="{px[i]:.1f}" cy="{py[i]:.1f}" r="7" fill="{col}" stroke="black" '
               f'stroke-width="0.8"><title>{path}</title></circle>')
            if i not in in_arc:
                a_(f'<text x="{px[i]:.1f}" y="{py[i] - 11:.1f}" text-anchor="middle" '
                   f'fill="{col}" font-weight="bold">{escape(game.players[pl])}</text>')
        elif k == CHANCE:
            a_(f'<rect x="{px[i] - 6:.1f}" y="{py[i] - 6:.1f}" width="12" height="12" '
               f'fill="white" stroke="black" stroke-width="1.2"><title>{path}</title></rect>')
            a_(f'<text x="{px[i]:.1f}" y="{py[i] - 11:.1f}" text-anchor="middle" fill="#555">'
               "Chance</text>")
        else:
            a_(f'<circle cx="{px[i]:.1f}" cy="{py[i]:.1f}" r="3" fill="black">'
               f"<title>{path}</title></circle>")
            for j, v in enumerate(nums.payoff(i)):
                col = PLAYER_COLORS[j % len(PLAYER_COLORS)]
                a_(f'<text x="{px[i]:.1f}" y="{py[i] + 17 + 14 * j:.1f}" text-anchor="middle" '
                   f'fill={quoteattr(col)}>{escape(v)}</text>')
    for ax_, ay_, text, col in apex_labels:  # one label per information set, at its arc
        tx, ty = x0 + ax_ * lw, pad_top + 20 + ay_ * level_height
        w = _text_width(text, fs, bold=True)
        a_(f'<rect class="infoset-label" x="{tx - w / 2 - 2:.1f}" y="{ty - 8:.1f}" '
           f'width="{w + 4:.1f}" height="15" fill="white" fill-opacity="0.9"/>')
        a_(f'<text class="infoset-label" x="{tx:.1f}" y="{ty + 4:.1f}" text-anchor="middle" '
           f'fill="{col}" font-weight="bold">{escape(text)}</text>')
    # legend
    lx0, ly0 = pad, height - 10
    for kind, col, text in legend:
        if kind == "dot":
            a_(f'<circle class="legend" cx="{lx0 + 10:.1f}" cy="{ly0 - 4:.1f}" r="5" fill="{col}"/>')
        else:
            dash = ' stroke-dasharray="7,4"' if kind == "dash" else ""
            a_(f'<line class="legend" x1="{lx0:.1f}" y1="{ly0 - 4:.1f}" x2="{lx0 + 22:.1f}" y2="{ly0 - 4:.1f}" '
               f'stroke="{col}" stroke-width="3"{dash}/>')
        a_(f'<text class="legend" x="{lx0 + 27:.1f}" y="{ly0:.1f}" font-size="11" fill="{col}">'
           f"{escape(text)}</text>")
        lx0 += 34 + _text_width(text, 11)
    a_("</svg>")
    return "\n".join(out)


def svg_repr(game: Game, max_nodes: int = 500) -> str | None:
    """``Game._repr_svg_``: the SVG drawing, or None (no picture) for trees above ``max_nodes``.

    Parameters
    ----------
    game : Game
        The game.
    max_nodes : int, optional
        Larger trees get no picture (a notebook then shows the text repr).

    Returns
    -------
    str or None
        The SVG document, or ``None``.

    Examples
    --------
    >>> from compellence.games.svg import svg_repr
    >>> svg_repr(cp.catalog.load("centipede", stages=4), max_nodes=3) is None
    True
    """
    if game.n_nodes > max_nodes:
        return None
    return game_to_svg(game, max_nodes=max_nodes)
