"""The store: what the records say, queryable; one notice from many files; replaced whole or not at all.

Expectations are the records themselves (every figure of the JSON is a row, exact), the bundled
notices as a person reads them (the same notice as text and as PDF), and clause texts searched
by plain substring (the oracle for full-text search).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from decimal import Decimal

import pytest

from extractor import db
from extractor.export import export
from extractor.normalize import normalize
from extractor.pipeline import run

from .conftest import CORPUS

TEXTS = sorted((CORPUS / "text").glob("*.txt"))


def record(path) -> dict:
    return json.loads(run(path).model_dump_json())


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [record(path) for path in TEXTS]


@pytest.fixture
def store(tmp_path, records):
    conn = db.connect(tmp_path / "policyx.db")
    for r in records:
        db.put_notice(conn, r)
    return conn


def test_every_figure_of_the_records_is_a_row_with_its_exact_value(store, records):
    expected = sorted(
        (r["id"], c["path"], f["kind"], f["role"], str(Decimal(str(f["value"]))), f["raw"], f["rule"])
        for r in records for sub in r["subdocuments"] for c in sub["clauses"] for f in c["facts"])
    stored = sorted(store.execute("SELECT notice, clause, kind, role, value, raw, rule FROM facts").fetchall())
    assert stored == expected and len(stored) > 200
    counts = store.execute("SELECT (SELECT count(*) FROM clauses), (SELECT count(*) FROM terms), "
                           "(SELECT count(*) FROM units)").fetchone()
    assert counts == (
        sum(len(sub["clauses"]) for r in records for sub in r["subdocuments"]),
        sum(len(c["terms"]) for r in records for sub in r["subdocuments"] for c in sub["clauses"]),
        sum(len(c["units"]) + len(c["lead_units"]) for r in records for sub in r["subdocuments"] for c in sub["clauses"]),
    )


def test_notices_carry_their_region_with_codes(store):
    regions = dict((row[0], row[1:]) for row in store.execute(
        "SELECT id, province, province_code, city, city_code, level FROM notices"))
    # read by hand from the notices' issuers and titles
    assert regions["jz-jinchuanggu-2025"] == ("山西省", "140000", "晋中市", "140700", "city")
    assert regions["yq-draft-2024"] == ("山西省", "140000", "阳泉市", "140300", "city")
    assert regions["sx-jinchuanggu-5-2023"][:2] == ("山西省", "140000")


def test_the_same_notice_from_a_pdf_is_one_notice_with_two_sources(store):
    stored = db.put_notice(store, record(CORPUS / "pdf" / "yq-draft-2024.reportlab.pdf"))
    assert stored == "yq-draft-2024"
    kinds = store.execute("SELECT kind FROM sources WHERE notice = 'yq-draft-2024' ORDER BY kind").fetchall()
    assert kinds == [("pdf",), ("text",)]
    assert store.execute("SELECT count(*) FROM notices").fetchone()[0] == len(TEXTS)


def test_a_notice_read_again_replaces_its_rows(store, records):
    changed = json.loads(json.dumps(records[0]))
    clauses = [c for sub in changed["subdocuments"] for c in sub["clauses"]]
    at, clause = next((k, c) for k, c in enumerate(clauses) if len(c["facts"]) >= 2)
    clause["facts"] = clause["facts"][:1]
    clause["text"] += "（修订）"  # new content: the same id, replaced
    db.put_notice(store, changed)
    facts = store.execute("SELECT count(*) FROM facts WHERE notice = ? AND clause_ord = ?", (changed["id"], at)).fetchone()
    assert facts == (1,)
    assert store.execute("SELECT count(*) FROM notices WHERE id = ?", (changed["id"],)).fetchone() == (1,)


def test_a_write_failing_halfway_leaves_the_previous_version_whole(store, records, monkeypatch):  # BAD_INPUTS #68
    before = store.execute("SELECT count(*) FROM facts WHERE notice = ?", (records[1]["id"],)).fetchone()
    broken = json.loads(json.dumps(records[1]))
    clauses = [c for sub in broken["subdocuments"] for c in sub["clauses"]]
    clauses[0]["text"] += "（修订）"
    [c for c in clauses if c["facts"]][2]["facts"][0]["value"] = "not a number"  # fails at the third clause with figures
    with pytest.raises(Exception):
        db.put_notice(store, broken)
    assert store.execute("SELECT count(*) FROM facts WHERE notice = ?", (records[1]["id"],)).fetchone() == before
    assert not store.in_transaction


def test_a_store_from_a_newer_policyx_is_refused(tmp_path):
    path = tmp_path / "new.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    with pytest.raises(db.StoreError) as caught:
        db.connect(path)
    assert caught.value.code == "E_STORE_NEWER"


def test_a_corrupt_store_is_refused_with_its_name(tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(db.StoreError) as caught:
        db.connect(path)
    assert caught.value.code == "E_STORE_CORRUPT" and "bad.db" in str(caught.value)


def test_a_store_held_by_another_writer_fails_fast_with_a_code(tmp_path, records, monkeypatch):
    path = tmp_path / "held.db"
    db.connect(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(db, "BUSY_MS", 100)
    with pytest.raises(db.StoreError) as caught:
        db.put_notice(db.connect(path), records[0])
    assert caught.value.code == "E_STORE_LOCKED"
    holder.execute("ROLLBACK")


# Search: every clause holding every word, found (the oracle is a substring test on the normalized text)


QUERIES = ["研发 补助", "院士工作站", "人才 奖励", "科技型中小企业", "首台", "技术转移 奖励", "孵化器", "技术合同"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_every_clause_holding_every_word(store, query):
    words = [normalize(w).text for w in query.split()]
    expected = sorted((notice, path) for notice, path, text in store.execute("SELECT notice, path, text FROM clauses")
                      if all(w in normalize(text).text for w in words))
    found = sorted((hit.notice, hit.path) for hit in db.search(store, query, limit=1000))
    assert expected and found == expected


def test_search_filters_by_region_role_amount_and_status(store):
    hits = db.search(store, "", region="晋中", role="cap", minimum=Decimal("1000000"), limit=1000)
    assert hits and {hit.notice for hit in hits} == {"jz-jinchuanggu-2025"}
    for hit in hits:
        values = store.execute("SELECT value_num FROM facts f JOIN clauses c ON c.notice = f.notice AND c.ord = f.clause_ord "
                               "WHERE f.notice = ? AND c.path = ? AND f.role = 'cap'", (hit.notice, hit.path)).fetchall()
        assert max(v for (v,) in values) >= 1_000_000
    assert {hit.notice for hit in db.search(store, "", status="draft", limit=1000)} == {"yq-draft-2024"}
    assert db.search(store, "研发", region="浙江") == []


# Exports: numbers as numbers, exact, one line to load


def test_exports_load_in_one_line_with_exact_amounts(store, tmp_path):
    pandas = pytest.importorskip("pandas")
    count = store.execute("SELECT count(*) FROM facts").fetchone()[0]
    cap = store.execute("SELECT value FROM facts WHERE role = 'cap' ORDER BY notice, clause_ord, ord LIMIT 1").fetchone()[0]
    for to in ("csv", "jsonl", "parquet"):
        assert export(store, "facts", to, tmp_path / f"facts.{to}") == count
    frame = pandas.read_parquet(tmp_path / "facts.parquet")
    assert len(frame) == count and "value_num" not in frame.columns
    assert frame[frame.role == "cap"].sort_values(["notice", "clause_ord", "ord"]).value.iloc[0] == Decimal(cap)
    assert len(pandas.read_csv(tmp_path / "facts.csv", dtype={"value": str})) == count
    lines = (tmp_path / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    stored = [value for (value,) in store.execute("SELECT value FROM facts ORDER BY rowid")]
    read = [json.loads(line, parse_float=Decimal, parse_int=Decimal)["value"] for line in lines]
    assert read == [Decimal(value) for value in stored]  # numbers, with the stored digits (0.05, not 0.05000000001)
    assert all(f'"value": {value}' in line for line, value in zip(lines, stored))


def test_the_store_opens_in_datasette_and_a_query_returns_its_rows(store, tmp_path):
    datasette = pytest.importorskip("datasette.app")
    path = tmp_path / "policyx.db"
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    expected = store.execute("SELECT count(*) FROM facts WHERE role = 'cap'").fetchone()[0]

    async def ask():
        app = datasette.Datasette([str(path)])
        return await app.client.get("/policyx.json?sql=select+count(*)+as+n+from+facts+where+role+%3D+'cap'&_shape=array")

    response = asyncio.run(ask())
    assert response.status_code == 200 and response.json() == [{"n": expected}]


def test_a_draft_and_its_final_text_are_linked_not_merged(store):
    final = db.put_notice(store, record(CORPUS / "diffs" / "yq-final-2024.txt"))
    assert final != "yq-draft-2024"
    links = store.execute("SELECT notice, other, relation FROM links ORDER BY notice").fetchall()
    assert links == [("yq-draft-2024", final, "draft_of"), (final, "yq-draft-2024", "final_of")]
    similarity = store.execute("SELECT similarity FROM links WHERE notice = ?", (final,)).fetchone()[0]
    assert 0 < similarity < 1  # a revised text: some clauses kept word for word, others edited


def test_the_readme_session_ingest_search_export(tmp_path):
    import subprocess
    import sys

    from typer.testing import CliRunner

    from extractor.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    for path in TEXTS:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "yq-draft-2024.pdf").write_bytes((CORPUS / "pdf" / "yq-draft-2024.reportlab.pdf").read_bytes())
    done = subprocess.run([sys.executable, "-m", "extractor", "ingest", str(folder), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=CORPUS.parent, timeout=300)
    assert done.returncode == 0, done.stderr
    store = tmp_path / "out" / "policyx.db"
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT count(*) FROM notices").fetchone() == (len(TEXTS),)  # the PDF is a second source
    assert conn.execute("SELECT count(*) FROM sources").fetchone() == (len(TEXTS) + 1,)
    conn.close()
    runner = CliRunner()
    found = runner.invoke(app, ["search", "院士工作站", "--db", str(store), "--format", "json"])
    yq = sqlite3.connect(store).execute("SELECT notice FROM sources WHERE file_name = 'yq-draft-2024.txt'").fetchone()[0]
    # grep -l 院士工作站 corpus/text/*.txt: the two notices that fund academicians' workstations
    assert found.exit_code == 0 and {hit["notice"] for hit in json.loads(found.output)} == {"jz-jinchuanggu-2025", yq}
    exported = runner.invoke(app, ["export", "--db", str(store), "--table", "facts", "--to", "csv", "-o",
                                   str(tmp_path / "facts.csv")])
    assert exported.exit_code == 0 and (tmp_path / "facts.csv").read_text(encoding="utf-8").startswith("notice,")
    store.unlink()  # a store lost is filled again from the records, nothing read again
    again = subprocess.run([sys.executable, "-m", "extractor", "ingest", str(folder), "--out", str(tmp_path / "out")],
                           capture_output=True, text=True, cwd=CORPUS.parent, timeout=300)
    assert again.returncode == 0 and "完成 0" in again.stderr
    assert sqlite3.connect(store).execute("SELECT count(*) FROM sources").fetchone() == (len(TEXTS) + 1,)
    missing = runner.invoke(app, ["search", "研发", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 65 and "E_STORE_MISSING" in missing.output
