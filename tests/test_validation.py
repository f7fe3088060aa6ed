"""The one family of validators (compellence.validation) and the one batched-game refusal."""

from __future__ import annotations

import importlib
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import (
    BatchedGameError,
    CompellenceError,
    GraphError,
    ParameterError,
    UnsupportedGameError,
)
from compellence.validation import (
    check_bool,
    check_choice,
    check_int,
    check_name,
    check_probability,
    check_real,
    require_scalar_game,
)


# ----------------------------------------------------------------------------- check_real
def test_check_real_returns_arrays_and_scalars():
    out = check_real([[0.1, 0.2]], "x", 0, 1)
    assert isinstance(out, np.ndarray) and out.shape == (1, 2) and out.dtype == float
    zero_d = check_real(0.5, "x")
    assert isinstance(zero_d, np.ndarray) and zero_d.shape == ()
    one = check_real(np.array([3]), "x", scalar=True)
    assert type(one) is float and one == 3.0


@pytest.mark.parametrize("value, kw, message", [
    (1.5, dict(lo=0, hi=1), "delta: must lie in [0, 1], got 1.5"),
    (0.0, dict(lo=0, lo_open=True), "delta: must lie in (0, inf), got 0"),
    (1.0, dict(lo=0, hi=1, hi_open=True), "delta: must lie in [0, 1), got 1"),
    ([0.5, -2.0], dict(hi=0.0), "delta: must lie in (-inf, 0], got 0.5"),
    (np.nan, {}, "delta: must be finite (no NaN or inf), got nan"),
    ([1.0, np.inf], {}, "delta: must be finite (no NaN or inf), got inf"),
    (True, {}, "delta: must be a number, got the boolean True"),
    ("abc", {}, "delta: must be a number or numeric array, got 'abc'"),
    (2.5, dict(whole=True), "delta: must be a whole number, got 2.5"),
    ([[1.0]], dict(ndim=1), "delta: must be 1-dimensional, got shape (1, 1)"),
    ([1.0, 2.0], dict(scalar=True), "delta: must be one number, got an array of shape (2,)"),
])
def test_check_real_refusals_name_the_field_and_value(value, kw, message):
    if isinstance(value, list):
        value = np.asarray(value) if kw.get("scalar") else value
    with pytest.raises(ParameterError) as info:
        check_real(value, "delta", **kw)
    assert str(info.value) == message
    assert info.value.name == "delta"


def test_check_real_nonfinite_allowed_when_asked():
    assert np.isnan(check_real([np.nan, 1.0], "x", finite=False)[0])


def test_other_error_classes_get_the_field_prefix():
    with pytest.raises(GraphError, match=r"^punish_prob: must lie in \[0, 1\], got 2$"):
        check_probability(2.0, "punish_prob", error=GraphError)


@settings(max_examples=60, deadline=None)
@given(lo=st.floats(-10, 10), width=st.floats(0.01, 10), lo_open=st.booleans(),
       hi_open=st.booleans(), x=st.floats(-30, 30))
def test_check_real_accepts_exactly_the_interval(lo, width, lo_open, hi_open, x):
    hi = lo + width
    inside = (x > lo if lo_open else x >= lo) and (x < hi if hi_open else x <= hi)
    if inside:
        assert check_real(x, "x", lo, hi, lo_open=lo_open, hi_open=hi_open, scalar=True) == x
    else:
        with pytest.raises(ParameterError, match=r"^x: must lie in"):
            check_real(x, "x", lo, hi, lo_open=lo_open, hi_open=hi_open)


# ----------------------------------------------------------------------------- the others
def test_check_probability():
    assert check_probability(np.array([0.0, 1.0]), "p").tolist() == [0.0, 1.0]
    assert check_probability(0.3, "p", scalar=True) == 0.3
    with pytest.raises(ParameterError, match=r"^p: must lie in \[0, 1\], got -0.1$"):
        check_probability([0.5, -0.1], "p")


@pytest.mark.parametrize("value, lo, hi, message", [
    (0, 1, None, "n: must be an integer >= 1, got 0"),
    (7, 0, 5, "n: must be an integer in [0, 5], got 7"),
    (2.0, 0, None, "n: must be an integer >= 0, got 2"),
    (True, None, None, "n: must be an integer, got true"),
    ("3", None, 4, "n: must be an integer <= 4, got '3'"),
])
def test_check_int_refusals(value, lo, hi, message):
    with pytest.raises(ParameterError) as info:
        check_int(value, "n", lo, hi)
    assert str(info.value) == message


def test_check_int_accepts_numpy_integers():
    out = check_int(np.int64(4), "n", 1, 4)
    assert out == 4 and type(out) is int


def test_check_choice_bool_name():
    assert check_choice("b", "rule", ("a", "b")) == "b"
    with pytest.raises(ParameterError, match=r"^rule: must be one of \['a', 'b'\], got 'c'$"):
        check_choice("c", "rule", ("a", "b"))
    with pytest.raises(ParameterError, match=r"got 1$"):
        check_choice(1, "rule", ("a", "b"))
    assert check_bool(np.bool_(True), "public") is True
    with pytest.raises(ParameterError, match=r"^public: must be true or false, got 'yes'$"):
        check_bool("yes", "public")
    assert check_name("West", "Coercer.name") == "West"
    with pytest.raises(ParameterError, match=r"^Coercer.name: must be a non-empty string"):
        check_name("  ", "Coercer.name")


def test_library_call_sites_use_the_family():
    """Former ad-hoc validators now give the family's message (field, range, value)."""
    with pytest.raises(ParameterError, match=r"^punish_prob: must lie in \[0, 1\], got 1.5$"):
        cp.cascades.threshold_cascade(cp.cascades.diaspora_network(20, seed=1), 0.3,
                                      punish_prob=1.5)
    with pytest.raises(ParameterError, match=r"^p_staff: must lie in \[0, 1\], got 2$"):
        cp.cascades.diplomatic_corps(p_staff=2.0)
    with pytest.raises(ParameterError, match=r"^alpha: must lie in \(0, inf\), got -1$"):
        cp.cascades.regime_change_equilibrium(0.0, -1.0, 0.5, 0.5)
    with pytest.raises(ParameterError, match=r"^delta: must lie in \(0, 1\), got 1$"):
        cp.offramp_margin(0.3, 0.2, 1.0, 0.8, 0.5, 0.9)
    with pytest.raises(ParameterError, match=r"^chunk: must be an integer >= 1, got 0$"):
        cp.analysis.sweep(lambda a: a, {"a": [1.0]}, chunk=0)


# ----------------------------------------------------------------------------- batched games
def _batched_tree():
    return cp.Game(["A", "B"], cp.decision("A", {
        "l": cp.decision("B", {"x": cp.outcome([1.0, 2.0], 0.0), "y": cp.outcome(0.0, 1.0)}),
        "r": cp.outcome(0.5, 0.5)}))


def _batched_signalling():
    def sender(i):
        return cp.decision("S", {f"m{m}": cp.decision("R", {
            f"a{a}": cp.outcome(float(m == a), float(a == i)) for a in range(2)},
            infoset=f"after m{m}") for m in range(2)})
    p = np.array([0.3, 0.6])
    return cp.Game(["S", "R"], cp.chance({"t0": (p, sender(0)), "t1": (1 - p, sender(1))}))


def _mod(name):
    return importlib.import_module(f"compellence.solvers.{name}")


REFUSALS = {
    "agent_normal_form": lambda g: _mod("agent_form").agent_normal_form(g),
    "AgentSystem": lambda g: _mod("qre.agent_form").AgentSystem(g),
    "qre_path": lambda g: cp.qre_path(g),
    # (qre on a lambda grid solves batched games: the QREResult holds every element)
    "fit_qre": lambda g: cp.fit_qre(g, [[1, 1], [1, 1], [1, 1]]),
    "sequence_form": lambda g: _mod("sequence_form").sequence_form(g),
    "behaviour_regret": lambda g: _mod("sequence_form").behaviour_regret(g, np.ones(g.n_nodes)),
    "nash(method='zero_sum')": lambda g: _mod("zero_sum")._sequence_form(g, 1e-9),
    "to_normal_form": lambda g: cp.to_normal_form(g),
    "write_efg": lambda g: cp.write_efg(g),
    "write_nfg": lambda g: cp.write_nfg(g),
}


@pytest.mark.parametrize("solver", sorted(REFUSALS))
def test_batched_games_are_refused_one_way(solver):
    g = _batched_tree()
    with pytest.raises(BatchedGameError) as info:
        REFUSALS[solver](g)
    text = str(info.value)
    assert text.startswith(f"game: {solver} solves one game at a time; the game is batched "
                           "(batch shape (2,)): pass game.at(index), e.g. game.at((0,))")
    # one class, still caught as the classes these refusals raised before
    assert isinstance(info.value, (UnsupportedGameError, ParameterError, CompellenceError))


def test_signalling_refusal_names_the_sweep():
    with pytest.raises(BatchedGameError, match=re.escape(
            "signalling_equilibria solves one game at a time; the game is batched (batch shape "
            "(2,)): pass game.at(index), e.g. game.at((0,)); or use signalling_sweep(game)")):
        cp.signalling_equilibria(_batched_signalling())


def test_require_scalar_game_lets_scalar_games_through():
    require_scalar_game(_batched_tree().at(0), "x")
    require_scalar_game(cp.NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]]), "x")
    assert issubclass(BatchedGameError, UnsupportedGameError)
    assert issubclass(BatchedGameError, ParameterError)
