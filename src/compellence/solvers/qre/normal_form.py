"""Logit quantal response equilibrium of an n-player normal-form game.

McKelvey & Palfrey (1995): a profile sigma is a logit QRE at precision
``lambda >= 0`` iff for every player i and pure strategy j

    sigma_ij = exp(lambda U_ij(sigma)) / sum_k exp(lambda U_ik(sigma)),

``U_ij(sigma)`` being i's expected payoff of j against the others' mixed
strategies.  At ``lambda = 0`` play is uniform; the *principal branch* of the
correspondence starting there is (generically) a smooth curve whose limit as
``lambda -> infinity`` is a Nash equilibrium, the one the logit QRE selects.

Following Turocy (2005) and Gambit's implementation, the curve is written in
log-probability coordinates ``x_ij = log sigma_ij``:

    sum_j exp(x_ij) - 1 = 0                                 (one row per player)
    x_ij - x_i0 - lambda (U_ij - U_i0) = 0,  j >= 1         (one row per other strategy)

and traced in ``(x, lambda)`` by arc length with the predictor-corrector
follower of :mod:`compellence.solvers.qre.continuation`.  Payoffs are used as given
(no rescaling), the convention of Gambit's ``logit_solve_lambda``, so profiles
agree with pygambit's at the same lambda.

References: McKelvey, R. D. & Palfrey, T. R. (1995), Quantal response
equilibria for normal form games, *Games and Economic Behavior* 10, 6-38.
Turocy, T. L. (2005), A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence, *GEB* 51, 243-263.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from ...games.normal_form import NormalFormGame

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NormalFormQRE", "NormalSystem"]


class NormalSystem:
    """The QRE equations ``H(x, lambda)`` of a normal-form game and their Jacobian.

    ``y = (x, lambda)`` with ``x`` the log probabilities, players' blocks
    concatenated (see the module docstring for the equations).

    Parameters
    ----------
    game : NormalFormGame
        The game (payoffs used as given).

    Examples
    --------
    >>> import numpy as np
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
    >>> sys = NormalSystem(g)
    >>> sys.n_vars, sys.start().round(4).tolist()
    (4, [-0.6931, -0.6931, -0.6931, -0.6931, 0.0])
    """

    def __init__(self, game: NormalFormGame) -> None:
        self.game = game
        self.shape = game.shape
        self.n_players = game.n_players
        self.offsets = np.r_[0, np.cumsum(self.shape)].astype(int)
        self.n_vars = int(self.offsets[-1])
        self.payoffs = np.asarray(game.payoffs, dtype=float)
        self.first = self.offsets[:-1]  # row of each player's sum equation / first strategy
        owner = np.repeat(np.arange(self.n_players), self.shape)
        self.owner = owner
        self.first_of = self.first[owner]  # first variable of the owner's block
        self.is_first = np.zeros(self.n_vars, bool)
        self.is_first[self.first] = True
        self.pay_min = float(self.payoffs.min())
        self.pay_max = float(self.payoffs.max())
        self.bimatrix = self.n_players == 2
        if self.bimatrix:
            self._setup_bimatrix()

    def _setup_bimatrix(self) -> None:
        """Constant matrices of the two-player system (see :meth:`H` / :meth:`HA`).

        With two players ``U = P p`` is linear in ``p = exp(x)`` (``P`` holds
        ``A`` and ``B^T`` off the diagonal), so ``H`` and ``J`` are a few dense
        products with constant matrices, no per-player Python work: with ``D``
        (``x_ij - x_i0`` rows), ``S`` (per-player sums in the first rows),
        ``Q`` (``U_ij - U_i0`` rows) and ``c`` (1 in the first rows),

            H = D x + S p - c - lambda Q p,   J_x = D + (S - lambda Q) diag(p),
            J_lambda = -Q p.

        ``W = [[D, S, -c], [0, Q, 0]]`` gives ``[D x + S p - c; Q p]`` in one
        product with ``v = [x; p; 1]``.
        """
        n = self.n_vars
        a = self.shape[0]
        P = np.zeros((n, n))
        P[:a, a:] = self.payoffs[0]
        P[a:, :a] = self.payoffs[1].T
        self.value_matrix = P
        notfirst = ~self.is_first
        Q = np.zeros((n, n))
        Q[notfirst] = P[notfirst] - P[self.first_of[notfirst]]
        D = np.zeros((n, n))
        rows = np.flatnonzero(notfirst)
        D[rows, rows] = 1.0
        D[rows, self.first_of[rows]] = -1.0
        S = np.zeros((n, n))
        S[self.first[self.owner], np.arange(n)] = 1.0
        W = np.zeros((2 * n, 2 * n + 1))
        W[:n, :n] = D
        W[:n, n : 2 * n] = S
        W[self.first, 2 * n] = -1.0
        W[n:, n : 2 * n] = Q
        self._Q, self._D, self._S, self._W = Q, D, S, W
        # the same, padded to the bordered (n+1) x (n+1) shape in Fortran order, so
        # that HA works on whole contiguous arrays (half the cost of strided views)
        self._Qb, self._Db, self._Sb = (
            np.asfortranarray(np.pad(M, ((0, 1), (0, 1)))) for M in (Q, D, S)
        )

    # ------------------------------------------------------------------ pieces
    def split(self, v: np.ndarray) -> list[np.ndarray]:
        """The per-player blocks of a flat vector (views).

        Parameters
        ----------
        v : numpy.ndarray
            A flat ``(n_vars,)`` vector.

        Returns
        -------
        list of numpy.ndarray
            One block per player.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> [b.tolist() for b in sys.split(np.arange(4.0))]
        [[0.0, 1.0], [2.0, 3.0]]
        """
        return [v[self.offsets[i] : self.offsets[i + 1]] for i in range(self.n_players)]

    def strategy_values(self, sigma: list[np.ndarray]) -> np.ndarray:
        """``U_ij`` for every player and strategy, concatenated.

        Parameters
        ----------
        sigma : list of numpy.ndarray
            One probability vector per player.

        Returns
        -------
        numpy.ndarray
            ``(n_vars,)`` strategy values.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> sys.strategy_values([np.array([0.5, 0.5]), np.array([0.5, 0.5])]).tolist()
        [1.5, 0.5, 0.5, 1.5]
        """
        if self.n_players == 2:  # bimatrix fast path (two matrix-vector products)
            return np.concatenate([self.payoffs[0] @ sigma[1], sigma[0] @ self.payoffs[1]])
        out = np.empty(self.n_vars)
        for i in range(self.n_players):
            u = self.payoffs[i]
            for k in range(self.n_players - 1, -1, -1):
                if k != i:
                    u = np.tensordot(u, sigma[k], axes=([k], [0]))
            out[self.offsets[i] : self.offsets[i + 1]] = u
        return out

    def _pair_values(self, sigma: list[np.ndarray], i: int, k: int) -> np.ndarray:
        """``M[j, l]``: i's payoff of strategy j when k plays l, others mixed (k != i)."""
        if self.n_players == 2:
            return self.payoffs[i] if i < k else self.payoffs[i].T
        u = self.payoffs[i]
        for m in range(self.n_players - 1, -1, -1):
            if m not in (i, k):
                u = np.tensordot(u, sigma[m], axes=([m], [0]))
        return u if i < k else u.T

    # ------------------------------------------------------------------ system
    def _eval_bimatrix(
        self, y: np.ndarray, padded: bool = False
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(H(y), p, Q p)`` of a two-player game (one dense product, see ``_setup_bimatrix``).

        With ``padded``, ``p`` comes with a trailing 1 (``[p; 1]``).
        """
        n = self.n_vars
        v = np.empty(2 * n + 1)  # [x; p; 1]
        x = y[:-1]
        v[:n] = x
        p = np.exp(x, out=v[n : 2 * n])
        v[-1] = 1.0
        w = self._W @ v
        r = w[:n]
        Qp = w[n:]
        r -= y[-1] * Qp
        return r, (v[n:] if padded else p), Qp

    def H(self, y: np.ndarray) -> np.ndarray:
        """The residual ``H(x, lambda)``, ``(n_vars,)``, at ``y = (x, lambda)``.

        Parameters
        ----------
        y : numpy.ndarray
            ``(n_vars + 1,)``: log probabilities, then lambda.

        Returns
        -------
        numpy.ndarray
            The residual (zero on the QRE branch).

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> sys.H(sys.start()).round(12).tolist()
        [0.0, 0.0, 0.0, 0.0]
        """
        if self.bimatrix:
            return self._eval_bimatrix(y)[0]
        x, lam = y[:-1], y[-1]
        p = np.exp(x)
        U = self.strategy_values(self.split(p))
        r = x - x[self.first_of] - lam * (U - U[self.first_of])
        sums = np.add.reduceat(p, self.first)
        r[self.first] = sums - 1.0
        return r

    def HA(self, y: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``H(y)`` and the bordered matrix ``[J(y); t^T]`` (Fortran order).

        Two-player games only (``self.bimatrix``).  The matrix is a fresh
        array, ready to be LU-factored in place; one exponential and one
        matrix product serve both.

        Parameters
        ----------
        y : numpy.ndarray
            ``(n_vars + 1,)``: log probabilities, then lambda.
        t : numpy.ndarray
            ``(n_vars + 1,)`` the bordering row (a tangent).

        Returns
        -------
        tuple of numpy.ndarray
            ``(H(y), [J(y); t^T])``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> r, A = sys.HA(sys.start(), np.r_[np.zeros(4), 1.0])
        >>> A.shape, A[-1].tolist()
        ((5, 5), [0.0, 0.0, 0.0, 0.0, 1.0])
        """
        r, p1, Qp = self._eval_bimatrix(y, padded=True)
        n = self.n_vars
        A = np.multiply(self._Qb, -y[-1], order="F")
        A += self._Sb
        A *= p1  # column j scaled by p_j (the padded column by 1)
        A += self._Db
        np.negative(Qp, out=A[:n, n])
        A[n] = t
        return r, A

    def J(self, y: np.ndarray) -> np.ndarray:
        """The Jacobian ``dH/d(x, lambda)``, ``(n_vars, n_vars + 1)``, at ``y``.

        Parameters
        ----------
        y : numpy.ndarray
            ``(n_vars + 1,)``: log probabilities, then lambda.

        Returns
        -------
        numpy.ndarray
            The ``(n_vars, n_vars + 1)`` Jacobian.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> (sys.J(sys.start())[:, -1] + 0.0).tolist()  # dH/dlambda
        [0.0, 1.0, 0.0, -1.0]
        """
        if self.bimatrix:
            _, p, Qp = self._eval_bimatrix(y)
            n = self.n_vars
            Jm = np.empty((n, n + 1))
            Jx = Jm[:, :n]
            np.multiply(self._Q, -y[-1], out=Jx)
            Jx += self._S
            Jx *= p
            Jx += self._D
            np.negative(Qp, out=Jm[:, n])
            return Jm
        x, lam = y[:-1], y[-1]
        p = np.exp(x)
        sig = self.split(p)
        n = self.n_vars
        Jm = np.zeros((n, n + 1))
        U = self.strategy_values(sig)
        rows = np.arange(n)
        Jm[rows, rows] = 1.0
        Jm[rows, self.first_of] -= 1.0
        for i in range(self.n_players):
            a, b = self.offsets[i], self.offsets[i + 1]
            for k in range(self.n_players):
                if k == i:
                    continue
                c, d = self.offsets[k], self.offsets[k + 1]
                M = self._pair_values(sig, i, k)
                M = M - M[0:1]
                Jm[a:b, c:d] = -lam * M * sig[k][None, :]
            Jm[a:b, n] = -(U[a:b] - U[a])
            Jm[a, :] = 0.0
            Jm[a, a:b] = sig[i]
        return Jm

    def start(self) -> np.ndarray:
        """The branch's start ``(log uniform profile, lambda = 0)``.

        Returns
        -------
        numpy.ndarray
            ``(n_vars + 1,)``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> np.exp(sys.start()[:-1]).round(12).tolist()
        [0.5, 0.5, 0.5, 0.5]
        """
        y = np.empty(self.n_vars + 1)
        for i, m in enumerate(self.shape):
            y[self.offsets[i] : self.offsets[i + 1]] = -np.log(m)
        y[-1] = 0.0
        return y

    def residual(self, sigma: np.ndarray, lam: float) -> float:
        """Max abs violation of the logit fixed point ``sigma = logit(lambda U(sigma))``.

        Parameters
        ----------
        sigma : numpy.ndarray
            ``(n_vars,)`` profile, players' blocks concatenated.
        lam : float
            The precision.

        Returns
        -------
        float
            The largest absolute deviation.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> sys.residual(np.full(4, 0.5), 0.0), round(sys.residual(np.full(4, 0.5), 1.0), 4)
        (0.0, 0.2311)
        """
        return float(np.max(np.abs(sigma - self.logit_response(sigma, lam))))

    def logit_response(self, sigma: np.ndarray, lam: float) -> np.ndarray:
        """Every player's logit response at precision ``lam`` to the profile ``sigma``.

        Parameters
        ----------
        sigma : numpy.ndarray
            ``(n_vars,)`` profile, players' blocks concatenated.
        lam : float
            The precision.

        Returns
        -------
        numpy.ndarray
            ``(n_vars,)`` the responses.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> sys.logit_response(np.full(4, 0.5), 1.0).round(4).tolist()
        [0.7311, 0.2689, 0.2689, 0.7311]
        """
        U = self.strategy_values(self.split(sigma))
        out = np.empty_like(U)
        for i in range(self.n_players):
            a, b = self.offsets[i], self.offsets[i + 1]
            z = lam * U[a:b]
            z = np.exp(z - z.max())
            out[a:b] = z / z.sum()
        return out

    def regret(self, sigma: np.ndarray) -> np.ndarray:
        """Per player: best pure payoff minus expected payoff under ``sigma``.

        Parameters
        ----------
        sigma : numpy.ndarray
            ``(n_vars,)`` profile, players' blocks concatenated.

        Returns
        -------
        numpy.ndarray
            ``(n_players,)`` regrets.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> sys.regret(np.full(4, 0.5)).tolist(), sys.regret(np.array([1.0, 0, 1, 0])).tolist()
        ([0.5, 0.5], [0.0, 0.0])
        """
        if self.bimatrix:
            U = self.value_matrix @ sigma
            return np.maximum.reduceat(U, self.first) - np.add.reduceat(sigma * U, self.first)
        U = self.strategy_values(self.split(sigma))
        return np.array(
            [
                U[self.offsets[i] : self.offsets[i + 1]].max()
                - sigma[self.offsets[i] : self.offsets[i + 1]] @ U[self.offsets[i] : self.offsets[i + 1]]
                for i in range(self.n_players)
            ]
        )

    def loglik(self, x: np.ndarray, counts: np.ndarray) -> float:
        """``sum_k counts_k x_k``: the log-likelihood of ``counts`` at log-profile ``x``.

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars,)`` log probabilities.
        counts : numpy.ndarray
            ``(n_vars,)`` observed counts.

        Returns
        -------
        float
            The log-likelihood.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> sys = NormalSystem(g)
        >>> round(sys.loglik(np.log(np.full(4, 0.5)), np.array([1.0, 2, 3, 4])), 4)
        -6.9315
        """
        return float(np.sum(counts * x))


@dataclass(frozen=True, eq=False)
class NormalFormQRE:
    """A logit QRE of a normal-form game at one ``lam`` (``qre(game, lam).point(k)``).

    Derived: ``payoffs`` (expected payoff per player), ``regret`` (per
    player, best pure payoff minus expected payoff), ``max_regret``,
    ``to_frame()``.

    Attributes
    ----------
    game : NormalFormGame
        The game.
    lam : float
        The precision.
    profile : tuple of numpy.ndarray
        One probability vector per player.
    residual : float
        Max abs deviation of ``profile`` from the logit response to itself.
    info : dict
        ``tol`` (corrector tolerance), ``payoff_scale``.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
    >>> q = cp.qre(g, [1.0]).point(0)
    >>> q.lam, [p.round(4).tolist() for p in q.profile], round(q.max_regret, 4)
    (1.0, [[0.6237, 0.3763], [0.3763, 0.6237]], 0.1901)
    """

    game: NormalFormGame
    lam: float
    profile: tuple[np.ndarray, ...]
    residual: float
    info: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def payoffs(self) -> np.ndarray:
        """Expected payoff of each player, shape ``(n_players,)``."""
        return self.game.expected_payoffs(self.profile)

    @cached_property
    def regret(self) -> np.ndarray:
        """Per player: best pure-strategy payoff minus expected payoff, ``(n_players,)``."""
        sys = NormalSystem(self.game)
        return sys.regret(np.concatenate(self.profile))

    @property
    def max_regret(self) -> float:
        """The largest of :attr:`regret`."""
        return float(self.regret.max())

    def to_frame(self) -> pd.DataFrame:
        """One row per player and strategy.

        Returns
        -------
        pandas.DataFrame
            Columns ``player``, ``strategy``, ``probability``.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
        >>> cp.qre(g, [1.0]).point(0).to_frame().round(4)
             player strategy  probability
        0  Player 1        1       0.6237
        1  Player 1        2       0.3763
        2  Player 2        1       0.3763
        3  Player 2        2       0.6237
        """
        import pandas as pd
        rows = [
            (self.game.players[i], s, float(self.profile[i][j]))
            for i, labs in enumerate(self.game.strategies)
            for j, s in enumerate(labs)
        ]
        return pd.DataFrame(rows, columns=["player", "strategy", "probability"])

    def __repr__(self) -> str:
        parts = []
        for i, p in enumerate(self.game.players):
            probs = ", ".join(f"{v:.4g}" for v in self.profile[i][:8])
            more = ", ..." if len(self.profile[i]) > 8 else ""
            parts.append(f"{p}: [{probs}{more}]")
        return (
            f"NormalFormQRE(lam={self.lam:.6g}, {'; '.join(parts)}, "
            f"residual={self.residual:.2g})"
        )

    def _repr_html_(self) -> str:
        return (
            f"<b>logit QRE</b> at &lambda; = {self.lam:.6g} (residual {self.residual:.2g})"
            + self.to_frame().to_html(index=False, float_format=lambda v: f"{v:.6g}")
        )
