"""Regression tests for bad input at the numeric and size extremes: every failure is a
CompellenceError naming its field, node or line; no RecursionError, OverflowError or NaN."""

import numpy as np
import pytest

import compellence as cp
from compellence.errors import (
    CompellenceError,
    GameFileError,
    ParameterError,
    PayoffError,
    ScenarioError,
)


def _chain(depth: int) -> cp.Game:
    node = cp.outcome(0.0, 0.0)
    for i in range(depth):
        node = cp.decision("A" if i % 2 else "B", {"go": node, "stop": cp.outcome(float(i), 1.0)})
    return cp.Game(["A", "B"], node)


def test_deep_trees_print_and_round_trip_without_recursion():
    g = _chain(3000)
    text = str(g)
    assert text.count("\n") == 2000 + 1  # header, max_nodes lines, the "... more nodes" line
    assert "more nodes" in text
    spec = g.to_spec()
    # the spec's first branch goes all the way down
    node, depth = spec, 0
    while hasattr(node, "actions"):
        node = node.actions["go"]
        depth += 1
    assert depth == 3000


@pytest.mark.parametrize("make", [
    lambda: cp.Game(["A"], cp.decision("A", {"a": cp.outcome(10**400), "b": cp.outcome(1.0)})),
    lambda: cp.NormalFormGame([[[10**400]]]),
    lambda: cp.Sanctions(cost_target=10**400),
])
def test_huge_python_integers_are_refused_by_name(make):
    with pytest.raises(CompellenceError):
        make()


def test_huge_numbers_in_gambit_files_name_the_line():
    head = 'NFG 1 R "x" { "a" "b" } { 1 1 }\n'
    with pytest.raises(GameFileError, match="line 2.*too large"):
        cp.read_nfg(head + "1" + "0" * 400 + "/1 2\n")
    with pytest.raises(GameFileError, match="line 2"):
        cp.read_nfg(head + "1" * 5000 + "/3 2\n")
    with pytest.raises(GameFileError, match="line 2"):
        cp.read_nfg(head + "1" * 5000 + " 2\n")
    with pytest.raises(GameFileError, match="too large"):
        cp.read_nfg('NFG 1 R "x" { "a" "b" } { ' + "9" * 5000 + ' 1 }\n1 2\n')


def test_deeply_nested_toml_is_a_scenario_error_with_a_line():
    with pytest.raises(ScenarioError, match="nested too deeply") as err:
        cp.loads_scenario("title = 'x'\nx = " + "[" * 1000 + "]" * 1000 + "\n")
    assert "line 2" in str(err.value)


def test_granovetter_grid_must_have_points():
    from compellence.cascades.analytic import granovetter_fixed_point

    with pytest.raises(ParameterError, match="grid"):
        granovetter_fixed_point(0.2, grid=0)
    with pytest.raises(ParameterError, match="max_iter"):
        granovetter_fixed_point(0.2, max_iter=0)


def test_global_game_at_overflowing_precisions_is_refused_not_nan():
    from compellence.cascades.global_game import regime_change_equilibrium

    with pytest.raises(ParameterError, match="beta"):
        regime_change_equilibrium(1e300, 1e-300, 1e300, 0.5)
    eq = regime_change_equilibrium(0.5, 4.0, 1.0, 0.5)
    assert np.isfinite(eq.theta_star) and np.isfinite(eq.x_star)


def test_payoff_error_is_a_compellence_error():
    with pytest.raises(PayoffError):
        cp.NormalFormGame([[["a"]]])


# ----------------------------------------------------------------------------- output files
def test_atomic_output_leaves_nothing_on_failure(tmp_path):
    from compellence.outputs import atomic_output

    target = tmp_path / "out.csv"
    target.write_text("old complete content\n")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            tmp.write_text("half a ro")
            raise RuntimeError("killed mid-write")
    assert target.read_text() == "old complete content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temp file left behind


def test_output_into_a_missing_or_read_only_folder_names_the_path(tmp_path):
    import os

    from compellence.errors import OutputError
    from compellence.outputs import write_text_atomic

    with pytest.raises(OutputError, match="does not exist"):
        write_text_atomic(tmp_path / "nope" / "x.txt", "x")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):  # root ignores permission bits
            pytest.skip("running as a user who can write into a read-only folder")
        with pytest.raises(OutputError, match="ro/x.txt"):
            write_text_atomic(ro / "x.txt", "x")
    finally:
        ro.chmod(0o700)


def test_full_disk_is_exit_2_naming_the_path_and_no_partial_file(tmp_path):
    """A file-size limit (as `ulimit -f`) makes the write fail: exit 2, the path named, nothing left."""
    import resource
    import subprocess
    import sys
    from pathlib import Path

    efg = Path(__file__).resolve().parents[1] / "examples" / "teaching" / "entry_deterrence.efg"
    out = tmp_path / "big.nfg"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    code = "import sys; from compellence.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run(
        [sys.executable, "-c", code, "convert", str(efg), "--to", "nfg", "--out", str(out)],
        capture_output=True, text=True, preexec_fn=limit, timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert str(out) in proc.stderr and "internal error" not in proc.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- sizes before allocation
def _many_infosets_efg(k: int) -> str:
    """A chance move over k branches, each leading to its own binary information set of player 1."""
    lines = ['EFG 2 R "many infosets" { "P1" "P2" }', 'c "" 1 "" { ' +
             " ".join(f'"b{i}" 1/{k}' for i in range(k)) + " } 0"]
    for i in range(k):
        lines.append(f'p "" 1 {i + 1} "" {{ "l" "r" }} 0')
        lines.append(f't "" {2 * i + 1} "" {{ 1, 0 }}')
        lines.append(f't "" {2 * i + 2} "" {{ 0, 1 }}')
    return "\n".join(lines) + "\n"


def test_reduced_form_size_is_checked_before_enumeration():
    import time

    from compellence.games.reduced import count_reduced_strategies

    g = cp.read_efg(_many_infosets_efg(30))
    assert count_reduced_strategies(g) == [2**30, 1]
    t0 = time.perf_counter()
    with pytest.raises(ParameterError, match="max_payoff_entries"):
        cp.to_normal_form(g)
    assert time.perf_counter() - t0 < 5.0  # refused up front, not after minutes


def test_limits_can_be_raised_for_a_block():
    import compellence.limits as limits

    g = cp.read_efg(_many_infosets_efg(12))  # 4096 x 1 strategies, 2 players: 8192 entries
    with limits.raised(max_payoff_entries=1000):
        with pytest.raises(ParameterError, match="max_payoff_entries"):
            cp.to_normal_form(g)
    assert cp.to_normal_form(g).shape == (4096, 1)
    with pytest.raises(ParameterError, match="unknown limit"):
        limits.set_limits(max_everything=3)


def test_a_tiny_nfg_declaring_a_huge_game_is_refused_at_once():
    with pytest.raises(GameFileError, match="max_payoff_entries"):
        cp.read_nfg('NFG 1 R "x" { "a" "b" } { 1000000000 1 }\n1 2\n')


# ----------------------------------------------------------------------------- solver extremes
def test_pure_equilibria_of_a_constant_game_are_listed_at_once():
    r = cp.nash(cp.NormalFormGame(np.zeros((3, 2, 1000, 2))), method="pure")
    assert len(r.equilibria) == 4000 and r.complete
    assert all(e.max_regret == 0 for e in r.equilibria[:10])


def test_a_single_mover_with_thousands_of_actions_is_its_best_responses():
    rng = np.random.default_rng(0)
    n = 3000
    pay = rng.normal(size=n)
    g = cp.Game(["A", "B"], cp.decision("A", {f"a{i}": cp.outcome(float(pay[i]), 0.0) for i in range(n)}))
    r = cp.nash(g)
    assert len(r.equilibria) == 1 and r.complete
    assert r.equilibria[0].support == ((int(np.argmax(pay)),), (0,))
    # ties: every best response is an extreme equilibrium, and the game is reported degenerate
    tied = cp.NormalFormGame(np.array([[[1.0], [1.0], [0.0]], [[0.0], [0.0], [0.0]]]))
    r = cp.nash(tied)
    assert len(r.equilibria) == 2 and r.degenerate


def test_payoffs_near_the_float_limit_do_not_overflow():
    big = 1e308
    P = np.array([[[big, -big], [-big, big]], [[-big, big], [big, -big]]])  # matching pennies
    for method in ("vertex", "lemke_howson", "support"):
        r = cp.nash(cp.NormalFormGame(P), method=method)
        assert len(r.equilibria) == 1
        np.testing.assert_allclose(r.equilibria[0].strategies[0], [0.5, 0.5])


def test_lemke_howson_refuses_a_tableau_beyond_the_limit():
    import compellence.limits as limits
    from compellence.errors import UnsupportedGameError

    g = cp.NormalFormGame(np.random.default_rng(1).normal(size=(2, 40, 40)))
    with limits.raised(max_payoff_entries=1000):
        with pytest.raises(UnsupportedGameError, match="max_payoff_entries"):
            cp.nash(g, method="lemke_howson")


def test_qre_of_huge_payoffs_is_traced_on_the_unit_scale():
    u = np.array([[[1.0, -1.0], [-1.0, 2.0]], [[-1.0, 1.0], [1.0, -1.0]]])
    small = cp.qre(cp.NormalFormGame(u), 10.0).point(0)
    big = cp.qre(cp.NormalFormGame(u * 1e200), 10.0 / 1e200).point(0)  # QRE(lam, c u) = QRE(lam c, u)
    for a, b in zip(small.profile, big.profile):
        np.testing.assert_allclose(a, b, atol=1e-12)
    assert np.isfinite(big.residual) and big.residual < 1e-9
    with pytest.raises(ParameterError, match="lam"):
        cp.qre(cp.NormalFormGame(u * 1e200), 1.0)  # lam x range 3e200: the Nash limit
    with pytest.raises(ParameterError, match="game"):
        cp.qre_path(cp.NormalFormGame(u * 1e200))


def test_qre_at_a_huge_lambda_is_refused_at_once():
    import time

    g = cp.Game(["A", "B"], cp.decision("A", {
        "l": cp.decision("B", {"x": cp.outcome(1.0, 2.0), "y": cp.outcome(0.0, 1.0)}),
        "r": cp.outcome(0.5, 0.5)}))
    t0 = time.perf_counter()
    with pytest.raises(ParameterError, match="Nash"):
        cp.qre(g, 1e12)
    assert time.perf_counter() - t0 < 5.0
    sol = cp.qre(g, 1e6).solution
    assert np.isfinite(sol.info["residual"])


def test_threshold_distributions_with_nan_parameters_are_refused():
    from scipy import stats

    from compellence.cascades.analytic import granovetter_fixed_point, watts_condition

    with pytest.raises(ParameterError, match="NaN"):
        watts_condition(stats.poisson(4), stats.norm(np.nan, 1))
    with pytest.raises(ParameterError, match="NaN"):
        granovetter_fixed_point(stats.norm(0.3, np.nan))
    assert watts_condition(stats.poisson(4), 0.18).possible


def test_an_unwritable_checkpoint_directory_is_a_checkpoint_error(tmp_path, monkeypatch):
    import tempfile

    from compellence.analysis import sweep
    from compellence.errors import CheckpointError

    def model(a):
        return {"y": a * 2.0}

    ok = sweep(model, {"a": [1.0, 2.0]}, checkpoint=tmp_path / "c", progress=False)
    assert list(ok.y) == [2.0, 4.0]

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(CheckpointError, match="checkpoint directory") as err:
        sweep(model, {"a": [1.0, 2.0, 3.0]}, checkpoint=tmp_path / "d", progress=False)
    assert "Permission denied" in str(err.value) and str(tmp_path / "d") in str(err.value)


def test_check_validates_as_solve_does(tmp_path, capsys):
    from pathlib import Path

    from compellence.cli import main

    src = Path(__file__).resolve().parents[1] / "examples" / "claims" / "1_irreversible_punishment.toml"
    text = src.read_text()
    assert "cost_target = 0.5 " in text
    bad = tmp_path / "inf.toml"
    bad.write_text(text.replace("cost_target = 0.5 ", "cost_target = inf ", 1))
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "instruments[0].cost_target" in err and "line" in err
    assert main(["solve", str(bad)]) == 2
    assert main(["check", str(src)]) == 0


@pytest.mark.slow
def test_killing_a_process_sweep_leaves_no_workers(tmp_path):
    """SIGKILL the sweeping process: its pool workers notice and exit within seconds."""
    import os
    import signal
    import subprocess
    import sys
    import textwrap
    import time

    pids = tmp_path / "pids"
    pids.mkdir()
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f"""
        import os, time
        from compellence.analysis import sweep

        def slow(a):
            open(os.path.join({str(pids)!r}, str(os.getpid())), "w").close()
            time.sleep(0.2)
            return {{"y": a}}

        if __name__ == "__main__":
            sweep(slow, {{"a": list(range(400))}}, backend="process", workers=2, chunk=1,
                  progress=False)
    """))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(os.listdir(pids)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(os.listdir(pids)) >= 2, "the workers did not start"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    workers = [int(p) for p in os.listdir(pids)]

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        with open(f"/proc/{pid}/stat") as f:  # a zombie (reaped later by init) is gone too
            return f.read().split(") ")[-1].split()[0] != "Z"

    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(p) for p in workers)
    # nobody holds the caller's pipe any more: reading it ends
    proc.stdout.read()
    proc.stderr.read()


def test_write_efg_of_a_deep_chain_is_linear_in_size():
    g = _chain(3000)
    text = cp.write_efg(g)
    assert len(text) < 200 * g.n_nodes  # outcome names do not repeat the whole history
    back = cp.read_efg(text)
    assert back.n_nodes == g.n_nodes
    np.testing.assert_array_equal(np.sort(back.payoffs, axis=1), np.sort(g.payoffs, axis=1))


def test_campaign_inputs_whose_present_value_overflows_are_refused_by_key():
    from compellence.coercion import Campaign, Sanctions

    with pytest.raises(ParameterError) as err:
        Campaign({"threat_credibility": 0.9}, "T", [Sanctions(cost_target=1e308)], demand=0.3,
                 assurance=0.5, discount=0.99)
    assert err.value.name == "instruments[0].cost_target"
