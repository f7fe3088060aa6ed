"""Sweep checkpoints: one file per finished chunk plus a manifest of the sweep.

Layout of a checkpoint directory::

    manifest.json        what sweep this is: model identity, grid hash, chunking
    chunk-000000.npz     outputs of chunk 0 (numpy .npz, no pickle)
    chunk-000001.npz     ...

Every file is written atomically: to a temporary file in the same directory,
flushed and fsynced, then moved over its final name with :func:`os.replace`
(atomic on POSIX and Windows).  A process killed mid-write leaves at most a
``.*.tmp`` file, which is ignored and cleaned up on the next run, never a
half-written chunk.

Chunks are ``.npz`` archives read with ``allow_pickle=False``: numbers,
booleans and text round-trip exactly, and loading a checkpoint can never run
code.  (Parquet would need pyarrow, an optional dependency; CSV is exact only
with care for every dtype.)  Each chunk carries the sweep's fingerprint, its
index and row range, and a SHA-256 of its data keyed by the sweep's
fingerprint, so a chunk copied in from another sweep, a chunk of the wrong rows,
or a chunk corrupted on disk is refused with a :class:`CheckpointError` instead
of being mixed into the result.  The checksum guards against accidents, not
against a deliberate forgery: someone who edits a chunk and recomputes the
checksum from the (readable) manifest is not detected; keep checkpoints where
only you can write if that matters.

The fingerprint is the SHA-256 of the canonical JSON of the model identity
(qualified name and a hash of its source, defaults, closure and bound state),
the grid (names, values, order), the fixed arguments, the chunk size and the
evaluation mode (vectorised or pointwise).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import CheckpointError

__all__ = ["CheckpointStore", "model_identity", "stable_hash", "FORMAT", "VERSION"]

FORMAT = "compellence-sweep-checkpoint"
VERSION = 1
MANIFEST = "manifest.json"
_CHUNK_RE = re.compile(r"^chunk-(\d{6,})\.npz$")
_TMP_RE = re.compile(r"^\..*\.tmp$")
_ADDR_RE = re.compile(r" at 0x[0-9a-fA-F]+")


# ---------------------------------------------------------------------- hashing
def _feed(h: Any, obj: Any, depth: int = 0) -> None:
    """Feed a deterministic encoding of ``obj`` into the hash ``h``."""
    if depth > 20:
        h.update(b"<deep>")
        return
    if isinstance(obj, np.ndarray) or isinstance(obj, np.generic):
        arr = np.asarray(obj)
        h.update(f"nd:{arr.dtype.str}:{arr.shape}:".encode())
        if arr.dtype.kind == "O":
            for item in arr.ravel().tolist():
                _feed(h, item, depth + 1)
        else:
            h.update(np.ascontiguousarray(arr).tobytes())
        return
    if isinstance(obj, bool | int | str | bytes | type(None)):
        h.update(f"{type(obj).__name__}:{obj!r};".encode())
        return
    if isinstance(obj, float):
        h.update(f"float:{obj.hex()};".encode())
        return
    if isinstance(obj, Mapping):
        h.update(f"map{len(obj)}:".encode())
        for k in sorted(obj, key=repr):
            _feed(h, k, depth + 1)
            _feed(h, obj[k], depth + 1)
        return
    if isinstance(obj, list | tuple):
        h.update(f"{type(obj).__name__}{len(obj)}:".encode())
        for item in obj:
            _feed(h, item, depth + 1)
        return
    if isinstance(obj, set | frozenset):
        h.update(f"set{len(obj)}:".encode())
        for r in sorted(repr(x) for x in obj):
            h.update(r.encode())
        return
    if inspect.isroutine(obj):  # functions held in state: name and code, not their closures
        h.update(f"fn:{_qualname(obj)}:{_function_source_hash(obj, with_state=False)};".encode())
        return
    if hasattr(obj, "__dict__") and not isinstance(obj, type):
        h.update(f"obj:{type(obj).__module__}.{type(obj).__qualname__}:".encode())
        _feed(h, dict(vars(obj)), depth + 1)
        return
    h.update(_ADDR_RE.sub("", repr(obj)).encode())


def stable_hash(*objs: Any) -> str:
    """SHA-256 (hex) of a deterministic encoding of ``objs`` (arrays by their bytes).

    Parameters
    ----------
    *objs : Any
        Values to hash (numbers, strings, containers, numpy arrays, DataFrames).

    Returns
    -------
    str
        64 hex digits.

    Examples
    --------
    >>> from compellence.analysis.checkpoint import stable_hash
    >>> stable_hash(np.arange(3), {"a": 1}) == stable_hash(np.arange(3), {"a": 1})
    True
    >>> len(stable_hash("x"))
    64
    """
    h = hashlib.sha256()
    for o in objs:
        _feed(h, o)
    return h.hexdigest()


def _qualname(obj: Any) -> str:
    mod = getattr(obj, "__module__", None) or type(obj).__module__
    name = getattr(obj, "__qualname__", None) or type(obj).__qualname__
    return f"{mod}.{name}"


def _function_source_hash(fn: Any, with_state: bool = True) -> str:
    h = hashlib.sha256()
    try:
        h.update(inspect.getsource(fn).encode())
    except (OSError, TypeError):
        code = getattr(fn, "__code__", None)
        if code is not None:  # no source file (REPL, exec): hash the byte code instead
            h.update(code.co_code)
            h.update(repr(code.co_names).encode())
            h.update(_ADDR_RE.sub("", repr(code.co_consts)).encode())
        else:  # builtins, ufuncs: the qualified name is the identity
            h.update(_qualname(fn).encode())
    if not with_state:
        return h.hexdigest()
    _feed(h, getattr(fn, "__defaults__", None))
    _feed(h, getattr(fn, "__kwdefaults__", None))
    closure = getattr(fn, "__closure__", None)
    if closure:
        for cell in closure:
            try:
                _feed(h, cell.cell_contents)
            except ValueError:  # empty cell
                h.update(b"<empty>")
    return h.hexdigest()


def model_identity(model: Any) -> dict[str, str]:
    """The identity of a model for checkpoint manifests: ``{"name", "source_sha256"}``.

    * functions: ``module.qualname`` and a SHA-256 of their source (or byte
      code when there is no source), default arguments and closure values;
    * :func:`functools.partial`: the wrapped function plus its bound arguments;
    * bound methods: the function plus the state of the instance;
    * other callable objects (e.g. an object with ``sweep_outputs``): the class
      name, its source and the instance state (``vars(obj)``).

    Best effort by design: state that is not reachable this way (globals the
    function reads, files it opens) is not part of the identity.

    Parameters
    ----------
    model : callable
        The sweep's model.

    Returns
    -------
    dict[str, str]
        ``{"name": ..., "source_sha256": ...}``.

    Examples
    --------
    >>> from compellence.analysis import model_identity, offramp_model
    >>> model_identity(offramp_model)["name"]
    'compellence.analysis.offramp.offramp_model'
    """
    inner = getattr(model, "__compellence_wrapped__", None)
    if inner is not None:
        return model_identity(inner)
    if isinstance(model, functools.partial):
        base = model_identity(model.func)
        return {
            "name": f"functools.partial({base['name']})",
            "source_sha256": stable_hash(base["source_sha256"], model.args, model.keywords),
        }
    if inspect.ismethod(model):
        base = model_identity(model.__func__)
        return {
            "name": base["name"],
            "source_sha256": stable_hash(base["source_sha256"], model.__self__),
        }
    if inspect.isroutine(model) or isinstance(model, type):
        return {"name": _qualname(model), "source_sha256": _function_source_hash(model)}
    cls = type(model)
    try:
        src = inspect.getsource(cls)
    except (OSError, TypeError):
        src = _qualname(cls)
    state = vars(model) if hasattr(model, "__dict__") else repr(model)
    return {"name": _qualname(cls), "source_sha256": stable_hash(src, state)}


def fingerprint(parts: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the identifying parts of a manifest."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------------- files
def _atomic_write(path: Path, write: Any) -> None:
    """Write ``path`` atomically: ``write(fileobj)`` to a temp file, fsync, ``os.replace``.

    A folder that cannot be written (read-only, full disk) is a :class:`CheckpointError`
    naming the checkpoint directory, and leaves no temporary file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise CheckpointError(
            f"cannot write into the checkpoint directory {str(path.parent)!r}: "
            f"{e.strerror or type(e).__name__}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise CheckpointError(
                f"cannot write {path.name} into the checkpoint directory {str(path.parent)!r}: "
                f"{exc.strerror or type(exc).__name__}") from None
        raise


def _data_hash(fp: str, index: int, start: int, stop: int, outputs: Mapping[str, np.ndarray]) -> str:
    h = hashlib.sha256(f"{fp}:{index}:{start}:{stop}".encode())
    for name, arr in outputs.items():
        h.update(name.encode())
        _feed(h, arr)
    return h.hexdigest()


def _to_storable(name: str, arr: np.ndarray) -> np.ndarray:
    if arr.dtype.kind == "O":
        try:
            return np.asarray(arr.tolist(), dtype=str)
        except (TypeError, ValueError):  # pragma: no cover - outputs are validated before
            raise CheckpointError(f"output {name!r} cannot be stored in a checkpoint") from None
    return arr


class CheckpointStore:
    """A checkpoint directory for one sweep (see the module docstring).

    Use :meth:`open`, which creates the directory and manifest, or checks that
    an existing one belongs to the same sweep.

    Parameters
    ----------
    path : pathlib.Path
        The directory.
    manifest : dict
        The sweep's manifest (its identifying parts and fingerprint).

    Examples
    --------
    >>> from compellence.analysis.checkpoint import CheckpointStore
    >>> parts = {"model": {"name": "m", "source_sha256": "0"}, "grid": {"names": ["x"], "n_points": 3, "sha256": "0"}, "fixed_sha256": "f",
    ...          "mode": "serial", "chunk": 2, "n_chunks": 2, "n_points": 3}
    >>> store = CheckpointStore.open("ckpt1", parts)
    >>> store.bounds(0), store.bounds(1)
    ((0, 2), (2, 3))
    >>> store.write(1, {"y": np.array([5.0])})
    >>> {k: v["y"].tolist() for k, v in store.load().items()}
    {1: [5.0]}
    """

    def __init__(self, path: Path, manifest: dict[str, Any]) -> None:
        self.path = path
        self.manifest = manifest
        self.fingerprint: str = manifest["fingerprint"]

    # -------------------------------------------------------------- open / validate
    @classmethod
    def open(cls, path: str | os.PathLike, parts: dict[str, Any]) -> CheckpointStore:
        """Create or reopen the checkpoint at ``path`` for the sweep described by ``parts``.

        Parameters
        ----------
        path : str or os.PathLike
            The checkpoint directory (created if missing).
        parts : dict[str, Any]
            ``model``, ``grid``, ``fixed_sha256``, ``mode``, ``chunk``, ``n_chunks`` and
            ``n_points`` of the sweep.

        Returns
        -------
        CheckpointStore
            The store.

        Raises
        ------
        CheckpointError
            ``path`` is not a directory, is a non-empty directory without a manifest, cannot be
            created, or holds the manifest of another sweep.

        Examples
        --------
        >>> from compellence.analysis.checkpoint import CheckpointStore
        >>> parts = {"model": {"name": "m", "source_sha256": "0"}, "grid": {"names": ["x"], "n_points": 10, "sha256": "0"}, "fixed_sha256": "f",
        ...          "mode": "serial", "chunk": 10, "n_chunks": 1, "n_points": 10}
        >>> CheckpointStore.open("ckpt2", parts).load()
        {}
        >>> CheckpointStore.open("ckpt2", {**parts, "chunk": 5, "n_chunks": 2})
        Traceback (most recent call last):
            ...
        compellence.errors.CheckpointError: checkpoint 'ckpt2' belongs to a different ...
        """
        try:
            p = Path(os.fspath(path))
        except TypeError:
            raise CheckpointError(
                f"checkpoint must be a directory path, got {type(path).__name__}"
            ) from None
        fp = fingerprint(parts)
        manifest = {"format": FORMAT, "version": VERSION, **parts, "fingerprint": fp}
        if p.exists() and not p.is_dir():
            raise CheckpointError(f"checkpoint {str(p)!r} exists and is not a directory")
        mpath = p / MANIFEST
        if p.is_dir() and mpath.exists():
            stored = cls._read_manifest(mpath)
            cls._compare(p, stored, manifest)
            store = cls(p, stored)
        else:
            if p.is_dir():
                foreign = [
                    c.name for c in p.iterdir() if not _TMP_RE.match(c.name)
                ]
                if foreign:
                    raise CheckpointError(
                        f"checkpoint directory {str(p)!r} is not empty but has no {MANIFEST}: "
                        f"it is not a compellence sweep checkpoint (found {sorted(foreign)[:3]}); "
                        "give an empty or new directory"
                    )
            try:
                p.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise CheckpointError(f"cannot create checkpoint directory {str(p)!r}: {e}") from None
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            _atomic_write(mpath, lambda f: f.write(data))
            store = cls(p, manifest)
        store._clean_tmp()
        return store

    @staticmethod
    def _read_manifest(mpath: Path) -> dict[str, Any]:
        try:
            stored = json.loads(mpath.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise CheckpointError(f"{mpath}: manifest is unreadable or not JSON ({e}); refusing it") from None
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            raise CheckpointError(f"{mpath}: not a compellence sweep checkpoint manifest")
        if stored.get("version") != VERSION:
            raise CheckpointError(
                f"{mpath}: checkpoint format version {stored.get('version')!r}, this compellence "
                f"reads version {VERSION}"
            )
        parts = {k: v for k, v in stored.items() if k not in ("format", "version", "fingerprint")}
        if fingerprint(parts) != stored.get("fingerprint"):
            raise CheckpointError(
                f"{mpath}: the manifest does not match its own fingerprint: it was edited or "
                "corrupted; refusing to resume from it"
            )
        return stored

    @staticmethod
    def _compare(p: Path, stored: dict[str, Any], current: dict[str, Any]) -> None:
        if stored["fingerprint"] == current["fingerprint"]:
            return
        diffs = []
        sm, cm = stored.get("model", {}), current["model"]
        if sm.get("name") != cm["name"]:
            diffs.append(f"model is {sm.get('name')!r} there, {cm['name']!r} here")
        elif sm.get("source_sha256") != cm["source_sha256"]:
            diffs.append(
                f"model {cm['name']!r} differs (its source, defaults or bound state changed)"
            )
        sg, cg = stored.get("grid", {}), current["grid"]
        if sg.get("names") != cg["names"]:
            diffs.append(f"grid parameters are {sg.get('names')} there, {cg['names']} here")
        elif sg.get("n_points") != cg["n_points"] or sg.get("shape") != cg.get("shape"):
            diffs.append(
                f"grid has {sg.get('n_points')} points there, {cg['n_points']} here"
            )
        elif sg.get("sha256") != cg["sha256"]:
            diffs.append("grid values or their order differ")
        if stored.get("fixed_sha256") != current["fixed_sha256"]:
            diffs.append("fixed arguments differ")
        if stored.get("chunk") != current["chunk"]:
            diffs.append(f"chunk size is {stored.get('chunk')} there, {current['chunk']} here")
        if stored.get("mode") != current["mode"]:
            diffs.append(
                f"the model was evaluated {stored.get('mode')} there, {current['mode']} here"
            )
        if not diffs:
            diffs.append("manifest differs")
        raise CheckpointError(
            f"checkpoint {str(p)!r} belongs to a different sweep: " + "; ".join(diffs)
            + ". Refusing to mix results: use another directory, or delete this one to start over"
        )

    def _clean_tmp(self) -> None:
        for c in self.path.iterdir():
            if _TMP_RE.match(c.name):
                try:
                    c.unlink()
                except OSError:  # pragma: no cover - raced with another cleaner
                    pass

    # -------------------------------------------------------------- chunks
    def chunk_path(self, index: int) -> Path:
        """The file that stores chunk ``index``.

        Parameters
        ----------
        index : int
            Chunk number.

        Returns
        -------
        pathlib.Path
            Its path inside the checkpoint directory.

        Examples
        --------
        >>> from compellence.analysis.checkpoint import CheckpointStore
        >>> parts = {"model": {"name": "m", "source_sha256": "0"}, "grid": {"names": ["x"], "n_points": 10, "sha256": "0"}, "fixed_sha256": "f",
        ...          "mode": "serial", "chunk": 10, "n_chunks": 1, "n_points": 10}
        >>> CheckpointStore.open("ckpt3", parts).chunk_path(0).parent.name
        'ckpt3'
        """
        return self.path / f"chunk-{index:06d}.npz"

    def bounds(self, index: int) -> tuple[int, int]:
        """The first point and one past the last point of chunk ``index``.

        Parameters
        ----------
        index : int
            Chunk number.

        Returns
        -------
        tuple[int, int]
            ``(start, stop)`` row indices of the grid.

        Examples
        --------
        >>> from compellence.analysis.checkpoint import CheckpointStore
        >>> parts = {"model": {"name": "m", "source_sha256": "0"}, "grid": {"names": ["x"], "n_points": 10, "sha256": "0"}, "fixed_sha256": "f",
        ...          "mode": "serial", "chunk": 4, "n_chunks": 3, "n_points": 10}
        >>> [CheckpointStore.open("ckpt4", parts).bounds(i) for i in range(3)]
        [(0, 4), (4, 8), (8, 10)]
        """
        c, n = self.manifest["chunk"], self.manifest["n_points"]
        return index * c, min((index + 1) * c, n)

    def write(self, index: int, outputs: Mapping[str, np.ndarray]) -> None:
        """Store the outputs of chunk ``index`` atomically.

        Parameters
        ----------
        index : int
            Chunk number.
        outputs : Mapping[str, numpy.ndarray]
            Output name -> values of the chunk's points.

        Raises
        ------
        CheckpointError
            The chunk cannot be written.

        Examples
        --------
        >>> from compellence.analysis.checkpoint import CheckpointStore
        >>> parts = {"model": {"name": "m", "source_sha256": "0"}, "grid": {"names": ["x"], "n_points": 2, "sha256": "0"}, "fixed_sha256": "f",
        ...          "mode": "serial", "chunk": 2, "n_chunks": 1, "n_points": 2}
        >>> store = CheckpointStore.open("ckpt5", parts)
        >>> store.write(0, {"y": np.array([1.0, 2.0])})
        >>> store.chunk_path(0).exists()
        True
        """
        start, stop = self.bounds(index)
        store = {name: _to_storable(name, np.asarray(a)) for name, a in outputs.items()}
        meta = {
            "fingerprint": self.fingerprint,
            "index": index,
            "start": start,
            "stop": stop,
            "names": list(store),
            "sha256": _data_hash(self.fingerprint, index, start, stop, store),
        }
        arrays = {f"out{k}": a for k, a in enumerate(store.values())}
        arrays["meta"] = np.asarray(json.dumps(meta))
        _atomic_write(self.chunk_path(index), lambda f: np.savez(f, **arrays))

    def load(self) -> dict[int, dict[str, np.ndarray]]:
        """All finished chunks, validated: ``{index: {output: array}}``.

        Returns
        -------
        dict[int, dict[str, numpy.ndarray]]
            The stored chunks.

        Raises
        ------
        CheckpointError
            A stored chunk is corrupt, has the wrong length, or lies beyond this sweep's chunks.

        Examples
        --------
        >>> from compellence.analysis.checkpoint import CheckpointStore
        >>> parts = {"model": {"name": "m", "source_sha256": "0"}, "grid": {"names": ["x"], "n_points": 2, "sha256": "0"}, "fixed_sha256": "f",
        ...          "mode": "serial", "chunk": 2, "n_chunks": 1, "n_points": 2}
        >>> store = CheckpointStore.open("ckpt6", parts)
        >>> store.write(0, {"y": np.array([1.0, 2.0])})
        >>> store.load()[0]["y"].tolist()
        [1.0, 2.0]
        """
        n_chunks = self.manifest["n_chunks"]
        out: dict[int, dict[str, np.ndarray]] = {}
        for c in sorted(self.path.iterdir()):
            m = _CHUNK_RE.match(c.name)
            if not m:
                continue
            index = int(m.group(1))
            if index >= n_chunks:
                raise CheckpointError(
                    f"{c}: chunk {index} is beyond this sweep's {n_chunks} chunks; "
                    "the checkpoint was tampered with"
                )
            out[index] = self._load_one(c, index)
        return out

    def _load_one(self, path: Path, index: int) -> dict[str, np.ndarray]:
        try:
            with np.load(path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
        except Exception as e:  # zipfile / format errors: a damaged file
            raise CheckpointError(f"{path}: unreadable chunk file ({type(e).__name__}: {e})") from None
        try:
            meta = json.loads(str(arrays.pop("meta")))
            names = list(meta["names"])
        except (KeyError, ValueError, TypeError):
            raise CheckpointError(f"{path}: chunk file has no valid metadata; refusing it") from None
        if meta.get("fingerprint") != self.fingerprint:
            raise CheckpointError(
                f"{path}: chunk belongs to a different sweep (fingerprint mismatch); refusing to "
                "mix it in"
            )
        start, stop = self.bounds(index)
        if (meta.get("index"), meta.get("start"), meta.get("stop")) != (index, start, stop):
            raise CheckpointError(
                f"{path}: chunk metadata says index {meta.get('index')} rows "
                f"{meta.get('start')}..{meta.get('stop')}, expected {index} rows {start}..{stop}"
            )
        if set(arrays) != {f"out{k}" for k in range(len(names))}:
            raise CheckpointError(f"{path}: chunk arrays do not match its metadata")
        outputs = {name: arrays[f"out{k}"] for k, name in enumerate(names)}
        for name, a in outputs.items():
            if a.shape != (stop - start,):
                raise CheckpointError(
                    f"{path}: output {name!r} has shape {a.shape}, expected ({stop - start},)"
                )
        if _data_hash(self.fingerprint, index, start, stop, outputs) != meta.get("sha256"):
            raise CheckpointError(
                f"{path}: chunk data does not match its checksum: the file was modified; "
                "refusing it (delete the file to recompute that chunk)"
            )
        return outputs
