"""Learning dynamics: fictitious play, replicator and logit dynamics against known results."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from layout_helpers import layout_problems, save_png  # noqa: E402

import compellence as cp  # noqa: E402
from compellence.analysis.plots import plot_learning, simplex_xy  # noqa: E402
from compellence.errors import ParameterError, UnsupportedGameError  # noqa: E402
from compellence.solvers.learning import (  # noqa: E402
    fictitious_play,
    logit_dynamics,
    replicator,
)

RPS = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]])


def rps_game():
    return cp.NormalFormGame(np.stack([RPS, RPS.T]), players=["A", "B"],
                             strategies=[["rock", "paper", "scissors"]] * 2, title="RPS")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


# ---------------------------------------------------------------- replicator
def test_replicator_rps_conserves_the_product_and_cycles():
    x0 = np.array([[0.5, 0.3, 0.2], [0.4, 0.35, 0.25], [0.6, 0.2, 0.2]])
    path = replicator(rps_game(), x0, times=np.linspace(0, 60, 601), population="single")
    x = path.strategies[0]
    assert x.shape == (601, 3, 3)
    np.testing.assert_allclose(x.sum(axis=-1), 1.0, atol=1e-9)  # stays on the simplex
    # d/dt log(x1 x2 x3) = sum_i ((A x)_i - x'Ax) = sum_i (A x)_i - 3 x'Ax = 0 (A zero-sum, cyclic)
    prod = x.prod(axis=-1)
    np.testing.assert_allclose(prod, np.broadcast_to(prod[0], prod.shape), rtol=1e-6)
    # it cycles: neither converges to the centre nor to a vertex; the orbit returns near its start
    dist = np.linalg.norm(x - 1 / 3, axis=-1)
    assert dist.min() > 0.02 and x.max() < 0.99
    back = np.linalg.norm(x[100:, 0] - x0[0], axis=-1).min()
    assert back < 0.02


def test_replicator_two_populations_prisoners_dilemma_goes_to_defection():
    path = replicator(cp.catalog.load("prisoners_dilemma"), [[0.9, 0.1], [0.5, 0.5]], [0.8, 0.2],
                      times=np.linspace(0, 40, 81))
    x, y = path.final
    np.testing.assert_allclose(x[:, 1], 1.0, atol=1e-3)  # defect strictly dominates
    np.testing.assert_allclose(y[:, 1], 1.0, atol=1e-3)


# ---------------------------------------------------------------- fictitious play
@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=2),
       st.lists(st.integers(-5, -1), min_size=2, max_size=2), st.booleans())
def test_fictitious_play_zero_sum_2x2_converges_to_the_mixed_equilibrium(high, low, swap):
    # built without a saddle point (diagonal above the off-diagonal, or the columns swapped),
    # so no draw is thrown away
    A = np.array([[high[0], low[0]], [low[1], high[1]]], dtype=float)
    if swap:
        A = A[:, ::-1]
    (a11, a12), (a21, a22) = A
    den = a11 - a12 - a21 + a22
    # no saddle point: the equilibrium is mixed; by hand, the row player's p makes the column
    # player indifferent: p a11 + (1-p) a21 = p a12 + (1-p) a22
    assume(den != 0)
    p = (a22 - a21) / den
    q = (a22 - a12) / den
    assume(0.05 < p < 0.95 and 0.05 < q < 0.95)  # no saddle point: a unique mixed equilibrium
    game = cp.NormalFormGame(np.stack([A, -A]))
    fp = fictitious_play(game, 20000, x0=[[1.0, 0.0], [0.3, 0.7]], y0=[0.0, 1.0])
    x, y = fp.final
    np.testing.assert_allclose(x[:, 0], p, atol=0.03)  # Robinson (1951)
    np.testing.assert_allclose(y[:, 0], q, atol=0.03)


def test_fictitious_play_matching_pennies_and_the_library_equilibrium():
    g = cp.catalog.load("matching_pennies")
    fp = fictitious_play(g, 20000, x0=np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]]))
    eq = cp.nash(g)[0]
    for k in range(3):
        np.testing.assert_allclose(fp.final[0][k], eq.strategies[0], atol=0.02)
        np.testing.assert_allclose(fp.final[1][k], eq.strategies[1], atol=0.02)
    # the error shrinks with the rounds
    err = np.abs(fp.strategies[0][:, :, 0] - 0.5).max(axis=1)
    assert err[20000] < err[200]
    assert fp.times[-1] == 20000 and "fictitious_play" in repr(fp)
    df = fp.to_frame()
    assert set(df.columns) == {"time", "batch_0", "player", "strategy", "probability"}


# ---------------------------------------------------------------- logit dynamics
def logit(u):
    e = np.exp(u - u.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("name, lam", [("matching_pennies", 2.0), ("battle_of_the_sexes", 1.0),
                                       ("prisoners_dilemma", 1.5)])
def test_logit_dynamics_rest_point_is_the_qre(name, lam):
    g = cp.catalog.load(name)
    path = logit_dynamics(g, lam, x0=[[0.9, 0.1], [0.2, 0.8]], y0=[[0.3, 0.7], [0.6, 0.4]],
                          times=np.linspace(0, 60, 121))
    q = cp.qre(g, lam).point(0)  # unique at these precisions: every start ends there
    for k in range(2):
        np.testing.assert_allclose(path.final[0][k], q.profile[0], atol=1e-6)
        np.testing.assert_allclose(path.final[1][k], q.profile[1], atol=1e-6)
    # the rest-point condition by hand: x = L(lam A y), y = L(lam B'x)
    A, B = g.bimatrix()
    x, y = q.profile
    np.testing.assert_allclose(logit(lam * A @ y), x, atol=1e-8)
    np.testing.assert_allclose(logit(lam * B.T @ x), y, atol=1e-8)


def test_logit_dynamics_chicken_several_qre_every_rest_point_is_one():
    """Chicken at lam = 0.5 has several QRE: asymmetric starts end at asymmetric ones."""
    g = cp.catalog.load("chicken")
    lam = 0.5
    path = logit_dynamics(g, lam, x0=[[0.9, 0.1], [0.5, 0.5]], y0=[[0.3, 0.7], [0.5, 0.5]],
                          times=np.linspace(0, 600, 121))
    A, B = g.bimatrix()
    x, y = path.final
    np.testing.assert_allclose(logit(lam * y @ A.T), x, atol=1e-7)  # rest points are QRE
    np.testing.assert_allclose(logit(lam * x @ B), y, atol=1e-7)
    q = cp.qre(g, lam).point(0)  # the symmetric start stays symmetric: the principal-branch QRE
    np.testing.assert_allclose(x[1], q.profile[0], atol=1e-6)
    assert abs(x[0, 0] - x[1, 0]) > 0.05  # the other start found another QRE


def test_logit_dynamics_single_population_and_lambda_zero():
    path = logit_dynamics(rps_game(), 0.0, [0.7, 0.2, 0.1], times=np.linspace(0, 30, 31),
                          population="single")
    np.testing.assert_allclose(path.final[0], 1 / 3, atol=1e-9)  # L(0) is uniform


# ---------------------------------------------------------------- validation
def test_learning_validation():
    g = cp.catalog.load("matching_pennies")
    with pytest.raises(ParameterError) as e:
        replicator(g, [0.5, 0.6])
    assert e.value.name == "x0"
    with pytest.raises(ParameterError) as e:
        replicator(g, [0.2, 0.3, 0.5])
    assert e.value.name == "x0"
    with pytest.raises(ParameterError) as e:
        replicator(cp.catalog.load("battle_of_the_sexes"), population="single")
    assert e.value.name == "population"
    with pytest.raises(ParameterError) as e:
        replicator(g, times=[0.0, 2.0, 1.0])
    assert e.value.name == "times"
    with pytest.raises(ParameterError) as e:
        logit_dynamics(g, -1.0)
    assert e.value.name == "lam"
    with pytest.raises(ParameterError) as e:
        fictitious_play(g, 0)
    assert e.value.name == "iterations"
    with pytest.raises(ParameterError) as e:
        fictitious_play("pennies")
    assert e.value.name == "game"
    with pytest.raises(UnsupportedGameError):
        fictitious_play(cp.NormalFormGame(np.zeros((3, 2, 2, 2))))


# ---------------------------------------------------------------- plots on the simplex
def test_plot_on_the_unit_square_and_the_triangle(tmp_path):
    g = cp.catalog.load("matching_pennies")
    path = replicator(g, [[0.9, 0.1], [0.7, 0.3]], [0.5, 0.5], times=np.linspace(0, 30, 301))
    ax = plot_learning(path)  # solvers draw nothing: the plot lives in analysis
    assert ax.get_xlabel() == "Pr(Row plays heads)" and ax.get_ylabel() == "Pr(Column plays heads)"
    lines = [ln for ln in ax.lines if len(ln.get_xdata()) == 301]
    assert len(lines) == 2  # one trajectory per start
    np.testing.assert_allclose(lines[0].get_xdata(), path.strategies[0][:, 0, 0])
    assert layout_problems(ax.figure) == []
    save_png(ax.figure, tmp_path / "square.png")
    rps = replicator(rps_game(), [[0.5, 0.3, 0.2], [0.4, 0.35, 0.25]],
                     times=np.linspace(0, 20, 201), population="single")
    ax = plot_learning(rps)
    assert {"rock", "paper", "scissors"} <= {t.get_text() for t in ax.texts}
    xy = simplex_xy(rps.strategies[0][:, 0])
    traj = [ln for ln in ax.lines if len(ln.get_xdata()) == 201][0]
    np.testing.assert_allclose(traj.get_xdata(), xy[:, 0])
    # the barycentric map: pure strategies at the vertices, the centre at the centroid
    np.testing.assert_allclose(simplex_xy(np.eye(3)),
                               [[0, 0], [1, 0], [0.5, np.sqrt(3) / 2]])
    np.testing.assert_allclose(simplex_xy([1 / 3] * 3), [0.5, np.sqrt(3) / 6])
    assert layout_problems(ax.figure) == []
    save_png(ax.figure, tmp_path / "triangle.png")
    with pytest.raises(ParameterError):
        plot_learning("path")
