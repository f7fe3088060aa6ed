"""Every file of the repository names only files that are in it.

A user has only the repository: a Markdown link, or a path in the README, the
docs, a docstring, a test or an example that looks like a repository path
(``docs/<page>.md``, ``examples/...``, ``src/...``, ``tests/...``, ``benchmarks/...``)
must point to a file or folder that exists, and nothing may refer to the design
notes that live outside the repository (the names are built below so that this
file does not contain them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: folders that are not the project's own files (environments, builds, caches)
SKIP_DIRS = {".git", ".venv", "venv", "build", "dist", "site", "__pycache__", ".pytest_cache",
             ".ruff_cache", ".hypothesis", ".ipynb_checkpoints", "node_modules"}
TEXT_SUFFIXES = {".md", ".py", ".toml", ".txt", ".efg", ".nfg", ".ipynb", ".yml", ".yaml",
                 ".cfg", ".ini", ".json", ".csv", ""}

#: names of files outside the repository (built by concatenation: see the module docstring)
OUTSIDE = [n + ".md" for n in ("DESIGN", "MODELS")]
OUTSIDE_RE = re.compile("|".join([*(re.escape(n) for n in OUTSIDE), r"\.\./" + "shared",
                                  r"(?<![\w.-])" + "shared" + r"/(?=[A-Z\w])"]))

#: a repository path: one of the top-level folders, then path characters
REPO_PATH_RE = re.compile(
    r"(?<![\w./\-])((?:docs|examples|src|tests|benchmarks|\.ci)/[\w./\-*{}<>\[\]]*[\w/*}>\]])")

#: paths of OTHER projects' repositories that a file cites on purpose (path -> who)
EXTERNAL = {
    "src/solvers/logit/path.h": "Gambit's source (the path tracer whose defaults qre/continuation.py keeps)",
}
MD_LINK_RE = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _files() -> list[Path]:
    out = []
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.endswith(".egg-info") for part in rel.parts):
            continue
        if path.is_file() and path.suffix in TEXT_SUFFIXES and path.stat().st_size < 2_000_000:
            out.append(path)
    return sorted(out)


FILES = _files()


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


def _exists(target: str, base: Path) -> bool:
    target = target.split("#", 1)[0].split("?", 1)[0]
    if not target:
        return True
    return (base / target).exists()


def test_the_scan_sees_the_project() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in FILES}
    assert "README.md" in names and "pyproject.toml" in names
    assert any(n.startswith("docs/") for n in names) and any(n.startswith("src/") for n in names)


def test_nothing_refers_to_files_outside_the_repository() -> None:
    bad = []
    for path in FILES:
        for lineno, line in enumerate(_text(path).splitlines(), 1):
            for m in OUTSIDE_RE.finditer(line):
                bad.append(f"{path.relative_to(ROOT)}:{lineno}: {m.group(0)!r}")
    assert not bad, "references to files that are not in the repository:\n" + "\n".join(bad)


def test_markdown_links_point_into_the_repository() -> None:
    bad = []
    for path in FILES:
        if path.suffix not in {".md", ".ipynb"}:
            continue
        for lineno, line in enumerate(_text(path).splitlines(), 1):
            for m in MD_LINK_RE.finditer(line):
                target = m.group(1).strip("<>")
                if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
                    continue  # a URL, an anchor on the same page
                if not _exists(target, path.parent):
                    bad.append(f"{path.relative_to(ROOT)}:{lineno}: {target}")
    assert not bad, "Markdown links to missing files:\n" + "\n".join(bad)


def test_repository_paths_named_in_files_exist() -> None:
    bad = []
    for path in FILES:
        for lineno, line in enumerate(_text(path).splitlines(), 1):
            for m in REPO_PATH_RE.finditer(line):
                target = m.group(1).rstrip(".")
                if any(c in target for c in "*{}<>[]") or target in EXTERNAL:
                    continue  # a pattern or placeholder, not a file; a cited path elsewhere
                if not ((ROOT / target).exists() or _exists(target, path.parent)):
                    bad.append(f"{path.relative_to(ROOT)}:{lineno}: {target}")
    assert not bad, "paths to files that are not in the repository:\n" + "\n".join(bad)


@pytest.mark.parametrize("pattern", [*OUTSIDE, "../" + "sha" + "red/x", "see " + "sha" + "red/" + "NOTES"])
def test_the_outside_pattern_catches(pattern: str) -> None:
    assert OUTSIDE_RE.search(f"a line naming {pattern} here")
