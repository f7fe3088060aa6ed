"""Nash equilibria as results, and the checks every Nash solver applies to them.

:class:`NashEquilibrium` / :class:`NashEquilibria` (what :func:`compellence.nash`
returns for every method), the regret of a profile and its tolerance relative to
each player's own payoff differences (:func:`regrets`, :func:`regret_tolerance`,
:func:`payoff_resolution`), and the small helpers the solver modules share
(:class:`Collector` of verified, deduplicated equilibria; :func:`positive_payoffs`;
:func:`support_combinations`, :func:`solve_batch`).  Every solver module imports
these from here, and :mod:`.nash` (the entry point) imports the solver modules:
the imports point one way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ParameterError
from ..games.normal_form import NormalFormGame
from ..games.tree import Game
from .solution import behavior_solution

if TYPE_CHECKING:
    import pandas as pd

    from .solution import Solution

__all__ = [
    "NashEquilibrium", "NashEquilibria", "regrets", "regret_tolerance", "payoff_resolution",
    "MIN_PAYOFF_RESOLUTION", "Collector", "positive_payoffs", "support_combinations", "solve_batch",
]


# ====================================================================== results
@dataclass(frozen=True, eq=False)
class NashEquilibrium:
    """One Nash equilibrium of a normal-form game.

    Fields: ``strategies`` (per player, a probability vector over that
    player's pure strategies), ``payoffs`` (expected payoff per player),
    ``regret`` (per player, the gain of the best pure deviation: the
    best-response check, ~0), ``players`` and ``labels`` (strategy labels),
    ``method``.  Derived: ``support`` (indices), ``support_labels``,
    ``support_probabilities()`` (labels and probabilities on the support), ``max_regret``,
    ``is_pure``.

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        Per player, a probability vector over that player's pure strategies.
    payoffs : numpy.ndarray
        Expected payoff per player.
    regret : numpy.ndarray
        Per player, the gain of the best pure deviation (~0 at an equilibrium).
    players : tuple of str
        The players' names.
    labels : tuple of tuple of str
        Per player, the strategy labels.
    method : str
        The method that found the equilibrium.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> e = cp.nash(g)[0]
    >>> e.support, e.is_pure, e.max_regret
    (((0, 1), (0, 1)), False, 0.0)
    """

    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regret: np.ndarray
    players: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    method: str

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """Per player, the indices of the strategies played with positive probability."""
        return tuple(tuple(int(k) for k in np.flatnonzero(s > 0)) for s in self.strategies)

    @property
    def support_labels(self) -> tuple[tuple[str, ...], ...]:
        return tuple(
            tuple(self.labels[i][k] for k in sup) for i, sup in enumerate(self.support)
        )

    @property
    def max_regret(self) -> float:
        return float(np.max(self.regret))

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.support)

    def support_probabilities(self) -> dict[str, dict[str, float]]:
        """``{player: {strategy: probability}}`` for the strategies in the support.

        Returns
        -------
        dict
            Per player (or agent, for behaviour results), its support's labels and probabilities.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> cp.nash(g)[0].support_probabilities()
        {'Player 1': {'1': 0.5, '2': 0.5}, 'Player 2': {'1': 0.5, '2': 0.5}}
        """
        return {
            p: {self.labels[i][k]: float(self.strategies[i][k]) for k in self.support[i]}
            for i, p in enumerate(self.players)
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per player and pure strategy: probability, the player's payoff and regret.

        Returns
        -------
        pandas.DataFrame
            Columns ``player, strategy, probability, payoff, regret``.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> cp.nash(g)[0].to_frame()
             player strategy  probability  payoff  regret
        0  Player 1        1          0.5     0.0     0.0
        1  Player 1        2          0.5     0.0     0.0
        2  Player 2        1          0.5     0.0     0.0
        3  Player 2        2          0.5     0.0     0.0
        """
        import pandas as pd
        rows = []
        for i, p in enumerate(self.players):
            for k, lab in enumerate(self.labels[i]):
                rows.append((p, lab, float(self.strategies[i][k]), float(self.payoffs[i]),
                             float(self.regret[i])))
        return pd.DataFrame(rows, columns=["player", "strategy", "probability", "payoff", "regret"])

    def _mix_text(self, i: int) -> str:
        parts = [f"{float(self.strategies[i][k]):.4g} {self.labels[i][k]}" for k in self.support[i]]
        if self.is_pure or len(parts) == 1:
            return self.labels[i][self.support[i][0]]
        return " + ".join(parts)

    def __repr__(self) -> str:
        strat = "; ".join(f"{p}: {self._mix_text(i)}" for i, p in enumerate(self.players))
        pay = ", ".join(f"{p}: {float(v):.6g}" for p, v in zip(self.players, self.payoffs))
        return f"NashEquilibrium({strat} | payoffs {pay} | max_regret={self.max_regret:.2g})"

    def _repr_html_(self) -> str:
        df = self.to_frame()
        df = df[df["probability"] > 0]
        return "<b>Nash equilibrium</b>" + df.to_html(index=False, float_format=lambda x: f"{x:.6g}")


@dataclass(frozen=True, eq=False)
class NashEquilibria(Sequence):
    """The equilibria a method found, with what is known about completeness.

    The one result type of :func:`nash`, whatever the method.  Fields: ``game`` (the
    normal-form game solved; for the behaviour-strategy methods ``"lcp"`` and ``"zero_sum"`` on
    an extensive game, the tree itself, with one agent per information set: see
    :func:`behavior_equilibria`), ``equilibria``,
    ``method``, ``tol`` (the tolerance of the best-response check),
    ``complete`` (True if the method provably lists every equilibrium of its
    class: all equilibria of a nondegenerate game, all extreme equilibria of a
    degenerate one, all pure equilibria for ``"pure"``, all equilibria for
    ``"enumpoly"`` when every support system was resolved; always False for the
    methods that find some, ``"lemke_howson"``, ``"gnm"``, ``"zero_sum"``: see
    ``FINDS_ALL`` / ``FINDS_SOME``), ``degenerate`` (True /
    False when the method tested it, None when it did not), ``notes``
    (warnings: degeneracy, dropped candidates, wrapped library warnings).
    Behaves as a sequence of :class:`NashEquilibrium`.

    Attributes
    ----------
    game : NormalFormGame or Game
        The game solved.
    equilibria : tuple of NashEquilibrium
        The equilibria found, in a deterministic order.
    method : str
        The method used.
    tol : float
        The tolerance of the best-response check.
    complete : bool
        Whether the method provably lists every equilibrium of its class.
    degenerate : bool or None
        Whether the game is degenerate (None: not tested).
    notes : tuple of str
        Warnings.
    info : dict
        Method-specific extra information.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> res = cp.nash(g)
    >>> len(res), res.complete, res.degenerate
    (1, True, False)
    """

    game: NormalFormGame | Game
    equilibria: tuple[NashEquilibrium, ...]
    method: str
    tol: float
    complete: bool
    degenerate: bool | None
    notes: tuple[str, ...] = ()
    info: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, k):  # type: ignore[override]
        return self.equilibria[k]

    def __iter__(self) -> Iterator[NashEquilibrium]:
        return iter(self.equilibria)

    @property
    def max_regret(self) -> float:
        """Largest regret over all listed equilibria (0 if none)."""
        return max((e.max_regret for e in self.equilibria), default=0.0)

    def behavior(self, k: int = 0) -> Solution:
        """Equilibrium ``k`` as a :class:`~compellence.solvers.Solution` of the tree it came from.

        The change of representation from this result type to the tree's behaviour profile
        (node values, reach, beliefs, drawings).  For results of :func:`nash` on a
        :class:`~compellence.games.tree.Game`: the reduced form's mixed strategies
        (Kuhn 1953), the agent form's behaviour, or, for ``method="lcp"`` / ``"zero_sum"``,
        the solver's own behaviour profile (with its Bayes beliefs and ties).

        Parameters
        ----------
        k : int
            Index of the equilibrium (negative counts from the end).

        Returns
        -------
        Solution
            The behaviour profile.

        Raises
        ------
        ParameterError
            If the result is of a normal-form game without a tree, or ``k`` is out of range.

        Examples
        --------
        >>> import compellence as cp
        >>> game = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(1.0, 0.0),
        ...                                              "y": cp.outcome(0.0, 1.0)}))
        >>> res = cp.nash(game, method="lcp")
        >>> res.behavior(0).value.tolist()
        [1.0, 0.0]
        """
        if not -len(self) <= k < len(self):
            raise ParameterError(f"no equilibrium {k}: there are {len(self)}", "k")
        if isinstance(self.game, Game):
            return self.info["solutions"][k]
        if not hasattr(self.game, "behavior_edge_prob"):
            raise ParameterError(
                "behavior() needs equilibria of an extensive game "
                "(call nash(game) with a Game)",
                "k",
            )
        return behavior_solution(self.game, self.equilibria[k].strategies)

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per equilibrium, player and pure strategy in the support.

        Returns
        -------
        pandas.DataFrame
            Columns ``equilibrium, player, strategy, probability, payoff, regret``.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> cp.nash(g).to_frame()
           equilibrium    player strategy  probability  payoff  regret
        0            0  Player 1        1          0.5     0.0     0.0
        1            0  Player 1        2          0.5     0.0     0.0
        2            0  Player 2        1          0.5     0.0     0.0
        3            0  Player 2        2          0.5     0.0     0.0
        """
        import pandas as pd
        rows = []
        for e_idx, e in enumerate(self.equilibria):
            for i, p in enumerate(e.players):
                for k in e.support[i]:
                    rows.append((e_idx, p, e.labels[i][k], float(e.strategies[i][k]),
                                 float(e.payoffs[i]), float(e.regret[i])))
        return pd.DataFrame(
            rows, columns=["equilibrium", "player", "strategy", "probability", "payoff", "regret"]
        )

    def __repr__(self) -> str:
        head = (
            f"NashEquilibria(method={self.method!r}, game={self.game.title!r}, "
            f"{len(self)} equilibri{'um' if len(self) == 1 else 'a'}, complete={self.complete}, "
            f"degenerate={self.degenerate}, max_regret={self.max_regret:.2g})"
        )
        lines = [head] + [f"  [{k}] {e!r}" for k, e in enumerate(self.equilibria)]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = (
            f"<b>{len(self)} Nash equilibri{'um' if len(self) == 1 else 'a'}</b> of "
            f"<i>{self.game.title or 'game'}</i> by <code>{self.method}</code> "
            f"(complete: {self.complete}, degenerate: {self.degenerate})"
        )
        notes = "".join(f"<br><i>note:</i> {n}" for n in self.notes)
        return head + notes + self.to_frame().to_html(
            index=False, float_format=lambda x: f"{x:.6g}"
        )


# ====================================================================== checks
def regrets(game: NormalFormGame, strategies: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """``(payoffs, regret)`` of a mixed profile: ``regret_i = max_s u_i(s, x_-i) - u_i(x)``.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    strategies : sequence of array_like
        Per player, a probability vector over its pure strategies.

    Returns
    -------
    tuple of numpy.ndarray
        ``(payoffs, regret)``, one entry per player; regrets are clipped at 0.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> pays, reg = regrets(g, [np.array([1.0, 0.0]), np.array([0.5, 0.5])])
    >>> pays.tolist(), reg.tolist()
    ([0.0, 0.0], [0.0, 1.0])
    """
    if game.n_players == 2:  # two players: two matrix-vector products (the common case)
        x = np.asarray(strategies[0], dtype=float)
        y = np.asarray(strategies[1], dtype=float)
        v0 = game.payoffs[0] @ y
        v1 = x @ game.payoffs[1]
        pays = np.array([v0 @ x, v1 @ y])
        return pays, np.maximum(np.array([v0.max(), v1.max()]) - pays, 0.0)
    pays = np.empty(game.n_players)
    reg = np.empty(game.n_players)
    for i in range(game.n_players):
        v = game.strategy_payoffs(strategies, i)
        pays[i] = float(np.dot(v, strategies[i]))
        reg[i] = float(v.max() - pays[i])
    return pays, np.maximum(reg, 0.0)


def payoff_scale(game: NormalFormGame) -> float:
    return max(1.0, float(np.max(np.abs(game.payoffs))))


def regret_tolerance(game: NormalFormGame, tol: float) -> np.ndarray:
    """Per player, the regret a verified equilibrium may have: ``tol`` times that player's own
    payoff range ``max u_i - min u_i`` (1 for a player with constant payoffs), floored at the
    rounding error of its payoffs (``64 eps max |u_i|``).

    Each player's regret is measured in that player's own units: a game with payoffs ``1e19``
    for one outcome and ``1`` for the others no longer lets regrets of order ``1e10`` through, as a
    tolerance scaled by the largest payoff of the game did.  A regret far below a player's
    smallest payoff difference cannot be certified in double precision at all; see
    :func:`payoff_resolution`.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    tol : float
        The relative tolerance.

    Returns
    -------
    numpy.ndarray
        Per player, the largest regret accepted.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> regret_tolerance(g, 1e-9).tolist()
    [2e-09, 2e-09]
    """
    n = game.n_players
    flat = np.asarray(game.payoffs, dtype=float).reshape(n, -1)
    half = 0.5 * flat.max(axis=1) - 0.5 * flat.min(axis=1)  # halves: no overflow near 1e308
    half = np.where(half > 0, half, 0.5)
    floor = 64 * np.finfo(float).eps * np.abs(flat).max(axis=1)
    return np.maximum((2 * tol) * half, floor)


#: Relative payoff differences below this cannot be resolved by double-precision pivoting.
MIN_PAYOFF_RESOLUTION = 1e-12


def payoff_resolution(payoffs: np.ndarray) -> np.ndarray:
    """Per player, the smallest genuine difference between two of its payoffs relative to its range.

    Two payoff values ``a != b`` differ genuinely when ``|a - b|`` exceeds the rounding of
    arithmetic on them, ``1000 eps max(|a|, |b|, m_i)`` with ``m_i`` the median size of the
    player's nonzero payoffs (so ``0.1 + 0.2`` and ``0.3``, or ``1e-17`` of cancellation noise and
    ``0``, do not; ``1`` and ``0`` beside ``1e19`` do).  Double-precision solvers
    work on payoffs of the size of the range, so differences below about
    :data:`MIN_PAYOFF_RESOLUTION` of it are lost (``1e19 + 1 == 1e19``): Gambit's
    ``large_payoff_game.efg`` (payoffs ``1e19`` and ``1``) has resolution ``5e-20``.  Returns 1 for
    a player whose payoffs take at most one genuine value.

    Parameters
    ----------
    payoffs : numpy.ndarray
        The payoff array, players first (``(n, s_1, ..., s_n)``).

    Returns
    -------
    numpy.ndarray
        Per player, the resolution in ``(0, 1]``.

    Examples
    --------
    >>> payoff_resolution(np.array([[[0.0, 1.0], [2.0, 4.0]]])).tolist()
    [0.25]
    """
    U = np.asarray(payoffs, dtype=float)
    n = U.shape[0]
    flat = U.reshape(n, -1)
    if flat.shape[1] < 2:
        return np.ones(n)
    # One vectorised pass for all players (the per-player np.unique / np.median of the
    # definition cost ~1 ms on a 10 x 10 game, most of a one-path Lemke-Howson call).  The
    # sorted values with duplicates give the same adjacent differences between distinct
    # values as np.unique, plus zeros, which are never genuine.
    v = np.sort(flat, axis=1) * 0.5  # halves: differences do not overflow near 1e308
    a = np.sort(np.abs(flat), axis=1) * 0.5  # zeros first
    K = flat.shape[1]
    nz = np.count_nonzero(a, axis=1)
    lo = K - nz + np.maximum(nz - 1, 0) // 2  # the median of the nz nonzero sizes
    hi = K - nz + nz // 2
    rows = np.arange(n)
    typical = np.where(nz > 0, 0.5 * (a[rows, np.minimum(lo, K - 1)]
                                      + a[rows, np.minimum(hi, K - 1)]), 0.0)
    d = np.diff(v, axis=1)
    eps = np.finfo(float).eps
    bound = 1000 * eps * np.maximum(np.maximum(np.abs(v[:, 1:]), np.abs(v[:, :-1])),
                                    typical[:, None])
    genuine = d > bound
    span = v[:, -1] - v[:, 0]
    smallest = np.where(genuine, d, np.inf).min(axis=1)
    ok = genuine.any(axis=1)
    return np.where(ok, smallest / np.where(ok, span, 1.0), 1.0)


def clean_probabilities(p: np.ndarray, zero: float) -> np.ndarray:
    p = np.where(p > zero, p, 0.0)
    s = p.sum()
    return p / s if s > 0 else p


class Collector:
    """Verifies candidate profiles and removes duplicates.

    Parameters
    ----------
    game : NormalFormGame
        The game whose equilibria are collected.
    tol : float
        Relative regret tolerance (:func:`regret_tolerance`).
    method : str
        The method name recorded on each equilibrium.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> col = Collector(g, 1e-9, "demo")
    >>> col.add([np.array([0.5, 0.5]), np.array([0.5, 0.5])])
    True
    >>> col.add([np.array([1.0, 0.0]), np.array([1.0, 0.0])])  # regret 2: rejected
    False
    >>> len(col.sorted()), col.rejected
    (1, 1)
    """

    def __init__(self, game: NormalFormGame, tol: float, method: str):
        self.game = game
        self.atol = regret_tolerance(game, tol)
        self.method = method
        self.found: list[NashEquilibrium] = []
        self.rejected = 0

    def add(self, strategies: Sequence[np.ndarray], distinct: bool = False) -> bool:
        """Verify and keep a profile; ``distinct=True``: the caller guarantees it differs from
        every profile added so far (no duplicate scan).

        Parameters
        ----------
        strategies : sequence of numpy.ndarray
            Per player, a candidate probability vector.
        distinct : bool
            Skip the duplicate scan.

        Returns
        -------
        bool
            True if the profile was kept (a new verified equilibrium).

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> col = Collector(g, 1e-9, "demo")
        >>> col.add([np.array([0.5, 0.5]), np.array([0.5, 0.5])])
        True
        >>> col.add([np.array([0.5, 0.5]), np.array([0.5, 0.5])])  # a duplicate
        False
        """
        strategies = tuple(clean_probabilities(np.asarray(s, dtype=float), 1e-12) for s in strategies)
        if any(not np.isfinite(s).all() or abs(s.sum() - 1.0) > 1e-9 for s in strategies):
            self.rejected += 1
            return False
        for e in () if distinct else self.found:
            # max |a - b| <= 1e-8 (np.allclose with rtol=0, without its per-call overhead)
            if all(float(np.abs(a - b).max()) <= 1e-8 for a, b in zip(e.strategies, strategies)):
                return False
        pays, reg = regrets(self.game, strategies)
        if (reg > self.atol).any():
            self.rejected += 1
            return False
        for s in strategies:
            s.setflags(write=False)
        self.found.append(
            NashEquilibrium(
                strategies=strategies,
                payoffs=pays,
                regret=reg,
                players=self.game.players,
                labels=self.game.strategies,
                method=self.method,
            )
        )
        return True

    def sorted(self) -> tuple[NashEquilibrium, ...]:
        """The equilibria kept, by support size and then by their strategy vectors.

        Returns
        -------
        tuple of NashEquilibrium
            The kept equilibria in a deterministic order.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
        >>> col = Collector(g, 1e-9, "demo")
        >>> for x in ([0.5, 0.5], [1.0, 0.0]):
        ...     _ = col.add([np.array(x), np.array(x)])
        >>> [e.strategies[0].tolist() for e in col.sorted()]
        [[1.0, 0.0], [0.5, 0.5]]
        """
        # deterministic order: by support size, then lexicographically by strategy vectors
        def key(e: NashEquilibrium):
            return (sum(int(np.count_nonzero(s)) for s in e.strategies),
                    tuple(-np.concatenate(e.strategies)))

        if len(self.found) < 2:
            return tuple(self.found)
        return tuple(sorted(self.found, key=key))


def positive_payoffs(A: np.ndarray) -> np.ndarray:
    """``(A - min A + 1) / max(1, ptp A)``: strictly positive, equilibria unchanged (a positive affine
    map per player), computed on ``A / max|A|`` first so payoffs near 1e308 do not overflow.

    Parameters
    ----------
    A : numpy.ndarray
        One player's payoff matrix.

    Returns
    -------
    numpy.ndarray
        The strictly positive matrix, entries ``>= 1``.

    Examples
    --------
    >>> positive_payoffs(np.array([[1.0, -1.0], [-1.0, 1.0]])).tolist()
    [[1.5, 0.5], [0.5, 1.5]]
    """
    big = float(np.max(np.abs(A))) if A.size else 1.0
    if big > 1e150:
        A = A / big
    return (A - A.min() + 1.0) / max(1.0, float(np.ptp(A)))


# ====================================================================== helpers (2 players)
def support_combinations(m: int, k: int) -> np.ndarray:
    """Every ``k``-subset of ``range(m)``, in lexicographic order, one a row.

    Parameters
    ----------
    m : int
        Number of strategies.
    k : int
        Support size.

    Returns
    -------
    numpy.ndarray
        ``(C(m, k), k)`` integer array.

    Examples
    --------
    >>> support_combinations(3, 2).tolist()
    [[0, 1], [0, 2], [1, 2]]
    """
    return np.array(list(combinations(range(m), k)), dtype=np.intp).reshape(-1, k)


def solve_batch(M: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve a stack of square systems; singular ones are flagged, not solved.

    Returns ``(solution, ok)``.  ``np.linalg.solve`` is tried on the whole
    stack first (the common case); if any matrix is singular the stack is
    screened by its smallest singular value and the regular ones solved.

    Parameters
    ----------
    M : numpy.ndarray
        ``(B, k, k)`` stack of matrices.
    rhs : numpy.ndarray
        ``(B, k)`` right-hand sides.

    Returns
    -------
    tuple of numpy.ndarray
        ``(solution, ok)``: ``(B, k)`` solutions (NaN where singular) and a ``(B,)`` mask.

    Examples
    --------
    >>> sol, ok = solve_batch(np.array([np.eye(2), np.zeros((2, 2))]), np.ones((2, 2)))
    >>> sol[0].tolist(), ok.tolist()
    ([1.0, 1.0], [True, False])
    """
    try:
        sol = np.linalg.solve(M, rhs[..., None])[..., 0]
        ok = np.isfinite(sol).all(axis=-1)
        return sol, ok
    except np.linalg.LinAlgError:
        pass
    sv = np.linalg.svd(M, compute_uv=False)
    ok = sv[:, -1] > sv[:, 0] * 1e-12
    sol = np.full(M.shape[:2], np.nan)
    if ok.any():
        sol[ok] = np.linalg.solve(M[ok], rhs[ok][..., None])[..., 0]
    return sol, ok & np.isfinite(sol).all(axis=-1)


def _agent_names(game: Game) -> tuple[str, ...]:
    """One name per information set, ``player@set`` (as the agent normal form names its agents)."""
    names: list[str] = []
    for s in game.infosets:
        lab = f"{game.players[s.player]}@{s.label}"
        names.append(lab if lab not in names else f"{lab}#{s.index}")
    return tuple(names)


def behavior_equilibria(
    solution: Any, method: str, tol: float = 1e-9, *, nash_regret: Any = None,
    notes: Sequence[str] = (), info: dict[str, Any] | None = None,
) -> NashEquilibria:
    """One behaviour-strategy profile of a tree as a :class:`NashEquilibria` (agent-indexed).

    The result type of ``nash(game, method="lcp" | "zero_sum")`` and of
    :func:`~compellence.solvers.zero_sum.zero_sum` on an extensive game.  The
    result's ``game`` is the tree; its one :class:`NashEquilibrium` has one "player" per
    information set (the agents ``player@set``, as in the agent normal form, Selten 1975):
    ``strategies[h]`` is the behaviour (mixed action) at set ``h``, ``payoffs[h]`` the expected
    payoff of the set's owner, ``regret[h]`` the agent's regret (the gain of the best single
    action at set ``h`` alone: ``max_a sum_{v in h} reach(v) (V(child(v, a)) - V(v))``, with
    ``V`` the owner's node values under the profile).  The player-level Nash regrets verified by
    the solver are ``info["nash_regret"]``; ``result.behavior(0)`` is the
    :class:`~compellence.solvers.Solution` (beliefs, ties) the solver returned.

    Parameters
    ----------
    solution : Solution
        A scalar (unbatched) behaviour profile of a tree.
    method : str
        The solver name stored on the result.
    tol : float
        The tolerance the solver verified the profile with.
    nash_regret : array_like, optional
        Per tree player, the regret of the profile (stored in ``info["nash_regret"]``).
    notes : sequence of str
        Notes for the result.
    info : dict, optional
        Extra ``info`` entries.

    Returns
    -------
    NashEquilibria
        One equilibrium, ``complete=False``.

    Examples
    --------
    >>> import compellence as cp
    >>> game = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(1.0, 0.0),
    ...                                              "y": cp.outcome(0.0, 1.0)}))
    >>> res = behavior_equilibria(cp.spe(game), "spe")
    >>> res[0].players, res[0].strategies[0].tolist(), res.complete
    (('A@root',), [1.0, 0.0], False)
    """
    from .solution import reach_probabilities

    g = solution.game
    ep = np.asarray(solution.edge_prob, dtype=float)
    nv = np.asarray(solution.node_value, dtype=float)
    reach = reach_probabilities(g, ep)
    strategies, pays, regs, owner = [], [], [], []
    for s in g.infosets:
        k = len(s.actions)
        v0 = int(s.nodes[0])
        beh = ep[int(g.child_start[v0]):int(g.child_start[v0]) + k].copy()
        beh.setflags(write=False)
        strategies.append(beh)
        i = int(s.player)
        owner.append(i)
        gain = np.zeros(k)
        for v in s.nodes:
            c0 = int(g.child_start[v])
            gain += reach[v] * (nv[i, c0:c0 + k] - nv[i, v])
        regs.append(max(float(gain.max()), 0.0))
        pays.append(float(nv[i, 0]))
    e = NashEquilibrium(
        strategies=tuple(strategies), payoffs=np.array(pays), regret=np.array(regs),
        players=_agent_names(g), labels=tuple(tuple(s.actions) for s in g.infosets),
        method=method,
    )
    full = {"owner": tuple(owner), "solutions": (solution,), **(info or {})}
    if nash_regret is not None:
        full["nash_regret"] = (np.maximum(np.asarray(nash_regret, dtype=float), 0.0),)
    return NashEquilibria(g, (e,), method, tol, complete=False, degenerate=None,
                          notes=tuple(notes), info=full)
