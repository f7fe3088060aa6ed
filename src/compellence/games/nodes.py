"""Node builders: the nested, readable way to write a game tree.

``decision``, ``chance`` and ``outcome`` return small immutable specs; a
:class:`~compellence.games.tree.Game` flattens them into arrays.  Payoffs and
probabilities are kept exactly as given (scalars or numpy arrays) until the
game is built, where they are validated and broadcast to the batch shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ActionError, PayoffError, ProbabilityError

__all__ = ["DecisionNode", "ChanceNode", "OutcomeNode", "Node", "decision", "chance", "outcome"]


@dataclass(frozen=True, eq=False)
class OutcomeNode:
    """A terminal node: one payoff per player, positionally or by player name."""

    payoffs: tuple[Any, ...] = ()
    named: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        if self.named:
            inner = ", ".join(f"{k}={_short(v)}" for k, v in self.named.items())
        else:
            inner = ", ".join(_short(v) for v in self.payoffs)
        return f"outcome({inner})"


@dataclass(frozen=True, eq=False)
class DecisionNode:
    """A move by ``player``; ``actions`` maps action label -> subtree (in order)."""

    player: str
    actions: Mapping[str, Node]
    infoset: str | None = None

    def __repr__(self) -> str:
        return f"decision({self.player!r}, actions={list(self.actions)})"


@dataclass(frozen=True, eq=False)
class ChanceNode:
    """A move by nature; ``branches`` maps label -> (probability, subtree)."""

    branches: Mapping[str, tuple[Any, Node]]

    def __repr__(self) -> str:
        return f"chance({ {k: _short(p) for k, (p, _) in self.branches.items()} })"


Node = DecisionNode | ChanceNode | OutcomeNode


def _short(v: Any) -> str:
    shape = getattr(v, "shape", None)
    if shape:
        return f"array{tuple(shape)}"
    try:
        return f"{float(v):g}"
    except (TypeError, ValueError, OverflowError):
        return repr(v)


def _check_actions(actions: Any, what: str) -> dict:
    if not isinstance(actions, Mapping):
        raise ActionError(f"{what} must be a dict of label -> subtree, got {type(actions).__name__}")
    if len(actions) == 0:
        raise ActionError(f"{what} has no actions: a node needs at least one")
    for label in actions:
        if not isinstance(label, str) or not label:
            raise ActionError(f"{what}: action labels must be non-empty strings, got {label!r}")
    return dict(actions)


def decision(player: str, actions: Mapping[str, Node], infoset: str | None = None) -> DecisionNode:
    """A decision node of ``player``.

    ``actions`` maps each action label to the subtree it leads to.  Nodes
    that share an ``infoset`` label form one information set: they must
    belong to the same player and offer the same action labels in the same
    order.
    """
    if not isinstance(player, str):
        raise ActionError(f"decision(): player must be a player name (str), got {player!r}")
    acts = _check_actions(actions, f"decision({player!r})")
    for label, sub in acts.items():
        if not isinstance(sub, (DecisionNode, ChanceNode, OutcomeNode)):
            raise ActionError(
                f"decision({player!r}): action {label!r} must lead to decision(), chance() or "
                f"outcome(), got {type(sub).__name__}"
            )
    if infoset is not None and not isinstance(infoset, str):
        raise ActionError(f"decision({player!r}): infoset must be a string label, got {infoset!r}")
    return DecisionNode(player=player, actions=acts, infoset=infoset)


def chance(branches: Mapping[str, tuple[Any, Node]]) -> ChanceNode:
    """A chance move: ``{label: (probability, subtree), ...}``.

    Probabilities are scalars or arrays (one per batch element); at every
    batch element they must be >= 0 and sum to 1 (checked when the game is
    built, where the node's path is known).
    """
    br = _check_actions(branches, "chance()")
    out = {}
    for label, item in br.items():
        if not (isinstance(item, tuple) and len(item) == 2):
            raise ProbabilityError(
                f"chance(): branch {label!r} must be a (probability, subtree) pair, got {item!r}"
            )
        p, sub = item
        if not isinstance(sub, (DecisionNode, ChanceNode, OutcomeNode)):
            raise ActionError(
                f"chance(): branch {label!r} must lead to decision(), chance() or outcome(), "
                f"got {type(sub).__name__}"
            )
        out[label] = (p, sub)
    return ChanceNode(branches=out)


def outcome(*payoffs: Any, **named: Any) -> OutcomeNode:
    """A terminal node with one payoff per player.

    ``outcome(1.0, -1.0)`` gives payoffs in the order of ``Game.players``;
    ``outcome(Coercer=1.0, Target=-1.0)`` names them (all players must be
    named).  Each payoff is a scalar or an array of the batch shape.
    """
    if payoffs and named:
        raise PayoffError("outcome(): give payoffs positionally or by player name, not both")
    if not payoffs and not named:
        raise PayoffError("outcome(): no payoffs given")
    return OutcomeNode(payoffs=tuple(payoffs), named=dict(named))
