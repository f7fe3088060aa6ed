"""Perfect recall (Kuhn 1953): every player remembers everything she knew and did.

Formally, a player has perfect recall if for any two nodes ``h, h'`` of one of
her information sets the sequences of her own (information set, action) pairs
on the paths from the root to ``h`` and to ``h'`` are equal:

    seq_i(h) = seq_i(h')   for all h, h' in I,  I an information set of player i.

Because information sets are checked one at a time and every earlier pair of
a sequence belongs to an earlier information set, it suffices to compare the
*last* pair of the mover's sequence (its "sequence id"): equal last pairs at
every set imply equal full sequences by induction on depth.  This also rules
out absent-mindedness (a set visited twice on one path has different last
pairs at its two nodes).

The per-node sequence ids computed here are the building block of the
sequence form (Koller, Megiddo & von Stengel 1996; von Stengel 1996), see
:mod:`compellence.solvers.sequence_form`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InfosetError, ParameterError
from ..games.tree import DECISION, Game

__all__ = ["has_perfect_recall", "check_perfect_recall", "SequenceIndex", "sequence_index"]


@dataclass(frozen=True, eq=False)
class SequenceIndex:
    """Sequences of every player of a game (perfect recall not assumed).

    Attributes
    ----------
    offset : numpy.ndarray
        ``(n_infosets,)``: id of the sequence "action 0 at this information
        set" for the owner of the set; action ``k`` has id ``offset + k``.
        Sequence id 0 is every player's empty sequence.
    n_sequences : tuple[int, ...]
        Per player, the number of sequences (1 + number of actions at her sets).
    node_seq : numpy.ndarray
        ``(n_nodes, n_players)``: the id of each player's last own sequence on
        the path from the root to the node (0 if she has not moved yet).

    Examples
    --------
    >>> from compellence.solvers.recall import sequence_index
    >>> idx = sequence_index(cp.catalog.load("entry_deterrence"))
    >>> idx.n_sequences, idx.offset.tolist()
    ((3, 3), [1, 1])
    """

    offset: np.ndarray
    n_sequences: tuple[int, ...]
    node_seq: np.ndarray


def sequence_index(game: Game) -> SequenceIndex:
    """Number the sequences and find every node's last own sequence per player (vectorised).

    Parameters
    ----------
    game : Game
        The game.

    Returns
    -------
    SequenceIndex
        The numbering.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`.

    Examples
    --------
    >>> from compellence.solvers.recall import sequence_index
    >>> sequence_index(cp.catalog.load("kuhn_poker")).n_sequences
    (13, 13)
    """
    if not isinstance(game, Game):
        raise ParameterError(f"expected a Game, got {type(game).__name__}", "game")
    n_pl = game.n_players
    offset = np.zeros(len(game.infosets), dtype=np.intp)
    counts = [1] * n_pl
    for s in game.infosets:
        offset[s.index] = counts[s.player]
        counts[s.player] += len(s.actions)
    node_seq = np.zeros((game.n_nodes, n_pl), dtype=np.intp)
    kind, parent, player = game.kind, game.parent, game.player
    for start, stop in game.levels[1:]:
        par = parent[start:stop]
        node_seq[start:stop] = node_seq[par]
        dec = kind[par] == DECISION
        if dec.any():
            kids = np.arange(start, stop)[dec]
            p = par[dec]
            node_seq[kids, player[p]] = offset[game.infoset[p]] + game.action_index[kids]
    node_seq.setflags(write=False)
    return SequenceIndex(offset=offset, n_sequences=tuple(counts), node_seq=node_seq)


def _first_violation(game: Game, idx: SequenceIndex) -> tuple[int, int, int] | None:
    dec = np.flatnonzero(game.kind == DECISION)
    if dec.size == 0:
        return None
    first = np.array([s.nodes[0] for s in game.infosets], dtype=np.intp)
    iset = game.infoset[dec]
    mover = game.player[dec]
    mine = idx.node_seq[dec, mover]
    ref = idx.node_seq[first[iset], mover]
    bad = np.flatnonzero(mine != ref)
    if bad.size == 0:
        return None
    k = int(bad[0])
    return int(iset[k]), int(first[iset[k]]), int(dec[k])


def has_perfect_recall(game: Game) -> bool:
    """True if every player has perfect recall in ``game`` (see module docstring).

    Parameters
    ----------
    game : Game
        The game.

    Returns
    -------
    bool
        Whether every player has perfect recall.

    Examples
    --------
    >>> from compellence.solvers import has_perfect_recall
    >>> forgetful = cp.Game(["A"], cp.decision("A", {
    ...     "l": cp.decision("A", {"u": cp.outcome(1), "d": cp.outcome(0)}, infoset="I"),
    ...     "r": cp.decision("A", {"u": cp.outcome(0), "d": cp.outcome(1)}, infoset="I")}))
    >>> has_perfect_recall(cp.catalog.load("kuhn_poker")), has_perfect_recall(forgetful)
    (True, False)
    """
    return _first_violation(game, sequence_index(game)) is None


def check_perfect_recall(game: Game) -> SequenceIndex:
    """Raise :class:`InfosetError` naming the first information set that breaks perfect recall.

    Parameters
    ----------
    game : Game
        The game.

    Returns
    -------
    SequenceIndex
        The sequence numbering of the game, when recall is perfect.

    Raises
    ------
    InfosetError
        A player does not have perfect recall (the message names the set and the nodes).

    Examples
    --------
    >>> from compellence.solvers import check_perfect_recall
    >>> forgetful = cp.Game(["A"], cp.decision("A", {
    ...     "l": cp.decision("A", {"u": cp.outcome(1), "d": cp.outcome(0)}, infoset="I"),
    ...     "r": cp.decision("A", {"u": cp.outcome(0), "d": cp.outcome(1)}, infoset="I")}))
    >>> check_perfect_recall(forgetful)
    Traceback (most recent call last):
        ...
    compellence.errors.InfosetError: root/r: information set 'I' of 'A' breaks ...
    """
    idx = sequence_index(game)
    bad = _first_violation(game, idx)
    if bad is not None:
        k, a, b = bad
        s = game.infosets[k]
        who = game.players[s.player]

        def own(node: int) -> str:
            seq = int(idx.node_seq[node, s.player])
            if seq == 0:
                return "no earlier move"
            t = next(
                t for t in game.infosets
                if t.player == s.player
                and idx.offset[t.index] <= seq < idx.offset[t.index] + len(t.actions)
            )
            return f"last move {t.actions[seq - idx.offset[t.index]]!r} at {t.label!r}"

        raise InfosetError(
            f"information set {s.label!r} of {who!r} breaks perfect recall: {who} reaches "
            f"{game.node_path(a)} after {own(a)} but {game.node_path(b)} after {own(b)}, so "
            f"{who} would forget her own earlier information or moves",
            game.node_path(b),
        )
    return idx
