"""Equilibrium solvers.  Knows only :mod:`compellence.games`.

* :mod:`.spe`            subgame-perfect equilibrium: batched backward induction
* :mod:`.subgames`       SPE of games with information sets by subgame decomposition
* :mod:`.nash`           Nash equilibria: support / vertex enumeration, Lemke-Howson, pure
* :mod:`.sequence_form`  sequence-form LCP for two-player extensive games (Lemke)
* :mod:`.qre`            logit QRE, normal and agent form, with path tracing
* :mod:`.estimation`     maximum-likelihood QRE fits
* :mod:`.strategic`      strategic probit / logit estimation (Signorino 1999)
* :mod:`.signalling`     pure, mixed and hybrid PBE of sender-receiver games (intuitive criterion, D1; batched sweeps)
"""

from .estimation import QREFit, fit_qre
from .nash import NashEquilibria, NashEquilibrium, nash, regrets
from .qre import NormalFormQRE, QREPath, qre, qre_path
from .recall import check_perfect_recall, has_perfect_recall
from .sequence_form import SequenceForm, behaviour_regret, sequence_form_lcp
from .signalling import (
    SignallingEquilibria,
    SignallingEquilibrium,
    SignallingGameError,
    SignallingSweep,
    signalling_equilibria,
    signalling_sweep,
)
from .solution import Solution, node_values, reach_probabilities
from .spe import backward_induction, spe
from .strategic import Egame12, StrategicFit, egame12, fit_strategic, simulate_strategic
from .subgames import spe_subgames

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
    "signalling_sweep",
    "SignallingSweep",
    "SignallingEquilibria",
    "SignallingEquilibrium",
    "SignallingGameError",
]
