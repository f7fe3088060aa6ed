"""NormalFormGame and the reduced strategic form (to_normal_form), with pygambit as oracle."""

from __future__ import annotations

import numpy as np
import pygambit as gbt
import pytest
from conftest import random_tree
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import (
    ActionError,
    BatchShapeError,
    GameError,
    ParameterError,
    PayoffError,
    PlayerError,
)
from compellence.games.gambit_io import write_efg
from compellence.games.reduced import (
    ReducedNormalFormGame,
    reduced_payoffs,
    to_normal_form,
)
from compellence.solvers.nash import nash, regrets
from compellence.solvers.solution import behavior_solution


def threat_game(p_h=0.25):
    return cp.Game(
        players=["Coercer", "Target"],
        root=cp.decision("Coercer", {
            "demand": cp.decision("Target", {
                "comply": cp.outcome(1.0, -1.0),
                "resist": cp.decision("Coercer", {
                    "punish": cp.outcome(-1.0, -3.0),
                    "back down": cp.outcome(-2.0, 0.0),
                }),
            }),
            "status quo": cp.chance({
                "calm": (p_h, cp.outcome(0.0, 0.0)),
                "crisis": (1 - p_h, cp.outcome(4.0, 0.0)),
            }),
        }),
        title="threat",
    )


def random_infoset_tree(rng: np.random.Generator, players: list[str], depth: int):
    """A random tree with chance moves and perfect-recall information sets.

    Where a node of player P moves, its children may all be nodes of another
    player Q with the same actions in one information set (Q does not see P's
    move); this keeps perfect recall.
    """
    counter = [0]

    def pay():
        return cp.outcome(*[float(rng.integers(-4, 5)) for _ in players])

    def build(d, forced=None):
        if forced is None and (d == 0 or (d < depth and rng.random() < 0.2)):
            return pay()
        if forced is None and rng.random() < 0.2:
            k = int(rng.integers(2, 4))
            w = rng.integers(1, 5, size=k).astype(float)
            w /= w.sum()
            return cp.chance({f"c{j}": (float(w[j]), build(d - 1)) for j in range(k)})
        if forced is not None:
            who, labels, iset = forced
        else:
            who = players[int(rng.integers(len(players)))]
            labels = [f"a{j}" for j in range(int(rng.integers(1, 4)))]
            iset = None
        others = [p for p in players if p != who]
        if d > 1 and others and rng.random() < 0.35:
            q = others[int(rng.integers(len(others)))]
            counter[0] += 1
            qlabels = [f"{q.lower()}{j}" for j in range(int(rng.integers(2, 4)))]
            child = (q, qlabels, f"I{counter[0]}")
            return cp.decision(who, {a: build(d - 1, child) for a in labels}, infoset=iset)
        return cp.decision(who, {a: build(d - 1) for a in labels}, infoset=iset)

    return build(depth)


def gambit_permutation(nf: ReducedNormalFormGame, gg) -> list[list[int]]:
    """Per player, the index of each of our reduced strategies in pygambit's strategy list.

    A reduced strategy is compared as what it prescribes: {our information set: action
    label} over the information sets it does not make unreachable (pygambit's
    ``get_behavior``, keyed by the History of each information set's first member).
    """
    g = nf.extensive
    perms = []
    for i, player in enumerate(gg.players):
        strategies = gg.get_strategies(player)
        if not gg.get_infosets(player):  # a player without moves has one (empty) strategy
            assert len(nf._assign[i]) == 1 and len(strategies) == 1
            perms.append([0])
            continue
        theirs = []
        for label in strategies:
            behavior = gg.get_behavior(player, label)
            theirs.append(frozenset(
                (int(g.infoset[g.node_at(list(h.actions))]), action)
                for h, action in behavior.items()
            ))
        ours = [frozenset((h, g.infosets[h].actions[a]) for h, a in assign.items())
                for assign in nf._assign[i]]
        assert sorted(theirs, key=sorted) == sorted(ours, key=sorted)
        perms.append([theirs.index(o) for o in ours])
    return perms


def gambit_payoffs_in_our_order(nf: ReducedNormalFormGame, path) -> np.ndarray:
    """pygambit's reduced strategic form of the written file, permuted to our strategy order."""
    gg = gbt.read_efg(str(path))
    arrays = np.array([a for a in gg.to_arrays(dtype=float)], dtype=float)
    perms = gambit_permutation(nf, gg)
    return arrays[np.ix_(range(arrays.shape[0]), *perms)]


# ---------------------------------------------------------------- NormalFormGame
def test_normal_form_basics_and_display():
    g = cp.NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Row", "Col"],
        strategies=[["C", "D"], ["C", "D"]], title="PD",
    )
    assert g.n_players == 2 and g.shape == (2, 2)
    A, B = g.bimatrix()
    assert A[1, 0] == 5 and B[0, 1] == 5
    np.testing.assert_allclose(g.expected_payoffs([[0.5, 0.5], [1, 0]]), [4.0, 1.5])
    np.testing.assert_allclose(g.strategy_payoffs([[0.5, 0.5], [1, 0]], 0), [3, 5])
    df = g.to_frame()
    assert list(df.columns) == ["strategy[Row]", "strategy[Col]", "payoff[Row]", "payoff[Col]"]
    row = df[(df["strategy[Row]"] == "D") & (df["strategy[Col]"] == "C")]
    assert row["payoff[Row]"].item() == 5
    assert "PD" in repr(g) and "2 x 2" in repr(g)
    assert "5, 0" in str(g) and "<table" in g._repr_html_()


def test_normal_form_three_players():
    rng = np.random.default_rng(1)
    u = rng.normal(size=(3, 2, 3, 2))
    g = cp.NormalFormGame(u)
    assert g.players == ("Player 1", "Player 2", "Player 3")
    assert g.strategies[1] == ("1", "2", "3")
    prof = [np.array([1, 0]), np.array([0, 0, 1]), np.array([0.5, 0.5])]
    np.testing.assert_allclose(g.expected_payoffs(prof), u[:, 0, 2, :].mean(axis=1))
    assert len(g.to_frame()) == 12 and "<table" in g._repr_html_()


@pytest.mark.parametrize(
    "kwargs, exc, text",
    [
        (dict(payoffs=[1, 2]), PayoffError, "shape"),
        (dict(payoffs=np.zeros((2, 2))), BatchShapeError, "2 players need 3 dimensions"),
        (dict(payoffs=np.zeros((2, 2, 0))), GameError, "at least one strategy"),
        (dict(payoffs=np.array([[[1.0, np.nan]], [[0.0, 0.0]]])), PayoffError, "payoffs[(0, 0, 1)]"),
        (dict(payoffs=np.zeros((2, 1, 1)), players=["a"]), PlayerError, "1 player names"),
        (dict(payoffs=np.zeros((2, 1, 1)), players=["a", "a"]), PlayerError, "duplicate"),
        (dict(payoffs=np.zeros((2, 2, 1)), strategies=[["x"], ["y"]]), GameError, "2 strategies but 1 labels"),
        (dict(payoffs=np.zeros((2, 2, 1)), strategies=[["x", "x"], ["y"]]), GameError, "duplicate strategy"),
        (dict(payoffs="abc"), PayoffError, "numeric"),
    ],
)
def test_normal_form_errors_name_the_field(kwargs, exc, text):
    with pytest.raises(exc) as info:
        cp.NormalFormGame(**kwargs)
    assert text in str(info.value)


def test_from_bimatrix_shape_error():
    with pytest.raises(PayoffError, match="one shape"):
        cp.NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(GameError, match="two-player"):
        cp.NormalFormGame(np.zeros((3, 1, 1, 1))).bimatrix()


# ---------------------------------------------------------------- reduced form
def test_threat_game_reduced_form():
    nf = to_normal_form(threat_game())
    assert isinstance(nf, cp.NormalFormGame)
    assert nf.strategies == (("demand/punish", "demand/back down", "status quo/*"),
                             ("comply", "resist"))
    A, B = nf.bimatrix()
    np.testing.assert_allclose(A, [[1, -1], [1, -2], [3, 3]])  # 0.25*0 + 0.75*4 = 3
    np.testing.assert_allclose(B, [[-1, -3], [-1, 0], [0, 0]])
    assert nf.assignments[0][2] == {"root": "status quo"}
    assert nf.assignments[0][0] == {"root": "demand", "root/demand/resist": "punish"}


def test_reduced_form_matches_pygambit_on_infoset_trees(tmp_path):
    rng = np.random.default_rng(7)
    for k in range(12):
        players = ["A", "B"] if k % 3 else ["A", "B", "C"]
        game = cp.Game(players, random_infoset_tree(rng, players, 3), title=f"t{k}")
        if game.kind[0] == 0:
            continue
        nf = to_normal_form(game)
        path = tmp_path / f"t{k}.efg"
        write_efg(game, path)
        np.testing.assert_allclose(gambit_payoffs_in_our_order(nf, path), nf.payoffs, atol=1e-12)


def test_batched_game_is_refused_but_payoffs_batch():
    g = threat_game(np.array([0.1, 0.5, 0.9]))
    with pytest.raises(ParameterError) as info:
        to_normal_form(g)
    assert "(3,)" in str(info.value) and "game.at(index)" in str(info.value)
    batched = reduced_payoffs(g)
    assert batched.shape == (2, 3, 2, 3)
    for b in range(3):
        np.testing.assert_allclose(batched[..., b], to_normal_form(g.at(b)).payoffs)


def test_to_normal_form_errors():
    with pytest.raises(ParameterError, match="game: to_normal_form"):
        to_normal_form(cp.NormalFormGame(np.zeros((2, 2, 2))))
    with pytest.raises(ActionError, match="root"):
        to_normal_form(cp.Game(["A"], cp.outcome(1.0)))


def test_player_without_moves_gets_one_strategy():
    g = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(1, 0), "y": cp.outcome(0, 1)}))
    nf = to_normal_form(g)
    assert nf.strategies[1] == ("(no move)",)
    assert nf.shape == (2, 1)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_players=st.integers(1, 3), depth=st.integers(1, 4))
def test_spe_is_nash_of_reduced_form(seed, n_players, depth):
    """Property: the SPE of a random tree is a pure Nash equilibrium of its reduced form."""
    rng = np.random.default_rng(seed)
    players = ["A", "B", "C"][:n_players]
    game = cp.Game(players, random_tree(rng, players, depth))
    if game.kind[0] == 0:
        return
    sol = cp.spe(game)
    nf = to_normal_form(game)
    prof = nf.pure_profile(sol)
    strategies = [np.eye(m)[k] for m, k in zip(nf.shape, prof)]
    pays, reg = regrets(nf, strategies)
    assert reg.max() <= 1e-9
    np.testing.assert_allclose(pays, sol.value, atol=1e-9)
    # and the mapped-back behaviour reproduces the SPE's play
    back = behavior_solution(nf, strategies)
    np.testing.assert_allclose(back.value, sol.value, atol=1e-9)


def test_mixed_equilibrium_to_behaviour_and_back():
    rng = np.random.default_rng(3)
    for _ in range(6):
        game = cp.Game(["A", "B"], random_infoset_tree(rng, ["A", "B"], 3))
        if game.kind[0] == 0:
            continue
        nf = to_normal_form(game)
        res = nash(nf, "vertex")
        for e in res:
            sol = behavior_solution(nf, e.strategies)
            np.testing.assert_allclose(sol.value, e.payoffs, atol=1e-9)
            # Kuhn: the behaviour's mixed representation is payoff-equivalent
            mixed = nf.mixed_profile(sol)
            for m in mixed:
                assert abs(m.sum() - 1) < 1e-9
            np.testing.assert_allclose(nf.expected_payoffs(mixed), e.payoffs, atol=1e-9)


def test_behaviour_marks_unreached_infosets_and_ties():
    nf = to_normal_form(threat_game())
    sol = behavior_solution(nf, [[0, 0, 1], [1, 0]])
    assert sol.info["unreached_infosets"] == ("root/demand/resist",)
    assert sol.strategy["root/demand/resist"]["punish"] == pytest.approx(0.5)
    assert not sol.ties.any()  # every mover's chosen action is its unique best here
    tied = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(1, 0), "y": cp.outcome(1, 1)}))
    assert behavior_solution(to_normal_form(tied), [[1, 0], [1]]).ties.tolist() == [True]
    with pytest.raises(ParameterError, match="profile"):
        behavior_solution(nf, [[1, 0, 0]])
    with pytest.raises(ParameterError, match="needs 3 probabilities"):
        behavior_solution(nf, [[1, 0], [1, 0]])


def test_pure_profile_refuses_mixed_behaviour():
    g = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(1, 0), "y": cp.outcome(1, 1)}))
    nf = to_normal_form(g)
    sol = cp.spe(g, ties="uniform")
    with pytest.raises(ParameterError, match="mixed"):
        nf.pure_profile(sol)
    np.testing.assert_allclose(nf.mixed_profile(sol)[0], [0.5, 0.5])


def test_kuhn_map_errors_name_the_argument():
    nf = to_normal_form(threat_game())
    other = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(1, 0), "y": cp.outcome(0, 1)}))
    with pytest.raises(ParameterError, match="solution: the solution belongs to another game"):
        nf.mixed_profile(cp.spe(other))
    batched = threat_game(np.array([0.2, 0.8]))
    with pytest.raises(ParameterError, match=r"solution: the solution is batched \(batch shape \(2,\)\)"):
        nf.mixed_profile(cp.spe(batched))


def test_too_many_players():
    players = [f"P{i}" for i in range(21)]
    g = cp.Game(players, cp.decision("P0", {"a": cp.outcome(*range(21)),
                                            "b": cp.outcome(*range(21))}))
    with pytest.raises(ParameterError, match="game: to_normal_form supports at most 20 players"):
        to_normal_form(g)
