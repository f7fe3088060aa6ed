"""Uncertain inputs: the off-ramp when inputs are distributions, with global sensitivity.

Every input of a campaign is a guess.  Any numeric input (key paths as in
scenario files: ``assurance.credibility``, ``instruments[0].reversibility``,
``discount``, ``coalition.members[1].min_concession``, ...) may be given as

* a frozen :mod:`scipy.stats` distribution (``scipy.stats.beta(7, 3)``), or
* draws wrapped in :class:`Samples` (``Samples(posterior_draws)``; a bare array
  already means a batch sweep, so draws must be wrapped), or
* in a scenario file, a table ``credibility = {dist = "beta", a = 7, b = 3}``
  (any :mod:`scipy.stats` distribution by name with its own parameter names,
  plus ``loc``/``scale``; ``{dist = "samples", values = [...]}`` for draws):
  :func:`distribution_from_table`.

A distribution whose support leaves the input's valid range (a normal for a
credibility, which must lie in ``[0, 1]``) is refused with a
:class:`~compellence.errors.ParameterError` naming the key and the support.

:func:`uncertain_offramp` (inputs treated as independent) returns an
:class:`UncertainOffRamp`:

* ``probability_viable``: ``Pr(M >= -tol)`` estimated on ``N`` independent
  draws of all uncertain inputs (``N = 2n`` with Sobol indices, the rows of
  the two independent matrices ``A`` and ``B``; ``N = n`` without), with its
  Monte Carlo standard error ``sqrt(p (1 - p) / N)`` (exact for independent
  draws: the draws are pseudo-random, not quasi-random);
* the distribution of the margin on the same draws: ``margin_samples``,
  mean, standard deviation and quantiles;
* Sobol indices of the margin to each uncertain input (Saltelli 2002
  sampling; first order by the estimator of Saltelli et al. 2010, total
  order by Jansen 1999, both as computed by :func:`scipy.stats.sobol_indices`
  from our evaluations), with asymptotic normal confidence intervals (the
  delta method on the estimators' ratios of row means: ``_intervals``).  First order ``S_i = Var(E[M | X_i]) / Var(M)``: the share of the
  margin's variance due to ``X_i`` alone; total order
  ``S_Ti = E[Var(M | X_~i)] / Var(M)``: its share including interactions.
  For a margin additive in the inputs ``S_i = S_Ti``; for the canonical
  margin ``(pi_T + pi_A - 1) r s D - x`` the inputs interact and
  ``S_Ti > S_i``.

**One batched pass.**  All ``n (d + 2)`` rows (``A``, ``B`` and the ``d``
matrices ``AB_i``: ``A`` with column ``i`` from ``B``) go through one
``campaign.with_inputs({key: column})`` call with the sample axis as a new
leading batch axis, so a campaign that is itself batched (shape ``b``) is
evaluated on ``(n (d + 2),) + b`` points at once and every result carries the
batch shape (indices: ``b + (d,)``).  The number of points is capped
(``max_points``, default ``2e6``) and a larger request is refused naming
``n``: lower ``n`` or the campaign's batch.

Why SciPy and not SALib: :func:`scipy.stats.sobol_indices` implements the
same estimators (SALib's ``sobol.analyze`` uses Saltelli 2010 and Jansen 1999
too), is part of SciPy, already a core dependency, so the feature works after
``pip install .`` with nothing added; it takes precomputed evaluations of
several outputs at once (our batch) where SALib's analysis takes one output
per call, and SALib would pull matplotlib and multiprocess into the core
install.  The tests cross-check the indices against SALib where it is
installed (the ``test`` extra) on the same evaluations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from ..errors import ParameterError
from ..validation import check_int
from .critical_inputs import InputRange, campaign_margin, canonical_key, input_range

if TYPE_CHECKING:  # pandas loads on first use (start-up time: docs/performance.md)
    import pandas as pd
    from scipy.stats._distn_infrastructure import rv_frozen

    from .campaign import Campaign

__all__ = [
    "Samples",
    "is_distribution",
    "check_distribution",
    "distribution_from_table",
    "split_distributions",
    "uncertain_offramp",
    "UncertainOffRamp",
    "QUANTILES",
]

#: Quantiles of the margin reported by :class:`UncertainOffRamp`.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)

#: Default cap on ``n (d + 2) * prod(batch_shape)`` points in one batched pass.
MAX_POINTS = 2_000_000

#: Tie tolerance of the viability test, the campaign's (``M >= -TIE_TOL``).
_TIE_TOL = 1e-9


# ----------------------------------------------------------------------------- distributions
class Samples:
    """Draws of one uncertain input (e.g. from an elicitation or a posterior).

    A bare array given as an input means a batch sweep; wrap draws in
    ``Samples(draws)`` to mean "this input is uncertain, here is its
    distribution".  Sampling from it is resampling the draws (the inverse of
    the empirical CDF: ``ppf(u) = sorted[floor(u m)]`` for ``m`` draws).

    Parameters
    ----------
    values : array_like
        The draws (1-d, finite, at least 2).

    Raises
    ------
    ParameterError
        Empty, non-finite or multi-dimensional draws.

    Examples
    --------
    >>> from compellence.coercion import Samples
    >>> s = Samples([0.2, 0.4, 0.6, 0.8])
    >>> s.mean(), s.support(), s.ppf([0.0, 0.5, 0.99]).tolist()
    (0.5, (0.2, 0.8), [0.2, 0.6, 0.8])
    """

    __slots__ = ("values",)

    def __init__(self, values: ArrayLike):
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError(f"must be a 1-D array of numbers, got {values!r}", "Samples") from None
        if arr.ndim != 1 or arr.size < 2:
            raise ParameterError(f"needs a 1-D array of at least 2 draws, got shape {arr.shape}", "Samples")
        if not np.all(np.isfinite(arr)):
            raise ParameterError("draws must be finite (no NaN or inf)", "Samples")
        self.values = np.sort(arr)

    def ppf(self, u: ArrayLike) -> np.ndarray:
        """Inverse empirical CDF: ``sorted[floor(u m)]`` (``u`` in [0, 1)).

        Parameters
        ----------
        u : array_like
            Probabilities in [0, 1).

        Returns
        -------
        numpy.ndarray
            The draws at those quantiles.

        Examples
        --------
        >>> from compellence.coercion import Samples
        >>> s = Samples([0.2, 0.4, 0.6, 0.8])
        >>> s.ppf(0.6).tolist()
        0.6
        """
        m = self.values.size
        i = np.minimum((np.asarray(u, dtype=float) * m).astype(np.intp), m - 1)
        return self.values[i]

    def support(self) -> tuple[float, float]:
        """The smallest and largest draw.

        Returns
        -------
        tuple of float
            ``(min, max)``.

        Examples
        --------
        >>> from compellence.coercion import Samples
        >>> s = Samples([0.2, 0.4, 0.6, 0.8])
        >>> s.support()
        (0.2, 0.8)
        """
        return float(self.values[0]), float(self.values[-1])

    def median(self) -> float:
        """The median of the draws: the inverse empirical CDF at 0.5 (:meth:`ppf`).

        Returns
        -------
        float
            The median.

        Examples
        --------
        >>> from compellence.coercion import Samples
        >>> s = Samples([0.2, 0.4, 0.6, 0.8])
        >>> round(s.median(), 12)
        0.6
        """
        return float(self.ppf(0.5))

    def mean(self) -> float:
        """The mean of the draws.

        Returns
        -------
        float
            The mean.

        Examples
        --------
        >>> from compellence.coercion import Samples
        >>> s = Samples([0.2, 0.4, 0.6, 0.8])
        >>> round(s.mean(), 12)
        0.5
        """
        return float(self.values.mean())

    def std(self) -> float:
        """The standard deviation of the draws (``ddof = 0``).

        Returns
        -------
        float
            The standard deviation.

        Examples
        --------
        >>> from compellence.coercion import Samples
        >>> s = Samples([0.2, 0.4, 0.6, 0.8])
        >>> round(s.std(), 6)
        0.223607
        """
        return float(self.values.std())

    def __len__(self) -> int:
        return int(self.values.size)

    def __repr__(self) -> str:
        lo, hi = self.support()
        return f"Samples({self.values.size} draws in [{lo:.4g}, {hi:.4g}], mean {self.mean():.4g})"


def is_distribution(value: object) -> bool:
    """A :class:`Samples` or a frozen :mod:`scipy.stats` distribution (anything with ``ppf``, ``support``, ``dist``).

    Parameters
    ----------
    value : object
        Anything.

    Returns
    -------
    bool
        Whether it is a distribution (not a number or an array).

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.coercion import Samples, is_distribution
    >>> is_distribution(stats.beta(2, 3)), is_distribution(Samples([1.0, 2.0])), is_distribution([0.1, 0.2])
    (True, True, False)
    """
    if isinstance(value, Samples):
        return True
    return all(hasattr(value, a) for a in ("ppf", "support", "dist", "args")) and not isinstance(value, type)


def _name(dist: Any) -> str:
    if isinstance(dist, Samples):
        return f"samples ({len(dist)} draws)"
    params = [f"{a:g}" if isinstance(a, (int, float)) else repr(a) for a in dist.args]
    params += [f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v!r}" for k, v in dist.kwds.items()]
    return f"{dist.dist.name}({', '.join(params)})"


def _support(dist: Any) -> tuple[float, float]:
    a, b = dist.support()
    return float(a), float(b)


def check_distribution(key: str, dist: Samples | rv_frozen,
                       rng: InputRange | None = None) -> Samples | rv_frozen:
    """``dist`` if its support lies in the valid range of the input ``key``; else ParameterError naming both.

    The support must lie in the closure of the range (a beta on ``[0, 1]`` is
    fine for ``discount`` in ``(0, 1)``: it puts no mass on the ends).

    Parameters
    ----------
    key : str
        The input's key path.
    dist : scipy.stats distribution or Samples
        The distribution.
    rng : InputRange or None, optional
        The valid range (default: :func:`input_range` of ``key``).

    Returns
    -------
    scipy.stats distribution or Samples
        ``dist`` itself.

    Raises
    ------
    ParameterError
        Not a distribution, or a support outside the range (naming ``key``).

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.coercion import check_distribution
    >>> check_distribution("assurance.credibility", stats.norm(0.5, 0.1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    compellence.errors.ParameterError: assurance.credibility: the support [-inf, inf] of norm(0.5, 0.1) leaves the valid range [0, 1] of this input; ...
    """
    key = canonical_key(key)
    if not is_distribution(dist):
        raise ParameterError(f"is not a distribution (scipy.stats frozen or Samples), got {dist!r}", key)
    rng = input_range(key) if rng is None else rng
    try:
        a, b = _support(dist)
        med = float(np.asarray(dist.ppf(0.5)))
    except Exception as exc:  # a distribution that cannot say its support
        raise ParameterError(f"the distribution {dist!r} has no usable support ({exc})", key) from None
    if math.isnan(a) or math.isnan(b) or not math.isfinite(med):
        raise ParameterError(f"{_name(dist)} has invalid parameters (scipy gives no support)", key)
    if not rng.contains(a, b):
        raise ParameterError(
            f"the support [{a:g}, {b:g}] of {_name(dist)} leaves the valid range {rng.text()} of this input; "
            "use a distribution on that range (e.g. beta for a probability or share, lognorm or gamma "
            "for a cost)", key)
    if isinstance(dist, Samples):
        lo_bad = rng.lo is not None and rng.lo_open and a <= rng.lo
        hi_bad = rng.hi is not None and rng.hi_open and b >= rng.hi
        if lo_bad or hi_bad:
            raise ParameterError(f"draws must lie in {rng.text()}, got [{a:g}, {b:g}]", key)
    return dist


def distribution_from_table(table: Mapping[str, Any], key: str = "",
                            rng: InputRange | None = None) -> Samples | rv_frozen:
    """A distribution from a scenario-file table ``{dist = NAME, ...params}``.

    ``NAME`` is a :mod:`scipy.stats` distribution (``beta``, ``uniform``,
    ``truncnorm``, ``lognorm``, ``gamma``, ``triang``, ``poisson``, ...) and the
    parameters are its own shape names (``scipy.stats.NAME.shapes``) plus
    ``loc`` and ``scale``; every shape parameter is required.  ``NAME =
    "samples"`` takes ``values = [...]`` (draws, :class:`Samples`).  Unknown
    names or parameters raise :class:`ParameterError` naming ``key.dist`` or
    ``key.<param>``; if ``rng`` is given the support is checked against it
    (:func:`check_distribution`).

    Parameters
    ----------
    table : mapping
        ``{dist = NAME, ...params}`` (or ``{dist = "samples", values = [...]}``).
    key : str, optional
        The input's key path, for messages and its range.
    rng : InputRange or None, optional
        The valid range (default: that of ``key``).

    Returns
    -------
    scipy.stats distribution or Samples
        The frozen distribution.

    Raises
    ------
    ParameterError
        An unknown name or parameter, or a support outside the range (naming
        ``key.dist`` / ``key.<param>``).

    Examples
    --------
    >>> from compellence.coercion import distribution_from_table
    >>> d = distribution_from_table({"dist": "beta", "a": 7, "b": 3}, "assurance.credibility")
    >>> round(float(d.mean()), 6)
    0.7
    """
    import scipy.stats as st

    where = f"{key}." if key else ""
    if not isinstance(table, Mapping) or "dist" not in table:
        raise ParameterError("a distribution is a table {dist = NAME, ...parameters}", f"{where}dist")
    name = table["dist"]
    params = {k: v for k, v in table.items() if k != "dist"}
    if name == "samples":
        extra = sorted(set(params) - {"values"})
        if extra:
            raise ParameterError("unknown parameter for dist = 'samples'; it takes only 'values'", f"{where}{extra[0]}")
        if "values" not in params:
            raise ParameterError("dist = 'samples' needs values = [draws]", f"{where}values")
        dist: Any = Samples(params["values"])
    else:
        gen = getattr(st, name, None) if isinstance(name, str) and not name.startswith("_") else None
        if not isinstance(gen, (st.rv_continuous, st.rv_discrete)):
            raise ParameterError(
                f"unknown distribution {name!r}: give a scipy.stats distribution name "
                "(beta, uniform, truncnorm, lognorm, gamma, triang, ...) or 'samples'", f"{where}dist")
        shapes = [s.strip() for s in (gen.shapes or "").split(",") if s.strip()]
        allowed = shapes + ["loc", "scale"]
        for p, v in params.items():
            if p not in allowed:
                raise ParameterError(f"unknown parameter of {name}; its parameters are {allowed}", f"{where}{p}")
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ParameterError(f"must be a finite number, got {v!r}", f"{where}{p}")
        missing = [s for s in shapes if s not in params]
        if missing:
            raise ParameterError(f"{name} needs its parameter(s) {missing}", f"{where}{missing[0]}")
        dist = gen(**{k: float(v) for k, v in params.items()})
    if rng is not None:
        check_distribution(key, dist, rng)
    else:
        a, b = _support(dist)
        if math.isnan(a) or math.isnan(b):
            raise ParameterError(f"{_name(dist)} has invalid parameters (scipy gives no support)", f"{where}dist")
    return dist


def _placeholder(dist: Any) -> float:
    """A valid value standing in for an uncertain input in the point model: the median."""
    return float(np.asarray(dist.ppf(0.5)))


#: Campaign fields whose bare number is shorthand for one input.
_SHORTHAND = {"demand": "demand.concession", "assurance": "assurance.credibility"}


def split_distributions(spec: Mapping[str, Any], prefix: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """Replace distribution inputs by a valid placeholder; return ``(clean spec, {key path: distribution})``.

    ``spec`` is plain data as :class:`~compellence.coercion.campaign.Campaign`
    takes it (its keyword arguments: tables for ``coercer``, ``target``,
    ``demand``, ``assurance``, a list of instrument tables, numbers), or a flat
    ``{key path: value}`` mapping.  Nested tables and lists give the key paths
    of scenario files (``coercer.threat_credibility``,
    ``instruments[0].reversibility``); the shorthands ``demand=<dist>`` and
    ``assurance=<dist>`` mean ``demand.concession`` and
    ``assurance.credibility``.  The placeholder is the distribution's median,
    inside its support and so inside the input's valid range (each
    distribution is checked: :func:`check_distribution`).  Objects other than
    mappings and lists (an already built ``Sanctions``) are left as they are.

    Parameters
    ----------
    spec : mapping
        Plain data (the campaign's keyword arguments) or a flat
        ``{key path: value}`` mapping.
    prefix : str, optional
        Key-path prefix of ``spec`` (for nested calls).

    Returns
    -------
    tuple of (dict, dict)
        The spec with placeholders, and ``{key path: distribution}``.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.coercion import split_distributions
    >>> clean, dists = split_distributions({"demand": {"concession": stats.uniform(0.1, 0.2)}})
    >>> list(dists), float(clean["demand"]["concession"])
    (['demand.concession'], 0.2)
    """
    dists: dict[str, Any] = {}

    def walk(v: Any, path: str, top: str | None) -> Any:
        if is_distribution(v):
            key = _SHORTHAND.get(path, path) if top is None else path
            check_distribution(key, v)
            dists[canonical_key(key)] = v
            return _placeholder(v)
        if isinstance(v, Mapping):
            return {k: walk(x, f"{path}.{k}" if path else str(k), path) for k, x in v.items()}
        if isinstance(v, (list, tuple)) and not isinstance(v, (str, bytes)):
            out = [walk(x, f"{path}[{i}]", path) for i, x in enumerate(v)]
            return type(v)(out) if isinstance(v, tuple) else out
        return v

    if not isinstance(spec, Mapping):
        raise ParameterError(f"must be a mapping of campaign inputs, got {type(spec).__name__}", "spec")
    clean = {k: walk(v, f"{prefix}{k}", None if not prefix else prefix) for k, v in spec.items()}
    return clean, dists


# ----------------------------------------------------------------------------- result
@dataclass(frozen=True, eq=False, repr=False)
class UncertainOffRamp:
    """The off-ramp under uncertain inputs (arrays carry the campaign's batch shape ``b``).

    * ``keys``: the uncertain inputs (key paths), in the order of the index axes.
    * ``probability_viable`` (``b``): ``Pr(M >= -tol)``; ``probability_viable_se``:
      its Monte Carlo standard error ``sqrt(p (1 - p) / n_draws)``.
    * ``margin_samples`` (``(n_draws,) + b``) and ``input_samples``
      (``{key: (n_draws,)}``): the independent draws behind those numbers;
      ``margin_mean``, ``margin_sd`` (``b``), ``margin_quantiles``
      (``{q: b-array}`` for :data:`QUANTILES`).
    * ``first_order``, ``total_order`` (``b + (d,)``): Sobol indices of the
      margin to each key, with ``*_low`` / ``*_high`` the bounds of the
      ``confidence`` asymptotic normal (delta-method) interval; ``None`` when run with
      ``sobol=False``.  Where the margin does not vary the indices are 0.
    * ``n`` (base sample size), ``n_draws``, ``seed``, ``evaluations`` (rows
      of the one batched pass), ``distributions``.

    Attributes
    ----------
    keys : tuple of str
        The uncertain inputs.
    distributions : dict
        Their distributions.
    probability_viable, probability_viable_se : numpy.ndarray
        ``Pr(M >= -tol)`` and its standard error.
    margin_samples, input_samples : numpy.ndarray, dict
        The draws.
    margin_mean, margin_sd, margin_quantiles
        The margin's distribution.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.coercion import Campaign, uncertain_offramp
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5, discount=0.9)
    >>> u = uncertain_offramp(c, {"assurance.credibility": stats.beta(8, 2)}, n=512)
    >>> u.keys
    ('assurance.credibility',)
    """

    keys: tuple[str, ...]
    distributions: dict[str, Any]
    probability_viable: np.ndarray
    probability_viable_se: np.ndarray
    margin_samples: np.ndarray
    input_samples: dict[str, np.ndarray]
    margin_mean: np.ndarray
    margin_sd: np.ndarray
    margin_quantiles: dict[float, np.ndarray]
    first_order: np.ndarray | None
    first_order_low: np.ndarray | None
    first_order_high: np.ndarray | None
    total_order: np.ndarray | None
    total_order_low: np.ndarray | None
    total_order_high: np.ndarray | None
    n: int
    n_draws: int
    seed: Any
    evaluations: int
    confidence: float
    tol: float
    campaign: Any = field(default=None, compare=False)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The campaign's batch shape ``b``."""
        return tuple(np.shape(self.probability_viable))

    def sensitivity_frame(self, index: int | tuple[int, ...] | None = None) -> pd.DataFrame:
        """One row per uncertain input: Sobol ``first_order``/``total_order`` with their CI bounds.

        ``index`` picks one batch element of a batched result.

        Parameters
        ----------
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar campaign).

        Returns
        -------
        pandas.DataFrame
            One row per input.

        Raises
        ------
        ParameterError
            Computed with ``sobol=False``.

        Examples
        --------
        >>> from scipy import stats
        >>> from compellence.coercion import Campaign, uncertain_offramp
        >>> c = Campaign({"threat_credibility": 0.9}, "East",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> u = uncertain_offramp(c, {"assurance.credibility": stats.beta(8, 2)}, n=512)
        >>> u.sensitivity_frame()["input"].tolist()
        ['assurance.credibility']
        """
        import pandas as pd
        if self.first_order is None:
            raise ParameterError("no Sobol indices: run uncertain_offramp(..., sobol=True)", "sobol")
        cols = ("first_order", "first_order_low", "first_order_high",
                "total_order", "total_order_low", "total_order_high")
        data = {c: np.asarray(getattr(self, c)) for c in cols}
        if self.batch_shape:
            if index is None:
                raise ParameterError(f"a batched result (shape {self.batch_shape}): give index=", "index")
            data = {c: v[index] for c, v in data.items()}
        if np.ndim(data["first_order"]) != 1:
            raise ParameterError("index must pick one batch element", "index")
        return pd.DataFrame({"input": list(self.keys), **{c: np.asarray(v, float) for c, v in data.items()}})

    def summary_frame(self, index: int | tuple[int, ...] | None = None) -> pd.DataFrame:
        """Margin distribution and ``probability_viable`` as one row (one batch element).

        Parameters
        ----------
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar campaign).

        Returns
        -------
        pandas.DataFrame
            One row.

        Examples
        --------
        >>> from scipy import stats
        >>> from compellence.coercion import Campaign, uncertain_offramp
        >>> c = Campaign({"threat_credibility": 0.9}, "East",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> u = uncertain_offramp(c, {"assurance.credibility": stats.beta(8, 2)}, n=512)
        >>> len(u.summary_frame())
        1
        """
        import pandas as pd
        pick = (lambda v: np.asarray(v)[index]) if (self.batch_shape and index is not None) else np.asarray
        if self.batch_shape and index is None:
            raise ParameterError(f"a batched result (shape {self.batch_shape}): give index=", "index")
        row = {
            "probability_viable": float(pick(self.probability_viable)),
            "probability_viable_se": float(pick(self.probability_viable_se)),
            "margin_mean": float(pick(self.margin_mean)),
            "margin_sd": float(pick(self.margin_sd)),
        }
        for q, v in self.margin_quantiles.items():
            row[f"margin_q{round(100 * q):02d}"] = float(pick(v))
        row["n_draws"] = self.n_draws
        return pd.DataFrame([row])

    def to_dict(self, index: int | tuple[int, ...] | None = None) -> dict[str, Any]:
        """JSON-ready summary of one batch element: numbers are numbers, keys are the field names.

        ``{"probability_viable", "probability_viable_se", "margin_mean", "margin_sd",
        "margin_quantiles": {"q05": ...}, "n", "n_draws", "seed", "sensitivity": [{"input",
        "first_order", ...}] or null}``.

        Parameters
        ----------
        index : int or tuple of int or None, optional
            The batch element (``None`` for a scalar campaign).

        Returns
        -------
        dict of str to Any
            The summary.

        Examples
        --------
        >>> from scipy import stats
        >>> from compellence.coercion import Campaign, uncertain_offramp
        >>> c = Campaign({"threat_credibility": 0.9}, "East",
        ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
        ...              demand=0.3, assurance=0.5, discount=0.9)
        >>> u = uncertain_offramp(c, {"assurance.credibility": stats.beta(8, 2)}, n=512)
        >>> sorted(u.to_dict())[:3]
        ['confidence', 'margin_mean', 'margin_quantiles']
        """
        row = self.summary_frame(index).iloc[0]
        out: dict[str, Any] = {k: float(row[k]) for k in
                               ("probability_viable", "probability_viable_se", "margin_mean", "margin_sd")}
        out["margin_quantiles"] = {f"q{round(100 * q):02d}": float(row[f"margin_q{round(100 * q):02d}"])
                                   for q in self.margin_quantiles}
        out.update(n=self.n, n_draws=self.n_draws, seed=self.seed if isinstance(self.seed, int) else None,
                   confidence=self.confidence)
        out["sensitivity"] = (None if self.first_order is None
                              else self.sensitivity_frame(index).to_dict(orient="records"))
        return out

    def __repr__(self) -> str:
        if self.batch_shape:
            return (f"UncertainOffRamp(shape={self.batch_shape}, inputs={list(self.keys)}, "
                    f"n_draws={self.n_draws})")
        p = float(self.probability_viable)
        se = float(self.probability_viable_se)
        txt = (f"UncertainOffRamp(P(viable) = {p:.4f} +- {se:.4f}, margin mean {float(self.margin_mean):.4g} "
               f"sd {float(self.margin_sd):.4g}")
        if self.first_order is not None:
            si = ", ".join(f"{k}: S1 {s:.2f} ST {t:.2f}" for k, s, t in
                           zip(self.keys, np.asarray(self.first_order), np.asarray(self.total_order)))
            txt += f"; {si}"
        return txt + ")"


# ----------------------------------------------------------------------------- the pass
def _sobol(f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`scipy.stats.sobol_indices` on precomputed evaluations: ``(first, total)`` of shape ``(s, d)``.

    ``f_A``, ``f_B``: ``(s, n)``; ``f_AB``: ``(d, s, n)``.  SciPy squeezes its
    output (and fails on a 0-d result for ``s = d = 1``), so a single output is
    passed twice and the shape is restored here.
    """
    from scipy.stats import sobol_indices

    s, n = f_A.shape
    d = f_AB.shape[0]
    if s == 1:
        f_A, f_B, f_AB = (np.concatenate([f, f], axis=-2) for f in (f_A, f_B, f_AB))
    res = sobol_indices(func={"f_A": f_A, "f_B": f_B, "f_AB": f_AB}, n=n)
    first = np.asarray(res.first_order).reshape(-1, d)[:s]
    total = np.asarray(res.total_order).reshape(-1, d)[:s]
    return first, total


def _intervals(f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray, confidence: float) -> tuple[np.ndarray, ...]:
    """Asymptotic normal (delta-method) intervals of the Saltelli-2010 / Jansen estimators, ``(s, d)`` each.

    Rows ``j`` (``A_j``, ``B_j``, ``AB_ij``) are independent, and both estimators
    are ratios of row means, ``S = mean(a) / mean(g)`` with (outputs centred by
    their mean over ``A`` and ``B``, as SciPy does) ``g_j = (f_A,j^2 + f_B,j^2) / 2``
    (so ``mean(g)`` is the variance), ``a_j = f_B,j (f_AB_i,j - f_A,j)`` (first
    order) or ``(f_A,j - f_AB_i,j)^2 / 2`` (total order).  The delta method gives
    ``Var(S) ~ (Var(a) - 2 S Cov(a, g) + S^2 Var(g)) / (n mean(g)^2)``, and the
    interval is ``S +- z se`` with ``z`` the normal quantile of ``confidence``.
    Vectorised over outputs and inputs (no resampling loop).
    """
    from scipy.stats import norm

    n = f_A.shape[1]
    m = 0.5 * (f_A.mean(axis=1, keepdims=True) + f_B.mean(axis=1, keepdims=True))
    fa, fb, fab = f_A - m, f_B - m, f_AB - m  # (s, n), (s, n), (d, s, n)
    g = 0.5 * (fa**2 + fb**2)
    gbar = g.mean(axis=-1)
    gc = g - gbar[:, None]
    z = float(norm.ppf(0.5 + confidence / 2))
    out = []
    for a in (fb * (fab - fa), 0.5 * (fa - fab) ** 2):  # first order, total order: (d, s, n)
        abar = a.mean(axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            S = abar / gbar
            ac = a - abar[..., None]
            var = ((ac**2).mean(-1) - 2 * S * (ac * gc).mean(-1) + S**2 * (gc**2).mean(-1)) / (n * gbar**2)
        half = z * np.sqrt(np.maximum(var, 0.0))
        half = np.where(np.isfinite(half), half, 0.0)  # a margin that does not vary: indices 0, no spread
        out.append(half.T)  # (s, d)
    return out[0], out[1]


def uncertain_offramp(
    campaign: Campaign,
    distributions: Mapping[str, Samples | rv_frozen],
    *,
    n: int = 4096,
    seed: int | np.random.Generator | None = 0,
    sobol: bool = True,
    confidence: float = 0.95,
    tol: float = _TIE_TOL,
    max_points: int = MAX_POINTS,
) -> UncertainOffRamp:
    """The off-ramp when the inputs in ``distributions`` (``{key path: distribution}``) are uncertain.

    Inputs are independent; the rest of ``campaign`` is held fixed.  Draws
    (pseudo-random, ``numpy.random.default_rng(seed)``: the default ``seed=0``
    makes the result reproducible; ``seed=None`` draws fresh entropy) are made
    by the inverse-CDF transform of uniforms, ``X = F^-1(U)``.  With
    ``sobol=True`` two independent ``n x d`` matrices ``A`` and ``B`` and the
    ``d`` matrices ``AB_i`` are evaluated in ONE batched pass (``n (d + 2)``
    rows on a new leading batch axis: module docstring); with ``sobol=False``
    only ``A`` (``n`` rows).  ``probability_viable`` and the margin's
    distribution come from the rows of ``A`` and ``B`` (``2n`` independent
    draws) or of ``A``.  Sobol indices: :func:`scipy.stats.sobol_indices`
    (first order Saltelli 2010, total order Jansen 1999) on those evaluations,
    ``confidence`` intervals by the delta method (asymptotic normal, from the
    same rows: ``_intervals``).  Viability is ``M >= -tol`` as in ``Campaign.offramp``.

    Raises :class:`ParameterError` naming the key for an unknown input or a
    distribution whose support leaves the input's valid range, and naming
    ``n`` when ``n (d + 2) * prod(batch_shape)`` exceeds ``max_points``.

    Parameters
    ----------
    campaign : Campaign
        The campaign (the other inputs held fixed).
    distributions : mapping of str to distribution
        ``{key path: frozen scipy.stats law or Samples}``.
    n : int, optional
        Draws per input (default 4096).
    seed : int or numpy.random.Generator or None, optional
        Randomness (default 0: reproducible).
    sobol : bool, optional
        Estimate Sobol sensitivity indices (default True).
    confidence : float, optional
        Level of the Sobol confidence intervals (default 0.95).
    tol : float, optional
        Viability tolerance (stake units; default 1e-9).
    max_points : int, optional
        Largest number of margin evaluations in one batch (default 2e6).

    Returns
    -------
    UncertainOffRamp
        ``Pr(viable)``, the margin's distribution, sensitivity indices.

    Raises
    ------
    ParameterError
        An unknown key, a support outside an input's range, or bad options.

    Examples
    --------
    >>> from scipy import stats
    >>> from compellence.coercion import Campaign, uncertain_offramp
    >>> c = Campaign({"threat_credibility": 0.9}, "East",
    ...              [{"kind": "sanctions", "cost_target": 0.1, "reversibility": 0.6}],
    ...              demand=0.3, assurance=0.5, discount=0.9)
    >>> u = uncertain_offramp(c, {"assurance.credibility": stats.beta(8, 2)}, n=512)
    >>> round(float(u.probability_viable), 3), round(float(u.margin_mean), 3)
    (0.882, 0.081)
    """
    if not isinstance(distributions, Mapping) or not distributions:
        raise ParameterError("give at least one uncertain input as {key path: distribution}", "distributions")
    n = check_int(n, "n", 8)
    if not (isinstance(confidence, (int, float)) and 0 < confidence < 1):
        raise ParameterError(f"must lie in (0, 1), got {confidence!r}", "confidence")
    inputs = campaign.inputs()
    keys: list[str] = []
    dists: dict[str, Any] = {}
    for k, dist in distributions.items():
        key = canonical_key(k)
        if key not in inputs:
            raise ParameterError(
                "not a numeric input of this campaign (an input left out, e.g. a derived credibility, "
                f"is not one); inputs are {sorted(inputs)}", key)
        if key in dists:
            raise ParameterError("given twice", key)
        dists[key] = check_distribution(key, dist, input_range(key, campaign))
        keys.append(key)
    d = len(keys)
    shape = tuple(campaign.batch_shape)
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    rows = n * (d + 2) if sobol else n
    if rows * size > max_points:
        raise ParameterError(
            f"{rows} sample rows x {size} batch elements = {rows * size} points exceed max_points = "
            f"{max_points}; lower n, evaluate fewer batch elements, or raise max_points (Campaign.offramp() "
            "uses the defaults: call uncertain_offramp(campaign, campaign.distributions, n=...) instead)", "n")
    rng = np.random.default_rng(seed)
    u = rng.random((2 if sobol else 1, n, d))
    u = np.clip(u, 1e-12, 1.0 - 1e-12)  # strictly inside (0, 1): ppf stays inside the support
    X = np.empty_like(u)
    for j, key in enumerate(keys):  # one vectorised inverse CDF per input (d calls, not per sample)
        X[:, :, j] = np.asarray(dists[key].ppf(u[:, :, j]), dtype=float)
    if sobol:
        A, B = X[0], X[1]
        AB = np.repeat(A[None], d, axis=0)  # (d, n, d): AB_i = A with column i from B
        AB[np.arange(d), :, np.arange(d)] = B.T
        design = np.concatenate([A, B, AB.reshape(d * n, d)], axis=0)
    else:
        design = X[0]
    lead = (design.shape[0],) + (1,) * len(shape)
    cases = campaign.with_inputs({key: design[:, j].reshape(lead) for j, key in enumerate(keys)})
    M = np.broadcast_to(campaign_margin(cases), (design.shape[0],) + shape)
    n_draws = 2 * n if sobol else n
    Mdraw = np.array(M[:n_draws])
    viable = Mdraw >= -float(tol)
    p = viable.mean(axis=0)
    se = np.sqrt(p * (1.0 - p) / n_draws)
    qs = np.quantile(Mdraw, QUANTILES, axis=0)
    first = first_lo = first_hi = total = total_lo = total_hi = None
    if sobol:
        flat = M.reshape(M.shape[0], size)  # rows x outputs
        f_A = np.ascontiguousarray(flat[:n].T)
        f_B = np.ascontiguousarray(flat[n:2 * n].T)
        f_AB = np.ascontiguousarray(flat[2 * n:].reshape(d, n, size).transpose(0, 2, 1))
        fo, to = _sobol(f_A, f_B, f_AB)
        first = fo.reshape(shape + (d,))
        total = to.reshape(shape + (d,))
        h1, hT = _intervals(f_A, f_B, f_AB, float(confidence))
        h1, hT = h1.reshape(shape + (d,)), hT.reshape(shape + (d,))
        first_lo, first_hi = first - h1, first + h1
        total_lo, total_hi = total - hT, total + hT
    input_draws = {key: np.array(X[:, :, j].reshape(-1) if sobol else X[0, :, j]) for j, key in enumerate(keys)}
    return UncertainOffRamp(
        keys=tuple(keys),
        distributions=dists,
        probability_viable=p,
        probability_viable_se=se,
        margin_samples=Mdraw,
        input_samples=input_draws,
        margin_mean=Mdraw.mean(axis=0),
        margin_sd=Mdraw.std(axis=0, ddof=1),
        margin_quantiles={q: qs[i] for i, q in enumerate(QUANTILES)},
        first_order=first,
        first_order_low=first_lo,
        first_order_high=first_hi,
        total_order=total,
        total_order_low=total_lo,
        total_order_high=total_hi,
        n=n,
        n_draws=n_draws,
        seed=seed,
        evaluations=int(design.shape[0]),
        confidence=float(confidence),
        tol=float(tol),
        campaign=campaign,
    )

