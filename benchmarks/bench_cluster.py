"""`policyx ingest` on a 2-worker local Dask cluster next to the local pool (`-j 2`), on the same notices.

Run from the repository root, with the cluster extra installed:
    .venv/bin/python benchmarks/bench_cluster.py [--notices 10000] [--engines]

The folder holds small generated notices (bench_ingest.short_notice).
1. Local: `python -m extractor ingest DIR --out OUT -j 2` in a subprocess.
2. Dask: a scheduler and two workers (one thread each) started on 127.0.0.1
   by `cluster.local_cluster` (their start-up reported apart), then
   `python -m extractor ingest DIR --out OUT --engine dask --scheduler ADDRESS`.
   The outputs of both runs are compared: records, manifest, notices.jsonl.
   Overhead per notice = (cluster wall − local wall) / notices.
3. With --engines: the per-notice work alone (`cluster.read_on_worker`, an
   isolated reader per worker) on a 2-worker Dask cluster and on a 2-CPU
   local Ray cluster, the same tasks in the same window, no outputs
   written; Ray from `pip install ray`, which policyx does not need.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_ingest import machine_cpu, short_notice

from extractor.batch.cluster import CHUNK, CHUNKS_PER_THREAD, local_cluster, read_on_worker

ROOT = Path(__file__).resolve().parent.parent

WORKERS = 2
SIZES = (1, CHUNK)  # documents per task


def build(folder: Path, total: int) -> list[Path]:
    """Write `total` distinct short notices into `folder`; return their paths, sorted."""
    rng = random.Random(7)
    for k in range(total):
        (folder / f"n{k:05d}.txt").write_bytes(short_notice(k, rng).encode())
    return sorted(folder.iterdir())


def ingest(folder: Path, out: Path, *options: str) -> tuple[float, float]:
    """Wall seconds of one `policyx ingest` run, and the cores the whole machine kept busy meanwhile."""
    command = [sys.executable, "-m", "extractor", "ingest", str(folder), "--out", str(out), *options]
    started, busy = time.perf_counter(), machine_cpu()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"ingest exited {done.returncode}:\n{done.stderr[-2000:]}")
    return wall, (machine_cpu() - busy) / wall


def same_outputs(a: Path, b: Path) -> bool:
    """Whether two runs wrote the same records, manifest and dataset."""
    names = sorted(p.name for p in a.iterdir() if p.suffix in (".json", ".jsonl"))
    return names == sorted(p.name for p in b.iterdir() if p.suffix in (".json", ".jsonl")) and all(
        (a / name).read_bytes() == (b / name).read_bytes() for name in names)


def chunks(paths: list[Path], size: int) -> list[dict]:
    """Tasks of `size` documents each, as `cluster.ClusterPool` sends them."""
    from extractor.version import PIPELINE_VERSION

    settings = {k: v for k, v in os.environ.items() if k.startswith("POLICYX_")}
    documents = [{"path": str(path), "given": str(path), "doc_id": path.stem} for path in paths]
    return [{"timeout": 120.0, "memory_mb": 2048, "version": PIPELINE_VERSION, "settings": settings,
             "documents": documents[k:k + size]} for k in range(0, len(documents), size)]


def windowed(submit: Callable, first_done: Callable, tasks: list[dict], window: int) -> int:
    """Run `tasks` keeping `window` in flight; the number of records read."""
    tasks, flight, read = list(tasks), [], 0
    while tasks or flight:
        while tasks and len(flight) < window:
            flight.append(submit(tasks.pop()))
        done, flight = first_done(flight)
        read += sum(1 for outcomes in done for outcome in outcomes if outcome.record is not None)
    return read


def on_dask(address: str, tasks: list[dict], window: int) -> float:
    """Notices per second of `tasks` on the Dask cluster at `address`."""
    from distributed import Client, wait

    with Client(address, set_as_default=False) as client:

        def first_done(flight):
            with client.as_current():
                done, rest = wait(flight, return_when="FIRST_COMPLETED")
            return client.gather(list(done)), list(rest)

        started = time.perf_counter()
        read = windowed(lambda task: client.submit(read_on_worker, task, pure=False), first_done, tasks, window)
        return read / (time.perf_counter() - started)


def on_ray(paths: list[Path], sizes: tuple[int, ...]) -> tuple[float, list[float]]:
    """Start-up seconds of a 2-CPU local Ray cluster, and notices per second for each chunk size."""
    import ray

    started = time.perf_counter()
    ray.init(num_cpus=WORKERS, include_dashboard=False, log_to_driver=False)
    remote = ray.remote(max_retries=3)(read_on_worker)
    ray.get([remote.remote(task) for task in chunks(paths[:WORKERS], 1)])  # workers up, their readers started
    start_up = time.perf_counter() - started

    def first_done(flight):
        done, rest = ray.wait(flight, num_returns=1)
        return ray.get(done), rest

    try:
        rates = []
        for size in sizes:
            began = time.perf_counter()
            read = windowed(remote.remote, first_done, chunks(paths, size), CHUNKS_PER_THREAD * WORKERS)
            rates.append(read / (time.perf_counter() - began))
        return start_up, rates
    finally:
        ray.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--engines", action="store_true", help="also time the per-notice work on Dask and on Ray")
    parser.add_argument("--engine-notices", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policyx-bench-cluster-") as tmp:
        tmp = Path(tmp)
        folder = tmp / "in"
        folder.mkdir()
        paths = build(folder, args.notices)
        n = len(paths)
        print(f"{n} notices, {sum(p.stat().st_size for p in paths) / 1024:.0f} KB, {os.cpu_count()} cores")
        local, busy = ingest(folder, tmp / "local", "-j", str(WORKERS))
        print(f"local   ingest -j {WORKERS}:          {n / local:6.1f} notices/s {local:6.1f} s wall"
              f"  ({busy:.2f} cores busy, machine)")
        started = time.perf_counter()
        with local_cluster(tmp, WORKERS) as cluster:
            print(f"dask    cluster start-up (scheduler, {WORKERS} workers): {time.perf_counter() - started:.1f} s apart")
            remote, busy = ingest(folder, tmp / "dask", "--engine", "dask", "--scheduler", cluster.address)
            print(f"dask    ingest, {WORKERS} workers:      {n / remote:6.1f} notices/s {remote:6.1f} s wall"
                  f"  ({busy:.2f} cores busy, machine)")
            print(f"overhead per notice: {(remote - local) / n * 1000:.2f} ms; outputs identical: "
                  f"{same_outputs(tmp / 'local', tmp / 'dask')}")
            if not args.engines:
                return
            sample = paths[:args.engine_notices]
            on_dask(cluster.address, chunks(sample[:WORKERS], 1), WORKERS)  # readers started, as for Ray
            print(f"per-notice work alone, {len(sample)} notices, {WORKERS} workers, notices/s by documents per task"
                  f" (rounds interleaved):")
            for round_ in range(1, args.rounds + 1):
                dask_rates = [on_dask(cluster.address, chunks(sample, size), CHUNKS_PER_THREAD * WORKERS)
                              for size in SIZES]
                start_up, ray_rates = on_ray(sample, SIZES)
                for size, dask_rate, ray_rate in zip(SIZES, dask_rates, ray_rates, strict=True):
                    print(f"  round {round_}, {size:2d} per task:  dask {dask_rate:6.1f}   ray {ray_rate:6.1f}")
                print(f"  round {round_}, ray start-up {start_up:.1f} s apart")


if __name__ == "__main__":
    main()
