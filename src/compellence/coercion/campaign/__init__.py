"""A coercive campaign: instruments + demand + assurance -> the compellence game and its off-ramp.

The package splits the model by what each file holds:

* :mod:`.parties` -- :class:`Coercer`, :class:`Target`, :class:`Power` (plain, validated data);
* :mod:`.inputs` -- the user's inputs by key path (``Campaign.inputs`` / ``with_inputs``);
* :mod:`.quantities` -- model quantities as pure array functions (present values, ``r``,
  branch costs and payoffs, the margin);
* :mod:`.credibility` -- given, power, coalition and type-based (derived) credibility;
* :mod:`.backsliding` -- the opt-in backsliding / re-imposition stage;
* :mod:`.tree` -- the game tree and the closed-form equilibrium path;
* :mod:`.result` -- :class:`OffRamp` (lazy) and :class:`Driver`;
* :mod:`.facade` -- :class:`Campaign`, which delegates to those functions.

``from compellence.coercion.campaign import Campaign, OffRamp, Coercer, Target`` is the public API.
"""

from .credibility import TIE_TOL
from .facade import Campaign
from .parties import Coercer, Power, Target
from .result import Driver, OffRamp

__all__ = ["Coercer", "Target", "Power", "Campaign", "OffRamp", "Driver", "TIE_TOL"]
