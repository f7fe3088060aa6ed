"""Exact Lemke-Howson in rational arithmetic, for two-player games whose payoffs span many orders.

Why: in Gambit's ``large_payoff_game.efg`` (payoffs ``1e19`` and ``1``) the
equilibrium needs player 2 to mix ``1 - 1e-19`` and ``1e-19`` at an
information set; in double precision ``1e19 + 1 == 1e19``, so a floating-point
pivot returns a profile in which player 1 gains 0.5 by deviating (value 0.5
instead of 1).  Every float payoff is an exact binary rational
(``Fraction(1e19) == 10**19``), so the same Lemke-Howson pivots
(Lemke & Howson 1964; lexicographic ratio test, von Stengel 2002, sec. 3.7) on
:class:`fractions.Fraction` tableaux give the exact equilibrium, and its
regret is verified exactly: it must be 0, not small.

Cost: Python ``Fraction`` arithmetic, some 1e4 times slower than floats, so
only games with at most :data:`MAX_EXACT_STRATEGIES` strategies in all.
Finds some equilibria (one per starting label, duplicates removed), not all.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from ..errors import UnsupportedGameError

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from ..games.normal_form import NormalFormGame
    from .equilibria import NashEquilibria

__all__ = ["exact_lemke_howson", "MAX_EXACT_STRATEGIES", "exact_regrets"]

#: Largest ``m + n`` solved in rational arithmetic.
MAX_EXACT_STRATEGIES = 40


def _frac_matrix(A: np.ndarray) -> list[list[Fraction]]:
    return [[Fraction(float(v)) for v in row] for row in np.asarray(A, dtype=float)]


def _short(v: float) -> Fraction:
    """The exact rational of a float, or a short fraction that rounds to it (``1/3`` for 0.333...)."""
    f = Fraction(v).limit_denominator(10**6)
    return f if float(f) == v else Fraction(v)


def exact_bimatrix(game) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
    """The two payoff matrices in rationals.

    For the reduced form of a tree (it has ``extensive`` and ``realization``) they are
    recomputed from the tree, ``A[s, t'] = sum_z c(z) u_1(z) R_1[s, z] R_2[t', z]`` with the
    chance probabilities ``c`` and terminal payoffs as exact rationals: in double precision
    ``0.5 * 1 + 0.5 * 1e19`` is already ``5e18``, so the float reduced form has lost the very
    differences the exact solve needs.  Otherwise the float payoffs are taken exactly.
    """
    tree = getattr(game, "extensive", None)
    real = getattr(game, "realization", None)
    if tree is None or real is None or tree.batch_shape:
        A, B = game.bimatrix()
        return _frac_matrix(A), _frac_matrix(B)
    from ..games.tree import CHANCE

    reach = [Fraction(1)] * tree.n_nodes
    for start, stop in tree.levels[1:]:
        for v in range(start, stop):
            par = int(tree.parent[v])
            w = Fraction(1)
            if tree.kind[par] == CHANCE:
                w = _short(float(tree.chance_probs[tree.chance_index[v]]))
            reach[v] = reach[par] * w
    T = tree.terminals.tolist()
    cu = [[reach[t] * Fraction(float(tree.payoffs[i, k])) for k, t in enumerate(T)]
          for i in range(2)]
    R1 = [[k for k in range(len(T)) if real[0][s, k]] for s in range(real[0].shape[0])]
    R2 = [set(k for k in range(len(T)) if real[1][s, k]) for s in range(real[1].shape[0])]
    out = []
    for i in range(2):
        out.append([[sum((cu[i][k] for k in r1 if k in r2), Fraction(0)) for r2 in R2] for r1 in R1])
    return out[0], out[1]


def positive_payoffs(A: list[list[Fraction]]) -> list[list[Fraction]]:
    lo = min(min(r) for r in A)
    return [[v - lo + 1 for v in r] for r in A]


def _pivot(T: list[list[Fraction]], basis: list[int], entering: int, lex_cols: list[int]) -> int:
    rows = [r for r in range(len(T)) if T[r][entering] > 0]
    if not rows:  # cannot happen with positive payoffs
        raise UnsupportedGameError("exact Lemke-Howson: unbounded ray")

    def key(r: int):
        c = T[r][entering]
        return tuple([T[r][-1] / c] + [T[r][j] / c for j in lex_cols])

    r = min(rows, key=key)
    leaving = basis[r]
    piv = T[r][entering]
    T[r] = [v / piv for v in T[r]]
    for q in range(len(T)):
        if q != r and T[q][entering] != 0:
            f = T[q][entering]
            T[q] = [a - f * b for a, b in zip(T[q], T[r])]
    basis[r] = entering
    return leaving


def _path(A1, B1, k: int, max_iter: int):
    m, n = len(A1), len(A1[0])
    one, zero = Fraction(1), Fraction(0)
    # P: B'x + s = 1 (x_i -> i, s_j -> m + j); Q: r + A y = 1 (r_i -> i, y_j -> m + j)
    TP = [[B1[i][j] for i in range(m)] + [one if q == j else zero for q in range(n)] + [one]
          for j in range(n)]
    TQ = [[one if q == i else zero for q in range(m)] + list(A1[i]) + [one] for i in range(m)]
    basis_p = list(range(m, m + n))
    basis_q = list(range(m))
    lex_p = list(range(m, m + n))
    lex_q = list(range(m))
    entering, in_p = k, k < m
    for _ in range(max_iter):
        if in_p:
            leaving = _pivot(TP, basis_p, entering, lex_p)
        else:
            leaving = _pivot(TQ, basis_q, entering, lex_q)
        if leaving == k:
            x = [zero] * m
            y = [zero] * n
            for r, v in enumerate(basis_p):
                if v < m:
                    x[v] = TP[r][-1]
            for r, v in enumerate(basis_q):
                if v >= m:
                    y[v - m] = TQ[r][-1]
            sx, sy = sum(x), sum(y)
            if sx <= 0 or sy <= 0:
                return None
            return [v / sx for v in x], [v / sy for v in y]
        entering, in_p = leaving, not in_p
    return None


def exact_regrets(A: Sequence[Sequence[Fraction]], B: Sequence[Sequence[Fraction]],
                  x: Sequence[Fraction], y: Sequence[Fraction]) -> tuple[list[Fraction], list[Fraction]]:
    """``(payoffs, regrets)`` of ``(x, y)`` computed exactly in rationals.

    Parameters
    ----------
    A, B : list[list[Fraction]]
        The row and column player's payoff matrices, as rationals.
    x, y : Sequence[Fraction]
        The row and column player's mixed strategies.

    Returns
    -------
    tuple[list[Fraction], list[Fraction]]
        ``([u_row, u_col], [regret_row, regret_col])``; regret is the best-reply payoff
        minus the profile's payoff (payoff units).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from compellence.solvers.exact_rational import exact_regrets
    >>> A = [[F(1), F(-1)], [F(-1), F(1)]]
    >>> B = [[F(-1), F(1)], [F(1), F(-1)]]
    >>> exact_regrets(A, B, [F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])
    ([Fraction(0, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(0, 1)])
    """
    m, n = len(A), len(A[0])
    Ay = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
    xB = [sum(x[i] * B[i][j] for i in range(m)) for j in range(n)]
    u1 = sum(x[i] * Ay[i] for i in range(m))
    u2 = sum(y[j] * xB[j] for j in range(n))
    return [u1, u2], [max(Ay) - u1, max(xB) - u2]


def exact_lemke_howson(game: NormalFormGame, tol: float, note: str = "") -> NashEquilibria:
    """Lemke-Howson from every starting label in exact rational arithmetic.

    For payoffs that double precision cannot separate (e.g. ``1e19`` next to ``1``).

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (a reduced form of a tree is recomputed exactly from the tree).
    tol : float
        Regret tolerance reported with the result (the regrets are exactly 0).
    note : str, optional
        Why the exact solver was chosen (kept in the result's notes and error messages).

    Returns
    -------
    NashEquilibria
        Method ``"lemke_howson_exact"``, ``complete=False``, whose equilibria have exact
        regret 0; ``info["exact_strategies"]`` holds each one's strategies as
        :class:`fractions.Fraction` tuples and ``info["exact_payoffs"]`` its payoffs.

    Raises
    ------
    UnsupportedGameError
        The game is too large for exact arithmetic.

    Examples
    --------
    >>> from compellence.solvers.exact_rational import exact_lemke_howson
    >>> eqs = exact_lemke_howson(cp.catalog.load("matching_pennies"), tol=1e-9)
    >>> eqs.info["exact_strategies"][0]
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    from .equilibria import NashEquilibria, NashEquilibrium

    Af, Bf = game.bimatrix()
    m, n = Af.shape
    if m + n > MAX_EXACT_STRATEGIES:
        raise UnsupportedGameError(
            (note + "; " if note else "")
            + f"exact rational Lemke-Howson is limited to {MAX_EXACT_STRATEGIES} strategies in all, "
            f"this game has {m} + {n}; rescale the payoffs or remove the extreme outcome"
        )
    A, B = exact_bimatrix(game)
    A1, B1 = positive_payoffs(A), positive_payoffs(B)
    found: list[tuple[list[Fraction], list[Fraction]]] = []
    failed = []
    for label in range(m + n):
        out = _path(A1, B1, label, max_iter=50 * (m + n) ** 2 + 1000)
        if out is None:
            failed.append(label)
            continue
        if out not in found:
            found.append(out)
    eqs, exact_s, exact_p = [], [], []
    for x, y in found:
        pays, regs = exact_regrets(A, B, x, y)
        if any(r != 0 for r in regs):  # exact pivoting gives exact equilibria; never happens
            failed.append(-1)
            continue
        xs = np.array([float(v) for v in x])
        ys = np.array([float(v) for v in y])
        xs.setflags(write=False)
        ys.setflags(write=False)
        eqs.append(NashEquilibrium(
            strategies=(xs, ys), payoffs=np.array([float(v) for v in pays]),
            regret=np.zeros(2), players=game.players, labels=game.strategies,
            method="lemke_howson_exact",
        ))
        exact_s.append((tuple(x), tuple(y)))
        exact_p.append(tuple(pays))
    notes = [n for n in (note,) if n]
    notes.append("solved exactly in rational arithmetic (Lemke-Howson from every label); "
                 "the regrets are exactly 0; some equilibria, not necessarily all")
    if failed:
        notes.append(f"starting labels {failed} gave no equilibrium")
    return NashEquilibria(game, tuple(eqs), "lemke_howson_exact", tol, complete=False,
                          degenerate=None, notes=tuple(notes),
                          info={"exact_strategies": exact_s, "exact_payoffs": exact_p})
