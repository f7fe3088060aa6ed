"""TikZ export of a game tree, for papers and slides (plain TikZ, no extra package).

:func:`to_tikz` writes a ``tikzpicture`` (or a complete ``standalone``
document) that needs only ``\\usepackage{tikz}``: plain TikZ rather than the
``istgame`` package, so it compiles wherever TikZ does and every element is an
ordinary ``\\node`` / ``\\draw`` a user can restyle.  The drawing is the one of
:func:`compellence.games.svg.game_to_svg`: the same layout (leaves evenly
spaced, parents centred over their children, one level per depth, the leaf
width grown until no two labels of a row overlap), decision nodes coloured by
player, chance nodes as squares with their probabilities on the edges,
payoffs under the leaves, one dashed arc per information set labelled once
with its player, and with a solution the equilibrium path thick and red and
every choice made off the path thick, dashed and orange.

Node names are ``n<i>`` with ``i`` the node index of the :class:`Game`, so a
user can add to the picture (``\\draw (n3) circle (4pt);``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ParameterError
from .svg import (
    OFF_PATH_COLOR,
    PATH_COLOR,
    PLAYER_COLORS,
    TreeNumbers,
    arc_apex,
    arc_height,
    edge_text,
    infoset_arcs,
    infoset_text,
    leaf_width_for,
    tree_layout,
)
from .tree import CHANCE, DECISION, Game

__all__ = ["to_tikz", "tex_escape"]

_TEX = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}",
}


def tex_escape(text: str) -> str:
    r"""``text`` with LaTeX's special characters escaped (safe in a node's text).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The escaped text.

    Examples
    --------
    >>> from compellence.games.tikz import tex_escape
    >>> print(tex_escape("50% & $1_a"))
    50\% \& \$1\_a
    """
    return "".join(_TEX.get(ch, ch) for ch in str(text))


def _num(text: str) -> str:
    """A printed number in math mode (a real minus sign)."""
    return "$" + text.replace("..", r"\,..\,") + "$"


def to_tikz(
    game: Game,
    solution: Any = None,
    *,
    index: Any = None,
    digits: int = 3,
    level_distance: float = 2.0,
    min_leaf_distance: float = 1.2,
    standalone: bool = False,
    max_nodes: int = 2000,
) -> str:
    r"""The game tree as TikZ code (a ``tikzpicture``; a whole document with ``standalone``).

    Parameters
    ----------
    game : Game
        The game to draw.
    solution : Solution, optional
        Optional solution (anything with ``edge_prob``, e.g. ``cp.spe(game)``):
        its path is drawn thick and red, its off-path choices dashed and
        orange, mixed probabilities as ``[p]``.
    index : int or tuple[int, ...], optional
        Batch element of a batched game (otherwise numbers print as ``lo..hi``).
    digits : int, optional
        Significant digits of payoffs and chance probabilities.
    level_distance, min_leaf_distance : float, optional
        Vertical distance between levels and the smallest distance between
        neighbouring leaves, in cm (leaves move apart until labels fit, with
        label widths estimated for ``\small`` text).
    standalone : bool, optional
        Wrap the picture in ``\documentclass[tikz]{standalone}`` ... ``\end{document}``.
    max_nodes : int, optional
        Refuse (``ParameterError``) larger trees.

    Returns
    -------
    str
        The TikZ code.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`, ``max_nodes`` is not a positive integer or is
        exceeded, or a distance is not a positive number of cm.

    Examples
    --------
    >>> from compellence.games import to_tikz
    >>> game = cp.catalog.load("entry_deterrence")
    >>> code = to_tikz(game, cp.spe(game))
    >>> print(code.splitlines()[0])
    % Entry deterrence (Selten 1978): exported by compellence.games.to_tikz (plain TikZ)
    >>> to_tikz(game, standalone=True).startswith(r"\documentclass")
    True
    """
    if not isinstance(game, Game):
        raise ParameterError(f"needs a Game, got {type(game).__name__}", "game")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ParameterError(f"must be a positive integer, got {max_nodes!r}", "max_nodes")
    if game.n_nodes > max_nodes:
        raise ParameterError(f"the tree has {game.n_nodes} nodes, more than max_nodes="
                             f"{max_nodes}", "max_nodes")
    for name, v in (("level_distance", level_distance), ("min_leaf_distance", min_leaf_distance)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not (np.isfinite(v) and v > 0):
            raise ParameterError(f"must be a positive number of cm, got {v!r}", name)
    nums = TreeNumbers(game, solution, index, digits)
    lx, ly = tree_layout(game)
    char = 0.17  # cm per character of \small text (estimate)
    th = 0.3 / level_distance  # text height in levels (small text: about 3 mm)
    arcs = infoset_arcs(game, lx, ly)
    in_arc = {i for _, nodes, _ in arcs for i in nodes}
    items = []
    for c in range(1, game.n_nodes):
        p = int(game.parent[c])
        w = char * len(edge_text(game, nums, c, digits)) + 0.15
        left = lx[c] < lx[p] - 1e-9
        my = ly[p] + 0.5
        items.append((my - th / 2, my + th / 2, 0.5 * (lx[p] + lx[c]),
                      -w if left else 0.0, 0.0 if left else w))
    for i in game.terminals.tolist():
        for j, v in enumerate(nums.payoff(i)):
            w = char * len(v)
            yy = ly[i] + (0.35 + 0.4 * j) / level_distance
            items.append((yy - th / 2, yy + th / 2, lx[i], -w / 2, w / 2))
    for i in np.flatnonzero(game.kind != 0).tolist():
        if i in in_arc:
            continue
        text = "Chance" if game.kind[i] == CHANCE else game.players[int(game.player[i])]
        w = char * len(text)
        yy = ly[i] - 0.3 / level_distance
        items.append((yy - th / 2, yy + th / 2, lx[i], -w / 2, w / 2))
    for s_, nodes, tier in arcs:
        ax_, ay_ = arc_apex(lx, ly, nodes, tier)
        w = char * len(infoset_text(game, s_))
        items.append((ay_ - th / 2, ay_ + th / 2, ax_, -w / 2, w / 2))
    unit = leaf_width_for(items, min_leaf_distance, gap=0.15)
    X, Y = lx * unit, -ly * level_distance

    out: list[str] = []
    a = out.append
    if standalone:
        a(r"\documentclass[tikz,border=4pt]{standalone}")
        a(r"\begin{document}")
    a(f"% {tex_escape(game.title or 'Game')}: exported by compellence.games.to_tikz "
      "(plain TikZ)")
    for j in range(game.n_players):
        a(rf"\definecolor{{player{j}}}{{HTML}}{{{PLAYER_COLORS[j % len(PLAYER_COLORS)][1:]}}}")
    a(rf"\definecolor{{eqpath}}{{HTML}}{{{PATH_COLOR[1:]}}}")
    a(rf"\definecolor{{offpath}}{{HTML}}{{{OFF_PATH_COLOR[1:]}}}")
    a(r"\begin{tikzpicture}[font=\small,")
    a(r"  decision/.style={circle, draw=black, inner sep=0pt, minimum size=6pt},")
    a(r"  chance/.style={rectangle, draw=black, fill=white, inner sep=0pt, minimum size=6pt},")
    a(r"  terminal/.style={circle, fill=black, inner sep=0pt, minimum size=2.5pt},")
    a(r"  move/.style={draw=black!75, thin}, eq/.style={draw=eqpath, line width=1.6pt},")
    a(r"  offeq/.style={draw=offpath, line width=1.5pt, dashed},")
    a(r"  infoset/.style={draw=black!55, dashed, thick},")
    a(r"  action/.style={font=\small\itshape, inner sep=2pt}]")
    if game.title:
        top = float(Y.max()) + 1.0
        a(rf"\node[font=\bfseries] at ({0.5 * (X.min() + X.max()):.3f},{top:.3f}) "
          rf"{{{tex_escape(game.title)}}};")
    for i in range(game.n_nodes):
        k = game.kind[i]
        at = f"({X[i]:.3f},{Y[i]:.3f})"
        if k == DECISION:
            pl = int(game.player[i])
            lab = "" if i in in_arc else (
                rf", label={{[text=player{pl}, font=\small\bfseries]above:"
                rf"{{{tex_escape(game.players[pl])}}}}}")
            a(rf"\node[decision, fill=player{pl}{lab}] (n{i}) at {at} {{}};")
        elif k == CHANCE:
            lab = "" if i in in_arc else r", label={[text=black!65]above:{Chance}}"
            a(rf"\node[chance{lab}] (n{i}) at {at} {{}};")
        else:
            pays = r" \\ ".join(
                rf"\textcolor{{player{j}}}{{{_num(v)}}}" for j, v in enumerate(nums.payoff(i)))
            a(rf"\node[terminal, label={{[align=center, font=\small]below:{{{pays}}}}}] "
              rf"(n{i}) at {at} {{}};")
    for c in range(1, game.n_nodes):
        p = int(game.parent[c])
        style = "eq" if nums.on_path(c) else ("offeq" if nums.off_path_choice(c) else "move")
        side = "above left" if X[c] < X[p] - 1e-9 else "above right"
        color = {"eq": ", text=eqpath", "offeq": ", text=offpath"}.get(style, "")
        a(rf"\draw[{style}] (n{p}) -- node[action, {side}{color}] "
          rf"{{{tex_escape(edge_text(game, nums, c, digits))}}} (n{c});")
    for s_, nodes, tier in arcs:
        h = arc_height(tier) * level_distance
        path = f"(n{nodes[0]})"
        for i, j in zip(nodes, nodes[1:]):
            cx, cy = 0.5 * (X[i] + X[j]), max(Y[i], Y[j]) + h
            path += f" .. controls ({cx:.3f},{cy:.3f}) .. (n{j})"
        a(rf"\draw[infoset] {path}; % information set {tex_escape(s_.label)}")
        ax_, ay_ = arc_apex(lx, ly, nodes, tier)
        a(rf"\node[fill=white, inner sep=1pt, text=player{s_.player}, font=\small\bfseries] "
          rf"at ({ax_ * unit:.3f},{-ay_ * level_distance:.3f}) "
          rf"{{{tex_escape(infoset_text(game, s_))}}};")
    a(r"\end{tikzpicture}")
    if standalone:
        a(r"\end{document}")
    return "\n".join(out) + "\n"
