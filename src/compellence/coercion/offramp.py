"""Closed forms of the canonical compellence game and its off-ramp (batched).

The canonical game (Schelling 1966; the accounting is documented in
``docs/coercion.md``): a coercer has imposed punishment worth ``P = s D`` to
the target in present value (``s`` per period, future weight
``D = delta / (1 - delta)``, or ``D = sum_{t=1..H} delta**t`` with horizon
``H``).  A share ``r`` of it is *reversible* (it stops when the coercer stops
it); the rest, ``(1 - r) P``, is *irreversible*: firms that left and do not
come back, an insurgency that outlives the aid, the sticky part of sanctions.
The target concedes ``x`` (comply) or not (resist).  After resistance the
coercer carries out its threat with probability ``pi_T``; after compliance it
lifts with probability ``pi_A``.

Payoff accounting: every component says on which branches it applies.

================================  ==========================================  =================
component (cost to the target)    branches                                    controlled by
================================  ==========================================  =================
concession ``x``                  comply-lift, comply-renege                  target
compliance cost ``cc``            comply-lift, comply-renege                  target (+ coercer
                                                                              for side payments)
irreversible ``(1 - r) P``        every branch                                nobody, once imposed
reversible ``r P``                comply-renege; resist-punish (times phi)    coercer
escalation hazard ``Z``           comply-renege; resist-punish (times phi)    coercer
resistance cost ``L``             resist-punish, resist-back down             target (fighting on)
================================  ==========================================  =================

So::

    comply:  x + cc + (1 - r) P + (1 - pi_A) (r P + Z)
    resist:  L      + (1 - r) P + pi_T phi   (r P + Z)

The irreversible part appears on every branch and cancels.  The target
complies iff the **off-ramp margin**::

    M = (pi_T phi + pi_A - 1) (r s D + Z) - x - cc + L  >=  0

In the canonical game (``phi = 1``, ``Z = cc = L = 0``)
``M = (pi_T + pi_A - 1) r s D - x``: only the reversible part of punishment
is leverage; irreversible punishment costs the target but buys no
compliance, and at ``r = 0`` no harshness opens the off-ramp.  The largest
demand that can work is ``max(0, M + x)``.  The extra terms (our additive
reductions, each with its source):

* ``compliance_cost`` ``cc``: costs of complying beyond the concession
  itself (a face cost of giving in to a *public* demand, Kurizaki 2007; a
  reputation cost of appeasing, Sechser 2010) net of side payments;
* ``threat_factor`` ``phi``: a discount on the threat alone,
  ``phi = delta**T`` for a demand whose punishment resumes at a deadline
  ``T`` (Schelling 1966);
* ``escalation_cost`` ``Z = K E``: the present expected cost of a catastrophe
  that strikes with per-period hazard ``h`` while the reversible punishment
  continues (``K`` its cost, ``E = escalation_weight(h, delta)``); lifting and
  backing down end it (Schelling's threat that leaves something to chance);
* ``resistance_cost`` ``L``: what resisting costs the target whatever the
  coercer does (battlefield losses, units that surrender, the expected cost
  of a regime falling while it fights on); it is not in the coercer's hands,
  so it does not vanish when the coercer backs down.

Every function broadcasts over all of its arguments (numpy), so a 200 x 200
sweep of credibility x reversibility is one call.  No NaN is ever returned:
inputs are validated (``ParameterError`` naming the argument) and the
critical values use explicit masks and ``inf`` for "never flips" (see
:class:`Critical`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ParameterError
from ..validation import check_real

if TYPE_CHECKING:  # pandas loads on first use (start-up time: docs/performance.md)
    import pandas as pd

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
def check_horizon(horizon: Any, name: str = "horizon") -> np.ndarray | None:
    """``None`` (infinite) or integer(s) >= 1."""
    return None if horizon is None else check_real(horizon, name, 1.0, whole=True)


def _broadcast(**arrays: np.ndarray) -> tuple[int, ...]:
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in arrays.items())
        raise ParameterError(f"parameter arrays do not broadcast together: {shapes}") from None


# ----------------------------------------------------------------------------- sums
def discounted_sum(q: ArrayLike, horizon: ArrayLike | None = None) -> NDArray[np.float64]:
    """``S(q) = sum_{t=1..H} q**t``: ``q (1 - q**H) / (1 - q)``, ``H`` at ``q = 1``, ``q/(1-q)`` if ``H`` is None.

    Batched.  The inputs are not validated (see :func:`future_weight` for the
    validated discount weight).

    Parameters
    ----------
    q : array_like
        Per-period ratio, in ``[0, 1)`` for an infinite horizon and ``[0, 1]``
        otherwise.
    horizon : array_like or None, optional
        Number of periods ``H`` (integer ``>= 1``); ``None`` (default) for an
        infinite sum.

    Returns
    -------
    numpy.ndarray
        ``S(q)`` (float), the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion import discounted_sum
    >>> float(discounted_sum(0.5))
    1.0
    >>> discounted_sum([0.5, 1.0], horizon=3).tolist()
    [0.875, 3.0]
    """
    q = np.asarray(q, dtype=float)
    if horizon is None:
        return q / (1.0 - q)
    h = np.asarray(horizon, dtype=float)
    one = np.isclose(q, 1.0, rtol=0.0, atol=1e-12)
    qs = np.where(one, 0.5, q)
    finite = qs * (1.0 - qs**h) / (1.0 - qs)
    return np.where(one, h + 0.0 * q, finite)


def future_weight(delta: ArrayLike, horizon: ArrayLike | None = None) -> NDArray[np.float64]:
    """Future weight ``D``: ``delta / (1 - delta)``, or ``sum_{t=1..H} delta**t`` with a horizon.

    Parameters
    ----------
    delta : array_like
        Per-period discount factor, in ``(0, 1)`` (``(0, 1]`` with a finite
        horizon).
    horizon : array_like or None, optional
        Number of future periods (integer ``>= 1``); ``None`` (default) for an
        infinite horizon.

    Returns
    -------
    numpy.ndarray
        ``D`` (float), the broadcast shape of the arguments.

    Raises
    ------
    ParameterError
        An argument is not finite, lies outside its range, or the arguments do
        not broadcast together (the message names the argument).

    Examples
    --------
    >>> from compellence.coercion import future_weight
    >>> round(float(future_weight(0.9)), 12)
    9.0
    >>> float(future_weight(0.5, horizon=2))
    0.75
    """
    h = check_horizon(horizon)
    d = check_real(delta, "delta", 0.0, 1.0, lo_open=True, hi_open=h is None)
    return discounted_sum(d, h)


def escalation_weight(hazard: ArrayLike, delta: ArrayLike, horizon: ArrayLike | None = None) -> NDArray[np.float64]:
    """Discounted probability of a catastrophe: ``E = sum_{t=1..H} delta**t (1-h)**(t-1) h``.

    The catastrophe strikes in period ``t`` with probability ``(1-h)**(t-1) h``
    (per-period hazard ``h`` in [0, 1) while punishment continues); its cost
    ``K`` (stake units, once) is worth ``K E`` now, with the closed form
    ``E = h / (1 - h) * S(delta (1 - h))`` (:func:`discounted_sum`).  Batched;
    the inputs are not validated.

    Parameters
    ----------
    hazard : array_like
        ``h``: probability per period that the catastrophe strikes while the
        punishment continues, in ``[0, 1)``.
    delta : array_like
        Per-period discount factor, in ``(0, 1)`` (``(0, 1]`` with a finite
        horizon).
    horizon : array_like or None, optional
        Number of future periods (integer ``>= 1``); ``None`` (default) for an
        infinite horizon.

    Returns
    -------
    numpy.ndarray
        ``E`` (float, in ``[0, 1)``), the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion import escalation_weight
    >>> round(float(escalation_weight(0.1, 0.9)), 6)
    0.473684
    >>> float(escalation_weight(0.0, 0.9))
    0.0
    """
    h = np.asarray(hazard, dtype=float)
    return h / (1.0 - h) * discounted_sum(np.asarray(delta, dtype=float) * (1.0 - h), horizon)


# ----------------------------------------------------------------------------- margin
def _margin_core(x, K, pi_T, pi_A, r, compliance_cost, threat_factor, escalation_cost, resistance_cost):
    """``M = (pi_T phi + pi_A - 1) (r K + Z) - x - cc + L`` with ``K = s D`` (inputs validated)."""
    return (
        (pi_T * threat_factor + pi_A - 1.0) * (r * K + escalation_cost)
        - x
        - compliance_cost
        + resistance_cost
    )


def offramp_margin(
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
) -> NDArray[np.float64]:
    """Off-ramp margin ``M = (pi_T phi + pi_A - 1) (r s D + Z) - x - cc + L`` (module docstring).

    With the defaults ``compliance_cost = cc = 0``, ``threat_factor = phi = 1``,
    ``escalation_cost = Z = 0`` and ``resistance_cost = L = 0`` this is the
    canonical ``M = (pi_T + pi_A - 1) r s D - x``; the target complies iff
    ``M >= 0``.  Derivation: the target's cost of complying is
    ``x + cc + (1 - r) s D + (1 - pi_A)(r s D + Z)``, of resisting
    ``L + (1 - r) s D + pi_T phi (r s D + Z)``; ``M`` is the second minus the first.

    All arguments broadcast together (numpy).

    Parameters
    ----------
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
        ``L``: what resisting costs the target whatever the coercer does
        (battlefield losses, defections, expected regime-fall cost), in stake
        units; any real, default 0.

    Returns
    -------
    numpy.ndarray
        The margin ``M`` in stake units (float), the broadcast shape of the
        arguments; the off-ramp is viable where ``M >= 0``.

    Raises
    ------
    ParameterError
        An argument is not finite, lies outside its range, or the arguments do
        not broadcast together (the message names the argument).

    Examples
    --------
    >>> from compellence.coercion import offramp_margin
    >>> round(float(offramp_margin(0.3, 0.1, 0.9, pi_T=0.9, pi_A=0.8, r=1.0)), 12)
    0.33
    >>> round(float(offramp_margin(0.3, 10.0, 0.9, pi_T=0.9, pi_A=0.8, r=0.0)), 12)   # r = 0: no harshness helps
    -0.3
    """
    x, K, pi_T, pi_A, r, cc, phi, Z, L = _prep(
        x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor, escalation_cost, resistance_cost
    )
    return _margin_core(x, K, pi_T, pi_A, r, cc, phi, Z, L)


def complies(*args: ArrayLike, tol: float = 0.0, **kwargs: ArrayLike) -> NDArray[np.bool_]:
    """Boolean mask: the target complies (off-ramp viable), ``M >= -tol``.

    Parameters
    ----------
    *args, **kwargs
        The arguments of :func:`offramp_margin` (``x, s, delta, pi_T, pi_A, r,
        horizon`` and its keyword-only terms).
    tol : float, optional
        Tolerance in stake units: a margin down to ``-tol`` counts as viable;
        default 0.

    Returns
    -------
    numpy.ndarray
        Boolean mask, the broadcast shape of the arguments.

    Raises
    ------
    ParameterError
        An argument is not finite, lies outside its range, or the arguments do
        not broadcast together (the message names the argument).

    Examples
    --------
    >>> from compellence.coercion import complies
    >>> complies(0.3, 0.1, 0.9, pi_T=0.9, pi_A=[0.8, 0.2], r=1.0).tolist()
    [True, False]
    """
    return offramp_margin(*args, **kwargs) >= -tol


def largest_demand(
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
    cap: bool = False,
) -> NDArray[np.float64]:
    """Largest demand that can work: ``max(0, (pi_T phi + pi_A - 1)(r s D + Z) - cc + L)``.

    With ``cap=True`` the value is also capped at 1 (the whole stake).  A value
    of 0 means that not even a zero demand is accepted when the surplus is
    negative (check :func:`offramp_margin` at ``x = 0``).

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
    cap : bool, optional
        Cap the result at 1, the whole stake (default False).

    Returns
    -------
    numpy.ndarray
        The largest demand as a share of the stake (float, ``>= 0``), the
        broadcast shape of the arguments.

    Raises
    ------
    ParameterError
        An argument is not finite, lies outside its range, or the arguments do
        not broadcast together (the message names the argument).

    Examples
    --------
    >>> from compellence.coercion import largest_demand
    >>> round(float(largest_demand(0.1, 0.9, pi_T=0.9, pi_A=0.8, r=1.0)), 12)
    0.63
    >>> largest_demand(0.1, 0.9, pi_T=0.9, pi_A=[0.8, 1.0], r=1.0, cap=True).round(12).tolist()
    [0.63, 0.81]
    """
    m0 = offramp_margin(
        0.0, s, delta, pi_T, pi_A, r, horizon, compliance_cost=compliance_cost,
        threat_factor=threat_factor, escalation_cost=escalation_cost, resistance_cost=resistance_cost,
    )
    out = np.maximum(0.0, m0)
    return np.minimum(out, 1.0) if cap else out


# ----------------------------------------------------------------------------- critical values
@dataclass(frozen=True)
class Critical:
    """The value of one parameter at which viability flips, holding the rest fixed.

    On ``[lo, hi]`` the margin is monotone in the parameter.  ``increasing``
    says which way: where it is True the off-ramp is viable for parameter
    values at or above ``value``; where it is False (the margin falls in the
    parameter, e.g. harsher punishment when ``pi_T phi + pi_A < 1``), at or
    below ``value``.

    * ``always``: viable over the whole range; ``value`` is ``lo`` (increasing)
      or ``hi`` (decreasing);
    * ``never``: not viable anywhere in the range; ``value == inf`` (no NaN);
    * otherwise ``value`` is the root of ``M = 0`` in ``[lo, hi]``.

    Built by :func:`critical_value` and the ``critical_*`` functions.

    Attributes
    ----------
    name : str
        The parameter (``"pi_A"``, ``"r"``, ``"pi_T"``, ``"s"`` ...).
    value : numpy.ndarray
        The critical value(s), in the parameter's unit.
    always : numpy.ndarray
        Boolean mask: viable over the whole range.
    never : numpy.ndarray
        Boolean mask: viable nowhere in the range.
    lo, hi : float
        The parameter's range (``hi`` may be ``inf``).
    increasing : numpy.ndarray or bool
        Where True, viable at or above ``value``; where False, at or below.

    Examples
    --------
    >>> from compellence.coercion import critical_value
    >>> critical_value(2.0, -1.0, "p")
    Critical(p: 0.5 (viable above))
    """

    name: str
    value: np.ndarray
    always: np.ndarray
    never: np.ndarray
    lo: float
    hi: float
    increasing: np.ndarray | bool = True

    @property
    def flips(self) -> np.ndarray:
        """Mask: viability flips inside the range (neither ``always`` nor ``never``)."""
        return ~(self.always | self.never)

    def __repr__(self) -> str:
        v = np.asarray(self.value)
        if v.ndim == 0:
            if self.always:
                state = "always viable"
            elif self.never:
                state = "never viable"
            else:
                state = f"{float(v):.6g} ({'viable above' if bool(self.increasing) else 'viable below'})"
            return f"Critical({self.name}: {state})"
        return (
            f"Critical({self.name}, shape={v.shape}, flips={int(self.flips.sum())}, "
            f"always={int(self.always.sum())}, never={int(self.never.sum())})"
        )


def critical_value(slope: ArrayLike, intercept: ArrayLike, name: str, lo: float = 0.0, hi: float = 1.0) -> Critical:
    """Where ``slope * p + intercept`` crosses zero for ``p`` in ``[lo, hi]`` (``hi`` may be ``inf``).

    Any sign of ``slope``: for ``slope > 0`` the viable set is ``[value, hi]``,
    for ``slope < 0`` it is ``[lo, value]`` (``increasing`` False), for
    ``slope == 0`` it is all or nothing.  Returns a :class:`Critical` with masks
    instead of NaN.

    Parameters
    ----------
    slope : array_like
        Slope of the (linear) margin in the parameter, stake units per unit
        of the parameter.
    intercept : array_like
        The margin at ``p = 0``, in stake units.
    name : str
        The parameter's name (kept on the result).
    lo, hi : float, optional
        The parameter's range, default ``[0, 1]`` (a probability or share);
        ``hi`` may be ``inf``.

    Returns
    -------
    Critical
        The root(s) with masks, the broadcast shape of ``slope`` and
        ``intercept``.

    Examples
    --------
    >>> from compellence.coercion import critical_value
    >>> c = critical_value([2.0, -1.0, 0.0], [-1.0, 0.5, -1.0], "p")
    >>> c.value.tolist(), c.increasing.tolist(), c.never.tolist()
    ([0.5, 0.5, inf], [True, False, True], [False, False, True])
    """
    a = np.asarray(slope, dtype=float)
    b = np.asarray(intercept, dtype=float)
    a, b = np.broadcast_arrays(a, b)
    with np.errstate(over="ignore", invalid="ignore"):
        at_lo = a * lo + b
        at_hi = np.where(a > 0, np.inf, np.where(a < 0, -np.inf, b)) if not np.isfinite(hi) else a * hi + b
    nz = a != 0
    safe = np.where(nz, a, 1.0)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # a vanishing slope: root at +-inf
        root = np.where(nz, -b / safe, np.inf)
    # a slope so small that the root overflows is no slope at all (viability as at lo everywhere)
    flat = ~nz | ~np.isfinite(root)
    a = np.where(flat, 0.0, a)
    at_hi = np.where(flat, at_lo, at_hi)
    increasing = a >= 0
    ok_lo = at_lo >= 0
    ok_hi = at_hi >= 0
    always = ok_lo & ok_hi
    never = ~ok_lo & ~ok_hi
    edge = np.where(increasing, lo, hi)
    value = np.where(always, edge, np.where(never, np.inf, root))
    return Critical(name=name, value=value, always=always, never=never, lo=float(lo), hi=float(hi),
                    increasing=increasing)


def _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor, escalation_cost=0.0,
          resistance_cost=0.0):
    x = check_real(x, "x", 0.0, 1.0)
    s = check_real(s, "s", 0.0)
    D = future_weight(delta, horizon)
    pi_T = check_real(pi_T, "pi_T", 0.0, 1.0)
    pi_A = check_real(pi_A, "pi_A", 0.0, 1.0)
    r = check_real(r, "r", 0.0, 1.0)
    cc = check_real(compliance_cost, "compliance_cost")
    phi = check_real(threat_factor, "threat_factor", 0.0, 1.0)
    Z = check_real(escalation_cost, "escalation_cost", 0.0)
    L = check_real(resistance_cost, "resistance_cost")
    _broadcast(x=x, s=s, D=D, pi_T=pi_T, pi_A=pi_A, r=r, compliance_cost=cc, threat_factor=phi,
               escalation_cost=Z, resistance_cost=L)
    return x, s * D, pi_T, pi_A, r, cc, phi, Z, L


def critical_assurance(
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
) -> Critical:
    """Critical assurance credibility: ``pi_A* = 1 - pi_T phi + (x + cc - L) / (r s D + Z)`` (M = 0 in pi_A).

    ``pi_A`` itself is ignored (kept in the signature so all critical values
    take the same arguments).

    Parameters
    ----------

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
        ``L``: what resisting costs the target whatever the coercer does
        (battlefield losses, defections, expected regime-fall cost), in stake
        units; any real, default 0.
    Returns
    -------
    Critical
        The critical value(s) with the masks ``always`` and ``never``
        (broadcast shape of the arguments). Range ``[0, 1]`` (a probability).

    Raises
    ------
    ParameterError
        An argument is not finite, lies outside its range, or the arguments do
        not broadcast together (the message names the argument).

    Examples
    --------
    >>> from compellence.coercion import critical_assurance
    >>> critical_assurance(0.3, 0.1, 0.9, pi_T=0.9, pi_A=0.5, r=1.0)
    Critical(pi_A: 0.433333 (viable above))
    """
    x, K, pi_T, _, r, cc, phi, Z, L = _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor,
                                            escalation_cost, resistance_cost)
    lev = r * K + Z
    return critical_value(lev, (pi_T * phi - 1.0) * lev - x - cc + L, "pi_A")


def critical_reversibility(
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
) -> Critical:
    """Critical reversibility: ``r* = ((x + cc - L) / k - Z) / (s D)`` with ``k = pi_T phi + pi_A - 1`` (M = 0 in r).

    For ``k > 0`` the off-ramp opens above ``r*``; for ``k < 0`` more reversible
    punishment only lowers the margin (``increasing`` False); for ``k = 0`` ``r``
    does not matter.  ``r`` itself is ignored.

    Parameters
    ----------

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
        ``L``: what resisting costs the target whatever the coercer does
        (battlefield losses, defections, expected regime-fall cost), in stake
        units; any real, default 0.
    Returns
    -------
    Critical
        The critical value(s) with the masks ``always`` and ``never``
        (broadcast shape of the arguments). Range ``[0, 1]`` (a share).

    Raises
    ------
    ParameterError
        An argument is not finite, lies outside its range, or the arguments do
        not broadcast together (the message names the argument).

    Examples
    --------
    >>> from compellence.coercion import critical_reversibility
    >>> critical_reversibility(0.3, 0.1, 0.9, pi_T=0.9, pi_A=0.8, r=1.0)
    Critical(r: 0.47619 (viable above))
    """
    x, K, pi_T, pi_A, _, cc, phi, Z, L = _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor,
                                               escalation_cost, resistance_cost)
    k = pi_T * phi + pi_A - 1.0
    return critical_value(k * K, k * Z - x - cc + L, "r")


def critical_threat(
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
) -> Critical:
    """Critical threat credibility: ``pi_T* = (1 - pi_A + (x + cc - L) / (r s D + Z)) / phi`` (M = 0 in pi_T).

    ``pi_T`` itself is ignored.

    Parameters
    ----------

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
        ``L``: what resisting costs the target whatever the coercer does
        (battlefield losses, defections, expected regime-fall cost), in stake
        units; any real, default 0.
    Returns
    -------
    Critical
        The critical value(s) with the masks ``always`` and ``never``
        (broadcast shape of the arguments). Range ``[0, 1]`` (a probability).

    Raises
    ------
    ParameterError
        An argument is not finite, lies outside its range, or the arguments do
        not broadcast together (the message names the argument).

    Examples
    --------
    >>> from compellence.coercion import critical_threat
    >>> critical_threat(0.3, 0.1, 0.9, pi_T=0.9, pi_A=0.8, r=1.0)
    Critical(pi_T: 0.533333 (viable above))
    """
    x, K, _, pi_A, r, cc, phi, Z, L = _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor,
                                            escalation_cost, resistance_cost)
    lev = r * K + Z
    return critical_value(phi * lev, (pi_A - 1.0) * lev - x - cc + L, "pi_T")


def critical_punishment(
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
) -> Critical:
    """Critical per-period punishment: ``s* = ((x + cc - L) / k - Z) / (r D)``, ``k = pi_T phi + pi_A - 1``.

    ``M(s) = k r D s + k Z - x - cc + L``.  Where ``k r <= 0`` no punishment,
    however harsh, opens a closed off-ramp (irreversible punishment, ``r = 0``,
    or credibilities with ``pi_T phi + pi_A <= 1``): ``never`` (``inf``), or,
    where the margin is positive without punishment and ``k < 0``, harsher
    punishment closes it above ``s*`` (``increasing`` False).  The escalation
    cost ``Z`` is held fixed (it does not scale with ``s``).  ``s`` itself is
    ignored.

    Parameters
    ----------

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
        ``L``: what resisting costs the target whatever the coercer does
        (battlefield losses, defections, expected regime-fall cost), in stake
        units; any real, default 0.
    Returns
    -------
    Critical
        The critical value(s) with the masks ``always`` and ``never``
        (broadcast shape of the arguments). Range ``[0, inf)`` (stake units per period).

    Raises
    ------
    ParameterError
        An argument is not finite, lies outside its range, or the arguments do
        not broadcast together (the message names the argument).

    Examples
    --------
    >>> from compellence.coercion import critical_punishment
    >>> critical_punishment(0.3, 0.1, 0.9, pi_T=0.9, pi_A=0.8, r=1.0)
    Critical(s: 0.047619 (viable above))
    >>> critical_punishment(0.3, 0.1, 0.9, pi_T=0.9, pi_A=0.8, r=0.0)   # irreversible: never
    Critical(s: never viable)
    """
    x, _, pi_T, pi_A, r, cc, phi, Z, L = _prep(x, s, delta, pi_T, pi_A, r, horizon, compliance_cost, threat_factor,
                                               escalation_cost, resistance_cost)
    D = future_weight(delta, horizon)
    k = pi_T * phi + pi_A - 1.0
    return critical_value(k * r * D, k * Z - x - cc + L, "s", lo=0.0, hi=np.inf)


def critical_frame(crits: dict[str, Critical]) -> pd.DataFrame:
    """A table of scalar critical values (one row per parameter)."""
    import pandas as pd
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
