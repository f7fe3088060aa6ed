"""The documentation site's sources: every public name of ``compellence`` is in the API
reference, the generated reference pages are current, and the nav of ``mkdocs.yml``
names only pages that exist.  (The site itself is built by CI with
``mkdocs build --strict``; these tests read the sources and do not build it.)
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

import pytest
import yaml

import compellence

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
API = DOCS / "api"


def _layers() -> list[str]:
    """Every layer of the package: each module of the top-level lazy table, plus the
    public modules ``limits``, ``outputs`` and ``validation``."""
    mods = [n for n, target in compellence._LAZY.items() if target == f"compellence.{n}"]
    return [*mods, "limits", "outputs", "validation"]


def _headings(page: Path) -> set[str]:
    """The names a reference page documents: each ``::: path`` block (mkdocstrings renders
    the object's heading, signature and docstring) and each ``## `name``` heading (a constant)."""
    text = page.read_text(encoding="utf-8")
    blocks = {p.rsplit(".", 1)[-1] for p in re.findall(r"^::: (\S+)$", text, re.M)}
    return blocks | set(re.findall(r"^## `([^`]+)`$", text, re.M))


def _gen_api():
    spec = importlib.util.spec_from_file_location("gen_api", DOCS / "gen_api.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("layer", _layers())
def test_every_public_name_of_a_layer_is_on_its_reference_page(layer: str) -> None:
    page = API / f"{layer}.md"
    assert page.exists(), f"no API page for compellence.{layer} (run python docs/gen_api.py)"
    names = set(importlib.import_module(f"compellence.{layer}").__all__)
    missing = sorted(names - _headings(page))
    assert not missing, f"docs/api/{layer}.md lacks {missing} (run python docs/gen_api.py)"


def test_every_top_level_name_is_in_the_reference_index() -> None:
    text = (API / "index.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", text, re.M))
    missing = sorted(set(compellence.__all__) - listed)
    assert not missing, f"docs/api/index.md lacks {missing} (run python docs/gen_api.py)"


def test_each_top_level_name_is_documented_on_a_layer_page() -> None:
    """``cp.spe`` is documented where its layer documents it: the name is a heading on the
    page of the layer that defines it (or is that layer), or, for a name the layer does not
    re-export (``cp.fictitious_play`` from ``compellence.solvers.learning``), on the index."""
    layers = set(_layers())
    for name, target in compellence._LAZY.items():
        layer = target.split(".")[1]
        assert layer in layers, (name, target)
        if target != f"compellence.{name}":
            assert name in _headings(API / f"{layer}.md") | _headings(API / "index.md"), (
                name, layer)


def test_reference_pages_are_current() -> None:
    """The committed pages are what ``docs/gen_api.py`` writes today (a name added to an
    ``__all__`` fails here until the pages are regenerated)."""
    pages = _gen_api().pages()
    stale = [name for name, text in pages.items()
             if not (API / name).exists() or (API / name).read_text(encoding="utf-8") != text]
    assert not stale, f"stale API pages {stale}: run python docs/gen_api.py"
    assert {p.name for p in API.glob("*.md")} == set(pages)


def test_reference_blocks_name_the_defining_module() -> None:
    """Each ``::: path`` block names an object importable at that path (the docs build
    reads sources statically, so a re-export through a lazy package would not resolve)."""
    for page in API.glob("*.md"):
        for path in re.findall(r"^::: (\S+)$", page.read_text(encoding="utf-8"), re.M):
            module, _, attr = path.rpartition(".")
            try:
                obj = importlib.import_module(path)
            except ImportError:
                obj = importlib.import_module(module)
                for part in attr.split("."):
                    obj = getattr(obj, part)
            assert obj is not None, path


def _nav_pages(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [p for item in node for p in _nav_pages(item)]
    if isinstance(node, dict):
        return [p for v in node.values() for p in _nav_pages(v)]
    return []


def test_nav_names_existing_pages_and_every_reference_page() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = _nav_pages(config["nav"])
    missing = [p for p in nav if not (DOCS / p).exists()]
    assert not missing, f"mkdocs.yml nav names missing pages {missing}"
    assert {f"api/{p.name}" for p in API.glob("*.md")} <= set(nav)
    assert "tutorials/index.md" in nav
    # the notebooks are site pages (mkdocs-jupyter) in the nav, linked from the tutorials
    # page, and downloads (the .ipynb the plugin copies next to each page)
    index = (DOCS / "tutorials" / "index.md").read_text(encoding="utf-8")
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "mkdocs-jupyter:" in config_text and "include_source: true" in config_text
    for notebook in (DOCS / "tutorials").glob("*.ipynb"):
        assert f"tutorials/{notebook.name}" in nav, f"mkdocs.yml nav lacks {notebook.name}"
        assert f"]({notebook.name})" in index, f"docs/tutorials/index.md does not link {notebook.name}"
        stem = notebook.stem
        assert f'href="{stem}/{notebook.name}" download' in index, (
            f"docs/tutorials/index.md offers no download of {notebook.name}")


def test_every_model_page_is_in_the_nav() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = set(_nav_pages(config["nav"]))
    pages = {p.name for p in DOCS.glob("*.md")}
    assert pages - nav == set(), f"docs pages missing from mkdocs.yml nav: {sorted(pages - nav)}"
