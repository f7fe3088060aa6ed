"""From defection outcomes to the compellence off-ramp margin."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import compellence.cascades as cc
from compellence.errors import ParameterError


def test_cascades_do_not_import_coercion_at_import_time():
    """No module of compellence.cascades imports the coercion layer at module level
    (the off-ramp link imports it inside the function)."""
    pkg = Path(cc.__file__).parent
    for path in sorted(pkg.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in tree.body:  # module level only
            if isinstance(node, ast.ImportFrom):
                target = ("." * node.level) + (node.module or "")
                assert "coercion" not in target, f"{path.name} imports {target}"
            elif isinstance(node, ast.Import):
                assert not any("coercion" in a.name for a in node.names), path.name


def test_defection_impact_by_hand():
    imp = cc.defection_impact(0.3, 0.2, 0.1, p_prevail=0.6, unit_cost=1.0, diplomat_cost=0.5,
                              regime_cost=1.0)
    m_a = 0.4 / 0.6
    p1 = 0.9 * 0.7 / (0.7 + m_a)
    assert float(imp.cost_per_period) == pytest.approx(0.3 + 0.1 + 0.1)
    assert float(imp.p_prevail_after) == pytest.approx(p1)
    assert float(imp.delta_pi_T) == pytest.approx(0.6 - p1)
    assert float(imp.delta_p_prevail) == pytest.approx(p1 - 0.6)
    # decisiveness and units that switch sides
    imp2 = cc.defection_impact(0.2, p_prevail=0.5, decisiveness=2.0, switch_share=0.5)
    assert float(imp2.p_prevail_after) == pytest.approx(0.8**2 / (0.8**2 + 1.1**2))
    # nothing lost: nothing changes
    zero = cc.defection_impact(0.0, p_prevail=0.7)
    assert float(zero.cost_per_period) == 0 and float(zero.delta_pi_T) == 0
    assert float(cc.defection_impact(1.0).p_prevail_after) == 0.0
    assert zero.to_frame().shape == (1, 7)


def test_offramp_margin_before_and_after():
    pytest.importorskip("compellence.coercion.offramp")
    x, s, delta, pi_T, pi_A, r = 0.3, 0.1, 0.9, 0.6, 0.7, 0.8
    imp = cc.defection_impact(0.3, 0.2, 0.1, p_prevail=0.6, diplomat_cost=0.5, regime_cost=1.0)
    out = cc.offramp_with_defections(imp, x, s, delta, pi_T, pi_A, r)
    D = delta / (1 - delta)

    def margin(s_, pt, r_):  # DESIGN.md: M = (pi_T + pi_A r - 1) s D - x
        return (pt + pi_A * r_ - 1) * s_ * D - x

    s1 = s + float(imp.cost_per_period)
    pt1 = min(1.0, pi_T + float(imp.delta_pi_T))
    r1 = (r * s + 1.0 * float(imp.cost_per_period)) / s1
    assert float(out.margin_before) == pytest.approx(margin(s, pi_T, r))
    assert float(out.margin_after) == pytest.approx(margin(s1, pt1, r1))
    assert float(out.s_after) == pytest.approx(s1)
    assert float(out.r_after) == pytest.approx(r1)
    assert not bool(out.viable_before) and bool(out.viable_after)
    assert float(out.max_demand_after) == pytest.approx(max(0.0, margin(s1, pt1, r1) + x))
    assert "DefectionOfframp(margin" in repr(out)


def test_batch_of_cascades_feeds_a_batch_of_margins():
    pytest.importorskip("compellence.coercion.offramp")
    g = cc.military_hierarchy((("squad", 6), ("platoon", 3), ("company", 3)))
    b = cc.batch_cascades(g, 0.4, n_random_seeds=6, n_runs=12, rng=3)
    imp = cc.defection_impact(b, p_prevail=0.55, unit_cost=0.5)
    assert np.shape(imp.cost_per_period) == (12,)
    np.testing.assert_allclose(imp.units_lost, b.shares)
    out = cc.offramp_with_defections(imp, 0.2, 0.05, 0.9, 0.5, 0.8, 0.7)
    assert np.shape(out.margin_after) == (12,)
    # more defection, more room for the off-ramp
    order = np.argsort(b.shares)
    assert np.all(np.diff(np.asarray(out.margin_after)[order]) >= -1e-12)
    assert out.to_frame().shape == (12, 9)
    # the security services' regime-fall probability is accepted directly
    ss = cc.security_services(0.5, 0.6, 6.0, 1.0, benefit=1.0, penalty=1.0, payment=0.3)
    imp2 = cc.defection_impact(regime_fall_prob=ss, regime_cost=2.0)
    assert float(imp2.regime_fall_prob) == pytest.approx(float(ss.fall_probability))


def test_link_bad_input():
    with pytest.raises(ParameterError, match="units_lost"):
        cc.defection_impact(1.5)
    with pytest.raises(ParameterError, match="p_prevail"):
        cc.defection_impact(0.2, p_prevail=1.0)
    with pytest.raises(ParameterError, match="impact"):
        cc.offramp_with_defections(0.3, 0.3, 0.1, 0.9, 0.5, 0.5, 0.5)
    r = cc.threshold_cascade(nx.path_graph(4), 0.5, seeds=[0])
    assert float(cc.defection_impact(r).units_lost) == 1.0
