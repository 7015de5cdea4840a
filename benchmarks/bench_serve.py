"""`policyx serve` at 10,000 notices: how long a notice page and a search take, over HTTP and in a browser.

Run from the repository root:  .venv/bin/python benchmarks/bench_serve.py [--notices 10000] [--store DIR] [--rounds 20]

The store is synthetic: the five bundled seed notices read once, then copied under new ids
with their clause texts numbered (each copy a notice of its own content, as
benchmarks/bench_store.py builds it), written with `db.put_notice`; the records of the pages
measured are written beside it. `--store DIR` keeps the store there and reuses it on the next
run. The server is the workbench itself (uvicorn on 127.0.0.1, in this process); each figure is
the median and the worst of `--rounds` requests on a kept-alive connection, after one warm-up
request, and, when chromium is installed, of browser page loads (navigation start to the load
event, the page's CSS and script included).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_store import copies  # noqa: E402  (the same synthetic notices as the store benchmark)

from extractor import db  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
PAGES = {  # what a person opens, by what the target is
    "notice page (yq-draft-2024 copy, 19 clauses)": "/notices/yq-draft-2024-4",
    "notice page (sx-jinchuanggu-5-2023 copy, 39 clauses)": "/notices/sx-jinchuanggu-5-2023-1",
    "search 研发 补助": "/?q=研发+补助",
    "search 技术转移 奖励, region 阳泉": "/?q=技术转移+奖励&region=阳泉",
    "search 研发, every filter": "/?q=研发&region=山西&status=final&valid_on=2025-06-01&role=cap&min=100万",
    "list, region 山西, page 1": "/?region=山西",
    "list, page 100": "/?page=100",
}
TARGETS = {"notice": 0.200, "search": 0.500, "list": 0.500}


def build(folder: Path, count: int) -> None:
    """The synthetic store of `count` notices in `folder`, and the records of the copies the pages open."""
    seeds = len(sorted((ROOT / "corpus" / "text").glob("*.txt")))
    conn = db.connect(folder / "policyx.db")
    started = time.perf_counter()
    for k, record in enumerate(copies(count)):
        db.put_notice(conn, record)
        if k < 2 * seeds:
            (folder / f"{record['id']}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    clauses = conn.execute("SELECT count(*) FROM clauses").fetchone()[0]
    conn.close()
    print(f"store: {count:,} notices ({clauses:,} clauses) written in {time.perf_counter() - started:.1f} s → {folder}")


def serve(folder: Path):
    import uvicorn

    from extractor.serve.app import Settings, create_app

    app = create_app(Settings(db=folder / "policyx.db", records=folder))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"


def over_http(origin: str, rounds: int) -> dict[str, list[float]]:
    import httpx2

    timings = {}
    with httpx2.Client(base_url=origin) as client:
        for name, path in PAGES.items():
            assert client.get(path).status_code == 200, path  # warm-up: the record read, the store's pages cached
            seconds = []
            for _ in range(rounds):
                started = time.perf_counter()
                response = client.get(path)
                seconds.append(time.perf_counter() - started)
                assert response.status_code == 200
            timings[name] = seconds
    return timings


def in_browser(origin: str, rounds: int) -> dict[str, list[float]] | None:
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    timings = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"])
        page = browser.new_page()
        for name, path in PAGES.items():
            page.goto(origin + path)
            seconds = []
            for _ in range(rounds):
                page.goto(origin + path, wait_until="load")
                seconds.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000)
            timings[name] = seconds
        browser.close()
    return timings


def report(title: str, timings: dict[str, list[float]]) -> None:
    print(title)
    for name, seconds in timings.items():
        target = TARGETS[name.split()[0].rstrip(",")]
        median, worst = statistics.median(seconds), max(seconds)
        verdict = "under" if worst < target else "OVER"
        print(f"  {name:52s} median {median * 1000:7.1f} ms  worst {worst * 1000:7.1f} ms  "
              f"({verdict} the {target * 1000:.0f} ms target)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--store", type=Path, help="Keep the store in this folder, and reuse it if it is there.")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.store or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / "policyx.db").exists():
            print(f"store: reused {folder}")
        else:
            build(folder, args.notices)
        server, thread, origin = serve(folder)
        try:
            report(f"over HTTP (httpx2, one kept-alive connection, {args.rounds} rounds):", over_http(origin, args.rounds))
            browser = in_browser(origin, args.rounds)
            if browser is None:
                print(f"in a browser: skipped ({CHROMIUM} is missing)")
            else:
                report(f"in chromium (navigation start to load event, {args.rounds} rounds):", browser)
        finally:
            server.should_exit = True
            thread.join(20)


if __name__ == "__main__":
    main()
