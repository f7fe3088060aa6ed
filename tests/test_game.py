"""Game construction, display and every validation error path (messages name the place)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import threat_game

import compellence as cp
from compellence.errors import (
    ActionError,
    BatchShapeError,
    CompellenceError,
    InfosetError,
    PayoffError,
    PlayerError,
    ProbabilityError,
)


def test_flat_arrays_are_breadth_first():
    g = threat_game()
    assert g.n_nodes == 7
    assert g.kind.tolist() == [1, 1, 0, 0, 1, 0, 0]
    assert g.parent.tolist() == [-1, 0, 0, 1, 1, 4, 4]
    assert g.depth.tolist() == [0, 1, 1, 2, 2, 3, 3]
    assert g.levels == ((0, 1), (1, 3), (3, 5), (5, 7))
    assert g.child_start.tolist() == [1, 3, -1, -1, 5, -1, -1]
    assert g.payoffs.shape == (2, 4)
    assert g.node_path(5) == "root/demand/resist/punish"
    assert g.node_at("root/demand/resist/back down") == 6
    assert g.history(6) == ("demand", "resist", "back down")
    assert [s.label for s in g.infosets] == ["root", "root/demand", "root/demand/resist"]
    assert g.is_perfect_information
    assert list(g.walk()) == [0, 1, 3, 4, 5, 6, 2]


def test_arrays_are_read_only():
    g = threat_game()
    with pytest.raises(ValueError):
        g.payoffs[0, 0] = 5.0


def test_print_shows_indented_tree():
    text = str(threat_game())
    assert text.splitlines()[0].startswith("Compellence with a threat")
    assert "    resist -> Coercer" in text
    assert "      punish -> (-1, -3)" in text
    assert "Game('Compellence with a threat'" in repr(threat_game())


def test_named_payoffs_and_batch_shape():
    s = np.linspace(0, 1, 4)
    g = cp.Game(["A", "B"], cp.decision("B", {
        "x": cp.outcome(B=s[:, None], A=np.zeros((1, 3))),
        "y": cp.chance({"h": (0.3, cp.outcome(1, 2)), "t": (0.7, cp.outcome(0, 0))}),
    }))
    assert g.batch_shape == (4, 3)
    assert g.payoffs.shape == (2, 3, 4, 3)
    np.testing.assert_allclose(g.payoffs[1, 0, :, 2], s)
    scalar = g.at((2, 1))
    assert scalar.batch_shape == ()
    assert float(scalar.payoffs[1, 0]) == pytest.approx(s[2])
    assert "batch shape (4, 3)" in str(g)


def test_infosets_group_nodes():
    g = cp.Game(["A", "B"], cp.decision("A", {
        "l": cp.decision("B", {"u": cp.outcome(1, 0), "d": cp.outcome(0, 1)}, infoset="B1"),
        "r": cp.decision("B", {"u": cp.outcome(0, 1), "d": cp.outcome(1, 0)}, infoset="B1"),
    }))
    assert not g.is_perfect_information
    s = g.infoset_by_label("B1")
    assert s.nodes == (1, 2) and s.actions == ("u", "d") and g.players[s.player] == "B"
    assert "{infoset B1}" in str(g)


# ---------------------------------------------------------------- error paths

def test_wrong_payoff_count_names_node():
    with pytest.raises(PayoffError, match=r"root/demand/comply: outcome has 1 payoffs but the game has 2"):
        cp.Game(["C", "T"], cp.decision("C", {"demand": cp.decision("T", {
            "comply": cp.outcome(1.0), "resist": cp.outcome(0, 0)})}))


def test_missing_named_payoff_names_node_and_player():
    with pytest.raises(PayoffError, match=r"root/a: outcome has no payoff for player 'B'"):
        cp.Game(["A", "B"], cp.decision("A", {"a": cp.outcome(A=1)}))


def test_unknown_player_names_node():
    with pytest.raises(PlayerError, match=r"root/demand: unknown player 'Targt'"):
        cp.Game(["C", "T"], cp.decision("C", {"demand": cp.decision("Targt", {"x": cp.outcome(0, 0)})}))
    with pytest.raises(PlayerError, match=r"root/a: outcome names unknown player 'Z'"):
        cp.Game(["A", "B"], cp.decision("A", {"a": cp.outcome(A=1, Z=2)}))


def test_negative_probability_names_node():
    with pytest.raises(ProbabilityError, match=r"root/go/h: chance probability must be finite and >= 0"):
        cp.Game(["A"], cp.decision("A", {"go": cp.chance({
            "h": (-0.2, cp.outcome(1)), "t": (1.2, cp.outcome(0))})}))


def test_probabilities_must_sum_to_one_per_batch_element():
    p = np.array([0.5, 0.6, 0.5])
    with pytest.raises(ProbabilityError, match=r"root: chance probabilities must sum to 1 \(batch element \(1,\)"):
        cp.Game(["A"], cp.chance({"h": (p, cp.outcome(1)), "t": (0.5, cp.outcome(0))}))


def test_non_finite_payoff_names_node():
    with pytest.raises(PayoffError, match=r"root/b: payoff of B is not finite"):
        cp.Game(["A", "B"], cp.decision("A", {"a": cp.outcome(0, 0), "b": cp.outcome(1, np.nan)}))
    with pytest.raises(PayoffError, match=r"root/a: payoff of A must be a number"):
        cp.Game(["A", "B"], cp.decision("A", {"a": cp.outcome("x", 0)}))


def test_arrays_that_do_not_broadcast_name_node():
    with pytest.raises(BatchShapeError, match=r"root/b: payoff of A has shape \(4,\)"):
        cp.Game(["A", "B"], cp.decision("A", {"a": cp.outcome(np.zeros(3), 0), "b": cp.outcome(np.zeros(4), 0)}))


def test_empty_action_sets_refused():
    with pytest.raises(ActionError, match="has no actions"):
        cp.decision("A", {})
    with pytest.raises(ActionError, match="has no actions"):
        cp.chance({})


def test_duplicate_action_labels_refused():
    # dicts cannot hold duplicates, so this path is reached through the flat constructor
    with pytest.raises(ActionError, match=r"root: duplicate action label 'a'"):
        cp.Game.from_arrays(["A"], parent=[-1, 0, 0], kind=[1, 0, 0], player=[0, -1, -1],
                            edge_label=[None, "a", "a"], payoffs=[[1.0, 2.0]])


def test_infoset_mixing_players_or_actions_refused():
    with pytest.raises(InfosetError, match=r"root/r: information set 'S' mixes players"):
        cp.Game(["A", "B"], cp.decision("A", {
            "l": cp.decision("B", {"u": cp.outcome(1, 0)}, infoset="S"),
            "r": cp.decision("A", {"u": cp.outcome(0, 1)}, infoset="S"),
        }))
    with pytest.raises(InfosetError, match=r"root/r: information set 'S' needs the same action labels"):
        cp.Game(["A", "B"], cp.decision("A", {
            "l": cp.decision("B", {"u": cp.outcome(1, 0), "d": cp.outcome(0, 0)}, infoset="S"),
            "r": cp.decision("B", {"d": cp.outcome(0, 1), "u": cp.outcome(0, 0)}, infoset="S"),
        }))


def test_bad_players_and_nodes():
    with pytest.raises(PlayerError, match="duplicate player names"):
        cp.Game(["A", "A"], cp.outcome(0, 0))
    with pytest.raises(PlayerError, match="reserved"):
        cp.Game(["Chance"], cp.outcome(0))
    with pytest.raises(ActionError, match="action 'x' must lead to"):
        cp.decision("A", {"x": 3.0})
    with pytest.raises(ProbabilityError, match=r"branch 'h' must be a \(probability, subtree\) pair"):
        cp.chance({"h": cp.outcome(1)})


def test_errors_are_compellence_errors():
    for exc in (PayoffError, PlayerError, ProbabilityError, ActionError, InfosetError, BatchShapeError):
        assert issubclass(exc, CompellenceError)
        assert issubclass(exc, ValueError)


def test_to_spec_round_trip():
    g = threat_game()
    g2 = cp.Game(g.players, g.to_spec(), title=g.title)
    np.testing.assert_array_equal(g2.payoffs, g.payoffs)
    assert g2.parent.tolist() == g.parent.tolist()
