"""The result of solving an extensive game: a behaviour profile and what follows from it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .._frames import batch_columns
from ..errors import ParameterError
from ..games.tree import DECISION, TERMINAL, Game, normalize_index

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Solution", "reach_probabilities", "node_values", "edge_prob_from_chance", "TiePolicy"]

#: How indifference at a decision node is resolved: the first best action, or uniform over the best.
TiePolicy = Literal["first", "uniform"]


def reach_probabilities(game: Game, edge_prob: np.ndarray) -> np.ndarray:
    """Probability of reaching each node, shape ``(n_nodes, *batch)``.

    ``edge_prob[i]`` is the probability of the move into node ``i`` given its
    parent is reached (a behaviour-strategy probability or a chance
    probability); ``edge_prob[0]`` is ignored.  One vectorised pass per depth.

    Parameters
    ----------
    game : Game
        The game.
    edge_prob : numpy.ndarray
        ``(n_nodes, *batch)`` conditional move probabilities.

    Returns
    -------
    numpy.ndarray
        ``(n_nodes, *batch)`` reach probabilities (1 at the root).

    Examples
    --------
    >>> from compellence.solvers import reach_probabilities
    >>> game = cp.catalog.load("entry_deterrence")
    >>> sol = cp.spe(game)
    >>> reach_probabilities(game, sol.edge_prob).tolist()
    [1.0, 1.0, 0.0, 0.0, 1.0]
    """
    reach = np.empty_like(edge_prob)
    reach[0] = 1.0
    for start, stop in game.levels[1:]:
        nodes = slice(start, stop)
        reach[nodes] = reach[game.parent[start:stop]] * edge_prob[nodes]
    return reach


def node_values(game: Game, edge_prob: np.ndarray) -> np.ndarray:
    """Expected payoffs at every node under a profile, shape ``(n_players, n_nodes, *batch)``.

    Parameters
    ----------
    game : Game
        The game.
    edge_prob : numpy.ndarray
        ``(n_nodes, *batch)`` conditional move probabilities.

    Returns
    -------
    numpy.ndarray
        ``(n_players, n_nodes, *batch)``: each player's expected payoff in the subgame (or
        continuation) starting at each node.

    Examples
    --------
    >>> from compellence.solvers import node_values
    >>> game = cp.catalog.load("entry_deterrence")
    >>> sol = cp.spe(game)
    >>> node_values(game, sol.edge_prob)[:, 0].tolist()
    [1.0, 1.0]
    """
    batch = edge_prob.shape[1:]
    value = np.empty((game.n_players, game.n_nodes, *batch))
    value[:, game.terminals] = game.payoffs
    levels = game.levels
    for d in range(len(levels) - 2, -1, -1):
        s, e = levels[d]
        cs, ce = levels[d + 1]
        internal = np.flatnonzero(game.kind[s:e] != TERMINAL) + s
        if internal.size == 0:
            continue
        offsets = game.child_start[internal] - cs
        weighted = value[:, cs:ce] * edge_prob[cs:ce][None]
        value[:, internal] = np.add.reduceat(weighted, offsets, axis=1)
    return value


class Solution:
    """A behaviour-strategy profile of an extensive game and its consequences.

    ``edge_prob`` and ``node_value`` may be given as zero-argument callables:
    they are then computed on first access (the batched backward induction
    stores compact action choices and materialises these large arrays only
    when asked).  Instances are immutable.

    Derived: ``value`` (``(n_players, *batch)``), ``strategy`` (infoset label
    -> {action: probability array}), ``outcome_probs`` (terminal path ->
    probability array), ``path()``, ``paths()``, ``to_frame()``.

    Parameters
    ----------
    game : Game
        The solved game.
    edge_prob : numpy.ndarray or callable
        ``(n_nodes, *batch)``: probability of the move into each node given
        its parent is reached (player's behaviour or chance).
    node_value : numpy.ndarray or callable
        ``(n_players, n_nodes, *batch)``: expected payoffs in the subgame at each node.
    ties : numpy.ndarray
        ``(n_decision_nodes, *batch)`` booleans: the chosen action at that
        decision node is not the unique best reply (order of ``decision_nodes``).
    method : str
        The solver that produced it (``"spe"``, ``"qre"``, ...).
    beliefs : numpy.ndarray, optional
        ``(n_nodes, *batch)``: probability of each decision node
        within its information set (filled by solvers with information sets).
    info : dict, optional
        Solver details (tolerances, iterations, ...).
    value : numpy.ndarray, optional
        ``(n_players, *batch)`` equilibrium payoffs, when the solver has them without
        materialising ``node_value`` (default: ``node_value`` at the root).

    Examples
    --------
    >>> game = cp.catalog.load("entry_deterrence")
    >>> sol = cp.spe(game)
    >>> sol.path(), sol.value.tolist()
    (('enter', 'accommodate'), [1.0, 1.0])
    >>> {k: float(v) for k, v in sol.action_probs("root/enter").items()}
    {'fight': 0.0, 'accommodate': 1.0}
    """

    def __init__(
        self,
        game: Game,
        edge_prob: np.ndarray | Callable[[], np.ndarray],
        node_value: np.ndarray | Callable[[], np.ndarray],
        ties: np.ndarray,
        method: str = "spe",
        beliefs: np.ndarray | None = None,
        info: dict[str, Any] | None = None,
        value: np.ndarray | None = None,
    ) -> None:
        d = self.__dict__
        d["game"] = game
        d["ties"] = ties
        d["method"] = method
        d["beliefs"] = beliefs
        d["info"] = dict(info or {})
        d["_edge_prob"] = edge_prob
        d["_node_value"] = node_value
        d["_value"] = value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Solution is immutable; cannot set {name!r}")

    @cached_property
    def edge_prob(self) -> np.ndarray:
        """``(n_nodes, *batch)``: probability of the move into each node given its parent is reached."""
        ep = self._edge_prob
        return ep() if callable(ep) else ep

    @cached_property
    def node_value(self) -> np.ndarray:
        """``(n_players, n_nodes, *batch)``: expected payoffs in the subgame at each node."""
        nv = self._node_value
        if nv is None:
            return node_values(self.game, self.edge_prob)
        return nv() if callable(nv) else nv

    # ----------------------------------------------------------------- derived
    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The game's batch shape (``()`` for one game)."""
        return self.game.batch_shape

    @property
    def value(self) -> np.ndarray:
        """Equilibrium payoffs, shape ``(n_players, *batch)``."""
        if self._value is not None:
            return self._value
        return self.node_value[:, 0]

    @cached_property
    def decision_nodes(self) -> tuple[str, ...]:
        """Paths of the decision nodes, in the order of ``ties``."""
        return tuple(self.game.node_path(i) for i in np.flatnonzero(self.game.kind == DECISION))

    @property
    def any_ties(self) -> np.ndarray:
        """Per batch element: is any decision node's choice not the unique best?"""
        return self.ties.any(axis=0) if self.ties.shape[0] else np.zeros(self.batch_shape, bool)

    @cached_property
    def reach(self) -> np.ndarray:
        """Probability of reaching each node, ``(n_nodes, *batch)``."""
        return reach_probabilities(self.game, self.edge_prob)

    @cached_property
    def strategy(self) -> dict[str, dict[str, np.ndarray]]:
        """Behaviour strategy: information-set label -> {action: probability (batch shape)}."""
        g = self.game
        out: dict[str, dict[str, np.ndarray]] = {}
        for s in g.infosets:
            first = s.nodes[0]
            c0 = int(g.child_start[first])
            out[s.label] = {a: self.edge_prob[c0 + k] for k, a in enumerate(s.actions)}
        return out

    @cached_property
    def outcome_probs(self) -> dict[str, np.ndarray]:
        """Terminal node path -> probability that play ends there (batch shape)."""
        g = self.game
        return {g.node_path(t): self.reach[t] for t in g.terminals.tolist()}

    def action_probs(self, infoset: str) -> dict[str, np.ndarray]:
        """The behaviour at one information set (by label or node path).

        Parameters
        ----------
        infoset : str
            An information-set label, or the path of one of its nodes.

        Returns
        -------
        dict[str, numpy.ndarray]
            Action label -> probability (batch shape).

        Raises
        ------
        InfosetError
            No information set has that label or contains that node.

        Examples
        --------
        >>> game = cp.catalog.load("entry_deterrence")
        >>> sol = cp.spe(game)
        >>> {a: float(p) for a, p in sol.action_probs("root").items()}
        {'enter': 1.0, 'stay out': 0.0}
        """
        if infoset in self.strategy:
            return self.strategy[infoset]
        node = self.game.node_at(infoset)
        return self.strategy[self.game.infosets[self.game.infoset[node]].label]

    def _index(self, index: Any) -> tuple:
        if not self.batch_shape:
            if index not in (None, ()):
                raise ParameterError("this solution is not batched; call path() without index", "index")
            return ()
        if index is None:
            raise ParameterError(
                f"the solution is batched (batch shape {self.batch_shape}); give index=... "
                "to pick one element",
                "index",
            )
        return normalize_index(index, self.batch_shape)

    def path(self, index: Any = None) -> tuple[str, ...]:
        """The equilibrium path as action labels (at one batch element if batched).

        Where play branches (a chance move or a mixed action), the most
        probable branch is followed (the first on ties); ``paths()`` lists
        every branch with its probability.

        Parameters
        ----------
        index : int or tuple[int, ...], optional
            The batch element (required for a batched solution).

        Returns
        -------
        tuple[str, ...]
            Action labels from the root to a terminal node.

        Raises
        ------
        ParameterError
            A batched solution without ``index``, or an index that does not fit.

        Examples
        --------
        >>> game = cp.catalog.load("entry_deterrence")
        >>> sol = cp.spe(game)
        >>> sol.path()
        ('enter', 'accommodate')
        """
        idx = self._index(index)
        g = self.game
        i = 0
        out = []
        while g.kind[i] != TERMINAL:
            kids = g.children(i)
            probs = [float(self.edge_prob[(c, *idx)]) for c in kids]
            c = kids[int(np.argmax(probs))]
            out.append(g.edge_label[c])
            i = c
        return tuple(out)

    def paths(self, index: Any = None, min_prob: float = 1e-12) -> list[tuple[tuple[str, ...], float]]:
        """Every play with probability above ``min_prob``: ``[(actions, probability), ...]``.

        Parameters
        ----------
        index : int or tuple[int, ...], optional
            The batch element (required for a batched solution).
        min_prob : float, optional
            Plays at or below this probability are left out.

        Returns
        -------
        list[tuple[tuple[str, ...], float]]
            The plays, most probable first.

        Raises
        ------
        ParameterError
            A batched solution without ``index``, or an index that does not fit.

        Examples
        --------
        >>> game = cp.Game(["A"], cp.chance({"h": (0.3, cp.outcome(1)), "t": (0.7, cp.outcome(0))}))
        >>> cp.spe(game).paths()
        [(('t',), 0.7), (('h',), 0.3)]
        """
        idx = self._index(index)
        g = self.game
        result = []
        for t in g.terminals.tolist():
            p = float(self.reach[(t, *idx)])
            if p > min_prob:
                result.append((g.history(t), p))
        result.sort(key=lambda item: -item[1])
        return result

    def to_frame(self, index: Any = None) -> pd.DataFrame:
        """The behaviour strategy as a tidy table (one row per infoset and action).

        For a batched solution, ``index`` picks an element; without it the
        table has one row per infoset, action and batch element.

        Parameters
        ----------
        index : int or tuple[int, ...], optional
            The batch element.

        Returns
        -------
        pandas.DataFrame
            One row per information set and action, with its probability.

        Examples
        --------
        >>> game = cp.catalog.load("entry_deterrence")
        >>> sol = cp.spe(game)
        >>> sol.to_frame()
              infoset     player       action  probability
        0        root    Entrant        enter          1.0
        1        root    Entrant     stay out          0.0
        2  root/enter  Incumbent        fight          0.0
        3  root/enter  Incumbent  accommodate          1.0
        """
        import pandas as pd
        g = self.game
        infoset, player, action, edge = [], [], [], []
        for s in g.infosets:
            c0 = int(g.child_start[s.nodes[0]])
            for k, a in enumerate(s.actions):
                infoset.append(s.label)
                player.append(g.players[s.player])
                action.append(a)
                edge.append(c0 + k)
        cols = {"infoset": infoset, "player": player, "action": action}
        if self.batch_shape and index is None:
            # one gather for every row and batch element; rows ordered infoset, action, element
            probs = self.edge_prob[edge].reshape(len(edge), -1)
            n_b = probs.shape[1]
            frame: dict[str, Any] = {k: np.repeat(np.asarray(v, dtype=object), n_b)
                                     for k, v in cols.items()}
            frame.update(batch_columns(self.batch_shape, len(edge)))
            frame["probability"] = probs.ravel()
            return pd.DataFrame(frame)
        idx = self._index(index)
        cols["probability"] = [float(self.edge_prob[(c, *idx)]) for c in edge]
        return pd.DataFrame(cols)

    # ----------------------------------------------------------------- display
    def __repr__(self) -> str:
        g = self.game
        if self.batch_shape:
            v = ", ".join(
                f"{p}: [{float(self.value[j].min()):.4g}..{float(self.value[j].max()):.4g}]"
                for j, p in enumerate(g.players)
            )
            n_ties = int(self.any_ties.sum())
            return (
                f"Solution({self.method}, game={g.title!r}, batch_shape={self.batch_shape}, "
                f"value={{{v}}}, elements with ties={n_ties})"
            )
        v = ", ".join(f"{p}: {float(self.value[j]):.6g}" for j, p in enumerate(g.players))
        return (
            f"Solution({self.method}, game={g.title!r}, path={' -> '.join(self.path()) or '(root)'}, "
            f"value={{{v}}}, ties={int(self.ties.sum())})"
        )

    def _repr_svg_(self) -> str | None:
        """The game tree with this solution's full strategy (see :meth:`_repr_html_`)."""
        if self.batch_shape or self.game.n_nodes > 500:
            return None
        from ..games.svg import game_to_svg

        return game_to_svg(self.game, self)

    def _repr_html_(self) -> str:
        """Notebook display: the tree with the full strategy, then the path, values and table.

        Jupyter shows the richest representation it finds, HTML before SVG, so
        the drawing is embedded here: the equilibrium path thick and red, each
        choice the strategy makes off the path dashed and orange (the threat
        in entry deterrence that is never carried out), mixed probabilities
        ``[p]`` and payoffs under the leaves.  Batched solutions and trees
        above 500 nodes show the tables only.
        """
        from html import escape

        import pandas as pd

        g = self.game
        head = f"<b>{self.method}</b> solution of <i>{escape(g.title or 'game')}</i>"
        if self.batch_shape:
            return head + f"<br>batch shape {self.batch_shape}; " + _frame_html(
                pd.DataFrame(
                    {
                        "player": list(g.players),
                        "min value": [float(self.value[j].min()) for j in range(g.n_players)],
                        "max value": [float(self.value[j].max()) for j in range(g.n_players)],
                    }
                )
            )
        svg = self._repr_svg_()
        picture = f'<div style="overflow-x:auto">{svg}</div>' if svg else ""
        path = " &rarr; ".join(escape(a) for a in self.path()) or "(root)"
        vals = ", ".join(f"{escape(p)}: {float(self.value[j]):.6g}" for j, p in enumerate(g.players))
        return (f"{head}{picture}<br>path: {path}<br>value: {vals}<br>"
                + _frame_html(self.to_frame()))


def _frame_html(df: pd.DataFrame) -> str:
    return df.to_html(index=False, float_format=lambda x: f"{x:.6g}")


def edge_prob_from_chance(game: Game) -> np.ndarray:
    """An ``edge_prob`` array with chance edges filled in and decision edges zero.

    Parameters
    ----------
    game : Game
        The game.

    Returns
    -------
    numpy.ndarray
        ``(n_nodes, *batch)``: chance probabilities on chance edges, 0 elsewhere.

    Examples
    --------
    >>> from compellence.solvers.solution import edge_prob_from_chance
    >>> game = cp.Game(["A"], cp.chance({"h": (0.3, cp.outcome(1)), "t": (0.7, cp.outcome(0))}))
    >>> edge_prob_from_chance(game).tolist()
    [1.0, 0.3, 0.7]
    """
    ep = np.zeros((game.n_nodes, *game.batch_shape))
    kids = np.flatnonzero(game.chance_index >= 0)
    ep[kids] = game.chance_probs[game.chance_index[kids]]
    ep[0] = 1.0
    return ep



def solution_from_edge_prob(
    game: Game, edge_prob: np.ndarray, *, method: str, tol: float = 1e-9,
    info: dict[str, Any] | None = None,
) -> Solution:
    """The :class:`Solution` of a scalar game's behaviour profile given as edge probabilities.

    Values are backed up by :func:`node_values`; ``ties[k]`` marks decision node
    ``k`` when its mover has several actions whose values lie within ``tol`` of
    the best (the profile is not checked for optimality: that is the solver's job).

    Parameters
    ----------
    game : Game
        A scalar game.
    edge_prob : numpy.ndarray
        ``(n_nodes,)``: probability of the move into each node given its parent is reached.
    method : str
        Recorded as the solution's ``method``.
    tol : float, optional
        Payoff tolerance for the ``ties`` flags.
    info : dict, optional
        Extra solver details, merged into ``info``.

    Returns
    -------
    Solution

    Examples
    --------
    >>> g = cp.catalog.load("entry_deterrence")
    >>> ep = edge_prob_from_chance(g)
    >>> ep[[1, 4]] = 1.0  # enter, accommodate
    >>> solution_from_edge_prob(g, ep, method="by hand").path()
    ('enter', 'accommodate')
    """
    value = node_values(game, edge_prob)
    dec = np.flatnonzero(game.kind == DECISION)
    ties = np.zeros(dec.size, dtype=bool)
    for k, v in enumerate(dec.tolist()):
        mv = value[game.player[v], list(game.children(v))]
        ties[k] = int((mv >= mv.max() - tol).sum()) > 1
    return Solution(game=game, edge_prob=edge_prob, node_value=value, ties=ties, method=method,
                    info={"tol": tol, **(info or {})})


def behavior_solution(form: Any, profile: Sequence[Any], tol: float = 1e-9) -> Solution:
    """The tree's behaviour profile of a mixed profile of its reduced or agent normal form.

    Parameters
    ----------
    form : ReducedNormalFormGame or AgentNormalFormGame
        ``to_normal_form(game)`` or ``agent_normal_form(game)``; ``form.extensive``
        is the tree.
    profile : sequence of array_like
        One mixed strategy per player of ``form`` (per agent for the agent form).
    tol : float
        Tolerance for the ``ties`` flags and for unreached information sets.

    Returns
    -------
    Solution
        Behaviour strategies on ``form.extensive`` (Kuhn 1953:
        ``beta_i(a|h) = sigma_i{s: s(h)=a} / sigma_i{s: s assigns h}`` for the
        reduced form; agent ``h``'s mixed action for the agent form), with values
        and ties.  Reduced form: ``info["unreached_infosets"]`` lists the sets a
        player's own mix never reaches (given the uniform distribution).

    Raises
    ------
    ParameterError
        ``profile`` has the wrong number of strategies or probabilities, or
        ``form`` is not a normal form of a tree.

    Examples
    --------
    >>> import compellence as cp
    >>> from compellence.games.reduced import to_normal_form
    >>> game = cp.catalog.load("entry_deterrence")
    >>> nf = to_normal_form(game)
    >>> nf.strategies
    (('enter', 'stay out'), ('fight', 'accommodate'))
    >>> threat = behavior_solution(nf, [[0, 1], [1, 0]])  # stay out; fight if entered
    >>> threat.path()
    ('stay out',)
    """
    edge = getattr(form, "behavior_edge_prob", None)
    if edge is None or getattr(form, "extensive", None) is None:
        raise ParameterError(
            f"needs the reduced or agent normal form of a tree, got {type(form).__name__}", "form"
        )
    ep, info = edge(profile, tol)
    return solution_from_edge_prob(form.extensive, ep, method=getattr(form, "solution_method", "nash"),
                                   tol=tol, info=info)
