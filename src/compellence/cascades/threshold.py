"""Threshold cascades on networks, single and batched, on scipy.sparse.

Model (synchronous, monotone threshold dynamics)
------------------------------------------------
Each node ``i`` has a threshold and watches its in-neighbours (for an undirected
graph: its neighbours).  Let ``s_i(t)`` be the (weighted) number of its active
in-neighbours after round ``t`` and ``k_i`` its (weighted) in-degree.

* ``kind="fraction"`` (Watts 2002, "A simple model of global cascades on random
  networks", PNAS 99): ``i`` becomes active in round ``t+1`` iff
  ``s_i(t) / k_i + e_i >= phi_i`` with ``phi_i`` in ``[0, 1]``.  A node with
  ``k_i = 0`` activates only if ``phi_i - e_i <= 0``.
* ``kind="count"`` (Granovetter 1978, "Threshold models of collective behavior",
  AJS 83; Centola & Macy 2007, "Complex contagions and the weakness of long ties",
  AJS 113): ``i`` activates iff ``s_i(t) + b_i >= theta_i`` with ``theta_i >= 0``
  an absolute number of active neighbours (``theta_i = 2`` is complex contagion).

``e_i`` / ``b_i`` is an optional *external exposure* (an information campaign that
counts as a share / number of defected neighbours).  Thresholds ``0`` are
instigators (they activate in round 1 with no one around them); ``inf`` never
activates.  Seeds are active from round 0.  Active nodes stay active, so the
process reaches its fixed point in at most ``n`` rounds; ``series[t]`` is the
number of active nodes after round ``t``.

Repression that *punishes visible defectors* is modelled by ``punish_prob = q``:
every node at the moment it defects (seeds included) is caught with probability
``q``; a caught node is not a defector, exposes no one and cannot defect again.

Implementation: one cascade propagates only the newly active nodes (a CSR row
gather plus ``np.bincount``), so its total work is ``O(n + edges)`` whatever the
number of rounds; many cascades run batched as one sparse-times-dense product
``in_adj @ N`` per round (``N`` the ``(n, runs)`` matrix of nodes that became
active in the last round).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import GraphError, ParameterError
from ..validation import check_choice, check_int, check_probability
from .graph import CascadeGraph, as_cascade_graph

__all__ = [
    "CascadeResult",
    "BatchCascadeResult",
    "threshold_cascade",
    "batch_cascades",
    "resolve_thresholds",
]

Kind = Literal["fraction", "count"]
_TOL = 1e-9


def check_kind(kind: str) -> None:
    check_choice(kind, "kind", ("fraction", "count"))


def _is_distribution(obj: Any) -> bool:
    return hasattr(obj, "rvs") and hasattr(obj, "cdf")


def resolve_thresholds(
    spec: Any,
    cg: CascadeGraph,
    kind: Kind = "fraction",
    n_runs: int | None = None,
    rng: Any = None,
    name: str = "thresholds",
) -> np.ndarray:
    """Turn a threshold specification into a float array ``(n,)`` or ``(n_runs, n)``.

    Given values must lie in ``[0, 1]`` (fraction) or ``[0, inf)`` (count); ``inf``
    means "never".  *Draws* from a distribution are clipped: below 0 becomes 0 (an
    instigator), and for fractions above 1 becomes ``inf`` (never adopts).

    Parameters
    ----------
    spec : float or array_like or mapping or str or scipy.stats distribution
        A scalar (all nodes), an array ``(n,)`` in node order or ``(n_runs, n)``
        (one row per run), a mapping ``{node: threshold}`` covering every node,
        the name of a networkx node attribute, or a frozen ``scipy.stats``
        distribution (one independent draw per node and, if ``n_runs`` is
        given, per run).
    cg : CascadeGraph
        The prepared graph.
    kind : {"fraction", "count"}, optional
        Share of in-neighbours or number of them.
    n_runs : int or None, optional
        Number of runs (draws per node) for a distribution.
    rng : int or numpy.random.Generator or None, optional
        Seed / Generator for the draws.
    name : str, optional
        The argument's name, for messages.

    Returns
    -------
    numpy.ndarray
        Thresholds, ``(n,)`` or ``(n_runs, n)``.

    Raises
    ------
    GraphError
        Values out of range, a mapping that misses a node, an unknown attribute
        or a wrong shape (naming ``name``).

    Examples
    --------
    >>> import networkx as nx
    >>> from scipy import stats
    >>> from compellence.cascades import as_cascade_graph, resolve_thresholds
    >>> cg = as_cascade_graph(nx.path_graph(3))
    >>> resolve_thresholds({0: 0.1, 1: 0.5, 2: 1.0}, cg).tolist()
    [0.1, 0.5, 1.0]
    >>> resolve_thresholds(stats.norm(0.5, 1.0), cg, rng=0).round(3).tolist()
    [0.626, 0.368, inf]
    """
    check_kind(kind)
    if _is_distribution(spec):
        return _draw_thresholds(spec, cg.n, kind, n_runs, rng, name)
    arr = _threshold_array(_per_node(spec, cg, name), cg.n, n_runs, name)
    return _check_threshold_range(arr, cg, kind, name)


def _draw_thresholds(spec: Any, n: int, kind: Kind, n_runs: int | None, rng: Any,
                     name: str) -> np.ndarray:
    """Draws from a scipy.stats distribution, clipped: below 0 is 0, fractions above 1 inf."""
    gen = np.random.default_rng(rng)
    size = (n,) if n_runs is None else (n_runs, n)
    try:
        arr = np.asarray(spec.rvs(size=size, random_state=gen), dtype=float)
    except Exception as exc:  # a distribution that cannot draw: report, not traceback
        raise ParameterError(f"cannot draw from the distribution: {exc}", name) from None
    if np.any(np.isnan(arr)):
        raise ParameterError("the distribution produced NaN draws", name)
    arr = np.maximum(arr, 0.0)
    if kind == "fraction":
        arr = np.where(arr > 1.0, np.inf, arr)
    return arr


def _per_node(spec: Any, cg: CascadeGraph, name: str) -> Any:
    """A node attribute name or a mapping ``{node: value}`` as a list in node order."""
    if isinstance(spec, str):
        if cg.graph is None:
            raise GraphError(f"{name}: node attribute {spec!r} needs a networkx graph")
        vals = []
        for v in cg.labels:
            d = cg.graph.nodes[v]
            if spec not in d:
                raise GraphError(f"{name}: node {v!r} has no attribute {spec!r}")
            vals.append(d[spec])
        return vals
    if isinstance(spec, Mapping):
        vals = []
        for v in cg.labels:
            if v not in spec:
                raise GraphError(f"{name}: no threshold given for node {v!r}")
            vals.append(spec[v])
        return vals
    return spec


def _threshold_array(spec: Any, n: int, n_runs: int | None, name: str) -> np.ndarray:
    """Numbers as a float array ``(n,)`` (a scalar is broadcast) or ``(n_runs, n)``."""
    try:
        arr = np.asarray(spec, dtype=float)  # not modified below: no copy needed
    except (TypeError, ValueError, OverflowError):
        raise ParameterError("must be numbers (a scalar, an array, a mapping node -> number "
                             "or a scipy.stats distribution)", name) from None
    if arr.ndim == 0:
        arr = np.full(n, float(arr))
    if arr.ndim == 1 and arr.shape[0] != n:
        raise ParameterError(f"has {arr.shape[0]} entries but the graph has {n} nodes", name)
    if arr.ndim == 2:
        if arr.shape[1] != n:
            raise ParameterError(
                f"a 2-d array must be (n_runs, n) with n = {n} nodes; got {arr.shape}", name)
        if n_runs is not None and arr.shape[0] != n_runs:
            raise ParameterError(f"has {arr.shape[0]} rows but there are {n_runs} runs", name)
    if arr.ndim > 2:
        raise ParameterError(f"must be 0-, 1- or 2-dimensional; got shape {arr.shape}", name)
    return arr


def _check_threshold_range(arr: np.ndarray, cg: CascadeGraph, kind: Kind,
                           name: str) -> np.ndarray:
    """``arr`` if every value is in ``[0, 1]`` (fraction) or ``[0, inf)`` (count), or inf."""
    hi = 1.0 if kind == "fraction" else np.inf
    lo_v, hi_v = (float(arr.min()), float(arr.max())) if arr.size else (0.0, 0.0)
    if lo_v >= 0 and hi_v <= hi:  # fast path (NaN fails both comparisons)
        return arr
    bad = np.isnan(arr) | (arr < 0) | ((arr > hi) & ~np.isposinf(arr))
    if bad.any():
        pos = np.argwhere(bad)[0]
        node = cg.labels[pos[-1]]
        where = f"node {node!r}" + (f" in run {pos[0]}" if arr.ndim == 2 else "")
        rng_txt = "[0, 1] (or inf)" if kind == "fraction" else "[0, inf]"
        raise ParameterError(
            f"{kind} threshold {float(arr[tuple(pos)]):g} of {where} is outside {rng_txt}", name)
    return arr


def _resolve_external(external: Any, cg: CascadeGraph, kind: Kind, n_runs: int | None):
    if external is None:
        return None
    if isinstance(external, Mapping):
        arr = np.zeros(cg.n)
        idx = cg.index_of(external.keys(), "external")
        arr[idx] = np.array(list(external.values()), dtype=float)
    else:
        try:
            arr = np.array(external, dtype=float)
        except (TypeError, ValueError, OverflowError):
            raise ParameterError("must be numbers", "external") from None
        if arr.ndim == 0:
            arr = np.full(cg.n, float(arr))
    if arr.shape[-1] != cg.n or arr.ndim > 2 or (
        arr.ndim == 2 and n_runs is not None and arr.shape[0] != n_runs
    ):
        raise ParameterError(f"must have shape (n,) or (n_runs, n); got {arr.shape}", "external")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ParameterError("external exposure must be finite and >= 0", "external")
    return arr


def _required(
    thr: np.ndarray, ext: np.ndarray | None, cg: CascadeGraph, kind: Kind,
    node_major: bool = False,
) -> np.ndarray:
    """Number (weight) of active in-neighbours each node needs, minus a float tolerance.

    ``thr``: ``(n,)`` or ``(runs, n)``; with ``node_major`` a 2-d result is laid out
    ``(n, runs)`` (transposed in the same pass).  ``-1`` marks instigators (threshold
    <= 0 after external exposure), ``inf`` never.  The tolerance
    ``req (1 - 1e-9) - 1e-9`` absorbs rounding in ``phi * k`` (``0.3 * 10 > 3``).
    """
    two_d = thr.ndim == 2 or (ext is not None and ext.ndim == 2)
    if two_d:
        shape = np.broadcast_shapes(thr.shape, ext.shape if ext is not None else ())
        tv = np.broadcast_to(thr, shape)
        if node_major:
            req = np.empty(shape[::-1])
            if ext is None:
                req[...] = tv.T
            else:
                np.subtract(tv.T, np.broadcast_to(ext, shape).T, out=req)
        else:
            req = np.array(tv - ext if ext is not None else tv, dtype=float)
        kcol = (slice(None), None) if node_major else (None, slice(None))
    else:
        req = np.array(thr - ext if ext is not None else thr, dtype=float)
        kcol = (slice(None),)
    inst = req <= 0
    if kind == "fraction":
        k = cg.in_degree
        req *= k[kcol]
        zero = np.flatnonzero(k == 0)
        if zero.size:  # isolated from influence: never, unless an instigator
            if req.ndim == 1:
                req[zero] = np.inf
            elif node_major:
                req[zero, :] = np.inf
            else:
                req[:, zero] = np.inf
    req *= 1.0 - _TOL  # inf stays inf
    req -= _TOL
    req[inst] = -1.0
    return req


def _check_max_rounds(max_rounds: int | None, n: int) -> int:
    if max_rounds is None:
        return n + 1
    return check_int(max_rounds, "max_rounds", 0)


def _seed_index(cg: CascadeGraph, seeds: Any, name: str = "seeds") -> np.ndarray:
    if seeds is None:
        return np.empty(0, dtype=np.int64)
    if cg.graph is None and isinstance(seeds, np.ndarray) and seeds.dtype.kind in "iu":
        s = seeds.ravel().astype(np.int64)  # sparse input: labels are indices, checked at once
        if not s.size or (s.min() >= 0 and s.max() < cg.n):
            return np.unique(s)
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
        seeds = [seeds]
    return np.unique(cg.index_of(seeds, name))


@dataclass(frozen=True, eq=False)
class CascadeResult:
    """One threshold cascade run to its fixed point.

    Built by :func:`threshold_cascade`.  Derived: ``n``, ``size``, ``share``,
    ``final_set`` (labels), ``new_per_round``, ``to_frame()`` (the time series),
    ``nodes_frame()`` (per node).

    Attributes
    ----------
    labels : numpy.ndarray
        Node labels in index order.
    active : numpy.ndarray
        ``(n,)`` booleans, the final set of defectors (seeds included).
    adoption_round : numpy.ndarray
        ``(n,)`` ints, the round each node became active (0 = seed), -1 never.
    punished : numpy.ndarray
        ``(n,)`` booleans, nodes caught at the moment they defected (repression).
    seeds : numpy.ndarray
        Indices of the seed nodes.
    series : numpy.ndarray
        ``(rounds + 1,)`` cumulative number of active nodes after each round.
    rounds : int
        Number of rounds in which someone new became active.
    converged : bool
        False if ``max_rounds`` stopped the process before its fixed point.
    kind : str
        ``"fraction"`` or ``"count"``.

    Examples
    --------
    >>> import networkx as nx
    >>> from compellence.cascades import threshold_cascade
    >>> res = threshold_cascade(nx.path_graph(5), 0.5, seeds=[0])
    >>> res.size, res.share, res.rounds, res.series.tolist()
    (5, 1.0, 4, [1, 2, 3, 4, 5])
    """

    labels: np.ndarray
    active: np.ndarray
    adoption_round: np.ndarray
    punished: np.ndarray
    seeds: np.ndarray
    series: np.ndarray
    rounds: int
    converged: bool
    kind: str

    @property
    def n(self) -> int:
        """The number of nodes."""
        return int(self.active.size)

    @property
    def size(self) -> int:
        """Number of active nodes at the fixed point (seeds included)."""
        return int(self.series[-1])

    @property
    def share(self) -> float:
        """``size / n``."""
        return self.size / self.n

    @property
    def final_set(self) -> list:
        """Labels of the active nodes, in node order."""
        return self.labels[self.active].tolist()

    @property
    def new_per_round(self) -> np.ndarray:
        """Number of nodes that became active in each round (round 0 = seeds)."""
        return np.diff(self.series, prepend=0)

    def to_frame(self) -> pd.DataFrame:
        """The adoption time series: columns ``round, new, active, share``.

        Returns
        -------
        pandas.DataFrame
            One row per round (round 0: the seeds).

        Examples
        --------
        >>> import networkx as nx
        >>> from compellence.cascades import threshold_cascade
        >>> res = threshold_cascade(nx.path_graph(5), 0.5, seeds=[0])
        >>> res.to_frame()["active"].tolist()
        [1, 2, 3, 4, 5]
        """
        return pd.DataFrame({
            "round": np.arange(self.series.size),
            "new": self.new_per_round,
            "active": self.series,
            "share": self.series / self.n,
        })

    def nodes_frame(self) -> pd.DataFrame:
        """Per node: ``node, active, adoption_round, punished``.

        Returns
        -------
        pandas.DataFrame
            One row per node, in index order.

        Examples
        --------
        >>> import networkx as nx
        >>> from compellence.cascades import threshold_cascade
        >>> res = threshold_cascade(nx.path_graph(5), 0.5, seeds=[0])
        >>> res.nodes_frame()["adoption_round"].tolist()
        [0, 1, 2, 3, 4]
        """
        return pd.DataFrame({
            "node": self.labels,
            "active": self.active,
            "adoption_round": self.adoption_round,
            "punished": self.punished,
        })

    def __repr__(self) -> str:
        extra = "" if self.converged else ", converged=False"
        pun = int(self.punished.sum())
        extra += f", punished={pun}" if pun else ""
        return (f"CascadeResult(size={self.size}/{self.n} ({self.share:.1%}), "
                f"rounds={self.rounds}, seeds={self.seeds.size}, kind={self.kind!r}{extra})")

    def _repr_html_(self) -> str:
        return (f"<p><b>Cascade</b>: {self.size} of {self.n} active ({self.share:.1%}) after "
                f"{self.rounds} rounds</p>" + self.to_frame().to_html(index=False))


def _gather_exposure(cg: CascadeGraph, src: np.ndarray) -> np.ndarray:
    """Sum over ``src`` nodes of their out-rows: the exposure they add to each node."""
    a = cg.out_adj
    starts = a.indptr[src]
    lens = a.indptr[src + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(cg.n)
    # Flat positions of all entries of the selected rows, without a Python loop
    # (faster than slicing a[src] which builds a new sparse matrix).
    offs = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(total)
    targets = a.indices[offs]
    if cg.weighted:
        return np.bincount(targets, weights=a.data[offs], minlength=cg.n)
    return np.bincount(targets, minlength=cg.n).astype(float)


def _frontier_exposure(cg: CascadeGraph, src: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The nodes ``src`` reach and the exposure each receives, without an ``(n,)`` pass.

    Returns ``(targets, added)``: distinct targets in increasing order and, per target,
    the sum of the edge weights from ``src`` in the order :func:`_gather_exposure` sums
    them (``np.bincount`` over the same entries), so adding ``added`` to the exposure
    gives the same floats.
    """
    a = cg.out_adj
    starts = a.indptr[src]
    lens = a.indptr[src + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    offs = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(total)
    targets, inv = np.unique(a.indices[offs], return_inverse=True)
    if cg.weighted:
        return targets, np.bincount(inv, weights=a.data[offs], minlength=targets.size)
    return targets, np.bincount(inv, minlength=targets.size).astype(float)


def threshold_cascade(
    graph: Any,
    thresholds: Any,
    seeds: Iterable[Hashable] | None = None,
    *,
    kind: Kind = "fraction",
    external: Any = None,
    punish_prob: float = 0.0,
    weight: str | None = None,
    directed: bool | None = None,
    max_rounds: int | None = None,
    rng: Any = None,
) -> CascadeResult:
    """Run one synchronous threshold cascade to its fixed point.

    The rule: ``i`` activates iff ``s_i / k_i + e_i >= phi_i`` (fraction) or
    ``s_i + b_i >= theta_i`` (count), see the module docstring.

    Parameters
    ----------
    graph : networkx.Graph or scipy.sparse array or CascadeGraph
        The network; for a sparse adjacency ``A[i, j]``: i influences j.
    thresholds : float or array_like or mapping or str or scipy.stats distribution
        See :func:`resolve_thresholds` (scalar, ``(n,)`` array, mapping, node
        attribute name, or scipy.stats distribution drawn with ``rng``): a
        share of in-neighbours (``fraction``) or a number of them (``count``).
    seeds : iterable of node labels or None, optional
        Nodes active from round 0.
    kind : {"fraction", "count"}, optional
        ``"fraction"`` (Watts 2002: share of in-neighbours, the default) or
        ``"count"`` (Granovetter 1978 / Centola & Macy 2007: number of
        in-neighbours).
    external : float or array_like or mapping or None, optional
        External exposure per node (share for ``fraction``, count for
        ``count``): scalar, ``(n,)`` array or ``{node: value}``.
    punish_prob : float, optional
        Probability that a node is caught at the moment it defects (default 0).
    weight : str or None, optional
        networkx edge attribute used as influence weight.
    directed : bool or None, optional
        Demand a directed (True) or undirected (False) graph.
    max_rounds : int or None, optional
        Stop after this many rounds (default: the fixed point).
    rng : int or numpy.random.Generator or None, optional
        Seed / Generator for threshold draws and punishment.

    Returns
    -------
    CascadeResult
        The final defectors, when each defected, and the time series.

    Raises
    ------
    GraphError
        An unknown seed, a threshold out of range or not covering every node,
        or a graph of the wrong kind (naming the argument or node).

    Examples
    --------
    >>> import networkx as nx
    >>> from compellence.cascades import threshold_cascade
    >>> res = threshold_cascade(nx.path_graph(5), [0.5, 0.5, 0.5, 0.9, 0.5], seeds=[0])
    >>> res.final_set, res.adoption_round.tolist()
    ([0, 1, 2], [0, 1, 2, -1, -1])
    >>> threshold_cascade(nx.path_graph(5), 1, seeds=[0], kind="count").size
    5
    """
    check_kind(kind)
    cg = as_cascade_graph(graph, weight=weight, directed=directed)
    gen = np.random.default_rng(rng)
    thr = resolve_thresholds(thresholds, cg, kind, None, gen)
    if thr.ndim != 1:
        raise ParameterError("a single cascade needs one threshold per node; use "
                             "batch_cascades for (n_runs, n) thresholds", "thresholds")
    ext = _resolve_external(external, cg, kind, None)
    if ext is not None and ext.ndim != 1:
        raise ParameterError("a single cascade needs shape (n,)", "external")
    q = check_probability(punish_prob, "punish_prob", scalar=True)
    cap = _check_max_rounds(max_rounds, cg.n)
    seed_idx = _seed_index(cg, seeds)
    req = _required(thr, ext, cg, kind)
    return _run_single(cg, req, seed_idx, q, cap, gen, kind)



def _catch(nodes: np.ndarray, q: float, gen: np.random.Generator,
           punished: np.ndarray, uniforms: np.ndarray | None = None) -> np.ndarray:
    """Repression: each visible defector is caught (punished) with probability q; the rest.

    With ``uniforms`` (one per state index) node ``i`` is caught iff ``uniforms[i] < q``:
    each node defects at most once per run, so one uniform per (run, node) is the same
    law as a fresh draw, and common to every package that shares them.
    """
    if q > 0 and nodes.size:
        caught = (uniforms[nodes] if uniforms is not None else gen.random(nodes.size)) < q
        punished[nodes[caught]] = True
        return nodes[~caught]
    return nodes


def _start(seeds: np.ndarray, q: float, gen: np.random.Generator, active: np.ndarray,
           blocked: np.ndarray, punished: np.ndarray,
           uniforms: np.ndarray | None = None) -> np.ndarray:
    """Activate the seeds; under repression each is caught (punished) with probability q."""
    blocked[seeds] = True
    seeds = _catch(seeds, q, gen, punished, uniforms)
    active[seeds] = True
    return seeds


def _run_single(cg: CascadeGraph, req: np.ndarray, seed_idx: np.ndarray, q: float, cap: int,
                gen: np.random.Generator, kind: str) -> CascadeResult:
    n = cg.n
    active = np.zeros(n, dtype=bool)
    blocked = np.zeros(n, dtype=bool)  # active or punished: cannot change any more
    punished = np.zeros(n, dtype=bool)
    rnd = np.full(n, -1, dtype=np.int64)
    exposure = np.zeros(n)
    new = seed_idx
    new = _start(new, q, gen, active, blocked, punished)
    rnd[new] = 0
    series = [int(new.size)]
    t = 0
    converged = True
    # round 0: every node whose external exposure alone meets its threshold; after
    # that only nodes the new defectors reach can change, so each round touches the
    # new defectors' edges and not all n nodes
    cand = np.flatnonzero(~blocked & (exposure >= req)) if new.size == 0 else None
    indptr = cg.out_adj.indptr
    while True:
        if cand is None:
            reach = int((indptr[new + 1] - indptr[new]).sum())
            if t == 0 or 8 * reach >= n:  # a large frontier: one dense pass is cheaper
                exposure += _gather_exposure(cg, new) if reach else 0.0
                cand = np.flatnonzero(~blocked & (exposure >= req))
            else:  # a small frontier: only the nodes it reaches
                reached, added = _frontier_exposure(cg, new)
                exposure[reached] += added
                cand = reached[~blocked[reached] & (exposure[reached] >= req[reached])]
        if cand.size == 0:
            break
        if t >= cap:
            converged = False
            break
        t += 1
        blocked[cand] = True
        cand = _catch(cand, q, gen, punished)
        active[cand] = True
        rnd[cand] = t
        series.append(series[-1] + int(cand.size))
        new = cand
        cand = None
    return CascadeResult(
        labels=cg.labels, active=active, adoption_round=rnd, punished=punished,
        seeds=seed_idx, series=np.asarray(series, dtype=np.int64), rounds=t,
        converged=converged, kind=kind,
    )


@dataclass(frozen=True, eq=False)
class BatchCascadeResult:
    """Many threshold cascades on one graph, run together.

    Built by :func:`batch_cascades`.  Derived: ``sizes``, ``shares``, ``len()``,
    ``result[i]`` (a :class:`CascadeResult`), ``to_frame()`` (one row per run),
    ``series_frame()`` (long form).

    Attributes
    ----------
    labels : numpy.ndarray
        Node labels in index order.
    active : numpy.ndarray
        ``(runs, n)`` final defectors per run.
    adoption_round : numpy.ndarray
        ``(runs, n)`` round of activation (0 = seed, -1 never).
    punished : numpy.ndarray
        ``(runs, n)`` caught defectors per run.
    seeds : list of numpy.ndarray
        Index arrays, one per run.
    series : numpy.ndarray
        ``(runs, max_rounds + 1)`` cumulative active counts, padded with the
        final value after a run has stopped.
    rounds : numpy.ndarray
        ``(runs,)`` rounds with new activations.
    converged : numpy.ndarray
        ``(runs,)`` booleans.
    kind : str
        ``"fraction"`` or ``"count"``.

    Examples
    --------
    >>> import networkx as nx
    >>> from compellence.cascades import batch_cascades
    >>> batch = batch_cascades(nx.path_graph(6), [0.5, 0.5, 0.5, 0.9, 0.5, 0.5], seed_sets=[[0], [5], [2]])
    >>> batch.sizes.tolist(), len(batch), batch[1].size
    ([3, 2, 3], 3, 2)
    """

    labels: np.ndarray
    active: np.ndarray
    adoption_round: np.ndarray
    punished: np.ndarray
    seeds: list
    series: np.ndarray
    rounds: np.ndarray
    converged: np.ndarray
    kind: str

    @property
    def n(self) -> int:
        """The number of nodes."""
        return int(self.active.shape[1])

    @property
    def sizes(self) -> np.ndarray:
        """``(runs,)`` final number of defectors per run."""
        return self.series[:, -1].copy()

    @property
    def shares(self) -> np.ndarray:
        """``(runs,)`` final share of defectors per run."""
        return self.sizes / self.n

    def __len__(self) -> int:
        return int(self.active.shape[0])

    def __getitem__(self, i: int) -> CascadeResult:
        r = int(self.rounds[i])
        return CascadeResult(
            labels=self.labels, active=self.active[i], adoption_round=self.adoption_round[i],
            punished=self.punished[i], seeds=self.seeds[i], series=self.series[i, : r + 1],
            rounds=r, converged=bool(self.converged[i]), kind=self.kind,
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per run: ``run, seeds, size, share, rounds, punished, converged``.

        Returns
        -------
        pandas.DataFrame
            One row per run.

        Examples
        --------
        >>> import networkx as nx
        >>> from compellence.cascades import batch_cascades
        >>> batch = batch_cascades(nx.path_graph(6), [0.5, 0.5, 0.5, 0.9, 0.5, 0.5], seed_sets=[[0], [5], [2]])
        >>> batch.to_frame()[["run", "size", "rounds"]].values.tolist()
        [[0, 3, 2], [1, 2, 1], [2, 3, 2]]
        """
        return pd.DataFrame({
            "run": np.arange(len(self)),
            "seeds": [s.size for s in self.seeds],
            "size": self.sizes,
            "share": self.shares,
            "rounds": self.rounds,
            "punished": self.punished.sum(axis=1),
            "converged": self.converged,
        })

    def series_frame(self) -> pd.DataFrame:
        """Long form ``run, round, active, share`` (padded rounds included).

        Returns
        -------
        pandas.DataFrame
            One row per run and round.

        Examples
        --------
        >>> import networkx as nx
        >>> from compellence.cascades import batch_cascades
        >>> batch = batch_cascades(nx.path_graph(6), [0.5, 0.5, 0.5, 0.9, 0.5, 0.5], seed_sets=[[0], [5], [2]])
        >>> batch.series_frame().query("run == 0")["active"].tolist()
        [1, 2, 3]
        """
        runs, t = self.series.shape
        return pd.DataFrame({
            "run": np.repeat(np.arange(runs), t),
            "round": np.tile(np.arange(t), runs),
            "active": self.series.ravel(),
            "share": self.series.ravel() / self.n,
        })

    def __repr__(self) -> str:
        s = self.shares
        return (f"BatchCascadeResult(runs={len(self)}, n={self.n}, mean share={s.mean():.3f}, "
                f"min={s.min():.3f}, max={s.max():.3f}, kind={self.kind!r})")

    def _repr_html_(self) -> str:
        return f"<p><b>{len(self)} cascades</b></p>" + self.to_frame().describe().to_html()


def batch_cascades(
    graph: Any,
    thresholds: Any,
    seeds: Iterable[Hashable] | None = None,
    *,
    seed_sets: Sequence[Iterable[Hashable]] | None = None,
    n_random_seeds: int | None = None,
    n_runs: int | None = None,
    kind: Kind = "fraction",
    external: Any = None,
    punish_prob: float = 0.0,
    weight: str | None = None,
    directed: bool | None = None,
    max_rounds: int | None = None,
    rng: Any = None,
    chunk: int | None = None,
    catch_uniforms: Any = None,
) -> BatchCascadeResult:
    """Run many cascades on one graph at once: one sparse-times-dense product per round.

    The runs differ by their seeds (``seed_sets``: one seed collection per run, or
    ``n_random_seeds``: that many uniformly random seeds per run, or common ``seeds``),
    by their thresholds (an ``(n_runs, n)`` array or a scipy.stats distribution drawn
    afresh for each run) and by the punishment draws.  Each run follows exactly the
    rule of :func:`threshold_cascade`; without punishment the result equals running
    them one at a time.

    When it pays (measured CPU time against a loop of :func:`threshold_cascade` on the
    same inputs, docs/cascades.md): many runs on small graphs (4x on a 799-node
    hierarchy) and cascades that stay small (2x on 10^4 nodes).  When the cascades
    sweep a graph of 10^4 nodes or more, a loop of :func:`threshold_cascade` is about
    twice as fast: each single cascade touches only its frontier, the batch updates
    its ``(n, runs)`` state every round.  Use a loop there.

    Parameters
    ----------
    graph : networkx.Graph or scipy.sparse array or CascadeGraph
        The network.
    thresholds : float or array_like or mapping or str or scipy.stats distribution
        As for :func:`threshold_cascade`, or an ``(n_runs, n)`` array.
    seeds : iterable of node labels or None, optional
        Common seeds of every run.
    seed_sets : sequence of iterables of node labels or None, optional
        One seed collection per run.
    n_random_seeds : int or None, optional
        That many uniformly random seeds per run.
    n_runs : int or None, optional
        Number of runs; inferred from ``seed_sets`` or a 2-d ``thresholds`` when
        not given.
    kind : {"fraction", "count"}, optional
        As for :func:`threshold_cascade`.
    external, punish_prob, weight, directed, max_rounds, rng
        As for :func:`threshold_cascade`.
    chunk : int or None, optional
        How many runs share one dense ``(n, chunk)`` block (memory
        ``~ 20 n chunk`` bytes).  Default: blocks of about 4 MB of state where
        that leaves the results unchanged (unweighted graphs without random
        punishment draws), else all runs at once.
    catch_uniforms : array_like or None, optional
        An ``(n_runs, n)`` array of uniforms on ``[0, 1)``; node ``i`` of run
        ``j`` is then caught iff ``catch_uniforms[j, i] < punish_prob`` (each
        node defects at most once per run, so this is the same law as fresh
        draws; common random numbers across packages).

    Returns
    -------
    BatchCascadeResult
        The runs.

    Raises
    ------
    GraphError
        Inconsistent seeds, run counts or thresholds (naming the argument).

    Examples
    --------
    >>> import networkx as nx
    >>> from compellence.cascades import batch_cascades
    >>> batch = batch_cascades(nx.path_graph(6), [0.5, 0.5, 0.5, 0.9, 0.5, 0.5], seed_sets=[[0], [5], [2]])
    >>> batch.sizes.tolist()
    [3, 2, 3]
    >>> batch_cascades(nx.path_graph(6), 0.5, n_random_seeds=1, n_runs=3, rng=1).sizes.tolist()
    [6, 6, 6]
    """
    check_kind(kind)
    cg = as_cascade_graph(graph, weight=weight, directed=directed)
    gen = np.random.default_rng(rng)
    runs = n_runs
    if seed_sets is not None:
        if seeds is not None or n_random_seeds is not None:
            raise ParameterError("give only one of seeds, seed_sets, n_random_seeds", "seed_sets")
        seed_sets = list(seed_sets)
        if runs is not None and len(seed_sets) != runs:
            raise ParameterError(f"has {len(seed_sets)} entries but n_runs = {runs}", "seed_sets")
        runs = len(seed_sets)
    if runs is None and not _is_distribution(thresholds) and not isinstance(thresholds, str):
        t_arr = np.asarray(thresholds, dtype=object)
        if t_arr.ndim == 2:
            runs = t_arr.shape[0]
    if runs is None:
        raise ParameterError("cannot infer the number of runs: give n_runs, seed_sets or "
                             "(n_runs, n) thresholds", "n_runs")
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or runs < 1:
        raise ParameterError(f"must be a positive integer; got {runs!r}", "n_runs")
    runs = int(runs)
    thr = resolve_thresholds(thresholds, cg, kind, runs if _is_distribution(thresholds) else None,
                             gen)
    if thr.ndim == 2 and thr.shape[0] != runs:
        raise ParameterError(f"has {thr.shape[0]} rows but there are {runs} runs", "thresholds")
    ext = _resolve_external(external, cg, kind, runs)
    q = check_probability(punish_prob, "punish_prob", scalar=True)
    cap = _check_max_rounds(max_rounds, cg.n)
    if seed_sets is not None:
        seed_list = [_seed_index(cg, s, f"seed_sets[{i}]") for i, s in enumerate(seed_sets)]
    elif n_random_seeds is not None:
        k = n_random_seeds
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k <= cg.n:
            raise ParameterError(f"must be an integer in [0, n]; got {k!r}", "n_random_seeds")
        seed_list = [np.sort(gen.choice(cg.n, size=int(k), replace=False)) for _ in range(runs)]
    else:
        s = _seed_index(cg, seeds)
        seed_list = [s] * runs
    cu = None
    if catch_uniforms is not None:
        cu = np.asarray(catch_uniforms)
        if cu.dtype.kind != "f":  # float32 uniforms are kept: half the memory of runs x n
            cu = cu.astype(float)
        if cu.shape != (runs, cg.n):
            raise ParameterError(f"must have shape (n_runs, n) = {(runs, cg.n)}; got {cu.shape}",
                                 "catch_uniforms")
        if not (np.all(cu >= 0) and np.all(cu < 1)):
            raise ParameterError("must be uniforms in [0, 1)", "catch_uniforms")
    req = _required(thr, ext, cg, kind, node_major=True)  # (n,) or (n, runs)
    if chunk is None and not cg.weighted and (q == 0 or cu is not None):
        # runs are independent and unweighted exposures are exact counts, so blocks of
        # runs give the same results; a block's state stays in cache (cost linear in runs)
        chunk = max(8, _CHUNK_BYTES // (20 * cg.n))
    step = runs if chunk is None else max(1, int(chunk))
    parts = []
    for lo in range(0, runs, step):
        hi = min(runs, lo + step)
        r_req = req if req.ndim == 1 else req[:, lo:hi]
        r_u = None if cu is None else np.ascontiguousarray(cu[lo:hi].T).ravel()
        parts.append(_run_batch(cg, r_req, seed_list[lo:hi], q, cap, gen, r_u))
    def cat(i):  # one chunk: keep the views, no copy of runs x n arrays
        return parts[0][i] if len(parts) == 1 else np.concatenate([p[i] for p in parts])

    width = max(p[4].shape[1] for p in parts)
    series = np.concatenate(
        [np.pad(p[4], ((0, 0), (0, width - p[4].shape[1])), mode="edge") for p in parts])
    return BatchCascadeResult(
        labels=cg.labels,
        active=cat(0),
        adoption_round=cat(1),
        punished=cat(2),
        seeds=seed_list,
        series=series,
        rounds=cat(3),
        converged=cat(5),
        kind=kind,
    )


#: Default state per block of runs in :func:`batch_cascades` (about 20 bytes per node and run).
_CHUNK_BYTES = 4_000_000


def _group_sum(keys: np.ndarray, weights: np.ndarray | None):
    """Distinct ``keys`` and the number (or summed ``weights``) of each, by one sort."""
    if weights is None:
        k = np.sort(keys)
    else:
        order = np.argsort(keys, kind="stable")
        k = keys[order]
    first = np.empty(k.size, dtype=bool)
    first[:1] = True
    np.not_equal(k[1:], k[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    if weights is None:
        vals = np.diff(np.append(starts, k.size)).astype(float)
    else:
        vals = np.add.reduceat(weights[order], starts)
    return k[starts], vals


def _run_batch(cg: CascadeGraph, req: np.ndarray, seed_list: list, q: float, cap: int,
               gen: np.random.Generator, uniforms: np.ndarray | None = None):
    """Run ``len(seed_list)`` cascades together.

    State is flat and node-major: index ``node * runs + run``, i.e. the ``(n, runs)``
    matrix whose column ``j`` is run ``j``.  Each round propagates the nodes that became
    active in the previous round, for all runs at once, by one of two equivalent
    routes: when the frontier touches many edges, ONE sparse-times-dense product
    ``in_adj @ N`` (``N`` the ``(n, k)`` indicator of new activations in the ``k`` runs
    that changed); when it is thin, a gather of the frontier's CSR rows and a
    sort-based group sum (a dense product would cost ``O(edges x runs)`` per round for
    a handful of new nodes: long cascades on large graphs).  Same exposure either way.

    The frontier (nodes that became active last round) is kept either as sorted flat
    indices ``new`` (after a thin round, and the seeds) or, after a dense round, as a
    boolean ``(n, k)`` mask over the runs ``cols`` (``dense_new``).  One job per step:
    :class:`_BatchRun` seeds the state, finds the frontier, adds its exposure by one
    route, adds the round-1 instigators and records the round.
    """
    run = _BatchRun(cg, req, len(seed_list), q, cap, gen, uniforms)
    new = run.seed(seed_list)
    dense_new = None
    while True:
        front = run.frontier(new, dense_new)
        cand, cmask = run.expose(front)
        if run.t == 0:
            cand, cmask = run.with_instigators(cand, cmask, front.cols), None
        if cmask is not None:
            new, dense_new = None, run.record_dense(front.cols, cmask)
            if dense_new is None:
                break
        else:
            new, dense_new = run.record_thin(cand), None
            if new is None:
                break
    return run.outputs()


@dataclass
class _Frontier:
    """The nodes that became active last round, as :func:`_run_batch` keeps them.

    ``cols``: the runs they are in (``None`` when they touch no edge); ``nmask``: their
    ``(n, k)`` mask over ``cols`` after a dense round, else ``None`` and ``flat`` holds
    ``(runs_new, nodes_new, lens)`` (run, node and out-degree of each); ``total``: the
    edges they touch.
    """

    cols: np.ndarray | None
    nmask: np.ndarray | None
    flat: tuple[np.ndarray, np.ndarray, np.ndarray] | None
    total: int


class _BatchRun:
    """The state of ``b`` cascades run together (flat, node-major; see :func:`_run_batch`)."""

    def __init__(self, cg: CascadeGraph, req: np.ndarray, b: int, q: float, cap: int,
                 gen: np.random.Generator, uniforms: np.ndarray | None):
        n = cg.n
        self.cg, self.n, self.b, self.q, self.cap, self.gen = cg, n, b, q, cap, gen
        self.uniforms = uniforms
        self.a = cg.out_adj
        self.nnz = max(int(self.a.nnz), 1)
        self.dt = np.float64 if cg.weighted else np.float32  # float32 is exact for counts < 2**24
        self.a_in = None
        if not cg.weighted:
            # integer exposures: "count >= req" is "count >= ceil(req)", exact in float32,
            # so the per-round comparisons run on one dtype (half the memory traffic)
            req = np.ceil(req).astype(np.float32)
        self.req = req
        self.req_nb = np.ascontiguousarray(req) if req.ndim == 2 else None  # (n, b), node-major
        size = n * b
        self.blocked = np.zeros(size, dtype=bool)
        self.active = np.zeros(size, dtype=bool)
        self.punished = np.zeros(size, dtype=bool)
        self.rnd = np.zeros(size, dtype=np.int32)  # round + 1; 0 = never (calloc: untouched pages)
        self.exposure = np.zeros(size, dtype=self.dt)
        self.rounds = np.zeros(b, dtype=np.int64)
        self.converged = np.ones(b, dtype=bool)
        self.deg = np.diff(self.a.indptr)
        self.degf = self.deg.astype(np.float64)
        self.colpos = np.full(b, -1, dtype=np.int64)
        # (n, b) views of the flat state
        self.e2 = self.exposure.reshape(n, b)
        self.bl2 = self.blocked.reshape(n, b)
        self.ac2 = self.active.reshape(n, b)
        self.pu2 = self.punished.reshape(n, b)
        self.rn2 = self.rnd.reshape(n, b)
        self.t = 0

    def req_at(self, idx: np.ndarray) -> np.ndarray:
        """The required exposure at flat indices ``idx``."""
        return self.req_nb.ravel()[idx] if self.req_nb is not None else self.req[idx // self.b]

    def seed(self, seed_list: list) -> np.ndarray:
        """Activate every run's seeds (round 0; caught under repression); the first frontier."""
        b = self.b
        new = np.concatenate([np.asarray(s, dtype=np.int64) * b + j for j, s in
                              enumerate(seed_list)]) if b else np.empty(0, dtype=np.int64)
        new = np.sort(new)
        new = _start(new, self.q, self.gen, self.active, self.blocked, self.punished,
                     self.uniforms)
        self.rnd[new] = 1
        self.counts = np.bincount(new % b, minlength=b).astype(np.int64)
        self.series = [self.counts.copy()]
        return new

    def frontier(self, new: np.ndarray | None, dense_new: tuple | None) -> _Frontier:
        """Last round's activations: their runs and the edges they touch."""
        if dense_new is not None:
            cols, nmask = dense_new
            edges_per_col = self.degf @ nmask
            keep = edges_per_col > 0
            if not keep.all():
                cols, nmask = cols[keep], nmask[:, keep]
            return _Frontier(cols, nmask, None, int(edges_per_col.sum()))
        runs_new = new % self.b
        nodes_new = new // self.b
        lens = self.deg[nodes_new]
        total = int(lens.sum())
        cols = np.flatnonzero(np.bincount(runs_new, minlength=self.b)) if total else None
        return _Frontier(cols, None, (runs_new, nodes_new, lens), total)

    def expose(self, front: _Frontier) -> tuple[np.ndarray, np.ndarray | None]:
        """Add the frontier's exposure by the cheaper route: ``(flat candidates, None)`` from
        the thin route, ``(empty, (n, k) candidate mask over front.cols)`` from the dense one."""
        k = 0 if front.cols is None else front.cols.size
        cand = np.empty(0, dtype=np.int64)
        if front.total == 0:
            return cand, None
        if front.total * 40 > (self.nnz + 3 * self.n) * k:
            return cand, self.expose_dense(front)
        return self.expose_thin(front), None

    def expose_dense(self, front: _Frontier) -> np.ndarray:
        """The round's one sparse-times-dense product; the candidates as an (n, k) mask."""
        n, b, dt, cols = self.n, self.b, self.dt, front.cols
        k = cols.size
        if self.a_in is None:
            self.a_in = self.cg.in_adj.astype(dt)
        if front.nmask is not None:
            nmat = front.nmask.astype(dt)
        else:
            runs_new, nodes_new, _ = front.flat
            self.colpos[cols] = np.arange(k)
            nmat = np.zeros((n, k), dtype=dt)
            nmat[nodes_new, self.colpos[runs_new]] = 1.0
        prod = self.a_in @ nmat
        req, req_nb = self.req, self.req_nb
        if k == b:
            self.e2 += prod
            cmask = self.e2 >= (req[:, None] if req_nb is None else req_nb)
            cmask &= ~self.bl2
        else:
            sub = self.e2[:, cols] + prod
            self.e2[:, cols] = sub
            cmask = sub >= (req[:, None] if req_nb is None else req_nb[:, cols])
            cmask &= ~self.bl2[:, cols]
        return cmask

    def expose_thin(self, front: _Frontier) -> np.ndarray:
        """Gather the frontier's CSR rows in every run; the candidates as flat indices."""
        a, b = self.a, self.b
        if front.nmask is not None:  # thin again after a dense round: back to flat indices
            ii, ci = np.nonzero(front.nmask)
            new = ii * b + front.cols[ci]
            runs_new = new % b
            nodes_new = new // b
            lens = self.deg[nodes_new]
        else:
            runs_new, nodes_new, lens = front.flat
        starts = a.indptr[nodes_new]
        offs = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(front.total)
        tgt = a.indices[offs] * b + np.repeat(runs_new, lens)
        touched, add = _group_sum(tgt, a.data[offs] if self.cg.weighted else None)
        self.exposure[touched] += add
        touched = touched[~self.blocked[touched]]
        return touched[self.exposure[touched] >= self.req_at(touched)]

    def with_instigators(self, cand: np.ndarray, cmask: np.ndarray | None,
                         cols: np.ndarray | None) -> np.ndarray:
        """Round 1 only: the candidates in flat form plus the instigators (required exposure
        <= 0), who start without any exposure."""
        b = self.b
        if cmask is not None:
            ii, ci = np.nonzero(cmask)
            cand = ii * b + cols[ci]
        if self.req_nb is None:
            inst = np.flatnonzero(self.req <= 0)
            extra = (inst[:, None] * b + np.arange(b)[None, :]).ravel()
        else:
            extra = np.flatnonzero(self.req_nb.ravel() <= 0)
        extra = extra[~self.blocked[extra]]
        if extra.size:
            cand = np.union1d(cand, extra)
        return cand

    def _count(self, inc: np.ndarray) -> None:
        """Record the round's new activations per run (``inc``, int64 ``(b,)``)."""
        self.counts += inc
        self.rounds[inc > 0] = self.t
        self.series.append(self.counts.copy())

    def record_dense(self, cols: np.ndarray, cmask: np.ndarray) -> tuple | None:
        """Activate the candidate mask over ``cols`` (catching some); the next frontier as
        ``(cols, mask)``, or ``None`` when no run changes or the round cap is reached."""
        n, b, k = self.n, self.b, cols.size
        inc_c = cmask.sum(axis=0)
        if not inc_c.any():
            return None
        if self.t >= self.cap:  # runs still changing did not converge
            self.converged[cols[inc_c > 0]] = False
            return None
        self.t += 1
        sel = slice(None) if k == b else cols
        if k == b:
            self.bl2 |= cmask
        else:
            self.bl2[:, cols] |= cmask
        if self.q > 0:
            if self.uniforms is None:
                draws = self.gen.random(cmask.shape)
            else:
                u2 = self.uniforms.reshape(n, b)
                draws = u2 if k == b else u2[:, cols]
            caught = cmask & (draws < self.q)
            if k == b:
                self.pu2 |= caught
            else:
                self.pu2[:, cols] |= caught
            cmask &= ~caught
            inc_c = cmask.sum(axis=0)
        if k == b:
            self.ac2 |= cmask
            np.copyto(self.rn2, np.int32(self.t + 1), where=cmask)
        else:
            sub_a = self.ac2[:, sel]
            sub_a |= cmask
            self.ac2[:, sel] = sub_a
            sub_r = self.rn2[:, sel]
            np.copyto(sub_r, np.int32(self.t + 1), where=cmask)
            self.rn2[:, sel] = sub_r
        inc = np.zeros(b, dtype=np.int64)
        inc[cols] = inc_c
        self._count(inc)
        return cols, cmask

    def record_thin(self, cand: np.ndarray) -> np.ndarray | None:
        """Activate the flat candidates (catching some); the next frontier, or ``None`` when
        there are none or the round cap is reached."""
        if cand.size == 0:
            return None
        if self.t >= self.cap:  # runs still changing did not converge
            self.converged[np.flatnonzero(np.bincount(cand % self.b, minlength=self.b))] = False
            return None
        self.t += 1
        self.blocked[cand] = True
        cand = _catch(cand, self.q, self.gen, self.punished, self.uniforms)
        self.active[cand] = True
        self.rnd[cand] = self.t + 1
        self._count(np.bincount(cand % self.b, minlength=self.b))
        return cand

    def outputs(self):
        """``(active, adoption_round, punished, rounds, series, converged)``; the state as
        ``(runs, n)`` views of the node-major arrays (no copies of runs x n arrays)."""
        n, b = self.n, self.b
        series_arr = np.stack(self.series, axis=1).astype(np.int64)
        return (self.active.reshape(n, b).T, self.rnd.reshape(n, b).T - 1,
                self.punished.reshape(n, b).T, self.rounds, series_arr, self.converged)
