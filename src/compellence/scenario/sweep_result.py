"""A finished scenario sweep (:class:`SweepResult`) and the Dask client a sweep may use.

Shared by the campaign and cascade kinds (both return a :class:`SweepResult`),
so neither kind module imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ScenarioError
from .loader import Vary

if TYPE_CHECKING:  # pandas loads on first use (start-up time: docs/performance.md)
    import pandas as pd

__all__ = ["SweepResult", "dask_client"]


def dask_client(backend: str, scheduler: str | None):
    """A ``distributed.Client`` for ``--scheduler ADDR`` (None: none given or not Dask)."""
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
    """A finished sweep: the table (one row per grid point) and what was varied."""

    frame: pd.DataFrame
    varies: tuple[Vary, ...]
    title: str
    kind: str = "campaign"

    @property
    def n_points(self) -> int:
        return len(self.frame)

    @property
    def n_viable(self) -> int:
        """Campaign sweeps: grid points where the off-ramp is viable."""
        if "viable" not in self.frame:
            raise ScenarioError(f"a {self.kind} sweep has no off-ramp viability column")
        return int(self.frame["viable"].sum())

    def summary(self) -> str:
        """One line about the result (what ``compellence sweep`` prints)."""
        head = (f"{self.n_points} grid points over {', '.join(v.key for v in self.varies)}")
        if self.kind == "campaign":
            n = self.n_viable
            return f"{head}; off-ramp viable at {n} ({100.0 * n / max(self.n_points, 1):.1f}%)"
        cols = [c for c in self.frame.columns if c.startswith("mean_share[")]
        parts = [f"{c[len('mean_share['):-1]} {self.frame[c].min():.3g}..{self.frame[c].max():.3g}"
                 for c in cols]
        return f"{head}; mean final share of defectors: " + "; ".join(parts)

    def to_csv(self, path: Any) -> None:
        """Write the table as CSV, atomically (complete or absent; :mod:`compellence.outputs`)."""
        from ..outputs import atomic_output

        with atomic_output(path) as tmp:
            self.frame.to_csv(tmp, index=False)

    def plot(self, path: Any = None, *, ax: Any = None) -> Any:
        """Draw the off-ramp map (margin over the one or two varied keys); return the Axes.

        With ``path`` the picture is written to that file (what ``--plot`` does);
        without it the Axes is returned and a notebook shows the figure.
        Cascade sweeps: the mean final share of defectors per package.
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
