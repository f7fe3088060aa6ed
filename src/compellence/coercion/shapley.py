"""Transferable-utility games: Shapley value (exact and sampled), core and least core.

Shapley (1953): the value of player i in a TU game (N, v) is

    phi_i = sum_{S subset of N minus i} |S|! (n - |S| - 1)! / n! * [v(S + i) - v(S)],

the average of i's marginal contribution over all orders of arrival.  For a
simple (0/1) game it is the Shapley-Shubik (1954) power index.  The core is the
set of allocations x with x(N) = v(N) and x(S) >= v(S) for every coalition S;
the least core (Maschler, Peleg & Shapley 1979) relaxes every inequality by the
smallest epsilon that makes the set non-empty, so the core is non-empty iff
epsilon* <= 0.

Coalitions are bit masks: coalition ``S`` is the integer whose bit ``j`` is set
when player ``j`` belongs to it, so a game on n players is a table of 2**n
values indexed by mask (``values[0] = v(empty) = 0``).  The exact Shapley
value enumerates every subset with vectorised numpy (practical to n ~ 20);
large games are solved by permutation sampling (Castro, Gomez & Tejada 2009),
whose per-player standard error is reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from ..errors import ParameterError, SolverError
from ..validation import check_int

__all__ = [
    "TUGame",
    "ShapleyResult",
    "CoreResult",
    "shapley_value",
    "least_core",
    "weighted_voting_game",
    "weighted_voting_shapley",
    "masks_to_bool",
    "EXACT_MAX_PLAYERS",
]

#: Largest n for which ``method="auto"`` enumerates all 2**n coalitions.
EXACT_MAX_PLAYERS = 16
#: Largest n for which a full value table is built (2**n rows).
TABLE_MAX_PLAYERS = 24


def masks_to_bool(masks: np.ndarray, n: int) -> np.ndarray:
    """Integer bit masks -> boolean membership matrix of shape ``(len(masks), n)``.

    Parameters
    ----------
    masks : numpy.ndarray
        Integer bit masks (bit j: player j is a member).
    n : int
        The number of players.

    Returns
    -------
    numpy.ndarray
        Boolean ``(len(masks), n)``.

    Examples
    --------
    >>> import numpy as np
    >>> from compellence.coercion import masks_to_bool
    >>> masks_to_bool(np.array([0, 5]), 3).tolist()
    [[False, False, False], [True, False, True]]
    """
    masks = np.asarray(masks, dtype=np.int64)
    return ((masks[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(bool)


def _popcount(masks: np.ndarray, n: int) -> np.ndarray:
    return masks_to_bool(masks, n).sum(axis=1)


@dataclass(frozen=True, eq=False)
class ShapleyResult:
    """Shapley values of a TU game.

    ``value`` has shape ``(n, *batch)``; ``stderr`` is zero for the exact
    method and the Monte Carlo standard error (sample std / sqrt(samples))
    for the sampled one; ``samples`` is the number of permutations (0 if exact).

    Attributes
    ----------
    players : tuple of str
        The players.
    value : numpy.ndarray
        ``(n, *batch)`` Shapley values.
    stderr : numpy.ndarray
        Standard errors (0 for exact).
    method : str
        ``"exact"`` or ``"sample"``.
    samples : int
        Random orders used (0 for exact).

    Examples
    --------
    >>> from compellence.coercion import TUGame
    >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
    ...                                         frozenset("ABC"): 1.0})
    >>> g.shapley(method="sample", samples=500, seed=1).stderr.round(3).tolist()
    [0.021, 0.018, 0.016]
    """

    players: tuple[str, ...]
    value: np.ndarray
    stderr: np.ndarray
    method: str
    samples: int = 0

    def to_frame(self) -> pd.DataFrame:
        """One row per player (and batch element): value and standard error.

        Returns
        -------
        pandas.DataFrame
            Columns ``player``, ``value``, ``stderr``.

        Examples
        --------
        >>> from compellence.coercion import TUGame
        >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
        ...                                         frozenset("ABC"): 1.0})
        >>> g.shapley().to_frame()["player"].tolist()
        ['A', 'B', 'C']
        """
        from .._frames import batch_frame

        se = np.broadcast_to(self.stderr, self.value.shape)
        return batch_frame({"player": list(self.players)},
                           {"shapley": self.value, "stderr": se}, self.value.shape[1:])

    def __repr__(self) -> str:
        if self.value.ndim == 1:
            inner = ", ".join(f"{p}: {float(x):.4g}" for p, x in zip(self.players, self.value))
            extra = f", max stderr={float(np.max(self.stderr)):.2g}" if self.samples else ""
            return f"ShapleyResult({self.method}{extra}; {inner})"
        return (
            f"ShapleyResult({self.method}, players={list(self.players)}, "
            f"batch_shape={self.value.shape[1:]})"
        )

    def _repr_html_(self) -> str:
        return f"<b>Shapley value</b> ({self.method})" + self.to_frame().to_html(index=False)


@dataclass(frozen=True, eq=False)
class CoreResult:
    """Least core of a TU game.

    ``epsilon`` is the least-core value: the smallest e such that some
    allocation x with x(N) = v(N) has x(S) >= v(S) - e for every proper
    non-empty S.  ``nonempty`` (core exists) iff ``epsilon <= tol``.
    ``allocation`` is one least-core allocation (a core allocation when the
    core is non-empty).  Batched games give arrays with the batch shape
    (allocation: ``(n, *batch)``).

    Attributes
    ----------
    players : tuple of str
        The players.
    epsilon : numpy.ndarray
        The least-core value.
    allocation : numpy.ndarray
        A least-core allocation ``(n, *batch)``.
    nonempty : numpy.ndarray
        The core is non-empty (``epsilon <= tol``).
    tol : float
        The tolerance used.

    Examples
    --------
    >>> from compellence.coercion import TUGame
    >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
    ...                                         frozenset("ABC"): 1.0})
    >>> round(float(g.least_core().epsilon), 6) + 0.0
    0.0
    """

    players: tuple[str, ...]
    epsilon: np.ndarray
    allocation: np.ndarray
    nonempty: np.ndarray
    tol: float

    def to_frame(self) -> pd.DataFrame:
        """One row per batch element: epsilon, core non-empty, and the allocation.

        Returns
        -------
        pandas.DataFrame
            Columns ``epsilon``, ``core_nonempty`` and one per player.

        Examples
        --------
        >>> from compellence.coercion import TUGame
        >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
        ...                                         frozenset("ABC"): 1.0})
        >>> g.least_core().to_frame().shape[0]
        1
        """
        from .._frames import element_frame

        cols: dict[str, Any] = {"epsilon": self.epsilon, "core_nonempty": self.nonempty}
        cols.update({p: self.allocation[j] for j, p in enumerate(self.players)})
        return element_frame(cols, np.shape(self.epsilon))

    def __repr__(self) -> str:
        if np.ndim(self.epsilon) == 0:
            alloc = ", ".join(f"{p}: {float(x):.4g}" for p, x in zip(self.players, self.allocation))
            state = "non-empty" if bool(self.nonempty) else "empty"
            return f"CoreResult(core {state}, epsilon={float(self.epsilon):.4g}; {alloc})"
        return (
            f"CoreResult(batch_shape={np.shape(self.epsilon)}, "
            f"non-empty in {int(np.sum(self.nonempty))} of {np.size(self.epsilon)})"
        )


@dataclass(frozen=True, eq=False)
class TUGame:
    """A transferable-utility game on named players.

    Build it from a full table (``TUGame(players, values)``, ``values[mask]``
    = v(S), shape ``(2**n, *batch)``) or from a vectorised characteristic
    function (:meth:`from_function`): ``fn(members)`` gets a boolean matrix
    ``(m, n)`` of coalitions and returns ``(m,)`` or ``(m, *batch)`` values.
    A function-defined game is only tabulated when needed (exact Shapley,
    core), so large games can still be sampled.

    Parameters
    ----------
    players : tuple of str
        The players' names.
    values : numpy.ndarray or None, optional
        The full table ``(2**n, *batch)``, ``values[mask] = v(S)``.
    fn : callable or None, optional
        A vectorised characteristic function of boolean member matrices
        ``(m, n)`` (give ``values`` or ``fn``).

    Raises
    ------
    ParameterError
        Neither or both of ``values`` and ``fn``, a table of the wrong size, or
        duplicate players.

    Examples
    --------
    >>> from compellence.coercion import TUGame
    >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
    ...                                         frozenset("ABC"): 1.0})
    >>> g.shapley().value.round(6).tolist()
    [0.666667, 0.166667, 0.166667]
    """

    players: tuple[str, ...]
    values: np.ndarray | None = None
    fn: Callable[[np.ndarray], Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        players = tuple(self.players)
        if not players:
            raise ParameterError("a TU game needs at least one player", "players")
        if len(set(players)) != len(players):
            raise ParameterError(f"duplicate player names in {list(players)}", "players")
        object.__setattr__(self, "players", players)
        n = len(players)
        if self.values is None and self.fn is None:
            raise ParameterError("give a value table or a characteristic function", "values")
        if self.values is not None:
            try:
                vals = np.asarray(self.values, dtype=float)
            except (TypeError, ValueError, OverflowError):
                raise ParameterError("coalition values must be numbers", "values") from None
            if vals.ndim == 0 or vals.shape[0] != 2**n:
                raise ParameterError(
                    f"needs 2**n = {2**n} values (one per coalition bit mask), got shape "
                    f"{vals.shape}",
                    "values",
                )
            if not np.all(np.isfinite(vals)):
                raise ParameterError("coalition values must be finite", "values")
            if np.any(np.abs(vals[0]) > 1e-12):
                raise ParameterError("v(empty coalition) must be 0", "values")
            object.__setattr__(self, "values", vals)

    @classmethod
    def from_function(cls, players: Sequence[str], fn: Callable[[np.ndarray], Any]) -> TUGame:
        """A game defined by a vectorised characteristic function of boolean member matrices.

        Parameters
        ----------
        players : sequence of str
            The players.
        fn : callable
            ``fn(members)`` with ``members`` a boolean ``(m, n)`` matrix, returning
            ``(m, *batch)`` values.

        Returns
        -------
        TUGame
            The game.

        Examples
        --------
        >>> from compellence.coercion import TUGame
        >>> g = TUGame.from_function(["A", "B"], lambda m: m.sum(axis=1) ** 2.0)
        >>> g.table().tolist()
        [0.0, 1.0, 1.0, 4.0]
        """
        if not callable(fn):
            raise ParameterError("must be callable", "fn")
        return cls(players=tuple(players), values=None, fn=fn)

    @classmethod
    def from_dict(cls, players: Sequence[str], values: dict) -> TUGame:
        """A game from ``{frozenset_of_names: value}`` (missing coalitions are worth 0).

        Parameters
        ----------
        players : sequence of str
            The players.
        values : dict
            ``{frozenset_of_names: value}``.

        Returns
        -------
        TUGame
            The game.

        Raises
        ------
        ParameterError
            A coalition naming an unknown player.

        Examples
        --------
        >>> from compellence.coercion import TUGame
        >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
        ...                                         frozenset("ABC"): 1.0})
        >>> g.table().tolist()
        [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
        """
        players = tuple(players)
        pos = {p: j for j, p in enumerate(players)}
        table = np.zeros(2 ** len(players))
        for key, val in values.items():
            mask = 0
            for name in key:
                if name not in pos:
                    raise ParameterError(f"unknown player {name!r} in coalition {set(key)}", "values")
                mask |= 1 << pos[name]
            table[mask] = float(val)
        return cls(players=players, values=table)

    @property
    def n(self) -> int:
        """The number of players."""
        return len(self.players)

    def evaluate(self, members: np.ndarray) -> np.ndarray:
        """v at coalitions given as a boolean matrix ``(m, n)``; shape ``(m, *batch)``.

        Parameters
        ----------
        members : numpy.ndarray
            Boolean ``(m, n)`` membership matrix.

        Returns
        -------
        numpy.ndarray
            ``(m, *batch)`` values.

        Examples
        --------
        >>> from compellence.coercion import TUGame
        >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
        ...                                         frozenset("ABC"): 1.0})
        >>> import numpy as np
        >>> g.evaluate(np.array([[True, True, False], [False, True, True]])).tolist()
        [1.0, 0.0]
        """
        members = np.asarray(members, dtype=bool)
        if self.values is not None:
            masks = members.astype(np.int64) @ (1 << np.arange(self.n, dtype=np.int64))
            return self.values[masks]
        try:
            out = np.asarray(self.fn(members), dtype=float)
        except (TypeError, ValueError, OverflowError):
            raise ParameterError("the characteristic function must return numbers", "fn") from None
        if out.ndim == 0 or out.shape[0] != members.shape[0]:
            raise ParameterError(
                f"the characteristic function must return one value per coalition (shape "
                f"({members.shape[0]}, ...)), got shape {out.shape}",
                "fn",
            )
        if not np.all(np.isfinite(out)):
            raise ParameterError("the characteristic function returned non-finite values", "fn")
        return out

    def table(self) -> np.ndarray:
        """The full value table ``(2**n, *batch)`` (computed from ``fn`` if needed).

        Returns
        -------
        numpy.ndarray
            ``(2**n, *batch)``, indexed by bit mask.

        Examples
        --------
        >>> from compellence.coercion import TUGame
        >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
        ...                                         frozenset("ABC"): 1.0})
        >>> g.table().shape
        (8,)
        """
        if self.values is not None:
            return self.values
        if self.n > TABLE_MAX_PLAYERS:
            raise SolverError(
                f"a game on {self.n} players has 2**{self.n} coalitions; too many to tabulate "
                f"(limit {TABLE_MAX_PLAYERS}); use shapley(method='sample')"
            )
        masks = np.arange(2**self.n, dtype=np.int64)
        vals = self.evaluate(masks_to_bool(masks, self.n))
        vals = vals - vals[0]  # normalise v(empty) = 0
        return vals

    def shapley(
        self,
        method: Literal["auto", "exact", "sample"] = "auto",
        samples: int = 2000,
        seed: int | None = None,
    ) -> ShapleyResult:
        """Shapley value; see :func:`shapley_value`.

        Parameters
        ----------
        method : {"auto", "exact", "sample"}, optional
            ``"exact"`` enumerates all 2**n coalitions, ``"sample"`` averages
            marginal contributions over random orders, ``"auto"`` (default) picks
            exact up to :data:`EXACT_MAX_PLAYERS`.
        samples : int, optional
            Random orders for ``"sample"`` (default 2000).
        seed : int or None, optional
            Seed of the orders.

        Returns
        -------
        ShapleyResult
            The values.

        Examples
        --------
        >>> from compellence.coercion import TUGame
        >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
        ...                                         frozenset("ABC"): 1.0})
        >>> g.shapley().method
        'exact'
        """
        return shapley_value(self, method=method, samples=samples, seed=seed)

    def least_core(self, tol: float = 1e-9) -> CoreResult:
        """Least core (and whether the core is non-empty); see :func:`least_core`.

        Parameters
        ----------
        tol : float, optional
            Tolerance of the core test (default 1e-9).

        Returns
        -------
        CoreResult
            The least core.

        Examples
        --------
        >>> from compellence.coercion import TUGame
        >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
        ...                                         frozenset("ABC"): 1.0})
        >>> core = g.least_core()
        >>> bool(core.nonempty), (core.allocation.round(6) + 0.0).tolist()
        (True, [1.0, 0.0, 0.0])
        """
        return least_core(self, tol=tol)

    def __repr__(self) -> str:
        src = "table" if self.values is not None else "function"
        return f"TUGame(players={list(self.players)}, defined by {src})"


def _shapley_exact(vals: np.ndarray, n: int) -> np.ndarray:
    """phi from a full table (2**n, *batch): vectorised over all masks, O(n 2**n)."""
    masks = np.arange(2**n, dtype=np.int64)
    size = _popcount(masks, n)
    # weight of a coalition S (not containing i) of size s: s! (n - s - 1)! / n!
    w_by_size = np.array(
        [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]
    )
    phi = np.empty((n, *vals.shape[1:]))
    bshape = (-1,) + (1,) * (vals.ndim - 1)
    for i in range(n):
        bit = np.int64(1) << i
        without = masks[(masks & bit) == 0]
        w = w_by_size[size[without]].reshape(bshape)
        phi[i] = np.sum(w * (vals[without | bit] - vals[without]), axis=0)
    return phi


def _shapley_sample(game: TUGame, samples: int, rng: np.random.Generator) -> tuple:
    """Permutation sampling: mean and standard error of marginal contributions."""
    n = game.n
    total = None
    total_sq = None
    done = 0
    chunk = max(1, min(samples, 200_000 // max(n, 1)))
    while done < samples:
        m = min(chunk, samples - done)
        perms = np.argsort(rng.random((m, n)), axis=1)
        # prefix coalitions: row k of permutation p = first k players of p (k = 0..n)
        members = np.zeros((m, n + 1, n), dtype=bool)
        rows = np.arange(m)[:, None]
        for k in range(1, n + 1):
            members[:, k] = members[:, k - 1]
            members[rows[:, 0], k, perms[:, k - 1]] = True
        vals = game.evaluate(members.reshape(m * (n + 1), n))
        vals = vals.reshape(m, n + 1, *vals.shape[1:])
        marg_by_pos = vals[:, 1:] - vals[:, :-1]  # (m, n, *batch): contribution of perms[:, k]
        marg = np.empty_like(marg_by_pos)
        marg[rows, perms] = marg_by_pos
        s1 = marg.sum(axis=0)
        s2 = (marg**2).sum(axis=0)
        total = s1 if total is None else total + s1
        total_sq = s2 if total_sq is None else total_sq + s2
        done += m
    mean = total / samples
    var = np.maximum(total_sq / samples - mean**2, 0.0) * samples / max(samples - 1, 1)
    return mean, np.sqrt(var / samples)


def shapley_value(
    game: TUGame,
    method: Literal["auto", "exact", "sample"] = "auto",
    samples: int = 2000,
    seed: int | None = None,
) -> ShapleyResult:
    """Shapley value of ``game``.

    ``phi_i = sum_{S not containing i} |S|! (n-|S|-1)! / n! [v(S+i) - v(S)]``
    (Shapley 1953).

    method:
        ``"exact"`` enumerates all 2**n coalitions (vectorised, O(n 2**n));
        ``"sample"`` averages marginal contributions over ``samples`` random
        permutations (Castro, Gomez & Tejada 2009), reporting the standard
        error ``std / sqrt(samples)`` per player; ``"auto"`` is exact for
        n <= ``EXACT_MAX_PLAYERS`` and sampled above.

    The sampled standard error is the sample one: for a player whose marginal
    contribution is rarely non-zero (a weak voter) it can be 0 when no sampled
    order made it pivotal, so read it with a rare-event bound of a few / samples
    in mind (rule of three: 3 / samples at 95%).  Weighted voting games of any size have an exact alternative:
    :func:`weighted_voting_shapley`.

    Parameters
    ----------
    game : TUGame
        The game.
    method : {"auto", "exact", "sample"}, optional
        ``"exact"`` enumerates all 2**n coalitions, ``"sample"`` averages
        marginal contributions over random orders, ``"auto"`` (default) picks
        exact up to :data:`EXACT_MAX_PLAYERS`.
    samples : int, optional
        Random orders for ``"sample"`` (default 2000).
    seed : int or None, optional
        Seed of the orders.

    Returns
    -------
    ShapleyResult
        The values (and standard errors).

    Raises
    ------
    ParameterError
        An unknown method, or ``"exact"`` beyond :data:`EXACT_MAX_PLAYERS`.

    Examples
    --------
    >>> from compellence.coercion import TUGame
    >>> g = TUGame.from_dict(["A", "B", "C"], {frozenset("AB"): 1.0, frozenset("AC"): 1.0,
    ...                                         frozenset("ABC"): 1.0})
    >>> from compellence.coercion import shapley_value
    >>> shapley_value(g).value.round(6).tolist()
    [0.666667, 0.166667, 0.166667]
    """
    if not isinstance(game, TUGame):
        raise ParameterError(f"needs a TUGame, got {type(game).__name__}", "game")
    if method not in ("auto", "exact", "sample"):
        raise ParameterError(f"must be 'auto', 'exact' or 'sample', got {method!r}", "method")
    n = game.n
    if method == "auto":
        method = "exact" if n <= EXACT_MAX_PLAYERS else "sample"
    if method == "exact":
        phi = _shapley_exact(game.table(), n)
        return ShapleyResult(game.players, phi, np.zeros_like(phi), "exact", 0)
    samples = check_int(samples, "samples", lo=2)
    rng = np.random.default_rng(seed)
    mean, se = _shapley_sample(game, samples, rng)
    return ShapleyResult(game.players, mean, se, "sample", samples)


def least_core(game: TUGame, tol: float = 1e-9) -> CoreResult:
    """Least core of ``game`` by linear programming (scipy ``linprog``, HiGHS).

    Solves  min e  s.t.  sum_{j in S} x_j >= v(S) - e  for all proper non-empty S,
    sum_j x_j = v(N).  The core {x : x(N) = v(N), x(S) >= v(S)} is non-empty iff
    e* <= 0 (Maschler, Peleg & Shapley 1979).  One LP per batch element.

    Parameters
    ----------
    game : TUGame
        The game.
    tol : float, optional
        Tolerance of the core test (default 1e-9).

    Returns
    -------
    CoreResult
        The least core.

    Examples
    --------
    >>> from compellence.coercion import least_core, weighted_voting_game
    >>> bool(least_core(weighted_voting_game([1, 1, 1], 2)).nonempty)
    False
    """
    if not isinstance(game, TUGame):
        raise ParameterError(f"needs a TUGame, got {type(game).__name__}", "game")
    n = game.n
    if n > 18:
        raise SolverError(f"the least-core LP has 2**n constraints; n = {n} is too many (max 18)")
    vals = game.table()
    batch = vals.shape[1:]
    masks = np.arange(1, 2**n - 1, dtype=np.int64)
    members = masks_to_bool(masks, n).astype(float)
    # variables (x_1..x_n, e); constraint -x(S) - e <= -v(S)
    a_ub = np.hstack([-members, -np.ones((members.shape[0], 1))])
    a_eq = np.hstack([np.ones((1, n)), np.zeros((1, 1))])
    c = np.zeros(n + 1)
    c[-1] = 1.0
    eps = np.empty(batch)
    alloc = np.empty((n, *batch))
    for bi in np.ndindex(*batch) if batch else [()]:
        v = vals[(slice(None), *bi)]
        if n == 1:
            eps[bi] = 0.0
            alloc[(0, *bi)] = v[1]
            continue
        res = linprog(
            c,
            A_ub=a_ub,
            b_ub=-v[masks],
            A_eq=a_eq,
            b_eq=[v[2**n - 1]],
            bounds=[(None, None)] * (n + 1),
            method="highs",
        )
        if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
            raise SolverError(f"least-core LP failed: {res.message}")
        eps[bi] = res.x[-1]
        alloc[(slice(None), *bi)] = res.x[:n]
    return CoreResult(game.players, eps, alloc, eps <= tol, tol)


def _quota(quota: Any) -> float:
    try:
        q = float(quota)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"must be a number, got {quota!r}", "quota") from None
    return q


def weighted_voting_game(
    weights: Sequence[float], quota: float, players: Sequence[str] | None = None
) -> TUGame:
    """The simple game [q; w_1, ..., w_n]: v(S) = 1 iff sum_{j in S} w_j >= q.

    Its Shapley value is the Shapley-Shubik power index (Shapley & Shubik 1954).

    Parameters
    ----------
    weights : sequence of float
        ``w_j``, the players' votes.
    quota : float
        ``q``, the votes needed.
    players : sequence of str or None, optional
        Names (default ``P0``, ``P1``, ...).

    Returns
    -------
    TUGame
        The simple game.

    Raises
    ------
    ParameterError
        Negative weights or a non-positive quota.

    Examples
    --------
    >>> from compellence.coercion import weighted_voting_game
    >>> weighted_voting_game([3, 2, 1], 4).shapley().value.round(6).tolist()
    [0.666667, 0.166667, 0.166667]
    """
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"must be a list of numbers, got {weights!r}", "weights") from None
    if w.ndim != 1 or w.size == 0 or not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ParameterError("must be a non-empty list of finite numbers >= 0", "weights")
    q = _quota(quota)
    if not np.isfinite(q) or q <= 0:
        raise ParameterError(f"must be a finite number > 0, got {quota!r}", "quota")
    names = tuple(players) if players is not None else tuple(f"P{j + 1}" for j in range(w.size))
    if len(names) != w.size:
        raise ParameterError(f"{len(names)} names for {w.size} weights", "players")

    def fn(members: np.ndarray) -> np.ndarray:
        return (members.astype(float) @ w >= q - 1e-12).astype(float)

    return TUGame.from_function(names, fn)


def weighted_voting_shapley(
    weights: Sequence[int], quota: float, players: Sequence[str] | None = None
) -> ShapleyResult:
    """Exact Shapley-Shubik index of [q; w_1..w_n] by dynamic programming (no 2**n enumeration).

    phi_i = sum_s s! (n - s - 1)! / n! * #{S not containing i : |S| = s, q - w_i <= w(S) < q},
    with the counts of coalitions by (size, weight) of the other players built by
    the generating-function recursion C_j(s, w) = C_{j-1}(s, w) + C_{j-1}(s - 1, w - w_j)
    (Brams & Affuso 1976; Matsui & Matsui 2000), vectorised over (s, w):
    O(n^2 W) per player for total weight W.  Integer weights only; exact for
    coalitions far beyond the reach of subset enumeration (e.g. the EU's 27).

    Parameters
    ----------
    weights : sequence of int
        ``w_j`` (integers).
    quota : float
        ``q``.
    players : sequence of str or None, optional
        Names.

    Returns
    -------
    ShapleyResult
        The exact Shapley-Shubik index.

    Raises
    ------
    ParameterError
        Non-integer or negative weights, or a bad quota.

    Examples
    --------
    >>> from compellence.coercion import weighted_voting_shapley
    >>> weighted_voting_shapley([3, 2, 1], 4).value.round(6).tolist()
    [0.666667, 0.166667, 0.166667]
    """
    try:
        wf = np.asarray(weights, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"must be a list of integer weights, got {weights!r}", "weights") from None
    if wf.ndim != 1 or wf.size == 0:
        raise ParameterError("must be a non-empty list of integer weights", "weights")
    if not np.all(np.isfinite(wf)) or np.any(wf < 0) or np.any(wf != np.round(wf)):
        raise ParameterError("weights must be non-negative integers", "weights")
    w = wf.astype(np.int64)
    q = _quota(quota)
    if not np.isfinite(q) or q <= 0:
        raise ParameterError(f"must be a finite number > 0, got {quota!r}", "quota")
    n = w.size
    names = tuple(players) if players is not None else tuple(f"P{j + 1}" for j in range(n))
    if len(names) != n:
        raise ParameterError(f"{len(names)} names for {n} weights", "players")
    total = int(w.sum())
    # log-factorial weights s! (n-s-1)! / n! for s = 0..n-1
    from scipy.special import gammaln

    s_idx = np.arange(n)
    coef = np.exp(gammaln(s_idx + 1) + gammaln(n - s_idx) - gammaln(n + 1))
    wt = np.arange(total + 1)
    phi = np.zeros(n)
    for i in range(n):
        counts = np.zeros((n, total + 1))  # sizes 0..n-1 of coalitions of the others
        counts[0, 0] = 1.0
        for j in range(n):
            if j == i:
                continue
            wj = int(w[j])
            shifted = np.zeros_like(counts)
            shifted[1:, wj:] = counts[:-1, : total + 1 - wj]
            counts += shifted
        pivotal = (wt < q) & (wt + w[i] >= q)
        phi[i] = float(coef @ counts[:, pivotal].sum(axis=1))
    return ShapleyResult(names, phi, np.zeros(n), "exact-dp", 0)
