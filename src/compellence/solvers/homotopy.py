"""A predictor-corrector path follower for implicitly defined curves H(y) = 0.

``H: R^(n+1) -> R^n`` with full-rank Jacobian defines a smooth curve.  The
follower moves along it by arc length (Allgower & Georg 1990, ch. 2-6; the
step control is the one of Gambit's ``PathTracer``, Turocy 2005):

* **tangent**: the null vector of ``J(y)`` (last column of ``Q`` in the QR
  decomposition ``J^T = Q R``), oriented so it keeps pointing the way the
  path was followed (``t_new . t_old > 0``);
* **predictor**: an Euler step ``u = y + h t``;
* **corrector**: Gauss-Newton steps with the Moore-Penrose pseudo-inverse
  ``u <- u - J(u_0)^+ H(u)`` (a chord method: the Jacobian of the predicted
  point is factored once);
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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg as sla

from ..errors import ConvergenceError

__all__ = ["PathResult", "trace_path", "newton_fixed_parameter"]

#: Defaults of Gambit's path tracer (``src/solvers/logit/path.h``).
MAX_DIST = 0.4
MAX_CONTR = 0.6
ETA = 0.1
MAX_DECEL = 2.0
MIN_STEP = 1e-9


@dataclass
class PathResult:
    """Raw output of :func:`trace_path` (the solvers wrap it in their own results)."""

    points: list[np.ndarray] = field(default_factory=list)
    target_points: dict[float, np.ndarray] = field(default_factory=dict)
    stopped_by: str = ""
    n_steps: int = 0
    n_refused: int = 0


def _qr_of_transpose(J: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # complete QR of J^T (n+1 x n): Q is (n+1) x (n+1), R is (n+1) x n
    Q, R = sla.qr(J.T, mode="full", check_finite=False)
    return Q, R


def _tangent(Q: np.ndarray, R: np.ndarray) -> np.ndarray:
    t = Q[:, -1].copy()
    return t


def _newton_step(Q: np.ndarray, R: np.ndarray, h: np.ndarray) -> np.ndarray:
    """The minimum-norm solution ``d`` of ``J d = -h`` given ``J^T = Q R``."""
    n = R.shape[1]
    z = sla.solve_triangular(R[:n], -h, trans="T", lower=False, check_finite=False)
    return Q[:, :n] @ z


def newton_fixed_parameter(
    H: Callable[[np.ndarray], np.ndarray],
    J: Callable[[np.ndarray], np.ndarray],
    y0: np.ndarray,
    *,
    tol: float = 1e-12,
    max_iter: int = 50,
) -> np.ndarray:
    """Solve ``H(x, p) = 0`` for ``x`` with the last coordinate ``p`` of ``y0`` held fixed."""
    y = np.array(y0, dtype=float)
    for _ in range(max_iter):
        r = H(y)
        Jx = J(y)[:, :-1]
        try:
            dx = np.linalg.solve(Jx, -r)
        except np.linalg.LinAlgError:
            dx = np.linalg.lstsq(Jx, -r, rcond=None)[0]
        y[:-1] += dx
        if np.max(np.abs(dx)) <= tol:
            r = H(y)
            break
    else:
        r = H(y)
    if not np.all(np.isfinite(y)) or np.max(np.abs(r)) > max(1e3 * tol, 1e-8):
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
) -> PathResult:
    """Follow the curve ``H(y) = 0`` from ``y0`` (where the parameter increases first).

    Stops when the parameter (last coordinate) reaches ``param_max`` (the
    point exactly at ``param_max`` is the last one), when ``stop(y)`` is true
    at an accepted point, or after every target has been crossed if
    ``param_max`` is infinite and ``stop`` is None.  After ``max_steps``
    predictor-corrector steps, or when the step length falls below
    ``MIN_STEP``, it raises :class:`ConvergenceError`, or, with
    ``budget_error=False``, returns with ``stopped_by="max_steps"`` /
    ``"stalled"``.
    A corrector has converged when every component of its step is below
    ``tol * max(1, |y_k|)`` plus the round-off floor ``1024 eps (1 + |p|) scale``
    (``scale``: the size of the numbers the parameter multiplies, e.g. the
    largest absolute payoff).  Each value in
    ``targets`` is located exactly at its *first* crossing.
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
    Q, R = _qr_of_transpose(J(y))
    t = _tangent(Q, R)
    if t[-1] < 0:
        t = -t
    h = float(first_step)
    steps = 0
    while True:
        if not pending and not np.isfinite(param_max) and stop is None:
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
        try:
            Qu, Ru = _qr_of_transpose(J(u))
        except (np.linalg.LinAlgError, ValueError):
            h /= MAX_DECEL
            res.n_refused += 1
            continue
        accept = True
        decel = 1.0 / max_accel
        dist_old = 0.0
        converged = False
        for k in range(20):
            r = H(u)
            if not np.all(np.isfinite(r)):
                accept = False
                break
            d = _newton_step(Qu, Ru, r)
            dist = float(np.linalg.norm(d))
            if not np.isfinite(dist) or dist >= MAX_DIST:
                accept = False
                break
            decel = max(decel, np.sqrt(dist / MAX_DIST) * MAX_DECEL)
            u = u + d
            # componentwise test: far along the path log-probabilities of dominated
            # strategies are O(lambda) and carry only relative precision, and the
            # equations themselves are O(lambda * scale) (round-off floor); checked
            # before the contraction test, which is meaningless at round-off
            floor = 1024 * np.finfo(float).eps * (1.0 + abs(u[-1])) * scale
            if np.all(np.abs(d) <= tol * np.maximum(1.0, np.abs(u)) + floor):
                converged = True
                break
            if k > 0:
                contr = dist / (dist_old + tol * ETA)
                if contr > MAX_CONTR:
                    accept = False
                    break
                decel = max(decel, np.sqrt(contr / MAX_CONTR) * MAX_DECEL)
            dist_old = dist
        if not accept or not converged:
            h /= MAX_DECEL
            res.n_refused += 1
            continue
        # tangent at the accepted point, oriented along the direction of travel
        Qn, Rn = _qr_of_transpose(J(u))
        tn = _tangent(Qn, Rn)
        if tn @ t < 0:
            tn = -tn
        lam_old, lam_new = y[-1], u[-1]
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
        y, t = u, tn
        if keep_points:
            res.points.append(y.copy())
        h = h / min(decel, MAX_DECEL)
        if stop is not None and stop(y):
            res.stopped_by = "stop"
            break
    if not keep_points and (not res.points or res.points[-1] is not y):
        res.points.append(y.copy())
    res.n_steps = steps
    return res
