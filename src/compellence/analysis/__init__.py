"""Analysis: parameter sweeps (vectorised, process pool, Dask) with checkpoints, and plots.

* :func:`sweep` evaluates a model over a grid into a tidy DataFrame;
  :func:`vectorized` declares a model batch-first; ``checkpoint=DIR`` makes a
  sweep resumable after a crash (:mod:`compellence.analysis.checkpoint`).
* :func:`oat_sensitivity` (one-at-a-time sensitivity); :func:`offramp_sweep`,
  :func:`offramp_sensitivity`: ready-made sweeps of the canonical off-ramp.
* Plots (need matplotlib, the ``plot`` extra; imported on first use):
  :func:`plot_offramp_map`, :func:`plot_tornado`,
  :func:`plot_game_tree`, :func:`plot_qre_path`, :func:`plot_cascade`,
  :func:`plot_coalition_window` / :func:`coalition_window`.
"""

from typing import Any

from .checkpoint import model_identity
from .offramp import offramp_model, offramp_sensitivity, offramp_sweep
from .sensitivity import oat_sensitivity
from .sweep import SweepOutputError, product_grid, sweep, vectorized

_PLOTS = (
    "plot_offramp_map",
    "plot_tornado",
    "plot_game_tree",
    "plot_qre_path",
    "plot_cascade",
    "plot_coalition_window",
    "plot_policy_map",
    "plot_paths",
    "plot_offramp_open",
    "coalition_window",
)

__all__ = [
    "sweep",
    "vectorized",
    "product_grid",
    "model_identity",
    "SweepOutputError",
    "oat_sensitivity",
    "offramp_model",
    "offramp_sweep",
    "offramp_sensitivity",
    *_PLOTS,
]


def __getattr__(name: str) -> Any:
    if name in _PLOTS:  # matplotlib is optional: load the plots on first use
        from . import plots

        return getattr(plots, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
