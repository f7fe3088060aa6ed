"""Agent logit QRE of extensive games: pygambit as oracle, beliefs, limits, residuals.

The module also holds the random perfect-recall game generator and its Gambit
export used by ``benchmarks/bench_qre.py``.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import ParameterError, UnsupportedGameError
from compellence.games.tree import CHANCE, DECISION, TERMINAL, Game
from compellence.solvers.qre import QREPath, QREResult, qre, qre_path
from compellence.solvers.qre.agent_form import AgentSystem
from compellence.solvers.solution import Solution


def random_extensive_game(n_nodes: int, n_players: int = 2, seed: int = 0, max_actions: int = 3,
                          p_chance: float = 0.1, p_merge: float = 0.7) -> tuple[Game, list]:
    """A random tree of about ``n_nodes`` nodes with perfect-recall information sets.

    Returns the game and, per node, the chance weights (integers) of its children.
    """
    rng = np.random.default_rng(seed)
    parent, kind, player, depth = [-1], [], [], [0]
    weights: dict[int, list[int]] = {}
    i = 0
    while i < len(parent):
        room = n_nodes - len(parent)
        k = int(rng.integers(2, max_actions + 1))
        internal = room >= k and (i == 0 or rng.random() < 0.75)
        if internal:
            if i > 0 and rng.random() < p_chance:
                kind.append(CHANCE)
                player.append(-1)
                weights[i] = [int(w) for w in rng.integers(1, 5, size=k)]
            else:
                kind.append(DECISION)
                player.append(int(rng.integers(n_players)))
            for _ in range(k):
                parent.append(i)
                depth.append(depth[i] + 1)
        else:
            kind.append(TERMINAL)
            player.append(-1)
        i += 1
    n = len(parent)
    parent_a = np.array(parent)
    kind_a = np.array(kind)
    nkids = np.bincount(parent_a[1:], minlength=n)
    first_child = np.full(n, -1)
    for c in range(n - 1, 0, -1):
        first_child[parent[c]] = c
    edge_label = [None] + [f"a{c - first_child[parent[c]]}" for c in range(1, n)]
    # information sets: same player, depth, number of actions and own history
    own_hist: list[tuple] = [()] * n
    iset_of = [-1] * n
    labels: list[str | None] = [None] * n
    n_iset = 0
    depth_a = np.array(depth)
    for d in range(int(depth_a.max()) + 1):
        nodes = [j for j in np.flatnonzero(depth_a == d).tolist()]
        groups: dict[tuple, list[int]] = {}
        for j in nodes:
            if kind[j] == DECISION:
                mine = tuple(m for m in own_hist[j] if m[0] == player[j])
                groups.setdefault((player[j], int(nkids[j]), mine), []).append(j)
        for members in groups.values():
            rng.shuffle(members)
            pos = 0
            while pos < len(members):
                size = 1 if rng.random() > p_merge else int(rng.integers(2, 4))
                chunk = members[pos: pos + size]
                pos += size
                for j in chunk:
                    iset_of[j] = n_iset
                    labels[j] = f"I{n_iset}"
                n_iset += 1
        # children inherit own history extended by (infoset, action) for the mover
        for j in nodes:
            for a in range(int(nkids[j])):
                c = first_child[j] + a
                own_hist[c] = own_hist[j]
                if kind[j] == DECISION:
                    own_hist[c] = own_hist[j] + ((player[j], iset_of[j], a),)
    terms = np.flatnonzero(kind_a == TERMINAL)
    payoffs = rng.integers(0, 10, size=(n_players, terms.size)).astype(float)
    probs = []
    for c in range(1, n):
        p = parent[c]
        if kind[p] == CHANCE:
            w = weights[p]
            probs.append(w[c - first_child[p]] / sum(w))
    g = Game.from_arrays(
        [f"P{k + 1}" for k in range(n_players)], parent=parent_a, kind=kind_a, player=np.array(player),
        edge_label=edge_label, payoffs=payoffs, chance_probs=np.array(probs), infoset_label=labels,
        title=f"random {n} nodes",
    )
    return g, weights


def to_efg(game: Game, weights: dict) -> str:
    """Gambit .efg text of a scalar game built by :func:`random_extensive_game`."""
    out = io.StringIO()
    names = " ".join(f'"{p}"' for p in game.players)
    out.write(f'EFG 2 R "{game.title}" {{ {names} }}\n""\n\n')
    per_player: dict[int, int] = {}
    iset_num: dict[int, int] = {}
    for s in game.infosets:
        per_player[s.player] = per_player.get(s.player, 0) + 1
        iset_num[s.index] = per_player[s.player]
    chance_no = 0
    outcome_no = 0
    for i in game.walk():
        k = game.kind[i]
        if k == TERMINAL:
            outcome_no += 1
            pay = ", ".join(repr(float(v)) for v in game.payoffs[:, game.terminal_index[i]])
            out.write(f't "" {outcome_no} "" {{ {pay} }}\n')
        elif k == CHANCE:
            chance_no += 1
            w = weights[i]
            tot = sum(w)
            br = " ".join(f'"{game.edge_label[c]}" {w[j]}/{tot}' for j, c in enumerate(game.children(i)))
            out.write(f'c "" {chance_no} "" {{ {br} }} 0\n')
        else:
            s = game.infosets[game.infoset[i]]
            acts = " ".join(f'"{a}"' for a in s.actions)
            out.write(f'p "" {s.player + 1} {iset_num[s.index]} "" {{ {acts} }} 0\n')
    return out.getvalue()


def to_gambit(game: Game, weights: dict):
    import pygambit as gbt

    return gbt.read_efg(io.StringIO(to_efg(game, weights)))


def gambit_behavior(game: Game, ggame, profile) -> np.ndarray:
    """A pygambit behaviour profile (or logit QRE point) as our per-edge probabilities (n_nodes,)."""
    import pygambit as gbt

    if isinstance(profile, gbt.LogitQREMixedBehaviorProfile):  # a point on the logit path
        profile = profile.profile
    out = np.ones(game.n_nodes)
    for s in game.infosets:
        # pygambit names an information set by the action path to any member
        mixed = profile[gbt.H.path(*game.history(s.nodes[0]))]
        for k, lab in enumerate(s.actions):
            pr = float(mixed[lab])
            for h in s.nodes:
                out[game.child_start[h] + k] = pr
    return out



# ---------------------------------------------------------------------------- tests

gbt = pytest.importorskip("pygambit")

#: residual of the agent logit fixed point guaranteed at every returned point
#: for lambda <= 100 (far out it grows like eps * lambda * payoff scale)
RESIDUAL_TOL = 1e-8


def _decision_edges(game: Game) -> np.ndarray:
    par = np.maximum(game.parent, 0)
    return np.flatnonzero((game.parent >= 0) & (game.kind[par] == DECISION))


@pytest.mark.parametrize("n_nodes,seed,n_players", [(30, 7, 2), (40, 1, 2), (40, 10, 3)])
def test_profiles_match_pygambit_at_several_lambdas(n_nodes, seed, n_players):
    g, w = random_extensive_game(n_nodes, n_players=n_players, seed=seed)
    assert any(len(s.nodes) > 1 for s in g.infosets), "want real information sets"
    gg = to_gambit(g, w)
    lams = [0.5, 2.0, 5.0]
    theirs = gbt.qre.logit_solve_lambda(gg, lams)
    dec = _decision_edges(g)
    for lam, q in zip(lams, theirs):
        sol = qre(g, lam).solution
        assert isinstance(sol, Solution) and sol.method == "agent_qre"
        diff = np.abs(sol.edge_prob - gambit_behavior(g, gg, q))[dec].max()
        assert diff < 1e-6, (lam, diff)
        assert sol.info["residual"] < RESIDUAL_TOL


def test_beliefs_are_bayes_rule_everywhere():
    g, _ = random_extensive_game(60, seed=4)
    sol = qre(g, 8.0).solution
    reach = sol.reach
    b = sol.beliefs
    assert b.shape == (g.n_nodes,)
    for s in g.infosets:
        nodes = list(s.nodes)
        np.testing.assert_allclose(b[nodes].sum(), 1.0, atol=1e-12)
        r = reach[nodes]
        if r.sum() > 1e-250:
            np.testing.assert_allclose(b[nodes], r / r.sum(), atol=1e-9)
    nondec = g.kind != DECISION
    assert np.all(b[nondec] == 0.0)
    # behaviour probabilities are distributions at every infoset
    for acts in sol.strategy.values():
        assert abs(sum(float(p) for p in acts.values()) - 1.0) < 1e-12


def test_simultaneous_game_equals_normal_form_qre():
    rng = np.random.default_rng(3)
    A = rng.integers(0, 9, size=(3, 2)).astype(float)
    B = rng.integers(0, 9, size=(3, 2)).astype(float)
    rows, cols = ["u", "m", "d"], ["l", "r"]
    root = cp.decision(
        "Row",
        {
            r: cp.decision(
                "Col", {c: cp.outcome(A[i, j], B[i, j]) for j, c in enumerate(cols)}, infoset="col"
            )
            for i, r in enumerate(rows)
        },
    )
    g = cp.Game(["Row", "Col"], root)
    nf = cp.NormalFormGame.from_bimatrix(A, B)
    for lam in (0.3, 1.7, 6.0):
        sol = qre(g, lam).solution
        q = qre(nf, lam).point(0)
        np.testing.assert_allclose([float(v) for v in sol.strategy["root"].values()], q.profile[0],
                                   atol=1e-10)
        np.testing.assert_allclose([float(v) for v in sol.strategy["col"].values()], q.profile[1],
                                   atol=1e-10)


def _coercion_game(punish_target=-3.0) -> Game:
    return cp.Game(
        players=["Coercer", "Target"],
        root=cp.decision("Coercer", {
            "demand": cp.decision("Target", {
                "comply": cp.outcome(1.0, -1.0),
                "resist": cp.decision("Coercer", {
                    "punish": cp.outcome(-1.0, punish_target),
                    "back down": cp.outcome(-2.0, 0.0),
                }),
            }),
            "status quo": cp.outcome(0.0, 0.0),
        }),
        title="Compellence with a threat",
    )


def test_limit_is_subgame_perfect_in_perfect_information_games():
    g = _coercion_game()
    path = qre_path(g)
    assert path.stopped_by == "max_regret"
    sol = path.solution
    spe = cp.spe(g)
    assert sol.path() == spe.path()
    np.testing.assert_allclose(sol.edge_prob, spe.edge_prob, atol=1e-6)
    np.testing.assert_allclose(sol.value, spe.value, atol=1e-6)
    assert sol.info["max_regret"] <= 1e-8 * 4


def test_limit_matches_pygambit_logit_solve():
    g, w = random_extensive_game(30, seed=1)
    gg = to_gambit(g, w)
    eq = gbt.nash.logit_solve(gg).equilibrium
    path = qre_path(g)
    assert path.stopped_by == "max_regret"
    dec = _decision_edges(g)
    theirs = gambit_behavior(g, gg, eq)
    assert np.abs(path.solution.edge_prob - theirs)[dec].max() < 1e-6
    # sequential-equilibrium approximation: beliefs everywhere, small conditional regret
    assert path.solution.beliefs is not None
    assert path.limit.info["max_regret"] <= 1e-8 * 9


def test_regrets_match_pygambit():
    """Player-level (Nash) and conditional agent regrets equal pygambit's at a QRE profile."""
    for seed, n_players in ((7, 2), (10, 3)):
        g, w = random_extensive_game(40, n_players=n_players, seed=seed)
        sys = AgentSystem(g)
        sol = qre(g, 1.5).solution
        gg = to_gambit(g, w)
        prof = gg.mixed_behavior_profile()
        for s in g.infosets:
            c0 = g.child_start[s.nodes[0]]
            prof.set_mixed_action(gbt.H.path(*g.history(s.nodes[0])),
                                  {a: float(sol.edge_prob[c0 + k]) for k, a in enumerate(s.actions)})
        x = np.log(np.maximum(sol.edge_prob[sys.dec_child], 1e-300))
        xv = np.empty(sys.n_vars)
        xv[sys.edge_var[sys.dec_child]] = x
        assert sys.nash_regret(xv).max() == pytest.approx(float(prof.max_regret()), abs=1e-10)
        assert sys.regret(xv).max() == pytest.approx(float(prof.agent_max_regret()), abs=1e-10)


def test_sequential_criterion_is_stricter():
    g, _ = random_extensive_game(30, seed=1)
    nash = qre_path(g)
    seq = qre_path(g, criterion="sequential")
    assert seq.stopped_by == "max_regret"
    assert seq.lam[-1] >= nash.lam[-1]
    assert seq.limit.info["max_regret"] <= 1e-8 * (g.payoffs.max() - g.payoffs.min())
    with pytest.raises(ParameterError, match="criterion"):
        qre_path(g, criterion="perfect")


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), n_players=st.integers(1, 3), lam=st.floats(0.1, 20.0))
def test_logit_regret_bound_property(seed, n_players, lam):
    """At an agent logit QRE every agent's conditional regret is at most (m - 1) / (e lambda)."""
    g, _ = random_extensive_game(35, n_players=n_players, seed=seed)
    sys = AgentSystem(g)
    sol = qre(g, lam).solution
    xv = np.empty(sys.n_vars)
    xv[sys.edge_var[sys.dec_child]] = np.log(sol.edge_prob[sys.dec_child])
    bound = (sys.sizes - 1) / (np.e * lam)
    assert np.all(sys.regret(xv) <= bound + 1e-9)
    assert sol.info["residual"] < RESIDUAL_TOL


def test_residual_below_tolerance_at_every_point():
    for seed in (2, 5, 8):
        g, _ = random_extensive_game(50, seed=seed)
        path = qre_path(g, lam_max=100.0)
        assert path.stopped_by == "lam_max"
        assert path.lam[-1] == pytest.approx(100.0)
        assert path.max_residual < RESIDUAL_TOL, seed


def test_batched_game_is_solved_elementwise():
    g = _coercion_game(punish_target=np.array([-3.0, -0.5, 0.5]))
    sol = qre(g, 2.0).solution
    assert sol.edge_prob.shape == (g.n_nodes, 3)
    assert sol.beliefs.shape == (g.n_nodes, 3)
    assert sol.ties.shape == (3, 3) and not sol.ties.any()
    for k in range(3):
        one = qre(g.at(k), 2.0).solution
        np.testing.assert_allclose(sol.edge_prob[:, k], one.edge_prob, atol=1e-12)
        np.testing.assert_allclose(sol.node_value[:, :, k], one.node_value, atol=1e-12)
    with pytest.raises(ParameterError, match="batch"):
        qre_path(g)


@pytest.mark.parametrize("seed,lam", [(4, 0.7), (7, 3.0), (11, 8.0)])
def test_vectorised_batch_matches_scalar_tracing(seed, lam):
    g0, _ = random_extensive_game(40, seed=seed)
    rng = np.random.default_rng(seed)
    B = 24
    payoffs = g0.payoffs[..., None] + rng.normal(0, 2.0, size=(*g0.payoffs.shape, B))
    g = Game.from_arrays(
        g0.players, parent=g0.parent, kind=g0.kind, player=g0.player, edge_label=g0.edge_label,
        payoffs=payoffs, chance_probs=np.repeat(g0.chance_probs[:, None], B, axis=1),
        infoset_label=g0.infoset_labels(),
    )
    sol = qre(g, lam).solution
    assert sol.info["n_vectorised"] + sol.info["n_traced"] == B
    assert sol.info["n_vectorised"] > 0
    assert np.all(sol.info["residual"] < RESIDUAL_TOL)
    for k in range(0, B, 5):
        one = qre(g.at(k), lam).solution
        np.testing.assert_allclose(sol.edge_prob[:, k], one.edge_prob, atol=1e-8)
        np.testing.assert_allclose(sol.beliefs[:, k], one.beliefs, atol=1e-8)


def test_path_object_and_frame():
    g, _ = random_extensive_game(25, seed=9)
    path = qre_path(g, lam_max=3.0)
    assert isinstance(path, QREPath) and path.form == "agent"
    df = path.to_frame()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["point", "lam", "player", "infoset", "action", "probability"]
    assert len(df) == len(path) * sum(len(s.actions) for s in g.infosets)
    assert isinstance(path.point(0), Solution)
    np.testing.assert_allclose(path.solution.edge_prob, qre(g, 3.0).solution.edge_prob, atol=1e-9)
    grid = qre(g, [0.0, 1.0, 3.0])
    assert isinstance(grid, QREResult) and list(grid.lam) == [0.0, 1.0, 3.0]
    np.testing.assert_allclose(grid.profiles[-1], path.profiles[-1], atol=1e-9)


def test_jacobian_matches_finite_differences():
    g, _ = random_extensive_game(40, seed=12)
    sys = AgentSystem(g)
    rng = np.random.default_rng(0)
    y = sys.start()
    y[:-1] += rng.normal(0, 0.3, size=y.size - 1)
    y[-1] = 1.3
    J = sys.J_dense(y)
    np.testing.assert_allclose(sys.J_sparse(y).toarray(), J, atol=1e-13)
    num = np.empty_like(J)
    for k in range(y.size):
        d = np.zeros_like(y)
        d[k] = 1e-6
        num[:, k] = (sys.H(y + d) - sys.H(y - d)) / 2e-6
    assert np.abs(num - J).max() < 1e-6


def test_sparse_and_dense_tracing_agree():
    g, _ = random_extensive_game(120, seed=10)
    sys = AgentSystem(g)
    assert sys.sparse  # large enough for sparse Jacobians
    sol = qre(g, 4.0).solution
    from compellence.solvers.qre.continuation import trace_path

    sys.sparse = False
    dense = trace_path(sys.H, sys.J, sys.start(), param_max=np.inf, targets=[4.0])
    sig = np.exp(dense.target_points[4.0][:-1])
    np.testing.assert_allclose(sol.edge_prob, sys.edge_prob(sig), atol=1e-10)


def test_bad_input():
    g = _coercion_game()
    with pytest.raises(ParameterError, match="lam"):
        qre(g, -0.5)
    zero = cp.Game(["A", "B"], cp.chance({
        "x": (1.0, cp.decision("A", {"l": cp.outcome(1, 0), "r": cp.outcome(0, 1)})),
        "y": (0.0, cp.decision("B", {"l": cp.outcome(1, 0), "r": cp.outcome(0, 1)})),
    }))
    with pytest.raises(UnsupportedGameError, match="chance probability 0"):
        qre(zero, 1.0)
    with pytest.raises(UnsupportedGameError):
        qre(cp.Game(["A"], cp.outcome(1.0)), 1.0)
    driver = cp.Game(["D"], cp.decision("D", {
        "exit": cp.outcome(0.0),
        "cont": cp.decision("D", {"exit": cp.outcome(4.0), "cont": cp.outcome(1.0)}, infoset="x"),
    }, infoset="x"))
    with pytest.raises(UnsupportedGameError, match="absent-minded"):
        qre(driver, 1.0)


def test_qre_returns_one_result_type_for_every_game_and_lambda():
    """``qre`` always gives a QREResult over the requested lambdas, in the order given."""
    nf = cp.NormalFormGame.from_bimatrix([[3.0, 0.0], [1.0, 2.0]], [[1.0, 0.0], [0.0, 2.0]])
    tree, _ = random_extensive_game(30, seed=5)
    batched = _coercion_game(punish_target=np.array([-3.0, -0.5, 0.5]))
    for game in (nf, tree, batched):
        for lam in (1.5, [2.0, 0.0, 1.5], np.array([0.7])):
            res = qre(game, lam)
            assert isinstance(res, QREResult)
            lams = np.atleast_1d(np.asarray(lam, dtype=float))
            np.testing.assert_array_equal(res.lam, lams)
            assert res.log_profiles.shape == (len(lams), *res.batch_shape, len(res.columns))
            assert res.to_frame().shape[0] == len(lams) * int(np.prod(res.batch_shape)) * len(res.columns)
            for k, v in enumerate(lams):
                one = res.point(k)
                assert one is not None and res.at(float(v)) is not None
                assert (one.lam if isinstance(game, cp.NormalFormGame) else one.info["lam"]) == v
    grid = qre(tree, [2.0, 0.5])
    with pytest.raises(cp.errors.SolverError, match="point"):
        grid.solution  # noqa: B018
    with pytest.raises(cp.errors.SolverError):
        qre(nf, 1.0).solution  # noqa: B018
    with pytest.raises(ParameterError, match="requested"):
        grid.at(3.0)
    with pytest.raises(ParameterError, match="range"):
        grid.point(2)
    with pytest.raises(ParameterError, match="empty"):
        qre(tree, [])


def test_batched_game_on_a_lambda_grid_matches_scalar_tracing():
    g0, _ = random_extensive_game(30, seed=6)
    rng = np.random.default_rng(6)
    B = 6
    payoffs = g0.payoffs[..., None] + rng.normal(0, 2.0, size=(*g0.payoffs.shape, B))
    g = Game.from_arrays(
        g0.players, parent=g0.parent, kind=g0.kind, player=g0.player, edge_label=g0.edge_label,
        payoffs=payoffs, chance_probs=np.repeat(g0.chance_probs[:, None], B, axis=1),
        infoset_label=g0.infoset_labels(),
    )
    lams = [3.0, 0.5, 3.0, 1.0]
    res = qre(g, lams)
    assert np.all(res.residuals < RESIDUAL_TOL)
    for k in range(B):
        one = qre(g.at(k), lams)
        np.testing.assert_allclose(res.profiles[:, k], one.profiles, atol=1e-8)
    sol = res.point(1)
    assert sol.edge_prob.shape == (g.n_nodes, B) and sol.info["lam"] == 0.5


def test_fused_dense_system_matches_finite_differences():
    """HJ (the small-game formulation the continuation uses) against numerical derivatives of H."""
    for seed in (3, 12, 21):
        g, _ = random_extensive_game(35, n_players=2 + seed % 2, seed=seed)
        sys = AgentSystem(g)
        assert not sys.sparse
        rng = np.random.default_rng(seed)
        y = sys.start()
        y[:-1] += rng.normal(0, 0.4, size=y.size - 1)
        y[-1] = 1.7
        r, Jx, jl = sys.HJ(y[:-1], y[-1])
        np.testing.assert_allclose(r, sys.H(y), atol=1e-13)
        np.testing.assert_allclose(sys.H_dense(y[:-1], y[-1]), sys.H(y), atol=1e-13)
        num = np.empty((y.size - 1, y.size))
        for k in range(y.size):
            d = np.zeros_like(y)
            d[k] = 1e-6
            num[:, k] = (sys.H(y + d) - sys.H(y - d)) / 2e-6
        assert np.abs(num[:, :-1] - Jx).max() < 1e-6
        assert np.abs(num[:, -1] - jl).max() < 1e-6


def _arc_length_points(g: Game, lams: list[float]) -> np.ndarray:
    """The branch's points at ``lams`` by the arc-length follower alone (Gambit's method)."""
    from compellence.solvers.qre.continuation import trace_path

    sys = AgentSystem(g)
    res = trace_path(sys.H, sys.J, sys.start(), param_max=np.inf, targets=lams, tol=1e-10,
                     keep_points=False, scale=float(np.abs(g.payoffs).max()))
    return np.exp(np.array([res.target_points[v][:-1] for v in lams]))


@pytest.mark.parametrize("seed", [3, 40, 127])
def test_lambda_continuation_matches_arc_length_tracing(seed):
    """Small games go by continuation in lambda; seed 127's branch turns back near lambda
    5.03, where the arc-length follower must take over (the first crossing of 10 and 30
    lies beyond the turn)."""
    from compellence.solvers.qre.continuation import follow_parameter

    rng = np.random.default_rng(seed)
    size = int(rng.integers(8, 80))
    g, _ = random_extensive_game(size, n_players=int(rng.integers(2, 4)), seed=seed,
                                 p_merge=float(rng.uniform(0.3, 0.9)),
                                 max_actions=int(rng.integers(2, 4)))
    lams = [0.3, 1.0, 2.0, 5.0, 10.0, 30.0]
    res = qre(g, lams)
    np.testing.assert_allclose(res.profiles, _arc_length_points(g, lams), atol=1e-8)
    assert np.all(res.residuals < RESIDUAL_TOL)
    if seed == 127:
        sys = AgentSystem(g)
        path = qre_path(g, lam_max=10.0)
        assert np.any(np.diff(path.lam) < 0), "the branch bends back"
        pts, _, p, done = follow_parameter(sys.HJ, sys.start()[:-1], 0.0, lams, H=sys.H_dense)
        assert not done and p == 5.0 and 10.0 not in pts  # arc length from the last target


def test_parameter_continuation_stops_before_a_fold():
    """x^3 - 3x = p - 1 from x = -2: the curve turns back at p = 3 (x = -1)."""
    from compellence.solvers.qre.continuation import follow_parameter

    def HJ(x, p):
        return x ** 3 - 3 * x - (p - 1), np.array([[3 * x[0] ** 2 - 3.0]]), np.array([-1.0])

    pts, x, p, done = follow_parameter(HJ, np.array([-2.0]), -1.0, [2.0, 4.0])
    assert not done and 4.0 not in pts and p == 2.0  # the last point solved exactly
    # independent: the root of x^3 - 3x - 1 = 0 in (-2, -1)
    root = min(r.real for r in np.roots([1, 0, -3, -1]) if abs(r.imag) < 1e-12)
    np.testing.assert_allclose(pts[2.0], [root], atol=1e-12)


def test_agent_system_is_built_once_per_game():
    g, _ = random_extensive_game(30, seed=2)
    assert AgentSystem.of(g) is AgentSystem.of(g)
    g2, _ = random_extensive_game(30, seed=2)
    assert AgentSystem.of(g2) is not AgentSystem.of(g)
