"""Nash equilibria: pygambit's enummixed_solve as oracle, degenerate games, n-player pure."""

from __future__ import annotations

import itertools
import sys

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import ParameterError, UnsupportedGameError
from compellence.solvers.nash import NashEquilibria, NashEquilibrium, nash, regrets

TOL = 1e-9


def bimatrix(A, B, **kw):
    return cp.NormalFormGame.from_bimatrix(A, B, **kw)


def gambit_equilibria(A, B, rational=False) -> list[tuple[np.ndarray, np.ndarray]]:
    """enummixed_solve's equilibria; in degenerate games Gambit lists some twice: deduplicated."""
    g = gbt.StrategicGame.from_arrays(np.asarray(A), np.asarray(B))
    out: list[tuple[np.ndarray, np.ndarray]] = []
    for eq in gbt.nash.enummixed_solve(g, rational=rational).equilibria:
        x, y = (np.array([float(eq[p][s]) for s in g.get_strategies(p)]) for p in g.players)
        if not any(np.allclose(x, a, atol=1e-9) and np.allclose(y, b, atol=1e-9) for a, b in out):
            out.append((x, y))
    return out


def same_set(ours: NashEquilibria, theirs, atol=1e-6) -> bool:
    if len(ours) != len(theirs):
        return False
    unmatched = list(range(len(theirs)))
    for e in ours:
        hit = next(
            (k for k in unmatched
             if np.allclose(e.strategies[0], theirs[k][0], atol=atol)
             and np.allclose(e.strategies[1], theirs[k][1], atol=atol)),
            None,
        )
        if hit is None:
            return False
        unmatched.remove(hit)
    return True


def assert_verified(res: NashEquilibria):
    scale = max(1.0, float(np.abs(res.game.payoffs).max()))
    for e in res:
        pays, reg = regrets(res.game, e.strategies)
        assert reg.max() <= res.tol * scale
        np.testing.assert_allclose(pays, e.payoffs, atol=1e-12)
        for s in e.strategies:
            assert (s >= 0).all() and abs(s.sum() - 1) < 1e-12


# ---------------------------------------------------------------- classic games
def test_matching_pennies_all_methods():
    g = bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], title="pennies")
    for method in ("support", "vertex", "lemke_howson", "auto"):
        res = nash(g, method)
        assert len(res) == 1, method
        np.testing.assert_allclose(res[0].strategies[0], [0.5, 0.5])
        np.testing.assert_allclose(res[0].payoffs, [0, 0], atol=1e-12)
        assert_verified(res)
    assert len(nash(g, "pure")) == 0


def test_battle_of_the_sexes_three_equilibria():
    g = bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]], strategies=[["opera", "fight"]] * 2)
    for method in ("support", "vertex"):
        res = nash(g, method)
        assert len(res) == 3 and res.complete and res.degenerate in (False, None)
        assert [e.is_pure for e in res] == [True, True, False]
        mixed = res[2]
        np.testing.assert_allclose(mixed.strategies[0], [0.6, 0.4])
        np.testing.assert_allclose(mixed.strategies[1], [0.4, 0.6])
        assert mixed.support_labels == (("opera", "fight"), ("opera", "fight"))
    lh = nash(g, "lemke_howson")
    assert 1 <= len(lh) <= 3 and not lh.complete
    assert_verified(lh)


def test_result_objects_render():
    g = bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]], players=["Her", "Him"],
                 strategies=[["opera", "fight"]] * 2, title="BoS")
    res = nash(g)
    assert isinstance(res, NashEquilibria) and isinstance(res[0], NashEquilibrium)
    text = repr(res)
    assert "3 equilibria" in text and "Her: opera" in text and "max_regret" in text
    assert "0.6 opera + 0.4 fight" in repr(res[2])
    df = res.to_frame()
    assert list(df.columns) == ["equilibrium", "player", "strategy", "probability", "payoff",
                                "regret"]
    assert len(df) == 1 + 1 + 1 + 1 + 2 + 2
    assert "<table" in res._repr_html_() and "BoS" in res._repr_html_()
    assert "<table" in res[2]._repr_html_()
    assert len(res[0].to_frame()) == 4
    assert res[2].support_probabilities() == {"Her": {"opera": pytest.approx(0.6), "fight": pytest.approx(0.4)},
                                           "Him": {"opera": pytest.approx(0.4),
                                                   "fight": pytest.approx(0.6)}}
    assert list(iter(res)) == list(res.equilibria)


# ---------------------------------------------------------------- pygambit oracle
@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 5), n=st.integers(1, 5))
def test_all_equilibria_equal_pygambit_enummixed(seed, m, n):
    """Random (hence almost surely nondegenerate) games: same equilibrium set as Gambit."""
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(m, n)), rng.normal(size=(m, n))
    theirs = gambit_equilibria(A, B)
    g = bimatrix(A, B)
    for method in ("support", "vertex"):
        res = nash(g, method)
        assert same_set(res, theirs), method
        assert_verified(res)
        assert res.complete
    assert nash(g, "vertex").degenerate is False
    lh = nash(g, "lemke_howson")
    assert_verified(lh)
    for e in lh:  # Lemke-Howson finds a subset
        assert any(np.allclose(e.strategies[0], x, atol=1e-6)
                   and np.allclose(e.strategies[1], y, atol=1e-6) for x, y in theirs)


def test_integer_games_with_pygambit_rational():
    rng = np.random.default_rng(11)
    for _ in range(15):
        A = rng.integers(-5, 6, size=(4, 4))
        B = rng.integers(-5, 6, size=(4, 4))
        theirs = gambit_equilibria(A, B, rational=True)
        res = nash(bimatrix(A, B), "vertex")
        # integer games are often degenerate: Gambit and we both list the extreme equilibria
        assert same_set(res, theirs)
        assert_verified(res)


# ---------------------------------------------------------------- degenerate games
def test_degenerate_game_reported_not_crashed():
    # von Stengel (2007, AGT ch. 3) degenerate example: the top row has two best replies
    A = np.array([[3, 3], [2, 5], [0, 6]])
    B = np.array([[3, 3], [2, 6], [3, 1]])
    theirs = gambit_equilibria(A, B)
    res = nash(bimatrix(A, B), "vertex")
    assert res.degenerate is True
    assert any("degenerate" in note and "extreme" in note for note in res.notes)
    assert same_set(res, theirs)
    assert_verified(res)
    sup = nash(bimatrix(A, B), "support")  # may miss equilibria: must say so
    assert_verified(sup)
    assert not sup.complete and sup.notes
    assert "vertex" in " ".join(sup.notes)
    lh = nash(bimatrix(A, B), "lemke_howson")
    assert_verified(lh)


def test_fully_degenerate_game():
    g = bimatrix(np.zeros((3, 2)), np.zeros((3, 2)))
    res = nash(g)
    assert res.degenerate is True and len(res) == 6  # every pure profile is an extreme equilibrium
    assert_verified(res)
    assert len(nash(g, "pure")) == 6
    assert_verified(nash(g, "support"))
    assert_verified(nash(g, "lemke_howson"))


def test_identical_rows_game():
    A = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    B = np.array([[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    res = nash(bimatrix(A, B))
    assert res.degenerate is True
    assert same_set(res, gambit_equilibria(A, B))


# ---------------------------------------------------------------- pure, n players
def brute_force_pure(u):
    n = u.shape[0]
    out = []
    for prof in itertools.product(*[range(m) for m in u.shape[1:]]):
        ok = True
        for i in range(n):
            dev = list(prof)
            best = max(u[(i, *dev[:i], s, *dev[i + 1:])] for s in range(u.shape[i + 1]))
            ok &= u[(i, *prof)] >= best - 1e-12
        if ok:
            out.append(prof)
    return out


def test_pure_equilibria_n_players_against_brute_force():
    rng = np.random.default_rng(5)
    for shape in [(2, 2, 2), (3, 2, 4), (2, 2, 2, 2)]:
        for k in range(4):
            u = rng.integers(0, 3, size=(len(shape), *shape)).astype(float)
            res = nash(cp.NormalFormGame(u), "pure")
            assert res.method == "pure" and res.complete
            got = sorted(tuple(int(np.argmax(s)) for s in e.strategies) for e in res)
            assert got == sorted(brute_force_pure(u))
            assert_verified(res)
            if k > 0:  # enumpoly on these degenerate games takes ~1 s each: one per shape
                continue
            # "auto" lists mixed equilibria too (enumpoly on these small games): the pure ones
            # are among them
            auto = nash(cp.NormalFormGame(u))
            assert auto.method == "enumpoly"
            assert_verified(auto)
            auto_pure = sorted(
                tuple(int(np.argmax(s)) for s in e.strategies) for e in auto if e.is_pure
            )
            assert auto_pure == got


def test_pure_matches_pygambit_enumpure():
    rng = np.random.default_rng(9)
    u = rng.integers(0, 3, size=(3, 2, 3, 2)).astype(float)
    g = gbt.StrategicGame.from_arrays(*u)
    theirs = sorted(
        tuple(int(np.argmax([float(eq[p][s]) for s in g.get_strategies(p)])) for p in g.players)
        for eq in gbt.nash.enumpure_solve(g).equilibria
    )
    ours = sorted(tuple(int(np.argmax(s)) for s in e.strategies)
                  for e in nash(cp.NormalFormGame(u), "pure"))
    assert ours == theirs


# ---------------------------------------------------------------- extensive games
def test_nash_of_an_extensive_game_and_back_to_behaviour():
    game = cp.Game(
        players=["Coercer", "Target"],
        root=cp.decision("Coercer", {
            "demand": cp.decision("Target", {
                "comply": cp.outcome(1.0, -1.0),
                "resist": cp.decision("Coercer", {
                    "punish": cp.outcome(-1.0, -3.0),
                    "back down": cp.outcome(-2.0, 0.0),
                }),
            }),
            "status quo": cp.outcome(0.0, 0.0),
        }),
        title="threat",
    )
    res = nash(game)
    assert res.game.extensive is game
    spe = cp.spe(game)
    spe_profile = res.game.pure_profile(spe)
    assert any(
        tuple(int(np.argmax(s)) for s in e.strategies) == spe_profile and e.is_pure for e in res
    )
    for k, e in enumerate(res):
        sol = res.behavior(k)
        np.testing.assert_allclose(sol.value, e.payoffs, atol=1e-12)
    with pytest.raises(ParameterError, match="no equilibrium 99"):
        res.behavior(99)
    with pytest.raises(ParameterError, match="needs equilibria of an extensive game"):
        nash(bimatrix([[1]], [[1]])).behavior(0)


def test_batched_extensive_game_needs_an_index():
    game = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(np.array([1.0, 2.0]), 0.0),
                                                 "y": cp.outcome(0.0, 1.0)}))
    with pytest.raises(ParameterError, match=r"game.at\(index\)"):
        nash(game)
    assert len(nash(game.at(1))) == 1


# ---------------------------------------------------------------- errors and dispatch
def test_lcp_dispatch():
    with pytest.raises(UnsupportedGameError, match="lemke_howson"):
        nash(bimatrix([[1]], [[1]]), "lcp")
    game = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(1.0, 0.0),
                                                 "y": cp.outcome(0.0, 1.0)}))
    try:
        import compellence.solvers.sequence_form  # noqa: F401
    except ModuleNotFoundError:
        with pytest.raises(UnsupportedGameError, match="sequence_form"):
            nash(game, "lcp")
    else:
        res = nash(game, "lcp")
        assert isinstance(res, NashEquilibria) and len(res) == 1 and not res.complete
        assert res.behavior(0).value[0] == pytest.approx(1.0)
        assert res[0].support_probabilities() == {"A@root": {"x": 1.0}}


def test_every_method_returns_nash_equilibria_and_lcp_behaviour_matches_a_hand_derivation():
    """One result type per solver function.  Matching pennies as a tree (B does not see A's
    move): by hand, the unique equilibrium has both agents mixing 1/2 1/2, value 0 to each,
    and at B's set each action then earns 0, so both agent regrets are 0; forcing A to play
    H with certainty is answered by T, which leaves A a regret of 2 at its set."""
    tree = cp.Game(["A", "B"], cp.decision("A", {
        "H": cp.decision("B", {"h": cp.outcome(1.0, -1.0), "t": cp.outcome(-1.0, 1.0)},
                         infoset="b"),
        "T": cp.decision("B", {"h": cp.outcome(-1.0, 1.0), "t": cp.outcome(1.0, -1.0)},
                         infoset="b"),
    }))
    for method in ("auto", "lcp", "zero_sum", "vertex", "agent_enumpoly"):
        res = nash(tree, method)
        assert isinstance(res, NashEquilibria), method
        for k, e in enumerate(res):
            np.testing.assert_allclose(res.behavior(k).value, [0.0, 0.0], atol=1e-12)
            for s in e.strategies:
                np.testing.assert_allclose(s, [0.5, 0.5], atol=1e-12)
            assert e.max_regret <= 1e-12
    res = nash(tree, "lcp")
    assert res.game is tree and res[0].players == ("A@root", "B@b")
    assert res.info["owner"] == (0, 1)
    assert res.info["nash_regret"][0].max() <= 1e-12
    # the agent regret formula on a profile that is not an equilibrium
    from compellence.solvers.nash import behavior_equilibria

    sol = res.behavior(0)
    ep = np.array(sol.edge_prob, dtype=float)
    kids = list(tree.children(0))
    ep[kids] = [1.0, 0.0]  # A plays H
    b = tree.infosets[1]
    for v in b.nodes:
        ep[list(tree.children(int(v)))] = [0.0, 1.0]  # B plays t
    bad = behavior_equilibria(cp.Solution(tree, ep, None, sol.ties, method="test"), "test")
    np.testing.assert_allclose(bad[0].regret, [2.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(bad[0].payoffs, [-1.0, 1.0], atol=1e-12)
    with pytest.raises(ParameterError, match=r"game.at\(index\)"):
        nash(cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(np.array([1.0, 2.0]), 0.0),
                                                   "y": cp.outcome(0.0, 1.0)})), "lcp")


def test_lcp_absent_module_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "compellence.solvers.sequence_form", None)
    game = cp.Game(["A"], cp.decision("A", {"x": cp.outcome(1.0), "y": cp.outcome(0.0)}))
    with pytest.raises(UnsupportedGameError, match="needs compellence.solvers.sequence_form"):
        nash(game, "lcp")


@pytest.mark.parametrize(
    "kwargs, exc, text",
    [
        (dict(method="magic"), ParameterError, "method"),
        (dict(tol=-1.0), ParameterError, "tol"),
        (dict(tol="x"), ParameterError, "tol"),
        (dict(tol=float("nan")), ParameterError, "tol"),
    ],
)
def test_argument_errors_name_the_argument(kwargs, exc, text):
    with pytest.raises(exc) as info:
        nash(bimatrix([[1]], [[1]]), **kwargs)
    assert str(info.value).startswith(text)


def test_wrong_inputs():
    with pytest.raises(ParameterError, match="game: nash"):
        nash(np.zeros((2, 2, 2)))
    three = cp.NormalFormGame(np.zeros((3, 2, 2, 2)))
    for method in ("support", "vertex", "lemke_howson"):
        with pytest.raises(UnsupportedGameError, match="method='pure'"):
            nash(three, method)
    assert "pure equilibria only" in nash(three, "pure").notes[0]
    assert nash(three).method == "enumpoly"


def test_one_player_game():
    g = cp.NormalFormGame(np.array([[1.0, 3.0, 3.0]]))
    res = nash(g)
    assert [e.support for e in res] == [((1,),), ((2,),)]


def test_enumeration_refuses_huge_games():
    g = bimatrix(np.zeros((20, 20)), np.zeros((20, 20)))
    for method in ("support", "vertex"):
        with pytest.raises(UnsupportedGameError, match="lemke_howson"):
            nash(g, method)
    rng = np.random.default_rng(0)
    big = bimatrix(*rng.normal(size=(2, 20, 20)))
    res = nash(big)
    assert res.method == "lemke_howson" and "too large" in res.notes[0] and len(res) >= 1
    assert_verified(res)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 4), n=st.integers(1, 4),
       top=st.integers(1, 3))
def test_degenerate_integer_games_extreme_equilibria_equal_pygambit(seed, m, n, top):
    """Small integer payoffs are often degenerate: every method must verify or report, never crash;
    vertex enumeration lists exactly Gambit's extreme equilibria."""
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, top + 1, size=(2, m, n))
    g = bimatrix(A, B)
    res = nash(g, "vertex")
    assert same_set(res, gambit_equilibria(A, B, rational=True))
    assert_verified(res)
    assert res.degenerate in (True, False)
    if res.degenerate:
        assert any("degenerate" in note for note in res.notes)
    for method in ("support", "lemke_howson", "pure"):
        other = nash(g, method)
        assert_verified(other)
        assert len(other) >= 1 or method == "pure"
