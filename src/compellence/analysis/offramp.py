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
from numpy.typing import ArrayLike

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
def offramp_model(x: ArrayLike, s: ArrayLike, delta: ArrayLike, pi_T: ArrayLike, pi_A: ArrayLike,
                  r: ArrayLike, horizon: ArrayLike | None = None) -> dict[str, np.ndarray]:
    """Outputs of the canonical off-ramp at each point (batched).

    ``margin`` = ``M = (pi_T + pi_A - 1) r s D - x``; ``viable`` = ``M >= 0``;
    ``largest_demand`` = ``max(0, (pi_T + pi_A - 1) r s D)`` (docs/coercion.md), with
    ``D = delta / (1 - delta)`` (or its finite-horizon sum).

    Parameters
    ----------
    x : array_like
        Demanded concession, share of the stake, in ``[0, 1]``.
    s : array_like
        Per-period punishment cost to the target, ``>= 0`` (stake units per period).
    delta : array_like
        Discount factor in ``(0, 1)`` (``(0, 1]`` with a finite horizon).
    pi_T, pi_A : array_like
        Threat / assurance credibility in ``[0, 1]``.
    r : array_like
        Reversibility (share of the punishment that stops when lifted), ``[0, 1]``.
    horizon : array_like, optional
        ``None`` (infinite) or periods ``>= 1``.

    Returns
    -------
    dict[str, numpy.ndarray]
        ``margin``, ``viable`` and ``largest_demand`` per point.

    Raises
    ------
    ParameterError
        A parameter outside its domain (field: its name).

    Examples
    --------
    >>> from compellence.analysis import offramp_model
    >>> out = offramp_model(x=np.array([0.3, 0.9]), s=0.1, delta=0.9, pi_T=0.9, pi_A=0.8, r=1.0)
    >>> np.round(out["margin"], 6).tolist(), out["viable"].tolist()
    ([0.33, -0.27], [True, False])
    """
    m = offramp_margin(x, s, delta, pi_T, pi_A, r, horizon)
    top = largest_demand(s, delta, pi_T, pi_A, r, horizon)
    return {"margin": m, "viable": m >= 0, "largest_demand": np.broadcast_to(top, np.shape(m))}


def offramp_sweep(grid: Mapping[str, Any] | pd.DataFrame, **fixed: Any) -> pd.DataFrame:
    """Run :func:`sweep` of :func:`offramp_model`: ``grid`` over some parameters, ``fixed`` the rest.

    Keyword arguments of :func:`sweep` (``chunk``, ``checkpoint``, ``progress``, ...) may be
    passed in ``fixed`` too and are routed to it.  Draw the result with
    ``plot_offramp_map(df, "pi_T", "r")``.

    Parameters
    ----------
    grid : Mapping[str, array_like] or pandas.DataFrame
        Values of the swept parameters (names of :func:`offramp_model`).
    **fixed : Any
        The other parameters of :func:`offramp_model` (and options of :func:`sweep`).

    Returns
    -------
    pandas.DataFrame
        One row per point: the parameters, ``margin``, ``viable``, ``largest_demand``.

    Raises
    ------
    ParameterError
        A parameter missing or outside its domain.

    Examples
    --------
    >>> from compellence.analysis import offramp_sweep
    >>> df = offramp_sweep({"pi_T": [0.2, 0.9], "r": [0.5, 1.0]}, x=0.3, s=0.2, delta=0.9, pi_A=0.8,
    ...                    progress=False)
    >>> df[["pi_T", "r", "margin", "viable"]].round(3)
       pi_T    r  margin  viable
    0   0.2  0.5   -0.30   False
    1   0.2  1.0   -0.30   False
    2   0.9  0.5    0.33    True
    3   0.9  1.0    0.96    True
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

    Without ``ranges`` each parameter moves by ``+-rel`` of its base value, clipped to its
    domain, except ``delta``, whose impatience ``1 - delta`` moves by ``+-rel`` (so
    ``D = delta / (1 - delta)`` stays finite).  See :func:`~compellence.analysis.oat_sensitivity`.

    Parameters
    ----------
    base : Mapping[str, float]
        ``x, s, delta, pi_T, pi_A, r`` (as in :func:`offramp_model`).
    ranges : Mapping[str, tuple[float, float]], optional
        ``{parameter: (low, high)}`` instead of the ``rel`` rule.
    rel : float, optional
        Relative move of each parameter, in ``(0, 1)``.

    Returns
    -------
    pandas.DataFrame
        As :func:`~compellence.analysis.oat_sensitivity` (largest swing first).

    Raises
    ------
    ParameterError
        ``base`` is not a mapping, lacks a parameter, or ``rel`` is outside ``(0, 1)``.

    Examples
    --------
    >>> from compellence.analysis import offramp_sensitivity
    >>> base = dict(x=0.3, s=0.2, delta=0.9, pi_T=0.7, pi_A=0.6, r=0.8)
    >>> offramp_sensitivity(base)[["parameter", "swing"]].round(3)
      parameter  swing
    0      pi_T  0.403
    1      pi_A  0.346
    2     delta  0.200
    3         r  0.173
    4         s  0.173
    5         x  0.120
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
