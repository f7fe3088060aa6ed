"""cp.analysis plots: each renders to PNG with the Agg backend; their inputs are validated."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import compellence as cp  # noqa: E402
from compellence import analysis as an  # noqa: E402
from compellence.errors import ParameterError  # noqa: E402

PATH_RED = matplotlib.colors.to_rgba("#C0392B")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def render(ax: Axes) -> bytes:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=40)
    data = buf.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000
    return data


@an.vectorized
def margin(pi_T, r, x=0.3, s=0.2, delta=0.9, pi_A=0.8):
    """Canonical off-ramp margin (docs/coercion.md; irreversible punishment on every branch)."""
    D = delta / (1 - delta)
    return {"margin": (pi_T + pi_A - 1) * r * s * D - x}


def threat_game(p=0.7):
    return cp.Game(
        ["Coercer", "Target"],
        cp.decision("Coercer", {
            "demand": cp.decision("Target", {
                "comply": cp.outcome(1.0, -1.0),
                "resist": cp.chance({
                    "resolved": (p, cp.outcome(-1.0, -3.0)),
                    "bluff": (1 - np.asarray(p), cp.outcome(-2.0, 0.0)),
                }),
            }),
            "status quo": cp.outcome(0.0, 0.0),
        }),
        title="Compellence with a threat",
    )


# ---------------------------------------------------------------------- off-ramp map
def test_offramp_map_from_a_sweep_has_the_viability_contour():
    df = an.sweep(margin, {"pi_T": np.linspace(0, 1, 21), "r": np.linspace(0, 1, 11)},
                  progress=False)
    ax = an.plot_offramp_map(df, "pi_T", "r")
    assert isinstance(ax, Axes)
    # readable labels, not raw column names
    assert ax.get_xlabel() == "threat credibility π_T" and ax.get_ylabel() == "reversibility r"
    share = (df.margin >= 0).mean()
    assert f"{share:.0%}" in ax.get_title()
    # a contour set at level 0 exists (the viability frontier)
    contours = [c for c in ax.collections if hasattr(c, "levels")]
    assert contours and list(contours[0].levels) == [0.0]
    render(ax)


def test_offramp_map_from_arrays_and_one_signed_margin():
    xs, ys = np.linspace(0, 1, 5), np.linspace(0, 1, 4)
    m = xs[:, None] - ys[None, :]
    fig, ax = plt.subplots()
    assert an.plot_offramp_map(x=xs, y=ys, margin=m, ax=ax, colorbar=False, title="t") is ax
    render(ax)
    # all viable: no contour, still renders
    ax2 = an.plot_offramp_map(x=xs, y=ys, margin=np.ones((5, 4)))
    assert not [c for c in ax2.collections if hasattr(c, "levels")]
    render(ax2)


def test_offramp_map_validation():
    df = an.sweep(margin, {"pi_T": [0.0, 1.0], "r": [0.0, 1.0], "x": [0.1, 0.2]}, progress=False)
    with pytest.raises(ParameterError, match="several rows"):
        an.plot_offramp_map(df, "pi_T", "r")
    with pytest.raises(ParameterError, match="no column 'rr'") as info:
        an.plot_offramp_map(df, "pi_T", "rr")
    assert info.value.name == "y"
    with pytest.raises(ParameterError, match=r"shape \(len\(x\), len\(y\)\)"):
        an.plot_offramp_map(x=[0, 1], y=[0, 1, 2], margin=np.zeros((3, 2)))
    with pytest.raises(ParameterError, match="no finite values"):
        an.plot_offramp_map(x=[0, 1], y=[0, 1], margin=np.full((2, 2), np.nan))
    with pytest.raises(ParameterError, match="DataFrame"):
        an.plot_offramp_map({"a": 1}, "a", "b")
    with pytest.raises(ParameterError, match="matplotlib Axes"):
        an.plot_offramp_map(df[df.x == 0.1], "pi_T", "r", ax="left")


# ---------------------------------------------------------------------- tornado
BASE = dict(x=0.3, s=0.2, delta=0.9, pi_T=0.8, pi_A=0.8, r=0.6)
RANGES = dict(x=(0.1, 0.5), s=(0.1, 0.3), delta=(0.8, 0.95), pi_T=(0.6, 1.0), pi_A=(0.5, 1.0),
              r=(0.3, 0.9))


def test_oat_sensitivity_matches_the_formula_and_the_tornado_renders():
    def m(x, s, delta, pi_T, pi_A, r):
        return margin(pi_T, r, x=x, s=s, delta=delta, pi_A=pi_A)["margin"]

    sens = an.oat_sensitivity(m, BASE, RANGES)
    assert sens.attrs["output"] == "value"
    assert list(sens.swing) == sorted(sens.swing, reverse=True)
    row = sens.set_index("parameter").loc["r"]
    lo = m(**{**BASE, "r": 0.3})
    hi = m(**{**BASE, "r": 0.9})
    assert row.output_low == lo and row.output_high == hi and row.swing == abs(hi - lo)
    assert row.base_output == m(**BASE)
    ax = an.plot_tornado(sens, threshold=0.0, output_label="off-ramp margin")
    assert len(ax.patches) == 2 * len(RANGES)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == sens.parameter[0]  # top bar
    render(ax)


def test_oat_sensitivity_with_the_coercion_closed_form():
    offramp = pytest.importorskip("compellence.coercion.offramp")
    sens = an.oat_sensitivity(offramp.offramp_margin, BASE, RANGES, vectorized=True)
    ours = an.oat_sensitivity(margin, BASE, RANGES, output="margin")
    np.testing.assert_allclose(sens.swing.to_numpy(), ours.swing.to_numpy(), rtol=1e-12)
    render(an.plot_tornado(sens, threshold=0.0))


def test_tornado_and_sensitivity_validation():
    with pytest.raises(ParameterError, match="no base value") as info:
        an.oat_sensitivity(margin, {"pi_T": 0.5, "r": 0.5}, {"x": (0, 1)})
    assert info.value.name == "x"
    with pytest.raises(ParameterError, match=r"\(low, high\) pair"):
        an.oat_sensitivity(margin, {"pi_T": 0.5, "r": 0.5}, {"r": 0.3})
    with pytest.raises(ParameterError, match="non-empty mapping"):
        an.oat_sensitivity(margin, {}, {"r": (0, 1)})
    with pytest.raises(ParameterError, match="non-empty mapping"):
        an.oat_sensitivity(margin, {"pi_T": 0.5, "r": 0.5}, {})
    with pytest.raises(ParameterError, match="not a model output"):
        an.oat_sensitivity(margin, {"pi_T": 0.5, "r": 0.5}, {"r": (0, 1)}, output="nope")

    def two(a):
        return {"u": a, "v": -a}

    with pytest.raises(ParameterError, match="several numeric outputs"):
        an.oat_sensitivity(two, {"a": 0.5}, {"a": (0, 1)})
    with pytest.raises(ParameterError, match="missing columns"):
        an.plot_tornado(pd.DataFrame({"parameter": ["a"]}))
    with pytest.raises(ParameterError, match="DataFrame"):
        an.plot_tornado([1, 2])
    empty = an.oat_sensitivity(two, {"a": 0.5}, {"a": (0, 1)}, output="u").iloc[:0]
    with pytest.raises(ParameterError, match="no rows"):
        an.plot_tornado(empty)


# ---------------------------------------------------------------------- game tree
def _red_lines(ax: Axes) -> int:
    return sum(
        1 for ln in ax.lines
        if matplotlib.colors.to_rgba(ln.get_color()) == PATH_RED and ln.get_linewidth() > 2
        and len(ln.get_xdata()) == 2
    )


def test_game_tree_highlights_the_equilibrium_path_and_labels_numbers():
    g = threat_game()
    sol = cp.spe(g)
    assert sol.path() == ("demand", "comply")
    ax = an.plot_game_tree(g, sol)
    assert _red_lines(ax) == 2  # demand, comply
    texts = {t.get_text().strip() for t in ax.texts}
    assert {"resolved (0.7)", "bluff (0.3)", "Coercer", "Target", "Chance", "-3"} <= texts
    assert ax.get_title() == "Compellence with a threat"
    render(ax)
    plain = an.plot_game_tree(g)
    assert _red_lines(plain) == 0
    render(plain)


def test_game_tree_batched_mixed_and_infosets():
    g = threat_game(np.array([0.2, 0.7]))
    sol = cp.spe(g)
    ax = an.plot_game_tree(g, sol, index=0)  # weak threat: no demand is worth making
    texts = {t.get_text().strip() for t in ax.texts}
    assert "resolved (0.2)" in texts
    assert sol.path(0) == ("status quo",) and _red_lines(ax) == 1
    render(ax)
    assert _red_lines(an.plot_game_tree(g, sol, index=1)) == 2
    # chance on the path: both branches are highlighted, and the best reply below one
    c = cp.Game(["A"], cp.chance({
        "h": (0.5, cp.decision("A", {"a": cp.outcome(1.0), "b": cp.outcome(0.0)})),
        "t": (0.5, cp.outcome(0.5)),
    }))
    assert _red_lines(an.plot_game_tree(c, cp.spe(c))) == 3
    ranges = an.plot_game_tree(g)  # no index: numbers as ranges
    assert "resolved (0.2..0.7)" in {t.get_text().strip() for t in ranges.texts}
    with pytest.raises(ParameterError, match="give index"):
        an.plot_game_tree(g, sol)
    # a mixed behaviour and an information set
    h = cp.Game(["A", "B"], cp.decision("A", {
        "l": cp.decision("B", {"x": cp.outcome(1, 1), "y": cp.outcome(0, 0)}, infoset="b"),
        "r": cp.decision("B", {"x": cp.outcome(0, 0), "y": cp.outcome(1, 1)}, infoset="b"),
    }))
    ep = np.array([1.0, 0.25, 0.75, 0.5, 0.5, 0.5, 0.5])

    class Mixed:
        edge_prob = ep

    ax = an.plot_game_tree(h, Mixed())
    texts = {t.get_text().strip() for t in ax.texts}
    assert "l [0.25]" in texts and "x [0.5]" in texts
    arcs = [p for p in ax.patches if str(p.get_gid()).startswith("infoset:")]
    assert len(arcs) == 1  # one mark for the information set of B
    render(ax)


def test_game_tree_validation():
    g = threat_game()
    with pytest.raises(ParameterError, match="needs a Game"):
        an.plot_game_tree("tree")
    with pytest.raises(ParameterError, match="max_nodes"):
        an.plot_game_tree(g, max_nodes=3)
    with pytest.raises(ParameterError, match="edge_prob"):
        an.plot_game_tree(g, object())
    other = cp.spe(cp.Game(["A"], cp.decision("A", {"a": cp.outcome(1.0), "b": cp.outcome(0.0)})))
    with pytest.raises(ParameterError, match="another game"):
        an.plot_game_tree(g, other)
    with pytest.raises(ParameterError, match="not batched"):
        an.plot_game_tree(g, index=0)


# ---------------------------------------------------------------------- QRE path
def test_qre_path_from_arrays_mapping_and_long_table():
    lam = np.r_[0.0, np.logspace(-2, 2, 30)]
    p = 1 / (1 + np.exp(-0.5 * lam))
    ax = an.plot_qre_path(lam, np.c_[p, 1 - p], labels=["comply", "resist"])
    assert [ln.get_label() for ln in ax.lines] == ["comply", "resist"]
    render(ax)
    ax = an.plot_qre_path(lam, {"Target: comply": p})
    render(ax)
    long = pd.DataFrame({
        "lam": np.repeat(lam, 2),
        "player": "Target",
        "action": np.tile(["comply", "resist"], lam.size),
        "probability": np.c_[p, 1 - p].ravel(),
    })
    ax = an.plot_qre_path(long.sample(frac=1.0, random_state=1), logx=False)
    labels = sorted(ln.get_label() for ln in ax.lines)
    assert labels == ["Target: comply", "Target: resist"]
    line = next(ln for ln in ax.lines if ln.get_label() == "Target: comply")
    np.testing.assert_allclose(line.get_ydata(), p)
    render(ax)


def test_qre_path_with_a_result_object():
    qre = pytest.importorskip("compellence.solvers.qre")
    qre_path = getattr(qre, "qre_path", None)
    if qre_path is None:
        pytest.skip("compellence.solvers.qre.qre_path not available")
    nf = cp.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], title="prisoners' dilemma")
    path = qre_path(nf)
    ax = an.plot_qre_path(path)
    assert len(ax.lines) == 4
    np.testing.assert_allclose(ax.lines[0].get_xdata(), path.lam)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), path.profiles[:, 0])
    render(ax)
    wide = an.plot_qre_path(path.to_frame())  # the wide table works too
    np.testing.assert_allclose(wide.lines[3].get_ydata(), path.profiles[:, 3])
    render(wide)
    tree = qre_path(threat_game(), lam_max=5.0)  # agent QRE of a game tree
    render(an.plot_qre_path(tree))


def test_qre_path_validation():
    with pytest.raises(ParameterError, match=r"2 labels for 1"):
        an.plot_qre_path([0, 1], [0.5, 0.6], labels=["a", "b"])
    with pytest.raises(ParameterError, match="has 3 points but lam has 2"):
        an.plot_qre_path([0, 1], {"a": [0.5, 0.6, 0.7]})
    with pytest.raises(ParameterError, match="lam must be >= 0"):
        an.plot_qre_path([-1, 1], [0.5, 0.6])
    with pytest.raises(ParameterError, match="'lam' and a 'probability' column"):
        an.plot_qre_path(pd.DataFrame({"x": [1]}))
    with pytest.raises(ParameterError, match="give lam and probs"):
        an.plot_qre_path(42)
    with pytest.raises(ParameterError, match="no label columns"):
        an.plot_qre_path(pd.DataFrame({"lam": [0.0], "probability": [1.0]}))
    with pytest.raises(ParameterError, match=r"\(len\(lam\), k\)"):
        an.plot_qre_path([0, 1], np.zeros((2, 2, 2)))


# ---------------------------------------------------------------------- cascades
def test_cascade_plot_from_runs_dataframe_and_results():
    x = np.linspace(0, 1, 11)
    runs = (x[:, None] > 0.5) * 0.8 + np.linspace(0, 0.1, 20)[None, :]
    ax = an.plot_cascade(x, runs, critical=[0.5, np.inf])
    assert ax.collections  # the quantile band
    np.testing.assert_allclose(ax.lines[0].get_ydata(), runs.mean(axis=1))
    render(ax)
    df = pd.DataFrame({"repression": np.repeat(x, 3), "size": np.repeat(runs[:, 0], 3)})
    ax = an.plot_cascade("repression", "size", data=df, band=None)
    assert ax.get_xlabel() == "repression"
    render(ax)


def test_cascade_plot_with_real_cascade_results():
    threshold = pytest.importorskip("compellence.cascades.threshold")
    nx = pytest.importorskip("networkx")
    g = nx.erdos_renyi_graph(60, 0.08, seed=3)
    phis = [0.1, 0.2, 0.3]
    results = [
        threshold.batch_cascades(g, phi, n_random_seeds=2, n_runs=8, rng=1) for phi in phis
    ]
    ax = an.plot_cascade(phis, results)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [r.shares.mean() for r in results])
    assert "share" in ax.get_ylabel()
    render(ax)
    single = [threshold.threshold_cascade(g, phi, seeds=[0, 1]) for phi in phis]
    render(an.plot_cascade(phis, single))


def test_cascade_validation():
    with pytest.raises(ParameterError, match="one entry"):
        an.plot_cascade([0, 1, 2], [0.1, 0.2])
    with pytest.raises(ParameterError, match="give the cascade sizes"):
        an.plot_cascade([0, 1])
    with pytest.raises(ParameterError, match="quantiles"):
        an.plot_cascade([0, 1], np.ones((2, 3)), band=(0.9, 0.1))
    with pytest.raises(ParameterError, match="no column 'size'"):
        an.plot_cascade("x", "size", data=pd.DataFrame({"x": [1.0]}))
    with pytest.raises(ParameterError, match="must be a number or numeric array"):
        an.plot_cascade(["a", "b"], [0.1, 0.2])


# ---------------------------------------------------------------------- coalitions
def test_coalition_window_with_a_real_coalition():
    coal = pytest.importorskip("compellence.coercion.coalitions")
    c = coal.Coalition(["US", "EU", "UK"], thresholds=[0.2, 0.35, 0.25],
                       threshold_sd=[0.05, 0.1, 0.05])
    win = coal.offramp_window(c, 0.9, 0.8, 0.2, 9.0)
    ax = an.coalition_window(c, pi_T=0.9, r=0.8, s=0.2, D=9.0)
    labels = ax.get_legend_handles_labels()[1]
    assert f"window [{float(win.x_lo):.3g}, {float(win.x_hi):.3g}]" in labels
    assert {"US: x = 0.2", "EU: x = 0.35", "UK: x = 0.25"} <= set(labels)  # named in the legend
    render(ax)
    with pytest.raises(ParameterError, match="needs a Coalition"):
        an.coalition_window("G7", pi_T=0.9, r=0.8, s=0.2, D=9.0)
    with pytest.raises(ParameterError, match="scalar") as info:
        an.coalition_window(c, pi_T=[0.9, 0.8], r=0.8, s=0.2, D=9.0)
    assert info.value.name == "pi_T"
    with pytest.raises(ParameterError, match="integer >= 3"):
        an.coalition_window(c, pi_T=0.9, r=0.8, s=0.2, D=9.0, points=2)
    batched = coal.Coalition(["A", "B"], thresholds=[np.array([0.1, 0.2]), 0.3])
    with pytest.raises(ParameterError, match="batched"):
        an.coalition_window(batched, pi_T=0.9, r=0.8, s=0.2, D=9.0)


def test_coalition_window_from_arrays():
    x = np.linspace(0, 1, 101)
    p = np.clip((x - 0.2) / 0.3, 0, 1)
    m = (0.9 + p * 0.8 - 1) * 1.8 - x
    ax = an.plot_coalition_window(x, m, lift_probability=p, thresholds={"A": 0.2, "B": 0.5})
    assert "viable (M ≥ 0)" in ax.get_legend_handles_labels()[1]
    render(ax)
    with pytest.raises(ParameterError, match="shape of x"):
        an.plot_coalition_window(x, m[:5])
    with pytest.raises(ParameterError, match="shape of x"):
        an.plot_coalition_window(x, m, lift_probability=p[:3])
    with pytest.raises(ParameterError, match="pair"):
        an.plot_coalition_window(x, m, window=0.3)


def test_bad_input_leaves_no_stray_figure():
    plt.close("all")
    for call in (
        lambda: an.plot_offramp_map(x=[0, 1], y=[0, 1], margin=np.zeros((3, 3))),
        lambda: an.plot_tornado(pd.DataFrame({"parameter": ["a"]})),
        lambda: an.plot_qre_path([-1, 1], [0.5, 0.6]),
        lambda: an.plot_cascade([0, 1], [0.1, 0.2, 0.3]),
        lambda: an.plot_cascade([0, 1], np.ones((2, 3)), band=(0.5, 0.2)),
        lambda: an.plot_coalition_window([0, 1], [0.0]),
        lambda: an.plot_game_tree(threat_game(), max_nodes=2),
    ):
        with pytest.raises(ParameterError):
            call()
    assert plt.get_fignums() == []


# ---------------------------------------------------------------------- coercion over time
def _dynamic_solution():
    from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic

    m = CoercionDynamics(punishment_levels=2, demands=(0.4, 0.8), bite=(0.2, 0.5, 1.0), cohesion=(1.0, 0.8, 0.6),
                         fray=0.3, power=(0.6, 0.5), power_shift=0.5, war=True, audience_cost=0.03,
                         threat_credibility=0.9, assurance_credibility=0.9, punishment_per_period=0.4)
    return backward_induction_dynamic(m.game(), 12)


def test_policy_map_renders_every_state_of_the_slice():
    sol = _dynamic_solution()
    ax = an.plot_policy_map(sol, "bite", "punishment", fixed={"demand": 1})
    render(ax)
    img = ax.images[0].get_array()
    assert img.shape == (3, 3) and not np.ma.is_masked(img)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(texts) <= set(sol.game.coercer_actions) and texts
    render(an.plot_policy_map(sol, "bite", "punishment", player="target", period=3))
    with pytest.raises(ParameterError, match="unknown state variable"):
        an.plot_policy_map(sol, "bite", "morale")
    with pytest.raises(ParameterError):
        an.plot_policy_map(sol, "bite", "bite")


def test_paths_and_offramp_plots_render():
    from compellence.coercion.dynamics import simulate

    sol = _dynamic_solution()
    paths = simulate(sol, n_paths=200, seed=3)
    det = simulate(sol, chance=False)
    ax = an.plot_paths(paths, "cohesion", deterministic=det)
    render(ax)
    assert len(ax.collections) >= 1  # the band
    ax2 = an.plot_offramp_open(paths)
    render(ax2)
    heights = [p.get_height() for p in ax2.patches]
    np.testing.assert_allclose(heights, paths.open.mean(axis=0))
    with pytest.raises(ParameterError):
        an.plot_paths(paths, "cohesion", quantiles=(0.9, 0.1))
    with pytest.raises(ParameterError):
        an.plot_offramp_open(sol)
