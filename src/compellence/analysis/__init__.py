"""Analysis: parameter sweeps (vectorised, process pool, Dask) with checkpoints, and plots.

* :func:`sweep` evaluates a model over a grid into a tidy DataFrame;
  :func:`vectorized` declares a model batch-first.
* :mod:`compellence.analysis.plots` (needs matplotlib, the ``plot`` extra):
  off-ramp maps, tornado diagrams, game trees, QRE paths, cascade curves,
  coalition windows.
"""

from .checkpoint import model_identity
from .sweep import SweepOutputError, product_grid, sweep, vectorized

__all__ = ["sweep", "vectorized", "product_grid", "model_identity", "SweepOutputError"]
