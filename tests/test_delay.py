"""Delayed demands as a Bayesian game (Schelling 1966): closed form vs hand derivation vs generic solvers.

The hand derivations here are written independently of the library: the bite
is summed term by term, the target's replies and the coercer's payoffs are
written from the branch table, and equilibria are checked against
``signalling_equilibria`` (all pure PBE of the tree) and the sequence-form LCP.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.campaign import Campaign
from compellence.coercion.delay import PLANS, DelayedDemand, compare_deadline, delayed_demand
from compellence.coercion.instruments import Sanctions
from compellence.errors import ParameterError
from compellence.solvers.sequence_form import behaviour_regret
from compellence.solvers.solution import edge_prob_from_chance

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------ independent derivation
def bite_by_sum(k, delta, ramp, adaptation, terms=4000):
    """U_k = sum_{t>=1} delta**t b(k + t), b(t) = (1 - (1 - ramp)**t) (1 - adaptation)**t, term by term."""
    total = 0.0
    for t in range(1, terms):
        u = k + t
        total += delta**t * (1 - (1 - ramp) ** u) * (1 - adaptation) ** u
    return total


def hand_compellent_delay(p, K):
    """Separating case (punitive never gains): the compellent type's best date, by the branch table.

    Returns (k*, values, accepted) with values[k] = payoff of demanding at k
    given the target's reply to a known compellent coercer (deadline).
    """
    vals, acc = [], []
    for k in range(K + 1):
        U = bite_by_sum(k, p["discount"], p["ramp"], p["adaptation"])
        R = p["reversibility"] * p["punishment_per_period"] * U
        comply_cost = p["concession"] + p["compliance_cost"]  # the compellent lifts
        resist_cost = p["resistance_cost"] + p["threat_credibility"] * R
        ok = comply_cost <= resist_cost
        cU = p["coercer_cost"] * U
        v = p["discount"] ** k * ((p["benefit"] * p["concession"] + cU) if ok else (1 - p["threat_credibility"]) * cU)
        vals.append(v)
        acc.append(ok)
    best = max(vals)
    k_star = next(k for k, v in enumerate(vals) if v >= best - 1e-9)
    return k_star, vals, acc


# generic parameters (no exact ties in the target's reply; at a tie the closed form takes the
# first plan in PLANS order while signalling_equilibria lists every tied reply)
params = st.fixed_dictionaries({
    "prob_compellent": st.floats(0.05, 0.95),
    "punishment_per_period": st.floats(0.01, 0.3),
    "concession": st.floats(0.01, 1.0),
    "reversibility": st.floats(0.05, 1.0),
    "discount": st.floats(0.5, 0.95),
    "ramp": st.floats(0.05, 1.0),
    "adaptation": st.floats(0.0, 0.3),
    "compliance_cost": st.floats(0.0, 0.2),
    "resistance_cost": st.floats(0.01, 0.3),
    "threat_credibility": st.floats(0.01, 0.99),
    "coercer_cost": st.floats(0.001, 0.1),
    "benefit": st.floats(0.01, 2.0),
    "punitive_benefit": st.floats(0.0, 1.0),
    "audience_cost": st.floats(0.01, 0.5),
    "exposure": st.floats(0.01, 0.99),
})


# ------------------------------------------------------------------ closed-form pieces by hand
@settings(max_examples=40, **SETTINGS)
@given(p=params, mu=st.floats(0, 1), k=st.integers(0, 5))
def test_margin_and_plan_costs_by_hand(p, mu, k):
    m = DelayedDemand(**p, max_delay=5, deadline=False)
    U = bite_by_sum(k, p["discount"], p["ramp"], p["adaptation"])
    U1 = bite_by_sum(k + 1, p["discount"], p["ramp"], p["adaptation"])
    R, R1 = p["reversibility"] * p["punishment_per_period"] * U, p["reversibility"] * p["punishment_per_period"] * U1
    x = p["concession"] + p["compliance_cost"]
    L, pi, lam, d = p["resistance_cost"], p["threat_credibility"], p["exposure"], p["discount"]
    # expected cost of each reply plan, type by type
    comply = mu * x + (1 - mu) * (x + R)
    resist = mu * (L + pi * R) + (1 - mu) * (L + R)
    e = min(x, L)
    stall_then = {}
    for second, cost_c, cost_p in (("comply", x, x + R1), ("resist", L + pi * R1, L + R1)):
        stall_then[second] = (R - d * R1) + d * (mu * cost_c + (1 - mu) * (lam * (e + R1) + (1 - lam) * cost_p))
    A, B = m.plan_costs()
    got = A[:, k] + B[:, k] * mu
    want = [comply, resist, stall_then["comply"], stall_then["resist"]]
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9)
    # the margin: comply beats resist iff mu pi_T r s U_k - x - cc + L >= 0
    assert float(m.margin(mu)[k]) == pytest.approx(resist - comply, abs=1e-9)


# ------------------------------------------------------------------ equilibria by hand
@settings(max_examples=40, **SETTINGS)
@given(p=params, K=st.integers(0, 6))
def test_separating_delay_matches_hand_derivation(p, K):
    """With a deadline and a ruse that does not pay (w_P x < a), the compellent type demands at
    argmax_k V_C(k) and the punitive type never: the demand never comes with probability 1 - mu0."""
    p = dict(p, audience_cost=p["punitive_benefit"] * p["concession"] + 0.05)
    k_star, vals, acc = hand_compellent_delay(p, K)
    if sum(v >= max(vals) - 1e-7 for v in vals) > 1:
        return  # a tie between dates: either is optimal
    e = DelayedDemand(**p, max_delay=K).solve()
    assert e.kind == 1 and e.delay_compellent == k_star and np.isinf(e.delay_punitive)
    assert e.belief_at_demand == 1.0
    assert e.offramp_taken == acc[k_star]
    assert e.prob_no_demand == pytest.approx(1 - p["prob_compellent"])
    post = e.posterior_after_silence
    np.testing.assert_allclose(post[: k_star + 1], p["prob_compellent"])  # silence before the date: no news
    assert np.all(post[k_star + 1:] == 0.0)  # silence past it: the coercer is punitive


@settings(max_examples=40, **SETTINGS)
@given(p=params, K=st.integers(0, 5))
def test_pooled_ruse_by_hand(p, K):
    """When the ruse pays (w_P x > a) and the pooled demand is met, both types demand at one date
    and the target complies at the prior: the punitive type gets the concession and keeps punishing."""
    p = dict(p, punitive_benefit=1.0, audience_cost=0.0, concession=max(p["concession"], 0.05))
    e = DelayedDemand(**p, max_delay=K).solve()
    mu0 = p["prob_compellent"]
    met = []
    for k in range(K + 1):
        U = bite_by_sum(k, p["discount"], p["ramp"], p["adaptation"])
        R = p["reversibility"] * p["punishment_per_period"] * U
        met.append(mu0 * p["threat_credibility"] * R - p["concession"] - p["compliance_cost"]
                   + p["resistance_cost"] >= 1e-9)
    # no separating equilibrium in which a known compellent coercer's demand is met: the ruse would copy it
    for i in range(K + 1):
        if e.reply_compellent[i, K + 1] == 0:
            assert not e.pure[i, K + 1]
    if any(met) and e.kind == 0:
        k = int(e.delay_compellent)
        assert e.delay_punitive == k and e.belief_at_demand == mu0 and met[k]
        assert e.offramp_taken and e.prob_no_demand == 0.0
        # silence up to the common date says nothing; longer silence is off the path
        np.testing.assert_allclose(e.posterior_after_silence[: k + 1], mu0)
        assert not e.silence_on_path[k + 1:].any()
    if not any(met):
        assert not e.offramp_taken


# ------------------------------------------------------------------ generic solvers
def pure_set_closed_form(e, K):
    out = set()
    for i, j in zip(*np.nonzero(e.pure)):
        ri = int(e.reply_compellent[i, j]) if i <= K else -1
        rj = int(e.reply_punitive[i, j]) if j <= K else -1
        out.add((int(i), int(j), ri, rj, bool(e.intuitive[i, j])))
    return out


def pure_set_solver(game, K):
    se = cp.signalling_equilibria(game)
    msgs = list(se.messages)
    out = set()
    for q in se.equilibria:
        i, j = msgs.index(q.sender["compellent"]), msgs.index(q.sender["punitive"])
        ri = PLANS.index(q.receiver[msgs[i]]) if i <= K else -1
        rj = PLANS.index(q.receiver[msgs[j]]) if j <= K else -1
        out.add((i, j, ri, rj, q.intuitive))
    return out


@settings(max_examples=30, **SETTINGS)
@given(p=params, K=st.integers(0, 3))
def test_closed_form_is_the_set_of_pure_pbe_of_the_tree(p, K):
    """Deadline: the tree is a sender-receiver game; signalling_equilibria enumerates its pure PBE
    (with the intuitive criterion) and must find exactly the closed form's equilibria."""
    m = DelayedDemand(**p, max_delay=K, deadline=True)
    assume(not reply_ties(m))
    assert pure_set_closed_form(m.solve(), K) == pure_set_solver(m.game(), K)


def reply_ties(m):
    """An exact tie in the target's best reply at a belief of 0, 1 or the prior (non-generic)."""
    A, B = m.plan_costs()
    for mu in (0.0, 1.0, float(m.prob_compellent)):
        c = np.sort(A + B * mu, axis=0)
        if np.any(c[1] - c[0] <= 1e-9):
            return True
    return False


def edge_prob(game, beh):
    ep = edge_prob_from_chance(game)
    for s in game.infosets:
        for n in s.nodes:
            for a, c in enumerate(game.children(n)):
                ep[c] = beh[s.label][s.actions[a]]
    return ep


@settings(max_examples=25, **SETTINGS)
@given(p=params, K=st.integers(0, 2), deadline=st.sampled_from([True, False, "choose"]))
def test_every_closed_form_equilibrium_has_zero_regret_and_lcp_finds_one(p, K, deadline):
    m = DelayedDemand(**p, max_delay=K, deadline=deadline)
    assume(not reply_ties(m))
    e, g = m.solve(), m.game()
    scale = 1e-8 * (1 + np.abs(g.payoffs).max())
    for i, j in zip(*np.nonzero(e.pure)):
        assert behaviour_regret(g, edge_prob(g, e.behaviour(int(i), int(j)))).max() <= scale
    for k, q in zip(*np.nonzero(e.semi)):
        for sg in (e.sigma_lo[k, q], e.sigma_hi[k, q]):
            assert behaviour_regret(g, edge_prob(g, e.behaviour(int(k), int(q), sigma=float(sg)))).max() <= scale
    # the equilibrium the generic sequence-form LCP finds is one of the closed form's
    st_ = cp.nash(g, method="lcp").behavior(0).strategy
    msgs = m.messages
    pc = np.array([float(st_["type compellent"][a]) for a in msgs])
    pp = np.array([float(st_["type punitive"][a]) for a in msgs])
    assert pc.max() > 1 - 1e-7  # the compellent type never randomises in these classes
    i = int(pc.argmax())

    def plan(k):
        d = st_[msgs[k]]
        a = max(d, key=lambda z: float(d[z]))
        assert float(d[a]) > 1 - 1e-7
        if a == "stall":
            return 2 if float(st_[f"after stall at {m.message_dates[k]}"]["comply"]) > 0.5 else 3
        return PLANS.index(a)

    if pp.max() > 1 - 1e-7:
        j = int(pp.argmax())
        assert e.pure[i, j]
        n = len(m.message_dates)
        if i < n:
            assert plan(i) == e.reply_compellent[i, j]
        if j < n:
            assert plan(j) == e.reply_punitive[i, j]
    else:  # the punitive type mixes: a demand refused at date i, otherwise silence or a refused demand
        q = plan(i)
        assert e.semi[i, q]
        assert e.sigma_lo[i, q] - 1e-6 <= pp[i] <= e.sigma_hi[i, q] + 1e-6


# ------------------------------------------------------------------ claim 5 (restated)
BASE = dict(prob_compellent=0.7, punishment_per_period=0.08, concession=0.25, reversibility=0.8,
            discount=0.9, ramp=0.1, adaptation=0.02, threat_credibility=0.85, coercer_cost=0.02,
            punitive_benefit=0.0, audience_cost=0.1, compliance_cost=0.0, resistance_cost=0.0, benefit=1.0,
            max_delay=30)


def test_claim5_optimal_delay_and_closing_offramp_inside_region():
    """Inside the region (bite that grows, an immediate demand refused, a ruse that does not pay):
    the compellent coercer's optimal delay is positive, the demand is met, and the dates at which
    it would be met close again because adaptation erodes the bite."""
    e = DelayedDemand(**BASE).solve()
    k_star, vals, acc = hand_compellent_delay(BASE, BASE["max_delay"])
    assert not acc[0] and k_star > 0 and acc[k_star]
    assert e.optimal_delay == k_star and e.offramp_taken and e.offramp_period == k_star
    assert e.opens_at == acc.index(True) and math.isfinite(e.closes_at) and e.closes_at > e.opens_at
    assert e.closes_at == next(k for k in range(acc.index(True), len(acc)) if not acc[k])
    # the belief at the demand is 1 whatever its date: silence does not erode it
    assert e.belief_at_demand == 1.0


def test_claim5_fails_outside_region():
    # full bite at once (ramp = 1): nothing gained by waiting
    assert DelayedDemand(**{**BASE, "ramp": 1.0}).solve().optimal_delay == 0
    # the immediate demand is already met: demand at once
    rich = DelayedDemand(**{**BASE, "punishment_per_period": 0.5}).solve()
    assert rich.optimal_delay == 0 and rich.offramp_taken
    # no adaptation: once open, the off-ramp never closes (within K)
    assert np.isinf(DelayedDemand(**{**BASE, "adaptation": 0.0}).solve().closes_at)
    # a ruse that pays and a doubtful target: the demand is refused whatever its date
    ruse = DelayedDemand(**{**BASE, "punitive_benefit": 1.0, "audience_cost": 0.0, "prob_compellent": 0.2}).solve()
    assert not ruse.offramp_taken


@settings(max_examples=40, **SETTINGS)
@given(p=params, K=st.integers(1, 8))
def test_claim5_region_is_exactly_the_derived_condition(p, K):
    """k* > 0 iff M(1, 0) < 0 and some accepted date pays more than the refused immediate demand;
    and if the bite never grows (ramp = 1) k* = 0."""
    p = dict(p, audience_cost=p["punitive_benefit"] * p["concession"] + 0.05)
    k_star, vals, acc = hand_compellent_delay(p, K)
    if sum(v >= max(vals) - 1e-7 for v in vals) > 1:
        return
    e = DelayedDemand(**p, max_delay=K).solve()
    U0 = bite_by_sum(0, p["discount"], p["ramp"], p["adaptation"])
    refused_now = (1 - p["threat_credibility"]) * p["coercer_cost"] * U0
    region = (not acc[0]) and any(a and v > refused_now for a, v in zip(acc, vals))
    assert (e.optimal_delay > 0) == region
    if region:  # the optimal delay is the first date at which the demand is met
        assert e.optimal_delay == acc.index(True) == e.opens_at
    flat = DelayedDemand(**{**p, "ramp": 1.0}, max_delay=K).solve()
    assert flat.optimal_delay == 0


# ------------------------------------------------------------------ deadline or none
def test_stalling_to_pay_later_and_the_deadline():
    """Known compellent coercer, light per-period bite: without a deadline the target stalls
    (one period of bite costs less than the interest on the concession), so the lift comes a
    period later and the deadline pays the coercer."""
    p = dict(prob_compellent=0.5, punishment_per_period=0.02, concession=0.5, reversibility=1.0, discount=0.8,
             threat_credibility=1.0, resistance_cost=1.0, audience_cost=1.0, max_delay=0, coercer_cost=0.0)
    d = p["discount"]
    R = p["punishment_per_period"] * d / (1 - d)  # R_k constant (ramp 1)
    x, L = p["concession"], p["resistance_cost"]
    costs = {"comply": x, "resist": L + R, "stall-comply": R - d * R + d * x, "stall-resist": R - d * R + d * (L + R)}
    assert min(costs, key=costs.get) == "stall-comply"  # by hand, at belief 1
    cmp_ = compare_deadline(DelayedDemand(**p))
    assert cmp_.without_deadline.target_stalls and cmp_.without_deadline.offramp_period == 1
    assert not cmp_.with_deadline.target_stalls and cmp_.with_deadline.offramp_period == 0
    assert cmp_.deadline_better
    assert cmp_.payoff_deadline == pytest.approx(p["concession"])
    assert cmp_.payoff_open == pytest.approx(d * p["concession"])
    assert len(cmp_.to_frame()) == 2 and "deadline_better" in repr(cmp_)


def test_stall_waits_for_the_ruse_to_be_exposed():
    """A pooled demand the target would refuse outright is worth a wait when the ruse is often exposed."""
    p = dict(prob_compellent=0.5, punishment_per_period=0.2, concession=0.2, reversibility=1.0, discount=0.9,
             threat_credibility=1.0, resistance_cost=0.0, punitive_benefit=1.0, audience_cost=0.0, max_delay=0,
             deadline=False)
    e0 = DelayedDemand(**p, exposure=0.0).solve()
    e1 = DelayedDemand(**p, exposure=0.9).solve()
    A, B = DelayedDemand(**p, exposure=0.9).plan_costs()
    assert int(np.argmin(A[:, 0] + B[:, 0] * 0.5)) == int(e1.reply)
    assert e1.target_stalls and not e0.target_stalls


# ------------------------------------------------------------------ batching, results, errors
def test_batched_equals_elementwise():
    s = np.array([0.05, 0.08, 0.3])
    ad = np.array([[0.0], [0.02]])
    eb = DelayedDemand(**{**BASE, "punishment_per_period": s, "adaptation": ad, "max_delay": 12}).solve()
    assert eb.kind.shape == (2, 3) and eb.pure.shape == (14, 14, 2, 3)
    for a in range(2):
        for b in range(3):
            e1 = DelayedDemand(**{**BASE, "punishment_per_period": s[b], "adaptation": ad[a, 0],
                                  "max_delay": 12}).solve()
            for name in ("kind", "delay_compellent", "delay_punitive", "reply", "offramp_taken", "closes_at",
                         "opens_at", "n_equilibria", "prob_no_demand"):
                assert np.array_equal(getattr(eb, name)[a, b], getattr(e1, name)), name
    f = eb.to_frame()
    assert len(f) == 6 and {"delay_compellent", "offramp_taken", "prob_no_demand", "target_stalls"} <= set(f)
    assert "batch_shape" in repr(eb)


def test_result_tables_and_repr():
    e = delayed_demand(**BASE)
    assert "compellent demands at" in repr(e) and "off-ramp taken" in repr(e)
    eqs = e.equilibria_frame()
    assert len(eqs) == int(e.n_equilibria) and set(eqs["kind"]) <= {"pooling", "separating", "semi-separating"}
    k = int(e.delay_compellent)
    bf = e.beliefs_frame(k, BASE["max_delay"] + 1)
    on = bf[bf["on_path"]]
    assert set(on["message"]) == {f"demand at {k}", "no demand"}
    assert on["belief_lo"].tolist() == [1.0, 0.0]
    off = bf[~bf["on_path"]]
    assert (off["belief_lo"] <= off["belief_hi"]).all()  # every off-path date has supporting beliefs
    assert "<pre>" in e._repr_html_()


def test_from_campaign_uses_public_inputs():
    c = Campaign({"threat_credibility": 0.85, "prob_compellent": 0.7, "audience_cost": 0.1}, "Target",
                 [Sanctions(0.08, cost_coercer=0.02, reversibility=0.8, ramp=0.1, adaptation=0.02)],
                 demand=0.25, discount=0.9)
    m = DelayedDemand.from_campaign(c, max_delay=30)
    e = m.solve()
    ref = DelayedDemand(**BASE).solve()
    assert e.optimal_delay == ref.optimal_delay and e.closes_at == ref.closes_at
    with pytest.raises(ParameterError) as ei:
        DelayedDemand.from_campaign("nope")
    assert ei.value.name == "campaign"


@pytest.mark.parametrize("field, value", [
    ("prob_compellent", 1.0), ("prob_compellent", 0.0), ("discount", 1.0), ("ramp", 0.0),
    ("adaptation", 1.0), ("concession", 1.5), ("threat_credibility", -0.1), ("exposure", 2.0),
    ("coercer_cost", float("nan")), ("max_delay", -1), ("max_delay", 2.5), ("deadline", "yes"),
])
def test_bad_input_is_refused_by_name(field, value):
    with pytest.raises(ParameterError) as ei:
        DelayedDemand(**{**BASE, field: value})
    assert ei.value.name == field


def test_game_index_and_batched_game_refused():
    m = DelayedDemand(**{**BASE, "punishment_per_period": [0.1, 0.2], "max_delay": 2})
    with pytest.raises(ParameterError) as ei:
        m.game()
    assert ei.value.name == "index"
    assert m.game(1).n_players == 2


@settings(max_examples=40, **SETTINGS)
@given(p=params)
def test_semi_separating_sigma_by_hand(p):
    """K = 0, deadline: the punitive type demands with probability sigma (else never), the demand is
    refused.  Refusal is optimal at mu <= m* = (x + cc - L) / (pi_T R_0), and Bayes gives
    mu = mu0 / (mu0 + (1 - mu0) sigma), so sigma in [mu0 (1 - m) / (m (1 - mu0)), 1), m = min(m*, 1)."""
    m = DelayedDemand(**p, max_delay=0)
    e = m.solve()
    mu0 = p["prob_compellent"]
    R0 = p["reversibility"] * p["punishment_per_period"] * bite_by_sum(0, p["discount"], p["ramp"], p["adaptation"])
    need = p["concession"] + p["compliance_cost"] - p["resistance_cost"]
    m_star = need / (p["threat_credibility"] * R0)
    exists = m_star > mu0 + 1e-9  # some belief above the prior at which refusing is optimal
    assert bool(e.semi[0, 1]) == exists  # plan 1 = resist
    if exists:
        mm = min(m_star, 1.0)
        # (the belief interval carries the solver's tolerance of 1e-9 in the target's costs)
        assert float(e.sigma_lo[0, 1]) == pytest.approx(mu0 * (1 - mm) / (mm * (1 - mu0)), abs=1e-6)
        assert float(e.sigma_hi[0, 1]) == pytest.approx(1.0)
    assert not e.semi[0, 0]  # a met demand would pay the ruse (or cost it): no indifference
