"""Screening a target of unknown resolve: the coercer's demand against a distribution of types.

The target knows its own **resistance cost** (what fighting on costs it,
``L`` of the off-ramp accounting); the coercer knows only its distribution.
Under the corrected accounting (:mod:`compellence.coercion.offramp`) a target
with resistance cost ``L`` complies with demand ``x`` iff::

    M(x) = (pi_T phi + pi_A - 1) (r s D + Z) - x - cc + L >= 0,

so every type has an **acceptance threshold** ``xbar = M(0)``: it accepts any
demand ``x <= xbar`` and rejects any larger one (:func:`acceptance_threshold`;
``xbar`` is a derived quantity in stake units).  A type with ``xbar < 0``
rejects every off-ramp (even ``x = 0``): it is **unappeasable**.  Thresholds
may be ``-inf`` for a type that rejects whatever is offered.

Coercer payoffs (stake units): the concession ``x`` if the target accepts,
``w = coercer_war_payoff`` if it rejects (the value to the coercer of the
campaign continuing to the end: in Fearon's notation ``p - c_A``).

**Risk-return trade-off** (Fearon 1995, Section "private information and
the incentive to misrepresent"), :func:`offramp_risk_return`: the target's private
part of ``L`` is uniform on ``[0, cbar]`` over a common threshold ``a``, so
``Pr(accept x) = 1 - (x - a) / cbar`` on ``[a, a + cbar]``.  The coercer
maximises ``x Pr(accept) + w Pr(reject)``; the first-order condition
``1 - (2 x - a) / cbar + w / cbar = 0`` gives::

    x* = clip((a + w + cbar) / 2, a, a + cbar),   Pr(war) = (x* - a) / cbar.

With ``a = p`` and ``w = p - c_A`` this is Fearon's ``x* = p + (cbar - c_A)/2``
and ``Pr(war) = (cbar - c_A) / (2 cbar)`` when ``cbar > c_A`` (else ``x* = p``
and no war).

**Finitely many types** (:func:`screen`): thresholds ``xbar_i`` with prior
``q_i``.  An optimal demand is one of the thresholds (between two adjacent
thresholds, raising the demand gains without losing any type): the coercer
compares ``EU(c) = c Pr(xbar >= c) + w Pr(xbar < c)`` over the candidates
``c = max(xbar_i, 0)`` (ties go to the lower demand, the one settling more
often).  Output: the demand, which types take the off-ramp, the war
probability and the **posterior** of each type after a rejection (Bayes:
``q_i 1[xbar_i < x*] / Pr(reject)``).  ``demand = inf`` reports that the
coercer prefers a demand that every type rejects (when ``w`` beats every
settlement).  The same model as a game tree
(:func:`screening_game`): the coercer demands, chance draws the type, the
type accepts or rejects; solved by ``cp.spe`` (batched), and, with the type
drawn first and the coercer's nodes in one information set, by the
sequence-form LCP.

**Several rounds** (:func:`sequential_screening`): the coercer makes up to
``K`` demands from a menu; after each rejection it updates its belief and
may lower (or raise) its demand.  Accepting demand ``x`` in round ``k``
costs the target ``x + (k - 1) c_T`` and gives the coercer
``x - (k - 1) c_C``; rejecting all ``K`` costs the target
``xbar_i + (K - 1) c_T`` and gives the coercer ``w - (K - 1) c_C``
(``c_T``, ``c_C``: the cost to each of one more round of the campaign).
Types are strategic (a type may reject a demand it could live with to wait
for a lower one).  The game is built as a Bayesian extensive game and solved
by the sequence-form LCP (a Nash equilibrium of the tree; the reported path
quantities are those of the equilibrium path).  Outputs: the demand path
(the distribution of the round-``k`` demand after ``k - 1`` rejections), the
probability that each type takes the off-ramp (and in which round), and the
posterior that the target is each type after ``k`` rejected demands.
Closed form for one appeasable type and one type that rejects everything,
with ``c_C > 0``, a small ``c_T > 0`` (waiting costs the appeasable type
something), a menu demand ``y`` just below ``xbar``, none below ``y`` and none
in ``(xbar, xbar + (K - 1) c_T]`` (the test checks the tree against it): the
coercer demands ``y`` at once iff ``y >= w - (K - 1) c_C``, and the posterior on the unappeasable type after
one rejection is ``q_U / (q_U + (1 - q_U) 1[not accepted])``.  In general
rounds of punishment press the target: rejecting to the end costs
the appeasable type ``xbar + (K - k) c_T`` from round ``k``, so it accepts
more than ``xbar`` early (the tree finds this; there is no closed form here).

Sources: Fearon (1995) "Rationalist explanations for war", IO 49(3),
pp. 379-414 (risk-return trade-off); Powell (1999) *In the Shadow of Power*,
ch. 3 (screening with sequential offers); Fudenberg & Tirole (1991), ch. 10.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import ParameterError
from ..games.nodes import chance, decision, outcome
from ..games.tree import DECISION, Game
from ..validation import check_real
from .offramp import offramp_margin

if TYPE_CHECKING:
    from .campaign import Campaign

__all__ = [
    "acceptance_threshold",
    "thresholds_from_campaign",
    "offramp_risk_return",
    "OffRampRiskReturn",
    "demand_tradeoff",
    "screen",
    "Screening",
    "screening_game",
    "sequential_screening",
    "SequentialScreening",
    "check_prior",
]


# ====================================================================== inputs
def check_prior(prior: ArrayLike, n_types: int | None = None, name: str = "prior") -> np.ndarray:
    """``prior`` as a float array whose last axis is a probability distribution over types.

    Refuses (``ParameterError`` naming ``name``) negative or non-finite
    entries, rows that do not sum to 1 (within 1e-9), and a last axis of the
    wrong length.

    Parameters
    ----------
    prior : array_like
        The prior (last axis the types).
    n_types : int or None, optional
        The required number of types.
    name : str, optional
        The argument's name, for messages.

    Returns
    -------
    numpy.ndarray
        The prior as floats.

    Examples
    --------
    >>> from compellence.coercion import check_prior
    >>> check_prior([0.25, 0.75]).tolist()
    [0.25, 0.75]
    >>> check_prior([0.5, 0.6])
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: prior: probabilities must sum to 1 over the types, got a sum of 1.1
    """
    arr = check_real(prior, name)
    if arr.ndim == 0:
        raise ParameterError("must be one probability per type (a list), got a single number", name)
    if n_types is not None and arr.shape[-1] != n_types:
        raise ParameterError(f"must have one probability per type ({n_types}), got {arr.shape[-1]}", name)
    if np.any(arr < 0):
        raise ParameterError(f"probabilities must be >= 0, got {arr.min():.6g}", name)
    tot = arr.sum(axis=-1)
    if np.any(np.abs(tot - 1.0) > 1e-9):
        bad = float(np.ravel(tot)[np.argmax(np.ravel(np.abs(tot - 1.0)))])
        raise ParameterError(f"probabilities must sum to 1 over the types, got a sum of {bad:.6g}", name)
    return arr


def type_thresholds(thresholds: Any, name: str = "thresholds") -> np.ndarray:
    try:
        arr = np.asarray(thresholds, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"must be numbers, got {thresholds!r}", name) from None
    if arr.ndim == 0:
        raise ParameterError("must be one acceptance threshold per type (a list)", name)
    if np.any(np.isnan(arr)) or np.any(arr == np.inf):
        raise ParameterError("must be finite numbers or -inf (a type that rejects every demand)", name)
    return arr


def acceptance_threshold(
    s: ArrayLike,
    delta: ArrayLike,
    pi_T: ArrayLike,
    pi_A: ArrayLike,
    r: ArrayLike,
    horizon: ArrayLike | None = None,
    *,
    compliance_cost: ArrayLike = 0.0,
    threat_factor: ArrayLike = 1.0,
    escalation_cost: ArrayLike = 0.0,
    resistance_cost: ArrayLike = 0.0,
) -> np.ndarray:
    """The largest demand a target type accepts, ``xbar = M(0) = (pi_T phi + pi_A - 1)(r s D + Z) - cc + L``.

    Derived (stake units).  A type whose resistance cost ``L`` is its private
    information has this threshold; ``xbar < 0`` means it rejects every
    off-ramp.  Same arguments as :func:`~compellence.coercion.offramp.offramp_margin`
    without the demand.

    Parameters
    ----------
    s : array_like
        Punishment cost to the target per period, in stake units per period
        (``>= 0``; e.g. a share of the target's GDP per period when the stake
        is measured in GDP).
    delta : array_like
        The target's per-period discount factor, in ``(0, 1)`` (``(0, 1]``
        with a finite horizon).
    pi_T : array_like
        Threat credibility: probability that the coercer punishes after
        resistance, in ``[0, 1]``.
    pi_A : array_like
        Assurance credibility: probability that the coercer lifts the
        punishment after compliance, in ``[0, 1]``.
    r : array_like
        Reversibility: share of the punishment that stops when the coercer
        lifts it, in ``[0, 1]``.
    horizon : array_like or None, optional
        Number of future periods (integer ``>= 1``); ``None`` (default) for an
        infinite horizon.
    compliance_cost : array_like, optional
        ``cc``: cost of complying beyond the concession (face and reputation
        costs net of side payments), in stake units; any real, default 0.
    threat_factor : array_like, optional
        ``phi``: discount on the threat alone, in ``[0, 1]`` (``delta**T`` for
        a deadline ``T`` periods ahead); default 1.
    escalation_cost : array_like, optional
        ``Z >= 0``: present expected catastrophe cost to the target while the
        reversible punishment continues, in stake units; default 0.
    resistance_cost : array_like, optional
        ``L``: what resisting costs the target whatever the coercer does
        (battlefield losses, defections, expected regime-fall cost), in stake
        units; any real, default 0.

    Returns
    -------
    numpy.ndarray
        ``xbar`` (share of the stake; may be negative), the broadcast shape.

    Raises
    ------
    ParameterError
        An argument out of range (named).

    Examples
    --------
    >>> from compellence.coercion import acceptance_threshold
    >>> acceptance_threshold(0.1, 0.9, 0.9, 0.8, 1.0, resistance_cost=[0.0, 0.2]).round(12).tolist()
    [0.63, 0.83]
    """
    return offramp_margin(0.0, s, delta, pi_T, pi_A, r, horizon, compliance_cost=compliance_cost,
                          threat_factor=threat_factor, escalation_cost=escalation_cost,
                          resistance_cost=resistance_cost)


def thresholds_from_campaign(campaign: Campaign, private_resistance_costs: ArrayLike) -> np.ndarray:
    """Acceptance thresholds of target types that differ only in a private part of the resistance cost.

    ``xbar_i = M + x + theta_i``: the campaign's off-ramp margin at its demand
    ``x`` (``campaign.offramp().margin``, the corrected accounting with every
    credibility, reversibility and cost of the campaign) plus the demand gives
    ``M(0)``; a type whose resistance cost is higher by ``theta_i`` (present
    value, stake units: it loses more by fighting on, as a per-period
    ``target.fighting_cost`` higher by ``theta_i / D``) accepts up to
    ``theta_i`` more.  Returns shape ``(*campaign batch, n_types)``.

    Parameters
    ----------
    campaign : Campaign
        The campaign (scalar or batched).
    private_resistance_costs : array_like
        ``theta_i``, each type's private addition to the resistance cost
        (stake units; last axis the types).

    Returns
    -------
    numpy.ndarray
        ``xbar_i`` (batch shape + types).

    Examples
    --------
    >>> from compellence.coercion import Campaign, thresholds_from_campaign
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5)
    >>> thresholds_from_campaign(c, [0.0, 0.1]).round(12).tolist()
    [0.216, 0.316]
    """
    o = campaign.offramp()
    theta = check_real(private_resistance_costs, "private_resistance_costs")
    if theta.ndim == 0:
        raise ParameterError("must be one private resistance cost per type (a list)", "private_resistance_costs")
    base = np.asarray(o.margin) + np.asarray(o.concession)
    return base[..., None] + theta


# ====================================================================== Fearon 1995 risk-return
@dataclass(frozen=True)
class OffRampRiskReturn:
    """The coercer's optimal demand against a uniform private resistance cost (:func:`offramp_risk_return`).

    ``demand`` (x*), ``settlement_probability`` (Pr(accept x*)), ``war_probability``
    (1 - settlement), ``coercer_payoff`` (expected), ``interior`` (x* strictly
    inside ``[a, a + cbar]``: the coercer accepts a positive risk of war short of certainty).
    All derived; arrays broadcast over the inputs.

    Attributes
    ----------
    demand : numpy.ndarray
        ``x*`` (share of the stake).
    settlement_probability, war_probability : numpy.ndarray
        ``Pr(accept x*)`` and its complement.
    coercer_payoff : numpy.ndarray
        Expected payoff.
    interior : numpy.ndarray
        ``x*`` strictly inside the range of thresholds.

    Examples
    --------
    >>> from compellence.coercion import offramp_risk_return
    >>> bool(offramp_risk_return(0.2, 0.4, 0.0).interior)
    True
    """

    demand: np.ndarray
    settlement_probability: np.ndarray
    war_probability: np.ndarray
    coercer_payoff: np.ndarray
    interior: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """One row per batch element.

        Returns
        -------
        pandas.DataFrame
            The fields as columns.

        Examples
        --------
        >>> from compellence.coercion import offramp_risk_return
        >>> offramp_risk_return([0.1, 0.2], 0.4, 0.0).to_frame().columns.tolist()[:2]  # batch_0 first
        ['batch_0', 'demand']
        """
        from .._frames import element_frame

        return element_frame({k: getattr(self, k) for k in (
            "demand", "settlement_probability", "war_probability", "coercer_payoff", "interior")})


def offramp_risk_return(
    base_threshold: ArrayLike,
    resistance_cost_max: ArrayLike,
    coercer_war_payoff: ArrayLike,
) -> OffRampRiskReturn:
    """Fearon's (1995) risk-return trade-off on the off-ramp accounting (module docstring).

    The target accepts ``x`` iff ``x <= a + theta`` with ``theta ~ U[0, cbar]``
    its private resistance cost; the coercer gets ``x`` on acceptance and ``w``
    on rejection.  ``x* = clip((a + w + cbar) / 2, a, a + cbar)``,
    ``Pr(war) = (x* - a) / cbar``.

    Parameters (broadcast together)
    ----------
    base_threshold: ``a``, the threshold of the least resolved type (``theta = 0``):
        :func:`acceptance_threshold` with the common part of ``L``.
    resistance_cost_max: ``cbar > 0``, the top of the private resistance cost's support.
    coercer_war_payoff: ``w``, the coercer's payoff if the target rejects.

    Parameters
    ----------
    base_threshold : array_like
        ``a``, the threshold of the type without private resistance cost
        (share of the stake).
    resistance_cost_max : array_like
        ``cbar > 0``, the largest private resistance cost (stake units).
    coercer_war_payoff : array_like
        ``w``, the coercer's payoff if the target rejects.

    Returns
    -------
    OffRampRiskReturn
        The optimal demand and its risks.

    Raises
    ------
    ParameterError
        An argument out of range (named).

    Examples
    --------
    >>> from compellence.coercion import offramp_risk_return
    >>> rr = offramp_risk_return(0.2, 0.4, 0.0)
    >>> round(float(rr.demand), 6), round(float(rr.war_probability), 6)
    (0.3, 0.25)
    """
    a = check_real(base_threshold, "base_threshold")
    cbar = check_real(resistance_cost_max, "resistance_cost_max", 0.0, lo_open=True)
    w = check_real(coercer_war_payoff, "coercer_war_payoff")
    a, cbar, w = np.broadcast_arrays(a, cbar, w)
    raw = (a + w + cbar) / 2.0
    x = np.clip(raw, a, a + cbar)
    war = (x - a) / cbar
    pay = x * (1.0 - war) + w * war
    return OffRampRiskReturn(demand=x, settlement_probability=1.0 - war, war_probability=war, coercer_payoff=pay,
                      interior=(raw > a) & (raw < a + cbar))


def demand_tradeoff(demands: ArrayLike, base_threshold: float, resistance_cost_max: float,
                    coercer_war_payoff: float) -> pd.DataFrame:
    """Per demand: settlement and war probabilities and the coercer's expected payoff (uniform types).

    ``Pr(settle | x) = clip(1 - (x - a) / cbar, 0, 1)``; the table answers
    "which demand maximises the chance of a settlement, and what does it cost
    in war risk?" (the row with ``settlement_probability == 1`` at the lowest
    cost to the coercer is ``x = a``; the coercer's optimum is :func:`offramp_risk_return`).

    Parameters
    ----------
    demands : array_like
        Candidate demands (shares of the stake).
    base_threshold : float
        ``a``.
    resistance_cost_max : float
        ``cbar > 0``.
    coercer_war_payoff : float
        ``w``.

    Returns
    -------
    pandas.DataFrame
        One row per demand.

    Raises
    ------
    ParameterError
        An argument out of range (named).

    Examples
    --------
    >>> from compellence.coercion import demand_tradeoff
    >>> demand_tradeoff([0.2, 0.4, 0.6], 0.2, 0.4, 0.0)["settlement_probability"].round(12).tolist()
    [1.0, 0.5, 0.0]
    """
    x = check_real(demands, "demands")
    a = float(check_real(base_threshold, "base_threshold"))
    cbar = float(check_real(resistance_cost_max, "resistance_cost_max", 0.0, lo_open=True))
    w = float(check_real(coercer_war_payoff, "coercer_war_payoff"))
    settle = np.clip(1.0 - (np.ravel(x) - a) / cbar, 0.0, 1.0)
    return pd.DataFrame({"demand": np.ravel(x), "settlement_probability": settle,
                         "war_probability": 1.0 - settle,
                         "coercer_payoff": np.ravel(x) * settle + w * (1.0 - settle)})


# ====================================================================== finitely many types, one demand
@dataclass(frozen=True)
class Screening:
    """The coercer's optimal one-shot demand against finitely many types (:func:`screen`).

    Arrays have the batch shape in front; type-indexed arrays end with the
    type axis (order of ``types``).  ``demand``, ``settlement_probability``,
    ``war_probability``, ``coercer_payoff``; ``accepts[..., i]`` (type i takes
    the off-ramp); ``posterior_after_rejection[..., i]`` (Bayes; NaN-free:
    where nobody rejects it is the prior and ``rejection_possible`` is False).

    Attributes
    ----------
    types : tuple of str
        The types.
    demand, settlement_probability, war_probability, coercer_payoff : numpy.ndarray
        At the optimal demand.
    accepts : numpy.ndarray
        Which types accept it (last axis the types).
    posterior_after_rejection : numpy.ndarray
        The coercer's belief after a rejection.
    rejection_possible : numpy.ndarray
        Some type with positive prior rejects.

    Examples
    --------
    >>> from compellence.coercion import screen
    >>> sc = screen([0.4, 0.1, float("-inf")], [0.5, 0.3, 0.2], 0.0,
    ...             types=["pragmatic", "hard", "unappeasable"])
    >>> sc.posterior_after_rejection.round(6).tolist()
    [0.0, 0.6, 0.4]
    """

    types: tuple[str, ...]
    demand: np.ndarray
    settlement_probability: np.ndarray
    war_probability: np.ndarray
    coercer_payoff: np.ndarray
    accepts: np.ndarray
    posterior_after_rejection: np.ndarray
    rejection_possible: np.ndarray

    def to_frame(self, index: tuple[int, ...] = ()) -> pd.DataFrame:
        """One row per type at one batch point.

        Parameters
        ----------
        index : tuple of int, optional
            The batch point (default ``()``, a scalar screening).

        Returns
        -------
        pandas.DataFrame
            One row per type.

        Examples
        --------
        >>> from compellence.coercion import screen
        >>> sc = screen([0.4, 0.1, float("-inf")], [0.5, 0.3, 0.2], 0.0,
        ...             types=["pragmatic", "hard", "unappeasable"])
        >>> sc.to_frame()["type"].tolist()
        ['pragmatic', 'hard', 'unappeasable']
        """
        from .._frames import batch_columns

        if index is None or index == ():  # every batch element (one row per type if scalar)
            batch = np.shape(self.demand)
            cols: dict[str, Any] = {"type": np.repeat(np.asarray(self.types, dtype=object),
                                                      int(np.prod(batch)))}
            cols.update(batch_columns(batch, len(self.types)))
            cols["accepts"] = np.moveaxis(np.asarray(self.accepts), -1, 0).reshape(-1)
            cols["posterior_after_rejection"] = np.moveaxis(
                np.asarray(self.posterior_after_rejection), -1, 0).reshape(-1)
            cols["demand"] = np.tile(np.ravel(self.demand), len(self.types))
            cols["war_probability"] = np.tile(np.ravel(self.war_probability), len(self.types))
            return pd.DataFrame(cols)
        idx = index if isinstance(index, tuple) else (index,)
        return pd.DataFrame({
            "type": list(self.types),
            "accepts": self.accepts[idx],
            "posterior_after_rejection": self.posterior_after_rejection[idx],
        }).assign(demand=float(self.demand[idx]), war_probability=float(self.war_probability[idx]))


def screen(thresholds: ArrayLike, prior: ArrayLike, coercer_war_payoff: ArrayLike, *,
           types: Sequence[str] | None = None) -> Screening:
    """The coercer's optimal demand against types with acceptance thresholds ``xbar_i`` and prior ``q_i``.

    ``EU(c) = c Pr(xbar >= c) + w Pr(xbar < c)`` over ``c = max(xbar_i, 0)``
    (module docstring); batched over every argument (the last axis of
    ``thresholds`` and ``prior`` is the type).

    Parameters
    ----------
    thresholds : array_like
        ``xbar_i``, each type's acceptance threshold (share of the stake; last
        axis the types; negative or ``-inf``: rejects every off-ramp).
    prior : array_like
        ``q_i``, the coercer's prior over the types (last axis sums to 1).
    coercer_war_payoff : array_like
        ``w``, the coercer's payoff if the target rejects (stake units).
    types : sequence of str or None, optional
        Type names.

    Returns
    -------
    Screening
        The optimal demand, who accepts and the posterior after a rejection.

    Raises
    ------
    ParameterError
        A bad prior or thresholds (named).

    Raises
    ------
    ParameterError
        A prior that is negative or does not sum to 1 (``prior``), thresholds
        that are NaN or ``+inf`` (``thresholds``), or no type with a finite threshold.

    Examples
    --------
    >>> from compellence.coercion import screen
    >>> sc = screen([0.4, 0.1, float("-inf")], [0.5, 0.3, 0.2], 0.0,
    ...             types=["pragmatic", "hard", "unappeasable"])
    >>> float(sc.demand), float(sc.settlement_probability), sc.accepts.tolist()
    (0.4, 0.5, [True, False, False])
    """
    xbar = type_thresholds(thresholds)
    N = xbar.shape[-1]
    q = check_prior(prior, N)
    w = check_real(coercer_war_payoff, "coercer_war_payoff")
    labels = type_labels(types, N)
    finite = np.isfinite(xbar)
    if not np.all(np.any(finite, axis=-1)):
        raise ParameterError("at least one type must have a finite threshold (some demand it accepts)",
                             "thresholds")
    batch = np.broadcast_shapes(xbar.shape[:-1], q.shape[:-1], w.shape)
    xbar = np.broadcast_to(xbar, (*batch, N))
    q = np.broadcast_to(q, (*batch, N))
    w_ = np.broadcast_to(w, batch)
    # candidates: each finite threshold (floored at 0) and "a demand every type rejects" (+inf)
    cand = np.concatenate([np.where(np.isfinite(xbar), np.maximum(xbar, 0.0), np.inf),
                           np.full((*batch, 1), np.inf)], axis=-1)
    acc = xbar[..., None, :] >= cand[..., :, None]  # (..., candidate, type)
    p_acc = (acc * q[..., None, :]).sum(axis=-1)
    eu = np.where(np.isfinite(cand), np.where(np.isfinite(cand), cand, 0.0) * p_acc, 0.0) \
        + w_[..., None] * (1.0 - p_acc)
    eu[..., :N] = np.where(np.isfinite(cand[..., :N]), eu[..., :N], -np.inf)
    # ties: the lower demand (more settlement); the sure-rejection candidate sorts last
    order = np.argsort(cand, axis=-1, kind="stable")
    eu_sorted = np.take_along_axis(eu, order, axis=-1)
    best_sorted = np.argmax(eu_sorted >= eu_sorted.max(axis=-1, keepdims=True) - 1e-12, axis=-1)
    best = np.take_along_axis(order, best_sorted[..., None], axis=-1)[..., 0]
    x = np.take_along_axis(cand, best[..., None], axis=-1)[..., 0]
    accepts = xbar >= x[..., None]
    settle = (accepts * q).sum(axis=-1)
    rej = q * ~accepts
    tot = rej.sum(axis=-1)
    possible = tot > 0
    post = np.where(possible[..., None], rej / np.where(possible, tot, 1.0)[..., None], q)
    pay = np.where(np.isfinite(x), np.where(np.isfinite(x), x, 0.0) * settle, 0.0) + w_ * (1.0 - settle)
    return Screening(types=labels, demand=x, settlement_probability=settle, war_probability=1.0 - settle,
                     coercer_payoff=pay, accepts=accepts,
                     posterior_after_rejection=post, rejection_possible=possible)


def type_labels(types: Sequence[str] | None, N: int) -> tuple[str, ...]:
    if types is None:
        return tuple(f"type{i}" for i in range(N))
    labels = tuple(str(t) for t in types)
    if len(labels) != N or len(set(labels)) != N:
        raise ParameterError(f"must be {N} distinct labels, one per type, got {list(types)}", "types")
    return labels


def screening_game(thresholds: ArrayLike, prior: ArrayLike, coercer_war_payoff: ArrayLike, *,
                   types: Sequence[str] | None = None, coercer_first: bool = True,
                   tie_margin: float = 0.0) -> Game:
    """The one-shot screening model as a game tree (batched numbers, fixed tree).

    ``coercer_first=True``: the coercer picks a candidate demand (action
    ``"demand xbar[type]"``, value ``max(xbar_type, 0)``, or ``"demand more
    than any type accepts"``, value ``max xbar + 1``), chance draws the
    type, the type accepts or rejects: perfect information, solved by
    ``cp.spe``.  ``False``: chance first and the coercer's nodes in one
    information set (the Bayesian form; sequence-form LCP).  Payoffs:
    coercer ``x`` / ``w``; type ``-x`` / ``-xbar`` (its resistance branch in
    concession units).  A ``-inf`` type has no decision (it rejects).

    At a demand equal to its threshold a type is indifferent; the closed form
    breaks the tie towards acceptance (the only way the coercer has a best
    demand).  Solvers that may pick the other side of the tie (any Nash
    solver, or a logit limit, which mixes 50:50) can be given a strict
    preference with ``tie_margin > 0``: the candidate demands become
    ``max(xbar - tie_margin, 0)`` (the coercer's value moves by at most ``tie_margin``).

    Parameters
    ----------
    thresholds : array_like
        ``xbar_i``, each type's acceptance threshold (share of the stake; last
        axis the types; negative or ``-inf``: rejects every off-ramp).
    prior : array_like
        ``q_i``, the coercer's prior over the types (last axis sums to 1).
    coercer_war_payoff : array_like
        ``w``, the coercer's payoff if the target rejects (stake units).
    types : sequence of str or None, optional
        Type names.
    coercer_first : bool, optional
        The coercer picks the demand before nature draws the type (default
        True).
    tie_margin : float, optional
        Shift of the thresholds used to break acceptance ties (default 0).

    Returns
    -------
    Game
        The tree.

    Raises
    ------
    ParameterError
        A bad prior or thresholds (named).

    Examples
    --------
    >>> import compellence as cp
    >>> from compellence.coercion import screening_game
    >>> cp.spe(screening_game([0.4, 0.1], [0.5, 0.5], 0.0)).path()[0]
    'demand xbar[type0]'
    """
    xbar = type_thresholds(thresholds)
    N = xbar.shape[-1]
    q = check_prior(prior, N)
    w = check_real(coercer_war_payoff, "coercer_war_payoff")
    labels = type_labels(types, N)
    fin = [bool(np.all(np.isfinite(xbar[..., i]))) for i in range(N)]
    if not any(fin):
        raise ParameterError("at least one type must have a finite threshold", "thresholds")
    cands = [i for i in range(N) if fin[i]]

    def respond(t: int, x: Any) -> Any:
        if not fin[t]:
            return outcome(Coercer=w, Target=0.0)
        return decision("Target", {
            "accept": outcome(Coercer=x, Target=-x),
            "reject": outcome(Coercer=w, Target=-xbar[..., t]),
        }, infoset=None)

    margin = float(check_real(tie_margin, "tie_margin", 0.0))

    def value(j: int) -> Any:
        return np.maximum(xbar[..., j] - margin, 0.0)

    top = np.max(np.stack([np.maximum(xbar[..., j], 0.0) for j in cands]), axis=0) + 1.0

    def demands(t: int) -> dict[str, Any]:
        acts = {f"demand xbar[{labels[j]}]": respond(t, value(j)) for j in cands}
        acts["demand more than any type accepts"] = respond(t, top)
        return acts

    if coercer_first:
        names = [*(f"demand xbar[{labels[j]}]" for j in cands), "demand more than any type accepts"]
        root = decision("Coercer", {
            a: chance({labels[t]: (q[..., t], demands(t)[a]) for t in range(N)}) for a in names
        })
    else:
        root = chance({labels[t]: (q[..., t], decision("Coercer", demands(t), infoset="coercer"))
                       for t in range(N)})
    return Game(["Coercer", "Target"], root, title="screening: one demand")


# ====================================================================== several rounds
@dataclass(frozen=True)
class SequentialScreening:
    """Equilibrium-path quantities of the K-round screening game (:func:`sequential_screening`).

    ``demand_path[k]``: {demand: probability} of the round-``k+1`` demand given
    ``k`` rejections (empty when round ``k+1`` is never reached);
    ``acceptance[type][k]``: probability the type accepts in round ``k+1``;
    ``offramp_probability[type]``: probability it takes the off-ramp at all;
    ``posterior[k][type]``: the coercer's belief after ``k`` rejected demands
    (``k = 0`` is the prior; ``None`` where ``k`` rejections have probability 0);
    ``coercer_payoff``; ``game`` and ``solution`` (the tree and its solve).

    Attributes
    ----------
    types : tuple of str
        The types.
    rounds : int
        Rounds at most.
    demand_path : tuple of dict
        ``{demand: probability}`` per round.
    acceptance : dict of str to tuple of float
        Per type, the probability of accepting in each round.
    offramp_probability : dict of str to float
        Per type, the probability of settling at all.
    posterior : tuple of dict or None
        The coercer's belief before each round.
    coercer_payoff : float
        Its expected payoff.
    game : Game
        The tree.
    solution : object
        The solver's result.

    Examples
    --------
    >>> from compellence.coercion import sequential_screening
    >>> sq = sequential_screening([0.4, 0.1], [0.5, 0.5], [0.1, 0.4], rounds=2, coercer_war_payoff=0.0,
    ...                           coercer_round_cost=0.05, types=["pragmatic", "hard"])
    >>> sq.offramp_probability
    {'pragmatic': 1.0, 'hard': 0.0}
    """

    types: tuple[str, ...]
    rounds: int
    demand_path: tuple[dict[float, float], ...]
    acceptance: dict[str, tuple[float, ...]]
    offramp_probability: dict[str, float]
    posterior: tuple[dict[str, float] | None, ...]
    coercer_payoff: float
    game: Game
    solution: Any

    def to_frame(self) -> pd.DataFrame:
        """One row per round: the demand distribution, acceptance by type, the posterior before the round.

        Returns
        -------
        pandas.DataFrame
            One row per round.

        Examples
        --------
        >>> from compellence.coercion import sequential_screening
        >>> sq = sequential_screening([0.4, 0.1], [0.5, 0.5], [0.1, 0.4], rounds=2, coercer_war_payoff=0.0,
        ...                           coercer_round_cost=0.05, types=["pragmatic", "hard"])
        >>> len(sq.to_frame())
        2
        """
        rows = []
        for k in range(self.rounds):
            row: dict[str, Any] = {"round": k + 1,
                                   "demand": ", ".join(f"{d:.4g}: {p:.3g}" for d, p in self.demand_path[k].items())}
            for t in self.types:
                row[f"accept[{t}]"] = self.acceptance[t][k]
            post = self.posterior[k]
            for t in self.types:
                row[f"posterior[{t}]"] = None if post is None else post[t]
            rows.append(row)
        return pd.DataFrame(rows)


def sequential_screening(
    thresholds: Sequence[float], prior: Sequence[float], demands: Sequence[float], *, rounds: int,
    coercer_war_payoff: float, coercer_round_cost: float = 0.0, target_round_cost: float = 0.0,
    types: Sequence[str] | None = None, method: Literal["lcp", "qre"] = "lcp",
) -> SequentialScreening:
    """Up to ``rounds`` demands from a menu, beliefs updated on each rejection (module docstring).

    Scalar inputs (one game); the tree has ``|types| * |demands| ** rounds``
    leaves per branch.  ``method="lcp"``: the sequence-form LCP (a Nash
    equilibrium of the tree, exact); ``method="qre"``: the limit of the
    agent logit QRE traced until the regret at every information set,
    conditional on reaching it, is below ``1e-7`` of the payoff range
    (``qre_path(criterion="sequential")``: an approximate sequential
    equilibrium).  With demands on the menu that equal a type's threshold the
    type is indifferent and the two may select different equilibria; with
    menus off the thresholds they agree in the tests.

    Parameters
    ----------
    thresholds : sequence of float
        ``xbar_i`` per type.
    prior : sequence of float
        ``q_i``.
    demands : sequence of float
        The menu of demands (shares of the stake).
    rounds : int
        Number of rounds at most.
    coercer_war_payoff : float
        ``w``.
    coercer_round_cost, target_round_cost : float, optional
        Per-round costs of waiting (stake units; default 0).
    types : sequence of str or None, optional
        Type names.
    method : {"lcp", "qre"}, optional
        The solver (see above; default ``"lcp"``).

    Returns
    -------
    SequentialScreening
        The equilibrium path.

    Raises
    ------
    ParameterError
        Bad inputs (named).

    Raises
    ------
    ParameterError
        Bad prior (``prior``), thresholds (``thresholds``), an empty or
        negative menu (``demands``), ``rounds < 1`` (``rounds``), negative costs.

    Examples
    --------
    >>> from compellence.coercion import sequential_screening
    >>> sq = sequential_screening([0.4, 0.1], [0.5, 0.5], [0.1, 0.4], rounds=2, coercer_war_payoff=0.0,
    ...                           coercer_round_cost=0.05, types=["pragmatic", "hard"])
    >>> sq.demand_path[0], round(sq.coercer_payoff, 6)
    ({0.4: 1.0}, 0.15)
    """
    xbar = type_thresholds(thresholds)
    if xbar.ndim != 1:
        raise ParameterError("sequential_screening takes one scalar game: a flat list of thresholds", "thresholds")
    N = xbar.size
    q = check_prior(prior, N)
    if q.ndim != 1:
        raise ParameterError("sequential_screening takes one scalar game: a flat prior", "prior")
    menu = check_real(demands, "demands", 0.0)
    if menu.ndim != 1 or menu.size == 0 or len(set(menu.tolist())) != menu.size:
        raise ParameterError("must be a non-empty list of distinct demands >= 0", "demands")
    if not isinstance(rounds, (int, np.integer)) or isinstance(rounds, bool) or rounds < 1:
        raise ParameterError(f"must be a whole number >= 1, got {rounds!r}", "rounds")
    if menu.size ** rounds * N > 20_000:
        raise ParameterError(
            f"{menu.size} demands over {rounds} rounds and {N} types give "
            f"{menu.size ** rounds * N} histories; use fewer", "demands")
    w = float(check_real(coercer_war_payoff, "coercer_war_payoff"))
    cC = float(check_real(coercer_round_cost, "coercer_round_cost", 0.0))
    cT = float(check_real(target_round_cost, "target_round_cost", 0.0))
    labels = type_labels(types, N)
    K = int(rounds)

    def node(t: int, k: int, hist: tuple[int, ...]) -> Any:
        # coercer's round-k demand (k = 1..K) after rejections of the demands in hist
        acts = {}
        for j, x in enumerate(menu.tolist()):
            h = (*hist, j)
            rejected = node(t, k + 1, h) if k < K else outcome(
                Coercer=w - (K - 1) * cC,
                Target=-(float(xbar[t]) + (K - 1) * cT) if np.isfinite(xbar[t]) else 0.0)
            if np.isfinite(xbar[t]):
                acts[f"demand {x:g}"] = decision("Target", {
                    "accept": outcome(Coercer=x - (k - 1) * cC, Target=-(x + (k - 1) * cT)),
                    "reject": rejected,
                }, infoset=f"{labels[t]} at {'/'.join(str(i) for i in h)}")
            else:
                acts[f"demand {x:g}"] = rejected
        return decision("Coercer", acts, infoset="round 1" if not hist else
                        "after " + "/".join(str(i) for i in hist))

    game = Game(["Coercer", "Target"], chance({labels[t]: (float(q[t]), node(t, 1, ())) for t in range(N)}),
                title=f"screening: {K} rounds")
    from ..solvers.solution import reach_probabilities

    if method == "lcp":
        from ..solvers.nash import nash

        sol = nash(game, method="lcp").behavior(0)
    elif method == "qre":
        from ..solvers.qre import qre_path

        sol = qre_path(game, max_regret=1e-7, criterion="sequential").solution
    else:
        raise ParameterError(f"must be 'lcp' or 'qre', got {method!r}", "method")
    ep = np.asarray(sol.edge_prob)
    reach = reach_probabilities(game, ep)
    # walk each type's subtree
    type_nodes = list(game.children(0))
    acceptance: dict[str, list[float]] = {t: [0.0] * K for t in labels}
    reach_round = np.zeros((N, K))  # Pr(round k+1 reached | type)
    demand_mass: list[dict[float, float]] = [dict() for _ in range(K)]
    for ti, root_t in enumerate(type_nodes):
        qt = float(q[ti])
        stack = [(int(root_t), 0)]
        while stack:
            n, k = stack.pop()
            if game.kind[n] != DECISION:
                continue
            pr = float(reach[n]) / qt if qt > 0 else 0.0
            if game.players[game.player[n]] == "Coercer":
                reach_round[ti, k] += pr
                for c, x in zip(game.children(n), menu.tolist()):
                    demand_mass[k][x] = demand_mass[k].get(x, 0.0) + float(reach[c])
                    # a type that rejects everything has no decision: its next node is the next round
                    nxt = k if game.kind[c] == DECISION and game.players[game.player[c]] == "Target" else k + 1
                    stack.append((int(c), nxt))
            else:
                acc, rej = list(game.children(n))
                acceptance[labels[ti]][k] += float(reach[acc]) / qt if qt > 0 else 0.0
                stack.append((int(rej), k + 1))
    posterior: list[dict[str, float] | None] = []
    path: list[dict[float, float]] = []
    for k in range(K):
        mass = q * reach_round[:, k]
        tot = float(mass.sum())
        posterior.append(None if tot <= 1e-15 else {t: float(m / tot) for t, m in zip(labels, mass)})
        dm = demand_mass[k]
        s = sum(dm.values())
        path.append({} if s <= 1e-15 else {x: p / s for x, p in dm.items() if p / s > 1e-12})
    return SequentialScreening(
        types=labels, rounds=K, demand_path=tuple(path),
        acceptance={t: tuple(v) for t, v in acceptance.items()},
        offramp_probability={t: float(sum(v)) for t, v in acceptance.items()},
        posterior=tuple(posterior), coercer_payoff=float(np.asarray(sol.value)[0]),
        game=game, solution=sol,
    )

