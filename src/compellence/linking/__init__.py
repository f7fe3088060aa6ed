"""Links between the layers that must not import each other.

:mod:`compellence.cascades` (who defects, resigns, surrenders) and
:mod:`compellence.coercion` (does the target comply) sit side by side: neither
imports the other.  The modules here sit above both and carry the outcome of
one into the inputs of the other.

* :mod:`.defections`  a defection outcome (units lost, diplomats resigned, the
  leader's risk of losing office) as the target's *resistance cost* in the
  off-ramp margin, and, through a named mechanism the user switches on, the
  coercer's threat credibility.
"""

from __future__ import annotations

from . import defections
from .defections import (
    DefectionImpact,
    DefectionOfframp,
    critical_units_lost,
    defection_impact,
    offramp_with_defections,
    regime_fall_weight,
)

__all__ = [
    "defections",
    "DefectionImpact",
    "defection_impact",
    "DefectionOfframp",
    "offramp_with_defections",
    "critical_units_lost",
    "regime_fall_weight",
]
