"""compellence.games.svg: tree layout and the dependency-free SVG drawing of a game."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

import compellence as cp
from compellence.errors import ParameterError
from compellence.games.svg import game_to_svg, svg_repr, tree_layout

NS = "{http://www.w3.org/2000/svg}"


def threat_game(p=0.7, title="Compellence & <threat>"):
    return cp.Game(
        ["Coercer", "Target"],
        cp.decision("Coercer", {
            "demand": cp.decision("Target", {
                "comply": cp.outcome(1.0, -1.0),
                "resist": cp.chance({
                    "resolved": (p, cp.outcome(-1.0, -3.0)),
                    "bluff": (1 - np.asarray(p), cp.outcome(-2.0, 0.0)),
                }),
            }),
            "status quo": cp.outcome(0.0, 0.0),
        }),
        title=title,
    )


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML (titles with & and < are escaped)
    assert root.tag == f"{NS}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def test_layout_leaves_evenly_spaced_parents_centred():
    g = threat_game()
    x, y = tree_layout(g)
    leaves = [i for i in g.walk() if g.kind[i] == cp.games.TERMINAL]
    assert [x[i] for i in leaves] == [0.0, 1.0, 2.0, 3.0]
    for i in range(g.n_nodes):
        kids = list(g.children(i))
        if kids:
            assert x[i] == 0.5 * (x[kids[0]] + x[kids[-1]])
            assert all(y[k] == y[i] + 1 for k in kids)
    assert y[0] == 0


def test_svg_labels_players_edges_chance_probabilities_and_payoffs():
    g = threat_game()
    root = parse(game_to_svg(g))
    t = texts(root)
    assert "Compellence & <threat>" in t  # the title, unescaped by the parser
    for s in ("Coercer", "Target", "Chance", "demand", "status quo", "comply",
              "resolved (0.7)", "bluff (0.3)", "-3", "-2"):
        assert s in t, s
    lines = list(root.iter(f"{NS}line"))
    assert len(lines) == g.n_nodes - 1
    assert not [ln for ln in lines if ln.get("stroke") == "#C0392B"]  # no solution: no path


def test_svg_highlights_the_equilibrium_path():
    g = threat_game()
    sol = cp.spe(g)
    root = parse(game_to_svg(g, sol))
    red = [ln for ln in root.iter(f"{NS}line")
           if ln.get("stroke") == "#C0392B" and ln.get("class") == "edge"]
    assert len(red) == len(sol.path()) == 2
    red_text = {t.text for t in root.iter(f"{NS}text")
                if t.get("fill") == "#C0392B" and t.get("class") != "legend"}
    assert red_text == {"demand", "comply"}


def test_svg_batched_game_by_index_or_ranges_and_mixed_labels():
    g = threat_game(np.array([0.2, 0.7]), title="")
    sol = cp.spe(g)
    assert "resolved (0.2..0.7)" in texts(parse(game_to_svg(g)))
    one = parse(game_to_svg(g, sol, index=1))
    assert "resolved (0.7)" in texts(one)
    assert len([ln for ln in one.iter(f"{NS}line") if ln.get("stroke") == "#C0392B"
                and ln.get("class") == "edge"]) == 2
    with pytest.raises(ParameterError, match="give index"):
        game_to_svg(g, sol)
    h = cp.Game(["A", "B"], cp.decision("A", {
        "l": cp.decision("B", {"x": cp.outcome(1, 1), "y": cp.outcome(0, 0)}, infoset="b"),
        "r": cp.decision("B", {"x": cp.outcome(0, 0), "y": cp.outcome(1, 1)}, infoset="b"),
    }))

    class Mixed:
        edge_prob = np.array([1.0, 0.25, 0.75, 0.5, 0.5, 0.5, 0.5])

    root = parse(game_to_svg(h, Mixed()))
    assert "l [0.25]" in texts(root)
    arcs = [p for p in root.iter(f"{NS}path") if p.get("class") == "infoset"]
    assert len(arcs) == 1  # the information set of B


def test_svg_validation_and_repr_helper():
    g = threat_game()
    with pytest.raises(ParameterError, match="needs a Game"):
        game_to_svg("tree")
    with pytest.raises(ParameterError, match="max_nodes=3"):
        game_to_svg(g, max_nodes=3)
    with pytest.raises(ParameterError, match="positive integer"):
        game_to_svg(g, max_nodes=0)
    with pytest.raises(ParameterError, match="edge_prob"):
        game_to_svg(g, solution="spe")
    with pytest.raises(ParameterError, match="not batched"):
        game_to_svg(g, index=3)
    other = cp.spe(cp.Game(["A"], cp.decision("A", {"a": cp.outcome(1.0)})))
    with pytest.raises(ParameterError, match="another game"):
        game_to_svg(g, other)
    with pytest.raises(ParameterError, match="needs a Game"):
        tree_layout(None)
    assert svg_repr(g) == game_to_svg(g, max_nodes=500)
    assert svg_repr(g, max_nodes=3) is None  # too big for a notebook picture: no SVG repr
