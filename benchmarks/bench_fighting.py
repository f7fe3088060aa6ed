"""Bargaining while fighting: the exact solver (gap demands with a randomising type) over horizons and type counts.

Models (``compellence.coercion.fighting``): ``n`` types with win probabilities evenly spread in
[0.3, 0.7], battle costs falling from 0.02 to 0.01, proposer cost 0.01, 4 states (start 2),
delta 0.9, no sanctions; the two-type gap example of ``tests/test_fighting.py`` (sanctions
that stay after a settlement, 5 states); and two-type models with 6 states (start 3), delta
0.95, win probabilities 0.35/0.65 and 0.3/0.5 (the comparative-statics models of the tests).  For each model and horizon ``T``:

* ``exact``: ``model.solve()`` (the n-type exact solver, ``coercion/fighting_exact.py``; the
  restricted lattice solve it starts from is included);
* ``restricted``: ``model.solve(mixed_gaps=False)`` (pure cutoff demands only), the peer;
* ``two-type``: for two types and ``T <= --old-max``, the previous two-type mixed solver (state ``q = Pr(strong)``,
  ``tests/fighting_two_type_reference.py``) on the same model, timed without the restricted solve it needs;
* ratios: peer / exact per repeat (> 1: the exact solver is faster), median [quartiles].

The exact solver's cost grows with the number of breakpoints (posterior weights where a
proposer is indifferent), which grows with the horizon; ``breaks`` is the largest number at
one node (period, history, marginal type).

Run:  python benchmarks/bench_fighting.py [--repeats 3] [--horizons 4 8 12 20] [--types 2 3 4] [--old-max 12]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from _machine import cpu, fmt_spread, print_machine, ratio_spread  # noqa: E402  (benchmarks/ is the script's folder)

from compellence.coercion.fighting import BargainingWhileFighting  # noqa: E402

GAP_EXAMPLE = dict(prior=[1 - 0.11253178555164613, 0.11253178555164613], win_probability=[0.05, 0.6003181536126234],
                   war_cost=[0.049757782004212506, 0.03], proposer_war_cost=0.005232317126572986, states=5, start=2,
                   delta=0.6596058720986273, s=0.031111889237070606, r=0.8246152508680571, pi_A=1e-09,
                   pi_T=0.5980123292230078)


def spread_model(n: int, T: int) -> BargainingWhileFighting:
    prior = np.full(n, 1.0 / n)
    return BargainingWhileFighting(prior=prior, win_probability=np.linspace(0.3, 0.7, n),
                                   war_cost=np.linspace(0.02, 0.01, n), proposer_war_cost=0.01, states=4,
                                   delta=0.9, horizon=T)


def max_breaks(m: BargainingWhileFighting) -> int:
    from compellence.coercion.fighting import _layers
    from compellence.coercion.fighting_exact import ExactFightingSolver

    s = ExactFightingSolver(m, _layers(m))
    s.path()
    return max((len(v) for v in s._breaks.values()), default=0)


def main() -> None:
    print_machine()
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--horizons", type=int, nargs="+", default=[4, 8, 12, 20])
    ap.add_argument("--types", type=int, nargs="+", default=[2, 3, 4])
    ap.add_argument("--old-max", type=int, default=12, help="largest horizon for the (slow) two-type solver")
    args = ap.parse_args()
    # the previous two-type solver lives in the tests, as an independent oracle
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from fighting_two_type_reference import TwoTypeMixed

    cases = [(f"{n} types", T, spread_model(n, T)) for n in args.types for T in args.horizons]
    cases += [("gap example (2 types)", T, BargainingWhileFighting(**GAP_EXAMPLE, horizon=T)) for T in args.horizons]
    cases += [(f"6 states p={pw}/{ps}", T, BargainingWhileFighting(
        prior=[0.5, 0.5], states=6, horizon=T, delta=0.95, win_probability=[pw, ps], war_cost=[0.02, 0.015],
        proposer_war_cost=0.01)) for pw, ps in [(0.35, 0.65), (0.3, 0.5)] for T in args.horizons]
    print(f"{'model':24s} {'T':>3s} {'breaks':>6s} {'exact s':>22s} {'restricted s':>22s} {'restricted/exact':>22s}"
          f" {'two-type s':>22s} {'two-type/exact':>22s}")
    for name, T, m in cases:
        ex, re_, old = [], [], []
        for _ in range(args.repeats):
            t, eq = cpu(m.solve)
            ex.append(t)
            t, _ = cpu(m.solve, mixed_gaps=False)
            re_.append(t)
            if m.n_types == 2 and T <= args.old_max:
                t, _ = cpu(lambda m=m, eq=eq: TwoTypeMixed(m).equilibrium(eq.restricted or eq))
                old.append(t)
        two = (fmt_spread(old), ratio_spread(ex, old)) if old else ("-", "-")
        print(f"{name:24s} {T:3d} {max_breaks(m):6d} {fmt_spread(ex):>22s} {fmt_spread(re_):>22s} "
              f"{ratio_spread(ex, re_):>22s} {two[0]:>22s} {two[1]:>22s}", flush=True)


if __name__ == "__main__":
    main()
