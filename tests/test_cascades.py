"""Threshold cascades: the core rule, batching, labels, bad input."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import compellence.cascades as cc
from compellence.errors import GraphError, ParameterError


def nx_threshold_loop(g: nx.Graph, thresholds: dict, seeds, kind="fraction"):
    """A straightforward networkx reference implementation (synchronous rounds)."""
    active = set(seeds)
    series = [len(active)]
    while True:
        new = []
        for v in g.nodes:
            if v in active:
                continue
            nb = list(g.predecessors(v)) if g.is_directed() else list(g.neighbors(v))
            m = sum(1 for u in nb if u in active)
            th = thresholds[v]
            if kind == "fraction":
                ok = th <= 0 or (len(nb) > 0 and m >= th * len(nb) - 1e-9)
            else:
                ok = m >= th - 1e-9
            if ok:
                new.append(v)
        if not new:
            return active, series
        active.update(new)
        series.append(len(active))


# ---------------------------------------------------------------- Granovetter's riot
def test_granovetter_riot_uniform_ladder_vs_one_changed():
    """Granovetter (1978): thresholds 0..99 give a riot of 100; change the 1 to a 2: 1."""
    ladder = np.arange(100)
    assert cc.granovetter_riot(ladder).size == 100
    changed = ladder.copy()
    changed[1] = 2
    assert cc.granovetter_riot(changed).size == 1
    # the same two crowds on a complete graph with absolute thresholds
    k100 = nx.complete_graph(100)
    r = cc.threshold_cascade(k100, ladder, kind="count")
    assert r.size == 100 and r.rounds == 100
    np.testing.assert_array_equal(r.series, np.arange(101))
    r2 = cc.threshold_cascade(k100, changed, kind="count")
    assert r2.size == 1 and r2.final_set == [0]


def test_riot_refuses_negative_thresholds():
    with pytest.raises(ParameterError, match="thresholds"):
        cc.granovetter_riot([0, -1, 2])


# ---------------------------------------------------------------- core rule
def test_fraction_rule_small_path():
    g = nx.path_graph(["a", "b", "c", "d"])
    r = cc.threshold_cascade(g, 0.5, seeds=["a"])
    assert r.final_set == ["a", "b", "c", "d"]
    assert r.rounds == 3
    assert list(r.adoption_round) == [0, 1, 2, 3]
    r = cc.threshold_cascade(g, {"a": 0.5, "b": 0.5, "c": 0.51, "d": 0.5}, seeds=["a"])
    assert r.final_set == ["a", "b"]
    frame = r.to_frame()
    assert list(frame.columns) == ["round", "new", "active", "share"]
    assert frame["active"].iloc[-1] == 2
    assert "CascadeResult(size=2/4" in repr(r)
    assert isinstance(r.nodes_frame(), pd.DataFrame)


def test_instigators_and_isolated_nodes():
    g = nx.Graph()
    g.add_nodes_from(range(4))
    g.add_edge(0, 1)
    r = cc.threshold_cascade(g, [0.0, 0.5, 0.0, 0.2])
    # 0 and 2 are instigators (threshold 0); 1 follows 0; 3 is isolated with phi > 0
    assert r.final_set == [0, 1, 2]
    assert list(r.adoption_round) == [1, 2, 1, -1]


def test_complex_contagion_needs_two_neighbours():
    """Centola & Macy (2007): with theta = 2 a single seed on a ring spreads nowhere,
    two adjacent seeds on a ring lattice with k = 4 spread everywhere."""
    ring = nx.watts_strogatz_graph(40, 4, 0.0, seed=1)
    assert cc.threshold_cascade(ring, 2, seeds=[0], kind="count").size == 1
    assert cc.threshold_cascade(ring, 2, seeds=[0, 1], kind="count").size == 40


def test_directed_influence_follows_edges():
    g = nx.DiGraph([("boss", "a"), ("boss", "b"), ("a", "b")])
    r = cc.threshold_cascade(g, 1.0, seeds=["boss"])
    assert set(r.final_set) == {"boss", "a", "b"}
    r = cc.threshold_cascade(g, 1.0, seeds=["a"])  # b also watches boss: needs both
    assert set(r.final_set) == {"a"}
    r = cc.threshold_cascade(g, 1, seeds=["a"], kind="count")
    assert set(r.final_set) == {"a", "b"}


def test_weighted_edges():
    g = nx.Graph()
    g.add_edge("x", "y", w=3.0)
    g.add_edge("z", "y", w=1.0)
    # y weighs x 3/4 >= 0.7, then z follows its only neighbour y
    assert cc.threshold_cascade(g, 0.7, seeds=["x"], weight="w").final_set == ["x", "y", "z"]
    assert cc.threshold_cascade(g, 0.7, seeds=["z"], weight="w").final_set == ["z"]
    assert cc.threshold_cascade(g, 0.7, seeds=["x"]).final_set == ["x"]  # unweighted: 1/2


def test_external_exposure_and_punishment():
    g = nx.path_graph(5)
    assert cc.threshold_cascade(g, 0.5, external=0.5).size == 5
    assert cc.threshold_cascade(g, 2, kind="count", external={2: 2}).final_set == [2]
    r = cc.threshold_cascade(g, 0.5, seeds=[0], punish_prob=1.0)
    assert r.size == 0 and r.punished.tolist() == [True, False, False, False, False]
    r = cc.threshold_cascade(g, 0.5, seeds=[0], max_rounds=2)
    assert r.size == 3 and not r.converged


def test_sparse_input_and_node_labels():
    a = sp.csr_array(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float))
    r = cc.threshold_cascade(a, 0.5, seeds=[0])
    assert r.final_set == [0, 1, 2]
    cg = cc.as_cascade_graph(a)
    assert not cg.directed and cg.n_edges == 2
    d = sp.csr_array(np.array([[0, 1], [0, 0]], dtype=float))
    assert cc.as_cascade_graph(d).directed


def test_erdos_renyi_csr_is_a_simple_symmetric_graph():
    a = cc.erdos_renyi_csr(2000, 8.0, seed=3)
    assert (a != a.T).nnz == 0
    assert a.diagonal().sum() == 0
    assert set(np.unique(a.data)) == {1.0}
    z = a.nnz / 2000
    assert abs(z - 8.0) < 0.5
    b = cc.erdos_renyi_csr(2000, 8.0, seed=3)
    assert (a != b).nnz == 0


def test_against_networkx_reference_loop():
    g = nx.gnp_random_graph(300, 0.02, seed=4)
    rng = np.random.default_rng(5)
    thr = rng.uniform(0.0, 0.4, 300)
    seeds = list(rng.choice(300, 5, replace=False))
    ref, series = nx_threshold_loop(g, dict(enumerate(thr)), seeds)
    r = cc.threshold_cascade(g, thr, seeds=seeds)
    assert set(r.final_set) == ref
    assert r.series.tolist() == series


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(3, 40),
    p=st.floats(0.05, 0.5),
    directed=st.booleans(),
    kind=st.sampled_from(["fraction", "count"]),
    seed=st.integers(0, 10_000),
)
def test_property_matches_networkx_loop(n, p, directed, kind, seed):
    g = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    rng = np.random.default_rng(seed)
    thr = rng.uniform(0, 1, n) if kind == "fraction" else rng.integers(0, 4, n).astype(float)
    seeds = list(rng.choice(n, int(rng.integers(0, 3)), replace=False))
    ref, series = nx_threshold_loop(g, dict(enumerate(thr)), seeds, kind)
    r = cc.threshold_cascade(g, thr, seeds=seeds, kind=kind)
    assert set(r.final_set) == ref
    assert r.series.tolist() == series


# ---------------------------------------------------------------- batching
def test_batched_equals_one_at_a_time():
    a = cc.erdos_renyi_csr(3000, 6.0, seed=11)
    rng = np.random.default_rng(12)
    runs = 40
    thr = np.clip(rng.normal(0.2, 0.08, size=(runs, 3000)), 0, 1)
    seed_sets = [rng.choice(3000, int(rng.integers(1, 30)), replace=False) for _ in range(runs)]
    b = cc.batch_cascades(a, thr, seed_sets=seed_sets)
    assert len(b) == runs
    for j in range(runs):
        r = cc.threshold_cascade(a, thr[j], seeds=seed_sets[j])
        np.testing.assert_array_equal(r.active, b.active[j])
        np.testing.assert_array_equal(r.adoption_round, b.adoption_round[j])
        np.testing.assert_array_equal(r.series, b[j].series)
        assert r.rounds == b.rounds[j]
    assert b.to_frame().shape == (runs, 7)
    assert set(b.series_frame().columns) == {"run", "round", "active", "share"}


@settings(max_examples=20, deadline=None)
@given(n=st.integers(2, 60), z=st.floats(0.5, 6), kind=st.sampled_from(["fraction", "count"]),
       weighted=st.booleans(), seed=st.integers(0, 10_000))
def test_property_batched_equals_single(n, z, kind, weighted, seed):
    rng = np.random.default_rng(seed)
    a = cc.erdos_renyi_csr(n, min(z, n - 1), seed=seed)
    if weighted:
        a = a.copy()
        a.data = rng.uniform(0.5, 2.0, a.data.size)
        a = (a + a.T) / 2
    runs = 6
    thr = (rng.uniform(0, 0.6, (runs, n)) if kind == "fraction"
           else rng.integers(0, 4, (runs, n)).astype(float))
    seeds = [rng.choice(n, int(rng.integers(0, min(n, 3) + 1)), replace=False)
             for _ in range(runs)]
    b = cc.batch_cascades(a, thr, seed_sets=seeds, kind=kind)
    for j in range(runs):
        r = cc.threshold_cascade(a, thr[j], seeds=seeds[j], kind=kind)
        np.testing.assert_array_equal(r.active, b.active[j])
        np.testing.assert_array_equal(r.series, b[j].series)


def test_batch_with_distribution_and_random_seeds_is_reproducible():
    g = nx.watts_strogatz_graph(500, 6, 0.1, seed=2)
    b1 = cc.batch_cascades(g, stats.norm(0.25, 0.1), n_random_seeds=3, n_runs=20, rng=9)
    b2 = cc.batch_cascades(g, stats.norm(0.25, 0.1), n_random_seeds=3, n_runs=20, rng=9)
    np.testing.assert_array_equal(b1.active, b2.active)
    assert all(s.size == 3 for s in b1.seeds)
    assert "BatchCascadeResult(runs=20" in repr(b1)


def test_batch_punishment_statistics():
    """With q = 1 every seed is caught and nothing spreads, in every run."""
    g = nx.complete_graph(30)
    b = cc.batch_cascades(g, 0.0, seeds=[0, 1], n_runs=5, punish_prob=1.0)
    assert b.sizes.tolist() == [0] * 5
    assert b.punished.sum() == 5 * 30  # seeds caught, instigators caught
    b = cc.batch_cascades(g, 0.5, seeds=list(range(15)), n_runs=200, punish_prob=0.3, rng=1)
    caught_seeds = b.punished[:, :15].mean()
    assert abs(caught_seeds - 0.3) < 0.03


# ---------------------------------------------------------------- bad input
def test_bad_thresholds_are_named():
    g = nx.path_graph(["a", "b", "c"])
    with pytest.raises(ParameterError, match=r"thresholds.*node 'b'.*\[0, 1\]"):
        cc.threshold_cascade(g, [0.1, 1.5, 0.2])
    with pytest.raises(ParameterError, match=r"thresholds.*node 'c'"):
        cc.threshold_cascade(g, [0.1, 0.5, -0.2], kind="count")
    with pytest.raises(ParameterError, match="thresholds: has 2 entries but the graph has 3"):
        cc.threshold_cascade(g, [0.1, 0.2])
    with pytest.raises(GraphError, match="no threshold given for node 'c'"):
        cc.threshold_cascade(g, {"a": 0.1, "b": 0.2})
    with pytest.raises(ParameterError, match="thresholds"):
        cc.threshold_cascade(g, [0.1, float("nan"), 0.2])
    with pytest.raises(ParameterError, match="kind"):
        cc.threshold_cascade(g, 0.1, kind="share")


def test_seeds_not_in_graph_are_named():
    g = nx.path_graph(["a", "b", "c"])
    with pytest.raises(GraphError, match="seeds: node 'z' is not in the graph"):
        cc.threshold_cascade(g, 0.5, seeds=["a", "z"])
    with pytest.raises(GraphError, match=r"seed_sets\[1\]: node 7"):
        cc.batch_cascades(g, 0.5, seed_sets=[["a"], [7]])
    a = cc.erdos_renyi_csr(10, 2, seed=1)
    with pytest.raises(GraphError, match="node 10 is not in the graph"):
        cc.threshold_cascade(a, 0.5, seeds=[10])


def test_directed_where_undirected_needed_and_reverse():
    dg = nx.DiGraph([(0, 1), (1, 2)])
    with pytest.raises(GraphError, match="directed graph was given where an undirected"):
        cc.threshold_cascade(dg, 0.5, seeds=[0], directed=False)
    with pytest.raises(GraphError, match="undirected graph was given where a directed"):
        cc.threshold_cascade(nx.path_graph(3), 0.5, seeds=[0], directed=True)
    with pytest.raises(GraphError, match="directed graph was given where an undirected"):
        cc.watts_condition(dg, 0.2)
    with pytest.raises(GraphError, match="graph: expected a networkx graph"):
        cc.threshold_cascade([[0, 1], [1, 0]], 0.5)


def test_other_bad_arguments():
    g = nx.path_graph(3)
    with pytest.raises(ParameterError, match="punish_prob"):
        cc.threshold_cascade(g, 0.5, punish_prob=1.5)
    with pytest.raises(ParameterError, match="n_runs"):
        cc.batch_cascades(g, 0.5)
    with pytest.raises(ParameterError, match="external"):
        cc.threshold_cascade(g, 0.5, external=[-1, 0, 0])
    with pytest.raises(ParameterError, match="n"):
        cc.erdos_renyi_csr(1, 2)
    with pytest.raises(ParameterError, match="mean_degree"):
        cc.erdos_renyi_csr(10, 20)


# ---------------------------------------------------------------- resolve_thresholds, every path
class _Broken:
    """A distribution-like object whose draws fail."""

    def cdf(self, x):
        return x

    def rvs(self, size=None, random_state=None):
        raise RuntimeError("broken")


def test_resolve_thresholds_every_kind_of_spec_and_every_refusal():
    """Each spec form gives the documented array; each refusal names the argument (the
    messages of the function before it was split by job)."""
    g = nx.path_graph(3)
    nx.set_node_attributes(g, {0: 0.1, 1: 0.2, 2: 0.3}, "phi")
    cg = cc.as_cascade_graph(g)
    rt = cc.resolve_thresholds
    assert rt(0.25, cg).tolist() == [0.25] * 3
    assert rt("phi", cg).tolist() == [0.1, 0.2, 0.3]
    assert rt({2: 1.0, 0: 0.0, 1: np.inf}, cg).tolist() == [0.0, np.inf, 1.0]
    assert rt([[0, 1, 2], [3, 4, 5]], cg, "count", n_runs=2).shape == (2, 3)
    # draws: scipy's own draws with the same generator, clipped as documented
    raw = stats.norm(0.5, 1.0).rvs(size=(4, 3), random_state=np.random.default_rng(7))
    want = np.where(raw > 1, np.inf, np.maximum(raw, 0.0))
    np.testing.assert_array_equal(rt(stats.norm(0.5, 1.0), cg, n_runs=4, rng=7), want)
    np.testing.assert_array_equal(rt(stats.norm(0.5, 1.0), cg, "count", n_runs=4, rng=7),
                                  np.maximum(raw, 0.0))
    sparse_cg = cc.as_cascade_graph(sp.csr_array(nx.to_numpy_array(g)))
    refusals = [
        (lambda: rt("phi", sparse_cg), GraphError, "thresholds: node attribute 'phi' needs a "
         "networkx graph"),
        (lambda: rt("psi", cg), GraphError, "thresholds: node 0 has no attribute 'psi'"),
        (lambda: rt({0: 0.1, 1: 0.1}, cg), GraphError, "thresholds: no threshold given for node 2"),
        (lambda: rt(["a", "b", "c"], cg), ParameterError, "must be numbers"),
        (lambda: rt([0.1, 0.2], cg), ParameterError, "has 2 entries but the graph has 3 nodes"),
        (lambda: rt(np.zeros((2, 2)), cg), ParameterError,
         "a 2-d array must be (n_runs, n) with n = 3 nodes; got (2, 2)"),
        (lambda: rt(np.zeros((2, 3)), cg, n_runs=3), ParameterError,
         "has 2 rows but there are 3 runs"),
        (lambda: rt(np.zeros((1, 2, 3)), cg), ParameterError,
         "must be 0-, 1- or 2-dimensional; got shape (1, 2, 3)"),
        (lambda: rt([0.1, 1.5, 0.2], cg), ParameterError,
         "fraction threshold 1.5 of node 1 is outside [0, 1] (or inf)"),
        (lambda: rt([[0, 0, 0], [0, -1, 0]], cg, "count"), ParameterError,
         "count threshold -1 of node 1 in run 1 is outside [0, inf]"),
        (lambda: rt([0.1, np.nan, 0.2], cg), ParameterError, "fraction threshold nan of node 1"),
        (lambda: rt(stats.norm(np.nan, 1.0), cg), ParameterError,
         "the distribution produced NaN draws"),
        (lambda: rt(_Broken(), cg), ParameterError, "cannot draw from the distribution: broken"),
    ]
    for call, cls, text in refusals:
        with pytest.raises(cls) as info:
            call()
        assert text in str(info.value), (text, str(info.value))
        if cls is ParameterError:
            assert str(info.value).startswith("thresholds: ")
