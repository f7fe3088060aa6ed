"""A coercive campaign: instruments + demand + assurance -> the compellence game and its off-ramp.

:class:`Campaign` aggregates instruments into the canonical quantities of
``shared/DESIGN.md`` (``s``, ``r``, ``pi_T``, ``pi_A``) and offers two routes to
one answer:

* :meth:`Campaign.offramp` -- the closed form, batched over every parameter;
* :meth:`Campaign.game` -- the sequential compellence game as a
  :class:`~compellence.games.tree.Game`, solved by :func:`compellence.spe`.

The game (perfect information, target moves first given the standing
punishment and the demand)::

    Target: comply ----> [lift?]  lift    T: -x - cc - (1 - r) P
                                  renege  T: -x - cc - P
            resist ----> [punish?] punish  T: -phi P
                                  back down T: 0

with ``P = s D`` the present value of the future punishment, ``cc`` the extra
compliance cost (face cost of a public demand + reputation cost - side
payments) and ``phi = delta**T`` the deadline discount.  ``[lift?]`` and
``[punish?]`` are **chance moves** (``pi_A``, ``pi_T``) when the credibilities
are exogenous, or a **chance move over the coercer's type** (compellent with
prior ``mu``, punitive otherwise) followed by the **coercer's own choice**
when they are endogenous (credibility derived from the coercer's payoffs,
Kydd & McManus 2017; Fearon 1994 audience costs).  Drawing the type *after*
the target's move is equivalent to drawing it first and hiding it from the
target (the coercer does not move before the target), and keeps the game of
perfect information.

Coercer payoffs (type ``theta`` with value ``w_theta`` per unit of cost inflicted
on the rival, "value of weakening the rival"; ``B`` value of the whole stake;
``C = c D`` present cost of sustaining punishment; ``a`` audience cost;
``R`` domestic cost of rolling back overt aid; ``b`` side payments)::

    lift       B x - b + w (1 - r) P - R
    renege     B x - b + w P - C - a * public_assurance
    punish     phi (w P - C)
    back down  -a * public_demand - R

so a type lifts iff ``C + a_A - R >= w r P`` and punishes iff
``phi (w P - C) + a_T + R >= 0``; ``pi_A`` (``pi_T``) is the prior weight of the
types that lift (punish).  The target complies iff the canonical margin
``M = (pi_T phi + pi_A r - 1) P - x - cc >= 0`` (DESIGN.md).

Exogenous credibilities are adjusted by the instruments: overt aid's public
commitment closes a share of the threat gap,
``pi_T = 1 - (1 - pi_T0) prod_i (1 - boost_i)``, and erodes the assurance,
``pi_A = pi_A0 prod_i (1 - penalty_i)`` (our stylised reduction).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..games.nodes import Node, chance, decision, outcome
from ..games.tree import Game
from .instruments import (
    Assurance,
    Demand,
    Incentive,
    MilitaryAid,
    Sanctions,
    _check_name,
    instrument_from_dict,
)
from .offramp import (
    Critical,
    check_horizon,
    check_param,
    critical_assurance,
    critical_punishment,
    critical_reversibility,
    critical_threat,
    future_weight,
)

__all__ = ["Coercer", "Target", "Campaign", "OffRamp", "Driver", "TIE_TOL"]

#: Tolerance for ties, the same as :func:`compellence.spe`'s default: the
#: target complies iff ``M >= -TIE_TOL``; a coercer type lifts / punishes on ties.
TIE_TOL = 1e-9


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
    """

    name: str = "Coercer"
    threat_credibility: Any = None
    benefit: Any = 1.0
    audience_cost: Any = 0.0
    weakening_value: Any = 0.0
    punitive_weakening_value: Any = None
    prob_compellent: Any = 1.0
    resolve_sd: Any = 1.0

    def __post_init__(self) -> None:
        _check_name(self.name, "Coercer.name")
        s = object.__setattr__
        if self.threat_credibility is not None:
            s(self, "threat_credibility", check_param(self.threat_credibility, "Coercer.threat_credibility", 0.0, 1.0))
        s(self, "benefit", check_param(self.benefit, "Coercer.benefit", 0.0))
        s(self, "audience_cost", check_param(self.audience_cost, "Coercer.audience_cost", 0.0))
        s(self, "weakening_value", check_param(self.weakening_value, "Coercer.weakening_value", 0.0))
        pw = self.weakening_value if self.punitive_weakening_value is None else self.punitive_weakening_value
        s(self, "punitive_weakening_value", check_param(pw, "Coercer.punitive_weakening_value", 0.0))
        s(self, "prob_compellent", check_param(self.prob_compellent, "Coercer.prob_compellent", 0.0, 1.0))
        s(self, "resolve_sd", check_param(self.resolve_sd, "Coercer.resolve_sd", 0.0, lo_open=True))


@dataclass(frozen=True, eq=False)
class Target:
    """The coerced state.

    * ``name``: player name in the game.
    * ``face_cost`` (>= 0, stake units): cost of being seen to give in to a
      *public* demand (Kurizaki 2007); zero for a private demand.
    * ``reputation_cost`` (>= 0): cost of appearing weak by complying at all
      (Sechser 2010), offset by side payments.
    """

    name: str = "Target"
    face_cost: Any = 0.0
    reputation_cost: Any = 0.0

    def __post_init__(self) -> None:
        _check_name(self.name, "Target.name")
        object.__setattr__(self, "face_cost", check_param(self.face_cost, "Target.face_cost", 0.0))
        object.__setattr__(
            self, "reputation_cost", check_param(self.reputation_cost, "Target.reputation_cost", 0.0)
        )


def _as(cls: type, value: Any, where: str) -> Any:
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
class Driver:
    """How one instrument drives the off-ramp numbers (arrays of the batch shape).

    * ``share_of_s``: ``P_i / sum_j P_j`` (share of the punishment).
    * ``share_of_irreversible``: ``(1 - r_i) P_i / sum_j (1 - r_j) P_j``.
    * ``contribution``: the instrument's additive term in the margin,
      ``P_i (pi_T phi - 1 + pi_A r_i)`` for a punishing instrument (``+amount``
      for a side payment); the margin is their sum minus ``x`` and the other
      compliance costs.
    * ``marginal_effect``: ``dM / d cost_target_i`` holding credibilities fixed,
      ``(pi_T phi - 1 + pi_A r_i) P_i / cost_target_i`` (``1`` per unit of side payment):
      a harsher instrument widens the off-ramp only if ``pi_T phi + pi_A r_i > 1``.
    * ``threat_effect`` / ``assurance_effect``: how the instrument moves the
      credibilities -- with exogenous credibility its ``threat_boost`` and
      ``assurance_penalty`` (overt aid's commitment and assurance loss), with
      endogenous credibility its ``rollback`` cost (which raises the gain from
      punishing and lowers the gain from lifting by the same amount).
    """

    label: str
    kind: str
    share_of_s: np.ndarray
    share_of_irreversible: np.ndarray
    contribution: np.ndarray
    marginal_effect: np.ndarray
    threat_effect: np.ndarray | None = None
    assurance_effect: np.ndarray | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Campaign:
    """A coercive campaign and its sequential compellence game.

    ``Campaign(coercer, target, instruments, demand, assurance, discount, horizon)``

    All arguments map from plain data (TOML):

    * ``coercer``: a :class:`Coercer`, a name, or a table of its fields
      (``threat_credibility``, ``benefit``, ``audience_cost``,
      ``weakening_value``, ``punitive_weakening_value``, ``prob_compellent``,
      ``resolve_sd``).  Default ``"Coercer"``.
    * ``target``: a :class:`Target`, a name, or a table (``face_cost``,
      ``reputation_cost``).  Default ``"Target"``.
    * ``instruments``: a list of :class:`Sanctions`, :class:`MilitaryAid`,
      :class:`Incentive` or tables ``{"kind": "sanctions", "cost_target": 0.1, ...}``.
    * ``demand``: a :class:`Demand`, a table (``concession``, ``public``,
      ``deadline``, ``open_hazard``) or a number (the concession, public, no deadline).
    * ``assurance``: an :class:`Assurance`, a table (``public``,
      ``credibility``), a number (its credibility, public) or ``None`` (public,
      credibility derived from the coercer's incentives).
    * ``discount``: ``delta`` in (0, 1) ((0, 1] with a finite horizon).
    * ``horizon``: ``None`` (infinite) or periods >= 1.

    Numbers may be numpy arrays: everything broadcasts to :attr:`batch_shape`,
    and :meth:`offramp` / :meth:`game` are batched.  Credibility is exogenous
    for ``pi_T`` when ``coercer.threat_credibility`` is given and for ``pi_A``
    when ``assurance.credibility`` is given; otherwise it is derived
    (module docstring).

    Example::

        c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
                     [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
                     demand=0.3, assurance=0.5, discount=0.9)
        c.offramp().margin          # (0.9 + 0.5 * 0.6 - 1) * 0.1 * 9 - 0.3 = -0.12
        cp.spe(c.game()).path()     # ('resist', 'punish')
    """

    coercer: Any = "Coercer"
    target: Any = "Target"
    instruments: Any = ()
    demand: Any = 0.5
    assurance: Any = None
    discount: Any = 0.9
    horizon: Any = None
    title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "coercer", _as(Coercer, self.coercer, "coercer"))
        s(self, "target", _as(Target, self.target, "target"))
        if self.coercer.name == self.target.name:
            raise ParameterError(f"coercer and target need different names, both are {self.target.name!r}", "target.name")
        if isinstance(self.demand, Demand):
            dem = self.demand
        elif isinstance(self.demand, Mapping):
            dem = _as(Demand, self.demand, "demand")
        else:
            dem = Demand(concession=self.demand)
        s(self, "demand", dem)
        if self.assurance is None:
            asr = Assurance()
        elif isinstance(self.assurance, Assurance):
            asr = self.assurance
        elif isinstance(self.assurance, Mapping):
            asr = _as(Assurance, self.assurance, "assurance")
        else:
            asr = Assurance(credibility=self.assurance)
        s(self, "assurance", asr)
        if isinstance(self.instruments, (str, bytes)) or not isinstance(self.instruments, Sequence):
            if isinstance(self.instruments, (Sanctions, MilitaryAid, Incentive, Mapping)):
                insts: Any = [self.instruments]
            else:
                raise ParameterError(f"must be a list of instruments, got {self.instruments!r}", "instruments")
        else:
            insts = list(self.instruments)
        built = tuple(instrument_from_dict(d, f"instruments[{i}]") for i, d in enumerate(insts))
        labels = [i.label for i in built]
        dup = {lab for lab in labels if labels.count(lab) > 1}
        if dup:
            raise ParameterError(f"instrument labels must be unique, repeated: {sorted(dup)}", "instruments")
        s(self, "instruments", built)
        h = check_horizon(self.horizon, "horizon")
        s(self, "horizon", None if h is None else (int(h) if h.ndim == 0 else h))
        s(self, "discount", check_param(self.discount, "discount", 0.0, 1.0, lo_open=True, hi_open=h is None))
        if not isinstance(self.title, str):
            raise ParameterError(f"must be a string, got {self.title!r}", "title")
        _ = self.batch_shape  # validate broadcasting now

    # ----------------------------------------------------------------- helpers
    def replace(self, **changes: Any) -> Campaign:
        """A copy with some fields changed (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)

    def _arrays(self) -> dict[str, Any]:
        out: dict[str, Any] = {"discount": self.discount}
        for obj, pre in ((self.coercer, "coercer"), (self.target, "target"), (self.demand, "demand"), (self.assurance, "assurance")):
            for f in dataclasses.fields(obj):
                v = getattr(obj, f.name)
                if isinstance(v, np.ndarray):
                    out[f"{pre}.{f.name}"] = v
        for i, inst in enumerate(self.instruments):
            for f in dataclasses.fields(inst):
                v = getattr(inst, f.name)
                if isinstance(v, np.ndarray):
                    out[f"instruments[{i}].{f.name}"] = v
        if isinstance(self.horizon, np.ndarray):
            out["horizon"] = self.horizon
        return out

    @cached_property
    def batch_shape(self) -> tuple[int, ...]:
        """The common broadcast shape of every numeric parameter."""
        shape: tuple[int, ...] = ()
        for key, v in self._arrays().items():
            try:
                shape = np.broadcast_shapes(shape, v.shape)
            except ValueError:
                raise ParameterError(
                    f"shape {v.shape} does not broadcast with the batch shape {shape} of the other parameters",
                    key,
                ) from None
        return shape

    @property
    def punishing(self) -> tuple[Sanctions | MilitaryAid, ...]:
        return tuple(i for i in self.instruments if isinstance(i, (Sanctions, MilitaryAid)))

    @property
    def incentives(self) -> tuple[Incentive, ...]:
        return tuple(i for i in self.instruments if isinstance(i, Incentive))

    def _b(self, v: Any) -> np.ndarray:
        return np.broadcast_to(np.asarray(v, dtype=float), self.batch_shape)

    # ----------------------------------------------------------------- aggregates
    @cached_property
    def D(self) -> np.ndarray:
        """Future weight ``delta / (1 - delta)`` or the finite-horizon sum."""
        return self._b(future_weight(self.discount, self.horizon))

    @cached_property
    def threat_factor(self) -> np.ndarray:
        """``phi = delta**T`` for a deadline ``T`` (1 without a deadline)."""
        return self._b(self.demand.threat_factor(self.discount))

    @cached_property
    def instrument_pv(self) -> tuple[np.ndarray, ...]:
        """Present value ``P_i`` of each punishing instrument's future cost to the target."""
        return tuple(self._b(i.present_value(self.discount, self.horizon)) for i in self.punishing)

    @cached_property
    def punishment_pv(self) -> np.ndarray:
        """``P = s D = sum_i P_i``."""
        return self._b(sum(self.instrument_pv, np.zeros(())))

    @cached_property
    def s(self) -> np.ndarray:
        """Effective per-period punishment ``s = P / D``."""
        return self.punishment_pv / self.D

    @cached_property
    def r(self) -> np.ndarray:
        """Cost-weighted mean reversibility ``sum_i P_i r_i / sum_i P_i`` (unweighted mean if ``P = 0``; 1 with no instruments)."""
        if not self.punishing:
            return self._b(1.0)
        rs = [self._b(i.effective_reversibility) for i in self.punishing]
        num = sum((p * ri for p, ri in zip(self.instrument_pv, rs)), np.zeros(()))
        P = self.punishment_pv
        fallback = sum(rs, np.zeros(())) / len(rs)
        # a weighted mean of values in [0, 1]; clip the last-ulp rounding so r stays a valid share
        return np.clip(np.where(P > 0, num / np.where(P > 0, P, 1.0), fallback), 0.0, 1.0)

    @cached_property
    def coercer_cost_pv(self) -> np.ndarray:
        """``C = (sum_i cost_coercer_i) D``: present cost to the coercer of sustaining punishment."""
        c = sum((self._b(i.cost_coercer) for i in self.punishing), np.zeros(()))
        return self._b(c) * self.D

    @cached_property
    def rollback_cost(self) -> np.ndarray:
        """``R = sum_i rollback_i``: domestic cost of rolling back the instruments (overt aid)."""
        return self._b(sum((self._b(i.rollback_cost) for i in self.punishing), np.zeros(())))

    @cached_property
    def side_payment(self) -> np.ndarray:
        return self._b(sum((self._b(i.amount) for i in self.incentives), np.zeros(())))

    @cached_property
    def face_cost(self) -> np.ndarray:
        """The target's face cost: ``target.face_cost`` for a public demand, else 0."""
        return self._b(self.target.face_cost if self.demand.public else 0.0)

    @cached_property
    def compliance_cost(self) -> np.ndarray:
        """``cc = face cost + reputation cost - side payments`` (beyond the concession itself)."""
        return self._b(self.face_cost + self.target.reputation_cost - self.side_payment)

    @cached_property
    def x(self) -> np.ndarray:
        return self._b(self.demand.concession)

    @property
    def endogenous_threat(self) -> bool:
        return self.coercer.threat_credibility is None

    @property
    def endogenous_assurance(self) -> bool:
        return self.assurance.credibility is None

    @property
    def audience_threat(self) -> np.ndarray:
        """``a_T``: the coercer's cost of backing down (audience cost if the demand is public)."""
        return self._b(self.coercer.audience_cost if self.demand.public else 0.0)

    @property
    def audience_assurance(self) -> np.ndarray:
        """``a_A``: the coercer's cost of reneging (audience cost if the assurance is public)."""
        return self._b(self.coercer.audience_cost if self.assurance.public else 0.0)

    def _w(self, typ: str) -> np.ndarray:
        return self._b(self.coercer.weakening_value if typ == "compellent" else self.coercer.punitive_weakening_value)

    def punish_gain(self, typ: str = "compellent") -> np.ndarray:
        """Coercer type's gain from punishing over backing down: ``phi (w P - C) + a_T + R``."""
        return (
            self.threat_factor * (self._w(typ) * self.punishment_pv - self.coercer_cost_pv)
            + self.audience_threat
            + self.rollback_cost
        )

    def lift_gain(self, typ: str = "compellent") -> np.ndarray:
        """Coercer type's gain from lifting over reneging: ``C + a_A - R - w r P``."""
        return (
            self.coercer_cost_pv
            + self.audience_assurance
            - self.rollback_cost
            - self._w(typ) * self.r * self.punishment_pv
        )

    @cached_property
    def pi_T(self) -> np.ndarray:
        """Threat credibility: exogenous (with commitment boosts) or the prior weight of punishing types."""
        if not self.endogenous_threat:
            gap = self._b(1.0 - self.coercer.threat_credibility)
            for i in self.punishing:
                gap = gap * (1.0 - i.threat_boost)
            return self._b(1.0 - gap)
        mu = self._b(self.coercer.prob_compellent)
        return mu * (self.punish_gain("compellent") >= -TIE_TOL) + (1 - mu) * (self.punish_gain("punitive") >= -TIE_TOL)

    @cached_property
    def pi_A(self) -> np.ndarray:
        """Assurance credibility: exogenous (with penalties) or the prior weight of lifting types."""
        if not self.endogenous_assurance:
            p = self._b(self.assurance.credibility)
            for i in self.punishing:
                p = p * (1.0 - i.assurance_penalty)
            return self._b(p)
        mu = self._b(self.coercer.prob_compellent)
        return mu * (self.lift_gain("compellent") >= -TIE_TOL) + (1 - mu) * (self.lift_gain("punitive") >= -TIE_TOL)

    @cached_property
    def reimposition(self) -> np.ndarray:
        """Cost-weighted effectiveness of re-imposed punishment (1 for instruments other than sanctions)."""
        if not self.punishing:
            return self._b(1.0)
        P = self.punishment_pv
        num = sum((p * self._b(i.reimposition) for p, i in zip(self.instrument_pv, self.punishing)), np.zeros(()))
        return np.where(P > 0, num / np.where(P > 0, P, 1.0), 1.0)

    @cached_property
    def escalation_hazard(self) -> np.ndarray:
        """Per-period escalation probability ``1 - prod_i (1 - h_i)``."""
        q = self._b(1.0)
        for i in self.punishing:
            q = q * (1.0 - self._b(i.escalation_risk))
        return 1.0 - q

    # ----------------------------------------------------------------- closed form
    def margin(self) -> np.ndarray:
        """``M = (pi_T phi + pi_A r - 1) P - x - cc`` (batched)."""
        return (self.pi_T * self.threat_factor + self.pi_A * self.r - 1.0) * self.punishment_pv - self.x - self.compliance_cost

    def offramp(self, tol: float = TIE_TOL) -> OffRamp:
        """The off-ramp: margin, viability, largest workable demand, critical values, drivers.

        Critical values solve ``M = 0`` for one parameter holding the rest
        (including the *derived* credibilities) fixed; see :class:`~compellence.coercion.offramp.Critical`
        for the ``always`` / ``never`` masks (``inf`` = never flips).
        """
        tol = float(check_param(tol, "tol", 0.0))
        M = self.margin()
        args = (self.x, self.s, self.discount, self.pi_T, self.pi_A, self.r, self.horizon)
        kw = {"compliance_cost": self.compliance_cost, "threat_factor": self.threat_factor}
        viable = M >= -tol
        largest = np.maximum(0.0, M + self.x)
        reimp = self.pi_T * self.reimposition * self.punishment_pv
        return OffRamp(
            margin=M,
            viable=viable,
            largest_demand=largest,
            critical_assurance=critical_assurance(*args, **kw),
            critical_reversibility=critical_reversibility(*args, **kw),
            critical_threat=critical_threat(*args, **kw),
            critical_punishment=critical_punishment(*args, **kw),
            pi_T=self.pi_T,
            pi_A=self.pi_A,
            r=self.r,
            s=self.s,
            D=self.D,
            x=self.x,
            compliance_cost=self.compliance_cost,
            threat_factor=self.threat_factor,
            decision=np.where(viable, "comply", "resist"),
            equilibrium_path=self.equilibrium_path(viable),
            reimposition_threat=reimp,
            deal_holds=reimp >= self.x - tol,
            escalation_hazard=self.escalation_hazard,
            drivers=self.drivers(),
            campaign=self,
        )

    def equilibrium_path(self, viable: np.ndarray | None = None) -> np.ndarray:
        """The equilibrium path in closed form, as ``"comply -> compellent -> lift"`` strings (batch shape).

        Follows the same conventions as :meth:`compellence.Solution.path`: at a
        chance move the most probable branch (the first on ties), at a decision
        the equilibrium action (the first on ties within :data:`TIE_TOL`).
        """
        if viable is None:
            viable = self.margin() >= -TIE_TOL
        mu = self._b(self.coercer.prob_compellent)
        typ = np.where(mu >= 1.0 - mu, "compellent", "punitive")

        def typed(gain_fn, yes: str, no: str) -> np.ndarray:
            g = np.where(typ == "compellent", gain_fn("compellent"), gain_fn("punitive"))
            return np.char.add(np.char.add(typ, " -> "), np.where(g >= -TIE_TOL, yes, no))

        if self.endogenous_assurance:
            after_c = typed(self.lift_gain, "lift", "renege")
        else:
            after_c = np.where(self.pi_A >= 1.0 - self.pi_A, "lift", "renege")
        if self.endogenous_threat:
            after_r = typed(self.punish_gain, "punish", "back down")
        else:
            after_r = np.where(self.pi_T >= 1.0 - self.pi_T, "punish", "back down")
        comply = np.char.add("comply -> ", after_c)
        resist = np.char.add("resist -> ", after_r)
        return np.where(np.broadcast_to(viable, self.batch_shape), comply, resist).astype(object)

    def drivers(self) -> tuple[Driver, ...]:
        """Per-instrument :class:`Driver` records (which instrument drives each number)."""
        P = self.punishment_pv
        rs = [self._b(i.effective_reversibility) for i in self.punishing]
        irr = [(1 - ri) * p for ri, p in zip(rs, self.instrument_pv)]
        irr_tot = sum(irr, np.zeros(()))
        base = self.pi_T * self.threat_factor - 1.0
        out = []
        for inst, p, ri, ir in zip(self.punishing, self.instrument_pv, rs, irr):
            coef = base + self.pi_A * ri
            per_unit = self._b(inst.unit_present_value(self.discount, self.horizon))
            out.append(
                Driver(
                    label=inst.label,
                    kind=inst.kind,
                    share_of_s=np.where(P > 0, p / np.where(P > 0, P, 1.0), 0.0),
                    share_of_irreversible=np.where(irr_tot > 0, ir / np.where(irr_tot > 0, irr_tot, 1.0), 0.0),
                    contribution=coef * p,
                    marginal_effect=coef * per_unit,
                    threat_effect=self._b(inst.rollback_cost if self.endogenous_threat else inst.threat_boost),
                    assurance_effect=self._b(
                        inst.rollback_cost if self.endogenous_assurance else inst.assurance_penalty
                    ),
                )
            )
        for inc in self.incentives:
            z = self._b(0.0)
            out.append(Driver(inc.label, inc.kind, z, z, self._b(inc.amount), self._b(1.0), z, z))
        return tuple(out)

    # ----------------------------------------------------------------- game tree
    def tree(self) -> Node:
        """The root node spec of :meth:`game` (to embed the campaign in a larger tree)."""
        P, x, cc, r, phi = self.punishment_pv, self.x, self.compliance_cost, self.r, self.threat_factor
        B = self._b(self.coercer.benefit)
        b, R, C = self.side_payment, self.rollback_cost, self.coercer_cost_pv
        aT, aA = self.audience_threat, self.audience_assurance
        pay = self.target.name
        coe = self.coercer.name

        def pays(c_val, t_val):
            return outcome(**{coe: c_val, pay: t_val})

        def comply_leaves(w):
            return {
                "lift": pays(B * x - b + w * (1 - r) * P - R, -x - cc - (1 - r) * P),
                "renege": pays(B * x - b + w * P - C - aA, -x - cc - P),
            }

        def resist_leaves(w):
            return {
                "punish": pays(phi * (w * P - C), -phi * P),
                "back down": pays(-aT - R, 0.0 * P),
            }

        mu = self._b(self.coercer.prob_compellent)
        if self.endogenous_assurance:
            after_comply: Node = chance(
                {
                    "compellent": (mu, decision(coe, comply_leaves(self._w("compellent")))),
                    "punitive": (1 - mu, decision(coe, comply_leaves(self._w("punitive")))),
                }
            )
        else:
            lv = comply_leaves(self._w("compellent"))
            after_comply = chance({"lift": (self.pi_A, lv["lift"]), "renege": (1 - self.pi_A, lv["renege"])})
        if self.endogenous_threat:
            after_resist: Node = chance(
                {
                    "compellent": (mu, decision(coe, resist_leaves(self._w("compellent")))),
                    "punitive": (1 - mu, decision(coe, resist_leaves(self._w("punitive")))),
                }
            )
        else:
            lv = resist_leaves(self._w("compellent"))
            after_resist = chance(
                {"punish": (self.pi_T, lv["punish"]), "back down": (1 - self.pi_T, lv["back down"])}
            )
        return decision(pay, {"comply": after_comply, "resist": after_resist})

    def game(self) -> Game:
        """The sequential compellence game (module docstring) as a batched :class:`Game`."""
        return Game([self.coercer.name, self.target.name], self.tree(), title=self.title or "Compellence campaign")

    # ----------------------------------------------------------------- display
    def __repr__(self) -> str:
        insts = ", ".join(i.label for i in self.instruments) or "none"
        cred = "exogenous" if not (self.endogenous_threat or self.endogenous_assurance) else (
            "endogenous" if self.endogenous_threat and self.endogenous_assurance else "mixed"
        )
        return (
            f"Campaign({self.coercer.name!r} -> {self.target.name!r}, instruments=[{insts}], "
            f"demand={'public' if self.demand.public else 'private'}, credibility={cred}, "
            f"batch_shape={self.batch_shape})"
        )


def _num(v: Any) -> str:
    a = np.asarray(v)
    if a.ndim == 0:
        return f"{float(a):.4g}" if a.dtype.kind == "f" else str(a)
    if a.dtype.kind == "f":
        return f"[{float(a.min()):.4g}..{float(a.max()):.4g}]"
    return f"array{a.shape}"


@dataclass(frozen=True, eq=False, repr=False)
class OffRamp:
    """The off-ramp of a campaign (closed form; all arrays of the campaign's batch shape).

    * ``margin`` ``M = (pi_T phi + pi_A r - 1) s D - x - cc``; ``viable``: ``M >= -tol``.
    * ``largest_demand``: ``max(0, (pi_T phi + pi_A r - 1) s D - cc)`` (may exceed 1,
      meaning any demand works).
    * ``critical_assurance`` / ``critical_reversibility`` / ``critical_threat`` /
      ``critical_punishment``: :class:`Critical` values where viability flips.
    * ``pi_T``, ``pi_A``, ``r``, ``s``, ``D``, ``x``, ``compliance_cost``,
      ``threat_factor``: the derived canonical quantities.
    * ``decision``: ``"comply"`` / ``"resist"`` (the target's equilibrium choice);
      ``equilibrium_path``: the whole path as ``"comply -> lift"`` strings (closed
      form, same conventions as ``Solution.path``); :meth:`path` solves the game instead.
    * ``reimposition_threat``: ``pi_T * reimposition * s D``, the threat of
      re-imposing after lifting; ``deal_holds``: it is at least ``x`` (after
      lifting, backsliding would not pay).
    * ``escalation_hazard``: per-period escalation probability.
    * ``drivers``: per-instrument :class:`Driver` records; :attr:`driver_of`.
    """

    margin: np.ndarray
    viable: np.ndarray
    largest_demand: np.ndarray
    critical_assurance: Critical
    critical_reversibility: Critical
    critical_threat: Critical
    critical_punishment: Critical
    pi_T: np.ndarray
    pi_A: np.ndarray
    r: np.ndarray
    s: np.ndarray
    D: np.ndarray
    x: np.ndarray
    compliance_cost: np.ndarray
    threat_factor: np.ndarray
    decision: np.ndarray
    equilibrium_path: np.ndarray
    reimposition_threat: np.ndarray
    deal_holds: np.ndarray
    escalation_hazard: np.ndarray
    drivers: tuple[Driver, ...]
    campaign: Campaign = field(compare=False)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return np.shape(self.margin)

    @property
    def driver_of(self) -> dict[str, np.ndarray]:
        """Which instrument drives each number (labels, batch shape; ``"none"`` if none does).

        ``"s"``: largest share of the punishment; ``"irreversibility"``: largest
        share of the irreversible part (drives ``critical_reversibility``);
        ``"margin"``: largest absolute contribution to the margin; ``"drag"``:
        the most negative contribution (the instrument that most narrows the
        off-ramp, ``"none"`` if all widen it); ``"pi_T"`` / ``"pi_A"``: the
        instrument that moves the threat / assurance credibility most
        (:attr:`Driver.threat_effect` / :attr:`Driver.assurance_effect`).
        """
        if not self.drivers:
            none = np.full(self.batch_shape, "none", dtype=object)
            return {k: none for k in ("s", "irreversibility", "margin", "drag", "pi_T", "pi_A")}
        labels = np.array([d.label for d in self.drivers], dtype=object)

        def pick(vals: list[np.ndarray], ok: np.ndarray | None = None) -> np.ndarray:
            arr = np.stack([np.broadcast_to(v, self.batch_shape) for v in vals])
            lab = labels[np.argmax(arr, axis=0)]
            if ok is None:
                ok = arr.max(axis=0) > 0
            return np.where(ok, lab, "none")

        contrib = [d.contribution for d in self.drivers]
        neg = np.stack([np.broadcast_to(-c, self.batch_shape) for c in contrib])
        return {
            "s": pick([d.share_of_s for d in self.drivers]),
            "irreversibility": pick([d.share_of_irreversible for d in self.drivers]),
            "margin": pick([np.abs(c) for c in contrib]),
            "drag": pick([-c for c in contrib], neg.max(axis=0) > 0),
            "pi_T": pick([d.threat_effect for d in self.drivers]),
            "pi_A": pick([d.assurance_effect for d in self.drivers]),
        }

    def drivers_frame(self, index: Any = None) -> pd.DataFrame:
        """One row per instrument: shares of ``s`` and of the irreversible part, contribution, dM/dcost."""
        idx = () if index is None else (index if isinstance(index, tuple) else (index,))
        if self.batch_shape and index is None:
            raise ParameterError(f"batched off-ramp (shape {self.batch_shape}): give index=...", "index")
        rows = []
        for d in self.drivers:
            rows.append(
                {
                    "instrument": d.label,
                    "kind": d.kind,
                    "share of s": float(np.broadcast_to(d.share_of_s, self.batch_shape)[idx]),
                    "share of irreversible": float(np.broadcast_to(d.share_of_irreversible, self.batch_shape)[idx]),
                    "margin contribution": float(np.broadcast_to(d.contribution, self.batch_shape)[idx]),
                    "dM/dcost": float(np.broadcast_to(d.marginal_effect, self.batch_shape)[idx]),
                    "threat effect": float(np.broadcast_to(d.threat_effect, self.batch_shape)[idx]),
                    "assurance effect": float(np.broadcast_to(d.assurance_effect, self.batch_shape)[idx]),
                }
            )
        return pd.DataFrame(rows)

    def to_frame(self) -> pd.DataFrame:
        """The scalar quantities as a tidy table (one row per batch element)."""
        cols = {
            "margin": self.margin,
            "viable": self.viable,
            "largest_demand": self.largest_demand,
            "critical_pi_A": self.critical_assurance.value,
            "critical_r": self.critical_reversibility.value,
            "critical_pi_T": self.critical_threat.value,
            "critical_s": self.critical_punishment.value,
            "pi_T": self.pi_T,
            "pi_A": self.pi_A,
            "r": self.r,
            "s": self.s,
            "x": self.x,
            "decision": self.decision,
            "path": self.equilibrium_path,
            "deal_holds": self.deal_holds,
        }
        shape = self.batch_shape
        data = {k: np.ravel(np.broadcast_to(v, shape)) for k, v in cols.items()}
        df = pd.DataFrame(data)
        if shape:
            df.index = pd.MultiIndex.from_tuples(list(np.ndindex(*shape))) if len(shape) > 1 else pd.RangeIndex(shape[0])
        return df

    def path(self, index: Any = None) -> tuple[str, ...]:
        """The equilibrium path of the campaign's game, solved by :func:`compellence.spe`."""
        from ..solvers.spe import spe

        return spe(self.campaign.game()).path(index)

    def __repr__(self) -> str:
        if self.batch_shape:
            return (
                f"OffRamp(batch_shape={self.batch_shape}, margin={_num(self.margin)}, "
                f"viable={int(np.sum(self.viable))}/{int(np.size(self.viable))})"
            )
        return (
            f"OffRamp(margin={_num(self.margin)}, viable={bool(self.viable)}, "
            f"largest_demand={_num(self.largest_demand)}, pi_T={_num(self.pi_T)}, pi_A={_num(self.pi_A)}, "
            f"r={_num(self.r)}, critical_pi_A={self.critical_assurance!r}, critical_r={self.critical_reversibility!r})"
        )

    def _repr_html_(self) -> str:
        if self.batch_shape:
            return f"<pre>{self!r}</pre>" + self.to_frame().describe().to_html(float_format=lambda v: f"{v:.4g}")
        return (
            f"<b>Off-ramp</b>: {'viable' if self.viable else 'closed'} (margin {float(self.margin):.4g})"
            + self.to_frame().T.to_html(header=False)
            + self.drivers_frame().to_html(index=False, float_format=lambda v: f"{v:.4g}")
        )
