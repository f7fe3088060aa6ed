"""Plots of the one-call questions of :mod:`compellence.coercion.questions` (matplotlib).

Each function takes the table the question returns and draws it; the numbers
plotted are the table's columns, nothing is recomputed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ParameterError
from .plots import get_axes

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from matplotlib.axes import Axes

__all__ = ["plot_posterior_path", "plot_settlement_tradeoff", "plot_aid_separation"]


def _need(df: Any, cols: list[str], what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise ParameterError(f"must be the DataFrame returned by {what}, got {type(df).__name__}", "table")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ParameterError(f"is missing columns {missing}; pass the table returned by {what}", "table")
    return df


def plot_posterior_path(table: pd.DataFrame, ax: Any = None) -> Axes:
    """Posterior on each type after 0, 1, ..., k rejected offers (``unappeasable_given_rejections``).

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`~compellence.coercion.questions.unappeasable_given_rejections`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``table`` is not that table (field ``table``).

    Examples
    --------
    >>> from compellence.analysis import plot_posterior_path
    >>> from compellence.coercion.questions import unappeasable_given_rejections
    >>> table = unappeasable_given_rejections([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], [0.3, 0.05],
    ...                                       types=["pragmatic", "hard", "unappeasable"])
    >>> ax = plot_posterior_path(table)
    >>> np.round(ax.lines[-1].get_ydata(), 3).tolist()
    [0.2, 0.4, 1.0]
    """
    df = _need(table, ["step", "posterior_unappeasable"], "unappeasable_given_rejections")
    ax = get_axes(ax, (6, 3.5))
    steps = df["step"].to_numpy()
    for col in [c for c in df.columns if c.startswith("posterior[")]:
        ax.plot(steps, df[col].to_numpy(dtype=float), marker="o", label=col.removeprefix("posterior[")[:-1])
    ax.plot(steps, df["posterior_unappeasable"].to_numpy(dtype=float), color="black", lw=2.5, ls="--",
            label="rejects every off-ramp")
    ax.set_xticks(steps)
    ax.set_xticklabels(["prior"] + [f"rejects {x:.3g}" for x in df["rejected_offer"].iloc[1:]])
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("posterior probability (derived)")
    ax.legend(fontsize=8)
    return ax


def plot_settlement_tradeoff(table: pd.DataFrame, ax: Any = None) -> Axes:
    """Settlement probability and the coercer's payoff by demand (``settlement_tradeoff``).

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`~compellence.coercion.questions.settlement_tradeoff`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``table`` is not that table (field ``table``).

    Examples
    --------
    >>> from compellence.analysis import plot_settlement_tradeoff
    >>> from compellence.coercion.questions import settlement_tradeoff
    >>> ax = plot_settlement_tradeoff(settlement_tradeoff([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], 0.0))
    >>> ax.lines[0].get_ydata().tolist()
    [0.8, 0.5]
    """
    df = _need(table, ["demand", "settlement_probability", "coercer_payoff", "max_settlement",
                       "coercer_optimum"], "settlement_tradeoff")
    ax = get_axes(ax, (6, 3.5))
    x = df["demand"].to_numpy(dtype=float)
    ax.step(x, df["settlement_probability"].to_numpy(dtype=float), where="post", marker="o",
            label="settlement probability")
    ax.plot(x, df["coercer_payoff"].to_numpy(dtype=float), marker="s", label="coercer payoff")
    for flag, style, name in (("max_settlement", "g", "max settlement"), ("coercer_optimum", "r", "coercer optimum")):
        sel = df[flag].to_numpy(dtype=bool)
        if sel.any():
            ax.axvline(float(x[sel][0]), color=style, ls=":", label=name)
    ax.set_xlabel("demand (stake units)")
    ax.legend(fontsize=8)
    return ax


def plot_aid_separation(table: pd.DataFrame, ax: Any = None) -> Axes:
    """Where overt aid reveals the coercer's resolve, by aid cost (``aid_separation``).

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`~compellence.coercion.questions.aid_separation`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ParameterError
        ``table`` is not that table (field ``table``).

    Examples
    --------
    >>> from compellence.analysis import plot_aid_separation
    >>> from compellence.coercion.questions import aid_separation
    >>> table = aid_separation([0.2, 0.8], [1.0, 0.2], war_share=0.6, war_cost=0.2, demand=0.3,
    ...                        punishment=1.0, aid_cost=np.linspace(0, 1, 11))
    >>> ax = plot_aid_separation(table)
    >>> ax.get_xlabel()
    'cost of overt aid k (stake units)'
    """
    df = _need(table, ["aid_cost", "resolve_revealed", "aid_cost_low", "aid_cost_high"], "aid_separation")
    ax = get_axes(ax, (6, 2.5))
    k = df["aid_cost"].to_numpy(dtype=float)
    rev = df["resolve_revealed"].to_numpy(dtype=bool)
    ax.fill_between(k, 0, rev.astype(float), step="mid", alpha=0.4, label="separating: aid reveals resolve")
    ax.axvline(float(df["aid_cost_low"].iloc[0]), color="k", ls=":", label="v_B")
    ax.axvline(float(df["aid_cost_high"].iloc[0]), color="k", ls="--", label="(1 - p) v_R + c")
    ax.set_yticks([0, 1])
    ax.set_yticklabels(["no", "yes"])
    ax.set_xlabel("cost of overt aid k (stake units)")
    ax.legend(fontsize=8)
    return ax
