"""Parameter sweeps: vectorised first, then a process pool, then Dask.

A *model* is a callable taking keyword parameters and returning its outputs:

* a mapping ``{name: value}`` (or a :class:`pandas.Series`, a dataclass, an
  object with a ``sweep_outputs()`` method, a :class:`~compellence.Solution`
  whose equilibrium values become ``value_<player>`` columns, or one number,
  which becomes the column ``value``);
* a *vectorised* model (declared with :func:`vectorized` or ``vectorized=True``)
  receives 1-D arrays, one per parameter, and returns arrays of that length
  (or scalars, broadcast);
* a *pointwise* model receives one Python scalar per parameter.

An object with a ``sweep_outputs(**params)`` method is also a model (its
``vectorized`` attribute, if true, declares it batch-first).

The grid is a mapping ``{name: values}`` (the Cartesian product, first name
varying slowest, like :func:`itertools.product`) or a :class:`pandas.DataFrame`
whose rows are the points.  The result is a tidy DataFrame: one row per
point, the parameter columns, then the output columns, identical whichever
backend computed it (every backend evaluates the same chunks the same way).

Example::

    import numpy as np
    import compellence as cp
    from compellence.coercion.offramp import offramp_margin

    df = cp.analysis.sweep(
        offramp_margin,
        {"pi_T": np.linspace(0, 1, 1000), "r": np.linspace(0, 1, 1000)},
        fixed={"x": 0.3, "s": 0.2, "delta": 0.9, "pi_A": 0.8},
        vectorized=True,               # batch-first: one call per chunk of 262,144 points
        checkpoint="runs/offramp",     # resumable; refused if the model or grid changes
    )

Backends:

``"vectorized"``
    one call per chunk in this process (the whole sweep is one call when it
    fits in one chunk): the batch-first route of the library.
``"serial"``
    pointwise calls in this process.
``"process"``
    chunks in a :class:`concurrent.futures.ProcessPoolExecutor` (``forkserver``
    start method where available, else ``spawn``; the model is sent with
    cloudpickle when installed, so lambdas and notebook functions work).
``"dask"``
    chunks on a Dask cluster: the ``client`` given, or a ``LocalCluster`` on
    127.0.0.1 started (and closed) for the call.  Workers of a remote cluster
    need compellence installed; the model travels with cloudpickle.
``"auto"``
    ``"vectorized"`` if the model is declared vectorised; otherwise the first
    chunk runs in this process and, if the rest would take more than about
    two seconds, the remaining chunks go to the process pool.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import pickle
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..errors import ParameterError, SweepOutputError
from ..validation import check_int
from .checkpoint import CheckpointStore, model_identity, stable_hash

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["sweep", "vectorized", "product_grid", "SweepOutputError", "Backend"]

Backend = Literal["auto", "vectorized", "serial", "process", "dask"]
_BACKENDS = ("auto", "vectorized", "serial", "process", "dask")
_MARK = "__compellence_vectorized__"
#: Default points per chunk for vectorised models (bounds memory: ~2 MB per float column).
VECTOR_CHUNK = 1 << 18
#: Auto backend: move a pointwise sweep to processes if the rest would take longer than this.
AUTO_PROCESS_SECONDS = 2.0




# ---------------------------------------------------------------------- models
class _VectorizedModel:
    """Wrapper marking a callable that cannot carry attributes as vectorised."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.__compellence_wrapped__ = fn
        setattr(self, _MARK, True)
        try:
            self.__signature__ = inspect.signature(fn)
        except (TypeError, ValueError):  # no signature to check
            pass

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__compellence_wrapped__(*args, **kwargs)

    def __repr__(self) -> str:
        return f"vectorized({self.__compellence_wrapped__!r})"


def vectorized(
    fn: Callable[..., Any] | None = None, /
) -> Callable[..., Any]:
    """Declare a model batch-first: it accepts 1-D parameter arrays and returns arrays.

    Use as a decorator (``@vectorized``) or call (``vectorized(fn)``).  A
    vectorised model's outputs must have the length of its inputs (scalars
    are broadcast).  :func:`sweep` with ``backend="auto"`` evaluates such a
    model in one call per chunk instead of once per point.

    Parameters
    ----------
    fn : callable, optional
        The model; without it, ``vectorized()`` returns the decorator.

    Returns
    -------
    callable
        ``fn`` itself, marked as vectorised (or the decorator).

    Raises
    ------
    ParameterError
        ``fn`` is not callable.

    Examples
    --------
    >>> from compellence.analysis import sweep, vectorized
    >>> @vectorized
    ... def model(a, b):
    ...     return {"sum": a + b}
    >>> df = sweep(model, {"a": [0.0, 1.0], "b": [10.0, 20.0]}, progress=False)
    >>> df["sum"].tolist(), df.attrs["sweep"]["backend"]
    ([10.0, 20.0, 11.0, 21.0], 'vectorized')
    """

    def mark(f: Callable[..., Any]) -> Any:
        if not callable(f):
            raise ParameterError(f"vectorized() needs a callable, got {type(f).__name__}", "model")
        try:
            setattr(f, _MARK, True)
            return f
        except (AttributeError, TypeError):  # builtins, bound methods, ufuncs
            return _VectorizedModel(f)

    return mark if fn is None else mark(fn)


def _call_target(model: Any) -> Callable[..., Any]:
    target = getattr(model, "sweep_outputs", None)
    if target is not None and callable(target) and not inspect.isroutine(model):
        return target
    return model


def _declared_vectorized(model: Any) -> bool:
    if getattr(model, _MARK, False):
        return True
    target = getattr(model, "sweep_outputs", None)
    if target is not None and (getattr(target, _MARK, False) or getattr(model, "vectorized", False) is True):
        return True
    return False


def _check_signature(target: Callable[..., Any], names: list[str], fixed: Mapping[str, Any]) -> None:
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):  # builtins without a signature: nothing to check
        return
    params = sig.parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    accepted = {
        n for n, p in params.items()
        if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    }
    for n in [*names, *fixed]:
        if n not in accepted:
            raise ParameterError(
                f"the model does not take a parameter {n!r}; it takes {sorted(accepted)}", n
            )
    given = set(names) | set(fixed)
    for n, p in params.items():
        if (
            p.default is inspect.Parameter.empty
            and p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
            and n not in given
        ):
            raise ParameterError(
                f"the model needs parameter {n!r}, which is neither in the grid nor in fixed=", n
            )


# ---------------------------------------------------------------------- outputs
def _output_mapping(out: Any) -> Mapping[str, Any]:
    """Turn what a model returned into ``{name: value}``."""
    pd = sys.modules.get("pandas")  # a Series output means pandas is loaded: never import it here
    hook = getattr(out, "sweep_outputs", None)
    if hook is not None and callable(hook) and not isinstance(out, type):
        out = hook()
    if pd is not None and isinstance(out, pd.Series):
        return {str(k): v for k, v in out.items()}
    if isinstance(out, Mapping):
        for k in out:
            if not isinstance(k, str):
                raise SweepOutputError(f"output names must be strings, got {k!r}")
        return out
    game = getattr(out, "game", None)
    if game is not None and hasattr(out, "node_value") and hasattr(game, "players"):
        value = np.asarray(out.value)
        return {f"value_{p}": value[j] for j, p in enumerate(game.players)}
    if dataclasses.is_dataclass(out) and not isinstance(out, type):
        fields = {}
        for f in dataclasses.fields(out):
            v = getattr(out, f.name)
            a = np.asarray(v) if isinstance(v, (int, float, bool, str, np.ndarray, np.generic)) else None
            if a is not None and a.dtype.kind in "biufcUS":
                fields[f.name] = v
        if not fields:
            raise SweepOutputError(
                f"the model returned a {type(out).__name__} with no numeric fields to tabulate"
            )
        return fields
    if isinstance(out, (int, float, bool, complex, np.generic, np.ndarray)):
        return {"value": out}
    raise SweepOutputError(
        f"the model returned a {type(out).__name__}; return a dict of outputs "
        "(name -> number or array), a pandas Series, a dataclass or a number"
    )


def _column(name: str, value: Any, m: int, where: str) -> np.ndarray:
    try:
        a = np.asarray(value)
    except Exception:
        raise SweepOutputError(f"output {name!r} {where} is not array-like") from None
    if a.dtype.kind == "O":
        try:
            a = np.asarray(a.tolist(), dtype=float if not a.size or not isinstance(a.flat[0], str) else str)
        except (TypeError, ValueError):
            raise SweepOutputError(
                f"output {name!r} {where} holds {type(a.flat[0]).__name__} objects; outputs must "
                "be numbers, booleans or text"
            ) from None
    if a.dtype.kind not in "biufcUS":
        raise SweepOutputError(
            f"output {name!r} {where} has dtype {a.dtype}; outputs must be numbers, booleans or text"
        )
    if a.ndim == 0:
        return np.full(m, a[()], dtype=a.dtype)
    if a.shape != (m,):
        raise SweepOutputError(
            f"output {name!r} {where} has shape {a.shape}; a vectorised model must return "
            f"arrays of the inputs' length ({m},) or scalars"
        )
    return a


def _eval_chunk(
    target: Callable[..., Any],
    params: dict[str, np.ndarray],
    fixed: Mapping[str, Any],
    vector: bool,
    start: int,
) -> dict[str, np.ndarray]:
    """Evaluate one chunk: ``{output: array of the chunk length}``."""
    m = len(next(iter(params.values())))
    if vector:
        out = _output_mapping(target(**params, **fixed))
        where = f"(chunk starting at point {start})"
        return {str(k): _column(str(k), v, m, where) for k, v in out.items()}
    lists = {k: v.tolist() for k, v in params.items()}
    names: list[str] | None = None
    cols: dict[str, list] = {}
    for i in range(m):
        kw = {k: lists[k][i] for k in lists}
        try:
            out = _output_mapping(target(**kw, **fixed))
        except Exception as e:
            e.add_note(f"(while evaluating sweep point {start + i}: {kw})")
            raise
        keys = list(out)
        if names is None:
            names = keys
            cols = {k: [] for k in keys}
        elif keys != names:
            raise SweepOutputError(
                f"the model returned outputs {keys} at point {start + i} ({kw}) but {names} "
                "at earlier points; every point must give the same outputs"
            )
        for k in keys:
            v = out[k]
            if np.ndim(v) != 0:
                raise SweepOutputError(
                    f"output {k!r} at point {start + i} ({kw}) has shape {np.shape(v)}; a "
                    "pointwise model returns one scalar per output (declare it vectorized "
                    "if it takes arrays)"
                )
            cols[k].append(v)
    assert names is not None
    return {k: _column(k, cols[k], m, f"(chunk starting at point {start})") for k in names}


# worker-process state (process backend): the model is sent once per worker
_WORKER: dict[str, Any] = {}


def _loads(blob: bytes) -> Any:
    return pickle.loads(blob)


#: How often a process-pool worker checks that the sweeping process is still alive (seconds).
WATCHDOG_INTERVAL = 0.25


def _worker_init(blob: bytes, owner: int | None = None) -> None:
    _WORKER["target"], _WORKER["fixed"], _WORKER["vector"] = _loads(blob)
    if owner is not None:
        _start_watchdog(owner)


def _start_watchdog(owner: int) -> None:
    """End this worker soon after the process that runs the sweep dies (SIGKILL included).

    A killed parent cannot shut its pool down: without this, the workers (children of the
    forkserver) would wait on their task queue for minutes, holding the caller's stdout
    and memory.  A daemon thread polls the owner's pid and exits the worker when it is
    gone (or when this worker was re-parented)."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(WATCHDOG_INTERVAL)
            alive = os.getppid() == parent
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                alive = False
            except PermissionError:  # pragma: no cover - a pid reused by another user's process
                alive = False
            if not alive:
                os._exit(1)

    threading.Thread(target=watch, name="compellence-sweep-watchdog", daemon=True).start()


def _worker_run(params: dict[str, np.ndarray], start: int) -> dict[str, np.ndarray]:
    return _eval_chunk(_WORKER["target"], params, _WORKER["fixed"], _WORKER["vector"], start)


def _dask_run(blob: bytes, params: dict[str, np.ndarray], start: int) -> dict[str, np.ndarray]:
    target, fixed, vector = _loads(blob)
    return _eval_chunk(target, params, fixed, vector, start)


def _dumps(obj: Any) -> bytes:
    try:
        import cloudpickle  # ships with dask; pickles lambdas and __main__ functions by value
    except ImportError:  # pragma: no cover - cloudpickle is installed with the dask extra
        return pickle.dumps(obj)
    return cloudpickle.dumps(obj)


# ---------------------------------------------------------------------- grids
@dataclass
class _Grid:
    names: list[str]
    n: int
    axes: list[np.ndarray] | None = None  # product grid
    frame: pd.DataFrame | None = None  # explicit points

    @property
    def shape(self) -> list[int] | None:
        return [len(a) for a in self.axes] if self.axes is not None else None

    def points(self, start: int, stop: int) -> dict[str, np.ndarray]:
        if self.axes is not None:
            idx = np.unravel_index(np.arange(start, stop), tuple(self.shape or ()))
            return {n: a[i] for n, a, i in zip(self.names, self.axes, idx)}
        assert self.frame is not None
        return {n: self.frame[n].to_numpy()[start:stop] for n in self.names}

    def columns(self) -> dict[str, Any]:
        if self.axes is not None:
            shape = tuple(self.shape or ())
            out = {}
            for k, (n, a) in enumerate(zip(self.names, self.axes)):
                view = a.reshape([-1 if j == k else 1 for j in range(len(shape))])
                out[n] = np.broadcast_to(view, shape).ravel()
            return out
        assert self.frame is not None
        return {n: self.frame[n].to_numpy() for n in self.names}

    def describe(self) -> dict[str, Any]:
        if self.axes is not None:
            digest = stable_hash("product", self.names, self.axes)
            return {"kind": "product", "names": self.names, "shape": self.shape,
                    "n_points": self.n, "sha256": digest}
        assert self.frame is not None
        digest = stable_hash("points", self.names, [self.frame[n].to_numpy() for n in self.names])
        return {"kind": "points", "names": self.names, "shape": None, "n_points": self.n,
                "sha256": digest}


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise ParameterError(
            f"grid parameter names must be valid Python identifiers (they are passed as keyword "
            f"arguments), got {name!r}",
            "grid",
        )
    return name


def _axis(name: str, values: Any) -> np.ndarray:
    if isinstance(values, (str, bytes)) or np.ndim(values) == 0:
        arr = np.asarray([values])
    else:
        try:
            arr = np.asarray(values)
        except (TypeError, ValueError):
            raise ParameterError("grid values must be a 1-D sequence of numbers or labels", name) from None
    if arr.ndim != 1:
        raise ParameterError(
            f"grid values must be one-dimensional, got shape {arr.shape} (use a DataFrame of "
            "points for irregular grids)",
            name,
        )
    if arr.size == 0:
        raise ParameterError("grid values are empty; give at least one value", name)
    if arr.dtype.kind not in "biufcUSO":
        raise ParameterError(f"grid values of dtype {arr.dtype} are not supported", name)
    return arr


def _make_grid(grid: Any) -> _Grid:
    import pandas as pd
    if isinstance(grid, pd.DataFrame):
        if grid.shape[1] == 0:
            raise ParameterError("the grid DataFrame has no columns", "grid")
        if grid.shape[0] == 0:
            raise ParameterError("the grid DataFrame has no rows (no points to evaluate)", "grid")
        names = [_check_name(c) for c in grid.columns]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise ParameterError(f"the grid DataFrame has the column {dup!r} twice", dup)
        return _Grid(names=names, n=int(grid.shape[0]), frame=grid.reset_index(drop=True))
    if isinstance(grid, Mapping):
        if not grid:
            raise ParameterError("the grid is empty; give {parameter: values, ...}", "grid")
        names = [_check_name(k) for k in grid]
        axes = [_axis(k, v) for k, v in grid.items()]
        n = int(np.prod([len(a) for a in axes], dtype=np.int64))
        return _Grid(names=names, n=n, axes=axes)
    raise ParameterError(
        f"grid must be a mapping {{parameter: values}} (a product grid) or a DataFrame of "
        f"points, got {type(grid).__name__}",
        "grid",
    )


def product_grid(**values: Any) -> pd.DataFrame:
    """The points of the product grid ``values`` as a DataFrame (first name slowest).

    Parameters
    ----------
    **values : array_like or scalar
        ``name=values`` per axis (a scalar is a one-value axis).

    Returns
    -------
    pandas.DataFrame
        One row per point, one column per name.

    Examples
    --------
    >>> from compellence.analysis import product_grid
    >>> product_grid(a=[1, 2], b=[0.5, 1.5, 2.5]).values.tolist()
    [[1.0, 0.5], [1.0, 1.5], [1.0, 2.5], [2.0, 0.5], [2.0, 1.5], [2.0, 2.5]]
    """
    import pandas as pd
    g = _make_grid(values)
    return pd.DataFrame(g.columns())


# ---------------------------------------------------------------------- progress
def _progress_enabled(progress: bool) -> bool:
    if not progress:
        return False
    if "ipykernel" in sys.modules:  # a notebook: tqdm.auto draws a widget
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _bar(total: int, show: bool) -> Any:
    if not show:
        return None
    from tqdm.auto import tqdm

    # delay=1: nothing is drawn for sweeps that finish within a second
    return tqdm(total=total, delay=1.0, unit="pt", desc="sweep", leave=False)


# ---------------------------------------------------------------------- backends
def _n_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _mp_context() -> Any:
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def _run_local(job: _Job, pending: list[int]) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
    for i in pending:
        a, b = job.bounds(i)
        yield i, _eval_chunk(job.target, job.grid.points(a, b), job.fixed, job.vector, a)


def _run_process(job: _Job, pending: list[int], workers: int) -> Iterator[tuple[int, dict]]:
    blob = job.blob()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=_mp_context(), initializer=_worker_init,
        initargs=(blob, os.getpid()),
    ) as pool:
        todo = iter(pending)
        running: dict[Any, int] = {}
        try:
            for i in todo:  # keep at most 2 chunks per worker in flight (bounded memory)
                a, b = job.bounds(i)
                running[pool.submit(_worker_run, job.grid.points(a, b), a)] = i
                if len(running) >= 2 * workers:
                    break
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    i = running.pop(fut)
                    yield i, fut.result()
                    nxt = next(todo, None)
                    if nxt is not None:
                        a, b = job.bounds(nxt)
                        running[pool.submit(_worker_run, job.grid.points(a, b), a)] = nxt
        finally:
            for fut in running:
                fut.cancel()


def _run_dask(job: _Job, pending: list[int], workers: int, client: Any) -> Iterator[tuple[int, dict]]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ParameterError(
            "backend='dask' needs dask.distributed: pip install 'compellence[dask]'", "backend"
        ) from None
    own = client is None
    cluster = None
    if own:
        with warnings.catch_warnings():  # the loopback HTTP port may be taken: a random one is fine
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, host="127.0.0.1",
            )
        client = Client(cluster)
    elif not isinstance(client, Client):
        raise ParameterError(
            f"client must be a distributed.Client, got {type(client).__name__}", "client"
        )
    try:
        blob = client.scatter(job.blob(), broadcast=True, hash=False)
        todo = iter(pending)
        keys: dict[str, int] = {}
        futures = []
        limit = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        for i in todo:
            a, b = job.bounds(i)
            f = client.submit(_dask_run, blob, job.grid.points(a, b), a, pure=False)
            keys[f.key] = i
            futures.append(f)
            if len(futures) >= limit:
                break
        ac = as_completed(futures)
        for fut in ac:
            i = keys.pop(fut.key)
            result = fut.result()
            fut.release()
            yield i, result
            nxt = next(todo, None)
            if nxt is not None:
                a, b = job.bounds(nxt)
                f = client.submit(_dask_run, blob, job.grid.points(a, b), a, pure=False)
                keys[f.key] = nxt
                ac.add(f)
    finally:
        if own:
            client.close()
            assert cluster is not None
            cluster.close()


@dataclass
class _Job:
    model: Any
    target: Callable[..., Any]
    grid: _Grid
    fixed: dict[str, Any]
    vector: bool
    chunk: int

    @property
    def n_chunks(self) -> int:
        return -(-self.grid.n // self.chunk)

    def bounds(self, i: int) -> tuple[int, int]:
        return i * self.chunk, min((i + 1) * self.chunk, self.grid.n)

    def blob(self) -> bytes:
        try:
            return _dumps((self.target, self.fixed, self.vector))
        except Exception as e:
            raise ParameterError(
                f"the model cannot be sent to worker processes ({type(e).__name__}: {e}); define "
                "it at module level, make it picklable, or use backend='serial'",
                "model",
            ) from None


# ---------------------------------------------------------------------- sweep
def sweep(
    model: Callable[..., Any],
    grid: Mapping[str, Any] | pd.DataFrame,
    *,
    backend: Backend = "auto",
    chunk: int | None = None,
    checkpoint: str | os.PathLike | None = None,
    progress: bool = True,
    vectorized: bool | None = None,
    fixed: Mapping[str, Any] | None = None,
    workers: int | None = None,
    client: Any = None,
) -> pd.DataFrame:
    """Evaluate ``model`` at every point of ``grid``; a tidy DataFrame, one row per point.

    Parameters
    ----------
    model : callable
        A callable taking the grid's parameters (and ``fixed``) as keyword
        arguments, or an object with a ``sweep_outputs(**params)`` method.
        See the module docstring for what it may return.
    grid : Mapping[str, array_like] or pandas.DataFrame
        ``{name: values}`` for the product grid (first name slowest; a scalar
        is a one-value axis) or a DataFrame whose rows are the points.
    backend : {"auto", "vectorized", "serial", "process", "dask"}, optional
        How the points are evaluated.
    chunk : int, optional
        Points per chunk: the unit of work, of memory and of checkpointing.
        Default: 262,144 for vectorised models, else ``ceil(n / 64)`` capped
        at 10,000 (independent of the machine, so checkpoints resume anywhere).
    checkpoint : str or os.PathLike, optional
        A directory: each finished chunk is stored there atomically with a
        manifest of the sweep; a rerun computes only the missing chunks.  A
        checkpoint of a different model, grid, chunking or ``fixed`` is
        refused with :class:`~compellence.errors.CheckpointError`.
    progress : bool, optional
        Show a tqdm bar (after one second, and only on a terminal or notebook).
    vectorized : bool, optional
        Declare the model batch-first (overrides :func:`vectorized` marks).
    fixed : Mapping[str, Any], optional
        Constant keyword arguments passed on every call (part of the checkpoint identity).
    workers : int, optional
        Processes for ``"process"`` (default: the CPUs available) or workers of
        the LocalCluster started for ``"dask"``.
    client : distributed.Client, optional
        A Dask client for ``backend="dask"`` (``"auto"`` with a client means Dask).

    Returns
    -------
    pandas.DataFrame
        Parameter columns then output columns.  ``df.attrs["sweep"]`` records
        the backend used, the number of chunks and how many were loaded from
        the checkpoint.

    Raises
    ------
    ParameterError
        A model that is not callable, an unknown ``backend``, a name both in the grid and in
        ``fixed``, or inconsistent options (field: the option).
    SweepOutputError
        Outputs that cannot form a table (different names per chunk, a name of a grid
        parameter, wrong lengths).
    CheckpointError
        ``checkpoint`` holds another sweep or cannot be used.

    Examples
    --------
    >>> from compellence.analysis import sweep
    >>> def model(x, y):
    ...     return {"product": x * y, "larger": max(x, y)}
    >>> df = sweep(model, {"x": [1, 2], "y": [3, 4]}, backend="serial", progress=False)
    >>> df
       x  y  product  larger
    0  1  3        3       3
    1  1  4        4       4
    2  2  3        6       3
    3  2  4        8       4
    """
    import pandas as pd
    t0 = time.perf_counter()
    backend, chunk, workers, fixed = _check_options(
        model, backend, chunk, progress, vectorized, fixed, workers, client
    )
    g = _make_grid(grid)
    clash = set(g.names) & set(fixed)
    if clash:
        name = sorted(clash)[0]
        raise ParameterError("is both a grid parameter and a fixed argument", name)
    target = _call_target(model)
    _check_signature(target, g.names, fixed)
    vector = _resolve_vectorized(model, backend, vectorized)
    if chunk is None:
        chunk = VECTOR_CHUNK if vector else min(max(1, -(-g.n // 64)), 10_000)
    job = _Job(model=model, target=target, grid=g, fixed=fixed, vector=vector, chunk=chunk)

    store = _open_checkpoint(checkpoint, job) if checkpoint is not None else None
    collector = _Collector(job, store, _bar(g.n, _progress_enabled(progress)))
    loaded = len(collector.done)
    pending = [i for i in range(job.n_chunks) if i not in collector.done]
    try:
        used = _dispatch(job, pending, backend, workers or _n_cpus(), client, collector.accept)
    finally:
        collector.close()

    df = pd.DataFrame(collector.columns())
    df.attrs["sweep"] = {
        "backend": "+".join(used) if used else "checkpoint",
        "mode": "vectorized" if vector else "pointwise",
        "chunk": chunk,
        "n_chunks": job.n_chunks,
        "chunks_loaded": loaded,
        "checkpoint": str(Path(os.fspath(checkpoint))) if checkpoint is not None else None,
        "seconds": time.perf_counter() - t0,
    }
    return df


def _check_options(
    model: Any, backend: Any, chunk: Any, progress: Any, vectorized: Any, fixed: Any,
    workers: Any, client: Any,
) -> tuple[str, int | None, int | None, dict[str, Any]]:
    """Validate :func:`sweep`'s options; the backend (a client means Dask), chunk, workers, fixed."""
    if not callable(model) and not callable(getattr(model, "sweep_outputs", None)):
        raise ParameterError(
            f"model must be callable or have a sweep_outputs() method, got {type(model).__name__}",
            "model",
        )
    if backend not in _BACKENDS:
        raise ParameterError(f"backend must be one of {list(_BACKENDS)}, got {backend!r}", "backend")
    if vectorized is not None and not isinstance(vectorized, bool):
        raise ParameterError(f"must be True, False or None, got {vectorized!r}", "vectorized")
    if not isinstance(progress, bool):
        raise ParameterError(f"must be True or False, got {progress!r}", "progress")
    chunk = None if chunk is None else check_int(chunk, "chunk", 1)
    workers = None if workers is None else check_int(workers, "workers", 1)
    if client is not None:
        if backend == "auto":
            backend = "dask"
        elif backend != "dask":
            raise ParameterError(f"a Dask client was given but backend={backend!r}", "client")
    if fixed is None:
        fixed = {}
    elif not isinstance(fixed, Mapping):
        raise ParameterError(f"must be a mapping of name -> value, got {type(fixed).__name__}", "fixed")
    return backend, chunk, workers, {_check_name(k): v for k, v in fixed.items()}


def _resolve_vectorized(model: Any, backend: str, vectorized: bool | None) -> bool:
    """Whether the model is called once per chunk with arrays (declared, or forced by the backend)."""
    vector = _declared_vectorized(model) if vectorized is None else vectorized
    if backend == "vectorized":
        if vectorized is False:
            raise ParameterError(
                "backend='vectorized' calls the model with arrays, but vectorized=False",
                "vectorized",
            )
        vector = True
    return vector


def _open_checkpoint(checkpoint: str | os.PathLike, job: _Job) -> CheckpointStore:
    """Open (or create) the checkpoint directory, fingerprinting everything the results depend on."""
    parts = {
        "model": model_identity(job.model),
        "grid": job.grid.describe(),
        "fixed_sha256": stable_hash(job.fixed),
        "mode": "vectorized" if job.vector else "pointwise",
        "chunk": job.chunk,
        "n_chunks": job.n_chunks,
        "n_points": job.grid.n,
    }
    return CheckpointStore.open(checkpoint, parts)


class _Collector:
    """Finished chunks: checks their outputs agree, stores them (and to the checkpoint), counts progress."""

    def __init__(self, job: _Job, store: CheckpointStore | None, bar: Any) -> None:
        self.job, self.store, self.bar = job, store, bar
        self.done: dict[int, dict[str, np.ndarray]] = store.load() if store is not None else {}
        self.names: list[str] | None = next((list(out) for out in self.done.values()), None)
        if bar is not None and self.done:
            bar.update(sum(b - a for a, b in map(job.bounds, self.done)))

    def accept(self, i: int, out: dict[str, np.ndarray]) -> None:
        if self.names is None:
            self.names = list(out)
            for k in self.names:
                if k in self.job.grid.names:
                    raise SweepOutputError(
                        f"output {k!r} has the name of a grid parameter; rename one of them"
                    )
        elif list(out) != self.names:
            raise SweepOutputError(
                f"chunk {i} gave outputs {list(out)} but other chunks gave {self.names}; every "
                "point must give the same outputs"
            )
        if self.store is not None:
            self.store.write(i, out)
        self.done[i] = out
        if self.bar is not None:
            a, b = self.job.bounds(i)
            self.bar.update(b - a)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def columns(self) -> dict[str, Any]:
        """Parameter columns then output columns, chunks in order."""
        assert self.names is not None
        columns: dict[str, Any] = dict(self.job.grid.columns())
        n_chunks = self.job.n_chunks
        for k in self.names:
            parts = [self.done[i][k] for i in range(n_chunks)]
            col = np.concatenate(parts) if n_chunks > 1 else parts[0]
            columns[k] = col.astype(object) if col.dtype.kind in "US" else col
        return columns


def _dispatch(
    job: _Job, pending: list[int], backend: str, workers: int, client: Any,
    accept: Callable[[int, dict[str, np.ndarray]], None],
) -> list[str]:
    """Run the pending chunks on the backend, passing each result to ``accept``; the backends used.

    ``"auto"`` on a pointwise model times the first chunk in this process and moves
    the rest to a process pool only when they would take longer than
    :data:`AUTO_PROCESS_SECONDS` and the model can be sent to workers.
    """
    if not pending:
        return []
    if backend == "process":
        runs = [("process", _run_process(job, pending, min(workers, len(pending))))]
    elif backend == "dask":
        runs = [("dask", _run_dask(job, pending, min(workers, len(pending)), client))]
    elif backend == "auto" and not job.vector:
        t1 = time.perf_counter()
        first, rest = pending[0], pending[1:]
        for i, out in _run_local(job, [first]):
            accept(i, out)
        per_chunk = time.perf_counter() - t1
        if _worth_forking(job, workers, rest, per_chunk):
            runs = [("serial", iter(())), ("process", _run_process(job, rest, min(workers, len(rest))))]
        else:
            runs = [("serial", _run_local(job, rest))]
    else:
        runs = [("vectorized" if job.vector else "serial", _run_local(job, pending))]
    for _, results in runs:
        for i, out in results:
            accept(i, out)
    return [name for name, _ in runs]


def _worth_forking(job: _Job, workers: int, rest: list[int], per_chunk: float) -> bool:
    """``"auto"``: a process pool pays when the remaining chunks take long and the model pickles."""
    if workers <= 1 or len(rest) <= 1 or per_chunk * len(rest) <= AUTO_PROCESS_SECONDS:
        return False
    try:
        job.blob()
    except ParameterError as e:
        warnings.warn(f"the sweep stays in this process: {e}", RuntimeWarning, stacklevel=4)
        return False
    return True
