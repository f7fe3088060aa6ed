"""A small declarative schema for TOML scenario files, with located errors.

A schema is a tree of :class:`Key` (a scalar or a list of scalars),
:class:`Table` (``[coercer]``) and :class:`TableArray` (``[[instruments]]``).
:func:`validate` checks parsed TOML (from :mod:`tomllib`) against it and
returns a plain dict with defaults filled in; the first problem raises a
:class:`ScenarioError` subclass whose message names the key path and the
line (found by :mod:`.toml_lines`), e.g.::

    instruments[1].reversibility = 1.4 (line 23): must be within [0, 1]
    coercer.discont (line 7): unknown key; did you mean 'discount'?

The same schema objects render the reference tables of ``docs/scenarios.md``
(:func:`render_markdown`), so documentation and validation cannot drift apart.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import MissingKeyError, ScenarioError, ScenarioValueError, UnknownKeyError, show_value
from .toml_lines import KeyPath, LineMap, format_path

if TYPE_CHECKING:
    from scipy.stats._distn_infrastructure import rv_frozen

    from ..coercion.uncertainty import Samples

__all__ = [
    "REQUIRED",
    "Key",
    "Table",
    "TableArray",
    "Entry",
    "ScenarioValueError",
    "UnknownKeyError",
    "MissingKeyError",
    "validate",
    "find_entry",
    "check_value",
    "check_distribution_table",
    "render_markdown",
    "suggest",
]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


#: Marker default: the key must be given.
REQUIRED: Any = _Required()


def suggest(word: str, options: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The closest of ``options`` to ``word`` (difflib, then case- and -/_-insensitive), or None.

    Parameters
    ----------
    word : str
        What the user wrote.
    options : sequence of str
        The valid words.
    cutoff : float, optional
        Similarity threshold of :func:`difflib.get_close_matches`, in ``[0, 1]``
        (default 0.6).

    Returns
    -------
    str or None
        The suggestion.

    Examples
    --------
    >>> from compellence.scenario.schema import suggest
    >>> suggest("titel", ["title", "kind"]), suggest("Cost-Target", ["cost_target"]), suggest("zzz", ["a"])
    ('title', 'cost_target', None)
    """
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    if close:
        return close[0]
    norm = {o.lower().replace("-", "_"): o for o in options}
    return norm.get(word.lower().replace("-", "_"))


def _num(x: float) -> str:
    if x == math.inf:
        return "inf"
    if x == -math.inf:
        return "-inf"
    return f"{x:g}"


# ---------------------------------------------------------------------------- schema nodes
@dataclass(frozen=True)
class Key:
    """One key with a scalar (or list-of-scalar) value.

    A record of the scenario schema (:mod:`compellence.scenario.definitions`).

    Attributes
    ----------
    name : str
        The key.
    type : str
        One of ``"float"``, ``"int"``, ``"bool"``, ``"str"``, ``"choice"`` (a
        string from ``choices``), ``"float_list"``, ``"str_list"``.
    doc : str
        What the key means, with its unit.
    default : Any
        The default (``REQUIRED`` for a required key).
    lo, hi : float or None
        Bounds of numbers (and of every element of a float list).
    lo_open, hi_open : bool
        Make the bound strict.
    choices : tuple of str
        The allowed strings of a ``"choice"``.
    sweepable : bool
        ``compellence sweep --vary`` may set this key to a grid.
    min_items : int
        Smallest length of a list.

    Examples
    --------
    >>> from compellence.scenario.schema import Key
    >>> k = Key("credibility", "float", "probability", default=0.5, lo=0.0, hi=1.0)
    >>> k.required, k.range_text()
    (False, '[0, 1]')
    """

    name: str
    type: str
    doc: str
    default: Any = REQUIRED
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    choices: tuple[str, ...] = ()
    sweepable: bool = False
    min_items: int = 0

    @property
    def required(self) -> bool:
        """Whether the key must be given (it has no default)."""
        return self.default is REQUIRED

    def range_text(self) -> str:
        """The key's allowed values in words, for messages and the reference tables.

        Returns
        -------
        str
            An interval (``[0, 1]``, ``(0, inf)``), the choices, or ``""``.

        Examples
        --------
        >>> from compellence.scenario.schema import Key
        >>> Key("discount", "float", "per period", lo=0.0, hi=1.0, lo_open=True, hi_open=True).range_text()
        '(0, 1)'
        """
        if self.type == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.lo is None and self.hi is None:
            return ""
        lo = "-inf" if self.lo is None else _num(self.lo)
        hi = "inf" if self.hi is None else _num(self.hi)
        left = "(" if (self.lo_open or self.lo is None) else "["
        right = ")" if (self.hi_open or self.hi is None) else "]"
        return f"{left}{lo}, {hi}{right}"


@dataclass(frozen=True)
class Table:
    """A table ``[name]`` of keys and sub-tables.  ``default=None``: optional and absent.

    Attributes
    ----------
    name : str
        The table's key.
    doc : str
        What the table holds.
    entries : tuple of Entry
        Its keys, tables and table arrays.
    required : bool
        The table must be present.
    example : str
        A TOML example for the reference.

    Examples
    --------
    >>> from compellence.scenario.schema import Key, Table, validate
    >>> schema = Table("", "top", (Key("x", "float", "a share", default=0.5, lo=0, hi=1),))
    >>> validate({}, schema)
    {'x': 0.5}
    """

    name: str
    doc: str
    entries: tuple[Entry, ...]
    required: bool = False
    example: str = ""


@dataclass(frozen=True)
class TableArray:
    """An array of tables ``[[name]]`` (or an array of inline tables).

    Attributes
    ----------
    name : str
        The array's key.
    doc : str
        What an element is.
    entries : tuple of Entry
        The keys common to every element.
    min_items, max_items : int, int or None
        Bounds on the number of elements.
    example : str
        A TOML example for the reference.
    unique_key : str or None
        A key whose values must differ between elements.
    discriminator : str or None
        The key that picks an element's variant (e.g. ``kind``).
    variants : tuple of (str, tuple of Entry)
        Each variant's extra entries.

    Examples
    --------
    >>> from compellence.scenario import CAMPAIGN
    >>> from compellence.scenario.schema import find_entry
    >>> arr = find_entry(CAMPAIGN, ("instruments",))
    >>> arr.discriminator, [v for v, _ in arr.variants][:2]
    ('kind', ['sanctions', 'military_aid'])
    """

    name: str
    doc: str
    entries: tuple[Entry, ...]
    min_items: int = 0
    max_items: int | None = None
    example: str = ""
    unique_key: str | None = None  # e.g. "name": no two elements may share it
    #: key whose (choice) value selects extra entries: ``(("sanctions", (Key, ...)), ...)``
    discriminator: str | None = None
    variants: tuple[tuple[str, tuple[Entry, ...]], ...] = ()

    def entries_for(self, item: Mapping[str, Any]) -> tuple[Entry, ...]:
        """The entries that apply to one element (common + its variant's).

        Parameters
        ----------
        item : mapping
            One element of the array (its discriminator picks the variant).

        Returns
        -------
        tuple of Entry
            The common entries, then the variant's.

        Examples
        --------
        >>> from compellence.scenario import CAMPAIGN
        >>> from compellence.scenario.schema import find_entry
        >>> arr = find_entry(CAMPAIGN, ("instruments",))
        >>> "reversibility" in [e.name for e in arr.entries_for({"kind": "sanctions"})]
        True
        """
        if not self.discriminator:
            return self.entries
        extra = dict(self.variants).get(item.get(self.discriminator), ())
        return self.entries + tuple(extra)

    def variant_of(self, key: str) -> list[str]:
        """The variants that have an entry called ``key``.

        Parameters
        ----------
        key : str
            An entry name.

        Returns
        -------
        list of str
            The variants' names.

        Examples
        --------
        >>> from compellence.scenario import CAMPAIGN
        >>> from compellence.scenario.schema import find_entry
        >>> find_entry(CAMPAIGN, ("instruments",)).variant_of("overt")
        ['military_aid']
        """
        return [v for v, ents in self.variants if any(e.name == key for e in ents)]


Entry = Key | Table | TableArray


@dataclass
class _Ctx:
    lines: LineMap
    source: str | None
    unknown: list = field(default_factory=list)

    def line(self, path: KeyPath) -> int | None:
        return self.lines.line(path)


# ---------------------------------------------------------------------------- validation
def validate(
    data: Mapping[str, Any], schema: Table, lines: LineMap | None = None, source: str | None = None
) -> dict[str, Any]:
    """Check ``data`` (parsed TOML) against ``schema``; return it with defaults filled in.

    Raises the first error found: unknown keys first, in file order, since a
    misspelt key usually explains a "missing" one.

    Parameters
    ----------
    data : mapping
        Parsed TOML.
    schema : Table
        The schema of the file's kind.
    lines : LineMap or None, optional
        Where each key is (for the messages).
    source : str or None, optional
        The file name (for the messages).

    Returns
    -------
    dict
        The data with defaults filled in.

    Raises
    ------
    UnknownKeyError
        A key the schema does not know (with a did-you-mean suggestion).
    MissingKeyError
        A required key or table is missing.
    ScenarioValueError
        A value of the wrong type or out of range.

    Examples
    --------
    >>> from compellence.scenario.schema import Key, Table, validate
    >>> schema = Table("", "top", (Key("x", "float", "a share", lo=0, hi=1),))
    >>> validate({"x": 1}, schema)
    {'x': 1.0}
    >>> validate({"x": 2}, schema, source="s.toml")
    Traceback (most recent call last):
    ...
    compellence.errors.ScenarioValueError: s.toml: x = 2: must be within [0, 1]
    """
    ctx = _Ctx(lines or LineMap({}), source)
    _check_unknown(data, schema.entries, (), ctx)
    return _table(data, schema.entries, (), ctx)


def _check_unknown(data: Mapping[str, Any], entries: Sequence[Entry], path: KeyPath,
                   ctx: _Ctx, array: TableArray | None = None) -> None:
    known = {e.name: e for e in entries}
    for k, v in data.items():
        sub = path + (k,)
        if k not in known:
            hit = suggest(k, list(known))
            close = [hit] if hit else []
            hint = f"; did you mean {close[0]!r}?" if close else ""
            allowed = ", ".join(sorted(known)) if len(known) <= 16 else f"{len(known)} known keys"
            where = f"in [{format_path(path)}]" if path else "at the top level"
            if array is not None and array.discriminator:
                kind = data.get(array.discriminator)
                where = f"for {array.discriminator} = {kind!r}"
                others = array.variant_of(k)
                if others:
                    hint += (f" ({k!r} applies to {array.discriminator} = "
                             + " or ".join(repr(o) for o in others) + ")")
            raise UnknownKeyError(
                f"unknown key {where}{hint} (known: {allowed})",
                key=format_path(sub),
                line=ctx.lines.exact(sub) or ctx.line(sub),
                source=ctx.source,
                suggestion=close[0] if close else None,
            )
        e = known[k]
        if isinstance(e, Table) and isinstance(v, Mapping):
            _check_unknown(v, e.entries, sub, ctx)
        elif isinstance(e, TableArray) and isinstance(v, list):
            for i, item in enumerate(v):
                if isinstance(item, Mapping):
                    if e.discriminator:
                        _check_discriminator(e, item, sub + (i,), ctx)
                    _check_unknown(item, e.entries_for(item), sub + (i,), ctx, e)


def _check_discriminator(e: TableArray, item: Mapping[str, Any], path: KeyPath,
                         ctx: _Ctx) -> None:
    key = next(k for k in e.entries if k.name == e.discriminator)
    assert isinstance(key, Key)
    if e.discriminator in item:
        p = path + (e.discriminator,)
        check_value(key, item[e.discriminator], p, ctx.line(p), ctx.source)
    elif key.required:
        raise _missing(key, path, ctx)


def _table(data: Mapping[str, Any], entries: Sequence[Entry], path: KeyPath, ctx: _Ctx) -> dict:
    out: dict[str, Any] = {}
    for e in entries:
        sub = path + (e.name,)
        present = e.name in data
        v = data.get(e.name)
        if isinstance(e, Key):
            if not present:
                if e.required:
                    raise _missing(e, path, ctx)
                out[e.name] = e.default
            elif isinstance(v, Mapping) and e.type == "float" and e.sweepable:
                out[e.name] = check_distribution_table(e, v, sub, ctx.lines, ctx.source)
            else:
                out[e.name] = check_value(e, v, sub, ctx.line(sub), ctx.source)
        elif isinstance(e, Table):
            if not present:
                if e.required:
                    raise _missing(e, path, ctx)
                out[e.name] = None
                continue
            if not isinstance(v, Mapping):
                raise ScenarioValueError(
                    f"must be a table ([{format_path(sub)}] or {{...}})", format_path(sub), v,
                    ctx.line(sub), ctx.source,
                )
            out[e.name] = _table(v, e.entries, sub, ctx)
        else:  # TableArray
            if not present:
                if e.min_items > 0:
                    raise _missing(e, path, ctx)
                out[e.name] = []
                continue
            if not isinstance(v, list) or not all(isinstance(x, Mapping) for x in v):
                raise ScenarioValueError(
                    f"must be an array of tables ([[{format_path(sub)}]] sections)",
                    format_path(sub), v, ctx.line(sub), ctx.source,
                )
            if len(v) < e.min_items:
                raise ScenarioError(
                    f"needs at least {e.min_items} element(s), got {len(v)}",
                    key=format_path(sub), line=ctx.line(sub), source=ctx.source,
                )
            if e.max_items is not None and len(v) > e.max_items:
                raise ScenarioError(
                    f"allows at most {e.max_items} element(s), got {len(v)}",
                    key=format_path(sub), line=ctx.line(sub), source=ctx.source,
                )
            items = [_table(item, e.entries_for(item), sub + (i,), ctx) for i, item in enumerate(v)]
            if e.unique_key:
                seen: dict[Any, int] = {}
                for i, item in enumerate(items):
                    val = item.get(e.unique_key)
                    if val is None:  # an optional key left out: defaults are checked later
                        continue
                    if val in seen:
                        p = sub + (i, e.unique_key)
                        raise ScenarioValueError(
                            f"duplicate: {format_path(sub + (seen[val], e.unique_key))} "
                            "has the same value",
                            format_path(p), val, ctx.line(p), ctx.source,
                        )
                    seen[val] = i
            out[e.name] = items
    return out


def _missing(e: Entry, path: KeyPath, ctx: _Ctx) -> MissingKeyError:
    if isinstance(e, Table):
        how = f"add a [{format_path(path + (e.name,))}] table"
    elif isinstance(e, TableArray):
        how = f"add at least {e.min_items} [[{format_path(path + (e.name,))}]] section(s)"
    else:
        how = f"add `{e.name} = ...` ({e.doc.split('.')[0].strip()})"
        if path:
            how += f" under [{format_path(path)}]"
    return MissingKeyError(
        f"required key is missing: {how}",
        key=format_path(path + (e.name,)),
        line=ctx.line(path) if path else None,
        source=ctx.source,
    )


def check_value(key: Key, v: Any, path: KeyPath, line: int | None = None,
                source: str | None = None) -> float | int | bool | str | list[float] | list[str]:
    """Type- and range-check one value for ``key``; return it normalised (ints -> float etc.).

    Parameters
    ----------
    key : Key
        The schema key.
    v : Any
        The value from the file.
    path : KeyPath
        Its key path (for the message).
    line : int or None, optional
        Its line (for the message).
    source : str or None, optional
        The file name (for the message).

    Returns
    -------
    float or int or bool or str or list
        The value, normalised to the key's type.

    Raises
    ------
    ScenarioValueError
        The wrong type, or a number out of range.

    Examples
    --------
    >>> from compellence.scenario.schema import Key, check_value
    >>> check_value(Key("x", "float", "a share", lo=0, hi=1), 1, ("x",))
    1.0
    """
    name = format_path(path)

    def bad(msg: str) -> ScenarioValueError:
        return ScenarioValueError(msg, name, v, line, source)

    t = key.type
    if t in ("float", "int"):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise bad(f"must be a number{' (integer)' if t == 'int' else ''}, "
                      f"got {type(v).__name__ if not isinstance(v, str) else 'a string'}")
        if t == "int":
            if isinstance(v, float):
                if not v.is_integer():
                    raise bad("must be a whole number")
                v = int(v)
        else:
            try:
                v = float(v)
            except OverflowError:
                raise bad("is too large for a float (beyond about 1.8e308)") from None
        _check_range(key, v, bad)
        return v
    if t == "bool":
        if not isinstance(v, bool):
            raise bad("must be true or false")
        return v
    if t == "str":
        if not isinstance(v, str):
            raise bad("must be a string (in quotes)")
        return v
    if t == "choice":
        if not isinstance(v, str) or v not in key.choices:
            close = suggest(str(v), key.choices, cutoff=0.5)
            hint = f"; did you mean {close!r}?" if close else ""
            raise bad(f"must be {key.range_text()}{hint}")
        return v
    if t in ("float_list", "str_list"):
        if not isinstance(v, list):
            raise bad(f"must be a list [..] of {'numbers' if t == 'float_list' else 'strings'}")
        if len(v) < key.min_items:
            raise bad(f"needs at least {key.min_items} element(s)")
        out = []
        for i, x in enumerate(v):
            if t == "float_list":
                sub = Key(key.name, "float", key.doc, lo=key.lo, hi=key.hi,
                          lo_open=key.lo_open, hi_open=key.hi_open)
            else:
                sub = Key(key.name, "str", key.doc)
            out.append(check_value(sub, x, path + (i,), line, source))
        return out
    raise TypeError(f"schema error: unknown key type {t!r}")  # a bug in a schema, not user input


def check_distribution_table(key: Key, v: Mapping[str, Any], path: KeyPath, lines: LineMap,
                             source: str | None = None) -> Samples | rv_frozen:
    """An uncertain input ``name = {dist = "beta", a = 7, b = 3}``: the frozen distribution.

    Any numeric input key may be a distribution (``docs/coercion.md``, "Uncertain
    inputs"): a :mod:`scipy.stats` distribution by name with its own
    parameters, or ``{dist = "samples", values = [...]}``.

    Parameters
    ----------
    key : Key
        The schema key (its range bounds the support).
    v : mapping
        The inline table.
    path : KeyPath
        Its key path (for the messages).
    lines : LineMap
        Where each key is.
    source : str or None, optional
        The file name.

    Returns
    -------
    scipy.stats distribution or Samples
        The frozen distribution (or the samples).

    Raises
    ------
    ScenarioError
        Unknown names or parameters, or a support outside the key's range
        (naming the key path, e.g. ``...credibility.b``, and its line).

    Examples
    --------
    >>> from compellence.scenario.schema import Key, check_distribution_table
    >>> from compellence.scenario.toml_lines import LineMap
    >>> key = Key("credibility", "float", "probability", lo=0, hi=1)
    >>> d = check_distribution_table(key, {"dist": "beta", "a": 7, "b": 3}, ("credibility",), LineMap({}))
    >>> round(float(d.mean()), 6)
    0.7
    """
    from ..coercion.critical_inputs import InputRange
    from ..coercion.uncertainty import distribution_from_table
    from ..errors import ParameterError

    name = format_path(path)
    rng = InputRange(key.lo, key.hi, lo_open=key.lo_open, hi_open=key.hi_open)
    try:
        return distribution_from_table(v, name, rng)
    except ParameterError as exc:
        where = exc.name or name
        sub = path + (where[len(name) + 1:],) if where.startswith(name + ".") else path
        msg = str(exc)[len(f"{exc.name}: "):] if exc.name else str(exc)
        raise ScenarioError(msg, key=where, line=lines.line(sub), source=source) from None


def _check_range(key: Key, v: float, bad) -> None:
    if isinstance(v, float) and math.isnan(v):
        raise bad("must be a number, not nan")
    lo_fail = key.lo is not None and (v <= key.lo if key.lo_open else v < key.lo)
    hi_fail = key.hi is not None and (v >= key.hi if key.hi_open else v > key.hi)
    if lo_fail or hi_fail:
        raise bad(f"must be within {key.range_text()}")
    if key.lo is None and key.hi is None and math.isinf(v):
        raise bad("must be finite")


def find_entry(schema: Table, path: KeyPath) -> Entry | None:
    """The schema entry at a key path (array indices step into a table array), or ``None``.

    Parameters
    ----------
    schema : Table
        The schema.
    path : KeyPath
        Keys and list indices.

    Returns
    -------
    Entry or None
        The :class:`Key`, :class:`Table` or :class:`TableArray` there.

    Examples
    --------
    >>> from compellence.scenario import CAMPAIGN
    >>> from compellence.scenario.schema import find_entry
    >>> find_entry(CAMPAIGN, ("demand", "concession")).range_text()
    '[0, 1]'
    >>> find_entry(CAMPAIGN, ("demand", "nonsense")) is None
    True
    """
    entries: Sequence[Entry] = schema.entries
    entry: Entry | None = None
    parent: Entry | None = None
    i = 0
    while i < len(path):
        part = path[i]
        if isinstance(part, int):
            if not isinstance(entry, TableArray):
                return None
            i += 1
            continue
        entry = next((e for e in entries if e.name == part), None)
        if entry is None and isinstance(parent, TableArray):
            entry = next((e for _, ents in parent.variants for e in ents if e.name == part), None)
        parent = entry
        if entry is None:
            return None
        if isinstance(entry, (Table, TableArray)):
            entries = entry.entries
        elif i != len(path) - 1:
            return None
        i += 1
    return entry


def all_key_paths(schema: Table, prefix: KeyPath = ()) -> list[str]:
    """Every key path of the schema in doc notation (``instruments[].reversibility``)."""
    out: list[str] = []
    for e in schema.entries:
        p = prefix + (e.name,)
        if isinstance(e, Key):
            out.append(format_path(p))
        elif isinstance(e, Table):
            out.extend(all_key_paths(e, p))
        else:
            entries = list(e.entries)
            for _, ents in e.variants:
                entries += [x for x in ents if all(x.name != y.name for y in entries)]
            out.extend(k.replace(format_path(p), format_path(p) + "[]", 1)
                       for k in all_key_paths(Table(e.name, e.doc, tuple(entries)), p))
    return out


# ---------------------------------------------------------------------------- documentation
def render_markdown(schema: Table, level: int = 3, title: str = "") -> str:
    """Reference tables (Markdown) for a schema: one section per table, keys as table rows.

    Parameters
    ----------
    schema : Table
        The schema.
    level : int, optional
        Heading level of the sections (default 3).
    title : str, optional
        Heading of the top table (default: none).

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> from compellence.scenario.schema import Key, Table, render_markdown
    >>> print(render_markdown(Table("", "top", (Key("x", "float", "a share", default=0.5, lo=0, hi=1),))))
    | key | type | range | default | meaning |
    | --- | --- | --- | --- | --- |
    | `x` | float | [0, 1] | `0.5` | a share |
    <BLANKLINE>
    """
    lines: list[str] = []
    keys = [e for e in schema.entries if isinstance(e, Key)]
    if title:
        lines.append(f"{'#' * level} `{title}`\n")
        lines.append(schema.doc.strip() + "\n")
        if schema.example:
            lines.append("```toml\n" + schema.example.strip() + "\n```\n")
    if keys:
        lines.append("| key | type | range | default | meaning |")
        lines.append("| --- | --- | --- | --- | --- |")
        for k in keys:
            if k.required:
                default = "**required**"
            elif k.default is None:
                default = "(optional)"
            else:
                default = f"`{show_value(k.default)}`"
            typ = k.type + (", sweepable" if k.sweepable else "")
            lines.append(f"| `{k.name}` | {typ} | {k.range_text()} | {default} | {k.doc} |")
        lines.append("")
    base = title.strip("[]") if title else ""
    for e in schema.entries:
        name = f"{base}.{e.name}" if base else e.name
        if isinstance(e, Table):
            doc = e.doc + (" Required." if e.required else "")
            lines.append(render_markdown(Table(e.name, doc, e.entries, example=e.example),
                                         level, f"[{name}]"))
        elif isinstance(e, TableArray):
            doc = e.doc + (f" At least {e.min_items}." if e.min_items else "")
            lines.append(render_markdown(Table(e.name, doc, e.entries, example=e.example),
                                         level, f"[[{name}]]"))
            for variant, ents in e.variants:
                vdoc = f"Further keys of `[[{name}]]` with `{e.discriminator} = \"{variant}\"`."
                lines.append(render_markdown(Table(e.name, vdoc, ents), level + 1,
                                             f"[[{name}]] {e.discriminator} = \"{variant}\""))
    return "\n".join(lines)
