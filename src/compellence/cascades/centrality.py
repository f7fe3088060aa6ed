"""Core numbers and (sampled) betweenness on the CSR structure of a :class:`CascadeGraph`.

Both work on the scipy.sparse adjacency directly, without a networkx copy of the graph
(a 10^5-node networkx copy alone costs seconds).  Edge weights are ignored (both
measures count edges), self-loops are absent (:class:`CascadeGraph` drops them).

**Core number** (Seidman 1983): the largest ``k`` such that the node belongs to a
subgraph in which every node has degree at least ``k``.  Computed by peeling
(Batagelj & Zaversnik 2003, "An O(m) algorithm for cores decomposition of
networks"), vectorised by levels: at level ``k`` every remaining node of remaining
degree ``<= k`` gets core number ``k`` and is removed together (its neighbours'
degrees fall by the number of edges to it), until none is left at that level; then
``k`` rises to the smallest remaining degree.  Work ``O(m)`` plus ``O(n)`` per
distinct level.  For a directed graph the degree is in-degree plus out-degree and a
reciprocated pair counts twice, as in ``networkx.core_number`` on a ``DiGraph``.

**Betweenness** (Freeman 1977), normalised as networkx does:
``b(v) = sum_{s != v != t} sigma_st(v) / sigma_st / ((n - 1)(n - 2))`` (ordered pairs;
the same scale for undirected graphs, where each pair is counted in both orders).
Brandes (2001) accumulation: ``b(v) = sum_s delta_s(v) / ((n-1)(n-2))`` with the
dependency ``delta_s(v) = sum_{w: v in pred_s(w)} sigma_sv / sigma_sw (1 + delta_s(w))``.
Here the breadth-first levels come from ``scipy.sparse.csgraph.shortest_path`` and
``sigma`` and ``delta`` are accumulated level by level for a block of sources at
once (sparse matrix times dense block).

**Sampled pivots** (Brandes & Pich 2007, "Centrality estimation in large networks"):
``k`` sources drawn uniformly without replacement; the estimate
``b_hat(v) = (n / k) sum_{s in S} delta_s(v) / ((n-1)(n-2))`` is unbiased.  Each term
``Y_s = n delta_s(v) / ((n-1)(n-2))`` lies in ``[0, n / (n - 1)]`` (``delta_s(v) <= n - 2``),
so Hoeffding's inequality (which holds for sampling without replacement, Hoeffding
1963 section 6) gives, for each node,
``P(|b_hat(v) - b(v)| >= eps) <= 2 exp(-2 k eps^2 (n - 1)^2 / n^2)``, i.e. with
probability ``1 - alpha`` the error is at most
``eps = n / (n - 1) * sqrt(ln(2 / alpha) / (2 k))`` (:meth:`Betweenness.error`; use
``alpha / n`` for all nodes at once).  The bound is absolute on the normalised scale:
500 pivots give ``eps ~ 0.061`` at ``alpha = 0.05``, large beside typical values
(``~ 1 / n``) but small beside the values of the few brokers that seeding picks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from ..errors import ParameterError
from .graph import CascadeGraph, as_cascade_graph

if TYPE_CHECKING:
    import networkx as nx

    #: what the functions here accept as a graph
    GraphLike = nx.Graph | sp.sparray | sp.spmatrix | CascadeGraph

__all__ = ["core_number", "Betweenness", "betweenness"]


def _pattern(cg: CascadeGraph) -> sp.csr_array:
    a = cg.out_adj
    return sp.csr_array((np.ones(a.indices.size, dtype=np.int64), a.indices, a.indptr),
                        shape=a.shape)


def _rows(indptr: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Positions in ``indices``/``data`` of the entries of ``rows`` (concatenated)."""
    starts = indptr[rows]
    lens = indptr[rows + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    return np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(total)


def core_number(graph: GraphLike) -> np.ndarray:
    """Core number of every node (in node order), an int array ``(n,)``.

    Level-vectorised Batagelj-Zaversnik peeling on the sparse adjacency (module
    docstring); equal to ``networkx.core_number`` of the graph without self-loops
    (a ``DiGraph``: in- plus out-degree).

    Parameters
    ----------
    graph : networkx.Graph or scipy.sparse array or CascadeGraph
        The network.

    Returns
    -------
    numpy.ndarray
        The core numbers (int).

    Raises
    ------
    GraphError
        A graph that cannot be prepared (see :func:`as_cascade_graph`).

    Examples
    --------
    >>> import networkx as nx
    >>> from compellence.cascades import core_number
    >>> g = nx.complete_graph(4)
    >>> g.add_edge(3, 4)
    >>> core_number(g).tolist()
    [3, 3, 3, 3, 1]
    """
    cg = as_cascade_graph(graph)
    n = cg.n
    p = _pattern(cg)
    b = (p + p.T).tocsr() if cg.directed else p
    b.sum_duplicates()
    indptr, indices, data = b.indptr, b.indices, b.data
    deg = np.diff(indptr).astype(np.int64) if not cg.directed else np.bincount(
        np.repeat(np.arange(n), np.diff(indptr)), weights=data, minlength=n).astype(np.int64)
    core = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    left = n
    k = 0
    while left:
        k = max(k, int(deg[alive].min()))
        front = np.flatnonzero(alive & (deg <= k))
        while front.size:
            core[front] = k
            alive[front] = False
            left -= front.size
            pos = _rows(indptr, front)
            nb = indices[pos]
            keep = alive[nb]
            if not keep.any():
                break
            u, inv = np.unique(nb[keep], return_inverse=True)
            deg[u] -= np.bincount(inv, weights=data[pos][keep]).astype(np.int64)
            front = u[deg[u] <= k]
    return core


@dataclass(frozen=True, eq=False)
class Betweenness:
    """Betweenness centrality, exact or estimated from sampled pivots.

    :meth:`error` is the Hoeffding bound of the module docstring.

    Attributes
    ----------
    scores : numpy.ndarray
        Normalised betweenness, node order.
    pivots : numpy.ndarray
        Source indices used.
    n : int
        Number of nodes.
    exact : bool
        All nodes were sources.

    Examples
    --------
    >>> import networkx as nx
    >>> from compellence.cascades import betweenness
    >>> b = betweenness(nx.path_graph(5))
    >>> b.scores.round(4).tolist(), b.exact
    ([0.0, 0.5, 0.6667, 0.5, 0.0], True)
    """

    scores: np.ndarray
    pivots: np.ndarray
    n: int
    exact: bool

    def error(self, alpha: float = 0.05, *, all_nodes: bool = False) -> float:
        """Absolute error on the normalised scale that ``|b_hat(v) - b(v)|`` exceeds with probability at most ``alpha``.

        For every node at once if ``all_nodes`` (union bound, ``alpha / n`` per
        node): ``n/(n-1) sqrt(ln(2/alpha) / (2k))``; 0 when exact.

        Parameters
        ----------
        alpha : float, optional
            The probability of a larger error, in (0, 1) (default 0.05).
        all_nodes : bool, optional
            Bound the error of every node at once (default False).

        Returns
        -------
        float
            The error bound.

        Examples
        --------
        >>> import networkx as nx
        >>> from compellence.cascades import betweenness
        >>> round(betweenness(nx.path_graph(50), samples=10, rng=0).error(), 6)
        0.438234
        >>> betweenness(nx.path_graph(5)).error()
        0.0
        """
        if not 0 < alpha < 1:
            raise ParameterError(f"must be in (0, 1); got {alpha!r}", "alpha")
        if self.exact or self.n <= 2:
            return 0.0
        a = alpha / self.n if all_nodes else alpha
        k = self.pivots.size
        return float(self.n / (self.n - 1) * np.sqrt(np.log(2.0 / a) / (2.0 * k)))


def betweenness(graph: GraphLike, samples: int | None = None, *,
                rng: int | np.random.Generator | None = None,
                block_bytes: int = 64 * 2**20) -> Betweenness:
    """Betweenness centrality on the sparse adjacency (unweighted shortest paths).

    Normalised as ``networkx.betweenness_centrality`` (``endpoints=False``).
    Sources are processed in blocks of about ``block_bytes`` of dense
    ``(n, block)`` arrays.

    Parameters
    ----------
    graph : networkx.Graph or scipy.sparse array or CascadeGraph
        The network.
    samples : int or None, optional
        Number of pivots (Brandes-Pich sampling, uniform without replacement);
        ``None`` or ``>= n``: exact (every node a source).
    rng : int or numpy.random.Generator or None, optional
        Randomness of the pivots.
    block_bytes : int, optional
        Memory per block of sources, in bytes (default 64 MiB).

    Returns
    -------
    Betweenness
        Scores, pivots and the error bound.

    Raises
    ------
    GraphError
        A graph that cannot be prepared, or a non-positive ``samples``.

    Examples
    --------
    >>> import networkx as nx
    >>> from compellence.cascades import betweenness
    >>> betweenness(nx.star_graph(3)).scores.tolist()
    [1.0, 0.0, 0.0, 0.0]
    """
    cg = as_cascade_graph(graph)
    n = cg.n
    if samples is not None and (isinstance(samples, bool) or not isinstance(
            samples, (int, np.integer)) or samples < 1):
        raise ParameterError(f"must be a positive integer or None; got {samples!r}", "samples")
    exact = samples is None or samples >= n
    if exact:
        pivots = np.arange(n)
    else:
        pivots = np.sort(np.random.default_rng(rng).choice(n, size=int(samples), replace=False))
    bc = np.zeros(n)
    if n <= 2:
        return Betweenness(scores=bc, pivots=pivots, n=n, exact=exact)
    a = _pattern(cg).astype(np.float64)
    at = a.T.tocsr()
    blk = max(1, min(pivots.size, block_bytes // (8 * 6 * n)))
    for lo in range(0, pivots.size, blk):
        src = pivots[lo: lo + blk]
        b = src.size
        dist = csgraph.shortest_path(a, directed=cg.directed, unweighted=True,
                                     indices=src).T  # (n, b); inf: unreachable
        dist = np.where(np.isfinite(dist), dist, -1).astype(np.int64)
        dmax = int(dist.max())
        sigma = np.zeros((n, b))
        sigma[src, np.arange(b)] = 1.0
        for d in range(dmax):
            step = at @ np.where(dist == d, sigma, 0.0)
            nxt = dist == d + 1
            sigma[nxt] = step[nxt]
        delta = np.zeros((n, b))
        for d in range(dmax - 1, -1, -1):
            coef = np.where(dist == d + 1, (1.0 + delta) / np.where(sigma > 0, sigma, 1.0), 0.0)
            back = a @ coef
            lev = dist == d
            delta[lev] = sigma[lev] * back[lev]
        delta[src, np.arange(b)] = 0.0
        bc += delta.sum(axis=1)
    scale = 1.0 / ((n - 1) * (n - 2))
    if not exact:
        scale *= n / pivots.size
    return Betweenness(scores=bc * scale, pivots=pivots, n=n, exact=exact)
