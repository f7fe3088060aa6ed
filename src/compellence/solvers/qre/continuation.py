"""A predictor-corrector path follower for implicitly defined curves H(y) = 0.

``H: R^(n+1) -> R^n`` with full-rank Jacobian defines a smooth curve.  The
follower moves along it by arc length (Allgower & Georg 1990, ch. 2-6; the
step control is the one of Gambit's ``PathTracer``, Turocy 2005):

* **tangent**: the null vector of ``J``, from the bordered system
  ``[J; t_old^T] z = e_{n+1}``, ``t = z / |z|``, which also keeps the
  orientation (``t . t_old > 0``); after an accepted step it is taken from the
  corrector's factorisation (Jacobian at the predicted point, O(h^2) away),
  which saves a Jacobian and a factorisation per step;
* **predictor**: an Euler step ``u = y + h t``;
* **corrector**: Newton steps on ``[H(u); 0]`` with the bordered matrix
  ``[J(u_0); t^T]`` (pseudo-arclength: corrections orthogonal to the tangent;
  a chord method, the matrix of the predicted point is LU-factored once).
  ``J`` may be dense or a scipy.sparse matrix (sparse LU, SuperLU), which is
  what makes large extensive games fast;
* **step control**: a step is refused if the first corrector step is longer
  than ``max_dist`` or the corrector contracts worse than ``max_contr``; the
  arc-length step ``h`` is then halved.  An accepted step sets the next
  ``h`` to ``h / decel`` where ``decel = max(sqrt(dist / max_dist),
  sqrt(contr / max_contr)) * 2`` clipped to ``[1 / max_accel, max_decel]``.

The last coordinate of ``y`` is the homotopy parameter (lambda for the logit
QRE).  Callers can ask for the exact points where it crosses given values
(``targets``): each is found by Newton's method on the square system with the
parameter held fixed, started from the linear interpolation of the two path
points that bracket it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sparse
import scipy.sparse.linalg as spla
from numpy.typing import NDArray
from scipy.linalg.lapack import dgetrf as _getrf
from scipy.linalg.lapack import dgetrs as _getrs

from ...errors import ConvergenceError

__all__ = [
    "PathResult", "trace_path", "newton_fixed_parameter", "solve_square", "follow_parameter",
]

#: Defaults of Gambit's path tracer (``src/solvers/logit/path.h``).
MAX_DIST = 0.4
MAX_CONTR = 0.6
ETA = 0.1
MAX_DECEL = 2.0
MIN_STEP = 1e-9


@dataclass
class PathResult:
    """Raw output of :func:`trace_path` (the solvers wrap it in their own results).

    Attributes
    ----------
    points : list of numpy.ndarray
        Accepted points ``y`` (all of them, or only the last with ``keep_points=False``).
    target_points : dict of float to numpy.ndarray
        The point at each requested parameter value (first crossing).
    stopped_by : str
        ``"lam_max"``, ``"stop"``, ``"targets"``, ``"max_steps"`` or ``"stalled"``.
    n_steps, n_refused : int
        Predictor-corrector steps taken and refused.

    Examples
    --------
    >>> import numpy as np
    >>> H = lambda y: np.array([y @ y - 1.0])
    >>> J = lambda y: 2 * y[None, :]
    >>> res = trace_path(H, J, np.array([1.0, 0.0]), param_max=0.9)
    >>> isinstance(res, PathResult), res.stopped_by, res.n_refused
    (True, 'lam_max', 0)
    >>> bool(res.points[-1][1] >= 0.9)
    True
    """

    points: list[np.ndarray] = field(default_factory=list)
    target_points: dict[float, np.ndarray] = field(default_factory=dict)
    stopped_by: str = ""
    n_steps: int = 0
    n_refused: int = 0


def _factor(Jm: Any, t: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """LU factors of the bordered matrix ``[J; t^T]`` (dense or scipy.sparse ``J``)."""
    if sparse.issparse(Jm):
        return _bordered_sparse(sparse.csc_matrix(Jm), t)
    A = np.empty((Jm.shape[0] + 1, Jm.shape[1]), order="F")
    A[:-1] = Jm
    A[-1] = t
    # LAPACK getrf/getrs directly: the scipy wrappers' checks cost more than the
    # factorisation itself for the small systems of normal-form games
    lu, piv, info = _getrf(A, overwrite_a=True)
    if info > 0:
        raise np.linalg.LinAlgError("singular bordered Jacobian")

    def solve(b: np.ndarray) -> np.ndarray:
        x, _ = _getrs(lu, piv, b)
        return x

    return solve


def _bordered_sparse(Jm: sparse.csc_matrix, t: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Solve ``[J; t^T] d = [r; s]`` without factoring the dense border row.

    Drop the column ``k`` where the tangent is largest (Keller): ``J_{-k}`` is
    square, sparse and well conditioned (at a lambda turning point ``k`` is an
    ``x`` column).  With ``J_{-k} a = r`` (``a_k = 0``) and ``J_{-k} b = -J_k``
    (``b_k = 1``, so ``J b = 0``), ``d = a + c b`` with ``c = (s - t.a) / (t.b)``.
    """
    m = Jm.shape[1]
    k = int(np.argmax(np.abs(t)))
    keep = np.r_[0:k, k + 1 : m]
    lu = _splu(Jm[:, keep].tocsc())
    b = np.zeros(m)
    b[k] = 1.0
    b[keep] = lu.solve(-Jm[:, [k]].toarray().ravel())
    tb = float(t @ b)

    def solve(rhs: np.ndarray) -> np.ndarray:
        a = np.zeros(m)
        a[keep] = lu.solve(rhs[:-1])
        return a + ((rhs[-1] - t @ a) / tb) * b

    return solve


def _splu(A: sparse.csc_matrix) -> Any:
    # Jacobians of QRE systems are close to diagonally dominant: a symmetric
    # minimum-degree ordering with relaxed pivoting keeps the LU factors about as
    # sparse as A (measured on random 2000-node trees: fill 1.2x vs 19x with
    # SuperLU's defaults, 4x faster); Newton iterations absorb any pivoting loss.
    return spla.splu(A, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.1,
                     options={"SymmetricMode": True})


def solve_square(Jx: NDArray[np.float64] | sparse.spmatrix, r: NDArray[np.float64]
                 ) -> NDArray[np.float64]:
    """Solve ``Jx d = r`` (dense LAPACK, or sparse LU for a scipy.sparse ``Jx``).

    Parameters
    ----------
    Jx : numpy.ndarray or scipy.sparse matrix
        The square matrix.
    r : numpy.ndarray
        The right-hand side.

    Returns
    -------
    numpy.ndarray
        The solution ``d``.

    Raises
    ------
    numpy.linalg.LinAlgError or RuntimeError
        ``Jx`` is singular.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy import sparse
    >>> solve_square(np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([2.0, 2.0])).tolist()
    [1.0, 0.5]
    >>> solve_square(sparse.csc_matrix([[2.0, 0.0], [0.0, 4.0]]), np.array([2.0, 2.0])).tolist()
    [1.0, 0.5]
    """
    if sparse.issparse(Jx):
        return _splu(sparse.csc_matrix(Jx)).solve(r)
    return np.linalg.solve(Jx, r)


def _tangent_at(J: Callable, y: np.ndarray, t_prev: np.ndarray) -> np.ndarray:
    """The unit tangent at ``y``: ``[J; t_prev^T] z = e_last``, ``t = z / |z|`` (same orientation)."""
    solve = _factor(J(y), t_prev)
    e = np.zeros(y.size)
    e[-1] = 1.0
    z = solve(e)
    nz = math.sqrt(float(z @ z))
    if not np.isfinite(nz) or nz == 0:
        raise np.linalg.LinAlgError("singular bordered Jacobian")
    return z / nz


def newton_fixed_parameter(
    H: Callable[[np.ndarray], np.ndarray],
    J: Callable[[np.ndarray], Any],
    y0: np.ndarray,
    *,
    tol: float = 1e-12,
    max_iter: int = 50,
) -> np.ndarray:
    """Solve ``H(x, p) = 0`` for ``x`` with the last coordinate ``p`` of ``y0`` held fixed.

    Parameters
    ----------
    H, J : callable
        The residual ``(n,)`` and Jacobian ``(n, n + 1)`` (dense or scipy.sparse) at ``y``.
    y0 : array_like
        Starting point ``(x0, p)``.
    tol : float, default 1e-12
        Stop when every Newton step component is below ``tol * max(1, |x|)``.
    max_iter : int, default 50
        Newton iterations.

    Returns
    -------
    numpy.ndarray
        The solution ``(x, p)``.

    Raises
    ------
    ConvergenceError
        The residual is not small at the end.

    Examples
    --------
    >>> import numpy as np
    >>> H = lambda y: np.array([y[0] ** 2 - y[1]])
    >>> J = lambda y: np.array([[2 * y[0], -1.0]])
    >>> newton_fixed_parameter(H, J, np.array([1.0, 2.0])).round(12).tolist()
    [1.414213562373, 2.0]
    """
    y = np.array(y0, dtype=float)
    for _ in range(max_iter):
        r = H(y)
        Jm = J(y)
        Jx = Jm[:, :-1]
        try:
            dx = solve_square(Jx, -r)
        except (np.linalg.LinAlgError, RuntimeError):
            Jd = Jx.toarray() if sparse.issparse(Jx) else Jx
            dx = np.linalg.lstsq(Jd, -r, rcond=None)[0]
        if not np.all(np.isfinite(dx)):
            break
        y[:-1] += dx
        if np.max(np.abs(dx)) <= tol * max(1.0, float(np.max(np.abs(y[:-1])))):
            break
    r = H(y)
    if not np.all(np.isfinite(y)) or np.max(np.abs(r)) > max(1e3 * tol, 1e-8) * max(1.0, abs(y[-1])):
        raise ConvergenceError(
            f"Newton's method at fixed lambda={y[-1]:.6g} did not converge "
            f"(residual {np.max(np.abs(r)):.3g})"
        )
    return y


def trace_path(
    H: Callable[[np.ndarray], np.ndarray],
    J: Callable[[np.ndarray], np.ndarray],
    y0: np.ndarray,
    *,
    param_max: float,
    targets: Sequence[float] = (),
    stop: Callable[[np.ndarray], bool] | None = None,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    tol: float = 1e-10,
    max_steps: int = 100_000,
    keep_points: bool = True,
    budget_error: bool = True,
    scale: float = 1.0,
    HA: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None,
) -> PathResult:
    """Follow the curve ``H(y) = 0`` from ``y0`` (where the parameter increases first).

    Stops when the parameter (last coordinate) reaches ``param_max`` (the
    point exactly at ``param_max`` is the last one), when ``stop(y)`` is true
    at an accepted point, or after every target has been crossed if
    ``param_max`` is infinite and ``stop`` is None.  A corrector has
    converged when every component of its step is below ``tol * max(1,
    |y_k|)`` plus the round-off floor ``1024 eps (1 + |p|) scale``.

    Parameters
    ----------
    H : callable
        ``H(y)``, the residual ``(n,)`` at ``y`` ``(n + 1,)``.
    J : callable
        ``J(y)``, the Jacobian ``(n, n + 1)``, dense or scipy.sparse.
    y0 : array_like
        A point on the curve.
    param_max : float
        Stop at this parameter value (``inf``: no such stop).
    targets : sequence of float
        Parameter values whose exact points (first crossing, by Newton's method
        with the parameter fixed) go into ``target_points``.
    stop : callable or None
        ``stop(y)`` true at an accepted point ends the trace.
    first_step, max_accel : float
        First arc-length step and largest step growth factor (Gambit's rule).
    tol : float
        Corrector tolerance.
    max_steps : int
        Budget of predictor-corrector steps.
    keep_points : bool
        Keep every accepted point (else only the last).
    budget_error : bool
        Raise on running out of steps / stalling (else return, ``stopped_by``
        ``"max_steps"`` / ``"stalled"``).
    scale : float
        The size of the numbers the parameter multiplies (e.g. the largest
        absolute payoff), for the round-off floor.
    HA : callable or None
        ``HA(y, t)`` returns ``H(y)`` and the dense bordered matrix ``[J(y);
        t^T]`` (a fresh Fortran-ordered array) in one evaluation; the matrix is
        then LU-factored in place (the small dense systems of two-player games,
        where the per-step Python overhead is what counts).

    Returns
    -------
    PathResult
        The points, the target points and why the trace stopped.

    Raises
    ------
    ConvergenceError
        Out of ``max_steps``, or the step fell below ``MIN_STEP`` (with
        ``budget_error``), or a target point's Newton solve failed.

    Examples
    --------
    The unit circle from ``(1, 0)``, parameter ``y[1]`` up to 0.9:

    >>> import numpy as np
    >>> H = lambda y: np.array([y @ y - 1.0])
    >>> J = lambda y: 2 * y[None, :]
    >>> res = trace_path(H, J, np.array([1.0, 0.0]), param_max=0.9, targets=[0.5])
    >>> res.stopped_by, res.target_points[0.5].round(10).tolist()
    ('lam_max', [0.8660254038, 0.5])
    """
    y = np.array(y0, dtype=float)
    res = PathResult()
    res.points.append(y.copy())
    pending = sorted(float(t) for t in targets)
    # a target equal to the starting parameter is the start itself
    for tval in list(pending):
        if tval == y[-1]:
            res.target_points[tval] = y.copy()
            pending.remove(tval)
    m = y.size
    e_last = np.zeros(m)
    e_last[-1] = 1.0
    t = _tangent_at(J, y, e_last)  # the branch leaves the start with increasing parameter
    h = float(first_step)
    steps = 0
    finite_max = math.isfinite(param_max)
    eps_floor = 1024 * np.finfo(float).eps * scale
    # necessary condition of the componentwise convergence test, checked first
    # (one dot product instead of five array operations): if every
    # |d_k| <= tol * max(1, |u_k|) + floor then |d|_2 <= sqrt(m) (tol max(1, |u|_2) + floor)
    sqrt_m = math.sqrt(m) * (1.0 + 1e-12)
    rhs = np.zeros(m)  # [-H(u); 0]
    neg_r = rhs[:-1]
    while True:
        if not pending and not finite_max and stop is None:
            res.stopped_by = "targets"
            break
        if steps >= max_steps:
            if not budget_error:
                res.stopped_by = "max_steps"
                break
            raise ConvergenceError(
                f"path following did not reach lambda={param_max:g} within {max_steps} steps "
                f"(stopped at lambda={y[-1]:.6g}); raise max_steps"
            )
        if h < MIN_STEP:
            if not budget_error:
                res.stopped_by = "stalled"
                break
            raise ConvergenceError(
                f"path following stalled at lambda={y[-1]:.6g}: step length fell below "
                f"{MIN_STEP:g} (a bifurcation or a singular Jacobian)"
            )
        steps += 1
        u = y + h * t
        r = None
        try:
            if HA is not None:
                r, A = HA(u, t)
                lu, piv, info = _getrf(A, overwrite_a=True)
                if info > 0:
                    raise np.linalg.LinAlgError("singular bordered Jacobian")
                solve = None
            else:
                solve = _factor(J(u), t)
        except (np.linalg.LinAlgError, ValueError, RuntimeError):
            h /= MAX_DECEL
            res.n_refused += 1
            continue
        accept = True
        decel = 1.0 / max_accel
        dist_old = 0.0
        converged = False
        for k in range(20):
            if r is None:
                r = H(u)
            if solve is None:
                # a non-finite residual gives a non-finite step: refused below
                np.negative(r, out=neg_r)
                d = _getrs(lu, piv, rhs)[0]
            else:
                if not np.all(np.isfinite(r)):
                    accept = False
                    break
                d = solve(np.r_[-r, 0.0])
            r = None
            dist = math.sqrt(float(d @ d))
            if not dist < MAX_DIST:  # also NaN
                accept = False
                break
            decel = max(decel, math.sqrt(dist / MAX_DIST) * MAX_DECEL)
            u = u + d
            # componentwise test: far along the path log-probabilities of dominated
            # strategies are O(lambda) and carry only relative precision, and the
            # equations themselves are O(lambda * scale) (round-off floor); checked
            # before the contraction test, which is meaningless at round-off
            floor = eps_floor * (1.0 + abs(u[-1]))
            if dist <= sqrt_m * (tol * max(1.0, math.sqrt(float(u @ u))) + floor):
                thr = np.abs(u)
                np.maximum(thr, 1.0, out=thr)
                thr *= tol
                thr += floor
                if (np.abs(d) <= thr).all():
                    converged = True
                    break
            if k > 0:
                contr = dist / (dist_old + tol * ETA)
                if contr > MAX_CONTR:
                    accept = False
                    break
                decel = max(decel, math.sqrt(contr / MAX_CONTR) * MAX_DECEL)
            dist_old = dist
        if not accept or not converged:
            h /= MAX_DECEL
            res.n_refused += 1
            continue
        # tangent at the accepted point, oriented along the direction of travel
        # tangent from the corrector's factorisation (the Jacobian at the predicted
        # point, a distance O(h^2) from u): saves one Jacobian and one LU per step
        z = _getrs(lu, piv, e_last)[0] if solve is None else solve(e_last)
        nz = math.sqrt(float(z @ z))
        if not 0.0 < nz < math.inf:
            h /= MAX_DECEL
            res.n_refused += 1
            continue
        tn = z / nz
        lam_old, lam_new = y[-1], u[-1]
        if pending:
            # targets crossed on this step (first crossing only)
            lo, hi = min(lam_old, lam_new), max(lam_old, lam_new)
            for tval in [v for v in pending if lo < v <= hi]:
                w = (tval - lam_old) / (lam_new - lam_old)
                guess = (1 - w) * y + w * u
                guess[-1] = tval
                res.target_points[tval] = newton_fixed_parameter(H, J, guess)
                pending.remove(tval)
        if lam_new >= param_max:
            w = (param_max - lam_old) / (lam_new - lam_old)
            guess = (1 - w) * y + w * u
            guess[-1] = param_max
            end = newton_fixed_parameter(H, J, guess)
            res.points.append(end)
            res.stopped_by = "lam_max"
            res.n_steps = steps
            return res
        # u is a fresh array, never modified in place: no copy needed
        y, t = u, tn
        if keep_points:
            res.points.append(y)
        h = h / min(decel, MAX_DECEL)
        if stop is not None and stop(y):
            res.stopped_by = "stop"
            break
    if not keep_points and (not res.points or res.points[-1] is not y):
        res.points.append(y.copy())
    res.n_steps = steps
    return res


def _det_sign(lu: np.ndarray, piv: np.ndarray) -> int:
    """Sign of ``det A`` from LAPACK ``getrf`` factors (pivots are 0-based from scipy)."""
    d = np.diagonal(lu)
    swaps = int(np.count_nonzero(piv != np.arange(piv.size)))
    neg = int(np.count_nonzero(d < 0)) + swaps
    return 0 if not np.all(d) else (-1 if neg % 2 else 1)


def follow_parameter(
    HJ: Callable[[np.ndarray, float], tuple[np.ndarray, np.ndarray, np.ndarray]],
    x0: NDArray[np.float64],
    p0: float,
    targets: Sequence[float],
    *,
    H: Callable[[np.ndarray, float], np.ndarray] | None = None,
    first_step: float = 0.05,
    growth: float = 1.5,
    rel_cap: float = 0.5,
    tol: float = 1e-10,
    step_tol: float = 1e-4,
    max_iter: int = 12,
    min_step: float = 1e-6,
    scale: float = 1.0,
) -> tuple[dict[float, NDArray[np.float64]], NDArray[np.float64], float, bool]:
    """Natural-parameter continuation of ``H(x, p) = 0`` from ``(x0, p0)`` through ``targets``.

    Euler predictor ``x + dp dx/dp`` (``dx/dp = -J_x^{-1} J_p``) and Newton
    corrector with ``p`` fixed, on an adaptive grid that lands on every target
    (steps start at ``first_step`` and grow by ``growth`` per step, up to
    ``rel_cap * max(1, p)``; they halve when the corrector fails to contract).  Valid while the curve is a graph over
    ``p``: it stops, unfinished, where ``det J_x`` changes sign between two
    accepted points (a turning point in ``p``, past which only arc-length
    continuation (:func:`trace_path`) stays on the branch) or where the step
    falls below ``min_step``.  Much cheaper than arc-length tracing when the
    caller needs only the points at given parameter values: far fewer steps
    on the long stretches where the curve is flat in ``p``.

    Parameters
    ----------
    HJ : callable
        ``HJ(x, p)`` returns ``H`` ``(n,)``, ``J_x`` ``(n, n)`` (dense, may be
        overwritten) and ``J_p`` ``(n,)``.
    x0 : numpy.ndarray
        A solution at ``p0`` where ``J_x`` is non-singular.
    p0 : float
        Its parameter.
    targets : sequence of float
        Increasing parameter values ``>= p0``.
    H : callable, optional
        ``H(x, p)`` alone (cheaper than ``HJ``).  If given, the corrector is a
        chord method: the Jacobian of the predicted point, factored once per
        step, serves every Newton iteration of the step.
    first_step, growth, rel_cap, min_step : float
        Step control (see above).
    tol : float
        At a target the corrector has converged when every Newton step
        component is below ``tol * max(1, |x|_inf)`` plus the round-off floor
        ``1024 eps (1 + p) scale``.
    step_tol : float
        The same for the points between targets, which only carry the
        continuation (each step's corrector solves ``H = 0`` afresh, so their
        error does not accumulate).
    max_iter : int
        Newton iterations per step.
    scale : float
        Size of the numbers the parameter multiplies (for the round-off floor).

    Returns
    -------
    tuple
        ``(points, x, p, done)``: the solution ``x`` at every target
        reached (keyed by target), the last point solved to ``tol`` (the
        start or the last target reached), and whether every target was
        reached.  When ``done`` is False, continue from ``(x, p)`` with
        :func:`trace_path` (there ``p`` still increases along the branch).

    Examples
    --------
    ``x^3 + x - p = 0`` (a graph over ``p``):

    >>> import numpy as np
    >>> HJ = lambda x, p: (x ** 3 + x - p, np.array([[3 * x[0] ** 2 + 1.0]]), np.array([-1.0]))
    >>> pts, x, p, done = follow_parameter(HJ, np.array([0.0]), 0.0, [2.0, 10.0])
    >>> done, pts[2.0].round(12).tolist(), pts[10.0].round(12).tolist()
    (True, [1.0], [2.0])
    """
    x = np.array(x0, dtype=float)
    p = float(p0)
    out: dict[float, NDArray[np.float64]] = {}
    pending = sorted(float(v) for v in targets)
    while pending and pending[0] <= p:
        out[pending.pop(0)] = x.copy()
    if not pending:
        return out, x, p, True
    safe = (x.copy(), p)  # the last point solved to tol: where arc length takes over
    _, Jx, jp = HJ(x, p)
    lu, piv, info = _getrf(Jx, overwrite_a=True)
    if info != 0:
        return out, x, p, False
    sign0 = _det_sign(lu, piv)
    eps_floor = 1024 * np.finfo(float).eps * scale
    h = float(first_step)
    neg_jp = -jp
    prev: tuple[float, NDArray[np.float64]] | None = None  # (p, dx/dp) at the previous point
    dxdp = _getrs(lu, piv, neg_jp)[0]
    while pending:
        target = pending[0]
        h = min(h, rel_cap * max(1.0, p))
        nxt = p + h
        if nxt >= target - 1e-12 * max(1.0, target):
            nxt = target
        step = nxt - p
        xn = x + step * dxdp
        if prev is not None:  # second order: x'' from the change of x' since the last point
            xn += (0.5 * step * step / (p - prev[0])) * (dxdp - prev[1])
        ok = False
        dist_old = math.inf
        floor = eps_floor * (1.0 + abs(nxt))
        want = tol if nxt == target else step_tol
        for it in range(max_iter):
            if it == 0 or H is None:
                r, Jn, jpn = HJ(xn, nxt)
                lun, pivn, info = _getrf(Jn, overwrite_a=True)
                if info != 0:
                    break
            else:
                r = H(xn, nxt)
            d = _getrs(lun, pivn, r)[0]
            dist = float(np.abs(d).max())
            if not dist < 0.5:  # also NaN: too far from the predictor
                break
            xn -= d
            if dist <= want * max(1.0, float(np.abs(xn).max())) + floor:
                ok = True
                break
            if dist >= 0.5 * dist_old:  # not contracting: the step is too long
                break
            dist_old = dist
        if not ok:
            h = step / 2
            if h < min_step:
                return out, safe[0], safe[1], False
            continue
        sign = _det_sign(lun, pivn)
        if sign != sign0:
            return out, safe[0], safe[1], False
        prev = (p, dxdp)
        x, p = xn, nxt
        lu, piv, neg_jp = lun, pivn, -jpn
        dxdp = _getrs(lu, piv, neg_jp)[0]
        if p == target:
            out[pending.pop(0)] = x.copy()
            safe = (out[target], p)
        # a step cut short to land on a target does not shrink the next one
        h = max(step, h if nxt == target else 0.0) * growth
    return out, x, p, True
