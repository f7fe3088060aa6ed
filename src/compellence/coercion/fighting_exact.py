"""Bargaining while fighting, exact for any number of types: the gap demands with a randomising type.

The model, the payoffs and the restricted (pure-reply) backward induction are in
:mod:`compellence.coercion.fighting`; this module solves the *exact* game, in which a demand that
no pure reply supports is answered by the marginal type randomising (the hybrid equilibria of
finite-type bargaining: Sobel & Takahashi 1983; Fudenberg, Levine & Tirole 1985; Fudenberg &
Tirole 1991, ch. 10).  ``docs/bargaining_while_fighting.md`` ("The exact solver") has the
derivation; in brief:

**The state.**  Types ``0..n-1`` are ordered by resolve.  Write ``pi_i(h) = q_i L_i(h)`` for the
prior times the likelihood of the battle history ``h``.  If every demand is answered by a cutoff
(types below it settle, types above it fight on) with at most the *marginal* type randomising,
then after any history the proposer's belief is::

    mu_i  ∝  pi_i(h) m_i,   m_i = 0 (i < k),   m_k = w in (0, 1],   m_i = 1 (i > k),

with ``k`` the marginal type and ``w`` the share of its prior mass still fighting.  A battle
multiplies ``pi`` by the likelihoods and leaves ``(k, w)`` as it is; a demand changes ``(k, w)``.
So ``(t, h, k, w)`` is an exact state and for each ``(t, h, k)`` the values are functions of
``w in [0, 1]``.  With ``Z(k, w) = w pi_k + sum_{i > k} pi_i`` (the mass still fighting) the
proposer maximises ``G = Z V_P`` (its value times that mass, same ``pi`` for every option).

**The proposer's options at ``(t, h, k, w)``** (``R_i(j, v)``, ``F_i(j, v)``, ``B_i(j, v)``: type
``i``'s reject value, the proposer's value of the battle against type ``i`` and the expected
battles after one battle fought at the post-state ``(j, v)``):

* a *pure cutoff* ``m = k+1..n``: types ``k..m-1`` settle at ``x_m = min(1, 1 - a_S - R_{m-1}(m, 1))``,
  the others fight (post-state ``(m, 1)``; ``m = n`` pools and reads a rejection as the toughest
  type, ``(n-1, 1)``); ``G = (Z(k, w) - Z(m, 1)) x_m + sum_{i >= m} pi_i F_i(m, 1)``;
* *fight*: ``x = 1``, rejected by every remaining type; ``G = sum_i m_i pi_i F_i(k, w)``;
* a *mixed demand* with marginal type ``j >= k`` and post-state ``(j, b)``: types ``k..j-1``
  settle, type ``j`` fights with probability ``sigma`` and the types above fight.  Bayes' rule
  gives the weight after a rejection ``b = w sigma`` (``j = k``) or ``b = sigma`` (``j > k``), i.e.
  ``sigma = b / w`` or ``b``; type ``j`` must be indifferent, ``x = 1 - a_S - R_j(j, b)``; and
  ``G = (Z(k, w) - Z(j, b)) x + b pi_j F_j(j, b) + sum_{i > j} pi_i F_i(j, b)``.

Every ``G`` is linear in ``w`` (slope ``pi_k x``), except fighting, which is the sum over the
battle's outcomes of the next period's ``G`` at the same ``(k, w)``: by induction the proposer's
``G(t, h, k, .)`` is **piecewise linear and convex**, and each type's value is a **step
function** of ``w`` (constant where the proposer's best option is), with steps at the
*breakpoints*: those of the next period's nodes (fighting keeps ``w``) and the crossings of the
options' lines.  ``R_j(j, .)`` is then a step function too, and between two of its steps the mixed
demand's ``G`` is linear in ``b`` (``x`` constant, ``F`` piecewise linear with the same kinks): the
best mixed demands put ``b`` on a step.  There the next proposers are indifferent and may mix,
so ``R_j(j, b)`` takes every value between the continuation worst for type ``j`` (``R^lo``) and
the best (``R^hi``); ``G`` rises with ``x``, so ``x = min(1, 1 - a_S - R^lo)`` (when ``x`` is
capped at 1 the next proposers put weight ``lam`` on the worst continuation, so that
``R_j = -a_S``), provided ``x >= 1 - a_S - R^hi``, the types ``k..j-1`` weakly accept and the
types above ``j`` weakly reject (checked).  Ties between options: the one that settles most,
or, at a post-state of a mixed demand, the one worst (best) for the marginal type.

**The ordering assumption.**  The cutoff structure needs every remaining type to reject whatever
a weaker type rejects, i.e. reject values ``R_i`` non-decreasing in ``i`` at every post-state.
``ordered_by_resolve`` (win probabilities non-decreasing, battle costs non-increasing) makes this
hold for a fixed continuation when the continuation value does not fall after a won battle; it is
not a theorem of the model (the continuation after a win is a different node, with a different
belief), so the solver checks the replies every option relies on and counts the post-states at
which the reject values are out of order (``ordering_violations``); the driver reports such a
result as not complete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ..errors import SolverError

if TYPE_CHECKING:
    from .fighting import BargainingWhileFighting

__all__: list[str] = []

TOL = 1e-12
#: breakpoints are rounded to this many digits (keys of the memo tables)
DIGITS = 13


def first_gap(R: NDArray[np.float64], j: int, aS: float) -> tuple[float, float]:
    """The first interval of demands in ``[0, 1]`` with no pure consistent reply at a node.

    ``R[jc, i]``: type ``i``'s value of rejecting when the proposer then believes types ``>= jc``
    (row ``j`` may hold a partial weight on type ``j``).  Cutoff ``m`` (types ``j..m-1`` settle)
    is the reply to every demand in ``(1 - aS - R[c(m), m], 1 - aS - R[c(m), m - 1]]`` (open below
    for ``m = n``, above for ``m = j``), ``c(m) = min(m, n - 1)``; returns ``(low, high)`` of the
    first part of ``[0, 1]`` that no such interval covers, or ``(1, 1)`` (empty) when every demand
    has one.

    Parameters
    ----------
    R : numpy.ndarray
        Shape ``(n, n)``.
    j : int
        The weakest type still fighting.
    aS : float
        ``a_S``.

    Returns
    -------
    tuple of float
        ``(low, high)``.

    Examples
    --------
    >>> first_gap(np.array([[0.2, 0.3], [0.1, 0.3]]), 0, 0.0)   # every demand has a pure reply
    (1.0, 1.0)
    """
    n = R.shape[1]
    iv = []
    for mm in range(j, n + 1):
        jc = min(mm, n - 1)
        hi = np.inf if mm == j else 1.0 - aS - R[jc, mm - 1]
        lo = -np.inf if mm == n else 1.0 - aS - R[jc, mm]
        if hi > lo:
            iv.append((lo, hi))
    iv.sort()
    reach = -np.inf                      # [0, reach] is covered (closed at the top)
    for lo, hi in iv:
        start = max(reach, 0.0)
        if start >= 1.0:
            break
        if lo > start + 1e-12:
            return float(start), float(min(lo, 1.0))
        reach = max(reach, hi)
    if reach < 1.0 - 1e-12:
        return float(max(reach, 0.0)), 1.0
    return 1.0, 1.0


def _key(w: float) -> float:
    return round(float(w), DIGITS)


class ExactFightingSolver:
    """Backward induction over ``(t, h, k, w)`` (module docstring), memoised; the values of each
    ``(t, h, k)`` are exact functions of ``w`` with the breakpoints of :meth:`breaks`.

    Parameters
    ----------
    m : BargainingWhileFighting
        The model (types ordered by resolve).
    layers : list
        The battle-history layers of the restricted solver (per period: ``k``, ``stat``,
        ``loglik``, ``child``, ``child_k``).

    Examples
    --------
    >>> from compellence.coercion.fighting import BargainingWhileFighting
    >>> m = BargainingWhileFighting(prior=[0.5, 0.4, 0.1], win_probability=[0.27, 0.37, 0.61],
    ...                             war_cost=[0.096, 0.088, 0.035], proposer_war_cost=0.013, states=5,
    ...                             start=3, delta=0.94, horizon=2, s=0.005, r=0.32, pi_A=0.55, pi_T=0.03)
    >>> eq = m.solve()                       # runs this solver: three types, two battles
    >>> eq.mixed_gaps, round(eq.proposer_payoff, 4), round(eq.restricted.proposer_payoff, 4)
    (True, 0.646, 0.6107)
    """

    def __init__(self, m: BargainingWhileFighting, layers: list[Any]) -> None:
        self.m = m
        self.layers = layers
        self.n = m.n_types
        self.T = len(layers)
        self.aS, self.aM, self.rs = m.settlement_sanctions, m.military_sanctions, m.r * m.s
        self.c, self.cP, self.d = np.asarray(m.war_cost, float), float(m.proposer_war_cost), float(m.delta)
        h = m.battlefield_value
        n = self.n
        q = np.asarray(m.prior, float)
        self.pi: list[NDArray[np.float64]] = []        # per layer (H, n): prior x likelihood (normalised)
        self.lik: list[NDArray[np.float64]] = []       # per layer (H, 2, n): P_i(win), P_i(loss)
        self.endT: list[NDArray[np.float64]] = []      # per layer (H, 2): the target's value at a military end
        self.endP: list[NDArray[np.float64]] = []
        for L in layers:
            lg = L.loglik - np.max(np.where(np.isfinite(L.loglik), L.loglik, -np.inf), axis=1, keepdims=True)
            self.pi.append(q[None, :] * np.exp(lg))
            pw = m.win_probability[:, L.k - 1].T
            self.lik.append(np.stack([pw, 1.0 - pw], axis=1))
            self.endT.append(h[L.child_k] - self.aM)
            self.endP.append(1.0 - h[L.child_k])
        # tails S[k] = sum_{i >= k} pi_i per node (k = 0..n)
        self.tail = [np.concatenate([np.cumsum(p[:, ::-1], axis=1)[:, ::-1], np.zeros((p.shape[0], 1))], axis=1)
                     for p in self.pi]
        self._rej: dict[tuple[int, int, int, float, int], tuple[NDArray[np.float64], ...]] = {}
        self._node: dict[tuple[int, int, int, float, int], dict[str, Any]] = {}
        self._breaks: dict[tuple[int, int, int], NDArray[np.float64]] = {}
        self._fb: dict[tuple[int, int, int], NDArray[np.float64]] = {}
        self._pure: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
        self._mixed: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
        self._lines: dict[tuple[int, int, int], tuple[Any, ...]] = {}
        self.ordering_violations = 0
        self._checked: set[tuple[int, int, int, float, int]] = set()
        self.n_types = n

    # ------------------------------------------------------------------ one battle at a post-state
    def rej(self, t: int, hh: int, k: int, w: float, tie: int) -> tuple[NDArray[np.float64], ...]:
        """``(R, F, B)``: every type's value of fighting one battle, the proposer's value of that
        battle against each type, and each type's expected battles, when the proposer then
        believes ``(k, w)`` (``tie``: the next proposers' choice among equally good demands)."""
        key = (t, hh, k, _key(w), tie)
        out = self._rej.get(key)
        if out is not None:
            return out
        L = self.layers[t - 1]
        lik = self.lik[t - 1][hh]                       # (2, n)
        R = -self.c.copy()
        F = np.full(self.n, -self.cP)
        B = np.ones(self.n)
        for o in (0, 1):
            ch = int(L.child[hh, o])
            if ch < 0:
                R += lik[o] * self.endT[t - 1][hh, o]
                F += lik[o] * self.endP[t - 1][hh, o]
            else:
                nd = self.node(t + 1, ch, k, w, tie)
                R += lik[o] * self.d * nd["V"]
                F += lik[o] * self.d * nd["U"]
                B += lik[o] * nd["B"]
        out = (R, F, B)
        self._rej[key] = out
        if key not in self._checked:
            self._checked.add(key)
            if np.any(np.diff(R[k:]) < -1e-9):
                self.ordering_violations += 1
        return out

    # ------------------------------------------------------------------ breakpoints
    def fight_breaks(self, t: int, hh: int, k: int) -> NDArray[np.float64]:
        """The breakpoints in ``(0, 1)`` of the values after a battle at ``(t, h)`` with marginal type
        ``k`` (the union of the next period's breakpoints: a battle does not move ``w``)."""
        key = (t, hh, k)
        out = self._fb.get(key)
        if out is not None:
            return out
        L = self.layers[t - 1]
        parts = [self.breaks(t + 1, int(ch), k) for ch in L.child[hh] if ch >= 0]
        out = np.unique(np.round(np.concatenate(parts), DIGITS)) if parts else np.zeros(0)
        out = out[(out > 0.0) & (out < 1.0)]
        self._fb[key] = out
        return out

    def breaks(self, t: int, hh: int, k: int) -> NDArray[np.float64]:
        """The breakpoints in ``(0, 1)`` of node ``(t, h, k)``: where the proposer's best option
        changes (the types' values are constant between them)."""
        key = (t, hh, k)
        out = self._breaks.get(key)
        if out is not None:
            return out
        fb = self.fight_breaks(t, hh, k)
        pts = np.concatenate([[0.0], fb, [1.0]])
        pik = float(self.pi[t - 1][hh, k])
        glob = [(o["ic"], o["sl"]) for o in self.pure(t, hh, k)]
        glob += [(o["ic"], o["sl"]) for o in self.mixed_at(t, hh, k) if o["j"] > k]
        own = [o for o in self.mixed_at(t, hh, k) if o["j"] == k]
        found = [fb]
        if pik > 0:
            for a, b in zip(pts[:-1], pts[1:], strict=True):
                if b - a < 10.0 ** -DIGITS:
                    continue
                lines = list(glob)
                lines += [(o["ic"], o["sl"]) for o in own if o["b"] <= a + 10.0 ** -DIGITS]
                if self.fight_ok(t, hh, k, 0.5 * (a + b), 0):
                    ga, gb = self.fight_value(t, hh, k, a), self.fight_value(t, hh, k, b)
                    sl = (gb - ga) / (b - a)
                    lines.append((ga - sl * a, sl))
                found.append(_envelope_kinks(lines, a, b))
        out = np.unique(np.round(np.concatenate(found), DIGITS))
        out = out[(out > 0.0) & (out < 1.0)]
        self._breaks[key] = out
        return out

    # ------------------------------------------------------------------ the options
    def fight_ok(self, t: int, hh: int, k: int, w: float, tie: int) -> bool:
        """Every remaining type rejects the demand of everything (``x = 1``) at ``(k, w)``."""
        R = self.rej(t, hh, k, w, tie)[0]
        return bool(np.all(R[k:] > -self.aS + TOL))

    def fight_value(self, t: int, hh: int, k: int, w: float, tie: int = 0) -> float:
        """``G`` of fighting at ``(k, w)``: ``sum_i m_i pi_i F_i(k, w)``."""
        F = self.rej(t, hh, k, w, tie)[1]
        p = self.pi[t - 1][hh]
        return float(w * p[k] * F[k] + np.dot(p[k + 1:], F[k + 1:]))

    def pure(self, t: int, hh: int, k: int) -> list[dict[str, Any]]:
        """The consistent pure cutoffs ``m = k+1..n`` at ``(t, h, k)`` with their lines ``G = ic + sl w``."""
        key = (t, hh, k)
        out = self._pure.get(key)
        if out is not None:
            return out
        n, aS = self.n, self.aS
        p, S = self.pi[t - 1][hh], self.tail[t - 1][hh]
        out = []
        want = np.arange(n)
        for mm in range(k + 1, n + 1):
            jc = min(mm, n - 1)
            best = None
            # the continuation after a rejection: the next proposers' default (tie 0), or, where they
            # are indifferent, the choice worst for the indifferent type m - 1 (a higher demand)
            for tie in (0, 2 * (mm - 1) + 1):
                R, F, B = self.rej(t, hh, jc, 1.0, tie)
                x = min(1.0, 1.0 - aS - float(R[mm - 1]))
                if x < 0.0:
                    continue
                acc = (1.0 - x - aS) >= R - TOL
                if not np.all(acc[k:] == (want < mm)[k:]):
                    continue
                if best is None or x > best[0] + 1e-12:
                    best = (x, tie, R, F, B, acc)
            if best is None:
                continue
            x, tie, R, F, B, acc = best
            zpost = float(S[mm])
            gf = float(np.dot(p[mm:], F[mm:]))
            out.append(dict(kind="pure", m=mm, offer=x, R=R, F=F, B=B, acc=acc, post=(jc, 1.0), tie=tie,
                            ic=(float(S[k + 1]) - zpost) * x + gf, sl=float(p[k]) * x))
        self._pure[key] = out
        return out

    def mixed(self, t: int, hh: int, j: int) -> list[dict[str, Any]]:
        """The mixed demands with marginal type ``j`` at ``(t, h)``: one per breakpoint ``b`` of the
        values after a battle with marginal type ``j`` (posterior weight ``b``), with the demand
        ``x``, the next proposers' weight ``lam`` on the continuation worst for type ``j``, the
        mixed reject values, and ``kmin``: the weakest type that can still be in the game (the
        types ``kmin..j-1`` weakly accept ``x``)."""
        key = (t, hh, j)
        out = self._mixed.get(key)
        if out is not None:
            return out
        aS = self.aS
        p, S = self.pi[t - 1][hh], self.tail[t - 1][hh]
        out = []
        for b in self.fight_breaks(t, hh, j):
            b = float(b)
            lo = self.rej(t, hh, j, b, 2 * j + 1)
            hi = self.rej(t, hh, j, b, 2 * j + 2)
            x = min(1.0, 1.0 - aS - float(lo[0][j]))
            if x < 0.0 or x < 1.0 - aS - float(hi[0][j]) - TOL:
                continue
            gap = float(hi[0][j] - lo[0][j])
            lam = 1.0 if gap <= TOL else min(1.0, max(0.0, (float(hi[0][j]) - (1.0 - x - aS)) / gap))
            R, F, B = (lam * a + (1.0 - lam) * c for a, c in zip(lo, hi, strict=True))
            thr = 1.0 - x - aS
            if np.any(R[j + 1:] < thr - 1e-9):
                continue
            kmin = j
            while kmin > 0 and R[kmin - 1] <= thr + 1e-9:
                kmin -= 1
            zpost = b * float(p[j]) + float(S[j + 1])
            gf = b * float(p[j] * F[j]) + float(np.dot(p[j + 1:], F[j + 1:]))
            out.append(dict(kind="mix", j=j, b=b, offer=x, lam=lam, R=R, F=F, B=B, kmin=kmin, post=(j, b),
                            zpost=zpost, gf=gf))
        self._mixed[key] = out
        return out

    def mixed_at(self, t: int, hh: int, k: int) -> list[dict[str, Any]]:
        """The mixed demands available at ``(t, h, k)`` (marginal type ``j >= k``, ``kmin <= k``) with
        their lines ``G = ic + sl w`` (those with ``j = k`` only for ``w > b``)."""
        p, S = self.pi[t - 1][hh], self.tail[t - 1][hh]
        out = []
        for j in range(k, self.n):
            for o in self.mixed(t, hh, j):
                if o["kmin"] <= k:
                    x = o["offer"]
                    out.append(dict(o, ic=(float(S[k + 1]) - o["zpost"]) * x + o["gf"], sl=float(p[k]) * x))
        return out

    # ------------------------------------------------------------------ the proposer's choice
    def lines(self, t: int, hh: int, k: int) -> tuple[list[dict[str, Any]], NDArray[np.float64], ...]:
        """Every pure and mixed option at ``(t, h, k)`` with its line ``G = ic + sl w`` as arrays, and
        ``lo``: the option exists for ``w > lo`` (``b`` for a mixed demand with ``j = k``, else -1)."""
        key = (t, hh, k)
        out = self._lines.get(key)
        if out is not None:
            return out
        recs = list(self.pure(t, hh, k)) + self.mixed_at(t, hh, k)
        ic = np.array([o["ic"] for o in recs], float)
        sl = np.array([o["sl"] for o in recs], float)
        lo = np.array([o["b"] if o["kind"] == "mix" and o["j"] == k else -1.0 for o in recs], float)
        out = (recs, ic, sl, lo)
        self._lines[key] = out
        return out

    def _candidate(self, o: dict[str, Any], t: int, hh: int, k: int, w: float, G: float
                   ) -> tuple[float, float, NDArray[np.float64], dict[str, Any]]:
        """(G, settled mass, every type's value, the option's record at ``w``) of a pure or mixed option."""
        aS, rs = self.aS, self.rs
        p, S = self.pi[t - 1][hh], self.tail[t - 1][hh]
        x = o["offer"]
        if o["kind"] == "pure":
            acc = o["acc"]
            V = -rs + np.where(acc, 1.0 - x - aS, o["R"])
            U = np.where(acc, x, o["F"])
            Bv = np.where(acc, 0.0, o["B"])
            mass = p.copy()
            mass[:k] = 0.0
            mass[k] *= w
            return (G, float(np.dot(mass, acc)), V,
                    dict(kind="pure", offer=x, reject=(~acc).astype(float), V=V, U=U, B=Bv, post=o["post"],
                         ties=((o["tie"], 1.0),)))
        j, b, Rm, Fm, Bm = o["j"], o["b"], o["R"], o["F"], o["B"]
        thr = 1.0 - x - aS
        sigma = b / w if j == k else b
        acc = thr >= Rm - TOL                 # the types screened out before (i < k) best-respond
        acc[k:j] = True
        acc[j:] = False
        V = -rs + np.where(acc, thr, Rm)
        V[j] = -rs + Rm[j]
        U = np.where(acc, x, Fm)
        U[j] = (1.0 - sigma) * x + sigma * Fm[j]
        Bv = np.where(acc, 0.0, Bm)
        Bv[j] = sigma * Bm[j]
        rej = (~acc).astype(float)
        rej[j] = sigma
        settled = float(S[k + 1]) + w * float(p[k]) - o["zpost"]
        return (G, settled, V, dict(kind="mix", offer=x, reject=rej, V=V, U=U, B=Bv, post=(j, b), lam=o["lam"],
                                    ties=((2 * j + 1, o["lam"]), (2 * j + 2, 1.0 - o["lam"]))))

    def node(self, t: int, hh: int, k: int, w: float, tie: int) -> dict[str, Any]:
        """The proposer's best option at ``(t, h, k, w)`` and every type's values under it.

        ``tie``: among equally good options take the one that settles most (0), or the one worst
        (``2 i + 1``) or best (``2 i + 2``) for type ``i`` (the two ends of the mixture a mixed demand
        one period earlier relies on; the continuation worst for the indifferent type of a pure
        cutoff one period earlier)."""
        key = (t, hh, k, _key(w), tie)
        out = self._node.get(key)
        if out is not None:
            return out
        aS, rs = self.aS, self.rs
        p = self.pi[t - 1][hh]
        recs, ic, sl, lo = self.lines(t, hh, k)
        G = ic + sl * w
        G[lo >= w - 10.0 ** -DIGITS] = -np.inf
        best = float(G.max()) if G.size else -np.inf
        # the fight option's G (continuous in w) and its availability do not depend on the tie: evaluate it
        # with the default continuation first, and with the asked-for one only if fighting is among the best
        R, F, Bf = self.rej(t, hh, k, w, 0)
        if tie != 0:
            gF = float(w * p[k] * F[k] + np.dot(p[k + 1:], F[k + 1:]))
            if not np.all(R[k:] > -aS + TOL) or gF >= max(best, gF) - 1e-12 * max(1.0, abs(max(best, gF))):
                R, F, Bf = self.rej(t, hh, k, w, tie)
        fight = None
        if np.all(R[k:] > -aS + TOL):
            gF = float(w * p[k] * F[k] + np.dot(p[k + 1:], F[k + 1:]))
            best = max(best, gF)
            acc = -aS >= R - TOL                  # types already screened out may accept x = 1
            acc[k:] = False
            V = -rs + np.where(acc, -aS, R)
            fight = (gF, 0.0, V, dict(kind="fight", offer=1.0, reject=(~acc).astype(float), V=V,
                                      U=np.where(acc, 1.0, F), B=np.where(acc, 0.0, Bf), post=(k, w),
                                      ties=((tie, 1.0),)))
        if not np.isfinite(best):
            L = self.layers[t - 1]
            raise SolverError(
                f"no demand with a consistent reply at period {t}, state {int(L.k[hh])}, types >= "
                f"{self.m.types[k]} remaining: the reject values are not ordered by type (win_probability "
                "non-decreasing, war_cost non-increasing from the first type to the last)")
        floor = best - 1e-12 * max(1.0, abs(best))
        tied = [self._candidate(recs[i], t, hh, k, w, float(G[i])) for i in np.nonzero(G >= floor)[0]]
        if fight is not None and fight[0] >= floor:
            tied.append(fight)
        if tie == 0:
            pick = max(tied, key=lambda c_: c_[1])
        elif tie % 2 == 1:       # worst for type (tie - 1) // 2
            pick = min(tied, key=lambda c_: (float(c_[2][(tie - 1) // 2]), -c_[1]))
        else:                    # best for type (tie - 2) // 2
            pick = max(tied, key=lambda c_: (float(c_[2][(tie - 2) // 2]), c_[1]))
        out = dict(pick[3], G=best)
        self._node[key] = out
        return out

    # ------------------------------------------------------------------ the equilibrium path
    def path(self) -> dict[str, Any]:
        """Forward pass from the root ``(1, start, k = 0, w = 1)``: the rows of the result tables and
        the payoffs (every type's value, the proposer's against each type, expected battles)."""
        m, n, aS, K = self.m, self.n, self.aS, self.m.states
        names = m.types
        root = self.node(1, 0, 0, 1.0, 0)
        frontier: dict[tuple[int, int, float, int], list[Any]] = {(0, 0, 1.0, 0): [1.0, np.asarray(m.prior, float)]}
        node_rows: list[dict[str, Any]] = []
        settle_rows: list[dict[str, Any]] = []
        end_rows: list[dict[str, Any]] = []
        for t in range(1, self.T + 1):
            L = self.layers[t - 1]
            nxt: dict[tuple[int, int, float, int], list[Any]] = {}
            for (hh, k, _, tie), (w, mass) in sorted(frontier.items()):
                if mass.sum() <= 1e-15:
                    continue
                nd = self.node(t, hh, k, w, tie)
                rej = np.asarray(nd["reject"], float)
                settled = mass * (1.0 - rej)
                Rm = np.zeros((n, n))
                Rm[k] = self.rej(t, hh, k, w, 0)[0]
                for jc in range(k + 1, n):
                    Rm[jc] = self.rej(t, hh, jc, 1.0, 0)[0]
                glo, ghi = first_gap(Rm, k, aS)
                gap = ghi > glo
                mu = mass / mass.sum()
                row = {"period": t, "state": int(L.k[hh]), "wins": int(L.stat[hh, 0]), "losses": int(L.stat[hh, 1]),
                       "remaining_from": names[k], "reach_probability": float(mass.sum()),
                       "offer": float(nd["offer"]), "settle_probability": float(settled.sum() / mass.sum()),
                       "settling_types": ", ".join(nm for nm, a in zip(names, settled, strict=True) if a > 0),
                       "pure_replies": not gap, "gap_low": glo if gap else 0.0, "gap_high": ghi if gap else 0.0,
                       "mixing": nd["kind"] == "mix"}
                for i, nm in enumerate(names):
                    row[f"belief[{nm}]"] = float(mu[i])
                for i, nm in enumerate(names):
                    row[f"reject_probability[{nm}]"] = float(rej[i])
                node_rows.append(row)
                if settled.sum() > 0:
                    settle_rows.append({"period": t, "state": int(L.k[hh]), "offer": float(nd["offer"]),
                                        "probability": float(settled.sum()),
                                        **{f"probability[{nm}]": float(settled[i]) for i, nm in enumerate(names)}})
                fights = mass * rej
                if fights.sum() <= 0:
                    continue
                kp, wp = nd["post"]
                for o in (0, 1):
                    flow = fights * self.lik[t - 1][hh, o]
                    if flow.sum() <= 0:
                        continue
                    ch = int(L.child[hh, o])
                    if ch < 0:
                        end_rows.append({"period": t, "state": int(L.child_k[hh, o]), "probability": float(flow.sum()),
                                         **{f"probability[{nm}]": float(flow[i]) for i, nm in enumerate(names)}})
                        continue
                    for tc, wgt in nd["ties"]:
                        if wgt <= 0:
                            continue
                        ent = nxt.setdefault((ch, int(kp), _key(wp), int(tc)), [float(wp), np.zeros(n)])
                        ent[1] = ent[1] + wgt * flow
            frontier = nxt
        del K
        return dict(root=root, node_rows=node_rows, settle_rows=settle_rows, end_rows=end_rows,
                    proposer_payoff=float(np.dot(m.prior, root["U"])), ordering_violations=self.ordering_violations)


def _envelope_kinks(lines: list[tuple[float, float]], a: float, b: float) -> NDArray[np.float64]:
    """The points strictly inside ``(a, b)`` where the upper envelope of the lines ``ic + sl w``
    changes line (walk from ``a``: the top line, then the first crossing by a steeper line)."""
    if len(lines) < 2:
        return np.zeros(0)
    arr = np.asarray(lines, float)
    ic, sl = arr[:, 0], arr[:, 1]
    out = []
    z = a
    top = ic + sl * z
    best = float(top.max())
    cur = int(np.argmax(np.where(top >= best - 1e-12 * max(1.0, abs(best)), sl, -np.inf)))
    for _ in range(len(lines)):
        steeper = sl > sl[cur] + 1e-15
        if not np.any(steeper):
            break
        with np.errstate(divide="ignore", invalid="ignore"):
            zz = np.where(steeper, (ic[cur] - ic) / (sl - sl[cur]), np.inf)
        zz = np.where(zz > z, zz, np.where(steeper & (zz <= z), z, np.inf))
        znext = float(zz.min())
        if znext >= b - 10.0 ** -DIGITS:
            break
        cand = np.nonzero(zz <= znext + 1e-15)[0]
        nxt = int(cand[np.argmax(sl[cand])])
        if znext > a + 10.0 ** -DIGITS:
            out.append(znext)
        z, cur = znext, nxt
    return np.asarray(out, float)
