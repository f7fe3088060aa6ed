"""Atomic output files: a file a user asked for is complete or absent, never half-written.

Every output (a sweep's CSV, a converted game file, a drawing) is written to a
temporary file in the same folder, flushed to disk, then moved over its final
name with :func:`os.replace` (atomic on POSIX and Windows within one file
system).  A killed process, a full disk or a read-only folder leaves the target
as it was; the failure is an :class:`~compellence.errors.OutputError` naming
the path (the command line exits 2).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

__all__ = ["atomic_output", "write_text_atomic"]


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[Path]:
    r"""Yield a temporary path beside ``path``; on success it replaces ``path``.

    The temporary file has the same suffix, so writers infer the format.  Any failure
    removes the temporary file; an ``OSError`` becomes an :class:`OutputError` naming
    ``path``.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write.

    Yields
    ------
    pathlib.Path
        The temporary path to write to.

    Raises
    ------
    OutputError
        The folder does not exist or the file cannot be written there.

    Examples
    --------
    >>> from compellence.outputs import atomic_output
    >>> with atomic_output("table.csv") as tmp:
    ...     _ = tmp.write_text("a,b\n1,2\n")
    >>> open("table.csv").read().splitlines()
    ['a,b', '1,2']
    >>> with atomic_output("no/such/folder/table.csv") as tmp:
    ...     pass
    Traceback (most recent call last):
        ...
    compellence.errors.OutputError: no/such/folder/table.csv: the folder ...
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist", str(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write here ({_reason(exc)})", str(target)) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as f:  # the writer closed it: flush its bytes to disk
            os.fsync(f.fileno())
        os.replace(tmp_path, target)
    except OSError as exc:
        _unlink(tmp_path)
        raise OutputError(f"cannot write the file ({_reason(exc)})", str(target)) from None
    except BaseException:
        _unlink(tmp_path)
        raise


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (:func:`atomic_output`).

    Parameters
    ----------
    path : str or os.PathLike
        The file to write.
    text : str
        Its content.

    Raises
    ------
    OutputError
        The file cannot be written (nothing half-written is left at ``path``).

    Examples
    --------
    >>> from compellence.outputs import write_text_atomic
    >>> write_text_atomic("note.txt", "hello")
    >>> open("note.txt").read()
    'hello'
    """
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _unlink(p: Path) -> None:
    with contextlib.suppress(OSError):
        p.unlink()
