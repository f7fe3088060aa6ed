"""The README's code must stay true: run its Python blocks and check the numbers it shows."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_python_example_runs_and_its_comments_hold():
    blocks = python_blocks()
    assert blocks, "the README has no python example"
    ns: dict = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), ns)
    sol, off = ns["sol"], ns["off"]
    assert sol.value.shape == (2, 201)
    assert sol.path(index=150) == ("demand", "comply")
    assert sol.ties.any()
    np.testing.assert_allclose(off.margin[[0, 100]], [-0.3, 0.33], atol=1e-9)
    assert abs(float(off.critical_effective_reversibility.value[0]) - 0.4762) < 1e-4
    crit = ns["c"].critical("assurance.credibility")
    assert np.isinf(crit.value[0]) and crit.never[0]  # r = 0: no assurance opens it
    assert abs(float(crit.value[100]) - (1 - 0.9 + 0.3 / (1.0 * 0.1 * 9))) < 1e-6  # by hand
    assert ns["cp"].spe(ns["c"].game()).path(index=100)[:2] == ("comply", "lift")
    # the sweep example shows a frontier: viable on part of the grid, not all or none
    result = ns["result"]
    assert result.n_points == 51 * 51 and result.n_viable == 581
    assert "off-ramp viable at 581 (22.3%)" in result.summary()
    margin = result.frame["margin"].to_numpy()
    assert margin.min() < 0 < margin.max()
    assert ns["ax"].get_xlabel() == "assurance credibility"


def test_readme_quick_start_is_two_commands_matching_ci():
    text = README.read_text()
    quick = text[text.index("## Quick start"):text.index("## 30-second example")]
    commands = [line for line in quick.splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert "compellence solve examples/russia_2022.toml" in commands[0]
    ci = (README.parent / ".ci" / "run").read_text()
    assert '.venv/bin/pip install ".[test]"' in commands[1] and '.venv/bin/pip install ".[test]"' in ci
    assert commands[1].endswith(".venv/bin/python -m pytest") and ".venv/bin/python -m pytest" in ci
