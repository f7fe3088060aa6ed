"""The seven claims of the coercion issue, each as a model run with the region where it holds.

Every test asserts the claim inside its region AND that it fails (or the
effect vanishes) outside it, so the region is part of the claim.
"""

import numpy as np
import pytest

import compellence as cp
from compellence.coercion.audience import compare_channels
from compellence.coercion.campaign import Campaign
from compellence.coercion.coalitions import Coalition, compare_window
from compellence.coercion.commitment import power_path, shifting_power_assurance
from compellence.coercion.delay import delay_schedule
from compellence.coercion.escalation import cornered, cornered_game
from compellence.coercion.instruments import MilitaryAid, Sanctions
from compellence.coercion.offramp import critical_punishment, offramp_margin


# ---------------------------------------------------------------------------------- claim 1
def test_claim1_irreversible_punishment_closes_the_offramp_however_harsh():
    """Region: pi_T + pi_A r <= 1 (r <= (1 - pi_T) / pi_A) and x > 0 -> closed for every s,
    and harsher punishment only lowers the margin.  Outside it, harsh enough punishment opens it."""
    pi_T, pi_A, x = 0.8, 0.9, 0.2
    cost = np.geomspace(0.001, 1000.0, 61)[:, None]  # up to 10^6 times harsher
    private = np.linspace(0.0, 1.0, 41)[None, :]  # firms that never return
    c = Campaign({"threat_credibility": pi_T}, "Target",
                 [Sanctions(cost, reversibility=1.0, private_share=private)], demand=x, assurance=pi_A)
    o = c.offramp()
    r = (1.0 - private)[0]
    closed = pi_T + pi_A * r <= 1.0
    assert closed.any() and (~closed).any()
    assert not o.viable[:, closed].any()  # however harsh
    assert np.all(np.diff(o.margin[:, closed], axis=0) <= 1e-12)  # harsher -> smaller margin
    assert o.viable[-1, ~closed].all()  # outside the region enough punishment works
    cs = o.critical_punishment_per_period
    np.testing.assert_array_equal(cs.never[0], closed)
    assert np.all(np.isinf(cs.value[0, closed])) and np.all(np.isfinite(cs.value[0, ~closed]))
    # with backsliding (the target may take the concession back after lifting): still closed however
    # harsh, and harsher -> smaller margin except at the step where harsher punishment also makes
    # the threat of re-imposition (pi_T r P) large enough to hold the concession: the promise to
    # lift becomes worth something (pi_A 0 -> 0.9) and the margin can jump, but stays < 0
    b = c.replace(backsliding=True).offramp()
    assert not b.viable[:, closed].any()
    dm = np.diff(b.margin[:, closed], axis=0)
    step = np.diff(b.deal_holds[:, closed].astype(int), axis=0) != 0
    assert np.all(dm[~step] <= 1e-12) and (dm[step] > 0).any()
    assert np.all(np.diff(b.deal_holds.astype(int), axis=0) >= 0)  # harsher: the deal can only start to hold
    assert b.viable[-1, ~closed].all()
    np.testing.assert_array_equal(b.critical_punishment_per_period.never[0], closed)
    # the boundary: r_inf = (1 - pi_T) / pi_A
    assert critical_punishment(x, 1.0, 0.9, pi_T, pi_A, (1 - pi_T) / pi_A - 1e-9).never
    assert not critical_punishment(x, 1.0, 0.9, pi_T, pi_A, (1 - pi_T) / pi_A + 1e-3).never


def test_claim1_with_sticky_sanctions_and_persistent_insurgency():
    base = dict(coercer={"threat_credibility": 0.85}, demand=0.1, assurance=0.9, discount=0.9)
    sticky = [Sanctions(0.2, reversibility=0.6, private_share=0.6, label="sanctions"),
              MilitaryAid(0.2, overt=True, reversibility=0.05, commitment=0.0, assurance_loss=0.0, label="insurgency")]
    harsh = [Sanctions(2.0, reversibility=0.6, private_share=0.6, label="sanctions"),
             MilitaryAid(2.0, overt=True, reversibility=0.05, commitment=0.0, assurance_loss=0.0, label="insurgency")]
    o1, o2 = Campaign(instruments=sticky, **base).offramp(), Campaign(instruments=harsh, **base).offramp()
    assert not o1.viable and not o2.viable and o2.margin < o1.margin
    assert o1.driver_of["irreversibility"] == "insurgency"
    # the same harshness with reversible instruments opens it
    rev = [Sanctions(2.0, reversibility=0.9, label="sanctions"),
           MilitaryAid(2.0, overt=False, reversibility=0.9, label="aid")]
    assert Campaign(instruments=rev, **base).offramp().viable


# ---------------------------------------------------------------------------------- claim 2
def _aid_campaigns(pi_T0, pi_A0, commitment=None):
    common = dict(coercer={"threat_credibility": pi_T0}, demand=0.1, assurance=pi_A0, discount=0.9)
    sanc = Sanctions(0.05, reversibility=0.9, label="sanctions")
    overt = Campaign(instruments=[sanc, MilitaryAid(0.08, overt=True, commitment=commitment, label="aid")], **common)
    covert = Campaign(instruments=[sanc, MilitaryAid(0.08, overt=False, label="aid")], **common)
    return overt, covert


def test_claim2_overt_aid_raises_pressure_but_can_lower_the_margin():
    """Overt aid always raises pi_T and the cost to the target and lowers pi_A and r.  Region:
    with the default commitment effect (0.3) the margin falls for every base credibility; it
    rises only when public commitment closes most of the threat gap (commitment -> 1)."""
    pi_T0 = np.linspace(0.5, 1.0, 26)[:, None]
    pi_A0 = np.linspace(0.0, 1.0, 26)[None, :]
    overt, covert = _aid_campaigns(pi_T0, pi_A0)
    oo, oc = overt.offramp(), covert.offramp()
    assert np.all(oo.effective_threat_credibility >= oc.effective_threat_credibility) and np.all(oo.punishment_per_period > oc.punishment_per_period)
    assert np.all(oo.effective_threat_credibility * oo.punishment_per_period > oc.effective_threat_credibility * oc.punishment_per_period)  # pressure rises everywhere
    assert np.all(oo.effective_assurance_credibility <= oc.effective_assurance_credibility) and np.all(oo.effective_reversibility < oc.effective_reversibility)
    falls = oo.margin < oc.margin
    assert falls[:-1].all()  # everywhere but a fully credible threat with no assurance to lose
    assert (oc.viable & ~oo.viable).any()  # from open to closed while pressure rises
    # where the claim stops: a strong commitment effect
    commitment = np.linspace(0.0, 1.0, 21)[:, None]
    oo2, oc2 = (c.offramp() for c in _aid_campaigns(0.6, pi_A0, commitment))
    falls2 = oo2.margin < oc2.margin
    assert falls2[0].all() and not falls2[-1].any()
    assert np.all(np.diff(falls2.astype(int), axis=0) <= 0)  # monotone boundary in commitment
    # the boundary moves up with the assurance at stake: more to lose, more commitment needed
    first_rise = np.argmax(~falls2, axis=0)
    assert np.all(np.diff(first_rise) >= 0) and first_rise[-1] > first_rise[0]


def test_claim2_with_escalation_risk():
    """Overt aid also raises the per-period escalation hazard (defaults 0.02 overt / 0.005 covert); a
    catastrophe costs the target K_T.  The hazard is pressure that stops on lifting: it enters the
    margin as (pi_T phi + pi_A - 1) Z_T.  Region: the margin still falls (i) for every base
    credibility when K_T is small (<= 1 stake unit here) and (ii) for any K_T wherever the overt
    campaign has pi_T phi + pi_A <= 1; where pi_T phi + pi_A > 1, a large K_T lets overt aid's extra
    risk widen the off-ramp, the more so the larger K_T (Schelling's threat that leaves something to
    chance)."""
    pi_T0 = np.linspace(0.5, 1.0, 26)[:, None, None]
    pi_A0 = np.linspace(0.0, 1.0, 26)[None, :, None]
    KT = np.array([0.0, 0.5, 1.0, 5.0, 10.0, 20.0])[None, None, :]

    def offramps(overt):
        sanc = Sanctions(0.05, reversibility=0.9, label="sanctions")
        return Campaign({"threat_credibility": pi_T0}, {"name": "Target", "catastrophe_cost": KT},
                        [sanc, MilitaryAid(0.08, overt=overt, label="aid")], demand=0.1, assurance=pi_A0,
                        discount=0.9).offramp()

    oo, oc = offramps(True), offramps(False)
    assert np.all(oo.escalation_hazard > oc.escalation_hazard)
    assert np.all(oo.escalation_cost[..., 1:] > oc.escalation_cost[..., 1:])
    falls = oo.margin < oc.margin
    small = KT[0, 0] <= 1.0
    assert falls[:-1][..., small].all()  # (i): the region of the claim without risk is unchanged
    low = (oo.effective_threat_credibility * oo.threat_factor + oo.effective_assurance_credibility <= 1.0)[:-1]
    assert low.any() and falls[:-1][low].all()  # (ii)
    rises = ~falls[:-1] & ~low
    assert not rises[..., small].any() and rises[..., -1].any()
    share = rises.mean(axis=(0, 1))
    assert np.all(np.diff(share[2:]) > 0)  # the larger K_T, the more of the region flips
    # two routes, one answer, at the largest catastrophe cost
    cc = Campaign({"threat_credibility": 0.9}, {"name": "Target", "catastrophe_cost": 20.0},
                  [Sanctions(0.05, reversibility=0.9), MilitaryAid(0.08, overt=True)], 0.1, pi_A0[0, :, 0])
    np.testing.assert_array_equal(cp.spe(cc.game()).strategy["root"]["comply"] > 0.5, cc.offramp().viable)


def test_claim2_endogenous_rollback_cost():
    """With credibility derived from payoffs, overt aid's domestic rollback cost makes backing
    down costlier (threat credible) and lifting costlier (assurance not credible)."""
    coercer = {"weakening_value": 0.2, "audience_cost": 0.0}
    inst = [Sanctions(0.1, cost_coercer=0.03, reversibility=0.8)]
    covert = Campaign(coercer, "Target", inst + [MilitaryAid(0.1, cost_coercer=0.02, overt=False)], 0.1, None)
    overt = Campaign(coercer, "Target", inst + [MilitaryAid(0.1, cost_coercer=0.02, overt=True, rollback=1.0)], 0.1, None)
    assert float(covert.effective_threat_credibility) == 0.0 and float(covert.effective_assurance_credibility) == 1.0
    assert float(overt.effective_threat_credibility) == 1.0 and float(overt.effective_assurance_credibility) == 0.0
    # two routes, one answer
    for c in (covert, overt):
        sol = cp.spe(c.game())
        assert float(sol.strategy["root/comply/compellent"]["lift"]) == float(c.effective_assurance_credibility)
        assert float(sol.strategy["root/resist/compellent"]["punish"]) == float(c.effective_threat_credibility)
    # where it stops: the coercer's own fear of escalation.  Overt aid's hazard (0.02) times a
    # catastrophe cost K_C makes punishing costly and lifting attractive: above
    # K_C* = (w P - C + R) / E the threat is no longer credible and the assurance is again.
    KC = np.linspace(0.0, 15.0, 151)
    scared = Campaign(dict(coercer, catastrophe_cost=KC), "Target",
                      inst + [MilitaryAid(0.1, cost_coercer=0.02, overt=True, rollback=1.0)], 0.1, None)
    E, P, C = (float(np.ravel(v)[0]) for v in (scared.escalation_weight, scared.punishment_pv,
                                                scared.coercer_reversible_cost))
    k_star = (0.2 * P - C + 1.0) / E
    np.testing.assert_array_equal(scared.effective_threat_credibility, (KC <= k_star + 1e-9).astype(float))
    assert scared.effective_assurance_credibility[-1] == 1.0 and scared.effective_threat_credibility[-1] == 0.0


# ---------------------------------------------------------------------------------- claim 3
def test_claim3_unanimous_coalition_has_a_narrower_window():
    """A unanimity coalition whose members disagree on what suffices has a narrower (possibly
    empty) window than one coercer with the same average threshold.  Region: any disagreement
    (spread > 0) or uncertainty (sd > 0); with identical, known thresholds the two coincide."""
    camp = Campaign({"threat_credibility": 0.9}, "Target", [Sanctions(0.1, reversibility=0.9)], 0.3, 1.0)
    o = camp.offramp()
    pi_T, r, s, D = float(o.effective_threat_credibility), float(o.effective_reversibility), float(o.punishment_per_period), float(o.future_weight)
    spread = np.array([0.0, 0.0, 0.05, 0.1, 0.2, 0.35])
    sd = np.array([0.0, 0.05, 0.05, 0.05, 0.05, 0.05])
    coal = Coalition(["US", "EU", "UK"], [0.3 - spread, 0.3 + 0 * spread, 0.3 + spread], [sd] * 3)
    w = compare_window(coal, pi_T, r, s, D)
    assert np.all(w.narrower)
    assert w.coalition.width[0] == pytest.approx(w.single.width[0], abs=1e-6)  # no disagreement
    assert np.all(w.coalition.width[1:] < w.single.width[1:] - 1e-6)
    assert np.all(np.diff(w.coalition.width[1:]) < 0)  # more disagreement, narrower
    assert w.coalition.empty[-1] and not w.single.empty[-1]  # ... down to no off-ramp at all
    # outside the claim: a rule where ANY member can lift (quota 1) is wider, not narrower
    q1 = Coalition(["US", "EU", "UK"], [0.3 - spread, 0.3 + 0 * spread, 0.3 + spread], [sd] * 3, rule="quota", quota=1)
    wq = compare_window(q1, pi_T, r, s, D)
    assert np.all(wq.coalition.width[2:] > wq.single.width[2:])


# ---------------------------------------------------------------------------------- claim 4
def test_claim4_expected_rise_in_power_erodes_assurance():
    """pi_A = Pr(c_A >= p'_A - m_A) with p'_A the coercer's FUTURE power: the more it expects to
    gain, the less the target believes a promise to lift; the off-ramp margin follows.  Region:
    power that rises; with flat power (p_max = p0) nothing erodes.  Threat credibility is unchanged."""
    p_max = np.linspace(0.5, 0.9, 9)
    path = power_path(0.5, p_max, 0.3, 8)
    ap = shifting_power_assurance(path, deal_value=0.2, cost=0.4, cost_sd=0.1)
    pi_A_now = ap.pi_A[:, 0]
    assert np.all(np.diff(pi_A_now) < 0)
    assert np.allclose(ap.pi_T[:, 0], ap.pi_T[0, 0])  # the threat is as credible as before
    flat = shifting_power_assurance(power_path(0.5, 0.5, 0.3, 8), 0.2, 0.4, 0.1)
    assert np.allclose(flat.pi_A, flat.pi_A[..., :1])  # no rise, no erosion
    camp = Campaign({"threat_credibility": float(ap.pi_T[0, 0])}, "Target",
                    [Sanctions(0.1, reversibility=0.9)], 0.1, pi_A_now)
    o = camp.offramp()
    assert np.all(np.diff(o.margin) < 0) and o.viable[0] and not o.viable[-1]
    m = offramp_margin(0.1, 0.1, 0.9, float(ap.pi_T[0, 0]), pi_A_now, 0.9)
    np.testing.assert_allclose(m, o.margin)


# ---------------------------------------------------------------------------------- claim 5
def _delay_campaign(ramp=0.15):
    return Campaign(
        {"threat_credibility": 0.85, "weakening_value": 0.0, "punitive_weakening_value": 3.0, "prob_compellent": 0.9},
        "Target",
        [Sanctions(0.15, cost_coercer=0.02, reversibility=0.9, ramp=ramp)],
        demand=0.1, assurance=None, discount=0.9)


def test_claim5_delaying_demands_has_an_optimal_length():
    """Region: bite that grows while in place (ramp < 1) and silence that is informative
    (q_c > q_p).  The margin peaks at an interior delay and the off-ramp closes past it."""
    ds = delay_schedule(_delay_campaign(), 20, rate_compellent=0.3, rate_punitive=0.0)
    k = int(ds.optimal_delay)
    assert ds.interior and 0 < k < 20
    assert np.all(np.diff(ds.margin[: k + 1]) > 0) and np.all(np.diff(ds.margin[k:]) < 0)
    assert ds.viable[k] and np.isfinite(ds.closes_at) and not ds.viable[int(ds.closes_at):].any()
    # outside the region: full bite at once -> no reason to wait
    assert delay_schedule(_delay_campaign(ramp=1.0), 20, rate_compellent=0.3).optimal_delay == 0
    # uninformative silence -> nothing erodes, waiting never closes the off-ramp
    flat = delay_schedule(_delay_campaign(), 20, rate_compellent=0.2, rate_punitive=0.2)
    assert np.isinf(flat.closes_at) and flat.optimal_delay == 20


# ---------------------------------------------------------------------------------- claim 6
def test_claim6_private_assurances_less_credible_private_demands_less_face():
    """Fearon (1994): the public channel adds the audience cost to the coercer's resolve, so
    private assurances (and threats) are less credible.  Kurizaki (2007): a private demand spares
    the target's face cost.  Region where the private demand is the better one:
    f > (pi_T,pub - pi_T,priv) phi s D (face cost exceeds the credibility gained)."""
    f = np.linspace(0.0, 0.4, 41)
    c = Campaign({"name": "West", "threat_credibility": 0.7, "audience_cost": 0.5, "resolve_sd": 1.0},
                 {"name": "Target", "face_cost": f}, [Sanctions(0.1, reversibility=0.8)],
                 demand={"concession": 0.2, "public": True}, assurance={"credibility": 0.6, "public": True})
    cc = compare_channels(c)
    assert np.all(cc.pi_A[(True, False)] < cc.pi_A[(True, True)])  # private assurance less credible
    assert np.all(cc.face_cost[(False, True)] == 0) and np.all(cc.face_cost[(True, True)] == f)
    gain = (cc.pi_T[(True, True)] - cc.pi_T[(False, True)]) * c.threat_factor * c.punishment_pv
    private_better = cc.margin[(False, True)] > cc.margin[(True, True)]
    np.testing.assert_array_equal(private_better, f > gain + 1e-12)
    assert private_better.any() and (~private_better).any()
    # without audience costs the channels do not differ in credibility
    c0 = c.replace(coercer={"name": "West", "threat_credibility": 0.7, "audience_cost": 0.0})
    cc0 = compare_channels(c0)
    np.testing.assert_allclose(cc0.pi_A[(True, False)], cc0.pi_A[(True, True)])


# ---------------------------------------------------------------------------------- claim 7
def test_claim7_cornered_target_prefers_escalation():
    """Region: no off-ramp (pi_A = 0) and escalating punishment above
    P* = rho C / (pi_T (rho + (1 - rho) b)): the target escalates; below P* it endures; complying is
    never chosen.  With a credible off-ramp the same pressure produces compliance instead."""
    camp = Campaign({"threat_credibility": 0.85}, "Target", [Sanctions(0.1, reversibility=0.9)], 0.2, 0.0)
    o = camp.offramp()
    assert not o.viable  # no off-ramp in the canonical game either
    growth = np.linspace(1.0, 1.1, 21)  # delta * growth < 1 with delta = 0.9
    kw = dict(growth=growth, risk=0.05, backdown=0.2, catastrophe=10.0)
    s, pi_T, r = float(o.punishment_per_period), float(o.effective_threat_credibility), float(o.effective_reversibility)
    no_ramp = cornered(0.2, s, 0.9, pi_T, 0.0, r, **kw)
    assert not (no_ramp.choice == 0).any()  # complying is dominated
    above = no_ramp.punishment > no_ramp.critical_punishment
    assert above.any() and (~above).any()
    np.testing.assert_array_equal(no_ramp.escalates, above)
    with_ramp = cornered(0.2, s, 0.9, pi_T, 0.95, r, **kw)
    assert np.all(with_ramp.choice[above] == 0)  # an off-ramp turns the same pressure into compliance
    # two routes, one answer: the cornered game solved by backward induction
    sol = cp.spe(cornered_game(0.2, s, 0.9, pi_T, 0.0, r, **kw))
    esc = sol.strategy["root"]["escalate"] > 0.5
    np.testing.assert_array_equal(esc, no_ramp.escalates)
