"""One exception hierarchy for the whole library.

Every error a user can cause is a :class:`CompellenceError` subclass whose
message names the offending place: a node path (``root/demand/resist``), a
parameter name, a file line or a scenario key path.  Internal failures
(a bug in the library) are anything else.

Layer users::

    CompellenceError
    ├── GameError                 games: structure and numbers of a game
    │   ├── PayoffError           wrong payoff count, non-finite payoffs
    │   ├── ProbabilityError      chance probabilities negative / not summing to 1
    │   ├── PlayerError           unknown player
    │   ├── ActionError           empty action set, duplicate labels, unknown action
    │   ├── InfosetError          inconsistent information sets, perfect recall
    │   └── BatchShapeError       arrays that do not broadcast to one batch shape
    ├── GameFileError             Gambit .efg / .nfg parsing (carries ``line``)
    ├── SolverError               a solver cannot handle this game or input
    │   ├── UnsupportedGameError  e.g. information sets given to backward induction
    │   ├── ConvergenceError      an iterative method did not converge
    │   └── BatchedGameError      a batched game given to a one-game-at-a-time solver
    ├── ParameterError            a domain-model parameter out of range
    ├── GraphError                cascades: graph / seeds / thresholds
    ├── ScenarioError             TOML scenario files (carries ``key`` and ``line``)
    ├── CheckpointError           sweep checkpoints that do not match
    ├── OutputError               an output file that cannot be written (carries ``path``)
    ├── UsageError                a command-line argument that makes no sense
    └── SweepOutputError          a sweep model's outputs that cannot form a table

    GameError > SignallingGameError   not a finite sender-receiver game
    SolverError > LCPRayError         Lemke's path ended on a secondary ray
    ScenarioError > ScenarioValueError, UnknownKeyError, MissingKeyError

Every error class of the library is defined here; the modules that raise them
import them from here (and keep the names importable where they were).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "CompellenceError",
    "GameError",
    "PayoffError",
    "ProbabilityError",
    "PlayerError",
    "ActionError",
    "InfosetError",
    "BatchShapeError",
    "GameFileError",
    "SolverError",
    "UnsupportedGameError",
    "ConvergenceError",
    "BatchedGameError",
    "ParameterError",
    "GraphError",
    "ScenarioError",
    "CheckpointError",
    "OutputError",
    "UsageError",
    "SignallingGameError",
    "LCPRayError",
    "SweepOutputError",
    "ScenarioValueError",
    "UnknownKeyError",
    "MissingKeyError",
]


class CompellenceError(Exception):
    """Base class of every error a user of compellence can cause."""


class GameError(CompellenceError, ValueError):
    """A game is malformed.  ``path`` is the node path (``root/a/b``) if known.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str, optional
        The node path (``root/a/b``), put in front of the message.
    """

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class PayoffError(GameError):
    """Wrong number of payoffs, or payoffs that are not finite numbers.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str, optional
        The node path (``root/a/b``), put in front of the message.
    """


class ProbabilityError(GameError):
    """Chance probabilities that are negative or do not sum to one.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str, optional
        The node path (``root/a/b``), put in front of the message.
    """


class PlayerError(GameError):
    """A node names a player the game does not have.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str, optional
        The node path (``root/a/b``), put in front of the message.
    """


class ActionError(GameError):
    """Empty action sets, duplicate or unknown action labels.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str, optional
        The node path (``root/a/b``), put in front of the message.
    """


class InfosetError(GameError):
    """Information sets that mix players or action labels, or break perfect recall.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str, optional
        The node path (``root/a/b``), put in front of the message.
    """


class BatchShapeError(GameError):
    """Payoff / probability arrays that do not broadcast to one batch shape.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str, optional
        The node path (``root/a/b``), put in front of the message.
    """


class GameFileError(CompellenceError, ValueError):
    """A Gambit .efg / .nfg file that cannot be read.  ``line`` is 1-based.

    Parameters
    ----------
    message : str
        What is wrong.
    line : int, optional
        The 1-based line of the file, put in front of the message.
    source : str, optional
        The file (or text) the error is in, put in front of the message.
    """

    def __init__(self, message: str, line: int | None = None, source: str | None = None):
        self.line = line
        self.source = source
        where = ""
        if source:
            where += f"{source}"
        if line is not None:
            where += f"{':' if where else ''}line {line}"
        super().__init__(f"{where}: {message}" if where else message)


class SolverError(CompellenceError):
    """A solver was given something it cannot solve."""


class UnsupportedGameError(SolverError, ValueError):
    """The game is outside the class a solver handles (the message says which solver does)."""


class ConvergenceError(SolverError, RuntimeError):
    """An iterative method failed to converge within its budget."""


class ParameterError(CompellenceError, ValueError):
    """A model parameter is missing, of the wrong type or out of range.  ``name`` is the field.

    Parameters
    ----------
    message : str
        What is wrong.
    name : str, optional
        The parameter or field name, put in front of the message.
    """

    def __init__(self, message: str, name: str | None = None):
        self.name = name
        super().__init__(f"{name}: {message}" if name else message)


class BatchedGameError(UnsupportedGameError, ParameterError):
    """A batched game given to a function that handles one game at a time.

    Raised by :func:`compellence.validation.require_scalar_game` with one message
    form, ``game: <solver> solves one game at a time; the game is batched (batch
    shape ...): pass game.at(index) ...``.  It is both an
    :class:`UnsupportedGameError` (the solver cannot take it) and a
    :class:`ParameterError` naming the field ``game``.

    Parameters
    ----------
    message : str
        What was refused and what to do instead.
    name : str or None, optional
        The field (default ``"game"``).
    """

    def __init__(self, message: str, name: str | None = "game"):
        super().__init__(message, name)


class GraphError(CompellenceError, ValueError):
    """A cascade input is wrong: graph kind, seeds not in the graph, thresholds out of range."""


class ScenarioError(CompellenceError, ValueError):
    """A scenario file is invalid.  ``key`` is the key path, ``line`` the 1-based line.

    Parameters
    ----------
    message : str
        What is wrong.
    key : str, optional
        The scenario key path (``instruments[0].reversibility``).
    line : int, optional
        The 1-based line of the file, put in front of the message.
    source : str, optional
        The file (or text) the error is in, put in front of the message.
    """

    def __init__(
        self,
        message: str,
        key: str | None = None,
        line: int | None = None,
        source: str | None = None,
    ):
        self.key = key
        self.line = line
        self.source = source
        prefix = ""
        if source:
            prefix += f"{source}: "
        if key:
            prefix += key
            if line is not None:
                prefix += f" (line {line})"
            prefix += ": "
        elif line is not None:
            prefix += f"line {line}: "
        super().__init__(prefix + message)


class CheckpointError(CompellenceError, ValueError):
    """A sweep checkpoint directory that belongs to another grid or model, or was tampered with."""


class OutputError(CompellenceError, OSError):
    """An output file (CSV, game file, picture) that cannot be written: a missing or read-only
    folder, a full disk.  Nothing half-written is left at ``path``.

    Parameters
    ----------
    message : str
        What is wrong.
    path : str, optional
        The node path (``root/a/b``), put in front of the message.
    """

    def __init__(self, message: str, path: str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


# ----------------------------------------------------------------------------- layer-specific errors
# (every error class of the library lives here; the modules that raise them re-export them)
class UsageError(CompellenceError, ValueError):
    """A command-line argument that makes no sense (reported with exit code 2)."""


class SignallingGameError(GameError):
    """The game is not a finite sender-receiver game (the path names the offending node).

    Parameters
    ----------
    message : str
        What is wrong.
    path : str, optional
        The node path (``root/a/b``), put in front of the message.
    """


class LCPRayError(SolverError):
    """Lemke's path ended on a secondary ray: no solution found from this start."""


class SweepOutputError(CompellenceError, ValueError):
    """A model returned outputs that cannot form a tidy table (names the output / point)."""


def show_value(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(show_value(v) for v in list(value)[:6])
        return f"[{inner}{', ...' if len(value) > 6 else ''}]"
    if isinstance(value, Mapping):
        return "{...}"
    return str(value)


class ScenarioValueError(ScenarioError):
    """A key has a value of the wrong type or out of range.  Carries ``value``.

    Message: ``key = value (line N): what is wrong``.

    Parameters
    ----------
    message : str
        What is wrong.
    key : str
        The scenario key path (``instruments[0].reversibility``).
    value : Any
        The offending value (shown in the message).
    line : int, optional
        The 1-based line of the file, put in front of the message.
    source : str, optional
        The file (or text) the error is in, put in front of the message.
    """

    def __init__(self, message: str, key: str, value: Any, line: int | None = None,
                 source: str | None = None):
        self.value = value
        shown = show_value(value)
        where = f"{key} = {shown}"
        if line is not None:
            where += f" (line {line})"
        text = (f"{source}: " if source else "") + f"{where}: {message}"
        Exception.__init__(self, text)  # ScenarioError's own prefix has no "= value"
        self.key = key
        self.line = line
        self.source = source


class UnknownKeyError(ScenarioError):
    """A key the schema does not know.  ``suggestion`` is the closest known key or ``None``.

    Parameters
    ----------
    message : str
        What is wrong.
    key : str
        The scenario key path (``instruments[0].reversibility``).
    line : int, optional
        The 1-based line of the file, put in front of the message.
    source : str, optional
        The file (or text) the error is in, put in front of the message.
    suggestion : str, optional
        The closest known key, or ``None``.
    """

    def __init__(self, message: str, key: str, line: int | None = None,
                 source: str | None = None, suggestion: str | None = None):
        self.suggestion = suggestion
        super().__init__(message, key=key, line=line, source=source)


class MissingKeyError(ScenarioError):
    """A required key is absent (the line is that of the enclosing table, if any).

    Parameters
    ----------
    message : str
        What is wrong.
    key : str
        The scenario key path (``instruments[0].reversibility``).
    line : int, optional
        The 1-based line of the file, put in front of the message.
    source : str, optional
        The file (or text) the error is in, put in front of the message.
    """
