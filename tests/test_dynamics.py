"""Coercion over time: dynamic solver vs unrolled tree, static reduction, Powell 2006, two MPE."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.commitment import powell_war
from compellence.coercion.dynamics import (
    CoercionDynamics,
    MarkovGame,
    StateSpace,
    acting_now_vs_later,
    backward_induction_dynamic,
    demand_timing,
    markov_perfect,
    offramp_timing,
    policy_iteration,
    shifting_power_game,
    simulate,
    unroll,
    value_iteration,
)
from compellence.coercion.offramp import offramp_margin
from compellence.errors import ParameterError

unit = st.floats(0.0, 1.0, allow_nan=False)
pos = st.floats(0.0, 2.0, allow_nan=False)


# ------------------------------------------------------------------ route 1 = route 2
def random_markov_game(rng: np.random.Generator, S: int, A: int, B: int, Q: int) -> MarkovGame:
    """A random Markov game with every action allowed (payoffs in [-1, 1], random successor lotteries)."""
    term = rng.random((S, B)) < 0.3
    term[:, 0] &= B > 1  # keep at least one continuing answer sometimes
    prob = rng.random((S, B, Q)) + 0.05
    prob /= prob.sum(-1, keepdims=True)
    return MarkovGame(
        states=StateSpace({"z": np.arange(S)}), coercer_actions=tuple(f"a{i}" for i in range(A)),
        target_actions=tuple(f"b{i}" for i in range(B)), after=rng.integers(0, S, (S, A)),
        coercer_allowed=np.ones((S, A), bool), move_payoff=rng.uniform(-1, 1, (S, A, 2)),
        target_allowed=np.ones((S, B), bool), payoff=rng.uniform(-1, 1, (S, B, 2)), terminal=term,
        succ=rng.integers(0, S, (S, B, Q)), prob=prob, delta=rng.uniform(0.5, 0.95),
        end_value=rng.uniform(-1, 1, (S, B, 2)),
    )


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), S=st.integers(1, 4), A=st.integers(1, 3), B=st.integers(1, 3),
       Q=st.integers(1, 2), T=st.integers(1, 3))
def test_random_markov_games_agree_with_spe_on_the_unrolled_tree(seed, S, A, B, Q, T):
    g = random_markov_game(np.random.default_rng(seed), S, A, B, Q)
    sol = backward_induction_dynamic(g, T)
    for s0 in range(S):
        tree_value = cp.spe(unroll(g, T, s0)).value
        np.testing.assert_allclose(sol.value[s0], tree_value, rtol=0, atol=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(K=st.integers(1, 2), x=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=2), s=pos, r=unit,
       delta=st.floats(0.3, 0.95), pi_T=unit, pi_A=unit, cost=st.floats(0.0, 0.5), aud=st.floats(0.0, 0.3),
       shift=unit, rho=unit, war=st.booleans(), T=st.integers(1, 2), seed=st.integers(0, 10**6))
def test_coercion_model_agrees_with_spe_on_the_unrolled_tree(K, x, s, r, delta, pi_T, pi_A, cost, aud, shift,
                                                             rho, war, T, seed):
    m = CoercionDynamics(punishment_levels=K, demands=tuple(x), punishment_per_period=s, reversibility=r,
                         delta=delta, threat_credibility=pi_T, assurance_credibility=pi_A, punishment_cost=cost,
                         audience_cost=aud, bite=(0.5, 1.0), power=(0.6, 0.4), power_shift=shift,
                         insurgency=(0.0, 0.3), insurgency_persistence=rho, war=war)
    g = m.game()
    sol = backward_induction_dynamic(g, T)
    compared = 0
    for s0 in np.random.default_rng(seed).choice(g.n_states, 3, replace=False):
        tree_sol = cp.spe(unroll(g, T, int(s0)))
        if np.asarray(tree_sol.ties).any():
            # a mover indifferent within the tolerance (e.g. pi_T = 6e-8: actions 7e-10 apart): both
            # solvers give an equilibrium, but they may break the tie differently, and the other
            # player's value then differs; those states are not comparable
            continue
        compared += 1
        np.testing.assert_allclose(sol.value[s0], tree_sol.value, rtol=0, atol=1e-8)  # ties: tol 1e-9
    assume(compared > 0)


# ------------------------------------------------------------------ one period = the static margin
@settings(max_examples=60, deadline=None)
@given(K=st.integers(1, 3), k=st.integers(1, 3), x=unit, s=pos, r=unit,
       delta=st.floats(0.05, 0.95), pi_T=unit, pi_A=unit, cc=st.floats(-0.5, 0.5), L=st.floats(-0.5, 0.5),
       bite=unit, ins=unit, coh=unit, h=pos)
def test_one_period_reduces_to_the_static_margin(K, k, x, s, r, delta, pi_T, pi_A, cc, L, bite, ins, coh, h):
    assume(k <= K)
    m = CoercionDynamics(punishment_levels=K, demands=(x,), punishment_per_period=s, reversibility=r,
                         delta=delta, threat_credibility=pi_T, assurance_credibility=pi_A, compliance_cost=cc,
                         resistance_cost=L, bite=(bite,), insulation=(ins,), cohesion=(coh,), insurgency=(h,),
                         insurgency_persistence=0.5)
    g = m.game()
    sol = backward_induction_dynamic(g, 1)
    z = g.states.index(punishment=k, demand=1)   # punishment k in place, demand on the table
    # after "hold" the after-state is z itself; the target's margin there:
    P = s * (k / K) * bite * (1 - ins) * coh          # effective punishment, written out here
    D = delta / (1 - delta)
    by_hand = (pi_T + pi_A - 1) * r * P * D - x - cc + L
    assert sol.margin[0][z] == pytest.approx(by_hand, abs=1e-9)
    static = offramp_margin(x, P, delta, pi_T, pi_A, r, compliance_cost=cc, resistance_cost=L)
    assert sol.margin[0][z] == pytest.approx(float(static), abs=1e-9)
    target_answer = g.target_actions[sol.response[0][z]]
    assert target_answer == ("comply" if by_hand >= -1e-9 else "resist") or abs(by_hand) < 1e-9


def test_irreversible_punishment_is_charged_on_every_branch_and_cancels():
    """Irreversible punishment already imposed changes the target's payoff level, never its choice.

    Compared at after-states with the top punishment in place: the irreversible part is sunk there.
    (Where punishment is not yet imposed, the irreversible damage of a future imposition is part of
    the threat and does move the margin: that is the accounting, not a leak.)"""
    base = dict(punishment_levels=1, demands=(0.5,), delta=0.8, threat_credibility=0.9, assurance_credibility=0.9)
    lo = CoercionDynamics(reversibility=0.5, punishment_per_period=1.0, **base).game()
    # the same reversible flow r s = 0.5 with a larger irreversible part: (r, s) = (0.25, 2.0)
    hi = CoercionDynamics(reversibility=0.25, punishment_per_period=2.0, **base).game()
    a, b = backward_induction_dynamic(lo, 4), backward_induction_dynamic(hi, 4)
    np.testing.assert_array_equal(a.response, b.response)
    top = lo.states.grid()["punishment"] == 1
    np.testing.assert_allclose(a.margin[:, top], b.margin[:, top], atol=1e-12)
    assert np.isfinite(a.margin[:, top]).any()
    assert not np.allclose(a.margin[:, ~top], b.margin[:, ~top])   # not yet imposed: part of the threat
    esc = lo.coercer_actions.index("escalate")
    # the escalation move costs the target the irreversible PV (1 - r) s D, charged once
    assert lo.move_payoff[0, esc, 1] == pytest.approx(-0.5 * 1.0 * 4.0)
    assert hi.move_payoff[0, esc, 1] == pytest.approx(-0.75 * 2.0 * 4.0)


# ------------------------------------------------------------------ Powell 2006 as the limiting case
@settings(max_examples=12, deadline=None)
@given(p0=st.floats(0.05, 0.95), drop=st.floats(0.0, 0.6), delta=st.floats(0.5, 0.95), d=st.floats(0.02, 0.3))
def test_powell_shifting_power_condition_is_the_equilibrium(p0, drop, delta, d):
    """Powell (2006, IO 60(1) 169-203): war at t iff delta (p_t - p_{t+1}) > (1 - delta)(1 - p_t + d_D).

    Derived here: D accepting today gets at most 1 + delta W_D(t+1), W_D(t) = (p_t - d)/(1 - delta).
    """
    p1 = p0 - drop
    assume(p1 >= d + 0.01)
    lhs, rhs = delta * (p0 - p1), (1 - delta) * (1 - p0 + d)
    assume(abs(lhs - rhs) > 1e-6)   # the war values p_t - d are on the offer grid (exact=True)
    g = shifting_power_game([p0, p1], delta, d, offers=201)
    res = markov_perfect(g, starts=["value:zero", "policy:first", "policy:last"], n_random=0)
    assert res.n_equilibria >= 1
    z0 = g.states.index(period=0, offer=0)
    for sol in res.equilibria:
        assert sol.verified
        z1 = g.after[z0, sol.policy[z0]]
        fights = g.target_actions[sol.response[z1]] == "escalate"
        assert fights == (lhs > rhs)
        assert fights == bool(powell_war(p0, p1, delta, d).war)
        # after the shift D is offered its war value (p1 - d), up to one grid step
        z = g.states.index(period=1, offer=0)
        offer = g.meta["offers"][sol.policy[z]]
        assert offer == pytest.approx(p1 - d, abs=1e-12)


def test_cycles_are_reported_when_the_grid_has_no_pure_stationary_mpe():
    """On a 0.001 offer grid the declining state's war value per period, p1 - d = 0.0700095, falls just
    above the grid offer 0.070.  By hand (delta = 0.5): offering 0.071 for ever is not an MPE, since the
    target accepts a one-shot 0.070 (0.070 + 0.5 * 0.142 = 0.141 >= its war value 0.14002); offering
    0.070 for ever is not one either (0.070 / 0.5 = 0.140 < 0.14002: it fights).  So no pure stationary
    MPE exists on this grid: every search must report a cycle, none may claim an equilibrium."""
    p, d = [0.734610748184679, 0.234610748184679], 0.1646012748088577
    g = shifting_power_game(p, 0.5, d, offers=1001, exact=False)
    vi = value_iteration(g, tol=1e-10, max_iter=2000)
    assert vi.status == "cycle" and vi.cycle_length == 6
    res = markov_perfect(g, starts=["value:zero", "policy:first"], n_random=0)
    assert list(res.runs["status"]) == ["cycle", "cycle"]
    assert res.n_equilibria == 0 and res.cycles
    assert all(not r.verified for r in res.all_runs)
    # with the war value on the grid value iteration converges to offering exactly p1 - d
    ex = value_iteration(shifting_power_game(p, 0.5, d, offers=1001), tol=1e-10)
    assert ex.status == "converged" and ex.verified


# ------------------------------------------------------------------ two Markov-perfect equilibria
def two_mpe_model(x: float, s: float = 0.5, delta: float = 0.8, c: float = 0.1) -> CoercionDynamics:
    return CoercionDynamics(punishment_levels=1, demands=(x,), punishment_per_period=s, reversibility=1.0,
                            delta=delta, assurance_credibility=1.0, punishment_cost=c)


def test_two_markov_perfect_equilibria_are_found_and_reported():
    """With delta s < x <= delta s / (1 - delta) (derived by hand below) two MPE coexist:

    * persist: the coercer keeps punishing, the target complies (comply -x >= resist -delta s - delta x);
    * give up: the coercer lifts, so resisting costs only delta s < x; then punishing buys nothing and
      costs c: lifting is best.
    """
    s, delta, c, x = 0.5, 0.8, 0.1, 0.8
    assert delta * s < x <= delta * s / (1 - delta)
    g = two_mpe_model(x, s, delta, c).game()
    res = markov_perfect(g)
    assert res.multiple and res.n_distinct_values == 2
    z = g.states.index(punishment=1, demand=1)
    found = sorted(tuple(np.round(e.value[z], 9)) for e in res.equilibria)
    found = sorted(set(found))
    assert (0.0, 0.0) in found and (x, -x) in found     # give up: 0 to both; persist: x and -x
    for e in res.equilibria:
        assert e.status == "converged" and e.verified
    assert set(res.runs["status"]) <= {"converged", "cycle", "max_iter", "not_verified"}
    assert len(res.runs) == 7


def test_outside_the_window_the_mpe_is_unique_by_value():
    s, delta, c = 0.2, 0.8, 0.1
    for x in (0.1, 0.9):   # x <= delta s: complying beats even one period; x > delta s/(1-delta): never
        res = markov_perfect(two_mpe_model(x, s, delta, c).game())
        z = res.equilibria[0].game.states.index(punishment=1, demand=1)
        vals = {tuple(np.round(e.value[z], 9)) for e in res.equilibria}
        assert len(vals) == 1


# ------------------------------------------------------------------ finite vs stationary, batching
def test_long_horizon_selects_one_of_the_stationary_equilibria():
    """In the two-MPE game the long finite horizon (threat carried out after the end w.p. pi_T = 0.8)
    converges to the 'persist' equilibrium, one of the MPE markov_perfect finds."""
    g = two_mpe_model(0.8).game()
    res = markov_perfect(g)
    fin = backward_induction_dynamic(g, 300, keep="policy")
    assert any(np.allclose(fin.value, e.value, atol=1e-8) for e in res.equilibria)
    persist = [e for e in res.equilibria if e.value[g.states.index(punishment=1, demand=1), 0] > 0.5]
    assert persist and np.allclose(fin.value, persist[0].value, atol=1e-8)


def test_a_finite_horizon_that_never_settles_is_reported_not_hidden():
    """With a bite ramp and pi_A < 1 the finite-horizon SPE is periodic in time (period 3: the target
    delays compliance by one period when the coercer would demand next period, etc.), so there is no
    stationary limit; several policy-iteration starts cycle, and markov_perfect says so."""
    g = CoercionDynamics(punishment_levels=2, demands=(0.8,), bite=(0.5, 1.0), delta=0.85,
                         assurance_credibility=0.9, punishment_cost=0.05, audience_cost=0.02).game()
    fin = backward_induction_dynamic(g, 120, keep="policy")
    P, R = fin.policy, fin.response
    same = [all(np.array_equal(P[t], P[t + p]) and np.array_equal(R[t], R[t + p]) for t in range(5, 100))
            for p in (1, 2, 3)]
    assert same == [False, False, True]
    res = markov_perfect(g)
    assert res.cycles and (res.runs["status"] == "cycle").sum() >= 1
    assert all(e.verified for e in res.equilibria)


def test_sweeps_are_batched_and_equal_pointwise_solves():
    r = np.linspace(0.1, 1.0, 4)
    m = CoercionDynamics(punishment_levels=2, demands=(0.5, 1.0), reversibility=r, bite=(0.5, 1.0),
                         power=(0.6, 0.4), power_shift=0.3, war=True)
    g = m.game()
    assert g.batch_shape == (4,)
    sol = backward_induction_dynamic(g, 6)
    for i, ri in enumerate(r):
        gi = m.replace(reversibility=float(ri)).game()
        np.testing.assert_allclose(sol.value[i], backward_induction_dynamic(gi, 6).value, atol=1e-12)
        np.testing.assert_array_equal(sol.policy[:, i], backward_induction_dynamic(gi, 6).policy)
    # value iteration over a sweep of the demand (each point converges on its own)
    xs = np.linspace(0.1, 0.9, 5)
    gx = [two_mpe_model(float(x)).game() for x in xs]
    pointwise = [value_iteration(gi) for gi in gx]
    assert all(p.status == "converged" for p in pointwise)
    swept = CoercionDynamics(punishment_levels=1, demands=(1.0,), punishment_per_period=0.5, reversibility=1.0,
                             delta=0.8, assurance_credibility=1.0, punishment_cost=0.1,
                             concession_value=xs).game()
    assert swept.batch_shape == (5,)
    vi = value_iteration(swept)
    assert vi.status == "converged" and vi.verified.all()


def test_column_layout_gives_the_same_equilibrium(monkeypatch):
    """Large grids use a column layout (one array per action); forced on a small game it must agree."""
    from compellence.coercion.dynamics import solvers

    m = CoercionDynamics(punishment_levels=2, demands=(0.3, 0.9), bite=(0.4, 1.0), power=(0.6, 0.4),
                         power_shift=0.5, insurgency=(0.0, 0.1), insurgency_persistence=0.6, war=True,
                         reversibility=np.array([0.3, 0.9]), audience_cost=0.02)
    g = m.game()
    rows = backward_induction_dynamic(g, 8)
    vi_rows = value_iteration(g.select((1,)))
    monkeypatch.setattr(solvers, "COLUMNS_MIN_STATES", 0)
    cols = backward_induction_dynamic(g, 8)
    np.testing.assert_array_equal(rows.policy, cols.policy)
    np.testing.assert_array_equal(rows.response, cols.response)
    np.testing.assert_allclose(rows.values, cols.values, atol=1e-12)
    np.testing.assert_array_equal(rows.margin, cols.margin)
    np.testing.assert_array_equal(rows.ties_coercer, cols.ties_coercer)
    vi_cols = value_iteration(g.select((1,)))
    assert vi_rows.status == vi_cols.status
    np.testing.assert_array_equal(vi_rows.policy, vi_cols.policy)


# ------------------------------------------------------------------ outputs
def ramp_model(**kw) -> CoercionDynamics:
    base = dict(punishment_levels=1, demands=(1.0,), punishment_per_period=0.3, reversibility=1.0, delta=0.9,
                threat_credibility=0.5, assurance_credibility=1.0, bite=(0.05, 0.1, 0.2, 0.4, 1.0),
                punishment_cost=0.02, audience_cost=0.05)
    base.update(kw)
    return CoercionDynamics(**base)


def test_demand_timing_waits_for_the_bite():
    """A refused demand costs the coercer an audience cost each period, so it waits until the bite makes
    the target comply: the demand is issued exactly in the first period the target accepts it."""
    g = ramp_model().game()
    sol = backward_induction_dynamic(g, 12)
    path = simulate(sol, chance=False)
    timing = demand_timing(path)
    t = int(timing["demand_period"][0])
    assert t > 1
    assert int(timing["complied_at"][0]) == t
    # the off-ramp opened no later than the demand (it cannot be used before it opens)
    ot = offramp_timing(path)
    assert ot["opens"][0] and 1 <= ot["first_open"][0] <= t
    # the timing is a best choice: demanding earlier or later is worth less to the coercer
    assert g.coercer_actions[sol.policy[0][0]] == "escalate"
    # from period 2 (punishment in place, one period of bite), holding d periods then demanding:
    z = g.states.index(punishment=1, bite=1)
    assert path.states[0, 1] == z
    later = acting_now_vs_later(sol, "demand_1", delays=range(0, 6), initial=int(z), period=2)
    best = int(later.loc[later.coercer_value.idxmax(), "delay"])
    assert best + 2 == t    # the equilibrium timing is the coercer's best timing
    assert later.feasible.all()


def test_acting_now_equals_the_equilibrium_value():
    g = ramp_model().game()
    sol = backward_induction_dynamic(g, 8)
    eq_action = g.coercer_actions[sol.policy[0][0]]
    row = acting_now_vs_later(sol, eq_action, delays=[0]).iloc[0]
    assert row.coercer_value == pytest.approx(sol.value[0, 0])
    assert row.target_value == pytest.approx(sol.value[0, 1])


def test_simulated_paths_with_chance_have_bands_and_follow_the_policy():
    m = CoercionDynamics(punishment_levels=2, demands=(0.6,), bite=(0.3, 0.6, 1.0), cohesion=(1.0, 0.7, 0.4),
                         fray=0.4, power=(0.6, 0.5, 0.4), power_shift=0.5, war=True, audience_cost=0.05,
                         insurgency=(0.0, 0.1, 0.2), insurgency_persistence=0.8)
    g = m.game()
    sol = backward_induction_dynamic(g, 15)
    paths = simulate(sol, n_paths=300, seed=1)
    det = simulate(sol, chance=False)
    assert paths.states.shape == (300, 16) and det.states.shape == (1, 16)
    bands = paths.bands("cohesion")
    assert list(bands.columns) == ["period", "mean", "q0.1", "q0.5", "q0.9"]
    assert np.all(bands["q0.1"] <= bands["q0.9"] + 1e-12)
    # every recorded action is the equilibrium action at that state and period
    lab = paths.labels()
    alive = lab.coercer_action != ""
    rows = lab[alive]
    pol = sol.policy[rows.period.to_numpy() - 1, rows.state.to_numpy()]
    assert np.all(np.asarray(g.coercer_actions)[pol] == rows.coercer_action.to_numpy())
    # realised payoffs average to the equilibrium value (law of large numbers, loose bound)
    assert np.mean(paths.payoff[:, 0]) == pytest.approx(sol.value[0, 0], abs=0.1 + 0.1 * abs(sol.value[0, 0]))


def test_bad_inputs_name_the_field():
    with pytest.raises(ParameterError) as e:
        CoercionDynamics(reversibility=1.5)
    assert e.value.name == "reversibility"
    with pytest.raises(ParameterError) as e:
        CoercionDynamics(punishment_levels=0)
    assert e.value.name == "punishment_levels"
    with pytest.raises(ParameterError) as e:
        CoercionDynamics(bite=())
    assert e.value.name == "bite"
    g = CoercionDynamics().game()
    with pytest.raises(ParameterError) as e:
        backward_induction_dynamic(g, 0)
    assert e.value.name == "horizon"
    with pytest.raises(ParameterError) as e:
        acting_now_vs_later(backward_induction_dynamic(g, 3), "surrender")
    assert e.value.name == "action"
    with pytest.raises(ParameterError):
        markov_perfect(CoercionDynamics(delta=np.array([0.5, 0.9])).game())
    with pytest.raises(ParameterError) as e:
        policy_iteration(g, np.full(g.n_states, 99), np.zeros(g.n_states, int))
    assert e.value.name == "policy"


def test_the_docs_example_runs_and_prints_what_the_docs_say(capsys):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "dynamics.md").read_text()
    assert text.startswith("# Coercion over time")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "docs/dynamics.md", "exec"), {})
    out = capsys.readouterr().out
    lines = [ln.split() for ln in out.splitlines()]
    assert ["3", "4", "demand_1", "comply", "True"] in lines
    assert ["0", "4", "4"] in lines                     # demand_period, complied_at / first_open, closed
    assert ["2", "2", "0.7758", "-0.8856", "True"] in lines


def test_policy_frames_carry_values_only_where_kept():
    g = ramp_model().game()
    kept = backward_induction_dynamic(g, 6, keep="all")
    lean = backward_induction_dynamic(g, 6, keep="policy")
    full = kept.policy_frame(3)
    assert {"coercer_value", "target_value", "margin"} <= set(full.columns)
    part = lean.policy_frame(3)
    assert "coercer_value" not in part.columns and not part.isna().any().any()
    np.testing.assert_allclose(lean.policy_frame(1)["coercer_value"], kept.policy_frame(1)["coercer_value"])
    assert (full["coercer_action"] == part["coercer_action"]).all()
    with pytest.raises(ParameterError):
        kept.policy_frame(7)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), S=st.integers(1, 5), A=st.integers(1, 3), B=st.integers(1, 3),
       Q=st.integers(1, 3))
def test_stationary_values_solve_the_linear_system_and_mpe_have_no_one_shot_gain(seed, S, A, B, Q):
    """Independent check: V = (I - delta P)^-1 u by a dense solve, and a one-shot deviation scan in plain
    Python over every state, coercer action and target answer."""
    rng = np.random.default_rng(seed)
    g = random_markov_game(rng, S, A, B, Q)
    a = rng.integers(0, A, S)
    b = rng.integers(0, B, S)
    u = np.zeros((S, 2))
    P = np.zeros((S, S))
    for s in range(S):
        z = g.after[s, a[s]]
        u[s] = g.move_payoff[s, a[s]] + g.payoff[z, b[z]]
        if not g.terminal[z, b[z]]:
            for q in range(Q):
                P[s, g.succ[z, b[z], q]] += g.prob[z, b[z], q]
    d = float(g.delta)
    exact = np.linalg.solve(np.eye(S) - d * P, u)
    from compellence.coercion.dynamics import evaluate_policy

    np.testing.assert_allclose(evaluate_policy(g, a, b), exact, atol=1e-9)
    res = markov_perfect(g, n_random=1, seed=seed % 1000)

    def W(V, z, bb):
        w = g.payoff[z, bb].copy()
        if not g.terminal[z, bb]:
            w += d * sum(g.prob[z, bb, q] * V[g.succ[z, bb, q]] for q in range(Q))
        return w

    def Qc(e, s, aa):
        z = g.after[s, aa]
        return g.move_payoff[s, aa, 0] + W(e.value, z, e.response[z])[0]

    for e in res.equilibria:
        for z in range(S):   # target: no better answer anywhere
            assert W(e.value, z, e.response[z])[1] >= max(W(e.value, z, bb)[1] for bb in range(B)) - 1e-7
        for s in range(S):   # coercer: no better move anywhere
            assert Qc(e, s, e.policy[s]) >= max(Qc(e, s, aa) for aa in range(A)) - 1e-7
