"""Beer or quiche? Signalling, pooling equilibria and the intuitive criterion.

Cho & Kreps (1987), "Signaling games and stable equilibria", QJE 102(2).

A sender is strong (probability 0.9) or weak (0.1).  Over breakfast she
drinks beer or eats quiche: the strong type prefers beer, the weak type
quiche (+1 for the preferred breakfast).  A bully watches the breakfast, not
the type, and decides whether to duel; every type gets +2 if there is no
duel.  The bully gains 1 by duelling a weak sender or by leaving a strong one
alone, 0 otherwise.

There are exactly two pure perfect Bayesian equilibria, both pooling:

* everyone drinks beer; the bully declines after beer and would duel after
  quiche, which is optimal for him if he believed a quiche eater is weak with
  probability at least 1/2;
* everyone eats quiche; the bully declines after quiche and would duel after
  beer, if he believed a beer drinker is weak with probability at least 1/2.

The *intuitive criterion* asks whether those off-path beliefs are reasonable.
In the quiche equilibrium the weak type gets 3, and beer can never give her
more than 2: beer is "equilibrium dominated" for the weak type, so a beer
drinker should be believed strong.  Then the bully would not duel, and the
strong type, who gets only 2 with quiche, would switch to beer (3).  The
quiche equilibrium fails the criterion; the beer equilibrium passes (quiche
is dominated for the strong type, and a sender believed weak is duelled).

The same reasoning is the classroom route to "public vs private demands": a
public demand is a costly message (audience costs), and the intuitive
criterion says which beliefs an audience may hold when a leader departs from
the expected message.

Run:  python examples/beer_quiche.py
"""

from __future__ import annotations

import compellence as cp
from compellence.solvers.signalling import signalling_equilibria


def beer_quiche(p_weak: float = 0.1) -> cp.Game:
    def sender(kind: str):
        preferred = "quiche" if kind == "weak" else "beer"

        def leaf(breakfast: str, duel: bool):
            sender_payoff = (1 if breakfast == preferred else 0) + (0 if duel else 2)
            if duel:
                bully_payoff = 1 if kind == "weak" else 0
            else:
                bully_payoff = 1 if kind == "strong" else 0
            return cp.outcome(Sender=sender_payoff, Bully=bully_payoff)

        return cp.decision("Sender", {
            b: cp.decision("Bully", {"duel": leaf(b, True), "decline": leaf(b, False)},
                           infoset=f"after {b}")
            for b in ("beer", "quiche")
        })

    return cp.Game(
        ["Sender", "Bully"],
        cp.chance({"weak": (p_weak, sender("weak")), "strong": (1 - p_weak, sender("strong"))}),
        title="beer-quiche",
    )


def main() -> None:
    game = beer_quiche()
    print(game.to_text())
    print()
    result = signalling_equilibria(game)
    print(result)
    print()
    for k, eq in enumerate(result, start=1):
        print(f"Equilibrium {k}: {eq.kind}")
        print("  sender:   " + ", ".join(f"{t} -> {m}" for t, m in eq.sender.items()))
        print("  bully:    " + ", ".join(f"after {m}: {a}" for m, a in eq.receiver.items()))
        for m, post in eq.beliefs.items():
            print(f"  on path, after {m}: " + ", ".join(f"Pr({t}) = {p:.2f}" for t, p in post.items()))
        for m, box in eq.off_path.items():
            lo, hi = box["weak"]
            print(f"  off path, after {m}: supported if Pr(weak | {m}) is in [{lo:g}, {hi:g}]")
        print("  payoffs:  " + ", ".join(f"{t}: {v:g}" for t, v in eq.sender_payoff.items())
              + f"; bully (expected): {eq.receiver_payoff:g}")
        verdict = "passes" if eq.intuitive else "FAILS"
        print(f"  intuitive criterion (Cho & Kreps 1987): {verdict}")
        if eq.intuitive_note:
            print(f"    {eq.intuitive_note}")
        print()
    print(result.to_frame().T.to_string())


if __name__ == "__main__":
    main()
