"""Graphs for cascades: networkx graphs or scipy.sparse adjacency -> one CSR structure.

Every cascade routine accepts either

* a networkx ``Graph`` / ``DiGraph`` (or multigraph) with arbitrary hashable node labels.
  Nodes are mapped to ``0..n-1`` in the graph's own node order (``list(G)``, which is
  insertion order and therefore stable); results report the original labels; or
* a square scipy.sparse adjacency matrix ``A`` with ``A[i, j] != 0`` meaning *i
  influences j* (j sees i).  A symmetric matrix is an undirected graph.  Node labels
  are ``0..n-1``.  This is the route for very large graphs (see :func:`erdos_renyi_csr`).

The CSR structure is built once (``nx.to_scipy_sparse_array``) and wrapped in a
:class:`CascadeGraph`, which callers may also build themselves and reuse across many runs.

Self-loops are dropped (a node does not count itself as an active neighbour).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

from ..errors import GraphError, ParameterError

__all__ = ["CascadeGraph", "as_cascade_graph", "erdos_renyi_csr"]


@dataclass(frozen=True, eq=False)
class CascadeGraph:
    """A graph prepared for cascades.

    Built by :func:`as_cascade_graph`.

    Attributes
    ----------
    out_adj : scipy.sparse.csr_array
        ``(n, n)``, ``out_adj[i, j]`` = weight of the influence of ``i`` on ``j``
        (row ``i`` lists whom ``i`` exposes when it defects).
    in_adj : scipy.sparse.csr_array
        ``(n, n)``, the transpose (row ``j`` lists whom ``j`` watches).  The same
        object as ``out_adj`` for an undirected graph.
    labels : numpy.ndarray
        Node labels in index order (an object array; ``arange(n)`` for sparse
        input).
    directed : bool
        Whether the graph is directed (for sparse input: whether ``A`` is not
        symmetric).
    weighted : bool
        Whether edge weights other than 1 are used.
    graph : networkx.Graph or None
        The networkx graph it came from, if any (needed by betweenness / k-core
        seeding).

    Examples
    --------
    >>> import networkx as nx
    >>> from compellence.cascades import as_cascade_graph
    >>> cg = as_cascade_graph(nx.DiGraph([("a", "b"), ("b", "c")]))
    >>> cg.n, cg.directed, cg.out_adj.toarray().tolist()
    (3, True, [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    """

    out_adj: sp.csr_array
    in_adj: sp.csr_array
    labels: np.ndarray
    directed: bool
    weighted: bool
    graph: nx.Graph | None = None
    _index: dict = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return int(self.out_adj.shape[0])

    @property
    def n_edges(self) -> int:
        """Number of edges (undirected edges counted once)."""
        nnz = int(self.out_adj.nnz)
        return nnz if self.directed else nnz // 2

    @property
    def in_degree(self) -> np.ndarray:
        """Weighted in-degree (the denominator of fractional thresholds), float array ``(n,)``."""
        return _row_sums(self.in_adj)

    @property
    def out_degree(self) -> np.ndarray:
        """Weighted out-degree, float array ``(n,)``."""
        return _row_sums(self.out_adj)

    def index_of(self, nodes: Iterable[Hashable], name: str = "seeds") -> np.ndarray:
        """Indices of node labels; a :class:`GraphError` naming ``name`` and the node if absent.

        Parameters
        ----------
        nodes : iterable of node labels
            The labels.
        name : str, optional
            The argument's name, for messages (default ``"seeds"``).

        Returns
        -------
        numpy.ndarray
            Their indices (int).

        Raises
        ------
        GraphError
            A label not in the graph.

        Examples
        --------
        >>> import networkx as nx
        >>> from compellence.cascades import as_cascade_graph
        >>> cg = as_cascade_graph(nx.Graph([("a", "b"), ("b", "c")]))
        >>> cg.index_of(["c", "a"]).tolist()
        [2, 0]
        >>> cg.index_of(["z"])
        Traceback (most recent call last):
        ...
        compellence.errors.GraphError: seeds: node 'z' is not in the graph
        """
        if self.graph is None:  # sparse input: labels are 0..n-1
            out = []
            for v in nodes:
                if (
                    isinstance(v, (int, np.integer))
                    and not isinstance(v, bool)
                    and 0 <= int(v) < self.n
                ):
                    out.append(int(v))
                else:
                    raise GraphError(f"{name}: node {v!r} is not in the graph (0..{self.n - 1})")
            return np.asarray(out, dtype=np.int64)
        if "map" not in self._index:
            self._index["map"] = {v: i for i, v in enumerate(self.labels.tolist())}
        idx = self._index["map"]
        out = []
        for v in nodes:
            try:
                out.append(idx[v])
            except (KeyError, TypeError):
                raise GraphError(f"{name}: node {v!r} is not in the graph") from None
        return np.asarray(out, dtype=np.int64)

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        return f"CascadeGraph(n={self.n}, edges={self.n_edges}, {kind}, weighted={self.weighted})"


def _row_sums(a: sp.csr_array) -> np.ndarray:
    if a.nnz and np.all(a.data == 1):
        return np.diff(a.indptr).astype(float)
    return np.asarray(a.sum(axis=1)).ravel().astype(float)


def _check_directed(directed: bool, expect: bool | None) -> None:
    if expect is None or expect == directed:
        return
    if expect:
        raise GraphError(
            "graph: an undirected graph was given where a directed one is needed "
            "(edges must say who influences whom; pass a networkx DiGraph or "
            "convert with G.to_directed())"
        )
    raise GraphError(
        "graph: a directed graph was given where an undirected one is needed "
        "(pass a networkx Graph, e.g. G.to_undirected(), or a symmetric adjacency)"
    )


def as_cascade_graph(
    graph: nx.Graph | sp.sparray | sp.spmatrix | CascadeGraph,
    weight: str | None = None,
    directed: bool | None = None,
) -> CascadeGraph:
    """Prepare ``graph`` (networkx graph, scipy.sparse matrix or :class:`CascadeGraph`).

    Parameters
    ----------
    graph : networkx.Graph or scipy.sparse array or CascadeGraph
        The network (a :class:`CascadeGraph` is returned as is).
    weight : str or None, optional
        A networkx edge attribute used as influence weight (default: every edge
        counts 1).
    directed : bool or None, optional
        ``True`` / ``False`` demands a directed / undirected graph and refuses the
        other kind; ``None`` accepts both.

    Returns
    -------
    CascadeGraph
        The prepared graph.

    Raises
    ------
    GraphError
        The wrong kind of graph, a non-square or negative matrix, a missing or
        negative weight.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy import sparse
    >>> from compellence.cascades import as_cascade_graph
    >>> cg = as_cascade_graph(sparse.csr_array(np.array([[0, 1], [1, 0]])))
    >>> cg.n, cg.directed, cg.labels.tolist()
    (2, False, [0, 1])
    """
    if isinstance(graph, CascadeGraph):
        _check_directed(graph.directed, directed)
        return graph
    if isinstance(graph, nx.Graph):
        if graph.number_of_nodes() == 0:
            raise GraphError("graph: the graph has no nodes")
        is_dir = graph.is_directed()
        _check_directed(is_dir, directed)
        labels = np.empty(graph.number_of_nodes(), dtype=object)
        labels[:] = list(graph.nodes)
        a = nx.to_scipy_sparse_array(graph, weight=weight, format="csr", dtype=float)
        g = graph
    elif sp.issparse(graph):
        if graph.ndim != 2 or graph.shape[0] != graph.shape[1]:
            raise GraphError(f"graph: an adjacency matrix must be square; got shape {graph.shape}")
        if graph.shape[0] == 0:
            raise GraphError("graph: the adjacency matrix has no nodes")
        a = sp.csr_array(graph, dtype=float, copy=True)
        labels = np.arange(a.shape[0])
        is_dir = None
        g = None
    else:
        raise GraphError(
            f"graph: expected a networkx graph or a scipy.sparse adjacency matrix; "
            f"got {type(graph).__name__}"
        )
    a.sum_duplicates()
    if a.diagonal().any():  # drop self-loops
        c = a.tocoo()
        keep = c.row != c.col
        a = sp.csr_array((c.data[keep], (c.row[keep], c.col[keep])), shape=a.shape)
    a.eliminate_zeros()
    a.sort_indices()
    if a.nnz and (not np.all(np.isfinite(a.data)) or np.any(a.data < 0)):
        raise GraphError(
            f"graph: edge weights{' (' + weight + ')' if weight else ''} must be finite and >= 0"
        )
    weighted = bool(a.nnz) and not np.all(a.data == 1.0)
    if is_dir is None:
        at = a.T.tocsr()
        at.sort_indices()
        is_dir = not _same_csr(a, at)
        _check_directed(is_dir, directed)
    else:
        at = a.T.tocsr() if is_dir else a
        if is_dir:
            at.sort_indices()
    if not is_dir:
        at = a
    return CascadeGraph(out_adj=a, in_adj=at, labels=labels, directed=bool(is_dir),
                        weighted=weighted, graph=g)


def _same_csr(a: sp.csr_array, b: sp.csr_array) -> bool:
    return (
        a.nnz == b.nnz
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


def _sorted_unique(x: np.ndarray) -> np.ndarray:
    # sort + diff: several times faster than np.unique on 10^7 int64 codes here
    x = np.sort(x)
    if x.size == 0:
        return x
    keep = np.empty(x.size, dtype=bool)
    keep[0] = True
    np.not_equal(x[1:], x[:-1], out=keep[1:])
    return x[keep]


def erdos_renyi_csr(n: int, mean_degree: float,
                    seed: int | np.random.Generator | None = None) -> sp.csr_array:
    """An undirected Erdos-Renyi graph G(n, p), ``p = mean_degree / (n - 1)``, as symmetric CSR.

    Built directly in scipy.sparse (networkx's generators take minutes at n = 10^6).
    The number of edges is drawn as ``Binomial(n (n-1) / 2, p)`` and the edges are
    sampled uniformly among distinct unordered pairs (rejection of duplicates and loops),
    which is exactly G(n, p).  Memory is about 24 bytes per directed entry.

    Parameters
    ----------
    n : int
        Number of nodes (>= 2).
    mean_degree : float
        Expected degree ``z = p (n - 1)``, ``0 <= z <= n - 1``.
    seed : int or numpy.random.Generator or None, optional
        Anything ``numpy.random.default_rng`` accepts.

    Returns
    -------
    scipy.sparse.csr_array
        The symmetric 0/1 adjacency, ``(n, n)``.

    Raises
    ------
    GraphError
        ``n < 2`` or a mean degree out of range.

    Examples
    --------
    >>> from compellence.cascades import erdos_renyi_csr
    >>> a = erdos_renyi_csr(1000, 4.0, seed=1)
    >>> a.shape, round(float(a.sum()) / 1000, 2), bool((a != a.T).nnz == 0)
    ((1000, 1000), 3.95, True)
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ParameterError(f"must be an integer >= 2; got {n!r}", "n")
    z = float(mean_degree)
    if not np.isfinite(z) or z < 0 or z > n - 1:
        raise ParameterError(f"must be in [0, n - 1]; got {mean_degree!r}", "mean_degree")
    rng = np.random.default_rng(seed)
    n = int(n)
    pairs = n * (n - 1) // 2
    p = z / (n - 1)
    m = int(rng.binomial(pairs, p))
    if p > 0.5:  # dense: enumerate (only feasible for small n)
        iu, ju = np.triu_indices(n, 1)
        keep = rng.random(iu.size) < p
        i, j = iu[keep], ju[keep]
    else:
        codes = np.empty(0, dtype=np.int64)
        while codes.size < m:
            need = m - codes.size
            draw = int(need * 1.05) + 16
            u = rng.integers(0, n, size=draw, dtype=np.int64)
            v = rng.integers(0, n, size=draw, dtype=np.int64)
            ok = u != v
            lo = np.minimum(u[ok], v[ok])
            hi = np.maximum(u[ok], v[ok])
            codes = _sorted_unique(np.concatenate([codes, lo * n + hi]))
        if codes.size > m:
            codes = np.sort(rng.choice(codes, size=m, replace=False))
        i, j = np.divmod(codes, n)
    # Upper triangle built straight into CSR (codes are sorted by row, then column),
    # then A = U + U^T: linear time, no COO sort of 2m entries.
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(i, minlength=n))])
    upper = sp.csr_array((np.ones(i.size), j, indptr), shape=(n, n))
    a = sp.csr_array(upper + upper.T.tocsr())
    a.sort_indices()
    return a
