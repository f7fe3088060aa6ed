"""One-call questions: posterior after rejections, settlement vs war risk, does aid separate."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compellence.coercion.questions import (
    aid_separation,
    settlement_tradeoff,
    unappeasable_given_rejections,
)
from compellence.coercion.screening import screen
from compellence.errors import ParameterError

TYPES = ["pragmatic", "hard", "unappeasable"]


def test_posterior_after_rejections_by_hand():
    """Prior (0.5, 0.3, 0.2), thresholds (0.4, 0.1, -inf).  Rejecting 0.3 rules out the pragmatic
    type: posterior (0, 0.3, 0.2) / 0.5 = (0, 0.6, 0.4).  Rejecting 0.05 rules out the hard type:
    the target rejects every off-ramp with probability 1."""
    df = unappeasable_given_rejections([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], [0.3, 0.05], types=TYPES)
    assert list(df["posterior_unappeasable"]) == pytest.approx([0.2, 0.4, 1.0])
    assert list(df["rejection_probability"].iloc[1:]) == pytest.approx([0.5, 0.4])
    assert df["posterior[hard]"].iloc[1] == pytest.approx(0.6)
    with pytest.raises(ParameterError) as ex:
        unappeasable_given_rejections([0.4, 0.1], [0.5, 0.5], [0.05])
    assert ex.value.name == "rejected_offers"


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_posterior_is_bayes_on_random_histories(seed):
    rng = np.random.default_rng(seed)
    N = int(rng.integers(2, 5))
    xbar = np.round(rng.uniform(-0.2, 1.0, N), 3)
    xbar[0] = -np.inf
    q = rng.dirichlet(np.ones(N))
    offers = np.sort(rng.uniform(0.0, 1.0, 3))[::-1]
    df = unappeasable_given_rejections(xbar, q, offers)
    # by hand: after all rejections only types with xbar < min(offers) remain, in proportion to q
    keep = q * (xbar < offers.min())
    last = df.iloc[-1]
    for i in range(N):
        assert last[f"posterior[type{i}]"] == pytest.approx(keep[i] / keep.sum())
    assert last["posterior_unappeasable"] == pytest.approx(keep[xbar < 0].sum() / keep.sum())


def test_settlement_tradeoff_table():
    df = settlement_tradeoff([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], 0.0, types=TYPES)
    assert list(df["demand"]) == [0.1, 0.4]
    assert list(df["settlement_probability"]) == pytest.approx([0.8, 0.5])
    assert df.loc[df["max_settlement"], "demand"].item() == 0.1
    opt = df.loc[df["coercer_optimum"]]
    assert opt["demand"].item() == pytest.approx(float(screen([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], 0.0).demand))
    assert opt["extra_war_risk"].item() == pytest.approx(0.3)


def test_aid_separation_table_matches_the_closed_form():
    k = np.linspace(0, 1, 21)
    df = aid_separation([0.2, 0.8], [1.0, 0.2], war_share=0.6, war_cost=0.2, demand=0.3, punishment=1.0,
                        aid_cost=k)
    np.testing.assert_array_equal(df["resolve_revealed"], df["closed_form_separates"])
    assert df["aid_cost_low"].iloc[0] == 0.2 and df["aid_cost_high"].iloc[0] == pytest.approx(0.6)


def test_question_plots_draw_the_table_columns():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from compellence.analysis.question_plots import (
        plot_aid_separation,
        plot_posterior_path,
        plot_settlement_tradeoff,
    )

    df = unappeasable_given_rejections([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], [0.3, 0.05], types=TYPES)
    ax = plot_posterior_path(df)
    np.testing.assert_allclose(ax.lines[-1].get_ydata(), df["posterior_unappeasable"])
    ax = plot_settlement_tradeoff(settlement_tradeoff([0.4, 0.1, -np.inf], [0.5, 0.3, 0.2], 0.0))
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.8, 0.5])
    ax = plot_aid_separation(aid_separation([0.2, 0.8], [1.0, 0.2], war_share=0.6, war_cost=0.2, demand=0.3,
                                            punishment=1.0, aid_cost=np.linspace(0, 1, 11)))
    assert ax.get_xlabel().startswith("cost of overt aid")
    with pytest.raises(ParameterError) as ex:
        plot_posterior_path(df.drop(columns=["posterior_unappeasable"]))
    assert ex.value.name == "table"
    plt.close("all")
