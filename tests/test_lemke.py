"""Lemke's algorithm: solutions of LCPs checked against brute force and known classes."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compellence.errors import ParameterError
from compellence.solvers.lemke import LCPRayError, lemke


def brute_force_lcp(M, q):
    """All solutions of LCP(q, M) over complementary bases (tiny n only)."""
    n = len(q)
    sols = []
    for mask in itertools.product([0, 1], repeat=n):
        z_idx = [i for i in range(n) if mask[i]]
        z = np.zeros(n)
        if z_idx:
            sub = M[np.ix_(z_idx, z_idx)]
            try:
                z[z_idx] = np.linalg.solve(sub, -q[z_idx])
            except np.linalg.LinAlgError:
                continue
        w = q + M @ z
        if z.min() >= -1e-9 and w.min() >= -1e-9:
            sols.append(z)
    return sols


def check(res, M, q, tol=1e-8):
    w = q + M @ res.z
    assert res.z.min() >= 0 and w.min() >= -tol
    assert abs(res.z @ w) <= tol
    np.testing.assert_allclose(res.w, np.maximum(w, 0), atol=tol)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 7), refactor=st.integers(1, 5))
def test_positive_definite_lcp_has_the_unique_solution(seed, n, refactor):
    rng = np.random.default_rng(seed)
    P = rng.normal(size=(n, n))
    S = rng.normal(size=(n, n))
    M = P.T @ P + 0.1 * np.eye(n) + (S - S.T)
    q = rng.normal(size=n)
    res = lemke(M, q, refactor_every=refactor)
    check(res, M, q)
    (only,) = brute_force_lcp(M, q)  # P-matrix: exactly one solution
    np.testing.assert_allclose(res.z, only, atol=1e-8)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 8), rank=st.integers(0, 4))
def test_feasible_psd_lcp_is_solved(seed, n, rank):
    """Positive semidefinite (possibly singular) M is copositive-plus, so Lemke's algorithm
    solves every feasible LCP(q, M) (Cottle, Pang & Stone 1992, Thm 4.4.13).  q is built
    from a known complementary pair, often degenerate (zeros in z* and w*)."""
    rng = np.random.default_rng(seed)
    P = rng.integers(-2, 3, size=(min(rank, n), n)).astype(float)
    M = P.T @ P
    z_star = np.where(rng.random(n) < 0.5, rng.integers(0, 3, n), 0).astype(float)
    w_star = np.where(z_star > 0, 0.0, rng.integers(0, 3, n)).astype(float)
    q = w_star - M @ z_star
    res = lemke(M, q)
    check(res, M, q)


def test_degenerate_lcp_does_not_cycle():
    # many ties in the ratio test: q with repeated entries, M with repeated rows
    M = np.array([[1.0, 2, 0, 0], [1.0, 2, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]]) + np.eye(4)
    q = np.array([-1.0, -1.0, -1.0, -1.0])
    res = lemke(M, q)
    check(res, M, q)
    q0 = np.zeros(4)
    assert lemke(M, q0).pivots == 0


def test_free_variables_and_equality_rows():
    # min 1/2 z'Qz + c'z s.t. a'z = 1, z >= 0 as a mixed LCP with one free multiplier
    Q = np.array([[2.0, 0.5], [0.5, 1.0]])
    c = np.array([-1.0, 0.2])
    a = np.array([1.0, 1.0])
    M = np.zeros((3, 3))
    M[:2, :2] = Q
    M[:2, 2] = -a
    M[2, :2] = a
    q = np.r_[c, -1.0]
    # start: z0 basic... use the complementary basis {z_0, w_1, lambda} feasible on the ray
    d = np.array([0.0, 1.0, 0.0])
    res = lemke(M, q, d, free=[2], start_basis=[3 + 0, 1, 3 + 2])
    z = res.z
    assert z[:2].sum() == pytest.approx(1.0)
    w = q + M @ z
    assert w[:2].min() >= -1e-9 and abs(z[:2] @ w[:2]) <= 1e-9
    # KKT point of a convex QP = its minimum: compare with a fine grid
    t = np.linspace(0, 1, 100001)
    pts = np.stack([t, 1 - t], axis=1)
    obj = 0.5 * np.einsum("ij,jk,ik->i", pts, Q, pts) + pts @ c
    assert 0.5 * z[:2] @ Q @ z[:2] + c @ z[:2] == pytest.approx(obj.min(), abs=1e-8)


def test_bad_inputs_name_the_field():
    with pytest.raises(ParameterError, match="q"):
        lemke(np.eye(2), np.ones(3))
    with pytest.raises(ParameterError, match="start_basis"):
        lemke(np.eye(2), -np.ones(2), free=[0])
    with pytest.raises(ParameterError, match="d"):
        lemke(np.eye(2), -np.ones(2), d=np.array([1.0, 0.0]))
    with pytest.raises(ParameterError, match="start_basis"):
        lemke(np.eye(2), -np.ones(2), start_basis=[0, 2])


def test_secondary_ray_is_reported():
    # w = q + M z with M = -I, q < 0: infeasible LCP
    with pytest.raises(LCPRayError):
        lemke(-np.eye(2), -np.ones(2))
