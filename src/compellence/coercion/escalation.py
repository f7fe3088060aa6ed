"""Escalation and brinkmanship (Schelling 1960, 1966; Powell 1990), and the cornered target.

**Resolve** (Powell 1990).  Player i's resolve is the largest risk of disaster
it will run rather than submit:

    r_i = (u_i(prevail) - u_i(submit)) / (u_i(prevail) - u_i(disaster)).

Taking one more step to the brink that carries conditional risk rho is worth
it against an opponent who would then submit iff
(1 - rho) u_i(prevail) + rho u_i(disaster) >= u_i(submit), i.e. rho <= r_i.

**Cutoff reading** (our reduction): a player stays at the brink while the
cumulative risk q_k = 1 - prod_{j<=k} (1 - rho_j) is at most its resolve, so
the less resolved side backs down first, at the first step where q_k exceeds
its resolve, and the chance that the crisis ended in disaster first is the
cumulative risk run up to then.  With resolves uncertain, r_A ~ F_A,
r_B ~ F_B, under continuous risk (Powell 1990's "manipulation of risk")

    Pr(A prevails) = Pr(r_A > r_B),   Pr(disaster) = E[min(r_A, r_B)]
                                          = int_0^1 (1 - F_A(q)) (1 - F_B(q)) dq.

**Complete-information brinkmanship** as an alternating tree
(:func:`brinkmanship_game`): at step k the mover submits or escalates; an
escalation brings disaster with probability rho_k; after the last step
disaster is certain.  Backward induction (our closed form for this tree):

    E_K = true;  E_k = (not E_{k+1}) and rho_k <= r_{mover(k)},

the mover escalates at k iff E_k.  So the first mover either submits at once
or escalates once and the other side submits: under complete information
nobody climbs far up the ladder (the reason Powell 1990 needs private
resolve for sustained brinkmanship).

**Cornered target** (stylised, ours; the accounting of
:mod:`compellence.coercion.offramp`).  The target bears punishment ``s`` per
period, a share ``r`` of it reversible.  The irreversible part is a floor
``F = (1 - r) s D`` (``D = delta / (1 - delta)``) that persists on EVERY
branch: firms that left stay away whether the target complies, endures or
escalates, and whether the coercer lifts or backs down.  The reversible part
is what the coercer controls, and while the target holds out the coercer
escalates it by the factor ``g`` per period: continued, it is worth

    Q = r s delta / (1 - delta g)          (delta g < 1; Q = r s D at g = 1).

The target can comply (concede ``x``; the coercer lifts with probability
``pi_A``, else the escalation goes on), endure (the coercer carries on with
probability ``pi_T``, else backs down) or escalate (disaster costing it ``C``
with probability ``rho``; otherwise the coercer backs down with probability
``b``, or holds and carries on with probability ``pi_T``).  Costs by branch::

    comply:    lifted  F + x              kept     F + x + Q
    endure:    carried on  F + Q          spared   F
    escalate:  disaster  F + C            backs down  F      holds: carried on F + Q, spared F

so (values = minus expected costs)

    V_comply   = -F - x - (1 - pi_A) Q
    V_endure   = -F - pi_T Q
    V_escalate = -F - rho C - (1 - rho)(1 - b) pi_T Q.

The floor cancels from every comparison: irreversible punishment corners
nobody.  Complying beats enduring iff the off-ramp margin
``M = (pi_T + pi_A - 1) Q - x >= 0`` (the canonical margin with ``r s D``
replaced by ``Q``).  Escalating beats enduring iff
``pi_T Q (rho + (1 - rho) b) > rho C``, i.e. ``Q > Q* = rho C / (pi_T (rho +
(1 - rho) b))``; escalating beats complying iff
``x + (1 - pi_A - (1 - rho)(1 - b) pi_T) Q > rho C``.  So a target without an
off-ramp (``M < 0``; with ``pi_A = 0`` complying is dominated outright)
escalates once the reversible, escalating punishment passes ``Q*`` and
endures below it; irreversible punishment (``r = 0``: ``Q = 0``) never
drives it to escalate, however harsh.  An off-ramp (``M >= 0``) turns the
same pressure into compliance unless escalating beats complying too.
Overt aid to the target's adversary raises the per-step risk rho
(:func:`risk_schedule`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import integrate

from ..errors import ParameterError
from ..games.nodes import chance, decision, outcome
from ..games.tree import Game
from ..validation import check_int, check_real
from ._richer import ResultMixin, broadcast

if TYPE_CHECKING:
    from scipy.stats._distn_infrastructure import rv_frozen

__all__ = [
    "resolve",
    "risk_schedule",
    "cumulative_risk",
    "Brinkmanship",
    "brinkmanship",
    "brinkmanship_uncertain",
    "BrinkmanshipSPE",
    "brinkmanship_spe",
    "brinkmanship_game",
    "Cornered",
    "cornered",
    "cornered_game",
    "escalating_punishment",
]


def resolve(u_prevail: ArrayLike, u_submit: ArrayLike, u_disaster: ArrayLike) -> np.ndarray:
    """r = (u(prevail) - u(submit)) / (u(prevail) - u(disaster)), in [0, 1] (Powell 1990).

    Needs u(prevail) >= u(submit) > u(disaster).

    Parameters
    ----------
    u_prevail, u_submit, u_disaster : array_like
        The player's payoffs of prevailing, submitting and disaster.

    Returns
    -------
    numpy.ndarray
        ``r`` in [0, 1], the broadcast shape.

    Raises
    ------
    ParameterError
        The payoffs are not ordered ``u(prevail) >= u(submit) > u(disaster)``.

    Examples
    --------
    >>> from compellence.coercion import resolve
    >>> float(resolve(1.0, 0.0, -4.0))
    0.2
    """
    up = check_real(u_prevail, "u_prevail")
    us = check_real(u_submit, "u_submit")
    ud = check_real(u_disaster, "u_disaster")
    (up, us, ud), _ = broadcast(u_prevail=up, u_submit=us, u_disaster=ud)
    if np.any(us <= ud):
        raise ParameterError("submitting must beat disaster (u_submit > u_disaster)", "u_submit")
    if np.any(up < us):
        raise ParameterError("prevailing must be at least as good as submitting", "u_prevail")
    return (up - us) / (up - ud)


def risk_schedule(
    base: ArrayLike,
    steps: int,
    growth: ArrayLike = 1.0,
    aid: ArrayLike = 0.0,
    aid_effect: ArrayLike = 0.0,
) -> np.ndarray:
    """Per-step conditional risks rho_k = min(1, (base + aid_effect * aid) growth^k), k = 0..steps-1.

    Stylised: each rung of escalation is riskier by the factor ``growth``;
    overt aid (level ``aid``) adds ``aid_effect * aid`` to the risk of every
    step.  Shape ``(*batch, steps)``.

    Parameters
    ----------
    base : array_like
        Risk of the first step (probability).
    steps : int
        Number of steps.
    growth : array_like, optional
        Factor by which each step is riskier (default 1).
    aid : array_like, optional
        Level of overt aid (default 0).
    aid_effect : array_like, optional
        Added risk per unit of aid (default 0).

    Returns
    -------
    numpy.ndarray
        ``(*batch, steps)`` risks.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import risk_schedule
    >>> risk_schedule(0.1, 4, growth=2.0).tolist()
    [0.1, 0.2, 0.4, 0.8]
    """
    b = check_real(base, "base", lo=0.0, hi=1.0)
    n = check_int(steps, "steps", lo=1)
    g = check_real(growth, "growth", lo=0.0)
    a = check_real(aid, "aid", lo=0.0)
    e = check_real(aid_effect, "aid_effect", lo=0.0)
    (b, g, a, e), _ = broadcast(base=b, growth=g, aid=a, aid_effect=e)
    k = np.arange(n)
    return np.clip((b + e * a)[..., None] * g[..., None] ** k, 0.0, 1.0)


def cumulative_risk(risks: ArrayLike) -> np.ndarray:
    """q_k = 1 - prod_{j <= k} (1 - rho_j) along the last axis.

    Parameters
    ----------
    risks : array_like
        Per-step conditional risks (last axis = step).

    Returns
    -------
    numpy.ndarray
        ``q_k``, the same shape.

    Examples
    --------
    >>> from compellence.coercion import cumulative_risk
    >>> cumulative_risk([0.1, 0.2, 0.5]).round(6).tolist()
    [0.1, 0.28, 0.64]
    """
    rho = check_real(risks, "risks", lo=0.0, hi=1.0)
    if rho.ndim == 0:
        rho = rho[None]
    return 1.0 - np.cumprod(1.0 - rho, axis=-1)


@dataclass(frozen=True, eq=False, repr=False)
class Brinkmanship(ResultMixin):
    """Outcome of the cutoff rule (batched).

    ``exit_a``/``exit_b``: first step k whose cumulative risk q_k exceeds the
    player's resolve (= number of steps the player accepts; ``steps`` if
    never); ``backs_down``: 0 = A, 1 = B, -1 = both at the same step, -2 =
    nobody within the schedule; ``stop_step`` = min(exit_a, exit_b);
    ``risk_run`` = cumulative risk borne before the crisis stops (probability
    that it ended in disaster).

    Attributes
    ----------
    exit_a, exit_b : numpy.ndarray
        Steps each player accepts.
    stop_step : numpy.ndarray
        ``min(exit_a, exit_b)``.
    backs_down : numpy.ndarray
        0 = A, 1 = B, -1 = both, -2 = nobody.
    risk_run : numpy.ndarray
        The cumulative risk run before the stop.

    Examples
    --------
    >>> from compellence.coercion import brinkmanship
    >>> out = brinkmanship(0.5, 0.3, [0.1, 0.2, 0.5])
    >>> int(out.backs_down), int(out.stop_step), round(float(out.risk_run), 6)
    (-1, 2, 0.28)
    """

    exit_a: np.ndarray
    exit_b: np.ndarray
    stop_step: np.ndarray
    backs_down: np.ndarray
    risk_run: np.ndarray

    _frame_fields = ("exit_a", "exit_b", "stop_step", "backs_down", "risk_run")


def brinkmanship(resolve_a: ArrayLike, resolve_b: ArrayLike, risks: ArrayLike) -> Brinkmanship:
    """Each player stays at the brink while cumulative risk <= its resolve (module docstring).

    ``risks[..., k]`` are the per-step conditional risks (last axis = step).

    Parameters
    ----------
    resolve_a, resolve_b : array_like
        Each player's resolve (the largest cumulative risk it accepts, in
        [0, 1]; see :func:`resolve`).
    risks : array_like
        Per-step conditional risks (last axis = step).

    Returns
    -------
    Brinkmanship
        Who backs down, when, and the risk run.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import brinkmanship
    >>> brinkmanship([0.2, 0.9], 0.5, [0.1, 0.2, 0.5]).backs_down.tolist()
    [0, 1]
    """
    ra = check_real(resolve_a, "resolve_a", lo=0.0, hi=1.0)
    rb = check_real(resolve_b, "resolve_b", lo=0.0, hi=1.0)
    q = cumulative_risk(risks)
    steps = q.shape[-1]
    try:
        batch = np.broadcast_shapes(ra.shape, rb.shape, q.shape[:-1])
    except ValueError:
        raise ParameterError(
            f"resolve_a {ra.shape}, resolve_b {rb.shape} and the risk schedule's batch shape "
            f"{q.shape[:-1]} do not broadcast",
            "risks",
        ) from None
    q = np.broadcast_to(q, (*batch, steps))
    ra = np.broadcast_to(ra, batch)[..., None]
    rb = np.broadcast_to(rb, batch)[..., None]

    def exit_step(r: np.ndarray) -> np.ndarray:
        over = q > r + 1e-15
        return np.where(over.any(axis=-1), np.argmax(over, axis=-1), steps)

    ea, eb = exit_step(ra), exit_step(rb)
    stop = np.minimum(ea, eb)
    who = np.where(ea < eb, 0, np.where(eb < ea, 1, np.where(ea == steps, -2, -1)))
    qpad = np.concatenate([np.zeros((*batch, 1)), q], axis=-1)
    risk_run = np.take_along_axis(qpad, stop[..., None], axis=-1)[..., 0]
    return Brinkmanship(ea, eb, stop, who, risk_run)


def brinkmanship_uncertain(dist_a: rv_frozen, dist_b: rv_frozen) -> tuple[float, float]:
    """(Pr(A prevails), Pr(disaster)) with resolves r_A ~ dist_a, r_B ~ dist_b (frozen scipy).

    Continuous risk: Pr(A prevails) = Pr(r_A > r_B) = int F_B dF_A and
    Pr(disaster) = E[min(r_A, r_B)] = int_0^1 (1 - F_A(q))(1 - F_B(q)) dq
    (scipy ``quad``; resolves are clipped to [0, 1]).

    Parameters
    ----------
    dist_a, dist_b : scipy.stats distribution
        Frozen laws of the two resolves.

    Returns
    -------
    tuple of float
        ``(Pr(A prevails), Pr(disaster))``.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.coercion import brinkmanship_uncertain
    >>> tuple(round(v, 6) for v in brinkmanship_uncertain(stats.uniform(0, 1), stats.uniform(0, 1)))
    (0.5, 0.333333)
    """
    for name, d in (("dist_a", dist_a), ("dist_b", dist_b)):
        if not (hasattr(d, "cdf") and hasattr(d, "pdf")):
            raise ParameterError("must be a frozen continuous scipy.stats distribution", name)

    def fa(q):
        return float(np.clip(dist_a.cdf(q), 0, 1))

    def fb(q):
        return float(np.clip(dist_b.cdf(q), 0, 1))

    disaster, _ = integrate.quad(lambda q: (1 - fa(q)) * (1 - fb(q)), 0.0, 1.0, limit=200)
    # clipped resolves: B has an atom F_B(0) at 0 and density f_B on (0, 1); A > B
    # needs A > 0 at the atom and A > q inside; A never exceeds 1
    inside, _ = integrate.quad(lambda q: (1 - fa(q)) * float(dist_b.pdf(q)), 0.0, 1.0, limit=200)
    prevail_a = fb(0.0) * (1 - fa(0.0)) + inside
    return float(prevail_a), float(disaster)


# ---------------------------------------------------------------------- complete information
@dataclass(frozen=True, eq=False, repr=False)
class BrinkmanshipSPE(ResultMixin):
    """Backward-induction outcome of :func:`brinkmanship_game` (batched).

    ``escalate`` ``(*batch, K)``: E_k (the mover at step k escalates if
    reached); ``submits``: 0 = A, 1 = B (who submits on the equilibrium
    path); ``submit_step``; ``p_disaster`` (disaster on the path); ``value_a``,
    ``value_b`` expected payoffs.

    Attributes
    ----------
    submits : numpy.ndarray
        0 = A, 1 = B (who submits on the path).
    submit_step : numpy.ndarray
        The step at which it submits.
    p_disaster : numpy.ndarray
        Probability of disaster on the path.
    value_a, value_b : numpy.ndarray
        Expected payoffs.
    escalate : numpy.ndarray
        ``(*batch, K)``: whether the mover at step k escalates if reached.

    Examples
    --------
    >>> from compellence.coercion import brinkmanship_spe
    >>> out = brinkmanship_spe([1.0, 0.0, -4.0], [1.0, 0.0, -1.0], [0.1, 0.3, 0.5])
    >>> int(out.submits), int(out.submit_step), round(float(out.p_disaster), 6)
    (0, 0, 0.0)
    """

    submits: np.ndarray
    submit_step: np.ndarray
    p_disaster: np.ndarray
    value_a: np.ndarray
    value_b: np.ndarray
    escalate: np.ndarray

    _frame_fields = ("submits", "submit_step", "p_disaster", "value_a", "value_b")


def _check_utils(u: Any, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not isinstance(u, (tuple, list)) or len(u) != 3:
        raise ParameterError("must be (u_prevail, u_submit, u_disaster)", name)
    up, us, ud = (check_real(v, f"{name}[{j}]") for j, v in enumerate(u))
    if np.any(np.broadcast_to(us, np.broadcast_shapes(us.shape, ud.shape)) <= ud):
        raise ParameterError("needs u_submit > u_disaster", name)
    if np.any(np.broadcast_to(up, np.broadcast_shapes(up.shape, us.shape)) < us):
        raise ParameterError("needs u_prevail >= u_submit", name)
    return up, us, ud



def _ladder_inputs(first: str, u_a: Any, u_b: Any, risks: Any):
    """Validated inputs of an escalation ladder: both players' utilities and the risks."""
    if first not in ("A", "B"):
        raise ParameterError(f"must be 'A' or 'B', got {first!r}", "first")
    rho = check_real(risks, "risks", lo=0.0, hi=1.0)
    if rho.ndim == 0:
        rho = rho[None]
    return _check_utils(u_a, "u_a"), _check_utils(u_b, "u_b"), rho

def brinkmanship_spe(
    u_a: ArrayLike,
    u_b: ArrayLike,
    risks: ArrayLike,
    first: Literal["A", "B"] = "A",
) -> BrinkmanshipSPE:
    """Closed form of the complete-information brinkmanship tree (module docstring).

    ``u_a``, ``u_b``: (prevail, submit, disaster) payoffs; ``risks[..., k]``
    the conditional risk of escalation step k; movers alternate from
    ``first``.  E_k = (not E_{k+1}) and rho_k <= r_mover(k), E_K = true.

    Parameters
    ----------
    u_a, u_b : array_like
        Each player's (prevail, submit, disaster) payoffs (last axis of 3).
    risks : array_like
        ``risks[..., k]``, the conditional risk of escalation step k.
    first : {"A", "B"}, optional
        Who moves first (default ``"A"``).

    Returns
    -------
    BrinkmanshipSPE
        The outcome.

    Raises
    ------
    ParameterError
        Misordered payoffs, risks out of range, or an unknown ``first``.

    Examples
    --------
    >>> from compellence.coercion import brinkmanship_spe
    >>> brinkmanship_spe([1.0, 0.0, -4.0], [1.0, 0.0, -1.0], [0.1, 0.3, 0.5]).escalate.tolist()
    [False, True, False]
    """
    (pa, sa, da), (pb, sb, db), rho = _ladder_inputs(first, u_a, u_b, risks)
    K = rho.shape[-1]
    ra = (pa - sa) / (pa - da)
    rb = (pb - sb) / (pb - db)
    try:
        batch = np.broadcast_shapes(rho.shape[:-1], ra.shape, rb.shape)
    except ValueError:
        raise ParameterError("payoffs and risk schedule do not broadcast", "risks") from None
    rho = np.broadcast_to(rho, (*batch, K))
    movers = [(k + (0 if first == "A" else 1)) % 2 for k in range(K)]
    res = [np.broadcast_to(ra, batch), np.broadcast_to(rb, batch)]
    esc = np.empty((*batch, K), dtype=bool)
    nxt = np.ones(batch, dtype=bool)
    for k in range(K - 1, -1, -1):
        cur = ~nxt & (rho[..., k] <= res[movers[k]] + 1e-12)
        esc[..., k] = cur
        nxt = cur
    m0 = movers[0]
    m1 = 1 - m0
    e0 = esc[..., 0]
    submits = np.where(e0, m1, m0)
    step = np.where(e0, 1, 0)
    pdis = np.where(e0, rho[..., 0], 0.0)
    P = [np.broadcast_to(pa, batch), np.broadcast_to(pb, batch)]
    S = [np.broadcast_to(sa, batch), np.broadcast_to(sb, batch)]
    Dz = [np.broadcast_to(da, batch), np.broadcast_to(db, batch)]
    vals = []
    for i in (0, 1):
        win = np.where(submits == i, S[i], P[i])
        vals.append(pdis * Dz[i] + (1 - pdis) * win)
    return BrinkmanshipSPE(submits, step, pdis, vals[0], vals[1], esc)


def brinkmanship_game(
    u_a: ArrayLike,
    u_b: ArrayLike,
    risks: ArrayLike,
    first: Literal["A", "B"] = "A",
) -> Game:
    """Alternating brinkmanship as a tree (players ``["A", "B"]``).

    At step k the mover chooses "escalate" or "submit" (submitting gives the
    other side the prize).  "escalate" -> chance: "disaster" (rho_k, both get
    their disaster payoff) or "survive" -> the other player's move at k+1.
    After the last step (k = K) disaster is certain.  Its backward-induction
    solution is :func:`brinkmanship_spe`.

    Parameters
    ----------
    u_a, u_b : array_like
        Each player's (prevail, submit, disaster) payoffs (last axis of 3).
    risks : array_like
        ``risks[..., k]``, the conditional risk of escalation step k.
    first : {"A", "B"}, optional
        Who moves first (default ``"A"``).

    Returns
    -------
    Game
        The tree.

    Raises
    ------
    ParameterError
        Misordered payoffs, risks out of range, or an unknown ``first``.

    Examples
    --------
    >>> import compellence as cp
    >>> from compellence.coercion import brinkmanship_game
    >>> cp.spe(brinkmanship_game([1.0, 0.0, -4.0], [1.0, 0.0, -1.0], [0.1, 0.3, 0.5])).path()
    ('submit',)
    """
    (pa, sa, da), (pb, sb, db), rho = _ladder_inputs(first, u_a, u_b, risks)
    K = rho.shape[-1]
    if K > 200:
        raise ParameterError("at most 200 steps", "risks")
    try:
        np.broadcast_shapes(rho.shape[:-1], *(a.shape for a in (pa, sa, da, pb, sb, db)))
    except ValueError:
        raise ParameterError("payoffs and risk schedule do not broadcast", "risks") from None
    players = ["A", "B"]
    start = 0 if first == "A" else 1
    disaster = outcome(A=da, B=db)

    def node(k: int):
        if k == K:
            return disaster
        mover = players[(k + start) % 2]
        submit = outcome(A=sa, B=pb) if mover == "A" else outcome(A=pa, B=sb)
        return decision(
            mover,
            {
                "escalate": chance({"disaster": (rho[..., k], disaster),
                                    "survive": (1.0 - rho[..., k], node(k + 1))}),
                "submit": submit,
            },
        )

    return Game(players, node(0), title="Brinkmanship")


# ---------------------------------------------------------------------- the cornered target
def escalating_punishment(s: ArrayLike, delta: ArrayLike, growth: ArrayLike = 1.0) -> np.ndarray:
    """P = sum_{t>=1} delta^t s growth^(t-1) = s delta / (1 - delta growth)  (needs delta growth < 1).

    Parameters
    ----------
    s : array_like
        Punishment in the first period (stake units per period).
    delta : array_like
        Per-period discount factor.
    growth : array_like, optional
        Growth factor per period (default 1; ``delta growth < 1``).

    Returns
    -------
    numpy.ndarray
        ``P`` (present value, stake units).

    Raises
    ------
    ParameterError
        ``delta growth >= 1`` or a value out of range.

    Examples
    --------
    >>> from compellence.coercion import escalating_punishment
    >>> round(float(escalating_punishment(0.1, 0.9)), 12), round(float(escalating_punishment(0.1, 0.9, 1.1)), 12)
    (0.9, 9.0)
    """
    ss = check_real(s, "s", lo=0.0)
    dl = check_real(delta, "delta", lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    g = check_real(growth, "growth", lo=0.0)
    (ss, dl, g), _ = broadcast(s=ss, delta=dl, growth=g)
    if np.any(dl * g >= 1.0):
        raise ParameterError("punishment grows too fast: needs delta * growth < 1", "growth")
    return ss * dl / (1.0 - dl * g)


@dataclass(frozen=True, eq=False, repr=False)
class Cornered(ResultMixin):
    """The target's three options (batched; module docstring).

    ``v_comply``, ``v_endure``, ``v_escalate`` (each includes the floor
    ``-F``); ``choice``: 0 comply, 1 endure, 2 escalate (first best on ties);
    ``margin`` ``M = (pi_T + pi_A - 1) Q - x`` (complying vs enduring);
    ``offramp`` = ``M >= 0``; ``escalation_beats_endurance``;
    ``punishment`` ``Q = r s delta / (1 - delta g)``, the present value of the
    reversible, escalating punishment (what the target's choice can still
    change); ``irreversible_pv`` ``F = (1 - r) s D`` (paid on every branch);
    ``critical_punishment`` ``Q* = rho C / (pi_T (rho + (1 - rho) b))``, the
    value of ``Q`` above which escalation beats enduring (inf if never).

    Attributes
    ----------
    v_comply, v_endure, v_escalate : numpy.ndarray
        The target's value of each option (stake units).
    choice : numpy.ndarray
        0 comply, 1 endure, 2 escalate.
    margin : numpy.ndarray
        ``M = (pi_T + pi_A - 1) Q - x``.
    offramp : numpy.ndarray
        ``M >= 0``.
    escalation_beats_endurance : numpy.ndarray
        Boolean mask.
    punishment, irreversible_pv, critical_punishment : numpy.ndarray
        ``Q``, ``F`` and the punishment at which the target escalates.

    Examples
    --------
    >>> from compellence.coercion import cornered
    >>> out = cornered(0.3, 0.1, 0.9, 0.9, 0.8, 0.8, growth=1.05)
    >>> int(out.choice), bool(out.offramp), bool(out.escalates)
    (0, True, False)
    """

    v_comply: np.ndarray
    v_endure: np.ndarray
    v_escalate: np.ndarray
    choice: np.ndarray
    margin: np.ndarray
    offramp: np.ndarray
    escalation_beats_endurance: np.ndarray
    punishment: np.ndarray
    irreversible_pv: np.ndarray
    critical_punishment: np.ndarray

    _frame_fields = ("v_comply", "v_endure", "v_escalate", "choice", "margin", "offramp",
                     "escalation_beats_endurance", "punishment", "irreversible_pv", "critical_punishment")

    @property
    def escalates(self) -> np.ndarray:
        """Whether the target escalates (``choice == 2``)."""
        return self.choice == 2


def _cornered_args(x, s, delta, pi_T, pi_A, r, growth, risk, backdown, catastrophe):
    xx = check_real(x, "x", lo=0.0)
    ss = check_real(s, "s", lo=0.0)
    dl = check_real(delta, "delta", lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    pt = check_real(pi_T, "pi_T", lo=0.0, hi=1.0)
    pa = check_real(pi_A, "pi_A", lo=0.0, hi=1.0)
    rr = check_real(r, "r", lo=0.0, hi=1.0)
    g = check_real(growth, "growth", lo=0.0)
    rho = check_real(risk, "risk", lo=0.0, hi=1.0)
    b = check_real(backdown, "backdown", lo=0.0, hi=1.0)
    c = check_real(catastrophe, "catastrophe", lo=0.0)
    arrs, _ = broadcast(x=xx, s=ss, delta=dl, pi_T=pt, pi_A=pa, r=rr, growth=g, risk=rho,
                        backdown=b, catastrophe=c)
    return arrs


def _floor_and_escalating(ss, dl, rr, g):
    """``F = (1 - r) s D`` and ``Q = r s delta / (1 - delta g)``."""
    D = dl / (1.0 - dl)
    return (1.0 - rr) * ss * D, escalating_punishment(rr * ss, dl, g)


def cornered(
    x: ArrayLike,
    s: ArrayLike,
    delta: ArrayLike,
    pi_T: ArrayLike,
    pi_A: ArrayLike,
    r: ArrayLike,
    *,
    growth: ArrayLike = 1.0,
    risk: ArrayLike = 0.1,
    backdown: ArrayLike = 0.2,
    catastrophe: ArrayLike = 10.0,
) -> Cornered:
    """Comply, endure or escalate under escalating punishment (module docstring; stylised).

    ``s`` per-period punishment, a share ``r`` reversible; the reversible part
    grows by ``growth`` per period while the target holds out, the
    irreversible floor ``(1 - r) s`` stays on every branch; ``risk`` rho,
    ``backdown`` b and ``catastrophe`` C describe escalation.  All arguments
    broadcast.

    Parameters
    ----------
    x : array_like
        The concession demanded (share of the stake).
    s : array_like
        Punishment per period (stake units per period).
    delta : array_like
        Per-period discount factor, in (0, 1).
    pi_T, pi_A : array_like
        Threat and assurance credibility (probabilities).
    r : array_like
        Reversible share of the punishment, in [0, 1].
    growth : array_like, optional
        Growth factor of the reversible punishment per period of holding out
        (>= 1 allowed while ``delta growth < 1``; default 1).
    risk : array_like, optional
        ``rho``, probability that escalation ends in disaster (default 0.1).
    backdown : array_like, optional
        ``b``, probability that the coercer backs down after escalation
        (default 0.2).
    catastrophe : array_like, optional
        ``C``, the target's cost of the disaster (stake units; default 10).

    Returns
    -------
    Cornered
        The three options' values and the choice.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import cornered
    >>> cornered(0.3, 0.1, 0.9, 0.9, 0.8, 0.8, growth=[1.0, 1.1]).choice.tolist()
    [0, 0]
    """
    xx, ss, dl, pt, pa, rr, g, rho, b, c = _cornered_args(
        x, s, delta, pi_T, pi_A, r, growth, risk, backdown, catastrophe)
    F, Q = _floor_and_escalating(ss, dl, rr, g)
    v_c = -F - xx - (1.0 - pa) * Q
    v_e = -F - pt * Q
    v_x = -F - rho * c - (1.0 - rho) * (1.0 - b) * pt * Q
    vals = np.stack([v_c, v_e, v_x])
    best = vals.max(axis=0)
    choice = np.argmax(vals >= best - 1e-12, axis=0)
    margin = (pt + pa - 1.0) * Q - xx
    denom = pt * (rho + (1.0 - rho) * b)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        crit = np.where(denom > 0, rho * c / np.where(denom > 0, denom, 1.0), np.inf)
    return Cornered(v_c, v_e, v_x, choice, margin, margin >= 0, v_x > v_e, Q, F, crit)


def cornered_game(
    x: ArrayLike,
    s: ArrayLike,
    delta: ArrayLike,
    pi_T: ArrayLike,
    pi_A: ArrayLike,
    r: ArrayLike,
    *,
    growth: ArrayLike = 1.0,
    risk: ArrayLike = 0.1,
    backdown: ArrayLike = 0.2,
    catastrophe: ArrayLike = 10.0,
    coercer_catastrophe: ArrayLike | None = None,
) -> Game:
    """The cornered target's choice as a tree (players ``["Target", "Coercer"]``).

    Target: "comply" -> chance lifted (pi_A: pays F + x) / kept (F + x + Q);
    "endure" -> chance punished (pi_T: F + Q) / spared (F); "escalate" ->
    chance disaster (rho: F + C) / no disaster -> chance coercer backs down
    (b: F) / holds -> chance punished (pi_T: F + Q) / spared (F); ``F`` the
    irreversible floor on every leaf, ``Q`` the reversible escalating
    punishment (module docstring).  Coercer: x if the target complies, minus
    ``coercer_catastrophe`` (default C) on disaster, 0 else.  Backward
    induction reproduces :func:`cornered`.

    Parameters
    ----------
    x : array_like
        The concession demanded (share of the stake).
    s : array_like
        Punishment per period (stake units per period).
    delta : array_like
        Per-period discount factor, in (0, 1).
    pi_T, pi_A : array_like
        Threat and assurance credibility (probabilities).
    r : array_like
        Reversible share of the punishment, in [0, 1].
    growth : array_like, optional
        Growth factor of the reversible punishment per period of holding out
        (>= 1 allowed while ``delta growth < 1``; default 1).
    risk : array_like, optional
        ``rho``, probability that escalation ends in disaster (default 0.1).
    backdown : array_like, optional
        ``b``, probability that the coercer backs down after escalation
        (default 0.2).
    catastrophe : array_like, optional
        ``C``, the target's cost of the disaster (stake units; default 10).
    coercer_catastrophe : array_like or None, optional
        The coercer's cost of the disaster (default: the target's).

    Returns
    -------
    Game
        The tree.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> import compellence as cp
    >>> from compellence.coercion import cornered_game
    >>> cp.spe(cornered_game(0.3, 0.1, 0.9, 0.9, 0.8, 0.8)).path()[0]
    'comply'
    """
    xx, ss, dl, pt, pa, rr, g, rho, b, c = _cornered_args(
        x, s, delta, pi_T, pi_A, r, growth, risk, backdown, catastrophe)
    cc = c if coercer_catastrophe is None else check_real(coercer_catastrophe, "coercer_catastrophe",
                                                     lo=0.0)
    F, Q = _floor_and_escalating(ss, dl, rr, g)
    z = 0.0 * Q

    def punish():
        return chance({"punished": (pt, outcome(Target=-F - Q, Coercer=z)),
                       "spared": (1.0 - pt, outcome(Target=-F + z, Coercer=z))})

    root = decision(
        "Target",
        {
            "comply": chance({
                "lifted": (pa, outcome(Target=-F - xx, Coercer=xx + z)),
                "kept": (1.0 - pa, outcome(Target=-F - xx - Q, Coercer=xx + z)),
            }),
            "endure": punish(),
            "escalate": chance({
                "disaster": (rho, outcome(Target=-F - c + z, Coercer=-cc + z)),
                "no disaster": (1.0 - rho, chance({
                    "coercer backs down": (b, outcome(Target=-F + z, Coercer=z)),
                    "coercer holds": (1.0 - b, punish()),
                })),
            }),
        },
    )
    return Game(["Target", "Coercer"], root, title="Cornered target")
