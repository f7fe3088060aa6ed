"""Map TOML key paths to the line they are written on.

:mod:`tomllib` parses TOML into plain dicts and lists but keeps no positions,
so a validation error could only say *which* key is wrong, not *where*.  This
module walks the TOML text once more (after :mod:`tomllib` has accepted it,
so it can be lenient about syntax) and records the 1-based line of every key
path it sees:

* table headers ``[a.b]`` and arrays of tables ``[[instruments]]`` (each
  ``[[...]]`` header opens the next element: ``("instruments", 1)``), including
  sub-tables of the latest element (``[instruments.effects]``),
* dotted keys ``a.b.c = 1``,
* inline tables ``x = {a = 1, b = {c = 2}}`` and arrays, including arrays
  that span several lines and arrays of inline tables (``("members", 2, "name")``),
* strings of every kind (so a ``#`` or ``=`` inside a string is not mistaken
  for a comment or a key), multi-line strings included.

A key path is a tuple of ``str`` (table keys) and ``int`` (array indices);
:func:`format_path` writes it the way a user reads it:
``instruments[1].reversibility``.
"""

from __future__ import annotations

import re
from collections.abc import ItemsView, Sequence

__all__ = ["KeyPath", "LineMap", "format_path", "parse_path", "locate_lines"]

KeyPath = tuple  # tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def format_path(path: Sequence[str | int]) -> str:
    """``("instruments", 1, "reversibility")`` -> ``"instruments[1].reversibility"``.

    Parameters
    ----------
    path : sequence of str or int
        Keys and list indices.

    Returns
    -------
    str
        The key path as written in messages and on the command line (keys
        that are not bare TOML keys are quoted).

    Examples
    --------
    >>> from compellence.scenario import format_path
    >>> format_path(("instruments", 1, "reversibility"))
    'instruments[1].reversibility'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if _BARE.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
            out += ("." if out else "") + name
    return out


_PATH_TOKEN = re.compile(r'\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|\[\s*(-?\d+)\s*\])\s*')


def parse_path(text: str) -> KeyPath:
    """Inverse of :func:`format_path`: ``"instruments[1].reversibility"`` -> tuple.

    Parameters
    ----------
    text : str
        A key path.

    Returns
    -------
    KeyPath
        Keys and list indices.

    Raises
    ------
    ValueError
        Text that is not a key path (with the position).

    Examples
    --------
    >>> from compellence.scenario import parse_path
    >>> parse_path("instruments[1].reversibility")
    ('instruments', 1, 'reversibility')
    """
    parts: list[str | int] = []
    i = 0
    n = len(text)
    if not text.strip():
        raise ValueError("empty key path")
    expect_name = True
    while i < n:
        if not expect_name and text[i] == ".":
            i += 1
            expect_name = True
            continue
        m = _PATH_TOKEN.match(text, i)
        if not m or m.end() == i:
            raise ValueError(f"cannot read a key path at {text[i:]!r}")
        bare, quoted, index = m.groups()
        if index is not None:
            if not parts:
                raise ValueError("a key path cannot start with an index")
            parts.append(int(index))
        else:
            if not expect_name:
                raise ValueError(f"expected '.' or '[' before {text[i:]!r}")
            parts.append(bare if bare is not None else quoted.replace('\\"', '"'))
        expect_name = False
        i = m.end()
    if expect_name:
        raise ValueError("a key path cannot end with '.'")
    return tuple(parts)


class LineMap:
    r"""Key path -> 1-based line, with a fallback to the nearest enclosing table.

    Built by :func:`locate_lines`.

    Parameters
    ----------
    lines : dict of KeyPath to int
        Key path (tuple of keys and list indices) -> 1-based line.
    unplaced : frozenset of KeyPath, optional
        Key paths that are not in the text (e.g. set on the command line): they
        and everything below them have no line.

    Examples
    --------
    >>> from compellence.scenario import locate_lines
    >>> lines = locate_lines('title = "x"\n[[instruments]]\ncost_target = 0.1\n')
    >>> lines.line(("instruments", 0, "cost_target")), lines.line(("instruments", 0, "name"))
    (3, 2)
    """

    def __init__(self, lines: dict[KeyPath, int], unplaced: frozenset = frozenset()):
        self._lines = dict(lines)
        #: key paths that are not in the text (e.g. set on the command line): no line
        self.unplaced = frozenset(unplaced)

    def __contains__(self, path: object) -> bool:
        return path in self._lines

    def __len__(self) -> int:
        return len(self._lines)

    def items(self) -> ItemsView[KeyPath, int]:
        r"""Every located key path with its line.

        Returns
        -------
        ItemsView of (KeyPath, int)
            Key path -> 1-based line, in file order.

        Examples
        --------
        >>> from compellence.scenario import locate_lines
        >>> lines = locate_lines('title = "x"\n[[instruments]]\ncost_target = 0.1\n')
        >>> list(lines.items())
        [(('title',), 1), (('instruments',), 2), (('instruments', 0), 2), (('instruments', 0, 'cost_target'), 3)]
        """
        return self._lines.items()

    def _unplaced(self, p: tuple) -> bool:
        return any(p[: len(u)] == u for u in self.unplaced)

    def exact(self, path: Sequence[str | int]) -> int | None:
        r"""The line of exactly this key path, or ``None``.

        Parameters
        ----------
        path : sequence of str or int
            The key path.

        Returns
        -------
        int or None
            Its 1-based line, ``None`` if the text does not set it.

        Examples
        --------
        >>> from compellence.scenario import locate_lines
        >>> lines = locate_lines('title = "x"\n[[instruments]]\ncost_target = 0.1\n')
        >>> lines.exact(("title",)), lines.exact(("instruments", 0, "name"))
        (1, None)
        """
        p = tuple(path)
        return None if self._unplaced(p) else self._lines.get(p)

    def line(self, path: Sequence[str | int]) -> int | None:
        r"""The line of ``path``, else of its nearest ancestor that has one (``None`` at the top).

        Parameters
        ----------
        path : sequence of str or int
            The key path.

        Returns
        -------
        int or None
            A 1-based line.

        Examples
        --------
        >>> from compellence.scenario import locate_lines
        >>> lines = locate_lines('title = "x"\n[[instruments]]\ncost_target = 0.1\n')
        >>> lines.line(("instruments", 0, "reversibility"))   # not set: its table's line
        2
        """
        p = tuple(path)
        if self._unplaced(p):
            return None
        while p:
            if p in self._lines:
                return self._lines[p]
            p = p[:-1]
        return None


def locate_lines(text: str) -> LineMap:
    r"""Scan TOML ``text`` and return the :class:`LineMap` of every key path in it.

    Parameters
    ----------
    text : str
        TOML text.

    Returns
    -------
    LineMap
        Key path -> 1-based line.

    Examples
    --------
    >>> from compellence.scenario import locate_lines
    >>> locate_lines('a = 1\n[b]\nc = {d = 2}\n').exact(("b", "c", "d"))
    3
    """
    scanner = _Scanner(text)
    scanner.document()
    return LineMap(scanner.lines)


class _Scanner:
    """A lenient recursive-descent walk over TOML that records positions, not values."""

    def __init__(self, text: str):
        self.s = text
        self.n = len(text)
        self.i = 0
        self.line = 1
        self.lines: dict[KeyPath, int] = {}
        self.aot_count: dict[KeyPath, int] = {}  # resolved array-of-tables path -> elements so far

    # ------------------------------------------------------------------ low level
    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < self.n else ""

    def advance(self, k: int = 1) -> None:
        for _ in range(k):
            if self.i < self.n:
                if self.s[self.i] == "\n":
                    self.line += 1
                self.i += 1

    def record(self, path: KeyPath, line: int, overwrite: bool = False) -> None:
        if overwrite or path not in self.lines:
            self.lines[path] = line

    def skip_inline_ws(self) -> None:
        while self.peek() in (" ", "\t", "\r") and self.peek() != "":
            self.advance()

    def skip_comment(self) -> None:
        if self.peek() == "#":
            while self.peek() not in ("\n", ""):
                self.advance()

    def skip_ws_nl_comments(self) -> None:
        while True:
            c = self.peek()
            if c in (" ", "\t", "\r", "\n") and c != "":
                self.advance()
            elif c == "#":
                self.skip_comment()
            else:
                return

    # ------------------------------------------------------------------ strings and keys
    def string(self) -> str:
        """Consume a string of any TOML kind and return its (roughly unescaped) text."""
        s = self.s
        if s.startswith('"""', self.i) or s.startswith("'''", self.i):
            quote = s[self.i : self.i + 3]
            self.advance(3)
            start = self.i
            while self.i < self.n:
                if quote == '"""' and self.peek() == "\\":
                    self.advance(2)
                    continue
                if s.startswith(quote, self.i):
                    # up to two extra quote characters may close the string
                    end = self.i
                    self.advance(3)
                    while self.peek() == quote[0]:
                        self.advance()
                        end += 1
                    return s[start:end]
                self.advance()
            return s[start:]
        quote = self.peek()
        self.advance()
        start = self.i
        while self.i < self.n and self.peek() not in (quote, "\n"):
            if quote == '"' and self.peek() == "\\":
                self.advance(2)
                continue
            self.advance()
        text = s[start : self.i]
        self.advance()  # closing quote
        if quote == '"':
            text = text.replace('\\"', '"').replace("\\\\", "\\")
        return text

    def key(self) -> list[str]:
        """A (possibly dotted, possibly quoted) key."""
        parts: list[str] = []
        while True:
            self.skip_inline_ws()
            c = self.peek()
            if c in ('"', "'"):
                parts.append(self.string())
            else:
                m = _BARE.match(self.s, self.i)
                if not m:
                    break
                parts.append(m.group(0))
                self.advance(m.end() - self.i)
            self.skip_inline_ws()
            if self.peek() == ".":
                self.advance()
                continue
            break
        return parts

    # ------------------------------------------------------------------ structure
    def resolve(self, parts: list[str]) -> KeyPath:
        """Header key -> resolved path, stepping into the latest element of arrays of tables."""
        out: list[str | int] = []
        for p in parts:
            out.append(p)
            t = tuple(out)
            if t in self.aot_count:
                out.append(self.aot_count[t] - 1)
        return tuple(out)

    def document(self) -> None:
        current: KeyPath = ()
        while True:
            self.skip_ws_nl_comments()
            c = self.peek()
            if c == "":
                return
            line = self.line
            if c == "[":
                if self.peek(1) == "[":
                    self.advance(2)
                    parts = self.key()
                    parent = self.resolve(parts[:-1])
                    base = parent + (parts[-1],)
                    k = self.aot_count.get(base, 0)
                    self.aot_count[base] = k + 1
                    for j in range(1, len(base) + 1):
                        self.record(base[:j], line)
                    current = base + (k,)
                    self.record(current, line, overwrite=True)
                    self.advance(2)  # ']]'
                else:
                    self.advance()
                    parts = self.key()
                    current = self.resolve(parts)
                    for j in range(1, len(current) + 1):
                        self.record(current[:j], line)
                    self.record(current, line, overwrite=True)
                    self.advance()  # ']'
                self.skip_inline_ws()
                self.skip_comment()
                continue
            parts = self.key()
            if not parts:  # not TOML we understand: skip the line rather than loop forever
                while self.peek() not in ("\n", ""):
                    self.advance()
                continue
            path = current + tuple(parts)
            for j in range(len(current) + 1, len(path) + 1):
                self.record(path[:j], line)
            self.skip_inline_ws()
            if self.peek() == "=":
                self.advance()
            self.value(path)
            self.skip_inline_ws()
            self.skip_comment()

    def value(self, path: KeyPath) -> None:
        self.skip_inline_ws()
        c = self.peek()
        self.record(path, self.line)
        if c in ('"', "'"):
            self.string()
        elif c == "{":
            self.advance()
            while True:
                self.skip_ws_nl_comments()
                if self.peek() in ("}", ""):
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
                line = self.line
                parts = self.key()
                if not parts:
                    self.advance()
                    continue
                sub = path + tuple(parts)
                for j in range(len(path) + 1, len(sub) + 1):
                    self.record(sub[:j], line)
                self.skip_inline_ws()
                if self.peek() == "=":
                    self.advance()
                self.value(sub)
        elif c == "[":
            self.advance()
            index = 0
            while True:
                self.skip_ws_nl_comments()
                if self.peek() in ("]", ""):
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
                self.value(path + (index,))
                index += 1
        else:
            # number, bool, date-time: runs until a delimiter
            while self.peek() not in (",", "]", "}", "\n", "#", ""):
                self.advance()
