"""A coercive campaign: instruments + demand + assurance -> the compellence game and its off-ramp.

:class:`Campaign` aggregates instruments into the canonical quantities of
``shared/DESIGN.md`` (``s``, ``r``, ``pi_T``, ``pi_A``) and offers two routes to
one answer:

* :meth:`Campaign.offramp` -- the closed form, batched over every parameter;
* :meth:`Campaign.game` -- the sequential compellence game as a
  :class:`~compellence.games.tree.Game`, solved by :func:`compellence.spe`.

The game (perfect information, target moves first given the standing
punishment and the demand).  By default (``backsliding=False``) it is exactly
the canonical compellence game of DESIGN.md plus the instruments' effects
below: a lifted concession stands::

    Target: comply --> [lift?] lift                                           T: -x - cc - (1 - r) P
                               renege                                         T: -x - cc - P - Z_T
            resist --> [punish?] punish                                       T: -phi (P + Z_T)
                                 back down                                    T: 0

With ``backsliding=True`` a post-lift stage is added: the target may keep the
concession or take it back, and the coercer may then re-impose::

    Target: comply --> [lift?] lift --> Target: keep                          T: -x - cc - (1 - r) P
                                               backslide --> [reimpose?] yes  T: -cc - (1 - r) P - Q - Z_T
                                                                         no   T: -cc - (1 - r) P
                               renege                                         T: -x - cc - P - Z_T
            resist --> [punish?] punish                                       T: -phi (P + Z_T)
                                 back down                                    T: 0

with ``P = s D`` the present value of the future punishment, ``cc`` the extra
compliance cost (face cost of a public demand + reputation cost - side
payments), ``phi = delta**T`` the deadline discount, ``Q = sum_i e_i r_i P_i``
the bite that re-imposition puts back (``e_i`` the re-imposition effectiveness:
sanctions are strongest at first use, Drezner 1999, Early 2015; 1 for aid) and
``Z = K E`` the expected catastrophe cost while punishment continues
(per-period escalation hazard ``h = 1 - prod_i (1 - h_i)`` of the instruments,
``E = h/(1-h) S(delta (1-h))``, catastrophe cost ``K_T`` / ``K_C``).  Lifting and
backing down end the hazard; punishing, reneging and re-imposing carry it.
``[lift?]``, ``[punish?]`` and ``[reimpose?]`` are **chance moves** (``pi_A``,
``pi_T``, ``pi_T``) when the credibilities are exogenous, or a **chance move
over the coercer's type** (compellent with prior ``mu``, punitive otherwise)
followed by the **coercer's own choice** when they are endogenous (credibility
derived from the coercer's payoffs, Kydd & McManus 2017; Fearon 1994 audience
costs).  Drawing the type *after* the target's move is equivalent to drawing
it first and hiding it from the target (the coercer does not move before the
target), and keeps the game of perfect information.  With derived assurance
the target decides whether to backslide knowing the type that lifted (our
stylised reduction: the coercer's conduct reveals it); with given assurance
and a derived threat the type is drawn at the re-imposition node.

Coercer payoffs (type ``theta`` with value ``w_theta`` per unit of cost inflicted
on the rival, "value of weakening the rival"; ``B`` value of the whole stake;
``C = c D`` present cost of sustaining punishment; ``a`` audience cost;
``R`` domestic cost of rolling back overt aid; ``b`` side payments)::

    lift (, kept)            B x - b + w (1 - r) P - R
    lift, backslide, reimp.  -b + w (1 - r) P - R + w Q - C - Z_C      (backsliding=True only)
    lift, backslide, toler.  -b + w (1 - r) P - R - a_T                 (backsliding=True only)
    renege                   B x - b + w P - C - a_A - Z_C
    punish                   phi (w P - C - Z_C)
    back down                -a_T - R

**Backsliding** (opt-in, ``Campaign(..., backsliding=True)``; Schelling 1966:
a compellent settlement must be enforced after the pressure is gone).  After
lifting, the target backslides iff
``x > rho (Q + Z_T)`` with ``rho`` the probability of re-imposition (``pi_T``,
or a type's own choice: it re-imposes iff ``w Q - C - Z_C + a_T >= 0``).  A
type anticipates it: it lifts iff

    C + Z_C + a_A - R - w r P                      >= 0   (the deal holds)
    C + Z_C + a_A - R - w r P - B x + V_after      >= 0   (the target backslides)

with ``V_after = w Q - C - Z_C`` (re-impose) or ``-a_T`` (tolerate), weighted by
``pi_T`` when the threat is exogenous.  With *given* assurance the coercer's
lifting is a chance move, and our stylised reduction is that a coercer that
knows the target would backslide does not lift: ``pi_A = pi_A0 prod_i (1 -
penalty_i)`` where ``x <= rho (Q + Z_T)`` and 0 otherwise.  Weaker re-imposition
(smaller ``e``) therefore lowers the assurance in both modes.

With ``backsliding=False`` (the default) none of this enters the game or the
margin: no keep/backslide or reimpose/tolerate stage, no voiding of ``pi_A``,
no backslide premium, the lift decision is ``C + Z_C + a_A - R - w r P >= 0``.
``rho``, ``Q``, ``reimposition_threat = rho (Q + Z_T)``, ``deal_holds``
(``x <= rho (Q + Z_T)``) and ``critical_reimposition`` are still reported as
**diagnostics**: what would happen if the target could take its concession back.

**The margin.**  The target complies iff

    M = (pi_T phi + pi_A r - 1) P + (pi_T phi + pi_A - 1) Z_T - x - cc + prem  >=  0

with ``prem = sum_theta prior_theta 1[theta lifts] (x - rho_theta (Q + Z_T))^+`` the
value of lifted-then-backslide (0 where the deal holds; always 0 with given
assurance or without backsliding).  Without backsliding, with given
credibilities, no hazard cost (``Z_T = 0``), no deadline and ``cc = 0`` this is
exactly the canonical margin ``(pi_T + pi_A r - 1) s D - x`` of DESIGN.md.
With backsliding, ``e = 1``, no hazard and ``cc >= 0`` it is still the
canonical margin wherever the canonical off-ramp is viable (then
``x <= (pi_T + pi_A r - 1) P <= pi_T r P`` and the deal holds); where it is
closed, it can only close further (the promise to lift is void if even
full-strength re-imposition cannot hold the concession, ``x > pi_T r P``).

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

from ...errors import ParameterError
from ...games.nodes import Node, chance, decision, outcome
from ...games.tree import Game
from ..instruments import (
    Assurance,
    Demand,
    Incentive,
    MilitaryAid,
    Sanctions,
    instrument_from_dict,
)
from ..offramp import (
    Critical,
    check_horizon,
    check_param,
    critical_assurance,
    critical_punishment,
    critical_reversibility,
    critical_threat,
    critical_value,
    escalation_weight,
    future_weight,
    offramp_margin,
)
from .inputs import campaign_inputs, campaign_with_inputs
from .parties import Coercer, Power, Target
from .parties import as_part as _as

__all__ = ["Campaign", "OffRamp", "Driver", "TIE_TOL"]

#: Tolerance for ties, the same as :func:`compellence.spe`'s default: the
#: target complies iff ``M >= -TIE_TOL``; a coercer type lifts / punishes on ties.
TIE_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class Driver:
    """How one instrument drives the off-ramp numbers (arrays of the batch shape).

    * ``share_of_s``: ``P_i / sum_j P_j`` (share of the punishment).
    * ``share_of_irreversible``: ``(1 - r_i) P_i / sum_j (1 - r_j) P_j``.
    * ``contribution``: the instrument's additive term in the margin,
      ``P_i (pi_T phi - 1 + pi_A r_i) + share_of_hazard_i (pi_T phi + pi_A - 1) Z_T``
      for a punishing instrument (``+amount`` for a side payment); the margin
      is their sum minus ``x`` and the other compliance costs, plus the
      backslide premium.
    * ``marginal_effect``: ``dM / d cost_target_i`` holding credibilities fixed,
      ``(pi_T phi - 1 + pi_A r_i) P_i / cost_target_i`` (``1`` per unit of side payment):
      a harsher instrument widens the off-ramp only if ``pi_T phi + pi_A r_i > 1``.
    * ``threat_effect`` / ``assurance_effect``: how the instrument moves the
      credibilities -- with exogenous credibility its ``threat_boost`` and
      ``assurance_penalty`` (overt aid's commitment and assurance loss), with
      endogenous credibility its ``rollback`` cost (which raises the gain from
      punishing and lowers the gain from lifting by the same amount).
    * ``share_of_hazard``: the instrument's share of the escalation hazard,
      ``-log(1 - h_i) / -log(1 - h)`` (additive in log-survival); the hazard's
      margin term ``(pi_T phi + pi_A - 1) Z_T`` is split by it in ``contribution``.
    * ``share_of_reimposition_loss``: ``(1 - e_i) r_i P_i / sum_j (1 - e_j) r_j P_j``,
      the instrument's share of the bite lost on re-imposition (what weakens
      the threat that holds the deal after lifting).
    """

    label: str
    kind: str
    share_of_s: np.ndarray
    share_of_irreversible: np.ndarray
    contribution: np.ndarray
    marginal_effect: np.ndarray
    threat_effect: np.ndarray | None = None
    assurance_effect: np.ndarray | None = None
    share_of_hazard: np.ndarray | None = None
    share_of_reimposition_loss: np.ndarray | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Campaign:
    """A coercive campaign and its sequential compellence game.

    ``Campaign(coercer, target, instruments, demand, assurance, discount, horizon, backsliding)``

    All arguments map from plain data (TOML):

    * ``coercer``: a :class:`Coercer`, a name, or a table of its fields
      (``threat_credibility``, ``benefit``, ``audience_cost``,
      ``weakening_value``, ``punitive_weakening_value``, ``prob_compellent``,
      ``resolve_sd``, ``catastrophe_cost``).  Default ``"Coercer"``.
    * ``target``: a :class:`Target`, a name, or a table (``face_cost``,
      ``reputation_cost``, ``catastrophe_cost``).  Default ``"Target"``.
    * ``instruments``: a list of :class:`Sanctions`, :class:`MilitaryAid`,
      :class:`Incentive` or tables ``{"kind": "sanctions", "cost_target": 0.1, ...}``.
    * ``demand``: a :class:`Demand`, a table (``concession``, ``public``,
      ``deadline``, ``open_hazard``) or a number (the concession, public, no deadline).
    * ``assurance``: an :class:`Assurance`, a table (``public``,
      ``credibility``), a number (its credibility, public) or ``None`` (public,
      credibility derived from the coercer's incentives).
    * ``discount``: ``delta`` in (0, 1) ((0, 1] with a finite horizon).
    * ``horizon``: ``None`` (infinite) or periods >= 1.
    * ``backsliding``: ``False`` (default): the canonical game of DESIGN.md, a
      lifted concession stands; ``True``: after lifting the target may take
      the concession back and the coercer may re-impose (module docstring).
      Re-imposition quantities (``deal_holds``, ``reimposition_threat``,
      ``critical_reimposition``) are reported either way, as diagnostics when off.

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
    backsliding: bool = False
    title: str = field(default="", compare=False)
    coalition: Any = None
    power: Any = None

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
        if not isinstance(self.backsliding, (bool, np.bool_)):
            raise ParameterError(f"must be true or false, got {self.backsliding!r}", "backsliding")
        s(self, "backsliding", bool(self.backsliding))
        if not isinstance(self.title, str):
            raise ParameterError(f"must be a string, got {self.title!r}", "title")
        if self.power is not None:
            pw = _as(Power, self.power, "power")
            for given, key in ((self.coercer.threat_credibility, "coercer.threat_credibility"),
                               (self.assurance.credibility, "assurance.credibility")):
                if given is not None:
                    raise ParameterError("power derives this credibility; give one or the other", key)
            s(self, "power", pw)
        if self.coalition is not None and not callable(getattr(self.coalition, "lift_probability", None)):
            raise ParameterError(f"must be a Coalition or None, got {type(self.coalition).__name__}", "coalition")
        _ = self.batch_shape  # validate broadcasting now

    # ----------------------------------------------------------------- helpers
    def replace(self, **changes: Any) -> Campaign:
        """A copy with some fields changed (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)

    def inputs(self) -> dict[str, Any]:
        """Flat ``{key path: value}`` of every numeric user input that is set.

        Key paths as in scenario files (``assurance.credibility``,
        ``coercer.threat_credibility``, ``instruments[0].reversibility``,
        ``demand.concession``, ``discount``, ``target.face_cost``,
        ``coalition.members[1].min_concession``, ``power.now``, ...); see
        :mod:`compellence.coercion.campaign.inputs`.
        """
        return campaign_inputs(self)

    def with_inputs(self, mapping: Mapping[str, Any]) -> Campaign:
        """A new validated campaign with the inputs in ``mapping`` (``{key path: value}``) replaced.

        Values may be arrays (they broadcast with the rest); an unknown key or
        a bad value raises :class:`~compellence.errors.ParameterError` naming the key.
        """
        return campaign_with_inputs(self, mapping)

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

    def _prior(self, typ: str) -> np.ndarray:
        mu = self._b(self.coercer.prob_compellent)
        return mu if typ == "compellent" else 1.0 - mu

    # ----------------------------------------------------------------- escalation hazard
    @cached_property
    def escalation_hazard(self) -> np.ndarray:
        """Per-period escalation probability ``h = 1 - prod_i (1 - h_i)`` while punishment continues."""
        q = self._b(1.0)
        for i in self.punishing:
            q = q * (1.0 - self._b(i.escalation_risk))
        return 1.0 - q

    @cached_property
    def escalation_weight(self) -> np.ndarray:
        """``E = h/(1-h) S(delta (1-h))``: discounted probability of catastrophe while punishment continues."""
        return self._b(escalation_weight(self.escalation_hazard, self.discount, self.horizon))

    @cached_property
    def hazard_cost_target(self) -> np.ndarray:
        """``Z_T = K_T E``: the target's present expected catastrophe cost while punishment continues."""
        return self._b(self.target.catastrophe_cost) * self.escalation_weight

    @cached_property
    def hazard_cost_coercer(self) -> np.ndarray:
        """``Z_C = K_C E``: the coercer's present expected catastrophe cost while punishment continues."""
        return self._b(self.coercer.catastrophe_cost) * self.escalation_weight

    # ----------------------------------------------------------------- re-imposition
    @cached_property
    def reversible_pv(self) -> np.ndarray:
        """``r P = sum_i r_i P_i``: the part of the punishment that lifting stops."""
        return self._b(
            sum((p * self._b(i.effective_reversibility) for p, i in zip(self.instrument_pv, self.punishing)),
                np.zeros(()))
        )

    @cached_property
    def reimposed_pv(self) -> np.ndarray:
        """``Q = sum_i e_i r_i P_i``: the bite the coercer can put back after lifting (``e_i`` re-imposition effectiveness)."""
        return self._b(
            sum(
                (p * self._b(i.effective_reversibility) * self._b(i.reimposition)
                 for p, i in zip(self.instrument_pv, self.punishing)),
                np.zeros(()),
            )
        )

    @cached_property
    def reimposition(self) -> np.ndarray:
        """Effective re-imposition effectiveness ``e = Q / (r P)`` (1 where nothing is lifted)."""
        rP = self.reversible_pv
        return np.where(rP > 0, self.reimposed_pv / np.where(rP > 0, rP, 1.0), 1.0)

    def reimpose_gain(self, typ: str = "compellent") -> np.ndarray:
        """Coercer type's gain from re-imposing after backsliding over tolerating it: ``w Q - C - Z_C + a_T``."""
        return (
            self._w(typ) * self.reimposed_pv - self.coercer_cost_pv - self.hazard_cost_coercer + self.audience_threat
        )

    def _reimposes(self, typ: str) -> np.ndarray:
        """Probability that type ``typ`` re-imposes: ``pi_T`` (exogenous) or its own choice (endogenous)."""
        if not self.endogenous_threat:
            return self.pi_T
        return (self.reimpose_gain(typ) >= -TIE_TOL).astype(float)

    @cached_property
    def reimposition_credibility(self) -> np.ndarray:
        """``rho``: probability of re-imposition after backsliding (``pi_T``, or the prior weight of re-imposing types)."""
        if not self.endogenous_threat:
            return self.pi_T
        return self._prior("compellent") * self._reimposes("compellent") + self._prior("punitive") * self._reimposes(
            "punitive"
        )

    def backslides(self, typ: str | None = None) -> np.ndarray:
        """The target backslides after lifting: ``x > rho (Q + Z_T)`` (ties: it keeps the concession).

        ``typ=None`` uses the prior-weighted ``rho`` (the target does not know the
        type, exogenous assurance); a type uses its own re-imposition choice (the
        type is known once it has lifted, endogenous assurance).
        """
        rho = self.reimposition_credibility if typ is None else self._reimposes(typ)
        return self.x > rho * (self.reimposed_pv + self.hazard_cost_target) + TIE_TOL

    def punish_gain(self, typ: str = "compellent") -> np.ndarray:
        """Coercer type's gain from punishing over backing down: ``phi (w P - C - Z_C) + a_T + R``."""
        return (
            self.threat_factor * (self._w(typ) * self.punishment_pv - self.coercer_cost_pv - self.hazard_cost_coercer)
            + self.audience_threat
            + self.rollback_cost
        )

    def _after_backslide(self, typ: str) -> np.ndarray:
        """Coercer type's continuation after the target backslides (re-impose or tolerate), less ``w (1 - r) P - R - b``."""
        w = self._w(typ)
        reimp = w * self.reimposed_pv - self.coercer_cost_pv - self.hazard_cost_coercer
        if not self.endogenous_threat:
            return self.pi_T * reimp - (1.0 - self.pi_T) * self.audience_threat
        return np.where(self.reimpose_gain(typ) >= -TIE_TOL, reimp, -self.audience_threat)

    def lift_gain(self, typ: str = "compellent") -> np.ndarray:
        """Coercer type's gain from lifting over reneging.

        ``C + Z_C + a_A - R - w r P`` if the target then keeps the concession
        (always, with ``backsliding=False``: the canonical game);
        with ``backsliding=True``, if it backslides (:meth:`backslides`), lifting
        also loses the concession and leads to re-imposition or toleration:
        ``... - B x + V_after`` with ``V_after = w Q - C - Z_C`` (re-impose) or
        ``-a_T`` (tolerate).
        """
        base = (
            self.coercer_cost_pv
            + self.hazard_cost_coercer
            + self.audience_assurance
            - self.rollback_cost
            - self._w(typ) * self.r * self.punishment_pv
        )
        if not self.backsliding:
            return base
        B = self._b(self.coercer.benefit)
        return np.where(self.backslides(typ), base - B * self.x + self._after_backslide(typ), base)

    def _lifts(self, typ: str) -> np.ndarray:
        return self.lift_gain(typ) >= -TIE_TOL

    @cached_property
    def pi_T(self) -> np.ndarray:
        """Threat credibility: exogenous (with commitment boosts) or the prior weight of punishing types."""
        if not self.endogenous_threat:
            gap = self._b(1.0 - self.coercer.threat_credibility)
            for i in self.punishing:
                gap = gap * (1.0 - i.threat_boost)
            return self._b(1.0 - gap)
        return self._prior("compellent") * (self.punish_gain("compellent") >= -TIE_TOL) + self._prior("punitive") * (
            self.punish_gain("punitive") >= -TIE_TOL
        )

    @cached_property
    def pi_A(self) -> np.ndarray:
        """Assurance credibility.

        Exogenous: ``pi_A0 prod_i (1 - penalty_i)``; with ``backsliding=True``,
        0 where the target would backslide after lifting (a coercer who knows
        that lifting only invites backsliding does not lift; stylised reduction).
        Endogenous: the prior weight of the types that lift (:meth:`lift_gain`,
        which anticipates backsliding only with ``backsliding=True``).
        """
        if not self.endogenous_assurance:
            p = self._b(self.assurance.credibility)
            for i in self.punishing:
                p = p * (1.0 - i.assurance_penalty)
            if not self.backsliding:
                return self._b(p)
            return self._b(np.where(self.backslides(None), 0.0, p))
        return self._prior("compellent") * self._lifts("compellent") + self._prior("punitive") * self._lifts("punitive")

    @cached_property
    def deal_holds(self) -> np.ndarray:
        """After lifting, the target keeps the concession: ``x <= rho (Q + Z_T)``.

        With ``backsliding=False`` this is a diagnostic only (the canonical game
        has no backsliding stage): whether the deal *would* hold if the target
        could take the concession back.  With derived assurance: for every type with positive prior weight (whether
        or not it lifts in equilibrium: a type that would face backsliding is a type
        that may renege because of it).
        """
        if not self.endogenous_assurance:
            return ~self.backslides(None)
        bad = np.zeros(self.batch_shape, bool)
        for typ in ("compellent", "punitive"):
            bad |= (self._prior(typ) > 0) & self.backslides(typ)
        return ~bad

    @cached_property
    def backslide_premium(self) -> np.ndarray:
        """The target's gain from lifted-then-backslide over keeping: ``sum_theta prior lifts (x - rho_theta (Q + Z_T))^+``.

        Always 0 with ``backsliding=False`` (no backsliding stage) and with
        exogenous assurance (the coercer does not lift into a backslide); with
        endogenous assurance it is positive where a type lifts although it
        expects the target to backslide (it prefers that to paying for continued
        punishment): the target's compliance is then partly a sham.
        """
        if not (self.backsliding and self.endogenous_assurance):
            return self._b(0.0)
        out = self._b(0.0)
        for typ in ("compellent", "punitive"):
            gap = self.x - self._reimposes(typ) * (self.reimposed_pv + self.hazard_cost_target)
            out = out + self._prior(typ) * np.where(self._lifts(typ) & self.backslides(typ), gap, 0.0)
        return out

    @cached_property
    def nominal_assurance(self) -> np.ndarray:
        """Exogenous ``pi_A0 prod_i (1 - penalty_i)`` before the deal-holding reduction (``pi_A`` if derived or without backsliding)."""
        if self.endogenous_assurance:
            return self.pi_A
        p = self._b(self.assurance.credibility)
        for i in self.punishing:
            p = p * (1.0 - i.assurance_penalty)
        return self._b(p)

    def _deal_aware_criticals(self, args: tuple, kw: dict, crit: dict[str, Critical]) -> tuple[np.ndarray, dict]:
        """Critical values and the largest demand with exogenous assurance, where the promise to lift
        is void unless the deal holds (``x <= rho (e r P + Z_T)``).

        In each parameter ``p`` the margin is ``M1(p)`` (nominal ``pi_A``) where the deal holds,
        ``p >= p_h``, and ``M0(p)`` (``pi_A = 0``) below; ``M1 >= M0``.  The smallest viable
        value is ``min(p0*, max(p_h, p1*))`` for nondecreasing ``M1`` (a closed form per
        parameter, batched); ``p_h`` solves the deal condition (it moves with ``s``, ``r`` and,
        for an exogenous threat, ``pi_T = rho``).
        """
        x = args[0]
        pA1 = self.nominal_assurance
        rho, Z, P, r, e = self.reimposition_credibility, self.hazard_cost_target, self.punishment_pv, self.r, self.reimposition
        a1 = (*args[:4], pA1, *args[5:])
        a0 = (*args[:4], 0.0 * pA1, *args[5:])
        zero = 0.0 * rho

        def combine(name: str, c0: Critical, c1: Critical, hold: Critical, v1: np.ndarray | None = None) -> Critical:
            if v1 is None:
                v1 = np.maximum(hold.value, c1.value)
            value = np.minimum(c0.value, v1)
            never = ~np.isfinite(value) | (value > c1.hi)
            value = np.where(never, np.inf, value)
            return Critical(name, value, (value <= c1.lo) & ~never, never, c1.lo, c1.hi)

        # reversibility: deal holds iff rho (e P r + Z) >= x
        hold_r = critical_value(rho * e * P, rho * Z - x + zero, "r")
        crit["r"] = combine("r", critical_reversibility(*a0, **kw), critical_reversibility(*a1, **kw), hold_r)
        # threat credibility: rho = pi_T when the threat is exogenous, else fixed
        if self.endogenous_threat:
            hold_T = critical_value(zero, np.where(self.deal_holds, 0.0, -1.0), "pi_T")
        else:
            hold_T = critical_value(self.reimposed_pv + Z, -x + zero, "pi_T")
        crit["T"] = combine("pi_T", critical_threat(*a0, **kw), critical_threat(*a1, **kw), hold_T)
        # punishment: Q = e r s D scales with s
        D = self.D
        hold_s = critical_value(rho * e * r * D, rho * Z - x + zero, "s", lo=0.0, hi=np.inf)
        c1 = critical_punishment(*a1, **kw)
        k1 = self.pi_T * self.threat_factor + pA1 * r - 1.0
        with np.errstate(over="ignore", invalid="ignore"):  # a huge threshold: M1 there is +-inf
            m1_at_hold = k1 * D * np.where(np.isfinite(hold_s.value), hold_s.value, 0.0) + (
                (self.pi_T * self.threat_factor + pA1 - 1.0) * Z - x - kw["compliance_cost"]
            )
        v1 = np.where(
            k1 > 0,
            np.maximum(hold_s.value, c1.value),
            np.where(np.isfinite(hold_s.value) & (m1_at_hold >= 0), hold_s.value, np.inf),
        )
        crit["s"] = combine("s", critical_punishment(*a0, **kw), c1, hold_s, v1)
        # largest demand: above x_h = rho (Q + Z) the assurance is void
        x_h = rho * (self.reimposed_pv + Z)
        A1 = offramp_margin_at_zero(a1, kw)
        A0 = offramp_margin_at_zero(a0, kw)
        largest = np.maximum(0.0, np.maximum(np.minimum(A1, x_h), np.where(A0 > x_h, A0, -np.inf)))
        # assurance: no promise is kept where the deal does not hold (pi_A does not move it)
        cA = crit["A"]
        void = self.backslides(None) & ~cA.always
        crit["A"] = dataclasses.replace(cA, value=np.where(void, np.inf, cA.value), never=cA.never | void)
        return largest, crit

    def _critical_reimposition(self) -> Critical:
        """Smallest common effectiveness ``e`` of the sanctions at which the deal holds (a diagnostic
        without ``backsliding``).

        ``x <= rho (e sum_{sanctions} r_i P_i + sum_{other} e_i r_i P_i + Z_T)`` (aid keeps its
        full effect), holding ``rho`` fixed; ``always``: holds even at ``e = 0``, ``never``:
        fails even at ``e = 1``.
        """
        rho = self.reimposition_credibility
        lifted_s = self._b(0.0)
        fixed = self._b(0.0)
        for p, i in zip(self.instrument_pv, self.punishing):
            rp = p * self._b(i.effective_reversibility)
            if isinstance(i, Sanctions):
                lifted_s = lifted_s + rp
            else:
                fixed = fixed + rp * self._b(i.reimposition)
        return critical_value(
            rho * lifted_s, rho * (fixed + self.hazard_cost_target) - self.x, "reimposition"
        )

    # ----------------------------------------------------------------- closed form
    def margin(self) -> np.ndarray:
        """``M = (pi_T phi + pi_A r - 1) P + (pi_T phi + pi_A - 1) Z_T - x - cc + backslide premium`` (batched)."""
        k = self.pi_T * self.threat_factor
        return (
            (k + self.pi_A * self.r - 1.0) * self.punishment_pv
            + (k + self.pi_A - 1.0) * self.hazard_cost_target
            - self.x
            - self.compliance_cost
            + self.backslide_premium
        )

    def offramp(self, tol: float = TIE_TOL) -> OffRamp:
        """The off-ramp: margin, viability, largest workable demand, critical values, drivers.

        Critical values solve ``M = 0`` for one parameter holding the rest
        (including the *derived* credibilities, the escalation cost ``Z_T`` and
        the backslide premium) fixed; see :class:`~compellence.coercion.offramp.Critical`
        for the ``always`` / ``never`` masks (``inf`` = never flips).  With
        exogenous assurance and ``backsliding=True``, the critical values and
        the largest demand account for the deal (:meth:`_deal_aware_criticals`):
        ``critical_assurance`` is ``never`` where the deal does not hold (no
        promise to lift is kept then), unless the off-ramp is open without any
        assurance.  With ``backsliding=False`` they are the canonical closed
        forms of :mod:`~compellence.coercion.offramp`, and the re-imposition
        fields of :class:`OffRamp` are diagnostics.
        """
        tol = float(check_param(tol, "tol", 0.0))
        M = self.margin()
        prem = self.backslide_premium
        args = (self.x, self.s, self.discount, self.pi_T, self.pi_A, self.r, self.horizon)
        kw = {
            "compliance_cost": self.compliance_cost - prem,
            "threat_factor": self.threat_factor,
            "escalation_cost": self.hazard_cost_target,
        }
        viable = M >= -tol
        rho = self.reimposition_credibility
        Z = self.hazard_cost_target
        crit = {
            "A": critical_assurance(*args, **kw),
            "r": critical_reversibility(*args, **kw),
            "T": critical_threat(*args, **kw),
            "s": critical_punishment(*args, **kw),
        }
        if self.endogenous_assurance or not self.backsliding:
            largest = np.maximum(0.0, M - prem + self.x)
        else:
            largest, crit = self._deal_aware_criticals(args, kw, crit)
        return OffRamp(
            margin=M,
            viable=viable,
            largest_demand=largest,
            critical_assurance=crit["A"],
            critical_reversibility=crit["r"],
            critical_threat=crit["T"],
            critical_punishment=crit["s"],
            critical_reimposition=self._critical_reimposition(),
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
            reimposition=self.reimposition,
            reimposition_credibility=rho,
            reimposition_threat=rho * (self.reimposed_pv + Z),
            deal_holds=self.deal_holds,
            backslide_premium=prem,
            escalation_hazard=self.escalation_hazard,
            escalation_weight=self.escalation_weight,
            hazard_cost_target=Z,
            hazard_cost_coercer=self.hazard_cost_coercer,
            drivers=self.drivers(),
            campaign=self,
        )

    def equilibrium_path(self, viable: np.ndarray | None = None) -> np.ndarray:
        """The equilibrium path in closed form, as ``"comply -> compellent -> lift"`` strings (batch shape;
        ``"... -> lift -> keep"`` with ``backsliding=True``).

        Follows the same conventions as :meth:`compellence.Solution.path`: at a
        chance move the most probable branch (the first on ties), at a decision
        the equilibrium action (the first on ties within :data:`TIE_TOL`).
        """
        if viable is None:
            viable = self.margin() >= -TIE_TOL
        shape = self.batch_shape
        mu = self._prior("compellent")
        typ = np.where(mu >= 1.0 - mu, "compellent", "punitive")

        def join(*parts: Any) -> np.ndarray:
            out = np.broadcast_to(np.asarray(parts[0], dtype=str), shape)
            for p in parts[1:]:
                out = np.char.add(np.char.add(out, " -> "), np.broadcast_to(np.asarray(p, dtype=str), shape))
            return out

        def by_type(fn: Any) -> np.ndarray:
            return np.where(typ == "compellent", fn("compellent"), fn("punitive"))

        def reimpose_choice(g: np.ndarray) -> np.ndarray:
            return np.where(g >= -TIE_TOL, "reimpose", "tolerate")

        if not self.endogenous_threat:
            chance_reimp = np.where(self.pi_T >= 1.0 - self.pi_T, "reimpose", "tolerate")
        if self.endogenous_assurance:
            if not self.backsliding:
                lifted = np.broadcast_to(np.asarray("lift"), shape)
            else:
                if self.endogenous_threat:
                    after_bs = reimpose_choice(by_type(self.reimpose_gain))
                else:
                    after_bs = chance_reimp
                bs = by_type(self.backslides)
                lifted = join("lift", np.where(bs, join("backslide", after_bs), "keep"))
            lifts = by_type(self.lift_gain) >= -TIE_TOL
            after_c = join(typ, np.where(lifts, lifted, "renege"))
        else:
            if not self.backsliding:
                lifted = np.broadcast_to(np.asarray("lift"), shape)
            else:
                if self.endogenous_threat:
                    after_bs = join(typ, reimpose_choice(by_type(self.reimpose_gain)))
                else:
                    after_bs = chance_reimp
                lifted = join("lift", np.where(self.backslides(None), join("backslide", after_bs), "keep"))
            after_c = np.where(self.pi_A >= 1.0 - self.pi_A, lifted, "renege")
        if self.endogenous_threat:
            after_r = join(typ, np.where(by_type(self.punish_gain) >= -TIE_TOL, "punish", "back down"))
        else:
            after_r = np.where(self.pi_T >= 1.0 - self.pi_T, "punish", "back down")
        comply = join("comply", after_c)
        resist = join("resist", after_r)
        return np.where(np.broadcast_to(viable, shape), comply, resist).astype(object)

    def drivers(self) -> tuple[Driver, ...]:
        """Per-instrument :class:`Driver` records (which instrument drives each number)."""
        P = self.punishment_pv
        rs = [self._b(i.effective_reversibility) for i in self.punishing]
        irr = [(1 - ri) * p for ri, p in zip(rs, self.instrument_pv)]
        irr_tot = sum(irr, np.zeros(()))
        # the hazard combines as 1 - prod (1 - h_i): attribute it by -log(1 - h_i), additive in log-survival
        lam = [-np.log1p(-self._b(i.escalation_risk)) for i in self.punishing]
        lam_tot = sum(lam, np.zeros(()))
        lost = [(1 - self._b(i.reimposition)) * ri * p for i, ri, p in zip(self.punishing, rs, self.instrument_pv)]
        lost_tot = sum(lost, np.zeros(()))
        base = self.pi_T * self.threat_factor - 1.0
        hz_term = (base + self.pi_A) * self.hazard_cost_target
        out = []
        for inst, p, ri, ir, la, lo in zip(self.punishing, self.instrument_pv, rs, irr, lam, lost):
            coef = base + self.pi_A * ri
            per_unit = self._b(inst.unit_present_value(self.discount, self.horizon))
            hz_share = np.where(lam_tot > 0, la / np.where(lam_tot > 0, lam_tot, 1.0), 0.0)
            out.append(
                Driver(
                    label=inst.label,
                    kind=inst.kind,
                    share_of_s=np.where(P > 0, p / np.where(P > 0, P, 1.0), 0.0),
                    share_of_irreversible=np.where(irr_tot > 0, ir / np.where(irr_tot > 0, irr_tot, 1.0), 0.0),
                    contribution=coef * p + hz_share * hz_term,
                    marginal_effect=coef * per_unit,
                    threat_effect=self._b(inst.rollback_cost if self.endogenous_threat else inst.threat_boost),
                    assurance_effect=self._b(
                        inst.rollback_cost if self.endogenous_assurance else inst.assurance_penalty
                    ),
                    share_of_hazard=hz_share,
                    share_of_reimposition_loss=np.where(lost_tot > 0, lo / np.where(lost_tot > 0, lost_tot, 1.0), 0.0),
                )
            )
        for inc in self.incentives:
            z = self._b(0.0)
            out.append(Driver(inc.label, inc.kind, z, z, self._b(inc.amount), self._b(1.0), z, z, z, z))
        return tuple(out)

    # ----------------------------------------------------------------- game tree
    def tree(self) -> Node:
        """The root node spec of :meth:`game` (to embed the campaign in a larger tree)."""
        P, x, cc, r, phi = self.punishment_pv, self.x, self.compliance_cost, self.r, self.threat_factor
        B = self._b(self.coercer.benefit)
        b, R, C = self.side_payment, self.rollback_cost, self.coercer_cost_pv
        aT, aA = self.audience_threat, self.audience_assurance
        Q, ZT, ZC = self.reimposed_pv, self.hazard_cost_target, self.hazard_cost_coercer
        pay = self.target.name
        coe = self.coercer.name
        types = ("compellent", "punitive")

        def pays(c_val, t_val):
            return outcome(**{coe: c_val, pay: t_val})

        def backslide_leaves(w):
            kept = -b + w * (1 - r) * P - R
            return {
                "reimpose": pays(kept + w * Q - C - ZC, -cc - (1 - r) * P - Q - ZT),
                "tolerate": pays(kept - aT, -cc - (1 - r) * P + 0.0 * P),
            }

        def after_backslide(typ: str | None) -> Node:
            if not self.endogenous_threat:
                lv = backslide_leaves(self._w(typ or "compellent"))
                return chance({"reimpose": (self.pi_T, lv["reimpose"]), "tolerate": (1 - self.pi_T, lv["tolerate"])})
            if typ is None:  # the type is drawn now (exogenous assurance: not revealed before)
                return chance({t: (self._prior(t), decision(coe, backslide_leaves(self._w(t)))) for t in types})
            return decision(coe, backslide_leaves(self._w(typ)))

        def lifted(typ: str | None) -> Node:
            w = self._w(typ or "compellent")
            keep = pays(B * x - b + w * (1 - r) * P - R, -x - cc - (1 - r) * P)
            if not self.backsliding:  # the canonical game: the concession stands
                return keep
            return decision(pay, {"keep": keep, "backslide": after_backslide(typ)})

        def reneged(w):
            return pays(B * x - b + w * P - C - aA - ZC, -x - cc - P - ZT)

        def resist_leaves(w):
            return {
                "punish": pays(phi * (w * P - C - ZC), -phi * (P + ZT)),
                "back down": pays(-aT - R, 0.0 * P),
            }

        if self.endogenous_assurance:
            after_comply: Node = chance(
                {
                    t: (self._prior(t), decision(coe, {"lift": lifted(t), "renege": reneged(self._w(t))}))
                    for t in types
                }
            )
        else:
            after_comply = chance(
                {"lift": (self.pi_A, lifted(None)), "renege": (1 - self.pi_A, reneged(self._w("compellent")))}
            )
        if self.endogenous_threat:
            after_resist: Node = chance(
                {t: (self._prior(t), decision(coe, resist_leaves(self._w(t)))) for t in types}
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
            f"{'backsliding, ' if self.backsliding else ''}batch_shape={self.batch_shape})"
        )


def offramp_margin_at_zero(args: tuple, kw: dict) -> np.ndarray:
    """The closed-form margin at ``x = 0`` for the critical-value arguments ``(x, s, delta, pi_T, pi_A, r, horizon)``."""
    return offramp_margin(0.0, *args[1:], **kw)


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

    * ``margin`` ``M = (pi_T phi + pi_A r - 1) s D + (pi_T phi + pi_A - 1) Z_T - x - cc + prem``;
      ``viable``: ``M >= -tol``.
    * ``largest_demand``: ``max(0, M - prem + x)``, the largest concession the
      target would accept and keep, holding the credibilities fixed (may exceed
      1, meaning any demand works).
    * ``critical_assurance`` / ``critical_reversibility`` / ``critical_threat`` /
      ``critical_punishment``: :class:`Critical` values where viability flips.
    * Re-imposition fields (``critical_reimposition``, ``reimposition*``,
      ``deal_holds``): with ``backsliding=False`` diagnostics of what would
      happen if the target could take the concession back; they enter the
      margin only with ``backsliding=True``.
    * ``critical_reimposition``: the smallest re-imposition effectiveness ``e``
      common to all sanctions (aid is re-supplied at full effect) at which the
      deal holds, ``x <= rho (e r_S P_S + r_A P_A + Z_T)``, holding ``rho`` fixed
      (exact with exogenous threat credibility).
    * ``pi_T``, ``pi_A``, ``r``, ``s``, ``D``, ``x``, ``compliance_cost``,
      ``threat_factor``: the derived canonical quantities.
    * ``decision``: ``"comply"`` / ``"resist"`` (the target's equilibrium choice);
      ``equilibrium_path``: the whole path as ``"comply -> lift"`` strings (closed
      form, same conventions as ``Solution.path``); :meth:`path` solves the game instead.
    * ``reimposition``: effective re-imposition effectiveness ``e = Q / (r P)``;
      ``reimposition_credibility``: ``rho``, the probability of re-imposing after
      backsliding (``pi_T``, or the prior weight of the types that re-impose);
      ``reimposition_threat``: ``rho (Q + Z_T)``, what backsliding risks, the
      largest concession re-imposition can hold; ``deal_holds``: after lifting
      the target keeps the concession; ``backslide_premium``: the target's
      expected gain from backsliding after lifting (0 where the deal holds,
      always 0 with exogenous assurance).
    * ``escalation_hazard``: per-period escalation probability ``h``;
      ``escalation_weight``: ``E = h/(1-h) S(delta (1-h))``;
      ``hazard_cost_target`` / ``hazard_cost_coercer``: ``Z = K E``.
    * ``drivers``: per-instrument :class:`Driver` records; :attr:`driver_of`.
    """

    margin: np.ndarray
    viable: np.ndarray
    largest_demand: np.ndarray
    critical_assurance: Critical
    critical_reversibility: Critical
    critical_threat: Critical
    critical_punishment: Critical
    critical_reimposition: Critical
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
    reimposition: np.ndarray
    reimposition_credibility: np.ndarray
    reimposition_threat: np.ndarray
    deal_holds: np.ndarray
    backslide_premium: np.ndarray
    escalation_hazard: np.ndarray
    escalation_weight: np.ndarray
    hazard_cost_target: np.ndarray
    hazard_cost_coercer: np.ndarray
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
        (:attr:`Driver.threat_effect` / :attr:`Driver.assurance_effect`);
        ``"escalation"``: the largest share of the escalation hazard;
        ``"backsliding"``: the largest share of the bite lost on re-imposition.
        """
        keys = ("s", "irreversibility", "margin", "drag", "pi_T", "pi_A", "escalation", "backsliding")
        if not self.drivers:
            none = np.full(self.batch_shape, "none", dtype=object)
            return {k: none for k in keys}
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
            "escalation": pick([d.share_of_hazard for d in self.drivers]),
            "backsliding": pick([d.share_of_reimposition_loss for d in self.drivers]),
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
                    "share of hazard": float(np.broadcast_to(d.share_of_hazard, self.batch_shape)[idx]),
                    "share of re-imposition loss": float(
                        np.broadcast_to(d.share_of_reimposition_loss, self.batch_shape)[idx]
                    ),
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
            "critical_e": self.critical_reimposition.value,
            "pi_T": self.pi_T,
            "pi_A": self.pi_A,
            "r": self.r,
            "s": self.s,
            "x": self.x,
            "decision": self.decision,
            "path": self.equilibrium_path,
            "deal_holds": self.deal_holds,
            "reimposition_threat": self.reimposition_threat,
            "backslide_premium": self.backslide_premium,
            "escalation_hazard": self.escalation_hazard,
            "hazard_cost_target": self.hazard_cost_target,
        }
        shape = self.batch_shape
        data = {k: np.ravel(np.broadcast_to(v, shape)) for k, v in cols.items()}
        df = pd.DataFrame(data)
        if shape:
            df.index = pd.MultiIndex.from_tuples(list(np.ndindex(*shape))) if len(shape) > 1 else pd.RangeIndex(shape[0])
        return df

    def path(self, index: Any = None) -> tuple[str, ...]:
        """The equilibrium path of the campaign's game, solved by :func:`compellence.spe`."""
        from ...solvers.spe import spe

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
