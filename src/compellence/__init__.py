"""compellence: the game theory of coercion.

Sanctions, military aid, demands and assurances as sequential games with
credibility and reversibility parameters; solvers for equilibria and
off-ramps; defection cascades on networks.  Layers (imports point down only):

* :mod:`compellence.games`     extensive / normal-form games, Gambit I/O
* :mod:`compellence.solvers`   SPE, Nash, QRE and estimation, sequence-form LCP, signalling
* :mod:`compellence.coercion`  instruments, campaigns, off-ramps, coalitions, bargaining
* :mod:`compellence.cascades`  defection cascades, analytic conditions, global games
* :mod:`compellence.linking`   links above coercion and cascades (defections -> off-ramp)
* :mod:`compellence.analysis`  parameter sweeps (vectorised, processes, Dask) and plots
* :mod:`compellence.scenario`  TOML scenario files; the ``compellence`` command in :mod:`.cli`
* :mod:`compellence.catalog`   textbook and coercion games with sources and known equilibria

The names below are loaded on first use (PEP 562), so ``import compellence``
stays cheap (scipy.stats, networkx and pandas load only when a layer that
needs them is touched).

Examples
--------
The canonical compellence game (a catalog entry) solved by backward induction, and the
off-ramp margin ``M = (pi_T + pi_A - 1) r s D - x`` that decides it:

>>> import compellence as cp
>>> game = cp.catalog.load("compellence", concession=0.2, reversibility=0.5)
>>> cp.spe(game).path()
('comply', 'lift')
>>> round(float(cp.offramp_margin(0.2, 0.2, 0.9, pi_T=0.7, pi_A=0.8, r=0.5)), 6)
0.25
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

__version__ = "0.1.0"

#: public name -> module that defines it
_LAZY: dict[str, str] = {
    # layers
    **{m: f"compellence.{m}" for m in
       ("games", "solvers", "coercion", "cascades", "linking", "analysis", "scenario",
        "errors", "catalog")},
    "CompellenceError": "compellence.errors",
    # games
    **{n: "compellence.games" for n in (
        "Game", "Infoset", "decision", "chance", "outcome", "NormalFormGame",
        "ReducedNormalFormGame", "to_normal_form", "read_efg", "write_efg", "read_nfg",
        "write_nfg")},
    # solvers
    **{n: "compellence.solvers" for n in (
        "Solution", "spe", "nash", "NashEquilibria", "NashEquilibrium", "sequence_form_lcp",
        "qre", "qre_path", "QREResult", "QREPath", "fit_qre", "QREFit", "fit_strategic",
        "StrategicFit", "egame12", "signalling_equilibria")},
    # domain shortcuts
    **{n: "compellence.coercion" for n in (
        "Campaign", "Sanctions", "MilitaryAid", "Demand", "Assurance", "Incentive", "Coalition",
        "offramp_margin")},
    **{n: "compellence.linking" for n in (
        "defection_impact", "offramp_with_defections", "critical_units_lost")},
    **{n: "compellence.solvers.learning" for n in (
        "fictitious_play", "replicator", "logit_dynamics", "LearningPath")},
    "load_scenario": "compellence.scenario",
    "loads_scenario": "compellence.scenario",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, __all__)


if TYPE_CHECKING:  # pragma: no cover - static analysis sees the eager imports
    from . import (  # noqa: F401
        analysis,
        cascades,
        catalog,
        coercion,
        errors,
        games,
        linking,
        scenario,
        solvers,
    )
    from .coercion import (  # noqa: F401
        Assurance,
        Campaign,
        Coalition,
        Demand,
        Incentive,
        MilitaryAid,
        Sanctions,
        offramp_margin,
    )
    from .errors import CompellenceError  # noqa: F401
    from .games import (  # noqa: F401
        Game,
        Infoset,
        NormalFormGame,
        ReducedNormalFormGame,
        chance,
        decision,
        outcome,
        read_efg,
        read_nfg,
        to_normal_form,
        write_efg,
        write_nfg,
    )
    from .linking import critical_units_lost, defection_impact, offramp_with_defections  # noqa: F401
    from .scenario import load_scenario, loads_scenario  # noqa: F401
    from .solvers import (  # noqa: F401
        NashEquilibria,
        NashEquilibrium,
        QREFit,
        QREPath,
        QREResult,
        Solution,
        StrategicFit,
        egame12,
        fit_qre,
        fit_strategic,
        nash,
        qre,
        qre_path,
        sequence_form_lcp,
        signalling_equilibria,
        spe,
    )
    from .solvers.learning import (  # noqa: F401
        LearningPath,
        fictitious_play,
        logit_dynamics,
        replicator,
    )
