"""Signalling games: pure PBE enumeration, classification, off-path belief intervals."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import ParameterError
from compellence.solvers.signalling import SignallingGameError, signalling_equilibria


def beer_quiche(p_weak=0.1):
    """Cho & Kreps (1987): the weak type prefers quiche, the strong beer; +2 for no duel;
    the receiver wants to duel the weak and avoid the strong."""

    def sender(t):
        pref = "quiche" if t == "weak" else "beer"

        def leaf(msg, duel):
            us = (1 if msg == pref else 0) + (0 if duel else 2)
            ur = (1 if t == "weak" else 0) if duel else (1 if t == "strong" else 0)
            return cp.outcome(Sender=us, Receiver=ur)

        return cp.decision("Sender", {
            m: cp.decision("Receiver", {"duel": leaf(m, True), "decline": leaf(m, False)},
                           infoset=f"after {m}")
            for m in ("beer", "quiche")
        })

    return cp.Game(["Sender", "Receiver"],
                   cp.chance({"weak": (p_weak, sender("weak")), "strong": (1 - p_weak, sender("strong"))}),
                   title="beer-quiche")


def signalling_game(prior, uS, uR, types=None, messages=None, responses=None):
    """A sender-receiver game from payoff arrays uS, uR of shape (T, M, A)."""
    T, M, A = uS.shape
    types = types or [f"t{i}" for i in range(T)]
    messages = messages or [f"m{i}" for i in range(M)]
    responses = responses or [f"a{i}" for i in range(A)]

    def sender(i):
        return cp.decision("S", {
            messages[m]: cp.decision("R", {responses[a]: cp.outcome(float(uS[i, m, a]), float(uR[i, m, a]))
                                           for a in range(A)}, infoset=f"after {messages[m]}")
            for m in range(M)
        })

    return cp.Game(["S", "R"], cp.chance({types[i]: (float(prior[i]), sender(i)) for i in range(T)}))


def test_beer_quiche_has_the_two_pooling_equilibria():
    res = signalling_equilibria(beer_quiche())
    assert len(res) == 2 and len(res.pooling) == 2
    assert not res.separating and not res.semi_separating
    by_msg = {e.sender["weak"]: e for e in res}
    beer, quiche = by_msg["beer"], by_msg["quiche"]
    assert beer.sender == {"weak": "beer", "strong": "beer"}
    assert beer.receiver == {"beer": "decline", "quiche": "duel"}
    assert quiche.receiver == {"beer": "duel", "quiche": "decline"}
    # on the path the posterior is the prior
    assert beer.beliefs["beer"] == pytest.approx({"weak": 0.1, "strong": 0.9})
    # off the path: duel is optimal iff Pr(weak) >= 1/2
    assert beer.off_path["quiche"]["weak"] == pytest.approx((0.5, 1.0))
    assert beer.off_path["quiche"]["strong"] == pytest.approx((0.0, 0.5))
    assert quiche.off_path["beer"]["weak"] == pytest.approx((0.5, 1.0))
    assert beer.sender_payoff == {"weak": 2.0, "strong": 3.0}
    assert quiche.sender_payoff == {"weak": 3.0, "strong": 2.0}
    assert beer.receiver_payoff == pytest.approx(0.9)
    # Cho-Kreps: only the beer pooling equilibrium is intuitive
    assert beer.intuitive and not quiche.intuitive
    assert "equilibrium-dominated for ['weak']" in quiche.intuitive_note
    assert "fails the intuitive criterion" in repr(quiche)
    df = res.to_frame()
    assert list(df["kind"]) == ["pooling", "pooling"]
    assert set(df["intuitive"]) == {True, False}
    assert "2 pooling" in repr(res) and "<b>" in res._repr_html_()


def test_beer_quiche_with_a_likely_weak_type_has_no_pure_equilibrium():
    # with Pr(weak) > 1/2 pooling fails (the receiver duels everyone) and separation fails too
    assert len(signalling_equilibria(beer_quiche(0.6))) == 0


def test_each_equilibrium_is_a_nash_equilibrium_pygambit():
    gbt = pytest.importorskip("pygambit")
    from lcp_helpers import to_gambit

    g = beer_quiche()
    gg, made = to_gambit(g)
    for e in signalling_equilibria(g):
        prof = gg.mixed_behavior_profile(rational=False)
        for s in g.infosets:
            node = s.nodes[0]
            if g.players[s.player] == "Sender":
                choice = e.sender[g.edge_label[node]]
            else:
                choice = e.receiver[s.label.removeprefix("after ")]
            prof.set_mixed_action(made[s.index], {
                act: 1.0 if act == choice else 0.0 for act in gg.get_actions(made[s.index])
            })
        assert prof.max_regret() == pytest.approx(0.0, abs=1e-12)
    assert gbt is not None


def test_separating_job_market_signal():
    # Spence (1973): education costs the low type 3, the high type 1; wage 2 if "hire high"
    types, messages, responses = ["low", "high"], ["school", "none"], ["high wage", "low wage"]
    cost = {"low": 3.0, "high": 1.0}
    uS = np.empty((2, 2, 2))
    uR = np.empty((2, 2, 2))
    for i, t in enumerate(types):
        for m, msg in enumerate(messages):
            for a, _ in enumerate(responses):
                wage = 2.0 if a == 0 else 0.0
                uS[i, m, a] = wage - (cost[t] if msg == "school" else 0.0)
                uR[i, m, a] = (1.0 if (t == "high") == (a == 0) else 0.0)
    res = signalling_equilibria(signalling_game([0.5, 0.5], uS, uR, types, messages, responses))
    sep = res.separating
    assert len(sep) == 1
    assert sep[0].sender == {"low": "none", "high": "school"}
    assert sep[0].receiver == {"school": "high wage", "none": "low wage"}
    assert sep[0].beliefs["school"] == {"low": 0.0, "high": 1.0}
    assert sep[0].off_path == {}


def test_semi_separating_with_three_types_and_lp_intervals():
    # three types; two pool on m0, one reveals itself with m1; m2 is never sent
    uS = np.zeros((3, 3, 2))
    uR = np.zeros((3, 3, 2))
    uS[0, 0, :] = [2, 2]
    uS[1, 0, :] = [2, 2]
    uS[2, 1, :] = [2, 2]  # each type likes its message; m2 pays 0 or 1
    uS[:, 2, 0] = 1.0
    uR[:, :, 0] = [[1], [0], [0]]  # a0 is right against t0
    uR[:, :, 1] = [[0], [1], [1]]
    res = signalling_equilibria(signalling_game([0.2, 0.3, 0.5], uS, uR))
    semi = [e for e in res.semi_separating if e.sender == {"t0": "m0", "t1": "m0", "t2": "m1"}]
    assert semi
    e = semi[0]
    assert e.beliefs["m0"] == pytest.approx({"t0": 0.4, "t1": 0.6, "t2": 0.0})
    assert e.receiver["m0"] == "a1"
    # off the path after m2: a0 needs Pr(t0) >= 1/2, a1 needs Pr(t0) <= 1/2
    box = e.off_path["m2"]
    if e.receiver["m2"] == "a0":
        assert box["t0"] == pytest.approx((0.5, 1.0))
        assert box["t1"] == pytest.approx((0.0, 0.5))
    else:
        assert box["t0"] == pytest.approx((0.0, 0.5))
        assert box["t2"] == pytest.approx((0.0, 1.0))


def brute_force_pbe(prior, uS, uR):
    """Independent enumeration for two types: beliefs on an exact rational grid."""
    T, M, A = uS.shape
    grid = np.arange(27721) / 27720.0  # every threshold with denominator <= 12 is on the grid
    supportable = np.zeros((M, A), dtype=bool)
    for m in range(M):
        ev = np.outer(grid, uR[0, m, :]) + np.outer(1 - grid, uR[1, m, :])
        supportable[m] = np.any(ev >= ev.max(axis=1, keepdims=True) - 1e-9, axis=0)
    out = set()
    for s in itertools.product(range(M), repeat=T):
        for r in itertools.product(range(A), repeat=M):
            ok = True
            for t in range(T):
                if max(uS[t, m, r[m]] for m in range(M)) > uS[t, s[t], r[s[t]]] + 1e-9:
                    ok = False
            for m in range(M):
                senders = [t for t in range(T) if s[t] == m]
                if senders:
                    mu = np.array([prior[t] if s[t] == m else 0.0 for t in range(T)])
                    mu = mu / mu.sum()
                    ev = mu @ uR[:, m, :]
                    ok &= ev[r[m]] >= ev.max() - 1e-9
                else:
                    ok &= bool(supportable[m, r[m]])
            if ok:
                out.add((s, r))
    return out


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), M=st.integers(2, 3), A=st.integers(2, 3))
def test_random_two_type_games_match_brute_force(seed, M, A):
    rng = np.random.default_rng(seed)
    uS = rng.integers(-3, 4, size=(2, M, A)).astype(float)
    uR = rng.integers(-3, 4, size=(2, M, A)).astype(float)
    p = float(rng.integers(1, 10)) / 10
    res = signalling_equilibria(signalling_game([p, 1 - p], uS, uR))
    msgs = {m: i for i, m in enumerate(res.messages)}
    acts = {a: i for i, a in enumerate(res.responses)}
    got = {
        (tuple(msgs[e.sender[t]] for t in res.types), tuple(acts[e.receiver[m]] for m in res.messages))
        for e in res
    }
    assert got == brute_force_pbe([p, 1 - p], uS, uR)
    for e in res:
        for m, box in e.off_path.items():
            lo, hi = box["t0"]
            mi, ai = msgs[m], acts[e.receiver[m]]
            for q in (lo, hi, (lo + hi) / 2):  # every point of the interval supports the response
                ev = q * uR[0, mi, :] + (1 - q) * uR[1, mi, :]
                assert ev[ai] >= ev.max() - 1e-7
            assert box["t1"] == pytest.approx((1 - hi, 1 - lo))


def test_not_a_signalling_game_names_the_node():
    g = cp.Game(["S", "R"], cp.decision("S", {"a": cp.outcome(1, 1), "b": cp.outcome(0, 0)}))
    with pytest.raises(SignallingGameError, match="^root: .*chance"):
        signalling_equilibria(g)
    # receiver sees the type: one information set per node instead of per message
    bad = cp.Game(["S", "R"], cp.chance({
        "t0": (0.5, cp.decision("S", {"m": cp.decision("R", {"x": cp.outcome(0, 0), "y": cp.outcome(1, 1)})})),
        "t1": (0.5, cp.decision("S", {"m": cp.decision("R", {"x": cp.outcome(0, 0), "y": cp.outcome(1, 1)})})),
    }))
    with pytest.raises(SignallingGameError, match="root/t1/m: .*information set after message 'm'"):
        signalling_equilibria(bad)
    deep = cp.Game(["S", "R"], cp.chance({
        "t0": (1.0, cp.decision("S", {"m": cp.decision("R", {"x": cp.decision("S", {"z": cp.outcome(0, 0)}),
                                                              "y": cp.outcome(1, 1)})})),
    }))
    with pytest.raises(SignallingGameError, match="root/t0/m/x: the receiver's response must end"):
        signalling_equilibria(deep)


def test_batched_game_is_refused():
    g = beer_quiche(np.array([0.1, 0.2]))
    with pytest.raises(ParameterError, match="game.at"):
        signalling_equilibria(g)
    assert len(signalling_equilibria(g.at(1))) == 2


def test_beer_quiche_example_script(capsys):
    import runpy
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "examples" / "beer_quiche.py"
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    assert out.count(": pooling") == 2
    assert "intuitive criterion (Cho & Kreps 1987): passes" in out
    assert "intuitive criterion (Cho & Kreps 1987): FAILS" in out
    assert "supported if Pr(weak | quiche) is in [0.5, 1]" in out
