"""Every shipped example runs: ``examples/*.py`` in this process as ``__main__`` (and one of them
as a subprocess, with a timeout), and every example scenario / game file through the
``compellence`` command, with what each one is meant to show asserted on its output."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from compellence import cli

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
SCRIPTS = sorted(EX.glob("*.py"))
SCENARIOS = sorted(p for p in EX.rglob("*") if p.suffix in (".toml", ".efg", ".nfg"))


def command(capsys, *argv: str) -> str:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, f"compellence {' '.join(argv)} exited {code}:\n{err}"
    return out


def solve_json(capsys, path: Path, *extra: str) -> dict:
    return json.loads(command(capsys, "solve", str(path), "--format", "json", *extra))


def test_there_are_examples():
    assert SCRIPTS, "no examples/*.py"
    assert len(SCENARIOS) >= 18


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_python_example_runs(script, tmp_path, monkeypatch, capsys):
    # in this process, as __main__ from an empty folder (the imports are paid once per run; the
    # pandas display options the scripts set are reset by conftest.py)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(script)])
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip(), f"{script.name} printed nothing"


def test_an_example_runs_as_a_script(tmp_path):
    # the smoke test of a fresh interpreter: python examples/beer_quiche.py, as a user runs it
    script = EX / "beer_quiche.py"
    env = dict(os.environ, MPLBACKEND="Agg")
    p = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                       timeout=120, cwd=tmp_path, env=env)
    assert p.returncode == 0, f"{script.name} failed:\n{p.stdout[-2000:]}\n{p.stderr[-4000:]}"
    assert "intuitive criterion (Cho & Kreps 1987): passes" in p.stdout, p.stdout[-2000:]


@pytest.mark.parametrize("path", SCENARIOS, ids=[str(p.relative_to(EX)) for p in SCENARIOS])
def test_every_example_runs_through_the_cli(path, capsys):
    if path.suffix == ".toml" and "kind = \"cascade\"" in path.read_text():
        out = command(capsys, "cascade", str(path))
        assert "final share of defectors" in out
    else:
        out = command(capsys, "solve", str(path))
        assert "equilibri" in out


# ------------------------------------------------------------------------------ what each shows
CLAIMS = EX / "claims"


def test_claim1_irreversible_punishment_buys_no_compliance(capsys):
    # the file's numbers: M = 0.7 * 0.2 * 0.5 * 9 - 0.2 = 0.43, open; opens at s* = 0.2 / (0.7 * 0.2 * 9)
    d = solve_json(capsys, CLAIMS / "1_irreversible_punishment.toml")
    assert d["viable"] and d["margin"] == pytest.approx(0.43)
    r0 = solve_json(capsys, CLAIMS / "1_irreversible_punishment.toml", "--set", "instruments[0].private_share=1")
    assert not r0["viable"] and r0["margin"] == pytest.approx(-0.2)
    weak = solve_json(capsys, CLAIMS / "1_irreversible_punishment.toml", "--set", "assurance.credibility=0.1")
    assert weak["margin"] == pytest.approx(-0.29)


def test_claim2_overt_aid_at_equal_volume(capsys):
    overt = solve_json(capsys, CLAIMS / "2_overt_aid.toml")
    covert = solve_json(capsys, CLAIMS / "2_overt_aid.toml", "--set", "instruments[1].overt=false")
    assert overt["margin"] == pytest.approx(0.28 * 0.621 - 0.2)
    assert covert["margin"] == pytest.approx(0.4 * (0.405 + 0.8 * 0.08 * (9 - 0.45 / 0.55)) - 0.2)
    assert covert["viable"] and not overt["viable"]
    # one mechanism alone (hands tied) from covert: +0.111
    tied = solve_json(capsys, CLAIMS / "2_overt_aid.toml", "--set", "instruments[1].overt=false",
                      "--set", "instruments[1].commitment=0.3")
    assert tied["margin"] - covert["margin"] == pytest.approx(0.12 * (0.405 + 0.8 * 0.08 * (9 - 0.45 / 0.55)))


def test_claim3_divided_unanimous_coalition(capsys):
    d = solve_json(capsys, CLAIMS / "3_unanimous_coalition.toml")
    assert not d["viable"] and d["margin"] == pytest.approx(-0.381, abs=5e-4)
    c = d["coalition"]
    assert c["smallest_demand"] == pytest.approx(0.535, abs=5e-4) and c["largest_demand"] == pytest.approx(0.729, abs=5e-4)
    assert c["single_smallest_demand"] == pytest.approx(0.296, abs=5e-4) and not c["demand_in_window"]
    any_one = solve_json(capsys, CLAIMS / "3_unanimous_coalition.toml",
                         "--set", "coalition.rule=quota", "--set", "coalition.quota=1")["coalition"]
    assert any_one["smallest_demand"] == pytest.approx(0.051, abs=5e-4)


def test_claim4_expected_power_erodes_the_promise(capsys):
    rising = solve_json(capsys, CLAIMS / "4_rising_power.toml")
    flat = solve_json(capsys, CLAIMS / "4_rising_power.toml", "--set", "power.expected=0.5")
    assert rising["margin"] == pytest.approx(-0.1744, abs=5e-4) and not rising["viable"]
    assert flat["margin"] == pytest.approx(0.4530, abs=5e-4) and flat["viable"]


def test_claim5_optimal_delay(capsys):
    # the campaign at the date of the demand (elapsed = k): refused at 0, met at 5 (k*), refused again at 22
    margins = [solve_json(capsys, CLAIMS / "5_delayed_demand.toml", "--set", f"instruments[0].elapsed={k}")["margin"]
               for k in (0, 4, 5, 11, 21, 22)]
    assert margins[0] == pytest.approx(-0.0528, abs=5e-4) and margins[1] < 0 <= margins[2]
    assert margins[3] == pytest.approx(0.0230, abs=5e-4) and margins[4] >= 0 > margins[5]


def test_claim6_channels(capsys):
    rows = solve_json(capsys, CLAIMS / "6_private_channels.toml")["channels"]
    by = {(r["demand"], r["assurance"]): r for r in rows}
    expect = {("public", "public"): -0.014, ("public", "private"): -0.109, ("private", "public"): 0.132,
              ("private", "private"): 0.037}
    for key, m in expect.items():
        assert by[key]["margin"] == pytest.approx(m, abs=5e-4)
    assert [k for k, r in by.items() if r["viable"]] == [("private", "public"), ("private", "private")]


def test_claim7_cornered_target_escalates(capsys):
    e = solve_json(capsys, CLAIMS / "7_no_offramp_escalation.toml")["escalation"]
    assert e["choice"] == "escalate" and not e["offramp"]
    assert e["punishment"] == pytest.approx(0.27 * 0.9 / 0.055)
    with_ramp = solve_json(capsys, CLAIMS / "7_no_offramp_escalation.toml",
                           "--set", "assurance.credibility=0.9")["escalation"]
    assert with_ramp["choice"] == "comply"
    irreversible = solve_json(capsys, CLAIMS / "7_no_offramp_escalation.toml",
                              "--set", "instruments[0].reversibility=0")["escalation"]
    assert irreversible["choice"] == "endure"


def test_main_job_story(capsys):
    d = solve_json(capsys, EX / "russia_2022.toml")
    assert not d["viable"] and d["driver_of"]["irreversibility"] == "aid to Ukraine"
    assert d["critical"]["critical_effective_reversibility"]["value"] < 1  # a reversible campaign would work
    # the switch shown in the file: with backsliding and sanctions that cannot be re-imposed, the
    # re-imposition threat falls below the demand and the promise to lift is void
    weak = ("--set", "instruments[0].reimposition=0", "--set", "instruments[1].reimposition=0")
    off = solve_json(capsys, EX / "russia_2022.toml", *weak)
    on = solve_json(capsys, EX / "russia_2022.toml", "--set", "demand.backsliding=true", *weak)
    pA = "effective_assurance_credibility"
    assert off["derived"][pA] > 0 and on["derived"][pA] == 0
    assert on["margin"] < off["margin"] == pytest.approx(d["margin"])
    assert any("backslide once punishment is lifted" in n for n in on["notes"])


def test_teaching_games(capsys):
    t = EX / "teaching"
    pd_ = solve_json(capsys, t / "prisoners_dilemma.nfg")["equilibria"]
    assert len(pd_) == 1 and pd_[0]["strategies"]["Row"]["Defect"] == 1
    mp = solve_json(capsys, t / "matching_pennies.nfg")["equilibria"]
    assert len(mp) == 1 and mp[0]["strategies"]["Matcher"]["Heads"] == pytest.approx(0.5)
    ch = solve_json(capsys, t / "chicken.nfg")["equilibria"]
    assert len(ch) == 3
    threat = solve_json(capsys, t / "compellence_threat.efg")
    assert threat["equilibria"][0]["path"] == ["Coercer: demand", "Target: comply"]
    assert solve_json(capsys, t / "compellence_threat.toml")["equilibria"] == threat["equilibria"]
    entry = solve_json(capsys, t / "entry_deterrence.efg")
    assert entry["equilibria"][0]["path"] == ["Entrant: enter", "Incumbent: accommodate"]
    ult = solve_json(capsys, t / "ultimatum.efg")
    assert ult["equilibria"][0]["path"][0] == "Proposer: greedy 8/2"
    bq = solve_json(capsys, t / "beer_quiche.efg")
    pooling = {e["strategies"]["Sender"].get("beer/beer", 0) for e in bq["equilibria"]}
    assert 1.0 in pooling  # the beer-pooling equilibrium (Cho & Kreps's intuitive one)


def test_ukraine_veto_the_coercer_spoils_the_deal(capsys):
    d = solve_json(capsys, EX / "ukraine_veto.toml")["defender"]
    assert d["spoiler"] and not d["deal"] and d["terms"] is None and d["game_and_closed_form_agree"]
    # the same file with the West's bar at Ukraine's: a lifted deal at Ukraine's bar
    up = solve_json(capsys, EX / "ukraine_veto.toml", "--set", "defender.coercer_bar=0.65")["defender"]
    assert up["deal"] and up["lifted"] and up["terms"] == up["defender_bar"] == 0.65
    assert up["game_and_closed_form_agree"]
