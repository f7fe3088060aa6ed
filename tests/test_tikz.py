"""TikZ export: structure of the picture (compiled with LaTeX only where pdflatex exists)."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest

import compellence as cp
from compellence.errors import ParameterError
from compellence.games.tikz import tex_escape, to_tikz
from compellence.scenario.files import textbook_solution

TREES = [n for n in cp.catalog.names() if not isinstance(cp.catalog.load(n), cp.NormalFormGame)]


def balanced(text: str) -> bool:
    depth = 0
    for ch in re.sub(r"\\[{}]", "", text):
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("name", TREES)
def test_tikz_structure_nodes_edges_information_sets(name):
    game = cp.catalog.load(name)
    sol = cp.nash(game, method="lcp").behavior(0) if name == "kuhn_poker" else textbook_solution(game)
    tex = to_tikz(game, sol)
    assert tex.count(r"\begin{tikzpicture}") == tex.count(r"\end{tikzpicture}") == 1
    assert balanced(tex)
    # one named node per game node, one edge per move, one arc per information set
    names = re.findall(r"\\node\[[^\n]*\] \(n(\d+)\) at", tex)
    assert sorted(map(int, names)) == list(range(game.n_nodes))
    edges = re.findall(r"\\draw\[(move|eq|offeq)\] \(n(\d+)\) -- .* \(n(\d+)\);", tex)
    assert sorted((int(p), int(c)) for _, p, c in edges) == [
        (int(game.parent[c]), c) for c in range(1, game.n_nodes)]
    arcs = re.findall(r"\\draw\[infoset\]", tex)
    assert len(arcs) == sum(len(s.nodes) > 1 for s in game.infosets)
    # the equilibrium path: exactly the edges reached with positive probability
    reach = np.asarray(sol.reach)
    hot = {c for _, p, c in [(s, int(p), int(c)) for s, p, c in edges] if reach[c] > 1e-9}
    assert {int(c) for s, _, c in edges if s == "eq"} == hot


def test_tikz_entry_deterrence_labels_payoffs_and_the_off_path_threat():
    game = cp.catalog.load("entry_deterrence")
    tex = to_tikz(game, cp.nash(game).behavior(1), standalone=True)
    assert tex.startswith(r"\documentclass[tikz,border=4pt]{standalone}")
    assert tex.rstrip().endswith(r"\end{document}")
    assert re.search(r"\\draw\[offeq\] \(n1\) -- node\[[^]]*\] \{fight\} \(n3\);", tex)
    assert re.search(r"\\draw\[eq\] \(n0\) -- node\[[^]]*\] \{stay out\} \(n\d\);", tex)
    assert r"\textcolor{player0}{$-1$}" in tex and r"\textcolor{player1}{$2$}" in tex
    assert "Entry deterrence (Selten 1978)" in tex


def test_tikz_escapes_labels_and_validates():
    g = cp.Game(["A & B", "C"], cp.decision("A & B", {
        "50% off": cp.outcome(1, 0), "x_1 {y}": cp.outcome(0, 1)}), title="R&D #1")
    tex = to_tikz(g)
    assert r"50\% off" in tex and r"x\_1 \{y\}" in tex and r"R\&D \#1" in tex
    assert balanced(tex)
    assert tex_escape("a\\b~c^") == r"a\textbackslash{}b\textasciitilde{}c\textasciicircum{}"
    with pytest.raises(ParameterError) as e:
        to_tikz("tree")
    assert e.value.name == "game"
    with pytest.raises(ParameterError) as e:
        to_tikz(g, level_distance=0)
    assert e.value.name == "level_distance"
    with pytest.raises(ParameterError) as e:
        to_tikz(g, max_nodes=2)
    assert e.value.name == "max_nodes"


def test_tikz_batched_game_index_or_ranges():
    g = cp.catalog.load("schelling_threat", punish=np.array([-1.0, -1.5]))
    assert r"$-1\,..\,-1.5$" in to_tikz(g) or r"$-1.5\,..\,-1$" in to_tikz(g)
    assert r"$-1.5$" in to_tikz(g, index=1)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no LaTeX installation")
@pytest.mark.parametrize("name", ["beer_quiche", "entry_deterrence", "selten_horse"])
def test_tikz_compiles_with_pdflatex(name, tmp_path):
    game = cp.catalog.load(name)
    body = to_tikz(game, textbook_solution(game))
    (tmp_path / "tree.tex").write_text("\\documentclass{article}\n\\usepackage{tikz}\n"
                                       "\\pagestyle{empty}\n\\begin{document}\n"
                                       + body + "\\end{document}\n")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "tree.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "tree.pdf").stat().st_size > 1000
