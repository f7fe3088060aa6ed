"""Delayed demands (Bayesian erosion of assurance) and deadlines (Schelling 1966)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.campaign import Campaign
from compellence.coercion.delay import (
    compare_deadline,
    delay_game,
    delay_schedule,
    posterior_compellent,
)
from compellence.errors import ParameterError


def test_posterior_by_bayes_rule():
    # two periods of silence: compellent 0.7^2, punitive 1
    mu = posterior_compellent(0.5, 2, 0.3, 0.0)
    assert mu == pytest.approx(0.5 * 0.49 / (0.5 * 0.49 + 0.5))
    assert posterior_compellent(0.5, 0, 0.3) == 0.5
    assert posterior_compellent(1.0, 10, 0.3) == 1.0  # no doubt to update
    assert posterior_compellent(0.4, 5, 0.2, 0.2) == pytest.approx(0.4)  # uninformative silence


@settings(max_examples=60, deadline=None)
@given(mu=st.floats(0, 1), k=st.integers(0, 30), qc=st.floats(0, 0.95), qp=st.floats(0, 0.95))
def test_posterior_sequential_updating(mu, k, qc, qp):
    b = mu
    for _ in range(k):
        num = b * (1 - qc)
        b = num / (num + (1 - b) * (1 - qp))
    assert posterior_compellent(mu, k, qc, qp) == pytest.approx(b, abs=1e-9)


def camp(**kw):
    args = dict(
        coercer={"name": "West", "threat_credibility": 0.85, "weakening_value": 0.0,
                 "punitive_weakening_value": 3.0, "prob_compellent": 0.9},
        target="Russia",
        instruments=[{"kind": "sanctions", "cost_target": 0.15, "cost_coercer": 0.02, "reversibility": 0.9, "ramp": 0.15}],
        demand=0.1, assurance=None, discount=0.9)
    args.update(kw)
    return Campaign(**args)


def test_schedule_has_interior_optimum_then_closes():
    ds = delay_schedule(camp(), 15, rate_compellent=0.3)
    assert ds.interior and 0 < ds.optimal_delay < 15
    assert np.isfinite(ds.closes_at) and ds.closes_at > ds.optimal_delay
    assert not ds.viable[int(ds.closes_at):].any()
    assert ds.margin[int(ds.optimal_delay)] == pytest.approx(ds.best_margin)
    # belief and assurance fall, bite rises
    assert np.all(np.diff(ds.belief) < 0) and np.all(np.diff(ds.s) > 0)
    assert len(ds.to_frame()) == 16 and "optimal_delay" in repr(ds)


def test_schedule_matches_campaigns_built_by_hand():
    ds = delay_schedule(camp(), [0, 3, 7], rate_compellent=0.3)
    for i, k in enumerate([0, 3, 7]):
        c = camp()
        mu = posterior_compellent(0.9, k, 0.3)
        ck = c.replace(coercer={**{f: getattr(c.coercer, f) for f in ("name", "threat_credibility", "weakening_value",
                                                                    "punitive_weakening_value")},
                                "prob_compellent": mu},
                       instruments=[{"kind": "sanctions", "cost_target": 0.15, "cost_coercer": 0.02,
                                     "reversibility": 0.9, "ramp": 0.15, "elapsed": k}])
        assert float(ck.offramp().margin) == pytest.approx(float(ds.margin[i]))


def test_no_bite_growth_means_no_reason_to_wait():
    c = camp(instruments=[{"kind": "sanctions", "cost_target": 0.15, "cost_coercer": 0.02, "reversibility": 0.9}])
    ds = delay_schedule(c, 10)
    assert ds.optimal_delay == 0 and not ds.interior


def test_batched_schedule():
    c = camp(coercer={"name": "West", "threat_credibility": 0.85, "punitive_weakening_value": 3.0,
                      "prob_compellent": np.array([0.6, 0.9, 0.99])})
    ds = delay_schedule(c, 12)
    assert ds.margin.shape == (13, 3) and ds.optimal_delay.shape == (3,)
    # a more confident prior tolerates a longer delay
    assert np.all(np.diff(ds.optimal_delay) >= 0)


def test_delay_game_target_choices_agree():
    c = camp()
    ds = delay_schedule(c, 12)
    sol = cp.spe(delay_game(c, 12))
    for i in range(13):
        comply = float(sol.strategy[f"root/delay {i}"]["comply"])
        if abs(ds.margin[i]) > 1e-7:
            assert (comply > 0.5) == bool(ds.viable[i])


def test_exogenous_assurance_is_refused():
    with pytest.raises(ParameterError, match="assurance.credibility"):
        delay_schedule(camp(assurance=0.5))
    with pytest.raises(ParameterError, match="delays"):
        delay_schedule(camp(), [1.5])


def test_deadline_versus_none():
    c = camp(assurance=0.8)
    dc = compare_deadline(c, 1, 0.2)
    # phi: 0.9 with a deadline of 1; 0.2 / (1 - 0.9 * 0.8) = 0.714 without
    assert float(dc.phi_deadline) == pytest.approx(0.9)
    assert float(dc.phi_open) == pytest.approx(0.2 / 0.28)
    assert dc.deadline_better
    long = compare_deadline(c, 10, 0.5)
    assert not long.deadline_better  # a distant deadline is worse than a likely prompt punishment
    batch = compare_deadline(c, np.arange(0, 8), 0.3)
    assert batch.margin_deadline.shape == (8,) and len(batch.to_frame()) == 8
    assert np.all(np.diff(batch.margin_deadline) < 0)
