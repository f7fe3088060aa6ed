"""Sweep checkpoints: atomic chunks, resume after SIGKILL, refusal of foreign or tampered ones."""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from compellence.analysis import sweep, vectorized
from compellence.errors import CheckpointError

SLOW_MODEL = '''
import os
import time
from pathlib import Path

import numpy as np

from compellence.analysis import vectorized


@vectorized
def slow_margin(pi_T, r, x=0.3):
    """Off-ramp margin with delta = 0.9, pi_A = 0.8.

    With env SLOW_STOP_AFTER=k and SLOW_CHECKPOINT=dir (the killed run only): once dir
    holds k finished chunks, write the file SLOW_READY and wait to be killed.
    """
    stop = os.environ.get("SLOW_STOP_AFTER")
    if stop and len(list(Path(os.environ["SLOW_CHECKPOINT"]).glob("chunk-*.npz"))) >= int(stop):
        Path(os.environ["SLOW_READY"]).write_text("computing the next chunk")
        while True:
            time.sleep(1)
    m = (pi_T + 0.8 * r - 1) * 9.0 - x
    return {"margin": m, "viable": m >= 0, "label": np.where(m >= 0, "viable", "closed")}
'''

GRID = {"pi_T": np.linspace(0.0, 1.0, 10), "r": np.linspace(0.0, 1.0, 12)}


@pytest.fixture
def slow_module(tmp_path, monkeypatch):
    """A model in an importable module (the same identity in this process and a subprocess)."""
    name = f"slowmodel_{os.getpid()}_{time.monotonic_ns()}"
    moddir = tmp_path / "mods"
    moddir.mkdir()
    (moddir / f"{name}.py").write_text(SLOW_MODEL)
    monkeypatch.syspath_prepend(str(moddir))
    monkeypatch.delenv("SLOW_STOP_AFTER", raising=False)
    mod = importlib.import_module(name)
    yield mod, moddir, name
    sys.modules.pop(name, None)


@vectorized
def margin(pi_T, r, x=0.3):
    m = (pi_T + 0.8 * r - 1) * 9.0 - x
    return {"margin": m, "viable": m >= 0}


def chunk_files(d: Path) -> list[str]:
    return sorted(p.name for p in d.glob("chunk-*.npz"))


def test_sigkilled_sweep_resumes_to_the_uninterrupted_result(slow_module, tmp_path):
    mod, moddir, name = slow_module
    ck = tmp_path / "ck"
    script = textwrap.dedent(f"""
        import numpy as np
        from compellence.analysis import sweep
        from {name} import slow_margin
        grid = {{"pi_T": np.linspace(0.0, 1.0, 10), "r": np.linspace(0.0, 1.0, 12)}}
        sweep(slow_margin, grid, chunk=10, checkpoint={str(ck)!r}, progress=False)
        print("finished")
    """)
    # the child stops inside the model once 3 chunks are on disk and says so in a file:
    # the kill lands mid-sweep whatever the machine's load (no race against a timer)
    ready = tmp_path / "ready"
    env = dict(os.environ, SLOW_STOP_AFTER="3", SLOW_CHECKPOINT=str(ck), SLOW_READY=str(ready),
               PYTHONPATH=os.pathsep.join([str(moddir), *sys.path]))
    proc = subprocess.Popen([sys.executable, "-c", script], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and not ready.exists():
            time.sleep(0.01)
        if not ready.exists():
            proc.kill()
            pytest.fail(f"the sweep never reached its fourth chunk: {proc.communicate()}")
        assert proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    survived = chunk_files(ck)
    assert 3 <= len(survived) < 12

    resumed = sweep(mod.slow_margin, GRID, chunk=10, checkpoint=ck, progress=False)
    assert resumed.attrs["sweep"]["chunks_loaded"] == len(survived)
    uninterrupted = sweep(mod.slow_margin, GRID, chunk=10, progress=False)
    pd.testing.assert_frame_equal(resumed, uninterrupted, check_exact=True)
    assert len(resumed) == 120 and not resumed[["pi_T", "r"]].duplicated().any()
    assert not [p for p in ck.iterdir() if p.name.endswith(".tmp")]
    # a third run computes nothing
    again = sweep(mod.slow_margin, GRID, chunk=10, checkpoint=ck, progress=False)
    assert again.attrs["sweep"]["chunks_loaded"] == 12
    assert again.attrs["sweep"]["backend"] == "checkpoint"
    pd.testing.assert_frame_equal(again, uninterrupted, check_exact=True)


def test_resume_computes_only_missing_chunks(tmp_path):
    calls = []

    def counted(a, b):
        calls.append((a, b))
        return {"s": a + b, "p": a * b, "tag": "hi" if a > b else "lo"}

    grid = {"a": np.arange(6.0), "b": np.arange(5.0)}
    full = sweep(counted, grid, chunk=4, checkpoint=tmp_path / "c", progress=False)
    assert len(calls) == 30
    for name in ("chunk-000001.npz", "chunk-000005.npz"):
        (tmp_path / "c" / name).unlink()
    calls.clear()
    again = sweep(counted, grid, chunk=4, checkpoint=tmp_path / "c", progress=False)
    assert len(calls) == 8 and again.attrs["sweep"]["chunks_loaded"] == 6
    pd.testing.assert_frame_equal(full, again, check_exact=True)
    pd.testing.assert_frame_equal(full, sweep(counted, grid, progress=False), check_exact=True)


def test_stray_temp_files_are_ignored_and_removed(tmp_path):
    ck = tmp_path / "c"
    ref = sweep(margin, GRID, chunk=50, checkpoint=ck, progress=False)
    stray = ck / ".chunk-000001.npz.abc123.tmp"
    stray.write_bytes(b"half a file")
    (ck / "chunk-000001.npz").unlink()
    out = sweep(margin, GRID, chunk=50, checkpoint=ck, progress=False)
    assert not stray.exists()
    pd.testing.assert_frame_equal(ref, out, check_exact=True)


def test_points_grid_checkpoint(tmp_path):
    pts = pd.DataFrame({"pi_T": [0.1, 0.9, 0.5, 1.0], "r": [1.0, 0.2, 0.5, 0.0]})
    a = sweep(margin, pts, chunk=3, checkpoint=tmp_path / "c", progress=False)
    b = sweep(margin, pts, chunk=3, checkpoint=tmp_path / "c", progress=False)
    assert b.attrs["sweep"]["chunks_loaded"] == 2
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    with pytest.raises(CheckpointError, match="grid values or their order differ"):
        sweep(margin, pts.iloc[::-1], chunk=3, checkpoint=tmp_path / "c", progress=False)


# ---------------------------------------------------------------------- refusals
@vectorized
def other_model(pi_T, r, x=0.3):
    return {"margin": pi_T - r - x, "viable": pi_T > r}


@pytest.mark.parametrize(
    "change, match",
    [
        (dict(model=other_model), "model is '.*other_model' there|model is .* here"),
        (dict(grid={"pi_T": np.linspace(0, 1, 11), "r": GRID["r"]}), "grid has 120 points there"),
        (dict(grid={"pi_T": GRID["pi_T"] + 1e-12, "r": GRID["r"]}), "grid values or their order"),
        (dict(grid={"r": GRID["r"], "pi_T": GRID["pi_T"]}), "grid parameters are"),
        (dict(chunk=7), "chunk size is 10 there, 7 here"),
        (dict(fixed={"x": 0.5}), "fixed arguments differ"),
        (dict(vectorized=False), "evaluated vectorized there, pointwise here"),
    ],
)
def test_mismatched_checkpoint_is_refused(tmp_path, change, match):
    ck = tmp_path / "c"
    sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)
    before = {p.name: p.read_bytes() for p in ck.iterdir()}
    kwargs = dict(model=margin, grid=GRID, chunk=10, checkpoint=ck, progress=False)
    kwargs.update(change)
    model = kwargs.pop("model")
    grid = kwargs.pop("grid")
    with pytest.raises(CheckpointError, match=match) as info:
        sweep(model, grid, **kwargs)
    assert "Refusing to mix" in str(info.value)
    assert {p.name: p.read_bytes() for p in ck.iterdir()} == before  # nothing touched


def test_changed_model_source_is_refused(slow_module, tmp_path):
    mod, moddir, name = slow_module
    ck = tmp_path / "c"
    sweep(mod.slow_margin, GRID, chunk=40, checkpoint=ck, progress=False)
    (moddir / f"{name}.py").write_text(SLOW_MODEL.replace("- x", "- 2 * x"))
    importlib.reload(mod)
    with pytest.raises(CheckpointError, match="differs .its source"):
        sweep(mod.slow_margin, GRID, chunk=40, checkpoint=ck, progress=False)


def _rewrite_chunk(path: Path, edit) -> None:
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    edit(arrays)
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def test_tampered_chunk_data_is_refused(tmp_path):
    ck = tmp_path / "c"
    sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)

    def bump(arrays):
        arrays["out0"] = arrays["out0"] + 1e-9

    _rewrite_chunk(ck / "chunk-000003.npz", bump)
    with pytest.raises(CheckpointError, match="chunk-000003.npz: chunk data does not match its checksum"):
        sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)


@pytest.mark.parametrize(
    "edit, match",
    [
        (lambda a: a.pop("meta"), "no valid metadata"),
        (lambda a: a.update(meta=np.asarray("not json")), "no valid metadata"),
        (lambda a: a.pop("out1"), "arrays do not match its metadata"),
        (lambda a: a.update(out0=a["out0"][:3]), r"shape \(3,\), expected \(10,\)"),
    ],
)
def test_malformed_chunk_is_refused(tmp_path, edit, match):
    ck = tmp_path / "c"
    sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)
    _rewrite_chunk(ck / "chunk-000002.npz", edit)
    with pytest.raises(CheckpointError, match=match):
        sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)


def test_chunk_from_another_sweep_or_place_is_refused(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    sweep(margin, GRID, chunk=10, checkpoint=a, progress=False)
    sweep(margin, GRID, chunk=10, fixed={"x": 0.1}, checkpoint=b, progress=False)
    os.replace(b / "chunk-000004.npz", a / "chunk-000004.npz")
    with pytest.raises(CheckpointError, match="belongs to a different sweep .fingerprint"):
        sweep(margin, GRID, chunk=10, checkpoint=a, progress=False)
    os.replace(a / "chunk-000005.npz", a / "chunk-000004.npz")  # right sweep, wrong place
    with pytest.raises(CheckpointError, match="expected 4 rows 40..50"):
        sweep(margin, GRID, chunk=10, checkpoint=a, progress=False)


def test_unreadable_or_extra_chunk_is_refused(tmp_path):
    ck = tmp_path / "c"
    sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)
    (ck / "chunk-000001.npz").write_bytes(b"garbage")
    with pytest.raises(CheckpointError, match="unreadable chunk file"):
        sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)
    (ck / "chunk-000001.npz").unlink()
    (ck / "chunk-000099.npz").write_bytes(b"")
    with pytest.raises(CheckpointError, match="beyond this sweep's 12 chunks"):
        sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)


@pytest.mark.parametrize(
    "edit, match",
    [
        (lambda m: m["grid"].update(n_points=999), "does not match its own fingerprint"),
        (lambda m: m.update(chunk=5), "does not match its own fingerprint"),
        (lambda m: m.update(version=99), "format version 99"),
        (lambda m: m.update(format="something else"), "not a compellence sweep checkpoint"),
    ],
)
def test_tampered_manifest_is_refused(tmp_path, edit, match):
    ck = tmp_path / "c"
    sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)
    manifest = json.loads((ck / "manifest.json").read_text())
    edit(manifest)
    (ck / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CheckpointError, match=match):
        sweep(margin, GRID, chunk=10, checkpoint=ck, progress=False)


def test_manifest_not_json_and_bad_paths(tmp_path):
    ck = tmp_path / "c"
    sweep(margin, GRID, chunk=60, checkpoint=ck, progress=False)
    (ck / "manifest.json").write_text("{not json")
    with pytest.raises(CheckpointError, match="unreadable or not JSON"):
        sweep(margin, GRID, chunk=60, checkpoint=ck, progress=False)
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    with pytest.raises(CheckpointError, match="is not a directory"):
        sweep(margin, GRID, checkpoint=afile, progress=False)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(CheckpointError, match="no manifest.json"):
        sweep(margin, GRID, checkpoint=other, progress=False)
    with pytest.raises(CheckpointError, match="must be a directory path"):
        sweep(margin, GRID, checkpoint=12, progress=False)
    with pytest.raises(CheckpointError, match="cannot create checkpoint directory"):
        sweep(margin, GRID, checkpoint=afile / "sub", progress=False)


FAIL_FROM = {"value": None}


def flaky(a, b):
    """Raises from a given ``a`` on (a global switch, not part of the model's identity)."""
    if FAIL_FROM["value"] is not None and a >= FAIL_FROM["value"]:
        raise RuntimeError("transient failure")
    return {"y": a * 10 + b}


def test_a_failed_sweep_keeps_its_finished_chunks_and_resumes(tmp_path):
    grid = {"a": np.arange(5.0), "b": np.arange(4.0)}
    FAIL_FROM["value"] = 3.0
    try:
        with pytest.raises(RuntimeError, match="transient failure"):
            sweep(flaky, grid, chunk=4, backend="serial", checkpoint=tmp_path / "c",
                  progress=False)
    finally:
        FAIL_FROM["value"] = None
    assert chunk_files(tmp_path / "c") == [f"chunk-00000{i}.npz" for i in range(3)]
    resumed = sweep(flaky, grid, chunk=4, checkpoint=tmp_path / "c", progress=False)
    assert resumed.attrs["sweep"]["chunks_loaded"] == 3
    pd.testing.assert_frame_equal(resumed, sweep(flaky, grid, progress=False), check_exact=True)
