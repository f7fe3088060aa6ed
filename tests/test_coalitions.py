"""Coalitions: lifting rules vs brute force, the off-ramp window, the lifting tree, cohesion."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

import compellence as cp
from compellence.coercion.coalitions import (
    Coalition,
    _weight_tail,
    burden_sharing,
    coalition_cohesion,
    coalition_lift_game,
    compare_window,
    offramp_window,
)
from compellence.errors import GraphError, ParameterError

NAMES5 = ["US", "EU", "UK", "JP", "CA"]


def brute_tail(f: np.ndarray, w: np.ndarray, q: float) -> float:
    """Pr(sum_j w_j B_j >= q) by enumerating all 2**n outcomes."""
    total = 0.0
    for bits in itertools.product([0, 1], repeat=len(f)):
        b = np.array(bits)
        if (b * w).sum() >= q - 1e-12:
            total += np.prod(np.where(b == 1, f, 1.0 - f))
    return total


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 6),
    seed=st.integers(0, 10_000),
)
def test_weight_tail_matches_enumeration(n, seed):
    rng = np.random.default_rng(seed)
    f = rng.random(n)
    w = rng.integers(0, 4, size=n)
    assume(w.sum() > 0)
    q = float(rng.integers(1, w.sum() + 1))
    got = _weight_tail(f[:, None], w, q)[0]
    assert got == pytest.approx(brute_tail(f, w, q), abs=1e-12)


def test_unanimity_is_product_of_member_cdfs():
    th = [0.3, 0.6, 0.45]
    sd = [0.1, 0.2, 0.05]
    c = Coalition(["A", "B", "C"], th, sd)
    x = np.linspace(0, 1, 11)
    expected = np.prod([stats.norm.cdf(x, m, s) for m, s in zip(th, sd)], axis=0)
    np.testing.assert_allclose(c.lift_probability(x), expected, atol=1e-14)
    # logistic and uniform families are parameterised by mean and standard deviation
    for fam, dist in [("logistic", stats.logistic), ("uniform", stats.uniform)]:
        c2 = Coalition(["A"], [0.5], [0.2], dist=fam)
        assert float(c2.lift_probability(0.5)) == pytest.approx(0.5, abs=1e-12)
        xs = np.linspace(-0.5, 1.5, 41)
        sd = float(dist(loc=0.0, scale=1.0).std())
        if fam == "logistic":
            ref = dist.cdf(xs, loc=0.5, scale=0.2 / sd)
        else:
            ref = dist.cdf(xs, loc=0.5 - 0.2 * np.sqrt(3), scale=0.4 * np.sqrt(3))
        np.testing.assert_allclose(c2.lift_probability(xs), ref, atol=1e-12)
    # frozen scipy distributions, one per member
    ds = [stats.beta(2, 5), stats.norm(0.4, 0.1)]
    c3 = Coalition(["A", "B"], dist=ds)
    np.testing.assert_allclose(c3.lift_probability(x), ds[0].cdf(x) * ds[1].cdf(x))
    assert c3.thresholds[0] == pytest.approx(2 / 7)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), rule=st.sampled_from(["unanimity", "quota", "weighted"]))
def test_rules_match_enumeration(seed, rule):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 6))
    th = rng.random(n)
    sd = rng.random(n) * 0.3 + 0.01
    kw = {}
    if rule == "quota":
        kw = {"quota": int(rng.integers(1, n + 1))}
        w, q = np.ones(n, int), kw["quota"]
    elif rule == "weighted":
        w = rng.integers(1, 5, size=n)
        kw = {"weights": list(w), "quota": int(rng.integers(1, w.sum() + 1))}
        q = kw["quota"]
    else:
        w, q = np.ones(n, int), n
    c = Coalition(NAMES5[:n], list(th), list(sd), rule=rule, **kw)
    x = float(rng.random())
    f = stats.norm.cdf(x, th, sd)
    assert float(c.lift_probability(x)) == pytest.approx(brute_tail(f, w, q), abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), rule=st.sampled_from(["unanimity", "quota", "weighted"]))
def test_known_thresholds_lift_at_order_statistic(seed, rule):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 6))
    th = np.round(rng.random(n), 3)
    kw = {}
    if rule == "quota":
        k = int(rng.integers(1, n + 1))
        kw = {"quota": k}
        expected = np.sort(th)[k - 1]
    elif rule == "weighted":
        w = rng.integers(1, 5, size=n)
        q = int(rng.integers(1, w.sum() + 1))
        kw = {"weights": list(w), "quota": q}
        expected = min(x for x in th if w[th <= x].sum() >= q)
    else:
        expected = th.max()
    c = Coalition(NAMES5[:n], list(th), 0.0, rule=rule, **kw)
    assert float(c.lift_threshold()) == pytest.approx(expected)
    assert float(c.lift_probability(expected)) == 1.0
    assert float(c.lift_probability(expected - 1e-6)) == 0.0


@settings(max_examples=40, deadline=None)
@given(
    th=st.lists(st.floats(0.0, 2.0), min_size=1, max_size=4),
    pi_T=st.floats(0.3, 0.99),
    r=st.floats(0.3, 1.0),
    sD=st.floats(0.5, 4.0),
)
def test_window_known_thresholds_closed_form(th, pi_T, r, sD):
    """With known thresholds the window is [max_j x_j, pi_T r s D] (or empty).

    By hand: M(x) = (pi_T + 1[x >= max_j x_j] - 1) r s D - x; below the
    threshold M = (pi_T - 1) r s D - x < 0 (pi_T < 1), above it M >= 0 iff
    x <= pi_T r s D.
    """
    c = Coalition([f"M{j}" for j in range(len(th))], th, 0.0)
    w = offramp_window(c, pi_T, r, sD, 1.0)
    cap = pi_T * r * sD
    xstar = max(th)
    assume(abs(cap - xstar) > 1e-6)
    if xstar <= cap:
        assert not w.empty
        assert float(w.x_lo) == pytest.approx(xstar, abs=1e-8)
        assert float(w.x_hi) == pytest.approx(cap, abs=1e-8)
        assert float(w.width) == pytest.approx(cap - xstar, abs=1e-8)
    else:
        assert bool(w.empty)
        assert float(w.width) == 0.0
        assert float(w.x_lo) == np.inf and float(w.x_hi) == -np.inf


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    pi_T=st.floats(0.5, 1.0),
    r=st.floats(0.5, 1.0),
    sD=st.floats(0.5, 4.0),
)
def test_window_endpoints_are_roots_and_interior_viable(seed, pi_T, r, sD):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5))
    c = Coalition(NAMES5[:n], list(rng.random(n) * sD), list(rng.random(n) * 0.3 + 0.02))
    w = offramp_window(c, pi_T, r, sD, 1.0)

    def margin(x):  # corrected accounting: only the reversible part r s D is leverage
        return (pi_T + c.lift_probability(x) - 1.0) * r * sD - x

    if bool(w.empty):
        xs = np.linspace(0, max(float(w.cap), 0.0), 4001)
        assert np.all(margin(xs) < 1e-9)
        return
    lo, hi = float(w.x_lo), float(w.x_hi)
    assert margin(lo) >= -1e-8 and margin(hi) >= -1e-8
    if lo > 0:
        assert margin(lo - 1e-6) < 1e-9
    if bool(w.contiguous):
        xs = np.linspace(lo, hi, 101)
        assert np.all(margin(xs) >= -1e-7)
    assert margin(hi + 1e-6) < 1e-9


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    sd=st.floats(0.0, 0.3),
    pi_T=st.floats(0.5, 1.0),
    r=st.floats(0.5, 1.0),
)
def test_unanimity_window_within_single_coercer_window(seed, sd, pi_T, r):
    """Claim 3's mechanism: prod_j F_j <= F(mean threshold) pointwise (equal uncertainty)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6))
    th = list(rng.random(n) * 2.0)
    c = Coalition(NAMES5[:n], th, sd)
    cmp = compare_window(c, pi_T, r, 1.0, 3.0)
    assert bool(cmp.narrower)
    if not bool(cmp.coalition.empty):
        assert not bool(cmp.single.empty)
        assert float(cmp.coalition.x_lo) >= float(cmp.single.x_lo) - 1e-7
        assert float(cmp.coalition.x_hi) <= float(cmp.single.x_hi) + 1e-7


def test_disagreeing_unanimity_window_can_be_empty_while_single_is_not():
    c = Coalition(["hawk", "dove"], [2.2, 0.2], 0.05)
    cmp = compare_window(c, 0.8, 0.9, 1.0, 3.0)  # cap = 0.8 * 0.9 * 3 = 2.16 < 2.2
    assert bool(cmp.coalition.empty)
    assert not bool(cmp.single.empty)
    assert float(cmp.single.x_lo) == pytest.approx(1.2, abs=0.2)
    df = cmp.to_frame()
    assert df.loc[0, "coalition_empty"] and not df.loc[0, "single_empty"]


def test_window_batched_equals_elementwise():
    pis = np.array([0.6, 0.8, 1.0])
    rs = np.array([[0.7], [1.0]])
    c = Coalition(["A", "B", "C"], [0.3, [0.5, 0.9, 1.2], 0.8], 0.15, rule="quota", quota=2)
    w = offramp_window(c, pis, rs, 1.0, 2.0)
    assert w.x_lo.shape == (2, 3)
    for i in range(2):
        for j in range(3):
            cj = Coalition(["A", "B", "C"], [0.3, [0.5, 0.9, 1.2][j], 0.8], 0.15, rule="quota", quota=2)
            wj = offramp_window(cj, pis[j], rs[i, 0], 1.0, 2.0)
            assert float(w.x_lo[i, j]) == pytest.approx(float(wj.x_lo), abs=1e-9)
            assert float(w.x_hi[i, j]) == pytest.approx(float(wj.x_hi), abs=1e-9)
    assert len(w.to_frame()) == 6


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    rule=st.sampled_from(["unanimity", "quota", "weighted"]),
    pi_T=st.floats(0.2, 1.0),
    r=st.floats(0.0, 1.0),
)
def test_lift_game_spe_matches_margin(seed, rule, pi_T, r):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5))
    kw = {}
    if rule == "quota":
        kw = {"quota": int(rng.integers(1, n + 1))}
    elif rule == "weighted":
        w = rng.integers(1, 4, size=n)
        kw = {"weights": list(w), "quota": int(rng.integers(1, w.sum() + 1))}
    c = Coalition(NAMES5[:n], list(rng.random(n)), list(rng.random(n) * 0.3), rule=rule,
                  costs=list(rng.random(n)), **kw)
    x = rng.random(7) * 1.5  # a batch of concessions
    s, D = 1.0, 2.5
    g = coalition_lift_game(c, x, pi_T, r, s, D)
    sol = cp.spe(g)
    p_lift = c.lift_probability(x)
    K = s * D
    margin = (pi_T + p_lift - 1.0) * r * K - x
    comply = sol.strategy["root"]["comply"]
    ok = np.abs(margin) > 1e-9
    np.testing.assert_array_equal((comply > 0.5)[ok], (margin >= 0)[ok])
    # comply: -x - (1 - r) K - (1 - Pr(lift)) r K; defy: -(1 - r) K - pi_T r K
    np.testing.assert_allclose(sol.value[0], np.maximum(-x - K + p_lift * r * K,
                                                        -(1 - r) * K - pi_T * r * K), atol=1e-10)
    # probability mass of the lifting leaves under "comply" = Pr(lift | x)
    lifted = 0.0
    for t in g.terminals.tolist():
        path = g.node_path(t)
        if not path.startswith("root/comply/assurance holds"):
            continue
        sat = np.zeros(n, bool)
        for j, nm in enumerate(c.names):
            sat[j] = f"/{nm} satisfied" in path
        wts, q = c._lift_weights()
        if (wts * sat).sum() >= q - 1e-12:
            prob = np.ones_like(x)
            i = t
            while i > 0:
                if g.chance_index[i] >= 0:
                    prob = prob * g.chance_probs[g.chance_index[i]]
                i = g.parent[i]
            lifted = lifted + prob
    np.testing.assert_allclose(lifted, p_lift, atol=1e-12)


def test_cohesion_cascade_on_a_path_graph():
    # A's costs exceed its stake: it leaves at once; B's cost rises by half once A
    # (half its neighbours) is gone; C stands half its neighbours gone but not all;
    # D is held by its public commitment.
    c = Coalition(
        ["A", "B", "C", "D"], [0.5] * 4,
        costs=[2.0, 1.0, 1.0, 1.0], stakes=[1.0, 1.4, 1.6, 1.0], commitment=[0, 0, 0, 5.0],
    )
    g = nx.path_graph(["A", "B", "C", "D"])
    res = coalition_cohesion(c, g, spillover=1.0)
    assert res.stays.tolist() == [False, False, True, True]
    assert res.round_left.tolist() == [0, 1, -1, -1]
    assert int(res.n_remaining) == 2 and int(res.rounds) == 2
    # without spillover only A leaves
    res0 = coalition_cohesion(c, g, spillover=0.0)
    assert res0.stays.tolist() == [False, True, True, True]
    # a shock: D forced out; once B has gone too, C's cost doubles (2 > 1.6): it leaves
    res2 = coalition_cohesion(c, g, spillover=1.0, departed=["D"])
    assert res2.stays.tolist() == [False, False, False, False]
    df = res.members_frame()
    assert list(df["member"]) == ["A", "B", "C", "D"]


def test_cohesion_batched_matches_scalar_and_commitment_helps():
    ks = np.linspace(0.0, 2.0, 5)
    c = Coalition(["A", "B", "C"], [0.5] * 3, costs=[1.5, 1.0, 1.0], stakes=[1.0, 1.2, 1.8],
                  commitment=[0.0, ks, 0.0])
    res = coalition_cohesion(c, spillover=0.6)
    assert res.stays.shape == (3, 5)
    for j, k in enumerate(ks):
        cj = Coalition(["A", "B", "C"], [0.5] * 3, costs=[1.5, 1.0, 1.0], stakes=[1.0, 1.2, 1.8],
                       commitment=[0.0, float(k), 0.0])
        np.testing.assert_array_equal(res.stays[:, j], coalition_cohesion(cj, spillover=0.6).stays)
    assert np.all(np.diff(res.n_remaining) >= 0)  # public commitments only help cohesion
    assert len(res.to_frame()) == 5


def test_burden_sharing_splits_total_cost():
    c = Coalition(["US", "EU", "UK", "JP"], [0.5] * 4, costs=[1.0, 2.0, 0.5, 0.5],
                  stakes=[3.0, 2.0, 1.0, 1.0], contributions=[0.5, 0.4, 0.1, 0.1])
    bs = burden_sharing(c, pi_T=0.9, r=0.9, D=3.0, x=1.5)  # N compels: 0.8 * 1.1 * 3 >= 1.5
    assert bs.burden.sum() == pytest.approx(sum([1.0, 2.0, 0.5, 0.5]) * 3.0)
    assert bs.shapley.value.sum() == pytest.approx((7.0 - 4.0) * 3.0)
    assert bs.core is not None and bs.core.epsilon.shape == ()
    df = bs.to_frame()
    assert list(df.columns) == ["player", "shapley", "stderr", "burden"]


def test_voting_game_is_shapley_shubik():
    c = Coalition(["A", "B", "C"], [0.1, 0.2, 0.3], rule="weighted", weights=[2, 1, 1], quota=3)
    phi = c.voting_game().shapley()
    np.testing.assert_allclose(phi.value, [2 / 3, 1 / 6, 1 / 6])
    np.testing.assert_allclose(c.voting_power().value, [2 / 3, 1 / 6, 1 / 6])
    u = Coalition(["A", "B", "C", "D"], [0.1] * 4)  # unanimity: everyone is a veto player
    np.testing.assert_allclose(u.voting_power().value, [0.25] * 4)


def test_bad_inputs_name_the_field():
    with pytest.raises(ParameterError, match="rule"):
        Coalition(["A"], [0.5], rule="majority")
    with pytest.raises(ParameterError, match="quota"):
        Coalition(["A", "B"], [0.5, 0.6], rule="quota", quota=3)
    with pytest.raises(ParameterError, match="weights"):
        Coalition(["A", "B"], [0.5, 0.6], rule="weighted", weights=[1.5, 1], quota=1)
    with pytest.raises(ParameterError, match="thresholds"):
        Coalition(["A", "B"], [0.5])
    with pytest.raises(ParameterError, match="threshold_sd"):
        Coalition(["A", "B"], [0.5, 0.2], [-0.1, 0.1])
    with pytest.raises(ParameterError, match="names"):
        Coalition(["A", "A"], [0.5, 0.2])
    with pytest.raises(ParameterError, match="dist"):
        Coalition(["A"], [0.5], dist="cauchy")
    with pytest.raises(ParameterError, match="quota"):
        Coalition(["A", "B"], [0.5, 0.6], rule="quota", quota="two")
    with pytest.raises(ParameterError, match="weights"):
        Coalition(["A", "B"], [0.5, 0.6], rule="weighted", weights=["x", 1], quota=1)
    with pytest.raises(ParameterError, match="thresholds"):
        Coalition(["A", "B"], ["low", 0.6])
    c = Coalition(["A", "B"], [0.5, [0.1, 0.2, 0.3]])
    with pytest.raises(ParameterError, match="x"):
        c.lift_probability(np.zeros(4))
    with pytest.raises(ParameterError, match="pi_T"):
        offramp_window(c, 1.5, 0.5, 1.0, 1.0)
    with pytest.raises(GraphError, match="member names"):
        coalition_cohesion(c, nx.path_graph(3))
    with pytest.raises(ParameterError, match="departed"):
        coalition_cohesion(c, departed=["Z"])
    big = Coalition([f"M{j}" for j in range(13)], [0.5] * 13)
    with pytest.raises(ParameterError, match="max_members"):
        coalition_lift_game(big, 0.5, 0.9, 0.9, 1.0, 1.0)


def test_repr_and_frames():
    c = Coalition(["US", "EU"], [0.3, 0.6], [0.1, 0.0], costs=[1, 2])
    assert "US: x>=0.3" in repr(c) and "unanimity" in repr(c)
    assert list(c.to_frame()["blowback"]) == [1.0, 2.0]
    w = offramp_window(c, 0.9, 0.9, 1.0, 2.0)
    assert "OffRampWindow(x_lo=" in repr(w)
    assert "<b>OffRampWindow</b>" in w._repr_html_()


def test_chunked_window_equals_one_pass(monkeypatch):
    import compellence.coercion.coalitions as mod

    c = Coalition(["A", "B", "C"], [0.3, np.linspace(0.2, 1.5, 7)[:, None], 0.8], 0.1,
                  rule="weighted", weights=[2, 1, 1], quota=3)
    pis = np.linspace(0.5, 1.0, 5)
    whole = offramp_window(c, pis, 0.9, 1.0, 2.0, grid=101)
    monkeypatch.setattr(mod, "_WINDOW_CELLS", 101 * 3 * 4)  # chunks of 4 batch elements
    chunked = offramp_window(c, pis, 0.9, 1.0, 2.0, grid=101)
    for name in ("x_lo", "x_hi", "width", "empty", "contiguous", "best_x", "best_margin", "cap"):
        np.testing.assert_array_equal(getattr(chunked, name), getattr(whole, name))


def test_subset_after_departures():
    c = Coalition(["A", "B", "C"], [0.2, 0.9, 0.5], 0.1, rule="weighted", weights=[3, 2, 1],
                  quota=5, costs=[1.0, 3.0, 1.0], stakes=[2.0, 1.0, 2.0])
    res = coalition_cohesion(c, spillover=0.0)
    stay = [nm for nm, ok in zip(c.names, res.stays) if ok]
    assert stay == ["A", "C"]
    sub = c.subset(stay)
    assert sub.names == ("A", "C") and sub.quota == 4.0  # capped at the remaining weight
    np.testing.assert_allclose(sub.lift_probability(0.6),
                               stats.norm.cdf(0.6, 0.2, 0.1) * stats.norm.cdf(0.6, 0.5, 0.1))
    q = Coalition(["A", "B", "C"], [0.2, 0.9, 0.5], rule="quota", quota=3).subset(["A", "B"])
    assert q.quota == 2.0
    with pytest.raises(ParameterError, match="members"):
        c.subset(["Z"])


def test_from_members_tables():
    c = Coalition.from_members(
        [{"name": "US", "min_concession": 0.3, "uncertainty": 0.05, "weight": 3, "blowback": 1.0},
         {"name": "EU", "min_concession": 0.6, "weight": 2, "stake": 2.0},
         {"name": "UK", "min_concession": 0.45, "weight": 1}],
        rule="weighted", quota=4,
    )
    assert c.names == ("US", "EU", "UK") and c.weights.tolist() == [3, 2, 1]
    assert c.costs.tolist() == [1.0, 0.0, 0.0] and c.stakes.tolist() == [0.0, 2.0, 0.0]
    assert "<b>Coalition(" in c._repr_html_()
    with pytest.raises(ParameterError, match=r"members\[1\]\.colour"):
        Coalition.from_members([{"name": "A", "min_concession": 0.1},
                                {"name": "B", "min_concession": 0.2, "colour": "red"}])
    with pytest.raises(ParameterError, match=r"members\[0\]\.min_concession"):
        Coalition.from_members([{"name": "A"}])
    with pytest.raises(ParameterError, match=r"members\[1\]\.weight"):
        Coalition.from_members([{"name": "A", "min_concession": 0.1, "weight": 1},
                                {"name": "B", "min_concession": 0.2}], rule="weighted", quota=1)


def test_burden_sharing_batched_and_sampled():
    names = ["US", "EU", "UK", "JP"]
    kw = dict(costs=[1.0, 2.0, 0.5, 0.5], stakes=[3.0, 2.0, 1.0, 1.0],
              contributions=[0.5, 0.4, 0.1, 0.1])
    c = Coalition(names, [0.5] * 4, **kw)
    xs = np.array([0.2, 1.0, 1.5, 3.0])
    bs = burden_sharing(c, 0.9, 0.9, 3.0, xs)
    assert bs.shapley.value.shape == (4, 4) and bs.core.epsilon.shape == (4,)
    for k, x in enumerate(xs):
        one = burden_sharing(c, 0.9, 0.9, 3.0, float(x))
        np.testing.assert_allclose(bs.shapley.value[:, k], one.shapley.value, atol=1e-12)
        assert float(bs.core.epsilon[k]) == pytest.approx(float(one.core.epsilon), abs=1e-9)
    assert len(bs.to_frame()) == 16
    # a large coalition: sampled Shapley with a stated error, no core LP
    n = 20
    big = Coalition([f"M{j}" for j in range(n)], [0.5] * n, costs=[0.1] * n,
                    stakes=list(np.linspace(0.5, 2.0, n)), contributions=[0.1] * n)
    res = burden_sharing(big, 0.9, 0.9, 3.0, 1.0, samples=400, seed=3)
    assert res.shapley.method == "sample" and res.core is None
    assert np.all(res.shapley.stderr > 0)
    # efficiency holds per permutation, so exactly on average
    total = (np.sum(np.linspace(0.5, 2.0, n)) - 0.1 * n) * 3.0
    assert res.shapley.value.sum() == pytest.approx(total)


# ============================================================== correlated thresholds (issue 9)
FAMILIES = {
    "normal": lambda mu, sd: stats.norm(mu, sd),
    "logistic": lambda mu, sd: stats.logistic(mu, sd * np.sqrt(3.0) / np.pi),
    "uniform": lambda mu, sd: stats.uniform(mu - np.sqrt(3.0) * sd, 2 * np.sqrt(3.0) * sd),
}


def mc_thresholds(mu, sd, rho, family, size, seed):
    """Draws of the thresholds x_j = F_j^{-1}(Phi(sqrt(rho) Z + sqrt(1 - rho) e_j)) (by hand)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((size, 1))
    e = rng.standard_normal((size, len(mu)))
    u = stats.norm.cdf(np.sqrt(rho) * z + np.sqrt(1.0 - rho) * e)
    return np.column_stack([FAMILIES[family](m, s).ppf(u[:, j]) for j, (m, s) in enumerate(zip(mu, sd))])


def rule_met(sat, rule, w=None, q=None):
    if rule == "unanimity":
        return sat.all(axis=1)
    if rule == "eu_renewal":
        return sat.any(axis=1)
    return (sat * w).sum(axis=1) >= q - 1e-12


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    rule=st.sampled_from(["unanimity", "quota", "weighted", "eu_renewal"]),
    rho=st.sampled_from([0.0, 0.3, 0.7, 0.95, 1.0]),
    family=st.sampled_from(sorted(FAMILIES)),
)
def test_correlated_lift_probability_matches_monte_carlo(seed, rule, rho, family):
    """Pr(lift | x) under the one-factor model against 200k simulated threshold vectors.

    Tolerance: 5 binomial standard errors (fixed seed) + 1e-4.
    """
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5))
    mu = rng.random(n)
    sd = rng.random(n) * 0.3 + 0.02
    kw: dict = {}
    w, q = np.ones(n, int), None
    if rule == "quota":
        q = int(rng.integers(1, n + 1))
        kw = {"quota": q}
    elif rule == "weighted":
        w = rng.integers(1, 4, size=n)
        q = int(rng.integers(1, w.sum() + 1))
        kw = {"weights": list(w), "quota": q}
    c = Coalition(NAMES5[:n], list(mu), list(sd), rule=rule, correlation=rho, dist=family, **kw)
    draws = mc_thresholds(mu, sd, rho, family, 200_000, seed)
    xs = np.quantile(draws.ravel(), [0.2, 0.5, 0.8])
    for x in xs:
        p_mc = rule_met(draws <= x, rule, w, q).mean()
        se = np.sqrt(max(p_mc * (1 - p_mc), 1e-6) / draws.shape[0])
        assert float(c.lift_probability(x)) == pytest.approx(p_mc, abs=5 * se + 1e-4)
    # EU rule, the defiance side: sustained iff every member renews, i.e. every x_j > 0
    if rule == "eu_renewal":
        p_mc = (draws > 0).all(axis=1).mean()
        se = np.sqrt(max(p_mc * (1 - p_mc), 1e-6) / draws.shape[0])
        assert float(c.sustain_probability()) == pytest.approx(p_mc, abs=5 * se + 1e-4)


@pytest.mark.parametrize("rho", [0.05, 0.3, 0.6, 0.9, 0.99, 0.999])
def test_correlated_quadrature_error_against_adaptive_quad(rho):
    """The stated quadrature error (< 1e-10 up to rho = 0.999) against scipy's adaptive quad,
    on the integral written by hand: E_Z[prod_j Phi((c_j - sqrt(rho) Z) / sqrt(1 - rho))]."""
    from scipy import integrate

    rng = np.random.default_rng(int(rho * 1000))
    worst = 0.0
    for _ in range(10):
        n = 5
        mu, sd = rng.random(n), rng.random(n) * 0.3 + 0.05
        x = float(rng.random())
        cj = (x - mu) / sd
        pts = sorted(cj / np.sqrt(rho))

        def cond(z, kind, cj=cj):
            p = stats.norm.cdf((cj - np.sqrt(rho) * z) / np.sqrt(1 - rho))
            return np.prod(p) if kind == "all" else 1 - np.prod(1 - p)

        for rule, kind in (("unanimity", "all"), ("eu_renewal", "any")):
            exact = integrate.quad(lambda z, kind=kind: cond(z, kind) * stats.norm.pdf(z), -12, 12,
                                   points=pts, limit=2000, epsabs=1e-14, epsrel=1e-13)[0]
            got = float(Coalition(NAMES5, list(mu), list(sd), rule=rule,
                                  correlation=rho).lift_probability(x))
            worst = max(worst, abs(got - exact))
    assert worst < 1e-10


@pytest.mark.parametrize("rule,kw", [("unanimity", {}), ("eu_renewal", {}), ("quota", {"quota": 2}),
                                     ("weighted", {"weights": [1, 2, 3], "quota": 4})])
def test_fully_common_uncertainty_makes_identical_members_one(rule, kw):
    """Three identical uncertain members with rho = 1 are exactly one member (every rule, both
    sides, both liftings, and the window); with rho = 0 unanimity is narrower (independence)."""
    three = Coalition(["A", "B", "C"], [0.4] * 3, [0.1] * 3, rule=rule, correlation=1.0, **kw)
    one = Coalition(["A"], [0.4], [0.1], rule="eu_renewal" if rule == "eu_renewal" else "unanimity")
    x = np.linspace(0.0, 1.0, 41)
    f = stats.norm.cdf(x, 0.4, 0.1)
    np.testing.assert_allclose(three.lift_probability(x), f, atol=1e-15)
    np.testing.assert_allclose(three.lifted_share(x), one.lifted_share(x), atol=1e-15)
    w3 = offramp_window(three, 0.9, 0.8, 1.0, 2.0)
    w1 = offramp_window(one, 0.9, 0.8, 1.0, 2.0)
    assert float(w3.x_lo) == pytest.approx(float(w1.x_lo), abs=1e-12)
    assert float(w3.x_hi) == pytest.approx(float(w1.x_hi), abs=1e-12)
    if rule == "eu_renewal":  # sustained iff the common threshold is > 0
        assert float(three.sustain_probability()) == pytest.approx(stats.norm.sf(0, 0.4, 0.1))
    indep = three.replace(correlation=0.0)
    if rule == "unanimity":
        np.testing.assert_allclose(indep.lift_probability(x), f**3, atol=1e-15)
        assert float(offramp_window(indep, 0.9, 0.8, 1.0, 2.0).width) < float(w1.width) - 1e-3
    partial = Coalition(["A", "B", "C"], [0.4] * 3, [0.1] * 3, lifting="partial", correlation=1.0)
    np.testing.assert_allclose(partial.lifted_share(x), f, atol=1e-15)
    np.testing.assert_allclose(partial.lift_probability(x), f, atol=1e-15)


def test_partial_vs_all_or_nothing_lifting_on_the_claim3_coalition():
    """Issue 9's numbers: at x = 0.3 the claim-3 coalition (US 0.1, EU 0.3, UK 0.5, sd 0.05 each)
    lifts ALL of its punishment with probability 0.00002, while member-by-member lifting lifts
    half of it in expectation (equal shares)."""
    th, sd = [0.1, 0.3, 0.5], [0.05] * 3
    allc = Coalition(["US", "EU", "UK"], th, sd)
    part = allc.replace(lifting="partial")
    f = stats.norm.cdf(0.3, th, sd)  # by hand: Phi(4), Phi(0), Phi(-4)
    assert float(allc.lift_probability(0.3)) == pytest.approx(np.prod(f), rel=1e-12)
    assert float(allc.lift_probability(0.3)) == pytest.approx(2e-5, abs=5e-6)
    assert float(allc.lifted_share(0.3)) == float(allc.lift_probability(0.3))
    assert float(part.lifted_share(0.3)) == pytest.approx(np.mean(f), rel=1e-12)
    assert float(part.lifted_share(0.3)) == pytest.approx(0.5, abs=1e-4)
    # partial lifting's "all lifted" probability is still the product
    assert float(part.lift_probability(0.3)) == pytest.approx(np.prod(f), rel=1e-12)
    # unequal shares: sum_j w_j F_j(x), whatever the correlation
    sh = [0.5, 0.3, 0.2]
    for rho in (0.0, 0.6, 1.0):
        p = Coalition(["US", "EU", "UK"], th, sd, lifting="partial", shares=sh, correlation=rho)
        assert float(p.lifted_share(0.3)) == pytest.approx(np.dot(sh, f), rel=1e-12)
        assert float(p.sustain_probability()) == pytest.approx(
            np.dot(sh, stats.norm.sf(0.0, th, sd)), rel=1e-12)
    # the window: partial lifting keeps an off-ramp the all-or-nothing coalition closes
    kw = dict(pi_T=0.9, r=0.9, s=0.1, D=9.0)
    wa, wp = offramp_window(allc, **kw), offramp_window(part, **kw)
    assert float(wp.width) > float(wa.width)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), x=st.floats(0.0, 1.0))
def test_eu_rule_both_sides_by_hand(seed, x):
    """EU renewal, independent members: lift 1 - prod(1 - F_j(x)); sustained prod(1 - F_j(0));
    the margin (pi_T S + pi_A G - 1) r s D - x is lower on the threat side than unanimity's."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 6))
    mu, sd = rng.random(n) * 0.8 - 0.1, rng.random(n) * 0.3 + 0.01
    eu = Coalition(NAMES5[:n], list(mu), list(sd), rule="eu_renewal")
    una = eu.replace(rule="unanimity")
    F, F0 = stats.norm.cdf(x, mu, sd), stats.norm.cdf(0.0, mu, sd)
    assert float(eu.lift_probability(x)) == pytest.approx(1 - np.prod(1 - F), abs=1e-13)
    assert float(eu.sustain_probability()) == pytest.approx(np.prod(1 - F0), abs=1e-13)
    assert float(una.sustain_probability()) == 1.0
    pi_T, pi_A, r, s, delta = 0.8, 0.9, 0.7, 0.2, 0.9
    D = delta / (1 - delta)
    m = (pi_T * np.prod(1 - F0) + pi_A * (1 - np.prod(1 - F)) - 1) * r * s * D - x
    assert float(eu.margin(x, s, delta, pi_T, pi_A, r)) == pytest.approx(m, abs=1e-12)
    assert float(una.margin(x, s, delta, pi_T, pi_A, r)) == pytest.approx(
        (pi_T + pi_A * np.prod(F) - 1) * r * s * D - x, abs=1e-12)


def test_thresholds_derived_from_blowback():
    """x_j = (w_j - c_j) / b_j (module docstring), uncertainty cost_sd / b_j; checked by hand and
    by simulating the blowback: member lifts iff b_j x >= w_j - c_j."""
    w, c, b, csd = [0.5, 0.2, 0.1], [0.2, 0.1, 0.3], [1.0, 0.5, 2.0], [0.1, 0.05, 0.0]
    g = Coalition(["A", "B", "C"], weakening_value=w, costs=c, stakes=b, cost_sd=csd)
    np.testing.assert_allclose(g.thresholds, [(0.5 - 0.2) / 1.0, (0.2 - 0.1) / 0.5, (0.1 - 0.3) / 2.0])
    np.testing.assert_allclose(g.threshold_sd, [0.1, 0.1, 0.0])
    rng = np.random.default_rng(7)
    cost = rng.normal(c, csd, size=(400_000, 3))
    for x in (0.0, 0.15, 0.3, 0.5):
        lifts = np.array(b) * x >= np.array(w) - cost
        np.testing.assert_allclose(g.member_cdf(x), lifts.mean(axis=0), atol=4e-3)
    # C's blowback exceeds its value of pressure: it lifts for nothing, and under the EU rule
    # it does not renew after defiance, so the punishment cannot be sustained
    assert float(g.replace(rule="eu_renewal").sustain_probability()) == 0.0
    assert g.members[0].min_concession is None and g.members[0].weakening_value == 0.5
    # raising A's blowback lowers its threshold (batched through the member replacement)
    g2 = g.replace_member("A", blowback=np.array([0.0, 0.2, 0.4]))
    np.testing.assert_allclose(g2.thresholds[0], [0.5, 0.3, 0.1])


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    rule=st.sampled_from(["unanimity", "quota", "eu_renewal"]),
    lifting=st.sampled_from(["all", "partial"]),
    pi_T=st.floats(0.2, 1.0),
    r=st.floats(0.0, 1.0),
)
def test_lift_game_spe_matches_margin_eu_and_partial(seed, rule, lifting, pi_T, r):
    """The tree solved by cp.spe agrees with M = (pi_T S + pi_A G(x) - 1) r s D - x."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 4))
    if lifting == "partial" and rule == "quota":
        rule = "unanimity"
    kw = {"quota": int(rng.integers(1, n + 1))} if rule == "quota" else {}
    sh = rng.random(n) + 0.1
    c = Coalition(NAMES5[:n], list(rng.random(n) * 0.6 - 0.1), list(rng.random(n) * 0.3),
                  rule=rule, lifting=lifting, shares=list(sh / sh.sum()), **kw)
    x = rng.random(6)
    pi_A, s, D = 0.85, 1.0, 2.5
    sol = cp.spe(coalition_lift_game(c, x, pi_T, r, s, D, pi_A=pi_A))
    margin = c.margin(x, s, D / (1 + D), pi_T, pi_A, r)
    K = s * D
    hand = (pi_T * c.sustain_probability() + pi_A * c.lifted_share(x) - 1) * r * K - x
    np.testing.assert_allclose(margin, hand, atol=1e-12)
    comply = sol.strategy["root"]["comply"]
    ok = np.abs(margin) > 1e-9
    np.testing.assert_array_equal((comply > 0.5)[ok], (margin >= 0)[ok])


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    rho=st.sampled_from([0.0, 0.5, 0.9]),
    rule=st.sampled_from(["unanimity", "eu_renewal", "partial"]),
    pi_T=st.floats(0.5, 1.0),
    r=st.floats(0.5, 1.0),
)
def test_window_endpoints_are_roots_correlated(seed, rho, rule, pi_T, r):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5))
    kw = {"lifting": "partial"} if rule == "partial" else {"rule": rule}
    c = Coalition(NAMES5[:n], list(rng.random(n) * 1.5), list(rng.random(n) * 0.3 + 0.02),
                  correlation=rho, **kw)
    sD = 2.0
    w = offramp_window(c, pi_T, r, 1.0, sD, pi_A=0.9)

    def margin(x):
        return (pi_T * c.sustain_probability() + 0.9 * c.lifted_share(x) - 1.0) * r * sD - x

    if bool(w.empty):
        xs = np.linspace(0, max(float(w.cap), 0.0), 2001)
        assert np.all(margin(xs) < 1e-9)
        return
    lo, hi = float(w.x_lo), float(w.x_hi)
    assert margin(lo) >= -1e-8 and margin(hi) >= -1e-8
    if lo > 0:
        assert margin(lo - 1e-6) < 1e-9
    assert margin(hi + 1e-6) < 1e-9
    assert float(w.best_margin) == pytest.approx(float(margin(float(w.best_x))), abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    th=st.lists(st.floats(-0.2, 1.5), min_size=1, max_size=5),
    pi_T=st.floats(0.3, 1.0),
    r=st.floats(0.3, 1.0),
    rule=st.sampled_from(["unanimity", "eu_renewal", "partial"]),
)
def test_window_known_thresholds_exact_pieces(th, pi_T, r, rule):
    """Known thresholds: the viable set is computed by hand on a 20001-point grid of [0, cap]
    from the step function G; the window's hull must contain every viable grid point and its
    ends must be viable."""
    n = len(th)
    kw = {"lifting": "partial"} if rule == "partial" else {"rule": rule}
    c = Coalition([f"M{j}" for j in range(n)], th, 0.0, **kw)
    sD = 2.0
    w = offramp_window(c, pi_T, r, 1.0, sD)
    t = np.array(th)
    S = 1.0 if rule != "eu_renewal" else float(np.all(t > 0))
    if rule == "partial":
        S = float(np.mean(t > 0))

    def G(x):
        sat = x[:, None] >= t[None, :]
        if rule == "unanimity":
            return sat.all(axis=1).astype(float)
        if rule == "eu_renewal":
            return sat.any(axis=1).astype(float)
        return sat.mean(axis=1)

    def margin(x):
        return (pi_T * S + G(x) - 1.0) * r * sD - x

    cap = (pi_T * S) * r * sD
    assert float(w.cap) == pytest.approx(cap)
    xs = np.linspace(0, max(cap, 0.0), 20001)
    ok = margin(xs) >= 0
    if not ok.any():
        assert bool(w.empty) or float(w.width) < 1e-3
        return
    assert not bool(w.empty)
    assert float(w.x_lo) <= xs[ok].min() + 1e-12 and float(w.x_hi) >= xs[ok].max() - 1e-12
    assert margin(np.array([float(w.x_lo), float(w.x_hi)])).min() >= -1e-9


def test_window_one_pass_equals_elementwise_loop():
    """The batched window (a shared fine grid over pi_T) equals a scalar loop."""
    c = Coalition(["A", "B", "C", "D"], [0.2, 0.35, 0.5, 0.3], [0.05, 0.1, 0.08, 0.2],
                  correlation=0.4, rule="quota", quota=3)
    pis = np.linspace(0.4, 1.0, 25)
    w = offramp_window(c, pis, 0.9, 1.0, 2.0, pi_A=0.95)
    for k, p in enumerate(pis):
        one = offramp_window(c, float(p), 0.9, 1.0, 2.0, pi_A=0.95)
        for name in ("x_lo", "x_hi", "empty", "contiguous", "cap"):
            np.testing.assert_allclose(getattr(w, name)[k], getattr(one, name), atol=1e-9)


# ---------------------------------------------------------------- claim 3 restated (regions)
def test_claim3_regions_on_the_corrected_model():
    """Where a unanimous coalition's window is narrower than one coercer's, and where not."""
    kw = dict(pi_T=0.9, r=0.9, s=0.1, D=9.0)
    sd = 0.05
    spread = np.array([0.0, 0.05, 0.1, 0.2])
    # holds: disagreement (different mu_j) at equal mean and uncertainty -> narrower, more so
    # with more disagreement, whatever the correlation (at rho = 1: min_j F_j = F of the
    # most demanding member)
    for rho in (0.0, 0.5, 0.9, 1.0):
        coal = Coalition(["US", "EU", "UK"], [0.3 - spread, 0.3 + 0 * spread, 0.3 + spread],
                         [sd] * 3, correlation=rho)
        cmp = compare_window(coal, **kw)
        assert np.all(cmp.coalition.width[1:] < cmp.single.width[1:] - 1e-6)
        assert np.all(np.diff(cmp.coalition.width[1:]) < 0)
    # fails 1: identical known thresholds -> equal
    known = compare_window(Coalition(["US", "EU", "UK"], [0.3] * 3, 0.0), **kw)
    assert float(known.coalition.width) == pytest.approx(float(known.single.width), abs=1e-12)
    # fails 2: identical thresholds, fully common uncertainty -> exactly one member
    common = compare_window(Coalition(["US", "EU", "UK"], [0.3] * 3, sd, correlation=1.0), **kw)
    assert float(common.coalition.width) == pytest.approx(float(common.single.width), abs=1e-12)
    # ... while independent uncertainty alone (no disagreement) narrows it
    indep = compare_window(Coalition(["US", "EU", "UK"], [0.3] * 3, sd), **kw)
    assert float(indep.coalition.width) < float(indep.single.width) - 1e-3
    # fails 3: quota-1 or the EU rule (one satisfied member lifts) -> wider with disagreement
    for rule, extra in (("quota", {"quota": 1}), ("eu_renewal", {})):
        c = Coalition(["US", "EU", "UK"], [0.3 - spread, 0.3 + 0 * spread, 0.3 + spread],
                      [sd] * 3, rule=rule, **extra)
        cmp = compare_window(c, **kw)
        assert np.all(cmp.coalition.width[1:] > cmp.single.width[1:] + 1e-6)


# ---------------------------------------------------------------- replace / inputs / bad input
def test_members_replace_and_inputs():
    c = Coalition(["US", "EU", "UK"], [0.1, 0.3, 0.5], 0.05, rule="quota", quota=2)
    assert [m.name for m in c.members] == ["US", "EU", "UK"]
    assert float(c.members[1].min_concession) == 0.3
    xs = np.linspace(0.0, 0.6, 7)
    c2 = c.replace_member(1, min_concession=xs)
    assert c2.batch_shape == (7,) and c2.rule == "quota" and c2.quota == 2.0
    for k, v in enumerate(xs):
        ck = Coalition(["US", "EU", "UK"], [0.1, float(v), 0.5], 0.05, rule="quota", quota=2)
        assert float(c2.lift_probability(0.3)[k]) == pytest.approx(float(ck.lift_probability(0.3)))
    c3 = c.with_inputs({"members[1].min_concession": xs, "correlation": 0.5})
    np.testing.assert_allclose(c3.thresholds[1], xs)
    assert float(c3.correlation) == 0.5
    inp = c.inputs()
    assert inp["members[1].min_concession"] == 0.3 and inp["quota"] == 2.0
    assert "members[0].blowback_sd" not in inp  # only for derived thresholds
    rebuilt = c.with_inputs(inp)
    np.testing.assert_allclose(rebuilt.lift_probability(xs), c.lift_probability(xs))
    assert c.replace(rule="eu_renewal").quota == 1.0
    assert c.replace(correlation=np.array([0.0, 1.0])).batch_shape == (2,)
    with pytest.raises(ParameterError, match="colour"):
        c.replace(colour=1)
    with pytest.raises(ParameterError, match=r"members\[1\]\.colour"):
        c.replace_member(1, colour=1)
    with pytest.raises(ParameterError, match="members"):
        c.replace_member(5, min_concession=0.1)
    with pytest.raises(ParameterError, match="wrong"):
        c.with_inputs({"wrong": 1})


def test_new_bad_inputs_name_the_field():
    names = ["A", "B"]
    for rho in (-0.1, 1.5):
        with pytest.raises(ParameterError, match="correlation"):
            Coalition(names, [0.1, 0.2], 0.1, correlation=rho)
    with pytest.raises(ParameterError, match="shares"):
        Coalition(names, [0.1, 0.2], shares=[0.5, 0.6])
    with pytest.raises(ParameterError, match="shares"):
        Coalition(names, [0.1, 0.2], shares=[1.2, -0.2])
    with pytest.raises(ParameterError, match="lifting"):
        Coalition(names, [0.1, 0.2], lifting="some")
    with pytest.raises(ParameterError, match="lifting"):
        Coalition(names, [0.1, 0.2], lifting="partial", rule="quota", quota=1)
    with pytest.raises(ParameterError, match="quota"):
        Coalition(names, [0.1, 0.2], rule="eu_renewal", quota=2)
    with pytest.raises(ParameterError, match="thresholds"):
        Coalition(names, [0.1, 0.2], weakening_value=[1, 1], stakes=1.0)
    with pytest.raises(ParameterError, match="stakes"):
        Coalition(names, weakening_value=[1, 1], stakes=[1.0, 0.0])
    with pytest.raises(ParameterError, match="cost_sd"):
        Coalition(names, [0.1, 0.2], cost_sd=0.1)
    with pytest.raises(ParameterError, match="threshold_sd"):
        Coalition(names, threshold_sd=0.1, weakening_value=[1, 1], stakes=1.0)
    with pytest.raises(ParameterError, match="contributions"):
        Coalition(names, [0.1, 0.2], contributions=0.0)
    with pytest.raises(ParameterError, match="correlation"):
        coalition_lift_game(Coalition(names, [0.1, 0.2], 0.1, correlation=0.5), 0.3, 0.9, 0.9, 1, 1)
    with pytest.raises(ParameterError, match="weights"):
        Coalition(names, [0.1, 0.2], rule="weighted", weights=[10**7, 1], quota=1)
    with pytest.raises(ParameterError, match="quota"):
        Coalition(names, [0.1, 0.2], rule="quota", quota=10**400)
    with pytest.raises(ParameterError, match="pi_A"):
        offramp_window(Coalition(names, [0.1, 0.2]), 0.9, 0.9, 1.0, 1.0, pi_A=2.0)
    with pytest.raises(ParameterError, match=r"members\[1\]\.weakening_value"):
        Coalition.from_members([{"name": "A", "weakening_value": 1.0, "stake": 1.0},
                                {"name": "B", "min_concession": 0.2}])


# ---------------------------------------------------------------- scenario files
SCENARIO = """\
kind = "campaign"

[coercer]
threat_credibility = 0.9

[[instruments]]
kind = "sanctions"
cost_target = 0.1
reversibility = 0.9

[demand]
concession = 0.3

[coalition]
rule = "eu_renewal"
lifting = "partial"
correlation = 0.5

[[coalition.members]]
name = "US"
min_concession = 0.1
uncertainty = 0.05
share = 0.6

[[coalition.members]]
name = "EU"
min_concession = 0.3
uncertainty = 0.05
share = 0.4
"""


def test_scenario_coalition_table_builds_the_new_model():
    from compellence.scenario import loads_scenario
    from compellence.scenario.campaign import build_coalition

    c = build_coalition(loads_scenario(SCENARIO, "s.toml").file.data)
    assert c.rule == "eu_renewal" and c.lifting == "partial" and float(c.correlation) == 0.5
    np.testing.assert_allclose(c.shares, [0.6, 0.4])
    f = stats.norm.cdf(0.3, [0.1, 0.3], 0.05)
    assert float(c.lifted_share(0.3)) == pytest.approx(0.6 * f[0] + 0.4 * f[1])
    derived = SCENARIO.replace("min_concession = 0.3\nuncertainty = 0.05",
                               "weakening_value = 0.3\nblowback = 0.1\nblowback_sd = 0.05\nstake = 0.5")
    derived = derived.replace("min_concession = 0.1\nuncertainty = 0.05",
                              "weakening_value = 0.2\nblowback = 0.1\nstake = 1.0")
    d = build_coalition(loads_scenario(derived, "s.toml").file.data)
    np.testing.assert_allclose(d.thresholds, [0.1, 0.4])
    np.testing.assert_allclose(d.threshold_sd, [0.0, 0.1])


@pytest.mark.parametrize("edit,key", [
    (("correlation = 0.5", "correlation = 1.5"), "coalition.correlation"),
    (("rule = \"eu_renewal\"", "rule = \"veto\""), "coalition.rule"),
    (("share = 0.4", "share = 0.3"), "coalition.members"),
    (("lifting = \"partial\"", "lifting = \"partial\"\nrule = \"quota\"\nquota = 1"), None),
    (("share = 0.4", "share = 0.4\nblowback_sd = 0.1"), "coalition.members[1].blowback_sd"),
])
def test_scenario_coalition_bad_input_named(edit, key):
    from compellence.errors import CompellenceError
    from compellence.scenario import loads_scenario

    text = SCENARIO.replace(*edit)
    if key is None:  # rule given twice: a TOML error, still a CompellenceError
        text = SCENARIO.replace('rule = "eu_renewal"\n', "").replace(*edit)
        key = "coalition.lifting"
    with pytest.raises(CompellenceError) as err:
        loads_scenario(text, "s.toml").coalition()
    assert key in str(err.value)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_member_lift_condition_against_its_game_tree(seed):
    """Member j's choice (module docstring): lift for b x per period or keep w - c; the
    one-decision tree solved by cp.spe lifts exactly at x >= (w - c) / b."""
    from compellence.games.nodes import decision, outcome
    from compellence.games.tree import Game

    rng = np.random.default_rng(seed)
    w, c, b = rng.random() * 0.5, rng.random() * 0.3, rng.random() + 0.2
    x = np.linspace(0.0, 1.0, 21)
    g = Game(["Member"], decision("Member", {"lift": outcome(Member=b * x),
                                             "keep": outcome(Member=(w - c) + 0 * x)}))
    lifts = cp.spe(g).strategy["root"]["lift"] > 0.5
    xj = float(Coalition(["M"], weakening_value=[w], costs=[c], stakes=[b]).thresholds[0])
    assert xj == pytest.approx((w - c) / b)
    ok = np.abs(b * x - (w - c)) > 1e-12
    np.testing.assert_array_equal(lifts[ok], (x >= xj)[ok])


def test_window_with_margin_terms_by_hand():
    """All margin terms: M(x) = (pi_T S phi + pi_A G(x) - 1)(r s D + Z) - x - cc + L."""
    c = Coalition(["A", "B", "C"], [0.2, 0.3, 0.45], [0.05, 0.1, 0.05], rule="eu_renewal",
                  correlation=0.3)
    kw = dict(pi_A=0.9, compliance_cost=0.05, threat_factor=0.8, escalation_cost=0.3,
              resistance_cost=0.1)
    pi_T, r, s, D = 0.85, 0.8, 0.1, 9.0
    w = offramp_window(c, pi_T, r, s, D, **kw)

    def margin(x):
        S = c.sustain_probability()
        return ((pi_T * S * 0.8 + 0.9 * c.lifted_share(x) - 1) * (r * s * D + 0.3) - x - 0.05
                + 0.1)

    assert not bool(w.empty)
    assert float(w.cap) == pytest.approx(float((pi_T * c.sustain_probability() * 0.8 + 0.9 - 1)
                                               * (r * s * D + 0.3) - 0.05 + 0.1))
    for end in (float(w.x_hi),) + ((float(w.x_lo),) if float(w.x_lo) > 0 else ()):
        assert abs(float(margin(end))) < 1e-9
    # Coalition.margin is offramp_margin with pi_T S and pi_A G(x) (delta from D = delta/(1-delta))
    delta = D / (1 + D)
    xs = np.linspace(0, 1, 11)
    np.testing.assert_allclose(
        c.margin(xs, s, delta, pi_T, 0.9, r, compliance_cost=0.05, threat_factor=0.8,
                 escalation_cost=0.3, resistance_cost=0.1), margin(xs), atol=1e-12)


def test_frozen_scipy_margins_with_correlation_equal_the_named_family():
    th, sd = [0.2, 0.4, 0.35], [0.05, 0.1, 0.08]
    named = Coalition(["A", "B", "C"], th, sd, correlation=0.6, rule="quota", quota=2)
    frozen = Coalition(["A", "B", "C"], dist=[stats.norm(m, v) for m, v in zip(th, sd)],
                       correlation=0.6, rule="quota", quota=2)
    x = np.linspace(0.0, 0.8, 17)
    np.testing.assert_allclose(frozen.lift_probability(x), named.lift_probability(x), atol=1e-9)
    assert "members[1].uncertainty" not in frozen.inputs()
    with pytest.raises(ParameterError, match=r"members\[1\]\.uncertainty"):
        frozen.replace_member(1, uncertainty=0.2)
    moved = frozen.replace_member("B", blowback=2.0)  # keeps the scipy distributions
    np.testing.assert_allclose(moved.lift_probability(x), named.lift_probability(x), atol=1e-9)


@pytest.mark.parametrize("rule,kw", [("unanimity", {}), ("eu_renewal", {}), ("quota", {"quota": 2})])
def test_one_common_shock_with_own_noise_matches_monte_carlo(rule, kw):
    """The issue's form x_j = mu_j + sigma_c Z + sigma_j e_j, simulated directly (200k draws,
    fixed seed, 5 standard errors + 1e-4): per-member common shares
    rho_j = sigma_c^2 / (sigma_c^2 + sigma_j^2)."""
    mu = np.array([0.2, 0.3, 0.45])
    sig_c, sig = 0.08, np.array([0.02, 0.1, 0.05])
    sd = np.sqrt(sig_c**2 + sig**2)
    c = Coalition(["A", "B", "C"], list(mu), list(sd), rule=rule,
                  correlation=list(sig_c**2 / sd**2), **kw)
    rng = np.random.default_rng(11)
    N = 200_000
    x_j = mu + sig_c * rng.standard_normal((N, 1)) + sig * rng.standard_normal((N, 3))
    for x in (0.2, 0.3, 0.4):
        sat = x_j <= x
        p_mc = (sat.all(axis=1) if rule == "unanimity" else sat.any(axis=1) if rule == "eu_renewal"
                else sat.sum(axis=1) >= 2).mean()
        se = np.sqrt(max(p_mc * (1 - p_mc), 1e-6) / N)
        assert float(c.lift_probability(x)) == pytest.approx(p_mc, abs=5 * se + 1e-4)
    if rule == "eu_renewal":
        p_mc = (x_j > 0).all(axis=1).mean()
        se = np.sqrt(max(p_mc * (1 - p_mc), 1e-6) / N)
        assert float(c.sustain_probability()) == pytest.approx(p_mc, abs=5 * se + 1e-4)
    # the window is one batched pass here too, and equals the scalar loop
    pis = np.linspace(0.6, 1.0, 5)
    w = offramp_window(c, pis, 0.9, 0.1, 9.0)
    for k, p in enumerate(pis):
        one = offramp_window(c, float(p), 0.9, 0.1, 9.0)
        assert float(w.x_lo[k]) == pytest.approx(float(one.x_lo), abs=1e-9)
        assert float(w.x_hi[k]) == pytest.approx(float(one.x_hi), abs=1e-9)
    # equal shares per member = the scalar correlation; subset keeps each member's share
    same = Coalition(["A", "B", "C"], list(mu), list(sd), rule=rule, correlation=[0.4] * 3, **kw)
    np.testing.assert_allclose(same.lift_probability(mu), c.replace(correlation=0.4)
                               .lift_probability(mu), atol=1e-14)
    assert c.subset(["A", "C"]).correlation.tolist() == pytest.approx([c.correlation[0],
                                                                        c.correlation[2]])
    with pytest.raises(ParameterError, match="correlation"):
        Coalition(["A", "B"], [0.1, 0.2], 0.1, correlation=[1.0, 0.5])
    with pytest.raises(ParameterError, match="correlation"):
        Coalition(["A", "B"], [0.1, 0.2], 0.1, correlation=[1.2, 0.5])
    with pytest.raises(ParameterError, match="correlation"):
        Coalition(["A", "B"], [0.1, 0.2], 0.1, correlation=[0.2])
