"""Every result's ``to_frame()`` follows the one convention of docs/conventions.md.

A tidy DataFrame with a default RangeIndex, flat string column names, no tuples
(or arrays) in cells; a batched result has one integer column per batch axis,
``batch_0``, ``batch_1``, ..., covering every batch element; a scalar result has none.
Each result class is built for real (scalar and, where the class can be batched,
batched) and the test fails when a class with ``to_frame`` is not covered.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import compellence as cp
from compellence.coercion._richer import ResultMixin

BATCH = re.compile(r"batch_\d+")


def _check(df: pd.DataFrame, shape: tuple[int, ...], *, time_axis: bool = False) -> None:
    assert isinstance(df, pd.DataFrame)
    assert isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1
    assert df.index.name is None
    assert not isinstance(df.columns, pd.MultiIndex)
    assert all(isinstance(c, str) for c in df.columns), list(df.columns)
    assert len(df) >= 1
    for c in df.columns:
        if df[c].dtype == object:
            bad = [v for v in df[c] if isinstance(v, (tuple, list, dict, np.ndarray))]
            assert not bad, f"column {c!r} holds {type(bad[0]).__name__} cells"
    keys = [c for c in df.columns if BATCH.fullmatch(c)]
    axes = shape[:-1] if time_axis and shape else shape
    assert keys == [f"batch_{k}" for k in range(len(axes))], (keys, shape)
    for k, n in enumerate(axes):
        assert df[f"batch_{k}"].dtype.kind == "i"
        assert set(df[f"batch_{k}"]) == set(range(n))
    if axes:
        seen = set(map(tuple, df[keys].to_numpy()))
        assert seen == set(np.ndindex(*axes))
    if time_axis and shape:
        assert set(df["t"]) == set(range(shape[-1]))


# ----------------------------------------------------------------------------- builders
def _game(cost):
    return cp.Game(["A", "B"], cp.decision("A", {
        "demand": cp.decision("B", {"comply": cp.outcome(1.0, -1.0),
                                     "resist": cp.decision("A", {"punish": cp.outcome(cost, -3.0),
                                                                 "back down": cp.outcome(-2.0, 0.0)})}),
        "status quo": cp.outcome(0.0, 0.0)}))


def _signalling(p):
    def sender(i):
        return cp.decision("S", {f"m{m}": cp.decision("R", {
            f"a{a}": cp.outcome(float((m + a + i) % 2), float(a == i)) for a in range(2)},
            infoset=f"after m{m}") for m in range(2)})
    return cp.Game(["S", "R"], cp.chance({"t0": (p, sender(0)), "t1": (1 - p, sender(1))}))


def _pd():
    return cp.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=["Row", "Col"],
                             strategies=[["C", "D"], ["C", "D"]])


def _campaign(pT=0.8):
    from compellence.coercion import Campaign, MilitaryAid, Sanctions
    return Campaign({"threat_credibility": pT}, "T", [Sanctions(0.05), MilitaryAid(0.08, label="aid")],
                    demand=0.1, assurance=0.5, discount=0.9)


def _coalition(th):
    from compellence.coercion import Coalition
    return Coalition(["a", "b", "c"], [th, 0.5, 0.7], 0.1)


def _tu(batch=()):
    from compellence.coercion.shapley import TUGame
    v = np.random.default_rng(4).normal(size=(8, *batch))
    v[0] = 0.0
    return TUGame(("a", "b", "c"), v)


def _graph():
    return cp.cascades.diaspora_network(60, seed=1)


def _delayed(pc):
    from compellence.coercion.delay import DelayedDemand
    return DelayedDemand(prob_compellent=pc, punishment_per_period=0.3, concession=0.5)


def _strategic():
    from compellence.solvers.strategic_estimation import fit_strategic, simulate_strategic
    rng = np.random.default_rng(1)
    data = pd.DataFrame({"x1": rng.normal(size=400), "x2": rng.normal(size=400)})
    forms = dict(u11="~ x1", u13="~ 0 + x2", u14=1.0, u24=0.0)
    df = simulate_strategic("egame12", data, {"u11:(Intercept)": 0.5, "u11:x1": -1.0, "u13:x2": 0.8},
                            link="probit", seed=2, **forms)
    return fit_strategic("egame12", df, link="probit", **forms)


def _fit_qre():
    g = _pd()
    q = cp.qre(g, 0.5)
    rng = np.random.default_rng(3)
    return cp.fit_qre(g, [rng.multinomial(500, p) for p in q[0].profile])


def _comparison():
    cc = cp.cascades
    return cc.compare_strategies(_graph(), 0.3, {"seed": cc.Seeding(3, cost_per_seed=1), "none": []},
                                 budget=3, n_runs=4, rng=2)


def _allocation():
    cc = cp.cascades
    return cc.greedy_allocation(_graph(), 0.3, 2, {"seeds": lambda b: [cc.Seeding(int(b))]},
                                step=1, n_runs=2, rng=1)


def _lc(batch=()):
    from compellence.coercion.shapley import least_core
    return least_core(_tu(batch))


def _fighting_model():
    from compellence.coercion.fighting import BargainingWhileFighting
    return BargainingWhileFighting(prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05,
                                   proposer_war_cost=0.05, states=2, horizon=1, delta=0.9)


#: class name -> (scalar builder, batched builder or None, batch shape of the batched one)
CASES: dict[str, tuple] = {
    "Solution": (lambda: cp.spe(_game(-1.0)), lambda: cp.spe(_game(np.linspace(-4, 0, 6).reshape(2, 3))), (2, 3)),
    "NashEquilibrium": (lambda: cp.nash(_pd())[0], None, ()),
    "NashEquilibria": (lambda: cp.nash(_pd()), None, ()),
    "NormalFormQRE": (lambda: cp.qre(_pd(), 0.5)[0], None, ()),
    "QREResult": (lambda: cp.qre(_pd(), [0.5, 1.0]), lambda: cp.qre(_game(np.array([-3.0, -1.0, 0.5])), [0.5, 1.0]), (3,)),
    "QREPath": (lambda: cp.qre_path(_pd(), 2.0), None, ()),
    "QREFit": (_fit_qre, None, ()),
    "StrategicFit": (_strategic, None, ()),
    "FightingEquilibrium": (lambda: cp.coercion.fighting.bargaining_while_fighting(
        prior=[0.5, 0.5], win_probability=[0.2, 0.8], war_cost=0.05, proposer_war_cost=0.05,
        states=2, horizon=2, delta=0.9), None, ()),
    "FightingClosedForm": (lambda: cp.coercion.fighting.fighting_two_types(0.5, 0.2, 0.8, states=2),
                           lambda: cp.coercion.fighting.fighting_two_types(np.array([0.2, 0.5, 0.8]), 0.2, 0.8,
                                                                           states=2), (3,)),
    "FightingTreeCheck": (lambda: cp.coercion.fighting.fighting_tree_check(_fighting_model(), method="lcp"),
                          None, ()),
    "LearningPath": (lambda: cp.fictitious_play(_pd(), 20),
                     lambda: cp.replicator(_pd(), [[0.3, 0.7], [0.6, 0.4]], [[0.5, 0.5], [0.2, 0.8]],
                                           np.linspace(0, 1, 5)), None),
    "SignallingEquilibria": (lambda: cp.signalling_equilibria(_signalling(0.4)), None, ()),
    "SignallingSweep": (lambda: cp.solvers.signalling_sweep(_signalling(0.4)),
                        lambda: cp.solvers.signalling_sweep(_signalling(np.array([0.2, 0.5, 0.8]))), (3,)),
    "NormalFormGame": (_pd, None, ()),
    "DefectionImpact": (lambda: cp.defection_impact(0.2, 0.1, 0.3),
                        lambda: cp.defection_impact(np.array([0.1, 0.2]), 0.1, np.array([[0.1], [0.2], [0.3]])), (3, 2)),
    "DefectionOfframp": (lambda: cp.offramp_with_defections(cp.defection_impact(0.2, 0.1, 0.3), 0.3, 0.2, 0.9, 0.8, 0.5, 0.9),
                         lambda: cp.offramp_with_defections(cp.defection_impact(0.2, 0.1, 0.3), np.array([0.1, 0.3]), 0.2, 0.9, 0.8, 0.5, 0.9), (2,)),
    "ShapleyResult": (lambda: _tu().shapley(), lambda: _tu((3, 2)).shapley(), (3, 2)),
    "CoreResult": (_lc, lambda: _lc((2,)), (2,)),
    "OffRamp": (lambda: _campaign().offramp(), lambda: _campaign(np.array([0.3, 0.6, 0.9])).offramp(), (3,)),
    "AidDecomposition": (lambda: cp.coercion.instruments.overt_aid_decomposition(_campaign(), "aid"),
                         lambda: cp.coercion.instruments.overt_aid_decomposition(_campaign(np.array([0.3, 0.9])), "aid"), (2,)),
    "DelayEquilibria": (lambda: cp.coercion.delay.solve_delay(_delayed(0.5)) if hasattr(cp.coercion.delay, "solve_delay") else _delayed(0.5).solve(),
                        lambda: _delayed(np.array([0.3, 0.6])).solve(), (2,)),
    "DeadlineComparison": (lambda: cp.coercion.delay.compare_deadline(_delayed(0.5)),
                           lambda: cp.coercion.delay.compare_deadline(_delayed(np.array([0.3, 0.6]))), (2,)),
    "ChannelComparison": (lambda: cp.coercion.audience.compare_channels(_campaign()),
                          lambda: cp.coercion.audience.compare_channels(_campaign(np.array([0.3, 0.9]))), (2,)),
    "Coalition": (lambda: _coalition(0.4), lambda: _coalition(np.array([0.2, 0.4])), (2,)),
    "WindowComparison": (lambda: cp.coercion.coalitions.compare_window(_coalition(0.4), 0.9, 0.9, 1.0, 3.0),
                         lambda: cp.coercion.coalitions.compare_window(_coalition(0.4), np.array([0.7, 0.9]), 0.9, 1.0, 3.0), (2,)),
    "BurdenSharing": (lambda: cp.coercion.coalitions.burden_sharing(_coalition(0.4), 0.9, 0.9, 3.0, 1.0),
                      lambda: cp.coercion.coalitions.burden_sharing(_coalition(0.4), 0.9, 0.9, 3.0, np.array([0.5, 1.0])), (2,)),
    "OffRampRiskReturn": (lambda: cp.coercion.screening.offramp_risk_return(0.2, 1.0, -0.5),
                          lambda: cp.coercion.screening.offramp_risk_return(np.array([0.1, 0.2]), 1.0, -0.5), (2,)),
    "Screening": (lambda: cp.coercion.screening.screen([0.4, 0.1], [0.5, 0.5], 0.0),
                  lambda: cp.coercion.screening.screen([0.4, 0.1], [0.5, 0.5], np.array([0.0, -0.2, -0.4])), (3,)),
    "SequentialScreening": (lambda: cp.coercion.screening.sequential_screening(
        [0.4, 0.1], [0.5, 0.5], [0.1, 0.4], rounds=2, coercer_war_payoff=0.0), None, ()),
    "RegimeChangeEquilibrium": (lambda: cp.cascades.regime_change_equilibrium(0.0, 1.0, 0.5, 0.5),
                                lambda: cp.cascades.regime_change_equilibrium(np.array([0.0, 0.1]), 1.0, 0.5, 0.5), (2,)),
    "SecurityServicesOutcome": (lambda: cp.cascades.security_services(0.5, 0.0, 1.0, 0.5, 0.5, 0.5),
                                lambda: cp.cascades.security_services(np.array([0.3, 0.5]), 0.0, 1.0, 0.5, 0.5, 0.5), (2,)),
    "CascadeResult": (lambda: cp.cascades.threshold_cascade(_graph(), 0.2, seeds=[0]), None, ()),
    "BatchCascadeResult": (lambda: cp.cascades.batch_cascades(_graph(), 0.2, n_random_seeds=2, n_runs=3, rng=1), None, ()),
    "InterventionOutcome": (lambda: _comparison().outcomes["seed"], None, ()),
    "StrategyComparison": (_comparison, None, ()),
    "AllocationResult": (_allocation, None, ()),
    "GranovetterResult": (lambda: cp.cascades.granovetter_fixed_point(stats.norm(0.25, 0.1)), None, ()),
    "RiotResult": (lambda: cp.cascades.granovetter_riot(np.arange(20)), None, ()),
    "KuranResult": (lambda: cp.cascades.kuran_equilibrium(np.linspace(0, 1, 20), 0.1), None, ()),
}


def _classes_with_to_frame() -> set[str]:
    found = set()
    for m in pkgutil.walk_packages(cp.__path__, "compellence."):
        mod = importlib.import_module(m.name)
        for name, obj in vars(mod).items():
            if (inspect.isclass(obj) and obj.__module__ == mod.__name__ and "to_frame" in vars(obj)
                    and not issubclass(obj, ResultMixin)):
                found.add(name)
    return found


def _mixin_classes() -> list[type]:
    out = []
    for m in pkgutil.walk_packages(cp.__path__, "compellence."):
        mod = importlib.import_module(m.name)
        out += [o for o in vars(mod).values() if inspect.isclass(o) and o.__module__ == mod.__name__
                and issubclass(o, ResultMixin) and o is not ResultMixin]
    return sorted(set(out), key=lambda c: c.__name__)


def test_every_result_class_is_covered():
    assert _classes_with_to_frame() == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_to_frame_convention(name):
    scalar, batched, shape = CASES[name]
    _check(scalar().to_frame(), ())
    if batched is not None:
        obj = batched()
        if shape is None:  # a learning path: batch shape from the object
            shape = obj.batch_shape
        _check(obj.to_frame(), tuple(shape))


@pytest.mark.parametrize("cls", _mixin_classes(), ids=lambda c: c.__name__)
def test_result_mixin_to_frame_convention(cls):
    """Models of the richer coercion layer share ResultMixin.to_frame: built from arrays of
    their field shapes (scalar, then a (2, 3) batch)."""
    for shape in ((), (2, 3)):
        kw = {f.name: np.full(shape, 0.5) for f in dataclasses.fields(cls)}
        obj = cls(**kw)
        _check(obj.to_frame(), shape, time_axis=cls._time_axis)
        assert [c for c in obj.to_frame().columns if not BATCH.fullmatch(c) and c != "t"] == \
            list(cls._frame_fields)


def test_cohesion_members_frame_convention():
    from compellence.coercion import Coalition
    from compellence.coercion.coalitions import coalition_cohesion

    ks = np.linspace(0.0, 2.0, 5)
    base = dict(costs=[1.5, 1.0, 1.0], stakes=[1.0, 1.2, 1.8])
    scalar = coalition_cohesion(Coalition(["A", "B", "C"], [0.5] * 3, **base), spillover=0.6)
    batched = coalition_cohesion(Coalition(["A", "B", "C"], [0.5] * 3, commitment=[0.0, ks, 0.0],
                                           **base), spillover=0.6)
    _check(scalar.members_frame(), ())
    df = batched.members_frame()
    _check(df, (5,))
    for j, b in [(1, 0), (1, 4), (2, 3)]:
        row = df[(df["member"] == "ABC"[j]) & (df["batch_0"] == b)]
        assert row["stays"].item() == batched.stays[j, b]
