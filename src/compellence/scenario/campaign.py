"""Campaign scenarios (``kind = "campaign"``): TOML -> :class:`compellence.coercion.Campaign`.

The scenario keys map one-to-one onto the fields of
:class:`~compellence.coercion.campaign.Campaign` and its parts
(:class:`Coercer`, :class:`Target`, the instruments, :class:`Demand`,
:class:`Assurance`); ``[horizon]`` gives ``discount`` and ``periods``
(``horizon``); a ``[coalition]`` turns the assurance into the probability that
the coalition's lifting rule is met at the demanded concession
(:class:`compellence.coercion.coalitions.Coalition`, MODELS.md "Coalitions"):

    pi_A0 = Pr(lift | x) * (assurance.credibility, or 1 if not given)

and adds the coalition's off-ramp window (the concessions the target would
accept).  ``solve()`` reports both routes to the answer: the closed-form
off-ramp (:meth:`Campaign.offramp`) and the subgame-perfect equilibrium of the
campaign's game (:func:`compellence.spe`), and checks that they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ..errors import CompellenceError, ParameterError, ScenarioError
from .base import Scenario, register
from .loader import ScenarioData, Vary, check_vary, located, with_values
from .reports import fmt_num, jsonable, text_table
from .toml_lines import KeyPath

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
    for f in ("face_cost", "reputation_cost", "catastrophe_cost", "name"):
        names[f"Target.{f}"] = ("target", f)
        names[f"target.{f}"] = ("target", f)
    for f in ("concession", "public", "deadline"):
        names[f"Demand.{f}"] = ("demand", f)
    for f in ("credibility", "public"):
        names[f"Assurance.{f}"] = ("assurance", f)
        names[f"assurance.{f}"] = ("assurance", f)
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


def build_campaign(file: ScenarioData, data: dict[str, Any] | None = None):
    """The :class:`~compellence.coercion.campaign.Campaign` of a campaign scenario.

    ``data`` defaults to the file's validated data; a sweep passes a copy whose
    numbers are arrays.  Returns ``(campaign, coalition or None)``.
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
    coalition = None
    try:
        coalition = build_coalition(d)
    except ParameterError as exc:
        raise located(file, exc, _coalition_names(d)) from None
    assurance = _clean(d.get("assurance")) or {}
    coercer = _clean(d.get("coercer"))
    pw = d.get("power")
    if pw:
        from ..coercion.commitment import assurance_credibility, threat_credibility

        for key, path in (("credibility", ("assurance", "credibility")),
                          ("threat_credibility", ("coercer", "threat_credibility"))):
            src = assurance if path[0] == "assurance" else coercer
            if src.get(key) is not None:
                raise file.error("[power] derives this credibility; give one or the other",
                                 path)
        try:
            assurance["credibility"] = assurance_credibility(
                pw["deal_value"], pw["expected"], pw["cost"], pw["cost_sd"])
            coercer["threat_credibility"] = threat_credibility(
                pw["now"], pw["cost"], pw["cost_sd"], pw["backdown_value"])
        except ParameterError as exc:
            raise located(file, exc, {"deal_value": ("power", "deal_value"),
                                      "future_power": ("power", "expected"),
                                      "power": ("power", "now"), "cost": ("power", "cost"),
                                      "cost_sd": ("power", "cost_sd"),
                                      "backdown_value": ("power", "backdown_value")}) from None
    if coalition is not None:
        try:
            p_lift = coalition.lift_probability(d["demand"]["concession"])
        except ParameterError as exc:
            raise located(file, exc, _coalition_names(d)) from None
        base = assurance.get("credibility", 1.0)
        assurance = dict(assurance, credibility=np.asarray(base) * p_lift)
    kwargs = dict(
        coercer=coercer or "Coercer",
        target=_clean(d.get("target")) or "Target",
        instruments=insts,
        demand=_clean(d["demand"], drop=("backsliding",)),
        backsliding=bool(d["demand"].get("backsliding", False)),
        assurance=assurance or None,
        discount=(d.get("horizon") or {}).get("discount", 0.9),
        horizon=(d.get("horizon") or {}).get("periods"),
        title=d.get("title") or "",
    )
    try:
        return Campaign(**kwargs), coalition
    except ParameterError as exc:
        raise located(file, exc, _param_names(d, labels)) from None


# ---------------------------------------------------------------------------- reports
def _critical_text(c: Any) -> str:
    if bool(np.asarray(c.always)):
        return f"any value works (already viable at {fmt_num(c.lo)})"
    if bool(np.asarray(c.never)):
        hi = "inf" if np.isinf(c.hi) else fmt_num(c.hi)
        return f"none: no value in [{fmt_num(c.lo)}, {hi}] opens it"
    return fmt_num(float(np.asarray(c.value)))


def _critical_dict(c: Any) -> dict[str, Any]:
    return {
        "value": float(np.asarray(c.value)),
        "always_viable": bool(np.asarray(c.always)),
        "never_viable": bool(np.asarray(c.never)),
        "range": [c.lo, c.hi],
    }


#: Columns of the drivers table in the text report (the JSON report has all of them).
_DRIVER_COLUMNS = ("instrument", "kind", "share of s", "share of irreversible",
                   "margin contribution", "dM/dcost")


@dataclass(frozen=True)
class CampaignReport:
    """What ``compellence solve`` prints for a campaign: both routes to the off-ramp.

    ``path`` is the equilibrium path of the campaign's game (subgame-perfect,
    chance moves at their most likely branch, with probabilities in
    ``path_probs``); ``margin``, ``viable``, ``largest_demand`` and the critical
    values come from the closed form; ``agree`` says whether the game's
    equilibrium choice of the target matches the closed form's.
    """

    title: str
    source: str
    coercer: str
    target: str
    path: tuple[str, ...]
    path_probs: tuple[float, ...]
    target_choice: str
    margin: float
    viable: bool
    demand: float
    largest_demand: float
    critical: dict[str, Any]
    quantities: dict[str, float]
    drivers: pd.DataFrame
    driver_of: dict[str, str]
    agree: bool
    coalition: dict[str, Any] | None = None
    channels: pd.DataFrame | None = None
    delays: dict[str, Any] | None = None
    escalation: dict[str, Any] | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return jsonable({
            "title": self.title,
            "source": self.source,
            "coercer": self.coercer,
            "target": self.target,
            "equilibrium_path": list(self.path),
            "path_probabilities": list(self.path_probs),
            "target_choice": self.target_choice,
            "margin": self.margin,
            "viable": self.viable,
            "demand": self.demand,
            "largest_workable_demand": self.largest_demand,
            "critical": {k: _critical_dict(v) for k, v in self.critical.items()},
            "quantities": self.quantities,
            "drivers": self.drivers.to_dict(orient="records"),
            "driver_of": self.driver_of,
            "game_and_closed_form_agree": self.agree,
            "coalition": self.coalition,
            "channels": None if self.channels is None
            else self.channels.to_dict(orient="records"),
            "delay_schedule": None if self.delays is None else {
                k: (v.to_dict(orient="records") if isinstance(v, pd.DataFrame) else v)
                for k, v in self.delays.items()},
            "escalation": self.escalation,
            "notes": list(self.notes),
        })

    def to_table(self) -> str:
        q = self.quantities
        head = f"{self.title}  ({self.coercer} coerces {self.target})"
        steps = []
        for step, p in zip(self.path, self.path_probs):
            steps.append(step if p >= 1 - 1e-12 else f"{step} (p={fmt_num(p, 3)})")
        rows = [
            ("equilibrium path", " -> ".join(steps)),
            ("target's choice", f"{self.target_choice}"
             + ("" if self.agree else "  (WARNING: the game and the closed form disagree)")),
            ("off-ramp margin M", f"{fmt_num(self.margin)}   (M = (pi_T phi + pi_A r - 1) s D "
             "- x - cc" + (" + hazard and backsliding terms)" if q.get("hazard_cost_target", 0.0) > 0
                           or q.get("backslide_premium", 0.0) > 0 else ")")),
            ("off-ramp viable", "yes" if self.viable else "no (M < 0: the target resists)"),
            ("demand x", fmt_num(self.demand)),
            ("largest workable demand", fmt_num(self.largest_demand)
             + ("  (any demand: exceeds the whole stake)" if self.largest_demand > 1 else "")),
        ]
        lines = [head, "=" * len(head), ""]
        lines.append(text_table(rows))
        lines += ["", "critical thresholds (where the off-ramp opens, others held fixed):"]
        crit_rows = [
            ("assurance credibility pi_A*", _critical_text(self.critical["assurance_credibility"]),
             f"now {fmt_num(q['pi_A'])}"),
            ("reversibility r*", _critical_text(self.critical["reversibility"]),
             f"now {fmt_num(q['r'])}"),
            ("threat credibility pi_T*", _critical_text(self.critical["threat_credibility"]),
             f"now {fmt_num(q['pi_T'])}"),
            ("punishment per period s*", _critical_text(self.critical["punishment"]),
             f"now {fmt_num(q['s'])}"),
        ]
        lines.append(text_table(crit_rows))
        lines += ["", "derived quantities:"]
        lines.append(text_table([
            ("pi_T (threat credibility)", fmt_num(q["pi_T"])),
            ("pi_A (assurance credibility)", fmt_num(q["pi_A"])),
            ("r (reversibility)", fmt_num(q["r"])),
            ("s (punishment per period)", fmt_num(q["s"])),
            ("D (future weight)", fmt_num(q["D"])),
            ("phi (deadline discount)", fmt_num(q["threat_factor"])),
            ("cc (cost of complying beyond x)", fmt_num(q["compliance_cost"])),
        ]))
        if len(self.drivers):
            lines += ["", "drivers (per instrument):"]
            df = self.drivers
            core = [c for c in _DRIVER_COLUMNS if c in df.columns]
            df = df[core] if "instrument" in core else df
            lines.append(text_table(
                [tuple(r) for r in df.itertuples(index=False)], list(df.columns)))
            lines.append(
                f"  most of s: {self.driver_of['s']}; most of the irreversible part: "
                f"{self.driver_of['irreversibility']}; narrows the off-ramp most: "
                f"{self.driver_of['drag']}")
        if self.coalition:
            c = self.coalition
            lines += ["", f"coalition ({c['rule']}, {len(c['members'])} members):"]
            if c["empty"]:
                window = "empty: no concession satisfies the lifting rule and the target"
            else:
                window = f"[{fmt_num(c['x_lo'])}, {fmt_num(c['x_hi'])}]"
            lines.append(text_table([
                ("Pr(lift | demand)", fmt_num(c["lift_probability"])),
                ("off-ramp window (concessions)", window),
                ("demand inside the window", "yes" if c["demand_in_window"] else "no"),
                ("single-coercer window", "empty" if c["single_empty"] else
                 f"[{fmt_num(c['single_x_lo'])}, {fmt_num(c['single_x_hi'])}]"),
            ]))
        if self.channels is not None:
            lines += ["", "public or private (demand / assurance):"]
            df = self.channels
            lines.append(text_table(
                [tuple(r) for r in df.itertuples(index=False)], list(df.columns)))
        if self.delays is not None:
            dl = self.delays
            closes = dl["closes_at"]
            lines += ["", "delaying the demand (periods of punishment before it is stated):"]
            lines.append(text_table([
                ("optimal delay", f"{fmt_num(dl['optimal_delay'])} periods (margin "
                 f"{fmt_num(dl['best_margin'])})"),
                ("off-ramp closes at", "never within the schedule" if closes == float("inf")
                 else f"a delay of {fmt_num(closes)} periods"),
            ]))
            df = dl["table"]
            lines.append(text_table(
                [tuple(r) for r in df.itertuples(index=False)], list(df.columns)))
        if self.escalation is not None:
            e = self.escalation
            lines += ["", "facing escalating punishment (comply / endure / escalate):"]
            lines.append(text_table([
                ("value of complying", fmt_num(e["v_comply"])),
                ("value of enduring", fmt_num(e["v_endure"])),
                ("value of escalating", fmt_num(e["v_escalate"])),
                ("the target's best reply", e["choice"]),
                ("off-ramp (pi_A > 0)", "yes" if e["offramp"] else "no"),
                ("escalating punishment P", fmt_num(e["punishment"])),
                ("escalation beats enduring above P*", fmt_num(e["critical_punishment"])),
            ]))
        for n in self.notes:
            lines.append(f"\nnote: {n}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"CampaignReport({self.title!r}, margin={fmt_num(self.margin)}, "
                f"viable={self.viable}, largest_demand={fmt_num(self.largest_demand)})")


# ---------------------------------------------------------------------------- sweeps
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

        out = {
            "margin": b(off.margin),
            "viable": b(off.viable),
            "largest_demand": b(off.largest_demand),
            "decision": b(off.decision).astype(str),
            "pi_T": b(off.pi_T),
            "pi_A": b(off.pi_A),
            "r": b(off.r),
            "s": b(off.s),
            "critical_pi_A": b(off.critical_assurance.value),
            "critical_r": b(off.critical_reversibility.value),
            "critical_pi_T": b(off.critical_threat.value),
        }
        if coalition is not None:
            from ..coercion.coalitions import offramp_window

            w = offramp_window(coalition, off.pi_T, off.r, off.s, off.D)
            out["window_lo"] = b(w.x_lo)
            out["window_hi"] = b(w.x_hi)
        return out


def _dask_client(backend: str, scheduler: str | None):
    """A ``distributed.Client`` for ``--scheduler ADDR`` (None: none given or not Dask)."""
    if backend != "dask":
        return None
    try:
        from distributed import Client
    except ImportError:
        raise ScenarioError("--backend dask needs dask[distributed]: "
                            "pip install 'compellence[dask]'") from None
    if not scheduler:
        return None  # compellence.analysis.sweep starts (and closes) a local cluster
    try:
        return Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ScenarioError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


@dataclass(frozen=True)
class SweepResult:
    """A finished sweep: the table (one row per grid point) and what was varied."""

    frame: pd.DataFrame
    varies: tuple[Vary, ...]
    title: str
    kind: str = "campaign"

    @property
    def n_points(self) -> int:
        return len(self.frame)

    @property
    def n_viable(self) -> int:
        """Campaign sweeps: grid points where the off-ramp is viable."""
        if "viable" not in self.frame:
            raise ScenarioError(f"a {self.kind} sweep has no off-ramp viability column")
        return int(self.frame["viable"].sum())

    def summary(self) -> str:
        """One line about the result (what ``compellence sweep`` prints)."""
        head = (f"{self.n_points} grid points over {', '.join(v.key for v in self.varies)}")
        if self.kind == "campaign":
            n = self.n_viable
            return f"{head}; off-ramp viable at {n} ({100.0 * n / max(self.n_points, 1):.1f}%)"
        cols = [c for c in self.frame.columns if c.startswith("mean_share[")]
        parts = [f"{c[len('mean_share['):-1]} {self.frame[c].min():.3g}..{self.frame[c].max():.3g}"
                 for c in cols]
        return f"{head}; mean final share of defectors: " + "; ".join(parts)

    def to_csv(self, path: Any) -> None:
        self.frame.to_csv(path, index=False)

    def plot(self, path: Any) -> None:
        """Draw the off-ramp map (margin over the first one or two varied keys) to ``path``."""
        from .plotting import plot_sweep

        plot_sweep(self, path)

    def __repr__(self) -> str:
        return (f"SweepResult({self.title!r}, {self.kind}, points={self.n_points}, "
                f"varied={[v.key for v in self.varies]})")


@register
class CampaignScenario(Scenario):
    """A coercion campaign (``kind = "campaign"``)."""

    kind: ClassVar[str] = "campaign"

    def campaign(self):
        """The :class:`~compellence.coercion.campaign.Campaign` this file describes."""
        return build_campaign(self.file)[0]

    def coalition(self):
        """The coalition (or ``None``)."""
        return build_campaign(self.file)[1]

    def game(self):
        """The campaign's compellence game (:meth:`Campaign.game`)."""
        return self.campaign().game()

    def describe(self) -> str:
        d = self.data
        n = len(d["instruments"])
        extra = ", with a coalition" if d.get("coalition") else ""
        return (f'kind = "campaign", {self.title!r}: {n} instrument{"s" * (n != 1)}, demand '
                f"{fmt_num(d['demand']['concession'])}{extra}")

    def solve(self) -> CampaignReport:
        """Off-ramp (closed form) and equilibrium path (game), as a :class:`CampaignReport`."""
        from ..solvers.spe import spe
        from .games import _labelled_path

        campaign, coalition = build_campaign(self.file)
        try:
            off = campaign.offramp()
            game = campaign.game()
            sol = spe(game)
        except CompellenceError as exc:
            raise ScenarioError(str(exc), source=self.source) from None
        actions = sol.path()
        path = _labelled_path(game, actions)
        probs = []
        node = 0
        for a in actions:
            child = int(game.child_start[node] + game.action_labels[node].index(a))
            probs.append(float(sol.edge_prob[child]))
            node = child
        target_choice = actions[0] if actions else ""
        viable = bool(off.viable)
        agree = (target_choice == "comply") == viable
        q = {
            "pi_T": float(off.pi_T), "pi_A": float(off.pi_A), "r": float(off.r),
            "s": float(off.s), "D": float(off.D), "x": float(off.x),
            "compliance_cost": float(off.compliance_cost),
            "threat_factor": float(off.threat_factor),
            "escalation_hazard": float(off.escalation_hazard),
            "hazard_cost_target": float(off.hazard_cost_target),
            "reimposition_threat": float(off.reimposition_threat),
            "backslide_premium": float(off.backslide_premium),
        }
        drivers = off.drivers_frame() if off.drivers else pd.DataFrame()
        driver_of = {k: str(np.asarray(v)) for k, v in off.driver_of.items()}
        notes = []
        if not bool(off.deal_holds) and campaign.backsliding:
            notes.append(
                "after lifting, the threat of re-imposition (rho x (e r s D + hazard cost) = "
                f"{fmt_num(q['reimposition_threat'])}) is below the demand: the target would "
                "backslide once punishment is lifted, which voids (given credibility) or weakens "
                "(derived credibility) the promise to lift")
        elif not bool(off.deal_holds):
            notes.append(
                "diagnostic: the threat of re-imposition (rho x (e r s D + hazard cost) = "
                f"{fmt_num(q['reimposition_threat'])}) is below the demand, so the target would "
                "backslide after lifting if it could take the concession back; not in this game "
                "(set demand.backsliding = true to model it)")
        if q["escalation_hazard"] > 0:
            notes.append(f"per-period escalation hazard of the instruments: "
                         f"{fmt_num(q['escalation_hazard'])} (expected catastrophe cost to the "
                         f"target while punishment continues: {fmt_num(q['hazard_cost_target'])})")
        coal = None
        if coalition is not None:
            from ..coercion.coalitions import compare_window

            cmp_ = compare_window(coalition, off.pi_T, off.r, off.s, off.D)
            w, single = cmp_.coalition, cmp_.single
            x = float(off.x)
            coal = {
                "rule": coalition.rule,
                "members": list(coalition.names),
                "lift_probability": float(coalition.lift_probability(x)),
                "x_lo": float(w.x_lo), "x_hi": float(w.x_hi), "empty": bool(w.empty),
                "width": float(w.width),
                "demand_in_window": bool(not w.empty and float(w.x_lo) <= x <= float(w.x_hi)),
                "single_x_lo": float(single.x_lo), "single_x_hi": float(single.x_hi),
                "single_empty": bool(single.empty), "single_width": float(single.width),
            }
        channels = None
        analysis = self.data.get("analysis") or {}
        if analysis.get("compare_channels"):
            from ..coercion.audience import compare_channels

            cmp_ch = compare_channels(campaign)
            rows = []
            for (dem, asr), m in cmp_ch.margin.items():
                rows.append({"demand": "public" if dem else "private",
                             "assurance": "public" if asr else "private",
                             "pi_T": float(cmp_ch.pi_T[(dem, asr)]),
                             "pi_A": float(cmp_ch.pi_A[(dem, asr)]),
                             "face cost": float(cmp_ch.face_cost[(dem, asr)]),
                             "margin": float(m), "viable": bool(cmp_ch.viable[(dem, asr)])})
            channels = pd.DataFrame(rows)
        delays = None
        if analysis.get("delay_schedule"):
            from ..coercion.delay import delay_schedule

            try:
                sched = delay_schedule(campaign, int(analysis["delay_schedule"]),
                                       rate_compellent=analysis["rate_compellent"],
                                       rate_punitive=analysis["rate_punitive"])
            except ParameterError as exc:
                if exc.name == "assurance.credibility":
                    raise self.file.error(
                        "a delay schedule works through the target's belief about the "
                        "coercer's type, so the assurance must be derived: remove "
                        "assurance.credibility (and set coercer.prob_compellent and "
                        "punitive_weakening_value)", ("assurance", "credibility")) from None
                raise located(self.file, exc, {}) from None
            table = sched.to_frame()[["delay", "belief", "pi_A", "s", "margin", "viable"]]
            table = table.rename(columns={"belief": "Pr(compellent)"})
            delays = {"optimal_delay": float(sched.optimal_delay),
                      "best_margin": float(sched.best_margin),
                      "closes_at": float(sched.closes_at),
                      "interior": bool(sched.interior), "table": table}
        escalation = None
        esc = self.data.get("escalation")
        if esc:
            from ..coercion.escalation import cornered

            if campaign.horizon is not None:
                raise self.file.error("the escalation model needs an open-ended horizon: remove "
                                      "horizon.periods", ("horizon", "periods"))
            try:
                cr = cornered(off.x, off.s, campaign.discount, off.pi_T, off.pi_A, off.r,
                              growth=esc["growth"], risk=esc["risk"], backdown=esc["backdown"],
                              catastrophe=esc["catastrophe"])
            except ParameterError as exc:
                raise located(self.file, exc, {"growth": ("escalation", "growth")}) from None
            escalation = {
                "v_comply": float(cr.v_comply), "v_endure": float(cr.v_endure),
                "v_escalate": float(cr.v_escalate),
                "choice": ("comply", "endure", "escalate")[int(cr.choice)],
                "offramp": bool(cr.offramp), "punishment": float(cr.punishment),
                "critical_punishment": float(cr.critical_punishment),
            }
        return CampaignReport(
            title=self.title,
            source=self.source,
            coercer=campaign.coercer.name,
            target=campaign.target.name,
            path=path,
            path_probs=tuple(probs),
            target_choice=target_choice,
            margin=float(off.margin),
            viable=viable,
            demand=float(off.x),
            largest_demand=float(off.largest_demand),
            critical={
                "assurance_credibility": off.critical_assurance,
                "reversibility": off.critical_reversibility,
                "threat_credibility": off.critical_threat,
                "punishment": off.critical_punishment,
            },
            quantities=q,
            drivers=drivers,
            driver_of=driver_of,
            agree=agree,
            coalition=coal,
            channels=channels,
            delays=delays,
            escalation=escalation,
            notes=tuple(notes),
        )

    def sweep(self, varies: list[Vary], *, backend: str = "vectorized",
              scheduler: str | None = None, checkpoint: Any = None,
              progress: bool = False) -> SweepResult:
        """Evaluate the off-ramp over the product grid of ``varies`` (one row per point).

        ``backend`` is passed to :func:`compellence.analysis.sweep`
        (``"vectorized"``: one batched pass; ``"process"``, ``"dask"``: chunks
        elsewhere; ``scheduler`` is a Dask scheduler address).
        """
        from ..analysis import sweep as run_sweep

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
        client = _dask_client(backend, scheduler)
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
