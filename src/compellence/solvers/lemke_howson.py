"""Two-player Lemke-Howson: complementary pivoting on the best-response polytopes.

Lemke & Howson (1964); von Stengel (2002, sec. 3.6-3.7; 2007, sec. 3.6).  With ``A, B > 0``
(positive affine maps per player, equilibria unchanged) and the labels of
``P = {x >= 0 : B'x <= 1}`` and ``Q = {y >= 0 : A y <= 1}`` (``i`` for row ``i``: ``x_i = 0``
or ``(A y)_i = 1``; ``m + j`` for column ``j``: ``(B'x)_j = 1`` or ``y_j = 0``), the path
that starts at the artificial equilibrium ``(0, 0)`` and drops label ``k`` (``init_pivot``)
alternately pivots in the tableaux

    B'x + s = 1   (basis: slacks s, labels m..m+n-1)      r + A y = 1   (basis: r, labels 0..m-1)

bringing in the variable whose label the last pivot dropped, until label ``k`` leaves a
basis; the vertex pair reached is completely labelled, i.e. ``(x / 1'x, y / 1'y)`` is a Nash
equilibrium.  The leaving variable is chosen by the lexicographic minimum-ratio rule
(compare ``[rhs, B^-1]`` row by row, divided by the entering column), which makes the path
well defined on degenerate games.

Speed: the minimum ratio is taken first and the lexicographic comparison run only on ties,
so a nondegenerate pivot is a handful of vectorised operations on the ``(n, m+n+1)`` or
``(m, m+n+1)`` tableau, ~10 us each.  With numba installed (optional; QuantEcon depends on
it) the scalar-loop kernels of :mod:`.lemke_howson_kernel` run compiled instead (same rule,
same pivots): a path is ~2 us on a random 10 x 10 game, and a one-path call
(``init_pivot``) is one kernel call that also makes the payoffs positive and verifies the
endpoint by each player's regret, so :func:`lemke_howson` from one label takes ~1.2x the
time of QuantEcon's ``lemke_howson(g, init_pivot=k)``, which does not verify
(``benchmarks/bench_nash.py --lemke-howson-vs-quantecon``).  The kernels are used once numba
has been imported, or for games with ``m + n >= COMPILE_FROM_LABELS``
(:func:`worth_compiling`), so small one-off solves never pay numba's import and compile
time.  Every endpoint is verified by each player's regret.
"""

from __future__ import annotations

import sys

import numpy as np

from ..errors import ParameterError, SolverError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ..limits import get_limit
from .equilibria import Collector, NashEquilibria, NashEquilibrium, positive_payoffs

__all__ = ["lemke_howson", "lemke_howson_path", "worth_compiling", "COMPILE_FROM_LABELS"]

_EPS = 1e-12


def _pivot(T: np.ndarray, basis: list[int], entering: int, lex_cols: np.ndarray) -> int:
    """One pivot on ``entering`` with the lexicographic minimum-ratio rule; returns the
    leaving variable."""
    col = T[:, entering]
    pos = col > _EPS
    if not pos.any():  # cannot happen with positive payoffs (bounded polytopes)
        raise SolverError("Lemke-Howson: unbounded ray (payoff matrices not positive)")
    ratio = np.divide(T[:, -1], col, out=np.full(col.shape, np.inf), where=pos)
    low = ratio.min()
    cand = np.flatnonzero(ratio <= low + _EPS * max(1.0, abs(low)))
    if cand.size > 1:  # degenerate step: break the tie lexicographically
        keys = T[cand][:, lex_cols] / col[cand, None]
        for j in range(keys.shape[1]):
            vals = keys[:, j]
            low = vals.min()
            keep = vals <= low + _EPS * max(1.0, abs(low))
            cand, keys = cand[keep], keys[keep]
            if cand.size == 1:
                break
    r = int(cand[0])
    leaving = basis[r]
    f = col.copy()
    row = T[r] / f[r]
    f[r] -= 1.0  # row r becomes row / pivot: T[r] - (pivot - 1) * row
    T -= f[:, None] * row
    basis[r] = entering
    return leaving


_KERNELS = None


def _kernels():
    """The scalar-loop kernels (:mod:`.lemke_howson_kernel`) compiled by numba (cached on disk),
    or ``None`` without numba.

    Why compiled: a Lemke-Howson pivot on a 10 x 21 tableau is ~10 vectorised numpy calls,
    about 10 us of interpreter and call overhead for ~200 flops, and the fixed work of a one-path
    call (positive payoffs, cleaning, regrets, tolerances) some 40 small numpy calls more; the
    compiled one-path kernel does all of it in ~2 us on a random 10 x 10 game, where QuantEcon's
    numba ``lemke_howson`` takes ~7 us a call.  numba is optional: without it the numpy pivots
    (:func:`_pivot`) follow the same rule.
    """
    global _KERNELS
    if _KERNELS is None:
        try:
            from . import lemke_howson_kernel

            lemke_howson_kernel.compile_kernels()
            _KERNELS = lemke_howson_kernel
        except Exception:  # numba absent, or no cache directory: the numpy pivots
            _KERNELS = False
    return _KERNELS or None


def compiled_checks():
    """``(checks, positive, resolved)``: the compiled kernels :func:`.lemke_howson_kernel.checks`,
    :func:`~.lemke_howson_kernel.positive` and :func:`~.lemke_howson_kernel.resolved`, or
    ``None`` without numba (then the numpy code).  ``resolved`` is the fast accept of
    :func:`.nash._unresolved_players`."""
    kernels = _kernels()
    return None if kernels is None else (kernels.checks, kernels.positive, kernels.resolved)


#: Games with at least this many labels ``m + n`` use the numba kernel even when numba has not
#: been imported yet (smaller ones only once it has: on a process's first call importing numba
#: takes ~0.5 s and loading the compiled kernels from numba's disk cache ~0.9 s, compiling them
#: the first time after an install ~15 s (2 loaded cores), while a 10 x 10 game's 20 paths take
#: ~2 ms in numpy pivots).
COMPILE_FROM_LABELS = 100


def worth_compiling(m: int, n: int) -> bool:
    """Use the numba kernel (when installed): numba already imported, or ``m + n`` at least
    :data:`COMPILE_FROM_LABELS`.

    Parameters
    ----------
    m, n : int
        The numbers of row and column strategies.

    Returns
    -------
    bool
        Whether to use the compiled kernel.

    Examples
    --------
    >>> worth_compiling(60, 60)
    True
    """
    return "numba" in sys.modules or m + n >= COMPILE_FROM_LABELS


def lemke_howson_path(
    A1: np.ndarray, B1: np.ndarray, k: int, max_iter: int, compiled: bool | None = None
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Follow the Lemke-Howson path that drops label ``k`` (``A1, B1 > 0``, module docstring).

    Variables are numbered by their label in both tableaux: P (``x_i -> i``, ``s_j -> m+j``)
    and Q (``r_i -> i``, ``y_j -> m+j``).  Returns ``(x, y, pivots)`` with ``x, y`` normalised
    to sum 1, or ``None`` if ``max_iter`` pivots did not close the path.  ``compiled``: use the
    numba kernel (``None``: when numba is installed and :func:`worth_compiling`; ``False``: the
    numpy pivots).

    Parameters
    ----------
    A1, B1 : numpy.ndarray
        The strictly positive ``(m, n)`` payoff matrices (:func:`.equilibria.positive_payoffs`).
    k : int
        The label dropped at the start (row ``k`` for ``k < m``, column ``k - m`` otherwise).
    max_iter : int
        The pivot budget.
    compiled : bool or None
        Use the numba kernel (``None``: decide automatically).

    Returns
    -------
    tuple or None
        ``(x, y, pivots)``, or ``None`` if the path did not close.

    Raises
    ------
    ParameterError
        If ``compiled=True`` and numba is not installed.
    SolverError
        If the compiled kernel meets an unbounded ray (payoffs not positive).

    Examples
    --------
    >>> import numpy as np
    >>> A1 = np.array([[2.0, 1.0], [1.0, 4.0 / 3.0]])
    >>> B1 = np.array([[4.0 / 3.0, 1.0], [1.0, 2.0]])
    >>> x, y, pivots = lemke_howson_path(A1, B1, 0, 100, compiled=False)
    >>> x.tolist(), y.tolist(), pivots
    ([1.0, 0.0], [1.0, 0.0], 2)
    """
    m, n = A1.shape
    kernels = _kernels() if compiled or (compiled is None and worth_compiling(m, n)) else None
    if compiled and kernels is None:  # asked for explicitly (None: the numpy pivots without numba)
        raise ParameterError("compiled=True needs numba installed", "compiled")
    if kernels is not None:
        out = np.empty(m + n)
        it = kernels.normalised_path(A1, B1, int(k), int(max_iter), out)
        if it == -1:
            raise SolverError("Lemke-Howson: unbounded ray (payoff matrices not positive)")
        return (out[:m], out[m:], it) if it > 0 else None
    TP = np.zeros((n, m + n + 1))
    TP[:, :m] = B1.T
    TP[:, m:m + n] = np.eye(n)
    TP[:, -1] = 1.0
    TQ = np.zeros((m, m + n + 1))
    TQ[:, :m] = np.eye(m)
    TQ[:, m:m + n] = A1
    TQ[:, -1] = 1.0
    basis_p = list(range(m, m + n))
    basis_q = list(range(m))
    lex_p = np.arange(m, m + n)
    lex_q = np.arange(m)
    entering = k
    in_p = k < m
    for it in range(1, max_iter + 1):
        if in_p:
            leaving = _pivot(TP, basis_p, entering, lex_p)
        else:
            leaving = _pivot(TQ, basis_q, entering, lex_q)
        if leaving == k:
            x = np.zeros(m)
            y = np.zeros(n)
            for r, v in enumerate(basis_p):
                if v < m:
                    x[v] = TP[r, -1]
            for r, v in enumerate(basis_q):
                if v >= m:
                    y[v - m] = TQ[r, -1]
            if x.sum() <= 0 or y.sum() <= 0:
                return None
            return x / x.sum(), y / y.sum(), it
        entering = leaving
        in_p = not in_p
    return None


def lemke_howson(game: NormalFormGame, tol: float, init_pivot: int | None = None) -> NashEquilibria:
    """Equilibria found by Lemke-Howson paths, as ``NashEquilibria`` (``complete=False``).

    ``init_pivot=None`` follows the path from every label ``0 .. m+n-1`` (duplicates removed);
    an integer ``k`` follows only the path dropping label ``k`` (row strategy ``k`` for
    ``k < m``, column strategy ``k - m`` otherwise), as QuantEcon's ``lemke_howson``.

    Parameters
    ----------
    game : NormalFormGame
        A two-player normal-form game.
    tol : float
        Relative tolerance of the best-response check.
    init_pivot : int or None
        The one starting label, or ``None`` for all.

    Returns
    -------
    NashEquilibria
        The verified equilibria found (``complete=False``).

    Raises
    ------
    ParameterError
        If ``init_pivot`` is not a label of the game.
    UnsupportedGameError
        If the tableau is above the limit ``max_payoff_entries``.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
    >>> len(lemke_howson(g, 1e-9)), len(lemke_howson(g, 1e-9, init_pivot=0))
    (2, 1)
    >>> lemke_howson(g, 1e-9, init_pivot=0)[0].support
    ((0,), (0,))
    """
    # Our own tableau implementation: nashpy 0.0.43's lemke_howson did not terminate on a
    # random 6x6 game (seed 0 in tests/test_nash.py) and has no iteration cap.
    payoffs = game.payoffs
    if payoffs.shape[0] != 2:
        game.bimatrix()  # raises GameError: not a two-player game
    m, n = payoffs.shape[1:]
    if init_pivot is None:
        labels = range(m + n)
    else:
        if isinstance(init_pivot, bool) or not isinstance(init_pivot, (int, np.integer)) or not (
            0 <= init_pivot < m + n
        ):
            raise ParameterError(
                f"init_pivot must be an integer label in 0..{m + n - 1} (rows 0..{m - 1}, columns "
                f"{m}..{m + n - 1}) of this {m} x {n} game, got {init_pivot!r}", "init_pivot"
            )
        labels = [int(init_pivot)]
    if (m + n) * (m + n + 1) > get_limit("max_payoff_entries"):
        raise UnsupportedGameError(
            f"Lemke-Howson on a {m} x {n} game pivots a {m + n} x {m + n + 1} tableau from each of "
            f"{m + n} labels, above the limit max_payoff_entries (compellence.limits); remove "
            "dominated strategies first"
        )
    max_iter = max(1000, 50 * (m + n) ** 2)
    if init_pivot is not None and worth_compiling(m, n):
        fast = _one_path_compiled(game, labels[0], max_iter, tol)
        if fast is not None:
            return fast
    A, B = (np.asarray(a, dtype=float) for a in game.bimatrix())
    A1, B1 = positive_payoffs(A), positive_payoffs(B)
    col = Collector(game, tol, "lemke_howson")
    failed: list[int] = []
    pivots: dict[int, int] = {}
    for label in labels:
        out = lemke_howson_path(A1, B1, label, max_iter)
        if out is None:
            failed.append(label)
            continue
        x, y, it = out
        pivots[label] = it
        before = col.rejected
        col.add((x, y))
        if col.rejected > before:
            failed.append(label)
    notes = []
    if failed:
        notes.append(
            f"starting labels {failed} gave no verified equilibrium within {max_iter} pivots "
            "(numerically ill-conditioned game)"
        )
    notes.append(_SOME_NOTE)
    info: dict = {"failed_labels": tuple(failed), "pivots": pivots}
    if init_pivot is not None:
        info["init_pivot"] = int(init_pivot)
    return NashEquilibria(
        game, col.sorted(), "lemke_howson", tol,
        complete=False,
        degenerate=None,
        notes=tuple(notes),
        info=info,
    )


def _one_path_compiled(game, label, max_iter, tol):
    """``lemke_howson(game, tol, init_pivot=label)`` as one compiled call, or ``None``.

    Issue 15: with the pivots compiled, a one-path call was dominated by fixed work around the
    path (positive payoffs, cleaning, regrets, tolerances: some 40 small numpy calls, ~0.5 ms on
    a 10 x 10 game, then ~10 us as five compiled calls).  :func:`.lemke_howson_kernel.one_path`
    does the path and the same verification (the regret condition of
    :func:`.equilibria.regret_tolerance` and :func:`.equilibria.regrets`, on the endpoint cleaned
    as :class:`.equilibria.Collector` cleans it) in one call, so what is left here is building
    the result.  Returns ``None`` without numba, for payoffs that are not float64, and when the
    path fails or its endpoint fails the check: the caller then takes the general route (which
    reports why).
    """
    kernels = _kernels()
    payoffs = game.payoffs
    if kernels is None or payoffs.dtype != np.float64:
        return None
    _, m, n = payoffs.shape
    out = np.empty(m + n + 4)
    it = kernels.one_path(payoffs, label, max_iter, tol, out)
    if it <= 0:
        return None
    pays, reg = out[m + n:m + n + 2], out[m + n + 2:]
    out.setflags(write=False)  # the strategies, views of out, are read-only (as the collector's)
    # positional arguments, in the dataclasses' field order (keywords cost ~0.2 us a call)
    e = NashEquilibrium((out[:m], out[m:m + n]), pays, reg, game.players, game.strategies,
                        "lemke_howson")
    return NashEquilibria(game, (e,), "lemke_howson", tol, False, None, _ONE_PATH_NOTES,
                          {"failed_labels": (), "pivots": {label: it}, "init_pivot": label})


_SOME_NOTE = "Lemke-Howson finds some equilibria, not necessarily all; use method='vertex' for all"
_ONE_PATH_NOTES = (_SOME_NOTE,)
