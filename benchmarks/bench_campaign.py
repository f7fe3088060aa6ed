"""Benchmark: the campaign off-ramp over a grid, closed form vs generic solve (coercion issue).

    python benchmarks/bench_campaign.py [--grid 200] [--loop-sample 400] [--speed-grid 1000]

Part 1 (issue 9, "Speed"): ``Campaign(...).offramp().margin`` on a
speed-grid x speed-grid grid against the bare closed form
``offramp_margin`` on the same arrays (the peer), best of 7 runs each, for a
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
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from _machine import print_machine  # noqa: E402  (benchmarks/ is the script's folder)

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


def best_of(fn, k: int = 7) -> tuple[float, np.ndarray]:
    times, out = [], None
    for _ in range(k):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def speed(n: int) -> None:
    """Campaign(...).offramp().margin vs offramp_margin on the same n x n arrays."""
    from compellence.coercion.offramp import offramp_margin

    pi_A = np.linspace(0, 1, n)[:, None]
    r = np.linspace(0, 1, n)[None, :]
    rows = []

    def one_campaign():
        return Campaign({"threat_credibility": 0.8}, "T", [Sanctions(0.1, reversibility=r)],
                        demand=0.3, assurance=pi_A, discount=0.9).offramp().margin

    t_bare, m_bare = best_of(lambda: offramp_margin(0.3, 0.1, 0.9, 0.8, pi_A, r))
    t_camp, m_camp = best_of(one_campaign)
    assert np.allclose(m_bare, m_camp, rtol=0, atol=1e-12), "campaign and closed form disagree"
    rows.append(("one sanction: assurance x reversibility", t_bare, t_camp))

    private = np.linspace(0, 1, n)[None, :]
    c = campaign(pi_A, private)
    o = c.offramp()
    args = (o.concession, o.punishment_per_period, c.discount, o.effective_threat_credibility,
            o.effective_assurance_credibility, o.effective_reversibility)
    kw = {"compliance_cost": o.compliance_cost, "escalation_cost": o.escalation_cost}
    t_bare, m_bare = best_of(lambda: offramp_margin(*args, **kw))
    t_camp, m_camp = best_of(lambda: campaign(pi_A, private).offramp().margin)
    assert np.allclose(m_bare, m_camp, rtol=0, atol=1e-12), "campaign and closed form disagree"
    rows.append(("three instruments: assurance x private share", t_bare, t_camp))

    print(f"{n} x {n} grid: Campaign(...).offramp().margin vs the bare closed form offramp_margin")
    print(f"{'case':<48} {'offramp_margin s':>16} {'Campaign s':>11} {'ratio':>7}")
    for name, tb, tc in rows:
        print(f"{name:<48} {tb:>16.4f} {tc:>11.4f} {tc / tb:>6.2f}x")
    print()


def main() -> None:
    print_machine()
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", type=int, default=200)
    ap.add_argument("--loop-sample", type=int, default=400)
    ap.add_argument("--speed-grid", type=int, default=1000)
    args = ap.parse_args()
    speed(args.speed_grid)
    n = args.grid
    pi_A = np.linspace(0, 1, n)[:, None]
    private = np.linspace(0, 1, n)[None, :]

    t0 = time.perf_counter()
    c = campaign(pi_A, private)
    o = c.offramp()
    _ = o.margin, o.viable, o.largest_demand
    t_closed = time.perf_counter() - t0

    t0 = time.perf_counter()
    sol = cp.spe(campaign(pi_A, private).game())
    t_spe = time.perf_counter() - t0

    rng = np.random.default_rng(0)
    idx = rng.integers(0, n, size=(args.loop_sample, 2))
    t0 = time.perf_counter()
    loop_vals = []
    for i, j in idx:
        s = cp.spe(campaign(float(pi_A[i, 0]), float(private[0, j])).game())
        loop_vals.append(float(s.value[1]))
    t_loop = (time.perf_counter() - t0) / args.loop_sample * n * n

    comply = sol.strategy["root"]["comply"] > 0.5
    clear = np.abs(o.margin) > 1e-7
    assert np.array_equal(comply[clear], o.viable[clear]), "closed form and spe disagree"
    assert np.allclose(loop_vals, sol.value[1][idx[:, 0], idx[:, 1]]), "loop and batched spe disagree"

    rows = [
        ("closed form Campaign.offramp() (margin, viable, largest_demand)", t_closed),
        ("batched cp.spe(campaign.game())", t_spe),
        (f"loop of scalar solves (extrapolated from {args.loop_sample})", t_loop),
    ]
    print(f"{n} x {n} = {n * n} campaigns (pi_A x private share); viable: {int(o.viable.sum())}")
    print(f"{'method':<55} {'seconds':>10} {'vs loop':>10}")
    for name, t in rows:
        print(f"{name:<55} {t:>10.4f} {t_loop / t:>9.0f}x")


if __name__ == "__main__":
    main()
