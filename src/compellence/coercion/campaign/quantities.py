"""Model quantities of a campaign: pure array functions (no classes, no state).

Every function takes numpy arrays (or scalars) and returns arrays at their
*natural* broadcast shape: a quantity that depends only on scalar inputs stays
a scalar, so a 1000 x 1000 grid over two inputs costs full-size arithmetic
only where the two meet (the margin), never for the intermediate sums.

Notation (stake units, present values at the start of the game; derivations
in ``docs/coercion.md``):

* ``P_i`` the present value of instrument ``i``'s future cost to the target,
  ``r_i`` its reversibility (share that stops when the coercer stops it);
* ``P = sum_i P_i = s D`` (``punishment_pv``; ``s`` the effective per-period
  punishment, ``D`` the future weight);
* ``rP = sum_i r_i P_i`` (``reversible_pv``), the only part of the punishment
  the coercer controls after it is imposed; ``(1 - r) P = P - rP``
  (``irreversible_pv``) persists on every branch;
* ``r = rP / P`` (``effective_reversibility``, the cost-weighted mean);
* ``cc = face + reputation - side payments`` (``compliance_cost``);
* ``L = fighting_cost * D`` (``resistance_cost``);
* ``h = 1 - prod_i (1 - h_i)`` (``escalation_hazard``), ``E = h/(1-h) S(delta (1-h))``
  (``escalation_weight``), ``Z_T = K_T E`` (``escalation_cost``), ``Z_C = K_C E``;
* the coercer's cost of sustaining instrument ``i``, ``c_i D``, splits like the
  target's cost: ``C_rev = sum_i r_i c_i D`` stops when the coercer lifts or
  backs down, ``C_irr = sum_i (1 - r_i) c_i D`` is sunk with the irreversible
  damage and is paid on every branch (our reduction).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "total",
    "mean_reversibility",
    "combined_hazard",
    "target_branch_costs",
    "coercer_branch_payoffs",
    "margin",
]


def total(terms: Sequence[Any]) -> Any:
    """``sum_i terms_i`` at the natural broadcast shape (``0.0`` for no terms)."""
    out: Any = 0.0
    for t in terms:
        out = out + t
    return out


def mean_reversibility(P: Any, rP: Any, revs: Sequence[Any]) -> np.ndarray:
    """``r = rP / P`` (cost-weighted mean); the unweighted mean of ``r_i`` where ``P = 0``; 1 with no instruments.

    Clipped to ``[0, 1]`` (a weighted mean of values in ``[0, 1]``; the clip only
    removes last-ulp rounding).
    """
    if not revs:
        return np.asarray(1.0)
    P = np.asarray(P, dtype=float)
    pos = P > 0
    fallback = total(revs) / len(revs)
    if np.all(pos):
        return np.clip(rP / P, 0.0, 1.0)
    return np.clip(np.where(pos, rP / np.where(pos, P, 1.0), fallback), 0.0, 1.0)


def combined_hazard(risks: Sequence[Any]) -> Any:
    """Per-period escalation hazard of several instruments: ``h = 1 - prod_i (1 - h_i)``."""
    q: Any = 1.0
    for h in risks:
        q = q * (1.0 - h)
    return 1.0 - np.asarray(q, dtype=float)


def target_branch_costs(x: Any, cc: Any, L: Any, irreversible: Any, reversible: Any, Z: Any, phi: Any) -> dict:
    """The target's cost (present value, stake units) on each branch of the canonical game.

    ``comply-lift``:      ``x + cc + (1 - r) P``
    ``comply-renege``:    ``x + cc + (1 - r) P + r P + Z_T``
    ``resist-punish``:    ``L + (1 - r) P + phi (r P + Z_T)``
    ``resist-back down``: ``L + (1 - r) P``

    The irreversible part ``(1 - r) P`` is on every branch (it persists whether
    the coercer lifts or backs down); ``L`` on both resist branches (the
    target fights on whatever the coercer does).  Source: docs/coercion.md,
    payoff table.
    """
    return {
        "comply-lift": x + cc + irreversible,
        "comply-renege": x + cc + irreversible + reversible + Z,
        "resist-punish": L + irreversible + phi * (reversible + Z),
        "resist-back down": L + irreversible,
    }


def coercer_branch_payoffs(
    B: Any, x: Any, b: Any, w: Any, irreversible: Any, reversible: Any, C_irr: Any, C_rev: Any,
    Z_C: Any, a_T: Any, a_A: Any, R: Any, phi: Any,
) -> dict:
    """A coercer type's payoff on each branch (``w`` its value per unit of damage to the rival).

    ``comply-lift``:      ``B x - b + w (1 - r) P - C_irr - R``
    ``comply-renege``:    ``B x - b + w P - C_irr - C_rev - Z_C - a_A``
    ``resist-punish``:    ``w (1 - r) P - C_irr + phi (w r P - C_rev - Z_C)``
    ``resist-back down``: ``w (1 - r) P - C_irr - a_T - R``

    ``w (1 - r) P - C_irr`` is on every branch: neither the damage already done
    nor the coercer's own sunk cost of it depends on its choice.
    """
    sunk = w * irreversible - C_irr
    return {
        "comply-lift": B * x - b + sunk - R,
        "comply-renege": B * x - b + sunk + w * reversible - C_rev - Z_C - a_A,
        "resist-punish": sunk + phi * (w * reversible - C_rev - Z_C),
        "resist-back down": sunk - a_T - R,
    }


def margin(pi_T: Any, pi_A: Any, phi: Any, reversible: Any, Z: Any, x: Any, cc: Any, L: Any,
           premium: Any = 0.0) -> np.ndarray:
    """Off-ramp margin ``M = (pi_T phi + pi_A - 1)(r P + Z_T) - x - cc + L + prem``.

    The expected cost of resisting minus that of complying
    (:func:`target_branch_costs` weighted by ``pi_T`` / ``pi_A``); ``prem`` is
    the backsliding premium (0 without backsliding).  Scalar parts are
    combined first so that only the product and one subtraction run at the
    full batch size.
    """
    k = pi_T * phi + pi_A - 1.0
    rest = x + cc - L - premium  # usually small shapes
    return k * (reversible + Z) - rest
