"""cp.analysis.sweep: grids, model outputs, backends (vectorised / serial / process), errors."""

from __future__ import annotations

import functools
import importlib
import itertools
import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

import compellence as cp
from compellence import analysis as an
from compellence.analysis import SweepOutputError, model_identity, product_grid, sweep, vectorized
from compellence.errors import CompellenceError, ParameterError


# ---------------------------------------------------------------------- models
def margin_point(pi_T, r, x=0.2, s=1.0, delta=0.9, pi_A=0.8):
    """Canonical off-ramp margin M = (pi_T + pi_A r - 1) s D - x (docs/coercion.md), pointwise."""
    D = delta / (1 - delta)
    m = (pi_T + pi_A * r - 1) * s * D - x
    return {"margin": m, "viable": m >= 0}


@vectorized
def margin_vec(pi_T, r, x=0.2, s=1.0, delta=0.9, pi_A=0.8):
    D = delta / (1 - delta)
    m = (pi_T + pi_A * r - 1) * s * D - x
    return {"margin": m, "viable": m >= 0}


def compellence_game(credibility, cost):
    """The canonical threat game with batched numbers; outputs from one batched spe()."""
    g = cp.Game(
        ["Coercer", "Target"],
        cp.decision("Coercer", {
            "demand": cp.decision("Target", {
                "comply": cp.outcome(1.0, -1.0),
                "resist": cp.chance({
                    "resolved": (credibility, cp.outcome(1.0 - cost, -3.0)),
                    "bluff": (1.0 - np.asarray(credibility), cp.outcome(-0.5, 0.0)),
                }),
            }),
            "status quo": cp.outcome(np.zeros_like(np.asarray(cost, dtype=float)), 0.0),
        }),
    )
    sol = cp.spe(g)
    comply = sol.outcome_probs["root/demand/comply"]
    return {
        "comply": comply,
        "value_Coercer": sol.value[0],
        "value_Target": sol.value[1],
    }


GRID = {"pi_T": np.linspace(0.0, 1.0, 13), "r": np.linspace(0.0, 1.0, 7)}


def test_product_grid_order_and_columns():
    df = sweep(margin_point, GRID, backend="serial", progress=False)
    assert list(df.columns) == ["pi_T", "r", "margin", "viable"]
    assert len(df) == 13 * 7
    expected = list(itertools.product(GRID["pi_T"], GRID["r"]))
    assert list(zip(df.pi_T, df.r)) == expected
    ref = [margin_point(a, b) for a, b in expected]
    assert df.margin.tolist() == [m["margin"] for m in ref]
    assert df.viable.dtype == bool
    pg = product_grid(**GRID)
    pd.testing.assert_frame_equal(pg, df[["pi_T", "r"]])


def test_vectorised_equals_pointwise_and_chunking_is_invisible():
    a = sweep(margin_point, GRID, progress=False)
    b = sweep(margin_vec, GRID, progress=False)
    c = sweep(margin_vec, GRID, chunk=5, progress=False)
    d = sweep(margin_point, GRID, backend="vectorized", chunk=1000, progress=False)
    assert b.attrs["sweep"]["backend"] == "vectorized" and b.attrs["sweep"]["n_chunks"] == 1
    assert c.attrs["sweep"]["n_chunks"] == -(-91 // 5)
    assert a.attrs["sweep"]["mode"] == "pointwise"
    for other in (b, c, d):
        pd.testing.assert_frame_equal(a, other, check_exact=True)


def test_vectorized_flag_overrides_declaration():
    a = sweep(margin_vec, GRID, vectorized=False, backend="serial", progress=False)
    assert a.attrs["sweep"]["mode"] == "pointwise"
    b = sweep(margin_point, GRID, vectorized=True, progress=False)
    assert b.attrs["sweep"]["mode"] == "vectorized"
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_dataframe_grid_keeps_rows_and_ignores_index():
    pts = pd.DataFrame({"r": [0.5, 0.1, 0.9], "pi_T": [1.0, 0.2, 0.7]}, index=[10, 3, 7])
    df = sweep(margin_vec, pts, progress=False)
    assert list(df.columns) == ["r", "pi_T", "margin", "viable"]
    assert df.index.tolist() == [0, 1, 2]
    assert df.margin.tolist() == [margin_point(p, r)["margin"] for r, p in zip(pts.r, pts.pi_T)]


def test_scalar_grid_value_is_a_one_point_axis_and_fixed_args():
    df = sweep(margin_vec, {"pi_T": [0.5, 1.0], "r": 0.5, "x": [0.0, 1.0]}, progress=False)
    assert len(df) == 4 and set(df.r) == {0.5}
    f = sweep(margin_vec, {"pi_T": [0.5, 1.0]}, fixed={"r": 0.5, "x": 1.0}, progress=False)
    assert list(f.columns) == ["pi_T", "margin", "viable"]
    assert f.margin.tolist() == df[df.x == 1.0].margin.tolist()


def test_game_tree_model_batched_equals_pointwise():
    grid = {"credibility": np.linspace(0, 1, 9), "cost": np.linspace(0, 2, 5)}
    vec = sweep(compellence_game, grid, vectorized=True, progress=False)
    pt = sweep(compellence_game, grid, backend="serial", progress=False)
    pd.testing.assert_frame_equal(vec, pt, check_exact=True)
    # the target complies iff the punishment is expected to cost more than compliance
    expect = (-3.0 * vec.credibility) < -1.0
    assert ((vec.comply == 1.0) == expect).all()


def test_output_kinds_series_dataclass_number_solution_and_text():
    @dataclass(frozen=True)
    class Res:
        margin: float
        viable: bool
        label: str
        game: object = None

    def as_series(a):
        return pd.Series({"double": 2 * a, "neg": -a})

    def as_dc(a):
        return Res(a - 0.5, a >= 0.5, "ok" if a >= 0.5 else "no")

    def as_number(a):
        return a * a

    def as_solution(a):
        return cp.spe(cp.Game(["A", "B"], cp.decision("A", {"l": cp.outcome(a, 1.0),
                                                          "r": cp.outcome(0.5, 2.0)})))

    grid = {"a": [0.0, 0.25, 1.0]}
    s = sweep(as_series, grid, progress=False)
    assert list(s.columns) == ["a", "double", "neg"] and s.double.tolist() == [0.0, 0.5, 2.0]
    d = sweep(as_dc, grid, progress=False)
    assert list(d.columns) == ["a", "margin", "viable", "label"]
    assert d.label.tolist() == ["no", "no", "ok"] and d.viable.dtype == bool
    n = sweep(as_number, grid, progress=False)
    assert n.value.tolist() == [0.0, 0.0625, 1.0]
    sol = sweep(as_solution, grid, progress=False)
    assert sol.value_A.tolist() == [0.5, 0.5, 1.0] and sol.value_B.tolist() == [2.0, 2.0, 1.0]


class MarginModel:
    """A model object: ``sweep_outputs(**params)``, declared batch-first by ``vectorized``."""

    vectorized = True

    def __init__(self, x):
        self.x = x

    def sweep_outputs(self, pi_T, r):
        return margin_vec(pi_T, r, x=self.x)


def test_model_object_with_sweep_outputs():
    df = sweep(MarginModel(0.2), GRID, progress=False)
    assert df.attrs["sweep"]["mode"] == "vectorized"
    pd.testing.assert_frame_equal(df, sweep(margin_point, GRID, progress=False), check_exact=True)


def test_process_backend_identical_including_lambdas_and_partials():
    ref = sweep(margin_vec, GRID, chunk=20, progress=False)
    a = sweep(margin_point, GRID, backend="process", workers=2, chunk=20, progress=False)
    assert a.attrs["sweep"]["backend"] == "process" and a.attrs["sweep"]["mode"] == "pointwise"
    lam = lambda pi_T, r, x: margin_vec(pi_T, r, x=x)  # noqa: E731 - pickled by value (cloudpickle)
    part = vectorized(functools.partial(lam, x=0.2))
    b = sweep(part, GRID, backend="process", workers=2, chunk=20, progress=False)
    assert b.attrs["sweep"]["mode"] == "vectorized"
    for other in (a, b):
        pd.testing.assert_frame_equal(ref, other, check_exact=True)


def test_errors_in_workers_propagate_with_the_point():
    def bad(a):
        if a > 0.5:
            raise ParameterError("too large", "a")
        return {"y": a}

    with pytest.raises(ParameterError, match="too large") as info:
        sweep(bad, {"a": [0.0, 1.0]}, backend="serial", progress=False)
    assert any("sweep point 1" in n for n in getattr(info.value, "__notes__", []))
    with pytest.raises(ParameterError, match="too large"):
        sweep(bad, {"a": np.linspace(0, 1, 8)}, backend="process", workers=2, chunk=2,
              progress=False)


def test_progress_is_silent_off_a_terminal(capsys):
    sweep(margin_point, GRID, progress=True)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


class Scaler:
    def __init__(self, k):
        self.k = k

    def apply(self, x):
        return self.k * np.asarray(x)


def test_vectorized_decorator_forms():
    method_model = vectorized(Scaler(-1.0).apply)  # bound methods take no attributes: wrapped
    df = sweep(method_model, {"x": [1.0, -2.0]}, progress=False)
    assert df.value.tolist() == [-1.0, 2.0] and df.attrs["sweep"]["mode"] == "vectorized"
    with pytest.raises(ParameterError, match="does not take a parameter 'y'"):
        sweep(method_model, {"y": [1.0]}, progress=False)
    def fresh(a):
        return {"y": a}

    assert vectorized()(fresh) is fresh and sweep(fresh, {"a": [1.0]}).attrs["sweep"]["mode"] == (
        "vectorized"
    )
    with pytest.raises(ParameterError, match="model"):
        vectorized(3)


def test_model_identity_tracks_source_defaults_closure_and_partials():
    def make(k):
        def f(a):
            return {"y": a * k}
        return f

    assert model_identity(make(1)) == model_identity(make(1))
    assert model_identity(make(1)) != model_identity(make(2))
    assert model_identity(margin_point)["name"].endswith("test_sweep.margin_point")
    assert model_identity(margin_point) != model_identity(margin_vec)
    p1 = functools.partial(margin_point, x=0.1)
    p2 = functools.partial(margin_point, x=0.2)
    assert model_identity(p1) != model_identity(p2)
    assert model_identity(MarginModel(0.1)) != model_identity(MarginModel(0.2))
    assert model_identity(MarginModel(0.1)) == model_identity(MarginModel(0.1))


# ---------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "kwargs, name, match",
    [
        (dict(backend="gpu"), "backend", "backend must be one of"),
        (dict(vectorized="yes"), "vectorized", "True, False or None"),
        (dict(vectorized=False, backend="vectorized"), "vectorized", "calls the model with arrays"),
        (dict(progress=1), "progress", "True or False"),
        (dict(chunk=0), "chunk", "integer >= 1"),
        (dict(chunk=True), "chunk", "integer >= 1"),
        (dict(chunk=2.5), "chunk", "integer >= 1"),
        (dict(workers=0), "workers", "integer >= 1"),
        (dict(client=object(), backend="process"), "client", "Dask client"),
        (dict(fixed=[1, 2]), "fixed", "mapping"),
        (dict(fixed={"pi_T": 1.0}), "pi_T", "both a grid parameter and a fixed"),
        (dict(fixed={"bad name": 1.0}), "grid", "identifiers"),
        (dict(fixed={"nonexistent": 1.0}), "nonexistent", "does not take a parameter"),
    ],
)
def test_argument_validation(kwargs, name, match):
    with pytest.raises(ParameterError, match=match) as info:
        sweep(margin_point, GRID, **{"progress": False, **kwargs})
    assert info.value.name == name


@pytest.mark.parametrize(
    "grid, name, match",
    [
        ([0.1, 0.2], "grid", "mapping"),
        ({}, "grid", "empty"),
        ({"pi-T": [1.0]}, "grid", "identifiers"),
        ({1: [1.0]}, "grid", "identifiers"),
        ({"pi_T": np.ones((2, 2)), "r": [0.0]}, "pi_T", "one-dimensional"),
        ({"pi_T": [], "r": [0.0]}, "pi_T", "empty"),
        ({"pi_T": np.array(["2020-01-01"], dtype="M8[D]"), "r": [0.0]}, "pi_T", "not supported"),
        ({"pi_T": [0.1], "rr": [0.0]}, "rr", "does not take a parameter"),
        ({"pi_T": [0.1]}, "r", "needs parameter 'r'"),
        (pd.DataFrame({"pi_T": [], "r": []}), "grid", "no rows"),
        (pd.DataFrame(index=[0, 1]), "grid", "no columns"),
        (pd.DataFrame([[0.1, 0.2]], columns=["r", "r"]), "r", "twice"),
    ],
)
def test_grid_validation(grid, name, match):
    with pytest.raises(ParameterError, match=match) as info:
        sweep(margin_point, grid, progress=False)
    assert info.value.name == name


def test_model_validation():
    with pytest.raises(ParameterError, match="callable") as info:
        sweep(42, GRID, progress=False)
    assert info.value.name == "model"
    lock = threading.Lock()

    def unpicklable(a):
        with lock:
            return {"y": a}

    with pytest.raises(ParameterError, match="cannot be sent to worker processes"):
        sweep(unpicklable, {"a": [1.0, 2.0]}, backend="process", progress=False)
    # auto falls back to this process when the model cannot be pickled
    assert sweep(unpicklable, {"a": [1.0, 2.0]}, progress=False).y.tolist() == [1.0, 2.0]


def test_auto_moves_slow_pointwise_sweeps_to_processes(monkeypatch):
    sweep_module = importlib.import_module("compellence.analysis.sweeping")
    monkeypatch.setattr(sweep_module, "AUTO_PROCESS_SECONDS", 0.0)  # any sweep counts as slow
    monkeypatch.setattr(sweep_module, "_n_cpus", lambda: 2)
    df = sweep(margin_point, GRID, chunk=30, progress=False)
    assert df.attrs["sweep"]["backend"] == "serial+process"
    pd.testing.assert_frame_equal(df, sweep(margin_vec, GRID, progress=False), check_exact=True)
    lock = threading.Lock()

    def unpicklable(a):
        with lock:
            return {"y": a}

    with pytest.warns(RuntimeWarning, match="stays in this process"):
        out = sweep(unpicklable, {"a": np.arange(6.0)}, chunk=2, progress=False)
    assert out.attrs["sweep"]["backend"] == "serial" and out.y.tolist() == list(np.arange(6.0))


@pytest.mark.parametrize(
    "model, vec, match",
    [
        (lambda a: {"a": a}, False, "has the name of a grid parameter"),
        (lambda a: {"y": a} if a < 1 else {"z": a}, False, "same outputs"),
        (lambda a: {"y": [a, a]}, False, "pointwise model returns one scalar"),
        (lambda a: {"y": a[:1]}, True, r"inputs' length \(3,\)"),
        (lambda a: {"y": np.ones((3, 2))}, True, r"shape \(3, 2\)"),
        (lambda a: {"y": object()}, False, "numbers, booleans or text"),
        (lambda a: {"y": np.array([{}, {}, {}])}, True, "numbers, booleans or text"),
        (lambda a: [a], False, "returned a list"),
        (lambda a: {1: a}, False, "output names must be strings"),
        (lambda a: {"y": np.datetime64("2020-01-01")}, False, "dtype datetime64"),
        (lambda a: {"y": [[1.0], [1.0, 2.0], [3.0]]}, True, "not array-like"),
    ],
)
def test_output_validation(model, vec, match):
    with pytest.raises(SweepOutputError, match=match) as info:
        sweep(model, {"a": [0.0, 0.5, 1.0]}, vectorized=vec, chunk=3 if vec else 1,
              backend="serial", progress=False)
    assert isinstance(info.value, CompellenceError)


def test_object_text_outputs_become_text_columns():
    @vectorized
    def labels(a):
        return {"label": np.array(["lo" if v < 0.5 else "hi" for v in a], dtype=object)}

    df = sweep(labels, {"a": [0.0, 0.5, 1.0]}, progress=False)
    assert df.label.tolist() == ["lo", "hi", "hi"]
    pd.testing.assert_frame_equal(
        df, sweep(labels, {"a": [0.0, 0.5, 1.0]}, chunk=1, backend="serial", progress=False)
    )


def test_outputs_must_agree_across_chunks():
    @vectorized
    def switching(a):
        return {"y": a} if a[0] < 0.5 else {"z": a}

    with pytest.raises(SweepOutputError, match="chunk 1 gave outputs"):
        sweep(switching, {"a": [0.0, 1.0]}, chunk=1, progress=False)


def test_dataclass_without_numbers_is_refused():
    @dataclass
    class Empty:
        note: object

    with pytest.raises(SweepOutputError, match="no numeric fields"):
        sweep(lambda a: Empty(None), {"a": [1.0]}, progress=False)


# ---------------------------------------------------------------------- canonical off-ramp
def canonical_game(x, s, delta, pi_T, pi_A, r):
    """The canonical compellence game (docs/coercion.md) as a tree (payoffs of the target only
    matter; the coercer's are zero).  Comply: concession x, punishment lifted w.p. pi_A, of which
    the share r stops; defy: punishment goes on w.p. pi_T.  The irreversible part (1 - r) s D
    is paid on every branch (it persists whether the coercer lifts or backs down)."""
    D = delta / (1 - delta)
    z = np.zeros_like(np.asarray(x * s * pi_T * pi_A * r * delta, dtype=float))
    return cp.Game(["Coercer", "Target"], cp.decision("Target", {
        "comply": cp.chance({
            "lifted": (pi_A, cp.outcome(z, -x - (1 - r) * s * D)),
            "kept": (1 - np.asarray(pi_A), cp.outcome(z, -x - s * D)),
        }),
        "defy": cp.chance({
            "punished": (pi_T, cp.outcome(z, -s * D)),
            "spared": (1 - np.asarray(pi_T), cp.outcome(z, z - (1 - r) * s * D)),
        }),
    }))


def test_offramp_sweep_agrees_with_the_game_tree_solved_by_spe():
    rng = np.random.default_rng(7)
    pts = pd.DataFrame({
        "x": rng.uniform(0, 1, 400), "s": rng.uniform(0, 0.5, 400),
        "delta": rng.uniform(0.5, 0.95, 400), "pi_T": rng.uniform(0, 1, 400),
        "pi_A": rng.uniform(0, 1, 400), "r": rng.uniform(0, 1, 400),
    })
    closed = an.offramp_sweep(pts)
    assert list(closed.columns) == [*pts.columns, "margin", "viable", "largest_demand"]

    @vectorized
    def by_tree(x, s, delta, pi_T, pi_A, r):
        sol = cp.spe(canonical_game(x, s, delta, pi_T, pi_A, r))
        return {"complies": sol.strategy["root"]["comply"] == 1.0}

    tree = sweep(by_tree, pts, progress=False)
    assert (np.abs(closed.margin) > 1e-9).all()  # no ties in this sample
    assert (tree.complies == closed.viable).all()
    np.testing.assert_allclose(closed.largest_demand, np.maximum(0, closed.margin + closed.x))


def test_offramp_sweep_product_grid_and_options(tmp_path):
    df = an.offramp_sweep({"pi_T": np.linspace(0, 1, 11), "r": [0.0, 0.5, 1.0]},
                          x=0.3, s=0.2, delta=0.9, pi_A=0.8, chunk=7,
                          checkpoint=tmp_path / "c")
    assert df.attrs["sweep"]["n_chunks"] == 5 and len(df) == 33
    m = (df.pi_T + 0.8 - 1) * df.r * 0.2 * 9.0 - 0.3
    np.testing.assert_allclose(df.margin, m, rtol=1e-12, atol=1e-12)
    with pytest.raises(ParameterError, match="pi_T"):
        an.offramp_sweep({"pi_T": [1.5]}, x=0.3, s=0.2, delta=0.9, pi_A=0.8, r=0.5)


def test_offramp_sensitivity_default_ranges_and_validation():
    base = dict(x=0.3, s=0.2, delta=0.9, pi_T=0.8, pi_A=0.8, r=0.6)
    sens = an.offramp_sensitivity(base).set_index("parameter")
    assert sens.loc["delta", "low"] == pytest.approx(0.88)
    assert sens.loc["delta", "high"] == pytest.approx(0.92)
    assert sens.loc["pi_T", "high"] == pytest.approx(0.96)
    np.testing.assert_allclose(sens.base_output, (0.8 + 0.8 - 1) * 0.6 * 0.2 * 9 - 0.3, rtol=1e-12)
    near_one = an.offramp_sensitivity({**base, "pi_T": 0.95}).set_index("parameter")
    assert near_one.loc["pi_T", "high"] == 1.0  # clipped to the domain
    with pytest.raises(ParameterError, match=r"needs a base value for \['r'\]"):
        an.offramp_sensitivity({k: v for k, v in base.items() if k != "r"})
    with pytest.raises(ParameterError, match="fraction"):
        an.offramp_sensitivity(base, rel=1.5)
    with pytest.raises(ParameterError, match="mapping"):
        an.offramp_sensitivity([0.3])


def test_progress_bar_appears_on_a_terminal_for_sweeps_over_a_second(monkeypatch, capsys):
    import sys
    import time

    sweep_module = importlib.import_module("compellence.analysis.sweeping")

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert sweep_module._progress_enabled(True) and not sweep_module._progress_enabled(False)

    @vectorized
    def slow(a):
        time.sleep(0.6)
        return {"y": a}

    sweep(slow, {"a": [1.0, 2.0]}, chunk=1)
    err = capsys.readouterr().err
    assert "sweep" in err and "2/2" in err
    sweep(margin_vec, GRID)  # fast: the bar never shows (tqdm delay of one second)
    assert capsys.readouterr().err == ""
