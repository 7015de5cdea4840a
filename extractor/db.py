"""The store: notices, clauses, facts, terms and units in one SQLite file, queryable with plain SQL.

    policyx ingest corpus/ --out outputs        # writes outputs/policyx.db beside the records
    sqlite3 outputs/policyx.db "select notice, path, value from facts where role = 'cap' and value_num >= 1e6"

Tables (one row per thing, keys by notice id and clause path):
  notices  id, title, issuers, doc_number, status, dates, validity, stacking, region (province, city,
           county with GB/T 2260 codes, level), content_key, pipeline_version
  sources  the files a notice was read from (one notice, many files: same clause texts, several formats)
  clauses  notice, path, ord, parent, heading, text, span, page, units
  facts    notice, clause, ord, kind, role, value (exact decimal text), value_num (REAL, for filters),
           unit, raw, span, rule, cues
  terms    notice, clause, ord, kind, when_text, amount, cap, rate, per, fields (the whole term, JSON), rule
  units    notice, clause, name, lead
  links    notice → notice of the same policy in another version (a draft and its final text)
  clause_search   FTS5 over clause text, indexed as character bigrams (Chinese has no spaces)

`put_notice` replaces a notice whole in one transaction (BEGIN IMMEDIATE … COMMIT), so a reader
never sees half of one; a failure leaves the previous version. The schema carries its version
(PRAGMA user_version); an older store is migrated on open, a newer one refused (E_STORE_NEWER).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .patterns import compiled
from .errors import PolicyxError
from .regions import region_of

SCHEMA_VERSION = 1
BUSY_MS = 10_000

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE notices (
        id TEXT PRIMARY KEY, title TEXT, issuers TEXT NOT NULL, doc_number TEXT, status TEXT NOT NULL,
        date TEXT, published TEXT, effective_from TEXT, effective_until TEXT, validity_years INTEGER,
        stacking TEXT, interpreter TEXT,
        province TEXT, province_code TEXT, city TEXT, city_code TEXT, county TEXT, county_code TEXT, level TEXT,
        content_key TEXT NOT NULL, title_key TEXT, pipeline_version TEXT NOT NULL, clauses INTEGER NOT NULL
    );
    CREATE TABLE sources (
        notice TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE, path TEXT NOT NULL, file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL, kind TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (notice, sha256)
    );
    CREATE TABLE clauses (
        notice TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE, path TEXT NOT NULL, ord INTEGER NOT NULL,
        parent TEXT, heading TEXT, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER,
        units TEXT NOT NULL, PRIMARY KEY (notice, ord)
    );
    CREATE TABLE facts (
        notice TEXT NOT NULL, clause_ord INTEGER NOT NULL, clause TEXT NOT NULL, ord INTEGER NOT NULL,
        kind TEXT NOT NULL, role TEXT NOT NULL, value TEXT NOT NULL, value_num REAL NOT NULL, unit TEXT NOT NULL,
        raw TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER, per TEXT NOT NULL,
        rule TEXT NOT NULL, cues TEXT NOT NULL, PRIMARY KEY (notice, clause_ord, ord),
        FOREIGN KEY (notice, clause_ord) REFERENCES clauses(notice, ord) ON DELETE CASCADE
    );
    CREATE TABLE terms (
        notice TEXT NOT NULL, clause_ord INTEGER NOT NULL, clause TEXT NOT NULL, ord INTEGER NOT NULL,
        kind TEXT NOT NULL, when_text TEXT, amount TEXT, cap TEXT, rate TEXT, per TEXT, fields TEXT NOT NULL, rule TEXT,
        PRIMARY KEY (notice, clause_ord, ord),
        FOREIGN KEY (notice, clause_ord) REFERENCES clauses(notice, ord) ON DELETE CASCADE
    );
    CREATE TABLE units (
        notice TEXT NOT NULL, clause_ord INTEGER NOT NULL, clause TEXT NOT NULL, ord INTEGER NOT NULL,
        name TEXT NOT NULL, lead INTEGER NOT NULL, PRIMARY KEY (notice, clause_ord, ord),
        FOREIGN KEY (notice, clause_ord) REFERENCES clauses(notice, ord) ON DELETE CASCADE
    );
    CREATE TABLE links (
        notice TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE, other TEXT NOT NULL, relation TEXT NOT NULL,
        similarity REAL NOT NULL, PRIMARY KEY (notice, other)
    );
    CREATE VIRTUAL TABLE clause_search USING fts5(grams, tokenize = 'unicode61');  -- rowid: the clause's rowid
    CREATE INDEX links_other ON links(other);
    CREATE INDEX clauses_path ON clauses(notice, path);
    CREATE INDEX notices_region ON notices(province_code, city_code, county_code);
    CREATE INDEX notices_status ON notices(status, effective_from, effective_until);
    CREATE INDEX notices_content ON notices(content_key);
    CREATE INDEX notices_title ON notices(title_key);
    CREATE INDEX facts_role_value ON facts(kind, role, value_num);
    CREATE INDEX terms_kind ON terms(kind);
    CREATE INDEX units_name ON units(name);
    """,
}


class StoreError(PolicyxError):
    """A store that cannot be opened or written: corrupt, locked, from a newer policyx."""

    code = "E_STORE"
    stage = "store"


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and for writing, create or migrate) the store at `path`."""
    path = Path(path)
    if readonly and not path.is_file():
        raise StoreError("no store here", path=path, code="E_STORE_MISSING",
                         hint="run policyx ingest first, or give --db", zh="这里没有数据库",
                         zh_hint="请先运行 policyx ingest，或用 --db 指定数据库")
    try:
        uri = f"file:{path}?mode=ro" if readonly else str(path)
        conn = sqlite3.connect(uri, uri=readonly, timeout=BUSY_MS / 1000, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # in WAL: never corrupt; a crash may lose the last commits
    except sqlite3.DatabaseError as exc:
        code = _code(exc)
        if code != "E_STORE":  # held, or its disk full or failing: the store is as it was, not corrupt
            raise StoreError(f"cannot open the store ({exc})", path=path, code=code, hint=_hint(code),
                             cause=type(exc).__name__, zh=f"无法打开数据库：{_trouble(code)}",
                             zh_hint=_hint_zh(code)) from exc
        raise StoreError(f"not a policyx store, or corrupt ({exc})", path=path, code="E_STORE_CORRUPT",
                         hint="move it away; policyx ingest builds a new one", cause=type(exc).__name__,
                         zh="不是 policyx 数据库，或数据库已损坏",
                         zh_hint="请把它移走，policyx ingest 会新建一个") from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"store schema {version} is newer than this policyx reads ({SCHEMA_VERSION})", path=path,
                         code="E_STORE_NEWER", hint="upgrade policyx",
                         zh=f"数据库结构版本 {version} 比本版 policyx 能读的（{SCHEMA_VERSION}）新",
                         zh_hint="请升级 policyx")
    if version < SCHEMA_VERSION:
        if readonly:
            raise StoreError(f"store schema {version} is older than {SCHEMA_VERSION}", path=path, code="E_STORE_OLDER",
                             hint="run policyx ingest once to migrate it",
                             zh=f"数据库结构版本 {version} 比当前版本 {SCHEMA_VERSION} 旧",
                             zh_hint="请运行一次 policyx ingest 完成升级")
        _migrate(conn, version, path)
    return conn


def _migrate(conn: sqlite3.Connection, version: int, path: Path) -> None:
    try:
        conn.execute("BEGIN IMMEDIATE")
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        code = _code(exc)
        raise StoreError(f"cannot set up the store ({exc})", path=path, code=code, cause=type(exc).__name__,
                         zh=f"无法建立数据库：{_trouble(code)}", zh_hint=_hint_zh(code)) from exc


def _code(exc: sqlite3.Error) -> str:
    """The store's code for an SQLite error, by its result code (by its message where it has none)."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    text = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
        return "E_STORE_LOCKED"
    if name == "SQLITE_FULL" or "disk is full" in text:
        return "E_STORE_FULL"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:  # also a full disk where SQLite cannot tell
        return "E_STORE_IO"
    return "E_STORE"


# What each store code means to a reader, and what to do: code: (中文, English hint, 中文 hint).
STORE_TROUBLES = {
    "E_STORE_FULL": ("磁盘已满", "free space on its disk, then run again", "请清理磁盘空间后再运行"),
    "E_STORE_IO": ("磁盘读写出错", "is its disk full or failing? then run again", "请检查磁盘是否已满或损坏，然后再运行"),
    "E_STORE_LOCKED": ("数据库被占用", "another policyx run may hold it; wait and run again",
                       "可能有另一次 policyx 运行正在使用它，请稍候再运行"),
}
LOCKED_HINT_ZH = STORE_TROUBLES["E_STORE_LOCKED"][2]


def _trouble(code: str) -> str:
    return STORE_TROUBLES.get(code, ("数据库出错",))[0]


def _hint(code: str) -> str | None:
    return STORE_TROUBLES[code][1] if code in STORE_TROUBLES else None


def _hint_zh(code: str) -> str | None:
    return STORE_TROUBLES[code][2] if code in STORE_TROUBLES else None


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path | str = "store") -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it or none of it."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        code = _code(exc)
        raise StoreError(f"cannot write the store ({exc})", path=path, code=code,
                         hint=_hint(code) or "another policyx run may hold it; wait and run again",
                         zh=f"无法写入数据库：{_trouble(code)}", zh_hint=_hint_zh(code) or LOCKED_HINT_ZH) from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:  # SQLite has rolled back itself after some errors (disk full, I/O error)
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            code = _code(exc)
            raise StoreError(f"writing the store failed ({exc}); nothing of this notice was written", path=path, code=code,
                             hint=_hint(code), cause=type(exc).__name__,
                             zh=f"写入数据库失败（{_trouble(code)}），这份通知一点也没有写入", zh_hint=_hint_zh(code)) from exc
        raise


# --- Writing ---------------------------------------------------------------------------------------


def grams(text: str) -> str:
    """Clause text as the search index holds it: overlapping character bigrams of each run of Chinese, words as they are.

    >>> grams("研发补助100万元")
    '研发 发补 补助 100 万元'
    """
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        out.extend(run[k] + run[k + 1] for k in range(len(run) - 1))
        run.clear()

    word = ""
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            if word:
                out.append(word)
                word = ""
            run.append(ch)
        elif ch.isalnum():
            flush()
            word += ch
        else:
            flush()
            if word:
                out.append(word)
                word = ""
    flush()
    if word:
        out.append(word)
    return " ".join(out)


def content_key(record: dict) -> str:
    """Identity of a notice's content: its clause texts, whitespace and punctuation width aside (not the file's bytes)."""
    return clauses_key(c["text"] for sub in record["subdocuments"] for c in sub["clauses"])


def clauses_key(texts: Iterable[str]) -> str:
    """`content_key` of a notice with these clause texts (a batch worker computes it from the Notice it read)."""
    from .normalize import normalize

    canon = "\n".join("".join(normalize(text).text.split()) for text in texts)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def _clauses(record: dict) -> Iterable[dict]:
    for sub in record["subdocuments"]:
        yield from sub["clauses"]


def _num(value) -> float:
    return float(Decimal(str(value)))


def put_notice(conn: sqlite3.Connection, record: dict, *, path: Path | str = "store", key: str | None = None) -> str:
    """Write one notice record (a `Notice` as JSON data); return the id it is stored under.

    A notice whose clause texts equal a stored notice's is that notice: the file is added to its
    sources and nothing else changes. Otherwise the notice replaces any earlier version of itself.
    `key` is the record's `content_key`, when it is known already.
    """
    key = key or content_key(record)
    source = record["source"]
    with transaction(conn, path):
        same = conn.execute("SELECT id FROM notices WHERE content_key = ? AND id != ?", (key, record["id"])).fetchone()
        if same is not None:
            _put_source(conn, same[0], source)
            return same[0]
        conn.execute("DELETE FROM clause_search WHERE rowid IN (SELECT rowid FROM clauses WHERE notice = ?)", (record["id"],))
        conn.execute("DELETE FROM notices WHERE id = ?", (record["id"],))  # cascades to its rows
        _put_rows(conn, record, key)
        _put_source(conn, record["id"], source)
        _link_versions(conn, record["id"])
    return record["id"]


MIN_TITLE_KEY = 6  # characters a title must keep, version marks aside, to link notices by it
MAX_VERSIONS = 20  # versions of one title linked to a new notice (the latest): the cost of a write stays bounded

# what tells versions of one title apart: the draft marks, and spaces and punctuation
VERSION_MARKS = compiled(r"[(（]?(?:征求意见稿|征求意见|草案|送审稿|修订稿?)[)）]?|[\s“”\"'《》〈〉()（）·、,，.。:：;；]")


def title_key(title: str | None) -> str | None:
    """A title with what marks a version taken out: a draft and its final text share it.

    >>> title_key("“晋创谷·阳泉”创新驱动平台专项政策措施(征求意见稿)") == title_key("“晋创谷·阳泉”创新驱动平台专项政策措施")
    True
    """
    if not title:
        return None
    key = VERSION_MARKS.sub("", title)
    return key or None


def _link_versions(conn: sqlite3.Connection, notice: str) -> None:
    """Links between this notice and the other versions of the same policy: same title apart from version marks.

    The relation reads from `notice` to `other`: draft_of (this is the draft of that final text), final_of, or
    version; similarity is the share of clause texts the two have in common.
    """
    conn.execute("DELETE FROM links WHERE notice = ? OR other = ?", (notice, notice))
    key, status = conn.execute("SELECT title_key, status FROM notices WHERE id = ?", (notice,)).fetchone()
    if key is None or len(key) < MIN_TITLE_KEY:
        return  # 通知, 公告: a title that says nothing of the policy links nothing
    mine = _clause_texts(conn, notice)
    for other, other_status in conn.execute("SELECT id, status FROM notices WHERE title_key = ? AND id != ? "
                                            "ORDER BY rowid DESC LIMIT ?", (key, notice, MAX_VERSIONS)).fetchall():
        theirs = _clause_texts(conn, other)
        similarity = len(mine & theirs) / max(len(mine | theirs), 1)
        forward = {("draft", "final"): "draft_of", ("final", "draft"): "final_of"}.get((status, other_status), "version")
        backward = {"draft_of": "final_of", "final_of": "draft_of"}.get(forward, "version")
        conn.executemany("INSERT INTO links VALUES (?, ?, ?, ?)",
                         [(notice, other, forward, similarity), (other, notice, backward, similarity)])


def _clause_texts(conn: sqlite3.Connection, notice: str) -> set[str]:
    return {"".join(text.split()) for (text,) in conn.execute("SELECT text FROM clauses WHERE notice = ?", (notice,))}


def _put_source(conn: sqlite3.Connection, notice: str, source: dict) -> None:
    conn.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?)",
                 (notice, source["path"], source["file_name"], source["sha256"], source["kind"], source["size"]))


def _put_rows(conn: sqlite3.Connection, record: dict, key: str) -> None:
    meta, doc = record["metadata"], record["id"]
    region = region_of(meta.get("issuers") or [], meta.get("title"), meta.get("doc_number"))
    clauses = list(_clauses(record))
    conn.execute(
        "INSERT INTO notices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc, meta.get("title"), json.dumps(meta.get("issuers") or [], ensure_ascii=False), meta.get("doc_number"),
         meta["status"], meta.get("date"), meta.get("published"), meta.get("effective_from"), meta.get("effective_until"),
         meta.get("validity_years"), (meta.get("stacking") or {}).get("raw"), meta.get("interpreter"),
         region.province, region.province_code, region.city, region.city_code, region.county, region.county_code,
         region.level, key, title_key(meta.get("title")), record["pipeline_version"], len(clauses)),
    )
    for ord_, clause in enumerate(clauses):
        path, span = clause["path"], clause["span"]
        row = conn.execute("INSERT INTO clauses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (doc, path, ord_, clause.get("parent"), clause.get("heading"), clause["text"], span["start"],
                            span["end"], span.get("page"), "、".join(clause.get("units") or []))).lastrowid
        conn.execute("INSERT INTO clause_search (rowid, grams) VALUES (?, ?)", (row, grams(clause["text"])))
        conn.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (doc, ord_, path, k, f["kind"], f["role"], str(f["value"]), _num(f["value"]), f["unit"], f["raw"],
             f["span"]["start"], f["span"]["end"], f["span"].get("page"), "/".join(f.get("per") or []), f.get("rule") or "",
             "、".join(f.get("cues") or []))
            for k, f in enumerate(clause.get("facts") or [])])
        conn.executemany("INSERT INTO terms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (doc, ord_, path, k, t["kind"], t.get("when"), _text(t.get("amount")), _text(t.get("cap")), _text(t.get("rate")),
             t.get("per"), json.dumps(t, ensure_ascii=False, sort_keys=True, default=str), t.get("rule"))
            for k, t in enumerate(clause.get("terms") or [])])
        units = [(name, 0) for name in clause.get("units") or []] + [(name, 1) for name in clause.get("lead_units") or []]
        conn.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)",
                         [(doc, ord_, path, k, name, lead) for k, (name, lead) in enumerate(units)])


def _text(value) -> str | None:
    return None if value is None else str(value)


def stored_sources(conn: sqlite3.Connection) -> set[str]:
    """sha256 of every file the store holds a notice of."""
    return {sha for (sha,) in conn.execute("SELECT sha256 FROM sources")}


# --- Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A clause found by `search`, with the figures that passed the filters."""

    notice: str
    title: str | None
    region: str
    status: str
    path: str
    heading: str | None
    text: str
    figures: list[str]


def notice_filters(region: str | None, status: str | None, valid_on: str | None) -> tuple[list[str], list]:
    """SQL conditions on the notices table `n` (and their arguments): a region by name prefix or code, a status, in
    force on a day (an open end counts as in force)."""
    where, args = [], []
    if region:
        where.append("(n.province LIKE ? OR n.city LIKE ? OR n.county LIKE ? OR n.province_code = ? OR n.city_code = ? "
                     "OR n.county_code = ?)")
        args += [f"{region}%"] * 3 + [region] * 3
    if status:
        where.append("n.status = ?")
        args.append(status)
    if valid_on:
        where.append("(n.effective_from IS NULL OR n.effective_from <= ?) "
                     "AND (n.effective_until IS NULL OR n.effective_until >= ?)")
        args += [valid_on, valid_on]
    return where, args


def search(conn: sqlite3.Connection, query: str = "", *, region: str | None = None, role: str | None = None,
           minimum: Decimal | None = None, maximum: Decimal | None = None, status: str | None = None,
           valid_on: str | None = None, limit: int = 50, offset: int = 0) -> list[Hit]:
    """Clauses whose text holds every word of `query` (any order), filtered by the notice's region, status and
    validity and by the figures the clause prints (role, at least `minimum`, at most `maximum` yuan); in notice
    and clause order, `limit` of them from the `offset`-th on."""
    where, args, figure, figure_args = _hit_filters(query, region, role, minimum, maximum, status, valid_on)
    sql = ("SELECT c.notice, n.title, coalesce(n.county, n.city, n.province, ''), n.status, c.ord, c.path, c.heading, c.text "
           f"FROM clauses c JOIN notices n ON n.id = c.notice{where} ORDER BY c.notice, c.ord LIMIT ? OFFSET ?")
    rows = conn.execute(sql, [*args, limit, offset]).fetchall()
    hits = []
    for notice, title, place, state, ord_, path, heading, text in rows:
        shown = conn.execute(f"SELECT raw FROM facts WHERE notice = ? AND clause_ord = ? AND {' AND '.join(figure)} "
                             "ORDER BY ord", [notice, ord_, *figure_args]).fetchall() if figure else []
        hits.append(Hit(notice, title, place, state, path, heading, text, [raw for (raw,) in shown]))
    return hits


def count_hits(conn: sqlite3.Connection, query: str = "", *, region: str | None = None, role: str | None = None,
               minimum: Decimal | None = None, maximum: Decimal | None = None, status: str | None = None,
               valid_on: str | None = None) -> int:
    """How many clauses `search` finds for the same words and filters, all pages together."""
    where, args, _, _ = _hit_filters(query, region, role, minimum, maximum, status, valid_on)
    return conn.execute(f"SELECT count(*) FROM clauses c JOIN notices n ON n.id = c.notice{where}", args).fetchone()[0]


def _hit_filters(query: str, region: str | None, role: str | None, minimum: Decimal | None, maximum: Decimal | None,
                 status: str | None, valid_on: str | None) -> tuple[str, list, list[str], list]:
    """The WHERE of a search (with its arguments), and the conditions on a clause's facts it holds (with theirs)."""
    where, args = [], []
    words = [w for w in query.split() if w]
    if words:
        match = " AND ".join('"' + grams(w).replace('"', '""') + '"' for w in words)
        where.append("c.rowid IN (SELECT rowid FROM clause_search WHERE clause_search MATCH ?)")
        args.append(match)
    notice_where, notice_args = notice_filters(region, status, valid_on)
    where += notice_where
    args += notice_args
    figure: list[str] = []
    figure_args: list = []
    # unary + keeps the planner on the facts' key (notice, clause) rather than scanning every fact of a role
    if role:
        figure.append("+role = ?")
        figure_args.append(role)
    if minimum is not None or maximum is not None:
        figure.append("+kind = 'money' AND +value_num BETWEEN ? AND ?")
        figure_args += [float(minimum) if minimum is not None else float("-inf"),
                        float(maximum) if maximum is not None else float("inf")]
    if figure:
        where.append(f"EXISTS (SELECT 1 FROM facts WHERE notice = c.notice AND clause_ord = c.ord AND {' AND '.join(figure)})")
        args += figure_args
    return (" WHERE " + " AND ".join(where) if where else ""), args, figure, figure_args


TABLES = ("notices", "sources", "clauses", "facts", "terms", "units", "links")


def rows(conn: sqlite3.Connection, table: str) -> tuple[list[str], Iterator[tuple]]:
    """Column names and rows of one table, in key order (for exports)."""
    if table not in TABLES:
        raise StoreError(f"no table {table!r}", code="E_STORE", hint=f"one of {', '.join(TABLES)}",
                         zh=f"没有数据表 {table!r}", zh_hint=f"可选：{'、'.join(TABLES)}")
    cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
    return [d[0] for d in cursor.description], iter(cursor)
