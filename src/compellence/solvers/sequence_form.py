"""The sequence form of a two-player extensive game and its LCP (Lemke) solver.

Koller, Megiddo & von Stengel (1996), von Stengel (1996): with perfect
recall a mixed strategy of player 1 is represented, up to realization
equivalence, by its *realization plan* ``x`` over her sequences (the empty
sequence and every (information set, action) pair): ``x(sigma)`` is the
probability that she plays all moves of ``sigma``.  Realization plans are the
polytope

    E x = e,  x >= 0          (x(empty) = 1;  sum_a x(I a) = x(parent(I)))

and similarly ``F y = f, y >= 0`` for player 2.  Expected payoffs are bilinear,
``x' A y`` and ``x' B y``, where ``A[s1, s2]`` sums ``chance reach * u_1`` over
the terminal nodes whose last sequences are ``(s1, s2)``.  The game has
size linear in the tree (the normal form is exponential).

``(x, y)`` is a Nash equilibrium iff, with free dual vectors ``p, q``,

    E'p - A y >= 0  _|_  x >= 0,      E x = e,
    F'q - B'x >= 0  _|_  y >= 0,      F y = f,

a linear complementarity problem solved by Lemke's algorithm
(:mod:`compellence.solvers.lemke`) with the covering vector of von Stengel,
van den Elzen & Talman (2002):
``d = (-A y0, -B' x0, 0, 0)`` for a fully mixed starting plan pair
``(x0, y0)``.  Payoffs are first mapped by a positive affine map to
``[-2, -1]`` (equilibria are unchanged), so ``d >= 0``; the path starts on the
primary ray where each player best-responds to the other's starting plan and,
by their theorem, ends at an equilibrium (with ``E x = e`` and ``F y = f`` kept
as equalities the plans stay bounded).  As safeguards against degenerate
starts and floating point, the solver retries from other random starting
plans if the start is not on a feasible ray or a ray is met, and every result
is verified (each player's regret must be ~0).  A game with information sets
but no perfect recall is refused: realization plans do not represent its
strategies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
import scipy.sparse as sp

from ..errors import ParameterError, SolverError, UnsupportedGameError
from ..games.tree import CHANCE, DECISION, Game
from ..validation import require_scalar_game
from .lemke import LCPRayError, lemke_unchecked
from .recall import SequenceIndex, check_perfect_recall
from .solution import Solution, edge_prob_from_chance, reach_probabilities

#: LCPs up to this dimension are solved with dense arrays (less overhead), larger ones sparse.
DENSE_MAX = 120

__all__ = ["SequenceForm", "sequence_form", "sequence_form_lcp", "behaviour_regret"]


# ============================================================= structure
@dataclass(frozen=True, eq=False)
class _Blocks:
    """One player's sequences 1..n-1 as contiguous blocks, one per information set.

    ``starts``/``lens``: block offsets into ``seq[1:]`` and sizes (sets in
    ``sets[p]`` order); ``seq_parent[s]``: the parent sequence of sequence s's
    set; ``levels``: per own-depth level (top-down), ``(seqs, starts, set_pos,
    parents)`` for a ``reduceat`` over that level's blocks.
    """

    starts: np.ndarray
    lens: np.ndarray
    seq_parent: np.ndarray
    levels: tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], ...]
    owner: np.ndarray  # set position of each sequence 1..n-1 (== np.repeat(arange, lens))
    arange: np.ndarray  # arange(n - 1)
    level_parents: tuple[np.ndarray, ...]  # seq_parent[seqs] per level


def _blocks(idx: SequenceIndex, sets: tuple[int, ...], parent_seq: np.ndarray, n_actions: np.ndarray,
            n_seq: int) -> _Blocks:
    sets_a = np.asarray(sets, dtype=np.intp)
    offs = idx.offset[sets_a] if sets_a.size else np.zeros(0, np.intp)
    lens = n_actions[sets_a] if sets_a.size else np.zeros(0, np.intp)
    seq_parent = np.full(n_seq, -1, dtype=np.intp)
    seq_parent[1:] = np.repeat(parent_seq[sets_a], lens) if sets_a.size else []
    owner = np.zeros(n_seq, dtype=np.intp)  # set position owning each sequence (>=1)
    owner[1:] = np.repeat(np.arange(sets_a.size), lens) if sets_a.size else []
    # own depth of each set: its parent sequence belongs to an earlier (shallower) set; a plain
    # loop over Python ints is faster than numpy here for the sizes that occur
    ps = parent_seq[sets_a]
    own = owner.tolist()
    lev_list: list[int] = []
    for par in ps.tolist():
        lev_list.append(0 if par == 0 else lev_list[own[par]] + 1)
    level = np.asarray(lev_list, dtype=np.intp)
    levels = []
    if sets_a.size:
        # sets sorted by level; all levels' sequence lists at once, then cut per level
        order = np.argsort(level, kind="stable")
        ln = lens[order]
        cum = np.cumsum(ln)
        excl = cum - ln  # first position of each set's block in the level-sorted sequence list
        seqs_all = np.repeat(offs[order] - excl, ln) + np.arange(int(cum[-1]))
        ps_all = ps[order]
        cut = (np.flatnonzero(np.diff(level[order])) + 1).tolist()
        set_b = [0, *cut, order.size]
        seq_b = [0, *cum[np.asarray(cut, dtype=np.intp) - 1].tolist(), int(cum[-1])]
        for k in range(len(set_b) - 1):
            a, b = set_b[k], set_b[k + 1]
            levels.append((seqs_all[seq_b[k] : seq_b[k + 1]], excl[a:b] - seq_b[k], order[a:b],
                           ps_all[a:b]))
    return _Blocks(
        starts=(offs - 1).astype(np.intp), lens=lens.astype(np.intp), seq_parent=seq_parent,
        levels=tuple(levels), owner=owner[1:].copy(), arange=np.arange(n_seq - 1),
        level_parents=tuple(seq_parent[lev[0]] for lev in levels),
    )


@dataclass(frozen=True, eq=False)
class _Structure:
    """Everything about the sequence form that does not depend on the numbers."""

    game: Game
    index: SequenceIndex
    sets: tuple[tuple[int, ...], tuple[int, ...]]  # infoset indices per player, top-down order
    parent_seq: np.ndarray  # per infoset: the owner's sequence leading to it
    E_trip: tuple[tuple, tuple]  # (rows, cols, vals, shape) of E and F
    e: tuple[np.ndarray, np.ndarray]
    term_seq: np.ndarray  # (2, n_terminals): last sequences of the terminals
    dec_nodes: np.ndarray
    blocks: tuple[_Blocks, _Blocks]  # vectorisation helpers per player

    @property
    def n_seq(self) -> tuple[int, int]:
        return self.index.n_sequences[0], self.index.n_sequences[1]

    @cached_property
    def E(self) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        out = [sp.csr_matrix((v, (r, c)), shape=shp) for r, c, v, shp in self.E_trip]
        return out[0], out[1]

    @cached_property
    def term_flat(self) -> np.ndarray:
        """``s1(t) * n2 + s2(t)``: flat positions of the terminals in a dense payoff matrix."""
        return self.term_seq[0] * self.n_seq[1] + self.term_seq[1]

    @cached_property
    def seq_edge(self) -> tuple[np.ndarray, np.ndarray]:
        """Per player, for sequences 1..n-1: the edge (child node of the set's first node)."""
        g = self.game
        out = []
        for p in (0, 1):
            first = np.array([g.infosets[k].nodes[0] for k in self.sets[p]], dtype=np.intp)
            lens = self.blocks[p].lens
            # sets[p] are numbered in sequence-id order (sequence_index gives increasing offsets
            # in infoset order), so their action blocks concatenate to ids 1..n-1
            c0 = g.child_start[first] if first.size else np.zeros(0, np.intp)
            out.append(np.repeat(c0, lens) + (self.blocks[p].arange - np.repeat(
                np.cumsum(lens) - lens, lens)))
        return out[0], out[1]

    @cached_property
    def lcp(self) -> _LCPPattern:
        return _lcp_pattern(self)

    @cached_property
    def post(self) -> _PostIndex:
        return _post_index(self)


@dataclass(frozen=True, eq=False)
class _LCPPattern:
    """Index structure of the sequence-form LCP matrix ``M`` (see :func:`_solve_element`).

    ``M = [[0, -A, E', 0], [-B', 0, 0, F'], [-E, 0, 0, 0], [0, -F, 0, 0]]``: the
    constant blocks (from ``E``, ``F``) are stored once; only the payoff blocks
    are filled per solve (at ``pay_rows, pay_cols``, or flat ``pay_flat`` when dense).
    """

    n: int
    m1: int
    m2: int
    dense: bool
    pay_rows: np.ndarray
    pay_cols: np.ndarray
    pay_flat: np.ndarray | None  # dense only: pay_rows * n + pay_cols
    M_const: np.ndarray | None  # dense only: the constant blocks as an (n, n) array
    const_rows: np.ndarray
    const_cols: np.ndarray
    const_vals: np.ndarray
    q: np.ndarray
    free: np.ndarray
    is_free: np.ndarray  # (n,) bool
    d_tail: np.ndarray  # zeros(m1 + m2): covering vector on the equality rows
    basic_z: tuple[np.ndarray, np.ndarray]  # n + arange(n1), n + n1 + arange(n2)
    basic_w: tuple[np.ndarray, np.ndarray]  # arange(n1), n1 + arange(n2)
    basic_free: np.ndarray  # n + free


def _lcp_pattern(st: _Structure) -> _LCPPattern:
    n1, n2 = st.n_seq
    (er, ec, ev, (m1, _)), (fr, fc, fv, (m2, _)) = st.E_trip
    n = n1 + n2 + m1 + m2
    dense = n <= DENSE_MAX
    s1, s2 = st.term_seq
    px, qx = n1 + n2, n1 + n2 + m1
    pay_rows = np.concatenate([s1, n1 + s2])
    pay_cols = np.concatenate([n1 + s2, s1])
    const_rows = np.concatenate([ec, n1 + fc, px + er, qx + fr])
    const_cols = np.concatenate([px + er, qx + fr, ec, n1 + fc])
    const_vals = np.concatenate([ev, fv, -ev, -fv])
    if dense:
        # the constant entries sit at distinct positions, disjoint from the payoff blocks, so
        # adding them afterwards gives exactly the bincount over all triplets
        M_const = np.bincount(const_rows * n + const_cols, weights=const_vals,
                              minlength=n * n).reshape(n, n)
        pay_flat = pay_rows * n + pay_cols
    else:
        M_const = pay_flat = None
    e, f = st.e
    free = np.arange(n1 + n2, n)
    is_free = np.zeros(n, dtype=bool)
    is_free[free] = True
    return _LCPPattern(
        n=n, m1=m1, m2=m2, dense=dense, pay_rows=pay_rows, pay_cols=pay_cols, pay_flat=pay_flat,
        M_const=M_const, const_rows=const_rows, const_cols=const_cols, const_vals=const_vals,
        q=np.concatenate([np.zeros(n1 + n2), e, f]), free=free, is_free=is_free,
        d_tail=np.zeros(m1 + m2),
        basic_z=(n + np.arange(n1), n + n1 + np.arange(n2)),
        basic_w=(np.arange(n1), n1 + np.arange(n2)),
        basic_free=n + free,
    )


@dataclass(frozen=True, eq=False)
class _PostIndex:
    """Per-node index arrays used to turn plans into a :class:`Solution` (tree-only)."""

    chance_kids: np.ndarray  # children of chance nodes
    other_kids: np.ndarray  # non-root nodes whose parent is not a chance node
    kids: np.ndarray  # children of decision nodes
    kid_seq: np.ndarray  # their sequence ids in concatenate([beh1, beh2])
    dec_player: np.ndarray
    dec_set: np.ndarray
    dec_seq: tuple[np.ndarray, np.ndarray]  # each player's last sequence at each decision node
    set_size: np.ndarray  # float, per infoset
    n_sets: int


def _post_index(st: _Structure) -> _PostIndex:
    g = st.game
    dec = st.dec_nodes
    off = st.index.offset
    has_par = g.parent >= 0
    par_kind = g.kind[np.maximum(g.parent, 0)]
    kids = np.flatnonzero(has_par & (par_kind == DECISION))
    kids = kids[kids > 0]
    kid_par = g.parent[kids]
    kid_seq = off[g.infoset[kid_par]] + g.action_index[kids]
    other = np.flatnonzero(has_par & (par_kind != CHANCE))
    return _PostIndex(
        chance_kids=np.flatnonzero(g.chance_index >= 0),
        other_kids=other[other > 0],
        kids=kids,
        kid_seq=kid_seq + st.n_seq[0] * (g.player[kid_par] == 1),
        dec_player=g.player[dec],
        dec_set=g.infoset[dec],
        dec_seq=(st.index.node_seq[dec, 0], st.index.node_seq[dec, 1]),
        set_size=np.array([len(s.nodes) for s in g.infosets], dtype=float),
        n_sets=len(g.infosets),
    )


def _structure(game: Game) -> _Structure:
    """The sequence-form structure of ``game``, built once and cached on the game.

    It depends only on the tree (not on payoffs or chance probabilities), like
    the backward-induction plan ``game._bi_plan`` of :mod:`compellence.solvers.backward_induction`.
    """
    if not isinstance(game, Game):
        raise ParameterError(f"expected a Game, got {type(game).__name__}", "game")
    cached = getattr(game, "_sf_structure", None)
    if cached is not None:
        return cached
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"the sequence-form LCP needs a two-player game, this one has {game.n_players} "
            f"players {list(game.players)}; use the logit QRE solvers (cp.qre_path) instead"
        )
    st = _build_structure(game)
    game._sf_structure = st
    return st


def _build_structure(game: Game) -> _Structure:
    idx = check_perfect_recall(game)
    parent_seq = np.array(
        [idx.node_seq[s.nodes[0], s.player] for s in game.infosets], dtype=np.intp
    )
    sets = tuple(tuple(s.index for s in game.infosets if s.player == p) for p in (0, 1))
    n_actions = np.array([len(s.actions) for s in game.infosets], dtype=np.intp)
    trips, es = [], []
    for p in (0, 1):
        sets_a = np.asarray(sets[p], dtype=np.intp)
        m = 1 + sets_a.size
        r = np.arange(1, m)
        k_a = n_actions[sets_a]
        act_rows = np.repeat(r, k_a)
        act_cols = (np.repeat(idx.offset[sets_a], k_a)
                    + np.arange(int(k_a.sum())) - np.repeat(np.cumsum(k_a) - k_a, k_a))
        rows = np.concatenate([[0], r, act_rows]).astype(np.intp)
        cols = np.concatenate([[0], parent_seq[sets_a], act_cols]).astype(np.intp)
        vals = np.concatenate([[1.0], -np.ones(r.size), np.ones(act_rows.size)])
        trips.append((rows, cols, vals, (m, idx.n_sequences[p])))
        e = np.zeros(m)
        e[0] = 1.0
        es.append(e)
    term_seq = idx.node_seq[game.terminals].T.copy()
    blocks = tuple(
        _blocks(idx, sets[p], parent_seq, n_actions, idx.n_sequences[p]) for p in (0, 1)
    )
    return _Structure(
        game=game,
        index=idx,
        sets=(sets[0], sets[1]),
        parent_seq=parent_seq,
        E_trip=(trips[0], trips[1]),
        e=(es[0], es[1]),
        term_seq=term_seq,
        dec_nodes=np.flatnonzero(game.kind == DECISION),
        blocks=(blocks[0], blocks[1]),
    )


def _chance_reach(game: Game) -> np.ndarray:
    """Product of chance probabilities on the path to each node, ``(n_nodes, *batch)``."""
    ep = edge_prob_from_chance(game)
    kids = np.flatnonzero((game.parent >= 0) & (game.kind[np.maximum(game.parent, 0)] != CHANCE))
    kids = kids[kids > 0]
    ep[kids] = 1.0
    return reach_probabilities(game, ep)


def _payoff_matrix(
    st: _Structure, weights: np.ndarray, dense: bool | None = None
) -> sp.csr_matrix | np.ndarray:
    """``sum over terminals of weight[t]`` at ``(s1(t), s2(t))`` (duplicates summed).

    Dense (numpy) when small (``n1 * n2 <= 250_000``, less overhead) unless ``dense`` says otherwise.
    """
    n1, n2 = st.n_seq
    if dense is None:
        dense = n1 * n2 <= 250_000
    if dense:
        return np.bincount(st.term_flat, weights=weights, minlength=n1 * n2).reshape(n1, n2)
    return sp.coo_matrix((weights, (st.term_seq[0], st.term_seq[1])), shape=(n1, n2)).tocsr()


# ============================================================= public form
@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a two-player game with perfect recall (one batch element).

    Built by :func:`sequence_form`.

    Attributes
    ----------
    game : Game
        The (scalar) game.
    E, e, F, f : scipy.sparse matrix or numpy.ndarray
        Realization-plan constraints ``E x = e`` (player 1) and ``F y = f``
        (player 2) as ``scipy.sparse`` matrices: row 0 is the empty sequence,
        row ``r >= 1`` the ``r``-th information set of the player (top-down).
    A, B : scipy.sparse matrix
        Payoff matrices (sequences of player 1 x of player 2):
        the expected payoff of a profile of plans is ``x' A y`` and ``x' B y``.
    sequences : tuple[tuple[str, ...], tuple[str, ...]]
        Per player, the sequence labels: ``"()"`` for the empty sequence and
        ``"<infoset>:<action>"`` for the others (in id order).

    Examples
    --------
    >>> from compellence.solvers.sequence_form import sequence_form
    >>> sf = sequence_form(cp.catalog.load("entry_deterrence"))
    >>> sf.sequences
    (('()', 'root:enter', 'root:stay out'), ('()', 'root/enter:fight', 'root/enter:accommodate'))
    >>> sf.A.toarray().tolist()
    [[0.0, 0.0, 0.0], [0.0, -1.0, 1.0], [0.0, 0.0, 0.0]]
    """

    game: Game
    E: sp.csr_matrix
    e: np.ndarray
    F: sp.csr_matrix
    f: np.ndarray
    A: sp.csr_matrix
    B: sp.csr_matrix
    sequences: tuple[tuple[str, ...], tuple[str, ...]]
    _structure: _Structure = field(repr=False)

    def __repr__(self) -> str:
        n1, n2 = self.A.shape
        return (
            f"SequenceForm({self.game.title!r}, sequences=({n1}, {n2}), "
            f"infosets=({self.E.shape[0] - 1}, {self.F.shape[0] - 1}), nonzero payoffs={self.A.nnz})"
        )

    def payoff(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Expected payoffs ``(x'Ay, x'By)`` of a pair of realization plans.

        Parameters
        ----------
        x, y : numpy.ndarray
            Realization plans of player 1 and player 2 (one entry per sequence).

        Returns
        -------
        numpy.ndarray
            ``[x'Ay, x'By]``.

        Examples
        --------
        >>> from compellence.solvers.sequence_form import sequence_form
        >>> sf = sequence_form(cp.catalog.load("entry_deterrence"))
        >>> sf.payoff(np.array([1.0, 1.0, 0.0]), np.array([1.0, 0.0, 1.0])).tolist()
        [1.0, 1.0]
        """
        return np.array([x @ (self.A @ y), x @ (self.B @ y)])


def _sequence_labels(st: _Structure) -> tuple[tuple[str, ...], tuple[str, ...]]:
    g = st.game
    out = []
    for p in (0, 1):
        labs = ["()"] + [""] * (st.n_seq[p] - 1)
        for k in st.sets[p]:
            s = g.infosets[k]
            for a, act in enumerate(s.actions):
                labs[int(st.index.offset[k]) + a] = f"{s.label}:{act}"
        out.append(tuple(labs))
    return out[0], out[1]


def sequence_form(game: Game, index: int | tuple[int, ...] | None = None) -> SequenceForm:
    """The sequence form of a two-player game with perfect recall.

    Parameters
    ----------
    game : Game
        A two-player game with perfect recall.
    index : int or tuple[int, ...], optional
        The batch element (required for a batched game).

    Returns
    -------
    SequenceForm
        Its constraints and payoff matrices.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`, or is batched and ``index`` is missing.
    UnsupportedGameError
        The game does not have exactly two players.
    InfosetError
        A player does not have perfect recall (the message names the set).

    Examples
    --------
    >>> from compellence.solvers.sequence_form import sequence_form
    >>> sequence_form(cp.catalog.load("kuhn_poker")).A.shape
    (13, 13)
    """
    if not isinstance(game, Game):
        raise ParameterError(f"expected a Game, got {type(game).__name__}", "game")
    if index is None:
        require_scalar_game(game, "sequence_form", alternative="give index=...")
    g = game.at(index) if index is not None else game
    st = _structure(g)
    c = _chance_reach(g)[g.terminals]
    A = _payoff_matrix(st, c * g.payoffs[0], dense=False)
    B = _payoff_matrix(st, c * g.payoffs[1], dense=False)
    return SequenceForm(
        game=g, E=st.E[0], e=st.e[0], F=st.E[1], f=st.e[1], A=A, B=B,
        sequences=_sequence_labels(st), _structure=st,
    )


# ============================================================= plans and best replies
def realization_plan(st: _Structure, player: int, behaviour: np.ndarray) -> np.ndarray:
    """Realization plan of a behaviour strategy given per sequence id (``behaviour[0]`` unused)."""
    bl = st.blocks[player]
    x = np.empty(st.n_seq[player])
    x[0] = 1.0
    for (seqs, _, _, _), par in zip(bl.levels, bl.level_parents):  # top-down: parents first
        x[seqs] = x[par] * behaviour[seqs]
    return x


def _sequence_values(
    st: _Structure, player: int, direct: np.ndarray, with_sets: bool = True
) -> tuple[np.ndarray, np.ndarray | None]:
    """Bottom-up best-reply values: ``val[s]`` = direct payoff + best continuation.

    Returns ``(val, V)`` with ``V[r]`` the value of the player's r-th set (r>=1)
    and ``V[0] = val[0]`` the best-reply value of the whole game (``V`` is None
    unless ``with_sets``).
    """
    bl = st.blocks[player]
    val = np.array(direct, dtype=float)
    n = val.size
    if not with_sets:
        for seqs, starts, _, parents in reversed(bl.levels):
            val += np.bincount(parents, weights=np.maximum.reduceat(val[seqs], starts), minlength=n)
        return val, None
    V = np.zeros(1 + bl.lens.size)
    for seqs, starts, pos, parents in reversed(bl.levels):
        best = np.maximum.reduceat(val[seqs], starts)
        V[pos + 1] = best
        val += np.bincount(parents, weights=best, minlength=n)
    V[0] = val[0]
    return val, V


def best_reply_value(st: _Structure, player: int, direct: np.ndarray) -> float:
    """``V[0]`` of :func:`_sequence_values` (the best-reply value of the whole game) alone."""
    return float(_sequence_values(st, player, direct, with_sets=False)[0][0])


def _block_best(st: _Structure, player: int, val: np.ndarray, tol: float):
    """Per set: the best value, a mask of best sequences, their count and the first best."""
    bl = st.blocks[player]
    v = val[1:]
    if bl.lens.size == 0:
        z = np.zeros(0)
        return z, np.zeros(0, bool), z.astype(np.intp), z.astype(np.intp)
    best = np.maximum.reduceat(v, bl.starts)
    isbest = v >= best[bl.owner] - tol
    count = np.add.reduceat(isbest.astype(np.intp), bl.starts)
    key = np.where(isbest, bl.arange, v.size)
    first = np.minimum.reduceat(key, bl.starts) + 1  # sequence ids
    return best, isbest, count, first


def _first_best(st: _Structure, player: int, val: np.ndarray, tol: float) -> np.ndarray:
    """Per set: the first best sequence id (the last output of :func:`_block_best`)."""
    bl = st.blocks[player]
    if bl.lens.size == 0:
        return np.zeros(0, np.intp)
    v = val[1:]
    isbest = v >= np.maximum.reduceat(v, bl.starts)[bl.owner] - tol
    return np.minimum.reduceat(np.where(isbest, bl.arange, v.size), bl.starts) + 1


def _random_behaviour(st: _Structure, player: int, rng: np.random.Generator) -> np.ndarray:
    bl = st.blocks[player]
    beh = np.zeros(st.n_seq[player])
    if bl.lens.size:
        w = rng.random(beh.size - 1) + 0.5
        beh[1:] = w / np.add.reduceat(w, bl.starts)[bl.owner]
    return beh


# ============================================================= the LCP
def _solve_textbook(
    st: _Structure, u: np.ndarray, c: np.ndarray, *, tol: float, max_pivots: int | None
) -> tuple[np.ndarray, np.ndarray, int]:
    """One scalar game from the textbook start (``start="textbook"`` of :func:`sequence_form_lcp`).

    The LCP of Koller, Megiddo & von Stengel (1996) as Gambit's ``lcp_solve`` sets it up: the
    information-set variables are nonnegative (``r = -p``, ``s = -q``; the plan constraints as
    ``E x >= e``, ``F y >= f``) and every payoff is shifted by ``-K`` (``K`` the game's largest
    payoff plus one, as Gambit's ``maxpay``), so ``A = P_1 - K C``, ``B = P_2 - K C`` with ``P``
    the chance-weighted payoff sums and ``C`` the chance weight of each sequence pair
    (``x'Ay`` moves by the constant ``-K``: equilibria unchanged) and ``A, B < 0`` where a
    terminal is reached::

        w_x = -A y - E'r + z0,  w_y = -B'x - F's + z0,  w_r = E x - e + z0,  w_s = F y - f + z0

    i.e. the covering vector is all ones and the path starts from the basis of all ``w``, with
    ``z0`` entering at player 1's root row (its ``q = -1`` ties with player 2's root row; the
    variables are ordered ``(x, y, s, r)`` so that our lexicographic rule, which takes the last
    tied row, takes player 1's as Gambit does).  Degenerate ties after that are broken by our
    lexicographic rule, which may order them differently from Gambit's.  On the random games of
    ``benchmarks/bench_lcp.py`` this path ends at pygambit's equilibrium
    (``tests/test_lcp_textbook_start.py``).
    """
    n1, n2 = st.n_seq
    pat = st.lcp
    n = pat.n
    K = float(u.max()) + 1.0 if u.size else 1.0
    reach = _payoff_matrix(st, c, dense=False)   # chance-weighted: shifting every payoff by -K
    A = (_payoff_matrix(st, c * u[0], dense=False) - K * reach).tocsr()
    B = (_payoff_matrix(st, c * u[1], dense=False) - K * reach).tocsr()
    E, F = st.E
    M = sp.bmat([[None, -A, None, -E.T], [-B.T, None, -F.T, None], [None, F, None, None],
                 [E, None, None, None]], format="csc")        # variables (x, y, s, r)
    e, f = st.e
    q = np.concatenate([np.zeros(n1 + n2), -f, -e])
    dense = n <= DENSE_MAX
    Ms = M.toarray() if dense else M
    if max_pivots is None:
        max_pivots = 50 * n + 100
    try:
        res = lemke_unchecked(Ms, q, np.ones(n), np.zeros(n, dtype=bool), None, tol, max_pivots, 100, dense)
    except LCPRayError as exc:
        raise SolverError(f"sequence-form LCP from the textbook start ended on a ray: {exc}") from exc
    return res.z[:n1].copy(), res.z[n1 : n1 + n2].copy(), res.pivots


def _solve_element(
    st: _Structure, u: np.ndarray, c: np.ndarray, *, tol: float, seed: int, max_pivots: int | None,
    start: str = "ray",
) -> tuple[np.ndarray, np.ndarray, int]:
    """One scalar game: returns the realization plans ``(x, y)`` and the pivot count."""
    if start == "textbook":
        return _solve_textbook(st, u, c, tol=tol, max_pivots=max_pivots)
    n1, n2 = st.n_seq
    pat = st.lcp
    n = pat.n
    # positive affine map of each player's payoffs to [-2, -1] (equilibria unchanged)
    w = []
    for p in (0, 1):
        hi, lo = float(u[p].max()), float(u[p].min())
        span = hi - lo if hi - lo > 0 else 1.0
        w.append(c * ((u[p] - hi) / span - 1.0))
    neg = np.negative(np.concatenate(w))
    # M = [[0, -A, E', 0], [-B', 0, 0, F'], [-E, 0, 0, 0], [0, -F, 0, 0]]; the E, F blocks are
    # precomputed (st.lcp), only the payoff blocks are filled here
    if pat.dense:
        A = _payoff_matrix(st, w[0], dense=True)
        B = _payoff_matrix(st, w[1], dense=True)
        M = np.bincount(pat.pay_flat, weights=neg, minlength=n * n).reshape(n, n)
        M += pat.M_const
    else:
        A = _payoff_matrix(st, w[0], dense=False)
        B = _payoff_matrix(st, w[1], dense=False)
        M = sp.coo_matrix(
            (np.concatenate([neg, pat.const_vals]),
             (np.concatenate([pat.pay_rows, pat.const_rows]),
              np.concatenate([pat.pay_cols, pat.const_cols]))),
            shape=(n, n),
        ).tocsc()
    Bt = B.T
    rng = np.random.default_rng(seed)
    if max_pivots is None:
        max_pivots = 50 * n + 100
    last_err: Exception | None = None
    for _attempt in range(6):
        x0 = realization_plan(st, 0, _random_behaviour(st, 0, rng))
        y0 = realization_plan(st, 1, _random_behaviour(st, 1, rng))
        Ay0 = A @ y0
        Bx0 = Bt @ x0
        d = np.concatenate([-Ay0, -Bx0, pat.d_tail])
        # primary ray: each player's pure best reply (first best action at every set) to the
        # other's starting plan; its basic sequences are the empty one and the chosen actions
        v1 = _sequence_values(st, 0, Ay0, with_sets=False)[0]
        v2 = _sequence_values(st, 1, Bx0, with_sets=False)[0]
        basic1 = np.zeros(n1, dtype=bool)
        basic2 = np.zeros(n2, dtype=bool)
        basic1[0] = basic2[0] = True
        basic1[_first_best(st, 0, v1, 1e-13)] = True
        basic2[_first_best(st, 1, v2, 1e-13)] = True
        basis = np.concatenate(
            [
                np.where(basic1, pat.basic_z[0], pat.basic_w[0]),
                np.where(basic2, pat.basic_z[1], pat.basic_w[1]),
                pat.basic_free,
            ]
        )
        try:
            # the data are finite (Game checks payoffs and chance probabilities; scaled to
            # [-2, -1]) and the start basis is complementary with every free variable by
            # construction: skip the input checks of lemke()
            res = lemke_unchecked(M, pat.q, d, pat.is_free, basis, tol, max_pivots, 100, pat.dense)
        except LCPRayError as exc:  # degenerate start or (numerically) a secondary ray
            last_err = exc
            continue
        return res.z[:n1].copy(), res.z[n1 : n1 + n2].copy(), res.pivots
    raise SolverError(f"sequence-form LCP failed from 6 random starts: {last_err}")


def behaviour_from_plans(
    st: _Structure, plans: tuple[np.ndarray, np.ndarray], direct: tuple[np.ndarray, np.ndarray],
    reach_tol: float, tie_tol: float,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Behaviour probabilities per sequence id (and per-set 'tie' flags) of both players.

    Reached sets: ``x(I a) / x(parent(I))``.  Sets the player's own plan does not
    reach: uniform over the actions that are best against the opponent's plan
    (sequence-form values), so the profile stays a best reply everywhere.
    """
    behs, ties = [], []
    for p in (0, 1):
        bl = st.blocks[p]
        x = plans[p]
        val = _sequence_values(st, p, direct[p], with_sets=False)[0]
        beh = np.zeros(st.n_seq[p])
        tie = np.zeros(len(st.game.infosets), dtype=bool)
        if bl.lens.size:
            _, isbest, count, _ = _block_best(st, p, val, tie_tol)
            tie[np.asarray(st.sets[p], dtype=np.intp)] = count > 1
            b = np.maximum(x[1:], 0.0)
            bsum = np.add.reduceat(b, bl.starts)[bl.owner]
            par = x[bl.seq_parent[1:]]
            use_plan = (par > reach_tol) & (bsum > 0)
            fallback = isbest / count[bl.owner]  # count >= 1: the maximum is always best
            beh[1:] = np.divide(b, bsum, out=fallback, where=use_plan)  # use_plan: bsum > 0
        behs.append(beh)
        ties.append(tie)
    return behs, ties


def sequence_form_lcp(
    game: Game, *, tol: float = 1e-9, seed: int = 0, max_pivots: int | None = None,
    start: Literal["ray", "textbook"] = "ray",
) -> Solution:
    """A Nash equilibrium in behaviour strategies of a two-player game with perfect recall.

    Solves the sequence-form LCP (Koller, Megiddo & von Stengel 1996) by
    Lemke's algorithm started on the ray of von Stengel, van den Elzen &
    Talman (2002) (see the module docstring); the normal form is never built.
    Batched games are solved one batch element at a time (one LCP each; the
    sequence structure is built once).

    Parameters
    ----------
    game : Game
        A two-player game with perfect recall (batched or not).
    tol : float, optional
        Pivoting tolerance of :func:`~compellence.solvers.lemke.lemke` (payoffs
        are scaled to ``[-2, -1]`` first).  The result is verified: each
        player's regret (best-reply payoff minus equilibrium payoff, in the
        game's own units) must be ``<= 1e-6 * (1 + max |payoff|)``.
    seed : int, optional
        Seed of the random fully mixed starting plans (different seeds may
        give different equilibria).
    max_pivots : int, optional
        Pivot budget per game (default ``50 n + 100``).
    start : {"ray", "textbook"}, optional
        ``"ray"`` (default): the start of von Stengel, van den Elzen & Talman
        (2002) from random fully mixed plans (module docstring).  ``"textbook"``:
        the start of Koller, Megiddo & von Stengel (1996) that Gambit's
        ``lcp_solve`` uses (covering vector of ones, all-slack basis, information-set
        variables nonnegative, payoffs shifted below zero by the largest payoff
        plus one); deterministic (``seed`` unused), usually many more pivots; for
        comparisons with Gambit (``benchmarks/bench_lcp.py``).

    Returns
    -------
    Solution
        ``method="lcp"``; ``edge_prob`` holds the behaviour strategies
        (``x(I a) / x(parent(I))`` at sets the player reaches; at sets her own
        plan excludes, uniform over the actions that are best there against
        the opponent, so the profile is a best reply at every set), ``beliefs``
        the Bayes beliefs from chance and the opponent's plan (uniform where
        those give the set probability zero), ``ties`` marks decision nodes
        whose set has several best actions.  ``info`` has ``pivots`` and
        ``max_regret`` (batch-shaped).

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`, or ``tol`` is not in (0, 1e-3).
    UnsupportedGameError
        Unless the game has exactly two players.
    InfosetError
        If a player does not have perfect recall (the message names the set).
    SolverError
        The computed profile fails the regret check (a numerical failure).

    Examples
    --------
    >>> sol = cp.sequence_form_lcp(cp.catalog.load("kuhn_poker"))
    >>> round(float(sol.value[0]), 6)   # the game's value to player 1: -1/18
    -0.055556
    >>> float(sol.info["max_regret"]) < 1e-9
    True
    """
    if not isinstance(game, Game):
        raise ParameterError(f"sequence_form_lcp() needs a Game, got {type(game).__name__}", "game")
    if not (np.isfinite(tol) and 0 < tol < 1e-3):
        raise ParameterError(f"tol must be a number in (0, 1e-3), got {tol!r}", "tol")
    if start not in ("ray", "textbook"):
        raise ParameterError(f"start must be 'ray' or 'textbook', got {start!r}", "start")
    st = _structure(game)
    pi = st.post
    g = game
    batch = g.batch_shape
    n_nodes = g.n_nodes
    # chance reach (as _chance_reach) and the chance part of edge_prob from one array
    edge_prob = edge_prob_from_chance(g)
    ep_c = edge_prob.copy()
    ep_c[pi.other_kids] = 1.0
    creach = reach_probabilities(g, ep_c)
    c_term = creach[g.terminals]
    beliefs = np.zeros((n_nodes, *batch))
    tie_node = np.zeros((st.dec_nodes.size, *batch), dtype=bool)
    pivots = np.zeros(batch, dtype=np.intp)
    regret = np.zeros(batch)
    dec = st.dec_nodes
    kids = pi.kids
    dec_set = pi.dec_set
    p2_moves = pi.dec_player == 0  # at these nodes the opponent is player 2
    for bi in np.ndindex(*batch) if batch else [()]:
        u = g.payoffs[(slice(None), slice(None), *bi)]
        c = c_term[(slice(None), *bi)]
        x, y, piv = _solve_element(st, u, c, tol=tol, seed=seed, max_pivots=max_pivots, start=start)
        A = _payoff_matrix(st, c * u[0])
        Bt = _payoff_matrix(st, c * u[1]).T
        scale = 1.0 + float(np.abs(u).max()) if u.size else 1.0
        (b1, b2), (t1, t2) = behaviour_from_plans(
            st, (x, y), (A @ y, Bt @ x), reach_tol=1e-9, tie_tol=1e-9 * scale
        )
        # verify (a correctness guard, kept): regret of the behaviour profile (its own
        # realization plans) = best-reply value minus the profile's payoff, for each player
        xb = realization_plan(st, 0, b1)
        yb = realization_plan(st, 1, b2)
        Ayb = A @ yb
        Bxb = Bt @ xb
        reg = max(best_reply_value(st, 0, Ayb) - xb @ Ayb, best_reply_value(st, 1, Bxb) - yb @ Bxb)
        if reg > 1e-6 * scale:
            raise SolverError(
                f"sequence-form LCP: the computed profile has regret {reg:.3g} at batch element "
                f"{bi} (numerical trouble); try another seed or a smaller tol"
            )
        edge_prob[(kids, *bi)] = np.concatenate([b1, b2])[pi.kid_seq]
        tie_node[(slice(None), *bi)] = np.where(p2_moves, t1[dec_set], t2[dec_set])
        # beliefs from chance and the opponent's plan (own moves are identical within a set)
        opp_plan = np.where(p2_moves, yb[pi.dec_seq[1]], xb[pi.dec_seq[0]])
        w = creach[(dec, *bi)] * opp_plan
        tot = np.bincount(dec_set, weights=w, minlength=pi.n_sets)[dec_set]
        beliefs[(dec, *bi)] = np.divide(w, tot, out=1.0 / pi.set_size[dec_set], where=tot > 1e-300)
        pivots[bi] = piv
        regret[bi] = reg
    return Solution(
        game=g,
        edge_prob=edge_prob,
        node_value=None,  # node_values(g, edge_prob), computed by Solution on first access
        ties=tie_node,
        method="lcp",
        beliefs=beliefs,
        info={"pivots": pivots, "max_regret": regret, "tol": tol, "seed": seed, "start": start},
    )


def behaviour_regret(game: Game, edge_prob: np.ndarray) -> np.ndarray:
    """Each player's regret of a behaviour profile of a (scalar) two-player game with perfect recall.

    ``regret_i = max over realization plans x' of x' A_i y - x A_i y`` (best-reply
    payoff minus profile payoff, computed on the sequence form bottom-up); a
    profile is a Nash equilibrium iff both regrets are 0.

    Parameters
    ----------
    game : Game
        An unbatched two-player game with perfect recall.
    edge_prob : numpy.ndarray
        A :class:`Solution`'s ``edge_prob`` (shape ``(n_nodes,)``).

    Returns
    -------
    numpy.ndarray
        ``(2,)`` regrets (payoff units).

    Raises
    ------
    ParameterError
        ``game`` is not a scalar :class:`Game`, or ``edge_prob`` has the wrong shape.

    Examples
    --------
    >>> from compellence.solvers import behaviour_regret
    >>> game = cp.catalog.load("entry_deterrence")
    >>> behaviour_regret(game, cp.spe(game).edge_prob).tolist()
    [0.0, 0.0]
    """
    if not isinstance(game, Game):
        raise ParameterError(f"expected a Game, got {type(game).__name__}", "game")
    require_scalar_game(game, "behaviour_regret")
    ep = np.asarray(edge_prob, dtype=float)
    if ep.shape != (game.n_nodes,):
        raise ParameterError(f"edge_prob must have shape ({game.n_nodes},), got {ep.shape}", "edge_prob")
    st = _structure(game)
    c = _chance_reach(game)[game.terminals]
    A = _payoff_matrix(st, c * game.payoffs[0])
    B = _payoff_matrix(st, c * game.payoffs[1])
    behs = []
    for p in (0, 1):
        beh = np.zeros(st.n_seq[p])
        beh[1:] = ep[st.seq_edge[p]]
        behs.append(realization_plan(st, p, beh))
    x, y = behs
    _, V1 = _sequence_values(st, 0, A @ y)
    _, V2 = _sequence_values(st, 1, B.T @ x)
    return np.array([V1[0] - x @ (A @ y), V2[0] - y @ (B.T @ x)])
