"""Audience costs: public versus private demands and assurances.

**Tying hands** (Fearon 1994).  A coercer who backs down after a *public*
threat pays an audience cost ``a``; so a public threat is credible iff
``p V - k >= -a`` while a private one needs ``p V - k >= 0``.
When the target is unsure of the coercer's net value of carrying out the
threat, ``v = p V - k ~ Normal(m, sigma)`` (our stylised reduction), the
credibilities are::

    pi_private = Phi(m / sigma),        pi_public = Phi((m + a) / sigma)

and converting one into the other needs no knowledge of ``m``:
``pi_public = Phi(Phi^-1(pi_private) + a / sigma)``.  The same holds for an
assurance (reneging on a public promise to lift costs ``a``).

**Private diplomacy** (Kurizaki 2007).  A public demand raises credibility
but adds the target's face cost ``f`` of being seen to give in (charged on the
comply branches only: the target pays it whether the coercer then lifts or
reneges, and not when it resists), so a private demand "can be as compelling
as a public one".  In the off-ramp margin (:mod:`~compellence.coercion.offramp`)
the channel enters twice::

    M = (pi_T(channel) phi + pi_A(channel) - 1)(r s D + Z) - x - f [demand public] - ... + L

Only the reversible punishment and the escalation cost ``r s D + Z`` hang on
the coercer's word (the irreversible part is paid on every branch), so a
unit of credibility is worth ``r s D + Z``.  With given credibilities, and
the other channel held fixed:

* a public assurance beats a private one by ``(pi_A,pub - pi_A,priv)(r s D + Z)
  >= 0``: strictly where ``a > 0`` and ``r s D + Z > 0``, never otherwise;
* a private demand beats a public one iff
  ``f > (pi_T,pub - pi_T,priv) phi (r s D + Z)``: the face cost exceeds
  the threat credibility the audience cost buys.  With ``a = 0`` or
  ``r s D + Z = 0`` any face cost makes the private demand better.

:func:`compare_channels` evaluates a :class:`~compellence.coercion.campaign.Campaign`
under the four channel combinations; with endogenous credibility the
channels work through the coercer's payoffs in the campaign's game, with
exogenous credibility through the conversion above (``a`` =
``coercer.audience_cost``, ``sigma`` = ``coercer.resolve_sd``; the stated
credibility belongs to the campaign's own channel).  :func:`audience_game`
is the game tree in which the coercer first chooses the channel.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from .._frames import batch_frame
from ..errors import ParameterError
from ..games.nodes import decision
from ..games.tree import Game
from ..validation import check_bool, check_real
from .campaign import Campaign
from .instruments import Assurance

__all__ = [
    "audience_credibility",
    "public_credibility",
    "private_credibility",
    "ChannelComparison",
    "with_channels",
    "compare_channels",
    "audience_game",
]


def audience_credibility(
    net_value: ArrayLike,
    audience_cost: ArrayLike = 0.0,
    resolve_sd: ArrayLike = 1.0,
    *,
    public: bool = True,
) -> np.ndarray:
    """Fearon (1994) credibility with uncertain resolve: ``Phi((m + a [public]) / sigma)``.

    ``net_value`` ``m``: mean net value to the coercer of carrying out the
    threat (or of keeping the promise) rather than backing down (reneging),
    stake units; ``audience_cost`` ``a >= 0``; ``resolve_sd`` ``sigma > 0``.
    Batched.

    Parameters
    ----------
    net_value : array_like
        ``m``, mean net value to the coercer of carrying out the threat (or of
        keeping the promise) rather than backing down (reneging), stake units.
    audience_cost : array_like, optional
        ``a >= 0``, stake units (default 0).
    resolve_sd : array_like, optional
        ``sigma > 0``, spread of that value (default 1).
    public : bool, optional
        Whether the audience sees the threat (default True).

    Returns
    -------
    numpy.ndarray
        The credibility (probability), the broadcast shape.

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import audience_credibility
    >>> float(audience_credibility(0.0, 1.0, public=False)), round(float(audience_credibility(0.0, 1.0)), 6)
    (0.5, 0.841345)
    """
    m = check_real(net_value, "net_value")
    a = check_real(audience_cost, "audience_cost", 0.0)
    sd = check_real(resolve_sd, "resolve_sd", 0.0, lo_open=True)
    check_bool(public, "public")
    return stats.norm.cdf((m + (a if public else 0.0)) / sd)


def public_credibility(
    private: ArrayLike,
    audience_cost: ArrayLike,
    resolve_sd: ArrayLike = 1.0,
) -> np.ndarray:
    """``pi_public = Phi(Phi^-1(pi_private) + a / sigma)`` (0 and 1 map to themselves).

    Parameters
    ----------
    private : array_like
        ``pi_private``, the credibility of the private threat (probability).
    audience_cost : array_like
        ``a >= 0`` (stake units).
    resolve_sd : array_like, optional
        ``sigma > 0`` (default 1).

    Returns
    -------
    numpy.ndarray
        ``pi_public`` (probability).

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import public_credibility
    >>> public_credibility([0.0, 0.5, 1.0], 1.0).round(6).tolist()
    [0.0, 0.841345, 1.0]
    """
    p = check_real(private, "private", 0.0, 1.0)
    a = check_real(audience_cost, "audience_cost", 0.0)
    sd = check_real(resolve_sd, "resolve_sd", 0.0, lo_open=True)
    return stats.norm.cdf(stats.norm.ppf(p) + a / sd)


def private_credibility(
    public: ArrayLike,
    audience_cost: ArrayLike,
    resolve_sd: ArrayLike = 1.0,
) -> np.ndarray:
    """Inverse of :func:`public_credibility`: ``Phi(Phi^-1(pi_public) - a / sigma)``.

    Parameters
    ----------
    public : array_like
        ``pi_public`` (probability).
    audience_cost : array_like
        ``a >= 0`` (stake units).
    resolve_sd : array_like, optional
        ``sigma > 0`` (default 1).

    Returns
    -------
    numpy.ndarray
        ``pi_private`` (probability).

    Raises
    ------
    ParameterError
        A value out of range (named).

    Examples
    --------
    >>> from compellence.coercion import private_credibility, public_credibility
    >>> round(float(private_credibility(public_credibility(0.3, 0.5), 0.5)), 12)
    0.3
    """
    p = check_real(public, "public", 0.0, 1.0)
    a = check_real(audience_cost, "audience_cost", 0.0)
    sd = check_real(resolve_sd, "resolve_sd", 0.0, lo_open=True)
    return stats.norm.cdf(stats.norm.ppf(p) - a / sd)


def _convert(p: np.ndarray, stated_public: bool, want_public: bool, a: Any, sd: Any) -> np.ndarray:
    if stated_public == want_public:
        return p
    return public_credibility(p, a, sd) if want_public else private_credibility(p, a, sd)


def with_channels(campaign: Campaign, demand_public: bool, assurance_public: bool) -> Campaign:
    """The campaign with its demand / assurance made public or private.

    Given credibilities are converted between channels (module docstring);
    credibilities from power (``campaign.power``) shift the coercer's
    thresholds by the audience cost ``a`` (``backdown_value - a`` for a public
    demand, ``deal_value + a`` for a public assurance); derived ones follow
    from the coercer's payoffs.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    demand_public, assurance_public : bool
        The channels.

    Returns
    -------
    Campaign
        The campaign with those channels.

    Examples
    --------
    >>> from compellence.coercion import Campaign, compare_channels
    >>> c = Campaign({"threat_credibility": 0.6, "audience_cost": 0.5}, {"face_cost": 0.05},
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.8}],
    ...              demand=0.3, assurance=0.7)
    >>> from compellence.coercion import with_channels
    >>> private = with_channels(c, False, False)
    >>> round(float(private.effective_threat_credibility), 6), float(private.face_cost)
    (0.402588, 0.0)
    """
    for v, n in ((demand_public, "demand_public"), (assurance_public, "assurance_public")):
        check_bool(v, n)
    co, dem, asr = campaign.coercer, campaign.demand, campaign.assurance
    a, sd = co.audience_cost, co.resolve_sd
    if co.threat_credibility is not None:
        co = dataclasses.replace(
            co, threat_credibility=_convert(co.threat_credibility, dem.public, demand_public, a, sd)
        )
    cred = asr.credibility
    if cred is not None:
        cred = _convert(cred, asr.public, assurance_public, a, sd)
    changes: dict = {}
    pw = getattr(campaign, "power", None)
    if pw is not None:
        # credibility from power: the coercer punishes iff c <= now - b and keeps its promise iff
        # c >= expected - m; backing down after a public demand costs it a (b falls by a), and
        # reneging on a public assurance costs it a (m rises by a).  The stated values belong to
        # the campaign's own channels.
        b = pw.backdown_value + a * ((dem.public and not demand_public) - (demand_public and not dem.public))
        m = pw.deal_value + a * ((assurance_public and not asr.public) - (asr.public and not assurance_public))
        changes["power"] = dataclasses.replace(pw, backdown_value=b, deal_value=m)
    return campaign.replace(
        coercer=co,
        demand=dataclasses.replace(dem, public=bool(demand_public)),
        assurance=Assurance(public=bool(assurance_public), credibility=cred),
        **changes,
    )


@dataclass(frozen=True)
class ChannelComparison:
    """A campaign under each channel combination (keys ``(demand_public, assurance_public)``).

    For each: ``pi_T`` (the campaign's ``effective_threat_credibility``), ``pi_A``
    (``effective_assurance_credibility``), ``face_cost``, ``margin``, ``viable`` (arrays of
    the campaign's batch shape).  ``best`` is the combination with the largest
    margin (per batch element, as ``"public/private"`` labels: demand/assurance).

    Attributes
    ----------
    pi_T, pi_A, face_cost, margin, viable : dict of (bool, bool) to numpy.ndarray
        Per channel combination ``(demand_public, assurance_public)``.

    Examples
    --------
    >>> from compellence.coercion import Campaign, compare_channels
    >>> c = Campaign({"threat_credibility": 0.6, "audience_cost": 0.5}, {"face_cost": 0.05},
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.8}],
    ...              demand=0.3, assurance=0.7)
    >>> cmp = compare_channels(c)
    >>> str(cmp.best), round(float(cmp.margin[(True, True)]), 6)
    ('public/public', -0.134)
    """

    pi_T: dict[tuple[bool, bool], np.ndarray]
    pi_A: dict[tuple[bool, bool], np.ndarray]
    face_cost: dict[tuple[bool, bool], np.ndarray]
    margin: dict[tuple[bool, bool], np.ndarray]
    viable: dict[tuple[bool, bool], np.ndarray]

    @property
    def best(self) -> np.ndarray:
        """The channel combination with the largest margin, as ``"public/private"`` labels (demand/assurance)."""
        keys = list(self.margin)
        stack = np.stack([self.margin[k] for k in keys])
        labels = np.array([f"{'public' if d else 'private'}/{'public' if a else 'private'}" for d, a in keys])
        return labels[np.argmax(stack, axis=0)]

    def to_frame(self) -> pd.DataFrame:
        """One row per channel combination (and batch element).

        Returns
        -------
        pandas.DataFrame
            Columns ``demand``, ``assurance`` and the fields.

        Examples
        --------
        >>> from compellence.coercion import Campaign, compare_channels
        >>> c = Campaign({"threat_credibility": 0.6, "audience_cost": 0.5}, {"face_cost": 0.05},
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.8}],
        ...              demand=0.3, assurance=0.7)
        >>> compare_channels(c).to_frame().shape
        (4, 7)
        """
        keys = list(self.margin)
        shape = np.shape(self.margin[keys[0]])
        names = ("pi_T", "pi_A", "face_cost", "margin", "viable")
        return batch_frame(
            {
                "demand": ["public" if d else "private" for d, _ in keys],
                "assurance": ["public" if a else "private" for _, a in keys],
            },
            {n: np.stack([np.broadcast_to(getattr(self, n)[k], shape) for k in keys]) for n in names},
            shape,
        )

    def __repr__(self) -> str:
        k = (True, True)
        if np.ndim(self.margin[k]):
            return f"ChannelComparison(batch_shape={np.shape(self.margin[k])})"
        parts = ", ".join(
            f"{'pub' if d else 'priv'}/{'pub' if a else 'priv'}: M={float(self.margin[(d, a)]):.4g}" for d, a in self.margin
        )
        return f"ChannelComparison({parts}; best={self.best})"

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False, float_format=lambda v: f"{v:.4g}")


def compare_channels(campaign: Campaign) -> ChannelComparison:
    """Evaluate ``campaign`` with public / private demand x public / private assurance.

    Shows both halves of the argument: a public channel raises credibility
    (Fearon 1994) but a public demand adds the target's face cost (Kurizaki 2007).

    Parameters
    ----------
    campaign : Campaign
        The campaign.

    Returns
    -------
    ChannelComparison
        The four combinations.

    Examples
    --------
    >>> from compellence.coercion import Campaign, compare_channels
    >>> c = Campaign({"threat_credibility": 0.6, "audience_cost": 0.5}, {"face_cost": 0.05},
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.8}],
    ...              demand=0.3, assurance=0.7)
    >>> {k: bool(v) for k, v in compare_channels(c).viable.items()}
    {(True, True): False, (True, False): False, (False, True): False, (False, False): False}
    """
    if not isinstance(campaign, Campaign):
        raise ParameterError(f"needs a Campaign, got {type(campaign).__name__}", "campaign")
    out: dict[str, dict] = {k: {} for k in ("pi_T", "pi_A", "face_cost", "margin", "viable")}
    for d in (True, False):
        for a in (True, False):
            c = with_channels(campaign, d, a)
            o = c.offramp()
            out["pi_T"][(d, a)] = o.effective_threat_credibility
            out["pi_A"][(d, a)] = o.effective_assurance_credibility
            out["face_cost"][(d, a)] = c.face_cost
            out["margin"][(d, a)] = o.margin
            out["viable"][(d, a)] = o.viable
    return ChannelComparison(**out)


def audience_game(
    campaign: Campaign,
    which: Literal["demand", "assurance", "both"] = "both",
) -> Game:
    """The campaign's game preceded by the coercer's choice of channel.

    Root: the coercer chooses ``"public"`` or ``"private"`` for the demand,
    the assurance or both (``which``); each branch is the campaign's
    compellence game (:meth:`Campaign.tree`) with that channel.  The SPE
    channel is the one that maximises the coercer's own value: tying hands
    helps it only if the credibility gained outweighs the face cost imposed
    on the target (Kurizaki 2007).

    Parameters
    ----------
    campaign : Campaign
        The campaign (scalar).
    which : {"demand", "assurance", "both"}, optional
        What the coercer chooses the channel of (default ``"both"``).

    Returns
    -------
    Game
        The tree.

    Raises
    ------
    ParameterError
        A batched campaign or an unknown ``which``.

    Examples
    --------
    >>> from compellence.coercion import Campaign, compare_channels
    >>> c = Campaign({"threat_credibility": 0.6, "audience_cost": 0.5}, {"face_cost": 0.05},
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.8}],
    ...              demand=0.3, assurance=0.7)
    >>> import compellence as cp
    >>> from compellence.coercion import audience_game
    >>> cp.spe(audience_game(c, "demand")).path()[0]
    'private'
    """
    if which not in ("demand", "assurance", "both"):
        raise ParameterError(f"must be 'demand', 'assurance' or 'both', got {which!r}", "which")
    branches = {}
    for label, pub in (("public", True), ("private", False)):
        d = pub if which in ("demand", "both") else campaign.demand.public
        a = pub if which in ("assurance", "both") else campaign.assurance.public
        branches[label] = with_channels(campaign, d, a).tree()
    return Game(
        [campaign.coercer.name, campaign.target.name],
        decision(campaign.coercer.name, branches),
        title=f"Public or private {which}",
    )
