"""Results of solving scenarios and game files, printable as tables or JSON.

Each report is a frozen dataclass with ``to_dict()`` (JSON-ready: no numpy
types, non-finite numbers as null), ``to_table()`` (the text the
``compellence`` command prints) and a readable ``__repr__``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["GameReport", "Equilibrium", "text_table", "fmt_num", "jsonable", "table_html"]


def fmt_num(x: Any, digits: int = 4) -> str:
    """A number for people: ``0.25``, ``-1.5``, ``inf``, ``1.235e+06``."""
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "no"
    if x is None:
        return "-"
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if abs(x) < 1e-12:  # round-off of an exact zero (e.g. a zero-sum value)
        return "0"
    if abs(x) >= 1e6 or abs(x) < 1e-4:
        return f"{x:.{digits}g}"
    return f"{round(x, digits):.{digits}f}".rstrip("0").rstrip(".")


def jsonable(obj: Any) -> Any:
    """Plain JSON data: numpy scalars/arrays -> Python, non-finite floats -> null (None).

    A report that can hold a non-finite number says why in a status field next to it
    (JSON has no inf; a string in place of a number would not be a number).
    """
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def text_table(rows: Sequence[Sequence[Any]], headers: Sequence[str] | None = None,
               indent: str = "  ") -> str:
    """A plain fixed-width table (left-aligned text, right-aligned numbers)."""
    cells = [[c if isinstance(c, str) else fmt_num(c) for c in r] for r in rows]
    numeric = [
        all(not isinstance(r[j], str) for r in rows) if rows else False
        for j in range(len(cells[0]) if cells else 0)
    ]
    allrows = ([list(headers)] if headers else []) + cells
    if not allrows:
        return ""
    widths = [max(len(r[j]) for r in allrows) for j in range(len(allrows[0]))]
    out = []
    for k, r in enumerate(allrows):
        parts = []
        for j, c in enumerate(r):
            parts.append(c.rjust(widths[j]) if numeric[j] and (k > 0 or not headers)
                         else c.ljust(widths[j]))
        out.append(indent + "  ".join(parts).rstrip())
        if headers and k == 0:
            out.append(indent + "  ".join("-" * w for w in widths))
    return "\n".join(out)


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium: behaviour (player -> {action or strategy: probability}) and payoffs."""

    strategies: dict[str, dict[str, float]]
    payoffs: dict[str, float]
    path: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"strategies": self.strategies, "payoffs": self.payoffs}
        if self.path:
            out["path"] = list(self.path)
        return jsonable(out)


def _mix(probs: dict[str, float]) -> str:
    support = {a: p for a, p in probs.items() if p > 1e-12}
    if len(support) == 1:
        return next(iter(support))
    return ", ".join(f"{a} {fmt_num(p, 3)}" for a, p in support.items())


def table_html(table: str) -> str:
    """A report's text table (``to_table()``) as HTML for Jupyter's ``_repr_html_``:
    escaped, monospaced, so the columns line up as in the terminal."""
    import html

    return f"<pre style=\"font-size: 90%; line-height: 1.25\">{html.escape(table)}</pre>"


@dataclass(frozen=True)
class GameReport:
    """Equilibria of a game file (or a game scenario).

    ``form`` is ``"extensive"`` or ``"normal"``; ``method`` names the solution
    concept and algorithm; ``moves`` (extensive, subgame-perfect only) lists each
    decision node's choice as ``(node path, player, action)``.
    """

    title: str
    source: str
    form: str
    players: tuple[str, ...]
    method: str
    equilibria: tuple[Equilibrium, ...]
    moves: tuple[tuple[str, str, str], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    shape: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "title": self.title,
                "source": self.source,
                "form": self.form,
                "players": list(self.players),
                "method": self.method,
                "equilibria": [e.to_dict() for e in self.equilibria],
                "moves": [
                    {"node": n, "player": p, "action": a} for n, p, a in self.moves
                ],
                "notes": list(self.notes),
            }
        )

    def to_table(self) -> str:
        head = self.title or self.source
        if self.form == "normal":
            dims = " x ".join(str(m) for m in self.shape)
            sub = f"normal form, {len(self.players)} players, {dims} strategies"
        else:
            sub = f"extensive form, {len(self.players)} players"
        lines = [f"{head}  ({sub})", f"solution: {self.method}", ""]
        if self.moves:
            eq = self.equilibria[0]
            lines.append(f"  equilibrium path  {' -> '.join(eq.path) or '(none: the root is terminal)'}")
            lines.append("  payoffs           " + ", ".join(
                f"{p} {fmt_num(v)}" for p, v in eq.payoffs.items()))
            lines.append("")
            lines.append(text_table([(n, p, a) for n, p, a in self.moves],
                                    ["node", "mover", "choice"]))
        elif not self.equilibria:
            lines.append("  no equilibrium found")
        else:
            rows = []
            for k, eq in enumerate(self.equilibria, 1):
                rows.append(
                    [str(k)] + [_mix(eq.strategies[p]) for p in self.players]
                    + [", ".join(fmt_num(eq.payoffs[p]) for p in self.players)]
                )
            lines.append(text_table(rows, ["#", *self.players, "payoffs"]))
        for n in self.notes:
            lines.append(f"\nnote: {n}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Jupyter shows the report's table (``to_table()``)."""
        return table_html(self.to_table())

    def __repr__(self) -> str:
        return (f"GameReport({self.title or self.source!r}, {self.form}, method={self.method!r}, "
                f"equilibria={len(self.equilibria)})")
