"""Finite normal-form (strategic-form) games."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import BatchShapeError, GameError, PayoffError, PlayerError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NormalFormGame"]


class NormalFormGame:
    """An n-player finite game in strategic form.

    A two-player game can also be built from the two bimatrices with
    :meth:`from_bimatrix`.

    Parameters
    ----------
    payoffs : array_like
        Array of shape ``(n_players, m_1, ..., m_n)``: ``payoffs[i, s_1, ..., s_n]``
        is player i's payoff when player j plays pure strategy ``s_j``.
    players : Sequence[str], optional
        Player names (default ``Player 1``, ``Player 2``, ...).
    strategies : Sequence[Sequence[str]], optional
        Per player, the strategy labels (default ``"1"``, ``"2"``, ...).
    title : str, optional
        A human-readable title.

    Raises
    ------
    PayoffError
        ``payoffs`` has the wrong shape for the number of players, or non-finite entries.
    PlayerError
        Player names that are not distinct strings, or the wrong number of them.
    ActionError
        Strategy labels of the wrong count or with duplicates.

    Examples
    --------
    >>> g = cp.NormalFormGame(np.array([[[2, 0], [0, 1]], [[1, 0], [0, 2]]]),
    ...                       players=["Row", "Column"], strategies=[["opera", "fight"]] * 2)
    >>> g.shape, g.players
    ((2, 2), ('Row', 'Column'))
    >>> len(cp.nash(g).equilibria)
    3
    """

    def __init__(
        self,
        payoffs: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> None:
        try:
            arr = np.array(payoffs, dtype=float)
        except (TypeError, ValueError, OverflowError):
            raise PayoffError("payoffs must be a numeric array of shape (n_players, m_1, ..., m_n)") from None
        if arr.ndim < 2:
            raise PayoffError(
                f"payoffs must have shape (n_players, m_1, ..., m_n); got shape {arr.shape}"
            )
        n = arr.shape[0]
        if arr.ndim != n + 1:
            raise BatchShapeError(
                f"payoffs of {n} players need {n + 1} dimensions (n_players, m_1, ..., m_{n}); "
                f"got shape {arr.shape}"
            )
        if any(m < 1 for m in arr.shape[1:]):
            raise GameError(f"every player needs at least one strategy; got shape {arr.shape}")
        if not np.all(np.isfinite(arr)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
            raise PayoffError(f"payoffs[{bad}] is not finite")
        if players is None:
            players = [f"Player {i + 1}" for i in range(n)]
        players = tuple(str(p) for p in players)
        if len(players) != n:
            raise PlayerError(f"{len(players)} player names for a {n}-player payoff array")
        if len(set(players)) != n:
            raise PlayerError(f"duplicate player names in {list(players)}")
        if strategies is None:
            strategies = [[str(k + 1) for k in range(m)] for m in arr.shape[1:]]
        strategies = tuple(tuple(str(s) for s in labs) for labs in strategies)
        if len(strategies) != n:
            raise GameError(f"strategy labels given for {len(strategies)} players, the game has {n}")
        for i, (labs, m) in enumerate(zip(strategies, arr.shape[1:])):
            if len(labs) != m:
                raise GameError(
                    f"player {players[i]!r} has {m} strategies but {len(labs)} labels"
                )
            if len(set(labs)) != m:
                raise GameError(f"player {players[i]!r} has duplicate strategy labels")
        arr.setflags(write=False)
        self.payoffs: np.ndarray = arr
        self.players: tuple[str, ...] = players
        self.strategies: tuple[tuple[str, ...], ...] = strategies
        self.title: str = str(title)

    @classmethod
    def from_bimatrix(
        cls,
        A: Any,
        B: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """Two-player game from row payoffs ``A`` and column payoffs ``B`` (both m x n).

        Parameters
        ----------
        A : array_like
            ``(m, n)`` payoffs of the row player.
        B : array_like
            ``(m, n)`` payoffs of the column player.
        players : Sequence[str], optional
            The two player names.
        strategies : Sequence[Sequence[str]], optional
            Row and column strategy labels.
        title : str, optional
            A human-readable title.

        Returns
        -------
        NormalFormGame
            The two-player game.

        Raises
        ------
        PayoffError
            ``A`` and ``B`` are not matrices of one shape.

        Examples
        --------
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]])
        >>> g.shape, g.strategies
        ((2, 2), (('C', 'D'), ('C', 'D')))
        """
        A = np.asarray(A, dtype=float)
        B = np.asarray(B, dtype=float)
        if A.ndim != 2 or A.shape != B.shape:
            raise PayoffError(f"A and B must be matrices of one shape; got {A.shape} and {B.shape}")
        return cls(np.stack([A, B]), players=players, strategies=strategies, title=title)

    @property
    def n_players(self) -> int:
        """Number of players."""
        return self.payoffs.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of pure strategies per player."""
        return tuple(self.payoffs.shape[1:])

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` for a two-player game.

        Returns
        -------
        tuple[numpy.ndarray, numpy.ndarray]
            The row player's and the column player's ``(m, n)`` payoff matrices.

        Raises
        ------
        GameError
            The game does not have two players.

        Examples
        --------
        >>> A, B = cp.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]]).bimatrix()
        >>> A.tolist(), B.tolist()
        ([[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]])
        """
        if self.n_players != 2:
            raise GameError(f"bimatrix() needs a two-player game, this one has {self.n_players}")
        return self.payoffs[0], self.payoffs[1]

    def expected_payoffs(self, profile: Sequence[Any]) -> np.ndarray:
        """Expected payoff of each player under a mixed profile (one vector per player).

        Parameters
        ----------
        profile : Sequence[array_like]
            One probability vector per player, over that player's pure strategies.

        Returns
        -------
        numpy.ndarray
            ``(n_players,)`` expected payoffs.

        Examples
        --------
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]])
        >>> g.expected_payoffs([[0.5, 0.5], [0.0, 1.0]]).tolist()
        [0.5, 3.0]
        """
        u = self.payoffs
        for i in range(self.n_players - 1, -1, -1):
            u = np.tensordot(u, np.asarray(profile[i], dtype=float), axes=([i + 1], [0]))
        return u

    def strategy_payoffs(self, profile: Sequence[Any], player: int) -> np.ndarray:
        """Payoff of each pure strategy of ``player`` against the others' mixed strategies.

        Parameters
        ----------
        profile : Sequence[array_like]
            One probability vector per player (``player``'s own entry is ignored).
        player : int
            Index of the player whose pure strategies are evaluated.

        Returns
        -------
        numpy.ndarray
            ``(m_player,)`` expected payoffs, one per pure strategy of ``player``.

        Examples
        --------
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]])
        >>> g.strategy_payoffs([[1, 0], [0.5, 0.5]], player=0).tolist()
        [1.5, 3.0]
        """
        u = self.payoffs[player]
        for i in range(self.n_players - 1, -1, -1):
            if i == player:
                continue
            u = np.tensordot(u, np.asarray(profile[i], dtype=float), axes=([i], [0]))
        return u

    def to_frame(self) -> pd.DataFrame:
        """One row per pure-strategy profile, one payoff column per player.

        Returns
        -------
        pandas.DataFrame
            Columns ``strategy[P]`` (the label of player P's strategy) for every player, then
            ``payoff[P]`` for every player.

        Examples
        --------
        >>> cp.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]]).to_frame()
          strategy[Player 1] strategy[Player 2]  payoff[Player 1]  payoff[Player 2]
        0                  C                  C               3.0               3.0
        1                  C                  D               0.0               5.0
        2                  D                  C               5.0               0.0
        3                  D                  D               1.0               1.0
        """
        import pandas as pd
        cols: dict[str, Any] = {}
        grid = np.indices(self.shape).reshape(self.n_players, -1)
        for i, p in enumerate(self.players):
            cols[f"strategy[{p}]"] = np.asarray(self.strategies[i], dtype=object)[grid[i]]
        flat = self.payoffs.reshape(self.n_players, -1)
        for i, p in enumerate(self.players):
            cols[f"payoff[{p}]"] = flat[i]
        return pd.DataFrame(cols)

    def __repr__(self) -> str:
        dims = " x ".join(str(m) for m in self.shape)
        return f"NormalFormGame({self.title!r}, players={list(self.players)}, strategies={dims})"

    def _bimatrix_table(self) -> pd.DataFrame:
        import pandas as pd
        A, B = self.bimatrix()
        rows, cols = self.strategies
        return pd.DataFrame(
            [[f"{A[i, j]:g}, {B[i, j]:g}" for j in range(len(cols))] for i in range(len(rows))],
            index=pd.Index(rows, name=self.players[0]),
            columns=pd.Index(cols, name=self.players[1]),
        )

    def __str__(self) -> str:
        if self.n_players != 2:
            return repr(self) + "\n" + self.to_frame().to_string()
        return f"{self.title or 'NormalFormGame'}\n{self._bimatrix_table().to_string()}"

    def _repr_html_(self) -> str:
        if self.n_players != 2:
            return self.to_frame().to_html()
        return f"<b>{self.title or 'NormalFormGame'}</b>" + self._bimatrix_table().to_html()
