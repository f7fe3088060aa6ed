"""Compiled per-period kernel of the dynamic solvers (numba; optional, numpy path kept).

One period of backward induction (module docstring of
:mod:`~compellence.coercion.dynamics.solvers`) fused into two passes over the grid:

1. over the after-states ``z'``: each target answer's ``W(z', b)`` (payoff plus the
   successors' discounted values, gathered from ``V_{t+1}``), the target's best answer
   ``b*`` (first within ``tol`` of the best allowed one), its tie flag and comply margin,
   and the pair ``Y(z') = W(z', b*)``;
2. over the states ``z``: the coercer's value of every allowed move
   ``move_payoff(z, a)_0 + Y(after(z, a))_0``, its best move ``a*`` (same tie rule), and
   ``V_t(z) = (that value, move_payoff(z, a*)_1 + Y(after(z, a*))_1)``.

The coercer needs the target's answer at every after-state before it can choose, so two
passes is the least.  Every floating-point operation is the numpy path's, in the numpy
path's order (the successor sum runs over ``q`` from 0, as ``numpy.einsum`` does for these
operands; ``payoff + delta * ev``; the ``-inf`` masks added, not tested), so both paths give
the same values and policies bit for bit (``tests/test_dynamics_kernel.py``).

Why numba: the numpy path takes about twenty whole-grid array passes a period (gathers,
masks, the first-within-``tol`` choice as comparisons and reductions, selections, picks),
each one reading and writing whole-grid temporaries; numpy cannot fuse them (every ufunc
call is a pass over memory), while a compiled loop keeps the per-state work in registers.
Single-threaded on purpose (the machines it runs on are small and shared).
"""

from __future__ import annotations

import sys

import numpy as np

__all__ = ["compiled_period_kernel", "numba_available", "worth_compiling", "COMPILE_FROM_CELLS"]

#: Problems with at least this many ``periods x batch x states`` cells use the compiled kernel
#: when numba is installed, even if numba has not been imported yet (smaller ones only once it
#: has: a fresh process's first call took 1.6 s with the kernel in numba's on-disk cache and
#: 4.4 s compiling it, numba's import included, on a loaded 2-core machine
#: (``benchmarks/bench_dynamics.py``), while the numpy path solves 10^6 cells in ~0.05 s).
COMPILE_FROM_CELLS = 5_000_000


def _period_kernel(V, first, end_value, payoff, terminal, succ, prob, delta, t_ok, c_move0, move1, after,
                   comply, tol, reach, use_pref, pref_a, pref_b, want_margin, Y0, Y1,
                   a_out, b_out, V_out, margin_out, ties):  # pragma: no cover - compiled by numba
    """One period for every batch element ``k`` (flattened batch, see the module docstring).

    ``V (nb, S, 2)`` next-period values (ignored when ``first``: ``end_value (nb, S, B, 2)``
    replaces the continuation), ``payoff (nb, S, B, 2)``, ``terminal (S, B)``, ``succ (S, B, Q)``,
    ``prob (nb, S, B, Q)``, ``delta (nb,)``, ``t_ok (S, B)`` the target's allowed answers,
    ``c_move0 (nb, S, A)`` (the coercer's move payoff plus 0 or ``-inf`` where not allowed),
    ``move1 (nb, S, A)``, ``after (S, A)``, ``comply`` (index of the comply answer or -1),
    ``reach (S,)`` (after-states the coercer can reach), ``pref_a, pref_b (nb, S)`` the actions
    kept when still best within ``tol`` (if ``use_pref``).  Writes ``a_out, b_out (nb, S)``,
    ``V_out (nb, S, 2)``, ``margin_out (nb, S)`` (if ``want_margin``) and ``ties (nb, 2)``
    (coercer ties, target ties at reachable after-states); ``Y0, Y1 (S,)`` are scratch.
    ``V_out`` may be ``V``: batch element ``k``'s values are read in full before any is written.
    """
    nb, S, B, _ = payoff.shape
    A = after.shape[1]
    Q = succ.shape[2]
    w0 = np.empty(B)
    w1 = np.empty(B)
    wt = np.empty(B)
    qc = np.empty(A)
    for k in range(nb):
        d = delta[k]
        tie_t = 0
        for z in range(S):              # pass 1: the target at every after-state
            m = -np.inf
            for j in range(B):
                x0 = payoff[k, z, j, 0]
                x1 = payoff[k, z, j, 1]
                if terminal[z, j]:
                    pass
                elif first:
                    x0 = x0 + end_value[k, z, j, 0]
                    x1 = x1 + end_value[k, z, j, 1]
                elif Q == 1:            # numpy takes V[succ] without the probability (which is 1)
                    s = succ[z, j, 0]
                    x0 = x0 + d * V[k, s, 0]
                    x1 = x1 + d * V[k, s, 1]
                else:
                    e0 = 0.0
                    e1 = 0.0
                    for q in range(Q):
                        s = succ[z, j, q]
                        pr = prob[k, z, j, q]
                        e0 += pr * V[k, s, 0]
                        e1 += pr * V[k, s, 1]
                    x0 = x0 + d * e0
                    x1 = x1 + d * e1
                w0[j] = x0
                w1[j] = x1
                y = x1 + (0.0 if t_ok[z, j] else -np.inf)
                wt[j] = y
                if y > m:
                    m = y
            thr = m - tol
            best = 0
            while best < B and not wt[best] >= thr:   # the first answer within tol of the best
                best += 1
            if best == B:               # only with NaN (never for finite tables): numpy's argmax
                best = 0
            for j in range(best + 1, B):
                if wt[j] >= thr:
                    if reach[z]:
                        tie_t += 1
                    break
            if use_pref and wt[pref_b[k, z]] >= thr:
                best = pref_b[k, z]
            b_out[k, z] = best
            Y0[z] = w0[best]
            Y1[z] = w1[best]
            if want_margin:
                if comply >= 0 and t_ok[z, comply]:
                    other = -np.inf
                    for j in range(B):
                        if j != comply and wt[j] > other:
                            other = wt[j]
                    margin_out[k, z] = wt[comply] - other
                else:
                    margin_out[k, z] = -np.inf
        tie_c = 0
        for z in range(S):              # pass 2: the coercer at every state
            m = -np.inf
            for a in range(A):
                x = c_move0[k, z, a] + Y0[after[z, a]]
                qc[a] = x
                if x > m:
                    m = x
            thr = m - tol
            best = 0
            while best < A and not qc[best] >= thr:
                best += 1
            if best == A:
                best = 0
            for a in range(best + 1, A):
                if qc[a] >= thr:
                    tie_c += 1
                    break
            if use_pref and qc[pref_a[k, z]] >= thr:
                best = pref_a[k, z]
            a_out[k, z] = best
            V_out[k, z, 0] = qc[best]
            V_out[k, z, 1] = move1[k, z, best] + Y1[after[z, best]]
        ties[k, 0] = tie_c
        ties[k, 1] = tie_t

_COMPILED = None


def numba_available() -> bool:
    """Whether numba can be imported (the ``fast`` extra): the compiled kernel can run.

    Returns
    -------
    bool
        ``True`` when ``import numba`` succeeds.

    Examples
    --------
    >>> from compellence.coercion.dynamics.kernels import numba_available
    >>> isinstance(numba_available(), bool)
    True
    """
    return compiled_period_kernel() is not None


def compiled_period_kernel():
    """The per-period kernel compiled by numba (cached on disk), or ``None`` without numba.

    Returns
    -------
    callable or None
        The compiled ``_period_kernel`` (module docstring), or ``None`` when numba is not
        installed (the solvers then take the numpy path, which follows the same rule).

    Examples
    --------
    >>> from compellence.coercion.dynamics.kernels import compiled_period_kernel
    >>> k = compiled_period_kernel()
    >>> k is None or callable(k)
    True
    """
    global _COMPILED
    if _COMPILED is None:
        try:
            import numba

            _COMPILED = numba.njit(cache=True, nogil=True)(_period_kernel)
        except Exception:  # numba absent, or no cache directory: the numpy path
            _COMPILED = False
    return _COMPILED or None


def worth_compiling(cells: int) -> bool:
    """Use the compiled kernel by default: numba already imported, or ``cells`` (periods x
    batch x states) at least :data:`COMPILE_FROM_CELLS`.

    Parameters
    ----------
    cells : int
        Periods (or an estimate of the iterations) times batch size times states.

    Returns
    -------
    bool
        ``True`` when the kernel is worth its import and load time (numba itself may still
        be missing: see :func:`numba_available`).

    Examples
    --------
    >>> from compellence.coercion.dynamics.kernels import worth_compiling, COMPILE_FROM_CELLS
    >>> worth_compiling(COMPILE_FROM_CELLS)
    True
    """
    return "numba" in sys.modules or cells >= COMPILE_FROM_CELLS
