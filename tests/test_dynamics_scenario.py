"""Scenario files of kind "dynamics": the [dynamics] table, `compellence solve`, located errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from compellence.cli import main
from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic, simulate
from compellence.errors import ScenarioError
from compellence.scenario import load_scenario, loads_scenario

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dynamics_bite.toml"


def test_example_solves_like_the_library():
    scen = load_scenario(EXAMPLE)
    rep = scen.solve()
    m = CoercionDynamics(punishment_levels=1, demands=(1.0,), punishment_per_period=0.3, reversibility=1.0,
                         delta=0.9, threat_credibility=0.5, assurance_credibility=1.0,
                         bite=(0.05, 0.1, 0.2, 0.4, 1.0), punishment_cost=0.02, audience_cost=0.05)
    sol = backward_induction_dynamic(m.game(), 12)
    assert rep.summary["coercer_value"] == pytest.approx(sol.value[0, 0])
    assert rep.summary["target_value"] == pytest.approx(sol.value[0, 1])
    path = simulate(sol, chance=False).labels()
    path = path[path.coercer_action != ""]
    assert list(rep.path.coercer_action) == list(path.coercer_action)
    assert rep.summary["demand_period"] == 4 and rep.summary["complied_at"] == 4


def test_cli_prints_the_answer_and_valid_json(capsys):
    assert main(["solve", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "demand issued in period" in out and "equilibrium path" in out
    assert main(["solve", str(EXAMPLE), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["demand_period"] == 4 and d["equilibrium_path"][-1]["target_action"] == "comply"

    def finite(x):
        if isinstance(x, dict):
            return all(finite(v) for v in x.values())
        if isinstance(x, list):
            return all(finite(v) for v in x)
        if isinstance(x, float):
            return math.isfinite(x)
        return not (isinstance(x, str) and x in ("inf", "-inf", "nan"))

    assert finite(d)


def test_infinite_horizon_reports_every_run():
    text = EXAMPLE.read_text().replace("horizon = 12", "horizon = 0")
    rep = loads_scenario(text).solve()
    assert rep.runs is not None and len(rep.runs) == 7
    assert rep.summary["n_equilibria"] >= 1
    assert "Markov-perfect search" in rep.to_table()


def test_errors_name_the_key_and_line():
    text = EXAMPLE.read_text().replace("reversibility = 1.0", "reversibility = 1.4")
    with pytest.raises(ScenarioError) as e:
        loads_scenario(text)
    assert "dynamics.reversibility" in str(e.value) and "line 11" in str(e.value)
    with pytest.raises(ScenarioError, match="did you mean"):
        loads_scenario(EXAMPLE.read_text().replace("audience_cost", "audiance_cost"))
    with pytest.raises(ScenarioError, match="dynamics.aid_level"):
        loads_scenario(EXAMPLE.read_text() + "aid_level = 2\n").solve()


def test_sweep_is_one_batched_solve_equal_to_pointwise_solves(tmp_path, capsys):
    from compellence.scenario import parse_vary

    scen = load_scenario(EXAMPLE)
    res = scen.sweep([parse_vary("dynamics.audience_cost=0:0.3:3"),
                      parse_vary("dynamics.threat_credibility=0:1:3")])
    assert res.n_points == 9
    for row in res.frame.itertuples(index=False):
        text = EXAMPLE.read_text()
        text = text.replace("audience_cost = 0.05", f"audience_cost = {row[0]!r}")
        text = text.replace("threat_credibility = 0.5", f"threat_credibility = {row[1]!r}")
        rep = loads_scenario(text).solve()
        assert row.coercer_value == pytest.approx(rep.summary["coercer_value"], abs=1e-12)
        assert row.complied_at == rep.summary["complied_at"]
        assert row.first_open == rep.summary["first_open"]
    out = tmp_path / "sweep.csv"
    assert main(["sweep", str(EXAMPLE), "--vary", "dynamics.delta=0.8:0.95:4", "--out", str(out)]) == 0
    assert "4 grid points" in capsys.readouterr().out
    assert out.read_text().splitlines()[0].startswith("dynamics.delta,coercer_value")
    with pytest.raises(ScenarioError, match="cannot be swept"):
        scen.sweep([parse_vary("dynamics.horizon=1:5:5")])
