"""Gambit .efg / .nfg: round trips through pygambit both ways, the catalog, malformed files."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pygambit as gbt
import pytest
from conftest import random_tree
from test_normal_form import (
    gambit_payoffs_in_our_order,
    gambit_permutation,
    random_infoset_tree,
)

import compellence as cp
from compellence.errors import GameFileError, OutputError, ParameterError
from compellence.games.gambit_io import read_efg, read_nfg, write_efg, write_nfg
from compellence.games.reduced import to_normal_form
from compellence.solvers.nash import nash

CATALOG = Path(gbt.__file__).parent / "catalog_data"


def same_tree(a: cp.Game, b: cp.Game) -> None:
    assert a.players == b.players and a.title == b.title
    assert a.n_nodes == b.n_nodes
    np.testing.assert_array_equal(a.kind, b.kind)
    np.testing.assert_array_equal(a.parent, b.parent)
    np.testing.assert_array_equal(a.player, b.player)
    assert a.edge_label == b.edge_label
    np.testing.assert_array_equal(a.payoffs, b.payoffs)
    np.testing.assert_allclose(a.chance_probs, b.chance_probs, atol=1e-15)
    assert [s.nodes for s in a.infosets] == [s.nodes for s in b.infosets]


def gambit_equilibria_by_label(gg) -> list[dict]:
    out = []
    for eq in gbt.nash.enummixed_solve(gg, rational=False).equilibria:
        out.append({(p.label, s.label): float(eq[s]) for p in gg.players for s in p.strategies})
    return out


# ---------------------------------------------------------------- ours -> pygambit -> ours
def test_efg_round_trip_through_pygambit(tmp_path):
    rng = np.random.default_rng(2)
    for k in range(10):
        players = ["Coercer", "Target"] if k % 2 else ["A", "B", "C"]
        spec = (random_infoset_tree(rng, players, 3) if k % 3
                else random_tree(rng, players, 3, integer=False))
        game = cp.Game(players, spec, title=f'random "game" {k}')
        if game.kind[0] == 0:
            continue
        path = tmp_path / f"g{k}.efg"
        text = write_efg(game, path)
        assert path.read_text() == text
        gg = gbt.read_efg(str(path))  # opens in pygambit ...
        assert gg.title == game.title and [p.label for p in gg.players] == players
        # ... with the same game: pygambit's reduced strategic form equals ours
        nf = to_normal_form(game)
        np.testing.assert_allclose(gambit_payoffs_in_our_order(nf, path), nf.payoffs, atol=1e-12)
        # and pygambit's own serialisation reads back to the same tree
        back = read_efg(gg.to_efg())
        same_tree(game, back)
        assert write_efg(back) == text


def test_efg_written_equilibria_match_pygambit(tmp_path):
    """Same extreme equilibria of the reduced form as pygambit's enummixed_solve."""
    rng = np.random.default_rng(4)
    checked = 0
    for _ in range(10):
        game = cp.Game(["A", "B"], random_infoset_tree(rng, ["A", "B"], 3))
        if game.kind[0] == 0:
            continue
        path = tmp_path / "g.efg"
        write_efg(game, path)
        gg = gbt.read_efg(str(path))
        nf = to_normal_form(game)
        perms = gambit_permutation(nf, gg)
        theirs: list[list[np.ndarray]] = []
        for eq in gbt.nash.enummixed_solve(gg, rational=False).equilibria:
            prof = [np.array([float(eq[s]) for s in p.strategies])[perm]
                    for p, perm in zip(gg.players, perms)]
            if not any(all(np.allclose(a, b, atol=1e-9) for a, b in zip(prof, t)) for t in theirs):
                theirs.append(prof)
        ours = nash(nf, "vertex")
        assert len(ours) == len(theirs)
        for e in ours:
            assert any(all(np.allclose(a, b, atol=1e-6) for a, b in zip(e.strategies, t))
                       for t in theirs)
        checked += 1
    assert checked >= 5


def test_nfg_round_trip_both_versions(tmp_path):
    rng = np.random.default_rng(8)
    for shape in [(2, 3), (3, 3), (2, 2, 3)]:
        u = rng.integers(-9, 10, size=(len(shape), *shape)) / 4
        labels = [[f"s{i}{k}" for k in range(m)] for i, m in enumerate(shape)]
        g = cp.NormalFormGame(u, players=[f"P{i}" for i in range(len(shape))],
                              strategies=labels, title="nfg")
        for version in ("payoff", "outcome"):
            path = tmp_path / f"{version}.nfg"
            write_nfg(g, path, version=version)
            gg = gbt.read_nfg(str(path))
            arr = np.array([a for a in gg.to_arrays(dtype=float)], dtype=float)
            np.testing.assert_array_equal(arr, g.payoffs)
            assert [[s.label for s in p.strategies] for p in gg.players] == labels
            back = read_nfg(gg.to_nfg())
            np.testing.assert_array_equal(back.payoffs, g.payoffs)
            assert back.strategies == g.strategies and back.players == g.players
            assert back.title == "nfg"
            mine = read_nfg(path)
            np.testing.assert_array_equal(mine.payoffs, g.payoffs)


def test_write_nfg_of_an_extensive_game_is_its_reduced_form():
    game = cp.Game(["A", "B"], cp.decision("A", {
        "l": cp.decision("B", {"x": cp.outcome(1, 2), "y": cp.outcome(0, 0)}),
        "r": cp.outcome(0.5, 0.25),
    }))
    back = read_nfg(write_nfg(game))
    np.testing.assert_array_equal(back.payoffs, to_normal_form(game).payoffs)
    assert back.strategies == (("l", "r"), ("x", "y"))


# ---------------------------------------------------------------- pygambit -> ours
def test_pygambit_nfg_reads_with_the_same_equilibria(tmp_path):
    rng = np.random.default_rng(12)
    for k in range(8):
        A, B = rng.normal(size=(2, 4, 3)).round(3)
        gg = gbt.Game.from_arrays(A, B, title=f"bimatrix {k}")
        path = tmp_path / "x.nfg"
        gg.to_nfg(str(path))
        g = read_nfg(path)
        np.testing.assert_array_equal(g.payoffs, np.stack([A, B]))
        theirs = gambit_equilibria_by_label(gg)
        ours = nash(g, "vertex")
        assert len(ours) == len(theirs)
        for eq in theirs:
            assert any(
                all(abs(e.strategies[i][j] - eq[(g.players[i], g.strategies[i][j])]) < 1e-6
                    for i in range(2) for j in range(g.shape[i]))
                for e in ours
            )


def _catalog(ext: str) -> list[Path]:
    return sorted(CATALOG.rglob(f"*.{ext}"))


@pytest.mark.parametrize("path", _catalog("efg"), ids=lambda p: p.stem)
def test_pygambit_catalog_efg(path):
    """Every .efg shipped with pygambit reads here to the same reduced strategic form."""
    game = read_efg(path)
    gg = gbt.read_efg(str(path))
    assert game.players == tuple(p.label for p in gg.players)
    nf = to_normal_form(game)
    arr = np.array([a for a in gg.to_arrays(dtype=float)], dtype=float)
    assert arr.shape == nf.payoffs.shape
    if game.n_players == 2 and gg.is_perfect_recall:
        theirs = gambit_equilibria_by_label(gg)
        ours = nash(nf, "vertex")
        assert len(ours) == len({tuple(round(v, 9) for v in eq.values()) for eq in theirs})


@pytest.mark.parametrize("path", _catalog("nfg"), ids=lambda p: p.stem)
def test_pygambit_catalog_nfg(path):
    g = read_nfg(path)
    gg = gbt.read_nfg(str(path))
    arr = np.array([a for a in gg.to_arrays(dtype=float)], dtype=float)
    np.testing.assert_array_equal(g.payoffs, arr)
    assert g.strategies == tuple(tuple(s.label for s in p.strategies) for p in gg.players)


# ---------------------------------------------------------------- sources and syntax
EFG = '''EFG 2 R "A \\"quoted\\" title" { "P1" "P2" }
"a comment"

p "root" 1 1 "first" { "L" "R" } 1 "bonus" { 1/2, .5 }
c "" 1 "" { "h" 1/3 "t" 2/3 } 0
t "" 2 "o2" { 1e1 -2 }
t "" 0
p "" 2 1 "" { "" "" } 0
t "" 3 "o3" { +3, 4.25 }
t "" 2
'''


def test_efg_syntax_numbers_escapes_and_nonterminal_outcomes():
    g = read_efg(EFG)
    assert g.title == 'A "quoted" title'
    assert g.players == ("P1", "P2")
    assert g.action_labels[g.node_at("R")] == ("_1", "_2")  # Gambit's label normalisation
    np.testing.assert_allclose(g.terminal_payoffs(g.node_at("L/h")), [10.5, -1.5])
    np.testing.assert_allclose(g.terminal_payoffs(g.node_at("L/t")), [0.5, 0.5])
    np.testing.assert_allclose(g.terminal_payoffs(g.node_at("R/_1")), [3.5, 4.75])
    np.testing.assert_allclose(g.terminal_payoffs(g.node_at("R/_2")), [10.5, -1.5])
    assert g.chance_prob(g.node_at("L/h")) == pytest.approx(1 / 3)
    assert g.infoset_by_label("first").nodes == (0,)


def test_sources_path_text_and_file_object(tmp_path):
    p = tmp_path / "g.efg"
    p.write_text(EFG)
    a, b, c = read_efg(p), read_efg(str(p)), read_efg(io.StringIO(EFG))
    same_tree(a, b)
    same_tree(a, c)
    same_tree(a, read_efg(io.BytesIO(EFG.encode())))


def test_write_returns_text_and_writes_file(tmp_path):
    g = cp.NormalFormGame.from_bimatrix([[1, 2]], [[3, 4]])
    p = tmp_path / "out.nfg"
    text = write_nfg(g, p)
    assert p.read_text() == text and text.startswith('NFG 1 R ""')
    with pytest.raises(OutputError, match="does not exist"):
        write_nfg(g, tmp_path / "missing-dir" / "x.nfg")


def test_strategy_counts_header_and_null_outcome():
    g = read_nfg('NFG 1 R "t" { "a" "b" } { 2 1 }\n{ { "w" 1 2 } }\n1 0\n')
    np.testing.assert_array_equal(g.payoffs[:, :, 0], [[1, 0], [2, 0]])
    assert g.strategies == (("1", "2"), ("1",))


def test_batched_game_cannot_be_written():
    game = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(np.zeros((2, 3)), 0.0),
                                                 "y": cp.outcome(0.0, 1.0)}))
    for writer in (write_efg, write_nfg):
        with pytest.raises(ParameterError) as info:
            writer(game)
        assert "(2, 3)" in str(info.value) and "game.at(" in str(info.value)
    assert read_efg(write_efg(game.at((1, 2)))).batch_shape == ()


def test_writer_argument_errors():
    with pytest.raises(ParameterError, match="write_efg"):
        write_efg(cp.NormalFormGame(np.zeros((2, 1, 1))))
    with pytest.raises(ParameterError, match="version"):
        write_nfg(cp.NormalFormGame(np.zeros((2, 1, 1))), version="xml")
    with pytest.raises(ParameterError, match="write_nfg"):
        write_nfg("not a game")
    with pytest.raises(ParameterError, match="source"):
        read_efg(42)


def test_missing_file_names_the_path(tmp_path):
    missing = tmp_path / "nope.efg"
    with pytest.raises(GameFileError) as info:
        read_efg(missing)
    assert str(missing) in str(info.value) and "no such file" in str(info.value)


# ---------------------------------------------------------------- malformed files: line numbers
HEAD = 'EFG 2 R "t" { "A" "B" }\n""\n'
EFG_ERRORS = [
    ('EFX 2 R "t" { "A" }\n', 1, "not a Gambit .efg file"),
    ('EFG 3 R "t" { "A" }\n', 1, "version 2"),
    ('EFG 2 Q "t" { "A" }\n', 1, "'R' or 'D'"),
    ("EFG 2 R\n{ \"A\" }\n", 2, "quoted game title"),
    ('EFG 2 R "t" { }\np "" 1 1 "" { "a" } 0\n', 1, "player list is empty"),
    ('EFG 2 R "t" { "Chance" }\n', 1, "reserves"),
    (HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1 2 }\nt "unterminated 0\n', 5, "unterminated"),
    (HEAD + 'q "" 1 1 "" { "a" } 0\n', 3, "node type"),
    (HEAD + 'p "" 3 1 "" { "a" } 0\n', 3, "player 3 does not exist"),
    (HEAD + 'p "" 1 1 "" { "a" } 0\np "" 2 7 0\n', 4, "used before its actions"),
    (HEAD + 'p "" 1 1 "" { "a" } 0\nt "" 4\n', 4, "outcome 4 is used before"),
    (HEAD + 'p "" 1 1 "" { "a" } 0\nt "" 1 "o" { 1 2 3 }\n', 4, "3 payoffs but the game has 2"),
    (HEAD + 'p "" 1 1 "" { "a" } 0\nt "" 1 "o" { 1 x }\n', 4, "expected a payoff"),
    (HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 0\n', 4, "ends before the tree is complete"),
    (HEAD + 't "" 0\nt "" 0\n', 4, "after the last node"),
    (HEAD, 2, "no nodes"),
    (HEAD + 'c "" 1 "" { "h" 1/2 "t" 1/3 } 0\nt "" 0\nt "" 0\n', 3, "sum to 1"),
    (HEAD + 'p "" 1 1 "" { "a" } 0\np "" 1 1 "" { "b" } 0\nt "" 0\n', 4, "defined on line 3"),
    (HEAD + 'p "" 1 1 "" { } 0\n', 3, "at least one action"),
    (HEAD + 'p "" 1 1 "" { "a" } 0\nt "" 0 "o" { 1 2 }\n', 4, "null outcome"),
    (HEAD + 'p "" 1 1 "" { "a" } 0\nt "" 1 "o" { 1 2 }\np "" 1 1 "" { "a" } 0\n', 5,
     "after the last node"),
    (HEAD + 'p "" 1 one "" { "a" } 0\n', 3, "information set number"),
    (HEAD + 'p "" 1 1 "" { "a" 0 } 0\n', 3, "closing the action list"),
    (HEAD + 'c "" 1 "" { "a" x } 0\n', 3, "chance probability"),
    (HEAD + 'c "" 1 "" { "h" 1/0 } 0\n', 3, "division by zero"),
]


@pytest.mark.parametrize("text, line, what", EFG_ERRORS, ids=[e[2] for e in EFG_ERRORS])
def test_malformed_efg_names_the_line(text, line, what):
    with pytest.raises(GameFileError) as info:
        read_efg(text)
    assert info.value.line == line
    assert f"line {line}" in str(info.value)
    assert what in str(info.value)


NFG_HEAD = 'NFG 1 R "t" { "A" "B" }\n'
NFG_ERRORS = [
    ('NFG 2 R "t" { "A" }\n', 1, "version 1"),
    ('EFG 2 R "t" { "A" }\n', 1, "not a Gambit .nfg file"),
    (NFG_HEAD + '{ { "a" "b" }\n{ "c" } }\n""\n1 2 3\n', 5, "expected 4 payoffs"),
    (NFG_HEAD + '{ { "a" "b" }\n"c" }\n', 3, "strategy labels of 'B'"),
    (NFG_HEAD + "{ 2 0 }\n1 2\n", 2, "at least one strategy"),
    (NFG_HEAD + "{ 2 x }\n", 2, "number of strategies of 'B'"),
    (NFG_HEAD + "{ 1 1 3 }\n", 2, "closing the strategy list"),
    (NFG_HEAD + '{ 1 1 }\n{ { "o" 1 2 } }\n2\n', 4, "outcome 2 does not exist"),
    (NFG_HEAD + '{ 1 1 }\n{ { "o" 1 2 3 } }\n1\n', 3, "3 payoffs but the game has 2"),
    (NFG_HEAD + '{ 2 1 }\n{ { "o" 1 2 } }\n1\n', 4, "expected 2 outcome numbers"),
    (NFG_HEAD + "{ 1 1 }\n1 2\n3\n", 4, "expected 2 payoffs"),
    (NFG_HEAD + '{ 1 1 }\n"c"\n\nx\n', 5, "expected payoffs or an outcome list"),
    (NFG_HEAD + "{ 1 1 }\n1 2 }\n", 3, "after the last payoff"),
    (NFG_HEAD + '{ 1 1 }\n{ { "o" 1 q } }\n1\n', 3, "expected a payoff or '}'"),
    (NFG_HEAD + '{ { "a" } { "b" } }\n""\n\n\n1 2 @\n', 6, "after the last payoff"),
]


@pytest.mark.parametrize("text, line, what", NFG_ERRORS, ids=[e[2] for e in NFG_ERRORS])
def test_malformed_nfg_names_the_line(text, line, what):
    with pytest.raises(GameFileError) as info:
        read_nfg(text)
    assert info.value.line == line
    assert f"line {line}" in str(info.value)
    assert what in str(info.value)


def test_error_from_a_file_names_file_and_line(tmp_path):
    p = tmp_path / "bad.nfg"
    p.write_text(NFG_HEAD + "{ 1 1 }\n1\n")
    with pytest.raises(GameFileError) as info:
        read_nfg(p)
    assert str(info.value).startswith(f"{p}:line 3:")


@pytest.mark.parametrize("label", ['say "hi"', "back\\slash", "end\\", 'q\\"x', "two\\\\b", '"'])
def test_label_escapes_round_trip(label, tmp_path):
    game = cp.Game(["A", "B"], cp.decision("A", {label: cp.outcome(1, 2), "o": cp.outcome(0, 0)}),
                   title=label)
    text = write_efg(game)
    back = read_efg(text)
    assert back.action_labels[0] == (label, "o") and back.title == label
    if not any(label.endswith(x) or x + '"' in label or x + x in label for x in ["\\"]):
        # labels Gambit's reader can represent open in pygambit with the same text
        path = tmp_path / "l.efg"
        path.write_text(text)
        gg = gbt.read_efg(str(path))
        assert [a.label for a in gg.root.infoset.actions] == [label, "o"]
        assert gg.title == label


def test_outcome_redefined_with_other_payoffs():
    text = HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1 2 }\nt "" 1 "o" { 1 3 }\n'
    with pytest.raises(GameFileError) as info:
        read_efg(text)
    assert info.value.line == 5 and "outcome 1 was defined before" in str(info.value)


def test_unreadable_path_names_the_path(tmp_path):
    with pytest.raises(GameFileError) as info:
        read_nfg(tmp_path)  # a directory
    assert str(tmp_path) in str(info.value) and "cannot read" in str(info.value)


def test_to_pygambit_maps_every_node():
    """to_pygambit: the node map lines up payoffs, chance probabilities and infosets."""
    gbt = pytest.importorskip("pygambit")
    p = np.array([0.25, 0.6])
    g = cp.Game(["A", "B"], cp.chance({
        "h": (p, cp.decision("A", {"l": cp.decision("B", {"u": cp.outcome(1, 2), "d": cp.outcome(3, 4)}, infoset="S"),
                                     "r": cp.outcome(0, 1)})),
        "t": (1 - p, cp.decision("B", {"u": cp.outcome(5, 6), "d": cp.outcome(7, 8)}, infoset="S")),
    }))
    pg, nodes = cp.games.to_pygambit(g, index=1)
    assert isinstance(pg, gbt.Game) and len(nodes) == g.n_nodes
    for t in g.terminals.tolist():
        assert [float(nodes[t].outcome[pl]) for pl in pg.players] == list(g.payoffs[:, g.terminal_index[t], 1])
    root_probs = [float(a.prob) for a in nodes[0].infoset.actions]
    assert root_probs == pytest.approx([0.6, 0.4])
    s = g.infoset_by_label("S")
    assert nodes[s.nodes[0]].infoset == nodes[s.nodes[1]].infoset
    assert [a.label for a in nodes[s.nodes[0]].infoset.actions] == ["u", "d"]
