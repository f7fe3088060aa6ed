"""Multilateral coalitions: lifting rules, correlated thresholds, the off-ramp window, cohesion.

Thresholds.  Member j lifts its punishment once the target's concession x
reaches its minimum acceptable concession x_j.  The user gives x_j directly
(``thresholds``), or the member's payoffs, from which x_j follows.  The
member's lift condition (stylised, ours; per-period flows, so discounting
cancels; the punitive-vs-compellent motive of sanctions as in
:class:`~compellence.coercion.campaign.Coercer`'s ``weakening_value``, and the
sender's own cost of sanctions, "blowback", as in Hufbauer, Schott, Elliott
& Oegg 2007's cost to sender):

    keep its sanctions:      w_j - c_j  per period (value of weakening the target /
                                         of continued pressure, minus blowback c_j);
                                         the concession is forgone (the deal is
                                         conditional on lifting)
    lift for concession x:   b_j x      per period (b_j: its stake in full compliance)

    member j lifts  iff  b_j x >= w_j - c_j  iff  x >= x_j = (w_j - c_j) / b_j.

The target knows w_j and b_j but not the blowback c_j (mean ``costs``,
standard deviation ``cost_sd``), so x_j has mean (w_j - c_j) / b_j and
standard deviation cost_sd_j / b_j (the families offered are symmetric, so
the sign flip does not matter).  A member whose blowback exceeds its value of
pressure (x_j <= 0) accepts any concession, even none.

Disagreement vs uncertainty.  The target's uncertainty about the x_j has a
COMMON component (one-factor Gaussian copula, :mod:`._lifting`): for normal
margins x_j = mu_j + sd_j (sqrt(rho) Z + sqrt(1 - rho) e_j), with
``correlation`` rho in [0, 1] the share of each member's uncertainty that is
common (a shock to every member's blowback, e.g. energy prices).
Member j may have its own common share rho_j (``correlation`` as a list):
x_j = mu_j + sigma_c Z + sigma_j e_j with one common shock sigma_c is
rho_j = sigma_c**2 / sd_j**2, sd_j**2 = sigma_c**2 + sigma_j**2.
*Disagreement* is different means mu_j; *uncertainty* is sd_j > 0.  With
rho = 1, members with identical (mu, sd) are one member: their thresholds are
equal in every state of the world.

Rules.  Conditionally on the common factor Z the members are independent, so
every probability is E_Z of its independent-member form (closed forms at
rho = 0 and rho = 1, trapezoidal quadrature over Z in between; error stated in
:mod:`._lifting`):

    rule            Pr(punishment lifted | compliance with x)      after defiance: Pr(sustained)
    unanimity       Pr(all x_j <= x)       indep.: prod_j F_j(x)    1 (no member can end it alone)
    quota k         Pr(#{j: x_j <= x} >= k)  (Poisson-binomial)     1
    weighted        Pr(sum_j v_j 1[x_j <= x] >= q)                  1
    eu_renewal      Pr(any x_j <= x)    indep.: 1 - prod_j (1-F_j)  Pr(all x_j > 0)

``eu_renewal`` is the EU's rule: sanctions lapse unless renewed by unanimity
(every six months), so ONE member can end them, whether or not the target
complied.  After compliance with x the punishment ends if any member is
satisfied.  After defiance (x = 0) member j renews iff its value of continued
pressure exceeds its blowback, w_j - c_j > 0, i.e. iff x_j > 0 (the tie goes
to ending, as lifting at x >= x_j); so the punishment is sustained iff every
member renews: Pr(all x_j > 0), independent: prod_j (1 - F_j(0)).

Partial lifting (``lifting="partial"``): each member lifts its OWN share
``w_j`` of the coalition's reversible punishment (``shares``, summing to 1;
default: the ``contributions`` normalised) when x >= x_j, whatever the others
do.  The expected lifted share is E[sum_j w_j 1[x_j <= x]] = sum_j w_j F_j(x)
(linearity: the correlation does not matter), and after defiance the expected
sustained share is sum_j w_j (1 - F_j(0)).  Under all-or-nothing lifting the
lifted share is the lift probability (0 or all of it).

Margin.  With the campaign's threat and assurance credibilities pi_T, pi_A,
the coalition enters the corrected margin (``offramp.offramp_margin``) as

    pi_T_eff = pi_T * sustain_probability(),   pi_A_eff(x) = pi_A * lifted_share(x),
    M(x) = (pi_T_eff phi + pi_A_eff(x) - 1)(r s D + Z) - x - cc + L

(canonical: M(x) = (pi_T S + pi_A G(x) - 1) r s D - x).  Because G(x) rises
with x while the concession cost x rises too, the viable concessions
{x : M(x) >= 0} form a WINDOW [x_lo, x_hi] (possibly empty, in degenerate
cases several pieces; every viable x is below cap = (pi_T_eff phi + pi_A - 1)
(r s D + Z) - cc + L).

Claim 3 (restated on this model).  At equal mean threshold, equal
uncertainty and equal everything else, a unanimity-to-lift coalition whose
members' thresholds differ or are not perfectly correlated lifts with
Pr(all x_j <= x) <= min_j F_j(x), so its window is no wider than that of one
coercer holding the members' average threshold: strictly narrower where the
members disagree (different mu_j, at any correlation; at rho = 1 the coalition
is its most demanding member) or, without disagreement, are uncertain with
rho < 1.  It does NOT
hold (i) with identical known thresholds (equal windows), (ii) with identical
thresholds whose uncertainty is fully common, rho = 1 (exactly one member),
(iii) under a quota-1 or ``eu_renewal`` rule (one satisfied member suffices:
wider, though under ``eu_renewal`` the threat side is weaker too), and (iv)
under partial lifting (the lifted share sum_j w_j F_j(x) does not fall with
disagreement the way the product does).

Cohesion (stylised, ours): member j stays while its cost, raised by the
departures of its network neighbours, does not exceed its stake plus the
public commitment it would break:

    leave_j  iff  c_j (1 + spillover * departed share of j's neighbours) > b_j + k_j,

iterated to the (monotone) fixed point, so departures can cascade.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import special

from ..errors import GraphError, ParameterError
from ..games.nodes import chance, decision, outcome
from ..games.tree import Game
from ..validation import check_choice, check_real
from ._lifting import latent_scores, rule_probability, weight_tail, z_nodes
from ._richer import ResultMixin, broadcast
from .shapley import CoreResult, ShapleyResult, TUGame, weighted_voting_shapley

__all__ = [
    "Coalition",
    "Member",
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
    "LIFTING",
    "DISTRIBUTIONS",
]

RULES = ("unanimity", "quota", "weighted", "eu_renewal")
LIFTING = ("all", "partial")
DISTRIBUTIONS = ("normal", "logistic", "uniform")

#: Largest total voting weight of the weighted rule (the exact DP runs over it).
_MAX_TOTAL_WEIGHT = 1_000_000

#: kept for callers of the former private name
_weight_tail = weight_tail


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
        items = [check_real(v, f"{name}[{j}]", lo=lo) for j, v in enumerate(value)]
        try:
            shape = np.broadcast_shapes(*(a.shape for a in items))
        except ValueError:
            raise ParameterError("per-member arrays do not broadcast to one batch shape", name) from None
        return np.stack([np.broadcast_to(a, shape) for a in items])
    arr = check_real(value, name, lo=lo)
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if arr.shape[0] != n:
        raise ParameterError(
            f"first axis must be the {n} members, got shape {arr.shape}", name
        )
    return arr


@dataclass(frozen=True)
class Member:
    """One member's inputs, named as in a scenario file's ``[[coalition.members]]`` table.

    ``min_concession`` (x_j) is derived (module docstring) when
    ``weakening_value`` is given, from ``blowback`` and ``stake``.  Scenario
    key <-> :class:`Coalition` argument: min_concession <-> thresholds,
    uncertainty <-> threshold_sd, weight <-> weights, share <-> shares,
    blowback <-> costs, blowback_sd <-> cost_sd, stake <-> stakes,
    weakening_value <-> weakening_value, commitment <-> commitment,
    contribution <-> contributions.

    Attributes
    ----------
    name : str
        The member.
    min_concession, uncertainty : array_like
        ``x_j`` and its standard deviation.
    weight, share : int or None, array_like or None
        Voting weight and share of the punishment.
    blowback, blowback_sd, stake, weakening_value, commitment, contribution : array_like
        ``c_j``, its uncertainty, ``b_j``, ``w_j``, ``k_j``, ``s_j``.

    Examples
    --------
    >>> from compellence.coercion import Coalition, Member
    >>> Coalition.from_members([Member("US", 0.2).__dict__, Member("EU", 0.5).__dict__]).names
    ('US', 'EU')
    """

    name: str
    min_concession: Any = None
    uncertainty: Any = 0.0
    weight: int | None = None
    share: Any = None
    blowback: Any = 0.0
    blowback_sd: Any = 0.0
    stake: Any = 0.0
    weakening_value: Any = None
    commitment: Any = 0.0
    contribution: Any = 1.0


#: Member field -> Coalition constructor argument
_MEMBER_ARG = {
    "min_concession": "thresholds", "uncertainty": "threshold_sd", "weight": "weights",
    "share": "shares", "blowback": "costs", "blowback_sd": "cost_sd", "stake": "stakes",
    "weakening_value": "weakening_value", "commitment": "commitment",
    "contribution": "contributions",
}
_NUMERIC_MEMBER_KEYS = ("min_concession", "uncertainty", "share", "blowback", "blowback_sd",
                        "stake", "weakening_value", "commitment", "contribution")


@dataclass(frozen=True, eq=False)
class Coalition:
    """A coalition of coercers: lifting rule, member thresholds, their (correlated) uncertainty.

    The model and every probability are stated in the module docstring.
    Plain numbers or lists; per-member entries may be arrays that broadcast to
    one batch shape.

    Parameters
    ----------
    names : sequence of str
        Member names.
    thresholds : array_like, optional
        Member j's minimum acceptable concession x_j (mean of F_j).  Omit it
        and give ``weakening_value`` (with ``costs`` and ``stakes``) to derive
        it: x_j = (weakening_value_j - costs_j) / stakes_j.
    threshold_sd : array_like, optional
        Standard deviation of the target's uncertainty about x_j (0 = known).
    rule : {"unanimity", "quota", "weighted", "eu_renewal"}, optional
        ``"unanimity"`` (all must agree to lift), ``"quota"`` (at least
        ``quota`` members), ``"weighted"`` (members holding voting weight >=
        ``quota``) or ``"eu_renewal"`` (renewal needs unanimity, so any one
        member can end the punishment, after compliance or defiance).
    quota : float or None, optional
        Number of members (quota rule) or weight (weighted rule).
    weights : sequence of int or None, optional
        Non-negative integer voting weights (weighted rule).
    lifting : {"all", "partial"}, optional
        ``"all"`` (the coalition lifts all of its punishment or none) or
        ``"partial"`` (each member lifts its own share when satisfied; rule
        ``"unanimity"`` or ``"eu_renewal"``, which coincide then).
    correlation : array_like, optional
        rho in [0, 1]: the common share of the target's uncertainty about the
        thresholds (0 independent, 1 fully common); batched.  A list of n
        values gives each member its own common share rho_j (the form
        x_j = mu_j + sigma_c Z + sigma_j e_j: threshold_sd_j =
        sqrt(sigma_c**2 + sigma_j**2), rho_j = sigma_c**2 / threshold_sd_j**2);
        members at exactly 1 beside members below 1 are refused.
    shares : array_like or None, optional
        Each member's share of the coalition's reversible punishment (sums to
        1 over members); default: ``contributions`` normalised.
    costs : array_like or None, optional
        Member's per-period cost of keeping its punishment in place
        (blowback, c_j).
    cost_sd : array_like or None, optional
        The target's uncertainty about c_j (only with ``weakening_value``;
        gives threshold_sd = cost_sd / stakes).
    stakes : array_like or None, optional
        Member's per-period stake in the target's full compliance (b_j).
    weakening_value : array_like or None, optional
        Member's per-period value of continued pressure on the target (w_j).
    commitment : array_like or None, optional
        Public-commitment cost of leaving the coalition (k_j; Fearon 1994's
        tying hands applied to membership; cohesion only).
    contributions : array_like or None, optional
        Member's punishment per period to the target (s_j; the burden-sharing game).
    dist : {"normal", "logistic", "uniform"} or sequence of scipy.stats distributions, optional
        Family of F_j: ``"normal"``, ``"logistic"`` or ``"uniform"`` (all
        parameterised by mean and standard deviation), or a list of frozen
        ``scipy.stats`` distributions, one per member (then ``thresholds`` and
        ``threshold_sd`` are taken from them).

    Raises
    ------
    ParameterError
        A value out of range, inconsistent lengths, or an unknown rule, lifting
        or family (naming the argument).

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> co.lift_probability([0.3, 0.6]).round(4).tolist()
    [0.0191, 0.8413]
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
    lifting: str = "all"
    correlation: np.ndarray | None = None
    shares: np.ndarray | None = None
    weakening_value: np.ndarray | None = None
    cost_sd: np.ndarray | None = None

    def __init__(
        self,
        names: Sequence[str],
        thresholds: Any = None,
        threshold_sd: Any = 0.0,
        *,
        rule: str = "unanimity",
        quota: float | None = None,
        weights: Sequence[int] | None = None,
        lifting: str = "all",
        correlation: Any = 0.0,
        shares: Any = None,
        costs: Any = 0.0,
        cost_sd: Any = 0.0,
        stakes: Any = 0.0,
        weakening_value: Any = None,
        commitment: Any = 0.0,
        contributions: Any = 1.0,
        dist: Any = "normal",
    ) -> None:
        names = _check_names(names)
        n = len(names)
        c = _member_param(costs, "costs", n, lo=0.0)
        b = _member_param(stakes, "stakes", n)
        csd = _member_param(cost_sd, "cost_sd", n, lo=0.0)
        frozen, thresholds, threshold_sd = _check_dist(dist, n, thresholds, threshold_sd,
                                                       weakening_value)
        th, sd, wv = _member_thresholds(thresholds, threshold_sd, weakening_value, c, b, csd, n)
        _check_rule(rule, lifting)
        rho = _check_correlation(correlation, n)
        q, w = _quota_and_weights(rule, quota, weights, n)
        k = _member_param(commitment, "commitment", n, lo=0.0)
        s = _member_param(contributions, "contributions", n, lo=0.0)
        sh = _lifting_shares(shares, s, n)
        broadcast(
            thresholds=th[0], threshold_sd=sd[0], costs=c[0], stakes=b[0], commitment=k[0],
            contributions=s[0], shares=sh[0],
            correlation=rho[0] if isinstance(correlation, (list, tuple)) else rho,
        )
        for name, value in (
            ("names", names), ("thresholds", th), ("threshold_sd", sd), ("rule", rule),
            ("quota", q), ("weights", w), ("costs", c), ("stakes", b), ("commitment", k),
            ("contributions", s), ("dist", frozen if frozen is not None else dist),
            ("lifting", lifting), ("correlation", rho), ("shares", sh),
            ("weakening_value", wv), ("cost_sd", csd),
            ("_rho_members", isinstance(correlation, (list, tuple))),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def from_members(
        cls,
        members: Sequence[Mapping[str, Any]],
        *,
        rule: str = "unanimity",
        quota: float | None = None,
        dist: str = "normal",
        lifting: str = "all",
        correlation: Any = 0.0,
    ) -> Coalition:
        """A coalition from one plain dict per member (a TOML array of tables).

        Keys: the fields of :class:`Member` (``name`` required; ``min_concession``
        required unless ``weakening_value`` is given; ``weight`` for the
        weighted rule).  Unknown keys are refused with a ParameterError naming
        ``members[j].key``.

        Parameters
        ----------
        members : sequence of mapping
            One dict per member with :class:`Member` fields.
        rule, quota, dist, lifting, correlation
            As for :class:`Coalition`.

        Returns
        -------
        Coalition
            The coalition.

        Raises
        ------
        ParameterError
            An unknown field or a value out of range (naming the member).

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition.from_members([{"name": "US", "min_concession": 0.2, "uncertainty": 0.1},
        ...                              {"name": "EU", "min_concession": 0.5, "uncertainty": 0.1}])
        >>> co.names, co.thresholds.tolist()
        (('US', 'EU'), [0.2, 0.5])
        """
        allowed = [f.name for f in fields(Member)]
        if isinstance(members, (str, Mapping)) or not isinstance(members, Sequence) or not members:
            raise ParameterError("must be a non-empty list of member tables", "members")
        rows = []
        for j, m in enumerate(members):
            if not isinstance(m, Mapping):
                raise ParameterError(f"must be a table (dict), got {m!r}", f"members[{j}]")
            for key in m:
                if key not in allowed:
                    raise ParameterError(f"unknown key; allowed: {sorted(allowed)}",
                                         f"members[{j}].{key}")
            if "name" not in m:
                raise ParameterError("is required", f"members[{j}].name")
            if m.get("min_concession") is None and m.get("weakening_value") is None:
                raise ParameterError("is required (or give weakening_value, blowback and stake)",
                                     f"members[{j}].min_concession")
            rows.append(Member(**{k: v for k, v in m.items() if v is not None or k == "name"}))
        return cls._from_rows(rows, rule=rule, quota=quota, dist=dist, lifting=lifting,
                              correlation=correlation)

    @classmethod
    def _from_rows(cls, rows: Sequence[Member], **kw: Any) -> Coalition:
        derived = [r.weakening_value is not None for r in rows]
        if any(derived) and not all(derived):
            j = derived.index(False)
            raise ParameterError("derive every member's threshold or none: give weakening_value "
                                 "to all members", f"members[{j}].weakening_value")
        for j, r in enumerate(rows):
            if not all(derived) and np.any(np.asarray(r.blowback_sd) != 0):
                raise ParameterError("is the uncertainty of a derived threshold: give "
                                     "weakening_value, or the uncertainty of min_concession",
                                     f"members[{j}].blowback_sd")
            if all(derived) and r.min_concession is not None:
                raise ParameterError("is derived from weakening_value, blowback and stake; "
                                     "give one or the other", f"members[{j}].min_concession")
        if kw.get("rule") == "weighted":
            for j, r in enumerate(rows):
                if r.weight is None:
                    raise ParameterError("the weighted rule needs a weight for every member",
                                         f"members[{j}].weight")
        shares = [r.share for r in rows]
        if any(s is None for s in shares):
            if not all(s is None for s in shares):
                j = [s is None for s in shares].index(True)
                raise ParameterError("give every member a share or none", f"members[{j}].share")
            shares = None
        if not all(derived) or not rows:
            kw.update(thresholds=[r.min_concession for r in rows],
                      threshold_sd=[r.uncertainty for r in rows])
        else:
            kw.update(weakening_value=[r.weakening_value for r in rows],
                      cost_sd=[r.blowback_sd for r in rows])
        weights = [r.weight for r in rows] if kw.get("rule") == "weighted" else None
        return cls(
            [r.name for r in rows], weights=weights, shares=shares,
            costs=[r.blowback for r in rows], stakes=[r.stake for r in rows],
            commitment=[r.commitment for r in rows],
            contributions=[r.contribution for r in rows], **kw,
        )

    # ------------------------------------------------------------------ members / replace
    @property
    def members(self) -> tuple[Member, ...]:
        """One :class:`Member` per member (inputs as given; ``min_concession`` derived if so)."""
        derived = self.weakening_value is not None
        out = []
        for j, nm in enumerate(self.names):
            out.append(Member(
                name=nm,
                min_concession=None if derived or isinstance(self.dist, tuple) else self.thresholds[j],
                uncertainty=0.0 if derived else self.threshold_sd[j],
                weight=None if self.weights is None else int(self.weights[j]),
                share=self.shares[j],
                blowback=self.costs[j],
                blowback_sd=self.cost_sd[j],
                stake=self.stakes[j],
                weakening_value=None if not derived else self.weakening_value[j],
                commitment=self.commitment[j],
                contribution=self.contributions[j],
            ))
        return tuple(out)

    def _settings(self) -> dict[str, Any]:
        kw: dict[str, Any] = dict(rule=self.rule, lifting=self.lifting, correlation=self._rho_arg())
        if self.rule in ("quota", "weighted"):
            kw["quota"] = self.quota
        kw["dist"] = list(self.dist) if isinstance(self.dist, tuple) else self.dist
        return kw

    def replace(self, **changes: Any) -> Coalition:
        """A new, validated coalition with constructor arguments replaced (arrays allowed).

        E.g. ``c.replace(correlation=np.linspace(0, 1, 11))`` or
        ``c.replace(rule="eu_renewal")``.  Per-member arguments replace the whole
        list; for one member use :meth:`replace_member`.

        Parameters
        ----------
        **changes
            Constructor arguments and their new values.

        Returns
        -------
        Coalition
            The new coalition.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.replace(rule="eu_renewal").rule
        'eu_renewal'
        """
        if isinstance(self.dist, tuple) and "dist" not in changes:
            base: dict[str, Any] = dict(thresholds=None, threshold_sd=0.0)
        elif self.weakening_value is not None:
            base = dict(weakening_value=list(self.weakening_value), cost_sd=list(self.cost_sd))
        else:
            base = dict(thresholds=list(self.thresholds), threshold_sd=list(self.threshold_sd))
        kw: dict[str, Any] = dict(
            names=list(self.names), weights=None if self.weights is None else list(self.weights),
            shares=list(self.shares), costs=list(self.costs), stakes=list(self.stakes),
            commitment=list(self.commitment), contributions=list(self.contributions),
            **base, **self._settings(),
        )
        allowed = {f.name for f in fields(Coalition)}
        for key in changes:
            if key not in allowed:
                raise ParameterError(f"unknown coalition field; allowed: {sorted(allowed)}", key)
        if "weakening_value" in changes and changes["weakening_value"] is not None:
            kw.pop("thresholds", None)
            kw["threshold_sd"] = 0.0
        if "thresholds" in changes and changes["thresholds"] is not None:
            kw.pop("weakening_value", None)
            kw.pop("cost_sd", None)
        if "contributions" in changes and "shares" not in changes:
            kw["shares"] = None
        if changes.get("rule") in ("unanimity", "eu_renewal") or (
            "rule" in changes and changes["rule"] != "weighted" and "weights" not in changes
        ):
            kw["weights"] = None
            if changes.get("rule") in ("unanimity", "eu_renewal"):
                kw.pop("quota", None)
        kw.update(changes)
        names = kw.pop("names")
        return Coalition(names, **kw)

    def _index(self, member: int | str) -> int:
        if isinstance(member, str):
            if member not in self.names:
                raise ParameterError(f"unknown member {member!r}; members are {list(self.names)}",
                                     "members")
            return self.names.index(member)
        if isinstance(member, bool) or not isinstance(member, (int, np.integer)) or not (
            0 <= member < self.n
        ):
            raise ParameterError(f"member index must be in 0..{self.n - 1}, got {member!r}", "members")
        return int(member)

    def replace_member(self, member: int | str, **changes: Any) -> Coalition:
        """A new coalition with member ``member`` (index or name) changed; keys are :class:`Member` fields.

        E.g. ``c.replace_member(1, min_concession=np.linspace(0, 1, 101))``
        (the scenario key ``coalition.members[1].min_concession``).

        Parameters
        ----------
        member : int or str
            Index or name.
        **changes
            :class:`Member` fields and their new values.

        Returns
        -------
        Coalition
            The new coalition.

        Raises
        ------
        ParameterError
            An unknown member or field.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.replace_member("EU", min_concession=0.3).thresholds.tolist()
        [0.2, 0.3]
        """
        j = self._index(member)
        rows = list(self.members)
        allowed = {f.name for f in fields(Member)}
        for key in changes:
            if key not in allowed:
                raise ParameterError(f"unknown member field; allowed: {sorted(allowed)}",
                                     f"members[{j}].{key}")
        for key in ("min_concession", "uncertainty"):
            if isinstance(self.dist, tuple) and key in changes:
                raise ParameterError("thresholds come from the members' scipy distributions",
                                     f"members[{j}].{key}")
        rows[j] = Member(**{**rows[j].__dict__, **changes})
        if isinstance(self.dist, tuple):
            rows = [Member(**{**r.__dict__, "min_concession": 0.0}) for r in rows]
            c = Coalition._from_rows(rows, **self._settings())
            return c.replace(dist=list(self.dist))
        return Coalition._from_rows(rows, **self._settings())

    def inputs(self) -> dict[str, Any]:
        """Flat ``{key path: value}`` of the coalition's numeric inputs (scenario key names).

        Keys: ``correlation``, ``quota`` (quota / weighted rules) and
        ``members[j].<field>`` for the numeric :class:`Member` fields (``min_concession``
        and ``uncertainty`` only where given, not derived; ``blowback_sd`` only where
        derived).  ``share`` is left out: shares must sum to 1, so one member's share
        cannot be varied alone (replace them all with :meth:`replace`).

        Returns
        -------
        dict of str to Any
            Key path -> value.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> list(co.inputs())[:2]
        ['correlation', 'members[0].min_concession']
        """
        out: dict[str, Any] = {} if self._rho_members else {"correlation": self.correlation}
        if self.rule in ("quota", "weighted"):
            out["quota"] = self.quota
        for j, m in enumerate(self.members):
            for key in _NUMERIC_MEMBER_KEYS:
                v = getattr(m, key)
                if v is None or (key == "uncertainty" and (self.weakening_value is not None
                                                           or isinstance(self.dist, tuple))):
                    continue
                if key == "share" or (key == "blowback_sd" and self.weakening_value is None):
                    continue
                out[f"members[{j}].{key}"] = v
        return out

    def with_inputs(self, mapping: Mapping[str, Any]) -> Coalition:
        """A new coalition with inputs replaced by key path (as in :meth:`inputs`; arrays allowed).

        Parameters
        ----------
        mapping : mapping of str to Any
            Key path -> new value.

        Returns
        -------
        Coalition
            The new coalition.

        Raises
        ------
        ParameterError
            An unknown key or a bad value.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.with_inputs({"members[1].min_concession": 0.4}).thresholds.tolist()
        [0.2, 0.4]
        """
        c = self
        top = {}
        for key, value in mapping.items():
            m = re.fullmatch(r"members\[(\d+)\]\.(\w+)", key)
            if m:
                try:
                    c = c.replace_member(int(m.group(1)), **{m.group(2): value})
                except ParameterError as exc:  # name the key the user gave, not the internal array
                    msg = str(exc)
                    if exc.name and msg.startswith(f"{exc.name}: "):
                        msg = msg[len(exc.name) + 2:]
                    raise ParameterError(msg, key) from None
            elif key in ("correlation", "quota"):
                top[key] = value
            else:
                raise ParameterError("unknown coalition input; use correlation, quota or "
                                     "members[j].<field>", key)
        return c.replace(**top) if top else c

    # ------------------------------------------------------------------ basics
    @property
    def n(self) -> int:
        """The number of members."""
        return len(self.names)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The broadcast shape of the per-member arrays (``()`` for scalars)."""
        return np.broadcast_shapes(
            self.thresholds.shape[1:], self.threshold_sd.shape[1:], self.costs.shape[1:],
            self.stakes.shape[1:], self.commitment.shape[1:], self.contributions.shape[1:],
            self.shares.shape[1:], self._rho_common().shape[1:],
        )

    def _lift_weights(self) -> tuple[np.ndarray, float]:
        """Integer weights and quota of the rule as a weighted vote (eu_renewal: any one member)."""
        if self.rule == "weighted":
            return self.weights, float(self.quota)
        return np.ones(self.n, dtype=np.int64), float(self.quota)

    def _kind(self) -> str:
        return {"unanimity": "all", "eu_renewal": "any"}.get(self.rule, "tail")

    def _scores(self, x: Any) -> np.ndarray:
        """Latent scores c_j(x) = Phi^{-1}(F_j(x)), shape ``(n, *broadcast(x, batch))``."""
        x = check_real(x, "x")
        batch = self.batch_shape
        try:
            out = np.broadcast_shapes(x.shape, batch)
        except ValueError:
            raise ParameterError(
                f"concession array of shape {x.shape} does not broadcast with the coalition's "
                f"batch shape {batch}",
                "x",
            ) from None
        return self._scores_raw(x, out)

    def _scores_raw(self, x: np.ndarray, out: tuple[int, ...]) -> np.ndarray:
        n = self.n
        batch = self.batch_shape
        lead = (1,) * (len(out) - len(batch))
        mu = _per_member(self.thresholds, batch).reshape((n, *lead, *batch))
        sd = _per_member(self.threshold_sd, batch).reshape((n, *lead, *batch))
        c = latent_scores(np.asarray(x, dtype=float), mu, sd, self.dist)
        return np.broadcast_to(c, (n, *out))

    def _rho_arg(self) -> Any:
        """``correlation`` in the form the constructor takes (a list if per member)."""
        return list(self.correlation) if self._rho_members else self.correlation

    def _rho_common(self) -> np.ndarray:
        """The common share of every member (n, *own) or (1, *own)."""
        rho = np.asarray(self.correlation)
        return rho if self._rho_members else rho[None]

    def _rho(self, ndim: int) -> np.ndarray:
        """rho shaped for latent scores with ``ndim`` trailing (non-member) axes: member axis first."""
        rho = self._rho_common()
        return rho.reshape((rho.shape[0],) + (1,) * (ndim - rho.ndim + 1) + rho.shape[1:])

    def member_cdf(self, x: Any) -> np.ndarray:
        """F_j(x) = Pr(x_j <= x) for every member (marginal): shape ``(n, *broadcast(x, batch))``.

        Parameters
        ----------
        x : array_like
            The concession (share of the stake).

        Returns
        -------
        numpy.ndarray
            ``(n, *broadcast(x, batch))`` probabilities.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.member_cdf([0.3, 0.6]).round(4).tolist()
        [[0.8413, 1.0], [0.0228, 0.8413]]
        """
        return special.ndtr(self._scores(x))

    def _lift(self, c: np.ndarray, rho: Any = None, sh: np.ndarray | None = None) -> np.ndarray:
        """The lift probability from latent scores ``c`` (n, *s); ``rho`` (broadcasts with
        ``c[0]``) and ``sh`` (n, ...) default to the coalition's own, reshaped to ``c``."""
        # known thresholds (sd 0) are not uncertain, so their correlation is moot
        known = isinstance(self.dist, str) and not np.any(self.threshold_sd)
        if known:
            rho = 0.0
        elif rho is None:
            rho = self._rho(c.ndim - 1)
        if self.lifting == "partial":
            if sh is None:
                sh = self._shares_like(c)
            return rule_probability(np.where(sh > 0, c, np.inf), rho, "all")
        w, q = self._lift_weights()
        return rule_probability(c, rho, self._kind(), w, q)

    def _shares_like(self, c: np.ndarray) -> np.ndarray:
        sh = _per_member(self.shares, self.batch_shape)
        return sh.reshape((self.n,) + (1,) * (c.ndim - sh.ndim) + sh.shape[1:])

    def _share(self, c: np.ndarray, rho: Any = None, sh: np.ndarray | None = None) -> np.ndarray:
        """The lifted share from latent scores ``c`` (arguments as :meth:`_lift`)."""
        if self.lifting == "partial":
            if sh is None:
                sh = self._shares_like(c)
            # a weighted mean of probabilities: clip the last-ulp rounding so it stays a share
            return np.clip(np.sum(sh * special.ndtr(c), axis=0), 0.0, 1.0)
        return self._lift(c, rho, sh)

    def lift_probability(self, x: Any) -> np.ndarray:
        """Pr(ALL of the punishment is lifted | compliance with concession x), batched.

        By rule (module docstring): unanimity Pr(all x_j <= x), quota/weighted
        the probability that the satisfied members reach the quota (exact DP
        over members given Z), eu_renewal Pr(any x_j <= x); integrated over the
        common factor when 0 < correlation < 1.  Under partial lifting: the
        probability that every member with a positive share lifts.

        Parameters
        ----------
        x : array_like
            The concession (share of the stake).

        Returns
        -------
        numpy.ndarray
            Probabilities, ``broadcast(x, batch)``.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.lift_probability([0.3, 0.6]).round(4).tolist()
        [0.0191, 0.8413]
        """
        return self._lift(self._scores(x))

    def lifted_share(self, x: Any) -> np.ndarray:
        """Expected share of the coalition's reversible punishment lifted after compliance with x.

        All-or-nothing lifting: equals :meth:`lift_probability`.  Partial
        lifting: sum_j share_j F_j(x) (any correlation).  This is the factor
        on the assurance: pi_A_eff = pi_A * lifted_share(x).

        Parameters
        ----------
        x : array_like
            The concession (share of the stake).

        Returns
        -------
        numpy.ndarray
            Shares, ``broadcast(x, batch)``.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.lifted_share([0.3, 0.6]).round(4).tolist()
        [0.0191, 0.8413]
        """
        return self._share(self._scores(x))

    def sustain_probability(self) -> np.ndarray:
        """Pr(the punishment is sustained after defiance) (partial: expected sustained share).

        1 for unanimity / quota / weighted all-or-nothing lifting (no member can
        end it alone); eu_renewal: Pr(every member renews) = Pr(all x_j > 0);
        partial lifting: sum_j share_j (1 - F_j(0)).  Batch shape of the
        coalition.  This is the factor on the threat: pi_T_eff = pi_T * sustain_probability().

        Returns
        -------
        numpy.ndarray
            Probability (batch shape).

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> round(float(co.sustain_probability()), 6), round(float(co.replace(rule="eu_renewal").sustain_probability()), 6)
        (1.0, 0.97725)
        """
        batch = self.batch_shape
        if self.lifting == "all" and self.rule != "eu_renewal":
            return np.ones(batch)
        c0 = self._scores(0.0)
        if self.lifting == "partial":
            sh = _per_member(self.shares, batch)
            return np.clip(np.sum(sh * special.ndtr(-c0), axis=0), 0.0, 1.0)
        return 1.0 - rule_probability(c0, self._rho(len(batch)), "any")

    def margin(
        self,
        x: Any,
        s: Any,
        delta: Any,
        pi_T: Any = 1.0,
        pi_A: Any = 1.0,
        r: Any = 1.0,
        horizon: Any = None,
        **extras: Any,
    ) -> np.ndarray:
        """The off-ramp margin with the coalition's cohesion fed in (module docstring):

        ``offramp_margin(x, s, delta, pi_T * sustain_probability(), pi_A * lifted_share(x), r,
        horizon, **extras)``; ``extras`` are the margin's keyword terms
        (compliance_cost, threat_factor, escalation_cost, resistance_cost).

        Parameters
        ----------
        x : array_like
            The concession (share of the stake).
        s : array_like
            Punishment per period (stake units per period).
        delta : array_like
            Discount factor.
        pi_T, pi_A : array_like, optional
            Credibilities before the coalition's rule (default 1).
        r : array_like, optional
            Reversibility (default 1).
        horizon : array_like or None, optional
            Periods, ``None`` for infinite.
        **extras
            The other terms of :func:`~compellence.coercion.offramp_margin`.

        Returns
        -------
        numpy.ndarray
            The margin (stake units).

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.margin([0.3, 0.6], 0.1, 0.9).round(4).tolist()
        [-0.2828, 0.1572]
        """
        from .offramp import offramp_margin

        pt = check_real(pi_T, "pi_T", lo=0.0, hi=1.0) * self.sustain_probability()
        pa = check_real(pi_A, "pi_A", lo=0.0, hi=1.0) * self.lifted_share(x)
        return offramp_margin(x, s, delta, pt, pa, r, horizon, **extras)

    def lift_threshold(self) -> np.ndarray:
        """The concession at which all of the punishment is lifted when every x_j is known (its mean).

        Unanimity: max_j x_j; quota k: the k-th smallest x_j (order statistic);
        weighted: the smallest x_j at which the agreeing weight reaches the
        quota; eu_renewal: min_j x_j; partial lifting: max_j x_j over members
        with a positive share.

        Returns
        -------
        numpy.ndarray
            The concession (share of the stake).

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> float(co.lift_threshold())
        0.5
        """
        batch = self.batch_shape
        th = _per_member(self.thresholds, batch)
        if self.lifting == "partial":
            sh = _per_member(self.shares, batch)
            return np.max(np.where(sh > 0, th, -np.inf), axis=0)
        order = np.argsort(th, axis=0, kind="stable")
        sorted_th = np.take_along_axis(th, order, axis=0)
        w, q = self._lift_weights()
        cum = np.cumsum(w[order], axis=0)
        first = np.argmax(cum >= q - 1e-12, axis=0)
        return np.take_along_axis(sorted_th, first[None], axis=0)[0]

    def single_equivalent(self, name: str = "single coercer") -> Coalition:
        """One coercer with the members' mean threshold and mean uncertainty (same family).

        Parameters
        ----------
        name : str, optional
            The single coercer's name.

        Returns
        -------
        Coalition
            A one-member coalition.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.single_equivalent().thresholds.round(12).tolist()
        [0.35]
        """
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
        Shares are renormalised over the remaining members.

        Parameters
        ----------
        members : sequence of str
            The names kept.

        Returns
        -------
        Coalition
            The smaller coalition.

        Raises
        ------
        ParameterError
            An unknown or empty set of names.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.subset(["EU"]).names
        ('EU',)
        """
        if isinstance(members, str) or not isinstance(members, Sequence) or not members:
            raise ParameterError("must be a non-empty list of member names", "members")
        idx = []
        for nm in members:
            if nm not in self.names:
                raise ParameterError(f"unknown member {nm!r}; members are {list(self.names)}",
                                     "members")
            idx.append(self.names.index(nm))
        kw: dict[str, Any] = {"rule": self.rule, "lifting": self.lifting,
                              "correlation": ([self.correlation[j] for j in idx]
                                              if self._rho_members else self.correlation)}
        if isinstance(self.dist, tuple):
            kw.update(dist=[self.dist[j] for j in idx])
        elif self.weakening_value is not None:
            kw.update(dist=self.dist, weakening_value=[self.weakening_value[j] for j in idx],
                      cost_sd=[self.cost_sd[j] for j in idx])
        else:
            kw.update(dist=self.dist, thresholds=[self.thresholds[j] for j in idx],
                      threshold_sd=[self.threshold_sd[j] for j in idx])
        if self.rule == "quota":
            kw.update(quota=min(int(self.quota), len(idx)))
        elif self.rule == "weighted":
            w = [int(self.weights[j]) for j in idx]
            if sum(w) == 0:
                raise ParameterError("the remaining members hold no voting weight", "members")
            kw.update(weights=w, quota=min(self.quota, float(sum(w))))
        sh = np.stack([self.shares[j] for j in idx])
        tot = sh.sum(axis=0)
        if np.any(tot <= 0):
            raise ParameterError("the remaining members hold no share of the punishment", "members")
        return Coalition(
            [self.names[j] for j in idx], shares=list(sh / tot),
            costs=[self.costs[j] for j in idx], stakes=[self.stakes[j] for j in idx],
            commitment=[self.commitment[j] for j in idx],
            contributions=[self.contributions[j] for j in idx], **kw,
        )
    # ------------------------------------------------------------------ TU games
    def voting_game(self) -> TUGame:
        """The lifting rule as a simple game (Shapley value = Shapley-Shubik index).

        Returns
        -------
        TUGame
            The simple game of the rule.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.voting_game().table().tolist()
        [0.0, 0.0, 0.0, 1.0]
        """
        w, q = self._lift_weights()
        wf = w.astype(float)

        def fn(members: np.ndarray) -> np.ndarray:
            return (members.astype(float) @ wf >= q - 1e-12).astype(float)

        return TUGame.from_function(self.names, fn)

    def voting_power(self) -> ShapleyResult:
        """Each member's Shapley-Shubik power over the lifting decision (exact DP, any size).

        Returns
        -------
        ShapleyResult
            The power index.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.voting_power().value.tolist()
        [0.5, 0.5]
        """
        w, q = self._lift_weights()
        return weighted_voting_shapley(list(w), q, self.names)

    def compellence_game(self, pi_T: Any, r: Any, D: Any, x: Any) -> TUGame:
        """TU game of pooled punishment (our stylisation for burden sharing).

        A sub-coalition S imposes s(S) = sum_{j in S} s_j per period; it compels
        demand x iff (pi_T + r - 1) s(S) D >= x (the canonical margin with full
        assurance).  Its worth is the members' stakes if it compels, minus
        their discounted costs:  v(S) = 1[compels] sum_{j in S} b_j D - sum_{j in S} c_j D.

        Parameters
        ----------
        pi_T : array_like
            Threat credibility.
        r : array_like
            Reversibility.
        D : array_like
            Future weight.
        x : array_like
            The concession (share of the stake).

        Returns
        -------
        TUGame
            The pooled-punishment game.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.compellence_game(0.9, 0.8, 9.0, 0.3).n
        2
        """
        pi_t = check_real(pi_T, "pi_T", lo=0.0, hi=1.0)
        rr = check_real(r, "r", lo=0.0, hi=1.0)
        dd = check_real(D, "D", lo=0.0)
        xx = check_real(x, "x", lo=0.0)
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
        desc = self.rule if self.rule in ("unanimity", "eu_renewal") else f"{self.rule} {self.quota:g}"
        if self.lifting == "partial":
            desc += ", partial lifting"
        rho = np.asarray(self.correlation)
        if self._rho_members:
            desc += ", correlation per member"
        elif rho.ndim or float(rho) != 0.0:
            desc += f", correlation {float(rho):g}" if rho.ndim == 0 else ", correlation batched"
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
        """One row per member: inputs named as in scenario files (batched ones shown by their mean).

        ``min_concession`` and ``uncertainty`` are derived where ``weakening_value`` is given
        (that column appears only then).

        Returns
        -------
        pandas.DataFrame
            One row per member.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> co.to_frame()["member"].tolist()
        ['US', 'EU']
        """
        from .._frames import batch_frame

        w, _ = self._lift_weights()
        batch = tuple(self.batch_shape)
        values: dict[str, Any] = {
            "min_concession": self.thresholds,
            "uncertainty": self.threshold_sd,
            "weight": w,
            "share": self.shares,
            "blowback": self.costs,
            "blowback_sd": self.cost_sd,
            "stake": self.stakes,
        }
        if self.weakening_value is not None:  # derived thresholds: show what they came from
            values["weakening_value"] = self.weakening_value
        values.update(commitment=self.commitment, contribution=self.contributions)
        return batch_frame({"member": list(self.names)},
                           {k: _per_member(np.broadcast_to(v, (self.n, *np.shape(v)[1:])), batch)
                            for k, v in values.items()}, batch)



# ---------------------------------------------------------------------- off-ramp window


# ------------------------------------------------------------ Coalition's input checks, by field
def _check_names(names: Any) -> tuple[str, ...]:
    """Non-empty, distinct, non-empty-string member names."""
    if isinstance(names, str) or not isinstance(names, Sequence) or len(names) == 0:
        raise ParameterError("must be a non-empty list of member names", "names")
    names = tuple(names)
    for nm in names:
        if not isinstance(nm, str) or not nm:
            raise ParameterError(f"member names must be non-empty strings, got {nm!r}", "names")
    if len(set(names)) != len(names):
        raise ParameterError(f"duplicate member names in {list(names)}", "names")
    return names


def _check_dist(dist: Any, n: int, thresholds: Any, threshold_sd: Any,
                weakening_value: Any) -> tuple[tuple | None, Any, Any]:
    """The threshold family: a named one, or one frozen scipy distribution per member.

    Frozen distributions fix the thresholds' means and standard deviations, returned
    in place of ``thresholds`` / ``threshold_sd``.
    """
    if isinstance(dist, (list, tuple)):
        if len(dist) != n:
            raise ParameterError(f"needs one distribution per member ({n})", "dist")
        for j, d in enumerate(dist):
            if not (hasattr(d, "cdf") and hasattr(d, "mean") and hasattr(d, "std")):
                raise ParameterError(
                    f"must be a frozen scipy.stats distribution, got {d!r}", f"dist[{j}]"
                )
        if weakening_value is not None:
            raise ParameterError("derived thresholds need a named family, not scipy "
                                 "distributions", "weakening_value")
        frozen = tuple(dist)
        return frozen, [float(d.mean()) for d in frozen], [float(d.std()) for d in frozen]
    if not isinstance(dist, str) or dist not in DISTRIBUTIONS:
        raise ParameterError(
            f"must be one of {list(DISTRIBUTIONS)} or a list of scipy.stats distributions, "
            f"got {dist!r}",
            "dist",
        )
    return None, thresholds, threshold_sd


def _member_thresholds(thresholds: Any, threshold_sd: Any, weakening_value: Any,
                       c: np.ndarray, b: np.ndarray, csd: np.ndarray,
                       n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Each member's minimum acceptable concession (mean, sd), given or derived.

    Derived: ``min_concession = (weakening_value - costs) / stakes`` with sd
    ``cost_sd / stakes``; the third value is the checked ``weakening_value`` (or None).
    """
    if weakening_value is None:
        if np.any(csd != 0):
            raise ParameterError("cost_sd is the uncertainty of derived thresholds; give "
                                 "weakening_value, or the threshold_sd directly", "cost_sd")
        if thresholds is None:
            raise ParameterError("give the members' minimum acceptable concessions (or "
                                 "weakening_value, costs and stakes)", "thresholds")
        th = _member_param(thresholds, "thresholds", n)
        return th, _member_param(threshold_sd, "threshold_sd", n, lo=0.0), None
    if thresholds is not None:
        raise ParameterError("give the thresholds or derive them from weakening_value "
                             "(with costs and stakes), not both", "thresholds")
    if np.any(np.asarray(threshold_sd, dtype=object) != 0):
        raise ParameterError("derived thresholds take their uncertainty from cost_sd",
                             "threshold_sd")
    wv = _member_param(weakening_value, "weakening_value", n, lo=0.0)
    if np.any(b <= 0):
        raise ParameterError("must be > 0 to derive min_concession = (weakening_value - "
                             "costs) / stakes", "stakes")
    try:
        own = np.broadcast_shapes(wv.shape[1:], c.shape[1:], b.shape[1:], csd.shape[1:])
    except ValueError:
        raise ParameterError("weakening_value, costs, stakes and cost_sd do not broadcast "
                             "to one batch shape", "weakening_value") from None
    wv_, c_, b_, csd_ = (_per_member(v, own) for v in (wv, c, b, csd))
    return (wv_ - c_) / b_, csd_ / b_, wv


def _check_rule(rule: Any, lifting: Any) -> None:
    """The lifting rule and what lifting means; partial lifting is member by member."""
    check_choice(rule, "rule", RULES)
    check_choice(lifting, "lifting", LIFTING)
    if lifting == "partial" and rule not in ("unanimity", "eu_renewal"):
        raise ParameterError("partial lifting is member by member: it takes rule "
                             "'unanimity' or 'eu_renewal', not a quota", "lifting")


def _check_correlation(correlation: Any, n: int) -> Any:
    """One common-factor share for all members, or a list: member j's own share rho_j."""
    if not isinstance(correlation, (list, tuple)):
        return check_real(correlation, "correlation", lo=0.0, hi=1.0)
    rho = _member_param(correlation, "correlation", n, lo=0.0)
    if np.any(rho > 1.0):
        raise ParameterError("every member's common share must lie in [0, 1]", "correlation")
    full = rho == 1.0
    if np.any(full.any(axis=0) & ~full.all(axis=0)):
        raise ParameterError(
            "a fully common member (1) beside partly common ones (< 1) is a step in the "
            "common factor, outside the quadrature's stated accuracy: use at most 0.999, "
            "or 1 for every member", "correlation")
    return rho


def _quota_and_weights(rule: str, quota: Any, weights: Any,
                       n: int) -> tuple[float, np.ndarray | None]:
    """The number (or weight) of lifting votes needed, and the integer weights of rule='weighted'."""
    if quota is not None:
        if isinstance(quota, bool):
            raise ParameterError(f"must be a number, got {quota!r}", "quota")
        try:
            quota = float(quota)
        except (TypeError, ValueError, OverflowError):
            raise ParameterError(f"must be a number, got {quota!r}", "quota") from None
    if weights is not None and rule != "weighted":
        raise ParameterError("weights are only used by rule='weighted'", "weights")
    if rule in ("unanimity", "eu_renewal"):
        if quota is not None and quota != (n if rule == "unanimity" else 1):
            raise ParameterError(f"{rule} takes no quota (use rule='quota')", "quota")
        return float(n if rule == "unanimity" else 1), None
    if rule == "quota":
        if quota is None or int(quota) != quota or not 1 <= quota <= n:
            raise ParameterError(f"quota rule needs an integer quota in 1..{n}, got {quota!r}",
                                 "quota")
        return float(quota), None
    w = _check_weights(weights, n)
    if quota is None or not np.isfinite(float(quota)) or not 0 < float(quota) <= w.sum():
        raise ParameterError(
            f"weighted rule needs a quota in (0, total weight {int(w.sum())}], got {quota!r}",
            "quota",
        )
    return float(quota), w


def _check_weights(weights: Any, n: int) -> np.ndarray:
    """Non-negative integer voting weights, small enough for the exact lifting DP."""
    if weights is None:
        raise ParameterError("the weighted rule needs one integer weight per member", "weights")
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"needs {n} integer weights, got {weights!r}", "weights") from None
    if w.shape != (n,) or not np.all(np.isfinite(w)):
        raise ParameterError(f"needs {n} finite weights, got {weights!r}", "weights")
    if np.any(w < 0) or np.any(w != np.round(w)):
        raise ParameterError(
            "weights must be non-negative integers (scale fractional weights, e.g. "
            "population shares x 1000)",
            "weights",
        )
    if w.sum() > _MAX_TOTAL_WEIGHT:
        raise ParameterError(
            f"total weight {w.sum():g} exceeds {_MAX_TOTAL_WEIGHT:,} (the exact lifting "
            "DP runs over total weight): scale the weights down", "weights")
    return w.astype(np.int64)


def _lifting_shares(shares: Any, s: np.ndarray, n: int) -> np.ndarray:
    """Each member's share of the punishment: given (summing to 1) or its contribution's share."""
    if shares is None:
        tot = s.sum(axis=0)
        if np.any(tot <= 0):
            raise ParameterError("the members' contributions sum to 0: give shares", "contributions")
        return s / tot
    sh = _member_param(shares, "shares", n, lo=0.0)
    tot = sh.sum(axis=0)
    if np.any(np.abs(tot - 1.0) > 1e-9):
        bad = float(np.ravel(tot)[np.argmax(np.ravel(np.abs(tot - 1.0)))])
        raise ParameterError(f"must sum to 1 over the members, got {bad:g}", "shares")
    return sh


@dataclass(frozen=True, eq=False, repr=False)
class OffRampWindow(ResultMixin):
    """The concessions x at which the target complies, given the coalition's lifting and renewal.

    ``x_lo``/``x_hi`` bound the viable set {x >= 0 : M(x) >= 0} with
    M(x) = (pi_T S phi + pi_A G(x) - 1)(r s D + Z) - x - cc + L (module
    docstring; S = sustain_probability, G = lifted_share).  Where the window
    is empty (``empty``) they follow the empty-set convention x_lo = +inf,
    x_hi = -inf (no NaN) and ``width`` is 0.  ``contiguous`` is False where
    the viable set has several pieces (then [x_lo, x_hi] is its hull).
    ``best_x`` maximises M on the grid, ``best_margin`` is M there; ``cap`` =
    (pi_T S phi + pi_A - 1)(r s D + Z) - cc + L bounds every viable x.

    Attributes
    ----------
    x_lo, x_hi, width : numpy.ndarray
        The window's ends and width (shares of the stake).
    empty, contiguous : numpy.ndarray
        Boolean masks.
    best_x, best_margin : numpy.ndarray
        The concession with the largest margin, and that margin.
    cap : numpy.ndarray
        The largest concession examined.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> from compellence.coercion import offramp_window
    >>> w = offramp_window(co, 0.9, 0.8, 0.3, 9.0)
    >>> round(float(w.x_lo), 3), round(float(w.x_hi), 3), bool(w.empty)
    (0.451, 1.944, False)
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


#: Work-array budget (floats) of one chunk of the window's grid evaluation.
_WINDOW_CELLS = 4_000_000
#: Work budget (member x node x point evaluations) of the shared fine grid.
_EXACT_WORK = 40_000_000


def offramp_window(
    coalition: Coalition,
    pi_T: Any,
    r: Any,
    s: Any,
    D: Any,
    *,
    pi_A: Any = 1.0,
    compliance_cost: Any = 0.0,
    threat_factor: Any = 1.0,
    escalation_cost: Any = 0.0,
    resistance_cost: Any = 0.0,
    grid: int = 401,
    tol: float = 1e-10,
) -> OffRampWindow:
    """The off-ramp window of a coalition: {x >= 0 : M(x) >= 0} (module docstring for M).

    ``s`` is the target's per-period punishment cost, ``D`` the future
    weight; ``pi_T``, ``pi_A`` the campaign's credibilities before the
    coalition's renewal and lifting (``pi_T S`` and ``pi_A G(x)`` enter M);
    the keyword terms are those of :func:`~compellence.coercion.offramp.offramp_margin`.
    All broadcast with the coalition's batch.

    Method (one vectorised pass over the batch): M = a + b G(x) - x with a, b
    free of x, and every viable x lies in [0, cap], cap = a + b.  M is
    evaluated on ``grid`` points of [0, cap] for every batch element at once
    (G exactly; or, when that would cost more than ~4e7 member evaluations and
    every threshold is uncertain so G is smooth, G linearly interpolated from
    a finer grid shared by the batch elements with the same coalition); the
    endpoints of the first and last viable runs are then refined on the exact
    M by a bracketing Illinois / bisection iteration to ~1e-13 relative.  A
    viable piece narrower than cap / (grid - 1) can fall between grid points
    and be missed: raise ``grid`` for knife-edge windows.

    Parameters
    ----------
    coalition : Coalition
        The coalition.
    pi_T : array_like
        Threat credibility (probability).
    r : array_like
        Reversibility (share).
    s : array_like
        The coalition's punishment per period (stake units per period).
    D : array_like
        Future weight ``D``.
    pi_A, compliance_cost, threat_factor, escalation_cost, resistance_cost : array_like, optional
        The margin's other terms.
    grid : int, optional
        Grid points on the concession axis.

    Returns
    -------
    OffRampWindow
        The window.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> from compellence.coercion import offramp_window
    >>> w = offramp_window(co, 0.9, 0.8, 0.3, 9.0)
    >>> round(float(w.best_x), 3)
    0.71
    """
    if not isinstance(coalition, Coalition):
        raise ParameterError(f"needs a Coalition, got {type(coalition).__name__}", "coalition")
    if isinstance(grid, bool) or not isinstance(grid, int) or grid < 3:
        raise ParameterError(f"must be an integer >= 3, got {grid!r}", "grid")
    vals = dict(
        pi_T=check_real(pi_T, "pi_T", lo=0.0, hi=1.0), pi_A=check_real(pi_A, "pi_A", lo=0.0, hi=1.0),
        r=check_real(r, "r", lo=0.0, hi=1.0), s=check_real(s, "s", lo=0.0), D=check_real(D, "D", lo=0.0),
        compliance_cost=check_real(compliance_cost, "compliance_cost"),
        threat_factor=check_real(threat_factor, "threat_factor", lo=0.0, hi=1.0),
        escalation_cost=check_real(escalation_cost, "escalation_cost", lo=0.0),
        resistance_cost=check_real(resistance_cost, "resistance_cost"),
    )
    (pt, pa, rr, ss, dd, cc, phi, zz, ll), shape = broadcast(**vals)
    batch = _with_coalition_batch(shape, coalition)
    stake = rr * ss * dd + zz
    a = np.broadcast_to((pt * coalition.sustain_probability() * phi - 1.0) * stake - cc + ll, batch)
    b = np.broadcast_to(pa * stake, batch)
    return OffRampWindow(**_window_core(coalition, a, b, grid, tol))


def _share_chunked(coal: Coalition, x: np.ndarray) -> np.ndarray:
    """G(x) for x of shape (P, *s) broadcasting with the coalition batch, in chunks along P."""
    n = coal.n
    out_shape = np.broadcast_shapes(x.shape, (1, *coal.batch_shape))
    per_row = n * max(1, int(np.prod(out_shape[1:], dtype=np.int64)))
    step = max(1, _WINDOW_CELLS // per_row)
    if step >= x.shape[0]:
        return coal._share(coal._scores_raw(x, out_shape))
    parts = []
    for i in range(0, x.shape[0], step):
        xi = x[i : i + step]
        parts.append(coal._share(coal._scores_raw(xi, (xi.shape[0], *out_shape[1:]))))
    return np.concatenate(parts, axis=0)


def _window_core(coal: Coalition, a: np.ndarray, b: np.ndarray, grid: int, tol: float) -> dict:
    batch = a.shape
    nd = len(batch)
    cap = a + b
    hi_end = np.maximum(cap, 0.0)
    u = np.linspace(0.0, 1.0, grid).reshape((grid,) + (1,) * nd)
    xs = u * hi_end[None]
    size = max(1, int(np.prod(batch, dtype=np.int64)))
    nodes = z_nodes(coal.correlation)
    nz = 1 if nodes is None else nodes[0].size
    cb = (1,) * (nd - len(coal.batch_shape)) + tuple(coal.batch_shape)
    shared = tuple(i for i in range(nd) if cb[i] == 1 and batch[i] > 1)
    if isinstance(coal.dist, str) and bool(np.all(coal.threshold_sd == 0)):
        return _known_window(coal, a, b, tol)
    smooth = isinstance(coal.dist, str) and bool(np.all(coal.threshold_sd > 0))
    top = np.max(hi_end, axis=shared, keepdims=True) if shared else hi_end
    cells = max(1, int(np.prod(top.shape, dtype=np.int64)))
    fine = int(np.clip(_EXACT_WORK // (coal.n * nz * cells), grid, 20 * (grid - 1) + 1))
    if smooth and shared and fine * cells < grid * size:
        X = np.linspace(0.0, 1.0, fine).reshape((fine,) + (1,) * nd) * top[None]
        GX = _share_chunked(coal, X)
        pos = xs / np.where(top > 0, top, 1.0)[None] * (fine - 1)
        i0 = np.clip(np.floor(pos).astype(np.int64), 0, fine - 2)
        t = pos - i0
        g0 = np.take_along_axis(GX, i0, axis=0)
        g1 = np.take_along_axis(GX, i0 + 1, axis=0)
        G = g0 + t * (g1 - g0)
    else:
        G = _share_chunked(coal, xs)
    m = a[None] + b[None] * G - xs
    # the exact M on any subset of the flattened batch (the refinement evaluates only the
    # brackets that are still open)
    n = coal.n
    mu_f = _per_member(coal.thresholds, batch).reshape(n, size)
    sd_f = _per_member(coal.threshold_sd, batch).reshape(n, size)
    sh_f = _per_member(coal.shares, batch).reshape(n, size)
    rho_c = coal._rho_common()
    rho_f = _per_member(rho_c, batch).reshape(rho_c.shape[0], size)
    a_f, b_f = a.reshape(size), b.reshape(size)

    def exact_at(x: np.ndarray, i: np.ndarray) -> np.ndarray:
        c = latent_scores(x, mu_f[:, i], sd_f[:, i], coal.dist)
        return a_f[i] + b_f[i] * coal._share(c, rho_f[:, i], sh_f[:, i]) - x

    def exact(x: np.ndarray) -> np.ndarray:
        return exact_at(x.reshape(size), np.arange(size)).reshape(batch)

    ok = m >= -tol
    any_ok = ok.any(axis=0)
    idx = np.arange(grid).reshape((grid,) + (1,) * nd)
    first = np.where(ok, idx, grid).min(axis=0)
    last = np.where(ok, idx, -1).max(axis=0)
    runs = (ok[1:] & ~ok[:-1]).sum(axis=0) + ok[0]
    best = np.argmax(m, axis=0)
    best_x = np.take_along_axis(xs, best[None], 0)[0]
    best_m = exact(best_x)

    def at(i: np.ndarray) -> np.ndarray:
        return np.take_along_axis(xs, np.clip(i, 0, grid - 1)[None], 0)[0]

    lo_ref = _boundary(exact_at, at(first).reshape(size), at(first - 1).reshape(size),
                       tol).reshape(batch)
    x_lo = np.where(first > 0, lo_ref, 0.0)
    hi_ref = _boundary(exact_at, at(last).reshape(size), at(last + 1).reshape(size),
                       tol).reshape(batch)
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


def _known_window(coal: Coalition, a: np.ndarray, b: np.ndarray, tol: float) -> dict:
    """Exact window when every threshold is known: G is a step function (closed form).

    With the thresholds sorted, B_0 = 0 <= B_1 <= ... <= B_n (clipped at 0) and
    B_{n+1} = inf, G is constant on [B_k, B_{k+1}) (right-continuous: member j
    lifts at x >= x_j), equal to G_k = G(B_k).  M = a + b G_k - x falls on each
    piece, so the viable part of piece k is [B_k, min(B_{k+1}, a + b G_k + tol)]
    when a + b G_k + tol >= B_k; the best x on the piece is B_k.  Pieces join
    where a + b G_k + tol >= B_{k+1}.
    """
    batch = a.shape
    nd = len(batch)
    n = coal.n
    th = np.maximum(_per_member(coal.thresholds, batch), 0.0)
    B = np.concatenate([np.zeros((1, *batch)), np.sort(th, axis=0)], axis=0)  # (n+1, *batch)
    G = coal._share(coal._scores_raw(B, B.shape))  # G_k at every break point
    upper = np.concatenate([B[1:], np.full((1, *batch), np.inf)], axis=0)
    reach = a[None] + b[None] * G + tol  # viable on piece k up to here
    nonempty = upper > B
    viable = nonempty & (reach >= B)
    hi_k = np.minimum(upper, reach - tol)
    hi_k = np.where(reach >= upper, upper, np.maximum(hi_k, B))
    idx = np.arange(n + 1).reshape((n + 1,) + (1,) * nd)
    first = np.where(viable, idx, n + 1).min(axis=0)
    last = np.where(viable, idx, -1).max(axis=0)
    any_ok = viable.any(axis=0)
    x_lo = np.take_along_axis(B, np.clip(first, 0, n)[None], 0)[0]
    x_hi = np.take_along_axis(hi_k, np.clip(last, 0, n)[None], 0)[0]
    # a run starts at a viable piece whose predecessor (among non-empty pieces) does not reach it
    joined = np.concatenate([np.zeros((1, *batch), bool), (reach >= upper)[:-1]], axis=0)
    starts = viable & ~joined
    m = np.where(nonempty, a[None] + b[None] * G - B, -np.inf)
    best = np.argmax(m, axis=0)
    x_lo = np.where(any_ok, x_lo, np.inf)
    x_hi = np.where(any_ok, x_hi, -np.inf)
    return dict(
        x_lo=x_lo,
        x_hi=x_hi,
        width=np.where(any_ok, x_hi - x_lo, 0.0),
        empty=~any_ok,
        contiguous=starts.sum(axis=0) <= 1,
        best_x=np.take_along_axis(B, best[None], 0)[0],
        best_margin=np.take_along_axis(m, best[None], 0)[0],
        cap=a + b,
    )


def _boundary(f, x_in: np.ndarray, x_out: np.ndarray, tol: float, iters: int = 200) -> np.ndarray:
    """The last viable point between ``x_in`` (M >= -tol) and ``x_out`` (M < -tol), flat batch.

    ``f(x, idx)`` is M at points ``x`` of the flat batch elements ``idx``; only
    brackets still open are evaluated.
    Illinois (modified regula falsi) on h = M + tol with a bisection step every
    fourth iteration where the last four did not halve the bracket (so it
    shrinks geometrically even where M jumps); stops when every bracket is
    below ~1e-13 relative.  Returns the viable end of the final bracket.
    """
    xa, xb = x_in.copy(), x_out.copy()
    size = xa.size
    every = np.arange(size)
    fa, fb = f(xa, every) + tol, f(xb, every) + tol
    bad = ~(fa >= 0) | ~(fb < 0)  # grid judged on interpolated G: fall back to bisection
    last = np.zeros(size, dtype=np.int8)
    xtol = 1e-13 * np.maximum(1.0, np.abs(xa))
    check = np.abs(xb - xa)
    for it in range(iters):
        width = np.abs(xb - xa)
        idx = np.nonzero(width > xtol)[0]
        if idx.size == 0:
            break
        a_, b_, fa_, fb_ = xa[idx], xb[idx], fa[idx], fb[idx]
        mid = 0.5 * (a_ + b_)
        force = np.zeros(idx.size, bool)
        if it % 4 == 3:  # bisect where the last four steps did not halve the bracket
            force = width[idx] > 0.5 * check[idx]
            check = width
        with np.errstate(divide="ignore", invalid="ignore"):
            xm = b_ - fb_ * (b_ - a_) / (fb_ - fa_)
        lo, hi = np.minimum(a_, b_), np.maximum(a_, b_)
        # keep the secant point at least xtol inside the bracket (as Brent's method does), so
        # an end that already sits on the root does not stall the other end
        tiny = np.minimum(xtol[idx], 0.25 * (hi - lo))
        xm = np.where(bad[idx] | force | ~np.isfinite(xm), mid, np.clip(xm, lo + tiny, hi - tiny))
        fm = f(xm, idx) + tol
        good = fm >= 0
        last_ = last[idx]
        # Illinois: if the same end is replaced twice in a row, halve the other's value
        fb_ = np.where(good & (last_ == 1), 0.5 * fb_, fb_)
        fa_ = np.where(~good & (last_ == -1), 0.5 * fa_, fa_)
        xa[idx], fa[idx] = np.where(good, xm, a_), np.where(good, fm, fa_)
        xb[idx], fb[idx] = np.where(good, b_, xm), np.where(good, fb_, fm)
        last[idx] = np.where(good, 1, -1)
    return xa


@dataclass(frozen=True, eq=False)
class WindowComparison:
    """The coalition's off-ramp window beside that of its single-coercer equivalent.

    Attributes
    ----------
    coalition, single : OffRampWindow
        The two windows.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> from compellence.coercion import compare_window
    >>> cmp = compare_window(co, 0.9, 0.8, 0.3, 9.0)
    >>> round(float(cmp.coalition.width), 3), round(float(cmp.single.width), 3)
    (1.493, 1.669)
    """

    coalition: OffRampWindow
    single: OffRampWindow

    @property
    def narrower(self) -> np.ndarray:
        """True where the coalition's window is no wider than the single coercer's."""
        return self.coalition.width <= self.single.width + 1e-9

    def to_frame(self) -> pd.DataFrame:
        """One row per batch element: both windows, columns prefixed ``coalition_`` / ``single_``.

        Returns
        -------
        pandas.DataFrame
            The windows.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> from compellence.coercion import compare_window
        >>> compare_window(co, 0.9, 0.8, 0.3, 9.0).to_frame().columns[:2].tolist()
        ['coalition_x_lo', 'coalition_x_hi']
        """
        a, b = self.coalition.to_frame(), self.single.to_frame()
        keys = [c for c in a.columns if c.startswith("batch_")]  # shared batch columns, once
        b = b.drop(columns=[c for c in b.columns if c.startswith("batch_")])
        return pd.concat([a[keys], a.drop(columns=keys).add_prefix("coalition_"),
                          b.add_prefix("single_")], axis=1)

    def __repr__(self) -> str:
        return f"WindowComparison(\n  coalition={self.coalition!r},\n  single={self.single!r})"


def compare_window(
    coalition: Coalition, pi_T: Any, r: Any, s: Any, D: Any, *, grid: int = 401, **terms: Any
) -> WindowComparison:
    """Off-ramp windows of the coalition and of one coercer with the mean threshold.

    The single coercer has the members' average threshold and average
    uncertainty (:meth:`Coalition.single_equivalent`); same pi_T, r, s, D and
    margin terms (``terms``: pi_A, compliance_cost, ... as in :func:`offramp_window`).

    Parameters
    ----------
    coalition : Coalition
        The coalition.
    pi_T : array_like
        Threat credibility (probability).
    r : array_like
        Reversibility (share).
    s : array_like
        The coalition's punishment per period (stake units per period).
    D : array_like
        Future weight ``D``.
    grid : int, optional
        Grid points (default 401).
    **terms
        The margin's other terms.

    Returns
    -------
    WindowComparison
        The two windows.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> from compellence.coercion import compare_window
    >>> bool(compare_window(co, 0.9, 0.8, 0.3, 9.0).coalition.empty)
    False
    """
    return WindowComparison(
        offramp_window(coalition, pi_T, r, s, D, grid=grid, **terms),
        offramp_window(coalition.single_equivalent(), pi_T, r, s, D, grid=grid, **terms),
    )

# ---------------------------------------------------------------------- cohesion
@dataclass(frozen=True, eq=False, repr=False)
class CohesionResult(ResultMixin):
    """Fixed point of the departure cascade.

    ``stays`` (n, *batch): member still in; ``round_left`` (n, *batch): the
    round in which the member left (0 = forced out by the shock or left on its
    own costs, k = after k rounds of neighbours' departures, -1 = stays); ``n_remaining`` and
    ``rounds`` (iterations to the fixed point) have the batch shape.

    Attributes
    ----------
    names : tuple of str
        The members.
    stays : numpy.ndarray
        Who stays (members first).
    round_left : numpy.ndarray
        The round each member left (-1: stays).
    n_remaining, rounds : numpy.ndarray
        Members left and rounds of the cascade.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> from compellence.coercion import coalition_cohesion
    >>> coh = coalition_cohesion(co.replace(costs=[0.1, 0.3], stakes=[1.0, 1.0]))
    >>> coh.stays.tolist(), int(coh.n_remaining)
    ([True, True], 2)
    """

    names: tuple[str, ...]
    stays: np.ndarray
    round_left: np.ndarray
    n_remaining: np.ndarray
    rounds: np.ndarray

    _frame_fields = ("n_remaining", "rounds")

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The batch shape (``()`` for a scalar coalition)."""
        return np.shape(self.n_remaining)

    def members_frame(self) -> pd.DataFrame:
        """One row per member (and batch element): stays, round left.

        Returns
        -------
        pandas.DataFrame
            One row per member.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> from compellence.coercion import coalition_cohesion
        >>> coh = coalition_cohesion(co.replace(costs=[0.1, 0.3], stakes=[1.0, 1.0]))
        >>> coh.members_frame()["member"].tolist()
        ['US', 'EU']
        """
        from .._frames import batch_frame

        return batch_frame({"member": list(self.names)},
                           {"stays": np.asarray(self.stays, dtype=bool),
                            "round_left": np.asarray(self.round_left).astype(int)}, self.batch_shape)


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

    Parameters
    ----------
    coalition : Coalition
        The coalition (with ``costs`` and ``stakes``).
    graph : networkx.Graph or None, optional
        Who watches whom among the members (default: everyone).
    spillover : array_like, optional
        Weight of a departure on the others' costs (default 1).
    departed : sequence of str, optional
        Members already gone.

    Returns
    -------
    CohesionResult
        The fixed point.

    Raises
    ------
    ParameterError
        Missing costs or stakes, unknown members.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> from compellence.coercion import coalition_cohesion
    >>> coh = coalition_cohesion(co.replace(costs=[0.1, 0.3], stakes=[1.0, 1.0]))
    >>> int(coh.rounds)
    0
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
    spill = check_real(spillover, "spillover", lo=0.0)
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

    Attributes
    ----------
    shapley : ShapleyResult
        The Shapley allocation.
    burden : numpy.ndarray
        The burden it implies per member.
    core : CoreResult or None
        The least core (if asked).

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> from compellence.coercion import burden_sharing
    >>> bs = burden_sharing(co.replace(contributions=[0.06, 0.04]), 0.9, 0.8, 9.0, 0.3)
    >>> bs.shapley.players, bs.burden.shape
    (('US', 'EU'), (2,))
    """

    shapley: ShapleyResult
    burden: np.ndarray
    core: CoreResult | None

    def to_frame(self) -> pd.DataFrame:
        """One row per member (and batch element): Shapley value and burden.

        Returns
        -------
        pandas.DataFrame
            The allocation.

        Examples
        --------
        >>> from compellence.coercion import Coalition
        >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
        >>> from compellence.coercion import burden_sharing
        >>> bs = burden_sharing(co.replace(contributions=[0.06, 0.04]), 0.9, 0.8, 9.0, 0.3)
        >>> len(bs.to_frame())
        2
        """
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

    Parameters
    ----------
    coalition : Coalition
        The coalition (with ``contributions``).
    pi_T, r, D : array_like
        Threat credibility, reversibility, future weight.
    x : array_like
        The concession (share of the stake).
    method : {"auto", "exact", "sample"}, optional
        As for :func:`~compellence.coercion.shapley_value`.
    samples : int, optional
        Random orders for ``"sample"``.
    seed : int or None, optional
        Seed of the orders.
    core : bool, optional
        Also compute the least core (default True).

    Returns
    -------
    BurdenSharing
        The allocation.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> from compellence.coercion import burden_sharing
    >>> bs = burden_sharing(co.replace(contributions=[0.06, 0.04]), 0.9, 0.8, 9.0, 0.3)
    >>> bool(bs.core.nonempty)
    True
    """
    game = coalition.compellence_game(pi_T, r, D, x)
    phi = game.shapley(method=method, samples=samples, seed=seed)
    n = coalition.n
    dd = check_real(D, "D")
    batch = phi.value.shape[1:]
    stakes = _per_member(coalition.stakes, batch)
    burden = stakes * dd - phi.value
    core_res = game.least_core() if core and n <= 18 else None
    return BurdenSharing(phi, burden, core_res)


# ---------------------------------------------------------------------- game tree
def coalition_lift_game(
    coalition: Coalition,
    x: Any,
    pi_T: Any,
    r: Any,
    s: Any,
    D: Any,
    max_members: int = 12,
    *,
    pi_A: Any = 1.0,
) -> Game:
    """The coalition's lifting and renewal as a game tree (players Target, Coalition).

    Target: comply (concede x) or defy.  Comply -> chance: the assurance holds
    (pi_A) or not; if it holds, one chance node per member: satisfied
    (F_j(x)) or not; the leaf lifts a share L of the reversible punishment:
    L = 1[the satisfied members meet the rule] (all-or-nothing; eu_renewal:
    any one satisfied member) or L = sum of the satisfied members' shares
    (partial).  Defy -> chance: the threat is carried out (pi_T) or not; if
    it is, and a member can end the punishment alone (eu_renewal, partial),
    one chance node per member: renews (1 - F_j(0)) or not; the sustained
    share S is 1[all renew] (eu_renewal) or the renewing members' shares
    (partial), else S = 1.  Target payoffs (K = s D; the irreversible part
    (1 - r) K is charged on every branch): comply -x - (1 - r) K - (1 - L) r K
    (assurance broken: L = 0); defy -(1 - r) K - S r K (spared: S = 0).
    Coalition (stylised): the concession received minus its members' costs
    C = sum_j c_j D times the share of the reversible punishment kept.
    Backward induction gives comply iff M(x) = (pi_T E[S] + pi_A E[L] - 1) r K - x
    >= 0, E[L] = lifted_share(x), E[S] = sustain_probability(): the module's
    margin.  Members are drawn independently (correlation must be 0), so the
    tree has up to 2 * 2**n leaves: n <= max_members.

    Parameters
    ----------
    coalition : Coalition
        The coalition.
    x : array_like
        The concession (share of the stake).
    pi_T : array_like
        Threat credibility (probability).
    r : array_like
        Reversibility (share).
    s : array_like
        The coalition's punishment per period (stake units per period).
    D : array_like
        Future weight ``D``.
    max_members : int, optional
        Largest coalition drawn as a tree (default 12).
    pi_A : array_like, optional
        Assurance credibility before the rule (default 1).

    Returns
    -------
    Game
        The tree.

    Raises
    ------
    ParameterError
        More than ``max_members`` members.

    Examples
    --------
    >>> from compellence.coercion import Coalition
    >>> co = Coalition(["US", "EU"], [0.2, 0.5], [0.1, 0.1])
    >>> from compellence.coercion import coalition_lift_game
    >>> coalition_lift_game(co, 0.3, 0.9, 0.8, 0.1, 9.0).players
    ('Target', 'Coalition')
    """
    if coalition.n > max_members:
        raise ParameterError(
            f"the tree has 2**n leaves; {coalition.n} members exceed max_members={max_members}",
            "coalition",
        )
    if np.any(np.asarray(coalition.correlation) != 0):
        raise ParameterError("the tree draws members independently: it needs correlation 0",
                             "correlation")
    pi_t = check_real(pi_T, "pi_T", lo=0.0, hi=1.0)
    pi_a = check_real(pi_A, "pi_A", lo=0.0, hi=1.0)
    rr = check_real(r, "r", lo=0.0, hi=1.0)
    K = check_real(s, "s", lo=0.0) * check_real(D, "D", lo=0.0)
    xx = check_real(x, "x")
    _, shape = broadcast(x=xx, pi_T=pi_t, pi_A=pi_a, r=rr, s_times_D=K)
    batch = _with_coalition_batch(shape, coalition)
    f = coalition.member_cdf(xx)
    g0 = 1.0 - coalition.member_cdf(0.0)  # Pr(member j renews after defiance) = Pr(x_j > 0)
    w, q = coalition._lift_weights()
    shares = _per_member(coalition.shares, batch)
    partial = coalition.lifting == "partial"
    cost = np.sum(coalition.costs, axis=0) * check_real(D, "D")
    irreversible = (1.0 - rr) * K

    def comply_leaf(kept):
        return outcome(Target=-xx - irreversible - kept * rr * K, Coalition=xx - kept * cost)

    def defy_leaf(sustained):
        return outcome(Target=-irreversible - sustained * rr * K, Coalition=-sustained * cost)

    def members(j: int, weight: int, share, prob, labels, leaf, all_needed: bool):
        if j == coalition.n:
            if partial:
                lifted = share
            elif all_needed:
                lifted = 1.0 if weight == coalition.n else 0.0
            else:
                lifted = 1.0 if weight >= q - 1e-12 else 0.0
            return leaf(lifted)
        name = coalition.names[j]
        yes, no = labels
        return chance(
            {
                f"{name} {yes}": (prob[j], members(j + 1, weight + int(w[j]), share + shares[j],
                                                   prob, labels, leaf, all_needed)),
                f"{name} {no}": (1.0 - prob[j], members(j + 1, weight, share, prob, labels,
                                                        leaf, all_needed)),
            }
        )

    def lifted_leaf(share):
        return comply_leaf(1.0 - share)

    def sustained_leaf(share):
        return defy_leaf(share)

    comply = chance(
        {
            "assurance holds": (pi_a, members(0, 0, 0.0, f, ("satisfied", "not satisfied"),
                                              lifted_leaf, False)),
            "assurance broken": (1.0 - pi_a, comply_leaf(1.0)),
        }
    )
    if partial or coalition.rule == "eu_renewal":
        punished = members(0, 0, 0.0, g0, ("renews", "ends"), sustained_leaf, True)
    else:
        punished = defy_leaf(1.0)
    root = decision(
        "Target",
        {
            "comply": comply,
            "defy": chance({"punished": (pi_t, punished), "spared": (1.0 - pi_t, defy_leaf(0.0))}),
        },
    )
    rule = coalition.rule + (", partial lifting" if partial else "")
    return Game(["Target", "Coalition"], root, title=f"Coalition lifting ({rule})")
