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
costs ~10 ratio tests and one ~100-flop pivot, a few microseconds compiled; in numpy each
step would be several vectorised calls of ~1 us overhead for ~10 flops each, slower than
Qhull (~5-10 ms per polytope), which stays the fallback when numba is absent.
"""

from __future__ import annotations

import numpy as np

__all__ = ["OK", "DEGENERATE", "UNBOUNDED", "compiled_vertex_kernels"]

#: Status of :func:`_walk_vertices`: every vertex found.
OK = 0
#: A vertex with more than ``d`` labels within ``atol`` (or a ratio-test tie): use Qhull.
DEGENERATE = 1
#: No positive entry in an entering column (impossible for positive ``C``; rounding): use Qhull.
UNBOUNDED = 2

_EMPTY = -1  # empty hash-table slot (a label mask is never negative: labels < 63)
_MULT = 6364136223846793005  # odd 64-bit multiplier (Knuth's MMIX LCG constant) for hashing


def _walk_vertices(C, atol, pivot_eps):  # pragma: no cover - compiled by numba
    """All vertices of ``{z >= 0 : C z <= 1}`` by the breadth-first pivot walk (module
    docstring).

    Returns ``(status, masks, Z)``: ``masks[v]`` has bit ``k`` set iff label ``k`` (``z_k = 0``
    for ``k < d``, row ``k - d`` tight otherwise) holds at vertex ``v``; ``Z[v]`` its
    coordinates; vertex 0 (mask ``2^d - 1``) first.  Meaningful only with status ``OK``.
    """
    r, d = C.shape
    # dictionary pool, one slot per queued vertex, reused once the vertex is expanded;
    # T is stored by columns (T_pool[slot, j, i] = T[i, j]): the ratio test reads a column
    pool_cap = 64
    T_pool = np.empty((pool_cap, d, r))
    b_pool = np.empty((pool_cap, r))
    basic_pool = np.empty((pool_cap, r), dtype=np.int64)
    nonb_pool = np.empty((pool_cap, d), dtype=np.int64)
    back = np.empty(pool_cap, dtype=np.int64)  # the column leading back to the parent
    free = np.empty(pool_cap, dtype=np.int64)
    n_free = 0
    # per vertex (discovery order = queue order): mask, dictionary slot, coordinates
    v_cap = 256
    masks = np.empty(v_cap, dtype=np.int64)
    slot_of = np.empty(v_cap, dtype=np.int64)
    Z = np.zeros((v_cap, d))
    # hash set of the masks seen (open addressing, linear probing, load factor <= 1/2)
    bits = 10
    table = np.full(1 << bits, _EMPTY, dtype=np.int64)

    for i in range(r):
        b_pool[0, i] = 1.0
        basic_pool[0, i] = d + i
    for j in range(d):
        nonb_pool[0, j] = j
        for i in range(r):
            T_pool[0, j, i] = C[i, j]
    back[0] = -1
    used = 1  # pool slots ever handed out
    mask0 = (np.int64(1) << d) - 1
    masks[0] = mask0
    slot_of[0] = 0
    table[((mask0 * _MULT) >> (64 - bits)) & ((1 << bits) - 1)] = mask0
    count = 1
    head = 0
    while head < count:
        s = slot_of[head]
        mask = masks[head]
        for i in range(r):
            if basic_pool[s, i] < d:
                Z[head, basic_pool[s, i]] = b_pool[s, i]
        for q in range(d):
            if q == back[s]:
                continue
            # min-ratio test on the entering column q (b_i / a_i < b_p / a_p, both a > 0,
            # compared as b_i a_p < b_p a_i)
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
                return UNBOUNDED, masks[:0], Z[:0]
            enter = nonb_pool[s, q]
            leave = basic_pool[s, p]
            new = mask ^ (np.int64(1) << enter) ^ (np.int64(1) << leave)
            h = ((new * _MULT) >> (64 - bits)) & ((1 << bits) - 1)
            while table[h] != _EMPTY and table[h] != new:
                h = (h + 1) & ((1 << bits) - 1)
            if table[h] == new:
                continue
            # a new vertex: its dictionary by one pivot on (p, q), into a free pool slot
            if n_free > 0:
                n_free -= 1
                t = free[n_free]
            else:
                if used == pool_cap:
                    pool_cap *= 2
                    T2 = np.empty((pool_cap, d, r))
                    T2[:used] = T_pool[:used]
                    T_pool = T2
                    b2 = np.empty((pool_cap, r))
                    b2[:used] = b_pool[:used]
                    b_pool = b2
                    bb2 = np.empty((pool_cap, r), dtype=np.int64)
                    bb2[:used] = basic_pool[:used]
                    basic_pool = bb2
                    nb2 = np.empty((pool_cap, d), dtype=np.int64)
                    nb2[:used] = nonb_pool[:used]
                    nonb_pool = nb2
                    k2 = np.empty(pool_cap, dtype=np.int64)
                    k2[:used] = back[:used]
                    back = k2
                    f2 = np.empty(pool_cap, dtype=np.int64)
                    f2[:n_free] = free[:n_free]
                    free = f2
                t = used
                used += 1
            inv = 1.0 / ap
            z = bp * inv  # the entering variable's value
            if not z > atol:
                return DEGENERATE, masks[:0], Z[:0]
            for i in range(r):
                if i != p:
                    bi = b_pool[s, i] - T_pool[s, q, i] * z
                    if not bi > atol:  # a second label within atol: degenerate
                        return DEGENERATE, masks[:0], Z[:0]
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
            # record the vertex (grow the per-vertex arrays and the hash table as needed)
            if count == v_cap:
                v_cap *= 2
                m2 = np.empty(v_cap, dtype=np.int64)
                m2[:count] = masks[:count]
                masks = m2
                s2 = np.empty(v_cap, dtype=np.int64)
                s2[:count] = slot_of[:count]
                slot_of = s2
                Z2 = np.zeros((v_cap, d))
                Z2[:count] = Z[:count]
                Z = Z2
            masks[count] = new
            slot_of[count] = t
            count += 1
            table[h] = new
            if 2 * count > table.shape[0]:
                bits += 1
                table = np.full(1 << bits, _EMPTY, dtype=np.int64)
                for v in range(count):
                    h = ((masks[v] * _MULT) >> (64 - bits)) & ((1 << bits) - 1)
                    while table[h] != _EMPTY:
                        h = (h + 1) & ((1 << bits) - 1)
                    table[h] = masks[v]
        # vertex `head` expanded: its dictionary slot is free again
        free[n_free] = s
        n_free += 1
        head += 1
    return OK, masks[:count], Z[:count]


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
    """``(walk, pair)``: :func:`_walk_vertices` and :func:`_pair_labels` compiled by numba
    (cached on disk), or ``None`` without numba (then Qhull on the polar polytopes).

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
            import numba

            jit = numba.njit(cache=True, nogil=True)
            _COMPILED = (jit(_walk_vertices), jit(_pair_labels))
        except Exception:  # numba absent, or no cache directory: Qhull
            _COMPILED = False
    return _COMPILED or None

