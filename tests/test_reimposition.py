"""Backsliding after lifting and re-imposition effectiveness: closed form vs the solved game tree.

The campaign's game has a stage after "lift": the target keeps the concession or
backslides, and the coercer re-imposes (effectiveness ``e`` of the lifted bite) or
tolerates it.  These tests check the closed form (margin, credibilities, deal_holds,
the backslide premium, the equilibrium path) against ``cp.spe(campaign.game())`` on
random batched campaigns in all four credibility modes, and the model's comparative
statics.  The stage is opt-in: every campaign here sets ``backsliding=True``
(``check_two_routes`` also covers the default canonical game, for the hazard tests).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.campaign import TIE_TOL, Campaign, Coercer, Target
from compellence.coercion.instruments import Assurance, Demand, Incentive, MilitaryAid, Sanctions
from compellence.coercion.offramp import offramp_margin

N = 8  # batch size of the random campaigns
TYPES = ("compellent", "punitive")


def arr(draw, lo, hi):
    return np.array(draw(st.lists(st.floats(lo, hi), min_size=N, max_size=N)))


@st.composite
def campaigns(draw, endo_T=None, endo_A=None, hazard=True, backsliding=True):
    endo_T = draw(st.booleans()) if endo_T is None else endo_T
    endo_A = draw(st.booleans()) if endo_A is None else endo_A
    coercer = Coercer(
        name="C",
        threat_credibility=None if endo_T else arr(draw, 0, 1),
        benefit=arr(draw, 0, 2),
        audience_cost=arr(draw, 0, 1),
        weakening_value=arr(draw, 0, 1),
        punitive_weakening_value=arr(draw, 0, 3),
        prob_compellent=arr(draw, 0, 1),
        catastrophe_cost=arr(draw, 0, 5) if hazard else 0.0,
    )
    target = Target("T", face_cost=arr(draw, 0, 0.3), reputation_cost=arr(draw, 0, 0.3),
                    catastrophe_cost=arr(draw, 0, 5) if hazard else 0.0)
    insts = [
        Sanctions(arr(draw, 0, 0.3), cost_coercer=arr(draw, 0, 0.1), reversibility=arr(draw, 0, 1),
                  private_share=arr(draw, 0, 1), ramp=arr(draw, 0.05, 1), adaptation=arr(draw, 0, 0.5),
                  reimposition=arr(draw, 0, 1), elapsed=draw(st.integers(0, 5)), label="sanctions"),
        MilitaryAid(arr(draw, 0, 0.3), cost_coercer=arr(draw, 0, 0.1), overt=draw(st.booleans()),
                    escalation_risk=arr(draw, 0, 0.2) if hazard else 0.0, label="aid"),
    ]
    if draw(st.booleans()):
        insts.append(Sanctions(arr(draw, 0, 0.2), reversibility=arr(draw, 0, 1), reimposition=arr(draw, 0, 1),
                               label="export controls"))
    if draw(st.booleans()):
        insts.append(Incentive(arr(draw, 0, 0.3)))
    demand = Demand(arr(draw, 0, 1), public=draw(st.booleans()),
                    deadline=draw(st.one_of(st.none(), st.integers(0, 4))))
    assurance = Assurance(public=draw(st.booleans()), credibility=None if endo_A else arr(draw, 0, 1))
    horizon = draw(st.one_of(st.none(), st.integers(1, 20)))
    bs = draw(st.booleans()) if backsliding is None else backsliding
    return Campaign(coercer, target, insts, demand, assurance, arr(draw, 0.1, 0.95), horizon, backsliding=bs)


def near_ties(c, o):
    """Batch elements where some choice is within a hair of indifference (skipped in exact comparisons)."""
    Qz = c.reimposed_pv + c.escalation_cost
    x = c.concession
    near = np.abs(o.margin) < 1e-7
    if c.backsliding:
        near |= np.abs(x - c.reimposition_credibility * Qz) < 1e-7
    near |= (np.abs(c.coercer.prob_compellent - 0.5) < 1e-9) | (np.abs(o.effective_assurance_credibility - 0.5) < 1e-9)
    near |= np.abs(o.effective_threat_credibility - 0.5) < 1e-9
    for t in TYPES:
        near |= (np.abs(c.lift_gain(t)) < 1e-7) | (np.abs(c.punish_gain(t)) < 1e-7)
        if c.backsliding:
            near |= np.abs(c.reimpose_gain(t)) < 1e-7
            near |= np.abs(x - c._reimposes(t) * Qz) < 1e-7
    return np.broadcast_to(near, o.batch_shape)


def check_two_routes(c):
    o = c.offramp()
    sol = cp.spe(c.game())
    near = near_ties(c, o)
    ok = ~near
    # the target's decision and its equilibrium value
    comply = sol.strategy["root"]["comply"] > 0.5
    np.testing.assert_array_equal(comply[ok], o.viable[ok])
    # the corrected accounting: irreversible punishment on every branch, resistance cost on both resist branches
    rP, IP, Z = o.reversible_pv, o.irreversible_pv, o.escalation_cost
    pi_T, pi_A = o.effective_threat_credibility, o.effective_assurance_credibility
    v_comply = -o.concession - o.compliance_cost - IP - (1 - pi_A) * (rP + Z) + o.backslide_premium
    v_resist = -o.resistance_cost - IP - pi_T * o.threat_factor * (rP + Z)
    np.testing.assert_allclose(sol.value[1][ok], np.maximum(v_comply, v_resist)[ok], atol=1e-9)
    np.testing.assert_allclose((v_comply - v_resist)[ok], o.margin[ok], atol=1e-9)
    mu = c.coercer.prob_compellent
    g = c.game()
    # backsliding, re-imposition and lifting decisions at their nodes
    if not c.backsliding:  # the canonical game: no keep / backslide stage, no premium, no voiding
        assert not any(k.endswith("/lift") or "/lift/" in k for k in sol.strategy)
        assert np.all(o.backslide_premium == 0.0)
        if not c.endogenous_assurance:
            np.testing.assert_allclose(o.effective_assurance_credibility, c._b(c.nominal_assurance), atol=0)
    if c.endogenous_assurance:
        for t in TYPES:
            if c.backsliding:
                keep = sol.strategy[f"root/comply/{t}/lift"]["keep"] > 0.5
                np.testing.assert_array_equal(keep[ok], ~np.broadcast_to(c.backslides(t), o.batch_shape)[ok])
            lift = sol.strategy[f"root/comply/{t}"]["lift"] > 0.5
            np.testing.assert_array_equal(lift[ok], np.broadcast_to(c.lift_gain(t) >= -TIE_TOL, o.batch_shape)[ok])
            if c.endogenous_threat and c.backsliding:
                re = sol.strategy[f"root/comply/{t}/lift/backslide"]["reimpose"] > 0.5
                np.testing.assert_array_equal(re[ok], np.broadcast_to(c.reimpose_gain(t) >= -TIE_TOL, o.batch_shape)[ok])
        direct = mu * sol.strategy["root/comply/compellent"]["lift"] + (1 - mu) * sol.strategy["root/comply/punitive"]["lift"]
        np.testing.assert_allclose(direct[ok], o.effective_assurance_credibility[ok], atol=1e-12)
    else:
        # the lift chance carries pi_A, which (with backsliding) is void where the deal does not hold
        lift_edge = g.node_at(["comply", "lift"])
        np.testing.assert_allclose(sol.edge_prob[lift_edge], o.effective_assurance_credibility, atol=1e-15)
        assert np.all(o.backslide_premium == 0.0)
        if c.backsliding:
            keep = sol.strategy["root/comply/lift"]["keep"] > 0.5
            np.testing.assert_array_equal(keep[ok], o.deal_holds[ok])
            assert np.all(o.effective_assurance_credibility[~o.deal_holds] == 0.0)
        if c.endogenous_threat and c.backsliding:
            for t in TYPES:
                re = sol.strategy[f"root/comply/lift/backslide/{t}"]["reimpose"] > 0.5
                np.testing.assert_array_equal(re[ok], np.broadcast_to(c.reimpose_gain(t) >= -TIE_TOL, o.batch_shape)[ok])
    if c.endogenous_threat:
        direct = mu * sol.strategy["root/resist/compellent"]["punish"] + (1 - mu) * sol.strategy["root/resist/punitive"]["punish"]
        np.testing.assert_allclose(direct[ok], o.effective_threat_credibility[ok], atol=1e-12)
    # the closed-form equilibrium path is the solved game's path
    for i in np.flatnonzero(ok):
        assert o.equilibrium_path[i] == " -> ".join(sol.path(index=int(i)))
    return o


MODES = [(False, False), (True, False), (False, True), (True, True)]


@pytest.mark.parametrize("endo_T,endo_A", MODES, ids=["exo", "endo-threat", "endo-assurance", "endo"])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_two_routes_agree_with_backsliding_and_hazard(endo_T, endo_A, data):
    c = data.draw(campaigns(endo_T, endo_A))
    check_two_routes(c)


@settings(max_examples=25, deadline=None)
@given(c=campaigns(hazard=False))
def test_two_routes_agree_without_hazard(c):
    o = check_two_routes(c)
    assert np.all(o.escalation_cost == 0) and np.all(o.coercer_escalation_cost == 0)


@settings(max_examples=30, deadline=None)
@given(c=campaigns(endo_T=False, endo_A=False), e=st.floats(0.0, 1.0))
def test_exogenous_margin_nondecreasing_in_reimposition(c, e):
    """Exogenous credibility: pi_A = pi_A0 1[x <= pi_T (e r P + Z_T)], so weaker re-imposition can only
    void the assurance, never help; the closed form agrees with offramp_margin at pi_A = 0 where void."""
    import dataclasses

    weaker = c.replace(instruments=[dataclasses.replace(i, reimposition=i.reimposition * e)
                                    if isinstance(i, Sanctions) else i for i in c.instruments])
    o, ow = c.offramp(), weaker.offramp()
    assert np.all(ow.margin <= o.margin + 1e-12)
    assert np.all(ow.deal_holds <= o.deal_holds)
    assert np.all(ow.reimposition_threat <= o.reimposition_threat + 1e-12)


def test_canonical_game_unchanged_at_full_reimposition_where_viable():
    """e = 1, no hazard, no net side payment: wherever the canonical off-ramp is viable the deal holds,
    so margin, decision and path are the canonical ones (x <= (pi_T + pi_A - 1) r P <= pi_T r P)."""
    pi_T = np.linspace(0, 1, 21)[:, None, None]
    pi_A = np.linspace(0, 1, 21)[None, :, None]
    r = np.linspace(0, 1, 11)[None, None, :]
    c = Campaign({"threat_credibility": pi_T}, "Target",
                 [Sanctions(0.1, reversibility=r, reimposition=1.0)], demand=0.3, assurance=pi_A,
                 backsliding=True)
    o = c.offramp()
    canonical = offramp_margin(0.3, 0.1, 0.9, pi_T, pi_A, r)
    viable = canonical >= 0
    assert viable.any() and (~viable).any()
    assert o.deal_holds[viable].all()
    np.testing.assert_allclose(o.margin[viable], canonical[viable])
    np.testing.assert_array_equal(o.viable, viable | (np.abs(canonical) < 1e-9) & o.viable)
    # where it is closed it can only close further (the promise to lift is void if x > pi_T r P)
    assert np.all(o.margin <= canonical + 1e-12)
    void = ~o.deal_holds
    np.testing.assert_allclose(o.margin[void], offramp_margin(
        0.3, 0.1, 0.9, pi_T, 0.0 * pi_A, r)[void])


def _endogenous(e, x=0.15, **kw):
    """A compellent coercer (w = 0) that lifts unless it expects backsliding; exogenous threat."""
    return Campaign(
        {"name": "West", "threat_credibility": 0.8, "weakening_value": 0.0, "audience_cost": 0.0},
        "Target",
        [Sanctions(0.1, cost_coercer=0.005, reversibility=0.8, reimposition=e)],
        demand=x, assurance=None, discount=0.9, backsliding=True, **kw,
    )


def test_endogenous_weak_reimposition_lowers_the_lift_incentive():
    """Backsliding pays iff x > pi_T e r P; anticipating it, lifting loses B x and risks paying the
    reversible cost C_rev again, so the coercer's lift gain falls by B x + pi_T C_rev and it reneges."""
    e = np.linspace(0.0, 1.0, 101)
    c = _endogenous(e)
    o = c.offramp()
    P, r = float(o.punishment_pv[0]), float(o.effective_reversibility[0])
    C = float(c.coercer_reversible_cost)
    assert C == pytest.approx(0.8 * 0.005 * 9)  # only the reversible part of sustaining enters the choice
    e_star = 0.15 / (0.8 * r * P)
    np.testing.assert_array_equal(o.deal_holds, e >= e_star - 1e-12)
    gain = c.lift_gain("compellent")
    np.testing.assert_allclose(gain[o.deal_holds], C)
    np.testing.assert_allclose(gain[~o.deal_holds], C - 0.15 - 0.8 * C)
    np.testing.assert_array_equal(o.effective_assurance_credibility, np.where(o.deal_holds, 1.0, 0.0))
    assert o.viable[-1] and not o.viable[0]
    assert np.all(np.diff(o.margin) >= -1e-12)  # weaker re-imposition: smaller margin
    np.testing.assert_allclose(o.critical_reimposition.value, e_star)
    # two routes
    sol = cp.spe(c.game())
    np.testing.assert_array_equal(sol.strategy["root/comply/compellent"]["lift"] > 0.5,
                                  o.effective_assurance_credibility > 0.5)
    np.testing.assert_array_equal(sol.strategy["root"]["comply"] > 0.5, o.viable)


def test_endogenous_sham_compliance_premium():
    """A type that lifts although the target will backslide (continuing costs more than the concession
    is worth) makes compliance partly a sham: the target's margin gains pi_A (x - rho (Q + Z))."""
    c = Campaign({"name": "West", "threat_credibility": 0.6, "weakening_value": 0.0, "benefit": 0.1},
                 "Target", [Sanctions(0.2, cost_coercer=0.05, reversibility=0.9, reimposition=0.1)],
                 demand=0.4, assurance=None, discount=0.9, backsliding=True)
    o = c.offramp()
    # P = 1.8, r P = 1.62, Q = e r P = 0.162, C_rev = r c D = 0.405;
    # lift gain = C_rev - B x + pi_T (w Q - C_rev) = 0.405 - 0.04 - 0.243 > 0
    Q = float(c.reimposed_pv)
    assert Q == pytest.approx(0.162)
    assert float(c.lift_gain("compellent")) == pytest.approx(0.405 - 0.04 - 0.6 * 0.405)
    assert float(o.effective_assurance_credibility) == 1.0 and not o.deal_holds
    assert float(o.backslide_premium) == pytest.approx(0.4 - 0.6 * Q)
    assert float(o.margin) == pytest.approx((0.6 + 1 - 1) * 1.62 - 0.4 + 0.4 - 0.6 * Q)
    assert o.equilibrium_path == "comply -> compellent -> lift -> backslide -> reimpose"
    assert o.equilibrium_path == " -> ".join(cp.spe(c.game()).path())


def test_demand_window_accounts_for_the_deal():
    """Given assurance with backsliding: a concession above rho (Q + Z_T) voids the assurance, so the
    largest workable demand is found on the full model; it equals the largest viable x on a fine grid."""
    xs = np.linspace(0.0, 1.0, 4001)
    base = dict(coercer={"threat_credibility": 0.9}, target="Target",
                instruments=[Sanctions(0.1, reversibility=0.8, reimposition=0.3)], assurance=0.9, backsliding=True)
    ox = Campaign(demand=xs, **base).offramp()
    one = Campaign(demand=0.5, **base).offramp()
    assert ox.viable.any()
    assert xs[ox.viable].max() == pytest.approx(float(one.largest_demand), abs=1 / 4000)
    assert xs[ox.viable].min() == pytest.approx(float(one.smallest_demand), abs=1 / 4000)
    # the effective assurance is void where the deal does not hold; its critical value holds it fixed
    s = Campaign({"threat_credibility": 0.7}, "Target", [Sanctions(0.05, reversibility=0.8, reimposition=0.3)],
                 demand=0.25, assurance=0.8, backsliding=True).offramp()
    assert not s.deal_holds and float(s.effective_assurance_credibility) == 0.0


def test_reimposition_paths_and_frames():
    c = _endogenous(np.array([0.0, 1.0]))
    o = c.offramp()
    assert list(o.equilibrium_path) == ["resist -> punish", "comply -> compellent -> lift -> keep"]
    df = o.to_frame()
    assert {"deal_holds", "reimposition_threat", "backslide_premium", "critical_reimposition"} <= set(df.columns)
    one = _endogenous(0.5).offramp()
    assert "share_of_reimposition_loss" in one.drivers_frame().columns
    assert one.driver_of["backsliding"] == "sanctions"


def test_critical_reimposition_with_aid_at_full_effect():
    """critical_reimposition: the common sanctions effectiveness at which the deal starts to hold
    (re-supplied aid keeps its full effect); checked against deal_holds on a grid of e."""
    e = np.linspace(0.0, 1.0, 1001)
    c = Campaign({"threat_credibility": 0.8}, {"name": "Target", "catastrophe_cost": 2.0},
                 [Sanctions(0.03, reversibility=0.7, reimposition=e, label="financial"),
                  Sanctions(0.01, reversibility=0.6, reimposition=e, label="export"),
                  MilitaryAid(0.02, overt=True, escalation_risk=0.01, label="aid")],
                 demand=0.9, assurance=0.7, discount=0.97, backsliding=True)
    o = c.offramp()
    assert o.deal_holds.any() and (~o.deal_holds).any()
    crit = o.critical_reimposition
    np.testing.assert_allclose(crit.value, crit.value[0])
    np.testing.assert_array_equal(o.deal_holds, e >= crit.value[0] - 1e-12)
    # where it holds, the assurance counts: the margin jumps by pi_A (r P + Z_T)
    jump = o.margin[o.deal_holds][0] - o.margin[~o.deal_holds][-1]
    assert jump == pytest.approx(float(c.nominal_assurance) * (float(o.reversible_pv[0])
                                                           + float(o.escalation_cost[0])))
    assert np.array_equal(cp.spe(c.game()).strategy["root/comply/lift"]["keep"] > 0.5, o.deal_holds)


@pytest.mark.parametrize("endo_T,endo_A", MODES, ids=["exo", "endo-threat", "endo-assurance", "endo"])
@settings(max_examples=10, deadline=None)
@given(data=st.data(), e=st.floats(0.0, 1.0))
def test_without_backsliding_reimposition_is_only_a_diagnostic(endo_T, endo_A, data, e):
    """backsliding=False (the default): the re-imposition effectiveness moves the diagnostics
    (reimposition_threat, deal_holds, critical_reimposition) exactly as with backsliding, but not
    the margin, the credibilities, the largest demand or the path; the game has no post-lift stage."""
    import dataclasses

    c = data.draw(campaigns(endo_T, endo_A, backsliding=False))
    weaker = c.replace(instruments=[dataclasses.replace(i, reimposition=i.reimposition * e)
                                    if isinstance(i, Sanctions) else i for i in c.instruments])
    o, ow = c.offramp(), weaker.offramp()
    for f in ("margin", "effective_assurance_credibility", "effective_threat_credibility", "largest_demand",
              "viable", "equilibrium_path"):
        np.testing.assert_array_equal(getattr(ow, f), getattr(o, f))
    assert np.all(ow.reimposition_threat <= o.reimposition_threat + 1e-12)
    # the diagnostics are those of the same campaign with backsliding switched on
    ob = weaker.replace(backsliding=True).offramp()
    for f in ("reimposition_threat", "deal_holds", "reimposition_credibility"):
        np.testing.assert_array_equal(getattr(ow, f), getattr(ob, f))
    np.testing.assert_array_equal(ow.critical_reimposition.value, ob.critical_reimposition.value)
    check_two_routes(weaker)
