"""Interventions on defection cascades and their comparison at equal budget.

An intervention changes the inputs of a threshold cascade
(:func:`~compellence.cascades.threshold.batch_cascades`):

* :class:`Incentive`: a payment offered to targeted nodes (a surrender payment,
  a resettlement offer) lowering their thresholds by ``amount * conversion``
  threshold units (``conversion``: threshold units per money unit, a stated
  modelling assumption, e.g. "$1,000 is worth one tenth of a unit's neighbours").
  Cost: ``amount`` per node offered.
* :class:`InformationCampaign`: broadcasts, leaflets, text messages, portable cell
  towers reaching a share of nodes (or given nodes); lowers their thresholds by
  ``threshold_shift`` and/or adds ``exposure`` (external exposure, counted like
  active neighbours: a share for fractional thresholds, a number for counts).
  Cost: ``cost_per_node`` per node reached.
* :class:`Repression` (the target's counter-move): raises thresholds by
  ``threshold_increase`` and catches each visible defector with probability
  ``punish_prob`` (caught nodes neither defect nor influence anyone).  No cost to
  the coercer.
* :class:`Seeding`: defectors created directly (officers recruited before the
  cascade, senior diplomats who resign first), chosen by strategy: ``random``,
  ``degree``, ``betweenness``, ``kcore`` or ``attribute`` (e.g. seniority).
  Cost: ``cost_per_seed`` per seed.

Adjusted thresholds are clipped at 0; fractional thresholds pushed above 1 become
``inf`` (never defect).  :func:`compare_strategies` runs several intervention
packages at an equal budget on common random numbers; :func:`greedy_allocation`
splits a budget among instruments greedily.  The greedy allocator is a heuristic:
cascade size is not submodular in threshold models with thresholds above one
neighbour (complex contagion, Centola & Macy 2007; Kempe, Kleinberg & Tardos 2003
prove the (1 - 1/e) guarantee only for submodular models), so marginal gains can be
zero and then jump; the allocator looks two steps ahead when every one-step gain is
zero, but it carries no approximation guarantee.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import GraphError, ParameterError
from ..validation import check_choice, check_int, check_probability, check_real
from .centrality import betweenness, core_number
from .graph import CascadeGraph, as_cascade_graph
from .threshold import (
    BatchCascadeResult,
    Kind,
    batch_cascades,
    check_kind,
    resolve_thresholds,
)

if TYPE_CHECKING:
    import networkx as nx
    import scipy.sparse as sp
    from scipy.stats._distn_infrastructure import rv_frozen

    #: what the functions here accept as a graph
    GraphLike = nx.Graph | sp.sparray | sp.spmatrix | CascadeGraph
    #: thresholds: a common value, an array, a mapping, a node attribute or a distribution
    ThresholdSpec = float | np.ndarray | Mapping[Hashable, float] | str | rv_frozen

__all__ = [
    "Incentive",
    "InformationCampaign",
    "Repression",
    "Seeding",
    "select_nodes",
    "InterventionOutcome",
    "simulate_interventions",
    "root_seed",
    "stream",
    "StrategyComparison",
    "compare_strategies",
    "AllocationResult",
    "greedy_allocation",
]

STRATEGIES = ("random", "degree", "betweenness", "kcore", "attribute")


def select_nodes(
    graph: GraphLike,
    k: int,
    strategy: str = "random",
    *,
    attribute: str | None = None,
    rng: int | np.random.Generator | None = None,
    betweenness_samples: int | None = 500,
) -> list:
    """The ``k`` nodes a strategy picks, as labels.

    ``random`` (uniform), ``degree`` (highest out-degree: those who expose most
    others), ``betweenness`` (highest betweenness centrality, unweighted shortest
    paths; estimated from ``betweenness_samples`` uniformly sampled pivots above that
    many nodes, Brandes & Pich 2007: absolute error on the normalised scale at most
    ``n/(n-1) sqrt(ln(2/alpha)/(2 k))`` with probability ``1 - alpha`` per node, 0.061
    for 500 pivots at alpha = 0.05; see :mod:`compellence.cascades.centrality`),
    ``kcore`` (highest core number, ties by degree; Kitsak et al. 2010 "influential
    spreaders"; exact, by peeling the sparse adjacency), ``attribute``
    (highest value of the node attribute ``attribute``, e.g. ``"seniority"``).
    Deterministic strategies break ties by node order.

    Parameters
    ----------
    graph : networkx.Graph or scipy.sparse array or CascadeGraph
        The network.
    k : int
        How many nodes.
    strategy : {"random", "degree", "betweenness", "kcore", "attribute"}, optional
        The rule (default ``"random"``).
    attribute : str or None, optional
        The node attribute for ``strategy="attribute"``.
    rng : int or numpy.random.Generator or None, optional
        Randomness (``random``, sampled betweenness).
    betweenness_samples : int or None, optional
        Pivots for betweenness above that many nodes (default 500; ``None``:
        exact).

    Returns
    -------
    list
        The node labels.

    Raises
    ------
    GraphError
        An unknown strategy or attribute, or ``k`` larger than the graph.

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import select_nodes
    >>> select_nodes(g, 2, "attribute", attribute="seniority")
    ['pl0/cmd', 'pl0/sq0/m0']
    """
    cg = as_cascade_graph(graph)
    idx = _select_index(cg, k, strategy, attribute=attribute, rng=rng,
                        betweenness_samples=betweenness_samples)
    return cg.labels[idx].tolist()


def _select_index(cg: CascadeGraph, k: int, strategy: str = "random", *,
                  attribute: str | None = None, rng: Any = None,
                  betweenness_samples: int | None = 500) -> np.ndarray:
    """:func:`select_nodes` as sorted node indices (no label round trip)."""
    check_int(k, "k", 0, cg.n)
    check_choice(strategy, "strategy", STRATEGIES)
    gen = np.random.default_rng(rng)
    if strategy == "random":
        return np.sort(gen.choice(cg.n, size=int(k), replace=False))
    if strategy == "degree":
        score = cg.out_degree
    elif strategy == "betweenness":
        samples = None if betweenness_samples is None or cg.n <= betweenness_samples \
            else int(betweenness_samples)
        score = betweenness(cg, samples, rng=int(gen.integers(2**31))).scores
    elif strategy == "kcore":
        cn = core_number(cg).astype(float)
        score = cn + cg.out_degree / (cg.out_degree.max() + 1.0)
    else:
        if attribute is None:
            raise ParameterError("the 'attribute' strategy needs attribute=<node attribute name>",
                                 "attribute")
        if cg.graph is None:
            raise GraphError(f"attribute {attribute!r}: node attributes need a networkx graph")
        vals = []
        for v in cg.labels:
            d = cg.graph.nodes[v]
            if attribute not in d:
                raise GraphError(f"attribute: node {v!r} has no attribute {attribute!r}")
            vals.append(d[attribute])
        try:
            score = np.asarray(vals, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError(f"node attribute {attribute!r} must be numeric",
                                 "attribute") from None
    order = np.lexsort((np.arange(cg.n), -score))  # highest first, ties by node order
    return np.sort(order[: int(k)])


def _targets(cg: CascadeGraph, targets: Any, reach: float | None, targeting: str,
             attribute: str | None, gen: np.random.Generator, name: str) -> np.ndarray:
    """Indices of the nodes an intervention reaches in one run."""
    if targets is not None:
        if isinstance(targets, (str, bytes)) or not isinstance(targets, Iterable):
            targets = [targets]
        return np.unique(cg.index_of(targets, f"{name}.targets"))
    share = 1.0 if reach is None else reach
    k = int(round(share * cg.n))
    if k >= cg.n:
        return np.arange(cg.n)
    return _select_index(cg, k, targeting, attribute=attribute, rng=gen)


def _check_reach(reach: Any, name: str) -> float | None:
    if reach is None:
        return None
    return check_probability(reach, f"{name}.reach", scalar=True)


@dataclass(frozen=True)
class Incentive:
    """Payment offered to defectors, lowering thresholds by ``amount * conversion``.

    Fields: ``amount`` (money per node offered), ``conversion`` (threshold units per
    money unit), ``reach`` (share of nodes offered, default all) or ``targets`` (node
    labels), ``targeting`` (how a partial reach is chosen: a :func:`select_nodes`
    strategy, default ``random``), ``attribute`` (for ``targeting="attribute"``).
    Cost: ``amount`` times the number of nodes offered.

    Attributes
    ----------
    amount : float
        Money per node offered.
    conversion : float
        Threshold units per money unit.
    reach : float or None
        Share of nodes offered (default all).
    targets : sequence of node labels or None
        Given nodes instead of a reach.
    targeting : str
        How a partial reach is chosen (a :func:`select_nodes` strategy).
    attribute : str or None
        For ``targeting="attribute"``.

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import Incentive, simulate_interventions
    >>> out = simulate_interventions(g, 0.3, [Incentive(2.0, 0.1)], seeds=["pl0/cmd"], rng=0)
    >>> out.cost, round(out.mean_share, 4)
    (32.0, 1.0)
    """

    amount: float
    conversion: float
    reach: float | None = None
    targets: Sequence[Hashable] | None = None
    targeting: str = "random"
    attribute: str | None = None

    def __post_init__(self):
        check_real(self.amount, "Incentive.amount", 0.0, scalar=True)
        check_real(self.conversion, "Incentive.conversion", 0.0, scalar=True)
        _check_reach(self.reach, "Incentive")

    def n_reached(self, n: int) -> int:
        """The number of nodes reached on a graph of ``n`` nodes (offered the payment).

        Parameters
        ----------
        n : int
            The number of nodes.

        Returns
        -------
        int
            ``len(targets)`` if given, else ``round(reach * n)`` (all without a reach).

        Examples
        --------
        >>> from compellence.cascades import Incentive, InformationCampaign
        >>> Incentive(1.0, 0.1, reach=0.25).n_reached(10), InformationCampaign().n_reached(10)
        (2, 10)
        """
        return len(self.targets) if self.targets is not None else int(
            round((1.0 if self.reach is None else self.reach) * n))

    def cost(self, n: int) -> float:
        """The cost of the intervention on a graph of ``n`` nodes (``amount`` times the nodes offered).

        Parameters
        ----------
        n : int
            The number of nodes.

        Returns
        -------
        float
            The cost, in the coercer's money.

        Examples
        --------
        >>> from compellence.cascades import Incentive, InformationCampaign, Repression, Seeding
        >>> Incentive(2.0, 0.1, reach=0.5).cost(10), InformationCampaign(reach=0.2, cost_per_node=3.0).cost(10)
        (10.0, 6.0)
        >>> Seeding(3, cost_per_seed=2.0).cost(10), Repression(0.1).cost(10)
        (6.0, 0.0)
        """
        return float(self.amount) * self.n_reached(n)

    @classmethod
    def with_budget(cls, budget: float, conversion: float, n: int, reach: float = 1.0,
                    **kw: Any) -> Incentive:
        """The per-node amount that spends ``budget`` on a share ``reach`` of ``n`` nodes.

        Parameters
        ----------
        budget : float
            Money to spend.
        conversion : float
            Threshold units per money unit.
        n : int
            Number of nodes of the graph.
        reach : float, optional
            Share of nodes offered (default 1).
        **kw
            Other fields (``targeting``, ``attribute``).

        Returns
        -------
        Incentive
            The incentive.

        Examples
        --------
        >>> from compellence.cascades import Incentive
        >>> Incentive.with_budget(10.0, 0.1, n=20, reach=0.5).amount
        1.0
        """
        k = max(1, int(round(check_real(reach, "reach", 0.0, scalar=True) * n)))
        return cls(amount=check_real(budget, "budget", 0.0, scalar=True) / k, conversion=conversion, reach=reach, **kw)

    def _apply(self, st: dict, cg: CascadeGraph, gen: np.random.Generator) -> None:
        idx = _targets(cg, self.targets, self.reach, self.targeting, self.attribute, gen,
                       "Incentive")
        st["thr"][idx] -= float(self.amount) * float(self.conversion)


@dataclass(frozen=True)
class InformationCampaign:
    """An information campaign reaching a share of nodes (or given nodes).

    Fields: ``reach`` (share reached, default all) or ``targets``; ``threshold_shift``
    (threshold units removed for reached nodes: the campaign makes defecting look
    safer or the regime weaker); ``exposure`` (external exposure added for reached
    nodes, counted like active neighbours: share for fractional, number for count
    thresholds: news of defections elsewhere); ``cost_per_node``; ``targeting`` and
    ``attribute`` choose a partial reach (default random).

    Attributes
    ----------
    reach : float or None
        Share reached (default all).
    threshold_shift : float
        Threshold units removed for reached nodes.
    exposure : float
        External exposure added for reached nodes.
    cost_per_node : float
        Cost per node reached.
    targets : sequence of node labels or None
        Given nodes instead of a reach.
    targeting, attribute : str, str or None
        How a partial reach is chosen.

    Examples
    --------
    >>> from compellence.cascades import InformationCampaign
    >>> InformationCampaign(reach=0.5, threshold_shift=0.1).cost(10)
    5.0
    """

    reach: float | None = None
    threshold_shift: float = 0.0
    exposure: float = 0.0
    cost_per_node: float = 1.0
    targets: Sequence[Hashable] | None = None
    targeting: str = "random"
    attribute: str | None = None

    def __post_init__(self):
        _check_reach(self.reach, "InformationCampaign")
        check_real(self.threshold_shift, "InformationCampaign.threshold_shift", 0.0, scalar=True)
        check_real(self.exposure, "InformationCampaign.exposure", 0.0, scalar=True)
        check_real(self.cost_per_node, "InformationCampaign.cost_per_node", 0.0, scalar=True)

    def n_reached(self, n: int) -> int:
        """The number of nodes reached on a graph of ``n`` nodes (reached by the campaign).

        Parameters
        ----------
        n : int
            The number of nodes.

        Returns
        -------
        int
            ``len(targets)`` if given, else ``round(reach * n)`` (all without a reach).

        Examples
        --------
        >>> from compellence.cascades import Incentive, InformationCampaign
        >>> Incentive(1.0, 0.1, reach=0.25).n_reached(10), InformationCampaign().n_reached(10)
        (2, 10)
        """
        return len(self.targets) if self.targets is not None else int(
            round((1.0 if self.reach is None else self.reach) * n))

    def cost(self, n: int) -> float:
        """The cost of the intervention on a graph of ``n`` nodes (``cost_per_node`` times the nodes reached).

        Parameters
        ----------
        n : int
            The number of nodes.

        Returns
        -------
        float
            The cost, in the coercer's money.

        Examples
        --------
        >>> from compellence.cascades import Incentive, InformationCampaign, Repression, Seeding
        >>> Incentive(2.0, 0.1, reach=0.5).cost(10), InformationCampaign(reach=0.2, cost_per_node=3.0).cost(10)
        (10.0, 6.0)
        >>> Seeding(3, cost_per_seed=2.0).cost(10), Repression(0.1).cost(10)
        (6.0, 0.0)
        """
        return float(self.cost_per_node) * self.n_reached(n)

    @classmethod
    def with_budget(cls, budget: float, n: int, cost_per_node: float = 1.0,
                    **kw: Any) -> InformationCampaign:
        """The reach (share of ``n``) that ``budget`` buys at ``cost_per_node``.

        Parameters
        ----------
        budget : float
            Money to spend.
        n : int
            Number of nodes of the graph.
        cost_per_node : float, optional
            Cost per node reached (default 1).
        **kw
            Other fields.

        Returns
        -------
        InformationCampaign
            The campaign.

        Examples
        --------
        >>> from compellence.cascades import InformationCampaign
        >>> InformationCampaign.with_budget(5.0, n=20, cost_per_node=0.5).reach
        0.5
        """
        c = check_real(cost_per_node, "cost_per_node", 0.0, scalar=True)
        k = n if c == 0 else min(n, int(check_real(budget, "budget", 0.0, scalar=True) // c))
        return cls(reach=k / n, cost_per_node=c, **kw)

    def _apply(self, st: dict, cg: CascadeGraph, gen: np.random.Generator) -> None:
        idx = _targets(cg, self.targets, self.reach, self.targeting, self.attribute, gen,
                       "InformationCampaign")
        st["thr"][idx] -= float(self.threshold_shift)
        st["ext"][idx] += float(self.exposure)


@dataclass(frozen=True)
class Repression:
    """The regime's repression: higher thresholds, and visible defectors caught.

    Fields: ``threshold_increase`` (threshold units added, for ``targets`` or
    everyone), ``punish_prob`` (probability a node is caught when it defects).

    Attributes
    ----------
    threshold_increase : float
        Threshold units added.
    punish_prob : float
        Probability a node is caught when it defects.
    targets : sequence of node labels or None
        The nodes repressed (default everyone).

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import Repression, simulate_interventions
    >>> out = simulate_interventions(g, 0.3, [Repression(punish_prob=0.5)], seeds=["pl0/cmd"], n_runs=4, rng=0)
    >>> out.result.punished.any(axis=1).tolist()
    [True, True, False, False]
    """

    threshold_increase: float = 0.0
    punish_prob: float = 0.0
    targets: Sequence[Hashable] | None = None

    def __post_init__(self):
        check_real(self.threshold_increase, "Repression.threshold_increase", 0.0, scalar=True)
        check_probability(self.punish_prob, "Repression.punish_prob", scalar=True)

    def cost(self, n: int) -> float:
        """The cost of the intervention on a graph of ``n`` nodes (the regime pays: 0 to the coercer).

        Parameters
        ----------
        n : int
            The number of nodes.

        Returns
        -------
        float
            The cost, in the coercer's money.

        Examples
        --------
        >>> from compellence.cascades import Incentive, InformationCampaign, Repression, Seeding
        >>> Incentive(2.0, 0.1, reach=0.5).cost(10), InformationCampaign(reach=0.2, cost_per_node=3.0).cost(10)
        (10.0, 6.0)
        >>> Seeding(3, cost_per_seed=2.0).cost(10), Repression(0.1).cost(10)
        (6.0, 0.0)
        """
        return 0.0

    def _apply(self, st: dict, cg: CascadeGraph, gen: np.random.Generator) -> None:
        idx = (np.arange(cg.n) if self.targets is None
               else _targets(cg, self.targets, None, "random", None, gen, "Repression"))
        st["thr"][idx] += float(self.threshold_increase)
        st["q"] = 1.0 - (1.0 - st["q"]) * (1.0 - float(self.punish_prob))


@dataclass(frozen=True)
class Seeding:
    """``k`` initial defectors chosen by ``strategy`` (see :func:`select_nodes`).

    Attributes
    ----------
    k : int
        Number of seeds.
    strategy : str
        A :func:`select_nodes` strategy.
    attribute : str or None
        For ``strategy="attribute"``.
    cost_per_seed : float
        Cost of one seed.

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import Seeding, simulate_interventions
    >>> out = simulate_interventions(g, 0.3, [Seeding(1, "attribute", attribute="seniority")], rng=0)
    >>> round(out.mean_share, 4)
    0.0625
    """

    k: int
    strategy: str = "random"
    attribute: str | None = None
    cost_per_seed: float = 1.0

    def __post_init__(self):
        check_int(self.k, "Seeding.k", 0)
        check_choice(self.strategy, "Seeding.strategy", STRATEGIES)
        if self.strategy == "attribute" and self.attribute is None:
            raise ParameterError("strategy 'attribute' needs attribute=<name>",
                                 "Seeding.attribute")
        check_real(self.cost_per_seed, "Seeding.cost_per_seed", 0.0, scalar=True)

    def cost(self, n: int) -> float:
        """The cost of the intervention on a graph of ``n`` nodes (``k`` times ``cost_per_seed``).

        Parameters
        ----------
        n : int
            The number of nodes.

        Returns
        -------
        float
            The cost, in the coercer's money.

        Examples
        --------
        >>> from compellence.cascades import Incentive, InformationCampaign, Repression, Seeding
        >>> Incentive(2.0, 0.1, reach=0.5).cost(10), InformationCampaign(reach=0.2, cost_per_node=3.0).cost(10)
        (10.0, 6.0)
        >>> Seeding(3, cost_per_seed=2.0).cost(10), Repression(0.1).cost(10)
        (6.0, 0.0)
        """
        return float(self.cost_per_seed) * int(self.k)

    @classmethod
    def with_budget(cls, budget: float, cost_per_seed: float = 1.0, **kw: Any) -> Seeding:
        """As many seeds as ``budget`` buys.

        Parameters
        ----------
        budget : float
            Money to spend.
        cost_per_seed : float, optional
            Cost of one seed (default 1).
        **kw
            Other fields (``strategy``, ``attribute``).

        Returns
        -------
        Seeding
            The seeding.

        Examples
        --------
        >>> from compellence.cascades import Seeding
        >>> Seeding.with_budget(7.0, cost_per_seed=2.0).k
        3
        """
        c = check_real(cost_per_seed, "cost_per_seed", 0.0, scalar=True)
        if c == 0:
            raise ParameterError("must be > 0 to size seeding by a budget", "cost_per_seed")
        return cls(k=int(check_real(budget, "budget", 0.0, scalar=True) // c), cost_per_seed=c, **kw)

    def _apply(self, st: dict, cg: CascadeGraph, gen: np.random.Generator) -> None:
        if self.k > cg.n:
            raise ParameterError(f"{self.k} seeds but the graph has {cg.n} nodes", "Seeding.k")
        idx = _select_index(cg, int(self.k), self.strategy, attribute=self.attribute, rng=gen)
        st["seeds"] = np.union1d(st["seeds"], idx)


Intervention = Incentive | InformationCampaign | Repression | Seeding


def _is_random(iv: Any) -> bool:
    if isinstance(iv, Seeding):
        return iv.strategy == "random"
    if isinstance(iv, (Incentive, InformationCampaign)):
        partial = iv.targets is None and iv.reach is not None and iv.reach < 1
        return partial and iv.targeting == "random"
    return False


def _random_draws(iv: Any, n: int, gens: list) -> np.ndarray:
    """The nodes a random intervention reaches in each run: ``(runs, reached)`` indices,
    run ``j`` drawn uniformly without replacement from its own generator ``gens[j]``
    (the same draw as :func:`select_nodes` ``"random"`` with that generator)."""
    if isinstance(iv, Seeding):
        if iv.k > n:
            raise ParameterError(f"{iv.k} seeds but the graph has {n} nodes", "Seeding.k")
        kk = int(iv.k)
    else:
        kk = iv.n_reached(n)
    if kk >= n:
        return np.broadcast_to(np.arange(n), (len(gens), n))
    out = np.empty((len(gens), kk), dtype=np.int64)
    for j, g in enumerate(gens):
        out[j] = g.choice(n, size=kk, replace=False)
    return out


@dataclass(frozen=True, eq=False)
class InterventionOutcome:
    """Cascades under a package of interventions.

    ``result`` (the :class:`BatchCascadeResult`), ``interventions``, ``cost`` (to the
    coercer), ``mean_share``, ``shares``; ``to_frame()`` one row per run.

    Attributes
    ----------
    result : BatchCascadeResult
        The runs.
    interventions : tuple
        The package.
    cost : float
        Its cost to the coercer.

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import Seeding, simulate_interventions
    >>> simulate_interventions(g, 0.3, [Seeding(2, "degree")], n_runs=3, rng=0)
    InterventionOutcome(mean share=0.2500, cost=2, runs=3, interventions=[Seeding])
    """

    result: BatchCascadeResult
    interventions: tuple
    cost: float

    @property
    def shares(self) -> np.ndarray:
        """``(n_runs,)`` final share of defectors per run."""
        return self.result.shares

    @property
    def mean_share(self) -> float:
        """Mean final share of defectors over the runs."""
        return float(self.result.shares.mean())

    def to_frame(self) -> pd.DataFrame:
        """One row per run (:meth:`BatchCascadeResult.to_frame`).

        Returns
        -------
        pandas.DataFrame
            The runs.

        Examples
        --------
        >>> from compellence.cascades import military_hierarchy
        >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
        >>> from compellence.cascades import Seeding, simulate_interventions
        >>> len(simulate_interventions(g, 0.3, [Seeding(2)], n_runs=3, rng=0).to_frame())
        3
        """
        return self.result.to_frame()

    def __repr__(self) -> str:
        names = ", ".join(type(i).__name__ for i in self.interventions) or "none"
        return (f"InterventionOutcome(mean share={self.mean_share:.4f}, cost={self.cost:g}, "
                f"runs={len(self.result)}, interventions=[{names}])")


#: purposes of the random streams under a study's root seed (``SeedSequence`` spawn keys)
STREAM_THRESHOLDS, STREAM_CATCH, STREAM_TARGETING, STREAM_CASCADE = 0, 1, 2, 3


def root_seed(rng: int | Sequence[int] | np.random.SeedSequence | np.random.Generator | None,
              ) -> np.random.SeedSequence:
    """The root of a study's random streams.

    An int (or sequence of ints), a ``SeedSequence`` or None is used as given; a
    ``Generator`` (or bit generator) is advanced by one draw, which seeds the root.

    Parameters
    ----------
    rng : int or sequence of int or numpy.random.SeedSequence or numpy.random.Generator or None
        The seed.

    Returns
    -------
    numpy.random.SeedSequence
        The root.

    Examples
    --------
    >>> from compellence.cascades.interventions import root_seed
    >>> root_seed(7).entropy
    7
    """
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, (np.random.Generator, np.random.BitGenerator)):
        return np.random.SeedSequence(int(np.random.default_rng(rng).integers(2**63)))
    if isinstance(rng, bool):
        raise ParameterError(f"must be a seed (int), a SeedSequence or a Generator; got {rng!r}",
                             "rng")
    try:
        return np.random.SeedSequence(rng)
    except (TypeError, ValueError):
        raise ParameterError(f"must be a seed (int >= 0), a SeedSequence or a Generator; "
                             f"got {rng!r}", "rng") from None


def stream(root: np.random.SeedSequence, *key: int) -> np.random.Generator:
    """The generator of one (purpose, ..., run) stream under ``root``: a spawned child
    ``SeedSequence(root.entropy, spawn_key=root.spawn_key + key)``.  The same key gives
    the same draws whatever other streams are used.

    Parameters
    ----------
    root : numpy.random.SeedSequence
        The root (:func:`root_seed`).
    *key : int
        The stream's key (purpose, ..., run).

    Returns
    -------
    numpy.random.Generator
        The stream.

    Examples
    --------
    >>> from compellence.cascades.interventions import root_seed, stream
    >>> root = root_seed(7)
    >>> float(stream(root, 0, 1).random()) == float(stream(root, 0, 1).random())
    True
    """
    return np.random.default_rng(np.random.SeedSequence(
        root.entropy, spawn_key=tuple(root.spawn_key) + tuple(int(k) for k in key)))


def _stream_keys(keys: Any, m: int) -> tuple[int, ...]:
    if keys is None:
        return tuple(range(m))
    try:
        out = tuple(int(k) for k in keys)
    except (TypeError, ValueError):
        raise ParameterError("must be non-negative integers, one per intervention", "keys") from None
    if len(out) != m or any(k < 0 for k in out) or any(
            isinstance(k, bool) for k in keys):
        raise ParameterError(f"must be {m} non-negative integers, one per intervention; "
                             f"got {keys!r}", "keys")
    if len(set(out)) != m:
        raise ParameterError(f"must be distinct; got {keys!r}", "keys")
    return out


def simulate_interventions(
    graph: GraphLike,
    thresholds: ThresholdSpec,
    interventions: Iterable[Any] = (),
    *,
    seeds: Iterable[Hashable] | None = None,
    kind: Kind = "fraction",
    n_runs: int = 1,
    rng: int | np.random.Generator | None = None,
    keys: Sequence[int] | None = None,
    weight: str | None = None,
    max_rounds: int | None = None,
) -> InterventionOutcome:
    """Run ``n_runs`` cascades after applying ``interventions`` (batched).

    **Common random numbers.**  Every random element has its own stream, spawned from
    the root seed ``rng`` (:func:`root_seed`) with the key (purpose, ..., run) (numpy
    ``SeedSequence`` spawning, :func:`stream`): the threshold draws of run ``j`` (key
    ``(0, j)``), the repression catch uniforms of run ``j`` (``(1, j)``: node ``i`` is
    caught iff its uniform is below ``punish_prob``) and the random targets of the
    intervention with stream key ``k`` in run ``j`` (``(2, k, j)``).  ``keys`` gives each
    intervention its stream key (default: its position).  So with the same ``rng``,
    a package with a zero payment reproduces the package without it exactly, and
    changing one intervention leaves the draws of every other one unchanged.
    Deterministic strategies (degree, seniority, ...) give the same targets in every run.
    Threshold shifts add up: ``phi = phi_0 - payments - shifts + repression``, clipped
    at 0 (fractional thresholds above 1 never adopt).

    Parameters
    ----------
    graph : networkx.Graph or scipy.sparse array or CascadeGraph
        The network.
    thresholds : float or array_like or mapping or str or scipy.stats distribution
        As for :func:`threshold_cascade` (shares of in-neighbours for
        ``kind="fraction"``).
    interventions : iterable of intervention, optional
        :class:`Incentive`, :class:`InformationCampaign`, :class:`Repression`,
        :class:`Seeding` (or one of them).
    seeds : iterable of node labels or None, optional
        Nodes active from round 0 besides the seeding.
    kind : {"fraction", "count"}, optional
        The threshold kind.
    n_runs : int, optional
        Runs (default 1).
    rng : int or numpy.random.SeedSequence or numpy.random.Generator or None, optional
        The root seed (:func:`root_seed`).
    keys : sequence of int or None, optional
        Each intervention's stream key.
    weight : str or None, optional
        networkx edge attribute used as influence weight.
    max_rounds : int or None, optional
        Stop after this many rounds.

    Returns
    -------
    InterventionOutcome
        The runs and the cost.

    Raises
    ------
    GraphError
        Unknown nodes, bad thresholds.
    ParameterError
        An intervention out of range or of an unknown type.

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import Incentive, Seeding, simulate_interventions
    >>> a = simulate_interventions(g, 0.3, [Seeding(1, "degree")], n_runs=5, rng=1)
    >>> b = simulate_interventions(g, 0.3, [Seeding(1, "degree"), Incentive(0.0, 0.1)], n_runs=5, rng=1)
    >>> bool((a.shares == b.shares).all())   # a zero payment changes nothing (common random numbers)
    True
    """
    check_kind(kind)
    cg = as_cascade_graph(graph, weight=weight)
    ivs = tuple(interventions if not isinstance(interventions, (Incentive, InformationCampaign,
                                                                Repression, Seeding))
                else [interventions])
    for i, iv in enumerate(ivs):
        if not isinstance(iv, (Incentive, InformationCampaign, Repression, Seeding)):
            raise ParameterError(f"interventions[{i}] is a {type(iv).__name__}, not an "
                                 "Incentive, InformationCampaign, Repression or Seeding",
                                 "interventions")
    if isinstance(n_runs, bool) or not isinstance(n_runs, (int, np.integer)) or n_runs < 1:
        raise ParameterError(f"must be a positive integer; got {n_runs!r}", "n_runs")
    n_runs = int(n_runs)
    ks = _stream_keys(keys, len(ivs))
    root = root_seed(rng)
    n = cg.n
    if hasattr(thresholds, "rvs") and hasattr(thresholds, "cdf"):  # scipy.stats frozen
        base_thr = np.empty((n_runs, n))
        for j in range(n_runs):
            base_thr[j] = resolve_thresholds(thresholds, cg, kind, None,
                                             stream(root, STREAM_THRESHOLDS, j))
    else:
        base_thr = resolve_thresholds(thresholds, cg, kind, n_runs)
        if base_thr.ndim == 2 and base_thr.shape[0] != n_runs:
            raise ParameterError(f"has {base_thr.shape[0]} rows but n_runs = {n_runs}",
                                 "thresholds")
    base_seeds = np.unique(cg.index_of(seeds, "seeds")) if seeds is not None else \
        np.empty(0, dtype=np.int64)
    # deterministic interventions: applied once; random ones: once per run, own stream
    shared = {"thr": np.zeros(n), "ext": np.zeros(n), "seeds": base_seeds, "q": 0.0}
    random_ivs = []
    for iv, k in zip(ivs, ks, strict=True):
        if _is_random(iv):
            random_ivs.append((iv, k))
        else:
            iv._apply(shared, cg, stream(root, STREAM_TARGETING, k, 0))
    dthr = np.repeat(shared["thr"][None, :], n_runs, axis=0)
    ext = np.repeat(shared["ext"][None, :], n_runs, axis=0)
    seed_sets = [shared["seeds"]] * n_runs
    runs = np.arange(n_runs)[:, None]
    for iv, k in random_ivs:  # vectorised over runs; one stream per (purpose, key, run)
        drawn = _random_draws(iv, n, [stream(root, STREAM_TARGETING, k, j)
                                      for j in range(n_runs)])  # (n_runs, reached)
        if isinstance(iv, Seeding):
            seed_sets = [np.union1d(s, d) for s, d in zip(seed_sets, drawn, strict=True)]
        elif isinstance(iv, Incentive):
            dthr[runs, drawn] -= float(iv.amount) * float(iv.conversion)
        else:
            dthr[runs, drawn] -= float(iv.threshold_shift)
            ext[runs, drawn] += float(iv.exposure)
    q = shared["q"]
    thr = np.maximum(base_thr + dthr, 0.0)  # inf stays inf: a never-defector stays one
    if kind == "fraction":
        thr = np.where(thr > 1.0, np.inf, thr)
    ext_arg = ext if np.any(ext) else None
    cu = None
    if q > 0:
        cu = np.empty((n_runs, n), dtype=np.float32)
        for j in range(n_runs):
            cu[j] = stream(root, STREAM_CATCH, j).random(n, dtype=np.float32)
    res = batch_cascades(cg, thr, seed_sets=[s if cg.graph is None else cg.labels[s].tolist()
                                         for s in seed_sets],
                         kind=kind, external=ext_arg, punish_prob=q,
                         rng=stream(root, STREAM_CASCADE), max_rounds=max_rounds,
                         catch_uniforms=cu)
    cost = float(sum(iv.cost(cg.n) for iv in ivs))
    return InterventionOutcome(result=res, interventions=ivs, cost=cost)


@dataclass(frozen=True, eq=False)
class StrategyComparison:
    """Intervention packages compared at an equal budget.

    ``outcomes``: name -> :class:`InterventionOutcome`; ``budget``; ``to_frame()``:
    one row per strategy with ``cost, mean_share, sd_share, p_majority`` (share of runs
    where at least half defect), ``p_cascade`` (runs above ``cascade_share``),
    ``mean_rounds``, sorted by ``mean_share``.

    Attributes
    ----------
    outcomes : dict of str to InterventionOutcome
        Per package.
    budget : float
        The common budget.
    cascade_share : float
        Share of defectors that counts as a cascade.

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import Seeding, compare_strategies
    >>> cmp = compare_strategies(g, 0.3, {"random": Seeding(2), "senior": Seeding(2, "attribute", attribute="seniority")},
    ...                          budget=2.0, n_runs=5, rng=0)
    >>> cmp.best
    'random'
    """

    outcomes: dict
    budget: float
    cascade_share: float = 0.25

    def to_frame(self) -> pd.DataFrame:
        """One row per strategy, sorted by ``mean_share``.

        Returns
        -------
        pandas.DataFrame
            ``cost, mean_share, sd_share, p_majority, p_cascade, mean_rounds``.

        Examples
        --------
        >>> from compellence.cascades import military_hierarchy
        >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
        >>> from compellence.cascades import Seeding, compare_strategies
        >>> cmp = compare_strategies(g, 0.3, {"a": Seeding(1), "b": Seeding(2)}, budget=2.0, n_runs=3, rng=0)
        >>> len(cmp.to_frame())
        2
        """
        rows = []
        for name, o in self.outcomes.items():
            s = o.shares
            rows.append({
                "strategy": name, "cost": o.cost, "mean_share": s.mean(),
                "sd_share": s.std(ddof=1) if s.size > 1 else 0.0,
                "p_cascade": float(np.mean(s >= self.cascade_share)),
                "p_majority": float(np.mean(s >= 0.5)),
                "mean_rounds": float(o.result.rounds.mean()),
            })
        return pd.DataFrame(rows).sort_values("mean_share", ascending=False,
                                              ignore_index=True)

    @property
    def best(self) -> str:
        """Name of the strategy with the highest mean defection share."""
        return str(self.to_frame()["strategy"].iloc[0])

    def __repr__(self) -> str:
        return f"StrategyComparison(budget={self.budget:g})\n{self.to_frame().to_string()}"

    def _repr_html_(self) -> str:
        return f"<p><b>Budget {self.budget:g}</b></p>" + self.to_frame().to_html(index=False)


def compare_strategies(
    graph: GraphLike,
    thresholds: ThresholdSpec,
    strategies: Mapping[str, Any],
    budget: float,
    *,
    kind: Kind = "fraction",
    n_runs: int = 50,
    rng: int | np.random.Generator | None = None,
    base: Iterable[Any] = (),
    cascade_share: float = 0.25,
    budget_tol: float = 1e-9,
) -> StrategyComparison:
    """Compare intervention packages that each cost at most ``budget``.

    ``strategies``: name -> an intervention or a list of them.  ``base``: interventions
    present in every package (e.g. the regime's :class:`Repression`).  Every package
    is run on common random numbers (the same ``rng`` seed), so differences are not
    noise from different threshold draws.  A package costing more than ``budget`` is
    refused with a :class:`ParameterError` naming it.

    Parameters
    ----------
    graph : networkx.Graph or scipy.sparse array or CascadeGraph
        The network.
    thresholds : float or array_like or mapping or str or scipy.stats distribution
        As for :func:`threshold_cascade` (shares of in-neighbours for
        ``kind="fraction"``).
    strategies : mapping of str to intervention or list of interventions
        The packages.
    budget : float
        The most each package may cost.
    kind : {"fraction", "count"}, optional
        The threshold kind.
    n_runs : int, optional
        Runs per package (default 50).
    rng : int or numpy.random.Generator or None, optional
        The root seed.
    base : iterable of intervention, optional
        Interventions in every package.
    cascade_share : float, optional
        Share of defectors that counts as a cascade (default 0.25).
    budget_tol : float, optional
        Tolerance on the budget (default 1e-9).

    Returns
    -------
    StrategyComparison
        The packages' outcomes.

    Raises
    ------
    ParameterError
        A package costing more than ``budget`` (named).

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import Seeding, compare_strategies
    >>> compare_strategies(g, 0.3, {"many": Seeding(5)}, budget=2.0)
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: strategies: strategy 'many' costs 5 > budget 2
    """
    cg = as_cascade_graph(graph)
    budget = check_real(budget, "budget", 0.0, scalar=True)
    seed = int(np.random.default_rng(rng).integers(2**63))
    base = list(base)
    out = {}
    for name, pkg in strategies.items():
        ivs = [pkg] if not isinstance(pkg, (list, tuple)) else list(pkg)
        cost = sum(iv.cost(cg.n) for iv in ivs if hasattr(iv, "cost"))
        if cost > budget * (1 + budget_tol) + budget_tol:
            raise ParameterError(f"strategy {name!r} costs {cost:g} > budget {budget:g}",
                                 "strategies")
        out[name] = simulate_interventions(cg, thresholds, base + ivs, kind=kind, n_runs=n_runs,
                                           rng=seed)
    return StrategyComparison(outcomes=out, budget=budget, cascade_share=cascade_share)


@dataclass(frozen=True, eq=False)
class AllocationResult:
    """Greedy split of a budget among instruments.

    ``allocation``: option name -> money spent; ``objective``: value of the final
    package; ``interventions``: the final package; ``history``: frame of the steps
    (``step, option, spent, objective, gain, lookahead``).

    Attributes
    ----------
    allocation : dict of str to float
        Money spent per option.
    objective : float
        The final package's objective.
    interventions : tuple
        The final package.
    history : pandas.DataFrame
        The steps.

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import Seeding, greedy_allocation
    >>> res = greedy_allocation(g, 0.3, 2.0, {"seeds": lambda m: Seeding.with_budget(m, 1.0)}, step=1.0,
    ...                         n_runs=3, rng=0)
    >>> res.allocation
    {'seeds': 2.0}
    """

    allocation: dict
    objective: float
    interventions: tuple
    history: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The steps: ``step, option, spent, objective, gain, lookahead`` (row 0: the base package).

        Returns
        -------
        pandas.DataFrame
            ``history``.

        Examples
        --------
        >>> from compellence.cascades import military_hierarchy
        >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
        >>> from compellence.cascades import Seeding, greedy_allocation
        >>> res = greedy_allocation(g, 0.3, 2.0, {"seeds": lambda m: Seeding.with_budget(m, 1.0)}, step=1.0,
        ...                         n_runs=3, rng=0)
        >>> len(res.to_frame())
        3
        """
        return self.history

    def __repr__(self) -> str:
        alloc = ", ".join(f"{k}: {v:g}" for k, v in self.allocation.items())
        return f"AllocationResult(objective={self.objective:.4f}, allocation={{{alloc}}})"


def greedy_allocation(
    graph: GraphLike,
    thresholds: ThresholdSpec,
    budget: float,
    options: Mapping[str, Callable[[float], Any]],
    *,
    step: float,
    kind: Kind = "fraction",
    base: Iterable[Any] = (),
    n_runs: int = 30,
    objective: Callable[[BatchCascadeResult], float] | None = None,
    rng: int | np.random.Generator | None = None,
) -> AllocationResult:
    """Spend ``budget`` in increments of ``step`` on whichever option gains most.

    ``options``: name -> function mapping the money spent on that instrument to an
    intervention (or list of them), e.g. ``lambda m: Seeding.with_budget(m, 50.0,
    strategy="attribute", attribute="seniority")``.  ``objective`` maps the batch result
    to a number to maximise (default: mean defection share).  All evaluations share
    common random numbers.  Heuristic: the objective is not submodular for threshold
    cascades, so greedy has no approximation guarantee; when every one-step gain is
    zero it compares two-step gains before committing a step.

    Parameters
    ----------
    graph : networkx.Graph or scipy.sparse array or CascadeGraph
        The network.
    thresholds : float or array_like or mapping or str or scipy.stats distribution
        As for :func:`threshold_cascade` (shares of in-neighbours for
        ``kind="fraction"``).
    budget : float
        Money to spend.
    options : mapping of str to callable
        Name -> function of the money spent on that instrument returning an
        intervention (or a list).
    step : float
        The increment (> 0).
    kind : {"fraction", "count"}, optional
        The threshold kind.
    base : iterable of intervention, optional
        Interventions in every package.
    n_runs : int, optional
        Runs per evaluation (default 30).
    objective : callable or None, optional
        Batch result -> number to maximise (default: mean share).
    rng : int or numpy.random.Generator or None, optional
        The root seed.

    Returns
    -------
    AllocationResult
        The allocation and the steps.

    Raises
    ------
    ParameterError
        A negative budget, a zero step or no options.

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy([("squad", 5), ("platoon", 3)])
    >>> from compellence.cascades import Incentive, Seeding, greedy_allocation
    >>> n = g.number_of_nodes()
    >>> res = greedy_allocation(g, 0.3, 2.0, {"seeds": lambda m: Seeding.with_budget(m, 1.0),
    ...                                       "pay": lambda m: Incentive.with_budget(m, 0.1, n)},
    ...                         step=1.0, n_runs=3, rng=0)
    >>> sum(res.allocation.values())
    2.0
    """
    cg = as_cascade_graph(graph)
    budget = check_real(budget, "budget", 0.0, scalar=True)
    step = check_real(step, "step", 0.0, scalar=True)
    if step == 0:
        raise ParameterError("must be > 0", "step")
    if not options:
        raise ParameterError("needs at least one option", "options")
    obj = objective or (lambda r: float(r.shares.mean()))
    seed = int(np.random.default_rng(rng).integers(2**63))
    base = list(base)

    def package(alloc: dict) -> list:
        ivs = list(base)
        for name, spent in alloc.items():
            if spent > 0:
                made = options[name](spent)
                ivs.extend(made if isinstance(made, (list, tuple)) else [made])
        return ivs

    cache: dict = {}

    def value(alloc: dict) -> float:
        key = tuple(sorted(alloc.items()))
        if key not in cache:
            res = simulate_interventions(cg, thresholds, package(alloc), kind=kind,
                                         n_runs=n_runs, rng=seed)
            cache[key] = obj(res.result)
        return cache[key]

    alloc = {name: 0.0 for name in options}
    current = value(alloc)
    hist = [{"step": 0, "option": None, "spent": 0.0, "objective": current, "gain": 0.0,
             "lookahead": False}]
    spent = 0.0
    n_steps = int(np.floor(budget / step + 1e-9))
    for t in range(1, n_steps + 1):
        gains = {}
        for name in options:
            trial = dict(alloc)
            trial[name] += step
            gains[name] = value(trial) - current
        look = False
        if max(gains.values()) <= 0 and spent + 2 * step <= budget + 1e-9:
            look = True
            for name in options:
                trial = dict(alloc)
                trial[name] += 2 * step
                gains[name] = value(trial) - current
        best = max(gains, key=lambda k: (gains[k], -list(options).index(k)))
        alloc[best] += step
        spent += step
        current = value(alloc)
        hist.append({"step": t, "option": best, "spent": spent, "objective": current,
                     "gain": gains[best], "lookahead": look})
    return AllocationResult(allocation=alloc, objective=current,
                            interventions=tuple(package(alloc)), history=pd.DataFrame(hist))
