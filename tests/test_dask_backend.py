"""The Dask backend through a real LocalCluster on loopback: same DataFrame as the others."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from compellence.analysis import sweep, vectorized
from compellence.errors import ParameterError

pytestmark = pytest.mark.slow  # a real cluster of worker processes


@pytest.fixture(scope="module", autouse=True)
def distributed():
    """dask.distributed, imported when a test here runs, not at collection (~0.5 s, and the
    local run deselects these tests)."""
    return pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client(distributed):
    with warnings.catch_warnings():  # another cluster on this machine may hold port 8787
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
            host="127.0.0.1",
        )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def margin_point(pi_T, r, x=0.2):
    m = (pi_T + 0.8 * r - 1) * 9.0 - x
    return {"margin": m, "viable": m >= 0, "regime": "open" if m >= 0 else "closed"}


@vectorized
def margin_vec(pi_T, r, x=0.2):
    m = (pi_T + 0.8 * r - 1) * 9.0 - x
    return {"margin": m, "viable": m >= 0, "regime": np.where(m >= 0, "open", "closed")}


GRID = {"pi_T": np.linspace(0.0, 1.0, 9), "r": np.linspace(0.0, 1.0, 6)}


def test_identical_across_vectorised_process_and_dask(client):
    assert all(
        w.startswith("tcp://127.0.0.1:") for w in client.scheduler_info()["workers"]
    ), "the cluster must listen on loopback only"
    ref = sweep(margin_vec, GRID, chunk=8, progress=False)
    assert ref.attrs["sweep"]["backend"] == "vectorized"
    runs = [
        sweep(margin_point, GRID, chunk=8, backend="serial", progress=False),
        sweep(margin_point, GRID, chunk=8, backend="process", workers=2, progress=False),
        sweep(margin_point, GRID, chunk=8, backend="dask", client=client, progress=False),
        sweep(margin_vec, GRID, chunk=8, client=client, progress=False),  # auto + client: dask
    ]
    assert runs[2].attrs["sweep"]["backend"] == "dask"
    assert runs[3].attrs["sweep"]["backend"] == "dask"
    for df in runs:
        pd.testing.assert_frame_equal(ref, df, check_exact=True)


def test_dask_checkpoint_resume_matches(client, tmp_path):
    ck = tmp_path / "c"
    full = sweep(margin_point, GRID, chunk=5, client=client, checkpoint=ck, progress=False)
    for name in ("chunk-000000.npz", "chunk-000007.npz"):
        (ck / name).unlink()
    again = sweep(margin_point, GRID, chunk=5, backend="process", workers=1, checkpoint=ck,
                  progress=False)  # a checkpoint from one backend resumes on another
    assert again.attrs["sweep"]["chunks_loaded"] == 9
    pd.testing.assert_frame_equal(full, again, check_exact=True)


def test_dask_errors_propagate_and_bad_client(client):
    def bad(a):
        if a > 0.5:
            raise ParameterError("too large", "a")
        return {"y": a}

    with pytest.raises(ParameterError, match="too large"):
        sweep(bad, {"a": np.linspace(0, 1, 6)}, chunk=2, client=client, progress=False)
    with pytest.raises(ParameterError, match="distributed.Client") as info:
        sweep(margin_point, GRID, backend="dask", client="tcp://127.0.0.1:8786", progress=False)
    assert info.value.name == "client"


def test_dask_without_client_starts_and_closes_a_local_cluster():
    df = sweep(margin_vec, {"pi_T": [0.0, 1.0], "r": [0.5]}, backend="dask", workers=1, chunk=1,
               progress=False)
    assert df.attrs["sweep"]["backend"] == "dask"
    pd.testing.assert_frame_equal(
        df, sweep(margin_vec, {"pi_T": [0.0, 1.0], "r": [0.5]}, chunk=1, progress=False),
        check_exact=True,
    )
