"""Defection and resignation cascades, analytic cascade conditions, global games.

Which interventions, aimed where, tip an avalanche of defections, and what does it
do to the war?

* :mod:`.threshold`     threshold cascades on networks (Watts 2002 fractional,
  Granovetter 1978 / Centola & Macy 2007 absolute thresholds), single and batched
  on scipy.sparse: :func:`threshold_cascade`, :func:`batch_cascades`.
* :mod:`.graph`         graph preparation and :func:`erdos_renyi_csr` for huge graphs.
* :mod:`.interventions` incentives, information campaigns, repression, seeding
  strategies; :func:`compare_strategies` at equal budget; :func:`greedy_allocation`.
* :mod:`.analytic`      Granovetter's mean field and critical dispersion, Watts's
  cascade condition and window, Gleeson & Cahalane's cascade size.
* :mod:`.kuran`         Kuran's (1991) preference falsification.
* :mod:`.networks`      military hierarchy, diplomatic corps, diaspora builders.
* :mod:`.global_game`   the regime-change global game (Morris & Shin 1998;
  Angeletos, Hellwig & Pavan 2007) and the security services.

This package does not import :mod:`compellence.coercion`; the link from a
defection outcome to the off-ramp margin lives above both layers, in
:mod:`compellence.linking.defections`.
"""

from .analytic import (
    CascadeWindow,
    CriticalDispersion,
    GranovetterResult,
    RiotResult,
    TreeCascadeSize,
    WattsCondition,
    critical_dispersion,
    degree_distribution,
    er_cascade_window,
    gleeson_cascade_size,
    granovetter_fixed_point,
    granovetter_riot,
    watts_condition,
)
from .centrality import Betweenness, betweenness, core_number
from .global_game import (
    GlobalGameStatics,
    RegimeChangeEquilibrium,
    SecurityServicesOutcome,
    comparative_statics,
    critical_campaign_shift,
    defection_cost,
    regime_change_equilibrium,
    regime_change_numeric,
    security_services,
)
from .graph import CascadeGraph, as_cascade_graph, erdos_renyi_csr
from .interventions import (
    AllocationResult,
    Incentive,
    InformationCampaign,
    InterventionOutcome,
    Repression,
    Seeding,
    StrategyComparison,
    compare_strategies,
    greedy_allocation,
    select_nodes,
    simulate_interventions,
)
from .kuran import KuranResult, kuran_equilibrium, kuran_thresholds
from .networks import diaspora_network, diplomatic_corps, military_hierarchy
from .threshold import (
    BatchCascadeResult,
    CascadeResult,
    batch_cascades,
    resolve_thresholds,
    threshold_cascade,
)

__all__ = [
    "Betweenness",
    "betweenness",
    "core_number",
    # threshold cascades
    "CascadeGraph",
    "as_cascade_graph",
    "erdos_renyi_csr",
    "CascadeResult",
    "BatchCascadeResult",
    "threshold_cascade",
    "batch_cascades",
    "resolve_thresholds",
    # interventions
    "Incentive",
    "InformationCampaign",
    "Repression",
    "Seeding",
    "select_nodes",
    "InterventionOutcome",
    "simulate_interventions",
    "StrategyComparison",
    "compare_strategies",
    "AllocationResult",
    "greedy_allocation",
    # analytic
    "GranovetterResult",
    "granovetter_fixed_point",
    "RiotResult",
    "granovetter_riot",
    "CriticalDispersion",
    "critical_dispersion",
    "degree_distribution",
    "WattsCondition",
    "watts_condition",
    "CascadeWindow",
    "er_cascade_window",
    "TreeCascadeSize",
    "gleeson_cascade_size",
    # Kuran
    "KuranResult",
    "kuran_thresholds",
    "kuran_equilibrium",
    # networks
    "military_hierarchy",
    "diplomatic_corps",
    "diaspora_network",
    # global games
    "RegimeChangeEquilibrium",
    "regime_change_equilibrium",
    "regime_change_numeric",
    "GlobalGameStatics",
    "comparative_statics",
    "critical_campaign_shift",
    "defection_cost",
    "SecurityServicesOutcome",
    "security_services",
]
