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
it) the whole path runs compiled, ~0.5 us a pivot, as fast as QuantEcon's ``lemke_howson``
(``benchmarks/bench_nash.py --two-player-vs-quantecon``); it is used once numba has been
imported, or for games with ``m + n >= COMPILE_FROM_LABELS`` (:func:`worth_compiling`), so
small one-off solves never pay numba's import and compile time.  Every endpoint is verified
by each player's regret.
"""

from __future__ import annotations

import sys

import numpy as np

from ..errors import ParameterError, SolverError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ..limits import get_limit

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


def _path_kernel(A1, B1, k, max_iter):  # pragma: no cover - compiled by numba
    """The whole path in scalar loops (same rule as :func:`_pivot`: minimum ratio, ties broken
    lexicographically on ``[rhs, B^-1]``); compiled with numba when it is installed.
    Returns ``(status, pivots, x, y)``: status 1 closed, 0 out of pivots, -1 unbounded ray;
    ``x, y`` the unnormalised vertex pair."""
    m, n = A1.shape
    width = m + n + 1
    TP = np.zeros((n, width))
    TQ = np.zeros((m, width))
    for j in range(n):
        for i in range(m):
            TP[j, i] = B1[i, j]
            TQ[i, m + j] = A1[i, j]
        TP[j, m + j] = 1.0
        TP[j, width - 1] = 1.0
    for i in range(m):
        TQ[i, i] = 1.0
        TQ[i, width - 1] = 1.0
    basis_p = np.arange(m, m + n)
    basis_q = np.arange(m)
    x = np.zeros(m)
    y = np.zeros(n)
    entering = k
    in_p = k < m
    for it in range(1, max_iter + 1):
        if in_p:
            T = TP
            basis = basis_p
            lex0 = m
        else:
            T = TQ
            basis = basis_q
            lex0 = 0
        rows = T.shape[0]
        r = -1
        for i in range(rows):
            c = T[i, entering]
            if c <= 1e-12:
                continue
            if r == -1:
                r = i
                continue
            cr = T[r, entering]
            for j in range(-1, rows):
                col = width - 1 if j == -1 else lex0 + j
                a = T[i, col] / c
                b = T[r, col] / cr
                tie = 1e-12 * max(1.0, abs(b))
                if a < b - tie:
                    r = i
                    break
                if a > b + tie:
                    break
        if r == -1:
            return -1, it, x, y
        piv = T[r, entering]
        for j in range(width):
            T[r, j] /= piv
        for i in range(rows):
            if i != r:
                f = T[i, entering]
                if f != 0.0:
                    for j in range(width):
                        T[i, j] -= f * T[r, j]
        leaving = basis[r]
        basis[r] = entering
        if leaving == k:
            for i in range(n):
                if basis_p[i] < m:
                    x[basis_p[i]] = TP[i, width - 1]
            for i in range(m):
                if basis_q[i] >= m:
                    y[basis_q[i] - m] = TQ[i, width - 1]
            return 1, it, x, y
        entering = leaving
        in_p = not in_p
    return 0, max_iter, x, y


def _one_path_checks_kernel(A, B, x, y, tol):  # pragma: no cover - compiled by numba
    """The fixed checks of one Lemke-Howson endpoint in scalar loops (compiled with numba):
    normalise and clean ``x, y`` (entries <= 1e-12 dropped, as :func:`.nash._clean`), the
    regrets ``max_i (A y)_i - x'Ay`` and ``max_j (x'B)_j - x'By``, and the tolerance of
    :func:`.nash.regret_tolerance` per player.  Returns ``(x, y, pays, regret, atol, ok)``.
    The same formulas as the numpy code, without its ~20 calls of fixed overhead each."""
    m, n = A.shape
    sx = 0.0
    for i in range(m):
        if x[i] <= 1e-12:
            x[i] = 0.0
        sx += x[i]
    sy = 0.0
    for j in range(n):
        if y[j] <= 1e-12:
            y[j] = 0.0
        sy += y[j]
    pays = np.zeros(2)
    reg = np.zeros(2)
    atol = np.zeros(2)
    if not (sx > 0.0 and sy > 0.0):
        return x, y, pays, reg, atol, False
    for i in range(m):
        x[i] /= sx
    for j in range(n):
        y[j] /= sy
    best0 = -np.inf
    v1 = np.zeros(n)
    p0 = 0.0
    lo0, hi0, lo1, hi1 = np.inf, -np.inf, np.inf, -np.inf
    for i in range(m):
        ay = 0.0
        for j in range(n):
            a = A[i, j]
            b = B[i, j]
            ay += a * y[j]
            v1[j] += x[i] * b
            lo0 = min(lo0, a)
            hi0 = max(hi0, a)
            lo1 = min(lo1, b)
            hi1 = max(hi1, b)
        best0 = max(best0, ay)
        p0 += x[i] * ay
    best1 = -np.inf
    p1 = 0.0
    for j in range(n):
        best1 = max(best1, v1[j])
        p1 += v1[j] * y[j]
    pays[0] = p0
    pays[1] = p1
    reg[0] = max(best0 - p0, 0.0)
    reg[1] = max(best1 - p1, 0.0)
    eps = np.finfo(np.float64).eps
    half0 = 0.5 * hi0 - 0.5 * lo0
    half1 = 0.5 * hi1 - 0.5 * lo1
    atol[0] = max(2 * tol * (half0 if half0 > 0 else 0.5), 64 * eps * max(abs(lo0), abs(hi0)))
    atol[1] = max(2 * tol * (half1 if half1 > 0 else 0.5), 64 * eps * max(abs(lo1), abs(hi1)))
    ok = np.isfinite(p0) and np.isfinite(p1) and reg[0] <= atol[0] and reg[1] <= atol[1]
    return x, y, pays, reg, atol, ok


def _positive_kernel(A):  # pragma: no cover - compiled by numba
    """:func:`.nash.positive_payoffs` in scalar loops: ``(A - min A + 1) / max(1, ptp A)`` (computed on
    ``A / max|A|`` first when ``max|A| > 1e150``)."""
    lo = np.inf
    hi = -np.inf
    for v in A.flat:
        lo = min(lo, v)
        hi = max(hi, v)
    big = max(abs(lo), abs(hi))
    s = 1.0
    if big > 1e150:
        s = big
        lo /= big
        hi /= big
    den = max(1.0, hi - lo)
    out = np.empty(A.shape)
    m, n = A.shape
    for i in range(m):
        for j in range(n):
            out[i, j] = (A[i, j] / s - lo + 1.0) / den
    return out


def _resolved_kernel(flat, min_res):  # pragma: no cover - compiled by numba
    """The fast accept of :func:`.nash._unresolved_players` in loops: True when, for every
    player (row), each positive gap between its sorted payoffs is at least ``min_res`` times
    its payoff range (then every genuine difference is, :func:`.nash.payoff_resolution`)."""
    for i in range(flat.shape[0]):
        v = np.sort(flat[i]) * 0.5
        span = v[-1] - v[0]
        if not np.isfinite(span):
            return False
        for k in range(v.size - 1):
            d = v[k + 1] - v[k]
            if d > 0 and d < min_res * span:
                return False
    return True


_COMPILED = None
_CHECKS = None


def compiled_checks():
    """``(checks, positive, resolved)``: :func:`_one_path_checks_kernel`,
    :func:`_positive_kernel` and :func:`_resolved_kernel` compiled by numba, or ``None``
    (then the numpy code)."""
    global _CHECKS
    if _CHECKS is None:
        try:
            import numba

            jit = numba.njit(cache=True, nogil=True)
            _CHECKS = (jit(_one_path_checks_kernel), jit(_positive_kernel), jit(_resolved_kernel))
        except Exception:
            _CHECKS = False
    return _CHECKS or None


def _compiled_kernel():
    """:func:`_path_kernel` compiled by numba (cached on disk), or ``None`` without numba.

    Why compiled: a Lemke-Howson pivot on a 10 x 21 tableau is ~10 vectorised numpy calls,
    about 10 us of interpreter and call overhead for ~200 flops; QuantEcon's numba path takes
    about 1 us per pivot, which numpy cannot approach.  numba is optional: without it the
    numpy pivots (:func:`_pivot`) follow the same rule.
    """
    global _COMPILED
    if _COMPILED is None:
        try:
            import numba

            _COMPILED = numba.njit(cache=True, nogil=True)(_path_kernel)
        except Exception:  # numba absent, or no cache directory: the numpy pivots
            _COMPILED = False
    return _COMPILED or None


#: Games with at least this many labels ``m + n`` use the numba kernel even when numba has not
#: been imported yet (smaller ones only once it has: importing numba and loading the compiled
#: path costs about 0.5 s on a process's first call, ~1-2 s more when it must compile, while a
#: 10 x 10 game's 20 paths take ~2 ms in numpy pivots).
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
):
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
    if compiled is None:
        compiled = worth_compiling(m, n)
    kernel = _compiled_kernel() if compiled else None
    if compiled and kernel is None:
        raise ParameterError("compiled=True needs numba installed", "compiled")
    if kernel is not None:
        status, it, x, y = kernel(A1, B1, int(k), int(max_iter))
        if status == -1:
            raise SolverError("Lemke-Howson: unbounded ray (payoff matrices not positive)")
        if status != 1:
            return None
        if x.sum() <= 0 or y.sum() <= 0:
            return None
        return x / x.sum(), y / y.sum(), int(it)
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


def lemke_howson(game: NormalFormGame, tol: float, init_pivot: int | None = None):
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
    from .equilibria import Collector, NashEquilibria, positive_payoffs

    A, B = (np.asarray(a, dtype=float) for a in game.bimatrix())
    m, n = A.shape
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
    if init_pivot is not None and worth_compiling(m, n) and _compiled_kernel() is not None:
        fast = _one_path_compiled(game, A, B, labels[0], max_iter, tol)
        if fast is not None:
            return fast
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


def _one_path_compiled(game, A, B, label, max_iter, tol):
    """``lemke_howson(game, tol, init_pivot=label)`` with the path and its checks compiled.

    Issue 15: with the path kernel at QuantEcon's speed, a one-path call was dominated by
    fixed numpy work (cleaning, regrets, tolerances: some 40 small numpy calls, ~0.5 ms on
    a 10 x 10 game).  Here the endpoint is verified by the same regret condition
    (:func:`.nash.regret_tolerance`, :func:`.nash.regrets`) in one compiled loop
    (:func:`_one_path_checks_kernel`).  Returns ``None`` when the path fails or its endpoint
    fails the check, and the caller then takes the general route (which reports why).
    """
    from .equilibria import NashEquilibria, NashEquilibrium

    compiled = compiled_checks()
    if compiled is None:
        return None
    checks, positive, _ = compiled
    A = np.ascontiguousarray(A, dtype=float)
    B = np.ascontiguousarray(B, dtype=float)
    status, it, x, y = _compiled_kernel()(positive(A), positive(B), int(label), int(max_iter))
    if status != 1:
        return None
    x, y, pays, reg, _atol, ok = checks(A, B, x, y, float(tol))
    if not ok:
        return None
    x.setflags(write=False)
    y.setflags(write=False)
    e = NashEquilibrium(strategies=(x, y), payoffs=pays, regret=reg, players=game.players,
                        labels=game.strategies, method="lemke_howson")
    return NashEquilibria(
        game, (e,), "lemke_howson", tol, complete=False, degenerate=None,
        notes=(_SOME_NOTE,),
        info={"failed_labels": (), "pivots": {int(label): int(it)}, "init_pivot": int(label)},
    )


_SOME_NOTE = "Lemke-Howson finds some equilibria, not necessarily all; use method='vertex' for all"
