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
from typing import Any

import numpy as np
import pandas as pd

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


def regime_fall_weight(hazard: Any, delta: Any, horizon: Any = None) -> np.ndarray:
    """Present value of a one-off unit cost paid when the leader falls, per-period hazard ``h``.

    ``W = sum_{t=1..H} delta^t (1 - h)^(t-1) h = h delta (1 - (delta (1 - h))^H) / (1 - delta (1 - h))``
    (``h delta / (1 - delta (1 - h))`` for an infinite horizon; derivation in the module
    docstring).  ``hazard`` in ``[0, 1]``; ``delta`` in ``(0, 1)`` (``(0, 1]`` with a finite
    ``horizon``).  Batched.

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

    Fields
    ------
    units_lost, diplomats_resigned: the shares ``u``, ``d`` (inputs).
    regime_fall_prob: ``F``, probability that the leader falls if the target fights on
        (the input ``q``, or ``1 - (1 - h)^H`` from a hazard).
    regime_fall_weight: ``W``, present value of a unit cost paid at the fall (derived).
    resistance_cost: ``L_def = unit_cost u + diplomat_cost d + regime_cost W`` (derived,
        stake units, present value): added to the resistance cost of the off-ramp margin.
    p_prevail_before, p_prevail_after: the target's probability of prevailing (contest).
    threat_credibility_shift: ``k (p0 - p1)`` (derived; 0 when ``credibility_sensitivity = 0``).
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
        """One row per batch element."""
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
    units_lost: Any = 0.0,
    diplomats_resigned: Any = 0.0,
    regime_fall_prob: Any = None,
    *,
    regime_fall_hazard: Any = None,
    delta: Any = None,
    horizon: Any = None,
    unit_cost: Any = 1.0,
    diplomat_cost: Any = 0.0,
    regime_cost: Any = 0.0,
    p_prevail: Any = 0.5,
    decisiveness: Any = 1.0,
    switch_share: Any = 0.0,
    credibility_sensitivity: Any = 0.0,
) -> DefectionImpact:
    """The target's resistance cost from a defection outcome (formulas in the module docstring).

    ``units_lost``, ``diplomats_resigned``: shares in ``[0, 1]``, or cascade results (a
    :class:`~compellence.cascades.CascadeResult`, a batch or an intervention outcome: a
    batch gives a batch).  Regime fall, one of: ``regime_fall_prob`` (a probability or a
    :class:`~compellence.cascades.SecurityServicesOutcome` /
    :class:`~compellence.cascades.RegimeChangeEquilibrium`, whose ex-ante
    ``fall_probability`` is used; the fall is valued now) or ``regime_fall_hazard`` (per
    period, with ``delta`` in ``(0, 1)`` and optional ``horizon``).  ``unit_cost``,
    ``diplomat_cost``, ``regime_cost``: present value (stake units, ``>= 0``) of losing all
    units, all diplomats, and office.  ``p_prevail`` in ``(0, 1)``, ``decisiveness > 0``,
    ``switch_share`` in ``[0, 1]`` and ``credibility_sensitivity >= 0`` (0: no credibility
    channel) drive the optional effect on the coercer's threat credibility.
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

    Fields (arrays broadcast; names as on :class:`~compellence.coercion.OffRamp`)
    ------
    margin: ``M`` with the defections' resistance cost and credibility shift (derived).
    margin_without_defections: the same model at ``u = d = 0`` and no fall risk.
    largest_demand, largest_demand_without_defections: ``max(0, M + x)``.
    resistance_cost: ``L = L_0 + L_def`` (derived); ``defection_cost``: ``L_def`` alone.
    effective_threat_credibility: ``pi_T' = clip(pi_T + k (p0 - p1), 0, 1)`` (derived).
    concession, punishment_pv (``P = s D``), effective_reversibility, effective_assurance_credibility,
    threat_factor, escalation_cost, compliance_cost: the other terms of the margin (inputs).
    impact: the :class:`DefectionImpact`.
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
        return np.asarray(self.margin_without_defections >= 0)[()]

    def to_frame(self) -> pd.DataFrame:
        """One row per batch element."""
        cols = dict(margin=self.margin, viable=self.viable,
                    margin_without_defections=self.margin_without_defections,
                    viable_without_defections=self.viable_without_defections,
                    largest_demand=self.largest_demand,
                    largest_demand_without_defections=self.largest_demand_without_defections,
                    resistance_cost=self.resistance_cost, defection_cost=self.defection_cost,
                    effective_threat_credibility=self.effective_threat_credibility)
        return element_frame(cols)

    def game(self):
        """The compellence tree of this (scalar) result, with ``L`` on both resist branches.

        Target payoffs (minus costs; ``P = s D``): comply-lift ``-(x + cc + (1 - r) P)``,
        comply-renege ``-(x + cc + P + Z)``, resist-punish ``-(L + (1 - r) P + phi (r P + Z))``,
        resist-back down ``-(L + (1 - r) P)``; chance nodes with ``pi_A`` and ``pi_T'``.  The
        coercer gets ``x`` if the target complies, 0 otherwise.  ``compellence.spe`` of it
        has the target comply iff ``margin > 0``.
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
    x: Any,
    s: Any,
    delta: Any,
    pi_T: Any,
    pi_A: Any,
    r: Any,
    horizon: Any = None,
    *,
    compliance_cost: Any = 0.0,
    threat_factor: Any = 1.0,
    escalation_cost: Any = 0.0,
    resistance_cost: Any = 0.0,
) -> DefectionOfframp:
    """The off-ramp margin with the defections' resistance cost (module docstring).

    ``M = (pi_T' phi + pi_A - 1)(r s D + Z) - x - cc + L_0 + L_def`` with
    ``pi_T' = clip(pi_T + k (p0 - p1), 0, 1)`` (``= pi_T`` unless the credibility channel
    is on) and ``L_0 = resistance_cost``, ``L_def = impact.resistance_cost``; beside it the
    same model without defections (``L_def = 0``, ``pi_T' = pi_T``).  Arguments as for
    :func:`compellence.coercion.offramp.offramp_margin`; everything broadcasts.
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
    x: Any,
    s: Any,
    delta: Any,
    pi_T: Any,
    pi_A: Any,
    r: Any,
    horizon: Any = None,
    *,
    diplomats_resigned: Any = 0.0,
    regime_fall_prob: Any = None,
    regime_fall_hazard: Any = None,
    unit_cost: Any = 1.0,
    diplomat_cost: Any = 0.0,
    regime_cost: Any = 0.0,
    p_prevail: Any = 0.5,
    decisiveness: Any = 1.0,
    switch_share: Any = 0.0,
    credibility_sensitivity: Any = 0.0,
    compliance_cost: Any = 0.0,
    threat_factor: Any = 1.0,
    escalation_cost: Any = 0.0,
    resistance_cost: Any = 0.0,
    tol: float = 1e-12,
) -> Critical:
    """The share of units lost ``u*`` at which the off-ramp opens, the rest held fixed.

    ``M(u)`` is non-decreasing in ``u`` (module docstring), so the viable set is
    ``[u*, 1]``: ``always`` where ``M(0) >= 0``, ``never`` (``inf``) where ``M(1) < 0``.
    Without the credibility channel ``M(u) = M(0) + unit_cost u`` and
    ``u* = -M(0) / unit_cost``; with it, ``u*`` is found by vectorised bisection.
    The regime-fall timing follows :func:`defection_impact` (``delta`` of the game times
    a ``regime_fall_hazard``).
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
