"""The catalog: every game's known equilibria, solved here and (where installed) by pygambit."""

from __future__ import annotations

import io
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import ParameterError
from compellence.games import write_nfg

gbt = pytest.importorskip("pygambit")


def lab(x):
    return getattr(x, "label", x)


def gpay(eq):
    """pygambit 17: a profile's payoffs by player, in player order."""
    return [float(eq.payoffs[p]) for p in eq.game.players]


def profiles(eqs, digits=6):
    """A set of equilibria as rounded probability tuples (player by player)."""
    return {tuple(round(float(p), digits) for s in e.strategies for p in s) for e in eqs}


def gambit_nfg_profiles(game, digits=6):
    gg = gbt.read_nfg(io.StringIO(write_nfg(game)))
    out = set()
    for eq in gbt.nash.enummixed_solve(gg, rational=False).equilibria:
        out.add(tuple(round(float(eq[p][s]), digits) for p in gg.players
                      for s in gg.get_strategies(p)))
    return out


# ---------------------------------------------------------------- the catalog itself
def test_list_names_sources_and_forms():
    df = cp.catalog.list()
    expected = {"prisoners_dilemma", "chicken", "stag_hunt", "battle_of_the_sexes",
                "matching_pennies", "entry_deterrence", "centipede", "ultimatum", "beer_quiche",
                "selten_horse", "kuhn_poker", "fearon_bargaining", "compellence",
                "schelling_threat"}
    assert set(df.name) == expected == set(cp.catalog.names())
    assert list(df.columns) == ["name", "title", "source", "players", "form",
                                "known_equilibria", "parameters"]
    for _, row in df.iterrows():
        assert re.search(r"\((1[6-9]|20)\d\d\)", row.source), row.source  # a dated citation
        game = cp.catalog.load(row["name"])
        assert row.form == ("normal" if isinstance(game, cp.NormalFormGame) else "extensive")
        assert row.players == ", ".join(game.players)
        assert row.known_equilibria


def test_load_validation():
    with pytest.raises(ParameterError) as e:
        cp.catalog.load("prisoner")
    assert e.value.name == "name" and "prisoners_dilemma" in str(e.value)
    with pytest.raises(ParameterError) as e:
        cp.catalog.load("centipede", lenght=3)
    assert e.value.name == "lenght"
    with pytest.raises(ParameterError) as e:
        cp.catalog.load("centipede", stages=0)
    assert e.value.name == "stages"
    with pytest.raises(ParameterError) as e:
        cp.catalog.load("compellence", reversibility=1.5)
    assert e.value.name == "reversibility"
    assert cp.catalog.entry("ultimatum").parameters == {"pie": 10}


# ---------------------------------------------------------------- normal-form games
# expected equilibria, derived by hand in each builder's docstring: (row probs, column probs)
NORMAL = {
    "prisoners_dilemma": [((0, 1), (0, 1))],
    "chicken": [((1, 0), (0, 1)), ((0, 1), (1, 0)), ((0.9, 0.1), (0.9, 0.1))],
    "stag_hunt": [((1, 0), (1, 0)), ((0, 1), (0, 1)), ((0.75, 0.25), (0.75, 0.25))],
    "battle_of_the_sexes": [((1, 0), (1, 0)), ((0, 1), (0, 1)), ((2 / 3, 1 / 3), (1 / 3, 2 / 3))],
    "matching_pennies": [((0.5, 0.5), (0.5, 0.5))],
}


@pytest.mark.parametrize("name", sorted(NORMAL))
def test_normal_form_equilibria_by_hand_library_and_pygambit(name):
    game = cp.catalog.load(name)
    want = {tuple(round(float(p), 6) for s in e for p in s) for e in NORMAL[name]}
    res = cp.nash(game)
    assert res.complete
    assert profiles(res) == want
    assert gambit_nfg_profiles(game) == want
    # the hand derivation: each strategy in a support is a best reply (independent check)
    A, B = game.payoffs
    for x, y in NORMAL[name]:
        x, y = np.array(x, float), np.array(y, float)
        u1, u2 = A @ y, x @ B
        assert np.all(u1[x > 0] >= u1.max() - 1e-12) and np.all(u2[y > 0] >= u2.max() - 1e-12)


def test_prisoners_dilemma_defection_dominates():
    A, B = cp.catalog.load("prisoners_dilemma").payoffs
    assert np.all(A[1] > A[0]) and np.all(B[:, 1] > B[:, 0])


# ---------------------------------------------------------------- extensive-form games
def test_entry_deterrence_spe_and_the_incredible_threat():
    g = cp.catalog.load("entry_deterrence")
    sol = cp.spe(g)
    assert sol.path() == ("enter", "accommodate")
    np.testing.assert_allclose(sol.value, [1, 1])
    eqs = cp.nash(g)
    # entrant stays out iff -q + (1 - q) <= 0, i.e. the incumbent fights with q >= 1/2
    stay_out = [e for e in eqs if e.strategies[0][1] > 0.5]
    assert stay_out and all(e.strategies[1][0] >= 0.5 - 1e-9 for e in stay_out)
    assert any(np.allclose(e.strategies[1], [1, 0]) for e in stay_out)  # (stay out, fight)
    gg, _ = cp.games.to_pygambit(g)
    ours = {(round(float(e.payoffs[0]), 6), round(float(e.payoffs[1]), 6)) for e in eqs}
    theirs = {tuple(round(v, 6) for v in gpay(eq)) for eq in gbt.nash.enummixed_solve(gg, rational=False).equilibria}
    assert ours == theirs == {(1.0, 1.0), (0.0, 2.0)}


@pytest.mark.parametrize("stages", [1, 2, 3, 4, 7])
def test_centipede_take_at_once(stages):
    g = cp.catalog.load("centipede", stages=stages)
    sol = cp.spe(g)
    assert sol.path() == ("take",)
    np.testing.assert_allclose(sol.value, [0.4, 0.1])
    assert not sol.ties.any()
    # every mover takes (backward induction by hand: take 0.4*2^k > 0.1*2^(k+1) of the next take)
    for probs in sol.strategy.values():
        assert float(probs["take"]) == 1.0
    if stages == 4:  # McKelvey & Palfrey's end payoffs
        t = g.node_at("pass/pass/pass/pass")
        np.testing.assert_allclose(g.payoffs[:, g.terminal_index[t]], [6.4, 1.6])
    gg, _ = cp.games.to_pygambit(g)
    eq = gbt.nash.lcp_solve(gg, rational=False).equilibrium
    assert gpay(eq)[0] == pytest.approx(0.4)


def test_ultimatum_two_subgame_perfect_equilibria():
    g = cp.catalog.load("ultimatum", pie=6)
    sol = cp.spe(g)
    assert sol.path() == ("offer 0", "accept")
    for k in range(1, 7):  # every positive offer is accepted (k > 0 beats 0)
        assert float(sol.action_probs(f"offer {k}")["accept"]) == 1.0
    assert sol.ties.any()  # indifferent at offer 0
    # the other SPE, by hand from the payoffs: the responder rejects 0 (indifferent: 0 = 0)
    # and accepts k >= 1 (k > 0); the proposer's best offer is then 1 (6 - 1 > 0, and more is less)
    pie = 6
    t = {k: g.terminal_index[g.node_at(f"offer {k}/accept")] for k in range(pie + 1)}
    r = {k: g.terminal_index[g.node_at(f"offer {k}/reject")] for k in range(pie + 1)}
    accepts = {k: bool(g.payoffs[1, t[k]] > g.payoffs[1, r[k]]) for k in range(pie + 1)}
    assert accepts == {k: k >= 1 for k in range(pie + 1)}
    assert g.payoffs[1, t[0]] == g.payoffs[1, r[0]]  # the tie that makes two SPE
    proposer = {k: float(g.payoffs[0, t[k]] if accepts[k] else g.payoffs[0, r[k]])
                for k in range(pie + 1)}
    assert max(proposer, key=proposer.get) == 1 and proposer[1] == pie - 1


def test_beer_quiche_pooling_equilibria_and_the_intuitive_criterion():
    g = cp.catalog.load("beer_quiche")
    res = cp.signalling_equilibria(g)
    assert len(res) == 2 and len(res.pooling) == 2 and not res.separating
    by_msg = {e.sender["strong"]: e for e in res}
    beer, quiche = by_msg["beer"], by_msg["quiche"]
    assert beer.sender == {"strong": "beer", "weak": "beer"} and beer.intuitive
    assert beer.receiver == {"beer": "don't", "quiche": "duel"}
    assert quiche.sender == {"strong": "quiche", "weak": "quiche"} and not quiche.intuitive
    # off the path the receiver duels iff Pr(weak) >= 1/2 (duel: Pr(weak); don't: Pr(strong))
    lo, hi = beer.off_path["quiche"]["weak"]
    assert lo == pytest.approx(0.5) and hi == pytest.approx(1.0)
    # the sender's payoffs by hand: strong 3 with beer (no duel), weak 2 (no duel, not quiche)
    assert beer.sender_payoff == {"strong": 3.0, "weak": 2.0}
    # pygambit: the same Nash payoffs of the reduced form
    eqs = cp.nash(g)
    gg, _ = cp.games.to_pygambit(g)
    ours = {tuple(round(float(v), 6) for v in e.payoffs) for e in eqs}
    theirs = {tuple(round(v, 6) for v in gpay(eq)) for eq in gbt.nash.enummixed_solve(gg, rational=False).equilibria}
    assert ours == theirs
    assert (2.9, 0.9) in ours and (2.1, 0.9) in ours  # beer and quiche pooling


def test_selten_horse_nash_and_sequential():
    g = cp.catalog.load("selten_horse")
    eqs = cp.nash(g, method="pure")
    ours = {tuple(int(np.argmax(s)) for s in e.strategies) for e in eqs}
    assert ours == {(0, 0, 1), (0, 1, 1), (1, 0, 0)}  # (C,c,R), (C,d,R), (D,c,L)
    gg, _ = cp.games.to_pygambit(g)
    theirs = {tuple(int(np.argmax([float(eq[p][s]) for s in gg.get_strategies(p)]))
                    for p in gg.players) for eq in gbt.nash.enumpure_solve(gg).equilibria}
    assert theirs == ours
    # (D, c, L) is not sequential: at player 2's node, d against L pays 4 > 1 (c)
    t_cc = g.terminal_index[g.node_at("C/c")]
    t_cdl = g.terminal_index[g.node_at("C/d/L")]
    assert g.payoffs[1, t_cdl] > g.payoffs[1, t_cc]
    # the library's subgame-perfect solution is one of the sequential ones (player 3: R)
    sol = cp.spe(g)
    assert sol.path()[0] == "C" and sol.path()[-1] in ("R", "c")


def test_kuhn_poker_value_and_equilibrium_structure():
    g = cp.catalog.load("kuhn_poker")
    sol = cp.nash(g, method="lcp").behavior(0)
    assert float(sol.value[0]) == pytest.approx(-1 / 18, abs=1e-9)
    s = {k: {a: float(v) for a, v in d.items()} for k, d in sol.strategy.items()}
    alpha = s["J"]["bet"]
    assert -1e-9 <= alpha <= 1 / 3 + 1e-9
    assert s["K"]["bet"] == pytest.approx(3 * alpha, abs=1e-9)
    assert s["Q"]["bet"] == pytest.approx(0, abs=1e-9)
    assert s["Q, check, bet"]["call"] == pytest.approx(alpha + 1 / 3, abs=1e-9)
    assert s["K, check"]["bet"] == pytest.approx(1)
    assert s["J, check"]["bet"] == pytest.approx(1 / 3, abs=1e-9)
    assert s["Q, bet"]["call"] == pytest.approx(1 / 3, abs=1e-9)
    gg, _ = cp.games.to_pygambit(g)
    eq = gbt.nash.lcp_solve(gg, rational=True).equilibrium
    assert Fraction(eq.payoffs[list(gg.players)[0]]) == Fraction(-1, 18)


# ---------------------------------------------------------------- the coercion literature
def test_fearon_bargaining_demand_and_no_war():
    g = cp.catalog.load("fearon_bargaining")
    assert cp.spe(g).path() == ("demand 0.6", "accept")
    p = np.array([0.2, 0.35, 0.5, 0.72])
    gb = cp.catalog.load("fearon_bargaining", p=p, c_b=0.13)
    sol = cp.spe(gb)
    grid = np.linspace(0, 1, 11)
    for k, pk in enumerate(p):
        x = grid[grid <= pk + 0.13].max()  # by hand: the largest demand B accepts
        assert sol.path(index=k) == (f"demand {x:.6g}", "accept")


def target_complies_by_hand(pi_T, pi_A, r, s, D, x):
    """Expected target costs by branch (irreversible part on every branch, so it cancels)."""
    P = s * D
    comply = x + (1 - r) * P + (1 - pi_A) * r * P
    resist = (1 - r) * P + pi_T * r * P
    return comply <= resist


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(*[st.floats(0, 1)] * 3, st.floats(0, 1), st.floats(0.01, 30),
                          st.floats(0, 1)), min_size=1, max_size=20))
def test_compellence_game_complies_iff_margin_nonnegative(rows):
    pi_T, pi_A, r, s, D, x = (np.array(c) for c in zip(*rows))
    g = cp.catalog.load("compellence", threat_credibility=pi_T, assurance_credibility=pi_A,
                        reversibility=r, punishment_per_period=s, future_weight=D, concession=x)
    sol = cp.spe(g)
    comply = sol.edge_prob[g.node_at("comply")] == 1.0
    by_hand = target_complies_by_hand(pi_T, pi_A, r, s, D, x)
    margin = (pi_T + pi_A - 1) * r * s * D - x
    clear = np.abs(margin) > 1e-9 * (1 + s * D + x)  # off the knife edge
    np.testing.assert_array_equal(comply[clear], by_hand[clear])
    lib = cp.offramp_margin(x, s, D / (1 + D), pi_T, pi_A, r)
    np.testing.assert_allclose(lib, margin, atol=1e-9 * (1 + float(np.max(s * D))))


def test_compellence_defaults_and_pygambit():
    g = cp.catalog.load("compellence")
    sol = cp.spe(g)
    assert sol.path()[0] == "comply"
    P = 0.2 * 9
    assert float(sol.value[1]) == pytest.approx(-(0.2 + 0.5 * P + 0.2 * 0.5 * P))
    gg, _ = cp.games.to_pygambit(g)
    eq = gbt.nash.lcp_solve(gg, rational=False).equilibrium
    assert gpay(eq)[1] == pytest.approx(float(sol.value[1]))


def test_schelling_threat_credible_or_not():
    g = cp.catalog.load("schelling_threat", punish=np.array([-1.0, -3.0]), back_down=-2.0)
    sol = cp.spe(g)
    assert sol.path(index=0) == ("demand", "comply")
    assert sol.path(index=1) == ("status quo",)  # resist -> back down (-2) < status quo (0)
    one = cp.catalog.load("schelling_threat")
    gg, _ = cp.games.to_pygambit(one)
    # Gambit's extreme equilibria of the reduced form include the subgame-perfect (1, -1)
    theirs = {tuple(round(v, 6) for v in gpay(eq))
              for eq in gbt.nash.enummixed_solve(gg, rational=False).equilibria}
    ours = {tuple(round(float(v), 6) for v in e.payoffs) for e in cp.nash(one)}
    assert theirs == ours and (1.0, -1.0) in ours


@pytest.mark.parametrize("name", ["entry_deterrence", "beer_quiche", "kuhn_poker", "selten_horse",
                                  "compellence", "chicken"])
def test_catalog_games_round_trip_through_gambit_files(name, tmp_path):
    game = cp.catalog.load(name)
    if isinstance(game, cp.NormalFormGame):
        back = cp.read_nfg(io.StringIO(write_nfg(game)))
        np.testing.assert_allclose(back.payoffs, game.payoffs)
        return
    path = tmp_path / f"{name}.efg"
    path.write_text(cp.write_efg(game))
    back = cp.read_efg(path)
    assert back.n_nodes == game.n_nodes and back.edge_label == game.edge_label
    np.testing.assert_allclose(back.payoffs, game.payoffs)
    assert [s.nodes for s in back.infosets] == [s.nodes for s in game.infosets]
