"""The ``compellence`` command: every subcommand on the shipped examples, exit codes (0 ok,
2 bad input without a traceback, 1 internal error) and help texts.

Most runs go through ``cli.main(argv)`` in this process (the code the console script
calls, without starting Python again); one test per subcommand runs the installed
console script as a subprocess, so the entry point, its exit code and its output
streams are exercised as a user's shell sees them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from compellence import cli

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
MAIN_JOB = EX / "russia_2022.toml"
_SCRIPT = Path(sys.executable).with_name("compellence")
_ENV = {"MPLBACKEND": "Agg", "COLUMNS": "100"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``cli.main(args)`` in this process, from ``cwd`` (default: the repository), with
    stdout and stderr captured: the exit code and both streams, as a subprocess would give."""
    out, err = io.StringIO(), io.StringIO()
    with (contextlib.chdir(cwd or ROOT), mock.patch.dict(os.environ, _ENV),
          contextlib.redirect_stdout(out), contextlib.redirect_stderr(err)):
        code = cli.main(list(args))
    return subprocess.CompletedProcess(["compellence", *args], code, out.getvalue(), err.getvalue())


def run_process(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed console script (or ``python -m compellence.cli`` without one)."""
    cmd = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "compellence.cli"]
    env = dict(os.environ, **_ENV)
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=cwd or ROOT, env=env)


def ok(p: subprocess.CompletedProcess) -> str:
    assert p.returncode == 0, f"exit {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}"
    return p.stdout


def bad_input(p: subprocess.CompletedProcess, fragment: str) -> str:
    assert p.returncode == 2, f"exit {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}"
    assert "Traceback" not in p.stderr and p.stderr.startswith("compellence: error: ")
    assert fragment in p.stderr, p.stderr
    return p.stderr


def test_console_script_is_installed():
    assert _SCRIPT.exists(), "the compellence console script is not installed next to python"


# ------------------------------------------------------------------------------ help
def test_help_teaches(capsys):
    out = ok(run("--help"))
    for needle in ("solve", "sweep", "cascade", "convert", "draw", "off-ramp margin",
                   "exit codes", "examples:"):
        assert needle in out
    for sub in ("solve", "sweep", "cascade", "check", "convert", "draw"):
        assert cli.main([sub, "--help"]) == 0
        text = capsys.readouterr().out
        assert "example:" in text and f"compellence {sub}" in text


def test_version_and_no_command(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("compellence ")
    assert cli.main([]) == 2
    assert "usage" in capsys.readouterr().out


# ------------------------------------------------------------------------------ solve
def test_main_job_prints_the_table():
    out = ok(run_process("solve", "examples/russia_2022.toml"))  # the solve smoke test
    for needle in ("Russia 2022", "equilibrium_path", "Russia: resist", "margin", "viable", "largest_demand",
                   "critical_effective_assurance_credibility", "critical_effective_reversibility",
                   "critical_effective_threat_credibility", "derived quantities", "drivers (per instrument)",
                   "aid to Ukraine"):
        assert needle in out, needle


def test_solve_json_for_scripts(capsys):
    d = json.loads(ok(run("solve", str(MAIN_JOB), "--format", "json")))
    assert d["viable"] is False and d["decision"] == "resist"
    assert d["game_and_closed_form_agree"] is True
    assert set(d["critical"]) == {"critical_effective_assurance_credibility", "critical_effective_reversibility",
                                  "critical_effective_threat_credibility", "critical_punishment_per_period"}
    assert d["critical"]["critical_effective_reversibility"]["value"] < 1
    assert d["inputs"]["assurance.credibility"] == 0.7 and 0 < d["derived"]["effective_assurance_credibility"] < 0.7

    def numbers_are_numbers(obj):  # JSON: no "inf" / "nan" strings; keys are identifiers
        if isinstance(obj, dict):
            for k, v in obj.items():
                assert isinstance(k, str) and " " not in k, k
                numbers_are_numbers(v)
        elif isinstance(obj, list):
            for v in obj:
                numbers_are_numbers(v)
        else:
            assert obj not in ("inf", "-inf", "nan")

    numbers_are_numbers(d)
    assert cli.main(["solve", str(MAIN_JOB), "--format", "json", "--set",
                     "assurance.credibility=1", "--set", "demand.concession=0.05"]) == 0
    d2 = json.loads(capsys.readouterr().out)
    assert d2["margin"] > d["margin"]


def test_solve_game_files(capsys):
    out = ok(run("solve", "examples/teaching/entry_deterrence.efg"))
    assert "Entrant: enter -> Incumbent: accommodate" in out
    assert cli.main(["solve", "examples/teaching/chicken.nfg", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["equilibria"]) == 3


# ------------------------------------------------------------------------------ sweep
def test_sweep_writes_csv_and_map(tmp_path):
    out_csv, png = tmp_path / "r.csv", tmp_path / "map.png"
    out = ok(run("sweep", str(MAIN_JOB), "--vary", "assurance.credibility=0:1:11",
                 "--vary", "instruments[2].cost_target=0:0.2:6", "--out", str(out_csv),
                 "--plot", str(png)))
    assert "66 grid points" in out
    rows = list(csv.DictReader(out_csv.open()))
    assert len(rows) == 66
    assert {"assurance.credibility", "instruments[2].cost_target", "margin", "viable",
            "largest_demand", "decision"} <= set(rows[0])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sweep_checkpoint_resumes(tmp_path, capsys):
    a, b, ck = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "ck"
    args = ["sweep", str(MAIN_JOB), "--vary", "demand.concession=0:1:9", "--checkpoint", str(ck)]
    ok(run_process(*args, "--out", str(a)))  # the sweep smoke test
    assert any(ck.iterdir())
    assert cli.main([*args, "--out", str(b)]) == 0  # resumed from the checkpoint
    assert a.read_text() == b.read_text()


@pytest.mark.slow
def test_sweep_process_backend(tmp_path, capsys):
    a, c = tmp_path / "a.csv", tmp_path / "c.csv"
    args = ["sweep", str(MAIN_JOB), "--vary", "demand.concession=0:1:9"]
    assert cli.main([*args, "--out", str(a)]) == 0
    assert cli.main([*args, "--backend", "process", "--out", str(c)]) == 0
    assert c.read_text() == a.read_text()


# ------------------------------------------------------------------------------ other commands
def test_cascade_command():
    # the cascade smoke test
    d = json.loads(ok(run_process("cascade", "examples/defections.toml", "--format", "json")))
    names = [r["intervention"] for r in d["results"]]
    assert names[0] == "(none: baseline)" and "10 best-connected defectors" in names
    assert d["watts_condition"]["possible"] in (True, False)


def test_sweep_of_a_cascade_study(tmp_path):
    out_csv, png = tmp_path / "c.csv", tmp_path / "c.png"
    out = ok(run("sweep", "examples/defections.toml", "--vary", "thresholds.mean=0.2:0.3:3",
                 "--out", str(out_csv), "--plot", str(png)))
    assert "mean final share of defectors" in out
    rows = list(csv.DictReader(out_csv.open()))
    assert len(rows) == 3 and "mean_share[10 best-connected defectors]" in rows[0]
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_check_command():
    p = run_process("check", "examples/russia_2022.toml", "--keys")  # the check smoke test
    out = ok(p)
    # the in-process run used elsewhere gives what the console script gives
    here = run("check", "examples/russia_2022.toml", "--keys")
    assert (here.returncode, here.stdout, here.stderr) == (p.returncode, p.stdout, p.stderr)
    assert "ok (kind = \"campaign\"" in out and "instruments[0].reversibility = 0.7" in out


def test_convert_command(tmp_path, capsys):
    src = tmp_path / "entry.efg"
    src.write_text((EX / "teaching" / "entry_deterrence.efg").read_text())
    ok(run_process("convert", str(src), "--to", "nfg"))  # the convert smoke test
    nfg = (tmp_path / "entry.nfg").read_text()
    assert nfg.startswith("NFG 1 R") and '"stay out"' in nfg
    # the converted file reads back: the reduced normal form has the two pure equilibria
    assert cli.main(["solve", str(tmp_path / "entry.nfg"), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["form"] == "normal" and len(d["equilibria"]) >= 2
    out = ok(run("convert", "examples/teaching/compellence_threat.toml", "--to", "efg", "--out", "-"))
    assert out.startswith('EFG 2 R "Compellence with a threat"')
    assert cli.main(["convert", str(MAIN_JOB), "--to", "efg", "--out",
                     str(tmp_path / "russia.efg")]) == 0
    assert cli.main(["solve", str(tmp_path / "russia.efg")]) == 0
    assert "Russia: resist" in capsys.readouterr().out
    _bad(capsys, ["convert", "examples/teaching/chicken.nfg", "--to", "efg"], "no tree")


def test_draw_command(tmp_path, capsys):
    png = tmp_path / "russia.png"
    ok(run_process("draw", "examples/russia_2022.toml", "--out", str(png)))  # the draw smoke test
    assert png.read_bytes()[:4] == b"\x89PNG"
    png = tmp_path / "bq.png"
    assert cli.main(["draw", "examples/teaching/beer_quiche.efg", "--out", str(png)]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    _bad(capsys, ["draw", "examples/teaching/chicken.nfg", "--out", str(tmp_path / "x.png")],
         "draws game trees")


# ------------------------------------------------------------------------------ bad input
def test_bad_input_exits_2_with_a_located_message(tmp_path):
    """The exit code, the message on stderr and no traceback; the first as a separate process
    (the exit code reaches the shell through the console script)."""
    bad = tmp_path / "bad.toml"
    text = MAIN_JOB.read_text().replace("reversibility = 0.6", "reversibility = 1.4")
    bad.write_text(text)
    n = next(i for i, line in enumerate(text.splitlines(), 1) if "reversibility = 1.4" in line)
    p = run_process("solve", str(bad))
    bad_input(p, f"instruments[1].reversibility = 1.4 (line {n}): must be within [0, 1]")
    here = run("solve", str(bad))
    assert (here.returncode, here.stdout, here.stderr) == (p.returncode, p.stdout, p.stderr)
    bad_input(run("frobnicate"), "invalid choice")


def _bad(capsys, argv: list[str], fragment: str) -> None:
    assert cli.main(argv) == 2, argv
    err = capsys.readouterr().err
    assert err.startswith("compellence: error: ") and fragment in err, err
    assert "Traceback" not in err


def test_every_bad_input_path_exits_2(tmp_path, capsys):
    """In-process (the same code path as the console script, minus the process start)."""
    text = MAIN_JOB.read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("reversibility = 0.6", "reversibilty = 0.6"))
    _bad(capsys, ["solve", str(bad)], "did you mean 'reversibility'?")
    bad.write_text("kind = \n")
    _bad(capsys, ["solve", str(bad)], "line 1: not valid TOML")
    _bad(capsys, ["solve", str(tmp_path)], "is a folder")
    _bad(capsys, ["solve", "no/such/file.toml"], "no such file")
    _bad(capsys, ["cascade", str(MAIN_JOB)], "needs kind = \"cascade\"")
    _bad(capsys, ["solve", str(MAIN_JOB), "--format", "xml"], "invalid choice")
    _bad(capsys, ["sweep", str(MAIN_JOB), "--out", "x.csv"], "--vary")
    out = str(tmp_path / "x.csv")
    _bad(capsys, ["sweep", str(MAIN_JOB), "--vary", "assurance.credibility=0:2:3", "--out", out],
         "out of range")
    _bad(capsys, ["sweep", str(MAIN_JOB), "--vary", "assurance.credibility", "--out", out],
         "KEY=START:STOP:NUM")
    _bad(capsys, ["sweep", str(MAIN_JOB), "--vary", "coercer.name=0:1:3", "--out", out],
         "cannot be swept")
    _bad(capsys, ["sweep", str(MAIN_JOB), "--vary", "demand.concession=0:1:3", "--out", out,
                  "--scheduler", "tcp://127.0.0.1:1"], "--scheduler only applies with --backend dask")
    _bad(capsys, ["sweep", str(MAIN_JOB), "--vary", "demand.concession=0:1:3", "--out",
                  str(tmp_path / "no" / "x.csv")], "does not exist")
    _bad(capsys, ["sweep", str(MAIN_JOB), "--vary", "demand.concession=0:1:3", "--out", out,
                  "--plot", str(tmp_path / "no" / "x.png")], "does not exist")
    _bad(capsys, ["sweep", "examples/defections.toml", "--vary", "runs=1:2:2", "--out", out],
         "--vary runs: this key cannot be swept")
    _bad(capsys, ["solve", str(MAIN_JOB), "--set", "demand.concesion=1"],
         "did you mean 'demand.concession'")
    _bad(capsys, ["solve", str(MAIN_JOB), "--set", "demand.concession"], "expected KEY=VALUE")
    _bad(capsys, ["solve", "examples/teaching/chicken.nfg", "--set", "a=1"], "--set applies")
    game = tmp_path / "g.efg"
    game.write_text('EFG 2 R "x" { "A" }\n""\n\np "" 1 1 "" { "a" } 0\n')
    _bad(capsys, ["solve", str(game)], "g.efg")
    _bad(capsys, ["convert", str(tmp_path / "g.txt"), "--to", "nfg"], "no such file")
    (tmp_path / "g.txt").write_text("x")
    _bad(capsys, ["convert", str(tmp_path / "g.txt"), "--to", "nfg"], "unknown file type")
    _bad(capsys, ["sweep", "examples/teaching/compellence_threat.toml", "--vary", "a=0:1:2",
                  "--out", out], "sweep needs a campaign or cascade scenario")
    _bad(capsys, ["draw", "examples/defections.toml", "--out", str(tmp_path / "d.png")],
         "no game tree")
    _bad(capsys, ["check", "examples/teaching/chicken.nfg"], "Gambit game file")


# ------------------------------------------------------------------------------ in-process paths
def test_internal_error_exits_1_traceback_only_with_debug(monkeypatch, capsys):
    def boom(args):
        raise RuntimeError("kaboom")

    monkeypatch.setitem(cli._COMMANDS, "check", boom)
    assert cli.main(["check", str(MAIN_JOB)]) == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaboom" in err and "Traceback" not in err
    assert "--debug" in err
    assert cli.main(["--debug", "check", str(MAIN_JOB)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "kaboom" in err
    assert cli.main(["check", str(MAIN_JOB), "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_plot_without_matplotlib_is_a_clear_bad_input(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    code = cli.main(["sweep", str(MAIN_JOB), "--vary", "demand.concession=0:1:3",
                     "--out", str(tmp_path / "x.csv"), "--plot", str(tmp_path / "x.png")])
    assert code == 2
    err = capsys.readouterr().err
    assert "pip install 'compellence[plot]'" in err
    assert cli.main(["draw", str(MAIN_JOB), "--out", str(tmp_path / "t.png")]) == 2
    assert not (tmp_path / "x.csv").exists()


def test_plot_of_three_keys_is_refused(capsys, tmp_path):
    code = cli.main(["sweep", str(MAIN_JOB), "--vary", "demand.concession=0:1:2",
                     "--vary", "assurance.credibility=0:1:2", "--vary", "horizon.discount=0.5:0.9:2",
                     "--out", str(tmp_path / "x.csv"), "--plot", str(tmp_path / "x.png")])
    assert code == 2 and "one or two varied keys" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["solve"], ["sweep", "x.toml"], ["convert", "x.efg"],
                                  ["draw", "x.efg"]])
def test_missing_arguments_are_usage_errors(argv, capsys):
    assert cli.main(argv) == 2
    assert "required" in capsys.readouterr().err
