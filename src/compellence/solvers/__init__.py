"""Equilibrium solvers.  Knows only :mod:`compellence.games`.

* :mod:`.spe`            subgame-perfect equilibrium: batched backward induction
* :mod:`.subgames`       SPE of games with information sets by subgame decomposition
* :mod:`.nash`           Nash equilibria: support / vertex enumeration, Lemke-Howson, pure
* :mod:`.global_newton`  n-player mixed equilibria by the global Newton method (Govindan-Wilson)
* :mod:`.polynomial_enumeration`  all equilibria of small n-player games (support systems)
* :mod:`.agent_form`     agent normal form and agent-form equilibria of n-player trees
* :mod:`.zero_sum`       two-player zero-sum LP, normal and sequence form
* :mod:`.exact_rational` exact Lemke-Howson for payoffs double precision cannot separate
* :mod:`.sequence_form`  sequence-form LCP for two-player extensive games (Lemke)
* :mod:`.qre`            logit QRE, normal and agent form, with path tracing
* :mod:`.estimation`     maximum-likelihood QRE fits
* :mod:`.strategic`      strategic probit / logit estimation (Signorino 1999)
* :mod:`.signalling`     pure-strategy PBE of sender-receiver games
"""

from .agent_form import AgentNormalFormGame, agent_normal_form
from .estimation import QREFit, fit_qre
from .nash import (  # noqa: I001
    NashEquilibria,
    NashEquilibrium,
    nash,
    payoff_resolution,
    regret_tolerance,
    regrets,
)
from .qre import NormalFormQRE, QREPath, qre, qre_path
from .recall import check_perfect_recall, has_perfect_recall
from .sequence_form import SequenceForm, behaviour_regret, sequence_form_lcp
from .signalling import (
    SignallingEquilibria,
    SignallingEquilibrium,
    SignallingGameError,
    signalling_equilibria,
)
from .solution import Solution, node_values, reach_probabilities
from .spe import backward_induction, spe
from .strategic import Egame12, StrategicFit, egame12, fit_strategic, simulate_strategic
from .subgames import spe_subgames
from .zero_sum import zero_sum

__all__ = [
    "Solution",
    "spe",
    "backward_induction",
    "spe_subgames",
    "node_values",
    "reach_probabilities",
    "nash",
    "NashEquilibria",
    "NashEquilibrium",
    "regrets",
    "regret_tolerance",
    "payoff_resolution",
    "zero_sum",
    "agent_normal_form",
    "AgentNormalFormGame",
    "sequence_form_lcp",
    "SequenceForm",
    "behaviour_regret",
    "has_perfect_recall",
    "check_perfect_recall",
    "qre",
    "qre_path",
    "QREPath",
    "NormalFormQRE",
    "fit_qre",
    "QREFit",
    "fit_strategic",
    "StrategicFit",
    "Egame12",
    "egame12",
    "simulate_strategic",
    "signalling_equilibria",
    "SignallingEquilibria",
    "SignallingEquilibrium",
    "SignallingGameError",
]
