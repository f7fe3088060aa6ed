"""``read_efg``'s two readers agree: the regex fast lane and the token reader.

Plainly written files take the fast lane (one regex match per record); anything
else, and every file with a problem, goes through the token reader, which names
the line.  On random games written with random layouts both must give the same
game, and on randomly broken files ``read_efg`` must give the token reader's
game or its error (message and line).
"""

from __future__ import annotations

import re

import numpy as np
from conftest import random_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from test_normal_form import random_infoset_tree

import compellence as cp
from compellence.errors import GameError, GameFileError
from compellence.games import gambit_io
from compellence.games.gambit_io import read_efg, write_efg


def same_game(a: cp.Game, b: cp.Game) -> None:
    assert a.players == b.players and a.title == b.title
    for name in ("parent", "kind", "player", "infoset", "payoffs", "chance_probs"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert a.edge_label == b.edge_label
    assert a.payoffs.tobytes() == b.payoffs.tobytes()  # -0.0 and 0.0 alike in both
    assert [(s.label, s.nodes, s.actions) for s in a.infosets] == \
        [(s.label, s.nodes, s.actions) for s in b.infosets]


@st.composite
def efg_texts(draw):
    seed = draw(st.integers(0, 10**6))
    rng = np.random.default_rng(seed)
    players = ["A", "B"] if draw(st.booleans()) else ["A", "B", "C"]
    spec = (random_infoset_tree(rng, players, draw(st.integers(1, 3))) if draw(st.booleans())
            else random_tree(rng, players, draw(st.integers(1, 4)), integer=draw(st.booleans())))
    text = write_efg(cp.Game(players, spec, title=draw(st.sampled_from(["", "t", "a b"]))))
    # random layout: spaces and newlines between tokens, commas between payoffs or not
    sep = draw(st.sampled_from([" ", "\n", "  ", "\t", " \n "]))
    if draw(st.booleans()):
        text = text.replace("\n", sep)
    if draw(st.booleans()):
        text = re.sub(r"(\d), ", r"\1 ", text)
    if draw(st.booleans()):
        text = text.replace("{ ", "{").replace(" }", "}")
    return text


@settings(max_examples=150, deadline=None)
@given(efg_texts())
def test_fast_lane_gives_the_token_readers_game(text):
    fast = gambit_io._efg_fast(text)
    assert fast is not None  # plainly written: the fast lane reads it
    same_game(gambit_io._efg_game(*fast), gambit_io._read_efg_tokens(text, None))


def token_outcome(text):
    try:
        return "game", gambit_io._read_efg_tokens(text, None)
    except GameFileError as exc:
        return "error", (str(exc), exc.line)


@settings(max_examples=300, deadline=None)
@given(efg_texts(), st.data())
def test_broken_files_get_the_token_readers_answer(text, data):
    """Delete, repeat or replace one token: the same game or the same error and line."""
    parts = re.findall(r'"[^"]*"|[^\s"]+|\s+', text)
    k = data.draw(st.integers(0, len(parts) - 1))
    how = data.draw(st.sampled_from(["delete", "repeat", "replace"]))
    if how == "delete":
        parts[k] = ""
    elif how == "repeat":
        parts[k] = parts[k] + " " + parts[k]
    else:
        parts[k] = data.draw(st.sampled_from(
            ["0", "1", "2", "7", "-1", "1/0", "1/3", "1e400", "x", '""', '"a"', "{", "}", ",",
             "p", "c", "t", "99999999999999999999"]))
    broken = "".join(parts)
    want = token_outcome(broken)
    try:
        got = ("game", read_efg(broken))
    except GameFileError as exc:
        got = ("error", (str(exc), exc.line))
    except GameError as exc:  # pragma: no cover - would be a bug: every error names the file line
        raise AssertionError(f"not a GameFileError: {exc!r}") from exc
    assert got[0] == want[0]
    if got[0] == "error":
        assert got[1] == want[1]
    else:
        same_game(got[1], want[1])
