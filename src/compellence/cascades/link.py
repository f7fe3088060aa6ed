"""From a defection outcome to the compellence game's off-ramp margin.

A cascade run answers "how many units surrendered, how many diplomats resigned, how
likely is the regime to fall".  The compellence game (``shared/DESIGN.md``) needs the
target's per-period cost of continuing ``s``, the coercer's threat credibility
``pi_T`` and the reversibility ``r``.  The mapping (stylised, our reduction; every
coefficient is an explicit argument):

* **Probability of prevailing.**  The war is a contest with a ratio success function
  (Tullock 1980; Hirshleifer 1989): ``p = m_T^g / (m_T^g + m_A^g)`` with decisiveness
  ``g``.  The pre-defection ``p0`` fixes ``m_A / m_T = ((1 - p0) / p0)^(1/g)``.  Losing
  a share ``L`` of units, of which a share ``w`` switch sides, gives
  ``m_T' = m_T (1 - L)``, ``m_A' = m_A + w L m_T``; a regime that falls (probability
  ``q``) does not prevail: ``p1 = (1 - q) m_T'^g / (m_T'^g + m_A'^g)``.
* **Cost of continuing.**  Added per-period cost to the target
  ``s_def = unit_cost L + diplomat_cost D + regime_cost q`` (``D`` the share of
  diplomats resigned; costs in the stake units of ``s``).
* **Credibility.**  The coercer's threat to keep punishing is more credible the
  better its own prospects: ``pi_T' = clip(pi_T + k (p0 - p1), 0, 1)`` with
  sensitivity ``k`` (``credibility_sensitivity``, default 1).
* **Reversibility.**  Defection costs stop with the war at rate ``r_def`` (default 1:
  units no longer lost once the target complies); the campaign's effective ``r`` is
  the cost-weighted mean ``(r s + r_def s_def) / (s + s_def)`` as in DESIGN.md.

:func:`offramp_with_defections` feeds these into
``compellence.coercion.offramp.offramp_margin``; the import happens inside the
function so that the cascades layer does not import the coercion layer at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError

__all__ = ["DefectionImpact", "defection_impact", "DefectionOfframp",
           "offramp_with_defections"]


def _share(x: Any, name: str) -> np.ndarray:
    """A share in [0, 1] from a number, an array or a cascade / security-services result."""
    for attr in ("shares", "fall_probability"):
        if hasattr(x, attr) and not isinstance(x, np.ndarray):
            x = getattr(x, attr)
            break
    else:
        if hasattr(x, "share") and not isinstance(x, np.ndarray):
            x = x.share
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError("must be a share in [0, 1] or a cascade result", name) from None
    if np.any(np.isnan(a)) or np.any(a < 0) or np.any(a > 1):
        raise ParameterError("must be in [0, 1]", name)
    return a


def _num(x: Any, name: str, lo: float | None = None, hi: float | None = None,
         open_lo: bool = False) -> np.ndarray:
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError("must be a number or array of numbers", name) from None
    if not np.all(np.isfinite(a)):
        raise ParameterError("must be finite", name)
    if lo is not None and (np.any(a <= lo) if open_lo else np.any(a < lo)):
        raise ParameterError(f"must be {'>' if open_lo else '>='} {lo}", name)
    if hi is not None and np.any(a > hi):
        raise ParameterError(f"must be <= {hi}", name)
    return a


@dataclass(frozen=True, eq=False)
class DefectionImpact:
    """What a defection outcome does to the target (arrays broadcast; scalars for one run).

    Fields
    ------
    cost_per_period: ``s_def``, the added per-period cost to the target of continuing.
    p_prevail_before / p_prevail_after: the target's probability of prevailing.
    delta_pi_T: change in the coercer's threat credibility ``k (p0 - p1)``.
    reversibility: ``r_def``, the share of ``s_def`` that stops when the target complies.
    units_lost, diplomats_resigned, regime_fall_prob: the inputs.
    """

    cost_per_period: np.ndarray
    p_prevail_before: np.ndarray
    p_prevail_after: np.ndarray
    delta_pi_T: np.ndarray
    reversibility: np.ndarray
    units_lost: np.ndarray
    diplomats_resigned: np.ndarray
    regime_fall_prob: np.ndarray

    @property
    def delta_p_prevail(self) -> np.ndarray:
        """``p_prevail_after - p_prevail_before`` (<= 0)."""
        return self.p_prevail_after - self.p_prevail_before

    def to_frame(self) -> pd.DataFrame:
        cols = dict(units_lost=self.units_lost, diplomats_resigned=self.diplomats_resigned,
                    regime_fall_prob=self.regime_fall_prob, cost_per_period=self.cost_per_period,
                    p_prevail_before=self.p_prevail_before, p_prevail_after=self.p_prevail_after,
                    delta_pi_T=self.delta_pi_T)
        shape = np.broadcast_shapes(*(np.shape(v) for v in cols.values()))
        return pd.DataFrame({k: np.broadcast_to(v, shape).ravel() for k, v in cols.items()})

    def __repr__(self) -> str:
        if np.ndim(self.cost_per_period) == 0 and np.ndim(self.p_prevail_after) == 0:
            return (f"DefectionImpact(cost_per_period={float(self.cost_per_period):.4g}, "
                    f"p_prevail {float(self.p_prevail_before):.3f} -> "
                    f"{float(self.p_prevail_after):.3f}, "
                    f"delta_pi_T={float(self.delta_pi_T):+.4f})")
        return f"DefectionImpact(batch shape {np.shape(self.cost_per_period)})"


def defection_impact(
    units_lost: Any = 0.0,
    diplomats_resigned: Any = 0.0,
    regime_fall_prob: Any = 0.0,
    *,
    p_prevail: Any = 0.5,
    decisiveness: Any = 1.0,
    switch_share: Any = 0.0,
    unit_cost: Any = 1.0,
    diplomat_cost: Any = 0.0,
    regime_cost: Any = 0.0,
    credibility_sensitivity: Any = 1.0,
    reversibility: Any = 1.0,
) -> DefectionImpact:
    """Map a defection outcome into the target's cost and chance of prevailing.

    ``units_lost``, ``diplomats_resigned``: shares in ``[0, 1]`` or cascade results
    (their ``share`` / ``shares`` are used, so a batch of cascades gives a batch of
    impacts); ``regime_fall_prob``: a probability or a
    :class:`~compellence.cascades.global_game.SecurityServicesOutcome`.
    ``p_prevail``: the target's probability of prevailing before defections, in (0, 1);
    ``decisiveness``: contest exponent ``g > 0``; ``switch_share``: share of lost units
    that join the coercer; ``unit_cost`` / ``diplomat_cost`` / ``regime_cost``: per-period
    cost (stake units) of losing all units / all diplomats / of certain regime fall.
    Formulas in the module docstring.
    """
    L = _share(units_lost, "units_lost")
    D = _share(diplomats_resigned, "diplomats_resigned")
    q = _share(regime_fall_prob, "regime_fall_prob")
    p0 = _num(p_prevail, "p_prevail", 0.0, 1.0, open_lo=True)
    if np.any(p0 >= 1):
        raise ParameterError("must be < 1", "p_prevail")
    g = _num(decisiveness, "decisiveness", 0.0, open_lo=True)
    w = _share(switch_share, "switch_share")
    cu = _num(unit_cost, "unit_cost", 0.0)
    cd = _num(diplomat_cost, "diplomat_cost", 0.0)
    cr = _num(regime_cost, "regime_cost", 0.0)
    k = _num(credibility_sensitivity, "credibility_sensitivity", 0.0)
    rd = _share(reversibility, "reversibility")
    m_a = ((1.0 - p0) / p0) ** (1.0 / g)  # m_T = 1
    m_t1 = 1.0 - L
    m_a1 = m_a + w * L
    with np.errstate(divide="ignore", invalid="ignore"):
        num = m_t1**g
        p1 = np.where(m_t1 > 0, num / (num + m_a1**g), 0.0)
    p1 = (1.0 - q) * p1
    cost = cu * L + cd * D + cr * q
    return DefectionImpact(
        cost_per_period=np.asarray(cost)[()], p_prevail_before=np.asarray(p0)[()],
        p_prevail_after=np.asarray(p1)[()], delta_pi_T=np.asarray(k * (p0 - p1))[()],
        reversibility=np.asarray(rd)[()], units_lost=L[()], diplomats_resigned=D[()],
        regime_fall_prob=q[()],
    )


@dataclass(frozen=True, eq=False)
class DefectionOfframp:
    """The off-ramp margin before and after a defection outcome.

    ``margin_before`` / ``margin_after``: ``M = (pi_T + pi_A r - 1) s D - x`` with the
    original and the adjusted ``(s, pi_T, r)``; ``viable_*``: ``M >= 0``;
    ``max_demand_*``: ``max(0, (pi_T + pi_A r - 1) s D)``; ``s_after``, ``pi_T_after``,
    ``r_after``: the adjusted parameters; ``impact``: the :class:`DefectionImpact`.
    """

    margin_before: np.ndarray
    margin_after: np.ndarray
    max_demand_before: np.ndarray
    max_demand_after: np.ndarray
    s_after: np.ndarray
    pi_T_after: np.ndarray
    r_after: np.ndarray
    impact: DefectionImpact

    @property
    def viable_before(self) -> np.ndarray:
        return np.asarray(self.margin_before >= 0)[()]

    @property
    def viable_after(self) -> np.ndarray:
        return np.asarray(self.margin_after >= 0)[()]

    def to_frame(self) -> pd.DataFrame:
        cols = dict(margin_before=self.margin_before, margin_after=self.margin_after,
                    viable_before=self.viable_before, viable_after=self.viable_after,
                    max_demand_before=self.max_demand_before,
                    max_demand_after=self.max_demand_after, s_after=self.s_after,
                    pi_T_after=self.pi_T_after, r_after=self.r_after)
        shape = np.broadcast_shapes(*(np.shape(v) for v in cols.values()))
        return pd.DataFrame({k: np.broadcast_to(v, shape).ravel() for k, v in cols.items()})

    def __repr__(self) -> str:
        if np.ndim(self.margin_after) == 0 and np.ndim(self.margin_before) == 0:
            return (f"DefectionOfframp(margin {float(self.margin_before):+.4f} -> "
                    f"{float(self.margin_after):+.4f}, viable {bool(self.viable_before)} -> "
                    f"{bool(self.viable_after)})")
        return f"DefectionOfframp(batch shape {np.shape(self.margin_after)})"


def offramp_with_defections(
    impact: DefectionImpact,
    x: Any,
    s: Any,
    delta: Any,
    pi_T: Any,
    pi_A: Any,
    r: Any,
    horizon: Any = None,
) -> DefectionOfframp:
    """Feed a :class:`DefectionImpact` into the closed-form off-ramp margin.

    ``s' = s + s_def``, ``pi_T' = clip(pi_T + delta_pi_T, 0, 1)``,
    ``r' = (r s + r_def s_def) / (s + s_def)`` (``r`` if both are 0), then
    ``compellence.coercion.offramp.offramp_margin(x, s', delta, pi_T', pi_A, r', horizon)``
    and the same with the original parameters.  Batch-first: everything broadcasts.
    """
    if not isinstance(impact, DefectionImpact):
        raise ParameterError(f"must be a DefectionImpact; got {type(impact).__name__}", "impact")
    # Imported here: cascades sits beside coercion in the layer diagram and must not
    # import it at module import time.
    try:
        from ..coercion.offramp import offramp_margin
    except ImportError as exc:  # pragma: no cover - depends on the coercion layer
        raise ImportError(
            "offramp_with_defections needs compellence.coercion.offramp.offramp_margin") from exc
    m0 = offramp_margin(x, s, delta, pi_T, pi_A, r, horizon)  # validates every argument
    s0 = np.asarray(s, dtype=float)
    add = impact.cost_per_period
    s1 = s0 + add
    pt1 = np.clip(np.asarray(pi_T, dtype=float) + impact.delta_pi_T, 0.0, 1.0)
    r0 = np.asarray(r, dtype=float)
    tot = s1
    with np.errstate(invalid="ignore", divide="ignore"):
        r1 = np.where(tot > 0, (r0 * s0 + impact.reversibility * add) / np.where(tot > 0, tot, 1),
                      r0)
    m1 = offramp_margin(x, s1, delta, pt1, pi_A, r1, horizon)
    d0 = np.maximum(0.0, offramp_margin(0.0, s, delta, pi_T, pi_A, r, horizon))
    d1 = np.maximum(0.0, offramp_margin(0.0, s1, delta, pt1, pi_A, r1, horizon))
    return DefectionOfframp(
        margin_before=np.asarray(m0)[()], margin_after=np.asarray(m1)[()],
        max_demand_before=np.asarray(d0)[()], max_demand_after=np.asarray(d1)[()],
        s_after=np.asarray(s1)[()], pi_T_after=np.asarray(pt1)[()], r_after=np.asarray(r1)[()],
        impact=impact,
    )
