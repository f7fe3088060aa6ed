"""Questions about private information (``kind = "incomplete_information"``), answered by ``compellence solve``.

``question = "screening"``: the target has private types (``[[target_types]]``:
name, prior, acceptance threshold ``xbar_i``; no threshold = it rejects every
off-ramp).  The report gives the coercer's optimal one-shot demand
(:func:`compellence.coercion.screening.screen`: ``EU(c) = c Pr(xbar >= c) +
w Pr(xbar < c)`` over ``c = max(xbar_i, 0)``), who accepts it, the settlement
/ war-risk trade-off of every candidate demand
(:func:`compellence.coercion.questions.settlement_tradeoff`) and the posterior
after each rejected offer (Bayes: ``Pr(i | rejected x_1..x_k) ∝ q_i 1[xbar_i <
min_j x_j]``, :func:`compellence.coercion.questions.unappeasable_given_rejections`).

``question = "signalling"``: a resolved and a bluffing coercer, overt aid as a
sunk cost (Fearon 1997; :func:`compellence.coercion.questions.aid_separation`):
for each aid cost, which pure perfect Bayesian equilibria the signalling
solver finds and the closed form ``v_B <= k <= (1 - p) v_R + c`` for
separation.

``question = "tying"``: a continuum of coercer types ``v ~ U[value_low,
value_high]`` and a target of private cost ``x ~ U[0, X]``
(:func:`compellence.coercion.costly_signals.tying_cutpoint`): the cutpoint
``v* = (1 - s) c / (s + (1 - s) p)``, ``s = min(P / X, 1)``, the audience cost
``a* = max(c - p v*, 0)``, the tie, war and bluff probabilities.

Every number is in the units of the inputs (shares of the stake); derived
quantities are labelled as such.  Types with no threshold are reported with
``acceptance_threshold = null`` and ``rejects_every_offramp = true`` in JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ..errors import ParameterError
from .base import Scenario, register
from .reports import fmt_num, jsonable, text_table

__all__ = ["IncompleteInformationScenario", "ScreeningReport", "SignallingReport", "TyingReport"]


def _records(df: Any) -> list[dict[str, Any]]:
    return jsonable(df.to_dict(orient="records"))


@dataclass(frozen=True)
class ScreeningReport:
    """What ``compellence solve`` prints for ``question = "screening"``."""

    title: str
    source: str
    types: tuple[str, ...]
    prior: tuple[float, ...]
    thresholds: tuple[float, ...]
    coercer_war_payoff: float
    demand: float
    settlement_probability: float
    war_probability: float
    coercer_payoff: float
    accepts: tuple[bool, ...]
    posterior_after_rejection: tuple[float, ...]
    rejection_possible: bool
    tradeoff: Any  # pandas.DataFrame (settlement_tradeoff)
    posterior_path: Any  # pandas.DataFrame (unappeasable_given_rejections)

    def to_dict(self) -> dict[str, Any]:
        finite = bool(np.isfinite(self.demand))
        path = []
        for _, r in self.posterior_path.iterrows():
            path.append({
                "step": int(r["step"]),
                "rejected_offer": None if r["step"] == 0 else float(r["rejected_offer"]),
                "rejection_probability": None if r["step"] == 0 else float(r["rejection_probability"]),
                "posterior": {t: float(r[f"posterior[{t}]"]) for t in self.types},
                "posterior_unappeasable": float(r["posterior_unappeasable"]),
            })
        return jsonable({
            "title": self.title, "source": self.source, "question": "screening",
            "types": [
                {"type": t, "prior": q, "acceptance_threshold": xb,
                 "rejects_every_offramp": bool(not np.isfinite(xb) or xb < 0),
                 "accepts": a, "posterior_after_rejection": pr}
                for t, q, xb, a, pr in zip(self.types, self.prior, self.thresholds, self.accepts,
                                           self.posterior_after_rejection, strict=True)
            ],
            "coercer_war_payoff": self.coercer_war_payoff,
            "demand": self.demand, "demand_settles": finite,
            "settlement_probability": self.settlement_probability,
            "war_probability": self.war_probability, "coercer_payoff": self.coercer_payoff,
            "rejection_possible": self.rejection_possible,
            "tradeoff": _records(self.tradeoff),
            "posterior_path": path,
        })

    def to_table(self) -> str:
        head = f"{self.title}  (screening a target of unknown resolve: the coercer's equilibrium demand)"
        lines = [head, "=" * len(head), ""]
        lines.append(text_table(
            [(t, q, "rejects every off-ramp" if not np.isfinite(xb) else fmt_num(xb), a, pr)
             for t, q, xb, a, pr in zip(self.types, self.prior, self.thresholds, self.accepts,
                                        self.posterior_after_rejection, strict=True)],
            ["type", "prior", "acceptance threshold", "accepts the demand", "posterior after rejection"],
        ))
        lines.append("")
        lines.append(text_table([
            ("optimal demand (derived)", self.demand if np.isfinite(self.demand) else "none settles: war"),
            ("settlement probability (derived)", self.settlement_probability),
            ("war probability (derived)", self.war_probability),
            ("coercer payoff (derived)", self.coercer_payoff),
            ("coercer war payoff (input)", self.coercer_war_payoff),
        ]))
        lines += ["", "settlement / war-risk trade-off by candidate demand:"]
        t = self.tradeoff
        lines.append(text_table(
            [(r.demand, r.settles, r.settlement_probability, r.war_probability, r.coercer_payoff,
              r.extra_war_risk, ("optimum" if r.coercer_optimum else "") +
              (" max settlement" if r.max_settlement else ""))
             for r in t.itertuples(index=False)],
            ["demand", "settles", "settlement probability", "war probability", "coercer payoff",
             "extra war risk", ""],
        ))
        if len(self.posterior_path) > 1:
            lines += ["", "posterior after the rejected offers (Bayes):"]
            p = self.posterior_path
            cols = [c for c in p.columns if c.startswith("posterior[")]
            lines.append(text_table(
                [(int(r["step"]), *((None, None) if r["step"] == 0 else
                                     (r["rejected_offer"], r["rejection_probability"])),
                  *[r[c] for c in cols], r["posterior_unappeasable"]) for _, r in p.iterrows()],
                ["step", "rejected offer", "rejection probability", *cols, "posterior unappeasable"],
            ))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ScreeningReport({self.title!r}, demand={self.demand:g})"


@dataclass(frozen=True)
class SignallingReport:
    """What ``compellence solve`` prints for ``question = "signalling"``."""

    title: str
    source: str
    inputs: dict[str, float]
    table: Any  # pandas.DataFrame (aid_separation)

    def to_dict(self) -> dict[str, Any]:
        return jsonable({"title": self.title, "source": self.source, "question": "signalling",
                         **self.inputs, "aid_costs": _records(self.table)})

    def to_table(self) -> str:
        head = f"{self.title}  (does overt aid separate a resolved coercer from a bluffer? pure PBE)"
        lines = [head, "=" * len(head), ""]
        lines.append(text_table([(k, v) for k, v in self.inputs.items()]))
        t = self.table
        lines += ["", "equilibria at each aid cost (signalling solver; closed form "
                      f"separates iff {fmt_num(t['aid_cost_low'].iloc[0])} <= k <= "
                      f"{fmt_num(t['aid_cost_high'].iloc[0])}):"]
        lines.append(text_table(
            [(r.aid_cost, r.resolve_revealed, r.separating_d1, r.pooling, int(r.n_pure_equilibria),
              r.closed_form_separates) for r in t.itertuples(index=False)],
            ["aid cost", "resolve revealed", "separating (D1)", "pooling", "pure equilibria",
             "closed form separates"],
        ))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"SignallingReport({self.title!r}, {len(self.table)} aid costs)"


@dataclass(frozen=True)
class TyingReport:
    """What ``compellence solve`` prints for ``question = "tying"``."""

    title: str
    source: str
    inputs: dict[str, float]
    answer: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return jsonable({"title": self.title, "source": self.source, "question": "tying", **self.inputs,
                         **self.answer})

    def to_table(self) -> str:
        head = f"{self.title}  (tying hands: the cutpoint equilibrium, a continuum of coercer types)"
        lines = [head, "=" * len(head), ""]
        lines.append(text_table([(k, v) for k, v in self.inputs.items()]))
        a = self.answer
        lines += ["", "equilibrium (derived):"]
        lines.append(text_table([
            ("cutpoint: types at or above it tie their hands", a["cutpoint"]),
            ("audience cost of the public commitment", a["audience_cost"]),
            ("target complies after a tie (probability)", a["comply_after_tie"]),
            ("tie probability", a["tie_probability"]),
            ("war probability", a["war_probability"]),
            ("bluff probability (tie, then back down)", a["bluff_probability"]),
        ]))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"TyingReport({self.title!r}, cutpoint={self.answer['cutpoint']:g})"


_TYING_KEYS = ("war_share", "war_cost", "punishment", "compliance_cost_max", "value_low", "value_high")

_SIGNAL_KEYS = ("prior_resolved", "value_resolved", "value_bluffer", "war_share", "war_cost", "demand",
                "punishment")


@register
class IncompleteInformationScenario(Scenario):
    """A screening or signalling question (``kind = "incomplete_information"``)."""

    kind: ClassVar[str] = "incomplete_information"

    @property
    def question(self) -> str:
        return self.data["question"]

    def _need(self, table: str) -> dict[str, Any]:
        d = self.data.get(table)
        if d is None or (table == "target_types" and not d):
            how = f"[[{table}]]" if table == "target_types" else f"[{table}]"
            raise self.file.error(f'question = "{self.question}" needs {how}', ("question",))
        return d

    def _screening_inputs(self) -> tuple[list[str], np.ndarray, np.ndarray, float, list[float]]:
        types = self._need("target_types")
        names = [t["name"] for t in types]
        prior = np.array([t["prior"] for t in types], dtype=float)
        xbar = np.array([-np.inf if t["acceptance_threshold"] is None else t["acceptance_threshold"]
                         for t in types], dtype=float)
        if abs(prior.sum() - 1.0) > 1e-9:
            raise self.file.error(f"the priors of the target types must sum to 1 (they sum to {prior.sum():g})",
                                  ("target_types", 0, "prior"))
        if not np.isfinite(xbar).any():
            raise self.file.error("at least one type needs an acceptance_threshold (every type rejects "
                                  "every off-ramp: there is nothing to screen)", ("target_types", 0))
        scr = self.data.get("screening") or {"coercer_war_payoff": 0.0, "rejected_offers": []}
        return names, prior, xbar, float(scr["coercer_war_payoff"]), list(scr["rejected_offers"])

    def _signalling_inputs(self) -> tuple[dict[str, float], list[float]]:
        s = self._need("signalling")
        d = {k: float(s[k]) for k in _SIGNAL_KEYS}
        if not (d["value_bluffer"] > 0 and d["war_share"] * d["value_bluffer"] - d["war_cost"] < 0):
            raise self.file.error("the bluffer must value the stake (v_B > 0) and not carry out its threat "
                                  "(p v_B - c < 0)", ("signalling", "value_bluffer"))
        if d["war_share"] * d["value_resolved"] - d["war_cost"] < 0:
            raise self.file.error("the resolved type must carry out its threat (p v_R - c >= 0)",
                                  ("signalling", "value_resolved"))
        if d["demand"] >= d["punishment"]:
            raise self.file.error("the demand must be below the punishment (0 < x < P)", ("signalling", "demand"))
        return d, list(s["aid_cost"])

    def check(self) -> None:
        """Refuse what ``solve`` would refuse (priors, thresholds, contradictory rejections, the
        two-type resolve game): the answer is a few closed forms and one batched signalling sweep,
        so this simply solves."""
        self.solve()

    def describe(self) -> str:
        return f'kind = "incomplete_information", {self.title!r}: question = "{self.question}"'

    def solve(self) -> ScreeningReport | SignallingReport | TyingReport:
        """Answer the file's question (module docstring)."""
        how = {"screening": self._solve_screening, "signalling": self._solve_signalling,
               "tying": self._solve_tying}[self.question]
        try:
            return how()
        except ParameterError as e:
            where = {"prior": ("target_types",), "thresholds": ("target_types",),
                     "rejected_offers": ("screening", "rejected_offers"),
                     **{k: ("tying", k) for k in _TYING_KEYS}}.get(e.name or "", ("question",))
            raise self.file.error(str(e).split(": ", 1)[-1], where) from None

    def _solve_screening(self) -> ScreeningReport:
        from ..coercion.questions import settlement_tradeoff, unappeasable_given_rejections
        from ..coercion.screening import screen

        names, prior, xbar, w, rejected = self._screening_inputs()
        s = screen(xbar, prior, w, types=names)
        trade = settlement_tradeoff(xbar, prior, w, types=names)
        path = unappeasable_given_rejections(xbar, prior, rejected, types=names)
        return ScreeningReport(
            self.title, self.source, tuple(names), tuple(prior.tolist()), tuple(xbar.tolist()), w,
            float(s.demand), float(s.settlement_probability), float(s.war_probability),
            float(s.coercer_payoff), tuple(bool(a) for a in np.ravel(s.accepts)),
            tuple(float(p) for p in np.ravel(s.posterior_after_rejection)), bool(s.rejection_possible),
            trade, path)

    def _solve_tying(self) -> TyingReport:
        from ..coercion.costly_signals import tying_cutpoint

        t = self._need("tying")
        d = {k: float(t[k]) for k in _TYING_KEYS}
        ans = tying_cutpoint(**d)
        return TyingReport(self.title, self.source, d, {k: float(v) for k, v in ans.items()})

    def _solve_signalling(self) -> SignallingReport:
        from ..coercion.questions import aid_separation

        d, aid = self._signalling_inputs()
        table = aid_separation([d["prior_resolved"], 1 - d["prior_resolved"]],
                               [d["value_resolved"], d["value_bluffer"]], war_share=d["war_share"],
                               war_cost=d["war_cost"], demand=d["demand"], punishment=d["punishment"],
                               aid_cost=aid)
        return SignallingReport(self.title, self.source, d, table)
