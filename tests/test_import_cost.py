"""Start-up cost: importing the package and its light layers must not load the heavy libraries.

Each check runs a fresh interpreter (``sys.modules`` of the test process is
already full), imports one module and lists which of the heavy libraries
ended up in ``sys.modules``.  No timings: which modules load is what decides
the start-up time, and it is deterministic.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

#: libraries that cost 0.1-0.5 s each to import and that the light paths do not need
HEAVY = ("pandas", "scipy.optimize", "scipy.stats", "matplotlib", "networkx")


def _loaded_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the HEAVY modules it left in sys.modules."""
    probe = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json as _json, sys as _sys
        print(_json.dumps(sorted(m for m in {HEAVY!r} if m in _sys.modules)))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "module", ["compellence", "compellence.games", "compellence.solvers", "compellence.cli"]
)
def test_importing_a_light_layer_loads_no_heavy_library(module: str) -> None:
    assert _loaded_after(f"import {module}") == []


def test_solving_a_tree_with_spe_loads_no_heavy_library() -> None:
    loaded = _loaded_after(
        """
        import compellence as cp
        game = cp.Game(["A", "B"], cp.decision("A", {
            "l": cp.decision("B", {"x": cp.outcome(1, 0), "y": cp.outcome(0, 1)}),
            "r": cp.outcome(0.5, 0.5)}))
        sol = cp.spe(game)
        assert sol.path() == ("r",), sol.path()
        cp.games.NormalFormGame([[[1, 0], [0, 1]], [[0, 1], [1, 0]]])
        """
    )
    assert loaded == []


def test_every_public_name_is_importable_from_its_package() -> None:
    import compellence
    import compellence.games
    import compellence.solvers

    for pkg in (compellence, compellence.games, compellence.solvers):
        for name in pkg.__all__:
            assert getattr(pkg, name) is not None, f"{pkg.__name__}.{name}"
    assert set(compellence.solvers.__all__) <= set(dir(compellence.solvers))
    with pytest.raises(AttributeError):
        compellence.solvers.no_such_solver  # noqa: B018


def test_solver_functions_are_not_shadowed_by_their_submodules() -> None:
    """``solvers.qre`` / ``solvers.nash`` stay the functions even when another module
    imported the submodules of the same name first (the import system binds a
    submodule on its package when it loads)."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                from compellence.solvers.qre import qre_path       # loads the submodules
                from compellence.solvers.nash import regrets
                import compellence as cp
                import compellence.solvers as s
                import compellence.solvers.qre as qre_module
                from compellence.solvers import nash, qre
                assert callable(s.qre) and s.qre.__name__ == "qre", s.qre
                assert callable(s.nash) and s.nash.__name__ == "nash", s.nash
                assert s.qre is qre is cp.qre is qre_module
                assert s.nash is nash is cp.nash
                assert s.qre_path is qre_path and s.regrets is regrets
                assert callable(s.spe) and cp.spe is s.spe
                print("ok")
                """
            ),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_coercion_lazy_table_matches_every_modules_all():
    import importlib

    import compellence.coercion as co

    for module, names in co._MODULES.items():
        mod = importlib.import_module(f"compellence.coercion.{module}")
        assert tuple(mod.__all__) == names, module
        for name in names:
            assert getattr(co, name) is getattr(mod, name)


def test_the_main_job_loads_no_pandas_or_scipy_stats():
    """`compellence solve examples/russia_2022.toml` (the README's main job) in a fresh process."""
    code = (
        "import sys, io, contextlib\n"
        "from compellence.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['solve', 'examples/russia_2022.toml']) == 0\n"
        "heavy = [m for m in ('pandas', 'scipy.stats', 'scipy.optimize', 'networkx', 'matplotlib')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"the main job imported {out.stdout.strip()}"
