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

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..errors import ParameterError
from .base import Scenario, register
from .reports import fmt_num, jsonable, text_table

if TYPE_CHECKING:  # pandas loads only when a dynamics scenario is solved
    import pandas as pd

__all__ = ["DynamicsScenario", "DynamicsReport", "DynamicsSweepResult"]

_NOT_PARAMS = ("horizon", "paths", "periods", "seed")


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


@dataclass(frozen=True)
class DynamicsReport:
    """What ``compellence solve`` prints for a dynamics scenario."""

    title: str
    source: str
    method: str
    n_states: int
    path: pd.DataFrame
    summary: dict[str, Any]
    runs: pd.DataFrame | None = None

    def to_dict(self) -> dict[str, Any]:
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
    """A dynamics sweep: one row per grid point (the varied keys, then the outputs)."""

    frame: pd.DataFrame
    varies: tuple
    title: str
    kind: str = "dynamics"

    @property
    def n_points(self) -> int:
        return len(self.frame)

    def summary(self) -> str:
        head = f"{self.n_points} grid points over {', '.join(v.key for v in self.varies)}"
        settled = int((self.frame["complied_at"] > 0).sum())
        return (f"{head}; the target complies on the equilibrium path at {settled} "
                f"({100.0 * settled / max(self.n_points, 1):.1f}%)")

    def to_csv(self, path: Any) -> None:
        """Write the table as CSV, atomically (complete or absent; :mod:`compellence.outputs`)."""
        from ..outputs import atomic_output

        with atomic_output(path) as tmp:
            self.frame.to_csv(tmp, index=False)

    def plot(self, path: Any) -> None:
        """Draw the coercer's equilibrium value over the first one or two varied keys to ``path``."""
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
    """A dynamic coercion game (``kind = "dynamics"``)."""

    kind: ClassVar[str] = "dynamics"

    def model(self):
        """The :class:`~compellence.coercion.dynamics.CoercionDynamics` of the file."""
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
        """Build the model and its game (what ``solve`` builds first), without solving."""
        self.model().game()

    def describe(self) -> str:
        d = self.data["dynamics"]
        how = f"{d['horizon']} periods" if d["horizon"] else "infinite horizon"
        return f'kind = "dynamics", {self.title!r}: {self.model().state_space().size} states, {how}'

    def sweep(self, varies: Any, *, backend: str = "serial", scheduler: str | None = None,
              checkpoint: Any = None, progress: bool = False) -> DynamicsSweepResult:
        """Solve the finite game at every point of the product grid of ``varies`` in ONE batched call.

        The varied keys become array parameters of ``CoercionDynamics`` (its
        batch axis), so backward induction runs once over grid x states; the
        equilibrium path of each point is then read off (``chance=False``).
        Columns: the varied keys, ``coercer_value``, ``target_value``,
        ``demand_period``, ``complied_at``, ``opens``, ``first_open``,
        ``closed_for_good_after`` (-1: never).  ``backend``/``scheduler``/
        ``progress`` are accepted for the CLI and ignored (always in-process);
        ``checkpoint`` is not supported.
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
