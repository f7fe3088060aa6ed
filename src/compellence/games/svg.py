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
sets joined by dashed lines.  With a solution (any object with ``edge_prob``
of shape ``(n_nodes, *batch)``, e.g. :class:`~compellence.solvers.Solution`)
the equilibrium path (every edge reached with positive probability) is drawn
thick and red, and mixed actions show their probabilities.

This module only knows :mod:`compellence.games` (solutions are duck-typed).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from ..errors import ParameterError
from .tree import CHANCE, DECISION, TERMINAL, Game, _normalize_index

__all__ = ["tree_layout", "game_to_svg", "svg_repr", "PLAYER_COLORS", "TreeNumbers"]

#: Colours of players 0, 1, 2, ... (cycled); colour-blind safe (Okabe & Ito 2008).
PLAYER_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
_PATH_COLOR = "#C0392B"


def tree_layout(game: Game) -> tuple[np.ndarray, np.ndarray]:
    """Node positions ``(x, y)``: x in leaf units (leaves at 0, 1, 2, ...), y = depth."""
    if not isinstance(game, Game):
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
            _normalize_index(index, batch) if index is not None else (() if not batch else None)
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
        t = int(self.game.terminal_index[node])
        return tuple(self._fmt(self.game.payoffs[j, t]) for j in range(self.game.n_players))

    def chance(self, child: int) -> str:
        return self._fmt(self.game.chance_probs[self.game.chance_index[child]])

    def on_path(self, child: int) -> bool:
        return self.reach is not None and self.reach[child] > 0

    def mixed(self, child: int) -> float | None:
        """The probability of a decision edge that is played but not for sure."""
        if self.edge_prob is None or self.game.kind[self.game.parent[child]] != DECISION:
            return None
        p = float(self.edge_prob[child])
        return p if 1e-12 < p < 1 - 1e-12 else None


def game_to_svg(
    game: Game,
    solution: Any = None,
    *,
    index: Any = None,
    max_nodes: int = 2000,
    leaf_width: float = 96.0,
    level_height: float = 84.0,
    digits: int = 4,
) -> str:
    """The game tree as a standalone SVG document (a string).

    Parameters
    ----------
    solution:
        Optional solution of ``game`` (an object with ``edge_prob``): the
        equilibrium path is drawn thick and red, mixed probabilities labelled.
    index:
        Batch element to draw for a batched game (numbers of that element).
        Without it a batched game shows each number as its range ``lo..hi``.
    max_nodes:
        Refuse (``ParameterError``) to draw larger trees.
    """
    if not isinstance(game, Game):
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
    pad_x, pad_top = leaf_width / 2, 44.0 if game.title else 24.0
    n_pl = game.n_players
    pay_h = 14.0 * n_pl + 10
    px = pad_x + lx * leaf_width
    py = pad_top + 20 + ly * level_height
    width = pad_x * 2 + max(float(lx.max()), 0.0) * leaf_width
    height = float(py.max()) + pay_h + 30
    out: list[str] = []
    a = out.append
    a(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12">'
    )
    title = game.title or "Game"
    a(f"<title>{escape(title)}</title>")
    a('<rect width="100%" height="100%" fill="white"/>')
    if game.title:
        a(f'<text x="{width / 2:.1f}" y="20" text-anchor="middle" font-size="14" '
          f'font-weight="bold">{escape(game.title)}</text>')
    # information sets: dashed lines between member nodes
    for s in game.infosets:
        if len(s.nodes) > 1:
            pts = sorted(s.nodes, key=lambda i: (py[i], px[i]))
            coords = " ".join(f"{px[i]:.1f},{py[i]:.1f}" for i in pts)
            a(f'<polyline points="{coords}" fill="none" stroke="#888" stroke-width="1.5" '
              f'stroke-dasharray="5,4"><title>{escape("information set " + s.label)}</title>'
              "</polyline>")
    # edges, then their labels
    for c in range(1, game.n_nodes):
        p = int(game.parent[c])
        hot = nums.on_path(c)
        stroke = _PATH_COLOR if hot else "#444"
        sw = 3.2 if hot else 1.2
        a(f'<line x1="{px[p]:.1f}" y1="{py[p]:.1f}" x2="{px[c]:.1f}" y2="{py[c]:.1f}" '
          f'stroke="{stroke}" stroke-width="{sw}"/>')
    for c in range(1, game.n_nodes):
        p = int(game.parent[c])
        label = str(game.edge_label[c])
        if game.kind[p] == CHANCE:
            label += f" ({nums.chance(c)})"
        mixed = nums.mixed(c)
        if mixed is not None:
            label += f" [{mixed:.{digits}g}]"
        mx, my = 0.5 * (px[p] + px[c]), 0.5 * (py[p] + py[c])
        anchor = "end" if px[c] < px[p] - 1e-9 else ("start" if px[c] > px[p] + 1e-9 else "middle")
        dx = -4 if anchor == "end" else (4 if anchor == "start" else 0)
        color = _PATH_COLOR if nums.on_path(c) else "#222"
        a(f'<text x="{mx + dx:.1f}" y="{my:.1f}" text-anchor="{anchor}" fill="{color}" '
          f'font-style="italic">{escape(label)}</text>')
    # nodes
    for i in range(game.n_nodes):
        k = game.kind[i]
        path = escape(game.node_path(i))
        if k == DECISION:
            pl = int(game.player[i])
            col = PLAYER_COLORS[pl % len(PLAYER_COLORS)]
            a(f'<circle cx="{px[i]:.1f}" cy="{py[i]:.1f}" r="7" fill="{col}" stroke="black" '
              f'stroke-width="0.8"><title>{path}</title></circle>')
            a(f'<text x="{px[i]:.1f}" y="{py[i] - 11:.1f}" text-anchor="middle" fill="{col}" '
              f'font-weight="bold">{escape(game.players[pl])}</text>')
        elif k == CHANCE:
            a(f'<rect x="{px[i] - 6:.1f}" y="{py[i] - 6:.1f}" width="12" height="12" fill="white" '
              f'stroke="black" stroke-width="1.2"><title>{path}</title></rect>')
            a(f'<text x="{px[i]:.1f}" y="{py[i] - 11:.1f}" text-anchor="middle" fill="#555">'
              "Chance</text>")
        else:
            a(f'<circle cx="{px[i]:.1f}" cy="{py[i]:.1f}" r="3" fill="black">'
              f"<title>{path}</title></circle>")
            pays = nums.payoff(i)
            for j, v in enumerate(pays):
                col = PLAYER_COLORS[j % len(PLAYER_COLORS)]
                a(f'<text x="{px[i]:.1f}" y="{py[i] + 17 + 14 * j:.1f}" text-anchor="middle" '
                  f'fill={quoteattr(col)}>{escape(v)}</text>')
    # legend: player colours
    lx0 = 8.0
    ly0 = height - 10
    for j, p in enumerate(game.players):
        col = PLAYER_COLORS[j % len(PLAYER_COLORS)]
        a(f'<circle cx="{lx0 + 5:.1f}" cy="{ly0 - 4:.1f}" r="5" fill="{col}"/>')
        a(f'<text x="{lx0 + 13:.1f}" y="{ly0:.1f}" fill="{col}">{escape(p)}</text>')
        lx0 += 24 + 7.5 * len(p)
    a("</svg>")
    return "\n".join(out)


def svg_repr(game: Game, max_nodes: int = 500) -> str | None:
    """``Game._repr_svg_``: the SVG drawing, or None (no picture) for trees above ``max_nodes``."""
    if game.n_nodes > max_nodes:
        return None
    return game_to_svg(game, max_nodes=max_nodes)
