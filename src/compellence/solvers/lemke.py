"""Lemke's complementary pivoting algorithm (Lemke 1965) with a covering vector.

The linear complementarity problem LCP(q, M): find ``z`` with

    w = q + M z + d z0,   w >= 0,  z >= 0,  z' w = 0,  z0 = 0.

Lemke's algorithm follows a path of *almost complementary* basic solutions
(only the pair of one index may be both nonbasic) of the system augmented by
the artificial variable ``z0`` and its covering vector ``d``.  Each step
brings in the complement of the variable that has just left the basis; the
path ends when ``z0`` leaves (a solution) or on an unbounded ray.

Two extensions used by the sequence form (Koller, Megiddo & von Stengel 1996;
von Stengel, van den Elzen & Talman 2002):

* **free variables** (``free=``): ``z_i`` unrestricted in sign with ``w_i = 0``
  (equality rows).  Such ``z_i`` are basic from the start and never leave (they
  take no part in ratio tests); their ``w_i`` therefore never enter.
* **start on the primary ray** (``start_basis=``): a complementary basis that
  is feasible for all large ``z0``.  The first step lowers ``z0`` until the
  first basic variable would turn negative.  Without ``start_basis`` the
  classical start is used (basis of all ``w``; needs ``d > 0`` where ``q < 0``).

Degeneracy: ties in the ratio test are broken lexicographically (Eaves 1971):
the right-hand side is perturbed by ``B0 (eps, eps^2, ...)`` with ``B0`` the
starting basis, and ties are resolved by comparing the columns of
``B^{-1} B0`` in order, which cannot cycle.

Numerics: the inverse basis ``B^{-1}`` is a sparse LU factorisation (SuperLU
via :func:`scipy.sparse.linalg.splu`) of the basis at the last
refactorisation times a file of eta matrices, one per pivot (the product form
of the inverse of revised simplex codes); it is refactorised every
``refactor_every`` pivots and at the end.  A pivot costs one sparse solve, so
large sparse LCPs (the sequence form of games with thousands of nodes) stay
cheap; no dense ``n x n`` array is formed.  Small problems (``n <= dense_max``)
use dense arrays instead, which have less per-call overhead: a LAPACK LU
factorisation with a short eta file, replaced by an explicit inverse with
rank-one updates once a path grows long (see :class:`_DenseBasis`).  ``tol`` is an *absolute* tolerance:
an entry of the entering column counts as positive in the ratio test if it is
``> tol``, ratios within ``tol * (1 + |ratio|)`` are ties, and the final
solution is accepted if ``w >= -tol*10`` and ``|z' w| <= tol*10`` after
refactorisation (solutions are then clipped to the nonnegative orthant).
Scale ``M`` and ``q`` to entries of order one (the sequence-form solver does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.linalg.lapack import dgetrf, dgetrs
from scipy.sparse.linalg import splu

from ..errors import ConvergenceError, LCPRayError, ParameterError, SolverError

__all__ = ["lemke", "LemkeResult", "LCPRayError"]




@dataclass(frozen=True, eq=False)
class LemkeResult:
    """A solution of LCP(q, M) found by Lemke's algorithm.

    ``z`` and ``w`` (length ``n``) satisfy ``w = q + M z`` (up to ``tol``),
    ``z_i, w_i >= 0`` except at free indices (``z_i`` any sign, ``w_i = 0``),
    and ``z_i w_i = 0``.

    Attributes
    ----------
    z, w : numpy.ndarray
        The complementary solution.
    pivots : int
        Number of complementary pivots.
    basis : numpy.ndarray
        The basic variables (``i`` for ``w_i``, ``n + i`` for ``z_i``).
    residual : float
        ``max |w - q - M z|``.

    Examples
    --------
    >>> from compellence.solvers.lemke import lemke
    >>> res = lemke(np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([-1.0, -1.0]))
    >>> np.round(res.z, 6).tolist(), res.pivots
    ([0.333333, 0.333333], 3)
    """

    z: np.ndarray
    w: np.ndarray
    pivots: int
    basis: np.ndarray
    residual: float

    def __repr__(self) -> str:
        return f"LemkeResult(n={self.z.size}, pivots={self.pivots}, residual={self.residual:.2e})"


def lemke(
    M: np.ndarray | sp.spmatrix,
    q: np.ndarray,
    d: np.ndarray | None = None,
    *,
    free: Sequence[int] | np.ndarray | None = None,
    start_basis: Sequence[int] | np.ndarray | None = None,
    tol: float = 1e-9,
    max_pivots: int | None = None,
    refactor_every: int = 100,
    dense_max: int = 120,
) -> LemkeResult:
    """Solve LCP(q, M) by Lemke's algorithm (see the module docstring).

    Find ``z >= 0`` with ``w = q + M z >= 0`` and ``z' w = 0``.

    Parameters
    ----------
    M : numpy.ndarray or scipy.sparse matrix
        The ``n x n`` LCP matrix (dense or scipy.sparse).
    q : numpy.ndarray
        The length-``n`` LCP vector.
    d : numpy.ndarray, optional
        Covering vector (default all ones).
    free : Sequence[int], optional
        Indices ``i`` with ``z_i`` free and ``w_i = 0`` (need ``start_basis``).
    start_basis : Sequence[int], optional
        A complementary basis (``n`` variable ids: ``i`` for ``w_i``, ``n + i``
        for ``z_i``; every free ``z_i`` included) that is feasible on the ray
        ``z0 -> infinity``.
    tol : float, optional
        Absolute pivoting / acceptance tolerance.
    max_pivots : int, optional
        Budget (default ``50 * n + 100``); :class:`ConvergenceError` beyond it.
    refactor_every : int, optional
        Pivots between refactorisations of the basis.
    dense_max : int, optional
        Up to this ``n`` the inverse basis is a dense array with rank-one updates
        (less overhead for small problems); above it, sparse LU + eta file.

    Returns
    -------
    LemkeResult
        The solution.

    Raises
    ------
    ParameterError
        Malformed data: ``M`` not square, ``q`` / ``d`` of the wrong length, non-finite
        entries, or an invalid ``start_basis`` / ``free``.
    LCPRayError
        If the path ends on a secondary ray.
    ConvergenceError
        No solution within ``max_pivots`` pivots.

    Examples
    --------
    >>> from compellence.solvers.lemke import lemke
    >>> res = lemke(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([-1.0, 2.0]))
    >>> res.z.tolist(), res.w.tolist()
    ([1.0, 0.0], [0.0, 2.0])
    """
    shape = M.shape
    n = shape[0]
    if len(shape) != 2 or shape != (n, n):
        raise ParameterError(f"M must be square, got shape {shape}", "M")
    dense = n <= dense_max
    if dense:
        Ms = M.toarray() if sp.issparse(M) else np.asarray(M, dtype=float)
        Ms = np.asarray(Ms, dtype=float)
        m_finite = bool(np.isfinite(Ms).all())
    else:
        Ms = sp.csc_matrix(M, dtype=float)
        m_finite = bool(np.isfinite(Ms.data).all())
    q = np.asarray(q, dtype=float).reshape(-1)
    if q.shape != (n,):
        raise ParameterError(f"q must have length {n}, got {q.shape}", "q")
    d = np.ones(n) if d is None else np.asarray(d, dtype=float).reshape(-1)
    if d.shape != (n,):
        raise ParameterError(f"d must have length {n}, got {d.shape}", "d")
    if not (np.isfinite(q).all() and np.isfinite(d).all() and m_finite):
        raise ParameterError("LCP data must be finite", "M")
    is_free = np.zeros(n, dtype=bool)
    if free is not None:
        is_free[np.asarray(free, dtype=np.intp)] = True
    if is_free.any() and start_basis is None:
        raise ParameterError("free variables need a start_basis that contains them", "start_basis")
    if max_pivots is None:
        max_pivots = 50 * n + 100
    if n == 0:
        return LemkeResult(np.zeros(0), np.zeros(0), 0, np.zeros(0, np.intp), 0.0)
    if start_basis is not None:
        basis = np.asarray(start_basis, dtype=np.intp).copy()
        if basis.shape != (n,) or np.unique(basis).size != n or basis.min() < 0 or basis.max() >= 2 * n:
            raise ParameterError("start_basis must list n distinct variable ids in [0, 2n)", "start_basis")
        comp = np.where(basis < n, basis, basis - n)
        if np.unique(comp).size != n:
            raise ParameterError("start_basis must be complementary", "start_basis")
        if not np.all(np.isin(np.flatnonzero(is_free) + n, basis)):
            raise ParameterError("start_basis must contain every free variable", "start_basis")
    else:
        basis = None
    return lemke_unchecked(Ms, q, d, is_free, basis, tol, max_pivots, refactor_every, dense)


def lemke_unchecked(
    Ms: np.ndarray | sp.csc_matrix,
    q: np.ndarray,
    d: np.ndarray,
    is_free: np.ndarray,
    start_basis: np.ndarray | None,
    tol: float,
    max_pivots: int,
    refactor_every: int,
    dense: bool,
) -> LemkeResult:
    """The algorithm on validated data (``Ms`` a float ndarray if ``dense`` else csc; ``n >= 1``).

    ``start_basis`` (already checked, see :func:`lemke`) is overwritten by the pivots.
    Callers that build valid data themselves (the sequence-form solver) call this
    directly to skip the checks of :func:`lemke`.
    """
    n = q.shape[0]
    # constraint system  [I, -M, -d] (w, z, z0) = q
    if dense:
        # one Fortran-ordered array: its columns (entering columns, basis columns) are contiguous
        K = np.empty((n, 2 * n + 1), order="F")
        K[:, :n] = 0.0
        K[:, :n].flat[:: n + 1] = 1.0
        np.negative(Ms, out=K[:, n : 2 * n])
        np.negative(d, out=K[:, 2 * n])
        Basis = _DenseBasis
    else:
        K = sp.hstack([sp.identity(n, format="csc"), -Ms, sp.csc_matrix(-d.reshape(-1, 1))]).tocsc()
        Basis = _Basis
    Z0 = 2 * n

    def is_free_var(var: np.ndarray | int) -> np.ndarray | bool:
        v = np.asarray(var)
        return (v >= n) & (v < 2 * n) & is_free[np.minimum(np.maximum(v - n, 0), n - 1)]

    def complement(var: int) -> int:
        return var + n if var < n else var - n

    if start_basis is None:
        basis = np.arange(n, dtype=np.intp)
        if np.all(q >= 0):
            return _finish(Ms, q, basis, q.copy(), n, 0, tol, is_free)
        if np.any(d[q < 0] <= 0):
            raise ParameterError("the covering vector d must be > 0 where q < 0", "d")
        fac = Basis(K, basis)
        xB = q.copy()
        ratios = np.where(q < 0, -q / np.where(d > 0, d, 1.0), -np.inf)
        top = ratios.max()
        cands = np.flatnonzero(ratios >= top - tol * (1 + abs(top)))
        r = int(cands[-1])  # lexicographic rule with B0 = I (see the module docstring)
        a = -d.copy()  # B^-1 times the z0 column of K (B = I)
        constrained = np.ones(n, dtype=bool)  # no free variables without a start basis
    else:
        basis = start_basis
        fac = Basis(K, basis)
        both = fac.solve(np.column_stack([q, d]))  # no etas yet: one solve, two right-hand sides
        xB, c_hat = both[:, 0].copy(), both[:, 1].copy()  # basic values are xB + c_hat * z0
        # free variables are basic from the start and never leave (no ratio test), so the rows
        # holding constrained variables stay the same along the whole path
        constrained = ~is_free_var(basis)
        flat = constrained & (np.abs(c_hat) <= tol)
        if np.any(constrained & (c_hat < -tol)) or np.any(flat & (xB < -tol)):
            raise LCPRayError("start_basis is not feasible on the ray z0 -> infinity")
        up = constrained & (c_hat > tol)
        t = np.full(n, -np.inf)
        t[up] = -xB[up] / c_hat[up]
        top = t.max() if up.any() else -np.inf
        if top <= tol:
            xB = np.where(constrained, np.maximum(xB, 0.0), xB)
            return _finish(Ms, q, basis, xB, n, 0, tol, is_free)
        cands = np.flatnonzero(t >= top - tol * (1 + abs(top)))
        r = int(cands[-1])  # lexicographic rule for B0 = start basis (see docstring)
        a = -c_hat

    B0 = fac.B0
    pivots = 0
    enter = Z0
    while True:
        # pivot `enter` (column a = B^-1 K[:, enter]) into row r
        leaving = int(basis[r])
        theta = xB[r] / a[r]
        xB -= theta * a
        xB[r] = theta
        basis[r] = enter
        fac.update(r, a)
        pivots += 1
        if len(fac.etas) >= refactor_every:
            fac = Basis(K, basis, B0=B0)
            xB = fac.solve(q)
        if leaving == Z0:
            break
        if pivots > max_pivots:
            raise ConvergenceError(f"Lemke: no solution after {max_pivots} pivots")
        enter = complement(leaving)
        a = fac.solve_column(enter)
        ok = (a > tol) & constrained
        if not ok.any():
            raise LCPRayError(
                f"Lemke's path ended on a secondary ray after {pivots} pivots (entering variable "
                f"{_name(enter, n)}); the LCP may have no solution reachable from this start"
            )
        cands = np.flatnonzero(ok)
        ratios = np.maximum(xB[cands], 0.0) / a[cands]
        best = ratios.min()
        cands = cands[ratios <= best + tol * (1 + abs(best))]
        # prefer z0 leaving when it is among the tied rows (ends the path at once)
        z0_row = np.flatnonzero(basis[cands] == Z0)
        if z0_row.size:
            r = int(cands[z0_row[0]])
            continue
        if cands.size > 1:
            rows = np.vstack([fac.row(int(i)) for i in cands])  # rows of B^-1
            # Columns j of B0 in order; at each, keep the rows with the smallest ratio (within
            # tol).  A column where the ratios of *all* tied rows lie within tol of their
            # minimum removes no row (nor from any subset: x + tol (1 + |x|) increases in x),
            # so one product with all of B0 finds the columns worth visiting (with a margin
            # of half the tolerance against rounding); only those are computed exactly.
            lex_all = fac.times_b0_all(rows) / a[cands][:, None]
            lo = lex_all.min(axis=0)
            active = np.flatnonzero(lex_all.max(axis=0) - lo > 0.5 * tol * (1 + np.abs(lo)))
            for j in active.tolist():
                if cands.size <= 1:
                    break
                lex = fac.times_b0(rows, j) / a[cands]
                m = lex.min()
                keep = lex <= m + tol * (1 + abs(m))
                cands, rows = cands[keep], rows[keep]
        r = int(cands[0])
    if dense:  # one fresh solve is enough (no inverse needed any more)
        xB = _dense_solve(K[:, basis], q)
    else:
        xB = Basis(K, basis).solve(q)
    return _finish(Ms, q, basis, xB, n, pivots, tol, is_free)


class _Basis:
    """``B^-1`` as a sparse LU factorisation of the basis at the last refactorisation
    times a file of eta (elementary column) matrices, one per pivot since then
    (product form of the inverse).  Solves cost O(nnz(LU) + n * #etas)."""

    def __init__(self, K: sp.csc_matrix, basis: np.ndarray, B0: sp.csc_matrix | None = None):
        self.K = K
        B = K[:, basis].tocsc()
        self.B0 = B if B0 is None else B0
        try:
            self.lu = splu(B)
        except RuntimeError:
            raise SolverError("Lemke: the basis became singular (numerical breakdown)") from None
        self.etas: list[tuple[int, np.ndarray]] = []

    def solve(self, v: np.ndarray) -> np.ndarray:
        x = self.lu.solve(np.asarray(v, dtype=float))
        for r, a in self.etas:
            xr = x[r] / a[r]
            x -= xr * a
            x[r] = xr
        return x

    def solve_column(self, j: int) -> np.ndarray:
        K = self.K
        lo, hi = K.indptr[j], K.indptr[j + 1]
        v = np.zeros(K.shape[0])
        v[K.indices[lo:hi]] = K.data[lo:hi]
        return self.solve(v)

    def row(self, i: int) -> np.ndarray:
        """Row ``i`` of ``B^-1``: ``e_i' Eta_k ... Eta_1 B_ref^-1``."""
        u = np.zeros(self.K.shape[0])
        u[i] = 1.0
        for r, a in reversed(self.etas):
            u[r] += (u[r] - u @ a) / a[r]  # u' Eta with Eta = I + (e_r - a) e_r' / a_r
        return self.lu.solve(u, trans="T")

    def update(self, r: int, a: np.ndarray) -> None:
        self.etas.append((r, a.copy()))

    def times_b0(self, rows: np.ndarray, j: int) -> np.ndarray:
        """``rows @ B0[:, j]`` (lexicographic tie-breaking)."""
        B0 = self.B0
        lo, hi = B0.indptr[j], B0.indptr[j + 1]
        return rows[:, B0.indices[lo:hi]] @ B0.data[lo:hi]

    def times_b0_all(self, rows: np.ndarray) -> np.ndarray:
        """``rows @ B0`` (all columns at once)."""
        return np.asarray((self.B0.T @ rows.T).T)


#: Dense bases switch from LU + eta file to an explicit inverse after this many etas.
DENSE_ETA_MAX = 12


def _dense_lu(B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LU factors of a dense basis (LAPACK ``dgetrf``; less call overhead than numpy.linalg)."""
    lu, piv, info = dgetrf(B)
    if info != 0 or not np.isfinite(lu).all():
        raise SolverError("Lemke: the basis became singular (numerical breakdown)")
    return lu, piv


def _dense_solve(B: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``B^-1 v`` for a dense square ``B`` (one LU factorisation)."""
    lu, piv = _dense_lu(B)
    return dgetrs(lu, piv, v)[0]


class _DenseBasis:
    """Dense ``B^-1`` for small LCPs (no sparse overhead).

    Same interface as :class:`_Basis`.  After a (re)factorisation the basis is
    held as a dense LU factorisation (LAPACK ``dgetrf``) times an eta file, one
    eta per pivot, as in :class:`_Basis`: most sequence-form paths are short
    and an LU costs a third of an explicit inverse.  Beyond
    :data:`DENSE_ETA_MAX` etas (a long path) the explicit inverse of the
    current basis is formed once (``numpy.linalg.inv``) and kept up to date by
    rank-one updates, so a pivot costs O(n^2) without a Python loop over etas.
    ``basis`` is the caller's basis array, updated in place before each
    :meth:`update`.
    """

    def __init__(self, K: np.ndarray, basis: np.ndarray, B0: np.ndarray | None = None):
        self.K = K
        self.basis = basis
        self.B = K[:, basis]
        self.B0 = self.B if B0 is None else B0
        self.lu, self.piv = _dense_lu(self.B)
        self._Binv: np.ndarray | None = None  # explicit inverse, once the eta file is long
        self._eta: list[tuple[int, np.ndarray]] = []
        self.etas: list[int] = []  # pivot rows since the last refactorisation

    def solve(self, v: np.ndarray) -> np.ndarray:
        v = np.asarray(v, dtype=float)
        if self._Binv is not None:
            return self._Binv @ v
        x = dgetrs(self.lu, self.piv, v)[0]
        for r, a in self._eta:
            xr = x[r] / a[r]
            x -= xr * a
            x[r] = xr
        return x

    def solve_column(self, j: int) -> np.ndarray:
        return self.solve(self.K[:, j])

    def row(self, i: int) -> np.ndarray:
        if self._Binv is not None:
            return self._Binv[i].copy()
        u = np.zeros(self.K.shape[0])
        u[i] = 1.0
        for r, a in reversed(self._eta):
            u[r] += (u[r] - u @ a) / a[r]  # u' Eta with Eta = I + (e_r - a) e_r' / a_r
        return dgetrs(self.lu, self.piv, u, trans=1)[0]

    def update(self, r: int, a: np.ndarray) -> None:
        self.etas.append(r)
        Binv = self._Binv
        if Binv is not None:
            row = Binv[r] / a[r]
            Binv -= np.outer(a, row)
            Binv[r] = row
        elif len(self._eta) < DENSE_ETA_MAX:
            self._eta.append((r, a.copy()))
        else:  # long path: explicit inverse of the current basis from here on
            try:
                Binv = np.linalg.inv(self.K[:, self.basis])
            except np.linalg.LinAlgError:
                raise SolverError("Lemke: the basis became singular (numerical breakdown)") from None
            if not np.isfinite(Binv).all():
                raise SolverError("Lemke: the basis became singular (numerical breakdown)")
            self._Binv = Binv
            self._eta = []

    def times_b0(self, rows: np.ndarray, j: int) -> np.ndarray:
        return rows @ self.B0[:, j]

    def times_b0_all(self, rows: np.ndarray) -> np.ndarray:
        return rows @ self.B0


def _name(var: int, n: int) -> str:
    if var == 2 * n:
        return "z0"
    return f"w{var}" if var < n else f"z{var - n}"


def _finish(
    Ms: sp.csc_matrix | np.ndarray,
    q: np.ndarray,
    basis: np.ndarray,
    xB: np.ndarray,
    n: int,
    pivots: int,
    tol: float,
    is_free: np.ndarray | None = None,
) -> LemkeResult:
    if is_free is None:
        is_free = np.zeros(n, dtype=bool)
    z = np.zeros(n)
    zb = (basis >= n) & (basis < 2 * n)
    z[basis[zb] - n] = xB[zb]
    z = np.where(is_free, z, np.maximum(z, 0.0))
    w = q + Ms @ z
    # largest violation: |w_i| at free indices; -w_i and |z_i w_i| at the others
    viol = float(np.where(is_free, np.abs(w), np.maximum(-w, np.abs(z * w))).max(initial=0.0))
    scale = 1.0 + float(np.max(np.abs(q), initial=0.0))
    if viol > 10 * tol * scale * max(1.0, np.sqrt(n)):
        raise SolverError(
            f"Lemke: the final basis violates the LCP by {viol:.3g} (numerical trouble; "
            "try rescaling the problem or a larger tol)"
        )
    w = np.where(is_free, 0.0, np.maximum(w, 0.0))
    return LemkeResult(z=z, w=w, pivots=pivots, basis=basis.copy(), residual=viol)
