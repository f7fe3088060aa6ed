"""Subgame-perfect equilibrium of games with information sets, by subgame decomposition.

Selten (1965): a profile is subgame perfect if it induces a Nash equilibrium
in every subgame.  A subgame starts at a node ``v`` such that no information
set has nodes both inside and outside the subtree of ``v``.  Generalised
backward induction (e.g. Osborne & Rubinstein 1994, sec. 6.2; Fudenberg &
Tirole 1991, sec. 3.5):

1. find the subgame roots (:func:`compellence.games.subtree.subgame_roots`);
2. for every information set with several nodes, its *minimal subgame* is
   rooted at the lowest subgame root above the set's nodes; solve those
   subgames deepest first.  Inside one, every proper subgame is of perfect
   information (deeper imperfect ones are already solved and replaced by their
   values) and is solved by batched backward induction; what remains has no
   proper subgame, and any Nash equilibrium of it will do:

   * two players: the sequence-form LCP
     (:func:`compellence.solvers.sequence_form.sequence_form_lcp`, Koller,
     Megiddo & von Stengel 1996), an exact equilibrium;
   * more players: the limit of the principal branch of the agent logit QRE
     (:func:`compellence.solvers.qre.qre_path`, McKelvey & Palfrey 1998;
     Turocy 2005), an approximate (sequential) equilibrium to the QRE tracer's
     regret tolerance;

3. replace each solved subgame by its value vector and solve what is left (a
   perfect-information game) by the existing batched backward induction.

Batched games: steps 1, 2 (structure) and 3 and the perfect-information
parts are vectorised over the batch; the imperfect-information subgames are
solved one batch element at a time (an LCP or a QRE path each), since
different elements can have different equilibria.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from ..games.subtree import subgame_roots, subtree
from ..games.tree import DECISION, TERMINAL, Game
from .backward_induction import backward_induction
from .solution import Solution, TiePolicy, edge_prob_from_chance, node_values

__all__ = ["spe_subgames", "imperfect_subgames"]



def imperfect_subgames(game: Game) -> list[int]:
    """Roots of the minimal subgames that contain information sets with several nodes.

    Deepest first (reverse breadth-first order), without duplicates.

    Parameters
    ----------
    game : Game
        The game.

    Returns
    -------
    list[int]
        Node indices of the subgame roots.

    Examples
    --------
    >>> from compellence.solvers.subgames import imperfect_subgames
    >>> game = cp.catalog.load("selten_horse")
    >>> [game.node_path(v) for v in imperfect_subgames(game)]
    ['root']
    """
    is_root, lca = subgame_roots(game)
    roots = set()
    for top in lca.values():
        v = int(top)
        while not is_root[v]:
            v = int(game.parent[v])
        roots.add(v)
    return sorted(roots, reverse=True)


def _solve_minimal(sub: Game, *, tol: float) -> tuple[Solution, str]:
    """A Nash equilibrium of a game without proper imperfect-information subgames."""
    if sub.n_players == 2:
        if not sub.batch_shape:  # through nash(): payoffs double precision cannot separate are solved exactly
            from .nash import nash

            res = nash(sub, method="lcp", tol=tol if 0 < tol < 1 else 1e-9)
            return res.behavior(0), "lcp"
        from .sequence_form import sequence_form_lcp

        return sequence_form_lcp(sub), "lcp"
    from .qre import qre_path

    if not sub.batch_shape:
        return qre_path(sub).solution, "qre"
    # one QRE path per batch element (see the module docstring)
    batch = sub.batch_shape
    ep = np.empty((sub.n_nodes, *batch))
    bel = np.zeros((sub.n_nodes, *batch))
    ties = np.zeros((int((sub.kind == DECISION).sum()), *batch), dtype=bool)
    for bi in np.ndindex(*batch):
        s = qre_path(sub.at(bi)).solution
        ep[(slice(None), *bi)] = s.edge_prob
        ties[(slice(None), *bi)] = s.ties
        if s.beliefs is not None:
            bel[(slice(None), *bi)] = s.beliefs
    return Solution(sub, ep, node_values(sub, ep), ties, method="qre", beliefs=bel), "qre"


def spe_subgames(game: Game, *, ties: TiePolicy = "first", tol: float = 1e-9) -> Solution:
    """Subgame-perfect equilibrium of a game with information sets (see module docstring).

    ``ties`` and ``tol`` apply to the perfect-information parts (backward
    induction); the ``ties`` mask of the result also flags decision nodes in
    imperfect-information subgames where the chosen behaviour is not the
    unique best reply (for the LCP: several actions are best at the set).

    Parameters
    ----------
    game : Game
        The game (information sets allowed).
    ties : {"first", "uniform"}, optional
        Tie policy of the backward-induction parts.
    tol : float, optional
        Tolerance for best actions (payoff units).

    Returns
    -------
    Solution
        ``method="spe"``, with ``beliefs`` (1 at singleton sets, the subgame solver's Bayes
        beliefs at the others) and ``info["subgames"]``: ``{root path: "lcp" | "qre"}`` for
        the imperfect subgames that were solved separately.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`.

    Examples
    --------
    >>> from compellence.solvers import spe_subgames
    >>> sol = spe_subgames(cp.catalog.load("selten_horse"))
    >>> sol.path(), sol.info["subgames"]
    (('C', 'd', 'R'), {'root': 'qre'})
    """
    if not isinstance(game, Game):
        raise ParameterError(f"spe() needs a Game, got {type(game).__name__}", "game")
    if game.is_perfect_information:
        return backward_induction(game, ties=ties, tol=tol)
    batch = game.batch_shape
    n = game.n_nodes
    edge_prob = edge_prob_from_chance(game)
    tie_node = np.zeros((n, *batch), dtype=bool)
    beliefs = np.zeros((n, *batch))
    beliefs[game.kind == DECISION] = 1.0
    values: dict[int, np.ndarray] = {}
    used: dict[str, str] = {}

    for v in imperfect_subgames(game):
        inner = {u: val for u, val in values.items() if _is_below(game, u, v)}
        region, gmap = subtree(game, v, cut=inner)
        # 1) perfect-information proper subgames inside the region: backward induction
        relaxed, _ = subtree(region, 0, keep_infosets=False)
        bi = backward_induction(relaxed, ties=ties, tol=tol)
        r_roots, _ = subgame_roots(region)
        pi_top = _perfect_info_tops(region, r_roots)
        for u in pi_top:
            for w in _descendants(region, u):
                if w != u:
                    edge_prob[gmap[w]] = bi.edge_prob[w]
                if region.kind[w] == DECISION:
                    tie_node[gmap[w]] = bi.ties[_dec_pos(region, w)]
        core, cmap = subtree(region, 0, cut={u: bi.node_value[:, u] for u in pi_top})
        # 2) the minimal subgame: LCP (two players) or QRE limit
        sol, how = _solve_minimal(core, tol=tol)
        used[game.node_path(v)] = how
        glob = gmap[cmap]
        edge_prob[glob[1:]] = sol.edge_prob[1:]
        dec_local = np.flatnonzero(core.kind == DECISION)
        tie_node[glob[dec_local]] = sol.ties
        if sol.beliefs is not None:
            multi = [i for s in core.infosets if len(s.nodes) > 1 for i in s.nodes]
            if multi:
                beliefs[glob[multi]] = sol.beliefs[multi]
        # value of the whole region (perfect-information parts included)
        values[v] = node_values(region, _region_edges(region, gmap, edge_prob))[:, 0]

    # 3) what is left is of perfect information: batched backward induction
    reduced, rmap = subtree(game, 0, cut=values)
    top = backward_induction(reduced, ties=ties, tol=tol)
    cut_nodes = set(values)
    for i in range(1, reduced.n_nodes):
        edge_prob[rmap[i]] = top.edge_prob[i]
    dec_r = np.flatnonzero(reduced.kind == DECISION)
    keep = np.array([rmap[i] not in cut_nodes for i in dec_r], dtype=bool)
    tie_node[rmap[dec_r[keep]]] = top.ties[keep]
    dec = np.flatnonzero(game.kind == DECISION)
    return Solution(
        game=game,
        edge_prob=edge_prob,
        node_value=node_values(game, edge_prob),
        ties=tie_node[dec],
        method="spe",
        beliefs=beliefs,
        info={"ties_policy": ties, "tol": tol, "subgames": used},
    )


def _is_below(game: Game, u: int, v: int) -> bool:
    """True if ``u`` is a proper descendant of ``v``."""
    d = game.depth
    if d[u] <= d[v]:
        return False
    while d[u] > d[v]:
        u = int(game.parent[u])
    return u == v


def _descendants(game: Game, u: int) -> list[int]:
    out = [u]
    k = 0
    while k < len(out):
        out.extend(game.children(out[k]))
        k += 1
    return out


def _dec_pos(game: Game, node: int) -> int:
    return int(np.searchsorted(np.flatnonzero(game.kind == DECISION), node))


def _perfect_info_tops(region: Game, is_root: np.ndarray) -> list[int]:
    """Highest proper subgame roots of ``region`` whose subtrees have only singleton sets."""
    n = region.n_nodes
    has_multi = np.zeros(n, dtype=bool)
    for s in region.infosets:
        if len(s.nodes) > 1:
            has_multi[list(s.nodes)] = True
    # propagate "subtree contains a multi-node set" bottom-up (reverse breadth-first)
    for i in range(n - 1, 0, -1):
        if has_multi[i]:
            has_multi[region.parent[i]] = True
    tops = []
    for i in range(1, n):
        if region.kind[i] == TERMINAL or has_multi[i] or not is_root[i]:
            continue
        p = int(region.parent[i])
        parent_ok = p != 0 and is_root[p] and not has_multi[p]
        if not parent_ok:
            tops.append(i)
    return tops


def _region_edges(region: Game, gmap: np.ndarray, edge_prob: np.ndarray) -> np.ndarray:
    ep = edge_prob[gmap].copy()
    ep[0] = 1.0
    return ep
