"""Pictures of sweep results (matplotlib, the ``plot`` extra).

Campaign sweeps.  Two varied keys: the off-ramp map of :func:`compellence.analysis.plots.plot_offramp_map`
(margin heatmap with the viability frontier ``M = 0``).  One varied key: the
margin against it, with ``M = 0`` marked and the viable stretch shaded.

Cascade sweeps (one varied key): the mean final share of defectors under each
intervention package against it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ScenarioError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .campaign import SweepResult

__all__ = ["plot_sweep"]


def plot_sweep(result: SweepResult, path: str | os.PathLike | None = None, *,
               ax: Axes | None = None) -> Axes:
    r"""Draw ``result`` (a :class:`~compellence.scenario.campaign.SweepResult`); return the Axes.

    With ``path`` the figure is written to that image file (and closed); without
    it the Axes is returned open, so a notebook shows it.

    Parameters
    ----------
    result : SweepResult
        A finished sweep over one or two keys.
    path : str or os.PathLike or None, optional
        An image file to write; ``None`` (default) writes nothing.
    ax : matplotlib.axes.Axes or None, optional
        Draw into these Axes instead of a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ScenarioError
        A sweep over more than two keys.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from compellence.scenario import loads_scenario
    >>> from compellence.scenario.plotting import plot_sweep
    >>> scen = loads_scenario('kind = "campaign"\n[[instruments]]\nkind = "sanctions"\n'
    ...                       'cost_target = 0.1\n[demand]\nconcession = 0.3\n')
    >>> ax = plot_sweep(scen.sweep({"demand.concession": "0:0.6:4"}))
    >>> ax.get_ylabel()
    'off-ramp margin M'
    """
    try:
        import matplotlib

        if path is not None and ax is None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError:
        raise ScenarioError(
            "plotting needs matplotlib: pip install 'compellence[plot]'") from None
    from ..analysis.plots import axis_label, plot_offramp_map

    varies = result.varies
    df = result.frame
    if len(varies) > 2:
        raise ScenarioError(
            f"--plot draws an off-ramp map over one or two varied keys; this sweep varies "
            f"{len(varies)} ({', '.join(v.key for v in varies)})")
    if result.kind == "cascade" and len(varies) != 1:
        raise ScenarioError("--plot of a cascade sweep draws the share of defectors against "
                            f"one varied key; this sweep varies {len(varies)}")
    if len(varies) == 2 and (len(varies[0].values) < 2 or len(varies[1].values) < 2):
        raise ScenarioError("an off-ramp map needs at least 2 points on each varied key")
    own = ax is None
    if own:
        _, ax = plt.subplots(figsize=(7, 5) if result.kind == "cascade" else (7, 5.5))
    fig = ax.figure
    try:
        if result.kind == "cascade":
            key = varies[0].key
            xs = df[key].to_numpy(dtype=float)
            for col in (c for c in df.columns if c.startswith("mean_share[")):
                ax.plot(xs, df[col].to_numpy(dtype=float), marker="o", ms=3, lw=1.8,
                        label=col[len("mean_share["):-1])
            ax.set_xlabel(axis_label(key))
            ax.set_ylabel("mean final share of defectors")
            ax.set_ylim(-0.02, 1.02)
            ax.set_title(f"{result.title}: cascade size")
            ax.legend(loc="best", fontsize=8)
        elif len(varies) == 2:
            x, y = varies[0].key, varies[1].key
            plot_offramp_map(df, x=x, y=y, margin="margin", ax=ax,
                             title=f"{result.title}: off-ramp map")
        else:
            key = varies[0].key
            xs = df[key].to_numpy(dtype=float)
            m = df["margin"].to_numpy(dtype=float)
            ax.plot(xs, m, color="#0072B2", lw=2, label="off-ramp margin M")
            ax.axhline(0.0, color="black", lw=1)
            viable = m >= 0
            if viable.any():
                ax.fill_between(xs, m.min(), m.max(), where=viable, color="#0072B2", alpha=0.12,
                                step="mid", label="viable (M ≥ 0)")
            ax.set_xlabel(axis_label(key))
            ax.set_ylabel("off-ramp margin M")
            share = float(np.mean(viable))
            ax.set_title(f"{result.title}: viable on {share:.0%} of the range")
            ax.legend(loc="best")
        if path is not None:
            fig.savefig(path, dpi=150, bbox_inches="tight")
    finally:
        if path is not None and own:
            plt.close(fig)
    return ax
