"""Reading a scenario: :func:`load_scenario` / :func:`loads_scenario` dispatch on the file's ``kind``.

Above the kind modules (campaign, cascade, dynamics, fighting, incomplete information),
which register their scenario classes with :func:`.base.register` when they
load; they are loaded here on the first call (start-up time), and none of
them imports this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .base import Scenario, registered_kind
from .loader import read_scenario_data

__all__ = ["load_scenario", "loads_scenario"]


def load_scenario(path: str | Path, overrides: Iterable[str] = ()) -> Scenario:
    """Read and validate a scenario file (TOML); return the scenario object of its ``kind``.

    ``overrides`` are ``"key.path=value"`` strings applied before validation
    (the CLI's ``--set``).  Every problem raises a
    :class:`~compellence.errors.ScenarioError` naming the key path and line.
    """
    _import_kinds()
    file = read_scenario_data(path, overrides=overrides)
    return registered_kind(file.kind)(file)


def loads_scenario(text: str, source: str = "<string>", overrides: Iterable[str] = ()) -> Scenario:
    """Like :func:`load_scenario`, from TOML text (``source`` names it in messages)."""
    _import_kinds()
    file = read_scenario_data(source, text=text, overrides=overrides)
    return registered_kind(file.kind)(file)


def _import_kinds() -> None:
    # the campaign and cascade kinds register themselves on import
    from . import campaign, cascade, dynamics, fighting, incomplete_information  # noqa: F401
