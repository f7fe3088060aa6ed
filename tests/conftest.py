"""Shared test helpers: random game trees and an independent recursive solver."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import settings

import compellence as cp

# Property tests draw the same examples on every run (CI is reproducible: a red run is the code's,
# not the draw's); HYPOTHESIS_PROFILE=explore draws fresh random examples to hunt for new edge cases.
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def random_tree(rng: np.random.Generator, players: list[str], depth: int, *, chance_p: float = 0.25,
                integer: bool = False, batch: tuple[int, ...] = (), max_branch: int = 3):
    """A random perfect-information tree spec with chance moves (numbers may be batched)."""

    def pay():
        shape = batch if (batch and rng.random() < 0.5) else ()
        if integer:
            return rng.integers(-3, 4, size=shape).astype(float)
        return rng.normal(size=shape)

    def build(d):
        if d == 0 or (d < depth and rng.random() < 0.2):
            return cp.outcome(*[pay() for _ in players])
        k = int(rng.integers(1, max_branch + 1))
        if rng.random() < chance_p:
            k = max(k, 2)
            shape = batch if (batch and rng.random() < 0.5) else ()
            w = rng.random(size=(k, *shape)) + 0.05
            w = w / w.sum(axis=0)
            return cp.chance({f"c{j}": (w[j], build(d - 1)) for j in range(k)})
        who = players[int(rng.integers(len(players)))]
        return cp.decision(who, {f"a{j}": build(d - 1) for j in range(k)})

    return build(depth)


def recursive_spe_value(spec, players: list[str], tol: float = 1e-9):
    """Plain recursive backward induction on a scalar spec ('first best' tie rule)."""
    if isinstance(spec, cp.games.OutcomeNode):
        if spec.named:
            return np.array([float(spec.named[p]) for p in players])
        return np.array([float(v) for v in spec.payoffs])
    if isinstance(spec, cp.games.ChanceNode):
        return sum(float(p) * recursive_spe_value(sub, players, tol) for p, sub in spec.branches.values())
    j = players.index(spec.player)
    vals = [recursive_spe_value(sub, players, tol) for sub in spec.actions.values()]
    best = max(v[j] for v in vals)
    for v in vals:
        if v[j] >= best - tol:
            return v
    raise AssertionError("unreachable")


def threat_game(punish=-1.0, back_down=-2.0):
    """The canonical compellence game of docs/coercion.md with a threat (punishment payoff may be an array)."""
    return cp.Game(
        players=["Coercer", "Target"],
        root=cp.decision("Coercer", {
            "demand": cp.decision("Target", {
                "comply": cp.outcome(1.0, -1.0),
                "resist": cp.decision("Coercer", {
                    "punish": cp.outcome(punish, -3.0),
                    "back down": cp.outcome(back_down, 0.0),
                }),
            }),
            "status quo": cp.outcome(0.0, 0.0),
        }),
        title="Compellence with a threat",
    )


@pytest.fixture(autouse=True)
def _fresh_pandas_display_options():
    """Examples set pandas display options (width, precision) for their printed tables; reset them
    after each test so printed output never depends on which test ran before."""
    yield
    import sys

    if "pandas" in sys.modules:
        sys.modules["pandas"].reset_option("^display")
