"""Benchmark: scenario files and scenario sweeps.

Prints two tables (all measured in this run, on this machine):

1. reading ``examples/russia_2022.toml``: plain :func:`tomllib.loads` against the
   line locator alone and the whole ``load_scenario`` (parse + locate lines +
   validate + build the Campaign): the price of located error messages;
2. a campaign sweep over ``assurance.credibility x instruments[0].reversibility``:
   the vectorised scenario sweep (one batched Campaign, what ``compellence sweep``
   does) against the naive route, one ``--set``-style load and off-ramp per grid
   point (timed on a sample of points and extrapolated).

Times are CPU seconds of this process (``time.process_time``); each repeat runs
every route once, back to back (same load); the tables give the median and the
spread [25th, 75th percentile] over the repeats and ratios as the median
[quartiles] of the per-repeat ratios.

Run:  python benchmarks/bench_scenario.py [--grid 200] [--sample 100] [--reps 5]
"""

from __future__ import annotations

import argparse
import time
import tomllib
from pathlib import Path

import numpy as np
from _machine import fmt_spread, print_machine, ratio_spread  # noqa: E402  (the script's folder)

from compellence.scenario import load_scenario, loads_scenario, parse_vary
from compellence.scenario.toml_lines import locate_lines

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "examples" / "russia_2022.toml"


def interleaved(fns: dict, reps: int, number: int = 1) -> tuple[dict, dict]:
    """CPU seconds per call of every function (mean of ``number`` calls) in each of ``reps``
    repeats, the functions run back to back, and their last results."""
    times: dict = {k: [] for k in fns}
    outs: dict = {}
    for _ in range(reps):
        for k, f in fns.items():
            t0 = time.process_time()
            for _ in range(number):
                outs[k] = f()
            times[k].append((time.process_time() - t0) / number)
    return times, outs


def main() -> None:
    print_machine()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", type=int, default=200, help="points per swept axis (default 200)")
    ap.add_argument("--sample", type=int, default=100, help="points timed for the naive loop")
    ap.add_argument("--reps", type=int, default=5, help="repeats (median and quartiles)")
    args = ap.parse_args()
    text = MAIN.read_text()

    ts, _ = interleaved({"toml": lambda: tomllib.loads(text), "lines": lambda: locate_lines(text)},
                        args.reps, number=200)
    ts_load, _ = interleaved({"toml": lambda: tomllib.loads(text),
                              "load": lambda: load_scenario(MAIN).campaign()}, args.reps, number=20)
    print(f"1. reading examples/russia_2022.toml (CPU ms per call, median [q25, q75] of {args.reps} repeats)")
    print(f"{'step':<42}{'time (ms)':>24}{'x tomllib':>24}")
    for name, t, base in [("tomllib.loads (the peer)", ts["toml"], ts["toml"]),
                          ("line locator (toml_lines)", ts["lines"], ts["toml"]),
                          ("load_scenario + validate + Campaign", ts_load["load"], ts_load["toml"])]:
        print(f"{name:<42}{fmt_spread(t, 1e-3):>24}{ratio_spread(base, t):>24}")

    n = args.grid
    varies = [parse_vary(f"assurance.credibility=0:1:{n}"),
              parse_vary(f"instruments[0].reversibility=0:1:{n}")]
    scen = load_scenario(MAIN)
    rng = np.random.default_rng(0)
    pts = rng.integers(0, n, size=(args.sample, 2))
    a, r = varies[0].values, varies[1].values

    def loop():
        margins = []
        for i, j in pts:
            s = loads_scenario(text, str(MAIN), overrides=[f"assurance.credibility={float(a[i])!r}",
                                                             f"instruments[0].reversibility={float(r[j])!r}"])
            margins.append(float(s.campaign().offramp().margin))
        return margins

    ts, out = interleaved({"vec": lambda: scen.sweep(varies), "loop": loop}, args.reps)
    ts["loop"] = [t * n * n / args.sample for t in ts["loop"]]
    # the two routes agree on the sampled points
    grid = out["vec"].frame["margin"].to_numpy().reshape(n, n)
    assert np.allclose([grid[i, j] for i, j in pts], out["loop"])
    print()
    print(f"2. sweep of {n} x {n} = {n * n:,} points (assurance.credibility x "
          f"instruments[0].reversibility); CPU s, median [q25, q75] of {args.reps} repeats")
    print(f"{'route':<42}{'time (s)':>26}{'speed-up (loop / route)':>34}")
    print(f"{'per-point load + offramp (extrapolated)':<42}{fmt_spread(ts['loop']):>26}"
          f"{ratio_spread(ts['loop'], ts['loop']):>34}")
    print(f"{'vectorised scenario sweep':<42}{fmt_spread(ts['vec']):>26}{ratio_spread(ts['vec'], ts['loop']):>34}")

if __name__ == "__main__":
    main()
