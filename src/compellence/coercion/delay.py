"""Delayed demands and deadlines (Schelling 1966).

**Delaying the demand** (our stylised model of Schelling's argument that
compellence needs a clear demand and a clear way out).  The coercer punishes
for ``k`` periods before it states what would end the punishment.  Two
effects pull in opposite directions:

* *costs mount*: punishment that bites harder the longer it is in place
  (``ramp``) is stronger at the time of the demand: every instrument's
  ``elapsed`` grows by ``k``;
* *the target learns*: a compellent coercer (who wants a concession) states
  its demand in any period with probability ``q_c``, a punitive one (who wants
  to hurt the rival) with ``q_p < q_c``.  After ``k`` periods of silence the
  target's belief that the coercer is compellent falls by Bayes' rule::

      mu_k = mu_0 L**k / (mu_0 L**k + 1 - mu_0),     L = (1 - q_c) / (1 - q_p)

  and because only a compellent coercer lifts on compliance, the assurance
  credibility derived from the coercer's incentives (see
  :class:`~compellence.coercion.campaign.Campaign`) erodes with ``mu_k``.

The margin ``M(k) = (pi_T(k) phi + pi_A(k) r - 1) s(k) D - x - cc`` therefore
first rises (bite) and then falls (lost assurance): there is an optimal
delay, and past it the off-ramp closes once ``pi_T phi + pi_A(k) r`` falls
below ``1 + (x + cc) / (s D)``.  :func:`delay_schedule` evaluates all delays
in one batched pass; :func:`delay_game` is the game tree in which the coercer
chooses the delay.

**Deadline or none.**  With a deadline ``T`` the threat is discounted by
``delta**T``; without one the target expects the punishment for defiance to
start with per-period hazard ``h`` (it can procrastinate), a discount of
``h / (1 - delta (1 - h))`` (:class:`~compellence.coercion.instruments.Demand`).
:func:`compare_deadline` reports both margins; a deadline helps iff
``delta**T > h / (1 - delta (1 - h))``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..games.nodes import decision
from ..games.tree import Game
from ._richer import batch_frame
from .campaign import Campaign, OffRamp
from .instruments import Incentive
from .offramp import check_param

__all__ = [
    "posterior_compellent",
    "DelaySchedule",
    "delay_schedule",
    "delay_game",
    "DeadlineComparison",
    "compare_deadline",
]


def posterior_compellent(prior: Any, periods: Any, rate_compellent: Any, rate_punitive: Any = 0.0) -> np.ndarray:
    """Bayesian belief that the coercer is compellent after ``periods`` without a demand.

    ``mu_k = mu_0 L**k / (mu_0 L**k + 1 - mu_0)`` with
    ``L = (1 - q_c) / (1 - q_p)``; ``q_c`` in [0, 1), ``q_p`` in [0, 1) are the
    per-period probabilities that a compellent / punitive coercer states its
    demand.  Batched.
    """
    mu = check_param(prior, "prior", 0.0, 1.0)
    k = check_param(periods, "periods", 0.0)
    qc = check_param(rate_compellent, "rate_compellent", 0.0, 1.0, hi_open=True)
    qp = check_param(rate_punitive, "rate_punitive", 0.0, 1.0, hi_open=True)
    lk = ((1.0 - qc) / (1.0 - qp)) ** k
    den = mu * lk + (1.0 - mu)  # > 0: lk > 0 since q_c < 1, and mu <= 1
    return mu * lk / den


def _delayed(campaign: Campaign, k: np.ndarray, qc: Any, qp: Any) -> Campaign:
    """The campaign with the demand stated after ``k`` periods (``k`` on a new leading axis)."""
    mu = posterior_compellent(campaign.coercer.prob_compellent, k, qc, qp)
    insts = [
        i if isinstance(i, Incentive) else dataclasses.replace(i, elapsed=i.elapsed + k)
        for i in campaign.instruments
    ]
    return campaign.replace(coercer=dataclasses.replace(campaign.coercer, prob_compellent=mu), instruments=insts)


def _check_campaign(campaign: Any) -> Campaign:
    if not isinstance(campaign, Campaign):
        raise ParameterError(f"needs a Campaign, got {type(campaign).__name__}", "campaign")
    if not campaign.endogenous_assurance:
        raise ParameterError(
            "delayed demands erode the assurance through the target's belief about the coercer's "
            "type, so the assurance credibility must be derived: give Assurance(credibility=None) "
            "and the coercer's prob_compellent / punitive_weakening_value",
            "assurance.credibility",
        )
    return campaign


def _delays(delays: Any) -> np.ndarray:
    if isinstance(delays, (int, np.integer)) and not isinstance(delays, bool):
        if delays < 0:
            raise ParameterError(f"must be >= 0, got {delays}", "delays")
        return np.arange(int(delays) + 1)
    d = check_param(delays, "delays", 0.0)
    if d.ndim != 1 or d.size == 0 or np.any(d != np.round(d)):
        raise ParameterError("must be a max delay (int) or a 1-d list of whole periods", "delays")
    return d


@dataclass(frozen=True, repr=False)
class DelaySchedule:
    """Off-ramp as a function of the delay before the demand.

    Arrays have shape ``(n_delays, *batch)`` (axis 0 = ``delays``):
    ``belief`` (posterior that the coercer is compellent), ``pi_T``, ``pi_A``,
    ``s``, ``margin``, ``viable``.  Per batch element: ``optimal_delay`` (the
    delay with the largest margin, the earliest on ties), ``best_margin``,
    ``closes_at`` (the first delay after the optimum at which the off-ramp is
    closed; ``inf`` if it stays open over the whole schedule) and
    ``interior`` (the optimum is neither the first nor the last delay).
    """

    delays: np.ndarray
    belief: np.ndarray
    pi_T: np.ndarray
    pi_A: np.ndarray
    s: np.ndarray
    margin: np.ndarray
    viable: np.ndarray
    optimal_delay: np.ndarray
    best_margin: np.ndarray
    closes_at: np.ndarray
    interior: np.ndarray
    offramp: OffRamp

    def to_frame(self) -> pd.DataFrame:
        """One row per delay (scalar campaigns) or per delay and batch element."""
        names = ("belief", "pi_T", "pi_A", "s", "margin", "viable")
        return batch_frame(
            {"delay": [int(k) for k in self.delays]},
            {name: getattr(self, name) for name in names},
            self.margin.shape[1:],
        )

    def __repr__(self) -> str:
        if self.optimal_delay.ndim:
            return f"DelaySchedule(delays={len(self.delays)}, batch_shape={self.optimal_delay.shape})"
        return (
            f"DelaySchedule(optimal_delay={float(self.optimal_delay):g}, best_margin={float(self.best_margin):.4g}, "
            f"closes_at={float(self.closes_at):g}, interior={bool(self.interior)})"
        )

    def _repr_html_(self) -> str:
        return f"<pre>{self!r}</pre>" + self.to_frame().to_html(index=False, float_format=lambda v: f"{v:.4g}")


def delay_schedule(
    campaign: Campaign, delays: Any = 12, *, rate_compellent: Any = 0.3, rate_punitive: Any = 0.0
) -> DelaySchedule:
    """Margin of ``campaign`` if the demand is stated after each delay (module docstring).

    ``delays``: a max delay ``K`` (evaluates ``0..K``) or a list of periods.
    ``rate_compellent`` / ``rate_punitive``: per-period probability that each
    coercer type states its demand (``q_c``, ``q_p``).  One batched pass.
    """
    c = _check_campaign(campaign)
    d = _delays(delays)
    k = d.reshape((-1,) + (1,) * len(c.batch_shape))
    dc = _delayed(c, k, rate_compellent, rate_punitive)
    o = dc.offramp()
    shape = (d.size, *c.batch_shape)
    M = np.broadcast_to(o.margin, shape)
    viable = np.broadcast_to(o.viable, shape)
    best_i = np.argmax(M, axis=0)
    best = np.take_along_axis(M, best_i[None], axis=0)[0]
    after = (np.arange(d.size).reshape(k.shape) > best_i[None]) & ~viable
    has = after.any(axis=0)
    first = np.argmax(after, axis=0)
    closes = np.where(has, d[first], np.inf)
    return DelaySchedule(
        delays=d,
        belief=np.broadcast_to(dc.coercer.prob_compellent, shape),
        pi_T=np.broadcast_to(o.effective_threat_credibility, shape),
        pi_A=np.broadcast_to(o.effective_assurance_credibility, shape),
        s=np.broadcast_to(o.punishment_per_period, shape),
        margin=M,
        viable=viable,
        optimal_delay=d[best_i],
        best_margin=best,
        closes_at=closes,
        interior=(best_i > 0) & (best_i < d.size - 1),
        offramp=o,
    )


def delay_game(campaign: Campaign, delays: Any = 6, *, rate_compellent: Any = 0.3, rate_punitive: Any = 0.0) -> Game:
    """The game in which the coercer first chooses how long to delay its demand.

    Root: the coercer picks ``"delay k"``; each branch is the campaign's
    compellence game (:meth:`Campaign.tree`) with the target's belief and the
    bite after ``k`` periods.  Payoffs are continuation values at the moment
    of the demand (the cost already sunk during the delay is not included).
    The target's choice in each branch agrees with :func:`delay_schedule`.
    """
    c = _check_campaign(campaign)
    d = _delays(delays)
    branches = {}
    for k in d:
        branches[f"delay {int(k)}"] = _delayed(c, np.asarray(k), rate_compellent, rate_punitive).tree()
    return Game([c.coercer.name, c.target.name], decision(c.coercer.name, branches), title="Delayed demand")


@dataclass(frozen=True, repr=False)
class DeadlineComparison:
    """Margins with a deadline ``T`` and with none (open-ended, hazard ``h``).

    ``phi_deadline = delta**T``, ``phi_open = h / (1 - delta (1 - h))``;
    ``deadline_better``: the deadline gives the larger margin.
    """

    deadline: np.ndarray
    hazard: np.ndarray
    phi_deadline: np.ndarray
    phi_open: np.ndarray
    margin_deadline: np.ndarray
    margin_open: np.ndarray
    viable_deadline: np.ndarray
    viable_open: np.ndarray

    @property
    def deadline_better(self) -> np.ndarray:
        return self.margin_deadline > self.margin_open

    def to_frame(self) -> pd.DataFrame:
        cols = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        cols["deadline_better"] = self.deadline_better
        shape = np.broadcast_shapes(*(np.shape(v) for v in cols.values()))
        return pd.DataFrame({k: np.ravel(np.broadcast_to(v, shape)) for k, v in cols.items()})

    def __repr__(self) -> str:
        if np.ndim(self.margin_deadline):
            return f"DeadlineComparison(batch_shape={np.shape(self.margin_deadline)})"
        return (
            f"DeadlineComparison(margin with deadline={float(self.margin_deadline):.4g}, "
            f"open-ended={float(self.margin_open):.4g}, deadline_better={bool(self.deadline_better)})"
        )


def compare_deadline(campaign: Campaign, deadline: Any, hazard: Any) -> DeadlineComparison:
    """The campaign's margin with a deadline of ``deadline`` periods versus no deadline.

    Without a deadline the punishment for defiance starts with per-period
    probability ``hazard`` (the target can procrastinate, Schelling 1966).
    Works with exogenous and endogenous credibility (with endogenous threat
    credibility, ``phi`` also scales the coercer's gain from punishing).
    """
    if not isinstance(campaign, Campaign):
        raise ParameterError(f"needs a Campaign, got {type(campaign).__name__}", "campaign")
    dem = campaign.demand
    with_d = campaign.replace(demand=dataclasses.replace(dem, deadline=deadline))
    h = check_param(hazard, "hazard", 0.0, 1.0, lo_open=True)
    open_ = campaign.replace(demand=dataclasses.replace(dem, deadline=None, open_hazard=h))
    od, oo = with_d.offramp(), open_.offramp()
    return DeadlineComparison(
        deadline=np.asarray(with_d.demand.deadline),
        hazard=h,
        phi_deadline=with_d.threat_factor,
        phi_open=open_.threat_factor,
        margin_deadline=od.margin,
        margin_open=oo.margin,
        viable_deadline=od.viable,
        viable_open=oo.viable,
    )
