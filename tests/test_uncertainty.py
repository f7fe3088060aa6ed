"""Uncertain inputs: P(viable), the margin's distribution and Sobol indices, each against a hand derivation.

Canonical campaign used here: one sanctions instrument (cost_target s,
reversibility 1), given credibilities, no deadline, hazard or face cost, so
M = (pi_T + pi_A - 1) s D - x with D = delta / (1 - delta).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats as st

from compellence.coercion.campaign import Campaign
from compellence.coercion.uncertainty import (
    Samples,
    UncertainOffRamp,
    distribution_from_table,
    split_distributions,
    uncertain_offramp,
)
from compellence.errors import ParameterError, ScenarioError
from compellence.scenario import loads_scenario


def canonical(pi_T=0.7, pi_A=0.5, s=0.1, x=0.3, delta=0.9, **kw):
    return Campaign({"name": "C", "threat_credibility": pi_T}, "T",
                    [{"kind": "sanctions", "cost_target": s, "reversibility": 1.0}],
                    demand=x, assurance=pi_A, discount=delta, **kw)


def test_probability_viable_is_the_beta_survival_function_at_the_critical_credibility():
    # M >= 0 iff pi_A >= pi_A* = 1 - pi_T + x / (s D): P = beta(7, 3).sf(pi_A*)
    pi_T, s, x, D = 0.7, 0.1, 0.3, 9.0
    exact = st.beta(7, 3).sf(1 - pi_T + x / (s * D))
    for sobol in (True, False):
        res = uncertain_offramp(canonical(), {"assurance.credibility": st.beta(7, 3)}, n=4096, seed=1, sobol=sobol)
        assert res.n_draws == (8192 if sobol else 4096)
        se = float(res.probability_viable_se)
        assert se == pytest.approx(np.sqrt(exact * (1 - exact) / res.n_draws), rel=0.05)
        assert abs(float(res.probability_viable) - exact) < 4 * se
        # the margin's distribution: M = s D pi_A + (pi_T - 1) s D - x, linear in pi_A
        mean = s * D * 0.7 + (pi_T - 1) * s * D - x
        sd = s * D * st.beta(7, 3).std()
        assert float(res.margin_mean) == pytest.approx(mean, abs=4 * sd / np.sqrt(res.n_draws))
        assert float(res.margin_sd) == pytest.approx(sd, rel=0.05)
        med = s * D * st.beta(7, 3).median() + (pi_T - 1) * s * D - x
        assert float(res.margin_quantiles[0.5]) == pytest.approx(med, abs=0.01)
        # the samples are there and consistent with the summary numbers
        assert res.margin_samples.shape == (res.n_draws,)
        np.testing.assert_allclose(res.margin_samples, s * D * res.input_samples["assurance.credibility"]
                                   + (pi_T - 1) * s * D - x, atol=1e-12)
        assert float(res.probability_viable) == np.mean(res.margin_samples >= -1e-9)


def test_sobol_indices_of_an_additive_margin_are_the_variance_shares():
    # M = s D (pi_T + pi_A - 1) - x: additive in pi_T ~ U(.5, .9), pi_A ~ U(.3, 1), x ~ U(.1, .4)
    sD = 0.9
    v = {"coercer.threat_credibility": sD**2 * 0.4**2 / 12, "assurance.credibility": sD**2 * 0.7**2 / 12,
         "demand.concession": 0.3**2 / 12}
    total = sum(v.values())
    dists = {"coercer.threat_credibility": st.uniform(0.5, 0.4), "assurance.credibility": st.uniform(0.3, 0.7),
             "demand.concession": st.uniform(0.1, 0.3)}
    res = uncertain_offramp(canonical(), dists, n=8192, seed=3)
    assert res.keys == tuple(dists)
    assert res.evaluations == 8192 * 5
    for j, key in enumerate(res.keys):
        share = v[key] / total
        assert res.first_order[j] == pytest.approx(share, abs=0.03)
        assert res.total_order[j] == pytest.approx(share, abs=0.03)  # no interactions
        assert res.first_order_low[j] <= res.first_order[j] <= res.first_order_high[j]
        assert res.total_order_low[j] <= res.total_order[j] <= res.total_order_high[j]
        assert res.first_order_low[j] - 0.01 <= share <= res.first_order_high[j] + 0.01
    frame = res.sensitivity_frame()
    assert list(frame.columns) == ["input", "first_order", "first_order_low", "first_order_high",
                                   "total_order", "total_order_low", "total_order_high"]
    assert frame.input.tolist() == list(dists)


def test_sobol_intervals_are_calibrated_across_seeds():
    # the delta-method half-width matches the spread of the estimates over independent runs,
    # and the intervals cover the hand-derived share (M additive in pi_T ~ U(.5, .9), pi_A ~ U(.3, 1))
    share = 0.4**2 / (0.4**2 + 0.7**2)
    dists = {"coercer.threat_credibility": st.uniform(0.5, 0.4), "assurance.credibility": st.uniform(0.3, 0.7)}
    runs = [uncertain_offramp(canonical(), dists, n=512, seed=seed) for seed in range(40)]
    for name in ("first_order", "total_order"):
        est = np.array([getattr(r, name)[0] for r in runs])
        half = np.array([(getattr(r, f"{name}_high")[0] - getattr(r, f"{name}_low")[0]) / 2 for r in runs])
        assert 0.7 < half.mean() / (1.96 * est.std(ddof=1)) < 1.4
        covered = np.mean([getattr(r, f"{name}_low")[0] <= share <= getattr(r, f"{name}_high")[0] for r in runs])
        assert covered >= 0.85


def test_sobol_indices_of_a_product_show_the_interaction():
    # M = D s (pi_T + pi_A - 1) - x = D s Y - x with s ~ U(.05, .15), Y = pi_T - .5, pi_T ~ U(.6, 1):
    # V_s = D^2 E[Y]^2 Var s, V_Y = D^2 E[s]^2 Var Y, V_sY = D^2 Var s Var Y (independent factors)
    D = 9.0
    Es, Vs = 0.1, 0.1**2 / 12
    EY, VY = 0.8 - 0.5, 0.4**2 / 12
    V_s, V_Y, V_sY = D**2 * EY**2 * Vs, D**2 * Es**2 * VY, D**2 * Vs * VY
    V = V_s + V_Y + V_sY
    dists = {"instruments[0].cost_target": st.uniform(0.05, 0.1), "coercer.threat_credibility": st.uniform(0.6, 0.4)}
    res = uncertain_offramp(canonical(), dists, n=16384, seed=5)
    assert res.first_order[0] == pytest.approx(V_s / V, abs=0.03)
    assert res.first_order[1] == pytest.approx(V_Y / V, abs=0.03)
    assert res.total_order[0] == pytest.approx((V_s + V_sY) / V, abs=0.03)
    assert res.total_order[1] == pytest.approx((V_Y + V_sY) / V, abs=0.03)
    assert float(res.margin_sd) == pytest.approx(np.sqrt(V), rel=0.03)


def test_sobol_indices_agree_with_salib():
    salib_sample = pytest.importorskip("SALib.sample.sobol")
    salib_analyze = pytest.importorskip("SALib.analyze.sobol")
    dists = {"instruments[0].cost_target": st.uniform(0.05, 0.1), "assurance.credibility": st.beta(7, 3)}
    camp = canonical()
    ours = uncertain_offramp(camp, dists, n=8192, seed=11)
    # SALib's own design (uniforms on [0, 1], mapped by the inverse CDFs) and its own estimators
    problem = {"num_vars": 2, "names": list(dists), "bounds": [[0.0, 1.0]] * 2}
    U = salib_sample.sample(problem, 8192, calc_second_order=False, seed=11)
    cols = {k: d.ppf(np.clip(U[:, j], 1e-12, 1 - 1e-12)) for j, (k, d) in enumerate(dists.items())}
    Y = np.asarray(camp.with_inputs(cols).margin(), dtype=float)
    theirs = salib_analyze.analyze(problem, Y, calc_second_order=False, seed=11)
    np.testing.assert_allclose(ours.first_order, theirs["S1"], atol=0.04)
    np.testing.assert_allclose(ours.total_order, theirs["ST"], atol=0.04)


def test_seed_reproduces_and_batched_equals_per_element():
    dists = {"assurance.credibility": st.beta(7, 3), "demand.concession": Samples(np.linspace(0.1, 0.5, 41))}
    a = uncertain_offramp(canonical(), dists, n=512, seed=7)
    b = uncertain_offramp(canonical(), dists, n=512, seed=7)
    c = uncertain_offramp(canonical(), dists, n=512, seed=8)
    np.testing.assert_array_equal(a.margin_samples, b.margin_samples)
    np.testing.assert_array_equal(a.first_order_low, b.first_order_low)
    assert not np.array_equal(a.margin_samples, c.margin_samples)
    pi_T = np.array([0.5, 0.7, 0.9])
    batch = uncertain_offramp(canonical(pi_T=pi_T), dists, n=512, seed=7)
    assert batch.batch_shape == (3,)
    assert batch.first_order.shape == (3, 2) and batch.margin_samples.shape == (1024, 3)
    for i, p in enumerate(pi_T):
        one = uncertain_offramp(canonical(pi_T=float(p)), dists, n=512, seed=7)
        assert batch.probability_viable[i] == float(one.probability_viable)
        np.testing.assert_allclose(batch.margin_samples[:, i], one.margin_samples, atol=1e-12)
        np.testing.assert_allclose(batch.first_order[i], one.first_order, atol=1e-12)
        np.testing.assert_allclose(batch.total_order_high[i], one.total_order_high, atol=1e-12)
    with pytest.raises(ParameterError) as e:
        batch.sensitivity_frame()
    assert e.value.name == "index"
    assert batch.sensitivity_frame(index=1).first_order.tolist() == pytest.approx(batch.first_order[1].tolist())
    assert batch.summary_frame(index=2).probability_viable[0] == batch.probability_viable[2]


def test_samples_resample_the_draws():
    draws = np.array([0.2, 0.9, 0.5, 0.7])
    smp = Samples(draws)
    np.testing.assert_array_equal(smp.ppf(np.array([0.0, 0.24, 0.25, 0.5, 0.99])), [0.2, 0.2, 0.5, 0.7, 0.9])
    assert smp.support() == (0.2, 0.9) and len(smp) == 4
    res = uncertain_offramp(canonical(), {"assurance.credibility": smp}, n=256, seed=0, sobol=False)
    assert set(np.unique(res.input_samples["assurance.credibility"])) <= set(draws)
    for bad in ([0.5], [[0.1, 0.2]], [0.1, np.nan], "abc"):
        with pytest.raises(ParameterError):
            Samples(bad)


def test_distributions_outside_the_valid_range_are_refused_by_name():
    with pytest.raises(ParameterError) as e:
        uncertain_offramp(canonical(), {"assurance.credibility": st.norm(0.7, 0.1)})
    assert e.value.name == "assurance.credibility"
    assert "support [-inf, inf]" in str(e.value) and "[0, 1]" in str(e.value)
    with pytest.raises(ParameterError) as e:
        uncertain_offramp(canonical(), {"instruments[0].cost_target": st.uniform(-0.1, 0.3)})
    assert e.value.name == "instruments[0].cost_target" and "[0, inf)" in str(e.value)
    with pytest.raises(ParameterError) as e:
        uncertain_offramp(canonical(), {"discount": Samples([0.5, 1.0])})  # (0, 1): 1 is not a discount
    assert e.value.name == "discount"
    assert uncertain_offramp(canonical(), {"discount": st.beta(20, 2)}, n=64).n == 64  # support [0, 1] is fine
    with pytest.raises(ParameterError) as e:
        uncertain_offramp(canonical(), {"assurance.credibilty": st.beta(2, 2)})
    assert e.value.name == "assurance.credibilty"
    with pytest.raises(ParameterError) as e:
        uncertain_offramp(canonical(), {"assurance.credibility": 0.5})
    assert e.value.name == "assurance.credibility"
    with pytest.raises(ParameterError) as e:
        uncertain_offramp(canonical(), {"assurance.credibility": st.beta(-1, 2)})
    assert "invalid parameters" in str(e.value)
    with pytest.raises(ParameterError) as e:
        uncertain_offramp(canonical(pi_T=np.linspace(0, 1, 1000)), {"assurance.credibility": st.beta(7, 3)},
                          n=4096)
    assert e.value.name == "n" and "max_points" in str(e.value)
    with pytest.raises(ParameterError) as e:
        uncertain_offramp(canonical(), {})
    with pytest.raises(ParameterError) as e:
        uncertain_offramp(canonical(), {"assurance.credibility": st.beta(7, 3)}, n=4)
    assert e.value.name == "n"


def test_without_sobol_there_are_no_indices():
    res = uncertain_offramp(canonical(), {"assurance.credibility": st.beta(7, 3)}, n=300, sobol=False)
    assert res.first_order is None and res.evaluations == 300
    with pytest.raises(ParameterError):
        res.sensitivity_frame()
    assert "P(viable)" in repr(res)
    row = res.summary_frame()
    assert row.columns.tolist()[:4] == ["probability_viable", "probability_viable_se", "margin_mean", "margin_sd"]


def test_split_distributions_and_a_campaign_built_with_them():
    spec = {"coercer": {"name": "C", "threat_credibility": st.uniform(0.5, 0.4)}, "target": "T",
            "instruments": [{"kind": "sanctions", "cost_target": st.lognorm(0.3, scale=0.1), "reversibility": 1.0}],
            "demand": 0.3, "assurance": st.beta(7, 3), "discount": 0.9}
    clean, dists = split_distributions(spec)
    assert set(dists) == {"coercer.threat_credibility", "instruments[0].cost_target", "assurance.credibility"}
    assert clean["assurance"] == pytest.approx(st.beta(7, 3).median())
    assert clean["instruments"][0]["cost_target"] == pytest.approx(0.1)  # the lognorm's median is its scale
    assert spec["assurance"] is dists["assurance.credibility"]  # the spec is not modified
    with pytest.raises(ParameterError) as e:
        split_distributions({"assurance": st.norm(0.5, 1)})
    assert e.value.name == "assurance.credibility"
    camp = Campaign(**spec)
    assert set(camp.distributions) == set(dists)
    assert float(camp.assurance.credibility) == pytest.approx(st.beta(7, 3).median())
    off = camp.offramp()
    assert isinstance(off.uncertainty, UncertainOffRamp)
    direct = uncertain_offramp(camp, camp.distributions)
    assert float(off.uncertainty.probability_viable) == float(direct.probability_viable)
    # replacing an uncertain input by a number makes it certain; the others stay uncertain
    fixed = camp.with_inputs({"assurance.credibility": 0.6})
    assert set(fixed.distributions) == {"coercer.threat_credibility", "instruments[0].cost_target"}
    assert canonical().offramp().uncertainty is None and canonical().distributions == {}


def test_distribution_tables():
    d = distribution_from_table({"dist": "beta", "a": 7, "b": 3}, "assurance.credibility")
    assert d.mean() == pytest.approx(0.7)
    d = distribution_from_table({"dist": "uniform", "loc": 0.2, "scale": 0.5}, "x")
    assert d.support() == (0.2, 0.7)
    assert len(distribution_from_table({"dist": "samples", "values": [0.1, 0.2, 0.3]}, "x")) == 3
    for table, name in (({"dist": "betta", "a": 1, "b": 1}, "k.dist"), ({"dist": "beta", "a": 1, "c": 1}, "k.c"),
                        ({"dist": "beta", "a": 1}, "k.b"), ({"dist": "beta", "a": "x", "b": 1}, "k.a"),
                        ({"dist": "samples", "value": [1, 2]}, "k.value"), ({"a": 1}, "k.dist"),
                        ({"dist": "_doc", "a": 1}, "k.dist")):
        with pytest.raises(ParameterError) as e:
            distribution_from_table(table, "k")
        assert e.value.name == name


SCENARIO = """\
kind = "campaign"
title = "uncertain assurance"

[coercer]
name = "West"
threat_credibility = 0.7

[target]
name = "Russia"

[[instruments]]
kind = "sanctions"
cost_target = 0.1
reversibility = 1.0

[demand]
concession = 0.3

[assurance]
credibility = {dist = "beta", a = 7, b = 3}

[horizon]
discount = 0.9
"""


def test_scenario_dist_syntax_round_trip():
    scen = loads_scenario(SCENARIO, source="u.toml")
    camp = scen.campaign()
    assert list(camp.distributions) == ["assurance.credibility"]
    dist = camp.distributions["assurance.credibility"]
    assert dist.dist.name == "beta" and dist.args == () and dist.kwds == {"a": 7.0, "b": 3.0}
    python = canonical(pi_A=st.beta(7, 3))
    a = camp.offramp().uncertainty
    b = python.offramp().uncertainty
    assert float(a.probability_viable) == float(b.probability_viable)
    np.testing.assert_array_equal(a.first_order, b.first_order)


@pytest.mark.parametrize("value, key, words", [
    ('{dist = "normal", loc = 0.7, scale = 0.1}', "assurance.credibility.dist", "unknown distribution"),
    ('{dist = "beta", a = 7, c = 3}', "assurance.credibility.c", "unknown parameter"),
    ('{dist = "norm", loc = 0.7, scale = 0.1}', "assurance.credibility", "support"),
    ('{dist = "beta", a = 7}', "assurance.credibility.b", "needs"),
])
def test_scenario_dist_errors_name_the_key_and_line(value, key, words):
    text = SCENARIO.replace('{dist = "beta", a = 7, b = 3}', value)
    with pytest.raises(ScenarioError) as e:
        loads_scenario(text, source="u.toml")
    assert e.value.key == key and e.value.line == 20 and words in str(e.value)
    assert str(e.value).startswith(f"u.toml: {key} (line 20)")


def test_scenario_dist_outside_campaigns_is_refused():
    text = """\
kind = "cascade"
seed = 7
runs = 2

[network]
builder = "military_hierarchy"
echelons = [3, 3]

[thresholds]
distribution = "normal"
mean = {dist = "beta", a = 2, b = 6}
sd = 0.07

[[interventions]]
name = "seed"
kind = "seed"
count = 2
"""
    with pytest.raises(ScenarioError) as e:
        loads_scenario(text, source="c.toml")
    assert e.value.key == "thresholds.mean" and e.value.line == 11
    assert "campaign scenarios only" in str(e.value)
    loads_scenario(text.replace('{dist = "beta", a = 2, b = 6}', "0.25"))  # the same file with a number loads


def test_plots_render_to_png():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import io

    import matplotlib.pyplot as plt

    from compellence.analysis.plots import plot_margin_distribution, plot_sensitivity

    def render(ax):
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=40)
        data = buf.getvalue()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000

    try:
        dists = {"coercer.threat_credibility": st.uniform(0.5, 0.4), "assurance.credibility": st.beta(7, 3)}
        res = uncertain_offramp(canonical(), dists, n=512, seed=0)
        ax = plot_sensitivity(res)
        render(ax)
        assert [t.get_text() for t in ax.get_yticklabels()] == list(dists)
        assert len(ax.patches) == 4  # first and total order for each input
        widths = sorted(round(p.get_width(), 10) for p in ax.patches)
        assert widths == sorted(round(float(v), 10) for v in np.r_[res.first_order, res.total_order])
        ax = plot_margin_distribution(canonical(pi_A=st.beta(7, 3)).offramp())  # an OffRamp carrying it
        render(ax)
        assert "P(viable) = 0.69" in ax.get_legend().get_texts()[1].get_text()
        batch = uncertain_offramp(canonical(pi_T=np.array([0.6, 0.8])), dists, n=256, seed=0)
        render(plot_sensitivity(batch, index=1))
        render(plot_margin_distribution(batch, index=0, bins=20))
        with pytest.raises(ParameterError) as e:
            plot_sensitivity(batch)
        assert e.value.name == "index"
        with pytest.raises(ParameterError) as e:
            plot_sensitivity(uncertain_offramp(canonical(), dists, n=64, sobol=False))
        assert e.value.name == "result"
        with pytest.raises(ParameterError) as e:
            plot_margin_distribution(canonical().offramp())
        assert e.value.name == "result"
        with pytest.raises(ParameterError) as e:
            plot_margin_distribution(res, bins=1)
        assert e.value.name == "bins"
    finally:
        plt.close("all")


def test_an_input_that_does_not_enter_the_margin_has_zero_indices():
    # with given credibilities the coercer's benefit does not enter M: f_AB_i = f_A row by row,
    # so both estimators are exactly 0; a margin that does not vary at all gives 0 everywhere
    dists = {"coercer.benefit": st.uniform(0.0, 2.0), "assurance.credibility": st.beta(7, 3)}
    res = uncertain_offramp(canonical(), dists, n=1024, seed=2)
    assert res.first_order[0] == 0.0 and res.total_order[0] == 0.0
    assert res.first_order_low[0] == res.first_order_high[0] == 0.0
    assert res.total_order[1] == pytest.approx(1.0, abs=0.05)
    flat = uncertain_offramp(canonical(), {"coercer.benefit": st.uniform(0.0, 2.0)}, n=256, seed=2)
    assert flat.first_order.tolist() == [0.0] and flat.total_order_high.tolist() == [0.0]
    assert float(flat.margin_sd) == pytest.approx(0.0, abs=1e-12) and float(flat.probability_viable_se) == 0.0


def test_to_dict_is_json_ready():
    import json

    res = uncertain_offramp(canonical(), {"assurance.credibility": st.beta(7, 3)}, n=256, seed=4)
    d = json.loads(json.dumps(res.to_dict()))
    assert d["probability_viable"] == float(res.probability_viable)
    assert d["margin_quantiles"]["q50"] == float(res.margin_quantiles[0.5])
    assert d["sensitivity"][0]["input"] == "assurance.credibility"
    assert d["sensitivity"][0]["total_order"] == float(res.total_order[0])
    assert d["n_draws"] == 512 and d["seed"] == 4
    assert uncertain_offramp(canonical(), {"assurance.credibility": st.beta(7, 3)}, n=64,
                             sobol=False).to_dict()["sensitivity"] is None


def test_one_batched_pass(monkeypatch):
    # all n (d + 2) rows go through ONE with_inputs call, the sample axis leading the campaign's batch
    calls = []
    original = Campaign.with_inputs

    def counting(self, mapping):
        calls.append({k: np.shape(v) for k, v in mapping.items()})
        return original(self, mapping)

    monkeypatch.setattr(Campaign, "with_inputs", counting)
    dists = {"assurance.credibility": st.beta(7, 3), "demand.concession": st.uniform(0.1, 0.3)}
    uncertain_offramp(canonical(pi_T=np.array([[0.6, 0.8, 0.9]])), dists, n=128, seed=0)
    assert calls == [{"assurance.credibility": (128 * 4, 1, 1), "demand.concession": (128 * 4, 1, 1)}]
