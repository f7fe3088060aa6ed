"""Private helpers shared by the richer coercion models.

Validation of batched parameters (every failure is a :class:`ParameterError`
naming the field), broadcasting with named errors, and a small mixin that
gives frozen result dataclasses a readable ``__repr__`` and a tidy
``to_frame()`` (one row per batch element).
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

import numpy as np

from .._frames import batch_columns
from ..errors import ParameterError

if TYPE_CHECKING:  # pandas loads on first use (start-up time: docs/performance.md)
    import pandas as pd

__all__ = ["broadcast", "ResultMixin"]


def broadcast(**arrays: np.ndarray) -> tuple[list[np.ndarray], tuple[int, ...]]:
    """Broadcast named arrays to one batch shape (ParameterError naming the culprits)."""
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        desc = ", ".join(f"{k} {a.shape}" for k, a in arrays.items() if a.shape)
        raise ParameterError(
            f"parameter arrays do not broadcast to one batch shape: {desc}",
            ", ".join(k for k, a in arrays.items() if a.shape),
        ) from None
    return [np.broadcast_to(a, shape) for a in arrays.values()], tuple(shape)


def readable_repr(obj: Any) -> str:
    """``Name(field=value, ...)`` of a dataclass with numbers shown as numbers (``0.03``, not
    ``array(0.03)``; ``True``, not ``np.True_``) and arrays summarised by shape and range."""
    parts = [f"{f.name}={_fmt(getattr(obj, f.name))}" for f in fields(obj) if f.repr]
    return f"{type(obj).__name__}({', '.join(parts)})"


def _fmt(v: Any) -> str:
    if isinstance(v, np.generic):  # numpy scalars print as Python numbers and booleans
        v = v.item()
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return f"{v.item():.6g}" if v.dtype.kind == "f" else repr(v.item())
        if v.size == 0:
            return f"array{v.shape}"
        if v.dtype == bool:
            return f"array{v.shape}[{int(v.sum())} True]"
        lo, hi = float(np.min(v)), float(np.max(v))
        return f"array{v.shape}[{lo:.4g}..{hi:.4g}]"
    if isinstance(v, float):
        return f"{v:.6g}"
    return repr(v)


class ResultMixin:
    """Readable repr and ``to_frame()`` for frozen result dataclasses of batched arrays.

    Subclasses list in ``_frame_fields`` the array fields that share the
    batch shape (``batch_shape`` property); ``to_frame()`` gives one row per
    batch element with those fields as columns.
    """

    _frame_fields: tuple[str, ...] = ()
    #: If True the last batch axis is time: ``to_frame()`` gives it its own column ``t``.
    _time_axis: bool = False

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return np.shape(getattr(self, self._frame_fields[0]))

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd
        shape = self.batch_shape
        cols: dict[str, Any] = dict(batch_columns(shape))
        if self._time_axis and shape:  # the last batch axis is time: named t, not batch_k
            cols["t"] = cols.pop(f"batch_{len(shape) - 1}")
        for name in self._frame_fields:
            arr = np.broadcast_to(np.asarray(getattr(self, name)), shape)
            cols[name] = arr.ravel() if shape else [arr.item()]
        return pd.DataFrame(cols)

    def __repr__(self) -> str:
        return readable_repr(self)

    def _repr_html_(self) -> str:
        df = self.to_frame()
        if len(df) > 50:
            df = df.head(50)
        return f"<b>{type(self).__name__}</b>" + df.to_html(
            index=False, float_format=lambda x: f"{x:.6g}"
        )
