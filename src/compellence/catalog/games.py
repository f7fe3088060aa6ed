"""Builders of the catalog's games, each with its source and its known equilibria.

Every builder returns a fresh game.  Payoff conventions are stated in each
docstring; numbers are those of the cited source unless said otherwise.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..games.nodes import chance, decision, outcome
from ..games.normal_form import NormalFormGame
from ..games.tree import Game
from ..validation import check_int, check_real

__all__ = [
    "prisoners_dilemma",
    "chicken",
    "stag_hunt",
    "battle_of_the_sexes",
    "matching_pennies",
    "entry_deterrence",
    "centipede",
    "ultimatum",
    "beer_quiche",
    "selten_horse",
    "kuhn_poker",
    "fearon_bargaining",
    "compellence",
    "schelling_threat",
    "ENTRIES",
    "Entry",
]


def _bimatrix(A: Any, B: Any, players, strategies, title: str) -> NormalFormGame:
    return NormalFormGame(np.stack([np.asarray(A, float), np.asarray(B, float)]), players=players,
                          strategies=strategies, title=title)


@dataclass(frozen=True)
class Entry:
    """One catalog entry: how to build the game and what is known about it.

    Attributes
    ----------
    name : str
        The catalog name (``cp.catalog.load(name)``).
    title : str
        A human-readable title.
    source : str
        The full reference.
    players : tuple[str, ...]
        The player names.
    form : str
        ``"normal"`` or ``"extensive"``.
    equilibria : str
        The known equilibria, in words (asserted by the test suite).
    builder : Callable[..., Game or NormalFormGame]
        The function that builds the game.

    Examples
    --------
    >>> e = cp.catalog.entry("centipede")
    >>> e.form, e.players, e.parameters
    ('extensive', ('Player 1', 'Player 2'), {'stages': 4})
    """

    name: str
    title: str
    source: str
    players: tuple[str, ...]
    form: str
    equilibria: str
    builder: Callable[..., Any]

    @property
    def parameters(self) -> dict[str, Any]:
        """The builder's keyword parameters and their defaults."""
        sig = inspect.signature(self.builder)
        return {k: p.default for k, p in sig.parameters.items()}



# ====================================================================== normal form
def prisoners_dilemma() -> NormalFormGame:
    """Prisoner's dilemma with T=5 > R=3 > P=1 > S=0 (Axelrod 1984's numbers).

    Defection strictly dominates cooperation (5 > 3, 1 > 0), so the unique
    Nash equilibrium is (defect, defect) with payoffs (1, 1), although (3, 3)
    is available.

    Returns
    -------
    NormalFormGame
        The game.

    Examples
    --------
    >>> eqs = cp.nash(cp.catalog.load("prisoners_dilemma"))
    >>> [[s.tolist() for s in eq.strategies] for eq in eqs.equilibria]
    [[[0.0, 1.0], [0.0, 1.0]]]
    """
    A = [[3, 0], [5, 1]]
    return _bimatrix(A, np.transpose(A), ["Row", "Column"],
                     [["cooperate", "defect"], ["cooperate", "defect"]], "Prisoner's dilemma")


def chicken() -> NormalFormGame:
    """Chicken: swerve or go straight; crashing costs 10 (Rapoport & Chammah 1966).

    Payoffs (row, column): (swerve, swerve) 0, 0; (swerve, straight) -1, 1;
    (straight, swerve) 1, -1; (straight, straight) -10, -10.  Two pure
    equilibria in which one player swerves, and a mixed one where each goes
    straight with q: the other is indifferent, ``-q = (1 - q) - 10 q``, so
    ``q = 1/10``; the payoffs are -0.1 each.

    Returns
    -------
    NormalFormGame
        The game.

    Examples
    --------
    >>> eqs = cp.nash(cp.catalog.load("chicken"))
    >>> sorted(round(float(eq.strategies[0][1]), 6) for eq in eqs.equilibria)   # Pr(straight)
    [0.0, 0.1, 1.0]
    """
    A = [[0, -1], [1, -10]]
    return _bimatrix(A, np.transpose(A), ["Row", "Column"],
                     [["swerve", "straight"], ["swerve", "straight"]], "Chicken")


def stag_hunt() -> NormalFormGame:
    """Stag hunt (Rousseau 1755; Skyrms 2004): a stag needs both hunters, a hare needs one.

    Payoffs: (stag, stag) 4, 4; (stag, hare) 0, 3; (hare, stag) 3, 0;
    (hare, hare) 3, 3.  Equilibria: (stag, stag) (payoff dominant), (hare,
    hare) (risk dominant), and the mixed one where each hunts stag with p:
    ``4 p = 3``, p = 3/4, payoffs 3 each.

    Returns
    -------
    NormalFormGame
        The game.

    Examples
    --------
    >>> eqs = cp.nash(cp.catalog.load("stag_hunt"))
    >>> sorted(round(float(eq.strategies[0][0]), 6) for eq in eqs.equilibria)   # Pr(stag)
    [0.0, 0.75, 1.0]
    """
    A = [[4, 0], [3, 3]]
    return _bimatrix(A, np.transpose(A), ["Row", "Column"],
                     [["stag", "hare"], ["stag", "hare"]], "Stag hunt")


def battle_of_the_sexes() -> NormalFormGame:
    """Battle of the sexes (Luce & Raiffa 1957, ch. 5): coordinate, but each prefers a venue.

    Payoffs: (opera, opera) 2, 1; (football, football) 1, 2; mismatches 0, 0.
    Two pure equilibria and a mixed one: Row plays opera with 2/3 (Column
    indifferent: ``1 p = 2 (1 - p)``), Column plays opera with 1/3; payoffs
    2/3 each.

    Returns
    -------
    NormalFormGame
        The game.

    Examples
    --------
    >>> eqs = cp.nash(cp.catalog.load("battle_of_the_sexes"))
    >>> sorted(round(float(eq.strategies[0][0]), 6) for eq in eqs.equilibria)   # Row: Pr(opera)
    [0.0, 0.666667, 1.0]
    """
    return _bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], ["Row", "Column"],
                     [["opera", "football"], ["opera", "football"]], "Battle of the sexes")


def matching_pennies() -> NormalFormGame:
    """Matching pennies (von Neumann & Morgenstern 1944): zero-sum, Row wins on a match.

    The unique equilibrium mixes 1/2, 1/2 for both players; the value is 0.

    Returns
    -------
    NormalFormGame
        The game.

    Examples
    --------
    >>> eqs = cp.nash(cp.catalog.load("matching_pennies"))
    >>> [s.tolist() for s in eqs.equilibria[0].strategies]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    A = [[1, -1], [-1, 1]]
    return _bimatrix(A, -np.asarray(A), ["Row", "Column"],
                     [["heads", "tails"], ["heads", "tails"]], "Matching pennies")


# ====================================================================== extensive form
def entry_deterrence() -> Game:
    """Entry deterrence: the incumbent's threat to fight entry (Selten 1978).

    The entrant enters or stays out (0, 2); after entry the incumbent fights
    (-1, -1) or accommodates (1, 1).  Subgame perfect: enter, accommodate.
    The reduced normal form has a second Nash equilibrium, (stay out, fight),
    resting on a threat the incumbent would not carry out: 'fight' is an
    off-path choice that is not a best reply where it would be made.

    Returns
    -------
    Game
        The game.

    Examples
    --------
    >>> cp.spe(cp.catalog.load("entry_deterrence")).path()
    ('enter', 'accommodate')
    """
    root = decision("Entrant", {
        "enter": decision("Incumbent", {"fight": outcome(-1, -1), "accommodate": outcome(1, 1)}),
        "stay out": outcome(0, 2),
    })
    return Game(["Entrant", "Incumbent"], root, title="Entry deterrence (Selten 1978)")


def centipede(stages: int = 4) -> Game:
    """The centipede game (Rosenthal 1981) with McKelvey & Palfrey's (1992) doubling piles.

    At stage ``k = 0, 1, ...`` the mover (player 1 at even ``k``) takes the
    large pile ``0.4 * 2**k`` (the other gets ``0.1 * 2**k``) or passes; after
    ``stages`` passes player 1 gets ``0.4 * 2**stages`` if ``stages`` is even
    (player 2 otherwise) and the other ``0.1 * 2**stages``.  With 4 stages the
    end payoffs are (6.40, 1.60), as in McKelvey & Palfrey.  Backward
    induction: taking beats passing at every stage (``0.4 * 2**k > 0.1 *
    2**(k+1)``... and the next mover takes), so the unique subgame-perfect
    equilibrium takes at once: payoffs (0.4, 0.1).

    Parameters
    ----------
    stages : int, optional
        Number of take-or-pass stages (>= 1).

    Returns
    -------
    Game
        The game.

    Raises
    ------
    ParameterError
        A parameter outside its domain (field: its name).

    Examples
    --------
    >>> game = cp.catalog.load("centipede", stages=4)
    >>> sol = cp.spe(game)
    >>> sol.path(), sol.value.tolist()
    (('take',), [0.4, 0.1])
    """
    n = check_int(stages, "stages", 1, 20)
    players = ["Player 1", "Player 2"]

    def pay(k: int, big_to: int):
        big, small = 0.4 * 2**k, 0.1 * 2**k
        return outcome(big, small) if big_to == 0 else outcome(small, big)

    node = pay(n, n % 2)
    for k in range(n - 1, -1, -1):
        node = decision(players[k % 2], {"take": pay(k, k % 2), "pass": node})
    return Game(players, node, title=f"Centipede ({n} stages)")


def ultimatum(pie: int = 10) -> Game:
    """The ultimatum game (Güth, Schmittberger & Schwarze 1982), discretised in whole units.

    The proposer offers ``k = 0..pie`` units to the responder, who accepts
    (``pie - k``, ``k``) or rejects (0, 0).  Subgame perfection: the
    responder accepts every positive offer; at ``k = 0`` it is indifferent,
    so there are two subgame-perfect equilibria: offer 0 (accepted) and
    offer 1 (with 0 rejected).  ``cp.spe(game)`` (ties broken to the first
    action, accept) finds the first and flags the tie.

    Parameters
    ----------
    pie : int, optional
        Size of the pie in whole units (>= 1); offers are ``0..pie``.

    Returns
    -------
    Game
        The game.

    Raises
    ------
    ParameterError
        A parameter outside its domain (field: its name).

    Examples
    --------
    >>> sol = cp.spe(cp.catalog.load("ultimatum", pie=10))
    >>> sol.path(), bool(sol.any_ties)
    (('offer 0', 'accept'), True)
    """
    n = check_int(pie, "pie", 1, 200)
    acts = {
        f"offer {k}": decision("Responder", {"accept": outcome(n - k, k), "reject": outcome(0, 0)})
        for k in range(n + 1)
    }
    return Game(["Proposer", "Responder"], decision("Proposer", acts),
                title=f"Ultimatum game (pie {n})")


def beer_quiche(prior_strong: Any = 0.9) -> Game:
    """Beer-quiche (Cho & Kreps 1987), the signalling game of the intuitive criterion.

    Chance makes the sender strong (``prior_strong``, 0.9) or weak; the
    sender, knowing its type, has beer or quiche; the receiver sees only the
    breakfast and duels or not.  Sender: +2 if no duel, +1 for its preferred
    breakfast (beer if strong, quiche if weak).  Receiver: +1 for dueling a
    weak sender or for not dueling a strong one, else 0.  With prior 0.9 the
    pure perfect Bayesian equilibria are two pooling ones: both types have
    beer (no duel after beer; duel after quiche, belief Pr(weak | quiche) >=
    1/2), and both have quiche (no duel after quiche; duel after beer,
    Pr(weak | beer) >= 1/2).  Only the beer equilibrium survives the
    intuitive criterion.  There is no separating equilibrium.

    Parameters
    ----------
    prior_strong : float or array_like, optional
        Prior probability that the sender is strong, in ``[0, 1]``.

    Returns
    -------
    Game
        The game (batched when a parameter is an array).

    Raises
    ------
    ParameterError
        A parameter outside its domain (field: its name).

    Examples
    --------
    >>> res = cp.signalling_equilibria(cp.catalog.load("beer_quiche"))
    >>> [(eq.sender["strong"], eq.intuitive) for eq in res]
    [('beer', True), ('quiche', False)]
    """
    p = check_real(prior_strong, "prior_strong", 0.0, 1.0)

    def sender(t: str):
        fav = "beer" if t == "strong" else "quiche"
        acts = {}
        for m in ("beer", "quiche"):
            bonus = 1.0 if m == fav else 0.0
            duel_r = 1.0 if t == "weak" else 0.0
            acts[m] = decision("Receiver", {
                "duel": outcome(bonus, duel_r),
                "don't": outcome(2.0 + bonus, 1.0 - duel_r),
            }, infoset=f"after {m}")
        return decision("Sender", acts, infoset=t)

    root = chance({"strong": (p, sender("strong")), "weak": (1.0 - p, sender("weak"))})
    return Game(["Sender", "Receiver"], root, title="Beer-quiche (Cho & Kreps 1987)")


def selten_horse() -> Game:
    """Selten's horse (Selten 1975): a Nash equilibrium that is not sequential.

    Player 1 plays C or D; after C player 2 plays c (1, 1, 1) or d; player 3,
    who does not know whether D or (C, d) happened, plays L or R: after D,
    L gives (3, 3, 2) and R (0, 0, 0); after (C, d), L gives (4, 4, 0) and R
    (1, 1, 1).  Pure Nash equilibria: (C, c, R), (C, d, R) and (D, c, L).
    The two with R are sequential (with Pr(D | player 3 moves) <= 1/3 where
    player 3 is not reached); (D, c, L) is not: at player 2's (unreached)
    node d gives 4 > 1 against L.

    Returns
    -------
    Game
        The game.

    Examples
    --------
    >>> cp.spe(cp.catalog.load("selten_horse")).path()
    ('C', 'd', 'R')
    """
    after_d = decision("Player 3", {"L": outcome(3, 3, 2), "R": outcome(0, 0, 0)}, infoset="after D or C, d")
    after_cd = decision("Player 3", {"L": outcome(4, 4, 0), "R": outcome(1, 1, 1)}, infoset="after D or C, d")
    root = decision("Player 1", {
        "C": decision("Player 2", {"c": outcome(1, 1, 1), "d": after_cd}),
        "D": after_d,
    })
    return Game(["Player 1", "Player 2", "Player 3"], root, title="Selten's horse")


def kuhn_poker() -> Game:
    """Kuhn poker (Kuhn 1950): three cards, one each, ante 1, one bet of 1.

    Chance deals (Jack, Queen, King) to the two players (6 deals, 1/6 each).
    Player 1 checks or bets; after a check player 2 checks (showdown for 1) or
    bets, and player 1 then folds (-1) or calls (showdown for 2); after a bet
    player 2 folds (player 1 wins 1) or calls (showdown for 2).  Zero-sum.
    Each player's information set is its own card and the actions seen.
    The game's value is -1/18 for player 1.  In every equilibrium player 2
    bets a King after a check, bluffs a Jack after a check with 1/3 and calls
    a bet with a Queen with 1/3; player 1 bets a Jack with some alpha in
    [0, 1/3], a King with 3 alpha, and never bets a Queen.

    Returns
    -------
    Game
        The game.

    Examples
    --------
    >>> sol = cp.sequence_form_lcp(cp.catalog.load("kuhn_poker"))
    >>> round(float(sol.value[0]), 6)   # -1/18
    -0.055556
    """
    cards = ("J", "Q", "K")
    deals = [(a, b) for a in range(3) for b in range(3) if a != b]

    def show(a: int, b: int, stake: float):
        v = stake if a > b else -stake
        return outcome(v, -v)

    branches = {}
    for a, b in deals:
        ca, cb = cards[a], cards[b]
        after_check_bet = decision("Player 1", {"fold": outcome(-1, 1), "call": show(a, b, 2)},
                                   infoset=f"{ca}, check, bet")
        after_check = decision("Player 2", {"check": show(a, b, 1), "bet": after_check_bet},
                               infoset=f"{cb}, check")
        after_bet = decision("Player 2", {"fold": outcome(1, -1), "call": show(a, b, 2)},
                             infoset=f"{cb}, bet")
        branches[f"{ca}{cb}"] = (1.0 / 6.0, decision(
            "Player 1", {"check": after_check, "bet": after_bet}, infoset=ca))
    return Game(["Player 1", "Player 2"], chance(branches), title="Kuhn poker")


# ====================================================================== coercion literature
def fearon_bargaining(p: Any = 0.5, c_a: Any = 0.1, c_b: Any = 0.15, demands: Any = 11) -> Game:
    """Take-it-or-leave-it crisis bargaining under complete information (Fearon 1995, section 2).

    A demands a share ``x`` of a good of size 1 from a menu (``demands``
    points on [0, 1]); B accepts (A: x, B: 1 - x) or goes to war (A: p - c_A,
    B: 1 - p - c_B).  B accepts iff ``x <= p + c_B``, so A demands the largest
    menu point not above ``p + c_B`` and there is no war (0.6 with the
    defaults: 0.6 <= 0.65 < 0.7).  Built by
    :func:`compellence.coercion.bargaining.fearon_game`; arrays broadcast.

    Parameters
    ----------
    p : float or array_like, optional
        A's probability of winning a war, in ``[0, 1]``.
    c_a, c_b : float or array_like, optional
        A's and B's costs of war (shares of the good, >= 0).
    demands : int, optional
        Number of menu points on ``[0, 1]`` (>= 2).

    Returns
    -------
    Game
        The game (batched when a parameter is an array).

    Raises
    ------
    ParameterError
        A parameter outside its domain (field: its name).

    Examples
    --------
    >>> cp.spe(cp.catalog.load("fearon_bargaining")).path()
    ('demand 0.6', 'accept')
    >>> cp.spe(cp.catalog.load("fearon_bargaining", p=np.array([0.2, 0.5]))).path(0)
    ('demand 0.3', 'accept')
    """
    from ..coercion.bargaining import fearon_game

    return fearon_game(p, c_a, c_b, demands)


def compellence(
    threat_credibility: Any = 0.7,
    assurance_credibility: Any = 0.8,
    reversibility: Any = 0.5,
    punishment_per_period: Any = 0.2,
    future_weight: Any = 9.0,
    concession: Any = 0.2,
) -> Game:
    """The canonical compellence game (Schelling 1966) under the corrected accounting.

    Punishment worth ``P = s D`` to the target in present value is in place
    (``s = punishment_per_period``, ``D = future_weight``); a share ``r``
    (``reversibility``) stops when the coercer stops it, ``(1 - r) P`` does
    not.  The target complies (concedes ``x``) or resists; the coercer's
    later moves are chance moves with its credibilities: after compliance it
    lifts with ``pi_A`` (else reneges), after resistance it punishes on with
    ``pi_T`` (else backs down).

    ======================  =================================  ===============
    target's payoff term    branches                           controlled by
    ======================  =================================  ===============
    ``-x``                  comply/lift, comply/renege         target
    ``-(1 - r) P``          every branch                       nobody
    ``-r P``                comply/renege, resist/punish       coercer
    ======================  =================================  ===============

    The coercer receives the concession ``x`` on the comply branches and 0
    otherwise (its moves are chance moves here, so its payoff does not enter
    the equilibrium).  The target complies iff the off-ramp margin
    ``M = (pi_T + pi_A - 1) r s D - x >= 0`` (the irreversible part is on
    every branch and cancels); :func:`compellence.coercion.offramp_margin`
    gives the same number.  With the defaults ``M = 0.5 * 0.9 - 0.2 = 0.25``:
    comply.  All parameters broadcast (a batched game).

    Parameters
    ----------
    threat_credibility : float or array_like, optional
        ``pi_T`` in ``[0, 1]``: probability the coercer punishes on after resistance.
    assurance_credibility : float or array_like, optional
        ``pi_A`` in ``[0, 1]``: probability the coercer lifts after compliance.
    reversibility : float or array_like, optional
        ``r`` in ``[0, 1]``: share of the punishment that stops when the coercer stops it.
    punishment_per_period : float or array_like, optional
        ``s >= 0``: per-period cost to the target (stake units per period).
    future_weight : float or array_like, optional
        ``D >= 0``: discounted number of periods, ``delta / (1 - delta)``.
    concession : float or array_like, optional
        ``x`` in ``[0, 1]``: the demanded concession (share of the stake).

    Returns
    -------
    Game
        The game (batched when a parameter is an array).

    Raises
    ------
    ParameterError
        A parameter outside its domain (field: its name).

    Examples
    --------
    >>> cp.spe(cp.catalog.load("compellence")).path()
    ('comply', 'lift')
    >>> cp.spe(cp.catalog.load("compellence", concession=0.5)).path()
    ('resist', 'punish')
    """
    pi_T = check_real(threat_credibility, "threat_credibility", 0.0, 1.0)
    pi_A = check_real(assurance_credibility, "assurance_credibility", 0.0, 1.0)
    r = check_real(reversibility, "reversibility", 0.0, 1.0)
    s = check_real(punishment_per_period, "punishment_per_period", 0.0)
    D = check_real(future_weight, "future_weight", 0.0)
    x = check_real(concession, "concession", 0.0, 1.0)
    P = s * D
    irreversible, reversible = (1.0 - r) * P, r * P
    zero = 0.0 * (pi_T + pi_A + r + P + x)  # the common batch shape
    root = decision("Target", {
        "comply": chance({
            "lift": (pi_A, outcome(x + zero, -(x + irreversible))),
            "renege": (1.0 - pi_A, outcome(x + zero, -(x + irreversible + reversible))),
        }),
        "resist": chance({
            "punish": (pi_T, outcome(zero, -(irreversible + reversible))),
            "back down": (1.0 - pi_T, outcome(zero, -irreversible + zero)),
        }),
    })
    return Game(["Coercer", "Target"], root, title="Canonical compellence game")


def schelling_threat(punish: Any = -1.0, back_down: Any = -2.0) -> Game:
    """A compellent threat (Schelling 1966, ch. 2): credible iff punishing beats backing down.

    The coercer demands or keeps the status quo (0, 0); the target complies
    (coercer 1, target -1) or resists; the coercer then punishes (``punish``,
    target -3) or backs down (``back_down``, target 0).  The threat is credible
    iff ``punish > back_down``: then the subgame-perfect path is demand ->
    comply (1, -1).  Otherwise the target resists and the coercer, foreseeing
    that it would back down (payoff ``back_down``), keeps the status quo
    when ``back_down < 0``.  Arrays broadcast.

    Parameters
    ----------
    punish : float or array_like, optional
        The coercer's payoff from punishing after resistance.
    back_down : float or array_like, optional
        The coercer's payoff from backing down after resistance.

    Returns
    -------
    Game
        The game (batched when a parameter is an array).

    Raises
    ------
    ParameterError
        A parameter outside its domain (field: its name).

    Examples
    --------
    >>> cp.spe(cp.catalog.load("schelling_threat")).path()
    ('demand', 'comply')
    >>> cp.spe(cp.catalog.load("schelling_threat", punish=-3.0)).path()
    ('status quo',)
    """
    pun = check_real(punish, "punish")
    bd = check_real(back_down, "back_down")
    zero = 0.0 * (pun + bd)
    root = decision("Coercer", {
        "demand": decision("Target", {
            "comply": outcome(1.0 + zero, -1.0 + zero),
            "resist": decision("Coercer", {
                "punish": outcome(pun + zero, -3.0 + zero),
                "back down": outcome(bd + zero, zero),
            }),
        }),
        "status quo": outcome(zero, zero),
    })
    return Game(["Coercer", "Target"], root, title="Compellence with a threat (Schelling 1966)")


# ====================================================================== the catalog
def _entries() -> list[Entry]:
    two = ("Row", "Column")
    return [
        Entry("prisoners_dilemma", "Prisoner's dilemma",
              "Flood, M. M. (1952). Some experimental games. RAND RM-789-1 (the game); "
              "Axelrod, R. (1984). The Evolution of Cooperation. New York: Basic Books "
              "(payoffs T=5, R=3, P=1, S=0).", two, "normal",
              "(defect, defect), unique and strict; payoffs (1, 1)", prisoners_dilemma),
        Entry("chicken", "Chicken",
              "Rapoport, A., & Chammah, A. M. (1966). The game of chicken. American Behavioral "
              "Scientist, 10(3), 10-28.", two, "normal",
              "(swerve, straight), (straight, swerve); mixed: each straight with 1/10", chicken),
        Entry("stag_hunt", "Stag hunt",
              "Skyrms, B. (2004). The Stag Hunt and the Evolution of Social Structure. "
              "Cambridge University Press (after Rousseau 1755).", two, "normal",
              "(stag, stag), (hare, hare); mixed: each stag with 3/4", stag_hunt),
        Entry("battle_of_the_sexes", "Battle of the sexes",
              "Luce, R. D., & Raiffa, H. (1957). Games and Decisions, ch. 5. New York: Wiley.",
              two, "normal",
              "(opera, opera), (football, football); mixed: Row opera 2/3, Column opera 1/3",
              battle_of_the_sexes),
        Entry("matching_pennies", "Matching pennies",
              "von Neumann, J., & Morgenstern, O. (1944). Theory of Games and Economic "
              "Behavior. Princeton University Press.", two, "normal",
              "unique: both mix 1/2, 1/2; value 0", matching_pennies),
        Entry("entry_deterrence", "Entry deterrence",
              "Selten, R. (1978). The chain store paradox. Theory and Decision, 9(2), 127-159.",
              ("Entrant", "Incumbent"), "extensive",
              "SPE: enter, accommodate (1, 1); also Nash: stay out, fight (0, 2), an incredible "
              "threat", entry_deterrence),
        Entry("centipede", "Centipede game",
              "Rosenthal, R. W. (1981). Games of perfect information, predatory pricing and the "
              "chain-store paradox. Journal of Economic Theory, 25(1), 92-100; payoffs of "
              "McKelvey, R. D., & Palfrey, T. R. (1992). Econometrica, 60(4), 803-836.",
              ("Player 1", "Player 2"), "extensive",
              "unique SPE: take at every node; payoffs (0.4, 0.1)", centipede),
        Entry("ultimatum", "Ultimatum game (discretised)",
              "Güth, W., Schmittberger, R., & Schwarze, B. (1982). An experimental analysis of "
              "ultimatum bargaining. Journal of Economic Behavior & Organization, 3(4), 367-388.",
              ("Proposer", "Responder"), "extensive",
              "two SPE: offer 0 accepted, and offer 1 (0 rejected); every positive offer accepted",
              ultimatum),
        Entry("beer_quiche", "Beer-quiche",
              "Cho, I.-K., & Kreps, D. M. (1987). Signaling games and stable equilibria. "
              "Quarterly Journal of Economics, 102(2), 179-221.", ("Sender", "Receiver"),
              "extensive",
              "pooling on beer (duel after quiche; intuitive) and pooling on quiche (duel after "
              "beer; fails the intuitive criterion); no separating", beer_quiche),
        Entry("selten_horse", "Selten's horse",
              "Selten, R. (1975). Reexamination of the perfectness concept for equilibrium "
              "points in extensive games. International Journal of Game Theory, 4(1), 25-55.",
              ("Player 1", "Player 2", "Player 3"), "extensive",
              "pure Nash: (C, c, R), (C, d, R) sequential; (D, c, L) Nash but not sequential",
              selten_horse),
        Entry("kuhn_poker", "Kuhn poker",
              "Kuhn, H. W. (1950). A simplified two-person poker. In Contributions to the Theory "
              "of Games I (Annals of Mathematics Studies 24), 97-103. Princeton University Press.",
              ("Player 1", "Player 2"), "extensive",
              "value -1/18 to player 1; player 2 bluffs J and calls with Q with 1/3; player 1 "
              "bets J with alpha in [0, 1/3], K with 3 alpha", kuhn_poker),
        Entry("fearon_bargaining", "Crisis bargaining",
              "Fearon, J. D. (1995). Rationalist explanations for war. International "
              "Organization, 49(3), 379-414.", ("A", "B"), "extensive",
              "SPE: A demands the largest menu point <= p + c_B (0.6), B accepts; no war",
              fearon_bargaining),
        Entry("compellence", "Canonical compellence game",
              "Schelling, T. C. (1966). Arms and Influence. Yale University Press; the accounting "
              "of docs/coercion.md (irreversible punishment on every branch).",
              ("Coercer", "Target"), "extensive",
              "target complies iff M = (pi_T + pi_A - 1) r s D - x >= 0 (M = 0.25: comply)",
              compellence),
        Entry("schelling_threat", "Compellence with a threat",
              "Schelling, T. C. (1966). Arms and Influence, ch. 2. Yale University Press.",
              ("Coercer", "Target"), "extensive",
              "SPE: demand, comply (punish off the path) when punish > back_down", schelling_threat),
    ]


ENTRIES = _entries()
