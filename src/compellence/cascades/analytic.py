"""Analytic cascade results: Granovetter's mean field, Watts's condition, Gleeson's size.

* Granovetter (1978), "Threshold models of collective behavior", AJS 83(6):
  with threshold CDF ``F`` (thresholds as shares of the population) the final
  share of participants is the smallest fixed point of ``r = F(r)`` reached by
  iterating from ``r = 0`` (with a forced share ``s`` of seeds: ``r = s + (1-s) F(r)``).
  For normal thresholds the final share jumps at a *critical dispersion*.
* Watts (2002), "A simple model of global cascades on random networks", PNAS 99(9):
  on a configuration-model graph with degree distribution ``p_k`` and fractional
  thresholds ``phi ~ f``, a node of degree ``k`` is *vulnerable* with probability
  ``rho_k = Pr(phi <= 1/k)``; global cascades from a single seed are possible iff
  ``sum_k k (k - 1) rho_k p_k > z`` (``z`` the mean degree), i.e. the vulnerable
  nodes percolate.  For Erdos-Renyi graphs with a common ``phi`` and
  ``K* = floor(1/phi)`` this reads ``z Pr(Poisson(z) <= K* - 2) > 1``.  The
  generating functions ``G0(x) = sum rho_k p_k x^k``, ``G1 = G0' / z`` give the
  share of the giant vulnerable cluster ``S_v = G0(1) - G0(u)``,
  ``u = 1 - G1(1) + G1(u)`` (Callaway et al. 2000 site percolation) and the
  probability that a single random seed triggers a global cascade, the share of
  nodes in or next to it: ``1 - sum_k p_k u^k`` (Watts's *extended* vulnerable cluster).
* Gleeson & Cahalane (2007), "Seed size strongly affects cascades on random
  networks", PRE 75: for a random seed share ``rho0`` on a locally tree-like graph,
  ``q_{n+1} = rho0 + (1 - rho0) sum_k (k p_k / z) sum_{m<k} B(m; k-1, q_n) F(m, k)``
  and the final share is
  ``rho = rho0 + (1 - rho0) sum_k p_k sum_{m<=k} B(m; k, q) F(m, k)``, with
  ``F(m, k) = Pr(phi <= m/k)`` (fraction) or ``Pr(theta <= m)`` (count).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import optimize, stats

from ..errors import ConvergenceError, ParameterError

if TYPE_CHECKING:
    from scipy.stats import rv_continuous
    from scipy.stats._distn_infrastructure import rv_frozen

    #: thresholds: a common value, an array, or a frozen scipy.stats distribution
    ThresholdSpec = float | ArrayLike | rv_frozen
    #: degrees: ``p_k``, a frozen discrete distribution, or an undirected graph
    DegreeSpec = ArrayLike | rv_frozen | nx.Graph

__all__ = [
    "GranovetterResult",
    "granovetter_fixed_point",
    "granovetter_riot",
    "CriticalDispersion",
    "critical_dispersion",
    "WattsCondition",
    "watts_condition",
    "er_cascade_window",
    "CascadeWindow",
    "gleeson_cascade_size",
    "degree_distribution",
]

_TOL = 1e-12


# --------------------------------------------------------------------------- Granovetter
@dataclass(frozen=True)
class GranovetterResult:
    """Granovetter's mean-field equilibrium.

    Built by :func:`granovetter_fixed_point`.

    Attributes
    ----------
    share : float
        Final share, the smallest fixed point of ``r = s + (1-s) F(r)``.
    seed_share : float
        ``s``, the share of seeds.
    path : numpy.ndarray
        The iterates from ``r = 0``.
    fixed_points : numpy.ndarray
        Every fixed point found on ``[0, 1]``, ascending.
    stable : bool
        Whether the reached point is stable (``F'(r) < 1`` numerically).

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.cascades import granovetter_fixed_point
    >>> res = granovetter_fixed_point(stats.norm(0.25, 0.2))
    >>> round(res.share, 4), res.stable, len(res.fixed_points)
    (0.9999, True, 1)
    """

    share: float
    seed_share: float
    path: np.ndarray
    fixed_points: np.ndarray
    stable: bool

    def to_frame(self) -> pd.DataFrame:
        """The iteration path: ``step, share``.

        Returns
        -------
        pandas.DataFrame
            One row per iterate.

        Examples
        --------
        >>> from scipy import stats
        >>> from compellence.cascades import granovetter_fixed_point
        >>> res = granovetter_fixed_point(stats.norm(0.25, 0.2))
        >>> res.to_frame()["share"].round(4).tolist()[:3]
        [0.0, 0.1056, 0.2352]
        """
        return pd.DataFrame({"step": np.arange(self.path.size), "share": self.path})

    def __repr__(self) -> str:
        fps = ", ".join(f"{v:.4f}" for v in self.fixed_points[:6])
        return (f"GranovetterResult(share={self.share:.6f}, seed_share={self.seed_share}, "
                f"steps={self.path.size - 1}, fixed_points=[{fps}])")


def _no_nan(F: Callable[[Any], Any], name: str) -> Callable[[Any], np.ndarray]:
    """``F`` checked on every call: a CDF that returns NaN (a distribution with a NaN parameter)
    is refused by name instead of flowing into the result."""

    def checked(x: Any) -> np.ndarray:
        out = np.asarray(F(x), dtype=float)
        if np.isnan(out).any():
            raise ParameterError("the threshold distribution's CDF returned NaN (check its parameters)",
                                 name)
        return out

    return checked


def _cdf_callable(dist: Any, name: str = "thresholds") -> Callable[[np.ndarray], np.ndarray]:
    if hasattr(dist, "cdf"):
        return _no_nan(dist.cdf, name)
    if callable(dist):
        return _no_nan(dist, name)
    try:
        arr = np.sort(np.asarray(dist, dtype=float).ravel())
    except (TypeError, ValueError, OverflowError):
        raise ParameterError("must be a scipy.stats distribution, a CDF callable or an array "
                             "of threshold shares", name) from None
    if arr.size == 0 or np.any(np.isnan(arr)):
        raise ParameterError("an array of thresholds must be non-empty and without NaN", name)
    return lambda r: np.searchsorted(arr, np.asarray(r) + _TOL, side="right") / arr.size


def granovetter_fixed_point(
    thresholds: rv_frozen | Callable[[np.ndarray], np.ndarray] | ArrayLike,
    seed_share: float = 0.0,
    *,
    grid: int = 20001,
    max_iter: int = 1000,
) -> GranovetterResult:
    """Final share in Granovetter's model: smallest fixed point of ``r = s + (1 - s) F(r)``.

    Iterates from ``r = 0`` and brackets the first down-crossing of
    ``g(r) = s + (1-s) F(r) - r`` on a grid, refined with ``brentq``, so slow
    convergence near a tangency does not stop early.

    Parameters
    ----------
    thresholds : scipy.stats distribution or callable or array_like
        A frozen scipy.stats distribution of threshold *shares* (any family;
        negative thresholds are instigators), a CDF callable, or an array of
        threshold shares (empirical CDF).
    seed_share : float, optional
        ``s``, the share of seeds, in [0, 1] (default 0).
    grid : int, optional
        Grid points on [0, 1] for the bracketing (default 20001).
    max_iter : int, optional
        Iterations of the path (default 1000).

    Returns
    -------
    GranovetterResult
        The final share, path and fixed points.

    Raises
    ------
    ParameterError
        A seed share outside [0, 1] or bad thresholds.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.cascades import granovetter_fixed_point
    >>> round(granovetter_fixed_point(stats.norm(0.25, 0.05)).share, 4)
    0.0
    >>> round(granovetter_fixed_point(stats.norm(0.25, 0.2)).share, 4)
    0.9999
    """
    s = float(seed_share)
    if not 0.0 <= s <= 1.0:
        raise ParameterError(f"must be in [0, 1]; got {seed_share!r}", "seed_share")
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 2:
        raise ParameterError(f"must be a whole number of grid points >= 2, got {grid!r}", "grid")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ParameterError(f"must be a whole number >= 1, got {max_iter!r}", "max_iter")
    F = _cdf_callable(thresholds)

    def T(r):
        return s + (1.0 - s) * F(r)

    r = np.linspace(0.0, 1.0, grid)
    g = T(r) - r
    if np.any(np.isnan(g)):
        raise ParameterError("the threshold CDF returned NaN on [0, 1]", "thresholds")

    def gf(x: float) -> float:
        return float(T(x) - x)

    # every fixed point on the grid: exact zeros and sign changes refined by brentq
    fps = [float(v) for v in r[g == 0.0]]
    for i in np.flatnonzero(g[:-1] * g[1:] < 0):
        fps.append(optimize.brentq(gf, r[i], r[i + 1], xtol=1e-15))
    # smallest fixed point: g(0) = T(0) >= 0, so it is the first point where g <= 0
    neg = np.flatnonzero(g <= 0)
    i = int(neg[0]) if neg.size else grid - 1
    if i == 0:
        share = 0.0
    elif g[i] == 0.0:
        share = float(r[i])
    else:
        share = optimize.brentq(gf, r[i - 1], r[i], xtol=1e-15)
    # a tangency (g touches 0 from above before crossing) is a fixed point the
    # iteration stops at but a sign scan misses
    if i > 1:
        j = int(np.argmin(g[:i]))
        if g[j] < 1e-8:
            res = optimize.minimize_scalar(gf, bounds=(r[max(j - 1, 0)], r[min(j + 1, i)]),
                                           method="bounded", options={"xatol": 1e-13})
            if res.fun <= 1e-12:
                share = float(res.x)
                fps.append(share)
    fps_arr = np.array(sorted(set(np.round(fps, 12))))
    path = [0.0]
    for _ in range(max_iter):
        nxt = float(T(path[-1]))
        if nxt >= share - 1e-13 or nxt - path[-1] < 1e-15:
            break
        path.append(nxt)
    path.append(share)
    eps = 1e-6
    lo, hi = max(0.0, share - eps), min(1.0, share + eps)
    slope = float((T(hi) - T(lo)) / (hi - lo)) if hi > lo else 0.0
    return GranovetterResult(share=share, seed_share=s, path=np.asarray(path),
                             fixed_points=fps_arr, stable=bool(slope < 1.0))


@dataclass(frozen=True)
class RiotResult:
    """Granovetter's finite-population riot: ``size`` participants after ``path``.

    Attributes
    ----------
    size : int
        The number rioting at the fixed point.
    n : int
        The crowd's size.
    path : numpy.ndarray
        The numbers rioting after each step, from 0.

    Examples
    --------
    >>> from compellence.cascades import granovetter_riot
    >>> granovetter_riot([0, 1, 2, 2, 4])
    RiotResult(size=5/5, steps=4)
    """

    size: int
    n: int
    path: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """The path: ``step, rioting``.

        Returns
        -------
        pandas.DataFrame
            One row per step.

        Examples
        --------
        >>> from compellence.cascades import granovetter_riot
        >>> granovetter_riot([0, 1, 2, 2, 4]).to_frame()["rioting"].tolist()
        [0, 1, 2, 4, 5]
        """
        return pd.DataFrame({"step": np.arange(self.path.size), "rioting": self.path})

    def __repr__(self) -> str:
        return f"RiotResult(size={self.size}/{self.n}, steps={self.path.size - 1})"


def granovetter_riot(thresholds: ArrayLike) -> RiotResult:
    """Granovetter's (1978) crowd with absolute thresholds (numbers of people).

    Person ``i`` joins once at least ``theta_i`` others riot:
    ``n_{t+1} = #{i : theta_i <= n_t}``, from ``n_0 = 0``, to the fixed point.

    Parameters
    ----------
    thresholds : array_like
        ``theta_i``, the number of others who must riot first (>= 0).

    Returns
    -------
    RiotResult
        The riot's size and path.

    Raises
    ------
    ParameterError
        Negative or non-finite thresholds.

    Examples
    --------
    The classic example: thresholds ``0, 1, ..., 99`` give a riot of 100; change
    the ``1`` into a ``2`` and only the instigator riots.

    >>> from compellence.cascades import granovetter_riot
    >>> granovetter_riot(range(100)).size
    100
    >>> granovetter_riot([0, 2] + list(range(2, 100))).size
    1
    """
    try:
        th = np.sort(np.asarray(thresholds, dtype=float).ravel())
    except (TypeError, ValueError, OverflowError):
        raise ParameterError("must be an array of numbers", "thresholds") from None
    if th.size == 0 or np.any(np.isnan(th)) or np.any(th < 0):
        bad = th[np.isnan(th) | (th < 0)]
        raise ParameterError(
            f"absolute thresholds must be >= 0 (numbers of people); got {bad[:3].tolist()}",
            "thresholds")
    path = [0]
    while True:
        nxt = int(np.searchsorted(th, path[-1] + _TOL, side="right"))
        if nxt == path[-1]:
            break
        path.append(nxt)
    return RiotResult(size=path[-1], n=int(th.size), path=np.asarray(path))


@dataclass(frozen=True)
class CriticalDispersion:
    """The dispersion at which Granovetter's equilibrium share jumps.

    Attributes
    ----------
    sigma : float
        The critical scale of the threshold distribution.
    share_below, share_above : float
        Final shares just below / above it.
    mean : float
        The thresholds' location.
    family : str
        The scipy.stats family name.

    Examples
    --------
    >>> from compellence.cascades import critical_dispersion
    >>> cd = critical_dispersion(0.25, sigma_range=(0.05, 0.2), n_grid=8, tol=1e-3)
    >>> round(float(cd.sigma), 2), round(cd.share_below, 2), round(cd.share_above, 2)
    (0.12, 0.05, 1.0)
    """

    sigma: float
    share_below: float
    share_above: float
    mean: float
    family: str

    def __repr__(self) -> str:
        return (f"CriticalDispersion(sigma={self.sigma:.5f}: share {self.share_below:.4f} -> "
                f"{self.share_above:.4f}, mean={self.mean}, family={self.family})")


def critical_dispersion(
    mean: float,
    family: rv_continuous = stats.norm,
    *,
    sigma_range: tuple[float, float] = (1e-3, 1.0),
    seed_share: float = 0.0,
    n_grid: int = 80,
    tol: float = 1e-7,
) -> CriticalDispersion:
    """Scale of a threshold distribution at which Granovetter's final share jumps.

    Thresholds (shares) follow ``family(loc=mean, scale=sigma)``.  Granovetter's
    (1978) example: normal thresholds with mean 0.25; for small ``sigma`` almost no
    one joins, past a critical ``sigma`` nearly everyone does.  Scans ``sigma`` on a
    grid for the largest jump of the final share, then bisects on it.

    Parameters
    ----------
    mean : float
        The thresholds' location (a share).
    family : scipy.stats continuous distribution, optional
        The family (default ``scipy.stats.norm``).
    sigma_range : tuple of float, optional
        The scales scanned (default ``(0.001, 1.0)``).
    seed_share : float, optional
        Share of seeds (default 0).
    n_grid : int, optional
        Grid points of the scan (default 80).
    tol : float, optional
        Bisection tolerance on ``sigma`` (default 1e-7).

    Returns
    -------
    CriticalDispersion
        The critical scale and the shares on either side.

    Raises
    ------
    ParameterError
        The share has no jump in ``sigma_range``.

    Examples
    --------
    >>> from compellence.cascades import critical_dispersion
    >>> round(float(critical_dispersion(0.25, sigma_range=(0.05, 0.2), n_grid=8, tol=1e-3).sigma), 2)
    0.12
    """
    lo, hi = map(float, sigma_range)
    if not 0 < lo < hi:
        raise ParameterError(f"must be 0 < low < high; got {sigma_range!r}", "sigma_range")

    def share(sig: float) -> float:
        return granovetter_fixed_point(family(loc=mean, scale=sig), seed_share, grid=4001).share

    sig = np.geomspace(lo, hi, n_grid)
    sh = np.array([share(v) for v in sig])
    jumps = np.abs(np.diff(sh))
    i = int(np.argmax(jumps))
    if jumps[i] < 0.05:
        raise ParameterError(
            f"the final share changes by at most {jumps[i]:.3f} over {sigma_range}: no jump",
            "sigma_range")
    a, b = sig[i], sig[i + 1]
    sa, sb = sh[i], sh[i + 1]
    mid_share = 0.5 * (sa + sb)
    while b - a > tol:
        m = 0.5 * (a + b)
        if (share(m) > mid_share) == (sb > mid_share):
            b = m
        else:
            a = m
    name = getattr(family, "name", getattr(family, "__name__", str(family)))
    return CriticalDispersion(sigma=0.5 * (a + b), share_below=share(a), share_above=share(b),
                              mean=float(mean), family=str(name))


# --------------------------------------------------------------------------- Watts
def degree_distribution(degrees: DegreeSpec, name: str = "degrees") -> np.ndarray:
    """Degree distribution ``p_k``, ``k = 0..K``, from many inputs.

    Parameters
    ----------
    degrees : array_like or scipy.stats distribution or networkx.Graph
        An array ``p_k`` (non-negative, normalised here), a frozen discrete
        scipy.stats distribution (truncated where the upper tail is below
        1e-14), or an undirected networkx graph (its empirical degree
        distribution).
    name : str, optional
        The argument's name, for messages.

    Returns
    -------
    numpy.ndarray
        ``p_k`` (sums to 1).

    Raises
    ------
    ParameterError
        Negative or all-zero weights, or a directed graph.

    Examples
    --------
    >>> import networkx as nx
    >>> from compellence.cascades import degree_distribution
    >>> degree_distribution(nx.star_graph(3)).tolist()
    [0.0, 0.75, 0.0, 0.25]
    >>> degree_distribution([1, 1, 2]).tolist()
    [0.25, 0.25, 0.5]
    """
    if isinstance(degrees, nx.Graph):
        if degrees.is_directed():
            from ..errors import GraphError
            raise GraphError(f"{name}: a directed graph was given where an undirected one is "
                             "needed (Watts's condition is for undirected graphs)")
        hist = np.bincount([d for _, d in degrees.degree()]).astype(float)
        return hist / hist.sum()
    if hasattr(degrees, "pmf"):
        kmax = int(degrees.isf(1e-14)) + 2
        p = np.asarray(degrees.pmf(np.arange(kmax + 1)), dtype=float)
        if np.any(np.arange(kmax + 1)[p > 0] < 0):
            raise ParameterError("degrees must be >= 0", name)
        return p / p.sum()
    try:
        p = np.asarray(degrees, dtype=float).ravel()
    except (TypeError, ValueError, OverflowError):
        raise ParameterError("must be p_k as an array, a discrete scipy.stats distribution "
                             "or a networkx graph", name) from None
    if p.size == 0 or np.any(~np.isfinite(p)) or np.any(p < 0) or p.sum() <= 0:
        raise ParameterError("p_k must be finite, >= 0 and not all zero", name)
    return p / p.sum()


def _response(thresholds: Any, kind: str, name: str = "thresholds") -> Callable:
    """``F(x)`` = Pr(threshold <= x), vectorised, for a scalar, an array or a distribution."""
    if kind not in ("fraction", "count"):
        raise ParameterError(f"must be 'fraction' or 'count'; got {kind!r}", "kind")
    if hasattr(thresholds, "cdf"):
        return _no_nan(lambda x: thresholds.cdf(np.asarray(x) + _TOL), name)
    try:
        arr = np.asarray(thresholds, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError("must be a number, an array or a scipy.stats distribution",
                             name) from None
    hi = 1.0 if kind == "fraction" else np.inf
    if arr.size == 0 or np.any(np.isnan(arr)) or np.any(arr < 0) or np.any(
            (arr > hi) & ~np.isposinf(arr)):
        raise ParameterError(f"{kind} thresholds must be in [0, {hi}] (or inf)", name)
    if arr.ndim == 0:
        phi = float(arr)
        return lambda x: (np.asarray(x) >= phi - 1e-9 * max(1.0, phi)).astype(float)
    srt = np.sort(arr.ravel())
    return lambda x: np.searchsorted(srt, np.asarray(x) + 1e-9, side="right") / srt.size


@dataclass(frozen=True)
class WattsCondition:
    """Watts's (2002) cascade condition on a random graph.

    Attributes
    ----------
    z : float
        Mean degree.
    lhs : float
        ``sum_k k (k - 1) rho_k p_k``.
    margin : float
        ``lhs - z``; global cascades are possible iff ``margin > 0``.
    possible : bool
        ``margin > 0``.
    vulnerable_share : float
        ``sum_k rho_k p_k``.
    vulnerable_cluster : float
        Share of nodes in the giant vulnerable cluster ``S_v``.
    cascade_probability : float
        Share of nodes in or next to that cluster: the probability that one
        random seed triggers a global cascade.
    rho : numpy.ndarray
        ``rho_k`` for ``k = 0..K``.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.cascades import watts_condition
    >>> w = watts_condition(stats.poisson(4), 0.18)
    >>> w.possible, round(w.margin, 4)
    (True, 2.9355)
    """

    z: float
    lhs: float
    margin: float
    possible: bool
    vulnerable_share: float
    vulnerable_cluster: float
    cascade_probability: float
    rho: np.ndarray

    def __repr__(self) -> str:
        return (f"WattsCondition(z={self.z:.4g}, sum k(k-1) rho_k p_k={self.lhs:.4g}, "
                f"possible={self.possible}, vulnerable cluster={self.vulnerable_cluster:.4f}, "
                f"cascade probability={self.cascade_probability:.4f})")


def watts_condition(degrees: DegreeSpec, thresholds: ThresholdSpec) -> WattsCondition:
    """Watts's global cascade condition ``sum_k k (k - 1) rho_k p_k > z``.

    ``rho_k = Pr(phi <= 1/k)`` (``rho_0 = Pr(phi <= 0)``).

    Parameters
    ----------
    degrees : array_like or scipy.stats distribution or networkx.Graph
        See :func:`degree_distribution` (e.g. ``scipy.stats.poisson(z)``, an
        array ``p_k`` or an undirected networkx graph).
    thresholds : float or array_like or scipy.stats distribution
        A common fractional threshold ``phi`` (share of neighbours), an array
        of thresholds or a scipy.stats distribution.

    Returns
    -------
    WattsCondition
        The condition, its margin and the cascade probability.

    Raises
    ------
    ParameterError
        Bad degrees or thresholds.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.cascades import watts_condition
    >>> watts_condition(stats.poisson(4), 0.18).possible, watts_condition(stats.poisson(4), 0.4).possible
    (True, False)
    """
    p = degree_distribution(degrees)
    F = _response(thresholds, "fraction")
    k = np.arange(p.size, dtype=float)
    with np.errstate(divide="ignore"):
        inv = np.where(k > 0, 1.0 / np.maximum(k, 1), 0.0)
    rho = F(inv)
    z = float(np.sum(k * p))
    lhs = float(np.sum(k * (k - 1) * rho * p))
    u = 1.0
    if z > 0:
        w = k * rho * p / z  # G1 coefficients, x^(k-1)

        def g1(x):
            return float(np.sum(w[1:] * x ** (k[1:] - 1)))

        # u = 1 - G1(1) + G1(u): smallest root in [0, 1] (u = 1 always solves it)
        f = lambda x: 1.0 - g1(1.0) + g1(x) - x  # noqa: E731
        xs = np.linspace(0.0, 1.0, 2001)
        vals = np.array([f(x) for x in xs])
        idx = np.flatnonzero(np.sign(vals[:-1]) * np.sign(vals[1:]) < 0)
        if idx.size and lhs > z:
            i = int(idx[0])
            u = optimize.brentq(f, xs[i], xs[i + 1], xtol=1e-14)
    s_v = float(np.sum(rho * p) - np.sum(rho * p * u ** k))
    trig = float(1.0 - np.sum(p * u ** k))
    return WattsCondition(z=z, lhs=lhs, margin=lhs - z, possible=lhs > z,
                          vulnerable_share=float(np.sum(rho * p)), vulnerable_cluster=s_v,
                          cascade_probability=max(trig, 0.0), rho=rho)


@dataclass(frozen=True)
class CascadeWindow:
    """The range of mean degree ``z`` where Erdos-Renyi graphs admit global cascades.

    Attributes
    ----------
    lower, upper : float
        The window's ends (``upper = inf``: open above).
    thresholds : float or array_like or scipy.stats distribution
        The thresholds it was computed for.

    Examples
    --------
    >>> from compellence.cascades import er_cascade_window
    >>> er_cascade_window(0.18).contains([0.5, 4.0, 20.0]).tolist()
    [False, True, False]
    """

    lower: float
    upper: float
    thresholds: ThresholdSpec

    def contains(self, z: ArrayLike) -> np.ndarray:
        """Whether mean degree(s) ``z`` lie strictly inside the window.

        Parameters
        ----------
        z : array_like
            Mean degrees.

        Returns
        -------
        numpy.ndarray
            Boolean mask, the shape of ``z``.

        Examples
        --------
        >>> from compellence.cascades import er_cascade_window
        >>> bool(er_cascade_window(0.18).contains(4.0))
        True
        """
        z = np.asarray(z, dtype=float)
        return (z > self.lower) & (z < self.upper)

    def __repr__(self) -> str:
        return f"CascadeWindow({self.lower:.4f} < z < {self.upper:.4f})"


def _er_margin(z: float, F: Callable) -> float:
    """``sum_k k (k-1) rho_k Pois(k; z) / z - 1`` (= ``z Pr(Poisson(z) <= K*-2) - 1``)."""
    if z <= 0:
        return -1.0
    kmax = int(stats.poisson(z).isf(1e-15)) + 2
    k = np.arange(kmax + 1, dtype=float)
    p = stats.poisson(z).pmf(k)
    rho = F(np.where(k > 0, 1.0 / np.maximum(k, 1), 0.0))
    return float(np.sum(k * (k - 1) * rho * p) / z - 1.0)


def er_cascade_window(thresholds: ThresholdSpec, z_max: float = 200.0) -> CascadeWindow:
    """Watts's cascade window in mean degree ``z`` for Erdos-Renyi graphs.

    With a common threshold ``phi`` and ``K* = floor(1/phi)`` the condition is
    ``z Pr(Poisson(z) <= K* - 2) > 1`` (Watts 2002); a threshold distribution uses
    ``sum_k k (k-1) rho_k Pois(k; z) > z``.

    Parameters
    ----------
    thresholds : float or array_like or scipy.stats distribution
        A common fractional threshold or their distribution.
    z_max : float, optional
        Largest mean degree searched (default 200).

    Returns
    -------
    CascadeWindow
        The two roots (``upper = inf`` if the condition still holds at
        ``z_max``).

    Raises
    ------
    ParameterError
        The window is empty (e.g. ``phi > 1/3``, where ``K* - 2 < 1``).

    Examples
    --------
    >>> from compellence.cascades import er_cascade_window
    >>> w = er_cascade_window(0.18)
    >>> round(w.lower, 4), round(w.upper, 4)
    (1.0207, 5.7647)
    """
    F = _response(thresholds, "fraction")
    zs = np.concatenate([np.linspace(1e-3, 5, 500), np.linspace(5, z_max, 2000)[1:]])
    # the scan, vectorised over z: sum_k k (k-1) rho_k Pois(k; z) / z - 1
    kmax = int(stats.poisson(z_max).isf(1e-15)) + 2
    k = np.arange(kmax + 1, dtype=float)
    rho = F(np.where(k > 0, 1.0 / np.maximum(k, 1), 0.0))
    pmf = stats.poisson.pmf(k[None, :], zs[:, None])
    vals = (pmf * (k * (k - 1) * rho)[None, :]).sum(axis=1) / zs - 1.0
    pos = np.flatnonzero(vals > 0)
    if pos.size == 0:
        raise ParameterError("no mean degree admits global cascades for these thresholds "
                             f"(max of the condition's margin {vals.max():.3g} <= 0)",
                             "thresholds")
    i0, i1 = pos[0], pos[-1]
    f = lambda v: _er_margin(v, F)  # noqa: E731
    lower = optimize.brentq(f, zs[i0 - 1], zs[i0], xtol=1e-12) if i0 > 0 else 0.0
    upper = (optimize.brentq(f, zs[i1], zs[i1 + 1], xtol=1e-12) if i1 + 1 < zs.size
             else np.inf)
    return CascadeWindow(lower=float(lower), upper=float(upper), thresholds=thresholds)


# --------------------------------------------------------------------------- Gleeson
@dataclass(frozen=True)
class TreeCascadeSize:
    """Gleeson-Cahalane (2007) final share on a tree-like random graph.

    Attributes
    ----------
    share : float
        Expected final active share.
    q : float
        Fixed point: probability that an edge leads to an active node.
    seed_share : float
        The seed share.
    iterations : int
        Iterations to the fixed point.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.cascades import gleeson_cascade_size
    >>> gleeson_cascade_size(stats.poisson(4), 0.18, 0.01)
    TreeCascadeSize(share=0.980388, q=0.980388, seed_share=0.01, iterations=19)
    """

    share: float
    q: float
    seed_share: float
    iterations: int

    def __repr__(self) -> str:
        return (f"TreeCascadeSize(share={self.share:.6f}, q={self.q:.6f}, "
                f"seed_share={self.seed_share}, iterations={self.iterations})")


def gleeson_cascade_size(
    degrees: DegreeSpec,
    thresholds: ThresholdSpec,
    seed_share: float,
    *,
    kind: str = "fraction",
    tol: float = 1e-13,
    max_iter: int = 100000,
) -> TreeCascadeSize:
    """Expected final cascade share from a random seed share (Gleeson & Cahalane 2007).

    Exact on infinite locally tree-like configuration-model graphs; compare
    with :func:`batch_cascades` on large graphs.

    Parameters
    ----------
    degrees : array_like or scipy.stats distribution or networkx.Graph
        As in :func:`degree_distribution`.
    thresholds : float or array_like or scipy.stats distribution
        Fractional (``kind="fraction"``) or absolute (``kind="count"``)
        thresholds.
    seed_share : float
        Share of nodes seeded at random, in [0, 1].
    kind : {"fraction", "count"}, optional
        The threshold kind (default ``"fraction"``).
    tol : float, optional
        Tolerance of the fixed-point iteration (default 1e-13).
    max_iter : int, optional
        Iteration limit (default 100000).

    Returns
    -------
    TreeCascadeSize
        The expected final share.

    Raises
    ------
    ParameterError
        Bad degrees, thresholds or seed share.
    ConvergenceError
        ``max_iter`` reached.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.cascades import gleeson_cascade_size
    >>> round(gleeson_cascade_size(stats.poisson(4), 0.18, 0.01).share, 4)
    0.9804
    >>> round(gleeson_cascade_size(stats.poisson(4), 0.4, 0.01).share, 4)
    0.0144
    """
    rho0 = float(seed_share)
    if not 0.0 <= rho0 <= 1.0:
        raise ParameterError(f"must be in [0, 1]; got {seed_share!r}", "seed_share")
    p = degree_distribution(degrees)
    F = _response(thresholds, kind)
    K = p.size - 1
    k = np.arange(K + 1)
    m = np.arange(K + 1)
    kk, mm = np.meshgrid(k, m, indexing="ij")  # [k, m]
    if kind == "fraction":
        with np.errstate(divide="ignore", invalid="ignore"):
            x = np.where(kk > 0, mm / np.maximum(kk, 1), 0.0)
        resp = F(x)
        resp[0, :] = F(np.array(0.0))  # degree-0 nodes: active iff phi <= 0
    else:
        resp = F(mm.astype(float))
    resp = np.where(mm <= kk, resp, 0.0)
    z = float(np.sum(k * p))
    q = rho0
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007
        # B(m; k-1, q) for each k >= 1
        b1 = stats.binom.pmf(mm, np.maximum(kk - 1, 0), q)
        b1[0, :] = 0.0
        inner = np.sum(b1 * resp, axis=1)
        q_new = rho0 + (1 - rho0) * (float(np.sum(k * p * inner) / z) if z > 0 else 0.0)
        if abs(q_new - q) < tol:
            q = q_new
            break
        q = q_new
    else:
        raise ConvergenceError(f"Gleeson recursion did not converge in {max_iter} iterations")
    b = stats.binom.pmf(mm, kk, q)
    share = rho0 + (1 - rho0) * float(np.sum(p * np.sum(b * resp, axis=1)))
    return TreeCascadeSize(share=share, q=q, seed_share=rho0, iterations=it)
