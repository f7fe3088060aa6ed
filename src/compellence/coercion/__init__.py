"""The coercion domain: instruments, campaigns, off-ramps, coalitions, bargaining, escalation.

Every model here reduces to the canonical compellence comparison of
``docs/coercion.md`` (the irreversible part ``(1 - r) s D`` of the punishment is
paid on every branch, so the target complies iff
``x + (1 - pi_A) r s D <= pi_T r s D``; off-ramp margin
``M = (pi_T + pi_A - 1) r s D - x``) and is ALSO a game tree solved by
:func:`compellence.spe`; the tests check that the two routes agree.

Modules (all names are re-exported here):

* :mod:`.offramp`      the closed forms: margin, largest demand, critical values
* :mod:`.instruments`  ``Sanctions``, ``MilitaryAid``, ``Demand``, ``Assurance``, ``Incentive``
* :mod:`.campaign`     ``Campaign`` -> ``.game()`` and ``.offramp()`` (``OffRamp``); a package:
                       parties, inputs, quantities, credibility, backsliding, tree, result
* :mod:`.audience`     public vs private demands and assurances (Fearon 1994; Kurizaki 2007)
* :mod:`.delay`        delayed demands, deadlines, Bayesian erosion of assurances (Schelling 1966)
* :mod:`.bargaining`   bargaining range and risk-return trade-off (Fearon 1995)
* :mod:`.commitment`   shifting power and the commitment problem (Powell 2006)
* :mod:`.attrition`    war of attrition (Smith 1996 style)
* :mod:`.coalitions`   lifting rules, off-ramp windows, cohesion, burden sharing
* :mod:`.shapley`      TU games: Shapley value (exact / sampled), least core
* :mod:`.screening`    screening a target of unknown resolve (Fearon 1995; Powell 1999)
* :mod:`.costly_signals` the coercer's resolve signalled by sinking costs or tying hands (Fearon 1997)
* :mod:`.questions`    one-call questions on types and signals, answered with tables
* :mod:`.escalation`   brinkmanship (Schelling; Powell 1990) and the cornered target
"""

from . import (
    attrition,
    audience,
    bargaining,
    campaign,
    coalitions,
    commitment,
    costly_signals,
    delay,
    escalation,
    instruments,
    offramp,
    questions,
    screening,
    shapley,
)
from .attrition import *  # noqa: F403
from .audience import *  # noqa: F403
from .bargaining import *  # noqa: F403
from .campaign import *  # noqa: F403
from .coalitions import *  # noqa: F403
from .commitment import *  # noqa: F403
from .costly_signals import *  # noqa: F403
from .delay import *  # noqa: F403
from .escalation import *  # noqa: F403
from .instruments import *  # noqa: F403
from .offramp import *  # noqa: F403
from .questions import *  # noqa: F403
from .screening import *  # noqa: F403
from .shapley import *  # noqa: F403

__all__ = [
    name
    for module in (
        offramp, instruments, campaign, audience, delay, bargaining,
        commitment, attrition, coalitions, shapley, escalation, screening, costly_signals, questions,
    )
    for name in module.__all__
]
