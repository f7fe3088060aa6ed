"""One-at-a-time (OAT) sensitivity analysis of a model output around a base point.

The simplest local sensitivity design (Saltelli et al. 2008, *Global
Sensitivity Analysis: The Primer*, ch. 1): move one parameter at a time to
the ends of its range, the others held at their base values, and rank the
parameters by the swing of the output.  Drawn as a tornado diagram by
:func:`compellence.analysis.plots.plot_tornado`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from ..errors import ParameterError
from .sweeping import sweep

__all__ = ["oat_sensitivity"]


def oat_sensitivity(
    model: Callable[..., Any],
    base: Mapping[str, Any],
    ranges: Mapping[str, tuple[float, float]],
    *,
    output: str | None = None,
    **sweep_kwargs: Any,
) -> pd.DataFrame:
    """One-at-a-time sensitivity of one model output around a base point.

    Each parameter in ``ranges`` is set to its low and its high value while
    the others stay at ``base``; the ``2k + 1`` points are evaluated with
    :func:`sweep` (``sweep_kwargs`` are passed on, e.g. ``vectorized=True``).

    Parameters
    ----------
    model : callable
        A model as for :func:`sweep`.
    base : Mapping[str, Any]
        The base point: every keyword argument of the model.
    ranges : Mapping[str, tuple[float, float]]
        ``{parameter: (low, high)}`` for the parameters to move.
    output : str, optional
        The output to analyse (needed when the model has several numeric outputs).
    **sweep_kwargs : Any
        Passed on to :func:`sweep`.

    Returns
    -------
    pandas.DataFrame
        One row per parameter, sorted by ``swing = |out_high - out_low|`` (largest first):
        ``parameter, base_value, low, high, base_output, output_low, output_high, swing``;
        ``attrs["output"]`` names the output.

    Raises
    ------
    ParameterError
        Empty ``base`` or ``ranges``, a range without a base value or not a pair, or an
        unknown / ambiguous ``output``.

    Examples
    --------
    >>> from compellence.analysis import oat_sensitivity
    >>> def model(a, b):
    ...     return {"y": 3 * a + b}
    >>> table = oat_sensitivity(model, {"a": 1.0, "b": 1.0}, {"a": (0.0, 2.0), "b": (0.0, 2.0)},
    ...                         progress=False)
    >>> table[["parameter", "output_low", "output_high", "swing"]]
      parameter  output_low  output_high  swing
    0         a         1.0          7.0    6.0
    1         b         3.0          5.0    2.0
    """
    if not isinstance(base, Mapping) or not base:
        raise ParameterError("must be a non-empty mapping of parameter -> base value", "base")
    if not isinstance(ranges, Mapping) or not ranges:
        raise ParameterError("must be a non-empty mapping of parameter -> (low, high)", "ranges")
    rows = [dict(base)]
    for name, rng in ranges.items():
        if name not in base:
            raise ParameterError("has a range but no base value", str(name))
        if not (isinstance(rng, Sequence) and len(rng) == 2):
            raise ParameterError(f"range must be a (low, high) pair, got {rng!r}", str(name))
        for v in rng:
            rows.append({**base, name: v})
    points = pd.DataFrame(rows)
    sweep_kwargs.setdefault("progress", False)
    res = sweep(model, points, **sweep_kwargs)
    outs = [c for c in res.columns if c not in points.columns]
    if output is None:
        numeric = [c for c in outs if res[c].dtype.kind in "iuf"]
        if "margin" in numeric:
            output = "margin"
        elif len(numeric) == 1:
            output = numeric[0]
        else:
            raise ParameterError(
                f"the model has several numeric outputs {numeric}; name one with output=...",
                "output",
            )
    elif output not in outs:
        raise ParameterError(f"is not a model output (outputs: {outs})", "output")
    vals = res[output].to_numpy(dtype=float)
    table = []
    for k, (name, (low, high)) in enumerate(ranges.items()):
        o_lo, o_hi = vals[1 + 2 * k], vals[2 + 2 * k]
        table.append((name, base[name], low, high, vals[0], o_lo, o_hi, abs(o_hi - o_lo)))
    df = pd.DataFrame(
        table,
        columns=["parameter", "base_value", "low", "high", "base_output", "output_low",
                 "output_high", "swing"],
    )
    df = df.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    df.attrs["output"] = output
    return df
