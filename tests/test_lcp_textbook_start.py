"""sequence_form_lcp(start="textbook"): the start Gambit's lcp_solve uses, checked against pygambit."""

from __future__ import annotations

import numpy as np
import pytest

import compellence as cp
from compellence.errors import ParameterError
from compellence.solvers.sequence_form import behaviour_regret, sequence_form_lcp

gbt = pytest.importorskip("pygambit")


def random_game(rng: np.random.Generator, max_nodes: int = 60, depth: int = 8) -> cp.Game:
    """A random two-player game with chance moves (dyadic probabilities) and information sets that
    are each player's view of the history (so perfect recall holds)."""
    budget = [max_nodes]
    arity: dict[str, int] = {}

    def build(d: int, views: tuple):
        budget[0] -= 1
        if d == 0 or budget[0] <= 0:
            return cp.outcome(float(rng.integers(-20, 21)) / 4, float(rng.integers(-20, 21)) / 4)
        if rng.random() < 0.15:
            k = int(rng.integers(1, 8))
            seen = tuple(rng.random() > 0.55 for _ in range(2))
            return cp.chance({f"c{j}": ((k / 8, 1 - k / 8)[j],
                                        build(d - 1, tuple(v + ((("c", d, j),) if seen[i] else ())
                                                           for i, v in enumerate(views))))
                              for j in range(2)})
        i = int(rng.integers(2))
        label = f"P{i + 1}|{views[i]!r}"
        arity.setdefault(label, int(rng.integers(2, 4)))
        seen = tuple(j == i or rng.random() > 0.55 for j in range(2))
        return cp.decision(f"P{i + 1}", {
            f"a{a}": build(d - 1, tuple(v + (((label, a),) if seen[j] else ()) for j, v in enumerate(views)))
            for a in range(arity[label])}, infoset=label)

    return cp.Game(["P1", "P2"], build(depth, ((), ())))


@pytest.mark.parametrize("seed", range(6))
def test_textbook_start_ends_at_pygambits_equilibrium(seed):
    """Same start as Gambit's lcp_solve (covering vector of ones, all-slack basis, player 1's root row
    first): the path ends at the equilibrium pygambit returns, with the same payoffs."""
    from compellence.games import to_pygambit

    g = random_game(np.random.default_rng(seed))
    sol = sequence_form_lcp(g, start="textbook")
    assert sol.info["start"] == "textbook" and int(sol.info["pivots"]) >= 1
    assert behaviour_regret(g, sol.edge_prob).max() <= 1e-9
    gg, _ = to_pygambit(g)
    eq = gbt.nash.lcp_solve(gg, rational=False).equilibrium
    theirs = [float(eq.payoffs[p]) for p in gg.players]
    np.testing.assert_allclose(sol.value, theirs, atol=1e-9)


def test_textbook_start_on_a_textbook_game_and_default_unchanged():
    """Matching pennies (sequential, second mover blind): the unique equilibrium is 50:50, value 0,
    found by hand; both starts find it, and the default start is still the random-plan ray."""
    g = cp.Game(["P1", "P2"], cp.decision("P1", {
        "H": cp.decision("P2", {"h": cp.outcome(1, -1), "t": cp.outcome(-1, 1)}, infoset="blind"),
        "T": cp.decision("P2", {"h": cp.outcome(-1, 1), "t": cp.outcome(1, -1)}, infoset="blind")}))
    for start in ("ray", "textbook"):
        sol = sequence_form_lcp(g, start=start)
        np.testing.assert_allclose(sol.value, [0.0, 0.0], atol=1e-12)
        np.testing.assert_allclose(sol.edge_prob[1:3], [0.5, 0.5], atol=1e-12)
    assert sequence_form_lcp(g).info["start"] == "ray"
    with pytest.raises(ParameterError, match="start"):
        sequence_form_lcp(g, start="gambit")
