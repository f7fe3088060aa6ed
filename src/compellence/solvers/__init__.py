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
* :mod:`.qre`            logit QRE, normal and agent form: path tracing and maximum-likelihood fits
* :mod:`.strategic_estimation`  Signorino's strategic probit / logit estimator (egame12)
* :mod:`.signalling`     pure, mixed and hybrid PBE of sender-receiver games (intuitive criterion, D1; batched sweeps)

Only :mod:`.spe` and :mod:`.solution` (numpy alone) load with the package; every
other name loads its module on first use (PEP 562), so ``import
compellence.solvers`` does not pull scipy.optimize, scipy.stats or pandas.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from .._lazy import lazy_exports
from .solution import Solution, behavior_solution, node_values, reach_probabilities
from .spe import backward_induction, spe

#: public name -> submodule that defines it (loaded on first access)
_LAZY: dict[str, str] = {
    "spe_subgames": "subgames",
    "nash": "nash",
    **dict.fromkeys(("NashEquilibria", "NashEquilibrium", "regrets"), "equilibria"),
    **dict.fromkeys(("regret_tolerance", "payoff_resolution"), "equilibria"),
    "zero_sum": "zero_sum",
    **dict.fromkeys(("agent_normal_form", "AgentNormalFormGame"), "agent_form"),
    **dict.fromkeys(("sequence_form_lcp", "SequenceForm", "behaviour_regret"), "sequence_form"),
    **dict.fromkeys(("has_perfect_recall", "check_perfect_recall"), "recall"),
    **dict.fromkeys(("qre", "qre_path", "QREResult", "QREPath", "NormalFormQRE"), "qre"),
    **dict.fromkeys(("fit_qre", "QREFit"), "qre.fit"),
    **dict.fromkeys(
        ("fit_strategic", "StrategicFit", "Egame12", "egame12", "simulate_strategic"),
        "strategic_estimation",
    ),
    **dict.fromkeys(
        ("signalling_equilibria", "SignallingEquilibria", "SignallingEquilibrium",
         "SignallingGameError", "signalling_sweep", "SignallingSweep"),
        "signalling",
    ),
}

__all__ = [
    "Solution",
    "behavior_solution",
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
    "QREResult",
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
    "signalling_sweep",
    "SignallingSweep",
]


__getattr__, __dir__ = lazy_exports(__name__, {k: "." + v for k, v in _LAZY.items()}, __all__)


class _SolversPackage(types.ModuleType):
    """Keeps ``compellence.solvers.nash`` and ``compellence.solvers.qre`` the *functions*.

    The import system binds a submodule on its package when it first loads
    (``solvers.qre = <module qre>``), which would shadow the function of the
    same name once another module had imported ``.qre`` directly; the eager
    ``from .qre import qre`` this package used to do rebound the function.
    Binding the function here keeps that behaviour with lazy loading.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            isinstance(value, types.ModuleType)
            and value.__name__ == f"{self.__name__}.{name}"
            and _LAZY.get(name) == name
        ):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _SolversPackage

if TYPE_CHECKING:  # pragma: no cover - static analysis sees the eager imports
    from .agent_form import AgentNormalFormGame, agent_normal_form  # noqa: F401
    from .nash import (  # noqa: F401  # noqa: F401
        NashEquilibria,
        NashEquilibrium,
        nash,
        payoff_resolution,
        regret_tolerance,
        regrets,
    )
    from .qre import NormalFormQRE, QREPath, QREResult, qre, qre_path  # noqa: F401
    from .qre.fit import QREFit, fit_qre  # noqa: F401
    from .recall import check_perfect_recall, has_perfect_recall  # noqa: F401
    from .sequence_form import SequenceForm, behaviour_regret, sequence_form_lcp  # noqa: F401
    from .signalling import (  # noqa: F401
        SignallingEquilibria,
        SignallingEquilibrium,
        SignallingGameError,
        SignallingSweep,
        signalling_equilibria,
        signalling_sweep,
    )
    from .strategic_estimation import (  # noqa: F401
        Egame12,
        StrategicFit,
        egame12,
        fit_strategic,
        simulate_strategic,
    )
    from .subgames import spe_subgames  # noqa: F401
    from .zero_sum import zero_sum  # noqa: F401
