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
from typing import Any

import numpy as np

from ...errors import ParameterError
from ...validation import check_name, check_real

__all__ = ["Coercer", "Target", "Power", "as_part"]


@dataclass(frozen=True, eq=False)
class Coercer:
    """The coercing state (or coalition acting as one).

    * ``name``: player name in the game.
    * ``threat_credibility`` in [0, 1] or ``None``: ``pi_T`` given directly
      (before the instruments' commitment effects), or ``None`` to derive it
      from the coercer's payoffs (endogenous).
    * ``benefit`` (>= 0): value to the coercer of the whole stake; a concession
      ``x`` is worth ``benefit * x``.
    * ``audience_cost`` (>= 0, stake units): cost of backing down after a
      public demand, and of reneging on a public assurance (Fearon 1994).
    * ``weakening_value`` (>= 0): the compellent type's value per unit of cost
      inflicted on the rival; ``punitive_weakening_value`` (>= 0, default: the
      same) the punitive type's.  A punitive type values hurting the rival for
      its own sake and so is reluctant to lift.
    * ``prob_compellent`` in [0, 1]: the target's prior that the coercer is the
      compellent type.
    * ``resolve_sd`` (> 0): spread of the coercer's net value of carrying out a
      threat or promise, used to convert exogenous credibilities between the
      public and the private channel (:mod:`compellence.coercion.audience`).
    * ``catastrophe_cost`` (>= 0, stake units, once): the coercer's cost ``K_C``
      of a catastrophe (escalation to direct war) that the instruments' per-period
      escalation hazard may trigger while punishment continues.
    """

    name: str = "Coercer"
    threat_credibility: Any = None
    benefit: Any = 1.0
    audience_cost: Any = 0.0
    weakening_value: Any = 0.0
    punitive_weakening_value: Any = None
    prob_compellent: Any = 1.0
    resolve_sd: Any = 1.0
    catastrophe_cost: Any = 0.0

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

    * ``name``: player name in the game.
    * ``face_cost`` (>= 0, stake units): cost of being seen to give in to a
      *public* demand (Kurizaki 2007); zero for a private demand.
    * ``reputation_cost`` (>= 0): cost of appearing weak by complying at all
      (Sechser 2010), offset by side payments.
    * ``catastrophe_cost`` (>= 0, stake units, once): the target's cost ``K_T``
      of a catastrophe triggered by the instruments' escalation hazard.
    * ``fighting_cost`` (>= 0, stake units per period): what fighting on costs
      the target every period it resists, whatever the coercer does
      (battlefield losses, units that surrender, the expected cost of a regime
      falling while it fights).  It enters the margin as the resistance cost
      ``L = fighting_cost * D`` on both resist branches (punish and back down):
      it is not in the coercer's hands, so it does not vanish when the coercer
      backs down (our reduction; docs/coercion.md, payoff table).
    """

    name: str = "Target"
    face_cost: Any = 0.0
    reputation_cost: Any = 0.0
    catastrophe_cost: Any = 0.0
    fighting_cost: Any = 0.0

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


def as_part(cls: type, value: Any, where: str) -> Any:
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
    cost ``c ~ F(cost, cost_sd)`` of continuing the confrontation:

        pi_A0 = Pr(c >= expected - deal_value)        (assurance_credibility)
        pi_T0 = Pr(c <= now - backdown_value)          (threat_credibility)

    * ``now`` in [0, 1]: the coercer's power now (probability it prevails);
    * ``expected`` in [0, 1]: the power it expects to have when the promise
      falls due (its discounted future power);
    * ``cost``: mean of its cost of continuing; ``cost_sd`` (>= 0): the
      target's uncertainty about it (0: known, credibilities 0 or 1);
    * ``deal_value``: its per-period value of keeping the deal;
    * ``backdown_value``: its value of backing down;
    * ``dist``: ``"normal"`` or ``"logistic"``.

    With ``Campaign(..., power=Power(...))`` these replace
    ``coercer.threat_credibility`` and ``assurance.credibility`` (give one or
    the other) as the *derived* credibilities before the instruments' effects.
    """

    now: Any
    expected: Any
    cost: Any
    cost_sd: Any = 0.0
    deal_value: Any = 0.0
    backdown_value: Any = 0.0
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
        """``Pr(c >= expected - deal_value)`` (:func:`~compellence.coercion.commitment.assurance_credibility`)."""
        from ..commitment import assurance_credibility

        return assurance_credibility(self.deal_value, self.expected, self.cost, self.cost_sd, self.dist)

    def threat_credibility(self) -> np.ndarray:
        """``Pr(c <= now - backdown_value)`` (:func:`~compellence.coercion.commitment.threat_credibility`)."""
        from ..commitment import threat_credibility

        return threat_credibility(self.now, self.cost, self.cost_sd, self.backdown_value, self.dist)
