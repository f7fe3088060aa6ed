"""The vectorised checks of ``Game`` construction against a plain per-node reference.

``Game`` checks sibling action labels and information sets with numpy (exact integer
codes of the labels, grouped arrays) and builds ``action_labels`` / ``infosets`` on
demand.  The reference below is the per-node Python loop written out here: for random
flat trees with clashing labels (repeated action labels, mixed players, different
actions, labels holding "/" or starting with "root") both must accept the same games
with the same information sets and refuse the others with the same error and message.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import ActionError, InfosetError
from compellence.games import CHANCE, DECISION, TERMINAL

PLAYERS = ("A", "B")


def reference_build(parent, kind, player, edge_label, infoset_label):
    """Per-node reference: ``("ok", action_labels, infosets)`` or ``("error", class, message)``.

    Rules: no action label twice at one node (first offending node in node order,
    first repeated label in action order); decision nodes sharing a label form one
    set, numbered in order of its first node, whose members have the first node's
    player and action labels (first offending set, then node; player checked first);
    a singleton set is labelled by its node path, and no two sets share a label.
    """
    n = len(parent)
    children = [[] for _ in range(n)]
    for i in range(1, n):
        children[parent[i]].append(i)
    paths = ["root"] * n
    for i in range(1, n):
        paths[i] = f"{paths[parent[i]]}/{edge_label[i]}"
    labels = [tuple(edge_label[c] for c in children[i]) for i in range(n)]
    for i in range(n):
        acts = labels[i]
        for a in acts:
            if acts.count(a) > 1:
                return ("error", ActionError, f"{paths[i]}: duplicate action label {a!r}")
    entries, by_label = [], {}
    for i in range(n):
        if kind[i] != DECISION:
            continue
        lab = infoset_label[i]
        if lab is None:
            entries.append((None, [i]))
        elif lab in by_label:
            by_label[lab].append(i)
        else:
            by_label[lab] = [i]
            entries.append((lab, by_label[lab]))
    sets = []
    for key, nodes in entries:
        f = nodes[0]
        for i in nodes[1:]:
            if player[i] != player[f]:
                return ("error", InfosetError,
                        f"{paths[i]}: information set {key!r} mixes players "
                        f"{PLAYERS[player[f]]!r} (at {paths[f]}) and {PLAYERS[player[i]]!r}")
            if labels[i] != labels[f]:
                return ("error", InfosetError,
                        f"{paths[i]}: information set {key!r} needs the same action labels in "
                        f"the same order at every node: {list(labels[f])} at {paths[f]} but "
                        f"{list(labels[i])} here")
        sets.append((key if key is not None else paths[f], player[f], labels[f], tuple(nodes)))
    seen = set()
    for label, _, _, nodes in sets:
        if label in seen:
            return ("error", InfosetError,
                    f"{paths[nodes[0]]}: information set label {label!r} collides with a node "
                    "path; rename it")
        seen.add(label)
    return ("ok", labels, sets)


@st.composite
def flat_trees(draw):
    """A random breadth-first tree with labels drawn from small pools (so they clash)."""
    n_internal = draw(st.integers(1, 12))
    counts = draw(st.lists(st.sampled_from([2, 2, 2, 2, 2, 1, 3, 4]), min_size=n_internal,
                           max_size=n_internal))
    parent, kind = [-1], []
    frontier, head = [0], 0
    internal_left = n_internal
    while head < len(frontier):
        node = frontier[head]
        head += 1
        if internal_left and (node == 0 or not draw(st.integers(0, 2)) == 2):
            k = counts[n_internal - internal_left]
            internal_left -= 1
            kind.append(CHANCE if draw(st.integers(0, 5)) == 5 else DECISION)
            for _ in range(k):
                parent.append(node)
                frontier.append(len(parent) - 1)
        else:
            kind.append(TERMINAL)
    n = len(parent)
    # breadth-first order: the frontier is appended in order, so node ids are BFS already
    action_pool = draw(st.sampled_from([["a", "b", "c", "d", "e"], ["a", "b", "a/b", "x"],
                                        [f"a{k}" for k in range(12)]]))
    edge_label = [None]
    for i in range(1, n):
        if draw(st.integers(0, 19)) == 19:
            edge_label.append(draw(st.sampled_from(action_pool)))  # may repeat a sibling's
        else:
            k = i - parent.index(parent[i])  # position among siblings
            edge_label.append(action_pool[k % len(action_pool)] if k < len(action_pool)
                              else f"z{k}")
    iset_pool = [None, None, None, "S", "T", "root/a", "root"]
    infoset_label = [draw(st.sampled_from(iset_pool)) if kd == DECISION else None
                     for kd in kind]
    # mostly one player per label, so that many labelled sets are valid
    owner = {None: 0, "S": 0, "T": 1, "root/a": 1, "root": 0}
    player = [-1 if kd != DECISION else
              (owner[lab] if draw(st.integers(0, 9)) < 9 else 1 - owner[lab])
              for kd, lab in zip(kind, infoset_label)]
    if draw(st.booleans()):  # sets by depth and number of actions: mostly valid, large sets
        depth = [0] * n
        for i in range(1, n):
            depth[i] = depth[parent[i]] + 1
        n_act = [parent.count(i) for i in range(n)]
        infoset_label = [None if kd != DECISION or draw(st.integers(0, 4)) == 4
                         else f"L{depth[i]}-{n_act[i]}" for i, kd in enumerate(kind)]
        player = [-1 if kd != DECISION else (depth[i] % 2 if draw(st.integers(0, 19)) < 19 else 0)
                  for i, kd in enumerate(kind)]
    return parent, kind, player, edge_label, infoset_label


def build(parent, kind, player, edge_label, infoset_label, action_names=None):
    kind_a = np.asarray(kind)
    n_term = int((kind_a == TERMINAL).sum())
    chance_kids = [i for i in range(1, len(parent)) if kind[parent[i]] == CHANCE]
    k_of = {p: sum(1 for j in chance_kids if parent[j] == p) for p in set(parent[j] for j in chance_kids)}
    probs = [1.0 / k_of[parent[j]] for j in chance_kids]
    return cp.Game.from_arrays(list(PLAYERS), parent, kind, player, edge_label,
                               payoffs=np.zeros((2, n_term)), chance_probs=probs,
                               infoset_label=infoset_label, action_names=action_names)


@settings(max_examples=300, deadline=None)
@given(flat_trees())
def test_vectorised_checks_match_the_per_node_reference(tree):
    want = reference_build(*tree)
    if want[0] == "error":
        with pytest.raises(want[1]) as info:
            build(*tree)
        assert str(info.value) == want[2]
        return
    game = build(*tree)
    _, labels, sets = want
    assert game.action_labels == labels
    assert [(s.label, s.player, s.actions, s.nodes) for s in game.infosets] == sets
    assert [s.index for s in game.infosets] == list(range(len(sets)))
    for k, (_, _, _, nodes) in enumerate(sets):
        assert all(game.infoset[i] == k for i in nodes)
    assert game.is_perfect_information == all(len(s[3]) == 1 for s in sets)
    for s in game.infosets:
        assert game.infoset_by_label(s.label) is s
    # the per-node user labels rebuild the same game
    again = build(tree[0], tree[1], tree[2], tree[3], game.infoset_labels())
    assert [(s.label, s.nodes) for s in again.infosets] == [(s.label, s.nodes) for s in game.infosets]


def test_large_branching_duplicates_found_by_the_sorted_path():
    """More than 8 actions at a node: the sort-based check names the first node and label."""
    k = 12
    parent = [-1] + [0] * k + [1] * k
    kind = [DECISION, DECISION] + [TERMINAL] * (2 * k - 1)
    labels = [None] + [f"a{j}" for j in range(k)] + [f"b{j}" for j in range(k)]
    labels[-1] = "b3"
    tree = (parent, kind, [0] * 2 + [-1] * (2 * k - 1), labels, [None] * len(parent))
    want = reference_build(*tree)
    assert want[0] == "error"
    with pytest.raises(ActionError) as info:
        build(*tree)
    assert str(info.value) == want[2] == "root/a0: duplicate action label 'b3'"


def test_from_arrays_label_lists_must_cover_every_node():
    with pytest.raises(ActionError, match="edge_label has 2 entries for 3 nodes"):
        cp.Game.from_arrays(["A"], [-1, 0, 0], [1, 0, 0], [0, -1, -1], [None, "a"], [[1.0, 2.0]])
    with pytest.raises(InfosetError, match="infoset_label has 1 entries for 3 nodes"):
        cp.Game.from_arrays(["A"], [-1, 0, 0], [1, 0, 0], [0, -1, -1], [None, "a", "b"],
                            [[1.0, 2.0]], infoset_label=["S"])


# ---------------------------------------------------------------- labels as codes (lazy form)
def coded_form(edge_label, draw):
    """The same labels as integer codes into a list of names: names listed in a random
    order, some twice (a code may point at either copy), some never used; the root's code
    is arbitrary (it is never read)."""
    used = list(dict.fromkeys(edge_label[1:]))
    names = used + draw(st.lists(st.sampled_from(["unused", "a", "z9", "x/y"]), max_size=3))
    names = names + draw(st.lists(st.sampled_from(used), max_size=3)) if used else names
    order = draw(st.permutations(range(len(names))))
    names = [names[j] for j in order]
    at = {}
    for j, name in enumerate(names):
        at.setdefault(name, []).append(j)
    codes = [draw(st.integers(-5, 5))] + [draw(st.sampled_from(at[lab])) for lab in edge_label[1:]]
    return np.asarray(codes, dtype=draw(st.sampled_from([np.int64, np.int32, np.intp]))), names


def public_view(game):
    """Everything a user reads about a game's labels and structure, as plain values."""
    return (
        game.edge_label[1:],
        game.action_labels,
        [(s.index, s.label, s.player, s.actions, s.nodes) for s in game.infosets],
        [game.node_path(i) for i in range(game.n_nodes)],
        [game.history(i) for i in range(game.n_nodes)],
        [game.node_at(game.history(i)) for i in range(game.n_nodes)],
        game.infoset_labels(),
        game.to_text(),
        game.is_perfect_information,
        [getattr(game, a).tolist() for a in ("parent", "kind", "player", "depth", "child_start",
                                             "child_count", "action_index", "infoset",
                                             "terminal_index", "chance_index", "terminals")],
        game.levels,
    )


@settings(max_examples=300, deadline=None)
@given(flat_trees(), st.data())
def test_labels_as_codes_build_the_same_game_as_label_strings(tree, data):
    """``from_arrays(edge_label=codes, action_names=names)`` (labels kept as codes, strings
    built on first read) accepts the same games as the per-edge strings, refuses the others
    with the same error, and agrees on every label a user can read."""
    parent, kind, player, edge_label, infoset_label = tree
    codes, names = coded_form(edge_label, data.draw)
    coded_tree = (parent, kind, player, codes, infoset_label)
    want = reference_build(*tree)
    if want[0] == "error":
        with pytest.raises(want[1]) as info:
            build(*coded_tree, action_names=names)
        assert str(info.value) == want[2]
        return
    eager = build(*tree)
    lazy = build(*coded_tree, action_names=names)
    checked = any(isinstance(lab, str) and lab.startswith("root") for lab in infoset_label) or any(
        "/" in lab for lab in edge_label[1:])  # the set-label collision check reads the labels
    assert checked or "edge_label" not in lazy.__dict__  # otherwise not built until read
    # read in a different order first: the paths and sets do not need the per-edge list
    assert [s.label for s in lazy.infosets] == [s.label for s in eager.infosets]
    assert public_view(lazy) == public_view(eager)
    assert lazy.edge_label[0] is None
    assert public_view(lazy.at(())) == public_view(eager)
    assert repr(lazy.to_spec()) == repr(eager.to_spec())


def test_label_codes_are_checked():
    args = dict(players=["A"], parent=[-1, 0, 0], kind=[DECISION, TERMINAL, TERMINAL],
                player=[0, -1, -1], payoffs=[[1.0, 2.0]])
    with pytest.raises(ActionError, match=r"edge_label\[2\] = 2 is not an index into action_names "
                                          r"\(2 names\)"):
        cp.Game.from_arrays(**args, edge_label=[-1, 0, 2], action_names=["l", "r"])
    with pytest.raises(ActionError, match=r"edge_label\[1\] = -1 is not an index"):
        cp.Game.from_arrays(**args, edge_label=[0, -1, 1], action_names=["l", "r"])
    with pytest.raises(ActionError, match="edge_label has 2 entries for 3 nodes"):
        cp.Game.from_arrays(**args, edge_label=[-1, 0], action_names=["l", "r"])
    with pytest.raises(ActionError, match="must hold integer codes, got dtype float64"):
        cp.Game.from_arrays(**args, edge_label=[-1.0, 0.0, 1.0], action_names=["l", "r"])
    with pytest.raises(ActionError, match="action_names must be a list of labels"):
        cp.Game.from_arrays(**args, edge_label=[-1, 0, 1], action_names="lr")
    with pytest.raises(ActionError, match="duplicate action label 'l'") as info:
        cp.Game.from_arrays(**args, edge_label=[-1, 0, 2], action_names=["l", "r", "l"])
    assert str(info.value) == "root: duplicate action label 'l'"
    game = cp.Game.from_arrays(**args, edge_label=[-1, 1, 0], action_names=[7, "l"])
    assert game.edge_label == [None, "l", "7"]  # names are strings, as labels given as a list


@pytest.mark.parametrize("parent, message", [
    ([-1, 0, 2, 2], "parents must precede children"),
    ([-1, 0, 1, 3, 3], "parents must precede children"),
    ([-1, -1, 0], "parents must precede children"),
    ([-1, 0, 0, 9], "parents must precede children"),
    ([-1, 1, 0, 0], "parents must precede children"),  # also not grouped: precedence first
    ([-1, 0, 1, 0], "children must be grouped by parent"),
])
def test_from_arrays_structure_errors(parent, message):
    n = len(parent)
    kind = [DECISION] + [TERMINAL] * (n - 1)
    with pytest.raises(ActionError, match=message):
        cp.Game.from_arrays(["A"], parent, kind, [0] + [-1] * (n - 1), [None] * n,
                            np.zeros((1, n - 1)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-2, 8), min_size=1, max_size=9))
def test_from_arrays_structure_checks_match_the_rules(tail):
    """Random parent arrays: refused iff a parent is negative or not before its child
    (checked first) or children are not grouped in parent order, as written out here."""
    parent = [-1, *tail]
    n = len(parent)
    if any(p < 0 or p >= i for i, p in enumerate(parent) if i > 0):
        want = "parents must precede children"
    elif any(b < a for a, b in zip(tail, tail[1:])):
        want = "children must be grouped by parent"
    else:
        want = None
    has_kids = set(tail)
    kind = [DECISION if i in has_kids else TERMINAL for i in range(n)]
    args = (["A"], parent, kind, [0 if k == DECISION else -1 for k in kind], [None] * n,
            np.zeros((1, kind.count(TERMINAL))))
    if want is None:
        labels = [None] + [f"a{i}" for i in range(1, n)]
        game = cp.Game.from_arrays(*args[:4], labels, args[5])
        assert game.parent.tolist() == parent
        depth = [0] * n
        for i in range(1, n):
            depth[i] = depth[parent[i]] + 1
        assert game.depth.tolist() == depth
        assert [list(game.children(i)) for i in range(n)] == [
            [j for j in range(1, n) if parent[j] == i] for i in range(n)]
    else:
        with pytest.raises(ActionError, match=want):
            cp.Game.from_arrays(*args)
