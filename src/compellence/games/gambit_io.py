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
import math
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GameError, GameFileError, ParameterError
from ..limits import check_size, get_limit
from ..validation import require_scalar_game
from .nodes import chance, decision, outcome
from .normal_form import NormalFormGame
from .tree import CHANCE, TERMINAL, Game

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


@dataclass(frozen=True)
class _Tok:
    kind: str  # text, lb, rb, comma, num, sym, eof
    value: str
    line: int

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


def _tokenize(text: str, source: str | None) -> list[_Tok]:
    toks: list[_Tok] = []
    pos, line, n = 0, 1, len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos] == '"':
                raise GameFileError("unterminated quoted string", line, source)
            raise GameFileError(f"cannot read {text[pos:pos + 20]!r}", line, source)
        kind = m.lastgroup
        val = m.group()
        if kind == "text":
            toks.append(_Tok("text", _unescape(val[1:-1]), line))
        elif kind != "ws":
            toks.append(_Tok(kind, val, line))
        line += val.count("\n")
        pos = m.end()
    # the end of the file is reported at the line of its last token (where something is missing)
    toks.append(_Tok("eof", "", toks[-1].line if toks else 1))
    return toks


class _Parser:
    def __init__(self, text: str, source: str | None):
        self.source = source
        self.toks = _tokenize(text, source)
        self.i = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def next(self) -> _Tok:
        t = self.toks[self.i]
        if t.kind != "eof":
            self.i += 1
        return t

    def error(self, msg: str, tok: _Tok | None = None) -> GameFileError:
        tok = tok or self.peek()
        return GameFileError(msg, tok.line, self.source)

    def expect(self, kind: str, what: str) -> _Tok:
        t = self.next()
        if t.kind != kind:
            raise self.error(f"expected {what}, found {t.show()}", t)
        return t

    def number(self, what: str) -> float:
        t = self.next()
        if t.kind != "num":
            raise self.error(f"expected {what} (a number), found {t.show()}", t)
        try:
            v = _to_float(t.value)
        except ZeroDivisionError:
            raise self.error(f"{what} {_clip(t.value)} is a division by zero", t) from None
        except (OverflowError, ValueError):  # beyond a float, or past Python's int-digit limit
            raise self.error(f"{what} {_clip(t.value)} is too large for a float (limit ~1.8e308)", t) from None
        return v

    def int(self, what: str) -> tuple[int, _Tok]:
        t = self.next()
        if t.kind != "num" or not re.fullmatch(r"[+-]?\d+", t.value):
            raise self.error(f"expected {what} (an integer), found {t.show()}", t)
        if len(t.value.lstrip("+-")) > 18:  # no count or index in a game file needs more digits
            raise self.error(f"{what} {_clip(t.value)} is too large", t)
        return int(t.value), t

    def accept(self, kind: str) -> bool:
        if self.peek().kind == kind:
            self.next()
            return True
        return False

    def text_list(self, what: str) -> list[str]:
        self.expect("lb", f"'{{' opening the {what}")
        out = []
        while self.peek().kind == "text":
            out.append(self.next().value)
        self.expect("rb", f"'}}' closing the {what} (labels must be quoted)")
        return out

    def payoffs(self, n: int, what: str) -> list[float]:
        start = self.expect("lb", f"'{{' opening the payoffs of {what}")
        vals = []
        while self.peek().kind == "num":
            vals.append(self.number("a payoff"))
            self.accept("comma")
        t = self.peek()
        if t.kind != "rb":
            raise self.error(f"expected a payoff or '}}' in {what}, found {t.show()}", t)
        self.next()
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
        return float(Fraction(int(num), int(den)))
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
@dataclass
class _Rec:
    kind: str
    line: int
    parent: int
    player: int = -1
    infoset: tuple[int, int] | None = None
    actions: tuple[str, ...] = ()
    probs: tuple[float, ...] = ()
    payoff: np.ndarray | None = None  # accumulated along the path
    children: list[int] | None = None


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
    p = _Parser(text, src)
    title, players = _header(p, "EFG", "2")
    n = len(players)
    if p.peek().kind == "text":
        p.next()  # comment
    outcomes: dict[int, np.ndarray] = {}
    infosets: dict[tuple[int, int], tuple[str, tuple[str, ...], tuple[float, ...], int]] = {}
    recs: list[_Rec] = []
    stack: list[tuple[int, int]] = []  # (record, children still to read)
    max_nodes = get_limit("max_nodes")
    while True:
        t = p.next()
        if len(recs) >= max_nodes:
            check_size("max_nodes", len(recs) + 1, "the game tree", exc=GameFileError, line=t.line,
                       source=p.source)
        parent = stack[-1][0] if stack else -1
        if t.kind == "eof":
            raise p.error("the file ends before the tree is complete" if recs else
                          "the file has no nodes", t)
        if t.kind != "sym" or t.value not in ("p", "c", "t"):
            raise p.error(f"expected a node type 'p', 'c' or 't', found {t.show()}", t)
        p.expect("text", "the quoted node label")
        rec = _Rec(kind=t.value, line=t.line, parent=parent)
        if t.value in ("p", "c"):
            if t.value == "p":
                pl, pt = p.int("the player number")
                if not 1 <= pl <= n:
                    raise p.error(f"player {pl} does not exist: the game has {n} players", pt)
                rec.player = pl - 1
            else:
                pl = 0
            num, nt = p.int("the information set number")
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
                if key in infosets:
                    old = infosets[key]
                    if tuple(acts) != old[1] or (pl == 0 and tuple(probs) != old[2]):
                        raise p.error(
                            f"information set {num} of {'chance' if pl == 0 else players[pl - 1]!r} "
                            f"was defined on line {old[3]} with other actions"
                            + (" or probabilities" if pl == 0 else ""),
                            nt,
                        )
                else:
                    infosets[key] = (label, tuple(acts), tuple(probs), nt.line)
            elif key not in infosets:
                raise p.error(
                    f"information set {num} of {'chance' if pl == 0 else players[pl - 1]!r} is "
                    "used before its actions are given",
                    nt,
                )
            rec.infoset = key
            rec.actions = infosets[key][1]
            rec.probs = infosets[key][2]
        # outcome
        oid, ot = p.int("the outcome number")
        if p.peek().kind == "text":
            if oid == 0:
                raise p.error("the null outcome 0 cannot have a name or payoffs", ot)
            p.next()
            pays = np.array(p.payoffs(n, f"outcome {oid}"))
            if oid in outcomes and not np.array_equal(outcomes[oid], pays):
                raise p.error(f"outcome {oid} was defined before with other payoffs", ot)
            outcomes[oid] = pays
        elif oid != 0 and oid not in outcomes:
            raise p.error(f"outcome {oid} is used before its payoffs are given", ot)
        if oid < 0:
            raise p.error(f"outcome numbers are >= 0, got {oid}", ot)
        own = outcomes[oid] if oid else np.zeros(n)
        base = recs[parent].payoff if parent >= 0 else np.zeros(n)
        rec.payoff = base + own
        idx = len(recs)
        recs.append(rec)
        if parent >= 0:
            recs[parent].children.append(idx)  # type: ignore[union-attr]
            r, left = stack[-1]
            stack[-1] = (r, left - 1)
        if rec.kind != "t":
            rec.children = []
            stack.append((idx, len(rec.actions)))
        while stack and stack[-1][1] == 0:
            stack.pop()
        if not stack:
            break
    t = p.peek()
    if t.kind != "eof":
        raise p.error(f"unexpected {t.show()} after the last node of the tree", t)
    # information-set labels for compellence: unique across the game
    per_player = [(k, v[0]) for k, v in infosets.items() if k[0] > 0]
    members: dict[tuple[int, int], int] = {}
    for r in recs:
        if r.kind == "p":
            members[r.infoset] = members.get(r.infoset, 0) + 1  # type: ignore[index]
    counts: dict[str, int] = {}
    for _, lab in per_player:
        counts[lab] = counts.get(lab, 0) + 1
    iset_label: dict[tuple[int, int], str | None] = {}
    for key, lab in per_player:
        if lab and counts[lab] == 1:
            iset_label[key] = lab
        elif members.get(key, 0) > 1:
            iset_label[key] = f"{players[key[0] - 1]}:{key[1]}"
        else:
            iset_label[key] = None
    # bottom-up construction of the node specs
    specs: list[Any] = [None] * len(recs)
    for idx in range(len(recs) - 1, -1, -1):
        r = recs[idx]
        if r.kind == "t":
            specs[idx] = outcome(*[float(v) for v in r.payoff])  # type: ignore[union-attr]
        elif r.kind == "c":
            specs[idx] = chance(
                {a: (pr, specs[c]) for a, pr, c in zip(r.actions, r.probs, r.children)}  # type: ignore[arg-type]
            )
        else:
            specs[idx] = decision(
                players[r.player],
                {a: specs[c] for a, c in zip(r.actions, r.children)},  # type: ignore[arg-type]
                infoset=iset_label[r.infoset],  # type: ignore[index]
            )
    try:
        return Game(players, specs[0], title=title)
    except GameError as exc:
        line = _line_of_path(recs, exc.path) if exc.path else None
        raise GameFileError(str(exc), line if line is not None else recs[0].line, src) from None


def _line_of_path(recs: list[_Rec], path: str) -> int | None:
    parts = path.split("/")[1:]
    i = 0
    for a in parts:
        r = recs[i]
        if not r.children or a not in r.actions:
            return None
        i = r.children[r.actions.index(a)]
    return recs[i].line


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
