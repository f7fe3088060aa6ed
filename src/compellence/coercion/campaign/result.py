"""The result of a campaign: :class:`OffRamp` (computed lazily, field by field) and :class:`Driver`.

Field names are the library's shared names: the attribute, the CLI table key,
the JSON key and the CSV column of one quantity are the same identifier.
The effective quantities (``effective_threat_credibility``, ...) are *derived*
by the model from the user's inputs (:meth:`Campaign.inputs`); the critical
values here are those of derived quantities, holding the other derived
quantities fixed (the critical value of a user input is
``campaign.critical(key)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import ParameterError
from ..instruments import Sanctions
from ..offramp import (
    Critical,
    critical_assurance,
    critical_punishment,
    critical_reversibility,
    critical_threat,
)
from .backsliding import critical_reimposition
from .credibility import TIE_TOL

if TYPE_CHECKING:  # pandas loads on first use (start-up time: docs/performance.md)
    import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from ..uncertainty import UncertainOffRamp
    from .facade import Campaign

__all__ = ["OffRamp", "Driver", "DERIVED", "CRITICAL", "campaign_drivers"]

#: The derived (effective) quantities of the model, in report order.
DERIVED = (
    "effective_threat_credibility",
    "effective_assurance_credibility",
    "effective_reversibility",
    "punishment_per_period",
    "punishment_pv",
    "reversible_pv",
    "irreversible_pv",
    "future_weight",
    "threat_factor",
    "compliance_cost",
    "resistance_cost",
    "escalation_hazard",
    "escalation_cost",
    "backslide_premium",
    "reimposition_threat",
)

#: Critical values of derived quantities (each a :class:`Critical`).
CRITICAL = (
    "critical_effective_assurance_credibility",
    "critical_effective_threat_credibility",
    "critical_effective_reversibility",
    "critical_punishment_per_period",
)


@dataclass(frozen=True, eq=False)
class Driver:
    """How one instrument drives the off-ramp numbers (arrays broadcastable to the batch shape).

    Attributes
    ----------
    label : str
        The instrument's name.
    kind : str
        ``"sanctions"``, ``"military_aid"`` or ``"incentive"``.
    share_of_punishment : numpy.ndarray
        ``P_i / P``.
    share_of_irreversible : numpy.ndarray
        ``(1 - r_i) P_i / (1 - r) P``.
    contribution : numpy.ndarray
        The instrument's additive term in the margin,
        ``k r_i P_i + share_of_hazard_i k Z_T`` with ``k = pi_T phi + pi_A - 1``
        (``+amount`` for a side payment); the margin is their sum
        ``- x - face - reputation + L + prem``.  Irreversible punishment
        contributes nothing.
    marginal_effect : numpy.ndarray
        ``dM / d cost_target_i = k r_i dP_i/dc_i`` holding credibilities fixed
        (1 per unit of side payment): a harsher instrument widens the off-ramp
        only if ``pi_T phi + pi_A > 1`` and it is reversible.
    threat_effect, assurance_effect : numpy.ndarray
        Given credibility: the instrument's ``threat_boost`` /
        ``assurance_penalty``; derived: its ``rollback`` cost.
    share_of_hazard : numpy.ndarray
        ``-log(1 - h_i) / -log(1 - h)``.
    share_of_reimposition_loss : numpy.ndarray
        ``(1 - e_i) r_i P_i / sum_j (1 - e_j) r_j P_j``.

    Examples
    --------
    >>> from compellence.coercion import Campaign
    >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6},
    ...               {"kind": "military_aid", "cost_target": 0.05}],
    ...              demand=0.3, assurance=0.8, discount=0.9)
    >>> off = c.offramp()
    >>> d = c.drivers()[0]
    >>> d.label, round(float(d.share_of_punishment), 6), round(float(d.contribution), 6)
    ('sanctions', 0.666667, 0.2646)
    """

    label: str
    kind: str
    share_of_punishment: np.ndarray
    share_of_irreversible: np.ndarray
    contribution: np.ndarray
    marginal_effect: np.ndarray
    threat_effect: np.ndarray
    assurance_effect: np.ndarray
    share_of_hazard: np.ndarray
    share_of_reimposition_loss: np.ndarray


_DRIVER_FIELDS = ("share_of_punishment", "share_of_irreversible", "contribution", "marginal_effect",
                  "threat_effect", "assurance_effect", "share_of_hazard", "share_of_reimposition_loss")


def _share(part: Any, whole: Any) -> np.ndarray:
    whole = np.asarray(whole, dtype=float)
    pos = whole > 0
    return np.where(pos, part / np.where(pos, whole, 1.0), 0.0)


def campaign_drivers(c: Campaign) -> tuple[Driver, ...]:
    """Per-instrument :class:`Driver` records of campaign ``c``.

    Parameters
    ----------
    c : Campaign
        The campaign.

    Returns
    -------
    tuple of Driver
        One per instrument.

    Examples
    --------
    >>> from compellence.coercion import Campaign
    >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6},
    ...               {"kind": "military_aid", "cost_target": 0.05}],
    ...              demand=0.3, assurance=0.8, discount=0.9)
    >>> off = c.offramp()
    >>> from compellence.coercion.campaign.result import campaign_drivers
    >>> [d.kind for d in campaign_drivers(c)]
    ['sanctions', 'military_aid']
    """
    k = c.effective_threat_credibility * c.threat_factor + c.effective_assurance_credibility - 1.0
    P, IP = c.punishment_pv, c.irreversible_pv
    # the hazard combines as 1 - prod (1 - h_i): attribute it by -log(1 - h_i), additive in log-survival
    lam = [-np.log1p(-np.asarray(i.escalation_risk, dtype=float)) for i in c.punishing]
    lam_tot = sum(lam, np.zeros(()))
    lost = [(1 - i.reimposition) * r * p for i, r, p in zip(c.punishing, c.instrument_reversibility, c.instrument_pv)]
    lost_tot = sum(lost, np.zeros(()))
    hz_term = k * c.escalation_cost
    out = []
    for inst, p, ri, la, lo in zip(c.punishing, c.instrument_pv, c.instrument_reversibility, lam, lost):
        hz_share = _share(la, lam_tot)
        out.append(Driver(
            label=inst.label,
            kind=inst.kind,
            share_of_punishment=_share(p, P),
            share_of_irreversible=_share((1 - ri) * p, IP),
            contribution=k * ri * p + hz_share * hz_term,
            marginal_effect=k * ri * inst.unit_present_value(c.discount, c.horizon),
            threat_effect=np.asarray(inst.rollback_cost if c.endogenous_threat else inst.threat_boost),
            assurance_effect=np.asarray(inst.rollback_cost if c.endogenous_assurance else inst.assurance_penalty),
            share_of_hazard=hz_share,
            share_of_reimposition_loss=_share(lo, lost_tot),
        ))
    for inc in c.incentives:
        z = np.zeros(())
        out.append(Driver(inc.label, inc.kind, z, z, np.asarray(inc.amount), np.ones(()), z, z, z, z))
    return tuple(out)


def _num(v: Any) -> str:
    a = np.asarray(v)
    if a.ndim == 0:
        return f"{float(a):.4g}" if a.dtype.kind == "f" else str(a)
    if a.dtype.kind == "f":
        return f"[{float(a.min()):.4g}..{float(a.max()):.4g}]"
    return f"array{a.shape}"


class OffRamp:
    """The off-ramp of a campaign; every field is an array of the campaign's batch shape.

    Computed lazily: ``margin`` costs one pass; every other field is computed
    on first access and cached.

    * ``margin`` ``M = (pi_T phi + pi_A - 1)(r P + Z_T) - x - cc + L + prem``;
      ``viable``: ``M >= -tol``; ``decision``: ``"comply"`` / ``"resist"``;
      ``equilibrium_path``: the whole path (closed form; :meth:`path` solves the game).
    * ``largest_demand`` / ``smallest_demand``: the largest / smallest concession
      the target accepts on the same model (``smallest_demand`` is ``inf`` and
      ``largest_demand`` 0 where none is accepted).  Where the credibilities do
      not depend on the demand, ``largest_demand = max(0, M + x)`` (may exceed
      1: any demand works); with a coalition or backsliding they are found by
      scanning ``x`` in [0, 1] on the full model (a grid of 101 points refined
      by bisection), so the window ``[smallest_demand, largest_demand]`` and
      the margin never disagree.
    * Derived quantities (:data:`DERIVED`): ``effective_threat_credibility``
      (``pi_T``), ``effective_assurance_credibility`` (``pi_A``),
      ``effective_reversibility`` (``r``), ``punishment_per_period`` (``s``),
      ``punishment_pv`` (``P = s D``), ``reversible_pv`` (``r P``),
      ``irreversible_pv`` (``(1 - r) P``), ``future_weight`` (``D``),
      ``threat_factor`` (``phi``), ``compliance_cost`` (``cc``),
      ``resistance_cost`` (``L``), ``escalation_hazard`` (``h``),
      ``escalation_weight`` (``E``), ``escalation_cost`` (``Z_T``),
      ``coercer_escalation_cost`` (``Z_C``); ``concession`` (``x``) is the input.
    * Critical values of derived quantities (:data:`CRITICAL`, each a
      :class:`~compellence.coercion.offramp.Critical`, holding the other derived
      quantities fixed): ``critical_effective_assurance_credibility``,
      ``critical_effective_threat_credibility``, ``critical_effective_reversibility``,
      ``critical_punishment_per_period``.
    * Re-imposition (diagnostics unless ``backsliding=True``):
      ``reimposition`` (``e = Q / (r P)``), ``reimposition_credibility`` (``rho``),
      ``reimposition_threat`` (``rho (Q + Z_T)``), ``deal_holds``,
      ``backslide_premium``, ``critical_reimposition``.
    * ``drivers``: per-instrument :class:`Driver` records; :attr:`driver_of`.

    Parameters
    ----------
    campaign : Campaign
        The campaign (:meth:`Campaign.offramp` builds this).
    tol : float, optional
        Tolerance in stake units for viability (``M >= -tol``); default
        :data:`TIE_TOL`.

    Examples
    --------
    >>> from compellence.coercion import Campaign
    >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6},
    ...               {"kind": "military_aid", "cost_target": 0.05}],
    ...              demand=0.3, assurance=0.8, discount=0.9)
    >>> off = c.offramp()
    >>> round(float(off.margin), 12), bool(off.viable), str(off.decision)
    (0.03075, True, 'comply')
    >>> round(float(off.largest_demand), 12), float(off.smallest_demand)
    (0.33075, 0.0)
    """

    def __init__(self, campaign: Campaign, tol: float = TIE_TOL):
        self.campaign = campaign
        self.tol = float(tol)

    def _b(self, v: Any) -> np.ndarray:
        return self.campaign._b(v)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The campaign's batch shape (``()`` for scalar inputs)."""
        return self.campaign.batch_shape

    # ------------------------------------------------------------------ core
    @cached_property
    def margin(self) -> np.ndarray:
        return self.campaign.margin()

    @cached_property
    def uncertainty(self) -> UncertainOffRamp | None:
        """:func:`~compellence.coercion.uncertainty.uncertain_offramp` of the inputs given as distributions (else None)."""
        from ..uncertainty import uncertain_offramp

        dists = self.campaign.distributions
        return uncertain_offramp(self.campaign, dists, tol=self.tol) if dists else None

    @cached_property
    def viable(self) -> np.ndarray:
        return self.margin >= -self.tol

    @cached_property
    def decision(self) -> np.ndarray:
        return np.where(self.viable, "comply", "resist").astype(object)

    @cached_property
    def equilibrium_path(self) -> np.ndarray:
        return self.campaign.equilibrium_path(self.viable)

    # ------------------------------------------------------------------ demands
    @cached_property
    def _demand_window(self) -> tuple[np.ndarray, np.ndarray]:
        c = self.campaign
        if not c.demand_dependent:
            m0 = self.margin + c.concession
            return self._b(np.where(m0 >= -self.tol, 0.0, np.inf)), self._b(np.maximum(0.0, m0))
        return _scan_demands(c, self.tol)

    @property
    def smallest_demand(self) -> np.ndarray:
        """The smallest concession the target accepts (share of the stake; ``inf`` where none is)."""
        return self._demand_window[0]

    @property
    def largest_demand(self) -> np.ndarray:
        """The largest concession the target accepts (share of the stake; 0 where none is; may exceed 1)."""
        return self._demand_window[1]

    # ------------------------------------------------------------------ derived quantities
    def _field(name: str, doc: str) -> Any:  # noqa: N805  (a class-body helper)
        def get(self: OffRamp) -> np.ndarray:
            return self._b(getattr(self.campaign, name))

        get.__name__ = name
        get.__doc__ = doc
        return cached_property(get)

    effective_threat_credibility = _field("effective_threat_credibility", "pi_T (derived).")
    effective_assurance_credibility = _field("effective_assurance_credibility", "pi_A (derived).")
    effective_reversibility = _field("effective_reversibility", "r (derived).")
    punishment_per_period = _field("punishment_per_period", "s = P / D (derived).")
    punishment_pv = _field("punishment_pv", "P = s D (derived).")
    reversible_pv = _field("reversible_pv", "r P (derived).")
    irreversible_pv = _field("irreversible_pv", "(1 - r) P (derived).")
    future_weight = _field("future_weight", "D (derived).")
    threat_factor = _field("threat_factor", "phi (derived).")
    compliance_cost = _field("compliance_cost", "cc = face + reputation - side payments (derived).")
    resistance_cost = _field("resistance_cost", "L = fighting_cost D (derived).")
    escalation_hazard = _field("escalation_hazard", "h (derived).")
    escalation_weight = _field("escalation_weight", "E (derived).")
    escalation_cost = _field("escalation_cost", "Z_T = K_T E (derived).")
    coercer_escalation_cost = _field("coercer_escalation_cost", "Z_C = K_C E (derived).")
    concession = _field("concession", "x (the input).")
    reimposition = _field("reimposition", "e = Q / (r P) (derived).")
    reimposition_credibility = _field("reimposition_credibility", "rho (derived).")
    backslide_premium = _field("backslide_premium", "prem (derived).")
    del _field

    @cached_property
    def deal_holds(self) -> np.ndarray:
        """After lifting, the target would keep the concession: ``x <= rho (Q + Z_T)`` (boolean)."""
        return np.broadcast_to(self.campaign.deal_holds, self.batch_shape)

    @cached_property
    def reimposition_threat(self) -> np.ndarray:
        """``rho (Q + Z_T)``: what backsliding risks, the largest concession re-imposition can hold."""
        c = self.campaign
        return self._b(c.reimposition_credibility * (c.reimposed_pv + c.escalation_cost))

    # ------------------------------------------------------------------ critical values
    @cached_property
    def _crit_args(self) -> tuple[tuple, dict]:
        c = self.campaign
        args = (c.concession, c.punishment_per_period, c.discount, c.effective_threat_credibility,
                c.effective_assurance_credibility, np.clip(c.effective_reversibility, 0.0, 1.0), c.horizon)
        kw = {"compliance_cost": c.compliance_cost - c.backslide_premium, "threat_factor": c.threat_factor,
              "escalation_cost": c.escalation_cost, "resistance_cost": c.resistance_cost}
        return args, kw

    def _critical(self, fn: Any, name: str) -> Critical:
        args, kw = self._crit_args
        cv = fn(*args, **kw)
        b = self._b
        return Critical(name, b(cv.value), np.broadcast_to(cv.always, self.batch_shape),
                        np.broadcast_to(cv.never, self.batch_shape), cv.lo, cv.hi,
                        np.broadcast_to(cv.increasing, self.batch_shape))

    @cached_property
    def critical_effective_assurance_credibility(self) -> Critical:
        """``pi_A* = 1 - pi_T phi + (x + cc - prem - L) / (r P + Z_T)``."""
        return self._critical(critical_assurance, "effective_assurance_credibility")

    @cached_property
    def critical_effective_threat_credibility(self) -> Critical:
        """``pi_T* = (1 - pi_A + (x + cc - prem - L) / (r P + Z_T)) / phi``."""
        return self._critical(critical_threat, "effective_threat_credibility")

    @cached_property
    def critical_effective_reversibility(self) -> Critical:
        """``r* = ((x + cc - prem - L) / k - Z_T) / P``, ``k = pi_T phi + pi_A - 1``."""
        return self._critical(critical_reversibility, "effective_reversibility")

    @cached_property
    def critical_punishment_per_period(self) -> Critical:
        """``s* = ((x + cc - prem - L) / k - Z_T) / (r D)``."""
        return self._critical(critical_punishment, "punishment_per_period")

    @cached_property
    def critical_reimposition(self) -> Critical:
        """Smallest common effectiveness of the sanctions at which the deal holds (:mod:`.backsliding`)."""
        c = self.campaign
        lifted: Any = 0.0
        fixed: Any = 0.0
        for p, r, i in zip(c.instrument_pv, c.instrument_reversibility, c.punishing):
            if isinstance(i, Sanctions):
                lifted = lifted + p * r
            else:
                fixed = fixed + p * r * i.reimposition
        cv = critical_reimposition(c.reimposition_credibility, self._b(lifted), fixed, c.escalation_cost,
                                   c.concession)
        return Critical(cv.name, self._b(cv.value), self._b(cv.always).astype(bool),
                        self._b(cv.never).astype(bool), cv.lo, cv.hi, self._b(cv.increasing).astype(bool))

    # ------------------------------------------------------------------ drivers
    @cached_property
    def drivers(self) -> tuple[Driver, ...]:
        return campaign_drivers(self.campaign)

    @property
    def driver_of(self) -> dict[str, np.ndarray]:
        """Which instrument drives each number (labels, batch shape; ``"none"`` if none does).

        ``"punishment"``: largest share of the punishment; ``"irreversibility"``:
        largest share of the irreversible part; ``"margin"``: largest absolute
        contribution to the margin; ``"drag"``: the most negative contribution
        (``"none"`` if none narrows the off-ramp); ``"threat"`` / ``"assurance"``:
        the instrument that moves the threat / assurance credibility most;
        ``"escalation"``: the largest share of the escalation hazard;
        ``"backsliding"``: the largest share of the bite lost on re-imposition.
        """
        keys = ("punishment", "irreversibility", "margin", "drag", "threat", "assurance", "escalation",
                "backsliding")
        shape = self.batch_shape
        if not self.drivers:
            none = np.full(shape, "none", dtype=object)
            return {k: none for k in keys}
        labels = np.array([d.label for d in self.drivers], dtype=object)

        def stack(vals: list) -> np.ndarray:
            return np.stack([np.broadcast_to(v, shape) for v in vals])

        def pick(vals: list, ok: np.ndarray | None = None) -> np.ndarray:
            arr = stack(vals)
            lab = labels[np.argmax(arr, axis=0)]
            if ok is None:
                ok = arr.max(axis=0) > 0
            return np.where(ok, lab, "none")

        ds = self.drivers
        contrib = [d.contribution for d in ds]
        return {
            "punishment": pick([d.share_of_punishment for d in ds]),
            "irreversibility": pick([d.share_of_irreversible for d in ds]),
            "margin": pick([np.abs(c) for c in contrib]),
            "drag": pick([-c for c in contrib], stack([-c for c in contrib]).max(axis=0) > 1e-15),
            "threat": pick([d.threat_effect for d in ds]),
            "assurance": pick([d.assurance_effect for d in ds]),
            "escalation": pick([d.share_of_hazard for d in ds]),
            "backsliding": pick([d.share_of_reimposition_loss for d in ds]),
        }

    def drivers_frame(self, index: int | tuple[int, ...] | None = None) -> pd.DataFrame:
        """One row per instrument; columns ``instrument``, ``kind`` and the :class:`Driver` fields.

        Parameters
        ----------
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar campaign).

        Returns
        -------
        pandas.DataFrame
            The drivers of that element.

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6},
        ...               {"kind": "military_aid", "cost_target": 0.05}],
        ...              demand=0.3, assurance=0.8, discount=0.9)
        >>> off = c.offramp()
        >>> off.drivers_frame()[["instrument", "kind", "share_of_punishment"]].round(6).values.tolist()
        [['sanctions', 'sanctions', 0.666667], ['military aid', 'military_aid', 0.333333]]
        """
        import pandas as pd

        return pd.DataFrame(self.drivers_records(index), columns=["instrument", "kind", *_DRIVER_FIELDS])

    def drivers_records(self, index: int | tuple[int, ...] | None = None) -> list[dict[str, Any]]:
        """The rows of :meth:`drivers_frame` as plain dicts (no pandas: the report's fast path).

        Parameters
        ----------
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar campaign).

        Returns
        -------
        list of dict
            One dict per instrument.

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6},
        ...               {"kind": "military_aid", "cost_target": 0.05}],
        ...              demand=0.3, assurance=0.8, discount=0.9)
        >>> off = c.offramp()
        >>> [(r["instrument"], round(r["contribution"], 6)) for r in off.drivers_records()]
        [('sanctions', 0.2646), ('military aid', 0.06615)]
        """
        idx = () if index is None else (index if isinstance(index, tuple) else (index,))
        shape = self.batch_shape
        if shape and index is None:
            raise ParameterError(f"batched off-ramp (shape {shape}): give index=...", "index")
        rows = []
        for d in self.drivers:
            row: dict[str, Any] = {"instrument": d.label, "kind": d.kind}
            for f in _DRIVER_FIELDS:
                row[f] = float(np.broadcast_to(getattr(d, f), shape)[idx])
            rows.append(row)
        return rows

    # ------------------------------------------------------------------ tables
    def to_frame(self) -> pd.DataFrame:
        """The scalar fields as a tidy table (one row per batch element; columns = attribute names).

        Critical values appear as their ``value`` (``inf``: never viable in range).

        Returns
        -------
        pandas.DataFrame
            One row per batch element.

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6},
        ...               {"kind": "military_aid", "cost_target": 0.05}],
        ...              demand=0.3, assurance=0.8, discount=0.9)
        >>> off = c.offramp()
        >>> df = off.to_frame()
        >>> len(df), round(float(df["margin"].iloc[0]), 12)
        (1, 0.03075)
        """
        cols: dict[str, Any] = {
            "margin": self.margin,
            "viable": self.viable,
            "decision": self.decision,
            "equilibrium_path": self.equilibrium_path,
            "concession": self.concession,
            "largest_demand": self.largest_demand,
            "smallest_demand": self.smallest_demand,
        }
        for name in DERIVED:
            cols[name] = getattr(self, name)
        for name in CRITICAL:
            cols[name] = getattr(self, name).value
        cols["critical_reimposition"] = self.critical_reimposition.value
        cols["deal_holds"] = self.deal_holds
        from ..._frames import element_frame

        return element_frame(cols, self.batch_shape)

    def path(self, index: int | tuple[int, ...] | None = None) -> tuple[str, ...]:
        """The equilibrium path of the campaign's game, solved by :func:`compellence.spe`.

        Parameters
        ----------
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar campaign).

        Returns
        -------
        tuple of str
            The actions along the path (at a chance move, the most probable branch).

        Examples
        --------
        >>> from compellence.coercion import Campaign
        >>> c = Campaign({"name": "West", "threat_credibility": 0.9}, "Russia",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6},
        ...               {"kind": "military_aid", "cost_target": 0.05}],
        ...              demand=0.3, assurance=0.8, discount=0.9)
        >>> off = c.offramp()
        >>> off.path()
        ('comply', 'lift')
        """
        from ...solvers.spe import spe

        return spe(self.campaign.game()).path(index)

    def __repr__(self) -> str:
        if self.batch_shape:
            return (f"OffRamp(batch_shape={self.batch_shape}, margin={_num(self.margin)}, "
                    f"viable={int(np.sum(self.viable))}/{int(np.size(self.viable))})")
        return (
            f"OffRamp(margin={_num(self.margin)}, viable={bool(self.viable)}, "
            f"largest_demand={_num(self.largest_demand)}, "
            f"effective_threat_credibility={_num(self.effective_threat_credibility)}, "
            f"effective_assurance_credibility={_num(self.effective_assurance_credibility)}, "
            f"effective_reversibility={_num(self.effective_reversibility)})"
        )

    def _repr_html_(self) -> str:
        if self.batch_shape:
            return f"<pre>{self!r}</pre>" + self.to_frame().describe().to_html(float_format=lambda v: f"{v:.4g}")
        return (
            f"<b>Off-ramp</b>: {'viable' if self.viable else 'closed'} (margin {float(self.margin):.4g})"
            + self.to_frame().T.to_html(header=False)
            + self.drivers_frame().to_html(index=False, float_format=lambda v: f"{v:.4g}")
        )


def _scan_demands(c: Campaign, tol: float, grid: int = 101, iters: int = 34) -> tuple[np.ndarray, np.ndarray]:
    """``(smallest, largest)`` viable concession in [0, 1] on the full model (batched grid + bisection).

    Evaluates ``c.with_inputs({"demand.concession": x}).margin()`` on a grid of
    ``x`` (one batched pass), then refines each boundary by bisection (one
    batched pass per step).  Where no concession is viable: ``(inf, 0)``.
    """
    shape = c.batch_shape
    xs = np.linspace(0.0, 1.0, grid)
    ok = c.with_inputs({"demand.concession": xs.reshape((grid,) + (1,) * len(shape))}).margin() >= -tol
    ok = np.broadcast_to(ok, (grid, *shape))
    any_ok = ok.any(axis=0)
    first = np.argmax(ok, axis=0)
    last = grid - 1 - np.argmax(ok[::-1], axis=0)

    def viable_at(x: np.ndarray) -> np.ndarray:
        return np.broadcast_to(c.with_inputs({"demand.concession": x}).margin() >= -tol, shape)

    # largest: viable at xs[last], not at xs[last + 1]
    lo, hi = xs[last], xs[np.minimum(last + 1, grid - 1)]
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        v = viable_at(mid)
        lo, hi = np.where(v, mid, lo), np.where(v, hi, mid)
    largest = np.where(any_ok, np.where(last < grid - 1, lo, 1.0), 0.0)
    # smallest: not viable at xs[first - 1], viable at xs[first]
    lo, hi = xs[np.maximum(first - 1, 0)], xs[first]
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        v = viable_at(mid)
        lo, hi = np.where(v, lo, mid), np.where(v, mid, hi)
    smallest = np.where(any_ok, np.where(first > 0, hi, 0.0), np.inf)
    return np.asarray(smallest, dtype=float), np.asarray(largest, dtype=float)
