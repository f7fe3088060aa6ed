"""Mixed Nash equilibria of n-player normal-form games by the global Newton method.

Govindan & Wilson (2003), "A global Newton method to compute Nash equilibria",
*Journal of Economic Theory* 110, 65-86; the homeomorphism is Kohlberg &
Mertens (1986, Theorem 1).  Gambit's ``gnm`` implements the same method.

The structure theorem
---------------------
Perturb the game by a payoff bonus ``lambda g_is`` to player ``i`` for playing
pure strategy ``s`` (whatever the others do).  With ``V_is(sigma)`` the payoff
of ``s`` against ``sigma_-i``, put ``z = sigma + V(sigma) + lambda g`` and let
``r(z)`` be the Euclidean projection of each player's block of ``z`` onto that
player's simplex: ``r_is(z) = max(z_is - v_i, 0)`` with ``v_i`` fixed by
``sum_s r_is = 1``.  Then (derived by hand from the projection):

* ``r_is > 0``  =>  ``V_is + lambda g_is = v_i``  (indifference on the support),
* ``r_is = 0``  =>  ``V_is + lambda g_is <= v_i``  (no better reply outside it),

so ``sigma = r(z)`` is a Nash equilibrium of the perturbed game iff

    H(z, lambda) = z - r(z) - V(r(z)) - lambda g = 0,

and ``v_i`` is player i's equilibrium payoff.  For a generic ``g`` the zero set
of ``H`` over ``(z, lambda)`` is a one-dimensional manifold; the branch that
starts at large ``lambda`` (where the pure profile ``argmax g`` is strictly
dominant, hence the unique equilibrium) ends at ``lambda -> -infinity`` (where
``argmin g`` is), so it crosses ``lambda = 0`` an odd number of times: each
crossing is an equilibrium of the game.

Path following
--------------
Predictor-corrector continuation in ``(z, lambda)``: the tangent is the null
vector of the ``N x (N + 1)`` Jacobian ``[I - (I + DV) P, -g]`` (``P`` the
block projection ``delta_st - 1/|S_i|`` on the current supports ``S_i``,
``DV_ij`` the payoffs of pairs of pure strategies against the rest), oriented
so that ``det [J; t']`` keeps its sign (the orientation of the homotopy, which
lets the path turn back in ``lambda``); the corrector is Newton with the
Moore-Penrose inverse.  ``H`` is piecewise smooth (``r`` is piecewise linear),
and the step is halved whenever the corrector does not converge, so support
changes are crossed in small steps.  At each sign change of ``lambda`` the
equilibrium is pinned down by Newton on ``H(z, 0) = 0``.

Why this method (and not simplicial subdivision): the path is followed with
Newton corrections, so every equilibrium comes out to ~1e-13 accuracy without
grid refinement, one path yields several equilibria, and the Jacobian blocks
are the same multilinear contractions the polynomial enumeration
(:mod:`.polynomial_enumeration`) uses.

Limits: it finds *some* equilibria (those on one path; different ``seed``
values give different paths), never provably all; the path is generic only for
a generic ``g`` (a random ``g`` is drawn from ``seed``); on degenerate games
(continua of equilibria, bifurcations) the corrector can fail, which is
reported in ``notes`` and ``info`` rather than returned as an equilibrium.
Every returned profile has passed the regret check of :func:`.nash.nash`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: |lambda| below which the path counts as lying in the unperturbed game (normalised payoffs).
_BAND = 1e-10
#: Steps along lambda = 0 after which the path is stopped (it follows a continuum of equilibria).
_MAX_BAND_STEPS = 200

__all__ = ["gnm_path", "GNMPath", "normalised_payoffs", "strategy_values", "payoff_jacobian"]


def normalised_payoffs(U: np.ndarray) -> np.ndarray:
    """``(u_i - min u_i) / (max u_i - min u_i)`` per player (a constant player stays 0).

    A positive affine map of each player's payoffs leaves the equilibria unchanged,
    and puts every player's payoff range at 1 (the scale of the path's tolerances).

    Parameters
    ----------
    U : numpy.ndarray
        The payoff array ``(n, m_1, ..., m_n)``.

    Returns
    -------
    numpy.ndarray
        The normalised payoffs, same shape, each player's in ``[0, 1]``.

    Examples
    --------
    >>> import numpy as np
    >>> U = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]])  # matching pennies
    >>> normalised_payoffs(U)[0].tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    U = np.asarray(U, dtype=float)
    n = U.shape[0]
    flat = U.reshape(n, -1)
    lo = flat.min(axis=1)
    rng = flat.max(axis=1) - lo
    rng = np.where(rng > 0, rng, 1.0)
    return (U - lo.reshape((n,) + (1,) * (U.ndim - 1))) / rng.reshape((n,) + (1,) * (U.ndim - 1))


def _contract_except(T: np.ndarray, sig: list[np.ndarray], keep: tuple[int, ...]) -> np.ndarray:
    """Contract tensor ``T`` (one axis per player) with ``sig[ax]`` on every axis not in ``keep``."""
    for ax in range(T.ndim - 1, -1, -1):
        if ax not in keep:
            T = np.tensordot(T, sig[ax], axes=([ax], [0]))
    return T


def strategy_values(U: np.ndarray, sig: list[np.ndarray]) -> list[np.ndarray]:
    """``V_i(sigma)``: payoff of each pure strategy of player ``i`` against ``sigma_-i``.

    Parameters
    ----------
    U : numpy.ndarray
        The payoff array ``(n, m_1, ..., m_n)``.
    sig : list of numpy.ndarray
        Per player, a mixed strategy.

    Returns
    -------
    list of numpy.ndarray
        Per player ``i``, the ``m_i`` values ``V_i``.

    Examples
    --------
    >>> import numpy as np
    >>> U = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]])  # matching pennies
    >>> [v.tolist() for v in strategy_values(U, [np.array([0.5, 0.5]), np.array([1.0, 0.0])])]
    [[1.0, -1.0], [0.0, 0.0]]
    """
    return [_contract_except(U[i], sig, (i,)) for i in range(U.shape[0])]


def payoff_jacobian(U: np.ndarray, sig: list[np.ndarray], offsets: np.ndarray) -> np.ndarray:
    """``DV``: ``d V_is / d sigma_jt`` as one ``N x N`` matrix (zero blocks for ``j = i``).

    Block ``(i, j)`` is player i's payoff to ``(s, t)`` against the others' mixtures.

    Parameters
    ----------
    U : numpy.ndarray
        The payoff array ``(n, m_1, ..., m_n)``.
    sig : list of numpy.ndarray
        Per player, a mixed strategy.
    offsets : numpy.ndarray
        Cumulative strategy counts ``[0, m_1, m_1 + m_2, ...]`` (length ``n + 1``).

    Returns
    -------
    numpy.ndarray
        The ``N x N`` Jacobian, ``N = sum m_i``.

    Examples
    --------
    >>> import numpy as np
    >>> U = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]])  # matching pennies
    >>> sig = [np.array([0.5, 0.5]), np.array([1.0, 0.0])]
    >>> payoff_jacobian(U, sig, np.array([0, 2, 4])).tolist()
    [[0.0, 0.0, 1.0, -1.0], [0.0, 0.0, -1.0, 1.0], [-1.0, 1.0, 0.0, 0.0], [1.0, -1.0, 0.0, 0.0]]
    """
    n = U.shape[0]
    N = int(offsets[-1])
    D = np.zeros((N, N))
    for i in range(n):
        for j in range(n):
            if j == i:
                continue
            blk = _contract_except(U[i], sig, tuple(sorted((i, j))))
            if j < i:
                blk = blk.T
            D[offsets[i]:offsets[i + 1], offsets[j]:offsets[j + 1]] = blk
    return D


def _retract(z: np.ndarray, offsets: np.ndarray):
    """Projection of each player's block onto its simplex; returns ``(sigma, v, support mask)``.

    All players at once on a padded ``(n, max m)`` array (Held, Wolfe & Crowder 1974: sort
    descending, ``v = (sum of the top rho - 1) / rho`` for the largest feasible ``rho``).
    """
    n = len(offsets) - 1
    sizes = np.diff(offsets)
    mmax = int(sizes.max())
    pad = np.full((n, mmax), -np.inf)
    col = np.arange(offsets[-1]) - np.repeat(offsets[:-1], sizes)
    row = np.repeat(np.arange(n), sizes)
    pad[row, col] = z
    srt = -np.sort(-pad, axis=1)
    css = np.cumsum(np.where(np.isfinite(srt), srt, 0.0), axis=1) - 1.0
    k = np.arange(1, mmax + 1)
    ok = (srt - css / k > 0) & np.isfinite(srt)
    rho = mmax - 1 - np.argmax(ok[:, ::-1], axis=1)
    v = css[np.arange(n), rho] / (rho + 1)
    sig = np.maximum(z - np.repeat(v, sizes), 0.0)
    return sig, v, sig > 0


class _Contractions:
    """Payoff matrices reshaped once so that ``V`` and ``DV`` are matrix-vector products.

    ``V_i = U_i[(i), (others)] @ kron(sigma_others)`` and block ``DV_ij`` is
    ``U_i[(i, j), (rest)] @ kron(sigma_rest)`` reshaped to ``m_i x m_j``.
    """

    def __init__(self, U: np.ndarray, offsets: np.ndarray):
        self.n = n = U.shape[0]
        self.shape = U.shape[1:]
        self.offsets = offsets
        self.Mi = []
        self.Mij = {}
        for i in range(n):
            others = [k for k in range(n) if k != i]
            self.Mi.append((np.moveaxis(U[i], i, 0).reshape(self.shape[i], -1), others))
            for j in others:
                rest = [k for k in range(n) if k not in (i, j)]
                M = np.moveaxis(U[i], [i, j], [0, 1]).reshape(self.shape[i] * self.shape[j], -1)
                self.Mij[(i, j)] = (M, rest)

    @staticmethod
    def _kron(vecs: list[np.ndarray]) -> np.ndarray:
        out = np.ones(1)
        for v in vecs:
            out = np.outer(out, v).ravel()
        return out

    def values(self, sig: list[np.ndarray]) -> np.ndarray:
        return np.concatenate([M @ self._kron([sig[k] for k in oth]) for M, oth in self.Mi])

    def jacobian(self, sig: list[np.ndarray]) -> np.ndarray:
        N = int(self.offsets[-1])
        D = np.zeros((N, N))
        o = self.offsets
        for (i, j), (M, rest) in self.Mij.items():
            D[o[i]:o[i + 1], o[j]:o[j + 1]] = (M @ self._kron([sig[k] for k in rest])).reshape(
                self.shape[i], self.shape[j])
        return D


@dataclass
class GNMPath:
    """What one global Newton path found: candidate profiles and how the path went.

    ``profiles`` (one tuple of mixed strategies per crossing of ``lambda = 0``),
    ``steps`` (accepted predictor-corrector steps), ``finished`` (the path
    reached ``lambda < -lambda_end``, where the perturbed game has one
    equilibrium), ``failure`` (why it stopped otherwise), ``lambda_start``.

    Attributes
    ----------
    profiles : list of tuple of numpy.ndarray
        One mixed profile per crossing of ``lambda = 0`` (unverified).
    steps : int
        Accepted predictor-corrector steps.
    finished : bool
        Whether the path reached the far end.
    failure : str or None
        Why the path stopped, if it did not finish.
    lambda_start : float
        The starting perturbation size.

    Examples
    --------
    >>> import numpy as np
    >>> U = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]])  # matching pennies
    >>> path = gnm_path(U)
    >>> path.finished, [p.round(6).tolist() for p in path.profiles[0]]
    (True, [[0.5, 0.5], [0.5, 0.5]])
    """

    profiles: list[tuple[np.ndarray, ...]]
    steps: int
    finished: bool
    failure: str | None
    lambda_start: float


def gnm_path(
    payoffs: np.ndarray,
    *,
    seed: int | None = 0,
    max_steps: int = 10_000,
    tol: float = 1e-10,
) -> GNMPath:
    """Follow one global Newton path of the game with payoff array ``payoffs`` (n, m_1, ..., m_n).

    Returns the candidate equilibria at the path's crossings of ``lambda = 0``
    (unverified: :func:`compellence.solvers.nash.nash` checks their regret).

    Parameters
    ----------
    payoffs : numpy.ndarray
        The payoff array ``(n, m_1, ..., m_n)``.
    seed : int or None
        Seed of the random perturbation direction.
    max_steps : int
        The step budget.
    tol : float
        Tolerance of the corrector and of the crossings.

    Returns
    -------
    GNMPath
        The candidates and the path's record.

    Examples
    --------
    >>> import numpy as np
    >>> U = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]])  # matching pennies
    >>> path = gnm_path(U, seed=0)
    >>> len(path.profiles), path.failure
    (1, None)
    >>> [p.round(6).tolist() for p in path.profiles[0]]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    U = normalised_payoffs(payoffs)
    n = U.shape[0]
    shape = U.shape[1:]
    offsets = np.concatenate([[0], np.cumsum(shape)]).astype(int)
    N = int(offsets[-1])
    rng = np.random.default_rng(seed)
    # a generic perturbation with a unique best and worst strategy per player
    g = rng.standard_normal(N)
    gaps_top, gaps_bot = [], []
    for i in range(n):
        gi = np.sort(g[offsets[i]:offsets[i + 1]])
        gaps_top.append(gi[-1] - gi[-2] if gi.size > 1 else np.inf)
        gaps_bot.append(gi[1] - gi[0] if gi.size > 1 else np.inf)
    gap = min(min(gaps_top), min(gaps_bot))
    if not np.isfinite(gap):  # every player has one strategy: the single profile is the equilibrium
        return GNMPath([tuple(np.ones(1) for _ in range(n))], 0, True, None, 0.0)
    # payoff ranges are <= 1: lambda * gap > 2 makes argmax g (argmin g for -lambda) strictly dominant
    lam_start = 2.0 / gap + 1.0
    lam_end = lam_start

    def split(sig_flat):
        return [sig_flat[offsets[i]:offsets[i + 1]] for i in range(n)]

    con = _Contractions(U, offsets)
    owner = np.repeat(np.arange(n), np.diff(offsets))
    same = owner[:, None] == owner[None, :]
    eye = np.eye(N)

    def H_and_J(x):
        z, lam = x[:N], x[N]
        sig, _, sup = _retract(z, offsets)
        sl = split(sig)
        H = z - sig - con.values(sl) - lam * g
        # P: block projection delta_st - 1/|S_i| on each player's support S_i
        both = same & sup[:, None] & sup[None, :]
        size = np.bincount(owner, weights=sup, minlength=n)[owner]
        P = np.where(both, eye - 1.0 / np.maximum(size, 1.0)[:, None], 0.0)
        Jz = eye - (eye + con.jacobian(sl)) @ P
        J = np.concatenate([Jz, -g[:, None]], axis=1)
        return H, J, sig

    def H_only(x):
        z, lam = x[:N], x[N]
        sig, _, _ = _retract(z, offsets)
        return z - sig - con.values(split(sig)) - lam * g

    kink_step = 1e-4

    def support_key(x):
        return (_retract(x[:N], offsets)[0] > 0).tobytes()

    def tangent(J):
        q, _ = np.linalg.qr(J.T, mode="complete")
        t = q[:, -1]
        return t, np.linalg.det(np.vstack([J, t]))

    # start: the pure profile argmax g at lambda_start
    sig0 = np.zeros(N)
    for i in range(n):
        sig0[offsets[i] + int(np.argmax(g[offsets[i]:offsets[i + 1]]))] = 1.0
    V0 = con.values(split(sig0))
    x = np.concatenate([sig0 + V0 + lam_start * g, [lam_start]])
    H, J, _ = H_and_J(x)
    t, det = tangent(J)
    if t[N] > 0:
        t, det = -t, -det
    orient = np.sign(det) if det != 0 else 1.0
    h = 0.1
    profiles: list[tuple[np.ndarray, ...]] = []
    band_steps = 0
    steps = 0
    failure = None
    finished = False
    while steps < max_steps:
        pred = x + h * t
        y = pred
        ok = False
        _, Jp, _ = H_and_J(pred)
        Jp_pinv = np.linalg.pinv(Jp)
        prev = np.inf
        for _k in range(6):  # chord Newton: the Jacobian of the predicted point, Moore-Penrose step
            Hy = H_only(y)
            nrm = float(np.linalg.norm(Hy))
            if nrm < tol:
                ok = True
                break
            if nrm > 0.5 * prev:  # not contracting
                break
            prev = nrm
            y = y - Jp_pinv @ Hy
        if ok:
            dist = float(np.linalg.norm(y - pred))
            _, Jy, _ = H_and_J(y)
            t_new, det_new = tangent(Jy)
            if np.sign(det_new) != orient:
                t_new = -t_new
            cos = float(t_new @ t)
            # within one support: small corrections and turns only; across a support change (a
            # kink of H, where the path may turn sharply) only a short step is accepted
            if support_key(y) == support_key(x):
                ok = dist <= 0.25 * h and cos >= 0.9
            else:
                ok = h <= kink_step
        if not ok:
            h *= 0.5
            if h < 1e-12:
                failure = f"step size underflow at lambda={x[N]:.3g} after {steps} steps"
                break
            continue
        steps += 1
        in_band = abs(x[N]) <= _BAND and abs(y[N]) <= _BAND
        if (x[N] > 0 >= y[N] or x[N] < 0 <= y[N]) and not in_band:
            prof = _cross_zero(x, y, H_and_J, N, tol)
            if prof is not None:
                profiles.append(tuple(np.array(s) for s in split(prof)))
        band_steps = band_steps + 1 if in_band else 0
        if band_steps == 1:  # the path enters lambda = 0 and stays: a continuum of equilibria
            profiles.append(tuple(np.array(s) for s in split(_retract(y[:N], offsets)[0])))
        if band_steps > _MAX_BAND_STEPS:
            failure = (f"the path runs along lambda = 0 for {band_steps} steps: a continuum of "
                       "equilibria (a degenerate game); one point of it is returned")
            break
        x, t = y, t_new
        if x[N] < -lam_end:
            finished = True
            break
        h = min(h * 1.5, 0.5 + 0.1 * abs(x[N]))
    else:
        failure = f"no end of path after {max_steps} steps"
    return GNMPath(profiles, steps, finished, failure, lam_start)


def _cross_zero(x0, x1, H_and_J, N, tol):
    """Equilibrium where the path crosses ``lambda = 0``: Newton on ``H(z, 0) = 0`` from the
    linear interpolation of the two path points."""
    a = x0[N] / (x0[N] - x1[N])
    z = x0[:N] + a * (x1[:N] - x0[:N])
    for _ in range(50):
        xz = np.concatenate([z, [0.0]])
        H, J, sig = H_and_J(xz)
        if float(np.linalg.norm(H)) < tol * 1e-2:
            return sig
        try:
            dz = np.linalg.solve(J[:, :N], -H)
        except np.linalg.LinAlgError:
            dz = -np.linalg.lstsq(J[:, :N], H, rcond=None)[0]
        z = z + dz
    H, _, sig = H_and_J(np.concatenate([z, [0.0]]))
    return sig if float(np.linalg.norm(H)) < tol else None


def gnm_equilibria(game, tol: float, seed: int | None = 0, paths: int = 1):
    """``nash(game, method="gnm")``: the verified equilibria on ``paths`` global Newton paths.

    Path ``k`` uses the perturbation drawn from ``seed + k``.  ``complete=False``
    always (the method finds some equilibria).  Candidates failing the regret
    check are dropped and counted in ``info["rejected"]``.
    """
    from .equilibria import Collector, NashEquilibria

    col = Collector(game, tol, "gnm")
    notes = ["the global Newton method finds some equilibria, not necessarily all; "
             "use method='enumpoly' for all equilibria of a small game"]
    info: dict = {"paths": []}
    for k in range(paths):
        s = None if seed is None else seed + k
        res = gnm_path(game.payoffs, seed=s)
        for prof in res.profiles:
            col.add(prof)
        info["paths"].append({"seed": s, "steps": res.steps, "finished": res.finished,
                              "crossings": len(res.profiles), "failure": res.failure})
        if res.failure:
            notes.append(f"path {k} (seed {s}) stopped early: {res.failure}")
    if col.rejected:
        notes.append(f"{col.rejected} path crossings failed the regret check at tol={tol:g} and "
                     "were dropped")
    info["rejected"] = col.rejected
    continuum = any("continuum" in (p["failure"] or "") for p in info["paths"])
    return NashEquilibria(game, col.sorted(), "gnm", tol, complete=False,
                          degenerate=True if continuum else None,
                          notes=tuple(notes), info=info)
