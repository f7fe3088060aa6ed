"""The package's imports point down only: no cycles, no layer importing a layer above it,
no private name imported from another module.

Read from the source with :mod:`ast` (every import, including those inside
functions; imports under ``if TYPE_CHECKING:`` are for type checkers only and
do not run, so they are not counted).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: each layer may import only the layers listed (and itself, and the shared base modules)
LAYERS: dict[str, set[str]] = {
    "games": set(),
    "solvers": {"games"},
    "cascades": set(),
    "coercion": {"games", "solvers"},
    "linking": {"cascades", "coercion", "games", "solvers"},
    "catalog": {"games", "solvers", "coercion"},  # the crisis-bargaining games are built by coercion
    "analysis": {"games", "solvers", "coercion", "cascades"},
    "scenario": {"games", "solvers", "coercion", "cascades", "linking", "analysis", "catalog"},
}
#: modules below every layer
BASE = {"errors", "limits", "outputs", "validation", "_lazy", "_frames"}


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for p in SRC.rglob("*.py"):
        parts = list(p.relative_to(SRC).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        out[".".join(parts)] = (p, is_pkg)
    return out


MODULES = _modules()


@functools.cache  # each module is parsed once for the three checks below
def _imports(mod: str) -> list[tuple[str, str, int]]:
    """(imported module, imported name or '', line) for every runtime import of ``mod``."""
    path, is_pkg = MODULES[mod]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test):
            typing_only.update(id(m) for m in ast.walk(n))
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for a in node.names:
                sub = f"{target}.{a.name}"
                out.append((sub, "", node.lineno) if sub in MODULES else (target, a.name, node.lineno))
        elif isinstance(node, ast.Import):
            out.extend((a.name, "", node.lineno) for a in node.names)
    return [(t, name, line) for t, name, line in out if t.startswith("compellence")]


def _graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for mod, (_, is_pkg) in MODULES.items():
        if is_pkg:  # packages re-export lazily; their submodules carry the real edges
            continue
        for target, _, _ in _imports(mod):
            if target in MODULES and not MODULES[target][1] and target != mod:
                g.add_edge(mod, target)
    return g


def test_no_import_cycles() -> None:
    cycles = list(nx.simple_cycles(_graph(), length_bound=6))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles[:10])


def _layer(mod: str) -> str | None:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 else None


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_layers_import_down_only(layer: str) -> None:
    allowed = LAYERS[layer] | BASE | {layer}
    bad = []
    for mod in MODULES:
        if _layer(mod) != layer:
            continue
        for target, _, line in _imports(mod):
            other = _layer(target)
            if other is not None and other not in allowed:
                bad.append(f"{mod} line {line} imports {target}")
    assert not bad, "\n".join(bad)


def test_no_private_names_imported_across_modules() -> None:
    bad = []
    for mod in MODULES:
        for target, name, line in _imports(mod):
            if name.startswith("_") and not name.startswith("__"):
                bad.append(f"{mod} line {line}: {target}.{name}")
    assert not bad, "\n".join(bad)
