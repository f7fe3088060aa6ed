"""Equilibria of dynamic coercion games: backward induction over time, stationary MPE.

**Finite horizon (subgame-perfect).**  With ``V_{T+1}`` replaced by the end
values, for ``t = T, ..., 1`` and every state at once::

    W_t(z', b) = payoff(z', b) + [b continues] * (delta sum_q prob(z', b, q) V_{t+1}(succ(z', b, q))
                                                 or end_value(z', b) at t = T)
    b*_t(z')   = argmax_b W_t(z', b)_target               (target, at every after-state)
    Q_t(z, a)  = move_payoff(z, a) + W_t(after(z, a), b*_t(after(z, a)))
    a*_t(z)    = argmax_a Q_t(z, a)_coercer,   V_t(z) = Q_t(z, a*_t(z))

This is backward induction on the unrolled tree (Kuhn 1953; Selten 1965),
done per period over the whole grid: the target is evaluated once per
after-state, the coercer by one gather, so a period costs ``O(S (B Q + A))``
array work with no per-state Python loop.  Ties within ``tol`` take the
first best action (as :func:`compellence.spe` with ``ties="first"``) and are
counted.

**Infinite horizon (stationary Markov-perfect).**  A stationary policy pair
``(a*, b*)`` is an MPE iff no player gains from a one-shot deviation at any
state given the pair's own values (the one-shot deviation principle for
discounted games; Fudenberg & Tirole 1991, Thm 4.2; Maskin & Tirole 2001).
Two searches:

* value iteration ``V_{n+1} = Bellman(V_n)`` (the step above with
  ``V_{t+1} := V_n``).  **Convergence criterion**: the policy pair did not
  change in the last step and ``||V_{n+1} - V_n||_inf <= tol (1 - delta) /
  delta``, so the values are within ``tol`` of that pair's fixed point; the
  pair is then evaluated exactly and verified by the one-shot deviation check.
  A game's Bellman map is not a contraction (each player's best reply moves
  the other's values), so it can cycle: a repeated policy pair without
  convergence is reported as ``"cycle"``.
* policy iteration from a starting policy pair: evaluate the pair exactly,
  let both players best-reply one shot (keeping the current action when it
  is still best within ``tol``), repeat until the pair is a fixed point
  (a verified MPE) or repeats (``"cycle"``).

:func:`markov_perfect` runs several starts and reports the distinct
equilibria found (a game can have several MPE; see the tests' two-MPE game).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...errors import ParameterError
from ...limits import check_size
from . import kernels
from .results import FiniteSolution, MPEResult, StationarySolution
from .state import MarkovGame

__all__ = ["backward_induction_dynamic", "value_iteration", "policy_iteration", "markov_perfect",
           "bellman_step", "evaluate_policy"]


def _best(q: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """First action within ``tol`` of the best along the last axis (disallowed ones are ``-inf``), tie mask."""
    m = q.max(axis=-1, keepdims=True)
    near = q >= m - tol
    return near.argmax(axis=-1), np.count_nonzero(near, axis=-1) > 1


def _continuation(game: MarkovGame, V: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``delta sum_q prob V[succ]`` for the continuing answers ``cols``: ``(*batch, S, len(cols), 2)``."""
    succ = game.succ[:, cols, :]
    if succ.shape[-1] == 1:
        ev = np.take(V, succ[..., 0], axis=-2)
    else:
        prob = game.prob[..., :, cols, :]
        ev = np.einsum("...sbq,...sbqp->...sbp", prob, np.take(V, succ, axis=-2))
    return game.delta[..., None, None, None] * ev


COLUMNS_MIN_STATES = 2048  # grids at least this large use the column layout (same results, faster)


class _Prep:
    """Arrays of a game reused every period (masks as additive ``-inf``).

    ``compiled``: also prepare the numba kernel's arrays (:class:`_Fast`); ``None`` decides by
    ``cells`` (:func:`~compellence.coercion.dynamics.kernels.worth_compiling`)."""

    def __init__(self, game: MarkovGame, compiled: bool | None = False, cells: int = 0) -> None:
        self.cols = np.flatnonzero(~game.terminal.all(axis=0))
        col_term = game.terminal.all(axis=0)
        self.uniform = bool(np.all(game.terminal == col_term[None, :]))
        self.t_neg = np.where(game.target_allowed, 0.0, -np.inf)
        self.c_move0 = game.move_payoff[..., 0] + np.where(game.coercer_allowed, 0.0, -np.inf)
        self.move1 = np.ascontiguousarray(game.move_payoff[..., 1])
        self.comply = game.target_actions.index("comply") if "comply" in game.target_actions else None
        self.reach_mask = np.zeros(game.after.shape[0], bool)
        self.reach_mask[game.after[game.coercer_allowed]] = True
        self.reach = np.flatnonzero(self.reach_mask)
        self.ws: dict = {}   # scratch buffers of the column layout, reused every period
        self.after_b = np.broadcast_to(game.after, (*game.batch_shape, *game.after.shape))
        S, A = game.after.shape
        B = len(game.target_actions)
        # column layout (one contiguous array per action): reductions over a few actions become
        # elementwise maxima of whole-grid arrays instead of reductions along a short last axis
        self.fast = _Fast.make(game, self, compiled, cells)
        self.columns = A <= 32 and B <= 32 and S >= COLUMNS_MIN_STATES and self.fast is None
        if self.columns:
            self.after_T = np.ascontiguousarray(game.after.T)
            # actions that move every state where they are allowed by one constant index offset
            # (hold: 0; escalate: +stride) are read from a shifted copy instead of a gather
            self.shift: list[int | None] = []
            idx = np.arange(S)
            for j in range(A):
                ok = game.coercer_allowed[:, j]
                off = game.after[ok, j] - idx[ok]
                self.shift.append(int(off[0]) if off.size and np.all(off == off[0]) else None)
            self.c_move0_T = [np.ascontiguousarray(self.c_move0[..., j]) for j in range(A)]
            self.move1_stack = np.ascontiguousarray(np.moveaxis(self.move1, -1, 0))     # (A, *batch, S)
            self.after_stack = np.ascontiguousarray(
                np.broadcast_to(game.after.T[(slice(None),) + (None,) * len(game.batch_shape)],
                                (A, *game.batch_shape, S)))
            self.t_neg_T = [np.ascontiguousarray(self.t_neg[:, j]) for j in range(B)]
            self.pay_T = [np.ascontiguousarray(game.payoff[..., j, :]) for j in range(B)]
            self.succ_T = [np.ascontiguousarray(game.succ[:, j, :]) for j in range(B)]
            self.prob_T = [np.ascontiguousarray(game.prob[..., j, :]) for j in range(B)]


def _own(x: np.ndarray, dtype) -> np.ndarray:
    """``x`` as a C-contiguous, writeable array of ``dtype`` (a copy only if needed): one numba
    signature for every game (read-only broadcast views would compile another)."""
    if x.dtype == dtype and x.flags.c_contiguous and x.flags.writeable:
        return x
    return np.array(x, dtype=dtype, order="C")


class _Fast:
    """The compiled kernel (:mod:`~compellence.coercion.dynamics.kernels`) and its flat arrays
    (batch axes flattened to one; indices as int32 when they fit)."""

    @staticmethod
    def make(game: MarkovGame, prep: _Prep, compiled: bool | None, cells: int) -> _Fast | None:
        if compiled is False:
            return None
        if compiled is None and not kernels.worth_compiling(cells):
            return None
        kernel = kernels.compiled_period_kernel()
        if kernel is None:
            if compiled:
                raise ParameterError("compiled=True needs numba installed (the 'fast' extra)", "compiled")
            return None
        return _Fast(game, prep, kernel)

    def __init__(self, game: MarkovGame, prep: _Prep, kernel) -> None:
        S, A = game.after.shape
        B, Q = len(game.target_actions), game.succ.shape[-1]
        nb = int(np.prod(game.batch_shape, dtype=np.int64))
        idx = np.uint32 if S < 2**32 else np.int64
        self.kernel, self.nb, self.S, self.batch = kernel, nb, S, game.batch_shape
        self.payoff = _own(game.payoff.reshape(nb, S, B, 2), float)
        self.end = _own(game.end_value.reshape(nb, S, B, 2), float)
        self.prob = _own(game.prob.reshape(nb, S, B, Q), float)
        self.delta = _own(game.delta.reshape(nb), float)
        self.terminal = _own(game.terminal, bool)
        self.succ = _own(game.succ, idx)
        self.after = _own(game.after, idx)
        self.t_ok = _own(game.target_allowed, bool)
        self.c_move0 = _own(prep.c_move0.reshape(nb, S, A), float)
        self.move1 = _own(prep.move1.reshape(nb, S, A), float)
        self.comply = -1 if prep.comply is None else int(prep.comply)
        self.reach = _own(prep.reach_mask, bool)
        self.Y0, self.Y1 = np.empty(S), np.empty(S)
        self.no_pref = np.zeros((1, 1), np.int64)
        self.no_margin = np.empty((1, 1))

    def run(self, V: np.ndarray | None, tol: float, a_out: np.ndarray, b_out: np.ndarray, V_out: np.ndarray,
            margin_out: np.ndarray | None = None, prefer: tuple[np.ndarray, np.ndarray] | None = None
            ) -> np.ndarray:
        """One period into the ``(nb, S)`` / ``(nb, S, 2)`` outputs (``V_out`` may be ``V``: each batch
        element's values are read in full before they are written); returns the tie counts ``(nb, 2)``."""
        nb, S = self.nb, self.S
        ties = np.zeros((nb, 2), np.int64)
        if prefer is None:
            pa = pb = self.no_pref
        else:
            pa = _own(np.broadcast_to(prefer[0], (*self.batch, S)).reshape(nb, S), np.int64)
            pb = _own(np.broadcast_to(prefer[1], (*self.batch, S)).reshape(nb, S), np.int64)
        self.kernel(V_out if V is None else _own(np.reshape(V, (nb, S, 2)), float), V is None, self.end, self.payoff,
                    self.terminal, self.succ, self.prob, self.delta, self.t_ok, self.c_move0, self.move1,
                    self.after, self.comply, float(tol), self.reach, prefer is not None, pa, pb,
                    margin_out is not None, self.Y0, self.Y1, a_out, b_out, V_out,
                    self.no_margin if margin_out is None else margin_out, ties)
        return ties

    def step(self, V: np.ndarray | None, tol: float, prefer: tuple[np.ndarray, np.ndarray] | None = None):
        """:func:`_step` for the stationary solvers: ``(V_new, a, b, None, None, None)``."""
        nb, S = self.nb, self.S
        a, b = np.empty((nb, S), np.int16), np.empty((nb, S), np.int16)
        Vn = np.empty((nb, S, 2))
        self.run(V, tol, a, b, Vn, prefer=prefer)
        shape = (*self.batch, S)
        return (Vn.reshape(*shape, 2), a.reshape(shape).astype(np.intp), b.reshape(shape).astype(np.intp),
                None, None, None)


def _with_cont(game: MarkovGame, prep: _Prep, V: np.ndarray) -> np.ndarray:
    """``W(z', b)``: payoff plus the continuation from next-period values ``V``."""
    if prep.uniform:
        W = game.payoff.copy()
        if prep.cols.size:
            W[..., prep.cols, :] += _continuation(game, V, prep.cols)
        return W
    return game.payoff + np.where(game.terminal[..., None], 0.0, _full_cont(game, V, prep.cols))


def _stage_w(game: MarkovGame, prep: _Prep, W: np.ndarray, tol: float,
             prefer: tuple[np.ndarray, np.ndarray] | None = None):
    """One period given ``W (*batch, S, B, 2)``: target answers at every after-state, coercer moves."""
    wt = W[..., 1] + prep.t_neg
    b, tie_t = _best(wt, tol)
    if prefer is not None:
        cur = np.take_along_axis(wt, prefer[1][..., None], -1)[..., 0]
        b = np.where(cur >= wt.max(-1) - tol, prefer[1], b)
    Y = np.take_along_axis(W, b[..., None, None], axis=-2)[..., 0, :]
    qc = prep.c_move0 + np.take(Y[..., 0], game.after, axis=-1)
    a, tie_c = _best(qc, tol)
    if prefer is not None:
        cur = np.take_along_axis(qc, prefer[0][..., None], -1)[..., 0]
        a = np.where(cur >= qc.max(-1) - tol, prefer[0], a)
    z1 = np.take_along_axis(prep.after_b, a[..., None], -1)[..., 0]
    V = np.stack([np.take_along_axis(qc, a[..., None], -1)[..., 0],
                  np.take_along_axis(prep.move1, a[..., None], -1)[..., 0]
                  + np.take_along_axis(Y[..., 1], z1, -1)], axis=-1)
    if prep.comply is not None:
        c = prep.comply
        others = [wt[..., j] for j in range(wt.shape[-1]) if j != c]
        best_other = np.maximum.reduce(others) if others else np.full(b.shape, -np.inf)
        with np.errstate(invalid="ignore"):
            margin = np.where(game.target_allowed[:, c], wt[..., c] - best_other, -np.inf)
    else:
        margin = np.full(b.shape, -np.inf)
    return V, a, b, margin, tie_c, tie_t


def _first_within(stack: np.ndarray, tol: float, ws: dict | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column layout: index of the first row of ``stack (K, *shape)`` within ``tol`` of the elementwise max,
    the max, a tie mask.

    Whole-stack passes (one comparison, one reduction each) instead of several passes per row: the
    first row within ``tol`` is ``K - max_j ok_j (K - j)`` on bytes, the tie count ``sum_j ok_j``.
    ``ws`` holds scratch buffers reused across periods (the returned arrays are always fresh).
    """
    K = stack.shape[0]
    shape = stack.shape[1:]
    if ws is None:
        ws = {}
    key = ("fw", stack.shape)
    if key not in ws:
        ws[key] = (np.empty(stack.shape, bool), np.empty(stack.shape, np.uint8),
                   np.arange(K, 0, -1, dtype=np.uint8).reshape((K,) + (1,) * len(shape)))
    ok, okw, weight = ws[key]
    m = np.maximum.reduce(stack, axis=0)
    np.greater_equal(stack, m - tol, out=ok)
    np.multiply(ok.view(np.uint8), weight, out=okw)
    choice = np.maximum.reduce(okw, axis=0)
    np.subtract(K, choice, out=choice)
    count = np.add.reduce(ok.view(np.uint8), axis=0, dtype=np.uint8)
    return choice.view(np.int8), m, count > 1


def _pick(stack: np.ndarray, choice: np.ndarray, ws: dict | None = None) -> np.ndarray:
    """``stack[choice[i], i]`` elementwise: ``stack (K, *shape)``, ``choice (*shape)`` (one flat gather)."""
    n = choice.size
    if ws is None:
        ws = {}
    if ("pick", n) not in ws:
        ws["pick", n] = (np.arange(n, dtype=np.intp), np.empty(n, np.intp))
    base, flat = ws["pick", n]
    flat[:] = choice.reshape(-1)
    flat *= n
    flat += base
    return np.take(stack.reshape(-1), flat, mode="clip").reshape(choice.shape)   # flat is in range


def _select(masks: list[np.ndarray], cols: list[np.ndarray]) -> np.ndarray:
    """Elementwise ``cols[choice]`` given the masks ``choice == j``."""
    out = np.empty(np.broadcast_shapes(masks[0].shape, cols[0].shape), dtype=cols[0].dtype)
    for mk, c in zip(masks, cols, strict=True):
        np.copyto(out, c, where=mk)
    return out


def _add_moved(m0: np.ndarray, Y: np.ndarray, offset: int | None, after: np.ndarray, out: np.ndarray) -> None:
    """``out = m0 + Y[..., after]`` where ``after = arange + offset`` on allowed states (``m0`` is ``-inf``
    elsewhere, so the states shifted off the grid get ``m0 + 0``), without a temporary."""
    if offset is None:
        np.take(Y, after, axis=-1, out=out, mode="clip")   # indices are valid; "raise" would buffer out
        out += m0
    elif offset == 0:
        np.add(m0, Y, out=out)
    elif offset > 0:
        np.add(m0[..., :-offset], Y[..., offset:], out=out[..., :-offset])
        np.add(m0[..., -offset:], 0.0, out=out[..., -offset:])
    else:
        np.add(m0[..., -offset:], Y[..., :offset], out=out[..., -offset:])
        np.add(m0[..., :-offset], 0.0, out=out[..., :-offset])


def _cols_from_full(W: np.ndarray) -> list[np.ndarray]:
    return [np.ascontiguousarray(W[..., j, :]) for j in range(W.shape[-2])]


def _with_cont_cols(game: MarkovGame, prep: _Prep, V: np.ndarray) -> list[np.ndarray]:
    """Column layout of ``W``: one ``(*batch, S, 2)`` array per target answer."""
    if not prep.uniform:
        return _cols_from_full(_with_cont(game, prep, V))
    out = []
    d = game.delta[..., None, None]
    for j, pay in enumerate(prep.pay_T):
        if j not in prep.cols:
            out.append(pay)
            continue
        succ = prep.succ_T[j]
        if succ.shape[-1] == 1:
            ev = np.take(V, succ[:, 0], axis=-2)
        else:
            ev = np.einsum("...sq,...sqp->...sp", prep.prob_T[j], np.take(V, succ, axis=-2))
        ev *= d
        ev += pay
        out.append(ev)
    return out


def _stage_cols(game: MarkovGame, prep: _Prep, Wc: list[np.ndarray], tol: float,
                prefer: tuple[np.ndarray, np.ndarray] | None = None, want_margin: bool = True):
    """:func:`_stage_w` in the column layout (same choices, same tie rule)."""
    ws = prep.ws
    B = len(Wc)
    shape = Wc[0].shape[:-1]
    if ("wt", shape) not in ws:
        ws["wt", shape] = np.empty((B, *shape))
        ws["qc", shape] = np.empty((len(prep.c_move0_T), *shape))
    wt = ws["wt", shape]                       # (B, *batch, S): the target's values, -inf where not allowed
    for j, (w, t) in enumerate(zip(Wc, prep.t_neg_T, strict=True)):
        np.add(w[..., 1], t, out=wt[j])
    b, mt, tie_t = _first_within(wt, tol, ws)
    if prefer is not None:
        cur = _pick(wt, prefer[1], ws)
        b = np.where(cur >= mt - tol, prefer[1], b)
    mb = [b == j for j in range(B)]
    Y0 = _select(mb, [w[..., 0] for w in Wc])
    Y1 = _select(mb, [w[..., 1] for w in Wc])
    qbuf = ws["qc", shape]                     # (A, *batch, S): the coercer's value of each move
    for j, m0 in enumerate(prep.c_move0_T):
        _add_moved(m0, Y0, prep.shift[j], prep.after_T[j], qbuf[j])
    a, mc, tie_c = _first_within(qbuf, tol, ws)
    if prefer is not None:
        cur = _pick(qbuf, prefer[0], ws)
        a = np.where(cur >= mc - tol, prefer[0], a)
    z1 = _pick(prep.after_stack, a, ws)
    V = np.empty((*shape, 2))
    V[..., 0] = _pick(qbuf, a, ws)
    y1 = np.take(Y1, z1, mode="clip") if Y1.ndim == 1 else np.take_along_axis(Y1, z1, -1)
    np.add(_pick(prep.move1_stack, a, ws), y1, out=V[..., 1])
    if not want_margin:
        margin = None
    elif prep.comply is not None:
        c = prep.comply
        others = [wt[j] for j in range(B) if j != c]
        if others:
            best_other = others[0].copy()
            for o in others[1:]:
                np.maximum(best_other, o, out=best_other)
        else:
            best_other = np.full(b.shape, -np.inf)
        with np.errstate(invalid="ignore"):
            margin = wt[c] - best_other
        margin[..., ~game.target_allowed[:, c]] = -np.inf
    else:
        margin = np.full(b.shape, -np.inf)
    return V, a, b, margin, tie_c, tie_t


def _step(game: MarkovGame, prep: _Prep, V: np.ndarray | None, tol: float,
          prefer: tuple[np.ndarray, np.ndarray] | None = None, want_margin: bool = True):
    """One period from next-period values ``V`` (``None``: the horizon's end values), best layout.

    ``want_margin=False`` skips the target's margin on the column layout (returned as ``None``).
    With the compiled kernel (``prep.fast``) the margin and tie masks are ``None``."""
    if prep.fast is not None:
        return prep.fast.step(V, tol, prefer)
    if V is None:
        W = game.payoff + np.where(game.terminal[..., None], 0.0, game.end_value)
        if prep.columns:
            return _stage_cols(game, prep, _cols_from_full(W), tol, prefer, want_margin)
        return _stage_w(game, prep, W, tol, prefer)
    if prep.columns:
        return _stage_cols(game, prep, _with_cont_cols(game, prep, V), tol, prefer, want_margin)
    return _stage_w(game, prep, _with_cont(game, prep, V), tol, prefer)


def _stage(game: MarkovGame, cont: np.ndarray, tol: float, prefer: tuple[np.ndarray, np.ndarray] | None = None):
    """One period given the full continuation ``cont (*batch, S, B, 2)`` (ignored where terminal)."""
    W = game.payoff + np.where(game.terminal[..., None], 0.0, cont)
    return _stage_w(game, _Prep(game), W, tol, prefer)


def _continuing(game: MarkovGame) -> np.ndarray:
    return np.flatnonzero(~game.terminal.all(axis=0))


def _full_cont(game: MarkovGame, V: np.ndarray, cols: np.ndarray) -> np.ndarray:
    cont = np.zeros((*game.batch_shape, game.n_states, len(game.target_actions), 2))
    if cols.size:
        cont[..., cols, :] = _continuation(game, V, cols)
    return cont


def bellman_step(
    game: MarkovGame, V: np.ndarray, tol: float = 1e-9,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One stage of best replies given next-period values ``V`` ``(*batch, S, 2)``.

    Returns ``(V_new, policy, response, margin, tie_coercer, tie_target)``.

    Parameters
    ----------
    game : MarkovGame
        The game.
    V : numpy.ndarray
        ``(*batch, S, 2)`` next-period values (coercer, target).
    tol : float, optional
        Actions within ``tol`` of the best are tied (the first is taken).

    Returns
    -------
    tuple of numpy.ndarray
        ``V_new (*batch, S, 2)``, the coercer's ``policy (*batch, S)``, the target's
        ``response (*batch, S)`` at every after-state, the target's comply ``margin``
        ``(*batch, S)`` (``-inf`` where it cannot comply) and the tie masks of the
        coercer and the target ``(*batch, S)``.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, bellman_step
    >>> game = CoercionDynamics(punishment_levels=1).game()
    >>> V_new, policy, response, margin, *_ = bellman_step(game, np.zeros((4, 2)))
    >>> policy.tolist(), response.tolist(), margin.tolist()
    ([1, 1, 2, 2], [1, 1, 1, 1], [-inf, -1.0, -inf, -1.54])
    """
    return _stage(game, _full_cont(game, V, _continuing(game)), tol)


def backward_induction_dynamic(
    game: MarkovGame, horizon: int, *, tol: float = 1e-9, keep: str = "auto",
    compiled: bool | None = None,
) -> FiniteSolution:
    """Subgame-perfect equilibrium of ``game`` played for ``horizon`` periods (module docstring).

    ``keep``: ``"all"`` stores values and margins of every period (needed for
    :func:`~compellence.coercion.dynamics.simulation.acting_now_vs_later`),
    ``"policy"`` only policies and the first-period value, ``"auto"`` all when
    they take at most 2e7 numbers.  Policies are always kept.

    ``compiled``: run each period in the numba kernel
    (:mod:`~compellence.coercion.dynamics.kernels`; the ``fast`` extra), which gives the same
    values and policies bit for bit as the numpy path, several times faster on large grids.
    ``None`` (default): when numba is installed and already imported, or the problem has at
    least ``kernels.COMPILE_FROM_CELLS`` periods x batch x states; ``False``: the numpy path;
    ``True``: the kernel (``ParameterError`` without numba).

    Parameters
    ----------
    game : MarkovGame
        The game (batched or not).
    horizon : int
        Number of periods, ``>= 1``.
    tol : float, optional
        Actions within ``tol`` of the best are tied (the first is taken), ``>= 0``.
    keep : {"auto", "all", "policy"}, optional
        Which per-period values and margins to store (above).
    compiled : bool or None, optional
        Whether to run the numba kernel (above).

    Returns
    -------
    FiniteSolution
        Policies, values, margins and tie counts.

    Raises
    ------
    ParameterError
        If ``game`` is not a :class:`MarkovGame`, ``horizon`` is not an integer
        ``>= 1``, ``keep`` or ``tol`` is invalid, ``compiled`` is not ``None``/bool, or
        the policy table would exceed the size limit.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic
    >>> game = CoercionDynamics(punishment_levels=1).game()
    >>> sol = backward_induction_dynamic(game, 2)
    >>> sol.policy[0].tolist(), sol.value.tolist()
    ([4, 1, 4, 2], [[1.0, -1.0], [1.0, -1.0], [0.82, -2.08], [1.0, -1.0]])
    """
    if not isinstance(game, MarkovGame):
        raise ParameterError(f"needs a MarkovGame, got {type(game).__name__}", "game")
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise ParameterError(f"must be an integer >= 1, got {horizon!r}", "horizon")
    if keep not in ("auto", "all", "policy"):
        raise ParameterError(f"must be 'auto', 'all' or 'policy', got {keep!r}", "keep")
    if not (np.isfinite(tol) and tol >= 0):
        raise ParameterError(f"must be a finite number >= 0, got {tol!r}", "tol")
    _check_compiled(compiled)
    T = int(horizon)
    batch, S = game.batch_shape, game.n_states
    n_cells = T * int(np.prod(batch)) * S
    check_size("max_payoff_entries", n_cells, "the policy table (horizon x batch x states)", "horizon")
    store = keep == "all" or (keep == "auto" and 3 * n_cells <= 2e7)
    dtype = np.int16 if max(len(game.coercer_actions), len(game.target_actions)) < 2**15 else np.int32
    policy = np.empty((T, *batch, S), dtype)
    response = np.empty((T, *batch, S), dtype)
    ties_c = np.zeros((T, *batch), np.int64)
    ties_t = np.zeros((T, *batch), np.int64)
    values = np.empty((T, *batch, S, 2)) if store else None
    margins = np.empty((T, *batch, S)) if store else None
    prep = _Prep(game, compiled, n_cells)
    if prep.fast is not None:
        nb = prep.fast.nb
        V = None
        buf = None if store else np.empty((nb, S, 2))
        for t in range(T - 1, -1, -1):
            out = values[t].reshape(nb, S, 2) if store else buf   # in place: see _Fast.run
            ties = prep.fast.run(V, tol, policy[t].reshape(nb, S), response[t].reshape(nb, S), out,
                                 margins[t].reshape(nb, S) if store else None)
            ties_c[t], ties_t[t] = ties[:, 0].reshape(batch), ties[:, 1].reshape(batch)
            V = out
        V = V.reshape(*batch, S, 2).copy()
        return FiniteSolution(game, T, policy, response, V, values, margins, ties_c, ties_t, tol)
    V = None
    for t in range(T - 1, -1, -1):
        V, a, b, m, tc, tt = _step(game, prep, V, tol, want_margin=store)
        policy[t], response[t] = a, b
        ties_c[t], ties_t[t] = np.count_nonzero(tc, -1), np.count_nonzero(tt & prep.reach_mask, -1)
        if store:
            values[t], margins[t] = V, m
    return FiniteSolution(game, T, policy, response, V, values, margins, ties_c, ties_t, tol)


def _rows(table: np.ndarray, z: np.ndarray, col: np.ndarray) -> np.ndarray:
    """``table[..., z, col, :]`` per batch element: ``table (*batch, S, B, K)``, ``z, col (*batch, S)``."""
    rows = np.take_along_axis(table, z[..., None, None], axis=-3)
    return np.take_along_axis(rows, col[..., None, None], axis=-2)[..., 0, :]


def _chain(game: MarkovGame, a: np.ndarray, b: np.ndarray):
    """Per-state payoff, terminal flag, successors and probabilities of the stationary pair ``(a, b)``."""
    after = np.broadcast_to(game.after, (*a.shape[:-1], *game.after.shape))
    z1 = np.take_along_axis(after, a[..., None], -1)[..., 0]                  # (*batch, S) after-states
    bz = np.take_along_axis(b, z1, -1)                                        # the answer there
    mp = np.take_along_axis(game.move_payoff, a[..., None, None], -2)[..., 0, :]
    pay = _rows(game.payoff, z1, bz)
    return mp + pay, game.terminal[z1, bz], game.succ[z1, bz], _rows(game.prob, z1, bz)


def evaluate_policy(game: MarkovGame, a: np.ndarray, b: np.ndarray, *, tol: float = 1e-12,
                    max_iter: int = 100_000) -> np.ndarray:
    """Values ``(*batch, S, 2)`` of the stationary pair ``(a, b)``: the fixed point of ``V = u + delta P V``.

    Iterated until ``||V_{n+1} - V_n||_inf <= tol (1 - delta)`` (a ``delta``-contraction,
    so ``V`` is then within ``tol`` of the fixed point).

    Parameters
    ----------
    game : MarkovGame
        The game.
    a : numpy.ndarray
        ``(*batch, S)`` the coercer's action index per state.
    b : numpy.ndarray
        ``(*batch, S)`` the target's answer index per after-state.
    tol : float, optional
        Accuracy of the values.
    max_iter : int, optional
        Most iterations.

    Returns
    -------
    numpy.ndarray
        ``(*batch, S, 2)`` the pair's values (coercer, target).

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, evaluate_policy
    >>> game = CoercionDynamics(punishment_levels=1).game()
    >>> a = np.array([4, 1, 4, 1])   # demand where none is on the table, else hold
    >>> b = np.array([1, 0, 1, 0])   # comply where a demand is on the table, else resist
    >>> evaluate_policy(game, a, b).tolist()
    [[1.0, -1.0], [1.0, -1.0], [0.82, -2.08], [0.82, -2.08]]
    """
    u, term, succ, prob = _chain(game, a, b)
    dl = game.delta[..., None, None]
    cont_w = np.where(term, 0.0, 1.0)[..., None]
    V = np.zeros_like(u)
    bound = tol * (1.0 - float(np.max(game.delta)))
    for _ in range(max_iter):
        Vn = u + dl * cont_w * np.einsum("...sq,...sqp->...sp", prob, _gather_rows(V, succ))
        diff = float(np.max(np.abs(Vn - V))) if V.size else 0.0
        V = Vn
        if diff <= bound:
            break
    return V


def _gather_rows(V: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``V[..., idx, :]`` with per-batch ``idx`` ``(*batch, S, Q)``: ``(*batch, S, Q, 2)``."""
    flat_idx = idx.reshape(*idx.shape[:-2], -1)
    out = np.take_along_axis(V, flat_idx[..., None], axis=-2)
    return out.reshape(*idx.shape, V.shape[-1])


def _deviation_gain(game: MarkovGame, a: np.ndarray, b: np.ndarray, V: np.ndarray, tol: float) -> np.ndarray:
    """Largest one-shot deviation gain of either player at the pair's values ``V``."""
    cont = _full_cont(game, V, _continuing(game))
    W = game.payoff + np.where(game.terminal[..., None], 0.0, cont)
    wt = np.where(game.target_allowed, W[..., 1], -np.inf)
    cur_t = np.take_along_axis(wt, b[..., None], -1)[..., 0]
    reach = np.unique(game.after[game.coercer_allowed])
    gain_t = (wt.max(-1) - cur_t)[..., reach].max(-1)
    Y = np.take_along_axis(W, b[..., None, None], axis=-2)[..., 0, :]
    Qc = game.move_payoff + np.take(Y, game.after, axis=-2)
    qc = np.where(game.coercer_allowed, Qc[..., 0], -np.inf)
    cur_c = np.take_along_axis(qc, a[..., None], -1)[..., 0]
    gain_c = (qc.max(-1) - cur_c).max(-1)
    return np.maximum(gain_t, gain_c)


def _finish(game, a, b, status, it, residual, method, start, cycle, tol):
    V = evaluate_policy(game, a, b, tol=min(tol, 1e-11))
    gain = _deviation_gain(game, a, b, V, tol)
    cont = _full_cont(game, V, _continuing(game))
    *_, margin, _, _ = _stage(game, cont, tol)
    if status == "converged" and np.any(gain > 1e3 * tol):
        status = "not_verified"
    return StationarySolution(game, a, b, V, margin, status, it, np.asarray(residual), gain, method, start,
                              cycle, tol)


def _key(a: np.ndarray, b: np.ndarray) -> bytes:
    return a.astype(np.int32).tobytes() + b.astype(np.int32).tobytes()


def value_iteration(game: MarkovGame, V0: np.ndarray | None = None, *, tol: float = 1e-9,
                    max_iter: int = 10_000, start: str = "V0 = 0",
                    compiled: bool | None = None) -> StationarySolution:
    """Stationary MPE by value iteration from ``V0`` (default 0) with the criterion of the module docstring.

    ``compiled``: the Bellman steps in the numba kernel (as in :func:`backward_induction_dynamic`;
    ``None`` counts 100 iterations).

    Parameters
    ----------
    game : MarkovGame
        The game (may be batched).
    V0 : numpy.ndarray or None, optional
        ``(*batch, S, 2)`` starting values (default zeros).
    tol : float, optional
        Tolerance of the convergence criterion and of ties, ``> 0``.
    max_iter : int, optional
        Most iterations, ``>= 1``.
    start : str, optional
        Name of the start, kept in the result.
    compiled : bool or None, optional
        Whether to run the numba kernel.

    Returns
    -------
    StationarySolution
        The candidate with its status and one-shot deviation check.

    Raises
    ------
    ParameterError
        If ``game``, ``tol``, ``max_iter`` or ``compiled`` is invalid.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, value_iteration
    >>> game = CoercionDynamics(punishment_levels=1).game()
    >>> sol = value_iteration(game)
    >>> sol.status, sol.policy.tolist(), sol.response.tolist()
    ('converged', [1, 1, 2, 2], [1, 1, 1, 1])
    """
    _check(game, tol, max_iter)
    _check_compiled(compiled)
    prep = _Prep(game, compiled, 100 * int(np.prod(game.batch_shape)) * game.n_states)
    V = np.zeros((*game.batch_shape, game.n_states, 2)) if V0 is None else np.broadcast_to(
        np.asarray(V0, float), (*game.batch_shape, game.n_states, 2)).copy()
    crit = tol * (1.0 - game.delta) / game.delta
    hist: list[int] = []
    prev = None
    res = np.full(game.batch_shape, np.inf)
    for it in range(1, max_iter + 1):
        Vn, a, b, *_ = _step(game, prep, V, tol)
        res = np.abs(Vn - V).max(axis=(-2, -1))
        key = hash(_key(a, b))
        same = prev is not None and key == prev
        V, prev = Vn, key
        if same and np.all(res <= crit):
            return _finish(game, a, b, "converged", it, res, "value_iteration", start, 0, tol)
        hist.append(key)
        if it > 200:
            period = _period(hist)
            if period:
                return _finish(game, a, b, "cycle", it, res, "value_iteration", start, period, tol)
    return _finish(game, a, b, "max_iter", max_iter, res, "value_iteration", start, 0, tol)


def _period(hist: list[int], repeats: int = 3, longest: int = 100) -> int:
    """Smallest period ``p >= 2`` with which the last ``repeats * p`` policy keys repeat (0 if none)."""
    for p in range(2, min(longest, len(hist) // repeats) + 1):
        tail = hist[-p:]
        if len(set(tail)) > 1 and all(hist[-(k + 1) * p: len(hist) - k * p] == tail for k in range(1, repeats)):
            return p
    return 0


def policy_iteration(game: MarkovGame, policy: np.ndarray, response: np.ndarray, *, tol: float = 1e-9,
                     max_iter: int = 500, start: str = "given",
                     compiled: bool | None = None) -> StationarySolution:
    """Stationary MPE by policy iteration from the pair ``(policy, response)`` (module docstring).

    ``compiled``: the best-reply steps in the numba kernel (as in :func:`value_iteration`).

    Parameters
    ----------
    game : MarkovGame
        The game (may be batched).
    policy : numpy.ndarray
        ``(*batch, S)`` the coercer's starting action indices.
    response : numpy.ndarray
        ``(*batch, S)`` the target's starting answer indices.
    tol : float, optional
        Tolerance of ties, ``> 0``.
    max_iter : int, optional
        Most iterations, ``>= 1``.
    start : str, optional
        Name of the start, kept in the result.
    compiled : bool or None, optional
        Whether to run the numba kernel.

    Returns
    -------
    StationarySolution
        The candidate with its status and one-shot deviation check.

    Raises
    ------
    ParameterError
        If an action index is out of range (or ``game``, ``tol``, ``max_iter`` or
        ``compiled`` is invalid).

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, policy_iteration
    >>> game = CoercionDynamics(punishment_levels=1).game()
    >>> sol = policy_iteration(game, [4, 1, 4, 1], [1, 0, 1, 0])
    >>> sol.status, sol.policy.tolist(), sol.response.tolist()
    ('converged', [4, 1, 2, 2], [1, 1, 1, 1])
    """
    _check(game, tol, max_iter)
    _check_compiled(compiled)
    S = game.n_states
    a = np.broadcast_to(np.asarray(policy, np.int64), (*game.batch_shape, S)).copy()
    b = np.broadcast_to(np.asarray(response, np.int64), (*game.batch_shape, S)).copy()
    if np.any(a < 0) or np.any(a >= len(game.coercer_actions)):
        raise ParameterError("coercer action indices out of range", "policy")
    if np.any(b < 0) or np.any(b >= len(game.target_actions)):
        raise ParameterError("target action indices out of range", "response")
    prep = _Prep(game, compiled, 100 * int(np.prod(game.batch_shape)) * S)
    seen = {_key(a, b): 0}
    res = np.full(game.batch_shape, np.inf)
    for it in range(1, max_iter + 1):
        V = evaluate_policy(game, a, b, tol=min(tol, 1e-11))
        Vn, an, bn, *_ = _step(game, prep, V, tol, prefer=(a, b))
        res = np.abs(Vn - V).max(axis=(-2, -1))
        if np.array_equal(an, a) and np.array_equal(bn, b):
            return _finish(game, a, b, "converged", it, res, "policy_iteration", start, 0, tol)
        a, b = an, bn
        key = _key(a, b)
        if key in seen:
            return _finish(game, a, b, "cycle", it, res, "policy_iteration", start, it - seen[key], tol)
        seen[key] = it
    return _finish(game, a, b, "max_iter", max_iter, res, "policy_iteration", start, 0, tol)


def _check(game: MarkovGame, tol: float, max_iter: int) -> None:
    if not isinstance(game, MarkovGame):
        raise ParameterError(f"needs a MarkovGame, got {type(game).__name__}", "game")
    if not (np.isfinite(tol) and tol > 0):
        raise ParameterError(f"must be a finite number > 0, got {tol!r}", "tol")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ParameterError(f"must be an integer >= 1, got {max_iter!r}", "max_iter")


def _check_compiled(compiled: object) -> None:
    if compiled is not None and not isinstance(compiled, (bool, np.bool_)):
        raise ParameterError(f"must be None, True or False, got {compiled!r}", "compiled")


def _first_allowed(allowed: np.ndarray, last: bool = False) -> np.ndarray:
    if last:
        return allowed.shape[-1] - 1 - allowed[..., ::-1].argmax(-1)
    return allowed.argmax(-1)


def markov_perfect(
    game: MarkovGame,
    *,
    starts: Sequence[str] | None = None,
    n_random: int = 3,
    seed: int = 0,
    tol: float = 1e-9,
    max_iter: int = 10_000,
) -> MPEResult:
    """Stationary MPE from several starts; the distinct verified equilibria and every run.

    Starts: ``"value:zero"`` (value iteration from 0), ``"value:end"`` (from
    the best end values), ``"policy:first"`` / ``"policy:last"`` (policy
    iteration from every player's first / last allowed action everywhere) and
    ``n_random`` random allowed policy pairs (``seed``).  Unbatched games only
    (``game.select(index)`` picks one point of a sweep); value iteration alone
    (:func:`value_iteration`) is batched.

    Parameters
    ----------
    game : MarkovGame
        An unbatched game.
    starts : Sequence[str] or None, optional
        Names of the starts (default: the four above).
    n_random : int, optional
        Number of random starting policy pairs.
    seed : int, optional
        Seed of the random starts.
    tol : float, optional
        Tolerance of convergence and ties.
    max_iter : int, optional
        Most iterations of value iteration.

    Returns
    -------
    MPEResult
        The distinct equilibria and a table of every run.

    Raises
    ------
    ParameterError
        If ``game`` is not an unbatched :class:`MarkovGame` or a start is unknown.

    Examples
    --------
    >>> from compellence.coercion.dynamics import CoercionDynamics, markov_perfect
    >>> game = CoercionDynamics(punishment_levels=1).game()
    >>> res = markov_perfect(game, n_random=0)
    >>> res.runs[["start", "status", "equilibrium"]]
              start     status  equilibrium
    0    value:zero  converged            0
    1     value:end  converged            0
    2  policy:first  converged            1
    3   policy:last  converged            1
    >>> res.n_equilibria, res.n_distinct_values
    (2, 1)
    """
    if not isinstance(game, MarkovGame):
        raise ParameterError(f"needs a MarkovGame, got {type(game).__name__}", "game")
    if game.batch_shape:
        raise ParameterError("markov_perfect compares equilibria of ONE game; use game.select(index) "
                             "or value_iteration for a batched sweep", "game")
    names = list(starts) if starts is not None else ["value:zero", "value:end", "policy:first", "policy:last"]
    rng = np.random.default_rng(seed)
    runs: list[StationarySolution] = []
    for name in names:
        if name == "value:zero":
            runs.append(value_iteration(game, tol=tol, max_iter=max_iter, start=name))
        elif name == "value:end":
            V0 = np.take_along_axis(game.end_value, _first_allowed(game.target_allowed)[:, None, None], 1)[:, 0]
            runs.append(value_iteration(game, V0, tol=tol, max_iter=max_iter, start=name))
        elif name in ("policy:first", "policy:last"):
            last = name.endswith("last")
            runs.append(policy_iteration(game, _first_allowed(game.coercer_allowed, last),
                                         _first_allowed(game.target_allowed, last), tol=tol, start=name))
        else:
            raise ParameterError(f"unknown start {name!r}", "starts")
    for i in range(n_random):
        a = _random_allowed(game.coercer_allowed, rng)
        b = _random_allowed(game.target_allowed, rng)
        runs.append(policy_iteration(game, a, b, tol=tol, start=f"policy:random{i}"))
    eq: list[StationarySolution] = []
    rows = []
    for r in runs:
        which = -1
        if r.status == "converged":
            for j, e in enumerate(eq):
                if _same_equilibrium(game, r, e):
                    which = j
                    break
            else:
                eq.append(r)
                which = len(eq) - 1
        rows.append({"start": r.start, "method": r.method, "status": r.status, "iterations": r.iterations,
                     "residual": float(np.max(r.residual)), "deviation_gain": float(np.max(r.deviation_gain)),
                     "cycle_length": r.cycle_length, "equilibrium": which})
    return MPEResult(eq, pd.DataFrame(rows), runs)


def _random_allowed(allowed: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    u = rng.random(allowed.shape) * allowed
    return u.argmax(-1)


def _same_equilibrium(game: MarkovGame, x: StationarySolution, y: StationarySolution) -> bool:
    """Same coercer policy everywhere and same target answers at every after-state the coercer can reach."""
    reach = np.unique(game.after[game.coercer_allowed])
    return bool(np.array_equal(x.policy, y.policy) and np.array_equal(x.response[reach], y.response[reach]))
