"""The one ``to_frame`` convention of the library (private helpers; see docs/conventions.md).

Every result's ``to_frame()`` returns a tidy (long) :class:`pandas.DataFrame`
with a default ``RangeIndex``, flat string column names and no tuples in its
cells.  A batched result has one integer column per batch axis, ``batch_0``,
``batch_1``, ... (C order, the last axis fastest), placed after any label
columns and before the value columns; a scalar result has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas loads on first use (start-up time: docs/performance.md)
    import pandas as pd

__all__ = ["batch_columns", "batch_frame", "element_frame"]


def batch_columns(shape: tuple[int, ...], repeat: int = 1) -> dict[str, np.ndarray]:
    """``{"batch_0": ..., "batch_1": ...}`` for every element of ``shape``, tiled ``repeat`` times.

    Rows run over ``repeat`` (outer) and the batch elements in C order (inner);
    an empty ``shape`` gives no columns.
    """
    shape = tuple(int(n) for n in shape)
    if not shape:
        return {}
    grid = np.indices(shape).reshape(len(shape), -1)
    return {f"batch_{k}": np.tile(grid[k], repeat) for k in range(len(shape))}


def element_frame(values: Mapping[str, Any], shape: tuple[int, ...] | None = None) -> pd.DataFrame:
    """One row per batch element: batch columns, then each value broadcast to ``shape``.

    ``shape`` defaults to the broadcast shape of the values; a scalar result
    gives one row.
    """
    import pandas as pd

    if shape is None:
        shape = np.broadcast_shapes(*(np.shape(v) for v in values.values()))
    shape = tuple(shape)
    cols: dict[str, Any] = dict(batch_columns(shape))
    for name, v in values.items():
        cols[name] = np.broadcast_to(np.asarray(v), shape).reshape(-1)
    return pd.DataFrame(cols)


def batch_frame(lead: dict[str, Any], values: dict[str, Any], batch: tuple[int, ...]) -> pd.DataFrame:
    """A tidy table: one row per entry of the ``lead`` columns (outer) and batch element (inner).

    ``lead`` maps column -> sequence of length L; ``values`` maps column -> array
    broadcastable to ``(L, *batch)``.  Integer columns ``batch_0``, ``batch_1``, ...
    (one per batch axis; none for ``batch == ()``) follow the lead columns.
    Built with one reshape per column instead of a Python loop over elements.
    """
    import pandas as pd
    n_lead = len(next(iter(lead.values())))
    n_b = int(np.prod(batch)) if batch else 1
    frame: dict[str, Any] = {k: np.repeat(np.asarray(v), n_b) for k, v in lead.items()}
    frame.update(batch_columns(batch, n_lead))
    for name, v in values.items():
        frame[name] = np.broadcast_to(np.asarray(v), (n_lead, *batch)).reshape(-1)
    return pd.DataFrame(frame)
