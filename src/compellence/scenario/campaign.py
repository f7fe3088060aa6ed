"""Campaign scenarios (``kind = "campaign"``): TOML -> :class:`compellence.coercion.Campaign`.

The scenario keys map one-to-one onto the fields of
:class:`~compellence.coercion.campaign.Campaign` and its parts
(:class:`Coercer`, :class:`Target`, the instruments, :class:`Demand`,
:class:`Assurance`); ``[horizon]`` gives ``discount`` and ``periods``
(``horizon``); a ``[coalition]`` becomes a
:class:`compellence.coercion.coalitions.Coalition` and a ``[power]`` table a
:class:`compellence.coercion.campaign.Power`, both passed to the campaign.
This layer only builds objects: every number comes from the campaign itself,
so a Python user and a scenario file get the same model (the coalition's
factor multiplies the assurance, the power path sets the credibilities; see
:mod:`compellence.coercion.campaign.credibility`).  The report adds the
window of concessions the target would accept.  ``solve()`` reports both routes to the
answer: the closed-form
off-ramp (:meth:`Campaign.offramp`) and the subgame-perfect equilibrium of the
campaign's game (:func:`compellence.spe`), and checks that they agree.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..errors import CompellenceError, ParameterError, ScenarioError
from .base import Scenario, register
from .loader import ScenarioData, Vary, as_varies, check_vary, located, with_values
from .reports import fmt_num, jsonable, text_table
from .sweep_result import SweepResult, dask_client
from .toml_lines import KeyPath

if TYPE_CHECKING:  # pandas loads on first use (start-up time: docs/performance.md)

    from ..analysis.sweeping import Backend
    from ..coercion import Campaign, Coalition
    from ..games import Game

__all__ = ["CampaignScenario", "CampaignReport", "SweepResult", "build_campaign"]


def _clean(d: dict[str, Any] | None, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in (d or {}).items() if v is not None and k not in drop}


def _param_names(data: dict[str, Any], labels: list[str]) -> dict[str, KeyPath]:
    """Domain parameter names (as in ParameterError.name) -> scenario key paths."""
    names: dict[str, KeyPath] = {
        "discount": ("horizon", "discount"),
        "horizon": ("horizon", "periods"),
        "target.name": ("target", "name"),
        "instruments": ("instruments",),
        "title": ("title",),
    }
    for f in ("threat_credibility", "benefit", "audience_cost", "weakening_value",
              "punitive_weakening_value", "prob_compellent", "resolve_sd", "catastrophe_cost", "name"):
        names[f"Coercer.{f}"] = ("coercer", f)
        names[f"coercer.{f}"] = ("coercer", f)
    for f in ("face_cost", "reputation_cost", "catastrophe_cost", "fighting_cost", "name"):
        names[f"Target.{f}"] = ("target", f)
        names[f"target.{f}"] = ("target", f)
    for f in ("concession", "public", "deadline"):
        names[f"Demand.{f}"] = ("demand", f)
    for f in ("credibility", "public"):
        names[f"Assurance.{f}"] = ("assurance", f)
        names[f"assurance.{f}"] = ("assurance", f)
    for f in ("now", "expected", "cost", "cost_sd", "deal_value", "backdown_value"):
        names[f"power.{f}"] = ("power", f)
        names[f] = ("power", f)
    names["power"] = ("power",)
    names["coalition"] = ("coalition",)
    for i, (inst, label) in enumerate(zip(data["instruments"], labels)):
        cls = {"sanctions": "Sanctions", "military_aid": "MilitaryAid",
               "incentive": "Incentive"}[inst["kind"]]
        for f in inst:
            key = "name" if f == "label" else f
            names[f"{cls}({label!r}).{f}"] = ("instruments", i, key)
            names[f"instruments[{i}].{f}"] = ("instruments", i, key)
        names[f"{cls}({label!r}).label"] = ("instruments", i, "name")
        names[f"instruments[{i}]"] = ("instruments", i)
    return names


def build_coalition(data: dict[str, Any]):
    """The :class:`~compellence.coercion.coalitions.Coalition` of a ``[coalition]`` table (or None).

    Builds the object only (no computing): member keys are the fields of
    :class:`~compellence.coercion.coalitions.Member`.
    """
    c = data.get("coalition")
    if not c:
        return None
    from ..coercion.coalitions import Coalition

    members = []
    for m in c["members"]:
        row = {k: v for k, v in m.items() if v is not None}
        if c["rule"] == "weighted":
            row.setdefault("weight", 1)
        else:
            row.pop("weight", None)
        members.append(row)
    return Coalition.from_members(
        members,
        rule=c["rule"],
        quota=c["quota"],
        dist=c["distribution"],
        lifting=c.get("lifting") or "all",
        correlation=0.0 if c.get("correlation") is None else c["correlation"],
    )


def _coalition_names(data: dict[str, Any]) -> dict[str, KeyPath]:
    names: dict[str, KeyPath] = {
        "quota": ("coalition", "quota"),
        "weights": ("coalition", "members"),
        "rule": ("coalition", "rule"),
        "lifting": ("coalition", "lifting"),
        "correlation": ("coalition", "correlation"),
        "names": ("coalition", "members"),
        "members": ("coalition", "members"),
        "dist": ("coalition", "distribution"),
        "x": ("demand", "concession"),
    }
    args = {"thresholds": "min_concession", "threshold_sd": "uncertainty", "shares": "share",
            "costs": "blowback", "cost_sd": "blowback_sd", "stakes": "stake",
            "weakening_value": "weakening_value", "contributions": "contribution",
            "commitment": "commitment"}
    for arg in args:
        names[arg] = ("coalition", "members")
    for j, _ in enumerate((data.get("coalition") or {}).get("members", [])):
        for arg, key in args.items():
            names[f"{arg}[{j}]"] = ("coalition", "members", j, key)
            names[f"members[{j}].{key}"] = ("coalition", "members", j, key)
        names[f"members[{j}].weight"] = ("coalition", "members", j, "weight")
    return names


def build_power(data: dict[str, Any]):
    """The :class:`~compellence.coercion.campaign.Power` of a ``[power]`` table (or None)."""
    pw = data.get("power")
    if not pw:
        return None
    from ..coercion.campaign import Power

    return Power(**_clean(pw))


def build_campaign(file: ScenarioData, data: dict[str, Any] | None = None
                   ) -> tuple[Campaign, Coalition | None]:
    """The :class:`~compellence.coercion.campaign.Campaign` of a campaign scenario.

    Only builds objects: the coalition (:func:`build_coalition`) and the power
    path (:func:`build_power`) are passed to the campaign, which computes
    everything (the same model as in Python).

    Parameters
    ----------
    file : ScenarioData
        The parsed and validated campaign file (``scenario.file``).
    data : dict or None, optional
        The data to build from; defaults to the file's validated data (a sweep
        passes a copy whose numbers are arrays).

    Returns
    -------
    tuple of (Campaign, Coalition or None)
        The campaign and its coalition (``None`` without one).

    Raises
    ------
    ScenarioError
        An input the model refuses (naming the key path and line).

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "campaign"
    ... title = "sanctions"
    ... [coercer]
    ... threat_credibility = 0.8
    ... [[instruments]]
    ... kind = "sanctions"
    ... name = "finance"
    ... cost_target = 0.1
    ... reversibility = 0.9
    ... [demand]
    ... concession = 0.3
    ... [assurance]
    ... credibility = 0.9
    ... [horizon]
    ... discount = 0.9
    ... ''', "s.toml")
    >>> from compellence.scenario import build_campaign
    >>> campaign, coalition = build_campaign(scen.file)
    >>> type(campaign).__name__, coalition
    ('Campaign', None)
    """
    from ..coercion.campaign import Campaign

    d = file.data if data is None else data
    labels = []
    insts = []
    for inst in d["instruments"]:
        label = inst.get("name") or inst["kind"].replace("_", " ")
        labels.append(label)
        fields = _clean(inst, drop=("name",))
        fields["label"] = label
        insts.append(fields)
    if len(set(labels)) != len(labels):
        dup = next(lab for lab in labels if labels.count(lab) > 1)
        j = [i for i, lab in enumerate(labels) if lab == dup][1]
        raise file.error(f"two instruments are called {dup!r}; give each a distinct name",
                         ("instruments", j), show_value=False)
    try:
        coalition = build_coalition(d)
    except ParameterError as exc:
        raise located(file, exc, _coalition_names(d)) from None
    kwargs = dict(
        coercer=_clean(d.get("coercer")) or "Coercer",
        target=_clean(d.get("target")) or "Target",
        instruments=insts,
        demand=_clean(d["demand"], drop=("backsliding",)),
        backsliding=bool(d["demand"].get("backsliding", False)),
        assurance=_clean(d.get("assurance")) or None,
        discount=(d.get("horizon") or {}).get("discount", 0.9),
        horizon=(d.get("horizon") or {}).get("periods"),
        title=d.get("title") or "",
        coalition=coalition,
    )
    names = _param_names(d, labels)
    try:
        kwargs["power"] = build_power(d)
        return Campaign(**kwargs), coalition
    except ParameterError as exc:
        raise located(file, exc, names) from None


# ---------------------------------------------------------------------------- reports
def critical_status(c: Any) -> str:
    """``"always_viable"``, ``"never_viable"`` or ``"flips"`` for a scalar :class:`Critical`."""
    if bool(np.asarray(c.always)):
        return "always_viable"
    if bool(np.asarray(c.never)):
        return "never_viable"
    return "flips"


def _critical_text(c: Any) -> str:
    status = critical_status(c)
    if status == "always_viable":
        return f"any value works (viable over [{fmt_num(c.lo)}, {fmt_num(c.hi)}])"
    if status == "never_viable":
        return f"none: no value in [{fmt_num(c.lo)}, {fmt_num(c.hi)}] opens it"
    side = "viable at or above" if bool(np.asarray(c.increasing)) else "viable at or below"
    return f"{fmt_num(float(np.asarray(c.value)))} ({side})"


def _critical_dict(c: Any) -> dict[str, Any]:
    """JSON form of a scalar :class:`Critical`: ``value`` is a number or null (status says why)."""
    v = float(np.asarray(c.value))
    return {
        "value": v if np.isfinite(v) else None,
        "status": critical_status(c),
        "increasing": bool(np.asarray(c.increasing)),
        "lo": c.lo,
        "hi": c.hi if np.isfinite(c.hi) else None,
    }


def _critical_input_dict(c: Any, now: Any) -> dict[str, Any]:
    """JSON form of a scalar critical value of an input: its first flip, direction, all flips, the
    input's current value."""
    out = _critical_dict(c)
    roots = np.asarray(c.roots, dtype=float).ravel()
    out["crossings"] = int(np.asarray(c.crossings))
    out["roots"] = [float(v) for v in roots if np.isfinite(v)]
    out["now"] = now
    return out


def _critical_input_text(c: Any) -> str:
    text = _critical_text(c)
    n = int(np.asarray(c.crossings))
    if n > 1:
        roots = ", ".join(fmt_num(float(v)) for v in np.asarray(c.roots, dtype=float).ravel()
                          if np.isfinite(v))
        text += f"; flips {n} times: {roots}"
    return text


#: The inputs whose critical values the report gives (those present and numeric).
def _critical_input_keys(campaign: Any) -> list[str]:
    have = campaign.inputs()
    keys = [k for k in ("assurance.credibility", "coercer.threat_credibility", "demand.concession")
            if k in have]
    for i in range(len(campaign.instruments)):
        for f in ("reversibility", "cost_target"):
            k = f"instruments[{i}].{f}"
            if k in have and not (f == "cost_target" and float(np.asarray(have[k])) == 0.0):
                keys.append(k)
    if "target.fighting_cost" in have and float(np.asarray(have["target.fighting_cost"])) > 0:
        keys.append("target.fighting_cost")
    return keys


#: What each derived quantity is, for the text report (keys are the shared names).
_DERIVED_DOC = {
    "effective_threat_credibility": "pi_T",
    "effective_assurance_credibility": "pi_A",
    "effective_reversibility": "r = r P / P",
    "punishment_per_period": "s = P / D",
    "punishment_pv": "P = s D",
    "reversible_pv": "r P (lifting stops it)",
    "irreversible_pv": "(1 - r) P (on every branch)",
    "future_weight": "D",
    "threat_factor": "phi (deadline discount)",
    "compliance_cost": "cc = face + reputation - side payments",
    "resistance_cost": "L = fighting_cost x D",
    "escalation_hazard": "h per period",
    "escalation_cost": "Z_T = K_T E",
    "backslide_premium": "prem (backsliding)",
    "reimposition_threat": "rho (Q + Z_T)",
}

#: Columns of the drivers table in the text report (the JSON report has all of them).
_DRIVER_COLUMNS = ("instrument", "kind", "share_of_punishment", "share_of_irreversible",
                   "contribution", "marginal_effect")


def _demand_status(smallest: float, largest: float) -> str:
    if not np.isfinite(smallest):
        return "none"
    return "any" if largest > 1 else "window"


@dataclass(frozen=True)
class CampaignReport:
    """What ``compellence solve`` prints for a campaign: both routes to the off-ramp.

    Every key is a shared name: the attribute here, the row of the text table,
    the JSON key and the sweep's CSV column of a quantity are the same
    identifier (the names of :class:`~compellence.coercion.campaign.OffRamp`).
    Built by :meth:`CampaignScenario.solve`.

    Attributes
    ----------
    title, source, coercer, target : str
        The scenario's title, file and the two parties' names.
    equilibrium_path : tuple of str
        The path of the campaign's game (subgame-perfect, chance moves at their
        most likely branch).
    path_probabilities : tuple of float
        The probability of each move of the path.
    decision : str
        The target's choice (``"comply"`` or ``"resist"``).
    margin : float
        The off-ramp margin from the closed form, stake units.
    viable : bool
        ``margin >= 0``.
    concession : float
        The demand, share of the stake.
    largest_demand, smallest_demand : float
        The window of demands that work, shares of the stake.
    inputs : dict
        The user's numbers (key paths as in the file).
    derived : dict of str to float
        The model's effective quantities.
    critical : dict
        The critical values of the derived quantities.
    drivers, driver_of : list of dict, dict of str to str
        What drives the margin, term by term.
    game_and_closed_form_agree : bool
        Whether the game's and the closed form's choice of the target agree.
    coalition, channels, delays, escalation, defender, uncertainty : dict or list or None
        Optional sections, present when the file asks for them.
    critical_inputs : dict
        The critical value of each user input (``[analysis]``).
    notes : tuple of str
        Remarks printed under the table.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "campaign"
    ... title = "sanctions"
    ... [coercer]
    ... threat_credibility = 0.8
    ... [[instruments]]
    ... kind = "sanctions"
    ... name = "finance"
    ... cost_target = 0.1
    ... reversibility = 0.9
    ... [demand]
    ... concession = 0.3
    ... [assurance]
    ... credibility = 0.9
    ... [horizon]
    ... discount = 0.9
    ... ''', "s.toml")
    >>> report = scen.solve()
    >>> report.viable, report.demand_status
    (True, 'window')
    """

    title: str
    source: str
    coercer: str
    target: str
    equilibrium_path: tuple[str, ...]
    path_probabilities: tuple[float, ...]
    decision: str
    margin: float
    viable: bool
    concession: float
    largest_demand: float
    smallest_demand: float
    inputs: dict[str, Any]
    derived: dict[str, float]
    critical: dict[str, Any]
    drivers: list[dict[str, Any]]
    driver_of: dict[str, str]
    game_and_closed_form_agree: bool
    coalition: dict[str, Any] | None = None
    channels: list[dict[str, Any]] | None = None
    delays: dict[str, Any] | None = None
    escalation: dict[str, Any] | None = None
    defender: dict[str, Any] | None = None
    critical_inputs: dict[str, Any] = dataclasses.field(default_factory=dict)
    uncertainty: dict[str, Any] | None = None
    notes: tuple[str, ...] = ()

    @property
    def demand_status(self) -> str:
        """``"window"`` (the demands in [smallest_demand, largest_demand] work), ``"any"`` or ``"none"``."""
        return _demand_status(self.smallest_demand, self.largest_demand)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (what ``compellence solve --json`` writes).

        Returns
        -------
        dict of str to Any
            Plain numbers, strings, lists and dicts; infinities as strings.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> d = scen.solve().to_dict()
        >>> d["decision"], d["viable"]
        ('comply', True)
        """
        return jsonable({
            "title": self.title,
            "source": self.source,
            "coercer": self.coercer,
            "target": self.target,
            "equilibrium_path": list(self.equilibrium_path),
            "path_probabilities": list(self.path_probabilities),
            "decision": self.decision,
            "margin": self.margin,
            "viable": self.viable,
            "concession": self.concession,
            "largest_demand": self.largest_demand,
            "smallest_demand": self.smallest_demand if np.isfinite(self.smallest_demand) else None,
            "demand_status": self.demand_status,
            "inputs": self.inputs,
            "derived": self.derived,
            "critical_inputs": {k: _critical_input_dict(v, self.inputs.get(k))
                                for k, v in self.critical_inputs.items()},
            "critical": {k: _critical_dict(v) for k, v in self.critical.items()},
            "uncertainty": self.uncertainty,
            "drivers": self.drivers,
            "driver_of": self.driver_of,
            "game_and_closed_form_agree": self.game_and_closed_form_agree,
            "coalition": self.coalition,
            "channels": self.channels,
            "delayed_demand": self.delays,
            "escalation": self.escalation,
            "defender": self.defender,
            "notes": list(self.notes),
        })

    def to_table(self) -> str:
        """The report as the text table ``compellence solve`` prints.

        Returns
        -------
        str
            The table, one quantity per row.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> print(scen.solve().to_table())  # doctest: +ELLIPSIS
        sanctions  (Coercer coerces Target)
        ===================================
        <BLANKLINE>
          equilibrium_path  Target: comply -> chance: lift (p=0.9)
          decision          comply
          margin            0.267   M = (pi_T phi + pi_A - 1)(r P + Z_T) - x - cc + L
          viable            yes
          concession        0.3
          largest_demand    0.567
          smallest_demand   0
        ...
        """
        d = self.derived
        head = f"{self.title}  ({self.coercer} coerces {self.target})"
        steps = []
        for step, p in zip(self.equilibrium_path, self.path_probabilities):
            steps.append(step if p >= 1 - 1e-12 else f"{step} (p={fmt_num(p, 3)})")
        status = self.demand_status
        if status == "none":
            demands = "no concession in [0, 1] is accepted"
        elif status == "any":
            demands = "any demand works (exceeds the whole stake)"
        else:
            demands = f"the target accepts concessions in [{fmt_num(self.smallest_demand)}, " \
                      f"{fmt_num(self.largest_demand)}]"
        rows = [
            ("equilibrium_path", " -> ".join(steps)),
            ("decision", self.decision + ("" if self.game_and_closed_form_agree
                                          else "  (WARNING: the game and the closed form disagree)")),
            ("margin", f"{fmt_num(self.margin)}   M = (pi_T phi + pi_A - 1)(r P + Z_T) - x - cc + L"
             + (" + prem" if d.get("backslide_premium", 0.0) > 0 else "")),
            ("viable", "yes" if self.viable else "no (M < 0: the target resists)"),
            ("concession", fmt_num(self.concession)),
            ("largest_demand", fmt_num(self.largest_demand)),
            ("smallest_demand", fmt_num(self.smallest_demand) if np.isfinite(self.smallest_demand) else "none"),
            ("demand_status", f"{status}: {demands}"),
        ]
        lines = [head, "=" * len(head), ""]
        lines.append(text_table(rows))
        if self.critical_inputs:
            lines += ["", "critical values of the inputs (in the file's units; every other input "
                      "held fixed, the full model):"]
            lines.append(text_table([
                (key, _critical_input_text(c), f"now {fmt_num(self.inputs[key])}")
                for key, c in self.critical_inputs.items()]))
        if self.uncertainty is not None:
            u = self.uncertainty
            lines += ["", f"uncertain inputs ({u['n_draws']} model evaluations; the numbers above are "
                      "the model at the inputs' medians):"]
            rows = [("probability_viable", f"{fmt_num(u['probability_viable'])} +- "
                     f"{fmt_num(u['probability_viable_se'])} (Monte Carlo s.e.)"),
                    ("margin", f"mean {fmt_num(u['margin_mean'])}, sd {fmt_num(u['margin_sd'])}")]
            for rec in u.get("sensitivity") or ():
                rows.append((f"sobol[{rec['input']}]", f"first order {fmt_num(rec['first_order'])}, "
                             f"total {fmt_num(rec['total_order'])}"))
            lines.append(text_table(rows))
        lines += ["", "critical values of the derived quantities (the other derived quantities "
                  "held fixed):"]
        crit_rows = []
        for key, c in self.critical.items():
            name = key[len("critical_"):]
            crit_rows.append((key, _critical_text(c), f"now {fmt_num(d[name])}"))
        lines.append(text_table(crit_rows))
        shown = [(k, fmt_num(v)) for k, v in self.inputs.items()
                 if k in ("coercer.threat_credibility", "assurance.credibility", "demand.concession")
                 or k.startswith("power.")]
        if shown:
            lines += ["", "inputs behind the credibilities (as set; --format json lists every input):"]
            lines.append(text_table(shown))
        lines += ["", "derived quantities (computed by the model from the inputs):"]
        lines.append(text_table([(k, fmt_num(v), _DERIVED_DOC.get(k, "")) for k, v in d.items()]))
        if self.drivers:
            lines += ["", "drivers (per instrument):"]
            core = [c for c in _DRIVER_COLUMNS if c in self.drivers[0]]
            lines.append(text_table([tuple(r[c] for c in core) for r in self.drivers], core))
            lines.append(
                f"  most of the punishment: {self.driver_of['punishment']}; most of the irreversible "
                f"part: {self.driver_of['irreversibility']}; narrows the off-ramp most: "
                f"{self.driver_of['drag']}")
        if self.coalition:
            c = self.coalition
            lines += ["", f"coalition ({c['rule']}, {len(c['members'])} members; the same model as above):"]

            def window(lo: Any, hi: Any) -> str:
                if lo is None:
                    return "empty: no concession in [0, 1] is accepted"
                return f"[{fmt_num(lo)}, {fmt_num(hi)}]"

            lines.append(text_table([
                ("coalition_assurance_factor", fmt_num(c["coalition_assurance_factor"])),
                ("window", window(c["smallest_demand"], c["largest_demand"])),
                ("demand_in_window", "yes" if c["demand_in_window"] else "no"),
                ("single_coercer_window", window(c["single_smallest_demand"], c["single_largest_demand"])),
            ]))
        if self.channels is not None:
            lines += ["", "public or private (demand / assurance):"]
            cols = list(self.channels[0])
            lines.append(text_table([tuple(r[c] for c in cols) for r in self.channels], cols))
        if self.delays is not None:
            dl = self.delays

            def when(v: Any) -> str:
                return "never (within the dates solved)" if v is None else f"period {fmt_num(v)}"

            lines += ["", "delayed demand (the coercer chooses when to demand; equilibrium):"]
            lines.append(text_table([
                ("equilibrium", dl["equilibrium"]),
                ("optimal_delay", when(dl["optimal_delay"])),
                ("reply", dl["reply"] or "-"),
                ("offramp_taken", "yes" if dl["offramp_taken"] else "no"),
                ("prob_no_demand", fmt_num(dl["prob_no_demand"])),
                ("opens_at", when(dl["opens_at"])),
                ("closes_at", when(dl["closes_at"])),
            ]))
        if self.escalation is not None:
            e = self.escalation
            lines += ["", "facing escalating punishment (comply / endure / escalate):"]
            lines.append(text_table([(k, fmt_num(v) if not isinstance(v, str) else v) for k, v in e.items()]))
        if self.defender is not None:
            dv = self.defender
            lines += ["", f"three parties: {dv['name']}'s veto (y = the target's share of the stake; "
                      "docs/coercion.md):"]

            def interval(ok: bool, lo: Any, hi: Any) -> str:
                return f"[{fmt_num(lo)}, {fmt_num(hi)}]" if ok else "empty"

            lines.append(text_table([
                ("defender_bar", f"{fmt_num(dv['defender_bar'])}   y_U = war_share + war_cost (derived)"),
                ("coercer_bar", fmt_num(dv["coercer_bar"])),
                ("target_floor_lifted", f"{fmt_num(dv['target_floor_lifted'])}   "
                 "a = p - L + cc - (pi_T phi + pi_A - 1)(r P + Z_T) (derived)"),
                ("target_floor_unlifted", f"{fmt_num(dv['target_floor_unlifted'])}   "
                 "b = p - L + cc + (1 - pi_T phi)(r P + Z_T) (derived)"),
                ("accepted", interval(dv["accepted"], dv["accepted_low"], dv["accepted_high"])
                 + "   all three accept (the coercer lifts)"),
                ("unlifted", interval(dv["unlifted"], dv["unlifted_low"], dv["unlifted_high"])
                 + "   settled without lifting (lower end excluded if it equals coercer_bar)"),
                ("deal", "yes" if dv["deal"] else "no"),
                ("spoiler", "yes: no deal only because coercer_bar < defender_bar" if dv["spoiler"]
                 else "no"),
                ("terms", (fmt_num(dv["terms"]) + (" (lifted)" if dv["lifted"] else " (not lifted)"))
                 if dv["deal"] else "none: the war goes on"),
            ] + ([] if dv["game_and_closed_form_agree"] else
                 [("WARNING", "the three-player game and the closed form disagree")])))
        for n in self.notes:
            lines.append(f"\nnote: {n}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Jupyter shows the report's table (``to_table()``)."""
        from .reports import table_html

        return table_html(self.to_table())

    def __repr__(self) -> str:
        return (f"CampaignReport({self.title!r}, margin={fmt_num(self.margin)}, "
                f"viable={self.viable}, largest_demand={fmt_num(self.largest_demand)})")


# ---------------------------------------------------------------------------- sweeps
#: Output columns of a campaign sweep (the shared names of :class:`OffRamp`), then the varied keys.
SWEEP_COLUMNS = ("margin", "viable", "largest_demand", "decision", "effective_threat_credibility",
                 "effective_assurance_credibility", "effective_reversibility", "punishment_per_period")
#: Critical values in a sweep (their ``value``; ``inf`` where no value in range opens the off-ramp).
SWEEP_CRITICAL = ("critical_effective_assurance_credibility", "critical_effective_reversibility",
                  "critical_effective_threat_credibility")


class _SweepModel:
    """A vectorised sweep model: grid arrays -> the scenario's off-ramp (picklable)."""

    vectorized = True

    def __init__(self, file: ScenarioData, paths: dict[str, KeyPath]):
        self.file = file
        self.paths = paths

    def sweep_outputs(self, **params: np.ndarray) -> dict[str, np.ndarray]:
        values = {self.paths[k]: np.asarray(v, dtype=float) for k, v in params.items()}
        for path, v in values.items():  # integer keys (e.g. deadline) take whole numbers
            if path[-1] in ("deadline", "periods", "elapsed"):
                values[path] = np.round(v)
        data = with_values(self.file.data, values)
        campaign, coalition = build_campaign(self.file, data)
        off = campaign.offramp()
        shape = off.batch_shape

        def b(v: Any) -> np.ndarray:
            return np.broadcast_to(np.asarray(v), shape)

        out = {name: b(getattr(off, name)) for name in SWEEP_COLUMNS}
        out["decision"] = out["decision"].astype(str)
        for name in SWEEP_CRITICAL:
            out[name] = b(getattr(off, name).value)
        if coalition is not None:
            out["smallest_demand"] = b(off.smallest_demand)
        return out


@register
class CampaignScenario(Scenario):
    """A coercion campaign (``kind = "campaign"``).

    Parameters
    ----------
    file : ScenarioData
        The parsed and validated file; create the scenario with
        :func:`~compellence.scenario.load_scenario` /
        :func:`~compellence.scenario.loads_scenario`.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "campaign"
    ... title = "sanctions"
    ... [coercer]
    ... threat_credibility = 0.8
    ... [[instruments]]
    ... kind = "sanctions"
    ... name = "finance"
    ... cost_target = 0.1
    ... reversibility = 0.9
    ... [demand]
    ... concession = 0.3
    ... [assurance]
    ... credibility = 0.9
    ... [horizon]
    ... discount = 0.9
    ... ''', "s.toml")
    >>> scen
    CampaignScenario('s.toml', title='sanctions')
    >>> report = scen.solve()
    >>> report.decision, round(report.margin, 6)
    ('comply', 0.267)
    """

    kind: ClassVar[str] = "campaign"

    def campaign(self) -> Campaign:
        """The :class:`~compellence.coercion.campaign.Campaign` this file describes.

        Returns
        -------
        compellence.coercion.Campaign
            The campaign built from the file (the same model as in Python).

        Raises
        ------
        ScenarioError
            An input the model refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> round(float(scen.campaign().offramp().margin), 6)
        0.267
        """
        return build_campaign(self.file)[0]

    def coalition(self) -> Coalition | None:
        """The coalition (or ``None``).

        Returns
        -------
        compellence.coercion.Coalition or None
            The file's ``[coalition]`` as a coalition, ``None`` without one.

        Raises
        ------
        ScenarioError
            An input the model refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> scen.coalition() is None
        True
        """
        return build_campaign(self.file)[1]

    def game(self) -> Game:
        """The campaign's compellence game (:meth:`Campaign.game`).

        Returns
        -------
        compellence.games.Game
            The game tree of the campaign.

        Raises
        ------
        ScenarioError
            An input the model refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> scen.game().players
        ('Coercer', 'Target')
        """
        return self.campaign().game()

    def describe(self) -> str:
        """One line: what the scenario is (title, instruments, coercer and target).

        Returns
        -------
        str
            The description.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> print(scen.describe())
        kind = "campaign", 'sanctions': 1 instrument, demand 0.3
        """
        d = self.data
        n = len(d["instruments"])
        extra = ", with a coalition" if d.get("coalition") else ""
        return (f'kind = "campaign", {self.title!r}: {n} instrument{"s" * (n != 1)}, demand '
                f"{fmt_num(d['demand']['concession'])}{extra}")

    def _defender(self, off: Any) -> dict[str, Any]:
        """The ``[defender]`` section: :func:`~compellence.coercion.veto.veto_settlement` on the
        campaign's effective quantities, checked against the three-player tree (``cp.spe``)."""
        from ..coercion.veto import veto_game, veto_settlement
        from ..solvers.spe import spe

        dd = self.data["defender"]
        sanctions = dict(
            threat_credibility=off.effective_threat_credibility,
            assurance_credibility=off.effective_assurance_credibility,
            reversibility=off.effective_reversibility,
            punishment_per_period=off.punishment_per_period, future_weight=off.future_weight,
            resistance_cost=off.resistance_cost, compliance_cost=off.compliance_cost,
            escalation_cost=off.escalation_cost, threat_factor=off.threat_factor)
        try:
            res = veto_settlement(dd["war_share"], dd["war_cost"], dd["coercer_bar"], **sanctions)
        except ParameterError as exc:
            raise located(self.file, exc, {"war_share": ("defender", "war_share"),
                                           "defender_war_cost": ("defender", "war_cost"),
                                           "coercer_bar": ("defender", "coercer_bar")}) from None
        if res.batch_shape:
            raise self.file.error("the [defender] analysis needs a scalar campaign", ("defender",))
        out: dict[str, Any] = {"name": dd.get("name") or "Defender"}
        for f in res._frame_fields:
            v = np.asarray(getattr(res, f)).item()
            out[f] = bool(v) if isinstance(v, (bool, np.bool_)) else float(v)
        # the same settlement by backward induction on the three-player tree: the target
        # proposes from a menu holding a 0.01 grid and the closed form's two candidates
        cands = [min(out["coercer_bar"], out["defender_bar"], 1.0), min(out["defender_bar"], 1.0)]
        menu = np.unique(np.concatenate([np.linspace(0.0, 1.0, 101), cands]))
        sol = spe(veto_game(menu, dd["war_share"], dd["war_cost"], dd["coercer_bar"], **sanctions))
        out["game_and_closed_form_agree"] = bool(
            abs(float(sol.value[1]) - out["target_value"]) <= 1e-9 * max(1.0, abs(out["target_value"]))
            and (sol.path()[-1] in ("lift", "keep")) == out["deal"])
        if out["terms"] < 0:
            out["terms"] = None  # no deal (JSON: null; "deal" says why)
        return out

    def solve(self) -> CampaignReport:
        """Off-ramp (closed form) and equilibrium path (game), as a :class:`CampaignReport`.

        Returns
        -------
        CampaignReport
            Both routes to the off-ramp, the critical values, drivers and (if the
            file asks for them) coalition, channels, delays, escalation, defender
            and uncertainty sections.

        Raises
        ------
        ScenarioError
            An input the model refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> report = scen.solve()
        >>> report.equilibrium_path, report.game_and_closed_form_agree
        (('Target: comply', 'chance: lift'), True)
        """
        from ..coercion.campaign.result import CRITICAL, DERIVED
        from ..solvers.spe import spe
        from .games import labelled_path

        campaign, coalition = build_campaign(self.file)
        try:
            off = campaign.offramp()
            game = campaign.game()
            sol = spe(game)
            smallest, largest = float(off.smallest_demand), float(off.largest_demand)
        except CompellenceError as exc:
            raise ScenarioError(str(exc), source=self.source) from None
        actions = sol.path()
        path = labelled_path(game, actions)
        probs = []
        node = 0
        for a in actions:
            child = int(game.child_start[node] + game.action_labels[node].index(a))
            probs.append(float(sol.edge_prob[child]))
            node = child
        decision = actions[0] if actions else ""
        viable = bool(off.viable)
        agree = (decision == "comply") == viable
        derived = {name: float(getattr(off, name)) for name in DERIVED}
        critical = {name: getattr(off, name) for name in CRITICAL}
        # the critical values in the units of the file's own inputs (batched root finding)
        critical_inputs = {}
        for key in _critical_input_keys(campaign):
            try:
                critical_inputs[key] = campaign.critical(key)
            except ParameterError:  # an input with no usable range (e.g. a zero cost): not reported
                continue
        uncertainty = off.uncertainty.to_dict() if campaign.distributions else None
        inputs = {k: float(v) for k, v in campaign.inputs().items() if np.ndim(v) == 0}
        drivers = off.drivers_records() if off.drivers else []
        driver_of = {k: str(np.asarray(v)) for k, v in off.driver_of.items()}
        notes = []
        threat = derived["reimposition_threat"]
        if not bool(off.deal_holds) and campaign.backsliding:
            notes.append(
                "after lifting, the threat of re-imposition (reimposition_threat = rho (Q + Z_T) = "
                f"{fmt_num(threat)}) is below the demand: the target would backslide once punishment "
                "is lifted, which voids (given credibility) or weakens (derived credibility) the "
                "promise to lift")
        elif not bool(off.deal_holds):
            notes.append(
                "diagnostic: the threat of re-imposition (reimposition_threat = rho (Q + Z_T) = "
                f"{fmt_num(threat)}) is below the demand, so the target would backslide after lifting "
                "if it could take the concession back; not in this game (set demand.backsliding = "
                "true to model it)")
        if derived["escalation_hazard"] > 0:
            notes.append(f"per-period escalation hazard of the instruments: "
                         f"{fmt_num(derived['escalation_hazard'])} (escalation_cost, the target's "
                         f"expected catastrophe cost while punishment continues: "
                         f"{fmt_num(derived['escalation_cost'])})")
        coal = None
        if coalition is not None:
            x = float(off.concession)
            single_fn = getattr(coalition, "single_equivalent", None)
            s_lo = s_hi = None
            if callable(single_fn):
                so = campaign.replace(coalition=single_fn()).offramp()
                s_lo, s_hi = float(so.smallest_demand), float(so.largest_demand)
                if not np.isfinite(s_lo):
                    s_lo = s_hi = None
            empty = not np.isfinite(smallest)
            coal = {
                "rule": coalition.rule,
                "members": list(coalition.names),
                "coalition_assurance_factor": float(campaign.coalition_assurance_factor),
                "smallest_demand": None if empty else smallest,
                "largest_demand": None if empty else largest,
                "demand_in_window": bool(viable),
                "single_smallest_demand": s_lo,
                "single_largest_demand": s_hi,
            }
            if not empty and not (smallest - 1e-9 <= x <= largest + 1e-9) and viable:
                notes.append("the demand is viable but outside the scanned window (a window narrower "
                             "than the scan's grid step); refine with campaign.critical")
        channels = None
        analysis = self.data.get("analysis") or {}
        if analysis.get("compare_channels"):
            from ..coercion.audience import compare_channels

            cmp_ch = compare_channels(campaign)
            rows = []
            for (dem, asr), m in cmp_ch.margin.items():
                rows.append({"demand": "public" if dem else "private",
                             "assurance": "public" if asr else "private",
                             "effective_threat_credibility": float(cmp_ch.pi_T[(dem, asr)]),
                             "effective_assurance_credibility": float(cmp_ch.pi_A[(dem, asr)]),
                             "face_cost": float(cmp_ch.face_cost[(dem, asr)]),
                             "margin": float(m), "viable": bool(cmp_ch.viable[(dem, asr)])})
            channels = rows
        delays = None
        if analysis.get("delayed_demand"):
            from ..coercion.delay import KINDS, PLANS, DelayedDemand

            try:
                model = DelayedDemand.from_campaign(
                    campaign, max_delay=int(analysis["delayed_demand"]),
                    exposure=analysis["exposure"], punitive_benefit=analysis["punitive_benefit"])
                eq = model.solve()
            except ParameterError as exc:
                names = {k: ("coercer", k) for k in ("prob_compellent", "threat_credibility",
                                                      "benefit", "audience_cost")}
                names.update({"horizon": ("horizon", "periods"), "discount": ("horizon", "discount"),
                              "instruments": ("instruments",),
                              "instruments[0].elapsed": ("instruments", 0, "elapsed")})
                raise located(self.file, exc, names) from None
            if eq.model.batch_shape:
                raise self.file.error("the delayed-demand analysis needs a scalar campaign",
                                      ("analysis", "delayed_demand"))

            def num(v: Any) -> float | None:
                v = float(np.asarray(v))
                return v if np.isfinite(v) else None

            reply = int(np.asarray(eq.reply))
            delays = {
                "equilibrium": KINDS[int(np.asarray(eq.kind))],
                "optimal_delay": num(eq.optimal_delay),
                "delay_punitive": num(eq.delay_punitive),
                "reply": (*PLANS, "")[reply],
                "belief_at_demand": num(eq.belief_at_demand),
                "offramp_taken": bool(np.asarray(eq.offramp_taken)),
                "offramp_period": num(eq.offramp_period),
                "prob_no_demand": num(eq.prob_no_demand),
                "opens_at": num(eq.opens_at),
                "closes_at": num(eq.closes_at),
                "n_equilibria": int(np.asarray(eq.n_equilibria)),
            }
        escalation = None
        esc = self.data.get("escalation")
        if esc:
            from ..coercion.escalation import cornered

            if campaign.horizon is not None:
                raise self.file.error("the escalation model needs an open-ended horizon: remove "
                                      "horizon.periods", ("horizon", "periods"))
            try:
                cr = cornered(off.concession, off.punishment_per_period, campaign.discount,
                              off.effective_threat_credibility, off.effective_assurance_credibility,
                              off.effective_reversibility, growth=esc["growth"], risk=esc["risk"],
                              backdown=esc["backdown"], catastrophe=esc["catastrophe"])
            except ParameterError as exc:
                raise located(self.file, exc, {"growth": ("escalation", "growth")}) from None
            escalation = {
                "v_comply": float(cr.v_comply), "v_endure": float(cr.v_endure),
                "v_escalate": float(cr.v_escalate),
                "choice": ("comply", "endure", "escalate")[int(cr.choice)],
                "offramp": bool(cr.offramp), "punishment": float(cr.punishment),
                "critical_punishment": float(cr.critical_punishment),
            }
        defender = self._defender(off) if self.data.get("defender") else None
        return CampaignReport(
            title=self.title,
            source=self.source,
            coercer=campaign.coercer.name,
            target=campaign.target.name,
            equilibrium_path=path,
            path_probabilities=tuple(probs),
            decision=decision,
            margin=float(off.margin),
            viable=viable,
            concession=float(off.concession),
            largest_demand=largest,
            smallest_demand=smallest,
            inputs=inputs,
            derived=derived,
            critical=critical,
            drivers=drivers,
            driver_of=driver_of,
            game_and_closed_form_agree=agree,
            coalition=coal,
            channels=channels,
            delays=delays,
            escalation=escalation,
            defender=defender,
            critical_inputs=critical_inputs,
            uncertainty=uncertainty,
            notes=tuple(notes),
        )

    def sweep(self, varies: Mapping[str, Any] | Sequence[str | Vary], *,
              backend: Backend = "vectorized",
              scheduler: str | None = None, checkpoint: str | os.PathLike | None = None,
              progress: bool = False) -> SweepResult:
        """Evaluate the off-ramp over the product grid of ``varies`` (one row per point).

        Parameters
        ----------
        varies : mapping or list of str or list of Vary
            A mapping ``{key: values}`` (``{"assurance.credibility":
            np.linspace(0, 1, 5)}``; values may also be a ``"start:stop:num"``
            string), or a list of the command line's ``"key=start:stop:num"``
            strings (see :func:`compellence.scenario.loader.as_varies`).  Values are
            in the unit of the key in the file.
        backend : {"vectorized", "auto", "serial", "process", "dask"}, optional
            Passed to :func:`compellence.analysis.sweep` (``"vectorized"``, the
            default: one batched pass; ``"process"``, ``"dask"``: chunks elsewhere).
        scheduler : str or None, optional
            A Dask scheduler address (``backend="dask"``).
        checkpoint : str or os.PathLike or None, optional
            A checkpoint file: finished chunks are kept and a rerun resumes.
        progress : bool, optional
            Show a progress bar (default False).

        Returns
        -------
        SweepResult
            The table (one row per grid point, the varied keys and the off-ramp
            quantities as columns).

        Raises
        ------
        ScenarioError
            Nothing to sweep, an unknown or non-numeric key, or a value the model
            refuses (naming the key).
        CheckpointError
            A checkpoint that belongs to another sweep.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "campaign"
        ... title = "sanctions"
        ... [coercer]
        ... threat_credibility = 0.8
        ... [[instruments]]
        ... kind = "sanctions"
        ... name = "finance"
        ... cost_target = 0.1
        ... reversibility = 0.9
        ... [demand]
        ... concession = 0.3
        ... [assurance]
        ... credibility = 0.9
        ... [horizon]
        ... discount = 0.9
        ... ''', "s.toml")
        >>> result = scen.sweep({"assurance.credibility": [0.2, 0.5, 0.9]})
        >>> result.summary()
        '3 grid points over assurance.credibility; off-ramp viable at 1 (33.3%)'
        >>> result.frame[["assurance.credibility", "viable"]].values.tolist()
        [[0.2, False], [0.5, False], [0.9, True]]
        """
        from ..analysis import sweep as run_sweep

        varies = as_varies(varies)
        if not varies:
            raise ScenarioError("nothing to sweep: give at least one --vary KEY=START:STOP:NUM")
        check_vary(self.file, varies)
        names = {}
        for v in varies:
            name = v.name
            while name in names:
                name += "_"
            names[name] = v
        model = _SweepModel(self.file, {n: v.path for n, v in names.items()})
        # fail fast on the first point (in this process, with a located message)
        model.sweep_outputs(**{n: v.values[:1] for n, v in names.items()})
        client = dask_client(backend, scheduler)
        kw: dict[str, Any] = {}
        if backend == "process":
            kw["chunk"] = max(1, -(-int(np.prod([len(v.values) for v in varies])) // 8))
        try:
            frame = run_sweep(
                model,
                {n: v.values for n, v in names.items()},
                backend=backend,
                checkpoint=checkpoint,
                progress=progress,
                client=client,
                **kw,
            )
        finally:
            if client is not None:
                client.close()
        frame = frame.rename(columns={n: v.key for n, v in names.items()})
        return SweepResult(frame=frame, varies=tuple(varies), title=self.title)
