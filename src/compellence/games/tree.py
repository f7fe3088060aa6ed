"""Extensive-form games as flat, batched arrays.

A :class:`Game` is built from nested node specs (``decision``, ``chance``,
``outcome``) or directly from flat arrays (:meth:`Game.from_arrays`).  Nodes
are stored in breadth-first order, so

* the nodes of one depth are one contiguous block (``levels``), and
* the children of a node are contiguous (``child_start``, ``child_count``),

which lets solvers work one depth at a time with ``np.ufunc.reduceat`` over
all nodes of that depth and all batch elements at once.

Batch-first: every payoff and chance probability may be a numpy array; all of
them broadcast to one ``batch_shape``.  ``payoffs`` has shape
``(n_players, n_terminals, *batch_shape)``, ``chance_probs`` has shape
``(n_chance_edges, *batch_shape)``.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import (
    ActionError,
    BatchShapeError,
    InfosetError,
    PayoffError,
    PlayerError,
    ProbabilityError,
)
from .kinds import CHANCE, DECISION, PROB_TOL, TERMINAL, normalize_index
from .nodes import ChanceNode, DecisionNode, Node, OutcomeNode

__all__ = ["Game", "Infoset", "TERMINAL", "DECISION", "CHANCE", "PROB_TOL"]



@dataclass(frozen=True)
class Infoset:
    """An information set: one player's nodes that the player cannot tell apart.

    ``label`` is the user's label, or the node path for a singleton set.
    ``actions`` are shared by every node; ``nodes`` are node indices.

    Attributes
    ----------
    index : int
        Position in ``Game.infosets``.
    label : str
        The user's label, or the node path for a singleton set.
    player : int
        Index of the player who moves (into ``Game.players``).
    actions : tuple[str, ...]
        The action labels, shared by every node of the set.
    nodes : tuple[int, ...]
        The node indices of the set (breadth-first numbering).

    Examples
    --------
    >>> game = cp.catalog.load("selten_horse")
    >>> [(s.label, len(s.nodes)) for s in game.infosets if len(s.nodes) > 1]
    [('after D or C, d', 2)]
    """

    index: int
    label: str
    player: int
    actions: tuple[str, ...]
    nodes: tuple[int, ...]


def _as_float_array(value: Any, path: str, what: str, exc: type) -> np.ndarray | float:
    if type(value) is float:  # the common scalar case, without numpy
        return value
    if type(value) is int and -(2**53) <= value <= 2**53:
        return float(value)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise exc(f"{what} must be a number or numeric array, got {value!r}", path) from None
    return arr


class Game:
    """A finite extensive-form game with (possibly) batched numbers.

    Parameters
    ----------
    players : Sequence[str]
        Player names, in payoff order.
    root : Node
        The root node spec (``decision``, ``chance`` or ``outcome``).
    title : str, optional
        A human-readable title (kept in Gambit files too).

    Raises
    ------
    ActionError
        ``root`` is not a node spec, or an action set is empty / has duplicate labels.
    PlayerError
        A node names a player not in ``players``, or ``players`` is empty / has duplicates.
    PayoffError
        An outcome has the wrong number of payoffs or a non-finite payoff.
    ProbabilityError
        Chance probabilities negative or not summing to 1.
    InfosetError
        Nodes of one information set with different players or actions.
    BatchShapeError
        Payoff / probability arrays that do not broadcast to one batch shape.

    Notes
    -----
    Attributes (all read-only numpy arrays indexed by node, breadth-first):
    ``kind`` (TERMINAL/DECISION/CHANCE), ``parent`` (-1 at the root),
    ``action_index`` (position among siblings), ``depth``, ``child_start``,
    ``child_count``, ``player`` (-1 unless a decision node), ``infoset``
    (index into ``infosets`` or -1), ``terminal_index`` (row of ``payoffs``
    or -1), ``chance_index`` (row of ``chance_probs`` for children of chance
    nodes, else -1).  ``action_labels[i]`` are the labels of node i's
    children; ``edge_label[i]`` is the label of the edge into node i.

    Examples
    --------
    >>> game = cp.Game(["Coercer", "Target"], cp.decision("Coercer", {
    ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1), "resist": cp.outcome(-1, 0)}),
    ...     "stay": cp.outcome(0, 0)}))
    >>> game.n_nodes, game.n_players, game.batch_shape
    (5, 2, ())
    >>> [game.node_path(i) for i in range(game.n_nodes)]
    ['root', 'root/demand', 'root/stay', 'root/demand/comply', 'root/demand/resist']
    >>> cp.spe(game).path()
    ('stay',)
    """

    #: marks the class for :func:`compellence.games.kinds.is_game_tree` (views need not import it)
    _GAME_TREE = True

    def __init__(self, players: Sequence[str], root: Node, title: str = "") -> None:
        players = _check_players(players)
        if not isinstance(root, (DecisionNode, ChanceNode, OutcomeNode)):
            raise ActionError(
                f"root must be decision(), chance() or outcome(), got {type(root).__name__}", "root"
            )
        flat = _flatten(players, root)
        self._init_flat(players, title=title, **flat)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_arrays(
        cls,
        players: Sequence[str],
        parent: Sequence[int],
        kind: Sequence[int],
        player: Sequence[int],
        edge_label: Sequence[str],
        payoffs: Any,
        chance_probs: Any | None = None,
        infoset_label: Sequence[str | None] | None = None,
        title: str = "",
        *,
        action_names: Sequence[str] | None = None,
    ) -> Game:
        """Build a game directly from flat arrays (fast path for generated trees).

        Nodes must be in breadth-first order with children of one parent
        contiguous and in action order; ``parent[0] == -1``.  ``payoffs`` has
        shape ``(n_players, n_terminals, *batch)`` in node order of the
        terminals; ``chance_probs`` has one row per child of a chance node,
        in node order.  ``player`` holds player indices for decision nodes.

        Parameters
        ----------
        players : Sequence[str]
            Player names, in payoff order.
        parent : Sequence[int]
            Parent index of each node (``-1`` for the root, node 0).
        kind : Sequence[int]
            ``TERMINAL``, ``DECISION`` or ``CHANCE`` per node.
        player : Sequence[int]
            Player index of each decision node (ignored elsewhere; use ``-1``).
        edge_label : Sequence[str] or array_like of int
            Label of the edge into each node (the root's is ignored); with ``action_names``,
            integer codes instead: the edge into node ``i`` is labelled
            ``action_names[edge_label[i]]``.
        payoffs : array_like
            Shape ``(n_players, n_terminals, *batch)``: payoffs of the terminals in node order.
        chance_probs : array_like, optional
            Shape ``(n_chance_edges, *batch)``: probabilities of the children of chance nodes,
            in node order.
        infoset_label : Sequence[str or None], optional
            Information-set label per node (``None``: a singleton set).
        title : str, optional
            A human-readable title.
        action_names : Sequence[str], optional
            The labels that the integer codes of ``edge_label`` index.  Large generated trees
            should use this form: the labels are then kept as codes, and the per-edge Python
            strings of ``edge_label`` / ``action_labels`` are built only when first read.

        Returns
        -------
        Game
            The game, equal to the one the nested node specs would build (the same game
            whether the labels are given as strings or as codes into ``action_names``).

        Raises
        ------
        ActionError
            Node 0 is not the root, a parent follows its child, children are not grouped by
            parent, or a label code is not an index into ``action_names``.
        PayoffError, ProbabilityError, PlayerError, InfosetError, BatchShapeError
            As for the constructor.

        Examples
        --------
        >>> from compellence.games import DECISION, TERMINAL
        >>> game = cp.Game.from_arrays(
        ...     ["A", "B"], parent=[-1, 0, 0], kind=[DECISION, TERMINAL, TERMINAL],
        ...     player=[0, -1, -1], edge_label=["", "left", "right"],
        ...     payoffs=[[1.0, 0.0], [0.0, 2.0]])
        >>> cp.spe(game).path()
        ('left',)
        >>> coded = cp.Game.from_arrays(
        ...     ["A", "B"], parent=[-1, 0, 0], kind=[DECISION, TERMINAL, TERMINAL],
        ...     player=[0, -1, -1], edge_label=[-1, 0, 1], payoffs=[[1.0, 0.0], [0.0, 2.0]],
        ...     action_names=["left", "right"])
        >>> coded.action_labels[0], cp.spe(coded).path()
        (('left', 'right'), ('left',))
        """
        players = _check_players(players)
        parent = np.asarray(parent, dtype=np.intp)
        kind = np.asarray(kind, dtype=np.int8)
        n = parent.shape[0]
        if n == 0 or parent[0] != -1:
            raise ActionError("from_arrays: node 0 must be the root (parent -1)", "root")
        structure = _tree_structure(parent)
        if action_names is None:
            labels = list(edge_label)
            if len(labels) != n:
                raise ActionError(f"from_arrays: edge_label has {len(labels)} entries for {n} nodes")
            if not set(map(type, labels)) <= {str, type(None)}:  # one C-level pass when all are str
                labels = [None if lab is None else str(lab) for lab in labels]
            coded = None
        else:
            labels = None
            coded = _coded_labels(edge_label, action_names, n)
        if infoset_label is not None and len(infoset_label) != n:
            raise InfosetError(
                f"from_arrays: infoset_label has {len(infoset_label)} entries for {n} nodes"
            )
        flat = dict(
            parent=parent,
            kind=kind,
            player=np.asarray(player, dtype=np.intp),
            edge_label=labels,
            payoff_rows=None,
            payoffs=np.asarray(payoffs, dtype=float),
            prob_rows=None,
            chance_probs=(
                np.zeros((0,)) if chance_probs is None else np.asarray(chance_probs, dtype=float)
            ),
            infoset_label=list(infoset_label) if infoset_label is not None else None,
            coded=coded,
            structure=structure,
        )
        game = cls.__new__(cls)
        game._init_flat(players, title=title, **flat)
        return game

    def _init_flat(
        self,
        players: tuple[str, ...],
        *,
        title: str,
        parent: np.ndarray,
        kind: np.ndarray,
        player: np.ndarray,
        edge_label: list | None,
        payoff_rows: list | None,
        payoffs: np.ndarray | None,
        prob_rows: list | None,
        chance_probs: np.ndarray | None,
        infoset_label: list | None,
        coded: tuple | None = None,
        structure: tuple | None = None,
    ) -> None:
        """Derive and check every array of the game from the flat, breadth-first input.

        The action labels come either as a list of per-edge labels (``edge_label``) or,
        with ``edge_label=None``, as ``coded = (codes, names, root label, plain)``: integer
        codes (equal iff the labels are equal) into ``names``, the label of the root's
        entry, and whether every used label is a string without "/" (``None``: not known).
        Either way the labels are checked through integer codes, and the per-edge list of
        strings is built on first access of :attr:`edge_label`.  ``structure`` is
        :func:`_tree_structure` of ``parent`` when the caller has it already.
        """
        self.players: tuple[str, ...] = players
        self.title: str = str(title)
        n = parent.shape[0]
        self.n_nodes: int = n
        self.parent = parent
        self.kind = kind
        child_count, ends, levels = _tree_structure(parent) if structure is None else structure
        # children are grouped in parent order, so node i's first child is 1 + the number of
        # children of the nodes before it
        child_start = ends - child_count
        child_start += 1
        child_start[child_count == 0] = -1
        self.child_count = child_count
        self.child_start = child_start
        action_index = np.arange(-1, n - 1, dtype=np.intp)
        if n > 1:
            action_index[1:] -= child_start[parent[1:]] - 1
        action_index[0] = -1
        self.action_index = action_index
        self.levels: tuple[tuple[int, int], ...] = levels
        self.depth = np.repeat(np.arange(len(levels), dtype=np.intp), [e - s for s, e in levels])

        # action labels as integer codes (the per-edge strings are built on demand)
        if edge_label is not None:
            self.__dict__["edge_label"] = edge_label
            codes, unique_labels = _label_codes(edge_label)
            names, self._root_label = edge_label, edge_label[0]
            plain = all(type(a) is str and "/" not in a for a in unique_labels)
        else:
            codes, names, self._root_label, plain = coded
            if plain is None:
                plain = all(type(a) is str and "/" not in a for a in names) or all(
                    type(names[c]) is str and "/" not in names[c]
                    for c in np.flatnonzero(np.bincount(codes[1:], minlength=len(names))).tolist()
                )
        self._edge_codes, self._label_names = codes, names
        # node paths are unique (so no path can collide with another) unless a label holds "/"
        self._plain_labels = plain

        # kinds vs children
        is_term = kind == TERMINAL
        terminals = np.flatnonzero(is_term)
        if terminals.size != n - int(np.count_nonzero(child_count)) or np.any(child_count[terminals]):
            bad = np.flatnonzero(is_term != (child_count == 0))
            i = int(bad[0])
            raise ActionError(
                "terminal nodes have no children and other nodes need at least one action",
                self.node_path(i),
            )
        is_dec = kind == DECISION
        self.player = np.where(is_dec, player, -1)
        if self.player.dtype != np.intp:
            self.player = self.player.astype(np.intp)
        n_dec = int(np.count_nonzero(is_dec))
        if n_dec and (
            int(self.player.max()) >= len(players) or int(np.count_nonzero(self.player >= 0)) != n_dec
        ):
            badp = np.flatnonzero(is_dec & ((player < 0) | (player >= len(players))))
            raise PlayerError(
                "decision node has no valid player",
                self.node_path(int(badp[0])),
            )

        self.terminals = terminals
        terminal_index = np.full(n, -1, dtype=np.intp)
        terminal_index[terminals] = np.arange(terminals.size)
        self.terminal_index = terminal_index
        chance_index = np.full(n, -1, dtype=np.intp)
        if n > 1:
            chance_children = np.flatnonzero(kind[parent[1:]] == CHANCE)
            chance_children += 1
            chance_index[chance_children] = np.arange(chance_children.size)
        self.chance_index = chance_index

        # numbers: validate, broadcast to the batch shape
        if payoff_rows is not None:
            payoffs, chance_probs, batch = self._broadcast_rows(payoff_rows, prob_rows)
        else:
            payoffs, chance_probs, batch = self._check_flat_numbers(payoffs, chance_probs)
        self.batch_shape: tuple[int, ...] = batch
        self.payoffs = payoffs
        self.chance_probs = chance_probs
        self._validate_numbers()

        # action labels: no duplicates among siblings (the per-node tuples are built on demand)
        self._check_sibling_labels()
        self._build_infosets(infoset_label)
        for arr in (
            self.parent, self.kind, self.depth, self.child_count, self.child_start,
            self.action_index, self.player, self.terminals, self.terminal_index,
            self.chance_index, self.infoset, self.payoffs, self.chance_probs, self._edge_codes,
        ):
            arr.setflags(write=False)

    def _broadcast_rows(self, payoff_rows: list, prob_rows: list):
        shapes: list[tuple[tuple[int, ...], int, str]] = []
        for node, row in payoff_rows:
            for j, v in enumerate(row):
                shapes.append((np.shape(v), node, f"payoff of {self.players[j]}"))
        for node, p in prob_rows:
            shapes.append((np.shape(p), node, "probability"))
        batch: tuple[int, ...] = ()
        for shp, node, what in shapes:
            if not shp or shp == batch:  # a scalar, or the batch shape itself: nothing to do
                continue
            try:
                batch = np.broadcast_shapes(batch, shp)
            except ValueError:
                raise BatchShapeError(
                    f"{what} has shape {shp}, which does not broadcast with the batch shape "
                    f"{batch} of the rest of the game",
                    self.node_path(node),
                ) from None
        n_pl = len(self.players)
        if not batch:  # scalar game: one conversion of Python floats
            payoffs = np.array(
                [[float(row[j]) for _, row in payoff_rows] for j in range(n_pl)], dtype=float
            ).reshape(n_pl, len(payoff_rows))
            probs = np.array([float(p) for _, p in prob_rows], dtype=float)
            return payoffs, probs, batch
        payoffs = np.empty((n_pl, len(payoff_rows), *batch))
        for t, (_, row) in enumerate(payoff_rows):
            for j, v in enumerate(row):
                payoffs[j, t] = v
        probs = np.empty((len(prob_rows), *batch))
        for k, (_, p) in enumerate(prob_rows):
            probs[k] = p
        return payoffs, probs, batch

    def _check_flat_numbers(self, payoffs: np.ndarray, chance_probs: np.ndarray | None):
        n_pl = len(self.players)
        n_t = self.terminals.size
        if payoffs.ndim < 2 or payoffs.shape[0] != n_pl or payoffs.shape[1] != n_t:
            raise PayoffError(
                f"payoffs must have shape (n_players={n_pl}, n_terminals={n_t}, *batch), "
                f"got {payoffs.shape}"
            )
        n_c = int((self.chance_index >= 0).sum())
        if chance_probs is None or (chance_probs.size == 0 and n_c == 0):
            chance_probs = np.zeros((0, *payoffs.shape[2:]))
        if chance_probs.shape[0] != n_c:
            raise ProbabilityError(
                f"chance_probs must have one row per chance edge ({n_c}), got {chance_probs.shape[0]}"
            )
        try:
            batch = np.broadcast_shapes(payoffs.shape[2:], chance_probs.shape[1:])
        except ValueError:
            raise BatchShapeError(
                f"payoff batch shape {payoffs.shape[2:]} and probability batch shape "
                f"{chance_probs.shape[1:]} do not broadcast"
            ) from None
        payoffs = np.array(np.broadcast_to(payoffs, (n_pl, n_t, *batch)), dtype=float)
        chance_probs = np.array(np.broadcast_to(chance_probs, (n_c, *batch)), dtype=float)
        return payoffs, chance_probs, batch

    def _validate_numbers(self) -> None:
        # a finite sum means every term is finite (a NaN or an inf makes the sum NaN or inf);
        # only an infinite sum needs the element-wise search (it may also be an overflow)
        with np.errstate(over="ignore", invalid="ignore"):
            payoffs_finite = bool(np.isfinite(np.sum(self.payoffs)))
            probs_fine = bool(
                np.isfinite(np.sum(self.chance_probs)) and self.chance_probs.min() >= 0
            ) if self.chance_probs.size else True
        if self.payoffs.size and not payoffs_finite:
            finite = np.isfinite(self.payoffs).reshape(self.payoffs.shape[:2] + (-1,)).all(axis=2)
            bad = np.argwhere(~finite)
            if bad.size:
                j, t = (int(x) for x in bad[0])
                raise PayoffError(
                    f"payoff of {self.players[j]} is not finite (NaN or inf)",
                    self.node_path(int(self.terminals[t])),
                )
        if not probs_fine:
            flat = self.chance_probs.reshape(self.chance_probs.shape[0], -1)
            bad = np.flatnonzero(~np.isfinite(flat).all(axis=1) | (flat < 0).any(axis=1))
            if bad.size:
                node = int(np.flatnonzero(self.chance_index == bad[0])[0])
                vals = flat[bad[0]]
                where = np.flatnonzero(~np.isfinite(vals) | (vals < 0))
                msg = "chance probability must be finite and >= 0"
                if self.batch_shape:
                    idx = np.unravel_index(int(where[0]), self.batch_shape)
                    msg += f" (batch element {tuple(int(i) for i in idx)}: {vals[where[0]]:g})"
                else:
                    msg += f", got {vals[0]:g}"
                raise ProbabilityError(msg, self.node_path(node))
        chance_nodes = np.flatnonzero(self.kind == CHANCE)
        if chance_nodes.size:
            # the rows of one chance node's children are contiguous and in node order
            starts = self.chance_index[self.child_start[chance_nodes]]
            totals = np.add.reduceat(self.chance_probs, starts, axis=0)
            off = np.abs(totals - 1.0) > PROB_TOL
            if np.any(off):
                bad = np.argwhere(off)[0]
                c = int(chance_nodes[bad[0]])
                total = float(totals[tuple(bad)])
                msg = "chance probabilities must sum to 1"
                if self.batch_shape:
                    idx = tuple(int(i) for i in bad[1:])
                    msg += f" (batch element {idx} sums to {total:.12g})"
                else:
                    msg += f", they sum to {total:.12g}"
                raise ProbabilityError(msg, self.node_path(c))

    def _check_sibling_labels(self) -> None:
        """``ActionError`` at the first node (in node order) with a repeated action label.

        Exact integer codes of the labels (equal codes iff equal labels) are compared
        between siblings with numpy: the children of a node are contiguous, so for
        small branching a node is compared with the node 1, 2, ... places before it
        (a sibling iff it has the same parent), and otherwise (parent, code) pairs are
        sorted.
        """
        n = self.n_nodes
        if n <= 1:
            return
        codes, parent = self._edge_codes, self.parent
        max_k = int(self.child_count.max())
        bad = n
        if max_k <= 8:
            after = self.action_index
            for d in range(1, max_k):
                same = codes[1 + d :] == codes[1:-d]
                same &= after[1 + d :] >= d  # node i - d is a sibling of node i
                if same.any():
                    bad = min(bad, int(parent[1 + d + int(same.argmax())]))
        else:
            key = np.sort(parent[1:].astype(np.int64) * n + codes[1:])
            dup = key[1:][key[1:] == key[:-1]]
            if dup.size:
                bad = int(dup.min() // n)
        if bad < n:
            acts = self._labels_of(bad)
            dup_label = next(a for a in acts if acts.count(a) > 1)
            raise ActionError(f"duplicate action label {dup_label!r}", self.node_path(bad))

    def _labels_of(self, node: int) -> tuple:
        """The labels of ``node``'s children, from the codes (without building :attr:`edge_label`)."""
        s, c = int(self.child_start[node]), int(self.child_count[node])
        names = self._label_names
        return tuple(names[k] for k in self._edge_codes[s : s + c].tolist()) if c > 0 else ()

    def _build_infosets(self, infoset_label: list | None) -> None:
        """The ``infoset`` array and the checks on information sets, without per-node objects.

        Unlabelled decision nodes are singleton sets; labelled ones are grouped by
        label.  Sets are numbered in order of their first node.  The
        :class:`Infoset` objects themselves are built on first access of
        :attr:`infosets`.
        """
        n = self.n_nodes
        decision = np.flatnonzero(self.kind == DECISION)
        labelled = np.zeros(0, dtype=np.intp)
        user: dict[int, str] = {}
        if infoset_label is not None and infoset_label.count(None) != len(infoset_label):
            has = np.fromiter(map(operator.is_not, infoset_label, itertools.repeat(None)),
                              dtype=bool, count=n)
            labelled = decision[has[decision]]
        if not labelled.size:  # every decision node is a singleton set, in node order
            infoset = np.full(n, -1, dtype=np.intp)
            infoset[decision] = np.arange(decision.size)
            self.infoset = infoset
            self._n_infosets = int(decision.size)
            self._user_labels = user
            self._labelled = labelled
            self._check_label_collisions()
            return
        first_of = np.arange(n)
        if labelled.size:
            keys = [infoset_label[i] for i in labelled.tolist()]
            firsts: dict = {}  # label -> its first node (labelled nodes are in node order)
            first_of[labelled] = np.fromiter(
                map(firsts.setdefault, keys, labelled.tolist()), dtype=np.intp, count=len(keys)
            )
        is_first = first_of[decision] == decision
        entry = np.cumsum(is_first) - 1
        pos = np.full(n, -1, dtype=np.intp)
        pos[decision] = np.arange(decision.size)
        infoset = np.full(n, -1, dtype=np.intp)
        infoset[decision] = entry[pos[first_of[decision]]]
        self.infoset = infoset
        self._n_infosets = int(is_first.sum())
        self._user_labels = user
        self._labelled = labelled
        if labelled.size:
            for lab, f in firsts.items():
                user[int(infoset[f])] = lab
            self._check_infoset_members(labelled, first_of[labelled])
        self._check_label_collisions()

    def _check_label_collisions(self) -> None:
        """No two information sets share a label (a user label or a singleton's node path)."""
        # labels collide only with a node path: a user label starting with "root", or two
        # equal paths (possible only when an action label holds "/" or is not a string)
        if not self._plain_labels or any(
            not isinstance(lab, str) or lab.startswith("root") for lab in self._user_labels.values()
        ):
            seen: set = set()
            for s in self.infosets:
                if s.label in seen:
                    raise InfosetError(
                        f"information set label {s.label!r} collides with a node path; rename it",
                        self.node_path(s.nodes[0]),
                    )
                seen.add(s.label)

    def _check_infoset_members(self, nodes: np.ndarray, first: np.ndarray) -> None:
        """Every node of a labelled set has the player and action labels of its first node.

        Raises at the first offending node of the first offending set (sets in order
        of their first node), naming the player mismatch before the action mismatch.
        """
        player, count, start, codes = self.player, self.child_count, self.child_start, self._edge_codes
        other = nodes != first
        nodes, first = nodes[other], first[other]
        bad = (player[nodes] != player[first]) | (count[nodes] != count[first])
        same_k = np.flatnonzero(~bad)
        if same_k.size:
            j, f = nodes[same_k], first[same_k]
            k = count[j]
            total = int(k.sum())
            offset = np.arange(total) - np.repeat(np.cumsum(k) - k, k)
            differ = codes[np.repeat(start[j], k) + offset] != codes[np.repeat(start[f], k) + offset]
            bad[same_k] = np.bincount(np.repeat(np.arange(j.size), k), weights=differ,
                                      minlength=j.size) > 0
        if not bad.any():
            return
        cand = np.flatnonzero(bad)
        at = cand[np.lexsort((nodes[cand], self.infoset[nodes[cand]]))[0]]
        i, f = int(nodes[at]), int(first[at])
        key = self._user_labels[int(self.infoset[f])]
        if player[i] != player[f]:
            raise InfosetError(
                f"information set {key!r} mixes players {self.players[player[f]]!r} "
                f"(at {self.node_path(f)}) and {self.players[player[i]]!r}",
                self.node_path(i),
            )
        raise InfosetError(
            f"information set {key!r} needs the same action labels in the same order "
            f"at every node: {list(self._labels_of(f))} at "
            f"{self.node_path(f)} but {list(self._labels_of(i))} here",
            self.node_path(i),
        )

    @cached_property
    def edge_label(self) -> list:
        """``edge_label[i]``: the label of the edge into node i (the root's entry is no edge).

        Built on first access from the label codes when the game was made from codes
        (``Game.from_arrays(..., action_names=...)``).
        """
        names, codes = self._label_names, self._edge_codes[1:].tolist()
        if len(codes) > 1:
            return [self._root_label, *operator.itemgetter(*codes)(names)]
        return [self._root_label, *(names[c] for c in codes)]

    @cached_property
    def action_labels(self) -> list[tuple[str, ...]]:
        """``action_labels[i]``: the labels of node i's children, in action order."""
        labels: list[tuple[str, ...]] = [()] * self.n_nodes
        edge = self.edge_label
        internal = np.flatnonzero(self.child_count)
        starts = self.child_start[internal].tolist()
        ends = (self.child_start[internal] + self.child_count[internal]).tolist()
        for i, s, e in zip(internal.tolist(), starts, ends):
            labels[i] = tuple(edge[s:e])
        return labels

    @cached_property
    def infosets(self) -> tuple[Infoset, ...]:
        """The information sets, numbered in order of their first node."""
        decision = np.flatnonzero(self.kind == DECISION)
        if not decision.size:
            return ()
        sets = self.infoset[decision]
        order = np.argsort(sets, kind="stable")
        members = decision[order].tolist()
        bounds = np.flatnonzero(np.r_[True, np.diff(sets[order]) != 0]).tolist() + [len(members)]
        paths = self._paths
        labels = self.action_labels
        player = self.player.tolist()
        user = self._user_labels
        out = []
        for k in range(len(bounds) - 1):
            nodes = tuple(members[bounds[k] : bounds[k + 1]])
            first = nodes[0]
            label = user.get(k, paths[first])
            out.append(Infoset(k, label, player[first], labels[first], nodes))
        return tuple(out)

    @cached_property
    def _infoset_by_label(self) -> dict[str, int]:
        return {s.label: s.index for s in self.infosets}

    # ------------------------------------------------------------------ queries
    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.players)

    @property
    def root(self) -> int:
        """Index of the root node (always 0)."""
        return 0

    @cached_property
    def is_perfect_information(self) -> bool:
        """True if every information set is a single node."""
        return self._n_infosets == int((self.kind == DECISION).sum())

    def infoset_by_label(self, label: str) -> Infoset:
        """The information set with the user label ``label``.

        Parameters
        ----------
        label : str
            The label given to ``decision(..., infoset=label)`` (or a singleton set's node path).

        Returns
        -------
        Infoset
            The information set.

        Raises
        ------
        InfosetError
            No information set has that label.

        Examples
        --------
        >>> game = cp.catalog.load("selten_horse")
        >>> game.infosets[-1].label
        'after D or C, d'
        >>> game.infoset_by_label(game.infosets[-1].label).nodes
        (2, 4)
        """
        try:
            return self.infosets[self._infoset_by_label[label]]
        except KeyError:
            raise InfosetError(f"no information set labelled {label!r}") from None

    @cached_property
    def _paths(self) -> list[str]:
        """Every node's path, built in one breadth-first pass (parents precede children)."""
        paths = ["root"] * self.n_nodes
        labels, parent = self.edge_label, self.parent.tolist()
        for i in range(1, self.n_nodes):
            paths[i] = f"{paths[parent[i]]}/{labels[i]}"
        return paths

    def node_path(self, node: int) -> str:
        """The path of ``node`` as ``root/action/action...``.

        Parameters
        ----------
        node : int
            A node index (breadth-first numbering, 0 is the root).

        Returns
        -------
        str
            The path, e.g. ``"root/demand/resist"``.

        Examples
        --------
        >>> game = cp.Game(["Coercer", "Target"], cp.decision("Coercer", {
        ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1), "resist": cp.outcome(-1, 0)}),
        ...     "stay": cp.outcome(0, 0)}))
        >>> game.node_path(3)
        'root/demand/comply'
        """
        if "_paths" in self.__dict__:
            return self._paths[int(node)]
        parts = []
        i = int(node)
        names, codes = self._label_names, self._edge_codes
        while i > 0:
            parts.append(str(names[codes[i]]))
            i = int(self.parent[i])
        return "/".join(["root", *reversed(parts)])

    def history(self, node: int) -> tuple[str, ...]:
        """The action labels from the root to ``node``.

        Parameters
        ----------
        node : int
            A node index.

        Returns
        -------
        tuple[str, ...]
            The labels of the edges from the root down to ``node`` (empty at the root).

        Examples
        --------
        >>> game = cp.Game(["Coercer", "Target"], cp.decision("Coercer", {
        ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1), "resist": cp.outcome(-1, 0)}),
        ...     "stay": cp.outcome(0, 0)}))
        >>> game.history(game.node_at("root/demand/resist"))
        ('demand', 'resist')
        """
        parts = []
        i = int(node)
        names, codes = self._label_names, self._edge_codes
        while i > 0:
            parts.append(str(names[codes[i]]))
            i = int(self.parent[i])
        return tuple(reversed(parts))

    def node_at(self, path: str | Sequence[str]) -> int:
        """The node index of a path (``"root/a/b"`` or ``["a", "b"]``).

        Parameters
        ----------
        path : str or Sequence[str]
            ``"root/a/b"`` (the leading ``root`` is optional) or the sequence of action labels.

        Returns
        -------
        int
            The node index.

        Raises
        ------
        ActionError
            A label is not an action at that point of the path (the message lists the actions).

        Examples
        --------
        >>> game = cp.Game(["Coercer", "Target"], cp.decision("Coercer", {
        ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1), "resist": cp.outcome(-1, 0)}),
        ...     "stay": cp.outcome(0, 0)}))
        >>> game.node_at("root/demand/comply"), game.node_at(["demand", "resist"])
        (3, 4)
        """
        parts = path.split("/") if isinstance(path, str) else list(path)
        if parts and parts[0] == "root":
            parts = parts[1:]
        i = 0
        for a in parts:
            labels = self.action_labels[i]
            if a not in labels:
                raise ActionError(
                    f"no action {a!r} here; actions are {list(labels)}", self.node_path(i)
                )
            i = int(self.child_start[i] + labels.index(a))
        return i

    def children(self, node: int) -> range:
        """The node indices of the children of ``node``, in action order.

        Parameters
        ----------
        node : int
            A node index.

        Returns
        -------
        range
            The children's indices (empty for a terminal node).

        Examples
        --------
        >>> game = cp.Game(["Coercer", "Target"], cp.decision("Coercer", {
        ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1), "resist": cp.outcome(-1, 0)}),
        ...     "stay": cp.outcome(0, 0)}))
        >>> list(game.children(0)), list(game.children(2))
        ([1, 2], [])
        """
        s = int(self.child_start[node])
        return range(s, s + int(self.child_count[node])) if s >= 0 else range(0)

    def chance_prob(self, child: int) -> np.ndarray:
        """Probability (batch shape) of the chance edge into ``child``.

        Parameters
        ----------
        child : int
            A child of a chance node.

        Returns
        -------
        numpy.ndarray
            The probability, of the game's batch shape (0-d for an unbatched game).

        Raises
        ------
        ActionError
            ``child`` is not the child of a chance node.

        Examples
        --------
        >>> game = cp.Game(["A"], cp.chance({"h": (0.25, cp.outcome(1)), "t": (0.75, cp.outcome(0))}))
        >>> float(game.chance_prob(game.node_at("root/t")))
        0.75
        """
        k = int(self.chance_index[child])
        if k < 0:
            raise ActionError("not the child of a chance node", self.node_path(child))
        return self.chance_probs[k]

    def terminal_payoffs(self, node: int) -> np.ndarray:
        """Payoffs at a terminal node, shape ``(n_players, *batch)``.

        Parameters
        ----------
        node : int
            A terminal node's index.

        Returns
        -------
        numpy.ndarray
            One payoff per player (rows in the order of ``players``), each of the batch shape.

        Raises
        ------
        ActionError
            ``node`` is not a terminal node.

        Examples
        --------
        >>> game = cp.Game(["Coercer", "Target"], cp.decision("Coercer", {
        ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1), "resist": cp.outcome(-1, 0)}),
        ...     "stay": cp.outcome(0, 0)}))
        >>> game.terminal_payoffs(game.node_at("root/demand/comply")).tolist()
        [1.0, -1.0]
        """
        t = int(self.terminal_index[node])
        if t < 0:
            raise ActionError("not a terminal node", self.node_path(node))
        return self.payoffs[:, t]

    def walk(self) -> Iterator[int]:
        """Nodes in depth-first (pre-)order.

        Returns
        -------
        Iterator[int]
            Node indices, each parent before its children, children in action order.

        Examples
        --------
        >>> game = cp.Game(["Coercer", "Target"], cp.decision("Coercer", {
        ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1), "resist": cp.outcome(-1, 0)}),
        ...     "stay": cp.outcome(0, 0)}))
        >>> [game.node_path(i) for i in game.walk()]
        ['root', 'root/demand', 'root/demand/comply', 'root/demand/resist', 'root/stay']
        """
        stack = [0]
        while stack:
            i = stack.pop()
            yield i
            stack.extend(reversed(self.children(i)))

    # ------------------------------------------------------------------ batch helpers
    def at(self, index: int | tuple[int, ...]) -> Game:
        """The scalar game at one batch index (same tree, numbers of that element).

        Parameters
        ----------
        index : int or tuple[int, ...]
            A position in the batch shape (an int for a 1-d batch).

        Returns
        -------
        Game
            An unbatched game (the game itself if it is not batched).

        Raises
        ------
        ParameterError
            The index does not match the batch shape or is out of range.

        Examples
        --------
        >>> game = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(np.array([1.0, 3.0]), 0.0),
        ...                                               "y": cp.outcome(2.0, 1.0)}))
        >>> game.batch_shape, game.at(1).batch_shape
        ((2,), ())
        >>> cp.spe(game.at(1)).path()
        ('x',)
        """
        if not self.batch_shape:
            return self
        idx = normalize_index(index, self.batch_shape)
        payoffs = self.payoffs[(slice(None), slice(None), *idx)]
        probs = self.chance_probs[(slice(None), *idx)]
        return self._with_numbers(payoffs, probs)

    def _with_numbers(self, payoffs: np.ndarray, chance_probs: np.ndarray) -> Game:
        """Same tree, new payoff / probability arrays (validated)."""
        game = Game.__new__(Game)
        game._init_flat(
            self.players,
            title=self.title,
            parent=self.parent,
            kind=self.kind,
            player=self.player,
            edge_label=None,
            payoff_rows=None,
            payoffs=np.asarray(payoffs, dtype=float),
            prob_rows=None,
            chance_probs=np.asarray(chance_probs, dtype=float),
            infoset_label=self.infoset_labels(),
            coded=(self._edge_codes, self._label_names, self._root_label, self._plain_labels),
        )
        return game

    def infoset_labels(self) -> list[str | None]:
        """Per-node user infoset labels (None for singleton sets labelled by path).

        Returns
        -------
        list[str or None]
            One entry per node: the user's information-set label, or ``None``.

        Examples
        --------
        >>> game = cp.Game(["A", "B"], cp.decision("A", {
        ...     "l": cp.decision("B", {"u": cp.outcome(1, 1), "d": cp.outcome(0, 0)}, infoset="B1"),
        ...     "r": cp.decision("B", {"u": cp.outcome(0, 0), "d": cp.outcome(1, 1)}, infoset="B1")}))
        >>> game.infoset_labels()
        [None, 'B1', 'B1', None, None, None, None]
        """
        labels: list[str | None] = [None] * self.n_nodes
        if not self._labelled.size:
            return labels
        sets = self.infoset[self._labelled]
        size = np.bincount(sets)
        for i, k in zip(self._labelled.tolist(), sets.tolist()):
            lab = self._user_labels[k]
            if size[k] > 1 or lab != self.node_path(i):
                labels[i] = lab
        return labels

    def to_spec(self, index: int | tuple[int, ...] | None = None) -> Node:
        """The nested node spec of this game (of one batch element if ``index`` is given).

        Parameters
        ----------
        index : int or tuple[int, ...], optional
            A batch index; ``None`` keeps the batched numbers.

        Returns
        -------
        Node
            The root spec (``decision`` / ``chance`` / ``outcome``); ``Game(players, spec)``
            rebuilds the game.

        Raises
        ------
        ParameterError
            ``index`` does not match the batch shape.

        Examples
        --------
        >>> game = cp.Game(["Coercer", "Target"], cp.decision("Coercer", {
        ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1), "resist": cp.outcome(-1, 0)}),
        ...     "stay": cp.outcome(0, 0)}))
        >>> game.to_spec()
        decision('Coercer', actions=['demand', 'stay'])
        """
        g = self.at(index) if index is not None else self
        labels = g.infoset_labels()

        # children before parents (reverse breadth-first order), with an explicit table instead of
        # recursion, so a chain thousands of nodes deep does not hit Python's recursion limit
        built: list[Node | None] = [None] * g.n_nodes
        for i in range(g.n_nodes - 1, -1, -1):
            k = g.kind[i]
            if k == TERMINAL:
                built[i] = OutcomeNode(payoffs=tuple(g.payoffs[:, g.terminal_index[i]]))
            elif k == CHANCE:
                built[i] = ChanceNode(
                    {g.edge_label[c]: (g.chance_probs[g.chance_index[c]], built[c]) for c in g.children(i)}
                )
            else:
                built[i] = DecisionNode(
                    player=g.players[g.player[i]],
                    actions={g.edge_label[c]: built[c] for c in g.children(i)},
                    infoset=labels[i],
                )
        return built[0]

    # ------------------------------------------------------------------ display
    def _repr_svg_(self) -> str | None:
        """Notebook picture: the tree as SVG (None, so the text repr is used, for huge trees)."""
        from .svg import svg_repr

        return svg_repr(self)

    def __repr__(self) -> str:
        n_dec = int((self.kind == DECISION).sum())
        n_ch = int((self.kind == CHANCE).sum())
        return (
            f"Game({self.title!r}, players={list(self.players)}, nodes={self.n_nodes} "
            f"({n_dec} decision, {n_ch} chance, {self.terminals.size} terminal), "
            f"infosets={self._n_infosets}, batch_shape={self.batch_shape})"
        )

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, max_nodes: int = 2000) -> str:
        """An indented text drawing of the tree (numbers of batched games shown by shape).

        Parameters
        ----------
        max_nodes : int, optional
            Draw at most this many nodes (a note says how many were left out).

        Returns
        -------
        str
            One line per node.

        Examples
        --------
        >>> game = cp.Game(["Coercer", "Target"], cp.decision("Coercer", {
        ...     "demand": cp.decision("Target", {"comply": cp.outcome(1, -1), "resist": cp.outcome(-1, 0)}),
        ...     "stay": cp.outcome(0, 0)}))
        >>> print(game.to_text())
        Game  [players: Coercer, Target]
        root: Coercer
          demand -> Target
            comply -> (1, -1)
            resist -> (-1, 0)
          stay -> (0, 0)
        """
        head = f"{self.title or 'Game'}  [players: {', '.join(self.players)}"
        head += f"; batch shape {self.batch_shape}]" if self.batch_shape else "]"
        lines = [head]
        count = 0

        def num(a: np.ndarray) -> str:
            if a.ndim == 0:
                return f"{float(a):g}"
            lo, hi = float(a.min()), float(a.max())
            return f"{lo:g}" if lo == hi else f"[{lo:g}..{hi:g}]"

        # depth-first with an explicit stack (no recursion limit on deep chains)
        stack: list[tuple[int, str, str]] = [(0, "", "root: ")]
        while stack:
            i, indent, label = stack.pop()
            count += 1
            if count > max_nodes:
                lines.append(f"{indent}... ({self.n_nodes - max_nodes} more nodes)")
                break
            k = self.kind[i]
            if k == TERMINAL:
                pay = self.payoffs[:, self.terminal_index[i]]
                desc = "(" + ", ".join(num(p) for p in pay) + ")"
            elif k == CHANCE:
                desc = "Chance"
            else:
                s = self.infosets[self.infoset[i]]
                desc = self.players[self.player[i]]
                if len(s.nodes) > 1:
                    desc += f" {{infoset {s.label}}}"
            lines.append(f"{indent}{label}{desc}")
            kids = []
            for c in self.children(i):
                lab = self.edge_label[c]
                if k == CHANCE:
                    lab = f"{lab} ({num(self.chance_probs[self.chance_index[c]])})"
                kids.append((int(c), indent + "  ", f"{lab} -> "))
            stack.extend(reversed(kids))
        return "\n".join(lines)


def _label_codes(labels: list) -> tuple[np.ndarray, list]:
    """Exact integer codes of the edge labels (equal codes iff equal labels) and the distinct labels.

    The root's entry (no edge) gets code -1; a label's code is the index of its first
    occurrence.  One C-level pass over the list (``dict.setdefault``), no per-label
    Python code.
    """
    n = len(labels)
    first: dict = {}
    codes = np.full(n, -1, dtype=np.intp)
    if n > 1:
        codes[1:] = np.fromiter(
            map(first.setdefault, itertools.islice(labels, 1, None), range(1, n)),
            dtype=np.intp, count=n - 1,
        )
    return codes, list(first)


def _tree_structure(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple]:
    """``(child_count, ends, levels)`` of a flat tree whose node 0 is the root (``parent[0] == -1``).

    ``ends[i]`` is the number of children of nodes ``0..i``; ``levels`` are the
    ``(start, end)`` blocks of the depths.  ``ActionError`` unless every parent precedes
    its children (a negative parent included) and children are grouped in parent order,
    tested in that order.  With grouped (nondecreasing) parents, the children of the
    nodes before ``e`` are the nodes ``1..ends[e - 1]``, so each depth's block ends after
    its last node's last child, and a parent at or after its child shows as a block
    that does not reach past the previous one.
    """
    n = parent.shape[0]
    precede = "from_arrays: parents must precede children (breadth-first order)"
    if n > 1:
        p = parent[1:]
        if not np.all(p[1:] >= p[:-1]):
            if np.any(p < 0) or np.any(p >= np.arange(1, n)):
                raise ActionError(precede)
            raise ActionError("from_arrays: children must be grouped by parent in parent order")
        if p[0] < 0 or p[-1] >= n - 1:  # the smallest and the largest parent
            raise ActionError(precede)
    child_count = np.bincount(parent[1:], minlength=n)
    if child_count.dtype != np.intp:
        child_count = child_count.astype(np.intp)
    ends = np.cumsum(child_count)
    levels = [(0, 1)]
    while levels[-1][1] < n:
        e0 = levels[-1][1]
        e1 = int(ends[e0 - 1]) + 1
        if e1 <= e0:
            raise ActionError(precede)
        levels.append((e0, e1))
    return child_count, ends, tuple(levels)


def _coded_labels(codes: Any, names: Sequence[str], n: int) -> tuple:
    """The ``coded`` label input of ``Game._init_flat`` from integer codes into ``names``.

    Codes are made canonical (equal labels, equal codes: a name listed twice maps to its
    first position); the root's code is ignored.
    """
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise ActionError(f"from_arrays: action_names must be a list of labels, got {names!r}")
    names = list(names)
    if not set(map(type, names)) <= {str, type(None)}:
        names = [None if lab is None else str(lab) for lab in names]
    arr = np.asarray(codes)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ActionError(
            f"from_arrays: edge_label has {arr.shape[0] if arr.ndim == 1 else arr.size} entries "
            f"for {n} nodes"
        )
    if n > 1 and arr.dtype.kind not in "iu":
        raise ActionError(
            f"from_arrays: with action_names, edge_label must hold integer codes, got dtype {arr.dtype}"
        )
    out = arr.astype(np.intp, copy=False)  # (the root's entry is never read)
    if n > 1:
        lo, hi = int(out[1:].min()), int(out[1:].max())
        if lo < 0 or hi >= len(names):
            i = 1 + int(np.flatnonzero((out[1:] < 0) | (out[1:] >= len(names)))[0])
            raise ActionError(
                f"from_arrays: edge_label[{i}] = {int(out[i])} is not an index into action_names "
                f"({len(names)} names)"
            )
        first: dict = {}
        canon = [first.setdefault(a, j) for j, a in enumerate(names)]
        if len(first) != len(names):  # a repeated name: its codes become its first position
            out[1:] = np.asarray(canon, dtype=np.intp)[out[1:]]
    return out, names, None, None


def _check_players(players: Sequence[str]) -> tuple[str, ...]:
    if isinstance(players, str) or not isinstance(players, Sequence):
        raise PlayerError(f"players must be a list of names, got {players!r}")
    players = tuple(players)
    if not players:
        raise PlayerError("a game needs at least one player")
    for p in players:
        if not isinstance(p, str) or not p:
            raise PlayerError(f"player names must be non-empty strings, got {p!r}")
    if len(set(players)) != len(players):
        raise PlayerError(f"duplicate player names in {list(players)}")
    if "Chance" in players:
        raise PlayerError("'Chance' is reserved for chance moves; rename the player")
    return players


def _flatten(players: tuple[str, ...], root: Node) -> dict:
    """Breadth-first flattening of a nested spec (validation names node paths)."""
    index = {p: j for j, p in enumerate(players)}
    parent: list[int] = [-1]
    kind: list[int] = []
    player: list[int] = []
    edge_label: list = [None]
    infoset_label: list = []
    payoff_rows: list = []
    prob_rows: list = []
    specs: list[Node] = [root]
    paths: list[str] = ["root"]
    head = 0
    while head < len(specs):
        spec = specs[head]
        path = paths[head]
        i = head
        head += 1
        if isinstance(spec, OutcomeNode):
            kind.append(TERMINAL)
            player.append(-1)
            infoset_label.append(None)
            payoff_rows.append((i, _payoff_row(spec, players, index, path)))
            continue
        if isinstance(spec, DecisionNode):
            if spec.player not in index:
                raise PlayerError(
                    f"unknown player {spec.player!r}; the game's players are {list(players)}", path
                )
            kind.append(DECISION)
            player.append(index[spec.player])
            infoset_label.append(spec.infoset)
            items = [(a, sub, None) for a, sub in spec.actions.items()]
        elif isinstance(spec, ChanceNode):
            kind.append(CHANCE)
            player.append(-1)
            infoset_label.append(None)
            items = [(a, sub, p) for a, (p, sub) in spec.branches.items()]
            for a, _, p in items:
                if p is None:
                    raise ProbabilityError("chance probability must be a number, got None", f"{path}/{a}")
        else:
            raise ActionError(f"not a node: {type(spec).__name__}", path)
        if not items:
            raise ActionError("node has no actions: a node needs at least one", path)
        for a, sub, p in items:
            if not isinstance(sub, (DecisionNode, ChanceNode, OutcomeNode)):
                raise ActionError(f"action {a!r} leads to {type(sub).__name__}, not a node", path)
            child = len(specs)
            specs.append(sub)
            paths.append(f"{path}/{a}")
            parent.append(i)
            edge_label.append(a)
            if p is not None:
                arr = _as_float_array(p, f"{path}/{a}", "probability", ProbabilityError)
                prob_rows.append((child, arr))
    return dict(
        parent=np.asarray(parent, dtype=np.intp),
        kind=np.asarray(kind, dtype=np.int8),
        player=np.asarray(player, dtype=np.intp),
        edge_label=edge_label,
        payoff_rows=payoff_rows,
        payoffs=None,
        prob_rows=prob_rows,
        chance_probs=None,
        infoset_label=infoset_label,
    )


def _payoff_row(spec: OutcomeNode, players: tuple[str, ...], index: dict, path: str) -> list:
    if spec.named:
        unknown = [k for k in spec.named if k not in index]
        if unknown:
            raise PlayerError(
                f"outcome names unknown player {unknown[0]!r}; the game's players are {list(players)}",
                path,
            )
        missing = [p for p in players if p not in spec.named]
        if missing:
            raise PayoffError(f"outcome has no payoff for player {missing[0]!r}", path)
        values = [spec.named[p] for p in players]
    else:
        values = list(spec.payoffs)
        if len(values) != len(players):
            raise PayoffError(
                f"outcome has {len(values)} payoffs but the game has {len(players)} players "
                f"{list(players)}",
                path,
            )
    return [_as_float_array(v, path, f"payoff of {p}", PayoffError) for v, p in zip(values, players)]
