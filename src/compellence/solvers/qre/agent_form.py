"""Agent logit quantal response equilibrium of an extensive game.

McKelvey & Palfrey (1998): each information set I is an agent of its
player i(I) that plays the logit response to its conditional action values,

    sigma_a = exp(lambda Q_a(sigma)) / sum_{b in A(I)} exp(lambda Q_b(sigma)),
    Q_a(sigma) = sum_{h in I} mu(h) V_i(h a; sigma),   mu(h) = rho(h) / sum_{h' in I} rho(h'),

where ``rho(h)`` is the probability of reaching node h under sigma and chance,
``V_i(h a)`` player i's expected payoff after action a at h, and ``mu`` the
beliefs (Bayes' rule, well defined everywhere since logit play is fully mixed
at finite lambda).  As ``lambda -> infinity`` the principal branch approaches a
sequential equilibrium (McKelvey & Palfrey 1998, Theorem 5), whose behaviour
strategy and beliefs the limit point reports.

The branch is traced as in Gambit's ``efglogit`` (Turocy 2005): log action
probabilities ``x_a`` and lambda, with

    sum_{a in A(I)} exp(x_a) - 1 = 0                         (one row per infoset)
    x_a - x_{a_0} - lambda (Q_a - Q_{a_0}) = 0,  a != a_0    (other actions)

Values, reach probabilities and beliefs are computed batched over the flat
breadth-first tree (one vectorised step per depth).  The Jacobian is exact:
with perfect recall each action occurs at most once on a path, so

    dQ_a / dx_b = sum_{z: a, b on path(z)} u_i(z) rho(z) / (sigma_a R_I)
                  - Q_a sum_{h in I: b on path(h)} mu(h),      R_I = sum_{h in I} rho(h),

sums over precomputed (action, action, terminal) and (infoset, action, node)
index triples, evaluated in log space so that nothing underflows far out on
the branch.

References: McKelvey, R. D. & Palfrey, T. R. (1998), Quantal response
equilibria for extensive form games, *Experimental Economics* 1, 9-41.
Turocy, T. L. (2005), *GEB* 51, 243-263.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sparse

from ...errors import UnsupportedGameError
from ...games.tree import CHANCE, DECISION, TERMINAL, Game
from ...validation import require_scalar_game
from ..solution import Solution

__all__ = ["AgentSystem", "BatchedAgentSystem", "trace_batch", "logsumexp_segments"]

#: Games with at least this many action variables get sparse Jacobians.
SPARSE_MIN_VARS = 60

#: AgentSystem.of: one system per Game object (with the arrays it was built from)
_SYSTEMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, np.intp)


class AgentSystem:
    """The agent-QRE equations of a scalar (unbatched) :class:`Game` and their Jacobian.

    ``y = (x, lambda)`` with ``x`` the log action probabilities, information
    sets in ``game.infosets`` order (see the module docstring for the equations).

    Parameters
    ----------
    game : Game
        A scalar game with perfect recall.

    Raises
    ------
    UnsupportedGameError
        The game is batched, has no decision nodes, has an information set
        twice on a path (absent-mindedness), or one reached with chance
        probability 0.

    Examples
    --------
    >>> import numpy as np
    >>> import compellence as cp
    >>> g = cp.Game(["A", "B"], cp.decision("A", {
    ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
    ...     "y": cp.outcome(1.0, 1.0)}))
    >>> sys = AgentSystem.of(g)
    >>> x = sys.start()[:-1]  # uniform behaviour
    >>> sys.n_vars, sys.n_infosets
    (4, 2)
    """

    def __init__(self, game: Game) -> None:
        require_scalar_game(game, "AgentSystem")
        if not game.infosets:
            raise UnsupportedGameError("the game has no decision nodes, so no QRE to compute")
        self.game = game
        n = game.n_nodes
        kind, parent = game.kind, game.parent
        sizes = np.array([len(s.actions) for s in game.infosets], dtype=np.intp)
        self.sizes = sizes
        self.offsets = np.r_[0, np.cumsum(sizes)].astype(np.intp)
        self.n_vars = int(self.offsets[-1])
        self.n_infosets = len(game.infosets)
        self.first = self.offsets[:-1]
        var_infoset = np.repeat(np.arange(self.n_infosets), sizes)
        self.var_infoset = var_infoset
        self.first_of = self.first[var_infoset]
        self.var_player = np.array([game.infosets[k].player for k in var_infoset], dtype=np.intp)

        # the variable of every decision edge (node = child of a decision node)
        has_parent = parent >= 0
        par = np.where(has_parent, parent, 0)
        dec_child = has_parent & (kind[par] == DECISION)
        dec_child[0] = False
        self.dec_child = np.flatnonzero(dec_child)
        self.edge_var = np.full(n, -1, dtype=np.intp)
        self.edge_var[self.dec_child] = (
            self.offsets[game.infoset[parent[self.dec_child]]] + game.action_index[self.dec_child]
        )
        self.dec_child_parent = parent[self.dec_child]
        self.dec_child_player = game.player[self.dec_child_parent]
        chance_child = np.flatnonzero(has_parent & (kind[par] == CHANCE))
        chance_child = chance_child[chance_child > 0]
        self.chance_child = chance_child
        with np.errstate(divide="ignore"):
            self.log_chance = np.log(game.chance_probs[game.chance_index[chance_child]])
        self.decision_nodes = np.flatnonzero(kind == DECISION)
        self.node_infoset = game.infoset

        # decision variables on the path from the root to every node
        paths: list[list[int]] = [[] for _ in range(n)]
        for i in range(1, n):
            p = paths[parent[i]]
            v = int(self.edge_var[i])
            paths[i] = p + [v] if v >= 0 else p
        # absent-mindedness (an information set twice on one path) breaks the
        # agent form's multilinearity that the exact Jacobian relies on
        vi = var_infoset.tolist()
        for z in game.terminals.tolist():
            sets = [vi[v] for v in paths[z]]
            if len(set(sets)) != len(sets):
                dup = next(k for k in sets if sets.count(k) > 1)
                raise UnsupportedGameError(
                    f"information set {game.infosets[dup].label!r} occurs twice on the path to "
                    f"{game.node_path(z)} (absent-minded driver); the agent QRE solver needs "
                    "each information set at most once per play"
                )
        # (a, b, z) triples: a, b distinct variables on the path to terminal z
        ta, tb, tz = [], [], []
        for z in game.terminals.tolist():
            pz = paths[z]
            m = len(pz)
            if m < 2:
                continue
            arr = np.asarray(pz, dtype=np.intp)
            A = np.repeat(arr, m)
            B = np.tile(arr, m)
            keep = A != B
            ta.append(A[keep])
            tb.append(B[keep])
            tz.append(np.full(int(keep.sum()), z, dtype=np.intp))
        self.ta, self.tb, self.tz = _cat(ta), _cat(tb), _cat(tz)
        self.t_player = self.var_player[self.ta]
        self.t_infoset = var_infoset[self.ta]
        # (I, b, h) triples: b on the path to decision node h of infoset I
        qi, qb, qh = [], [], []
        for h in self.decision_nodes.tolist():
            ph = paths[h]
            if ph:
                qb.append(np.asarray(ph, dtype=np.intp))
                qh.append(np.full(len(ph), h, dtype=np.intp))
                qi.append(np.full(len(ph), game.infoset[h], dtype=np.intp))
        self.qi, self.qb, self.qh = _cat(qi), _cat(qb), _cat(qh)
        # the same triples expanded to every action a of infoset I (sparse Jacobian)
        reps = sizes[self.qi] if self.qi.size else np.zeros(0, np.intp)
        self.ex_col = np.repeat(self.qb, reps)
        self.ex_h = np.repeat(self.qh, reps)
        within = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
        self.ex_row = np.repeat(self.offsets[self.qi], reps) + within
        n_v = self.n_vars
        nonfirst = np.ones(n_v, bool)
        nonfirst[self.first] = False
        self._nonfirst = nonfirst
        #: use scipy.sparse Jacobians (sparse LU in the path follower) above this size
        self.sparse = n_v >= SPARSE_MIN_VARS
        self._paths = paths
        # own depth of each infoset: moves of its player before it (well defined under
        # perfect recall); best responses are found deepest first
        first_nodes = [s.nodes[0] for s in game.infosets]
        self.own_depth = np.array(
            [sum(1 for v in paths[h] if self.var_player[v] == game.player[h]) for h in first_nodes],
            dtype=np.intp,
        )
        self.infoset_player = np.array([s.player for s in game.infosets], dtype=np.intp)
        self._internal, self._offsets_lv = [], []
        for d in range(len(game.levels) - 1):
            s0, e0 = game.levels[d]
            cs = game.levels[d + 1][0]
            internal = np.flatnonzero(game.kind[s0:e0] != TERMINAL) + s0
            self._internal.append(internal)
            self._offsets_lv.append(game.child_start[internal] - cs)
        self._set_payoffs(np.asarray(game.payoffs, dtype=float))
        self._check_reachable()
        if not self.sparse:
            self._setup_dense()

    @classmethod
    def of(cls, game: Game) -> AgentSystem:
        """The system of ``game``, built once per Game object and then reused.

        The index structure depends only on the tree, and a :class:`Game`'s
        arrays are read-only, so repeated solves of one game (several calls at
        different lambdas, a fit, a path and its points) share one build.

        Parameters
        ----------
        game : Game
            A scalar game with perfect recall.

        Returns
        -------
        AgentSystem
            The (cached) system.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> AgentSystem.of(g) is sys
        True
        """
        hit = _SYSTEMS.get(game)
        if hit is not None and hit[0] is game.payoffs and hit[1] is game.chance_probs:
            return hit[2]
        sys = cls(game)
        try:
            _SYSTEMS[game] = (game.payoffs, game.chance_probs, sys)
        except TypeError:  # not weak-referenceable: no caching
            pass
        return sys

    @cached_property
    def _R_ImP(self) -> sparse.csr_matrix:
        """``R (I - P)``: ``x_a - x_{a_0}`` in the non-first rows (sparse Jacobians only)."""
        n_v, nonfirst = self.n_vars, self._nonfirst
        eye = sparse.identity(n_v, format="csr")
        P = sparse.csr_matrix(
            (np.ones(int(nonfirst.sum())), (np.flatnonzero(nonfirst), self.first_of[nonfirst])),
            shape=(n_v, n_v),
        )
        return sparse.diags(nonfirst.astype(float), format="csr") @ (eye - P)

    def _set_payoffs(self, payoffs: np.ndarray) -> None:
        g = self.game
        self.payoffs = payoffs  # (n_players, n_terminals)
        self.t_payoff = (
            payoffs[self.t_player, g.terminal_index[self.tz]] if self.ta.size else np.zeros(0)
        )
        self.pay_min = float(payoffs.min()) if payoffs.size else 0.0
        self.pay_max = float(payoffs.max()) if payoffs.size else 0.0
        if getattr(self, "_Mz", None) is not None:
            self._Up = self._Mz * payoffs[self.var_player][:, g.terminal_index[g.terminals]]

    # ------------------------------------------------------------ small games: dense
    def _setup_dense(self) -> None:
        """Constant matrices of the dense formulation (small games; see :meth:`HJ`).

        With ``M[a, z] = 1`` when action ``a`` is on the path to terminal ``z``
        and ``rho(z) = exp(M^T x + c_z)`` (``c_z``: log chance probabilities on the
        path), the conditional action values are

            Q_a = sum_z M[a, z] u_{i(a)}(z) rho(z) / (sigma_a R_I(a))
                = sum_z Up[a, z] exp(log rho(z) - x_a - log R_I(a)),

        every exponent ``<= 0`` (it is ``log(mu(h) Pr(z | h, a))``), so nothing
        overflows; the Jacobian's sums over index triples become two dense
        products (``F M^T`` and the belief-weighted path indicator).
        """
        g = self.game
        n, n_v = g.n_nodes, self.n_vars
        A = np.zeros((n, n_v))
        for i, p in enumerate(self._paths):
            A[i, p] = 1.0
        lc = self._log_reach(np.zeros(n_v))  # log chance probability of reaching each node
        term = g.terminals
        self._Mz = np.ascontiguousarray(A[term].T)  # (n_vars, n_terminals)
        self._MzT = np.ascontiguousarray(A[term])  # (n_terminals, n_vars)
        self._lcz = lc[term]
        self._negmask = np.where(self._Mz > 0, 0.0, -np.inf)
        dn = self.decision_nodes
        order = np.argsort(self.node_infoset[dn], kind="stable")
        dns = dn[order]
        self._dns_infoset = self.node_infoset[dns]
        self._MhT = np.ascontiguousarray(A[dns])  # (n_dec, n_vars), infoset order
        self._lch = lc[dns]
        self._singleton = bool(np.all(np.bincount(self._dns_infoset) == 1))
        self._seg_start = np.flatnonzero(np.r_[True, np.diff(self._dns_infoset) != 0])
        S = np.zeros((self.n_infosets, dns.size))
        S[self._dns_infoset, np.arange(dns.size)] = 1.0
        self._S = S
        rows = np.arange(n_v)
        C = np.zeros((n_v, n_v))
        C[rows, rows] += 1.0
        C[rows, self.first_of] -= 1.0
        C[self.first] = 0.0
        self._C = C
        self._first_rows = self.first[self.var_infoset]
        self._rows = rows
        self._diag = (rows, rows)
        self._Up = self._Mz * self.payoffs[self.var_player][:, g.terminal_index[term]]
        self._eps_scale = max(abs(self.pay_max), abs(self.pay_min), 1e-300)

    def _dense_values(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                       np.ndarray]:
        """``(log reach of decision nodes (infoset order), log R_I, F, Q)`` at ``x``."""
        lz = self._MzT @ x
        lz += self._lcz
        lh = self._MhT @ x
        lh += self._lch
        if self._singleton:
            logR = lh
        else:
            st = self._seg_start
            mx = np.maximum.reduceat(lh, st)
            logR = mx + np.log(np.add.reduceat(np.exp(lh - mx[self._dns_infoset]), st))
        E = lz[None, :] - (x + logR[self.var_infoset])[:, None]
        E += self._negmask
        F = np.exp(E, out=E)
        F *= self._Up
        return lh, logR, F, F.sum(axis=1)

    def HJ(self, x: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(H, J_x, J_lambda)`` at ``(x, lam)`` in one evaluation (small games, dense).

        The same equations and Jacobian as :meth:`H` and :meth:`J_dense`; ``J_x`` is a
        fresh Fortran-ordered array (ready to be LU-factored in place).

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars,)`` log action probabilities.
        lam : float
            The precision lambda.

        Returns
        -------
        tuple of numpy.ndarray
            ``(H, J_x, J_lambda)``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> r, Jx, jl = sys.HJ(x, 1.0)
        >>> r.round(4).tolist(), Jx.shape
        ([0.0, 0.0, 0.0, 1.0], (4, 4))
        """
        lh, logR, F, Q = self._dense_values(x)
        fo, first = self.first_of, self.first
        sig = np.exp(x)
        dQ0 = Q - Q[fo]
        r = x - x[fo] - lam * dQ0
        r[first] = np.add.reduceat(sig, first) - 1.0
        T1 = F @ self._Mz.T
        T1[self._diag] -= Q
        mu = np.exp(lh - logR[self._dns_infoset])
        T2 = self._S @ (mu[:, None] * self._MhT)
        D = T1 - Q[:, None] * T2[self.var_infoset]
        Jx = np.multiply(D - D[fo], -lam, order="F")
        Jx += self._C
        Jx[self._first_rows, self._rows] = sig
        jl = -dQ0
        jl[first] = 0.0
        return r, Jx, jl

    def H_dense(self, x: np.ndarray, lam: float) -> np.ndarray:
        """``H`` at ``(x, lam)`` by the dense formulation (small games; see :meth:`HJ`).

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars,)`` log action probabilities.
        lam : float
            The precision lambda.

        Returns
        -------
        numpy.ndarray
            ``(n_vars,)`` residual.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.H_dense(x, 1.0).round(4).tolist()
        [0.0, 0.0, 0.0, 1.0]
        """
        Q = self._dense_values(x)[3]
        fo, first = self.first_of, self.first
        r = x - x[fo]
        r -= lam * (Q - Q[fo])
        r[first] = np.add.reduceat(np.exp(x), first) - 1.0
        return r

    def with_numbers(self, payoffs: np.ndarray, chance_probs: np.ndarray) -> AgentSystem:
        """The same tree with other payoffs / chance probabilities (one batch element).

        Reuses the precomputed index structure, so a batched game costs one
        structure build, not one per element.

        Parameters
        ----------
        payoffs : numpy.ndarray
            ``(n_players, n_terminals)`` payoffs.
        chance_probs : numpy.ndarray
            Chance probabilities, as ``game.chance_probs``.

        Returns
        -------
        AgentSystem
            A new system; ``self`` is unchanged.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]
        >>> double = sys.with_numbers(2 * np.asarray(g.payoffs), np.asarray(g.chance_probs))
        >>> double.H_dense(x, 1.0).round(4).tolist(), sys.H_dense(x, 1.0).round(4).tolist()
        ([0.0, 0.0, 0.0, 2.0], [0.0, 0.0, 0.0, 1.0])
        """
        new = copy.copy(self)
        new._set_payoffs(np.asarray(payoffs, dtype=float))
        with np.errstate(divide="ignore"):
            new.log_chance = np.log(
                np.asarray(chance_probs, dtype=float)[self.game.chance_index[self.chance_child]]
            )
        new._check_reachable()
        return new

    def _node_values(self, edge_prob: np.ndarray) -> np.ndarray:
        """Expected payoffs at every node (as :func:`solution.node_values`, own payoffs)."""
        g = self.game
        value = np.empty((g.n_players, g.n_nodes))
        value[:, g.terminals] = self.payoffs
        levels = g.levels
        for d in range(len(levels) - 2, -1, -1):
            s, e = levels[d]
            cs, ce = levels[d + 1]
            internal = self._internal[d]
            if internal.size == 0:
                continue
            weighted = value[:, cs:ce] * edge_prob[cs:ce][None]
            value[:, internal] = np.add.reduceat(weighted, self._offsets_lv[d], axis=1)
        return value

    def _check_reachable(self) -> None:
        # an infoset whose every node has chance probability zero has no beliefs
        lr = self._log_reach(np.full(self.n_vars, 0.0))
        lr_dec = lr[self.decision_nodes]
        best = np.full(self.n_infosets, -np.inf)
        np.maximum.at(best, self.node_infoset[self.decision_nodes], lr_dec)
        bad = np.flatnonzero(~np.isfinite(best))
        if bad.size:
            s = self.game.infosets[int(bad[0])]
            raise UnsupportedGameError(
                f"information set {s.label!r} is reached with chance probability 0, so the "
                "agent QRE has no beliefs there; remove the zero-probability chance branch",
            )

    # ------------------------------------------------------------------ pieces
    def _log_reach(self, x: np.ndarray) -> np.ndarray:
        g = self.game
        logedge = np.zeros(g.n_nodes)
        logedge[self.dec_child] = x[self.edge_var[self.dec_child]]
        logedge[self.chance_child] = self.log_chance
        lr = np.empty(g.n_nodes)
        lr[0] = 0.0
        for s, e in g.levels[1:]:
            lr[s:e] = lr[g.parent[s:e]] + logedge[s:e]
        return lr

    def edge_prob(self, sigma: np.ndarray) -> np.ndarray:
        """Per node: the probability of the edge into it (behaviour ``sigma``, chance).

        Parameters
        ----------
        sigma : numpy.ndarray
            ``(n_vars,)`` behaviour probabilities.

        Returns
        -------
        numpy.ndarray
            ``(n_nodes,)``, 1 at the root.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.edge_prob(np.exp(x)).tolist()
        [1.0, 0.5, 0.5, 0.5, 0.5]
        """
        g = self.game
        ep = np.ones(g.n_nodes)
        ep[self.dec_child] = sigma[self.edge_var[self.dec_child]]
        ep[self.chance_child] = np.exp(self.log_chance)
        return ep

    def evaluate(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """Reach (log), beliefs, node values and action values ``Q`` at log-profile ``x``.

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars,)`` log action probabilities.

        Returns
        -------
        dict of str to numpy.ndarray
            ``sigma, edge_prob, log_reach, logR, beliefs, V, Q``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> ev = sys.evaluate(x)
        >>> sorted(ev)
        ['Q', 'V', 'beliefs', 'edge_prob', 'logR', 'log_reach', 'sigma']
        >>> ev["Q"].round(4).tolist()
        [1.0, 1.0, 1.0, 0.0]
        """
        sigma = np.exp(x)
        lr = self._log_reach(x)
        ep = self.edge_prob(sigma)
        V = self._node_values(ep)
        dn = self.decision_nodes
        iset = self.node_infoset[dn]
        # log R_I by a segmented logsumexp over the nodes of each infoset
        mx = np.full(self.n_infosets, -np.inf)
        np.maximum.at(mx, iset, lr[dn])
        ssum = np.bincount(iset, weights=np.exp(lr[dn] - mx[iset]), minlength=self.n_infosets)
        logR = mx + np.log(ssum)
        beliefs = np.zeros(self.game.n_nodes)
        beliefs[dn] = np.exp(lr[dn] - logR[iset])
        c = self.dec_child
        Q = np.bincount(
            self.edge_var[c],
            weights=beliefs[self.dec_child_parent] * V[self.dec_child_player, c],
            minlength=self.n_vars,
        )
        return {"sigma": sigma, "log_reach": lr, "logR": logR, "beliefs": beliefs, "V": V,
                "Q": Q, "edge_prob": ep}

    # ------------------------------------------------------------------ system
    def H(self, y: np.ndarray) -> np.ndarray:
        """The residual ``H(x, lambda)``, ``(n_vars,)``, at ``y = (x, lambda)``.

        Parameters
        ----------
        y : numpy.ndarray
            ``(n_vars + 1,)``: log action probabilities, then lambda.

        Returns
        -------
        numpy.ndarray
            ``(n_vars,)`` residual (zero on the branch).

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.H(np.r_[x, 0.0]).round(12).tolist()
        [0.0, 0.0, 0.0, 0.0]
        """
        x, lam = y[:-1], y[-1]
        ev = self.evaluate(x)
        Q = ev["Q"]
        r = x - x[self.first_of] - lam * (Q - Q[self.first_of])
        r[self.first] = np.add.reduceat(ev["sigma"], self.first) - 1.0
        return r

    def dQ(self, ev: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
        """``dQ_a / dx_b`` as a dense ``(n_vars, n_vars)`` matrix.

        Parameters
        ----------
        ev : dict of str to numpy.ndarray
            :meth:`evaluate` of ``x``.
        x : numpy.ndarray
            ``(n_vars,)`` log action probabilities.

        Returns
        -------
        numpy.ndarray
            ``(n_vars, n_vars)``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.dQ(sys.evaluate(x), x).shape
        (4, 4)
        """
        n = self.n_vars
        lr, logR = ev["log_reach"], ev["logR"]
        w = self.t_payoff * np.exp(lr[self.tz] - x[self.ta] - logR[self.t_infoset])
        T1 = np.bincount(self.ta * n + self.tb, weights=w, minlength=n * n).reshape(n, n)
        T2 = np.bincount(
            self.qi * n + self.qb, weights=ev["beliefs"][self.qh], minlength=self.n_infosets * n
        ).reshape(self.n_infosets, n)
        return T1 - ev["Q"][:, None] * T2[self.var_infoset]

    def J(self, y: np.ndarray) -> np.ndarray | sparse.csr_matrix:
        """The Jacobian ``dH/d(x, lambda)``: dense for small games, scipy.sparse CSR otherwise.

        Parameters
        ----------
        y : numpy.ndarray
            ``(n_vars + 1,)``: log action probabilities, then lambda.

        Returns
        -------
        numpy.ndarray or scipy.sparse.csr_matrix
            ``(n_vars, n_vars + 1)``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.J(sys.start()).shape
        (4, 5)
        """
        return self.J_sparse(y) if self.sparse else self.J_dense(y)

    def J_sparse(self, y: np.ndarray) -> sparse.csr_matrix:
        """The Jacobian ``dH/d(x, lambda)`` as scipy.sparse CSR.

        Parameters
        ----------
        y : numpy.ndarray
            ``(n_vars + 1,)``: log action probabilities, then lambda.

        Returns
        -------
        scipy.sparse.csr_matrix
            ``(n_vars, n_vars + 1)``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> np.allclose(sys.J_sparse(sys.start()).toarray(), sys.J_dense(sys.start()))
        True
        """
        x, lam = y[:-1], y[-1]
        ev = self.evaluate(x)
        n = self.n_vars
        lr, logR, Q = ev["log_reach"], ev["logR"], ev["Q"]
        w1 = self.t_payoff * np.exp(lr[self.tz] - x[self.ta] - logR[self.t_infoset])
        w2 = -Q[self.ex_row] * ev["beliefs"][self.ex_h]
        D = sparse.csr_matrix(
            (np.r_[w1, w2], (np.r_[self.ta, self.ex_row], np.r_[self.tb, self.ex_col])),
            shape=(n, n),
        )
        Jx = self._R_ImP - lam * (self._R_ImP @ D)
        F = sparse.csr_matrix((ev["sigma"], (self.first_of, np.arange(n))), shape=(n, n))
        jl = -(Q - Q[self.first_of])
        jl[self.first] = 0.0
        return sparse.hstack([Jx + F, sparse.csr_matrix(jl[:, None])], format="csr")

    def J_dense(self, y: np.ndarray) -> np.ndarray:
        """The Jacobian ``dH/d(x, lambda)``, dense ``(n_vars, n_vars + 1)``.

        Parameters
        ----------
        y : numpy.ndarray
            ``(n_vars + 1,)``: log action probabilities, then lambda.

        Returns
        -------
        numpy.ndarray
            ``(n_vars, n_vars + 1)``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.J_dense(sys.start())[0].tolist()  # the sum row of the first infoset
        [0.5, 0.5, 0.0, 0.0, 0.0]
        """
        x, lam = y[:-1], y[-1]
        ev = self.evaluate(x)
        n = self.n_vars
        D = self.dQ(ev, x)
        Jm = np.empty((n, n + 1))
        Jm[:, :n] = -lam * (D - D[self.first_of])
        rows = np.arange(n)
        Jm[rows, rows] += 1.0
        Jm[rows, self.first_of] -= 1.0
        Q = ev["Q"]
        Jm[:, n] = -(Q - Q[self.first_of])
        Jm[self.first, :] = 0.0
        sig = ev["sigma"]
        Jm[self.first[self.var_infoset], rows] = sig
        return Jm

    def start(self) -> np.ndarray:
        """The branch's start ``(log uniform behaviour, lambda = 0)``.

        Returns
        -------
        numpy.ndarray
            ``(n_vars + 1,)``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> np.exp(sys.start()[:-1]).round(12).tolist()
        [0.5, 0.5, 0.5, 0.5]
        """
        y = np.empty(self.n_vars + 1)
        y[:-1] = -np.log(self.sizes[self.var_infoset])
        y[-1] = 0.0
        return y

    def logit_response(self, sigma: np.ndarray, lam: float) -> np.ndarray:
        """Every agent's logit response at precision ``lam`` to the behaviour ``sigma``.

        Parameters
        ----------
        sigma : numpy.ndarray
            ``(n_vars,)`` behaviour probabilities.
        lam : float
            The precision lambda.

        Returns
        -------
        numpy.ndarray
            ``(n_vars,)`` responses.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.logit_response(np.exp(x), 1.0).round(4).tolist()
        [0.5, 0.5, 0.7311, 0.2689]
        """
        ev = self.evaluate(np.log(np.maximum(sigma, 1e-300)))
        z = lam * ev["Q"]
        mx = np.maximum.reduceat(z, self.first)
        e = np.exp(z - mx[self.var_infoset])
        return e / np.add.reduceat(e, self.first)[self.var_infoset]

    def residual(self, x: np.ndarray, lam: float) -> float:
        """Max abs deviation of ``sigma = exp(x)`` from the agent logit response to itself.

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars,)`` log action probabilities.
        lam : float
            The precision lambda.

        Returns
        -------
        float
            The largest absolute deviation.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.residual(x, 0.0), round(sys.residual(x, 1.0), 4)
        (0.0, 0.2311)
        """
        ev = self.evaluate(x)
        z = lam * ev["Q"]
        lse = logsumexp_segments(z, self.first, self.var_infoset)
        return float(np.max(np.abs(ev["sigma"] - np.exp(z - lse[self.var_infoset]))))

    def regret(self, x: np.ndarray) -> np.ndarray:
        """Per infoset: best conditional action value minus the agent's expected value.

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars,)`` log action probabilities.

        Returns
        -------
        numpy.ndarray
            ``(n_infosets,)`` regrets.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.regret(x).round(4).tolist()
        [0.0, 0.5]
        """
        ev = self.evaluate(x)
        Q, sig = ev["Q"], ev["sigma"]
        return np.maximum.reduceat(Q, self.first) - np.add.reduceat(sig * Q, self.first)

    def nash_regret(self, x: np.ndarray) -> np.ndarray:
        """Per player: best-response payoff against the others' behaviour minus the payoff.

        The player-level (Nash) regret that Gambit's ``logit_solve`` stops on.  The
        best response is built infoset by infoset, deepest own infoset first (perfect
        recall), choosing at each the action maximising the belief-weighted value.

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars,)`` log action probabilities.

        Returns
        -------
        numpy.ndarray
            ``(n_players,)`` regrets.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sys.nash_regret(x).round(4).tolist()
        [0.0, 0.25]
        """
        ev = self.evaluate(x)
        g = self.game
        beliefs, base = ev["beliefs"], ev["edge_prob"]
        c = self.dec_child
        out = np.zeros(g.n_players)
        for i in range(g.n_players):
            mine = np.flatnonzero(self.infoset_player == i)
            if mine.size == 0:
                continue
            ep = base.copy()
            for level in sorted(set(self.own_depth[mine].tolist()), reverse=True):
                V = self._node_values(ep)
                Qb = np.bincount(self.edge_var[c], weights=beliefs[self.dec_child_parent]
                                 * V[self.dec_child_player, c], minlength=self.n_vars)
                sets = mine[self.own_depth[mine] == level]
                for k in sets.tolist():
                    a0, a1 = int(self.offsets[k]), int(self.offsets[k + 1])
                    best = a0 + int(np.argmax(Qb[a0:a1]))
                    kids = c[(self.edge_var[c] >= a0) & (self.edge_var[c] < a1)]
                    ep[kids] = (self.edge_var[kids] == best).astype(float)
            out[i] = self._node_values(ep)[i, 0] - ev["V"][i, 0]
        return np.maximum(out, 0.0)

    def solution(self, x: np.ndarray, lam: float, info: dict[str, Any] | None = None
                 ) -> Solution:
        """The point ``(x, lam)`` as a :class:`Solution` (``method="agent_qre"``, beliefs,
        ``info``: ``lam``, ``residual``, ``max_regret``, ``nash_regret``).

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars,)`` log action probabilities.
        lam : float
            The precision lambda.
        info : dict or None
            Extra ``info`` entries.

        Returns
        -------
        Solution
            The behaviour profile with beliefs.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(2.0, 1.0), "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> sys = AgentSystem.of(g)
        >>> x = sys.start()[:-1]  # uniform behaviour
        >>> sol = sys.solution(x, 0.0)
        >>> sol.method, sorted(sol.info)
        ('agent_qre', ['lam', 'max_regret', 'nash_regret', 'residual'])
        """
        ev = self.evaluate(x)
        info = dict(info or {})
        info.setdefault("lam", float(lam))
        info.setdefault("residual", self.residual(x, lam))
        info.setdefault("max_regret", float(self.regret(x).max()))
        info.setdefault("nash_regret", float(self.nash_regret(x).max()))
        return Solution(
            game=self.game,
            edge_prob=ev["edge_prob"],
            node_value=ev["V"],
            ties=np.zeros(self.decision_nodes.size, dtype=bool),
            method="agent_qre",
            beliefs=ev["beliefs"],
            info=info,
        )


def logsumexp_segments(z: np.ndarray, starts: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """``log sum exp`` of each contiguous segment of ``z``.

    Parameters
    ----------
    z : numpy.ndarray
        ``(n,)`` values.
    starts : numpy.ndarray
        Increasing start index of every segment (the first is 0).
    seg : numpy.ndarray
        ``(n,)`` the segment of every entry.

    Returns
    -------
    numpy.ndarray
        One value per segment, computed without overflow.

    Examples
    --------
    >>> import numpy as np
    >>> out = logsumexp_segments(np.array([0.0, 0.0, 1000.0]), np.array([0, 2]), np.array([0, 0, 1]))
    >>> out.round(6).tolist()
    [0.693147, 1000.0]
    """
    mx = np.maximum.reduceat(z, starts)
    return mx + np.log(np.add.reduceat(np.exp(z - mx[seg]), starts))


class BatchedAgentSystem:
    """The agent-QRE equations of every element of a batched game at once.

    Same equations and Jacobian as :class:`AgentSystem`, with a trailing batch
    axis ``B`` on every array (``x`` is ``(n_vars, B)``); sums over index
    triples become products with constant scipy.sparse scatter matrices.
    Used by :func:`continuation` for parameter sweeps of small games.

    Parameters
    ----------
    base : AgentSystem
        The system of one element (the tree structure).
    payoffs : numpy.ndarray
        ``(n_players, n_terminals, B)`` payoffs.
    chance_probs : numpy.ndarray
        ``(n_chance_edges, B)`` chance probabilities.

    Examples
    --------
    >>> import numpy as np
    >>> import compellence as cp
    >>> g = cp.Game(["A", "B"], cp.decision("A", {
    ...     "x": cp.decision("B", {"l": cp.outcome(np.array([2.0, 3.0]), 1.0),
    ...                            "r": cp.outcome(0.0, 0.0)}),
    ...     "y": cp.outcome(1.0, 1.0)}))
    >>> base = AgentSystem(g.at((0,)))
    >>> bsys = BatchedAgentSystem(base, g.payoffs.reshape(2, -1, 2),
    ...                           g.chance_probs.reshape(-1, 2))
    >>> X = np.repeat(base.start()[:-1, None], 2, axis=1)  # uniform behaviour, both elements
    >>> bsys.B
    2
    """

    def __init__(self, base: AgentSystem, payoffs: np.ndarray, chance_probs: np.ndarray) -> None:
        self.b = base
        g = base.game
        self.B = payoffs.shape[-1]
        self.payoffs = payoffs  # (n_players, n_terminals, B)
        with np.errstate(divide="ignore"):
            self.log_chance = np.log(chance_probs[g.chance_index[base.chance_child]])
        self.t_payoff = payoffs[base.t_player, g.terminal_index[base.tz]]  # (n_triples, B)
        n, nI = base.n_vars, base.n_infosets
        c = base.dec_child

        def scatter(rows: np.ndarray, n_rows: int) -> sparse.csr_matrix:
            return sparse.csr_matrix(
                (np.ones(rows.size), (rows, np.arange(rows.size))), shape=(n_rows, rows.size)
            )

        self.S_Q = scatter(base.edge_var[c], n)
        self.S_T1 = scatter(base.ta * n + base.tb, n * n)
        self.S_T2 = scatter(base.qi * n + base.qb, nI * n)
        dn = base.decision_nodes
        self.S_R = scatter(base.node_infoset[dn], nI)

    def evaluate(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """As :meth:`AgentSystem.evaluate` with ``x`` of shape ``(n_vars, B)``.

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars, B)`` log action probabilities.

        Returns
        -------
        dict of str to numpy.ndarray
            As :meth:`AgentSystem.evaluate`, with a batch axis.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(np.array([2.0, 3.0]), 1.0),
        ...                            "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> base = AgentSystem(g.at((0,)))
        >>> bsys = BatchedAgentSystem(base, g.payoffs.reshape(2, -1, 2),
        ...                           g.chance_probs.reshape(-1, 2))
        >>> X = np.repeat(base.start()[:-1, None], 2, axis=1)  # uniform behaviour, both elements
        >>> bsys.evaluate(X)["Q"].shape
        (4, 2)
        """
        b, g = self.b, self.b.game
        B = x.shape[1]
        logedge = np.zeros((g.n_nodes, B))
        logedge[b.dec_child] = x[b.edge_var[b.dec_child]]
        logedge[b.chance_child] = self.log_chance
        lr = np.empty((g.n_nodes, B))
        lr[0] = 0.0
        for s, e in g.levels[1:]:
            lr[s:e] = lr[g.parent[s:e]] + logedge[s:e]
        ep = np.exp(logedge)
        ep[0] = 1.0
        value = np.empty((g.n_players, g.n_nodes, B))
        value[:, g.terminals] = self.payoffs
        for d in range(len(g.levels) - 2, -1, -1):
            internal = b._internal[d]
            if internal.size == 0:
                continue
            cs, ce = g.levels[d + 1]
            value[:, internal] = np.add.reduceat(
                value[:, cs:ce] * ep[cs:ce][None], b._offsets_lv[d], axis=1
            )
        dn = b.decision_nodes
        iset = b.node_infoset[dn]
        mx = np.full((b.n_infosets, B), -np.inf)
        np.maximum.at(mx, iset, lr[dn])
        logR = mx + np.log(self.S_R @ np.exp(lr[dn] - mx[iset]))
        beliefs = np.zeros((g.n_nodes, B))
        beliefs[dn] = np.exp(lr[dn] - logR[iset])
        c = b.dec_child
        Q = self.S_Q @ (beliefs[b.dec_child_parent] * value[b.dec_child_player, c])
        return {"sigma": np.exp(x), "log_reach": lr, "logR": logR, "beliefs": beliefs,
                "V": value, "Q": Q, "edge_prob": ep}

    def H(self, x: np.ndarray, lam: float, ev: dict[str, np.ndarray] | None = None
          ) -> np.ndarray:
        """The residuals ``(n_vars, B)`` at ``x`` and ``lam`` (``ev``: :meth:`evaluate` of ``x``).

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars, B)`` log action probabilities.
        lam : float
            The precision lambda.
        ev : dict or None
            :meth:`evaluate` of ``x`` (computed if None).

        Returns
        -------
        numpy.ndarray
            ``(n_vars, B)``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(np.array([2.0, 3.0]), 1.0),
        ...                            "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> base = AgentSystem(g.at((0,)))
        >>> bsys = BatchedAgentSystem(base, g.payoffs.reshape(2, -1, 2),
        ...                           g.chance_probs.reshape(-1, 2))
        >>> X = np.repeat(base.start()[:-1, None], 2, axis=1)  # uniform behaviour, both elements
        >>> bsys.H(X, 1.0).round(4).tolist()
        [[0.0, 0.0], [0.0, 0.5], [0.0, 0.0], [1.0, 1.0]]
        """
        b = self.b
        ev = ev or self.evaluate(x)
        Q = ev["Q"]
        r = x - x[b.first_of] - lam * (Q - Q[b.first_of])
        r[b.first] = np.add.reduceat(ev["sigma"], b.first, axis=0) - 1.0
        return r

    def jacobian(self, x: np.ndarray, lam: float, ev: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """``(J_x, J_lambda)``: ``(B, n, n)`` and ``(n, B)``.

        Parameters
        ----------
        x : numpy.ndarray
            ``(n_vars, B)`` log action probabilities.
        lam : float
            The precision lambda.
        ev : dict of str to numpy.ndarray
            :meth:`evaluate` of ``x``.

        Returns
        -------
        tuple of numpy.ndarray
            ``(J_x, J_lambda)``.

        Examples
        --------
        >>> import numpy as np
        >>> import compellence as cp
        >>> g = cp.Game(["A", "B"], cp.decision("A", {
        ...     "x": cp.decision("B", {"l": cp.outcome(np.array([2.0, 3.0]), 1.0),
        ...                            "r": cp.outcome(0.0, 0.0)}),
        ...     "y": cp.outcome(1.0, 1.0)}))
        >>> base = AgentSystem(g.at((0,)))
        >>> bsys = BatchedAgentSystem(base, g.payoffs.reshape(2, -1, 2),
        ...                           g.chance_probs.reshape(-1, 2))
        >>> X = np.repeat(base.start()[:-1, None], 2, axis=1)  # uniform behaviour, both elements
        >>> Jx, jl = bsys.jacobian(X, 1.0, bsys.evaluate(X))
        >>> Jx.shape, jl.shape
        ((2, 4, 4), (4, 2))
        """
        b = self.b
        n, nI, B = b.n_vars, b.n_infosets, x.shape[1]
        lr, logR, Q = ev["log_reach"], ev["logR"], ev["Q"]
        w = self.t_payoff * np.exp(lr[b.tz] - x[b.ta] - logR[b.t_infoset])
        T1 = (self.S_T1 @ w).reshape(n, n, B)
        T2 = (self.S_T2 @ ev["beliefs"][b.qh]).reshape(nI, n, B)
        D = T1 - Q[:, None, :] * T2[b.var_infoset]
        Jx = -lam * (D - D[b.first_of])
        rows = np.arange(n)
        Jx[rows, rows] += 1.0
        Jx[rows, b.first_of] -= 1.0
        Jx[b.first] = 0.0
        Jx[b.first[b.var_infoset], rows] = ev["sigma"]
        jl = -(Q - Q[b.first_of])
        jl[b.first] = 0.0
        return np.moveaxis(Jx, -1, 0), jl


def _bsolve(J: np.ndarray, rhs: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``J[k] d[:, k] = rhs[:, k]`` for the active elements (others get 0).

    Inactive or singular elements are replaced by the identity so one singular
    element cannot stop the batch; the returned mask drops the singular ones.
    """
    n = J.shape[1]
    A = np.where(active[:, None, None], J, np.eye(n))
    sign, _ = np.linalg.slogdet(A)
    singular = sign == 0
    if singular.any():
        A[singular] = np.eye(n)
    d = np.linalg.solve(A, rhs.T[..., None])[..., 0].T
    act = active & ~singular
    d[:, ~act] = 0.0
    return d, act


def trace_batch(bsys: BatchedAgentSystem, lams: Sequence[float], *, first_step: float = 0.05,
                max_iter: int = 8, tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """Batched natural-parameter continuation of the principal branch through ``lams``.

    Euler predictor ``x + dlam dx/dlambda`` and Newton corrector for every batch
    element at once, on one adaptive lambda grid that lands on each of the
    increasing targets ``lams``.  Returns ``(x, ok)``, shapes ``(n_targets,
    n_vars, B)`` and ``(n_targets, B)``: ``ok[j, k]`` is False where element
    ``k`` could not be followed safely up to ``lams[j]`` (Newton failed at the
    smallest step, or ``det J_x`` changed sign: a lambda turning point, where
    only arc-length tracing stays on the principal branch); those points must
    be found with the scalar path follower.

    Parameters
    ----------
    bsys : BatchedAgentSystem
        The batched equations.
    lams : sequence of float
        Increasing target lambdas.
    first_step : float
        The first lambda step.
    max_iter : int
        Newton iterations per step.
    tol : float
        Newton tolerance.

    Returns
    -------
    tuple of numpy.ndarray
        ``(x, ok)``.

    Examples
    --------
    >>> import numpy as np
    >>> import compellence as cp
    >>> g = cp.Game(["A", "B"], cp.decision("A", {
    ...     "x": cp.decision("B", {"l": cp.outcome(np.array([2.0, 3.0]), 1.0),
    ...                            "r": cp.outcome(0.0, 0.0)}),
    ...     "y": cp.outcome(1.0, 1.0)}))
    >>> base = AgentSystem(g.at((0,)))
    >>> bsys = BatchedAgentSystem(base, g.payoffs.reshape(2, -1, 2),
    ...                           g.chance_probs.reshape(-1, 2))
    >>> X = np.repeat(base.start()[:-1, None], 2, axis=1)  # uniform behaviour, both elements
    >>> x, ok = trace_batch(bsys, [1.0, 2.0])
    >>> x.shape, ok.all()
    ((2, 4, 2), np.True_)
    >>> np.exp(x[-1]).round(4).tolist()
    [[0.821, 0.9639], [0.179, 0.0361], [0.8808, 0.8808], [0.1192, 0.1192]]
    """
    b = bsys.b
    B = bsys.B
    targets = [float(v) for v in lams]
    X = np.empty((len(targets), b.n_vars, B))
    OK = np.zeros((len(targets), B), dtype=bool)
    x = np.repeat((-np.log(b.sizes[b.var_infoset]))[:, None], B, axis=1)
    ok = np.ones(B, dtype=bool)
    cur = 0.0
    j = 0
    while j < len(targets) and targets[j] <= cur:
        X[j], OK[j] = x, ok
        j += 1
    if j == len(targets):
        return X, OK
    lam_end = targets[-1]
    ev = bsys.evaluate(x)
    Jx, jl = bsys.jacobian(x, cur, ev)
    sign0, _ = np.linalg.slogdet(Jx)
    h = first_step
    while j < len(targets):
        lam = targets[j]
        step = min(h, lam - cur)
        nxt = cur + step if lam - (cur + step) > 1e-12 * max(1.0, lam) else lam
        step = nxt - cur
        dxdl, ok = _bsolve(Jx, -jl, ok)  # (n, B)
        xn = x + step * dxdl
        good = np.ones(B, dtype=bool)
        for _ in range(max_iter):
            evn = bsys.evaluate(xn)
            r = bsys.H(xn, nxt, evn)
            Jn, _ = bsys.jacobian(xn, nxt, evn)
            d, solvable = _bsolve(Jn, -r, ok & good)
            good &= solvable | ~ok
            bad = ~np.isfinite(d).all(axis=0) | (np.abs(d).max(axis=0) > 0.5)
            d[:, bad] = 0.0
            good &= ~bad
            xn = xn + d
            if np.all(np.abs(d).max(axis=0) <= tol * np.maximum(1.0, np.abs(xn).max(axis=0))):
                break
        else:
            evn = bsys.evaluate(xn)
            r = bsys.H(xn, nxt, evn)
            good &= np.abs(r).max(axis=0) <= 1e-9 * max(1.0, nxt)
        if not np.all(good | ~ok):
            if step > 1e-4 * max(1.0, lam_end):
                h = step / 2
                continue
            ok &= good  # give these up to the scalar tracer
        x = np.where(ok, xn, x)
        cur = nxt
        ev = bsys.evaluate(x)
        Jx, jl = bsys.jacobian(x, cur, ev)
        sign, _ = np.linalg.slogdet(np.where(ok[:, None, None], Jx, np.eye(b.n_vars)))
        ok &= sign == sign0
        while j < len(targets) and targets[j] <= cur:
            X[j], OK[j] = x, ok
            j += 1
        h = min(step * 1.5, 0.5 * max(1.0, cur))
    return X, OK
