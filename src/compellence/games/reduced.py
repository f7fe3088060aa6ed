"""The reduced strategic (normal) form of an extensive game.

A *pure strategy* of player i picks an action at every information set of i.
Two pure strategies that differ only at information sets that i's own earlier
choices already rule out lead to the same play against every opponent profile;
the *reduced* strategic form keeps one representative of each such class
(Kuhn 1953; Myerson 1991, sec. 2.5; von Stengel 1996 for the realization-plan
view used here).  A reduced strategy assigns an action exactly to the
information sets it does not preclude, and ``*`` to the others.

Payoffs fold chance in as expectations.  With ``r_i[s_i, t]`` in {0, 1} the
indicator that reduced strategy ``s_i`` takes every own action on the path to
terminal ``t`` (player i's realization plan of the terminal's sequence) and
``c[t]`` the product of chance probabilities on that path,

    U_j(s_1, ..., s_n) = sum_t  c[t] * u_j[t] * prod_i r_i[s_i, t],

one ``np.einsum`` over all profiles and (for batched games) all batch elements.

Kuhn's theorem maps a mixed strategy of the reduced form back to behaviour
(for games of perfect recall):

    beta_i(a | h) = sum_{s : s(h) = a} sigma_i(s) / sum_{s : s assigns h} sigma_i(s),

and a behaviour strategy to a mixed one by ``sigma_i(s) = prod_{h assigned by s}
beta_i(s(h) | h)``.  :class:`ReducedNormalFormGame` carries both maps.
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import ActionError, ParameterError
from ..limits import check_size
from ..validation import require_scalar_game
from .normal_form import NormalFormGame
from .tree import CHANCE, DECISION, TERMINAL, Game

__all__ = ["to_normal_form", "reduced_strategies", "count_reduced_strategies", "ReducedNormalFormGame", "reduced_payoffs"]

#: The label of an information set a reduced strategy leaves open.
UNREACHED = "*"


def _own_path(game: Game) -> list[list[tuple[int, int]]]:
    """Per node: the (infoset, action index) pairs of every decision on the path to it."""
    n = game.n_nodes
    out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for i in range(1, n):  # breadth-first: parents first
        p = int(game.parent[i])
        out[i] = out[p] + (
            [(int(game.infoset[p]), int(game.action_index[i]))] if game.kind[p] == DECISION else []
        )
    return out


def reduced_strategies(game: Game) -> list[list[dict[int, int]]]:
    """Per player, the reduced pure strategies as ``{infoset index: action index}``.

    A strategy assigns an action to every information set that some node of it
    is reachable from the root given the strategy's own assignments (own
    actions on the path agree), and nothing to the others.  Enumeration is a
    depth-first branching on the first unassigned reachable information set
    (in the game's information-set order), so strategies come out in
    lexicographic order of their actions.  This is exact for perfect recall
    and stays well defined (a strategy per reachable assignment) without it.

    Parameters
    ----------
    game : Game
        An extensive game (batched or not: the strategies depend on the tree only).

    Returns
    -------
    list[list[dict[int, int]]]
        Per player, the list of reduced strategies, each ``{infoset index: action index}``.

    Examples
    --------
    >>> from compellence.games import reduced_strategies
    >>> reduced_strategies(cp.catalog.load("entry_deterrence"))
    [[{0: 0}, {0: 1}], [{1: 0}, {1: 1}]]
    """
    paths = _own_path(game)
    result: list[list[dict[int, int]]] = []
    for player in range(game.n_players):
        own = [s for s in game.infosets if s.player == player]
        # own decisions on the path to each node of each own infoset
        node_reqs = {
            s.index: [[(h, a) for h, a in paths[v] if game.infosets[h].player == player]
                      for v in s.nodes]
            for s in own
        }
        strategies: list[dict[int, int]] = []

        def reachable(h: int, assign: dict[int, int], reqs=node_reqs) -> bool:
            return any(all(assign.get(k) == a for k, a in req) for req in reqs[h])

        def branch(assign: dict[int, int], own=own, strategies=strategies) -> None:
            for s in own:
                if s.index not in assign and reachable(s.index, assign):
                    for a in range(len(s.actions)):
                        nxt = dict(assign)
                        nxt[s.index] = a
                        branch(nxt)
                    return
            strategies.append(assign)

        branch({})
        result.append(strategies)
    return result


def count_reduced_strategies(game: Game) -> list[int]:
    """Per player, the number of reduced pure strategies, without enumerating them.

    Sequence-form recursion (von Stengel 1996): for player i, with ``H(sigma)``
    the information sets whose last own action on the way there is ``sigma``,
    ``N(sigma) = prod_{h in H(sigma)} sum_{a at h} N(sigma a)`` and the count is
    ``N(empty)``.  Exact for perfect recall (then every node of an information
    set has the same last own action); without it an information set is
    attached to the last own action on the path to its first node.  Python
    integers, so huge counts do not overflow.  A player without perfect recall
    (two nodes of one information set reached by different own actions) gets
    the upper bound ``prod_h |A(h)|`` instead (the unreduced count).

    Parameters
    ----------
    game : Game
        An extensive game.

    Returns
    -------
    list[int]
        Per player, the number of reduced pure strategies.

    Examples
    --------
    >>> from compellence.games.reduced import count_reduced_strategies
    >>> count_reduced_strategies(cp.catalog.load("centipede", stages=6))
    [4, 4]
    """
    paths = _own_path(game)
    counts: list[int] = []
    for player in range(game.n_players):
        own = [s for s in game.infosets if s.player == player]

        def own_seq(v: int, player: int = player) -> list[tuple[int, int]]:
            return [(h, a) for h, a in paths[v] if game.infosets[h].player == player]

        if any(own_seq(v) != own_seq(s.nodes[0]) for s in own for v in s.nodes[1:]):
            counts.append(math.prod(len(s.actions) for s in own))
            continue
        below: dict[tuple[int, int] | None, list[int]] = {}
        for s in own:
            mine = [(h, a) for h, a in paths[s.nodes[0]] if game.infosets[h].player == player]
            below.setdefault(mine[-1] if mine else None, []).append(s.index)
        memo: dict[tuple[int, int] | None, int] = {}
        # longest own sequences first, so every child sequence's count is known before its parent's
        depth = {s.index: sum(game.infosets[h].player == player for h, _ in paths[s.nodes[0]]) for s in own}
        for s in sorted(own, key=lambda s: -depth[s.index]):
            for a in range(len(s.actions)):
                seq = (s.index, a)
                total = 1
                for h in below.get(seq, ()):
                    total *= sum(memo.get((h, b), 1) for b in range(len(game.infosets[h].actions)))
                memo[seq] = total
        root = 1
        for h in below.get(None, ()):
            root *= sum(memo.get((h, b), 1) for b in range(len(game.infosets[h].actions)))
        counts.append(root)
    return counts


def _labels(game: Game, player: int, strategies: list[dict[int, int]]) -> tuple[str, ...]:
    own = [s for s in game.infosets if s.player == player]
    labels = []
    for st in strategies:
        parts = [s.actions[st[s.index]] if s.index in st else UNREACHED for s in own]
        labels.append("/".join(parts) if parts else "(no move)")
    if len(set(labels)) != len(labels):  # action labels containing "/" can collide
        labels = [f"{k + 1}:{lab}" for k, lab in enumerate(labels)]
    return tuple(labels)


def _realization(game: Game, player: int, strategies: list[dict[int, int]], paths) -> np.ndarray:
    """``r[s, t]``: does strategy s take every own action on the path to terminal t.

    Vectorised over strategies and terminals, one own information set at a time:
    ``r[s, t] = prod_h (R[t, h] < 0  or  S[s, h] == R[t, h])`` with ``S`` the strategies'
    actions (-1 where unassigned) and ``R`` the actions the path to ``t`` requires (-1: none).
    """
    terms = game.terminals.tolist()
    own = [s.index for s in game.infosets if s.player == player]
    col = {h: j for j, h in enumerate(own)}
    S = np.full((len(strategies), len(own)), -1, dtype=np.int64)
    for s_pos, st in enumerate(strategies):
        for h, a in st.items():
            S[s_pos, col[h]] = a
    R = np.full((len(terms), len(own)), -1, dtype=np.int64)
    for t_pos, t in enumerate(terms):
        for h, a in paths[t]:
            if h in col:
                R[t_pos, col[h]] = a
    r = np.ones((len(strategies), len(terms)), dtype=bool)
    for j in range(len(own)):
        req = R[:, j]
        need = req >= 0
        if need.any():
            r[:, need] &= S[:, j, None] == req[None, need]
    return r.astype(float)


def _chance_reach(game: Game) -> np.ndarray:
    """Product of chance probabilities on the path to each terminal, ``(n_terminals, *batch)``."""
    reach = np.ones((game.n_nodes, *game.batch_shape))
    for start, stop in game.levels[1:]:
        kids = np.arange(start, stop)
        par = game.parent[kids]
        w = np.ones((kids.size, *game.batch_shape))
        is_c = game.kind[par] == CHANCE
        if is_c.any():
            w[is_c] = game.chance_probs[game.chance_index[kids[is_c]]]
        reach[kids] = reach[par] * w
    return reach[game.terminals]


def reduced_payoffs(game: Game, realization: Sequence[np.ndarray] | None = None) -> np.ndarray:
    """Payoff array of the reduced form, ``(n_players, m_1, ..., m_n, *batch_shape)``.

    Works for batched games (one einsum over profiles and batch elements).
    Chance is folded into expected payoffs.

    Parameters
    ----------
    game : Game
        An extensive game, batched or not.
    realization : Sequence[numpy.ndarray], optional
        Per player, the realization-plan matrix of its reduced strategies (computed from the
        game when omitted).

    Returns
    -------
    numpy.ndarray
        ``payoffs[i, s_1, ..., s_n, *batch]``: player i's expected payoff under the reduced
        pure profile ``(s_1, ..., s_n)``.

    Raises
    ------
    ParameterError
        More than 20 players.

    Examples
    --------
    >>> from compellence.games import reduced_payoffs
    >>> reduced_payoffs(cp.catalog.load("entry_deterrence"))[1].tolist()
    [[-1.0, 1.0], [2.0, 2.0]]
    """
    if realization is None:
        paths = _own_path(game)
        strats = reduced_strategies(game)
        realization = [_realization(game, i, strats[i], paths) for i in range(game.n_players)]
    n = game.n_players
    if n > 20:
        raise ParameterError(f"to_normal_form supports at most 20 players, got {n}", "game")
    letters = string.ascii_letters
    batch_letters = letters[30 : 30 + len(game.batch_shape)]
    strat_letters = letters[:n]
    c = _chance_reach(game)
    u = game.payoffs * c[None]  # (n_players, T, *batch)
    spec = (
        f"z y{batch_letters}," + ",".join(f"{strat_letters[i]}y" for i in range(n))
        + f"->z{strat_letters}{batch_letters}"
    ).replace(" ", "")
    return np.einsum(spec, u, *realization, optimize=True)


class ReducedNormalFormGame(NormalFormGame):
    """The reduced strategic form of an extensive game, with maps back to the tree.

    Built by :func:`to_normal_form`.  Extra attributes: ``extensive`` (the source
    :class:`Game`) and ``assignments`` (per player, per strategy, ``{infoset label:
    action}`` of the information sets the strategy does not preclude).  Strategy labels
    join the actions at the player's information sets (in the game's order)
    with ``/`` and show ``*`` where the player's own earlier choice rules the
    set out, e.g. ``demand/punish`` and ``status quo/*``.

    Parameters
    ----------
    extensive : Game
        The extensive game this is the reduced form of (its players and title are used).
    payoffs : array_like
        ``(n_players, m_1, ..., m_n)`` expected payoffs of the reduced pure profiles.
    strategies : Sequence[Sequence[str]]
        Per player, the strategy labels.
    index_assignments : list[list[dict[int, int]]]
        Per player, the reduced strategies as ``{infoset index: action index}``.
    realization : list[numpy.ndarray]
        Per player, the realization-plan matrix (sequences x strategies) of its strategies.

    Examples
    --------
    >>> nf = cp.to_normal_form(cp.catalog.load("entry_deterrence"))
    >>> nf.strategies
    (('enter', 'stay out'), ('fight', 'accommodate'))
    >>> nf.assignments[1]
    ({'root/enter': 'fight'}, {'root/enter': 'accommodate'})
    """

    def __init__(
        self,
        extensive: Game,
        payoffs: Any,
        strategies: Sequence[Sequence[str]],
        index_assignments: list[list[dict[int, int]]],
        realization: list[np.ndarray],
    ) -> None:
        super().__init__(
            payoffs, players=extensive.players, strategies=strategies, title=extensive.title
        )
        self.extensive: Game = extensive
        self._assign = index_assignments
        self.realization: tuple[np.ndarray, ...] = tuple(realization)

    @cached_property
    def assignments(self) -> tuple[tuple[dict[str, str], ...], ...]:
        """Per player, per reduced strategy, ``{infoset label: action}`` at the sets it does not preclude."""
        g = self.extensive
        return tuple(
            tuple(
                {g.infosets[h].label: g.infosets[h].actions[a] for h, a in sorted(st.items())}
                for st in per
            )
            for per in self._assign
        )

    # ------------------------------------------------------------- behaviour -> mixed
    def mixed_profile(self, solution: Any) -> tuple[np.ndarray, ...]:
        """Mixed strategies over reduced strategies equivalent to a behaviour profile.

        ``solution`` is a :class:`~compellence.solvers.Solution` of ``self.extensive``
        (e.g. from :func:`compellence.spe`).  ``sigma_i(s) = prod_{h assigned by s}
        beta_i(s(h) | h)`` (Kuhn 1953).  A pure behaviour profile maps to a pure
        (one-hot) profile.

        Parameters
        ----------
        solution : Solution
            A behaviour profile of ``self.extensive`` (unbatched).

        Returns
        -------
        tuple[numpy.ndarray, ...]
            Per player, a probability vector over its reduced strategies.

        Raises
        ------
        ParameterError
            The solution belongs to another game or is batched.

        Examples
        --------
        >>> game = cp.catalog.load("entry_deterrence")
        >>> nf = cp.to_normal_form(game)
        >>> [p.tolist() for p in nf.mixed_profile(cp.spe(game))]
        [[1.0, 0.0], [0.0, 1.0]]
        """
        g = self.extensive
        ep = np.asarray(solution.edge_prob)
        if getattr(solution, "game", None) is not None and solution.game.n_nodes != g.n_nodes:
            raise ParameterError("the solution belongs to another game", "solution")
        if ep.ndim != 1:
            raise ParameterError(
                f"the solution is batched (batch shape {ep.shape[1:]}); the reduced form is of "
                "one game: solve game.at(index) instead",
                "solution",
            )
        out = []
        for per in self._assign:
            probs = np.ones(len(per))
            for k, st in enumerate(per):
                for h, a in st.items():
                    first = g.infosets[h].nodes[0]
                    probs[k] *= ep[int(g.child_start[first]) + a]
            out.append(probs)
        return tuple(out)

    def pure_profile(self, solution: Any, tol: float = 1e-12) -> tuple[int, ...]:
        """Indices of the reduced pure strategies a pure behaviour profile plays.

        Parameters
        ----------
        solution : Solution
            A pure behaviour profile of ``self.extensive`` (e.g. ``cp.spe(game)``).
        tol : float, optional
            Probabilities within ``tol`` of 0 or 1 count as pure.

        Returns
        -------
        tuple[int, ...]
            Per player, the index into ``self.strategies[player]``.

        Raises
        ------
        ParameterError
            A player's behaviour is mixed (use :meth:`mixed_profile`), or the solution does not
            belong to this game.

        Examples
        --------
        >>> game = cp.catalog.load("entry_deterrence")
        >>> nf = cp.to_normal_form(game)
        >>> [nf.strategies[i][s] for i, s in enumerate(nf.pure_profile(cp.spe(game)))]
        ['enter', 'accommodate']
        """
        mixed = self.mixed_profile(solution)
        idx = []
        for i, m in enumerate(mixed):
            k = int(np.argmax(m))
            if m[k] < 1.0 - tol:
                raise ParameterError(
                    f"the behaviour of {self.players[i]!r} is mixed, not pure; use mixed_profile()",
                    "solution",
                )
            idx.append(k)
        return tuple(idx)

    # ------------------------------------------------------------- mixed -> behaviour
    def behavior_edge_prob(
        self, profile: Sequence[Any], tol: float = 1e-9
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """The tree's behaviour strategies of a mixed profile, as edge probabilities.

        ``beta_i(a|h) = sigma_i{s: s(h)=a} / sigma_i{s: s assigns h}``.  Information
        sets that the player's own mix never reaches get the uniform action
        distribution (any choice there is payoff-irrelevant).

        Returns ``(edge_prob, info)``: ``edge_prob[v]`` is the probability of the
        move into node ``v`` given its parent is reached (chance included), and
        ``info["unreached_infosets"]`` lists the labels of the unreached sets.
        :func:`compellence.solvers.behavior_solution` turns this into a
        :class:`~compellence.solvers.Solution` (values and ties); games do not
        import solvers.

        Parameters
        ----------
        profile : Sequence[array_like]
            One probability vector per player over its reduced strategies (e.g. a Nash
            equilibrium of this normal form).
        tol : float, optional
            Reach mass below which a player's information set counts as unreached.

        Returns
        -------
        tuple[numpy.ndarray, dict]
            ``(edge_prob, info)`` as above.

        Raises
        ------
        ParameterError
            Wrong number of mixed strategies, or a strategy of the wrong length.

        Examples
        --------
        >>> nf = cp.to_normal_form(cp.catalog.load("entry_deterrence"))
        >>> ep, info = nf.behavior_edge_prob([[0.0, 1.0], [1.0, 0.0]])  # stay out; fight
        >>> ep.tolist(), info["unreached_infosets"]
        ([1.0, 0.0, 1.0, 1.0, 0.0], ())
        """
        g = self.extensive
        if len(profile) != g.n_players:
            raise ParameterError(
                f"need one mixed strategy per player ({g.n_players}), got {len(profile)}", "profile"
            )
        ep = np.zeros(g.n_nodes)
        ep[0] = 1.0
        kids = np.flatnonzero(g.chance_index >= 0)
        ep[kids] = g.chance_probs[g.chance_index[kids]]
        unreached = []
        for i, per in enumerate(self._assign):
            sigma = np.asarray(profile[i], dtype=float)
            if sigma.shape != (len(per),):
                raise ParameterError(
                    f"mixed strategy of {self.players[i]!r} needs {len(per)} probabilities, "
                    f"got shape {sigma.shape}",
                    "profile",
                )
            for s in g.infosets:
                if s.player != i:
                    continue
                mass = np.zeros(len(s.actions))
                for k, st in enumerate(per):
                    if s.index in st:
                        mass[st[s.index]] += sigma[k]
                total = mass.sum()
                if total > tol:
                    beh = mass / total
                else:
                    beh = np.full(len(s.actions), 1.0 / len(s.actions))
                    unreached.append(s.label)
                for v in s.nodes:
                    c0 = int(g.child_start[v])
                    ep[c0 : c0 + len(s.actions)] = beh
        return ep, {"unreached_infosets": tuple(unreached), "tol": tol}


def to_normal_form(game: Game) -> ReducedNormalFormGame:
    """The reduced strategic form of an (unbatched) extensive game.

    Pure strategies specify actions only at information sets the player's own
    earlier choices do not preclude (``*`` elsewhere); chance is folded into
    expected payoffs (see the module docstring for the formula).  The result
    is a :class:`ReducedNormalFormGame` (a :class:`NormalFormGame`) that also
    maps mixed equilibria back to behaviour (:meth:`~ReducedNormalFormGame.behavior_edge_prob`)
    and behaviour profiles to mixed/pure ones.

    Batched games: the normal-form class holds one game, so a batched ``game``
    raises :class:`~compellence.errors.ParameterError`; pass ``game.at(index)``
    (or use :func:`reduced_payoffs`, which is batched, for the payoff arrays alone).

    Parameters
    ----------
    game : Game
        An unbatched extensive game.

    Returns
    -------
    ReducedNormalFormGame
        Its reduced normal form.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`, is batched, or has more than 20 players.
    ActionError
        The game has no moves (its root is an outcome).

    Examples
    --------
    >>> nf = cp.to_normal_form(cp.catalog.load("entry_deterrence"))
    >>> nf.bimatrix()[0].tolist()
    [[-1.0, 1.0], [0.0, 0.0]]
    >>> len(cp.nash(nf).equilibria) >= 2   # entry/accommodate and the non-credible threat
    True
    """
    if not isinstance(game, Game):
        raise ParameterError(f"to_normal_form() needs a Game, got {type(game).__name__}", "game")
    require_scalar_game(
        game, "to_normal_form",
        alternative="use compellence.games.reduced.reduced_payoffs(game) for the batched payoff arrays",
    )
    if game.kind[0] == TERMINAL:
        raise ActionError("the game has no moves: its root is an outcome", "root")
    # refuse a form too large to hold before enumerating anything (a small tree can imply 2**30)
    counts = count_reduced_strategies(game)
    check_size("max_payoff_entries", game.n_players * math.prod(counts),
               f"the reduced normal form ({' x '.join(f'{c:,}' for c in counts)} strategies)", field="game")
    paths = _own_path(game)
    strats = reduced_strategies(game)
    realization = [_realization(game, i, strats[i], paths) for i in range(game.n_players)]
    payoffs = reduced_payoffs(game, realization)
    labels = [_labels(game, i, strats[i]) for i in range(game.n_players)]
    return ReducedNormalFormGame(game, payoffs, labels, strats, realization)
