"""Cascade studies (``kind = "cascade"``): a network, thresholds and interventions.

The study builds one network (``[network]``: a random graph, or a military
hierarchy, diplomatic corps or diaspora from :mod:`compellence.cascades.networks`),
then for a baseline with no intervention, for each ``[[interventions]]`` alone and
for all of them together runs ``runs`` threshold cascades
(:func:`compellence.cascades.interventions.simulate_interventions`, thresholds and
random targets drawn afresh per run) and reports the final share of defectors
and the package's cost.

Every row is run on common random numbers: the file's ``seed`` is the root of
one ``SeedSequence`` stream per (purpose, run) (the network, the threshold draws
of run ``j``, the repression catches of run ``j``, and the random targets of the
``i``-th ``[[interventions]]`` entry in run ``j``, keyed by ``i`` whichever rows
it appears in).  So the baseline is the same model with zero intervention (an
intervention of zero size reproduces it exactly), and changing or sweeping one
intervention leaves the rows without it unchanged.  For fractional thresholds it also evaluates Watts's
(2002) analytic condition for global cascades, ``sum_k k (k - 1) rho_k p_k > z``
with ``rho_k = Pr(phi <= 1/k)`` (:func:`compellence.cascades.analytic.watts_condition`).

Interventions map onto :mod:`compellence.cascades.interventions`: ``seed`` ->
:class:`Seeding`; ``broadcast`` -> :class:`InformationCampaign` (external exposure
``e_i`` in ``s_i / k_i + e_i >= phi_i`` and/or lower thresholds); ``incentive``
-> :class:`Incentive`; ``repression`` -> :class:`Repression` (higher thresholds,
defectors caught with ``punish_prob``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..errors import GraphError, ParameterError, ScenarioError
from .base import Scenario, register
from .reports import fmt_num, jsonable, text_table

if TYPE_CHECKING:  # pandas loads when a study runs (start-up time: docs/performance.md)
    import networkx as nx
    import pandas as pd
    import scipy.sparse as sp

    from ..analysis.sweep import Backend
    from .campaign import SweepResult
    from .loader import Vary

__all__ = ["CascadeScenario", "CascadeReport", "GLOBAL_SHARE"]

#: A run counts as a global cascade when at least this share of the population defects.
GLOBAL_SHARE = 0.5


@dataclass(frozen=True)
class CascadeReport:
    """What ``compellence cascade`` prints: one row per intervention (and baseline, all).

    Built by :meth:`CascadeScenario.solve`.

    Attributes
    ----------
    title, source : str
        The scenario's title and file.
    network : dict
        The network's builder, size ``n`` and mean degree.
    thresholds : str
        The threshold distribution, in words.
    runs : int
        Runs per row (each with its own random seeds).
    rows : pandas.DataFrame
        One row per intervention package: mean, min and max final share of
        defectors, global runs, mean rounds, cost.
    watts : dict or None
        Watts's (2002) cascade condition on the degree distribution.

    Examples
    --------
    >>> from compellence.scenario import loads_scenario
    >>> scen = loads_scenario('''
    ... kind = "cascade"
    ... runs = 3
    ... [network]
    ... builder = "erdos_renyi"
    ... n = 200
    ... mean_degree = 4
    ... [thresholds]
    ... distribution = "normal"
    ... mean = 0.2
    ... sd = 0.05
    ... [[interventions]]
    ... name = "hubs"
    ... kind = "seed"
    ... share = 0.02
    ... targeting = "degree"
    ... ''', "c.toml")
    >>> scen.solve()
    CascadeReport('c', rows=2)
    """

    title: str
    source: str
    network: dict[str, Any]
    thresholds: str
    runs: int
    rows: pd.DataFrame
    watts: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (what ``compellence cascade --json`` writes).

        Returns
        -------
        dict of str to Any
            Plain numbers, strings, lists and dicts.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "cascade"
        ... runs = 3
        ... [network]
        ... builder = "erdos_renyi"
        ... n = 200
        ... mean_degree = 4
        ... [thresholds]
        ... distribution = "normal"
        ... mean = 0.2
        ... sd = 0.05
        ... [[interventions]]
        ... name = "hubs"
        ... kind = "seed"
        ... share = 0.02
        ... targeting = "degree"
        ... ''', "c.toml")
        >>> sorted(scen.solve().to_dict())
        ['global_share', 'network', 'results', 'runs', 'source', 'thresholds', 'title', 'watts_condition']
        """
        return jsonable({
            "title": self.title,
            "source": self.source,
            "network": self.network,
            "thresholds": self.thresholds,
            "runs": self.runs,
            "global_share": GLOBAL_SHARE,
            "results": self.rows.to_dict(orient="records"),
            "watts_condition": self.watts,
        })

    def to_table(self) -> str:
        """The report as the text table ``compellence cascade`` prints.

        Returns
        -------
        str
            The table.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "cascade"
        ... runs = 3
        ... [network]
        ... builder = "erdos_renyi"
        ... n = 200
        ... mean_degree = 4
        ... [thresholds]
        ... distribution = "normal"
        ... mean = 0.2
        ... sd = 0.05
        ... [[interventions]]
        ... name = "hubs"
        ... kind = "seed"
        ... share = 0.02
        ... targeting = "degree"
        ... ''', "c.toml")
        >>> print(scen.solve().to_table())  # doctest: +ELLIPSIS
        c  (cascade study, 3 runs per row)
        ==================================
        <BLANKLINE>
          network     erdos_renyi, n = 200, mean degree 3.72
          thresholds  normal, mean 0.2, sd 0.05 (fraction)
        <BLANKLINE>
        ...
          hubs                    0.96  0.96  0.96  3/3               6.3333     4
        """
        net = self.network
        head = f"{self.title}  (cascade study, {self.runs} runs per row)"
        lines = [head, "=" * len(head), ""]
        lines.append(text_table([
            ("network", f"{net['builder']}, n = {net['n']}, mean degree "
             f"{fmt_num(net['mean_degree'], 3)}"),
            ("thresholds", self.thresholds),
        ]))
        if self.watts:
            w = self.watts
            lines += ["", "Watts (2002) condition on the degree distribution:"]
            lines.append(text_table([
                ("sum k(k-1) rho_k p_k vs z", f"{fmt_num(w['lhs'])} vs {fmt_num(w['z'])}"),
                ("global cascades possible", "yes" if w["possible"] else "no"),
                ("one random seed triggers one", fmt_num(w["cascade_probability"])),
            ]))
        lines += ["", f"final share of defectors (global cascade: >= {GLOBAL_SHARE:.0%}):"]
        df = self.rows
        lines.append(text_table(
            [(r.intervention, r.mean_share, r.min_share, r.max_share,
              f"{r.global_runs}/{self.runs}", r.mean_rounds, r.cost)
             for r in df.itertuples(index=False)],
            ["intervention", "mean share", "min", "max", "global runs", "mean rounds", "cost"],
        ))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Jupyter shows the report's table (``to_table()``)."""
        from .reports import table_html

        return table_html(self.to_table())

    def __repr__(self) -> str:
        return f"CascadeReport({self.title!r}, rows={len(self.rows)})"


def _threshold_spec(file, t: dict[str, Any]):
    """A scalar or frozen scipy.stats distribution, with located errors."""
    from scipy import stats

    dist = t["distribution"]
    need = {"constant": ("value",), "uniform": ("low", "high"), "normal": ("mean", "sd"),
            "beta": ("mean", "sd")}[dist]
    for k in need:
        if t[k] is None:
            raise file.error(f'distribution = "{dist}" needs `{k} = ...`', ("thresholds",),
                             show_value=False)
    frac = t["rule"] == "fraction"
    for k in ("value", "low", "high", "mean"):
        if frac and t[k] is not None and t[k] > 1:
            raise file.error("fractional thresholds lie within [0, 1]", ("thresholds", k))
    if dist == "constant":
        return float(t["value"]), f"constant {fmt_num(t['value'])} ({t['rule']})"
    if dist == "uniform":
        lo, hi = t["low"], t["high"]
        if hi <= lo:
            raise file.error(f"must exceed low = {fmt_num(lo)}", ("thresholds", "high"))
        return stats.uniform(loc=lo, scale=hi - lo), \
            f"uniform on [{fmt_num(lo)}, {fmt_num(hi)}] ({t['rule']})"
    m, sd = t["mean"], t["sd"]
    if dist == "normal":
        return stats.norm(loc=m, scale=sd), \
            f"normal, mean {fmt_num(m)}, sd {fmt_num(sd)} ({t['rule']})"
    # beta by the method of moments
    if not 0 < m < 1:
        raise file.error("a beta distribution needs 0 < mean < 1", ("thresholds", "mean"))
    var = sd * sd
    if var >= m * (1 - m):
        raise file.error(f"a beta distribution with mean {fmt_num(m)} needs sd < "
                         f"{fmt_num(np.sqrt(m * (1 - m)))}", ("thresholds", "sd"))
    common = m * (1 - m) / var - 1
    a, b = m * common, (1 - m) * common
    return stats.beta(a, b), f"beta, mean {fmt_num(m)}, sd {fmt_num(sd)} ({t['rule']})"


_RANDOM_GRAPHS = ("erdos_renyi", "watts_strogatz", "barabasi_albert", "ring", "diaspora")


def _network(file, net: dict[str, Any], rng: np.random.Generator):
    """(graph, degree spec for Watts's condition, realised mean degree)."""
    import networkx as nx
    from scipy import stats

    from ..cascades.graph import erdos_renyi_csr
    from ..cascades.networks import diaspora_network, diplomatic_corps, military_hierarchy
    from .definitions import ECHELONS

    b, n, z = net["builder"], net["n"], net["mean_degree"]
    seed = int(rng.integers(2**31))
    structured = b in ("military_hierarchy", "diplomatic_corps")
    if structured and n is not None:
        raise file.error(f'builder = "{b}" sets its own size; remove n', ("network", "n"))
    if not structured and n is None:
        raise file.error(f'builder = "{b}" needs `n = ...` (the number of people)',
                         ("network",), show_value=False)
    if b in _RANDOM_GRAPHS and z is None:
        raise file.error(f'builder = "{b}" needs `mean_degree = ...`', ("network",),
                         show_value=False)
    if z is not None and n is not None and z > n - 1:
        raise file.error(f"must be at most n - 1 = {n - 1}", ("network", "mean_degree"))
    if net["echelons"] is not None and b != "military_hierarchy":
        raise file.error('only builder = "military_hierarchy" has echelons',
                         ("network", "echelons"))
    try:
        if b == "erdos_renyi":
            adj = erdos_renyi_csr(n, z, seed=seed)
            return adj, stats.poisson(z), float(adj.nnz / n)
        if b == "complete":
            g = nx.complete_graph(n)
        elif b == "military_hierarchy":
            sizes = net["echelons"] or [9, 3, 3, 3]
            if len(sizes) > len(ECHELONS):
                raise file.error(f"at most {len(ECHELONS)} levels", ("network", "echelons"))
            if any(v != int(v) for v in sizes):
                raise file.error("unit sizes are whole numbers", ("network", "echelons"))
            g = military_hierarchy([(ECHELONS[i], int(v)) for i, v in enumerate(sizes)],
                                   seed=seed)
        elif b == "diplomatic_corps":
            g = diplomatic_corps(net["departments"], n_embassies=net["embassies"], seed=seed)
        else:
            k = int(round(z))
            if b in ("watts_strogatz", "ring", "diaspora"):
                if k < 2 or k % 2:
                    raise file.error(f'builder = "{b}" needs an even mean_degree >= 2 (each '
                                     "node links to k/2 neighbours on each side)",
                                     ("network", "mean_degree"))
                if b == "diaspora":
                    g = diaspora_network(n, "small_world", k=k, p=net["rewiring"], seed=seed)
                else:
                    p = net["rewiring"] if b == "watts_strogatz" else 0.0
                    g = nx.watts_strogatz_graph(n, k, p, seed=seed)
            else:
                m = max(1, int(round(z / 2)))
                if m >= n:
                    raise file.error("too large for this n (needs mean_degree / 2 < n)",
                                     ("network", "mean_degree"))
                g = nx.barabasi_albert_graph(n, m, seed=seed)
    except ParameterError as exc:
        raise file.error(f"the network builder refused it: {exc}", ("network",),
                         show_value=False) from None
    mean = 2.0 * g.number_of_edges() / g.number_of_nodes()
    return g, g, mean


def _degrees(graph) -> np.ndarray:
    import networkx as nx

    if isinstance(graph, nx.Graph):
        return np.array([d for _, d in graph.degree()], dtype=float)
    return np.asarray(graph.sum(axis=1)).ravel()


def _intervention(file, i: int, iv: dict[str, Any], n: int, rule: str):
    """The compellence.cascades.interventions object of one ``[[interventions]]`` entry."""
    from ..cascades import interventions as cv

    kind = iv["kind"]
    if kind == "repression":
        return cv.Repression(threshold_increase=iv["threshold_increase"],
                             punish_prob=iv["probability"])
    if iv["targeting"] == "attribute" and not iv["attribute"]:
        raise file.error('targeting = "attribute" needs `attribute = "..."` (a node attribute, '
                         'e.g. "seniority")', ("interventions", i, "targeting"))
    if iv["attribute"] and iv["targeting"] != "attribute":
        raise file.error('only used with targeting = "attribute"',
                         ("interventions", i, "attribute"))
    count = iv["count"]
    if count is not None and count > n:
        raise file.error(f"more than the {n} people in the network", ("interventions", i, "count"))
    if kind == "broadcast" and rule == "fraction" and iv["exposure"] > 1:
        raise file.error("a broadcast's exposure is a share of neighbours: must be within [0, 1]",
                         ("interventions", i, "exposure"))
    k = count if count is not None else int(round(iv["share"] * n))
    reach = k / n
    if kind == "seed":
        return cv.Seeding(k, strategy=iv["targeting"], attribute=iv["attribute"],
                          cost_per_seed=iv["unit_cost"])
    common = dict(reach=reach, targeting=iv["targeting"], attribute=iv["attribute"])
    if kind == "broadcast":
        return cv.InformationCampaign(threshold_shift=iv["threshold_shift"],
                                      exposure=iv["exposure"], cost_per_node=iv["unit_cost"],
                                      **common)
    return cv.Incentive(amount=iv["amount"], conversion=iv["conversion"], **common)


@register
class CascadeScenario(Scenario):
    """A cascade study (``kind = "cascade"``).

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
    ... kind = "cascade"
    ... runs = 3
    ... [network]
    ... builder = "erdos_renyi"
    ... n = 200
    ... mean_degree = 4
    ... [thresholds]
    ... distribution = "normal"
    ... mean = 0.2
    ... sd = 0.05
    ... [[interventions]]
    ... name = "hubs"
    ... kind = "seed"
    ... share = 0.02
    ... targeting = "degree"
    ... ''', "c.toml")
    >>> scen
    CascadeScenario('c.toml', title='c')
    """

    kind: ClassVar[str] = "cascade"

    def describe(self) -> str:
        """One line: what the scenario is (network and interventions).

        Returns
        -------
        str
            The description.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "cascade"
        ... runs = 3
        ... [network]
        ... builder = "erdos_renyi"
        ... n = 200
        ... mean_degree = 4
        ... [thresholds]
        ... distribution = "normal"
        ... mean = 0.2
        ... sd = 0.05
        ... [[interventions]]
        ... name = "hubs"
        ... kind = "seed"
        ... share = 0.02
        ... targeting = "degree"
        ... ''', "c.toml")
        >>> print(scen.describe())
        kind = "cascade", 'c': erdos_renyi network of 200, 1 intervention(s)
        """
        d = self.data
        size = f" of {d['network']['n']}" if d["network"]["n"] else ""
        return (f'kind = "cascade", {self.title!r}: {d["network"]["builder"]} network{size}, '
                f"{len(d['interventions'])} intervention(s)")

    def network(self) -> nx.Graph | sp.csr_array:
        """The network the study runs on (networkx graph, or sparse adjacency for erdos_renyi).

        Built with the file's ``seed``, so the same file gives the same network.

        Returns
        -------
        networkx.Graph or scipy.sparse.csr_array
            The network.

        Raises
        ------
        ScenarioError
            A network the builder refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "cascade"
        ... runs = 3
        ... [network]
        ... builder = "erdos_renyi"
        ... n = 200
        ... mean_degree = 4
        ... [thresholds]
        ... distribution = "normal"
        ... mean = 0.2
        ... sd = 0.05
        ... [[interventions]]
        ... name = "hubs"
        ... kind = "seed"
        ... share = 0.02
        ... targeting = "degree"
        ... ''', "c.toml")
        >>> scen.network().shape
        (200, 200)
        """
        return _network(self.file, self.data["network"], _network_rng(self.data["seed"]))[0]

    def check(self) -> None:
        """Build the network (what ``solve`` builds first), without running cascades.

        Raises
        ------
        ScenarioError
            A network the builder refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "cascade"
        ... runs = 3
        ... [network]
        ... builder = "erdos_renyi"
        ... n = 200
        ... mean_degree = 4
        ... [thresholds]
        ... distribution = "normal"
        ... mean = 0.2
        ... sd = 0.05
        ... [[interventions]]
        ... name = "hubs"
        ... kind = "seed"
        ... share = 0.02
        ... targeting = "degree"
        ... ''', "c.toml")
        >>> scen.check()
        """
        self.network()

    def solve(self) -> CascadeReport:
        """Run the baseline, each intervention and all together; see the module docstring.

        Returns
        -------
        CascadeReport
            One row per intervention package, with the Watts condition on the
            network's degree distribution.

        Raises
        ------
        ScenarioError
            An input the cascade model refuses (naming the key path and line).

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "cascade"
        ... runs = 3
        ... [network]
        ... builder = "erdos_renyi"
        ... n = 200
        ... mean_degree = 4
        ... [thresholds]
        ... distribution = "normal"
        ... mean = 0.2
        ... sd = 0.05
        ... [[interventions]]
        ... name = "hubs"
        ... kind = "seed"
        ... share = 0.02
        ... targeting = "degree"
        ... ''', "c.toml")
        >>> report = scen.solve()
        >>> report.rows[["intervention", "mean_share"]].values.tolist()
        [['(none: baseline)', 0.0], ['hubs', 0.96]]
        """
        return run_study(self.file, self.data, watts=True)

    def sweep(self, varies: Mapping[str, Any] | Sequence[str | Vary], *,
              backend: Backend = "serial", scheduler: str | None = None,
              checkpoint: str | os.PathLike | None = None, progress: bool = False) -> SweepResult:
        """Run the study at every point of the product grid of ``varies``.

        One row per point: the varied values and the mean final share of
        defectors per intervention package (``mean_share[<name>]``).  Every point
        uses the file's ``seed`` (common random numbers across points).

        Parameters
        ----------
        varies : mapping or list of str or list of Vary
            ``{key: values}`` or the command line's ``"key=start:stop:num"``
            strings (:func:`~compellence.scenario.as_varies`); values in the unit of
            the key in the file.
        backend : {"serial", "auto", "vectorized", "process", "dask"}, optional
            As for :func:`compellence.analysis.sweep` (``"vectorized"`` means in
            this process: a cascade study is evaluated point by point); default
            ``"serial"``.
        scheduler : str or None, optional
            A Dask scheduler address (``backend="dask"``).
        checkpoint : str or os.PathLike or None, optional
            A checkpoint file: finished chunks are kept and a rerun resumes.
        progress : bool, optional
            Show a progress bar (default False).

        Returns
        -------
        SweepResult
            The table, ``kind = "cascade"``.

        Raises
        ------
        ScenarioError
            Nothing to sweep, an unknown or non-numeric key, or a value the model
            refuses.

        Examples
        --------
        >>> from compellence.scenario import loads_scenario
        >>> scen = loads_scenario('''
        ... kind = "cascade"
        ... runs = 3
        ... [network]
        ... builder = "erdos_renyi"
        ... n = 200
        ... mean_degree = 4
        ... [thresholds]
        ... distribution = "normal"
        ... mean = 0.2
        ... sd = 0.05
        ... [[interventions]]
        ... name = "hubs"
        ... kind = "seed"
        ... share = 0.02
        ... targeting = "degree"
        ... ''', "c.toml")
        >>> result = scen.sweep({"thresholds.mean": [0.2, 0.45]})
        >>> result.frame["mean_share[hubs]"].round(3).tolist()
        [0.96, 0.035]
        """
        from ..analysis import sweep as run_sweep
        from .loader import as_varies, check_vary
        from .sweep_result import SweepResult, dask_client

        varies = as_varies(varies)
        if not varies:
            raise ScenarioError("nothing to sweep: give at least one --vary KEY=START:STOP:NUM")
        check_vary(self.file, varies)
        names: dict[str, Any] = {}
        for v in varies:
            name = v.name
            while name in names:
                name += "_"
            names[name] = v
        model = _StudyModel(self.file, {n: v.path for n, v in names.items()})
        first = {n: v.values[0].item() for n, v in names.items()}
        model.sweep_outputs(**first)  # fail fast, in this process, with a located message
        client = dask_client(backend, scheduler)
        try:
            frame = run_sweep(model, {n: v.values for n, v in names.items()},
                              backend="serial" if backend == "vectorized" else backend,
                              checkpoint=checkpoint, progress=progress, client=client,
                              vectorized=False)
        finally:
            if client is not None:
                client.close()
        frame = frame.rename(columns={n: v.key for n, v in names.items()})
        return SweepResult(frame=frame, varies=tuple(varies), title=self.title, kind="cascade")


_INT_KEYS = ("n", "count", "runs", "seed", "departments", "embassies")


class _StudyModel:
    """A pointwise sweep model: grid values -> mean final shares of a cascade study."""

    vectorized = False

    def __init__(self, file, paths: dict[str, Any]):
        self.file = file
        self.paths = paths

    def sweep_outputs(self, **params: Any) -> dict[str, float]:
        from .loader import with_values

        values = {}
        for k, v in params.items():
            path = self.paths[k]
            values[path] = int(round(v)) if path[-1] in _INT_KEYS else float(v)
        rep = run_study(self.file, with_values(self.file.data, values), watts=False)
        return {f"mean_share[{r.intervention}]": r.mean_share
                for r in rep.rows.itertuples(index=False)}


def _network_rng(seed: int) -> np.random.Generator:
    """The network's own stream under the file's seed (key 0; the cascades use key 1)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows)


def run_study(file, d: dict[str, Any], watts: bool = True) -> CascadeReport:
    """Run the cascade study described by validated data ``d`` (see the module docstring)."""
    from ..cascades.analytic import watts_condition
    from ..cascades.interventions import simulate_interventions

    graph, degree_spec, mean_deg = _network(file, d["network"], _network_rng(d["seed"]))
    root = np.random.SeedSequence(d["seed"], spawn_key=(1,))
    spec, thr_text = _threshold_spec(file, d["thresholds"])
    rule = d["thresholds"]["rule"]
    n = graph.number_of_nodes() if hasattr(graph, "number_of_nodes") else graph.shape[0]
    runs = d["runs"]
    ivs = [_intervention(file, i, iv, n, rule) for i, iv in enumerate(d["interventions"])]
    # (label, interventions, their stream keys = their index in the file)
    cases = [("(none: baseline)", [], [])]
    cases += [(iv["name"], [obj], [i]) for i, (iv, obj) in enumerate(zip(d["interventions"], ivs))]
    if len(ivs) > 1:
        cases.append(("(all together)", ivs, list(range(len(ivs)))))
    rows = []
    w_out = None
    try:
        for label, active, keys in cases:
            out = simulate_interventions(graph, spec, active, kind=rule, n_runs=runs, rng=root,
                                         keys=keys)
            sh = out.shares
            rows.append({
                "intervention": label,
                "mean_share": float(sh.mean()),
                "min_share": float(sh.min()),
                "max_share": float(sh.max()),
                "global_runs": int((sh >= GLOBAL_SHARE).sum()),
                "mean_rounds": float(np.mean(out.result.rounds)),
                "cost": float(out.cost),
            })
        if watts and rule == "fraction":
            w = watts_condition(degree_spec, spec)
            w_out = {"z": w.z, "lhs": w.lhs, "margin": w.margin, "possible": bool(w.possible),
                     "cascade_probability": w.cascade_probability,
                     "vulnerable_share": w.vulnerable_share}
    except (ParameterError, GraphError) as exc:
        raise file.error(f"the cascade model refused this study: {exc}", ("interventions",),
                         show_value=False) from None
    return CascadeReport(
        title=d.get("title") or Path(file.source).stem,
        source=file.source,
        network={"builder": d["network"]["builder"], "n": int(n), "mean_degree": mean_deg},
        thresholds=thr_text,
        runs=runs,
        rows=_frame(rows),
        watts=w_out,
    )
