"""Network builders for defection studies: armies, diplomatic corps, diasporas.

Each builder returns an undirected ``networkx.Graph`` with string node labels and
node attributes that the seeding strategies can use (``seniority``, ``rank``,
``role``, unit membership).  All randomness comes from ``seed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from ..errors import ParameterError
from ..validation import check_int, check_probability

if TYPE_CHECKING:
    from scipy.stats._distn_infrastructure import rv_frozen

__all__ = ["military_hierarchy", "diplomatic_corps", "diaspora_network"]

DEFAULT_ECHELONS: tuple[tuple[str, int], ...] = (
    ("squad", 9), ("platoon", 3), ("company", 3), ("battalion", 3),
)


def military_hierarchy(
    echelons: Sequence[tuple[str, int]] = DEFAULT_ECHELONS,
    *,
    squad_clique: bool = True,
    peer_links: bool = True,
    cross_squad_p: float = 0.0,
    command_weight: float = 1.0,
    seed: int | np.random.Generator | None = None,
) -> nx.Graph:
    """A military unit as nested echelons: squads within platoons within companies ...

    Edges: a commander is tied to the leaders of his sub-units.  Edge attribute
    ``tie``: ``command``, ``squad``, ``peer`` or ``cross``.  Node attributes:
    ``rank`` (0 soldier, 1 squad leader, 2 platoon commander, ...),
    ``seniority`` (= rank), ``role`` (``soldier``, ``squad leader``,
    ``<echelon> commander``), and one attribute per echelon naming the unit
    (``squad``, ``platoon``, ...).

    Parameters
    ----------
    echelons : sequence of (str, int), optional
        ``(name, size)`` from the bottom up.  The first entry is the squad:
        ``size`` soldiers, the first of whom (``.../m0``) is the squad leader.
        Every higher entry is a unit made of ``size`` sub-units plus one
        commander (``.../cmd``).  Default ``squad 9, platoon 3, company 3,
        battalion 3``: 27 squads, 256 people.
    squad_clique : bool, optional
        Soldiers of a squad all know each other (default); otherwise a star on
        the leader.
    peer_links : bool, optional
        The leaders of sibling sub-units (squad leaders of one platoon, platoon
        commanders of one company, ...) know each other (default True).
    cross_squad_p : float, optional
        Probability of a tie between two soldiers of different squads of the
        same platoon (shared positions, messes); default 0.
    command_weight : float, optional
        Edge attribute ``weight`` of command ties (a leader and those he
        commands), other ties weigh 1: with ``threshold_cascade(...,
        weight="weight")`` a commander's surrender counts ``command_weight``
        times as much as a comrade's.
    seed : int or numpy.random.Generator or None, optional
        Randomness for ``cross_squad_p``.

    Returns
    -------
    networkx.Graph
        The unit.

    Raises
    ------
    GraphError
        Bad echelon sizes or probabilities.

    Examples
    --------
    >>> from compellence.cascades import military_hierarchy
    >>> g = military_hierarchy()
    >>> g.number_of_nodes(), max(r for _, r in g.nodes(data="rank"))
    (256, 4)
    >>> military_hierarchy([("squad", 4), ("platoon", 2)]).number_of_nodes()
    9
    """
    ech = list(echelons)
    if not ech:
        raise ParameterError("needs at least the squad level", "echelons")
    names = []
    for i, e in enumerate(ech):
        if not (isinstance(e, (tuple, list)) and len(e) == 2 and isinstance(e[0], str)):
            raise ParameterError(f"entry {i} must be (name, size); got {e!r}", "echelons")
        check_int(e[1], f"echelons[{i}] ({e[0]}) size", 2 if i == 0 else 1)
        names.append(e[0])
    if len(set(names)) != len(names):
        raise ParameterError(f"echelon names must be distinct; got {names}", "echelons")
    p_cross = check_probability(cross_squad_p, "cross_squad_p", scalar=True)
    try:
        cw = float(command_weight)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"must be a number > 0; got {command_weight!r}",
                             "command_weight") from None
    if not np.isfinite(cw) or cw <= 0:
        raise ParameterError(f"must be a number > 0; got {command_weight!r}", "command_weight")
    rng = np.random.default_rng(seed)
    g = nx.Graph()

    def build(level: int, path: str, units: dict) -> tuple[str, list]:
        name, size = ech[level]
        units = {**units, name: path}
        if level == 0:
            members = [f"{path}/m{i}" for i in range(size)]
            for i, m in enumerate(members):
                g.add_node(m, rank=int(i == 0), seniority=int(i == 0),
                           role="squad leader" if i == 0 else "soldier", **units)
            if squad_clique:
                g.add_edges_from(((a, b) for i, a in enumerate(members[1:], 1)
                                  for b in members[i + 1:]), tie="squad", weight=1.0)
            g.add_edges_from(((members[0], m) for m in members[1:]), tie="command", weight=cw)
            return members[0], members
        cmd = f"{path}/cmd"
        g.add_node(cmd, rank=level + 1, seniority=level + 1, role=f"{name} commander", **units)
        leaders, soldiers_by_sub = [], []
        for j in range(size):
            sub_name = ech[level - 1][0]
            lead, mem = build(level - 1, f"{path}/{sub_name[:2]}{j}", units)
            leaders.append(lead)
            soldiers_by_sub.append(mem)
            g.add_edge(cmd, lead, tie="command", weight=cw)
        if peer_links:
            g.add_edges_from(((a, b) for i, a in enumerate(leaders) for b in leaders[i + 1:]),
                             tie="peer", weight=1.0)
        if level == 1 and p_cross > 0:
            for i in range(size):
                for j in range(i + 1, size):
                    a_m, b_m = soldiers_by_sub[i], soldiers_by_sub[j]
                    mask = rng.random((len(a_m), len(b_m))) < p_cross
                    for x, y in zip(*np.nonzero(mask), strict=True):
                        g.add_edge(a_m[x], b_m[y], tie="cross", weight=1.0)
        return cmd, [cmd] + [m for mem in soldiers_by_sub for m in mem]

    top = ech[-1][0]
    build(len(ech) - 1, f"{top[:2]}0", {})
    g.graph.update(kind="military_hierarchy", echelons=tuple(map(tuple, ech)))
    return g


def diplomatic_corps(
    n_departments: int = 8,
    staff_per_department: int = 8,
    n_embassies: int = 40,
    embassy_staff: int = 5,
    *,
    n_deputies: int = 3,
    p_senior: float = 0.15,
    p_staff: float = 0.5,
    seed: int | np.random.Generator | None = None,
) -> nx.Graph:
    """A foreign ministry and its embassies, with seniority.

    Structure: the ``minister`` (seniority 5) is tied to ``n_deputies`` deputy
    ministers (4), who each oversee a share of the ``n_departments`` regional
    departments; a department head (3) is tied to his deputy and to his
    ``staff_per_department`` desk officers (1 or 2, tied among themselves with
    probability ``p_staff``).  Each of the ``n_embassies`` embassies has an
    ambassador (3 or 4: the larger half of posts are senior) tied to the head of
    its regional department, and ``embassy_staff`` diplomats (1 or 2) who all
    know each other and their ambassador.  Senior diplomats (seniority >= 3) who
    served together know each other with probability ``p_senior`` (the corps'
    old-boys network, the channel by which a senior resignation is noticed).
    Node attributes: ``seniority``, ``role``, ``unit`` (department or embassy),
    ``region``.

    Parameters
    ----------
    n_departments : int, optional
        Regional departments (default 8).
    staff_per_department : int, optional
        Desk officers per department (default 8).
    n_embassies : int, optional
        Embassies (default 40).
    embassy_staff : int, optional
        Diplomats per embassy besides the ambassador (default 5).
    n_deputies : int, optional
        Deputy ministers (default 3).
    p_senior : float, optional
        Probability that two senior diplomats know each other (default 0.15).
    p_staff : float, optional
        Probability that two desk officers of a department know each other
        (default 0.5).
    seed : int or numpy.random.Generator or None, optional
        Randomness of the ties.

    Returns
    -------
    networkx.Graph
        The corps.

    Raises
    ------
    GraphError
        Non-positive sizes or probabilities outside [0, 1].

    Examples
    --------
    >>> from compellence.cascades import diplomatic_corps
    >>> g = diplomatic_corps(n_departments=2, staff_per_department=2, n_embassies=3, embassy_staff=2,
    ...                      n_deputies=1, seed=0)
    >>> g.number_of_nodes(), sorted({s for _, s in g.nodes(data="seniority")})
    (17, [1, 2, 3, 4, 5])
    """
    nd = check_int(n_departments, "n_departments", 1)
    sd = check_int(staff_per_department, "staff_per_department", 0)
    ne = check_int(n_embassies, "n_embassies", 0)
    es = check_int(embassy_staff, "embassy_staff", 0)
    ndep = check_int(n_deputies, "n_deputies", 1)
    ps = check_probability(p_senior, "p_senior", scalar=True)
    pst = check_probability(p_staff, "p_staff", scalar=True)
    rng = np.random.default_rng(seed)
    g = nx.Graph()
    g.add_node("minister", seniority=5, role="minister", unit="ministry", region="all")
    deputies = [f"deputy{i}" for i in range(ndep)]
    for d in deputies:
        g.add_node(d, seniority=4, role="deputy minister", unit="ministry", region="all")
        g.add_edge("minister", d)
    heads = []
    for k in range(nd):
        unit = f"dept{k}"
        head = f"{unit}/head"
        heads.append(head)
        g.add_node(head, seniority=3, role="department head", unit=unit, region=unit)
        g.add_edge(head, deputies[k % ndep])
        staff = [f"{unit}/officer{i}" for i in range(sd)]
        for s in staff:
            g.add_node(s, seniority=int(rng.integers(1, 3)), role="desk officer", unit=unit,
                       region=unit)
            g.add_edge(head, s)
        for i, a in enumerate(staff):
            for b in staff[i + 1:]:
                if rng.random() < pst:
                    g.add_edge(a, b)
    for e in range(ne):
        unit = f"embassy{e}"
        region = f"dept{e % nd}"
        amb = f"{unit}/ambassador"
        g.add_node(amb, seniority=int(4 if rng.random() < 0.5 else 3), role="ambassador",
                   unit=unit, region=region)
        g.add_edge(amb, f"{region}/head")
        staff = [f"{unit}/diplomat{i}" for i in range(es)]
        for s in staff:
            g.add_node(s, seniority=int(rng.integers(1, 3)), role="embassy diplomat", unit=unit,
                       region=region)
            g.add_edge(amb, s)
        g.add_edges_from((a, b) for i, a in enumerate(staff) for b in staff[i + 1:])
    senior = [v for v, d in g.nodes(data=True) if d["seniority"] >= 3]
    for i, a in enumerate(senior):
        for b in senior[i + 1:]:
            if rng.random() < ps:
                g.add_edge(a, b)
    g.graph.update(kind="diplomatic_corps")
    return g


def diaspora_network(
    n: int,
    kind: str = "small_world",
    *,
    k: int = 6,
    p: float = 0.1,
    degrees: Sequence[int] | rv_frozen | None = None,
    seed: int | np.random.Generator | None = None,
) -> nx.Graph:
    """A diaspora's social network, through which news and appeals reach home.

    ``kind="small_world"``: Watts-Strogatz (1998) ring of ``n`` people each
    tied to ``k`` neighbours, every tie rewired with probability ``p``:
    clustered local communities with a few long ties.
    ``kind="configuration"``: a configuration-model graph (Molloy-Reed;
    multi-edges merged and self-loops dropped) with degrees from ``degrees``.
    Node attribute ``degree0``: the intended degree.

    Parameters
    ----------
    n : int
        Number of people.
    kind : {"small_world", "configuration"}, optional
        The generator (default ``"small_world"``).
    k : int, optional
        Small world: neighbours on the ring (even; default 6).
    p : float, optional
        Small world: rewiring probability (default 0.1).
    degrees : sequence of int or scipy.stats distribution or None, optional
        Configuration model: a sequence of ``n`` degrees or a frozen discrete
        scipy.stats distribution (e.g. ``scipy.stats.zipf(2.5)`` for a
        heavy-tailed diaspora with a few hubs: community leaders, media figures).
    seed : int or numpy.random.Generator or None, optional
        Randomness of the graph.

    Returns
    -------
    networkx.Graph
        The network.

    Raises
    ------
    GraphError
        An unknown ``kind``, odd ``k``, missing or bad ``degrees``.

    Examples
    --------
    >>> from compellence.cascades import diaspora_network
    >>> g = diaspora_network(100, k=4, seed=1)
    >>> g.number_of_nodes(), g.number_of_edges()
    (100, 200)
    >>> diaspora_network(5, "configuration", degrees=[2, 2, 2, 1, 1], seed=0).number_of_nodes()
    5
    """
    n = check_int(n, "n", 2)
    rng = np.random.default_rng(seed)
    if kind == "small_world":
        k = check_int(k, "k", 2)
        if k % 2 or k >= n:
            raise ParameterError(f"must be even and < n; got {k}", "k")
        g = nx.watts_strogatz_graph(n, k, check_probability(p, "p", scalar=True), seed=int(rng.integers(2**31)))
        nx.set_node_attributes(g, k, "degree0")
    elif kind == "configuration":
        if degrees is None:
            raise ParameterError("kind='configuration' needs degrees (sequence or distribution)",
                                 "degrees")
        if hasattr(degrees, "rvs"):
            seq = np.asarray(degrees.rvs(size=n, random_state=rng), dtype=np.int64)
            seq = np.clip(seq, 0, n - 1)
        else:
            try:
                seq = np.asarray(degrees, dtype=np.int64)
            except (TypeError, ValueError, OverflowError):
                raise ParameterError("must be integers or a scipy.stats distribution",
                                     "degrees") from None
            if seq.shape != (n,):
                raise ParameterError(f"needs {n} degrees; got shape {seq.shape}", "degrees")
            if np.any(seq < 0):
                raise ParameterError("degrees must be >= 0", "degrees")
        if seq.sum() % 2:
            seq[int(rng.integers(n))] += 1
        mg = nx.configuration_model(seq.tolist(), seed=int(rng.integers(2**31)))
        g = nx.Graph(mg)
        g.remove_edges_from(nx.selfloop_edges(g))
        nx.set_node_attributes(g, {i: int(d) for i, d in enumerate(seq)}, "degree0")
    else:
        raise ParameterError(f"must be 'small_world' or 'configuration'; got {kind!r}", "kind")
    g.graph.update(kind=f"diaspora_{kind}")
    return g
