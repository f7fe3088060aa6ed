"""Drawings a teacher can use: every drawing rendered to PNG with a layout check.

Layout: no two labels' boxes overlap, nothing lies outside the canvas
(matplotlib ``get_window_extent`` after ``canvas.draw()``), one mark per
information set.  The SVG drawing is checked with its own width estimate.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from layout_helpers import layout_problems, save_png  # noqa: E402

import compellence as cp  # noqa: E402
from compellence import analysis as an  # noqa: E402
from compellence.analysis.plots import axis_label  # noqa: E402
from compellence.games.svg import (  # noqa: E402
    OFF_PATH_COLOR,
    format_probability,
    game_to_svg,
    leaf_width_for,
)
from compellence.scenario.files import draw_file, textbook_solution  # noqa: E402

NS = "{http://www.w3.org/2000/svg}"
TREES = [n for n in cp.catalog.names() if not isinstance(cp.catalog.load(n), cp.NormalFormGame)]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def infoset_marks(ax):
    return [p for p in ax.patches if str(p.get_gid()).startswith("infoset:")]


def n_multi(game):
    return sum(len(s.nodes) > 1 for s in game.infosets)


def solution_for(name, game):
    if name == "kuhn_poker":
        return cp.nash(game, method="lcp").behavior(0)
    return textbook_solution(game)


# ---------------------------------------------------------------- game trees (matplotlib)
@pytest.mark.parametrize("name", TREES)
def test_every_catalog_tree_draws_with_a_clean_layout(name, tmp_path):
    game = cp.catalog.load(name)
    for sol in (None, solution_for(name, game)):
        ax = an.plot_game_tree(game, sol)
        assert layout_problems(ax.figure) == []  # renders the figure (Agg canvas.draw)
        assert len(infoset_marks(ax)) == n_multi(game)  # one mark per information set
        if sol is not None:  # written once, the solved drawing (each render costs ~0.2 s)
            save_png(ax.figure, tmp_path / f"{name}.png", dpi=60)
        plt.close(ax.figure)


def test_beer_quiche_two_information_sets_are_two_arcs_through_their_own_nodes():
    game = cp.catalog.load("beer_quiche")
    ax = an.plot_game_tree(game)
    marks = infoset_marks(ax)
    assert sorted(m.get_gid() for m in marks) == ["infoset:after beer", "infoset:after quiche"]
    x, y = cp.games.svg.tree_layout(game)
    for m in marks:
        label = m.get_gid().split(":", 1)[1]
        s = next(s for s in game.infosets if s.label == label)
        ends = {tuple(v) for v in m.get_path().vertices[::2]}  # on-curve points of the arc
        assert ends == {(x[i], y[i]) for i in s.nodes}
    # the arcs have different heights (they overlap horizontally on one level)
    tops = sorted(float(m.get_path().vertices[:, 1].min()) for m in marks)
    assert tops[0] < tops[1]
    texts = {t.get_text() for t in ax.texts}
    assert {"Receiver: after beer", "Receiver: after quiche"} <= texts  # labelled once each
    assert "Receiver" not in texts  # not once per node


def test_entry_deterrence_marks_the_threat_off_the_path():
    game = cp.catalog.load("entry_deterrence")
    threat = cp.nash(game).behavior(1)  # (stay out, fight): fight is never carried out
    assert threat.path() == ("stay out",)
    ax = an.plot_game_tree(game, threat)
    off = [ln for ln in ax.lines if ln.get_gid() == "off-path"]
    path = [ln for ln in ax.lines if ln.get_gid() == "path"]
    assert len(off) == 1 and len(path) == 1 and off[0].get_linestyle() == "--"
    labels = {t.get_text().strip(): t for t in ax.texts}
    assert matplotlib.colors.same_color(labels["fight"].get_color(), OFF_PATH_COLOR)
    assert layout_problems(ax.figure) == []


def test_colliding_and_clipped_edge_labels_are_fixed():
    # mixed probabilities next to each other ("renege (0.51)punish (0.86)") and a tiny one
    game = cp.catalog.load("compellence", threat_credibility=0.86, assurance_credibility=0.49)

    class Mixed:
        edge_prob = np.where(np.arange(game.n_nodes) == game.node_at("comply"), 1.226e-06,
                             np.where(np.arange(game.n_nodes) == game.node_at("resist"),
                                      1 - 1.226e-06, 1.0))

    ep = Mixed.edge_prob.copy()
    for c in range(1, game.n_nodes):
        if game.kind[game.parent[c]] == cp.games.CHANCE:
            ep[c] = game.chance_probs[game.chance_index[c]]
    Mixed.edge_prob = ep
    ax = an.plot_game_tree(game, Mixed())
    texts = {t.get_text().strip() for t in ax.texts}
    assert "comply [<0.001]" in texts and "renege (0.51)" in texts and "punish (0.86)" in texts
    assert layout_problems(ax.figure) == []


def test_format_probability():
    assert format_probability(1.226e-06) == "<0.001"
    assert format_probability(1 - 1e-7) == ">0.999"
    assert format_probability(0.5) == "0.5" and format_probability(1 / 3) == "0.333"
    assert format_probability(0.0) == "0" and format_probability(1.0) == "1"


def test_leaf_width_for_separates_neighbours_on_a_row_only():
    # two labels 10 wide at a = 0 and a = 1 on one row: w >= 10 + gap
    items = [(0, 1, 0.0, 0.0, 10.0), (0, 1, 1.0, 0.0, 10.0)]
    assert leaf_width_for(items, 1.0, gap=2.0) == pytest.approx(12.0)
    # on rows that do not overlap vertically nothing is needed
    items = [(0, 1, 0.0, 0.0, 10.0), (2, 3, 1.0, 0.0, 10.0)]
    assert leaf_width_for(items, 1.0, gap=2.0) == 1.0


def test_draw_file_beer_quiche_draws_the_intuitive_pooling_equilibrium(tmp_path):
    path = "examples/teaching/beer_quiche.efg"
    game = cp.read_efg(path)
    sol = textbook_solution(game)
    assert sol.method == "pbe" and sol.info["intuitive"]
    probs = {k: {a: float(v) for a, v in d.items()} for k, d in sol.strategy.items()}
    assert probs["strong"]["beer"] == probs["weak"]["beer"] == 1.0  # pooling on beer
    assert probs["after quiche"]["duel"] == 1.0 and probs["after beer"]["don't"] == 1.0
    assert all(v in (0.0, 1.0) for d in probs.values() for v in d.values())  # pure
    out = tmp_path / "bq.png"
    draw_file(path, out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # perfect information: backward induction
    assert textbook_solution(cp.catalog.load("entry_deterrence")).method == "spe"


# ---------------------------------------------------------------- other plots
def test_coalition_window_member_labels_do_not_overprint(tmp_path):
    from compellence.coercion.coalitions import Coalition

    c = Coalition(["US", "EU", "UK", "Japan", "Canada"], thresholds=[0.2, 0.21, 0.215, 0.22, 0.4],
                  threshold_sd=[0.05] * 5)
    ax = an.coalition_window(c, pi_T=0.9, r=0.8, s=0.2, D=9.0)
    assert layout_problems(ax.figure) == []
    labels = ax.get_legend_handles_labels()[1]
    assert {"US: x = 0.2", "EU: x = 0.21", "Canada: x = 0.4"} <= set(labels)
    save_png(ax.figure, tmp_path / "coalition.png")


def test_qre_plot_shows_both_players_when_their_curves_coincide(tmp_path):
    path = cp.qre_path(cp.catalog.load("matching_pennies"))  # symmetric: identical curves
    ax = an.plot_qre_path(path)
    by_player = {}
    for ln in ax.lines:
        by_player.setdefault(ln.get_gid(), []).append(ln)
    assert set(by_player) == {"player:0", "player:1"}
    under, over = by_player["player:0"][0], by_player["player:1"][0]
    assert under.get_linewidth() > over.get_linewidth()  # the lower one shows around the upper
    assert under.get_linestyle() != over.get_linestyle()
    assert over.get_zorder() > under.get_zorder()
    assert layout_problems(ax.figure) == []
    save_png(ax.figure, tmp_path / "qre.png")


@pytest.mark.parametrize("key, label", [
    ("assurance.credibility", "assurance credibility"),
    ("instruments[0].reversibility", "instrument 1 reversibility"),
    ("coalition.members[1].min_concession", "coalition member 2 min concession"),
    ("effective_threat_credibility", "effective threat credibility"),
    ("pi_T", "threat credibility π_T"),
])
def test_axis_labels_are_readable(key, label):
    assert axis_label(key) == label


def test_sweep_map_axis_labels_are_readable(tmp_path):
    import pandas as pd

    g = np.linspace(0, 1, 6)
    a, r = np.meshgrid(g, g, indexing="ij")
    df = pd.DataFrame({"assurance.credibility": a.ravel(), "instruments[0].reversibility":
                       r.ravel(), "margin": (0.7 + a.ravel() - 1) * r.ravel() * 1.8 - 0.2})
    ax = an.plot_offramp_map(df, "assurance.credibility", "instruments[0].reversibility")
    assert ax.get_xlabel() == "assurance credibility"
    assert ax.get_ylabel() == "instrument 1 reversibility"
    assert layout_problems(ax.figure) == []
    save_png(ax.figure, tmp_path / "map.png")


# ---------------------------------------------------------------- SVG and the notebook display
def _svg_boxes(root):
    """Estimated label boxes of the SVG (the renderer's own 0.6 em width estimate)."""
    boxes = []
    for t in root.iter(f"{NS}text"):
        if not (t.text or "").strip():
            continue
        size = float(t.get("font-size", 12))
        w = len(t.text) * size * (0.64 if t.get("font-weight") == "bold" else 0.6)
        x, y = float(t.get("x")), float(t.get("y"))
        anchor = t.get("text-anchor", "start")
        x0 = x - w if anchor == "end" else (x - w / 2 if anchor == "middle" else x)
        boxes.append((t.text, x0, y - size * 0.8, x0 + w, y + size * 0.2))
    return boxes


@pytest.mark.parametrize("name", TREES)
def test_svg_layout_and_one_arc_per_information_set(name):
    game = cp.catalog.load(name)
    root = ET.fromstring(game_to_svg(game, solution_for(name, game)))
    width, height = float(root.get("width")), float(root.get("height"))
    boxes = _svg_boxes(root)
    for text, x0, y0, x1, y1 in boxes:
        assert x0 >= -0.5 and x1 <= width + 0.5 and y0 >= -0.5 and y1 <= height + 0.5, text
    for i, (t1, a0, b0, a1, b1) in enumerate(boxes):
        for t2, c0, d0, c1, d1 in boxes[i + 1:]:
            assert min(a1, c1) - max(a0, c0) <= 0.5 or min(b1, d1) - max(b0, d0) <= 0.5, (t1, t2)
    arcs = [p for p in root.iter(f"{NS}path") if p.get("class") == "infoset"]
    assert len(arcs) == n_multi(game)


def test_solution_notebook_display_is_the_tree_with_the_full_strategy():
    game = cp.catalog.load("entry_deterrence")
    threat = cp.nash(game).behavior(1)
    html = threat._repr_html_()
    assert "<svg" in html and "path: stay out" in html and "<table" in html
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    root = ET.fromstring(svg)
    off = [ln for ln in root.iter(f"{NS}line")
           if ln.get("class") == "edge" and ln.get("stroke") == OFF_PATH_COLOR]
    assert len(off) == 1 and off[0].get("stroke-dasharray")  # fight, marked off the path
    legend = {t.text for t in root.iter(f"{NS}text") if t.get("class") == "legend"}
    assert {"equilibrium path", "choice off the path"} <= legend
    # payoffs readable under the leaves
    assert {"-1", "0", "2"} <= {t.text for t in root.iter(f"{NS}text")}
    # a batched solution shows its tables only
    batched = cp.spe(cp.catalog.load("schelling_threat", punish=np.array([-1.0, -3.0])))
    assert "<svg" not in batched._repr_html_()
    assert re.search(r"batch shape \(2,\)", batched._repr_html_())


# ---------------------------------------------------------------- the other plots of plots.py
def test_tornado_cascade_and_uncertainty_plots_have_clean_layouts(tmp_path):
    base = dict(x=0.3, s=0.2, delta=0.9, pi_T=0.8, pi_A=0.8, r=0.6)
    ranges = dict(x=(0.1, 0.5), s=(0.1, 0.3), delta=(0.8, 0.95), pi_T=(0.6, 1.0),
                  pi_A=(0.5, 1.0), r=(0.3, 0.9))

    def m(x, s, delta, pi_T, pi_A, r):
        return (pi_T + pi_A - 1) * r * s * delta / (1 - delta) - x

    ax = an.plot_tornado(an.oat_sensitivity(m, base, ranges), threshold=0.0,
                         output_label="off-ramp margin")
    assert layout_problems(ax.figure) == []
    save_png(ax.figure, tmp_path / "tornado.png")
    plt.close("all")
    x = np.linspace(0, 1, 11)
    runs = (x[:, None] > 0.5) * 0.8 + np.linspace(0, 0.1, 20)[None, :]
    ax = an.plot_cascade(x, runs, critical=[0.5])
    assert layout_problems(ax.figure) == []
    save_png(ax.figure, tmp_path / "cascade.png")
    plt.close("all")
    st = pytest.importorskip("scipy.stats")
    from compellence.analysis.plots import plot_margin_distribution, plot_sensitivity
    from compellence.coercion import Campaign
    from compellence.coercion.uncertainty import uncertain_offramp

    camp = Campaign({"name": "C", "threat_credibility": 0.7}, "T",
                    [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 1.0}],
                    demand=0.3, assurance=0.5, discount=0.9)
    res = uncertain_offramp(camp, {"assurance.credibility": st.beta(7, 3),
                                   "coercer.threat_credibility": st.beta(5, 2)},
                            n=1024, seed=1, sobol=True)
    for plot in (plot_sensitivity, plot_margin_distribution):
        ax = plot(res)
        assert layout_problems(ax.figure) == [], plot.__name__
        save_png(ax.figure, tmp_path / f"{plot.__name__}.png")
        plt.close("all")
