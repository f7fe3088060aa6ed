"""Backward induction: against an independent recursion, batched vs scalar, ties, policies."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import random_tree, recursive_spe_value, threat_game
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import ParameterError, UnsupportedGameError

PLAYERS = ["A", "B", "C"]


def test_credible_threat_compels():
    sol = cp.spe(threat_game())
    assert sol.path() == ("demand", "comply")
    np.testing.assert_allclose(sol.value, [1.0, -1.0])
    assert sol.strategy["root/demand/resist"]["punish"] == 1.0
    assert sol.outcome_probs["root/demand/comply"] == 1.0
    assert not sol.ties.any()
    assert "demand -> comply" in repr(sol)
    assert "<b>spe</b>" in sol._repr_html_()
    frame = sol.to_frame()
    assert list(frame.columns) == ["infoset", "player", "action", "probability"]
    assert len(frame) == 6


def test_incredible_threat_is_called():
    sol = cp.spe(threat_game(punish=-3.0, back_down=-2.0))
    # backing down beats punishing, so the target resists and the coercer stays home
    assert sol.path() == ("status quo",)
    np.testing.assert_allclose(sol.value, [0.0, 0.0])


def test_batched_sweep_over_punishment_cost():
    punish = np.linspace(-4, 0, 41)
    sol = cp.spe(threat_game(punish=punish))
    assert sol.value.shape == (2, 41)
    complied = sol.outcome_probs["root/demand/comply"]
    # at the tie (punish == -2) the "first" policy punishes, so the target complies
    np.testing.assert_array_equal(complied, (punish >= -2.0 - 1e-12).astype(float))
    # exactly at punish == back down the coercer is indifferent: reported, not hidden
    k = int(np.argmin(np.abs(punish + 2.0)))
    tie_row = sol.decision_nodes.index("root/demand/resist")
    assert sol.ties[tie_row, k] and sol.ties[tie_row].sum() == 1
    assert sol.path(index=k) == ("demand", "comply")  # "first" policy: punish


def test_uniform_tie_policy_mixes():
    sol = cp.spe(threat_game(punish=-2.0, back_down=-2.0), ties="uniform")
    probs = sol.strategy["root/demand/resist"]
    assert probs["punish"] == pytest.approx(0.5) and probs["back down"] == pytest.approx(0.5)
    # the target then faces -1.5 from resisting vs -1 from complying: complies
    assert sol.path() == ("demand", "comply")


def test_chance_moves_and_paths():
    g = cp.Game(["A", "B"], cp.decision("A", {
        "gamble": cp.chance({"win": (0.3, cp.outcome(10, 0)), "lose": (0.7, cp.outcome(-1, 0))}),
        "safe": cp.outcome(2, 0),
    }))
    sol = cp.spe(g)
    assert sol.value[0] == pytest.approx(0.3 * 10 - 0.7)
    assert sol.path() == ("gamble", "lose")
    assert sol.paths() == [(("gamble", "lose"), pytest.approx(0.7)), (("gamble", "win"), pytest.approx(0.3))]


def test_index_required_for_batched_path():
    sol = cp.spe(threat_game(punish=np.array([-1.0, -3.0])))
    with pytest.raises(ParameterError, match="index"):
        sol.path()
    assert sol.path(index=1) == ("status quo",)
    with pytest.raises(ParameterError, match="out of range"):
        sol.path(index=2)


def test_bad_arguments():
    with pytest.raises(ParameterError, match="ties"):
        cp.spe(threat_game(), ties="random")
    with pytest.raises(ParameterError, match="tol"):
        cp.spe(threat_game(), tol=-1)
    with pytest.raises(ParameterError, match="game"):
        cp.spe("not a game")


def test_information_sets_refused_by_backward_induction():
    g = cp.Game(["A", "B"], cp.decision("A", {
        "l": cp.decision("B", {"u": cp.outcome(1, 0), "d": cp.outcome(0, 1)}, infoset="B1"),
        "r": cp.decision("B", {"u": cp.outcome(0, 1), "d": cp.outcome(1, 0)}, infoset="B1"),
    }))
    with pytest.raises(UnsupportedGameError, match=r"'B1' has 2 nodes.*qre.*lcp"):
        cp.spe(g, method="backward_induction")


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(1, 5), integer=st.booleans(),
       n_players=st.integers(1, 3))
def test_spe_value_equals_independent_recursion(seed, depth, integer, n_players):
    rng = np.random.default_rng(seed)
    players = PLAYERS[:n_players]
    spec = random_tree(rng, players, depth, integer=integer)
    g = cp.Game(players, spec)
    sol = cp.spe(g)
    np.testing.assert_allclose(sol.value, recursive_spe_value(spec, players), atol=1e-12)
    # the strategy is a proper distribution at every infoset and reach sums to one
    for acts in sol.strategy.values():
        assert sum(float(p) for p in acts.values()) == pytest.approx(1.0)
    assert sum(float(p) for p in sol.outcome_probs.values()) == pytest.approx(1.0)
    # subgame perfection: at every decision node the chosen action is a best reply
    for i in np.flatnonzero(g.kind == cp.games.DECISION):
        kids = list(g.children(i))
        mover = g.player[i]
        vals = sol.node_value[mover, kids]
        chosen = vals[np.argmax(sol.edge_prob[kids])]
        assert chosen >= vals.max() - 1e-9


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(1, 4), integer=st.booleans(),
       policy=st.sampled_from(["first", "uniform"]))
def test_batched_solve_equals_scalar_solves(seed, depth, integer, policy):
    rng = np.random.default_rng(seed)
    g = cp.Game(PLAYERS[:2], random_tree(rng, PLAYERS[:2], depth, integer=integer, batch=(3, 2)))
    sol = cp.spe(g, ties=policy)
    for idx in np.ndindex(*g.batch_shape):
        one = cp.spe(g.at(idx), ties=policy)
        np.testing.assert_allclose(sol.value[(slice(None), *idx)], one.value, atol=1e-12)
        np.testing.assert_allclose(sol.edge_prob[(slice(None), *idx)], one.edge_prob, atol=1e-12)
        np.testing.assert_array_equal(sol.ties[(slice(None), *idx)], one.ties)
        if g.batch_shape:
            assert sol.path(index=idx) == one.path()


def test_large_flat_tree_from_arrays():
    # a complete binary tree of depth 12 built directly from arrays
    depth = 12
    n = 2 ** (depth + 1) - 1
    parent = np.r_[-1, (np.arange(1, n) - 1) // 2]
    kind = np.r_[np.ones(2**depth - 1, int), np.zeros(2**depth, int)]
    player = np.where(kind == 1, np.arange(n) % 2, -1)
    labels = [None] + ["L" if i % 2 else "R" for i in range(1, n)]
    rng = np.random.default_rng(1)
    payoffs = rng.normal(size=(2, 2**depth))
    g = cp.Game.from_arrays(["A", "B"], parent, kind, player, labels, payoffs)
    sol = cp.spe(g)
    spec = g.to_spec()
    np.testing.assert_allclose(sol.value, recursive_spe_value(spec, ["A", "B"]))
