"""Campaign: the corrected accounting derived by hand, closed form vs the solved game, inputs by key path.

The reference model in this file (:func:`hand`) is written out branch by branch
from docs/coercion.md's payoff table, per batch element, without calling the
library's formulas: present values and the escalation weight are explicit sums
over periods, credibilities come from comparing the branch payoffs of each
coercer type, coalition and power probabilities from scipy.stats directly.
"""

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import compellence as cp
from compellence.coercion.campaign import Campaign, Coercer, Power, Target
from compellence.coercion.coalitions import Coalition
from compellence.coercion.instruments import Assurance, Demand, Incentive, MilitaryAid, Sanctions
from compellence.coercion.offramp import (
    critical_assurance,
    critical_punishment,
    critical_reversibility,
    critical_threat,
    offramp_margin,
)
from compellence.errors import ParameterError

N = 6  # batch size of the random campaigns
TOL = 1e-9
HORIZON_CAP = 3000  # an infinite horizon summed by hand (delta <= 0.95: the tail is < 1e-60)


def arr(draw, lo, hi):
    return np.array(draw(st.lists(st.floats(lo, hi), min_size=N, max_size=N)))


# ----------------------------------------------------------------------------- the reference model, by hand
def el(v, i):
    """Element i of a batched input (scalars pass through)."""
    a = np.asarray(v, dtype=float)
    return float(a) if a.ndim == 0 else float(np.broadcast_to(a, (N,))[i])


def hand(c, i):
    """The target's expected comply / resist costs, the margin and the credibilities of batch element i,
    derived branch by branch (docs/coercion.md) from the campaign's INPUTS only."""
    delta = el(c.discount, i)
    H = HORIZON_CAP if c.horizon is None else int(el(c.horizon, i))
    ts = np.arange(1, H + 1)
    disc = delta ** ts
    D = disc.sum()
    P, rP, Q, C_rev, C_irr, R, boosts, losses, risks = [], [], [], 0.0, 0.0, 0.0, [], [], []
    for inst in c.instruments:
        if isinstance(inst, Incentive):
            continue
        e0 = el(inst.elapsed, i)
        if isinstance(inst, Sanctions):
            cost = el(inst.cost_target, i)
            ramp, adapt = el(inst.ramp, i), el(inst.adaptation, i)
            rev = el(inst.reversibility, i) * (1 - el(inst.private_share, i))
            e_re = el(inst.reimposition, i)
            boost = loss = roll = risk = 0.0
        else:
            cost = el(inst.cost_target, i) * el(inst.volume, i)
            ramp, adapt = el(inst.ramp, i), 0.0
            rev, e_re = el(inst.reversibility, i), 1.0
            boost, loss, roll = el(inst.commitment, i), el(inst.assurance_loss, i), el(inst.rollback, i)
            risk = el(inst.escalation_risk, i)
        bite = (1 - (1 - ramp) ** (e0 + ts)) * (1 - adapt) ** (e0 + ts)
        p = cost * float((disc * bite).sum())
        P.append(p)
        rP.append(rev * p)
        Q.append(e_re * rev * p)
        cc_i = el(inst.cost_coercer, i)
        C_rev += rev * cc_i * D
        C_irr += (1 - rev) * cc_i * D
        R += roll
        boosts.append(boost)
        losses.append(loss)
        risks.append(risk)
    P, rP, Q = sum(P), sum(rP), sum(Q)
    IP = P - rP
    h = 1 - math.prod(1 - r for r in risks)
    E = float((disc * (1 - h) ** (ts - 1) * h).sum())
    ZT, ZC = el(c.target.catastrophe_cost, i) * E, el(c.coercer.catastrophe_cost, i) * E
    dem = c.demand
    x = el(dem.concession, i)
    phi = 1.0 if dem.deadline is None else delta ** el(dem.deadline, i)
    side = sum(el(inc.amount, i) for inc in c.instruments if isinstance(inc, Incentive))
    cc = (el(c.target.face_cost, i) if dem.public else 0.0) + el(c.target.reputation_cost, i) - side
    L = el(c.target.fighting_cost, i) * D
    co = c.coercer
    B, mu = el(co.benefit, i), el(co.prob_compellent, i)
    aT = el(co.audience_cost, i) if dem.public else 0.0
    aA = el(co.audience_cost, i) if c.assurance.public else 0.0
    w = {"compellent": el(co.weakening_value, i), "punitive": el(co.punitive_weakening_value, i)}
    prior = {"compellent": mu, "punitive": 1 - mu}

    # target costs and coercer payoffs, branch by branch
    t_cost = {"lift": x + cc + IP, "renege": x + cc + IP + rP + ZT, "punish": L + IP + phi * (rP + ZT),
              "back down": L + IP, "reimpose": cc + IP + Q + ZT, "tolerate": cc + IP}

    def c_pay(typ):
        sunk = w[typ] * IP - C_irr
        return {"lift": B * x - side + sunk - R, "renege": B * x - side + sunk + w[typ] * rP - C_rev - ZC - aA,
                "punish": sunk + phi * (w[typ] * rP - C_rev - ZC), "back down": sunk - aT - R,
                "reimpose": -side + sunk - R + w[typ] * Q - C_rev - ZC, "tolerate": -side + sunk - R - aT}

    gaps = []  # decisions' payoff differences, to skip numerically ambiguous points

    def chooses(a, b):
        gaps.append(a - b)
        return a >= b - TOL

    # coalition factor on the assurance (unanimity, normal thresholds: prod_j Phi((x - m_j) / sd_j))
    q = 1.0
    if c.coalition is not None:
        for j in range(c.coalition.n):
            m, sd = el(c.coalition.thresholds[j], i), el(c.coalition.threshold_sd[j], i)
            q *= float(stats.norm.cdf((x - m) / sd)) if sd > 0 else float(x >= m)
    # threat
    if c.power is not None:
        pw = c.power
        sd = el(pw.cost_sd, i)
        zT = el(pw.now, i) - el(pw.backdown_value, i)
        zA = el(pw.expected, i) - el(pw.deal_value, i)
        pT0 = float(stats.norm.cdf(zT, el(pw.cost, i), sd)) if sd > 0 else float(el(pw.cost, i) <= zT)
        pA0 = float(stats.norm.sf(zA, el(pw.cost, i), sd)) if sd > 0 else float(el(pw.cost, i) >= zA)
    else:
        pT0 = None if co.threat_credibility is None else el(co.threat_credibility, i)
        pA0 = None if c.assurance.credibility is None else el(c.assurance.credibility, i)
    if pT0 is not None:
        pi_T = 1 - (1 - pT0) * math.prod(1 - b for b in boosts)
        resist = pi_T * t_cost["punish"] + (1 - pi_T) * t_cost["back down"]
        pc = c_pay("compellent")
        c_resist = pi_T * pc["punish"] + (1 - pi_T) * pc["back down"]
        rho = {t: pi_T for t in prior}
    else:
        punishes = {t: chooses(c_pay(t)["punish"], c_pay(t)["back down"]) for t in prior}
        pi_T = sum(prior[t] for t in prior if punishes[t])
        resist = sum(prior[t] * t_cost["punish" if punishes[t] else "back down"] for t in prior)
        c_resist = sum(prior[t] * c_pay(t)["punish" if punishes[t] else "back down"] for t in prior)
        rho = {t: float(chooses(c_pay(t)["reimpose"], c_pay(t)["tolerate"])) for t in prior}

    def after_lift(typ, rho_t):
        """(target cost, coercer payoff of typ) after lifting, the target knowing re-imposition prob rho_t."""
        keep_cost = t_cost["lift"]
        bs_cost = rho_t * t_cost["reimpose"] + (1 - rho_t) * t_cost["tolerate"]
        if not c.backsliding or not (keep_cost > bs_cost + TOL):
            if c.backsliding:
                gaps.append(keep_cost - bs_cost)
            return keep_cost, c_pay(typ)["lift"]
        gaps.append(keep_cost - bs_cost)
        p = c_pay(typ)
        if pT0 is not None:
            v = rho_t * p["reimpose"] + (1 - rho_t) * p["tolerate"]
        else:
            v = max(p["reimpose"], p["tolerate"])
        return bs_cost, v

    # assurance
    if pA0 is not None:
        pi_A = pA0 * math.prod(1 - lo for lo in losses) * q
        rho_bar = sum(prior[t] * rho[t] for t in prior)
        lift_cost, _ = after_lift("compellent", rho_bar)
        if c.backsliding and lift_cost < t_cost["lift"] - TOL:  # it would backslide: no lift (void)
            pi_A = 0.0
        comply = pi_A * t_cost["lift"] + (1 - pi_A) * t_cost["renege"]
        pc = c_pay("compellent")
        c_comply = pi_A * pc["lift"] + (1 - pi_A) * pc["renege"]  # pi_A = 0 where it would backslide
    else:
        comply, pi_A = (1 - q) * t_cost["renege"], 0.0
        c_comply = (1 - q) * (c_pay("compellent")["renege"] + aA)  # a blocked lift: no audience cost
        for t in prior:
            cost_l, pay_l = after_lift(t, rho[t])
            lifts = chooses(pay_l, c_pay(t)["renege"])
            comply += q * prior[t] * (cost_l if lifts else t_cost["renege"])
            c_comply += q * prior[t] * (pay_l if lifts else c_pay(t)["renege"])
            pi_A += q * prior[t] * lifts
    return {"comply": comply, "resist": resist, "margin": resist - comply, "pi_T": pi_T, "pi_A": pi_A,
            "coercer": c_comply if resist - comply >= -TOL else c_resist,
            "gap": min((abs(g) for g in gaps), default=np.inf), "rP": rP, "IP": IP, "L": L, "ZT": ZT}


# ----------------------------------------------------------------------------- random campaigns
@st.composite
def campaigns(draw, backsliding=None, coalition=None, power=None):
    power = draw(st.booleans()) if power is None else power
    endo_T = False if power else draw(st.booleans())
    endo_A = False if power else draw(st.booleans())
    hazard = draw(st.booleans())
    coercer = Coercer(
        name="C",
        threat_credibility=None if (endo_T or power) else arr(draw, 0, 1),
        benefit=arr(draw, 0, 2),
        audience_cost=arr(draw, 0, 1),
        weakening_value=arr(draw, 0, 1),
        punitive_weakening_value=arr(draw, 0, 3),
        prob_compellent=arr(draw, 0, 1),
        catastrophe_cost=arr(draw, 0, 5) if hazard else 0.0,
    )
    target = Target("T", face_cost=arr(draw, 0, 0.3), reputation_cost=arr(draw, 0, 0.3),
                    catastrophe_cost=arr(draw, 0, 5) if hazard else 0.0,
                    fighting_cost=arr(draw, 0, 0.05) if draw(st.booleans()) else 0.0)
    insts = [
        Sanctions(arr(draw, 0, 0.3), cost_coercer=arr(draw, 0, 0.1), reversibility=arr(draw, 0, 1),
                  private_share=arr(draw, 0, 1), ramp=arr(draw, 0.05, 1), adaptation=arr(draw, 0, 0.5),
                  reimposition=arr(draw, 0, 1), elapsed=draw(st.integers(0, 5)), label="sanctions"),
        MilitaryAid(arr(draw, 0, 0.3), cost_coercer=arr(draw, 0, 0.1), overt=draw(st.booleans()),
                    escalation_risk=arr(draw, 0, 0.2) if hazard else 0.0, label="aid"),
    ]
    if draw(st.booleans()):
        insts.append(Incentive(arr(draw, 0, 0.3)))
    demand = Demand(arr(draw, 0, 1), public=draw(st.booleans()),
                    deadline=draw(st.one_of(st.none(), st.integers(0, 4))))
    assurance = Assurance(public=draw(st.booleans()), credibility=None if (endo_A or power) else arr(draw, 0, 1))
    horizon = draw(st.one_of(st.none(), st.integers(1, 20)))
    coal = None
    if draw(st.booleans()) if coalition is None else coalition:
        coal = Coalition(["A", "B"], thresholds=[arr(draw, 0, 0.6), arr(draw, 0, 0.6)],
                         threshold_sd=[arr(draw, 0.01, 0.2), 0.0])
    pw = None
    if power:
        pw = Power(now=arr(draw, 0, 1), expected=arr(draw, 0, 1), cost=arr(draw, -0.5, 0.5),
                   cost_sd=arr(draw, 0, 0.3), deal_value=arr(draw, 0, 0.3), backdown_value=arr(draw, -0.2, 0.2))
    bs = draw(st.booleans()) if backsliding is None else backsliding
    return Campaign(coercer, target, insts, demand, assurance, arr(draw, 0.1, 0.95), horizon,
                    backsliding=bs, coalition=coal, power=pw)


def check_against_hand(c):
    o = c.offramp()
    checked = 0
    for i in range(N):
        ref = hand(c, i)
        if ref["gap"] < 1e-7:
            continue  # a coercer type or the target is (numerically) indifferent: either choice is an SPE
        checked += 1
        assert o.margin[i] == pytest.approx(ref["margin"], abs=1e-9)
        assert o.effective_threat_credibility[i] == pytest.approx(ref["pi_T"], abs=1e-12)
        assert o.effective_assurance_credibility[i] == pytest.approx(ref["pi_A"], abs=1e-12)
        assert o.reversible_pv[i] == pytest.approx(ref["rP"], abs=1e-9)
        assert o.irreversible_pv[i] == pytest.approx(ref["IP"], abs=1e-9)
        assert o.resistance_cost[i] == pytest.approx(ref["L"], abs=1e-9)
        assert o.escalation_cost[i] == pytest.approx(ref["ZT"], abs=1e-9)
    return o, checked


@settings(max_examples=60, deadline=None)
@given(c=campaigns())
def test_margin_derived_by_hand_all_modes(c):
    """Random batched campaigns (given / derived / power credibilities, hazard, fighting cost,
    coalition, deadline, side payments, with or without backsliding): the library's margin and
    effective credibilities equal the branch-by-branch derivation of this file."""
    check_against_hand(c)


@pytest.mark.parametrize("endo_T", [False, True])
@pytest.mark.parametrize("endo_A", [False, True])
@pytest.mark.parametrize("backsliding", [False, True])
def test_margin_by_hand_each_mode(endo_T, endo_A, backsliding):
    """Each of the four credibility modes, with and without backsliding, on a fixed random batch."""
    rng = np.random.default_rng(int(endo_T) * 4 + int(endo_A) * 2 + int(backsliding))
    u = lambda lo, hi: rng.uniform(lo, hi, N)  # noqa: E731
    c = Campaign(
        Coercer("C", threat_credibility=None if endo_T else u(0, 1), benefit=u(0, 2), audience_cost=u(0, 1),
                weakening_value=u(0, 1), punitive_weakening_value=u(0, 3), prob_compellent=u(0, 1),
                catastrophe_cost=u(0, 5)),
        Target("T", face_cost=u(0, 0.3), reputation_cost=u(0, 0.3), catastrophe_cost=u(0, 5),
               fighting_cost=u(0, 0.05)),
        [Sanctions(u(0, 0.3), cost_coercer=u(0, 0.1), reversibility=u(0, 1), private_share=u(0, 1),
                   reimposition=u(0, 1), label="s"),
         MilitaryAid(u(0, 0.3), cost_coercer=u(0, 0.1), escalation_risk=u(0, 0.2), label="aid")],
        Demand(u(0, 1)), Assurance(credibility=None if endo_A else u(0, 1)), u(0.5, 0.95),
        backsliding=backsliding,
    )
    _, checked = check_against_hand(c)
    assert checked >= N // 2


def test_irreversible_punishment_on_every_branch():
    """The headline correction: irreversible punishment costs the target on every branch and buys no
    compliance; at r = 0 no harshness opens the off-ramp; resist-back down is not free."""
    c = Campaign({"threat_credibility": 0.9}, "T", [Sanctions(np.array([0.1, 1.0, 10.0]), reversibility=0.0)],
                 demand=0.1, assurance=0.9)
    o = c.offramp()
    np.testing.assert_allclose(o.margin, -0.1, atol=1e-12)
    assert o.critical_punishment_per_period.never.all()
    sol = cp.spe(c.game())
    # resisting costs the irreversible punishment whatever the coercer does: value = -P
    np.testing.assert_allclose(sol.value[1], -c.punishment_pv, atol=1e-12)
    # the coercer backs down: the target still pays the irreversible part
    g = c.game()
    bd = g.node_at(["resist", "back down"])
    np.testing.assert_allclose(g.terminal_payoffs(bd)[1], -c.punishment_pv, atol=1e-12)


def test_claim1_file_example():
    """examples/claims/1_irreversible_punishment.toml: M = +0.43, opening at s = 0.159."""
    from compellence.scenario import load_scenario

    c = load_scenario(Path(__file__).parent.parent / "examples/claims/1_irreversible_punishment.toml").campaign()
    o = c.offramp()
    assert float(o.margin) == pytest.approx((0.8 + 0.9 - 1) * 0.2 * 0.5 * 9 - 0.2)
    assert round(float(o.margin), 2) == 0.43
    assert float(o.critical_punishment_per_period.value) == pytest.approx(0.2 / (0.7 * 0.2 * 9))
    assert round(float(o.critical_punishment_per_period.value), 3) == 0.159


# ----------------------------------------------------------------------------- closed form vs the solved game
@settings(max_examples=40, deadline=None)
@given(c=campaigns())
def test_closed_form_agrees_with_generic_solve(c):
    """cp.spe(campaign.game()): the target's decision, both players' values (derived by hand) and the
    equilibrium path."""
    o = c.offramp()
    sol = cp.spe(c.game())
    for i in range(N):
        ref = hand(c, i)
        if ref["gap"] < 1e-7 or abs(ref["margin"]) < 1e-7:
            continue
        assert bool(sol.strategy["root"]["comply"][i] > 0.5) == bool(o.viable[i])
        assert sol.value[1][i] == pytest.approx(-min(ref["comply"], ref["resist"]), abs=1e-9)
        assert sol.value[0][i] == pytest.approx(ref["coercer"], abs=1e-9)
        probs = [c._b(p)[i] for p in (c.coercer.prob_compellent, o.effective_assurance_credibility,
                                      o.effective_threat_credibility, o.reimposition_credibility)]
        if c.coalition_assurance_factor is not None:
            probs.append(c._b(c.coalition_assurance_factor)[i])
        if any(abs(p - 0.5) < 1e-9 for p in probs):
            continue  # a chance move with a tie: the path picks the first branch
        assert o.equilibrium_path[i] == " -> ".join(sol.path(index=i))


@st.composite
def canonical_campaigns(draw):
    """Default campaigns with given credibilities, no hazard cost, no deadline, no compliance or
    resistance cost: several sanctions with arbitrary reversibility and re-imposition."""
    n_inst = draw(st.integers(1, 3))
    insts = [Sanctions(arr(draw, 0, 0.3), reversibility=arr(draw, 0, 1), reimposition=arr(draw, 0, 1),
                       label=f"s{k}") for k in range(n_inst)]
    horizon = draw(st.one_of(st.none(), st.integers(1, 20)))
    return Campaign({"name": "West", "threat_credibility": arr(draw, 0, 1)}, "Russia", insts,
                    {"concession": arr(draw, 0, 1), "public": draw(st.booleans())},
                    arr(draw, 0, 1), arr(draw, 0.1, 0.95), horizon)


@settings(max_examples=40, deadline=None)
@given(c=canonical_campaigns())
def test_default_campaign_is_offramp_margin(c):
    """A default campaign equals the bare closed form offramp_margin to 1e-12, and so do its
    critical values of the derived quantities."""
    o = c.offramp()
    args = (c.concession, o.punishment_per_period, c.discount, c.coercer.threat_credibility,
            c.assurance.credibility, o.effective_reversibility, c.horizon)
    np.testing.assert_allclose(o.margin, offramp_margin(*args), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(o.largest_demand, np.maximum(0.0, offramp_margin(*args) + c.concession), atol=1e-12)
    for got, fn in ((o.critical_effective_assurance_credibility, critical_assurance),
                    (o.critical_effective_threat_credibility, critical_threat),
                    (o.critical_effective_reversibility, critical_reversibility),
                    (o.critical_punishment_per_period, critical_punishment)):
        np.testing.assert_allclose(got.value, fn(*args).value, rtol=1e-12)
    assert "root/comply/lift" not in cp.spe(c.game()).strategy


# ----------------------------------------------------------------------------- coalition and power in the model
def test_coalition_and_power_enter_the_campaign():
    """The coalition's Pr(lift | x) multiplies the assurance; power sets both credibilities; the
    inputs stay what the user set and the effective ones are derived."""
    coal = Coalition(["US", "EU"], thresholds=[0.2, 0.4], threshold_sd=[0.05, 0.1])
    c = Campaign({"threat_credibility": 0.9}, "T", [Sanctions(0.15, reversibility=0.8)], demand=0.35,
                 assurance=0.8, coalition=coal)
    p_lift = stats.norm.cdf((0.35 - 0.2) / 0.05) * stats.norm.cdf((0.35 - 0.4) / 0.1)
    assert float(c.offramp().effective_assurance_credibility) == pytest.approx(0.8 * p_lift)
    assert c.inputs()["assurance.credibility"] == 0.8
    # window and largest demand come from the same model: the margin is >= 0 inside, < 0 just outside
    o = c.offramp()
    lo, hi = float(o.smallest_demand), float(o.largest_demand)
    assert 0 < lo < hi < 1
    m = c.with_inputs({"demand.concession": np.array([lo + 1e-6, hi - 1e-6, lo - 1e-4, hi + 1e-4])}).margin()
    assert m[0] >= 0 and m[1] >= 0 and m[2] < 0 and m[3] < 0
    pw = Power(now=0.6, expected=0.7, cost=0.3, cost_sd=0.1, deal_value=0.1)
    cpow = Campaign("C", "T", [Sanctions(0.1)], demand=0.2, power=pw)
    assert float(cpow.offramp().effective_threat_credibility) == pytest.approx(stats.norm.cdf(0.6, 0.3, 0.1))
    assert float(cpow.offramp().effective_assurance_credibility) == pytest.approx(stats.norm.sf(0.6, 0.3, 0.1))
    with pytest.raises(ParameterError, match="assurance.credibility"):
        Campaign("C", "T", [Sanctions(0.1)], assurance=0.5, power=pw)


@settings(max_examples=15, deadline=None)
@given(c=campaigns(coalition=True))
def test_coalition_campaigns_by_hand_and_game(c):
    """With a coalition in every mode: by hand, and the solved game agrees on the decision."""
    o, _ = check_against_hand(c)
    sol = cp.spe(c.game())
    clear = np.abs(o.margin) > 1e-7
    np.testing.assert_array_equal((sol.strategy["root"]["comply"] > 0.5)[clear], o.viable[clear])


# ----------------------------------------------------------------------------- inputs by key path
def basic(**kw):
    args = dict(coercer={"name": "West", "threat_credibility": 0.8}, target="Russia",
                instruments=[{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
                demand=0.3, assurance=0.6, discount=0.9)
    args.update(kw)
    return Campaign(**args)


def test_inputs_and_with_inputs():
    c = basic(coalition=Coalition(["A", "B"], thresholds=[0.1, 0.2]))
    ins = c.inputs()
    for key in ("assurance.credibility", "coercer.threat_credibility", "instruments[0].reversibility",
                "demand.concession", "discount", "target.face_cost", "target.fighting_cost",
                "coalition.members[1].min_concession"):
        assert key in ins
    assert ins["instruments[0].reversibility"] == 0.6 and ins["discount"] == 0.9
    grid = np.linspace(0, 1, 5)
    c2 = c.with_inputs({"assurance.credibility": grid, "coalition.members[1].min_concession": 0.3})
    assert c2.batch_shape == (5,) and c.batch_shape == ()
    for k, v in zip(grid, c2.offramp().margin):
        one = c.with_inputs({"assurance.credibility": float(k), "coalition.members[1].min_concession": 0.3})
        assert float(one.offramp().margin) == pytest.approx(v)
    assert c.with_inputs({"horizon.discount": 0.8}).discount == 0.8  # the scenario file's spelling
    c = c.with_inputs({"target.face_cost": np.zeros(5)})  # batched: a (3,) demand no longer broadcasts
    for bad, key in (({"assurance.credibilty": 0.5}, "assurance.credibilty"),
                     ({"instruments[3].reversibility": 0.5}, "instruments[3].reversibility"),
                     ({"instruments[0].reversibility": 1.5}, "instruments[0].reversibility"),
                     ({"coalition.members[0].uncertainty": -1}, "coalition.members[0].uncertainty"),
                     ({"nonsense": 1}, "nonsense"),
                     ({"demand.concession": np.zeros(3)}, "demand.concession")):
        with pytest.raises(ParameterError) as err:
            c.with_inputs(bad)
        assert err.value.name == key


# ----------------------------------------------------------------------------- smaller properties
def test_effective_r_is_cost_weighted_and_private_never_reverses():
    c = basic(instruments=[Sanctions(0.1, reversibility=1.0, private_share=0.5, label="a"),
                           Sanctions(0.3, reversibility=0.5, label="b")])
    o = c.offramp()
    assert float(o.effective_reversibility) == pytest.approx((0.1 * 0.5 + 0.3 * 0.5) / 0.4)
    assert float(o.punishment_per_period) == pytest.approx(0.4)


def test_overt_aid_given_credibility_shifts():
    c = basic(instruments=[MilitaryAid(0.1, overt=True, commitment=0.5, assurance_loss=0.5)])
    o = c.offramp()
    assert float(o.effective_threat_credibility) == pytest.approx(1 - 0.2 * 0.5)
    assert float(o.effective_assurance_credibility) == pytest.approx(0.3)
    # x = 0.3 exceeds what re-imposing the lifted aid could hold (pi_T r P = 0.9 * 0.3 * 0.9 = 0.243)
    assert not o.deal_holds and float(o.reimposition_threat) == pytest.approx(0.243)
    assert float(c.replace(backsliding=True).offramp().effective_assurance_credibility) == 0.0


def test_drivers_sum_to_margin():
    c = basic(instruments=[Sanctions(0.1, reversibility=0.9, label="energy"),
                           MilitaryAid(0.1, overt=True, label="tanks"), Incentive(0.05)],
              target={"name": "Russia", "fighting_cost": 0.01, "reputation_cost": 0.02})
    o = c.offramp()
    total = sum(float(d.contribution) for d in o.drivers)
    expect = float(o.margin) + 0.3 + 0.02 - float(o.resistance_cost)
    assert total == pytest.approx(expect)
    assert o.driver_of["irreversibility"] == "tanks"
    assert o.driver_of["threat"] == "tanks" and o.driver_of["assurance"] == "tanks"
    df = o.drivers_frame()
    assert list(df["instrument"]) == ["energy", "tanks", "side payment"]
    assert df["share_of_punishment"].sum() == pytest.approx(1.0)
    eps = 1e-6
    c2 = c.with_inputs({"instruments[0].cost_target": 0.1 + eps})
    fd = (float(c2.offramp().margin) - float(o.margin)) / eps
    assert fd == pytest.approx(float(o.drivers[0].marginal_effect), rel=1e-4)


def test_fighting_cost_on_both_resist_branches():
    c = basic(target={"name": "Russia", "fighting_cost": np.array([0.0, 0.02, 0.05])})
    o = c.offramp()
    np.testing.assert_allclose(np.diff(o.margin), np.diff(np.array([0.0, 0.02, 0.05]) * 9.0))
    sol = cp.spe(c.game())
    np.testing.assert_array_equal(sol.strategy["root"]["comply"] > 0.5, o.viable)


def test_endogenous_audience_costs_tie_hands():
    common = dict(coercer={"name": "West", "audience_cost": 1.0, "weakening_value": 0.0},
                  instruments=[Sanctions(0.1, cost_coercer=0.05, reversibility=0.8)], assurance=None)
    pub = basic(demand={"concession": 0.1, "public": True}, **common).offramp()
    priv = basic(demand={"concession": 0.1, "public": False}, **common).offramp()
    # backing down after a public demand costs 1.0 > reversible cost of punishing 0.8 * 0.45
    assert float(pub.effective_threat_credibility) == 1.0 and float(priv.effective_threat_credibility) == 0.0


def test_only_reversible_costs_enter_the_coercers_choices():
    """A coercer whose sustaining cost is all irreversible (r = 0) loses nothing by punishing."""
    c = basic(coercer={"name": "West", "weakening_value": 0.0}, assurance=None,
              instruments=[Sanctions(0.1, cost_coercer=0.5, reversibility=0.0)])
    assert float(c.punish_gain("compellent")) == pytest.approx(0.0)
    assert float(c.lift_gain("compellent")) == pytest.approx(0.0)
    c = basic(coercer={"name": "West", "weakening_value": 0.0}, assurance=None,
              instruments=[Sanctions(0.1, cost_coercer=0.5, reversibility=0.5)])
    assert float(c.punish_gain("compellent")) == pytest.approx(-0.5 * 0.5 * 9)


@pytest.mark.parametrize(
    "kw,key",
    [
        ({"discount": 1.0}, "discount"),
        ({"horizon": 0}, "horizon"),
        ({"coercer": {"name": "West", "resolve": 1}}, "coercer.resolve"),
        ({"target": "West", "coercer": "West"}, "target.name"),
        ({"instruments": [{"kind": "sanctions", "cost_target": -1}]}, "cost_target"),
        ({"instruments": "sanctions"}, "instruments"),
        ({"demand": {"concession": 0.2, "publicly": True}}, "demand.publicly"),
        ({"assurance": 1.5}, "Assurance.credibility"),
        ({"assurance": np.ones(3) * 0.5, "demand": np.ones(4) * 0.2}, "assurance.credibility"),
        ({"instruments": [Sanctions(0.1), Sanctions(0.2)]}, "instruments"),
        ({"backsliding": "yes"}, "backsliding"),
        ({"target": {"name": "T", "fighting_cost": -0.1}}, "fighting_cost"),
        ({"coalition": "EU"}, "coalition"),
        ({"power": {"now": 2, "expected": 0.5, "cost": 0.1}, "coercer": "C", "assurance": None}, "power.now"),
    ],
)
def test_campaign_validation(kw, key):
    with pytest.raises(ParameterError) as err:
        basic(**kw)
    assert key in str(err.value)


def test_repr_and_frames():
    o = basic().offramp()
    assert "OffRamp(margin=" in repr(o) and "effective_assurance_credibility" in repr(o)
    assert "Off-ramp" in o._repr_html_()
    assert "Campaign('West' -> 'Russia'" in repr(basic())
    df = o.to_frame()
    assert df.shape[0] == 1 and "critical_effective_assurance_credibility" in df.columns
    batched = basic(assurance=np.linspace(0, 1, 11)).offramp()
    assert not np.isnan(batched.to_frame().select_dtypes("number").to_numpy()).any()
    assert "batch_shape=(11,)" in repr(batched)


def test_batched_campaign_and_critical_values_consistent():
    pi_A = np.linspace(0, 1, 11)
    o = basic(assurance=pi_A).offramp()
    crit = float(basic(assurance=0.5).offramp().critical_effective_assurance_credibility.value)
    np.testing.assert_array_equal(o.viable, pi_A >= crit - 1e-12)


def test_horizon_and_deadline_may_be_arrays():
    H = np.array([1, 5, 50])
    c = basic(instruments=[Sanctions(0.1, ramp=0.5, reversibility=0.6)], horizon=H)
    o = c.offramp()
    for i, h in enumerate(H):
        oi = basic(instruments=[Sanctions(0.1, ramp=0.5, reversibility=0.6)], horizon=int(h)).offramp()
        assert float(oi.margin) == pytest.approx(o.margin[i])
    c = basic(demand={"concession": 0.1, "deadline": np.array([0, 2, 5])})
    np.testing.assert_allclose(c.offramp().threat_factor, 0.9 ** np.array([0, 2, 5]))
    assert np.all(np.diff(c.offramp().margin) < 0)  # a later deadline discounts the threat
    sol = cp.spe(c.game())
    np.testing.assert_array_equal(sol.strategy["root"]["comply"] > 0.5, c.offramp().viable)


def to_gambit(game):
    """A scalar Game as a pygambit tree and {decision node: its pygambit selector}."""
    from compellence.games import DECISION, to_pygambit

    g, nodes = to_pygambit(game)
    return g, {int(i): nodes[i] for i in np.flatnonzero(game.kind == DECISION)}


@settings(max_examples=8, deadline=None)
@given(c=campaigns())
def test_pygambit_oracle(c):
    """Our SPE profile is a Nash equilibrium by pygambit's own regret computation, with the same
    payoffs; with given credibility (one strategic player) pygambit's LCP agrees."""
    pytest.importorskip("pygambit")
    import pygambit as gbt

    for i in range(2):
        scalar = c.game().at(i)
        sol = cp.spe(scalar)
        g, infosets = to_gambit(scalar)
        prof = g.mixed_behavior_profile(rational=False)
        for node_i, inf in infosets.items():
            c0 = int(scalar.child_start[node_i])
            prof.set_mixed_action(inf, {act: float(sol.edge_prob[c0 + a])
                                        for a, act in enumerate(g.get_actions(inf))})
        assert prof.max_regret() < 1e-6
        for j, pl in enumerate(scalar.players):
            assert float(prof.payoffs[pl]) == pytest.approx(float(sol.value[j]), abs=1e-6)
        if not (c.endogenous_threat or c.endogenous_assurance or c.coalition is not None):
            eq = gbt.nash.lcp_solve(g, rational=False).equilibrium
            assert float(eq.payoffs[scalar.players[1]]) == pytest.approx(float(sol.value[1]), abs=1e-6)


class PartialCoalition(Coalition):
    """A coalition offering partial lifting and a sustain probability (the interface the coalition
    layer may add): the campaign must use lifted_share(x) and sustain_probability() when present."""

    def lifted_share(self, x):
        return np.clip(np.asarray(x, dtype=float) * 1.5, 0.0, 1.0)

    def sustain_probability(self):
        return np.asarray(0.7)


@pytest.mark.parametrize("endo_T", [False, True])
@pytest.mark.parametrize("endo_A", [False, True])
def test_partial_lifting_and_sustain_probability(endo_T, endo_A):
    x = np.linspace(0.05, 0.95, 7)
    coal = PartialCoalition(["A", "B"], thresholds=[0.2, 0.4])
    kw = dict(coercer=Coercer("C", threat_credibility=None if endo_T else 0.9, audience_cost=0.3,
                              weakening_value=0.1, prob_compellent=0.8),
              target="T", instruments=[Sanctions(0.2, cost_coercer=0.01, reversibility=0.8)],
              demand=x, assurance=None if endo_A else 0.9)
    plain = Campaign(**kw).offramp()
    c = Campaign(**kw, coalition=coal)
    o = c.offramp()
    np.testing.assert_allclose(o.effective_assurance_credibility,
                               plain.effective_assurance_credibility * np.clip(1.5 * x, 0, 1))
    np.testing.assert_allclose(o.effective_threat_credibility, plain.effective_threat_credibility * 0.7)
    # the game agrees: decision, the target's value and the path (chance moves for the coalition)
    sol = cp.spe(c.game())
    clear = np.abs(o.margin) > 1e-7
    np.testing.assert_array_equal((sol.strategy["root"]["comply"] > 0.5)[clear], o.viable[clear])
    rP, IP = o.reversible_pv, o.irreversible_pv
    pT, pA = o.effective_threat_credibility, o.effective_assurance_credibility
    v = np.maximum(-(x + IP + (1 - pA) * rP), -(IP + pT * rP))
    np.testing.assert_allclose(sol.value[1], v, atol=1e-9)
    for i in np.flatnonzero(clear & (np.abs(np.clip(1.5 * x, 0, 1) - 0.5) > 1e-9)):
        assert o.equilibrium_path[i] == " -> ".join(sol.path(index=int(i)))
