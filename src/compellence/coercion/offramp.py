"""Closed forms of the canonical compellence game and its off-ramp (batched).

The canonical game (``shared/DESIGN.md``): a coercer imposes punishment that
costs the target ``s`` per period; the target may concede ``x`` (a share of the
disputed stake) or resist.  If it resists, the punishment goes on with
probability ``pi_T`` (threat credibility); if it complies, the punishment is
lifted with probability ``pi_A`` (assurance credibility), but only the share
``r`` of it actually stops (reversibility).  With future weight
``D = delta / (1 - delta)`` (infinite horizon) or
``D = sum_{t=1..H} delta**t`` (horizon ``H``), the target complies iff::

    x + (1 - pi_A r) s D  <=  pi_T s D

and the **off-ramp margin** is::

    M = (pi_T + pi_A r - 1) s D - x                                   (DESIGN.md)

The off-ramp is viable iff ``M >= 0`` and the largest demand that can work is
``max(0, (pi_T + pi_A r - 1) s D)``.  Two additive generalisations are our own
reductions used by :class:`~compellence.coercion.campaign.Campaign`:

* ``compliance_cost``: costs of complying beyond the concession itself (a
  face cost of giving in to a *public* demand, Kurizaki 2007; a reputation
  cost of appeasing, Sechser 2010) net of side payments, added to ``x``;
* ``threat_factor``: a discount on the threat alone, ``phi = delta**T`` for a
  demand whose punishment starts at a deadline ``T`` (Schelling 1966), so the
  margin is ``M = (pi_T phi + pi_A r - 1) s D - x - compliance_cost``;
* ``escalation_cost``: ``Z = K E``, the present expected cost to the target of
  a catastrophe that strikes with per-period hazard ``h`` while punishment
  continues (``K`` the catastrophe cost, ``E = escalation_weight(h, delta)``).
  It accrues after defiance if the threat is carried out (``pi_T phi Z``) and
  after compliance if the coercer reneges (``(1 - pi_A) Z``), and stops when
  punishment is lifted, so the full margin is::

      M = (pi_T phi + pi_A r - 1) s D + (pi_T phi + pi_A - 1) Z - x - compliance_cost

  (escalation risk is pressure with reversibility 1: Schelling's threat that
  leaves something to chance).

Every function broadcasts over all of its arguments (numpy), so a 200 x 200
sweep of credibility x reversibility is one call.  No NaN is ever returned:
inputs are validated (``ParameterError`` naming the argument) and the
critical values use explicit masks and ``inf`` for "never flips" (see
:class:`Critical`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError

__all__ = [
    "future_weight",
    "discounted_sum",
    "escalation_weight",
    "offramp_margin",
    "complies",
    "largest_demand",
    "Critical",
    "critical_value",
    "critical_assurance",
    "critical_reversibility",
    "critical_threat",
    "critical_punishment",
]


# ----------------------------------------------------------------------------- validation
def check_param(
    value: Any,
    name: str,
    lo: float | None = None,
    hi: float | None = None,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
) -> np.ndarray:
    """``value`` as a float array, finite and within ``[lo, hi]`` (open ends optional).

    Raises :class:`~compellence.errors.ParameterError` naming ``name`` otherwise.
    """
    if isinstance(value, bool):
        raise ParameterError(f"must be a number, got the boolean {value!r}", name)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"must be a number or numeric array, got {value!r}", name) from None
    if not np.all(np.isfinite(arr)):
        raise ParameterError("must be finite (no NaN or inf)", name)
    bad = np.zeros(arr.shape, bool)
    if lo is not None:
        bad |= (arr <= lo) if lo_open else (arr < lo)
    if hi is not None:
        bad |= (arr >= hi) if hi_open else (arr > hi)
    if np.any(bad):
        v = float(arr[bad].flat[0]) if arr.ndim else float(arr)
        lb = "(" if lo_open else "["
        rb = ")" if hi_open else "]"
        rng = f"{lb}{'-inf' if lo is None else f'{lo:g}'}, {'inf' if hi is None else f'{hi:g}'}{rb}"
        raise ParameterError(f"must lie in {rng}, got {v:g}", name)
    return arr


def check_horizon(horizon: Any, name: str = "horizon") -> np.ndarray | None:
    """``None`` (infinite) or integer(s) >= 1."""
    if horizon is None:
        return None
    if isinstance(horizon, bool):
        raise ParameterError(f"must be a positive integer or None, got {horizon!r}", name)
    try:
        arr = np.asarray(horizon, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"must be a positive integer or None, got {horizon!r}", name) from None
    if not np.all(np.isfinite(arr)) or np.any(arr < 1) or np.any(arr != np.round(arr)):
        raise ParameterError(f"must be a positive integer (periods) or None, got {horizon!r}", name)
    return arr


def _broadcast(**arrays: np.ndarray) -> tuple[int, ...]:
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in arrays.items())
        raise ParameterError(f"parameter arrays do not broadcast together: {shapes}") from None


# ----------------------------------------------------------------------------- sums
def discounted_sum(q: Any, horizon: Any = None) -> np.ndarray:
    """``S(q) = sum_{t=1..H} q**t``: ``q (1 - q**H) / (1 - q)``, ``H`` at ``q = 1``, ``q/(1-q)`` if ``H`` is None.

    Batched; ``q`` must lie in ``[0, 1)`` for an infinite horizon and ``[0, 1]`` otherwise.
    """
    q = np.asarray(q, dtype=float)
    if horizon is None:
        return q / (1.0 - q)
    h = np.asarray(horizon, dtype=float)
    one = np.isclose(q, 1.0, rtol=0.0, atol=1e-12)
    qs = np.where(one, 0.5, q)
    finite = qs * (1.0 - qs**h) / (1.0 - qs)
    return np.where(one, h + 0.0 * q, finite)


def future_weight(delta: Any, horizon: Any = None) -> np.ndarray:
    """Future weight ``D``: ``delta / (1 - delta)``, or ``sum_{t=1..H} delta**t`` with a horizon.

    ``delta`` in ``(0, 1)`` (``(0, 1]`` with a finite horizon).  Batched.
    """
    h = check_horizon(horizon)
    d = check_param(delta, "delta", 0.0, 1.0, lo_open=True, hi_open=h is None)
    return discounted_sum(d, h)


def escalation_weight(hazard: Any, delta: Any, horizon: Any = None) -> np.ndarray:
    """Discounted probability of a catastrophe: ``E = sum_{t=1..H} delta**t (1-h)**(t-1) h``.

    The catastrophe strikes in period ``t`` with probability ``(1-h)**(t-1) h``
    (per-period hazard ``h`` in [0, 1) while punishment continues); its cost
    ``K`` (stake units, once) is worth ``K E`` now, with the closed form
    ``E = h / (1 - h) * S(delta (1 - h))`` (:func:`discounted_sum`).  Batched.
    """
    h = np.asarray(hazard, dtype=float)
    return h / (1.0 - h) * discounted_sum(np.asarray(delta, dtype=float) * (1.0 - h), horizon)


# ----------------------------------------------------------------------------- margin
def _margin_core(x, s, D, pi_T, pi_A, r, compliance_cost, threat_factor, escalation_cost=0.0):
    return (
        (pi_T * threat_factor + pi_A * r - 1.0) * s * D
        + (pi_T * threat_factor + pi_A - 1.0) * escalation_cost
        - x
        - compliance_cost
    )


def offramp_margin(
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
) -> np.ndarray:
    """Off-ramp margin ``M = (pi_T phi + pi_A r - 1) s D + (pi_T phi + pi_A - 1) Z - x - cc``.

    With the defaults ``compliance_cost = cc = 0``, ``phi = threat_factor = 1``
    and ``escalation_cost = Z = 0`` this is exactly the canonical
    ``M = (pi_T + pi_A r - 1) s D - x`` (DESIGN.md); the target complies iff
    ``M >= 0``.

    Parameters (all broadcast together)
    ----------
    x: demanded concession, share of the stake, in ``[0, 1]``.
    s: per-period punishment cost to the target, ``>= 0`` (stake units per period).
    delta: discount factor in ``(0, 1)`` (``(0, 1]`` with a finite horizon).
    pi_T, pi_A: threat / assurance credibility in ``[0, 1]``.
    r: reversibility (share of the punishment that stops when lifted), ``[0, 1]``.
    horizon: ``None`` (infinite) or periods ``>= 1``.
    compliance_cost: extra cost of complying (face + reputation - side payment),
        any real (our reduction of Kurizaki 2007 / Sechser 2010; may be negative).
        Cascade models feed defection costs in here.
    threat_factor: ``phi`` in ``[0, 1]``, discount on the threat alone (``delta**T``
        for a deadline ``T``).
    escalation_cost: ``Z >= 0``, present expected catastrophe cost to the target
        while punishment continues (``K * escalation_weight(h, delta, horizon)``;
        module docstring).
    """
    x, K, pi_T, pi_A, r, cc, phi, Z = _prep(
        x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor, escalation_cost
    )
    return _margin_core(x, K, 1.0, pi_T, pi_A, r, cc, phi, Z)


def complies(*args: Any, tol: float = 0.0, **kwargs: Any) -> np.ndarray:
    """Boolean mask: the target complies (off-ramp viable), ``M >= -tol``.  Same arguments as
    :func:`offramp_margin`."""
    return offramp_margin(*args, **kwargs) >= -tol


def largest_demand(
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
    cap: bool = False,
) -> np.ndarray:
    """Largest demand that can work: ``max(0, (pi_T phi + pi_A r - 1) s D + (pi_T phi + pi_A - 1) Z - cc)``.

    With ``cap=True`` the value is also capped at 1 (the whole stake).  A value
    of 0 means that not even a zero demand is accepted when the surplus is
    negative (check :func:`offramp_margin` at ``x = 0``).
    """
    m0 = offramp_margin(
        0.0, s, delta, pi_T, pi_A, r, horizon, compliance_cost=compliance_cost,
        threat_factor=threat_factor, escalation_cost=escalation_cost,
    )
    out = np.maximum(0.0, m0)
    return np.minimum(out, 1.0) if cap else out


# ----------------------------------------------------------------------------- critical values
@dataclass(frozen=True)
class Critical:
    """The value of one parameter at which viability flips, holding the rest fixed.

    The margin is nondecreasing in the parameter on ``[lo, hi]``; ``value`` is
    the smallest parameter value at which the off-ramp is viable:

    * ``always``: viable over the whole range; ``value == lo``;
    * ``never``: not viable anywhere in the range; ``value == inf`` (no NaN);
    * otherwise ``lo < value <= hi`` is the root of ``M = 0``.
    """

    name: str
    value: np.ndarray
    always: np.ndarray
    never: np.ndarray
    lo: float
    hi: float

    @property
    def flips(self) -> np.ndarray:
        """Mask: viability flips inside the range (neither ``always`` nor ``never``)."""
        return ~(self.always | self.never)

    def __repr__(self) -> str:
        v = np.asarray(self.value)
        if v.ndim == 0:
            state = "always viable" if self.always else ("never viable" if self.never else f"{float(v):.6g}")
            return f"Critical({self.name}: {state})"
        return (
            f"Critical({self.name}, shape={v.shape}, flips={int(self.flips.sum())}, "
            f"always={int(self.always.sum())}, never={int(self.never.sum())})"
        )


def critical_value(slope: Any, intercept: Any, name: str, lo: float = 0.0, hi: float = 1.0) -> Critical:
    """Smallest ``p`` in ``[lo, hi]`` with ``slope * p + intercept >= 0`` (``slope >= 0``).

    ``hi`` may be ``inf``.  Returns a :class:`Critical` with masks instead of NaN.
    """
    a = np.asarray(slope, dtype=float)
    b = np.asarray(intercept, dtype=float)
    a, b = np.broadcast_arrays(a, b)
    at_lo = a * lo + b if np.isfinite(lo) else b
    always = at_lo >= 0
    pos = a > 0
    safe = np.where(pos, a, 1.0)
    with np.errstate(over="ignore", divide="ignore"):  # a vanishing slope: root at +-inf
        root = np.where(pos, -b / safe, np.inf)
    never = ~always & (~pos | (root > hi))
    value = np.where(always, lo, np.where(never, np.inf, root))
    return Critical(name=name, value=value, always=always, never=never, lo=float(lo), hi=float(hi))


def _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor, escalation_cost=0.0):
    x = check_param(x, "x", 0.0, 1.0)
    s = check_param(s, "s", 0.0)
    D = future_weight(delta, horizon)
    pi_T = check_param(pi_T, "pi_T", 0.0, 1.0)
    pi_A = check_param(pi_A, "pi_A", 0.0, 1.0)
    r = check_param(r, "r", 0.0, 1.0)
    cc = check_param(compliance_cost, "compliance_cost")
    phi = check_param(threat_factor, "threat_factor", 0.0, 1.0)
    Z = check_param(escalation_cost, "escalation_cost", 0.0)
    _broadcast(x=x, s=s, D=D, pi_T=pi_T, pi_A=pi_A, r=r, compliance_cost=cc, threat_factor=phi, escalation_cost=Z)
    return x, s * D, pi_T, pi_A, r, cc, phi, Z


def critical_assurance(x, s, delta, pi_T, pi_A, r, horizon=None, *, compliance_cost=0.0, threat_factor=1.0,
                       escalation_cost=0.0) -> Critical:
    """Critical assurance credibility: ``pi_A* = (x + cc + (1 - pi_T phi)(s D + Z)) / (r s D + Z)`` (M = 0 in pi_A).

    ``pi_A`` itself is ignored (kept in the signature so all critical values
    take the same arguments)."""
    x, K, pi_T, _, r, cc, phi, Z = _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor,
                                         escalation_cost)
    return critical_value(r * K + Z, (pi_T * phi - 1.0) * (K + Z) - x - cc, "pi_A")


def critical_reversibility(x, s, delta, pi_T, pi_A, r, horizon=None, *, compliance_cost=0.0, threat_factor=1.0,
                           escalation_cost=0.0) -> Critical:
    """Critical reversibility: ``r* = ((x + cc - (pi_T phi + pi_A - 1) Z)/(s D) + 1 - pi_T phi) / pi_A`` (M = 0 in r)."""
    x, K, pi_T, pi_A, _, cc, phi, Z = _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor,
                                            escalation_cost)
    return critical_value(pi_A * K, (pi_T * phi - 1.0) * K + (pi_T * phi + pi_A - 1.0) * Z - x - cc, "r")


def critical_threat(x, s, delta, pi_T, pi_A, r, horizon=None, *, compliance_cost=0.0, threat_factor=1.0,
                    escalation_cost=0.0) -> Critical:
    """Critical threat credibility: ``pi_T* = (x + cc + (1 - pi_A r) s D + (1 - pi_A) Z) / (phi (s D + Z))`` (M = 0 in pi_T)."""
    x, K, _, pi_A, r, cc, phi, Z = _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor,
                                         escalation_cost)
    return critical_value(phi * (K + Z), (pi_A * r - 1.0) * K + (pi_A - 1.0) * Z - x - cc, "pi_T")


def critical_punishment(x, s, delta, pi_T, pi_A, r, horizon=None, *, compliance_cost=0.0, threat_factor=1.0,
                        escalation_cost=0.0) -> Critical:
    """Smallest per-period punishment that opens the off-ramp: ``s* = (x + cc - (pi_T phi + pi_A - 1) Z) / ((pi_T phi + pi_A r - 1) D)``.

    ``never`` (value ``inf``) wherever ``pi_T phi + pi_A r <= 1`` and the
    compliance cost is positive: then no punishment, however harsh, makes the
    target comply (claim 1 of the coercion issue).  The escalation cost ``Z``
    is held fixed (it does not scale with ``s``).
    """
    x, _, pi_T, pi_A, r, cc, phi, Z = _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor,
                                            escalation_cost)
    D = future_weight(delta, horizon)
    k = pi_T * phi + pi_A * r - 1.0
    # M(s) = k D s - (x + cc') with cc' = cc - (pi_T phi + pi_A - 1) Z; for k <= 0 it is
    # nonincreasing in s: viable anywhere iff at s = 0.
    slope = np.where(k > 0, k * D, 0.0)
    return critical_value(slope, -(x + cc - (pi_T * phi + pi_A - 1.0) * Z) + 0.0 * slope, "s", lo=0.0, hi=np.inf)


def critical_frame(crits: dict[str, Critical]) -> pd.DataFrame:
    """A table of scalar critical values (one row per parameter)."""
    rows = []
    for key, c in crits.items():
        rows.append(
            {
                "parameter": key,
                "critical": float(np.asarray(c.value)),
                "always viable": bool(c.always),
                "never viable": bool(c.never),
            }
        )
    return pd.DataFrame(rows)
