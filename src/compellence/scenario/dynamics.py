"""Dynamic coercion games (``kind = "dynamics"``): the ``[dynamics]`` table solved as an equilibrium.

``[dynamics]`` holds the parameters of
:class:`compellence.coercion.dynamics.CoercionDynamics` (same names).  With
``horizon >= 1`` the game is solved for its subgame-perfect equilibrium by
backward induction over time; with ``horizon = 0`` for stationary
Markov-perfect equilibria (value and policy iteration from several starts;
every run's status is reported, cycles included).  The report gives the
equilibrium path from the initial state (no punishment, no demand), when the
demand is issued and accepted, when the off-ramp opens and after which period
it is closed for good, and the same over ``paths`` simulated paths with chance.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..errors import ParameterError
from .base import Scenario, register
from .reports import fmt_num, jsonable, text_table

if TYPE_CHECKING:  # pandas loads only when a dynamics scenario is solved
    import pandas as pd

    from ..analysis.sweep import Backend
    from ..coercion.dynamics import CoercionDynamics
    from .loader import Vary

__all__ = ["DynamicsScenario", "DynamicsReport", "DynamicsSweepResult"]

_NOT_PARAMS = ("horizon", "paths", "periods", "seed")


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


@dataclass(frozen=True)
class DynamicsReport:
    """What ``compellence solve`` prints for a dynamics scenario.

    Built by :meth:`DynamicsScenario.solve`.

    Attributes
    ----------
    title, source : str
        The scenario's title and file.
    method : str
        The solution method (backward induction, or a Markov-perfect search).
    n_states : int
        The number of states of the game.
    path : pandas.DataFrame
        The equilibrium path, one row per period (most likely successor at each
        chance move).
    summary : dict
        Values, demand and compliance periods, when the off-ramp is open.
    runs : pandas.DataFrame or None
        The Markov-perfect search's runs (infinite horizon only).

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "dynamics"
    ... title = "bite"
    ... [dynamics]
    ... horizon = 6
    ... punishment_levels = 1
    ... demands = [1.0]
    ... punishment_per_period = 0.3
    ... reversibility = 1.0
    ... delta = 0.9
    ... threat_credibility = 0.5
    ... assurance_credibility = 1.0
    ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
    ... punishment_cost = 0.02
    ... audience_cost = 0.05
    ... ''', "bite.toml")
    >>> scen.solve()
    DynamicsReport('bite', subgame-perfect, 6 periods)
    """

    title: str
    source: str
    method: str
    n_states: int
    path: pd.DataFrame
    summary: dict[str, Any]
    runs: pd.DataFrame | None = None

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data.

        Returns
        -------
        dict of str to Any
            Plain numbers, strings, lists and dicts (non-finite margins as null,
            with a ``best_margin_defined`` flag).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> d = scen.solve().to_dict()
        >>> d["demand_period"], d["complied_at"]
        (4, 4)
        """
        rows = self.path.to_dict(orient="records")
        for r in rows:
            m = r.pop("best_margin")
            r["best_margin"] = _finite(m)
            r["best_margin_defined"] = bool(np.isfinite(m))
        return jsonable({
            "title": self.title, "source": self.source, "method": self.method, "n_states": self.n_states,
            "equilibrium_path": rows, **self.summary,
            "runs": None if self.runs is None else self.runs.to_dict(orient="records"),
        })

    def to_table(self) -> str:
        """The report as the text table ``compellence solve`` prints.

        Returns
        -------
        str
            The table.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> print(scen.solve().to_table())  # doctest: +ELLIPSIS
        bite  (dynamic coercion game, subgame-perfect, 6 periods)
        =========================================================
        <BLANKLINE>
          states                                                20
          coercer value (initial state)                         0.6802
          target value (initial state)                          -0.8105
          demand issued in period                               4
          target complies in period                             4
          off-ramp first open in period                         4
          off-ramp closed for good after period                 4
        ...
        equilibrium path (most likely successor at each chance move):
          period  coercer   target  best margin  off-ramp open
          ------  --------  ------  -----------  -------------
               1  escalate  resist  -0.1895      no
               2  hold      resist  -0.1144      no
               3  hold      resist  -0.046       no
               4  demand_1  comply  0.008        yes
        """
        head = f"{self.title}  (dynamic coercion game, {self.method})"
        lines = [head, "=" * len(head), ""]
        s = self.summary
        lines.append(text_table([
            ("states", f"{self.n_states:,}"),
            ("coercer value (initial state)", s["coercer_value"]),
            ("target value (initial state)", s["target_value"]),
            ("demand issued in period", s["demand_period"] if s["demand_period"] > 0 else "never"),
            ("target complies in period", s["complied_at"] if s["complied_at"] > 0 else "never"),
            ("off-ramp first open in period", s["first_open"] if s["opens"] else "never"),
            ("off-ramp closed for good after period", s["closed_for_good_after"] if s["opens"] else "-"),
            (f"paths with chance ({s['n_paths']}): share settled", s["share_complied"]),
            ("paths with chance: share with the off-ramp ever open", s["share_opens"]),
        ]))
        lines += ["", "equilibrium path (most likely successor at each chance move):"]
        df = self.path
        lines.append(text_table(
            [(int(r.period), r.coercer_action, r.target_action, fmt_num(r.best_margin), "yes" if r.open else "no")
             for r in df.itertuples(index=False)],
            ["period", "coercer", "target", "best margin", "off-ramp open"],
        ))
        if self.runs is not None:
            lines += ["", f"Markov-perfect search: {s['n_equilibria']} equilibria "
                          f"({s['n_distinct_values']} by value) from {len(self.runs)} starts:"]
            lines.append(text_table(
                [(r.start, r.method, r.status, int(r.iterations), int(r.equilibrium))
                 for r in self.runs.itertuples(index=False)],
                ["start", "method", "status", "iterations", "equilibrium"],
            ))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Jupyter shows the report's table (``to_table()``)."""
        from .reports import table_html

        return table_html(self.to_table())

    def __repr__(self) -> str:
        return f"DynamicsReport({self.title!r}, {self.method})"


@dataclass(frozen=True)
class DynamicsSweepResult:
    """A dynamics sweep: one row per grid point (the varied keys, then the outputs).

    Built by :meth:`DynamicsScenario.sweep`.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per grid point.
    varies : tuple of Vary
        What was varied.
    title : str
        The scenario's title.
    kind : str
        ``"dynamics"``.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "dynamics"
    ... title = "bite"
    ... [dynamics]
    ... horizon = 6
    ... punishment_levels = 1
    ... demands = [1.0]
    ... punishment_per_period = 0.3
    ... reversibility = 1.0
    ... delta = 0.9
    ... threat_credibility = 0.5
    ... assurance_credibility = 1.0
    ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
    ... punishment_cost = 0.02
    ... audience_cost = 0.05
    ... ''', "bite.toml")
    >>> scen.sweep({"dynamics.threat_credibility": [0.2, 0.9]}).n_points
    2
    """

    frame: pd.DataFrame
    varies: tuple[Vary, ...]
    title: str
    kind: str = "dynamics"

    @property
    def n_points(self) -> int:
        """The number of grid points (rows of the table)."""
        return len(self.frame)

    def summary(self) -> str:
        """One line about the result (what ``compellence sweep`` prints).

        Returns
        -------
        str
            Points, varied keys and the share of points where the target complies
            on the equilibrium path.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> scen.sweep({"dynamics.threat_credibility": [0.2, 0.9]}).summary()
        '2 grid points over dynamics.threat_credibility; the target complies on the equilibrium path at 1 (50.0%)'
        """
        head = f"{self.n_points} grid points over {', '.join(v.key for v in self.varies)}"
        settled = int((self.frame["complied_at"] > 0).sum())
        return (f"{head}; the target complies on the equilibrium path at {settled} "
                f"({100.0 * settled / max(self.n_points, 1):.1f}%)")

    def to_csv(self, path: str | os.PathLike) -> None:
        """Write the table as CSV, atomically (complete or absent; :mod:`compellence.outputs`).

        Parameters
        ----------
        path : str or os.PathLike
            The file to write.

        Raises
        ------
        OutputError
            The file cannot be written.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "sweep.csv"
        >>> scen.sweep({"dynamics.threat_credibility": [0.2, 0.9]}).to_csv(path)
        >>> path.read_text().splitlines()[0].split(",")[:2]
        ['dynamics.threat_credibility', 'coercer_value']
        """
        from ..outputs import atomic_output

        with atomic_output(path) as tmp:
            self.frame.to_csv(tmp, index=False)

    def plot(self, path: str | os.PathLike) -> None:
        """Draw the coercer's equilibrium value over the first one or two varied keys to ``path``.

        Parameters
        ----------
        path : str or os.PathLike
            The PNG file to write.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> import matplotlib, pathlib, tempfile
        >>> matplotlib.use("Agg")
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "sweep.png"
        >>> scen.sweep({"dynamics.threat_credibility": [0.2, 0.9]}).plot(path)
        >>> path.stat().st_size > 0
        True
        """
        import matplotlib.pyplot as plt

        keys = [v.key for v in self.varies[:2]]
        fig, ax = plt.subplots(figsize=(6, 4))
        if len(keys) == 1:
            ax.plot(self.frame[keys[0]], self.frame["coercer_value"], color="black")
            ax.set_xlabel(keys[0])
            ax.set_ylabel("coercer value (initial state)")
        else:
            piv = self.frame.pivot_table(index=keys[1], columns=keys[0], values="coercer_value")
            im = ax.imshow(piv.to_numpy(), origin="lower", aspect="auto",
                           extent=(piv.columns.min(), piv.columns.max(), piv.index.min(), piv.index.max()))
            fig.colorbar(im, ax=ax, label="coercer value (initial state)")
            ax.set_xlabel(keys[0])
            ax.set_ylabel(keys[1])
        ax.set_title(self.title or "dynamics sweep")
        fig.savefig(path, format="png")
        plt.close(fig)


@register
class DynamicsScenario(Scenario):
    """A dynamic coercion game (``kind = "dynamics"``).

    Parameters
    ----------
    file : ScenarioData
        The parsed and validated file; create the scenario with
        :func:`~compellence.scenario.load_scenario` /
        :func:`~compellence.scenario.loads_scenario`.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "dynamics"
    ... title = "bite"
    ... [dynamics]
    ... horizon = 6
    ... punishment_levels = 1
    ... demands = [1.0]
    ... punishment_per_period = 0.3
    ... reversibility = 1.0
    ... delta = 0.9
    ... threat_credibility = 0.5
    ... assurance_credibility = 1.0
    ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
    ... punishment_cost = 0.02
    ... audience_cost = 0.05
    ... ''', "bite.toml")
    >>> scen
    DynamicsScenario('bite.toml', title='bite')
    """

    kind: ClassVar[str] = "dynamics"

    def model(self) -> CoercionDynamics:
        """The :class:`~compellence.coercion.dynamics.CoercionDynamics` of the file.

        Returns
        -------
        CoercionDynamics
            The model.

        Raises
        ------
        ScenarioError
            An input the model refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> type(scen.model()).__name__
        'CoercionDynamics'
        """
        return self._model_from(self.data["dynamics"])

    def _model_from(self, d: dict[str, Any]):
        from ..coercion.dynamics import CoercionDynamics

        params = {k: v for k, v in d.items() if k not in _NOT_PARAMS}
        params["demands"] = tuple(params["demands"])
        for g in ("bite", "insulation", "power", "insurgency", "cohesion"):
            params[g] = tuple(params[g])
        try:
            return CoercionDynamics(**params)
        except ParameterError as e:
            raise self.file.error(str(e).split(": ", 1)[-1], ("dynamics", e.name or "dynamics")) from None

    def check(self) -> None:
        """Build the model and its game (what ``solve`` builds first), without solving.

        Raises
        ------
        ScenarioError
            An input the model refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> scen.check()
        """
        self.model().game()

    def describe(self) -> str:
        """One line: what the scenario is (horizon, levels, demands).

        Returns
        -------
        str
            The description.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> print(scen.describe())
        kind = "dynamics", 'bite': 20 states, 6 periods
        """
        d = self.data["dynamics"]
        how = f"{d['horizon']} periods" if d["horizon"] else "infinite horizon"
        return f'kind = "dynamics", {self.title!r}: {self.model().state_space().size} states, {how}'

    def sweep(self, varies: Mapping[str, Any] | Sequence[str | Vary], *,
              backend: Backend = "serial", scheduler: str | None = None,
              checkpoint: str | os.PathLike | None = None,
              progress: bool = False) -> DynamicsSweepResult:
        """Solve the finite game at every point of the product grid of ``varies`` in ONE batched call.

        The varied keys become array parameters of ``CoercionDynamics`` (its
        batch axis), so backward induction runs once over grid x states; the
        equilibrium path of each point is then read off (``chance=False``).
        Columns: the varied keys, ``coercer_value``, ``target_value``,
        ``demand_period``, ``complied_at``, ``opens``, ``first_open``,
        ``closed_for_good_after`` (-1: never).

        Parameters
        ----------
        varies : mapping or list of str or list of Vary
            ``{key: values}`` or the command line's ``"key=start:stop:num"``
            strings (:func:`~compellence.scenario.as_varies`); values in the unit of
            the key in the file.
        backend : {"serial", "auto", "vectorized", "process", "dask"}, optional
            Accepted for the command line and ignored (always in-process).
        scheduler : str or None, optional
            Ignored.
        checkpoint : str or os.PathLike or None, optional
            Not supported: anything but ``None`` raises.
        progress : bool, optional
            Ignored.

        Returns
        -------
        DynamicsSweepResult
            One row per grid point.

        Raises
        ------
        ScenarioError
            Nothing to sweep, a key that cannot be swept, an infinite horizon, or a
            checkpoint.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> result = scen.sweep({"dynamics.threat_credibility": [0.2, 0.9]})
        >>> result.frame[["dynamics.threat_credibility", "complied_at"]].values.tolist()
        [[0.2, -1.0], [0.9, 4.0]]
        """
        import pandas as pd

        from ..coercion.dynamics import (
            backward_induction_dynamic,
            demand_timing,
            offramp_timing,
            simulate,
        )
        from ..errors import ScenarioError
        from .loader import as_varies, check_vary, with_values

        varies = as_varies(varies)
        if not varies:
            raise ScenarioError("nothing to sweep: give at least one --vary KEY=START:STOP:NUM")
        if checkpoint is not None:
            raise ScenarioError("--checkpoint is not supported for dynamics sweeps (one batched solve)")
        check_vary(self.file, varies)
        if not self.data["dynamics"]["horizon"]:
            raise self.file.error("a dynamics sweep needs a finite horizon (>= 1)", ("dynamics", "horizon"))
        mesh = np.meshgrid(*[v.values for v in varies], indexing="ij")
        flat = [m.ravel() for m in mesh]
        data = with_values(self.data, {v.path: f for v, f in zip(varies, flat, strict=True)})
        game = self._model_from(data["dynamics"]).game()
        sol = backward_induction_dynamic(game, int(data["dynamics"]["horizon"]), keep="all")
        rows = []
        for i in range(flat[0].size):
            det = simulate(sol, chance=False, index=(i,))
            dt, ot = demand_timing(det), offramp_timing(det)
            rows.append({**{v.key: float(f[i]) for v, f in zip(varies, flat, strict=True)},
                         "coercer_value": float(sol.value[i, 0, 0]), "target_value": float(sol.value[i, 0, 1]),
                         "demand_period": int(dt.demand_period[0]), "complied_at": int(dt.complied_at[0]),
                         "opens": bool(ot.opens[0]), "first_open": int(ot.first_open[0]),
                         "closed_for_good_after": int(ot.closed_for_good_after[0])})
        return DynamicsSweepResult(pd.DataFrame(rows), tuple(varies), self.title)

    def solve(self) -> DynamicsReport:
        """Solve the game and read off its equilibrium path.

        Returns
        -------
        DynamicsReport
            The equilibrium path, values, and (infinite horizon) the Markov-perfect
            search's runs.

        Raises
        ------
        ScenarioError
            An input the model refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "dynamics"
        ... title = "bite"
        ... [dynamics]
        ... horizon = 6
        ... punishment_levels = 1
        ... demands = [1.0]
        ... punishment_per_period = 0.3
        ... reversibility = 1.0
        ... delta = 0.9
        ... threat_credibility = 0.5
        ... assurance_credibility = 1.0
        ... bite = [0.05, 0.1, 0.2, 0.4, 1.0]
        ... punishment_cost = 0.02
        ... audience_cost = 0.05
        ... ''', "bite.toml")
        >>> report = scen.solve()
        >>> report.path[["period", "coercer_action", "target_action"]].head(2).values.tolist()
        [[1, 'escalate', 'resist'], [2, 'hold', 'resist']]
        """
        from ..coercion.dynamics import (
            backward_induction_dynamic,
            demand_timing,
            markov_perfect,
            offramp_timing,
            simulate,
        )

        d = self.data["dynamics"]
        game = self.model().game()
        runs = None
        extra: dict[str, Any] = {}
        if d["horizon"]:
            sol = backward_induction_dynamic(game, int(d["horizon"]))
            method = f"subgame-perfect, {d['horizon']} periods"
            periods = None
        else:
            res = markov_perfect(game)
            runs = res.runs
            extra = {"n_equilibria": res.n_equilibria, "n_distinct_values": res.n_distinct_values,
                     "cycles": res.cycles}
            if not res.equilibria:
                raise self.file.error(
                    "no stationary Markov-perfect equilibrium found (every search cycled or hit its "
                    f"iteration limit: {sorted(set(res.runs['status']))}); solve a finite horizon instead",
                    ("dynamics", "horizon"))
            sol = res.equilibria[0]
            method = "stationary Markov-perfect (first of the equilibria found)"
            periods = int(d["periods"])
        det = simulate(sol, 0, periods, chance=False)
        many = simulate(sol, 0, periods, n_paths=int(d["paths"]), seed=int(d["seed"]))
        lab = det.labels()
        path = lab[lab.coercer_action != ""][["period", "coercer_action", "target_action", "best_margin", "open"]]
        dt, ot, otm = demand_timing(det), offramp_timing(det), offramp_timing(many)
        comply = game.target_actions.index("comply")
        summary = {
            "coercer_value": float(sol.value[0, 0]), "target_value": float(sol.value[0, 1]),
            "demand_period": int(dt.demand_period[0]), "complied_at": int(dt.complied_at[0]),
            "opens": bool(ot.opens[0]), "first_open": int(ot.first_open[0]),
            "closed_for_good_after": int(ot.closed_for_good_after[0]), "open_at_end": bool(ot.open_at_end[0]),
            "n_paths": int(d["paths"]),
            "share_complied": float(np.mean((many.target_action == comply).any(axis=1))),
            "share_opens": float(otm.opens.mean()), **extra,
        }
        return DynamicsReport(self.title, self.source, method, game.n_states, path.reset_index(drop=True),
                              summary, runs)
