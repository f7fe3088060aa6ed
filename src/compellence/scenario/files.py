"""Game files and scenario files for the command line: solve, convert, draw.

* :func:`read_game_file` reads Gambit ``.efg`` / ``.nfg`` (via
  :mod:`compellence.games.gambit_io`) or builds the game of a ``.toml``
  scenario (a game scenario, or a campaign's compellence game);
* :func:`solve_game_file` -> :class:`~compellence.scenario.reports.GameReport`;
* :func:`convert_game_file` writes ``.efg`` -> ``.nfg`` (the reduced normal
  form) or a scenario's game -> ``.efg``;
* :func:`draw_file` draws a game tree with its equilibrium path to PNG.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import CompellenceError, GameFileError, ScenarioError

if TYPE_CHECKING:
    from ..games import Game, NormalFormGame
    from ..solvers.solution import Solution
    from .reports import GameReport

__all__ = [
    "read_game_file",
    "solve_game_file",
    "convert_game_file",
    "draw_file",
    "textbook_solution",
]

_GAME_SUFFIXES = (".efg", ".nfg")


def _check_exists(path: Path) -> None:
    if not path.exists():
        raise ScenarioError(f"no such file: {path}")
    if path.is_dir():
        raise ScenarioError(f"{path} is a folder, not a file")


def read_game_file(path: str | Path) -> Game | NormalFormGame:
    """A :class:`~compellence.Game` or :class:`~compellence.NormalFormGame` from a file.

    ``.efg`` / ``.nfg`` are Gambit files; ``.toml`` is a scenario whose game is
    used (``kind = "game"``, or a campaign's compellence game).

    Parameters
    ----------
    path : str or pathlib.Path
        The file (``.efg``, ``.nfg`` or ``.toml``).

    Returns
    -------
    Game or NormalFormGame
        The game.

    Raises
    ------
    ScenarioError
        A missing file, an unknown suffix or a scenario without a game.
    GameFileError
        A Gambit file that does not parse (naming the line).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "entry.toml"
    >>> _ = path.write_text('''kind = "game"
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
    ... ''')
    >>> from compellence.scenario import read_game_file
    >>> read_game_file(path).players
    ('A', 'B')
    """
    path = Path(path)
    _check_exists(path)
    suffix = path.suffix.lower()
    if suffix in _GAME_SUFFIXES:
        from ..games import gambit_io

        reader = gambit_io.read_efg if suffix == ".efg" else gambit_io.read_nfg
        try:
            return reader(path)
        except GameFileError:
            raise
        except UnicodeDecodeError as exc:
            raise GameFileError(f"not a text file ({exc.reason})", source=str(path)) from None
    if suffix == ".toml":
        from .load import load_scenario

        scen = load_scenario(path)
        game = scen.game()
        if getattr(game, "batch_shape", ()):
            raise ScenarioError("the scenario's game is batched; give scalar values",
                                source=str(path))
        return game
    raise ScenarioError(
        f"{path}: unknown file type {suffix or '(no suffix)'!r}; expected .efg, .nfg or .toml")


def solve_game_file(path: str | Path) -> GameReport:
    """Equilibria of a game file (see :func:`compellence.scenario.games.solve_game`).

    Parameters
    ----------
    path : str or pathlib.Path
        The file (``.efg``, ``.nfg`` or ``.toml``).

    Returns
    -------
    GameReport
        The equilibria.

    Raises
    ------
    ScenarioError
        A missing file, an unknown suffix or a scenario without a game.
    GameFileError
        A Gambit file that does not parse (naming the line).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "entry.toml"
    >>> _ = path.write_text('''kind = "game"
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
    ... ''')
    >>> from compellence.scenario import solve_game_file
    >>> solve_game_file(path).equilibria[0].path
    ('A: in', 'B: yield')
    """
    from .games import solve_game

    game = read_game_file(path)
    return solve_game(game, str(path))


def convert_game_file(path: str | Path, to: Literal["efg", "nfg"]) -> tuple[str, Path]:
    """Convert a game file; returns ``(text, default output path)``.

    ``to = "nfg"``: an ``.efg`` (or a scenario's game) becomes its reduced
    normal form; an ``.nfg`` is rewritten as is.  ``to = "efg"``: a scenario's
    game (or an ``.efg``) is written in Gambit's extensive format; a normal
    form cannot become a tree (an error).

    Parameters
    ----------
    path : str or pathlib.Path
        The file (``.efg``, ``.nfg`` or ``.toml``).
    to : {"efg", "nfg"}
        The Gambit format to write.

    Returns
    -------
    tuple of (str, pathlib.Path)
        The converted text, and ``path`` with the new suffix.

    Raises
    ------
    ScenarioError
        A missing file, an unknown suffix or a scenario without a game.
    GameFileError
        A Gambit file that does not parse (naming the line).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "entry.toml"
    >>> _ = path.write_text('''kind = "game"
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
    ... ''')
    >>> from compellence.scenario import convert_game_file
    >>> text, out = convert_game_file(path, "nfg")
    >>> text.splitlines()[0], out.name
    ('NFG 1 R "" { "A" "B" }', 'entry.nfg')
    """
    from ..games import gambit_io
    from ..games.normal_form import NormalFormGame

    path = Path(path)
    if to not in ("nfg", "efg"):
        raise ScenarioError(f"--to must be 'nfg' or 'efg', got {to!r}")
    game = read_game_file(path)
    out = path.with_suffix("." + to)
    if out.resolve() == path.resolve():
        out = path.with_name(path.stem + ".converted." + to)
    if to == "nfg":
        if not isinstance(game, NormalFormGame):
            from ..games.reduced import to_normal_form

            game = to_normal_form(game)
        return gambit_io.write_nfg(game), out
    if isinstance(game, NormalFormGame):
        raise ScenarioError(
            f"{path} is a normal-form game; it has no tree to write as .efg "
            "(convert goes from extensive to normal form, not back)")
    return gambit_io.write_efg(game), out


def textbook_solution(game: Game) -> Solution:
    """The equilibrium a drawing shows: a pure, sequentially rational one where there is one.

    * perfect information: the subgame-perfect equilibrium of backward
      induction (pure; ties to the first action);
    * a sender-receiver game (chance over types -> sender -> receiver, as
      beer-quiche): a pure perfect Bayesian equilibrium from
      :func:`~compellence.solvers.signalling.signalling_equilibria`, the first
      that survives the intuitive criterion (Cho & Kreps 1987) if any does,
      drawn with its off-path responses (a pure PBE is sequential in these
      two-move games: off-path beliefs are free);
    * otherwise the subgame-perfect solution of :func:`compellence.spe`
      (through the subgames of a game with information sets), which may mix.

    Parameters
    ----------
    game : Game
        The game tree.

    Returns
    -------
    Solution
        The equilibrium (``method`` says which of the three).

    Examples
    --------
    >>> from compellence import Game, decision, outcome
    >>> from compellence.scenario.files import textbook_solution
    >>> game = Game(["A", "B"], decision("A", {
    ...     "in": decision("B", {"fight": outcome(-1, -1), "yield": outcome(1, 1)}),
    ...     "out": outcome(0, 2)}))
    >>> textbook_solution(game).path()
    ('in', 'yield')
    """
    import numpy as np

    from ..solvers.signalling import SignallingGameError, signalling_equilibria
    from ..solvers.solution import Solution, edge_prob_from_chance
    from ..solvers.spe import spe

    if game.is_perfect_information:
        return spe(game)
    try:
        found = signalling_equilibria(game)
    except (SignallingGameError, CompellenceError):
        found = None
    if found is not None and len(found):
        eq = next((e for e in found if e.intuitive), found[0])
        ep = edge_prob_from_chance(game)
        root_kids = set(game.children(0))
        for i in np.flatnonzero(game.kind == 1).tolist():  # decision nodes
            label = str(game.edge_label[i])
            want = eq.sender[label] if i in root_kids else eq.receiver[label]
            for c in game.children(i):
                ep[c] = 1.0 if game.edge_label[c] == want else 0.0
        n_dec = int((game.kind == 1).sum())
        return Solution(game, ep, None, np.zeros(n_dec, dtype=bool), method="pbe",
                        info={"equilibrium": repr(eq), "intuitive": eq.intuitive})
    return spe(game)


def draw_file(path: str | Path, out: str | Path) -> None:
    """Draw the game tree of a game file or scenario to ``out`` (PNG) with its full strategy.

    The equilibrium drawn is :func:`textbook_solution`'s: subgame perfect for
    perfect information, a pure perfect Bayesian equilibrium (intuitive where
    possible) for a signalling game such as beer-quiche, else the
    subgame-perfect solution found through the subgames.

    Parameters
    ----------
    path : str or pathlib.Path
        The game file (``.efg`` or ``.toml``).
    out : str or pathlib.Path
        The picture to write (format from the suffix, e.g. ``.png``).

    Raises
    ------
    ScenarioError
        A missing file, an unknown suffix or a scenario without a game.
    GameFileError
        A Gambit file that does not parse (naming the line).
    OutputError
        ``out`` cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "entry.toml"
    >>> _ = path.write_text('''kind = "game"
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
    ... ''')
    >>> from compellence.scenario import draw_file
    >>> draw_file(path, path.with_suffix(".png"))
    >>> path.with_suffix(".png").stat().st_size > 0
    True
    """
    from ..analysis import plots
    from ..games.normal_form import NormalFormGame

    path = Path(path)
    game = read_game_file(path)
    if isinstance(game, NormalFormGame):
        raise ScenarioError(f"{path} is a normal-form game; `draw` draws game trees (.efg or a "
                            "campaign / game scenario)")
    try:
        solution = textbook_solution(game)
    except CompellenceError:  # a game the solvers cannot handle is still drawn
        solution = None
    fig = plots.plot_game_tree(game, solution=solution)
    fig = getattr(fig, "figure", fig)  # an Axes or a Figure
    fig.savefig(out, dpi=150)
    import matplotlib.pyplot as plt

    plt.close(fig)
