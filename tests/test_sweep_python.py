"""Sweeping from Python: ``scenario.sweep`` takes ``{key: values}`` or the command line's
strings, ``SweepResult.plot()`` returns the Axes, and results and reports render as HTML
in a notebook."""

from __future__ import annotations

from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from compellence.errors import ScenarioError  # noqa: E402
from compellence.scenario import as_varies, load_scenario, parse_vary  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def russia():
    return load_scenario(EXAMPLES / "russia_2022.toml")


def test_mapping_strings_and_vary_objects_give_the_same_table(russia) -> None:
    by_string = russia.sweep(["assurance.credibility=0:1:5"])
    by_mapping = russia.sweep({"assurance.credibility": np.linspace(0, 1, 5)})
    by_grid_string = russia.sweep({"assurance.credibility": "0:1:5"})
    by_vary = russia.sweep([parse_vary("assurance.credibility=0:1:5")])
    by_single = russia.sweep("assurance.credibility=0:1:5")
    for other in (by_mapping, by_grid_string, by_vary, by_single):
        np.testing.assert_array_equal(other.frame.to_numpy(), by_string.frame.to_numpy())
    assert list(by_string.frame["assurance.credibility"]) == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_a_mapping_keeps_the_users_values_and_order(russia) -> None:
    values = [0.9, 0.1, 0.5]
    result = russia.sweep({"assurance.credibility": values, "demand.concession": [0.0, 0.2]})
    assert result.n_points == 6
    assert sorted(set(result.frame["assurance.credibility"])) == sorted(values)
    # the margin is linear in pi_A at fixed everything else (docs/coercion.md):
    # equal steps in pi_A give equal steps in M
    one = result.frame[result.frame["demand.concession"] == 0.0].sort_values(
        "assurance.credibility")["margin"].to_numpy()
    np.testing.assert_allclose(one[1] - one[0], one[2] - one[1], rtol=1e-9)
    assert one[1] > one[0]  # and M rises in pi_A (pi_A multiplies r s D > 0)


@pytest.mark.parametrize("bad, words", [
    ({"assurance.credibility": []}, "non-empty"),
    ({"assurance.credibility": [[0.1, 0.2]]}, "1-D"),
    ({"assurance.credibility": ["a"]}, "numbers"),
    ({"assurance.credibility": [0.1, float("nan")]}, "finite"),
    ({"assurance.credibility": "0:1"}, "START:STOP:NUM"),
    ([3.0], "string"),
    (42, "takes"),
])
def test_bad_sweep_input_is_refused_with_the_key(russia, bad, words) -> None:
    with pytest.raises(ScenarioError, match=words):
        russia.sweep(bad)


def test_an_unknown_key_in_a_mapping_is_refused_like_the_cli(russia) -> None:
    with pytest.raises(ScenarioError, match="no_such_key"):
        russia.sweep({"assurance.no_such_key": [0.1]})


def test_as_varies_names_keys_like_the_cli() -> None:
    (v,) = as_varies({"instruments[0].reversibility": (0.2, 0.4)})
    assert v.key == "instruments[0].reversibility" and v.name == "instruments_0_reversibility"
    np.testing.assert_array_equal(v.values, [0.2, 0.4])


def test_plot_returns_the_axes_and_writes_a_file_when_asked(russia, tmp_path) -> None:
    result = russia.sweep({"assurance.credibility": "0:1:11", "demand.concession": "0:0.4:11"})
    ax = result.plot()
    assert isinstance(ax, matplotlib.axes.Axes)
    assert ax.get_xlabel() == "assurance credibility" and ax.get_ylabel() == "demand concession"
    assert plt.fignum_exists(ax.figure.number)  # left open: a notebook shows it
    plt.close(ax.figure)
    out = tmp_path / "map.png"
    ax2 = result.plot(out)
    assert out.stat().st_size > 0 and not plt.fignum_exists(ax2.figure.number)
    one = russia.sweep({"assurance.credibility": "0:1:11"})
    fig, given = plt.subplots()
    assert one.plot(ax=given) is given and given.get_ylabel() == "off-ramp margin M"
    plt.close(fig)


def test_results_and_reports_render_as_html(russia) -> None:
    result = russia.sweep({"assurance.credibility": "0:1:3"})
    html = result._repr_html_()
    assert "<table" in html and "assurance.credibility" in html and "margin" in html
    assert result.summary() in html
    report = russia.solve()
    rhtml = report._repr_html_()
    assert rhtml.startswith("<pre") and "margin" in rhtml
    assert report.to_table().splitlines()[0].replace("&", "&amp;") in rhtml
    game = load_scenario(EXAMPLES / "teaching" / "compellence_threat.toml").solve()
    assert game._repr_html_() == f"<pre style=\"font-size: 90%; line-height: 1.25\">{escape(game.to_table())}</pre>"
    dynamics = load_scenario(EXAMPLES / "dynamics_bite.toml").solve()
    assert escape(dynamics.to_table()) in dynamics._repr_html_()
