"""Throughput of `policyx ingest -j 2` next to the in-process floor, on the same 1,000 notices.

Run from the repository root:  .venv/bin/python benchmarks/bench_ingest.py [--notices 1000] [--jobs 2]

The folder holds small distinct notices: copies of corpus/text/*.txt, each
with a line of its own appended, and short generated ones, half and half.
1. Batch: `python -m extractor ingest DIR --out OUT -j N` in a subprocess.
   Cores busy = CPU time of the driver and its workers (getrusage of the
   reaped children, before and after) / wall time.
2. Re-run on the same outputs: every notice skipped (the manifest's cost).
3. Floor: `pipeline.run` over the same files in this process, on one core,
   after a warm-up notice (start-up reported apart).
Each line also gives the cores other processes kept busy meanwhile (from
/proc/stat, Linux): the machine may be shared, and a figure taken while it
was is not comparable.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "corpus" / "text").glob("*.txt"))
UNITS = ("市科技局", "市财政局", "市人力资源社会保障局", "市商务局", "区发展改革局")


def short_notice(k: int, rng: random.Random) -> str:
    """A generated notice of a few measures, distinct for each k."""
    lines = [f"关于印发某市支持科技创新若干措施（第{k}号）的通知", "各有关单位："]
    for n in range(1, rng.randint(3, 9)):
        amount = rng.randint(1, 500)
        lines.append(f"{'一二三四五六七八九'[n - 1]}、对新认定的第{k}-{n}类企业给予{amount}万元奖励，"
                     f"最高不超过{amount * 2}万元。（责任单位：{rng.choice(UNITS)}）")
    lines.append("本措施自印发之日起施行。")
    return "\n".join(lines) + "\n"


def build(folder: Path, total: int) -> list[Path]:
    """Write `total` distinct notices into `folder`; return their paths, sorted."""
    rng = random.Random(7)
    for k in range(total):
        if k % 2:
            data = short_notice(k, rng).encode()
        else:
            base = TEXTS[(k // 2) % len(TEXTS)]
            data = base.read_bytes() + f"\n（编号{k}）\n".encode()
        (folder / f"n{k:05d}.txt").write_bytes(data)
    return sorted(folder.iterdir())


def machine_cpu() -> float:
    """CPU seconds every process of the machine has used since boot (0 where /proc/stat is not)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    except (OSError, ValueError):
        return 0.0
    user, nice, system, idle, iowait, irq, softirq = fields
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def batch(folder: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the driver and its workers, CPU seconds of other processes) of one run."""
    command = [sys.executable, "-m", "extractor", "ingest", str(folder), "--out", str(out), "-j", str(jobs)]
    before, machine = resource.getrusage(resource.RUSAGE_CHILDREN), machine_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after, machine = resource.getrusage(resource.RUSAGE_CHILDREN), machine_cpu() - machine
    if done.returncode != 0:
        raise SystemExit(f"ingest exited {done.returncode}:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, max(0.0, machine - cpu)


def floor(paths: list[Path]) -> tuple[float, float, float, float]:
    """(warm-up seconds, wall seconds, CPU seconds, others' CPU seconds) of pipeline.run over `paths` here."""
    started = time.perf_counter()
    from extractor.pipeline import run

    run(TEXTS[0])  # loads the stages' lazy parts (segmenter, cn2an)
    warm_up = time.perf_counter() - started
    began, cpu, machine = time.perf_counter(), time.process_time(), machine_cpu()
    for path in paths:
        run(path)
    cpu, machine = time.process_time() - cpu, machine_cpu() - machine
    return warm_up, time.perf_counter() - began, cpu, max(0.0, machine - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policyx-bench-ingest-") as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        paths = build(folder, args.notices)
        n = len(paths)
        print(f"{n} notices, {sum(p.stat().st_size for p in paths) / 1024:.0f} KB, {os.cpu_count()} cores")
        wall, cpu, others = batch(folder, out, args.jobs)
        print(f"ingest -j {args.jobs}:       {n / wall:6.1f} notices/s {wall:6.1f} s wall  {cpu / wall:4.2f} cores busy"
              f"  (others {others / wall:.2f})")
        rewall, recpu, reothers = batch(folder, out, args.jobs)
        print(f"re-run, all skipped: {'':17}{rewall:6.1f} s wall  {recpu / rewall:4.2f} cores busy"
              f"  (others {reothers / rewall:.2f})")
        warm_up, fwall, fcpu, fothers = floor(paths)
        print(f"in-process floor:  {n / fwall:6.1f} notices/s {fwall:6.1f} s wall  {fcpu / fwall:4.2f} cores busy"
              f"  (others {fothers / fwall:.2f}; start-up {warm_up:.1f} s apart)")
        print(f"ingest / floor: {fwall / wall:.2f}×")


if __name__ == "__main__":
    main()
