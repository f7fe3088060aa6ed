"""Scenario objects: one class per ``kind``, created by :func:`load_scenario`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import ScenarioError
from .loader import ScenarioData, numeric_keys

if TYPE_CHECKING:
    from ..games import Game
    from .loader import Vary
    from .reports import GameReport

__all__ = ["Scenario", "GameScenario", "register", "registered_kind"]

_REGISTRY: dict[str, type[Scenario]] = {}


def register(cls: type[Scenario]) -> type[Scenario]:
    """Class decorator: the scenario class for ``cls.kind``.

    Parameters
    ----------
    cls : type of Scenario
        A :class:`Scenario` subclass with its ``kind`` set.

    Returns
    -------
    type of Scenario
        ``cls`` itself, now what :func:`load_scenario` builds for that ``kind``.

    Examples
    --------
    >>> from compellence.scenario.base import GameScenario, register
    >>> register(GameScenario) is GameScenario
    True
    """
    _REGISTRY[cls.kind] = cls
    return cls


def registered_kind(kind: str) -> type[Scenario]:
    """The scenario class registered for ``kind`` (the loader has validated the name).

    Parameters
    ----------
    kind : str
        A scenario kind (``"campaign"``, ``"game"``, ...) whose module has been loaded.

    Returns
    -------
    type[Scenario]

    Examples
    --------
    >>> registered_kind("game").__name__
    'GameScenario'
    """
    return _REGISTRY[kind]


class Scenario:
    """A validated scenario file.  ``data`` is the validated content (defaults filled in).

    Subclasses: :class:`~compellence.scenario.campaign.CampaignScenario`,
    :class:`~compellence.scenario.cascade.CascadeScenario`, :class:`GameScenario`
    (and the ``dynamics`` and ``incomplete_information`` kinds).  Create one with
    :func:`load_scenario` or :func:`loads_scenario`, which pick the class of the
    file's ``kind``.

    Parameters
    ----------
    file : ScenarioData
        The parsed and validated file (``compellence.scenario.loader``).

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> text = '''
    ... kind = "game"
    ... players = ["A", "B"]
    ... [[nodes]]
    ... at = ""
    ... player = "A"
    ... actions = ["in", "out"]
    ... [[nodes]]
    ... at = "in"
    ... player = "B"
    ... actions = ["fight", "yield"]
    ... [[outcomes]]
    ... at = "in/fight"
    ... payoffs = [-1, -1]
    ... [[outcomes]]
    ... at = "in/yield"
    ... payoffs = [1, 1]
    ... [[outcomes]]
    ... at = "out"
    ... payoffs = [0, 2]
    ... '''
    >>> scen = loads_scenario(text, "entry.toml")
    >>> scen
    GameScenario('entry.toml', title='entry')
    >>> scen.kind, scen.title
    ('game', 'entry')
    """

    kind: ClassVar[str] = ""

    def __init__(self, file: ScenarioData):
        self.file = file

    @property
    def data(self) -> dict[str, Any]:
        """The validated content of the file, defaults filled in (a nested dict)."""
        return self.file.data

    @property
    def source(self) -> str:
        """Where the scenario came from: the file path, or the ``source`` name given to :func:`loads_scenario`."""
        return self.file.source

    @property
    def title(self) -> str:
        """The file's ``title``, or the file name without its suffix."""
        return self.data.get("title") or Path(self.source).stem

    def describe(self) -> str:
        """One line: what the scenario is.

        Returns
        -------
        str
            The kind and title (and, per kind, the size of the model).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> text = '''
        ... kind = "game"
        ... players = ["A", "B"]
        ... [[nodes]]
        ... at = ""
        ... player = "A"
        ... actions = ["in", "out"]
        ... [[nodes]]
        ... at = "in"
        ... player = "B"
        ... actions = ["fight", "yield"]
        ... [[outcomes]]
        ... at = "in/fight"
        ... payoffs = [-1, -1]
        ... [[outcomes]]
        ... at = "in/yield"
        ... payoffs = [1, 1]
        ... [[outcomes]]
        ... at = "out"
        ... payoffs = [0, 2]
        ... '''
        >>> scen = loads_scenario(text, "entry.toml")
        >>> print(scen.describe())
        kind = "game", 'entry': 2 players, 5 nodes, perfect information
        """
        return f'kind = "{self.kind}", {self.title!r}'

    def numeric_keys(self) -> dict[str, float]:
        """Every sweepable numeric key path with its value (what ``--vary``/``--set`` take).

        Returns
        -------
        dict of str to float
            Key path (``"instruments[0].cost_target"``) -> its value in the file.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> text = '''
        ... kind = "game"
        ... players = ["A", "B"]
        ... [[nodes]]
        ... at = ""
        ... player = "A"
        ... actions = ["in", "out"]
        ... [[nodes]]
        ... at = "in"
        ... player = "B"
        ... actions = ["fight", "yield"]
        ... [[outcomes]]
        ... at = "in/fight"
        ... payoffs = [-1, -1]
        ... [[outcomes]]
        ... at = "in/yield"
        ... payoffs = [1, 1]
        ... [[outcomes]]
        ... at = "out"
        ... payoffs = [0, 2]
        ... '''
        >>> scen = loads_scenario(text, "entry.toml")
        >>> scen.numeric_keys()   # a game file has no sweepable numbers
        {}
        """
        return numeric_keys(self.file)

    def solve(self) -> object:
        """Solve the scenario (each kind overrides this).

        Returns
        -------
        object
            The kind's report (:class:`~compellence.scenario.campaign.CampaignReport`,
            :class:`~compellence.scenario.cascade.CascadeReport`,
            :class:`~compellence.scenario.reports.GameReport` ...).

        Raises
        ------
        ScenarioError
            A kind that cannot be solved, or an input the model refuses (naming the
            key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> text = '''
        ... kind = "game"
        ... players = ["A", "B"]
        ... [[nodes]]
        ... at = ""
        ... player = "A"
        ... actions = ["in", "out"]
        ... [[nodes]]
        ... at = "in"
        ... player = "B"
        ... actions = ["fight", "yield"]
        ... [[outcomes]]
        ... at = "in/fight"
        ... payoffs = [-1, -1]
        ... [[outcomes]]
        ... at = "in/yield"
        ... payoffs = [1, 1]
        ... [[outcomes]]
        ... at = "out"
        ... payoffs = [0, 2]
        ... '''
        >>> scen = loads_scenario(text, "entry.toml")
        >>> type(scen.solve()).__name__
        'GameReport'
        """
        raise ScenarioError(f"a {self.kind} scenario cannot be solved", source=self.source)

    def sweep(self, varies: list[Vary], **kwargs: Any) -> object:
        """Sweep key paths of the scenario (campaign and cascade kinds override this).

        Parameters
        ----------
        varies : list of Vary
            The key paths and their values (:func:`~compellence.scenario.parse_vary`).
        **kwargs
            Options of the kind's sweep (see
            :meth:`~compellence.scenario.campaign.CampaignScenario.sweep`).

        Returns
        -------
        object
            The kind's sweep result (:class:`~compellence.scenario.SweepResult`).

        Raises
        ------
        ScenarioError
            This kind cannot be swept, or a key path / value is invalid.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> text = '''
        ... kind = "game"
        ... players = ["A", "B"]
        ... [[nodes]]
        ... at = ""
        ... player = "A"
        ... actions = ["in", "out"]
        ... [[nodes]]
        ... at = "in"
        ... player = "B"
        ... actions = ["fight", "yield"]
        ... [[outcomes]]
        ... at = "in/fight"
        ... payoffs = [-1, -1]
        ... [[outcomes]]
        ... at = "in/yield"
        ... payoffs = [1, 1]
        ... [[outcomes]]
        ... at = "out"
        ... payoffs = [0, 2]
        ... '''
        >>> scen = loads_scenario(text, "entry.toml")
        >>> scen.sweep([])
        Traceback (most recent call last):
        ...
        compellence.errors.ScenarioError: entry.toml: sweep needs a campaign or cascade scenario; entry.toml is a game scenario
        """
        raise ScenarioError(
            f"sweep needs a campaign or cascade scenario; {self.source} is a "
            f"{self.kind} scenario", source=self.source)

    def game(self) -> Game:
        """The scenario's game tree (each kind with a tree overrides this).

        Returns
        -------
        compellence.games.Game
            The extensive-form game the scenario describes.

        Raises
        ------
        ScenarioError
            This kind has no game tree, or an input the model refuses.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> text = '''
        ... kind = "game"
        ... players = ["A", "B"]
        ... [[nodes]]
        ... at = ""
        ... player = "A"
        ... actions = ["in", "out"]
        ... [[nodes]]
        ... at = "in"
        ... player = "B"
        ... actions = ["fight", "yield"]
        ... [[outcomes]]
        ... at = "in/fight"
        ... payoffs = [-1, -1]
        ... [[outcomes]]
        ... at = "in/yield"
        ... payoffs = [1, 1]
        ... [[outcomes]]
        ... at = "out"
        ... payoffs = [0, 2]
        ... '''
        >>> scen = loads_scenario(text, "entry.toml")
        >>> scen.game().players
        ('A', 'B')
        """
        raise ScenarioError(
            f"a {self.kind} scenario has no game tree to draw or convert", source=self.source)

    def check(self) -> None:
        """Build the domain objects ``solve`` builds first, without solving.

        So ``compellence check`` refuses exactly what ``solve`` would (e.g.
        ``cost_target = inf``).

        Raises
        ------
        ScenarioError
            An input the model refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> text = '''
        ... kind = "game"
        ... players = ["A", "B"]
        ... [[nodes]]
        ... at = ""
        ... player = "A"
        ... actions = ["in", "out"]
        ... [[nodes]]
        ... at = "in"
        ... player = "B"
        ... actions = ["fight", "yield"]
        ... [[outcomes]]
        ... at = "in/fight"
        ... payoffs = [-1, -1]
        ... [[outcomes]]
        ... at = "in/yield"
        ... payoffs = [1, 1]
        ... [[outcomes]]
        ... at = "out"
        ... payoffs = [0, 2]
        ... '''
        >>> scen = loads_scenario(text, "entry.toml")
        >>> scen.check()
        """
        self.game()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.source!r}, title={self.title!r})"


@register
class GameScenario(Scenario):
    """A game written node by node in TOML (``kind = "game"``).

    Parameters
    ----------
    file : ScenarioData
        The parsed and validated file; create the scenario with
        :func:`load_scenario` / :func:`loads_scenario`.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> text = '''
    ... kind = "game"
    ... players = ["A", "B"]
    ... [[nodes]]
    ... at = ""
    ... player = "A"
    ... actions = ["in", "out"]
    ... [[nodes]]
    ... at = "in"
    ... player = "B"
    ... actions = ["fight", "yield"]
    ... [[outcomes]]
    ... at = "in/fight"
    ... payoffs = [-1, -1]
    ... [[outcomes]]
    ... at = "in/yield"
    ... payoffs = [1, 1]
    ... [[outcomes]]
    ... at = "out"
    ... payoffs = [0, 2]
    ... '''
    >>> scen = loads_scenario(text, "entry.toml")
    >>> type(scen).__name__
    'GameScenario'
    >>> scen.solve().equilibria[0]
    Equilibrium(strategies={'A': {'root: in': 1.0}, 'B': {'root/in: yield': 1.0}}, payoffs={'A': 1.0, 'B': 1.0}, path=('A: in', 'B: yield'))
    """

    kind: ClassVar[str] = "game"

    def game(self) -> Game:
        """The :class:`~compellence.Game`.

        Returns
        -------
        compellence.games.Game
            The tree, built node by node from the file.

        Raises
        ------
        ScenarioError
            An inconsistent tree (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> text = '''
        ... kind = "game"
        ... players = ["A", "B"]
        ... [[nodes]]
        ... at = ""
        ... player = "A"
        ... actions = ["in", "out"]
        ... [[nodes]]
        ... at = "in"
        ... player = "B"
        ... actions = ["fight", "yield"]
        ... [[outcomes]]
        ... at = "in/fight"
        ... payoffs = [-1, -1]
        ... [[outcomes]]
        ... at = "in/yield"
        ... payoffs = [1, 1]
        ... [[outcomes]]
        ... at = "out"
        ... payoffs = [0, 2]
        ... '''
        >>> scen = loads_scenario(text, "entry.toml")
        >>> scen.game().n_nodes
        5
        """
        from .games import build_game

        return build_game(self.file)

    def solve(self) -> GameReport:
        """Its equilibria as a :class:`~compellence.scenario.reports.GameReport`.

        Returns
        -------
        GameReport
            The game's subgame-perfect (or Nash) equilibria.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> text = '''
        ... kind = "game"
        ... players = ["A", "B"]
        ... [[nodes]]
        ... at = ""
        ... player = "A"
        ... actions = ["in", "out"]
        ... [[nodes]]
        ... at = "in"
        ... player = "B"
        ... actions = ["fight", "yield"]
        ... [[outcomes]]
        ... at = "in/fight"
        ... payoffs = [-1, -1]
        ... [[outcomes]]
        ... at = "in/yield"
        ... payoffs = [1, 1]
        ... [[outcomes]]
        ... at = "out"
        ... payoffs = [0, 2]
        ... '''
        >>> scen = loads_scenario(text, "entry.toml")
        >>> print(scen.solve().to_table())  # doctest: +ELLIPSIS
        entry.toml  (extensive form, 2 players)
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
        from .games import solve_game

        return solve_game(self.game(), self.source)

    def describe(self) -> str:
        """One line: what the scenario is (players, nodes, information).

        Returns
        -------
        str
            The kind, title, number of players and nodes and whether information is perfect.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> text = '''
        ... kind = "game"
        ... players = ["A", "B"]
        ... [[nodes]]
        ... at = ""
        ... player = "A"
        ... actions = ["in", "out"]
        ... [[nodes]]
        ... at = "in"
        ... player = "B"
        ... actions = ["fight", "yield"]
        ... [[outcomes]]
        ... at = "in/fight"
        ... payoffs = [-1, -1]
        ... [[outcomes]]
        ... at = "in/yield"
        ... payoffs = [1, 1]
        ... [[outcomes]]
        ... at = "out"
        ... payoffs = [0, 2]
        ... '''
        >>> scen = loads_scenario(text, "entry.toml")
        >>> print(scen.describe())
        kind = "game", 'entry': 2 players, 5 nodes, perfect information
        """
        g = self.game()
        return (f'kind = "game", {self.title!r}: {len(g.players)} players, {g.n_nodes} nodes, '
                f"{'perfect' if g.is_perfect_information else 'imperfect'} information")
