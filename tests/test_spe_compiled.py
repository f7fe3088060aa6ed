"""The compiled single-pass backward induction against the numpy pass.

``backward_induction`` solves large scalar games with a numba kernel (the ``fast``
extra) and everything else with the numpy pass.  On random trees (decision and
chance nodes, one to five actions, integer payoffs so that ties are common) the
two must give equal values (``==``), the same ties and the same ``edge_prob`` under
both tie policies.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.games import CHANCE, DECISION, TERMINAL

numba = pytest.importorskip("numba")
spe_mod = importlib.import_module("compellence.solvers.backward_induction")


def _build(rng, n_players, integer, n_target, max_k):
    """A random breadth-first tree of about ``n_target`` nodes (decision and chance)."""
    parent, kind = [-1], []
    queue, head = [0], 0
    while head < len(queue):
        node = queue[head]
        head += 1
        if len(parent) >= n_target or (node > 0 and rng.random() < 0.3):
            kind.append(TERMINAL)
            continue
        kind.append(CHANCE if rng.random() < 0.25 else DECISION)
        for _ in range(int(rng.integers(1, max_k + 1))):
            parent.append(node)
            queue.append(len(parent) - 1)
    parent_a, kind_a = np.array(parent), np.array(kind)
    n = parent_a.size
    player = np.where(kind_a == DECISION, rng.integers(0, n_players, n), -1)
    local = np.zeros(n, dtype=int)
    local[1:] = np.arange(1, n) - np.searchsorted(parent_a[1:], parent_a[1:]) - 1
    labels = [None] + [f"a{j}" for j in local[1:].tolist()]
    n_term = int((kind_a == TERMINAL).sum())
    pay = rng.integers(-2, 3, size=(n_players, n_term)).astype(float) if integer \
        else rng.normal(size=(n_players, n_term))
    kids = np.flatnonzero((np.arange(n) > 0) & (kind_a[np.maximum(parent_a, 0)] == CHANCE))
    w = rng.random(kids.size) + 0.05
    sums = np.bincount(parent_a[kids], weights=w, minlength=n)
    probs = w / sums[parent_a[kids]]
    return cp.Game.from_arrays([f"P{j}" for j in range(n_players)], parent_a, kind_a, player,
                               labels, pay, probs)


@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(2, 400), players=st.integers(1, 3),
       max_k=st.integers(1, 7), integer=st.booleans(), ties=st.sampled_from(["first", "uniform"]),
       tol=st.sampled_from([0.0, 1e-9, 0.5]))
def test_compiled_pass_equals_the_numpy_pass(seed, n, players, max_k, integer, ties, tol):
    game = _build(np.random.default_rng(seed), players, integer, n, max_k)
    want = spe_mod._batched_backward_induction(game, ties=ties, tol=tol)
    got = spe_mod._compiled_backward_induction(game, spe_mod._compiled_kernel(), ties=ties, tol=tol)
    np.testing.assert_array_equal(got.value, want.value)
    np.testing.assert_array_equal(got.ties, want.ties)
    np.testing.assert_array_equal(got.edge_prob, want.edge_prob)
    np.testing.assert_array_equal(got.node_value, want.node_value)
    # bit for bit (``==`` does not tell -0.0 from 0.0)
    assert got.value.tobytes() == want.value.tobytes()
    assert got.edge_prob.tobytes() == want.edge_prob.tobytes()
    assert got.node_value.tobytes() == want.node_value.tobytes()


def test_large_scalar_games_take_the_compiled_pass_and_numpy_without_numba(monkeypatch):
    game = _build(np.random.default_rng(0), 2, False, 5000, 4)
    assert game.n_nodes > spe_mod.SCALAR_MAX_NODES  # not the plain-Python pass of small games
    calls = []
    real = spe_mod._compiled_backward_induction
    monkeypatch.setattr(spe_mod, "_compiled_backward_induction",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(spe_mod, "_worth_compiling", lambda n: True)
    with_numba = cp.spe(game)
    assert calls == [1]
    monkeypatch.setattr(spe_mod, "_COMPILED", False)  # as without numba: the numpy pass
    without = cp.spe(game)
    assert calls == [1]
    np.testing.assert_array_equal(with_numba.value, without.value)
    np.testing.assert_array_equal(with_numba.edge_prob, without.edge_prob)


@pytest.mark.parametrize("ties", ["first", "uniform"])
def test_compiled_pass_on_a_one_node_game_and_on_signed_zeros(ties):
    """The root alone (a terminal), and values that are -0.0 or 0.0: the same bits."""
    kernel = spe_mod._compiled_kernel()
    one = cp.Game.from_arrays(["A", "B"], [-1], [TERMINAL], [-1], [None], [[-0.0], [2.5]])
    got = spe_mod._compiled_backward_induction(one, kernel, ties=ties)
    want = spe_mod._batched_backward_induction(one, ties=ties)
    assert got.value.tobytes() == want.value.tobytes() == np.array([-0.0, 2.5]).tobytes()
    assert got.ties.shape == want.ties.shape == (0,)
    for k in (2, 3, 4, 5):  # a decision node and a chance node with k actions each
        parent = [-1, 0, 0] + [1] * k + [2] * k
        kind = [CHANCE, DECISION, DECISION] + [TERMINAL] * (2 * k)
        pay = np.array([[-0.0, 0.0] * k, [0.0, -0.0] * k])[:, : 2 * k]
        game = cp.Game.from_arrays(["A", "B"], parent, kind, [-1, 0, 1] + [-1] * (2 * k),
                                   [None, "x", "y"] + [f"a{j}" for j in range(k)] * 2, pay,
                                   [0.5, 0.5])
        got = spe_mod._compiled_backward_induction(game, kernel, ties=ties)
        want = spe_mod._batched_backward_induction(game, ties=ties)
        assert got.value.tobytes() == want.value.tobytes()
        assert got.node_value.tobytes() == want.node_value.tobytes()
        assert got.edge_prob.tobytes() == want.edge_prob.tobytes()
        np.testing.assert_array_equal(got.ties, want.ties)


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 300), max_k=st.integers(1, 5))
def test_terminal_tail_splits_no_block_of_children(seed, n, max_k):
    """The compiled pass keeps values only before ``_terminal_tail``: every node from there
    is terminal, no node has children on both sides, and the root is before it."""
    game = _build(np.random.default_rng(seed), 2, False, n, max_k)
    tail = spe_mod._terminal_tail(game)
    kinds = game.kind.tolist()
    assert 1 <= tail <= game.n_nodes
    assert all(k == TERMINAL for k in kinds[tail:])
    for i in range(game.n_nodes):
        kids = list(game.children(i))
        assert not kids or kids[-1] < tail or kids[0] >= tail
    # and it is the start of the run of terminals that ends the node order, moved to the
    # end of the block of children it falls inside of
    run = game.n_nodes
    while run > 0 and kinds[run - 1] == TERMINAL:
        run -= 1
    inside = [i for i in range(game.n_nodes) if game.child_count[i] and
              game.child_start[i] < run < game.child_start[i] + game.child_count[i]]
    want = int(game.child_start[inside[0]] + game.child_count[inside[0]]) if inside else run
    assert tail == max(want, 1)
