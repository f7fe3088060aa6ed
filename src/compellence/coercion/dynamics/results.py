"""Result objects of the dynamic solvers: equilibrium policies, values, margins, runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...errors import ParameterError
from .state import MarkovGame

__all__ = ["FiniteSolution", "StationarySolution", "MPEResult"]


def _frame(game: MarkovGame, policy: np.ndarray, response: np.ndarray, value: np.ndarray | None,
           margin: np.ndarray | None) -> pd.DataFrame:
    """One row per state: variable values, coercer action, the target's answer at its after-state.

    ``coercer_value`` / ``target_value`` / ``margin`` columns only when they were kept."""
    S = game.n_states
    vals = game.states.values(np.arange(S))
    df = pd.DataFrame(vals)
    df.insert(0, "state", np.arange(S))
    z1 = game.after[np.arange(S), policy]
    df["coercer_action"] = np.asarray(game.coercer_actions)[policy]
    df["target_action"] = np.asarray(game.target_actions)[response[z1]]
    if value is not None:
        df["coercer_value"] = value[:, 0]
        df["target_value"] = value[:, 1]
    if margin is not None:
        df["margin"] = margin[z1]
    return df


def check_index(batch: tuple[int, ...], index: Any) -> tuple[int, ...]:
    idx = () if index is None else tuple(np.atleast_1d(index).astype(int))
    if len(idx) != len(batch) or any(not 0 <= i < n for i, n in zip(idx, batch, strict=True)):
        raise ParameterError(f"needs one in-range index per batch axis {batch}, got {index!r}", "index")
    return idx


@dataclass(frozen=True, eq=False)
class FiniteSolution:
    """Subgame-perfect equilibrium of a finite-horizon dynamic game (backward induction over time).

    ``policy[t]`` (``(horizon, *batch, S)``) is the coercer's action index in
    period ``t + 1`` at each state; ``response[t]`` the target's answer at each
    after-state.  ``value`` (``(*batch, S, 2)``: coercer, target) is the
    equilibrium value at the first period; ``values`` and ``margin`` (the
    target's gain from complying over its best other answer at each
    after-state, ``-inf`` where it cannot comply) are kept for every period
    when ``keep`` allowed it.  ``ties_coercer`` / ``ties_target`` count the
    states per period where several actions were best within ``tol`` (the
    first was taken: other SPE exist there).

    Attributes
    ----------
    game : MarkovGame
        The solved game.
    horizon : int
        Number of periods.
    policy : numpy.ndarray
        ``(horizon, *batch, S)`` the coercer's action index per period and state.
    response : numpy.ndarray
        ``(horizon, *batch, S)`` the target's answer index per period and after-state.
    value : numpy.ndarray
        ``(*batch, S, 2)`` equilibrium values (coercer, target) at the first period.
    values : numpy.ndarray or None
        ``(horizon, *batch, S, 2)`` values of every period, if kept.
    margin : numpy.ndarray or None
        ``(horizon, *batch, S)`` the target's comply margin per after-state, if kept.
    ties_coercer, ties_target : numpy.ndarray
        ``(horizon, *batch)`` counts of states with tied best actions.
    tol : float
        Tolerance of the tie rule.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic
    >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 2)
    >>> sol
    FiniteSolution(horizon=2, states=4, batch=(), tied states=1)
    >>> sol.value[0].tolist()
    [1.0, -1.0]
    """

    game: MarkovGame
    horizon: int
    policy: np.ndarray
    response: np.ndarray
    value: np.ndarray
    values: np.ndarray | None
    margin: np.ndarray | None
    ties_coercer: np.ndarray
    ties_target: np.ndarray
    tol: float

    @property
    def stationary(self) -> bool:
        return False

    def policy_frame(self, period: int = 1, index: Any = None) -> pd.DataFrame:
        """Equilibrium actions over the state space in ``period`` (1-based).

        Parameters
        ----------
        period : int, optional
            The period, from 1 to ``horizon``.
        index : int or tuple of int, optional
            The sweep point of a batched game (one position per batch axis).

        Returns
        -------
        pandas.DataFrame
            One row per state: ``state``, the state variables' values,
            ``coercer_action``, ``target_action`` (at the after-state) and, when kept,
            ``coercer_value``, ``target_value`` and ``margin``.

        Raises
        ------
        ParameterError
            If ``period`` is outside ``[1, horizon]`` (or ``index`` does not fit the
            batch shape).

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic
        >>> sol = backward_induction_dynamic(CoercionDynamics(punishment_levels=1).game(), 2)
        >>> sol.policy_frame(1)[["state", "coercer_action", "target_action"]]
           state coercer_action target_action
        0      0       demand_1        comply
        1      1           hold        comply
        2      2       demand_1        comply
        3      3      lift_part        comply
        """
        if not 1 <= period <= self.horizon:
            raise ParameterError(f"must be in [1, {self.horizon}], got {period}", "period")
        idx = check_index(self.game.batch_shape, index)
        t = period - 1
        value = self.values[(t, *idx)] if self.values is not None else (self.value[idx] if t == 0 else None)
        margin = self.margin[(t, *idx)] if self.margin is not None else None
        return _frame(self.game, self.policy[(t, *idx)], self.response[(t, *idx)], value, margin)

    def __repr__(self) -> str:
        return (f"FiniteSolution(horizon={self.horizon}, states={self.game.n_states}, "
                f"batch={self.game.batch_shape}, tied states={int(self.ties_coercer.sum() + self.ties_target.sum())})")


@dataclass(frozen=True, eq=False)
class StationarySolution:
    """A stationary Markov-perfect equilibrium candidate (policies, exact values, checks).

    ``status``: ``"converged"`` (a verified MPE: no one-shot deviation gains
    more than ``tol`` anywhere, which by the one-shot deviation principle of
    discounted games makes it an MPE), ``"cycle"`` (the iteration revisited an
    earlier policy pair without settling; ``cycle_length`` set), or
    ``"max_iter"``.  ``deviation_gain`` (``(*batch,)``) is the largest gain
    from a one-shot deviation of either player at the policy's exact values.

    Attributes
    ----------
    game : MarkovGame
        The solved game.
    policy : numpy.ndarray
        ``(*batch, S)`` the coercer's stationary action index per state.
    response : numpy.ndarray
        ``(*batch, S)`` the target's answer index per after-state.
    value : numpy.ndarray
        ``(*batch, S, 2)`` the pair's exact values (coercer, target).
    margin : numpy.ndarray
        ``(*batch, S)`` the target's comply margin per after-state.
    status : str
        ``"converged"``, ``"not_verified"``, ``"cycle"`` or ``"max_iter"``.
    iterations : int
        Iterations run.
    residual : numpy.ndarray
        ``(*batch,)`` the last sup-norm change of the values.
    deviation_gain : numpy.ndarray
        ``(*batch,)`` the largest one-shot deviation gain.
    method : str
        ``"value_iteration"`` or ``"policy_iteration"``.
    start : str
        The name of the start.
    cycle_length : int, optional
        Length of the detected cycle (0 if none).
    tol : float, optional
        Tolerance of the search.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, value_iteration
    >>> sol = value_iteration(CoercionDynamics(punishment_levels=1).game())
    >>> sol
    StationarySolution(status='converged', method='value_iteration', start='V0 = 0', iterations=2, max deviation gain=0)
    >>> bool(sol.verified)
    True
    """

    game: MarkovGame
    policy: np.ndarray
    response: np.ndarray
    value: np.ndarray
    margin: np.ndarray
    status: str
    iterations: int
    residual: np.ndarray
    deviation_gain: np.ndarray
    method: str
    start: str
    cycle_length: int = 0
    tol: float = 1e-9

    @property
    def stationary(self) -> bool:
        return True

    @property
    def verified(self) -> np.ndarray:
        return self.deviation_gain <= 1e3 * self.tol

    def policy_frame(self, index: Any = None) -> pd.DataFrame:
        """Equilibrium actions over the state space.

        Parameters
        ----------
        index : int or tuple of int, optional
            The sweep point of a batched game (one position per batch axis).

        Returns
        -------
        pandas.DataFrame
            One row per state: ``state``, the state variables' values,
            ``coercer_action``, ``target_action`` (at the after-state),
            ``coercer_value``, ``target_value`` and ``margin``.

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics, value_iteration
        >>> sol = value_iteration(CoercionDynamics(punishment_levels=1).game())
        >>> sol.policy_frame()[["state", "coercer_action", "target_action", "coercer_value"]]
           state coercer_action target_action  coercer_value
        0      0           hold        resist            0.0
        1      1           hold        resist            0.0
        2      2      lift_part        resist            0.0
        3      3      lift_part        resist            0.0
        """
        idx = check_index(self.game.batch_shape, index)
        return _frame(self.game, self.policy[idx], self.response[idx], self.value[idx], self.margin[idx])

    def __repr__(self) -> str:
        return (f"StationarySolution(status={self.status!r}, method={self.method!r}, start={self.start!r}, "
                f"iterations={self.iterations}, max deviation gain={float(np.max(self.deviation_gain)):.3g})")


@dataclass(frozen=True, eq=False)
class MPEResult:
    """Stationary MPE searched from several starts: the distinct equilibria found and every run.

    ``equilibria``: distinct verified MPE (distinct policies on the states
    reachable from any state, compared exactly); ``runs``: one row per start
    (``start``, ``method``, ``status``, ``iterations``, ``residual``,
    ``deviation_gain``, ``equilibrium``: index into ``equilibria`` or -1).
    Finding one equilibrium from every start does not prove uniqueness; finding
    several proves multiplicity.

    Attributes
    ----------
    equilibria : list[StationarySolution]
        The distinct verified equilibria found.
    runs : pandas.DataFrame
        One row per start (columns above, and ``cycle_length``).
    all_runs : list[StationarySolution]
        The result of every start, in the order of ``runs``.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, markov_perfect
    >>> res = markov_perfect(CoercionDynamics(punishment_levels=1).game(), n_random=0)
    >>> res.n_equilibria, res.n_distinct_values, res.cycles
    (2, 1, False)
    """

    equilibria: list[StationarySolution]
    runs: pd.DataFrame
    all_runs: list[StationarySolution] = field(repr=False)

    @property
    def n_equilibria(self) -> int:
        return len(self.equilibria)

    @property
    def multiple(self) -> bool:
        return len(self.equilibria) > 1

    @property
    def n_distinct_values(self) -> int:
        """Equilibria with different values somewhere (within ``1e3 tol``): policy-distinct equilibria
        that differ only by how ties are broken have the same values."""
        reps: list[np.ndarray] = []
        for e in self.equilibria:
            if not any(np.allclose(e.value, r, rtol=0.0, atol=1e3 * e.tol) for r in reps):
                reps.append(e.value)
        return len(reps)

    @property
    def cycles(self) -> bool:
        return bool((self.runs["status"] == "cycle").any())

    def __repr__(self) -> str:
        st = self.runs["status"].value_counts().to_dict()
        return f"MPEResult({self.n_equilibria} distinct MPE ({self.n_distinct_values} by value) from {len(self.runs)} starts; runs {st})"
