"""Pure array kernels of coalition lifting (used by :mod:`compellence.coercion.coalitions`).

Member j lifts at concession x iff x >= x_j.  The target's uncertainty about
the thresholds is a one-factor Gaussian copula (the standard one-factor model
of correlated defaults, Vasicek 2002, applied to thresholds):

    x_j = F_j^{-1}(Phi(L_j)),   L_j = sqrt(rho) Z + sqrt(1 - rho) e_j,

with Z, e_1..e_n independent standard normals.  ``rho`` is the share of the
variance of the latent scores that is COMMON to all members (for normal
margins x_j = mu_j + sd_j L_j, so rho is the correlation of the thresholds:
x_j = mu_j + sd_j sqrt(rho) Z + sd_j sqrt(1 - rho) e_j).  Member j is
satisfied at x iff L_j <= c_j(x) = Phi^{-1}(F_j(x)) (the member's *latent
score*), so conditionally on Z = z the members are independent with

    p_j(x | z) = Phi((c_j(x) - sqrt(rho) z) / sqrt(1 - rho)).

Member j may have its own common share rho_j (``L_j = sqrt(rho_j) Z +
sqrt(1 - rho_j) e_j``, corr(L_j, L_k) = sqrt(rho_j rho_k)); for normal margins
that is x_j = mu_j + sigma_c Z + sigma_j e_j with sd_j**2 = sigma_c**2 + sigma_j**2
and rho_j = sigma_c**2 / sd_j**2 (one common shock of size sigma_c, own noise
sigma_j).  A rule's probability is then ``E_Z[ g(p_1(x|Z), ..., p_n(x|Z)) ]`` with g the
rule's probability for independent members (product, 1 - product of
complements, Poisson-binomial tail).  rho = 0 needs no integral (p_j = F_j);
rho = 1 is comonotone (one uniform U = Phi(Z) drives every member: member j
is satisfied iff U <= F_j(x)), with closed forms: unanimity min_j F_j, any
member max_j F_j, a k-of-n / weighted quota the F_j at which the members
sorted by F_j (descending) first reach the quota.

Quadrature for 0 < rho < 1 (:func:`z_nodes`): the trapezoidal rule in z on
[-9, 9] with spacing h = min(0.5, w / 2), w = sqrt((1 - rho) / rho) the
width of the steepest conditional step (weights phi(z) h, renormalised to
sum to 1).  The trapezoidal rule converges exponentially for such smooth
integrands; measured against adaptive ``scipy.integrate.quad`` on random
5-member unanimity and any-member rules the error is below 1e-10 for
rho <= 0.999 (37 nodes for rho <= 0.5, 361 at rho = 0.99, 1139 at 0.999;
``tests/test_coalitions.py``); the node count is capped at :data:`MAX_NODES`
(reached only for rho > 0.9999), beyond which the error grows towards O(h).  The tails beyond
|z| = 9 weigh < 3e-19.
"""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["z_nodes", "latent_scores", "rule_probability", "MAX_NODES", "Z_LIMIT"]

#: Half-width of the z range of the quadrature.
Z_LIMIT = 9.0
#: Largest number of quadrature nodes (reached only for rho > 0.9999).
MAX_NODES = 4001
#: Work-array budget (floats) of one chunk of quadrature nodes.
_CELLS = 4_000_000


def z_nodes(rho: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Trapezoidal nodes and weights in z for the largest 0 < rho < 1 of the batch (None if none)."""
    rho = np.asarray(rho, dtype=float)
    inner = rho[(rho > 0.0) & (rho < 1.0)]
    if inner.size == 0:
        return None
    r = float(inner.max())
    width = np.sqrt((1.0 - r) / r)
    h = min(0.5, width / 2.0)
    m = int(min(MAX_NODES, np.ceil(2.0 * Z_LIMIT / h) + 1))
    m += 1 - m % 2  # odd: z = 0 is a node
    z = np.linspace(-Z_LIMIT, Z_LIMIT, m)
    w = np.exp(-0.5 * z * z)
    return z, w / w.sum()


def latent_scores(x: np.ndarray, mu: np.ndarray, sd: np.ndarray, dist) -> np.ndarray:
    """c_j(x) = Phi^{-1}(F_j(x)), member axis first; +-inf where F_j(x) is 1 / 0.

    ``mu``, ``sd`` (n, ...) broadcast with ``x`` (...); ``dist`` is a family
    name (``normal``, ``logistic``, ``uniform``: parameterised by mean and
    standard deviation) or a tuple of frozen scipy.stats distributions.  A
    member with sd = 0 has a known threshold: F_j(x) = 1[x >= mu_j].
    """
    if isinstance(dist, tuple):
        f = np.stack([np.broadcast_to(d.cdf(x), np.broadcast_shapes(np.shape(x), mu.shape[1:]))
                      for d in dist])
        with np.errstate(divide="ignore"):
            return special.ndtri(f)
    known = sd <= 0.0
    safe = np.where(known, 1.0, sd)
    with np.errstate(over="ignore"):  # tiny sd: z = +-inf, the CDF is then exactly 0/1
        z = (x - mu) / safe
    if dist == "normal":
        c = z
    else:
        if dist == "logistic":
            f = special.expit(z * (np.pi / np.sqrt(3.0)))
        else:  # uniform on mu -+ sqrt(3) sd
            f = np.clip(z / (2.0 * np.sqrt(3.0)) + 0.5, 0.0, 1.0)
        with np.errstate(divide="ignore"):
            c = special.ndtri(f)
    if known.any():
        c = np.where(known, np.where(x >= mu, np.inf, -np.inf), c)
    return c


def _independent(p: np.ndarray, kind: str, w: np.ndarray | None, q: float | None) -> np.ndarray:
    """The rule's probability for independent members satisfied w.p. p (member axis 0)."""
    if kind == "all":
        return np.prod(p, axis=0)
    if kind == "any":
        return 1.0 - np.prod(1.0 - p, axis=0)
    return weight_tail(p, w, q)


def _comonotone(f: np.ndarray, kind: str, w: np.ndarray | None, q: float | None) -> np.ndarray:
    """rho = 1: one U ~ U(0,1) for all; member j satisfied iff U <= F_j (closed forms)."""
    if kind == "all":
        return np.min(f, axis=0)
    if kind == "any":
        return np.max(f, axis=0)
    order = np.argsort(-f, axis=0, kind="stable")
    fs = np.take_along_axis(f, order, axis=0)
    cw = np.cumsum(np.asarray(w)[order], axis=0)
    first = np.argmax(cw >= q - 1e-12, axis=0)
    return np.take_along_axis(fs, first[None], axis=0)[0]


def rule_probability(
    c: np.ndarray,
    rho: np.ndarray,
    kind: str,
    w: np.ndarray | None = None,
    q: float | None = None,
) -> np.ndarray:
    """Pr(rule met) for members with latent scores ``c`` (n, ...) and common-factor shares ``rho``.

    ``kind``: ``"all"`` (every member satisfied), ``"any"`` (at least one),
    ``"tail"`` (satisfied members' integer weights ``w`` reach ``q``).  ``rho``
    broadcasts with ``c[0]`` (one share for every member) or, with as many
    dimensions as ``c``, with ``c`` itself (member j's own share rho_j: then
    L_j = sqrt(rho_j) Z + sqrt(1 - rho_j) e_j and corr(L_j, L_k) =
    sqrt(rho_j rho_k)).  Where every rho_j is 0: independent; every rho_j is 1:
    comonotone (closed forms); otherwise the trapezoidal rule over Z (module
    docstring; a member with rho_j = 1 among members with rho_k < 1 is a step
    in z, integrated only to O(h): the coalition refuses that mix).
    """
    f = special.ndtr(c)
    rho = np.asarray(rho, dtype=float)
    if rho.ndim < c.ndim:
        rho = rho.reshape((1,) * (c.ndim - rho.ndim) + rho.shape)
    shape = np.broadcast_shapes(c.shape[1:], rho.shape[1:])
    rho = np.broadcast_to(rho, (rho.shape[0], *shape))
    all0 = np.all(rho == 0.0, axis=0)
    all1 = np.all(rho == 1.0, axis=0)
    out = np.broadcast_to(_independent(f, kind, w, q), shape)
    if np.any(all1):
        out = np.where(all1, _comonotone(f, kind, w, q), out)
    inner = ~all0 & ~all1
    nodes = z_nodes(rho[(rho > 0.0) & (rho < 1.0)])
    if nodes is None or not np.any(inner):
        return np.array(out, dtype=float)
    z, wz = nodes
    r = np.clip(rho, 0.0, 1.0 - 1e-12)
    sr, s1 = np.sqrt(r), np.sqrt(1.0 - r)
    n = c.shape[0]
    lead = (1,) * len(shape)
    acc = np.zeros(shape)
    step = max(1, _CELLS // max(1, n * int(np.prod(shape, dtype=np.int64))))
    cs = (c / s1)[:, None]
    k = (sr / s1)[:, None]
    for a in range(0, z.size, step):
        zc = z[a : a + step].reshape((-1, *lead))
        p = special.ndtr(cs - k * zc)  # (n, k, *shape): Phi((c_j - sqrt(rho_j) z) / sqrt(1 - rho_j))
        acc += np.tensordot(wz[a : a + step], _independent(p, kind, w, q), axes=(0, 0))
    return np.where(inner, np.clip(acc, 0.0, 1.0), out)


def weight_tail(f: np.ndarray, w: np.ndarray, q: float) -> np.ndarray:
    """Pr(sum_j w_j B_j >= q) for independent B_j ~ Bernoulli(f_j): DP over total weight.

    Hand-written because scipy has no Poisson-binomial; the DP is exact and
    vectorised over every batch element: O(n * W) array operations.
    """
    total = int(w.sum())
    dist = np.zeros((total + 1, *f.shape[1:]))
    dist[0] = 1.0
    top = 0
    for j in range(f.shape[0]):
        wj = int(w[j])
        p = f[j]
        if wj == 0:
            continue
        new = dist * (1.0 - p)
        new[wj : top + wj + 1] += dist[: top + 1] * p
        dist = new
        top += wj
    k = int(np.ceil(q - 1e-12))
    return np.clip(dist[k:].sum(axis=0), 0.0, 1.0)
