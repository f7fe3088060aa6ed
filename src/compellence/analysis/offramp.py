"""Ready-made sweeps of the canonical off-ramp (the model behind the off-ramp map and tornado).

The canonical compellence game (docs/coercion.md): the target complies iff

    x + (1 - r) s D + (1 - pi_A) r s D  <=  (1 - r) s D + pi_T r s D

(the irreversible part is paid on every branch), i.e. iff the off-ramp margin
``M = (pi_T + pi_A - 1) r s D - x`` is ``>= 0``
(``D = delta / (1 - delta)``, or the finite sum over ``horizon`` periods).
The closed form is :func:`compellence.coercion.offramp.offramp_margin`
(batched), so these sweeps are one vectorised call per chunk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..coercion.offramp import largest_demand, offramp_margin
from ..errors import ParameterError
from .sensitivity import oat_sensitivity
from .sweeping import sweep, vectorized

__all__ = ["offramp_model", "offramp_sweep", "offramp_sensitivity", "OFFRAMP_PARAMETERS"]

#: Parameters of the canonical off-ramp and their domains (closed ends unless noted).
OFFRAMP_PARAMETERS: dict[str, tuple[float, float]] = {
    "x": (0.0, 1.0),
    "s": (0.0, np.inf),
    "delta": (0.0, 1.0),  # open at both ends (infinite horizon)
    "pi_T": (0.0, 1.0),
    "pi_A": (0.0, 1.0),
    "r": (0.0, 1.0),
}


@vectorized
def offramp_model(x, s, delta, pi_T, pi_A, r, horizon=None) -> dict[str, np.ndarray]:
    """Outputs of the canonical off-ramp at each point (batched).

    ``margin`` = ``M = (pi_T + pi_A - 1) r s D - x``; ``viable`` = ``M >= 0``;
    ``largest_demand`` = ``max(0, (pi_T + pi_A - 1) r s D)`` (docs/coercion.md).
    """
    m = offramp_margin(x, s, delta, pi_T, pi_A, r, horizon)
    top = largest_demand(s, delta, pi_T, pi_A, r, horizon)
    return {"margin": m, "viable": m >= 0, "largest_demand": np.broadcast_to(top, np.shape(m))}


def offramp_sweep(grid: Mapping[str, Any] | pd.DataFrame, **fixed: Any) -> pd.DataFrame:
    """:func:`sweep` of :func:`offramp_model`: ``grid`` over some parameters, ``fixed`` the rest.

    Example: ``offramp_sweep({"pi_T": np.linspace(0, 1, 200), "r": np.linspace(0, 1, 200)},
    x=0.3, s=0.2, delta=0.9, pi_A=0.8)`` then
    ``plot_offramp_map(df, "pi_T", "r")``.  Keyword arguments of :func:`sweep`
    (``chunk``, ``checkpoint``, ``progress``, ...) may be passed in ``fixed``
    too and are routed to it.
    """
    opts = {k: fixed.pop(k) for k in list(fixed)
            if k in ("backend", "chunk", "checkpoint", "progress", "workers", "client")}
    opts.setdefault("progress", False)
    return sweep(offramp_model, grid, fixed=fixed, **opts)


def offramp_sensitivity(
    base: Mapping[str, float],
    ranges: Mapping[str, tuple[float, float]] | None = None,
    *,
    rel: float = 0.2,
) -> pd.DataFrame:
    """One-at-a-time sensitivity of the off-ramp margin around ``base`` (for a tornado).

    ``base`` gives ``x, s, delta, pi_T, pi_A, r``.  Without ``ranges`` each
    parameter moves by ``+-rel`` of its base value, clipped to its domain,
    except ``delta``, whose impatience ``1 - delta`` moves by ``+-rel`` (so
    ``D = delta / (1 - delta)`` stays finite).  See :func:`~compellence.analysis.oat_sensitivity`.
    """
    if not isinstance(base, Mapping):
        raise ParameterError(f"must be a mapping of parameter -> value, got {type(base).__name__}",
                             "base")
    missing = [p for p in OFFRAMP_PARAMETERS if p not in base]
    if missing:
        raise ParameterError(f"needs a base value for {missing}", "base")
    if not (isinstance(rel, (int, float)) and 0 < rel < 1):
        raise ParameterError(f"must be a fraction in (0, 1), got {rel!r}", "rel")
    if ranges is None:
        ranges = {}
        for p, (lo, hi) in OFFRAMP_PARAMETERS.items():
            v = float(base[p])
            if p == "delta":  # move the impatience 1 - delta, so D stays finite
                ranges[p] = (max(1 - (1 - v) * (1 + rel), 1e-9), 1 - (1 - v) * (1 - rel))
                continue
            ranges[p] = (max(v * (1 - rel), lo), min(v * (1 + rel), hi))
    sens = oat_sensitivity(offramp_model, dict(base), ranges, output="margin")
    return sens
