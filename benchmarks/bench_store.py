"""The store at 10,000 notices: write speed, search latency, export speed; and search recall by tokenizer.

Run from the repository root:  .venv/bin/python benchmarks/bench_store.py [--notices 10000]

The notices are the bundled ones read once, then copied with their clause texts numbered
(each copy is a notice of its own content). Search latency is the median and the worst of
the queries below, each run 5 times. Recall compares the store's bigram index with SQLite's
trigram tokenizer on the same queries (two-character words cannot be found by trigrams).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import db  # noqa: E402
from extractor.export import export  # noqa: E402
from extractor.normalize import normalize  # noqa: E402
from extractor.pipeline import run  # noqa: E402

QUERIES = ["研发 补助", "院士工作站", "人才 奖励", "科技型中小企业", "首台", "技术转移 奖励", "孵化器", "技术合同", "贷款", "房租 补贴"]


def copies(count: int) -> Iterator[dict]:
    """`count` records made from the bundled notices: new ids, each clause text numbered (no two alike)."""
    base = [json.loads(run(path).model_dump_json()) for path in sorted((ROOT / "corpus" / "text").glob("*.txt"))]
    for k in range(count):
        record = json.loads(json.dumps(base[k % len(base)]))
        record["id"] = f"{record['id']}-{k}"
        for sub in record["subdocuments"]:
            for clause in sub["clauses"]:
                clause["text"] = f"{clause['text']}（{k}）"
        yield record


def recall(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE VIRTUAL TABLE tri USING fts5(text, tokenize = 'trigram')")
    conn.execute("INSERT INTO tri (rowid, text) SELECT rowid, text FROM clauses WHERE notice LIKE '%-0' OR notice LIKE '%-1' "
                 "OR notice LIKE '%-2' OR notice LIKE '%-3' OR notice LIKE '%-4'")
    texts = dict(conn.execute("SELECT rowid, text FROM clauses WHERE rowid IN (SELECT rowid FROM tri)").fetchall())
    print(f"\nrecall on {len(texts)} clauses (oracle: every clause whose normalized text holds every word)")
    print(f"{'query':16s} {'clauses':>8s} {'bigram':>8s} {'trigram':>8s}")
    for query in QUERIES:
        words = [normalize(w).text for w in query.split()]
        expected = {rowid for rowid, text in texts.items() if all(w in normalize(text).text for w in words)}
        bigram = {rowid for (rowid,) in conn.execute(
            "SELECT rowid FROM clause_search WHERE clause_search MATCH ?", (" AND ".join(f'"{db.grams(w)}"' for w in words),))} & set(texts)
        trigram = {rowid for (rowid,) in conn.execute(
            "SELECT rowid FROM tri WHERE tri MATCH ?", (" AND ".join(f'"{w}"' for w in words),))}
        share = lambda found: f"{len(found & expected) / len(expected):.2f}" if expected else "—"  # noqa: E731
        print(f"{query:16s} {len(expected):8d} {share(bigram):>8s} {share(trigram):>8s}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=10_000)
    args = parser.parse_args()
    records = list(copies(args.notices))  # made before the clock starts
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "policyx.db"
        conn = db.connect(path)
        started = time.perf_counter()
        for record in records:
            db.put_notice(conn, record)
        wall = time.perf_counter() - started
        clauses = conn.execute("SELECT count(*) FROM clauses").fetchone()[0]
        print(f"write: {len(records):,} notices ({clauses:,} clauses) in {wall:.1f} s: {len(records) / wall:,.0f} notices/s; "
              f"{path.stat().st_size / 2**20:.0f} MiB")
        latencies = {}
        for query in QUERIES:
            timings = []
            for _ in range(5):
                t = time.perf_counter()
                db.search(conn, query, limit=50)
                timings.append(time.perf_counter() - t)
            latencies[query] = statistics.median(timings)
        t = time.perf_counter()
        db.search(conn, "研发", region="山西", role="cap", minimum=1_000_000, status="final", valid_on="2025-06-01")
        filtered = time.perf_counter() - t
        print(f"search: median {statistics.median(latencies.values()) * 1000:.1f} ms, worst {max(latencies.values()) * 1000:.1f} ms "
              f"(first 50 hits); with every filter {filtered * 1000:.1f} ms")
        for to in ("csv", "jsonl", "parquet"):
            t = time.perf_counter()
            count = export(conn, "facts", to, Path(tmp) / f"facts.{to}")
            print(f"export facts → {to}: {count:,} rows in {time.perf_counter() - t:.2f} s")
        recall(conn)


if __name__ == "__main__":
    main()
