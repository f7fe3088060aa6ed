"""Scenario objects: one class per ``kind``, created by :func:`load_scenario`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from ..errors import ScenarioError
from .loader import ScenarioData, numeric_keys, read_scenario_data

__all__ = ["Scenario", "GameScenario", "load_scenario", "loads_scenario", "register"]

_REGISTRY: dict[str, type[Scenario]] = {}


def register(cls: type[Scenario]) -> type[Scenario]:
    """Class decorator: the scenario class for ``cls.kind``."""
    _REGISTRY[cls.kind] = cls
    return cls


class Scenario:
    """A validated scenario file.  ``data`` is the validated content (defaults filled in).

    Subclasses: :class:`~compellence.scenario.campaign.CampaignScenario`,
    :class:`~compellence.scenario.cascade.CascadeScenario`, :class:`GameScenario`.
    """

    kind: ClassVar[str] = ""

    def __init__(self, file: ScenarioData):
        self.file = file

    @property
    def data(self) -> dict[str, Any]:
        return self.file.data

    @property
    def source(self) -> str:
        return self.file.source

    @property
    def title(self) -> str:
        return self.data.get("title") or Path(self.source).stem

    def describe(self) -> str:
        """One line: what the scenario is."""
        return f'kind = "{self.kind}", {self.title!r}'

    def numeric_keys(self) -> dict[str, float]:
        """Every sweepable numeric key path with its value (what ``--vary``/``--set`` take)."""
        return numeric_keys(self.file)

    def solve(self) -> Any:
        raise ScenarioError(f"a {self.kind} scenario cannot be solved", source=self.source)

    def sweep(self, varies: list, **kwargs: Any) -> Any:
        raise ScenarioError(
            f"sweep needs a campaign or cascade scenario; {self.source} is a "
            f"{self.kind} scenario", source=self.source)

    def game(self) -> Any:
        raise ScenarioError(
            f"a {self.kind} scenario has no game tree to draw or convert", source=self.source)

    def check(self) -> None:
        """Build the domain objects ``solve`` builds first, without solving, so ``compellence
        check`` refuses exactly what ``solve`` would (e.g. ``cost_target = inf``)."""
        self.game()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.source!r}, title={self.title!r})"


@register
class GameScenario(Scenario):
    """A game written node by node in TOML (``kind = "game"``)."""

    kind: ClassVar[str] = "game"

    def game(self):
        """The :class:`~compellence.Game`."""
        from .games import build_game

        return build_game(self.file)

    def solve(self):
        """Its equilibria as a :class:`~compellence.scenario.reports.GameReport`."""
        from .games import solve_game

        return solve_game(self.game(), self.source)

    def describe(self) -> str:
        g = self.game()
        return (f'kind = "game", {self.title!r}: {len(g.players)} players, {g.n_nodes} nodes, '
                f"{'perfect' if g.is_perfect_information else 'imperfect'} information")


def load_scenario(path: str | Path, overrides: Iterable[str] = ()) -> Scenario:
    """Read and validate a scenario file (TOML); return the scenario object of its ``kind``.

    ``overrides`` are ``"key.path=value"`` strings applied before validation
    (the CLI's ``--set``).  Every problem raises a
    :class:`~compellence.errors.ScenarioError` naming the key path and line.
    """
    _import_kinds()
    file = read_scenario_data(path, overrides=overrides)
    return _REGISTRY[file.kind](file)


def loads_scenario(text: str, source: str = "<string>", overrides: Iterable[str] = ()) -> Scenario:
    """Like :func:`load_scenario`, from TOML text (``source`` names it in messages)."""
    _import_kinds()
    file = read_scenario_data(source, text=text, overrides=overrides)
    return _REGISTRY[file.kind](file)


def _import_kinds() -> None:
    # the campaign and cascade kinds register themselves on import
    from . import campaign, cascade, dynamics, fighting, incomplete_information  # noqa: F401
