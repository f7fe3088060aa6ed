"""Analytic cascade results against simulation on large random graphs (fixed seeds)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy import stats

import compellence.cascades as cc
from compellence.errors import ParameterError

N = 100_000
PHI = 0.18  # Watts's running example; K* = 5, window 1.02 < z < 5.76


@pytest.fixture(scope="module")
def er_graphs():
    return {z: cc.as_cascade_graph(cc.erdos_renyi_csr(N, z, seed=7)) for z in (0.8, 4.0, 12.0)}


def single_seed_shares(cg, runs=60, seed=3):
    rng = np.random.default_rng(seed)
    return np.array([cc.threshold_cascade(cg, PHI, seeds=[int(rng.integers(cg.n))]).share
                     for _ in range(runs)])


# ---------------------------------------------------------------- Watts
def test_er_window_matches_poisson_closed_form():
    w = cc.er_cascade_window(PHI)
    kstar = int(np.floor(1 / PHI))
    for z in (w.lower, w.upper):
        assert z * stats.poisson(z).cdf(kstar - 2) == pytest.approx(1.0, abs=1e-9)
    assert 1.0 < w.lower < 1.1 and 5.5 < w.upper < 6.0
    assert w.contains([0.8, 4.0, 12.0]).tolist() == [False, True, False]
    # the general generating-function sum gives the same verdict
    for z in (0.8, 2.0, 4.0, 5.0, 7.0, 12.0):
        assert cc.watts_condition(stats.poisson(z), PHI).possible == bool(w.contains(z))


def test_watts_condition_general_sum():
    p = np.array([0.0, 0.2, 0.3, 0.3, 0.2])  # k = 0..4
    phi = stats.uniform(0.2, 0.4)  # phi ~ U[0.2, 0.6]: rho_k = Pr(phi <= 1/k)
    rho = np.array([0.0, 1.0, 0.75, (1 / 3 - 0.2) / 0.4, (0.25 - 0.2) / 0.4])
    k = np.arange(5)
    w = cc.watts_condition(p, phi)
    np.testing.assert_allclose(w.rho[1:], rho[1:], atol=1e-9)
    assert w.lhs == pytest.approx(np.sum(k * (k - 1) * rho * p))
    assert w.z == pytest.approx(np.sum(k * p))
    assert w.possible == (w.lhs > w.z)


def test_simulation_inside_the_window_cascades(er_graphs):
    """Inside the window single seeds trigger global cascades as often as Watts predicts."""
    shares = single_seed_shares(er_graphs[4.0])
    w = cc.watts_condition(stats.poisson(4.0), PHI)
    assert w.possible
    freq = np.mean(shares > 0.1)
    assert abs(freq - w.cascade_probability) < 0.15  # binomial sd ~ 0.045 with 60 runs
    big = shares[shares > 0.1]
    g = cc.gleeson_cascade_size(stats.poisson(4.0), PHI, 1.0 / N)
    assert big.mean() == pytest.approx(g.share, abs=0.01)


@pytest.mark.parametrize("z", [0.8, 12.0])
def test_simulation_outside_the_window_stays_local(er_graphs, z):
    shares = single_seed_shares(er_graphs[z], runs=60)
    assert not cc.watts_condition(stats.poisson(z), PHI).possible
    assert shares.max() < 0.01


@pytest.mark.parametrize("z, tol", [(0.8, 0.006), (4.0, 0.003), (12.0, 0.002)])
def test_gleeson_size_matches_batched_simulation(er_graphs, z, tol):
    b = cc.batch_cascades(er_graphs[z], PHI, n_random_seeds=N // 100, n_runs=4, rng=5)
    g = cc.gleeson_cascade_size(stats.poisson(z), PHI, 0.01)
    assert b.shares.mean() == pytest.approx(g.share, abs=tol)


def test_gleeson_complex_contagion_count_thresholds():
    """Absolute threshold 2 (complex contagion) on ER z = 8 from a 4% seed share."""
    a = cc.erdos_renyi_csr(50_000, 8.0, seed=21)
    for seed_share in (0.02, 0.06):
        b = cc.batch_cascades(a, 2, kind="count", n_random_seeds=int(seed_share * 50_000),
                              n_runs=3, rng=4)
        g = cc.gleeson_cascade_size(stats.poisson(8.0), 2, seed_share, kind="count")
        assert b.shares.mean() == pytest.approx(g.share, abs=0.01)


def test_degree_distribution_inputs():
    import networkx as nx
    g = nx.star_graph(4)
    np.testing.assert_allclose(cc.degree_distribution(g), [0, 0.8, 0, 0, 0.2])
    p = cc.degree_distribution(stats.poisson(3.0))
    assert p.sum() == pytest.approx(1.0) and np.sum(np.arange(p.size) * p) == pytest.approx(3.0)
    with pytest.raises(ParameterError, match="degrees"):
        cc.degree_distribution([0.5, -0.1])
    with pytest.raises(ParameterError, match="thresholds"):
        cc.er_cascade_window(0.4)  # K* = 2: no window


# ---------------------------------------------------------------- Granovetter
def test_granovetter_critical_dispersion_is_granovetters_12_2():
    """Granovetter (1978): normal thresholds with mean 25 of 100 riot en masse from sd ~12.2."""
    cd = cc.critical_dispersion(0.25)
    assert cd.sigma == pytest.approx(0.122, abs=0.001)
    assert cd.share_below < 0.1 and cd.share_above > 0.99


def test_granovetter_fixed_point_is_smallest_root():
    r = cc.granovetter_fixed_point(stats.norm(0.25, 0.1))
    F = stats.norm(0.25, 0.1).cdf
    assert F(r.share) == pytest.approx(r.share, abs=1e-12)
    assert r.share < 0.01 and r.fixed_points[0] == pytest.approx(r.share, abs=1e-10)
    assert len(r.fixed_points) == 3 and r.stable
    # iterating r <- F(r) from 0 converges to it
    x = 0.0
    for _ in range(200):
        x = F(x)
    assert x == pytest.approx(r.share, abs=1e-10)
    # forced seeds: r = s + (1 - s) F(r)
    rs = cc.granovetter_fixed_point(stats.norm(0.25, 0.1), seed_share=0.2)
    assert rs.share == pytest.approx(0.2 + 0.8 * F(rs.share), abs=1e-12)
    assert rs.share > 0.99


def test_granovetter_tangency():
    def F(r):
        return np.minimum(1.0, r + (np.asarray(r) - 0.3) ** 2)

    r = cc.granovetter_fixed_point(F)
    assert r.share == pytest.approx(0.3, abs=1e-6)


def complete_graph_csr(n: int) -> sp.csr_array:
    a = np.ones((n, n), dtype=np.float32)
    np.fill_diagonal(a, 0)
    return sp.csr_array(a)


@pytest.mark.parametrize("sigma", [0.08, 0.1, 0.16, 0.3])
def test_granovetter_mean_field_against_simulation(sigma):
    """On a complete graph of 2,500 people, the simulated riot matches r = F(r)."""
    n = 2500
    a = complete_graph_csr(n)
    dist = stats.norm(0.25, sigma)
    b = cc.batch_cascades(a, dist, n_runs=4, rng=17)
    mf = cc.granovetter_fixed_point(dist).share
    assert b.shares.mean() == pytest.approx(mf, abs=0.02)


def test_granovetter_empirical_cdf_input():
    r = cc.granovetter_fixed_point(np.arange(100) / 100)
    assert r.share == pytest.approx(1.0)
    th = np.arange(100) / 100
    th[1] = 0.02
    assert cc.granovetter_fixed_point(th).share == pytest.approx(0.01)
