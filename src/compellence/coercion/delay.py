"""Delayed demands and deadlines as a Bayesian game (Schelling 1966).

**The game.**  A coercer punishes a target from period 1 on.  Its type is its
own private information: *compellent* (prior ``mu0 = prob_compellent``; it
values the concession and lifts the punishment on compliance) or *punitive*
(it values hurting the target for its own sake: it never lifts and never
backs down).  The coercer chooses when to state its demand: at date ``k`` in
``0..K`` (after ``k`` periods of punishment) or never (``"no demand"``).  The
target sees the date of the demand (the silence before it) but not the type,
updates by Bayes' rule on the types' equilibrium strategies, and answers:

* ``comply``: concede ``x`` now; a compellent coercer lifts, a punitive one
  keeps punishing (and pays ``audience_cost`` ``a`` for reneging on its
  stated terms);
* ``resist``: a compellent coercer carries out its threat (keeps punishing)
  with probability ``pi_T`` and otherwise backs down; a punitive one keeps
  punishing;
* ``stall`` (only without a deadline, ``deadline=False``): neither; talks go
  on for one period while the punishment continues.  During it a punitive
  coercer's diplomacy is exposed as a ruse with probability ``exposure``
  (``lambda``).  What the coercer does then: it keeps punishing and asks for
  an answer at ``k + 1`` (no second stall); the target then complies or
  resists, knowing the type if it was exposed.  With a deadline the target
  must answer at once.

**Bite** grows while the punishment is in place (the instruments' bite
profile, :func:`~compellence.coercion.instruments.bite_present_value`):
``b(t) = (1 - (1 - ramp)**t) (1 - adaptation)**t``, and the present value at
date ``k`` of the punishment still to come is ``P_k = s U_k`` with
``U_k = sum_{t>=1} delta**t b(k + t)`` (``elapsed = k``; open-ended horizon).

**Payoff accounting** (SPEC of the corrected model; present values at date 0;
``R_k = r P_k`` the reversible part at date ``k``):

========================  ===========================================  ====================
component                 branches                                     controlled by
========================  ===========================================  ====================
irreversible ``(1-r)P_0``  every branch (target)                        nobody, once imposed
reversible, before the    every branch: ``R_0 - delta**k R_k``         coercer (its timing)
demand
reversible after ``k``    comply vs punitive; resist vs punitive;      coercer
  ``R_k``                 resist vs compellent that carries out
                          (prob ``pi_T``); no demand (forever)
concession ``x``,         comply (target pays)                         target
compliance cost ``cc``
resistance cost ``L``     resist (either type; it does not vanish     target
                          when the coercer backs down)
stall period              stall: ``R_k - delta R_{k+1}`` (one period   target
                          of reversible bite), then the answer at
                          ``k + 1`` discounted by ``delta``
concession value          comply: ``w x`` (compellent),                target's choice
                          ``w_P x`` (punitive)
coercer's cost of         every period it punishes: ``c U``; the       coercer
punishing ``c``           compellent saves ``delta**k c U_k`` when it
                          lifts or backs down; the punitive never stops
audience cost ``a``       punitive coercer whose demand was complied   coercer
                          with (it does not lift)
========================  ===========================================  ====================

The punitive type's value of hurting the target is the same on every branch
(it never stops), so it is left out (a constant per type changes no choice).
After ``"no demand"`` there is nothing to answer; the target pays the
reversible punishment forever and no resistance cost.

**Target's reply** (derived).  At a demand at ``k`` with belief ``mu`` that
the coercer is compellent, each reply plan costs the target (date-``k``
value, irreversible part and sunk delay dropped, ``R = R_k``,
``R1 = R_{k+1}``, ``e = min(x + cc, L)`` the answer to an exposed punitive
coercer, ``S = R - delta R1`` the stall period)::

    comply        x + cc + (1 - mu) R
    resist        L + (1 - mu (1 - pi_T)) R
    stall-comply  S + delta [ (1-mu) lam (e + R1) + (1 - (1-mu) lam) (x + cc) + (1-mu)(1-lam) R1 ]
    stall-resist  S + delta [ (1-mu) lam (e + R1) + (1 - (1-mu) lam) L + (mu pi_T + (1-mu)(1-lam)) R1 ]

each linear in ``mu``.  Comply beats resist iff the **margin at belief mu**
``M(mu, k) = mu pi_T r s U_k - x - cc + L >= 0``: the corrected canonical
margin ``(pi_T' + pi_A' - 1) r P - x - cc + L`` with the *effective*
credibilities ``pi_A' = mu`` (only a compellent coercer lifts) and
``pi_T' = 1 - mu (1 - pi_T)`` (a punitive one always keeps punishing).
Against a punitive coercer compliance buys nothing; the leverage is the
compellent type's reversible punishment.

**Coercer's payoffs** of a demand at ``k`` (``V`` relative to punishing forever
without a demand, ``-c U_0``)::

    compellent: comply  delta**k (w x + c U_k)       resist  delta**k (1 - pi_T) c U_k
                stall-then-answer: the same at k + 1, times delta
    punitive:   comply  delta**k (w_P x - a)          resist  0

**Equilibria** (perfect Bayesian, derived by hand; :meth:`DelayedDemand.solve`
evaluates them batched over the parameters):

* *separating* (compellent demands at ``k_C``, punitive never): beliefs
  ``mu = 1`` at ``k_C`` and ``0`` after silence past ``k_C``.  Conditions:
  the punitive type does not gain by mimicking,
  ``V_P(k_C, reply at mu = 1) <= 0`` (with compliance: ``w_P x <= a``); the
  compellent type's ``V_C(k_C, reply at 1)`` beats every deviation.
* *pooling* (both demand at ``k``): belief ``mu0``; the punitive type's
  ``V_P >= 0`` (else it keeps silent) and both types' payoffs beat every
  deviation.
* *semi-separating* (the compellent demands at ``k``; the punitive demands
  at ``k`` with probability ``sigma`` and otherwise never): the punitive type
  is indifferent only if the demand brings it nothing, so the target refuses
  (``resist``, or stall-then-resist when an exposed ruse is refused); Bayes
  gives ``mu_k = mu0 / (mu0 + (1 - mu0) sigma)``, which must lie where that
  reply is optimal: ``sigma`` ranges over an interval (reported).  (The
  punitive type's remaining probability may equally go to another date at
  which, read as punitive, its demand is refused: the same payoffs; the
  sequence-form LCP sometimes finds that version, and the tests match it
  to this class.)
* a compellent type that randomises over the date needs the target to mix
  at one date and the punitive type to be indifferent between two dates
  (``rho = delta**(k2 - k1)``); such equilibria are not enumerated (the
  generic LCP has not found one on random points in the tests).

At an exact tie in the target's reply (non-generic) the closed form takes the
first plan in :data:`PLANS` order, where ``signalling_equilibria`` lists
every tied reply.

**Deadline as a choice** (``deadline="choose"``): each date comes as two
messages, a demand with a deadline (the target cannot stall) and an open
one; the equilibrium conditions above are unchanged with the message set
doubled (a stall plan at a message with a deadline is never a best reply).

Off the path (a demand at a date no type uses): any belief ``mu`` under which
the target's reply deters both types; for each equilibrium the interval of
supporting beliefs is reported per off-path date
(:meth:`DelayEquilibria.beliefs_frame`), and the Cho-Kreps intuitive
criterion is checked as in
:func:`~compellence.solvers.signalling.signalling_equilibria`.

**Selection** for the headline outputs: among the pure equilibria that pass
the intuitive criterion, the one best for the compellent type (earliest
delay on ties); then any pure equilibrium; then the semi-separating one best
for the compellent type.

**Claim 5, restated** (tested in ``tests/test_delay.py``): with a deadline
and a punitive type that does not gain by mimicking (``w_P x <= a``), the
compellent coercer's optimal delay is
``k* = argmax_k V_C(k)`` with ``V_C(k) = delta**k (w x + c U_k)`` where
``M(1, k) >= 0`` and ``delta**k (1 - pi_T) c U_k`` where not.  It is
positive iff the demand stated at once is refused (``M(1, 0) < 0``) and some
later, accepted demand pays more than the refused one
(``delta**k (w x + c U_k) > (1 - pi_T) c U_0``): the bite must *grow*
(``ramp < 1``).  As ``delta**k (w x + c U_k)`` falls with ``k``, ``k*`` is then
the first date at which the demand is met (``opens_at``).  The accepted dates ``{k : M(1, k) >= 0}`` close again
(``closes_at``) only if the bite *erodes* (``adaptation > 0``).  Silence does
not make the coercer look punitive at the time of the demand: the belief at
the demand is ``1`` (separating) or ``mu0`` (pooling) whatever its date; what
silence reveals is the type of a coercer that has *not yet* demanded.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import ParameterError
from ..games.nodes import chance, decision, outcome
from ..games.tree import Game
from ..validation import check_real
from .instruments import Incentive, bite_present_value

if TYPE_CHECKING:
    from .campaign import Campaign

__all__ = [
    "PLANS",
    "DelayedDemand",
    "DelayEquilibria",
    "delayed_demand",
    "DeadlineComparison",
    "compare_deadline",
]

#: The target's reply plans to a demand (the last two only without a deadline).
PLANS = ("comply", "resist", "stall-comply", "stall-resist")
COMPLY, RESIST, STALL_COMPLY, STALL_RESIST = range(4)
NO_DEMAND = "no demand"
#: Cost given to a plan that a message does not allow (stalling past a deadline).
_INFEASIBLE = 1e30
KINDS = ("pooling", "separating", "semi-separating", "none")

_FLOATS = (
    # name, lo, hi, lo_open, hi_open, default
    ("prob_compellent", 0.0, 1.0, True, True, None),
    ("punishment_per_period", 0.0, None, False, False, None),
    ("reversibility", 0.0, 1.0, False, False, 1.0),
    ("discount", 0.0, 1.0, True, True, 0.9),
    ("ramp", 0.0, 1.0, True, False, 1.0),
    ("adaptation", 0.0, 1.0, False, True, 0.0),
    ("concession", 0.0, 1.0, False, False, None),
    ("compliance_cost", 0.0, None, False, False, 0.0),
    ("resistance_cost", 0.0, None, False, False, 0.0),
    ("threat_credibility", 0.0, 1.0, False, False, 1.0),
    ("coercer_cost", 0.0, None, False, False, 0.0),
    ("benefit", 0.0, None, False, False, 1.0),
    ("punitive_benefit", 0.0, None, False, False, 0.0),
    ("audience_cost", 0.0, None, False, False, 0.0),
    ("exposure", 0.0, 1.0, False, False, 0.5),
)


def _delay_label(k: int) -> str:
    return f"demand at {k}"


@dataclass(frozen=True, eq=False)
class DelayedDemand:
    """The Bayesian game of a delayed demand (module docstring), with its parameters.

    Numbers may be arrays; they broadcast to :attr:`batch_shape`.

    Parameters
    ----------
    prob_compellent : array_like
        ``mu0`` in (0, 1): prior that the coercer is compellent.
    punishment_per_period : array_like
        ``s`` (>= 0, stake units per period at full bite).
    concession : array_like
        ``x`` in [0, 1], share of the stake.
    reversibility : array_like, optional
        ``r`` in [0, 1] (default 1).
    discount : array_like, optional
        ``delta`` in (0, 1) (default 0.9).
    ramp, adaptation : array_like, optional
        The bite profile: ``ramp`` in (0, 1], ``adaptation`` in [0, 1).
    compliance_cost : array_like, optional
        ``cc >= 0`` (target, stake units, once).
    resistance_cost : array_like, optional
        ``L >= 0`` (target, stake units, once).
    threat_credibility : array_like, optional
        ``pi_T`` in [0, 1]: probability that a *compellent* coercer carries out
        its threat after resistance.
    coercer_cost : array_like, optional
        ``c >= 0``: the coercer's cost per period at full bite.
    benefit, punitive_benefit : array_like, optional
        ``w`` / ``w_P >= 0``: value of a unit of concession to the compellent /
        punitive type.
    audience_cost : array_like, optional
        ``a >= 0``: cost to a punitive coercer of not lifting after its stated
        demand was met.
    exposure : array_like, optional
        ``lambda`` in [0, 1]: probability that a punitive coercer's diplomacy
        is exposed during one period of stalling (default 0.5).
    max_delay : int, optional
        ``K >= 0``: the latest date of a demand (default 6).
    deadline : bool or {"choose"}, optional
        ``True``: the target answers at once; ``False``: it may stall one
        period; ``"choose"``: the coercer picks, with the date, a demand with a
        deadline or an open one (both are messages the target sees: a deadline
        can be a signal too).

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import DelayedDemand
    >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
    ...                   max_delay=3, ramp=0.5)
    >>> m.solve()
    DelayEquilibria(separating: compellent demands at 0; punitive never demands; target comply at belief 1; off-ramp taken at 0; Pr(no demand)=0.4; 29 equilibria)
    """

    prob_compellent: ArrayLike
    punishment_per_period: ArrayLike
    concession: ArrayLike
    reversibility: ArrayLike = 1.0
    discount: ArrayLike = 0.9
    ramp: ArrayLike = 1.0
    adaptation: ArrayLike = 0.0
    compliance_cost: ArrayLike = 0.0
    resistance_cost: ArrayLike = 0.0
    threat_credibility: ArrayLike = 1.0
    coercer_cost: ArrayLike = 0.0
    benefit: ArrayLike = 1.0
    punitive_benefit: ArrayLike = 0.0
    audience_cost: ArrayLike = 0.0
    exposure: ArrayLike = 0.5
    max_delay: int = 6
    deadline: bool | str = True

    def __post_init__(self) -> None:
        for name, lo, hi, lo_open, hi_open, _ in _FLOATS:
            v = check_real(getattr(self, name), name, lo, hi, lo_open=lo_open, hi_open=hi_open)
            object.__setattr__(self, name, v)
        k = self.max_delay
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
            raise ParameterError(f"must be a whole number of periods >= 0, got {k!r}", "max_delay")
        object.__setattr__(self, "max_delay", int(k))
        if isinstance(self.deadline, str) and self.deadline == "choose":
            pass
        elif isinstance(self.deadline, (bool, np.bool_)):
            object.__setattr__(self, "deadline", bool(self.deadline))
        else:
            raise ParameterError(f'must be true, false or "choose", got {self.deadline!r}', "deadline")
        try:
            np.broadcast_shapes(*(np.shape(getattr(self, f[0])) for f in _FLOATS))
        except ValueError:
            shapes = {f[0]: np.shape(getattr(self, f[0])) for f in _FLOATS if np.ndim(getattr(self, f[0]))}
            raise ParameterError(f"array inputs do not broadcast together: {shapes}", next(iter(shapes))) from None

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_campaign(
        cls,
        campaign: Campaign,
        *,
        max_delay: int = 6,
        deadline: bool = True,
        exposure: ArrayLike = 0.5,
        punitive_benefit: ArrayLike = 0.0,
    ) -> DelayedDemand:
        """The delayed-demand game of a :class:`~compellence.coercion.campaign.Campaign`.

        Uses its public inputs only: the punishing instruments (their bite
        profiles with ``elapsed`` advanced by the delay are folded into
        ``punishment_per_period``, ``ramp`` and ``adaptation`` when a single
        instrument punishes; with several, refused), ``demand.concession``,
        ``discount`` (open-ended horizon only), the coercer's
        ``threat_credibility`` (must be given), ``benefit``, ``audience_cost``
        and ``prob_compellent``.  The target's resistance cost is taken from
        ``target.fighting_cost`` when the campaign has one.

        Parameters
        ----------
        campaign : Campaign
            The campaign (its punishing instruments, credibilities, demand and
            costs).
        max_delay : int, optional
            ``K`` (default 6).
        deadline : bool, optional
            Whether the target answers at once (default True).
        exposure : array_like, optional
            ``lambda`` (default 0.5).
        punitive_benefit : array_like, optional
            ``w_P`` (default 0).

        Returns
        -------
        DelayedDemand
            The model.

        Raises
        ------
        ParameterError
            A campaign the model cannot represent (named).

        Examples
        --------
        >>> from compellence.coercion import Campaign, DelayedDemand
        >>> c = Campaign({"threat_credibility": 0.9, "prob_compellent": 0.6}, "East",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.8}], demand=0.3)
        >>> m = DelayedDemand.from_campaign(c, max_delay=3)
        >>> float(m.prob_compellent), float(m.concession), m.max_delay
        (0.6, 0.3, 3)
        """
        from .campaign import Campaign

        if not isinstance(campaign, Campaign):
            raise ParameterError(f"needs a Campaign, got {type(campaign).__name__}", "campaign")
        if campaign.horizon is not None:
            raise ParameterError("the delayed-demand game needs an open-ended horizon", "horizon")
        punishing = [i for i in campaign.instruments if not isinstance(i, Incentive)]
        if len(punishing) != 1:
            raise ParameterError(
                f"needs exactly one punishing instrument (got {len(punishing)}); build "
                "DelayedDemand from explicit parameters for a combined bite profile", "instruments")
        inst = punishing[0]
        if np.any(inst.elapsed != 0):
            raise ParameterError("the delay counts from the start of the punishment: give elapsed = 0",
                                 "instruments[0].elapsed")
        if campaign.coercer.threat_credibility is None:
            raise ParameterError("the delayed-demand game takes the compellent type's threat "
                                 "credibility as given", "coercer.threat_credibility")
        vol = getattr(inst, "volume", 1.0)
        return cls(
            prob_compellent=campaign.coercer.prob_compellent,
            punishment_per_period=inst.cost_target * vol,
            concession=campaign.demand.concession,
            reversibility=inst.effective_reversibility,
            discount=campaign.discount,
            ramp=inst.ramp,
            adaptation=getattr(inst, "adaptation", 0.0),
            resistance_cost=getattr(campaign.target, "fighting_cost", 0.0),
            threat_credibility=campaign.coercer.threat_credibility,
            coercer_cost=inst.cost_coercer,
            benefit=campaign.coercer.benefit,
            punitive_benefit=punitive_benefit,
            audience_cost=campaign.coercer.audience_cost,
            exposure=exposure,
            max_delay=max_delay,
            deadline=deadline,
        )

    def replace(self, **changes: Any) -> DelayedDemand:
        """A copy with some parameters replaced (validated again).

        Parameters
        ----------
        **changes
            Parameters and their new values.

        Returns
        -------
        DelayedDemand
            The new model.

        Raises
        ------
        ParameterError
            A value out of range (named).

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> m.replace(max_delay=1).messages
        ('demand at 0', 'demand at 1', 'no demand')
        """
        return dataclasses.replace(self, **changes)

    # ----------------------------------------------------------------- primitives
    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The broadcast shape of the numeric parameters."""
        return np.broadcast_shapes(*(np.shape(getattr(self, f[0])) for f in _FLOATS))

    @property
    def n_plans(self) -> int:
        """The number of the target's reply plans (:data:`PLANS`)."""
        return 2 if self.deadline is True else 4

    @property
    def message_dates(self) -> np.ndarray:
        """Date of each demand message (the messages before ``"no demand"``)."""
        k = np.arange(self.max_delay + 1)
        return np.concatenate([k, k]) if self.deadline == "choose" else k

    @property
    def message_deadlines(self) -> np.ndarray:
        """Whether each demand message comes with a deadline (the target cannot stall)."""
        K1 = self.max_delay + 1
        if self.deadline == "choose":
            return np.repeat([True, False], K1)
        return np.full(K1, self.deadline is True)

    @property
    def messages(self) -> tuple[str, ...]:
        """The coercer's messages: the demand dates (with or without a deadline) and ``never``."""
        if self.deadline == "choose":
            labels = [f"{_delay_label(int(k))} ({'deadline' if d else 'open'})"
                      for k, d in zip(self.message_dates, self.message_deadlines)]
        else:
            labels = [_delay_label(int(k)) for k in self.message_dates]
        return (*labels, NO_DEMAND)

    def _b(self, name: str) -> np.ndarray:
        return np.broadcast_to(getattr(self, name), self.batch_shape)

    def bite(self) -> np.ndarray:
        """``U_k`` for ``k = 0..K+1`` (axis 0): present value at date ``k`` of one unit of full bite to come.

        Returns
        -------
        numpy.ndarray
            ``(K+2, *batch)``.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> m.bite().round(4).tolist()
        [8.1818, 8.5909, 8.7955, 8.8977, 8.9489]
        """
        k = np.arange(self.max_delay + 2).reshape((-1,) + (1,) * len(self.batch_shape))
        return np.broadcast_to(
            bite_present_value(1.0, self.discount, None, ramp=self.ramp, adaptation=self.adaptation, elapsed=k),
            (self.max_delay + 2, *self.batch_shape),
        )

    def reversible_pv(self) -> np.ndarray:
        """``R_k = r s U_k`` (axis 0 = date ``k = 0..K+1``): the leverage at stake at a demand at ``k``.

        Returns
        -------
        numpy.ndarray
            ``(K+2, *batch)``, stake units.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> m.reversible_pv().round(4).tolist()
        [0.8182, 0.8591, 0.8795, 0.8898, 0.8949]
        """
        return self.reversibility * self.punishment_per_period * self.bite()

    def margin(self, belief: ArrayLike) -> np.ndarray:
        """``M(mu, k) = mu pi_T R_k - x - cc + L`` for ``k = 0..K`` (axis 0): comply minus resist (derived).

        Parameters
        ----------
        belief : array_like
            ``mu``, the target's belief that the coercer is compellent.

        Returns
        -------
        numpy.ndarray
            ``(K+1, *batch)``, stake units.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> m.margin(1.0).round(4).tolist()
        [0.5182, 0.5591, 0.5795, 0.5898]
        """
        mu = check_real(belief, "belief", 0.0, 1.0)
        R = self.reversible_pv()[:-1]
        return mu * self.threat_credibility * R - self.concession - self.compliance_cost + self.resistance_cost

    def plan_costs(self) -> tuple[np.ndarray, np.ndarray]:
        """Target's cost of each reply plan at each demand message: ``A + B mu`` (module docstring).

        Returns ``(A, B)``, each of shape ``(n_plans, n_demand_messages, *batch)``
        (the messages of :attr:`messages` before ``"no demand"``; one per date
        ``0..K``, two with ``deadline="choose"``).  The stall plans of a message
        with a deadline cost ``_INFEASIBLE`` (never a best reply).

        Returns
        -------
        tuple of numpy.ndarray
            ``(A, B)``.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> [a.shape for a in m.plan_costs()]
        [(2, 4), (2, 4)]
        """
        R_all = self.reversible_pv()
        R, R1 = R_all[:-1], R_all[1:]
        d, pi, lam = self.discount, self.threat_credibility, self.exposure
        xc = self.concession + self.compliance_cost
        L = self.resistance_cost
        one = np.ones_like(R)
        A = [xc + R, L + R]
        B = [-R, -(1.0 - pi) * R]
        if self.deadline is not True:
            e = np.minimum(xc, L)
            S = R - d * R1
            A.append(S + d * (lam * (e + R1) + (1 - lam) * xc + (1 - lam) * R1))
            B.append(d * (-lam * (e + R1) + lam * xc - (1 - lam) * R1))
            A.append(S + d * (lam * (e + R1) + (1 - lam) * L + (1 - lam) * R1))
            B.append(d * (-lam * (e + R1) + lam * L + (pi - (1 - lam)) * R1))
        return self._per_message(np.stack([a * one for a in A]), _INFEASIBLE), self._per_message(
            np.stack([b * one for b in B]), 0.0)

    def _per_message(self, per_date: np.ndarray, stall_fill: float) -> np.ndarray:
        """``(plans, K+1, *batch)`` by date -> ``(plans, n_demand_messages, *batch)``."""
        out = per_date[:, self.message_dates]
        if self.deadline == "choose":
            out = out.copy()
            out[2:, self.message_deadlines] = stall_fill
        return out

    def coercer_values(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each type's payoff of a demand at ``k`` answered with each plan, and of no demand.

        Returns ``(V_C, V_P, base)``: ``V_C``, ``V_P`` of shape ``(n_plans, n_demand_messages, *batch)``
        (present value at date 0, relative to punishing forever without a
        demand, module docstring), and ``base = -c U_0`` (both types' cost of
        punishing forever, added to every payoff in :meth:`game`).

        Returns
        -------
        tuple of numpy.ndarray
            ``(V_C, V_P, base)``.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> [a.shape for a in m.coercer_values()]
        [(2, 4), (2, 4), ()]
        """
        U = self.bite()
        k = np.arange(self.max_delay + 1).reshape((-1,) + (1,) * len(self.batch_shape))
        d = self.discount
        dk = d**k
        cU, cU1 = self.coercer_cost * U[:-1], self.coercer_cost * U[1:]
        wx = self.benefit * self.concession
        pi = self.threat_credibility
        gP = self.punitive_benefit * self.concession - self.audience_cost
        lam = self.exposure
        exposed_comply = self.concession + self.compliance_cost < self.resistance_cost
        zero = np.zeros_like(cU)
        VC = [dk * (wx + cU), dk * (1 - pi) * cU]
        VP = [dk * gP + zero, zero]
        if self.deadline is not True:
            VC += [dk * d * (wx + cU1), dk * d * (1 - pi) * cU1]
            ex = lam * np.where(exposed_comply, gP, 0.0)
            VP += [dk * d * (ex + (1 - lam) * gP) + zero, dk * d * ex + zero]
        base = -self.coercer_cost * U[0]
        return (self._per_message(np.stack(VC), 0.0), self._per_message(np.stack(VP), 0.0),
                np.broadcast_to(base, self.batch_shape))

    # ----------------------------------------------------------------- solution
    def solve(self, *, tol: float = 1e-9) -> DelayEquilibria:
        """All equilibria of the classes in the module docstring, batched (see :class:`DelayEquilibria`).

        Parameters
        ----------
        tol : float, optional
            Tolerance of the equilibrium conditions (default 1e-9).

        Returns
        -------
        DelayEquilibria
            Every equilibrium and the selected one.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> eq = m.solve()
        >>> float(eq.delay_compellent), float(eq.delay_punitive), int(eq.n_equilibria)
        (0.0, inf, 29)
        """
        return _solve(self, tol)

    # ----------------------------------------------------------------- the tree
    def game(self, index: int | tuple[int, ...] | None = None) -> Game:
        """The game tree of one parameter point (``index`` into the batch; ``None`` for a scalar model).

        Root: chance over the coercer's type; the coercer (one information set
        per type) picks a date of demand or ``"no demand"``; the target (one
        information set per date, holding both types' nodes: it cannot see the
        type) replies.  Without a deadline, ``stall`` leads to a chance move
        (a punitive coercer is exposed with probability ``exposure``) and a
        second reply in the information set ``"after stall at k"`` (or
        ``"exposed at k"``).  The compellent type's execution of its threat
        (``pi_T``) is folded into expected payoffs.  After ``"no demand"`` the
        target's ``comply`` / ``resist`` lead to the same outcome (there is
        nothing to answer; the move keeps the sender-receiver form of
        :func:`~compellence.solvers.signalling.signalling_equilibria`).
        Payoffs: present values at date 0 (module docstring table).

        Parameters
        ----------
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar model).

        Returns
        -------
        Game
            The tree.

        Raises
        ------
        ParameterError
            ``index`` missing for a batched model.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> m.game().players
        ('Coercer', 'Target')
        """
        if index is None:
            if self.batch_shape:
                raise ParameterError(f"the model is batched {self.batch_shape}: pass index", "index")
            idx: tuple = ()
        else:
            idx = index if isinstance(index, tuple) else (index,)
        try:
            p = {f[0]: float(self._b(f[0])[idx]) for f in _FLOATS}
        except (IndexError, TypeError):
            raise ParameterError(f"no batch element {index!r} in shape {self.batch_shape}", "index") from None
        U = self.bite()[(slice(None), *idx)]
        d, s, r = p["discount"], p["punishment_per_period"], p["reversibility"]
        R = r * s * U
        irr = (1 - r) * s * U[0]
        xc = p["concession"] + p["compliance_cost"]
        L, pi, lam = p["resistance_cost"], p["threat_credibility"], p["exposure"]
        c = p["coercer_cost"]
        wx = p["benefit"] * p["concession"]
        gP = p["punitive_benefit"] * p["concession"] - p["audience_cost"]
        baseC = -c * U[0]

        def answer(t: str, k: int, reply: str) -> tuple[float, float]:
            """(coercer, target) payoff of an answer at date k (PV at date 0)."""
            dk = d**k
            delay_cost = irr + R[0] - dk * R[k]
            if t == "compellent":
                if reply == "comply":
                    return baseC + dk * (wx + c * U[k]), -(delay_cost + dk * xc)
                return baseC + dk * (1 - pi) * c * U[k], -(delay_cost + dk * (L + pi * R[k]))
            if reply == "comply":
                return baseC + dk * gP, -(delay_cost + dk * (xc + R[k]))
            return baseC, -(delay_cost + dk * (L + R[k]))

        def leaf(t: str, k: int, reply: str):
            u = answer(t, k, reply)
            return outcome(u[0], u[1])

        def after_demand(t: str, k: int, has_deadline: bool, label: str):
            acts = {"comply": leaf(t, k, "comply"), "resist": leaf(t, k, "resist")}
            if not has_deadline:
                second = decision("Target", {"comply": leaf(t, k + 1, "comply"),
                                             "resist": leaf(t, k + 1, "resist")}, f"after stall at {k}")
                if t == "compellent":
                    acts["stall"] = second
                else:
                    exposed = decision("Target", {"comply": leaf(t, k + 1, "comply"),
                                                  "resist": leaf(t, k + 1, "resist")}, f"exposed at {k}")
                    acts["stall"] = chance({"exposed": (lam, exposed), "not exposed": (1 - lam, second)})
            return decision("Target", acts, label)

        def none(t: str):
            u = (baseC, -(irr + R[0]))
            acts = {"comply": outcome(*u), "resist": outcome(*u)}
            if self.deadline is not True:
                acts["stall"] = outcome(*u)
            return decision("Target", acts, NO_DEMAND)

        def coercer(t: str):
            acts = {lab: after_demand(t, int(k), bool(dl), lab)
                    for lab, k, dl in zip(self.messages, self.message_dates, self.message_deadlines)}
            acts[NO_DEMAND] = none(t)
            return decision("Coercer", acts, f"type {t}")

        mu0 = p["prob_compellent"]
        root = chance({"compellent": (mu0, coercer("compellent")), "punitive": (1 - mu0, coercer("punitive"))})
        return Game(["Coercer", "Target"], root, title="Delayed demand")


def delayed_demand(**params: Any) -> DelayEquilibria:
    """``DelayedDemand(**params).solve()``: the equilibria of the delayed-demand game.

    Parameters
    ----------
    **params
        The parameters of :class:`DelayedDemand`.

    Returns
    -------
    DelayEquilibria
        The equilibria.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import delayed_demand
    >>> eq = delayed_demand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3, max_delay=3)
    >>> float(eq.offramp_period)
    0.0
    """
    return DelayedDemand(**params).solve()


# ============================================================================ solving
def _belief_intervals(A: np.ndarray, B: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """For each plan, the interval ``[lo, hi]`` of beliefs ``mu`` in [0, 1] where it is a best reply.

    Plan ``p`` is optimal at ``mu`` iff ``(B_p - B_q) mu <= A_q - A_p`` for all
    ``q`` (costs ``A + B mu``).  Empty when ``lo > hi``.
    """
    n = A.shape[0]
    scale = tol
    lo = np.zeros(A.shape)
    hi = np.ones(A.shape)
    for p in range(n):
        for q in range(n):
            if p == q:
                continue
            dA = A[q] - A[p] + scale
            dB = B[p] - B[q]
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                bound = dA / dB
            up = dB > 0
            down = dB < 0
            hi[p] = np.where(up, np.minimum(hi[p], bound), hi[p])
            lo[p] = np.where(down, np.maximum(lo[p], bound), lo[p])
            never = (dB == 0) & (dA < 0)
            lo[p] = np.where(never, 2.0, lo[p])
    return np.clip(lo, 0.0, 2.0), np.clip(hi, -1.0, 1.0)


def _best_plan(A: np.ndarray, B: np.ndarray, mu: Any) -> np.ndarray:
    """The target's best plan at belief ``mu`` (first on ties), shape ``(K+1, *batch)``."""
    return np.argmin(A + B * mu, axis=0)


def _take(V: np.ndarray, plan: np.ndarray) -> np.ndarray:
    return np.take_along_axis(V, plan[None], axis=0)[0]


@dataclass(frozen=True, repr=False)
class DelayEquilibria:
    """The equilibria of a :class:`DelayedDemand` game (batched) and the selected one.

    **All pure equilibria**, on the axes ``(message of the compellent type,
    message of the punitive type, *batch)``, messages ``0..K`` (dates) and
    ``K+1`` (no demand): ``pure`` (is a perfect Bayesian equilibrium),
    ``intuitive`` (passes the Cho-Kreps criterion), ``reply_compellent`` /
    ``reply_punitive`` (the target's plan, index into :data:`PLANS`, at each
    type's message; -1 after no demand), ``payoff_compellent`` /
    ``payoff_punitive`` (each type's payoff, present value at date 0).
    The supporting off-path beliefs and replies of one equilibrium at one
    point: :meth:`beliefs_frame`, :meth:`behaviour` (computed on demand).

    **Semi-separating** (punitive mixes), axes ``(date, plan, *batch)``:
    ``semi`` (exists), ``semi_intuitive``, ``sigma_lo`` / ``sigma_hi`` (range of the punitive
    type's probability of demanding), ``semi_payoff_compellent``.

    **Selected equilibrium** (module docstring), per batch element:
    ``kind`` (index into ``KINDS``), ``message_compellent`` /
    ``message_punitive`` (index into the model's ``messages``),
    ``deadline_compellent`` (the compellent type's demand has a deadline),
    ``delay_compellent`` /
    ``delay_punitive`` (date of the demand, ``inf`` = never; for the
    semi-separating class the punitive type demands with probability
    ``sigma``, else never), ``sigma`` (the punitive type's probability of
    demanding at ``delay_punitive``: 1 or 0 in pure equilibria, the midpoint
    of the range otherwise), ``reply`` (the target's plan at the compellent
    type's demand), ``belief_at_demand`` (its posterior there),
    ``offramp_taken`` (the compellent type's demand is met and it lifts),
    ``offramp_period`` (when the punishment is lifted, ``inf`` if never),
    ``target_stalls``, ``prob_no_demand`` ("the demand never comes"),
    ``posterior_after_silence`` (shape ``(K+2, *batch)``: belief after ``j``
    periods without a demand, ``j = 0..K+1``; ``nan`` where silence that long
    is off the path, see ``silence_on_path``), ``optimal_delay`` (=
    ``delay_compellent``), ``opens_at`` / ``closes_at`` (first date at which
    the compellent type's demand would be met at the selected equilibrium's
    belief, and the first later date at which it would not; ``inf`` if none
    within ``K``), ``n_equilibria`` (pure + semi-separating classes found).

    Attributes
    ----------
    model : DelayedDemand
        The model solved.
    tol : float
        Tolerance of the equilibrium conditions.
    pure, intuitive, reply_compellent, reply_punitive, payoff_compellent, payoff_punitive : numpy.ndarray
        All pure equilibria (see above).
    semi, semi_intuitive, sigma_lo, sigma_hi, semi_payoff_compellent : numpy.ndarray
        The semi-separating class (see above).
    kind, message_compellent, message_punitive, deadline_compellent, delay_compellent, delay_punitive, sigma, reply, belief_at_demand, offramp_taken, offramp_period, target_stalls, prob_no_demand, posterior_after_silence, silence_on_path, opens_at, closes_at, n_equilibria : numpy.ndarray
        The selected equilibrium (see above).

    Examples
    --------
    >>> from compellence.coercion import DelayedDemand
    >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
    ...                   max_delay=3, ramp=0.5)
    >>> eq = m.solve()
    >>> eq
    DelayEquilibria(separating: compellent demands at 0; punitive never demands; target comply at belief 1; off-ramp taken at 0; Pr(no demand)=0.4; 29 equilibria)
    """

    model: DelayedDemand
    tol: float
    pure: np.ndarray
    intuitive: np.ndarray
    reply_compellent: np.ndarray
    reply_punitive: np.ndarray
    payoff_compellent: np.ndarray
    payoff_punitive: np.ndarray
    semi: np.ndarray
    semi_intuitive: np.ndarray
    sigma_lo: np.ndarray
    sigma_hi: np.ndarray
    semi_payoff_compellent: np.ndarray
    kind: np.ndarray
    message_compellent: np.ndarray
    message_punitive: np.ndarray
    deadline_compellent: np.ndarray
    delay_compellent: np.ndarray
    delay_punitive: np.ndarray
    sigma: np.ndarray
    reply: np.ndarray
    belief_at_demand: np.ndarray
    offramp_taken: np.ndarray
    offramp_period: np.ndarray
    target_stalls: np.ndarray
    prob_no_demand: np.ndarray
    posterior_after_silence: np.ndarray
    silence_on_path: np.ndarray
    opens_at: np.ndarray
    closes_at: np.ndarray
    n_equilibria: np.ndarray

    @property
    def optimal_delay(self) -> np.ndarray:
        """The compellent coercer's equilibrium delay (``inf``: it never demands)."""
        return self.delay_compellent

    @property
    def found(self) -> np.ndarray:
        """An equilibrium of the enumerated classes exists (else the headline outputs are void)."""
        return self.kind < 3

    def to_frame(self) -> pd.DataFrame:
        """One row per batch element: the selected equilibrium's headline outputs.

        Returns
        -------
        pandas.DataFrame
            One row per batch element.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> eq = m.solve()
        >>> eq.to_frame()[["kind", "delay_compellent", "offramp_taken"]].values.tolist()
        [['separating', 0.0, True]]
        """
        shape = self.model.batch_shape
        kinds = np.asarray(KINDS, dtype=object)[self.kind]
        plans = np.asarray((*PLANS, ""), dtype=object)[self.reply]
        cols = {
            "kind": kinds, "delay_compellent": self.delay_compellent, "delay_punitive": self.delay_punitive,
            "deadline_compellent": self.deadline_compellent,
            "sigma": self.sigma, "reply": plans, "belief_at_demand": self.belief_at_demand,
            "offramp_taken": self.offramp_taken, "offramp_period": self.offramp_period,
            "target_stalls": self.target_stalls, "prob_no_demand": self.prob_no_demand,
            "opens_at": self.opens_at, "closes_at": self.closes_at, "n_equilibria": self.n_equilibria,
        }
        from .._frames import element_frame

        return element_frame(cols, shape)

    def equilibria_frame(self, index: int | tuple[int, ...] | None = None) -> pd.DataFrame:
        """Every equilibrium found at one batch element: one row each.

        Parameters
        ----------
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar model).

        Returns
        -------
        pandas.DataFrame
            One row per equilibrium.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> eq = m.solve()
        >>> len(eq.equilibria_frame()) == int(eq.n_equilibria)
        True
        """
        idx = _index(self.model, index)
        msgs = self.model.messages
        K1 = len(self.model.message_dates)
        rows = []
        pure = self.pure[(slice(None), slice(None), *idx)]
        for i, j in zip(*np.nonzero(pure)):
            at = (i, j, *idx)
            kind = "pooling" if i == j else "separating"
            rows.append({
                "kind": kind, "compellent": msgs[i], "punitive": msgs[j], "sigma": 1.0 if j < K1 else 0.0,
                "reply_compellent": PLANS[self.reply_compellent[at]] if i < K1 else "",
                "reply_punitive": PLANS[self.reply_punitive[at]] if j < K1 else "",
                "payoff_compellent": float(self.payoff_compellent[at]),
                "payoff_punitive": float(self.payoff_punitive[at]),
                "intuitive": bool(self.intuitive[at]),
            })
        semi = self.semi[(slice(None), slice(None), *idx)]
        for k, p in zip(*np.nonzero(semi)):
            at = (k, p, *idx)
            rows.append({
                "kind": "semi-separating", "compellent": msgs[k], "punitive": f"{msgs[k]} or {NO_DEMAND}",
                "sigma": 0.5 * (float(self.sigma_lo[at]) + float(self.sigma_hi[at])),
                "reply_compellent": PLANS[p], "reply_punitive": PLANS[p],
                "payoff_compellent": float(self.semi_payoff_compellent[at]),
                "payoff_punitive": float(-self.model.coercer_cost * self.model.bite()[(0, *idx)]),
                "intuitive": bool(self.semi_intuitive[at]),
            })
        cols = ["kind", "compellent", "punitive", "sigma", "reply_compellent", "reply_punitive",
                "payoff_compellent", "payoff_punitive", "intuitive"]
        return pd.DataFrame(rows, columns=cols)

    def beliefs_frame(self, compellent: int, punitive: int,
                      index: int | tuple[int, ...] | None = None) -> pd.DataFrame:
        """Beliefs of the pure equilibrium ``(compellent, punitive)`` (message indices) at every message.

        On the path: the posterior by Bayes' rule; off the path: the hull
        ``[lo, hi]`` of the beliefs (Pr compellent) under which the target's
        reply deters both types.

        Parameters
        ----------
        compellent, punitive : int
            Message indices of a pure equilibrium (dates ``0..K``, ``K+1`` no
            demand).
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar model).

        Returns
        -------
        pandas.DataFrame
            One row per message: on the path or not, and the range of the
        target's belief there (``belief_lo``, ``belief_hi``).

        Raises
        ------
        ParameterError
            Not a pure equilibrium at that point.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> eq = m.solve()
        >>> eq.beliefs_frame(0, 4)[["message", "on_path", "belief_lo", "belief_hi"]].values.tolist()
        [['demand at 0', True, 1.0, 1.0], ['demand at 1', False, 0.0, 1.0], ['demand at 2', False, 0.0, 1.0], ['demand at 3', False, 0.0, 1.0], ['no demand', True, 0.0, 0.0]]
        """
        idx = _index(self.model, index)
        if not bool(self.pure[(compellent, punitive, *idx)]):
            raise ParameterError(f"({compellent}, {punitive}) is not an equilibrium at {index!r}", "compellent")
        mu0 = float(np.broadcast_to(self.model.prob_compellent, self.model.batch_shape)[idx])
        at = (compellent, punitive, *idx)
        hull_lo, hull_hi, _ = self._support(idx, float(self.payoff_compellent[at]), float(self.payoff_punitive[at]))
        rows = []
        for m, label in enumerate(self.model.messages):
            on = m in (compellent, punitive)
            if on:
                b = mu0 if compellent == punitive else (1.0 if m == compellent else 0.0)
                rows.append({"message": label, "on_path": True, "belief_lo": b, "belief_hi": b})
            else:
                rows.append({"message": label, "on_path": False, "belief_lo": float(hull_lo[m]),
                             "belief_hi": float(hull_hi[m])})
        return pd.DataFrame(rows)

    def _support(
        self,
        idx: tuple,
        uC: float,
        uP: float,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """At point ``idx``, per demand message: the hull of beliefs whose reply deters both types
        from a deviation (equilibrium payoffs ``uC``, ``uP``, absolute) and one such reply (-1: none)."""
        m = self.model
        A, B = (a[(slice(None), slice(None), *idx)] for a in m.plan_costs())
        VC, VP, base = m.coercer_values()
        VC, VP, base = VC[(slice(None), slice(None), *idx)], VP[(slice(None), slice(None), *idx)], base[idx]
        lo, hi = _belief_intervals(A, B, self.tol)
        ok = (lo <= hi) & (VC + base <= uC + self.tol) & (VP + base <= uP + self.tol)
        hull_lo = np.where(ok, lo, 2.0).min(axis=0)
        hull_hi = np.where(ok, hi, -1.0).max(axis=0)
        return hull_lo, hull_hi, np.where(ok.any(axis=0), np.argmax(ok, axis=0), -1)

    def behaviour(
        self,
        compellent: int,
        punitive: int,
        index: int | tuple[int, ...] | None = None,
        *,
        sigma: float | None = None,
    ) -> dict[str, dict[str, float]]:
        """The equilibrium as behaviour strategies on :meth:`DelayedDemand.game`: ``{infoset: {action: prob}}``.

        ``(compellent, punitive)``: message indices of a pure equilibrium
        (``pure[compellent, punitive]``), or, with ``sigma`` given, the
        semi-separating equilibrium at date ``compellent`` with reply plan
        ``punitive`` in which the punitive type demands with probability
        ``sigma`` (else never).  Off-path dates get a deterring reply; the
        second reply after a stall follows the plan, and after an exposed
        ruse is the best reply to a punitive coercer.

        Parameters
        ----------
        compellent, punitive : int
            Message indices of a pure equilibrium (dates ``0..K``, ``K+1`` no
            demand).
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar model).
        sigma : float or None, optional
            The punitive type's probability of demanding (semi-separating).

        Returns
        -------
        dict of str to dict of str to float
            ``{infoset: {action: probability}}``.

        Raises
        ------
        ParameterError
            Not an equilibrium at that point.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> eq = m.solve()
        >>> sorted(eq.behaviour(0, 4))[:2]
        ['demand at 0', 'demand at 1']
        """
        m = self.model
        idx = _index(m, index)
        msgs = m.messages
        K1 = len(m.message_dates)
        if sigma is None:
            if not bool(self.pure[(compellent, punitive, *idx)]):
                raise ParameterError(f"({compellent}, {punitive}) is not an equilibrium at {index!r}",
                                     "compellent")
            sC = {msgs[compellent]: 1.0}
            sP = {msgs[punitive]: 1.0}
            at = (compellent, punitive, *idx)
            _, _, deter = self._support(idx, float(self.payoff_compellent[at]), float(self.payoff_punitive[at]))
            replies = {k: int(deter[k]) for k in range(K1)}
            if compellent < K1:
                replies[compellent] = int(self.reply_compellent[(compellent, punitive, *idx)])
            if punitive < K1:
                replies[punitive] = int(self.reply_punitive[(compellent, punitive, *idx)])
        else:
            k, p = compellent, punitive
            if not bool(self.semi[(k, p, *idx)]):
                raise ParameterError(f"no semi-separating equilibrium at date {k} with plan {p}", "compellent")
            if not float(self.sigma_lo[(k, p, *idx)]) - 1e-12 <= sigma <= float(self.sigma_hi[(k, p, *idx)]) + 1e-12:
                raise ParameterError("outside the equilibrium range [sigma_lo, sigma_hi]", "sigma")
            sC = {msgs[k]: 1.0}
            sP = {msgs[k]: sigma, NO_DEMAND: 1.0 - sigma}
            base = float(np.broadcast_to(-m.coercer_cost * m.bite()[0], m.batch_shape)[idx])
            _, _, deter = self._support(idx, float(self.semi_payoff_compellent[(k, p, *idx)]), base)
            replies = {q: int(deter[q]) for q in range(K1)}
            replies[k] = p
        out: dict[str, dict[str, float]] = {}
        for t, strat in (("compellent", sC), ("punitive", sP)):
            out[f"type {t}"] = {a: float(strat.get(a, 0.0)) for a in msgs}
        exposed_comply = bool(np.broadcast_to(
            m.concession + m.compliance_cost < m.resistance_cost, m.batch_shape)[idx])
        for q in range(K1):
            plan = replies[q]
            k, has_dl = int(m.message_dates[q]), bool(m.message_deadlines[q])
            acts = ("comply", "resist") if has_dl else ("comply", "resist", "stall")
            first = PLANS[plan].split("-")[0] if plan >= 0 else "resist"
            out[msgs[q]] = {a: float(a == first) for a in acts}
            if not has_dl:
                second = "comply" if plan == STALL_COMPLY else "resist"
                out[f"after stall at {k}"] = {"comply": float(second == "comply"), "resist": float(second == "resist")}
                out[f"exposed at {k}"] = {"comply": float(exposed_comply), "resist": float(not exposed_comply)}
        acts = ("comply", "resist") if m.deadline is True else ("comply", "resist", "stall")
        out[NO_DEMAND] = {a: float(a == "resist") for a in acts}
        return out

    def __repr__(self) -> str:
        if self.model.batch_shape:
            return (f"DelayEquilibria(batch_shape={self.model.batch_shape}, max_delay={self.model.max_delay}, "
                    f"deadline={self.model.deadline})")
        if not bool(self.found):
            return "DelayEquilibria(no equilibrium among the enumerated classes)"
        dl = ""
        if self.model.deadline == "choose":
            dl = " with a deadline" if bool(self.deadline_compellent) else " without a deadline"
        c = (f"compellent demands at {_when(self.delay_compellent)}{dl}" if np.isfinite(self.delay_compellent)
             else "compellent never demands")
        sg = float(self.sigma)
        if not np.isfinite(self.delay_punitive) or sg == 0.0:
            pun = "punitive never demands"
        elif sg < 1.0:
            pun = f"punitive demands at {_when(self.delay_punitive)} with prob {sg:.3g}, else never"
        else:
            pun = f"punitive demands at {_when(self.delay_punitive)}"
        reply = (*PLANS, "-")[int(self.reply)]
        ramp = ("taken at " + _when(self.offramp_period)) if bool(self.offramp_taken) else "not taken"
        return (
            f"DelayEquilibria({KINDS[int(self.kind)]}: {c}; {pun}; target {reply} at belief "
            f"{float(self.belief_at_demand):.3g}; off-ramp {ramp}; Pr(no demand)={float(self.prob_no_demand):.3g}; "
            f"{int(self.n_equilibria)} equilibria)"
        )

    def _repr_html_(self) -> str:
        return f"<pre>{self!r}</pre>" + self.to_frame().to_html(index=False)


def _when(v: Any) -> str:
    v = float(v)
    return "never" if np.isinf(v) else f"{v:g}"


def _index(model: DelayedDemand, index: Any) -> tuple:
    shape = model.batch_shape
    if index is None:
        if shape:
            raise ParameterError(f"the model is batched {shape}: pass index", "index")
        return ()
    idx = index if isinstance(index, tuple) else (index,)
    if len(idx) != len(shape) or any(not (0 <= int(i) < n) for i, n in zip(idx, shape)):
        raise ParameterError(f"no batch element {index!r} in shape {shape}", "index")
    return tuple(int(i) for i in idx)


def _solve(model: DelayedDemand, tol: float) -> DelayEquilibria:
    # the batch is flattened to one axis of n points (restored at the end); the loops below run
    # over the candidate strategy pairs (a structural loop) and work on the points still standing
    shape_out = model.batch_shape
    n = int(np.prod(shape_out)) if shape_out else 1
    shape = (n,)
    msg_dates = model.message_dates
    msg_dl = model.message_deadlines
    K1 = len(msg_dates)  # number of demand messages; message K1 = no demand
    ND = model.max_delay + 1  # number of dates
    M = K1 + 1
    flat = lambda a: np.ascontiguousarray(a).reshape(a.shape[: a.ndim - len(shape_out)] + shape)  # noqa: E731
    mu0 = flat(np.broadcast_to(model.prob_compellent, shape_out))
    A, B = (flat(a) for a in model.plan_costs())
    VC, VP, base = (flat(a) for a in model.coercer_values())
    lo, hi = _belief_intervals(A, B, tol)  # (n_plans, K1, *batch)
    supp = lo <= hi
    scale = tol  # absolute, as in signalling_equilibria

    rep = {"1": _best_plan(A, B, 1.0), "0": _best_plan(A, B, 0.0), "mu0": _best_plan(A, B, mu0)}
    # payoffs per message (K1 dates) under each on-path belief's reply; no demand: 0 (relative)
    uC = {b: _take(VC, r) for b, r in rep.items()}
    uP = {b: _take(VP, r) for b, r in rep.items()}

    # best replies to beliefs on one type only (intuitive criterion) and to any belief
    br_C = supp & (lo <= 1.0) & (hi >= 1.0 - 0.0)
    br_P = supp & (lo <= 0.0)
    big = np.inf

    def dev_max(V: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.where(mask, V, -big).max(axis=0)

    def dev_min(V: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.where(mask, V, big).min(axis=0)

    maxC_all, maxP_all = dev_max(VC, supp), dev_max(VP, supp)
    minC_all, minP_all = dev_min(VC, supp), dev_min(VP, supp)
    minC_C = dev_min(VC, br_C)
    minP_P = dev_min(VP, br_P)

    pure = np.zeros((M, M, *shape), bool)
    intu = np.zeros((M, M, *shape), bool)
    rC = np.full((M, M, *shape), -1, dtype=np.int64)
    rP = np.full((M, M, *shape), -1, dtype=np.int64)
    pC = np.zeros((M, M, *shape))
    pP = np.zeros((M, M, *shape))

    def deterrence(
        uCs: np.ndarray,
        uPs: np.ndarray,
        offpath: np.ndarray,
        c: np.ndarray,
    ) -> np.ndarray:
        """Every off-path message has a belief-supported reply deterring both types (points ``c``)."""
        ok_plan = supp[..., c] & (VC[..., c] <= uCs + scale) & (VP[..., c] <= uPs + scale)  # (plans, K1, c)
        return (ok_plan.any(axis=0) | ~offpath).all(axis=0)

    def intuitive(
        uCs: np.ndarray,
        uPs: np.ndarray,
        offpath: np.ndarray,
        c: np.ndarray,
    ) -> np.ndarray:
        domC = uCs > maxC_all[..., c] + scale
        domP = uPs > maxP_all[..., c] + scale
        # both undominated: any belief; only C (P dominated): beliefs on C; only P: beliefs on P
        worstC = np.where(domP, minC_C[..., c], minC_all[..., c])
        worstP = np.where(domC, minP_P[..., c], minP_all[..., c])
        gainC = ~domC & ~(domC & domP) & (worstC > uCs + scale)
        gainP = ~domP & ~(domC & domP) & (worstP > uPs + scale)
        fail = offpath & (gainC | gainP)
        # no demand off the path: its payoffs are fixed (0 relative)
        return ~fail.any(axis=0)

    dates = np.arange(K1).reshape((-1,) + (1,) * len(shape))
    for i in range(M):
        for j in range(M):
            # on-path payoffs and replies
            if i == j:
                if i < K1:
                    r = rep["mu0"][i]
                    uCs, uPs = uC["mu0"][i], uP["mu0"][i]
                    ok = np.ones(shape, bool)
                else:
                    r = np.full(shape, -1)
                    uCs, uPs = np.zeros(shape), np.zeros(shape)
                    ok = np.ones(shape, bool)
                rci = rpi = r
            else:
                rci = rep["1"][i] if i < K1 else np.full(shape, -1)
                rpi = rep["0"][j] if j < K1 else np.full(shape, -1)
                uCs = uC["1"][i] if i < K1 else np.zeros(shape)
                uPs = uP["0"][j] if j < K1 else np.zeros(shape)
                # deviation to the other type's on-path message
                devC = uC["0"][j] if j < K1 else np.zeros(shape)
                devP = uP["1"][i] if i < K1 else np.zeros(shape)
                ok = (devC <= uCs + scale) & (devP <= uPs + scale)
            # deviation to no demand when it is off the path (payoff 0 relative)
            if i != K1 and j != K1:
                ok &= (uCs >= -scale) & (uPs >= -scale)
            rC[i, j], rP[i, j] = rci, rpi
            pC[i, j], pP[i, j] = base + uCs, base + uPs
            c = np.flatnonzero(ok)
            if c.size == 0:
                continue
            offpath = (dates != i) & (dates != j)  # (K1, 1)
            uCc, uPc = uCs[c], uPs[c]
            det = deterrence(uCc, uPc, offpath, c)
            pure[i, j, c] = det
            intu[i, j, c] = det & intuitive(uCc, uPc, offpath, c)

    # semi-separating: C at k, P at k with prob sigma (else no demand), reply p with V_P(k, p) = 0
    n_pl = model.n_plans
    semi = np.zeros((K1, n_pl, *shape), bool)
    semi_int = np.zeros((K1, n_pl, *shape), bool)
    s_lo = np.zeros((K1, n_pl, *shape))
    s_hi = np.zeros((K1, n_pl, *shape))
    s_pay = np.zeros((K1, n_pl, *shape))
    def sig(m: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(m > 0, mu0 * (1 - m) / (m * (1 - mu0)), 1.0)

    for k in range(K1):
        offpath = dates != k
        for p in range(n_pl):
            zeroP = np.abs(VP[p, k]) <= scale
            mlo = np.maximum(lo[p, k], mu0)
            mhi = np.minimum(hi[p, k], 1.0)
            inside = supp[p, k] & (mhi > mlo + 1e-12) & (mhi > mu0) & (mlo < 1.0)
            uCs = VC[p, k]
            s_pay[k, p] = base + uCs
            c = np.flatnonzero(zeroP & inside & (uCs >= -scale))
            if c.size == 0:
                continue
            zero = np.zeros(c.size)
            det = deterrence(uCs[c], zero, offpath, c)
            semi[k, p, c] = det
            semi_int[k, p, c] = det & intuitive(uCs[c], zero, offpath, c)
            ok = semi[k, p]
            s_lo[k, p] = np.where(ok, np.clip(sig(mhi), 0.0, 1.0), 0.0)
            s_hi[k, p] = np.where(ok, np.clip(sig(mlo), 0.0, 1.0), 0.0)

    # ------------------------------------------------------------------ selection
    flatP = pure.reshape(M * M, *shape)
    flatI = intu.reshape(M * M, *shape)
    score = pC.reshape(M * M, *shape)
    # ties in the compellent type's payoff: the punitive type silent first, then the earliest demand
    ci, pj = np.divmod(np.arange(M * M), M)
    ci_date = np.append(msg_dates, ND)[ci]
    ci_open = np.append(~msg_dl, True)[ci]
    rank = ((pj != K1) * 4 * M + 2 * ci_date + ci_open).reshape((-1,) + (1,) * len(shape))
    any_int = flatI.any(axis=0)
    pool = np.where(any_int, flatI, flatP)
    top = np.where(pool, score, -np.inf).max(axis=0)
    near = pool & (score >= top - scale)
    best = np.argmin(np.where(near, rank, np.iinfo(np.int64).max), axis=0)
    has_pure = flatP.any(axis=0)
    bi, bj = best // M, best % M
    semi_flat = semi.reshape(K1 * n_pl, *shape)
    sval = np.where(semi_flat, s_pay.reshape(K1 * n_pl, *shape), -np.inf)
    sbest = np.argmax(sval, axis=0)
    has_semi = semi_flat.any(axis=0)
    sk, sp = sbest // n_pl, sbest % n_pl

    kind = np.where(has_pure, np.where(bi == bj, 0, 1), np.where(has_semi, 2, 3))
    inf = np.inf
    mC = np.where(has_pure, bi, np.where(has_semi, sk, K1))
    mP = np.where(has_pure, bj, np.where(has_semi, sk, K1))
    date_of = np.append(msg_dates.astype(float), inf)
    dC, dP = date_of[mC], date_of[mP]
    dl_C = np.append(msg_dl, False)[mC]
    take = lambda arr: np.take_along_axis(arr.reshape(M * M, *shape), best[None], axis=0)[0]  # noqa: E731
    sig_mid = np.take_along_axis((0.5 * (s_lo + s_hi)).reshape(K1 * n_pl, *shape), sbest[None], axis=0)[0]
    sigma = np.where(has_pure, (bj < K1).astype(float), np.where(has_semi, sig_mid, 0.0))
    reply = np.where(has_pure, take(rC), np.where(has_semi, sp, -1))
    belief = np.where(kind == 0, mu0, np.where(kind == 1, 1.0, mu0 / (mu0 + (1 - mu0) * np.maximum(sigma, 1e-300))))
    belief = np.where((kind == 3) | ~np.isfinite(dC), np.nan, belief)
    taken = np.isfinite(dC) & ((reply == COMPLY) | (reply == STALL_COMPLY))
    period = np.where(taken, dC + (reply == STALL_COMPLY), inf)
    stalls = (reply == STALL_COMPLY) | (reply == STALL_RESIST)
    pnd = mu0 * ~np.isfinite(dC) + (1 - mu0) * (1 - sigma)
    pnd = np.where(kind == 3, np.nan, pnd)

    # posterior after j silent periods (no demand at dates < j), j = 0..K+1
    j = np.arange(ND + 1).reshape((-1,) + (1,) * len(shape))
    silentC = (j <= dC).astype(float)  # C has not demanded before date j
    silentP = np.where(j <= dP, 1.0, 1 - sigma)
    den = mu0 * silentC + (1 - mu0) * silentP
    with np.errstate(divide="ignore", invalid="ignore"):
        post = np.where(den > 0, mu0 * silentC / den, np.nan)
    on_path = (den > 0) & (kind != 3)
    post = np.where(on_path, post, np.nan)

    # claim 5: dates at which the compellent type's demand is met at the selected belief
    bel = np.where(np.isfinite(belief), belief, np.where(kind == 1, 1.0, mu0))
    met_plan = _best_plan(A, B, bel)
    met = (met_plan == COMPLY) | (met_plan == STALL_COMPLY)
    if model.deadline == "choose":  # the dates of the compellent type's kind of demand
        met = np.where(dl_C, met[:ND], met[ND:])
    day = np.arange(ND).reshape((-1,) + (1,) * len(shape))
    any_met = met.any(axis=0)
    first = np.argmax(met, axis=0)
    opens = np.where(any_met, first, inf).astype(float)
    after = (day > first) & ~met
    closes = np.where(any_met & after.any(axis=0), np.argmax(after, axis=0), inf).astype(float)

    n_eq = pure.reshape(M * M, *shape).sum(axis=0) + semi.reshape(K1 * n_pl, *shape).sum(axis=0)
    out = dict(
        pure=pure, intuitive=intu, reply_compellent=rC, reply_punitive=rP,
        payoff_compellent=pC, payoff_punitive=pP,
        semi=semi, semi_intuitive=semi_int, sigma_lo=s_lo, sigma_hi=s_hi, semi_payoff_compellent=s_pay,
        kind=kind, message_compellent=mC, message_punitive=mP, deadline_compellent=dl_C,
        delay_compellent=dC, delay_punitive=dP, sigma=sigma, reply=reply,
        belief_at_demand=belief, offramp_taken=taken, offramp_period=period, target_stalls=stalls,
        prob_no_demand=pnd, posterior_after_silence=post, silence_on_path=on_path,
        opens_at=opens, closes_at=closes, n_equilibria=n_eq,
    )
    out = {k: np.asarray(v).reshape(np.shape(v)[:-1] + shape_out) for k, v in out.items()}
    return DelayEquilibria(model=model, tol=tol, **out)


# ============================================================================ deadline or none
@dataclass(frozen=True, repr=False)
class DeadlineComparison:
    """The selected equilibrium with a deadline and without one (the target may stall).

    ``with_deadline`` / ``without_deadline``: the two :class:`DelayEquilibria`.
    ``deadline_better`` (derived): the compellent type's equilibrium payoff is
    higher with the deadline.

    Attributes
    ----------
    with_deadline, without_deadline : DelayEquilibria
        The two solutions.
    payoff_deadline, payoff_open : numpy.ndarray
        The compellent type's equilibrium payoff in each.

    Examples
    --------
    >>> from compellence.coercion import DelayedDemand
    >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
    ...                   max_delay=3, ramp=0.5)
    >>> from compellence.coercion import compare_deadline
    >>> compare_deadline(m)
    DeadlineComparison(compellent payoff with deadline=0.3, without=0.3, deadline_better=False)
    """

    with_deadline: DelayEquilibria
    without_deadline: DelayEquilibria
    payoff_deadline: np.ndarray
    payoff_open: np.ndarray

    @property
    def deadline_better(self) -> np.ndarray:
        """The compellent type's equilibrium payoff is higher with the deadline."""
        return self.payoff_deadline > self.payoff_open

    def to_frame(self) -> pd.DataFrame:
        """Two rows (with and without the deadline) per batch element: the selected equilibria.

        Returns
        -------
        pandas.DataFrame
            The comparison.

        Examples
        --------
        >>> from compellence.coercion import DelayedDemand
        >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
        ...                   max_delay=3, ramp=0.5)
        >>> from compellence.coercion import compare_deadline
        >>> len(compare_deadline(m).to_frame())
        2
        """
        a = self.with_deadline.to_frame().assign(deadline=True, payoff_compellent=np.ravel(self.payoff_deadline))
        b = self.without_deadline.to_frame().assign(deadline=False, payoff_compellent=np.ravel(self.payoff_open))
        return pd.concat([a, b], ignore_index=True)

    def __repr__(self) -> str:
        if np.ndim(self.payoff_deadline):
            return f"DeadlineComparison(batch_shape={np.shape(self.payoff_deadline)})"
        return (f"DeadlineComparison(compellent payoff with deadline={float(self.payoff_deadline):.4g}, "
                f"without={float(self.payoff_open):.4g}, deadline_better={bool(self.deadline_better)})")


def _selected_payoff(eq: DelayEquilibria) -> np.ndarray:
    shape = eq.model.batch_shape
    K1 = len(eq.model.message_dates)
    M = K1 + 1
    i, j = eq.message_compellent, eq.message_punitive
    pure = np.take_along_axis(eq.payoff_compellent.reshape(M * M, *shape), (i * M + j)[None], axis=0)[0]
    rep = np.maximum(eq.reply, 0)
    n_pl = eq.model.n_plans
    semi = np.take_along_axis(eq.semi_payoff_compellent.reshape(K1 * n_pl, *shape),
                              (np.minimum(i, K1 - 1) * n_pl + rep)[None], axis=0)[0]
    return np.where(eq.kind == 2, semi, np.where(eq.kind == 3, np.nan, pure))


def compare_deadline(model: DelayedDemand) -> DeadlineComparison:
    """Solve ``model`` with a deadline and without one (the target may stall one period).

    A deadline removes the target's option to wait for the punitive type's
    ruse to be exposed (and to pay the concession a period later); without
    one the compellent type's concession comes a period later when the
    target stalls (``delta``), or not at all when the wait reveals too
    little.  Reported: the compellent type's payoff in each selected
    equilibrium; ``deadline_better`` where the deadline pays.

    Parameters
    ----------
    model : DelayedDemand
        The model (its ``deadline`` is overridden).

    Returns
    -------
    DeadlineComparison
        Both solutions.

    Examples
    --------
    >>> from compellence.coercion import DelayedDemand
    >>> m = DelayedDemand(prob_compellent=0.6, punishment_per_period=0.1, concession=0.3,
    ...                   max_delay=3, ramp=0.5)
    >>> from compellence.coercion import compare_deadline
    >>> bool(compare_deadline(m).deadline_better)
    False
    """
    if not isinstance(model, DelayedDemand):
        raise ParameterError(f"needs a DelayedDemand, got {type(model).__name__}", "model")
    a = model.replace(deadline=True).solve()
    b = model.replace(deadline=False).solve()
    return DeadlineComparison(a, b, _selected_payoff(a), _selected_payoff(b))
