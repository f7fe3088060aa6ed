"""Commitment problems with shifting power, and credibility derived from future power.

**Powell (2006), "War as a commitment problem" (International Organization
60(1)).**  Each period a rising state R offers a declining state D a share
``x_t`` of a flow worth 1 per period; D accepts (and gets ``x_t`` now) or
attacks.  War ends the bargaining: D wins the whole flow for ever with
probability ``p_t`` and pays ``d_D`` per period, so D's war value at ``t``
(flows from ``t`` on) is

    W_D(t) = (p_t - d_D) / (1 - delta).

*The condition, derived from the declining side's view.*  Suppose power
shifts once, from ``p_t`` to ``p_{t+1}``, and is stable after.  From ``t+1``
on R makes the offers and D's only sanction is war, so R never gives D more
than D's war value: D's value of the game from ``t+1`` is ``W_D(t+1)`` (R
cannot commit today to be more generous tomorrow; that is the commitment
problem).  The best peace D can get at ``t`` is therefore the whole flow now
plus that continuation, ``1 + delta W_D(t+1)``, and D fights now iff

    W_D(t) > 1 + delta W_D(t+1)
    <=> p_t - d_D > (1 - delta) + delta (p_{t+1} - d_D)          (times 1 - delta)
    <=> p_t - delta p_{t+1} - (1 - delta) p_t > (1 - delta)(1 + d_D) - (1 - delta) p_t
    <=> delta (p_t - p_{t+1}) > (1 - delta)(1 - p_t + d_D).

War happens when the discounted power D is about to lose exceeds what it
loses by fighting now rather than taking the whole flow for a period.  (This
needs D to be willing to fight tomorrow, ``p_{t+1} >= d_D``; otherwise its
continuation is 0 and it fights now iff ``W_D(t) > 1``, i.e.
``p_t - d_D > 1 - delta``: :func:`powell_path` covers both.)  A
declining state that is patient (delta near 1), strong now (``p_t`` near 1),
declining fast and finding war cheap fights now; a rising state
(``p_{t+1} >= p_t``) never fights on this account.  :func:`powell_war` is
this one-shift condition; :func:`powell_path` solves a whole power path by
backward recursion (our generalisation: D's continuation is
``V_D(t+1) = max(W_D(t+1), delta V_D(t+2))``, not always ``W_D(t+1)``: R
offers nothing when D's future already beats its war value now), and :func:`powell_game` builds the finite-horizon tree whose
subgame-perfect solution :func:`powell_path` reproduces.

**The target as the declining side.**  When the coercer's power ``p_A(t)``
rises (sanctions degrade the target's economy and army), the target's
chance of winning a war is ``q_t = 1 - p_A(t)`` and falls.
:func:`rising_power` runs Powell's recursion on the target's path with its
per-period war cost ``d_T``: where ``delta (q_0 - q_1) > (1 - delta)(1 - q_0 + d_T)``
(one shift; the path version in general) no deal the coercer can credibly
offer -- lifting the sanctions included, since no off-ramp is worth more
than the whole flow now plus the war value tomorrow -- keeps the target
from fighting now: it escalates (a preventive offensive) instead of taking
the off-ramp, whatever the off-ramp margin (units: Powell's model counts
the disputed flow per period; the off-ramp counts the stake).

**Assurances under shifting power** (Kydd & McManus 2017; Cebul, Dafoe &
Monteiro 2021).  A coercer's assurance to lift is credible iff it prefers
lifting to continuing: m_A >= p'_A - c_A, with m_A its per-period value of
the deal, p'_A its FUTURE power and c_A its cost of continuing.  Its threat is
credible iff p_A - c_A >= b_A (punishing beats backing down, value b_A).  The
target does not know c_A ~ F, and the coercer's temptation to renege is its
discounted future power (our reduction):

    p'_A(t) = (1 - delta) sum_{u > t} delta^(u - t - 1) p_A(u)   (p_A stable after T)
    pi_A(t) = Pr(c_A >= p'_A(t) - m_A) = 1 - F(p'_A(t) - m_A)
    pi_T(t) = Pr(c_A <= p_A(t) - b_A)  = F(p_A(t) - b_A).

Rising power strengthens the threat (``pi_T`` rises with power now) and
erodes the promise to lift (``pi_A`` falls with the power the coercer
expects).  At ``t = 0`` on a path that starts at ``p_A(0)``, only the
assurance moves with the expected rise; the off-ramp margin
``M = (pi_T phi + pi_A - 1)(r P + Z) - x - cc + L`` falls by
``Delta pi_A (r P + Z)``: nothing where ``r P + Z = 0``.  Along the path the
margin falls from ``t`` to ``t + 1`` iff the assurance loses more than the
threat gains, ``pi_A(t) - pi_A(t+1) > phi (pi_T(t+1) - pi_T(t))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from ..errors import ParameterError
from ..games.nodes import decision, outcome
from ..games.tree import Game
from ..validation import check_choice, check_int, check_real
from ._richer import ResultMixin, broadcast

__all__ = [
    "PowellResult",
    "PowellPath",
    "AssurancePath",
    "powell_war",
    "powell_path",
    "powell_game",
    "assurance_credibility",
    "threat_credibility",
    "shifting_power_assurance",
    "power_path",
    "discounted_future_power",
    "RisingPower",
    "rising_power",
]


@dataclass(frozen=True, eq=False, repr=False)
class PowellResult(ResultMixin):
    """Powell's one-shift condition (batched).

    ``war_value_now`` W_D(t), ``war_value_next`` W_D(t+1), ``max_credible_offer``
    1 + delta W_D(t+1), ``discounted_shift`` delta (p_t - p_{t+1}), ``threshold``
    (1 - delta)(1 - p_t + d_D), ``margin`` = threshold - discounted_shift
    (>= 0: peace), ``war`` = margin < 0.

    Attributes
    ----------
    war_value_now, war_value_next : numpy.ndarray
        ``W_D(t)``, ``W_D(t+1)``.
    max_credible_offer : numpy.ndarray
        ``1 + delta W_D(t+1)``.
    discounted_shift, threshold, margin : numpy.ndarray
        The two sides of the war condition and their difference.
    war : numpy.ndarray
        Boolean mask: war.

    Examples
    --------
    >>> from compellence.coercion import powell_war
    >>> powell_war(0.6, [0.55, 0.2], 0.9, 0.1).war.tolist()
    [False, True]
    """

    war_value_now: np.ndarray
    war_value_next: np.ndarray
    max_credible_offer: np.ndarray
    discounted_shift: np.ndarray
    threshold: np.ndarray
    margin: np.ndarray
    war: np.ndarray

    _frame_fields = (
        "war_value_now", "war_value_next", "max_credible_offer", "discounted_shift",
        "threshold", "margin", "war",
    )


def powell_war(
    p_now: ArrayLike,
    p_next: ArrayLike,
    delta: ArrayLike,
    d_D: ArrayLike,
) -> PowellResult:
    """Powell (2006): war iff delta (p_t - p_{t+1}) > (1 - delta)(1 - p_t + d_D).

    ``p_now``, ``p_next``: the declining state D's probability of winning now
    and next period; ``delta`` in (0, 1); ``d_D`` > 0 D's cost of war (in
    per-period pie units).  All arguments broadcast.

    Parameters
    ----------
    p_now, p_next : array_like
        The declining state's probability of winning now and next period.
    delta : array_like
        Per-period discount factor, in (0, 1).
    d_D : array_like
        The declining state's cost of war (> 0, per-period pie units).

    Returns
    -------
    PowellResult
        The condition and its terms.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import powell_war
    >>> round(float(powell_war(0.6, 0.2, 0.9, 0.1).margin), 6)
    -0.31
    """
    p0 = check_real(p_now, "p_now", lo=0.0, hi=1.0)
    p1 = check_real(p_next, "p_next", lo=0.0, hi=1.0)
    dl = check_real(delta, "delta", lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    dd = check_real(d_D, "d_D", lo=0.0)
    (p0, p1, dl, dd), _ = broadcast(p_now=p0, p_next=p1, delta=dl, d_D=dd)
    w0 = (p0 - dd) / (1.0 - dl)
    w1 = (p1 - dd) / (1.0 - dl)
    shift = dl * (p0 - p1)
    thr = (1.0 - dl) * (1.0 - p0 + dd)
    margin = thr - shift
    return PowellResult(w0, w1, 1.0 + dl * w1, shift, thr, margin, margin < 0)


@dataclass(frozen=True, eq=False, repr=False)
class PowellPath(ResultMixin):
    """Backward-induction solution along a power path, shape ``(*batch, T)`` (t = 0..T-1).

    ``war_value`` W_D(t); ``continuation`` V_D(t+1) (D's value of the game
    from t+1); ``offer`` x_t (R's offer if peace at t, clipped to [0, 1]);
    ``war_at`` (D attacks at t if t is reached); ``first_war`` (batch shape):
    first t with war, -1 if none; ``margin`` = 1 + delta V_D(t+1) - W_D(t)
    (< 0: war).

    Attributes
    ----------
    war_value, continuation, offer, margin : numpy.ndarray
        ``(*batch, T)`` paths.
    war_at : numpy.ndarray
        ``(*batch, T)``: D attacks at t if t is reached.
    first_war : numpy.ndarray
        Batch shape: the first t with war (-1: none).

    Examples
    --------
    >>> from compellence.coercion import powell_path
    >>> pp = powell_path([0.6, 0.55, 0.2, 0.2], 0.9, 0.1)
    >>> pp.war_at.tolist(), int(pp.first_war)
    ([False, True, False], 1)
    """

    war_value: np.ndarray
    continuation: np.ndarray
    offer: np.ndarray
    margin: np.ndarray
    war_at: np.ndarray
    first_war: np.ndarray

    _frame_fields = ("war_value", "continuation", "offer", "margin", "war_at")
    _time_axis = True


def powell_path(p_path: ArrayLike, delta: ArrayLike, d_D: ArrayLike) -> PowellPath:
    """Solve the offer/attack game along D's power path ``p_path`` (last axis = time).

    ``p_path[..., t]`` for t = 0..T; decisions are made at t = 0..T-1 and power
    is stable from T on.  Backward recursion (vectorised over the batch):

        V_D(T) = max(W_D(T), 0)
        war at t  iff  W_D(t) > 1 + delta V_D(t+1);  then V_D(t) = W_D(t)
        otherwise x_t = clip(W_D(t) - delta V_D(t+1), 0, 1),  V_D(t) = x_t + delta V_D(t+1).

    For a declining D with p_t >= d_D this is exactly Powell's condition
    (:func:`powell_war`) period by period.

    Parameters
    ----------
    p_path : array_like
        ``p_path[..., t]``, the declining state's power for t = 0..T.
    delta : array_like
        Per-period discount factor, in (0, 1).
    d_D : array_like
        The declining state's cost of war (> 0).

    Returns
    -------
    PowellPath
        Offers, war values and where war occurs.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import powell_path
    >>> powell_path([0.6, 0.58, 0.56], 0.9, 0.1).first_war.tolist()
    -1
    """
    p = check_real(p_path, "p_path", lo=0.0, hi=1.0)
    if p.ndim == 0 or p.shape[-1] < 2:
        raise ParameterError("needs a path of at least 2 periods on the last axis", "p_path")
    dl = check_real(delta, "delta", lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    dd = check_real(d_D, "d_D", lo=0.0)
    try:
        batch = np.broadcast_shapes(p.shape[:-1], dl.shape, dd.shape)
    except ValueError:
        raise ParameterError(
            f"p_path batch shape {p.shape[:-1]} does not broadcast with delta {dl.shape} "
            f"and d_D {dd.shape}",
            "p_path",
        ) from None
    T = p.shape[-1] - 1
    p = np.broadcast_to(p, (*batch, T + 1))
    dl = np.broadcast_to(dl, batch)
    dd = np.broadcast_to(dd, batch)
    W = (p - dd[..., None]) / (1.0 - dl[..., None])
    V_next = np.maximum(W[..., T], 0.0)
    cont = np.empty((*batch, T))
    offer = np.empty((*batch, T))
    margin = np.empty((*batch, T))
    for t in range(T - 1, -1, -1):
        cont[..., t] = V_next
        margin[..., t] = 1.0 + dl * V_next - W[..., t]
        x = np.clip(W[..., t] - dl * V_next, 0.0, 1.0)
        offer[..., t] = x
        war = margin[..., t] < 0
        V_next = np.where(war, W[..., t], x + dl * V_next)
    war_at = margin < 0
    first = np.where(war_at.any(axis=-1), np.argmax(war_at, axis=-1), -1)
    return PowellPath(W[..., :T], cont, offer, margin, war_at, first)


def powell_game(
    p_path: ArrayLike,
    delta: ArrayLike,
    d_D: ArrayLike,
    d_R: ArrayLike = 0.0,
    offers: int | None = None,
) -> Game:
    """Finite-horizon tree of the Powell (2006) bargaining game along a power path.

    Players ``["Rising", "Declining"]``.  At t = 0..T-1 the rising state offers
    the declining state a share of the period's pie; the declining state
    accepts (next period) or attacks (war values from t on:
    D (p_t - d_D)/(1 - delta), R (1 - p_t - d_R)/(1 - delta), discounted to 0).
    After T power is stable and D receives max(W_D(T), 0) per its war value.

    ``offers=None``: R chooses among "offer nothing" (0), "offer minimum"
    (x_t of :func:`powell_path`) and "offer all" (1); ``offers=K``: the grid
    k/K, k = 0..K (which always includes 0 and 1; there the declining state
    refuses "offer all" exactly when the closed form predicts war, but a
    coarse menu can also make the rising state prefer war to overpaying).
    Backward induction on the default tree reproduces :func:`powell_path`
    (war at t iff even "offer all" is refused) whenever war is costly (d_D + d_R > 0; with free war the rising
    side is indifferent between buying peace and provoking war).  The tree has
    (offers)^T leaves: keep T small.

    Parameters
    ----------
    p_path : array_like
        The declining state's power for t = 0..T.
    delta : array_like
        Per-period discount factor.
    d_D, d_R : array_like
        The two states' costs of war.
    offers : int or None, optional
        ``None`` (default): "offer nothing", "offer minimum" and "offer all";
        ``K``: a grid of ``K`` offers (see above).

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
    >>> from compellence.coercion import powell_game
    >>> cp.spe(powell_game([0.6, 0.2, 0.2], 0.9, 0.1)).path()[:2]
    ('offer nothing', 'attack')
    """
    p = check_real(p_path, "p_path", lo=0.0, hi=1.0)
    if p.ndim == 0 or p.shape[-1] < 2:
        raise ParameterError("needs a path of at least 2 periods on the last axis", "p_path")
    T = p.shape[-1] - 1
    dl = check_real(delta, "delta", lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    dd = check_real(d_D, "d_D", lo=0.0)
    dr = check_real(d_R, "d_R", lo=0.0)
    if offers is not None:
        offers = check_int(offers, "offers", lo=1)
        if (offers + 1) ** T > 200_000:
            raise ParameterError(f"(offers+1)^T = {(offers + 1) ** T} leaves is too many", "offers")
        menu = [(f"offer {k}/{offers}", np.asarray(k / offers)) for k in range(offers + 1)]
        minimal = None
    else:
        if 3**T > 200_000:
            raise ParameterError(f"3^T = {3**T} leaves is too many; shorten the path", "p_path")
        minimal = powell_path(p, dl, dd).offer
        menu = None
    try:
        batch = np.broadcast_shapes(p.shape[:-1], dl.shape, dd.shape, dr.shape)
    except ValueError:
        raise ParameterError("p_path, delta, d_D and d_R do not broadcast to one batch shape",
                             "p_path") from None
    p = np.broadcast_to(p, (*batch, T + 1))
    dl, dd, dr = (np.broadcast_to(a, batch) for a in (dl, dd, dr))
    one = 1.0 / (1.0 - dl)
    W_D = (p - dd[..., None]) * one[..., None]
    W_R = (1.0 - p - dr[..., None]) * one[..., None]

    def at(a: np.ndarray, t: int) -> np.ndarray:
        return a[..., t]

    def node(t: int, acc_d, acc_r, disc):
        if t == T:
            v_d = np.maximum(at(W_D, T), 0.0)
            return outcome(Rising=acc_r + disc * (one - v_d), Declining=acc_d + disc * v_d)
        war = outcome(Rising=acc_r + disc * at(W_R, t), Declining=acc_d + disc * at(W_D, t))
        if menu is None:
            choices = [("offer nothing", 0.0), ("offer minimum", minimal[..., t]), ("offer all", 1.0)]
        else:
            choices = menu
        acts = {}
        for label, x in choices:
            acts[label] = decision(
                "Declining",
                {
                    "accept": node(t + 1, acc_d + disc * x, acc_r + disc * (1.0 - x), disc * dl),
                    "attack": war,
                },
            )
        return decision("Rising", acts)

    zero = np.zeros(())
    return Game(["Rising", "Declining"], node(0, zero, zero, np.ones(())), title="Powell shifting power")


# ---------------------------------------------------------------------- credibility
_DISTS = {"normal": stats.norm, "logistic": stats.logistic}


def _cost_dist(dist: str, cost: np.ndarray, cost_sd: np.ndarray):
    check_choice(dist, "dist", _DISTS)
    scale = cost_sd if dist == "normal" else cost_sd * np.sqrt(3.0) / np.pi
    return _DISTS[dist](loc=cost, scale=np.where(cost_sd > 0, scale, 1.0))


def assurance_credibility(
    deal_value: ArrayLike,
    future_power: ArrayLike,
    cost: ArrayLike,
    cost_sd: ArrayLike = 0.0,
    dist: Literal["normal", "logistic"] = "normal",
) -> np.ndarray:
    """pi_A = Pr(c_A >= p'_A - m_A): the coercer prefers keeping the deal to reneging.

    Kydd & McManus (2017), Cebul, Dafoe & Monteiro (2021): an assurance is
    credible iff m_A >= p'_A - c_A with p'_A the coercer's FUTURE power.  With
    c_A ~ F(cost, cost_sd) unknown to the target (our reduction) this is a
    probability, decreasing in future power.  ``cost_sd = 0`` gives 0/1.

    Parameters
    ----------
    deal_value : array_like
        ``m_A``, the coercer's per-period value of keeping the deal.
    future_power : array_like
        ``p'_A``, its future power (probability of prevailing).
    cost : array_like
        Mean of the coercer's cost of continuing the confrontation (per-period
        payoff units, as power).
    cost_sd : array_like, optional
        The target's uncertainty about that cost (>= 0; 0: credibility 0 or 1).
    dist : {"normal", "logistic"}, optional
        The cost's distribution.

    Returns
    -------
    numpy.ndarray
        ``pi_A`` (probability), the broadcast shape.

    Raises
    ------
    ParameterError
        A value out of range or an unknown ``dist``.

    Examples
    --------
    >>> from compellence.coercion import assurance_credibility
    >>> assurance_credibility(0.2, [0.3, 0.9], 0.3, 0.1).round(4).tolist()
    [0.9772, 0.0]
    """
    m = check_real(deal_value, "deal_value")
    fp = check_real(future_power, "future_power")
    c = check_real(cost, "cost")
    sd = check_real(cost_sd, "cost_sd", lo=0.0)
    (m, fp, c, sd), _ = broadcast(deal_value=m, future_power=fp, cost=c, cost_sd=sd)
    z = fp - m
    prob = _cost_dist(dist, c, sd).sf(z)
    return np.where(sd > 0, prob, (c >= z).astype(float))


def threat_credibility(
    power: ArrayLike,
    cost: ArrayLike,
    cost_sd: ArrayLike = 0.0,
    backdown_value: ArrayLike = 0.0,
    dist: Literal["normal", "logistic"] = "normal",
) -> np.ndarray:
    """pi_T = Pr(p_A - c_A >= b_A): punishing beats backing down (Kydd & McManus 2017).

    Increasing in the coercer's power; ``cost_sd = 0`` gives 0/1.

    Parameters
    ----------
    power : array_like
        ``p_A``, the coercer's power now (probability of prevailing).
    cost : array_like
        Mean of the coercer's cost of continuing the confrontation (per-period
        payoff units, as power).
    cost_sd : array_like, optional
        The target's uncertainty about that cost (>= 0; 0: credibility 0 or 1).
    dist : {"normal", "logistic"}, optional
        The cost's distribution.
    backdown_value : array_like, optional
        ``b_A``, its value of backing down (default 0).

    Returns
    -------
    numpy.ndarray
        ``pi_T`` (probability).

    Raises
    ------
    ParameterError
        A value out of range or an unknown ``dist``.

    Examples
    --------
    >>> from compellence.coercion import threat_credibility
    >>> threat_credibility([0.2, 0.5], 0.3).tolist()
    [0.0, 1.0]
    """
    p = check_real(power, "power")
    c = check_real(cost, "cost")
    sd = check_real(cost_sd, "cost_sd", lo=0.0)
    b = check_real(backdown_value, "backdown_value")
    (p, c, sd, b), _ = broadcast(power=p, cost=c, cost_sd=sd, backdown_value=b)
    z = p - b
    prob = _cost_dist(dist, c, sd).cdf(z)
    return np.where(sd > 0, prob, (c <= z).astype(float))


def power_path(p0: ArrayLike, p_max: ArrayLike, rate: ArrayLike, periods: int) -> np.ndarray:
    """A coercer whose power rises as sanctions bite: p_t = p_max - (p_max - p0)(1 - rate)^t.

    Returns shape ``(*batch, periods + 1)`` (t = 0..periods).  Stylised.

    Parameters
    ----------
    p0 : array_like
        Power at t = 0 (probability of prevailing).
    p_max : array_like
        The power it tends to.
    rate : array_like
        Share of the remaining gap closed per period, in [0, 1].
    periods : int
        ``T``.

    Returns
    -------
    numpy.ndarray
        ``(*batch, periods + 1)``.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import power_path
    >>> power_path(0.3, 0.8, 0.5, 3).round(6).tolist()
    [0.3, 0.55, 0.675, 0.7375]
    """
    a = check_real(p0, "p0", lo=0.0, hi=1.0)
    b = check_real(p_max, "p_max", lo=0.0, hi=1.0)
    g = check_real(rate, "rate", lo=0.0, hi=1.0)
    n = check_int(periods, "periods", lo=1)
    (a, b, g), _ = broadcast(p0=a, p_max=b, rate=g)
    t = np.arange(n + 1)
    return b[..., None] - (b - a)[..., None] * (1.0 - g[..., None]) ** t


@dataclass(frozen=True, eq=False, repr=False)
class AssurancePath(ResultMixin):
    """Credibility along a power path, shape ``(*batch, T + 1)`` (last axis = t).

    ``power`` p_A(t); ``future_power`` p'_A(t), the discounted mean of the
    coercer's later power; ``pi_A`` assurance credibility; ``pi_T`` threat
    credibility.

    Attributes
    ----------
    power, future_power, pi_A, pi_T : numpy.ndarray
        ``(*batch, T + 1)`` paths.

    Examples
    --------
    >>> from compellence.coercion import power_path, shifting_power_assurance
    >>> ap = shifting_power_assurance(power_path(0.3, 0.8, 0.5, 3), deal_value=0.2, cost=0.3, cost_sd=0.1)
    >>> ap.pi_A.round(3).tolist()
    [0.017, 0.01, 0.009, 0.009]
    """

    power: np.ndarray
    future_power: np.ndarray
    pi_A: np.ndarray
    pi_T: np.ndarray

    _frame_fields = ("power", "future_power", "pi_A", "pi_T")
    _time_axis = True


def discounted_future_power(power: ArrayLike, delta: ArrayLike = 0.9) -> np.ndarray:
    """p'(t) = (1 - delta) sum_{u > t} delta^(u-t-1) p(u), power stable after the last period.

    Recursion: p'(T) = p(T), p'(t) = (1 - delta) p(t+1) + delta p'(t+1).
    ``delta = 0`` gives next period's power.

    Parameters
    ----------
    power : array_like
        ``power[..., t]`` for t = 0..T.
    delta : array_like, optional
        Discount factor (default 0.9).

    Returns
    -------
    numpy.ndarray
        ``p'(t)``, the same shape.

    Examples
    --------
    >>> from compellence.coercion import discounted_future_power
    >>> discounted_future_power([0.3, 0.5, 0.8], 0.0).tolist()
    [0.5, 0.8, 0.8]
    """
    p = check_real(power, "power", lo=0.0, hi=1.0)
    if p.ndim == 0:
        p = p[None]
    dl = check_real(delta, "delta", lo=0.0, hi=1.0, hi_open=True)
    try:
        shape = np.broadcast_shapes(p.shape, dl.shape + (1,) if dl.ndim else ())
    except ValueError:
        raise ParameterError(
            f"delta of shape {dl.shape} does not broadcast with the path's batch shape "
            f"{p.shape[:-1]}",
            "delta",
        ) from None
    p = np.broadcast_to(p, shape)
    d = dl[..., None] if dl.ndim else dl
    d = np.broadcast_to(d, shape[:-1] + (1,))[..., 0]
    out = np.empty(shape)
    out[..., -1] = p[..., -1]
    for t in range(shape[-1] - 2, -1, -1):
        out[..., t] = (1.0 - d) * p[..., t + 1] + d * out[..., t + 1]
    return out


def shifting_power_assurance(
    power: ArrayLike,
    deal_value: ArrayLike,
    cost: ArrayLike,
    cost_sd: ArrayLike = 0.0,
    backdown_value: ArrayLike = 0.0,
    delta: ArrayLike = 0.9,
    dist: Literal["normal", "logistic"] = "normal",
) -> AssurancePath:
    """Threat and assurance credibility along the coercer's power path (module docstring).

    ``power[..., t]`` is the coercer's power at t = 0..T (e.g. from
    :func:`power_path`).  At t the target weighs complying now; the coercer
    keeps its promise to lift iff its deal value beats reneging at its
    discounted future power p'_A(t) (:func:`discounted_future_power`):
    pi_A(t) = Pr(c_A >= p'_A(t) - m_A), while pi_T(t) = Pr(c_A <= p_A(t) - b_A).
    Along a rising path pi_A falls and pi_T rises; the stronger the coercer
    expects to become, the lower pi_A.

    Parameters
    ----------
    power : array_like
        ``power[..., t]``, the coercer's power at t = 0..T.
    deal_value : array_like
        ``m_A``, its per-period value of keeping the deal.
    cost : array_like
        Mean of the coercer's cost of continuing the confrontation (per-period
        payoff units, as power).
    cost_sd : array_like, optional
        The target's uncertainty about that cost (>= 0; 0: credibility 0 or 1).
    dist : {"normal", "logistic"}, optional
        The cost's distribution.
    backdown_value : array_like, optional
        ``b_A`` (default 0).
    delta : array_like, optional
        Discount factor for future power (default 0.9).

    Returns
    -------
    AssurancePath
        Credibility along the path.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import shifting_power_assurance
    >>> shifting_power_assurance([0.3, 0.5, 0.8], 0.2, 0.3, 0.1).pi_T.round(3).tolist()
    [0.5, 0.977, 1.0]
    """
    p = check_real(power, "power", lo=0.0, hi=1.0)
    if p.ndim == 0:
        p = p[None]
    future = discounted_future_power(p, delta)
    p = np.broadcast_to(p, future.shape)
    m = check_real(deal_value, "deal_value")
    c = check_real(cost, "cost")
    sd = check_real(cost_sd, "cost_sd", lo=0.0)
    b = check_real(backdown_value, "backdown_value")
    expand = [a[..., None] if a.ndim else a for a in (m, c, sd, b)]
    try:
        pi_a = assurance_credibility(expand[0], future, expand[1], expand[2], dist)
        pi_t = threat_credibility(p, expand[1], expand[2], expand[3], dist)
    except ParameterError as e:
        raise ParameterError(f"batch shapes do not match the power path: {e}", "power") from None
    shape = np.broadcast_shapes(pi_a.shape, pi_t.shape)
    return AssurancePath(
        np.broadcast_to(p, shape),
        np.broadcast_to(future, shape),
        np.broadcast_to(pi_a, shape),
        np.broadcast_to(pi_t, shape),
    )


@dataclass(frozen=True, eq=False, repr=False)
class RisingPower(ResultMixin):
    """A coercer whose power rises, seen from both sides (:func:`rising_power`).

    Paths, shape ``(*batch, T + 1)`` (last axis = t): ``power`` p_A(t),
    ``future_power`` p'_A(t), ``pi_A``, ``pi_T`` (credibility along the path),
    ``target_power`` q_t = 1 - p_A(t).  Batch shape: ``flat_pi_A`` the
    assurance credibility if the coercer's power stayed at p_A(0);
    ``assurance_erosion`` = ``flat_pi_A - pi_A[..., 0]`` (>= 0 on a rising
    path); ``fights_now``: the target (the declining side) attacks at t = 0
    in Powell's game, whatever the off-ramp; ``first_war``: first period it
    attacks (-1 if never); ``powell``: the :class:`PowellPath` of the target's
    side (``margin[..., 0] < 0`` iff ``fights_now``).

    Attributes
    ----------
    power, future_power, pi_A, pi_T, target_power : numpy.ndarray
        ``(*batch, T + 1)`` paths.
    flat_pi_A, assurance_erosion : numpy.ndarray
        The assurance with flat power, and how much rising power erodes it.
    fights_now, first_war : numpy.ndarray
        The target's commitment problem (Powell 2006).
    powell : PowellPath
        The target's offer/attack game along its falling power.

    Examples
    --------
    >>> from compellence.coercion import power_path, rising_power
    >>> rp = rising_power(power_path(0.3, 0.8, 0.5, 3), 0.2, 0.3, 0.1, war_cost=0.1)
    >>> bool(rp.fights_now), int(rp.first_war)
    (True, 0)
    """

    power: np.ndarray
    future_power: np.ndarray
    pi_A: np.ndarray
    pi_T: np.ndarray
    target_power: np.ndarray
    flat_pi_A: np.ndarray
    assurance_erosion: np.ndarray
    fights_now: np.ndarray
    first_war: np.ndarray
    powell: PowellPath

    _frame_fields = ("power", "future_power", "pi_A", "pi_T", "target_power")
    _time_axis = True


def rising_power(
    power: ArrayLike,
    deal_value: ArrayLike,
    cost: ArrayLike,
    cost_sd: ArrayLike = 0.0,
    backdown_value: ArrayLike = 0.0,
    delta: ArrayLike = 0.9,
    *,
    war_cost: ArrayLike,
    dist: Literal["normal", "logistic"] = "normal",
) -> RisingPower:
    """The two consequences of a rising coercer (module docstring), one batched pass.

    ``power[..., t]``: the coercer's power p_A(t) for t = 0..T (e.g.
    :func:`power_path`), stable after T; ``deal_value``, ``cost``,
    ``cost_sd``, ``backdown_value``, ``dist``: as in
    :func:`shifting_power_assurance`; ``delta`` in (0, 1); ``war_cost`` ``d_T``
    (>= 0): the target's per-period cost of war in Powell's units.

    * credibility: ``pi_T(t) = F(p_A(t) - b)`` rises with power now,
      ``pi_A(t) = 1 - F(p'_A(t) - m)`` falls with the power the coercer expects
      (:func:`shifting_power_assurance`); ``flat_pi_A = 1 - F(p_A(0) - m)`` is
      the assurance had power stayed where it is;
    * the declining target: Powell's recursion (:func:`powell_path`) on
      ``q_t = 1 - p_A(t)``; with one shift (T = 1) it fights now iff
      ``W_0 > 1 + delta max(W_1, 0)`` with ``W_t = (q_t - d_T)/(1 - delta)``, i.e.
      ``delta (q_0 - q_1) > (1 - delta)(1 - q_0 + d_T)`` where ``q_1 >= d_T``
      (Powell 2006).

    Parameters
    ----------
    power : array_like
        ``power[..., t]``, the coercer's power for t = 0..T.
    deal_value : array_like
        ``m_A``.
    cost : array_like
        Mean of the coercer's cost of continuing the confrontation (per-period
        payoff units, as power).
    cost_sd : array_like, optional
        The target's uncertainty about that cost (>= 0; 0: credibility 0 or 1).
    dist : {"normal", "logistic"}, optional
        The cost's distribution.
    backdown_value : array_like, optional
        ``b_A`` (default 0).
    delta : array_like, optional
        Discount factor (default 0.9).
    war_cost : array_like
        The target's cost of war (> 0, per-period pie units).

    Returns
    -------
    RisingPower
        Both consequences.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import power_path, rising_power
    >>> rp = rising_power(power_path(0.3, 0.8, 0.5, 3), 0.2, 0.3, 0.1, war_cost=0.1)
    >>> rp.pi_A.round(3).tolist()
    [0.017, 0.01, 0.009, 0.009]
    """
    ap = shifting_power_assurance(power, deal_value, cost, cost_sd, backdown_value, delta, dist)
    if ap.power.shape[-1] < 2:
        raise ParameterError("needs a path of at least 2 periods on the last axis", "power")
    dl = check_real(delta, "delta", lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    d_T = check_real(war_cost, "war_cost", lo=0.0)
    q = 1.0 - ap.power
    try:
        pp = powell_path(q, dl, d_T)
    except ParameterError as e:
        raise ParameterError(f"batch shapes do not match the power path: {e}", "war_cost") from None
    m = check_real(deal_value, "deal_value")
    c = check_real(cost, "cost")
    sd = check_real(cost_sd, "cost_sd", lo=0.0)
    flat = assurance_credibility(m, ap.power[..., 0], c, sd, dist)
    batch = np.broadcast_shapes(ap.power.shape[:-1], pp.first_war.shape, np.shape(flat))
    flat = np.broadcast_to(flat, batch)
    shape = (*batch, ap.power.shape[-1])
    b = [np.broadcast_to(a, shape) for a in (ap.power, ap.future_power, ap.pi_A, ap.pi_T, q)]
    return RisingPower(
        *b,
        flat_pi_A=flat,
        assurance_erosion=flat - b[2][..., 0],
        fights_now=np.broadcast_to(pp.war_at[..., 0], batch),
        first_war=np.broadcast_to(pp.first_war, batch),
        powell=pp,
    )
