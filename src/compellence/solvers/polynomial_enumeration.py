"""All Nash equilibria of small n-player games: support enumeration with a polynomial system per support.

As Gambit's ``enumpoly`` (McKelvey & McLennan 1996, sec. 6; Turocy's
implementation), with a certified root search of our own.

The system of one support profile
---------------------------------
Fix a support ``S_i`` for every player, ``k_i = |S_i|``.  Player j's
mixture on ``S_j`` is parameterised by ``x_j in R^{k_j - 1}``:
``sigma_j = (x_j, 1 - sum x_j)`` (the last support strategy takes the rest).
A profile with these supports is an equilibrium iff (derived by hand from
``regret_i = 0``):

1. indifference: ``f_is(x) = V_is(sigma_-i) - V_{i,last}(sigma_-i) = 0`` for every
   player i and ``s in S_i`` other than its last (``V_is`` = payoff of ``s``
   against the others' mixtures);
2. positivity: every ``sigma_js > 0`` for ``s in S_j``;
3. best reply: no strategy outside ``S_i`` earns more than the support's payoff.

(1) is ``d = sum_i (k_i - 1)`` polynomial equations in ``d`` unknowns.  Each
``V_is`` is a sum over pure profiles of the others of a payoff times one
coordinate of each other player's mixture, and each coordinate is affine in
that player's own ``x_j``, so every ``f`` is *multilinear*: degree at most one
in each scalar unknown.  Hence, on a box, ``f`` (and every entry of its
Jacobian) takes its extreme values at the box's vertices (a multilinear
function is affine along each coordinate direction).

Root search (certified)
-----------------------
Boxes covering ``[-delta, 1 + delta]^d`` are processed in batches:

* exclusion: a box goes if some ``f`` has one strict sign on all its vertices
  (the exact range of a multilinear function), or if some player's ``x_j``
  sum to more than 1 on the whole box;
* Krawczyk test (Krawczyk 1969; Moore 1977): with ``y`` the box's midpoint,
  ``Y = J(y)^{-1}`` and the interval Jacobian ``J(X)`` (exact hull of the
  vertex Jacobians), ``K = y - Y f(y) + (I - Y J(X))(X - y)``.  If ``K`` lies
  in the interior of ``X`` the box holds exactly one root, found by Newton
  from ``y``; if ``K`` misses ``X`` the box holds none;
* otherwise the box is split in two across its widest side.

Completeness: the enumeration is **complete** (``complete=True``: every Nash
equilibrium of the game is listed) when every support system was resolved:
every box excluded or certified to hold one root, within ``max_boxes`` boxes
per support.  That is the case for games whose equilibria are all isolated and
regular (generic games).  A support whose Jacobian is singular at random
points (identically dependent equations: the game is degenerate there, as
with a continuum of equilibria) is skipped, and a support that exhausts the
box budget (a singular root) is left unresolved; both are named in ``notes``
and make ``complete=False``, like Gambit's singular / budget-exceeded support
events.  Floating-point rounding is not controlled by interval arithmetic
(exclusions keep a margin of ``1e-12`` of the normalised payoff range).

Cost: ``prod_i (2^{m_i} - 1)`` support profiles, each with ``2^d`` vertices per
box, so only small games (``max_supports``, ``max_unknowns``).
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass, field
from itertools import combinations, product

import numpy as np

from .global_newton import normalised_payoffs

__all__ = ["enumerate_supports", "SupportEnumeration", "support_profile_count"]

#: Unknowns per support system above which the vertex bounds (2^d points per box) get too costly.
MAX_UNKNOWNS = 12
#: Boxes processed per support before it is declared unresolved (Gambit's max_rectangles).
MAX_BOXES = 20_000
#: Support profiles enumerated at most.
MAX_SUPPORTS = 200_000
_DELTA = 1e-2
_MARGIN = 1e-12
_SPLIT = 0.5 + 1.0 / (2.0 * math.pi * 97.0)  # off-centre split point: roots rarely lie on a split


def support_profile_count(shape: tuple[int, ...]) -> int:
    """``prod_i (2^{m_i} - 1)``: the support profiles of a game of this shape.

    Parameters
    ----------
    shape : tuple of int
        The numbers of strategies ``(m_1, ..., m_n)``.

    Returns
    -------
    int
        The number of support profiles.

    Examples
    --------
    >>> support_profile_count((2, 2)), support_profile_count((3, 3))
    (9, 49)
    """
    return math.prod(2**m - 1 for m in shape)


@dataclass
class SupportEnumeration:
    """Candidate equilibria of every support profile and which supports were not resolved.

    ``profiles`` (candidate mixed profiles, unverified), ``singular`` (support
    profiles skipped as singular), ``unresolved`` (support profiles whose box
    budget ran out), ``supports`` (support profiles examined), ``boxes``
    (boxes processed in all).

    Attributes
    ----------
    profiles : list of tuple of numpy.ndarray
        Candidate mixed profiles (unverified).
    singular : list of tuple
        Support profiles skipped as singular.
    unresolved : list of tuple
        Support profiles whose box budget ran out.
    supports : int
        Support profiles examined.
    boxes : int
        Boxes processed in all.

    Examples
    --------
    >>> import numpy as np
    >>> U = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]])
    >>> out = enumerate_supports(U)
    >>> out.supports, out.complete
    (9, True)
    """

    profiles: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    singular: list[tuple[tuple[int, ...], ...]] = field(default_factory=list)
    unresolved: list[tuple[tuple[int, ...], ...]] = field(default_factory=list)
    supports: int = 0
    boxes: int = 0

    @property
    def complete(self) -> bool:
        return not self.singular and not self.unresolved


class _System:
    """The multilinear indifference system of one support profile (see the module docstring)."""

    def __init__(self, U: np.ndarray, supports: tuple[tuple[int, ...], ...]):
        n = U.shape[0]
        self.n = n
        self.k = [len(s) for s in supports]
        self.free = [kk - 1 for kk in self.k]
        self.off = np.concatenate([[0], np.cumsum(self.free)]).astype(int)
        self.d = int(self.off[-1])
        US = U[(slice(None), *np.ix_(*supports))]
        letters = string.ascii_letters[: n]
        # D_i[a, ...] = U_i(s_a, .) - U_i(s_last, .) over the others' support strategies
        self.eqs = []
        for i in range(n):
            if self.k[i] < 2:
                continue
            Ui = np.moveaxis(US[i], i, 0)
            D = Ui[:-1] - Ui[-1:]
            others = [j for j in range(n) if j != i]
            spec_val = (
                "Y" + "".join(letters[j] for j in others) + ","
                + ",".join("Z" + letters[j] for j in others) + "->ZY"
            )
            jac = {}
            for j in others:
                if self.k[j] < 2:
                    continue
                rest = [m for m in others if m != j]
                spec = (
                    "Y" + "".join(letters[m] for m in others)
                    + "".join("," + "Z" + letters[m] for m in rest)
                    + "->ZY" + letters[j]
                ) if rest else ""
                jac[j] = spec
            self.eqs.append((i, D, others, spec_val, jac))

    def sigmas(self, X: np.ndarray) -> list[np.ndarray]:
        out = []
        for j in range(self.n):
            xj = X[:, self.off[j]:self.off[j + 1]]
            out.append(np.concatenate([xj, 1.0 - xj.sum(axis=1, keepdims=True)], axis=1))
        return out

    def values(self, X: np.ndarray) -> np.ndarray:
        """``f`` at points ``X`` (P, d) -> (P, d)."""
        sig = self.sigmas(X)
        out = np.empty((X.shape[0], self.d))
        for i, D, others, spec, _ in self.eqs:
            out[:, self.off[i]:self.off[i + 1]] = np.einsum(spec, D, *[sig[j] for j in others],
                                                            optimize=True)
        return out

    def jacobian(self, X: np.ndarray) -> np.ndarray:
        """``df/dx`` at points ``X`` (P, d) -> (P, d, d)."""
        sig = self.sigmas(X)
        J = np.zeros((X.shape[0], self.d, self.d))
        for i, D, others, _, jac in self.eqs:
            for j, spec in jac.items():
                rest = [m for m in others if m != j]
                if rest:
                    G = np.einsum(spec, D, *[sig[m] for m in rest], optimize=True)
                else:  # two players: the indifference is linear in the other's mixture
                    G = np.broadcast_to(D, (X.shape[0], *D.shape))
                # d sigma_j,t / d x_j,u = delta_tu - delta_t,last
                J[:, self.off[i]:self.off[i + 1], self.off[j]:self.off[j + 1]] = (
                    G[:, :, :-1] - G[:, :, -1:]
                )
        return J


def _solve_support(sysm: _System, max_boxes: int, rng: np.random.Generator):
    """Certified roots of one support system in ``[-delta, 1 + delta]^d``.

    Returns ``(roots, status, boxes)`` with status ``"ok"``, ``"singular"`` or ``"budget"``.
    """
    d = sysm.d
    if d == 0:
        return [np.zeros(0)], "ok", 0
    probe = rng.uniform(0.05, 0.95, size=(3, d))
    sv = np.linalg.svd(sysm.jacobian(probe), compute_uv=False)
    singular = bool((sv[:, -1] <= 1e-10 * np.maximum(sv[:, 0], 1e-300)).all())
    if singular:
        # dependent equations (e.g. one player's k - 1 indifferences in fewer unknowns): the
        # exclusion test alone, by subdivision, either proves there is no root (the generic case)
        # or the support holds a continuum or singular roots and is skipped as singular
        max_boxes = min(max_boxes, 4000)
    bits = np.array(list(product((0.0, 1.0), repeat=d)))  # (2^d, d)
    lo = np.full((1, d), -_DELTA)
    hi = np.full((1, d), 1.0 + _DELTA)
    roots: list[np.ndarray] = []
    processed = 0
    status = "ok"
    eye = np.eye(d)
    while lo.shape[0]:
        if processed >= max_boxes:
            status = "budget"
            break
        take = min(lo.shape[0], max(1, 4096 // bits.shape[0]) * 8)
        L, Hh, lo, hi = lo[:take], hi[:take], lo[take:], hi[take:]
        processed += take
        B = L.shape[0]
        # a player's free probabilities must leave room for its last strategy
        keep = np.ones(B, bool)
        for j in range(sysm.n):
            if sysm.free[j]:
                keep &= L[:, sysm.off[j]:sysm.off[j + 1]].sum(axis=1) <= 1.0 + _DELTA
        L, Hh = L[keep], Hh[keep]
        if not L.shape[0]:
            continue
        B = L.shape[0]
        V = L[:, None, :] + (Hh - L)[:, None, :] * bits[None]  # (B, 2^d, d)
        F = sysm.values(V.reshape(-1, d)).reshape(B, -1, d)
        fmin, fmax = F.min(axis=1), F.max(axis=1)
        keep = ~((fmin > _MARGIN) | (fmax < -_MARGIN)).any(axis=1)
        L, Hh = L[keep], Hh[keep]
        if not L.shape[0]:
            continue
        B = L.shape[0]
        V = L[:, None, :] + (Hh - L)[:, None, :] * bits[None]
        JV = sysm.jacobian(V.reshape(-1, d)).reshape(B, -1, d, d)
        Jlo, Jhi = JV.min(axis=1), JV.max(axis=1)
        y = 0.5 * (L + Hh)
        fy = sysm.values(y)
        Jy = sysm.jacobian(y)
        det_ok = np.abs(np.linalg.det(Jy)) > 1e-14
        Y = np.zeros_like(Jy)
        if det_ok.any():
            Y[det_ok] = np.linalg.inv(Jy[det_ok])
        Jc, Jr = 0.5 * (Jlo + Jhi), 0.5 * (Jhi - Jlo)
        M = eye[None] - Y @ Jc
        Mr = np.abs(M) + np.abs(Y) @ Jr
        r = 0.5 * (Hh - L)
        c = y - np.einsum("bij,bj->bi", Y, fy)
        rad = np.einsum("bij,bj->bi", Mr, r)
        Klo, Khi = c - rad, c + rad
        if singular:
            det_ok[:] = False
        inside = det_ok & ((Klo > L) & (Khi < Hh)).all(axis=1)
        empty = det_ok & ((Khi < L) | (Klo > Hh)).any(axis=1)
        for b in np.flatnonzero(inside):
            root = _newton(sysm, y[b], L[b], Hh[b])
            if root is not None:
                roots.append(root)
        split = ~(inside | empty)
        if split.any():
            Ls, Hs = L[split], Hh[split]
            w = Hs - Ls
            if (w.max(axis=1) < (1e-8 if singular else 1e-10)).any():
                status = "budget"
                break
            ax = np.argmax(w, axis=1)
            rows = np.arange(Ls.shape[0])
            mid = Ls[rows, ax] + _SPLIT * w[rows, ax]
            L1, H1 = Ls.copy(), Hs.copy()
            H1[rows, ax] = mid
            L2, H2 = Ls.copy(), Hs.copy()
            L2[rows, ax] = mid
            lo = np.concatenate([lo, L1, L2])
            hi = np.concatenate([hi, H1, H2])
    if singular and (status != "ok" or roots):
        return [], "singular", processed
    return roots, status, processed


def _newton(sysm: _System, y: np.ndarray, L: np.ndarray, H: np.ndarray) -> np.ndarray | None:
    x = y.copy()
    for _ in range(60):
        f = sysm.values(x[None])[0]
        if float(np.max(np.abs(f))) < 1e-14:
            break
        try:
            x = x - np.linalg.solve(sysm.jacobian(x[None])[0], f)
        except np.linalg.LinAlgError:
            return None
    f = sysm.values(x[None])[0]
    if float(np.max(np.abs(f))) > 1e-10:
        return None
    return x


def enumerate_supports(
    payoffs: np.ndarray,
    *,
    max_boxes: int = MAX_BOXES,
    seed: int = 0,
) -> SupportEnumeration:
    """Candidate equilibria of every support profile of the game ``payoffs`` (n, m_1, ..., m_n).

    Candidates have every support probability above ``-1e-9`` and are
    unverified: :func:`compellence.solvers.nash.nash` checks their regret (the
    best-reply condition 3 of the module docstring).

    Parameters
    ----------
    payoffs : numpy.ndarray
        The payoff array ``(n, m_1, ..., m_n)``.
    max_boxes : int
        The subdivision budget per support profile.
    seed : int
        Seed of the random generator used by the root search.

    Returns
    -------
    SupportEnumeration
        The candidates and the supports not resolved.

    Examples
    --------
    >>> import numpy as np
    >>> U = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]])  # matching pennies
    >>> out = enumerate_supports(U)
    >>> [[p.tolist() for p in prof] for prof in out.profiles][-1]  # the candidate that is Nash
    [[0.5, 0.5], [0.5, 0.5]]
    >>> len(out.profiles), out.unresolved
    (5, [])
    """
    U = normalised_payoffs(payoffs)
    n = U.shape[0]
    shape = U.shape[1:]
    per_player = [
        [c for k in range(1, m + 1) for c in combinations(range(m), k)] for m in shape
    ]
    rng = np.random.default_rng(seed)
    out = SupportEnumeration()
    for supports in product(*per_player):
        out.supports += 1
        sysm = _System(U, supports)
        roots, status, boxes = _solve_support(sysm, max_boxes, rng)
        out.boxes += boxes
        if status == "singular":
            out.singular.append(supports)
        elif status == "budget":
            out.unresolved.append(supports)
        for x in roots:
            sig = sysm.sigmas(x[None])
            if min(float(s.min()) for s in sig) < -1e-9:
                continue
            prof = []
            for j in range(n):
                full = np.zeros(shape[j])
                full[list(supports[j])] = np.maximum(sig[j][0], 0.0)
                prof.append(full / full.sum())
            out.profiles.append(tuple(prof))
    return out


def enumpoly_equilibria(game, tol: float, max_boxes: int = MAX_BOXES):
    """``nash(game, method="enumpoly")``: every equilibrium of a small game, regret-verified.

    ``complete`` is True exactly when every support system was resolved (module
    docstring); the unresolved and singular support profiles are named in ``notes``.
    """
    from ..errors import UnsupportedGameError
    from .equilibria import Collector, NashEquilibria

    count = support_profile_count(game.shape)
    if count > MAX_SUPPORTS:
        raise UnsupportedGameError(
            f"method='enumpoly' on a {' x '.join(map(str, game.shape))} game examines {count:,} "
            f"support profiles (limit {MAX_SUPPORTS:,}); use method='gnm' for some equilibria, or "
            "remove dominated strategies first"
        )
    d = sum(m - 1 for m in game.shape)
    if d > MAX_UNKNOWNS:
        raise UnsupportedGameError(
            f"method='enumpoly' on a {' x '.join(map(str, game.shape))} game solves polynomial "
            f"systems in up to {d} unknowns (limit {MAX_UNKNOWNS}: the root search bounds each "
            "box by its 2^d vertices); use method='gnm' for some equilibria"
        )
    res = enumerate_supports(game.payoffs, max_boxes=max_boxes)
    col = Collector(game, tol, "enumpoly")
    for prof in res.profiles:
        col.add(prof)

    def name(sup):
        return "(" + "; ".join(
            ",".join(game.strategies[i][k] for k in s) for i, s in enumerate(sup)
        ) + ")"

    notes = []
    if res.singular:
        notes.append(
            f"{len(res.singular)} support profiles have singular systems (the game is degenerate "
            "there: a continuum of equilibria or a singular one may lie on them) and were "
            "skipped: " + ", ".join(name(s) for s in res.singular[:10])
            + (" ..." if len(res.singular) > 10 else "")
        )
    if res.unresolved:
        notes.append(
            f"{len(res.unresolved)} support profiles exhausted the box budget ({max_boxes:,}) "
            "without being resolved: " + ", ".join(name(s) for s in res.unresolved[:10])
        )
    if col.rejected:
        notes.append(f"{col.rejected} support solutions had a better reply outside the support "
                     "and were dropped")
    return NashEquilibria(
        game, col.sorted(), "enumpoly", tol, complete=res.complete,
        degenerate=True if res.singular else None, notes=tuple(notes),
        info={"supports": res.supports, "boxes": res.boxes, "rejected": col.rejected,
              "singular_supports": tuple(res.singular),
              "unresolved_supports": tuple(res.unresolved)},
    )
