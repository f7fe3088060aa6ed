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
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..errors import ParameterError
from .base import Scenario, register
from .reports import fmt_num, jsonable, text_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["IncompleteInformationScenario", "ScreeningReport", "SignallingReport", "TyingReport"]


def _records(df: Any) -> list[dict[str, Any]]:
    return jsonable(df.to_dict(orient="records"))


@dataclass(frozen=True)
class ScreeningReport:
    """What ``compellence solve`` prints for ``question = "screening"``.

    Attributes
    ----------
    title, source : str
        The scenario's title and file.
    types : tuple of str
        The target types.
    prior : tuple of float
        The coercer's prior over the types (probabilities).
    thresholds : tuple of float
        Each type's acceptance threshold (largest demand it accepts, share of
        the stake; ``-inf`` for a type that rejects every demand).
    coercer_war_payoff : float
        The coercer's payoff if the target rejects (stake units).
    demand : float
        The coercer's optimal demand (share of the stake).
    settlement_probability, war_probability : float
        Probabilities at the optimal demand.
    coercer_payoff : float
        The coercer's expected payoff at the optimal demand.
    accepts : tuple of bool
        Which types accept it.
    posterior_after_rejection : tuple of float
        The coercer's belief over the types after a rejection.
    rejection_possible : bool
        Whether some type rejects.
    tradeoff : pandas.DataFrame
        The settlement trade-off over demands (:func:`~compellence.coercion.settlement_tradeoff`).
    posterior_path : pandas.DataFrame
        The belief that the target is unappeasable after each rejected offer.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "incomplete_information"
    ... question = "screening"
    ... [[target_types]]
    ... name = "pragmatic"
    ... prior = 0.5
    ... acceptance_threshold = 0.4
    ... [[target_types]]
    ... name = "hard"
    ... prior = 0.3
    ... acceptance_threshold = 0.1
    ... [[target_types]]
    ... name = "unappeasable"
    ... prior = 0.2
    ... [screening]
    ... coercer_war_payoff = 0.0
    ... rejected_offers = [0.3, 0.05]
    ... ''', "screen.toml")
    >>> r = scen.solve()
    >>> r.demand, round(r.settlement_probability, 6), r.accepts
    (0.4, 0.5, (True, False, False))
    """

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
    tradeoff: pd.DataFrame  # settlement_tradeoff
    posterior_path: pd.DataFrame  # unappeasable_given_rejections

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data.

        Returns
        -------
        dict of str to Any
            Plain numbers, strings, lists and dicts.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "incomplete_information"
        ... question = "screening"
        ... [[target_types]]
        ... name = "pragmatic"
        ... prior = 0.5
        ... acceptance_threshold = 0.4
        ... [[target_types]]
        ... name = "hard"
        ... prior = 0.3
        ... acceptance_threshold = 0.1
        ... [[target_types]]
        ... name = "unappeasable"
        ... prior = 0.2
        ... [screening]
        ... coercer_war_payoff = 0.0
        ... rejected_offers = [0.3, 0.05]
        ... ''', "screen.toml")
        >>> d = scen.solve().to_dict()
        >>> d["demand"], d["rejection_possible"]
        (0.4, True)
        """
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
        """The report as the text table ``compellence solve`` prints.

        Returns
        -------
        str
            The table.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "incomplete_information"
        ... question = "screening"
        ... [[target_types]]
        ... name = "pragmatic"
        ... prior = 0.5
        ... acceptance_threshold = 0.4
        ... [[target_types]]
        ... name = "hard"
        ... prior = 0.3
        ... acceptance_threshold = 0.1
        ... [[target_types]]
        ... name = "unappeasable"
        ... prior = 0.2
        ... [screening]
        ... coercer_war_payoff = 0.0
        ... rejected_offers = [0.3, 0.05]
        ... ''', "screen.toml")
        >>> print(scen.solve().to_table())  # doctest: +ELLIPSIS
        screen  (screening a target of unknown resolve: the coercer's equilibrium demand)
        =================================================================================
        <BLANKLINE>
          type          prior  acceptance threshold    accepts the demand  posterior after rejection
          ------------  -----  ----------------------  ------------------  -------------------------
          pragmatic       0.5  0.4                                    yes                          0
          hard            0.3  0.1                                     no                        0.6
          unappeasable    0.2  rejects every off-ramp                  no                        0.4
        <BLANKLINE>
          optimal demand (derived)          0.4
          settlement probability (derived)  0.5
          war probability (derived)         0.5
          coercer payoff (derived)          0.2
          coercer war payoff (input)          0
        <BLANKLINE>
        ...
        """
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
    """What ``compellence solve`` prints for ``question = "signalling"``.

    Attributes
    ----------
    title, source : str
        The scenario's title and file.
    inputs : dict of str to float
        The model's inputs as set in the file.
    table : pandas.DataFrame
        The equilibria at each aid cost (:func:`~compellence.coercion.aid_separation`).

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "incomplete_information"
    ... question = "signalling"
    ... [signalling]
    ... prior_resolved = 0.2
    ... value_resolved = 1.0
    ... value_bluffer = 0.2
    ... war_share = 0.6
    ... war_cost = 0.2
    ... demand = 0.3
    ... punishment = 1.0
    ... aid_cost = [0.1, 0.3, 0.7]
    ... ''', "aid.toml")
    >>> scen.solve().table[["aid_cost", "resolve_revealed"]].values.tolist()
    [[0.1, False], [0.3, True], [0.7, False]]
    """

    title: str
    source: str
    inputs: dict[str, float]
    table: pd.DataFrame  # aid_separation

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data.

        Returns
        -------
        dict of str to Any
            Plain numbers, strings, lists and dicts.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "incomplete_information"
        ... question = "signalling"
        ... [signalling]
        ... prior_resolved = 0.2
        ... value_resolved = 1.0
        ... value_bluffer = 0.2
        ... war_share = 0.6
        ... war_cost = 0.2
        ... demand = 0.3
        ... punishment = 1.0
        ... aid_cost = [0.1, 0.3, 0.7]
        ... ''', "aid.toml")
        >>> d = scen.solve().to_dict()
        >>> [a["aid_cost"] for a in d["aid_costs"]]
        [0.1, 0.3, 0.7]
        """
        return jsonable({"title": self.title, "source": self.source, "question": "signalling",
                         **self.inputs, "aid_costs": _records(self.table)})

    def to_table(self) -> str:
        """The report as the text table ``compellence solve`` prints.

        Returns
        -------
        str
            The table.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "incomplete_information"
        ... question = "signalling"
        ... [signalling]
        ... prior_resolved = 0.2
        ... value_resolved = 1.0
        ... value_bluffer = 0.2
        ... war_share = 0.6
        ... war_cost = 0.2
        ... demand = 0.3
        ... punishment = 1.0
        ... aid_cost = [0.1, 0.3, 0.7]
        ... ''', "aid.toml")
        >>> print(scen.solve().to_table())  # doctest: +ELLIPSIS
        aid  (does overt aid separate a resolved coercer from a bluffer? pure PBE)
        ==========================================================================
        <BLANKLINE>
          prior_resolved  0.2
          value_resolved    1
          value_bluffer   0.2
          war_share       0.6
          war_cost        0.2
          demand          0.3
          punishment        1
        <BLANKLINE>
        equilibria at each aid cost (signalling solver; closed form separates iff 0.2 <= k <= 0.6):
          aid cost  resolve revealed  separating (D1)  pooling  pure equilibria  closed form separates
          --------  ----------------  ---------------  -------  ---------------  ---------------------
               0.1                no               no      yes                1                     no
               0.3               yes              yes      yes                2                    yes
               0.7                no               no      yes                2                     no
        """
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
    """What ``compellence solve`` prints for ``question = "tying"``.

    Attributes
    ----------
    title, source : str
        The scenario's title and file.
    inputs : dict of str to float
        The model's inputs as set in the file.
    answer : dict of str to float
        The cutpoint equilibrium: ``cutpoint``, ``audience_cost``,
        ``comply_after_tie``, ``tie_probability``, ``war_probability``,
        ``bluff_probability``.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "incomplete_information"
    ... question = "tying"
    ... [tying]
    ... war_share = 0.6
    ... war_cost = 0.3
    ... punishment = 0.5
    ... compliance_cost_max = 1.0
    ... ''', "tying.toml")
    >>> {k: round(v, 6) for k, v in scen.solve().answer.items()}
    {'cutpoint': 0.1875, 'audience_cost': 0.1875, 'comply_after_tie': 0.5, 'tie_probability': 0.8125, 'war_probability': 0.40625, 'bluff_probability': 0.0}
    """

    title: str
    source: str
    inputs: dict[str, float]
    answer: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data.

        Returns
        -------
        dict of str to Any
            Plain numbers, strings, lists and dicts.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "incomplete_information"
        ... question = "tying"
        ... [tying]
        ... war_share = 0.6
        ... war_cost = 0.3
        ... punishment = 0.5
        ... compliance_cost_max = 1.0
        ... ''', "tying.toml")
        >>> d = scen.solve().to_dict()
        >>> round(d["cutpoint"], 6)
        0.1875
        """
        return jsonable({"title": self.title, "source": self.source, "question": "tying", **self.inputs,
                         **self.answer})

    def to_table(self) -> str:
        """The report as the text table ``compellence solve`` prints.

        Returns
        -------
        str
            The table.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "incomplete_information"
        ... question = "tying"
        ... [tying]
        ... war_share = 0.6
        ... war_cost = 0.3
        ... punishment = 0.5
        ... compliance_cost_max = 1.0
        ... ''', "tying.toml")
        >>> print(scen.solve().to_table())  # doctest: +ELLIPSIS
        tying  (tying hands: the cutpoint equilibrium, a continuum of coercer types)
        ============================================================================
        <BLANKLINE>
          war_share            0.6
          war_cost             0.3
          punishment           0.5
          compliance_cost_max    1
          value_low              0
          value_high             1
        <BLANKLINE>
        equilibrium (derived):
          cutpoint: types at or above it tie their hands  0.1875
          audience cost of the public commitment          0.1875
          target complies after a tie (probability)          0.5
          tie probability                                 0.8125
          war probability                                 0.4062
          bluff probability (tie, then back down)              0
        """
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
    """A screening or signalling question (``kind = "incomplete_information"``).

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
    ... kind = "incomplete_information"
    ... question = "screening"
    ... [[target_types]]
    ... name = "pragmatic"
    ... prior = 0.5
    ... acceptance_threshold = 0.4
    ... [[target_types]]
    ... name = "hard"
    ... prior = 0.3
    ... acceptance_threshold = 0.1
    ... [[target_types]]
    ... name = "unappeasable"
    ... prior = 0.2
    ... [screening]
    ... coercer_war_payoff = 0.0
    ... rejected_offers = [0.3, 0.05]
    ... ''', "screen.toml")
    >>> scen, scen.question
    (IncompleteInformationScenario('screen.toml', title='screen'), 'screening')
    """

    kind: ClassVar[str] = "incomplete_information"

    @property
    def question(self) -> str:
        """The question the file asks: ``"screening"``, ``"signalling"`` or ``"tying"``."""
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
        """Check the inputs of the question (what ``solve`` checks first), without solving.

        Raises
        ------
        ScenarioError
            A missing table for the question, or an input the model refuses.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "incomplete_information"
        ... question = "screening"
        ... [[target_types]]
        ... name = "pragmatic"
        ... prior = 0.5
        ... acceptance_threshold = 0.4
        ... [[target_types]]
        ... name = "hard"
        ... prior = 0.3
        ... acceptance_threshold = 0.1
        ... [[target_types]]
        ... name = "unappeasable"
        ... prior = 0.2
        ... [screening]
        ... coercer_war_payoff = 0.0
        ... rejected_offers = [0.3, 0.05]
        ... ''', "screen.toml")
        >>> scen.check()
        """
        self.solve()

    def describe(self) -> str:
        """One line: what the scenario is (its question).

        Returns
        -------
        str
            The description.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "incomplete_information"
        ... question = "screening"
        ... [[target_types]]
        ... name = "pragmatic"
        ... prior = 0.5
        ... acceptance_threshold = 0.4
        ... [[target_types]]
        ... name = "hard"
        ... prior = 0.3
        ... acceptance_threshold = 0.1
        ... [[target_types]]
        ... name = "unappeasable"
        ... prior = 0.2
        ... [screening]
        ... coercer_war_payoff = 0.0
        ... rejected_offers = [0.3, 0.05]
        ... ''', "screen.toml")
        >>> print(scen.describe())
        kind = "incomplete_information", 'screen': question = "screening"
        """
        return f'kind = "incomplete_information", {self.title!r}: question = "{self.question}"'

    def solve(self) -> ScreeningReport | SignallingReport | TyingReport:
        """Answer the file's question.

        Returns
        -------
        ScreeningReport or SignallingReport or TyingReport
            By ``question``.

        Raises
        ------
        ScenarioError
            A missing table for the question, or an input the model refuses.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "incomplete_information"
        ... question = "tying"
        ... [tying]
        ... war_share = 0.6
        ... war_cost = 0.3
        ... punishment = 0.5
        ... compliance_cost_max = 1.0
        ... ''', "tying.toml")
        >>> scen.solve()
        TyingReport('tying', cutpoint=0.1875)
        """
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
