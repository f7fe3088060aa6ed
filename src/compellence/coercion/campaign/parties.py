"""The parties of a campaign and the optional power path (plain data, validated).

* :class:`Coercer`: the coercing state (or a coalition acting as one);
* :class:`Target`: the coerced state;
* :class:`Power`: credibility from power (Kydd & McManus 2017; Cebul, Dafoe &
  Monteiro 2021), turned into threat and assurance credibilities by
  :func:`compellence.coercion.commitment.threat_credibility` /
  :func:`~compellence.coercion.commitment.assurance_credibility`.

Every numeric field may be a numpy array (batch-first); a campaign broadcasts
them together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike

from ...errors import ParameterError
from ...validation import check_name, check_real

__all__ = ["Coercer", "Target", "Power", "as_part"]


@dataclass(frozen=True, eq=False)
class Coercer:
    """The coercing state (or coalition acting as one).

    Numbers may be arrays (they broadcast with the campaign's batch).

    Parameters
    ----------
    name : str, optional
        Player name in the game (default ``"Coercer"``).
    threat_credibility : array_like or None, optional
        ``pi_T`` in [0, 1] (a probability) given directly (before the
        instruments' commitment effects), or ``None`` (default) to derive it
        from the coercer's payoffs (endogenous).
    benefit : array_like, optional
        Value to the coercer of the whole stake (>= 0, the coercer's payoff
        units); a concession ``x`` is worth ``benefit * x``.  Default 1.
    audience_cost : array_like, optional
        Cost (>= 0, stake units) of backing down after a public demand, and of
        reneging on a public assurance (Fearon 1994).  Default 0.
    weakening_value : array_like, optional
        The compellent type's value per unit of cost inflicted on the rival
        (>= 0).  Default 0.
    punitive_weakening_value : array_like or None, optional
        The punitive type's value per unit of cost inflicted (>= 0; default:
        ``weakening_value``).  A punitive type values hurting the rival for its
        own sake and so is reluctant to lift.
    prob_compellent : array_like, optional
        The target's prior that the coercer is the compellent type (a
        probability).  Default 1.
    resolve_sd : array_like, optional
        Spread (> 0, stake units) of the coercer's net value of carrying out a
        threat or promise, used to convert exogenous credibilities between the
        public and the private channel (:mod:`compellence.coercion.audience`).
        Default 1.
    catastrophe_cost : array_like, optional
        The coercer's one-off cost ``K_C`` (>= 0, stake units) of a catastrophe
        (escalation to direct war) that the instruments' per-period escalation
        hazard may trigger while punishment continues.  Default 0.

    Raises
    ------
    ParameterError
        A value out of range or an empty name (naming the field).

    Examples
    --------
    >>> from compellence.coercion import Coercer
    >>> float(Coercer("West", threat_credibility=0.8, audience_cost=0.1).threat_credibility)
    0.8
    >>> Coercer("West", threat_credibility=1.5)
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: Coercer.threat_credibility: must lie in [0, 1], got 1.5
    """

    name: str = "Coercer"
    threat_credibility: ArrayLike | None = None
    benefit: ArrayLike = 1.0
    audience_cost: ArrayLike = 0.0
    weakening_value: ArrayLike = 0.0
    punitive_weakening_value: ArrayLike | None = None
    prob_compellent: ArrayLike = 1.0
    resolve_sd: ArrayLike = 1.0
    catastrophe_cost: ArrayLike = 0.0

    def __post_init__(self) -> None:
        check_name(self.name, "Coercer.name")
        s = object.__setattr__
        if self.threat_credibility is not None:
            s(self, "threat_credibility", check_real(self.threat_credibility, "Coercer.threat_credibility", 0.0, 1.0))
        s(self, "benefit", check_real(self.benefit, "Coercer.benefit", 0.0))
        s(self, "audience_cost", check_real(self.audience_cost, "Coercer.audience_cost", 0.0))
        s(self, "weakening_value", check_real(self.weakening_value, "Coercer.weakening_value", 0.0))
        pw = self.weakening_value if self.punitive_weakening_value is None else self.punitive_weakening_value
        s(self, "punitive_weakening_value", check_real(pw, "Coercer.punitive_weakening_value", 0.0))
        s(self, "prob_compellent", check_real(self.prob_compellent, "Coercer.prob_compellent", 0.0, 1.0))
        s(self, "resolve_sd", check_real(self.resolve_sd, "Coercer.resolve_sd", 0.0, lo_open=True))
        s(self, "catastrophe_cost", check_real(self.catastrophe_cost, "Coercer.catastrophe_cost", 0.0))


@dataclass(frozen=True, eq=False)
class Target:
    """The coerced state.

    Parameters
    ----------
    name : str, optional
        Player name in the game (default ``"Target"``).
    face_cost : array_like, optional
        Cost (>= 0, stake units) of being seen to give in to a *public* demand
        (Kurizaki 2007); zero for a private demand.  Default 0.
    reputation_cost : array_like, optional
        Cost (>= 0, stake units) of appearing weak by complying at all
        (Sechser 2010), offset by side payments.  Default 0.
    catastrophe_cost : array_like, optional
        The target's one-off cost ``K_T`` (>= 0, stake units) of a catastrophe
        triggered by the instruments' escalation hazard.  Default 0.
    fighting_cost : array_like, optional
        What fighting on costs the target every period it resists, whatever the
        coercer does (>= 0, stake units per period, e.g. a share of its GDP per
        period): battlefield losses, units that surrender, the expected cost of
        a regime falling while it fights.  It enters the margin as the
        resistance cost ``L = fighting_cost * D`` on both resist branches
        (punish and back down): it is not in the coercer's hands, so it does not
        vanish when the coercer backs down (our reduction; docs/coercion.md,
        payoff table).  Default 0.

    Raises
    ------
    ParameterError
        A value out of range or an empty name (naming the field).

    Examples
    --------
    >>> from compellence.coercion import Campaign, Target
    >>> c = Campaign({"threat_credibility": 0.9}, Target("East", fighting_cost=0.01),
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5, discount=0.9)
    >>> round(float(c.resistance_cost), 12), round(float(c.offramp().margin), 12)
    (0.09, 0.006)
    """

    name: str = "Target"
    face_cost: ArrayLike = 0.0
    reputation_cost: ArrayLike = 0.0
    catastrophe_cost: ArrayLike = 0.0
    fighting_cost: ArrayLike = 0.0

    def __post_init__(self) -> None:
        check_name(self.name, "Target.name")
        object.__setattr__(self, "fighting_cost", check_real(self.fighting_cost, "Target.fighting_cost", 0.0))
        object.__setattr__(self, "face_cost", check_real(self.face_cost, "Target.face_cost", 0.0))
        object.__setattr__(
            self, "reputation_cost", check_real(self.reputation_cost, "Target.reputation_cost", 0.0)
        )
        object.__setattr__(
            self, "catastrophe_cost", check_real(self.catastrophe_cost, "Target.catastrophe_cost", 0.0)
        )


#: the part :func:`as_part` builds
_Part = TypeVar("_Part", "Coercer", "Target", "Power")


def as_part(cls: type[_Part], value: object, where: str) -> _Part:
    """One part of a campaign (a :class:`Coercer`, :class:`Target`, :class:`Power`) from what the user gave.

    Parameters
    ----------
    cls : type
        The part's class.
    value : object
        An instance of ``cls``, a table (mapping) of its fields, or (coercer
        and target) a name.
    where : str
        The field's name, for messages.

    Returns
    -------
    object
        The instance of ``cls``.

    Raises
    ------
    ParameterError
        An unknown field or a value of another kind (naming ``where``).

    Examples
    --------
    >>> from compellence.coercion.campaign.parties import Target, as_part
    >>> float(as_part(Target, {"name": "East", "face_cost": 0.1}, "target").face_cost)
    0.1
    >>> as_part(Target, {"face": 0.1}, "target")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: target.face: unknown field; fields are [...]
    """
    if isinstance(value, cls):
        return value
    if isinstance(value, str) and cls in (Coercer, Target):
        return cls(name=value)
    if isinstance(value, Mapping):
        names = {f.name for f in dataclasses.fields(cls)}
        for key in value:
            if key not in names:
                raise ParameterError(f"unknown field; fields are {sorted(names)}", f"{where}.{key}")
        return cls(**dict(value))
    raise ParameterError(f"must be a {cls.__name__}, a table of its fields{' or a name' if cls in (Coercer, Target) else ''}, got {value!r}", where)


@dataclass(frozen=True, eq=False)
class Power:
    """Credibility from power (Kydd & McManus 2017; Cebul, Dafoe & Monteiro 2021).

    The coercer keeps its promise to lift iff its value of the deal beats
    reneging with the power it expects to have, and carries out its threat iff
    its power now beats backing down; the target is unsure of the coercer's
    cost ``c ~ F(cost, cost_sd)`` of continuing the confrontation::

        pi_A0 = Pr(c >= expected - deal_value)        (assurance_credibility)
        pi_T0 = Pr(c <= now - backdown_value)          (threat_credibility)

    With ``Campaign(..., power=Power(...))`` these replace
    ``coercer.threat_credibility`` and ``assurance.credibility`` (give one or
    the other) as the *derived* credibilities before the instruments' effects.

    Parameters
    ----------
    now : array_like
        The coercer's power now (probability it prevails), in [0, 1].
    expected : array_like
        The power it expects to have when the promise falls due (its
        discounted future power), in [0, 1].
    cost : array_like
        Mean of its cost of continuing the confrontation (same units as
        power: payoff per period).
    cost_sd : array_like, optional
        The target's uncertainty about that cost (>= 0; 0: known, the
        credibilities are 0 or 1).  Default 0.
    deal_value : array_like, optional
        Its per-period value of keeping the deal.  Default 0.
    backdown_value : array_like, optional
        Its value of backing down.  Default 0.
    dist : {"normal", "logistic"}, optional
        The distribution ``F`` of the cost.

    Raises
    ------
    ParameterError
        A value out of range or an unknown ``dist`` (naming the field).

    Examples
    --------
    >>> from compellence.coercion import Power
    >>> p = Power(now=0.7, expected=0.4, cost=0.2, cost_sd=0.1)
    >>> round(float(p.threat_credibility()), 6), round(float(p.assurance_credibility()), 6)
    (1.0, 0.02275)
    """

    now: ArrayLike
    expected: ArrayLike
    cost: ArrayLike
    cost_sd: ArrayLike = 0.0
    deal_value: ArrayLike = 0.0
    backdown_value: ArrayLike = 0.0
    dist: str = "normal"

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "now", check_real(self.now, "power.now", 0.0, 1.0))
        s(self, "expected", check_real(self.expected, "power.expected", 0.0, 1.0))
        s(self, "cost", check_real(self.cost, "power.cost"))
        s(self, "cost_sd", check_real(self.cost_sd, "power.cost_sd", 0.0))
        s(self, "deal_value", check_real(self.deal_value, "power.deal_value"))
        s(self, "backdown_value", check_real(self.backdown_value, "power.backdown_value"))
        if self.dist not in ("normal", "logistic"):
            raise ParameterError(f"must be 'normal' or 'logistic', got {self.dist!r}", "power.dist")

    def assurance_credibility(self) -> np.ndarray:
        """``Pr(c >= expected - deal_value)`` (:func:`~compellence.coercion.commitment.assurance_credibility`).

        Returns
        -------
        numpy.ndarray
            The probability that the coercer keeps its promise (broadcast shape).

        Examples
        --------
        >>> from compellence.coercion import Power
        >>> float(Power(now=0.7, expected=0.4, cost=0.2, deal_value=0.3).assurance_credibility())
        1.0
        """
        from ..commitment import assurance_credibility

        return assurance_credibility(self.deal_value, self.expected, self.cost, self.cost_sd, self.dist)

    def threat_credibility(self) -> np.ndarray:
        """``Pr(c <= now - backdown_value)`` (:func:`~compellence.coercion.commitment.threat_credibility`).

        Returns
        -------
        numpy.ndarray
            The probability that the coercer carries out its threat (broadcast
            shape).

        Examples
        --------
        >>> from compellence.coercion import Power
        >>> Power(now=0.7, expected=0.4, cost=[0.5, 0.9]).threat_credibility().tolist()
        [1.0, 0.0]
        """
        from ..commitment import threat_credibility

        return threat_credibility(self.now, self.cost, self.cost_sd, self.backdown_value, self.dist)
