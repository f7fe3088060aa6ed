"""Two-player vertex enumeration: all extreme Nash equilibria of a bimatrix game.

Mangasarian (1964); Avis, Rosenberg, Savani & von Stengel (2010); von Stengel (2007, sec. 3.5).
With ``A, B > 0`` (each shifted by a positive affine map, which leaves the equilibria
unchanged) the best-response polytopes are

    P = {x in R^m : x >= 0, B'x <= 1}     labels: i if x_i = 0, m + j if (B'x)_j = 1
    Q = {y in R^n : A y <= 1, y >= 0}     labels: i if (A y)_i = 1, m + j if y_j = 0

and ``(x / 1'x, y / 1'y)`` is an extreme equilibrium iff ``(x, y) != (0, 0)`` are vertices of
``P`` and ``Q`` whose labels together cover ``0 .. m+n-1`` (completely labelled pair).

Vertices, by polarity (Ziegler 1995, sec. 2.3; the construction QuantEcon's
``vertex_enumeration`` uses): translate ``P = {z : D z <= b}`` by an interior point ``z0``,
so that ``P - z0 = {w : (D_k / c_k) w <= 1}`` with ``c = b - D z0 > 0``; the vertices of ``P``
are ``z0 + h`` for the facets ``{p : h'p = 1}`` of the convex hull of the points ``D_k / c_k``
(Qhull, via ``scipy.spatial.ConvexHull``, compiled C).  Each vertex is then checked against
every constraint, its labels recomputed with a tolerance (so a degenerate vertex, with more
than ``m`` resp. ``n`` labels, is detected and reported), and the completely labelled pairs
found by one boolean matrix product ``(~L_P)(~L_Q)' == 0`` (no label missing from both).
Every pair is then verified by each player's regret (``nash.Collector``).

If Qhull fails (precision trouble on a near-degenerate input), the vertices are enumerated
directly instead: every vertex with support ``K`` solves ``C_TK z_K = 1`` for ``|K|`` tight
rows ``T``, all ``(K, T)`` pairs batched (:func:`vertices_by_supports`; ``C(m+n, m)`` systems).

Compiled path (numba installed, ``m + n <= 62``; :mod:`.vertex_kernels`): both polytopes are
first walked vertex to vertex by simplex pivots (breadth-first from ``0``, one pivot per new
vertex) and the completely labelled pairs found by hashing the label masks (a nondegenerate
vertex of ``P`` pairs with the vertex of ``Q`` whose mask is its complement).  The walk lists
every vertex of a nondegenerate polytope; it stops at the first vertex with an extra label
within the tolerance (a degenerate polytope), and then, or if any pair fails the regret check,
the game is solved by the Qhull path above, so degenerate games are handled exactly as
without numba.  Why compiled: the walk is ~10 scalar ratio tests and one ~100-flop pivot per
vertex, ~1 us compiled (~1 ms for a random 10 x 10 game's polytope of ~1000 vertices), against
~5-10 ms for Qhull on the same polytope;
QuantEcon's ``vertex_enumeration`` (Qhull, then numba pairing) is the peer
(``benchmarks/bench_nash.py --two-player-vs-quantecon``).
"""

from __future__ import annotations

import sys

import numpy as np

from ..errors import ParameterError
from ..games.normal_form import NormalFormGame

__all__ = [
    "vertex_enumeration", "polytope_vertices", "vertices_by_supports", "completely_labelled_pairs",
]

#: Pairs of supports solved in one batched call by the fallback enumeration.
_CHUNK = 20000

#: Games with at least this many labels ``m + n`` use the compiled pivot walk (numba installed)
#: even when numba has not been imported yet; smaller ones only once it has.  Importing numba
#: and loading the cached kernels took ~0.4 s once per process (~3 s more the first time,
#: when numba compiles them into its disk cache); the Qhull path took 0.015 / 0.10 / 0.41 s
#: on random 10 x 10 / 12 x 12 / 13 x 13 games, the walk 0.003 / 0.015 / 0.084 s
#: (2026-12-04, loaded 2-core machine).
COMPILE_FROM_LABELS = 26

#: Entries of an entering column at most this are not pivot candidates in the compiled walk.
_PIVOT_EPS = 1e-12

#: Most labels a 64-bit mask of the compiled walk holds (``m + n``).
_MAX_COMPILED_LABELS = 62


def _worth_compiling(m: int, n: int) -> bool:
    return "numba" in sys.modules or m + n >= COMPILE_FROM_LABELS


def vertices_by_supports(C: np.ndarray, atol: float) -> np.ndarray:
    """Vertices (other than 0) of ``{z >= 0 : C z <= 1}`` by batched solves over
    (support ``K``, tight rows ``T``) pairs, ``|K| = |T| = k`` (Avis et al. 2010);
    may contain repeats of degenerate vertices.  The slow, Qhull-free path.

    Parameters
    ----------
    C : numpy.ndarray
        The positive ``(r, d)`` constraint matrix.
    atol : float
        Absolute tolerance for positivity and feasibility.

    Returns
    -------
    numpy.ndarray
        The ``(V, d)`` array of vertices, one a row.

    Examples
    --------
    >>> import numpy as np
    >>> vertices_by_supports(np.array([[1.0, 2.0], [2.0, 1.0]]), 1e-9).round(4)
    array([[0.5   , 0.    ],
           [0.    , 0.5   ],
           [0.3333, 0.3333]])
    """
    from .equilibria import solve_batch, support_combinations

    r, d = C.shape
    verts: list[np.ndarray] = []
    for k in range(1, min(r, d) + 1):
        K_all, T_all = support_combinations(d, k), support_combinations(r, k)
        n_pairs = K_all.shape[0] * T_all.shape[0]
        for start in range(0, n_pairs, _CHUNK):
            flat = np.arange(start, min(start + _CHUNK, n_pairs))
            K = K_all[flat // T_all.shape[0]]
            T = T_all[flat % T_all.shape[0]]
            M = C[T[:, :, None], K[:, None, :]]
            sol, ok = solve_batch(M, np.ones((flat.size, k)))
            ok &= (np.where(np.isfinite(sol), sol, -1.0) > atol).all(axis=1)
            if not ok.any():
                continue
            z = np.zeros((int(ok.sum()), d))
            np.put_along_axis(z, K[ok], sol[ok], axis=1)
            feasible = (z @ C.T <= 1.0 + atol).all(axis=1)
            verts.extend(z[feasible])
    return np.array(verts) if verts else np.zeros((0, d))


def _vertices_by_hull(C: np.ndarray) -> np.ndarray | None:
    """Vertices of ``{z >= 0 : C z <= 1}`` (including 0) as ``z0 + h`` for the facets
    ``h'p = 1`` of the hull of the polar points; ``None`` if Qhull fails."""
    from scipy.spatial import ConvexHull, QhullError

    r, d = C.shape
    if d < 2:  # Qhull needs dimension >= 2; the 1-d polytope is [0, 1 / max C]
        return np.array([[0.0], [1.0 / float(C.max())]])
    # interior point z0 = t 1 with C z0 <= 1/2: slack t on z >= 0, >= 1/2 on C z <= 1
    t = 0.5 / float(C.sum(axis=1).max())
    slack = 1.0 - t * C.sum(axis=1)
    pts = np.concatenate([-np.eye(d) / t, C / slack[:, None]])
    try:
        # scipy's default without Qbb, Qc (coplanar points: labels are recomputed below), Qz
        # (a point at infinity, for Delaunay input); Qt is always on
        hull = ConvexHull(pts, qhull_options="Qx" if d > 4 else None)
    except (QhullError, ValueError):
        return None
    eq = hull.equations  # normal' p + offset = 0, outward normal; offset < 0 (0 is interior)
    off = eq[:, -1]
    if not (off < 0).all():
        return None
    return t + eq[:, :-1] / (-off[:, None])


def polytope_vertices(C: np.ndarray, atol: float) -> tuple[np.ndarray, np.ndarray]:
    """Vertices other than 0 of ``{z >= 0 : C z <= 1}`` (``C`` positive, ``(r, d)``) and their
    labels: ``(Z, L)`` with ``L[:, :d]`` = zero coordinates, ``L[:, d:]`` = tight rows.

    Qhull on the polar (module docstring); falls back to :func:`vertices_by_supports`.
    Repeated vertices (a degenerate vertex is a merged facet, triangulated) are kept once.

    Parameters
    ----------
    C : numpy.ndarray
        The positive ``(r, d)`` constraint matrix.
    atol : float
        Absolute tolerance for zero coordinates, tight rows and feasibility.

    Returns
    -------
    tuple of numpy.ndarray
        ``(Z, L)``: the ``(V, d)`` vertices and their ``(V, d + r)`` boolean labels.

    Examples
    --------
    >>> import numpy as np
    >>> Z, L = polytope_vertices(np.array([[1.0, 2.0], [2.0, 1.0]]), 1e-9)
    >>> Z.round(4)
    array([[0.5   , 0.    ],
           [0.    , 0.5   ],
           [0.3333, 0.3333]])
    >>> L.astype(int)
    array([[0, 1, 0, 1],
           [1, 0, 1, 0],
           [0, 0, 1, 1]])
    """
    r, d = C.shape
    Z = _vertices_by_hull(C)
    CZ = None if Z is None else Z @ C.T
    if CZ is None or not (CZ <= 1.0 + atol).all() or not (Z >= -atol).all():
        Z = vertices_by_supports(C, atol)
        CZ = Z @ C.T
    keep = (Z > atol).any(axis=1)  # drop the vertex 0
    Z, CZ = np.where(Z[keep] > atol, Z[keep], 0.0), CZ[keep]
    if not Z.size:
        return np.zeros((0, d)), np.zeros((0, d + r), dtype=bool)
    labels = np.concatenate([Z == 0.0, np.abs(CZ - 1.0) <= atol], axis=1)
    if (labels.sum(axis=1) > d).any():  # degenerate vertices: listed once per (K, T) / simplex
        key = np.round(Z / (10 * max(atol, 1e-12)))
        _, first = np.unique(key, axis=0, return_index=True)
        first = np.sort(first)
        Z, labels = Z[first], labels[first]
    return Z, labels


def completely_labelled_pairs(LX: np.ndarray, LY: np.ndarray, m: int) -> np.ndarray:
    """Index pairs ``(a, b)`` with ``LX[a] | LY[b]`` all true (labels ``(V, m + n)`` boolean;
    ``LX`` of the ``m``-dimensional polytope ``P``).

    Labels as bit masks (QuantEcon's device): a nondegenerate vertex of ``P`` has exactly ``m``
    labels and one of ``Q`` exactly ``n``, so two nondegenerate vertices pair iff their masks are
    complements (one sort and one binary search).  A degenerate vertex (more labels) is matched
    against every vertex of the other polytope by ``(mask_a | mask_b) == full``.

    Parameters
    ----------
    LX : numpy.ndarray
        Boolean ``(VX, m + n)`` labels of the vertices of ``P``.
    LY : numpy.ndarray
        Boolean ``(VY, m + n)`` labels of the vertices of ``Q``, in the same label order.
    m : int
        The dimension of ``P`` (the row player's number of strategies).

    Returns
    -------
    numpy.ndarray
        ``(K, 2)`` integer index pairs ``(a, b)``.

    Examples
    --------
    >>> import numpy as np
    >>> LX = np.array([[1, 0, 0, 1], [0, 1, 1, 0]], dtype=bool)
    >>> LY = np.array([[0, 1, 1, 0], [1, 0, 0, 1]], dtype=bool)
    >>> completely_labelled_pairs(LX, LY, 2).tolist()
    [[0, 0], [1, 1]]
    """
    nx, k = LX.shape
    ny = LY.shape[0]
    if not nx or not ny:
        return np.zeros((0, 2), dtype=np.intp)
    if k > 63:  # no 64-bit mask: one boolean matrix product (no label missing from both)
        missing = (~LX).astype(np.float64) @ (~LY).astype(np.float64).T
        return np.argwhere(missing == 0)
    w = np.left_shift(np.uint64(1), np.arange(k, dtype=np.uint64))
    bx = (LX * w).sum(axis=1, dtype=np.uint64)
    by = (LY * w).sum(axis=1, dtype=np.uint64)
    full = np.uint64((1 << k) - 1)
    # a vertex of the m-polytope has >= m labels; more means degenerate
    dx = LX.sum(axis=1) > m
    dy = LY.sum(axis=1) > k - m
    # exact complements among all vertices: sort one side, binary-search the other's complement
    order = np.argsort(by, kind="stable")
    sy = by[order]
    want = bx ^ full
    lo = np.searchsorted(sy, want, side="left")
    count = np.searchsorted(sy, want, side="right") - lo
    a_idx = np.repeat(np.arange(nx), count)
    offset = np.arange(a_idx.size) - np.repeat(np.cumsum(count) - count, count)
    pairs = [np.column_stack([a_idx, order[np.repeat(lo, count) + offset]])]
    if not (dx.any() or dy.any()):
        return pairs[0].astype(np.intp)
    # supersets: pairs where a vertex has extra labels (degenerate)
    for a in np.flatnonzero(dx):
        b = np.flatnonzero((bx[a] | by) == full)
        pairs.append(np.column_stack([np.full(b.size, a), b]))
    for b in np.flatnonzero(dy):
        a = np.flatnonzero((bx | by[b]) == full)
        pairs.append(np.column_stack([a, np.full(a.size, b)]))
    return np.unique(np.concatenate(pairs).astype(np.intp), axis=0)


def vertex_enumeration(game: NormalFormGame, tol: float, *, compiled: bool | None = None):
    """All extreme equilibria of a two-player game (module docstring), as ``NashEquilibria``
    with ``method="vertex"``; ``degenerate`` says whether a vertex carries extra labels.

    Parameters
    ----------
    game : NormalFormGame
        A two-player normal-form game.
    tol : float
        Tolerance for vertex labels and for the equilibrium (regret) check.
    compiled : bool or None
        Try the compiled pivot walk first (module docstring; a degenerate game then falls back
        to Qhull).  ``None`` (default): when numba is installed and either already imported
        or ``m + n >= COMPILE_FROM_LABELS``; ``False``: Qhull only.

    Returns
    -------
    NashEquilibria
        The extreme equilibria (``complete=True``).  ``info["vertex_path"]`` says which
        enumeration listed them: ``"pivot walk"`` (compiled) or ``"qhull"`` (including its
        batched-support fallback).

    Raises
    ------
    ParameterError
        If ``compiled=True`` and numba is not installed.

    Examples
    --------
    >>> import compellence as cp
    >>> eqs = vertex_enumeration(cp.catalog.load("matching_pennies"), 1e-9)
    >>> len(eqs.equilibria), eqs.method
    (1, 'vertex')
    >>> [s.tolist() for s in eqs[0].strategies]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    from .equilibria import Collector, NashEquilibria, positive_payoffs

    A, B = (np.asarray(a, dtype=float) for a in game.bimatrix())
    m, n = A.shape
    A1, B1 = positive_payoffs(A), positive_payoffs(B)
    vtol = max(tol, 1e-12) * 10
    if compiled is not False and (compiled or _worth_compiling(m, n)):
        from .vertex_kernels import compiled_vertex_kernels

        kernels = compiled_vertex_kernels()
        if kernels is None and compiled:
            raise ParameterError("compiled=True needs numba installed", "compiled")
        if kernels is not None and m + n <= _MAX_COMPILED_LABELS:
            res = _by_pivot_walk(game, A1, B1, tol, vtol, kernels)
            if res is not None:
                return res
    X, LX = polytope_vertices(B1.T, vtol)  # P: x >= 0 (labels 0..m-1), B'x <= 1 (m..m+n-1)
    Y, LYq = polytope_vertices(A1, vtol)  # Q: y >= 0 (labels 0..n-1), A y <= 1 (n..n+m-1)
    # relabel Q to the game's labels: rows first (A y tight -> i), then columns (y_j = 0 -> m+j)
    LY = np.concatenate([LYq[:, n:], LYq[:, :n]], axis=1)
    degenerate = bool((LX.sum(axis=1) > m).any() or (LY.sum(axis=1) > n).any())
    col = Collector(game, tol, "vertex")
    # distinct nonzero vertices are never proportional (0 is in the polytope, so a vertex x has
    # no vertex t x, t > 1, beyond it), hence distinct vertex pairs are distinct profiles: no
    # duplicate scan unless degenerate vertices were merged with a tolerance
    for a, b in completely_labelled_pairs(LX, LY, m):
        col.add((X[a] / X[a].sum(), Y[b] / Y[b].sum()), distinct=not degenerate)
    notes = []
    if degenerate:
        notes.append(
            "the game is degenerate: equilibrium components may be infinite (convex hulls of "
            "extreme equilibria); only the extreme equilibria are listed"
        )
    if col.rejected:
        notes.append(
            f"{col.rejected} completely labelled vertex pairs failed the best-response check "
            f"at tol={tol:g} (numerically ill-conditioned game) and were dropped"
        )
    return NashEquilibria(
        game, col.sorted(), "vertex", tol,
        complete=col.rejected == 0,
        degenerate=degenerate,
        notes=tuple(notes),
        info={"n_vertices": (int(X.shape[0]), int(Y.shape[0])), "rejected": col.rejected,
              "vertex_path": "qhull"},
    )


def _by_pivot_walk(game, A1, B1, tol, vtol, kernels):
    """The equilibria by the compiled walk of both polytopes, or ``None`` (then Qhull) when a
    polytope is degenerate at ``vtol`` or a completely labelled pair fails the regret check."""
    from .equilibria import Collector, NashEquilibria
    from .vertex_kernels import OK

    walk, pair = kernels
    m, n = A1.shape
    status, mask_p, X = walk(np.ascontiguousarray(B1.T), vtol, _PIVOT_EPS)
    if status != OK:
        return None
    status, mask_q, Y = walk(np.ascontiguousarray(A1), vtol, _PIVOT_EPS)
    if status != OK:
        return None
    col = Collector(game, tol, "vertex")
    # nondegenerate: one basis per vertex and distinct vertices are distinct profiles
    for a, b in pair(mask_p, mask_q, m, n):
        col.add((X[a] / X[a].sum(), Y[b] / Y[b].sum()), distinct=True)
    if col.rejected:
        return None
    return NashEquilibria(
        game, col.sorted(), "vertex", tol,
        complete=True,
        degenerate=False,
        notes=(),
        info={"n_vertices": (int(X.shape[0]) - 1, int(Y.shape[0]) - 1), "rejected": 0,
              "vertex_path": "pivot walk"},
    )
