"""The :class:`Campaign` facade: validated inputs in, derived quantities and the off-ramp out.

A campaign aggregates its instruments into the quantities of the canonical
compellence game (``docs/coercion.md``) and offers two routes to one answer:

* :meth:`Campaign.offramp` -- the closed form, batched over every input;
* :meth:`Campaign.game` -- the sequential game (:mod:`.tree`), solved by
  :func:`compellence.spe`.

The facade holds no formula of its own: every quantity is one call to a pure
array function of :mod:`.quantities`, :mod:`.credibility` or
:mod:`.backsliding` (as nashpy's ``Game`` delegates to its algorithms), cached
per campaign and kept at its natural broadcast shape (a quantity that depends
only on scalars stays a scalar), so that a large grid pays full-size
arithmetic only where its axes meet.

The target complies iff (``docs/coercion.md`` derives it branch by branch)

    M = (pi_T phi + pi_A - 1) (r P + Z_T) - x - cc + L + prem  >=  0

with ``pi_T``, ``pi_A`` the effective credibilities (:mod:`.credibility`), ``r P``
the reversible part of the punishment, ``Z_T`` the escalation cost, ``cc`` the
compliance cost, ``L = fighting_cost * D`` the resistance cost and ``prem``
the backsliding premium (0 unless ``backsliding=True``, :mod:`.backsliding`).
The irreversible part ``(1 - r) P`` is charged on every branch and cancels.
Without extras (``phi = 1``, ``Z_T = cc = L = 0``) this is the canonical
``(pi_T + pi_A - 1) r s D - x`` of :func:`compellence.coercion.offramp.offramp_margin`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from ...errors import ParameterError
from ...games.nodes import Node
from ...games.tree import Game
from ...validation import check_bool, check_real
from ..critical_inputs import CriticalInput, canonical_key, critical
from ..instruments import (
    Assurance,
    Demand,
    Incentive,
    Instrument,
    MilitaryAid,
    Sanctions,
    instrument_from_dict,
)
from ..offramp import check_horizon, escalation_weight, future_weight
from ..uncertainty import split_distributions
from . import backsliding as bk
from . import credibility as cr
from . import quantities as qt
from .credibility import TIE_TOL
from .inputs import campaign_inputs, campaign_with_inputs
from .parties import Coercer, Power, Target
from .parties import as_part as _as
from .result import Driver, OffRamp

if TYPE_CHECKING:
    from ..coalitions import Coalition

__all__ = ["Campaign", "TIE_TOL"]

TYPES = ("compellent", "punitive")


@dataclass(frozen=True, eq=False, repr=False)
class Campaign:
    """A coercive campaign and its sequential compellence game.

    All arguments map from plain data (TOML).  Numbers may be numpy arrays:
    everything broadcasts to :attr:`batch_shape`.  The user's inputs stay what
    they set (:meth:`inputs`); the effective quantities of the model are
    *derived* (``effective_threat_credibility``,
    ``effective_assurance_credibility``, ``effective_reversibility``, ...).

    Parameters
    ----------
    coercer : Coercer or str or mapping, optional
        A :class:`Coercer`, a name, or a table of its fields.  Default
        ``"Coercer"``.
    target : Target or str or mapping, optional
        A :class:`Target`, a name, or a table (``face_cost``,
        ``reputation_cost``, ``catastrophe_cost``, ``fighting_cost``).  Default
        ``"Target"``.
    instruments : sequence, optional
        :class:`Sanctions`, :class:`MilitaryAid`, :class:`Incentive` or tables
        ``{"kind": "sanctions", "cost_target": 0.1, ...}`` (``cost_target``: the
        target's cost per period, a share of its GDP or another stake unit).
    demand : Demand or mapping or float, optional
        A :class:`Demand`, a table or a number (the concession, share of the
        stake); default 0.5.
    assurance : Assurance or mapping or float or None, optional
        An :class:`Assurance`, a table, a number (its credibility, a
        probability) or ``None`` (credibility derived from the coercer's
        incentives).
    discount : array_like, optional
        ``delta``, per-period discount factor in (0, 1) ((0, 1] with a finite
        horizon); default 0.9.
    horizon : int or None, optional
        ``None`` (infinite) or periods >= 1.
    backsliding : bool, optional
        ``False`` (default): a lifted concession stands; ``True``: the opt-in
        re-imposition stage (:mod:`.backsliding`).
    title : str, optional
        A title for the game.
    coalition : Coalition or None, optional
        A :class:`~compellence.coercion.coalitions.Coalition` or ``None``: the
        coalition's lifting rule multiplies the assurance (and, where it offers
        ``sustain_probability()``, the threat); :mod:`.credibility`.
    power : Power or mapping or None, optional
        A :class:`Power` (or a table of its fields) or ``None``: the threat and
        assurance credibilities come from the coercer's power now and expected
        (Kydd & McManus 2017) instead of being given.

    Raises
    ------
    ParameterError
        A value out of range, an unknown field or instrument kind, arrays that
        do not broadcast, or both a power and given credibilities (named).

    Examples
    --------
    >>> from compellence.coercion import Campaign
    >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5, discount=0.9)
    >>> round(float(c.offramp().margin), 12)   # (0.9 + 0.5 - 1) * 0.6 * 0.1 * 9 - 0.3
    -0.084
    >>> import compellence as cp
    >>> cp.spe(c.game()).path()
    ('resist', 'punish')
    """

    coercer: Coercer | str | Mapping[str, Any] = "Coercer"
    target: Target | str | Mapping[str, Any] = "Target"
    instruments: Sequence[Instrument | Mapping[str, Any]] = ()
    demand: Demand | Mapping[str, Any] | ArrayLike = 0.5
    assurance: Assurance | Mapping[str, Any] | ArrayLike | None = None
    discount: ArrayLike = 0.9
    horizon: ArrayLike | None = None
    backsliding: bool = False
    title: str = field(default="", compare=False)
    coalition: Coalition | None = None
    power: Power | Mapping[str, Any] | None = None
    #: ``{key path: distribution}`` of the inputs given as distributions (placeholders: their medians).
    distributions: Any = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        s = object.__setattr__
        raw, dists = split_distributions({f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.init})
        for k, v in (raw.items() if dists else ()):
            s(self, k, v)
        s(self, "distributions", dists)
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
        s(self, "discount", check_real(self.discount, "discount", 0.0, 1.0, lo_open=True, hi_open=h is None))
        s(self, "backsliding", check_bool(self.backsliding, "backsliding"))
        if not isinstance(self.title, str):
            raise ParameterError(f"must be a string, got {self.title!r}", "title")
        if self.power is not None:
            pw = _as(Power, self.power, "power")
            for given, key in ((self.assurance.credibility, "assurance.credibility"),
                               (self.coercer.threat_credibility, "coercer.threat_credibility")):
                if given is not None:
                    raise ParameterError("power derives this credibility; give one or the other", key)
            s(self, "power", pw)
        if self.coalition is not None and not callable(getattr(self.coalition, "lift_probability", None)):
            raise ParameterError(f"must be a Coalition or None, got {type(self.coalition).__name__}", "coalition")
        _ = self.batch_shape  # validate broadcasting now
        self._check_magnitudes()

    def _check_magnitudes(self) -> None:
        """Refuse inputs whose present values overflow double precision (named by key), so no
        inf or NaN reaches the margin: a cost per period times the future weight ``D``."""
        D = np.asarray(self.future_weight, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            checks = [(f"instruments[{k}].cost_target", np.asarray(i.cost_target) * D)
                      for k, i in enumerate(self.instruments) if hasattr(i, "cost_target")]
            checks += [(f"instruments[{k}].cost_coercer", np.asarray(i.cost_coercer) * D)
                       for k, i in enumerate(self.instruments) if hasattr(i, "cost_coercer")]
            checks.append(("target.fighting_cost", np.asarray(self.target.fighting_cost) * D))
        for key, pv in checks:
            if not np.all(np.isfinite(pv)):
                raise ParameterError(
                    f"its present value (per period x future weight D = {float(np.max(D)):.4g}) "
                    "overflows double precision: use stake units (the stake is worth 1)", key)

    # ----------------------------------------------------------------- inputs
    def replace(self, **changes: Any) -> Campaign:
        """A copy with some fields changed (``dataclasses.replace``).

        Parameters
        ----------
        **changes
            Fields of :class:`Campaign` and their new values (in the forms the
            constructor takes).

        Returns
        -------
        Campaign
            The new, validated campaign.

        Raises
        ------
        ParameterError
            A bad new value (named).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> round(float(c.replace(demand=0.1).offramp().margin), 12)
        0.116
        """
        return dataclasses.replace(self, **changes)

    def inputs(self) -> dict[str, Any]:
        """Flat ``{key path: value}`` of every numeric user input that is set.

        Key paths as in scenario files (``assurance.credibility``,
        ``coercer.threat_credibility``, ``instruments[0].reversibility``,
        ``demand.concession``, ``discount``, ``target.face_cost``,
        ``coalition.members[1].min_concession``, ``power.now``, ...); see
        :mod:`compellence.coercion.campaign.inputs`.

        Returns
        -------
        dict of str to Any
            Key path -> value (a number or array), in the user's units.

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> inputs = c.inputs()
        >>> list(inputs)[:4], float(inputs["instruments[0].reversibility"])
        (['discount', 'coercer.threat_credibility', 'coercer.benefit', 'coercer.audience_cost'], 0.6)
        """
        return campaign_inputs(self)

    def with_inputs(self, mapping: Mapping[str, Any]) -> Campaign:
        """A new validated campaign with the inputs in ``mapping`` (``{key path: value}``) replaced.

        Parameters
        ----------
        mapping : mapping of str to Any
            Key path (as :meth:`inputs` lists them) -> new value; values may be
            arrays (they broadcast with the rest).

        Returns
        -------
        Campaign
            The new campaign.

        Raises
        ------
        ParameterError
            An unknown key or a bad value (naming the key).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> c2 = c.with_inputs({"assurance.credibility": [0.5, 0.9]})
        >>> c2.batch_shape, c2.offramp().viable.tolist()
        ((2,), [False, True])
        """
        new = campaign_with_inputs(self, mapping)
        given = {canonical_key(k) for k in mapping}
        object.__setattr__(new, "distributions", {k: v for k, v in self.distributions.items() if k not in given})
        return new

    def critical(self, key: str, lo: float | None = None, hi: float | None = None,
                 **kw: Any) -> CriticalInput:
        """The value of the input ``key`` at which viability flips (:func:`~compellence.coercion.critical_inputs.critical`).

        Parameters
        ----------
        key : str
            An input's key path (as :meth:`inputs` lists them).
        lo, hi : float or None, optional
            The range searched, in the input's unit; ``None``: the input's natural
            range.
        **kw
            Further options of :func:`~compellence.coercion.critical_inputs.critical`.

        Returns
        -------
        CriticalInput
            The critical value and where the off-ramp is viable.

        Raises
        ------
        ParameterError
            An unknown key or a bad range.

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> c.critical("assurance.credibility")
        Critical(assurance.credibility: 0.655556 (viable above))
        """
        return critical(self, key, lo, hi, **kw)

    @cached_property
    def batch_shape(self) -> tuple[int, ...]:
        """The common broadcast shape of every numeric input (and the coalition's batch)."""
        shape: tuple[int, ...] = ()
        items = [(k, np.shape(v)) for k, v in campaign_inputs(self).items() if np.ndim(v)]
        if self.coalition is not None:
            items.append(("coalition", tuple(self.coalition.batch_shape)))
        for key, sh in items:
            try:
                shape = np.broadcast_shapes(shape, sh)
            except ValueError:
                raise ParameterError(
                    f"shape {sh} does not broadcast with the batch shape {shape} of the other parameters", key
                ) from None
        return shape

    @property
    def punishing(self) -> tuple[Sanctions | MilitaryAid, ...]:
        """The instruments that punish the target (sanctions and military aid), in order."""
        return tuple(i for i in self.instruments if isinstance(i, (Sanctions, MilitaryAid)))

    @property
    def incentives(self) -> tuple[Incentive, ...]:
        """The :class:`Incentive` instruments (rewards for compliance), in order."""
        return tuple(i for i in self.instruments if isinstance(i, Incentive))

    def _b(self, v: Any) -> np.ndarray:
        """``v`` broadcast to the batch shape (a read-only view, no copy)."""
        return np.broadcast_to(np.asarray(v, dtype=float), self.batch_shape)

    @property
    def endogenous_threat(self) -> bool:
        """The threat credibility is derived from the coercer's types (neither given nor from power)."""
        return self.coercer.threat_credibility is None and self.power is None

    @property
    def endogenous_assurance(self) -> bool:
        """The assurance credibility is derived from the coercer's types (neither given nor from power)."""
        return self.assurance.credibility is None and self.power is None

    # ----------------------------------------------------------------- model quantities (natural shapes)
    @cached_property
    def future_weight(self) -> np.ndarray:
        """``D``: ``delta / (1 - delta)`` or the finite-horizon sum."""
        return future_weight(self.discount, self.horizon)

    @cached_property
    def threat_factor(self) -> np.ndarray:
        """``phi``: ``delta**T`` for a deadline ``T``, ``h / (1 - delta (1 - h))`` for an open hazard (1 by default)."""
        return np.asarray(self.demand.threat_factor(self.discount), dtype=float)

    @cached_property
    def instrument_pv(self) -> tuple[np.ndarray, ...]:
        """``P_i``: present value of each punishing instrument's future cost to the target."""
        return tuple(np.asarray(i.present_value(self.discount, self.horizon)) for i in self.punishing)

    @cached_property
    def instrument_reversibility(self) -> tuple[np.ndarray, ...]:
        """``r_i``: each punishing instrument's effective reversibility."""
        return tuple(np.asarray(i.effective_reversibility) for i in self.punishing)

    @cached_property
    def punishment_pv(self) -> np.ndarray:
        """``P = s D = sum_i P_i``."""
        return np.asarray(qt.total(self.instrument_pv), dtype=float)

    @cached_property
    def reversible_pv(self) -> np.ndarray:
        """``r P = sum_i r_i P_i``: the part of the punishment that lifting (or backing down) stops."""
        return np.asarray(qt.total([p * r for p, r in zip(self.instrument_pv, self.instrument_reversibility)]),
                          dtype=float)

    @cached_property
    def irreversible_pv(self) -> np.ndarray:
        """``(1 - r) P = P - r P``: persists on every branch."""
        return np.maximum(self.punishment_pv - self.reversible_pv, 0.0)

    @cached_property
    def punishment_per_period(self) -> np.ndarray:
        """``s = P / D``: the effective per-period punishment."""
        return self.punishment_pv / self.future_weight

    @cached_property
    def effective_reversibility(self) -> np.ndarray:
        """``r = r P / P`` (derived; :func:`.quantities.mean_reversibility`)."""
        return qt.mean_reversibility(self.punishment_pv, self.reversible_pv, list(self.instrument_reversibility))

    @cached_property
    def coercer_reversible_cost(self) -> np.ndarray:
        """``C_rev = sum_i r_i c_i D``: the coercer's cost of sustaining the reversible punishment."""
        D = self.future_weight
        return np.asarray(qt.total([i.cost_coercer * r * D for i, r in zip(self.punishing, self.instrument_reversibility)]),
                          dtype=float)

    @cached_property
    def coercer_sunk_cost(self) -> np.ndarray:
        """``C_irr = sum_i (1 - r_i) c_i D``: the coercer's cost that goes with the irreversible damage (every branch)."""
        D = self.future_weight
        return np.asarray(qt.total([i.cost_coercer * (1.0 - r) * D
                                    for i, r in zip(self.punishing, self.instrument_reversibility)]), dtype=float)

    @cached_property
    def rollback_cost(self) -> np.ndarray:
        """``R = sum_i rollback_i``: the coercer's domestic cost of rolling the instruments back (overt aid)."""
        return np.asarray(qt.total([i.rollback_cost for i in self.punishing]), dtype=float)

    @cached_property
    def side_payment(self) -> np.ndarray:
        """``b = sum of the incentives' amounts``, paid on compliance."""
        return np.asarray(qt.total([i.amount for i in self.incentives]), dtype=float)

    @cached_property
    def face_cost(self) -> np.ndarray:
        """The target's face cost: ``target.face_cost`` for a public demand, else 0."""
        return np.asarray(self.target.face_cost if self.demand.public else 0.0, dtype=float)

    @cached_property
    def compliance_cost(self) -> np.ndarray:
        """``cc = face cost + reputation cost - side payments`` (beyond the concession itself)."""
        return self.face_cost + self.target.reputation_cost - self.side_payment

    @cached_property
    def resistance_cost(self) -> np.ndarray:
        """``L = fighting_cost * D``: what fighting on costs the target on both resist branches."""
        return self.target.fighting_cost * self.future_weight

    @cached_property
    def concession(self) -> np.ndarray:
        """``x``: the demanded concession (the user's input)."""
        return np.asarray(self.demand.concession, dtype=float)

    @property
    def audience_threat(self) -> np.ndarray:
        """``a_T``: the coercer's cost of backing down (audience cost if the demand is public)."""
        return np.asarray(self.coercer.audience_cost if self.demand.public else 0.0, dtype=float)

    @property
    def audience_assurance(self) -> np.ndarray:
        """``a_A``: the coercer's cost of reneging (audience cost if the assurance is public)."""
        return np.asarray(self.coercer.audience_cost if self.assurance.public else 0.0, dtype=float)

    def weakening(self, typ: str) -> np.ndarray:
        """``w_theta``: the type's value per unit of damage to the rival.

        Parameters
        ----------
        typ : {"compellent", "punitive"}
            The coercer's type (a compellent type values the concession; a
            punitive type values hurting the rival for its own sake).

        Returns
        -------
        numpy.ndarray
            The value per unit of cost inflicted (batch shape).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> float(c.weakening("compellent"))
        0.0
        """
        return self.coercer.weakening_value if typ == "compellent" else self.coercer.punitive_weakening_value

    def prior(self, typ: str) -> np.ndarray:
        """The target's prior on the coercer's type.

        Parameters
        ----------
        typ : {"compellent", "punitive"}
            The coercer's type (a compellent type values the concession; a
            punitive type values hurting the rival for its own sake).

        Returns
        -------
        numpy.ndarray
            The probability (batch shape).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> float(c.prior("compellent")), float(c.prior("punitive"))
        (1.0, 0.0)
        """
        mu = self.coercer.prob_compellent
        return mu if typ == "compellent" else 1.0 - mu

    # ----------------------------------------------------------------- escalation hazard
    @cached_property
    def escalation_hazard(self) -> np.ndarray:
        """Per-period escalation probability ``h = 1 - prod_i (1 - h_i)`` while punishment continues."""
        return qt.combined_hazard([i.escalation_risk for i in self.punishing])

    @cached_property
    def escalation_weight(self) -> np.ndarray:
        """``E = h/(1-h) S(delta (1-h))``: discounted probability of catastrophe while punishment continues."""
        return np.asarray(escalation_weight(self.escalation_hazard, self.discount, self.horizon))

    @cached_property
    def escalation_cost(self) -> np.ndarray:
        """``Z_T = K_T E``: the target's present expected catastrophe cost while punishment continues."""
        return self.target.catastrophe_cost * self.escalation_weight

    @cached_property
    def coercer_escalation_cost(self) -> np.ndarray:
        """``Z_C = K_C E``: the coercer's present expected catastrophe cost while punishment continues."""
        return self.coercer.catastrophe_cost * self.escalation_weight

    # ----------------------------------------------------------------- credibility
    def punish_gain(self, typ: str = "compellent") -> np.ndarray:
        """Type's gain from punishing over backing down (:func:`.credibility.punish_gain`).

        Parameters
        ----------
        typ : {"compellent", "punitive"}
            The coercer's type (a compellent type values the concession; a
            punitive type values hurting the rival for its own sake); default ``"compellent"``.

        Returns
        -------
        numpy.ndarray
            The gain in stake units (batch shape); the type punishes where it is
            positive.

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> float(c.punish_gain())
        0.0
        """
        return cr.punish_gain(self.weakening(typ), self.reversible_pv, self.coercer_reversible_cost,
                              self.coercer_escalation_cost, self.audience_threat, self.rollback_cost,
                              self.threat_factor)

    def _lift_gain_kept(self, typ: str) -> np.ndarray:
        return cr.lift_gain(self.weakening(typ), self.reversible_pv, self.coercer_reversible_cost,
                            self.coercer_escalation_cost, self.audience_assurance, self.rollback_cost)

    def lift_gain(self, typ: str = "compellent") -> np.ndarray:
        """Type's gain from lifting over reneging (:func:`.credibility.lift_gain`).

        With ``backsliding=True``, where the target would backslide, see
        :mod:`.backsliding`.

        Parameters
        ----------
        typ : {"compellent", "punitive"}
            The coercer's type (a compellent type values the concession; a
            punitive type values hurting the rival for its own sake); default ``"compellent"``.

        Returns
        -------
        numpy.ndarray
            The gain in stake units (batch shape); the type lifts where it is
            positive.

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> round(float(c.lift_gain()), 12)
        0.0
        """
        base = self._lift_gain_kept(typ)
        if not self.backsliding:
            return base
        after = bk.after_backslide_value(
            self.weakening(typ), self.reimposed_pv, self.coercer_reversible_cost, self.coercer_escalation_cost,
            self.audience_threat, None if self.endogenous_threat else self.effective_threat_credibility)
        return np.where(self.backslides(typ), base - self.coercer.benefit * self.concession + after, base)

    @cached_property
    def given_threat_credibility(self) -> np.ndarray | None:
        """``pi_T0``: ``coercer.threat_credibility``, or from ``power``; ``None`` when derived."""
        if self.power is not None:
            return self.power.threat_credibility()
        return self.coercer.threat_credibility

    @cached_property
    def given_assurance_credibility(self) -> np.ndarray | None:
        """``pi_A0``: ``assurance.credibility``, or from ``power``; ``None`` when derived."""
        if self.power is not None:
            return self.power.assurance_credibility()
        return self.assurance.credibility

    @cached_property
    def coalition_assurance_factor(self) -> np.ndarray | None:
        """The coalition's factor on the assurance at the demand (``None`` without a coalition)."""
        if self.coalition is None:
            return None
        return cr.coalition_assurance_factor(self.coalition, self.concession)

    @cached_property
    def coalition_threat_factor(self) -> np.ndarray | None:
        """The coalition's factor on the threat (``None`` unless it offers ``sustain_probability()``)."""
        if self.coalition is None:
            return None
        return cr.coalition_threat_factor(self.coalition)

    def _types_choose(self, gain: Any) -> np.ndarray:
        return cr.type_weight(self.coercer.prob_compellent, gain("compellent") >= -TIE_TOL,
                              gain("punitive") >= -TIE_TOL)

    @cached_property
    def effective_threat_credibility(self) -> np.ndarray:
        """``pi_T`` (derived): given or from power, with the instruments' boosts, or the prior weight of
        the punishing types; times the coalition's sustain probability where it has one."""
        if self.endogenous_threat:
            p = self._types_choose(self.punish_gain)
        else:
            p = cr.given_threat(self.given_threat_credibility, [i.threat_boost for i in self.punishing])
        q = self.coalition_threat_factor
        return np.asarray(p if q is None else p * q, dtype=float)

    @cached_property
    def nominal_assurance(self) -> np.ndarray:
        """``pi_A`` before the backsliding reduction (equal to it without backsliding or when derived)."""
        if self.endogenous_assurance:
            p = self._types_choose(self.lift_gain)
        else:
            p = cr.given_assurance(self.given_assurance_credibility, [i.assurance_penalty for i in self.punishing])
        q = self.coalition_assurance_factor
        return np.asarray(p if q is None else p * q, dtype=float)

    @cached_property
    def effective_assurance_credibility(self) -> np.ndarray:
        """``pi_A`` (derived): given or from power, less the instruments' penalties, or the prior weight
        of the lifting types; times the coalition's factor; with ``backsliding=True`` and a given
        assurance, 0 where the target would backslide (:mod:`.backsliding`)."""
        p = self.nominal_assurance
        if self.backsliding and not self.endogenous_assurance:
            return np.where(self.backslides(None), 0.0, p)
        return p

    # ----------------------------------------------------------------- re-imposition
    @cached_property
    def reimposed_pv(self) -> np.ndarray:
        """``Q = sum_i e_i r_i P_i``: the bite the coercer can put back after lifting."""
        return np.asarray(qt.total([p * r * i.reimposition for p, r, i in
                                    zip(self.instrument_pv, self.instrument_reversibility, self.punishing)]),
                          dtype=float)

    @cached_property
    def reimposition(self) -> np.ndarray:
        """Effective re-imposition effectiveness ``e = Q / (r P)`` (1 where nothing is lifted)."""
        rP = self.reversible_pv
        return np.where(rP > 0, self.reimposed_pv / np.where(rP > 0, rP, 1.0), 1.0)

    def reimpose_gain(self, typ: str = "compellent") -> np.ndarray:
        """Type's gain from re-imposing after backsliding over tolerating it (:func:`.backsliding.reimpose_gain`).

        Parameters
        ----------
        typ : {"compellent", "punitive"}
            The coercer's type (a compellent type values the concession; a
            punitive type values hurting the rival for its own sake); default ``"compellent"``.

        Returns
        -------
        numpy.ndarray
            The gain in stake units (batch shape).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> round(float(c.replace(backsliding=True).reimpose_gain()), 12)
        0.0
        """
        return bk.reimpose_gain(self.weakening(typ), self.reimposed_pv, self.coercer_reversible_cost,
                                self.coercer_escalation_cost, self.audience_threat)

    def _reimposes(self, typ: str) -> np.ndarray:
        if not self.endogenous_threat:
            return self.effective_threat_credibility
        return (self.reimpose_gain(typ) >= -TIE_TOL).astype(float)

    @cached_property
    def reimposition_credibility(self) -> np.ndarray:
        """``rho``: probability of re-imposition after backsliding (``pi_T``, or the prior weight of re-imposing types)."""
        if not self.endogenous_threat:
            return self.effective_threat_credibility
        return self._types_choose(lambda t: self.reimpose_gain(t))

    def backslides(self, typ: str | None = None) -> np.ndarray:
        """The target backslides after lifting: ``x > rho (Q + Z_T)``; ``typ=None``: prior-weighted ``rho``.

        Parameters
        ----------
        typ : {"compellent", "punitive"} or None, optional
            The coercer's type whose re-imposition the target expects; ``None``
            (default) weights the types by the prior.

        Returns
        -------
        numpy.ndarray
            Boolean mask (batch shape).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> bool(c.replace(backsliding=True).backslides())
        False
        """
        rho = self.reimposition_credibility if typ is None else self._reimposes(typ)
        return bk.backslides(self.concession, rho, self.reimposed_pv, self.escalation_cost)

    @cached_property
    def deal_holds(self) -> np.ndarray:
        """After lifting, the target keeps the concession (a diagnostic without backsliding).

        Given assurance: ``x <= rho (Q + Z_T)``; derived: for every type with positive prior.
        """
        if not self.endogenous_assurance:
            return ~self.backslides(None)
        bad = np.zeros((), bool)
        for typ in TYPES:
            bad = bad | ((self.prior(typ) > 0) & self.backslides(typ))
        return ~bad

    @cached_property
    def backslide_premium(self) -> np.ndarray:
        """``prem = q_A sum_theta prior 1[lifts and backslides] (x - rho_theta (Q + Z_T))``.

        0 without backsliding and with a given assurance (the coercer does not lift into a backslide).
        """
        if not (self.backsliding and self.endogenous_assurance):
            return np.asarray(0.0)
        out: Any = 0.0
        for typ in TYPES:
            gap = self.concession - self._reimposes(typ) * (self.reimposed_pv + self.escalation_cost)
            lifts = self.lift_gain(typ) >= -TIE_TOL
            out = out + self.prior(typ) * np.where(lifts & self.backslides(typ), gap, 0.0)
        q = self.coalition_assurance_factor
        return np.asarray(out if q is None else out * q, dtype=float)

    # ----------------------------------------------------------------- closed form
    def margin(self) -> np.ndarray:
        """``M = (pi_T phi + pi_A - 1)(r P + Z_T) - x - cc + L + prem`` (batch shape; :func:`.quantities.margin`).

        Returns
        -------
        numpy.ndarray
            The off-ramp margin in stake units; viable where ``>= 0``.

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> round(float(c.margin()), 12)
        -0.084
        """
        m = qt.margin(self.effective_threat_credibility, self.effective_assurance_credibility, self.threat_factor,
                      self.reversible_pv, self.escalation_cost, self.concession, self.compliance_cost,
                      self.resistance_cost, self.backslide_premium)
        return np.broadcast_to(m, self.batch_shape)

    @property
    def demand_dependent(self) -> bool:
        """Whether the credibilities depend on the demand (coalition rule, backsliding): the largest
        workable demand is then found by scanning ``x`` in [0, 1] on the full model."""
        return self.coalition is not None or self.backsliding

    def offramp(self, tol: float = TIE_TOL) -> OffRamp:
        """The off-ramp (:class:`OffRamp`): margin, viability, largest workable demand, critical values, drivers.

        Only the margin is computed here; every other field is computed when first read.

        Parameters
        ----------
        tol : float, optional
            Tolerance in stake units for viability (``M >= -tol``); default 1e-9.

        Returns
        -------
        OffRamp
            The off-ramp (lazy fields).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> off = c.offramp()
        >>> bool(off.viable), round(float(off.largest_demand), 12)
        (False, 0.216)
        """
        tol = float(check_real(tol, "tol", 0.0))
        return OffRamp(self, tol)

    def drivers(self) -> tuple[Driver, ...]:
        """Per-instrument :class:`Driver` records (which instrument drives each number).

        Returns
        -------
        tuple of Driver
            One per punishing instrument.

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> [(d.label, round(float(d.contribution), 12)) for d in c.drivers()]
        [('sanctions', 0.216)]
        """
        from .result import campaign_drivers

        return campaign_drivers(self)

    def equilibrium_path(self, viable: np.ndarray | None = None) -> np.ndarray:
        """The equilibrium path in closed form, as ``"comply -> compellent -> lift"`` strings (batch shape).

        Same conventions as :meth:`compellence.Solution.path`: at a chance move
        the most probable branch (the first on ties), at a decision the
        equilibrium action (the first on ties within :data:`TIE_TOL`).

        Parameters
        ----------
        viable : numpy.ndarray or None, optional
            The target's choice (True: comply) if already known; ``None``
            (default) computes it.

        Returns
        -------
        numpy.ndarray
            Strings (batch shape).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> str(c.equilibrium_path())
        'resist -> punish'
        """
        from .tree import closed_form_path

        if viable is None:
            viable = self.margin() >= -TIE_TOL
        return closed_form_path(self, viable)

    # ----------------------------------------------------------------- game tree
    def tree(self) -> Node:
        """The root node spec of :meth:`game` (to embed the campaign in a larger tree).

        Returns
        -------
        Node
            The root of the compellence tree.

        Raises
        ------
        ParameterError
            A batched campaign (index it first).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> type(c.tree()).__name__
        'DecisionNode'
        """
        from .tree import campaign_tree

        return campaign_tree(self)

    def game(self) -> Game:
        """The sequential compellence game (:mod:`.tree`) as a batched :class:`Game`.

        Returns
        -------
        Game
            The game (payoffs batched like the campaign).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> g = c.game()
        >>> g.players, g.n_nodes
        (('West', 'Russia'), 7)
        """
        return Game([self.coercer.name, self.target.name], self.tree(), title=self.title or "Compellence campaign")

    # ----------------------------------------------------------------- display
    def __repr__(self) -> str:
        insts = ", ".join(i.label for i in self.instruments) or "none"
        cred = "given" if not (self.endogenous_threat or self.endogenous_assurance) else (
            "derived" if self.endogenous_threat and self.endogenous_assurance else "mixed"
        )
        extra = "".join(f"{k}, " for k, on in (("backsliding", self.backsliding),
                                                 ("coalition", self.coalition is not None),
                                                 ("power", self.power is not None)) if on)
        return (
            f"Campaign({self.coercer.name!r} -> {self.target.name!r}, instruments=[{insts}], "
            f"demand={'public' if self.demand.public else 'private'}, credibility={cred}, "
            f"{extra}batch_shape={self.batch_shape})"
        )
