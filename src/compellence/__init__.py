"""compellence: the game theory of coercion.

Sanctions, military aid, demands and assurances as sequential games with
credibility and reversibility parameters; solvers for equilibria and
off-ramps; defection cascades on networks.  See the README and
``shared/DESIGN.md`` for the layer layout:

* :mod:`compellence.games`    extensive / normal-form games, Gambit I/O
* :mod:`compellence.solvers`  SPE, Nash, QRE, sequence-form LCP
* :mod:`compellence.coercion` instruments, campaigns, off-ramps, coalitions
* :mod:`compellence.cascades` defection cascades and global games
* :mod:`compellence.analysis` sweeps and plots
"""

from . import errors
from .errors import CompellenceError
from .games import Game, Infoset, NormalFormGame, chance, decision, outcome
from .solvers import Solution, spe

__version__ = "0.1.0"

__all__ = [
    "errors",
    "CompellenceError",
    "Game",
    "Infoset",
    "NormalFormGame",
    "decision",
    "chance",
    "outcome",
    "Solution",
    "spe",
]
