"""Coercive instruments: sanctions, military aid, demands, assurances, side payments.

Each instrument is a frozen, validated dataclass.  Numbers may be scalars or
numpy arrays (batch-first: a campaign broadcasts them together); flags
(``public``, ``overt``) are plain booleans.  Units: costs are in *stake units
per period* (the disputed stake is worth 1 to the target), so a per-period
cost of 0.1 summed over a future weight ``D = delta / (1 - delta) = 9`` is worth
0.9 of the stake.

A campaign (:class:`~compellence.coercion.campaign.Campaign`) aggregates the
punishing instruments into the canonical quantities of ``shared/DESIGN.md``:

* per-instrument present value of the future cost to the target
  ``P_i = c_i * sum_{t=1..H} delta**t * b_i(e + t)`` (``b`` the bite profile
  below, ``e`` the periods already elapsed), ``s = sum_i P_i / D``;
* effective reversibility, the cost-weighted mean ``r = sum_i P_i r_i / sum_i P_i``;
* escalation hazard per period ``1 - prod_i (1 - h_i)`` while the punishment
  continues (see :class:`MilitaryAid`); with the catastrophe costs of
  :class:`~compellence.coercion.campaign.Coercer` / ``Target`` it enters the
  payoffs as ``K E`` with ``E = h/(1-h) S(delta (1-h))`` (the discounted
  probability of catastrophe);
* the re-imposed bite ``Q = sum_i e_i r_i P_i`` (``e_i`` the re-imposition
  effectiveness of :class:`Sanctions`, 1 for aid): what a coercer can put back
  if the target backslides after lifting.

Bite profile (our stylised reduction of "effects grow while in place,
adaptation erodes them", cf. MODELS.md "deadline and decay"):
``b(t) = (1 - (1 - ramp)**t) * (1 - adaptation)**t`` so that
``P = c [a**e S(delta a) - (g a)**e S(delta g a)]`` with ``a = 1 - adaptation``,
``g = 1 - ramp`` and ``S(q) = sum_{t=1..H} q**t`` (closed form, batched).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar

import numpy as np

from ..errors import ParameterError
from .offramp import check_param, discounted_sum

__all__ = [
    "Instrument",
    "Sanctions",
    "MilitaryAid",
    "Incentive",
    "Demand",
    "Assurance",
    "bite_present_value",
    "instrument_from_dict",
]


def _check_bool(value: Any, name: str) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ParameterError(f"must be true or false, got {value!r}", name)


def _check_name(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(f"must be a non-empty string, got {value!r}", name)
    return value


def _check_elapsed(value: Any, name: str) -> np.ndarray:
    arr = check_param(value, name, 0.0)
    if np.any(arr != np.round(arr)):
        raise ParameterError("must be a whole number of periods", name)
    return arr


def bite_present_value(
    cost: Any, delta: Any, horizon: Any = None, *, ramp: Any = 1.0, adaptation: Any = 0.0, elapsed: Any = 0
) -> np.ndarray:
    """Present value of a punishment stream ``c * sum_{t=1..H} delta**t b(e + t)`` (batched).

    ``b(t) = (1 - (1 - ramp)**t) (1 - adaptation)**t``; closed form
    ``c [a**e S(delta a) - (g a)**e S(delta g a)]`` (module docstring).  With
    ``ramp = 1`` and ``adaptation = 0`` this is ``c D``.
    """
    a = 1.0 - np.asarray(adaptation, dtype=float)
    g = 1.0 - np.asarray(ramp, dtype=float)
    e = np.asarray(elapsed, dtype=float)
    d = np.asarray(delta, dtype=float)
    with np.errstate(invalid="ignore"):
        ga_e = np.where(g * a == 0.0, (e == 0).astype(float), (g * a) ** e)
    return cost * (a**e * discounted_sum(d * a, horizon) - ga_e * discounted_sum(d * g * a, horizon))


class Instrument:
    """Base of the punishing instruments (sanctions, military aid).

    Subclasses provide ``label``, ``cost_target`` (per period, >= 0),
    ``cost_coercer`` (per period, >= 0), :meth:`present_value`,
    :attr:`effective_reversibility`, and the credibility effects used when
    credibilities are exogenous: ``threat_boost`` (closes that share of the gap
    ``1 - pi_T``) and ``assurance_penalty`` (removes that share of ``pi_A``);
    ``rollback_cost`` (domestic cost of rolling the instrument back, stake
    units) enters the coercer's payoffs when credibilities are endogenous.
    """

    kind: ClassVar[str] = "instrument"
    label: str

    def present_value(self, delta: Any, horizon: Any = None) -> np.ndarray:
        """Present value of the future cost to the target: ``cost_target * unit_present_value``."""
        return self.cost_target * self.unit_present_value(delta, horizon)

    def unit_present_value(self, delta: Any, horizon: Any = None) -> np.ndarray:
        """``dP / d cost_target``: the present value of one unit of per-period cost."""
        raise NotImplementedError

    @property
    def effective_reversibility(self) -> np.ndarray:
        raise NotImplementedError

    @property
    def threat_boost(self) -> np.ndarray:
        return np.asarray(0.0)

    @property
    def assurance_penalty(self) -> np.ndarray:
        return np.asarray(0.0)

    @property
    def rollback_cost(self) -> np.ndarray:
        return np.asarray(0.0)

    @property
    def escalation_risk(self) -> np.ndarray:
        return np.asarray(0.0)

    @property
    def reimposition(self) -> np.ndarray:
        return np.asarray(1.0)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (``kind`` plus fields), the inverse of :func:`instrument_from_dict`."""
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):  # type: ignore[arg-type]
            v = getattr(self, f.name)
            out[f.name] = v.tolist() if isinstance(v, np.ndarray) else v
        return out


@dataclass(frozen=True)
class Sanctions(Instrument):
    """Economic sanctions.

    Fields (scalars or arrays; stake units per period unless stated):

    * ``cost_target`` (>= 0): full-bite cost to the target per period.
    * ``cost_coercer`` (>= 0): cost to the coercer per period.
    * ``reversibility`` in [0, 1]: share of the government-controlled damage
      that stops when the sanctions are lifted (default 0.8).
    * ``private_share`` in [0, 1]: share of ``cost_target`` due to firms that
      self-sanction beyond any government's control; it does not stop when
      governments lift, so the effective reversibility is
      ``reversibility * (1 - private_share)``.
    * ``ramp`` in (0, 1]: share of the remaining gap to full bite closed each
      period (1 = full bite at once); effects grow while in place.
    * ``adaptation`` in [0, 1): per-period erosion of the bite as the target
      adapts (substitution, evasion).
    * ``reimposition`` in [0, 1]: effectiveness ``e`` of re-imposed sanctions
      relative to first use (sanctions are strongest at first use: once lifted,
      trade re-routes, evasion networks and alternative suppliers are in place,
      and partners are reluctant to re-join; Drezner 1999, Early 2015 on
      sanctions busting).  If the target backslides after the sanctions are
      lifted, the coercer can re-impose only ``e r P`` of the lifted bite, so a
      low ``e`` weakens the threat of re-imposition that keeps a settlement in
      place (Schelling 1966).  The campaign folds this into the margin: a
      coercer that anticipates backsliding does not lift (exogenous
      credibility) or weighs it in its decision to lift (endogenous); see
      :class:`~compellence.coercion.campaign.Campaign`.
    * ``elapsed`` (whole periods >= 0): how long the sanctions have been in place.

    Bite profile and present value: module docstring (stylised, our reduction).
    """

    cost_target: Any
    cost_coercer: Any = 0.0
    reversibility: Any = 0.8
    private_share: Any = 0.0
    ramp: Any = 1.0
    adaptation: Any = 0.0
    reimposition: Any = 1.0
    elapsed: Any = 0
    label: str = "sanctions"

    kind: ClassVar[str] = "sanctions"

    def __post_init__(self) -> None:
        n = f"Sanctions({self.label!r})" if isinstance(self.label, str) else "Sanctions"
        _check_name(self.label, f"{n}.label")
        s = object.__setattr__
        s(self, "cost_target", check_param(self.cost_target, f"{n}.cost_target", 0.0))
        s(self, "cost_coercer", check_param(self.cost_coercer, f"{n}.cost_coercer", 0.0))
        s(self, "reversibility", check_param(self.reversibility, f"{n}.reversibility", 0.0, 1.0))
        s(self, "private_share", check_param(self.private_share, f"{n}.private_share", 0.0, 1.0))
        s(self, "ramp", check_param(self.ramp, f"{n}.ramp", 0.0, 1.0, lo_open=True))
        s(self, "adaptation", check_param(self.adaptation, f"{n}.adaptation", 0.0, 1.0, hi_open=True))
        s(self, "reimposition", check_param(self.reimposition, f"{n}.reimposition", 0.0, 1.0))
        s(self, "elapsed", _check_elapsed(self.elapsed, f"{n}.elapsed"))

    def unit_present_value(self, delta: Any, horizon: Any = None) -> np.ndarray:
        """``sum_{t=1..H} delta**t b(elapsed + t)`` (module docstring); ``P = cost_target`` times this."""
        return bite_present_value(
            1.0, delta, horizon, ramp=self.ramp, adaptation=self.adaptation, elapsed=self.elapsed
        )

    @property
    def effective_reversibility(self) -> np.ndarray:
        """``reversibility * (1 - private_share)``: the private-sector part never reverses."""
        return self.reversibility * (1.0 - self.private_share)


_AID_DEFAULTS = {
    # overt, covert
    "escalation_risk": (0.02, 0.005),
    "reversibility": (0.3, 0.8),
    "volume": (1.0, 0.5),
    "ramp": (1.0, 0.5),
    "commitment": (0.3, 0.0),
    "assurance_loss": (0.3, 0.0),
    "rollback": (0.5, 0.0),
}


@dataclass(frozen=True)
class MilitaryAid(Instrument):
    """Military aid to the target's adversary: battlefield cost imposed on the target.

    Fields (``None`` means "the default for overt / covert aid", listed as overt/covert):

    * ``cost_target`` (>= 0): battlefield cost to the target per period at full
      (overt) volume; ``cost_coercer`` (>= 0): cost to the coercer per period.
    * ``overt`` (bool): overt aid is delivered faster (``ramp`` 1.0/0.5) and in
      larger volume (``volume`` 1.0/0.5 multiplies ``cost_target``); it raises
      threat credibility through public commitment and alliance cohesion
      (``commitment`` 0.3/0: closes that share of the gap ``1 - pi_T`` when
      credibilities are exogenous), adds a domestic cost of rolling it back
      (``rollback`` 0.5/0 stake units; with endogenous credibility it makes
      backing down costlier, which raises the threat, and lifting costlier,
      which lowers the assurance), lowers assurance credibility when it is
      exogenous (``assurance_loss`` 0.3/0: removes that share of ``pi_A``),
      and its effect persists after aid stops, e.g. as an insurgency
      (``reversibility`` 0.3/0.8).  Covert aid is the reverse.
    * ``escalation_risk`` in [0, 1): per-period probability that the aid
      triggers a catastrophe (escalation to direct war) while it flows (default
      0.02 overt / 0.005 covert: overt aid raises escalation risk, covert aid is
      deniable; illustrative).  The campaign's hazard ``h = 1 - prod_i (1 - h_i)``
      costs the target ``Target.catastrophe_cost`` and the coercer
      ``Coercer.catastrophe_cost`` (stake units, once) with discounted
      probability ``E = h/(1-h) sum_t (delta (1-h))**t`` while punishment
      continues; lifting or backing down stops it (Schelling's "threat that
      leaves something to chance").  With both catastrophe costs 0 (the
      default) the hazard is reported but costs nothing.
    """

    cost_target: Any
    cost_coercer: Any = 0.0
    overt: bool = True
    escalation_risk: Any = None
    reversibility: Any = None
    volume: Any = None
    ramp: Any = None
    commitment: Any = None
    assurance_loss: Any = None
    rollback: Any = None
    elapsed: Any = 0
    label: str = "military aid"

    kind: ClassVar[str] = "military_aid"

    def __post_init__(self) -> None:
        n = f"MilitaryAid({self.label!r})" if isinstance(self.label, str) else "MilitaryAid"
        _check_name(self.label, f"{n}.label")
        s = object.__setattr__
        s(self, "overt", _check_bool(self.overt, f"{n}.overt"))
        k = 0 if self.overt else 1
        for key, (lo, hi, lo_open) in {
            "reversibility": (0.0, 1.0, False),
            "volume": (0.0, None, False),
            "ramp": (0.0, 1.0, True),
            "commitment": (0.0, 1.0, False),
            "assurance_loss": (0.0, 1.0, False),
            "rollback": (0.0, None, False),
        }.items():
            v = getattr(self, key)
            if v is None:
                v = _AID_DEFAULTS[key][k]
            s(self, key, check_param(v, f"{n}.{key}", lo, hi, lo_open=lo_open))
        s(self, "cost_target", check_param(self.cost_target, f"{n}.cost_target", 0.0))
        s(self, "cost_coercer", check_param(self.cost_coercer, f"{n}.cost_coercer", 0.0))
        h = _AID_DEFAULTS["escalation_risk"][k] if self.escalation_risk is None else self.escalation_risk
        s(self, "escalation_risk", check_param(h, f"{n}.escalation_risk", 0.0, 1.0, hi_open=True))
        s(self, "elapsed", _check_elapsed(self.elapsed, f"{n}.elapsed"))

    def unit_present_value(self, delta: Any, horizon: Any = None) -> np.ndarray:
        """``volume * sum_{t=1..H} delta**t (1 - (1 - ramp)**(elapsed + t))``; ``P = cost_target`` times this."""
        return bite_present_value(
            self.volume, delta, horizon, ramp=self.ramp, adaptation=0.0, elapsed=self.elapsed
        )

    @property
    def effective_reversibility(self) -> np.ndarray:
        return self.reversibility

    @property
    def threat_boost(self) -> np.ndarray:
        return self.commitment

    @property
    def assurance_penalty(self) -> np.ndarray:
        return self.assurance_loss

    @property
    def rollback_cost(self) -> np.ndarray:
        return self.rollback

    # MilitaryAid.escalation_risk is a field, so the base-class property is shadowed.


@dataclass(frozen=True)
class Incentive:
    """A side payment / inducement paid on compliance (Sechser 2010, stylised).

    ``amount`` (>= 0, stake units, once) offsets the target's reputation cost of
    complying: the target accepts demand ``x`` iff
    ``x + reputation_cost - amount <= (value of resisting)``, i.e. it enters the
    margin as ``-amount`` in the compliance cost.  The coercer pays ``amount``
    whenever the target complies.
    """

    amount: Any
    label: str = "side payment"

    kind: ClassVar[str] = "incentive"

    def __post_init__(self) -> None:
        _check_name(self.label, "Incentive.label")
        object.__setattr__(self, "amount", check_param(self.amount, f"Incentive({self.label!r}).amount", 0.0))

    def to_dict(self) -> dict[str, Any]:
        a = self.amount
        return {"kind": self.kind, "amount": a.tolist() if isinstance(a, np.ndarray) else a, "label": self.label}


@dataclass(frozen=True)
class Demand:
    """The concession asked.

    * ``concession`` in [0, 1]: share of the disputed stake (``x``).
    * ``public`` (bool): a public demand ties the coercer's hands (backing
      down after it costs the coercer its audience cost, Fearon 1994) but
      adds the target's face cost of giving in publicly (Kurizaki 2007).
    * ``deadline``: whole periods ``T >= 0`` or ``None``.  With a deadline the
      punishment for defiance starts at ``T`` and the threat is discounted by
      ``phi = delta**T`` (MODELS.md "deadline and decay").
    * ``open_hazard`` in (0, 1]: without a deadline, the per-period probability
      that punishment for defiance actually starts (the target can procrastinate,
      Schelling 1966), so ``phi = h / (1 - delta (1 - h))``; the default 1 means
      "from the next period" and gives the canonical game (``phi = 1``).
    """

    concession: Any
    public: bool = True
    deadline: Any = None
    open_hazard: Any = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "concession", check_param(self.concession, "Demand.concession", 0.0, 1.0))
        object.__setattr__(self, "public", _check_bool(self.public, "Demand.public"))
        if self.deadline is not None:
            object.__setattr__(self, "deadline", _check_elapsed(self.deadline, "Demand.deadline"))
        object.__setattr__(
            self, "open_hazard", check_param(self.open_hazard, "Demand.open_hazard", 0.0, 1.0, lo_open=True)
        )

    def threat_factor(self, delta: Any) -> np.ndarray:
        """``phi = delta**T`` with a deadline, ``h / (1 - delta (1 - h))`` without (1 if ``h = 1``)."""
        d = np.asarray(delta, dtype=float)
        if self.deadline is None:
            h = self.open_hazard
            return h / (1.0 - d * (1.0 - h))
        return d**self.deadline


@dataclass(frozen=True)
class Assurance:
    """The promise to lift on compliance.

    * ``public`` (bool): reneging on a public assurance costs the coercer its
      audience cost (endogenous credibility), Fearon 1994.
    * ``credibility`` in [0, 1] or ``None``: given directly (a chance move in
      the game), or ``None`` to derive it from the coercer's own incentives
      (the coercer decides whether to lift; see ``Campaign``).
    """

    public: bool = True
    credibility: Any = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "public", _check_bool(self.public, "Assurance.public"))
        if self.credibility is not None:
            object.__setattr__(
                self, "credibility", check_param(self.credibility, "Assurance.credibility", 0.0, 1.0)
            )


_KINDS = {"sanctions": Sanctions, "military_aid": MilitaryAid, "aid": MilitaryAid, "incentive": Incentive}


def instrument_from_dict(data: Any, where: str = "instrument") -> Sanctions | MilitaryAid | Incentive:
    """Build an instrument from plain data (e.g. a TOML table): ``{"kind": "sanctions", ...}``.

    ``kind`` is one of ``sanctions``, ``military_aid`` (or ``aid``), ``incentive``;
    the other keys are the dataclass fields.  Unknown keys raise ``ParameterError``
    naming ``where.key``.
    """
    if isinstance(data, (Sanctions, MilitaryAid, Incentive)):
        return data
    if not isinstance(data, dict):
        raise ParameterError(f"must be an instrument or a table with a 'kind', got {type(data).__name__}", where)
    d = dict(data)
    kind = d.pop("kind", None)
    if kind not in _KINDS:
        raise ParameterError(f"kind must be one of {sorted(_KINDS)}, got {kind!r}", f"{where}.kind")
    cls = _KINDS[kind]
    names = {f.name for f in fields(cls)}
    for key in d:
        if key not in names:
            raise ParameterError(f"unknown field for {kind}; fields are {sorted(names)}", f"{where}.{key}")
    try:
        return cls(**d)
    except TypeError as exc:
        raise ParameterError(str(exc), where) from None
