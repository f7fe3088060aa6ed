"""A finished scenario sweep (:class:`SweepResult`) and the Dask client a sweep may use.

Shared by the campaign and cascade kinds (both return a :class:`SweepResult`),
so neither kind module imports the other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ScenarioError
from .loader import Vary

if TYPE_CHECKING:  # pandas loads on first use (start-up time: docs/performance.md)
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["SweepResult", "dask_client"]


def dask_client(backend: str, scheduler: str | None):
    """A ``distributed.Client`` for ``--scheduler ADDR`` (None: none given or not Dask).

    Parameters
    ----------
    backend : str
        The sweep's backend; only ``"dask"`` uses a client.
    scheduler : str or None
        The scheduler's address (``tcp://host:port``); without one,
        :func:`compellence.analysis.sweep` starts and closes a local cluster.

    Returns
    -------
    distributed.Client or None

    Raises
    ------
    ScenarioError
        dask[distributed] is not installed, or the scheduler cannot be reached.

    Examples
    --------
    >>> dask_client("vectorized", None) is None
    True
    """
    if backend != "dask":
        return None
    try:
        from distributed import Client
    except ImportError:
        raise ScenarioError("--backend dask needs dask[distributed]: "
                            "pip install 'compellence[dask]'") from None
    if not scheduler:
        return None  # compellence.analysis.sweep starts (and closes) a local cluster
    try:
        return Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ScenarioError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


@dataclass(frozen=True)
class SweepResult:
    """A finished sweep: the table (one row per grid point) and what was varied.

    Built by :meth:`CampaignScenario.sweep` (and the cascade kind's sweep).

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per grid point: the varied keys and the outputs.
    varies : tuple of Vary
        What was varied.
    title : str
        The scenario's title.
    kind : str
        ``"campaign"`` or ``"cascade"``.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "campaign"
    ... title = "sanctions"
    ... [coercer]
    ... threat_credibility = 0.8
    ... [[instruments]]
    ... kind = "sanctions"
    ... name = "finance"
    ... cost_target = 0.1
    ... reversibility = 0.9
    ... [demand]
    ... concession = 0.3
    ... [assurance]
    ... credibility = 0.9
    ... [horizon]
    ... discount = 0.9
    ... ''', "s.toml")
    >>> scen.sweep({"demand.concession": "0:0.6:4"})
    SweepResult('sanctions', campaign, points=4, varied=['demand.concession'])
    """

    frame: pd.DataFrame
    varies: tuple[Vary, ...]
    title: str
    kind: str = "campaign"

    @property
    def n_points(self) -> int:
        """The number of grid points (rows of the table)."""
        return len(self.frame)

    @property
    def n_viable(self) -> int:
        """Campaign sweeps: grid points where the off-ramp is viable."""
        if "viable" not in self.frame:
            raise ScenarioError(f"a {self.kind} sweep has no off-ramp viability column")
        return int(self.frame["viable"].sum())

    def summary(self) -> str:
        """One line about the result (what ``compellence sweep`` prints).

        Returns
        -------
        str
            Points and varied keys; the viable share (campaign) or the range of the
            mean final share of defectors per package (cascade).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> scen.sweep({"demand.concession": "0:0.6:4"}).summary()
        '4 grid points over demand.concession; off-ramp viable at 3 (75.0%)'
        """
        head = (f"{self.n_points} grid points over {', '.join(v.key for v in self.varies)}")
        if self.kind == "campaign":
            n = self.n_viable
            return f"{head}; off-ramp viable at {n} ({100.0 * n / max(self.n_points, 1):.1f}%)"
        cols = [c for c in self.frame.columns if c.startswith("mean_share[")]
        parts = [f"{c[len('mean_share['):-1]} {self.frame[c].min():.3g}..{self.frame[c].max():.3g}"
                 for c in cols]
        return f"{head}; mean final share of defectors: " + "; ".join(parts)

    def to_csv(self, path: str | os.PathLike) -> None:
        """Write the table as CSV, atomically (complete or absent; :mod:`compellence.outputs`).

        Parameters
        ----------
        path : str or os.PathLike
            The file to write.

        Raises
        ------
        OutputError
            The file cannot be written.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "sweep.csv"
        >>> scen.sweep({"demand.concession": "0:0.6:4"}).to_csv(path)
        >>> path.read_text().splitlines()[0].split(",")[:2]
        ['demand.concession', 'margin']
        """
        from ..outputs import atomic_output

        with atomic_output(path) as tmp:
            self.frame.to_csv(tmp, index=False)

    def plot(self, path: str | os.PathLike | None = None, *, ax: Axes | None = None) -> Axes:
        """Draw the off-ramp map (margin over the one or two varied keys); return the Axes.

        With ``path`` the picture is written to that file (what ``--plot`` does);
        without it the Axes is returned and a notebook shows the figure.
        Cascade sweeps: the mean final share of defectors per package.

        Parameters
        ----------
        path : str or os.PathLike or None, optional
            A picture file to write (format from the suffix); ``None`` (default)
            writes nothing.
        ax : matplotlib.axes.Axes or None, optional
            Axes to draw on; ``None`` makes a new figure.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.

        Raises
        ------
        ScenarioError
            More than two varied keys.
        OutputError
            The picture cannot be written.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ax = scen.sweep({"demand.concession": "0:0.6:4"}).plot()
        >>> ax.get_xlabel()
        'demand concession'
        """
        from .plotting import plot_sweep

        return plot_sweep(self, path, ax=ax)

    def _repr_html_(self) -> str:
        """Jupyter: the summary line and the table (first and last rows)."""
        import html

        table = self.frame.to_html(max_rows=20, index=False, float_format=lambda v: f"{v:.4g}")
        return f"<p><b>{html.escape(self.title)}</b>: {html.escape(self.summary())}</p>{table}"

    def __repr__(self) -> str:
        return (f"SweepResult({self.title!r}, {self.kind}, points={self.n_points}, "
                f"varied={[v.key for v in self.varies]})")
