"""Costly signals of resolve (Fearon 1997): sinking costs separate, tying hands commits or semi-separates.

Closed forms derived by hand in the docstrings below and checked against the
signalling solver (vectorised sweep for regions; support enumeration for the
hybrid equilibrium).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from compellence.coercion.costly_signals import (
    resolve_game,
    signal_regions,
    sinking_separates,
    tying_hybrid,
)
from compellence.errors import ParameterError
from compellence.solvers.signalling import signalling_equilibria

params = dict(
    vR=st.floats(0.5, 2.0), vB=st.floats(0.05, 0.45), p=st.floats(0.3, 0.9), qR=st.floats(0.05, 0.95),
    theta=st.floats(0.05, 0.95),
)


@settings(max_examples=40, deadline=None)
@given(**params, k=st.floats(0.0, 2.0))
def test_sinking_costs_separate_exactly_in_the_derived_region(vR, vB, p, qR, theta, k):
    """Separation (R sinks and is complied with, B stays silent and is resisted) iff
    v_B <= k <= (1 - p) v_R + c: B would not pay k for compliance worth v_B; R prefers v_R - k to
    fighting (p v_R - c).  c is set so that R is resolved and B bluffs: p v_B < c <= p v_R."""
    c = (p * vB + p * vR) / 2
    assume(abs(k - vB) > 1e-6 and abs(k - ((1 - p) * vR + c)) > 1e-6)
    df = signal_regions([qR, 1 - qR], [vR, vB], war_share=p, war_cost=c, demand=theta, punishment=1.0,
                        sunk_cost=k, signal="sink")
    want = bool(sinking_separates([vR, vB], war_share=p, war_cost=c, sunk_cost=k))
    assert bool(df["resolve_revealed"].iloc[0]) == want
    if want:
        assert bool(df["separating_d1"].iloc[0])


def test_regions_are_batched_over_the_sunk_cost():
    k = np.linspace(0.0, 1.0, 101)
    kw = dict(war_share=0.6, war_cost=0.2, demand=0.3, punishment=1.0)
    df = signal_regions([0.2, 0.8], [1.0, 0.2], sunk_cost=k, **kw)
    want = (k >= 0.2 - 1e-12) & (k <= 0.6 + 1e-12)  # v_B = 0.2, (1 - p) v_R + c = 0.6
    np.testing.assert_array_equal(df["resolve_revealed"].to_numpy(), want)


@settings(max_examples=15, deadline=None)
@given(**params, frac=st.floats(0.05, 0.95))
def test_tying_hands_hybrid_matches_the_closed_form(vR, vB, p, qR, theta, frac):
    """a < c - p v_B (the tie does not commit the bluffer) and q_R < theta: R ties; B ties with
    sigma = q_R (1 - theta) / ((1 - q_R) theta); the target resists a tie with rho = v_B / (v_B + a)."""
    assume(qR < theta - 1e-3)
    c = (p * vB + p * vR) / 2
    a = frac * (c - p * vB)
    g = resolve_game([qR, 1 - qR], [vR, vB], war_share=p, war_cost=c, demand=theta, punishment=1.0,
                     audience_cost=a, messages=("none", "tie"))
    res = signalling_equilibria(g, mixed=True)
    hyb = [e for e in res.mixed if e.sender["resolved"] == "tie" and e.sender["bluffer"] is None]
    assert len(hyb) == 1
    e = hyb[0]
    want = tying_hybrid(qR, vB, demand=theta, punishment=1.0, audience_cost=a)
    assert e.sender_strategy["bluffer"]["tie"] == pytest.approx(float(want["bluffer_ties"]), abs=1e-6)
    assert e.receiver_strategy["tie"]["resist"] == pytest.approx(float(want["target_resists_tie"]), abs=1e-6)
    assert e.beliefs["tie"]["resolved"] == pytest.approx(theta, abs=1e-6)
    # no pure equilibrium reveals resolve by tying hands
    df = signal_regions([qR, 1 - qR], [vR, vB], war_share=p, war_cost=c, demand=theta, punishment=1.0,
                        audience_cost=a, signal="tie")
    assert not bool(df["resolve_revealed"].iloc[0])


@settings(max_examples=15, deadline=None)
@given(**params, extra=st.floats(0.01, 1.0))
def test_large_audience_costs_commit_the_bluffer(vR, vB, p, qR, theta, extra):
    """a >= c - p v_B: after a tie both types carry out, so pooling on the tie with compliance is an
    equilibrium and no equilibrium separates on resolve."""
    c = (p * vB + p * vR) / 2
    a = (c - p * vB) + extra
    g = resolve_game([qR, 1 - qR], [vR, vB], war_share=p, war_cost=c, demand=theta, punishment=1.0,
                     audience_cost=a, messages=("none", "tie"))
    res = signalling_equilibria(g)
    assert any(e.kind == "pooling" and e.sender["bluffer"] == "tie" and e.receiver["tie"] == "comply"
               for e in res)
    assert not any(e.sender == {"resolved": "tie", "bluffer": "none"} for e in res)


def test_refusals():
    kw = dict(war_share=0.6, war_cost=0.2, demand=0.3, punishment=1.0)
    with pytest.raises(ParameterError) as ex:
        resolve_game([0.5, 0.6], [1.0, 0.2], **kw)
    assert ex.value.name == "prior"
    with pytest.raises(ParameterError) as ex:
        resolve_game([0.5, 0.5], [1.0, 0.2], messages=("none", "shout"), **kw)
    assert ex.value.name == "messages"
    with pytest.raises(ParameterError) as ex:
        signal_regions([0.5, 0.5], [1.0, 0.2], signal="none", **kw)
    assert ex.value.name == "signal"
