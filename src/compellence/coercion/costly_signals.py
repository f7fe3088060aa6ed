"""Costly signals of the coercer's resolve: sinking costs vs tying hands (Fearon 1997).

The coercer (sender) knows its **resolve**: type ``t`` values the stake at
``v_t``; if the target resists and the coercer carries out its threat, it
gets ``p v_t - c`` (the campaign's expected share of the stake minus its
cost), and backing down gives 0.  A **resolved** type has ``p v_t - c >= 0``
(it carries out), a **bluffing** type ``p v_t - c < 0``.  Before the target
decides, the coercer sends one of:

* ``"none"``: a private channel: costless, so it cannot convey resolve;
* ``"sink"``: a costly visible act paid up front whatever follows (overt aid
  delivered before the demand, a mobilisation): cost ``k`` on every branch;
* ``"tie"``: a public demand whose retraction costs ``a`` (audience cost),
  paid only if the coercer backs down after the target resists.

The target (receiver) complies (gives up the concession ``x``: payoffs
coercer ``v_t``, target ``-x``) or resists; after resistance the coercer
carries out (coercer ``p v_t - c``, target ``-P``) or backs down (coercer
``-a`` if it tied its hands, else 0; target 0).  The coercer's last move is
folded in by its own optimality (it knows its type): type ``t`` carries out
after message ``m`` iff ``p v_t - c >= -a 1[m = tie]``.  What remains is a
sender-receiver game (types -> message -> comply/resist), built by
:func:`resolve_game` and solved by the library's signalling solver (pure,
mixed and hybrid equilibria; intuitive criterion and D1; batched regions by
:func:`~compellence.solvers.signalling.signalling_sweep`).  The target
complies iff its belief that the threat will be carried out is at least
``theta = x / P`` (``0 < x < P`` assumed).

Closed forms (two types, resolved R and bluffer B with ``v_B > 0``; our
derivation of Fearon's 1997 comparison, checked against the solver):

* **Sinking costs separate** (R sinks, B does not; the target complies after
  ``sink``, resists after ``none``) iff ``v_B <= k <= (1 - p) v_R + c``: the
  bluffer would not pay ``k`` for a compliance worth ``v_B``, the resolved
  type would rather pay it than fight (``v_R - k >= p v_R - c``).
* **Tying hands cannot separate** when ``v_B > 0``: after a separating ``tie``
  the target complies, so the audience cost is never paid and the bluffer
  would copy.  If ``a >= c - p v_B`` the tie *commits* the bluffer too (it
  would carry out), both types tie and the target complies: a pooling
  equilibrium in which resolve is not revealed but made.  If
  ``a < c - p v_B`` and the prior ``q_R < theta`` there is a **semi-separating**
  equilibrium: R ties; B ties with probability
  ``sigma = q_R (1 - theta) / ((1 - q_R) theta)`` (so the target's belief after
  a tie is exactly ``theta``); the target resists a tie with probability
  ``rho = v_B / (v_B + a)`` (so the bluffer is indifferent); ``none`` reveals
  the bluffer and is resisted.  The bluff is called less often the larger the
  audience cost.

Sources: Fearon (1997) "Signaling foreign policy interests: tying hands
versus sinking costs", JCR 41(1), pp. 68-90; Fearon (1994) on audience costs;
Cho & Kreps (1987) for the refinements.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import ParameterError
from ..games.nodes import chance, decision, outcome
from ..games.tree import Game
from ..validation import check_real
from .screening import check_prior

__all__ = ["resolve_game", "sinking_separates", "tying_hybrid", "tying_cutpoint", "private_threat",
           "signal_regions"]

MESSAGES = ("none", "sink", "tie")


def _inputs(prior: Any, values: Any, war_share: Any, war_cost: Any, demand: Any, punishment: Any,
            sunk_cost: Any, audience_cost: Any) -> tuple:
    v = check_real(values, "values")
    if v.ndim == 0:
        raise ParameterError("must be one value of the stake per coercer type (a list)", "values")
    q = check_prior(prior, v.shape[-1])
    p = check_real(war_share, "war_share", 0.0, 1.0)
    c = check_real(war_cost, "war_cost", 0.0)
    x = check_real(demand, "demand", 0.0, lo_open=True)
    P = check_real(punishment, "punishment", 0.0, lo_open=True)
    k = check_real(sunk_cost, "sunk_cost", 0.0)
    a = check_real(audience_cost, "audience_cost", 0.0)
    return q, v, p, c, x, P, k, a


def resolve_game(
    prior: ArrayLike,
    values: ArrayLike,
    *,
    war_share: ArrayLike,
    war_cost: ArrayLike,
    demand: ArrayLike,
    punishment: ArrayLike,
    sunk_cost: ArrayLike = 0.0,
    audience_cost: ArrayLike = 0.0,
    messages: Sequence[str] = MESSAGES,
    types: Sequence[str] | None = None,
    target_audience_cost: ArrayLike = 0.0,
) -> Game:
    """The coercer-resolve signalling game (module docstring) as a sender-receiver :class:`Game`.

    Every number may be an array (they broadcast; ``prior`` and ``values``
    end with the type axis).  ``messages`` is a subset of ``("none", "sink",
    "tie")`` in any order.  ``target_audience_cost`` (``f``, default 0) is
    the target's own audience cost: complying with a *public* demand
    (``tie``) costs it ``x + f`` (Kurizaki 2007's two-sided audience; see
    :func:`private_threat`); it applies on that branch only.

    Parameters
    ----------
    prior : array_like
        The target's prior over the coercer's types (probabilities; last axis
        the types).
    values : array_like
        Each type's value of the stake (last axis the types).
    war_share : array_like
        ``p``, the coercer's expected share of the stake in war.
    war_cost : array_like
        ``c``, the coercer's cost of war (stake units).
    demand : array_like
        ``x``, the concession demanded (share of the stake).
    punishment : array_like
        ``P``, what carrying out the threat costs the target (stake units).
    sunk_cost : array_like, optional
        ``k``, the cost of the ``sink`` signal (stake units; default 0).
    audience_cost : array_like, optional
        ``a``, the coercer's audience cost of backing down after ``tie``
        (default 0).
    messages : sequence of str, optional
        A subset of ``("none", "sink", "tie")``.
    types : sequence of str or None, optional
        Type names (default ``resolved``, ``bluffer`` for two types).
    target_audience_cost : array_like, optional
        ``f``, the target's cost of complying with a public (``tie``) demand.

    Returns
    -------
    Game
        The sender-receiver game.

    Raises
    ------
    ParameterError
        A bad prior (``prior``), unknown or repeated messages (``messages``),
        out-of-range numbers (named by argument).

    Examples
    --------
    >>> from compellence.coercion import resolve_game
    >>> g = resolve_game([0.3, 0.7], [1.0, 0.2], war_share=0.6, war_cost=0.2, demand=0.3,
    ...                  punishment=1.0, sunk_cost=0.4, messages=("none", "sink"))
    >>> g.players
    ('Coercer', 'Target')
    """
    q, v, p, c, x, P, k, a = _inputs(prior, values, war_share, war_cost, demand, punishment,
                                     sunk_cost, audience_cost)
    msgs = tuple(messages)
    if not msgs or len(set(msgs)) != len(msgs) or any(m not in MESSAGES for m in msgs):
        raise ParameterError(f"must be distinct messages from {list(MESSAGES)}, got {list(messages)}", "messages")
    f = check_real(target_audience_cost, "target_audience_cost", 0.0)
    T = v.shape[-1]
    labels = tuple(types) if types is not None else (("resolved", "bluffer") if T == 2 else
                                                      tuple(f"type{i}" for i in range(T)))
    if len(labels) != T or len(set(labels)) != T:
        raise ParameterError(f"must be {T} distinct labels, got {list(labels)}", "types")

    def leaf(t: int, m: str, comply: bool) -> Any:
        vt = v[..., t]
        cost = k if m == "sink" else 0.0
        if comply:
            return outcome(Coercer=vt - cost, Target=-x - (f if m == "tie" else 0.0 * f))
        fight = p * vt - c
        back = -a if m == "tie" else 0.0 * vt
        carry = fight >= back
        return outcome(Coercer=np.where(carry, fight, back) - cost, Target=np.where(carry, -P, 0.0 * P))

    def sender(t: int) -> Any:
        return decision("Coercer", {
            m: decision("Target", {"comply": leaf(t, m, True), "resist": leaf(t, m, False)}, infoset=f"after {m}")
            for m in msgs
        })

    return Game(["Coercer", "Target"], chance({labels[t]: (q[..., t], sender(t)) for t in range(T)}),
                title="coercer resolve: costly signals")


def sinking_separates(
    values: ArrayLike,
    *,
    war_share: ArrayLike,
    war_cost: ArrayLike,
    sunk_cost: ArrayLike,
) -> np.ndarray:
    """Two types ``values = (v_R, v_B)``: a separating equilibrium with sunk costs exists iff
    ``v_B <= k <= (1 - p) v_R + c`` (module docstring; given ``0 < x < P`` and R resolved, B bluffing).

    Parameters
    ----------
    values : array_like
        ``(v_R, v_B)`` (last axis).
    war_share, war_cost : array_like
        ``p``, ``c``.
    sunk_cost : array_like
        ``k`` (stake units).

    Returns
    -------
    numpy.ndarray
        Boolean mask, the broadcast shape.

    Examples
    --------
    >>> from compellence.coercion import sinking_separates
    >>> sinking_separates([1.0, 0.2], war_share=0.6, war_cost=0.2, sunk_cost=[0.1, 0.3, 0.7]).tolist()
    [False, True, False]
    """
    v = check_real(values, "values")
    p = check_real(war_share, "war_share", 0.0, 1.0)
    c = check_real(war_cost, "war_cost", 0.0)
    k = check_real(sunk_cost, "sunk_cost", 0.0)
    return (v[..., 1] <= k) & (k <= (1 - p) * v[..., 0] + c)


def tying_hybrid(
    prior_resolved: ArrayLike,
    bluffer_value: ArrayLike,
    *,
    demand: ArrayLike,
    punishment: ArrayLike,
    audience_cost: ArrayLike,
) -> dict[str, np.ndarray]:
    """The semi-separating tying-hands equilibrium (module docstring), where it exists
    (``q_R < theta = x / P`` and the tie does not commit the bluffer).

    Returns ``{"bluffer_ties": sigma, "target_resists_tie": rho, "belief_after_tie": theta}``.

    Parameters
    ----------
    prior_resolved : array_like
        ``q_R``, the prior that the coercer is resolved.
    bluffer_value : array_like
        ``v_B``, the bluffer's value of the stake.
    demand : array_like
        ``x`` (share of the stake).
    punishment : array_like
        ``P`` (stake units).
    audience_cost : array_like
        ``a``, the coercer's audience cost of backing down after a tie.

    Returns
    -------
    dict of str to numpy.ndarray
        ``{"bluffer_ties": sigma, "target_resists_tie": rho, "belief_after_tie": theta}``.

    Raises
    ------
    ParameterError
        Where the hybrid equilibrium does not exist, or an input out of range.

    Examples
    --------
    >>> from compellence.coercion import tying_hybrid
    >>> out = tying_hybrid(0.2, 0.1, demand=0.5, punishment=1.0, audience_cost=0.3)
    >>> {k: round(float(v), 6) for k, v in out.items()}
    {'bluffer_ties': 0.25, 'target_resists_tie': 0.25, 'belief_after_tie': 0.5}
    """
    qR = check_real(prior_resolved, "prior_resolved", 0.0, 1.0)
    vB = check_real(bluffer_value, "bluffer_value", 0.0, lo_open=True)
    x = check_real(demand, "demand", 0.0, lo_open=True)
    P = check_real(punishment, "punishment", 0.0, lo_open=True)
    a = check_real(audience_cost, "audience_cost", 0.0)
    theta = x / P
    sigma = qR * (1 - theta) / ((1 - qR) * theta)
    return {"bluffer_ties": sigma, "target_resists_tie": vB / (vB + a), "belief_after_tie": theta}


def tying_cutpoint(
    *,
    war_share: ArrayLike,
    war_cost: ArrayLike,
    punishment: ArrayLike,
    compliance_cost_max: ArrayLike,
    value_low: ArrayLike = 0.0,
    value_high: ArrayLike = 1.0,
) -> dict[str, np.ndarray]:
    """Tying hands with a continuum of coercer types and a target of private cost: the cutpoint equilibrium.

    The minimal continuous extension of :func:`resolve_game` (Fearon 1997's
    setting: a continuum of signaller types, an other side that may still
    resist after a signal).  Coercer type ``v ~ U[value_low, value_high]``
    (its value of the stake; carrying out gives ``p v - c``, backing down 0,
    or ``-a`` after tying its hands with audience cost ``a``).  The target's
    cost of complying is private, ``x ~ U[0, X]`` (``X = compliance_cost_max``,
    independent of ``v``); it resists iff ``x > mu P``, ``mu`` its belief that
    the threat will be carried out, so it complies with probability
    ``min(mu P / X, 1)``.

    **Equilibrium** (derived by hand): the coercer ties its hands iff
    ``v >= v*``, with the audience cost ``a* = max(c - p v*, 0)`` (the smallest
    that commits the cutpoint type), and every type that ties carries out if
    resisted (``p v - c >= -a*`` for ``v >= v*``): no bluffing.  After a tie
    ``mu = 1`` and the target complies with probability
    ``s = min(P / X, 1)``; without a tie only types ``v < v* <= c/p`` remain,
    none carries out, ``mu = 0`` and the target resists.  Type ``v >= v*``
    gets ``s v + (1 - s)(p v - c)`` from tying (increasing in ``v``) and 0
    from not tying, so the cutpoint solves ``s v* + (1 - s)(p v* - c) = 0``::

        v* = (1 - s) c / (s + (1 - s) p)        (<= c / p),

    clipped to ``[value_low, value_high]`` (all types tie, or none).  Any
    other audience cost is off the path and met with ``mu = 0`` (resistance).
    Derived: ``tie_probability = Pr(v >= v*)``, ``war_probability =
    Pr(v >= v*) (1 - s)`` (a tied coercer that is resisted fights), and
    ``bluff_probability = 0`` (``Pr(v >= v*, p v - c < -a*)``, computed, not
    assumed).

    Source: Fearon (1997) "Signaling foreign policy interests: tying hands
    versus sinking costs", JCR 41(1), 68-90: "in the games' equilibria,
    leaders never bluff with either type of signal; they do not incur or
    create costs and then fail to respond if challenged" (abstract).  The
    signal size, the type distributions and the target's response here are
    this module's, not Fearon's exact specification.

    Parameters
    ----------
    war_share : array_like
        ``p``.
    war_cost : array_like
        ``c`` (stake units).
    punishment : array_like
        ``P`` (stake units).
    compliance_cost_max : array_like
        ``X``, the largest private compliance cost of the target.
    value_low, value_high : array_like, optional
        The support of the coercer's type ``v`` (default [0, 1]).

    Returns
    -------
    dict of str to numpy.ndarray
        ``cutpoint``, ``audience_cost``, ``comply_after_tie``,
        ``tie_probability``, ``war_probability``, ``bluff_probability``.

    Raises
    ------
    ParameterError
        An input out of range (named).

    Examples
    --------
    >>> from compellence.coercion import tying_cutpoint
    >>> out = tying_cutpoint(war_share=0.6, war_cost=0.3, punishment=0.5, compliance_cost_max=1.0)
    >>> round(float(out["cutpoint"]), 12), float(out["bluff_probability"])
    (0.1875, 0.0)
    """
    p = check_real(war_share, "war_share", 0.0, 1.0, lo_open=True)
    c = check_real(war_cost, "war_cost", 0.0)
    P = check_real(punishment, "punishment", 0.0, lo_open=True)
    X = check_real(compliance_cost_max, "compliance_cost_max", 0.0, lo_open=True)
    lo = check_real(value_low, "value_low", 0.0)
    hi = check_real(value_high, "value_high", 0.0)
    if np.any(hi <= lo):
        raise ParameterError("must be above value_low", "value_high")
    s = np.minimum(P / X, 1.0)
    raw = (1 - s) * c / (s + (1 - s) * p)
    vstar = np.clip(raw, lo, hi)
    a = np.maximum(c - p * vstar, 0.0)
    tie = (hi - vstar) / (hi - lo)
    # types in [v*, hi] that would back down after resistance: p v - c < -a  <=>  v < (c - a)/p
    # (monotone in v, so none bluffs iff the cutpoint type carries out; 1e-12: rounding of a*)
    bluff_top = np.where(p * vstar - c >= -a - 1e-12, vstar, np.clip((c - a) / p, vstar, hi))
    return {"cutpoint": vstar, "audience_cost": a, "comply_after_tie": s, "tie_probability": tie,
            "war_probability": tie * (1 - s), "bluff_probability": (bluff_top - vstar) / (hi - lo)}


def private_threat(prior_resolved: ArrayLike, *, demand: ArrayLike, punishment: ArrayLike,
                   target_audience_cost: ArrayLike) -> dict[str, np.ndarray]:
    """Private versus public threats with a target that has its own audience (Kurizaki 2007), closed form.

    The game is :func:`resolve_game` with messages ``("none", "tie")``:
    ``none`` is the private threat (no audience sees it: it costs the coercer
    nothing and lets the target give in without a public climb-down), ``tie``
    the public threat (audience cost ``a`` for the coercer if it backs down;
    the target pays ``f = target_audience_cost`` on top of ``x`` if it
    complies with it).  The target complies after message ``m`` iff its
    belief ``mu`` that the threat will be carried out satisfies
    ``mu P >= x + f 1[m = tie]``.  Derived by hand (two types, the resolved
    one carries out, the bluffer would not after a private threat):

    * ``private_pooling`` (both types threaten privately, the target
      complies; a public threat, off the path, is resisted, supported by
      ``mu = 0``): a PBE iff ``q_R P >= x``.  The resolved type cannot gain
      by going public (compliance is already its best outcome) and the
      bluffer neither (resisted, it would pay ``a`` or fight).
    * ``public_compels_when_credible``: even a fully credible public threat
      (``mu = 1``) is complied with only if ``P >= x + f``.

    So when ``q_R P >= x > P - f`` the private threat, believed only with
    probability ``q_R``, compels while a fully credible public one would
    not: Kurizaki's "a private threat, albeit of limited credibility, can be
    equally compelling as a fully credible public threat" (abstract), here
    with the target's audience cost as the named mechanism (``f = 0`` makes
    the public threat compel whenever it is credible).

    Source: S. Kurizaki (2007) "Efficient secrecy: public versus private
    threats in crisis diplomacy", American Political Science Review 101(3),
    543-558 (abstract quoted).  The two-type structure and payoffs are those
    of :func:`resolve_game`, not Kurizaki's exact game.

    Parameters
    ----------
    prior_resolved : array_like
        ``q_R``, the prior that the coercer is resolved.
    demand : array_like
        ``x`` (share of the stake).
    punishment : array_like
        ``P`` (stake units).
    target_audience_cost : array_like
        ``f``, the target's cost of complying with a public threat.

    Returns
    -------
    dict of str to numpy.ndarray
        ``private_pooling`` and ``public_compels_when_credible`` (boolean masks)
        and the belief after the private threat.

    Raises
    ------
    ParameterError
        An input out of range (named).

    Examples
    --------
    >>> from compellence.coercion import private_threat
    >>> out = private_threat(0.6, demand=0.4, punishment=1.0, target_audience_cost=0.7)
    >>> bool(out["private_pooling"]), bool(out["public_compels_when_credible"])
    (True, False)
    """
    qR = check_real(prior_resolved, "prior_resolved", 0.0, 1.0)
    x = check_real(demand, "demand", 0.0, lo_open=True)
    P = check_real(punishment, "punishment", 0.0, lo_open=True)
    f = check_real(target_audience_cost, "target_audience_cost", 0.0)
    return {"private_pooling": qR * P >= x, "public_compels_when_credible": P >= x + f,
            "belief_after_private_threat": qR + 0.0 * (x + P + f)}


def signal_regions(
    prior: ArrayLike,
    values: ArrayLike,
    *,
    war_share: ArrayLike,
    war_cost: ArrayLike,
    demand: ArrayLike,
    punishment: ArrayLike,
    sunk_cost: ArrayLike = 0.0,
    audience_cost: ArrayLike = 0.0,
    signal: str = "sink",
) -> pd.DataFrame:
    """Which pure equilibria exist at each parameter point, for ``none`` vs one ``signal``.

    One row per batch point (the broadcast inputs flattened): ``pooling``,
    ``separating`` (any pure equilibrium of that kind), ``separating_d1``
    (one that survives D1), and ``resolve_revealed`` (a separating equilibrium
    in which the target complies with the signaller and resists the silent
    type).  Solved by :func:`~compellence.solvers.signalling.signalling_sweep`
    (vectorised for two types).

    Parameters
    ----------
    prior : array_like
        The target's prior over the coercer's types (probabilities; last axis
        the types).
    values : array_like
        Each type's value of the stake (last axis the types).
    war_share : array_like
        ``p``, the coercer's expected share of the stake in war.
    war_cost : array_like
        ``c``, the coercer's cost of war (stake units).
    demand : array_like
        ``x``, the concession demanded (share of the stake).
    punishment : array_like
        ``P``, what carrying out the threat costs the target (stake units).
    sunk_cost : array_like, optional
        ``k``, the cost of the ``sink`` signal (stake units; default 0).
    audience_cost : array_like, optional
        ``a``, the coercer's audience cost of backing down after ``tie``
        (default 0).
    signal : {"sink", "tie"}, optional
        The costly message tested against ``none`` (default ``"sink"``).

    Returns
    -------
    pandas.DataFrame
        One row per batch point.

    Raises
    ------
    ParameterError
        An input out of range (named).

    Examples
    --------
    >>> from compellence.coercion import signal_regions
    >>> df = signal_regions([0.3, 0.7], [1.0, 0.2], war_share=0.6, war_cost=0.2, demand=0.3,
    ...                     punishment=1.0, sunk_cost=[[0.1], [0.4]])
    >>> df[["pooling", "separating", "resolve_revealed"]].values.tolist()
    [[True, False, False], [True, True, True]]
    """
    from ..solvers.signalling import signalling_sweep

    if signal not in ("sink", "tie"):
        raise ParameterError(f"must be 'sink' or 'tie', got {signal!r}", "signal")
    g = resolve_game(prior, values, war_share=war_share, war_cost=war_cost, demand=demand,
                     punishment=punishment, sunk_cost=sunk_cost, audience_cost=audience_cost,
                     messages=("none", signal))
    sw = signalling_sweep(g)
    cols = np.array([s == (signal, "none") and r == ("resist", "comply") for s, r in sw.profiles])
    revealed = np.any(sw.equilibrium & cols, axis=-1)
    return pd.DataFrame({
        "pooling": np.ravel(sw.exists("pooling")),
        "separating": np.ravel(sw.exists("separating")),
        "separating_d1": np.ravel(sw.exists("separating", "d1")),
        "resolve_revealed": np.ravel(revealed),
        "n_pure_equilibria": np.ravel(sw.count),
    })
