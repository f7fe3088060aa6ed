"""Global games of regime change (Morris & Shin 1998; Angeletos, Hellwig & Pavan 2007).

A continuum of agents (officers of the security services, say) each choose to
*attack* (defect) or not.  Defecting pays ``1 - c`` if the regime falls and ``-c``
otherwise; staying pays 0.  The regime falls iff the defecting mass ``A >= theta``
(regime strength ``theta``).  Common prior (the public signal) ``theta ~ N(z, 1/beta)``;
private signals ``x_i = theta + N(0, 1/alpha)``.

Monotone (threshold) equilibrium: defect iff ``x < x*``; the regime falls iff
``theta < theta*``.  With ``A(theta) = Phi(sqrt(alpha) (x* - theta))`` the two
conditions are

* regime falls at the margin: ``A(theta*) = theta*``  =>
  ``x* = theta* + Phi^-1(theta*) / sqrt(alpha)``;
* the marginal agent is indifferent: ``Pr(theta < theta* | x*) = c``,

which combine into (Angeletos, Hellwig & Pavan 2007, eq. for the static game)

    ``(beta / sqrt(alpha)) (theta* - z) - Phi^-1(theta*) = sqrt(1 + beta/alpha) Phi^-1(c)``.

The left side is strictly decreasing in ``theta*`` -- one equilibrium -- iff
``alpha >= beta^2 / (2 pi)`` (private information precise relative to public);
otherwise up to three.  As ``alpha -> inf`` (or ``beta -> 0``), ``theta* -> 1 - c``
(Morris & Shin's limit).  Comparative statics (implicit differentiation, unique case):
``d theta*/dz = (beta/sqrt(alpha)) / (beta/sqrt(alpha) - 1/phi(Phi^-1(theta*)))`` (< 0:
a public signal that the regime is strong deters defection) and
``d theta*/dc = sqrt(1 + beta/alpha) / phi(Phi^-1(c)) / (beta/sqrt(alpha) - 1/phi(Phi^-1(theta*)))``
(< 0: repression, which raises ``c``, props the regime up; incentives lower ``c``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import integrate, optimize, special, stats

from .._frames import element_frame
from ..errors import ConvergenceError, ParameterError
from ..validation import check_real

__all__ = [
    "RegimeChangeEquilibrium",
    "regime_change_equilibrium",
    "regime_change_numeric",
    "GlobalGameStatics",
    "comparative_statics",
    "defection_cost",
    "critical_campaign_shift",
    "SecurityServicesOutcome",
    "security_services",
]

_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)


@dataclass(frozen=True, eq=False)
class RegimeChangeEquilibrium:
    """Threshold equilibria of the regime-change global game (arrays of the batch shape).

    Built by :func:`regime_change_equilibrium`.

    Attributes
    ----------
    theta_star : numpy.ndarray
        The regime falls iff ``theta < theta_star``.  With several equilibria
        this is the *lowest* one (least defection); ``theta_star_high`` the
        highest.
    x_star : numpy.ndarray
        Agents defect iff their signal ``x < x_star`` (for ``theta_star``).
    theta_star_high, x_star_high : numpy.ndarray
        The highest equilibrium (equal to the above when unique).
    n_equilibria : numpy.ndarray
        Number of threshold equilibria (1 or 3, 2 at a tangency).
    unique : numpy.ndarray
        ``alpha >= beta^2 / (2 pi)``.
    z, alpha, beta, c : numpy.ndarray
        The parameters, broadcast.

    Examples
    --------
    >>> from compellence.cascades import regime_change_equilibrium
    >>> eq = regime_change_equilibrium(z=0.5, alpha=4.0, beta=1.0, c=0.5)
    >>> round(float(eq.theta_star), 6), bool(eq.unique)
    (0.5, True)
    """

    theta_star: np.ndarray
    x_star: np.ndarray
    theta_star_high: np.ndarray
    x_star_high: np.ndarray
    n_equilibria: np.ndarray
    unique: np.ndarray
    z: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    c: np.ndarray

    @property
    def fall_probability(self) -> np.ndarray:
        """Ex-ante probability the regime falls under the prior: ``Phi(sqrt(beta)(theta* - z))``."""
        return stats.norm.cdf(np.sqrt(self.beta) * (self.theta_star - self.z))

    def defection_share(self, theta: ArrayLike) -> np.ndarray:
        """Share of agents who defect at true strength ``theta``: ``Phi(sqrt(alpha)(x* - theta))``.

        Parameters
        ----------
        theta : array_like
            True regime strength.

        Returns
        -------
        numpy.ndarray
            The share (broadcast shape).

        Examples
        --------
        >>> from compellence.cascades import regime_change_equilibrium
        >>> eq = regime_change_equilibrium(z=0.5, alpha=4.0, beta=1.0, c=0.5)
        >>> eq.defection_share([0.2, 0.8]).round(4).tolist()
        [0.7257, 0.2743]
        """
        th = check_real(theta, "theta")
        return stats.norm.cdf(np.sqrt(self.alpha) * (self.x_star - th))

    def regime_falls(self, theta: ArrayLike) -> np.ndarray:
        """Whether the regime falls at true strength ``theta`` (``theta < theta*``).

        Parameters
        ----------
        theta : array_like
            True regime strength.

        Returns
        -------
        numpy.ndarray
            Boolean mask (broadcast shape).

        Examples
        --------
        >>> from compellence.cascades import regime_change_equilibrium
        >>> eq = regime_change_equilibrium(z=0.5, alpha=4.0, beta=1.0, c=0.5)
        >>> eq.regime_falls([0.2, 0.8]).tolist()
        [True, False]
        """
        return np.asarray(check_real(theta, "theta") < self.theta_star)

    def to_frame(self) -> pd.DataFrame:
        """One row per batch element.

        Returns
        -------
        pandas.DataFrame
            The fields as columns.

        Examples
        --------
        >>> from compellence.cascades import regime_change_equilibrium
        >>> eq = regime_change_equilibrium(z=0.5, alpha=4.0, beta=1.0, c=0.5)
        >>> list(eq.to_frame().columns)[:3]
        ['z', 'alpha', 'beta']
        """
        cols = dict(z=self.z, alpha=self.alpha, beta=self.beta, c=self.c,
                    theta_star=self.theta_star, x_star=self.x_star,
                    theta_star_high=self.theta_star_high, n_equilibria=self.n_equilibria,
                    unique=self.unique, fall_probability=self.fall_probability)
        return element_frame(cols)

    def __repr__(self) -> str:
        if np.ndim(self.theta_star) == 0:
            ne = int(self.n_equilibria)
            u = "1 equilibrium" if ne == 1 else f"{ne} equilibria"
            u += "" if bool(self.unique) else " (alpha < beta^2/(2 pi))"
            return (f"RegimeChangeEquilibrium(theta*={float(self.theta_star):.6f}, "
                    f"x*={float(self.x_star):.6f}, {u}, z={float(self.z)}, "
                    f"alpha={float(self.alpha)}, beta={float(self.beta)}, c={float(self.c)})")
        return f"RegimeChangeEquilibrium(batch shape {np.shape(self.theta_star)})"


def _lhs_u(u, z, a, b, k):
    """Equilibrium equation in ``u = Phi^-1(theta)``: ``(b/sqrt a)(Phi(u) - z) - u - k``."""
    return (b / np.sqrt(a)) * (special.ndtr(u) - z) - u - k  # ndtr: Phi without overhead


def regime_change_equilibrium(
    z: ArrayLike, alpha: ArrayLike, beta: ArrayLike, c: ArrayLike, *, tol: float = 1e-13
) -> RegimeChangeEquilibrium:
    """Solve ``(beta/sqrt(alpha))(theta* - z) - Phi^-1(theta*) = sqrt(1 + beta/alpha) Phi^-1(c)``.

    Batch-first: all arguments broadcast together.  In ``u = Phi^-1(theta)`` the
    equation is ``(beta/sqrt(alpha))(Phi(u) - z) - u = k`` with a bounded first term,
    so every root lies in ``|u| < |k| + beta/sqrt(alpha) (1 + |z|) + 1``.  Where the
    uniqueness condition holds the left side is decreasing and vectorised bisection on
    that interval finds the root; elsewhere a grid scan brackets every root first.
    Then ``x* = theta* + Phi^-1(theta*) / sqrt(alpha)``.

    Parameters
    ----------
    z : array_like
        Public signal (prior mean) of regime strength (share of agents whose
        defection topples it).
    alpha : array_like
        Precision of the private signals (> 0).
    beta : array_like
        Precision of the public signal (>= 0).
    c : array_like
        Normalised cost of defecting, in (0, 1).
    tol : float, optional
        Bisection tolerance (default 1e-13).

    Returns
    -------
    RegimeChangeEquilibrium
        The lowest and highest threshold equilibria.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.cascades import regime_change_equilibrium
    >>> eq = regime_change_equilibrium(z=0.5, alpha=[4.0, 0.05], beta=1.0, c=0.5)
    >>> eq.n_equilibria.tolist(), eq.unique.tolist()
    ([1, 3], [True, False])
    """
    z = check_real(z, "z")
    a = check_real(alpha, "alpha", 0.0, lo_open=True)
    b = check_real(beta, "beta", 0.0)
    c = check_real(c, "c", 0.0, 1.0, lo_open=True, hi_open=True)
    try:
        shape = np.broadcast_shapes(z.shape, a.shape, b.shape, c.shape)
    except ValueError:
        from ..errors import BatchShapeError
        raise BatchShapeError(
            f"z, alpha, beta, c do not broadcast: {z.shape}, {a.shape}, {b.shape}, {c.shape}"
        ) from None
    z, a, b, c = (np.broadcast_to(v, shape).astype(float) for v in (z, a, b, c))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        k = np.sqrt(1.0 + b / a) * stats.norm.ppf(c)
        # every root lies in |u| < bound: the left side is > 0 at -bound and < 0 at +bound
        bound = np.abs(k) + (b / np.sqrt(a)) * (1.0 + np.abs(z)) + 1.0
        extreme = ~np.isfinite(bound) | ~np.isfinite(b**2) | (bound > 1e150)
    if np.any(extreme):
        i = tuple(int(j) for j in np.argwhere(extreme)[0]) if extreme.ndim else ()
        raise ParameterError(
            f"z = {float(z[i]):g}, alpha = {float(a[i]):g}, beta = {float(b[i]):g} overflow double "
            "precision: keep |z| * beta / sqrt(alpha) and beta**2 below about 1e150",
            "beta",
        )
    zf, af, bf, kf, bd = (v.ravel() for v in (z, a, b, k, bound))
    size = zf.size
    u_lo, u_hi = -bd.copy(), bd.copy()  # brackets of the lowest / highest root
    u_lo2, u_hi2 = -bd.copy(), bd.copy()
    n_eq = np.ones(size, dtype=np.int64)
    # where alpha < beta^2 / (2 pi) the left side need not be monotone: a grid scan
    # brackets every root (in chunks, so memory stays ~ 4e6 values)
    multi = np.flatnonzero(af < bf**2 / (2.0 * np.pi))
    m = 4001
    base = np.linspace(-1.0, 1.0, m)[:, None]
    step = max(1, 4_000_000 // m)
    for s0 in range(0, multi.size, step):
        idx = multi[s0:s0 + step]
        grid = base * bd[idx]
        vals = _lhs_u(grid, zf[idx], af[idx], bf[idx], kf[idx])
        sc = ((vals[:-1] > 0) & (vals[1:] <= 0)) | ((vals[:-1] < 0) & (vals[1:] >= 0))
        n_eq[idx] = sc.sum(axis=0)
        first = np.argmax(sc, axis=0)
        last = m - 2 - np.argmax(sc[::-1], axis=0)
        cols = np.arange(idx.size)
        u_lo[idx], u_hi[idx] = grid[first, cols], grid[first + 1, cols]
        u_lo2[idx], u_hi2[idx] = grid[last, cols], grid[last + 1, cols]

    def refine(lo, hi):  # vectorised bisection on a bracket with one sign change
        flo = _lhs_u(lo, zf, af, bf, kf)
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            fm = _lhs_u(mid, zf, af, bf, kf)
            same = np.sign(fm) == np.sign(flo)
            lo = np.where(same, mid, lo)
            flo = np.where(same, fm, flo)
            hi = np.where(same, hi, mid)
            if np.all(hi - lo < tol):
                break
        return (0.5 * (lo + hi)).reshape(shape)

    n_eq = n_eq.reshape(shape)
    # theta = Phi(u) increases with u: the first root is the lowest theta* (least
    # defection), the last root the highest.
    u_lo = refine(u_lo, u_hi)
    u_hi = refine(u_lo2, u_hi2)
    th_lo, th_hi = stats.norm.cdf(u_lo), stats.norm.cdf(u_hi)
    xs_lo = th_lo + u_lo / np.sqrt(a)
    xs_hi = th_hi + u_hi / np.sqrt(a)
    unique = a >= b**2 / (2.0 * np.pi)
    return RegimeChangeEquilibrium(
        theta_star=th_lo[()], x_star=xs_lo[()], theta_star_high=th_hi[()], x_star_high=xs_hi[()],
        n_equilibria=n_eq[()], unique=unique[()], z=z[()], alpha=a[()], beta=b[()], c=c[()],
    )


def regime_change_numeric(
    z: float, alpha: float, beta: float, c: float, guess: tuple[float, float] | None = None
) -> tuple[float, float]:
    """``(theta*, x*)`` by solving the two equilibrium conditions directly (scalars).

    Independent of the closed form: the defecting mass ``A(theta*)`` and the posterior
    ``Pr(theta < theta* | x*)`` are computed by numerical integration of the normal
    densities (``scipy.integrate.quad``), and the system ``A(theta*) = theta*``,
    ``Pr(theta < theta* | x*) = c`` is solved with ``scipy.optimize.root``.  Slow; for
    cross-checks.

    Parameters
    ----------
    z, alpha, beta, c : float
        As for :func:`regime_change_equilibrium` (scalars).
    guess : tuple of float or None, optional
        Starting ``(theta*, x*)`` (default: a neutral guess).

    Returns
    -------
    tuple of float
        ``(theta*, x*)``.

    Raises
    ------
    ConvergenceError
        The root finder failed.

    Examples
    --------
    >>> from compellence.cascades import regime_change_equilibrium, regime_change_numeric
    >>> theta, x = regime_change_numeric(0.5, 4.0, 1.0, 0.5)
    >>> round(theta, 6) == round(float(regime_change_equilibrium(0.5, 4.0, 1.0, 0.5).theta_star), 6)
    True
    """
    z = check_real(z, "z", scalar=True)
    a = check_real(alpha, "alpha", 0.0, lo_open=True, scalar=True)
    b = check_real(beta, "beta", 0.0, scalar=True)
    c = check_real(c, "c", 0.0, 1.0, lo_open=True, hi_open=True, scalar=True)
    sa = 1.0 / np.sqrt(a)

    def noise_pdf(e):
        return np.exp(-0.5 * (e / sa) ** 2) / (sa * np.sqrt(2 * np.pi))

    def mass(theta, xs):  # A(theta) = Pr(x < x* | theta) = int_{-inf}^{x*} N(x; theta, 1/a)
        return integrate.quad(lambda x: noise_pdf(x - theta), -np.inf, xs,
                              points=None if not np.isfinite(xs) else None)[0]

    def posterior_below(th, xs):  # Pr(theta < th | x*) with prior N(z, 1/b), b may be 0
        def w(t):
            prior = np.exp(-0.5 * b * (t - z) ** 2)
            return prior * noise_pdf(xs - t)
        lo, hi = xs - 12 * sa, xs + 12 * sa
        num = integrate.quad(w, lo, min(max(th, lo), hi), limit=200)[0]
        den = integrate.quad(w, lo, hi, limit=200)[0]
        return num / den

    def eqs(v):
        th, xs = v
        return [mass(th, xs) - th, posterior_below(th, xs) - c]

    if guess is None:
        guess = (1.0 - c, 1.0 - c)
    sol = optimize.root(eqs, np.asarray(guess, dtype=float), method="hybr", tol=1e-12)
    if not sol.success or np.max(np.abs(eqs(sol.x))) > 1e-8:
        raise ConvergenceError(f"regime_change_numeric: {sol.message}")
    return float(sol.x[0]), float(sol.x[1])


@dataclass(frozen=True, eq=False)
class GlobalGameStatics:
    """Derivatives of the (unique) threshold equilibrium.

    Attributes
    ----------
    dtheta_dz : numpy.ndarray
        Public signal: an information campaign that lowers ``z`` raises
        ``theta*`` since ``dtheta_dz < 0``.
    dtheta_dc : numpy.ndarray
        Cost of defecting: repression raises ``c``, incentives lower it.
    dx_dz, dx_dc : numpy.ndarray
        The same for ``x*``.
    dfall_dz, dfall_dc : numpy.ndarray
        For the ex-ante fall probability ``Phi(sqrt(beta)(theta* - z))``.

    Examples
    --------
    >>> from compellence.cascades import regime_change_equilibrium
    >>> eq = regime_change_equilibrium(z=0.5, alpha=4.0, beta=1.0, c=0.5)
    >>> from compellence.cascades import comparative_statics
    >>> st = comparative_statics(eq)
    >>> bool(st.dtheta_dz < 0), bool(st.dtheta_dc < 0)
    (True, True)
    """

    dtheta_dz: np.ndarray
    dtheta_dc: np.ndarray
    dx_dz: np.ndarray
    dx_dc: np.ndarray
    dfall_dz: np.ndarray
    dfall_dc: np.ndarray

    def __repr__(self) -> str:
        f = {k: np.asarray(getattr(self, k)) for k in
             ("dtheta_dz", "dtheta_dc", "dx_dz", "dx_dc", "dfall_dz", "dfall_dc")}
        if all(v.ndim == 0 for v in f.values()):
            return "GlobalGameStatics(" + ", ".join(f"{k}={float(v):.5g}" for k, v in f.items()) + ")"
        return f"GlobalGameStatics(batch shape {np.shape(self.dtheta_dz)})"


def comparative_statics(eq: RegimeChangeEquilibrium) -> GlobalGameStatics:
    """Implicit-function derivatives of ``theta*``, ``x*`` and the fall probability.

    ``L(theta) = (beta/sqrt(alpha))(theta - z) - Phi^-1(theta)``, ``R(c) = sqrt(1 +
    beta/alpha) Phi^-1(c)``; ``dtheta/dz = (beta/sqrt(alpha)) / L'``,
    ``dtheta/dc = R'(c) / L'``, ``L' = beta/sqrt(alpha) - 1/phi(Phi^-1(theta*))``;
    ``x* = theta* + Phi^-1(theta*)/sqrt(alpha)`` gives ``dx = dtheta (1 + 1/(sqrt(alpha)
    phi(Phi^-1(theta*))))``.  Valid where the equilibrium is unique (``L' < 0``).

    Parameters
    ----------
    eq : RegimeChangeEquilibrium
        The equilibrium.

    Returns
    -------
    GlobalGameStatics
        The derivatives (batch shape).

    Raises
    ------
    ParameterError
        The equilibrium is not unique somewhere in the batch.

    Examples
    --------
    >>> from compellence.cascades import regime_change_equilibrium
    >>> eq = regime_change_equilibrium(z=0.5, alpha=4.0, beta=1.0, c=0.5)
    >>> from compellence.cascades import comparative_statics
    >>> round(float(comparative_statics(eq).dtheta_dz), 6)
    -0.249174
    """
    a, b, z, c = eq.alpha, eq.beta, eq.z, eq.c
    th = eq.theta_star
    u = stats.norm.ppf(th)
    dens = stats.norm.pdf(u)
    lp = b / np.sqrt(a) - 1.0 / dens
    dth_dz = (b / np.sqrt(a)) / lp
    dth_dc = (np.sqrt(1.0 + b / a) / stats.norm.pdf(stats.norm.ppf(c))) / lp
    dx = 1.0 + 1.0 / (np.sqrt(a) * dens)
    g = stats.norm.pdf(np.sqrt(b) * (th - z)) * np.sqrt(b)
    return GlobalGameStatics(
        dtheta_dz=dth_dz, dtheta_dc=dth_dc, dx_dz=dth_dz * dx, dx_dc=dth_dc * dx,
        dfall_dz=g * (dth_dz - 1.0), dfall_dc=g * dth_dc,
    )


def critical_campaign_shift(
    theta: ArrayLike,
    z: ArrayLike,
    alpha: ArrayLike,
    beta: ArrayLike,
    c: ArrayLike,
) -> np.ndarray:
    """The fall in the public signal ``z`` at which a regime of strength ``theta`` falls.

    An information campaign against censorship lowers the public signal of regime
    strength from ``z`` to ``z - shift`` (``beta``, ``alpha`` and ``c`` unchanged).  The
    regime of true strength ``theta`` falls iff ``theta < theta*(z - shift)``; setting
    ``theta*(z - shift) = theta`` in the equilibrium equation
    ``(beta/sqrt(alpha))(theta* - z') - Phi^-1(theta*) = sqrt(1 + beta/alpha) Phi^-1(c)``
    gives::

        shift* = z - theta + (sqrt(alpha) / beta) (Phi^-1(theta) + sqrt(1 + beta/alpha) Phi^-1(c))

    Where the equilibrium is unique (``alpha >= beta^2 / (2 pi)``) ``theta*`` falls in
    ``z``, so the campaign topples the regime iff ``shift > shift*`` (``shift* <= 0``:
    it falls without a campaign).  ``beta = 0`` (no public signal): ``theta* = 1 - c``
    whatever ``z`` is, so the campaign has nothing to shift: ``shift* = inf`` where the
    regime stands (``theta >= 1 - c``) and ``-inf`` where it falls anyway.
    Outside the uniqueness region ``shift*`` is where ``theta`` becomes *an* equilibrium
    threshold.

    Parameters
    ----------
    theta : array_like
        True regime strength, in (0, 1).
    z : array_like
        Public signal (prior mean) of regime strength (share of agents whose
        defection topples it).
    alpha : array_like
        Precision of the private signals (> 0).
    beta : array_like
        Precision of the public signal (>= 0).
    c : array_like
        Normalised cost of defecting, in (0, 1).

    Returns
    -------
    numpy.ndarray
        ``shift*`` (units of ``z``), the broadcast shape.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.cascades import critical_campaign_shift, regime_change_equilibrium
    >>> shift = float(critical_campaign_shift(0.45, 0.6, 4.0, 1.0, 0.5))
    >>> round(shift, 6)
    -0.101323
    >>> round(float(regime_change_equilibrium(0.6 - shift, 4.0, 1.0, 0.5).theta_star), 6)
    0.45
    """
    th = check_real(theta, "theta", 0.0, 1.0, lo_open=True, hi_open=True)
    zz = check_real(z, "z")
    a = check_real(alpha, "alpha", 0.0, lo_open=True)
    b = check_real(beta, "beta", 0.0)
    cc = check_real(c, "c", 0.0, 1.0, lo_open=True, hi_open=True)
    inner = stats.norm.ppf(th) + np.sqrt(1.0 + b / a) * stats.norm.ppf(cc)
    with np.errstate(divide="ignore", invalid="ignore"):
        val = zz - th + np.sqrt(a) / np.where(b > 0, b, 1.0) * inner
    stands = th >= 1.0 - cc
    return np.where(b > 0, val, np.where(stands, np.inf, -np.inf))[()]


def defection_cost(benefit: ArrayLike, penalty: ArrayLike, payment: ArrayLike = 0.0) -> np.ndarray:
    """The normalised cost ``c`` of defecting from payoffs in money or utility.

    Defecting pays ``benefit + payment`` if the regime falls and ``payment - penalty``
    if it survives; staying pays 0.  Defect iff ``Pr(fall) > c`` with
    ``c = (penalty - payment) / (benefit + penalty)``.  Repression raises ``penalty``;
    an incentive paid to defectors (``payment``: a surrender payment, amnesty valued in
    money) lowers ``c``.

    Parameters
    ----------
    benefit : array_like
        What a defector gains if the regime falls (money or utility, > 0 with
        ``penalty``).
    penalty : array_like
        What a defector loses if it survives (same units).
    payment : array_like, optional
        Paid to defectors either way (same units; default 0).

    Returns
    -------
    numpy.ndarray
        ``c`` in (0, 1), the broadcast shape.

    Raises
    ------
    ParameterError
        ``c`` leaves ``(0, 1)`` (then defecting or staying is dominant and there
        is no coordination problem).

    Examples
    --------
    >>> from compellence.cascades import defection_cost
    >>> defection_cost(1.0, 1.0, payment=[0.0, 0.4]).tolist()
    [0.5, 0.3]
    """
    bn = check_real(benefit, "benefit", 0.0)
    pn = check_real(penalty, "penalty", 0.0)
    pay = check_real(payment, "payment", 0.0)
    if np.any(bn + pn <= 0):
        raise ParameterError("benefit + penalty must be > 0", "benefit")
    c = (pn - pay) / (bn + pn)
    if np.any(c <= 0):
        raise ParameterError("payment >= penalty: defecting is dominant (c <= 0)", "payment")
    if np.any(c >= 1):
        raise ParameterError("c >= 1: staying is dominant", "penalty")
    return c[()]


@dataclass(frozen=True, eq=False)
class SecurityServicesOutcome:
    """Security services in the regime-change game, before and after interventions.

    Built by :func:`security_services`.

    Attributes
    ----------
    base, after : RegimeChangeEquilibrium
        The equilibria without and with the interventions.
    theta : numpy.ndarray
        The true regime strength (share of officers whose defection topples it).
    defection_share_base, defection_share : numpy.ndarray
        Officers defecting at ``theta``.
    falls_base, falls : numpy.ndarray
        Whether the regime falls at ``theta``.
    fall_probability_base, fall_probability : numpy.ndarray
        Ex ante, under the public prior.

    Examples
    --------
    >>> from compellence.cascades import security_services
    >>> out = security_services(theta=0.45, z=0.6, alpha=4.0, beta=1.0, benefit=1.0, penalty=1.0,
    ...                         payment=0.4)
    >>> bool(out.falls_base), bool(out.falls)
    (True, True)
    """

    base: RegimeChangeEquilibrium
    after: RegimeChangeEquilibrium
    theta: np.ndarray
    defection_share_base: np.ndarray
    defection_share: np.ndarray
    falls_base: np.ndarray
    falls: np.ndarray
    fall_probability_base: np.ndarray
    fall_probability: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Rows ``base`` and ``after`` with ``c, z, theta*, x*, defecting, falls, P(fall)``.

        Returns
        -------
        pandas.DataFrame
            Two rows per batch element.

        Examples
        --------
        >>> from compellence.cascades import security_services
        >>> out = security_services(theta=0.45, z=0.6, alpha=4.0, beta=1.0, benefit=1.0, penalty=1.0,
        ...                         payment=0.4)
        >>> out.to_frame()["c"].round(4).tolist()
        [0.5, 0.3]
        """
        def row(eq, d, f, p):
            return {"c": eq.c, "z": eq.z, "theta_star": eq.theta_star, "x_star": eq.x_star,
                    "defecting": d, "falls": f, "fall_probability": p}
        rows = [row(self.base, self.defection_share_base, self.falls_base,
                    self.fall_probability_base),
                row(self.after, self.defection_share, self.falls, self.fall_probability)]
        return pd.concat([element_frame({"scenario": name, **r})
                          for name, r in zip(("base", "after"), rows, strict=True)],
                         ignore_index=True)

    def __repr__(self) -> str:
        if np.ndim(self.fall_probability) == 0:
            return (f"SecurityServicesOutcome(P(fall) {float(self.fall_probability_base):.3f} -> "
                    f"{float(self.fall_probability):.3f}, theta* "
                    f"{float(self.base.theta_star):.3f} -> {float(self.after.theta_star):.3f})")
        return f"SecurityServicesOutcome(batch shape {np.shape(self.fall_probability)})"


def security_services(
    theta: ArrayLike,
    z: ArrayLike,
    alpha: ArrayLike,
    beta: ArrayLike,
    benefit: ArrayLike,
    penalty: ArrayLike,
    *,
    payment: ArrayLike = 0.0,
    repression: ArrayLike = 0.0,
    campaign_shift: ArrayLike = 0.0,
) -> SecurityServicesOutcome:
    """Officers abandon the regime when enough others do: the global game applied.

    Each officer's cost of defecting is ``c = (penalty - payment) / (benefit + penalty)``
    (:func:`defection_cost`).  All arguments broadcast (batch-first).

    Parameters
    ----------
    theta : array_like
        True regime strength (share of officers whose defection topples it).
    z, alpha, beta : array_like
        Public signal, private and public precision (as for
        :func:`regime_change_equilibrium`).
    benefit, penalty : array_like
        An officer's gain from defecting if the regime falls, loss if it
        survives (money or utility).
    payment : array_like, optional
        An incentive paid to defectors, in the units of ``benefit``.
    repression : array_like, optional
        Added to ``penalty``.
    campaign_shift : array_like, optional
        An information campaign lowering the public signal ``z`` by that much.

    Returns
    -------
    SecurityServicesOutcome
        Equilibria before/after, the defecting share and whether the regime
        falls at the true ``theta``, and the ex-ante fall probability.

    Raises
    ------
    ParameterError
        A value out of range, or a cost of defecting outside (0, 1).

    Examples
    --------
    >>> from compellence.cascades import security_services
    >>> out = security_services(theta=0.45, z=0.6, alpha=4.0, beta=1.0, benefit=1.0, penalty=1.0,
    ...                         payment=0.4)
    >>> round(float(out.fall_probability_base), 4), round(float(out.fall_probability), 4)
    (0.4503, 0.5576)
    """
    th = check_real(theta, "theta")
    zz = check_real(z, "z")
    shift = check_real(campaign_shift, "campaign_shift")
    rep = check_real(repression, "repression", 0.0)
    c0 = defection_cost(benefit, penalty)
    c1 = defection_cost(benefit, check_real(penalty, "penalty", 0.0) + rep, payment)
    base = regime_change_equilibrium(zz, alpha, beta, c0)
    after = regime_change_equilibrium(zz - shift, alpha, beta, c1)
    return SecurityServicesOutcome(
        base=base, after=after, theta=th[()],
        defection_share_base=base.defection_share(th), defection_share=after.defection_share(th),
        falls_base=base.regime_falls(th), falls=after.regime_falls(th),
        fall_probability_base=stats.norm.cdf(np.sqrt(base.beta) * (base.theta_star - zz)),
        fall_probability=stats.norm.cdf(np.sqrt(after.beta) * (after.theta_star - zz)),
    )
