"""Domain network builders."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy import stats

import compellence.cascades as cc
from compellence.errors import ParameterError


def test_military_hierarchy_structure():
    g = cc.military_hierarchy()  # squad 9, platoon 3, company 3, battalion 3
    squads = 27
    assert g.number_of_nodes() == squads * 9 + 9 + 3 + 1
    assert nx.is_connected(g)
    ranks = nx.get_node_attributes(g, "rank")
    assert sum(r == 0 for r in ranks.values()) == squads * 8
    assert sum(r == 1 for r in ranks.values()) == squads
    assert sum(r == 4 for r in ranks.values()) == 1
    top = [v for v, r in ranks.items() if r == 4][0]
    assert g.nodes[top]["role"] == "battalion commander"
    assert g.degree(top) == 3  # his three company commanders
    # a squad is a clique of 9
    soldier = next(v for v, r in ranks.items() if r == 0)
    squad = g.nodes[soldier]["squad"]
    members = [v for v, d in g.nodes(data=True) if d.get("squad") == squad and d["rank"] <= 1]
    assert len(members) == 9
    assert g.subgraph(members).number_of_edges() == 36
    assert g.degree(soldier) == 8


def test_military_hierarchy_options():
    g = cc.military_hierarchy((("squad", 4), ("platoon", 2)), squad_clique=False,
                              peer_links=False)
    assert g.number_of_nodes() == 9 and nx.is_tree(g)
    g2 = cc.military_hierarchy((("squad", 10), ("platoon", 4)), cross_squad_p=0.2, seed=1)
    g3 = cc.military_hierarchy((("squad", 10), ("platoon", 4)), cross_squad_p=0.0)
    assert g2.number_of_edges() > g3.number_of_edges()
    with pytest.raises(ParameterError, match="echelons"):
        cc.military_hierarchy([("squad", 1)])
    with pytest.raises(ParameterError, match="cross_squad_p"):
        cc.military_hierarchy(cross_squad_p=2)


def test_diplomatic_corps():
    g = cc.diplomatic_corps(n_departments=4, staff_per_department=5, n_embassies=10,
                            embassy_staff=3, seed=3)
    assert g.number_of_nodes() == 1 + 3 + 4 * 6 + 10 * 4
    assert nx.is_connected(g)
    sen = nx.get_node_attributes(g, "seniority")
    assert sen["minister"] == 5 and all(1 <= s <= 5 for s in sen.values())
    amb = [v for v, d in g.nodes(data=True) if d["role"] == "ambassador"]
    assert len(amb) == 10
    assert all(g.has_edge(a, f"{g.nodes[a]['region']}/head") for a in amb)
    same = cc.diplomatic_corps(n_departments=4, staff_per_department=5, n_embassies=10,
                               embassy_staff=3, seed=3)
    assert set(g.edges) == set(same.edges)


def test_diaspora_networks():
    sw = cc.diaspora_network(500, k=6, p=0.1, seed=1)
    assert sw.number_of_nodes() == 500 and sw.number_of_edges() == 1500
    assert nx.average_clustering(sw) > 0.3
    cm = cc.diaspora_network(2000, "configuration", degrees=stats.poisson(5), seed=2)
    deg = np.array([d for _, d in cm.degree()])
    assert abs(deg.mean() - 5) < 0.3
    assert nx.number_of_selfloops(cm) == 0
    seq = [3] * 100
    cm2 = cc.diaspora_network(100, "configuration", degrees=seq, seed=3)
    assert max(d for _, d in cm2.degree()) <= 3
    with pytest.raises(ParameterError, match="kind"):
        cc.diaspora_network(10, "lattice")
    with pytest.raises(ParameterError, match="k"):
        cc.diaspora_network(10, k=3)
    with pytest.raises(ParameterError, match="degrees"):
        cc.diaspora_network(10, "configuration")


def test_builders_feed_cascades():
    g = cc.diplomatic_corps(seed=1)
    r = cc.threshold_cascade(g, 0.3, seeds=["deputy0", "dept0/head"])
    assert r.size >= 2 and set(r.final_set) >= {"deputy0", "dept0/head"}
