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

#: plain JSON data (what :func:`jsonable` returns)
JSON = None | bool | int | float | str | list["JSON"] | dict[str, "JSON"]


def fmt_num(x: float | bool | None, digits: int = 4) -> str:
    """A number for people: ``0.25``, ``-1.5``, ``inf``, ``1.235e+06``.

    Parameters
    ----------
    x : float or bool or None
        The number (a bool prints ``yes``/``no``, ``None`` prints ``-``).
    digits : int, optional
        Decimals (or significant digits for very large / small numbers);
        default 4.

    Returns
    -------
    str
        The formatted number.

    Examples
    --------
    >>> from compellence.scenario.reports import fmt_num
    >>> [fmt_num(v) for v in (0.25, -1.5, float("inf"), 1234567.0, 1e-13, True, None)]
    ['0.25', '-1.5', 'inf', '1.235e+06', '0', 'yes', '-']
    """
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


def jsonable(obj: object) -> JSON:
    """Plain JSON data: numpy scalars/arrays -> Python, non-finite floats -> null (None).

    A report that can hold a non-finite number says why in a status field next to it
    (JSON has no inf; a string in place of a number would not be a number).

    Parameters
    ----------
    obj : object
        Nested dicts, lists, tuples, numpy arrays and scalars.

    Returns
    -------
    JSON
        The same structure with plain Python values (tuples become lists).

    Examples
    --------
    >>> import numpy as np
    >>> from compellence.scenario.reports import jsonable
    >>> jsonable({"x": np.float64(0.5), "v": np.array([1, 2]), "c": float("inf"), "t": (1, 2)})
    {'x': 0.5, 'v': [1, 2], 'c': None, 't': [1, 2]}
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
    """A plain fixed-width table (left-aligned text, right-aligned numbers).

    Parameters
    ----------
    rows : sequence of sequence
        The rows; numbers are formatted with :func:`fmt_num`.
    headers : sequence of str or None, optional
        Column headers (underlined with dashes); ``None`` (default) for none.
    indent : str, optional
        Prefix of every line (default two spaces).

    Returns
    -------
    str
        The table, lines joined by newlines.

    Examples
    --------
    >>> from compellence.scenario.reports import text_table
    >>> print(text_table([("margin", 0.267), ("viable", True)], ["quantity", "value"]))
      quantity  value
      --------  -----
      margin    0.267
      viable      yes
    """
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
    """One equilibrium: behaviour (player -> {action or strategy: probability}) and payoffs.

    Attributes
    ----------
    strategies : dict of str to dict of str to float
        Player -> {``"node: action"`` or strategy label: probability}.
    payoffs : dict of str to float
        Player -> expected payoff.
    path : tuple of str
        The equilibrium path (``"player: action"``), extensive form only.

    Examples
    --------
    >>> from compellence import Game, decision, outcome
    >>> from compellence.scenario import solve_game
    >>> game = Game(["A", "B"], decision("A", {
    ...     "in": decision("B", {"fight": outcome(-1, -1), "yield": outcome(1, 1)}),
    ...     "out": outcome(0, 2)}))
    >>> report = solve_game(game, "entry")
    >>> report.equilibria[0].payoffs
    {'A': 1.0, 'B': 1.0}
    """

    strategies: dict[str, dict[str, float]]
    payoffs: dict[str, float]
    path: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The equilibrium as JSON-ready data.

        Returns
        -------
        dict of str to Any
            ``strategies``, ``payoffs`` and ``path``.

        Examples
        --------
        >>> from compellence import Game, decision, outcome
        >>> from compellence.scenario import solve_game
        >>> game = Game(["A", "B"], decision("A", {
        ...     "in": decision("B", {"fight": outcome(-1, -1), "yield": outcome(1, 1)}),
        ...     "out": outcome(0, 2)}))
        >>> report = solve_game(game, "entry")
        >>> report.equilibria[0].to_dict()["payoffs"]
        {'A': 1.0, 'B': 1.0}
        """
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
    """A report's text table (``to_table()``) as HTML for Jupyter's ``_repr_html_``.

    Escaped, monospaced, so the columns line up as in the terminal.

    Parameters
    ----------
    table : str
        The text table.

    Returns
    -------
    str
        An HTML ``<pre>`` block.

    Examples
    --------
    >>> from compellence.scenario.reports import table_html
    >>> table_html("a < b")
    '<pre style="font-size: 90%; line-height: 1.25">a &lt; b</pre>'
    """
    import html

    return f"<pre style=\"font-size: 90%; line-height: 1.25\">{html.escape(table)}</pre>"


@dataclass(frozen=True)
class GameReport:
    """Equilibria of a game file (or a game scenario).

    Built by :func:`~compellence.scenario.solve_game`.

    Attributes
    ----------
    title, source : str
        The game's title and where it came from.
    form : str
        ``"extensive"`` or ``"normal"``.
    players : tuple of str
        The players.
    method : str
        The solution concept and algorithm.
    equilibria : tuple of Equilibrium
        The equilibria found.
    moves : tuple of (str, str, str)
        Extensive form, subgame-perfect only: each decision node's choice as
        ``(node path, player, action)``.
    notes : tuple of str
        Remarks printed under the table.
    shape : tuple of int
        Normal form: the number of strategies of each player.

    Examples
    --------
    >>> from compellence import Game, decision, outcome
    >>> from compellence.scenario import solve_game
    >>> game = Game(["A", "B"], decision("A", {
    ...     "in": decision("B", {"fight": outcome(-1, -1), "yield": outcome(1, 1)}),
    ...     "out": outcome(0, 2)}))
    >>> report = solve_game(game, "entry")
    >>> report
    GameReport('entry', extensive, method='subgame-perfect equilibrium (backward induction)', equilibria=1)
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
        """The report as JSON-ready data (what ``compellence solve --json`` writes).

        Returns
        -------
        dict of str to Any
            Plain numbers, strings, lists and dicts.

        Examples
        --------
        >>> from compellence import Game, decision, outcome
        >>> from compellence.scenario import solve_game
        >>> game = Game(["A", "B"], decision("A", {
        ...     "in": decision("B", {"fight": outcome(-1, -1), "yield": outcome(1, 1)}),
        ...     "out": outcome(0, 2)}))
        >>> report = solve_game(game, "entry")
        >>> report.to_dict()["equilibria"][0]["path"]
        ['A: in', 'B: yield']
        """
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
        """The report as the text table ``compellence solve`` prints.

        Returns
        -------
        str
            The table.

        Examples
        --------
        >>> from compellence import Game, decision, outcome
        >>> from compellence.scenario import solve_game
        >>> game = Game(["A", "B"], decision("A", {
        ...     "in": decision("B", {"fight": outcome(-1, -1), "yield": outcome(1, 1)}),
        ...     "out": outcome(0, 2)}))
        >>> report = solve_game(game, "entry")
        >>> print(report.to_table())
        entry  (extensive form, 2 players)
        solution: subgame-perfect equilibrium (backward induction)
        <BLANKLINE>
          equilibrium path  A: in -> B: yield
          payoffs           A 1, B 1
        <BLANKLINE>
          node     mover  choice
          -------  -----  ------
          root     A      in
          root/in  B      yield
        """
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
