"""A sanctions standoff as a war of attrition (Smith 1996 style; complete information).

The sender S keeps sanctions on and the target T holds out; each pays a flow
cost while the standoff lasts (c_S, c_T per unit time).  Whoever concedes
first loses; the other wins its prize (V_S: the sender's value of the target
giving in; V_T: the target's value of the sender lifting).  In the stationary
mixed-strategy equilibrium each side concedes at a constant hazard that
keeps the OTHER side indifferent between holding and conceding:

    lambda_T = c_S / V_S,      lambda_S = c_T / V_T,

    Pr(target concedes first) = lambda_T / (lambda_T + lambda_S),
    duration ~ Exponential(lambda_T + lambda_S),  E[duration] = 1 / (lambda_T + lambda_S),

and each side's expected payoff is 0, the value of conceding at once.  Note
the classic feature of the mixed equilibrium: the target's own costs do not
enter its own hazard; a target is likelier to give in when the SENDER finds
the standoff cheap relative to its prize.

**Discrete time** (period ``dt``): the per-period concession probabilities
that keep the other side indifferent are h_T = c_S dt / V_S and
h_S = c_T dt / V_T (each at most 1); with q = (1 - h_T)(1 - h_S),

    Pr(T strictly first) = h_T (1 - h_S) / (1 - q),
    Pr(both in the same period) = h_T h_S / (1 - q),
    E[duration] = dt / (1 - q),

which tend to the continuous forms as dt -> 0.  :func:`attrition_game` is the
target's decision tree against the sender's equilibrium hazard: backward
induction finds the target exactly indifferent at every period (value 0,
ties everywhere), which is the equilibrium condition itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..errors import ParameterError
from ..games.nodes import chance, decision, outcome
from ..games.tree import Game
from ..validation import check_int, check_real
from ._richer import ResultMixin, broadcast

__all__ = [
    "Attrition",
    "AttritionDiscrete",
    "war_of_attrition",
    "attrition_discrete",
    "attrition_game",
]


def _args(c_s, c_t, v_s, v_t):
    cs = check_real(c_s, "c_s", lo=0.0, lo_open=True)
    ct = check_real(c_t, "c_t", lo=0.0, lo_open=True)
    vs = check_real(v_s, "v_s", lo=0.0, lo_open=True)
    vt = check_real(v_t, "v_t", lo=0.0, lo_open=True)
    arrs, _ = broadcast(c_s=cs, c_t=ct, v_s=vs, v_t=vt)
    return arrs


@dataclass(frozen=True, eq=False, repr=False)
class Attrition(ResultMixin):
    """Continuous-time mixed equilibrium of the standoff (batched).

    ``hazard_target`` lambda_T, ``hazard_sender`` lambda_S,
    ``p_target_first``, ``expected_duration``, ``median_duration``,
    ``target_likelier`` (Pr(target first) > 1/2).

    Attributes
    ----------
    hazard_target, hazard_sender : numpy.ndarray
        Concession hazards ``lambda_T``, ``lambda_S`` (per unit of time).
    p_target_first : numpy.ndarray
        Probability that the target concedes first.
    expected_duration, median_duration : numpy.ndarray
        Of the standoff (units of time).
    target_likelier : numpy.ndarray
        ``Pr(target first) > 1/2``.

    Examples
    --------
    >>> from compellence.coercion import war_of_attrition
    >>> w = war_of_attrition(c_s=0.1, c_t=0.2, v_s=1.0, v_t=1.0)
    >>> float(w.hazard_target), float(w.hazard_sender), round(float(w.p_target_first), 6)
    (0.1, 0.2, 0.333333)
    """

    hazard_target: np.ndarray
    hazard_sender: np.ndarray
    p_target_first: np.ndarray
    expected_duration: np.ndarray
    median_duration: np.ndarray
    target_likelier: np.ndarray

    _frame_fields = ("hazard_target", "hazard_sender", "p_target_first", "expected_duration",
                     "median_duration", "target_likelier")

    def survival(self, t: ArrayLike) -> np.ndarray:
        """Pr(the standoff lasts beyond t) = exp(-(lambda_T + lambda_S) t).

        ``t`` broadcasts against the batch shape (trailing axes), e.g. a
        column ``t[:, None]`` for a table of times x batch elements.

        Parameters
        ----------
        t : array_like
            Times (>= 0).

        Returns
        -------
        numpy.ndarray
            The probability (broadcast shape).

        Examples
        --------
        >>> from compellence.coercion import war_of_attrition
        >>> w = war_of_attrition(c_s=0.1, c_t=0.2, v_s=1.0, v_t=1.0)
        >>> w.survival([0.0, 1.0]).round(6).tolist()
        [1.0, 0.740818]
        """
        tt = check_real(t, "t", lo=0.0)
        return np.exp(-(self.hazard_target + self.hazard_sender) * tt)

    def p_target_conceded_by(self, t: ArrayLike) -> np.ndarray:
        """Pr(the target has conceded by time t) = lambda_T/(lambda_T+lambda_S) (1 - survival(t)).

        Parameters
        ----------
        t : array_like
            Times (>= 0).

        Returns
        -------
        numpy.ndarray
            The probability (broadcast shape).

        Examples
        --------
        >>> from compellence.coercion import war_of_attrition
        >>> w = war_of_attrition(c_s=0.1, c_t=0.2, v_s=1.0, v_t=1.0)
        >>> round(float(w.p_target_conceded_by(100.0)), 6)
        0.333333
        """
        return self.p_target_first * (1.0 - self.survival(t))


def war_of_attrition(c_s: ArrayLike, c_t: ArrayLike, v_s: ArrayLike, v_t: ArrayLike) -> Attrition:
    """Concession hazards, expected duration and who gives in (module docstring).

    ``c_s``, ``c_t`` > 0: flow costs of the standoff to sender and target;
    ``v_s``, ``v_t`` > 0: their prizes.  All arguments broadcast.

    Parameters
    ----------
    c_s, c_t : array_like
        Flow costs of the standoff to sender and target per unit of time (> 0,
        stake units per period).
    v_s, v_t : array_like
        Their prizes (> 0, stake units).

    Returns
    -------
    Attrition
        The mixed equilibrium.

    Raises
    ------
    ParameterError
        A non-positive cost or prize (named).

    Examples
    --------
    >>> from compellence.coercion import war_of_attrition
    >>> w = war_of_attrition(c_s=0.1, c_t=0.2, v_s=1.0, v_t=1.0)
    >>> round(float(w.expected_duration), 6)
    3.333333
    """
    cs, ct, vs, vt = _args(c_s, c_t, v_s, v_t)
    lt = cs / vs
    ls = ct / vt
    tot = lt + ls
    p = lt / tot
    return Attrition(lt, ls, p, 1.0 / tot, np.log(2.0) / tot, p > 0.5)


@dataclass(frozen=True, eq=False, repr=False)
class AttritionDiscrete(ResultMixin):
    """Discrete-time equilibrium (batched): per-period hazards and outcome probabilities.

    Attributes
    ----------
    hazard_target, hazard_sender : numpy.ndarray
        Per-period concession probabilities.
    p_target_first, p_sender_first, p_simultaneous : numpy.ndarray
        Outcome probabilities.
    expected_duration : numpy.ndarray
        Expected duration (units of time).

    Examples
    --------
    >>> from compellence.coercion import attrition_discrete
    >>> d = attrition_discrete(0.1, 0.2, 1.0, 1.0, dt=0.01)
    >>> round(float(d.p_target_first), 3)
    0.333
    """

    hazard_target: np.ndarray
    hazard_sender: np.ndarray
    p_target_first: np.ndarray
    p_sender_first: np.ndarray
    p_simultaneous: np.ndarray
    expected_duration: np.ndarray

    _frame_fields = ("hazard_target", "hazard_sender", "p_target_first", "p_sender_first",
                     "p_simultaneous", "expected_duration")


def _discrete_hazards(cs, ct, vs, vt, dt):
    ht = cs * dt / vs
    hs = ct * dt / vt
    if np.any(ht > 1) or np.any(hs > 1):
        raise ParameterError(
            "period too long: a per-period concession probability c dt / V exceeds 1", "dt"
        )
    return ht, hs


def attrition_discrete(
    c_s: ArrayLike,
    c_t: ArrayLike,
    v_s: ArrayLike,
    v_t: ArrayLike,
    dt: ArrayLike = 1.0,
) -> AttritionDiscrete:
    """Discrete-time standoff with period ``dt`` (module docstring); tends to the continuous one.

    Parameters
    ----------
    c_s, c_t : array_like
        Flow costs of the standoff to sender and target per unit of time (> 0,
        stake units per period).
    v_s, v_t : array_like
        Their prizes (> 0, stake units).
    dt : array_like, optional
        Length of a period (> 0; default 1).

    Returns
    -------
    AttritionDiscrete
        The discrete-time equilibrium.

    Raises
    ------
    ParameterError
        A non-positive input, or ``c dt >= v`` (named).

    Examples
    --------
    >>> from compellence.coercion import attrition_discrete
    >>> d = attrition_discrete(0.1, 0.2, 1.0, 1.0)
    >>> float(d.hazard_target), float(d.hazard_sender)
    (0.1, 0.2)
    """
    cs, ct, vs, vt = _args(c_s, c_t, v_s, v_t)
    d = check_real(dt, "dt", lo=0.0, lo_open=True)
    ht, hs = _discrete_hazards(cs, ct, vs, vt, d)
    end = 1.0 - (1.0 - ht) * (1.0 - hs)
    return AttritionDiscrete(
        ht, hs, ht * (1 - hs) / end, hs * (1 - ht) / end, ht * hs / end, d / end
    )


def attrition_game(
    c_s: ArrayLike,
    c_t: ArrayLike,
    v_s: ArrayLike,
    v_t: ArrayLike,
    periods: int = 10,
    dt: ArrayLike = 1.0,
    sender_hazard: ArrayLike | None = None,
) -> Game:
    """The target's holding-out problem against the sender's concession hazard, as a tree.

    Players ``["Target", "Sender"]``.  In period k = 0..periods-1 the target
    chooses "concede" (it has paid c_T dt k; the sender gets V_S minus its
    costs) or "hold"; after "hold" nature lets the sender concede with
    probability h (default the equilibrium h_S = c_T dt / V_T), giving the target
    V_T - c_T dt (k+1); otherwise the next period follows.  At the horizon the
    target concedes.  With the equilibrium h the target is indifferent at
    every node (``cp.spe`` reports ties everywhere, value 0); a larger h makes
    holding strictly better, a smaller one conceding at once.

    Parameters
    ----------
    c_s, c_t : array_like
        Flow costs of the standoff to sender and target per unit of time (> 0,
        stake units per period).
    v_s, v_t : array_like
        Their prizes (> 0, stake units).
    periods : int, optional
        Number of periods (default 10).
    dt : array_like, optional
        Length of a period (default 1).
    sender_hazard : array_like or None, optional
        ``h``, the sender's per-period concession probability (default the
        equilibrium ``c_T dt / V_T``).

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
    >>> from compellence.coercion import attrition_game
    >>> cp.spe(attrition_game(0.1, 0.2, 1.0, 1.0, periods=3, sender_hazard=0.5)).path()[:2]
    ('hold', 'sender concedes')
    """
    cs, ct, vs, vt = _args(c_s, c_t, v_s, v_t)
    n = check_int(periods, "periods", lo=1)
    if n > 500:
        raise ParameterError("at most 500 periods", "periods")
    d = check_real(dt, "dt", lo=0.0, lo_open=True)
    _, hs = _discrete_hazards(cs, ct, vs, vt, d)
    if sender_hazard is not None:
        hs = check_real(sender_hazard, "sender_hazard", lo=0.0, hi=1.0)
        broadcast(c_s=cs, sender_hazard=hs)
    broadcast(c_s=cs, dt=d)

    def concede(k: int):
        return outcome(Target=-ct * d * k, Sender=vs - cs * d * k)

    def node(k: int):
        if k == n:
            return concede(k)
        return decision(
            "Target",
            {
                "hold": chance(
                    {
                        "sender concedes": (hs, outcome(Target=vt - ct * d * (k + 1),
                                                        Sender=-cs * d * (k + 1))),
                        "sender holds": (1.0 - hs, node(k + 1)),
                    }
                ),
                "concede": concede(k),
            },
        )

    return Game(["Target", "Sender"], node(0), title="Sanctions standoff (war of attrition)")
