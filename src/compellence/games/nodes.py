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
    """A terminal node: one payoff per player, positionally or by player name.

    Built by :func:`outcome`; a :class:`~compellence.games.tree.Game` validates the
    payoffs when it flattens the tree.

    Attributes
    ----------
    payoffs : tuple
        Payoffs in the order of ``Game.players`` (scalars or arrays of the batch shape), or
        ``()`` when they are given by name.
    named : Mapping[str, Any]
        ``{player: payoff}`` when the payoffs are given by player name, else empty.

    Examples
    --------
    >>> cp.outcome(1.0, -1.0)
    outcome(1, -1)
    >>> cp.outcome(Coercer=2, Target=0).named
    {'Coercer': 2, 'Target': 0}
    """

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
    """A move by ``player``; ``actions`` maps action label -> subtree (in order).

    Built by :func:`decision`.

    Attributes
    ----------
    player : str
        The name of the player who moves.
    actions : Mapping[str, Node]
        Action label -> the subtree it leads to, in the order the actions are offered.
    infoset : str or None
        The information-set label shared with the player's other nodes that she cannot tell
        apart; ``None`` for a singleton set.

    Examples
    --------
    >>> node = cp.decision("Target", {"comply": cp.outcome(1, 0), "resist": cp.outcome(0, 1)})
    >>> node.player, list(node.actions)
    ('Target', ['comply', 'resist'])
    """

    player: str
    actions: Mapping[str, Node]
    infoset: str | None = None

    def __repr__(self) -> str:
        return f"decision({self.player!r}, actions={list(self.actions)})"


@dataclass(frozen=True, eq=False)
class ChanceNode:
    """A move by nature; ``branches`` maps label -> (probability, subtree).

    Built by :func:`chance`.

    Attributes
    ----------
    branches : Mapping[str, tuple[Any, Node]]
        Branch label -> ``(probability, subtree)``; a probability is a scalar or an array of
        the batch shape.

    Examples
    --------
    >>> node = cp.chance({"hawk": (0.3, cp.outcome(1, 0)), "dove": (0.7, cp.outcome(0, 1))})
    >>> [p for p, _ in node.branches.values()]
    [0.3, 0.7]
    """

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

    Parameters
    ----------
    player : str
        Name of the player who moves here (one of the game's ``players``).
    actions : Mapping[str, Node]
        Action label -> subtree (``decision``, ``chance`` or ``outcome``), in the order the
        actions are offered; at least one action.
    infoset : str, optional
        Information-set label; nodes with the same label form one information set.

    Returns
    -------
    DecisionNode
        The node spec (immutable; validated when a :class:`~compellence.games.tree.Game` is
        built from it).

    Raises
    ------
    ActionError
        ``player`` is not a string, ``infoset`` is not a string, no actions are given, or an
        action does not lead to a node spec.

    Examples
    --------
    >>> root = cp.decision("Coercer", {
    ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1),
    ...                                      "resist": cp.outcome(-1, 0)}),
    ...     "stay": cp.outcome(0, 0)})
    >>> list(root.actions)
    ['demand', 'stay']
    >>> cp.Game(["Coercer", "Target"], root).n_nodes
    5
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

    Parameters
    ----------
    branches : Mapping[str, tuple[Any, Node]]
        Branch label -> ``(probability, subtree)``.  A probability is a number in [0, 1] or an
        array of them (one per batch element).

    Returns
    -------
    ChanceNode
        The node spec.

    Raises
    ------
    ProbabilityError
        A branch is not a ``(probability, subtree)`` pair.  (Negative probabilities or sums
        other than 1 raise ``ProbabilityError`` when the game is built.)
    ActionError
        No branches, or a branch does not lead to a node spec.

    Examples
    --------
    >>> nature = cp.chance({"resolved": (0.4, cp.outcome(2, 0)), "weak": (0.6, cp.outcome(0, 1))})
    >>> game = cp.Game(["A", "B"], nature)
    >>> float(game.chance_prob(game.node_at("root/weak")))
    0.6
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

    Parameters
    ----------
    *payoffs : float or array_like
        Payoffs in the order of the game's players (utility units of each player).
    **named : float or array_like
        Payoffs by player name (instead of ``*payoffs``).

    Returns
    -------
    OutcomeNode
        The node spec.

    Raises
    ------
    PayoffError
        Payoffs given both positionally and by name, or none at all.  (A wrong count or a
        non-finite payoff raises ``PayoffError`` when the game is built.)

    Examples
    --------
    >>> cp.outcome(1.0, -1.0)
    outcome(1, -1)
    >>> batched = cp.outcome(np.array([0.0, 0.5, 1.0]), 0.0)
    >>> cp.Game(["A", "B"], batched).batch_shape
    (3,)
    """
    if payoffs and named:
        raise PayoffError("outcome(): give payoffs positionally or by player name, not both")
    if not payoffs and not named:
        raise PayoffError("outcome(): no payoffs given")
    return OutcomeNode(payoffs=tuple(payoffs), named=dict(named))
