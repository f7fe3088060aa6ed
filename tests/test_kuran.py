"""Kuran's preference falsification."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import compellence.cascades as cc
from compellence.errors import ParameterError

SOCIETY = [0.0, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0]


def test_kurans_ten_person_example():
    """Kuran (1991): one threshold 0.2 -> 0.1 turns 10% public opposition into 90%."""
    calm = cc.kuran_equilibrium(SOCIETY, private=[True] * 6 + [False] * 4)
    assert calm.public_share == pytest.approx(0.1)
    assert calm.falsification == pytest.approx(0.5)
    tipped = list(SOCIETY)
    tipped[1] = 0.1
    rev = cc.kuran_equilibrium(tipped, private=0.6)
    assert rev.public_share == pytest.approx(0.9)
    np.testing.assert_allclose(rev.path, [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    assert rev.falsification == pytest.approx(-0.3)  # bandwagon: some oppose only publicly
    # the hidden high equilibrium was there all along
    assert 0.9 in np.round(calm.equilibria, 12)
    assert cc.kuran_equilibrium(SOCIETY, initial_share=0.3).public_share == pytest.approx(0.9)


def test_kuran_thresholds_formula():
    x = np.array([0.0, 0.5, 0.9, 1.0])
    t = cc.kuran_thresholds(x, integrity=[2.0, 1.0, 1.0, 1.0], reputation=1.0, repression=0.0)
    np.testing.assert_allclose(t[1:], [0.5, 0.1, 0.0])
    assert np.isposinf(t[0])  # (1 + 2) / 2 = 1.5 > 1: never
    tr = cc.kuran_thresholds(0.9, integrity=1.0, reputation=1.0, repression=1.0)
    assert float(tr) == pytest.approx((1 + 1 - 0.8) / 3)
    with pytest.raises(ParameterError, match="private"):
        cc.kuran_thresholds([1.2])


def test_continuum_matches_granovetter_and_network_simulation():
    dist = stats.norm(0.3, 0.15)
    k = cc.kuran_equilibrium(dist)
    g = cc.granovetter_fixed_point(dist)
    assert k.public_share == pytest.approx(g.share, abs=1e-6)
    # on a dense random graph (everyone watches ~400 others) the cascade agrees: the degree, not
    # the size, is what brings each watcher's share close to the population's
    a = cc.erdos_renyi_csr(5_000, 400.0, seed=2)
    b = cc.batch_cascades(a, dist, n_runs=2, rng=8)
    assert b.shares.mean() == pytest.approx(k.public_share, abs=0.03)


def test_bad_thresholds():
    with pytest.raises(ParameterError, match="thresholds"):
        cc.kuran_equilibrium([0.1, 1.5])
    with pytest.raises(ParameterError, match="initial_share"):
        cc.kuran_equilibrium(SOCIETY, initial_share=2.0)
