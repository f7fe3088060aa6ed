"""Coercive instruments: sanctions, military aid, demands, assurances, side payments.

Each instrument is a frozen, validated dataclass.  Numbers may be scalars or
numpy arrays (batch-first: a campaign broadcasts them together); flags
(``public``, ``overt``) are plain booleans.  Units: costs are in *stake units
per period* (the disputed stake is worth 1 to the target), so a per-period
cost of 0.1 summed over a future weight ``D = delta / (1 - delta) = 9`` is worth
0.9 of the stake.

A campaign (:class:`~compellence.coercion.campaign.Campaign`) aggregates the
punishing instruments into the quantities of the off-ramp margin (``docs/coercion.md``):

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
adaptation erodes them"):
``b(t) = (1 - (1 - ramp)**t) * (1 - adaptation)**t`` so that
``P = c [a**e S(delta a) - (g a)**e S(delta g a)]`` with ``a = 1 - adaptation``,
``g = 1 - ramp`` and ``S(q) = sum_{t=1..H} q**t`` (closed form, batched).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from ..errors import ParameterError
from ..validation import check_bool, check_name, check_real
from ._richer import readable_repr
from .offramp import discounted_sum

if TYPE_CHECKING:  # pandas loads on first use (start-up time: docs/performance.md)
    import pandas as pd

    from .campaign import Campaign

__all__ = [
    "Instrument",
    "Sanctions",
    "MilitaryAid",
    "AidMechanism",
    "AID_MECHANISMS",
    "aid_mechanism_values",
    "AidDecomposition",
    "overt_aid_decomposition",
    "Incentive",
    "Demand",
    "Assurance",
    "bite_present_value",
    "instrument_from_dict",
]


def bite_present_value(
    cost: ArrayLike,
    delta: ArrayLike,
    horizon: ArrayLike | None = None,
    *,
    ramp: ArrayLike = 1.0,
    adaptation: ArrayLike = 0.0,
    elapsed: ArrayLike = 0,
) -> np.ndarray:
    """Present value of a punishment stream ``c * sum_{t=1..H} delta**t b(e + t)`` (batched).

    ``b(t) = (1 - (1 - ramp)**t) (1 - adaptation)**t``; closed form
    ``c [a**e S(delta a) - (g a)**e S(delta g a)]`` (module docstring).  With
    ``ramp = 1`` and ``adaptation = 0`` this is ``c D``.

    Parameters
    ----------
    cost : array_like
        ``c``, full-bite cost per period (stake units per period).
    delta : array_like
        Per-period discount factor, in (0, 1) ((0, 1] with a finite horizon).
    horizon : array_like or None, optional
        Periods (integer >= 1); ``None`` for an infinite horizon.
    ramp : array_like, optional
        Share of the remaining gap to full bite closed each period, in (0, 1].
    adaptation : array_like, optional
        Per-period erosion of the bite, in [0, 1).
    elapsed : array_like, optional
        ``e``, periods already elapsed (integer >= 0).

    Returns
    -------
    numpy.ndarray
        The present value (stake units), the broadcast shape.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import bite_present_value
    >>> round(float(bite_present_value(0.1, 0.9)), 12)
    0.9
    >>> bite_present_value(0.1, 0.9, ramp=[1.0, 0.5], adaptation=0.1).round(6).tolist()
    [0.426316, 0.358249]
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

    Examples
    --------
    >>> from compellence.coercion import Sanctions
    >>> s = Sanctions(cost_target=0.1, reversibility=0.6, private_share=0.5)
    >>> from compellence.coercion import Instrument
    >>> isinstance(s, Instrument), float(s.effective_reversibility)
    (True, 0.3)
    """

    kind: ClassVar[str] = "instrument"
    label: str

    def present_value(self, delta: ArrayLike, horizon: ArrayLike | None = None) -> np.ndarray:
        """Present value of the future cost to the target: ``cost_target * unit_present_value``.

        Parameters
        ----------
        delta : array_like
            Per-period discount factor, in (0, 1) ((0, 1] with a finite horizon).
        horizon : array_like or None, optional
            Periods (integer >= 1); ``None`` (default) for an infinite horizon.

        Returns
        -------
        numpy.ndarray
            ``P`` in stake units (present value), the broadcast shape.

        Raises
        ------
        ParameterError
            ``delta`` or ``horizon`` out of range.

        Examples
        --------
        >>> from compellence.coercion import Sanctions
        >>> s = Sanctions(cost_target=0.1, reversibility=0.6, private_share=0.5)
        >>> round(float(s.present_value(0.9)), 12)
        0.9
        """
        return self.cost_target * self.unit_present_value(delta, horizon)

    def unit_present_value(self, delta: ArrayLike, horizon: ArrayLike | None = None) -> np.ndarray:
        """``dP / d cost_target``: the present value of one unit of per-period cost.

        Parameters
        ----------
        delta : array_like
            Per-period discount factor, in (0, 1) ((0, 1] with a finite horizon).
        horizon : array_like or None, optional
            Periods (integer >= 1); ``None`` (default) for an infinite horizon.

        Returns
        -------
        numpy.ndarray
            Present value per unit of ``cost_target`` (periods, discounted).

        Raises
        ------
        ParameterError
            ``delta`` or ``horizon`` out of range.

        Examples
        --------
        >>> from compellence.coercion import Sanctions
        >>> s = Sanctions(cost_target=0.1, reversibility=0.6, private_share=0.5)
        >>> round(float(s.unit_present_value(0.9, horizon=2)), 12)
        1.71
        """
        raise NotImplementedError

    @property
    def effective_reversibility(self) -> np.ndarray:
        """Share of the punishment that stops when the instrument is lifted (in [0, 1])."""
        raise NotImplementedError

    @property
    def threat_boost(self) -> np.ndarray:
        """Share of the gap ``1 - pi_T`` the instrument closes (given threat credibility); 0 by default."""
        return np.asarray(0.0)

    @property
    def assurance_penalty(self) -> np.ndarray:
        """Share of ``pi_A`` the instrument removes (given assurance credibility); 0 by default."""
        return np.asarray(0.0)

    @property
    def rollback_cost(self) -> np.ndarray:
        """The coercer's domestic cost of rolling the instrument back (stake units; derived credibility); 0 by default."""
        return np.asarray(0.0)

    @property
    def escalation_risk(self) -> np.ndarray:
        """Per-period probability that the instrument triggers a catastrophe while it runs; 0 by default."""
        return np.asarray(0.0)

    @property
    def reimposition(self) -> np.ndarray:
        """Effectiveness ``e`` of the instrument when re-imposed after lifting (share of its first-use bite); 1 by default."""
        return np.asarray(1.0)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (``kind`` plus fields), the inverse of :func:`instrument_from_dict`.

        Returns
        -------
        dict of str to Any
            ``{"kind": ..., field: value, ...}``.

        Examples
        --------
        >>> from compellence.coercion import Sanctions
        >>> s = Sanctions(cost_target=0.1, reversibility=0.6, private_share=0.5)
        >>> d = s.to_dict()
        >>> d["kind"], d["reversibility"]
        ('sanctions', 0.6)
        """
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):  # type: ignore[arg-type]
            v = getattr(self, f.name)
            out[f.name] = v.tolist() if isinstance(v, np.ndarray) else v
        return out


@dataclass(frozen=True)
class Sanctions(Instrument):
    """Economic sanctions.

    Fields are scalars or arrays; stake units per period unless stated.  Bite
    profile and present value: module docstring (stylised, our reduction).

    Parameters
    ----------
    cost_target : array_like
        Full-bite cost to the target per period (>= 0; e.g. a share of the
        target's GDP per period).
    cost_coercer : array_like, optional
        Cost to the coercer per period (>= 0).  Default 0.
    reversibility : array_like, optional
        Share of the government-controlled damage that stops when the
        sanctions are lifted, in [0, 1] (default 0.8).
    private_share : array_like, optional
        Share of ``cost_target`` due to firms that self-sanction beyond any
        government's control, in [0, 1]; it does not stop when governments
        lift, so the effective reversibility is
        ``reversibility * (1 - private_share)``.  Default 0.
    ramp : array_like, optional
        Share of the remaining gap to full bite closed each period, in (0, 1]
        (1 = full bite at once, the default); effects grow while in place.
    adaptation : array_like, optional
        Per-period erosion of the bite as the target adapts (substitution,
        evasion), in [0, 1).  Default 0.
    reimposition : array_like, optional
        Effectiveness ``e`` of re-imposed sanctions relative to first use, in
        [0, 1] (default 1).  Sanctions are strongest at first use: once lifted,
        trade re-routes, evasion networks and alternative suppliers are in
        place, and partners are reluctant to re-join (Drezner 1999, Early 2015
        on sanctions busting).  If the target backslides after the sanctions
        are lifted, the coercer can re-impose only ``e r P`` of the lifted bite,
        so a low ``e`` weakens the threat of re-imposition that keeps a
        settlement in place (Schelling 1966).  The campaign folds this into the
        margin: a coercer that anticipates backsliding does not lift (exogenous
        credibility) or weighs it in its decision to lift (endogenous); see
        :class:`~compellence.coercion.campaign.Campaign`.
    elapsed : array_like, optional
        How long the sanctions have been in place (whole periods >= 0).
    label : str, optional
        The instrument's name (default ``"sanctions"``).

    Raises
    ------
    ParameterError
        A value out of range (naming the field).

    Examples
    --------
    >>> from compellence.coercion import Sanctions
    >>> s = Sanctions(cost_target=0.1, reversibility=0.6, private_share=0.5)
    >>> float(s.effective_reversibility), round(float(s.present_value(0.9)), 12)
    (0.3, 0.9)
    >>> float(Sanctions(cost_target=0.1, ramp=0.5).unit_present_value(0.9, horizon=3).round(6))
    1.695375
    """

    cost_target: ArrayLike
    cost_coercer: ArrayLike = 0.0
    reversibility: ArrayLike = 0.8
    private_share: ArrayLike = 0.0
    ramp: ArrayLike = 1.0
    adaptation: ArrayLike = 0.0
    reimposition: ArrayLike = 1.0
    elapsed: ArrayLike = 0
    label: str = "sanctions"

    kind: ClassVar[str] = "sanctions"

    def __post_init__(self) -> None:
        n = f"Sanctions({self.label!r})" if isinstance(self.label, str) else "Sanctions"
        check_name(self.label, f"{n}.label")
        s = object.__setattr__
        s(self, "cost_target", check_real(self.cost_target, f"{n}.cost_target", 0.0))
        s(self, "cost_coercer", check_real(self.cost_coercer, f"{n}.cost_coercer", 0.0))
        s(self, "reversibility", check_real(self.reversibility, f"{n}.reversibility", 0.0, 1.0))
        s(self, "private_share", check_real(self.private_share, f"{n}.private_share", 0.0, 1.0))
        s(self, "ramp", check_real(self.ramp, f"{n}.ramp", 0.0, 1.0, lo_open=True))
        s(self, "adaptation", check_real(self.adaptation, f"{n}.adaptation", 0.0, 1.0, hi_open=True))
        s(self, "reimposition", check_real(self.reimposition, f"{n}.reimposition", 0.0, 1.0))
        s(self, "elapsed", check_real(self.elapsed, f"{n}.elapsed", 0.0, whole=True))

    def unit_present_value(self, delta: ArrayLike, horizon: ArrayLike | None = None) -> np.ndarray:
        """``sum_{t=1..H} delta**t b(elapsed + t)`` (module docstring); ``P = cost_target`` times this.

        Parameters
        ----------
        delta : array_like
            Per-period discount factor, in (0, 1) ((0, 1] with a finite horizon).
        horizon : array_like or None, optional
            Periods (integer >= 1); ``None`` (default) for an infinite horizon.

        Returns
        -------
        numpy.ndarray
            Present value per unit of ``cost_target``.

        Raises
        ------
        ParameterError
            ``delta`` or ``horizon`` out of range.

        Examples
        --------
        >>> from compellence.coercion import Sanctions
        >>> float(Sanctions(cost_target=0.1, ramp=0.5, adaptation=0.1).unit_present_value(0.9).round(6))
        3.582486
        """
        return bite_present_value(
            1.0, delta, horizon, ramp=self.ramp, adaptation=self.adaptation, elapsed=self.elapsed
        )

    @property
    def effective_reversibility(self) -> np.ndarray:
        """``reversibility * (1 - private_share)``: the private-sector part never reverses."""
        return self.reversibility * (1.0 - self.private_share)


@dataclass(frozen=True)
class AidMechanism:
    """One mechanism through which overt aid differs from covert aid at equal volume.

    Attributes
    ----------
    name : str
        The mechanism.
    fields : tuple of str
        The :class:`MilitaryAid` fields it sets.
    overt, covert : tuple of float
        Their defaults for overt and covert aid.
    source : str
        Where the direction comes from (the magnitudes are illustrative: set
        the fields to your own).

    Examples
    --------
    >>> from compellence.coercion import AID_MECHANISMS
    >>> [(m.name, m.fields) for m in AID_MECHANISMS.values()]
    [('speed', ('ramp',)), ('escalation', ('escalation_risk',)), ('hands_tied', ('commitment',)), ('rollback', ('assurance_loss', 'rollback')), ('persistence', ('reversibility',))]
    """

    name: str
    fields: tuple[str, ...]
    overt: tuple[float, ...]
    covert: tuple[float, ...]
    source: str


#: The ONLY differences between overt and covert aid (``MilitaryAid(overt=...)``).
#: Volume (``cost_target``, ``volume``) and cost to the coercer are the same
#: whichever the flag; each mechanism is an explicit input that the user can set.
AID_MECHANISMS: dict[str, AidMechanism] = {
    m.name: m
    for m in (
        AidMechanism(
            "speed", ("ramp",), (1.0,), (0.5,),
            "overt aid moves openly from the donor's own stocks; covert aid goes in deniable lots through "
            "intermediaries and reaches full effect later (Carson 2018, Secret Wars, ch. 1-2: covertness "
            "trades scale and speed for escalation control; Coll 2004 on Cyclone's supply line)",
        ),
        AidMechanism(
            "escalation", ("escalation_risk",), (0.02,), (0.005,),
            "covert intervention keeps both sides' hawks out and so limits escalation; open intervention "
            "raises the risk of a direct clash (Carson 2018)",
        ),
        AidMechanism(
            "hands_tied", ("commitment",), (0.3,), (0.0,),
            "a public commitment ties the coercer's hands: backing down would be seen, so the threat is "
            "more credible (Schelling 1966; Fearon 1997, tying hands); acts on a given threat credibility",
        ),
        AidMechanism(
            "rollback", ("assurance_loss", "rollback"), (0.3, 0.5), (0.0, 0.0),
            "rolling back a public programme is a visible climb-down with a domestic audience cost "
            "(Fearon 1994; Tomz 2007), so a promise to lift is less credible (given assurance: "
            "assurance_loss) and stopping aid costs the coercer rollback (derived credibility: on "
            "lifting AND on backing down)",
        ),
        AidMechanism(
            "persistence", ("reversibility",), (0.3,), (0.8,),
            "how much of the aid's effect stops when the aid stops (an insurgency or a rearmed army "
            "outlives the aid).  Direction: our stylised assumption that openly supplied, heavier "
            "and recognised support is harder to wind down; set both equal to switch it off",
        ),
    )
}


def aid_mechanism_values(overt: bool) -> dict[str, float]:
    """The default value of every mechanism field of :class:`MilitaryAid` for overt / covert aid.

    Parameters
    ----------
    overt : bool
        Overt (True) or covert aid.

    Returns
    -------
    dict of str to float
        Field -> default value.

    Examples
    --------
    >>> from compellence.coercion import aid_mechanism_values
    >>> aid_mechanism_values(False)
    {'ramp': 0.5, 'escalation_risk': 0.005, 'commitment': 0.0, 'assurance_loss': 0.0, 'rollback': 0.0, 'reversibility': 0.8}
    """
    out: dict[str, float] = {}
    for m in AID_MECHANISMS.values():
        for f, o, c in zip(m.fields, m.overt, m.covert):
            out[f] = o if overt else c
    return out


@dataclass(frozen=True)
class MilitaryAid(Instrument):
    """Military aid to the target's adversary: battlefield cost imposed on the target.

    Volume is the user's: ``cost_target``, ``volume`` and ``cost_coercer`` do not
    depend on ``overt``.  ``overt`` sets the defaults of exactly five mechanisms
    (:data:`AID_MECHANISMS`, each with its source; ``None`` = the default for
    the flag, listed overt/covert; any of them can be set explicitly, and then
    the flag changes nothing else): **speed** (``ramp``), **escalation**
    (``escalation_risk``), **hands tied** (``commitment``), **rollback**
    (``assurance_loss``, ``rollback``) and **persistence** (``reversibility``).

    Effect of each mechanism on the off-ramp margin
    ``M = (pi_T phi + pi_A - 1)(r P + Z) - x - cc + L`` switched on alone
    (from covert, given credibilities, ``k = pi_T phi + pi_A - 1``; derived in
    ``docs/coercion.md``, "Overt and covert aid"): hands tied
    ``+phi Delta pi_T (r P + Z)`` (always raises), rollback
    ``-Delta pi_A (r P + Z)`` (always lowers), speed ``k r_aid Delta P_aid``,
    escalation ``k Delta Z``, persistence ``k (r_overt - r_covert) P_aid``
    (the last three raise the margin iff ``k > 0``, persistence lowers it
    iff ``k > 0``).  :func:`overt_aid_decomposition` computes the whole table.

    Parameters
    ----------
    cost_target : array_like
        Battlefield cost to the target per period at full bite (>= 0, stake
        units per period).
    cost_coercer : array_like, optional
        Cost to the coercer per period (>= 0).  Default 0.
    overt : bool, optional
        Overt (default) or covert aid: sets the mechanisms' defaults.
    escalation_risk : array_like or None, optional
        **escalation**: per-period probability that the aid triggers a
        catastrophe while it flows, in [0, 1) (0.02/0.005).  The campaign's
        hazard ``h = 1 - prod_i (1 - h_i)`` costs the target
        ``Target.catastrophe_cost`` and the coercer ``Coercer.catastrophe_cost``
        (once) with discounted probability ``E = h/(1-h) sum_t (delta (1-h))**t``
        while punishment continues; lifting or backing down stops it.
    reversibility : array_like or None, optional
        **persistence**: share of the aid's battlefield effect that stops when
        the aid stops, in [0, 1] (0.3/0.8).
    volume : array_like, optional
        Multiplier of ``cost_target`` (>= 0), default 1 whether overt or covert.
    ramp : array_like or None, optional
        **speed**: share of the remaining gap to full bite closed each period,
        in (0, 1] (1.0/0.5).
    commitment : array_like or None, optional
        **hands tied**: with a given threat credibility, closes that share of
        the gap ``1 - pi_T``, in [0, 1] (0.3/0; :attr:`threat_boost`).
    assurance_loss : array_like or None, optional
        **rollback**: with a given assurance, removes that share of ``pi_A``,
        in [0, 1] (0.3/0; :attr:`assurance_penalty`).
    rollback : array_like or None, optional
        **rollback**: with derived credibility, the coercer's domestic cost of
        stopping the aid, paid on lifting and on backing down (>= 0 stake
        units, 0.5/0; :attr:`rollback_cost`: backing down costlier raises the
        threat, lifting costlier lowers the assurance).
    elapsed : array_like, optional
        How long the aid has flowed (whole periods >= 0).
    label : str, optional
        The instrument's name (default ``"military aid"``).

    Raises
    ------
    ParameterError
        A value out of range (naming the field).

    Examples
    --------
    >>> from compellence.coercion import MilitaryAid
    >>> aid = MilitaryAid(cost_target=0.05, overt=True)
    >>> float(aid.effective_reversibility), float(aid.threat_boost), float(aid.escalation_risk)
    (0.3, 0.3, 0.02)
    >>> covert = MilitaryAid(cost_target=0.05, overt=False)
    >>> float(covert.effective_reversibility), float(covert.ramp)
    (0.8, 0.5)
    """

    cost_target: ArrayLike
    cost_coercer: ArrayLike = 0.0
    overt: bool = True
    escalation_risk: ArrayLike | None = None
    reversibility: ArrayLike | None = None
    volume: ArrayLike = 1.0
    ramp: ArrayLike | None = None
    commitment: ArrayLike | None = None
    assurance_loss: ArrayLike | None = None
    rollback: ArrayLike | None = None
    elapsed: ArrayLike = 0
    label: str = "military aid"

    kind: ClassVar[str] = "military_aid"

    def __post_init__(self) -> None:
        n = f"MilitaryAid({self.label!r})" if isinstance(self.label, str) else "MilitaryAid"
        check_name(self.label, f"{n}.label")
        s = object.__setattr__
        s(self, "overt", check_bool(self.overt, f"{n}.overt"))
        defaults = aid_mechanism_values(self.overt)
        for key, (lo, hi, lo_open, hi_open) in {
            "reversibility": (0.0, 1.0, False, False),
            "ramp": (0.0, 1.0, True, False),
            "commitment": (0.0, 1.0, False, False),
            "assurance_loss": (0.0, 1.0, False, False),
            "rollback": (0.0, None, False, False),
            "escalation_risk": (0.0, 1.0, False, True),
        }.items():
            v = getattr(self, key)
            if v is None:
                v = defaults[key]
            s(self, key, check_real(v, f"{n}.{key}", lo, hi, lo_open=lo_open, hi_open=hi_open))
        s(self, "volume", check_real(1.0 if self.volume is None else self.volume, f"{n}.volume", 0.0))
        s(self, "cost_target", check_real(self.cost_target, f"{n}.cost_target", 0.0))
        s(self, "cost_coercer", check_real(self.cost_coercer, f"{n}.cost_coercer", 0.0))
        s(self, "elapsed", check_real(self.elapsed, f"{n}.elapsed", 0.0, whole=True))

    def unit_present_value(self, delta: ArrayLike, horizon: ArrayLike | None = None) -> np.ndarray:
        """``volume * sum_{t=1..H} delta**t (1 - (1 - ramp)**(elapsed + t))``; ``P = cost_target`` times this.

        Parameters
        ----------
        delta : array_like
            Per-period discount factor, in (0, 1) ((0, 1] with a finite horizon).
        horizon : array_like or None, optional
            Periods (integer >= 1); ``None`` (default) for an infinite horizon.

        Returns
        -------
        numpy.ndarray
            Present value per unit of ``cost_target``.

        Raises
        ------
        ParameterError
            ``delta`` or ``horizon`` out of range.

        Examples
        --------
        >>> from compellence.coercion import MilitaryAid
        >>> float(MilitaryAid(cost_target=0.05, overt=False).unit_present_value(0.9, horizon=2).round(6))
        1.0575
        """
        return bite_present_value(
            self.volume, delta, horizon, ramp=self.ramp, adaptation=0.0, elapsed=self.elapsed
        )

    @property
    def effective_reversibility(self) -> np.ndarray:
        """**persistence**: share of the aid's battlefield effect that stops when the aid stops."""
        return self.reversibility

    @property
    def threat_boost(self) -> np.ndarray:
        """**hands tied**: share of the gap ``1 - pi_T`` the aid closes (given threat credibility)."""
        return self.commitment

    @property
    def assurance_penalty(self) -> np.ndarray:
        """**rollback**: share of ``pi_A`` the aid removes (given assurance)."""
        return self.assurance_loss

    @property
    def rollback_cost(self) -> np.ndarray:
        """**rollback**: the coercer's domestic cost of stopping the aid (stake units; derived credibility)."""
        return self.rollback

    # MilitaryAid.escalation_risk is a field, so the base-class property is shadowed.

    def with_mechanisms(self, on: Iterable[str | AidMechanism] = (), *,
                        overt: Mapping[str, float] | None = None,
                        covert: Mapping[str, float] | None = None) -> MilitaryAid:
        """This aid with the mechanisms named in ``on`` at their overt values and the rest covert.

        Volume, cost and timing fields stay as they are.  ``with_mechanisms(AID_MECHANISMS)``
        is the overt aid, ``with_mechanisms(())`` the covert aid, at equal volume.

        Parameters
        ----------
        on : iterable of str or AidMechanism, optional
            The mechanisms (by name: ``"speed"``, ``"escalation"``,
            ``"hands_tied"``, ``"rollback"``, ``"persistence"``) set to their overt values.
        overt, covert : mapping of str to float or None, optional
            ``{field: value}`` overrides of the two ends (default: the
            :data:`AID_MECHANISMS` defaults).

        Returns
        -------
        MilitaryAid
            The new aid.

        Raises
        ------
        ParameterError
            An unknown mechanism or field.

        Examples
        --------
        >>> from compellence.coercion import MilitaryAid
        >>> aid = MilitaryAid(cost_target=0.05, overt=True)
        >>> fast = aid.with_mechanisms(["speed"])
        >>> float(fast.ramp), float(fast.effective_reversibility), float(fast.threat_boost)
        (1.0, 0.8, 0.0)
        """
        names = [on] if isinstance(on, str) else list(on)
        for name in names:
            if name not in AID_MECHANISMS:
                raise ParameterError(f"unknown mechanism {name!r}; mechanisms are {list(AID_MECHANISMS)}", "on")
        hi, lo = _ends(overt, covert)
        vals = {}
        for m in AID_MECHANISMS.values():
            for f in m.fields:
                vals[f] = hi[f] if m.name in names else lo[f]
        # the flag is informational once every mechanism field is explicit
        return dataclasses.replace(self, overt=len(set(names)) == len(AID_MECHANISMS), **vals)


def _ends(overt: Any, covert: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The mechanism field values of the overt and covert ends (defaults plus overrides)."""
    out = []
    for flag, over, name in ((True, overt, "overt"), (False, covert, "covert")):
        vals: dict[str, Any] = dict(aid_mechanism_values(flag))
        if over is not None:
            if not isinstance(over, dict):
                raise ParameterError(f"must be a table of mechanism fields, got {over!r}", name)
            for k, v in over.items():
                if k not in vals:
                    raise ParameterError(f"not a mechanism field; fields are {sorted(vals)}", f"{name}.{k}")
                vals[k] = v
        out.append(vals)
    return out[0], out[1]


@dataclass(frozen=True, eq=False, repr=False)
class AidDecomposition:
    """Overt versus covert aid at equal volume, mechanism by mechanism (batched).

    Attributes
    ----------
    mechanisms : tuple of str
        The mechanisms, in :data:`AID_MECHANISMS` order.
    covert_margin, overt_margin : numpy.ndarray
        The off-ramp margin with every mechanism at its covert / overt value.
    alone : dict of str to numpy.ndarray
        The change in the margin when that mechanism alone is switched to overt
        (everything else covert and equal).
    shapley : dict of str to numpy.ndarray
        Its average change over all orders of switching (the shares sum
        exactly to ``overt_margin - covert_margin``).
    interaction : numpy.ndarray
        ``overt - covert - sum(alone)``, what the mechanisms do only together
        (e.g. tying hands raises ``pi_T`` and so changes what speed and
        persistence are worth).  Arrays have the campaign's batch shape.

    Examples
    --------
    >>> from compellence.coercion import Campaign, MilitaryAid, overt_aid_decomposition
    >>> c = Campaign({"threat_credibility": 0.7}, "East", [MilitaryAid(cost_target=0.1)],
    ...              demand=0.2, assurance=0.8, discount=0.9)
    >>> dec = overt_aid_decomposition(c)
    >>> round(float(dec.overt_margin - dec.covert_margin), 6)
    -0.232773
    >>> round(sum(float(v) for v in dec.shapley.values()), 6)
    -0.232773
    """

    mechanisms: tuple[str, ...]
    covert_margin: np.ndarray
    overt_margin: np.ndarray
    alone: dict[str, np.ndarray]
    shapley: dict[str, np.ndarray]
    interaction: np.ndarray

    @property
    def change(self) -> np.ndarray:
        """``overt_margin - covert_margin``."""
        return self.overt_margin - self.covert_margin

    def to_frame(self) -> pd.DataFrame:
        """One row per mechanism (and batch element), then ``interaction`` and ``total`` rows.

        Columns: ``mechanism``, ``fields``, ``alone`` (margin change switched on
        alone), ``shapley`` (average change over orders).

        Returns
        -------
        pandas.DataFrame
            The table.

        Examples
        --------
        >>> from compellence.coercion import Campaign, MilitaryAid, overt_aid_decomposition
        >>> c = Campaign({"threat_credibility": 0.7}, "East", [MilitaryAid(cost_target=0.1)],
        ...              demand=0.2, assurance=0.8, discount=0.9)
        >>> dec = overt_aid_decomposition(c)
        >>> dec.to_frame()[["mechanism", "alone"]].round(4).values.tolist()
        [['speed', 0.0327], ['escalation', 0.0], ['hands_tied', 0.0589], ['rollback', -0.1571], ['persistence', -0.2045], ['interaction', 0.0372], ['total', -0.2328]]
        """
        shape = np.shape(self.covert_margin)
        rows = list(self.mechanisms) + ["interaction", "total"]
        alone = [self.alone[m] for m in self.mechanisms] + [self.interaction, self.change]
        shap = [self.shapley[m] for m in self.mechanisms] + [np.zeros(shape), self.change]
        fields_ = [",".join(AID_MECHANISMS[m].fields) for m in self.mechanisms] + ["", ""]
        from .._frames import batch_frame

        return batch_frame(
            {"mechanism": rows, "fields": fields_},
            {"alone": np.stack([np.broadcast_to(a, shape) for a in alone]),
             "shapley": np.stack([np.broadcast_to(a, shape) for a in shap])},
            shape,
        )

    def __repr__(self) -> str:
        if np.ndim(self.covert_margin):
            return f"AidDecomposition(batch_shape={np.shape(self.covert_margin)}, mechanisms={self.mechanisms})"
        parts = ", ".join(f"{m} {float(self.alone[m]):+.4g}" for m in self.mechanisms)
        return (f"AidDecomposition(covert {float(self.covert_margin):.4g} -> overt {float(self.overt_margin):.4g}; "
                f"alone: {parts}; interaction {float(self.interaction):+.4g})")


def overt_aid_decomposition(
    campaign: Campaign,
    aid: str | int | None = None,
    *,
    overt: Mapping[str, float] | None = None,
    covert: Mapping[str, float] | None = None,
) -> AidDecomposition:
    """Which mechanism makes overt aid raise or lower the off-ramp margin, at equal volume.

    The aid keeps its volume, costs and timing; its five mechanism fields
    (:data:`AID_MECHANISMS`) are set to their covert or overt values for every
    subset of mechanisms, and the campaign's margin is evaluated for all
    ``2**5`` subsets in one batched pass (a new leading axis).

    Parameters
    ----------
    campaign : Campaign
        A :class:`~compellence.coercion.campaign.Campaign` with military aid.
    aid : str or int or None, optional
        The label or index (among ``campaign.instruments``) of its
        :class:`MilitaryAid` (default: the only one).
    overt, covert : mapping of str to float or None, optional
        ``{field: value}`` overrides of the two ends.

    Returns
    -------
    AidDecomposition
        The margin change of each mechanism alone, its Shapley share (exact,
        the shares sum to the total change) and the interaction remainder.

    Raises
    ------
    ParameterError
        No (or an ambiguous, or an unknown) military aid in the campaign.

    Examples
    --------
    >>> from compellence.coercion import Campaign, MilitaryAid, overt_aid_decomposition
    >>> c = Campaign({"threat_credibility": 0.7}, "East", [MilitaryAid(cost_target=0.1)],
    ...              demand=0.2, assurance=0.8, discount=0.9)
    >>> dec = overt_aid_decomposition(c)
    >>> {k: round(float(v), 4) for k, v in dec.alone.items()}
    {'speed': 0.0327, 'escalation': 0.0, 'hands_tied': 0.0589, 'rollback': -0.1571, 'persistence': -0.2045}
    """
    from math import factorial

    insts = tuple(getattr(campaign, "instruments", ()))
    idx = [i for i, inst in enumerate(insts) if isinstance(inst, MilitaryAid)]
    if aid is None:
        if len(idx) != 1:
            raise ParameterError(f"the campaign has {len(idx)} military aid instruments; name one", "aid")
        j = idx[0]
    elif isinstance(aid, str):
        hits = [i for i in idx if insts[i].label == aid]
        if not hits:
            raise ParameterError(f"no military aid labelled {aid!r}", "aid")
        j = hits[0]
    else:
        if isinstance(aid, bool) or not isinstance(aid, (int, np.integer)) or int(aid) not in idx:
            raise ParameterError(f"must be the label or index of a military aid instrument, got {aid!r}", "aid")
        j = int(aid)
    hi, lo = _ends(overt, covert)
    names = tuple(AID_MECHANISMS)
    n = len(names)
    subsets = np.array([[(k >> b) & 1 for b in range(n)] for k in range(2**n)], dtype=bool)  # (2^n, n)
    ends = {f: (np.asarray(hi[f], dtype=float), np.asarray(lo[f], dtype=float)) for f in hi}
    ndim = max([len(campaign.batch_shape)] + [a.ndim for pair in ends.values() for a in pair])
    vals: dict[str, np.ndarray] = {}
    for b, name in enumerate(names):
        mask = subsets[:, b].reshape((2**n,) + (1,) * ndim)
        for f in AID_MECHANISMS[name].fields:
            on, off = (a.reshape((1,) * (ndim + 1 - a.ndim) + a.shape) for a in ends[f])
            vals[f] = np.where(mask, on, off)
    mixed = dataclasses.replace(insts[j], **vals)
    margins = np.asarray(campaign.replace(instruments=insts[:j] + (mixed,) + insts[j + 1:]).offramp().margin)
    code = subsets @ (1 << np.arange(n))
    at = dict(zip(code.tolist(), range(2**n)))
    covert_m, overt_m = margins[at[0]], margins[at[2**n - 1]]
    alone = {name: margins[at[1 << b]] - covert_m for b, name in enumerate(names)}
    shap = {}
    for b, name in enumerate(names):
        tot = np.zeros_like(covert_m)
        for k in range(2**n):
            if (k >> b) & 1:
                continue
            size = bin(k).count("1")
            w = factorial(size) * factorial(n - size - 1) / factorial(n)
            tot = tot + w * (margins[at[k | (1 << b)]] - margins[at[k]])
        shap[name] = tot
    inter = overt_m - covert_m - sum(alone.values())
    return AidDecomposition(names, covert_m, overt_m, alone, shap, inter)


@dataclass(frozen=True)
class Incentive:
    """A side payment / inducement paid on compliance (Sechser 2010, stylised).

    The target accepts demand ``x`` iff
    ``x + reputation_cost - amount <= (value of resisting)``, i.e. ``amount``
    enters the margin as ``-amount`` in the compliance cost.  The coercer pays
    ``amount`` whenever the target complies.

    Parameters
    ----------
    amount : array_like
        The payment (>= 0, stake units, once); it offsets the target's
        reputation cost of complying.
    label : str, optional
        Its name (default ``"side payment"``).

    Raises
    ------
    ParameterError
        A negative or non-finite amount.

    Examples
    --------
    >>> from compellence.coercion import Campaign, Incentive
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}, Incentive(0.1)],
    ...              demand=0.3, assurance=0.5)
    >>> round(float(c.offramp().margin), 12)
    0.016
    """

    amount: ArrayLike
    label: str = "side payment"

    kind: ClassVar[str] = "incentive"

    def __post_init__(self) -> None:
        check_name(self.label, "Incentive.label")
        object.__setattr__(self, "amount", check_real(self.amount, f"Incentive({self.label!r}).amount", 0.0))

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (``kind`` plus fields), the inverse of :func:`instrument_from_dict`.

        Returns
        -------
        dict of str to Any
            ``{"kind": "incentive", "amount": ..., "label": ...}``.

        Examples
        --------
        >>> from compellence.coercion import Incentive
        >>> Incentive(0.1).to_dict()
        {'kind': 'incentive', 'amount': 0.1, 'label': 'side payment'}
        """
        a = self.amount
        return {"kind": self.kind, "amount": a.tolist() if isinstance(a, np.ndarray) else a, "label": self.label}


@dataclass(frozen=True)
class Demand:
    """The concession asked.

    Parameters
    ----------
    concession : array_like
        ``x``, share of the disputed stake, in [0, 1].
    public : bool, optional
        A public demand (default) ties the coercer's hands (backing down after
        it costs the coercer its audience cost, Fearon 1994) but adds the
        target's face cost of giving in publicly (Kurizaki 2007).
    deadline : array_like or None, optional
        Whole periods ``T >= 0`` or ``None``.  With a deadline the punishment
        for defiance starts at ``T`` and the threat is discounted by
        ``phi = delta**T`` (Schelling 1966: a deadline postpones the punishment).
    open_hazard : array_like, optional
        Without a deadline, the per-period probability that punishment for
        defiance actually starts, in (0, 1] (the target can procrastinate,
        Schelling 1966), so ``phi = h / (1 - delta (1 - h))``; the default 1
        means "from the next period" and gives the canonical game (``phi = 1``).

    Raises
    ------
    ParameterError
        A value out of range (naming the field).

    Examples
    --------
    >>> from compellence.coercion import Demand
    >>> float(Demand(0.3, deadline=2).threat_factor(0.9)), float(Demand(0.3).threat_factor(0.9))
    (0.81, 1.0)
    """

    concession: ArrayLike
    public: bool = True
    deadline: ArrayLike | None = None
    open_hazard: ArrayLike = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "concession", check_real(self.concession, "Demand.concession", 0.0, 1.0))
        object.__setattr__(self, "public", check_bool(self.public, "Demand.public"))
        if self.deadline is not None:
            object.__setattr__(self, "deadline", check_real(self.deadline, "Demand.deadline", 0.0, whole=True))
        object.__setattr__(
            self, "open_hazard", check_real(self.open_hazard, "Demand.open_hazard", 0.0, 1.0, lo_open=True)
        )

    def threat_factor(self, delta: ArrayLike) -> np.ndarray:
        """``phi = delta**T`` with a deadline, ``h / (1 - delta (1 - h))`` without (1 if ``h = 1``).

        Parameters
        ----------
        delta : array_like
            Per-period discount factor, in (0, 1].

        Returns
        -------
        numpy.ndarray
            ``phi`` in [0, 1], the broadcast shape.

        Examples
        --------
        >>> from compellence.coercion import Demand
        >>> round(float(Demand(0.3, open_hazard=0.5).threat_factor(0.9)), 6)
        0.909091
        """
        d = np.asarray(delta, dtype=float)
        if self.deadline is None:
            h = self.open_hazard
            return h / (1.0 - d * (1.0 - h))
        return d**self.deadline


@dataclass(frozen=True)
class Assurance:
    """The promise to lift on compliance.

    Parameters
    ----------
    public : bool, optional
        Reneging on a public assurance (default) costs the coercer its
        audience cost (endogenous credibility), Fearon 1994.
    credibility : array_like or None, optional
        ``pi_A`` in [0, 1] (a probability) given directly (a chance move in
        the game), or ``None`` to derive it from the coercer's own incentives
        (the coercer decides whether to lift; see ``Campaign``).

    Raises
    ------
    ParameterError
        A credibility outside [0, 1].

    Examples
    --------
    >>> from compellence.coercion import Assurance
    >>> float(Assurance(credibility=0.7).credibility), Assurance(public=False).credibility
    (0.7, None)
    """

    public: bool = True
    credibility: ArrayLike | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "public", check_bool(self.public, "Assurance.public"))
        if self.credibility is not None:
            object.__setattr__(
                self, "credibility", check_real(self.credibility, "Assurance.credibility", 0.0, 1.0)
            )


_KINDS = {"sanctions": Sanctions, "military_aid": MilitaryAid, "aid": MilitaryAid, "incentive": Incentive}


def instrument_from_dict(data: Mapping[str, Any], where: str = "instrument") -> Sanctions | MilitaryAid | Incentive:
    """Build an instrument from plain data (e.g. a TOML table): ``{"kind": "sanctions", ...}``.

    Parameters
    ----------
    data : mapping
        ``kind`` (``sanctions``, ``military_aid`` or ``aid``, ``incentive``) and
        the instrument's fields.
    where : str, optional
        The name of the table, for messages (default ``"instrument"``).

    Returns
    -------
    Sanctions or MilitaryAid or Incentive
        The instrument.

    Raises
    ------
    ParameterError
        No or an unknown ``kind``, an unknown key (naming ``where.key``), or a
        value out of range.

    Examples
    --------
    >>> from compellence.coercion import instrument_from_dict
    >>> instrument_from_dict({"kind": "sanctions", "cost_target": 0.1}).label
    'sanctions'
    >>> instrument_from_dict({"kind": "sanctions", "cost": 0.1}, "instruments[0]")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: instruments[0].cost: unknown field for sanctions; fields are [...]
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


# numbers print as numbers in every instrument's repr (not ``array(0.03)``)
for _cls in (Sanctions, MilitaryAid, AidMechanism, Incentive, Demand, Assurance):
    _cls.__repr__ = readable_repr  # type: ignore[method-assign]
del _cls
