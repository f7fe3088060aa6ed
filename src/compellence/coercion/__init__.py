"""The coercion domain: instruments, campaigns, off-ramps, coalitions, bargaining, escalation.

Every model here reduces to the canonical compellence comparison of
``docs/coercion.md`` (the irreversible part ``(1 - r) s D`` of the punishment is
paid on every branch, so the target complies iff
``x + (1 - pi_A) r s D <= pi_T r s D``; off-ramp margin
``M = (pi_T + pi_A - 1) r s D - x``) and is ALSO a game tree solved by
:func:`compellence.spe`; the tests check that the two routes agree.

Modules (all names are re-exported here):

* :mod:`.offramp`          the closed forms: margin, largest demand, critical values
* :mod:`.instruments`      ``Sanctions``, ``MilitaryAid``, ``Demand``, ``Assurance``, ``Incentive``
* :mod:`.campaign`         ``Campaign`` -> ``.game()`` and ``.offramp()`` (``OffRamp``); a package:
                           parties, inputs, quantities, credibility, backsliding, tree, result
* :mod:`.critical_inputs`  ``critical(campaign, key)``: the value of any input at which viability flips
* :mod:`.uncertainty`      inputs given as distributions: P(viable), the margin's distribution, Sobol indices
* :mod:`.audience`         public vs private demands and assurances (Fearon 1994; Kurizaki 2007)
* :mod:`.delay`            delayed demands as a Bayesian game; deadline vs stalling (Schelling 1966)
* :mod:`.bargaining`       bargaining range and risk-return trade-off (Fearon 1995)
* :mod:`.commitment`       shifting power and the commitment problem (Powell 2006)
* :mod:`.attrition`        war of attrition (Smith 1996 style)
* :mod:`.coalitions`       lifting rules, off-ramp windows, cohesion, burden sharing
* :mod:`.shapley`          TU games: Shapley value (exact / sampled), least core
* :mod:`.escalation`       brinkmanship (Schelling; Powell 1990) and the cornered target
* :mod:`.screening`        screening a target of unknown resolve (Fearon 1995; Powell 1999)
* :mod:`.costly_signals`   the coercer's resolve signalled by sinking costs or tying hands (Fearon 1997)
* :mod:`.questions`        one-call questions on types and signals, answered with tables
* :mod:`.veto`             war termination with a veto player: coercer, target and defender
* :mod:`.fighting`         bargaining while fighting: battles that reveal information (Powell 2004)

Names load their module on first use (PEP 562), so ``import compellence.coercion``
is cheap and a script pays only for the models it touches.
"""

from __future__ import annotations

from .._lazy import lazy_exports

#: module -> the public names it defines (tests check this against each module's ``__all__``)
_MODULES: dict[str, tuple[str, ...]] = {
    "offramp": ("future_weight", "discounted_sum", "escalation_weight", "offramp_margin", "complies", "largest_demand", "Critical", "critical_value", "critical_assurance", "critical_reversibility", "critical_threat", "critical_punishment"),
    "instruments": ("Instrument", "Sanctions", "MilitaryAid", "AidMechanism", "AID_MECHANISMS", "aid_mechanism_values", "AidDecomposition", "overt_aid_decomposition", "Incentive", "Demand", "Assurance", "bite_present_value", "instrument_from_dict"),
    "campaign": ("Coercer", "Target", "Power", "Campaign", "OffRamp", "Driver", "TIE_TOL"),
    "audience": ("audience_credibility", "public_credibility", "private_credibility", "ChannelComparison", "with_channels", "compare_channels", "audience_game"),
    "delay": ("PLANS", "DelayedDemand", "DelayEquilibria", "delayed_demand", "DeadlineComparison", "compare_deadline"),
    "bargaining": ("BargainingRange", "RiskReturn", "bargaining_range", "risk_return", "risk_return_utility", "risk_return_general", "fearon_game", "risk_return_game", "demand_grid"),
    "commitment": ("PowellResult", "PowellPath", "AssurancePath", "powell_war", "powell_path", "powell_game", "assurance_credibility", "threat_credibility", "shifting_power_assurance", "power_path", "discounted_future_power", "RisingPower", "rising_power"),
    "attrition": ("Attrition", "AttritionDiscrete", "war_of_attrition", "attrition_discrete", "attrition_game"),
    "coalitions": ("Coalition", "Member", "OffRampWindow", "WindowComparison", "CohesionResult", "BurdenSharing", "offramp_window", "compare_window", "coalition_cohesion", "burden_sharing", "coalition_lift_game", "RULES", "LIFTING", "DISTRIBUTIONS"),
    "shapley": ("TUGame", "ShapleyResult", "CoreResult", "shapley_value", "least_core", "weighted_voting_game", "weighted_voting_shapley", "masks_to_bool", "EXACT_MAX_PLAYERS"),
    "escalation": ("resolve", "risk_schedule", "cumulative_risk", "Brinkmanship", "brinkmanship", "brinkmanship_uncertain", "BrinkmanshipSPE", "brinkmanship_spe", "brinkmanship_game", "Cornered", "cornered", "cornered_game", "escalating_punishment"),
    "critical_inputs": ("COST_SPAN", "InputRange", "CriticalInput", "input_range", "campaign_margin", "critical", "critical_of"),
    "screening": ("acceptance_threshold", "thresholds_from_campaign", "offramp_risk_return", "OffRampRiskReturn", "demand_tradeoff", "screen", "Screening", "screening_game", "sequential_screening", "SequentialScreening", "check_prior"),
    "costly_signals": ("resolve_game", "sinking_separates", "tying_hybrid", "tying_cutpoint", "private_threat",
                       "signal_regions"),
    "questions": ("unappeasable_given_rejections", "settlement_tradeoff", "aid_separation"),
    "veto": ("VetoSettlement", "veto_settlement", "veto_deal_probability", "veto_ratification_game", "veto_game"),
    "fighting": ("BargainingWhileFighting", "FightingEquilibrium", "FightingClosedForm", "FightingTreeCheck",
                 "bargaining_while_fighting", "fighting_two_types", "fighting_game", "fighting_tree_check"),
    "uncertainty": ("Samples", "is_distribution", "check_distribution", "distribution_from_table", "split_distributions", "uncertain_offramp", "UncertainOffRamp", "QUANTILES"),
}
_LAZY: dict[str, str] = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [name for names in _MODULES.values() for name in names]


__getattr__, __dir__ = lazy_exports(
    __name__, {**{m: "." + m for m in _MODULES}, **{n: "." + m for n, m in _LAZY.items()}}, [*__all__, *_MODULES]
)
