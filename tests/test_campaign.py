"""Campaign: aggregation, closed form vs generic solve of campaign.game(), validation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.coercion.campaign import Campaign, Coercer, Target
from compellence.coercion.instruments import Assurance, Demand, Incentive, MilitaryAid, Sanctions
from compellence.coercion.offramp import (
    critical_assurance,
    critical_punishment,
    critical_reversibility,
    critical_threat,
    offramp_margin,
)
from compellence.errors import ParameterError

unit = st.floats(0.0, 1.0)
N = 6  # batch size of the random campaigns


def arr(draw, lo, hi):
    return np.array(draw(st.lists(st.floats(lo, hi), min_size=N, max_size=N)))


@st.composite
def campaigns(draw):
    endo_T = draw(st.booleans())
    endo_A = draw(st.booleans())
    coercer = Coercer(
        name="C",
        threat_credibility=None if endo_T else arr(draw, 0, 1),
        benefit=arr(draw, 0, 2),
        audience_cost=arr(draw, 0, 1),
        weakening_value=arr(draw, 0, 1),
        punitive_weakening_value=arr(draw, 0, 3),
        prob_compellent=arr(draw, 0, 1),
    )
    target = Target("T", face_cost=arr(draw, 0, 0.3), reputation_cost=arr(draw, 0, 0.3))
    insts = [
        Sanctions(arr(draw, 0, 0.3), cost_coercer=arr(draw, 0, 0.1), reversibility=arr(draw, 0, 1),
                  private_share=arr(draw, 0, 1), ramp=arr(draw, 0.05, 1), adaptation=arr(draw, 0, 0.5),
                  elapsed=draw(st.integers(0, 5)), label="sanctions"),
        MilitaryAid(arr(draw, 0, 0.3), cost_coercer=arr(draw, 0, 0.1), overt=draw(st.booleans()), label="aid"),
    ]
    if draw(st.booleans()):
        insts.append(Incentive(arr(draw, 0, 0.3)))
    demand = Demand(arr(draw, 0, 1), public=draw(st.booleans()), deadline=draw(st.one_of(st.none(), st.integers(0, 4))))
    assurance = Assurance(public=draw(st.booleans()), credibility=None if endo_A else arr(draw, 0, 1))
    horizon = draw(st.one_of(st.none(), st.integers(1, 20)))
    return Campaign(coercer, target, insts, demand, assurance, arr(draw, 0.1, 0.95), horizon)


@settings(max_examples=60, deadline=None)
@given(c=campaigns())
def test_closed_form_agrees_with_generic_solve(c):
    o = c.offramp()
    sol = cp.spe(c.game())
    clear = np.abs(o.margin) > 1e-7
    comply = sol.strategy["root"]["comply"]
    np.testing.assert_array_equal((comply > 0.5)[clear], o.viable[clear])
    # the target's equilibrium value is the better of the two closed-form branches
    P, Z = c.punishment_pv, c.hazard_cost_target
    v_comply = -c.x - c.compliance_cost - (1 - o.pi_A * o.r) * P - (1 - o.pi_A) * Z + o.backslide_premium
    v_resist = -o.pi_T * c.threat_factor * (P + Z)
    np.testing.assert_allclose(sol.value[1], np.maximum(v_comply, v_resist), atol=1e-9)
    # endogenous credibility: the coercer's lift / punish choices reproduce pi_A and pi_T
    g = c.game()
    if c.endogenous_assurance:
        lifted = sum(sol.reach[g.node_at(["comply", t, "lift"])] / np.maximum(sol.reach[g.node_at(["comply"])], 1)
                     for t in ("compellent", "punitive"))
        mu = c.coercer.prob_compellent
        direct = mu * sol.strategy["root/comply/compellent"]["lift"] + (1 - mu) * sol.strategy["root/comply/punitive"]["lift"]
        np.testing.assert_allclose(direct, o.pi_A, atol=1e-12)
        assert lifted.shape == o.pi_A.shape
    if c.endogenous_threat:
        mu = c.coercer.prob_compellent
        direct = mu * sol.strategy["root/resist/compellent"]["punish"] + (1 - mu) * sol.strategy["root/resist/punitive"]["punish"]
        np.testing.assert_allclose(direct, o.pi_T, atol=1e-12)
    # the closed-form equilibrium path is the solved game's path, away from ties
    near = ~clear | (np.abs(c.coercer.prob_compellent - 0.5) < 1e-9)
    near |= (np.abs(o.pi_A - 0.5) < 1e-9) | (np.abs(o.pi_T - 0.5) < 1e-9)
    for typ in ("compellent", "punitive"):
        near |= (np.abs(c.lift_gain(typ)) < 1e-7) | (np.abs(c.punish_gain(typ)) < 1e-7)
    for i in range(N):
        if not near[i]:
            assert o.equilibrium_path[i] == " -> ".join(sol.path(index=i))


def basic(**kw):
    args = dict(coercer={"name": "West", "threat_credibility": 0.8}, target="Russia",
                instruments=[{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
                demand=0.3, assurance=0.6, discount=0.9)
    args.update(kw)
    return Campaign(**args)


def test_single_sanction_reduces_to_design_formula():
    o = basic().offramp()
    # s = 0.1, D = 9, r = 0.6, pi_T = 0.8, pi_A = 0.6
    assert float(o.margin) == pytest.approx((0.8 + 0.6 * 0.6 - 1) * 0.9 - 0.3)
    assert float(o.largest_demand) == pytest.approx((0.8 + 0.36 - 1) * 0.9)
    assert o.decision == "resist" and o.path() == ("resist", "punish")


def test_effective_r_is_cost_weighted_and_private_never_reverses():
    c = basic(instruments=[Sanctions(0.1, reversibility=1.0, private_share=0.5, label="a"),
                           Sanctions(0.3, reversibility=0.5, label="b")])
    assert float(c.r) == pytest.approx((0.1 * 0.5 + 0.3 * 0.5) / 0.4)
    assert float(c.s) == pytest.approx(0.4)


def test_overt_aid_exogenous_credibility_shifts():
    c = basic(instruments=[MilitaryAid(0.1, overt=True, commitment=0.5, assurance_loss=0.5)])
    assert float(c.pi_T) == pytest.approx(1 - 0.2 * 0.5)
    assert float(c.pi_A) == pytest.approx(0.3)
    # x = 0.3 exceeds what re-imposing the lifted aid could hold (pi_T r P = 0.9 * 0.3 * 0.9 = 0.243):
    # reported as a diagnostic, but without backsliding the assurance stands
    assert not c.deal_holds and float(c.offramp().reimposition_threat) == pytest.approx(0.243)
    # with backsliding the coercer would not lift into a backslide, so the assurance is void
    void = c.replace(backsliding=True)
    assert not void.deal_holds and float(void.pi_A) == 0.0
    assert float(c.replace(backsliding=True, demand=0.2).pi_A) == pytest.approx(0.3)


def test_drivers_sum_to_margin():
    c = basic(instruments=[Sanctions(0.1, reversibility=0.9, label="energy"),
                           MilitaryAid(0.1, overt=True, label="tanks"), Incentive(0.05)])
    o = c.offramp()
    total = sum(float(d.contribution) for d in o.drivers)
    assert total - float(c.x) - float(c.target.reputation_cost + c.face_cost) == pytest.approx(float(o.margin))
    assert o.driver_of["irreversibility"] == "tanks"
    assert o.driver_of["drag"] == "tanks"
    assert o.driver_of["pi_T"] == "tanks" and o.driver_of["pi_A"] == "tanks"  # overt aid's commitment
    df = o.drivers_frame()
    assert list(df["instrument"]) == ["energy", "tanks", "side payment"]
    assert df["share of s"].sum() == pytest.approx(1.0)
    # marginal effect: finite difference in the instrument's cost
    eps = 1e-6
    c2 = basic(instruments=[Sanctions(0.1 + eps, reversibility=0.9, label="energy"),
                            MilitaryAid(0.1, overt=True, label="tanks"), Incentive(0.05)])
    fd = (float(c2.offramp().margin) - float(o.margin)) / eps
    assert fd == pytest.approx(float(o.drivers[0].marginal_effect), rel=1e-4)


def test_batched_campaign_and_critical_values_consistent():
    pi_A = np.linspace(0, 1, 11)
    c = basic(assurance=pi_A)
    o = c.offramp()
    assert o.margin.shape == (11,)
    crit = float(basic(assurance=0.5).offramp().critical_assurance.value)
    np.testing.assert_array_equal(o.viable, pi_A >= crit - 1e-12)
    assert not np.isnan(o.to_frame().select_dtypes("number").to_numpy()).any()
    assert "batch_shape=(11,)" in repr(o)


def test_endogenous_audience_costs_tie_hands():
    common = dict(coercer={"name": "West", "audience_cost": 1.0, "weakening_value": 0.0},
                  instruments=[Sanctions(0.1, cost_coercer=0.05, reversibility=0.8)], assurance=None)
    pub = basic(demand={"concession": 0.1, "public": True}, **common).offramp()
    priv = basic(demand={"concession": 0.1, "public": False}, **common).offramp()
    # backing down after a public demand costs 1.0 > cost of punishing 0.45: threat credible only in public
    assert float(pub.pi_T) == 1.0 and float(priv.pi_T) == 0.0


def test_type_uncertainty_sets_credibility_to_prior():
    c = basic(coercer={"name": "West", "weakening_value": 0.0, "punitive_weakening_value": 5.0,
                       "prob_compellent": 0.7},
              instruments=[Sanctions(0.1, cost_coercer=0.02, reversibility=0.8)], assurance=None)
    assert float(c.pi_A) == pytest.approx(0.7)  # compellent lifts, punitive does not
    assert float(c.pi_T) == pytest.approx(0.3)  # only the punitive type punishes without audience costs
    assert float(c.lift_gain("compellent")) == pytest.approx(0.18) and float(c.backslide_premium) == 0.0
    # diagnostic: the compellent type would not re-impose (C = 0.18 > w Q = 0)
    assert not c.deal_holds
    # with backsliding the target backslides after the compellent type lifts; at x = 0.1 lifting
    # still beats paying C = 0.18 for the concession, so it lifts anyway
    bs = c.replace(backsliding=True, demand=0.1)
    assert float(bs.pi_A) == pytest.approx(0.7)
    assert not bs.deal_holds and float(bs.backslide_premium) == pytest.approx(0.7 * 0.1)
    # a larger concession is worth keeping the punishment for: the compellent type reneges too
    big = bs.replace(demand=0.3)
    assert float(big.pi_A) == 0.0 and float(big.lift_gain("compellent")) == pytest.approx(0.18 - 0.3)


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
    ],
)
def test_campaign_validation(kw, key):
    with pytest.raises(ParameterError) as err:
        basic(**kw)
    assert key in str(err.value)


def test_repr_and_frames():
    o = basic().offramp()
    assert "OffRamp(margin=" in repr(o) and "critical_pi_A" in repr(o)
    assert "Off-ramp" in o._repr_html_()
    assert "Campaign('West' -> 'Russia'" in repr(basic())
    assert o.to_frame().shape[0] == 1


def to_gambit(game):
    """A scalar Game as a pygambit tree and {decision node: its pygambit selector}."""
    from compellence.games import DECISION, to_pygambit

    g, nodes = to_pygambit(game)
    return g, {int(i): nodes[i] for i in np.flatnonzero(game.kind == DECISION)}


@settings(max_examples=8, deadline=None)
@given(c=campaigns())
def test_pygambit_oracle(c):
    """Our SPE profile is a Nash equilibrium by pygambit's own regret computation, with the
    same payoffs; with exogenous credibility (one strategic player) pygambit's LCP agrees."""
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
        if not (c.endogenous_threat or c.endogenous_assurance):
            eq = gbt.nash.lcp_solve(g, rational=False).equilibrium
            assert float(eq.payoffs[scalar.players[1]]) == pytest.approx(float(sol.value[1]), abs=1e-6)


def test_horizon_and_deadline_may_be_arrays():
    H = np.array([1, 5, 50])
    c = basic(instruments=[Sanctions(0.1, ramp=0.5, reversibility=0.6)], horizon=H)
    o = c.offramp()
    for i, h in enumerate(H):
        oi = basic(instruments=[Sanctions(0.1, ramp=0.5, reversibility=0.6)], horizon=int(h)).offramp()
        assert float(oi.margin) == pytest.approx(o.margin[i])
        assert float(oi.critical_reversibility.value) == pytest.approx(o.critical_reversibility.value[i])
    c = basic(demand={"concession": 0.1, "deadline": np.array([0, 2, 5])})
    np.testing.assert_allclose(c.threat_factor, 0.9 ** np.array([0, 2, 5]))
    assert np.all(np.diff(c.offramp().margin) < 0)  # a later deadline discounts the threat
    sol = cp.spe(c.game())
    np.testing.assert_array_equal(sol.strategy["root"]["comply"] > 0.5, c.offramp().viable)


def test_reimposition_weakens_the_threat_after_lifting():
    strong = basic(instruments=[Sanctions(0.1, reversibility=0.6, reimposition=1.0)]).offramp()
    weak = basic(instruments=[Sanctions(0.1, reversibility=0.6, reimposition=0.2)]).offramp()
    # rho e r P: 0.8 * 1.0 * 0.6 * 0.9 = 0.432 >= x = 0.3; 0.8 * 0.2 * 0.54 = 0.0864 < 0.3
    assert float(strong.reimposition_threat) == pytest.approx(0.432)
    assert float(weak.reimposition_threat) == pytest.approx(0.0864)
    assert strong.deal_holds and not weak.deal_holds
    # without backsliding these are diagnostics: the first-use threat and the margin are unchanged
    assert float(weak.margin) == pytest.approx(float(strong.margin))
    assert float(weak.critical_reimposition.value) == pytest.approx(0.3 / (0.8 * 0.54))
    # with backsliding (x = 0.1: 0.0864 < 0.1 still fails for the weak sanctions)
    strong = basic(instruments=[Sanctions(0.1, reversibility=0.6, reimposition=1.0)], demand=0.1,
                   backsliding=True).offramp()
    weak = basic(instruments=[Sanctions(0.1, reversibility=0.6, reimposition=0.2)], demand=0.1,
                 backsliding=True).offramp()
    assert strong.deal_holds and not weak.deal_holds
    # exogenous assurance: the coercer does not lift into a backslide, the assurance is void
    assert float(strong.pi_A) == 0.6 and float(weak.pi_A) == 0.0
    assert float(strong.margin) == pytest.approx((0.8 + 0.36 - 1) * 0.9 - 0.1)
    assert float(weak.margin) == pytest.approx((0.8 - 1) * 0.9 - 0.1)
    assert strong.viable and not weak.viable
    assert float(weak.critical_reimposition.value) == pytest.approx(0.1 / (0.8 * 0.54))
    assert weak.critical_assurance.never and weak.driver_of["backsliding"] == "sanctions"
    # cost-weighted over the lifted bite with aid (re-supplied aid is fully effective)
    mixed = basic(instruments=[Sanctions(0.1, reimposition=0.0), MilitaryAid(0.1, overt=True)])
    assert float(mixed.reimposition) == pytest.approx(0.3 / (0.8 + 0.3))


def test_escalation_hazard_combines_instruments():
    c = basic(instruments=[MilitaryAid(0.1, escalation_risk=0.1, label="a"),
                           MilitaryAid(0.1, escalation_risk=0.2, label="b"), Sanctions(0.1)])
    assert float(c.offramp().escalation_hazard) == pytest.approx(1 - 0.9 * 0.8)


@st.composite
def canonical_campaigns(draw):
    """Default campaigns (no backsliding) with exogenous credibilities, no hazard costs, no deadline
    and no compliance cost, over random batched parameters: several sanctions, reversibility and
    re-imposition effectiveness arbitrary (the latter must not matter)."""
    n_inst = draw(st.integers(1, 3))
    insts = [Sanctions(arr(draw, 0, 0.3), reversibility=arr(draw, 0, 1), reimposition=arr(draw, 0, 1),
                       label=f"s{k}") for k in range(n_inst)]
    if draw(st.booleans()):  # a hazard, but no catastrophe cost: zero hazard cost
        insts.append(MilitaryAid(arr(draw, 0, 0.3), overt=draw(st.booleans()), commitment=0.0,
                                 assurance_loss=0.0, escalation_risk=arr(draw, 0, 0.2), label="aid"))
    horizon = draw(st.one_of(st.none(), st.integers(1, 20)))
    return Campaign({"name": "West", "threat_credibility": arr(draw, 0, 1)}, "Russia", insts,
                    {"concession": arr(draw, 0, 1), "public": draw(st.booleans())},
                    arr(draw, 0, 1), arr(draw, 0.1, 0.95), horizon)


@settings(max_examples=40, deadline=None)
@given(c=canonical_campaigns())
def test_default_campaign_is_the_canonical_game(c):
    """backsliding=False (default): margin = DESIGN.md's (pi_T + pi_A r - 1) s D - x exactly, where
    viable and where not, whatever the re-imposition effectiveness; cp.spe(campaign.game()) agrees."""
    assert not c.backsliding
    o = c.offramp()
    canonical = offramp_margin(c.x, c.s, c.discount, c.coercer.threat_credibility,
                               c.assurance.credibility, c.r, c.horizon)
    np.testing.assert_allclose(o.margin, canonical, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(o.pi_A, np.broadcast_to(c.assurance.credibility, c.batch_shape))
    assert np.all(o.backslide_premium == 0.0)
    np.testing.assert_allclose(o.largest_demand, np.maximum(0.0, canonical + c.x), atol=1e-12)
    # the canonical closed-form critical values
    args = (c.x, c.s, c.discount, c.coercer.threat_credibility, c.assurance.credibility, c.r, c.horizon)
    for got, fn in ((o.critical_assurance, critical_assurance), (o.critical_threat, critical_threat),
                    (o.critical_reversibility, critical_reversibility),
                    (o.critical_punishment, critical_punishment)):
        np.testing.assert_allclose(got.value, fn(*args).value, rtol=1e-12)
    # the game tree: no keep / backslide or re-imposition stage
    g = c.game()
    sol = cp.spe(g)
    assert "root/comply/lift" not in sol.strategy
    clear = np.abs(canonical) > 1e-9
    np.testing.assert_array_equal((sol.strategy["root"]["comply"] > 0.5)[clear], (canonical >= 0)[clear])
    P = c.punishment_pv
    pi_T, pi_A, r = o.pi_T, o.pi_A, o.r
    v = np.maximum(-c.x - (1 - pi_A * r) * P, -pi_T * P)
    np.testing.assert_allclose(sol.value[1][clear], v[clear], atol=1e-12)
    for i in np.flatnonzero(clear & (np.abs(pi_A - 0.5) > 1e-9) & (np.abs(pi_T - 0.5) > 1e-9)):
        assert o.equilibrium_path[i] == " -> ".join(sol.path(index=int(i)))
        assert "keep" not in o.equilibrium_path[i]


def test_default_campaign_canonical_on_a_grid():
    """The brief's example and a grid with viable and closed off-ramps: the default campaign is the
    canonical game; backsliding=True differs only where it should (closed here)."""
    c = Campaign(coercer={"name": "West", "threat_credibility": 0.9}, target="Russia",
                 instruments=[Sanctions(cost_target=0.1, reversibility=0.04)], demand=0.3, assurance=0.8,
                 discount=0.9)
    assert float(c.offramp().margin) == pytest.approx((0.9 + 0.8 * 0.04 - 1) * 0.1 * 9 - 0.3, abs=1e-15)
    assert float(c.replace(backsliding=True).offramp().margin) == pytest.approx((0.9 - 1) * 0.9 - 0.3)
    pi_T = np.linspace(0, 1, 21)[:, None, None]
    pi_A = np.linspace(0, 1, 21)[None, :, None]
    r = np.linspace(0, 1, 11)[None, None, :]
    c = Campaign({"threat_credibility": pi_T}, "Target", [Sanctions(0.1, reversibility=r, reimposition=0.2)],
                 demand=0.3, assurance=pi_A)
    o = c.offramp()
    canonical = offramp_margin(0.3, 0.1, 0.9, pi_T, pi_A, r)
    assert (canonical > 1e-9).any() and (canonical < -1e-9).any() and (~o.deal_holds).any()
    np.testing.assert_allclose(o.margin, canonical, rtol=1e-12, atol=1e-15)
    sol = cp.spe(c.game())
    clear = np.abs(canonical) > 1e-9
    np.testing.assert_array_equal((sol.strategy["root"]["comply"] > 0.5)[clear], (canonical >= 0)[clear])
    bs = c.replace(backsliding=True).offramp()
    assert np.all(bs.margin <= o.margin + 1e-12) and (bs.margin < o.margin - 1e-9).any()
