"""Benchmark: the dynamic coercion solver (issue "Coercion over time", Speed).

    python benchmarks/bench_dynamics.py [--periods 200] [--chance] [--reps 5] [--peer-reps 1]

Times are wall times on a possibly shared machine: the table gives the median
and the spread (min-max) over the repeats, and the machine's cores and load
average before and after the timed runs.

A 200-period horizon on a state grid of 100,000 points (the default model of
``compellence.coercion.dynamics`` with punishment 5 x demand 4 x bite 10 x
insulation 5 x power 5 x insurgency 4 x cohesion 5 levels; 7 coercer actions,
3 target answers), solved by backward induction over time:

* ours: ``backward_induction_dynamic`` (after-state form: the target is
  evaluated once per after-state, the coercer by one gather);
* peer: a plain numpy loop written here for the same model: every (state,
  coercer action, target answer) profile's continuation is gathered and the
  best replies taken over the full ``(S, A, B)`` table each period;
* the physical limit: the bytes of the value array that one period must at
  least read and write (``V_{t+1}`` read, ``V_t`` written, both ``S x 2``
  float64, plus the int16 policies), at this machine's memory bandwidth
  measured here with a large numpy copy.

Transitions are deterministic by default (adaptation, power shift and fraying
happen every period in place; the insurgency persists); ``--chance`` makes
them chance moves (probabilities 0.5, 0.5, 0.3, 0.8: up to 16 successors).
The two solvers' first-period values must agree.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

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


def timed(f, reps: int, warm: bool = True):
    """Wall times of ``reps`` runs (after one untimed warm-up run if ``warm``) and the last result."""
    out = f() if warm else None
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return np.array(times), out


def load() -> str:
    """Machine cores and 1/5/15-minute load averages (the timings are shared-machine wall times)."""
    try:
        la = "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        la = "n/a"
    return f"{os.cpu_count()} cores, load average {la}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--periods", type=int, default=200)
    ap.add_argument("--chance", action="store_true")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--peer-reps", type=int, default=1)
    args = ap.parse_args()
    m = model(args.chance)
    t0 = time.perf_counter()
    game = m.game()
    t_build = time.perf_counter() - t0
    S, A = game.after.shape
    B, Q = len(game.target_actions), game.succ.shape[-1]
    T = args.periods
    load_before = load()
    ts_ours, sol = timed(lambda: backward_induction_dynamic(game, T, keep="policy"), args.reps)
    ts_peer, v_peer = timed(lambda: plain_loop(game, T), args.peer_reps, warm=False)  # ~40 s a run
    load_after = load()
    assert np.allclose(sol.value, v_peer, atol=1e-9), "the two solvers disagree"
    bw = bandwidth()
    per_period_bytes = 2 * (S * 2 * 8) + 2 * S * 2  # read V_{t+1}, write V_t, write two int16 policies
    t_limit = T * per_period_bytes / bw
    t_ours, t_peer = float(np.median(ts_ours)), float(np.median(ts_peer))
    print(f"state grid {S:,} points ({' x '.join(map(str, game.states.shape))}), {A} coercer actions, "
          f"{B} target answers, {Q} successor(s), {T} periods; model built in {t_build:.3f} s")
    print(f"machine: {load_before} before, {load_after} after the timed runs")
    print(f"memory bandwidth (numpy copy of 400 MB): {bw / 1e9:.1f} GB/s")
    print()
    print(f"{'method':<52} {'runs':>4} {'median (s)':>10} {'min-max (s)':>13} {'per period (ms)':>16} "
          f"{'ratio':>7}")
    rows = [("ours: backward_induction_dynamic (after-states)", ts_ours, str(ts_ours.size)),
            ("peer: plain numpy loop over (S, A, B) profiles", ts_peer, str(ts_peer.size)),
            ("physical limit: value array bytes / bandwidth", np.array([t_limit]), "-")]
    for name, ts, runs in rows:
        t = float(np.median(ts))
        spread = f"{ts.min():.3f}-{ts.max():.3f}" if ts.size > 1 else "-"
        print(f"{name:<52} {runs:>4} {t:>10.3f} {spread:>13} {1e3 * t / T:>16.2f} {t / t_ours:>7.2f}")
    print()
    print(f"medians: peer / ours = {t_peer / t_ours:.1f}x; ours / limit = {t_ours / t_limit:.0f}x "
          f"(the limit counts only {per_period_bytes / 1e6:.1f} MB per period: V read + written once)")


if __name__ == "__main__":
    main()
