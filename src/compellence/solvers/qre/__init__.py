"""Logit quantal response equilibrium (QRE): solving, path tracing and estimation.

* :mod:`.branch`        entry points :func:`qre` and :func:`qre_path` (the principal branch)
* :mod:`.normal_form`   the logit equations of an n-player normal-form game
* :mod:`.agent_form`    the agent logit equations of an extensive game (one and batched)
* :mod:`.continuation`  the arc-length predictor-corrector path follower
* :mod:`.fit`           maximum-likelihood estimation of ``lambda`` (:func:`fit_qre`)

:func:`fit_qre` loads scipy.optimize, so :mod:`.fit` loads on first use (PEP 562).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_exports
from .branch import QREPath, QREResult, qre, qre_path
from .normal_form import NormalFormQRE

__all__ = ["qre", "qre_path", "QREResult", "QREPath", "NormalFormQRE", "fit_qre", "QREFit"]

__getattr__, __dir__ = lazy_exports(
    __name__, {"fit_qre": ".fit", "QREFit": ".fit"}, __all__
)

if TYPE_CHECKING:  # pragma: no cover - static analysis sees the eager imports
    from .fit import QREFit, fit_qre  # noqa: F401
