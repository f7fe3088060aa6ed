"""compellence: the game theory of coercion.

Sanctions, military aid, demands and assurances as sequential games with
credibility and reversibility parameters; solvers for equilibria and
off-ramps; defection cascades on networks.  Layers (imports point down only):

* :mod:`compellence.games`     extensive / normal-form games, Gambit I/O
* :mod:`compellence.solvers`   SPE, Nash, QRE and estimation, sequence-form LCP, signalling
* :mod:`compellence.coercion`  instruments, campaigns, off-ramps, coalitions, bargaining
* :mod:`compellence.cascades`  defection cascades, analytic conditions, global games
* :mod:`compellence.analysis`  parameter sweeps (vectorised, processes, Dask) and plots
* :mod:`compellence.scenario`  TOML scenario files; ``compellence`` command in :mod:`.cli`
"""

from . import analysis, cascades, coercion, errors, games, scenario, solvers
from .coercion import (
    Assurance,
    Campaign,
    Coalition,
    Demand,
    Incentive,
    MilitaryAid,
    Sanctions,
    offramp_margin,
)
from .errors import CompellenceError
from .games import (
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
from .scenario import load_scenario
from .solvers import (
    NashEquilibria,
    NashEquilibrium,
    QREFit,
    QREPath,
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

__version__ = "0.1.0"

__all__ = [
    # layers
    "games", "solvers", "coercion", "cascades", "analysis", "scenario", "errors",
    "CompellenceError",
    # games
    "Game", "Infoset", "decision", "chance", "outcome",
    "NormalFormGame", "ReducedNormalFormGame", "to_normal_form",
    "read_efg", "write_efg", "read_nfg", "write_nfg",
    # solvers
    "Solution", "spe", "nash", "NashEquilibria", "NashEquilibrium", "sequence_form_lcp",
    "qre", "qre_path", "QREPath", "fit_qre", "QREFit", "fit_strategic", "StrategicFit",
    "egame12", "signalling_equilibria",
    # domain shortcuts
    "Campaign", "Sanctions", "MilitaryAid", "Demand", "Assurance", "Incentive", "Coalition",
    "offramp_margin", "load_scenario",
]
