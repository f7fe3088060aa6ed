"""The campaign's sequential game (perfect information) and its equilibrium path in closed form.

The target moves first given the standing punishment and the demand::

    Target: comply --> [lift?] lift                         T: -(x + cc + (1 - r) P)
                               renege                       T: -(x + cc + (1 - r) P + r P + Z_T)
            resist --> [punish?] punish                     T: -(L + (1 - r) P + phi (r P + Z_T))
                                 back down                  T: -(L + (1 - r) P)

(coercer payoffs: :func:`.quantities.coercer_branch_payoffs`; with
``backsliding=True`` a keep / backslide and re-impose / tolerate stage follows
"lift", :mod:`.backsliding`).  ``[lift?]`` and ``[punish?]`` are chance moves
(``pi_A``, ``pi_T``) when the credibilities are given (or come from power, a
coalition folded in), or a chance move over the coercer's type (compellent
with prior ``mu``) followed by the coercer's own choice when they are derived.
With a coalition and derived credibility, a chance move "coalition lifts" /
"coalition blocks" (probability the coalition's factor) comes first after
compliance, and "coalition sustains" / "coalition ends" after resistance when
the coalition offers ``sustain_probability()``; a blocked lift is paid as a
renege without the audience cost, an ended punishment as a back-down
without it.  Drawing the type after the target's move is equivalent to
drawing it first and hiding it (the coercer does not move before the target).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from ...games.nodes import Node, chance, decision, outcome
from .credibility import TIE_TOL
from .quantities import coercer_branch_payoffs, target_branch_costs

if TYPE_CHECKING:  # pragma: no cover
    from .facade import Campaign

__all__ = ["campaign_tree", "closed_form_path"]

TYPES = ("compellent", "punitive")


def campaign_tree(c: Campaign) -> Node:
    """The root node spec of the campaign's game (arrays broadcast to the batch shape).

    Parameters
    ----------
    c : Campaign
        The campaign.

    Returns
    -------
    Node
        The root (the target's decision).

    Examples
    --------
    >>> from compellence.coercion import Campaign
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5)
    >>> from compellence.coercion.campaign.tree import campaign_tree
    >>> campaign_tree(c).player
    'East'
    """
    b_ = c._b
    x, cc, L, phi = b_(c.concession), b_(c.compliance_cost), b_(c.resistance_cost), b_(c.threat_factor)
    IP, rP, Q = b_(c.irreversible_pv), b_(c.reversible_pv), b_(c.reimposed_pv)
    ZT, ZC = b_(c.escalation_cost), b_(c.coercer_escalation_cost)
    B, b, R = b_(c.coercer.benefit), b_(c.side_payment), b_(c.rollback_cost)
    Cr, Ci = b_(c.coercer_reversible_cost), b_(c.coercer_sunk_cost)
    aT, aA = b_(c.audience_threat), b_(c.audience_assurance)
    pay, coe = c.target.name, c.coercer.name
    tc = target_branch_costs(x, cc, L, IP, rP, ZT, phi)

    def w_of(typ: str | None) -> np.ndarray:
        return b_(c.weakening(typ or "compellent"))

    def co(w: np.ndarray) -> dict:
        return coercer_branch_payoffs(B, x, b, w, IP, rP, Ci, Cr, ZC, aT, aA, R, phi)

    def pays(c_val: Any, t_cost: Any) -> Node:
        return outcome(**{coe: c_val, pay: -t_cost})

    def backslide_leaves(w: np.ndarray) -> dict:
        kept = -b + w * IP - Ci - R
        return {
            "reimpose": pays(kept + w * Q - Cr - ZC, cc + IP + Q + ZT),
            "tolerate": pays(kept - aT, cc + IP),
        }

    def after_backslide(typ: str | None) -> Node:
        if not c.endogenous_threat:
            lv = backslide_leaves(w_of(typ))
            p = b_(c.effective_threat_credibility)
            return chance({"reimpose": (p, lv["reimpose"]), "tolerate": (1 - p, lv["tolerate"])})
        if typ is None:  # the type is drawn now (given assurance: not revealed before)
            return chance({t: (b_(c.prior(t)), decision(coe, backslide_leaves(w_of(t)))) for t in TYPES})
        return decision(coe, backslide_leaves(w_of(typ)))

    def lifted(typ: str | None) -> Node:
        keep = pays(co(w_of(typ))["comply-lift"], tc["comply-lift"])
        if not c.backsliding:
            return keep
        return decision(pay, {"keep": keep, "backslide": after_backslide(typ)})

    def reneged(typ: str | None) -> Node:
        return pays(co(w_of(typ))["comply-renege"], tc["comply-renege"])

    def resist_leaves(w: np.ndarray) -> dict:
        p = co(w)
        return {"punish": pays(p["resist-punish"], tc["resist-punish"]),
                "back down": pays(p["resist-back down"], tc["resist-back down"])}

    qA, qT = c.coalition_assurance_factor, c.coalition_threat_factor
    if c.endogenous_assurance:
        after_comply: Node = chance(
            {t: (b_(c.prior(t)), decision(coe, {"lift": lifted(t), "renege": reneged(t)})) for t in TYPES}
        )
        if qA is not None:
            blocked = pays(co(w_of(None))["comply-renege"] + aA, tc["comply-renege"])
            after_comply = chance({"coalition lifts": (b_(qA), after_comply),
                                   "coalition blocks": (1 - b_(qA), blocked)})
    else:
        pA = b_(c.effective_assurance_credibility)
        after_comply = chance({"lift": (pA, lifted(None)), "renege": (1 - pA, reneged(None))})
    if c.endogenous_threat:
        after_resist: Node = chance({t: (b_(c.prior(t)), decision(coe, resist_leaves(w_of(t)))) for t in TYPES})
        if qT is not None:
            ended = pays(co(w_of(None))["resist-back down"] + aT, tc["resist-back down"])
            after_resist = chance({"coalition sustains": (b_(qT), after_resist),
                                   "coalition ends": (1 - b_(qT), ended)})
    else:
        pT = b_(c.effective_threat_credibility)
        lv = resist_leaves(w_of(None))
        after_resist = chance({"punish": (pT, lv["punish"]), "back down": (1 - pT, lv["back down"])})
    return decision(pay, {"comply": after_comply, "resist": after_resist})


def closed_form_path(c: Campaign, viable: ArrayLike) -> np.ndarray:
    """The equilibrium path as ``"comply -> compellent -> lift"`` strings (batch shape, object dtype).

    Conventions of :meth:`compellence.Solution.path`: the most probable branch
    at a chance move (the first on ties), the equilibrium action at a decision
    (the first on ties within :data:`TIE_TOL`).

    Parameters
    ----------
    c : Campaign
        The campaign.
    viable : array_like
        Boolean mask: the target complies (batch shape).

    Returns
    -------
    numpy.ndarray
        The paths (object dtype, batch shape).

    Examples
    --------
    >>> from compellence.coercion import Campaign
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5)
    >>> from compellence.coercion.campaign.tree import closed_form_path
    >>> str(closed_form_path(c, c.offramp().viable))
    'resist -> punish'
    """
    shape = c.batch_shape
    mu = c._b(c.coercer.prob_compellent)
    typ = np.where(mu >= 1.0 - mu, "compellent", "punitive")

    def join(*parts: Any) -> np.ndarray:
        out = np.broadcast_to(np.asarray(parts[0], dtype=str), shape)
        for p in parts[1:]:
            out = np.char.add(np.char.add(out, " -> "), np.broadcast_to(np.asarray(p, dtype=str), shape))
        return out

    def by_type(fn: Any) -> np.ndarray:
        return np.where(typ == "compellent", c._b(fn("compellent")), c._b(fn("punitive")))

    def reimpose_choice(g: np.ndarray) -> np.ndarray:
        return np.where(g >= -TIE_TOL, "reimpose", "tolerate")

    def likely(p: Any) -> np.ndarray:
        p = c._b(p)
        return p >= 1.0 - p

    pT = c.effective_threat_credibility
    if not c.endogenous_threat:
        chance_reimp = np.where(likely(pT), "reimpose", "tolerate")
    if c.endogenous_assurance:
        if not c.backsliding:
            lifted = np.broadcast_to(np.asarray("lift"), shape)
        else:
            after_bs = reimpose_choice(by_type(c.reimpose_gain)) if c.endogenous_threat else chance_reimp
            bs = by_type(c.backslides)
            lifted = join("lift", np.where(bs, join("backslide", after_bs), "keep"))
        lifts = by_type(c.lift_gain) >= -TIE_TOL
        after_c = join(typ, np.where(lifts, lifted, "renege"))
        qA = c.coalition_assurance_factor
        if qA is not None:
            after_c = np.where(likely(qA), join("coalition lifts", after_c), "coalition blocks")
    else:
        if not c.backsliding:
            lifted = np.broadcast_to(np.asarray("lift"), shape)
        else:
            if c.endogenous_threat:
                after_bs = join(typ, reimpose_choice(by_type(c.reimpose_gain)))
            else:
                after_bs = chance_reimp
            lifted = join("lift", np.where(c._b(c.backslides(None)), join("backslide", after_bs), "keep"))
        after_c = np.where(likely(c.effective_assurance_credibility), lifted, "renege")
    if c.endogenous_threat:
        after_r = join(typ, np.where(by_type(c.punish_gain) >= -TIE_TOL, "punish", "back down"))
        qT = c.coalition_threat_factor
        if qT is not None:
            after_r = np.where(likely(qT), join("coalition sustains", after_r), "coalition ends")
    else:
        after_r = np.where(likely(pT), "punish", "back down")
    comply = join("comply", after_c)
    resist = join("resist", after_r)
    return np.where(np.broadcast_to(viable, shape), comply, resist).astype(object)
