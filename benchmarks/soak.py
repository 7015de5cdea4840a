"""Soak: one `policyx ingest -j 2` over 2,000 mixed files, interrupted three times and resumed.

Run from the repository root:  .venv/bin/python benchmarks/soak.py [--files 2000] [--seed 7]

The folder holds good notices (small ones written here, copies of the bundled
text notices, PDFs, pages and Word files, each made unique), broken files
(empty, truncated, random bytes, wrong type, dangling links, FIFOs) and hostile
ones (decompression bombs, nesting, 100,000-digit lines, pages of furniture).
The run is sent SIGINT at a random moment, three times, each time resumed with
the same command, then left to finish. Checked after every run:
- no partial line in any JSONL output, every record file parses, no temp file left;
and at the end:
- every good document committed exactly once (one record file, one manifest entry,
  one line of notices.jsonl), every bad one in errors.jsonl with a code,
- peak RSS of every process of the run (driver and workers, sampled from /proc
  every 50 ms) under the worker cap.
Prints the figures the README records.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMORY_MB = 2048
PAGE = 4096


def small_notice(k: int, rng: random.Random) -> str:
    units = ["市科技局", "市财政局", "市人力资源社会保障局", "市商务局", "区发展改革局"]
    lines = [f"关于印发某市支持科技创新若干措施（第{k}号）的通知", "各有关单位："]
    for n in range(1, rng.randint(3, 9)):
        amount = rng.randint(1, 500)
        lines.append(f"{'一二三四五六七八九'[n - 1]}、对新认定的第{k}-{n}类企业给予{amount}万元奖励，"
                     f"最高不超过{amount * 2}万元。（责任单位：{rng.choice(units)}）")
    lines.append("本措施自印发之日起施行。")
    return "\n".join(lines) + "\n"


def flate_bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates, twice, to `megabytes` of spaces."""
    inner = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    once = b"".join(inner.compress(chunk) for _ in range(megabytes)) + inner.flush()
    stream = zlib.compress(once, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % at for at in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(good: bytes, megabytes: int) -> bytes:
    """A DOCX whose document.xml is padded with `megabytes` of spaces (a few hundred KB compressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (megabytes << 20), 1)
            target.writestr(info.filename, data)
    return out.getvalue()


def build(folder: Path, total: int, rng: random.Random) -> tuple[set[str], set[str]]:
    """Write the mixed corpus; return the file names expected to be read and to fail."""
    good, bad = set(), set()
    texts = sorted((ROOT / "corpus" / "text").glob("*.txt"))
    pdfs = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    sample_docx = docx_bytes(small_notice(0, rng))

    order = iter(rng.sample(range(total), total))  # good and bad files interleaved in the folder's sorted order

    def put(name: str, data: bytes, expect: set[str]) -> None:
        name = f"{next(order):05d}-{name}"
        (folder / name).write_bytes(data)
        expect.add(name)

    n_bad = total * 3 // 10
    n_good = total - n_bad
    for k in range(n_good):
        kind = rng.random()
        if kind < 0.70:
            put(f"good-{k:05d}.txt", small_notice(k, rng).encode("utf-8" if k % 3 else "gb18030"), good)
        elif kind < 0.85:
            base = texts[k % len(texts)].read_bytes()
            put(f"good-{k:05d}.txt", base + f"\n（编号{k}）\n".encode(), good)
        elif kind < 0.92:  # bytes after %%EOF: the same pages, another file
            put(f"good-{k:05d}.pdf", pdfs[k % len(pdfs)].read_bytes() + b"%% copy %d\n" % k, good)
        elif kind < 0.96:
            body = "".join(f"<p>{line}</p>" for line in small_notice(k, rng).splitlines())
            put(f"good-{k:05d}.html", f"<html><head><meta charset='utf-8'><title>通知{k}</title></head>"
                                      f"<body><div class='nav'>首页 政务公开</div><div id='zoom'>{body}</div></body></html>"
                                      .encode(), good)
        else:
            put(f"good-{k:05d}.docx", docx_bytes(small_notice(k, rng)), good)
    bomb_pdf = flate_bomb_pdf(600)
    bomb_docx = zip_bomb_docx(sample_docx, 300)
    good_pdf = pdfs[0].read_bytes()
    makers = [  # (name, bytes of the k-th file, read or refused)
        ("empty.txt", lambda k: b"", False),
        ("empty.pdf", lambda k: b"", False),
        ("truncated.pdf", lambda k: good_pdf[: len(good_pdf) // 2 + k], False),
        ("random.bin", lambda k: rng.randbytes(2000 + k), False),
        ("html-as.pdf", lambda k: f"<html><body><p>补贴{k}万元</p></body></html>".encode(), False),
        ("junk.docx", lambda k: b"PK\x03\x04" + rng.randbytes(500), False),
        ("furniture.html", lambda k: f"<html><body><div class='nav'><a href='/'>首页</a></div><p>打印本页 关闭窗口 {k}</p>"
                                     "</body></html>".encode(), False),
        ("bomb.pdf", lambda k: bomb_pdf + b"%% %d\n" % k, False),
        ("bomb.docx", lambda k: _with_comment(bomb_docx, k), False),
        ("zip.zip", _zip_of, False),
        ("image.png", lambda k: b"\x89PNG\r\n\x1a\n" + rng.randbytes(300), False),
        # hostile but readable: read, with what they hold
        ("digits.txt", lambda k: ("一、对企业给予" + "9" * 100_000 + f"{k}元奖励。\n二、对博士给予5万元补贴。\n").encode(), True),
        ("nested.html", lambda k: ("<div>" * 20_000 + f"<p>一、对新认定的企业给予{k}万元奖励，由市科技局负责组织实施。</p>"
                                   + "</div>" * 20_000).encode(), True),
    ]
    for k in range(n_bad - 30):
        stem, make, readable = makers[k % len(makers)]
        put(f"bad-{k:05d}-{stem}", make(k), good if readable else bad)
    for k in range(15):  # links to nowhere and FIFOs: unreadable, never waited on
        link, fifo = f"{next(order):05d}-bad-link-{k}.txt", f"{next(order):05d}-bad-fifo-{k}.txt"
        (folder / link).symlink_to(folder / f"missing-{k}.txt")
        os.mkfifo(folder / fifo)
        bad.update((link, fifo))
    return good, bad


def _with_comment(data: bytes, k: int) -> bytes:
    """The same ZIP with another archive comment (a distinct file, same members)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        target.comment = b"%d" % k
        for info in source.infolist():
            target.writestr(info, source.read(info))
    return out.getvalue()


def _zip_of(k: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", f"补贴{k}万元")
    return out.getvalue()


class Sampler(threading.Thread):
    """Peak RSS of every process of a session (the driver's process group and the workers' own sessions)."""

    def __init__(self, root_pid: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak, self.peak_total, self.running = root_pid, 0, 0, True

    def run(self) -> None:
        while self.running:
            total = 0
            for pid in self.tree():
                rss = _rss_kib(pid)
                total += rss
                self.peak = max(self.peak, rss)
            self.peak_total = max(self.peak_total, total)
            time.sleep(0.05)

    def tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                children.setdefault(int(fields[1]), []).append(int(entry))
        found, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found


def _rss_kib(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE // 1024
    except (OSError, IndexError, ValueError):
        return 0


def ingest(folder: Path, out: Path, interrupt_after: float | None) -> tuple[int, float, Sampler]:
    command = [sys.executable, "-m", "extractor", "ingest", str(folder), "--out", str(out), "-j", "2",
               "--memory-mb", str(MEMORY_MB), "--timeout", "60"]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:  # a pipe left unread would block the driver
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, text=True)
        sampler = Sampler(proc.pid)
        sampler.start()
        if interrupt_after is not None:
            try:
                proc.wait(timeout=interrupt_after)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGINT)
        proc.wait()
        sampler.running = False
        sampler.join()
        log.seek(0)
        stderr = log.read()
    if "Traceback" in stderr:
        raise SystemExit(f"the driver printed a traceback:\n{stderr[-3000:]}")
    return proc.returncode, time.perf_counter() - started, sampler


def check_outputs(out: Path) -> dict:
    """No partial line, every record parses, no temp file left; the state of the output folder."""
    for path in out.glob("*.jsonl"):
        raw = path.read_bytes()
        if raw and not raw.endswith(b"\n"):
            raise SystemExit(f"{path.name}: last line is partial")
        for number, line in enumerate(raw.splitlines(), start=1):
            json.loads(line)  # raises on a truncated or interleaved line
    records = [p for p in out.glob("*.json") if p.name != "manifest.json"]
    for path in records:
        json.loads(path.read_text(encoding="utf-8"))
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".tmp-")]
    if leftovers:
        raise SystemExit(f"temp files left: {leftovers[:5]}")
    return {"records": len(records)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    # started in the background (`… &`), this process inherits SIGINT ignored, and so would the runs it starts
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="policyx-soak-") as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        good, bad = build(folder, args.files, rng)
        print(f"corpus: {len(good)} good, {len(bad)} broken or hostile files")
        runs, peak, peak_total = [], 0, 0
        for attempt in range(4):
            stop = None if attempt == 3 else rng.uniform(4, 12)  # each lands before the work is done
            code, wall, sampler = ingest(folder, out, stop)
            state = check_outputs(out)
            peak, peak_total = max(peak, sampler.peak), max(peak_total, sampler.peak_total)
            if stop is not None and wall < stop:
                print(f"run {attempt + 1} ended before its interrupt")
            elif stop is not None and code != 130:
                raise SystemExit(f"run {attempt + 1}: SIGINT gave exit {code}, not 130")
            runs.append((attempt, stop, code, wall, state["records"]))
            print(f"run {attempt + 1}: {'SIGINT after %.0f s' % stop if stop else 'to the end'}, exit {code}, "
                  f"{wall:.0f} s, {state['records']} records so far")
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        entries = manifest["documents"]
        ok = [e for e in entries.values() if e.get("ok")]
        sources = sorted(Path(e["source"]).name for e in ok)
        dataset = [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
        errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
        failed = {Path(e["file"]).name for e in errors}
        problems = []
        if sources != sorted(good):
            missing, extra = sorted(good - set(sources)), sorted(set(sources) - good)
            problems.append(f"committed ≠ good: missing {missing[:5]} ({len(missing)}), extra {extra[:5]} ({len(extra)})")
        if len(sources) != len(set(sources)):
            problems.append("a good document committed twice")
        if len(dataset) != len(good) or len({d["id"] for d in dataset}) != len(good):
            problems.append(f"notices.jsonl holds {len(dataset)} lines for {len(good)} good documents")
        if failed != bad:
            problems.append(f"errors.jsonl ≠ bad: missing {sorted(bad - failed)[:5]}, extra {sorted(failed - bad)[:5]}")
        if peak > MEMORY_MB * 1024:
            problems.append(f"peak RSS {peak // 1024} MiB over the cap of {MEMORY_MB} MiB")
        codes: dict[str, int] = {}
        for e in errors:
            codes[e["error_code"]] = codes.get(e["error_code"], 0) + 1
        print(f"committed {len(sources)}/{len(good)} good documents once each; {len(failed)}/{len(bad)} bad ones in errors.jsonl")
        print("codes: " + ", ".join(f"{code} {n}" for code, n in sorted(codes.items())))
        print(f"peak RSS of one process {peak // 1024} MiB (cap {MEMORY_MB} MiB); of the whole run {peak_total // 1024} MiB")
        print(f"wall time, all four runs: {sum(r[3] for r in runs):.0f} s")
        if problems:
            raise SystemExit("FAILED: " + "; ".join(problems))
        print("soak: passed")


if __name__ == "__main__":
    main()
