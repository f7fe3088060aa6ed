"""Learning dynamics on two-player normal-form games: fictitious play, replicator, logit.

What a teacher shows after equilibrium: how play might get there (or not).
Every function is batched over initial conditions: ``x0`` of shape
``(m,)`` or ``(*batch, m)`` (and ``y0`` likewise for the column player), and
the result holds one trajectory per batch element.  ``A`` and ``B`` are the
row and column players' payoff matrices (``m x n``); ``x`` and ``y`` their
mixed strategies.

* **Fictitious play** (Brown 1951): at each round every player plays a pure
  best reply to the opponent's empirical frequency of past play (ties to the
  first strategy), simultaneously; the empirical frequencies are the state:
  ``x_{t+1} = x_t + (BR_1(y_t) - x_t) / (t + 1 + w)`` with ``w`` the weight of
  the initial beliefs.  In two-player zero-sum games the frequencies converge
  to the set of Nash equilibria (Robinson 1951); in general they need not
  (Shapley 1964).
* **Replicator dynamics** (Taylor & Jonker 1978), two populations:
  ``dx_i/dt = x_i ((A y)_i - x'A y)``, ``dy_j/dt = y_j ((B'x)_j - x'B y)``;
  one population (``population="single"``, a symmetric game ``B = A'``):
  ``dx_i/dt = x_i ((A x)_i - x'A x)``.  For rock-paper-scissors (zero-sum,
  one population) ``x_1 x_2 x_3`` is a constant of motion: orbits are closed
  cycles around the interior equilibrium (Hofbauer & Sigmund 1998, 7.7).
* **Logit dynamics** (Fudenberg & Levine 1998; Hofbauer & Sandholm 2002):
  ``dx/dt = L(lam A y) - x``, ``dy/dt = L(lam B'x) - y`` with
  ``L(u)_i = exp(u_i) / sum_k exp(u_k)``.  Its rest points are exactly the
  logit quantal response equilibria at ``lam`` (McKelvey & Palfrey 1995):
  ``x = L(lam A y), y = L(lam B'x)``.

Continuous dynamics are integrated by :func:`scipy.integrate.solve_ivp`
(one system for the whole batch).  Results are :class:`LearningPath`
objects; :func:`compellence.analysis.plots.plot_learning` draws them on the
strategy simplex (2 x 2: the unit square; 3 strategies: the triangle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp

from ..errors import ParameterError, UnsupportedGameError
from ..games.normal_form import NormalFormGame

__all__ = ["LearningPath", "fictitious_play", "replicator", "logit_dynamics"]

#: Largest number of stored states (rounds x batch x strategies) of fictitious play.
MAX_STORED = 50_000_000


@dataclass(frozen=True, eq=False)
class LearningPath:
    """Trajectories of a learning dynamic.

    Returned by :func:`fictitious_play`, :func:`replicator` and :func:`logit_dynamics`.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    method : str
        ``"fictitious_play"``, ``"replicator"`` or ``"logit"``.
    times : numpy.ndarray
        ``(T,)``: rounds (fictitious play) or times of the continuous dynamic.
    strategies : tuple[numpy.ndarray, ...]
        One array per population, ``(T, *batch, k)``: the mixed strategy (or
        empirical frequency) at each time.  One entry for ``population="single"``.
    population : {"two", "single"}, optional
        ``"two"`` (row and column players) or ``"single"``.
    info : dict, optional
        Details (``lam``, solver status, ...).

    Examples
    --------
    >>> path = cp.fictitious_play(cp.catalog.load("matching_pennies"), iterations=200)
    >>> path.method, path.times.shape, len(path.strategies)
    ('fictitious_play', (201,), 2)
    >>> [np.round(s, 2).tolist() for s in path.final]
    [[0.52, 0.48], [0.48, 0.52]]
    """

    game: NormalFormGame
    method: str
    times: np.ndarray
    strategies: tuple[np.ndarray, ...]
    population: str = "two"
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Shape of the batch of starting points (``()`` for one path)."""
        return self.strategies[0].shape[1:-1]

    @property
    def final(self) -> tuple[np.ndarray, ...]:
        """The last state of each population, ``(*batch, k)``."""
        return tuple(s[-1] for s in self.strategies)

    def labels(self) -> list[tuple[str, list[str]]]:
        """(player, strategy labels) of each population.

        Returns
        -------
        list[tuple[str, list[str]]]
            One ``(player name, strategy labels)`` pair per population.

        Examples
        --------
        >>> cp.fictitious_play(cp.catalog.load("matching_pennies"), iterations=10).labels()
        [('Row', ['heads', 'tails']), ('Column', ['heads', 'tails'])]
        """
        g = self.game
        if self.population == "single":
            return [(g.players[0], list(g.strategies[0]))]
        return [(g.players[i], list(g.strategies[i])) for i in range(2)]

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: time, batch_0, ... (batched paths), player, strategy, probability.

        Returns
        -------
        pandas.DataFrame
            One row per time, batch element, player and strategy.

        Examples
        --------
        >>> df = cp.fictitious_play(cp.catalog.load("matching_pennies"), iterations=10).to_frame()
        >>> df.columns.tolist(), len(df)
        (['time', 'player', 'strategy', 'probability'], 44)
        """
        rows = []
        elements = list(np.ndindex(*self.batch_shape)) if self.batch_shape else [()]
        for (player, labels), arr in zip(self.labels(), self.strategies):
            for b in elements:
                for k, lab in enumerate(labels):
                    vals = arr[(slice(None), *b, k)]
                    cols: dict[str, Any] = {"time": self.times}
                    cols.update({f"batch_{a}": i for a, i in enumerate(b)})
                    cols.update({"player": player, "strategy": lab, "probability": vals})
                    rows.append(pd.DataFrame(cols))
        return pd.concat(rows, ignore_index=True)

    def __repr__(self) -> str:
        fin = "; ".join(
            f"{p}: " + ", ".join(f"{lab} {float(np.mean(s[..., k])):.3g}" for k, lab in enumerate(ls))
            for (p, ls), s in zip(self.labels(), self.final)
        )
        return (f"LearningPath({self.method}, game={self.game.title!r}, {len(self.times)} times, "
                f"batch_shape={self.batch_shape}, final (batch mean): {fin})")


# ---------------------------------------------------------------------- validation
def _bimatrix(game: Any) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(game, NormalFormGame):
        raise ParameterError(f"needs a NormalFormGame, got {type(game).__name__}", "game")
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"learning dynamics here are for two-player games; this one has {game.n_players}"
        )
    A, B = game.bimatrix()
    return np.asarray(A, float), np.asarray(B, float)


def _simplex(value: Any, k: int, name: str) -> np.ndarray:
    """Mixed strategies ``(*batch, k)``; ``None`` -> the uniform strategy."""
    if value is None:
        return np.full(k, 1.0 / k)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError("must be a probability vector or an array of them", name) from None
    if arr.ndim == 0 or arr.shape[-1] != k:
        raise ParameterError(f"must end in {k} probabilities (one per strategy), got shape "
                             f"{arr.shape}", name)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ParameterError("probabilities must be finite and >= 0", name)
    if np.any(np.abs(arr.sum(axis=-1) - 1.0) > 1e-9):
        raise ParameterError("each probability vector must sum to 1", name)
    return arr


def _population(population: str, A: np.ndarray, B: np.ndarray) -> str:
    if population not in ("two", "single"):
        raise ParameterError(f"must be 'two' or 'single', got {population!r}", "population")
    if population == "single" and (A.shape[0] != A.shape[1] or not np.allclose(B, A.T)):
        raise ParameterError(
            "one population needs a symmetric game (square A with B = A'); use population='two'",
            "population",
        )
    return population


def _times(times: Any) -> np.ndarray:
    try:
        t = np.asarray(times, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError("must be an increasing 1-d array of times", "times") from None
    if t.ndim != 1 or t.size < 2 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ParameterError("must be an increasing 1-d array of at least two finite times",
                             "times")
    return t


def _softmax(u: np.ndarray) -> np.ndarray:
    z = np.exp(u - u.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------------- fictitious play
def fictitious_play(
    game: NormalFormGame,
    iterations: int = 1000,
    x0: Any = None,
    y0: Any = None,
    *,
    weight: float = 1.0,
) -> LearningPath:
    """Discrete simultaneous fictitious play (Brown 1951), batched over initial beliefs.

    ``x0``, ``y0``: initial beliefs about each player's play (the empirical
    frequencies at round 0, worth ``weight`` observations; default uniform).
    Round ``t`` (``t = 0, 1, ...``): each player best-responds to the other's
    frequency (ties to the first strategy) and
    ``x_{t+1} = (( t + w) x_t + BR_1(y_t)) / (t + 1 + w)``, likewise ``y``.
    Robinson (1951): in zero-sum games the frequencies converge to the Nash
    equilibrium set (slowly: the error falls roughly like ``t**-1/2``).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    iterations : int, optional
        Number of rounds.
    x0, y0 : array_like, optional
        Initial beliefs about the row / column player's play: a probability vector, or an
        array ``(*batch, k)`` of them (one path per start); default uniform.
    weight : float, optional
        How many observations the initial beliefs are worth (> 0).

    Returns
    -------
    LearningPath
        ``method="fictitious_play"``, ``times = 0..iterations``.

    Raises
    ------
    ParameterError
        ``iterations`` or ``weight`` not positive, invalid beliefs, or a path too large to
        store.

    Examples
    --------
    >>> path = cp.fictitious_play(cp.catalog.load("matching_pennies"), iterations=2000)
    >>> [np.round(s, 1).tolist() for s in path.final]   # Robinson: toward (1/2, 1/2)
    [[0.5, 0.5], [0.5, 0.5]]
    """
    A, B = _bimatrix(game)
    if isinstance(iterations, bool) or not isinstance(iterations, (int, np.integer)) or iterations < 1:
        raise ParameterError(f"must be a positive integer, got {iterations!r}", "iterations")
    try:
        w = float(weight)
    except (TypeError, ValueError):
        raise ParameterError(f"must be a positive number, got {weight!r}", "weight") from None
    if not (np.isfinite(w) and w > 0):
        raise ParameterError(f"must be a positive number, got {weight!r}", "weight")
    m, n = A.shape
    x = _simplex(x0, m, "x0")
    y = _simplex(y0, n, "y0")
    batch = np.broadcast_shapes(x.shape[:-1], y.shape[:-1])
    X = np.broadcast_to(x, (*batch, m)).reshape(-1, m).copy()
    Y = np.broadcast_to(y, (*batch, n)).reshape(-1, n).copy()
    nb = X.shape[0]
    if (iterations + 1) * nb * (m + n) > MAX_STORED:
        raise ParameterError(
            f"{iterations} rounds x {nb} starts x {m + n} strategies exceed {MAX_STORED:,} "
            "stored numbers; use fewer rounds or starts",
            "iterations",
        )
    hx = np.empty((iterations + 1, nb, m))
    hy = np.empty((iterations + 1, nb, n))
    hx[0], hy[0] = X, Y
    eye_m, eye_n = np.eye(m), np.eye(n)
    for t in range(iterations):  # rounds are sequential; the batch is one array
        br1 = eye_m[np.argmax(Y @ A.T, axis=1)]
        br2 = eye_n[np.argmax(X @ B, axis=1)]
        step = 1.0 / (t + 1 + w)
        X += (br1 - X) * step
        Y += (br2 - Y) * step
        hx[t + 1], hy[t + 1] = X, Y
    return LearningPath(
        game=game, method="fictitious_play", times=np.arange(iterations + 1, dtype=float),
        strategies=(hx.reshape(iterations + 1, *batch, m), hy.reshape(iterations + 1, *batch, n)),
        info={"weight": w},
    )


# ---------------------------------------------------------------------- continuous dynamics
def _integrate(rhs, state0: np.ndarray, t: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    sol = solve_ivp(rhs, (float(t[0]), float(t[-1])), state0, t_eval=t, rtol=rtol, atol=atol,
                    method="DOP853")
    if not sol.success:  # pragma: no cover - smooth polynomial / softmax fields
        raise ParameterError(f"the integration failed: {sol.message}", "times")
    return sol.y.T  # (T, state)


def _continuous(game, x0, y0, times, population, rtol, atol, field_two, field_one, method, info):
    A, B = _bimatrix(game)
    population = _population(population, A, B)
    t = _times(times)
    m, n = A.shape
    x = _simplex(x0, m, "x0")
    if population == "single":
        if y0 is not None:
            raise ParameterError("one population has no y0", "y0")
        batch = x.shape[:-1]
        X0 = x.reshape(-1, m)
        nb = X0.shape[0]

        def rhs(_t, s):
            return field_one(A, s.reshape(nb, m)).ravel()

        traj = _integrate(rhs, X0.ravel(), t, rtol, atol)
        strategies = (traj.reshape(t.size, *batch, m),)
    else:
        y = _simplex(y0, n, "y0")
        batch = np.broadcast_shapes(x.shape[:-1], y.shape[:-1])
        X0 = np.broadcast_to(x, (*batch, m)).reshape(-1, m)
        Y0 = np.broadcast_to(y, (*batch, n)).reshape(-1, n)
        nb = X0.shape[0]

        def rhs(_t, s):
            X = s[: nb * m].reshape(nb, m)
            Y = s[nb * m:].reshape(nb, n)
            dX, dY = field_two(A, B, X, Y)
            return np.concatenate([dX.ravel(), dY.ravel()])

        traj = _integrate(rhs, np.concatenate([X0.ravel(), Y0.ravel()]), t, rtol, atol)
        strategies = (traj[:, : nb * m].reshape(t.size, *batch, m),
                      traj[:, nb * m:].reshape(t.size, *batch, n))
    return LearningPath(game=game, method=method, times=t, strategies=strategies,
                        population=population, info={**info, "rtol": rtol, "atol": atol})


def _replicator_two(A, B, X, Y):
    u = Y @ A.T  # (A y)_i
    v = X @ B  # (B'x)_j
    return (X * (u - (X * u).sum(axis=1, keepdims=True)),
            Y * (v - (Y * v).sum(axis=1, keepdims=True)))


def _replicator_one(A, X):
    u = X @ A.T
    return X * (u - (X * u).sum(axis=1, keepdims=True))


def replicator(
    game: NormalFormGame,
    x0: Any = None,
    y0: Any = None,
    times: Any = None,
    *,
    population: str = "two",
    rtol: float = 1e-9,
    atol: float = 1e-12,
) -> LearningPath:
    """Replicator dynamics (Taylor & Jonker 1978), batched over initial states.

    Two populations: ``dx_i/dt = x_i ((A y)_i - x'A y)``,
    ``dy_j/dt = y_j ((B'x)_j - x'B y)``; one population (a symmetric game):
    ``dx_i/dt = x_i ((A x)_i - x'A x)``.  The simplex and its faces are
    invariant.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (symmetric for ``population="single"``).
    x0, y0 : array_like, optional
        Initial mixed strategies (or ``(*batch, k)`` arrays of them); default uniform.
    times : array_like, optional
        Output times (default ``linspace(0, 20, 401)``).
    population : {"two", "single"}, optional
        Two populations (row and column) or one population playing a symmetric game.
    rtol, atol : float, optional
        Tolerances of the ODE solver.

    Returns
    -------
    LearningPath
        ``method="replicator"``.

    Raises
    ------
    ParameterError
        Invalid initial states, times or ``population``, or an asymmetric game with
        ``population="single"``.

    Examples
    --------
    >>> hawk_dove = cp.NormalFormGame.from_bimatrix([[-1, 2], [0, 1]], [[-1, 0], [2, 1]])
    >>> path = cp.replicator(hawk_dove, x0=[0.2, 0.8], population="single")
    >>> np.round(path.final[0], 3).tolist()   # the mixed ESS (1/2, 1/2)
    [0.5, 0.5]
    """
    return _continuous(game, x0, y0, np.linspace(0, 20, 401) if times is None else times,
                       population, rtol, atol, _replicator_two, _replicator_one, "replicator", {})


def logit_dynamics(
    game: NormalFormGame,
    lam: float,
    x0: Any = None,
    y0: Any = None,
    times: Any = None,
    *,
    population: str = "two",
    rtol: float = 1e-9,
    atol: float = 1e-12,
) -> LearningPath:
    """Logit (smoothed best-response) dynamics; rest points are the logit QRE at ``lam``.

    ``dx/dt = L(lam A y) - x``, ``dy/dt = L(lam B'x) - y`` (one population:
    ``dx/dt = L(lam A x) - x``), ``L`` the logit choice rule.  At a rest
    point ``x = L(lam A y)`` and ``y = L(lam B'x)``: the logit QRE conditions
    of McKelvey & Palfrey (1995), so ``cp.qre(game, lam)`` is one (on the
    principal branch).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    lam : float
        Logit precision (>= 0; per payoff unit).
    x0, y0 : array_like, optional
        Initial mixed strategies (or ``(*batch, k)`` arrays of them); default uniform.
    times : array_like, optional
        Output times (default ``linspace(0, 20, 401)``).
    population : {"two", "single"}, optional
        Two populations or one (symmetric game).
    rtol, atol : float, optional
        Tolerances of the ODE solver.

    Returns
    -------
    LearningPath
        ``method="logit"`` (``info["lam"]``).

    Raises
    ------
    ParameterError
        ``lam`` negative or not finite, or invalid initial states / times / ``population``.

    Examples
    --------
    >>> path = cp.logit_dynamics(cp.catalog.load("matching_pennies"), lam=2.0, x0=[0.9, 0.1], y0=[0.2, 0.8], times=np.linspace(0, 40, 81))
    >>> [np.round(s, 3).tolist() for s in path.final]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    try:
        lam_f = float(lam)
    except (TypeError, ValueError):
        raise ParameterError(f"must be a number >= 0, got {lam!r}", "lam") from None
    if not (np.isfinite(lam_f) and lam_f >= 0):
        raise ParameterError(f"must be a finite number >= 0, got {lam!r}", "lam")

    def two(A, B, X, Y):
        return _softmax(lam_f * (Y @ A.T)) - X, _softmax(lam_f * (X @ B)) - Y

    def one(A, X):
        return _softmax(lam_f * (X @ A.T)) - X

    return _continuous(game, x0, y0, np.linspace(0, 20, 401) if times is None else times,
                       population, rtol, atol, two, one, "logit", {"lam": lam_f})
