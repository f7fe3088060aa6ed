"""Plots for coercion analyses (matplotlib, the ``plot`` extra).

Every function draws on the ``ax`` given (or a new figure's axes) and returns
the :class:`matplotlib.axes.Axes`.  They take plain arrays and DataFrames (the
output of :func:`~compellence.analysis.sweep`), and also accept the library's
result objects where one exists, so they work for scripted analyses and in
notebooks alike.

* :func:`plot_offramp_map`: the off-ramp margin ``M`` over two parameters as
  a heatmap (diverging at ``M = 0``) with the viability contour ``M = 0``.
* :func:`oat_sensitivity` + :func:`plot_tornado`: one-at-a-time sensitivity of
  an output (the off-ramp margin) to each parameter, as a tornado diagram.
* :func:`plot_game_tree`: a game tree with the equilibrium path highlighted,
  chance probabilities and payoffs labelled (layout of
  :func:`compellence.games.svg.tree_layout`).
* :func:`plot_qre_path`: action probabilities along the logit QRE path.
* :func:`plot_cascade`: cascade size against an intervention parameter.
* :func:`plot_learning`: trajectories of a learning dynamic
  (:mod:`compellence.solvers.learning`) on the simplex: the unit square for
  2 x 2 games, the triangle for a 3-strategy population.
* :func:`plot_coalition_window` / :func:`coalition_window`: the off-ramp
  window of a coalition, ``M(x) = (pi_T S + G(x) - 1) r s D - x`` (S: sustained
  after defiance, G: lifted share after compliance).
* :func:`plot_sensitivity`: Sobol first- and total-order indices of the margin
  to each uncertain input, with their confidence intervals
  (:func:`~compellence.coercion.uncertainty.uncertain_offramp`).
* :func:`plot_margin_distribution`: histogram of the margin under uncertain
  inputs, with ``M = 0`` and ``P(viable)`` and its standard error.
* :func:`plot_policy_map`: a dynamic coercion game's equilibrium actions over
  two state variables (the others held at given grid positions).
* :func:`plot_paths`: simulated equilibrium trajectories of a state variable
  with quantile bands (and the deterministic path).
* :func:`plot_offramp_open`: the share of simulated paths on which the
  off-ramp is open in each period, with the first opening and the date after
  which it stays closed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..games.svg import (
    OFF_PATH_COLOR,
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
from ..games.tree import CHANCE, DECISION, Game
from ..validation import check_real
from .sensitivity import oat_sensitivity

try:  # the plot extra
    import matplotlib
    from matplotlib.axes import Axes
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath
except ImportError as _e:  # pragma: no cover - exercised only without matplotlib
    raise ImportError(
        "compellence.analysis plots need matplotlib: pip install 'compellence[plot]'"
    ) from _e

__all__ = [
    "axis_label",
    "plot_offramp_map",
    "oat_sensitivity",
    "plot_tornado",
    "plot_game_tree",
    "plot_qre_path",
    "plot_cascade",
    "plot_coalition_window",
    "coalition_window",
    "plot_learning",
    "simplex_xy",
    "plot_sensitivity",
    "plot_margin_distribution",
    "plot_policy_map",
    "plot_paths",
    "plot_offramp_open",
]

_PATH_COLOR = "#C0392B"
_LOW, _HIGH = "#0072B2", "#D55E00"


#: Readable names of the shared quantities (one quantity, one name) and the usual symbols.
_READABLE = {
    "pi_T": "threat credibility π_T",
    "pi_A": "assurance credibility π_A",
    "r": "reversibility r",
    "s": "punishment per period s",
    "D": "future weight D",
    "x": "concession x",
    "delta": "discount factor δ",
    "margin": "off-ramp margin M",
}


def axis_label(key: Any) -> str:
    """A readable axis label for a column name or scenario key path.

    ``"assurance.credibility"`` -> ``"assurance credibility"``,
    ``"instruments[0].reversibility"`` -> ``"instrument 1 reversibility"``,
    ``"coalition.members[1].min_concession"`` -> ``"coalition member 2 min concession"``,
    ``"effective_threat_credibility"`` -> ``"effective threat credibility"``; the
    canonical symbols (``pi_T``, ``r``, ``s``, ``D``, ``x``, ``delta``) get their
    names.  Anything else is returned as text.

    Parameters
    ----------
    key : Any
        A column name or scenario key path.

    Returns
    -------
    str
        The label.

    Examples
    --------
    >>> from compellence.analysis import axis_label
    >>> axis_label("instruments[0].reversibility"), axis_label("pi_T")
    ('instrument 1 reversibility', 'threat credibility π_T')
    """
    text = str(key)
    if text in _READABLE:
        return _READABLE[text]
    import re

    def item(m: re.Match) -> str:
        name = m.group(1)
        singular = name[:-1] if name.endswith("s") else name
        return f"{singular} {int(m.group(2)) + 1}"

    text = re.sub(r"([A-Za-z_]+)\[(\d+)\]", item, text)
    return " ".join(part for part in re.split(r"[._]+", text) if part)


def get_axes(ax: Any, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
        return ax
    if not isinstance(ax, Axes):
        raise ParameterError(f"must be a matplotlib Axes, got {type(ax).__name__}", "ax")
    return ax


def _column(data: pd.DataFrame, name: Any, what: str) -> np.ndarray:
    if not isinstance(name, str) or name not in data.columns:
        raise ParameterError(
            f"{what}: no column {name!r} in the data (columns: {list(data.columns)})", what
        )
    return data[name].to_numpy()


# ---------------------------------------------------------------------- off-ramp map
def plot_offramp_map(
    data: pd.DataFrame | None = None,
    x: Any = None,
    y: Any = None,
    margin: Any = "margin",
    *,
    ax: Any = None,
    cmap: str = "RdBu",
    colorbar: bool = True,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Axes:
    """Heatmap of the off-ramp margin over two parameters, with the contour ``M = 0``.

    ``M = (pi_T + pi_A - 1) r s D - x`` (``docs/coercion.md``): the off-ramp is viable
    where ``M >= 0`` (blue), closed where ``M < 0`` (red); the black line is
    the viability frontier ``M = 0``.

    Either ``data`` is a tidy DataFrame (e.g. from :func:`sweep` over two
    parameters) and ``x``, ``y``, ``margin`` are its column names; or
    ``data`` is None and ``x`` (``nx``), ``y`` (``ny``) are 1-D arrays and
    ``margin`` an ``(nx, ny)`` array (the ``ij`` order of a product grid
    ``{x: ..., y: ...}``).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        A tidy table with one row per point.
    x, y : str or array_like
        Column names (with ``data``) or the grid values of the two axes.
    margin : str or array_like, optional
        Column name of the margin (with ``data``) or an ``(nx, ny)`` array (stake units).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    cmap : str, optional
        Matplotlib colour map (diverging, centred on 0).
    colorbar : bool, optional
        Draw a colour bar.
    title : str, optional
        Title of the axes.
    xlabel, ylabel : str, optional
        Axis labels (default: :func:`axis_label` of the column names).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``data`` is not a DataFrame, ``margin`` has the wrong shape or no finite values, or
        the table has several rows per ``(x, y)`` pair.

    Examples
    --------
    >>> from compellence.analysis import offramp_sweep, plot_offramp_map
    >>> df = offramp_sweep({"pi_T": np.linspace(0, 1, 21), "r": np.linspace(0, 1, 21)},
    ...                    x=0.3, s=0.2, delta=0.9, pi_A=0.8, progress=False)
    >>> ax = plot_offramp_map(df, "pi_T", "r")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('threat credibility π_T', 'reversibility r')
    """
    if data is not None:
        if not isinstance(data, pd.DataFrame):
            raise ParameterError(f"must be a DataFrame, got {type(data).__name__}", "data")
        for name, what in ((x, "x"), (y, "y"), (margin, "margin")):
            _column(data, name, what)
        try:
            wide = data.pivot(index=y, columns=x, values=margin)
        except ValueError:
            raise ParameterError(
                f"the data has several rows for some ({x}, {y}) pair: filter the other swept "
                "parameters to one value each first",
                "data",
            ) from None
        xs = check_real(wide.columns.to_numpy(), "x", finite=False, ndim=1)
        ys = check_real(wide.index.to_numpy(), "y", finite=False, ndim=1)
        z = check_real(wide.to_numpy(), "margin", finite=False, ndim=2)
        xlabel = xlabel or axis_label(x)
        ylabel = ylabel or axis_label(y)
    else:
        xs = check_real(x, "x", finite=False, ndim=1)
        ys = check_real(y, "y", finite=False, ndim=1)
        m = check_real(margin, "margin", finite=False, ndim=2)
        if m.shape != (xs.size, ys.size):
            raise ParameterError(
                f"must have shape (len(x), len(y)) = ({xs.size}, {ys.size}), got {m.shape}",
                "margin",
            )
        z = m.T
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        raise ParameterError("has no finite values to draw", "margin")
    lo, hi = float(finite.min()), float(finite.max())
    span = max(abs(lo), abs(hi), 1e-12)
    ax = get_axes(ax)  # after validation: no stray figure on bad input
    norm = TwoSlopeNorm(vcenter=0.0, vmin=min(lo, -1e-9 * span), vmax=max(hi, 1e-9 * span))
    mesh = ax.pcolormesh(xs, ys, np.ma.masked_invalid(z), cmap=cmap, norm=norm, shading="nearest")
    if lo < 0.0 < hi and xs.size >= 2 and ys.size >= 2:
        cs = ax.contour(xs, ys, z, levels=[0.0], colors="black", linewidths=2.0)
        ax.clabel(cs, fmt={0.0: "M = 0"}, fontsize=9)
    if colorbar:
        ax.figure.colorbar(mesh, ax=ax, label="off-ramp margin M (viable where M ≥ 0)")
    ax.set_xlabel(xlabel or "x")
    ax.set_ylabel(ylabel or "y")
    share = float((finite >= 0).mean())
    ax.set_title(title if title is not None else f"Off-ramp map: viable on {share:.0%} of the grid")
    return ax


# ---------------------------------------------------------------------- tornado
def plot_tornado(
    sensitivity: pd.DataFrame,
    *,
    ax: Any = None,
    threshold: float | None = None,
    output_label: str | None = None,
    title: str | None = None,
) -> Axes:
    """Tornado diagram of :func:`oat_sensitivity` (largest swing on top).

    Each bar runs from the base output to the output with the parameter at its
    low (blue) or high (orange) value.  ``threshold`` draws a dashed line, e.g.
    ``0`` for the off-ramp margin (bars crossing it flip viability).

    Parameters
    ----------
    sensitivity : pandas.DataFrame
        The table of :func:`oat_sensitivity` or :func:`offramp_sensitivity`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    threshold : float, optional
        Draw a dashed vertical line at this output value.
    output_label : str, optional
        Label of the output axis (default: the output's name).
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``sensitivity`` is not such a table (missing columns, no rows).

    Examples
    --------
    >>> from compellence.analysis import offramp_sensitivity, plot_tornado
    >>> table = offramp_sensitivity(dict(x=0.3, s=0.2, delta=0.9, pi_T=0.7, pi_A=0.6, r=0.8))
    >>> ax = plot_tornado(table, threshold=0.0)
    >>> [t.get_text() for t in ax.get_yticklabels()][-1]
    'pi_T'
    """
    need = ["parameter", "low", "high", "base_output", "output_low", "output_high"]
    if not isinstance(sensitivity, pd.DataFrame):
        raise ParameterError(
            f"must be the DataFrame of oat_sensitivity(), got {type(sensitivity).__name__}",
            "sensitivity",
        )
    missing = [c for c in need if c not in sensitivity.columns]
    if missing:
        raise ParameterError(f"is missing columns {missing} (use oat_sensitivity())", "sensitivity")
    if len(sensitivity) == 0:
        raise ParameterError("has no rows", "sensitivity")
    ax = get_axes(ax)
    df = sensitivity.iloc[::-1].reset_index(drop=True)  # largest swing at the top
    base = float(df.base_output.iloc[0])
    ypos = np.arange(len(df))
    lo = df.output_low.to_numpy(float) - base
    hi = df.output_high.to_numpy(float) - base
    ax.barh(ypos, lo, left=base, color=_LOW, height=0.6, label="parameter low")
    ax.barh(ypos, hi, left=base, color=_HIGH, height=0.6, label="parameter high")
    for yy, (_, r) in zip(ypos, df.iterrows()):
        for val, out in ((r.low, r.output_low), (r.high, r.output_high)):
            ha = "left" if out >= base else "right"
            ax.text(out, yy, f" {val:g} ", va="center", ha=ha, fontsize=8)
    ax.axvline(base, color="black", linewidth=1.0)
    if threshold is not None:
        ax.axvline(float(threshold), color="grey", linestyle="--", linewidth=1.2,
                   label=f"threshold {threshold:g}")
    ax.set_yticks(ypos)
    ax.set_yticklabels([str(p) for p in df.parameter])
    label = output_label or sensitivity.attrs.get("output", "output")
    ax.set_xlabel(f"{label} (base {base:.4g})")
    ax.set_title(title if title is not None else f"One-at-a-time sensitivity of {label}")
    ax.legend(loc="best", fontsize=8)
    return ax


# ---------------------------------------------------------------------- game tree
def plot_game_tree(
    game: Game,
    solution: Any = None,
    *,
    index: Any = None,
    ax: Any = None,
    max_nodes: int = 500,
    digits: int = 3,
    title: str | None = None,
) -> Axes:
    """Draw a game tree; with a solution, its full strategy.

    Decision nodes are coloured by player, chance nodes are squares with the
    probabilities on their edges ("label (p)"), terminals show the payoffs
    (one line per player, in player colours).  Each information set with
    several nodes is one dashed arc labelled once with its player (sets that
    overlap on a level get arcs of different heights).  With a solution the
    equilibrium path is thick and red and each choice the strategy makes at a
    node off the path is thick, dashed and orange; mixed actions show
    "[p]" (:func:`~compellence.games.svg.format_probability`).

    When the function makes the figure (no ``ax``), the figure is widened
    until no two labels overlap and every label lies inside it (measured with
    the renderer); on a given ``ax`` the limits are widened to hold the labels.

    Parameters
    ----------
    game : Game
        The game to draw.
    solution : Solution, optional
        A solution of ``game`` to highlight.
    index : int or tuple[int, ...], optional
        For a batched game, the batch element to draw (otherwise numbers are shown as
        ranges ``lo..hi``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    max_nodes : int, optional
        Refuse larger trees.
    digits : int, optional
        Significant digits of payoffs and probabilities.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`, or it has more than ``max_nodes`` nodes.

    Examples
    --------
    >>> from compellence.analysis import plot_game_tree
    >>> game = cp.catalog.load("entry_deterrence")
    >>> ax = plot_game_tree(game, cp.spe(game))
    >>> any("accommodate" in t.get_text() for t in ax.texts)
    True
    """
    if not isinstance(game, Game):
        raise ParameterError(f"needs a Game, got {type(game).__name__}", "game")
    if game.n_nodes > max_nodes:
        raise ParameterError(
            f"the tree has {game.n_nodes} nodes, more than max_nodes={max_nodes}", "max_nodes"
        )
    nums = TreeNumbers(game, solution, index, digits)
    x, y = tree_layout(game)
    n_leaves = int(game.terminals.size)
    depth = float(y.max()) if y.size else 0.0
    created = ax is None
    ax = get_axes(ax, figsize=(max(4.0, 0.9 * n_leaves), 1.25 * depth + 0.3 * game.n_players + 2.2))
    arcs = infoset_arcs(game, x, y)
    in_arc = {i for _, nodes, _ in arcs for i in nodes}
    labels: list[Any] = []
    white = dict(facecolor="white", edgecolor="none", pad=0.5, alpha=0.9)
    for s_, nodes, tier in arcs:  # one artist (and one label) per information set
        verts, codes = [(x[nodes[0]], y[nodes[0]])], [MplPath.MOVETO]
        for i, j in zip(nodes, nodes[1:]):
            verts += [(0.5 * (x[i] + x[j]), min(y[i], y[j]) - arc_height(tier)), (x[j], y[j])]
            codes += [MplPath.CURVE3, MplPath.CURVE3]
        patch = PathPatch(MplPath(verts, codes), facecolor="none", edgecolor="grey",
                          linestyle="--", linewidth=1.2, zorder=1, gid=f"infoset:{s_.label}")
        ax.add_patch(patch)
        axp, ayp = arc_apex(x, y, nodes, tier)
        col = PLAYER_COLORS[s_.player % len(PLAYER_COLORS)]
        labels.append(ax.text(axp, ayp, infoset_text(game, s_), ha="center", va="center",
                              fontsize=8, color=col, fontweight="bold", zorder=6, bbox=white))
    for c in range(1, game.n_nodes):
        p = int(game.parent[c])
        hot, off = nums.on_path(c), nums.off_path_choice(c)
        color = _PATH_COLOR if hot else (OFF_PATH_COLOR if off else "#444444")
        ax.plot([x[p], x[c]], [y[p], y[c]], color=color, linewidth=3.0 if hot or off else 1.0,
                linestyle="--" if off else "-", zorder=2, solid_capstyle="round",
                gid="off-path" if off else ("path" if hot else "edge"))
        ha = "right" if x[c] < x[p] - 1e-9 else "left"
        labels.append(ax.text(0.5 * (x[p] + x[c]), 0.5 * (y[p] + y[c]),
                              f" {edge_text(game, nums, c, digits)} ", ha=ha, va="center",
                              fontsize=8, style="italic", zorder=4,
                              color=_PATH_COLOR if hot else (OFF_PATH_COLOR if off else "#222222")))
    for i in range(game.n_nodes):
        k = game.kind[i]
        if k == DECISION:
            col = PLAYER_COLORS[int(game.player[i]) % len(PLAYER_COLORS)]
            ax.scatter([x[i]], [y[i]], s=90, color=col, edgecolors="black", zorder=5)
            if i not in in_arc:
                labels.append(ax.text(x[i], y[i] - 0.14, game.players[int(game.player[i])],
                                      ha="center", va="bottom", color=col, fontsize=9,
                                      fontweight="bold", zorder=6, bbox=white))
        elif k == CHANCE:
            ax.scatter([x[i]], [y[i]], s=90, marker="s", color="white", edgecolors="black",
                       zorder=5)
            labels.append(ax.text(x[i], y[i] - 0.14, "Chance", ha="center", va="bottom",
                                  color="#555555", fontsize=8, zorder=6))
        else:
            ax.scatter([x[i]], [y[i]], s=14, color="black", zorder=5)
            for j, v in enumerate(nums.payoff(i)):
                labels.append(ax.text(x[i], y[i] + 0.12 + 0.2 * j, v, ha="center", va="top",
                                      fontsize=8, color=PLAYER_COLORS[j % len(PLAYER_COLORS)],
                                      zorder=6))
    ax.set_axis_off()
    handles = [
        matplotlib.lines.Line2D([], [], marker="o", linestyle="", markersize=7,
                                color=PLAYER_COLORS[j % len(PLAYER_COLORS)], label=p)
        for j, p in enumerate(game.players)
    ]
    if nums.reach is not None:
        handles.append(matplotlib.lines.Line2D([], [], color=_PATH_COLOR, linewidth=3,
                                               label="equilibrium path"))
        if any(nums.off_path_choice(c) for c in range(1, game.n_nodes)):
            handles.append(matplotlib.lines.Line2D([], [], color=OFF_PATH_COLOR, linewidth=3,
                                                   linestyle="--", label="choice off the path"))
    bottom = depth + 0.25 + 0.2 * game.n_players  # below the payoffs: the legend's band
    ax.set_ylim(bottom + 0.55, -0.5)  # root at the top
    ax.set_xlim(float(x.min()) - 0.6, float(x.max()) + 0.6)
    ax.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=8,
              frameon=False, borderaxespad=0.2)
    ax.set_title(title if title is not None else (game.title or "Game tree"))
    _fit_labels(ax, labels, x, created)
    return ax


def _fit_labels(ax: Axes, labels: list[Any], x: np.ndarray, resize: bool) -> None:
    """Widen the figure (``resize``) until labels on a row do not overlap; keep them inside.

    Text has a fixed size in points while the tree scales with the axes, so
    the pixels per leaf that separate neighbouring labels follow from their
    measured extents (:func:`compellence.games.svg.leaf_width_for`); the x
    limits are then set to hold every label.
    """
    fig = ax.figure
    if resize:
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01,
                            top=1.0 - 0.45 / fig.get_size_inches()[1])
    lo_x, hi_x = float(x.min()), float(x.max())
    for _ in range(8):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        to_px = ax.transData.transform
        unit = float(to_px((1.0, 0.0))[0] - to_px((0.0, 0.0))[0])
        items, left_px, right_px = [], [], []
        for t in labels:
            bb = t.get_window_extent(renderer)
            tx, ty = t.get_position()
            anchor = float(to_px((tx, ty))[0])
            items.append((bb.y0, bb.y1, tx, bb.x0 - anchor, bb.x1 - anchor))
            left_px.append((tx, bb.x0 - anchor))
            right_px.append((tx, bb.x1 - anchor))
        need = leaf_width_for(items, 0.0, gap=3.0) if lo_x < hi_x else 0.0
        # data limits that hold every label, at the current scale
        u = max(unit, 1e-9)
        xmin = min([lo_x - 0.3] + [tx + d / u - 0.05 for tx, d in left_px])
        xmax = max([hi_x + 0.3] + [tx + d / u + 0.05 for tx, d in right_px])
        ax.set_xlim(xmin, xmax)
        fig.canvas.draw()
        unit = float(ax.transData.transform((1.0, 0.0))[0] - ax.transData.transform((0.0, 0.0))[0])
        w, h = fig.get_size_inches()
        leg = ax.get_legend()
        leg_w = leg.get_window_extent(renderer).width if leg is not None else 0.0
        fig_w = fig.bbox.width
        grow = max(need / max(unit, 1e-9), (leg_w + 12.0) / fig_w, 1.0)
        if not resize or grow <= 1.0001:
            break
        fig.set_size_inches(min(w * grow * 1.02 + 0.05, 60.0), h)
        if w >= 60.0:
            break


# ---------------------------------------------------------------------- QRE path
def _qre_curves(path: Any, probs: Any, labels: Any) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(lam, {label: probabilities}) from arrays, a long DataFrame or a QRE path object."""
    if probs is not None:
        lam = check_real(path, "lam", finite=False, ndim=1)
        if isinstance(probs, Mapping):
            curves = {str(k): check_real(v, f"probs[{k!r}]", finite=False, ndim=1) for k, v in probs.items()}
        else:
            p = check_real(probs, "probs", finite=False)
            if p.ndim == 1:
                p = p[:, None]
            if p.ndim != 2:
                raise ParameterError(f"must be (len(lam), k), got shape {p.shape}", "probs")
            if labels is None:
                labels = [f"action {j}" for j in range(p.shape[1])]
            if len(labels) != p.shape[1]:
                raise ParameterError(
                    f"{len(labels)} labels for {p.shape[1]} probability columns", "labels"
                )
            curves = {str(lab): p[:, j] for j, lab in enumerate(labels)}
        for k, v in curves.items():
            if v.shape != lam.shape:
                raise ParameterError(
                    f"curve {k!r} has {v.shape[0]} points but lam has {lam.shape[0]}", "probs"
                )
        return lam, curves
    lam_attr, prof, cols = (getattr(path, a, None) for a in ("lam", "profiles", "columns"))
    if lam_attr is not None and prof is not None and cols is not None:  # a QREPath
        lam = check_real(lam_attr, "lam", finite=False, ndim=1)
        p = check_real(prof, "profiles", finite=False, ndim=2)
        if p.shape != (lam.size, len(cols)):
            raise ParameterError(
                f"profiles of shape {p.shape} do not match {lam.size} points and "
                f"{len(cols)} columns",
                "path",
            )
        names = [": ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in cols]
        return lam, {n: p[:, j] for j, n in enumerate(names)}
    frame = path if isinstance(path, pd.DataFrame) else None
    if frame is None and hasattr(path, "to_frame"):
        frame = path.to_frame()
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(
            "give lam and probs arrays, a long DataFrame (lam, ..., probability) or a QRE path "
            f"result; got {type(path).__name__}",
            "path",
        )
    lam_names = ("lam", "lambda")
    prob_col = next((c for c in ("probability", "prob") if c in frame.columns), None)
    if prob_col is None and frame.index.name in lam_names:  # wide: index lam, one column each
        lam = check_real(frame.index.to_numpy(), "lam", finite=False, ndim=1)
        names = [": ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in frame.columns]
        return lam, {n: check_real(frame.iloc[:, j].to_numpy(), n, finite=False, ndim=1)
                     for j, n in enumerate(names)}
    lam_col = next((c for c in lam_names if c in frame.columns), None)
    if lam_col is None or prob_col is None:
        raise ParameterError(
            f"the QRE table needs a 'lam' and a 'probability' column, has {list(frame.columns)}",
            "path",
        )
    keys = [c for c in frame.columns if c not in (lam_col, prob_col)
            and frame[c].dtype.kind not in "iufb"]
    if not keys:
        raise ParameterError("the QRE table has no label columns (player, action)", "path")
    lab = frame[keys].astype(str).agg(": ".join, axis=1)
    wide = pd.DataFrame({"lam": frame[lam_col].to_numpy(float), "label": lab,
                         "p": frame[prob_col].to_numpy(float)})
    wide = wide.pivot_table(index="lam", columns="label", values="p", sort=False)
    lam = wide.index.to_numpy(float)
    order = np.argsort(lam, kind="stable")
    return lam[order], {str(c): wide[c].to_numpy(float)[order] for c in wide.columns}


def plot_qre_path(
    path: Any,
    probs: Any = None,
    *,
    labels: Sequence[str] | None = None,
    ax: Any = None,
    logx: bool = True,
    title: str | None = None,
) -> Axes:
    """Action probabilities along the logit QRE path (McKelvey & Palfrey 1995).

    ``path`` is the precision grid ``lam`` with ``probs`` an ``(len(lam), k)``
    array (with ``labels``) or a mapping label -> array; or ``path`` is a QRE
    path result (anything with ``to_frame()`` giving a long table with
    ``lam``, label columns and ``probability``, or a wide one indexed by
    ``lam``), e.g. :class:`~compellence.solvers.qre.QREPath`, or such a
    DataFrame.  The curves follow the path's order (it may bend back).  At
    ``lam = 0`` play is uniform; as ``lam`` grows it approaches the Nash
    equilibrium the logit QRE selects.

    Parameters
    ----------
    path : array_like, QREPath or pandas.DataFrame
        The precision grid ``lam`` (>= 0, per payoff unit), or a path result / table.
    probs : array_like or Mapping[str, array_like], optional
        With a ``lam`` grid: the probabilities, ``(len(lam), k)`` or label -> array.
    labels : Sequence[str], optional
        Curve labels for an array ``probs``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    logx : bool, optional
        Logarithmic ``lam`` axis.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        An empty path, ``lam < 0``, or probabilities / labels of the wrong shape.

    Examples
    --------
    >>> from compellence.analysis import plot_qre_path
    >>> lam = np.r_[0.0, np.logspace(-2, 2, 30)]
    >>> p = 1 / (1 + np.exp(-0.5 * lam))
    >>> ax = plot_qre_path(lam, np.c_[p, 1 - p], labels=["comply", "resist"])
    >>> [line.get_label() for line in ax.lines]
    ['comply', 'resist']
    """
    lam, curves = _qre_curves(path, probs, labels)
    if lam.size == 0:
        raise ParameterError("the QRE path has no points", "path")
    if np.any(lam < 0):
        raise ParameterError("lam must be >= 0", "lam")
    ax = get_axes(ax)
    # one line style per player, drawn widest first, so curves that coincide (a symmetric
    # game) stay visible: a wide pale line under a narrow dashed one
    players: dict[str, int] = {}
    for k in curves:
        players.setdefault(k.split(": ")[0] if ": " in k else "", len(players))
    styles = ("-", "--", ":", "-.")
    n_pl = len(players)
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", PLAYER_COLORS)
    per_player: dict[int, int] = {}
    for k, v in curves.items():
        j = players[k.split(": ")[0] if ": " in k else ""]
        a = per_player.get(j, 0)
        per_player[j] = a + 1
        width = 1.6 + 2.2 * (n_pl - 1 - j) / max(n_pl - 1, 1)
        ax.plot(lam, v, label=k, linewidth=width, linestyle=styles[j % len(styles)],
                color=colors[a % len(colors)], alpha=0.55 if j < n_pl - 1 else 1.0,
                zorder=2 + j, gid=f"player:{j}")
    if logx:
        ax.set_xscale("symlog", linthresh=max(float(lam[lam > 0].min()) if np.any(lam > 0) else 1.0, 1e-3))
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("precision λ")
    ax.set_ylabel("probability")
    ax.legend(fontsize=8, loc="best")
    ax.set_title(title if title is not None else "Logit QRE path")
    return ax


# ---------------------------------------------------------------------- cascades
def _cascade_sizes(sizes: Any, m: int) -> tuple[np.ndarray, bool]:
    """Per-x sizes as an (m, runs) array; True when taken from result objects (shares)."""
    if isinstance(sizes, Sequence) and len(sizes) and not np.isscalar(sizes[0]) and (
        hasattr(sizes[0], "shares") or hasattr(sizes[0], "share")
    ):
        rows = []
        for r in sizes:
            if hasattr(r, "shares"):
                rows.append(np.asarray(r.shares, dtype=float))
            elif hasattr(r, "share"):
                rows.append(np.asarray([r.share], dtype=float))
            else:
                raise ParameterError(
                    f"mixes cascade results with {type(r).__name__}", "sizes"
                )
        runs = max(len(r) for r in rows)
        out = np.full((len(rows), runs), np.nan)
        for i, r in enumerate(rows):
            out[i, : len(r)] = r
        arr, from_results = out, True
    else:
        arr = check_real(sizes, "sizes", finite=False)
        if arr.ndim == 1:
            arr = arr[:, None]
        from_results = False
    if arr.ndim != 2 or arr.shape[0] != m:
        raise ParameterError(
            f"needs one entry (or one row of runs) per x value ({m}), got shape {arr.shape}",
            "sizes",
        )
    return arr, from_results


def plot_cascade(
    x: Any,
    sizes: Any = None,
    *,
    data: pd.DataFrame | None = None,
    band: tuple[float, float] | None = (0.1, 0.9),
    critical: Any = None,
    ax: Any = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
) -> Axes:
    """Cascade size against an intervention parameter (mean with a quantile band).

    * ``x`` (m,) and ``sizes`` (m,) or (m, runs): one size per x, or many runs;
    * ``x`` (m,) and ``sizes`` a list of m cascade results (``BatchCascadeResult``
      gives its runs' shares, ``CascadeResult`` its share);
    * ``data`` a DataFrame with ``x`` and ``sizes`` as column names (e.g. a
      sweep with several seeds per intervention value).

    Parameters
    ----------
    x : array_like or str
        The intervention values (or a column name of ``data``).
    sizes : array_like, list of cascade results, or str, optional
        Cascade sizes (shares of the population), as above.
    data : pandas.DataFrame, optional
        A table holding ``x`` and ``sizes`` as columns.
    band : tuple[float, float] or None, optional
        The pair of run quantiles shaded around the mean (None: no band).
    critical : float or Sequence[float], optional
        Theoretical tipping points (e.g. the edge of the Watts 2002 cascade window), drawn
        as dashed lines.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    xlabel, ylabel : str, optional
        Axis labels.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        Sizes missing or not one entry per ``x``, non-numeric values, bad ``band``
        quantiles, or a missing column.

    Examples
    --------
    >>> from compellence.analysis import plot_cascade
    >>> x = np.linspace(0, 1, 11)
    >>> runs = (x[:, None] > 0.5) * 0.8 + np.linspace(0, 0.1, 20)[None, :]
    >>> ax = plot_cascade(x, runs, critical=[0.5])
    >>> np.round(ax.lines[0].get_ydata()[[0, -1]], 3).tolist()
    [0.05, 0.85]
    """
    if data is not None:
        if not isinstance(data, pd.DataFrame):
            raise ParameterError(f"must be a DataFrame, got {type(data).__name__}", "data")
        xv = check_real(_column(data, x, "x"), "x", finite=False, ndim=1)
        sv = check_real(_column(data, sizes, "sizes"), "sizes", finite=False, ndim=1)
        grouped = pd.DataFrame({"x": xv, "s": sv}).groupby("x", sort=True)["s"]
        xs = np.asarray(list(grouped.groups.keys()), dtype=float)
        runs = [g.to_numpy() for _, g in grouped]
        width = max(len(r) for r in runs)
        arr = np.full((len(runs), width), np.nan)
        for i, r in enumerate(runs):
            arr[i, : len(r)] = r
        xlabel = xlabel or axis_label(x)
        ylabel = ylabel or axis_label(sizes)
    else:
        xs = check_real(x, "x", finite=False, ndim=1)
        if sizes is None:
            raise ParameterError("give the cascade sizes for each x", "sizes")
        arr, from_results = _cascade_sizes(sizes, xs.size)
        if from_results:
            ylabel = ylabel or "cascade size (share of nodes)"
    if band is not None and not (
        isinstance(band, Sequence) and len(band) == 2 and 0 <= band[0] < band[1] <= 1
    ):
        raise ParameterError(f"must be quantiles 0 <= low < high <= 1, got {band!r}", "band")
    crit = None if critical is None else np.atleast_1d(check_real(critical, "critical", finite=False))
    order = np.argsort(xs, kind="stable")
    xs, arr = xs[order], arr[order]
    mean = np.nanmean(arr, axis=1)
    ax = get_axes(ax)
    ax.plot(xs, mean, marker="o", markersize=3, color=_LOW, linewidth=1.8, label="mean")
    if band is not None and arr.shape[1] > 1:
        lo_q, hi_q = band
        lo = np.nanquantile(arr, lo_q, axis=1)
        hi = np.nanquantile(arr, hi_q, axis=1)
        ax.fill_between(xs, lo, hi, color=_LOW, alpha=0.2, linewidth=0,
                        label=f"runs {lo_q:.0%}-{hi_q:.0%}")
    if crit is not None:
        for k, c in enumerate(crit[np.isfinite(crit)]):
            ax.axvline(c, color="grey", linestyle="--", linewidth=1.2,
                       label="critical value" if k == 0 else None)
    ax.set_xlabel(xlabel or "intervention")
    ax.set_ylabel(ylabel or "cascade size")
    ax.legend(fontsize=8, loc="best")
    ax.set_title(title if title is not None else "Cascade size against the intervention")
    return ax


# ---------------------------------------------------------------------- coalitions
def plot_coalition_window(
    x: Any,
    margin: Any,
    *,
    lift_probability: Any = None,
    thresholds: Mapping[str, float] | None = None,
    window: tuple[float, float] | None = None,
    ax: Any = None,
    title: str | None = None,
) -> Axes:
    """The off-ramp window of a coalition: the concessions ``x`` with ``M(x) >= 0``.

    ``M(x) = (pi_T S + G(x) - 1) r s D - x`` (compellence.coercion.coalitions; S the
    probability the punishment is sustained after defiance, G(x) the lifted share):
    the margin curve is drawn against ``x`` with the viable set shaded (or the
    exact ``window = (x_lo, x_hi)`` if given), ``Pr(lift | x)`` on a second
    axis and each member's minimum acceptable concession ``x_j`` marked.

    Parameters
    ----------
    x : array_like
        Concessions (share of the stake, in ``[0, 1]``).
    margin : array_like
        ``M(x)`` at each ``x`` (stake units).
    lift_probability : array_like, optional
        ``Pr(lift | x)`` at each ``x`` (second axis).
    thresholds : Mapping[str, float], optional
        Member name -> minimum acceptable concession ``x_j``.
    window : tuple[float, float], optional
        The exact window ``(x_lo, x_hi)`` to shade.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``margin`` or ``lift_probability`` not of the shape of ``x``, or a bad ``window``.

    Examples
    --------
    >>> from compellence.analysis import plot_coalition_window
    >>> x = np.linspace(0, 1, 101)
    >>> ax = plot_coalition_window(x, 0.5 - np.abs(x - 0.4), window=(0.0, 0.9))
    >>> len(ax.lines) >= 1
    True
    """
    xs = check_real(x, "x", finite=False, ndim=1)
    m = check_real(margin, "margin", finite=False, ndim=1)
    if m.shape != xs.shape:
        raise ParameterError(f"must have the shape of x {xs.shape}, got {m.shape}", "margin")
    p = None
    if lift_probability is not None:
        p = check_real(lift_probability, "lift_probability", finite=False, ndim=1)
        if p.shape != xs.shape:
            raise ParameterError(
                f"must have the shape of x {xs.shape}, got {p.shape}", "lift_probability"
            )
    if window is not None and not (isinstance(window, Sequence) and len(window) == 2):
        raise ParameterError(f"must be a pair (x_lo, x_hi), got {window!r}", "window")
    order = np.argsort(xs, kind="stable")
    xs, m = xs[order], m[order]
    ax = get_axes(ax)
    ax.plot(xs, m, color="black", linewidth=1.8, label="margin M(x)")
    ax.axhline(0.0, color="grey", linewidth=0.8)
    if window is not None:
        lo, hi = (float(v) for v in window)
        if np.isfinite(lo) and np.isfinite(hi) and hi >= lo:
            ax.axvspan(lo, hi, color="#009E73", alpha=0.2,
                       label=f"window [{lo:.3g}, {hi:.3g}]")
    else:
        ax.fill_between(xs, 0, m, where=m >= 0, color="#009E73", alpha=0.25, interpolate=True,
                        label="viable (M ≥ 0)")
    if thresholds:  # each member's x_j: a dotted line, named in the legend (never overprinted)
        for k, (name, xj) in enumerate(thresholds.items()):
            ax.axvline(float(xj), color=PLAYER_COLORS[k % len(PLAYER_COLORS)],
                       linestyle=(0, (1, 1.5 + 0.5 * (k // len(PLAYER_COLORS)))), linewidth=1.6,
                       label=f"{name}: x = {float(xj):.3g}")
    ax.set_xlabel("concession x")
    ax.set_ylabel("off-ramp margin M(x)")
    handles, labels = ax.get_legend_handles_labels()
    if p is not None:
        ax2 = ax.twinx()
        (line,) = ax2.plot(xs, p[order], color=_HIGH, linestyle="--", linewidth=1.4,
                           label="Pr(lift | x)")
        ax2.set_ylim(-0.02, 1.02)
        ax2.set_ylabel("Pr(coalition lifts | x)", color=_HIGH)
        handles.append(line)
        labels.append("Pr(lift | x)")
    ax.legend(handles, labels, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13),
              ncol=2, frameon=False)  # below the axes: clear of the curves and both y labels
    ax.set_title(title if title is not None else "Coalition off-ramp window")
    ax.figure.tight_layout()
    return ax


def coalition_window(
    coalition: Any,
    *,
    pi_T: float,
    r: float,
    s: float,
    D: float,
    points: int = 400,
    ax: Any = None,
    title: str | None = None,
) -> Axes:
    """Draw :func:`plot_coalition_window` for a :class:`~compellence.coercion.coalitions.Coalition`.

    The window's ends are the exact ones of
    :func:`~compellence.coercion.coalitions.offramp_window` (scalar parameters
    and an unbatched coalition).

    Parameters
    ----------
    coalition : Coalition
        An unbatched coalition.
    pi_T : float
        Threat credibility in ``[0, 1]``.
    r : float
        Reversibility in ``[0, 1]``.
    s : float
        Per-period punishment cost to the target (stake units per period).
    D : float
        Discounted number of punishment periods, ``delta / (1 - delta)``.
    points : int, optional
        Number of concessions drawn (>= 3).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        Not a coalition, a batched one, a non-scalar parameter, or ``points < 3``.

    Examples
    --------
    >>> from compellence.analysis import coalition_window
    >>> c = cp.Coalition(["US", "EU", "UK"], thresholds=[0.2, 0.35, 0.25], threshold_sd=[0.05, 0.1, 0.05])
    >>> ax = coalition_window(c, pi_T=0.9, r=0.8, s=0.2, D=9.0)
    >>> sorted(t.get_text() for t in ax.get_legend().get_texts() if ": x = " in t.get_text())
    ['EU: x = 0.35', 'UK: x = 0.25', 'US: x = 0.2']
    """
    from ..coercion.coalitions import Coalition, offramp_window

    if not isinstance(coalition, Coalition):
        raise ParameterError(f"needs a Coalition, got {type(coalition).__name__}", "coalition")
    if coalition.batch_shape:
        raise ParameterError(
            f"the coalition is batched (batch shape {coalition.batch_shape}); draw one element",
            "coalition",
        )
    for name, v in (("pi_T", pi_T), ("r", r), ("s", s), ("D", D)):
        if np.ndim(v) != 0:
            raise ParameterError("must be a scalar for the window plot", name)
    if isinstance(points, bool) or not isinstance(points, int) or points < 3:
        raise ParameterError(f"must be an integer >= 3, got {points!r}", "points")
    win = offramp_window(coalition, pi_T, r, s, D)
    cap = float(win.cap)
    th = np.asarray(coalition.thresholds, dtype=float).reshape(coalition.n)
    sd = np.asarray(coalition.threshold_sd, dtype=float).reshape(coalition.n)
    top = max(cap, float(np.max(th + 2 * sd)), 1e-3) * 1.15
    xs = np.linspace(0.0, top, points)
    p = np.asarray(coalition.lifted_share(xs), dtype=float)
    # the coalition's margin (compellence.coercion.coalitions): pi_T scaled by the
    # probability the punishment is sustained, the assurance by the lifted share
    m = (pi_T * float(coalition.sustain_probability()) + p - 1.0) * r * s * D - xs
    window = None if bool(win.empty) else (float(win.x_lo), float(win.x_hi))
    return plot_coalition_window(
        xs, m, lift_probability=p, thresholds=dict(zip(coalition.names, th)), window=window,
        ax=ax, title=title if title is not None else
        f"Coalition off-ramp window ({coalition.rule}, {coalition.n} members)",
    )


# ---------------------------------------------------------------------- learning dynamics
_TRIANGLE = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3.0) / 2.0]])


def simplex_xy(p: Any) -> np.ndarray:
    """Barycentric -> Cartesian: a 3-strategy mix ``(..., 3)`` as a point of the triangle.

    Strategy ``k`` sits at vertex ``k`` of ``(0, 0), (1, 0), (1/2, sqrt(3)/2)``;
    a mix is the weighted average of the vertices: ``xy = p @ V``.

    Parameters
    ----------
    p : array_like
        Mixed strategies, shape ``(..., 3)``.

    Returns
    -------
    numpy.ndarray
        Points, shape ``(..., 2)``.

    Raises
    ------
    ParameterError
        The last axis does not have 3 entries.

    Examples
    --------
    >>> from compellence.analysis import simplex_xy
    >>> np.round(simplex_xy([[1, 0, 0], [0, 1, 0], [1 / 3, 1 / 3, 1 / 3]]), 4).tolist()
    [[0.0, 0.0], [1.0, 0.0], [0.5, 0.2887]]
    """
    arr = check_real(p, "p", finite=False)
    if arr.shape[-1:] != (3,):
        raise ParameterError(f"needs 3 probabilities per point, got shape {arr.shape}", "p")
    return arr @ _TRIANGLE


def plot_learning(
    path: Any,
    *,
    ax: Any = None,
    max_lines: int = 50,
    title: str | None = None,
) -> Axes:
    """Trajectories of a learning dynamic on the strategy simplex.

    * Two populations, 2 x 2 game: the unit square, ``x`` = Pr(row plays its
      first strategy), ``y`` = Pr(column plays its first strategy).
    * One population with 3 strategies (or two populations where the row
      player has 3 strategies: the row player's mix): the triangle, each
      vertex a pure strategy (:func:`simplex_xy`).

    Each batch element is one line from a circle (start) to a square (end);
    at most ``max_lines`` are drawn.

    Parameters
    ----------
    path : LearningPath
        A :class:`~compellence.solvers.learning.LearningPath`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    max_lines : int, optional
        Draw at most this many trajectories.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        Not a learning path, ``max_lines`` not a positive integer, or a game shape that
        cannot be drawn (neither 2 x 2 nor 3 strategies).

    Examples
    --------
    >>> from compellence.analysis import plot_learning
    >>> path = cp.replicator(cp.catalog.load("matching_pennies"), x0=[[0.9, 0.1], [0.6, 0.4]],
    ...                      y0=[[0.5, 0.5], [0.3, 0.7]])
    >>> ax = plot_learning(path)
    >>> len(ax.lines) >= 2
    True
    """
    strategies = getattr(path, "strategies", None)
    if strategies is None or not hasattr(path, "labels"):
        raise ParameterError(f"needs a LearningPath, got {type(path).__name__}", "path")
    if isinstance(max_lines, bool) or not isinstance(max_lines, int) or max_lines < 1:
        raise ParameterError(f"must be a positive integer, got {max_lines!r}", "max_lines")
    labels = path.labels()
    first = np.asarray(strategies[0], dtype=float)
    T = first.shape[0]
    if len(strategies) == 2 and first.shape[-1] == 2 and strategies[1].shape[-1] == 2:
        xs = first[..., 0].reshape(T, -1)
        ys = np.asarray(strategies[1], dtype=float)[..., 0].reshape(T, -1)
        kind = "square"
    elif first.shape[-1] == 3:
        xy = simplex_xy(first.reshape(T, -1, 3))
        xs, ys = xy[..., 0], xy[..., 1]
        kind = "triangle"
    else:
        shapes = [s.shape[-1] for s in strategies]
        raise ParameterError(
            f"draws 2 x 2 games (square) or 3-strategy populations (triangle); got {shapes} "
            "strategies",
            "path",
        )
    created = ax is None
    ax = get_axes(ax, figsize=(5.6, 5.4))
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", PLAYER_COLORS)
    for b in range(min(xs.shape[1], max_lines)):
        col = colors[b % len(colors)]
        ax.plot(xs[:, b], ys[:, b], color=col, linewidth=1.4, zorder=3)
        ax.plot(xs[0, b], ys[0, b], "o", color=col, markersize=5, zorder=4)
        ax.plot(xs[-1, b], ys[-1, b], "s", color=col, markersize=6, markeredgecolor="black",
                zorder=5)
    start = matplotlib.lines.Line2D([], [], marker="o", linestyle="", color="grey", label="start")
    end = matplotlib.lines.Line2D([], [], marker="s", linestyle="", color="grey",
                                  markeredgecolor="black", label="end")
    name = {"fictitious_play": "Fictitious play", "replicator": "Replicator dynamics",
            "logit": "Logit dynamics"}.get(getattr(path, "method", ""), "Learning dynamics")
    if getattr(path, "method", "") == "logit":
        name += f" (λ = {path.info.get('lam', float('nan')):g})"
    if kind == "square":
        (p1, s1), (p2, s2) = labels
        ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], color="black", linewidth=0.8, zorder=1)
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel(f"Pr({p1} plays {s1[0]})")
        ax.set_ylabel(f"Pr({p2} plays {s2[0]})")
        ax.set_aspect("equal")
        ax.legend(handles=[start, end], loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2,
                  fontsize=8, frameon=False)
    else:
        player, strat = labels[0]
        tri = np.vstack([_TRIANGLE, _TRIANGLE[:1]])
        ax.plot(tri[:, 0], tri[:, 1], color="black", linewidth=1.0, zorder=1)
        offsets = [(-0.04, -0.05, "right"), (0.04, -0.05, "left"), (0.0, 0.04, "center")]
        for (vx, vy), (dx, dy, ha), lab in zip(_TRIANGLE, offsets, strat):
            ax.text(vx + dx, vy + dy, str(lab), ha=ha, va="center", fontsize=9)
        ax.set_xlim(-0.3, 1.3)
        ax.set_ylim(-0.15, 1.0)
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.legend(handles=[start, end], loc="upper right", fontsize=8, frameon=False)
        name += f": {player}"
    ax.set_title(title if title is not None else name)
    if created:
        ax.figure.tight_layout()  # the legend below the square stays on the canvas
    return ax


# ---------------------------------------------------------------------- uncertain inputs
def _uncertain(result: Any, index: Any) -> tuple[Any, Any]:
    """The :class:`UncertainOffRamp` of ``result`` (or of ``result.uncertainty``) and a picker for one element."""
    from ..coercion.uncertainty import UncertainOffRamp

    res = getattr(result, "uncertainty", result)
    if not isinstance(res, UncertainOffRamp):
        raise ParameterError(
            "must be the result of uncertain_offramp() or an OffRamp of a campaign built with "
            f"distributions, got {type(result).__name__}", "result")
    if res.batch_shape and index is None:
        raise ParameterError(f"a batched result (shape {res.batch_shape}): give index=", "index")

    def pick(v: Any) -> np.ndarray:
        a = np.asarray(v, dtype=float)
        return a[index] if res.batch_shape else a

    return res, pick


def plot_sensitivity(
    result: Any,
    *,
    index: Any = None,
    ax: Any = None,
    title: str | None = None,
) -> Axes:
    """Sobol indices of the off-ramp margin to each uncertain input, as grouped bars with CIs.

    Blue bars: first order ``S_i`` (the input alone); orange: total order ``S_Ti`` (with
    interactions); the whiskers are the confidence intervals (delta method).

    Parameters
    ----------
    result : UncertainOffRamp or OffRamp
        :func:`~compellence.coercion.uncertainty.uncertain_offramp`'s result (with
        ``sobol=True``), or an ``OffRamp`` carrying one in ``.uncertainty``.
    index : int or tuple[int, ...], optional
        One element of a batched result.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        The result has no Sobol indices.

    Examples
    --------
    >>> from compellence.analysis import plot_sensitivity
    >>> import scipy.stats as st
    >>> from compellence.coercion.uncertainty import uncertain_offramp
    >>> campaign = cp.Campaign({"name": "C", "threat_credibility": 0.7}, "T",
    ...                        [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 1.0}],
    ...                        demand=0.3, assurance=0.5, discount=0.9)
    >>> res = uncertain_offramp(campaign, {"assurance.credibility": st.beta(7, 3),
    ...                                    "coercer.threat_credibility": st.beta(5, 2)},
    ...                         n=1024, seed=1, sobol=True)
    >>> ax = plot_sensitivity(res)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['first order S_i', 'total order S_Ti']
    """
    res, pick = _uncertain(result, index)
    if res.first_order is None:
        raise ParameterError("has no Sobol indices (run uncertain_offramp with sobol=True)", "result")
    created = ax is None
    ax = get_axes(ax, figsize=(6.4, 1.6 + 0.55 * len(res.keys)))
    y = np.arange(len(res.keys))
    h = 0.38
    for off, name, color, label in ((-h / 2, "first_order", _LOW, "first order S_i"),
                                    (h / 2, "total_order", _HIGH, "total order S_Ti")):
        v = pick(getattr(res, name))
        lo = pick(getattr(res, f"{name}_low"))
        hi = pick(getattr(res, f"{name}_high"))
        err = np.vstack([np.maximum(v - lo, 0.0), np.maximum(hi - v, 0.0)])
        ax.barh(y + off, v, height=h, color=color, label=label, xerr=err,
                error_kw={"ecolor": "black", "capsize": 3, "linewidth": 1.0})
    ax.set_yticks(y)
    ax.set_yticklabels(list(res.keys))
    ax.invert_yaxis()
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.set_xlim(min(-0.05, ax.get_xlim()[0]), max(1.05, ax.get_xlim()[1]))
    ax.set_xlabel(f"Sobol index of the margin ({res.confidence:.0%} CI, n = {res.n})")
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(title if title is not None else "Which uncertain input drives the off-ramp margin")
    if created:
        ax.figure.tight_layout()  # the axis label and title stay on the short canvas
    return ax


def plot_margin_distribution(
    result: Any,
    *,
    index: Any = None,
    bins: int = 50,
    ax: Any = None,
    title: str | None = None,
) -> Axes:
    """Histogram of the off-ramp margin under uncertain inputs, viable part shaded, with ``P(viable)``.

    The legend gives ``P(viable) = p +- se`` (Monte Carlo standard error) and
    the dashed line marks ``M = 0``; the dotted lines the 5% and 95% quantiles.

    Parameters
    ----------
    result : UncertainOffRamp or OffRamp
        :func:`~compellence.coercion.uncertainty.uncertain_offramp`'s result.
    index : int or tuple[int, ...], optional
        One element of a batched result.
    bins : int, optional
        Histogram bins (>= 2).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``bins`` is not an integer >= 2.

    Examples
    --------
    >>> from compellence.analysis import plot_margin_distribution
    >>> import scipy.stats as st
    >>> from compellence.coercion.uncertainty import uncertain_offramp
    >>> campaign = cp.Campaign({"name": "C", "threat_credibility": 0.7}, "T",
    ...                        [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 1.0}],
    ...                        demand=0.3, assurance=0.5, discount=0.9)
    >>> res = uncertain_offramp(campaign, {"assurance.credibility": st.beta(7, 3),
    ...                                    "coercer.threat_credibility": st.beta(5, 2)},
    ...                         n=1024, seed=1, sobol=True)
    >>> ax = plot_margin_distribution(res)
    >>> any(t.get_text().startswith("P(viable)") for t in ax.get_legend().get_texts())
    False
    """
    res, pick = _uncertain(result, index)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 2:
        raise ParameterError(f"must be an integer >= 2, got {bins!r}", "bins")
    m = np.asarray(res.margin_samples, dtype=float)
    m = m[(slice(None),) + (index if isinstance(index, tuple) else (index,))] if res.batch_shape else m
    ax = get_axes(ax)
    p = float(pick(res.probability_viable))
    se = float(pick(res.probability_viable_se))
    edges = np.histogram_bin_edges(m, bins=int(bins))
    if edges[0] < 0.0 < edges[-1]:  # a bin edge at M = 0, so the shading is exact
        edges = np.union1d(edges, [0.0])
    ax.hist(m[m < 0], bins=edges, color=_HIGH, alpha=0.75, label="resist (M < 0)")
    ax.hist(m[m >= 0], bins=edges, color="#009E73", alpha=0.75,
            label=f"comply (M ≥ 0): P(viable) = {p:.3f} ± {se:.3f}")
    ax.axvline(0.0, color="black", linestyle="--", linewidth=1.2)
    for q in (0.05, 0.95):
        if q in res.margin_quantiles:
            ax.axvline(float(pick(res.margin_quantiles[q])), color="grey", linestyle=":", linewidth=1.0)
    ax.set_xlabel(f"off-ramp margin M ({res.n_draws} draws; dotted: 5% and 95% quantiles)")
    ax.set_ylabel("draws")
    ax.legend(fontsize=8, loc="best")
    ax.set_title(title if title is not None else "Off-ramp margin under uncertain inputs")
    return ax


# ---------------------------------------------------------------------- coercion over time
_ACTION_COLORS = ("#D55E00", "#999999", "#56B4E9", "#0072B2", "#009E73", "#E69F00", "#CC79A7",
                  "#F0E442", "#000000")


def plot_policy_map(
    solution: Any,
    x: str,
    y: str,
    *,
    period: int = 1,
    fixed: Mapping[str, int] | None = None,
    player: str = "coercer",
    index: Any = None,
    ax: Any = None,
    title: str | None = None,
) -> Axes:
    """Equilibrium actions of a dynamic coercion game over two state variables.

    ``player="coercer"`` colours each state by the coercer's action; ``"target"`` by the
    target's answer at the after-state the coercer's equilibrium move leads to.

    Parameters
    ----------
    solution : FiniteSolution or StationarySolution
        A solution of a dynamic coercion game (compellence.coercion.dynamics).
    x, y : str
        State variable names of the two axes.
    period : int, optional
        The period drawn (finite-horizon solutions).
    fixed : Mapping[str, int], optional
        Grid positions of the other state variables (default 0).
    player : {"coercer", "target"}, optional
        Whose actions to colour.
    index : int or tuple[int, ...], optional
        One element of a batched solution.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        Not a dynamic solution, an unknown state variable or ``player``, or ``x == y``.

    Examples
    --------
    >>> from compellence.analysis import plot_policy_map
    >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
    >>> model = CoercionDynamics(punishment_levels=2, demands=(0.4, 0.8), bite=(0.2, 0.5, 1.0),
    ...                          cohesion=(1.0, 0.8, 0.6), fray=0.3, power=(0.6, 0.5), power_shift=0.5,
    ...                          war=True, audience_cost=0.03, threat_credibility=0.9,
    ...                          assurance_credibility=0.9, punishment_per_period=0.4)
    >>> sol = backward_induction_dynamic(model.game(), 12)
    >>> ax = plot_policy_map(sol, "bite", "punishment", fixed={"demand": 1})
    >>> ax.images[0].get_array().shape
    (3, 3)
    """
    from ..coercion.dynamics import FiniteSolution, StationarySolution

    if not isinstance(solution, (FiniteSolution, StationarySolution)):
        raise ParameterError(f"needs a dynamic solution, got {type(solution).__name__}", "solution")
    if player not in ("coercer", "target"):
        raise ParameterError(f"must be 'coercer' or 'target', got {player!r}", "player")
    frame = (solution.policy_frame(period, index) if isinstance(solution, FiniteSolution)
             else solution.policy_frame(index))
    st = solution.game.states
    for name, what in ((x, "x"), (y, "y")):
        if name not in st.dims:
            raise ParameterError(f"unknown state variable {name!r}; known: {list(st.names)}", what)
    if x == y:
        raise ParameterError("x and y must be different state variables", "y")
    fixed = dict(fixed or {})
    unknown = set(fixed) - set(st.names)
    if unknown:
        raise ParameterError(f"unknown state variable(s) {sorted(unknown)}", "fixed")
    levels = st.grid()
    keep = np.ones(st.size, bool)
    for name in st.names:
        if name not in (x, y):
            keep &= levels[name] == int(fixed.get(name, 0))
    col = "coercer_action" if player == "coercer" else "target_action"
    labels = solution.game.coercer_actions if player == "coercer" else solution.game.target_actions
    sub = frame[keep]
    nx, ny = st.dims[x].size, st.dims[y].size
    grid = np.full((ny, nx), -1)
    grid[levels[y][keep], levels[x][keep]] = [labels.index(v) for v in sub[col]]
    ax = get_axes(ax)
    from matplotlib.colors import BoundaryNorm, ListedColormap

    colors = [_ACTION_COLORS[i % len(_ACTION_COLORS)] for i in range(len(labels))]
    cmap = ListedColormap(colors)
    ax.imshow(np.ma.masked_less(grid, 0), origin="lower", aspect="auto", cmap=cmap,
              norm=BoundaryNorm(np.arange(len(labels) + 1) - 0.5, len(labels)), interpolation="nearest")
    ax.set_xticks(range(nx), [f"{v:.3g}" for v in st.dims[x]], fontsize=8)
    ax.set_yticks(range(ny), [f"{v:.3g}" for v in st.dims[y]], fontsize=8)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    from matplotlib.patches import Patch

    used = sorted(set(grid[grid >= 0].ravel().tolist()))
    ax.legend([Patch(color=colors[i]) for i in used], [labels[i] for i in used], fontsize=8,
              loc="upper left", bbox_to_anchor=(1.0, 1.0))
    when = f"period {period}" if isinstance(solution, FiniteSolution) else "stationary MPE"
    ax.set_title(title if title is not None else f"{player} equilibrium actions ({when})")
    return ax


def plot_paths(
    paths: Any,
    variable: str,
    *,
    quantiles: tuple[float, float] = (0.1, 0.9),
    deterministic: Any = None,
    ax: Any = None,
    title: str | None = None,
) -> Axes:
    """Simulated equilibrium trajectories of a state variable: mean, a quantile band, a few paths.

    Parameters
    ----------
    paths : Paths
        ``compellence.coercion.dynamics.simulate(...)`` output.
    variable : str
        The state variable drawn.
    quantiles : tuple[float, float], optional
        The band's quantiles, ``0 <= lo < hi <= 1``.
    deterministic : Paths, optional
        The ``chance=False`` paths, drawn on top.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``paths`` / ``deterministic`` are not simulation paths, or bad ``quantiles``.

    Examples
    --------
    >>> from compellence.analysis import plot_paths
    >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
    >>> model = CoercionDynamics(punishment_levels=2, demands=(0.4, 0.8), bite=(0.2, 0.5, 1.0),
    ...                          cohesion=(1.0, 0.8, 0.6), fray=0.3, power=(0.6, 0.5), power_shift=0.5,
    ...                          war=True, audience_cost=0.03, threat_credibility=0.9,
    ...                          assurance_credibility=0.9, punishment_per_period=0.4)
    >>> sol = backward_induction_dynamic(model.game(), 12)
    >>> ax = plot_paths(simulate(sol, n_paths=50, seed=3), "cohesion")
    >>> ax.get_ylabel()
    'cohesion'
    """
    from ..coercion.dynamics import Paths

    if not isinstance(paths, Paths):
        raise ParameterError(f"needs Paths, got {type(paths).__name__}", "paths")
    if len(quantiles) != 2 or not 0 <= quantiles[0] < quantiles[1] <= 1:
        raise ParameterError(f"must be (lo, hi) with 0 <= lo < hi <= 1, got {quantiles!r}", "quantiles")
    bands = paths.bands(variable, quantiles)
    v = paths.values(variable)
    ax = get_axes(ax)
    t = bands["period"].to_numpy()
    for row in v[: min(20, v.shape[0])]:
        ax.plot(t, row, color="grey", alpha=0.15, linewidth=0.8)
    lo, hi = (f"q{q:g}" for q in quantiles)
    ax.fill_between(t, bands[lo], bands[hi], color=_LOW, alpha=0.25,
                    label=f"{quantiles[0]:g}-{quantiles[1]:g} band ({paths.n_paths} paths)")
    ax.plot(t, bands["mean"], color=_LOW, linewidth=1.8, label="mean")
    if deterministic is not None:
        if not isinstance(deterministic, Paths):
            raise ParameterError(f"needs Paths, got {type(deterministic).__name__}", "deterministic")
        ax.plot(np.arange(deterministic.periods + 1), deterministic.values(variable)[0], color=_PATH_COLOR,
                linewidth=1.6, linestyle="--", label="deterministic path")
    ax.set_xlabel("period")
    ax.set_ylabel(variable)
    ax.legend(fontsize=8, loc="best")
    ax.set_title(title if title is not None else f"{variable} along equilibrium paths")
    return ax


def plot_offramp_open(paths: Any, *, ax: Any = None, title: str | None = None) -> Axes:
    """Share of simulated paths on which the off-ramp is open in each period.

    The off-ramp is open when the target would accept some demand on offer
    (``Paths.open``; compellence.coercion.dynamics.simulation).  Paths that
    ended (settled or war) count as closed.  The median first opening and the
    median date after which it stays closed are marked.

    Parameters
    ----------
    paths : Paths
        ``compellence.coercion.dynamics.simulate(...)`` output.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``paths`` are not simulation paths.

    Examples
    --------
    >>> from compellence.analysis import plot_offramp_open
    >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
    >>> model = CoercionDynamics(punishment_levels=2, demands=(0.4, 0.8), bite=(0.2, 0.5, 1.0),
    ...                          cohesion=(1.0, 0.8, 0.6), fray=0.3, power=(0.6, 0.5), power_shift=0.5,
    ...                          war=True, audience_cost=0.03, threat_credibility=0.9,
    ...                          assurance_credibility=0.9, punishment_per_period=0.4)
    >>> sol = backward_induction_dynamic(model.game(), 12)
    >>> ax = plot_offramp_open(simulate(sol, n_paths=50, seed=3))
    >>> float(max(ax.lines[0].get_ydata())) <= 1.0
    True
    """
    from ..coercion.dynamics import Paths, offramp_timing

    if not isinstance(paths, Paths):
        raise ParameterError(f"needs Paths, got {type(paths).__name__}", "paths")
    share = paths.open.mean(axis=0)
    t = np.arange(1, paths.periods + 1)
    timing = offramp_timing(paths)
    ax = get_axes(ax)
    ax.bar(t, share, color="#009E73", alpha=0.6, width=0.9, label="off-ramp open")
    opened = timing[timing.opens]
    if len(opened):
        ax.axvline(float(np.median(opened.first_open)), color=_LOW, linestyle=":",
                   label=f"median first opening ({np.median(opened.first_open):g})")
        ax.axvline(float(np.median(opened.last_open)) + 0.5, color=_HIGH, linestyle="--",
                   label=f"closed for good after ({np.median(opened.last_open):g})")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("period")
    ax.set_ylabel("share of paths with the off-ramp open")
    ax.legend(fontsize=8, loc="best")
    ax.set_title(title if title is not None else f"When the off-ramp is open ({paths.n_paths} paths)")
    return ax
