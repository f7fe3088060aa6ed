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
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from ..coalitions import Coalition

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


def given_threat(pi_T0: ArrayLike, boosts: Sequence[ArrayLike]) -> np.ndarray:
    """``pi_T = 1 - (1 - pi_T0) prod_i (1 - boost_i)`` (instruments' commitment closes the gap).

    Parameters
    ----------
    pi_T0 : array_like
        The given threat credibility (probability).
    boosts : sequence of array_like
        Each instrument's ``threat_boost`` (share of the gap it closes, in
        [0, 1]).

    Returns
    -------
    numpy.ndarray
        ``pi_T`` (probability), the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.credibility import given_threat
    >>> float(given_threat(0.6, [0.5, 0.5]))
    0.9
    """
    gap: Any = 1.0 - np.asarray(pi_T0, dtype=float)
    for b in boosts:
        gap = gap * (1.0 - b)
    return 1.0 - gap


def given_assurance(pi_A0: ArrayLike, penalties: Sequence[ArrayLike]) -> np.ndarray:
    """``pi_A = pi_A0 prod_i (1 - penalty_i)`` (overt aid erodes the assurance).

    Parameters
    ----------
    pi_A0 : array_like
        The given assurance credibility (probability).
    penalties : sequence of array_like
        Each instrument's ``assurance_penalty`` (share lost, in [0, 1]).

    Returns
    -------
    numpy.ndarray
        ``pi_A`` (probability), the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.credibility import given_assurance
    >>> float(given_assurance(0.8, [0.5]))
    0.4
    """
    p: Any = np.asarray(pi_A0, dtype=float)
    for q in penalties:
        p = p * (1.0 - q)
    return p


def punish_gain(
    w: ArrayLike,
    reversible: ArrayLike,
    C_rev: ArrayLike,
    Z_C: ArrayLike,
    a_T: ArrayLike,
    R: ArrayLike,
    phi: ArrayLike,
) -> np.ndarray:
    """A coercer type's gain from punishing over backing down: ``phi (w r P - C_rev - Z_C) + a_T + R``.

    Parameters
    ----------
    w : array_like
        The type's value per unit of damage to the rival.
    reversible : array_like
        ``r P``, the reversible punishment (present value, stake units).
    C_rev : array_like
        The coercer's cost of keeping the reversible punishment on (present
        value).
    Z_C : array_like
        The coercer's expected escalation cost while punishment continues.
    a_T : array_like
        Audience cost of backing down after a public demand (stake units).
    R : array_like
        Rollback cost of the instruments (what lifting costs the coercer).
    phi : array_like
        The deadline discount on the threat, in [0, 1].

    Returns
    -------
    numpy.ndarray
        The gain (coercer's payoff units); it punishes where positive, the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.credibility import punish_gain
    >>> round(float(punish_gain(w=0.5, reversible=0.6, C_rev=0.1, Z_C=0.0, a_T=0.05, R=0.0, phi=1.0)), 12)
    0.25
    """
    return phi * (w * reversible - C_rev - Z_C) + a_T + R


def lift_gain(
    w: ArrayLike,
    reversible: ArrayLike,
    C_rev: ArrayLike,
    Z_C: ArrayLike,
    a_A: ArrayLike,
    R: ArrayLike,
) -> np.ndarray:
    """A coercer type's gain from lifting over reneging (the deal holds): ``C_rev + Z_C + a_A - R - w r P``.

    Parameters
    ----------
    w : array_like
        The type's value per unit of damage to the rival.
    reversible : array_like
        ``r P``, the reversible punishment (present value, stake units).
    C_rev : array_like
        The coercer's cost of keeping the reversible punishment on (present
        value).
    Z_C : array_like
        The coercer's expected escalation cost while punishment continues.
    a_A : array_like
        Audience cost of reneging on a public assurance (stake units).
    R : array_like
        Rollback cost of the instruments.

    Returns
    -------
    numpy.ndarray
        The gain; the type lifts where positive, the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.credibility import lift_gain
    >>> round(float(lift_gain(w=0.5, reversible=0.6, C_rev=0.1, Z_C=0.0, a_A=0.3, R=0.0)), 12)
    0.1
    """
    return C_rev + Z_C + a_A - R - w * reversible


def type_weight(
    mu: ArrayLike,
    chooses_compellent: ArrayLike,
    chooses_punitive: ArrayLike,
) -> np.ndarray:
    """``mu 1[compellent chooses] + (1 - mu) 1[punitive chooses]``: the derived credibility.

    Parameters
    ----------
    mu : array_like
        The target's prior that the coercer is the compellent type.
    chooses_compellent, chooses_punitive : array_like
        Boolean masks: each type carries out the threat (or promise).

    Returns
    -------
    numpy.ndarray
        The credibility (probability), the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion.campaign.credibility import type_weight
    >>> type_weight(0.7, [True, True, False], [True, False, False]).tolist()
    [1.0, 0.7, 0.0]
    """
    return np.where(chooses_compellent, mu, 0.0) + np.where(chooses_punitive, 1.0 - np.asarray(mu), 0.0)


def coalition_assurance_factor(coalition: Coalition, x: ArrayLike) -> np.ndarray:
    """The coalition's factor on the assurance at concession ``x``.

    ``coalition.lifted_share(x)`` (expected share of the reversible punishment
    lifted, partial lifting) if the coalition offers it, else
    ``coalition.lift_probability(x)`` (all-or-nothing).

    Parameters
    ----------
    coalition : Coalition
        The coalition and its lifting rule.
    x : array_like
        The concession (share of the stake).

    Returns
    -------
    numpy.ndarray
        The factor in [0, 1], the broadcast shape of the arguments.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> from compellence.coercion.campaign.credibility import coalition_assurance_factor
    >>> co = Coalition(["A", "B"], [0.2, 0.5], [0.1, 0.1], rule="unanimity")
    >>> coalition_assurance_factor(co, [0.3, 0.6]).round(4).tolist()
    [0.0191, 0.8413]
    """
    fn = getattr(coalition, "lifted_share", None)
    if callable(fn):
        return np.asarray(fn(x), dtype=float)
    return np.asarray(coalition.lift_probability(x), dtype=float)


def coalition_threat_factor(coalition: Coalition) -> NDArray[np.float64] | None:
    """``coalition.sustain_probability()`` if the coalition offers it, else ``None``.

    The punishment survives a rule under which one member can end it; ``None``:
    no effect on the threat.

    Parameters
    ----------
    coalition : Coalition
        The coalition.

    Returns
    -------
    numpy.ndarray or None
        The factor on the threat credibility (probability), or ``None``.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> from compellence.coercion.campaign.credibility import coalition_threat_factor
    >>> co = Coalition(["A", "B"], [0.2, 0.5], [0.1, 0.1], rule="unanimity")
    >>> float(coalition_threat_factor(co))
    1.0
    """
    fn = getattr(coalition, "sustain_probability", None)
    if callable(fn):
        return np.asarray(fn(), dtype=float)
    return None
