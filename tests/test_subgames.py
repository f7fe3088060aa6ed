"""cp.spe on games with information sets: subgame decomposition, checked subgame by subgame."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lcp_helpers import random_recall_game, relabel_infosets, to_gambit

import compellence as cp
from compellence.errors import ActionError
from compellence.games.subtree import subgame_roots, subtree
from compellence.solvers.spe import backward_induction, spe
from compellence.solvers.subgames import imperfect_subgames, spe_subgames

gbt = pytest.importorskip("pygambit")


def bos(p1=(3, 0, 0, 1), p2=(1, 0, 0, 3)):
    return cp.decision("P1", {
        "opera": cp.decision("P2", {"opera": cp.outcome(p1[0], p2[0]),
                                    "fight": cp.outcome(p1[1], p2[1])}, infoset="P2 guess"),
        "fight": cp.decision("P2", {"opera": cp.outcome(p1[2], p2[2]),
                                    "fight": cp.outcome(p1[3], p2[3])}, infoset="P2 guess"),
    }, infoset="P1 move")


def gambit_regret_in_subgame(solution, v, index=()):
    """pygambit's max regret of the solution restricted to the subgame at node v."""
    g = solution.game.at(index) if solution.game.batch_shape else solution.game
    sub, gmap = subtree(g, v)
    gg, made = to_gambit(sub)
    prof = gg.mixed_behavior_profile(rational=False)
    for s in sub.infosets:
        c0 = int(sub.child_start[s.nodes[0]])
        prof.set_mixed_action(made[s.index], {
            act: float(solution.edge_prob[(gmap[c0 + a], *index)]) for a, act in enumerate(s.actions)
        })
    return prof.max_regret()


def assert_subgame_perfect(solution, tol=1e-7, index=()):
    g = solution.game
    is_root, _ = subgame_roots(g)
    for v in np.flatnonzero(is_root):
        assert gambit_regret_in_subgame(solution, int(v), index) <= tol, g.node_path(int(v))


def test_subgame_roots_and_minimal_subgames():
    g = cp.Game(["P1", "P2"], cp.decision("P1", {"out": cp.outcome(2, 2), "in": bos()}))
    is_root, lca = subgame_roots(g)
    assert [g.node_path(int(i)) for i in np.flatnonzero(is_root)] == ["root", "root/in"]
    assert imperfect_subgames(g) == [g.node_at("root/in")]
    assert list(lca.values()) == [g.node_at("root/in")]


def test_entry_into_battle_of_sexes():
    g = cp.Game(["P1", "P2"], cp.decision("P1", {"out": cp.outcome(2, 2), "in": bos()}))
    sol = spe(g)
    assert sol.method == "spe"
    assert sol.info["subgames"] == {"root/in": "lcp"}
    sub_value = sol.node_value[:, g.node_at("root/in")]
    # the entry decision is a best reply to the value of the subgame's equilibrium
    go_in = float(sol.strategy["root"]["in"])
    assert go_in == (1.0 if sub_value[0] > 2 else 0.0)
    assert_subgame_perfect(sol)


def test_non_credible_threat_inside_simultaneous_game_is_removed():
    """A subgame where P2 (after a hidden move) has a dominant action: SPE plays it."""
    sub = cp.decision("P1", {
        "a": cp.decision("P2", {"punish": cp.outcome(-1, -1), "accept": cp.outcome(1, 0)}, infoset="h"),
        "b": cp.decision("P2", {"punish": cp.outcome(-2, -1), "accept": cp.outcome(2, 0)}, infoset="h"),
    }, infoset="P1 hidden")
    g = cp.Game(["P1", "P2"], cp.decision("P1", {"stay": cp.outcome(0, 1), "move": sub}))
    sol = spe(g)
    assert float(sol.strategy["h"]["accept"]) == pytest.approx(1.0)
    assert float(sol.strategy["P1 hidden"]["b"]) == pytest.approx(1.0)
    assert float(sol.strategy["root"]["move"]) == pytest.approx(1.0)
    np.testing.assert_allclose(sol.value, [2.0, 0.0])
    assert_subgame_perfect(sol)


def test_perfect_information_inside_an_imperfect_subgame_is_solved_by_backward_induction():
    """Inside the imperfect subgame a perfect-information continuation with a threat."""
    cont = cp.decision("P2", {"fight": cp.outcome(-5, -1), "yield": cp.outcome(1, 0)})
    sub = cp.decision("P1", {
        "a": cp.decision("P2", {"l": cont, "r": cp.outcome(0, 1)}, infoset="P2 blind"),
        "b": cp.decision("P2", {"l": cp.outcome(0, 0), "r": cp.outcome(-1, 2)}, infoset="P2 blind"),
    }, infoset="P1 hidden")
    g = cp.Game(["P1", "P2"], cp.chance({"x": (0.5, sub), "y": (0.5, cp.outcome(0, 0))}))
    sol = spe(g)
    assert float(sol.strategy["root/x/a/l"]["yield"]) == pytest.approx(1.0)
    assert_subgame_perfect(sol)


def test_perfect_information_keeps_backward_induction():
    g = cp.Game(["A", "B"], cp.decision("A", {"x": cp.decision("B", {"l": cp.outcome(1, 2),
                                                                    "r": cp.outcome(0, 3)}),
                                              "y": cp.outcome(0.5, 0)}))
    a = spe(g)
    b = backward_induction(g)
    np.testing.assert_array_equal(a.edge_prob, b.edge_prob)
    assert spe_subgames(g).method == "spe"


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_random_games_are_subgame_perfect_pygambit(seed):
    rng = np.random.default_rng(seed)
    g = relabel_infosets(random_recall_game(rng, max_nodes=28, depth=5, p_hide=0.4, integer=True))
    sol = spe(g)
    assert_subgame_perfect(sol, tol=1e-7)
    # values are consistent with the profile
    np.testing.assert_allclose(sol.value, cp.solvers.node_values(g, sol.edge_prob)[:, 0])


def test_batched_game_matches_scalar_elements():
    k = np.array([0.5, 2.5, 4.0])  # outside option of P1
    g = cp.Game(["P1", "P2"], cp.decision("P1", {"out": cp.outcome(k, 2), "in": bos()}))
    sol = spe(g)
    assert sol.edge_prob.shape == (g.n_nodes, 3)
    for i in range(3):
        one = spe(g.at(i))
        np.testing.assert_allclose(sol.edge_prob[:, i], one.edge_prob, atol=1e-12)
        np.testing.assert_allclose(sol.value[:, i], one.value, atol=1e-12)
        assert_subgame_perfect(sol, index=(i,))


def test_three_players_use_the_qre_limit():
    def c_node(a, b):
        return cp.decision("C", {"u": cp.outcome(*a), "d": cp.outcome(*b)}, infoset="C blind")

    sub = cp.decision("A", {
        "x": cp.decision("B", {"l": c_node((3, 1, 0), (0, 0, 2)), "r": c_node((1, 2, 1), (2, 0, 0))},
                         infoset="B blind"),
        "y": cp.decision("B", {"l": c_node((0, 3, 1), (1, 1, 1)), "r": c_node((2, 2, 2), (0, 1, 3))},
                         infoset="B blind"),
    })
    g = cp.Game(["A", "B", "C"], cp.decision("C", {"stop": cp.outcome(1, 1, 1), "go": sub}))
    sol = spe(g)
    assert sol.info["subgames"] == {"root/go": "qre"}
    # the QRE limit is an approximate equilibrium of the subgame, and the top is a best reply
    assert gambit_regret_in_subgame(sol, g.node_at("root/go")) < 1e-4
    go = float(sol.strategy["root"]["go"])
    assert go == (1.0 if sol.node_value[2, g.node_at("root/go")] > 1 else 0.0)


def test_subtree_refuses_a_cut_through_an_information_set():
    g = cp.Game(["P1", "P2"], cp.decision("P1", {"out": cp.outcome(2, 2), "in": bos()}))
    with pytest.raises(ActionError, match="not a subgame"):
        subtree(g, g.node_at("root/in/opera"))


def test_nested_imperfect_subgames_are_solved_inside_out():
    inner = cp.decision("P1", {
        "H": cp.decision("P2", {"h": cp.outcome(4, 0), "t": cp.outcome(0, 4)}, infoset="inner P2"),
        "T": cp.decision("P2", {"h": cp.outcome(0, 4), "t": cp.outcome(4, 0)}, infoset="inner P2"),
    }, infoset="inner P1")
    outer = cp.decision("P1", {
        "H": cp.decision("P2", {"h": inner, "t": cp.outcome(-1, 1)}, infoset="outer P2"),
        "T": cp.decision("P2", {"h": cp.outcome(-1, 1), "t": cp.outcome(1, -1)}, infoset="outer P2"),
    }, infoset="outer P1")
    g = cp.Game(["P1", "P2"], outer)
    assert [g.node_path(v) for v in imperfect_subgames(g)] == ["root/H/h", "root"]
    sol = spe(g)
    assert sol.info["subgames"] == {"root/H/h": "lcp", "root": "lcp"}
    # inner matching pennies is worth (2, 2); then the outer game is solved with that payoff
    np.testing.assert_allclose(sol.node_value[:, g.node_at("root/H/h")], [2.0, 2.0], atol=1e-12)
    assert float(sol.strategy["inner P1"]["H"]) == pytest.approx(0.5)
    assert_subgame_perfect(sol)


def test_three_player_batched_subgames_loop_over_elements():
    def c_node(a, b):
        return cp.decision("C", {"u": cp.outcome(*a), "d": cp.outcome(*b)}, infoset="Cb")

    k = np.array([0.25, 3.0])  # A's outside option
    g = cp.Game(["A", "B", "C"], cp.decision("A", {
        "out": cp.outcome(k, 0, 0),
        "in": cp.decision("B", {"l": c_node((1, 1, 0), (0, 0, 1)), "r": c_node((0, 0, 1), (1, 1, 0))}),
    }))
    sol = spe(g)
    assert sol.info["subgames"] == {"root/in": "qre"}
    # the subgame is worth 1/2 to A at the QRE limit (B and C mix 50:50): in at k=0.25, out at 3
    np.testing.assert_allclose(sol.node_value[0, g.node_at("root/in")], [0.5, 0.5], atol=1e-4)
    np.testing.assert_allclose(sol.strategy["root"]["in"], [1.0, 0.0])
