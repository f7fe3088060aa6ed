"""Logit QRE of normal-form games: pygambit as oracle, closed forms, residuals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import ParameterError
from compellence.solvers.qre import QREResult, qre, qre_path
from compellence.solvers.qre.normal_form import NormalFormQRE, NormalSystem

gbt = pytest.importorskip("pygambit")

#: residual of the logit fixed point guaranteed at every returned point (normal form)
RESIDUAL_TOL = 1e-8


def random_normal_game(shape, seed=0) -> cp.NormalFormGame:
    rng = np.random.default_rng(seed)
    return cp.NormalFormGame(rng.integers(0, 10, size=(len(shape), *shape)).astype(float))


def gambit_game(game: cp.NormalFormGame):
    return gbt.StrategicGame.from_arrays(*[game.payoffs[i] for i in range(game.n_players)])


def gambit_profile(gg, prof) -> np.ndarray:
    if isinstance(prof, gbt.LogitQREMixedStrategyProfile):  # flat, in strategy order
        return np.array([float(prof[k]) for k in range(len(prof))])
    return np.concatenate([[float(prof[pl][s]) for s in gg.get_strategies(pl)] for pl in gg.players])


@pytest.mark.parametrize(
    "shape,seed", [((2, 2), 0), ((5, 5), 1), ((7, 4), 2), ((3, 4, 2), 3), ((12, 12), 4)]
)
def test_profiles_match_pygambit_at_several_lambdas(shape, seed):
    g = random_normal_game(shape, seed)
    lams = [0.25, 1.0, 3.0, 10.0]
    gg = gambit_game(g)
    theirs = gbt.qre.logit_solve_lambda(gg, lams)
    path = qre(g, lams)
    assert isinstance(path, QREResult) and len(path) == len(lams)
    np.testing.assert_allclose(path.lam, lams)
    for k, q in enumerate(theirs):
        diff = np.abs(path.profiles[k] - gambit_profile(gg, q)).max()
        assert diff < 1e-6, (shape, lams[k], diff)
    # the single-lambda entry point gives the same point
    one = qre(g, 3.0).point(0)
    assert isinstance(one, NormalFormQRE)
    np.testing.assert_allclose(np.concatenate(one.profile), path.profiles[2], atol=1e-10)


@pytest.mark.parametrize("shape,seed", [((5, 5), 11), ((6, 3), 12), ((3, 3, 3), 13)])
def test_limit_matches_pygambit_logit_solve(shape, seed):
    g = random_normal_game(shape, seed)
    gg = gambit_game(g)
    eq = gbt.nash.logit_solve(gg).equilibrium
    path = qre_path(g)
    assert path.stopped_by == "max_regret"
    lim = path.limit
    assert lim.max_regret <= 1e-8 * (g.payoffs.max() - g.payoffs.min())
    assert np.abs(np.concatenate(lim.profile) - gambit_profile(gg, eq)).max() < 1e-6


def test_dominant_strategy_closed_form():
    # player 1's payoff does not depend on player 2: sigma_1 = logistic(lambda * 2)
    A = np.array([[3.0, 3.0], [1.0, 1.0]])
    B = np.array([[0.0, 1.0], [2.0, 0.0]])
    g = cp.NormalFormGame.from_bimatrix(A, B)
    for lam in (0.1, 0.7, 2.5):
        q = qre(g, lam).point(0)
        p = 1.0 / (1.0 + np.exp(-2.0 * lam))
        np.testing.assert_allclose(q.profile[0], [p, 1 - p], atol=1e-12)
        # player 2 answers the logit response to that
        u2 = np.array([p * 0.0 + (1 - p) * 2.0, p * 1.0])
        e = np.exp(lam * (u2 - u2.max()))
        np.testing.assert_allclose(q.profile[1], e / e.sum(), atol=1e-12)
        assert q.residual < 1e-13


def test_matching_pennies_stays_uniform():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    g = cp.NormalFormGame.from_bimatrix(A, -A)
    for lam in (0.0, 1.0, 50.0):
        q = qre(g, lam).point(0)
        np.testing.assert_allclose(np.concatenate(q.profile), 0.5, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(
    m=st.integers(2, 5),
    n=st.integers(2, 5),
    seed=st.integers(0, 10_000),
)
def test_residual_below_tolerance_at_every_point(m, n, seed):
    rng = np.random.default_rng(seed)
    g = cp.NormalFormGame(rng.normal(size=(2, m, n)))
    path = qre_path(g, lam_max=30.0)
    assert path.stopped_by == "lam_max"
    assert path.lam[0] == 0.0 and path.lam[-1] == pytest.approx(30.0, abs=1e-12)
    assert path.max_residual < RESIDUAL_TOL
    # profiles are distributions
    for blk in NormalSystem(g).split(path.profiles.T):
        np.testing.assert_allclose(blk.sum(axis=0), 1.0, atol=1e-10)


def test_path_result_objects():
    g = random_normal_game((3, 3), 7)
    path = qre_path(g, lam_max=5.0)
    df = path.to_frame()
    assert isinstance(df, pd.DataFrame)
    assert df.shape == (len(path) * 6, 5)  # one row per point and strategy
    assert list(df.columns) == ["point", "lam", "player", "strategy", "probability"]
    assert "QREPath(normal" in repr(path)
    assert path.form == "normal"
    lim = path.limit
    assert isinstance(lim, NormalFormQRE)
    assert lim.lam == pytest.approx(5.0)
    assert lim.to_frame().shape == (6, 3)
    assert "NormalFormQRE(lam=5" in repr(lim)
    assert lim.payoffs.shape == (2,)
    with pytest.raises(cp.errors.SolverError):
        path.solution  # noqa: B018
    # the point at lambda = 0 is uniform
    np.testing.assert_allclose(path.profiles[0], 1 / 3)


def test_three_player_game_against_pygambit():
    g = random_normal_game((2, 3, 2), 21)
    gg = gambit_game(g)
    q = qre(g, 4.0).point(0)
    theirs = gbt.qre.logit_solve_lambda(gg, [4.0])[0]
    assert np.abs(np.concatenate(q.profile) - gambit_profile(gg, theirs)).max() < 1e-6


def test_bad_input():
    g = random_normal_game((2, 2))
    with pytest.raises(ParameterError, match="lam"):
        qre(g, -1.0)
    with pytest.raises(ParameterError, match="lam"):
        qre(g, float("nan"))
    with pytest.raises(ParameterError, match="lam"):
        qre(g, "big")
    with pytest.raises(ParameterError, match="game"):
        qre("not a game", 1.0)
    with pytest.raises(ParameterError, match="lam_max"):
        qre_path(g, lam_max=-2)
    with pytest.raises(ParameterError, match="max_regret"):
        qre_path(g, max_regret=0)
    with pytest.raises(ParameterError, match="first_step"):
        qre_path(g, first_step=0)
    with pytest.raises(ParameterError, match="lam"):
        qre(g, np.ones((2, 2)))
