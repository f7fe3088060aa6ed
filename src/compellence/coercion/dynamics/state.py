"""State space and transitions of a dynamic coercion game (batched arrays).

A dynamic coercion game is a finite Markov game played by a **coercer** and a
**target**.  Each period ``t`` in state ``z``:

1. the coercer picks an action ``a`` (escalate, hold, lift, issue a demand,
   ...); this moves the game to the **after-state** ``z' = after[z, a]``
   (the punishment in place and the demand on the table after the move) and
   pays ``move_payoff[z, a]`` (e.g. the irreversible part of a new
   punishment, charged once when it is imposed);
2. the target answers with ``b`` (comply, resist, escalate) at ``z'``; this
   pays ``payoff[z', b]`` and either ends the game (``terminal[z', b]``: the
   payoff then holds the closed-form continuation) or moves the state to
   ``z''`` drawn from ``prob[z', b, q]`` over ``succ[z', b, q]``.

Within a period the moves are sequential and observed (perfect information),
so each period is a small game tree and the whole game unrolls into one
(:func:`~compellence.coercion.dynamics.tree.unroll`).  Because the target's
answer depends on the after-state only, the solvers evaluate the target at
every after-state once per period and the coercer by one gather, which is
what makes the whole grid a handful of array passes per period.

Every numeric table may carry leading **batch** axes (a parameter sweep); the
integer maps (``after``, ``succ``) and the masks are shared by the batch.
Payoffs are in stake units (the units of the concession); index 0 is the
coercer, index 1 the target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...errors import ParameterError

__all__ = ["StateSpace", "MarkovGame", "COERCER", "TARGET"]

COERCER, TARGET = 0, 1


@dataclass(frozen=True)
class StateSpace:
    """A product grid of named state variables.

    ``dims`` maps each variable's name to its grid of values (a variable with
    one value is switched off).  States are numbered in C order
    (``numpy.ravel_multi_index``), the first variable varying slowest.

    Parameters
    ----------
    dims : Mapping[str, numpy.ndarray]
        Each state variable's name and its grid of values (a finite, non-empty 1-d
        sequence).

    Attributes
    ----------
    dims : Mapping[str, numpy.ndarray]
        The validated grids (float arrays), in the given order.

    Raises
    ------
    ParameterError
        If a grid is empty, not 1-d or not finite, or there is no variable.

    Examples
    --------
    >>> from compellence.coercion.dynamics import StateSpace
    >>> st = StateSpace({"k": [0, 1, 2], "d": [0.0, 1.0]})
    >>> st.names, st.shape, st.size
    (('k', 'd'), (3, 2), 6)
    """

    dims: Mapping[str, np.ndarray]

    def __post_init__(self) -> None:
        clean: dict[str, np.ndarray] = {}
        for name, values in self.dims.items():
            arr = np.atleast_1d(np.asarray(values, dtype=float))
            if arr.ndim != 1 or arr.size == 0:
                raise ParameterError("a state grid must be a non-empty 1-d sequence", name)
            if not np.all(np.isfinite(arr)):
                raise ParameterError("a state grid must be finite", name)
            clean[name] = arr
        if not clean:
            raise ParameterError("a state space needs at least one variable", "dims")
        object.__setattr__(self, "dims", clean)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.dims)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(v.size for v in self.dims.values())

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def index(self, **levels: Any) -> np.ndarray:
        """Flat state index from grid *levels* (integer positions; missing ones are 0). Batched.

        Parameters
        ----------
        **levels : int or array_like of int
            Grid position of each named variable (missing variables are at position 0);
            arrays broadcast together.

        Returns
        -------
        numpy.ndarray
            The flat state indices (C order), of the broadcast shape of the levels.

        Raises
        ------
        ParameterError
            If a name is not a state variable or a level is not an integer position on
            its grid.

        Examples
        --------
        >>> from compellence.coercion.dynamics import StateSpace
        >>> st = StateSpace({"k": [0, 1, 2], "d": [0.0, 1.0]})
        >>> int(st.index(k=2, d=1))
        5
        >>> st.index(k=[0, 1, 2]).tolist()
        [0, 2, 4]
        """
        unknown = set(levels) - set(self.dims)
        if unknown:
            raise ParameterError(f"unknown state variable(s) {sorted(unknown)}; known: {list(self.dims)}", "state")
        idx = []
        for name, n in zip(self.names, self.shape, strict=True):
            lv = np.asarray(levels.get(name, 0))
            if np.any(lv != np.round(lv)) or np.any(lv < 0) or np.any(lv >= n):
                raise ParameterError(f"level must be an integer in [0, {n - 1}], got {lv}", name)
            idx.append(lv.astype(np.int64))
        return np.ravel_multi_index(tuple(np.broadcast_arrays(*idx)), self.shape)

    def levels(self, index: Any) -> dict[str, np.ndarray]:
        """Grid positions of each variable at flat ``index`` (batched).

        Parameters
        ----------
        index : int or array_like of int
            Flat state indices.

        Returns
        -------
        dict[str, numpy.ndarray]
            Each variable's grid position, of the shape of ``index``.

        Examples
        --------
        >>> from compellence.coercion.dynamics import StateSpace
        >>> st = StateSpace({"k": [0, 1, 2], "d": [0.0, 1.0]})
        >>> {n: int(v) for n, v in st.levels(5).items()}
        {'k': 2, 'd': 1}
        """
        pos = np.unravel_index(np.asarray(index, dtype=np.int64), self.shape)
        return dict(zip(self.names, pos, strict=True))

    def values(self, index: Any) -> dict[str, np.ndarray]:
        """Values of each variable at flat ``index`` (batched).

        Parameters
        ----------
        index : int or array_like of int
            Flat state indices.

        Returns
        -------
        dict[str, numpy.ndarray]
            Each variable's grid value, of the shape of ``index``.

        Examples
        --------
        >>> from compellence.coercion.dynamics import StateSpace
        >>> st = StateSpace({"k": [0, 0.5, 1], "d": [0.0, 2.0]})
        >>> {n: v.tolist() for n, v in st.values([1, 5]).items()}
        {'k': [0.0, 1.0], 'd': [2.0, 2.0]}
        """
        return {n: self.dims[n][p] for n, p in self.levels(index).items()}

    def grid(self) -> dict[str, np.ndarray]:
        """Grid positions of every variable for every state, each of shape ``(size,)``.

        Returns
        -------
        dict[str, numpy.ndarray]
            Each variable's grid position at states ``0 .. size - 1``.

        Examples
        --------
        >>> from compellence.coercion.dynamics import StateSpace
        >>> st = StateSpace({"k": [0, 1, 2], "d": [0.0, 1.0]})
        >>> {n: v.tolist() for n, v in st.grid().items()}
        {'k': [0, 0, 1, 1, 2, 2], 'd': [0, 1, 0, 1, 0, 1]}
        """
        return self.levels(np.arange(self.size))


@dataclass(frozen=True)
class MarkovGame:
    """A finite two-player Markov game in after-state form (see the module docstring).

    Shapes (``S`` states, ``A`` coercer actions, ``B`` target actions, ``Q``
    successors, ``*batch`` leading parameter axes):

    ``after (S, A)`` int, ``coercer_allowed (S, A)`` bool,
    ``move_payoff (*batch, S, A, 2)``, ``target_allowed (S, B)`` bool,
    ``payoff (*batch, S, B, 2)``, ``terminal (S, B)`` bool,
    ``succ (S, B, Q)`` int, ``prob (*batch, S, B, Q)``,
    ``delta (*batch)`` and ``end_value (*batch, S, B, 2)``: the value of a
    continuing answer ``b`` at ``z'`` when the horizon of a finite game ends
    (the static continuation; zero by default).

    Parameters
    ----------
    states : StateSpace
        The state grid (``S`` states).
    coercer_actions, target_actions : tuple[str, ...]
        Distinct, non-empty action labels (``A`` and ``B`` of them).
    after : numpy.ndarray
        ``(S, A)`` after-state of each coercer move.
    coercer_allowed : numpy.ndarray
        ``(S, A)`` bool: the coercer's allowed moves (at least one per state).
    move_payoff : numpy.ndarray
        ``(*batch, S, A, 2)`` payoffs of the coercer's move (coercer, target).
    target_allowed : numpy.ndarray
        ``(S, B)`` bool: the target's allowed answers at each after-state.
    payoff : numpy.ndarray
        ``(*batch, S, B, 2)`` payoffs of the target's answer at each after-state.
    terminal : numpy.ndarray
        ``(S, B)`` bool: the answers that end the game.
    succ : numpy.ndarray
        ``(S, B, Q)`` successor states of a continuing answer.
    prob : numpy.ndarray
        ``(*batch, S, B, Q)`` their probabilities (each row sums to 1).
    delta : numpy.ndarray
        ``(*batch)`` discount factors in (0, 1); their shape is the batch shape.
    end_value : numpy.ndarray, optional
        ``(*batch, S, B, 2)`` value of a continuing answer when a finite horizon ends
        (zeros when omitted).
    meta : Mapping[str, Any], optional
        Free-form information about the model that built the game.

    Raises
    ------
    ParameterError
        If labels repeat or are empty, a map or table has the wrong shape or
        non-finite entries, a state has no allowed coercer move or a reachable
        after-state no allowed target answer, probabilities do not sum to 1, or
        ``delta`` is outside (0, 1); the message names the field.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics
    >>> g = CoercionDynamics(punishment_levels=1).game()
    >>> g.n_states, g.coercer_actions, g.target_actions, g.batch_shape
    (4, ('escalate', 'hold', 'lift_part', 'lift_all', 'demand_1'), ('comply', 'resist'), ())
    """

    states: StateSpace
    coercer_actions: tuple[str, ...]
    target_actions: tuple[str, ...]
    after: np.ndarray
    coercer_allowed: np.ndarray
    move_payoff: np.ndarray
    target_allowed: np.ndarray
    payoff: np.ndarray
    terminal: np.ndarray
    succ: np.ndarray
    prob: np.ndarray
    delta: np.ndarray
    end_value: np.ndarray = field(default=None)  # type: ignore[assignment]
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        S, A, B = self.states.size, len(self.coercer_actions), len(self.target_actions)
        for labels, what in ((self.coercer_actions, "coercer_actions"), (self.target_actions, "target_actions")):
            if len(labels) == 0 or len(set(labels)) != len(labels):
                raise ParameterError("action labels must be non-empty and distinct", what)
        after = np.asarray(self.after, dtype=np.int64)
        succ = np.asarray(self.succ, dtype=np.int64)
        if after.shape != (S, A) or np.any(after < 0) or np.any(after >= S):
            raise ParameterError(f"must be an ({S}, {A}) array of state indices", "after")
        if succ.ndim != 3 or succ.shape[:2] != (S, B) or np.any(succ < 0) or np.any(succ >= S):
            raise ParameterError(f"must be an ({S}, {B}, Q) array of state indices", "succ")
        ca = np.broadcast_to(np.asarray(self.coercer_allowed, bool), (S, A))
        ta = np.broadcast_to(np.asarray(self.target_allowed, bool), (S, B))
        term = np.broadcast_to(np.asarray(self.terminal, bool), (S, B))
        if not ca.any(axis=1).all():
            raise ParameterError("every state needs at least one allowed coercer action", "coercer_allowed")
        if not ta[np.unique(after[ca])].any(axis=1).all():
            raise ParameterError("every reachable after-state needs an allowed target action", "target_allowed")
        delta = np.asarray(self.delta, dtype=float)
        if not np.all(np.isfinite(delta)) or np.any(delta <= 0) or np.any(delta >= 1):
            raise ParameterError("must lie in (0, 1)", "delta")
        batch = delta.shape
        Q = succ.shape[2]
        mp = self._table(self.move_payoff, (S, A, 2), batch, "move_payoff")
        pay = self._table(self.payoff, (S, B, 2), batch, "payoff")
        prob = self._table(self.prob, (S, B, Q), batch, "prob")
        if np.any(prob < 0) or np.any(np.abs(prob.sum(-1) - 1.0) > 1e-9):
            raise ParameterError("successor probabilities must be >= 0 and sum to 1", "prob")
        end = np.zeros((*batch, S, B, 2)) if self.end_value is None else self._table(
            self.end_value, (S, B, 2), batch, "end_value")
        for name, value in (("after", after), ("succ", succ), ("coercer_allowed", ca), ("target_allowed", ta),
                            ("terminal", term), ("move_payoff", mp), ("payoff", pay), ("prob", prob),
                            ("delta", delta), ("end_value", end)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "coercer_actions", tuple(self.coercer_actions))
        object.__setattr__(self, "target_actions", tuple(self.target_actions))

    @staticmethod
    def _table(value: Any, core: tuple[int, ...], batch: tuple[int, ...], name: str) -> np.ndarray:
        arr = np.asarray(value, dtype=float)
        if not np.all(np.isfinite(arr)):
            raise ParameterError("must be finite", name)
        try:
            return np.ascontiguousarray(np.broadcast_to(arr, (*batch, *core)))
        except ValueError:
            raise ParameterError(f"shape {arr.shape} does not broadcast to {(*batch, *core)}", name) from None

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.delta.shape

    @property
    def n_states(self) -> int:
        return self.states.size

    def select(self, index: Any = ()) -> MarkovGame:
        """The unbatched game at batch ``index`` (a tuple of ints).

        Parameters
        ----------
        index : int or tuple of int
            One position per batch axis (``()`` for an unbatched game).

        Returns
        -------
        MarkovGame
            The game with the numeric tables of that sweep point only.

        Raises
        ------
        ParameterError
            If ``index`` does not give one position per batch axis.

        Examples
        --------
        >>> from compellence.coercion.dynamics import CoercionDynamics
        >>> g = CoercionDynamics(punishment_levels=1, delta=[0.5, 0.9]).game()
        >>> g.batch_shape, g.select(1).batch_shape, float(g.select(1).delta)
        ((2,), (), 0.9)
        """
        idx = tuple(np.atleast_1d(index).astype(int)) if index != () else ()
        if len(idx) != len(self.batch_shape):
            raise ParameterError(f"needs one index per batch axis {self.batch_shape}", "index")
        return MarkovGame(
            self.states, self.coercer_actions, self.target_actions, self.after, self.coercer_allowed,
            self.move_payoff[idx], self.target_allowed, self.payoff[idx], self.terminal, self.succ,
            self.prob[idx], self.delta[idx], self.end_value[idx], dict(self.meta),
        )


def product_successors(
    moves: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
    base: np.ndarray,
    strides: Sequence[int],
) -> tuple[np.ndarray, np.ndarray]:
    """Successor lists of independent two-point moves on a product grid.

    ``base`` (..., ) is the flat index of the deterministic part of the next
    state; each move ``(lo, hi, p)`` on the variable with stride ``strides[i]``
    sends its level to ``hi`` with probability ``p`` and to ``lo`` otherwise
    (levels, broadcast with ``base``; ``p`` may carry leading batch axes).
    Returns ``succ (..., 2**m)`` and ``prob (*batch, ..., 2**m)``.
    """
    succ = base[..., None]
    prob = np.ones((1,) * base.ndim + (1,))
    for (lo, hi, p), stride in zip(moves, strides, strict=True):
        lo = np.broadcast_to(lo, base.shape)[..., None]
        hi = np.broadcast_to(hi, base.shape)[..., None]
        p = np.asarray(p, dtype=float)[..., None]
        succ = np.concatenate([succ + lo * stride, succ + hi * stride], axis=-1)
        prob = np.concatenate([prob * (1.0 - p), prob * p], axis=-1)
    return succ, prob
