"""Maximum-likelihood logit QRE: recovery of a known lambda, pygambit's logit_estimate as oracle."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compellence.errors import ParameterError
from compellence.solvers.qre import qre
from compellence.solvers.qre.fit import QREFit, fit_qre

gbt = pytest.importorskip("pygambit")

from test_qre_agent import gambit_behavior, random_extensive_game, to_gambit  # noqa: E402
from test_qre_normal import gambit_game, random_normal_game  # noqa: E402


def test_normal_form_recovers_lambda_large_sample():
    g = random_normal_game((4, 3), seed=2)
    lam0 = 0.8
    q = qre(g, lam0).point(0)
    rng = np.random.default_rng(7)
    hits = 0
    for _ in range(10):
        data = [rng.multinomial(20_000, p) for p in q.profile]
        fit = fit_qre(g, data)
        assert isinstance(fit, QREFit)
        assert not fit.at_boundary
        assert abs(fit.lam - lam0) < 5 * fit.se
        lo, hi = fit.ci95
        hits += lo <= lam0 <= hi
    assert hits >= 8  # 95% intervals: 10 draws, expect ~9.5


def test_normal_form_matches_pygambit_logit_estimate():
    g = random_normal_game((4, 4), seed=5)
    q = qre(g, 1.2).point(0)
    rng = np.random.default_rng(1)
    data = [rng.multinomial(3000, p) for p in q.profile]
    fit = fit_qre(g, data)
    gg = gambit_game(g)
    prof = gg.mixed_strategy_profile(data=[[int(v) for v in d] for d in data])
    ref = gbt.qre.logit_estimate(prof)
    assert fit.lam == pytest.approx(ref.lam, abs=1e-5)
    assert fit.log_likelihood == pytest.approx(ref.log_like, abs=1e-6)
    df = fit.to_frame()
    assert isinstance(df, pd.DataFrame) and len(df) == 8
    np.testing.assert_allclose(df["count"].to_numpy(), np.concatenate(data))
    assert "QREFit(lam=" in repr(fit)


def _behavior_counts(g, sol, rng, n):
    """Counts per infoset: n observations of play at each infoset's logit behaviour."""
    out = {}
    for s in g.infosets:
        p = np.array([float(v) for v in sol.strategy[s.label].values()])
        out[s.label] = rng.multinomial(n, p / p.sum())
    return out


def test_agent_form_recovers_lambda_and_matches_pygambit():
    g, w = random_extensive_game(30, seed=7)
    lam0 = 1.5
    sol = qre(g, lam0).solution
    rng = np.random.default_rng(3)
    data = _behavior_counts(g, sol, rng, 20_000)
    fit = fit_qre(g, data)
    assert abs(fit.lam - lam0) < 5 * fit.se
    assert fit.qre.method == "agent_qre"
    # independent route: maximise the likelihood of qre(g, lam) (itself checked against
    # pygambit) over lambda.  (pygambit's agent-form logit_estimate cannot be the oracle
    # here: it segfaulted in 16.7, and in 17.0.0b2 it had not returned after 2 minutes on
    # this 30-node game.)
    from scipy.optimize import minimize_scalar

    def negll(lam):
        s = qre(g, lam).solution
        return -sum(
            float(np.dot(data[lab], np.log([float(v) for v in acts.values()])))
            for lab, acts in s.strategy.items()
        )

    ref = minimize_scalar(negll, bounds=(0.5, 3.0), method="bounded", options={"xatol": 1e-8})
    assert fit.lam == pytest.approx(ref.x, abs=1e-5)
    assert fit.log_likelihood == pytest.approx(-ref.fun, abs=1e-6)
    # and the fitted behaviour is pygambit's QRE at the estimate
    gg = to_gambit(g, w)
    theirs = gbt.qre.logit_solve_lambda(gg, [fit.lam])[0]
    beh = gambit_behavior(g, gg, theirs)
    dec = np.flatnonzero(g.parent >= 0)
    dec = dec[g.kind[g.parent[dec]] == 1]
    assert np.abs(fit.qre.edge_prob - beh)[dec].max() < 1e-6


def test_pure_nash_data_sits_at_the_boundary():
    A = np.array([[3.0, 3.0], [0.0, 0.0]])
    B = np.array([[1.0, 0.0], [1.0, 0.0]])
    from compellence import NormalFormGame

    g = NormalFormGame.from_bimatrix(A, B)
    fit = fit_qre(g, [[100, 0], [100, 0]])
    assert fit.at_boundary and fit.se == np.inf


def test_data_formats_and_errors():
    g = random_normal_game((2, 3), seed=1)
    by_label = {"Player 1": {"1": 5, "2": 7}, "Player 2": [1, 2, 3]}
    flat = [5, 7, 1, 2, 3]
    f1 = fit_qre(g, by_label)
    f2 = fit_qre(g, flat)
    assert f1.lam == pytest.approx(f2.lam)
    with pytest.raises(ParameterError, match="unknown player"):
        fit_qre(g, {"Nobody": [1, 2]})
    with pytest.raises(ParameterError, match="no strategy"):
        fit_qre(g, {"Player 1": {"9": 1}})
    with pytest.raises(ParameterError, match=">= 0"):
        fit_qre(g, [1, -1, 0, 0, 0])
    with pytest.raises(ParameterError, match="no observations"):
        fit_qre(g, [0, 0, 0, 0, 0])
    with pytest.raises(ParameterError, match="flat vector"):
        fit_qre(g, [1, 2, 3])


def test_agent_form_large_game_sparse_path_has_standard_error():
    g, _ = random_extensive_game(150, seed=10)
    sol = qre(g, 1.3).solution
    rng = np.random.default_rng(11)
    data = _behavior_counts(g, sol, rng, 5_000)
    fit = fit_qre(g, data)
    assert np.isfinite(fit.se) and fit.se > 0
    assert abs(fit.lam - 1.3) < 5 * fit.se
