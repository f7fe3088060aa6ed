"""Kuran's preference falsification and revolutionary thresholds.

Kuran (1991), "Now out of never: the element of surprise in the East European
revolution of 1989", World Politics 44(1); Kuran (1995), *Private Truths, Public
Lies*.  Each person has a *private* preference about the regime and chooses a
*public* one.  Person ``i`` opposes publicly once the public opposition share ``S``
reaches his *revolutionary threshold* ``T_i``.  Public opposition evolves as

    ``S_{t+1} = Pr(T <= S_t)``  (the share whose threshold is met),

from an initial opposition ``S_0``, to a fixed point ``S* = F(S*)``.  The gap
between private and public opposition is *preference falsification*; a society can
sit at a low equilibrium while a tiny change in thresholds would tip it to a high
one, which is why revolutions surprise.

Threshold from preferences (stylised, our reduction of Kuran's expressive
utility): private opposition intensity ``x_i`` in ``[0, 1]`` (privately opposed iff
``x_i > 1/2``), integrity weight ``w_i`` (cost ``w_i |x_i - y|`` of expressing ``y``
in ``{0, 1}``), reputational weight ``rep`` (payoff ``rep * S`` for siding with the
opposition, ``rep * (1 - S)`` for the regime) and repression ``c`` (penalty
``c (1 - S)`` on opponents, heavier when they are few).  Opposing publicly pays iff
``S >= T_i = (rep + c + w_i (1 - 2 x_i)) / (2 rep + c)``, clipped to ``[0, 1]``
(``T_i > 1``: never; ``T_i <= 0``: always).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import ParameterError

if TYPE_CHECKING:
    from scipy.stats._distn_infrastructure import rv_frozen

__all__ = ["KuranResult", "kuran_thresholds", "kuran_equilibrium"]


def _arr(x: Any, name: str, lo: float | None = None, hi: float | None = None) -> np.ndarray:
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError("must be numbers", name) from None
    if np.any(np.isnan(a)):
        raise ParameterError("contains NaN", name)
    if lo is not None and np.any(a < lo):
        raise ParameterError(f"must be >= {lo}; got min {a.min()!r}", name)
    if hi is not None and np.any(a > hi):
        raise ParameterError(f"must be <= {hi}; got max {a.max()!r}", name)
    return a


def kuran_thresholds(
    private: ArrayLike, integrity: ArrayLike = 1.0, reputation: float = 1.0, repression: float = 0.0
) -> np.ndarray:
    """Revolutionary thresholds ``T_i = (rep + c + w_i (1 - 2 x_i)) / (2 rep + c)``.

    Values are clipped to ``[0, 1]``, with ``inf`` where ``T_i > 1`` (never
    opposes).  (Stylised reduction, see the module docstring.)

    Parameters
    ----------
    private : array_like
        Opposition intensities ``x_i`` in ``[0, 1]``.
    integrity : array_like, optional
        ``w_i >= 0``, the weight of expressing one's true preference (scalar or
        per person; default 1).
    reputation : float, optional
        ``rep > 0``, the weight of the reputational payoff of siding with the
        public majority (default 1).
    repression : float, optional
        ``c >= 0``, the cost of public opposition (default 0).

    Returns
    -------
    numpy.ndarray
        Thresholds (shares of the public in opposition), ``inf`` for never.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.cascades import kuran_thresholds
    >>> kuran_thresholds([0.0, 0.5, 1.0]).tolist()
    [1.0, 0.5, 0.0]
    >>> kuran_thresholds([0.0, 0.5, 1.0], repression=1.0).round(4).tolist()
    [1.0, 0.6667, 0.3333]
    """
    x = _arr(private, "private", 0.0, 1.0)
    w = _arr(integrity, "integrity", 0.0)
    rep = float(_arr(reputation, "reputation", 0.0))
    c = float(_arr(repression, "repression", 0.0))
    if rep + c <= 0:
        raise ParameterError("reputation + repression must be > 0", "reputation")
    t = (rep + c + w * (1.0 - 2.0 * x)) / (2.0 * rep + c)
    t = np.broadcast_to(t, np.broadcast_shapes(x.shape, w.shape)).astype(float)
    return np.where(t > 1.0, np.inf, np.maximum(t, 0.0))


@dataclass(frozen=True)
class KuranResult:
    """Equilibrium of Kuran's public-opposition dynamics.

    Built by :func:`kuran_equilibrium`.

    Attributes
    ----------
    public_share : float
        ``S*``, the public opposition share reached from ``initial_share``.
    private_share : float
        Share privately opposed (``nan`` if not given).
    falsification : float
        ``private_share - public_share`` (opponents who hide it).
    initial_share : float
        ``S_0``.
    path : numpy.ndarray
        ``S_0, S_1, ..., S*``.
    equilibria : numpy.ndarray
        Every fixed point ``S = F(S)`` (a finite population: shares ``k/n``
        with exactly ``k`` thresholds ``<= k/n``), ascending.

    Examples
    --------
    >>> from compellence.cascades import kuran_equilibrium
    >>> res = kuran_equilibrium([0, .1, .2, .3, .4, .5, .6, .7, .8, 1], private=0.6)
    >>> res.public_share, round(res.falsification, 12), res.path.tolist()
    (0.9, -0.3, [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    """

    public_share: float
    private_share: float
    falsification: float
    initial_share: float
    path: np.ndarray
    equilibria: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """The path: ``step, public_share``.

        Returns
        -------
        pandas.DataFrame
            One row per step.

        Examples
        --------
        >>> from compellence.cascades import kuran_equilibrium
        >>> res = kuran_equilibrium([0, .1, .2, .3, .4, .5, .6, .7, .8, 1], private=0.6)
        >>> res.to_frame()["public_share"].tolist()
        [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
        """
        return pd.DataFrame({"step": np.arange(self.path.size), "public_share": self.path})

    def __repr__(self) -> str:
        eq = ", ".join(f"{v:.3f}" for v in self.equilibria[:8])
        return (f"KuranResult(public={self.public_share:.4f}, private={self.private_share:.4f}, "
                f"falsification={self.falsification:.4f}, equilibria=[{eq}])")


def kuran_equilibrium(
    thresholds: ArrayLike | rv_frozen,
    initial_share: float = 0.0,
    *,
    private: ArrayLike | None = None,
    max_steps: int = 100000,
) -> KuranResult:
    """Iterate ``S_{t+1} = F(S_t)`` from ``S_0 = initial_share`` to its fixed point.

    Kuran's example: thresholds ``0, .2, .2, .3, .4, .5, .6, .7, .8, 1`` stay at
    ``S = 0.1``; lowering one ``0.2`` to ``0.1`` tips the society to ``S = 0.9``.

    Parameters
    ----------
    thresholds : array_like or scipy.stats distribution
        Revolutionary thresholds of a finite population (shares in ``[0, 1]``
        or ``inf``), or a frozen scipy.stats distribution of them (a continuum;
        iterated to a tolerance of 1e-12).
    initial_share : float, optional
        ``S_0``, the public opposition share at the start (default 0).
    private : array_like or float or None, optional
        Per-person booleans (privately opposed) or the private opposition
        share, for the falsification gap.
    max_steps : int, optional
        Iteration limit (default 100000).

    Returns
    -------
    KuranResult
        The fixed point reached, the path and every fixed point.

    Raises
    ------
    ParameterError
        Thresholds or shares out of range.
    ConvergenceError
        ``max_steps`` reached before the fixed point.

    Examples
    --------
    >>> from compellence.cascades import kuran_equilibrium
    >>> kuran_equilibrium([0, .2, .2, .3, .4, .5, .6, .7, .8, 1]).public_share
    0.1
    >>> kuran_equilibrium([0, .1, .2, .3, .4, .5, .6, .7, .8, 1]).public_share
    0.9
    """
    s0 = float(_arr(initial_share, "initial_share", 0.0, 1.0))
    if hasattr(thresholds, "cdf"):
        def F(s):
            return float(thresholds.cdf(s + 1e-12))
        grid = np.linspace(0, 1, 10001)
        g = np.asarray(thresholds.cdf(grid + 1e-12)) - grid
        eqs = list(grid[g == 0])
        for i in np.flatnonzero(g[:-1] * g[1:] < 0):
            eqs.append(0.5 * (grid[i] + grid[i + 1]))
        tol = 1e-12
    else:
        t = _arr(thresholds, "thresholds", 0.0)
        if t.ndim != 1 or t.size == 0:
            raise ParameterError("must be a 1-d array of shares (one per person)", "thresholds")
        if np.any((t > 1) & ~np.isposinf(t)):
            raise ParameterError("revolutionary thresholds must be shares in [0, 1] (or inf)",
                                 "thresholds")
        srt = np.sort(t)
        n = srt.size

        def F(s):
            return np.searchsorted(srt, s + 1e-12, side="right") / n

        k = np.arange(n + 1)
        eqs = list(k[np.searchsorted(srt, k / n + 1e-12, side="right") == k] / n)
        tol = 0.0
    path = [s0]
    for _ in range(max_steps):
        nxt = float(F(path[-1]))
        if abs(nxt - path[-1]) <= tol:
            break
        path.append(nxt)
    s_star = path[-1]
    if private is None:
        priv = float("nan")
    else:
        pa = np.asarray(private)
        if pa.ndim == 0:
            priv = float(_arr(pa, "private", 0.0, 1.0))
        else:
            priv = float(np.mean(pa.astype(bool)))
    return KuranResult(
        public_share=s_star, private_share=priv, falsification=priv - s_star,
        initial_share=s0, path=np.asarray(path), equilibria=np.asarray(sorted(set(eqs))),
    )
