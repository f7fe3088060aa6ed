"""Analysis: parameter sweeps (vectorised, process pool, Dask) with checkpoints, and plots.

* :func:`sweep` evaluates a model over a grid into a tidy DataFrame;
  :func:`vectorized` declares a model batch-first; ``checkpoint=DIR`` makes a
  sweep resumable after a crash (:mod:`compellence.analysis.checkpoint`).
* :func:`oat_sensitivity` (one-at-a-time sensitivity); :func:`offramp_sweep`,
  :func:`offramp_sensitivity`: ready-made sweeps of the canonical off-ramp.
* Plots (need matplotlib, the ``plot`` extra): :func:`plot_offramp_map`,
  :func:`plot_tornado`, :func:`plot_game_tree`, :func:`plot_qre_path`,
  :func:`plot_cascade`, :func:`plot_coalition_window` / :func:`coalition_window`,
  :func:`plot_learning`, :func:`plot_sensitivity`, :func:`plot_margin_distribution`,
  :func:`plot_policy_map`, :func:`plot_paths`, :func:`plot_offramp_open` (coercion over time);
  the one-call questions of :mod:`compellence.coercion.questions`:
  :func:`plot_posterior_path`, :func:`plot_settlement_tradeoff`, :func:`plot_aid_separation`.

Only :mod:`.sweeping` (which defines :func:`sweep`) loads with the package (numpy alone; a process-pool worker
imports this package, so it stays cheap); every other name loads its module on
first use (PEP 562).
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .sweeping import SweepOutputError, product_grid, sweep, vectorized

#: public name -> submodule that defines it (loaded on first access)
_LAZY: dict[str, str] = {
    "model_identity": "checkpoint",
    **dict.fromkeys(("offramp_model", "offramp_sensitivity", "offramp_sweep"), "offramp"),
    "oat_sensitivity": "sensitivity",
    **dict.fromkeys(
        ("plot_offramp_map", "plot_tornado", "plot_game_tree", "plot_qre_path", "plot_cascade",
         "plot_coalition_window", "coalition_window", "plot_learning", "simplex_xy",
         "plot_sensitivity", "plot_margin_distribution", "axis_label", "plot_policy_map", "plot_paths",
         "plot_offramp_open"),
        "plots",
    ),
    **dict.fromkeys(("plot_posterior_path", "plot_settlement_tradeoff", "plot_aid_separation"), "question_plots"),
}

__all__ = ["sweep", "vectorized", "product_grid", "SweepOutputError", *_LAZY]


__getattr__, __dir__ = lazy_exports(__name__, {k: "." + v for k, v in _LAZY.items()}, __all__)
