"""Strategic estimation: structural choice models of small extensive games.

Signorino (1999) and the R package ``games`` (Kenkel & Signorino): the
players' utilities for the outcomes of a game are linear in covariates,
``u_ik = X_ik beta_ik``; every action carries a private *agent error* (normal:
probit, type-I extreme value: logit), and players choose by backward
induction on expected utilities.  This is the agent QRE of the game tree with
the outcome utilities as payoffs (for the logit link exactly the agent logit
QRE at precision ``lambda``; :func:`compellence.solvers.qre.qre`).

The **egame12** model (``games::egame12``): player 1 ends the game (outcome 1)
or moves on; player 2 then chooses outcome 3 or 4.  Utilities ``u11, u13,
u14`` (player 1) and ``u24`` (player 2), with ``u23 = 0`` as normalisation.
With agent errors of variance 1 per action (probit; their difference has
standard deviation ``sqrt 2``), and ``lambda`` the precision (1 unless
estimated):

    p4 = Phi(lambda u24 / sqrt 2),               p3 = 1 - p4
    p2 = Phi(lambda (p3 u13 + p4 u14 - u11) / sqrt 2)
    Pr(1) = 1 - p2,   Pr(3) = p2 p3,   Pr(4) = p2 p4.

The logit link replaces ``Phi(. / sqrt 2)`` with the logistic function.
Coefficients (and, when identified, ``lambda``) are estimated by maximum
likelihood with ``scipy.optimize.minimize`` (BFGS on the analytic score);
standard errors come from the inverse of the observed information (the
Hessian of the negative log-likelihood, by central differences of the score).

Formulas follow R's conventions, in a small subset: ``"~ x + z"`` (with an
intercept), ``"~ 0 + x"`` or ``"~ x - 1"`` (without), ``"~ 1"`` (a
constant), ``"~ x:z"`` (a product), and a number (``0``, ``1.5``: the utility
is fixed at that value, no coefficient).

References: Signorino, C. S. (1999), Strategic interaction and the
statistical analysis of international conflict, *APSR* 93(2), 279-297.
Signorino, C. S. (2003), Structure and uncertainty in discrete choice models,
*Political Analysis* 11(4), 316-344.  Kenkel, B. & Signorino, C. S., *games:
Statistical Estimation of Game-Theoretic Models*, R package.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special, stats

from ..errors import ConvergenceError, ParameterError
from ..games.nodes import decision, outcome
from ..games.tree import Game
from ..validation import check_choice, check_real

__all__ = [
    "Egame12",
    "egame12",
    "StrategicFit",
    "fit_strategic",
    "simulate_strategic",
    "parse_formula",
]

Link = Literal["probit", "logit"]
_SQRT2 = np.sqrt(2.0)


# ----------------------------------------------------------------------------- formulas
@dataclass(frozen=True)
class Formula:
    """A parsed utility formula: ``terms`` (tuples of column names; ``()`` is the intercept)
    or a fixed ``constant``."""

    text: str
    terms: tuple[tuple[str, ...], ...] = ()
    constant: float | None = None

    def names(self, utility: str) -> list[str]:
        """Coefficient names ``"utility:term"`` (``"(Intercept)"`` for the constant)."""
        return [f"{utility}:{'(Intercept)' if not t else ':'.join(t)}" for t in self.terms]

    def matrix(self, data: pd.DataFrame, utility: str) -> np.ndarray:
        """The design matrix ``(n_rows, n_terms)`` of the formula on ``data``.

        Raises
        ------
        ParameterError
            A column is missing, not numeric, or has missing / infinite values.
        """
        n = len(data)
        cols = []
        for t in self.terms:
            v = np.ones(n)
            for name in t:
                if name not in data.columns:
                    raise ParameterError(
                        f"formula {self.text!r} uses column {name!r}, which the data frame does "
                        f"not have (columns: {list(data.columns)})",
                        utility,
                    )
                try:
                    col = np.asarray(data[name], dtype=float)
                except (TypeError, ValueError, OverflowError):
                    raise ParameterError(
                        f"column {name!r} must be numeric (code factors as 0/1 columns)", utility
                    ) from None
                if not np.all(np.isfinite(col)):
                    raise ParameterError(f"column {name!r} has missing or infinite values", utility)
                v = v * col
            cols.append(v)
        return np.column_stack(cols) if cols else np.zeros((n, 0))


_NAME = re.compile(r"^[A-Za-z_.][A-Za-z0-9_.]*$")


def parse_formula(spec: str | float, utility: str = "formula") -> Formula:
    """Parse an R-style utility formula (see the module docstring).

    Parameters
    ----------
    spec : str or float
        ``"~ x + z"`` (with an intercept), ``"~ 0 + x"`` / ``"~ x - 1"``
        (without), ``"~ 1"``, ``"~ x:z"`` (a product), or a number that fixes
        the utility.
    utility : str, default "formula"
        The utility's name, for error messages.

    Returns
    -------
    Formula
        ``terms`` (tuples of column names, ``()`` the intercept) or ``constant``.

    Raises
    ------
    ParameterError
        Not a formula or a finite number, or a malformed term.

    Examples
    --------
    >>> parse_formula("~ x + x:z").terms
    ((), ('x',), ('x', 'z'))
    >>> parse_formula(1.5).constant
    1.5
    """
    if isinstance(spec, (int, float, np.integer, np.floating)) and not isinstance(spec, bool):
        if not np.isfinite(spec):
            raise ParameterError(f"a fixed utility must be finite, got {spec!r}", utility)
        return Formula(text=str(spec), constant=float(spec))
    if not isinstance(spec, str):
        raise ParameterError(f"formula must be a string like '~ x + z' or a number, got {spec!r}",
                             utility)
    text = spec.strip()
    try:
        return Formula(text=text, constant=float(text))
    except ValueError:
        pass
    if not text.startswith("~"):
        raise ParameterError(f"formula {spec!r} must start with '~' (e.g. '~ x + z')", utility)
    body = text[1:].strip()
    if not body:
        raise ParameterError(f"formula {spec!r} has no terms; use '~ 1' for a constant", utility)
    intercept = True
    terms: list[tuple[str, ...]] = []
    tokens = re.findall(r"[+-]?[^+-]+", body.replace(" ", ""))
    for tok in tokens:
        sign = -1 if tok.startswith("-") else 1
        tok = tok.lstrip("+-")
        if tok in ("0", "1"):
            if tok == "0" or sign < 0:
                intercept = False
            continue
        if sign < 0:
            raise ParameterError(f"formula {spec!r}: only '- 1' may be subtracted", utility)
        parts = tuple(tok.split(":"))
        for p in parts:
            if not _NAME.match(p):
                raise ParameterError(f"formula {spec!r}: {p!r} is not a column name", utility)
        if parts in terms:
            raise ParameterError(f"formula {spec!r}: term {tok!r} appears twice", utility)
        terms.append(parts)
    if intercept:
        terms.insert(0, ())
    if not terms:
        raise ParameterError(f"formula {spec!r} has no terms left; use 0 to fix the utility",
                             utility)
    return Formula(text=text, terms=tuple(terms))


# ----------------------------------------------------------------------------- the model
def _log_cdf(z: np.ndarray, link: str) -> np.ndarray:
    return special.log_ndtr(z / _SQRT2) if link == "probit" else -np.logaddexp(0.0, -z)


def _dlog_cdf(z: np.ndarray, link: str) -> np.ndarray:
    """``d/dz log F(z)`` for ``F = Phi(. / sqrt 2)`` or the logistic function."""
    if link == "probit":
        w = z / _SQRT2
        return np.exp(stats.norm.logpdf(w) - special.log_ndtr(w)) / _SQRT2
    return special.expit(-z)


def _cdf(z: np.ndarray, link: str) -> np.ndarray:
    return special.ndtr(z / _SQRT2) if link == "probit" else special.expit(z)


def _pdf(z: np.ndarray, link: str) -> np.ndarray:
    if link == "probit":
        return stats.norm.pdf(z / _SQRT2) / _SQRT2
    e = special.expit(z)
    return e * (1 - e)


@dataclass(frozen=True)
class Egame12:
    """Signorino's egame12: 1 ends (outcome 1) or continues; 2 picks outcome 3 or 4.

    ``utilities`` are the free utilities (``u23 = 0``); ``outcomes`` the
    outcome codes.  See the module docstring for the probabilities.

    Attributes
    ----------
    name : str
        The model's name.
    utilities : tuple of str
        The free utilities.
    outcomes : tuple of int
        The outcome codes.

    Examples
    --------
    >>> egame12.utilities, egame12.outcomes
    (('u11', 'u13', 'u14', 'u24'), (1, 3, 4))
    """

    name: str = "egame12"
    utilities: tuple[str, ...] = ("u11", "u13", "u14", "u24")
    outcomes: tuple[int, ...] = (1, 3, 4)

    def outcome_probs(self, u: Mapping[str, ArrayLike], link: Link = "probit",
                      lam: float = 1.0) -> NDArray[np.float64]:
        """Probabilities of outcomes 1, 3, 4 (broadcast over observations).

        Parameters
        ----------
        u : mapping of str to array_like
            ``u11``, ``u13``, ``u14``, ``u24`` (numbers or arrays that broadcast).
        link : {"probit", "logit"}, default "probit"
            Agent-error distribution.
        lam : float, default 1.0
            Precision.

        Returns
        -------
        numpy.ndarray
            ``(..., 3)``: the formulas of the module docstring.

        Raises
        ------
        ParameterError
            ``link`` is neither ``"probit"`` nor ``"logit"``.

        Examples
        --------
        >>> p = egame12.outcome_probs({"u11": 0.0, "u13": 0.0, "u14": 0.0, "u24": 0.0})
        >>> p.round(3).tolist()  # every choice a coin flip
        [0.5, 0.25, 0.25]
        """
        _check_link(link)
        u11, u13, u14, u24 = (np.asarray(u[k], dtype=float) for k in self.utilities)
        p4 = _cdf(lam * u24, link)
        z = lam * ((1 - p4) * u13 + p4 * u14 - u11)
        p2 = _cdf(z, link)
        return np.stack(np.broadcast_arrays(1 - p2, p2 * (1 - p4), p2 * p4), axis=-1)

    def loglik(self, u: Mapping[str, NDArray[np.float64]], y: NDArray[np.int_], link: Link,
               lam: float = 1.0
               ) -> tuple[NDArray[np.float64], dict[str, NDArray[np.float64]], NDArray[np.float64]]:
        """Per-observation log-likelihood and its derivatives.

        Parameters
        ----------
        u : mapping of str to numpy.ndarray
            The utilities per observation.
        y : numpy.ndarray
            Observed outcomes (1, 3 or 4).
        link : {"probit", "logit"}
            Agent-error distribution.
        lam : float, default 1.0
            Precision.

        Returns
        -------
        tuple
            ``(ll, grads, dlam)``: log-likelihoods ``(n,)``, their derivatives
            with respect to each utility (a dict of ``(n,)`` arrays), and with
            respect to ``lam`` ``(n,)``.

        Examples
        --------
        >>> import numpy as np
        >>> u = {k: np.zeros(1) for k in egame12.utilities}
        >>> ll, grads, dlam = egame12.loglik(u, np.array([1]), "probit")
        >>> ll.round(4).tolist(), grads["u11"].round(4).tolist()  # log(1/2); -phi(0)/Phi(0)
        ([-0.6931], [0.5642])
        """
        u11, u13, u14, u24 = (u[k] for k in self.utilities)
        a = lam * u24
        lp4, lp3 = _log_cdf(a, link), _log_cdf(-a, link)
        p4 = np.exp(lp4)
        dp4_da = _pdf(a, link)
        inner = (1 - p4) * u13 + p4 * u14 - u11
        z = lam * inner
        lp2, lp1 = _log_cdf(z, link), _log_cdf(-z, link)
        g2, g1 = _dlog_cdf(z, link), -_dlog_cdf(-z, link)  # d/dz of log p2, log(1 - p2)
        h4, h3 = _dlog_cdf(a, link), -_dlog_cdf(-a, link)  # d/da of log p4, log p3
        is1, is3 = (y == 1), (y == 3)
        ll = np.where(is1, lp1, lp2 + np.where(is3, lp3, lp4))
        dz = np.where(is1, g1, g2)  # d ll / dz
        da = np.where(is1, 0.0, np.where(is3, h3, h4))  # d ll / da through the last move
        # z depends on a through p4: dz/da = lam * (u14 - u13) * dp4/da
        da_total = da + dz * lam * (u14 - u13) * dp4_da
        grads = {
            "u11": dz * (-lam),
            "u13": dz * lam * (1 - p4),
            "u14": dz * lam * p4,
            "u24": da_total * lam,
        }
        dlam = dz * inner + da_total * u24
        return ll, grads, dlam

    def game(self, u11: ArrayLike, u13: ArrayLike, u14: ArrayLike, u24: ArrayLike) -> Game:
        """The game tree (payoffs ``(u_1, u_2)`` per outcome, ``u21 = u23 = 0`` where unused).

        Parameters
        ----------
        u11, u13, u14, u24 : float or array_like
            The utilities (arrays give a batched game).

        Returns
        -------
        Game
            Player 1 chooses ``end`` or ``continue``, then player 2 ``3`` or ``4``.


        Player 2's utility is only identified for outcomes 3 and 4
        (``u23 = 0``); the tree puts 0 for player 2 at outcome 1.  With the
        logit link, ``outcome_probs`` equals the agent logit QRE of this tree
        at precision ``lambda``.

        Examples
        --------
        >>> import compellence as cp
        >>> g = egame12.game(1.0, 0.0, 2.0, 1.0)
        >>> g.players, cp.spe(g).value.tolist()
        (('Player 1', 'Player 2'), [2.0, 1.0])
        """
        return Game(
            ["Player 1", "Player 2"],
            decision("Player 1", {
                "end": outcome(u11, 0.0),
                "continue": decision("Player 2", {
                    "3": outcome(u13, 0.0),
                    "4": outcome(u14, u24),
                }),
            }),
            title="egame12",
        )


#: The egame12 model (Signorino 1999; R package games).
egame12 = Egame12()

_MODELS = {"egame12": egame12}


def _check_link(link: Any) -> None:
    check_choice(link, "link", ("probit", "logit"))


def _model(model: Any) -> Egame12:
    if isinstance(model, Egame12):
        return model
    if isinstance(model, str) and model in _MODELS:
        return _MODELS[model]
    raise ParameterError(f"unknown model {model!r}; available: {list(_MODELS)}", "model")


def _formulas(m: Egame12, formulas: Mapping[str, Any] | None, kw: Mapping[str, Any]
              ) -> dict[str, Formula]:
    given = dict(formulas or {})
    for k, v in kw.items():
        if k in given:
            raise ParameterError("given twice (in formulas and as a keyword)", k)
        given[k] = v
    unknown = [k for k in given if k not in m.utilities]
    if unknown:
        raise ParameterError(
            f"{m.name} has no utility {unknown[0]!r}; its utilities are {list(m.utilities)}",
            unknown[0],
        )
    return {u: parse_formula(given.get(u, 0.0), u) for u in m.utilities}


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class StrategicFit:
    """A maximum-likelihood fit of a strategic model: what :func:`fit_strategic` returns.

    ``summary()`` / ``to_frame()`` give the coefficient table,
    ``predict(data)`` outcome probabilities for new data, ``ci95`` the Wald
    intervals.

    Attributes
    ----------
    model : Egame12
        The model.
    link : {"probit", "logit"}
        Agent-error distribution.
    formulas : dict of str to str
        Utility -> formula text.
    coef : pandas.Series
        Estimates by coefficient name (``"lambda"`` last if estimated).
    se : pandas.Series
        Standard errors, same index.
    vcov : pandas.DataFrame
        Covariance matrix (inverse observed information; delta method for lambda).
    log_likelihood : float
        At the estimate.
    n_obs : int
        Observations.
    converged : bool
        The optimiser converged (or the score is below 1e-4).
    probs : pandas.DataFrame
        ``(n_obs, n_outcomes)`` fitted outcome probabilities.
    info : dict
        Optimiser message, iterations, largest score component.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import compellence as cp
    >>> X = pd.DataFrame({"x": np.linspace(-1, 1, 200)})
    >>> df = simulate_strategic("egame12", X, {"u24:x": 1.0}, u24="~ 0 + x", seed=0)
    >>> fit = cp.fit_strategic("egame12", df, u24="~ 0 + x")
    >>> fit.n_obs, list(fit.coef.index), round(float(fit.coef["u24:x"]), 2)
    (200, ['u24:x'], 0.92)
    """

    model: Egame12
    link: str
    formulas: dict[str, str]
    coef: pd.Series
    se: pd.Series
    vcov: pd.DataFrame
    log_likelihood: float
    n_obs: int
    converged: bool
    probs: pd.DataFrame
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def ci95(self) -> pd.DataFrame:
        """Wald 95% intervals ``coef +- 1.96 se`` (columns ``lower``, ``upper``)."""
        q = stats.norm.ppf(0.975)
        return pd.DataFrame({"lower": self.coef - q * self.se, "upper": self.coef + q * self.se})

    def summary(self) -> pd.DataFrame:
        """Coefficient table: ``estimate``, ``std_error``, ``z``, ``p_value`` (two-sided).

        Returns
        -------
        pandas.DataFrame
            One row per coefficient.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> import compellence as cp
        >>> X = pd.DataFrame({"x": np.linspace(-1, 1, 200)})
        >>> df = simulate_strategic("egame12", X, {"u24:x": 1.0}, u24="~ 0 + x", seed=0)
        >>> fit = cp.fit_strategic("egame12", df, u24="~ 0 + x")
        >>> fit.summary().round(2)
               estimate  std_error     z  p_value
        u24:x      0.92       0.29  3.14      0.0
        """
        z = self.coef / self.se
        return pd.DataFrame({
            "estimate": self.coef, "std_error": self.se, "z": z,
            "p_value": 2 * stats.norm.sf(np.abs(z)),
        })

    def to_frame(self) -> pd.DataFrame:
        """:meth:`summary` in tidy form: the coefficient names in a ``parameter`` column.

        Returns
        -------
        pandas.DataFrame
            Columns ``parameter, estimate, std_error, z, p_value``.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> import compellence as cp
        >>> X = pd.DataFrame({"x": np.linspace(-1, 1, 200)})
        >>> df = simulate_strategic("egame12", X, {"u24:x": 1.0}, u24="~ 0 + x", seed=0)
        >>> fit = cp.fit_strategic("egame12", df, u24="~ 0 + x")
        >>> fit.to_frame().round(2)
          parameter  estimate  std_error     z  p_value
        0     u24:x      0.92       0.29  3.14      0.0
        """
        return self.summary().rename_axis("parameter").reset_index()

    def predict(self, data: pd.DataFrame | None = None) -> pd.DataFrame:
        """Predicted outcome probabilities.

        Parameters
        ----------
        data : pandas.DataFrame or None
            Covariates; None gives the fitted probabilities.

        Returns
        -------
        pandas.DataFrame
            One column per outcome, indexed like ``data``.

        Raises
        ------
        ParameterError
            A covariate column the formulas use is missing or not numeric.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> import compellence as cp
        >>> X = pd.DataFrame({"x": np.linspace(-1, 1, 200)})
        >>> df = simulate_strategic("egame12", X, {"u24:x": 1.0}, u24="~ 0 + x", seed=0)
        >>> fit = cp.fit_strategic("egame12", df, u24="~ 0 + x")
        >>> fit.predict(pd.DataFrame({"x": [0.0]})).round(3)
             1     3     4
        0  0.5  0.25  0.25
        """
        if data is None:
            return self.probs
        fs = {u: parse_formula(t, u) for u, t in self.formulas.items()}
        u = _utilities(self.model, fs, data, self.coef.to_numpy(), self.info["slices"])
        lam = float(self.coef["lambda"]) if "lambda" in self.coef.index else 1.0
        p = self.model.outcome_probs(u, self.link, lam)
        return pd.DataFrame(p, index=data.index, columns=[str(o) for o in self.model.outcomes])

    def __repr__(self) -> str:
        coefs = ", ".join(f"{k}={v:.4g}" for k, v in self.coef.items())
        return (
            f"StrategicFit({self.model.name}, link={self.link}, n_obs={self.n_obs}, "
            f"log_likelihood={self.log_likelihood:.6g}, {coefs})"
        )

    def _repr_html_(self) -> str:
        return f"<pre>{self!r}</pre>" + self.summary().to_html(float_format=lambda v: f"{v:.4g}")


def _utilities(m: Egame12, fs: dict[str, Formula], data: pd.DataFrame, beta: np.ndarray,
               slices: dict[str, slice]) -> dict[str, np.ndarray]:
    n = len(data)
    out = {}
    for u in m.utilities:
        f = fs[u]
        if f.constant is not None:
            out[u] = np.full(n, f.constant)
        else:
            out[u] = f.matrix(data, u) @ beta[slices[u]]
    return out


def _design(m: Egame12, fs: dict[str, Formula], data: pd.DataFrame):
    mats, names, slices = {}, [], {}
    k = 0
    for u in m.utilities:
        f = fs[u]
        if f.constant is None:
            X = f.matrix(data, u)
            mats[u] = X
            slices[u] = slice(k, k + X.shape[1])
            names += f.names(u)
            k += X.shape[1]
    return mats, names, slices


def _outcomes(m: Egame12, data: pd.DataFrame, outcome_col: str) -> np.ndarray:
    if outcome_col not in data.columns:
        raise ParameterError(f"the data frame has no outcome column {outcome_col!r}", "outcome")
    raw = data[outcome_col]
    y = np.empty(len(raw), dtype=int)
    allowed = {str(o): o for o in m.outcomes}
    for i, v in enumerate(raw.tolist()):
        key = str(int(v)) if isinstance(v, (int, float, np.integer, np.floating)) and \
            float(v).is_integer() else str(v)
        if key not in allowed:
            raise ParameterError(
                f"row {i}: outcome {v!r} is not one of {list(m.outcomes)}", outcome_col
            )
        y[i] = allowed[key]
    return y


def fit_strategic(
    model: str | Egame12,
    data: pd.DataFrame,
    formulas: Mapping[str, str | float] | None = None,
    *,
    outcome: str = "y",
    link: Link = "probit",
    estimate_lambda: bool = False,
    start: ArrayLike | None = None,
    **utility_formulas: str | float,
) -> StrategicFit:
    """Estimate a strategic model by maximum likelihood.

    Parameters
    ----------
    model : {"egame12"} or Egame12
        The model (:data:`egame12`).
    data : pandas.DataFrame
        The outcome column and the covariates.
    formulas : mapping of str to str or float, optional
        Per utility (``u11``, ``u13``, ``u14``, ``u24`` for egame12) a formula
        (``"~ x + z"``) or a number that fixes it; utilities not given are
        fixed at 0.  May also be given as keywords (``**utility_formulas``).
    outcome : str, default "y"
        Name of the outcome column (values 1, 3, 4 for egame12).
    link : {"probit", "logit"}, default "probit"
        Normal or type-I extreme value agent errors.
    estimate_lambda : bool, default False
        Also estimate the precision ``lambda`` (the inverse error scale),
        parameterised as ``log lambda``.  Identified only if some utility is
        fixed at a non-zero number (otherwise lambda only rescales the
        coefficients); refused otherwise.
    start : array_like, optional
        Starting coefficients (default zeros, lambda 1).
    **utility_formulas : str or float
        Formulas as keywords (``u24="~ x"``).

    Returns
    -------
    StrategicFit
        Estimates, standard errors (inverse Hessian), log-likelihood and
        fitted outcome probabilities.

    Raises
    ------
    ParameterError
        Unknown model, link or utility; not a DataFrame or empty; bad outcome
        codes; a malformed formula or missing / non-numeric column; collinear
        covariates; ``lambda`` not identified; nothing to estimate; bad ``start``.
    ConvergenceError
        The maximisation diverged, or the Hessian is not positive definite
        (coefficients not identified).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import compellence as cp
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"x": rng.normal(size=2000)})
    >>> truth = {"u11:(Intercept)": 0.5, "u14:(Intercept)": -0.3, "u24:x": 1.0}
    >>> df = cp.solvers.simulate_strategic("egame12", X, truth, u11="~ 1", u14="~ 1",
    ...                                    u24="~ 0 + x", seed=1)
    >>> fit = cp.fit_strategic("egame12", df, u11="~ 1", u14="~ 1", u24="~ 0 + x")
    >>> list(fit.coef.index)
    ['u11:(Intercept)', 'u14:(Intercept)', 'u24:x']
    >>> bool(abs(fit.coef["u24:x"] - 1.0) < 4 * fit.se["u24:x"])
    True
    """
    m = _model(model)
    _check_link(link)
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(f"must be a pandas DataFrame, got {type(data).__name__}", "data")
    if len(data) == 0:
        raise ParameterError("the data frame has no rows", "data")
    fs = _formulas(m, formulas, utility_formulas)
    y = _outcomes(m, data, outcome)
    mats, names, slices = _design(m, fs, data)
    k = len(names)
    if estimate_lambda and not any(f.constant not in (None, 0.0) for f in fs.values()):
        raise ParameterError(
            "lambda is not identified when no utility is fixed at a non-zero number (it only "
            "rescales the coefficients); fix one, e.g. u14=1",
            "estimate_lambda",
        )
    if k == 0 and not estimate_lambda:
        raise ParameterError("nothing to estimate: every utility is fixed", "formulas")
    n_par = k + (1 if estimate_lambda else 0)
    if start is None:
        theta0 = np.zeros(n_par)
    else:
        theta0 = np.asarray(start, dtype=float).ravel()
        if theta0.shape != (n_par,):
            raise ParameterError(f"needs {n_par} starting values, got {theta0.size}", "start")
        if estimate_lambda:
            if theta0[-1] <= 0:
                raise ParameterError("the starting lambda must be > 0", "start")
            theta0 = theta0.copy()
            theta0[-1] = np.log(theta0[-1])
    for u, X in mats.items():
        if X.shape[1] and np.linalg.matrix_rank(X) < X.shape[1]:
            raise ParameterError(
                f"the covariates of {u} are collinear (rank {np.linalg.matrix_rank(X)} < "
                f"{X.shape[1]} columns)",
                u,
            )

    def unpack(theta):
        beta = theta[:k]
        lam = float(np.exp(theta[k])) if estimate_lambda else 1.0
        return beta, lam

    def negll_grad(theta):
        beta, lam = unpack(theta)
        u = _utilities(m, fs, data, beta, slices)
        ll, g_u, dlam = m.loglik(u, y, link, lam)
        grad = np.zeros(n_par)
        for name, X in mats.items():
            grad[slices[name]] = X.T @ g_u[name]
        if estimate_lambda:
            grad[k] = float(np.sum(dlam)) * lam
        return -float(np.sum(ll)), -grad

    res = optimize.minimize(negll_grad, theta0, jac=True, method="BFGS",
                            options={"gtol": 1e-8, "maxiter": 2000})
    theta = res.x
    if not np.all(np.isfinite(theta)):
        raise ConvergenceError("the likelihood maximisation diverged (separation in the data?)")
    # observed information: Hessian of -log L by central differences of the exact score
    H = np.empty((n_par, n_par))
    for j in range(n_par):
        h = 1e-5 * max(1.0, abs(theta[j]))
        e = np.zeros(n_par)
        e[j] = h
        H[:, j] = (negll_grad(theta + e)[1] - negll_grad(theta - e)[1]) / (2 * h)
    H = 0.5 * (H + H.T)
    # polish with Newton steps (BFGS stops at "precision loss" near the optimum)
    for _ in range(3):
        f0, g0 = negll_grad(theta)
        if np.max(np.abs(g0)) < 1e-8:
            break
        try:
            step = np.linalg.solve(H, g0)
        except np.linalg.LinAlgError:
            break
        f1, _ = negll_grad(theta - step)
        if not f1 <= f0:
            break
        theta = theta - step
    grad_max = float(np.max(np.abs(negll_grad(theta)[1])))
    try:
        V = np.linalg.inv(H)
        ev = np.linalg.eigvalsh(H)
        # singular up to the accuracy of the finite-difference Hessian: not identified
        ok = bool(ev[0] > 1e-7 * max(ev[-1], 1e-300))
    except np.linalg.LinAlgError:
        V, ok = np.full((n_par, n_par), np.inf), False
    if not ok:
        raise ConvergenceError(
            "the Hessian of the log-likelihood is not positive definite at the optimum: the "
            "coefficients are not identified (e.g. intercepts in all of u11, u13 and u14, or "
            "perfect separation)"
        )
    est = theta.copy()
    cov = V.copy()
    labels = list(names)
    if estimate_lambda:
        lam = float(np.exp(theta[k]))
        est[k] = lam
        J = np.eye(n_par)
        J[k, k] = lam  # delta method for lambda = exp(theta)
        cov = J @ V @ J.T
        labels.append("lambda")
    se = np.sqrt(np.diag(cov))
    beta, lam = unpack(theta)
    u = _utilities(m, fs, data, beta, slices)
    probs = pd.DataFrame(m.outcome_probs(u, link, lam), index=data.index,
                         columns=[str(o) for o in m.outcomes])
    return StrategicFit(
        model=m, link=link, formulas={uu: f.text for uu, f in fs.items()},
        coef=pd.Series(est, index=labels), se=pd.Series(se, index=labels),
        vcov=pd.DataFrame(cov, index=labels, columns=labels),
        log_likelihood=-negll_grad(theta)[0], n_obs=len(data),
        converged=bool(res.success or grad_max < 1e-4),
        probs=probs, info={"slices": slices, "optimizer": res.message, "n_iter": res.nit,
                           "max_abs_score": grad_max},
    )


def simulate_strategic(
    model: str | Egame12,
    data: pd.DataFrame,
    coef: Mapping[str, float],
    formulas: Mapping[str, str | float] | None = None,
    *,
    link: Link = "probit",
    lam: float = 1.0,
    seed: int | np.random.Generator | None = None,
    outcome: str = "y",
    **utility_formulas: str | float,
) -> pd.DataFrame:
    """Draw outcomes from the model: a copy of ``data`` with an ``outcome`` column.

    Draws follow the agent-error structure: player 2's error-perturbed
    choice, then player 1's choice given the expected continuation
    (equivalently, one draw from the outcome probabilities per row).

    Parameters
    ----------
    model : {"egame12"} or Egame12
        The model.
    data : pandas.DataFrame
        Covariates.
    coef : mapping of str to float
        Coefficient names (as in :attr:`StrategicFit.coef`, e.g.
        ``"u11:(Intercept)"``, ``"u24:x"``) to values.
    formulas, **utility_formulas : mapping of str to str, or str
        As in :func:`fit_strategic`.
    link : {"probit", "logit"}, default "probit"
        Agent-error distribution.
    lam : float, default 1.0
        Precision (> 0).
    seed : int, numpy.random.Generator or None
        Random source.
    outcome : str, default "y"
        Name of the new column.

    Returns
    -------
    pandas.DataFrame
        ``data`` with the drawn outcomes (1, 3 or 4 for egame12).

    Raises
    ------
    ParameterError
        Unknown model, link, utility or coefficient; a coefficient missing;
        ``lam`` not > 0; a malformed formula.

    Examples
    --------
    >>> import pandas as pd
    >>> df = simulate_strategic("egame12", pd.DataFrame({"x": [0.0, 1.0, 2.0]}),
    ...                         {"u24:x": 1.0}, u24="~ 0 + x", seed=0)
    >>> sorted(set(df["y"]) | {1, 3, 4})
    [1, 3, 4]
    """
    m = _model(model)
    _check_link(link)
    lam = check_real(lam, "lam", 0.0, lo_open=True, scalar=True)
    fs = _formulas(m, formulas, utility_formulas)
    mats, names, slices = _design(m, fs, data)
    missing = [nm for nm in names if nm not in coef]
    if missing:
        raise ParameterError(f"no value for coefficient {missing[0]!r}; needed: {names}", "coef")
    extra = [nm for nm in coef if nm not in names]
    if extra:
        raise ParameterError(f"unknown coefficient {extra[0]!r}; the model has {names}", "coef")
    beta = np.array([float(coef[nm]) for nm in names])
    u = _utilities(m, fs, data, beta, slices)
    p = m.outcome_probs(u, link, lam)
    rng = np.random.default_rng(seed)
    cum = np.cumsum(p, axis=1)
    r = rng.random(len(data))[:, None]
    idx = (r > cum).sum(axis=1)
    out = data.copy()
    out[outcome] = np.asarray(m.outcomes)[np.minimum(idx, len(m.outcomes) - 1)]
    return out
