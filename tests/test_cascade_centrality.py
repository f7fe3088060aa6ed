"""Core numbers and betweenness on the sparse adjacency, against networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

import compellence.cascades as cc
from compellence.cascades.centrality import betweenness, core_number
from compellence.errors import GraphError, ParameterError


def random_graph(seed: int, directed: bool) -> nx.Graph:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 80))
    g = nx.gnp_random_graph(n, float(rng.uniform(0.02, 0.3)), seed=seed, directed=directed)
    g.add_edge(0, 0)  # a self-loop: dropped by the cascade graph and by the reference
    return nx.relabel_nodes(g, {v: f"n{v}" for v in g})  # labels are not indices


def reference(g: nx.Graph) -> nx.Graph:
    h = g.copy()
    h.remove_edges_from(nx.selfloop_edges(h))
    return h


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(12))
def test_core_number_equals_networkx(seed, directed):
    g = random_graph(seed, directed)
    expect = nx.core_number(reference(g))
    np.testing.assert_array_equal(core_number(g), [expect[v] for v in g])
    # the same graph as a sparse matrix (labels 0..n-1)
    a = nx.to_scipy_sparse_array(reference(g), format="csr")
    np.testing.assert_array_equal(core_number(a), [expect[v] for v in g])


def test_core_number_long_path_and_clique():
    path = nx.path_graph(3000)
    np.testing.assert_array_equal(core_number(path), 1)
    k = nx.complete_graph(7)
    k.add_edge(6, 7)
    np.testing.assert_array_equal(core_number(k), [6] * 7 + [1])


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_exact_betweenness_equals_networkx(seed, directed):
    g = random_graph(seed, directed)
    expect = nx.betweenness_centrality(reference(g))
    b = betweenness(g)
    assert b.exact and b.error() == 0.0
    np.testing.assert_allclose(b.scores, [expect[v] for v in g], rtol=0, atol=1e-12)


@pytest.mark.parametrize("directed", [False, True])
def test_sampled_betweenness_within_the_stated_error(directed):
    g = nx.gnp_random_graph(300, 0.02, seed=3, directed=directed)
    exact = np.array([v for v in nx.betweenness_centrality(g).values()])
    for seed in range(5):
        b = betweenness(g, 60, rng=seed)
        assert not b.exact and b.pivots.size == 60 and np.unique(b.pivots).size == 60
        # Hoeffding, all nodes at once, alpha = 1e-3: n/(n-1) sqrt(ln(2n/alpha)/(2k))
        eps = b.error(1e-3, all_nodes=True)
        assert eps == pytest.approx(300 / 299 * np.sqrt(np.log(2 * 300 / 1e-3) / 120))
        assert np.max(np.abs(b.scores - exact)) <= eps
    # the estimate is unbiased: averaged over many pivot samples it approaches the exact
    mean = np.mean([betweenness(g, 60, rng=s).scores for s in range(40)], axis=0)
    assert np.max(np.abs(mean - exact)) < 0.25 * np.max(exact)


def test_betweenness_bad_input():
    g = nx.path_graph(5)
    with pytest.raises(ParameterError, match="samples"):
        betweenness(g, 0)
    with pytest.raises(ParameterError, match="alpha"):
        betweenness(g, 2, rng=1).error(1.5)


def test_seeding_strategies_use_the_sparse_routines():
    g = nx.relabel_nodes(nx.gnp_random_graph(200, 0.03, seed=1), lambda v: f"u{v}")
    cn = nx.core_number(g)
    deg = dict(g.degree())
    picked = cc.select_nodes(g, 10, "kcore")
    labels = list(g)
    order = sorted(range(200), key=lambda i: (-cn[labels[i]], -deg[labels[i]], i))[:10]
    assert picked == [labels[i] for i in sorted(order)]
    bc = nx.betweenness_centrality(g)
    top = sorted(range(200), key=lambda i: (-bc[labels[i]], i))[:5]
    assert cc.select_nodes(g, 5, "betweenness", betweenness_samples=None) == \
        [labels[i] for i in sorted(top)]
    # a sparse matrix and its networkx graph pick the same nodes
    a = sp.csr_array(nx.to_scipy_sparse_array(g))
    assert cc.select_nodes(a, 10, "kcore") == sorted(order)


def test_index_seed_arrays_on_sparse_graphs_match_label_lists():
    a = cc.erdos_renyi_csr(500, 6, seed=2)
    sets = [np.array([3, 7, 7, 11]), np.array([0, 499])]
    by_index = cc.batch_cascades(a, 0.15, seed_sets=sets)
    by_label = cc.batch_cascades(a, 0.15, seed_sets=[s.tolist() for s in sets])
    np.testing.assert_array_equal(by_index.active, by_label.active)
    with pytest.raises(GraphError, match="500"):
        cc.batch_cascades(a, 0.15, seed_sets=[np.array([1, 500])])
