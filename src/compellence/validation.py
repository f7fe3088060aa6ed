"""One family of parameter validators for the whole library.

Every check names the offending field and shows the bad value, and raises a
:class:`~compellence.errors.CompellenceError` subclass: :class:`~compellence.errors.ParameterError`
unless the caller passes another class as ``error`` (for instance
:class:`~compellence.errors.GraphError` for a cascade input).  The module imports only numpy and
:mod:`compellence.errors`, so every layer (games, solvers, cascades, coercion,
linking, analysis) can use it without import cycles.

- :func:`check_real`: a number or numeric array, finite and inside a range (open
  or closed ends, optionally whole numbers); returns a float array (0-d for a
  scalar) that broadcasts over batches, or a Python float with ``scalar=True``;
- :func:`check_probability`: :func:`check_real` on ``[0, 1]``;
- :func:`check_int`: a Python or numpy integer (booleans refused) inside a range;
  returns a Python int;
- :func:`check_choice`: one of an enumerated set of strings;
- :func:`check_bool`: ``True`` or ``False`` (numpy booleans included);
- :func:`check_name`: a non-empty string;
- :func:`require_scalar_game`: refuses a batched game, with one exception class
  (:class:`~compellence.errors.BatchedGameError`) and one message form, in the
  functions that solve one game at a time.

The table conventions (``to_frame``) and these messages are described in the
documentation page *Conventions*.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import BatchedGameError, CompellenceError, ParameterError, show_value

__all__ = [
    "check_real",
    "check_probability",
    "check_int",
    "check_choice",
    "check_bool",
    "check_name",
    "require_scalar_game",
]


def _fail(error: type[CompellenceError], message: str, name: str) -> CompellenceError:
    """``error`` naming ``name``: ParameterError carries ``name``; other classes get the prefix."""
    if issubclass(error, ParameterError):
        return error(message, name)
    return error(f"{name}: {message}")


def _shown(value: Any) -> str:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return show_value(value) if isinstance(value, (str, float, bool)) else repr(value)


def _range(lo: float | None, hi: float | None, lo_open: bool, hi_open: bool) -> str:
    lb = "(" if lo_open or lo is None else "["
    rb = ")" if hi_open or hi is None else "]"
    return f"{lb}{'-inf' if lo is None else f'{lo:g}'}, {'inf' if hi is None else f'{hi:g}'}{rb}"


@overload
def check_real(value: Any, name: str, lo: float | None = ..., hi: float | None = ..., *,
               lo_open: bool = ..., hi_open: bool = ..., whole: bool = ..., finite: bool = ...,
               ndim: int | None = ..., scalar: Literal[False] = ...,
               error: type[CompellenceError] = ...) -> NDArray[np.float64]: ...
@overload
def check_real(value: Any, name: str, lo: float | None = ..., hi: float | None = ..., *,
               lo_open: bool = ..., hi_open: bool = ..., whole: bool = ..., finite: bool = ...,
               ndim: int | None = ..., scalar: Literal[True],
               error: type[CompellenceError] = ...) -> float: ...
def check_real(
    value: ArrayLike,
    name: str,
    lo: float | None = None,
    hi: float | None = None,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
    whole: bool = False,
    finite: bool = True,
    ndim: int | None = None,
    scalar: bool = False,
    error: type[CompellenceError] = ParameterError,
) -> NDArray[np.float64] | float:
    """``value`` as floats: finite, inside ``lo .. hi``, optionally whole numbers.

    Parameters
    ----------
    value : array_like
        A number or a numeric array (a batch of parameter values).  Booleans are
        refused (``True`` is not a number a user means).
    name : str
        The field named in the error message (``"delta"``, ``"Coercer.resolve"``).
    lo, hi : float, optional
        Bounds; ``None`` means unbounded on that side.
    lo_open, hi_open : bool, default False
        Exclude the bound itself (``lo_open=True`` means ``value > lo``).
    whole : bool, default False
        Require whole numbers (integer-valued floats such as periods).
    finite : bool, default True
        Refuse NaN and infinities (``False`` lets them through unchecked).
    ndim : int, optional
        Require exactly this many array dimensions.
    scalar : bool, default False
        Require one number and return it as a Python ``float``.
    error : type, default ParameterError
        The :class:`~compellence.errors.CompellenceError` subclass raised.

    Returns
    -------
    numpy.ndarray or float
        A float array of the input's shape (0-d for a number), or a ``float``
        with ``scalar=True``.

    Raises
    ------
    ParameterError
        (or ``error``) naming ``name`` and the offending value.

    Examples
    --------
    >>> check_real([0.2, 0.5], "delta", 0, 1, hi_open=True)
    array([0.2, 0.5])
    >>> check_real(3, "cost", lo=0, scalar=True)
    3.0
    >>> check_real(1.5, "delta", 0, 1)
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: delta: must lie in [0, 1], got 1.5
    """
    if isinstance(value, (bool, np.bool_)):
        raise _fail(error, f"must be a number, got the boolean {value!r}", name)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        what = "a number" if scalar else "a number or numeric array"
        raise _fail(error, f"must be {what}, got {_shown(value)}", name) from None
    if scalar and arr.size != 1:
        raise _fail(error, f"must be one number, got {_shown(value)}", name)
    if ndim is not None and arr.ndim != ndim:
        raise _fail(error, f"must be {ndim}-dimensional, got shape {arr.shape}", name)
    if finite and not np.all(np.isfinite(arr)):
        v = arr[~np.isfinite(arr)].flat[0] if arr.ndim else arr.item()
        raise _fail(error, f"must be finite (no NaN or inf), got {v:g}", name)
    bad = np.zeros(arr.shape, bool)
    if lo is not None:
        bad |= (arr <= lo) if lo_open else (arr < lo)
    if hi is not None:
        bad |= (arr >= hi) if hi_open else (arr > hi)
    if np.any(bad):
        v = arr[bad].flat[0] if arr.ndim else arr.item()
        raise _fail(error, f"must lie in {_range(lo, hi, lo_open, hi_open)}, got {v:g}", name)
    if whole:
        frac = arr != np.round(arr)
        if np.any(frac):
            v = arr[frac].flat[0] if arr.ndim else arr.item()
            raise _fail(error, f"must be a whole number, got {v:g}", name)
    if scalar:
        return float(arr.reshape(()))
    return arr


@overload
def check_probability(value: Any, name: str, *, scalar: Literal[False] = ...,
                      error: type[CompellenceError] = ...) -> NDArray[np.float64]: ...
@overload
def check_probability(value: Any, name: str, *, scalar: Literal[True],
                      error: type[CompellenceError] = ...) -> float: ...
def check_probability(
    value: ArrayLike,
    name: str,
    *,
    scalar: bool = False,
    error: type[CompellenceError] = ParameterError,
) -> NDArray[np.float64] | float:
    """``value`` as probabilities in ``[0, 1]`` (:func:`check_real` with those bounds).

    Parameters
    ----------
    value : array_like
        A probability or an array of them.
    name : str
        The field named in the error message.
    scalar : bool, default False
        Require one number and return a Python ``float``.
    error : type, default ParameterError
        The :class:`~compellence.errors.CompellenceError` subclass raised.

    Returns
    -------
    numpy.ndarray or float

    Raises
    ------
    ParameterError
        (or ``error``) naming ``name`` and the offending value.

    Examples
    --------
    >>> check_probability(0.25, "punish_prob", scalar=True)
    0.25
    >>> check_probability(-0.1, "p")
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: p: must lie in [0, 1], got -0.1
    """
    return check_real(value, name, 0.0, 1.0, scalar=scalar, error=error)  # type: ignore[call-overload]


def check_int(
    value: Any,
    name: str,
    lo: int | None = None,
    hi: int | None = None,
    *,
    error: type[CompellenceError] = ParameterError,
) -> int:
    """``value`` as a Python int inside ``[lo, hi]`` (booleans and floats refused).

    Parameters
    ----------
    value : int
        A Python or numpy integer.
    name : str
        The field named in the error message.
    lo, hi : int, optional
        Inclusive bounds; ``None`` means unbounded.
    error : type, default ParameterError
        The :class:`~compellence.errors.CompellenceError` subclass raised.

    Returns
    -------
    int

    Raises
    ------
    ParameterError
        (or ``error``) naming ``name`` and the offending value.

    Examples
    --------
    >>> check_int(3, "n_samples", lo=1)
    3
    >>> check_int(0, "n_samples", lo=1)
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: n_samples: must be an integer >= 1, got 0
    """
    if hi is None:
        want = "an integer" if lo is None else f"an integer >= {lo}"
    else:
        want = f"an integer <= {hi}" if lo is None else f"an integer in [{lo}, {hi}]"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise _fail(error, f"must be {want}, got {_shown(value)}", name)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise _fail(error, f"must be {want}, got {int(value)}", name)
    return int(value)


def check_choice(
    value: Any,
    name: str,
    choices: Iterable[str],
    *,
    error: type[CompellenceError] = ParameterError,
) -> str:
    """``value`` if it is one of ``choices`` (strings compared exactly).

    Parameters
    ----------
    value : str
        The user's choice.
    name : str
        The field named in the error message.
    choices : iterable of str
        The allowed values, listed in the message in this order.
    error : type, default ParameterError
        The :class:`~compellence.errors.CompellenceError` subclass raised.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        (or ``error``) naming ``name``, the bad value and the allowed ones.

    Examples
    --------
    >>> check_choice("lt", "rule", ["lt", "le"])
    'lt'
    >>> check_choice("gt", "rule", ["lt", "le"])
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: rule: must be one of ['lt', 'le'], got 'gt'
    """
    options = list(choices)
    if not isinstance(value, str) or value not in options:
        raise _fail(error, f"must be one of {options}, got {_shown(value)}", name)
    return value


def check_bool(value: Any, name: str, *, error: type[CompellenceError] = ParameterError) -> bool:
    """``value`` as a Python bool; only ``True`` / ``False`` (numpy booleans too) are accepted.

    Parameters
    ----------
    value : bool
    name : str
        The field named in the error message.
    error : type, default ParameterError
        The :class:`~compellence.errors.CompellenceError` subclass raised.

    Returns
    -------
    bool

    Raises
    ------
    ParameterError
        (or ``error``) naming ``name`` and the offending value.

    Examples
    --------
    >>> check_bool(True, "public")
    True
    >>> check_bool(1, "public")
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: public: must be true or false, got 1
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise _fail(error, f"must be true or false, got {_shown(value)}", name)


def check_name(value: Any, name: str, *, error: type[CompellenceError] = ParameterError) -> str:
    """``value`` if it is a string with at least one non-blank character.

    Parameters
    ----------
    value : str
    name : str
        The field named in the error message.
    error : type, default ParameterError
        The :class:`~compellence.errors.CompellenceError` subclass raised.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        (or ``error``) naming ``name`` and the offending value.

    Examples
    --------
    >>> check_name("Target", "Target.name")
    'Target'
    """
    if not isinstance(value, str) or not value.strip():
        raise _fail(error, f"must be a non-empty string, got {_shown(value)}", name)
    return value


def require_scalar_game(game: Any, solver: str, *, alternative: str | None = None) -> None:
    """Refuse a batched game in a function that handles one game at a time.

    Parameters
    ----------
    game : Game or NormalFormGame
        Anything with a ``batch_shape`` (objects without one count as scalar).
    solver : str
        The function's name, shown in the message (``"agent_normal_form"``).
    alternative : str, optional
        Another way out, appended to the message (``"use signalling_sweep(game)"``).

    Raises
    ------
    BatchedGameError
        One message form: ``game: <solver> solves one game at a time; the game is
        batched (batch shape (3,)): pass game.at(index), e.g. game.at((0,))``,
        followed by ``; or <alternative>`` when given.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.Game(["A", "B"], cp.decision("A", {"l": cp.outcome(1, 0), "r": cp.outcome([0, 2], 1)}))
    >>> require_scalar_game(g.at(0), "agent_normal_form")  # one game: nothing happens
    >>> require_scalar_game(g, "agent_normal_form")
    Traceback (most recent call last):
    ...
    compellence.errors.BatchedGameError: game: agent_normal_form solves one game at a time; the game is batched (batch shape (2,)): pass game.at(index), e.g. game.at((0,))
    """
    shape = tuple(getattr(game, "batch_shape", ()) or ())
    if shape:
        first = (0,) * len(shape)
        raise BatchedGameError(
            f"{solver} solves one game at a time; the game is batched (batch shape {shape}): "
            f"pass game.at(index), e.g. game.at({first})"
            + (f"; or {alternative}" if alternative else "")
        )
