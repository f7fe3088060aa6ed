"""Scenario files of kind "incomplete_information": screening and signalling questions, `compellence solve`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compellence.cli import main
from compellence.errors import ScenarioError
from compellence.scenario import load_scenario, loads_scenario

EX = Path(__file__).resolve().parents[1] / "examples"
SCREENING = EX / "incomplete_information_screening.toml"
AID = EX / "incomplete_information_aid.toml"
TYING = EX / "incomplete_information_tying.toml"


def _finite_json(x) -> bool:
    if isinstance(x, dict):
        return all(_finite_json(v) for v in x.values())
    if isinstance(x, list):
        return all(_finite_json(v) for v in x)
    if isinstance(x, float):
        return math.isfinite(x)
    return not (isinstance(x, str) and x.lower() in ("inf", "-inf", "nan"))


def _screening_toml(thresholds, prior, w, rejected=()) -> str:
    lines = ['kind = "incomplete_information"', 'question = "screening"']
    for i, (xb, q) in enumerate(zip(thresholds, prior)):
        lines += ["[[target_types]]", f'name = "t{i}"', f"prior = {q!r}"]
        if xb is not None:
            lines.append(f"acceptance_threshold = {xb!r}")
    lines += ["[screening]", f"coercer_war_payoff = {w!r}", f"rejected_offers = {list(rejected)!r}"]
    return "\n".join(lines) + "\n"


def test_cli_prints_the_screening_answer_as_a_table_and_json(capsys):
    assert main(["solve", str(SCREENING)]) == 0
    out = capsys.readouterr().out
    assert "optimal demand (derived)" in out and "rejects every off-ramp" in out
    assert "posterior after the rejected offers" in out
    assert main(["solve", str(SCREENING), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert _finite_json(d)
    # by hand: thresholds 0.4 / 0.1 / none, prior 0.5 / 0.3 / 0.2, w = 0:
    # EU(0.4) = 0.4 * 0.5 = 0.2 > EU(0.1) = 0.1 * 0.8 = 0.08
    assert d["demand"] == pytest.approx(0.4) and isinstance(d["demand"], float)
    assert d["settlement_probability"] == pytest.approx(0.5)
    assert d["coercer_payoff"] == pytest.approx(0.2)
    un = d["types"][2]
    assert un["acceptance_threshold"] is None and un["rejects_every_offramp"] is True
    # after rejecting 0.3 only hard (0.3) and unappeasable (0.2) remain: 0.2 / 0.5 = 0.4; then 0.05: only
    # the unappeasable type rejects
    post = [s["posterior_unappeasable"] for s in d["posterior_path"]]
    assert post == pytest.approx([0.2, 0.4, 1.0])
    assert d["posterior_path"][0]["rejected_offer"] is None
    assert d["posterior_path"][1]["rejection_probability"] == pytest.approx(0.5)
    best = [r for r in d["tradeoff"] if r["coercer_optimum"]]
    assert len(best) == 1 and best[0]["demand"] == pytest.approx(0.4)


def test_cli_prints_the_signalling_answer_as_a_table_and_json(capsys):
    assert main(["solve", str(AID)]) == 0
    out = capsys.readouterr().out
    assert "equilibria at each aid cost" in out and "0.2 <= k <= 0.6" in out
    assert main(["solve", str(AID), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert _finite_json(d)
    # closed form by hand: v_B = 0.2 <= k <= (1 - 0.6) * 1 + 0.2 = 0.6
    rows = d["aid_costs"]
    assert [r["aid_cost"] for r in rows] == [0.1, 0.3, 0.7]
    assert [r["resolve_revealed"] for r in rows] == [False, True, False]
    assert [r["separating_d1"] for r in rows] == [False, True, False]
    assert all(isinstance(r["n_pure_equilibria"], int) for r in rows)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(-0.5, 1.0)), min_size=1, max_size=4),
       st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4), st.floats(-0.5, 0.5))
def test_screening_answer_matches_a_brute_force_search(xbar, weights, w):
    if all(x is None for x in xbar):
        xbar = [*xbar[:-1], 0.3]
    n = len(xbar)
    q = np.array(weights[:n]) / sum(weights[:n])
    q[-1] = 1 - q[:-1].sum()
    if q[-1] < 0:
        return
    rep = loads_scenario(_screening_toml(xbar, q.tolist(), w)).solve()
    xb = np.array([-np.inf if x is None else x for x in xbar])

    def eu(c):  # independent: the coercer's expected payoff of demand c
        acc = xb >= c
        return c * q[acc].sum() + w * q[~acc].sum()

    cands = sorted({max(x, 0.0) for x in xb if np.isfinite(x)})
    best = max(eu(c) for c in cands)
    assert rep.coercer_payoff == pytest.approx(max(best, w), abs=1e-9)
    if np.isfinite(rep.demand):
        assert eu(rep.demand) == pytest.approx(rep.coercer_payoff, abs=1e-9)
        assert rep.settlement_probability == pytest.approx(q[xb >= rep.demand].sum(), abs=1e-9)


def test_bad_inputs_are_refused_by_key_and_line():
    text = SCREENING.read_text()
    with pytest.raises(ScenarioError, match="sum to 1") as e:
        loads_scenario(text.replace("prior = 0.5", "prior = 0.6")).check()
    assert "target_types[0].prior" in str(e.value)
    with pytest.raises(ScenarioError, match="target_types\\[1\\].prior"):
        loads_scenario(text.replace("prior = 0.3", "prior = -0.3"))
    with pytest.raises(ScenarioError, match="did you mean"):
        loads_scenario(text.replace("acceptance_threshold = 0.4", "acceptance_treshold = 0.4"))
    with pytest.raises(ScenarioError, match="name"):
        loads_scenario(text.replace('name = "hard"', 'name = "pragmatic"'))
    with pytest.raises(ScenarioError, match="needs \\[signalling\\]"):
        loads_scenario(text.replace('question = "screening"', 'question = "signalling"')).check()
    with pytest.raises(ScenarioError, match="screening.rejected_offers"):
        loads_scenario(text.replace('prior = 0.2', 'prior = 0.2\nacceptance_threshold = 0.05')
                       .replace("[0.3, 0.05]", "[0.3, 0.01]")).check()
    aid = AID.read_text()
    with pytest.raises(ScenarioError, match="signalling.value_bluffer"):
        loads_scenario(aid.replace("value_bluffer = 0.2", "value_bluffer = 0.5")).check()
    with pytest.raises(ScenarioError, match="signalling.demand"):
        loads_scenario(aid.replace("demand = 0.3", "demand = 1.5")).check()


def test_examples_load_and_describe():
    for f in (SCREENING, AID, TYING):
        s = load_scenario(f)
        assert s.kind == "incomplete_information" and s.question in s.describe()


def test_no_settling_demand_is_null_with_a_status_in_json(capsys):
    # w = 0.5 beats every settlement: EU(0.1) = 0.08 + 0.5 * 0.2 = 0.18, EU(0.4) = 0.2 + 0.25 = 0.45 < 0.5
    assert main(["solve", str(SCREENING), "--set", "screening.coercer_war_payoff=0.5", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["demand"] is None and d["demand_settles"] is False
    assert d["war_probability"] == 1.0 and d["coercer_payoff"] == pytest.approx(0.5)
    assert main(["solve", str(SCREENING), "--set", "screening.coercer_war_payoff=0.5"]) == 0
    assert "none settles: war" in capsys.readouterr().out


def test_cli_prints_the_tying_cutpoint(capsys):
    assert main(["solve", str(TYING)]) == 0
    assert "cutpoint" in capsys.readouterr().out
    assert main(["solve", str(TYING), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert _finite_json(d)
    # by hand: s = min(0.5 / 1, 1) = 0.5; v* = 0.5 * 0.3 / (0.5 + 0.5 * 0.6) = 0.1875; a* = 0.3 - 0.6 v* = 0.1875
    assert d["cutpoint"] == pytest.approx(0.1875) and d["audience_cost"] == pytest.approx(0.1875)
    assert d["war_probability"] == pytest.approx((1 - 0.1875) * 0.5)
    assert d["bluff_probability"] == 0.0
    with pytest.raises(ScenarioError, match="tying.value_high"):
        loads_scenario(TYING.read_text() + "value_low = 0.5\nvalue_high = 0.5\n").check()
    with pytest.raises(ScenarioError, match="needs \\[tying\\]"):
        loads_scenario(SCREENING.read_text().replace('question = "screening"', 'question = "tying"')).check()
