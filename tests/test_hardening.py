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
