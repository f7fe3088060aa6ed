"""Reading scenario files: TOML -> validated data with line numbers -> a scenario object.

``load_scenario(path)`` reads a file, :mod:`tomllib` parses it, :mod:`.toml_lines`
records where every key is, :func:`.schema.validate` checks it against the
schema of its ``kind`` (:mod:`.definitions`), and kind-specific checks that
span several keys run last.  Every problem raises a
:class:`~compellence.errors.ScenarioError` whose message names the key path and
the line.  ``overrides`` (``["demand.concession=0.5", ...]``, the CLI's
``--set``) are applied to the parsed data before validation.
"""

from __future__ import annotations

import copy
import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import CompellenceError, ParameterError, ScenarioError
from .definitions import KINDS, SCHEMAS
from .schema import (
    Key,
    MissingKeyError,
    ScenarioValueError,
    Table,
    TableArray,
    UnknownKeyError,
    all_key_paths,
    check_value,
    find_entry,
    validate,
)
from .toml_lines import KeyPath, LineMap, format_path, locate_lines, parse_path

__all__ = [
    "Vary",
    "parse_vary",
    "as_varies",
    "parse_override",
    "read_scenario_data",
    "ScenarioData",
    "located",
]


@dataclass(frozen=True)
class ScenarioData:
    r"""A validated scenario file: the data with defaults, where each key is, and where it came from.

    Built by :func:`read_scenario_data`; a scenario keeps it as ``scenario.file``.

    Attributes
    ----------
    kind : str
        The file's ``kind``.
    data : dict
        The validated data (defaults filled in).
    raw : dict
        What the file said (after ``--set`` overrides).
    lines : LineMap
        Key path -> line in the file.
    source : str
        The file name (or the name given to the text).
    text : str
        The file's text.
    overridden : tuple of str
        The ``--set`` overrides applied.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('kind = "campaign"\n[[instruments]]\nkind = "sanctions"\n'
    ...                       'cost_target = 0.1\n[demand]\nconcession = 0.3\n', "s.toml")
    >>> scen.file.kind, scen.file.data["demand"]["concession"]
    ('campaign', 0.3)
    """

    kind: str
    data: dict[str, Any]
    raw: dict[str, Any]
    lines: LineMap
    source: str
    text: str
    overridden: tuple[str, ...] = ()

    def line(self, path: KeyPath) -> int | None:
        r"""The line of a key path in the file.

        Parameters
        ----------
        path : KeyPath
            The key path (a tuple of keys and list indices).

        Returns
        -------
        int or None
            The 1-based line, or ``None`` for a key the file does not set.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('kind = "campaign"\n[[instruments]]\nkind = "sanctions"\n'
        ...                       'cost_target = 0.1\n[demand]\nconcession = 0.3\n', "s.toml")
        >>> scen.file.line(("demand", "concession")), scen.file.line(("horizon", "discount"))
        (6, None)
        """
        return self.lines.line(path)

    def error(self, message: str, path: KeyPath | str, value: Any = None,
              show_value: bool = True) -> ScenarioError:
        r"""A :class:`ScenarioError` located at ``path`` (``key = value (line N): message``).

        Parameters
        ----------
        message : str
            What is wrong.
        path : KeyPath or str
            The key path (a tuple, or a string such as ``"demand.concession"``).
        value : Any, optional
            The value to show; ``None`` (default) looks it up in the file.
        show_value : bool, optional
            Show the value in the message (default True).

        Returns
        -------
        ScenarioError
            The error (a :class:`~compellence.errors.ScenarioValueError` when it shows
            a value), not raised.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('kind = "campaign"\n[[instruments]]\nkind = "sanctions"\n'
        ...                       'cost_target = 0.1\n[demand]\nconcession = 0.3\n', "s.toml")
        >>> print(scen.file.error("too large", "demand.concession"))
        s.toml: demand.concession = 0.3 (line 6): too large
        """
        p = parse_path(path) if isinstance(path, str) else tuple(path)
        key = format_path(p)
        line = self.lines.line(p)
        if show_value:
            if value is None:
                value = _get(self.raw, p)
            if value is not None:
                return ScenarioValueError(message, key, value, line, self.source)
        return ScenarioError(message, key=key, line=line, source=self.source)


_MISSING = object()


def _get(data: Any, path: KeyPath, default: Any = None) -> Any:
    cur = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(cur, list) or not -len(cur) <= part < len(cur):
                return default
            cur = cur[part]
        else:
            if not isinstance(cur, Mapping) or part not in cur:
                return default
            cur = cur[part]
    return cur


# ---------------------------------------------------------------------------- reading
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_scenario_data(
    source: str | Path,
    *,
    text: str | None = None,
    overrides: Iterable[str] = (),
) -> ScenarioData:
    r"""Read, parse and validate a scenario file (or ``text`` with ``source`` as its name).

    Parameters
    ----------
    source : str or pathlib.Path
        The file to read, or (with ``text``) the name used in messages.
    text : str or None, optional
        The TOML text; ``None`` (default) reads ``source``.
    overrides : iterable of str, optional
        ``"key.path=value"`` strings applied before validation.

    Returns
    -------
    ScenarioData
        The validated data, the line of every key and the source.

    Raises
    ------
    ScenarioError
        Unreadable file, bad TOML, unknown kind or key, missing key, value out of
        range (naming the key path and line).

    Examples
    --------
    >>> from compellence.scenario.loader import read_scenario_data
    >>> data = read_scenario_data("s.toml", text='kind = "campaign"\n[[instruments]]\n'
    ...                           'kind = "sanctions"\ncost_target = 0.1\n[demand]\nconcession = 0.3\n')
    >>> data.kind, data.line(("instruments", 0, "cost_target"))
    ('campaign', 4)
    """
    name = str(source)
    if text is None:
        path = Path(source)
        if not path.exists():
            raise ScenarioError(f"no such file: {name}")
        if path.is_dir():
            raise ScenarioError(f"{name} is a folder, not a scenario file")
        if path.suffix.lower() in (".efg", ".nfg"):
            raise ScenarioError(
                f"{name} is a Gambit game file, not a scenario; read it with "
                "compellence.read_efg / read_nfg (the CLI's solve, draw and convert take it)"
            )
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(f"{name}: not a UTF-8 text file ({exc.reason})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POS.search(msg)
        line = int(m.group(1)) if m else None
        detail = _TOML_POS.sub("", msg).strip()
        if m:
            detail += f" (column {m.group(2)})"
        elif "end of document" in msg:  # tomllib gives no line there: the last line
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            detail = detail.replace(" (at end of document)", "") + " (at the end of the file)"
        raise ScenarioError(f"not valid TOML: {detail}", line=line, source=name) from None
    except ValueError as exc:  # tomllib: an integer past Python's int-digit limit
        m = re.search(r"\d{4300,}", text)
        line = text.count("\n", 0, m.start()) + 1 if m else None
        raise ScenarioError(f"a number too large to read ({exc})", line=line, source=name) from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively
        raise ScenarioError(
            "not valid TOML for a scenario: arrays or tables nested too deeply to parse "
            "(a scenario needs at most a few levels)", line=_deep_line(text), source=name
        ) from None
    lines = locate_lines(text)
    kind = _kind_of(raw, lines, name)
    schema = SCHEMAS[kind]
    overridden = []
    for item in overrides:
        path, value = parse_override(item, schema)
        _set(raw, path, value, item)
        overridden.append(path)
    if overridden:  # lines of overridden keys would point at the old value
        lines = LineMap(dict(lines.items()), frozenset(overridden))
    data = validate(raw, schema, lines, name)
    if kind != "campaign":
        _refuse_distributions(data, (), lines, name)
    return ScenarioData(
        kind=kind, data=data, raw=raw, lines=lines, source=name, text=text,
        overridden=tuple(format_path(p) for p in overridden),
    )


def _refuse_distributions(node: Any, path: KeyPath, lines: LineMap, source: str) -> None:
    """Uncertain inputs (``{dist = ...}``) are for campaign scenarios only."""
    from ..coercion.uncertainty import is_distribution

    items = node.items() if isinstance(node, Mapping) else enumerate(node) if isinstance(node, list) else ()
    for k, v in items:
        if is_distribution(v):
            raise ScenarioError("distributions ({dist = ...}) are supported in campaign scenarios only",
                                key=format_path(path + (k,)), line=lines.line(path + (k,)), source=source)
        _refuse_distributions(v, path + (k,), lines, source)


def _kind_of(raw: Mapping[str, Any], lines: LineMap, source: str) -> str:
    if "kind" not in raw:
        guess = ""
        if "instruments" in raw or "demand" in raw:
            guess = ' (this looks like a campaign: kind = "campaign")'
        elif "network" in raw:
            guess = ' (this looks like a cascade study: kind = "cascade")'
        elif "nodes" in raw:
            guess = ' (this looks like a game: kind = "game")'
        raise MissingKeyError(
            "required key is missing: say what the file describes with kind = "
            + " | ".join(f'"{k}"' for k in KINDS) + guess,
            key="kind",
            source=source,
        )
    key = Key("kind", "choice", "", choices=KINDS)
    return check_value(key, raw["kind"], ("kind",), lines.line(("kind",)), source)


# ---------------------------------------------------------------------------- overrides / vary
def _schema_key(schema: Table, path: KeyPath, text: str, what: str) -> Key:
    entry = find_entry(schema, path)
    if not isinstance(entry, Key):
        known = all_key_paths(schema)
        pattern = re.sub(r"\[\d+\]", "[]", format_path(path))
        close = difflib.get_close_matches(pattern, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        if entry is not None:
            raise UnknownKeyError(f"{what}: {text!r} is a table, not a key{hint}", key=text)
        raise UnknownKeyError(
            f"{what}: no key {pattern!r} in a {schema.name} scenario{hint}",
            key=text,
            suggestion=close[0] if close else None,
        )
    for i, part in enumerate(path):
        if isinstance(part, str) and i + 1 < len(path) and not isinstance(path[i + 1], int):
            e = find_entry(schema, path[: i + 1])
            if isinstance(e, TableArray):
                raise UnknownKeyError(
                    f"{what}: {format_path(path[: i + 1])} is an array of tables; "
                    f"say which element, e.g. {format_path(path[: i + 1])}[0]",
                    key=text,
                )
    return entry


def parse_override(item: str, schema: Table) -> tuple[KeyPath, Any]:
    """``"demand.concession=0.5"`` -> ``(("demand", "concession"), 0.5)`` (value read as TOML).

    Parameters
    ----------
    item : str
        ``"key.path=value"``, the value in TOML syntax (``0.5``, ``"text"``,
        ``[1, 2]``, ``true``).
    schema : Table
        The schema of the file's kind (to check the key path).

    Returns
    -------
    tuple of (KeyPath, Any)
        The parsed key path and value.

    Raises
    ------
    ScenarioError
        No ``=``, an unknown key path, or a value that is not TOML.

    Examples
    --------
    >>> from compellence.scenario import CAMPAIGN
    >>> from compellence.scenario.loader import parse_override
    >>> parse_override("demand.concession=0.5", CAMPAIGN)
    (('demand', 'concession'), 0.5)
    """
    if "=" not in item:
        raise ScenarioError(f"--set {item!r}: expected KEY=VALUE, e.g. assurance.credibility=0.8")
    key_text, value_text = item.split("=", 1)
    key_text = key_text.strip()
    try:
        path = parse_path(key_text)
    except ValueError as exc:
        raise ScenarioError(f"--set {item!r}: {exc}") from None
    _schema_key(schema, path, key_text, "--set")
    try:
        value = tomllib.loads(f"v = {value_text.strip()}")["v"]
    except RecursionError:
        raise ScenarioError(f"--set {item!r}: value nested too deeply") from None
    except tomllib.TOMLDecodeError:
        value = value_text.strip()  # a bare word: take it as a string
    return path, value


def _deep_line(text: str) -> int | None:
    """The line on which bracket nesting is deepest (for the error of a too-deeply nested file)."""
    depth = best = 0
    line = best_line = 1
    for ch in text:
        if ch == "\n":
            line += 1
        elif ch in "[{":
            depth += 1
            if depth > best:
                best, best_line = depth, line
        elif ch in "]}":
            depth -= 1
    return best_line if best else None


def _set(raw: dict, path: KeyPath, value: Any, item: str) -> None:
    cur: Any = raw
    for i, part in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(part, int):
            if not isinstance(cur, list) or not 0 <= part < len(cur):
                n = len(cur) if isinstance(cur, list) else 0
                raise ScenarioError(
                    f"--set {item!r}: {format_path(path[:i])} has {n} element(s); "
                    f"index {part} does not exist"
                )
            cur = cur[part]
        else:
            if part not in cur:
                if isinstance(nxt, int):
                    raise ScenarioError(
                        f"--set {item!r}: the scenario has no {format_path(path[: i + 1])}"
                    )
                cur[part] = {}
            cur = cur[part]
    last = path[-1]
    if isinstance(last, int):
        raise ScenarioError(f"--set {item!r}: cannot set a whole array element")
    cur[last] = value


@dataclass(frozen=True)
class Vary:
    """One ``--vary key=start:stop:num``: a key path and its linear grid.

    Attributes
    ----------
    key : str
        The key path as written (``"assurance.credibility"``).
    path : KeyPath
        The key path, parsed (a tuple of keys and indices).
    values : numpy.ndarray
        The grid (1-D, float), in the unit of the key in the file.

    Examples
    --------
    >>> from compellence.scenario import parse_vary
    >>> v = parse_vary("instruments[0].cost_target=0:0.2:3")
    >>> v.path, v.values.tolist(), v.name
    (('instruments', 0, 'cost_target'), [0.0, 0.1, 0.2], 'instruments_0_cost_target')
    """

    key: str
    path: KeyPath
    values: np.ndarray

    @property
    def name(self) -> str:
        """The key path as a Python identifier (for sweep grids): ``instruments_0_reversibility``."""
        return re.sub(r"\W+", "_", self.key).strip("_")


def parse_vary(item: str) -> Vary:
    """Parse ``"assurance.credibility=0:1:51"`` (start:stop:num, both ends included).

    Parameters
    ----------
    item : str
        ``"key=start:stop:num"``: a key path, and a linear grid of ``num``
        points from ``start`` to ``stop`` (in the unit of the key).

    Returns
    -------
    Vary
        The key path and its grid.

    Raises
    ------
    ScenarioError
        A malformed item (no ``=``, not three numbers, ``num < 1``), naming it.

    Examples
    --------
    >>> from compellence.scenario import parse_vary
    >>> parse_vary("assurance.credibility=0:1:5").values.tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> parse_vary("assurance.credibility=0:1")
    Traceback (most recent call last):
    ...
    compellence.errors.ScenarioError: --vary 'assurance.credibility=0:1': the grid must be START:STOP:NUM (three numbers separated by ':')
    """
    if "=" not in item:
        raise ScenarioError(
            f"--vary {item!r}: expected KEY=START:STOP:NUM, e.g. assurance.credibility=0:1:51"
        )
    key_text, grid = item.split("=", 1)
    key_text = key_text.strip()
    try:
        path = parse_path(key_text)
    except ValueError as exc:
        raise ScenarioError(f"--vary {item!r}: {exc}") from None
    parts = grid.split(":")
    if len(parts) != 3:
        raise ScenarioError(
            f"--vary {item!r}: the grid must be START:STOP:NUM (three numbers separated by ':')"
        )
    try:
        start, stop = float(parts[0]), float(parts[1])
    except ValueError:
        raise ScenarioError(f"--vary {item!r}: START and STOP must be numbers") from None
    try:
        num = int(parts[2])
    except ValueError:
        raise ScenarioError(f"--vary {item!r}: NUM must be a whole number of points") from None
    if not (np.isfinite(start) and np.isfinite(stop)):
        raise ScenarioError(f"--vary {item!r}: START and STOP must be finite")
    if num < 1:
        raise ScenarioError(f"--vary {item!r}: NUM must be at least 1")
    if num > 10_000_000:
        raise ScenarioError(f"--vary {item!r}: NUM = {num} points on one axis is too many")
    return Vary(key=format_path(path), path=path, values=np.linspace(start, stop, num))


def as_varies(varies: Mapping[str, Any] | Sequence[str | Vary] | str | Vary) -> list[Vary]:
    """What a scenario's ``sweep`` takes, as :class:`Vary` objects.

    Parameters
    ----------
    varies : mapping or sequence or str or Vary
        A mapping ``{key: values}``, ``values`` a 1-D array-like of numbers (the
        grid on that key, in that order) or a ``"start:stop:num"`` string; or a
        list (or tuple) of the command line's ``"key=start:stop:num"`` strings
        and/or :class:`Vary` objects; or a single such string or ``Vary``.

    Returns
    -------
    list of Vary
        One per key, in the order given.

    Raises
    ------
    ScenarioError
        An empty, non-numeric, non-finite or multi-dimensional grid (naming the
        key).

    Examples
    --------
    >>> from compellence.scenario import as_varies
    >>> [(v.key, v.values.tolist()) for v in as_varies({"demand.concession": [0.1, 0.2],
    ...                                                 "horizon.discount": "0.8:0.9:2"})]
    [('demand.concession', [0.1, 0.2]), ('horizon.discount', [0.8, 0.9])]
    """
    if isinstance(varies, (str, Vary)):
        varies = [varies]
    if isinstance(varies, Mapping):
        out = []
        for key, values in varies.items():
            if not isinstance(key, str):
                raise ScenarioError(f"sweep: a key must be a key path string, got {key!r}")
            if isinstance(values, str):
                out.append(parse_vary(f"{key}={values}"))
                continue
            try:
                path = parse_path(key.strip())
            except ValueError as exc:
                raise ScenarioError(f"sweep {key!r}: {exc}") from None
            try:
                arr = np.asarray(values, dtype=float)
            except (TypeError, ValueError):
                raise ScenarioError(
                    f"sweep {key!r}: the values must be numbers, got {values!r}") from None
            if arr.ndim == 0:
                arr = arr.reshape(1)
            if arr.ndim != 1 or arr.size == 0:
                raise ScenarioError(
                    f"sweep {key!r}: the values must be a non-empty 1-D list of numbers "
                    f"(shape {arr.shape})")
            if not np.isfinite(arr).all():
                raise ScenarioError(f"sweep {key!r}: the values must be finite")
            out.append(Vary(key=format_path(path), path=path, values=arr))
        return out
    if not isinstance(varies, (list, tuple)):
        raise ScenarioError(
            "sweep takes {key: values} or a list of 'key=start:stop:num' strings, got "
            f"{type(varies).__name__}")
    out = []
    for item in varies:
        if isinstance(item, Vary):
            out.append(item)
        elif isinstance(item, str):
            out.append(parse_vary(item))
        else:
            raise ScenarioError(
                f"sweep: each entry must be a 'key=start:stop:num' string, got {item!r}")
    return out


def check_vary(scen: ScenarioData, varies: list[Vary]) -> None:
    """Check that each ``--vary`` names a sweepable key of this scenario and stays in range."""
    schema = SCHEMAS[scen.kind]
    seen: set[str] = set()
    for v in varies:
        if v.key in seen:
            raise ScenarioError(f"--vary {v.key}: the same key is varied twice")
        seen.add(v.key)
        key = _schema_key(schema, v.path, v.key, "--vary")
        if key.type not in ("float", "int") or not key.sweepable:
            sweepable = [k for k in all_key_paths(schema)
                         if getattr(find_entry(schema, parse_path(k.replace("[]", "[0]"))),
                                    "sweepable", False)]
            raise ScenarioError(
                f"--vary {v.key}: this key cannot be swept (sweepable keys: "
                + ", ".join(sweepable) + ")"
            )
        # the element must exist in this scenario (arrays of tables)
        for i, part in enumerate(v.path):
            if isinstance(part, int):
                arr = _get(scen.data, v.path[:i])
                n = len(arr) if isinstance(arr, list) else 0
                if part >= n or part < 0:
                    raise ScenarioError(
                        f"--vary {v.key}: {format_path(v.path[:i])} has {n} element(s) in "
                        f"{scen.source}; index {part} does not exist"
                    )
        container = _get(scen.data, v.path[:-1])
        if not isinstance(container, Mapping):
            raise ScenarioError(
                f"--vary {v.key}: the scenario has no [{format_path(v.path[:-1])}] table; "
                "add it to the file first"
            )
        if len(v.path) >= 3 and isinstance(v.path[-2], int):
            arr_entry = find_entry(schema, v.path[:-2])
            if isinstance(arr_entry, TableArray) and arr_entry.discriminator:
                allowed = {e.name for e in arr_entry.entries_for(container)}
                if v.path[-1] not in allowed:
                    disc = arr_entry.discriminator
                    others = " or ".join(repr(o) for o in arr_entry.variant_of(v.path[-1]))
                    raise ScenarioError(
                        f"--vary {v.key}: {format_path(v.path[:-1])} has {disc} = "
                        f"{container.get(disc)!r}, which has no key {v.path[-1]!r} "
                        f"(it applies to {disc} = {others})"
                    )
        for end in (float(v.values[0]), float(v.values[-1])):
            probe = Key(key.name, "float", key.doc, lo=key.lo, hi=key.hi,
                        lo_open=key.lo_open, hi_open=key.hi_open)
            try:
                check_value(probe, end, v.path)
            except ScenarioValueError as exc:
                raise ScenarioError(
                    f"--vary {v.key}: the grid end {end:g} is out of range: "
                    f"must be within {key.range_text()}"
                ) from exc


def located(scen: ScenarioData, exc: CompellenceError, names: Mapping[str, KeyPath]) -> ScenarioError:
    r"""Turn a domain ``ParameterError`` into a :class:`ScenarioError` at the scenario key it came from.

    Parameters
    ----------
    scen : ScenarioData
        The file.
    exc : CompellenceError
        The error the domain model raised.
    names : mapping of str to KeyPath
        The parameter names the domain model uses (e.g. ``"Demand.concession"``)
        -> key paths.  Unmapped errors keep their message and name the file.

    Returns
    -------
    ScenarioError
        The located error (not raised).

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('kind = "campaign"\n[[instruments]]\nkind = "sanctions"\n'
    ...                       'cost_target = 0.1\n[demand]\nconcession = 0.3\n', "s.toml")
    >>> from compellence.errors import ParameterError
    >>> from compellence.scenario.loader import located
    >>> err = ParameterError("exceeds the largest demand that works", "Demand.concession")
    >>> print(located(scen.file, err, {"Demand.concession": ("demand", "concession")}))
    s.toml: demand.concession = 0.3 (line 6): exceeds the largest demand that works
    """
    if isinstance(exc, ScenarioError):
        return exc
    name = getattr(exc, "name", None)
    if isinstance(exc, ParameterError) and name in names:
        path = names[name]
        msg = str(exc)
        prefix = f"{name}: "
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
        return scen.error(msg, path)
    return ScenarioError(str(exc), source=scen.source)


def with_values(data: Mapping[str, Any], values: Mapping[KeyPath, Any]) -> dict[str, Any]:
    """A deep copy of validated ``data`` with some key paths replaced (e.g. by grid arrays)."""
    out = copy.deepcopy(dict(data))
    for path, value in values.items():
        cur: Any = out
        for part in path[:-1]:
            cur = cur[part]
        cur[path[-1]] = value
    return out


def numeric_keys(scen: ScenarioData) -> dict[str, float]:
    """Every sweepable numeric key path present in the scenario, with its value."""
    schema = SCHEMAS[scen.kind]
    out: dict[str, float] = {}

    def walk(node: Any, entries: Any, path: KeyPath) -> None:
        for e in entries:
            v = node.get(e.name) if isinstance(node, Mapping) else None
            p = path + (e.name,)
            if isinstance(e, Key):
                if e.sweepable and isinstance(v, (int, float)) and not isinstance(v, bool):
                    out[format_path(p)] = float(v)
            elif isinstance(e, Table) and isinstance(v, Mapping):
                walk(v, e.entries, p)
            elif isinstance(e, TableArray) and isinstance(v, list):
                for i, item in enumerate(v):
                    walk(item, e.entries_for(item), p + (i,))

    walk(scen.data, schema.entries, ())
    return out
