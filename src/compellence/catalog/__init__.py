"""A catalog of textbook games and the games of the coercion literature.

``cp.catalog.load(name, **parameters)`` returns the game (a
:class:`~compellence.games.tree.Game` or a
:class:`~compellence.games.normal_form.NormalFormGame`);
``cp.catalog.list()`` is a table of every entry: its name, title, full
source, players, form (``"normal"`` / ``"extensive"``) and its known
equilibria, which the test suite asserts by solving each game with this
library (``cp.nash``, ``cp.spe``, ``method="lcp"``, ``signalling_equilibria``)
and, where pygambit is installed, with Gambit's solvers on the same game.

The games are **built in Python** (:mod:`compellence.catalog.games`), not
stored as ``.efg`` / ``.nfg`` files: several take parameters (the length of a
centipede, the pie of an ultimatum game, the credibilities, reversibility and
demand of the compellence game, Fearon's ``p``, ``c_A``, ``c_B``), and those
may be numpy arrays, so one entry is a whole batch of games; a builder keeps
each payoff next to the sentence that says where it comes from.  Any entry
can still be written as a Gambit file with :func:`compellence.write_efg` /
:func:`compellence.write_nfg`.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ParameterError
from . import games as _games
from .games import Entry

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from ..games import Game, NormalFormGame

__all__ = ["Entry", "load", "list", "names", "entry"]


_ENTRIES: dict[str, Entry] = {e.name: e for e in _games.ENTRIES}


def names() -> builtins.list[str]:
    """The names of the catalog's games, in catalog order.

    Returns
    -------
    list[str]
        The names ``load`` accepts.

    Examples
    --------
    >>> cp.catalog.names()[:3]
    ['prisoners_dilemma', 'chicken', 'stag_hunt']
    """
    return builtins.list(_ENTRIES)


def entry(name: str) -> Entry:
    """The :class:`Entry` of ``name``: its title, source, players, form and known equilibria.

    Parameters
    ----------
    name : str
        A catalog name (see :func:`names`).

    Returns
    -------
    Entry
        The entry.

    Raises
    ------
    ParameterError
        No game of that name (field ``name``; the message lists the known games).

    Examples
    --------
    >>> e = cp.catalog.entry("beer_quiche")
    >>> e.title, e.form, e.parameters
    ('Beer-quiche', 'extensive', {'prior_strong': 0.9})
    >>> cp.catalog.entry("chess")
    Traceback (most recent call last):
        ...
    compellence.errors.ParameterError: name: no game 'chess' in the catalog; known ...
    """
    if not isinstance(name, str) or name not in _ENTRIES:
        raise ParameterError(
            f"no game {name!r} in the catalog; known games: {', '.join(_ENTRIES)}", "name"
        )
    return _ENTRIES[name]


def load(name: str, **parameters: Any) -> Game | NormalFormGame:
    """Build the catalog game ``name``, with optional parameters (see ``entry(name).parameters``).

    Parameters may be numpy arrays where the builder says so (the game is then batched).

    Parameters
    ----------
    name : str
        A catalog name (see :func:`names`).
    **parameters : Any
        The builder's parameters (their meaning and units are in the builder's docstring in
        :mod:`compellence.catalog.games`).

    Returns
    -------
    Game or NormalFormGame
        A :class:`~compellence.games.tree.Game` (``form == "extensive"``) or a
        :class:`~compellence.games.normal_form.NormalFormGame` (``form == "normal"``).

    Raises
    ------
    ParameterError
        Unknown ``name`` (field ``name``) or an unknown / invalid parameter
        (field: the parameter's name).

    Examples
    --------
    >>> game = cp.catalog.load("compellence", reversibility=np.array([0.2, 0.9]))
    >>> game.batch_shape, [cp.spe(game).path(i) for i in range(2)]
    ((2,), [('resist', 'punish'), ('comply', 'lift')])
    >>> cp.catalog.load("centipede", length=6)
    Traceback (most recent call last):
        ...
    compellence.errors.ParameterError: length: centipede has no parameter 'length'; ...
    """
    e = entry(name)
    known = e.parameters
    for key in parameters:
        if key not in known:
            raise ParameterError(
                f"{name} has no parameter {key!r}; its parameters are {sorted(known) or 'none'}",
                key,
            )
    return e.builder(**parameters)


def list() -> pd.DataFrame:  # noqa: A001 - the catalog's public name, as in the issue
    """One row per catalog game: name, title, source, players, form, known equilibria, parameters.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``title``, ``source``, ``players``, ``form``,
        ``known_equilibria``, ``parameters``.

    Examples
    --------
    >>> table = cp.catalog.list()
    >>> table.columns.tolist()
    ['name', 'title', 'source', 'players', 'form', 'known_equilibria', 'parameters']
    >>> table.set_index("name").loc["kuhn_poker", "form"]
    'extensive'
    """
    rows = [
        {
            "name": e.name,
            "title": e.title,
            "source": e.source,
            "players": ", ".join(e.players),
            "form": e.form,
            "known_equilibria": e.equilibria,
            "parameters": ", ".join(f"{k}={v!r}" for k, v in e.parameters.items()),
        }
        for e in _ENTRIES.values()
    ]
    return pd.DataFrame(rows)
