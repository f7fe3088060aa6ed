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
from numpy.typing import ArrayLike

__all__ = [
    "total",
    "mean_reversibility",
    "combined_hazard",
    "target_branch_costs",
    "coercer_branch_payoffs",
    "margin",
]


def total(terms: Sequence[ArrayLike]) -> float | np.ndarray:
    """``sum_i terms_i`` at the natural broadcast shape (``0.0`` for no terms).

    Parameters
    ----------
    terms : sequence of array_like
        The terms.

    Returns
    -------
    float or numpy.ndarray
        The sum (``0.0`` without terms).

    Examples
    --------
    >>> from compellence.coercion.campaign.quantities import total
    >>> import numpy as np
    >>> total([]), total([1.0, np.array([0.5, 1.5])]).tolist()
    (0.0, [1.5, 2.5])
    """
    out: Any = 0.0
    for t in terms:
        out = out + t
    return out


def mean_reversibility(P: ArrayLike, rP: ArrayLike, revs: Sequence[ArrayLike]) -> np.ndarray:
    """``r = rP / P`` (cost-weighted mean); the unweighted mean of ``r_i`` where ``P = 0``; 1 with no instruments.

    Clipped to ``[0, 1]`` (a weighted mean of values in ``[0, 1]``; the clip only
    removes last-ulp rounding).

    Parameters
    ----------
    P : array_like
        The total punishment (present value, stake units).
    rP : array_like
        Its reversible part.
    revs : sequence of array_like
        Each instrument's reversibility (share).

    Returns
    -------
    numpy.ndarray
        ``r`` (share), the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.quantities import mean_reversibility
    >>> mean_reversibility([1.0, 0.0], [0.6, 0.0], [0.2, 1.0]).tolist()
    [0.6, 0.6]
    """
    if not revs:
        return np.asarray(1.0)
    P = np.asarray(P, dtype=float)
    pos = P > 0
    fallback = total(revs) / len(revs)
    if np.all(pos):
        return np.clip(rP / P, 0.0, 1.0)
    return np.clip(np.where(pos, rP / np.where(pos, P, 1.0), fallback), 0.0, 1.0)


def combined_hazard(risks: Sequence[ArrayLike]) -> float | np.ndarray:
    """Per-period escalation hazard of several instruments: ``h = 1 - prod_i (1 - h_i)``.

    Parameters
    ----------
    risks : sequence of array_like
        Each instrument's hazard per period (probability).

    Returns
    -------
    float or numpy.ndarray
        ``h`` (probability per period; ``0.0`` without instruments).

    Examples
    --------
    >>> from compellence.coercion.campaign.quantities import combined_hazard
    >>> round(float(combined_hazard([0.1, 0.2])), 12)
    0.28
    """
    q: Any = 1.0
    for h in risks:
        q = q * (1.0 - h)
    return 1.0 - np.asarray(q, dtype=float)


def target_branch_costs(
    x: ArrayLike,
    cc: ArrayLike,
    L: ArrayLike,
    irreversible: ArrayLike,
    reversible: ArrayLike,
    Z: ArrayLike,
    phi: ArrayLike,
) -> dict[str, np.ndarray]:
    """The target's cost (present value, stake units) on each branch of the canonical game.

    ``comply-lift``:      ``x + cc + (1 - r) P``
    ``comply-renege``:    ``x + cc + (1 - r) P + r P + Z_T``
    ``resist-punish``:    ``L + (1 - r) P + phi (r P + Z_T)``
    ``resist-back down``: ``L + (1 - r) P``

    The irreversible part ``(1 - r) P`` is on every branch (it persists whether
    the coercer lifts or backs down); ``L`` on both resist branches (the
    target fights on whatever the coercer does).  Source: docs/coercion.md,
    payoff table.

    Parameters
    ----------
    x : array_like
        The concession (share of the stake).
    cc : array_like
        Compliance cost (stake units).
    L : array_like
        Resistance cost (stake units).
    irreversible, reversible : array_like
        ``(1 - r) P`` and ``r P`` (present value, stake units).
    Z : array_like
        ``Z_T``, the target's expected escalation cost.
    phi : array_like
        The deadline discount on the threat, in [0, 1].

    Returns
    -------
    dict of str to numpy.ndarray
        Branch name -> cost.

    Examples
    --------
    >>> from compellence.coercion.campaign.quantities import target_branch_costs
    >>> costs = target_branch_costs(0.3, 0.0, 0.0, 0.36, 0.54, 0.0, 1.0)
    >>> {k: round(float(v), 12) for k, v in costs.items()}
    {'comply-lift': 0.66, 'comply-renege': 1.2, 'resist-punish': 0.9, 'resist-back down': 0.36}
    """
    return {
        "comply-lift": x + cc + irreversible,
        "comply-renege": x + cc + irreversible + reversible + Z,
        "resist-punish": L + irreversible + phi * (reversible + Z),
        "resist-back down": L + irreversible,
    }


def coercer_branch_payoffs(
    B: ArrayLike,
    x: ArrayLike,
    b: ArrayLike,
    w: ArrayLike,
    irreversible: ArrayLike,
    reversible: ArrayLike,
    C_irr: ArrayLike,
    C_rev: ArrayLike,
    Z_C: ArrayLike,
    a_T: ArrayLike,
    a_A: ArrayLike,
    R: ArrayLike,
    phi: ArrayLike,
) -> dict[str, np.ndarray]:
    """A coercer type's payoff on each branch (``w`` its value per unit of damage to the rival).

    ``comply-lift``:      ``B x - b + w (1 - r) P - C_irr - R``
    ``comply-renege``:    ``B x - b + w P - C_irr - C_rev - Z_C - a_A``
    ``resist-punish``:    ``w (1 - r) P - C_irr + phi (w r P - C_rev - Z_C)``
    ``resist-back down``: ``w (1 - r) P - C_irr - a_T - R``

    ``w (1 - r) P - C_irr`` is on every branch: neither the damage already done
    nor the coercer's own sunk cost of it depends on its choice.

    Parameters
    ----------
    B : array_like
        The coercer's value of the whole stake.
    x : array_like
        The concession (share of the stake).
    b : array_like
        Side payments paid on compliance.
    w : array_like
        The type's value per unit of damage to the rival.
    irreversible, reversible : array_like
        ``(1 - r) P`` and ``r P`` (present value, stake units).
    C_irr, C_rev : array_like
        The coercer's own cost of the irreversible and reversible punishment.
    Z_C : array_like
        The coercer's expected escalation cost.
    a_T, a_A : array_like
        Audience costs of backing down and of reneging.
    R : array_like
        Rollback cost.
    phi : array_like
        The deadline discount on the threat.

    Returns
    -------
    dict of str to numpy.ndarray
        Branch name -> payoff.

    Examples
    --------
    >>> from compellence.coercion.campaign.quantities import coercer_branch_payoffs
    >>> pay = coercer_branch_payoffs(1.0, 0.3, 0.0, 0.0, 0.36, 0.54, 0.0, 0.1, 0.0, 0.0, 0.0, 0.0, 1.0)
    >>> {k: round(float(v), 12) for k, v in pay.items()}
    {'comply-lift': 0.3, 'comply-renege': 0.2, 'resist-punish': -0.1, 'resist-back down': 0.0}
    """
    sunk = w * irreversible - C_irr
    return {
        "comply-lift": B * x - b + sunk - R,
        "comply-renege": B * x - b + sunk + w * reversible - C_rev - Z_C - a_A,
        "resist-punish": sunk + phi * (w * reversible - C_rev - Z_C),
        "resist-back down": sunk - a_T - R,
    }


def margin(
    pi_T: ArrayLike,
    pi_A: ArrayLike,
    phi: ArrayLike,
    reversible: ArrayLike,
    Z: ArrayLike,
    x: ArrayLike,
    cc: ArrayLike,
    L: ArrayLike,
    premium: ArrayLike = 0.0,
) -> np.ndarray:
    """Off-ramp margin ``M = (pi_T phi + pi_A - 1)(r P + Z_T) - x - cc + L + prem``.

    The expected cost of resisting minus that of complying
    (:func:`target_branch_costs` weighted by ``pi_T`` / ``pi_A``); ``prem`` is
    the backsliding premium (0 without backsliding).  Scalar parts are
    combined first so that only the product and one subtraction run at the
    full batch size.

    Parameters
    ----------
    pi_T, pi_A : array_like
        Threat and assurance credibility (probabilities).
    phi : array_like
        The deadline discount on the threat, in [0, 1].
    reversible : array_like
        ``r P`` (present value, stake units).
    Z : array_like
        ``Z_T``, the target's expected escalation cost.
    x : array_like
        The concession (share of the stake).
    cc, L : array_like
        Compliance and resistance costs (stake units).
    premium : array_like, optional
        The backsliding premium (default 0).

    Returns
    -------
    numpy.ndarray
        ``M`` (stake units), the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.quantities import margin
    >>> round(float(margin(0.9, 0.5, 1.0, 0.54, 0.0, 0.3, 0.0, 0.0)), 12)
    -0.084
    """
    k = pi_T * phi + pi_A - 1.0
    rest = x + cc - L - premium  # usually small shapes
    return k * (reversible + Z) - rest
