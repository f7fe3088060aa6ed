"""Fuzz suite: mutated game and scenario files and random API calls at the extremes.

Every input either works or fails with a :class:`~compellence.errors.CompellenceError`
that names a location (a line, a key path, a field); nothing hangs past a bound; no NaN
reaches a returned number.  The default profile runs in CI in about a minute; set
``COMPELLENCE_FUZZ=long`` (or a number: the count per file) for a longer local run::

    COMPELLENCE_FUZZ=long python -m pytest tests/test_fuzz.py -m fuzz

The mutator is seeded (one seed per case, shown on failure), so every failure
reproduces with the same command.
"""

from __future__ import annotations

import math
import os
import re
import signal
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import compellence as cp
from compellence.errors import CompellenceError, GameFileError, ParameterError, ScenarioError

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".efg", ".nfg", ".toml"))
_PROFILE = os.environ.get("COMPELLENCE_FUZZ", "")
PER_FILE = 400 if _PROFILE == "long" else (int(_PROFILE) if _PROFILE.isdigit() else 60)
#: Seconds one fuzz case may take (reading, checking, solving) before it counts as a hang.
BOUND = 20

_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])")
_EXTREMES = ["0", "-1", "1e400", "-1e400", "1e308", "1e-320", "nan", "inf", "-inf",
             "9" * 40, "1" + "0" * 5000, "0.5", "1/0", "3/7", "-0", "2147483648", "1e19"]


@contextmanager
def bounded(seconds: int, what: str):
    """Fail (not hang) when the body runs past ``seconds`` (SIGALRM; POSIX main thread)."""

    def alarm(signum, frame):
        raise TimeoutError(f"{what} ran past {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def mutate(text: str, rng: np.random.Generator) -> str:
    """One to three random edits of the kinds that break parsers and validators."""
    lines = text.split("\n")
    for _ in range(int(rng.integers(1, 4))):
        kind = int(rng.integers(0, 8))
        if kind == 0 and lines:  # delete a line
            del lines[int(rng.integers(len(lines)))]
        elif kind == 1 and lines:  # duplicate a line
            i = int(rng.integers(len(lines)))
            lines.insert(i, lines[i])
        elif kind in (2, 3, 4):  # replace a number by an extreme value
            body = "\n".join(lines)
            spots = list(_NUMBER.finditer(body))
            if spots:
                m = spots[int(rng.integers(len(spots)))]
                new = _EXTREMES[int(rng.integers(len(_EXTREMES)))]
                body = body[: m.start()] + new + body[m.end():]
                lines = body.split("\n")
        elif kind == 5:  # truncate
            body = "\n".join(lines)
            lines = body[: int(rng.integers(0, max(1, len(body))))].split("\n")
        elif kind == 6:  # insert stray punctuation
            body = "\n".join(lines)
            at = int(rng.integers(0, len(body) + 1))
            junk = ["{", "}", "[", "]", '"', "=", ",", "\\", "\x00", "[[x]]", "{ 1 2 }"][
                int(rng.integers(11))]
            lines = (body[:at] + junk + body[at:]).split("\n")
        elif lines:  # swap two lines
            i, j = (int(v) for v in rng.integers(len(lines), size=2))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def assert_located(exc: CompellenceError) -> None:
    """The error names where: a line, a key path or a field."""
    msg = str(exc)
    if isinstance(exc, GameFileError):
        assert exc.line is not None or "line" in msg, msg
    elif isinstance(exc, ScenarioError):
        assert exc.key or exc.line is not None or "line" in msg or "--" in msg, msg
    elif isinstance(exc, ParameterError):
        assert getattr(exc, "name", None) or ":" in msg, msg
    else:  # game errors name the node path (root/...), the field or the argument
        named = (":", "/", "line", "payoff", "probabilit", "player", "action", "infoset", "lam",
                 "game", "tol", "method")
        assert any(w in msg for w in named), msg


def assert_no_nan(obj, where: str, depth: int = 0) -> None:
    """No NaN in any number a result returns (inf is allowed where documented: never flips)."""
    if depth > 3 or obj is None:
        return
    if isinstance(obj, (float, np.floating)):
        assert not math.isnan(float(obj)), where
    elif isinstance(obj, np.ndarray) and obj.dtype.kind == "f":
        assert not np.isnan(obj).any(), where
    elif isinstance(obj, dict):
        for k, v in obj.items():
            assert_no_nan(v, f"{where}.{k}", depth + 1)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj[:50]):
            assert_no_nan(v, f"{where}[{i}]", depth + 1)


def _exercise(path: Path, text: str) -> None:
    if path.suffix == ".efg":
        game = cp.read_efg(text)
        cp.write_efg(game)
        if game.n_nodes < 200:
            sol = cp.spe(game)
            assert_no_nan(np.asarray(sol.value), "spe value")
    elif path.suffix == ".nfg":
        game = cp.read_nfg(text)
        cp.write_nfg(game)
        if game.payoffs.size <= 64:
            res = cp.nash(game)
            for e in res.equilibria:
                assert_no_nan(list(e.strategies) + [e.payoffs], "nash equilibrium")
    else:
        scen = cp.loads_scenario(text, source=path.name)
        scen.check()
        if scen.kind in ("campaign", "game", "dynamics"):
            report = scen.solve()
            assert_no_nan(report.to_dict(), "report")


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(p.relative_to(ROOT)) for p in EXAMPLES])
def test_mutated_files_fail_cleanly(path: Path):
    text = path.read_text()
    base_seed = sum(path.name.encode())
    for k in range(PER_FILE):
        seed = base_seed * 1000 + k
        bad = mutate(text, np.random.default_rng(seed))
        try:
            with bounded(BOUND, f"{path.name} mutation seed {seed}"):
                _exercise(path, bad)
        except CompellenceError as exc:
            assert_located(exc)
        except Exception as exc:  # noqa: BLE001 - anything else is the bug the fuzzer looks for
            raise AssertionError(
                f"{path.name}, mutation seed {seed}: {type(exc).__name__}: {exc}\n---\n{bad[:2000]}"
            ) from exc


# ----------------------------------------------------------------------------- random API calls
extreme = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1.0, -1.0, 1e308, -1e308, 1e-308, 5e-324]),
    st.integers(-(10**400), 10**400),
    st.just("x"), st.none(), st.booleans(),
)
share = st.one_of(st.floats(0.0, 1.0), extreme)

API = settings(max_examples=40 if not _PROFILE else 400, deadline=None,
               suppress_health_check=[HealthCheck.too_slow])


@API
@given(x=share, s=extreme, delta=share, pi_T=share, pi_A=share, r=share, L=extreme)
def test_offramp_closed_forms_refuse_or_answer_without_nan(x, s, delta, pi_T, pi_A, r, L):
    from compellence.coercion import offramp as o

    try:
        with bounded(BOUND, "offramp"):
            m = o.offramp_margin(x, s, delta, pi_T, pi_A, r, resistance_cost=L)
            crits = [f(x, s, delta, pi_T, pi_A, r, resistance_cost=L) for f in (
                o.critical_assurance, o.critical_reversibility, o.critical_threat,
                o.critical_punishment)]
    except CompellenceError as exc:
        assert_located(exc)
        return
    assert_no_nan(np.asarray(m), "margin")
    for c in crits:
        assert_no_nan(np.asarray(c.value), c.name)


@API
@given(payoffs=st.lists(extreme, min_size=8, max_size=8), lam=extreme)
def test_normal_form_solvers_refuse_or_answer_without_nan(payoffs, lam):
    try:
        with bounded(BOUND, "normal form"):
            g = cp.NormalFormGame(np.array(payoffs, dtype=object).reshape(2, 2, 2).tolist())
            res = cp.nash(g)
            for e in res.equilibria:
                assert_no_nan(list(e.strategies) + [e.payoffs], "nash")
            q = cp.qre(g, lam).point(0)
            assert_no_nan(list(q.profile) + [q.residual], "qre")
    except CompellenceError as exc:
        assert_located(exc)


@API
@given(a=extreme, b=extreme, c=extreme, p=share)
def test_game_trees_refuse_or_solve_without_nan(a, b, c, p):
    try:
        with bounded(BOUND, "tree"):
            g = cp.Game(["C", "T"], cp.decision("C", {
                "demand": cp.chance({"x": (p, cp.outcome(a, b)),
                                     "y": (1 - p if isinstance(p, float) else p, cp.outcome(b, c))}),
                "wait": cp.outcome(c, a),
            }))
            sol = cp.spe(g)
            assert_no_nan(np.asarray(sol.value), "value")
            str(g)
            cp.write_efg(g)
            q = cp.qre(g, 2.0).solution
            assert_no_nan([q.info["residual"], np.asarray(q.edge_prob)], "qre")
    except CompellenceError as exc:
        assert_located(exc)
    except TypeError as exc:  # 1 - p for a non-number p: the test's own arithmetic
        assert not isinstance(p, float), exc
