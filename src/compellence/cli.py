"""The ``compellence`` command: what-if analyses of coercion from the shell.

Subcommands (``compellence COMMAND --help`` shows each with an example):

* ``solve FILE``     equilibrium path, off-ramp margin and critical thresholds
  of a campaign scenario (or the equilibria of a game file);
* ``sweep FILE``     vary scenario keys over a grid, write a CSV (and an
  off-ramp map);
* ``cascade FILE``   run a defection-cascade study;
* ``check FILE``     validate a scenario file and say what it describes;
* ``convert GAME``   Gambit ``.efg`` <-> ``.nfg`` (extensive -> reduced normal form);
* ``draw FILE``      draw a game tree (a game file or a campaign's game) to PNG.

Exit codes: 0 success, 2 bad input (the message on stderr, no traceback),
1 internal error (a short message; the traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import CompellenceError, UsageError
from .outputs import atomic_output, write_text_atomic

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_INTERNAL", "EXIT_BAD_INPUT"]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2

PROG = "compellence"




class _Parser(argparse.ArgumentParser):
    """argparse, but raising instead of exiting so ``main`` keeps control of exit codes."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message}\n(run `{self.prog} --help` for usage)")


_DESCRIPTION = """\
compellence: the game theory of coercion (sanctions, military aid, demands,
assurances) from the command line.

A *scenario file* (TOML) describes a coercion campaign -- who coerces whom, with
which instruments, for what demand, with what assurance that punishment is
lifted -- or a defection-cascade study.  The commands solve it, sweep it over
parameter grids, and draw it.  The schema is in docs/scenarios.md; the
examples/ folder has one scenario per claim of the theory.

The model: the target complies iff
    x + (1 - r) s D + (1 - pi_A) r s D  <=  (1 - r) s D + pi_T r s D
(x demand, s punishment per period, D discounted future, pi_T threat
credibility, pi_A assurance credibility, r reversibility): the irreversible
part (1 - r) s D is paid on every branch and cancels.  The off-ramp margin
M = (pi_T + pi_A - 1) * r * s * D - x; the off-ramp is viable iff M >= 0.
"""

_EPILOG = """\
examples:
  compellence solve examples/russia_2022.toml
  compellence solve examples/russia_2022.toml --format json
  compellence sweep examples/russia_2022.toml --vary assurance.credibility=0:1:51 \\
      --vary instruments[2].cost_target=0:0.2:51 --out map.csv --plot map.png
  compellence check examples/claims/3_unanimous_coalition.toml --keys
  compellence cascade examples/defections.toml
  compellence convert examples/teaching/entry_deterrence.efg --to nfg
  compellence draw examples/teaching/compellence_threat.efg --out tree.png

exit codes: 0 ok, 2 bad input (message on stderr), 1 internal error (use --debug).
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``compellence`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser, with one subcommand per action.

    Examples
    --------
    >>> from compellence.cli import build_parser
    >>> parser = build_parser()
    >>> parser.prog
    'compellence'
    """
    p = _Parser(
        prog=PROG,
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--debug", action="store_true",
                   help="show the full traceback of internal errors")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def cmd(name: str, help: str, description: str, example: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(
            name,
            help=help,
            description=description,
            epilog="example:\n" + example,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the full traceback of internal errors")
        return sp

    s = cmd(
        "solve",
        "equilibrium, off-ramp margin and critical thresholds of a scenario",
        "Solve a campaign scenario: build its compellence game, find the subgame-perfect\n"
        "equilibrium, and report the off-ramp margin M (viable iff M >= 0), the largest\n"
        "demand that can still work, the critical values of assurance credibility,\n"
        "reversibility and threat credibility at which the off-ramp opens or closes,\n"
        "and which parameters drive the margin most.\n\n"
        "FILE may also be a game (.efg extensive form, .nfg normal form, or a TOML\n"
        "scenario of kind \"game\"): then its equilibria are listed (subgame-perfect for\n"
        "perfect-information trees, Nash otherwise).",
        "  compellence solve examples/russia_2022.toml\n"
        "  compellence solve examples/claims/1_irreversible_punishment.toml --format json\n"
        "  compellence solve examples/russia_2022.toml --set demand.concession=0.5\n"
        "  compellence solve examples/teaching/prisoners_dilemma.nfg",
    )
    s.add_argument("file", metavar="FILE", help="scenario (.toml) or game (.efg, .nfg) file")
    s.add_argument("--format", choices=("table", "json"), default="table",
                   help="table for people (default), json for scripts")
    s.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override one scenario value, e.g. --set assurance.credibility=0.8 "
                        "(repeatable)")

    s = cmd(
        "sweep",
        "vary scenario keys over a grid; write results as CSV (and a map)",
        "Sweep a scenario over a grid of parameter values.  Each --vary names a\n"
        "key path into the scenario and a linear grid start:stop:num (num points, both\n"
        "ends included); several --vary make the full product grid.  The whole grid is\n"
        "solved in one vectorised pass unless --backend says otherwise.  One CSV row per\n"
        "grid point: for a campaign the varied values, the off-ramp margin, viability,\n"
        "the largest workable demand and the target's choice; for a cascade study the\n"
        "mean final share of defectors under each intervention (the study's runs at\n"
        "every point, with its seed).\n\n"
        "Key paths: table.key, array[index].key, e.g. assurance.credibility,\n"
        "instruments[0].reversibility, demand.concession.  `compellence check FILE\n"
        "--keys` lists the sweepable keys of a scenario.",
        "  compellence sweep examples/russia_2022.toml \\\n"
        "      --vary assurance.credibility=0:1:51 --vary instruments[2].cost_target=0:0.2:51 \\\n"
        "      --out results.csv --plot map.png\n"
        "  compellence sweep examples/defections.toml --vary thresholds.mean=0.15:0.35:9 \\\n"
        "      --out defections.csv --plot defections.png\n"
        "  compellence sweep examples/russia_2022.toml --vary demand.concession=0:1:101 \\\n"
        "      --backend dask --scheduler tcp://127.0.0.1:8786 --checkpoint ckpt/ --out r.csv",
    )
    s.add_argument("file", metavar="FILE", help="campaign or cascade scenario (.toml)")
    s.add_argument("--vary", action="append", default=[], metavar="KEY=START:STOP:NUM",
                   required=True, help="a key path and a linear grid (repeatable)")
    s.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override one scenario value before sweeping (repeatable)")
    s.add_argument("--out", required=True, metavar="CSV", help="where to write the results")
    s.add_argument("--plot", metavar="PNG",
                   help="also draw the off-ramp map (needs matplotlib: pip install "
                        "'compellence[plot]')")
    s.add_argument("--backend", choices=("vectorized", "process", "dask"), default="vectorized",
                   help="vectorized: one numpy pass (default); process: chunks in local "
                        "processes; dask: chunks on a Dask cluster (--scheduler, or a local one)")
    s.add_argument("--scheduler", metavar="ADDR",
                   help="Dask scheduler address (with --backend dask); default: a local cluster")
    s.add_argument("--checkpoint", metavar="DIR",
                   help="save finished chunks here and resume from them after an interruption")

    s = cmd(
        "cascade",
        "run a defection-cascade study",
        "Run a cascade study: build the network, draw thresholds, apply each intervention,\n"
        "and report the final share of defectors, the number of rounds, and whether the\n"
        "analytic cascade condition holds.",
        "  compellence cascade examples/defections.toml\n"
        "  compellence cascade examples/defections.toml --format json",
    )
    s.add_argument("file", metavar="FILE", help="cascade scenario (.toml)")
    s.add_argument("--format", choices=("table", "json"), default="table")
    s.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override one scenario value (repeatable)")

    s = cmd(
        "check",
        "validate a scenario file",
        "Validate a scenario file against the schema (docs/scenarios.md) without solving it.\n"
        "Errors name the key path and the line; unknown keys get a did-you-mean.",
        "  compellence check examples/russia_2022.toml\n"
        "  compellence check examples/russia_2022.toml --keys",
    )
    s.add_argument("file", metavar="FILE", help="scenario (.toml)")
    s.add_argument("--keys", action="store_true",
                   help="also list the numeric key paths that --vary / --set accept")

    s = cmd(
        "convert",
        "convert between Gambit .efg and .nfg",
        "Convert a game between Gambit's file formats.  An extensive form (.efg) becomes\n"
        "its reduced normal form (.nfg).  A campaign scenario (.toml) can be written as\n"
        ".efg, so that Gambit opens it.",
        "  compellence convert examples/teaching/entry_deterrence.efg --to nfg\n"
        "  compellence convert examples/russia_2022.toml --to efg --out russia.efg",
    )
    s.add_argument("file", metavar="GAME", help="a .efg / .nfg game or a .toml scenario")
    s.add_argument("--to", required=True, choices=("nfg", "efg"), help="output format")
    s.add_argument("--out", metavar="FILE",
                   help="output file (default: the input's name with the new suffix; - for stdout)")

    s = cmd(
        "draw",
        "draw a game tree to PNG",
        "Draw the game tree of a game file (.efg), a game scenario, or a campaign\n"
        "scenario's compellence game, with the equilibrium path highlighted.\n"
        "Needs matplotlib (pip install 'compellence[plot]').",
        "  compellence draw examples/russia_2022.toml --out tree.png\n"
        "  compellence draw examples/teaching/compellence_threat.efg --out threat.png",
    )
    s.add_argument("file", metavar="FILE", help="game (.efg) or scenario (.toml)")
    s.add_argument("--out", required=True, metavar="PNG", help="image file to write")
    return p


# ---------------------------------------------------------------------------- entry point
def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``compellence`` command; return the exit code (0 ok, 2 bad input, 1 internal).

    Bad input (a :class:`~compellence.errors.CompellenceError`, including
    :class:`~compellence.errors.UsageError`) is reported on stderr with exit code 2, not
    raised.

    Parameters
    ----------
    argv : Sequence[str], optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code.

    Examples
    --------
    >>> from compellence.cli import main
    >>> main(["--version"])
    compellence 0.1.0
    0
    >>> main(["check", "no-such-file.toml"])
    2
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help prints and exits 0
            return int(exc.code or 0)
        if args.version:
            from . import __version__

            print(f"{PROG} {__version__}")
            return EXIT_OK
        if not args.command:
            parser.print_help()
            return EXIT_BAD_INPUT
        debug = debug or bool(getattr(args, "debug", False))
        handler = _COMMANDS[args.command]
        return handler(args)
    except CompellenceError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    except (FileNotFoundError, IsADirectoryError, PermissionError, NotADirectoryError) as exc:
        name = getattr(exc, "filename", None)
        _err(f"{name}: {exc.strerror or exc}" if name else str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:  # e.g. `compellence solve ... | head`: stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # no "Exception ignored" at interpreter exit
        except (OSError, ValueError):
            pass
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence is the point
        if debug:
            traceback.print_exc()
        _err(
            f"internal error: {type(exc).__name__}: {exc}\n"
            + ("" if debug else f"(this is a bug in {PROG}; rerun with --debug for the traceback)")
        )
        return EXIT_INTERNAL


def _err(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


# ---------------------------------------------------------------------------- commands
def _cmd_solve(args: argparse.Namespace) -> int:
    from . import scenario as sc

    path = Path(args.file)
    if path.suffix.lower() in (".efg", ".nfg"):
        if args.overrides:
            raise UsageError("--set applies to scenario files (.toml), not to game files")
        report = sc.solve_game_file(path)
    else:
        scen = sc.load_scenario(path, overrides=args.overrides)
        report = scen.solve()
    _emit(report, args.format)
    return EXIT_OK


def _cmd_cascade(args: argparse.Namespace) -> int:
    from . import scenario as sc

    scen = sc.load_scenario(Path(args.file), overrides=args.overrides)
    if scen.kind != "cascade":
        raise UsageError(
            f"{args.file} is a {scen.kind} scenario; `cascade` needs kind = \"cascade\" "
            f"(use `{PROG} solve` for campaigns)"
        )
    _emit(scen.solve(), args.format)
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from . import scenario as sc

    scen = sc.load_scenario(Path(args.file))
    scen.check()  # the same validation as solve: build the objects, do not solve
    print(f"{args.file}: ok ({scen.describe()})")
    if args.keys:
        print("numeric keys (for --vary / --set):")
        for key, value in scen.numeric_keys().items():
            print(f"  {key} = {value:g}")
    return EXIT_OK


def _cmd_sweep(args: argparse.Namespace) -> int:
    from . import scenario as sc

    if args.scheduler and args.backend != "dask":
        raise UsageError("--scheduler only applies with --backend dask")
    if args.plot:
        if len(args.vary) > 2:
            raise UsageError(
                f"--plot draws an off-ramp map over one or two varied keys; this sweep varies "
                f"{len(args.vary)}")
        _require_matplotlib("--plot")
        _ensure_parent(Path(args.plot))
    scen = sc.load_scenario(Path(args.file), overrides=args.overrides)
    varies = [sc.parse_vary(v) for v in args.vary]
    result = scen.sweep(
        varies, backend=args.backend, scheduler=args.scheduler, checkpoint=args.checkpoint,
        progress=sys.stderr.isatty(),
    )
    out = Path(args.out)
    _ensure_parent(out)
    result.to_csv(out)  # atomic: complete or absent, never a truncated CSV
    print(f"wrote {out}: {result.summary()}")
    if args.plot:
        plot = Path(args.plot)
        _ensure_parent(plot)
        with atomic_output(plot) as tmp:
            result.plot(tmp)
        print(f"wrote {plot}")
    return EXIT_OK


def _cmd_convert(args: argparse.Namespace) -> int:
    from . import scenario as sc

    text, default_out = sc.convert_game_file(Path(args.file), args.to)
    if args.out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    out = Path(args.out) if args.out else default_out
    _ensure_parent(out)
    write_text_atomic(out, text)
    print(f"wrote {out}")
    return EXIT_OK


def _cmd_draw(args: argparse.Namespace) -> int:
    from . import scenario as sc

    _require_matplotlib("draw")
    out = Path(args.out)
    _ensure_parent(out)
    with atomic_output(out) as tmp:
        sc.draw_file(Path(args.file), tmp)
    print(f"wrote {out}")
    return EXIT_OK


_COMMANDS = {
    "solve": _cmd_solve,
    "sweep": _cmd_sweep,
    "cascade": _cmd_cascade,
    "check": _cmd_check,
    "convert": _cmd_convert,
    "draw": _cmd_draw,
}


# ---------------------------------------------------------------------------- helpers
def _emit(report: Any, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(report.to_dict(), indent=2, default=_json_default))
    else:
        print(report.to_table())


def _json_default(obj: Any) -> Any:
    import numpy as np

    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _require_matplotlib(what: str) -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError(
            f"{what} needs matplotlib, which is not installed; install the plot extra: "
            "pip install 'compellence[plot]'"
        ) from None


def _ensure_parent(path: Path) -> None:
    parent = path.parent
    if not parent.exists():
        raise UsageError(f"{path}: the folder {parent} does not exist")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
