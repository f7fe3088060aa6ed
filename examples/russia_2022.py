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
from compellence.coercion.commitment import power_path, shifting_power_assurance
from compellence.coercion.delay import delay_schedule
from compellence.coercion.escalation import cornered, cornered_game
from compellence.coercion.instruments import MilitaryAid, Sanctions

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
    section("Claim 1: punishment that cannot be reversed shrinks or closes the off-ramp, however harsh")
    o = base().offramp()
    pi_T, pi_A = float(o.effective_threat_credibility), float(o.effective_assurance_credibility)
    print(f"Region: irreversible punishment is paid on every branch, so only r s D is leverage: "
          f"M = (pi_T + pi_A - 1) r s D - x; closed for every level of punishment iff pi_T + pi_A <= 1 "
          f"or r = 0 (here pi_T + pi_A = {pi_T + pi_A:.2f}, pi_T = {pi_T:.2f}, pi_A = {pi_A:.2f}).")
    rows = []
    for private in (0.0, 0.35, 0.7, 1.0):
        for aid_rev in (0.3, 0.05):
            fin = dataclasses.replace(FINANCIAL, private_share=private)
            aid = dataclasses.replace(AID, reversibility=aid_rev)
            harsh = np.array([1.0, 3.0, 10.0, 100.0])
            insts = [dataclasses.replace(i, cost_target=i.cost_target * harsh) for i in (fin, EXPORT, aid)]
            oh = base(instruments=insts).offramp()
            crit = oh.critical_punishment_per_period
            rows.append({
                "firms that never return": private,
                "aid reversibility (insurgency)": aid_rev,
                "r": float(oh.effective_reversibility[0]),
                "margin x1": oh.margin[0],
                "margin x3": oh.margin[1],
                "margin x10": oh.margin[2],
                "margin x100": oh.margin[3],
                "harshness needed": float(crit.value[0] / oh.punishment_per_period[0]),
            })
    show(pd.DataFrame(rows))
    print("'harshness needed' = critical s / current s (inf: no punishment, however harsh, opens it).")


# --------------------------------------------------------------------------- claim 2
def claim2() -> None:
    section("Claim 2: overt aid raises pressure but lowers assurance and reversibility: the margin can fall")
    rows = []
    for overt in (False, True):
        c = base(instruments=[FINANCIAL, EXPORT, dataclasses.replace(AID, overt=overt, reversibility=None,
                                                                      volume=None, ramp=None, commitment=None,
                                                                      assurance_loss=None, rollback=None)])
        o = c.offramp()
        rows.append({"aid": "overt" if overt else "covert", "pi_T": o.effective_threat_credibility, "pi_A": o.effective_assurance_credibility, "r": o.effective_reversibility,
                     "s": o.punishment_per_period, "pressure pi_T*s": o.effective_threat_credibility * o.punishment_per_period, "margin": o.margin})
    show(pd.DataFrame(rows).astype({k: float for k in ("pi_T", "pi_A", "r", "s", "pressure pi_T*s", "margin")}))
    print("\nRegion: the margin falls unless public commitment closes most of the threat gap.")
    commitment = np.linspace(0.0, 1.0, 11)
    out = []
    for pi_A0 in (0.2, 0.5, 0.7, 0.9):
        overt = base(assurance={"credibility": pi_A0, "public": True},
                     instruments=[FINANCIAL, EXPORT, MilitaryAid(0.03, 0.015, overt=True, commitment=commitment,
                                                                 label="aid")]).offramp()
        covert = base(assurance={"credibility": pi_A0, "public": True},
                      instruments=[FINANCIAL, EXPORT, MilitaryAid(0.03, 0.015, overt=False, label="aid")]).offramp()
        rises = overt.margin > covert.margin
        out.append({"base pi_A": pi_A0,
                    "smallest commitment at which overt aid helps": commitment[np.argmax(rises)] if rises.any() else np.inf})
    show(pd.DataFrame(out))
    # escalation risk: overt aid raises the per-period hazard (defaults 0.02 overt / 0.005 covert); a
    # catastrophe costs Russia K_T (stake units).  The hazard is pressure that stops when punishment is
    # lifted, so it enters the margin as (pi_T phi + pi_A - 1) Z_T with Z_T = K_T h/(1-h) S(delta (1-h)).
    print("\nWith escalation risk (overt aid: hazard 0.02 per quarter, covert 0.005), Russia's catastrophe cost K_T:")
    rows = []
    for KT in (0.0, 1.0, 5.0, 20.0):
        for pi_A0 in (0.3, 0.7):
            o = {}
            for overt in (False, True):
                aid = dataclasses.replace(AID, overt=overt, reversibility=None, volume=None, ramp=None,
                                          commitment=None, assurance_loss=None, rollback=None, escalation_risk=None)
                o[overt] = base(target=dict(TARGET, catastrophe_cost=KT),
                                assurance={"credibility": pi_A0, "public": True},
                                instruments=[FINANCIAL, EXPORT, aid]).offramp()
            rows.append({"K_T": KT, "base pi_A": pi_A0, "Z_T covert": float(o[False].escalation_cost),
                         "Z_T overt": float(o[True].escalation_cost),
                         "overt pi_T+pi_A": float(o[True].effective_threat_credibility + o[True].effective_assurance_credibility),
                         "margin covert": float(o[False].margin), "margin overt": float(o[True].margin),
                         "overt lowers the margin": bool(o[True].margin < o[False].margin)})
    show(pd.DataFrame(rows))
    print("Region with escalation risk: the margin still falls wherever the overt campaign has pi_T phi + pi_A <= 1 "
          "(risk then only adds to the cost of being reneged on); where pi_T phi + pi_A > 1 a large catastrophe "
          "cost turns overt aid's extra risk into pressure that lifting removes, and overt aid can widen the off-ramp "
          "(Schelling's threat that leaves something to chance).  tests/test_claims.py asserts both.")


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
    pi_T, r, s, D = float(o.effective_threat_credibility), float(o.effective_reversibility), float(o.punishment_per_period), float(o.future_weight)
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
    section("Claim 4: the stronger the coercer expects to become, the less the target believes a promise to lift")
    p_max = np.array([0.5, 0.6, 0.7, 0.8, 0.9])
    path = power_path(0.5, p_max, 0.3, 8)
    ap = shifting_power_assurance(path, deal_value=0.2, cost=0.4, cost_sd=0.1)
    pi_A_now = ap.pi_A[:, 0]
    o = base(assurance={"credibility": pi_A_now, "public": True}).offramp()
    show(pd.DataFrame({"West's expected future power": p_max, "pi_T now": ap.pi_T[:, 0],
                       "pi_A now": pi_A_now, "pi_A after aid": o.effective_assurance_credibility, "margin": o.margin}))
    print("Region: any expected rise in power (p_max > p0); with flat power nothing erodes; the threat is "
          "unaffected (compellence.coercion.commitment, Kydd & McManus 2017).")


# --------------------------------------------------------------------------- claim 5
def _delay_campaign(ramp: float) -> Campaign:
    insts = [dataclasses.replace(i, ramp=ramp) for i in (FINANCIAL, EXPORT, AID)]
    return base(
        instruments=insts,
        coercer={"name": "West", "threat_credibility": 0.8, "audience_cost": 0.2, "weakening_value": 0.0,
                 "punitive_weakening_value": 2.0, "prob_compellent": 0.9},
        assurance={"public": True, "credibility": None},
        demand={"concession": 0.1, "public": True},
    )


def claim5() -> None:
    section("Claim 5: delaying the demand has an optimal length; past it the off-ramp closes")
    print("Sanctions that build up slowly (ramp 0.05 per quarter); Russia's prior that the West is compellent 0.9;")
    print("a compellent West states its demand with probability 0.1 a quarter, a punitive one never.")
    ds = delay_schedule(_delay_campaign(0.05), 16, rate_compellent=0.1)
    show(ds.to_frame())
    print(ds)
    rows = []
    for ramp in (0.05, 0.1, 0.2, 1.0):
        for qc in (0.05, 0.1, 0.2):
            d = delay_schedule(_delay_campaign(ramp), 40, rate_compellent=qc)
            rows.append({"ramp": ramp, "demand rate (compellent)": qc, "optimal delay": float(d.optimal_delay),
                         "closes at": float(d.closes_at), "best margin": float(d.best_margin)})
    print("\nRegion: an interior optimum needs bite that grows (ramp < 1) and informative silence:")
    show(pd.DataFrame(rows))


# --------------------------------------------------------------------------- claim 6
def claim6() -> None:
    section("Claim 6: private assurances are less credible than public ones; private demands cost less face")
    cc = compare_channels(base())
    show(cc.to_frame())
    print(f"best channel (demand/assurance): {cc.best}")
    f = np.linspace(0.0, 0.5, 11)
    cf = compare_channels(base(target={"name": "Russia", "face_cost": f}))
    print("\nRegion: a private demand beats a public one iff the face cost exceeds the credibility it buys:")
    show(pd.DataFrame({"face cost": f, "margin public demand": cf.margin[(True, True)],
                       "margin private demand": cf.margin[(False, True)], "best": cf.best}))


# --------------------------------------------------------------------------- claim 7
def claim7() -> None:
    section("Claim 7: without any off-ramp, a target facing escalating punishment prefers escalation")
    o = base().offramp()
    growth = np.array([1.0, 1.01, 1.02, 1.025, 1.03])[:, None]  # punishment grows per quarter
    pi_A = np.array([0.0, float(o.effective_assurance_credibility), 0.95])[None, :]  # no off-ramp / the base case / a credible one
    cr = cornered(0.35, float(o.punishment_per_period), 0.97, float(o.effective_threat_credibility), pi_A, float(o.effective_reversibility), growth=growth,
                  risk=0.05, backdown=0.2, catastrophe=10.0)
    names = np.array(["comply", "endure", "escalate"])
    df = pd.DataFrame({
        "growth of punishment": growth[:, 0],
        "P (escalating)": cr.punishment[:, 0],
        "no off-ramp (pi_A=0)": names[cr.choice[:, 0]],
        f"base (pi_A={float(o.effective_assurance_credibility):.2f})": names[cr.choice[:, 1]],
        "credible off-ramp (pi_A=0.95)": names[cr.choice[:, 2]],
    })
    show(df)
    print(f"Region: with no off-ramp complying is dominated and the target escalates once the escalating "
          f"punishment P exceeds P* = rho C / (pi_T (rho + (1 - rho) b)) = {float(cr.critical_punishment[0, 0]):.3f}; "
          "below P* it endures; an off-ramp turns the same pressure into compliance "
          "(compellence.coercion.escalation.cornered; escalation risk 0.05, catastrophe 10, back-down 0.2).")
    sol = cp.spe(cornered_game(0.35, float(o.punishment_per_period), 0.97, float(o.effective_threat_credibility), 0.0, float(o.effective_reversibility), growth=1.03,
                               risk=0.05, backdown=0.2, catastrophe=10.0))
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
