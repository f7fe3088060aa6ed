"""FROZEN COPY (benchmark peer only): compellence.coercion.coalitions before issue 9.

Kept so that benchmarks/bench_coalitions.py can time the old per-chunk grid +
bisection window in the same run as the new one.  Not part of the library;
its margin is the pre-correction one, (pi_T + Pr(lift) r - 1) s D - x, which
equals the corrected one at r = 1 (the benchmark uses r = 1).

Original module docstring:

Multilateral coalitions: lifting rules, the off-ramp window, cohesion, burden sharing.

A sanctions coalition lifts only when its lifting rule is met.  Member j lifts
once the target's concession x reaches its minimum acceptable concession x_j.
With x_j known, unanimity lifts at ``max_j x_j`` and a quota rule (k of n) at
the k-th smallest x_j (the k-th order statistic); a weighted vote lifts at the
smallest x where the members with x_j <= x hold weight >= q.

The target does not know the x_j: x_j ~ F_j (``scipy.stats`` distributions).
Then (MODELS.md, "Coalitions")

    unanimity:  Pr(lift | x) = prod_j F_j(x)
    quota k:    Pr(lift | x) = Pr(#{j : x_j <= x} >= k)      (Poisson-binomial tail)
    weighted:   Pr(lift | x) = Pr(sum_j w_j 1[x_j <= x] >= q)

(the last two by dynamic programming over members, exact for heterogeneous
members).  ``Pr(lift | x)`` is the target's assurance credibility ``pi_A``
in the canonical compellence condition of DESIGN.md, so the target's off-ramp
margin at concession x is (our reduction)

    M(x) = (pi_T + Pr(lift | x) r - 1) s D - x.

Because Pr(lift | x) rises with x while the concession cost x rises too, the
viable concessions {x : M(x) >= 0} form a WINDOW [x_lo, x_hi] (possibly empty,
in degenerate cases several pieces) instead of a single largest demand.  A
unanimity coalition whose members disagree lifts with probability
``prod_j F_j(x) <= F_max(x)``, so its window is narrower than that of a single
coercer with the members' average threshold and the same uncertainty.

Cohesion (stylised, ours): member j stays while its cost, raised by the
departures of its network neighbours, does not exceed its stake plus the
public commitment it would break:

    leave_j  iff  c_j (1 + spillover * departed share of j's neighbours) > b_j + k_j,

iterated to the (monotone) fixed point, so departures can cascade.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import special

from compellence.coercion._richer import ResultMixin, broadcast, param
from compellence.coercion.shapley import CoreResult, ShapleyResult, TUGame, weighted_voting_shapley
from compellence.errors import GraphError, ParameterError
from compellence.games.nodes import chance, decision, outcome
from compellence.games.tree import Game

__all__ = [
    "Coalition",
    "OffRampWindow",
    "WindowComparison",
    "CohesionResult",
    "BurdenSharing",
    "offramp_window",
    "compare_window",
    "coalition_cohesion",
    "burden_sharing",
    "coalition_lift_game",
    "RULES",
    "DISTRIBUTIONS",
]

RULES = ("unanimity", "quota", "weighted")
DISTRIBUTIONS = ("normal", "logistic", "uniform")


def _per_member(a: np.ndarray, batch: tuple[int, ...]) -> np.ndarray:
    """Broadcast a per-member array ``(n, *own)`` to ``(n, *batch)`` (batch axes trail)."""
    a = np.asarray(a)
    own = a.shape[1:]
    return np.broadcast_to(a.reshape((a.shape[0],) + (1,) * (len(batch) - len(own)) + own),
                           (a.shape[0], *batch))


def _member_param(value: Any, name: str, n: int, *, lo: float | None = None) -> np.ndarray:
    """One value per member: a scalar (same for all) or a list of n scalars/arrays."""
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ParameterError(f"needs one value per member ({n}), got {len(value)}", name)
        items = [param(v, f"{name}[{j}]", lo=lo) for j, v in enumerate(value)]
        try:
            shape = np.broadcast_shapes(*(a.shape for a in items))
        except ValueError:
            raise ParameterError("per-member arrays do not broadcast to one batch shape", name) from None
        return np.stack([np.broadcast_to(a, shape) for a in items])
    arr = param(value, name, lo=lo)
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if arr.shape[0] != n:
        raise ParameterError(
            f"first axis must be the {n} members, got shape {arr.shape}", name
        )
    return arr


@dataclass(frozen=True, eq=False)
class Coalition:
    """A coalition of coercers with a lifting rule and uncertain member thresholds.

    Parameters (plain numbers or lists; per-member entries may be arrays that
    broadcast to one batch shape):

    names:
        Member names.
    thresholds:
        Member j's minimum acceptable concession x_j (mean of F_j).
    threshold_sd:
        Standard deviation of the target's uncertainty about x_j (0 = known).
    rule:
        ``"unanimity"`` (all must agree), ``"quota"`` (at least ``quota``
        members) or ``"weighted"`` (members holding weight >= ``quota``).
    quota:
        Number of members (quota rule) or weight (weighted rule).
    weights:
        Non-negative integer voting weights (weighted rule).
    costs:
        Member's per-period cost of keeping the punishment in place (c_j).
    stakes:
        Member's per-period stake in the target's compliance (b_j).
    commitment:
        Public-commitment cost of leaving the coalition (k_j; Fearon 1994's
        tying hands applied to membership).
    contributions:
        Member's share of the punishment's per-period cost to the target (s_j).
    dist:
        Family of F_j: ``"normal"``, ``"logistic"`` or ``"uniform"`` (all
        parameterised by mean and standard deviation), or a list of frozen
        ``scipy.stats`` distributions, one per member (then ``thresholds`` and
        ``threshold_sd`` are taken from them).
    """

    names: tuple[str, ...]
    thresholds: np.ndarray
    threshold_sd: np.ndarray
    rule: str = "unanimity"
    quota: float | None = None
    weights: np.ndarray | None = None
    costs: np.ndarray | None = None
    stakes: np.ndarray | None = None
    commitment: np.ndarray | None = None
    contributions: np.ndarray | None = None
    dist: Any = "normal"

    def __init__(
        self,
        names: Sequence[str],
        thresholds: Any = None,
        threshold_sd: Any = 0.0,
        *,
        rule: str = "unanimity",
        quota: float | None = None,
        weights: Sequence[int] | None = None,
        costs: Any = 0.0,
        stakes: Any = 0.0,
        commitment: Any = 0.0,
        contributions: Any = 1.0,
        dist: Any = "normal",
    ) -> None:
        if isinstance(names, str) or not isinstance(names, Sequence) or len(names) == 0:
            raise ParameterError("must be a non-empty list of member names", "names")
        names = tuple(names)
        for nm in names:
            if not isinstance(nm, str) or not nm:
                raise ParameterError(f"member names must be non-empty strings, got {nm!r}", "names")
        if len(set(names)) != len(names):
            raise ParameterError(f"duplicate member names in {list(names)}", "names")
        n = len(names)
        frozen = None
        if isinstance(dist, (list, tuple)):
            if len(dist) != n:
                raise ParameterError(f"needs one distribution per member ({n})", "dist")
            for j, d in enumerate(dist):
                if not (hasattr(d, "cdf") and hasattr(d, "mean") and hasattr(d, "std")):
                    raise ParameterError(
                        f"must be a frozen scipy.stats distribution, got {d!r}", f"dist[{j}]"
                    )
            frozen = tuple(dist)
            thresholds = [float(d.mean()) for d in frozen]
            threshold_sd = [float(d.std()) for d in frozen]
        elif not isinstance(dist, str) or dist not in DISTRIBUTIONS:
            raise ParameterError(
                f"must be one of {list(DISTRIBUTIONS)} or a list of scipy.stats distributions, "
                f"got {dist!r}",
                "dist",
            )
        if thresholds is None:
            raise ParameterError("give the members' minimum acceptable concessions", "thresholds")
        th = _member_param(thresholds, "thresholds", n)
        sd = _member_param(threshold_sd, "threshold_sd", n, lo=0.0)
        if not isinstance(rule, str) or rule not in RULES:
            raise ParameterError(f"must be one of {list(RULES)}, got {rule!r}", "rule")
        if quota is not None:
            if isinstance(quota, bool):
                raise ParameterError(f"must be a number, got {quota!r}", "quota")
            try:
                quota = float(quota)
            except (TypeError, ValueError):
                raise ParameterError(f"must be a number, got {quota!r}", "quota") from None
        w = None
        if rule == "unanimity":
            if quota is not None and quota != n:
                raise ParameterError("unanimity takes no quota (use rule='quota')", "quota")
            q = float(n)
        elif rule == "quota":
            if quota is None or isinstance(quota, bool) or int(quota) != quota or not 1 <= quota <= n:
                raise ParameterError(f"quota rule needs an integer quota in 1..{n}, got {quota!r}", "quota")
            q = float(quota)
        else:
            if weights is None:
                raise ParameterError("the weighted rule needs one integer weight per member", "weights")
            try:
                w = np.asarray(weights, dtype=float)
            except (TypeError, ValueError):
                raise ParameterError(f"needs {n} integer weights, got {weights!r}", "weights") from None
            if w.shape != (n,) or not np.all(np.isfinite(w)):
                raise ParameterError(f"needs {n} finite weights, got {weights!r}", "weights")
            if np.any(w < 0) or np.any(w != np.round(w)):
                raise ParameterError(
                    "weights must be non-negative integers (scale fractional weights, e.g. "
                    "population shares x 1000)",
                    "weights",
                )
            w = w.astype(np.int64)
            if quota is None or not np.isfinite(float(quota)) or not 0 < float(quota) <= w.sum():
                raise ParameterError(
                    f"weighted rule needs a quota in (0, total weight {int(w.sum())}], got {quota!r}",
                    "quota",
                )
            q = float(quota)
        if weights is not None and rule != "weighted":
            raise ParameterError("weights are only used by rule='weighted'", "weights")
        c = _member_param(costs, "costs", n, lo=0.0)
        b = _member_param(stakes, "stakes", n)
        k = _member_param(commitment, "commitment", n, lo=0.0)
        s = _member_param(contributions, "contributions", n, lo=0.0)
        broadcast(
            thresholds=th[0], threshold_sd=sd[0], costs=c[0], stakes=b[0], commitment=k[0],
            contributions=s[0],
        )
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "thresholds", th)
        object.__setattr__(self, "threshold_sd", sd)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "quota", q)
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "costs", c)
        object.__setattr__(self, "stakes", b)
        object.__setattr__(self, "commitment", k)
        object.__setattr__(self, "contributions", s)
        object.__setattr__(self, "dist", frozen if frozen is not None else dist)

    @classmethod
    def from_members(
        cls,
        members: Sequence[dict],
        *,
        rule: str = "unanimity",
        quota: float | None = None,
        dist: str = "normal",
    ) -> Coalition:
        """A coalition from one plain dict per member (the shape of a TOML array of tables).

        Keys: ``name`` and ``threshold`` (required), ``threshold_sd``,
        ``weight`` (weighted rule), ``cost``, ``stake``, ``commitment``,
        ``contribution`` (defaults as in the constructor).  Unknown keys are
        refused with a ParameterError naming ``members[j].key``.
        """
        allowed = {"name", "threshold", "threshold_sd", "weight", "cost", "stake", "commitment",
                   "contribution"}
        if isinstance(members, (str, dict)) or not isinstance(members, Sequence) or not members:
            raise ParameterError("must be a non-empty list of member tables", "members")
        cols: dict[str, list] = {k: [] for k in allowed}
        for j, m in enumerate(members):
            if not isinstance(m, dict):
                raise ParameterError(f"must be a table (dict), got {m!r}", f"members[{j}]")
            for key in m:
                if key not in allowed:
                    raise ParameterError(
                        f"unknown key; allowed: {sorted(allowed)}", f"members[{j}].{key}"
                    )
            for key in ("name", "threshold"):
                if key not in m:
                    raise ParameterError("is required", f"members[{j}].{key}")
            cols["name"].append(m["name"])
            cols["threshold"].append(m["threshold"])
            cols["threshold_sd"].append(m.get("threshold_sd", 0.0))
            cols["weight"].append(m.get("weight"))
            cols["cost"].append(m.get("cost", 0.0))
            cols["stake"].append(m.get("stake", 0.0))
            cols["commitment"].append(m.get("commitment", 0.0))
            cols["contribution"].append(m.get("contribution", 1.0))
        weights = None
        if rule == "weighted":
            if any(w is None for w in cols["weight"]):
                j = [w is None for w in cols["weight"]].index(True)
                raise ParameterError("the weighted rule needs a weight for every member",
                                     f"members[{j}].weight")
            weights = cols["weight"]
        return cls(
            cols["name"], cols["threshold"], cols["threshold_sd"], rule=rule, quota=quota,
            weights=weights, costs=cols["cost"], stakes=cols["stake"],
            commitment=cols["commitment"], contributions=cols["contribution"], dist=dist,
        )

    # ------------------------------------------------------------------ basics
    @property
    def n(self) -> int:
        return len(self.names)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return np.broadcast_shapes(
            self.thresholds.shape[1:], self.threshold_sd.shape[1:], self.costs.shape[1:],
            self.stakes.shape[1:], self.commitment.shape[1:], self.contributions.shape[1:],
        )

    def _lift_weights(self) -> tuple[np.ndarray, float]:
        """Integer weights and quota of the rule as a weighted vote."""
        if self.rule == "weighted":
            return self.weights, float(self.quota)
        return np.ones(self.n, dtype=np.int64), float(self.quota)

    def member_cdf(self, x: Any) -> np.ndarray:
        """F_j(x) for every member: shape ``(n, *broadcast(x, batch))``."""
        x = param(x, "x")
        batch = self.batch_shape
        try:
            out = np.broadcast_shapes(x.shape, batch)
        except ValueError:
            raise ParameterError(
                f"concession array of shape {x.shape} does not broadcast with the coalition's "
                f"batch shape {batch}",
                "x",
            ) from None
        n = self.n
        lead = (1,) * (len(out) - len(batch))
        if isinstance(self.dist, tuple):
            return np.stack([np.broadcast_to(d.cdf(x), out) for d in self.dist])
        mu = _per_member(self.thresholds, batch).reshape((n, *lead, *batch))
        sd = _per_member(self.threshold_sd, batch).reshape((n, *lead, *batch))
        xb = np.broadcast_to(x, out)[None]
        known = sd <= 0
        any_known = bool(known.any())
        safe = np.where(known, 1.0, sd) if any_known else sd
        # The CDFs of scipy.stats.norm / logistic / uniform, called through the
        # scipy.special kernels they use (ndtr, expit): identical values without
        # the per-call argument checking of rv_continuous, which dominates the
        # cost on (members x grid x batch) arrays.
        z = xb - mu
        with np.errstate(over="ignore"):  # tiny sd: z = +-inf, the CDF is then exactly 0/1
            z /= safe
        if self.dist == "normal":
            f = special.ndtr(z, out=z)
        elif self.dist == "logistic":
            z *= np.pi / np.sqrt(3.0)
            f = special.expit(z, out=z)
        else:
            z += np.sqrt(3.0)
            z /= 2.0 * np.sqrt(3.0)
            f = np.clip(z, 0.0, 1.0, out=z)
        if any_known:
            f = np.where(known, (xb >= mu).astype(float), f)
        return np.broadcast_to(f, (n, *out))

    def lift_probability(self, x: Any) -> np.ndarray:
        """Pr(the coalition lifts | concession x) under its rule (see module docstring).

        Unanimity is the product of the members' CDFs; the quota and weighted
        rules use an exact dynamic programme over members for the distribution
        of the weight that agrees (Poisson-binomial for equal weights).
        """
        f = self.member_cdf(x)
        if self.rule == "unanimity":
            return np.prod(f, axis=0)
        w, q = self._lift_weights()
        return _weight_tail(f, w, q)

    def lift_threshold(self) -> np.ndarray:
        """The concession at which the rule lifts when every x_j is known (its mean).

        Unanimity: max_j x_j; quota k: the k-th smallest x_j (order statistic);
        weighted: the smallest x_j at which the agreeing weight reaches the quota.
        """
        th = _per_member(self.thresholds, self.batch_shape)
        order = np.argsort(th, axis=0, kind="stable")
        sorted_th = np.take_along_axis(th, order, axis=0)
        w, q = self._lift_weights()
        cum = np.cumsum(w[order], axis=0)
        first = np.argmax(cum >= q - 1e-12, axis=0)
        return np.take_along_axis(sorted_th, first[None], axis=0)[0]

    def single_equivalent(self, name: str = "single coercer") -> Coalition:
        """One coercer with the members' mean threshold and mean uncertainty (same family)."""
        dist = self.dist if isinstance(self.dist, str) else "normal"
        return Coalition(
            [name],
            [np.mean(self.thresholds, axis=0)],
            [np.mean(self.threshold_sd, axis=0)],
            costs=[np.sum(self.costs, axis=0)],
            stakes=[np.sum(self.stakes, axis=0)],
            commitment=[np.mean(self.commitment, axis=0)],
            contributions=[np.sum(self.contributions, axis=0)],
            dist=dist,
        )

    def subset(self, members: Sequence[str]) -> Coalition:
        """The coalition of ``members`` only (e.g. those who stay after a cohesion cascade).

        Unanimity stays unanimity among them; a quota or weighted quota that
        the remaining members can no longer reach is capped at what they hold
        (our convention: the rule is renegotiated rather than made impossible).
        """
        if isinstance(members, str) or not isinstance(members, Sequence) or not members:
            raise ParameterError("must be a non-empty list of member names", "members")
        idx = []
        for nm in members:
            if nm not in self.names:
                raise ParameterError(f"unknown member {nm!r}; members are {list(self.names)}",
                                     "members")
            idx.append(self.names.index(nm))
        if isinstance(self.dist, tuple):
            kw: dict[str, Any] = {"dist": [self.dist[j] for j in idx]}
            th, sd = None, 0.0
        else:
            kw = {"dist": self.dist}
            th = [self.thresholds[j] for j in idx]
            sd = [self.threshold_sd[j] for j in idx]
        if self.rule == "quota":
            kw.update(quota=min(int(self.quota), len(idx)))
        elif self.rule == "weighted":
            w = [int(self.weights[j]) for j in idx]
            if sum(w) == 0:
                raise ParameterError("the remaining members hold no voting weight", "members")
            kw.update(weights=w, quota=min(self.quota, float(sum(w))))
        return Coalition(
            [self.names[j] for j in idx], th, sd, rule=self.rule,
            costs=[self.costs[j] for j in idx], stakes=[self.stakes[j] for j in idx],
            commitment=[self.commitment[j] for j in idx],
            contributions=[self.contributions[j] for j in idx], **kw,
        )

    # ------------------------------------------------------------------ TU games
    def voting_game(self) -> TUGame:
        """The lifting rule as a simple game (Shapley value = Shapley-Shubik index)."""
        w, q = self._lift_weights()
        wf = w.astype(float)

        def fn(members: np.ndarray) -> np.ndarray:
            return (members.astype(float) @ wf >= q - 1e-12).astype(float)

        return TUGame.from_function(self.names, fn)

    def voting_power(self) -> ShapleyResult:
        """Each member's Shapley-Shubik power over the lifting decision (exact DP, any size)."""
        w, q = self._lift_weights()
        return weighted_voting_shapley(list(w), q, self.names)

    def compellence_game(self, pi_T: Any, r: Any, D: Any, x: Any) -> TUGame:
        """TU game of pooled punishment (our stylisation for burden sharing).

        A sub-coalition S imposes s(S) = sum_{j in S} s_j per period; it compels
        demand x iff (pi_T + r - 1) s(S) D >= x (the canonical margin with full
        assurance).  Its worth is the members' stakes if it compels, minus
        their discounted costs:  v(S) = 1[compels] sum_{j in S} b_j D - sum_{j in S} c_j D.
        """
        pi_t = param(pi_T, "pi_T", lo=0.0, hi=1.0)
        rr = param(r, "r", lo=0.0, hi=1.0)
        dd = param(D, "D", lo=0.0)
        xx = param(x, "x", lo=0.0)
        (pi_t, rr, dd, xx), _ = broadcast(pi_T=pi_t, r=rr, D=dd, x=xx)
        batch = np.broadcast_shapes(self.batch_shape, pi_t.shape)
        s = _per_member(self.contributions, batch)
        b = _per_member(self.stakes, batch)
        c = _per_member(self.costs, batch)
        scale = np.broadcast_to((pi_t + rr - 1.0) * dd, batch)
        xb = np.broadcast_to(xx, batch)

        def fn(members: np.ndarray) -> np.ndarray:
            m = members.astype(float)
            s_S = np.tensordot(m, s, axes=(1, 0))
            compels = scale * s_S >= xb - 1e-12
            return compels * np.tensordot(m, b, axes=(1, 0)) * dd - np.tensordot(m, c, axes=(1, 0)) * dd

        return TUGame.from_function(self.names, fn)

    def __repr__(self) -> str:
        th = np.asarray(self.thresholds)
        desc = self.rule if self.rule == "unanimity" else f"{self.rule} {self.quota:g}"
        if th.ndim == 1:
            mem = ", ".join(
                f"{nm}: x>={t:.3g}" + (f"±{s:.2g}" if s > 0 else "")
                for nm, t, s in zip(self.names, th, np.broadcast_to(self.threshold_sd, th.shape))
            )
        else:
            mem = f"{self.n} members, batch shape {self.batch_shape}"
        return f"Coalition({desc}; {mem})"

    def _repr_html_(self) -> str:
        return f"<b>{self!r}</b>" + self.to_frame().to_html(
            index=False, float_format=lambda x: f"{x:.4g}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per member: parameters (batched parameters shown by their mean)."""
        def m(a: np.ndarray) -> np.ndarray:
            a = np.asarray(a, dtype=float)
            return a if a.ndim == 1 else a.reshape(a.shape[0], -1).mean(axis=1)

        w, _ = self._lift_weights()
        return pd.DataFrame(
            {
                "member": list(self.names),
                "threshold": m(self.thresholds),
                "threshold_sd": m(self.threshold_sd),
                "weight": w,
                "cost": m(self.costs),
                "stake": m(self.stakes),
                "commitment": m(self.commitment),
                "contribution": m(self.contributions),
            }
        )


def _weight_tail(f: np.ndarray, w: np.ndarray, q: float) -> np.ndarray:
    """Pr(sum_j w_j B_j >= q) for independent B_j ~ Bernoulli(f_j): DP over total weight.

    Hand-written because scipy has no Poisson-binomial; the DP is exact and
    vectorised over every batch element: O(n * W) array operations.
    """
    total = int(w.sum())
    dist = np.zeros((total + 1, *f.shape[1:]))
    dist[0] = 1.0
    top = 0
    for j in range(f.shape[0]):
        wj = int(w[j])
        p = f[j]
        if wj == 0:
            continue
        new = dist * (1.0 - p)
        new[wj : top + wj + 1] += dist[: top + 1] * p
        dist = new
        top += wj
    k = int(np.ceil(q - 1e-12))
    return np.clip(dist[k:].sum(axis=0), 0.0, 1.0)


# ---------------------------------------------------------------------- off-ramp window
@dataclass(frozen=True, eq=False, repr=False)
class OffRampWindow(ResultMixin):
    """The concessions x at which the target complies, given Pr(lift | x).

    ``x_lo``/``x_hi`` bound the viable set {x >= 0 : M(x) >= 0} with
    M(x) = (pi_T + Pr(lift|x) r - 1) s D - x.  Where the window is empty
    (``empty``) they follow the empty-set convention x_lo = +inf, x_hi = -inf
    (no NaN) and ``width`` is 0.  ``contiguous`` is False where the viable set has several
    pieces (then [x_lo, x_hi] is its hull).  ``best_x`` maximises M on the
    grid, ``best_margin`` is M there; ``cap`` = (pi_T + r - 1) s D bounds every
    viable x.
    """

    x_lo: np.ndarray
    x_hi: np.ndarray
    width: np.ndarray
    empty: np.ndarray
    contiguous: np.ndarray
    best_x: np.ndarray
    best_margin: np.ndarray
    cap: np.ndarray

    _frame_fields = ("x_lo", "x_hi", "width", "empty", "contiguous", "best_x", "best_margin", "cap")


def _margin(coal: Coalition, x: np.ndarray, pi_t, rr, sd_) -> np.ndarray:
    return (pi_t + coal.lift_probability(x) * rr - 1.0) * sd_ - x



def _with_coalition_batch(shape: tuple[int, ...], coalition: Any) -> tuple[int, ...]:
    """``shape`` broadcast with the coalition's batch shape (ParameterError if they clash)."""
    try:
        return np.broadcast_shapes(shape, coalition.batch_shape)
    except ValueError:
        raise ParameterError(
            f"parameters of shape {shape} do not broadcast with the coalition's batch shape "
            f"{coalition.batch_shape}",
            "coalition",
        ) from None

def offramp_window(
    coalition: Coalition,
    pi_T: Any,
    r: Any,
    s: Any,
    D: Any,
    *,
    grid: int = 401,
    tol: float = 1e-10,
) -> OffRampWindow:
    """The off-ramp window of a coalition (see module docstring for M(x)).

    Every viable x satisfies x <= cap = (pi_T + r - 1) s D, so M is evaluated
    on ``grid`` points of [0, cap] for every batch element at once; the
    endpoints are then refined by vectorised bisection (60 halvings).  A
    viable piece narrower than cap / (grid - 1) can fall between grid points
    and be missed: raise ``grid`` for knife-edge windows.  ``s`` is
    the target's per-period punishment cost (default use: the sum of the
    members' contributions), ``D`` the future weight.
    """
    pi_t = param(pi_T, "pi_T", lo=0.0, hi=1.0)
    rr = param(r, "r", lo=0.0, hi=1.0)
    ss = param(s, "s", lo=0.0)
    dd = param(D, "D", lo=0.0)
    if not isinstance(coalition, Coalition):
        raise ParameterError(f"needs a Coalition, got {type(coalition).__name__}", "coalition")
    if isinstance(grid, bool) or not isinstance(grid, int) or grid < 3:
        raise ParameterError(f"must be an integer >= 3, got {grid!r}", "grid")
    (pi_t, rr, ss, dd), shape = broadcast(pi_T=pi_t, r=rr, s=ss, D=dd)
    batch = _with_coalition_batch(shape, coalition)
    sdd = np.broadcast_to(ss * dd, batch)
    pi_t = np.broadcast_to(pi_t, batch)
    rr = np.broadcast_to(rr, batch)
    size = int(np.prod(batch)) if batch else 1
    step = max(1, _WINDOW_CELLS // (grid * coalition.n))
    if size <= step:
        out = _window_core(coalition, pi_t, rr, sdd, grid, tol)
        return OffRampWindow(**out)
    # large batches: the same computation in chunks of the flattened batch, so the
    # (members x grid x batch) work array stays bounded (about _WINDOW_CELLS floats)
    n = coalition.n
    th = _per_member(coalition.thresholds, batch).reshape(n, size)
    sd = _per_member(coalition.threshold_sd, batch).reshape(n, size)
    flat = [a.reshape(size) for a in (pi_t, rr, sdd)]
    parts: dict[str, list[np.ndarray]] = {}
    for a in range(0, size, step):
        b = min(size, a + step)
        sub = Coalition(
            coalition.names, th[:, a:b], sd[:, a:b], rule=coalition.rule,
            quota=None if coalition.rule == "unanimity" else coalition.quota,
            weights=None if coalition.weights is None else list(coalition.weights),
            dist=list(coalition.dist) if isinstance(coalition.dist, tuple) else coalition.dist,
        )
        res = _window_core(sub, *(f[a:b] for f in flat), grid, tol)
        for k, v in res.items():
            parts.setdefault(k, []).append(v)
    return OffRampWindow(**{k: np.concatenate(v).reshape(batch) for k, v in parts.items()})


#: Work-array budget (floats) of one chunk of :func:`offramp_window`.
_WINDOW_CELLS = 4_000_000


def _window_core(coalition: Coalition, pi_t, rr, sdd, grid: int, tol: float) -> dict:
    batch = pi_t.shape
    cap = (pi_t + rr - 1.0) * sdd
    hi_end = np.maximum(cap, 0.0)
    u = np.linspace(0.0, 1.0, grid).reshape((grid,) + (1,) * len(batch))
    xs = u * hi_end[None]
    m = _margin(coalition, xs, pi_t, rr, sdd)
    ok = m >= -tol
    any_ok = ok.any(axis=0)
    idx = np.arange(grid).reshape((grid,) + (1,) * len(batch))
    first = np.where(ok, idx, grid).min(axis=0)
    last = np.where(ok, idx, -1).max(axis=0)
    runs = (ok[1:] & ~ok[:-1]).sum(axis=0) + ok[0]
    best = np.argmax(m, axis=0)
    best_x = np.take_along_axis(xs, best[None], 0)[0]
    best_m = np.take_along_axis(m, best[None], 0)[0]

    def refine(inside_idx: np.ndarray, outside_idx: np.ndarray) -> np.ndarray:
        a = np.take_along_axis(xs, np.clip(inside_idx, 0, grid - 1)[None], 0)[0]
        b = np.take_along_axis(xs, np.clip(outside_idx, 0, grid - 1)[None], 0)[0]
        for _ in range(60):
            mid = 0.5 * (a + b)
            good = _margin(coalition, mid, pi_t, rr, sdd) >= -tol
            a = np.where(good, mid, a)
            b = np.where(good, b, mid)
        return a

    lo_ref = refine(first, first - 1)
    x_lo = np.where(first > 0, lo_ref, 0.0)
    hi_ref = refine(last, last + 1)
    x_hi = np.where(last < grid - 1, hi_ref, hi_end)
    x_lo = np.where(any_ok, x_lo, np.inf)
    x_hi = np.where(any_ok, x_hi, -np.inf)
    width = np.where(any_ok, x_hi - x_lo, 0.0)
    return dict(
        x_lo=x_lo,
        x_hi=x_hi,
        width=width,
        empty=~any_ok,
        contiguous=runs <= 1,
        best_x=best_x,
        best_margin=best_m,
        cap=cap,
    )


@dataclass(frozen=True, eq=False)
class WindowComparison:
    """The coalition's off-ramp window beside that of its single-coercer equivalent."""

    coalition: OffRampWindow
    single: OffRampWindow

    @property
    def narrower(self) -> np.ndarray:
        """True where the coalition's window is no wider than the single coercer's."""
        return self.coalition.width <= self.single.width + 1e-9

    def to_frame(self) -> pd.DataFrame:
        a = self.coalition.to_frame().add_prefix("coalition_")
        b = self.single.to_frame().add_prefix("single_")
        if "coalition_batch_index" in a:
            a = a.rename(columns={"coalition_batch_index": "batch_index"})
            b = b.drop(columns=["single_batch_index"])
        return pd.concat([a, b], axis=1)

    def __repr__(self) -> str:
        return f"WindowComparison(\n  coalition={self.coalition!r},\n  single={self.single!r})"


def compare_window(
    coalition: Coalition, pi_T: Any, r: Any, s: Any, D: Any, *, grid: int = 401
) -> WindowComparison:
    """Off-ramp windows of the coalition and of one coercer with the mean threshold.

    The single coercer has the members' average threshold and average
    uncertainty (:meth:`Coalition.single_equivalent`); same pi_T, r, s, D.
    """
    return WindowComparison(
        offramp_window(coalition, pi_T, r, s, D, grid=grid),
        offramp_window(coalition.single_equivalent(), pi_T, r, s, D, grid=grid),
    )


# ---------------------------------------------------------------------- cohesion
@dataclass(frozen=True, eq=False, repr=False)
class CohesionResult(ResultMixin):
    """Fixed point of the departure cascade.

    ``stays`` (n, *batch): member still in; ``round_left`` (n, *batch): the
    round in which the member left (0 = forced out by the shock or left on its
    own costs, k = after k rounds of neighbours' departures, -1 = stays); ``n_remaining`` and
    ``rounds`` (iterations to the fixed point) have the batch shape.
    """

    names: tuple[str, ...]
    stays: np.ndarray
    round_left: np.ndarray
    n_remaining: np.ndarray
    rounds: np.ndarray

    _frame_fields = ("n_remaining", "rounds")

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return np.shape(self.n_remaining)

    def members_frame(self) -> pd.DataFrame:
        """One row per member (and batch element): stays, round left."""
        batch = self.batch_shape
        idxs = list(np.ndindex(*batch)) if batch else [()]
        rows = []
        for j, nm in enumerate(self.names):
            for bi in idxs:
                row = {"batch_index": bi} if batch else {}
                row.update(member=nm, stays=bool(self.stays[(j, *bi)]),
                           round_left=int(self.round_left[(j, *bi)]))
                rows.append(row)
        return pd.DataFrame(rows)


def coalition_cohesion(
    coalition: Coalition,
    graph: nx.Graph | None = None,
    *,
    spillover: Any = 1.0,
    departed: Sequence[str] = (),
) -> CohesionResult:
    """Members' departures iterated to a fixed point (stylised; module docstring).

    ``graph``: a networkx graph on the member names (edge attribute
    ``weight``, default 1); None means every member watches every other
    (complete graph).  ``departed``: members forced out at the start (a
    shock).  Leaving is monotone (the departed share only grows), so the
    iteration stops after at most n rounds.  Hand-written loop (not the
    cascades package): the rule mixes each member's own cost-benefit test with
    the neighbours' share, vectorised over the batch.
    """
    if not isinstance(coalition, Coalition):
        raise ParameterError(f"needs a Coalition, got {type(coalition).__name__}", "coalition")
    names = coalition.names
    n = coalition.n
    if graph is None:
        adj = np.ones((n, n)) - np.eye(n)
    else:
        if not isinstance(graph, nx.Graph):
            raise GraphError(f"graph must be a networkx graph, got {type(graph).__name__}")
        missing = [nm for nm in names if nm not in graph]
        extra = [v for v in graph.nodes if v not in set(names)]
        if missing or extra:
            raise GraphError(
                f"graph nodes must be the member names {list(names)}; missing {missing}, "
                f"unknown {extra}"
            )
        adj = nx.to_numpy_array(graph, nodelist=list(names), weight="weight")
        if graph.is_directed():
            adj = adj.T  # j watches the members with an edge into j
        if np.any(adj < 0) or not np.all(np.isfinite(adj)):
            raise GraphError("edge weights must be finite and >= 0")
        np.fill_diagonal(adj, 0.0)
    spill = param(spillover, "spillover", lo=0.0)
    for nm in departed:
        if nm not in names:
            raise ParameterError(f"unknown member {nm!r}; members are {list(names)}", "departed")
    batch = np.broadcast_shapes(coalition.batch_shape, spill.shape)
    c = _per_member(coalition.costs, batch)
    hold = _per_member(coalition.stakes, batch) + _per_member(coalition.commitment, batch)
    deg = adj.sum(axis=1)
    left = np.zeros((n, *batch), dtype=bool)
    for nm in departed:
        left[names.index(nm)] = True
    round_left = np.where(left, 0, -1)
    rounds = np.zeros(batch, dtype=int)
    for k in range(n + 1):
        share = np.tensordot(adj, left.astype(float), axes=(1, 0))
        share = share / np.where(deg > 0, deg, 1.0).reshape((n,) + (1,) * len(batch))
        leave = c * (1.0 + spill * share) > hold + 1e-12
        new = leave & ~left
        if not new.any():
            break
        round_left = np.where(new, k, round_left)
        rounds = np.where(new.any(axis=0), k + 1, rounds)
        left = left | new
    return CohesionResult(
        names=names,
        stays=~left,
        round_left=round_left,
        n_remaining=(~left).sum(axis=0),
        rounds=rounds,
    )


# ---------------------------------------------------------------------- burden sharing
@dataclass(frozen=True, eq=False)
class BurdenSharing:
    """Shapley allocation of the pooled-punishment game and the burden it implies.

    ``shapley`` is each member's fair share of the coalition's worth v(N);
    where the whole coalition compels, ``burden_j = b_j D - phi_j`` splits the
    total cost sum_j c_j D among members (the burdens sum to it).  ``core`` is
    the least core (``core.nonempty`` says whether the core exists).
    """

    shapley: ShapleyResult
    burden: np.ndarray
    core: CoreResult | None

    def to_frame(self) -> pd.DataFrame:
        df = self.shapley.to_frame()
        df["burden"] = np.ravel(self.burden)
        return df

    def __repr__(self) -> str:
        core = "" if self.core is None else f", core={self.core!r}"
        return f"BurdenSharing(shapley={self.shapley!r}{core})"


def burden_sharing(
    coalition: Coalition,
    pi_T: Any,
    r: Any,
    D: Any,
    x: Any,
    *,
    method: str = "auto",
    samples: int = 2000,
    seed: int | None = None,
    core: bool = True,
) -> BurdenSharing:
    """Burden sharing by Shapley value in :meth:`Coalition.compellence_game`.

    Exact for small coalitions, permutation-sampled for large ones (the
    standard error is in ``shapley.stderr``); ``core=True`` also solves the
    least-core LP (coalitions up to 18 members).
    """
    game = coalition.compellence_game(pi_T, r, D, x)
    phi = game.shapley(method=method, samples=samples, seed=seed)
    n = coalition.n
    dd = param(D, "D")
    batch = phi.value.shape[1:]
    stakes = _per_member(coalition.stakes, batch)
    burden = stakes * dd - phi.value
    core_res = game.least_core() if core and n <= 18 else None
    return BurdenSharing(phi, burden, core_res)


# ---------------------------------------------------------------------- game tree
def coalition_lift_game(
    coalition: Coalition, x: Any, pi_T: Any, r: Any, s: Any, D: Any, max_members: int = 12
) -> Game:
    """The coalition's lifting decision as a game tree (players Target, Coalition).

    Target: comply (concede x) or defy.  Defy -> chance: punished (pi_T) or
    not.  Comply -> one chance node per member: satisfied (F_j(x)) or not;
    each leaf lifts iff the satisfied members meet the rule (sum of weights >=
    quota).  Target payoffs: comply & lifted -x - (1 - r) s D; comply & kept
    -x - s D; defy & punished -s D; defy & spared 0.  Coalition: the
    concession minus its members' costs while punishing (sum_j c_j D, a share
    (1 - r) of it after lifting).  Backward induction gives comply iff the
    margin M(x) = (pi_T + Pr(lift|x) r - 1) s D - x >= 0, with Pr(lift|x) the
    probability mass of the lifting leaves (2**n leaves, so n <= max_members).
    """
    if coalition.n > max_members:
        raise ParameterError(
            f"the tree has 2**n leaves; {coalition.n} members exceed max_members={max_members}",
            "coalition",
        )
    pi_t = param(pi_T, "pi_T", lo=0.0, hi=1.0)
    rr = param(r, "r", lo=0.0, hi=1.0)
    sdd = param(s, "s", lo=0.0) * param(D, "D", lo=0.0)
    xx = param(x, "x")
    _, shape = broadcast(x=xx, pi_T=pi_t, r=rr, s_times_D=sdd)
    _with_coalition_batch(shape, coalition)
    f = coalition.member_cdf(xx)
    w, q = coalition._lift_weights()
    cost = np.sum(coalition.costs, axis=0) * param(D, "D")

    def member_node(j: int, weight: int):
        if j == coalition.n:
            if weight >= q - 1e-12:
                return outcome(Target=-xx - (1.0 - rr) * sdd, Coalition=xx - (1.0 - rr) * cost)
            return outcome(Target=-xx - sdd, Coalition=xx - cost)
        name = coalition.names[j]
        return chance(
            {
                f"{name} satisfied": (f[j], member_node(j + 1, weight + int(w[j]))),
                f"{name} not satisfied": (1.0 - f[j], member_node(j + 1, weight)),
            }
        )

    root = decision(
        "Target",
        {
            "comply": member_node(0, 0),
            "defy": chance(
                {
                    "punished": (pi_t, outcome(Target=-sdd, Coalition=-cost)),
                    "spared": (1.0 - pi_t, outcome(Target=0.0 * sdd, Coalition=0.0 * cost)),
                }
            ),
        },
    )
    return Game(["Target", "Coalition"], root, title=f"Coalition lifting ({coalition.rule})")
