"""Scenario files: the line locator, the schema, every validation error path, the three kinds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import ScenarioError
from compellence.scenario import (
    CampaignScenario,
    CascadeScenario,
    GameScenario,
    load_scenario,
    loads_scenario,
    parse_vary,
    reference_markdown,
)
from compellence.scenario.loader import check_vary
from compellence.scenario.schema import MissingKeyError, ScenarioValueError, UnknownKeyError
from compellence.scenario.toml_lines import format_path, locate_lines, parse_path

ROOT = Path(__file__).resolve().parents[1]

CAMPAIGN = """\
kind = "campaign"
title = "test"

[coercer]
name = "West"
threat_credibility = 0.8

[target]
name = "East"

[[instruments]]
kind = "sanctions"
name = "finance"
cost_target = 0.1
reversibility = 0.9

[[instruments]]
kind = "military_aid"
name = "aid"
cost_target = 0.05
overt = true

[demand]
concession = 0.1

[assurance]
credibility = 0.9

[horizon]
discount = 0.9
"""

CASCADE = """\
kind = "cascade"
runs = 3
[network]
builder = "erdos_renyi"
n = 200
mean_degree = 4
[thresholds]
distribution = "normal"
mean = 0.2
sd = 0.05
[[interventions]]
name = "hubs"
kind = "seed"
share = 0.02
targeting = "degree"
"""

GAME = """\
kind = "game"
players = ["A", "B"]
[[nodes]]
at = ""
player = "A"
actions = ["in", "out"]
[[nodes]]
at = "in"
player = "B"
actions = ["fight", "yield"]
[[outcomes]]
at = "in/fight"
payoffs = [-1, -1]
[[outcomes]]
at = "in/yield"
payoffs = [1, 1]
[[outcomes]]
at = "out"
payoffs = [0, 2]
"""


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def error_of(text: str, **kw) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        scen = loads_scenario(text, "s.toml", **kw)
        scen.solve()
    return info.value


# ------------------------------------------------------------------------------ line locator
TRICKY = '''\
# a comment with = and [brackets]
title = "a # not a comment"
'quoted key' = 1
a.b.c = 2
inline = {x = 1, y = {z = 2}}
multi = """line one
x = 3
"""
arr = [
  1,  # comment
  [2, 3],
  {k = "v"},
]

[t]
u = 1
[t.sub]
v = 2

[[aot]]
w = 1
[aot.inner]
q = 1
[[aot]]
w = 2
[[aot.nested]]
r = 1
[[aot.nested]]
r = 2
'''


def test_locator_on_tricky_toml():
    tomllib.loads(TRICKY)
    m = locate_lines(TRICKY)
    expect = {
        ("title",): 2, ("quoted key",): 3, ("a", "b", "c"): 4, ("inline", "y", "z"): 5,
        ("multi",): 6, ("arr",): 9, ("arr", 0): 10, ("arr", 1, 1): 11, ("arr", 2, "k"): 12,
        ("t", "u"): 16, ("t", "sub", "v"): 18, ("aot", 0): 20, ("aot", 0, "w"): 21,
        ("aot", 0, "inner", "q"): 23, ("aot", 1, "w"): 25, ("aot", 1, "nested", 0, "r"): 27,
        ("aot", 1, "nested", 1, "r"): 29,
    }
    for path, line in expect.items():
        assert m.exact(path) == line, (path, m.exact(path), line)
    assert ("x",) not in m  # the "x = 3" inside the multi-line string is not a key
    assert m.line(("aot", 1, "w", "deeper")) == 25  # falls back to the nearest ancestor
    assert m.line(("nowhere",)) is None


def test_format_and_parse_path_roundtrip():
    for p in [("a",), ("instruments", 1, "reversibility"), ("odd key", 0), ("x", 2, 3)]:
        assert parse_path(format_path(p)) == p
    assert format_path(("instruments", 1, "reversibility")) == "instruments[1].reversibility"
    for bad in ["", "a.", "[0]", "a..b", "a b"]:
        with pytest.raises(ValueError):
            parse_path(bad)


_names = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
_scalars = st.one_of(st.integers(-5, 5), st.booleans(), st.text("ab #=[]{}'", max_size=5),
                     st.floats(-3, 3, allow_nan=False))


def _toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return repr(v)


def _write(doc: dict) -> str:
    """A small TOML writer: scalars, lists, tables and arrays of tables (one level)."""
    out = []
    for k, v in doc.items():
        if not isinstance(v, (dict, tuple)):
            out.append(f"{k} = {_toml_value(v)}")
    for k, v in doc.items():
        if isinstance(v, dict):
            out.append(f"\n[{k}]")
            out += [f"{kk} = {_toml_value(vv)}" for kk, vv in v.items()]
        elif isinstance(v, tuple):
            for item in v:
                out.append(f"\n[[{k}]]  # element")
                out += [f"{kk} = {_toml_value(vv)}" for kk, vv in item.items()]
    return "\n".join(out) + "\n"


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(
    _names,
    st.one_of(_scalars, st.lists(_scalars, max_size=3),
              st.dictionaries(_names, _scalars, max_size=3),
              st.tuples(st.dictionaries(_names, _scalars, max_size=3),
                        st.dictionaries(_names, _scalars, max_size=3))),
    max_size=5,
))
def test_locator_finds_every_key_on_its_line(doc):
    text = _write(doc)
    parsed = tomllib.loads(text)
    lines = text.splitlines()
    m = locate_lines(text)

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                p = path + (k,)
                ln = m.exact(p)
                assert ln is not None, p
                assert re.match(rf"\s*(\[\[?)?{re.escape(k)}\b", lines[ln - 1]), (p, lines[ln - 1])
                walk(v, p)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                assert m.exact(path + (i,)) is not None, path + (i,)
                walk(v, path + (i,))

    walk(parsed, ())


# ------------------------------------------------------------------------------ schema errors
def test_the_issue_example_message():
    text = replace_line(CAMPAIGN, "overt = true", "overt = true\nreversibility = 1.4")
    e = error_of(text)
    n = line_of(text, "reversibility = 1.4")
    assert str(e) == f"s.toml: instruments[1].reversibility = 1.4 (line {n}): must be within [0, 1]"
    assert isinstance(e, ScenarioValueError)
    assert (e.key, e.line, e.value) == ("instruments[1].reversibility", n, 1.4)


@pytest.mark.parametrize(
    "old, new, key, fragment",
    [
        ('title = "test"', 'titel = "test"', "titel", "did you mean 'title'"),
        ("threat_credibility = 0.8", "threat_cred = 0.8", "coercer.threat_cred",
         "did you mean 'threat_credibility'"),
        ("reversibility = 0.9", "reversibilty = 0.9", "instruments[0].reversibilty",
         "did you mean 'reversibility'"),
        ("reversibility = 0.9", "overt = false", "instruments[0].overt",
         "'overt' applies to kind = 'military_aid'"),
        ("[horizon]", "[horizn]", "horizn", "did you mean 'horizon'"),
        ("discount = 0.9", "Discount = 0.9", "horizon.Discount", "did you mean 'discount'"),
        ("discount = 0.9", "zzzz = 1", "horizon.zzzz", "unknown key in [horizon] (known:"),
    ],
)
def test_unknown_keys_name_the_line_and_suggest(old, new, key, fragment):
    text = replace_line(CAMPAIGN, old, new)
    e = error_of(text)
    assert isinstance(e, UnknownKeyError)
    assert e.key == key and fragment in str(e)
    assert e.line == line_of(text, new)
    assert f"{key} (line {e.line})" in str(e)


@pytest.mark.parametrize(
    "old, new, fragment",
    [
        ("cost_target = 0.1", 'cost_target = "lots"', "must be a number, got a string"),
        ("cost_target = 0.1", "cost_target = true", "must be a number, got bool"),
        ("cost_target = 0.1", "cost_target = -0.1", "must be within [0, inf)"),
        ("cost_target = 0.1", "cost_target = nan", "not nan"),
        ("overt = true", "overt = 1", "must be true or false"),
        ('name = "West"', "name = 3", "must be a string"),
        ('kind = "sanctions"', 'kind = "sanction"', "did you mean 'sanctions'"),
        ("discount = 0.9", "discount = 1.0", "must be within (0, 1)"),
        ("discount = 0.9", "discount = 0.0", "must be within (0, 1)"),
        ("discount = 0.9", "discount = 0.9\nperiods = 2.5", "must be a whole number"),
        ("discount = 0.9", "discount = 0.9\nperiods = 0", "must be within [1, inf)"),
        ("concession = 0.1", "concession = 1.5", "must be within [0, 1]"),
    ],
)
def test_bad_values_name_key_value_and_line(old, new, fragment):
    text = replace_line(CAMPAIGN, old, new)
    e = error_of(text)
    assert isinstance(e, ScenarioValueError), e
    assert fragment in str(e)
    assert e.line == line_of(text, new.splitlines()[-1])
    assert re.search(r"= .* \(line \d+\): ", str(e))


def test_structural_errors():
    e = error_of(CAMPAIGN.replace("[demand]\nconcession = 0.1\n", ""))
    assert isinstance(e, MissingKeyError) and e.key == "demand" and "add a [demand] table" in str(e)
    e = error_of(CAMPAIGN.replace("concession = 0.1\n", ""))
    assert e.key == "demand.concession" and "required key is missing" in str(e)
    assert e.line == line_of(CAMPAIGN, "[demand]")
    e = error_of(replace_line(CAMPAIGN.replace("[horizon]\ndiscount = 0.9\n", ""),
                              'title = "test"', 'title = "test"\nhorizon = 3'))
    assert e.key == "horizon" and "must be a table" in str(e)
    e = error_of('kind = "campaign"\ninstruments = 3\n[demand]\nconcession = 0.1\n')
    assert e.key == "instruments" and "array of tables" in str(e) and e.line == 2
    e = error_of('kind = "campaign"\n[demand]\nconcession = 0.1\n')
    assert e.key == "instruments" and "at least 1 [[instruments]]" in str(e)
    text = replace_line(CAMPAIGN, 'name = "aid"', 'name = "finance"')
    e = error_of(text)
    assert e.key == "instruments[1].name" and "duplicate" in str(e)
    assert e.line == line_of(text, 'name = "finance"') or e.line > line_of(CAMPAIGN, "[[instruments]]")
    e = error_of(replace_line(CAMPAIGN, 'kind = "sanctions"\n', ""))
    assert e.key == "instruments[0].kind" and "required key is missing" in str(e)


def test_kind_errors_and_toml_syntax():
    e = error_of(CAMPAIGN.replace('kind = "campaign"\n', ""))
    assert e.key == "kind" and 'looks like a campaign: kind = "campaign"' in str(e)
    e = error_of(CASCADE.replace('kind = "cascade"\n', ""))
    assert "looks like a cascade study" in str(e)
    e = error_of(GAME.replace('kind = "game"\n', ""))
    assert "looks like a game" in str(e)
    e = error_of("title = 1\n")
    assert e.key == "kind" and "required key is missing" in str(e)
    e = error_of(CAMPAIGN.replace('kind = "campaign"', 'kind = "campagn"'))
    assert isinstance(e, ScenarioValueError) and "did you mean 'campaign'" in str(e) and e.line == 1
    e = error_of(CAMPAIGN.replace("cost_target = 0.1", "cost_target = "))
    assert "not valid TOML" in str(e) and e.line == line_of(CAMPAIGN, "cost_target = 0.1")


def test_file_errors(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(tmp_path)
    efg = tmp_path / "g.efg"
    efg.write_text("EFG 2 R")
    with pytest.raises(ScenarioError, match="Gambit game file"):
        load_scenario(efg)
    binary = tmp_path / "b.toml"
    binary.write_bytes(b"\xff\xfe\x00kind")
    with pytest.raises(ScenarioError, match="not a UTF-8 text file"):
        load_scenario(binary)


# ------------------------------------------------------------------------------ overrides / vary
def test_overrides():
    scen = loads_scenario(CAMPAIGN, overrides=["demand.concession=0.3", "instruments[1].overt=false",
                                               "title=changed"])
    assert scen.data["demand"]["concession"] == 0.3
    assert scen.data["instruments"][1]["overt"] is False and scen.title == "changed"
    for item, fragment in [
        ("demand.concession", "expected KEY=VALUE"),
        ("demand.concesion=0.3", "did you mean 'demand.concession'"),
        ("demand=0.3", "is a table, not a key"),
        ("instruments.cost_target=1", "say which element"),
        ("instruments[7].cost_target=1", "index 7 does not exist"),
        ("coalition.members[0].min_concession=1", "has no coalition.members"),
        ("a..b=1", "--set"),
        ("instruments[0]=1", "--set"),
    ]:
        with pytest.raises(ScenarioError, match=re.escape(fragment)):
            loads_scenario(CAMPAIGN, overrides=[item])
    # a bad overridden value is reported like a bad file value (without a misleading line)
    e = error_of(CAMPAIGN, overrides=["demand.concession=2"])
    assert e.key == "demand.concession" and e.line is None and "within [0, 1]" in str(e)


def test_parse_vary_and_checks():
    v = parse_vary("instruments[0].reversibility=0:1:5")
    assert v.path == ("instruments", 0, "reversibility") and v.name == "instruments_0_reversibility"
    np.testing.assert_allclose(v.values, [0, 0.25, 0.5, 0.75, 1])
    for item, fragment in [
        ("x", "expected KEY=START:STOP:NUM"),
        ("a=0:1", "START:STOP:NUM"),
        ("a=0:b:3", "START and STOP must be numbers"),
        ("a=0:1:2.5", "NUM must be a whole number"),
        ("a=0:1:0", "NUM must be at least 1"),
        ("a=0:inf:3", "must be finite"),
        ("a.=0:1:3", "--vary"),
    ]:
        with pytest.raises(ScenarioError, match=re.escape(fragment)):
            parse_vary(item)
    scen = loads_scenario(CAMPAIGN)
    for item, fragment in [
        ("coercer.name=0:1:3", "cannot be swept"),
        ("assurance.credibility=0:2:3", "grid end 2 is out of range"),
        ("instruments[5].cost_target=0:1:3", "index 5 does not exist"),
        ("instruments[0].volume=0:1:3", "applies to kind = 'military_aid'"),
        ("coalition.members[0].min_concession=0:1:3", "has 0 element"),
        ("power.expected=0:1:3", "has no [power] table"),
        ("demand.concesion=0:1:3", "did you mean 'demand.concession'"),
    ]:
        with pytest.raises(ScenarioError, match=re.escape(fragment)):
            check_vary(scen.file, [parse_vary(item)])
    with pytest.raises(ScenarioError, match="varied twice"):
        check_vary(scen.file, [parse_vary("demand.concession=0:1:3")] * 2)
    with pytest.raises(ScenarioError, match="nothing to sweep"):
        scen.sweep([])


# ------------------------------------------------------------------------------ campaigns
def test_campaign_matches_the_domain_model():
    scen = loads_scenario(CAMPAIGN)
    assert isinstance(scen, CampaignScenario)
    c = scen.campaign()
    direct = cp.coercion.campaign.Campaign(
        {"name": "West", "threat_credibility": 0.8}, "East",
        [cp.coercion.instruments.Sanctions(0.1, reversibility=0.9, label="finance"),
         cp.coercion.instruments.MilitaryAid(0.05, overt=True, label="aid")],
        demand=0.1, assurance=0.9, discount=0.9)
    assert float(c.margin()) == pytest.approx(float(direct.margin()))
    rep = scen.solve()
    assert rep.game_and_closed_form_agree and rep.margin == pytest.approx(float(direct.margin()))
    assert rep.equilibrium_path[0] == f"East: {rep.decision}"
    assert rep.inputs["assurance.credibility"] == 0.9  # the user's input, beside the derived value
    assert rep.derived["effective_assurance_credibility"] == pytest.approx(0.9 * (1 - 0.3))
    d = rep.to_dict()
    assert d["viable"] == rep.viable and "critical" in d and d["drivers"][0]["instrument"] == "finance"
    table = rep.to_table()
    for needle in ("equilibrium_path", "margin", "largest_demand", "critical_effective_assurance_credibility",
                   "critical_effective_reversibility", "critical_effective_threat_credibility",
                   "derived quantities", "drivers"):
        assert needle in table


def test_demand_backsliding_switch():
    """demand.backsliding maps to Campaign(backsliding=...): off by default (the canonical margin,
    the re-imposition threat only a diagnostic note), on with `backsliding = true`."""
    weak = CAMPAIGN.replace("reversibility = 0.9", "reversibility = 0.9\nreimposition = 0.1").replace(
        "concession = 0.1", "concession = 0.3")
    off = loads_scenario(weak)
    assert not off.campaign().backsliding
    on = loads_scenario(weak.replace("concession = 0.3", "concession = 0.3\nbacksliding = true"))
    assert on.campaign().backsliding
    c = off.campaign()
    canonical = cp.coercion.offramp.offramp_margin(0.3, c.punishment_per_period, 0.9, c.effective_threat_credibility,
                                                   c.nominal_assurance, c.effective_reversibility)
    assert float(c.margin()) == pytest.approx(float(canonical)) and not c.deal_holds
    r_off, r_on = off.solve(), on.solve()
    assert r_off.game_and_closed_form_agree and r_on.game_and_closed_form_agree
    pa = "effective_assurance_credibility"
    assert r_on.derived[pa] == 0.0 and r_off.derived[pa] > 0.0  # void only with backsliding
    assert r_on.margin < r_off.margin
    assert any(n.startswith("diagnostic:") for n in r_off.notes)
    assert any("backslide once punishment is lifted" in n for n in r_on.notes)
    assert "keep" in " ".join(loads_scenario(weak.replace("concession = 0.3", "concession = 0.01\n"
                                                          "backsliding = true")).solve().equilibrium_path)
    with pytest.raises(ScenarioError):
        loads_scenario(weak.replace("concession = 0.3", "concession = 0.3\nbacksliding = 1"))


@settings(max_examples=25, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0.01, 0.5), st.floats(0, 1))
def test_closed_form_and_game_agree_through_scenarios(pi_t, pi_a, r, cost, x):
    text = (CAMPAIGN.replace("\ncredibility = 0.9", f"\ncredibility = {pi_a!r}")  # the assurance's
            .replace("threat_credibility = 0.8", f"threat_credibility = {pi_t!r}")
            .replace("reversibility = 0.9", f"reversibility = {r!r}")
            .replace("cost_target = 0.1", f"cost_target = {cost!r}")
            .replace("concession = 0.1", f"concession = {x!r}"))
    rep = loads_scenario(text).solve()
    if abs(rep.margin) > 1e-7:  # off the knife edge the two routes must agree
        assert rep.game_and_closed_form_agree


def test_sweep_equals_pointwise_solves():
    scen = loads_scenario(CAMPAIGN)
    res = scen.sweep([parse_vary("assurance.credibility=0:1:4"),
                      parse_vary("instruments[0].reversibility=0.2:1:3")])
    assert res.n_points == 12 and list(res.frame.columns[:2]) == [
        "assurance.credibility", "instruments[0].reversibility"]
    for row in res.frame.itertuples(index=False):
        one = loads_scenario(CAMPAIGN, overrides=[
            f"assurance.credibility={row[0]!r}", f"instruments[0].reversibility={row[1]!r}"])
        assert row.margin == pytest.approx(one.solve().margin)
    assert res.n_viable == int(res.frame["viable"].sum())


def test_campaign_cross_field_errors():
    two = CAMPAIGN.replace('name = "finance"\n', "").replace(
        'kind = "military_aid"\nname = "aid"', 'kind = "sanctions"').replace("overt = true\n", "")
    e = error_of(two)
    assert e.key == "instruments[1]" and "distinct name" in str(e)
    e = error_of(CAMPAIGN.replace('name = "East"', 'name = "West"'))
    assert e.key == "target.name" and "different names" in str(e) and e.line
    e = error_of(CAMPAIGN + "[power]\nnow = 0.5\nexpected = 0.7\ncost = 0.3\n")
    assert e.key == "assurance.credibility" and "derives this credibility" in str(e)
    e = error_of(CAMPAIGN.replace("[assurance]\ncredibility = 0.9\n", "")
                 + "[power]\nnow = 0.5\nexpected = 0.7\ncost = 0.3\n")
    assert e.key == "coercer.threat_credibility" and "derives this credibility" in str(e)
    e = error_of(CAMPAIGN + "[analysis]\ndelayed_demand = 5\n")
    assert e.key == "instruments" and "exactly one punishing instrument" in str(e)
    coal = CAMPAIGN + ('[coalition]\nrule = "quota"\n[[coalition.members]]\nname = "A"\n'
                       "min_concession = 0.1\n")
    e = error_of(coal)
    assert e.key == "coalition.quota" and "quota rule needs" in str(e)


def test_coalition_power_channels_delays():
    coal = CAMPAIGN + ('[coalition]\n[[coalition.members]]\nname = "A"\nmin_concession = 0.05\n'
                       '[[coalition.members]]\nname = "B"\nmin_concession = 0.3\n')
    rep = loads_scenario(coal).solve()
    assert rep.coalition["coalition_assurance_factor"] == 0.0  # B needs 0.3, the demand is 0.1
    # the window comes from the same model as the margin (never "largest 0" beside a window)
    assert rep.coalition["largest_demand"] == rep.largest_demand
    assert rep.coalition["smallest_demand"] == rep.smallest_demand
    assert rep.coalition["members"] == ["A", "B"] and "coalition (unanimity" in rep.to_table()
    pw = CAMPAIGN.replace("threat_credibility = 0.8\n", "").replace(
        "[assurance]\ncredibility = 0.9\n", "") + (
        "[power]\nnow = 0.5\nexpected = 0.7\ndeal_value = 0.2\ncost = 0.4\ncost_sd = 0.1\n")
    lo = loads_scenario(pw).solve().derived["effective_assurance_credibility"]
    hi = loads_scenario(pw, overrides=["power.expected=0.5"]).solve().derived["effective_assurance_credibility"]
    assert lo < hi
    ch = loads_scenario(CAMPAIGN + "[analysis]\ncompare_channels = true\n").solve()
    assert len(ch.channels) == 4 and "public or private" in ch.to_table()
    five = load_scenario(ROOT / "examples/claims/5_delayed_demand.toml",
                         overrides=["analysis.delayed_demand=30"]).solve()
    assert five.delays["equilibrium"] == "separating" and five.delays["offramp_taken"]
    assert (five.delays["optimal_delay"], five.delays["opens_at"], five.delays["closes_at"]) == (5, 5, 22)
    assert "delayed demand" in five.to_table()


# ------------------------------------------------------------------------------ cascades
def test_cascade_study():
    scen = loads_scenario(CASCADE)
    assert isinstance(scen, CascadeScenario)
    rep = scen.solve()
    assert list(rep.rows["intervention"]) == ["(none: baseline)", "hubs"]
    assert rep.watts is not None and "Watts" in rep.to_table()
    again = loads_scenario(CASCADE).solve()
    assert rep.rows.equals(again.rows)  # seeded: reproducible


def test_cascade_builders_and_intervention_kinds():
    ivs = """
[[interventions]]
name = "officers"
kind = "seed"
count = 3
targeting = "attribute"
attribute = "seniority"
[[interventions]]
name = "leaflets"
kind = "broadcast"
share = 0.5
exposure = 0.2
[[interventions]]
name = "pay"
kind = "incentive"
share = 0.5
amount = 1
conversion = 0.1
[[interventions]]
name = "police"
kind = "repression"
probability = 0.5
"""
    head = 'kind = "cascade"\nruns = 2\n[thresholds]\ndistribution = "constant"\nvalue = 0.3\n'
    for net in ('builder = "military_hierarchy"\nechelons = [4, 2, 2]',
                'builder = "diplomatic_corps"\ndepartments = 2\nembassies = 3',
                'builder = "diaspora"\nn = 60\nmean_degree = 4',
                'builder = "watts_strogatz"\nn = 60\nmean_degree = 4',
                'builder = "barabasi_albert"\nn = 60\nmean_degree = 4',
                'builder = "complete"\nn = 10'):
        text = head + "[network]\n" + net + "\n" + ivs
        if "attribute" in text and "military" not in net and "diplomatic" not in net:
            text = text.replace('targeting = "attribute"\nattribute = "seniority"', 'targeting = "degree"')
        rep = loads_scenario(text).solve()
        assert len(rep.rows) == 6 and rep.rows["cost"].iloc[1] == 3.0
        assert rep.rows["mean_share"].between(0, 1).all()


@pytest.mark.parametrize(
    "old, new, key, fragment",
    [
        ("sd = 0.05", "", "thresholds", 'distribution = "normal" needs `sd = ...`'),
        ('distribution = "normal"', 'distribution = "uniform"\nlow = 0.3\nhigh = 0.2',
         "thresholds.high", "must exceed low"),
        ('distribution = "normal"\nmean = 0.2\nsd = 0.05', 'distribution = "beta"\nmean = 0.2\nsd = 0.5',
         "thresholds.sd", "needs sd <"),
        ('distribution = "normal"\nmean = 0.2', 'distribution = "beta"\nmean = 0.0', "thresholds.mean",
         "0 < mean < 1"),
        ("mean = 0.2", "mean = 1.5", "thresholds.mean", "within [0, 1]"),
        ("mean_degree = 4", "", "network", "needs `mean_degree = ...`"),
        ('builder = "erdos_renyi"\nn = 200\nmean_degree = 4', 'builder = "ring"\nn = 200\nmean_degree = 3',
         "network.mean_degree",
         "even mean_degree"),
        ("mean_degree = 4", "mean_degree = 500", "network.mean_degree", "at most n - 1"),
        ('kind = "seed"', 'kind = "broadcast"\nexposure = 2', "interventions[0].exposure",
         "must be within [0, 1]"),
        ('builder = "erdos_renyi"\nn = 200', 'builder = "military_hierarchy"\nn = 200', "network.n",
         "sets its own size"),
        ("n = 200\n", "", "network", "needs `n = ...`"),
        ("mean_degree = 4", "mean_degree = 4\nechelons = [9, 3]", "network.echelons",
         "only builder"),
        ('targeting = "degree"', 'targeting = "attribute"', "interventions[0].targeting",
         "needs `attribute"),
        ('targeting = "degree"', 'attribute = "rank"', "interventions[0].attribute",
         'only used with targeting = "attribute"'),
        ("share = 0.02", "count = 201", "interventions[0].count", "more than the 200 people"),
        ('kind = "seed"', 'kind = "incentive"\namount = 1', "interventions[0].conversion",
         "required key is missing"),
        ('kind = "seed"\nshare = 0.02\ntargeting = "degree"', 'kind = "repression"\nshare = 0.1',
         "interventions[0].share", "unknown key for kind = 'repression'"),
    ],
)
def test_cascade_errors(old, new, key, fragment):
    e = error_of(replace_line(CASCADE, old, new))
    assert e.key == key and fragment in str(e)


# ------------------------------------------------------------------------------ games
def test_game_scenario_builds_and_solves():
    scen = loads_scenario(GAME)
    assert isinstance(scen, GameScenario)
    g = scen.game()
    assert g.players == ("A", "B") and g.n_nodes == 5
    rep = scen.solve()
    assert rep.equilibria[0].path == ("A: in", "B: yield")
    assert rep.equilibria[0].payoffs == {"A": 1.0, "B": 1.0}


@pytest.mark.parametrize(
    "old, new, key, fragment",
    [
        ('players = ["A", "B"]', 'players = ["A", "A"]', "players", "listed twice"),
        ('players = ["A", "B"]', 'players = ["A", "chance"]', "players", "reserved"),
        ('at = "in"\nplayer = "B"', 'at = ""\nplayer = "B"', "nodes[1].at", "duplicate: nodes[0].at"),
        ('at = "in"\nplayer = "B"', 'at = "root"\nplayer = "B"', "nodes[1].at", "already at this path"),
        ('player = "B"', 'player = "b"', "nodes[1].player", "did you mean 'B'"),
        ('actions = ["fight", "yield"]', 'actions = ["fight", "fight"]', "nodes[1].actions",
         "distinct"),
        ('actions = ["fight", "yield"]', 'actions = ["fight", "a/b"]', "nodes[1].actions", "no '/'"),
        ('player = "B"', 'player = "chance"', "nodes[1]", "needs probabilities"),
        ('player = "B"', 'player = "chance"\nprobabilities = [1]', "nodes[1].probabilities",
         "1 probabilities for 2 actions"),
        ('player = "B"', 'player = "chance"\nprobabilities = [0.5, 0.6]',
         "nodes[1].probabilities", "must sum to 1"),
        ('player = "B"', 'player = "B"\nprobabilities = [0.5, 0.5]', "nodes[1].probabilities",
         "only chance nodes"),
        ('player = "B"', 'player = "chance"\nprobabilities = [0.5, 0.5]\ninfoset = "x"',
         "nodes[1].infoset", "no information sets"),
        ('at = ""', 'at = "zz"', "nodes", "no root node"),
        ('at = "in/fight"', 'at = "in"', "outcomes[0].at", "an outcome must be a leaf"),
        ('at = "in/fight"', 'at = "root/in/yield"', "outcomes[1].at", "already at this path"),
        ("payoffs = [-1, -1]", "payoffs = [-1]", "outcomes[0].payoffs", "1 payoffs for 2 players"),
        ('at = "out"', 'at = ""', "outcomes[2].at", "an outcome must be a leaf"),
        ('at = "in/fight"', 'at = "x/fight"', "outcomes[0].at", "no node at 'x'"),
        ('at = "in/fight"', 'at = "in/fite"', "outcomes[0].at", "did you mean 'in/fight'"),
        ('at = "out"', 'at = "in/fight/more"', "outcomes[2].at", "no node at 'in/fight'"),
    ],
)
def test_game_errors(old, new, key, fragment):
    e = error_of(replace_line(GAME, old, new))
    assert e.key == key and fragment in str(e), str(e)


def test_game_action_leading_nowhere_and_bad_infosets():
    text = GAME.replace('[[outcomes]]\nat = "out"\npayoffs = [0, 2]\n', "")
    e = error_of(text)
    assert e.key == "nodes[0].actions" and "'out' leads nowhere" in str(e)
    bad = GAME.replace('player = "B"', 'player = "B"\ninfoset = "s"').replace(
        'at = ""\nplayer = "A"', 'at = ""\nplayer = "A"\ninfoset = "s"')
    e = error_of(bad)
    assert e.key == "nodes" and "not a valid game" in str(e)


# ------------------------------------------------------------------------------ docs and examples
def test_docs_contain_the_current_schema_reference():
    doc = (ROOT / "docs" / "scenarios.md").read_text()
    assert reference_markdown() in doc, "docs/scenarios.md is stale: regenerate the reference"


def test_every_shipped_scenario_validates():
    files = sorted((ROOT / "examples").rglob("*.toml"))
    assert len(files) >= 10
    for f in files:
        scen = load_scenario(f)
        assert scen.describe()


def test_errors_in_inline_tables_dotted_keys_and_crlf_files():
    text = CAMPAIGN.replace('[coercer]\nname = "West"\nthreat_credibility = 0.8\n',
                            'coercer = { name = "West", threat_credibility = 1.4 }\n')
    e = error_of(text)
    assert e.key == "coercer.threat_credibility" and e.line == line_of(text, "coercer = {")
    text = CAMPAIGN.replace("[demand]\nconcession = 0.1\n", "").replace(
        'title = "test"', 'title = "test"\ndemand.concession = 1.5')
    e = error_of(text)
    assert e.key == "demand.concession" and e.line == line_of(text, "demand.concession = 1.5")
    crlf = CAMPAIGN.replace("cost_target = 0.1", "cost_target = -1").replace("\n", "\r\n")
    e = error_of(crlf)
    assert e.key == "instruments[0].cost_target"
    assert e.line == line_of(CAMPAIGN, "cost_target = 0.1")


def test_cascade_sweep_equals_solves_with_overrides():
    scen = loads_scenario(CASCADE)
    res = scen.sweep([parse_vary("thresholds.mean=0.1:0.3:3")])
    assert res.kind == "cascade" and res.n_points == 3
    assert list(res.frame.columns) == ["thresholds.mean", "mean_share[(none: baseline)]",
                                       "mean_share[hubs]"]
    for row in res.frame.itertuples(index=False):
        one = loads_scenario(CASCADE, overrides=[f"thresholds.mean={row[0]!r}"]).solve()
        assert row[2] == pytest.approx(one.rows["mean_share"].iloc[1])
    assert "mean final share of defectors" in res.summary()
    with pytest.raises(ScenarioError, match="no off-ramp viability"):
        _ = res.n_viable
    with pytest.raises(ScenarioError, match="cannot be swept"):
        scen.sweep([parse_vary("network.n=10:20:2")])
    with pytest.raises(ScenarioError, match="has kind = 'seed', which has no key 'exposure'"):
        scen.sweep([parse_vary("interventions[0].exposure=0:1:2")])


@pytest.mark.parametrize(
    "old, new, key, fragment",
    [
        ("payoffs = [-1, -1]", 'payoffs = "x"', "outcomes[0].payoffs", "must be a list"),
        ("payoffs = [-1, -1]", 'payoffs = [-1, "a"]', "outcomes[0].payoffs[1]", "must be a number"),
        ('actions = ["in", "out"]', "actions = []", "nodes[0].actions", "at least 1 element"),
        ('actions = ["in", "out"]', "actions = [1, 2]", "nodes[0].actions[0]", "must be a string"),
        ('players = ["A", "B"]', 'players = "A"', "players", "must be a list"),
        ('player = "B"', 'player = "chance"\nprobabilities = [0.5, 1.5]', "nodes[1].probabilities[1]",
         "within [0, 1]"),
    ],
)
def test_list_values(old, new, key, fragment):
    e = error_of(replace_line(GAME, old, new))
    assert e.key == key and fragment in str(e), str(e)
    assert e.line is not None


def test_escalation_and_coalition_rule_errors():
    esc = CAMPAIGN + "[escalation]\ngrowth = 1.2\n"
    e = error_of(esc)
    assert e.key == "escalation.growth" and "delta * growth < 1" in str(e)
    e = error_of(esc.replace("growth = 1.2", "growth = 1.01").replace(
        "discount = 0.9", "discount = 0.9\nperiods = 10"))
    assert e.key == "horizon.periods" and "open-ended horizon" in str(e)
    weighted = CAMPAIGN + ('[coalition]\nrule = "weighted"\nquota = 5\n[[coalition.members]]\n'
                           'name = "A"\nmin_concession = 0.1\nweight = 2\n')
    e = error_of(weighted)
    assert e.key == "coalition.quota" and "total weight 2" in str(e)
    ok = loads_scenario(weighted.replace("quota = 5", "quota = 2")).solve()
    assert ok.coalition["rule"] == "weighted"


def test_report_gives_critical_values_in_the_files_units(capsys):
    """The claim-1 file: the sanctions' cost_target at which the off-ramp opens is the hand value
    s* = x / ((pi_T + pi_A - 1) r D) = 0.2 / (0.7 * 0.2 * 9), in the file's own units."""
    rep = load_scenario(ROOT / "examples/claims/1_irreversible_punishment.toml").solve()
    c = rep.critical_inputs["instruments[0].cost_target"]
    assert float(c.value) == pytest.approx(0.2 / (0.7 * 0.2 * 9), rel=1e-6)
    assert bool(c.increasing) and int(c.crossings) == 1
    d = rep.to_dict()["critical_inputs"]["instruments[0].cost_target"]
    assert d["status"] == "flips" and d["now"] == 0.5 and d["crossings"] == 1
    assert "critical values of the inputs" in rep.to_table()
    # the assurance: (pi_T + pi_A - 1) r s D = x  ->  pi_A* = 1 - pi_T + x / (r s D)
    a = rep.critical_inputs["assurance.credibility"]
    assert float(a.value) == pytest.approx(1 - 0.8 + 0.2 / (0.2 * 0.5 * 9), rel=1e-6)


def test_uncertain_inputs_in_a_scenario_report():
    text = CAMPAIGN.replace("\ncredibility = 0.9", '\ncredibility = {dist = "beta", a = 9, b = 1}')
    rep = loads_scenario(text).solve()
    u = rep.uncertainty
    assert u is not None and 0.0 <= u["probability_viable"] <= 1.0
    assert [r["input"] for r in u["sensitivity"]] == ["assurance.credibility"]
    assert "uncertain inputs" in rep.to_table()
    assert loads_scenario(CAMPAIGN).solve().uncertainty is None
