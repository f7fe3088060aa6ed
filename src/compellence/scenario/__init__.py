"""Scenario files: TOML descriptions of campaigns, cascade studies and games.

``load_scenario("examples/russia_2022.toml")`` reads a file, validates it against
the schema of its ``kind`` (``docs/scenarios.md``) and returns a scenario
object:

* :class:`CampaignScenario` (``kind = "campaign"``): ``.campaign()`` ->
  :class:`compellence.coercion.Campaign`, ``.solve()`` -> :class:`CampaignReport`,
  ``.sweep(...)`` -> :class:`SweepResult`, ``.game()``;
* :class:`CascadeScenario` (``kind = "cascade"``): ``.solve()`` -> :class:`CascadeReport`;
* :class:`GameScenario` (``kind = "game"``): ``.game()``, ``.solve()`` -> :class:`GameReport`.

Every mistake in a file raises :class:`~compellence.errors.ScenarioError` naming
the key path and the line, e.g.
``instruments[1].reversibility = 1.4 (line 23): must be within [0, 1]``;
unknown keys come with a did-you-mean suggestion.
"""

from .base import GameScenario, Scenario
from .campaign import CampaignReport, CampaignScenario, SweepResult, build_campaign
from .cascade import CascadeReport, CascadeScenario
from .definitions import CAMPAIGN, CASCADE, GAME, SCHEMAS, reference_markdown
from .files import convert_game_file, draw_file, read_game_file, solve_game_file
from .games import build_game, solve_game
from .load import load_scenario, loads_scenario
from .loader import Vary, as_varies, parse_vary
from .reports import GameReport
from .schema import MissingKeyError, ScenarioValueError, UnknownKeyError
from .toml_lines import format_path, locate_lines, parse_path

__all__ = [
    "load_scenario",
    "loads_scenario",
    "Scenario",
    "CampaignScenario",
    "CascadeScenario",
    "GameScenario",
    "CampaignReport",
    "CascadeReport",
    "GameReport",
    "SweepResult",
    "Vary",
    "parse_vary",
    "as_varies",
    "build_campaign",
    "build_game",
    "solve_game",
    "solve_game_file",
    "read_game_file",
    "convert_game_file",
    "draw_file",
    "ScenarioValueError",
    "UnknownKeyError",
    "MissingKeyError",
    "CAMPAIGN",
    "CASCADE",
    "GAME",
    "SCHEMAS",
    "reference_markdown",
    "locate_lines",
    "format_path",
    "parse_path",
]
