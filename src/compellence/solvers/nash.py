"""Nash equilibria of normal-form games (and of extensive games via their reduced form).

Nash (1951): a profile ``sigma`` is an equilibrium iff no player gains by a
unilateral deviation, i.e. every player's *regret* is zero:

    regret_i(sigma) = max_{s_i} u_i(s_i, sigma_-i) - u_i(sigma) = 0   for all i.

Every equilibrium returned here has been checked against exactly this
condition, player by player in that player's own units:
``regret_i <= tol * (max u_i - min u_i)`` (:func:`regret_tolerance`).

Which methods find all equilibria, and which find some (``complete`` on the
result says what was proved for that game):

=================  ===========  =================================================
method             players      finds
=================  ===========  =================================================
``"vertex"``       2            all extreme equilibria (complete)
``"support"``      2            all, for nondegenerate games
``"enumpoly"``     any          all, when every support system is resolved
``"pure"``         any          all pure equilibria
``"lemke_howson"`` 2            some
``"gnm"``          any          some (global Newton path)
``"zero_sum"``     2, zero-sum  one (an optimal strategy pair; the value is unique)
``"lcp"``          2, tree      one (sequence-form Lemke)
``"agent_gnm"``    any, tree    some agent-form equilibria
``"agent_enumpoly"`` any, tree  all agent-form equilibria of a small tree
=================  ===========  =================================================

``"auto"`` is ``"vertex"`` for two players (``"lemke_howson"`` above ``MAX_SYSTEMS``), and for
three or more players ``"enumpoly"`` on small games (:func:`auto_uses_enumpoly`, a measured size
rule) or else one ``"gnm"`` path plus all pure equilibria (``complete=False``).

Payoffs spanning many orders of magnitude: when a player's smallest genuine
payoff difference is below ``MIN_PAYOFF_RESOLUTION = 1e-12`` of its payoff
range (:func:`payoff_resolution`; Gambit's ``large_payoff_game.efg`` with
payoffs ``1e19`` and ``1``), double-precision pivoting cannot separate the
payoffs.  Two-player games are then solved exactly (Lemke-Howson in rational
arithmetic, :mod:`.exact_rational`) up to ``exact_rational.MAX_EXACT_STRATEGIES``
strategies; every other case raises :class:`UnsupportedGameError` naming the
player and the resolution.

Two-player methods (``A``, ``B`` the payoff matrices of the row and column
player):

``"support"``
    Support enumeration (Dickhaut & Kaplan 1991; Nisan et al. 2007, Alg. 3.4):
    for all support pairs ``(I, J)`` with ``|I| = |J| = k`` solve the
    indifference systems ``A_IJ y = v 1, 1'y = 1`` and ``B_IJ' x = w 1, 1'x = 1``
    and keep the nonnegative solutions with no better reply outside the
    support.  Our own implementation stacks all pairs of one size into one
    batched ``np.linalg.solve`` (see ``benchmarks/bench_nash.py`` for the
    comparison with nashpy, which loops over pairs in Python).  Complete for
    nondegenerate games only.
``"vertex"`` (the two-player default)
    Vertex enumeration (Mangasarian 1964; Avis, Rosenberg, Savani & von Stengel
    2010): with ``A, B > 0`` (shifted; equilibria are invariant), the extreme
    equilibria are the completely labelled vertex pairs ``(x, y) != (0, 0)`` of
    ``P = {x >= 0 : B'x <= 1}`` and ``Q = {y >= 0 : A y <= 1}``.  With numba, both
    polytopes are walked vertex to vertex by simplex pivots from 0 (a compiled kernel,
    :mod:`.vertex_kernels`); for a degenerate game, and without numba, the vertices are the
    facets of the polar polytopes (Qhull, as QuantEcon), with batched solves over
    (support, tight-constraint) pairs as fallback.  Vertices are matched by label bit masks
    (:mod:`.vertex_enumeration`).  Exact for degenerate
    games too: it lists every *extreme* equilibrium, and it tests degeneracy
    (a vertex with more than m, resp. n, labels), in which case equilibrium
    components may be infinite (convex hulls of listed extreme points).
``"lemke_howson"``
    Lemke & Howson (1964) by complementary pivoting from every initial dropped
    label ``0 .. m+n-1`` (or the one label ``init_pivot``) with the lexicographic
    ratio test (so degenerate games are handled), duplicates removed
    (:mod:`.lemke_howson`; compiled with numba when it is installed).  Finds *some* equilibria, not
    necessarily all.  Our own tableau code: nashpy's did not terminate on a
    random 6x6 game and has no iteration cap.

Any number of players:

``"pure"``
    All pure equilibria: player i's best-reply mask is ``u_i >= max over axis i``;
    the equilibria are where all masks hold (one vectorised pass over the array).
``"gnm"``
    The global Newton method of Govindan & Wilson (2003), as Gambit's ``gnm``:
    one homotopy path from a perturbed game with a unique equilibrium;
    every crossing of the unperturbed game is an equilibrium
    (:mod:`.global_newton`).  Finds some equilibria (``seed`` picks the path).
``"enumpoly"``
    Support enumeration with a multilinear polynomial system per support
    profile, solved by certified box subdivision (Krawczyk test), as Gambit's
    ``enumpoly`` (:mod:`.polynomial_enumeration`).  Complete when every support
    system is resolved (generic games); singular supports (continua of
    equilibria) are named in ``notes`` and make ``complete=False``.

Two-player zero-sum games:

``"zero_sum"``
    The minimax linear program (von Neumann 1928; Dantzig 1951) with
    ``scipy.optimize.linprog``; on an extensive game the sequence-form LP
    (Koller, Megiddo & von Stengel 1996) (:mod:`.zero_sum`), one equilibrium in
    behaviour strategies as ``"lcp"`` gives.  The value is ``info["value"]``.  Refuses
    non-zero-sum games.

Extensive games, agent form (any number of players):

``"agent_gnm"``, ``"agent_enumpoly"``
    Equilibria of the agent normal form (Selten 1975: one agent per
    information set with its owner's payoffs), verified by each agent's regret
    in the tree (:mod:`.agent_form`).  Return a ``NashEquilibria`` like every method
    (``result.behavior(k)`` is the tree's behaviour profile).

Extensive games (:class:`~compellence.games.tree.Game`) are first converted to
their reduced strategic form (:func:`compellence.games.reduced.to_normal_form`),
except ``method="lcp"``, which solves the sequence form directly
(Koller, Megiddo & von Stengel 1996) via
``compellence.solvers.sequence_form.sequence_form_lcp``.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np

from ..errors import ParameterError, SolverError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ..games.tree import Game
from ..limits import get_limit
from .equilibria import (
    MIN_PAYOFF_RESOLUTION,
    Collector,
    NashEquilibria,
    NashEquilibrium,
    behavior_equilibria,
    payoff_resolution,
    payoff_scale,
    regret_tolerance,
    regrets,
    solve_batch,
    support_combinations,
)
from .lemke_howson import compiled_checks, lemke_howson
from .solution import behavior_solution

if TYPE_CHECKING:

    pass

__all__ = [
    "nash", "NashEquilibrium", "NashEquilibria", "regrets", "METHODS", "Method", "FINDS_ALL",
    "FINDS_SOME", "regret_tolerance", "payoff_resolution", "MIN_PAYOFF_RESOLUTION",
    "auto_uses_enumpoly", "AUTO_ENUMPOLY_MAX_SUPPORTS", "AUTO_ENUMPOLY_MAX_PLAYERS",
    "behavior_equilibria",
]

Method = Literal[
    "auto", "support", "vertex", "lemke_howson", "pure", "lcp", "gnm", "enumpoly", "zero_sum",
    "agent_gnm", "agent_enumpoly",
]
METHODS: tuple[str, ...] = get_args(Method)
#: Methods that list every equilibrium (of their class; ``complete`` on the result says whether
#: that was proved for the game at hand) and methods that find some.
FINDS_ALL = ("support", "vertex", "pure", "enumpoly", "agent_enumpoly")
FINDS_SOME = ("lemke_howson", "gnm", "zero_sum", "lcp", "agent_gnm")

#: Pairs of supports solved in one batched call (bounds memory to a few tens of MB).
_CHUNK = 20000
#: Support / vertex enumeration refuse games needing more linear systems than this
#: (C(m+n, m); 13 x 13 is about 1e7, some 30 s on one core).
MAX_SYSTEMS = 20_000_000
#: The pure method lists at most this many equilibria (a constant game has one per profile).
MAX_PURE_LISTED = 100_000
#: ``method="auto"`` on games with three or more players lists all equilibria with
#: ``"enumpoly"`` up to this many support profiles ``prod_i (2^{m_i} - 1)`` and players
#: (:func:`auto_uses_enumpoly`, measured there); larger games get ``"gnm"`` (some equilibria).
AUTO_ENUMPOLY_MAX_SUPPORTS = 350
AUTO_ENUMPOLY_MAX_PLAYERS = 4


def _max_vertices(d: int, facets: int) -> int:
    """McMullen's upper bound theorem: the most vertices a ``d``-polytope with ``facets`` facets has,
    ``C(f - ceil(d/2), floor(d/2)) + C(f - floor(d/2) - 1, ceil(d/2) - 1)`` (Ziegler 1995, 8.4)."""
    lo, hi = d // 2, (d + 1) // 2
    return math.comb(facets - hi, lo) + math.comb(facets - lo - 1, hi - 1)


def vertex_enumeration_size(m: int, n: int) -> tuple[int, int]:
    """``(linear systems, dense vertex entries)`` that vertex enumeration of an ``m x n`` game may need.

    Systems: ``C(m + n, m)`` (Vandermonde's sum over support sizes).  Entries: the
    vertices of the two best-response polytopes (``m``- and ``n``-dimensional, ``m + n``
    facets each), at most :func:`_max_vertices` each, stored densely.
    """
    systems = math.comb(m + n, m)
    entries = _max_vertices(m, m + n) * m + _max_vertices(n, m + n) * n
    return systems, entries


# ====================================================================== entry point
def nash(
    game: NormalFormGame | Game, method: Method = "auto", *, tol: float = 1e-9, seed: int | None = 0,
    init_pivot: int | None = None,
) -> NashEquilibria:
    """Nash equilibria of a normal-form game, or of an extensive game's reduced form.

    Parameters
    ----------
    game : NormalFormGame or Game
        A :class:`~compellence.games.normal_form.NormalFormGame`, or a
        :class:`~compellence.games.tree.Game` (converted with
        :func:`~compellence.games.reduced.to_normal_form`; batched games must
        be indexed first with ``game.at(index)``).
    method : Method
        ``"auto"``: for two players ``"vertex"``, or ``"lemke_howson"`` when
        enumeration would exceed ``MAX_SYSTEMS`` linear systems (then only *some*
        equilibria are found, e.g. 5 of the 27 of a random 15 x 15 game, the result has
        ``complete=False`` and its ``notes`` give the exhaustive method's size).  For three
        or more players, mixed equilibria too: ``"enumpoly"`` (all equilibria; ``complete``
        says whether every support system was resolved) when the game is small
        (:func:`auto_uses_enumpoly`: at most ``AUTO_ENUMPOLY_MAX_PLAYERS = 4`` players and
        ``AUTO_ENUMPOLY_MAX_SUPPORTS = 350`` support profiles, e.g. 3 x 3 x 3 or
        2 x 2 x 2 x 2), otherwise one ``"gnm"`` path plus every pure equilibrium (some
        equilibria, ``complete=False``; the ``notes`` say which).  One player: ``"pure"``.
        ``method="pure"`` gives the pure equilibria only,
        ``"support"``, ``"vertex"``, ``"lemke_howson"``, ``"pure"``, ``"gnm"``,
        ``"enumpoly"``, ``"zero_sum"``, ``"lcp"`` (sequence-form LCP of an extensive
        game: one equilibrium in behaviour strategies), ``"agent_gnm"`` or ``"agent_enumpoly"``
        (agent form of an extensive game).  ``FINDS_ALL`` and ``FINDS_SOME``
        say which list all equilibria and which some; the module docstring
        says what each finds.
    tol : float
        Relative tolerance of the best-response check: a profile is returned
        only if every player's regret is ``<= tol * (max u_i - min u_i)``
        (:func:`regret_tolerance`).
    seed : int or None
        The random perturbation of ``"gnm"`` / ``"agent_gnm"`` (another seed, another path).
    init_pivot : int or None
        ``"lemke_howson"`` only: follow the one path that drops this label (``0..m-1`` row
        strategies, ``m..m+n-1`` column strategies), as QuantEcon's ``lemke_howson``;
        ``None`` (default) follows the paths from all ``m + n`` labels.

    Returns
    -------
    NashEquilibria
        For every method (one result type).  ``"lcp"`` and ``"zero_sum"`` on an extensive game
        give one equilibrium in behaviour strategies of the tree, one agent per information set
        (:func:`behavior_equilibria`, ``complete=False``); ``result.behavior(k)`` turns
        equilibrium ``k`` of a result of an extensive game into a
        :class:`~compellence.solvers.Solution` of the tree.

    Raises
    ------
    ParameterError
        Unknown ``method``, ``tol`` outside ``(0, 1)``, ``init_pivot`` with another method, a
        ``game`` that is not a game, or a batched extensive game (index it with ``game.at``).
    UnsupportedGameError
        A method that does not apply to the game (e.g. a two-player method on three players,
        ``"lcp"`` on a normal-form game), a game too large for an exhaustive method, or
        payoffs double precision cannot separate for a method that works in floating point.

    Examples
    --------
    >>> import compellence as cp
    >>> pennies = cp.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> res = cp.nash(pennies)
    >>> res.method, len(res), res.complete
    ('vertex', 1, True)
    >>> res[0].strategies[0].tolist()
    [0.5, 0.5]
    >>> game = cp.Game(["A", "B"], cp.decision("A", {"x": cp.outcome(1.0, 0.0),
    ...                                              "y": cp.outcome(0.0, 1.0)}))
    >>> lcp = cp.nash(game, method="lcp")
    >>> lcp[0].support_probabilities()
    {'A@root': {'x': 1.0}}
    """
    # the common case (a float tol in (0, 1), a known method) costs three comparisons
    if type(tol) is not float or not 0.0 < tol < 1.0 or method not in METHODS or (
            init_pivot is not None and method != "lemke_howson"):
        _check_nash_options(method, tol, init_pivot)
        tol = float(tol)
    if method in ("agent_gnm", "agent_enumpoly"):
        from .agent_form import agent_equilibria

        return agent_equilibria(game, method, tol=tol, seed=seed)
    if method == "zero_sum":
        return _nash_zero_sum(game, tol)
    if method == "lcp":
        return _nash_lcp(game, tol)
    if isinstance(game, Game):
        from ..games.reduced import to_normal_form

        game = to_normal_form(game)
    elif not isinstance(game, NormalFormGame):
        raise ParameterError(
            f"nash() needs a NormalFormGame or a Game, got {type(game).__name__}", "game"
        )
    return _nash_normal_form(game, method, tol, seed, init_pivot)


def _check_nash_options(method: str, tol: Any, init_pivot: int | None) -> None:
    """Refuse an unknown ``method``, a stray ``init_pivot`` and a ``tol`` outside ``(0, 1)``."""
    if method not in METHODS:
        raise ParameterError(f"method must be one of {list(METHODS)}, got {method!r}", "method")
    if init_pivot is not None and method != "lemke_howson":
        raise ParameterError(
            f"init_pivot applies to method='lemke_howson' only, not {method!r}", "init_pivot"
        )
    try:
        value = float(tol)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"tol must be a number, got {tol!r}", "tol") from None
    if not (np.isfinite(value) and 0 < value < 1):
        raise ParameterError(f"tol must be a finite number in (0, 1), got {tol!r}", "tol")


def _nash_zero_sum(game: NormalFormGame | Game, tol: float) -> NashEquilibria:
    """``method="zero_sum"``: the LP of a two-player zero-sum game (normal or sequence form)."""
    from .zero_sum import zero_sum

    if isinstance(game, (Game, NormalFormGame)) and _unresolved_players(game.payoffs):
        raise UnsupportedGameError(
            _precision_note(game.payoffs, "zero_sum") + "; the zero-sum LP works in double "
            "precision and is refused: method='lcp' (extensive) or 'lemke_howson' (normal "
            "form) solve such two-player games exactly"
        )
    return zero_sum(game, tol=tol)  # a batched tree is refused there, by name


def _nash_lcp(game: NormalFormGame | Game, tol: float) -> NashEquilibria:
    """``method="lcp"``: one equilibrium of an extensive game by the sequence-form LCP, or by
    exact pivoting on the reduced form when double precision cannot separate the payoffs."""
    if isinstance(game, Game) and game.batch_shape:
        raise ParameterError(
            f"nash() solves one game; this one has batch shape {game.batch_shape}: index it "
            "with game.at(index), or call compellence.solvers.sequence_form.sequence_form_lcp "
            "(a batched Solution)", "game",
        )
    if isinstance(game, Game) and _unresolved_players(game.payoffs):
        from ..games.reduced import to_normal_form
        from .exact_rational import exact_lemke_howson

        nf = to_normal_form(game)
        res = exact_lemke_howson(nf, tol, _precision_note(nf.payoffs, "lcp"))
        return _exact_behavior_result(game, nf, res, tol)
    sol = _lcp(game)
    from .sequence_form import behaviour_regret

    return behavior_equilibria(
        sol, "lcp", tol, nash_regret=behaviour_regret(game, sol.edge_prob),
        notes=("the sequence-form LCP finds one equilibrium (complete=False)",),
    )


def _nash_normal_form(game: NormalFormGame, method: str, tol: float, seed: int | None,
                      init_pivot: int | None) -> NashEquilibria:
    """Every method on a normal-form game (an extensive game's reduced form included)."""
    if method != "pure" and _unresolved_players(game.payoffs):
        note = _precision_note(game.payoffs, method)
        if game.n_players == 2 and method in ("auto", "support", "vertex", "lemke_howson"):
            from .exact_rational import exact_lemke_howson

            return exact_lemke_howson(game, tol, note)
        raise UnsupportedGameError(
            note + f"; method={method!r} works in double precision and is refused (two-player "
            "games are solved exactly by method='auto' or 'lemke_howson'; rescale the payoffs "
            "or remove the extreme outcome)"
        )
    if method in ("gnm", "enumpoly"):
        return _nash_n_player_method(game, method, tol, seed)
    if game.n_players == 2 and min(game.shape) == 1 and method in ("auto", "vertex", "support"):
        return _single_strategy_opponent(game, tol, "vertex" if method == "auto" else method)
    if method == "auto" and game.n_players > 2:
        return _auto_n_players(game, tol, seed)
    auto_note = None
    if method == "auto":
        method, auto_note = _auto_two_players(game)
    if method == "pure":
        return _pure(game, tol)
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"method={method!r} solves two-player games, this one has {game.n_players} players "
            f"({list(game.players)}); use method='pure' for pure equilibria of n-player games"
        )
    if method in ("support", "vertex"):
        _check_enumeration_size(game, method)
    if method == "support":
        return _support_enumeration(game, tol)
    if method == "vertex":
        from .vertex_enumeration import vertex_enumeration

        return vertex_enumeration(game, tol)
    res = lemke_howson(game, tol, init_pivot)
    if auto_note:
        systems, entries = vertex_enumeration_size(*game.shape)
        info = {**res.info, "exhaustive_systems": systems, "exhaustive_vertex_entries": entries}
        res = dataclasses.replace(res, notes=(auto_note, *res.notes), info=info)
    return res


def _nash_n_player_method(game: NormalFormGame, method: str, tol: float,
                          seed: int | None) -> NashEquilibria:
    """``method="gnm"`` (one global Newton path) or ``"enumpoly"`` (all equilibria)."""
    if game.n_players < 2:
        raise UnsupportedGameError(
            f"method={method!r} needs at least two players; a one-player game's equilibria are its "
            "best strategies: use method='pure'"
        )
    if method == "gnm":
        from .global_newton import gnm_equilibria

        return gnm_equilibria(game, tol, seed=seed)
    from .polynomial_enumeration import enumpoly_equilibria

    return enumpoly_equilibria(game, tol)


def _auto_two_players(game: NormalFormGame) -> tuple[str, str | None]:
    """The method ``"auto"`` uses on a game of one or two players, with the note saying why
    when it falls back from vertex enumeration to Lemke-Howson."""
    if game.n_players != 2:
        return "pure", None
    systems, entries = vertex_enumeration_size(*game.shape)
    if systems <= MAX_SYSTEMS and entries <= get_limit("max_payoff_entries"):
        return "vertex", None
    return "lemke_howson", (
        f"the {game.shape[0]} x {game.shape[1]} game is too large for vertex "
        "enumeration, so method='auto' used Lemke-Howson, which lists some equilibria "
        f"(complete=False); listing all would need C({sum(game.shape)}, "
        f"{game.shape[0]}) = {systems:,} support systems (limit MAX_SYSTEMS = "
        f"{MAX_SYSTEMS:,}) or up to {entries:,} stored vertex coordinates "
        f"(limit max_payoff_entries = {get_limit('max_payoff_entries'):,})"
    )


def _check_enumeration_size(game: NormalFormGame, method: str) -> None:
    """Refuse support or vertex enumeration of a game above the size limits."""
    m, n = game.shape
    systems, entries = vertex_enumeration_size(m, n)
    if systems > MAX_SYSTEMS:
        raise UnsupportedGameError(
            f"method={method!r} on a {m} x {n} game solves C({m + n}, {m}) = {systems:,} "
            f"linear systems (limit {MAX_SYSTEMS:,}); use method='lemke_howson' for some "
            "equilibria, or remove dominated strategies first"
        )
    if method == "vertex" and entries > get_limit("max_payoff_entries"):
        raise UnsupportedGameError(
            f"method='vertex' on a {m} x {n} game may store {entries:,} vertex coordinates "
            f"(above the limit max_payoff_entries = {get_limit('max_payoff_entries'):,}, "
            "compellence.limits); use method='support' or 'lemke_howson'"
        )


def auto_uses_enumpoly(shape: Sequence[int]) -> bool:
    """Whether ``nash(game, method="auto")`` lists all equilibria of an n-player game of this
    shape with ``"enumpoly"`` (else it follows a ``"gnm"`` path, which finds some).

    The rule: at most :data:`AUTO_ENUMPOLY_MAX_PLAYERS` players and at most
    :data:`AUTO_ENUMPOLY_MAX_SUPPORTS` support profiles ``prod_i (2^{m_i} - 1)``.  Measured on
    random games (uniform payoffs, 3 seeds, one core, ``benchmarks/bench_nplayer.py --auto``):
    2x2x2 (27 profiles) 0.08 s, 2x2x2x2 (81) 0.4 s, 3x3x3 (343) 1.4 s median / 2.2 s worst; just
    above the rule 3x3x2x2 (441) 6.4 s, 4x3x3 (735) 4.7 s / 9.4 s, 2x2x2x2x2 (243, five players)
    12 s, 4x4x3 (1575) 75 s and not always resolved, while ``"gnm"`` took 1 to 6 s on all of them.

    Parameters
    ----------
    shape : sequence of int
        The numbers of strategies per player.

    Returns
    -------
    bool
        True for ``"enumpoly"``, False for ``"gnm"``.

    Examples
    --------
    >>> auto_uses_enumpoly((3, 3, 3)), auto_uses_enumpoly((4, 4, 3))
    (True, False)
    """
    shape = tuple(int(m) for m in shape)
    from .polynomial_enumeration import support_profile_count

    return (
        len(shape) <= AUTO_ENUMPOLY_MAX_PLAYERS
        and support_profile_count(shape) <= AUTO_ENUMPOLY_MAX_SUPPORTS
    )


def _auto_n_players(game: NormalFormGame, tol: float, seed: int | None) -> NashEquilibria:
    """``method="auto"`` with three or more players (:func:`auto_uses_enumpoly` picks the method).

    ``"enumpoly"``: every equilibrium, ``complete`` as that method proved it.  ``"gnm"``: the
    equilibria on one global Newton path, together with every pure equilibria (one vectorised
    pass, so the pure equilibria are always among those listed); ``complete=False``.
    """
    shape = " x ".join(map(str, game.shape))
    if auto_uses_enumpoly(game.shape):
        from .polynomial_enumeration import enumpoly_equilibria

        res = enumpoly_equilibria(game, tol)
        note = (f"method='auto' listed all equilibria of the {shape} game with method='enumpoly' "
                f"(complete={res.complete})")
        return dataclasses.replace(res, notes=(note, *res.notes))
    from .global_newton import gnm_equilibria

    res = gnm_equilibria(game, tol, seed=seed)
    pure = _pure(game, tol)
    col = Collector(game, tol, "gnm")
    col.found = list(res.equilibria)
    found_by_gnm = list(res.equilibria)
    added = 0
    for e in pure.equilibria:  # distinct pure profiles: compare with the gnm ones only
        if any(all(float(np.abs(a - b).max()) <= 1e-8 for a, b in zip(f.strategies, e.strategies))
               for f in found_by_gnm):
            continue
        added += col.add(e.strategies, distinct=True)
    col.found[len(res.equilibria):] = [
        dataclasses.replace(e, method="pure") for e in col.found[len(res.equilibria):]
    ]
    from .polynomial_enumeration import support_profile_count

    note = (
        f"the {shape} game is too large for method='enumpoly' under method='auto' "
        f"({support_profile_count(game.shape):,} support profiles, rule: at most "
        f"{AUTO_ENUMPOLY_MAX_SUPPORTS} and at most {AUTO_ENUMPOLY_MAX_PLAYERS} players), so it "
        f"followed one global Newton path (method='gnm'), which finds some equilibria "
        f"(complete=False), and added the {added} pure equilibria it had not found "
        + (f"(all {len(pure)} pure equilibria are listed)" if pure.complete
           else f"(the first {len(pure):,} pure equilibria)")
    )
    info = {**res.info, "pure_equilibria": len(pure), "pure_added": added}
    return dataclasses.replace(res, equilibria=col.sorted(), complete=False,
                               notes=(note, *res.notes, *pure.notes[1:]), info=info)


def _unresolved_players(payoffs: np.ndarray) -> list[int]:
    """Players whose payoff differences double precision cannot resolve (:func:`payoff_resolution`)."""
    flat = payoffs.reshape(payoffs.shape[0], -1)
    if "numba" in sys.modules and flat.dtype == np.float64:
        compiled = compiled_checks()
        if compiled is not None and compiled[2](np.ascontiguousarray(flat),
                                                MIN_PAYOFF_RESOLUTION):
            return []
    if flat.shape[1] >= 2 and flat.dtype == np.float64:
        # Fast accept (one sort): the genuine differences are among the positive ones, so
        # when every positive adjacent difference of the sorted payoffs is at least
        # MIN_PAYOFF_RESOLUTION of the player's range, every player is resolved.
        v = np.sort(flat, axis=1) * 0.5
        d = np.diff(v, axis=1)
        span = v[:, -1] - v[:, 0]
        if np.isfinite(span).all() and (
            np.where(d > 0, d, np.inf).min(axis=1) >= MIN_PAYOFF_RESOLUTION * span
        ).all():
            return []
    res = payoff_resolution(flat)
    return [int(i) for i in np.flatnonzero(res < MIN_PAYOFF_RESOLUTION)]


def _span(u: np.ndarray) -> float:
    return 2.0 * (0.5 * float(u.max()) - 0.5 * float(u.min()))


def _precision_note(payoffs: np.ndarray, method: str) -> str:
    flat = np.asarray(payoffs, dtype=float).reshape(payoffs.shape[0], -1)
    res = payoff_resolution(flat)
    bad = _unresolved_players(flat)
    parts = [
        f"player {i + 1}'s payoffs range over {_span(flat[i]):.3g} but differ by as little "
        f"as {res[i] * _span(flat[i]):.3g} (resolution {res[i]:.2g} < "
        f"MIN_PAYOFF_RESOLUTION = {MIN_PAYOFF_RESOLUTION:g})"
        for i in bad
    ]
    return ("double precision cannot separate the payoffs: " + "; ".join(parts))


def _exact_behavior_result(game: Game, nf: Any, res: NashEquilibria, tol: float) -> NashEquilibria:
    """The first exact equilibrium of a tree's reduced form, as behaviour strategies of the tree."""
    if not len(res):
        raise SolverError("exact Lemke-Howson found no equilibrium (cannot happen for a finite game)")
    sol = behavior_solution(nf, res[0].strategies)
    info = {"exact": True, "exact_strategies": res.info["exact_strategies"][0]}
    from .solution import Solution

    sol = Solution(sol.game, sol.edge_prob, None, sol.ties, method="lcp_exact",
                   beliefs=sol.beliefs, info={**sol.info, **info, "notes": res.notes})
    return behavior_equilibria(sol, "lcp_exact", tol, nash_regret=res[0].regret,
                               notes=res.notes, info=info)


def _lcp(game: Any):
    if not isinstance(game, Game):
        raise UnsupportedGameError(
            "method='lcp' solves the sequence form of an extensive Game; for a NormalFormGame "
            "use method='lemke_howson' (or 'vertex' for all equilibria)"
        )
    try:
        from .sequence_form import sequence_form_lcp
    except ModuleNotFoundError as exc:
        if exc.name not in ("compellence.solvers.sequence_form",):
            raise
        raise UnsupportedGameError(
            "method='lcp' needs compellence.solvers.sequence_form, which is not installed in "
            "this version; use nash(game) on the reduced normal form instead"
        ) from None
    return sequence_form_lcp(game)


# ====================================================================== pure (n players)
def _pure(game: NormalFormGame, tol: float) -> NashEquilibria:
    """Every pure profile where no player gains more than ``tol * scale`` by deviating.

    One vectorised pass: ``regret_i(s) = max_{s_i'} u_i(s_i', s_-i) - u_i(s)`` for all profiles
    at once; distinct pure profiles need no duplicate check.  At most
    :data:`MAX_PURE_LISTED` equilibria are listed (``complete=False`` with the count beyond that:
    e.g. a constant game, where every profile is one).
    """
    u = game.payoffs
    atol = regret_tolerance(game, tol).reshape((-1,) + (1,) * game.n_players)
    regret = np.stack([u[i].max(axis=i, keepdims=True) - u[i] for i in range(game.n_players)])
    ok = (regret <= atol).all(axis=0)
    profiles = np.argwhere(ok)
    notes = []
    if game.n_players > 2:
        notes.append(
            "pure equilibria only (method='pure'): method='auto' or 'enumpoly' list all mixed "
            "equilibria of a small n-player game, method='auto' or 'gnm' find some of a larger one"
        )
    total = len(profiles)
    if total > MAX_PURE_LISTED:
        notes.append(f"{total:,} pure equilibria; the first {MAX_PURE_LISTED:,} are listed")
        profiles = profiles[:MAX_PURE_LISTED]
    found = []
    for prof in profiles:
        idx = tuple(prof)
        strategies = tuple(_unit(m, k) for m, k in zip(game.shape, prof))
        found.append(
            NashEquilibrium(
                strategies=strategies,
                payoffs=u[(slice(None), *idx)].astype(float),
                regret=np.maximum(regret[(slice(None), *idx)], 0.0),
                players=game.players,
                labels=game.strategies,
                method="pure",
            )
        )
    col = Collector(game, tol, "pure")
    col.found = found
    return NashEquilibria(game, col.sorted(), "pure", tol, complete=total <= MAX_PURE_LISTED,
                          degenerate=None, notes=tuple(notes))


def _single_strategy_opponent(game: NormalFormGame, tol: float, method: str) -> NashEquilibria:
    """Two players, one of whom has a single strategy: the equilibria are exactly the other's
    mixtures over its best responses to it (no polytope to enumerate); the extreme ones, its
    pure best responses, are listed, and ties make the set their convex hull (degenerate)."""
    res = _pure(game, tol)
    many = len(res.equilibria) > 1
    notes = list(res.notes)
    if many:
        notes.append(
            "the game is degenerate: one player has a single strategy and the other several best "
            "responses; every mixture of them is an equilibrium (only the extreme, pure ones are listed)"
        )
    return NashEquilibria(game, res.equilibria, method, tol, complete=res.complete,
                          degenerate=many, notes=tuple(notes))


def _unit(m: int, k: int) -> np.ndarray:
    e = np.zeros(m)
    e[k] = 1.0
    e.setflags(write=False)
    return e


def _support_enumeration(game: NormalFormGame, tol: float) -> NashEquilibria:
    A, B = (np.asarray(a, dtype=float) for a in game.bimatrix())
    m, n = A.shape
    atol = tol * payoff_scale(game)
    col = Collector(game, tol, "support")
    singular = 0
    excess = False
    for k in range(1, min(m, n) + 1):
        Irow_all, J_all = support_combinations(m, k), support_combinations(n, k)
        n_pairs = Irow_all.shape[0] * J_all.shape[0]
        for start in range(0, n_pairs, _CHUNK):
            flat = np.arange(start, min(start + _CHUNK, n_pairs))
            Irow = Irow_all[flat // J_all.shape[0]]
            J = J_all[flat % J_all.shape[0]]
            P = flat.size
            # column strategy y on J: A_IJ y - v = 0, 1'y = 1
            M = np.zeros((P, k + 1, k + 1))
            M[:, :k, :k] = A[Irow[:, :, None], J[:, None, :]]
            M[:, :k, k] = -1.0
            M[:, k, :k] = 1.0
            rhs = np.zeros((P, k + 1))
            rhs[:, k] = 1.0
            sol_y, ok_y = solve_batch(M, rhs)
            singular += int((~ok_y).sum())
            y_sup, v = sol_y[:, :k], sol_y[:, k]
            good = ok_y & (y_sup >= -atol).all(axis=1)
            if not good.any():
                continue
            Irow, J, y_sup, v = Irow[good], J[good], y_sup[good], v[good]
            P = Irow.shape[0]
            y = np.zeros((P, n))
            np.put_along_axis(y, J, y_sup, axis=1)
            Ay = y @ A.T  # (P, m): payoff of each row
            good = (Ay <= v[:, None] + atol).all(axis=1)
            if not good.any():
                continue
            Irow, J, y = Irow[good], J[good], y[good]
            P = Irow.shape[0]
            # row strategy x on Irow: B_IJ' x - w = 0, 1'x = 1
            M = np.zeros((P, k + 1, k + 1))
            M[:, :k, :k] = np.swapaxes(B[Irow[:, :, None], J[:, None, :]], 1, 2)
            M[:, :k, k] = -1.0
            M[:, k, :k] = 1.0
            rhs = np.zeros((P, k + 1))
            rhs[:, k] = 1.0
            sol_x, ok_x = solve_batch(M, rhs)
            singular += int((~ok_x).sum())
            x_sup, w = sol_x[:, :k], sol_x[:, k]
            good = ok_x & (x_sup >= -atol).all(axis=1)
            x = np.zeros((P, m))
            np.put_along_axis(x, Irow, np.where(np.isfinite(x_sup), x_sup, 0.0), axis=1)
            xB = x @ B
            good &= (xB <= w[:, None] + atol).all(axis=1)
            for p in np.flatnonzero(good):
                if col.add((x[p], y[p])):
                    e = col.found[-1]
                    xb = e.strategies[0] @ B
                    ay = A @ e.strategies[1]
                    n_br_col = int((xb >= xb.max() - atol).sum())
                    n_br_row = int((ay >= ay.max() - atol).sum())
                    if n_br_col > len(e.support[0]) or n_br_row > len(e.support[1]):
                        excess = True
    notes = []
    if excess:
        notes.append(
            "the game is degenerate (an equilibrium strategy has more pure best replies than the "
            "other's support size): support enumeration over equal-size supports can miss "
            "equilibria; use method='vertex' for all extreme equilibria"
        )
    if singular:
        notes.append(
            f"{singular} support systems were singular (skipped); this happens in degenerate "
            "games, where method='vertex' is complete"
        )
    return NashEquilibria(
        game, col.sorted(), "support", tol,
        complete=not (excess or singular),
        degenerate=True if excess else None,
        notes=tuple(notes),
        info={"singular_systems": singular, "rejected": col.rejected},
    )
