"""A coercive campaign: instruments + demand + assurance -> the compellence game and its off-ramp.

The package splits the model by what each file holds:

* :mod:`.parties` -- :class:`Coercer`, :class:`Target`, :class:`Power` (plain, validated data);
* :mod:`.inputs` -- the user's inputs by key path (``Campaign.inputs`` / ``with_inputs``);
* :mod:`.facade` -- :class:`Campaign`, which delegates to the pure array functions.

``from compellence.coercion.campaign import Campaign, OffRamp, Coercer, Target`` is the public API.
"""

from .facade import TIE_TOL, Campaign, Driver, OffRamp
from .parties import Coercer, Power, Target

__all__ = ["Coercer", "Target", "Power", "Campaign", "OffRamp", "Driver", "TIE_TOL"]
