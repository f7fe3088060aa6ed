"""Benchmark: scenario files and scenario sweeps.

Prints two tables (all measured in this run, on this machine):

1. reading ``examples/russia_2022.toml``: plain :func:`tomllib.loads` against the
   line locator alone and the whole ``load_scenario`` (parse + locate lines +
   validate + build the Campaign): the price of located error messages;
2. a campaign sweep over ``assurance.credibility x instruments[0].reversibility``:
   the vectorised scenario sweep (one batched Campaign, what ``compellence sweep``
   does) against the naive route, one ``--set``-style load and off-ramp per grid
   point (timed on a sample of points and extrapolated).

Run:  python benchmarks/bench_scenario.py [--grid 200]
"""

from __future__ import annotations

import argparse
import time
import tomllib
from pathlib import Path

import numpy as np
from _machine import print_machine  # noqa: E402  (benchmarks/ is the script's folder)

from compellence.scenario import load_scenario, loads_scenario, parse_vary
from compellence.scenario.toml_lines import locate_lines

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "examples" / "russia_2022.toml"


def best_of(fn, repeat: int = 5, number: int = 1) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return min(times)


def main() -> None:
    print_machine()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", type=int, default=200, help="points per swept axis (default 200)")
    ap.add_argument("--sample", type=int, default=100, help="points timed for the naive loop")
    args = ap.parse_args()
    text = MAIN.read_text()

    t_toml = best_of(lambda: tomllib.loads(text), number=200)
    t_lines = best_of(lambda: locate_lines(text), number=200)
    t_load = best_of(lambda: load_scenario(MAIN).campaign(), number=20)
    print("1. reading examples/russia_2022.toml (best of 5)")
    print(f"{'step':<42}{'time':>12}{'x tomllib':>12}")
    for name, t in [("tomllib.loads (the peer)", t_toml), ("line locator (toml_lines)", t_lines),
                    ("load_scenario + validate + Campaign", t_load)]:
        print(f"{name:<42}{t * 1e3:>10.3f}ms{t / t_toml:>12.1f}")

    n = args.grid
    varies = [parse_vary(f"assurance.credibility=0:1:{n}"),
              parse_vary(f"instruments[0].reversibility=0:1:{n}")]
    scen = load_scenario(MAIN)
    t0 = time.perf_counter()
    res = scen.sweep(varies)
    t_vec = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    pts = rng.integers(0, n, size=(args.sample, 2))
    a, r = varies[0].values, varies[1].values
    t0 = time.perf_counter()
    margins = []
    for i, j in pts:
        s = loads_scenario(text, str(MAIN), overrides=[f"assurance.credibility={float(a[i])!r}",
                                                         f"instruments[0].reversibility={float(r[j])!r}"])
        margins.append(float(s.campaign().offramp().margin))
    t_loop = (time.perf_counter() - t0) / args.sample * n * n
    # the two routes agree on the sampled points
    grid = res.frame["margin"].to_numpy().reshape(n, n)
    assert np.allclose([grid[i, j] for i, j in pts], margins)
    print()
    print(f"2. sweep of {n} x {n} = {n * n:,} points (assurance.credibility x "
          "instruments[0].reversibility)")
    print(f"{'route':<42}{'time':>12}{'speed-up':>12}")
    print(f"{'per-point load + offramp (extrapolated)':<42}{t_loop:>11.2f}s{1.0:>12.1f}")
    print(f"{'vectorised scenario sweep':<42}{t_vec:>11.2f}s{t_loop / t_vec:>12.1f}")


if __name__ == "__main__":
    main()
