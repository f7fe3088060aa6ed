"""From a defection outcome to the compellence game's off-ramp margin.

A cascade study answers "what share of the target's units surrendered, what
share of its diplomats resigned, how likely is its leader to lose office".
The off-ramp margin of the compellence game (:mod:`compellence.coercion.offramp`,
whose module docstring has the full branch table) is::

    M = (pi_T phi + pi_A - 1) (r s D + Z) - x - cc + L

**Where defections enter.**  Units that surrender, diplomats who resign and a
leader who may fall are costs of *fighting on* that the target pays whatever
the coercer does: the coercer (a sanctioner, an arms supplier) neither
imposes them nor lifts them, and they do not vanish when it backs down.  They
are therefore part of the *resistance cost* ``L``, which appears on both
resist branches (resist-punish and resist-back down) and on no comply branch:

=====================================  ==========================  ========================
component (cost to the target, PV)     branches                    controlled by
=====================================  ==========================  ========================
units lost ``unit_cost * u``           resist-punish, resist-back  nobody once fighting on
                                       down                        (the cascade)
diplomats resigned ``diplomat_cost d`` resist-punish, resist-back  nobody (the cascade)
                                       down
regime fall ``regime_cost * W``        resist-punish, resist-back  nobody (the services'
                                       down                        and public's cascade)
=====================================  ==========================  ========================

so ``L = L_0 + L_def`` with ``L_0`` the user's other resistance cost and::

    L_def = unit_cost * u + diplomat_cost * d + regime_cost * W

(all in stake units, present values).  ``u`` and ``d`` are stock losses: the
share of units lost and of diplomats resigned in the campaign the target
chooses by fighting on; ``unit_cost`` and ``diplomat_cost`` are what losing
*all* of them is worth to the target now.  Since ``dM/dL = 1``, more
surrenders never close the off-ramp: ``dM/du = unit_cost >= 0`` (plus the
optional credibility channel below, which has the same sign).  They open it
where ``M(u = 0) < 0 <= M(u = 1)``, at ``u* = -M(0) / unit_cost`` without the
credibility channel (:func:`critical_units_lost`).

**Regime fall** is a one-off event with a probability (leader survival:
Chiozza & Goemans 2011, *Leaders and International Conflict*): if the target
fights on, its leader loses office with some probability, a one-off cost
``K = regime_cost`` (stake units) paid at the fall.  Two timings, one of them
per call:

* ``regime_fall_prob = q``: the fall (if any) happens within the campaign,
  valued now: ``W = q``, present value ``q K``.
* ``regime_fall_hazard = h`` (with ``delta`` and ``horizon``): while the target
  fights on, the leader falls in period ``t = 1, 2, ..`` with first-passage
  probability ``(1 - h)^(t - 1) h``; the cost ``K`` is paid once, discounted
  by ``delta^t``::

      W = sum_{t=1..H} delta^t (1 - h)^(t-1) h
        = h delta (1 - (delta (1 - h))^H) / (1 - delta (1 - h))      (H finite)
        = h delta / (1 - delta (1 - h))                              (H infinite)

  (geometric sum with ratio ``delta (1 - h) < 1``; ``W = 0`` at ``h = 0``).  The
  probability that the leader falls within the horizon is
  ``F = 1 - (1 - h)^H`` (``F = 1`` for ``h > 0`` and an infinite horizon).

``q`` (or ``h``) is the risk of losing office *because the target fights on*,
over and above any risk it runs by complying (a fall risk of conceding belongs
in the compliance cost).  It is not a per-period cost paid forever.

**The coercer's credibility (optional, off by default).**  Mechanism: the
coercer's resolve follows the target's prospects on the battlefield (beliefs
and resolve updated by battle outcomes: Filson & Werner 2002; Slantchev 2003):
a coercer whose victim is winning finds it cheaper to keep punishing, so its
threat is more credible.  The target's probability of prevailing comes from a
ratio contest success function (Tullock 1980; Hirshleifer 1989),
``p = m_T^g / (m_T^g + m_A^g)`` with decisiveness ``g``; ``p0`` fixes
``m_A / m_T = ((1 - p0) / p0)^(1/g)`` (``m_T = 1``).  Losing a share ``u`` of
units, of which a share ``w`` switch sides, and a leader who falls with
probability ``F``::

    p1 = (1 - F) (1 - u)^g / ((1 - u)^g + (m_A + w u)^g)
    pi_T' = clip(pi_T + k (p0 - p1), 0, 1)

with ``k = credibility_sensitivity >= 0`` set by the user; ``k = 0`` (the
default) switches the channel off, and then defections enter the margin only
through ``L``.  With ``k > 0`` the margin still rises with ``u``: ``p1`` falls
in ``u`` and ``M`` rises in ``pi_T`` (its slope is ``phi (r s D + Z) >= 0``).

The zero-defection margin reported beside the result
(``margin_without_defections``) is the same model at ``u = d = 0`` and no fall
risk, i.e. ``L = L_0`` and ``pi_T' = pi_T``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .._frames import element_frame
from ..cascades.global_game import RegimeChangeEquilibrium, SecurityServicesOutcome
from ..cascades.interventions import InterventionOutcome
from ..cascades.threshold import BatchCascadeResult, CascadeResult
from ..coercion.offramp import (
    Critical,
    check_horizon,
    future_weight,
    offramp_margin,
)
from ..errors import ParameterError
from ..validation import check_probability, check_real

if TYPE_CHECKING:
    from ..games import Game

#: what ``units_lost`` / ``diplomats_resigned`` accept besides a share: a cascade outcome
CascadeOutcome = CascadeResult | BatchCascadeResult | InterventionOutcome
#: what ``regime_fall_prob`` accepts besides a probability: a regime-change outcome
RegimeFallOutcome = SecurityServicesOutcome | RegimeChangeEquilibrium

__all__ = [
    "DefectionImpact",
    "defection_impact",
    "DefectionOfframp",
    "offramp_with_defections",
    "critical_units_lost",
    "regime_fall_weight",
]


def _share(x: Any, name: str) -> np.ndarray:
    """A share in [0, 1]: a number, an array, or a cascade / global-game result."""
    if isinstance(x, CascadeResult):
        x = x.share
    elif isinstance(x, (BatchCascadeResult, InterventionOutcome)):
        x = x.shares
    elif isinstance(x, (SecurityServicesOutcome, RegimeChangeEquilibrium)):
        x = x.fall_probability
    return check_probability(x, name)


def regime_fall_weight(
    hazard: ArrayLike, delta: ArrayLike, horizon: ArrayLike | None = None
) -> NDArray[np.float64]:
    """Present value of a one-off unit cost paid when the leader falls, per-period hazard ``h``.

    ``W = sum_{t=1..H} delta^t (1 - h)^(t-1) h = h delta (1 - (delta (1 - h))^H) / (1 - delta (1 - h))``
    (``h delta / (1 - delta (1 - h))`` for an infinite horizon; derivation in the module
    docstring).  Batched.

    Parameters
    ----------
    hazard : array_like
        ``h``: probability per period that the leader falls while the target
        fights on, in ``[0, 1]``.
    delta : array_like
        Per-period discount factor, in ``(0, 1)`` (``(0, 1]`` with a finite
        ``horizon``).
    horizon : array_like or None, optional
        Number of periods (integer ``>= 1``); ``None`` (default) for an infinite
        horizon.

    Returns
    -------
    numpy.ndarray
        ``W`` (float, in ``[0, 1]``), the broadcast shape of the arguments.

    Raises
    ------
    ParameterError
        An argument is not finite or lies outside its range (named).

    Examples
    --------
    >>> from compellence.linking import regime_fall_weight
    >>> float(regime_fall_weight(1.0, 0.9))      # falls in period 1 for sure
    0.9
    >>> round(float(regime_fall_weight(0.1, 0.9, 2)), 6)   # 0.9*0.1 + 0.81*0.9*0.1
    0.1629
    """
    hh = check_horizon(horizon)
    h = check_real(hazard, "regime_fall_hazard", 0.0, 1.0)
    d = check_real(delta, "delta", 0.0, 1.0, lo_open=True, hi_open=hh is None)
    q = d * (1.0 - h)
    one = q >= 1.0  # only at delta = 1, h = 0 (finite horizon): W = 0
    qs = np.where(one, 0.5, q)
    tail = 1.0 if hh is None else 1.0 - qs**hh
    w = h * d * tail / (1.0 - qs)
    return np.where(one, 0.0, w)[()]


@dataclass(frozen=True, eq=False)
class DefectionImpact:
    """What a defection outcome costs the target if it fights on (arrays broadcast).

    Built by :func:`defection_impact`.

    Attributes
    ----------
    units_lost, diplomats_resigned : numpy.ndarray
        The shares ``u``, ``d`` of units lost and diplomats resigned (inputs, in
        ``[0, 1]``).
    regime_fall_prob : numpy.ndarray
        ``F``, probability that the leader falls if the target fights on (the
        input ``q``, or ``1 - (1 - h)^H`` from a hazard).
    regime_fall_weight : numpy.ndarray
        ``W``, present value of a unit cost paid at the fall (derived).
    resistance_cost : numpy.ndarray
        ``L_def = unit_cost u + diplomat_cost d + regime_cost W`` (derived, stake
        units, present value): added to the resistance cost of the off-ramp margin.
    p_prevail_before, p_prevail_after : numpy.ndarray
        The target's probability of prevailing before and after the defections
        (contest success function).
    threat_credibility_shift : numpy.ndarray
        ``k (p0 - p1)`` (derived; 0 when ``credibility_sensitivity = 0``).

    Examples
    --------
    >>> from compellence.linking import defection_impact
    >>> imp = defection_impact(units_lost=0.2, regime_fall_prob=0.1, regime_cost=2.0)
    >>> round(float(imp.resistance_cost), 12)
    0.4
    """

    units_lost: np.ndarray
    diplomats_resigned: np.ndarray
    regime_fall_prob: np.ndarray
    regime_fall_weight: np.ndarray
    resistance_cost: np.ndarray
    p_prevail_before: np.ndarray
    p_prevail_after: np.ndarray
    threat_credibility_shift: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """One row per batch element.

        Returns
        -------
        pandas.DataFrame
            The fields, one column each, one row per element of the broadcast batch.

        Examples
        --------
        >>> from compellence.linking import defection_impact
        >>> defection_impact(units_lost=[0.1, 0.3]).to_frame()["resistance_cost"].tolist()
        [0.1, 0.3]
        """
        cols = {k: getattr(self, k) for k in self.__dataclass_fields__}
        return element_frame(cols)

    def __repr__(self) -> str:
        if np.ndim(self.resistance_cost) == 0 and np.ndim(self.threat_credibility_shift) == 0:
            return (f"DefectionImpact(resistance_cost={float(self.resistance_cost):.4g}, "
                    f"p_prevail {float(self.p_prevail_before):.3f} -> "
                    f"{float(self.p_prevail_after):.3f}, "
                    f"threat_credibility_shift={float(self.threat_credibility_shift):+.4f})")
        return f"DefectionImpact(batch shape {np.shape(self.resistance_cost)})"


def _contest(u, w, p0, g, fall):
    """``p1 = (1 - F) (1 - u)^g / ((1 - u)^g + (m_A + w u)^g)``, ``m_A = ((1 - p0)/p0)^(1/g)``."""
    m_a = ((1.0 - p0) / p0) ** (1.0 / g)
    m_t1 = 1.0 - u
    with np.errstate(divide="ignore", invalid="ignore"):
        num = m_t1**g
        p1 = np.where(m_t1 > 0, num / (num + (m_a + w * u) ** g), 0.0)
    return (1.0 - fall) * p1


def _fall(regime_fall_prob, regime_fall_hazard, delta, horizon):
    """``(F, W)``: probability of falling if fighting on, and PV weight of the fall cost."""
    if regime_fall_hazard is None:
        if delta is not None or horizon is not None:
            raise ParameterError("delta and horizon time a regime_fall_hazard; with "
                                 "regime_fall_prob the fall is valued now (W = q)", "delta")
        q = _share(0.0 if regime_fall_prob is None else regime_fall_prob, "regime_fall_prob")
        return q, q
    if regime_fall_prob is not None:
        raise ParameterError("give regime_fall_prob (a one-off fall within the campaign) or "
                             "regime_fall_hazard (per period), not both", "regime_fall_hazard")
    if delta is None:
        raise ParameterError("a regime_fall_hazard needs the discount factor delta", "delta")
    w = np.asarray(regime_fall_weight(regime_fall_hazard, delta, horizon))
    h = np.asarray(regime_fall_hazard, dtype=float)
    hh = check_horizon(horizon)
    f = np.where(h > 0, 1.0, 0.0) if hh is None else 1.0 - (1.0 - h) ** hh
    return np.asarray(f), w


def defection_impact(
    units_lost: ArrayLike | CascadeOutcome = 0.0,
    diplomats_resigned: ArrayLike | CascadeOutcome = 0.0,
    regime_fall_prob: ArrayLike | RegimeFallOutcome | None = None,
    *,
    regime_fall_hazard: ArrayLike | None = None,
    delta: ArrayLike | None = None,
    horizon: ArrayLike | None = None,
    unit_cost: ArrayLike = 1.0,
    diplomat_cost: ArrayLike = 0.0,
    regime_cost: ArrayLike = 0.0,
    p_prevail: ArrayLike = 0.5,
    decisiveness: ArrayLike = 1.0,
    switch_share: ArrayLike = 0.0,
    credibility_sensitivity: ArrayLike = 0.0,
) -> DefectionImpact:
    """The target's resistance cost from a defection outcome (formulas in the module docstring).

    ``units_lost`` and ``diplomats_resigned`` are shares, or cascade results (a
    batch gives a batch).  Regime fall is given one way or the other:
    ``regime_fall_prob`` (valued now) or ``regime_fall_hazard`` (per period, with
    ``delta`` and an optional ``horizon``).  ``p_prevail``, ``decisiveness``,
    ``switch_share`` and ``credibility_sensitivity`` drive the optional effect on
    the coercer's threat credibility (off at ``credibility_sensitivity = 0``).

    Parameters
    ----------
    units_lost : array_like or cascade result, optional
        ``u``: share of the target's units lost (surrendered, deserted), in
        ``[0, 1]``; or a :class:`~compellence.cascades.CascadeResult`, a batch of
        them or an intervention outcome (its final adoption share).  Default 0.
    diplomats_resigned : array_like or cascade result, optional
        ``d``: share of the diplomatic corps resigned, in ``[0, 1]`` (or a cascade
        result).  Default 0.
    regime_fall_prob : array_like or global-game result, optional
        ``q``: probability that the leader loses office if the target fights on,
        in ``[0, 1]``; or a :class:`~compellence.cascades.SecurityServicesOutcome`
        / :class:`~compellence.cascades.RegimeChangeEquilibrium` (its ex-ante
        ``fall_probability``).  Exclusive with ``regime_fall_hazard``.
    regime_fall_hazard : array_like, optional
        ``h``: probability per period that the leader falls while the target
        fights on, in ``[0, 1]``; needs ``delta``.
    delta : array_like, optional
        Per-period discount factor in ``(0, 1)`` for ``regime_fall_hazard``.
    horizon : array_like or None, optional
        Periods (integer ``>= 1``) for ``regime_fall_hazard``; ``None`` (default)
        for an infinite horizon.
    unit_cost : array_like, optional
        Present value to the target of losing *all* its units, in stake units
        (``>= 0``); default 1.
    diplomat_cost : array_like, optional
        Present value of losing all its diplomats, stake units (``>= 0``);
        default 0.
    regime_cost : array_like, optional
        One-off cost of losing office, stake units (``>= 0``); default 0.
    p_prevail : array_like, optional
        The target's probability of prevailing before the defections, in
        ``(0, 1)``; default 0.5.
    decisiveness : array_like, optional
        ``g > 0``, decisiveness of the ratio contest success function; default 1.
    switch_share : array_like, optional
        ``w``: share of the lost units that switch sides, in ``[0, 1]``;
        default 0.
    credibility_sensitivity : array_like, optional
        ``k >= 0``: rise of the coercer's threat credibility per unit fall in the
        target's probability of prevailing; 0 (default) switches the channel off.

    Returns
    -------
    DefectionImpact
        The resistance cost ``L_def`` and the credibility shift (arrays).

    Raises
    ------
    ParameterError
        A value outside its range, both or neither-but-needed regime-fall
        timings, or a hazard without ``delta`` (the message names the argument).

    Examples
    --------
    >>> from compellence.linking import defection_impact
    >>> imp = defection_impact(units_lost=0.2, unit_cost=1.5, regime_fall_hazard=0.1, delta=0.9,
    ...                        regime_cost=1.0)
    >>> round(float(imp.regime_fall_weight), 6), round(float(imp.resistance_cost), 6)
    (0.473684, 0.773684)
    """
    u = _share(units_lost, "units_lost")
    d = _share(diplomats_resigned, "diplomats_resigned")
    fall, weight = _fall(regime_fall_prob, regime_fall_hazard, delta, horizon)
    cu = check_real(unit_cost, "unit_cost", 0.0)
    cd = check_real(diplomat_cost, "diplomat_cost", 0.0)
    cr = check_real(regime_cost, "regime_cost", 0.0)
    p0 = check_real(p_prevail, "p_prevail", 0.0, 1.0, lo_open=True, hi_open=True)
    g = check_real(decisiveness, "decisiveness", 0.0, lo_open=True)
    w = check_real(switch_share, "switch_share", 0.0, 1.0)
    k = check_real(credibility_sensitivity, "credibility_sensitivity", 0.0)
    try:
        np.broadcast_shapes(*(np.shape(a) for a in (u, d, fall, cu, cd, cr, p0, g, w, k)))
    except ValueError:
        raise ParameterError("the arguments do not broadcast together", "units_lost") from None
    cost = cu * u + cd * d + cr * weight
    p1 = _contest(u, w, p0, g, fall)
    return DefectionImpact(
        units_lost=u[()], diplomats_resigned=d[()], regime_fall_prob=np.asarray(fall)[()],
        regime_fall_weight=np.asarray(weight)[()], resistance_cost=np.asarray(cost)[()],
        p_prevail_before=p0[()], p_prevail_after=np.asarray(p1)[()],
        threat_credibility_shift=np.asarray(k * (p0 - p1))[()],
    )


@dataclass(frozen=True, eq=False)
class DefectionOfframp:
    """The off-ramp margin with a defection outcome, beside the same model without one.

    Built by :func:`offramp_with_defections`.  Arrays broadcast; names as on
    :class:`~compellence.coercion.OffRamp`.

    Attributes
    ----------
    margin : numpy.ndarray
        ``M`` with the defections' resistance cost and credibility shift
        (derived, stake units).
    margin_without_defections : numpy.ndarray
        The same model at ``u = d = 0`` and no fall risk.
    largest_demand, largest_demand_without_defections : numpy.ndarray
        ``max(0, M + x)``, share of the stake.
    resistance_cost : numpy.ndarray
        ``L = L_0 + L_def`` (derived, stake units).
    defection_cost : numpy.ndarray
        ``L_def`` alone.
    effective_threat_credibility : numpy.ndarray
        ``pi_T' = clip(pi_T + k (p0 - p1), 0, 1)`` (derived, probability).
    concession, punishment_pv, effective_reversibility, effective_assurance_credibility, threat_factor, escalation_cost, compliance_cost : numpy.ndarray
        The other terms of the margin (inputs; ``punishment_pv`` is ``P = s D``).
    impact : DefectionImpact
        The defection outcome.

    Examples
    --------
    >>> from compellence.linking import defection_impact, offramp_with_defections
    >>> out = offramp_with_defections(defection_impact(units_lost=0.3), 0.7, 0.1, 0.9,
    ...                               pi_T=0.9, pi_A=0.8, r=1.0)
    >>> out
    DefectionOfframp(margin -0.0700 without defections -> +0.2300, viable False -> True)
    """

    margin: np.ndarray
    margin_without_defections: np.ndarray
    largest_demand: np.ndarray
    largest_demand_without_defections: np.ndarray
    resistance_cost: np.ndarray
    defection_cost: np.ndarray
    effective_threat_credibility: np.ndarray
    concession: np.ndarray
    punishment_pv: np.ndarray
    effective_reversibility: np.ndarray
    effective_assurance_credibility: np.ndarray
    threat_factor: np.ndarray
    escalation_cost: np.ndarray
    compliance_cost: np.ndarray
    impact: DefectionImpact

    @property
    def viable(self) -> np.ndarray:
        """``M >= 0``: the target complies."""
        return np.asarray(self.margin >= 0)[()]

    @property
    def viable_without_defections(self) -> np.ndarray:
        """``M >= 0`` in the same model without defections: the target complies."""
        return np.asarray(self.margin_without_defections >= 0)[()]

    def to_frame(self) -> pd.DataFrame:
        """One row per batch element.

        Returns
        -------
        pandas.DataFrame
            Margins, viability, largest demands, resistance and defection costs and
            the effective threat credibility, one row per element of the batch.

        Examples
        --------
        >>> from compellence.linking import defection_impact, offramp_with_defections
        >>> out = offramp_with_defections(defection_impact(units_lost=[0.0, 0.3]), 0.7, 0.1, 0.9,
        ...                               pi_T=0.9, pi_A=0.8, r=1.0)
        >>> out.to_frame()["viable"].tolist()
        [False, True]
        """
        cols = dict(margin=self.margin, viable=self.viable,
                    margin_without_defections=self.margin_without_defections,
                    viable_without_defections=self.viable_without_defections,
                    largest_demand=self.largest_demand,
                    largest_demand_without_defections=self.largest_demand_without_defections,
                    resistance_cost=self.resistance_cost, defection_cost=self.defection_cost,
                    effective_threat_credibility=self.effective_threat_credibility)
        return element_frame(cols)

    def game(self) -> Game:
        """The compellence tree of this (scalar) result, with ``L`` on both resist branches.

        Target payoffs (minus costs; ``P = s D``): comply-lift ``-(x + cc + (1 - r) P)``,
        comply-renege ``-(x + cc + P + Z)``, resist-punish ``-(L + (1 - r) P + phi (r P + Z))``,
        resist-back down ``-(L + (1 - r) P)``; chance nodes with ``pi_A`` and ``pi_T'``.  The
        coercer gets ``x`` if the target complies, 0 otherwise.  ``compellence.spe`` of it
        has the target comply iff ``margin > 0``.

        Returns
        -------
        compellence.games.Game
            The two-player tree (players ``Coercer``, ``Target``).

        Raises
        ------
        ParameterError
            The result is a batch (index it first).

        Examples
        --------
        >>> import compellence as cp
        >>> from compellence.linking import defection_impact, offramp_with_defections
        >>> out = offramp_with_defections(defection_impact(units_lost=0.3), 0.7, 0.1, 0.9,
        ...                               pi_T=0.9, pi_A=0.8, r=1.0)
        >>> cp.spe(out.game()).path()
        ('comply', 'lift')
        """
        from ..games import Game, chance, decision, outcome

        vals = {k: np.asarray(getattr(self, k)) for k in (
            "concession", "punishment_pv", "effective_reversibility",
            "effective_assurance_credibility", "effective_threat_credibility", "threat_factor",
            "escalation_cost", "compliance_cost", "resistance_cost", "margin")}
        if any(v.ndim for v in vals.values()):
            raise ParameterError("game() needs a scalar result; index the batch first", "game")
        x, P, r, pa, pt, phi, Z, cc, L, _ = (float(v) for v in vals.values())
        return Game(
            ["Coercer", "Target"],
            decision("Target", {
                "comply": chance({"lift": (pa, outcome(x, -(x + cc + (1 - r) * P))),
                                  "renege": (1 - pa, outcome(x, -(x + cc + P + Z)))}),
                "resist": chance({"punish": (pt, outcome(0.0, -(L + (1 - r) * P
                                                               + phi * (r * P + Z)))),
                                  "back down": (1 - pt, outcome(0.0, -(L + (1 - r) * P)))}),
            }),
            title="compellence with defections",
        )

    def __repr__(self) -> str:
        if np.ndim(self.margin) == 0 and np.ndim(self.margin_without_defections) == 0:
            return (f"DefectionOfframp(margin {float(self.margin_without_defections):+.4f} "
                    f"without defections -> {float(self.margin):+.4f}, viable "
                    f"{bool(self.viable_without_defections)} -> {bool(self.viable)})")
        return f"DefectionOfframp(batch shape {np.shape(self.margin)})"


def offramp_with_defections(
    impact: DefectionImpact,
    x: ArrayLike,
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
) -> DefectionOfframp:
    """The off-ramp margin with the defections' resistance cost (module docstring).

    ``M = (pi_T' phi + pi_A - 1)(r s D + Z) - x - cc + L_0 + L_def`` with
    ``pi_T' = clip(pi_T + k (p0 - p1), 0, 1)`` (``= pi_T`` unless the credibility channel
    is on) and ``L_0 = resistance_cost``, ``L_def = impact.resistance_cost``; beside it the
    same model without defections (``L_def = 0``, ``pi_T' = pi_T``).  Everything broadcasts.

    Parameters
    ----------
    impact : DefectionImpact
        The defection outcome (:func:`defection_impact`).

    x : array_like
        Demanded concession, as a share of the stake, in ``[0, 1]``.
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
        ``L_0``: what resisting costs the target whatever the coercer does
        (battlefield losses, defections, expected regime-fall cost), in stake
        units; any real, default 0.

    Returns
    -------
    DefectionOfframp
        The margin with and without the defections, and its terms.

    Raises
    ------
    ParameterError
        An argument is not finite, outside its range, or the arguments do not
        broadcast together (named).

    Examples
    --------
    >>> from compellence.linking import defection_impact, offramp_with_defections
    >>> out = offramp_with_defections(defection_impact(units_lost=0.3), 0.7, 0.1, 0.9,
    ...                               pi_T=0.9, pi_A=0.8, r=1.0)
    >>> round(float(out.margin_without_defections), 6), round(float(out.margin), 6)
    (-0.07, 0.23)
    """
    if not isinstance(impact, DefectionImpact):
        raise ParameterError(f"must be a DefectionImpact; got {type(impact).__name__}", "impact")
    kw = dict(compliance_cost=compliance_cost, threat_factor=threat_factor,
              escalation_cost=escalation_cost)
    l0 = check_real(resistance_cost, "resistance_cost")
    m0 = offramp_margin(x, s, delta, pi_T, pi_A, r, horizon, resistance_cost=l0, **kw)
    pt1 = np.clip(check_real(pi_T, "pi_T", 0.0, 1.0) + impact.threat_credibility_shift, 0.0, 1.0)
    lt = l0 + impact.resistance_cost
    m1 = offramp_margin(x, s, delta, pt1, pi_A, r, horizon, resistance_cost=lt, **kw)
    xa = np.asarray(x, dtype=float)
    P = np.asarray(s, dtype=float) * future_weight(delta, horizon)

    def arr(v):
        return np.asarray(v, dtype=float)[()]

    return DefectionOfframp(
        margin=arr(m1), margin_without_defections=arr(m0),
        largest_demand=arr(np.maximum(0.0, m1 + xa)),
        largest_demand_without_defections=arr(np.maximum(0.0, m0 + xa)),
        resistance_cost=arr(lt), defection_cost=arr(impact.resistance_cost),
        effective_threat_credibility=arr(pt1), concession=arr(xa), punishment_pv=arr(P),
        effective_reversibility=arr(r), effective_assurance_credibility=arr(pi_A),
        threat_factor=arr(threat_factor), escalation_cost=arr(escalation_cost),
        compliance_cost=arr(compliance_cost), impact=impact,
    )


def critical_units_lost(
    x: ArrayLike,
    s: ArrayLike,
    delta: ArrayLike,
    pi_T: ArrayLike,
    pi_A: ArrayLike,
    r: ArrayLike,
    horizon: ArrayLike | None = None,
    *,
    diplomats_resigned: ArrayLike = 0.0,
    regime_fall_prob: ArrayLike | None = None,
    regime_fall_hazard: ArrayLike | None = None,
    unit_cost: ArrayLike = 1.0,
    diplomat_cost: ArrayLike = 0.0,
    regime_cost: ArrayLike = 0.0,
    p_prevail: ArrayLike = 0.5,
    decisiveness: ArrayLike = 1.0,
    switch_share: ArrayLike = 0.0,
    credibility_sensitivity: ArrayLike = 0.0,
    compliance_cost: ArrayLike = 0.0,
    threat_factor: ArrayLike = 1.0,
    escalation_cost: ArrayLike = 0.0,
    resistance_cost: ArrayLike = 0.0,
    tol: float = 1e-12,
) -> Critical:
    """The share of units lost ``u*`` at which the off-ramp opens, the rest held fixed.

    ``M(u)`` is non-decreasing in ``u`` (module docstring), so the viable set is
    ``[u*, 1]``: ``always`` where ``M(0) >= 0``, ``never`` (``inf``) where ``M(1) < 0``.
    Without the credibility channel ``M(u) = M(0) + unit_cost u`` and
    ``u* = -M(0) / unit_cost``; with it, ``u*`` is found by vectorised bisection.
    The regime-fall timing follows :func:`defection_impact` (``delta`` of the game times
    a ``regime_fall_hazard``).

    Parameters
    ----------
    x, s, delta, pi_T, pi_A, r, horizon
        The campaign, as for :func:`offramp_with_defections` (share of the stake,
        stake units per period, discount factor, probabilities, share, periods).
    diplomats_resigned, regime_fall_prob, regime_fall_hazard, unit_cost, diplomat_cost, regime_cost, p_prevail, decisiveness, switch_share, credibility_sensitivity : array_like, optional
        The rest of the defection outcome, held fixed, as for
        :func:`defection_impact`.
    compliance_cost, threat_factor, escalation_cost, resistance_cost : array_like, optional
        The margin's other terms, as for :func:`offramp_with_defections`.
    tol : float, optional
        Bisection tolerance on ``u`` (share) with the credibility channel on;
        default ``1e-12``.

    Returns
    -------
    Critical
        ``u*`` (share of units, range ``[0, 1]``) with the masks ``always`` and
        ``never``.

    Raises
    ------
    ParameterError
        An argument out of range (named).

    Examples
    --------
    >>> from compellence.linking import critical_units_lost
    >>> critical_units_lost(0.7, 0.1, 0.9, pi_T=0.9, pi_A=0.8, r=1.0)
    Critical(units_lost: 0.07 (viable above))
    """
    hz = regime_fall_hazard

    def margin(u):
        imp = defection_impact(
            u, diplomats_resigned, regime_fall_prob, regime_fall_hazard=hz,
            delta=None if hz is None else delta, horizon=None if hz is None else horizon,
            unit_cost=unit_cost, diplomat_cost=diplomat_cost, regime_cost=regime_cost,
            p_prevail=p_prevail, decisiveness=decisiveness, switch_share=switch_share,
            credibility_sensitivity=credibility_sensitivity)
        return np.asarray(offramp_with_defections(
            imp, x, s, delta, pi_T, pi_A, r, horizon, compliance_cost=compliance_cost,
            threat_factor=threat_factor, escalation_cost=escalation_cost,
            resistance_cost=resistance_cost).margin)

    m_lo, m_hi = np.broadcast_arrays(margin(0.0), margin(1.0))
    always = m_lo >= 0
    never = m_hi < 0
    lo = np.zeros(m_lo.shape)
    hi = np.ones(m_lo.shape)
    linear = not np.any(np.asarray(credibility_sensitivity) > 0)
    if linear:
        cu = np.broadcast_to(np.asarray(unit_cost, dtype=float), m_lo.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            root = np.where(cu > 0, -m_lo / np.where(cu > 0, cu, 1.0), np.inf)
    else:
        for _ in range(80):
            mid = 0.5 * (lo + hi)
            ok = margin(mid) >= 0
            hi = np.where(ok, mid, hi)
            lo = np.where(ok, lo, mid)
            if np.all(hi - lo < tol):
                break
        root = hi
    value = np.where(always, 0.0, np.where(never, np.inf, np.clip(root, 0.0, 1.0)))
    return Critical(name="units_lost", value=value[()], always=always[()], never=never[()],
                    lo=0.0, hi=1.0, increasing=True)
