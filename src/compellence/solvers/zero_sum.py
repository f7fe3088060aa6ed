"""Two-player zero-sum games by linear programming: normal form and sequence form.

Normal form (von Neumann 1928; Dantzig 1951).  With ``A`` the row player's
payoffs (the column player gets ``c - A``), the row player's maximin strategy
and the value ``v`` solve

    max v   s.t.   A' x >= v 1,   1' x = 1,   x >= 0,

and the column player's minimax strategy solves ``min w s.t. A y <= w 1,
1' y = 1, y >= 0``.  By the minimax theorem ``v = w``, and every pair of
optimal strategies is a Nash equilibrium (the equilibria are exactly these
pairs, a product of two polytopes; the LP returns one vertex of each).

Sequence form (Koller, Megiddo & von Stengel 1996; von Stengel 1996, Thm 4.2).
With realization plans ``E x = e, x >= 0`` and ``F y = f, y >= 0`` and the
sequence payoff matrix ``A`` (chance folded in), the column player's best
reply to ``x`` solves ``min_y x'Ay s.t. Fy = f, y >= 0``, whose dual is
``max_q f'q s.t. F'q <= A'x``.  Hence the row player's optimal plan solves

    max f'q   s.t.   F'q - A'x <= 0,   E x = e,   x >= 0   (q free),

and symmetrically the column player's ``min e'p s.t. E'p - A y >= 0, F y = f,
y >= 0``.  Both LPs have the game's value as optimum; they are of the size of
the tree (the normal form is never built).

Only for games whose payoffs sum to the same constant in every outcome
(zero-sum up to a constant: the same best replies); any other game is refused
by name.  Results are verified by regret, each player's in its own units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from ..errors import ParameterError, SolverError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ..games.tree import Game
from ..validation import require_scalar_game

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .equilibria import NashEquilibria

__all__ = ["zero_sum", "zero_sum_value"]


def _check_constant_sum(total: np.ndarray, title: str, where: str) -> float:
    flat = total.ravel()
    scale = max(1.0, float(np.abs(flat).max()))
    if flat.size and float(np.ptp(flat)) > 1e-9 * scale:
        k = int(np.argmax(np.abs(flat - flat[0])))
        raise UnsupportedGameError(
            f"method='zero_sum' solves two-player zero-sum (constant-sum) games; in "
            f"{title or 'this game'!r} the payoffs sum to {flat[0]:.6g} at the first {where} and to "
            f"{flat[k]:.6g} at {where} {k}: use method='vertex', 'lemke_howson' or 'lcp'"
        )
    return float(flat[0]) if flat.size else 0.0


def _lp(c, A_ub, b_ub, A_eq, b_eq, bounds, what):
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if res.status != 0:
        raise SolverError(f"zero-sum LP ({what}) failed: {res.message}")
    return res


def _normal_form(game: NormalFormGame, tol: float) -> NashEquilibria:
    from .equilibria import Collector, NashEquilibria

    if game.n_players != 2:
        raise UnsupportedGameError(
            f"method='zero_sum' solves two-player games, {game.title or 'this game'!r} has "
            f"{game.n_players} players"
        )
    A, B = (np.asarray(a, dtype=float) for a in game.bimatrix())
    const = _check_constant_sum(A + B, game.title, "strategy profile")
    m, n = A.shape
    # row player: variables (x, v); minimise -v; v - (A'x)_j <= 0; sum x = 1
    rx = _lp(np.r_[np.zeros(m), -1.0], np.c_[-A.T, np.ones(n)], np.zeros(n),
             np.r_[np.ones(m), 0.0][None], [1.0], [(0, None)] * m + [(None, None)], "row player")
    ry = _lp(np.r_[np.zeros(n), 1.0], np.c_[A, -np.ones(m)], np.zeros(m),
             np.r_[np.ones(n), 0.0][None], [1.0], [(0, None)] * n + [(None, None)], "column player")
    x, v = rx.x[:m], float(rx.x[m])
    y, w = ry.x[:n], float(ry.x[n])
    col = Collector(game, tol, "zero_sum")
    col.add((x, y))
    notes = [
        "the LP returns one optimal strategy of each player; every pair of optimal strategies "
        "is an equilibrium, and the value is unique"
    ]
    if col.rejected:
        notes.append("the LP solution failed the regret check (numerically ill-conditioned game)")
    return NashEquilibria(
        game, col.sorted(), "zero_sum", tol, complete=False, degenerate=None, notes=tuple(notes),
        info={"value": v, "value_column_lp": w, "constant_sum": const},
    )


def _sequence_form(game: Game, tol: float) -> NashEquilibria:
    from .equilibria import behavior_equilibria
    from .sequence_form import (
        behaviour_from_plans,
        best_reply_value,
        realization_plan,
        sequence_form,
    )
    from .solution import Solution

    require_scalar_game(game, "nash(method='zero_sum')")
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"method='zero_sum' solves two-player games, {game.title or 'this game'!r} has "
            f"{game.n_players} players"
        )
    const = _check_constant_sum(game.payoffs[0] + game.payoffs[1], game.title, "terminal node")
    sf = sequence_form(game)
    st = sf._structure
    A = sp.csr_matrix(sf.A)
    E, F = sp.csr_matrix(sf.E), sp.csr_matrix(sf.F)
    e, f = np.asarray(sf.e, dtype=float), np.asarray(sf.f, dtype=float)
    n1, n2 = A.shape
    k1, k2 = E.shape[0], F.shape[0]
    # row player: variables (x, q); minimise -f'q; F'q - A'x <= 0; E x = e
    rx = _lp(np.r_[np.zeros(n1), -f], sp.hstack([-A.T, F.T]).tocsr(), np.zeros(n2),
             sp.hstack([E, sp.csr_matrix((k1, k2))]).tocsr(), e,
             [(0, None)] * n1 + [(None, None)] * k2, "row player, sequence form")
    # column player: variables (y, p); minimise e'p; A y - E'p <= 0; F y = f
    ry = _lp(np.r_[np.zeros(n2), e], sp.hstack([A, -E.T]).tocsr(), np.zeros(n1),
             sp.hstack([F, sp.csr_matrix((k2, k1))]).tocsr(), f,
             [(0, None)] * n2 + [(None, None)] * k1, "column player, sequence form")
    x, y = rx.x[:n1], ry.x[:n2]
    value = -float(rx.fun)
    Ad = A.toarray()
    Bt = (-Ad + 0.0).T  # the column player's sequence payoffs up to the constant (same best replies)
    scale = 1.0 + float(np.abs(game.payoffs).max())
    (b1, b2), (t1, t2) = behaviour_from_plans(st, (x, y), (Ad @ y, Bt @ x), reach_tol=1e-9,
                                               tie_tol=1e-9 * scale)
    pi = st.post
    edge_prob = np.zeros(game.n_nodes)
    edge_prob[0] = 1.0
    kids_c = np.flatnonzero(game.chance_index >= 0)
    edge_prob[kids_c] = game.chance_probs[game.chance_index[kids_c]]
    edge_prob[pi.kids] = np.concatenate([b1, b2])[pi.kid_seq]
    xb, yb = realization_plan(st, 0, b1), realization_plan(st, 1, b2)
    reg = np.array([best_reply_value(st, 0, Ad @ yb) - xb @ Ad @ yb,
                    best_reply_value(st, 1, Bt @ xb) - yb @ Bt @ xb])
    span = np.array([float(np.ptp(game.payoffs[i])) or 1.0 for i in range(2)])
    if (reg > tol * span).any():
        raise SolverError(
            f"sequence-form zero-sum LP: the computed profile has regrets {reg.tolist()} above "
            f"tol x payoff range = {(tol * span).tolist()} (numerically ill-conditioned game)"
        )
    p2_moves = pi.dec_player == 0
    ties = np.where(p2_moves, t1[pi.dec_set], t2[pi.dec_set])
    info = {"value": value, "value_column_lp": float(ry.fun), "constant_sum": const}
    sol = Solution(game=game, edge_prob=edge_prob, node_value=None, ties=ties, method="zero_sum",
                   info={**info, "regret": reg, "tol": tol})
    return behavior_equilibria(
        sol, "zero_sum", tol, nash_regret=reg, info=info,
        notes=("the sequence-form LP returns one optimal behaviour profile of each player "
               "(complete=False); the value is unique",),
    )


def zero_sum(game: NormalFormGame | Game, *, tol: float = 1e-9) -> NashEquilibria:
    """An equilibrium and the value of a two-player zero-sum game by linear programming.

    One result type for both kinds of game, as :func:`~compellence.solvers.nash.nash`
    (``zero_sum(game)`` is ``nash(game, method="zero_sum")`` without its checks of payoff
    precision): a :class:`~compellence.solvers.nash.NashEquilibria` with one equilibrium
    (``complete=False``) and ``info["value"]``, the row player's value in its payoff units
    (also :func:`zero_sum_value`).  A :class:`NormalFormGame` gives one optimal mixed
    strategy per player.  A :class:`Game` is solved on its sequence form (the normal form is
    never built) and gives one behaviour-strategy equilibrium of the tree, one agent per
    information set (the convention of
    :func:`~compellence.solvers.nash.behavior_equilibria`); ``result.behavior(0)`` is the
    change of representation to a :class:`~compellence.solvers.Solution` of the tree (node
    values, beliefs, ties; its ``info["regret"]`` holds each player's regret, the check the
    profile passed, also in the result's ``info["nash_regret"]``).

    Parameters
    ----------
    game : NormalFormGame or Game
        A two-player constant-sum game (an unbatched ``Game``: index a batch with
        ``game.at(index)``).
    tol : float, optional
        Tolerance of the constant-sum check (payoff units) and, on a tree, of the regret
        check relative to each player's payoff range.

    Returns
    -------
    NashEquilibria
        One equilibrium; ``info`` has ``"value"`` (from the row player's LP),
        ``"value_column_lp"`` (the column player's LP: the same number up to rounding) and
        ``"constant_sum"`` (the payoffs' sum in every outcome); for a tree also
        ``"nash_regret"``, ``"owner"`` and ``"solutions"``.

    Raises
    ------
    ParameterError
        ``game`` is neither a normal-form nor an extensive game.
    UnsupportedGameError
        The game is not two-player constant-sum, or is a batched tree.
    SolverError
        An LP fails, or the tree's profile fails its regret check.

    Examples
    --------
    >>> from compellence.solvers import zero_sum
    >>> eqs = zero_sum(cp.catalog.load("matching_pennies"))
    >>> abs(eqs.info["value"]) < 1e-9, [np.round(s, 6).tolist() for s in eqs.equilibria[0].strategies]
    (True, [[0.5, 0.5], [0.5, 0.5]])
    >>> kuhn = zero_sum(cp.catalog.load("kuhn_poker"))
    >>> type(kuhn).__name__, len(kuhn), round(kuhn.info["value"], 6)
    ('NashEquilibria', 1, -0.055556)
    >>> round(float(kuhn.behavior(0).value[0]), 6)
    -0.055556
    """
    if isinstance(game, Game):
        return _sequence_form(game, tol)
    if isinstance(game, NormalFormGame):
        return _normal_form(game, tol)
    raise ParameterError(f"zero_sum() needs a NormalFormGame or a Game, got {type(game).__name__}",
                         "game")


def zero_sum_value(game: NormalFormGame | Game) -> float:
    """The value of a two-player zero-sum game to its first player (derived, player 1's units).

    Parameters
    ----------
    game : NormalFormGame or Game
        A two-player constant-sum game.

    Returns
    -------
    float
        Player 1's equilibrium payoff.

    Raises
    ------
    UnsupportedGameError
        The game is not two-player constant-sum.

    Examples
    --------
    >>> from compellence.solvers.zero_sum import zero_sum_value
    >>> round(zero_sum_value(cp.catalog.load("kuhn_poker")), 6)
    -0.055556
    """
    return float(zero_sum(game).info["value"])
