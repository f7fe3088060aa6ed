"""Games written in TOML (``kind = "game"``) and solving any game into a :class:`GameReport`.

A game scenario lists its nodes by path from the root::

    kind = "game"
    title = "Compellence with a threat"
    players = ["Coercer", "Target"]

    [[nodes]]
    at = ""                      # the root
    player = "Coercer"
    actions = ["demand", "status quo"]

    [[nodes]]
    at = "demand"
    player = "Target"
    actions = ["comply", "resist"]

    [[outcomes]]
    at = "demand/comply"
    payoffs = [1, -1]
    ...

Chance nodes say ``player = "chance"`` and give ``probabilities``; nodes
sharing an ``infoset`` label form one information set.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import CompellenceError, GameError
from ..games.nodes import chance, decision, outcome
from ..games.normal_form import NormalFormGame
from ..games.tree import CHANCE, DECISION, TERMINAL, Game
from .loader import ScenarioData
from .reports import Equilibrium, GameReport
from .schema import suggest

__all__ = ["build_game", "solve_game"]

CHANCE_PLAYER = "chance"


def _split(at: str) -> tuple[str, ...]:
    at = at.strip().strip("/")
    if at in ("", "root"):
        return ()
    parts = tuple(p.strip() for p in at.split("/"))
    if parts and parts[0] == "root":
        parts = parts[1:]
    return parts


def build_game(scen: ScenarioData) -> Game:
    r"""The :class:`~compellence.games.tree.Game` of a ``kind = "game"`` scenario.

    Checks (each error names the key path and line): players are distinct;
    every node's mover is a player or ``"chance"``; chance nodes have one
    probability per action summing to 1; every node and outcome hangs below an
    existing action; every action leads to exactly one node or outcome;
    outcomes have one payoff per player.

    Parameters
    ----------
    scen : ScenarioData
        The validated ``kind = "game"`` file.

    Returns
    -------
    Game
        The tree.

    Raises
    ------
    ScenarioError
        A failed check (naming the key path and line).

    Examples
    --------
    >>> from compellence.scenario import build_game, loads_scenario
    >>> scen = loads_scenario('kind = "game"\nplayers = ["A"]\n'
    ...                       '[[nodes]]\nat = ""\nplayer = "A"\nactions = ["go", "stay"]\n'
    ...                       '[[outcomes]]\nat = "go"\npayoffs = [1]\n'
    ...                       '[[outcomes]]\nat = "stay"\npayoffs = [0]\n')
    >>> build_game(scen.file).n_nodes
    3
    """
    d = scen.data
    players = tuple(d["players"])
    if len(set(players)) != len(players):
        dup = next(p for p in players if players.count(p) > 1)
        raise scen.error(f"player {dup!r} is listed twice", ("players",))
    if CHANCE_PLAYER in players:
        raise scen.error(f"{CHANCE_PLAYER!r} is reserved for chance moves; rename that player",
                         ("players",))

    nodes: dict[tuple[str, ...], tuple[int, dict[str, Any]]] = {}
    for i, n in enumerate(d["nodes"]):
        path = _split(n["at"])
        if path in nodes:
            raise scen.error(f"nodes[{nodes[path][0]}] is already at this path", ("nodes", i, "at"))
        nodes[path] = (i, n)
        who = n["player"]
        if who != CHANCE_PLAYER and who not in players:
            close = suggest(who, [*players, CHANCE_PLAYER])
            hint = f"; did you mean {close!r}?" if close else ""
            raise scen.error(f"not a player of this game (players: {list(players)}, or "
                             f"\"chance\"){hint}", ("nodes", i, "player"))
        acts = n["actions"]
        if len(set(acts)) != len(acts):
            raise scen.error("action labels must be distinct", ("nodes", i, "actions"))
        if any("/" in a or not a.strip() for a in acts):
            raise scen.error("action labels must be non-empty and contain no '/'",
                             ("nodes", i, "actions"))
        probs = n["probabilities"]
        if who == CHANCE_PLAYER:
            if probs is None:
                raise scen.error('a chance node needs probabilities = [...] (one per action)',
                                 ("nodes", i), show_value=False)
            if len(probs) != len(acts):
                raise scen.error(f"{len(probs)} probabilities for {len(acts)} actions",
                                 ("nodes", i, "probabilities"))
            if abs(sum(probs) - 1.0) > 1e-9:
                raise scen.error(f"must sum to 1 (they sum to {sum(probs):.6g})",
                                 ("nodes", i, "probabilities"))
        elif probs is not None:
            raise scen.error('only chance nodes (player = "chance") have probabilities',
                             ("nodes", i, "probabilities"))
        if who == CHANCE_PLAYER and n["infoset"] is not None:
            raise scen.error("chance nodes have no information sets", ("nodes", i, "infoset"))
    if () not in nodes:
        raise scen.error('no root node: add a [[nodes]] section with at = ""', ("nodes",),
                         show_value=False)

    outcomes: dict[tuple[str, ...], tuple[int, list[float]]] = {}
    for j, o in enumerate(d["outcomes"]):
        path = _split(o["at"])
        if path in nodes:
            raise scen.error(f"nodes[{nodes[path][0]}] is a decision/chance node at the same path; "
                             "an outcome must be a leaf", ("outcomes", j, "at"))
        if path in outcomes:
            raise scen.error(f"outcomes[{outcomes[path][0]}] is already at this path",
                             ("outcomes", j, "at"))
        if len(o["payoffs"]) != len(players):
            raise scen.error(f"{len(o['payoffs'])} payoffs for {len(players)} players "
                             f"{list(players)}", ("outcomes", j, "payoffs"))
        outcomes[path] = (j, o["payoffs"])

    # everything hangs below an existing action
    for kind, table in (("nodes", nodes), ("outcomes", outcomes)):
        for path, (i, _) in table.items():
            if not path:  # the root node (an outcome at the root clashes with it above)
                continue
            parent = path[:-1]
            if parent not in nodes:
                raise scen.error(f"no node at {'/'.join(parent) or '(root)'!r} to hang this on",
                                 (kind, i, "at"))
            pacts = nodes[parent][1]["actions"]
            if path[-1] not in pacts:
                close = suggest(path[-1], pacts)
                hint = f"; did you mean {'/'.join(parent + (close,))!r}?" if close else ""
                raise scen.error(f"the node at {'/'.join(parent) or '(root)'!r} has no action "
                                 f"{path[-1]!r} (its actions: {pacts}){hint}", (kind, i, "at"))

    def build(path: tuple[str, ...]):
        i, n = nodes[path]
        kids = {}
        for a in n["actions"]:
            sub = path + (a,)
            if sub in nodes:
                kids[a] = build(sub)
            elif sub in outcomes:
                kids[a] = outcome(*outcomes[sub][1])
            else:
                raise scen.error(
                    f"action {a!r} leads nowhere: add [[outcomes]] (or [[nodes]]) with "
                    f"at = {'/'.join(sub)!r}", ("nodes", i, "actions"))
        if n["player"] == CHANCE_PLAYER:
            return chance({a: (p, kids[a]) for a, p in zip(n["actions"], n["probabilities"])})
        return decision(n["player"], kids, infoset=n["infoset"])

    root = build(())
    try:
        return Game(players, root, title=d["title"])
    except GameError as exc:  # e.g. inconsistent information sets
        raise scen.error(f"not a valid game: {exc}", ("nodes",), show_value=False) from None


# ---------------------------------------------------------------------------- solving
def solve_game(game: Game | NormalFormGame, source: str = "") -> GameReport:
    """Equilibria of a game: subgame-perfect for perfect-information trees, else Nash.

    * extensive form, perfect information: backward induction (:func:`compellence.spe`);
      the report lists every decision node's choice and the equilibrium path;
    * extensive form with information sets: Nash equilibria of the reduced
      normal form (:func:`compellence.nash`), strategies as reduced-strategy labels;
    * normal form: Nash equilibria (vertex enumeration for two players, all
      pure equilibria for more).

    Parameters
    ----------
    game : Game or NormalFormGame
        The game.
    source : str, optional
        Where it came from (shown in the report).

    Returns
    -------
    GameReport
        The equilibria.

    Raises
    ------
    SolverError
        A game the solvers cannot handle.

    Examples
    --------
    >>> from compellence import NormalFormGame
    >>> from compellence.scenario import solve_game
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=[["C", "D"], ["C", "D"]])
    >>> [e.strategies for e in solve_game(pd).equilibria]
    [{'Player 1': {'C': 0.0, 'D': 1.0}, 'Player 2': {'C': 0.0, 'D': 1.0}}]
    """
    from ..solvers import spe

    if isinstance(game, Game):
        if game.batch_shape:
            raise GameError(f"the game is batched (shape {game.batch_shape}); solve one element")
        if game.is_perfect_information:
            sol = spe(game)
            path = labelled_path(game, sol.path())
            payoffs = {p: float(sol.value[j]) for j, p in enumerate(game.players)}
            moves = []
            for i in np.flatnonzero(game.kind == DECISION).tolist():
                kids = list(game.children(i))
                probs = [float(sol.edge_prob[c]) for c in kids]
                best = kids[int(np.argmax(probs))]
                who = game.players[int(game.player[i])]
                moves.append((game.node_path(i), who, str(game.edge_label[best])))
            eq = Equilibrium(strategies={p: {f"{n}: {a}": 1.0 for n, w, a in moves if w == p}
                                         for p in game.players},
                             payoffs=payoffs, path=path)
            notes = []
            if int(sol.ties.sum()):
                notes.append(
                    f"{int(sol.ties.sum())} decision node(s) have tied best actions; the first in "
                    "action order is shown (other subgame-perfect equilibria exist)"
                )
            return GameReport(
                title=game.title, source=source, form="extensive", players=game.players,
                method="subgame-perfect equilibrium (backward induction)",
                equilibria=(eq,), moves=tuple(moves), notes=tuple(notes),
            )
        from ..games.reduced import to_normal_form

        nf = to_normal_form(game)
        report = _nash_report(nf, source)
        return GameReport(
            title=game.title or nf.title, source=source, form="extensive",
            players=report.players,
            method=report.method + " of the reduced normal form (the game has information sets)",
            equilibria=report.equilibria, notes=report.notes,
        )
    if isinstance(game, NormalFormGame):
        return _nash_report(game, source)
    raise GameError(f"not a game: {type(game).__name__}")


def labelled_path(game: Game, actions: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    i = 0
    for a in actions:
        if game.kind[i] == CHANCE:
            out.append(f"chance: {a}")
        else:
            out.append(f"{game.players[int(game.player[i])]}: {a}")
        i = int(game.child_start[i] + game.action_labels[i].index(a))
        if game.kind[i] == TERMINAL:
            break
    return tuple(out)


def _nash_report(nf: NormalFormGame, source: str) -> GameReport:
    from ..solvers.nash import nash

    try:
        eqs = nash(nf)
    except CompellenceError:
        raise
    method = {
        "vertex": "Nash equilibria (vertex enumeration: every extreme equilibrium)",
        "pure": "pure-strategy Nash equilibria",
    }.get(eqs.method, f"Nash equilibria ({eqs.method})")
    out = []
    for e in eqs:
        strategies = {
            p: {nf.strategies[i][k]: float(e.strategies[i][k]) for k in range(len(nf.strategies[i]))}
            for i, p in enumerate(nf.players)
        }
        payoffs = {p: float(e.payoffs[i]) for i, p in enumerate(nf.players)}
        out.append(Equilibrium(strategies=strategies, payoffs=payoffs))
    notes = list(getattr(eqs, "notes", ()))
    return GameReport(
        title=nf.title, source=source, form="normal", players=nf.players, method=method,
        equilibria=tuple(out), notes=tuple(notes), shape=tuple(nf.shape),
    )
