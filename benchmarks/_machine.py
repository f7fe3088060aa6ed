"""What every benchmark prints first (the machine) and how it times (repeats, median, spread).

Times are CPU seconds of this process (``time.process_time``) unless a benchmark
says otherwise: on a shared machine wall-clock time measures the neighbours too.
Peers are interleaved with ours in each repeat, so a load change hits both.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np


def machine() -> str:
    """One line: cores (usable / logical), load average, Python and numpy versions."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = "n/a"
    return (f"machine: {platform.machine()} {platform.system()}, {usable} usable of "
            f"{os.cpu_count()} logical cores, load average (1/5/15 min) {load}; "
            f"Python {platform.python_version()}, numpy {np.__version__}")


def print_machine() -> None:
    print(machine())


def cpu(fn: Callable, *args: Any, **kw: Any) -> tuple[float, Any]:
    """CPU seconds of one call and its result."""
    t0 = time.process_time()
    out = fn(*args, **kw)
    return time.process_time() - t0, out


def summary(samples: list[float] | np.ndarray) -> tuple[float, float, float]:
    """Median, and the spread as the 25th and 75th percentiles."""
    s = np.asarray(samples, dtype=float)
    return float(np.median(s)), float(np.percentile(s, 25)), float(np.percentile(s, 75))


def fmt_spread(samples: list[float] | np.ndarray, unit: float = 1.0) -> str:
    """``median [q25, q75]`` of the samples divided by ``unit``."""
    m, lo, hi = summary(np.asarray(samples, dtype=float) / unit)
    return f"{m:.3g} [{lo:.3g}, {hi:.3g}]"


def ratio_spread(ours: list[float], theirs: list[float]) -> str:
    """Median and quartiles of the per-repeat ratio theirs / ours (same repeat: same load)."""
    r = np.asarray(theirs, dtype=float) / np.maximum(np.asarray(ours, dtype=float), 1e-12)
    return fmt_spread(r)
