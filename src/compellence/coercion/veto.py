"""War termination with a veto player: coercer, target and defender (batched).

Three parties.  The **target** (e.g. Russia) fights the **defender** (e.g.
Ukraine) over a disputed stake of value 1; the **coercer** (e.g. the West)
sanctions the target.  A settlement ``y`` in ``[0, 1]`` is the share of the
stake the target keeps.  The defender accepts or rejects any settlement (its
veto: "the Ukrainian people will ultimately decide what terms they can
accept"); after a settlement the coercer lifts its reversible punishment or
keeps it (its lifting is conditional on the settlement); the target ratifies
or fights on.

Payoffs (present values in stake units; ``P = s D``; ``R = r P + Z`` the
reversible leverage, ``Z`` the escalation cost; each component says on which
branches it applies and who controls it):

==============================  =====================================  ==============================
component                       branches                               controlled by
==============================  =====================================  ==============================
target's share ``y``            settle-lift, settle-keep               the settlement (all three)
target's war share ``p``        war (the battlefield state)            nobody (the fighting)
compliance cost ``cc``          settle-lift, settle-keep               target
irreversible ``(1 - r) P``      every branch                           nobody, once imposed
reversible ``R``                settle-keep; settle-lift times         coercer
                                ``1 - pi_A``; war times ``pi_T phi``
target's fighting cost ``L``    war (the war goes on)                  target
defender's war cost ``c_U``     war                                    defender
coercer's lifting gain          settle-lift: ``y_C - y``; else 0       coercer
==============================  =====================================  ==============================

So the target's payoffs are::

    settle, coercer lifts:  y - cc - (1 - r) P - (1 - pi_A) R
    settle, coercer keeps:  y - cc - (1 - r) P - R
    war goes on:            p - L  - (1 - r) P - pi_T phi R

the defender's: ``1 - y`` after a settlement, ``1 - p - c_U`` in war; the
coercer's: ``y_C - y`` if it lifts after settlement ``y``, ``0`` if it keeps
the punishment (and ``0`` in war: it makes no choice there).  ``y_C`` is the
**coercer's bar** (the largest share it lets the target keep and still lifts;
its gain from lifting per unit of the target's share is normalised to 1).

Conditions, derived by backward induction (ties: the defender accepts, the
coercer lifts, the target ratifies):

* coercer lifts  iff  ``y <= y_C``;
* defender accepts  iff  ``1 - y >= 1 - p - c_U``  iff  ``y <= y_U = p + c_U``
  (the **defender's bar**);
* target ratifies a lifted settlement  iff  ``y >= a``, an unlifted one iff
  ``y >= b``, with (the irreversible part cancels, as in the off-ramp margin)::

      a = p - L + cc - (pi_T phi + pi_A - 1) R     (target's floor, lifted)
      b = p - L + cc + (1 - pi_T phi) R            (target's floor, unlifted),  b - a = pi_A R >= 0

The settlements **all three accept** (the coercer lifting) form the interval::

    [max(a, 0),  min(y_C, y_U, 1)]

its width ``max(0, min(y_C, y_U, 1) - max(a, 0))`` falls one for one as the
coercer's bar ``y_C`` drops below ``min(y_U, 1)`` and as the defender's war
cost ``c_U`` drops while ``y_U`` binds.  Settlements the target signs
*without* lifting form ``(y_C, min(y_U, 1)] ∩ [b, 1]``.  A **deal** exists iff
one of the two is non-empty::

    deal  iff  max(a, 0) <= min(y_C, y_U, 1)   or   (y_C < min(y_U, 1) and b <= min(y_U, 1))

The coercer is a **spoiler** when it asks more of the target than the
defender does (its bar on the target's share is below the defender's,
``y_C < min(y_U, 1)``; in concessions, the coercer's lifting bar exceeds the
defender's) and there is no deal although one would exist with
``y_C = y_U`` (``max(a, 0) <= min(y_U, 1)``): the defender and the target
would sign ``y in [max(a, 0), min(y_U, 1)]`` if the coercer lifted, but the
coercer does not lift there and without lifting the target fights on.

**Target as proposer.**  If the target proposes (take it or leave it), it
proposes the settlement in the deal set it likes best: the lifted candidate
``y1 = min(y_C, y_U, 1)`` (payoff ``y1 - cc - (1 - pi_A) R``, if ``y1 >= a``)
or the unlifted candidate ``y2 = min(y_U, 1)`` (payoff ``y2 - cc - R``, if
``y2 > y_C`` and ``y2 >= b``), whichever pays more; with neither, it fights on.

**Probability of a deal** with the defender's war cost ``c_U`` and the
coercer's bar ``y_C`` uncertain (independent), everything else known: from the
deal condition, splitting on ``y_C >= max(a, 0)``::

    P(deal) = P(y_C >= a+) P(min(y_U, 1) >= a+)  +  P(y_C < a+) P(min(y_U, 1) >= b),   a+ = max(a, 0)

with ``P(min(y_U, 1) >= t) = P(c_U >= t - p)`` for ``t <= 1`` and ``0`` for
``t > 1``.  Closed form for any distributions (:func:`veto_deal_probability`).

Sources: the veto-player logic of Tsebelis (2002); third parties as spoilers
of settlements, Stedman (1997) and Cunningham (2006, "Veto players and civil
war duration"); the sanctions accounting is the off-ramp's
(:mod:`.offramp`).  Game trees: :func:`veto_ratification_game` (a given
offer; batched over a grid of offers) and :func:`veto_game` (the target
proposes from a menu), solved by :func:`compellence.spe`; the tests check
that both agree with the closed forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from ..errors import ParameterError
from ..games.nodes import decision, outcome
from ..games.tree import Game
from ..validation import check_real
from ._richer import ResultMixin, broadcast

if TYPE_CHECKING:
    from scipy.stats._distn_infrastructure import rv_frozen

    from .uncertainty import Samples

__all__ = [
    "VetoSettlement",
    "veto_settlement",
    "veto_deal_probability",
    "veto_ratification_game",
    "veto_game",
]

PLAYERS = ["Coercer", "Target", "Defender"]


def _inputs(
    war_share: Any,
    defender_war_cost: Any,
    coercer_bar: Any,
    threat_credibility: Any,
    assurance_credibility: Any,
    reversibility: Any,
    punishment_per_period: Any,
    future_weight: Any,
    resistance_cost: Any,
    compliance_cost: Any,
    escalation_cost: Any,
    threat_factor: Any,
    *,
    skip: tuple[str, ...] = (),
) -> dict[str, np.ndarray]:
    spec = {
        "war_share": (war_share, dict(lo=0.0, hi=1.0)),
        "defender_war_cost": (defender_war_cost, dict(lo=0.0)),
        "coercer_bar": (coercer_bar, dict(lo=0.0)),
        "threat_credibility": (threat_credibility, dict(lo=0.0, hi=1.0)),
        "assurance_credibility": (assurance_credibility, dict(lo=0.0, hi=1.0)),
        "reversibility": (reversibility, dict(lo=0.0, hi=1.0)),
        "punishment_per_period": (punishment_per_period, dict(lo=0.0)),
        "future_weight": (future_weight, dict(lo=0.0)),
        "resistance_cost": (resistance_cost, dict(lo=0.0)),
        "compliance_cost": (compliance_cost, {}),
        "escalation_cost": (escalation_cost, dict(lo=0.0)),
        "threat_factor": (threat_factor, dict(lo=0.0, hi=1.0)),
    }
    out = {k: check_real(v, k, **b) for k, (v, b) in spec.items() if k not in skip}
    arrs, _ = broadcast(**out)
    return dict(zip(out, arrs, strict=True))


def _floors(v: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(R, a, b): reversible leverage and the target's lifted / unlifted floors."""
    lev = v["reversibility"] * v["punishment_per_period"] * v["future_weight"] + v["escalation_cost"]
    piphi = v["threat_credibility"] * v["threat_factor"]
    base = v["war_share"] - v["resistance_cost"] + v["compliance_cost"]
    a = base - (piphi + v["assurance_credibility"] - 1.0) * lev
    b = base + (1.0 - piphi) * lev
    return lev, a, b


@dataclass(frozen=True, eq=False, repr=False)
class VetoSettlement(ResultMixin):
    """The three-party settlement set and the target-proposer equilibrium (batched).

    All in stake units (``y`` = the target's share of the disputed stake):

    * ``target_floor_lifted`` ``a``, ``target_floor_unlifted`` ``b`` (derived):
      the least share the target ratifies with / without lifting;
    * ``defender_bar`` ``y_U = p + c_U`` (derived), ``coercer_bar`` ``y_C`` (input);
    * ``accepted_low``, ``accepted_high``, ``accepted_width``, ``accepted``: the
      interval ``[max(a, 0), min(y_C, y_U, 1)]`` all three accept (the coercer lifts);
    * ``unlifted_low``, ``unlifted_high``, ``unlifted``: settlements the target
      signs without lifting, ``(y_C, min(y_U, 1)] ∩ [b, 1]`` (``unlifted_low`` is
      ``max(b, y_C)``, excluded when it equals ``y_C``);
    * ``width_per_coercer_bar``, ``width_per_defender_war_cost`` (derived): how fast the
      accepted set widens in ``y_C`` and in ``c_U`` (1 where that bar is the binding upper
      end of a non-empty set, else 0; right derivatives: at a tie of the two bars, the
      smaller one binds, so raising either alone does not widen the set);
    * ``deal``: either set non-empty; ``spoiler``: no deal only because ``y_C < y_U``;
    * ``terms``: the target-proposer settlement (NaN-free: ``-1`` when no deal),
      ``lifted``: the coercer lifts on the equilibrium path;
    * ``target_value``, ``defender_value``, ``coercer_value``: equilibrium payoffs
      (the target's includes the irreversible ``-(1 - r) P`` of every branch).

    Attributes
    ----------
    target_floor_lifted, target_floor_unlifted, defender_bar, coercer_bar : numpy.ndarray
        ``a``, ``b``, ``y_U``, ``y_C`` (stake shares).
    accepted_low, accepted_high, accepted_width, accepted : numpy.ndarray
        The accepted interval, its width and whether it is non-empty.
    width_per_coercer_bar, width_per_defender_war_cost : numpy.ndarray
        How fast the accepted set widens.
    unlifted_low, unlifted_high, unlifted : numpy.ndarray
        Settlements without lifting.
    deal, spoiler : numpy.ndarray
        Boolean masks.
    terms, lifted : numpy.ndarray
        The target-proposer settlement (``-1``: none) and whether the coercer
        lifts.
    target_value, defender_value, coercer_value : numpy.ndarray
        Equilibrium payoffs.

    Examples
    --------
    >>> from compellence.coercion import veto_settlement
    >>> vs = veto_settlement(0.4, 0.1, 0.7, threat_credibility=0.9, assurance_credibility=0.9,
    ...                      reversibility=0.8, punishment_per_period=0.05, future_weight=9.0)
    >>> bool(vs.deal), round(float(vs.terms), 6), bool(vs.lifted)
    (True, 0.5, True)
    """

    target_floor_lifted: np.ndarray
    target_floor_unlifted: np.ndarray
    defender_bar: np.ndarray
    coercer_bar: np.ndarray
    accepted_low: np.ndarray
    accepted_high: np.ndarray
    accepted_width: np.ndarray
    accepted: np.ndarray
    width_per_coercer_bar: np.ndarray
    width_per_defender_war_cost: np.ndarray
    unlifted_low: np.ndarray
    unlifted_high: np.ndarray
    unlifted: np.ndarray
    deal: np.ndarray
    spoiler: np.ndarray
    terms: np.ndarray
    lifted: np.ndarray
    target_value: np.ndarray
    defender_value: np.ndarray
    coercer_value: np.ndarray

    _frame_fields = (
        "target_floor_lifted", "target_floor_unlifted", "defender_bar", "coercer_bar",
        "accepted_low", "accepted_high", "accepted_width", "accepted", "width_per_coercer_bar",
        "width_per_defender_war_cost", "unlifted_low",
        "unlifted_high", "unlifted", "deal", "spoiler", "terms", "lifted",
        "target_value", "defender_value", "coercer_value",
    )


def veto_settlement(
    war_share: ArrayLike,
    defender_war_cost: ArrayLike,
    coercer_bar: ArrayLike,
    *,
    threat_credibility: ArrayLike = 1.0,
    assurance_credibility: ArrayLike = 1.0,
    reversibility: ArrayLike = 1.0,
    punishment_per_period: ArrayLike = 0.0,
    future_weight: ArrayLike = 1.0,
    resistance_cost: ArrayLike = 0.0,
    compliance_cost: ArrayLike = 0.0,
    escalation_cost: ArrayLike = 0.0,
    threat_factor: ArrayLike = 1.0,
) -> VetoSettlement:
    """The settlements coercer, target and defender all accept, and the target-proposer deal.

    ``war_share`` ``p`` in [0, 1]: the target's expected share of the stake if
    the war goes on (the battlefield state); ``defender_war_cost`` ``c_U >= 0``
    and ``resistance_cost`` ``L >= 0`` (the target's fighting cost): present
    values of fighting on; ``coercer_bar`` ``y_C >= 0`` (above 1: lifts after
    any settlement).  The sanctions inputs are the off-ramp's shared names
    (``P = punishment_per_period * future_weight``).  Formulas: module
    docstring (all derived by backward induction; ties accept/lift/ratify).
    All arguments broadcast.

    Parameters
    ----------
    war_share : array_like
        ``p``, the target's expected share of the stake if the war goes on, in
        [0, 1].
    defender_war_cost : array_like
        ``c_U >= 0``, the defender's cost of fighting on (present value, stake
        units).
    coercer_bar : array_like
        ``y_C >= 0``, the largest share of the stake left to the target after
        which the coercer still lifts (above 1: lifts after any settlement).
    threat_credibility, assurance_credibility : array_like, optional
        ``pi_T``, ``pi_A`` (probabilities; default 1).
    reversibility : array_like, optional
        ``r``, share of the punishment that stops when lifted (default 1).
    punishment_per_period : array_like, optional
        ``s``, cost of the sanctions to the target per period (stake units per
        period; default 0).
    future_weight : array_like, optional
        ``D``, so ``P = s D`` (default 1).
    resistance_cost : array_like, optional
        ``L >= 0``, the target's cost of fighting on (present value; default 0).
    compliance_cost, escalation_cost, threat_factor : array_like, optional
        ``cc``, ``Z``, ``phi`` as in the off-ramp margin.

    Returns
    -------
    VetoSettlement
        The settlement sets and the equilibrium.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import veto_settlement
    >>> vs = veto_settlement(0.4, 0.1, 0.7, threat_credibility=0.9, assurance_credibility=0.9,
    ...                      reversibility=0.8, punishment_per_period=0.05, future_weight=9.0)
    >>> round(float(vs.accepted_low), 6), round(float(vs.accepted_high), 6)
    (0.112, 0.5)
    """
    v = _inputs(war_share, defender_war_cost, coercer_bar, threat_credibility,
                assurance_credibility, reversibility, punishment_per_period, future_weight,
                resistance_cost, compliance_cost, escalation_cost, threat_factor)
    lev, a, b = _floors(v)
    p, cu, yc = v["war_share"], v["defender_war_cost"], v["coercer_bar"]
    yu = p + cu
    top = np.minimum(yu, 1.0)
    a_plus = np.maximum(a, 0.0)
    acc_hi = np.minimum(yc, top)
    accepted = a_plus <= acc_hi
    unl_lo = np.maximum(b, yc)
    unlifted = (yc < top) & (b <= top)
    deal = accepted | unlifted
    spoiler = ~deal & (yc < top) & (a_plus <= top)
    irr = (1.0 - v["reversibility"]) * v["punishment_per_period"] * v["future_weight"]
    cc, pia = v["compliance_cost"], v["assurance_credibility"]
    war_t = p - v["resistance_cost"] - irr - v["threat_credibility"] * v["threat_factor"] * lev
    pay1 = np.where(accepted, acc_hi - cc - irr - (1.0 - pia) * lev, -np.inf)
    pay2 = np.where(unlifted, top - cc - irr - lev, -np.inf)
    use_lift = accepted & (pay1 >= pay2)
    terms = np.where(use_lift, acc_hi, np.where(unlifted, top, -1.0))
    t_val = np.where(deal, np.maximum(pay1, pay2), war_t)
    d_val = np.where(deal, 1.0 - terms, 1.0 - p - cu)
    c_val = np.where(use_lift, yc - acc_hi, 0.0)
    return VetoSettlement(
        target_floor_lifted=a, target_floor_unlifted=b, defender_bar=yu, coercer_bar=yc,
        accepted_low=a_plus, accepted_high=acc_hi,
        accepted_width=np.maximum(acc_hi - a_plus, 0.0), accepted=accepted,
        width_per_coercer_bar=((yc < top) & (yc >= a_plus)).astype(float),
        width_per_defender_war_cost=((yu < np.minimum(yc, 1.0)) & (yu >= a_plus)).astype(float),
        unlifted_low=unl_lo, unlifted_high=top, unlifted=unlifted, deal=deal, spoiler=spoiler,
        terms=terms, lifted=use_lift, target_value=t_val, defender_value=d_val,
        coercer_value=c_val,
    )


def _prob_at_least(dist: Any, t: np.ndarray, name: str) -> np.ndarray:
    """P(X >= t) for a frozen scipy.stats law or Samples draws, or a known number (0/1)."""
    from .uncertainty import Samples, is_distribution

    if isinstance(dist, Samples):
        vals = dist.values
        return 1.0 - np.searchsorted(vals, t, side="left") / vals.size
    if is_distribution(dist):
        return 1.0 - np.asarray(dist.cdf(np.nextafter(t, -np.inf)), float)
    raise ParameterError(f"must be a distribution (scipy.stats frozen or Samples), got {dist!r}", name)


def veto_deal_probability(
    war_share: ArrayLike,
    defender_war_cost: ArrayLike | Samples | rv_frozen,
    coercer_bar: ArrayLike | Samples | rv_frozen,
    **sanctions: ArrayLike,
) -> np.ndarray:
    """P(deal) when the defender's war cost and/or the coercer's bar are uncertain (closed form).

    ``defender_war_cost`` and ``coercer_bar`` are each a number (array) or a
    distribution (frozen :mod:`scipy.stats` law or
    :class:`~compellence.coercion.uncertainty.Samples`), independent of each
    other; every other input is known (the keywords of :func:`veto_settlement`).
    With ``a+ = max(a, 0)`` and ``b`` the target's floors (module docstring)::

        P(deal) = P(y_C >= a+) Q(a+) + P(y_C < a+) Q(b),   Q(t) = P(c_U >= t - p) if t <= 1 else 0

    A distribution's support must respect the input's range (``c_U >= 0``,
    ``y_C >= 0``): else ParameterError naming the input.

    Parameters
    ----------
    war_share : array_like
        ``p`` (as for :func:`veto_settlement`).
    defender_war_cost, coercer_bar : array_like or scipy.stats distribution or Samples
        A number (array) or a distribution each (independent).
    **sanctions
        The sanctions inputs of :func:`veto_settlement` (``threat_credibility``,
        ``assurance_credibility``, ``reversibility``, ``punishment_per_period``,
        ``future_weight``, ``resistance_cost``, ``compliance_cost``,
        ``escalation_cost``, ``threat_factor``).

    Returns
    -------
    numpy.ndarray
        ``P(deal)`` (probability), the broadcast shape.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.coercion import veto_deal_probability
    >>> round(float(veto_deal_probability(0.4, stats.uniform(0.0, 0.4), 0.7)), 6)
    1.0
    """
    from .uncertainty import InputRange, check_distribution, is_distribution

    dists: dict[str, Any] = {}
    known: dict[str, Any] = {"defender_war_cost": defender_war_cost, "coercer_bar": coercer_bar}
    for name, val in list(known.items()):
        if is_distribution(val):
            check_distribution(name, val, InputRange(0.0, None))
            dists[name] = val
            known[name] = 0.0
    unknown = set(sanctions) - set(veto_settlement.__kwdefaults__)
    if unknown:
        raise ParameterError(f"unknown input(s) {sorted(unknown)}", ", ".join(sorted(unknown)))
    kw = {**veto_settlement.__kwdefaults__, **sanctions}
    v = _inputs(war_share, known["defender_war_cost"], known["coercer_bar"], kw["threat_credibility"],
                kw["assurance_credibility"], kw["reversibility"], kw["punishment_per_period"],
                kw["future_weight"], kw["resistance_cost"], kw["compliance_cost"],
                kw["escalation_cost"], kw["threat_factor"])
    _, a, b = _floors(v)
    p = v["war_share"]
    a_plus = np.maximum(a, 0.0)

    def q(t: np.ndarray) -> np.ndarray:  # P(min(y_U, 1) >= t)
        if "defender_war_cost" in dists:
            pr = _prob_at_least(dists["defender_war_cost"], t - p, "defender_war_cost")
        else:
            pr = (p + v["defender_war_cost"] >= t).astype(float)
        return np.where(t <= 1.0, pr, 0.0)

    if "coercer_bar" in dists:
        pc = _prob_at_least(dists["coercer_bar"], a_plus, "coercer_bar")
    else:
        pc = (v["coercer_bar"] >= a_plus).astype(float)
    return np.clip(pc * q(a_plus) + (1.0 - pc) * q(b), 0.0, 1.0)


def _payoffs(v: dict[str, np.ndarray], y: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    lev, _, _ = _floors(v)
    irr = (1.0 - v["reversibility"]) * v["punishment_per_period"] * v["future_weight"]
    p, cu, yc, cc = v["war_share"], v["defender_war_cost"], v["coercer_bar"], v["compliance_cost"]
    zero = np.zeros_like(p)
    war = {"Coercer": zero, "Target": p - v["resistance_cost"] - irr
           - v["threat_credibility"] * v["threat_factor"] * lev, "Defender": 1.0 - p - cu}
    lift = {"Coercer": yc - y, "Target": y - cc - irr - (1.0 - v["assurance_credibility"]) * lev,
            "Defender": 1.0 - y + zero}
    keep = {"Coercer": zero + 0.0 * y, "Target": y - cc - irr - lev, "Defender": 1.0 - y + zero}
    return {"war": war, "lift": lift, "keep": keep}


def veto_ratification_game(
    offer: ArrayLike,
    war_share: ArrayLike,
    defender_war_cost: ArrayLike,
    coercer_bar: ArrayLike,
    **sanctions: ArrayLike,
) -> Game:
    """One settlement offer ``y`` (batched: pass a grid to test every offer at once) as a tree.

    Players ``["Coercer", "Target", "Defender"]``.  The defender accepts or
    rejects (reject: the war goes on); after acceptance the coercer lifts or
    keeps the reversible punishment; the target then ratifies or fights on.
    Payoffs: module docstring.  The offer is accepted by all three iff the
    SPE path is ``accept, lift, ratify``; ``accept, keep, ratify`` is a
    settlement without lifting.

    Parameters
    ----------
    offer : array_like
        The settlement ``y`` (target's share of the stake), or a grid of them.
    war_share : array_like
        ``p``, the target's expected share of the stake if the war goes on, in
        [0, 1].
    defender_war_cost : array_like
        ``c_U >= 0``, the defender's cost of fighting on (present value, stake
        units).
    coercer_bar : array_like
        ``y_C >= 0``, the largest share of the stake left to the target after
        which the coercer still lifts (above 1: lifts after any settlement).
    **sanctions
        The sanctions inputs of :func:`veto_settlement` (``threat_credibility``,
        ``assurance_credibility``, ``reversibility``, ``punishment_per_period``,
        ``future_weight``, ``resistance_cost``, ``compliance_cost``,
        ``escalation_cost``, ``threat_factor``).

    Returns
    -------
    Game
        The batched tree.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> import compellence as cp
    >>> from compellence.coercion import veto_ratification_game
    >>> cp.spe(veto_ratification_game(0.45, 0.4, 0.1, 0.7)).path()
    ('accept', 'lift', 'ratify')
    """
    kw = {**veto_settlement.__kwdefaults__, **_known(sanctions)}
    y0 = check_real(offer, "offer", lo=0.0, hi=1.0)
    v = _inputs(war_share, defender_war_cost, coercer_bar, **kw)
    (y, _), shape = broadcast(offer=y0, **{"parameters": v["war_share"]})
    v = {k: np.broadcast_to(x, shape) for k, x in v.items()}
    pay = _payoffs(v, y)
    war = outcome(**pay["war"])

    def ratify(branch: str):
        return decision("Target", {"ratify": outcome(**pay[branch]), "fight on": war})

    root = decision("Defender", {
        "accept": decision("Coercer", {"lift": ratify("lift"), "keep": ratify("keep")}),
        "reject": war,
    })
    return Game(PLAYERS, root, title="War termination with a veto player (one offer)")


def _known(sanctions: dict[str, Any]) -> dict[str, Any]:
    unknown = set(sanctions) - set(veto_settlement.__kwdefaults__)
    if unknown:
        raise ParameterError(f"unknown input(s) {sorted(unknown)}", ", ".join(sorted(unknown)))
    return sanctions


def veto_game(
    offers: ArrayLike,
    war_share: ArrayLike,
    defender_war_cost: ArrayLike,
    coercer_bar: ArrayLike,
    **sanctions: ArrayLike,
) -> Game:
    """The target proposes a settlement from the menu ``offers`` (a 1-d list in [0, 1]) or fights on.

    Players ``["Coercer", "Target", "Defender"]``.  After the target's offer
    ``y`` the defender accepts or rejects (war); after acceptance the coercer
    lifts or keeps the reversible punishment.  Backward induction gives the
    target-proposer deal of :func:`veto_settlement` restricted to the menu.

    Parameters
    ----------
    offers : sequence of float
        The menu of settlements (target's shares, in [0, 1]).
    war_share : array_like
        ``p``, the target's expected share of the stake if the war goes on, in
        [0, 1].
    defender_war_cost : array_like
        ``c_U >= 0``, the defender's cost of fighting on (present value, stake
        units).
    coercer_bar : array_like
        ``y_C >= 0``, the largest share of the stake left to the target after
        which the coercer still lifts (above 1: lifts after any settlement).
    **sanctions
        The sanctions inputs of :func:`veto_settlement` (``threat_credibility``,
        ``assurance_credibility``, ``reversibility``, ``punishment_per_period``,
        ``future_weight``, ``resistance_cost``, ``compliance_cost``,
        ``escalation_cost``, ``threat_factor``).

    Returns
    -------
    Game
        The tree.

    Raises
    ------
    ParameterError
        An empty menu or a value out of range (named).

    Examples
    --------
    >>> import compellence as cp
    >>> from compellence.coercion import veto_game
    >>> cp.spe(veto_game([0.3, 0.45, 0.6], 0.4, 0.1, 0.7)).path()
    ('offer 0.45', 'accept', 'lift')
    """
    kw = {**veto_settlement.__kwdefaults__, **_known(sanctions)}
    grid = check_real(offers, "offers", lo=0.0, hi=1.0)
    if grid.ndim != 1 or grid.size == 0 or np.unique(grid).size != grid.size:
        raise ParameterError("must be a non-empty 1-d list of distinct offers in [0, 1]", "offers")
    if grid.size > 10_000:
        raise ParameterError(f"{grid.size} offers is too large a tree (at most 10000)", "offers")
    v = _inputs(war_share, defender_war_cost, coercer_bar, **kw)
    war = outcome(**_payoffs(v, np.zeros_like(v["war_share"]))["war"])
    acts: dict[str, Any] = {}
    for y in grid:
        pay = _payoffs(v, float(y) + np.zeros_like(v["war_share"]))
        acts[f"offer {y:.6g}"] = decision("Defender", {
            "accept": decision("Coercer", {"lift": outcome(**pay["lift"]), "keep": outcome(**pay["keep"])}),
            "reject": war,
        })
    acts["fight on"] = war  # last: a target indifferent between a deal and war settles
    return Game(PLAYERS, decision("Target", acts), title="War termination with a veto player")
