"""Gambit's text formats: extensive games (.efg) and strategic games (.nfg).

The formats are those of Gambit (McKelvey, McLennan & Turocy, *Gambit:
Software Tools for Game Theory*, "Game representation formats"):

* ``.efg`` (version 2): a header ``EFG 2 R "title" { "P1" "P2" } "comment"``
  followed by the nodes in depth-first pre-order, one record each::

      p "node" player infoset ["infoset" { "a" "b" ... }] outcome ["name" { u1, u2 }]
      c "node" infoset ["infoset" { "a" prob "b" prob ... }] outcome [...]
      t "node" outcome ["name" { u1, u2 ... }]

  Outcome ``0`` is the null outcome (payoff 0).  Outcomes at non-terminal
  nodes add to every payoff below them (we fold them into the terminals).
* ``.nfg`` (version 1): ``NFG 1 R "title" { players } { { strategy labels } ... }``
  (or ``{ m1 m2 ... }`` strategy counts), an optional comment, then either the
  *payoff version* (one payoff per player for each profile) or the *outcome
  version* (a list ``{ "name" u1, u2 }`` of outcomes, then one 1-based outcome
  index per profile, 0 for the null outcome).  Profiles are listed with the
  first player's strategy changing fastest.

Numbers may be integers, decimals (``.80``, ``1e-3``) or rationals (``1/3``).
Quoted strings escape ``"`` as ``\\"``.  Like Gambit, the readers make empty
or repeated labels in one scope unique (``""`` -> ``"_1"``, ``"x" "x"`` -> ``"x_1" "x_2"``).

Every problem in a file raises :class:`~compellence.errors.GameFileError`
whose message gives the line number.
"""

from __future__ import annotations

import io
import itertools
import math
import operator
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GameError, GameFileError, ParameterError
from ..limits import check_size, get_limit
from ..validation import require_scalar_game
from .normal_form import NormalFormGame
from .tree import CHANCE, DECISION, TERMINAL, Game

__all__ = ["read_efg", "write_efg", "read_nfg", "write_nfg", "to_pygambit"]

Source = str | os.PathLike | io.IOBase

# ====================================================================== lexer
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
    |(?P<text>"(?:[^"\\]|\\.)*")
    |(?P<lb>\{)|(?P<rb>\})|(?P<comma>,)
    |(?P<num>[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))(?=[\s{},"]|\Z)
    |(?P<sym>[^\s{},"]+)
    """,
    re.X | re.S,
)


_NUM = re.compile(r"[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_INT = re.compile(r"[+-]?\d{1,18}")

# A token is one string: a quoted label is '"' followed by its text (escapes undone),
# "{", "}" and "," stand for themselves, anything else is a number or a symbol, and ""
# is the end of the file.  Line numbers are found only when a message needs one.


def _kind(s: str) -> str:
    """The kind of a token string: text, lb, rb, comma, num, sym or eof."""
    if not s:
        return "eof"
    c = s[0]
    if c == '"':
        return "text"
    if c == "{":
        return "lb"
    if c == "}":
        return "rb"
    if c == ",":
        return "comma"
    return "num" if _NUM.fullmatch(s) else "sym"


def _show(s: str) -> str:
    """A token string as messages quote it."""
    if not s:
        return "end of file"
    if s[0] == '"':
        return f'{s}"'
    return repr(s)


class _Tok:
    """One token (kind, value) and, computed when asked, its line."""

    __slots__ = ("kind", "value", "_at", "_parser")

    def __init__(self, s: str, at: int, parser: _Parser):
        self.kind = _kind(s)
        self.value = s[1:] if self.kind == "text" else s
        self._at = at
        self._parser = parser

    @property
    def line(self) -> int:
        return self._parser.line_of(self._at)

    def show(self) -> str:
        if self.kind == "eof":
            return "end of file"
        if self.kind == "text":
            return f'"{self.value}"'
        return repr(self.value)


def _unescape(body: str) -> str:
    # \" -> ",  \\ -> \,  any other backslash is kept literally (as Gambit does)
    return re.sub(r'\\(["\\])', r"\1", body)


def _escape(s: str) -> str:
    """Quote-safe label text.  ``"`` becomes ``\\"``.  A backslash is written as is
    (Gambit's reader keeps a lone backslash), except before ``"``, another backslash or
    at the end, where it is doubled (our reader undoes that; Gambit's reader, which
    duplicates runs of backslashes, cannot represent such labels)."""
    out = []
    for k, c in enumerate(s):
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            nxt = s[k + 1] if k + 1 < len(s) else ""
            out.append("\\\\" if nxt in ('"', "\\", "") else "\\")
        else:
            out.append(c)
    return "".join(out)


def _split_tokens(text: str) -> list[str] | None:
    """The tokens by ``str.split`` alone (no regex match per token).

    ``None`` where the careful lexer :func:`_tokenize` is needed: a backslash
    (escapes), a NUL character, or an odd number of quotes (an unterminated string).
    Otherwise the result equals :func:`_tokenize`'s: quoted strings hold no quote, so
    splitting at every quote alternates outside / inside text, and outside text is
    tokens separated by white space, braces and commas.
    """
    if "\\" in text or "\x00" in text:
        return None
    parts = text.split('"')
    if len(parts) % 2 == 0:
        return None
    outside = "\x00".join(parts[::2])
    if "{" in outside or "}" in outside or "," in outside:
        outside = outside.replace("{", " { ").replace("}", " } ").replace(",", " , ")
    raw = outside.replace("\x00", " \x00 ").split()
    quoted = iter(['"' + q for q in parts[1::2]])
    return [next(quoted) if t == "\x00" else t for t in raw]


def _tokenize(text: str, source: str | None, stop: int = -1) -> tuple[list[str], list[int]]:
    """The careful lexer: token strings and their lines, one regex match per token.

    Raises the errors of an unreadable file (naming the line).  ``stop >= 0`` ends the
    scan after that many tokens (to find one token's line).
    """
    toks: list[str] = []
    lines: list[int] = []
    pos, line, n = 0, 1, len(text)
    while pos < n and len(toks) != stop:
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos] == '"':
                raise GameFileError("unterminated quoted string", line, source)
            raise GameFileError(f"cannot read {text[pos:pos + 20]!r}", line, source)
        kind = m.lastgroup
        val = m.group()
        if kind == "text":
            toks.append('"' + _unescape(val[1:-1]))
            lines.append(line)
        elif kind != "ws":
            toks.append(val)
            lines.append(line)
        line += val.count("\n")
        pos = m.end()
    return toks, lines


def _tokens(text: str, source: str | None) -> list[str]:
    """Every token of ``text``, then ``""`` for the end of the file."""
    toks = _split_tokens(text)
    if toks is None:
        toks = _tokenize(text, source)[0]
    toks.append("")
    return toks


class _Parser:
    def __init__(self, text: str, source: str | None):
        self.source = source
        self.text = text
        self.toks = _tokens(text, source)
        self.i = 0

    def line_of(self, at: int) -> int:
        """The line of token ``at``; the end of the file is on the line of the last token."""
        at = min(at, len(self.toks) - 1)
        _, lines = _tokenize(self.text, self.source, stop=at + 1)
        if at < len(lines):
            return lines[at]
        return lines[-1] if lines else 1

    def tok(self, at: int) -> _Tok:
        return _Tok(self.toks[at], at, self)

    def peek(self) -> _Tok:
        return _Tok(self.toks[self.i], self.i, self)

    def next(self) -> _Tok:
        t = _Tok(self.toks[self.i], self.i, self)
        if t.kind != "eof":
            self.i += 1
        return t

    def error(self, msg: str, tok: _Tok | int | None = None) -> GameFileError:
        if tok is None:
            tok = self.peek()
        line = self.line_of(tok) if isinstance(tok, int) else tok.line
        return GameFileError(msg, line, self.source)

    def expect(self, kind: str, what: str) -> _Tok:
        t = self.next()
        if t.kind != kind:
            raise self.error(f"expected {what}, found {t.show()}", t)
        return t

    def number(self, what: str) -> float:
        s = self.toks[self.i]
        if _NUM.fullmatch(s) is None:
            t = self.next()
            raise self.error(f"expected {what} (a number), found {t.show()}", t)
        self.i += 1
        if "/" not in s:
            return float(s)
        try:
            return _to_float(s)
        except ZeroDivisionError:
            raise self.error(f"{what} {_clip(s)} is a division by zero", self.i - 1) from None
        except (OverflowError, ValueError):  # beyond a float, or past Python's int-digit limit
            raise self.error(
                f"{what} {_clip(s)} is too large for a float (limit ~1.8e308)", self.i - 1
            ) from None

    def int(self, what: str) -> tuple[int, _Tok]:
        at = self.i
        return self.int_at(what), self.tok(at)

    def int_at(self, what: str) -> int:
        """The integer at the cursor (its token is ``self.i - 1`` afterwards)."""
        s = self.toks[self.i]
        if _INT.fullmatch(s):
            self.i += 1
            return int(s)
        t = self.next()
        if t.kind != "num" or not re.fullmatch(r"[+-]?\d+", t.value):
            raise self.error(f"expected {what} (an integer), found {t.show()}", t)
        # no count or index in a game file needs more than 18 digits
        raise self.error(f"{what} {_clip(t.value)} is too large", t)

    def accept(self, kind: str) -> bool:
        if self.peek().kind == kind:
            self.next()
            return True
        return False

    def quoted(self, what: str) -> str:
        """The quoted text at the cursor."""
        s = self.toks[self.i]
        if s[:1] != '"':
            raise self.error(f"expected {what}, found {_show(s)}", self.i)
        self.i += 1
        return s[1:]

    def text_list(self, what: str) -> list[str]:
        self.expect("lb", f"'{{' opening the {what}")
        out = []
        while self.peek().kind == "text":
            out.append(self.next().value)
        self.expect("rb", f"'}}' closing the {what} (labels must be quoted)")
        return out

    def payoffs(self, n: int, what: str) -> list[float]:
        toks = self.toks
        start = self.i
        if toks[start] != "{":
            raise self.error(f"expected '{{' opening the payoffs of {what}, found "
                             f"{_show(toks[start])}", start)
        self.i += 1
        vals = []
        i = self.i
        while _NUM.fullmatch(s := toks[i]):
            if "/" in s:
                self.i = i
                vals.append(self.number("a payoff"))
            else:
                vals.append(float(s))
            i += 1
            if toks[i] == ",":
                i += 1
        self.i = i
        if s != "}":
            raise self.error(f"expected a payoff or '}}' in {what}, found {_show(s)}", self.i)
        self.i += 1
        if len(vals) != n:
            raise self.error(f"{what} has {len(vals)} payoffs but the game has {n} players", start)
        return vals


def _clip(text: str, n: int = 24) -> str:
    """A token for an error message, shortened if huge."""
    return text if len(text) <= n else f"{text[:n]}... ({len(text)} characters)"


def _to_float(s: str) -> float:
    if "/" in s:
        num, den = s.split("/")
        if int(den) == 0:
            raise ZeroDivisionError(s)
        return int(num) / int(den)  # correctly rounded, as float(Fraction(num, den))
    return float(s)


def _read_source(src: Any) -> tuple[str, str | None]:
    """``(text, source name)`` from a path, file object or the file text itself."""
    if isinstance(src, io.IOBase) or hasattr(src, "read"):
        data = src.read()
        if isinstance(data, bytes):
            data = data.decode("utf-8")
        return data, getattr(src, "name", None)
    if isinstance(src, os.PathLike):
        p = Path(src)
    elif isinstance(src, str):
        head = src.lstrip()[:3]
        if head in ("EFG", "NFG") or "\n" in src or "{" in src:
            return src, None
        p = Path(src)
    else:
        raise ParameterError(
            f"expected a path, a file object or the file's text, got {type(src).__name__}",
            "source",
        )
    try:
        return p.read_text(encoding="utf-8"), str(p)
    except FileNotFoundError:
        raise GameFileError("no such file", None, str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GameFileError(f"cannot read the file ({exc})", None, str(p)) from None


def _normalize(labels: list[str]) -> list[str]:
    """Gambit's label normalisation: empty or repeated labels get ``_1``, ``_2``, ... suffixes."""
    counts: dict[str, int] = {}
    for lab in labels:
        counts[lab] = counts.get(lab, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for lab in labels:
        if counts[lab] == 1 and lab != "":
            out.append(lab)
            continue
        while True:
            visited[lab] = visited.get(lab, 0) + 1
            cand = f"{lab}_{visited[lab]}"
            if cand not in used:
                break
        used.add(cand)
        out.append(cand)
    return out


def _header(p: _Parser, magic: str, version: str) -> tuple[str, list[str]]:
    t = p.next()
    if t.kind != "sym" or t.value != magic:
        raise p.error(f"not a Gambit .{magic.lower()} file: expected {magic!r}, found {t.show()}", t)
    t = p.next()
    if t.kind != "num" or t.value != version:
        raise p.error(f"only {magic} version {version} is supported, found {t.show()}", t)
    t = p.next()
    if t.kind != "sym" or t.value not in ("R", "D"):
        raise p.error(f"expected the number type 'R' or 'D', found {t.show()}", t)
    title = p.expect("text", "the quoted game title").value
    line = p.peek().line
    players = _normalize(p.text_list("player list"))
    if not players:
        raise GameFileError("the player list is empty", line, p.source)
    if "Chance" in players:
        raise GameFileError(
            "a player is named 'Chance', which compellence reserves for chance moves", line, p.source
        )
    return title, players


# ====================================================================== EFG
class _EfgSets:
    """The information sets of an .efg file, numbered in order of definition.

    ``index`` maps a key ``(player number or 0 for chance, number)`` to the set's
    number; per set: ``key``, ``player`` (-1 for chance), Gambit ``label``,
    ``actions``, ``probs`` (chance
    probabilities; zeros for a player's set) and ``at`` (token index where it was
    defined, -1 from the fast lane).
    """

    def __init__(self) -> None:
        self.index: dict[tuple[int, int], int] = {}
        self.key: list[tuple[int, int]] = []
        self.player: list[int] = []
        self.label: list[str] = []
        self.actions: list[tuple[str, ...]] = []
        self.probs: list[tuple[float, ...]] = []
        self.at: list[int] = []

    @classmethod
    def of(cls, keys: list, labels: list, actions: list, probs: list) -> _EfgSets:
        """The sets from per-set lists (defined in this order, in the fast lane)."""
        sets = cls()
        sets.index = dict(zip(keys, range(len(keys))))
        sets.key, sets.label, sets.actions = keys, labels, actions
        sets.player = [k[0] - 1 for k in keys]
        sets.probs = [q or (0.0,) * len(a) for a, q in zip(actions, probs)]
        sets.at = [-1] * len(keys)
        return sets

    def define(self, key: tuple[int, int], label: str, actions: tuple[str, ...],
               probs: tuple[float, ...], at: int) -> int:
        self.index[key] = k = len(self.key)
        self.key.append(key)
        self.player.append(key[0] - 1)
        self.label.append(label)
        self.actions.append(actions)
        self.probs.append(probs or (0.0,) * len(actions))
        self.at.append(at)
        return k


@dataclass
class _EfgNodes:
    """The node records of an .efg file in file (depth-first pre-)order.

    Per record: ``kind``, ``iset`` (number of its information set in ``sets``, -1
    at a terminal), ``outcome`` number, ``at`` (token index of the type letter, for
    line numbers; -1 from the fast lane) and ``parent`` (file index, -1 at the
    root).  ``outcomes`` maps an outcome number to its payoffs.
    """

    kind: tuple[int, ...]
    iset: tuple[int, ...]
    outcome: tuple[int, ...]
    at: tuple[int, ...]
    parent: tuple[int, ...]
    sets: _EfgSets
    outcomes: dict[int, tuple[float, ...]]


def read_efg(source: Source) -> Game:
    """Read a Gambit extensive game (.efg, version 2) from a path, file object or text.

    Information sets with several nodes (or a non-empty Gambit label) keep their Gambit
    label, made unique across players as ``"<player>:<number>"`` where needed; node labels
    are not kept (a compellence node is named by its path).

    Parameters
    ----------
    source : str, os.PathLike or file object
        A path to a ``.efg`` file, an open file, or the file's text itself (a string that
        starts with ``EFG``).

    Returns
    -------
    Game
        The game (unbatched).

    Raises
    ------
    GameFileError
        The text is not a valid ``.efg`` file; the error carries the ``line`` and the message
        names what was expected there.  The same error when the file exceeds a size limit of :mod:`compellence.limits`.

    Examples
    --------
    >>> text = '''EFG 2 R "Entry" { "Entrant" "Incumbent" }
    ... p "" 1 1 "" { "enter" "stay out" } 0
    ... p "" 2 1 "" { "fight" "accommodate" } 0
    ... t "" 1 "fight" { -1, -1 }
    ... t "" 2 "accommodate" { 1, 1 }
    ... t "" 3 "stay out" { 0, 2 }
    ... '''
    >>> game = cp.read_efg(text)
    >>> game.players, cp.spe(game).path()
    (('Entrant', 'Incumbent'), ('enter', 'accommodate'))
    >>> cp.read_efg(text.replace("{ -1, -1 }", "{ -1 }"))
    Traceback (most recent call last):
        ...
    compellence.errors.GameFileError: line 4: outcome 1 has 1 payoffs but the game ...
    """
    text, src = _read_source(source)
    fast = _efg_fast(text)
    if fast is not None:
        try:
            return _efg_game(*fast)
        except GameError:
            pass  # the token reader finds the same problem and names its line
    return _read_efg_tokens(text, src)


def _read_efg_tokens(text: str, src: str | None) -> Game:
    """:func:`read_efg` token by token: any layout, and every error names its line."""
    p = _Parser(text, src)  # tokenise
    title, players = _header(p, "EFG", "2")
    if p.peek().kind == "text":
        p.next()  # comment
    nodes = _efg_nodes(p, players)
    t = p.peek()
    if t.kind != "eof":
        raise p.error(f"unexpected {t.show()} after the last node of the tree", t)
    try:
        return _efg_game(nodes, players, title)
    except GameError as exc:
        line = _efg_line_of_path(nodes, p, exc.path) if exc.path else None
        raise GameFileError(str(exc), line if line is not None else p.line_of(nodes.at[0]),
                            p.source) from None


# -------------------------------------------------- the fast lane: one regex match per record
_FAST_NUM = r'[+-]?(?:[0-9]+/[0-9]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(?=[\s{}",])'
_FAST_INT = r'([0-9]{1,18})(?=[\s{}",]|\Z)'
_EFG_HEADER = re.compile(r'\s*EFG\s+2\s+[RD]\s*"([^"]*)"\s*\{((?:\s*"[^"]*")*)\s*\}(?:\s*"[^"]*")?')
_EFG_RECORD = re.compile(
    rf"""
    \s*(?:
        p\s*"[^"]*"\s*([0-9]{{1,18}})\s+{_FAST_INT}                      # player, information set
        (?:\s*"([^"]*)"\s*\{{((?:\s*"[^"]*")*)\s*\}})?                   # its label and actions
      | c\s*"[^"]*"\s*{_FAST_INT}                                         # information set
        (?:\s*"([^"]*)"\s*\{{((?:\s*"[^"]*"\s*{_FAST_NUM})*)\s*\}})?     # label, actions, probabilities
      | (t)\s*"[^"]*"
    )
    \s*{_FAST_INT}                                                        # outcome
    (?:\s*"[^"]*"\s*\{{((?:\s*{_FAST_NUM}\s*,?)*)\s*\}})?                # its name and payoffs
    """,
    re.X,
)
_QUOTED = re.compile(r'"([^"]*)"')
_LABEL_PROB = re.compile(r'"([^"]*)"\s*([^\s{}",]+)')


class _NotFast(Exception):
    """The fast lane cannot read this file; the token reader will (or will name the error)."""


def _efg_fast(text: str) -> tuple[_EfgNodes, list[str], str] | None:
    """``(nodes, players, title)`` of a plainly written file, else None.

    Reads each record with one regex match: no escapes, plain unsigned integers
    where integers are due, every number in the grammar of the token reader.
    Anything unusual or wrong returns None, and :func:`read_efg` reads the file
    token by token instead, which gives the same game or names the problem and
    its line.
    """
    if "\\" in text:
        return None
    head = _EFG_HEADER.match(text)
    if head is None:
        return None
    players = _normalize(_QUOTED.findall(head.group(2)))
    if not players or "Chance" in players:
        return None
    limit = get_limit("max_nodes")
    matches = list(itertools.islice(iter(_EFG_RECORD.scanner(text, head.end()).match, None),
                                    limit + 1))
    if not matches or len(matches) > limit or text[matches[-1].end():].strip():
        return None
    try:
        nodes = _efg_fast_nodes([m.groups() for m in matches], len(players))
    except _NotFast:
        return None
    return nodes, players, head.group(1)


def _efg_fast_nodes(records: list[tuple], n: int) -> _EfgNodes:
    """The records (regex groups) as :class:`_EfgNodes`; ``_NotFast`` on anything unusual.

    Column by column: the record kinds, numbers and keys with C-level maps and
    numpy, then one short pass per information set and per outcome, and one pass
    over the records for their parents.
    """
    pl, num, plabel, pacts, cnum, clabel, cbody, term, oid, pays = zip(*records)
    r = len(records)
    is_term = np.fromiter(map(operator.is_not, term, itertools.repeat(None)), dtype=bool, count=r)
    is_chance = np.fromiter(map(operator.is_not, cnum, itertools.repeat(None)), dtype=bool,
                            count=r)
    kind = np.where(is_term, TERMINAL, np.where(is_chance, CHANCE, DECISION))
    # information sets: key (player or 0, number) of every non-terminal record
    inner = np.flatnonzero(~is_term).tolist()
    zero = {None: "0"}
    players = np.fromiter(map(int, map(zero.get, pl, pl)), dtype=np.int64, count=r)
    if np.any(players[~is_term & ~is_chance] < 1) or np.any(players > n):
        raise _NotFast
    numbers = list(map(operator.add, map(int, map(zero.get, num, num)),
                       map(int, map(zero.get, cnum, cnum))))
    keys = list(zip(_pick(players.tolist(), inner), _pick(numbers, inner)))
    keys_of = dict(zip(inner, keys))
    first: dict = {}
    first_at = np.fromiter(map(first.setdefault, keys, inner), dtype=np.intp, count=len(inner))
    defs, set_of = np.unique(first_at, return_inverse=True)  # sets in order of definition
    iset = np.full(r, -1, dtype=np.intp)
    iset[inner] = set_of
    body = [b if a is None else a for a, b in zip(pacts, cbody)]
    label = [b if a is None else a for a, b in zip(plabel, clabel)]
    chance = is_chance.tolist()
    parsed: list[dict[str, tuple]] = [{}, {}]  # per kind: action-list text -> parsed
    at = defs.tolist()
    if None in _pick(label, at):  # a set used before its actions are given
        raise _NotFast
    acts = [parsed[chance[j]].get(body[j]) or _efg_fast_actions(body[j], chance[j], parsed)
            for j in at]
    sets = _EfgSets.of([keys_of[j] for j in at], _pick(label, at), [a for a, _ in acts],
                       [q for _, q in acts])
    has_label = np.fromiter(map(operator.is_not, label, itertools.repeat(None)), dtype=bool,
                            count=r)
    has_label[defs] = False
    for j, k in zip(np.flatnonzero(has_label).tolist(), iset[has_label].tolist()):
        acts = parsed[chance[j]].get(body[j]) or _efg_fast_actions(body[j], chance[j], parsed)
        if sets.actions[k] != acts[0] or (chance[j] and sets.probs[k] != acts[1]):
            raise _NotFast
    # outcomes: defined (with payoffs) before any use, the same payoffs if defined again
    o = np.fromiter(map(int, oid), dtype=np.int64, count=r)
    defining = np.flatnonzero(np.fromiter(map(operator.is_not, pays, itertools.repeat(None)),
                                          dtype=bool, count=r))
    texts = [pays[j].replace(",", " ") for j in defining.tolist()]
    if np.any(o[defining] == 0) or set(map(len, map(str.split, texts))) - {n}:
        raise _NotFast
    joined = " ".join(texts)
    try:
        values = list(map(_to_float if "/" in joined else float, joined.split()))
    except (ArithmeticError, ValueError):
        raise _NotFast from None
    rows = list(zip(*[iter(values)] * n))
    ids = o[defining].tolist()
    outcomes = dict(zip(ids, rows))
    first_def = dict(zip(reversed(ids), reversed(defining.tolist())))
    if len(outcomes) < len(ids) and any(outcomes[i] != row for i, row in zip(ids, rows)):
        raise _NotFast  # an outcome defined again with other payoffs
    used = np.flatnonzero(o != 0)
    if used.size:
        since = np.fromiter(map(first_def.get, o[used].tolist(), itertools.repeat(r)),
                            dtype=np.intp, count=used.size)
        if np.any(since > used):
            raise _NotFast
    # the tree: each record fills the last open child slot
    counts = np.zeros(r, dtype=np.intp)
    counts[inner] = np.fromiter(map(len, sets.actions), dtype=np.intp,
                                count=len(sets.actions))[set_of]
    open_slots = 1 + np.cumsum(counts - 1)
    if np.any(open_slots[:-1] <= 0) or open_slots[-1] != 0:
        raise _NotFast  # records after the end of the tree, or the tree unfinished
    parent = [-1] * r
    slots: list[int] = []
    for j, c in zip(range(r), counts.tolist()):
        if j:
            parent[j] = slots.pop()
        if c:
            slots.extend([j] * c)
    return _EfgNodes(tuple(kind.tolist()), tuple(iset.tolist()), tuple(o.tolist()), (-1,) * r,
                     tuple(parent), sets, outcomes)


def _efg_fast_actions(body: str, chance: bool, parsed: list[dict[str, tuple]]
                      ) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Actions (normalised) and chance probabilities of an action-list text (kept in ``parsed``)."""
    if not chance:
        acts = _QUOTED.findall(body)
        probs: list[float] = []
    else:
        pairs = _LABEL_PROB.findall(body)
        acts = [a for a, _ in pairs]
        try:
            probs = [_to_float(q) for _, q in pairs]
        except (ArithmeticError, ValueError):
            raise _NotFast from None
    if not acts:
        raise _NotFast
    if len(set(acts)) != len(acts) or "" in acts:
        acts = _normalize(acts)
    parsed[chance][body] = out = (tuple(acts), tuple(probs))
    return out


# -------------------------------------------------- the token reader (any layout, exact errors)
def _efg_nodes(p: _Parser, players: list[str]) -> _EfgNodes:
    """Parse the node records token by token, leaving ``p`` after the last node.

    The common case of every field is read inline from the token strings; anything
    else goes through the parser's general methods, which read it or raise the error.
    """
    toks = p.toks
    n = len(players)
    max_nodes = get_limit("max_nodes")
    sets = _EfgSets()
    outcomes: dict[int, tuple[float, ...]] = {}
    codes = {"p": DECISION, "c": CHANCE, "t": TERMINAL}
    recs: list[tuple] = []
    slots: list[int] = []  # one entry per action still to be read: the node it leaves
    while True:
        at = p.i
        t = toks[at]
        if len(recs) >= max_nodes:
            check_size("max_nodes", len(recs) + 1, "the game tree", exc=GameFileError,
                       line=p.line_of(at), source=p.source)
        code = codes.get(t)
        if code is None:
            if not t:
                raise p.error("the file ends before the tree is complete" if recs else
                              "the file has no nodes", at)
            raise p.error(f"expected a node type 'p', 'c' or 't', found {_show(t)}", at)
        p.i += 1
        p.quoted("the quoted node label")
        k = -1 if code == TERMINAL else _efg_infoset(p, t, players, sets)
        oid = _efg_outcome(p, n, outcomes)
        node = len(recs)
        recs.append((code, k, oid, at, slots.pop() if slots else -1))
        if k >= 0:
            slots.extend([node] * len(sets.actions[k]))
        if not slots:
            return _EfgNodes(*zip(*recs), sets, outcomes)


def _efg_infoset(p: _Parser, t: str, players: list[str], sets: _EfgSets) -> int:
    """The player / chance part of a ``p`` or ``c`` record: its information set's number.

    A set seen for the first time with its actions is added to ``sets``.
    """
    n = len(players)
    if t == "p":
        pl = p.int_at("the player number")
        if not 1 <= pl <= n:
            raise p.error(f"player {pl} does not exist: the game has {n} players", p.i - 1)
    else:
        pl = 0
    num = p.int_at("the information set number")
    nt = p.i - 1
    key = (pl, num)
    if p.peek().kind == "text":
        label = p.next().value
        p.expect("lb", "'{' opening the action list")
        acts: list[str] = []
        probs: list[float] = []
        while p.peek().kind == "text":
            acts.append(p.next().value)
            if pl == 0:
                probs.append(p.number("a chance probability"))
        p.expect("rb", "'}' closing the action list (action labels must be quoted)")
        if not acts:
            raise p.error("an information set needs at least one action", nt)
        acts = _normalize(acts)
        k = sets.index.get(key, -1)
        if k < 0:
            return sets.define(key, label, tuple(acts), tuple(probs), nt)
        if tuple(acts) != sets.actions[k] or (pl == 0 and tuple(probs) != sets.probs[k]):
            raise p.error(
                f"information set {num} of {'chance' if pl == 0 else players[pl - 1]!r} "
                f"was defined on line {p.line_of(sets.at[k])} with other actions"
                + (" or probabilities" if pl == 0 else ""),
                nt,
            )
        return k
    if key not in sets.index:
        raise p.error(
            f"information set {num} of {'chance' if pl == 0 else players[pl - 1]!r} is "
            "used before its actions are given",
            nt,
        )
    return sets.index[key]


def _efg_outcome(p: _Parser, n: int, outcomes: dict[int, tuple[float, ...]]) -> int:
    """The outcome part of a record (number, and name and payoffs where defined)."""
    oid = p.int_at("the outcome number")
    ot = p.i - 1
    if p.peek().kind == "text":
        if oid == 0:
            raise p.error("the null outcome 0 cannot have a name or payoffs", ot)
        p.next()
        pays = tuple(p.payoffs(n, f"outcome {oid}"))
        if oid in outcomes and outcomes[oid] != pays:
            raise p.error(f"outcome {oid} was defined before with other payoffs", ot)
        outcomes[oid] = pays
    elif oid != 0 and oid not in outcomes:
        raise p.error(f"outcome {oid} is used before its payoffs are given", ot)
    if oid < 0:
        raise p.error(f"outcome numbers are >= 0, got {oid}", ot)
    return oid


# -------------------------------------------------- building the game (both readers)
def _efg_infoset_labels(nodes: _EfgNodes, players: list[str]) -> list[str | None]:
    """Information-set labels for compellence (per set), unique across the game.

    A Gambit label used by one player's set only is kept; a set of several nodes
    without such a label is named ``"<player>:<number>"``; other sets are unlabelled.
    """
    sets = nodes.sets
    size = np.bincount(_ints(nodes.iset) + 1, minlength=len(sets.key) + 1)[1:]
    own = _ints(sets.player) >= 0
    labelled = own & np.fromiter(map(bool, sets.label), dtype=bool, count=len(sets.label))
    counts = Counter(itertools.compress(sets.label, labelled.tolist()))
    out: list[str | None] = [None] * len(sets.key)
    for k in np.flatnonzero(labelled | (own & (size > 1))).tolist():
        lab, key = sets.label[k], sets.key[k]
        if lab and counts[lab] == 1:
            out[k] = lab
        elif size[k] > 1:
            out[k] = f"{players[key[0] - 1]}:{key[1]}"
    return out


def _ints(values: Sequence[int]) -> np.ndarray:
    """A sequence of Python ints as an ``intp`` array (faster than ``np.asarray`` on a tuple)."""
    return np.fromiter(values, dtype=np.intp, count=len(values))


def _pick(values: Sequence, index: list[int]) -> list:
    """``[values[j] for j in index]`` in one C-level call."""
    if len(index) == 1:
        return [values[index[0]]]
    return list(operator.itemgetter(*index)(values)) if index else []


def _efg_depth(parent: np.ndarray) -> np.ndarray:
    """Depth of every node, by pointer jumping (log2(depth) numpy passes)."""
    dist = (parent >= 0).astype(np.intp)  # distance to the ancestor ``up``
    up = parent.copy()
    while True:
        live = np.flatnonzero(up >= 0)
        if not live.size:
            return dist
        nxt = up[live]
        dist[live] += dist[nxt]
        up[live] = up[nxt]


def _efg_game(nodes: _EfgNodes, players: list[str], title: str) -> Game:
    """The :class:`Game` of the parsed records: file order to breadth-first arrays.

    Nodes of one depth appear left to right in the file's depth-first order, so a
    stable sort by depth is the breadth-first order.  An edge's label (and chance
    probability) is its parent's information set's action at the edge's position
    among its siblings.  Outcomes at non-terminal nodes are added to every terminal
    below (``0.0 + o_root + ... + o_terminal``, in that order).
    """
    n, n_pl = len(nodes.kind), len(players)
    file_parent = _ints(nodes.parent)
    order = np.argsort(_efg_depth(file_parent), kind="stable")
    new = np.empty_like(order)
    new[order] = np.arange(n)
    par = file_parent[order]  # parents in file numbering, breadth-first order
    parent = np.where(par >= 0, new[np.maximum(par, 0)], -1)
    file_kind = _ints(nodes.kind)
    kind = file_kind.astype(np.int8)[order]
    # per set: player, actions and chance probabilities (flat, from the set's first)
    sets = nodes.sets
    node_set = _ints(nodes.iset)[order]
    set_player = _ints([*sets.player, -1])
    player = np.where(kind == DECISION, set_player[node_set], -1)
    first = np.cumsum([0, *map(len, sets.actions)])
    all_actions = list(itertools.chain.from_iterable(sets.actions))
    all_probs = list(itertools.chain.from_iterable(sets.probs))
    # the edge into breadth-first node b > 0: action (b - first child of its parent)
    pb = parent[1:]
    at = first[node_set[pb]] + np.arange(n - 1) - np.searchsorted(pb, pb)
    edge_label = np.r_[-1, at]  # codes into all_actions (no Python string per edge)
    from_chance = kind[pb] == CHANCE
    chance_probs = np.array(_pick(all_probs, at[from_chance].tolist()), dtype=float)
    # terminal payoffs
    zero = (0.0,) * n_pl
    table = {0: zero, **nodes.outcomes}
    oid = np.array(nodes.outcome, dtype=np.int64)  # outcome numbers may not fit an intp
    terminals = order[kind == TERMINAL].tolist()
    if np.any(oid[file_kind != TERMINAL]):
        acc: list[tuple[float, ...]] = []
        for q, o in zip(nodes.parent, nodes.outcome):
            base = acc[q] if q >= 0 else zero
            acc.append(tuple(b + x for b, x in zip(base, table[o])))
        rows = _pick(acc, terminals)
    else:
        rows = list(map(table.__getitem__, oid[terminals].tolist()))
    payoffs = np.array(rows, dtype=float).reshape(len(rows), n_pl).T + 0.0
    labels = [*_efg_infoset_labels(nodes, players), None]
    return Game.from_arrays(players, parent, kind, player, edge_label, payoffs, chance_probs,
                            _pick(labels, node_set.tolist()), title=title,
                            action_names=all_actions)


def _efg_line_of_path(nodes: _EfgNodes, p: _Parser, path: str) -> int | None:
    """The file line of the node at ``path`` (``root/a/b``), None if there is none."""
    children: dict[int, list[int]] = {}
    for j, q in enumerate(nodes.parent):
        children.setdefault(q, []).append(j)
    i = 0
    for a in path.split("/")[1:]:
        acts = nodes.sets.actions[nodes.iset[i]] if nodes.iset[i] >= 0 else ()
        kids = children.get(i, [])
        if a not in acts or acts.index(a) >= len(kids):
            return None
        i = kids[acts.index(a)]
    return p.line_of(nodes.at[i])


# ------------------------------------------------------------------ numbers out
def _num(v: float) -> str:
    """A payoff as Gambit's grammar reads it: a plain integer or decimal, never an exponent.

    Gambit's ``.efg``/``.nfg`` reader accepts integers, decimals and ``p/q``
    rationals but not ``1e+19``.  Every integral float is written as its exact
    integer (``1e19`` -> ``10000000000000000000``); any other float as the plain
    decimal of its shortest repr (``1e-05`` -> ``0.00001``), which reads back to
    the same float.
    """
    v = float(v)
    if v == int(v):
        return str(int(v))
    text = format(Decimal(repr(v)), "f")
    return text


def _exact(v: float) -> Fraction:
    """A short exact fraction for ``v`` (``1/3`` for 0.333...), else the float's decimal repr."""
    f = Fraction(v).limit_denominator(10**6)
    if float(f) == v:
        return f
    return Fraction(Decimal(repr(v)))


def _probs_text(probs: list[float]) -> list[str]:
    """Chance probabilities written so that they sum to exactly 1 (Gambit requires it)."""
    fr = [_exact(float(q)) for q in probs]
    fr[-1] = 1 - sum(fr[:-1])
    if fr[-1] < 0:  # cannot happen after validation (|sum - 1| <= 1e-9), kept as a guard
        raise ParameterError("chance probabilities do not sum to one", "game")
    out = []
    for f in fr:
        out.append(str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}")
    return out


def _check_unbatched(game: Any, what: str) -> None:
    require_scalar_game(game, what)


def _write(text: str, path: str | os.PathLike | None) -> str:
    if path is not None:
        from ..outputs import write_text_atomic

        write_text_atomic(path, text)  # complete or absent; OutputError naming the path
    return text


#: Outcome names in written .efg files are action histories up to this many characters.
MAX_OUTCOME_NAME = 200


def write_efg(game: Game, path: str | os.PathLike | None = None) -> str:
    """Gambit .efg text of an unbatched game; also written to ``path`` if given.

    Each terminal gets its own outcome, named by its action history (``outcome <k>`` when
    the history is longer than :data:`MAX_OUTCOME_NAME` characters).
    Information sets are numbered per player in order of first appearance;
    user-labelled information sets keep their label.  Chance probabilities
    are written as exact fractions that sum to one (the last is ``1 - sum of
    the others``, which Gambit requires; it differs from the stored float by
    at most the 1e-9 tolerance of :class:`Game`).

    Parameters
    ----------
    game : Game
        An unbatched game (``game.at(index)`` picks one element of a batched game).
    path : str or os.PathLike, optional
        Also write the text to this file (atomically).

    Returns
    -------
    str
        The ``.efg`` text.

    Raises
    ------
    ParameterError
        ``game`` is not a :class:`Game`, or is batched.
    OutputError
        ``path`` cannot be written.

    Examples
    --------
    >>> text = cp.write_efg(cp.catalog.load("entry_deterrence"))
    >>> print(text.splitlines()[0])
    EFG 2 R "Entry deterrence (Selten 1978)" { "Entrant" "Incumbent" }
    >>> cp.spe(cp.read_efg(text)).path()
    ('enter', 'accommodate')
    """
    if not isinstance(game, Game):
        raise ParameterError(f"write_efg() needs a Game, got {type(game).__name__}", "game")
    _check_unbatched(game, "write_efg")
    players = " ".join(f'"{_escape(pl)}"' for pl in game.players)
    lines = [f'EFG 2 R "{_escape(game.title)}" {{ {players} }}', '""', ""]
    iset_num: dict[int, int] = {}
    per_player = [0] * game.n_players
    chance_num = 0
    out_num = 0
    used_names: set[str] = set()
    for v in game.walk():
        k = game.kind[v]
        if k == TERMINAL:
            out_num += 1
            # named by its action history, unless that is long (a deep chain would otherwise
            # repeat its whole history at every terminal: quadratic file size)
            where = game.node_path(v)
            name = (where[5:] or "root") if len(where) <= MAX_OUTCOME_NAME else f"outcome {out_num}"
            while name in used_names:
                name += "'"
            used_names.add(name)
            pays = ", ".join(_num(x) for x in game.payoffs[:, game.terminal_index[v]])
            lines.append(f't "" {out_num} "{_escape(name)}" {{ {pays} }}')
        elif k == CHANCE:
            chance_num += 1
            kids = list(game.children(v))
            probs = _probs_text([float(game.chance_probs[game.chance_index[c]]) for c in kids])
            body = " ".join(f'"{_escape(game.edge_label[c])}" {q}' for c, q in zip(kids, probs))
            lines.append(f'c "" {chance_num} "" {{ {body} }} 0')
        else:
            s = game.infosets[game.infoset[v]]
            if s.index not in iset_num:
                per_player[s.player] += 1
                iset_num[s.index] = per_player[s.player]
            label = "" if s.label == game.node_path(s.nodes[0]) and len(s.nodes) == 1 else s.label
            acts = " ".join(f'"{_escape(a)}"' for a in s.actions)
            lines.append(
                f'p "" {s.player + 1} {iset_num[s.index]} "{_escape(label)}" {{ {acts} }} 0'
            )
    return _write("\n".join(lines) + "\n", path)


# ====================================================================== NFG
def read_nfg(source: Source) -> NormalFormGame:
    """Read a Gambit strategic game (.nfg, payoff or outcome version) from a path, file or text.

    Parameters
    ----------
    source : str, os.PathLike or file object
        A path to a ``.nfg`` file, an open file, or the file's text (starting with ``NFG``).

    Returns
    -------
    NormalFormGame
        The game.

    Raises
    ------
    GameFileError
        The text is not a valid ``.nfg`` file (the error carries the ``line``).  The same error when the file exceeds a size limit of :mod:`compellence.limits`.

    Examples
    --------
    >>> g = cp.read_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> g.shape, g.bimatrix()[0].tolist()
    ((2, 2), [[3.0, 0.0], [5.0, 1.0]])
    """
    text, src = _read_source(source)
    p = _Parser(text, src)
    title, players = _header(p, "NFG", "1")
    n = len(players)
    start = p.expect("lb", "'{' opening the strategy list")
    labels: list[list[str]] = []
    if p.peek().kind == "lb":
        for pl in players:
            t = p.peek()
            if t.kind != "lb":
                raise p.error(
                    f"expected the strategy labels of {pl!r} in '{{ }}', found {t.show()}", t
                )
            labs = p.text_list(f"strategy labels of {pl!r}")
            if not labs:
                raise p.error(f"player {pl!r} has no strategies", t)
            labels.append(_normalize(labs))
    else:
        counts = []
        for pl in players:
            m, t = p.int(f"the number of strategies of {pl!r}")
            if m < 1:
                raise p.error(f"player {pl!r} needs at least one strategy, got {m}", t)
            counts.append(m)
        # before any label or payoff array is made (a tiny file can declare a huge game)
        check_size("max_payoff_entries", n * math.prod(counts), f"the declared {n}-player game",
                   exc=GameFileError, line=start.line, source=p.source)
        labels = [[str(k + 1) for k in range(m)] for m in counts]
    t = p.next()
    if t.kind != "rb":
        raise p.error(
            f"expected '}}' closing the strategy list of {n} players (opened on line {start.line}), "
            f"found {t.show()}",
            t,
        )
    if p.peek().kind == "text":
        p.next()  # comment
    shape = tuple(len(labs) for labs in labels)
    check_size("max_payoff_entries", n * math.prod(shape), f"the declared {n}-player game",
               exc=GameFileError, line=start.line, source=p.source)
    n_prof = int(np.prod(shape))
    body = p.peek()
    if body.kind == "lb":
        p.next()
        pays_list: list[np.ndarray] = []
        while p.peek().kind == "lb":
            p.next()
            p.expect("text", "the quoted outcome name")
            vals = []
            while p.peek().kind == "num":
                vals.append(p.number("a payoff"))
                p.accept("comma")
            t = p.next()
            if t.kind != "rb":
                raise p.error(f"expected a payoff or '}}', found {t.show()}", t)
            if len(vals) != n:
                raise p.error(
                    f"outcome {len(pays_list) + 1} has {len(vals)} payoffs but the game has "
                    f"{n} players",
                    t,
                )
            pays_list.append(np.array(vals))
        p.expect("rb", "'}' closing the outcome list or '{' opening an outcome")
        flat = np.zeros((n, n_prof))
        for k in range(n_prof):
            t = p.peek()
            if t.kind != "num":
                raise p.error(
                    f"expected {n_prof} outcome numbers (one per strategy profile), found "
                    f"{k} before {t.show()}",
                    t,
                )
            oid, t = p.int("an outcome number")
            if oid < 0 or oid > len(pays_list):
                raise p.error(
                    f"outcome {oid} does not exist: there are {len(pays_list)} outcomes "
                    "(0 is the null outcome)",
                    t,
                )
            if oid:
                flat[:, k] = pays_list[oid - 1]
    elif body.kind == "num":
        vals = []
        while p.peek().kind == "num":
            vals.append(p.number("a payoff"))
            p.accept("comma")
        if len(vals) != n * n_prof:
            raise p.error(
                f"expected {n * n_prof} payoffs ({n} players x {n_prof} strategy profiles), "
                f"found {len(vals)}",
            )
        flat = np.array(vals).reshape(n_prof, n).T
    else:
        raise p.error(f"expected payoffs or an outcome list, found {body.show()}", body)
    t = p.peek()
    if t.kind != "eof":
        raise p.error(f"unexpected {t.show()} after the last payoff", t)
    # profiles are listed with the first player's strategy changing fastest
    payoffs = flat.reshape((n, *shape), order="F")
    try:
        return NormalFormGame(payoffs, players=players, strategies=labels, title=title)
    except GameError as exc:
        raise GameFileError(str(exc), body.line, src) from None


def write_nfg(
    game: NormalFormGame | Game,
    path: str | os.PathLike | None = None,
    *,
    version: str = "payoff",
) -> str:
    """Gambit .nfg text of a normal-form game; also written to ``path`` if given.

    ``version="payoff"`` lists the payoffs of every profile; ``"outcome"``
    lists each distinct payoff vector once as an outcome (named by the first
    profile that has it) and then one outcome number per profile.  A
    :class:`Game` is written as its reduced strategic form
    (:func:`~compellence.games.reduced.to_normal_form`).

    Parameters
    ----------
    game : NormalFormGame or Game
        The game (an extensive game is written as its reduced normal form).
    path : str or os.PathLike, optional
        Also write the text to this file (atomically).
    version : {"payoff", "outcome"}, optional
        The .nfg flavour.

    Returns
    -------
    str
        The ``.nfg`` text.

    Raises
    ------
    ParameterError
        An unknown ``version``, or ``game`` is neither a normal-form nor an extensive game.
    OutputError
        ``path`` cannot be written.

    Examples
    --------
    >>> g = cp.catalog.load("prisoners_dilemma")
    >>> text = cp.write_nfg(g)
    >>> cp.read_nfg(text).bimatrix()[0].tolist() == g.bimatrix()[0].tolist()
    True
    """
    if version not in ("payoff", "outcome"):
        raise ParameterError(f"version must be 'payoff' or 'outcome', got {version!r}", "version")
    if isinstance(game, Game):
        _check_unbatched(game, "write_nfg")
        from .reduced import to_normal_form

        game = to_normal_form(game)
    if not isinstance(game, NormalFormGame):
        raise ParameterError(
            f"write_nfg() needs a NormalFormGame or a Game, got {type(game).__name__}", "game"
        )
    n = game.n_players
    players = " ".join(f'"{_escape(pl)}"' for pl in game.players)
    strats = "\n".join(
        "{ " + " ".join(f'"{_escape(s)}"' for s in labs) + " }" for labs in game.strategies
    )
    lines = [f'NFG 1 R "{_escape(game.title)}" {{ {players} }}', "", "{ " + strats + "\n}", '""', ""]
    flat = game.payoffs.reshape(n, -1, order="F")  # profile k: first player's strategy fastest
    profiles = list(np.ndindex(*reversed(game.shape)))  # same order, as tuples (last .. first)
    if version == "payoff":
        lines.append(" ".join(" ".join(_num(x) for x in flat[:, k]) for k in range(flat.shape[1])))
    else:
        index: dict[tuple[float, ...], int] = {}
        names: list[str] = []
        rows: list[str] = []
        ids = []
        for k in range(flat.shape[1]):
            key = tuple(float(x) for x in flat[:, k])
            if key not in index:
                index[key] = len(index) + 1
                prof = tuple(reversed(profiles[k]))
                names.append(",".join(game.strategies[i][s] for i, s in enumerate(prof)))
                rows.append(
                    f'{{ "{_escape(names[-1])}" ' + ", ".join(_num(x) for x in key) + " }"
                )
            ids.append(str(index[key]))
        lines.append("{")
        lines.extend(rows)
        lines.append("}")
        lines.append(" ".join(ids))
    return _write("\n".join(lines) + "\n", path)


def to_pygambit(game: Game, index: Any = None) -> tuple[Any, list[Any]]:
    """The game as a pygambit ``Game``, and the pygambit selector of each of our nodes.

    Interoperability with Gambit's own solvers (pygambit >= 17 is an optional
    package, not a dependency of compellence).  The tree goes through
    :func:`write_efg`'s exact text, so payoffs, chance probabilities (exact
    fractions summing to one) and information sets are Gambit's reading of the
    same file a user would open.  Returns ``(gbt_game, nodes)`` with ``nodes[i]`` the
    ``pygambit.H`` selector of our node ``i`` (the path of action labels from the root,
    which is how pygambit 17 names a node, an information set through any member, or
    a mixed action: ``gbt_game.get_actions(nodes[i])``, ``profile[nodes[i]]``);
    a node's actions are in our action order.

    Parameters
    ----------
    game : Game
        The game.
    index : int or tuple[int, ...], optional
        The batch element of a batched game.

    Returns
    -------
    tuple[pygambit.Game, list]
        ``(gbt_game, nodes)``.

    Raises
    ------
    ParameterError
        pygambit (>= 17) is not installed, or ``index`` does not fit the batch shape.

    Examples
    --------
    >>> from compellence.games import to_pygambit
    >>> gbt_game, nodes = to_pygambit(cp.catalog.load("entry_deterrence"))
    >>> len(nodes), gbt_game.title
    (5, 'Entry deterrence (Selten 1978)')
    """
    try:
        import pygambit as gbt
    except ImportError:
        gbt = None
    if gbt is None or not hasattr(gbt, "H"):  # pygambit < 17 has no H selectors
        raise ParameterError(
            "to_pygambit() needs pygambit >= 17: pip install 'pygambit>=17.0.0b2'", "pygambit"
        )
    g = game.at(index) if index is not None else game
    pg = gbt.read_efg(io.StringIO(write_efg(g)))
    paths: list[tuple[str, ...]] = [()] * g.n_nodes
    for i in range(g.n_nodes):  # breadth-first: a parent's path is known before its children
        for c in g.children(i):
            paths[c] = (*paths[i], g.edge_label[c])
    nodes: list[Any] = [gbt.H.path(*p) for p in paths]
    return pg, nodes
