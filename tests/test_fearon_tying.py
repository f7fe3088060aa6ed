"""Fearon (1997) tying hands with a continuum of types: the cutpoint equilibrium and "leaders never bluff".

Source: J. Fearon, "Signaling Foreign Policy Interests: Tying Hands versus
Sinking Costs", Journal of Conflict Resolution 41(1), 1997, pp. 68-90,
abstract: "in the games' equilibria, leaders never bluff with either type of
signal; they do not incur or create costs and then fail to respond if
challenged."  Reproduced for hand-tying in the continuous extension
``coercion.costly_signals.tying_cutpoint`` (its docstring gives the model).

Independent derivation used below (not the library): on a fine grid of
coercer types, given the candidate cutpoint v* and audience cost a*, compute
from the primitives (1) which tying types carry out if resisted, (2) the
target's belief after a tie and after silence by Bayes on the grid and its
compliance probability min(mu P / X, 1), (3) every type's payoff of tying (with
a*, or with any other audience cost, met with mu = 0) and of silence; check
that the cutpoint rule is a best reply for every type.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compellence.coercion.costly_signals import tying_cutpoint
from compellence.errors import ParameterError


def _hand_cutpoint(p, c, P, X, lo, hi):
    # s v + (1 - s)(p v - c) = 0 with s = min(P / X, 1)  =>  v* = (1 - s) c / (s + (1 - s) p)
    s = min(P / X, 1.0)
    return min(max((1 - s) * c / (s + (1 - s) * p), lo), hi), s


def _check_equilibrium(p, c, P, X, lo, hi, vstar, a):
    v = np.linspace(lo, hi, 4001)
    ties = (v >= vstar) if vstar < hi else np.zeros(v.size, bool)  # v* = hi: nobody ties (measure 0)
    carries_if_tied = p * v - c >= -a - 1e-12
    carries_if_silent = p * v - c >= 0
    comply = lambda mu: min(mu * P / X, 1.0)  # noqa: E731
    mu_tie = carries_if_tied[ties].mean() if ties.any() else 1.0
    mu_none = carries_if_silent[~ties].mean() if (~ties).any() else 0.0
    s_t, s_n = comply(mu_tie), comply(mu_none)
    u_tie = s_t * v + (1 - s_t) * np.maximum(p * v - c, -a)
    u_none = s_n * v + (1 - s_n) * np.maximum(p * v - c, 0.0)
    best = np.maximum(u_tie, u_none)
    chosen = np.where(ties, u_tie, u_none)
    assert np.all(chosen >= best - 1e-9)
    for a_dev in (0.0, a / 2, a + 0.1, 2 * c + 1):  # other audience costs: off path, mu = 0, resisted
        assert np.all(chosen >= np.maximum(p * v - c, -a_dev) - 1e-9)
    return ties, carries_if_tied, s_t


def test_the_quoted_example_by_hand():
    # p = 0.6, c = 0.3, P = 0.5, X = 1: s = 0.5, v* = 0.5 * 0.3 / (0.5 + 0.5 * 0.6) = 0.1875,
    # a* = 0.3 - 0.6 * 0.1875 = 0.1875, war = (1 - 0.1875) * 0.5 = 0.40625
    r = tying_cutpoint(war_share=0.6, war_cost=0.3, punishment=0.5, compliance_cost_max=1.0)
    assert float(r["cutpoint"]) == pytest.approx(0.1875)
    assert float(r["audience_cost"]) == pytest.approx(0.1875)
    assert float(r["war_probability"]) == pytest.approx(0.40625)
    assert float(r["bluff_probability"]) == 0.0
    ties, carries, _ = _check_equilibrium(0.6, 0.3, 0.5, 1.0, 0.0, 1.0, 0.1875, 0.1875)
    assert carries[ties].all()          # Fearon: no type ties its hands and then backs down
    assert ties.any() and (~ties).any()  # a cutpoint equilibrium, not pooling


@settings(max_examples=60, deadline=None)
@given(st.floats(0.05, 1.0), st.floats(0.0, 1.0), st.floats(0.05, 2.0), st.floats(0.05, 2.0),
       st.floats(0.0, 0.5), st.floats(0.1, 1.5))
def test_cutpoint_matches_the_hand_derivation_and_nobody_bluffs(p, c, P, X, lo, width):
    hi = lo + width
    r = tying_cutpoint(war_share=p, war_cost=c, punishment=P, compliance_cost_max=X, value_low=lo, value_high=hi)
    vstar, s = _hand_cutpoint(p, c, P, X, lo, hi)
    a = max(c - p * vstar, 0.0)
    assert float(r["cutpoint"]) == pytest.approx(vstar, abs=1e-12)
    assert float(r["audience_cost"]) == pytest.approx(a, abs=1e-12)
    assert float(r["comply_after_tie"]) == pytest.approx(s)
    assert float(r["tie_probability"]) == pytest.approx((hi - vstar) / (hi - lo), abs=1e-12)
    assert float(r["war_probability"]) == pytest.approx((hi - vstar) / (hi - lo) * (1 - s), abs=1e-12)
    assert float(r["bluff_probability"]) == 0.0
    ties, carries, _ = _check_equilibrium(p, c, P, X, lo, hi, vstar, a)
    assert carries[ties].all()


def test_batched_and_refusals():
    r = tying_cutpoint(war_share=np.array([0.3, 0.6]), war_cost=0.3, punishment=0.5, compliance_cost_max=1.0)
    assert r["cutpoint"].shape == (2,)
    assert float(r["cutpoint"][1]) == pytest.approx(0.1875)
    with pytest.raises(ParameterError, match="value_high"):
        tying_cutpoint(war_share=0.5, war_cost=0.1, punishment=1, compliance_cost_max=1, value_low=1, value_high=1)
    with pytest.raises(ParameterError, match="war_share"):
        tying_cutpoint(war_share=0.0, war_cost=0.1, punishment=1, compliance_cost_max=1)


def _path(g, n):
    out = []
    while g.parent[n] >= 0:
        out.append(g.edge_label[n])
        n = int(g.parent[n])
    return out[::-1]


def test_the_cutpoint_profile_is_an_equilibrium_of_the_discretised_tree():
    """Generic route: a tree with 12 coercer types, 10 target costs (chance), the coercer's tie/silence,
    the target's comply/resist in one information set per (message, cost), the coercer's carry-out
    decision; the cutpoint profile has zero regret (sequence-form best replies, every set reached)."""
    from compellence.games.nodes import chance, decision, outcome
    from compellence.games.tree import DECISION, Game
    from compellence.solvers.sequence_form import behaviour_regret
    from compellence.solvers.solution import edge_prob_from_chance

    p, c, P, X, N, M = 0.6, 0.3, 0.5, 1.0, 12, 10
    r = tying_cutpoint(war_share=p, war_cost=c, punishment=P, compliance_cost_max=X)
    vstar, a = float(r["cutpoint"]), float(r["audience_cost"])
    vs = (np.arange(N) + 0.5) / N          # type midpoints; none equals v* = 0.1875
    xs = (np.arange(M) + 0.5) * X / M      # cost midpoints: exactly half are <= P, so s = 0.5 as in the continuum

    def after(i, m, j):
        back = -a if m == "tie" else 0.0
        return decision("Target", {
            "comply": outcome(Coercer=vs[i], Target=-xs[j]),
            "resist": decision("Coercer", {"carry out": outcome(Coercer=p * vs[i] - c, Target=-P),
                                           "back down": outcome(Coercer=back, Target=0.0)}),
        }, infoset=f"{m}, cost {j}")

    root = chance({f"v{i}": (1 / N, decision("Coercer", {
        m: chance({f"x{j}": (1 / M, after(i, m, j)) for j in range(M)}) for m in ("tie", "silent")}))
        for i in range(N)})
    g = Game(["Coercer", "Target"], root)
    ep = edge_prob_from_chance(g)
    for n in np.flatnonzero(g.kind == DECISION):
        kids = list(g.children(int(n)))
        path = _path(g, int(n))
        i = int(path[0][1:])
        if len(path) == 1:  # the coercer's message: tie iff v >= v*
            pick = "tie" if vs[i] >= vstar else "silent"
        elif g.players[g.player[n]] == "Target":  # comply iff x <= mu P, mu = 1 after a tie, 0 after silence
            j = int(path[2][1:])
            pick = "comply" if xs[j] <= (P if path[1] == "tie" else 0.0) else "resist"
        else:  # carry out iff p v - c >= -a 1[tie]
            pick = "carry out" if p * vs[i] - c >= (-a if path[1] == "tie" else 0.0) else "back down"
        for k in kids:
            ep[k] = float(g.edge_label[k] == pick)
    assert np.all(behaviour_regret(g, ep) < 1e-9)
    # and nobody bluffs on the tree either: every tying type carries out
    assert all(p * v - c >= -a - 1e-12 for v in vs if v >= vstar)


# ------------------------------------------------------------------ Kurizaki (2007): private threats
@settings(max_examples=40, deadline=None)
@given(st.floats(0.05, 0.95), st.floats(0.05, 0.9), st.floats(0.0, 1.0), st.floats(0.1, 1.0),
       st.floats(0.0, 0.5))
def test_private_threat_pooling_matches_the_signalling_solver(qR, x, f, vB, a):
    """Kurizaki (2007), APSR 101(3), abstract: "a private threat, albeit of limited credibility, can be
    equally compelling as a fully credible public threat".  By hand: pooling on the private threat with
    compliance is a PBE iff q_R P >= x; a fully credible public threat compels iff P >= x + f."""
    from compellence.coercion.costly_signals import private_threat, resolve_game
    from compellence.solvers.signalling import signalling_equilibria

    P, p, c, vR = 1.0, 0.6, 0.3, 1.0  # resolved: p vR - c = 0.3 >= 0; bluffer: p vB - c < 0 since vB < 0.5
    vB = min(vB, 0.49)
    if p * vB - c >= -a or abs(qR * P - x) < 1e-6 or abs(P - x - f) < 1e-6:
        return  # the bluffer would carry out after a tie, or a knife-edge
    g = resolve_game([qR, 1 - qR], [vR, vB], war_share=p, war_cost=c, demand=x, punishment=P,
                     audience_cost=a, target_audience_cost=f, messages=("none", "tie"))
    res = signalling_equilibria(g)
    pools = [e for e in res if all(e.sender_strategy[t]["none"] == 1.0 for t in ("resolved", "bluffer"))
             and e.receiver_strategy["none"]["comply"] == 1.0]
    want = private_threat(qR, demand=x, punishment=P, target_audience_cost=f)
    assert bool(pools) == bool(want["private_pooling"]) == (qR * P >= x)
    # the target's reply to a public threat it believes fully (mu = 1): comply iff P >= x + f
    assert bool(want["public_compels_when_credible"]) == (P >= x + f)
    if qR * P >= x and P < x + f:  # Kurizaki's case: the private threat compels, a credible public one would not
        assert all(e.receiver_strategy["tie"]["resist"] == 1.0 for e in pools)


def test_target_audience_cost_default_keeps_the_game():
    from compellence.coercion.costly_signals import resolve_game

    kw = dict(war_share=0.6, war_cost=0.2, demand=0.3, punishment=1.0, audience_cost=0.1)
    g0 = resolve_game([0.3, 0.7], [1.0, 0.2], **kw)
    g1 = resolve_game([0.3, 0.7], [1.0, 0.2], target_audience_cost=0.0, **kw)
    assert np.array_equal(g0.payoffs, g1.payoffs)
    g2 = resolve_game([0.3, 0.7], [1.0, 0.2], target_audience_cost=0.4, **kw)
    assert not np.array_equal(g0.payoffs, g2.payoffs)
    with pytest.raises(ParameterError, match="target_audience_cost"):
        resolve_game([0.3, 0.7], [1.0, 0.2], target_audience_cost=-1, **kw)
