"""Defections as the target's resistance cost in the off-ramp margin (compellence.linking)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compellence as cp
import compellence.cascades as cc
from compellence.errors import ParameterError
from compellence.linking import (
    DefectionImpact,
    critical_units_lost,
    defection_impact,
    offramp_with_defections,
    regime_fall_weight,
)

SRC = Path(cp.__file__).parent
unit = st.floats(0.0, 1.0)


def _imports(path: Path) -> list[str]:
    """Every import target of a module (at any depth), as absolute-ish dotted names."""
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            out.append("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return out


@pytest.mark.parametrize("layer, forbidden", [("cascades", ("coercion", "linking")),
                                              ("coercion", ("cascades", "linking"))])
def test_cascades_and_coercion_do_not_import_each_other(layer, forbidden):
    """Not even inside a function: the link lives in compellence.linking, above both."""
    for path in sorted((SRC / layer).rglob("*.py")):
        for target in _imports(path):
            assert not any(f in target for f in forbidden), f"{path.name} imports {target}"


def test_top_level_names():
    assert cp.defection_impact is defection_impact
    assert cp.offramp_with_defections is offramp_with_defections
    assert cp.linking.critical_units_lost is critical_units_lost
    assert not hasattr(cc, "defection_impact")


# ----------------------------------------------------------------------------- by hand
def _hand_margin(x, s, delta, pi_T, pi_A, r, H, cc_, phi, Z, L0, u, d, fall, W, cu, cd, cr,
                 p0, g, w, k):
    """Branch costs of the compellence game, summed by hand (no library call)."""
    D = delta / (1 - delta) if H is None else sum(delta**t for t in range(1, H + 1))
    P = s * D
    m_a = ((1 - p0) / p0) ** (1 / g)
    m_t = 1 - u
    p1 = (1 - fall) * (m_t**g / (m_t**g + (m_a + w * u) ** g) if m_t > 0 else 0.0)
    pt = min(1.0, max(0.0, pi_T + k * (p0 - p1)))
    L = L0 + cu * u + cd * d + cr * W
    comply = x + cc_ + (1 - r) * P + (1 - pi_A) * (r * P + Z)   # lift / renege
    resist = L + (1 - r) * P + pt * phi * (r * P + Z)            # punish / back down
    return resist - comply, pt, L


@settings(max_examples=120, deadline=None)
@given(x=unit, s=st.floats(0.0, 2.0), delta=st.floats(0.05, 0.95), pi_T=unit, pi_A=unit, r=unit,
       H=st.one_of(st.none(), st.integers(1, 30)), cc_=st.floats(-0.5, 0.5), phi=unit,
       Z=st.floats(0.0, 2.0), L0=st.floats(-1.0, 1.0), u=unit, d=unit,
       fall=st.one_of(unit, st.tuples(st.floats(0.0, 1.0))),
       cu=st.floats(0.0, 3.0), cd=st.floats(0.0, 1.0), cr=st.floats(0.0, 5.0),
       p0=st.floats(0.05, 0.95), g=st.floats(0.3, 4.0), w=unit, k=st.sampled_from([0.0, 0.5, 2.0]))
def test_margin_with_defections_by_hand(x, s, delta, pi_T, pi_A, r, H, cc_, phi, Z, L0, u, d, fall,
                                        cu, cd, cr, p0, g, w, k):
    if isinstance(fall, tuple):  # a per-period hazard: W by the first-passage sum, term by term
        h = fall[0]
        T = H if H is not None else 4000
        W = sum(delta**t * (1 - h) ** (t - 1) * h for t in range(1, T + 1))
        F = 1 - (1 - h) ** H if H is not None else float(h > 0)
        fall_kw = dict(regime_fall_hazard=h, delta=delta, horizon=H)
    else:  # a one-off fall within the campaign, valued now
        W = F = fall
        fall_kw = dict(regime_fall_prob=fall)
    imp = defection_impact(u, d, unit_cost=cu, diplomat_cost=cd, regime_cost=cr, p_prevail=p0,
                           decisiveness=g, switch_share=w, credibility_sensitivity=k, **fall_kw)
    out = offramp_with_defections(imp, x, s, delta, pi_T, pi_A, r, H, compliance_cost=cc_,
                                  threat_factor=phi, escalation_cost=Z, resistance_cost=L0)
    m, pt, L = _hand_margin(x, s, delta, pi_T, pi_A, r, H, cc_, phi, Z, L0, u, d, F, W, cu, cd, cr,
                            p0, g, w, k)
    m0, _, _ = _hand_margin(x, s, delta, pi_T, pi_A, r, H, cc_, phi, Z, L0, 0, 0, 0, 0, cu, cd, cr,
                            p0, g, w, 0.0)
    assert float(imp.regime_fall_weight) == pytest.approx(W, abs=1e-9)
    assert float(out.margin) == pytest.approx(m, abs=1e-9)
    assert float(out.margin_without_defections) == pytest.approx(m0, abs=1e-9)
    assert float(out.effective_threat_credibility) == pytest.approx(pt, abs=1e-12)
    assert float(out.resistance_cost) == pytest.approx(L, abs=1e-9)
    assert bool(out.viable) == (float(out.margin) >= 0)
    assert float(out.largest_demand) == pytest.approx(max(0.0, m + x), abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(x=unit, s=st.floats(0.0, 2.0), delta=st.floats(0.05, 0.95), pi_T=unit, pi_A=unit, r=unit,
       H=st.one_of(st.none(), st.integers(1, 30)), phi=unit, Z=st.floats(0.0, 2.0),
       cc_=st.floats(-0.3, 0.3), u=unit, d=unit, q=unit, cu=st.floats(0.0, 2.0),
       cr=st.floats(0.0, 3.0), k=st.sampled_from([0.0, 1.0]))
def test_margin_with_defections_equals_spe_of_tree(x, s, delta, pi_T, pi_A, r, H, phi, Z, cc_, u,
                                                    d, q, cu, cr, k):
    """The compellence tree with the resistance cost on BOTH resist branches, written out
    here, solved by cp.spe; and the result's own game()."""
    imp = defection_impact(u, d, q, unit_cost=cu, diplomat_cost=0.2, regime_cost=cr,
                           p_prevail=0.6, credibility_sensitivity=k)
    out = offramp_with_defections(imp, x, s, delta, pi_T, pi_A, r, H, compliance_cost=cc_,
                                  threat_factor=phi, escalation_cost=Z)
    D = delta / (1 - delta) if H is None else sum(delta**t for t in range(1, H + 1))
    P = s * D
    L = cu * u + 0.2 * d + cr * q
    pt = float(out.effective_threat_credibility)
    g = cp.Game(
        ["Coercer", "Target"],
        cp.decision("Target", {
            "comply": cp.chance({"lift": (pi_A, cp.outcome(x, -x - cc_ - (1 - r) * P)),
                                 "renege": (1 - pi_A, cp.outcome(x, -x - cc_ - P - Z))}),
            "resist": cp.chance({
                "punish": (pt, cp.outcome(0.0, -L - (1 - r) * P - phi * (r * P + Z))),
                "back down": (1 - pt, cp.outcome(0.0, -L - (1 - r) * P))}),
        }),
    )
    m = float(out.margin)
    for game in (g, out.game()):
        sol = cp.spe(game)
        if abs(m) > 1e-7:
            assert (sol.path()[0] == "comply") == (m > 0)
        v_comply = -x - cc_ - (1 - r) * P - (1 - pi_A) * (r * P + Z)
        v_resist = -L - (1 - r) * P - pt * phi * (r * P + Z)
        assert float(sol.value[1]) == pytest.approx(max(v_comply, v_resist), abs=1e-8)
        assert v_comply - v_resist == pytest.approx(m, abs=1e-8)


def test_regime_fall_weight_closed_form():
    # one period: delta h; certain fall in period 1: delta
    assert float(regime_fall_weight(0.3, 0.9, 1)) == pytest.approx(0.27)
    assert float(regime_fall_weight(1.0, 0.8)) == pytest.approx(0.8)
    assert float(regime_fall_weight(0.0, 0.8)) == 0.0
    assert float(regime_fall_weight(0.0, 1.0, 5)) == 0.0
    # delta = 1, finite horizon: the probability of falling within H
    assert float(regime_fall_weight(0.2, 1.0, 3)) == pytest.approx(1 - 0.8**3)
    np.testing.assert_allclose(regime_fall_weight(np.array([0.1, 0.5]), 0.9),
                               [0.09 / (1 - 0.81), 0.45 / (1 - 0.45)])


def test_no_defection_is_the_same_model():
    """Zero defections reproduce the margin without them, in every field."""
    imp = defection_impact(0.0, 0.0, 0.0, unit_cost=0.7, regime_cost=2.0,
                           credibility_sensitivity=1.0)
    out = offramp_with_defections(imp, 0.3, 0.08, 0.9, 0.6, 0.6, 0.7, resistance_cost=0.05)
    assert float(out.margin) == float(out.margin_without_defections)
    assert float(out.defection_cost) == 0.0 and float(out.resistance_cost) == 0.05
    m = cp.offramp_margin(0.3, 0.08, 0.9, 0.6, 0.6, 0.7, resistance_cost=0.05)
    assert float(out.margin) == float(m)


def test_batches_and_cascade_results():
    g = cc.military_hierarchy((("squad", 6), ("platoon", 3), ("company", 3)))
    b = cc.batch_cascades(g, 0.4, n_random_seeds=6, n_runs=12, rng=3)
    imp = defection_impact(b, unit_cost=0.5)
    np.testing.assert_allclose(imp.units_lost, b.shares)
    out = offramp_with_defections(imp, 0.2, 0.05, 0.9, 0.5, 0.8, 0.7)
    assert np.shape(out.margin) == (12,) and out.to_frame().shape[0] == 12
    order = np.argsort(b.shares)
    assert np.all(np.diff(np.asarray(out.margin)[order]) >= -1e-12)
    ss = cc.security_services(0.5, 0.6, 6.0, 1.0, benefit=1.0, penalty=1.0, payment=0.3)
    imp2 = defection_impact(regime_fall_prob=ss, regime_cost=2.0)
    assert float(imp2.regime_fall_prob) == pytest.approx(float(ss.fall_probability))
    assert float(imp2.resistance_cost) == pytest.approx(2.0 * float(ss.fall_probability))
    r = cc.threshold_cascade(nx.path_graph(4), 0.5, seeds=[0])
    assert float(defection_impact(r).units_lost) == 1.0
    assert imp.to_frame().shape == (12, 1 + len(DefectionImpact.__dataclass_fields__))  # + batch_0
    with pytest.raises(ParameterError, match="game"):
        out.game()


def test_critical_units_lost():
    args = (0.3, 0.08, 0.9, np.array([0.3, 0.6, 0.3]), 0.3, 0.7)
    c = critical_units_lost(*args, unit_cost=np.array([0.3, 1.0, 1.0]))
    m0 = np.asarray(cp.offramp_margin(*args))
    # u* = -M(0) / unit_cost where it lies in [0, 1]
    assert bool(c.never[0]) and np.isinf(c.value[0])         # 0.3 < 0.5016: never
    assert c.value[1] == pytest.approx(-m0[1] / 1.0)
    assert c.value[2] == pytest.approx(-m0[2] / 1.0)
    # with the credibility channel: bisection, and the margin is 0 at the root
    ck = critical_units_lost(*args, unit_cost=0.3, credibility_sensitivity=2.0, p_prevail=0.6)
    for i in np.flatnonzero(ck.flips):
        imp = defection_impact(float(ck.value[i]), unit_cost=0.3, credibility_sensitivity=2.0,
                               p_prevail=0.6)
        out = offramp_with_defections(imp, *(a[i] if np.ndim(a) else a for a in args))
        assert abs(float(out.margin)) < 1e-9
    assert bool(critical_units_lost(0.0, 0.1, 0.9, 0.9, 0.9, 1.0).always)


@pytest.mark.parametrize("call, field", [
    (lambda: defection_impact(1.5), "units_lost"),
    (lambda: defection_impact(0.2, -0.1), "diplomats_resigned"),
    (lambda: defection_impact(0.2, p_prevail=1.0), "p_prevail"),
    (lambda: defection_impact(0.2, unit_cost=-1.0), "unit_cost"),
    (lambda: defection_impact(0.2, regime_cost=float("nan")), "regime_cost"),
    (lambda: defection_impact(0.2, decisiveness=0.0), "decisiveness"),
    (lambda: defection_impact(0.2, credibility_sensitivity=-1.0), "credibility_sensitivity"),
    (lambda: defection_impact(0.2, regime_fall_prob=0.1, regime_fall_hazard=0.1, delta=0.9),
     "regime_fall_hazard"),
    (lambda: defection_impact(0.2, regime_fall_hazard=0.1), "delta"),
    (lambda: defection_impact(0.2, regime_fall_prob=0.1, delta=0.9), "delta"),
    (lambda: defection_impact(0.2, regime_fall_hazard=1.5, delta=0.9), "regime_fall_hazard"),
    (lambda: defection_impact(0.2, regime_fall_hazard=0.1, delta=0.9, horizon=2.5), "horizon"),
    (lambda: defection_impact([0.1, 0.2], unit_cost=[1.0, 2.0, 3.0]), "units_lost"),
    (lambda: offramp_with_defections(0.3, 0.3, 0.1, 0.9, 0.5, 0.5, 0.5), "impact"),
    (lambda: offramp_with_defections(defection_impact(0.1), 0.3, 0.1, 0.9, 1.2, 0.5, 0.5),
     "pi_T"),
    (lambda: offramp_with_defections(defection_impact(0.1), 0.3, 0.1, 0.9, 0.5, 0.5, 0.5,
                                     resistance_cost=float("inf")), "resistance_cost"),
])
def test_bad_input_is_refused_by_name(call, field):
    with pytest.raises(ParameterError) as e:
        call()
    assert e.value.name == field
