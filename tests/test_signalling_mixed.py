"""Signalling solver, grown up: mixed and hybrid PBE, D1, more types, batched sweeps.

Independent checks: the PBE conditions re-derived in this file (not by calling
the library), pygambit's regrets and its own sequence-form LCP, hand-derived
hybrid equilibria, and the per-point solver against the vectorised sweep.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_signalling import beer_quiche, signalling_game

import compellence as cp
from compellence.errors import ParameterError
from compellence.solvers.signalling import signalling_equilibria, signalling_sweep


def arrays(res, e):
    """sigma (T, M), rho (M, A) of an equilibrium, in the result's label order."""
    sigma = np.array([[e.sender_strategy[t][m] for m in res.messages] for t in res.types])
    rho = np.array([[e.receiver_strategy[m][a] for a in res.responses] for m in res.messages])
    return sigma, rho


def check_pbe(prior, uS, uR, sigma, rho, tol=1e-7):
    """The PBE conditions written out independently; off-path beliefs searched on a fine grid (2 types)."""
    T, M, A = uS.shape
    assert np.allclose(sigma.sum(1), 1) and np.allclose(rho.sum(1), 1)
    U = np.einsum("ma,tma->tm", rho, uS)  # type t's payoff from message m
    for t in range(T):
        best = U[t].max()
        assert np.all(U[t][sigma[t] > 1e-9] >= best - tol), (t, U[t], sigma[t])
    for m in range(M):
        w = np.array(prior) * sigma[:, m]
        if w.sum() > 1e-12:
            ev = (w / w.sum()) @ uR[:, m, :]
            assert np.all(ev[rho[m] > 1e-9] >= ev.max() - tol), (m, ev, rho[m])
        else:
            q = np.arange(27721) / 27720.0  # holds every threshold with denominator <= 12 (integer payoffs)
            ev = np.outer(q, uR[0, m]) + np.outer(1 - q, uR[1, m])
            used = rho[m] > 1e-9
            ok = np.all(ev[:, used] >= ev.max(axis=1, keepdims=True) - 1e-6, axis=1)
            assert ok.any(), f"no belief supports the reply after off-path message {m}"


def random_game(seed, T=2, M=2, A=2):
    rng = np.random.default_rng(seed)
    uS = rng.integers(-3, 4, size=(T, M, A)).astype(float)
    uR = rng.integers(-3, 4, size=(T, M, A)).astype(float)
    w = rng.integers(1, 10, size=T).astype(float)
    return w / w.sum(), uS, uR


# ------------------------------------------------------------------ published examples
def test_beer_quiche_mixed_adds_nothing_and_d1_agrees_with_the_intuitive_criterion():
    """Cho & Kreps (1987), prior Pr(weak) = 0.1: the two pooling equilibria are the only classes
    (receiver mixing off the path only re-states them), and D1 kills the quiche one as the
    intuitive criterion does: beer is equilibrium-dominated for the weak type."""
    res = signalling_equilibria(beer_quiche(0.1), mixed=True)
    assert len(res) == 2 and len(res.pure) == 2 and not res.mixed
    by = {e.sender["weak"]: e for e in res}
    assert by["beer"].d1 and by["beer"].intuitive
    assert not by["quiche"].d1 and not by["quiche"].intuitive
    assert "prunes ['weak (by strong)']" in by["quiche"].d1_note
    assert "fails D1" in repr(by["quiche"])
    assert list(res.to_frame()["d1"]) == [True, False]


@settings(max_examples=25, deadline=None)
@given(p=st.floats(0.52, 0.98))
def test_beer_quiche_hybrid_when_the_weak_type_is_likely(p):
    """Pr(weak) = p > 1/2: no pure PBE (e.g. 'The bully, the wimp and the tough man',
    slideshare.net/slvstr, with Pr(tough) = 1/3: "Thus no equilibrium in pure strategies").
    Derived by hand: the strong type drinks beer; the weak type mixes so that
    Pr(weak | beer) = 1/2 (the receiver's indifference: p q / (p q + 1 - p) = 1/2,
    q = (1 - p) / p); quiche reveals the weak type (duel); the receiver duels after beer
    with probability d making the weak type indifferent: 2 (1 - d) = 1 (quiche, duelled),
    d = 1/2.  Payoffs: weak 1, strong 1 + 2 (1 - d) = 2."""
    res = signalling_equilibria(beer_quiche(p), mixed=True)
    assert len(res.pure) == 0
    assert len(res) == 1
    e = res[0]
    assert not e.pure and e.kind == "semi-separating"
    assert e.sender["strong"] == "beer" and e.sender["weak"] is None
    assert e.sender_strategy["weak"]["beer"] == pytest.approx((1 - p) / p, abs=1e-7)
    assert e.receiver_strategy["beer"]["duel"] == pytest.approx(0.5, abs=1e-7)
    assert e.receiver["quiche"] == "duel"
    assert e.beliefs["beer"]["weak"] == pytest.approx(0.5, abs=1e-7)
    assert e.beliefs["quiche"]["weak"] == pytest.approx(1.0)
    assert e.sender_payoff == pytest.approx({"weak": 1.0, "strong": 2.0}, abs=1e-7)
    assert e.intuitive and e.d1  # no off-path message: nothing to refine
    assert "mixed semi-separating" in repr(e)


def test_job_market_with_three_types_has_a_fully_separating_equilibrium():
    """Three types, three education levels, three wages (Spence 1973 with |T| = 3): level m costs
    type t C[t][m]; the wage is the index of the response, and the employer wants to pay type t
    wage t.  Separating (type j at level j, paid j) iff j - C[j][j] >= k - C[j][k] for all k."""
    C = np.array([[0.0, 3.0, 6.0], [0.0, 0.5, 3.0], [0.0, 0.3, 0.8]])
    T = M = A = 3
    uS = np.array([[[a - C[t, m] for a in range(A)] for m in range(M)] for t in range(T)])
    uR = np.array([[[-(a - t) ** 2 for a in range(A)] for m in range(M)] for t in range(T)], dtype=float)
    for t in range(T):  # the hand condition holds for these costs
        assert all(t - C[t, t] >= k - C[t, k] for k in range(M))
    res = signalling_equilibria(signalling_game([0.3, 0.4, 0.3], uS, uR))
    sep = [e for e in res.separating if e.sender == {"t0": "m0", "t1": "m1", "t2": "m2"}]
    assert len(sep) == 1 and sep[0].receiver == {"m0": "a0", "m1": "a1", "m2": "a2"}
    assert sep[0].sender_payoff == pytest.approx({"t0": 0.0, "t1": 0.5, "t2": 1.2})
    for e in res:
        check_pbe_many(np.array([0.3, 0.4, 0.3]), uS, uR, *arrays(res, e))


def check_pbe_many(prior, uS, uR, sigma, rho, tol=1e-7):
    """Sender and on-path receiver optimality for any number of types (off-path beliefs not checked)."""
    U = np.einsum("ma,tma->tm", rho, uS)
    for t in range(len(prior)):
        assert np.all(U[t][sigma[t] > 1e-9] >= U[t].max() - tol)
    for m in range(uS.shape[1]):
        w = prior * sigma[:, m]
        if w.sum() > 1e-12:
            ev = (w / w.sum()) @ uR[:, m, :]
            assert np.all(ev[rho[m] > 1e-9] >= ev.max() - tol)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_three_types_mixed_satisfy_the_pbe_conditions(seed):
    rng = np.random.default_rng(seed)
    uS, uR = rng.normal(size=(3, 2, 2)), rng.normal(size=(3, 2, 2))
    prior = rng.dirichlet(np.ones(3))
    res = signalling_equilibria(signalling_game(prior, uS, uR), mixed=True)
    assert len(res) >= 1  # existence
    for e in res:
        check_pbe_many(prior, uS, uR, *arrays(res, e))


# ------------------------------------------------------------------ random games: independent checks
# the mixed enumeration of a 3-message, 3-response game takes up to ~1 s
@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10**6), M=st.integers(2, 3), A=st.integers(2, 3))
def test_every_reported_equilibrium_satisfies_the_pbe_conditions(seed, M, A):
    prior, uS, uR = random_game(seed, 2, M, A)
    res = signalling_equilibria(signalling_game(prior, uS, uR), mixed=True)
    for e in res:
        sigma, rho = arrays(res, e)
        check_pbe(prior, uS, uR, sigma, rho)
        U = np.einsum("ma,tma->tm", rho, uS)
        assert [e.sender_payoff[t] for t in res.types] == pytest.approx(U.max(axis=1).tolist(), abs=1e-7)
    # the pure part is unchanged by asking for mixed ones
    pure = signalling_equilibria(signalling_game(prior, uS, uR))
    assert len(res.pure) == len(pure)


def test_every_finite_signalling_game_has_an_equilibrium_in_the_mixed_enumeration():
    """Existence (Kreps & Wilson 1982: sequential equilibria exist in finite games): where there is
    no pure PBE, the support enumeration must find a mixed one."""
    n_no_pure = 0
    for seed in range(120):
        rng = np.random.default_rng(seed)
        uS, uR, p = rng.normal(size=(2, 2, 2)), rng.normal(size=(2, 2, 2)), rng.uniform(0.1, 0.9)
        g = signalling_game([p, 1 - p], uS, uR)
        if len(signalling_equilibria(g)) == 0:
            n_no_pure += 1
            assert len(signalling_equilibria(g, mixed=True)) >= 1, seed
    assert n_no_pure >= 1


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_zero_regret_in_pygambit_and_lcp_equilibria_are_found(seed):
    """Every equilibrium we report has zero regret at every information set pygambit can evaluate;
    pygambit's own sequence-form LCP equilibrium (when it reaches every information set, so that it
    is a PBE) is one of ours."""
    gbt = pytest.importorskip("pygambit")
    from compellence.games import to_pygambit

    prior, uS, uR = random_game(seed, 2, 2, 2)
    g = signalling_game(prior, uS, uR)
    res = signalling_equilibria(g, mixed=True)
    pg, nodes = to_pygambit(g)
    mine = []
    for e in res:
        prof = pg.mixed_behavior_profile(rational=False)
        for s in g.infosets:
            node = s.nodes[0]
            if g.players[s.player] == "S":
                dist = e.sender_strategy[g.edge_label[node]]
            else:
                dist = e.receiver_strategy[s.label.removeprefix("after ")]
            prof.set_mixed_action(nodes[node], dict(dist))
        assert prof.max_regret() < 1e-7
        reached = {k: v for k, v in dict(prof.infoset_regrets).items()}
        assert max(abs(v) for v in reached.values()) < 1e-7
        mine.append(arrays(res, e))
    eq = gbt.nash.lcp_solve(pg, rational=False).equilibrium
    sigma = np.array([[eq[nodes[g.node_at((f"t{t}",))]][m] for m in res.messages] for t in range(2)])
    rho = np.array([[eq[nodes[g.node_at(("t0", m))]][a] for a in res.responses] for m in res.messages])
    if np.all((prior[:, None] * sigma).sum(axis=0) > 1e-6):  # every message on the path
        supports = {(tuple((s > 1e-7).ravel()), tuple((r > 1e-7).ravel())) for s, r in mine}
        assert (tuple((sigma > 1e-7).ravel()), tuple((rho > 1e-7).ravel())) in supports


# ------------------------------------------------------------------ batched sweep
@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_sweep_matches_the_per_point_solver_two_types(seed):
    rng = np.random.default_rng(seed)
    n = 6
    uS = rng.integers(-2, 3, size=(2, 2, 2, n)).astype(float)
    uR = rng.integers(-2, 3, size=(2, 2, 2, n)).astype(float)
    p = rng.integers(1, 10, size=n) / 10.0

    def sender(i):
        return cp.decision("S", {
            f"m{m}": cp.decision("R", {f"a{a}": cp.outcome(uS[i, m, a], uR[i, m, a]) for a in range(2)},
                                 infoset=f"after m{m}") for m in range(2)})

    g = cp.Game(["S", "R"], cp.chance({"t0": (p, sender(0)), "t1": (1 - p, sender(1))}))
    sw = signalling_sweep(g)
    assert sw.equilibrium.shape == (n, 16) and "vectorised" in sw.info["method"]
    for i in range(n):
        res = signalling_equilibria(g.at(i))
        got = {k for k in np.flatnonzero(sw.equilibrium[i])}
        want = {sw.profiles.index((tuple(e.sender[t] for t in res.types),
                                   tuple(e.receiver[m] for m in res.messages))): e for e in res}
        assert got == set(want)
        for k, e in want.items():
            assert sw.intuitive[i, k] == e.intuitive and sw.d1[i, k] == e.d1
            assert sw.sender_payoff[i, k] == pytest.approx([e.sender_payoff[t] for t in res.types])
        assert len(sw.to_frame(i)) == len(res)


def test_sweep_beer_quiche_regions_and_three_type_fallback():
    p = np.linspace(0.05, 0.95, 19)
    sw = signalling_sweep(beer_quiche(p))
    # pooling on beer (intuitive, D1) exactly while Pr(weak) <= 1/2; nothing pure above
    np.testing.assert_array_equal(sw.exists("pooling", "d1"), p <= 0.5 + 1e-12)
    np.testing.assert_array_equal(sw.count, np.where(p <= 0.5 + 1e-12, 2, 0))
    assert not sw.exists("separating").any()
    with pytest.raises(ParameterError, match="refinement"):
        sw.exists(refinement="nope")
    w = np.array([0.2, 0.5])
    uS = np.zeros((3, 2, 2))
    uS[:, 0, 0] = [2, 0, 1]
    uS[:, 1, 1] = [1, 2, 0]
    uR = np.zeros((3, 2, 2))
    uR[0, :, 0] = 1
    uR[1:, :, 1] = 1

    def sender(i):
        return cp.decision("S", {
            f"m{m}": cp.decision("R", {f"a{a}": cp.outcome(uS[i, m, a], uR[i, m, a]) for a in range(2)},
                                 infoset=f"after m{m}") for m in range(2)})

    g = cp.Game(["S", "R"], cp.chance({"t0": (w, sender(0)), "t1": (0.3, sender(1)),
                                       "t2": (0.7 - w, sender(2))}))
    sw3 = signalling_sweep(g)
    assert "each point" in sw3.info["method"]
    for i in range(2):
        assert int(sw3.count[i]) == len(signalling_equilibria(g.at(i)))


# ------------------------------------------------------------------ refusals
def test_refusals_name_the_field():
    with pytest.raises(ParameterError, match="support patterns") as ex:
        signalling_equilibria(signalling_game(*random_game(0, 4, 4, 4)), mixed=True)
    assert ex.value.name == "game"
    with pytest.raises(ParameterError, match="signalling_sweep"):
        signalling_equilibria(beer_quiche(np.array([0.1, 0.2])), mixed=True)
    with pytest.raises(ParameterError) as ex:
        signalling_sweep(beer_quiche(), tol=-1)
    assert ex.value.name == "tol"


def test_prior_must_be_a_distribution():
    with pytest.raises(cp.errors.CompellenceError, match="(?i)probab"):
        beer_quiche(1.2)
    assert list(itertools.islice(iter(signalling_equilibria(beer_quiche(0.3))), 1))


# ------------------------------------------------------------------ D1, independently
def brute_d1(prior, uS, uR, e, res):
    """D1 written out for two responses and any number of types (no LPs, no library code).

    Beliefs enter linearly, so a response is a best reply to some belief on a set K of types iff
    it is one for some single type in K (a vertex of the simplex), and both responses are (so that
    every mixture d = Pr(a0) is) iff each is for some type in K.  The mixed reply d runs over a grid
    holding every rational with denominator <= 12 (integer payoffs in [-3, 3])."""
    T, M, _ = uS.shape
    own = np.array([e.sender_payoff[t] for t in res.types])
    d = np.arange(27721) / 27720.0
    for mi, m in enumerate(res.messages):
        if m in e.beliefs:
            continue
        diff = uR[:, mi, 0] - uR[:, mi, 1]  # per type: a0 minus a1
        a0_ok, a1_ok = bool((diff >= 0).any()), bool((diff <= 0).any())
        mbr = d[((d == 1) & a0_ok) | ((d == 0) & a1_ok) | ((d > 0) & (d < 1) & a0_ok & a1_ok)]
        u = np.outer(uS[:, mi, 0], mbr) + np.outer(uS[:, mi, 1], 1 - mbr)  # (T, |MBR|)
        pruned = np.zeros(T, dtype=bool)
        for t in range(T):
            d0 = u[t] >= own[t] - 1e-9
            for o in range(T):
                if o != t and np.all(u[o][d0] > own[o] + 1e-9):
                    pruned[t] = True
        if pruned.all() or not pruned.any():
            continue
        ai = res.responses.index(e.receiver[m])
        rest = diff[~pruned]
        if not ((rest >= 0).any() if ai == 0 else (rest <= 0).any()):
            return False
    return True


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_d1_matches_a_brute_force_check_with_three_types(seed):
    rng = np.random.default_rng(seed)
    uS = rng.integers(-3, 4, size=(3, 2, 2)).astype(float)
    uR = rng.integers(-3, 4, size=(3, 2, 2)).astype(float)
    prior = np.array([0.2, 0.3, 0.5])
    res = signalling_equilibria(signalling_game(prior, uS, uR))
    for e in res:
        assert e.d1 == brute_d1(prior, uS, uR, e, res), (seed, e)


def test_d1_is_stronger_than_the_intuitive_criterion_somewhere():
    """In random three-type games (seeds 0-49; seeds 31, 34, 39 and 47) some equilibria pass the
    intuitive criterion but fail D1 (confirmed by the brute force above), and none fails the
    intuitive criterion but passes D1."""
    stricter = 0
    for seed in range(50):
        rng = np.random.default_rng(seed)
        uS = rng.integers(-3, 4, size=(3, 2, 2)).astype(float)
        uR = rng.integers(-3, 4, size=(3, 2, 2)).astype(float)
        prior = np.array([0.2, 0.3, 0.5])
        res = signalling_equilibria(signalling_game(prior, uS, uR))
        for e in res:
            if e.intuitive and not e.d1:
                stricter += 1
                assert not brute_d1(prior, uS, uR, e, res)
            assert e.intuitive or not e.d1
    assert stricter >= 1


def test_a_type_with_zero_prior_leaves_its_message_off_the_path():
    """Beer-quiche with Pr(weak) = 0: a message only the weak type might send is off the path
    (any belief), in the pure and in the mixed enumeration alike."""
    res = signalling_equilibria(beer_quiche(0.0), mixed=True)
    assert len(res) >= 1
    for e in res:
        for m in res.messages:
            senders = [t for t in ("strong",) if e.sender_strategy[t][m] > 0]
            assert (m in e.beliefs) == bool(senders)
