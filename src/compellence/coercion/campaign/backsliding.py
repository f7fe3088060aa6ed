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

from typing import Any

import numpy as np

from ..offramp import Critical, critical_value
from .credibility import TIE_TOL

__all__ = ["reimpose_gain", "backslides", "after_backslide_value", "critical_reimposition"]


def reimpose_gain(w: Any, Q: Any, C_rev: Any, Z_C: Any, a_T: Any) -> np.ndarray:
    """A type's gain from re-imposing after backsliding over tolerating it: ``w Q - C_rev - Z_C + a_T``."""
    return w * Q - C_rev - Z_C + a_T


def backslides(x: Any, rho: Any, Q: Any, Z_T: Any) -> np.ndarray:
    """The target backslides after lifting: ``x > rho (Q + Z_T)`` (ties within TIE_TOL: it keeps)."""
    return x > rho * (Q + Z_T) + TIE_TOL


def after_backslide_value(w: Any, Q: Any, C_rev: Any, Z_C: Any, a_T: Any, rho_given: Any | None) -> np.ndarray:
    """A type's continuation after the target backslides, ``V_after``.

    With a given threat (``rho_given`` = ``pi_T``): ``pi_T (w Q - C_rev - Z_C) - (1 - pi_T) a_T``;
    derived: the better of re-imposing (``w Q - C_rev - Z_C``) and tolerating (``-a_T``).
    """
    reimp = w * Q - C_rev - Z_C
    if rho_given is not None:
        return rho_given * reimp - (1.0 - rho_given) * a_T
    return np.where(reimp + a_T >= -TIE_TOL, reimp, -a_T)


def critical_reimposition(rho: Any, lifted_sanctions: Any, fixed: Any, Z_T: Any, x: Any) -> Critical:
    """Smallest common effectiveness ``e`` of the sanctions at which the deal holds.

    ``x <= rho (e sum_{sanctions} r_i P_i + sum_{other} e_i r_i P_i + Z_T)``
    (aid keeps its full effect), holding ``rho`` fixed; ``always``: holds even
    at ``e = 0``; ``never``: fails even at ``e = 1``.
    """
    return critical_value(rho * lifted_sanctions, rho * (fixed + Z_T) - x, "reimposition")
