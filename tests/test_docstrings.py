"""Every public callable has a numpydoc docstring: a summary line, ``Parameters`` (naming each
parameter), ``Returns`` (if it returns something), ``Raises`` naming each library error it
raises itself, and ``Examples`` (which ``tests/test_doctests.py`` runs).

"Public" means: each name reachable from ``compellence`` (the top-level lazy table and each
layer's ``__all__``) and each public name of the modules in :data:`DOCUMENTED_MODULES`
(``__all__``, or else every function and class the module defines without a leading
underscore), plus the public methods those classes define themselves.  An object is checked
when the module that defines it is in :data:`DOCUMENTED_MODULES`; modules join that list as
their docstrings are completed.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import textwrap

import pytest

import compellence
from compellence import errors

#: the modules whose public callables must carry complete numpydoc docstrings
DOCUMENTED_MODULES: tuple[str, ...] = (
    "compellence",
    "compellence.games",
    "compellence.games.gambit_io",
    "compellence.games.kinds",
    "compellence.games.nodes",
    "compellence.games.normal_form",
    "compellence.games.reduced",
    "compellence.games.subtree",
    "compellence.games.svg",
    "compellence.games.tikz",
    "compellence.games.tree",
    "compellence.solvers",
    "compellence.solvers.agent_form",
    "compellence.solvers.exact_rational",
    "compellence.solvers.learning",
    "compellence.solvers.lemke",
    "compellence.solvers.recall",
    "compellence.solvers.sequence_form",
    "compellence.solvers.signalling",
    "compellence.solvers.solution",
    "compellence.solvers.spe",
    "compellence.solvers.backward_induction",
    "compellence.solvers.subgames",
    "compellence.solvers.zero_sum",
    "compellence.validation",
    "compellence.solvers.equilibria",
    "compellence.solvers.nash",
    "compellence.solvers.lemke_howson",
    "compellence.solvers.vertex_enumeration",
    "compellence.solvers.global_newton",
    "compellence.solvers.polynomial_enumeration",
    "compellence.solvers.qre",
    "compellence.solvers.qre.branch",
    "compellence.solvers.qre.normal_form",
    "compellence.solvers.qre.agent_form",
    "compellence.solvers.qre.continuation",
    "compellence.solvers.qre.fit",
    "compellence.solvers.strategic_estimation",
    "compellence.analysis",
    "compellence.analysis.checkpoint",
    "compellence.analysis.offramp",
    "compellence.analysis.plots",
    "compellence.analysis.question_plots",
    "compellence.analysis.sensitivity",
    "compellence.analysis.sweeping",
    "compellence.catalog",
    "compellence.catalog.games",
    "compellence.cli",
    "compellence.errors",
    "compellence.limits",
    "compellence.outputs",
    "compellence.coercion.dynamics",
    "compellence.coercion.dynamics.state",
    "compellence.coercion.dynamics.payoffs",
    "compellence.coercion.dynamics.solvers",
    "compellence.coercion.dynamics.results",
    "compellence.coercion.dynamics.simulation",
    "compellence.coercion.dynamics.tree",
    "compellence.coercion.dynamics.kernels",
    "compellence.coercion.fighting",
    "compellence.coercion.fighting_exact",
)

#: What need not have an ``Examples`` section, and why.  Exception classes: raising one is
#: shown in the examples of the functions that raise it (their ``Raises`` sections name it);
#: an example of constructing an exception shows nothing about the library.
def _exempt_from_examples(obj: object) -> bool:
    return inspect.isclass(obj) and issubclass(obj, BaseException)


SECTION = re.compile(r"^(\w[\w ]*)\n-{3,}[ \t]*$", re.M)
ERROR_NAMES = frozenset(errors.__all__)


def _sections(doc: str) -> dict[str, str]:
    """``{title: body}`` of a numpydoc docstring's sections."""
    parts = SECTION.split(doc)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _public_names(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is not None:
        return list(names)
    return [n for n, o in vars(module).items()
            if not n.startswith("_") and (inspect.isfunction(o) or inspect.isclass(o))
            and getattr(o, "__module__", None) == module.__name__]


def _reachable() -> dict[str, object]:
    """``{dotted name: object}`` of every public callable and public method in scope."""
    found: dict[str, object] = {}

    def add(label: str, obj: object) -> None:
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            return
        if getattr(obj, "__module__", None) not in DOCUMENTED_MODULES:
            return
        key = f"{obj.__module__}.{obj.__qualname__}"
        if key in found:
            return
        found[key] = obj
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            for name, attr in vars(obj).items():
                if name.startswith("_"):
                    continue
                func = attr.__func__ if isinstance(attr, staticmethod | classmethod) else attr
                if inspect.isfunction(func):
                    found[f"{key}.{name}"] = func

    layers = [n for n, t in compellence._LAZY.items() if t == f"compellence.{n}"]
    for name in compellence.__all__:
        add(name, getattr(compellence, name))
    for layer in [*layers, "limits", "outputs"]:
        package = importlib.import_module(f"compellence.{layer}")
        for name in package.__all__:
            add(name, getattr(package, name))
    for module_name in DOCUMENTED_MODULES:
        module = importlib.import_module(module_name)
        for name in _public_names(module):
            add(name, getattr(module, name))
    return found


REACHABLE = _reachable()


def _parameters(obj) -> list[str]:
    target = obj.__init__ if inspect.isclass(obj) else obj
    if inspect.isclass(obj) and not inspect.isfunction(target):
        return []  # a built-in constructor (object's, or an exception's message arguments)
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return []
    names = []
    for p in signature.parameters.values():
        if p.name in ("self", "cls") or p.name.startswith("_"):
            continue
        prefix = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
        names.append(prefix + p.name)
    return names


def _documented_names(section: str) -> set[str]:
    """The names a ``Parameters`` section documents: its unindented ``name : type`` lines
    (``a, b : float`` documents both; ``*args`` documents ``args``)."""
    names = set()
    for line in section.splitlines():
        if line and not line[0].isspace():
            head = line.split(" : ", 1)[0]
            names |= {n.strip().lstrip("*") for n in head.split(",")}
    return names


def _returns_something(obj) -> bool:
    if inspect.isclass(obj):
        return False
    annotation = inspect.signature(obj).return_annotation
    return annotation not in (None, "None", inspect.Signature.empty)


def _raised_here(obj) -> set[str]:
    """The library errors the function's own body raises by name (``raise XError(...)``)."""
    try:
        source = textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError):
        return set()
    tree = ast.parse(source)
    body = tree.body[0]
    if isinstance(body, ast.ClassDef):
        return set()
    raised = set()
    for node in ast.walk(body):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id in ERROR_NAMES:
                raised.add(exc.id)
    return raised


def test_the_scope_is_not_empty() -> None:
    modules = {getattr(o, "__module__", "") for o in REACHABLE.values()}
    assert len(REACHABLE) > 100
    assert {"compellence.games.tree", "compellence.solvers.spe", "compellence.cli"} <= modules


@pytest.mark.parametrize("name", sorted(REACHABLE))
def test_public_callable_has_a_numpydoc_docstring(name: str) -> None:
    obj = REACHABLE[name]
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    summary = doc.strip().splitlines()[0]
    assert summary and not SECTION.match(doc), f"{name}: no one-line summary"
    sections = _sections(doc)
    problems = []
    params = _parameters(obj)
    if inspect.isclass(obj):
        if params and not {"Parameters", "Attributes"} & set(sections):
            problems.append("no Parameters (or Attributes) section")
    elif params and "Parameters" not in sections:
        problems.append("no Parameters section")
    if {"Parameters", "Attributes"} & set(sections):
        documented = _documented_names(sections.get("Parameters", "")
                                       + sections.get("Attributes", ""))
        for p in params:
            if p.lstrip("*") not in documented:
                problems.append(f"parameter {p!r} not documented")
    if _returns_something(obj) and not {"Returns", "Yields"} & set(sections):
        problems.append("no Returns section")
    missing = sorted(e for e in _raised_here(obj) if e not in sections.get("Raises", ""))
    if missing:
        problems.append(f"Raises does not name {missing}")
    if not _exempt_from_examples(obj):
        if "Examples" not in sections:
            problems.append("no Examples section")
        elif ">>>" not in sections["Examples"]:
            problems.append("Examples has no >>> line")
    assert not problems, f"{name}: " + "; ".join(problems)
