"""Backsliding and re-imposition (opt-in stage, ``Campaign(..., backsliding=True)``).

Schelling (1966): a compellent settlement must be enforced after the pressure
is gone.  After lifting, the target may keep the concession or take it back,
and the coercer may then re-impose ``Q = sum_i e_i r_i P_i`` (``e_i`` the
re-imposition effectiveness: sanctions are strongest at first use, Drezner
1999, Early 2015; 1 for aid).  Branch payoffs (irreversible damage and the
coercer's sunk cost on every branch, as in the canonical game)::

    lift, keep                  T: -(x + cc + (1 - r) P)     C: B x - b + w (1 - r) P - C_irr - R
    lift, backslide, reimpose   T: -(cc + (1 - r) P + Q + Z_T)
                                C: -b + w (1 - r) P - C_irr - R + w Q - C_rev - Z_C
    lift, backslide, tolerate   T: -(cc + (1 - r) P)          C: -b + w (1 - r) P - C_irr - R - a_T

Conditions (derived by comparing those branches; only what the choice changes
enters):

* the target backslides iff ``x > rho (Q + Z_T)`` (ties: keeps), with ``rho``
  the probability of re-imposition;
* a coercer type re-imposes iff ``w Q - C_rev - Z_C + a_T >= 0``;
* a type that expects backsliding lifts iff
  ``C_rev + Z_C + a_A - R - w r P - B x + V_after >= 0`` with
  ``V_after = w Q - C_rev - Z_C`` (re-impose) or ``-a_T`` (tolerate), weighted by
  ``rho`` when the threat is given;
* with a *given* assurance, a coercer that knows the target would backslide
  does not lift (our stylised reduction): ``pi_A = 0`` where ``x > rho (Q + Z_T)``.

The target's premium from lifted-then-backslide, ``sum_theta prior 1[lifts,
backslides] (x - rho_theta (Q + Z_T))``, enters the margin (0 where the deal
holds).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..offramp import Critical, critical_value
from .credibility import TIE_TOL

__all__ = ["reimpose_gain", "backslides", "after_backslide_value", "critical_reimposition"]


def reimpose_gain(
    w: ArrayLike,
    Q: ArrayLike,
    C_rev: ArrayLike,
    Z_C: ArrayLike,
    a_T: ArrayLike,
) -> np.ndarray:
    """A type's gain from re-imposing after backsliding over tolerating it: ``w Q - C_rev - Z_C + a_T``.

    Parameters
    ----------
    w : array_like
        The type's value per unit of damage to the rival.
    Q : array_like
        The re-imposed punishment (present value, stake units).
    C_rev : array_like
        The coercer's cost of the re-imposed punishment.
    Z_C : array_like
        The coercer's expected escalation cost.
    a_T : array_like
        Audience cost of tolerating the backsliding.

    Returns
    -------
    numpy.ndarray
        The gain, the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.backsliding import reimpose_gain
    >>> round(float(reimpose_gain(0.5, 0.4, 0.1, 0.0, 0.05)), 12)
    0.15
    """
    return w * Q - C_rev - Z_C + a_T


def backslides(x: ArrayLike, rho: ArrayLike, Q: ArrayLike, Z_T: ArrayLike) -> np.ndarray:
    """The target backslides after lifting: ``x > rho (Q + Z_T)`` (ties within TIE_TOL: it keeps).

    Parameters
    ----------
    x : array_like
        The concession (share of the stake).
    rho : array_like
        Re-imposition credibility (probability).
    Q : array_like
        The re-imposed punishment (present value, stake units).
    Z_T : array_like
        The target's expected escalation cost.

    Returns
    -------
    numpy.ndarray
        Boolean mask, the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.backsliding import backslides
    >>> import numpy as np
    >>> backslides(np.array([0.1, 0.5]), 0.8, 0.4, 0.0).tolist()
    [False, True]
    """
    return x > rho * (Q + Z_T) + TIE_TOL


def after_backslide_value(
    w: ArrayLike,
    Q: ArrayLike,
    C_rev: ArrayLike,
    Z_C: ArrayLike,
    a_T: ArrayLike,
    rho_given: ArrayLike | None,
) -> np.ndarray:
    """A type's continuation after the target backslides, ``V_after``.

    With a given threat (``rho_given`` = ``pi_T``): ``pi_T (w Q - C_rev - Z_C) - (1 - pi_T) a_T``;
    derived: the better of re-imposing (``w Q - C_rev - Z_C``) and tolerating (``-a_T``).

    Parameters
    ----------
    w, Q, C_rev, Z_C, a_T : array_like
        As for :func:`reimpose_gain`.
    rho_given : array_like or None
        The given threat credibility, or ``None`` (derived).

    Returns
    -------
    numpy.ndarray
        ``V_after``, the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.backsliding import after_backslide_value
    >>> round(float(after_backslide_value(0.5, 0.4, 0.1, 0.0, 0.05, None)), 12)
    0.1
    >>> round(float(after_backslide_value(0.5, 0.4, 0.1, 0.0, 0.05, 0.5)), 12)
    0.025
    """
    reimp = w * Q - C_rev - Z_C
    if rho_given is not None:
        return rho_given * reimp - (1.0 - rho_given) * a_T
    return np.where(reimp + a_T >= -TIE_TOL, reimp, -a_T)


def critical_reimposition(
    rho: ArrayLike,
    lifted_sanctions: ArrayLike,
    fixed: ArrayLike,
    Z_T: ArrayLike,
    x: ArrayLike,
) -> Critical:
    """Smallest common effectiveness ``e`` of the sanctions at which the deal holds.

    ``x <= rho (e sum_{sanctions} r_i P_i + sum_{other} e_i r_i P_i + Z_T)``
    (aid keeps its full effect), holding ``rho`` fixed; ``always``: holds even
    at ``e = 0``; ``never``: fails even at ``e = 1``.

    Parameters
    ----------
    rho : array_like
        Re-imposition credibility (probability).
    lifted_sanctions : array_like
        ``sum_{sanctions} r_i P_i`` (present value, stake units).
    fixed : array_like
        ``sum_{other} e_i r_i P_i`` (the other instruments' re-imposed part).
    Z_T : array_like
        The target's expected escalation cost.
    x : array_like
        The concession (share of the stake).

    Returns
    -------
    Critical
        ``e`` (share, range [0, 1]) with the masks ``always`` and ``never``.

    Examples
    --------
    >>> from compellence.coercion.campaign.backsliding import critical_reimposition
    >>> critical_reimposition(0.8, 0.5, 0.0, 0.0, 0.2)
    Critical(reimposition: 0.5 (viable above))
    """
    return critical_value(rho * lifted_sanctions, rho * (fixed + Z_T) - x, "reimposition")
