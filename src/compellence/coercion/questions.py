"""One-call questions about a target of unknown resolve and a coercer of unknown resolve, with tables.

* :func:`unappeasable_given_rejections`: "how likely is it that the target is
  the type that rejects every off-ramp, given it rejected these offers?"
* :func:`settlement_tradeoff`: "which demand maximises the chance of a
  settlement, and what does it cost in war risk?"
* :func:`aid_separation`: "does overt aid separate a resolved coercer from a
  bluffing one, and when?"

Each returns a :class:`pandas.DataFrame` whose columns use the shared names of
:mod:`compellence.coercion.screening` and :mod:`.costly_signals`; every
number in them is derived from the inputs by the formula in the docstring.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import ParameterError
from ..validation import check_real
from .costly_signals import signal_regions, sinking_separates
from .screening import check_prior, screen, type_labels, type_thresholds

__all__ = ["unappeasable_given_rejections", "settlement_tradeoff", "aid_separation"]


def unappeasable_given_rejections(thresholds: Sequence[float], prior: Sequence[float],
                                  rejected_offers: Sequence[float], *,
                                  types: Sequence[str] | None = None) -> pd.DataFrame:
    """The coercer's belief about the target's type after each rejected offer.

    Type ``i`` accepts any demand ``x <= xbar_i`` and rejects a larger one
    (its acceptance threshold, :func:`~compellence.coercion.screening.acceptance_threshold`;
    ``xbar_i < 0`` or ``-inf``: it rejects every off-ramp).  Rejections of
    ``x_1, ..., x_k`` update the prior by Bayes' rule::

        Pr(i | rejected x_1..x_k) = q_i 1[xbar_i < min_j x_j] / sum_l q_l 1[xbar_l < min_j x_j]

    This reads each rejection as the type's threshold decision: the
    equilibrium behaviour in one-shot screening, and in several rounds when
    waiting for a lower demand cannot pay (for strategic delay, solve
    :func:`~compellence.coercion.screening.sequential_screening`).

    Returns one row per step (``k = 0`` is the prior): ``rejected_offer``,
    ``rejection_probability`` (of this rejection given the earlier ones),
    ``posterior[type]`` and ``posterior_unappeasable`` (total on the types
    that reject every off-ramp).

    Parameters
    ----------
    thresholds : sequence of float
        Each type's acceptance threshold ``xbar_i`` (share of the stake;
        negative or ``-inf``: rejects every off-ramp).
    prior : sequence of float
        ``q_i``, the coercer's prior over the types (probabilities, sum 1).
    rejected_offers : sequence of float
        The demands rejected so far, in order (shares of the stake).
    types : sequence of str or None, optional
        Type names (default ``type0``, ``type1``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per step (``k = 0`` is the prior).

    Raises
    ------
    ParameterError
        A bad prior (``prior``), thresholds (``thresholds``), or a rejection
        that no type with positive prior would make (``rejected_offers``).

    Examples
    --------
    >>> from compellence.coercion import unappeasable_given_rejections
    >>> df = unappeasable_given_rejections([0.4, 0.1, float("-inf")], [0.5, 0.3, 0.2], [0.3, 0.05],
    ...                                    types=["pragmatic", "hard", "unappeasable"])
    >>> df["posterior_unappeasable"].round(4).tolist()
    [0.2, 0.4, 1.0]
    """
    xbar = type_thresholds(thresholds)
    if xbar.ndim != 1:
        raise ParameterError("one scalar question: a flat list of thresholds", "thresholds")
    q = check_prior(prior, xbar.size)
    offers = check_real(rejected_offers, "rejected_offers", 0.0)
    labels = type_labels(types, xbar.size)
    never = xbar < 0
    rows = []
    alive = np.ones(xbar.size, dtype=bool)
    post = q.copy()
    rows.append({"step": 0, "rejected_offer": None, "rejection_probability": None,
                 **{f"posterior[{t}]": float(p) for t, p in zip(labels, post)},
                 "posterior_unappeasable": float(post[never].sum())})
    for k, x in enumerate(np.ravel(offers).tolist(), start=1):
        rej = alive & (xbar < x)
        pr = float((post * rej).sum())
        if pr <= 0:
            raise ParameterError(
                f"offer {k} ({x:g}) is accepted by every type still possible; its rejection contradicts the "
                "thresholds", "rejected_offers")
        post = post * rej / pr
        alive = rej
        rows.append({"step": k, "rejected_offer": float(x), "rejection_probability": pr,
                     **{f"posterior[{t}]": float(p) for t, p in zip(labels, post)},
                     "posterior_unappeasable": float(post[never].sum())})
    return pd.DataFrame(rows)


def settlement_tradeoff(
    thresholds: Sequence[float],
    prior: Sequence[float],
    coercer_war_payoff: float,
    *,
    types: Sequence[str] | None = None,
) -> pd.DataFrame:
    """For each candidate demand (each type's threshold, floored at 0): who settles, the war risk, the payoff.

    ``settlement_probability(x) = sum_i q_i 1[xbar_i >= x]``, ``war_probability``
    its complement, ``coercer_payoff = x Pr(settle) + w Pr(war)``.
    ``max_settlement`` marks the largest demand with the highest settlement
    probability; ``coercer_optimum`` the coercer's best demand (as
    :func:`~compellence.coercion.screening.screen`); ``extra_war_risk`` is the
    war probability of each demand minus that of the max-settlement demand
    (what asking for more costs in war risk).

    Parameters
    ----------
    thresholds : sequence of float
        Each type's acceptance threshold ``xbar_i`` (share of the stake).
    prior : sequence of float
        ``q_i``, the prior over the types.
    coercer_war_payoff : float
        ``w``, the coercer's payoff if the target rejects (stake units).
    types : sequence of str or None, optional
        Type names.

    Returns
    -------
    pandas.DataFrame
        One row per candidate demand.

    Raises
    ------
    ParameterError
        A bad prior or thresholds (named).

    Examples
    --------
    >>> from compellence.coercion import settlement_tradeoff
    >>> df = settlement_tradeoff([0.4, 0.1, float("-inf")], [0.5, 0.3, 0.2], 0.0)
    >>> df[["demand", "settlement_probability", "coercer_payoff"]].round(4).values.tolist()
    [[0.1, 0.8, 0.08], [0.4, 0.5, 0.2]]
    """
    xbar = type_thresholds(thresholds)
    if xbar.ndim != 1:
        raise ParameterError("one scalar question: a flat list of thresholds", "thresholds")
    q = check_prior(prior, xbar.size)
    w = float(check_real(coercer_war_payoff, "coercer_war_payoff"))
    labels = type_labels(types, xbar.size)
    cand = np.unique(np.maximum(xbar[np.isfinite(xbar)], 0.0))
    if cand.size == 0:
        raise ParameterError("at least one type must have a finite threshold", "thresholds")
    settle = np.array([(q * (xbar >= x)).sum() for x in cand])
    pay = cand * settle + w * (1 - settle)
    top = settle.max()
    max_settle = int(np.flatnonzero(settle >= top - 1e-12)[-1])
    best = float(screen(xbar, q, w).demand)
    df = pd.DataFrame({
        "demand": cand,
        "settles": [", ".join(t for t, xb in zip(labels, xbar) if xb >= x) for x in cand],
        "settlement_probability": settle,
        "war_probability": 1 - settle,
        "coercer_payoff": pay,
    })
    df["max_settlement"] = np.arange(cand.size) == max_settle
    df["coercer_optimum"] = np.isclose(cand, best) if np.isfinite(best) else False
    df["extra_war_risk"] = df["war_probability"] - float(1 - settle[max_settle])
    return df


def aid_separation(
    prior: Sequence[float],
    values: Sequence[float],
    *,
    war_share: float,
    war_cost: float,
    demand: float,
    punishment: float,
    aid_cost: ArrayLike,
) -> pd.DataFrame:
    """Does overt aid (a sunk cost ``k``) separate a resolved coercer from a bluffing one, and when?

    Two coercer types ``values = (v_R, v_B)`` (resolved, bluffer), prior
    ``(q_R, q_B)``; overt aid is the ``"sink"`` message of
    :func:`~compellence.coercion.costly_signals.resolve_game`.  One row per
    ``aid_cost``: ``resolve_revealed`` (a PBE in which the resolved coercer
    sends aid and is complied with while the silent bluffer is resisted),
    ``separating_d1`` (a separating PBE surviving D1), ``pooling``, and the
    closed form ``closed_form_separates`` = ``v_B <= k <= (1 - p) v_R + c``
    with its bounds ``aid_cost_low = v_B``, ``aid_cost_high = (1 - p) v_R + c``.

    Parameters
    ----------
    prior : sequence of float
        ``(q_R, q_B)``, the target's prior over resolved and bluffing coercers.
    values : sequence of float
        ``(v_R, v_B)``, each type's value of the stake.
    war_share : float
        ``p``, the coercer's expected share of the stake in war.
    war_cost : float
        ``c``, the coercer's cost of war (stake units).
    demand : float
        ``x``, the concession demanded (share of the stake).
    punishment : float
        ``P``, the punishment threatened (stake units).
    aid_cost : array_like
        ``k``, the sunk costs of overt aid to test (stake units).

    Returns
    -------
    pandas.DataFrame
        One row per aid cost.

    Raises
    ------
    ParameterError
        A bad prior or an input out of range.

    Examples
    --------
    >>> from compellence.coercion import aid_separation
    >>> df = aid_separation([0.2, 0.8], [1.0, 0.2], war_share=0.6, war_cost=0.2, demand=0.3,
    ...                     punishment=1.0, aid_cost=[0.1, 0.3, 0.7])
    >>> df[["aid_cost", "resolve_revealed", "closed_form_separates"]].values.tolist()
    [[0.1, False, False], [0.3, True, True], [0.7, False, False]]
    """
    k = check_real(aid_cost, "aid_cost", 0.0)
    df = signal_regions(prior, values, war_share=war_share, war_cost=war_cost, demand=demand,
                        punishment=punishment, sunk_cost=np.ravel(k), signal="sink")
    v = check_real(values, "values")
    df.insert(0, "aid_cost", np.ravel(k))
    df["closed_form_separates"] = np.ravel(sinking_separates(v, war_share=war_share, war_cost=war_cost,
                                                             sunk_cost=np.ravel(k)))
    df["aid_cost_low"] = float(v[1])
    df["aid_cost_high"] = float((1 - war_share) * v[0] + war_cost)
    return df
