"""Bargaining while fighting: war as a sequence of battles that reveal information and shift power.

Wagner (2000), Filson & Werner (2002), Slantchev (2003) and Powell (2004)
model war as a *process*: offers are made between battles, every battle
moves the front line and, because its outcome depends on what one side
privately knows, teaches the other side something.  This module gives the
model in the library's accounting (``docs/coercion.md``), its perfect
Bayesian equilibrium by backward induction, a closed form for two types and
one or two battles, and the same model as a :class:`~compellence.Game` tree
that the generic solvers solve (``docs/bargaining_while_fighting.md``).

**The model.**  Two sides dispute a stake worth 1.  The *proposer* (the
coercer-backed side, uninformed: Powell 2004's uninformed proposer) makes
the offers; the *target* (informed) accepts or fights on.  The target's
type ``i`` (finite, prior ``q_i``, ordered from the least to the most
resolved) fixes its cost of a battle ``c_i`` and its chance
``p_i(k)`` of winning a battle at front-line state ``k``.  States
``k = 0..K``; ``0`` (decisive defeat of the target) and ``K`` (decisive
victory of the target) are absorbing; the war starts at ``k0``.  The
battlefield state enters the payoffs through ``h(k)``, the share of the
stake the target holds if the fighting stops at ``k`` (default ``k / K``;
``h(0) = 0``, ``h(K) = 1``).  Period ``t = 1..T``:

1. the proposer demands a concession ``x`` in ``[0, 1]`` (the target keeps ``1 - x``);
2. the target accepts (the war ends at ``t``: settlement) or rejects;
3. after a rejection one battle is fought: the target pays ``c_i``, the proposer
   ``c_P``; the state moves to ``k + 1`` with probability ``p_i(k)``, else to ``k - 1``;
4. at an absorbing state, or after the ``T``-th battle, the war ends on the
   battlefield: the target holds ``h(k)``, the proposer ``1 - h(k)``.

Sanctions run alongside, with the names of :mod:`compellence.coercion.offramp`:
``s`` per period, reversible share ``r``, assurance credibility ``pi_A``
(the reversible part is lifted after a settlement with probability
``pi_A``), threat credibility ``pi_T`` (it continues after a war that ends on
the battlefield with probability ``pi_T``), ``D = delta / (1 - delta)``.

=====================================  =====================================  ================  ======================
component (target's payoff)            branches                               who controls      source
=====================================  =====================================  ================  ======================
settlement ``1 - x``                   accept in period ``t``                 both (offer,       Powell 2004
                                                                              acceptance)
battlefield value ``h(k')``            war ends on the battlefield at ``k'``  chance (battles)  Filson & Werner 2002;
                                       (absorbing state or horizon)                             Slantchev 2003
battle cost ``c_i``                    every rejected offer (one battle)      target            Fearon 1995
reversible sanctions ``r s``           every period the war goes on           coercer           Schelling 1966
reversible after settlement            accept (times ``1 - pi_A``)            coercer           ``docs/coercion.md``
``(1 - pi_A) r s D``
reversible after a military end        war ends on the battlefield            coercer           ``docs/coercion.md``
``pi_T r s D``                         (times ``pi_T``)
irreversible ``(1 - r) s / (1 - d)``   every branch (from period 1 on)        nobody, once      ``docs/coercion.md``
                                                                              imposed
proposer: ``x`` / ``1 - h(k')``        settlement / military end              as above          Powell 2004
proposer: battle cost ``c_P``          every battle                           proposer          Fearon 1995
=====================================  =====================================  ================  ======================

The irreversible part is paid on every branch and cancels from every
choice (it is reported apart, ``irreversible_cost``).  Writing
``a_S = (1 - pi_A) r s D`` and ``a_M = pi_T r s D``, the target's value at
the start of period ``t`` at state ``k`` (net of the irreversible part) is::

    V_i(t, k) = -r s + max( 1 - x_t - a_S ,  R_i(t, k) )
    R_i(t, k) = -c_i + sum_{k'} P_i(k' | k) [ h(k') - a_M          if the war ends at k'
                                              delta V_i(t+1, k')  otherwise ]

so a type accepts ``x`` iff ``x <= 1 - a_S - R_i``.  With one battle left
(``T = 1``) this is the bargaining range of Fearon (1995) on the off-ramp
accounting::

    xbar_i = 1 - E_i[h(k')] + c_i + (pi_T + pi_A - 1) r s D,

the expected battlefield loss plus the battle cost plus the off-ramp
leverage of the sanctions ``(pi_T + pi_A - 1) r s D``: only the
*reversible* part of the sanctions moves the offers, and only when
``pi_T + pi_A > 1`` (``docs/coercion.md``).

**Equilibrium (skimming).**  With the types ordered by resolve (``p_i(k)``
non-decreasing and ``c_i`` non-increasing in ``i``) the proposer's belief is
always the prior, reweighted by the likelihood of the battles seen
(``mu_i ∝ q_i prod_b p_i(k_b)^{win_b} (1 - p_i(k_b))^{1 - win_b}``: battles
reveal information) and truncated to the types ``i >= j`` that have
rejected every offer so far (offers skim the weakest types off the top of
the distribution).  At node ``(t, history, j)`` the proposer picks the
cutoff ``m`` in ``j..n``: types ``j..m-1`` settle, types ``m..n-1`` fight on,
and the demand makes type ``m - 1`` indifferent::

    x_m = min(1, 1 - a_S - R_{m-1}(t, k | belief after rejection: types >= m))

(``m = j``: demand everything, ``x = 1``, nobody settles; ``m = n``: every
type settles and a rejection, off the path, is read as the toughest type:
the demand *pools at the strong type's reservation*).  A candidate is
consistent when exactly the types ``j..m-1`` accept it; the proposer takes
the consistent cutoff of largest expected value
``sum_{i >= j} mu_i [1[i < m] x_m + 1[i >= m] F_i(m)]``, with ``F_i`` its
value of fighting on against type ``i`` (ties: more settlement).  Any other
demand settles with the same prefix of types at a worse price, so these are
the only offers used.  Every type, on or off the path, best-responds at every
history (the solver checks the consistency and raises
:class:`~compellence.errors.SolverError` where no cutoff is consistent,
when the types are not ordered by resolve, or, in the restricted game, when
every demand would need a type to randomise, see "Gaps").  The state of the backward induction is
the battle history's sufficient statistic: the state and the likelihood
ratios between the types (histories that share them lead to the same belief
at every cutoff and are merged; with win probabilities that do not depend on
the state this is the state alone in each period, so ``O(T K)`` nodes), so it is
finite and array-based (numpy over histories and cutoffs).

**Gaps.**  With more than one battle left a demand can have *no* pure
consistent reply: if the weak type settles, a rejection marks the rejecter as
tough and the weak type would rather mimic it (its information rent); if it
fights, the proposer's pooled belief makes fighting on worse than settling.
For demands in such a gap the marginal type must randomise (the hybrid
equilibria of finite-type bargaining: Sobel & Takahashi 1983; Fudenberg,
Levine & Tirole 1985), which takes the belief off the finite set of truncated
priors.  Every node on the path whose demands ``(gap_low, gap_high]`` have no
pure reply is reported (:meth:`FightingEquilibrium.gaps`).

**The exact game (any number of types ordered by resolve;** :mod:`compellence.coercion.fighting_exact`
**has the derivation).**  If every demand is answered by a cutoff with at most the marginal type
``k`` randomising, the belief after any history is ``mu_i ∝ q_i L_i(h) m_i`` with ``m_i = 0`` below
``k``, ``m_k = w`` and ``m_i = 1`` above: battles multiply by the likelihoods and leave ``(k, w)``
unchanged, so ``(t, h, k, w)`` is an exact state.  A gap demand with marginal type ``j`` makes ``j``
indifferent, ``x = 1 - a_S - R_j(j, b)``, with the weight after a rejection ``b = w sigma``
(``j = k``) or ``sigma`` (``j > k``) by Bayes' rule; the proposer's value times the mass still
fighting is piecewise linear and convex in ``w`` and the types' values are step functions, so the
best mixed demands put ``b`` at a step of ``R_j``, where the next proposers are indifferent and may
mix (``x = min(1, 1 - a_S - R_j^lo)``, the continuation worst for ``j``, weight ``lam``).  A pure
cutoff's demand likewise uses the continuation worst for its indifferent type where the next
proposers are indifferent at the post-state (e.g. every war cost zero).  ``complete`` is then True;
``nodes`` reports ``mixing`` and each type's ``reject_probability`` on the path, ``restricted``
holds the answer of the game without mixed demands (``model.solve(mixed_gaps=False)``), and
``ordering_violations`` counts post-states whose reject values were out of type order (the cutoff
structure's assumption, checked).  With two types the state ``q = Pr(strong) = pi_1 / Z(0, w)`` gives
the earlier two-type solver (kept in the tests, ``tests/fighting_two_type_reference.py``, as an
independent check).  Types not
ordered by resolve: the restricted game, ``complete`` False where a gap is on the path.  With one
battle left there is never a gap.

**Closed form: two types, one or two battles** (:func:`fighting_two_types`,
batched over every parameter; Filson & Werner 2002, Powell 2004).  Weak
type 0, strong type 1, prior ``q = Pr(strong)``, state-independent win
probabilities ``p_0 <= p_1``.  With one battle left at state ``k`` the
reservation values ``R_i = -c_i + p_i e(k+1) + (1 - p_i) e(k-1)``
(``e = h - a_M``) do not depend on the belief, and the proposer compares

* *pool*:   ``x_P = min(1, 1 - a_S - R_1)``; value ``x_P``;
* *screen*: ``x_S = min(1, 1 - a_S - R_0)``; value ``(1 - q) x_S + q F_1``;
* *fight*:  ``x = 1`` (feasible iff ``R_0 > -a_S``); value ``(1 - q) F_0 + q F_1``,

``F_i = -c_P + p_i (1 - h(k+1)) + (1 - p_i)(1 - h(k-1))``.  With two battles
left the second period is the one-battle problem at the state the first
battle leaves, under the posterior ``q' = q p_1 / (q p_1 + (1 - q) p_0)``
after a target win (``q (1 - p_1) / (...)`` after a loss) when both types
fought, and under ``q' = 1`` after a screening (or off the path, a pooling)
offer was rejected.  The weak type's reservation in period 1 then includes
its *information rent*: rejecting the screening offer makes the proposer
believe it strong, and in period 2 it is offered the strong type's terms
``1 - a_S - R_1(k')``; the screening demand is ``x_S = 1 - a_S - R_0^{(1)}``
with ``R_0^{(1)} = -c_0 + sum_{k'} P_0(k') [e(k')  or  delta(-r s + max(1 - x_2(k') - a_S, R_0(k')))]``.

**Game tree** (:func:`fighting_game`): chance draws the type; the proposer
chooses an offer from a finite menu at information sets that hold the public
history (offers and battle outcomes); each type accepts or rejects; a chance
node fights the battle.  By default the menu at each information set is the
set of cutoff demands ``x_m`` of the node that have pure replies (the offers a
skimming proposer uses; an arbitrary common grid may be given instead), made ``tie_margin``
more generous so that the indifferent type strictly prefers to accept.
:func:`fighting_tree_check` solves it with the generic solvers (the logit
QRE traced to an approximate sequential equilibrium, or the sequence-form
LCP) and reports both routes side by side.

Sources: Wagner, R. H. (2000) "Bargaining and War", AJPS 44(3);
Filson, D. & Werner, S. (2002) "A Bargaining Model of War and Peace", AJPS
46(4); Slantchev, B. (2003) "The Principle of Convergence in Wartime
Negotiations", APSR 97(4); Powell, R. (2004) "Bargaining and Learning While
Fighting", AJPS 48(2); Fearon, J. (1995) "Rationalist Explanations for War",
IO 49(3); Fudenberg & Tirole (1991) ch. 10 (skimming); Sobel, J. & Takahashi, I.
(1983) "A Multistage Model of Bargaining", RES 50(3); Fudenberg, D., Levine, D. &
Tirole, J. (1985) "Infinite-Horizon Models of Bargaining with One-Sided Incomplete
Information", in Roth (ed.) *Game-Theoretic Models of Bargaining*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._frames import element_frame
from ..errors import ParameterError, SolverError
from ..validation import check_real
from .fighting_exact import first_gap

if TYPE_CHECKING:  # pandas loads on first use
    import pandas as pd

    from ..games.tree import Game

__all__ = [
    "BargainingWhileFighting",
    "FightingEquilibrium",
    "FightingClosedForm",
    "FightingTreeCheck",
    "bargaining_while_fighting",
    "fighting_two_types",
    "fighting_game",
    "fighting_tree_check",
]

#: the largest number of battle-history nodes the solver builds (all periods together)
MAX_NODES = 400_000
_TOL = 1e-12


# ====================================================================== the model
@dataclass(frozen=True)
class BargainingWhileFighting:
    """The bargaining-while-fighting model (module docstring; validated on construction).

    Parameters
    ----------
    prior : array_like
        ``q_i``, one probability per target type, from the least to the most resolved.
    win_probability : array_like
        ``p_i(k)``: the target type's chance of winning one battle; shape ``(n,)``
        (the same at every state) or ``(n, K - 1)`` (one per interior state ``1..K-1``).
    war_cost : array_like or float
        ``c_i``: the target type's cost of one battle (stake units), shape ``(n,)`` or a number.
    proposer_war_cost : float
        ``c_P``: the proposer's cost of one battle.
    states : int
        ``K >= 2``: front-line states ``0..K`` (0 and ``K`` decisive).
    start : int or None
        ``k0`` in ``1..K-1``, the state the war starts in (default the middle).
    battlefield_value : array_like or None
        ``h(k)`` for ``k = 0..K``, non-decreasing from ``h(0) = 0`` to ``h(K) = 1``
        (default ``k / K``).
    delta : float
        Discount factor per period (one battle per period), in ``(0, 1)``.
    horizon : int
        ``T >= 1``: the largest number of battles; after the ``T``-th the war stops at the front line.
    s, r, pi_A, pi_T : float
        Sanctions per period, their reversible share, assurance and threat credibility
        (the names of :mod:`compellence.coercion.offramp`).
    types : sequence of str or None
        Type labels (default ``type0, type1, ...``).

    Raises
    ------
    ParameterError
        Naming the argument: probabilities outside ``[0, 1]``, a prior that does not
        sum to 1, negative costs, ``start`` not interior, a battlefield value that is
        not non-decreasing from 0 to 1, shapes that do not match the types.

    Examples
    --------
    >>> m = BargainingWhileFighting(prior=[0.6, 0.4], win_probability=[0.3, 0.6],
    ...                             war_cost=0.05, proposer_war_cost=0.05, states=4, horizon=2)
    >>> m.n_types, m.start, m.battlefield_value.tolist()
    (2, 2, [0.0, 0.25, 0.5, 0.75, 1.0])
    """

    prior: Any
    win_probability: Any
    war_cost: Any = 0.05
    proposer_war_cost: float = 0.05
    states: int = 4
    start: int | None = None
    battlefield_value: Any = None
    delta: float = 0.95
    horizon: int = 4
    s: float = 0.0
    r: float = 1.0
    pi_A: float = 1.0
    pi_T: float = 0.0
    types: Sequence[str] | None = None

    def __post_init__(self) -> None:
        from .screening import check_prior

        q = check_prior(self.prior)
        if q.ndim != 1:
            raise ParameterError("must be a flat list, one probability per type", "prior")
        n = q.size
        K = _whole(self.states, "states", 2)
        k0 = K // 2 if self.start is None else _whole(self.start, "start", 1)
        if not 1 <= k0 <= K - 1:
            raise ParameterError(f"must be an interior state 1..{K - 1}, got {k0}", "start")
        p = check_real(self.win_probability, "win_probability", 0.0, 1.0)
        if p.ndim == 1 and p.size == n:
            p = np.repeat(p[:, None], K - 1, axis=1)
        if p.shape != (n, K - 1):
            raise ParameterError(f"must have shape ({n},) or ({n}, {K - 1}) (types x interior states), "
                                 f"got {p.shape}", "win_probability")
        c = check_real(self.war_cost, "war_cost", 0.0)
        if c.ndim == 0:
            c = np.full(n, float(c))
        if c.shape != (n,):
            raise ParameterError(f"must be a number or one cost per type ({n}), got shape {c.shape}", "war_cost")
        h = (np.arange(K + 1) / K if self.battlefield_value is None
             else check_real(self.battlefield_value, "battlefield_value", 0.0, 1.0))
        if h.shape != (K + 1,):
            raise ParameterError(f"must have one value per state 0..{K} ({K + 1}), got shape {h.shape}",
                                 "battlefield_value")
        if h[0] != 0.0 or h[-1] != 1.0 or np.any(np.diff(h) < 0):
            raise ParameterError("must rise (weakly) from h(0) = 0 to h(K) = 1", "battlefield_value")
        object.__setattr__(self, "prior", q)
        object.__setattr__(self, "win_probability", p)
        object.__setattr__(self, "war_cost", c)
        object.__setattr__(self, "battlefield_value", h)
        object.__setattr__(self, "states", K)
        object.__setattr__(self, "start", k0)
        object.__setattr__(self, "horizon", _whole(self.horizon, "horizon", 1))
        for name, lo, hi, lo_open, hi_open in (("delta", 0.0, 1.0, True, True), ("s", 0.0, None, False, False),
                                               ("r", 0.0, 1.0, False, False), ("pi_A", 0.0, 1.0, False, False),
                                               ("pi_T", 0.0, 1.0, False, False),
                                               ("proposer_war_cost", 0.0, None, False, False)):
            v = check_real(getattr(self, name), name, lo, hi, lo_open=lo_open, hi_open=hi_open)
            if v.ndim:
                raise ParameterError("must be a single number (batch over models with a loop or a sweep)", name)
            object.__setattr__(self, name, float(v))
        from .screening import type_labels

        object.__setattr__(self, "types", type_labels(self.types, n))

    # ------------------------------------------------------------------ derived
    @property
    def n_types(self) -> int:
        """Number of target types."""
        return int(self.prior.size)

    @property
    def future_weight(self) -> float:
        """``D = delta / (1 - delta)``: the weight of the periods after the war."""
        return self.delta / (1.0 - self.delta)

    @property
    def settlement_sanctions(self) -> float:
        """``a_S = (1 - pi_A) r s D``: reversible sanctions expected to stay after a settlement."""
        return (1.0 - self.pi_A) * self.r * self.s * self.future_weight

    @property
    def military_sanctions(self) -> float:
        """``a_M = pi_T r s D``: reversible sanctions expected to stay after a military end."""
        return self.pi_T * self.r * self.s * self.future_weight

    @property
    def irreversible_cost(self) -> float:
        """``(1 - r) s / (1 - delta)``: the irreversible part, paid on every branch (cancels)."""
        return (1.0 - self.r) * self.s / (1.0 - self.delta)

    @property
    def ordered_by_resolve(self) -> bool:
        """``p_i(k)`` non-decreasing and ``c_i`` non-increasing in the type index."""
        return bool(np.all(np.diff(self.win_probability, axis=0) >= 0) and np.all(np.diff(self.war_cost) <= 0))

    def replace(self, **changes: Any) -> BargainingWhileFighting:
        """A copy with some parameters changed (validated again).

        Parameters
        ----------
        **changes : Any
            New values of fields of :class:`BargainingWhileFighting`.

        Returns
        -------
        BargainingWhileFighting
            The new model.

        Examples
        --------
        >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
        ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
        >>> m.replace(horizon=2).horizon
        2
        """
        d = {k: getattr(self, k) for k in ("prior", "win_probability", "war_cost", "proposer_war_cost", "states",
                                           "start", "battlefield_value", "delta", "horizon", "s", "r", "pi_A",
                                           "pi_T", "types")}
        d.update(changes)
        return BargainingWhileFighting(**d)

    def solve(self, *, mixed_gaps: bool = True) -> FightingEquilibrium:
        """The skimming perfect Bayesian equilibrium (:func:`bargaining_while_fighting`).

        ``mixed_gaps=False``: the restricted game only (the proposer never makes a demand that needs
        a type to randomise; the lattice backward induction, fast at long horizons).  With two or more
        types ordered by resolve and two or more battles the default solves the exact game (the gap
        demands answered by a randomising marginal type; module docstring, "The exact game").

        Parameters
        ----------
        mixed_gaps : bool
            Evaluate the mixed gap demands (the exact game; types ordered by resolve).

        Returns
        -------
        FightingEquilibrium
            The equilibrium.

        Examples
        --------
        >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
        ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
        >>> eq = m.solve()
        >>> round(eq.first_offer, 4), round(eq.war_probability, 4)
        (0.85, 0.5)
        """
        return _solve(self, mixed_gaps=mixed_gaps)

    def game(self, offers: ArrayLike | None = None, *, tie_margin: float = 1e-3) -> Game:
        """The model as a game tree (:func:`fighting_game`).

        Parameters
        ----------
        offers : array_like or None
            As in :func:`fighting_game`.
        tie_margin : float
            As in :func:`fighting_game`.

        Returns
        -------
        Game
            The game tree.

        Examples
        --------
        >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
        ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
        >>> m.game().players
        ('Proposer', 'Target')
        """
        return fighting_game(self, offers, tie_margin=tie_margin)


def _whole(v: Any, name: str, lo: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer, float)) or float(v) != int(v) or int(v) < lo:
        raise ParameterError(f"must be a whole number >= {lo}, got {v!r}", name)
    return int(v)


def bargaining_while_fighting(**params: Any) -> FightingEquilibrium:
    """Solve the bargaining-while-fighting model (:class:`BargainingWhileFighting` parameters).

    Backward induction over (period, battle-history statistic, cutoff type);
    see the module docstring for the recursion and the skimming structure.

    Parameters
    ----------
    **params : Any
        The fields of :class:`BargainingWhileFighting`.

    Returns
    -------
    FightingEquilibrium

    Raises
    ------
    ParameterError
        Bad parameters (naming the argument), or more than ``MAX_NODES`` histories.
    SolverError
        No consistent cutoff at some node (types not ordered by resolve).

    Examples
    --------
    >>> eq = bargaining_while_fighting(prior=[1.0], win_probability=[0.5], war_cost=0.1,
    ...                                proposer_war_cost=0.1, states=2, horizon=1, delta=0.9)
    >>> round(eq.first_offer, 6), eq.expected_battles   # no private information: no war
    (0.6, 0.0)
    """
    return _solve(BargainingWhileFighting(**params))


# ====================================================================== histories
@dataclass
class _Layer:
    k: NDArray[np.int64]            # (H,) state at the start of the period
    stat: NDArray[np.int64]         # (H, 2) battles won and lost so far
    loglik: NDArray[np.float64]     # (H, n) log-likelihood of the history per type
    child: NDArray[np.int64]        # (H, 2) index into the next layer (-1: the war ends there)
    child_k: NDArray[np.int64]      # (H, 2) state after a win / a loss


def _layers(m: BargainingWhileFighting) -> list[_Layer]:
    K, n, T = m.states, m.n_types, m.horizon
    with np.errstate(divide="ignore"):
        lw = np.log(m.win_probability)        # (n, K-1)
        ll = np.log1p(-m.win_probability)
    k = np.array([m.start])
    stat = np.zeros((1, 2), np.int64)       # battles won and lost so far (fixed by the period and state)
    loglik = np.zeros((1, n))
    layers: list[_Layer] = []
    total = 1
    for t in range(1, T + 1):
        H = k.size
        child_k = np.stack([k + 1, k - 1], axis=1)
        child = np.full((H, 2), -1, np.int64)
        if t < T:
            cand_k = child_k.T.ravel()           # wins first, then losses
            cand_s = np.concatenate([stat + [1, 0], stat + [0, 1]])
            cand_l = np.concatenate([loglik + lw[:, k - 1].T, loglik + ll[:, k - 1].T])
            # a history no type can produce (a win with p = 0 for every type) is dropped: it is reached
            # with probability 0, so its value never counts
            alive = (cand_k > 0) & (cand_k < K) & np.any(np.isfinite(cand_l), axis=1)
            # histories with the same state and the same likelihood ratios between the types lead to the
            # same beliefs for every cutoff, hence the same continuation: merged (the sufficient statistic)
            with np.errstate(invalid="ignore"):
                top = np.max(np.where(np.isfinite(cand_l), cand_l, -np.inf), axis=1, keepdims=True)
                ratio = np.round(np.where(np.isfinite(cand_l), cand_l - top, -np.inf), 10)
            keys = np.concatenate([cand_k[:, None].astype(float), ratio], axis=1)
            uniq, first, inv = np.unique(keys[alive], axis=0, return_index=True, return_inverse=True)
            idx = np.full(cand_k.size, -1, np.int64)
            idx[alive] = np.ravel(inv)
            child = idx.reshape(2, H).T.copy()
            nk = uniq[:, 0].astype(np.int64)
            nstat = cand_s[alive][first]
            nlog = cand_l[alive][first]
        layers.append(_Layer(k, stat, loglik, child, child_k))
        if t < T:
            if nk.size == 0:  # every history has ended on the battlefield
                break
            k, stat, loglik = nk, nstat, nlog
            total += k.size
            if total > MAX_NODES:
                raise ParameterError(
                    f"{total} distinct battle histories by period {t + 1} (more than {MAX_NODES}); use fewer "
                    "states, a shorter horizon or win probabilities that do not depend on the state", "horizon")
    return layers


# ====================================================================== the solver
def _solve(m: BargainingWhileFighting, mixed_gaps: bool = True) -> FightingEquilibrium:
    layers = _layers(m)
    exact = mixed_gaps and m.n_types >= 2 and len(layers) >= 2 and m.ordered_by_resolve
    try:
        restricted: FightingEquilibrium | None = _restricted(m, layers)
    except SolverError:
        if not exact:   # the restricted game can lack a pure reply at a node where the exact one has a mixed one
            raise
        restricted = None
    if exact:
        return _exact(m, layers, restricted)
    assert restricted is not None
    return restricted


def _restricted(m: BargainingWhileFighting, layers: list[_Layer]) -> FightingEquilibrium:
    """The restricted game (cutoff demands with pure replies): the lattice backward induction."""
    n = m.n_types
    h, q, c = m.battlefield_value, m.prior, m.war_cost
    rs = m.r * m.s
    aS, aM = m.settlement_sanctions, m.military_sanctions
    T = len(layers)  # the horizon, or fewer periods when every war has ended by then
    # values at the start of period t+1 (per layer), shape (H, n_j, n)
    VT_next = VP_next = None
    policy: list[dict[str, NDArray[Any]]] = [dict() for _ in range(T)]
    for t in range(T, 0, -1):
        L = layers[t - 1]
        H = L.k.size
        pw = m.win_probability[:, L.k - 1].T     # (H, n) chance of a win by type
        probs = np.stack([pw, 1.0 - pw], axis=1)   # (H, 2, n)
        # continuation after each battle outcome, for each continuation cutoff jc: (H, 2, n_j, n)
        ends = L.child < 0                          # (H, 2)
        endT = np.broadcast_to((h[L.child_k] - aM)[:, :, None, None], (H, 2, n, n))
        endP = np.broadcast_to((1.0 - h[L.child_k])[:, :, None, None], (H, 2, n, n))
        if VT_next is None:
            contT, contP = endT, endP
        else:
            safe = np.where(ends, 0, L.child)
            contT = np.where(ends[:, :, None, None], endT, m.delta * VT_next[safe])
            contP = np.where(ends[:, :, None, None], endP, m.delta * VP_next[safe])
        # R[h, jc, i] and F[h, jc, i]: reject / fight-on values with continuation cutoff jc
        R = -c[None, None, :] + np.einsum("hoi,hoji->hji", probs, contT)
        F = -m.proposer_war_cost + np.einsum("hoi,hoji->hji", probs, contP)
        # beliefs mu[h, j, i]
        lg = L.loglik - np.max(np.where(np.isfinite(L.loglik), L.loglik, -np.inf), axis=1, keepdims=True)
        w = q[None, :] * np.exp(lg)
        mask = np.arange(n)[None, :] >= np.arange(n)[:, None]          # (j, i): i >= j
        mu_raw = w[:, None, :] * mask[None]
        tot = mu_raw.sum(axis=2, keepdims=True)
        mu = np.where(tot > 0, mu_raw / np.where(tot > 0, tot, 1.0), mask[None] / mask.sum(axis=1)[None, :, None])
        best_val = np.full((H, n), -np.inf)
        best_m = np.full((H, n), -1, np.int64)
        best_x = np.zeros((H, n))
        cand_x = np.zeros((H, n, n + 1))
        cand_ok = np.zeros((H, n, n + 1), bool)
        for j in range(n):
            for mm in range(j, n + 1):
                jc = min(mm, n - 1)
                Rm = R[:, jc, :]                                        # (H, n)
                x = np.ones(H) if mm == j else np.minimum(1.0, 1.0 - aS - Rm[:, mm - 1])
                acc = (1.0 - x - aS)[:, None] >= Rm - _TOL               # (H, n)
                want = np.arange(n) < mm
                ok = np.all((acc == want[None, :]) | (np.arange(n) < j)[None, :], axis=1) & (x >= 0.0)
                val = np.sum(mu[:, j, :] * np.where(acc, x[:, None], F[:, jc, :]), axis=1)
                cand_x[:, j, mm], cand_ok[:, j, mm] = x, ok
                better = ok & (val >= best_val[:, j] - 1e-12)
                best_val[:, j] = np.where(better, val, best_val[:, j])
                best_m[:, j] = np.where(better, mm, best_m[:, j])
                best_x[:, j] = np.where(better, x, best_x[:, j])
        if np.any(best_m < 0):
            hh, jj = np.argwhere(best_m < 0)[0]
            raise SolverError(
                f"no demand with pure replies at period {t}, state {int(L.k[hh])}, types >= {m.types[jj]} "
                "remaining: the types are not ordered by resolve (win_probability non-decreasing, war_cost "
                "non-increasing from the first type to the last), or every demand needs a type to "
                "randomise (see 'Limits' in docs/bargaining_while_fighting.md)")
        jc_best = np.minimum(best_m, n - 1)                                  # (H, n_j)
        Rb = R[np.arange(H)[:, None], jc_best]                               # (H, n_j, n)
        Fb = F[np.arange(H)[:, None], jc_best]                               # (H, n_j, n)
        acc = (1.0 - best_x - aS)[:, :, None] >= Rb - _TOL                   # (H, n_j, n) every type's reply
        VT = -rs + np.where(acc, (1.0 - best_x - aS)[:, :, None], Rb)
        VP = np.where(acc, best_x[:, :, None], Fb)
        policy[t - 1] = {"offer": best_x, "cutoff": best_m, "accept": acc, "mu": mu, "value": best_val,
                         "VT": VT, "VP": VP, "R": R, "cand_x": cand_x, "cand_ok": cand_ok}
        VT_next, VP_next = VT, VP
    return _forward(m, layers, policy)


def _exact(m: BargainingWhileFighting, layers: list[_Layer], restricted: FightingEquilibrium | None
           ) -> FightingEquilibrium:
    """The exact game, gap demands answered by a randomising marginal type (any number of types;
    :mod:`compellence.coercion.fighting_exact`)."""
    import pandas as pd

    from .fighting_exact import ExactFightingSolver

    names, K = m.types, m.states
    res = ExactFightingSolver(m, layers).path()
    root = res["root"]
    nodes = pd.DataFrame(res["node_rows"])
    settle = pd.DataFrame(res["settle_rows"], columns=["period", "state", "offer", "probability",
                                                       *[f"probability[{nm}]" for nm in names]])
    ends = pd.DataFrame(res["end_rows"], columns=["period", "state", "probability",
                                                  *[f"probability[{nm}]" for nm in names]])
    ends = ends.groupby(["period", "state"], as_index=False, sort=True).sum() if len(ends) else ends
    if len(ends):
        ends["outcome"] = np.where(ends["state"] == 0, "target defeated",
                                   np.where(ends["state"] == K, "target victorious", "stopped at the horizon"))
    else:
        ends["outcome"] = pd.Series(dtype=str)
    irr = m.irreversible_cost
    return FightingEquilibrium(
        model=m, nodes=nodes, settlements=settle, military_ends=ends,
        proposer_payoff=res["proposer_payoff"], proposer_payoff_by_type=tuple(float(v) for v in root["U"]),
        target_payoff=tuple(float(v) - irr for v in root["V"]),
        expected_battles_by_type=tuple(float(v) for v in root["B"]),
        _policy=restricted._policy if restricted is not None else [], mixed_gaps=True, restricted=restricted,
        ordering_violations=int(res["ordering_violations"]))


def _forward(m: BargainingWhileFighting, layers: list[_Layer], policy: list[dict[str, NDArray[Any]]]
             ) -> FightingEquilibrium:
    import pandas as pd

    n, T, K = m.n_types, len(layers), m.states
    mass = np.zeros((1, n, n))
    mass[0, 0, :] = m.prior
    node_rows: list[dict[str, Any]] = []
    settle_rows: list[dict[str, Any]] = []
    end_rows: list[dict[str, Any]] = []
    battles_by_type = np.zeros(n)
    for t in range(1, T + 1):
        L, P = layers[t - 1], policy[t - 1]
        acc = P["accept"]
        for hh, jj in zip(*np.nonzero(mass.sum(axis=2) > 1e-15), strict=True):
            mt = mass[hh, jj]
            x = float(P["offer"][hh, jj])
            settled = mt * acc[hh, jj]
            glo, ghi = first_gap(P["R"][hh], int(jj), m.settlement_sanctions)
            row = {"period": t, "state": int(L.k[hh]), "wins": int(L.stat[hh, 0]),
                   "losses": int(L.stat[hh, 1]), "remaining_from": m.types[jj],
                   "reach_probability": float(mt.sum()), "offer": x,
                   "settle_probability": float(settled.sum() / mt.sum()),
                   "settling_types": ", ".join(t_ for t_, a in zip(m.types, acc[hh, jj], strict=True) if a),
                   "pure_replies": bool(ghi <= glo), "gap_low": glo if ghi > glo else 0.0,
                   "gap_high": ghi if ghi > glo else 0.0, "mixing": False}
            for i, name in enumerate(m.types):
                row[f"belief[{name}]"] = float(P["mu"][hh, jj, i])
            for i, name in enumerate(m.types):
                row[f"reject_probability[{name}]"] = float(not acc[hh, jj, i])
            node_rows.append(row)
            if settled.sum() > 0:
                settle_rows.append({"period": t, "state": int(L.k[hh]), "offer": x,
                                    "probability": float(settled.sum()),
                                    **{f"probability[{name}]": float(settled[i]) for i, name in enumerate(m.types)}})
        rej = mass * ~acc                                           # (H, n_j, n) mass that fights
        battles_by_type += rej.sum(axis=(0, 1))
        pw = m.win_probability[:, L.k - 1].T                        # (H, n)
        nxt_mass = None
        if t < T:
            nxt_mass = np.zeros((int(max(layers[t].k.size, 1)), n, n))
        jc = np.minimum(policy[t - 1]["cutoff"], n - 1)             # (H, n_j)
        for o, po in enumerate((pw, 1.0 - pw)):
            flow = rej * po[:, None, :]                             # (H, n_j, n)
            ch = L.child[:, o]
            ended = ch < 0
            if np.any(ended):
                ksum = flow[ended].sum(axis=1)                      # (H_end, n)
                for kk, fl in zip(L.child_k[ended, o], ksum, strict=True):
                    if fl.sum() > 0:
                        end_rows.append({"period": t, "state": int(kk), "probability": float(fl.sum()),
                                         **{f"probability[{nm}]": float(fl[i]) for i, nm in enumerate(m.types)}})
            if nxt_mass is not None and np.any(~ended):
                hs = np.nonzero(~ended)[0]
                for jj in range(n):
                    np.add.at(nxt_mass, (ch[hs], jc[hs, jj]), flow[hs, jj])
        if nxt_mass is not None:
            mass = nxt_mass
    nodes = pd.DataFrame(node_rows)
    settle = pd.DataFrame(settle_rows, columns=["period", "state", "offer", "probability",
                                                *[f"probability[{nm}]" for nm in m.types]])
    ends = pd.DataFrame(end_rows, columns=["period", "state", "probability",
                                           *[f"probability[{nm}]" for nm in m.types]])
    if len(ends):
        ends["outcome"] = np.where(ends["state"] == 0, "target defeated",
                                   np.where(ends["state"] == K, "target victorious", "stopped at the horizon"))
    else:
        ends["outcome"] = pd.Series(dtype=str)
    P1 = policy[0]
    irr = m.irreversible_cost
    return FightingEquilibrium(
        model=m, nodes=nodes, settlements=settle, military_ends=ends,
        proposer_payoff=float(P1["value"][0, 0]),
        proposer_payoff_by_type=tuple(float(v) for v in P1["VP"][0, 0]),
        target_payoff=tuple(float(v) - irr for v in P1["VT"][0, 0]),
        expected_battles_by_type=tuple(float(v / qi) if qi > 0 else 0.0
                                       for v, qi in zip(battles_by_type, m.prior, strict=True)),
        _policy=policy,
    )


# ====================================================================== results
@dataclass(frozen=True)
class FightingEquilibrium:
    """The skimming PBE of :class:`BargainingWhileFighting` (from :func:`bargaining_while_fighting`).

    Tables (pandas): ``nodes`` (one row per node reached on the equilibrium path:
    period, state, wins and losses so far, the weakest type still fighting, the
    proposer's belief, the demand, which types settle, the reach probability),
    ``settlements`` (the distribution of settlement terms: each demand accepted,
    when, where and with what probability, total and by type) and
    ``military_ends`` (wars that end on the battlefield: period, state, outcome,
    probability).  Payoffs: ``proposer_payoff`` (ex ante), ``proposer_payoff_by_type``,
    ``target_payoff`` (per type, including the irreversible part of the sanctions).
    Derived properties: ``settlement_probability``, ``victory_probability``,
    ``defeat_probability``, ``horizon_probability``, ``war_probability``
    (at least one battle), ``expected_battles`` (expected duration),
    ``expected_settlement`` (mean demand accepted, given a settlement),
    ``first_offer``.

    With two or more types ordered by resolve and two or more battles (``mixed_gaps`` True) the
    demands that need the marginal type to randomise are evaluated (module docstring, "The exact
    game"): ``nodes`` has ``mixing`` and ``reject_probability[type]`` (the marginal type's mixing
    probability on the path), ``complete`` is True (unless ``ordering_violations``), and
    ``restricted`` is the equilibrium of the game without those demands.  Types not ordered by
    resolve: the restricted game (``complete`` False where a gap is on the path; the repr says so).

    Attributes
    ----------
    model : BargainingWhileFighting
        The model solved.
    nodes, settlements, military_ends : pandas.DataFrame
        The tables described above.
    proposer_payoff : float
        The proposer's ex-ante payoff.
    proposer_payoff_by_type : tuple of float
        The proposer's payoff given each target type.
    target_payoff : tuple of float
        Each type's payoff (including the irreversible part of the sanctions).
    expected_battles_by_type : tuple of float
        Each type's expected number of battles.
    mixed_gaps : bool
        Whether the mixed gap demands were evaluated.
    restricted : FightingEquilibrium or None
        The equilibrium of the game without the mixed gap demands (when they were evaluated).
    ordering_violations : int
        Post-states at which the exact solver found reject values out of type order (0: the
        cutoff structure held everywhere it was used).

    Examples
    --------
    >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
    ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
    >>> eq = bargaining_while_fighting(**{k: getattr(m, k) for k in ("prior", "win_probability",
    ...     "war_cost", "proposer_war_cost", "states", "horizon", "delta")})
    >>> round(eq.first_offer, 4), round(eq.expected_battles, 4), eq.complete
    (0.85, 0.5, True)
    """

    model: BargainingWhileFighting
    nodes: pd.DataFrame
    settlements: pd.DataFrame
    military_ends: pd.DataFrame
    proposer_payoff: float
    proposer_payoff_by_type: tuple[float, ...]
    target_payoff: tuple[float, ...]
    expected_battles_by_type: tuple[float, ...]
    _policy: list[dict[str, NDArray[Any]]] = field(repr=False, default_factory=list)
    mixed_gaps: bool = False
    restricted: FightingEquilibrium | None = field(repr=False, default=None)
    ordering_violations: int = 0

    @property
    def settlement_probability(self) -> float:
        """Probability that the war ends at the table (derived)."""
        return float(self.settlements["probability"].sum())

    def _end(self, what: str) -> float:
        e = self.military_ends
        return float(e.loc[e["outcome"] == what, "probability"].sum()) if len(e) else 0.0

    @property
    def victory_probability(self) -> float:
        """Probability of a decisive victory of the target (state ``K``)."""
        return self._end("target victorious")

    @property
    def defeat_probability(self) -> float:
        """Probability of a decisive defeat of the target (state 0)."""
        return self._end("target defeated")

    @property
    def horizon_probability(self) -> float:
        """Probability that the war stops at the front line after the last battle."""
        return self._end("stopped at the horizon")

    @property
    def war_probability(self) -> float:
        """Probability of at least one battle (the first demand is rejected)."""
        s = self.settlements
        return float(1.0 - s.loc[s["period"] == 1, "probability"].sum())

    @property
    def expected_battles(self) -> float:
        """Expected number of battles (the expected duration of the war)."""
        return float(np.dot(self.model.prior, self.expected_battles_by_type))

    @property
    def expected_settlement(self) -> float:
        """Mean demand accepted, given that the war ends at the table (NaN-free: 0 if it never does)."""
        s = self.settlements
        tot = float(s["probability"].sum())
        return float((s["offer"] * s["probability"]).sum() / tot) if tot > 0 else 0.0

    @property
    def complete(self) -> bool:
        """Every demand in ``[0, 1]`` has been evaluated: True when the exact solver ran (mixed gap
        demands solved) without finding reject values out of type order, or when every demand on
        the path has a pure consistent reply.

        When False (types not ordered by resolve, see :meth:`gaps`), some demands would make the
        marginal type randomise and were not evaluated; the profile is then the equilibrium of the
        game whose demands are the cutoff demands with pure replies (module docstring, "Gaps")."""
        return (self.mixed_gaps and self.ordering_violations == 0) or bool(self.nodes["pure_replies"].all())

    def gaps(self) -> pd.DataFrame:
        """The nodes on the path with a gap (demands ``(gap_low, gap_high]`` with no pure reply) and the
        nodes where the proposer makes a mixed demand (``mixing``: the weakest remaining type fights with
        probability ``reject_probability[...]``, strictly between 0 and 1).

        Returns
        -------
        pandas.DataFrame
            One row per such node.

        Examples
        --------
        >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
        ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
        >>> eq = m.solve()
        >>> len(eq.gaps())     # one battle: no gap
        0
        """
        g = self.nodes.loc[~self.nodes["pure_replies"] | self.nodes["mixing"]]
        cols = ["period", "state", "wins", "losses", "remaining_from", "reach_probability", "offer",
                "gap_low", "gap_high", "mixing", *[f"reject_probability[{nm}]" for nm in self.model.types]]
        return g[cols].reset_index(drop=True)

    @property
    def first_offer(self) -> float:
        """The demand in period 1."""
        return float(self.nodes["offer"].iloc[0])

    def settlement_distribution(self) -> pd.DataFrame:
        """The distribution of settlement terms: one row per distinct demand accepted, with its probability.

        Returns
        -------
        pandas.DataFrame
            Columns ``offer``, ``probability``, ``first_period``, ``last_period``,
            ``share_of_settlements``.

        Examples
        --------
        >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
        ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
        >>> eq = m.solve()
        >>> eq.settlement_distribution()[["offer", "probability"]].round(4).to_dict("records")
        [{'offer': 0.85, 'probability': 0.5}]
        """
        s = self.settlements.assign(offer=self.settlements["offer"].round(12))
        g = s.groupby("offer", as_index=False).agg(
            probability=("probability", "sum"), first_period=("period", "min"), last_period=("period", "max"))
        g["share_of_settlements"] = g["probability"] / max(float(g["probability"].sum()), 1e-300)
        return g

    def summary(self) -> dict[str, float | bool]:
        """The headline numbers (derived), as a dict.

        Returns
        -------
        dict
            ``{name: value}``, including each type's payoff and expected battles.

        Examples
        --------
        >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
        ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
        >>> eq = m.solve()
        >>> s = eq.summary()
        >>> round(s["first_offer"], 4), round(s["settlement_probability"], 4), s["complete"]
        (0.85, 0.5, True)
        """
        out = {"first_offer": self.first_offer, "war_probability": self.war_probability,
               "expected_battles": self.expected_battles,
               "settlement_probability": self.settlement_probability,
               "victory_probability": self.victory_probability, "defeat_probability": self.defeat_probability,
               "horizon_probability": self.horizon_probability,
               "expected_settlement": self.expected_settlement, "proposer_payoff": self.proposer_payoff,
               "complete": self.complete}
        for name, v, b in zip(self.model.types, self.target_payoff, self.expected_battles_by_type, strict=True):
            out[f"target_payoff[{name}]"] = v
            out[f"expected_battles[{name}]"] = b
        return out

    def to_frame(self) -> pd.DataFrame:
        """The equilibrium offers along the path (``nodes``).

        Returns
        -------
        pandas.DataFrame
            A copy of ``nodes``.

        Examples
        --------
        >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
        ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
        >>> eq = m.solve()
        >>> f = eq.to_frame()
        >>> len(f), list(f.columns[:3])
        (1, ['period', 'state', 'wins'])
        """
        return self.nodes.copy()

    def __repr__(self) -> str:
        s = self.summary()
        return (f"FightingEquilibrium(types={list(self.model.types)}, first_offer={s['first_offer']:.4g}, "
                f"war_probability={s['war_probability']:.4g}, expected_battles={s['expected_battles']:.4g}, "
                f"settlement={s['settlement_probability']:.4g}, victory={s['victory_probability']:.4g}, "
                f"defeat={s['defeat_probability']:.4g}, horizon={s['horizon_probability']:.4g}, "
                f"complete={self.complete}{self._gap_note()})")

    def _gap_note(self) -> str:
        if self.mixed_gaps and self.ordering_violations:
            return (f", gap demands evaluated with mixing, but reject values out of type order at "
                    f"{self.ordering_violations} post-states (cutoff replies not guaranteed)")
        if self.mixed_gaps:
            return ", gap demands evaluated with mixing"
        if not self.complete:
            return ", gap demands NOT evaluated (restricted game: types not ordered by resolve)"
        return ""


# ====================================================================== closed form
@dataclass(frozen=True)
class FightingClosedForm:
    """The two-type closed form (:func:`fighting_two_types`); arrays in the batch shape.

    ``offer`` (period-1 demand), ``regime`` (``"pool"``, ``"screen"`` or ``"fight"``:
    what the first demand does), ``war_probability`` (at least one battle),
    ``expected_battles``, ``proposer_payoff``, ``target_payoff_weak``,
    ``target_payoff_strong`` (net of the irreversible part), ``pool_offer``,
    ``screen_offer`` and the proposer's value of each regime
    (``value_pool``, ``value_screen``, ``value_fight``; ``-inf`` where infeasible);
    ``complete`` (every first demand in ``[0, 1]`` has a pure reply; always True with one
    battle) and the gap ``(gap_low, gap_high]`` of first demands that would make the weak
    type randomise (``gap_low = gap_high`` when there is none).

    Attributes
    ----------
    offer, war_probability, expected_battles, proposer_payoff : numpy.ndarray
        As above.
    regime : numpy.ndarray
        ``"pool"``, ``"screen"`` or ``"fight"``.
    target_payoff_weak, target_payoff_strong, pool_offer, screen_offer : numpy.ndarray
        As above.
    value_pool, value_screen, value_fight : numpy.ndarray
        The proposer's value of each regime.
    complete : numpy.ndarray
        Every first demand has a pure reply.
    gap_low, gap_high : numpy.ndarray
        The gap of first demands.

    Examples
    --------
    >>> cf = fighting_two_types(0.5, 0.2, 0.8, states=2, delta=0.9)
    >>> str(cf.regime), round(float(cf.offer), 4), bool(cf.complete)
    ('screen', 0.85, True)
    """

    offer: NDArray[np.float64]
    regime: NDArray[np.str_]
    war_probability: NDArray[np.float64]
    expected_battles: NDArray[np.float64]
    proposer_payoff: NDArray[np.float64]
    target_payoff_weak: NDArray[np.float64]
    target_payoff_strong: NDArray[np.float64]
    pool_offer: NDArray[np.float64]
    screen_offer: NDArray[np.float64]
    value_pool: NDArray[np.float64]
    value_screen: NDArray[np.float64]
    value_fight: NDArray[np.float64]
    complete: NDArray[np.bool_]
    gap_low: NDArray[np.float64]
    gap_high: NDArray[np.float64]

    def to_frame(self) -> pd.DataFrame:
        """One row per batch point (``batch_0``, ... columns when batched; the library's convention).

        Returns
        -------
        pandas.DataFrame
            One column per field.

        Examples
        --------
        >>> fighting_two_types(0.5, 0.2, 0.8, states=2, delta=0.9).to_frame()["regime"].tolist()
        ['screen']
        """
        return element_frame({k: getattr(self, k) for k in (
            "offer", "regime", "war_probability", "expected_battles", "proposer_payoff", "target_payoff_weak",
            "target_payoff_strong", "pool_offer", "screen_offer", "value_pool", "value_screen", "value_fight",
            "complete", "gap_low", "gap_high")})


def _one_battle(q1: Any, R0: Any, R1: Any, F0: Any, F1: Any, aS: Any) -> tuple[Any, ...]:
    """The last-period problem (module docstring): returns offer, regime code, p(settle weak), p(settle strong),
    proposer value and the three regime values; regime 2 = pool, 1 = screen, 0 = fight."""
    xP = np.minimum(1.0, 1.0 - aS - R1)
    xS = np.minimum(1.0, 1.0 - aS - R0)
    # pool: both accept xP (R0 <= R1 by the ordering), feasible iff xP >= 0
    vP = np.where(xP >= 0, xP, -np.inf)
    # screen: weak accepts, strong rejects (R1 > 1 - xS - aS), xS >= 0; the weak-only posterior (q1 < 1)
    okS = (xS >= 0) & (R1 > 1.0 - xS - aS + _TOL) & (q1 < 1)
    vS = np.where(okS, (1.0 - q1) * xS + q1 * F1, -np.inf)
    # fight: x = 1 rejected by both (R0 > -aS; R1 >= R0)
    okF = R0 > -aS + _TOL
    okF = okF | ((q1 >= 1) & (R1 > -aS + _TOL))
    vF = np.where(okF, (1.0 - q1) * F0 + q1 * F1, -np.inf)
    # q1 = 1: 'pool' means settling with the strong type; the screen regime does not exist
    best = np.maximum(np.maximum(vP, vS), vF)
    regime = np.where(vP >= best - 1e-12, 2, np.where(vS >= best - 1e-12, 1, 0))
    offer = np.where(regime == 2, xP, np.where(regime == 1, xS, 1.0))
    acc0 = regime >= 1
    acc1 = regime == 2
    return offer, regime, acc0, acc1, best, vP, vS, vF


def fighting_two_types(
    prior_strong: ArrayLike, win_weak: ArrayLike, win_strong: ArrayLike, *, cost_weak: ArrayLike = 0.05,
    cost_strong: ArrayLike = 0.05, proposer_war_cost: ArrayLike = 0.05, states: int = 4, start: int | None = None,
    delta: ArrayLike = 0.95, horizon: Literal[1, 2] = 1, s: ArrayLike = 0.0, r: ArrayLike = 1.0,
    pi_A: ArrayLike = 1.0, pi_T: ArrayLike = 0.0,
) -> FightingClosedForm:
    """Closed form for two types and one or two battles (pool / screen / fight; module docstring).

    The closed form covers the pure demands only (the restricted game: no mixed gap demands);
    where ``complete`` is False, :func:`bargaining_while_fighting` (which evaluates the mixed
    demands) can give the proposer more.

    Batched: every numeric argument broadcasts.  The battlefield value is
    ``h(k) = k / K``; win probabilities do not depend on the state.  Derived
    from the recursion of the module docstring (Filson & Werner 2002; Powell
    2004); with two battles the weak type's information rent (it is offered the
    strong type's terms after rejecting a screening demand) enters the
    screening demand.

    Parameters
    ----------
    prior_strong : array_like
        ``q = Pr(strong)``.
    win_weak, win_strong : array_like
        ``p_0 <= p_1``, each type's chance of winning a battle.
    cost_weak, cost_strong : array_like
        ``c_0 >= c_1``, each type's cost of a battle.
    proposer_war_cost, states, start, delta, s, r, pi_A, pi_T : array_like, int or None
        As in :class:`BargainingWhileFighting`.
    horizon : {1, 2}
        1 or 2 battles.

    Returns
    -------
    FightingClosedForm

    Raises
    ------
    ParameterError
        Naming the argument (ranges; a weak type stronger than the strong one; horizon not 1 or 2).
    SolverError
        No consistent first demand (the types are not ordered by resolve).

    Examples
    --------
    >>> cf = fighting_two_types(0.5, 0.2, 0.8, cost_weak=0.05, cost_strong=0.05, states=2, delta=0.9)
    >>> str(cf.regime), round(float(cf.screen_offer), 4), round(float(cf.pool_offer), 4)
    ('screen', 0.85, 0.25)
    """
    q = check_real(prior_strong, "prior_strong", 0.0, 1.0)
    p0 = check_real(win_weak, "win_weak", 0.0, 1.0)
    p1 = check_real(win_strong, "win_strong", 0.0, 1.0)
    c0 = check_real(cost_weak, "cost_weak", 0.0)
    c1 = check_real(cost_strong, "cost_strong", 0.0)
    cP = check_real(proposer_war_cost, "proposer_war_cost", 0.0)
    d = check_real(delta, "delta", 0.0, 1.0, lo_open=True, hi_open=True)
    s_ = check_real(s, "s", 0.0)
    r_ = check_real(r, "r", 0.0, 1.0)
    pA = check_real(pi_A, "pi_A", 0.0, 1.0)
    pT = check_real(pi_T, "pi_T", 0.0, 1.0)
    if np.any(p0 > p1):
        raise ParameterError("the weak type must not win battles more often than the strong type", "win_weak")
    if np.any(c0 < c1):
        raise ParameterError("the weak type must not pay less for a battle than the strong type", "cost_weak")
    if horizon not in (1, 2) or isinstance(horizon, bool):
        raise ParameterError(f"the closed form covers 1 or 2 battles, got {horizon!r}", "horizon")
    K = _whole(states, "states", 2)
    k0 = K // 2 if start is None else _whole(start, "start", 1)
    if not 1 <= k0 <= K - 1:
        raise ParameterError(f"must be an interior state 1..{K - 1}, got {k0}", "start")
    q, p0, p1, c0, c1, cP, d, s_, r_, pA, pT = np.broadcast_arrays(q, p0, p1, c0, c1, cP, d, s_, r_, pA, pT)
    D = d / (1.0 - d)
    aS, aM = (1.0 - pA) * r_ * s_ * D, pT * r_ * s_ * D
    rs = r_ * s_

    def hv(k: int) -> float:
        return k / K

    def e(k: int) -> Any:
        return hv(k) - aM

    def last(k: int, qq: Any) -> tuple[Any, ...]:
        R0 = -c0 + p0 * e(k + 1) + (1 - p0) * e(k - 1)
        R1 = -c1 + p1 * e(k + 1) + (1 - p1) * e(k - 1)
        F0 = -cP + p0 * (1 - hv(k + 1)) + (1 - p0) * (1 - hv(k - 1))
        F1 = -cP + p1 * (1 - hv(k + 1)) + (1 - p1) * (1 - hv(k - 1))
        offer, regime, acc0, acc1, best, vP, vS, vF = _one_battle(qq, R0, R1, F0, F1, aS)
        # every type's reply and payoffs (off-path replies included)
        v0 = np.where(1 - offer - aS >= R0 - _TOL, 1 - offer - aS, R0)
        v1 = np.where(1 - offer - aS >= R1 - _TOL, 1 - offer - aS, R1)
        u0 = np.where(1 - offer - aS >= R0 - _TOL, offer, F0)
        u1 = np.where(1 - offer - aS >= R1 - _TOL, offer, F1)
        b0 = np.where(1 - offer - aS >= R0 - _TOL, 0.0, 1.0)
        b1 = np.where(1 - offer - aS >= R1 - _TOL, 0.0, 1.0)
        return dict(offer=offer, regime=regime, best=best, vP=vP, vS=vS, vF=vF, xP=np.minimum(1, 1 - aS - R1),
                    xS=np.minimum(1, 1 - aS - R0), v=(v0, v1), u=(u0, u1), b=(b0, b1))

    if horizon == 1:
        L = last(k0, q)
        regime = L["regime"]
        war = np.where(regime == 2, 0.0, np.where(regime == 1, q, 1.0))
        return FightingClosedForm(
            offer=L["offer"], regime=np.array(["fight", "screen", "pool"])[regime], war_probability=war,
            expected_battles=war, proposer_payoff=L["best"], target_payoff_weak=-rs + L["v"][0],
            target_payoff_strong=-rs + L["v"][1], pool_offer=L["xP"], screen_offer=L["xS"],
            value_pool=L["vP"], value_screen=L["vS"], value_fight=L["vF"], complete=np.ones(q.shape, bool),
            gap_low=np.ones(q.shape), gap_high=np.ones(q.shape))

    # ---- two battles.  Continuation after outcome o (state k0 + 1 or k0 - 1) under a posterior.
    def after(kk: int, qq: Any, i: int) -> tuple[Any, Any, Any]:
        """Type i's (target value, proposer value, battles) from the second period at state kk."""
        if kk in (0, K):
            return e(kk) / d, (1 - hv(kk)) / d, 0.0 * q     # undone by the delta below
        L2 = last(kk, qq)
        return -rs + L2["v"][i], L2["u"][i], L2["b"][i]

    def cont(qpost: tuple[Any, Any], i: int) -> tuple[Any, Any, Any]:
        """Type i's reject value R, proposer's fight value F and expected battles from period 1 on."""
        pi = (p0, p1)[i]
        ci = (c0, c1)[i]
        R = -ci
        F = -cP
        B = 1.0
        for kk, pr, qq in ((k0 + 1, pi, qpost[0]), (k0 - 1, 1 - pi, qpost[1])):
            vt, vp, b = after(kk, qq, i)
            R = R + pr * d * vt
            F = F + pr * d * vp
            B = B + pr * b
        return R, F, B

    one = np.ones_like(q)
    # pool / screen: a rejection is read as the strong type (posterior 1 after either battle outcome)
    R0s, F0s, B0s = cont((one, one), 0)
    R1s, F1s, B1s = cont((one, one), 1)
    # fight: both types fight; Bayes after a win / a loss
    den_w = q * p1 + (1 - q) * p0
    den_l = q * (1 - p1) + (1 - q) * (1 - p0)
    qw = np.where(den_w > 0, q * p1 / np.where(den_w > 0, den_w, 1.0), q)
    ql = np.where(den_l > 0, q * (1 - p1) / np.where(den_l > 0, den_l, 1.0), q)
    R0f, F0f, B0f = cont((qw, ql), 0)
    R1f, F1f, B1f = cont((qw, ql), 1)
    xP = np.minimum(1.0, 1.0 - aS - R1s)
    xS = np.minimum(1.0, 1.0 - aS - R0s)
    vP = np.where((xP >= 0) & (1 - xP - aS >= R0s - _TOL), xP, -np.inf)
    okS = (xS >= 0) & (R1s > 1 - xS - aS + _TOL) & (q < 1)
    vS = np.where(okS, (1 - q) * xS + q * F1s, -np.inf)
    okF = (R0f > -aS + _TOL) & (R1f > -aS + _TOL)
    vF = np.where(okF, (1 - q) * F0f + q * F1f, -np.inf)
    # the pool and screen replies cover demands up to 1 - a_S - R_0 (weak type believed strong after a
    # rejection), the fight reply those above 1 - a_S - R_0 (both types fighting on): between the two the
    # weak type can only randomise
    g_lo = np.maximum(0.0, 1.0 - aS - R0s)
    g_hi = np.minimum(1.0, 1.0 - aS - R0f)
    best = np.maximum(np.maximum(vP, vS), vF)
    if np.any(~np.isfinite(best)):
        raise SolverError("no consistent first demand (the types are not ordered by resolve)")
    regime = np.where(vP >= best - 1e-12, 2, np.where(vS >= best - 1e-12, 1, 0))
    offer = np.where(regime == 2, xP, np.where(regime == 1, xS, 1.0))
    war = np.where(regime == 2, 0.0, np.where(regime == 1, q, 1.0))
    battles = np.where(regime == 2, 0.0, np.where(regime == 1, q * B1s, (1 - q) * B0f + q * B1f))
    tw = np.where(regime == 2, 1 - xP - aS, np.where(regime == 1, 1 - xS - aS, R0f))
    ts = np.where(regime == 2, 1 - xP - aS, np.where(regime == 1, R1s, R1f))
    return FightingClosedForm(
        offer=offer, regime=np.array(["fight", "screen", "pool"])[regime], war_probability=war,
        expected_battles=battles, proposer_payoff=best, target_payoff_weak=-rs + tw, target_payoff_strong=-rs + ts,
        pool_offer=xP, screen_offer=xS, value_pool=vP, value_screen=vS, value_fight=vF,
        complete=~(g_hi > g_lo + 1e-12), gap_low=np.where(g_hi > g_lo + 1e-12, g_lo, 1.0),
        gap_high=np.where(g_hi > g_lo + 1e-12, g_hi, 1.0))


# ====================================================================== the game tree
def fighting_game(model: BargainingWhileFighting, offers: ArrayLike | None = None, *,
                  tie_margin: float = 1e-3, max_leaves: int = 50_000) -> Game:
    """The model as a :class:`~compellence.Game` (module docstring, "Game tree").

    Players ``"Proposer"`` and ``"Target"``.  Chance draws the type (prior);
    the proposer's nodes that share a public history (the demands made and
    the battles' outcomes) form one information set; each type's reply is its
    own information set; every battle is a chance node with the type's win
    probability.  Leaves carry the discounted payoffs of the module
    docstring's table, summed along the path (the target's include the
    irreversible part ``-(1 - r) s / (1 - delta)``, the same at every leaf).

    Parameters
    ----------
    model : BargainingWhileFighting
        The model.
    offers : array_like or None
        ``None``: at each information set the menu is the node's cutoff demands
        ``x_m`` that have pure replies (from the backward induction of
        :func:`bargaining_while_fighting`), each made ``tie_margin`` more generous
        (lower) so the indifferent type strictly accepts (the demand of everything,
        ``x = 1``, where nobody accepts it).  A list: the same grid of demands at
        every information set (demands in a gap then make the tree's marginal type
        randomise).  A list of ``horizon`` lists: one grid per period.
    tie_margin : float
        See ``offers``; ``0`` keeps the exact demands (types then indifferent).
    max_leaves : int
        Refuse trees with more leaves (``ParameterError`` naming ``horizon``).

    Returns
    -------
    Game
        The game tree.

    Raises
    ------
    ParameterError
        ``offers`` not a non-empty list of demands in ``[0, 1]`` (or one such list per period),
        a negative ``tie_margin``, or a tree with more than ``max_leaves`` leaves (naming ``horizon``).
    SolverError
        No ``offers`` and the restricted game has no pure reply at some node (no default menu).

    Examples
    --------
    >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
    ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
    >>> g = fighting_game(m)
    >>> g.players
    ('Proposer', 'Target')
    """
    from ..games.nodes import chance, decision, outcome
    from ..games.tree import Game

    m = model
    n, T = m.n_types, m.horizon
    margin = float(check_real(tie_margin, "tie_margin", 0.0))
    grids: list[NDArray[np.float64]] | None = None
    if offers is not None:
        per_period = isinstance(offers, (list, tuple)) and len(offers) > 0 and all(
            isinstance(g, (list, tuple, np.ndarray)) for g in offers)
        if per_period:
            if len(offers) != T:
                raise ParameterError(f"one grid per period needs {T} lists, got {len(offers)}", "offers")
            grids = [check_real(g, "offers", 0.0, 1.0) for g in offers]
        else:
            grids = [check_real(offers, "offers", 0.0, 1.0)] * T
        if any(g.ndim != 1 or g.size == 0 for g in grids):
            raise ParameterError("must be a non-empty list of demands in [0, 1] (or one such list per period)",
                                 "offers")
    eq = _solve(m) if grids is None else None
    layers = _layers(m)
    width = (n + 1) if grids is None else max(g.size for g in grids)
    if n * (2 * width) ** T > max_leaves:
        raise ParameterError(f"the tree would have up to {n * (2 * width) ** T} leaves (more than {max_leaves})",
                             "horizon")
    aS, aM, rs, irr = m.settlement_sanctions, m.military_sanctions, m.r * m.s, m.irreversible_cost
    h = m.battlefield_value
    pwin = m.win_probability

    def menu(t: int, hh: int, j: int) -> list[tuple[float, int]]:
        """(demand, cutoff it induces) pairs at node (t, hh, j)."""
        if grids is not None:
            return [(float(x), -1) for x in np.unique(grids[t - 1])]
        assert eq is not None
        if not eq._policy:
            raise SolverError("the restricted game has no pure reply at some node, so there is no default menu "
                              "of cutoff demands: give offers=[...]")
        pol = eq._policy[t - 1]
        out: dict[float, int] = {}
        for mm in range(j, n + 1):
            if not pol["cand_ok"][hh, j, mm]:
                continue
            x = float(pol["cand_x"][hh, j, mm])
            xm = x if mm == j else max(0.0, x - margin)
            out.setdefault(round(xm, 12), mm)
        return sorted(out.items())

    def build(t: int, hh: int, j: int, i: int, disc: float, acc_T: float, acc_P: float, hist: str) -> Any:
        L = layers[t - 1]
        k = int(L.k[hh])
        acts: dict[str, Any] = {}
        for x, mm in menu(t, hh, j):
            label = f"demand {x:.6g}"
            if label in acts:
                continue
            jc = min(mm, n - 1) if mm >= 0 else 0
            settle = outcome(Proposer=acc_P + disc * x, Target=acc_T + disc * (1.0 - x - aS - rs) - irr)
            p = float(pwin[i, k - 1])
            branches: dict[str, tuple[float, Any]] = {}
            for o, (lab, pr) in enumerate((("target wins", p), ("target loses", 1.0 - p))):
                ch = int(L.child[hh, o])
                kk = int(L.child_k[hh, o])
                aT = acc_T + disc * (-rs - m.war_cost[i])
                aP = acc_P + disc * (-m.proposer_war_cost)
                if ch < 0:
                    node = outcome(Proposer=aP + disc * (1.0 - h[kk]), Target=aT + disc * (h[kk] - aM) - irr)
                else:
                    node = build(t + 1, ch, jc, i, disc * m.delta, aT, aP, f"{hist}/{label}/{lab}")
                branches[lab] = (pr, node)
            battle = chance(branches)
            acts[label] = decision("Target", {"accept": settle, "reject": battle},
                                   infoset=f"{m.types[i]} at {hist}/{label}")
        return decision("Proposer", acts, infoset=f"proposer at {hist}")

    root = chance({m.types[i]: (float(m.prior[i]), build(1, 0, 0, i, 1.0, 0.0, 0.0, "start"))
                   for i in range(n)})
    return Game(["Proposer", "Target"], root, title=f"bargaining while fighting: {n} types, {T} battles")


@dataclass(frozen=True)
class FightingTreeCheck:
    """The two routes side by side (:func:`fighting_tree_check`).

    ``frame``: one row per quantity (``proposer_payoff``, each type's payoff,
    ``settlement_probability``, ``expected_battles``) with the backward
    induction's value, the tree's, and their difference; ``max_difference``;
    ``game`` and ``solution`` (the tree and the generic solver's answer).

    Attributes
    ----------
    frame : pandas.DataFrame
        The comparison table.
    max_difference : float
        The largest absolute difference.
    method : str
        ``"qre"`` or ``"lcp"``.
    game : Game
        The tree.
    solution : Any
        The generic solver's answer.

    Examples
    --------
    >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
    ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
    >>> fighting_tree_check(m, method="lcp").method
    'lcp'
    """

    frame: pd.DataFrame
    max_difference: float
    method: str
    game: Game
    solution: Any

    def to_frame(self) -> pd.DataFrame:
        """The comparison table.

        Returns
        -------
        pandas.DataFrame
            A copy of ``frame``.

        Examples
        --------
        >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
        ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
        >>> fighting_tree_check(m, method="lcp").to_frame()["quantity"].tolist()[:2]
        ['proposer_payoff', 'target_payoff[type0]']
        """
        return self.frame.copy()

    def __repr__(self) -> str:
        return f"FightingTreeCheck(method={self.method!r}, max_difference={self.max_difference:.3g})"


def fighting_tree_check(model: BargainingWhileFighting, *, method: Literal["qre", "lcp"] = "qre",
                        tie_margin: float = 1e-3, offers: ArrayLike | None = None) -> FightingTreeCheck:
    """Solve :func:`fighting_game` with a generic solver and compare it with the backward induction.

    ``method="qre"``: the agent logit QRE traced until the regret at every
    information set, given the beliefs, is below ``1e-9`` of the payoff range
    (an approximate sequential equilibrium, ``qre_path(criterion="sequential")``);
    ``"lcp"``: the sequence-form LCP (a Nash equilibrium; it may pick one
    supported by replies off the path that are not sequentially rational).
    The tree's demands are ``tie_margin`` more generous, so the payoffs agree
    to about ``tie_margin``.

    Parameters
    ----------
    model : BargainingWhileFighting
        The model (keep it small: the tree grows as ``(2 (n + 1)) ** horizon``).
    method : {"qre", "lcp"}
        ``"qre"`` or ``"lcp"``.
    tie_margin : float
        Passed to :func:`fighting_game`.
    offers : array_like or None
        Passed to :func:`fighting_game`: one grid of demands at every information set
        instead of the cutoff demands.  A grid that reaches into a gap (``eq.gaps()``) asks
        whether the proposer gains by a demand the backward induction does not evaluate
        (the tree's marginal type then randomises); the difference column answers it.

    Returns
    -------
    FightingTreeCheck
        The comparison.

    Raises
    ------
    ParameterError
        ``method`` not ``"qre"`` or ``"lcp"`` (and bad model or ``offers`` arguments).

    Examples
    --------
    >>> m = BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
    ...                             proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)
    >>> fighting_tree_check(m, method="lcp").max_difference < 2e-3
    True
    """
    import pandas as pd

    from ..games.tree import DECISION
    from ..solvers.solution import node_values, reach_probabilities

    if method not in ("qre", "lcp"):
        raise ParameterError(f"must be 'qre' or 'lcp', got {method!r}", "method")
    eq = _solve(model)
    if offers is None and eq.restricted is not None:
        eq = eq.restricted      # the default menu is the restricted game's (cutoff demands with pure replies)
    game = fighting_game(model, offers, tie_margin=tie_margin)
    if method == "lcp":
        from ..solvers.nash import nash

        sol = nash(game, method="lcp").behavior(0)
    else:
        from ..solvers.qre import qre_path

        sol = qre_path(game, max_regret=1e-9, criterion="sequential").solution
    ep = np.asarray(sol.edge_prob, dtype=float)
    reach = reach_probabilities(game, ep)
    vals = node_values(game, ep)
    kids = list(game.children(0))
    t_idx = list(game.players).index("Target")
    p_idx = list(game.players).index("Proposer")
    type_pay = [float(vals[t_idx, c]) for c in kids]
    # settlements: reach of 'accept' edges; battles: reach of the battle chance nodes
    settle = 0.0
    battles = 0.0
    for nd in range(game.n_nodes):
        if game.kind[nd] == DECISION and game.players[game.player[nd]] == "Target":
            a, b = list(game.children(nd))
            settle += float(reach[a])
            battles += float(reach[b])
    rows = [("proposer_payoff", eq.proposer_payoff, float(vals[p_idx, 0]))]
    rows += [(f"target_payoff[{nm}]", eq.target_payoff[i], type_pay[i]) for i, nm in enumerate(model.types)]
    rows += [("settlement_probability", eq.settlement_probability, settle),
             ("expected_battles", eq.expected_battles, battles)]
    frame = pd.DataFrame(rows, columns=["quantity", "backward_induction", "tree"])
    frame["difference"] = frame["tree"] - frame["backward_induction"]
    return FightingTreeCheck(frame=frame, max_difference=float(np.abs(frame["difference"]).max()),
                             method=method, game=game, solution=sol)
