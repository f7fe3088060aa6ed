"""Sequence form and its LCP: structure, best-response conditions, pygambit as oracle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lcp_helpers import gambit_profile, random_recall_game, relabel_infosets, to_gambit
from scipy.optimize import linprog

import compellence as cp
from compellence.errors import BatchedGameError, InfosetError, UnsupportedGameError
from compellence.solvers.recall import check_perfect_recall, has_perfect_recall
from compellence.solvers.sequence_form import (
    realization_plan,
    sequence_form,
    sequence_form_lcp,
)

gbt = pytest.importorskip("pygambit")


def hidden_pennies(scale=1.0):
    """Matching pennies in extensive form: P2 does not see P1's coin."""
    return cp.Game(
        ["P1", "P2"],
        cp.decision("P1", {
            "H": cp.decision("P2", {"h": cp.outcome(scale, -scale), "t": cp.outcome(-scale, scale)},
                             infoset="guess"),
            "T": cp.decision("P2", {"h": cp.outcome(-scale, scale), "t": cp.outcome(scale, -scale)},
                             infoset="guess"),
        }),
        title="hidden pennies",
    )


def kuhn_like():
    """A chance move P2 does not see, P1 sees; P1 bets or folds; P2 calls or folds."""
    def after(card_payoff):
        return cp.decision("P1", {
            "bet": cp.decision("P2", {"call": cp.outcome(2 * card_payoff, -2 * card_payoff),
                                      "fold": cp.outcome(1, -1)}, infoset="P2 facing bet"),
            "check": cp.outcome(card_payoff, -card_payoff),
        })
    return cp.Game(["P1", "P2"], cp.chance({"high": (0.5, after(1.0)), "low": (0.5, after(-1.0))}),
                   title="one-card poker")


def plans_of(solution):
    sf = sequence_form(solution.game)
    st_ = sf._structure
    behs = []
    for p in (0, 1):
        beh = np.zeros(st_.n_seq[p])
        for k in st_.sets[p]:
            s = solution.game.infosets[k]
            c0 = int(solution.game.child_start[s.nodes[0]])
            o = int(st_.index.offset[k])
            beh[o : o + len(s.actions)] = solution.edge_prob[c0 : c0 + len(s.actions)]
        behs.append(realization_plan(st_, p, beh))
    return sf, behs[0], behs[1]


def lp_best_reply_value(E, e, c):
    """max c'x s.t. Ex = e, x >= 0, by scipy's LP solver (independent of our code)."""
    res = linprog(-np.asarray(c), A_eq=E.toarray(), b_eq=e, bounds=(0, None), method="highs")
    assert res.status == 0
    return -res.fun


def assert_sequence_form_equilibrium(solution, tol=1e-7):
    sf, x, y = plans_of(solution)
    # realization plans
    np.testing.assert_allclose(sf.E @ x, sf.e, atol=1e-9)
    np.testing.assert_allclose(sf.F @ y, sf.f, atol=1e-9)
    assert x.min() >= -1e-12 and y.min() >= -1e-12
    # best-response conditions: no realization plan does better (LP over the plan polytope)
    v1, v2 = sf.payoff(x, y)
    assert lp_best_reply_value(sf.E, sf.e, sf.A @ y) <= v1 + tol
    assert lp_best_reply_value(sf.F, sf.f, sf.B.T @ x) <= v2 + tol
    # the Solution's values are the plans' payoffs
    np.testing.assert_allclose(solution.value, [v1, v2], atol=1e-9)


def test_sequence_form_structure_of_hidden_pennies():
    sf = sequence_form(hidden_pennies())
    assert sf.A.shape == (3, 3) and sf.E.shape == (2, 3) and sf.F.shape == (2, 3)
    assert sf.sequences[0] == ("()", "root:H", "root:T")
    assert sf.sequences[1] == ("()", "guess:h", "guess:t")
    np.testing.assert_array_equal(sf.E.toarray(), [[1, 0, 0], [-1, 1, 1]])
    np.testing.assert_array_equal(sf.A.toarray(), [[0, 0, 0], [0, 1, -1], [0, -1, 1]])
    np.testing.assert_array_equal((sf.A + sf.B).toarray(), 0)
    assert "SequenceForm" in repr(sf)


def test_pure_plans_give_tree_payoffs():
    g = kuhn_like()
    sf = sequence_form(g)
    # P1 always bets, P2 always calls: expected payoff 0.5*2 + 0.5*(-2) = 0
    x = np.zeros(sf.A.shape[0])
    y = np.zeros(sf.A.shape[1])
    x[0] = y[0] = 1
    for k, lab in enumerate(sf.sequences[0]):
        if lab.endswith(":bet"):
            x[k] = 1
    y[sf.sequences[1].index("P2 facing bet:call")] = 1
    np.testing.assert_allclose(sf.payoff(x, y), [0.0, 0.0])
    np.testing.assert_allclose(sf.E @ x, sf.e)


def test_hidden_pennies_mixes_half_half():
    sol = sequence_form_lcp(hidden_pennies(3.0))
    assert sol.method == "lcp"
    for probs in sol.strategy.values():
        for p in probs.values():
            assert float(p) == pytest.approx(0.5, abs=1e-9)
    np.testing.assert_allclose(sol.value, [0.0, 0.0], atol=1e-12)
    assert sol.ties.all()  # both players are indifferent in a mixed equilibrium
    np.testing.assert_allclose(sol.beliefs[[1, 2]], [0.5, 0.5])
    assert_sequence_form_equilibrium(sol)


def test_one_card_poker_against_pygambit():
    g = kuhn_like()
    sol = sequence_form_lcp(g)
    assert_sequence_form_equilibrium(sol)
    gg, made = to_gambit(g)
    prof = gambit_profile(gg, made, sol)
    assert prof.max_regret() < 1e-9
    # value of the game (zero-sum: unique) agrees with pygambit's own LCP
    ref = gbt.nash.lcp_solve(gg, rational=False).equilibrium
    assert float(sol.value[0]) == pytest.approx(float(ref.payoffs[list(gg.players)[0]]), abs=1e-9)
    assert float(prof.payoffs[list(gg.players)[0]]) == pytest.approx(float(sol.value[0]), abs=1e-9)


def zero_sum(g):
    pay = np.stack([g.payoffs[0], -g.payoffs[0]])
    return cp.Game.from_arrays(g.players, g.parent, g.kind, g.player, g.edge_label, pay,
                               g.chance_probs, g.infoset_labels())


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), integer=st.booleans(), zs=st.booleans())
def test_random_games_equilibrium_pygambit_confirms(seed, integer, zs):
    rng = np.random.default_rng(seed)
    g = relabel_infosets(random_recall_game(rng, max_nodes=30, depth=5, integer=integer))
    if zs:  # zero-sum games mostly need mixed equilibria (long Lemke paths)
        g = zero_sum(g)
    sol = sequence_form_lcp(g, seed=seed % 7)
    assert_sequence_form_equilibrium(sol)
    assert float(sol.info["max_regret"]) <= 1e-9
    gg, made = to_gambit(g)
    prof = gambit_profile(gg, made, sol)
    assert prof.max_regret() < 1e-6
    for j, pl in enumerate(gg.players):
        assert float(prof.payoffs[pl]) == pytest.approx(float(sol.value[j]), abs=1e-6)
    # beliefs are distributions over each information set
    for s in g.infosets:
        assert float(sol.beliefs[list(s.nodes)].sum()) == pytest.approx(1.0)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_larger_random_games_satisfy_best_response_conditions(seed):
    rng = np.random.default_rng(seed)
    g = random_recall_game(rng, max_nodes=400, depth=9, integer=False, p_hide=0.5)
    sol = sequence_form_lcp(zero_sum(g) if seed % 2 else g)
    assert_sequence_form_equilibrium(sol, tol=1e-6)


def test_batched_game_is_solved_per_element():
    a = np.array([1.0, 2.0, 0.5])
    g = cp.Game(
        ["P1", "P2"],
        cp.decision("P1", {
            "H": cp.decision("P2", {"h": cp.outcome(a, -a), "t": cp.outcome(-1, 1)}, infoset="g"),
            "T": cp.decision("P2", {"h": cp.outcome(-1, 1), "t": cp.outcome(1, -1)}, infoset="g"),
        }),
    )
    sol = sequence_form_lcp(g)
    assert sol.edge_prob.shape == (g.n_nodes, 3)
    for i in range(3):
        one = sequence_form_lcp(g.at(i))
        np.testing.assert_allclose(sol.edge_prob[:, i], one.edge_prob, atol=1e-12)
        np.testing.assert_allclose(sol.value[:, i], one.value, atol=1e-12)
    # P1 mixes so that P2 is indifferent: a*p - (1-p) = -p + (1-p) -> p = 2/(a+3)
    np.testing.assert_allclose(sol.strategy["root"]["H"], 2 / (a + 3))


def test_perfect_information_game_gives_a_nash_equilibrium():
    g = cp.Game(
        ["Coercer", "Target"],
        cp.decision("Coercer", {
            "demand": cp.decision("Target", {
                "comply": cp.outcome(1.0, -1.0),
                "resist": cp.decision("Coercer", {"punish": cp.outcome(-1.0, -3.0),
                                                  "back down": cp.outcome(-2.0, 0.0)}),
            }),
            "status quo": cp.outcome(0.0, 0.0),
        }),
    )
    sol = sequence_form_lcp(g)
    assert_sequence_form_equilibrium(sol)
    gg, made = to_gambit(g)
    assert gambit_profile(gg, made, sol).max_regret() < 1e-9


def test_nash_dispatches_lcp():
    from compellence.solvers.nash import nash

    res = nash(hidden_pennies(), method="lcp")
    assert res.method == "lcp" and len(res) == 1 and not res.complete
    sol = res.behavior(0)
    assert sol.method == "lcp"
    assert float(sol.strategy["guess"]["h"]) == pytest.approx(0.5)
    guess = res[0].players.index(next(p for p in res[0].players if p.endswith("@guess")))
    assert res[0].strategies[guess] == pytest.approx([0.5, 0.5])


def test_three_players_refused():
    g = cp.Game(["A", "B", "C"], cp.decision("A", {"x": cp.outcome(1, 2, 3), "y": cp.outcome(0, 0, 0)}))
    with pytest.raises(UnsupportedGameError, match="two-player"):
        sequence_form_lcp(g)


def forgetful_game():
    """P1 forgets her own first move (imperfect recall)."""
    return cp.Game(
        ["P1", "P2"],
        cp.decision("P1", {
            "L": cp.decision("P1", {"l": cp.outcome(1, 0), "r": cp.outcome(0, 0)}, infoset="forget"),
            "R": cp.decision("P1", {"l": cp.outcome(0, 0), "r": cp.outcome(1, 0)}, infoset="forget"),
        }),
    )


def test_imperfect_recall_is_refused_naming_the_infoset():
    g = forgetful_game()
    assert not has_perfect_recall(g)
    with pytest.raises(InfosetError, match="'forget'.*perfect recall"):
        sequence_form_lcp(g)
    with pytest.raises(InfosetError, match="root/R"):
        check_perfect_recall(g)
    gg, _ = to_gambit(g)
    assert not gg.is_perfect_recall


def test_absent_minded_driver_is_refused():
    g = cp.Game(
        ["Driver", "Other"],
        cp.decision("Driver", {
            "exit": cp.outcome(0, 0),
            "continue": cp.decision("Driver", {"exit": cp.outcome(4, 0), "continue": cp.outcome(1, 0)},
                                    infoset="junction"),
        }, infoset="junction"),
    )
    with pytest.raises(InfosetError, match="junction"):
        sequence_form_lcp(g)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_recall_check_agrees_with_pygambit(seed):
    rng = np.random.default_rng(seed)
    g = random_recall_game(rng, max_nodes=25, depth=4)
    assert has_perfect_recall(g)
    # merge two random same-player, same-arity sets: recall may break; compare with pygambit
    sets = [s for s in g.infosets]
    pairs = [(a, b) for a in sets for b in sets if a.index < b.index and a.player == b.player
             and a.actions == b.actions]
    if not pairs:
        return
    a, b = pairs[int(rng.integers(len(pairs)))]
    labels = [None] * g.n_nodes
    for s in g.infosets:
        for i in s.nodes:
            labels[i] = f"I{s.index}"
    for i in b.nodes:
        labels[i] = f"I{a.index}"
    merged = cp.Game.from_arrays(g.players, g.parent, g.kind, g.player, g.edge_label, g.payoffs,
                                 g.chance_probs, labels)
    gg, _ = to_gambit(merged)
    assert has_perfect_recall(merged) == gg.is_perfect_recall


def test_bad_inputs_are_refused_with_names():
    from compellence.errors import ParameterError
    from compellence.solvers.sequence_form import behaviour_regret

    a = np.array([1.0, 2.0])
    g = cp.Game(["P1", "P2"], cp.decision("P1", {"x": cp.outcome(a, 0), "y": cp.outcome(0, 0)}))
    with pytest.raises(ParameterError, match="index"):
        sequence_form(g)
    assert sequence_form(g, index=1).A.shape == (3, 1)
    with pytest.raises(BatchedGameError, match=r"behaviour_regret solves one game at a time.*game\.at"):
        behaviour_regret(g, np.ones(g.n_nodes))
    with pytest.raises(ParameterError, match="edge_prob"):
        behaviour_regret(g.at(0), np.ones(2))
    with pytest.raises(ParameterError, match="tol"):
        sequence_form_lcp(g, tol=0.5)
    with pytest.raises(ParameterError, match="game"):
        sequence_form_lcp("not a game")
