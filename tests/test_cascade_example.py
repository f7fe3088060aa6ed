"""The defections example runs end to end and prints its tables."""

from __future__ import annotations

import runpy
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "defections.py"


def test_defections_example_runs(capsys):
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    for heading in ("1. A brigade", "2. Equal budget", "3. The diplomatic corps",
                    "4. Security services", "5. The claims and their regions",
                    "6. What the defections do"):
        assert heading in out
    assert "recruit senior officers first" in out and "margin" in out
    assert "no intervention" in out and "resistance_cost" in out
