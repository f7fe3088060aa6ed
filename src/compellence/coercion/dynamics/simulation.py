"""Simulated equilibrium paths, off-ramp timing, acting now vs later, the timing of a demand.

Paths follow the equilibrium policies of a solution (finite-horizon SPE or a
stationary MPE) from an initial state, all paths at once (one array step per
period).  With ``chance=False`` every chance move takes its most likely
successor (the first on ties): a deterministic path; with ``chance=True``
successors are drawn (``seed``) and :meth:`Paths.bands` gives quantile bands.

**The off-ramp** is open in period ``t`` on a path when the target would
accept some demand on offer there: the largest, over the demands ``x_i``, of
the target's equilibrium margin (its payoff from complying minus its best
other answer, at the after-state with the coercer's equilibrium punishment
and demand ``i`` on the table) is ``>= 0``.  The first period it opens and
the last period it is open (after which it is closed for good within the
simulated periods) are :func:`offramp_timing`.  In a one-period game this is
the static margin ``M >= 0``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...errors import ParameterError
from .results import FiniteSolution, StationarySolution, check_index
from .state import MarkovGame

__all__ = ["Paths", "simulate", "offramp_timing", "demand_timing", "acting_now_vs_later"]


@dataclass(frozen=True, eq=False)
class Paths:
    """Simulated equilibrium paths (``n`` paths, ``T`` periods).

    ``states (n, T+1)`` state indices (frozen after the game ends);
    ``coercer_action``, ``target_action`` ``(n, T)`` action indices (-1 once
    ended); ``ended_at (n,)`` the 1-based period whose answer ended the game
    (0: still going); ``payoff (n, 2)`` realised discounted payoffs (coercer,
    target) including end values; ``best_margin (n, T)`` the largest target
    margin over the demands at the period's after-state (``-inf`` after the
    end or if unavailable) and ``open = best_margin >= 0``.

    Attributes
    ----------
    game : MarkovGame
        The (unbatched) game the paths are in.
    states : numpy.ndarray
        ``(n, T+1)`` state indices.
    coercer_action, target_action : numpy.ndarray
        ``(n, T)`` action indices (-1 once ended).
    ended_at : numpy.ndarray
        ``(n,)`` the 1-based period whose answer ended the game (0: still going).
    payoff : numpy.ndarray
        ``(n, 2)`` realised discounted payoffs (coercer, target).
    best_margin : numpy.ndarray
        ``(n, T)`` the largest target margin over the demands.
    chance : bool
        Whether successors were drawn (else the most likely one was taken).

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
    >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 3)
    >>> paths = simulate(sol, chance=False)
    >>> paths.n_paths, paths.periods, paths.ended_at.tolist(), paths.payoff.round(3).tolist()
    (1, 3, [2], [[0.9, -0.9]])
    """

    game: MarkovGame
    states: np.ndarray
    coercer_action: np.ndarray
    target_action: np.ndarray
    ended_at: np.ndarray
    payoff: np.ndarray
    best_margin: np.ndarray
    chance: bool

    @property
    def open(self) -> np.ndarray:
        return self.best_margin >= 0

    @property
    def n_paths(self) -> int:
        return self.states.shape[0]

    @property
    def periods(self) -> int:
        return self.coercer_action.shape[1]

    def values(self, variable: str) -> np.ndarray:
        """Values ``(n, T+1)`` of a state variable along the paths.

        Parameters
        ----------
        variable : str
            A state variable's name.

        Returns
        -------
        numpy.ndarray
            ``(n, T+1)`` the variable's values.

        Raises
        ------
        ParameterError
            If ``variable`` is not a state variable.

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
        >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 3)
        >>> paths = simulate(sol, chance=False)
        >>> paths.values("punishment").tolist()
        [[0.0, 0.0, 0.0, 0.0]]
        """
        if variable not in self.game.states.dims:
            raise ParameterError(f"unknown state variable; known: {list(self.game.states.names)}", "variable")
        return self.game.states.values(self.states)[variable]

    def bands(self, variable: str, quantiles: Iterable[float] = (0.1, 0.5, 0.9)) -> pd.DataFrame:
        """Quantiles of a state variable over the paths, per period (``period`` 0 = the initial state).

        Parameters
        ----------
        variable : str
            A state variable's name.
        quantiles : Iterable[float], optional
            Quantiles in [0, 1].

        Returns
        -------
        pandas.DataFrame
            Columns ``period``, ``mean`` and ``q<quantile>`` per quantile.

        Raises
        ------
        ParameterError
            If ``quantiles`` is empty or not in [0, 1] (or ``variable`` is unknown).

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
        >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 3)
        >>> paths = simulate(sol, chance=False)
        >>> paths.bands("punishment", quantiles=(0.5,))
           period  mean  q0.5
        0       0   0.0   0.0
        1       1   0.0   0.0
        2       2   0.0   0.0
        3       3   0.0   0.0
        """
        q = np.asarray(list(quantiles), dtype=float)
        if q.size == 0 or np.any(q < 0) or np.any(q > 1):
            raise ParameterError("quantiles must lie in [0, 1]", "quantiles")
        v = self.values(variable)
        out = pd.DataFrame({"period": np.arange(v.shape[1]), "mean": v.mean(0)})
        for qi, row in zip(q, np.quantile(v, q, axis=0), strict=True):
            out[f"q{qi:g}"] = row
        return out

    def labels(self) -> pd.DataFrame:
        """Long table: one row per path and period with the action labels (``""`` once ended).

        Returns
        -------
        pandas.DataFrame
            Columns ``path``, ``period`` (1-based), ``state``, ``coercer_action``,
            ``target_action``, ``best_margin`` and ``open``.

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
        >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 3)
        >>> paths = simulate(sol, chance=False)
        >>> paths.labels()[["period", "coercer_action", "target_action", "open"]]
           period coercer_action target_action   open
        0       1           hold        resist  False
        1       2       demand_1        comply   True
        2       3                               False
        """
        n, T = self.coercer_action.shape
        ca = np.asarray(("",) + self.game.coercer_actions)[self.coercer_action + 1]
        ta = np.asarray(("",) + self.game.target_actions)[self.target_action + 1]
        return pd.DataFrame({
            "path": np.repeat(np.arange(n), T), "period": np.tile(np.arange(1, T + 1), n),
            "state": self.states[:, :-1].ravel(), "coercer_action": ca.ravel(), "target_action": ta.ravel(),
            "best_margin": self.best_margin.ravel(), "open": self.open.ravel(),
        })


def _unpack(solution: FiniteSolution | StationarySolution, index: Any):
    if not isinstance(solution, (FiniteSolution, StationarySolution)):
        raise ParameterError(f"needs a FiniteSolution or StationarySolution, got {type(solution).__name__}",
                             "solution")
    game = solution.game
    idx = check_index(game.batch_shape, index)
    g = game.select(idx) if idx else game
    if isinstance(solution, FiniteSolution):
        pol = solution.policy[(slice(None), *idx)]
        resp = solution.response[(slice(None), *idx)]
        marg = solution.margin[(slice(None), *idx)] if solution.margin is not None else None
        vals = solution.values[(slice(None), *idx)] if solution.values is not None else None
        return g, pol, resp, marg, vals, solution.horizon
    return g, solution.policy[idx][None], solution.response[idx][None], solution.margin[idx][None], \
        solution.value[idx][None], None


def _at(arr: np.ndarray | None, t: int) -> np.ndarray | None:
    if arr is None:
        return None
    return arr[min(t, arr.shape[0] - 1)]


def _best_margin(game: MarkovGame, margin: np.ndarray | None, z1: np.ndarray) -> np.ndarray:
    if margin is None:
        return np.full(z1.shape, -np.inf)
    stride, nd = game.meta.get("demand_stride"), game.meta.get("n_demands")
    if stride is None:
        return margin[z1]
    d = game.states.levels(z1)["demand"]
    cand = z1[:, None] + (np.arange(1, nd + 1)[None, :] - d[:, None]) * stride
    return margin[cand].max(axis=1)


def simulate(
    solution: FiniteSolution | StationarySolution,
    initial: int = 0,
    periods: int | None = None,
    *,
    n_paths: int = 1,
    chance: bool = True,
    seed: int | None = 0,
    index: Any = None,
) -> Paths:
    """Equilibrium paths from state ``initial`` (see the module docstring); ``index`` picks a sweep point.

    Parameters
    ----------
    solution : FiniteSolution or StationarySolution
        The equilibrium whose policies the paths follow.
    initial : int, optional
        Flat index of the initial state.
    periods : int or None, optional
        Periods to simulate (default: the horizon of a finite solution, 50 for a
        stationary one); at most the horizon.
    n_paths : int, optional
        Number of paths, ``>= 1``.
    chance : bool, optional
        Draw successors (``True``) or take the most likely one (``False``).
    seed : int or None, optional
        Seed of the random draws.
    index : int or tuple of int, optional
        The sweep point of a batched solution.

    Returns
    -------
    Paths
        The simulated paths.

    Raises
    ------
    ParameterError
        If ``periods``, ``n_paths`` or ``initial`` is out of range (or ``solution`` or
        ``index`` is invalid).

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
    >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 3)
    >>> paths = simulate(sol, chance=False)
    >>> paths.states.tolist(), paths.coercer_action.tolist(), paths.target_action.tolist()
    ([[0, 0, 0, 0]], [[1, 4, -1]], [[1, 0, -1]])
    """
    game, pol, resp, marg, _, horizon = _unpack(solution, index)
    T = horizon if periods is None and horizon is not None else periods
    if T is None:
        T = 50
    if isinstance(T, bool) or not isinstance(T, (int, np.integer)) or T < 1 or (horizon is not None and T > horizon):
        raise ParameterError(f"must be an integer in [1, {horizon or 'inf'}], got {periods!r}", "periods")
    if isinstance(n_paths, bool) or not isinstance(n_paths, (int, np.integer)) or n_paths < 1:
        raise ParameterError(f"must be an integer >= 1, got {n_paths!r}", "n_paths")
    if not 0 <= int(initial) < game.n_states:
        raise ParameterError(f"must be a state index in [0, {game.n_states - 1}]", "initial")
    rng = np.random.default_rng(seed)
    n = int(n_paths)
    states = np.empty((n, T + 1), np.int64)
    states[:, 0] = int(initial)
    ca = np.full((n, T), -1, np.int64)
    ta = np.full((n, T), -1, np.int64)
    best = np.full((n, T), -np.inf)
    ended = np.zeros(n, np.int64)
    pay = np.zeros((n, 2))
    delta = float(game.delta)
    alive = np.ones(n, bool)
    s = states[:, 0].copy()
    for t in range(T):
        a = _at(pol, t)[s].astype(np.int64)
        z1 = game.after[s, a]
        b = _at(resp, t)[z1].astype(np.int64)
        disc = delta**t
        gain = game.move_payoff[s, a] + game.payoff[z1, b]
        term = game.terminal[z1, b]
        if horizon is not None and t == horizon - 1:
            gain = gain + np.where(term[:, None], 0.0, game.end_value[z1, b])
        pay[alive] += disc * gain[alive]
        ca[alive, t], ta[alive, t] = a[alive], b[alive]
        best[alive, t] = _best_margin(game, _at(marg, t), z1)[alive]
        newly = alive & term
        ended[newly] = t + 1
        probs = game.prob[z1, b]
        if chance:
            q = (rng.random(n)[:, None] > np.cumsum(probs, axis=1)).sum(1)
            q = np.minimum(q, probs.shape[1] - 1)
        else:
            q = probs.argmax(1)
        nxt = game.succ[z1, b, q]
        s = np.where(alive & ~term, nxt, s)
        alive &= ~term
        states[:, t + 1] = s
    return Paths(game, states, ca, ta, ended, pay, best, bool(chance))


def offramp_timing(paths: Paths) -> pd.DataFrame:
    """Per path: ``opens`` (bool), ``first_open`` and ``last_open`` (1-based periods, -1 if it never opens),
    ``open_periods`` (count), ``closed_for_good_after`` (= ``last_open``; the off-ramp is shut in every
    simulated period after it), ``open_at_end`` (True if it is still open in the last simulated period
    of a path that did not end: then it is not closed for good within the simulation), ``ended_at``.

    Parameters
    ----------
    paths : Paths
        Simulated paths (:func:`simulate`).

    Returns
    -------
    pandas.DataFrame
        One row per path with the columns above.

    Raises
    ------
    ParameterError
        If ``paths`` is not a :class:`Paths`.

    Examples
    --------
    >>> from compellence.coercion.dynamics import offramp_timing
    >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
    >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 3)
    >>> paths = simulate(sol, chance=False)
    >>> offramp_timing(paths)[["opens", "first_open", "last_open", "ended_at"]]
       opens  first_open  last_open  ended_at
    0   True           2          2         2
    """
    if not isinstance(paths, Paths):
        raise ParameterError(f"needs Paths, got {type(paths).__name__}", "paths")
    op = paths.open
    T = op.shape[1]
    opens = op.any(1)
    first = np.where(opens, op.argmax(1) + 1, -1)
    last = np.where(opens, T - op[:, ::-1].argmax(1), -1)
    return pd.DataFrame({"path": np.arange(op.shape[0]), "opens": opens, "first_open": first,
                         "last_open": last, "closed_for_good_after": last, "open_periods": op.sum(1),
                         "open_at_end": op[:, -1] & (paths.ended_at == 0), "ended_at": paths.ended_at})


def demand_timing(paths: Paths) -> pd.DataFrame:
    """Per path: the first period the coercer puts a demand on the table in equilibrium (``demand_period``,
    -1 if never), which demand, and when the target complied (``complied_at``, -1 if not).

    Parameters
    ----------
    paths : Paths
        Simulated paths (:func:`simulate`).

    Returns
    -------
    pandas.DataFrame
        One row per path: ``path``, ``demands`` (bool), ``demand_period``, ``demand``
        (the action label) and ``complied_at``.

    Raises
    ------
    ParameterError
        If ``paths`` is not a :class:`Paths`.

    Examples
    --------
    >>> from compellence.coercion.dynamics import demand_timing
    >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
    >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 3)
    >>> paths = simulate(sol, chance=False)
    >>> demand_timing(paths)
       path  demands  demand_period    demand  complied_at
    0     0     True              2  demand_1            2
    """
    if not isinstance(paths, Paths):
        raise ParameterError(f"needs Paths, got {type(paths).__name__}", "paths")
    g = paths.game
    is_dem = np.array([a.startswith("demand_") for a in g.coercer_actions] + [False])
    dem = is_dem[paths.coercer_action]
    has = dem.any(1)
    first = np.where(has, dem.argmax(1) + 1, -1)
    label = np.where(has, np.asarray(g.coercer_actions + ("",))[
        np.take_along_axis(paths.coercer_action, np.maximum(first - 1, 0)[:, None], 1)[:, 0]], "")
    comply = g.target_actions.index("comply") if "comply" in g.target_actions else -2
    done = paths.target_action == comply
    complied = np.where(done.any(1), done.argmax(1) + 1, -1)
    return pd.DataFrame({"path": np.arange(paths.n_paths), "demands": has, "demand_period": first,
                         "demand": label, "complied_at": complied})


def acting_now_vs_later(
    solution: FiniteSolution | StationarySolution,
    action: str,
    delays: Iterable[int] = range(6),
    *,
    initial: int = 0,
    period: int = 1,
    wait: str = "hold",
    index: Any = None,
) -> pd.DataFrame:
    """Expected values of playing ``action`` now or after ``d`` periods of ``wait`` (equilibrium otherwise).

    For each delay ``d`` the coercer plays ``wait`` in periods ``1..d`` and
    ``action`` in period ``d + 1``; the target answers in equilibrium
    throughout, both play the equilibrium afterwards; the game is in state
    ``initial`` at ``period`` (1-based; finite horizons).  Exact expectation over
    chance (the state distribution is pushed forward, no sampling).  Columns:
    ``delay``, ``coercer_value``, ``target_value`` (stake units, present
    value at period 1) and ``feasible`` (False where ``action`` or ``wait``
    was not allowed in some reached state: the equilibrium action was played
    there instead).  The delay with the highest ``coercer_value`` is the
    coercer's best timing of ``action`` against equilibrium continuation play
    (threat of imposing later vs imposition now).

    Parameters
    ----------
    solution : FiniteSolution or StationarySolution
        The equilibrium (a finite one solved with ``keep="all"``).
    action : str
        The coercer action to time.
    delays : Iterable[int], optional
        Delays ``d >= 0``; each must end before the horizon.
    initial : int, optional
        Flat index of the state at ``period``.
    period : int, optional
        The 1-based period the comparison starts in.
    wait : str, optional
        The coercer action played while waiting.
    index : int or tuple of int, optional
        The sweep point of a batched solution.

    Returns
    -------
    pandas.DataFrame
        One row per delay: ``delay``, ``coercer_value``, ``target_value``, ``feasible``.

    Raises
    ------
    ParameterError
        If the solution did not keep every period's values, ``action`` or ``wait`` is
        not a coercer action, or ``period`` or ``delays`` is out of range.

    Examples
    --------
    >>> from compellence.coercion.dynamics import (CoercionDynamics, acting_now_vs_later,
    ...                                            backward_induction_dynamic)
    >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 3, keep="all")
    >>> acting_now_vs_later(sol, "escalate", delays=range(2)).round(4)
       delay  coercer_value  target_value  feasible
    0      0         0.6480       -6.0120      True
    1      1         0.5832       -5.4108      True
    """
    game, pol, resp, marg, vals, horizon = _unpack(solution, index)
    if vals is None:
        raise ParameterError("needs the values of every period: solve with keep='all'", "solution")
    acts = game.coercer_actions
    for name, val in (("action", action), ("wait", wait)):
        if val not in acts:
            raise ParameterError(f"unknown coercer action {val!r}; known: {list(acts)}", name)
    ai, wi = acts.index(action), acts.index(wait)
    if isinstance(period, bool) or not isinstance(period, (int, np.integer)) or period < 1 or (
            horizon is not None and period > horizon):
        raise ParameterError(f"must be an integer in [1, {horizon or 'inf'}], got {period!r}", "period")
    t0 = int(period) - 1
    delays = [int(d) for d in delays]
    if not delays or min(delays) < 0 or (horizon is not None and t0 + max(delays) >= horizon):
        raise ParameterError(f"delays must be integers >= 0 ending before the horizon {horizon}", "delays")
    S = game.n_states
    delta = float(game.delta)
    rows = []
    for d in delays:
        mu = np.zeros(S)
        mu[int(initial)] = 1.0
        total = np.zeros(2)
        feasible = True
        for t in range(d + 1):
            want = wi if t < d else ai
            ok = game.coercer_allowed[:, want]
            feasible &= bool(np.all(ok[mu > 0]))
            a = np.where(ok, want, _at(pol, t0 + t))
            z1 = game.after[np.arange(S), a]
            b = _at(resp, t0 + t)[z1]
            disc = delta**t
            total += disc * mu @ (game.move_payoff[np.arange(S), a] + game.payoff[z1, b])
            term = game.terminal[z1, b]
            w = mu * ~term
            if horizon is not None and t0 + t == horizon - 1:
                total += disc * w @ game.end_value[z1, b]
                break
            if t == d:
                Vn = _at(vals, t0 + t + 1)
                ev = np.einsum("sq,sqp->sp", game.prob[z1, b], Vn[game.succ[z1, b]])
                total += disc * delta * w @ ev
                break
            nxt = np.zeros(S)
            np.add.at(nxt, game.succ[z1, b].ravel(), (w[:, None] * game.prob[z1, b]).ravel())
            mu = nxt
        rows.append({"delay": d, "coercer_value": total[0], "target_value": total[1], "feasible": feasible})
    return pd.DataFrame(rows)
