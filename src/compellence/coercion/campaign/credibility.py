"""Credibility of the threat and the assurance: given, from power, from a coalition, or type-based.

Four modes (``pi_T`` given or derived x ``pi_A`` given or derived):

**Given** (exogenous).  ``coercer.threat_credibility = pi_T0`` and
``assurance.credibility = pi_A0`` (or, with a power path, ``pi_T0`` and
``pi_A0`` from :func:`compellence.coercion.commitment.threat_credibility` /
:func:`~compellence.coercion.commitment.assurance_credibility`, Kydd & McManus
2017).  The instruments adjust them (our stylised reduction): overt aid's
public commitment closes a share of the threat gap and erodes the assurance,

    pi_T = 1 - (1 - pi_T0) prod_i (1 - boost_i),     pi_A = pi_A0 prod_i (1 - penalty_i).

**Derived** (type-based, Kydd & McManus 2017; Fearon 1994 audience costs).
The coercer is compellent (prior ``mu``) or punitive, with value ``w_theta``
per unit of damage to the rival.  Only what its choice changes enters it
(:func:`~compellence.coercion.campaign.quantities.coercer_branch_payoffs`:
the sunk ``w (1 - r) P - C_irr`` is on every branch and cancels):

    punish - back down = phi (w r P - C_rev - Z_C) + a_T + R   >= 0   (punishes)
    lift   - renege    = C_rev + Z_C + a_A - R - w r P          >= 0   (lifts)

and ``pi_T`` / ``pi_A`` are the prior weights of the types that punish / lift
(ties: punish / lift, within :data:`TIE_TOL`).

**Coalition** (MODELS of coalitions, :mod:`compellence.coercion.coalitions`).
Several coercers lift only when their rule is met at the demanded concession:
the assurance is multiplied by the expected share of the reversible punishment
lifted, ``coalition.lifted_share(x)`` if the coalition offers partial lifting,
else ``Pr(lift | x) = coalition.lift_probability(x)``; under a rule where one
member can end the sanctions, the threat is multiplied by
``coalition.sustain_probability()`` where the coalition offers it.  These
factors are chance moves that come before the coercer's own choice, so they
multiply the credibility of every mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "TIE_TOL",
    "given_threat",
    "given_assurance",
    "punish_gain",
    "lift_gain",
    "type_weight",
    "coalition_assurance_factor",
    "coalition_threat_factor",
]

#: Tolerance for ties, the same as :func:`compellence.spe`'s default: the
#: target complies iff ``M >= -TIE_TOL``; a coercer type lifts / punishes on ties.
TIE_TOL = 1e-9


def given_threat(pi_T0: Any, boosts: Sequence[Any]) -> np.ndarray:
    """``pi_T = 1 - (1 - pi_T0) prod_i (1 - boost_i)`` (instruments' commitment closes the gap)."""
    gap: Any = 1.0 - np.asarray(pi_T0, dtype=float)
    for b in boosts:
        gap = gap * (1.0 - b)
    return 1.0 - gap


def given_assurance(pi_A0: Any, penalties: Sequence[Any]) -> np.ndarray:
    """``pi_A = pi_A0 prod_i (1 - penalty_i)`` (overt aid erodes the assurance)."""
    p: Any = np.asarray(pi_A0, dtype=float)
    for q in penalties:
        p = p * (1.0 - q)
    return p


def punish_gain(w: Any, reversible: Any, C_rev: Any, Z_C: Any, a_T: Any, R: Any, phi: Any) -> np.ndarray:
    """A coercer type's gain from punishing over backing down: ``phi (w r P - C_rev - Z_C) + a_T + R``."""
    return phi * (w * reversible - C_rev - Z_C) + a_T + R


def lift_gain(w: Any, reversible: Any, C_rev: Any, Z_C: Any, a_A: Any, R: Any) -> np.ndarray:
    """A coercer type's gain from lifting over reneging (the deal holds): ``C_rev + Z_C + a_A - R - w r P``."""
    return C_rev + Z_C + a_A - R - w * reversible


def type_weight(mu: Any, chooses_compellent: Any, chooses_punitive: Any) -> np.ndarray:
    """``mu 1[compellent chooses] + (1 - mu) 1[punitive chooses]``: the derived credibility."""
    return np.where(chooses_compellent, mu, 0.0) + np.where(chooses_punitive, 1.0 - np.asarray(mu), 0.0)


def coalition_assurance_factor(coalition: Any, x: Any) -> np.ndarray:
    """The coalition's factor on the assurance at concession ``x``.

    ``coalition.lifted_share(x)`` (expected share of the reversible punishment
    lifted, partial lifting) if the coalition offers it, else
    ``coalition.lift_probability(x)`` (all-or-nothing).
    """
    fn = getattr(coalition, "lifted_share", None)
    if callable(fn):
        return np.asarray(fn(x), dtype=float)
    return np.asarray(coalition.lift_probability(x), dtype=float)


def coalition_threat_factor(coalition: Any) -> np.ndarray | None:
    """``coalition.sustain_probability()`` (the punishment survives a rule under which one member
    can end it) if the coalition offers it, else ``None`` (no effect on the threat)."""
    fn = getattr(coalition, "sustain_probability", None)
    if callable(fn):
        return np.asarray(fn(), dtype=float)
    return None
