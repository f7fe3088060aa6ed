"""Maximum-likelihood estimation of the logit QRE precision ``lambda``.

With observed choice counts ``c`` (normal form: per player and strategy;
extensive form: per information set and action) and the principal-branch QRE
profile ``sigma(lambda)``, the log-likelihood is (McKelvey & Palfrey 1995, 1998)

    log L(lambda) = sum_k c_k log sigma_k(lambda).

As in Gambit's ``logit_estimate`` (Bland & Turocy 2023), the branch is traced
from ``lambda = 0`` and the global maximiser *along the branch* is taken (the
branch may bend back in lambda, so this is not a maximisation over a function
of lambda).  The best traced point is refined by bounded one-dimensional
maximisation between its neighbours, each evaluation solving the QRE at that
lambda by Newton's method.  The standard error is ``1 / sqrt(-d^2 log L /
d lambda^2)`` with the derivative taken along the branch (``dx/dlambda =
-J_x^{-1} J_lambda``), by central differences of the exact score.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sparse
from numpy.typing import ArrayLike
from scipy.optimize import minimize_scalar

from ...errors import ConvergenceError, ParameterError
from ...games.normal_form import NormalFormGame
from ...games.tree import Game
from ...validation import require_scalar_game
from ..solution import Solution
from .agent_form import AgentSystem
from .branch import QREPath, check_qre_game, logit_system, qre_path
from .continuation import newton_fixed_parameter, solve_square
from .normal_form import NormalFormQRE, NormalSystem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["fit_qre", "QREFit", "CountData"]

#: Observed choice counts: per player / information set label a mapping action -> count or a
#: count vector, or one count vector per player / information set, or one flat vector.
CountData = Mapping[str, "Mapping[str, float] | ArrayLike"] | Sequence["ArrayLike"] | ArrayLike


@dataclass(frozen=True, eq=False)
class QREFit:
    """A maximum-likelihood logit QRE fit: what :func:`fit_qre` returns.

    Attributes
    ----------
    game : NormalFormGame or Game
        The game.
    lam : float
        The estimate of lambda.
    se : float
        Its standard error from the observed information (``inf`` at the boundary).
    log_likelihood : float
        ``sum_k c_k log sigma_k(lam)`` at the estimate.
    counts : numpy.ndarray
        The data as one vector in the solver's order (see ``path.columns``).
    n_obs : float
        Total count.
    qre : NormalFormQRE or Solution
        The fitted QRE.
    at_boundary : bool
        The likelihood still rose at the end of the traced branch: the data
        are best fitted by the equilibrium limit.
    path : QREPath
        The traced branch.
    info : dict
        ``x`` (fitted log-profile), ``branch_index`` (best traced point).

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]],
    ...                                     strategies=(["a", "b"], ["a", "b"]))
    >>> fit = cp.fit_qre(g, {"Player 1": {"a": 70, "b": 30}, "Player 2": {"a": 35, "b": 65}})
    >>> fit.n_obs, fit.at_boundary
    (200.0, False)
    >>> lo, hi = fit.ci95
    >>> bool(lo < fit.lam < hi)
    True
    """

    game: NormalFormGame | Game
    lam: float
    se: float
    log_likelihood: float
    counts: np.ndarray
    n_obs: float
    qre: NormalFormQRE | Solution
    at_boundary: bool
    path: QREPath
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def ci95(self) -> tuple[float, float]:
        """Wald 95% interval ``lam +- 1.96 se``."""
        return (self.lam - 1.959963984540054 * self.se, self.lam + 1.959963984540054 * self.se)

    def to_frame(self) -> pd.DataFrame:
        """Observed vs fitted frequencies, one row per strategy / action.

        Returns
        -------
        pandas.DataFrame
            Columns ``count``, ``observed`` (share within the player / information
            set), ``fitted`` and ``share_of_all``; index the path's :attr:`columns`.

        Examples
        --------
        >>> import compellence as cp
        >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]],
        ...                                     strategies=(["a", "b"], ["a", "b"]))
        >>> fit = cp.fit_qre(g, {"Player 1": {"a": 70, "b": 30}, "Player 2": {"a": 35, "b": 65}})
        >>> fit.to_frame().round(3)
             player strategy  count  observed  fitted  share_of_all
        0  Player 1        a   70.0      0.70   0.675         0.350
        1  Player 1        b   30.0      0.30   0.325         0.150
        2  Player 2        a   35.0      0.35   0.325         0.175
        3  Player 2        b   65.0      0.65   0.675         0.325
        """
        import pandas as pd
        prob = self.path.system
        if isinstance(prob, NormalSystem):
            fitted = np.concatenate(self.qre.profile)  # type: ignore[union-attr]
        else:
            fitted = np.exp(self._x)
        names = ["player", "strategy"] if isinstance(self.game, NormalFormGame) else [
            "player", "infoset", "action"]
        labels = {n: [c[j] for c in self.path.columns] for j, n in enumerate(names)}
        obs = self.counts / max(self.n_obs, 1e-300)
        return pd.DataFrame(
            {**labels, "count": self.counts, "observed": _block_normalise(self.counts, prob),
             "fitted": fitted, "share_of_all": obs}
        )

    @property
    def _x(self) -> np.ndarray:
        return self.info["x"]

    def __repr__(self) -> str:
        b = " (at boundary)" if self.at_boundary else ""
        return (
            f"QREFit(lam={self.lam:.6g}, se={self.se:.3g}, log_likelihood={self.log_likelihood:.6g}, "
            f"n_obs={self.n_obs:g}){b}"
        )

    def _repr_html_(self) -> str:
        return f"<pre>{self!r}</pre>" + self.to_frame().to_html(float_format=lambda v: f"{v:.6g}")


def _block_normalise(c: np.ndarray, sys: NormalSystem | AgentSystem) -> np.ndarray:
    tot = np.add.reduceat(c, sys.first)
    seg = sys.owner if isinstance(sys, NormalSystem) else sys.var_infoset
    with np.errstate(invalid="ignore", divide="ignore"):
        out = c / tot[seg]
    return np.where(tot[seg] > 0, out, 0.0)


def _as_counts(game: NormalFormGame | Game, data: CountData, sys: NormalSystem | AgentSystem) -> np.ndarray:
    n = sys.n_vars
    if isinstance(game, NormalFormGame):
        labels = [(game.players[i], list(labs)) for i, labs in enumerate(game.strategies)]
    else:
        labels = [(s.label, list(s.actions)) for s in game.infosets]
    what = "player" if isinstance(game, NormalFormGame) else "information set"
    if isinstance(data, Mapping):
        out = np.zeros(n)
        keys = {lab: k for k, (lab, _) in enumerate(labels)}
        for key, val in data.items():
            if key not in keys:
                raise ParameterError(
                    f"unknown {what} {key!r}; expected one of {list(keys)}", "data"
                )
            k = keys[key]
            acts = labels[k][1]
            start = int(sys.first[k])
            if isinstance(val, Mapping):
                for a, cnt in val.items():
                    if a not in acts:
                        raise ParameterError(
                            f"{what} {key!r} has no strategy/action {a!r}; it has {acts}",
                            f"data[{key!r}]",
                        )
                    out[start + acts.index(a)] = _count(cnt, f"data[{key!r}][{a!r}]")
            else:
                v = np.asarray(val, dtype=float)
                if v.shape != (len(acts),):
                    raise ParameterError(
                        f"needs {len(acts)} counts, got shape {v.shape}", f"data[{key!r}]"
                    )
                out[start : start + len(acts)] = [_count(x, f"data[{key!r}]") for x in v]
        return out
    if isinstance(data, Sequence) and not isinstance(data, str) and len(data) == len(labels) \
            and all(np.ndim(v) == 1 for v in data):
        return _as_counts(game, {labels[k][0]: data[k] for k in range(len(labels))}, sys)
    try:
        v = np.asarray(data, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError("counts must be numbers", "data") from None
    if v.shape != (n,):
        raise ParameterError(
            f"give counts per {what} (a dict label -> counts, or one count vector per {what}), "
            f"or one flat vector of {n}; got shape {v.shape}",
            "data",
        )
    return np.array([_count(x, "data") for x in v])


def _count(x: Any, name: str) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"counts must be numbers, got {x!r}", name) from None
    if not np.isfinite(v) or v < 0:
        raise ParameterError(f"counts must be finite and >= 0, got {x!r}", name)
    return v


def fit_qre(
    game: NormalFormGame | Game,
    data: CountData,
    *,
    lam_max: float | None = None,
    max_regret: float = 1e-8,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 5_000,
) -> QREFit:
    """Maximum-likelihood logit QRE precision ``lambda`` from observed choice counts.

    The log-likelihood ``sum_k c_k log sigma_k(lambda)`` is maximised along the
    principal branch (see the module docstring): the best traced point, then
    a bounded one-dimensional refinement between its neighbours.

    Parameters
    ----------
    game : NormalFormGame or Game
        A normal-form game (data: strategy counts per player) or a scalar
        extensive game (agent QRE; data: action counts per information set).
    data : mapping or array_like
        ``{player or infoset label: {strategy or action: count}}``, or
        ``{label: count vector}``, or one count vector per player / infoset
        (in game order), or one flat vector in that order.
    lam_max : float or None, default None
        Trace the branch up to this lambda (default: until the regret
        criterion of :func:`qre_path`, i.e. essentially the equilibrium limit,
        or ``max_steps`` predictor-corrector steps, whichever comes first).
    max_regret : float, default 1e-8
        The regret criterion of :func:`qre_path` (with ``lam_max`` None).
    first_step : float, default 0.03
        Arc length of the path follower's first step.
    max_accel : float, default 1.1
        Largest growth factor of the step between two points.
    max_steps : int, default 5000
        Budget of predictor-corrector steps.

    Returns
    -------
    QREFit
        ``lam``, ``se``, ``log_likelihood``, the fitted ``qre`` and the traced ``path``.

    Raises
    ------
    ParameterError
        ``game`` is not a game or is batched; a label, strategy or action in
        ``data`` is unknown; a count is negative, not finite or of the wrong
        shape; every count is zero.
    UnsupportedGameError
        An extensive game the agent QRE does not cover.

    References
    ----------
    McKelvey & Palfrey (1995, 1998); Bland, J. R. & Turocy, T. L. (2023),
    Quantal response equilibrium as a structural model for estimation: the
    missing manual.

    Examples
    --------
    >>> import compellence as cp
    >>> g = cp.NormalFormGame.from_bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]],
    ...                                     strategies=(["a", "b"], ["a", "b"]))
    >>> fit = cp.fit_qre(g, {"Player 1": {"a": 70, "b": 30}, "Player 2": {"a": 35, "b": 65}})
    >>> fit.n_obs, fit.at_boundary, bool(fit.se > 0)
    (200.0, False, True)
    """
    check_qre_game(game)
    require_scalar_game(game, "fit_qre")
    sys = logit_system(game)
    c = _as_counts(game, data, sys)
    n_obs = float(c.sum())
    if n_obs <= 0:
        raise ParameterError("no observations: every count is zero", "data")
    with warnings.catch_warnings():
        # running out of steps far out on the branch only matters for the equilibrium
        # limit, not for the likelihood (recorded in path.stopped_by)
        warnings.simplefilter("ignore", RuntimeWarning)
        path = qre_path(game, lam_max=lam_max, max_regret=max_regret, first_step=first_step,
                        max_accel=max_accel, max_steps=max_steps)
    X = path.log_profiles
    ll = X @ c
    k = int(np.argmax(ll))
    n = len(path)
    at_boundary = k == n - 1 and n > 1

    def solve_at(lam: float, guess: np.ndarray) -> np.ndarray:
        return newton_fixed_parameter(sys.H, sys.J, np.r_[guess, lam])[:-1]

    def guess_for(lam: float) -> np.ndarray:
        # interpolate on the traced segment (the branch near the optimum)
        lo = max(k - 1, 0)
        hi = min(k + 1, n - 1)
        lams = path.lam[lo : hi + 1]
        j = int(np.clip(np.searchsorted(lams, lam) - 1, 0, max(len(lams) - 2, 0)))
        a, b = lo + j, min(lo + j + 1, n - 1)
        if b == a or path.lam[b] == path.lam[a]:
            return X[a].copy()
        w = (lam - path.lam[a]) / (path.lam[b] - path.lam[a])
        return (1 - w) * X[a] + w * X[b]

    lam_hat, x_hat = float(path.lam[k]), X[k].copy()
    if not at_boundary and 0 < k < n - 1:
        lo, hi = float(path.lam[k - 1]), float(path.lam[k + 1])
        if lo < hi:
            def negll(lam: float) -> float:
                try:
                    return -float(solve_at(lam, guess_for(lam)) @ c)
                except ConvergenceError:
                    return np.inf

            r = minimize_scalar(negll, bounds=(lo, hi), method="bounded",
                                options={"xatol": 1e-10 * max(1.0, hi)})
            if np.isfinite(r.fun) and -r.fun >= ll[k]:
                lam_hat = float(r.x)
                x_hat = solve_at(lam_hat, guess_for(lam_hat))
    ll_hat = float(x_hat @ c)
    se = np.inf
    if not at_boundary and lam_hat > 0:
        se = _standard_error(sys, c, x_hat, lam_hat)
    qre_point = _point(game, sys, x_hat, lam_hat)
    return QREFit(
        game=game, lam=lam_hat, se=se, log_likelihood=ll_hat, counts=c, n_obs=n_obs,
        qre=qre_point, at_boundary=at_boundary, path=path,
        info={"x": x_hat, "branch_index": k},
    )


def _score(sys: NormalSystem | AgentSystem, c: np.ndarray, x: np.ndarray, lam: float) -> float:
    """``d log L / d lambda`` along the branch: ``c . dx/dlambda``."""
    J = sys.J(np.r_[x, lam])
    jl = J[:, -1].toarray().ravel() if sparse.issparse(J) else J[:, -1]
    dx = solve_square(J[:, :-1], -jl)
    return float(c @ dx)


def _standard_error(sys: NormalSystem | AgentSystem, c: np.ndarray, x: np.ndarray,
                    lam: float) -> float:
    h = 1e-4 * max(1.0, lam)
    try:
        xp = newton_fixed_parameter(sys.H, sys.J, np.r_[x, lam + h])[:-1]
        xm = newton_fixed_parameter(sys.H, sys.J, np.r_[x, max(lam - h, 0.0)])[:-1]
        hm = lam - max(lam - h, 0.0)
        d2 = (_score(sys, c, xp, lam + h) - _score(sys, c, xm, lam - hm)) / (h + hm)
    except (ConvergenceError, np.linalg.LinAlgError, RuntimeError):
        return float("inf")
    return float(1.0 / np.sqrt(-d2)) if d2 < 0 else float("inf")


def _point(game, sys, x: np.ndarray, lam: float):
    if isinstance(sys, NormalSystem):
        sigma = np.exp(x)
        return NormalFormQRE(game=game, lam=lam, profile=tuple(np.array(b) for b in sys.split(sigma)),
                             residual=sys.residual(sigma, lam))
    return sys.solution(x, lam)
