"""Every ``python`` code block of the hand-written documentation pages runs.

Each block runs on its own in a fresh interpreter, from the repository root (the pages
name files such as ``examples/russia_2022.toml`` relative to it), with this interpreter's
``bin`` directory first on ``PATH`` (so a block may call the ``compellence`` command), and
must exit with status 0.  The generated API pages (``docs/api``) hold no such blocks; their
examples are the docstrings', run by ``test_doctests.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _blocks() -> list[tuple[str, int, str]]:
    out = []
    for page in sorted(DOCS.glob("*.md")):
        for k, code in enumerate(BLOCK.findall(page.read_text(encoding="utf-8"))):
            out.append((page.name, k, code))
    return out


BLOCKS = _blocks()


def test_the_pages_have_code() -> None:
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize(("page", "k", "code"), BLOCKS,
                         ids=[f"{p}-{k}" for p, k, _ in BLOCKS])
def test_code_block_runs(page: str, k: int, code: str) -> None:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["MPLBACKEND"] = "Agg"
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, f"docs/{page}, python block {k}:\n{res.stderr[-2000:]}"
