"""Test helpers for the sequence-form tests: random imperfect-information games, pygambit bridge."""

from __future__ import annotations

import numpy as np

import compellence as cp
from compellence.games import to_pygambit
from compellence.games.tree import DECISION


def random_recall_game(
    rng: np.random.Generator,
    *,
    players: tuple[str, ...] = ("P1", "P2"),
    max_nodes: int = 60,
    depth: int = 5,
    p_hide: float = 0.6,
    p_chance: float = 0.2,
    integer: bool = True,
    batch: tuple[int, ...] = (),
) -> cp.Game:
    """A random game with information sets and perfect recall.

    Each player's information set label is her *view* of the history: all her
    own moves plus the opponents' and chance moves she observed (a move is
    hidden from the others with probability ``p_hide``).  Nodes with equal
    views are one set, so recall is perfect; the number of actions is a
    function of the view so that the nodes of one set agree.
    """
    budget = [max_nodes]
    n_pl = len(players)
    arity: dict[str, int] = {}

    def pay():
        shape = batch if (batch and rng.random() < 0.5) else ()
        if integer:
            return rng.integers(-5, 6, size=shape).astype(float)
        return np.round(rng.normal(size=shape), 3)

    def build(d: int, views: tuple[tuple, ...]):
        budget[0] -= 1
        if d == 0 or budget[0] <= 0 or (d < depth and rng.random() < 0.15):
            return cp.outcome(*[pay() for _ in range(n_pl)])
        if rng.random() < p_chance:
            k = 2
            w = rng.integers(1, 8, size=k).astype(float)
            w = w / w.sum()
            w[-1] = 1.0 - w[:-1].sum()
            seen = tuple(rng.random() > p_hide for _ in range(n_pl))
            branches = {}
            for j in range(k):
                nv = tuple(v + ((("c", d, j),) if seen[i] else ()) for i, v in enumerate(views))
                branches[f"c{j}"] = (float(w[j]), build(d - 1, nv))
            return cp.chance(branches)
        i = int(rng.integers(n_pl))
        label = f"{players[i]}|" + repr(views[i])
        if label not in arity:
            arity[label] = int(rng.integers(2, 4))
        k = arity[label]
        seen = tuple(j == i or rng.random() > p_hide for j in range(n_pl))
        acts = {}
        for a in range(k):
            nv = tuple(
                v + (((label, a),) if seen[j] else ()) for j, v in enumerate(views)
            )
            acts[f"a{a}"] = build(d - 1, nv)
        return cp.decision(players[i], acts, infoset=label)

    spec = build(depth, tuple(() for _ in range(n_pl)))
    return cp.Game(list(players), spec, title="random recall game")


def relabel_infosets(game: cp.Game) -> cp.Game:
    """Same game with short infoset labels (I0, I1, ...) for readable messages."""
    labels = [None] * game.n_nodes
    for s in game.infosets:
        if len(s.nodes) > 1:
            for i in s.nodes:
                labels[i] = f"I{s.index}"
    return cp.Game.from_arrays(
        game.players, game.parent, game.kind, game.player, game.edge_label, game.payoffs,
        game.chance_probs, labels, title=game.title,
    )


def to_gambit(game: cp.Game):
    """The same (scalar) game as a pygambit tree; returns ``(gbt_game, infoset_map)``.

    ``infoset_map[k]`` is the pygambit selector (``pygambit.H`` path) of a member of our
    information set ``k``: pygambit 17 names an information set through any member.
    """
    gg, nodes = to_pygambit(game)
    return gg, {s.index: nodes[s.nodes[0]] for s in game.infosets}


def gambit_profile(gg, made: dict, solution, index=()):
    """Our behaviour strategy as a pygambit MixedBehaviorProfile (floats)."""
    game = solution.game
    prof = gg.mixed_behavior_profile(rational=False)
    for s in game.infosets:
        c0 = int(game.child_start[s.nodes[0]])
        prof.set_mixed_action(made[s.index], {
            act: float(solution.edge_prob[(c0 + a, *index)]) for a, act in enumerate(s.actions)
        })
    return prof


def decision_count(game: cp.Game) -> int:
    return int((game.kind == DECISION).sum())
