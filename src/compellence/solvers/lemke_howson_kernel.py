"""Scalar-loop kernels of Lemke-Howson (:mod:`.lemke_howson`), compiled by numba when installed.

Plain Python functions of scalar loops; :func:`compile_kernels` replaces each by its numba
compilation (``njit(cache=True, nogil=True)``, in this module's namespace, so the kernels that
call one another call the compiled versions).  This module never imports numba by itself:
:mod:`.lemke_howson` imports it and calls :func:`compile_kernels` only when the compiled path
is chosen (:func:`.lemke_howson.worth_compiling`), and otherwise runs its numpy pivots, which
follow the same rule.

Why compiled: a Lemke-Howson pivot on a 10 x 21 tableau is ~200 flops, while the numpy pivot
(:func:`.lemke_howson._pivot`) is ~10 vectorised calls, ~10 us of interpreter and call overhead;
and a one-path call (``nash(g, "lemke_howson", init_pivot=k)``) adds the fixed work around the
path (positive payoffs, cleaning, regrets, tolerances: some 40 small numpy calls).  Compiled,
the whole one-path call is one kernel (:func:`one_path`), ~2 us on a random 10 x 10 game;
QuantEcon's ``lemke_howson`` (numba as well) takes ~7 us a call
(``benchmarks/bench_nash.py --lemke-howson-vs-quantecon``).

The rules (module docstring of :mod:`.lemke_howson`): the tableaux ``B'x + s = 1`` (basis: the
slacks, labels ``m..m+n-1``) and ``r + A y = 1`` (basis ``r``, labels ``0..m-1``); the entering
variable is the one whose label the last pivot dropped; the leaving row has the minimum ratio
``rhs / column`` over the rows with column entry ``> 1e-12``, ties (within ``1e-12`` relative)
broken lexicographically on the columns of ``B^-1`` (the slack columns, in label order).
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []

_PIVOT_TOL = 1e-12  # a column entry above this is positive (as lemke_howson._EPS)
_ZERO = 1e-12  # probabilities at or below this are dropped (as equilibria.clean_probabilities)


def positive(A):  # pragma: no cover - compiled by numba
    """:func:`.equilibria.positive_payoffs` in scalar loops: ``(A - min A + 1) / max(1, ptp A)``
    (computed on ``A / max|A|`` first when ``max|A| > 1e150``), the same operations in the same
    order, so the same numbers."""
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


def pivots(A1, B1, k, max_iter, x, y):  # pragma: no cover - compiled by numba
    """The path dropping label ``k`` on the positive matrices ``A1, B1``: builds the tableaux and
    pivots (minimum ratio, ties broken lexicographically on ``[rhs, B^-1]``).  Returns the number
    of pivots when label ``k`` left a basis (then ``x, y`` hold the unnormalised vertex pair), 0
    when ``max_iter`` pivots did not close the path, -1 on an unbounded ray (payoffs not
    positive)."""
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
            if c <= _PIVOT_TOL:
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
            return -1
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
            for i in range(m):
                x[i] = 0.0
            for j in range(n):
                y[j] = 0.0
            for i in range(n):
                if basis_p[i] < m:
                    x[basis_p[i]] = TP[i, width - 1]
            for i in range(m):
                if basis_q[i] >= m:
                    y[basis_q[i] - m] = TQ[i, width - 1]
            return it
        entering = leaving
        in_p = not in_p
    return 0


def normalised_path(A1, B1, k, max_iter, out):  # pragma: no cover - compiled by numba
    """:func:`pivots` into ``out[:m], out[m:m + n]``, then normalised to sum 1 (as
    :func:`.lemke_howson.lemke_howson_path` returns them).  Returns the number of pivots, or 0
    (out of pivots), -1 (unbounded ray), -2 (an endpoint summing to 0)."""
    m, n = A1.shape
    x = out[:m]
    y = out[m:m + n]
    it = pivots(A1, B1, k, max_iter, x, y)
    if it <= 0:
        return it
    sx = 0.0
    for i in range(m):
        sx += x[i]
    sy = 0.0
    for j in range(n):
        sy += y[j]
    if not (sx > 0.0 and sy > 0.0):
        return -2
    for i in range(m):
        x[i] /= sx
    for j in range(n):
        y[j] /= sy
    return it


def check_into(A, B, x, y, tol, pays, reg, atol):  # pragma: no cover - compiled by numba
    """Clean and normalise ``x, y`` in place (entries ``<= 1e-12`` dropped, then divided by the
    sum, as :func:`.equilibria.clean_probabilities`), and write each player's payoff, regret
    (``max_i (A y)_i - x'Ay`` and ``max_j (x'B)_j - x'By``, at least 0, as
    :func:`.equilibria.regrets`) and regret tolerance (:func:`.equilibria.regret_tolerance`)
    into ``pays, reg, atol``.  Returns whether ``x, y`` are probability vectors with finite
    payoffs and both regrets within tolerance."""
    m, n = A.shape
    sx = 0.0
    for i in range(m):
        if not x[i] > _ZERO:
            x[i] = 0.0
        sx += x[i]
    sy = 0.0
    for j in range(n):
        if not y[j] > _ZERO:
            y[j] = 0.0
        sy += y[j]
    for p in range(2):
        pays[p] = 0.0
        reg[p] = 0.0
        atol[p] = 0.0
    if not (sx > 0.0 and sy > 0.0):
        return False
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
    # sums of 1 within 1e-9, as the collector's check (.equilibria.Collector.add)
    s0 = 0.0
    for i in range(m):
        s0 += x[i]
    s1 = 0.0
    for j in range(n):
        s1 += y[j]
    return (np.isfinite(p0) and np.isfinite(p1) and abs(s0 - 1.0) <= 1e-9
            and abs(s1 - 1.0) <= 1e-9 and reg[0] <= atol[0] and reg[1] <= atol[1])


def checks(A, B, x, y, tol):  # pragma: no cover - compiled by numba
    """:func:`check_into` with its own output arrays: ``(x, y, pays, regret, atol, ok)``."""
    pays = np.zeros(2)
    reg = np.zeros(2)
    atol = np.zeros(2)
    ok = check_into(A, B, x, y, tol, pays, reg, atol)
    return x, y, pays, reg, atol, ok


def one_path(payoffs, k, max_iter, tol, out):  # pragma: no cover - compiled by numba
    """A whole one-path Lemke-Howson call on ``payoffs = (A, B)``: positive payoffs
    (:func:`positive`), the path dropping label ``k`` (:func:`pivots`), then the endpoint
    normalised, cleaned and verified by each player's regret (:func:`check_into`).

    ``out`` (length ``m + n + 4``) receives ``x``, ``y``, the two payoffs and the two regrets.
    Returns the number of pivots (> 0) when the endpoint is a verified equilibrium; 0 when the
    path did not close within ``max_iter`` pivots, -1 on an unbounded ray, -2 when the endpoint
    failed the regret check (the caller then takes the general route, which reports why)."""
    A = payoffs[0]
    B = payoffs[1]
    m, n = A.shape
    it = normalised_path(positive(A), positive(B), k, max_iter, out)
    if it <= 0:
        return it
    atol = np.empty(2)
    if not check_into(A, B, out[:m], out[m:m + n], tol, out[m + n:m + n + 2], out[m + n + 2:],
                      atol):
        return -2
    return it


def sorted_gaps_ok(row, thr, v):  # pragma: no cover - compiled by numba
    """Whether every positive gap between adjacent halved values of ``row`` (sorted, in the
    scratch ``v``) is at least ``thr``."""
    for k in range(row.size):
        v[k] = row[k]
    v.sort()
    for k in range(row.size - 1):
        d = 0.5 * v[k + 1] - 0.5 * v[k]
        if d > 0 and d < thr:
            return False
    return True


def resolved(flat, min_res):  # pragma: no cover - compiled by numba
    """The fast accept of :func:`.nash._unresolved_players`: True when, for every player (row),
    all payoffs are finite and each positive gap between its sorted halved payoffs is at least
    ``min_res`` times their range (then every genuine difference is,
    :func:`.equilibria.payoff_resolution`).

    Without sorting (numba's sort of 200 values took ~2 us, most of a one-path call's fixed
    cost): the halved values go to ``4 c`` buckets of width ``range / (4 c - 1)``, far above
    ``min_res * range``, so two values closer than that share a bucket or are neighbours; each
    value is compared with the values already in its bucket and the two next to it (a value
    equal to a stored one is not stored again).  Buckets too crowded (more than ``8 c``
    comparisons in a row) fall back to sorting (:func:`sorted_gaps_ok`)."""
    rows, c = flat.shape
    nb = 4 * c
    head = np.empty(nb + 2, np.int64)  # bucket b + 1 -> last value stored there, -1: empty
    nxt = np.empty(c, np.int64)  # value -> the value stored before it in its bucket
    v = np.empty(c)
    for i in range(rows):
        row = flat[i]
        lo = np.inf
        hi = -np.inf
        for k in range(c):
            x = row[k]
            if not (x - x == 0.0):  # inf or nan: not resolved (span not finite)
                return False
            lo = min(lo, x)
            hi = max(hi, x)
        span = 0.5 * hi - 0.5 * lo
        if not span > 0.0:
            continue  # one value: no positive gap
        thr = min_res * span
        scale = (nb - 1) / span
        if not scale < 1e300:  # a subnormal range: sort
            if not sorted_gaps_ok(row, thr, v):
                return False
            continue
        half_lo = 0.5 * lo
        for b in range(nb + 2):
            head[b] = -1
        budget = 8 * c
        for k in range(c):
            hx = 0.5 * row[k]
            b = int((hx - half_lo) * scale) + 1  # in 1..nb
            seen = False
            for bb in range(b - 1, b + 2):
                p = head[bb]
                while p >= 0:
                    d = abs(0.5 * row[p] - hx)
                    if d == 0.0:
                        seen = True
                    elif d < thr:
                        return False
                    p = nxt[p]
                    budget -= 1
            if budget < 0:
                break
            if not seen:
                nxt[k] = head[b]
                head[b] = k
        if budget < 0 and not sorted_gaps_ok(row, thr, v):
            return False
    return True


#: The kernels, in this module's namespace; :func:`compile_kernels` compiles each.
KERNELS = ("positive", "pivots", "normalised_path", "check_into", "checks", "one_path",
           "sorted_gaps_ok", "resolved")


def compile_kernels() -> None:
    """Replace every kernel of :data:`KERNELS` by its numba compilation (cached on disk; each
    compiles on its first call).  Raises ImportError without numba.  Idempotent."""
    import numba

    jit = numba.njit(cache=True, nogil=True)
    space = globals()
    for name in KERNELS:
        if not isinstance(space[name], numba.core.dispatcher.Dispatcher):
            space[name] = jit(space[name])
