"""The earlier exact solver of bargaining while fighting for two types, kept as a test oracle.

The library solves every number of types with :mod:`compellence.coercion.fighting_exact`
(state: the marginal type and its remaining weight).  This solver works in another
coordinate, ``q = Pr(strong)``, with its own breakpoint construction, so agreement between
the two on two-type models is an independent check.  It misses the tie of every war cost
exactly zero (a proposer indifferent at ``q = 1``), which the library's solver handles; the
tests compare the two with positive war costs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from compellence.coercion.fighting import BargainingWhileFighting, FightingEquilibrium
from compellence.errors import SolverError

_TOL = 1e-12


class TwoTypeMixed:
    """Exact backward induction for two types with the gap demands evaluated, in ``q = Pr(strong)``
    (the solver now uses :mod:`compellence.coercion.fighting_exact` for every number of types; this
    implementation is kept as an independent check that the tests compare it with for two types;
    it misses the tie of every war cost zero described there).  The state is ``(t, k, q)``: period, front-line state and ``q = Pr(strong)`` among the
    types still fighting (``q = 1``: only the strong type is left).  Values are exact functions of ``q``:
    the proposer's value is piecewise linear (convex) and the types' values are step functions; the
    breakpoints of node ``(t, k)`` are computed exactly (:meth:`breaks`), and a gap demand is evaluated at
    every breakpoint of the weak type's reject value, where its value is largest."""

    def __init__(self, m: BargainingWhileFighting) -> None:
        self.m = m
        self.K, self.T = m.states, m.horizon
        self.aS, self.aM, self.rs = m.settlement_sanctions, m.military_sanctions, m.r * m.s
        self.p, self.c, self.cP, self.h, self.d = m.win_probability, m.war_cost, m.proposer_war_cost, \
            m.battlefield_value, m.delta
        self._node: dict[tuple[int, int, float, int], dict[str, Any]] = {}
        self._rej: dict[tuple[int, int, float, int], tuple[Any, ...]] = {}
        self._breaks: dict[tuple[int, int], list[float]] = {}

    # ---- Bayes' rule after a battle outcome o (0: target win, 1: target loss) and its inverse
    def _lik(self, k: int, o: int) -> tuple[float, float]:
        p0, p1 = float(self.p[0, k - 1]), float(self.p[1, k - 1])
        return (p0, p1) if o == 0 else (1.0 - p0, 1.0 - p1)

    def bayes(self, k: int, o: int, q: float) -> float:
        l0, l1 = self._lik(k, o)
        den = q * l1 + (1.0 - q) * l0
        return q if den <= 0 else min(1.0, q * l1 / den)

    def unbayes(self, k: int, o: int, b: float) -> float | None:
        l0, l1 = self._lik(k, o)
        den = b * l0 + (1.0 - b) * l1
        return None if den <= 0 else b * l0 / den

    # ---- fighting one battle with the proposer believing q (types' reject values, proposer's, battles)
    def rej(self, t: int, k: int, q: float, tie: int) -> tuple[Any, ...]:
        key = (t, k, round(q, 13), tie)
        if key in self._rej:
            return self._rej[key]
        R = [-float(self.c[0]), -float(self.c[1])]
        F = [-self.cP, -self.cP]
        B = [1.0, 1.0]
        kids = []
        for o, kk in enumerate((k + 1, k - 1)):
            lik = self._lik(k, o)
            if kk in (0, self.K) or t == self.T:
                for i in (0, 1):
                    R[i] += lik[i] * (self.h[kk] - self.aM)
                    F[i] += lik[i] * (1.0 - self.h[kk])
                kids.append(None)
            else:
                qq = self.bayes(k, o, q)
                nd = self.node(t + 1, kk, qq, tie)
                for i in (0, 1):
                    R[i] += lik[i] * self.d * nd["V"][i]
                    F[i] += lik[i] * self.d * nd["U"][i]
                    B[i] += lik[i] * nd["B"][i]
                kids.append((kk, qq))
        out = (R, F, B, kids)
        self._rej[key] = out
        return out

    def fight_value(self, t: int, k: int, q: float) -> float:
        R, F, _, _ = self.rej(t, k, q, 0)
        return q * F[1] + (1.0 - q) * F[0]

    # ---- the breakpoints (in q) of the continuation after a rejection at (t, k), and of node (t, k)
    def fight_breaks(self, t: int, k: int) -> list[float]:
        out: set[float] = set()
        if t < self.T:
            for o, kk in enumerate((k + 1, k - 1)):
                if kk in (0, self.K):
                    continue
                for b in self.breaks(t + 1, kk):
                    qb = self.unbayes(k, o, b)
                    if qb is not None and 0.0 < qb < 1.0:
                        out.add(round(qb, 13))
        return sorted(out)

    def gap_options(self, t: int, k: int, q: float) -> list[dict[str, Any]]:
        """Every mixed demand available at belief ``q`` (``q < q* < 1``): posterior ``q*``, demand ``x*``,
        the weak type's rejection probability ``sigma``, the weight ``lam`` of the continuation worst for
        the weak type (the next proposer's mixture at ``q*``; 1 unless the demand is capped at 1), and the
        value line ``intercept + slope q``."""
        out: list[dict[str, Any]] = []
        if q <= 0.0:
            return out
        for qs in self.fight_breaks(t, k):
            if qs <= q + 1e-13:
                continue
            lo = self.rej(t, k, qs, 1)
            hi = self.rej(t, k, qs, 2)
            x = min(1.0, 1.0 - self.aS - lo[0][0])
            if x < 0.0 or x < 1.0 - self.aS - hi[0][0] - _TOL:
                continue
            gap = hi[0][0] - lo[0][0]
            lam = 1.0 if gap <= _TOL else min(1.0, max(0.0, (hi[0][0] - (1.0 - self.aS - x)) / gap))
            R = [lam * a + (1.0 - lam) * b for a, b in zip(lo[0], hi[0], strict=True)]
            F = [lam * a + (1.0 - lam) * b for a, b in zip(lo[1], hi[1], strict=True)]
            B = [lam * a + (1.0 - lam) * b for a, b in zip(lo[2], hi[2], strict=True)]
            if R[1] < R[0] - _TOL:
                continue
            W = qs * F[1] + (1.0 - qs) * F[0]
            sigma = q * (1.0 - qs) / ((1.0 - q) * qs) if q < 1 else 0.0
            out.append(dict(post=qs, offer=x, sigma=sigma, lam=lam, R=R, F=F, B=B, intercept=x,
                            slope=(W - x) / qs))
        return out

    def pure_lines(self, t: int, k: int) -> tuple[list[tuple[str, float, float, float]], Any]:
        """Pool and screen: (name, demand, intercept, slope) with a rejection read as the strong type."""
        R1s, F1s, _, _ = self.rej(t, k, 1.0, 0)
        xP = min(1.0, 1.0 - self.aS - R1s[1])
        xS = min(1.0, 1.0 - self.aS - R1s[0])
        lines = []
        if xP >= 0 and 1.0 - xP - self.aS >= R1s[0] - _TOL:
            lines.append(("pool", xP, xP, 0.0))
        if xS >= 0 and R1s[1] > 1.0 - xS - self.aS + _TOL:
            lines.append(("screen", xS, xS, F1s[1] - xS))
        return lines, R1s

    def breaks(self, t: int, k: int) -> list[float]:
        key = (t, k)
        if key in self._breaks:
            return self._breaks[key]
        fb = self.fight_breaks(t, k)
        pts = [0.0, *fb, 1.0]
        pure, _ = self.pure_lines(t, k)
        out = set(fb)
        for a, b in zip(pts[:-1], pts[1:], strict=True):
            if b - a < 1e-12:
                continue
            mid = 0.5 * (a + b)
            lines = [(ic, sl) for _, _, ic, sl in pure]
            if self.rej(t, k, mid, 0)[0][0] > -self.aS + _TOL:
                wa, wb = self.fight_value(t, k, a), self.fight_value(t, k, b)
                lines.append((wa - (wb - wa) / (b - a) * a, (wb - wa) / (b - a)))
            lines += [(g["intercept"], g["slope"]) for g in self.gap_options(t, k, mid) if g["post"] >= b - 1e-13]
            for u in range(len(lines)):
                for v in range(u + 1, len(lines)):
                    ds = lines[u][1] - lines[v][1]
                    if abs(ds) < 1e-15:
                        continue
                    z = (lines[v][0] - lines[u][0]) / ds
                    if a + 1e-13 < z < b - 1e-13:
                        top = max(ic + sl * z for ic, sl in lines)
                        if lines[u][0] + lines[u][1] * z >= top - 1e-11:
                            out.add(round(z, 13))
        res = sorted(out)
        self._breaks[key] = res
        return res

    # ---- the proposer's choice at (t, k, q)
    def node(self, t: int, k: int, q: float, tie: int) -> dict[str, Any]:
        """The proposer's best demand at belief q.  ``tie``: among equally good demands take the one that
        settles most (0), the one worst (1) or best (2) for the weak type (the two ends of the next
        proposer's mixture that a mixed demand one period earlier relies on)."""
        key = (t, k, round(q, 13), tie)
        if key in self._node:
            return self._node[key]
        aS, rs = self.aS, self.rs
        cands = []          # (value, settled mass, weak's value, option dict)
        pure, R1s = self.pure_lines(t, k)
        _, F1s, B1s, _ = self.rej(t, k, 1.0, tie)
        for name, x, ic, sl in pure:
            if name == "screen" and q >= 1.0:
                continue
            strong_rej = name == "screen"
            V = (-rs + 1.0 - x - aS, -rs + (R1s[1] if strong_rej else 1.0 - x - aS))
            U = (x, F1s[1] if strong_rej else x)
            B = (0.0, B1s[1] if strong_rej else 0.0)
            settled = 1.0 if not strong_rej else 1.0 - q
            cands.append((ic + sl * q, settled, V[0], dict(kind=name, offer=x, reject=(0.0, float(strong_rej)),
                                                           post=1.0, tie=tie, V=V, U=U, B=B)))
        Rq, Fq, Bq, _ = self.rej(t, k, q, tie)
        if Rq[0] > -aS + _TOL and Rq[1] > -aS + _TOL or (q >= 1.0 and Rq[1] > -aS + _TOL):
            V = (-rs + Rq[0], -rs + Rq[1])
            cands.append((q * Fq[1] + (1 - q) * Fq[0], 0.0, V[0],
                          dict(kind="fight", offer=1.0, reject=(1.0, 1.0), post=q, tie=tie, V=V, U=tuple(Fq),
                               B=tuple(Bq))))
        if 0.0 < q < 1.0:
            for g in self.gap_options(t, k, q):
                x, sigma, R, F, B = g["offer"], g["sigma"], g["R"], g["F"], g["B"]
                V = (-rs + R[0], -rs + R[1])
                U = ((1.0 - sigma) * x + sigma * F[0], F[1])
                Bm = (sigma * B[0], B[1])
                cands.append((g["intercept"] + g["slope"] * q, (1.0 - q) * (1.0 - sigma), V[0],
                              dict(kind="mix", offer=x, reject=(sigma, 1.0), post=g["post"], tie=1, lam=g["lam"],
                                   V=V, U=U, B=Bm)))
        if not cands:
            raise SolverError(f"no demand with a consistent reply at period {t}, state {k} (the types are not "
                              "ordered by resolve: win_probability non-decreasing, war_cost non-increasing)")
        best = max(c_[0] for c_ in cands)
        tied = [c_ for c_ in cands if c_[0] >= best - 1e-12]
        if tie == 1:
            pick = min(tied, key=lambda c_: (c_[2], -c_[1]))
        elif tie == 2:
            pick = max(tied, key=lambda c_: (c_[2], c_[1]))
        else:
            pick = max(tied, key=lambda c_: c_[1])
        out = dict(pick[3], value=best, q=q)
        self._node[key] = out
        return out

    # ---- the equilibrium path
    def equilibrium(self, restricted: FightingEquilibrium) -> FightingEquilibrium:

        m, K, aS = self.m, self.K, self.aS
        names = m.types
        q0 = float(m.prior[1])
        root = self.node(1, m.start, q0, 0)
        frontier: dict[tuple[int, int, float, int], list[Any]] = {(m.start, round(q0, 13), 0): [q0, m.prior.copy()]}
        node_rows: list[dict[str, Any]] = []
        settle_rows: list[dict[str, Any]] = []
        end_rows: list[dict[str, Any]] = []
        for t in range(1, self.T + 1):
            nxt: dict[tuple[int, int, float, int], list[Any]] = {}
            for (k, _, tie), (q, mass) in sorted(frontier.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
                if mass.sum() <= 1e-15:
                    continue
                nd = self.node(t, k, q, tie)
                rej = np.array(nd["reject"], float)
                settled = mass * (1.0 - rej)
                R0q = self.rej(t, k, q, 0)[0][0]
                R01 = self.rej(t, k, 1.0, 0)[0][0]
                glo, ghi = max(0.0, 1.0 - aS - R01), min(1.0, 1.0 - aS - R0q)
                gap = 0.0 < q < 1.0 and ghi > glo + 1e-12
                row = {"period": t, "state": k, "wins": (t - 1 + k - m.start) // 2,
                       "losses": (t - 1 - k + m.start) // 2, "remaining_from": names[0] if q < 1.0 else names[1],
                       "reach_probability": float(mass.sum()), "offer": float(nd["offer"]),
                       "settle_probability": float(settled.sum() / mass.sum()),
                       "settling_types": ", ".join(nm for nm, a in zip(names, settled, strict=True) if a > 0),
                       "pure_replies": not gap, "gap_low": glo if gap else 0.0, "gap_high": ghi if gap else 0.0,
                       "mixing": nd["kind"] == "mix"}
                for i, nm in enumerate(names):
                    row[f"belief[{nm}]"] = (1.0 - q, q)[i]
                for i, nm in enumerate(names):
                    row[f"reject_probability[{nm}]"] = float(rej[i])
                node_rows.append(row)
                if settled.sum() > 0:
                    settle_rows.append({"period": t, "state": k, "offer": float(nd["offer"]),
                                        "probability": float(settled.sum()),
                                        **{f"probability[{nm}]": float(settled[i]) for i, nm in enumerate(names)}})
                fights = mass * rej
                if fights.sum() <= 0:
                    continue
                post = float(nd["post"])
                ties = [(nd["tie"], 1.0)] if nd["kind"] != "mix" else [(1, nd["lam"]), (2, 1.0 - nd["lam"])]
                for o, kk in enumerate((k + 1, k - 1)):
                    flow = fights * np.array(self._lik(k, o))
                    if flow.sum() <= 0:
                        continue
                    if kk in (0, K) or t == self.T:
                        end_rows.append({"period": t, "state": kk, "probability": float(flow.sum()),
                                         **{f"probability[{nm}]": float(flow[i]) for i, nm in enumerate(names)}})
                        continue
                    qq = self.bayes(k, o, post)
                    for tc, wgt in ties:
                        if wgt <= 0:
                            continue
                        ent = nxt.setdefault((kk, round(qq, 13), tc), [qq, np.zeros(2)])
                        ent[1] = ent[1] + wgt * flow
            frontier = nxt
        nodes = pd.DataFrame(node_rows)
        settle = pd.DataFrame(settle_rows, columns=["period", "state", "offer", "probability",
                                                    *[f"probability[{nm}]" for nm in names]])
        ends = pd.DataFrame(end_rows, columns=["period", "state", "probability",
                                               *[f"probability[{nm}]" for nm in names]])
        ends = ends.groupby(["period", "state"], as_index=False, sort=True).sum() if len(ends) else ends
        if len(ends):
            ends["outcome"] = np.where(ends["state"] == 0, "target defeated",
                                       np.where(ends["state"] == K, "target victorious", "stopped at the horizon"))
        else:
            ends["outcome"] = pd.Series(dtype=str)
        irr = m.irreversible_cost
        return FightingEquilibrium(
            model=m, nodes=nodes, settlements=settle, military_ends=ends,
            proposer_payoff=float(root["value"]), proposer_payoff_by_type=tuple(float(v) for v in root["U"]),
            target_payoff=tuple(float(v) - irr for v in root["V"]),
            expected_battles_by_type=tuple(float(v) for v in root["B"]),
            _policy=restricted._policy, mixed_gaps=True, restricted=restricted)
