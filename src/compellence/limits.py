"""Size limits checked BEFORE anything large is allocated.

A 40-byte ``.nfg`` file can declare ``{ 1000000000 1 }`` strategies, and a
2 KB ``.efg`` with 30 binary information sets has 2**30 reduced strategies.
Rather than run out of memory or time, the readers and converters compare the
size the input *implies* with these limits and refuse with an error that names
the size and the limit.

=============================  =============  =================================================
limit                          default        what it bounds
=============================  =============  =================================================
``max_payoff_entries``         50,000,000     payoff numbers of a normal-form game
                                              (players x strategy profiles x batch elements):
                                              400 MB of float64
``max_nodes``                  5,000,000      nodes of an extensive game read from a file
=============================  =============  =================================================

Raise them for one block of code, or for the session::

    import compellence.limits as limits
    with limits.raised(max_payoff_entries=2e8):
        nf = cp.to_normal_form(game)
    limits.set_limits(max_nodes=10**7)

or, for the command line, with environment variables
``COMPELLENCE_MAX_PAYOFF_ENTRIES`` / ``COMPELLENCE_MAX_NODES``.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterator
from typing import Any

from .errors import ParameterError

__all__ = ["get_limit", "set_limits", "raised", "check_size"]

_DEFAULTS = {"max_payoff_entries": 50_000_000, "max_nodes": 5_000_000}
_current: dict[str, int] = {}


def _from_env(name: str) -> int:
    raw = os.environ.get(f"COMPELLENCE_{name.upper()}")
    if raw is None:
        return _DEFAULTS[name]
    try:
        value = int(float(raw))
    except (ValueError, OverflowError):
        raise ParameterError(f"must be a whole number, got {raw!r}", f"COMPELLENCE_{name.upper()}") from None
    if value < 1:
        raise ParameterError(f"must be >= 1, got {raw!r}", f"COMPELLENCE_{name.upper()}")
    return value


def get_limit(name: str) -> int:
    """The limit in force (session value, else environment, else default).

    Parameters
    ----------
    name : str
        ``"max_nodes"`` (nodes of a game tree) or ``"max_payoff_entries"`` (entries of a
        payoff array).  The environment variable ``COMPELLENCE_<NAME>`` overrides the default.

    Returns
    -------
    int
        The limit.

    Raises
    ------
    ParameterError
        An unknown limit, or an environment value that is not a whole number >= 1.

    Examples
    --------
    >>> from compellence.limits import get_limit, raised
    >>> with raised(max_nodes=123):
    ...     get_limit("max_nodes")
    123
    >>> get_limit("max_depth")
    Traceback (most recent call last):
        ...
    compellence.errors.ParameterError: max_depth: unknown limit; the limits are ...
    """
    if name not in _DEFAULTS:
        raise ParameterError(f"unknown limit; the limits are {sorted(_DEFAULTS)}", name)
    return _current.get(name) or _from_env(name)


def set_limits(**limits: float) -> None:
    """Set limits for the rest of the session (``set_limits(max_nodes=10**7)``).

    Parameters
    ----------
    **limits : float
        ``name=value`` for ``max_nodes`` and / or ``max_payoff_entries`` (numbers >= 1).

    Raises
    ------
    ParameterError
        An unknown limit or a value below 1.

    Examples
    --------
    >>> from compellence.limits import get_limit, set_limits
    >>> before = get_limit("max_nodes")
    >>> set_limits(max_nodes=10**7)
    >>> get_limit("max_nodes")
    10000000
    >>> set_limits(max_nodes=before)
    >>> set_limits(max_nodes=0)
    Traceback (most recent call last):
        ...
    compellence.errors.ParameterError: max_nodes: must be a number >= 1, got 0
    """
    for name, value in limits.items():
        get_limit(name)  # validates the name
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 1:
            raise ParameterError(f"must be a number >= 1, got {value!r}", name)
        _current[name] = int(value)


@contextlib.contextmanager
def raised(**limits: float) -> Iterator[None]:
    """Context manager: the given limits inside the block, the previous ones after it.

    Parameters
    ----------
    **limits : float
        ``name=value`` as for :func:`set_limits`.

    Yields
    ------
    None
        The block runs with the limits in force.

    Raises
    ------
    ParameterError
        An unknown limit or a value below 1.

    Examples
    --------
    >>> from compellence.limits import get_limit, raised
    >>> before = get_limit("max_payoff_entries")
    >>> with raised(max_payoff_entries=10**9):
    ...     get_limit("max_payoff_entries")
    1000000000
    >>> get_limit("max_payoff_entries") == before
    True
    """
    saved = dict(_current)
    try:
        set_limits(**limits)
        yield
    finally:
        _current.clear()
        _current.update(saved)


def check_size(name: str, size: int, what: str, field: str | None = None, exc: type | None = None,
               **exc_kwargs: Any) -> None:
    """Refuse ``size`` above the limit ``name`` with a message giving both and how to raise it.

    Parameters
    ----------
    name : str
        The limit (``"max_nodes"`` or ``"max_payoff_entries"``).
    size : int
        The size about to be built.
    what : str
        What is that large (for the message, e.g. ``"the game tree"``).
    field : str, optional
        The field named by the ``ParameterError`` (when ``exc`` is not given).
    exc : type, optional
        The error class to raise instead of ``ParameterError`` (e.g. ``GameFileError``).
    **exc_kwargs
        Extra keyword arguments of ``exc`` (e.g. ``line=...``).

    Raises
    ------
    ParameterError
        ``size`` is above the limit (or ``exc`` if given).

    Examples
    --------
    >>> from compellence.limits import check_size, raised
    >>> with raised(max_nodes=100):
    ...     check_size("max_nodes", 50, "the game tree")
    ...     check_size("max_nodes", 500, "the game tree", field="game")
    Traceback (most recent call last):
        ...
    compellence.errors.ParameterError: game: the game tree has 500 nodes, ...
    """
    limit = get_limit(name)
    if size > limit:
        size_txt = f"{size:,}" if size < 10**15 else f"about 1e{int(math.log10(size))}"
        msg = (
            f"{what} has {size_txt} {'entries' if 'entries' in name else 'nodes'}, above the limit "
            f"{name} = {limit:,}; raise it with compellence.limits.raised({name}=...) or the "
            f"environment variable COMPELLENCE_{name.upper()}"
        )
        if exc is None:
            raise ParameterError(msg, field)
        raise exc(msg, **exc_kwargs)
