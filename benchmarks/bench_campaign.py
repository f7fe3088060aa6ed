"""Benchmark: the campaign off-ramp over a grid, closed form vs generic solve (coercion issue).

    python benchmarks/bench_campaign.py [--grid 200] [--loop-sample 400] [--speed-grid 1000]
                                        [--reps 7] [--loop-reps 5]

Part 1 (issue 9, "Speed"): ``Campaign(...).offramp().margin`` on a
speed-grid x speed-grid grid against the bare closed form
``offramp_margin`` on the same arrays (the peer), 7 interleaved repeats, for a
one-sanction campaign over assurance credibility x reversibility and for the
three-instrument campaign below (the bare form then gets the campaign's
derived s, pi_T and r, computed outside the timing).  The target is a ratio
within 3x.

Part 2:

A grid x grid sweep of a three-instrument campaign over assurance credibility x
the private (never-reversing) share of sanctions, computed three ways:

* ``Campaign.offramp()`` -- the batched closed form (one call);
* ``cp.spe(campaign.game())`` -- the generic batched backward induction (one call);
* a Python loop building and solving one scalar ``Campaign`` per point (timed on a
  sample and extrapolated), the naive peer.

The issue names no external peer for this layer; the loop is the baseline.  All
three are cross-checked: the comply/resist decision and Russia's value must agree.

Times are CPU seconds of this process (``time.process_time``); each repeat runs
every method once, back to back (same load), and the tables give the median and
the spread [25th, 75th percentile] over ``--reps`` repeats, and ratios as the
median [quartiles] of the per-repeat ratios.
"""

from __future__ import annotations

import argparse

import numpy as np
from _machine import cpu, fmt_spread, print_machine, ratio_spread  # noqa: E402  (the script's folder)

import compellence as cp
from compellence.coercion.campaign import Campaign
from compellence.coercion.instruments import MilitaryAid, Sanctions


def campaign(pi_A, private):
    return Campaign(
        {"name": "West", "threat_credibility": 0.8, "audience_cost": 0.2},
        {"name": "Russia", "face_cost": 0.15},
        [Sanctions(0.03, 0.004, reversibility=0.7, private_share=private, ramp=0.5, label="fin"),
         Sanctions(0.012, 0.002, reversibility=0.6, ramp=0.25, adaptation=0.02, label="exp"),
         MilitaryAid(0.03, 0.015, overt=True, label="aid")],
        demand={"concession": 0.1, "public": True},
        assurance={"credibility": pi_A, "public": True},
        discount=0.97,
    )


def interleaved(fns: dict, reps: int) -> tuple[dict, dict]:
    """CPU seconds of every function in each of ``reps`` repeats (run back to back) and the last results."""
    times: dict = {k: [] for k in fns}
    outs: dict = {}
    for _ in range(reps):
        for k, f in fns.items():
            t, outs[k] = cpu(f)
            times[k].append(t)
    return times, outs


def speed(n: int, reps: int) -> None:
    """Campaign(...).offramp().margin vs offramp_margin on the same n x n arrays."""
    from compellence.coercion.offramp import offramp_margin

    pi_A = np.linspace(0, 1, n)[:, None]
    r = np.linspace(0, 1, n)[None, :]
    rows = []

    def one_campaign():
        return Campaign({"threat_credibility": 0.8}, "T", [Sanctions(0.1, reversibility=r)],
                        demand=0.3, assurance=pi_A, discount=0.9).offramp().margin

    ts, out = interleaved({"bare": lambda: offramp_margin(0.3, 0.1, 0.9, 0.8, pi_A, r),
                           "campaign": one_campaign}, reps)
    assert np.allclose(out["bare"], out["campaign"], rtol=0, atol=1e-12), "campaign and closed form disagree"
    rows.append(("one sanction: assurance x reversibility", ts["bare"], ts["campaign"]))

    private = np.linspace(0, 1, n)[None, :]
    c = campaign(pi_A, private)
    o = c.offramp()
    args = (o.concession, o.punishment_per_period, c.discount, o.effective_threat_credibility,
            o.effective_assurance_credibility, o.effective_reversibility)
    kw = {"compliance_cost": o.compliance_cost, "escalation_cost": o.escalation_cost}
    ts, out = interleaved({"bare": lambda: offramp_margin(*args, **kw),
                           "campaign": lambda: campaign(pi_A, private).offramp().margin}, reps)
    assert np.allclose(out["bare"], out["campaign"], rtol=0, atol=1e-12), "campaign and closed form disagree"
    rows.append(("three instruments: assurance x private share", ts["bare"], ts["campaign"]))

    print(f"{n} x {n} grid: Campaign(...).offramp().margin vs the bare closed form offramp_margin "
          f"(CPU ms, median [q25, q75] of {reps} repeats)")
    print(f"{'case':<46} {'offramp_margin ms':>22} {'Campaign ms':>22} {'Campaign / bare':>20}")
    for name, tb, tc in rows:
        print(f"{name:<46} {fmt_spread(tb, 1e-3):>22} {fmt_spread(tc, 1e-3):>22} {ratio_spread(tb, tc):>20}")
    print()


def main() -> None:
    print_machine()
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", type=int, default=200)
    ap.add_argument("--loop-sample", type=int, default=400)
    ap.add_argument("--speed-grid", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=7, help="repeats of part 1")
    ap.add_argument("--loop-reps", type=int, default=5, help="repeats of part 2")
    args = ap.parse_args()
    speed(args.speed_grid, args.reps)
    n = args.grid
    pi_A = np.linspace(0, 1, n)[:, None]
    private = np.linspace(0, 1, n)[None, :]
    rng = np.random.default_rng(0)
    idx = rng.integers(0, n, size=(args.loop_sample, 2))

    def closed():
        o = campaign(pi_A, private).offramp()
        _ = o.margin, o.viable, o.largest_demand
        return o

    def loop():
        return [float(cp.spe(campaign(float(pi_A[i, 0]), float(private[0, j])).game()).value[1])
                for i, j in idx]

    ts, out = interleaved({"closed": closed, "spe": lambda: cp.spe(campaign(pi_A, private).game()),
                           "loop": loop}, args.loop_reps)
    scale = n * n / args.loop_sample
    ts["loop"] = [t * scale for t in ts["loop"]]
    o, sol, loop_vals = out["closed"], out["spe"], out["loop"]

    comply = sol.strategy["root"]["comply"] > 0.5
    clear = np.abs(o.margin) > 1e-7
    assert np.array_equal(comply[clear], o.viable[clear]), "closed form and spe disagree"
    assert np.allclose(loop_vals, sol.value[1][idx[:, 0], idx[:, 1]]), "loop and batched spe disagree"

    rows = [
        ("closed form Campaign.offramp() (margin, viable, largest_demand)", "closed"),
        ("batched cp.spe(campaign.game())", "spe"),
        (f"loop of scalar solves (extrapolated from {args.loop_sample})", "loop"),
    ]
    print(f"{n} x {n} = {n * n} campaigns (pi_A x private share); viable: {int(o.viable.sum())}; "
          f"CPU s, median [q25, q75] of {args.loop_reps} repeats")
    print(f"{'method':<66} {'seconds':>26} {'loop / method':>22}")
    for name, k in rows:
        print(f"{name:<66} {fmt_spread(ts[k]):>26} {ratio_spread(ts[k], ts['loop']):>22}")

if __name__ == "__main__":
    main()
