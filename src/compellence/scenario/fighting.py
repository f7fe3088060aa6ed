"""Bargaining while fighting (``kind = "fighting"``), answered by ``compellence solve`` and ``sweep``.

``[fighting]`` holds the war and the sanctions, ``[[target_types]]`` the
target's private types (name, prior, chance of winning a battle, cost of a
battle), with the names of
:class:`compellence.coercion.fighting.BargainingWhileFighting`.  The report
gives the skimming perfect Bayesian equilibrium
(:func:`compellence.coercion.fighting.bargaining_while_fighting`): the
headline numbers (first demand, war probability, expected number of battles,
how the war ends, payoffs), the demands along the equilibrium path with the
proposer's belief, and the distribution of settlement terms.  A sweep solves
the model at every grid point (one row each, the headline numbers as columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..errors import ParameterError, SolverError
from .base import Scenario, register
from .reports import jsonable, text_table

if TYPE_CHECKING:  # pandas loads only when a fighting scenario is solved
    import pandas as pd

    from ..coercion.fighting import BargainingWhileFighting, FightingEquilibrium

__all__ = ["FightingScenario", "FightingReport", "FightingSweepResult"]

_MODEL_KEYS = ("states", "start", "horizon", "delta", "proposer_war_cost", "s", "r", "pi_A", "pi_T",
               "battlefield_value")


@dataclass(frozen=True)
class FightingReport:
    """What ``compellence solve`` prints for a fighting scenario.

    Parameters
    ----------
    title : str
        The scenario's title.
    source : str
        The file (or text source) it came from.
    equilibrium : FightingEquilibrium
        The solved model (:func:`compellence.coercion.fighting.bargaining_while_fighting`).

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "fighting"
    ... title = "two types"
    ... [fighting]
    ... states = 2
    ... horizon = 1
    ... delta = 0.9
    ... proposer_war_cost = 0.05
    ... [[target_types]]
    ... name = "weak"
    ... prior = 0.5
    ... win_probability = 0.2
    ... war_cost = 0.05
    ... [[target_types]]
    ... name = "strong"
    ... prior = 0.5
    ... win_probability = 0.8
    ... war_cost = 0.05
    ... ''', "war.toml")
    >>> report = scen.solve()
    >>> round(report.to_dict()["expected_battles"], 6) >= 0
    True
    """

    title: str
    source: str
    equilibrium: FightingEquilibrium

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON values (what ``compellence solve --format json`` prints).

        Returns
        -------
        dict
            The headline numbers, the path, the settlement terms and the military ends.

        Examples
        --------
        >>> from compellence.coercion.fighting import bargaining_while_fighting
        >>> eq = bargaining_while_fighting(prior=[1.0], win_probability=[0.5], war_cost=0.1,
        ...                                proposer_war_cost=0.1, states=2, horizon=1, delta=0.9)
        >>> FightingReport("t", "t.toml", eq).to_dict()["expected_battles"]
        0.0
        """
        eq = self.equilibrium
        return jsonable({
            "title": self.title, "source": self.source, **eq.summary(),
            "path": eq.nodes.to_dict(orient="records"),
            "settlement_terms": eq.settlement_distribution().to_dict(orient="records"),
            "military_ends": eq.military_ends.to_dict(orient="records"),
        })

    def to_table(self) -> str:
        """The report as text tables (what ``compellence solve`` prints).

        Returns
        -------
        str
            Types, headline numbers, the demands along the path, the settlement terms.

        Examples
        --------
        >>> from compellence.coercion.fighting import bargaining_while_fighting
        >>> eq = bargaining_while_fighting(prior=[1.0], win_probability=[0.5], war_cost=0.1,
        ...                                proposer_war_cost=0.1, states=2, horizon=1, delta=0.9)
        >>> FightingReport("t", "t.toml", eq).to_table().splitlines()[0]
        't  (bargaining while fighting: skimming perfect Bayesian equilibrium)'
        """
        eq = self.equilibrium
        m = eq.model
        head = f"{self.title}  (bargaining while fighting: skimming perfect Bayesian equilibrium)"
        lines = [head, "=" * len(head), ""]
        lines.append(text_table(
            [(t, float(q), f"{float(p.min()):.4g}" if np.ptp(p) == 0 else
              "/".join(f"{v:.3g}" for v in p), float(c), pay, b)
             for t, q, p, c, pay, b in zip(m.types, m.prior, m.win_probability, m.war_cost, eq.target_payoff,
                                           eq.expected_battles_by_type, strict=True)],
            ["type", "prior", "win probability", "war cost", "payoff (derived)", "expected battles"]))
        lines.append("")
        s = eq.summary()
        lines.append(text_table([
            ("front line: states 0..K, start", f"0..{m.states}, {m.start}"),
            ("battles at most (horizon)", str(m.horizon)),
            ("first demand (derived)", s["first_offer"]),
            ("war probability: first demand rejected", s["war_probability"]),
            ("expected number of battles", s["expected_battles"]),
            ("war ends at the table", s["settlement_probability"]),
            ("war ends: target victorious", s["victory_probability"]),
            ("war ends: target defeated", s["defeat_probability"]),
            ("war stops at the front line after the last battle", s["horizon_probability"]),
            ("mean settlement (demand accepted)", s["expected_settlement"]),
            ("proposer payoff", s["proposer_payoff"]),
            ("irreversible sanctions (paid on every branch)", m.irreversible_cost),
            ("every demand evaluated (gap demands solved with a randomising type)", s["complete"]),
        ]))
        if eq.mixed_gaps and len(eq.gaps()):
            lines += ["", "gaps and mixed demands on the path (the marginal type randomises; "
                          "see docs/bargaining_while_fighting.md, 'Gaps'):"]
            rows = []
            for _, r in eq.gaps().iterrows():
                probs = [(t, float(r[f"reject_probability[{t}]"])) for t in m.types]
                mixing = [(t, pr) for t, pr in probs if 0.0 < pr < 1.0]
                who, pr = mixing[0] if mixing else (str(r["remaining_from"]),
                                                    float(r[f"reject_probability[{r['remaining_from']}]"]))
                rows.append((int(r["period"]), int(r["state"]), float(r["reach_probability"]), float(r["offer"]),
                             f"({r['gap_low']:.4g}, {r['gap_high']:.4g}]", who, pr))
            lines.append(text_table(rows, ["period", "state", "reached", "demand", "gap", "marginal type",
                                           "it fights"]))
        if not eq.complete:
            lines += ["", "demands with no pure reply (the marginal type would randomise; not evaluated: "
                          "the types are not ordered by resolve, see docs/bargaining_while_fighting.md, 'Gaps'):"]
            lines.append(text_table(
                [(int(r.period), int(r.state), r.reach_probability, r.offer, f"({r.gap_low:.4g}, {r.gap_high:.4g}]")
                 for r in eq.gaps().itertuples(index=False)],
                ["period", "state", "reached", "demand", "gap"]))
        lines += ["", "demands along the equilibrium path (belief = the proposer's, before the demand):"]
        bel = [c for c in eq.nodes.columns if c.startswith("belief[")]
        lines.append(text_table(
            [(int(r["period"]), int(r["state"]), f"{int(r['wins'])}/{int(r['losses'])}", r["reach_probability"],
              *[r[c] for c in bel], r["offer"], r["settling_types"] or "none")
             for _, r in eq.nodes.iterrows()],
            ["period", "state", "won/lost", "reached", *bel, "demand", "settle"]))
        dist = eq.settlement_distribution()
        if len(dist):
            lines += ["", "distribution of settlement terms:"]
            lines.append(text_table(
                [(r.offer, r.probability, r.share_of_settlements, int(r.first_period), int(r.last_period))
                 for r in dist.itertuples(index=False)],
                ["demand accepted", "probability", "share of settlements", "first period", "last period"]))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Jupyter shows the report's table (``to_table()``)."""
        from .reports import table_html

        return table_html(self.to_table())

    def __repr__(self) -> str:
        return f"FightingReport({self.title!r}, {self.equilibrium!r})"


@dataclass(frozen=True)
class FightingSweepResult:
    """A fighting sweep: one row per grid point (the varied keys, then the headline numbers).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per grid point.
    varies : tuple of Vary
        What was varied.
    title : str
        The scenario's title.
    kind : str
        ``"fighting"``.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "fighting"
    ... title = "two types"
    ... [fighting]
    ... states = 2
    ... horizon = 1
    ... delta = 0.9
    ... proposer_war_cost = 0.05
    ... [[target_types]]
    ... name = "weak"
    ... prior = 0.5
    ... win_probability = 0.2
    ... war_cost = 0.05
    ... [[target_types]]
    ... name = "strong"
    ... prior = 0.5
    ... win_probability = 0.8
    ... war_cost = 0.05
    ... ''', "war.toml")
    >>> res = scen.sweep({"fighting.proposer_war_cost": "0.02:0.1:3"})
    >>> res.n_points, list(res.frame.columns[:2])
    (3, ['fighting.proposer_war_cost', 'first_offer'])
    """

    frame: pd.DataFrame
    varies: tuple
    title: str
    kind: str = "fighting"

    @property
    def n_points(self) -> int:
        """The number of grid points (rows)."""
        return len(self.frame)

    def summary(self) -> str:
        """One line: points, varied keys, the range of expected battles and war probability.

        Returns
        -------
        str

        Examples
        --------
        >>> import pandas as pd
        >>> from compellence.scenario import parse_vary
        >>> frame = pd.DataFrame({"fighting.delta": [0.8, 0.9], "expected_battles": [0.5, 1.0],
        ...                       "war_probability": [0.5, 0.5]})
        >>> FightingSweepResult(frame, (parse_vary("fighting.delta=0.8:0.9:2"),), "t").summary()
        '2 grid points over fighting.delta; expected battles 0.5 to 1, war probability 0.5 to 0.5'
        """
        f = self.frame
        return (f"{self.n_points} grid points over {', '.join(v.key for v in self.varies)}; expected "
                f"battles {f['expected_battles'].min():.4g} to {f['expected_battles'].max():.4g}, war "
                f"probability {f['war_probability'].min():.4g} to {f['war_probability'].max():.4g}")

    def to_csv(self, path: Any) -> None:
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
        >>> import pandas as pd, pathlib, tempfile
        >>> res = FightingSweepResult(pd.DataFrame({"x": [1.0]}), (), "t")
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "sweep.csv"
        >>> res.to_csv(out); out.read_text().splitlines()
        ['x', '1.0']
        """
        from ..outputs import atomic_output

        with atomic_output(path) as tmp:
            self.frame.to_csv(tmp, index=False)

    def plot(self, path: Any) -> None:
        """Draw the expected number of battles over the first varied key (or a map over two) to ``path``.

        Needs matplotlib (the ``plot`` extra).

        Parameters
        ----------
        path : str or os.PathLike
            The PNG file to write.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "fighting"
        ... title = "two types"
        ... [fighting]
        ... states = 2
        ... horizon = 1
        ... delta = 0.9
        ... proposer_war_cost = 0.05
        ... [[target_types]]
        ... name = "weak"
        ... prior = 0.5
        ... win_probability = 0.2
        ... war_cost = 0.05
        ... [[target_types]]
        ... name = "strong"
        ... prior = 0.5
        ... win_probability = 0.8
        ... war_cost = 0.05
        ... ''', "war.toml")
        >>> import pathlib, tempfile
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "battles.png"
        >>> scen.sweep({"fighting.proposer_war_cost": "0.02:0.1:3"}).plot(out)
        >>> out.stat().st_size > 0
        True
        """
        import matplotlib.pyplot as plt

        keys = [v.key for v in self.varies[:2]]
        fig, ax = plt.subplots(figsize=(6, 4))
        if len(keys) == 1:
            ax.plot(self.frame[keys[0]], self.frame["expected_battles"], color="black")
            ax.set_xlabel(keys[0])
            ax.set_ylabel("expected number of battles")
        else:
            piv = self.frame.pivot_table(index=keys[1], columns=keys[0], values="expected_battles")
            im = ax.imshow(piv.to_numpy(), origin="lower", aspect="auto",
                           extent=(piv.columns.min(), piv.columns.max(), piv.index.min(), piv.index.max()))
            fig.colorbar(im, ax=ax, label="expected number of battles")
            ax.set_xlabel(keys[0])
            ax.set_ylabel(keys[1])
        ax.set_title(self.title or "fighting sweep")
        fig.savefig(path, format="png")
        plt.close(fig)


@register
class FightingScenario(Scenario):
    """Bargaining while fighting (``kind = "fighting"``).

    Parameters
    ----------
    file : ScenarioData
        The validated file (built by :func:`~compellence.scenario.load_scenario`).

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "fighting"
    ... title = "two types"
    ... [fighting]
    ... states = 2
    ... horizon = 1
    ... delta = 0.9
    ... proposer_war_cost = 0.05
    ... [[target_types]]
    ... name = "weak"
    ... prior = 0.5
    ... win_probability = 0.2
    ... war_cost = 0.05
    ... [[target_types]]
    ... name = "strong"
    ... prior = 0.5
    ... win_probability = 0.8
    ... war_cost = 0.05
    ... ''', "war.toml")
    >>> print(scen.describe())
    kind = "fighting", 'two types': 2 target types, states 0..2, up to 1 battles
    """

    kind: ClassVar[str] = "fighting"

    def model(self) -> BargainingWhileFighting:
        """The :class:`~compellence.coercion.fighting.BargainingWhileFighting` of the file.

        Returns
        -------
        BargainingWhileFighting
            The model, with the file's types and war.

        Raises
        ------
        ScenarioError
            A value the model refuses (priors not summing to 1, a win probability per
            state missing, ...), naming the key and line.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "fighting"
        ... title = "two types"
        ... [fighting]
        ... states = 2
        ... horizon = 1
        ... delta = 0.9
        ... proposer_war_cost = 0.05
        ... [[target_types]]
        ... name = "weak"
        ... prior = 0.5
        ... win_probability = 0.2
        ... war_cost = 0.05
        ... [[target_types]]
        ... name = "strong"
        ... prior = 0.5
        ... win_probability = 0.8
        ... war_cost = 0.05
        ... ''', "war.toml")
        >>> scen.model().n_types
        2
        """
        return self._model_from(self.data)

    def _model_from(self, data: dict[str, Any]) -> BargainingWhileFighting:
        from ..coercion.fighting import BargainingWhileFighting

        f = data["fighting"]
        types = data["target_types"]
        K = int(f["states"])
        prior = np.array([t["prior"] for t in types], dtype=float)
        if abs(prior.sum() - 1.0) > 1e-9:
            raise self.file.error(f"the priors of the target types must sum to 1 (they sum to {prior.sum():g})",
                                  ("target_types", 0, "prior"))
        rows = []
        for i, t in enumerate(types):
            if t["win_by_state"] is not None:
                if len(t["win_by_state"]) != K - 1:
                    raise self.file.error(f"needs one probability per interior state 1..{K - 1} ({K - 1}), "
                                          f"got {len(t['win_by_state'])}", ("target_types", i, "win_by_state"))
                rows.append([float(v) for v in t["win_by_state"]])
            elif t["win_probability"] is not None:
                rows.append([float(t["win_probability"])] * (K - 1))
            else:
                raise self.file.error("each type needs win_probability (or win_by_state)",
                                      ("target_types", i, "name"))
        params = {k: f[k] for k in _MODEL_KEYS}
        try:
            return BargainingWhileFighting(prior=prior, win_probability=np.array(rows),
                                           war_cost=np.array([t["war_cost"] for t in types], dtype=float),
                                           types=[t["name"] for t in types], **params)
        except ParameterError as e:
            where: tuple = ("fighting", e.name) if e.name in _MODEL_KEYS else \
                ("target_types", 0, {"prior": "prior", "war_cost": "war_cost"}.get(e.name or "", "win_probability"))
            raise self.file.error(str(e).split(": ", 1)[-1], where) from None

    def _solve_model(self, model: BargainingWhileFighting) -> FightingEquilibrium:
        try:
            return model.solve()
        except SolverError as e:
            raise self.file.error(str(e), ("target_types",), show_value=False) from None
        except ParameterError as e:
            raise self.file.error(str(e).split(": ", 1)[-1], ("fighting", e.name or "horizon")) from None

    def check(self) -> None:
        """Build the model (what ``solve`` builds first), without solving.

        Raises
        ------
        ScenarioError
            As :meth:`model`.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "fighting"
        ... title = "two types"
        ... [fighting]
        ... states = 2
        ... horizon = 1
        ... delta = 0.9
        ... proposer_war_cost = 0.05
        ... [[target_types]]
        ... name = "weak"
        ... prior = 0.5
        ... win_probability = 0.2
        ... war_cost = 0.05
        ... [[target_types]]
        ... name = "strong"
        ... prior = 0.5
        ... win_probability = 0.8
        ... war_cost = 0.05
        ... ''', "war.toml")
        >>> scen.check()
        """
        self.model()

    def describe(self) -> str:
        """One line about the scenario (``compellence check`` prints it).

        Returns
        -------
        str
            Kind, title, number of types, front line and horizon.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "fighting"
        ... [fighting]
        ... states = 2
        ... horizon = 1
        ... [[target_types]]
        ... name = "only"
        ... prior = 1.0
        ... win_probability = 0.5
        ... war_cost = 0.1
        ... ''', "war.toml")
        >>> print(scen.describe())
        kind = "fighting", 'war': 1 target types, states 0..2, up to 1 battles
        """
        m = self.model()
        return (f'kind = "fighting", {self.title!r}: {m.n_types} target types, states 0..{m.states}, '
                f"up to {m.horizon} battles")

    def solve(self) -> FightingReport:
        """The equilibrium report (module docstring).

        Returns
        -------
        FightingReport
            The skimming perfect Bayesian equilibrium and its tables.

        Raises
        ------
        ScenarioError
            The model cannot be built or solved, naming the key.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "fighting"
        ... title = "two types"
        ... [fighting]
        ... states = 2
        ... horizon = 1
        ... delta = 0.9
        ... proposer_war_cost = 0.05
        ... [[target_types]]
        ... name = "weak"
        ... prior = 0.5
        ... win_probability = 0.2
        ... war_cost = 0.05
        ... [[target_types]]
        ... name = "strong"
        ... prior = 0.5
        ... win_probability = 0.8
        ... war_cost = 0.05
        ... ''', "war.toml")
        >>> scen.solve().equilibrium.model.n_types
        2
        """
        return FightingReport(self.title, self.source, self._solve_model(self.model()))

    def sweep(self, varies: Any, *, backend: str = "serial", scheduler: str | None = None,
              checkpoint: Any = None, progress: bool = False) -> FightingSweepResult:
        """Solve the model at every point of the product grid of ``varies`` (one row each).

        Columns: the varied keys, then :meth:`FightingEquilibrium.summary`.

        Parameters
        ----------
        varies : mapping or sequence
            ``{key: values}`` or the CLI's ``"key=start:stop:num"`` strings.
        backend, scheduler, progress
            Accepted for the CLI and ignored (an in-process loop).
        checkpoint : None
            Not supported (anything else is refused).

        Returns
        -------
        FightingSweepResult
            One row per grid point.

        Raises
        ------
        ScenarioError
            Nothing to sweep, a checkpoint, an unknown or non-numeric key.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "fighting"
        ... title = "two types"
        ... [fighting]
        ... states = 2
        ... horizon = 1
        ... delta = 0.9
        ... proposer_war_cost = 0.05
        ... [[target_types]]
        ... name = "weak"
        ... prior = 0.5
        ... win_probability = 0.2
        ... war_cost = 0.05
        ... [[target_types]]
        ... name = "strong"
        ... prior = 0.5
        ... win_probability = 0.8
        ... war_cost = 0.05
        ... ''', "war.toml")
        >>> scen.sweep({"fighting.delta": [0.8, 0.9]}).n_points
        2
        """
        import pandas as pd

        from ..errors import ScenarioError
        from .loader import as_varies, check_vary, with_values

        varies = as_varies(varies)
        if not varies:
            raise ScenarioError("nothing to sweep: give at least one --vary KEY=START:STOP:NUM")
        if checkpoint is not None:
            raise ScenarioError("--checkpoint is not supported for fighting sweeps")
        check_vary(self.file, varies)
        mesh = np.meshgrid(*[v.values for v in varies], indexing="ij")
        flat = [np.ravel(g) for g in mesh]
        rows = []
        for i in range(flat[0].size):
            point = {v.path: (int(round(float(f[i]))) if isinstance(_get(self.data, v.path), int)
                              and not isinstance(_get(self.data, v.path), bool) else float(f[i]))
                     for v, f in zip(varies, flat, strict=True)}
            eq = self._solve_model(self._model_from(with_values(self.data, point)))
            rows.append({**{v.key: float(f[i]) for v, f in zip(varies, flat, strict=True)}, **eq.summary()})
        return FightingSweepResult(pd.DataFrame(rows), tuple(varies), self.title)


def _get(data: Any, path: tuple) -> Any:
    for p in path:
        data = data[p]
    return data
