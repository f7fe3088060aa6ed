"""Logit quantal response equilibrium: entry points ``qre`` and ``qre_path``.

* Normal form (McKelvey & Palfrey 1995): ``sigma_ij ∝ exp(lambda U_ij(sigma))``
  for every player i and pure strategy j (:mod:`.normal_form`).
* Extensive form, agent QRE (McKelvey & Palfrey 1998): at every information
  set ``sigma_a ∝ exp(lambda Q_a(sigma))`` with ``Q_a`` the action value given
  Bayesian beliefs over the set's nodes (:mod:`.agent_form`).

Both follow the *principal branch* that starts at the uniform profile at
``lambda = 0``, traced in log-probability coordinates by an arc-length
predictor-corrector homotopy (Turocy 2005; :mod:`.continuation`), the method
and the payoff scale of Gambit's ``logit_solve`` / ``logit_solve_lambda``.
``qre(game, lam)`` gives the first point of that branch at each requested
``lam`` (a :class:`QREResult`, whatever the game and however many lambdas);
``qre_path(game)`` returns the whole branch, and its last point, where the
largest regret is below ``max_regret`` times the payoff range, approximates
the Nash equilibrium (normal form) or sequential equilibrium (agent form) the
logit QRE selects.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ...errors import ParameterError, SolverError
from ...games.normal_form import NormalFormGame
from ...games.tree import Game
from ...validation import check_real, require_scalar_game
from ..solution import Solution
from .agent_form import AgentSystem, BatchedAgentSystem, trace_batch
from .continuation import follow_parameter, trace_path
from .normal_form import NormalFormQRE, NormalSystem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "qre", "qre_path", "QREResult", "QREPath", "NormalFormQRE", "check_qre_game", "logit_system",
]

#: Corrector tolerance of the path follower (Newton step length, relative to |y|).
PATH_TOL = 1e-10


def check_qre_game(game: object) -> None:
    """Refuse anything but a game the QRE solvers take.

    Parameters
    ----------
    game : object
        The argument to check.

    Raises
    ------
    ParameterError
        ``game`` is neither a :class:`NormalFormGame` nor a :class:`Game`.

    Examples
    --------
    >>> check_qre_game("not a game")
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: game: needs a NormalFormGame or a Game, got str
    """
    if not isinstance(game, (NormalFormGame, Game)):
        raise ParameterError(
            f"needs a NormalFormGame or a Game, got {type(game).__name__}", "game"
        )


def _check_lam(lam: Any, name: str = "lam") -> float:
    """One precision ``lambda >= 0`` (a Python float)."""
    return check_real(lam, name, 0.0, scalar=True)


def _check_tracer_args(first_step: float, max_accel: float, max_steps: int) -> None:
    if not (np.isfinite(first_step) and first_step > 0):
        raise ParameterError(f"must be > 0, got {first_step!r}", "first_step")
    if not (np.isfinite(max_accel) and max_accel > 1):
        raise ParameterError(f"must be > 1, got {max_accel!r}", "max_accel")
    if not (isinstance(max_steps, (int, np.integer)) and max_steps > 0):
        raise ParameterError(f"must be a positive integer, got {max_steps!r}", "max_steps")


def logit_system(game: NormalFormGame | Game) -> NormalSystem | AgentSystem:
    """The logit equations ``H(x, lambda) = 0`` of a game, with lambda in its payoff units.

    Parameters
    ----------
    game : NormalFormGame or Game
        A normal-form game or a scalar extensive game.

    Returns
    -------
    NormalSystem or AgentSystem
        The residual ``H``, Jacobian ``J``, start point and regrets the path
        follower and the estimator use.

    Raises
    ------
    ParameterError
        Payoffs above ``PAYOFF_SCALE_LIMIT`` in magnitude (the Jacobian would
        overflow; the message gives the rescaling identity).
    UnsupportedGameError
        An extensive game the agent QRE does not cover (batched, no decision
        nodes, absent-minded, an information set reached with probability 0).

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> sys = logit_system(g)
    >>> sys.n_vars, sys.start().tolist()  # log(1/2) per strategy, then lambda = 0
    (4, [-0.6931471805599453, -0.6931471805599453, -0.6931471805599453, -0.6931471805599453, 0.0])
    """
    if isinstance(game, NormalFormGame):
        c = _payoff_scale(game)
        if c != 1.0:
            raise ParameterError(
                f"payoffs up to {c:.3g} in magnitude: a QRE path in these units overflows; trace "
                "game.payoffs / c instead (its lambda is lam * c: QRE(lam, c u) = QRE(lam c, u)), "
                "or call qre(game, lam) for single points", "game")
        return NormalSystem(game)
    _check_agent_scale(game)
    return AgentSystem.of(game)


@dataclass(frozen=True, eq=False)
class QREPath:
    """Points ``(lambda, profile)`` of the principal logit-QRE branch: what :func:`qre_path` returns.

    Derived: ``limit`` (the last point as a :class:`NormalFormQRE` or
    :class:`Solution`), ``solution`` (Game only: ``limit``), ``point(k)``,
    ``residuals``, ``max_residual``, ``to_frame()``.

    Attributes
    ----------
    game : NormalFormGame or Game
        The game (a normal-form game or a scalar extensive game).
    lam : numpy.ndarray
        ``(n_points,)`` lambda at each point (increasing except where the
        branch bends back).
    profiles : numpy.ndarray
        ``(n_points, n_vars)`` probabilities: per player and strategy for a
        normal-form game (players' blocks concatenated), per information set
        and action for a Game (infosets in ``game.infosets`` order).
    columns : tuple of tuple of str
        ``n_vars`` labels, ``(player, strategy)`` or ``(player, infoset, action)``.
    stopped_by : str
        ``"lam_max"`` (reached ``lam_max``), ``"max_regret"`` (the regret
        criterion, so the last point approximates an equilibrium),
        ``"max_steps"`` or ``"stalled"`` (ran out of steps; see :func:`qre_path`).
    log_profiles : numpy.ndarray or None
        The traced coordinates ``log(profiles)`` (finite even where a
        probability underflows to 0; beliefs at information sets reached with
        such probabilities are computed from them).
    info : dict
        Tracer statistics (steps, refused steps, tolerances, the regret reached).

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
    >>> path = cp.qre_path(g, lam_max=2.0)
    >>> path.stopped_by, float(path.lam[0]), float(path.lam[-1])
    ('lam_max', 0.0, 2.0)
    >>> path.profiles[-1].round(4).tolist()
    [0.6645, 0.3355, 0.3355, 0.6645]
    """

    game: NormalFormGame | Game
    lam: np.ndarray
    profiles: np.ndarray
    columns: tuple[tuple[str, ...], ...]
    stopped_by: str
    log_profiles: np.ndarray | None = None
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def form(self) -> Literal["normal", "agent"]:
        """``"normal"`` or ``"agent"``."""
        return "normal" if isinstance(self.game, NormalFormGame) else "agent"

    def __len__(self) -> int:
        return int(self.lam.shape[0])

    @cached_property
    def system(self) -> NormalSystem | AgentSystem:
        """The logit equations of ``game`` (residual, Jacobian, regrets) the path solves."""
        return logit_system(self.game)

    def _log(self, k: int) -> np.ndarray:
        if self.log_profiles is not None:
            return self.log_profiles[k]
        with np.errstate(divide="ignore"):
            return np.maximum(np.log(self.profiles[k]), -745.0)

    def point(self, k: int) -> NormalFormQRE | Solution:
        """Point ``k`` of the path as a QRE result object.

        Parameters
        ----------
        k : int
            Index of the point (negative counts from the end).

        Returns
        -------
        NormalFormQRE or Solution
            A :class:`NormalFormQRE` for a normal-form game, a :class:`Solution`
            (``method="agent_qre"``, with beliefs) for a Game.

        Raises
        ------
        ParameterError
            ``k`` is out of range.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> q = cp.qre_path(g, lam_max=2.0).point(-1)
        >>> q.lam, [p.round(4).tolist() for p in q.profile]
        (2.0, [[0.6645, 0.3355], [0.3355, 0.6645]])
        """
        n = len(self)
        if not -n <= int(k) < n:
            raise ParameterError(f"point index {k} out of range for {n} points", "k")
        lam = float(self.lam[k])
        sigma = self.profiles[k]
        sys = self.system
        if isinstance(sys, NormalSystem):
            return NormalFormQRE(
                game=self.game,
                lam=lam,
                profile=tuple(np.array(b) for b in sys.split(sigma)),
                residual=sys.residual(sigma, lam),
            )
        return sys.solution(self._log(k), lam)

    @property
    def limit(self) -> NormalFormQRE | Solution:
        """The last point: with ``stopped_by == "max_regret"``, the selected equilibrium."""
        return self.point(-1)

    @property
    def solution(self) -> Solution:
        """The last point as a :class:`Solution` (extensive-form games only).

        Raises
        ------
        SolverError
            The game is normal-form (use :attr:`limit`).
        """
        if self.form != "agent":
            raise SolverError("QREPath.solution exists for extensive games; use .limit")
        return self.point(-1)  # type: ignore[return-value]

    @cached_property
    def residuals(self) -> NDArray[np.float64]:
        """Per point: max abs deviation of the profile from the logit response to itself."""
        sys = self.system
        out = np.empty(len(self))
        for k in range(len(self)):
            s = self.profiles[k]
            if isinstance(sys, NormalSystem):
                out[k] = sys.residual(s, float(self.lam[k]))
            else:
                out[k] = sys.residual(self._log(k), float(self.lam[k]))
        return out

    @property
    def max_residual(self) -> float:
        """The largest of :attr:`residuals`."""
        return float(self.residuals.max()) if len(self) else 0.0

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per point and strategy / action.

        Returns
        -------
        pandas.DataFrame
            Columns ``point, lam, player, strategy`` (normal form) or ``point, lam,
            player, infoset, action`` (agent form), then ``probability``.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> cp.qre_path(g, lam_max=2.0).to_frame().head(2)
           point  lam    player strategy  probability
        0      0  0.0  Player 1        1          0.5
        1      0  0.0  Player 1        2          0.5
        """
        import pandas as pd
        names = ["player", "strategy"] if self.form == "normal" else ["player", "infoset", "action"]
        lam = np.asarray(self.lam, dtype=float)
        n_pts, n_cols = lam.size, len(self.columns)
        frame: dict[str, Any] = {"point": np.repeat(np.arange(n_pts), n_cols),
                                 "lam": np.repeat(lam, n_cols)}
        for j, n in enumerate(names):
            frame[n] = np.tile(np.asarray([c[j] for c in self.columns], dtype=object), n_pts)
        frame["probability"] = np.asarray(self.profiles, dtype=float).reshape(-1)
        return pd.DataFrame(frame)

    def __repr__(self) -> str:
        title = getattr(self.game, "title", "")
        lam_end = float(self.lam[-1]) if len(self) else float("nan")
        return (
            f"QREPath({self.form}, game={title!r}, points={len(self)}, "
            f"lam=0..{lam_end:.6g}, stopped_by={self.stopped_by!r})"
        )

    def _repr_html_(self) -> str:
        return f"<pre>{self!r}</pre>" + self.to_frame().tail(5).to_html(
            float_format=lambda v: f"{v:.6g}"
        )


@dataclass(frozen=True, eq=False)
class QREResult:
    """Logit QREs of one game at the requested lambdas: what :func:`qre` returns.

    One type for every game and every ``lam`` (pygambit's rule: a change of
    representation is a separate call): the points are stored as arrays, and
    ``point(k)`` / ``result[k]`` / ``at(lam)`` give one of them as the
    library's result object for that kind of game (a :class:`NormalFormQRE`
    or a :class:`Solution`).

    Attributes
    ----------
    game : NormalFormGame or Game
        The game (an extensive game may be batched).
    lam : numpy.ndarray
        ``(n_lam,)`` the requested lambdas, in the order given.
    log_profiles : numpy.ndarray
        ``(n_lam, *batch_shape, n_vars)`` log probabilities: per player and
        strategy for a normal-form game (players' blocks concatenated), per
        information set and action for a Game (``game.infosets`` order).
        Finite even where a probability underflows to 0.
    columns : tuple of tuple of str
        ``n_vars`` labels, ``(player, strategy)`` or ``(player, infoset, action)``.
    info : dict
        ``tol`` (corrector tolerance), ``payoff_scale`` (normal form), and for a
        batched game ``n_vectorised`` / ``n_traced`` (per lambda: elements
        solved by vectorised continuation / traced one by one).

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
    >>> res = cp.qre(g, [0.0, 1.0])
    >>> len(res), res.form, res.lam.tolist()
    (2, 'normal', [0.0, 1.0])
    >>> res.profiles.round(4).tolist()
    [[0.5, 0.5, 0.5, 0.5], [0.6237, 0.3763, 0.3763, 0.6237]]
    """

    game: NormalFormGame | Game
    lam: NDArray[np.float64]
    log_profiles: NDArray[np.float64]
    columns: tuple[tuple[str, ...], ...]
    info: dict[str, Any] = field(default_factory=dict)
    _system: NormalSystem | AgentSystem | None = field(default=None, repr=False)

    @property
    def form(self) -> Literal["normal", "agent"]:
        """``"normal"`` or ``"agent"``."""
        return "normal" if isinstance(self.game, NormalFormGame) else "agent"

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The game's batch shape (``()`` for a normal-form or scalar game)."""
        return tuple(getattr(self.game, "batch_shape", ()))

    @property
    def profiles(self) -> NDArray[np.float64]:
        """``exp(log_profiles)``: the probabilities, ``(n_lam, *batch_shape, n_vars)``."""
        return np.exp(self.log_profiles)

    def __len__(self) -> int:
        return int(self.lam.shape[0])

    def __getitem__(self, k: int) -> NormalFormQRE | Solution:
        return self.point(k)

    def __iter__(self) -> Iterator[NormalFormQRE | Solution]:
        return (self.point(k) for k in range(len(self)))

    @cached_property
    def _systems(self) -> tuple[NormalSystem | AgentSystem, BatchedAgentSystem | None]:
        if self._system is not None:
            return self._system, None
        if isinstance(self.game, NormalFormGame):
            c = float(self.info.get("payoff_scale", 1.0))
            g = self.game if c == 1.0 else NormalFormGame(
                self.game.payoffs / c, self.game.players, self.game.strategies, self.game.title)
            return NormalSystem(g), None
        if not self.game.batch_shape:
            return AgentSystem.of(self.game), None
        batch = self.game.batch_shape
        B = int(np.prod(batch))
        base = AgentSystem(self.game.at((0,) * len(batch)))
        pay = self.game.payoffs.reshape(self.game.n_players, -1, B)
        probs = self.game.chance_probs.reshape(self.game.chance_probs.shape[0], B)
        return base, BatchedAgentSystem(base, pay, probs)

    def point(self, k: int = 0) -> NormalFormQRE | Solution:
        """The QRE at ``lam[k]`` (negative ``k`` counts from the end).

        Parameters
        ----------
        k : int, default 0
            Index into :attr:`lam`.

        Returns
        -------
        NormalFormQRE or Solution
            A :class:`NormalFormQRE` for a normal-form game; for a Game a
            :class:`Solution` (``method="agent_qre"``, batched like the game).

        Raises
        ------
        ParameterError
            ``k`` is out of range.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> q = cp.qre(g, [0.0, 1.0]).point(-1)
        >>> q.lam, [p.round(4).tolist() for p in q.profile]
        (1.0, [[0.6237, 0.3763], [0.3763, 0.6237]])
        """
        n = len(self)
        if not isinstance(k, (int, np.integer)) or not -n <= int(k) < n:
            raise ParameterError(f"point index {k!r} out of range for {n} lambdas", "k")
        lam = float(self.lam[k])
        x = self.log_profiles[k]
        sys, bsys = self._systems
        if isinstance(sys, NormalSystem):
            c = float(self.info.get("payoff_scale", 1.0))
            sigma = np.exp(x)
            return NormalFormQRE(
                game=self.game, lam=lam, profile=tuple(np.array(b) for b in sys.split(sigma)),
                residual=sys.residual(sigma, lam * c), info=dict(self.info),
            )
        if bsys is None:
            return sys.solution(x, lam)
        extra = {key: int(self.info[key][k]) for key in ("n_vectorised", "n_traced")
                 if key in self.info}
        assert isinstance(self.game, Game)
        return _batched_solution(self.game, sys, bsys, x.reshape(-1, sys.n_vars).T, lam, extra)

    def at(self, lam: float) -> NormalFormQRE | Solution:
        """The QRE at the requested lambda ``lam`` (its first occurrence in :attr:`lam`).

        Parameters
        ----------
        lam : float
            One of the requested lambdas.

        Returns
        -------
        NormalFormQRE or Solution
            The point, as :meth:`point` gives it.

        Raises
        ------
        ParameterError
            ``lam`` was not requested.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> cp.qre(g, [0.0, 1.0]).at(1.0).profile[0].round(4).tolist()
        [0.6237, 0.3763]
        """
        hits = np.flatnonzero(self.lam == float(lam))
        if hits.size == 0:
            raise ParameterError(f"lambda {lam!r} was not requested; have {self.lam.tolist()}",
                                 "lam")
        return self.point(int(hits[0]))

    @property
    def solution(self) -> Solution:
        """The one point as a :class:`Solution` (a Game solved at one lambda).

        Raises
        ------
        SolverError
            The game is normal-form (use ``point(0)``), or several lambdas
            were requested (use ``point(k)``).
        """
        if self.form != "agent":
            raise SolverError("QREResult.solution exists for extensive games; use .point(k)")
        if len(self) != 1:
            raise SolverError(f"{len(self)} lambdas were requested: use .point(k) or .at(lam)")
        return self.point(0)  # type: ignore[return-value]

    @cached_property
    def residuals(self) -> NDArray[np.float64]:
        """``(n_lam, *batch_shape)``: max abs deviation from the logit response to itself."""
        sys, bsys = self._systems
        out = np.empty((len(self), *self.batch_shape))
        c = float(self.info.get("payoff_scale", 1.0))
        for k in range(len(self)):
            lam = float(self.lam[k])
            if isinstance(sys, NormalSystem):
                out[k] = sys.residual(np.exp(self.log_profiles[k]), lam * c)
            elif bsys is None:
                out[k] = sys.residual(self.log_profiles[k], lam)
            else:
                sol = self.point(k)
                out[k] = sol.info["residual"]
        return out

    @property
    def max_residual(self) -> float:
        """The largest of :attr:`residuals`."""
        return float(self.residuals.max()) if self.residuals.size else 0.0

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per lambda, batch element and strategy / action.

        Returns
        -------
        pandas.DataFrame
            Columns ``point, lam`` (the k-th requested lambda), ``batch_0, ...``
            (batched games), ``player, strategy`` (normal form) or ``player,
            infoset, action`` (agent form), then ``probability``.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> cp.qre(g, [0.0, 1.0]).to_frame().round(4).tail(2)
           point  lam    player strategy  probability
        6      1  1.0  Player 2        1       0.3763
        7      1  1.0  Player 2        2       0.6237
        """
        import pandas as pd
        names = ["player", "strategy"] if self.form == "normal" else ["player", "infoset", "action"]
        lam = np.asarray(self.lam, dtype=float)
        n_cols = len(self.columns)
        B = int(np.prod(self.batch_shape)) if self.batch_shape else 1
        reps = B * n_cols
        frame: dict[str, Any] = {"point": np.repeat(np.arange(lam.size), reps),
                                 "lam": np.repeat(lam, reps)}
        if self.batch_shape:
            idx = np.unravel_index(np.arange(B), self.batch_shape)
            for k, ax in enumerate(idx):
                frame[f"batch_{k}"] = np.tile(np.repeat(ax, n_cols), lam.size)
        for j, n in enumerate(names):
            frame[n] = np.tile(np.asarray([c[j] for c in self.columns], dtype=object), lam.size * B)
        frame["probability"] = np.asarray(self.profiles, dtype=float).reshape(-1)
        return pd.DataFrame(frame)

    def __repr__(self) -> str:
        title = getattr(self.game, "title", "")
        batch = f", batch_shape={self.batch_shape}" if self.batch_shape else ""
        lams = ", ".join(f"{v:.6g}" for v in self.lam[:6]) + (", ..." if len(self) > 6 else "")
        return f"QREResult({self.form}, game={title!r}, lam=[{lams}]{batch})"

    def _repr_html_(self) -> str:
        return f"<pre>{self!r}</pre>" + self.to_frame().head(20).to_html(
            float_format=lambda v: f"{v:.6g}"
        )


#: Payoffs larger than this in magnitude are traced on the unit scale (normal form) or refused
#: (extensive form): the Jacobian of the logit system overflows near 1e154 (its squares).
PAYOFF_SCALE_LIMIT = 1e100


def _payoff_scale(game: NormalFormGame) -> float:
    big = float(np.max(np.abs(game.payoffs))) if game.payoffs.size else 0.0
    return big if big > PAYOFF_SCALE_LIMIT else 1.0


def _check_agent_scale(game: Game) -> None:
    big = float(np.max(np.abs(game.payoffs))) if game.payoffs.size else 0.0
    if big > PAYOFF_SCALE_LIMIT:
        raise ParameterError(
            f"payoffs up to {big:.3g} in magnitude: logit QRE of an extensive game needs |payoffs| "
            f"<= {PAYOFF_SCALE_LIMIT:g}; divide the payoffs by c and multiply lam by c (the QRE is "
            "the same: QRE(lam, c u) = QRE(lam c, u))", "game")


#: ``lam * payoff range`` above this is refused: logit play there is a best response to within
#: double precision, and the path follower's residual grows with lam (the answer is the limit).
MAX_PRECISION = 1e10


def _check_precision(lam_units: float, game: NormalFormGame | Game, lam: float) -> None:
    pay = np.asarray(game.payoffs)
    rng = float(np.ptp(pay)) if pay.size else 0.0
    if lam_units * rng > MAX_PRECISION:
        raise ParameterError(
            f"lam = {lam:g} times the payoff range is {lam_units * rng:.3g}, beyond {MAX_PRECISION:g}, "
            "where the logit response is numerically a best response: the QRE there is the Nash "
            "limit, qre_path(game).limit (or cp.nash / cp.spe)", "lam")


def _columns(game: NormalFormGame | Game) -> tuple[tuple[str, ...], ...]:
    if isinstance(game, NormalFormGame):
        return tuple(
            (game.players[i], s) for i, labs in enumerate(game.strategies) for s in labs
        )
    return tuple(
        (game.players[s.player], s.label, a) for s in game.infosets for a in s.actions
    )


def _scale(sys: NormalSystem | AgentSystem) -> float:
    return max(abs(sys.pay_max), abs(sys.pay_min), 1e-300)


def _ha(sys: NormalSystem | AgentSystem):
    """The fused residual + bordered Jacobian of two-player normal-form systems, else None."""
    return sys.HA if isinstance(sys, NormalSystem) and sys.bimatrix else None


def _regret(sys: NormalSystem | AgentSystem, x: np.ndarray, criterion: str) -> float:
    if isinstance(sys, NormalSystem):
        return float(sys.regret(np.exp(x)).max())
    if criterion == "nash":
        return float(sys.nash_regret(x).max())
    return float(sys.regret(x).max())


def _stop_rule(sys: NormalSystem | AgentSystem, max_regret: float, criterion: str):
    scale = max(sys.pay_max - sys.pay_min, np.finfo(float).tiny)
    thr = max_regret * scale
    if isinstance(sys, NormalSystem) and sys.bimatrix:
        # checked at every accepted point: the two-player regret inlined
        # (same numbers as NormalSystem.regret, without the dispatch)
        P, first = sys.value_matrix, sys.first
        mx, add = np.maximum.reduceat, np.add.reduceat

        def stop(y: np.ndarray) -> bool:
            s = np.exp(y[:-1])
            U = P @ s
            return bool((mx(U, first) - add(s * U, first)).max() <= thr)

        return stop
    return lambda y: _regret(sys, y[:-1], criterion) <= thr


def qre_path(
    game: NormalFormGame | Game,
    lam_max: float | None = None,
    *,
    max_regret: float = 1e-8,
    criterion: Literal["nash", "sequential"] = "nash",
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 20_000,
) -> QREPath:
    """Trace the principal branch of the logit QRE correspondence from ``lambda = 0``.

    Parameters
    ----------
    game : NormalFormGame or Game
        A normal-form game (n players) or a scalar extensive game (agent QRE;
        for a batched game pick one element with ``game.at(index)``).
    lam_max : float or None, default None
        Stop exactly at this lambda.  If None, trace until the largest regret
        is at most ``max_regret`` times the game's payoff range (Gambit's
        ``logit_solve`` rule); the last point then approximates the Nash
        equilibrium (normal form) or the sequential equilibrium (agent form)
        the logit QRE selects.
    max_regret : float, default 1e-8
        The regret criterion, relative to the payoff range (used when
        ``lam_max`` is None).
    criterion : {"nash", "sequential"}, default "nash"
        Extensive games only: which regret.  ``"nash"`` (Gambit's): each
        player's best-response payoff in the whole game minus its payoff (an
        epsilon-Nash point; play at information sets reached with negligible
        probability may still be far from its limit).  ``"sequential"``: the
        regret at every information set *conditional* on reaching it, given
        the beliefs (an epsilon-sequentially-rational assessment); stricter,
        and when the limit has agents that mix it is reached only at very
        large lambda (regret ~ 1 / lambda).
    first_step : float, default 0.03
        Arc length of the first step (Gambit's default).
    max_accel : float, default 1.1
        Largest growth factor of the step between two points (> 1; Gambit's default).
    max_steps : int, default 20000
        Budget of predictor-corrector steps.  With ``lam_max`` given, running
        out raises :class:`ConvergenceError`; in regret mode the path is
        returned with ``stopped_by="max_steps"`` and a ``RuntimeWarning``
        (this happens when the selected equilibrium has agents that mix, so
        regret falls only like ``1 / lambda``; ``info["max_regret_reached"]``
        says how close the last point is).

    Returns
    -------
    QREPath
        Points ``(lam, profile)``; ``.limit`` is the last one.  For a Game,
        ``.solution`` is the last point as a :class:`Solution` with beliefs.

    Raises
    ------
    ParameterError
        ``game`` is not a game or is batched; ``lam_max``, ``max_regret``,
        ``criterion`` or a tracer argument is out of range; payoffs above
        ``PAYOFF_SCALE_LIMIT`` in magnitude.
    UnsupportedGameError
        An extensive game the agent QRE does not cover.
    ConvergenceError
        ``lam_max`` given and not reached within ``max_steps`` (or the
        follower stalled).

    Warns
    -----
    RuntimeWarning
        Regret mode ran out of ``max_steps`` or stalled before the criterion.

    References
    ----------
    McKelvey & Palfrey (1995, 1998); Turocy (2005).

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
    >>> path = cp.qre_path(g)
    >>> path.stopped_by, float(path.lam[0])
    ('max_regret', 0.0)
    >>> [round(float(p), 4) for p in path.limit.profile[0]]  # the mixed equilibrium it selects
    [0.75, 0.25]
    """
    check_qre_game(game)
    require_scalar_game(game, "qre_path")
    _check_tracer_args(first_step, max_accel, max_steps)
    if not (np.isfinite(max_regret) and max_regret > 0):
        raise ParameterError(f"must be a number > 0, got {max_regret!r}", "max_regret")
    sys = logit_system(game)
    if criterion not in ("nash", "sequential"):
        raise ParameterError(f"must be 'nash' or 'sequential', got {criterion!r}", "criterion")
    if lam_max is None:
        stop = _stop_rule(sys, max_regret, criterion)
        pmax = np.inf
    else:
        pmax = _check_lam(lam_max, "lam_max")
        stop = None
    y0 = sys.start()
    if pmax == 0.0:
        pts = [y0]
        res = None
        stopped = "lam_max"
    else:
        res = trace_path(
            sys.H, sys.J, y0, param_max=pmax, stop=stop, first_step=first_step,
            max_accel=max_accel, tol=PATH_TOL, max_steps=max_steps, budget_error=stop is None,
            scale=_scale(sys), HA=_ha(sys),
        )
        pts = res.points
        stopped = "max_regret" if res.stopped_by == "stop" else res.stopped_by
    Y = np.array(pts)
    info = {"tol": PATH_TOL, "first_step": first_step, "max_accel": max_accel,
            "max_regret": max_regret}
    if res is not None:
        info.update(n_steps=res.n_steps, n_refused=res.n_refused)
    last = Y[-1]
    info["criterion"] = criterion
    info["max_regret_reached"] = _regret(sys, last[:-1], criterion)
    reg = np.array([info["max_regret_reached"]])
    if stopped in ("max_steps", "stalled"):
        why = f"{max_steps} steps" if stopped == "max_steps" else "the path follower stalled; it"
        warnings.warn(
            f"qre_path: {why} reached lambda={last[-1]:.6g} with max regret "
            f"{float(reg.max()):.3g} (target {max_regret:g} x payoff range); the last point is "
            "an approximate equilibrium. Raise max_steps or give lam_max.",
            RuntimeWarning,
            stacklevel=2,
        )
    return QREPath(
        game=game, lam=Y[:, -1].copy(), profiles=np.exp(Y[:, :-1]), columns=_columns(game),
        stopped_by=stopped, log_profiles=Y[:, :-1].copy(), info=info,
    )


def _trace_to(sys: NormalSystem | AgentSystem, lams: Sequence[float], first_step: float,
              max_accel: float, max_steps: int) -> dict[float, np.ndarray]:
    """The branch's points ``(x, lambda)`` at ``lams`` (first crossings), keyed by lambda.

    Small extensive games (dense Jacobians) go by natural-parameter continuation
    in lambda (:func:`follow_parameter`: a few Newton solves per target instead of
    an arc-length trace with Gambit's step rule) for as long as the branch is a
    graph over lambda; from a lambda turning point on (``det J_x`` changes sign)
    the arc-length follower takes over, from the last point before it.
    """
    y0 = sys.start()
    targets = sorted(set(lams))
    out: dict[float, np.ndarray] = {}
    if targets and targets[0] == 0.0:
        out[0.0] = y0
        targets = targets[1:]
    if targets and isinstance(sys, AgentSystem) and not sys.sparse:
        pts, x, p, done = follow_parameter(sys.HJ, y0[:-1], 0.0, targets, H=sys.H_dense,
                                           tol=PATH_TOL, scale=_scale(sys))
        out.update({v: np.r_[xv, v] for v, xv in pts.items()})
        targets = [v for v in targets if v not in pts]
        y0 = np.r_[x, p]
    if targets:
        res = trace_path(
            sys.H, sys.J, y0, param_max=np.inf, targets=targets, first_step=first_step,
            max_accel=max_accel, tol=PATH_TOL, max_steps=max_steps, keep_points=False,
            scale=_scale(sys), HA=_ha(sys),
        )
        out.update(res.target_points)
    return out


def _check_lams(lam: Any) -> list[float]:
    """The requested lambdas, in the order given (a number is a list of one)."""
    nd = np.ndim(lam)
    if nd == 0:
        return [_check_lam(lam)]
    if nd > 1:
        raise ParameterError(f"must be a number or a 1-d sequence, got shape {np.shape(lam)}",
                             "lam")
    try:
        arr = np.asarray(lam, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"must be numbers >= 0, got {lam!r}", "lam") from None
    if arr.size == 0:
        raise ParameterError("the lambda grid is empty", "lam")
    return [_check_lam(v) for v in arr.tolist()]


def qre(
    game: NormalFormGame | Game,
    lam: float | ArrayLike,
    *,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 100_000,
) -> QREResult:
    """The logit QRE on the principal branch at each precision in ``lam``.

    The branch is traced once from ``lambda = 0`` (see :func:`qre_path`) and
    the point at every requested ``lambda`` (its first crossing, if the branch
    bends back) is solved to machine precision by Newton's method with lambda
    fixed.  One result type whatever the game and however many lambdas: a
    :class:`QREResult` over the requested lambdas, whose ``point(k)`` (or
    ``result[k]``) is the QRE at ``lam[k]``.

    Parameters
    ----------
    game : NormalFormGame or Game
        A normal-form game (n players) or an extensive game (agent QRE).  For a
        batched Game (up to ``BATCH_VECTOR_MAX_VARS`` action variables) all
        elements follow the principal branch together by vectorised
        natural-parameter continuation (Euler predictor, Newton corrector, one
        adaptive lambda grid); an element whose ``det J_x`` changes sign (a
        lambda turning point) or whose Newton step fails is traced alone by the
        arc-length follower.  Larger batched games are traced element by
        element.
    lam : float or array_like of float
        Precision ``lambda >= 0`` (payoffs used as given, as in Gambit's
        ``logit_solve_lambda``), or a 1-d sequence of them (any order;
        the result keeps it).
    first_step : float, default 0.03
        Arc length of the path follower's first step.
    max_accel : float, default 1.1
        Largest growth factor of the step between two accepted points (> 1).
    max_steps : int, default 100000
        Budget of predictor-corrector steps.

    Returns
    -------
    QREResult
        ``lam`` (the requested lambdas), ``profiles`` / ``log_profiles``
        (``(n_lam, *batch_shape, n_vars)``), and per lambda ``point(k)``: a
        :class:`NormalFormQRE` for a normal-form game, a :class:`Solution`
        (``method="agent_qre"``, behaviour in ``edge_prob``, Bayesian
        ``beliefs``, ``info["residual"]``, ``info["max_regret"]``) for a Game.

    Raises
    ------
    ParameterError
        ``game`` is not a game; ``lam`` is negative, not finite, empty or
        more than 1-d; ``lam`` times the payoff range exceeds ``MAX_PRECISION``
        (the answer there is the Nash limit); an extensive game's payoffs exceed
        ``PAYOFF_SCALE_LIMIT``; a tracer argument is out of range.
    UnsupportedGameError
        An extensive game without decision nodes, with an absent-minded
        information set, or with one reached with chance probability 0.
    ConvergenceError
        The path follower ran out of ``max_steps`` or stalled.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> res = cp.qre(g, [0.0, 2.0])
    >>> res.lam.tolist(), res.profiles.shape
    ([0.0, 2.0], (2, 4))
    >>> [round(float(p), 6) for p in res.point(1).profile[0]]
    [0.5, 0.5]
    """
    check_qre_game(game)
    _check_tracer_args(first_step, max_accel, max_steps)
    lams = _check_lams(lam)
    info: dict[str, Any] = {"tol": PATH_TOL}
    if isinstance(game, NormalFormGame):
        # QRE(lam, c u) = QRE(lam c, u): trace huge payoffs on the unit scale (no overflow in the
        # Jacobian), at the equivalent precision; the profile and residual are those of the game
        c = _payoff_scale(game)
        scaled = game if c == 1.0 else NormalFormGame(game.payoffs / c, game.players,
                                                      game.strategies, game.title)
        for v in lams:
            _check_precision(v * c, scaled, v)
        sys_n = NormalSystem(scaled)
        pts = _trace_to(sys_n, [v * c for v in lams], first_step, max_accel, max_steps)
        X = np.array([pts[v * c][:-1] for v in lams])
        info["payoff_scale"] = c
        return QREResult(game=game, lam=np.array(lams), log_profiles=X, columns=_columns(game),
                         info=info, _system=sys_n)
    _check_agent_scale(game)
    for v in lams:
        _check_precision(v, game, v)
    if not game.batch_shape:
        sys_a = AgentSystem.of(game)
        pts = _trace_to(sys_a, lams, first_step, max_accel, max_steps)
        X = np.array([pts[v][:-1] for v in lams])
        return QREResult(game=game, lam=np.array(lams), log_profiles=X, columns=_columns(game),
                         info=info, _system=sys_a)
    X, n_vec, n_tr = _qre_batched(game, lams, first_step, max_accel, max_steps)
    info.update(n_vectorised=n_vec, n_traced=n_tr)
    return QREResult(game=game, lam=np.array(lams), log_profiles=X, columns=_columns(game),
                     info=info)


#: Batched games with at most this many action variables are solved by vectorised
#: continuation (all elements at once); larger ones element by element.
BATCH_VECTOR_MAX_VARS = 80


def _qre_batched(game: Game, lams: list[float], first_step: float, max_accel: float,
                 max_steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-profiles ``(n_lam, *batch, n_vars)`` of a batched game, and per lambda the
    numbers of elements solved by vectorised continuation and traced one by one."""
    batch = game.batch_shape
    B = int(np.prod(batch))
    base = AgentSystem(game.at((0,) * len(batch)))  # one structure build for the batch
    pay = game.payoffs.reshape(game.n_players, -1, B)
    probs = game.chance_probs.reshape(game.chance_probs.shape[0], B)
    targets = sorted(set(lams))
    x = np.empty((len(targets), base.n_vars, B))
    ok = np.zeros((len(targets), B), dtype=bool)
    if base.n_vars <= BATCH_VECTOR_MAX_VARS and B > 1:
        bsys = BatchedAgentSystem(base, pay, probs)
        xv, ok = trace_batch(bsys, targets)
        x[ok.nonzero()[0], :, ok.nonzero()[1]] = xv[ok.nonzero()[0], :, ok.nonzero()[1]]
    for k in np.flatnonzero(~ok.all(axis=0)).tolist():
        todo = [targets[j] for j in np.flatnonzero(~ok[:, k]).tolist()]
        sys = base.with_numbers(pay[..., k], probs[:, k])
        pts = _trace_to(sys, todo, first_step, max_accel, max_steps)
        for j in np.flatnonzero(~ok[:, k]).tolist():
            x[j, :, k] = pts[targets[j]][:-1]
    where = {v: j for j, v in enumerate(targets)}
    idx = [where[v] for v in lams]
    X = np.moveaxis(x[idx], 1, -1).reshape(len(lams), *batch, base.n_vars)
    n_vec = ok[idx].sum(axis=1)
    return X, n_vec, B - n_vec


def _batched_solution(game: Game, base: AgentSystem, bsys: BatchedAgentSystem, x: np.ndarray,
                      lam: float, info: dict[str, Any]) -> Solution:
    """The batched :class:`Solution` at log-profiles ``x`` ``(n_vars, B)``."""
    batch = game.batch_shape
    ev = bsys.evaluate(x)
    Q, sig = ev["Q"], ev["sigma"]
    z = lam * Q
    mx = np.maximum.reduceat(z, base.first, axis=0)
    lse = mx + np.log(np.add.reduceat(np.exp(z - mx[base.var_infoset]), base.first, axis=0))
    residual = np.abs(sig - np.exp(z - lse[base.var_infoset])).max(axis=0)
    regret = (np.maximum.reduceat(Q, base.first, axis=0)
              - np.add.reduceat(sig * Q, base.first, axis=0)).max(axis=0)
    return Solution(
        game=game,
        edge_prob=ev["edge_prob"].reshape(game.n_nodes, *batch),
        node_value=ev["V"].reshape(game.n_players, game.n_nodes, *batch),
        ties=np.zeros((base.decision_nodes.size, *batch), dtype=bool), method="agent_qre",
        beliefs=ev["beliefs"].reshape(game.n_nodes, *batch),
        info={"lam": lam, "residual": residual.reshape(batch), "max_regret": regret.reshape(batch),
              **info},
    )
