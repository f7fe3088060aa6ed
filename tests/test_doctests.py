"""The ``Examples`` sections of the docstrings run as doctests, and their output is checked.

Every module of the package is collected (``pkgutil.walk_packages``); a module without
examples contributes nothing, so modules gain doctests one by one.  The examples run in their
module's namespace (as ``python -m doctest`` runs them) with ``np`` (numpy) and ``cp``
(``import compellence as cp``) already imported, as the numpydoc convention assumes for ``np``,
in a temporary working directory, with matplotlib's
non-interactive backend, and with ``NORMALIZE_WHITESPACE`` and ``ELLIPSIS`` on (an example
may still set other options itself).  ``+SKIP`` is not allowed: an example either runs and is
checked or is not an example.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import compellence

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def _module_names() -> list[str]:
    names = [compellence.__name__]
    names += sorted(m.name for m in pkgutil.walk_packages(compellence.__path__, "compellence."))
    return names


def _examples(module) -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = finder.find(module, module.__name__, extraglobs={"np": np, "cp": compellence})
    # DocTestFinder also walks objects a module imports from elsewhere only when their
    # __module__ is this module, so each example is found (and run) once, in its own module
    return sorted((t for t in tests if t.examples), key=lambda t: t.name)


@pytest.mark.parametrize("name", _module_names())
def test_module_examples(name: str, tmp_path, monkeypatch) -> None:
    module = importlib.import_module(name)
    tests = _examples(module)
    if not tests:
        return  # no examples (yet) in this module
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    failures = []
    try:
        for test in tests:
            for example in test.examples:
                assert not example.options.get(doctest.SKIP), (
                    f"{test.name}: +SKIP hides an example; make it run instead")
            result = runner.run(test, out=failures.append, clear_globs=True)
            assert result.attempted > 0
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
    assert not failures, "".join(failures)
