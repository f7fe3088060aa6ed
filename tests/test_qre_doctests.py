"""The Examples sections of the QRE package and the strategic estimator run as doctests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "compellence.solvers.qre.branch",
    "compellence.solvers.qre.agent_form",
    "compellence.solvers.qre.continuation",
    "compellence.solvers.qre.fit",
    "compellence.solvers.strategic_estimation",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} example(s) of {name} failed"
