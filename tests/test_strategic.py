"""Strategic estimation (Signorino 1999; R package games): egame12 with probit and logit errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compellence.errors import ConvergenceError, ParameterError
from compellence.solvers.qre import qre
from compellence.solvers.strategic_estimation import (
    StrategicFit,
    egame12,
    fit_strategic,
    parse_formula,
    simulate_strategic,
)

FORMS = dict(u11="~ x1", u13="~ 0 + x2", u14=1.0, u24="~ x3")
TRUE = {"u11:(Intercept)": 0.5, "u11:x1": -1.0, "u13:x2": 0.8, "u24:(Intercept)": -0.3,
        "u24:x3": 1.2}


def _covariates(n, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n),
                         "x3": rng.normal(size=n)})


@pytest.mark.parametrize("link", ["probit", "logit"])
def test_coverage_of_true_coefficients(link):
    """95% Wald intervals cover the true values in about 95% of simulated data sets."""
    reps, n = 30, 800
    covered = total = 0
    bias = []
    for r in range(reps):
        df = simulate_strategic("egame12", _covariates(n, 100 + r), TRUE, link=link, seed=r,
                                **FORMS)
        fit = fit_strategic("egame12", df, link=link, **FORMS)
        assert fit.converged
        ci = fit.ci95
        for name, v in TRUE.items():
            covered += ci.loc[name, "lower"] <= v <= ci.loc[name, "upper"]
            total += 1
        bias.append(fit.coef[list(TRUE)].to_numpy() - np.array(list(TRUE.values())))
    rate = covered / total
    assert rate >= 0.88, rate  # 150 intervals at 95%: 0.88 is ~3.7 binomial sd below
    mean_bias = np.mean(bias, axis=0)
    se_of_mean = np.std(bias, axis=0, ddof=1) / np.sqrt(reps)
    assert np.all(np.abs(mean_bias) < 4 * se_of_mean + 0.02)


def test_large_sample_recovery_and_result_object():
    df = simulate_strategic("egame12", _covariates(20_000, 1), TRUE, link="probit", seed=5,
                            **FORMS)
    fit = fit_strategic("egame12", df, **FORMS)
    assert isinstance(fit, StrategicFit)
    for name, v in TRUE.items():
        assert abs(fit.coef[name] - v) < 4 * fit.se[name]
    assert fit.n_obs == 20_000
    assert fit.probs.shape == (20_000, 3)
    np.testing.assert_allclose(fit.probs.sum(axis=1), 1.0)
    # predicted shares match observed shares
    obs = df["y"].value_counts(normalize=True).reindex([1, 3, 4]).to_numpy()
    np.testing.assert_allclose(fit.probs.mean(axis=0).to_numpy(), obs, atol=0.01)
    s = fit.summary()
    assert list(s.columns) == ["estimate", "std_error", "z", "p_value"]
    assert "StrategicFit(egame12" in repr(fit)
    new = fit.predict(df.head(3))
    np.testing.assert_allclose(new.to_numpy(), fit.probs.head(3).to_numpy())
    assert fit.vcov.shape == (5, 5)


def test_lambda_estimated_when_identified():
    df = simulate_strategic("egame12", _covariates(20_000, 2), TRUE, link="logit", lam=1.6,
                            seed=3, **FORMS)
    fit = fit_strategic("egame12", df, link="logit", estimate_lambda=True, **FORMS)
    assert "lambda" in fit.coef.index
    assert abs(fit.coef["lambda"] - 1.6) < 4 * fit.se["lambda"]
    with pytest.raises(ParameterError, match="not identified"):
        fit_strategic("egame12", df, estimate_lambda=True, u11="~ x1", u24="~ x3")


def test_logit_egame12_is_the_agent_logit_qre_of_its_tree():
    u = {"u11": 0.3, "u13": -0.5, "u14": 1.0, "u24": 0.7}
    for lam in (0.5, 1.0, 2.3):
        p = egame12.outcome_probs(u, "logit", lam)
        g = egame12.game(**u)
        sol = qre(g, lam).solution
        ref = [float(sol.reach[g.node_at(path)]) for path in ("end", "continue/3", "continue/4")]
        np.testing.assert_allclose(p, ref, atol=1e-12)


def test_probit_formula_matches_simulated_agent_errors():
    """Closed form vs drawing the agent errors (variance 1 per action) and choosing."""
    rng = np.random.default_rng(0)
    u11, u13, u14, u24 = 0.2, -0.4, 0.9, 0.5
    n = 400_000
    e = rng.normal(size=(n, 4))
    choose4 = u24 + e[:, 0] > 0.0 + e[:, 1]
    p4 = choose4.mean()
    cont = (1 - p4) * u13 + p4 * u14 + e[:, 2] > u11 + e[:, 3]
    sim = np.array([np.mean(~cont), np.mean(cont & ~choose4), np.mean(cont & choose4)])
    p = egame12.outcome_probs({"u11": u11, "u13": u13, "u14": u14, "u24": u24}, "probit")
    np.testing.assert_allclose(p, sim, atol=4e-3)


def test_formula_parser():
    f = parse_formula("~ x + z")
    assert f.terms == ((), ("x",), ("z",))
    assert parse_formula("~ 0 + x").terms == (("x",),)
    assert parse_formula("~ x - 1").terms == (("x",),)
    assert parse_formula("~ 1").terms == ((),)
    assert parse_formula("~ a:b").terms == ((), ("a", "b"))
    assert parse_formula(0).constant == 0.0
    assert parse_formula("1.5").constant == 1.5
    with pytest.raises(ParameterError, match="start with"):
        parse_formula("x + z", "u11")
    with pytest.raises(ParameterError, match="u13"):
        parse_formula("~ x + 3y", "u13")


def test_bad_input():
    df = simulate_strategic("egame12", _covariates(200, 3), TRUE, seed=1, **FORMS)
    with pytest.raises(ParameterError, match="model"):
        fit_strategic("egame99", df, **FORMS)
    with pytest.raises(ParameterError, match="u12"):
        fit_strategic("egame12", df, u12="~ x1")
    with pytest.raises(ParameterError, match="nope"):
        fit_strategic("egame12", df, u11="~ nope")
    with pytest.raises(ParameterError, match="link"):
        fit_strategic("egame12", df, link="cauchit", **FORMS)
    bad = df.copy()
    bad.loc[0, "y"] = 2
    with pytest.raises(ParameterError, match="row 0"):
        fit_strategic("egame12", bad, **FORMS)
    with pytest.raises(ParameterError, match="outcome"):
        fit_strategic("egame12", df.drop(columns="y"), **FORMS)
    with pytest.raises(ParameterError, match="coefficient"):
        simulate_strategic("egame12", df, {"u11:x1": 1.0}, **FORMS)
    # intercepts in u11, u13 and u14: only differences are identified
    with pytest.raises(ConvergenceError, match="not identified"):
        fit_strategic("egame12", df, u11="~ 1", u13="~ 1", u14="~ 1", u24="~ x3")
