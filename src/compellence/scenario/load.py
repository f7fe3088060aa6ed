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
    r"""Read and validate a scenario file (TOML); return the scenario object of its ``kind``.

    Parameters
    ----------
    path : str or pathlib.Path
        The TOML file (format: ``docs/scenarios.md``).
    overrides : iterable of str, optional
        ``"key.path=value"`` strings applied before validation (the CLI's
        ``--set``), e.g. ``"demand.concession=0.2"``.

    Returns
    -------
    Scenario
        A :class:`~compellence.scenario.CampaignScenario`,
        :class:`~compellence.scenario.CascadeScenario`, :class:`GameScenario` ...
        by the file's ``kind``.

    Raises
    ------
    ScenarioError
        Any problem with the file (unreadable, bad TOML, unknown key, missing
        key, value out of range), naming the key path and line.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from compellence.scenario import load_scenario
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "entry.toml"
    >>> _ = path.write_text('kind = "game"\nplayers = ["A"]\n'
    ...                     '[[nodes]]\nat = ""\nplayer = "A"\nactions = ["go", "stay"]\n'
    ...                     '[[outcomes]]\nat = "go"\npayoffs = [1]\n'
    ...                     '[[outcomes]]\nat = "stay"\npayoffs = [0]\n')
    >>> load_scenario(path).describe()
    'kind = "game", \'entry\': 1 players, 3 nodes, perfect information'
    >>> load_scenario(path, overrides=["outcomes[1].payoffs=[2]"]).solve().equilibria[0]
    Equilibrium(strategies={'A': {'root: stay': 1.0}}, payoffs={'A': 2.0}, path=('A: stay',))
    """
    _import_kinds()
    file = read_scenario_data(path, overrides=overrides)
    return registered_kind(file.kind)(file)


def loads_scenario(text: str, source: str = "<string>", overrides: Iterable[str] = ()) -> Scenario:
    r"""Like :func:`load_scenario`, from TOML text (``source`` names it in messages).

    Parameters
    ----------
    text : str
        The TOML text.
    source : str, optional
        The name used for the text in messages (default ``"<string>"``).
    overrides : iterable of str, optional
        ``"key.path=value"`` strings applied before validation.

    Returns
    -------
    Scenario
        The scenario object of the text's ``kind``.

    Raises
    ------
    ScenarioError
        Any problem with the text, naming the key path and line.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> loads_scenario('kind = "campaign"\ntitel = "x"', "s.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    compellence.errors.UnknownKeyError: s.toml: titel (line 2): unknown key at the top level; did you mean 'title'? ...
    """
    _import_kinds()
    file = read_scenario_data(source, text=text, overrides=overrides)
    return registered_kind(file.kind)(file)


def _import_kinds() -> None:
    # the campaign and cascade kinds register themselves on import
    from . import campaign, cascade, dynamics, fighting, incomplete_information  # noqa: F401
