"""Crisis bargaining (Fearon 1995): the bargaining range and the risk-return trade-off.

Two states divide a good of size 1.  A war gives A the whole good with
probability p (else B does) and costs A c_A > 0 and B c_B > 0, so the war values
are  A: p - c_A,  B: 1 - p - c_B.  Any split x (A's share) with

    p - c_A  <  x  <  p + c_B

leaves both better off than war: the **bargaining range** (risk neutral) is
never empty when c_A + c_B > 0 (Fearon 1995, section 2).  With complete
information a take-it-or-leave-it demand by A is x* = min(p + c_B, 1) and there
is no war.

**Risk-return trade-off** (Fearon 1995, section 3; stylised as in docs/incomplete_information.md, section 2.1).
B's cost is private, c_B ~ U[0, cbar]; B accepts demand x iff c_B >= x - p.  A
maximises  U_A(x) = x Pr(accept) + (p - c_A) Pr(war)  with
Pr(war | x) = (x - p) / cbar  on  [p, p + cbar]:

    x* = p + (cbar - c_A)/2,   Pr(war) = (cbar - c_A) / (2 cbar)     if cbar > c_A
    x* = p,                    Pr(war) = 0                           otherwise.

(Our only addition: the demand cannot exceed the whole good, so x* is capped
at 1; U_A is concave, so the capped value is optimal.)  Private information
about resolve makes war a rational gamble: A trades a risk of war for a
better deal.

:func:`risk_return_general` solves the same trade-off for any cost
distribution F (a frozen ``scipy.stats`` distribution), numerically:
U_A(x) = x (1 - F(x - p)) + (p - c_A) F(x - p), maximised over x in [p, 1].

Both models are also game trees (:func:`fearon_game`, :func:`risk_return_game`)
whose subgame-perfect solution the tests compare with these closed forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from ..errors import ParameterError
from ..games.nodes import chance, decision, outcome
from ..games.tree import Game
from ..validation import check_int, check_real
from ._richer import ResultMixin, broadcast

if TYPE_CHECKING:
    from scipy.stats._distn_infrastructure import rv_frozen

__all__ = [
    "BargainingRange",
    "RiskReturn",
    "bargaining_range",
    "risk_return",
    "risk_return_utility",
    "risk_return_general",
    "fearon_game",
    "risk_return_game",
    "demand_grid",
]


@dataclass(frozen=True, eq=False, repr=False)
class BargainingRange(ResultMixin):
    """Fearon's bargaining range (batched).

    ``lower`` = max(p - c_A, 0), ``upper`` = min(p + c_B, 1): the splits
    (A's share) both sides prefer to war; ``width`` = upper - lower;
    ``nonempty`` iff c_A + c_B > 0; ``war_value_a`` = p - c_A,
    ``war_value_b`` = 1 - p - c_B; ``demand`` = A's complete-information
    take-it-or-leave-it demand min(p + c_B, 1).

    Attributes
    ----------
    lower, upper, width : numpy.ndarray
        The range of A's shares both sides prefer to war, and its width.
    nonempty : numpy.ndarray
        ``c_A + c_B > 0``.
    war_value_a, war_value_b : numpy.ndarray
        Each side's expected value of war.
    demand : numpy.ndarray
        A's complete-information take-it-or-leave-it demand.

    Examples
    --------
    >>> from compellence.coercion import bargaining_range
    >>> br = bargaining_range(0.6, 0.1, 0.2)
    >>> round(float(br.lower), 12), round(float(br.upper), 12), bool(br.nonempty)
    (0.5, 0.8, True)
    """

    lower: np.ndarray
    upper: np.ndarray
    width: np.ndarray
    nonempty: np.ndarray
    war_value_a: np.ndarray
    war_value_b: np.ndarray
    demand: np.ndarray

    _frame_fields = ("lower", "upper", "width", "nonempty", "war_value_a", "war_value_b", "demand")


def bargaining_range(p: ArrayLike, c_a: ArrayLike, c_b: ArrayLike) -> BargainingRange:
    """Fearon (1995): splits x with p - c_A < x < p + c_B beat war for both.

    ``p`` in [0, 1] is A's probability of winning; ``c_a``, ``c_b`` >= 0 the
    costs of war (shares of the good).  All arguments broadcast.

    Parameters
    ----------
    p : array_like
        A's probability of winning a war, in [0, 1].
    c_a : array_like
        A's cost of war (share of the good, >= 0).
    c_b : array_like
        B's cost of war (share of the good, >= 0).

    Returns
    -------
    BargainingRange
        The range and A's demand.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import bargaining_range
    >>> bargaining_range([0.2, 0.9], 0.1, 0.2).demand.round(12).tolist()
    [0.4, 1.0]
    """
    pp = check_real(p, "p", lo=0.0, hi=1.0)
    ca = check_real(c_a, "c_a", lo=0.0)
    cb = check_real(c_b, "c_b", lo=0.0)
    (pp, ca, cb), _ = broadcast(p=pp, c_a=ca, c_b=cb)
    lower = np.maximum(pp - ca, 0.0)
    upper = np.minimum(pp + cb, 1.0)
    return BargainingRange(
        lower=lower,
        upper=upper,
        width=upper - lower,
        nonempty=(ca + cb) > 0,
        war_value_a=pp - ca,
        war_value_b=1.0 - pp - cb,
        demand=upper,
    )


@dataclass(frozen=True, eq=False, repr=False)
class RiskReturn(ResultMixin):
    """A's optimal demand against a B of unknown cost c_B ~ U[0, cbar] (batched).

    ``demand`` x*, ``p_war`` Pr(war | x*), ``utility_a`` U_A(x*),
    ``utility_b`` B's expected payoff (over its cost), ``gamble`` = x* > p
    (A accepts a risk of war).

    Attributes
    ----------
    demand : numpy.ndarray
        ``x*``, A's optimal demand (share of the good).
    p_war : numpy.ndarray
        ``Pr(war | x*)``.
    utility_a : numpy.ndarray
        ``U_A(x*)``.
    utility_b : numpy.ndarray
        B's expected payoff (over its cost).
    gamble : numpy.ndarray
        ``x* > p`` (A accepts a risk of war).

    Examples
    --------
    >>> from compellence.coercion import risk_return
    >>> rr = risk_return(0.5, 0.1, 0.3)
    >>> round(float(rr.demand), 12), round(float(rr.p_war), 12), bool(rr.gamble)
    (0.6, 0.333333333333, True)
    """

    demand: np.ndarray
    p_war: np.ndarray
    utility_a: np.ndarray
    utility_b: np.ndarray
    gamble: np.ndarray

    _frame_fields = ("demand", "p_war", "utility_a", "utility_b", "gamble")


def _war_prob(x: np.ndarray, p: np.ndarray, cbar: np.ndarray) -> np.ndarray:
    return np.clip((x - p) / cbar, 0.0, 1.0)


def risk_return_utility(x: ArrayLike, p: ArrayLike, c_a: ArrayLike, cbar: ArrayLike) -> np.ndarray:
    """U_A(x) = x (1 - Pr(war|x)) + (p - c_A) Pr(war|x), Pr(war|x) = clip((x - p)/cbar, 0, 1).

    Parameters
    ----------
    x : array_like
        A's demand (share of the good).
    p : array_like
        A's probability of winning a war, in [0, 1].
    c_a : array_like
        A's cost of war (share of the good, >= 0).
    cbar : array_like
        Upper end of B's cost distribution (> 0).

    Returns
    -------
    numpy.ndarray
        ``U_A(x)``, the broadcast shape.

    Examples
    --------
    >>> from compellence.coercion import risk_return_utility
    >>> risk_return_utility([0.5, 0.6, 0.8], 0.5, 0.1, 0.3).round(6).tolist()
    [0.5, 0.533333, 0.4]
    """
    xx = check_real(x, "x", lo=0.0, hi=1.0)
    pp = check_real(p, "p", lo=0.0, hi=1.0)
    ca = check_real(c_a, "c_a", lo=0.0)
    cb = check_real(cbar, "cbar", lo=0.0, lo_open=True)
    (xx, pp, ca, cb), _ = broadcast(x=xx, p=pp, c_a=ca, cbar=cb)
    w = _war_prob(xx, pp, cb)
    return xx * (1.0 - w) + (pp - ca) * w


def risk_return(p: ArrayLike, c_a: ArrayLike, cbar: ArrayLike) -> RiskReturn:
    """Fearon's risk-return trade-off: x* = p + max(cbar - c_A, 0)/2 (capped at 1).

    Pr(war) = (x* - p)/cbar, i.e. (cbar - c_A)/(2 cbar) when uncapped.  B's
    expected payoff integrates its accept (1 - x*) and war (1 - p - c_B) values
    over c_B ~ U[0, cbar].

    Parameters
    ----------
    p : array_like
        A's probability of winning a war, in [0, 1].
    c_a : array_like
        A's cost of war (share of the good, >= 0).
    cbar : array_like
        Upper end of B's cost ``c_B ~ U[0, cbar]`` (> 0).

    Returns
    -------
    RiskReturn
        A's optimal demand and the risk of war.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import risk_return
    >>> round(float(risk_return(0.5, 0.1, 0.3).utility_a), 12)
    0.533333333333
    """
    pp = check_real(p, "p", lo=0.0, hi=1.0)
    ca = check_real(c_a, "c_a", lo=0.0)
    cb = check_real(cbar, "cbar", lo=0.0, lo_open=True)
    (pp, ca, cb), _ = broadcast(p=pp, c_a=ca, cbar=cb)
    x = np.minimum(pp + np.maximum(cb - ca, 0.0) / 2.0, 1.0)
    w = _war_prob(x, pp, cb)
    u_a = x * (1.0 - w) + (pp - ca) * w
    # B fights iff c_B < x - p: E[war payoff] = w (1 - p) - integral_0^{x-p} c dc / cbar
    z = np.clip(x - pp, 0.0, cb)
    u_b = (1.0 - w) * (1.0 - x) + w * (1.0 - pp) - z**2 / (2.0 * cb)
    return RiskReturn(x, w, u_a, u_b, x > pp + 1e-15)


def _check_dist(dist: Any) -> Any:
    if not (hasattr(dist, "cdf") and hasattr(dist, "ppf")):
        raise ParameterError(
            f"must be a frozen scipy.stats distribution of B's cost, got {dist!r}", "dist"
        )
    return dist


def risk_return_general(
    p: ArrayLike,
    c_a: ArrayLike,
    dist: rv_frozen,
    *,
    grid: int = 1001,
) -> RiskReturn:
    """The risk-return trade-off with B's cost c_B ~ ``dist`` (any frozen scipy.stats law).

    U_A(x) = x (1 - F(x - p)) + (p - c_A) F(x - p) is evaluated on ``grid``
    points of [p, 1] for every batch element at once; the best grid point is
    then polished by a vectorised golden-section search on its two neighbouring
    cells (exact when U_A is unimodal there).  ``utility_b`` integrates B's
    payoff over its cost numerically (scipy ``quad``, per batch element).
    With ``dist = scipy.stats.uniform(0, cbar)`` this reproduces :func:`risk_return`.

    Parameters
    ----------
    p : array_like
        A's probability of winning a war, in [0, 1].
    c_a : array_like
        A's cost of war (share of the good, >= 0).
    dist : scipy.stats distribution
        A frozen law of B's cost ``c_B``.
    grid : int, optional
        Grid points on ``[p, 1]`` (default 1001).

    Returns
    -------
    RiskReturn
        A's optimal demand and the risk of war.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.coercion import risk_return_general
    >>> round(float(risk_return_general(0.5, 0.1, stats.uniform(0, 0.3)).demand), 6)
    0.6
    """
    from scipy import integrate

    d = _check_dist(dist)
    pp = check_real(p, "p", lo=0.0, hi=1.0)
    ca = check_real(c_a, "c_a", lo=0.0)
    k = check_int(grid, "grid", lo=3)
    (pp, ca), batch = broadcast(p=pp, c_a=ca)

    def util(x):
        f = np.clip(d.cdf(x - pp), 0.0, 1.0)
        return x * (1.0 - f) + (pp - ca) * f

    u = np.linspace(0.0, 1.0, k).reshape((k,) + (1,) * len(batch))
    xs = pp + u * (1.0 - pp)
    vals = util(xs)
    best = np.argmax(vals, axis=0)
    lo = np.take_along_axis(xs, np.clip(best - 1, 0, k - 1)[None], 0)[0]
    hi = np.take_along_axis(xs, np.clip(best + 1, 0, k - 1)[None], 0)[0]
    g = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = lo.copy(), hi.copy()
    for _ in range(80):
        c1 = b - g * (b - a)
        c2 = a + g * (b - a)
        left = util(c1) >= util(c2)
        b = np.where(left, c2, b)
        a = np.where(left, a, c1)
    x_gs = 0.5 * (a + b)
    x_grid = np.take_along_axis(xs, best[None], 0)[0]
    x = np.where(util(x_gs) >= util(x_grid), x_gs, x_grid)
    w = np.clip(d.cdf(x - pp), 0.0, 1.0)
    u_a = util(x)
    u_b = np.empty(batch)
    c_lo = float(d.ppf(0.0))  # bottom of the cost support (may be -inf)
    for idx in np.ndindex(*batch) if batch else [()]:
        xi, pi = float(x[idx]), float(pp[idx])
        war_part = 0.0
        if w[idx] > 0 and xi - pi > c_lo:
            war_part, _ = integrate.quad(lambda c, pi=pi: (1.0 - pi - c) * d.pdf(c), c_lo,
                                         xi - pi, limit=200)
        u_b[idx] = (1.0 - w[idx]) * (1.0 - xi) + war_part
    return RiskReturn(x, w, u_a, u_b, w > 1e-12)


def demand_grid(demands: int | Sequence[float]) -> np.ndarray:
    """Demand menu: an int k gives k evenly spaced demands on [0, 1]; else a list in [0, 1].

    Parameters
    ----------
    demands : int or sequence of float
        ``k`` (evenly spaced points on [0, 1]) or the demands.

    Returns
    -------
    numpy.ndarray
        The menu.

    Raises
    ------
    ParameterError
        An empty menu or values outside [0, 1].

    Examples
    --------
    >>> from compellence.coercion import demand_grid
    >>> demand_grid(5).tolist(), demand_grid([0.2, 0.7]).tolist()
    ([0.0, 0.25, 0.5, 0.75, 1.0], [0.2, 0.7])
    """
    if isinstance(demands, (int, np.integer)) and not isinstance(demands, bool):
        k = check_int(demands, "demands", lo=2)
        return np.linspace(0.0, 1.0, k)
    grid = check_real(demands, "demands", lo=0.0, hi=1.0)
    if grid.ndim != 1 or grid.size == 0:
        raise ParameterError("must be an int or a non-empty 1-d list of demands", "demands")
    if np.unique(grid).size != grid.size:
        raise ParameterError("demands must be distinct", "demands")
    return grid


def fearon_game(
    p: ArrayLike,
    c_a: ArrayLike,
    c_b: ArrayLike,
    demands: int | Sequence[float] = 11,
) -> Game:
    """Take-it-or-leave-it bargaining under complete information as a tree.

    Players ``["A", "B"]``.  A demands x from a finite menu (``demands``: int
    k -> k points on [0, 1], or a list); B accepts (A: x, B: 1 - x) or fights
    (A: p - c_A, B: 1 - p - c_B).  Backward induction: B accepts iff
    x <= p + c_B, so A demands the largest menu point <= p + c_B (the menu
    analogue of x* = min(p + c_B, 1)) and there is no war.

    Parameters
    ----------
    p : array_like
        A's probability of winning a war, in [0, 1].
    c_a : array_like
        A's cost of war (share of the good, >= 0).
    c_b : array_like
        B's cost of war (share of the good, >= 0).
    demands : int or sequence of float, optional
        The menu (see :func:`demand_grid`; default 11 points).

    Returns
    -------
    Game
        The tree.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> import compellence as cp
    >>> from compellence.coercion import fearon_game
    >>> cp.spe(fearon_game(0.6, 0.1, 0.2)).path()
    ('demand 0.8', 'accept')
    """
    grid = demand_grid(demands)
    pp = check_real(p, "p", lo=0.0, hi=1.0)
    ca = check_real(c_a, "c_a", lo=0.0)
    cb = check_real(c_b, "c_b", lo=0.0)
    (pp, ca, cb), _ = broadcast(p=pp, c_a=ca, c_b=cb)
    war = outcome(A=pp - ca, B=1.0 - pp - cb)
    acts = {
        f"demand {x:.6g}": decision("B", {"accept": outcome(A=float(x), B=1.0 - float(x)), "war": war})
        for x in grid
    }
    return Game(["A", "B"], decision("A", acts), title="Fearon bargaining")


def risk_return_game(
    p: ArrayLike,
    c_a: ArrayLike,
    cbar: ArrayLike | None = None,
    demands: int | Sequence[float] = 21,
    types: int = 40,
    *,
    dist: rv_frozen | None = None,
) -> Game:
    """The risk-return trade-off as a tree with B's private cost as a chance move.

    A demands x from the menu; nature then draws B's cost from ``types``
    equally likely values (midpoints of [0, cbar] cut in ``types`` bins, the
    discretised U[0, cbar]); B, knowing its cost, accepts (A: x, B: 1 - x) or
    fights (A: p - c_A, B: 1 - p - c_B).  Nature moving after A's demand is
    strategically equivalent to B's type being drawn first (A never observes
    it) and keeps the game perfect-information, so ``cp.spe`` solves it.  As
    the menu and type grid get finer, A's equilibrium value tends to
    U_A(x*) of :func:`risk_return`.  With ``dist`` (a frozen scipy.stats law of
    c_B, instead of ``cbar``) the types are its quantiles at (j + 0.5)/types,
    the discretisation behind :func:`risk_return_general`.

    Parameters
    ----------
    p : array_like
        A's probability of winning a war, in [0, 1].
    c_a : array_like
        A's cost of war (share of the good, >= 0).
    cbar : array_like or None, optional
        Upper end of ``c_B ~ U[0, cbar]`` (give this or ``dist``).
    demands : int or sequence of float, optional
        The menu (default 21 points).
    types : int, optional
        Number of cost types (default 40).
    dist : scipy.stats distribution or None, optional
        A frozen law of ``c_B`` instead of ``cbar``.

    Returns
    -------
    Game
        The tree.

    Raises
    ------
    ParameterError
        Neither or both of ``cbar`` and ``dist``, or a value out of range.

    Examples
    --------
    >>> import compellence as cp
    >>> from compellence.coercion import risk_return_game
    >>> cp.spe(risk_return_game(0.5, 0.1, 0.3, demands=11, types=10)).path()[0]
    'demand 0.6'
    """
    grid = demand_grid(demands)
    k = check_int(types, "types", lo=1)
    pp = check_real(p, "p", lo=0.0, hi=1.0)
    ca = check_real(c_a, "c_a", lo=0.0)
    if (cbar is None) == (dist is None):
        raise ParameterError("give exactly one of cbar (uniform costs) and dist", "cbar")
    if dist is not None:
        d = _check_dist(dist)
        (pp, ca), _ = broadcast(p=pp, c_a=ca)
        costs = [float(d.ppf((j + 0.5) / k)) for j in range(k)]
        if not np.all(np.isfinite(costs)):
            raise ParameterError("the cost distribution's quantiles must be finite", "dist")
    else:
        cb = check_real(cbar, "cbar", lo=0.0, lo_open=True)
        (pp, ca, cb), _ = broadcast(p=pp, c_a=ca, cbar=cb)
        costs = [(j + 0.5) / k * cb for j in range(k)]
    if grid.size * k > 200_000:
        raise ParameterError(f"{grid.size} demands x {k} types is too large a tree", "types")

    def after(x: float):
        return chance(
            {
                f"c_B {j + 1}/{k}": (
                    1.0 / k,
                    decision(
                        "B",
                        {
                            "accept": outcome(A=x + 0.0 * pp, B=1.0 - x + 0.0 * pp),
                            "war": outcome(A=pp - ca, B=1.0 - pp - costs[j]),
                        },
                    ),
                )
                for j in range(k)
            }
        )

    acts = {f"demand {x:.6g}": after(float(x)) for x in grid}
    return Game(["A", "B"], decision("A", acts), title="Fearon risk-return")
