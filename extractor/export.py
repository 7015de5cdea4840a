"""Flat exports of the store's tables: CSV, JSON Lines, Parquet; one row per fact, term, clause or notice.

Amounts stay exact: CSV writes them as the decimal text they are stored as, JSON Lines as JSON
numbers with the same digits, Parquet as decimal128(38, 16) (22 integer digits, 16 decimals: 三分之一
as a rate keeps its 16 places). `value_num`, the store's REAL copy for SQL filters, is left out.
Files are written to a temporary name and renamed, so a failed export leaves no half file.

    policyx export --table facts --to parquet -o facts.parquet
    python -c "import pandas; print(pandas.read_parquet('facts.parquet'))"
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

from .db import StoreError, rows
from .store import atomic_write_bytes

FORMATS = ("csv", "jsonl", "parquet")
DECIMAL_COLUMNS = {"facts": ("value",), "terms": ("amount", "cap", "rate")}
LEFT_OUT = {"facts": ("value_num",)}
INTEGER_COLUMNS = ("ord", "clause_ord", "start", "end", "page", "size", "validity_years", "clauses", "lead")


def export(conn: sqlite3.Connection, table: str, to: str, out: Path) -> int:
    """Write one table to `out` in the format `to`; return the number of rows."""
    payload, count = table_bytes(conn, table, to)
    atomic_write_bytes(out, payload)
    return count


def table_bytes(conn: sqlite3.Connection, table: str, to: str) -> tuple[bytes, int]:
    """One table as the bytes of a file in the format `to` (csv, jsonl, parquet), and its number of rows."""
    names, data = rows(conn, table)
    keep = [k for k, name in enumerate(names) if name not in LEFT_OUT.get(table, ())]
    columns = [names[k] for k in keep]
    records = [tuple(row[k] for k in keep) for row in data]
    decimals = {columns.index(name) for name in DECIMAL_COLUMNS.get(table, ()) if name in columns}
    if to == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(records)
        payload = buffer.getvalue().encode("utf-8")
    elif to == "jsonl":
        payload = "".join(_json_line(columns, record, decimals) for record in records).encode("utf-8")
    elif to == "parquet":
        payload = _parquet(columns, records, decimals)
    else:
        raise StoreError(f"no export format {to!r}", code="E_USAGE", hint=f"one of {', '.join(FORMATS)}",
                         zh=f"没有导出格式 {to!r}", zh_hint=f"可选：{'、'.join(FORMATS)}")
    return payload, len(records)


def _json_line(columns: list[str], record: tuple, decimals: set[int]) -> str:
    """One JSON object; a decimal column is written as a JSON number with exactly its stored digits."""
    values = {name: (f"\0{k}\0" if k in decimals and value is not None else value)
              for k, (name, value) in enumerate(zip(columns, record))}
    line = json.dumps(values, ensure_ascii=False)
    for k in decimals:  # a NUL never stands in stored text, so its escaped form marks only these places
        if record[k] is not None:
            line = line.replace(f'"\\u0000{k}\\u0000"', str(Decimal(record[k])))
    return line + "\n"


def _parquet(columns: list[str], records: list[tuple], decimals: set[int]) -> bytes:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StoreError("Parquet export needs pyarrow", code="E_USAGE",
                         hint="pip install 'policy-extractor[data]'", zh="导出 Parquet 需要 pyarrow",
                         zh_hint="pip install 'policy-extractor[data]'") from exc
    arrays = []
    for k, name in enumerate(columns):
        values = [record[k] for record in records]
        if k in decimals:
            arrays.append(pa.array([None if v is None else Decimal(v) for v in values], type=pa.decimal128(38, 16)))
        elif name in INTEGER_COLUMNS:
            arrays.append(pa.array(values, type=pa.int64()))
        else:
            arrays.append(pa.array(values, type=pa.string() if all(v is None or isinstance(v, str) for v in values) else None))
    sink = io.BytesIO()
    pq.write_table(pa.table(arrays, names=columns), sink)
    return sink.getvalue()
