"""Agent-form equilibria of n-player extensive games, through the agent normal form.

Selten (1975, sec. 6): give every information set ``h`` its own *agent*, who
chooses the action at ``h`` and receives the payoff of the player who owns
``h``.  The agent normal form has one player per information set; a pure
profile picks one action per set, and its payoff to agent ``h`` is

    U_h(a) = sum over terminals t of  c(t) u_{owner(h)}(t) prod_{h' on the path to t} [a_{h'} = a_{h'}(t)]

(``c(t)`` the chance probability of the path; derived by hand: a pure agent
profile reaches exactly the terminals whose every decision on the path is the
agents' choice).  A mixed profile of the agent form is a behaviour profile of
the tree, and it is an agent-form equilibrium iff no agent gains by changing
the action distribution at its own set alone: agent ``h``'s regret is the
owner's gain from the best deviation at ``h`` (weighted by the probability of
reaching ``h``), which is what the regret check of :func:`.nash.nash` verifies
on the agent form.

With perfect recall every Nash equilibrium in behaviour strategies is an
agent-form equilibrium, and an agent-form equilibrium in which every set is
reached is a Nash equilibrium; when a player moves twice, an agent-form
equilibrium can fail to be Nash (the player could gain by deviating at an
early set *and* at the unreached later one).  Each result therefore also
carries the player-level (Nash) regret of the behaviour profile, computed on
the reduced strategic form (Kuhn 1953: a reduced strategy's probability is the
product of its behaviour probabilities): ``info["nash_regret"]``.

Solved by ``"agent_gnm"`` (global Newton, some equilibria) or
``"agent_enumpoly"`` (all agent-form equilibria when every support system is
resolved) on the agent form, whose size is the product of the numbers of
actions at all information sets (checked against ``max_payoff_entries`` of
:mod:`compellence.limits`).
"""

from __future__ import annotations

import dataclasses
import math
import string
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..errors import ParameterError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ..games.tree import CHANCE, DECISION, Game
from ..limits import get_limit
from ..validation import require_scalar_game
from .solution import behavior_solution, edge_prob_from_chance

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .equilibria import NashEquilibria

__all__ = ["AgentNormalFormGame", "agent_normal_form", "agent_equilibria"]


class AgentNormalFormGame(NormalFormGame):
    """The agent normal form of an extensive game: one player (agent) per information set.

    ``extensive`` is the tree, ``owner[h]`` the tree player owning agent ``h``'s set.
    :func:`~compellence.solvers.behavior_solution` turns a mixed profile of the agents into the
    tree's behaviour profile (a :class:`~compellence.solvers.Solution`).  Built by :func:`agent_normal_form`.

    Parameters
    ----------
    payoffs : array_like
        ``(n_agents, m_1, ..., m_H)``: agent ``h`` gets its owner's expected payoff.
    extensive : Game
        The tree.
    owner : Sequence[int]
        Per agent (information set), the index of the tree player who owns it.
    **kw
        Passed on to :class:`~compellence.games.normal_form.NormalFormGame` (``players``,
        ``strategies``, ``title``).

    Examples
    --------
    >>> from compellence.solvers import agent_normal_form
    >>> anf = agent_normal_form(cp.catalog.load("entry_deterrence"))
    >>> anf.players, anf.owner
    (('Entrant@root', 'Incumbent@root/enter'), (0, 1))
    """

    def __init__(self, payoffs: Any, extensive: Game, owner: Sequence[int], **kw: Any) -> None:
        super().__init__(payoffs, **kw)
        self.extensive = extensive
        self.owner = tuple(int(o) for o in owner)

    #: the ``method`` of the :class:`~compellence.solvers.Solution` built from a profile
    solution_method = "agent"

    def behavior_edge_prob(
        self, profile: Sequence[Any], tol: float = 1e-9
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Edge probabilities of the tree's behaviour profile in which agent ``h`` plays ``profile[h]``.

        :func:`compellence.solvers.behavior_solution` turns them into a
        :class:`~compellence.solvers.Solution`.

        Parameters
        ----------
        profile : Sequence[array_like]
            One mixed action (probability vector over the set's actions) per agent.
        tol : float, optional
            Unused by the agent form (kept for the same call as the reduced form).

        Returns
        -------
        tuple[numpy.ndarray, dict]
            ``(edge_prob, info)``: the probability of the move into each node given its
            parent is reached (chance included), and an empty ``info``.

        Raises
        ------
        ParameterError
            Not one mixed action per information set.

        Examples
        --------
        >>> from compellence.solvers import agent_normal_form, behavior_solution
        >>> anf = agent_normal_form(cp.catalog.load("entry_deterrence"))
        >>> behavior_solution(anf, [[1.0, 0.0], [0.0, 1.0]]).path()
        ('enter', 'accommodate')
        """
        g = self.extensive
        if len(profile) != len(g.infosets):
            raise ParameterError(
                f"need one mixed action per information set ({len(g.infosets)}), got {len(profile)}",
                "profile",
            )
        ep = edge_prob_from_chance(g)
        for s, beh in zip(g.infosets, profile):
            beh = np.asarray(beh, dtype=float)
            for v in s.nodes:
                c0 = int(g.child_start[v])
                ep[c0:c0 + len(s.actions)] = beh
        return ep, {}

def agent_normal_form(game: Game) -> AgentNormalFormGame:
    """The agent normal form of a scalar extensive game (formula in the module docstring).

    Parameters
    ----------
    game : Game
        An unbatched extensive game.

    Returns
    -------
    AgentNormalFormGame
        One player per information set, each with its owner's expected payoffs.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game` or is batched.
    UnsupportedGameError
        The game has no decision nodes, or its agent form would be too large.

    Examples
    --------
    >>> from compellence.solvers import agent_normal_form
    >>> agent_normal_form(cp.catalog.load("selten_horse")).shape
    (2, 2, 2)
    """
    if not isinstance(game, Game):
        raise ParameterError(f"agent_normal_form() needs a Game, got {type(game).__name__}", "game")
    require_scalar_game(game, "agent_normal_form")
    H = len(game.infosets)
    if H == 0:
        raise UnsupportedGameError("the game has no decision nodes: there are no agents to solve")
    if H > len(string.ascii_letters) - 1:
        raise UnsupportedGameError(
            f"the agent form of a game with {H} information sets is too large "
            f"(at most {len(string.ascii_letters) - 1})"
        )
    sizes = [len(s.actions) for s in game.infosets]
    entries = math.prod(sizes) * H
    if entries > get_limit("max_payoff_entries"):
        raise UnsupportedGameError(
            f"the agent normal form has {entries:,} payoff entries (actions per set {sizes}), above "
            "the limit max_payoff_entries (compellence.limits)"
        )
    # act[v, h]: the action taken at set h on the path to node v (-1 if h is not on it)
    act = np.full((game.n_nodes, H), -1, dtype=np.intp)
    creach = np.ones(game.n_nodes)
    for start, stop in game.levels[1:]:
        kids = np.arange(start, stop)
        par = game.parent[kids]
        act[kids] = act[par]
        dec = game.kind[par] == DECISION
        act[kids[dec], game.infoset[par[dec]]] = game.action_index[kids[dec]]
        w = np.ones(kids.size)
        is_c = game.kind[par] == CHANCE
        w[is_c] = game.chance_probs[game.chance_index[kids[is_c]]]
        creach[kids] = creach[par] * w
    T = game.terminals
    at = act[T]  # (n_terminals, H)
    factors = []
    for h, m in enumerate(sizes):
        V = np.ones((T.size, m))
        on = at[:, h] >= 0
        V[on] = 0.0
        V[np.flatnonzero(on), at[on, h]] = 1.0
        factors.append(V)
    letters = string.ascii_letters[:H]
    spec = "t," + ",".join("t" + a for a in letters) + "->" + letters
    per_player = np.stack([
        np.einsum(spec, creach[T] * game.payoffs[i], *factors, optimize=True)
        for i in range(game.n_players)
    ])
    owner = [s.player for s in game.infosets]
    U = per_player[owner]
    names = []
    for s in game.infosets:
        lab = f"{game.players[s.player]}@{s.label}"
        names.append(lab if lab not in names else f"{lab}#{s.index}")
    return AgentNormalFormGame(
        U, game, owner, players=names, strategies=[s.actions for s in game.infosets],
        title=f"agent form of {game.title}" if game.title else "agent form",
    )


def _nash_regret(game: Game, anf: AgentNormalFormGame, profile) -> np.ndarray:
    """Player-level regret of the behaviour profile, on the reduced strategic form (Kuhn 1953)."""
    from ..games.reduced import to_normal_form
    from .equilibria import regrets

    nf = to_normal_form(game)
    sol = behavior_solution(anf, profile)
    mixed = nf.mixed_profile(sol)
    return regrets(nf, mixed)[1]


def agent_equilibria(game: Game, method: Literal["agent_gnm", "agent_enumpoly"], *, tol: float = 1e-9,
                     seed: int | None = 0) -> NashEquilibria:
    """``nash(game, method="agent_gnm" | "agent_enumpoly")``: agent-form equilibria of a tree.

    Parameters
    ----------
    game : Game
        An unbatched extensive game.
    method : {"agent_gnm", "agent_enumpoly"}
        Global Newton (some equilibria) or polynomial enumeration (all, small games).
    tol : float, optional
        Regret tolerance (payoff units).
    seed : int or None, optional
        Seed of the global Newton method's random perturbation.

    Returns
    -------
    NashEquilibria
        Equilibria of the :class:`AgentNormalFormGame` (``result.behavior(k)`` is equilibrium
        ``k`` as the tree's behaviour profile); each equilibrium's agent regrets are in
        ``regret``, the player-level Nash regrets in ``info["nash_regret"]``.

    Raises
    ------
    UnsupportedGameError
        ``game`` is not an extensive game, or its agent form is too large.

    Examples
    --------
    >>> eqs = cp.nash(cp.catalog.load("entry_deterrence"), method="agent_enumpoly")
    >>> sorted(eqs.behavior(k).path() for k in range(len(eqs.equilibria)))[:1]
    [('enter', 'accommodate')]
    """
    if not isinstance(game, Game):
        raise UnsupportedGameError(
            f"method={method!r} solves extensive games (a Game), got {type(game).__name__}; for a "
            "normal-form game use method='gnm' or 'enumpoly'"
        )
    anf = agent_normal_form(game)
    if method == "agent_gnm":
        from .global_newton import gnm_equilibria

        res = gnm_equilibria(anf, tol, seed=seed)
    else:
        from .polynomial_enumeration import enumpoly_equilibria

        res = enumpoly_equilibria(anf, tol)
    nash_reg = []
    try:
        for e in res:
            nash_reg.append(_nash_regret(game, anf, e.strategies))
    except UnsupportedGameError:  # reduced form too large: the player-level check is skipped
        nash_reg = []
    eqs = tuple(dataclasses.replace(e, method=method) for e in res)
    notes = list(res.notes)
    notes.append(
        "agent-form equilibria: no agent (information set) gains by deviating alone; when a "
        "player moves twice such a profile need not be a Nash equilibrium (see "
        "info['nash_regret'])"
    )
    info = dict(res.info)
    info["nash_regret"] = tuple(nash_reg)
    return dataclasses.replace(res, equilibria=eqs, method=method, notes=tuple(notes), info=info)
