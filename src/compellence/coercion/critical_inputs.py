"""Critical values of a campaign's *user inputs*: ``critical(campaign, key)``.

The closed-form critical values of :mod:`~compellence.coercion.offramp`
(``critical_effective_assurance_credibility`` and friends) are in *effective*
units: the derived ``pi_A``, ``r``, ``s`` of the canonical margin.  A user
sets inputs (``assurance.credibility``, ``instruments[0].reversibility``,
``coalition.members[1].min_concession``, ...) that reach the margin through
the instruments' effects, derived credibilities, the coalition and the
hazards, so the effective critical value is not the value the user would
have to type.  :func:`critical` answers in the user's own units: the value of
THAT input at which the off-ramp's viability flips, everything else held
fixed, on the full model (whatever ``Campaign.margin()`` includes).

Method (batched, no per-element Python loop):

1. the input is replaced by a grid of ``grid`` values over ``[lo, hi]``
   appended as one extra (leading) batch axis: one batched evaluation of the
   margin, ``campaign.with_inputs({key: grid}).margin()``;
2. the viability mask ``M >= 0`` is compared between neighbouring grid
   points; every change brackets a flip (``crossings`` counts them per
   batch element);
3. every bracket of every batch element is refined at once by bisection on
   the viability mask (each iteration is one batched evaluation of the
   margin at the midpoints) until the bracket is narrower than ``tol``.
   Bisection on the mask rather than on ``M`` also locates flips where the
   margin jumps across zero (a derived credibility that switches when a
   coercer type changes its choice).

The margin need not be monotone in an input (it falls in ``r`` or ``s``
where ``pi_T phi + pi_A < 1``, and derived credibilities can make it rise and
fall), so viability can flip several times in ``[lo, hi]``.  The result
(:class:`CriticalInput`, a :class:`~compellence.coercion.offramp.Critical`)
reports the **first** flip (smallest value) in ``value`` with its direction in
``increasing``, the number of flips in ``crossings`` and **all** of them in
``roots`` (padded with ``inf``).  Honest limit: two flips closer together
than the grid spacing ``(hi - lo) / (grid - 1)`` (a viable window narrower
than one grid cell) are not seen; raise ``grid`` if that matters.

Default ranges (:func:`input_range`): credibilities, reversibility and other
shares ``[0, 1]``; ``discount`` ``(0, 1)`` (``(0, 1]`` with a finite horizon;
open ends are approached to within ``1e-9`` of the range); unbounded inputs
(costs, benefits, amounts) ``[0, COST_SPAN * current value]`` with
``COST_SPAN = 10`` (``hi`` is required where the current value is 0);
inputs that may be negative ``[-COST_SPAN * |v|, COST_SPAN * |v|]``.
Integer inputs (``horizon``, ``demand.deadline``, ``instruments[i].elapsed``)
have no critical value in this sense and are refused, as are unknown keys,
each with a :class:`~compellence.errors.ParameterError` naming the key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ParameterError
from .offramp import Critical

if TYPE_CHECKING:
    from .campaign import Campaign

__all__ = [
    "COST_SPAN",
    "InputRange",
    "CriticalInput",
    "input_range",
    "campaign_margin",
    "critical",
    "critical_of",
]

#: Default upper end of an unbounded input's range, as a multiple of its current value.
COST_SPAN = 10.0

#: Default number of grid points and open-end inset (relative to the range).
DEFAULT_GRID = 65
_OPEN_INSET = 1e-9

_UNIT = frozenset({
    "threat_credibility", "credibility", "reversibility", "private_share", "reimposition",
    "prob_compellent", "concession", "assurance_loss", "now", "expected",
})
_UNIT_LO_OPEN = frozenset({"ramp", "open_hazard"})
_UNIT_HI_OPEN = frozenset({"adaptation", "escalation_risk"})
_INTEGER = frozenset({"horizon", "deadline", "elapsed"})
_REAL = frozenset({"cost", "deal_value", "backdown_value"})
_POSITIVE = frozenset({"resolve_sd"})
#: Coalition member keys (``coalition.members[j].<key>``): min_concession and stake may be any real.
_MEMBER_REAL = frozenset({"min_concession", "stake"})
_ALIASES = {"horizon.discount": "discount", "horizon.periods": "horizon"}
_LAST = re.compile(r"([A-Za-z_]\w*)$")


@dataclass(frozen=True)
class InputRange:
    """The valid range of one input: ``lo``/``hi`` (``None`` = unbounded), open ends, integer-valued.

    Attributes
    ----------
    lo, hi : float or None
        The bounds (``None``: unbounded).
    lo_open, hi_open : bool
        Whether the bound is excluded.
    integer : bool
        Integer-valued input.

    Examples
    --------
    >>> from compellence.coercion import input_range
    >>> r = input_range("assurance.credibility")
    >>> r.text(), r.contains(0.2, 0.9)
    ('[0, 1]', True)
    """

    lo: float | None
    hi: float | None
    lo_open: bool = False
    hi_open: bool = False
    integer: bool = False

    def text(self) -> str:
        """The range in interval notation (``[0, 1]``, ``(0, inf)``), with ``integer`` if integer-valued.

        Returns
        -------
        str
            The text.

        Examples
        --------
        >>> from compellence.coercion import input_range
        >>> input_range("discount").text()
        '(0, 1)'
        """
        left = "(" if (self.lo_open or self.lo is None) else "["
        right = ")" if (self.hi_open or self.hi is None) else "]"
        lo = "-inf" if self.lo is None else f"{self.lo:g}"
        hi = "inf" if self.hi is None else f"{self.hi:g}"
        return f"{left}{lo}, {hi}{right}"

    def contains(self, a: float, b: float) -> bool:
        """``[a, b]`` (closure of a support) lies in the closure of the range.

        Parameters
        ----------
        a, b : float
            The ends of the support.

        Returns
        -------
        bool
            Whether ``[a, b]`` lies in the closure of the range.

        Examples
        --------
        >>> from compellence.coercion import input_range
        >>> input_range("assurance.credibility").contains(0.5, 1.2)
        False
        """
        ok_lo = self.lo is None or a >= self.lo
        ok_hi = self.hi is None or b <= self.hi
        return bool(ok_lo and ok_hi)


def canonical_key(key: Any) -> str:
    """The key path with the scenario aliases (``horizon.discount`` -> ``discount``) resolved."""
    if not isinstance(key, str) or not key:
        raise ParameterError(f"input keys are key paths such as 'demand.concession', got {key!r}", str(key))
    return _ALIASES.get(key, key)


def input_range(key: str, campaign: Campaign | None = None) -> InputRange:
    """The valid range of the input at ``key`` (by its field name; module docstring).

    ``campaign`` matters only for ``discount``: ``(0, 1)`` with an infinite
    horizon, ``(0, 1]`` with a finite one.

    Parameters
    ----------
    key : str
        The input's key path (its last field name decides).
    campaign : Campaign or None, optional
        Matters only for ``discount``: ``(0, 1)`` with an infinite horizon,
        ``(0, 1]`` with a finite one.

    Returns
    -------
    InputRange
        The valid range.

    Raises
    ------
    ParameterError
        An unknown key.

    Examples
    --------
    >>> from compellence.coercion import input_range
    >>> input_range("instruments[0].cost_target").text(), input_range("discount").text()
    ('[0, inf)', '(0, 1)')
    """
    key = canonical_key(key)
    if key == "discount":
        finite = campaign is not None and getattr(campaign, "horizon", None) is not None
        return InputRange(0.0, 1.0, lo_open=True, hi_open=not finite)
    m = _LAST.search(key)
    name = m.group(1) if m else key
    if name in _INTEGER:
        return InputRange(0.0, None, integer=True)
    if key.startswith("coalition."):
        return InputRange(None, None) if name in _MEMBER_REAL else InputRange(0.0, None)
    if name in _UNIT:
        return InputRange(0.0, 1.0)
    if name in _UNIT_LO_OPEN:
        return InputRange(0.0, 1.0, lo_open=True)
    if name in _UNIT_HI_OPEN:
        return InputRange(0.0, 1.0, hi_open=True)
    if name in _REAL:
        return InputRange(None, None)
    if name in _POSITIVE:
        return InputRange(0.0, None, lo_open=True)
    return InputRange(0.0, None)


def campaign_margin(campaign: Campaign) -> np.ndarray:
    """``campaign.margin()`` (or the ``margin`` attribute) as a float array: the full model's margin.

    Parameters
    ----------
    campaign : Campaign or object with a ``margin``
        The campaign (or any model with a ``margin()`` method or attribute).

    Returns
    -------
    numpy.ndarray
        The margin in stake units.

    Examples
    --------
    >>> from compellence.coercion import Campaign, critical
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5, discount=0.9)
    >>> from compellence.coercion import campaign_margin
    >>> round(float(campaign_margin(c)), 12)
    -0.084
    """
    m = campaign.margin
    return np.asarray(m() if callable(m) else m, dtype=float)


# ----------------------------------------------------------------------------- result
@dataclass(frozen=True, repr=False)
class CriticalInput(Critical):
    """A :class:`~compellence.coercion.offramp.Critical` of a user input, with every flip.

    * ``value``: the **first** (smallest) value in ``[lo, hi]`` at which
      viability flips; ``increasing`` (mask) says which way it flips there
      (True: viable just above it, False: viable just below it).  Where the
      off-ramp is viable on the whole grid ``always`` is True and ``value`` is
      ``lo``; where it is viable nowhere ``never`` is True and ``value`` is
      ``inf`` (no NaN).  ``value`` is the end of the final bracket on the
      viable side, so the margin there is ``>= 0``.
    * ``crossings``: number of flips found in ``[lo, hi]`` (integer array of
      the batch shape); more than one means the margin is not monotone in the
      input, and the viable set is a union of intervals.
    * ``roots``: all flips, ascending, shape ``batch_shape + (max crossings,)``
      padded with ``inf``; ``roots[..., k]`` is viable just above it iff
      ``increasing`` flips alternate from the first one.
    * ``key``: the input's key path; ``tol``: the bracket width reached.

    ``always``/``never`` are judged on the grid: a viable window narrower than
    one grid cell is not seen (module docstring).

    Attributes
    ----------
    name, key : str
        The input's name and key path.
    value : numpy.ndarray
        The first flip (in the input's unit).
    always, never : numpy.ndarray
        Viable on the whole grid / nowhere.
    lo, hi : float
        The range searched.
    increasing : numpy.ndarray or bool
        Direction of the first flip.
    crossings : numpy.ndarray
        Number of flips.
    roots : numpy.ndarray
        All flips, padded with ``inf``.
    tol : float
        The bracket width reached.

    Examples
    --------
    >>> from compellence.coercion import Campaign, critical
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5, discount=0.9)
    >>> ci = critical(c, "assurance.credibility")
    >>> round(float(ci.value), 6), int(ci.crossings)
    (0.655556, 1)
    """

    crossings: np.ndarray | int = 0
    roots: np.ndarray | None = None
    key: str = ""
    tol: float = 0.0

    @property
    def monotone(self) -> np.ndarray:
        """Mask: at most one flip in ``[lo, hi]``."""
        return np.asarray(self.crossings) <= 1

    def __repr__(self) -> str:
        v = np.asarray(self.value)
        if v.ndim == 0:
            n = int(self.crossings)
            extra = f", {n} crossings" if n > 1 else ""
            return super().__repr__()[:-1] + extra + ")"
        return super().__repr__()[:-1] + f", max crossings={int(np.max(self.crossings, initial=0))})"


# ----------------------------------------------------------------------------- engine
def critical_of(
    margin_of: Callable[[np.ndarray], Any],
    lo: float,
    hi: float,
    batch_shape: tuple[int, ...] = (),
    *,
    grid: int = DEFAULT_GRID,
    tol: float | None = None,
    name: str = "input",
    max_iter: int = 200,
) -> CriticalInput:
    """Every value of a scalar input in ``[lo, hi]`` at which ``margin_of(value) >= 0`` flips.

    ``margin_of(values)`` takes an array of input values of shape
    ``(k,) + (1,) * len(batch_shape)`` or ``(k,) + batch_shape`` (one leading
    axis of candidate values, broadcasting with the batch) and returns the
    margin, broadcastable to ``(k,) + batch_shape``.  It is called once on the
    grid and once per bisection iteration (``ceil(log2(cell / tol))`` times);
    nothing loops over batch elements.  ``tol`` is the absolute width of the
    final brackets (default ``1e-10 * (hi - lo)``).  Returns a
    :class:`CriticalInput` (module docstring).

    Parameters
    ----------
    margin_of : callable
        ``margin_of(values)`` -> the margin (see above).
    lo, hi : float
        The range searched.
    batch_shape : tuple of int, optional
        The batch shape of the margin (default ``()``).
    grid : int, optional
        Grid points (default 65).
    tol : float or None, optional
        Final bracket width.
    name : str, optional
        The input's name, for the result.
    max_iter : int, optional
        Bisection iterations at most (default 200).

    Returns
    -------
    CriticalInput
        The flips.

    Raises
    ------
    ParameterError
        A bad range or grid.

    Examples
    --------
    >>> from compellence.coercion import critical_of
    >>> ci = critical_of(lambda v: (v - 0.3) * (v - 0.7), 0.0, 1.0)
    >>> ci.roots.round(6).tolist(), int(ci.crossings)
    ([0.3, 0.7], 2)
    """
    lo = float(lo)
    hi = float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or not lo < hi:
        raise ParameterError(f"need finite lo < hi, got lo={lo:g}, hi={hi:g}", "hi")
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 2:
        raise ParameterError(f"must be an integer >= 2, got {grid!r}", "grid")
    tol = 1e-10 * (hi - lo) if tol is None else float(tol)
    if not (tol > 0 and math.isfinite(tol)):
        raise ParameterError(f"must be a positive number, got {tol!r}", "tol")
    shape = tuple(batch_shape)
    nb = len(shape)

    def evaluate(values: np.ndarray) -> np.ndarray:
        m = np.asarray(margin_of(values), dtype=float)
        try:
            m = np.broadcast_to(m, values.shape[:1] + shape)
        except ValueError:
            raise ParameterError(
                f"the margin has shape {m.shape}, expected {values.shape[:1] + shape}", name
            ) from None
        if not np.all(np.isfinite(m)):
            raise ParameterError("the margin is not finite somewhere in the range; narrow [lo, hi]", name)
        return m

    g = np.linspace(lo, hi, int(grid))
    ok = evaluate(g.reshape((-1,) + (1,) * nb)) >= 0.0  # (G,) + batch
    change = ok[1:] != ok[:-1]  # (G-1,) + batch
    count = change.sum(axis=0)
    K = int(count.max(initial=0))
    if K == 0:
        a = b = np.zeros((0,) + shape)
        left_ok = np.zeros((0,) + shape, bool)
    else:
        # the first K change indices of every element, in order (stable sort puts True first)
        idx = np.argsort(~change, axis=0, kind="stable")[:K]
        valid = np.arange(K).reshape((K,) + (1,) * nb) < count
        idx = np.where(valid, idx, 0)
        a = g[idx]
        b = g[idx + 1]
        left_ok = np.take_along_axis(ok, idx, axis=0)
        width = (hi - lo) / (grid - 1)
        n_iter = min(max_iter, max(0, math.ceil(math.log2(width / tol))))
        for _ in range(n_iter):
            mid = 0.5 * (a + b)
            m_ok = evaluate(mid) >= 0.0
            same = m_ok == left_ok
            a = np.where(same, mid, a)
            b = np.where(same, b, mid)
    increasing_k = ~left_ok  # not viable on the left: viable just above the flip
    roots_k = np.where(increasing_k, b, a)  # the viable end of each bracket
    if K:
        roots_k = np.where(valid, roots_k, np.inf)
    roots = np.moveaxis(roots_k, 0, -1) if K else np.full(shape + (0,), np.inf)
    has = count > 0
    always = ~has & ok[0]
    never = ~has & ~ok[0]
    first = roots_k[0] if K else np.full(shape, np.inf)
    inc = np.where(has, increasing_k[0], True) if K else np.ones(shape, bool)
    value = np.where(always, lo, np.where(never, np.inf, first))
    if nb == 0:
        value, always, never, inc, count = (np.asarray(value), np.bool_(always), np.bool_(never),
                                            np.bool_(inc), np.int64(count))
    return CriticalInput(
        name=name, value=value, always=always, never=never, lo=lo, hi=hi, increasing=inc,
        crossings=count, roots=roots, key=name, tol=tol,
    )


# ----------------------------------------------------------------------------- campaigns
def _default_bounds(key: str, rng: InputRange, current: Any, lo: Any, hi: Any) -> tuple[float, float]:
    cur = np.abs(np.asarray(current, dtype=float))
    scale = float(cur.max()) if cur.size else 0.0
    if lo is None:
        if rng.lo is None:
            if scale == 0.0:
                raise ParameterError(f"{key} is unbounded below and 0 now; give lo", "lo")
            lo = -COST_SPAN * scale
        else:
            lo = rng.lo
    if hi is None:
        if rng.hi is None:
            if scale == 0.0:
                raise ParameterError(
                    f"{key} is unbounded above and 0 now, so there is no default range "
                    f"[0, {COST_SPAN:g} x current value]; give hi", "hi")
            hi = COST_SPAN * scale
        else:
            hi = rng.hi
    lo = float(lo)
    hi = float(hi)
    for v, which in ((lo, "lo"), (hi, "hi")):
        if not math.isfinite(v):
            raise ParameterError(f"must be finite, got {v:g}", which)
    if rng.lo is not None and lo < rng.lo:
        raise ParameterError(f"{key} must lie in {rng.text()}, got lo={lo:g}", "lo")
    if rng.hi is not None and hi > rng.hi:
        raise ParameterError(f"{key} must lie in {rng.text()}, got hi={hi:g}", "hi")
    if not lo < hi:
        raise ParameterError(f"need lo < hi, got lo={lo:g}, hi={hi:g}", "hi")
    span = hi - lo
    if rng.lo is not None and rng.lo_open and lo <= rng.lo:
        lo = rng.lo + _OPEN_INSET * span
    if rng.hi is not None and rng.hi_open and hi >= rng.hi:
        hi = rng.hi - _OPEN_INSET * span
    return lo, hi


def critical(
    campaign: Campaign,
    key: str,
    lo: float | None = None,
    hi: float | None = None,
    *,
    grid: int = DEFAULT_GRID,
    tol: float | None = None,
) -> CriticalInput:
    """The value of the input ``key`` at which the off-ramp's viability flips, the rest held fixed.

    ``key`` is a key path as in scenario files (``assurance.credibility``,
    ``coercer.threat_credibility``, ``instruments[0].reversibility``,
    ``instruments[1].cost_target``, ``demand.concession``, ``discount``,
    ``coalition.members[1].min_concession``, ...; any key of
    ``campaign.inputs()``).  The margin is the full model's,
    ``campaign.with_inputs({key: v}).margin()``: derived credibilities,
    coalition, hazards and all.  Batched over ``campaign.batch_shape``: the
    candidate values form one extra leading batch axis (module docstring for
    the grid + vectorised bisection, and for the default ``[lo, hi]``).

    Returns a :class:`CriticalInput`: ``value`` the first flip in ``[lo, hi]``
    (``inf`` with ``never`` where none; ``lo`` with ``always`` where viable
    throughout), ``increasing`` its direction, ``crossings`` the number of
    flips and ``roots`` all of them.  An unknown key, an integer input or a
    range outside the input's valid range raises
    :class:`~compellence.errors.ParameterError` naming the key (or ``lo``/``hi``).

    Example: in the canonical campaign (one instrument with ``cost_target = s``,
    reversibility ``r``, exogenous ``pi_T`` and ``pi_A``, no deadline, hazard or
    face cost) ``M = (pi_T + pi_A - 1) r s D - x``, so the critical
    ``assurance.credibility`` is ``1 - pi_T + x / (r s D)``.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    key : str
        The input's key path.
    lo, hi : float or None, optional
        The range searched, in the input's unit (default: the input's valid
        range, clipped as in the module docstring).
    grid : int, optional
        Grid points before bisection (default 65).
    tol : float or None, optional
        Final bracket width (default ``1e-10 * (hi - lo)``).

    Returns
    -------
    CriticalInput
        The flips.

    Examples
    --------
    >>> from compellence.coercion import Campaign, critical
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5, discount=0.9)
    >>> round(float(critical(c, "assurance.credibility").value), 6)   # 1 - 0.9 + 0.3 / (0.6 * 0.1 * 9)
    0.655556
    """
    key = canonical_key(key)
    inputs = campaign.inputs()
    if key not in inputs:
        raise ParameterError(
            "not a numeric input of this campaign (an input left out, e.g. a derived credibility, "
            f"is not one); inputs are {sorted(inputs)}", key)
    rng = input_range(key, campaign)
    if rng.integer:
        raise ParameterError("an integer input (whole periods) has no critical value; sweep it instead", key)
    lo, hi = _default_bounds(key, rng, inputs[key], lo, hi)
    shape = tuple(campaign.batch_shape)

    def margin_of(values: np.ndarray) -> np.ndarray:
        return campaign_margin(campaign.with_inputs({key: values}))

    return critical_of(margin_of, lo, hi, shape, grid=grid, tol=tol, name=key)
