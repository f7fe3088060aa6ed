"""Russia 2022: the seven claims of compellence, walked through on one stylised campaign.

Run:  python examples/russia_2022.py

The base campaign has the same numbers as ``examples/russia_2022.toml`` (the
scenario file the ``compellence`` command reads): Western sanctions
(financial sanctions, export controls) and overt military aid to Ukraine,
with a public demand to withdraw.  Units: the disputed stake is worth 1 to
Russia; costs are per quarter; discount 0.97 per quarter.

ALL NUMBERS ARE ILLUSTRATIVE ASSUMPTIONS, NOT ESTIMATES.  The point is the
mechanism and the parameter region where each claim holds, which every
section prints beside the claim.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

import compellence as cp
from compellence.coercion.audience import compare_channels
from compellence.coercion.campaign import Campaign
from compellence.coercion.coalitions import Coalition, compare_window
from compellence.coercion.commitment import powell_game, power_path, rising_power
from compellence.coercion.delay import DelayedDemand
from compellence.coercion.escalation import cornered, cornered_game
from compellence.coercion.instruments import MilitaryAid, Sanctions, overt_aid_decomposition

pd.set_option("display.width", 120)
pd.set_option("display.precision", 3)

# --------------------------------------------------------------------------- the base campaign
# Same numbers as examples/russia_2022.toml (illustrative, not estimates).
FINANCIAL = Sanctions(
    cost_target=0.03, cost_coercer=0.004, reversibility=0.7, private_share=0.35, ramp=0.5,
    label="financial sanctions",
)
EXPORT = Sanctions(
    cost_target=0.012, cost_coercer=0.002, reversibility=0.6, ramp=0.25, adaptation=0.02,
    label="export controls",
)
AID = MilitaryAid(cost_target=0.03, cost_coercer=0.015, overt=True, label="aid to Ukraine")
COERCER = {"name": "West", "threat_credibility": 0.8, "audience_cost": 0.2}
TARGET = {"name": "Russia", "face_cost": 0.15}


def base(**changes) -> Campaign:
    """The illustrative 2022 campaign (``examples/russia_2022.toml``), with optional changes."""
    args = dict(
        coercer=COERCER,
        target=TARGET,
        instruments=[FINANCIAL, EXPORT, AID],
        demand={"concession": 0.35, "public": True},
        assurance={"credibility": 0.7, "public": True},
        discount=0.97,
        title="Russia 2022 (illustrative)",
    )
    args.update(changes)
    return Campaign(**args)


def section(title: str) -> None:
    print()
    print("=" * 100)
    print(title)
    print("=" * 100)


def show(df: pd.DataFrame) -> None:
    print(df.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


# --------------------------------------------------------------------------- 0: the base case
def base_case() -> None:
    section("The base campaign (illustrative parameters, not estimates)")
    c = base()
    o = c.offramp()
    print(c)
    print(o)
    print("\nCanonical quantities:")
    show(o.to_frame())
    print("\nWhich instrument drives each number:")
    show(o.drivers_frame())
    print({k: str(v) for k, v in o.driver_of.items()})
    sol = cp.spe(c.game())
    print(f"\nGeneric solve of campaign.game(): path {' -> '.join(sol.path())}; "
          f"closed form says {o.decision}; Russia's value {float(sol.value[1]):.3f}")


# --------------------------------------------------------------------------- claim 1
def claim1() -> None:
    section("Claim 1: irreversible punishment costs Russia but buys no compliance")
    o = base().offramp()
    pi_T, pi_A = float(o.effective_threat_credibility), float(o.effective_assurance_credibility)
    k = pi_T * float(o.threat_factor) + pi_A - 1
    print("The irreversible part (1 - r) P -- firms that never return, an insurgency that outlives the aid --\n"
          "is paid on EVERY branch (comply or resist, lift or back down), so it cancels:\n"
          "M = (pi_T phi + pi_A - 1)(r P + Z) - x - cc + L.  Only the reversible part r P is leverage.")
    print(f"Here k = pi_T phi + pi_A - 1 = {pi_T:.2f} + {pi_A:.2f} - 1 = {k:.2f} > 0, so enough reversible "
          "punishment opens the off-ramp; at r = 0 nothing does; where k < 0 harsher punishment closes it.")
    rows = []
    for private in (0.0, 0.35, 0.7, 1.0):
        for aid_rev in (0.3, 0.05):
            fin = dataclasses.replace(FINANCIAL, private_share=private)
            aid = dataclasses.replace(AID, reversibility=aid_rev)
            harsh = np.array([1.0, 3.0, 10.0])
            insts = [dataclasses.replace(i, cost_target=i.cost_target * harsh) for i in (fin, EXPORT, aid)]
            oh = base(instruments=insts).offramp()
            crit = oh.critical_punishment_per_period
            rows.append({
                "firms that never return": private,
                "aid reversibility": aid_rev,
                "r": float(oh.effective_reversibility[0]),
                "irreversible P x1": float(oh.irreversible_pv[0]),
                "margin x1": oh.margin[0],
                "margin x3": oh.margin[1],
                "margin x10": oh.margin[2],
                "harshness needed": float(crit.value[0] / oh.punishment_per_period[0]),
            })
    show(pd.DataFrame(rows))
    print("'harshness needed' = critical punishment_per_period / current s (inf: none opens it).")
    # the mechanism itself: hold the reversible part fixed, add irreversible punishment
    private = np.array([0.0, 0.5, 0.8, 0.95])
    fin = dataclasses.replace(FINANCIAL, cost_target=FINANCIAL.cost_target * (1 - 0.35) / (1 - private),
                              private_share=private)
    oi = base(instruments=[fin, EXPORT, AID]).offramp()
    show(pd.DataFrame({"private share (cost scaled to keep r P fixed)": private,
                       "irreversible P": oi.irreversible_pv, "reversible P": oi.reversible_pv,
                       "margin": oi.margin}))
    print("Same reversible punishment, ever more irreversible punishment: the margin does not move.")


# --------------------------------------------------------------------------- claim 2
def claim2() -> None:
    section("Claim 2: overt versus covert aid at EQUAL volume -- which mechanism moves the margin")
    print("The overt flag sets only five mechanisms (compellence.coercion.instruments.AID_MECHANISMS): speed (ramp),\n"
          "escalation hazard, hands tied in public (commitment -> pi_T), audience cost of rollback (-> pi_A) and\n"
          "persistence (reversibility).  Volume is the same.  Each switched on alone from covert, everything else equal:")
    d = overt_aid_decomposition(base(), "aid to Ukraine")
    print(d)
    show(d.to_frame())
    print("Closed forms (given credibilities, k = pi_T phi + pi_A - 1 under covert aid): hands tied "
          "+phi dpi_T (rP + Z) always raises;\nrollback -dpi_A (rP + Z) always lowers; speed k r_aid dP_aid and "
          "escalation k dZ raise iff k > 0; persistence k dr P_aid lowers iff k > 0.")
    print("\nRegion: overt aid raises the margin iff k_o (rP + Z)_o > k_c (rP + Z)_c.  Over Russia's base assurance:")
    pA = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    dd = overt_aid_decomposition(base(assurance={"credibility": pA, "public": True}), "aid to Ukraine")
    cov = base(assurance={"credibility": pA, "public": True},
               instruments=[FINANCIAL, EXPORT, dataclasses.replace(AID, overt=False)]).offramp()
    show(pd.DataFrame({"base pi_A": pA, "k covert": cov.effective_threat_credibility + cov.effective_assurance_credibility - 1,
                       "margin covert": dd.covert_margin, "margin overt": dd.overt_margin,
                       "hands tied": dd.alone["hands_tied"], "rollback": dd.alone["rollback"],
                       "persistence": dd.alone["persistence"], "speed": dd.alone["speed"],
                       "overt raises it": dd.overt_margin > dd.covert_margin}))
    print("\nWith a catastrophe cost for Russia (K_T = 20) the extra escalation hazard is pressure that lifting ends: "
          "it enters as k dZ.")
    esc = overt_aid_decomposition(base(target=dict(TARGET, catastrophe_cost=20.0),
                                       assurance={"credibility": pA, "public": True}), "aid to Ukraine")
    show(pd.DataFrame({"base pi_A": pA, "escalation alone": esc.alone["escalation"],
                       "margin covert": esc.covert_margin, "margin overt": esc.overt_margin}))


# --------------------------------------------------------------------------- re-imposition
def reimposition() -> None:
    section("Sanctions are strongest at first use: weak re-imposition lets the target backslide after lifting")
    print("The canonical game (default) assumes a lifted concession stands.  Campaign(..., backsliding=True)\n"
          "(scenario files: [demand] backsliding = true) lets Russia take it back after lifting, and the West\n"
          "re-impose with effectiveness e (Schelling 1966; Drezner 1999, Early 2015).")
    e = np.array([1.0, 0.75, 0.5, 0.35, 0.25, 0.1, 0.0])
    insts = [dataclasses.replace(FINANCIAL, reimposition=e), dataclasses.replace(EXPORT, reimposition=e), AID]
    o = base(instruments=insts, backsliding=True).offramp()
    canonical = base(instruments=insts).offramp()
    show(pd.DataFrame({"re-imposition effectiveness e": e, "threat of re-imposition rho (e r P + Z)": o.reimposition_threat,
                       "deal holds (x <= threat)": o.deal_holds, "pi_A": o.effective_assurance_credibility, "margin": o.margin,
                       "margin without backsliding": canonical.margin, "path": o.equilibrium_path}))
    crit = float(base(instruments=[dataclasses.replace(FINANCIAL, reimposition=0.5),
                                   dataclasses.replace(EXPORT, reimposition=0.5), AID],
                      backsliding=True).offramp().critical_reimposition.value)
    print(f"Given credibility: a coercer who knows Russia would backslide does not lift, so the promise is void "
          f"below e* = {crit:.3f} (critical_reimposition; re-supplied aid keeps its full effect).  Without the "
          "switch the margin ignores e (deal_holds and critical_reimposition are then only diagnostics).")
    # derived credibility: the West lifts iff that beats keeping up costly punishment, anticipating backsliding
    endo = base(instruments=insts, assurance={"credibility": None, "public": True},
                coercer=dict(COERCER, weakening_value=0.0, benefit=1.0), backsliding=True)
    oe = endo.offramp()
    show(pd.DataFrame({"e": e, "West's gain from lifting": endo.lift_gain("compellent"), "pi_A (derived)": oe.effective_assurance_credibility,
                       "margin": oe.margin}))
    sol = cp.spe(endo.game())
    print("Derived credibility: lifting loses the concession once Russia would backslide, so the West prefers to "
          "keep punishing and the assurance collapses; the solved game agrees: "
          f"{np.array_equal(sol.strategy['root/comply/compellent']['lift'], oe.effective_assurance_credibility)}.")


# --------------------------------------------------------------------------- claim 3
def claim3() -> None:
    section("Claim 3: a unanimous coalition that disagrees on what suffices has a narrower off-ramp window")
    o = base().offramp()
    pi_T, r = float(o.effective_threat_credibility), float(o.effective_reversibility)
    s, D = float(o.punishment_per_period), float(o.future_weight)
    spread = np.array([0.0, 0.05, 0.1, 0.15, 0.2])
    coal = Coalition(["US", "EU", "UK"], [0.3 - spread, 0.3 + 0 * spread, 0.3 + spread], [np.full(5, 0.03)] * 3)
    w = compare_window(coal, pi_T, r, s, D)
    df = pd.DataFrame({
        "disagreement (spread of thresholds)": spread,
        "coalition window": [f"[{a:.3f}, {b:.3f}]" if not e else "empty" for a, b, e in
                             zip(w.coalition.x_lo, w.coalition.x_hi, w.coalition.empty)],
        "coalition width": w.coalition.width,
        "single coercer window": [f"[{a:.3f}, {b:.3f}]" if not e else "empty" for a, b, e in
                                  zip(w.single.x_lo, w.single.x_hi, w.single.empty)],
        "single width": w.single.width,
    })
    show(df)
    print("Region: narrower whenever members disagree or are uncertain; a rule where any one member can lift "
          "(quota 1) would be wider instead.  Pr(lift | x) replaces pi_A (compellence.coercion.coalitions).")


# --------------------------------------------------------------------------- claim 4
def claim4() -> None:
    section("Claim 4: a rising West -- a weaker promise to lift, a stronger threat, and a Russia that fights now")
    print("Credibility from power (Kydd & McManus 2017): the West's cost of continuing c ~ Normal(0.4, 0.1); it\n"
          "punishes iff c <= power now, keeps the promise to lift iff c >= expected power - deal value (0.2).\n"
          "Russia's chance of winning a war is q = 1 - p; its war cost 0.005 per quarter (Powell's units).")
    p_max = np.array([0.5, 0.6, 0.7, 0.8, 0.9])
    path = power_path(0.5, p_max, 0.3, 8)
    rp = rising_power(path, deal_value=0.2, cost=0.4, cost_sd=0.1, delta=0.97, war_cost=0.005)
    # the campaign at t = 0 with the credibilities the West's power implies (before the aid's effects)
    c = base(coercer={"name": "West", "audience_cost": 0.2}, assurance={"public": True},
             power={"now": 0.5, "expected": rp.future_power[:, 0], "cost": 0.4, "cost_sd": 0.1,
                    "deal_value": 0.2})
    o = c.offramp()
    q0, q1 = rp.target_power[:, 0], rp.target_power[:, 1]
    show(pd.DataFrame({"West's power later": p_max, "expected power p'(0)": rp.future_power[:, 0],
                       "pi_T now": rp.pi_T[:, 0], "pi_A now": rp.pi_A[:, 0],
                       "erosion vs flat": rp.assurance_erosion, "margin (t = 0)": o.margin,
                       "Powell: delta (q0 - q1)": 0.97 * (q0 - q1),
                       "(1 - delta)(1 - q0 + d)": 0.03 * (1 - q0 + 0.005),
                       "Russia fights now": rp.fights_now, "first war": rp.first_war}))
    print("Region: the promise erodes wherever power is expected to rise (flat power: none) and something reversible "
          "is at stake;\nthe threat depends on power now only.  Russia, the declining side, fights now -- whatever "
          "the off-ramp -- iff\ndelta (q0 - q1) > (1 - delta)(1 - q0 + d) (Powell 2006; one shift, the path recursion "
          "in general); it bargains where\nthe decline is slow, war costly or it is impatient.")
    game = cp.spe(powell_game(1.0 - path[-1, :3], 0.97, 0.005, 0.005))
    print(f"Powell's game tree along the fastest path (first 3 quarters), solved generically: {' -> '.join(game.path())}")


# --------------------------------------------------------------------------- claim 5
def _delay_model(ramp, adaptation=0.008, concession=0.1, max_delay=60) -> DelayedDemand:
    """The export controls alone as the delayed punishment (the game takes one bite profile)."""
    c = base(instruments=[dataclasses.replace(EXPORT, ramp=ramp, adaptation=adaptation)],
             coercer={"name": "West", "threat_credibility": 0.8, "audience_cost": 0.2, "prob_compellent": 0.9},
             demand={"concession": concession, "public": True})
    return DelayedDemand.from_campaign(c, max_delay=max_delay)


def claim5() -> None:
    section("Claim 5: a West whose bite grows does best to delay its demand until it would be met")
    print("The delayed-demand game (compellence.coercion.delay): the West's type is private (compellent with prior\n"
          "0.9, punitive otherwise); it picks the date of its demand for its OWN payoff; Russia updates by Bayes.\n"
          "Export controls alone (ramp 0.05 per quarter, adaptation 0.008), concession 0.1.")
    e = _delay_model(0.05).solve()
    print(e)
    rows = []
    for ramp in (0.05, 0.2, 1.0):
        for adaptation in (0.0, 0.008):
            r = _delay_model(ramp, adaptation).solve()
            rows.append({"ramp": ramp, "adaptation": adaptation, "optimal delay": float(r.optimal_delay),
                         "demand met": bool(r.offramp_taken), "opens at": float(r.opens_at),
                         "closes at": float(r.closes_at), "belief at the demand": float(r.belief_at_demand)})
    show(pd.DataFrame(rows))
    print("Region: a positive delay needs bite that grows (ramp < 1) and an immediate demand that would be refused;\n"
          "the dates at which the demand is met close again only if the bite erodes (adaptation > 0).  Silence does not\n"
          "erode Russia's belief at the demand (1 when only the compellent type demands).")


# --------------------------------------------------------------------------- claim 6
def claim6() -> None:
    section("Claim 6: private assurances are less credible than public ones; private demands cost less face")
    c = base()
    cc = compare_channels(c)
    show(cc.to_frame())
    print(f"best channel (demand/assurance): {cc.best}")
    o = c.offramp()
    lev = float(o.reversible_pv + o.escalation_cost)
    gain = float((cc.pi_T[(True, True)] - cc.pi_T[(False, True)]) * o.threat_factor) * lev
    print(f"Only r P + Z = {lev:.3f} hangs on the West's word (the irreversible part is paid on every branch).\n"
          f"Region: a private demand beats a public one iff the face cost f > (pi_T,pub - pi_T,priv) phi (r P + Z) "
          f"= {gain:.3f};\na public assurance beats a private one by (pi_A,pub - pi_A,priv)(r P + Z) wherever the "
          "audience cost a > 0.")
    f = np.linspace(0.0, 0.5, 11)
    cf = compare_channels(base(target={"name": "Russia", "face_cost": f}))
    show(pd.DataFrame({"face cost": f, "margin public demand": cf.margin[(True, True)],
                       "margin private demand": cf.margin[(False, True)], "best": cf.best,
                       "f > threshold": f > gain}))
    c0 = compare_channels(base(coercer=dict(COERCER, audience_cost=0.0)))
    print("Outside the region: with no audience cost (a = 0) the channels are equally credible: "
          f"pi_A public {float(c0.pi_A[(True, True)]):.3f} = private {float(c0.pi_A[(True, False)]):.3f}.")


# --------------------------------------------------------------------------- claim 7
def claim7() -> None:
    section("Claim 7: a cornered target -- no off-ramp, escalating reversible punishment -- escalates")
    o = base().offramp()
    s, pi_T, r = float(o.punishment_per_period), float(o.effective_threat_credibility), float(o.effective_reversibility)
    print("The irreversible floor F = (1 - r) s D is paid on every branch and cancels; the reversible part r s grows\n"
          "by g per quarter while Russia holds out: Q = r s delta / (1 - delta g).  Escalation beats enduring iff\n"
          "Q > Q* = rho C / (pi_T (rho + (1 - rho) b)); complying beats enduring iff M = (pi_T + pi_A - 1) Q - x >= 0.")
    growth = np.array([1.0, 1.01, 1.02, 1.025, 1.03])[:, None]
    pi_A = np.array([0.0, float(o.effective_assurance_credibility), 0.95])[None, :]
    kw = dict(growth=growth, risk=0.05, backdown=0.2, catastrophe=10.0)
    cr = cornered(0.35, s, 0.97, pi_T, pi_A, r, **kw)
    irr = cornered(0.35, s, 0.97, pi_T, 0.0, 0.0, **kw)
    names = np.array(["comply", "endure", "escalate"])
    df = pd.DataFrame({
        "growth": growth[:, 0],
        "Q (reversible, escalating)": cr.punishment[:, 0],
        "no off-ramp (pi_A=0)": names[cr.choice[:, 0]],
        f"base (pi_A={float(o.effective_assurance_credibility):.2f})": names[cr.choice[:, 1]],
        "credible off-ramp (pi_A=0.95)": names[cr.choice[:, 2]],
        "r = 0 (all irreversible)": names[irr.choice[:, 0]],
    })
    show(df)
    print(f"Q* = {float(cr.critical_punishment[0, 0]):.3f}.  Region: without an off-ramp Russia escalates once Q > Q* "
          "and endures below;\nirreversible punishment (r = 0) corners nobody, however harsh; a credible off-ramp turns "
          "the same pressure into compliance.")
    sol = cp.spe(cornered_game(0.35, s, 0.97, pi_T, 0.0, r, growth=1.03, risk=0.05, backdown=0.2, catastrophe=10.0))
    print(f"Generic solve of the cornered game (no off-ramp, growth 1.03): {' -> '.join(sol.path())}")


def main() -> None:
    print(__doc__)
    base_case()
    claim1()
    claim2()
    reimposition()
    claim3()
    claim4()
    claim5()
    claim6()
    claim7()


if __name__ == "__main__":
    main()
