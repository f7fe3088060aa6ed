"""Crisis bargaining (Fearon 1995): the bargaining range and the risk-return trade-off.

Two states divide a good of size 1.  A war gives A the whole good with
probability p (else B does) and costs A c_A > 0 and B c_B > 0, so the war values
are  A: p - c_A,  B: 1 - p - c_B.  Any split x (A's share) with

    p - c_A  <  x  <  p + c_B

leaves both better off than war: the **bargaining range** (risk neutral) is
never empty when c_A + c_B > 0 (Fearon 1995, section 2).  With complete
information a take-it-or-leave-it demand by A is x* = min(p + c_B, 1) and there
is no war.

**Risk-return trade-off** (Fearon 1995, section 3; stylised as in MODELS.md).
B's cost is private, c_B ~ U[0, cbar]; B accepts demand x iff c_B >= x - p.  A
maximises  U_A(x) = x Pr(accept) + (p - c_A) Pr(war)  with
Pr(war | x) = (x - p) / cbar  on  [p, p + cbar]:

    x* = p + (cbar - c_A)/2,   Pr(war) = (cbar - c_A) / (2 cbar)     if cbar > c_A
    x* = p,                    Pr(war) = 0                           otherwise.

(Our only addition: the demand cannot exceed the whole good, so x* is capped
at 1; U_A is concave, so the capped value is optimal.)  Private information
about resolve makes war a rational gamble: A trades a risk of war for a
better deal.

Both models are also game trees (:func:`fearon_game`, :func:`risk_return_game`)
whose subgame-perfect solution the tests compare with these closed forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ParameterError
from ..games.nodes import chance, decision, outcome
from ..games.tree import Game
from ._richer import ResultMixin, broadcast, check_int, param

__all__ = [
    "BargainingRange",
    "RiskReturn",
    "bargaining_range",
    "risk_return",
    "risk_return_utility",
    "fearon_game",
    "risk_return_game",
    "demand_grid",
]


@dataclass(frozen=True, eq=False, repr=False)
class BargainingRange(ResultMixin):
    """Fearon's bargaining range (batched).

    ``lower`` = max(p - c_A, 0), ``upper`` = min(p + c_B, 1): the splits
    (A's share) both sides prefer to war; ``width`` = upper - lower;
    ``nonempty`` iff c_A + c_B > 0; ``war_value_a`` = p - c_A,
    ``war_value_b`` = 1 - p - c_B; ``demand`` = A's complete-information
    take-it-or-leave-it demand min(p + c_B, 1).
    """

    lower: np.ndarray
    upper: np.ndarray
    width: np.ndarray
    nonempty: np.ndarray
    war_value_a: np.ndarray
    war_value_b: np.ndarray
    demand: np.ndarray

    _frame_fields = ("lower", "upper", "width", "nonempty", "war_value_a", "war_value_b", "demand")


def bargaining_range(p: Any, c_a: Any, c_b: Any) -> BargainingRange:
    """Fearon (1995): splits x with p - c_A < x < p + c_B beat war for both.

    ``p`` in [0, 1] is A's probability of winning; ``c_a``, ``c_b`` >= 0 the
    costs of war (shares of the good).  All arguments broadcast.
    """
    pp = param(p, "p", lo=0.0, hi=1.0)
    ca = param(c_a, "c_a", lo=0.0)
    cb = param(c_b, "c_b", lo=0.0)
    (pp, ca, cb), _ = broadcast(p=pp, c_a=ca, c_b=cb)
    lower = np.maximum(pp - ca, 0.0)
    upper = np.minimum(pp + cb, 1.0)
    return BargainingRange(
        lower=lower,
        upper=upper,
        width=upper - lower,
        nonempty=(ca + cb) > 0,
        war_value_a=pp - ca,
        war_value_b=1.0 - pp - cb,
        demand=upper,
    )


@dataclass(frozen=True, eq=False, repr=False)
class RiskReturn(ResultMixin):
    """A's optimal demand against a B of unknown cost c_B ~ U[0, cbar] (batched).

    ``demand`` x*, ``p_war`` Pr(war | x*), ``utility_a`` U_A(x*),
    ``utility_b`` B's expected payoff (over its cost), ``gamble`` = x* > p
    (A accepts a risk of war).
    """

    demand: np.ndarray
    p_war: np.ndarray
    utility_a: np.ndarray
    utility_b: np.ndarray
    gamble: np.ndarray

    _frame_fields = ("demand", "p_war", "utility_a", "utility_b", "gamble")


def _war_prob(x: np.ndarray, p: np.ndarray, cbar: np.ndarray) -> np.ndarray:
    return np.clip((x - p) / cbar, 0.0, 1.0)


def risk_return_utility(x: Any, p: Any, c_a: Any, cbar: Any) -> np.ndarray:
    """U_A(x) = x (1 - Pr(war|x)) + (p - c_A) Pr(war|x), Pr(war|x) = clip((x - p)/cbar, 0, 1)."""
    xx = param(x, "x", lo=0.0, hi=1.0)
    pp = param(p, "p", lo=0.0, hi=1.0)
    ca = param(c_a, "c_a", lo=0.0)
    cb = param(cbar, "cbar", lo=0.0, lo_open=True)
    (xx, pp, ca, cb), _ = broadcast(x=xx, p=pp, c_a=ca, cbar=cb)
    w = _war_prob(xx, pp, cb)
    return xx * (1.0 - w) + (pp - ca) * w


def risk_return(p: Any, c_a: Any, cbar: Any) -> RiskReturn:
    """Fearon's risk-return trade-off: x* = p + max(cbar - c_A, 0)/2 (capped at 1).

    Pr(war) = (x* - p)/cbar, i.e. (cbar - c_A)/(2 cbar) when uncapped.  B's
    expected payoff integrates its accept (1 - x*) and war (1 - p - c_B) values
    over c_B ~ U[0, cbar].
    """
    pp = param(p, "p", lo=0.0, hi=1.0)
    ca = param(c_a, "c_a", lo=0.0)
    cb = param(cbar, "cbar", lo=0.0, lo_open=True)
    (pp, ca, cb), _ = broadcast(p=pp, c_a=ca, cbar=cb)
    x = np.minimum(pp + np.maximum(cb - ca, 0.0) / 2.0, 1.0)
    w = _war_prob(x, pp, cb)
    u_a = x * (1.0 - w) + (pp - ca) * w
    # B fights iff c_B < x - p: E[war payoff] = w (1 - p) - integral_0^{x-p} c dc / cbar
    z = np.clip(x - pp, 0.0, cb)
    u_b = (1.0 - w) * (1.0 - x) + w * (1.0 - pp) - z**2 / (2.0 * cb)
    return RiskReturn(x, w, u_a, u_b, x > pp + 1e-15)


def demand_grid(demands: Any) -> np.ndarray:
    """Demand menu: an int k gives k evenly spaced demands on [0, 1]; else a list in [0, 1]."""
    if isinstance(demands, (int, np.integer)) and not isinstance(demands, bool):
        k = check_int(demands, "demands", lo=2)
        return np.linspace(0.0, 1.0, k)
    grid = param(demands, "demands", lo=0.0, hi=1.0)
    if grid.ndim != 1 or grid.size == 0:
        raise ParameterError("must be an int or a non-empty 1-d list of demands", "demands")
    if np.unique(grid).size != grid.size:
        raise ParameterError("demands must be distinct", "demands")
    return grid


def fearon_game(p: Any, c_a: Any, c_b: Any, demands: Any = 11) -> Game:
    """Take-it-or-leave-it bargaining under complete information as a tree.

    Players ``["A", "B"]``.  A demands x from a finite menu (``demands``: int
    k -> k points on [0, 1], or a list); B accepts (A: x, B: 1 - x) or fights
    (A: p - c_A, B: 1 - p - c_B).  Backward induction: B accepts iff
    x <= p + c_B, so A demands the largest menu point <= p + c_B (the menu
    analogue of x* = min(p + c_B, 1)) and there is no war.
    """
    grid = demand_grid(demands)
    pp = param(p, "p", lo=0.0, hi=1.0)
    ca = param(c_a, "c_a", lo=0.0)
    cb = param(c_b, "c_b", lo=0.0)
    (pp, ca, cb), _ = broadcast(p=pp, c_a=ca, c_b=cb)
    war = outcome(A=pp - ca, B=1.0 - pp - cb)
    acts = {
        f"demand {x:.6g}": decision("B", {"accept": outcome(A=float(x), B=1.0 - float(x)), "war": war})
        for x in grid
    }
    return Game(["A", "B"], decision("A", acts), title="Fearon bargaining")


def risk_return_game(p: Any, c_a: Any, cbar: Any, demands: Any = 21, types: int = 40) -> Game:
    """The risk-return trade-off as a tree with B's private cost as a chance move.

    A demands x from the menu; nature then draws B's cost from ``types``
    equally likely values (midpoints of [0, cbar] cut in ``types`` bins, the
    discretised U[0, cbar]); B, knowing its cost, accepts (A: x, B: 1 - x) or
    fights (A: p - c_A, B: 1 - p - c_B).  Nature moving after A's demand is
    strategically equivalent to B's type being drawn first (A never observes
    it) and keeps the game perfect-information, so ``cp.spe`` solves it.  As
    the menu and type grid get finer, A's equilibrium value tends to
    U_A(x*) of :func:`risk_return`.
    """
    grid = demand_grid(demands)
    k = check_int(types, "types", lo=1)
    pp = param(p, "p", lo=0.0, hi=1.0)
    ca = param(c_a, "c_a", lo=0.0)
    cb = param(cbar, "cbar", lo=0.0, lo_open=True)
    (pp, ca, cb), _ = broadcast(p=pp, c_a=ca, cbar=cb)
    if grid.size * k > 200_000:
        raise ParameterError(f"{grid.size} demands x {k} types is too large a tree", "types")
    costs = [(j + 0.5) / k * cb for j in range(k)]

    def after(x: float):
        return chance(
            {
                f"c_B {j + 1}/{k}": (
                    1.0 / k,
                    decision(
                        "B",
                        {
                            "accept": outcome(A=x + 0.0 * pp, B=1.0 - x + 0.0 * pp),
                            "war": outcome(A=pp - ca, B=1.0 - pp - costs[j]),
                        },
                    ),
                )
                for j in range(k)
            }
        )

    acts = {f"demand {x:.6g}": after(float(x)) for x in grid}
    return Game(["A", "B"], decision("A", acts), title="Fearon risk-return")
