"""Compiled vertex enumeration of a nondegenerate best-response polytope, and label pairing
(numba; optional: without numba, :mod:`.vertex_enumeration` uses Qhull on the polar).

The polytope ``{z in R^d : z >= 0, C z <= 1}`` (``C`` positive, ``(r, d)``) is walked along its
edges by simplex pivots on a dictionary (Chvatal 1983, ch. 2; the vertex graph of a polytope is
connected, Balinski 1961): variables ``z_0..z_{d-1}`` and slacks ``s = 1 - C z``, labels
``0..d-1`` and ``d..d+r-1``; a basis keeps ``r`` of them basic, ``basic = beta - T nonbasic``.
The start is the vertex ``0`` (all slacks basic, ``beta = 1``, ``T = C``).  From each vertex,
every nonbasic variable in turn is raised until the first basic variable reaches 0 (min-ratio
test), which gives the neighbour along that edge; a neighbour not seen before (its set of
nonbasic variables, a bit mask, looked up in an open-addressing hash table) gets its dictionary
by one pivot and is queued (breadth-first, so a dictionary is at most as many pivots from the
exact start as the vertex is edges from ``0``).

A simple (nondegenerate) polytope has one basis per vertex and ``d`` edges at each, so this
visits every vertex once; its labels are its nonbasic variables.  The walk gives up (status
``DEGENERATE``) as soon as a basic variable is ``<= atol``: that vertex has more than ``d``
labels within the tolerance, the polytope is degenerate at ``atol``, and the caller uses the
Qhull enumeration instead, which lists degenerate vertices (a degenerate vertex has several
bases and edges that a pivot may not follow, so the walk above could miss vertices).

Why compiled: a random 10 x 10 game's polytopes have ~1000 vertices each and every vertex
costs ~10 ratio tests over ~10 rows and one ~100-flop pivot, ~1 us compiled (~1 ms per
polytope); in numpy each of those steps would be a vectorised call of ~1 us overhead for ~10
flops, slower than Qhull (~5-10 ms per polytope), which stays the path without numba.  The
kernel works in preallocated arrays and returns ``FULL`` when they are full (enlarged by the
Python wrapper): array growth inside the kernel tripled numba's compile time (cold cache:
~3 s now; later processes load it from numba's disk cache in ~0.25 s).
"""

from __future__ import annotations

import numpy as np

__all__ = ["OK", "DEGENERATE", "UNBOUNDED", "compiled_vertex_kernels"]

#: Status of the walk: every vertex found.
OK = 0
#: A vertex with more than ``d`` labels within ``atol`` (or a ratio-test tie): use Qhull.
DEGENERATE = 1
#: No positive entry in an entering column (impossible for positive ``C``; rounding): use Qhull.
UNBOUNDED = 2
#: The kernel's arrays are full: enlarge them and call again (internal to :func:`_walk_vertices`).
FULL = 3

_EMPTY = -1  # empty hash-table slot (a label mask is never negative: labels < 63)
_MULT = 6364136223846793005  # odd 64-bit multiplier (Knuth's MMIX LCG constant) for hashing


def _walk_kernel(C, atol, pivot_eps, state, T_pool, b_pool, basic_pool, nonb_pool, back, free,
                 masks, slot_of, Z, table):  # pragma: no cover - compiled by numba
    """The breadth-first pivot walk (module docstring) in preallocated arrays, resumable.

    ``state = [head, count, used, n_free, bits, rehash]``: the queue head, vertices found, pool
    slots handed out, free slots, ``log2`` of the hash-table size, and whether the table must
    first be rebuilt from ``masks[:count]``.  Returns a status; ``FULL`` when the dictionary
    pool, the vertex arrays or the hash table (load factor 1/2) are full: the caller enlarges
    them and calls again (the interrupted vertex is expanded again; the neighbours it already
    queued are in the table).  The capacities are the arrays' first dimensions.
    """
    r, d = C.shape
    pool_cap = T_pool.shape[0]
    v_cap = masks.shape[0]
    head, count, used, n_free, bits = state[0], state[1], state[2], state[3], state[4]
    size = np.int64(1) << bits
    if count == 0:  # the start: vertex 0, all slacks basic
        for i in range(r):
            b_pool[0, i] = 1.0
            basic_pool[0, i] = d + i
        for j in range(d):
            nonb_pool[0, j] = j
            for i in range(r):
                T_pool[0, j, i] = C[i, j]
        back[0] = -1
        used = 1
        masks[0] = (np.int64(1) << d) - 1
        slot_of[0] = 0
        count = 1
        state[5] = 1
    if state[5]:
        for h in range(size):
            table[h] = _EMPTY
        for v in range(count):
            h = ((masks[v] * _MULT) >> (64 - bits)) & (size - 1)
            while table[h] != _EMPTY:
                h = (h + 1) & (size - 1)
            table[h] = masks[v]
        state[5] = 0
    while head < count:
        s = slot_of[head]
        mask = masks[head]
        for i in range(r):
            if basic_pool[s, i] < d:
                Z[head, basic_pool[s, i]] = b_pool[s, i]
        for q in range(d):
            if q == back[s]:
                continue
            # min-ratio test on the entering column q: b_i / a_i < b_p / a_p (both a > 0)
            # compared as b_i a_p < b_p a_i
            p = -1
            ap = 1.0
            bp = 0.0
            for i in range(r):
                a = T_pool[s, q, i]
                if a > pivot_eps and (p < 0 or b_pool[s, i] * ap < bp * a):
                    p = i
                    ap = a
                    bp = b_pool[s, i]
            if p < 0:
                return UNBOUNDED
            enter = nonb_pool[s, q]
            leave = basic_pool[s, p]
            new = mask ^ (np.int64(1) << enter) ^ (np.int64(1) << leave)
            h = ((new * _MULT) >> (64 - bits)) & (size - 1)
            while table[h] != _EMPTY and table[h] != new:
                h = (h + 1) & (size - 1)
            if table[h] == new:
                continue
            # a new vertex: room for it?
            if (n_free == 0 and used == pool_cap) or count == v_cap or 2 * (count + 1) > size:
                state[0], state[1], state[2], state[3] = head, count, used, n_free
                return FULL
            if n_free > 0:
                n_free -= 1
                t = free[n_free]
            else:
                t = used
                used += 1
            # its dictionary by one pivot on (p, q); T stored by columns, T_pool[., j, i]
            inv = 1.0 / ap
            z = bp * inv  # the entering variable's value
            if not z > atol:
                return DEGENERATE
            for i in range(r):
                if i != p:
                    bi = b_pool[s, i] - T_pool[s, q, i] * z
                    if not bi > atol:  # a second label within atol: degenerate
                        return DEGENERATE
                    b_pool[t, i] = bi
            b_pool[t, p] = z
            for j in range(d):
                if j != q:
                    c = T_pool[s, j, p] * inv
                    for i in range(r):
                        T_pool[t, j, i] = T_pool[s, j, i] - c * T_pool[s, q, i]
                    T_pool[t, j, p] = c
            for i in range(r):
                T_pool[t, q, i] = -T_pool[s, q, i] * inv
            T_pool[t, q, p] = inv
            for i in range(r):
                basic_pool[t, i] = basic_pool[s, i]
            basic_pool[t, p] = enter
            for j in range(d):
                nonb_pool[t, j] = nonb_pool[s, j]
            nonb_pool[t, q] = leave
            back[t] = q
            masks[count] = new
            slot_of[count] = t
            count += 1
            table[h] = new
        # vertex `head` expanded: its dictionary slot is free again
        free[n_free] = s
        n_free += 1
        head += 1
    state[0], state[1], state[2], state[3] = head, count, used, n_free
    return OK


def _walk_vertices(kernel, C: np.ndarray, atol: float, pivot_eps: float):
    """All vertices of ``{z >= 0 : C z <= 1}`` by the pivot walk (module docstring), with the
    compiled ``kernel`` (:func:`_walk_kernel`); the arrays are enlarged here when it is full.

    Returns ``(status, masks, Z)``: ``masks[v]`` has bit ``k`` set iff label ``k`` (``z_k = 0``
    for ``k < d``, row ``k - d`` tight otherwise) holds at vertex ``v``; ``Z[v]`` its
    coordinates; vertex 0 (mask ``2^d - 1``) first.  Meaningful only with status ``OK``.
    """
    C = np.ascontiguousarray(C, dtype=np.float64)
    r, d = C.shape
    pool_cap, v_cap, bits = 64, 2048, 13
    pool = [np.empty((pool_cap, d, r)), np.empty((pool_cap, r)),
            np.empty((pool_cap, r), dtype=np.int64), np.empty((pool_cap, d), dtype=np.int64),
            np.empty(pool_cap, dtype=np.int64), np.empty(pool_cap, dtype=np.int64)]
    verts = [np.empty(v_cap, dtype=np.int64), np.empty(v_cap, dtype=np.int64),
             np.zeros((v_cap, d))]
    table = np.empty(1 << bits, dtype=np.int64)
    state = np.array([0, 0, 0, 0, bits, 0], dtype=np.int64)
    while True:
        status = kernel(C, atol, pivot_eps, state, *pool, *verts, table)
        if status != FULL:
            break
        count, used, n_free = int(state[1]), int(state[2]), int(state[3])
        if n_free == 0 and used == pool[0].shape[0]:
            pool = [_grown(a) for a in pool]
        if count == verts[0].shape[0]:
            verts = [_grown(a) for a in verts]
        if 2 * (count + 1) > table.shape[0]:
            state[4] += 1
            state[5] = 1
            table = np.empty(1 << int(state[4]), dtype=np.int64)
    count = int(state[1])
    return status, verts[0][:count], verts[2][:count]


def _grown(a: np.ndarray) -> np.ndarray:
    """``a`` with its first dimension doubled (the new rows zero)."""
    out = np.zeros((2 * a.shape[0], *a.shape[1:]), dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


def _pair_labels(mask_p, mask_q, m, n):  # pragma: no cover - compiled by numba
    """Completely labelled pairs ``(a, b)`` of nondegenerate vertices, vertex 0 excluded.

    ``mask_p``: labels of the vertices of ``P`` (``d = m``: bit ``i`` = ``x_i = 0``, bit
    ``m + j`` = column ``j`` a best response), already in the game's label order; ``mask_q``:
    labels of ``Q`` in its own order (``d = n``: bit ``j`` = ``y_j = 0``, bit ``n + i`` = row
    ``i`` tight), mapped here to the game's (row ``i`` -> ``i``, ``y_j = 0`` -> ``m + j``).
    Nondegenerate vertices have exactly ``m`` resp. ``n`` labels, so a pair is completely
    labelled iff its masks are complements: one hash look-up per vertex of ``P``.
    """
    full = (np.int64(1) << (m + n)) - 1
    low_n = (np.int64(1) << n) - 1
    bits = 4
    while (1 << bits) < 2 * mask_q.shape[0] + 2:
        bits += 1
    table = np.full(1 << bits, _EMPTY, dtype=np.int64)
    index = np.empty(1 << bits, dtype=np.int64)
    zero_q = low_n << m  # game-order labels of Q's vertex 0
    for b in range(mask_q.shape[0]):
        g = (mask_q[b] >> n) | ((mask_q[b] & low_n) << m)
        if g == zero_q:
            continue
        h = ((g * _MULT) >> (64 - bits)) & ((1 << bits) - 1)
        while table[h] != _EMPTY and table[h] != g:
            h = (h + 1) & ((1 << bits) - 1)
        table[h] = g
        index[h] = b
    out = np.empty((mask_p.shape[0], 2), dtype=np.int64)
    k = 0
    for a in range(mask_p.shape[0]):
        want = mask_p[a] ^ full
        h = ((want * _MULT) >> (64 - bits)) & ((1 << bits) - 1)
        while table[h] != _EMPTY and table[h] != want:
            h = (h + 1) & ((1 << bits) - 1)
        if table[h] == want:
            out[k, 0] = a
            out[k, 1] = index[h]
            k += 1
    return out[:k]


_COMPILED = None


def compiled_vertex_kernels():
    """``(walk, pair)``: the pivot walk ``walk(C, atol, pivot_eps) -> (status, masks, Z)``
    (:func:`_walk_vertices` around :func:`_walk_kernel`) and :func:`_pair_labels`, compiled by
    numba (cached on disk), or ``None`` without numba (then Qhull on the polar polytopes).

    Returns
    -------
    tuple of callables or None
        The compiled kernels, or ``None`` when numba cannot be imported.

    Examples
    --------
    >>> kernels = compiled_vertex_kernels()
    >>> kernels is None or len(kernels) == 2
    True
    """
    global _COMPILED
    if _COMPILED is None:
        try:
            import functools

            import numba

            jit = numba.njit(cache=True, nogil=True)
            _COMPILED = (functools.partial(_walk_vertices, jit(_walk_kernel)), jit(_pair_labels))
        except Exception:  # numba absent, or no cache directory: Qhull
            _COMPILED = False
    return _COMPILED or None
