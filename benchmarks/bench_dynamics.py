"""Benchmark: the dynamic coercion solver (issue "Coercion over time", Speed).

    python benchmarks/bench_dynamics.py [--periods 200] [--chance] [--reps 7] [--peer-reps 3]
                                        [--peer-periods 20]

A 200-period horizon on a state grid of 100,000 points (the default model of
``compellence.coercion.dynamics`` with punishment 5 x demand 4 x bite 10 x
insulation 5 x power 5 x insurgency 4 x cohesion 5 levels; 7 coercer actions,
3 target answers), solved by backward induction over time:

* ours, compiled: ``backward_induction_dynamic(..., compiled=True)``, the numba
  per-period kernel (two fused passes over the grid; the ``fast`` extra);
* ours, numpy: ``backward_induction_dynamic(..., compiled=False)``, the numpy
  path (after-state form, column layout: about twenty whole-grid array passes a
  period);
* peer: a plain numpy loop written here for the same model: every (state,
  coercer action, target answer) profile's continuation is gathered and the
  best replies taken over the full ``(S, A, B)`` table each period.  It takes
  ~40 s for 200 periods, so it is timed on ``--peer-periods`` periods and
  scaled to the horizon (every period does the same work; the per-period time
  is what is compared);
* the physical limit: the bytes of the value array that one period must at
  least read and write (``V_{t+1}`` read, ``V_t`` written, both ``S x 2``
  float64, plus the int16 policies), at this machine's memory bandwidth
  measured here with a large numpy copy.

Times are CPU seconds of this process (``time.process_time``: every solver here
runs on one core; on a shared machine wall time measures the neighbours too),
each repeat runs the three solvers back to back (same load), and the table gives
the median and the spread [25th, 75th percentile] over the repeats; ratios are
per-repeat ratios to the compiled kernel.  The kernel's first call in a fresh
process (numba import plus compile, or plus loading the on-disk cache) is timed
separately in two subprocesses, one with an empty cache directory.

Transitions are deterministic by default (adaptation, power shift and fraying
happen every period in place; the insurgency persists); ``--chance`` makes
them chance moves (probabilities 0.5, 0.5, 0.3, 0.8: up to 16 successors).
The kernel's values and policies must equal the numpy path's exactly, and the
peer's first-period values must agree with ours.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from _machine import fmt_spread, print_machine, ratio_spread  # noqa: E402  (the script's folder)

from compellence.coercion.dynamics import CoercionDynamics, backward_induction_dynamic


def model(chance: bool) -> CoercionDynamics:
    p = (0.5, 0.5, 0.3, 0.8) if chance else (1.0, 1.0, 1.0, 1.0)
    return CoercionDynamics(
        punishment_levels=4, demands=(0.2, 0.4, 0.8), punishment_per_period=0.3, reversibility=0.6,
        delta=0.95, threat_credibility=0.8, assurance_credibility=0.8, punishment_cost=0.02, audience_cost=0.01,
        bite=tuple(np.linspace(0.1, 1.0, 10)), reimposition_effectiveness=0.5,
        insulation=(0.0, 0.1, 0.2, 0.3, 0.4), adaptation=p[0],
        power=(0.6, 0.55, 0.5, 0.45, 0.4), power_shift=p[1],
        insurgency=(0.0, 0.02, 0.04, 0.06), insurgency_persistence=p[3], aid_level=4,
        cohesion=(1.0, 0.9, 0.8, 0.7, 0.6), fray=p[2], war=True,
    )


def plain_loop(game, T: int) -> np.ndarray:
    """Backward induction over the full (state, coercer action, target answer) table each period."""
    z1 = game.after                                                   # (S, A)
    pay = game.payoff[z1] + game.move_payoff[:, :, None, :]           # (S, A, B, 2)
    term = game.terminal[z1]                                          # (S, A, B)
    succ = game.succ[z1]                                              # (S, A, B, Q)
    prob = game.prob[z1]
    okA = game.coercer_allowed
    okB = game.target_allowed[z1]
    end = game.end_value[z1]
    d = float(game.delta)
    V = None
    for _ in range(T):
        if V is None:
            Qv = pay + np.where(term[..., None], 0.0, end)
        else:
            ev = np.einsum("sabq,sabqp->sabp", prob, V[succ])
            Qv = pay + np.where(term[..., None], 0.0, d * ev)
        qt = np.where(okB, Qv[..., 1], -np.inf)
        b = (qt >= qt.max(-1, keepdims=True) - 1e-9).argmax(-1)                # (S, A)
        Yb = np.take_along_axis(Qv, b[..., None, None], 2)[:, :, 0, :]        # (S, A, 2)
        qc = np.where(okA, Yb[..., 0], -np.inf)
        a = (qc >= qc.max(-1, keepdims=True) - 1e-9).argmax(-1)
        V = np.take_along_axis(Yb, a[:, None, None], 1)[:, 0, :]
    return V


def bandwidth(n_bytes: int = 400_000_000, reps: int = 3) -> float:
    """Memory bandwidth in bytes/s from a large numpy copy (read + write counted)."""
    src = np.ones(n_bytes // 8)
    dst = np.empty_like(src)
    best = np.inf
    for _ in range(reps):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    return 2 * src.nbytes / best


FIRST_CALL = """
import time
t0 = time.perf_counter()
import numpy as np
from compellence.coercion.dynamics import MarkovGame, StateSpace, backward_induction_dynamic
g = MarkovGame(StateSpace({"z": np.arange(3)}), ("a", "b"), ("comply", "resist"), np.zeros((3, 2), int),
               True, 0.0, True, 0.0, np.array([True, False]), np.zeros((3, 2, 1), int), 1.0, 0.9)
t1 = time.perf_counter()
backward_induction_dynamic(g, 2, compiled=True)
print(time.perf_counter() - t1, t1 - t0)
"""


def first_call(cache_dir: str | None) -> float:
    """Wall seconds of the kernel's first call in a fresh process (numba import, then compile or cache load)."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    out = subprocess.run([sys.executable, "-c", FIRST_CALL], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def cpu_run(f):
    t0 = time.process_time()
    out = f()
    return time.process_time() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--periods", type=int, default=200)
    ap.add_argument("--chance", action="store_true")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--peer-reps", type=int, default=3, help="repeats that also run the plain loop")
    ap.add_argument("--peer-periods", type=int, default=20)
    args = ap.parse_args()
    print_machine()
    import numba

    print(f"numba {numba.__version__}")
    m = model(args.chance)
    t0 = time.perf_counter()
    game = m.game()
    t_build = time.perf_counter() - t0
    S, A = game.after.shape
    B, Q = len(game.target_actions), game.succ.shape[-1]
    T, Tp = args.periods, min(args.peer_periods, args.periods)
    with tempfile.TemporaryDirectory() as empty:
        t_compile = first_call(empty)
    t_cached = first_call(None)
    fast = lambda: backward_induction_dynamic(game, T, keep="policy", compiled=True)   # noqa: E731
    slow = lambda: backward_induction_dynamic(game, T, keep="policy", compiled=False)  # noqa: E731
    fast(), slow()                                                                      # warm-up
    ts_fast, ts_np, ts_peer = [], [], []
    for r in range(args.reps):
        t, sol_fast = cpu_run(fast)
        ts_fast.append(t)
        t, sol_np = cpu_run(slow)
        ts_np.append(t)
        assert np.array_equal(sol_fast.value, sol_np.value) and np.array_equal(sol_fast.policy, sol_np.policy), \
            "the kernel and the numpy path differ"
        if r < args.peer_reps:
            t, v_peer = cpu_run(lambda: plain_loop(game, Tp))
            ts_peer.append(t * T / Tp)
    short = backward_induction_dynamic(game, Tp, keep="policy", compiled=True)
    assert np.allclose(short.value, v_peer, atol=1e-9), "the plain loop disagrees"
    bw = bandwidth()
    per_period_bytes = 2 * (S * 2 * 8) + 2 * S * 2  # read V_{t+1}, write V_t, write two int16 policies
    t_limit = T * per_period_bytes / bw
    ts_fast, ts_np, ts_peer = np.array(ts_fast), np.array(ts_np), np.array(ts_peer)
    print(f"state grid {S:,} points ({' x '.join(map(str, game.states.shape))}), {A} coercer actions, "
          f"{B} target answers, {Q} successor(s), {T} periods; model built in {t_build:.3f} s")
    print(f"memory bandwidth (numpy copy of 400 MB): {bw / 1e9:.1f} GB/s")
    print(f"kernel's first call in a fresh process (wall): {t_compile:.2f} s compiling (empty numba cache), "
          f"{t_cached:.2f} s loading the on-disk cache (both include importing numba)")
    print()
    print(f"{'method (CPU seconds, median [q25, q75])':<58} {'runs':>4} {'time (s)':>22} {'per period (ms)':>16} "
          f"{'ratio to compiled':>20}")
    n = ts_peer.size
    rows = [("ours, compiled: numba kernel (compiled=True)", ts_fast, ts_fast, str(ts_fast.size)),
            ("ours, numpy path (compiled=False)", ts_np, ts_fast, str(ts_np.size)),
            (f"peer: plain numpy loop over (S, A, B), {Tp} periods x {T // Tp}", ts_peer, ts_fast[:n], str(n)),
            ("physical limit: value array bytes / bandwidth", np.array([t_limit]), None, "-")]
    for name, ts, base, runs in rows:
        ratio = ratio_spread(base, ts) if base is not None else f"{t_limit / np.median(ts_fast):.3g}"
        print(f"{name:<58} {runs:>4} {fmt_spread(ts):>22} {1e3 * np.median(ts) / T:>16.2f} {ratio:>20}")
    print()
    tf = float(np.median(ts_fast))
    print(f"medians: numpy path / compiled = {np.median(ts_np) / tf:.1f}x; plain loop / compiled = "
          f"{np.median(ts_peer) / tf:.0f}x; compiled / limit = {tf / t_limit:.0f}x (the limit counts only "
          f"{per_period_bytes / 1e6:.1f} MB per period: V read + written once)")


if __name__ == "__main__":
    main()
