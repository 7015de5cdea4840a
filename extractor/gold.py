"""Hand-labeled clauses in the gold format (shared/labeling/SPEC.md, v1).

One JSON Lines file per document, one clause per line. The project reads gold
files to score itself and writes its predictions in the same format. Every
number is a `Decimal`: JSON is read with `parse_float=Decimal` (integers become
exact Decimals on validation) and written back as JSON numbers by a small
serializer of our own, so a value never passes through `float`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from .errors import GoldError
from .ingest import SUPPORTED_SUFFIXES
from .models import CALCULATOR_FLAGS, PROVENANCE, Amount, QuantityRole, Record, Role, Term

# A notice is looked up by its doc id with any suffix a loader reads: text and PDF first
# (the seed corpus keeps both), then the published formats (.html, .docx, .doc, .wps).
NOTICE_SUFFIXES = (".txt", ".pdf") + tuple(s for s in SUPPORTED_SUFFIXES if s not in (".txt", ".pdf"))


class GoldMoney(Record):
    """A money value of a clause, in yuan, with its role."""

    role: Role = Field(description="award, cap, threshold, budget or other.")
    yuan: Amount = Field(description="The sum in yuan.")


class GoldRate(Record):
    """A percentage, per-mille or matching ratio as a plain multiplier (5% → 0.05), with its role."""

    role: Role = Field(description="award, cap, threshold, budget or other.")
    value: Amount = Field(description="The rate as a multiplier: 5% → 0.05, 1:1.5 → 1.5.")


class GoldQuantity(Record):
    """A non-money number that limits an award (30 人, 3 年, 2000 平方米)."""

    role: QuantityRole = Field(description="threshold, cap or duration (or another role of the SPEC).")
    value: Amount = Field(description="The number.")
    unit: str = Field(description="The unit as printed, simplified: 人, 年, 平方米, 家, 个, 件, 月.")


class ScenarioInputs(Record):
    """What a worked example feeds the calculator."""

    base: Amount | None = Field(None, description="Base in yuan.")
    count: Amount | None = Field(None, description="People, cases or items counted.")
    years: Amount | None = Field(None, description="Years asked for.")


class ExpectedAmount(Record):
    """The sum is exactly `amount` yuan."""

    amount: Amount = Field(description="Expected sum in yuan.")


class ExpectedRange(Record):
    """The text gives only a bound (`max`) or a range (`min`, `max`)."""

    min: Amount | None = Field(None, description="Lower bound in yuan.")
    max: Amount = Field(description="Upper bound in yuan.")


class ExpectedNotComputable(Record):
    """The text gives no amount for this case."""

    not_computable: Literal[True] = Field(description="Always true.")


class Scenario(Record):
    """A worked example: the term picked by `select`, its inputs and the amount a person computes."""

    select: str = Field(description="Words, separated by spaces, that all occur in exactly one term's when or base.")
    inputs: ScenarioInputs = Field(description="base (yuan), count, years.")
    expected: ExpectedAmount | ExpectedRange | ExpectedNotComputable = Field(
        description="{amount}, {max}, {min, max} or {not_computable: true}.")


class GoldClause(Record):
    """One line of a gold file: a clause, its figures, terms and worked examples."""

    doc: str = Field(min_length=1, description="Document id, the file's stem.")
    path: str = Field(min_length=1, description="Numbering path as printed, parts joined by '/'.")
    text: str = Field(description="Clause text as printed; whitespace is ignored when matching.")
    money: list[GoldMoney] = Field(default_factory=list, description="Every money value, in yuan, with its role.")
    rates: list[GoldRate] = Field(default_factory=list, description="Every rate as a plain multiplier, with its role.")
    quantities: list[GoldQuantity] = Field(default_factory=list, description="Every non-money number limiting an award.")
    units: list[str] = Field(default_factory=list, description="Responsible units in printed order, each as printed.")
    terms: list[Term] = Field(default_factory=list, description="The support measures as computable rules.")
    scenarios: list[Scenario] = Field(default_factory=list, description="Worked examples with hand-computed amounts.")


def read_gold(path: Path) -> list[GoldClause]:
    """Read one gold JSONL file; raise GoldError naming file and line on a bad line or a repeated path."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"cannot read the gold file: {exc}", path=path, hint="give a UTF-8 JSONL file",
                        zh="标注文件无法读取", zh_hint="请给出 UTF-8 编码的 JSONL 文件") from exc
    return jsonl_to_gold(text, path)


def jsonl_to_gold(text: str, path: Path | str = "<string>") -> list[GoldClause]:
    """Gold clauses from JSON Lines text; `path` names the source in errors. Blank lines are skipped."""
    clauses: list[GoldClause] = []
    seen: dict[str, int] = {}
    # Split on newlines only: str.splitlines would also cut at U+2028 or U+0085 inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        clause = _line_to_clause(line, path, number)
        if clause.path in seen:
            raise GoldError(f"line {number}: path {clause.path!r} already given on line {seen[clause.path]}",
                            path=path, hint="each clause is listed once",
                            zh=f"第 {number} 行：条款 {clause.path!r} 已在第 {seen[clause.path]} 行给出",
                            zh_hint="每个条款只列一次")
        seen[clause.path] = number
        clauses.append(clause)
    return clauses


def _line_to_clause(line: str, path: Path | str, number: int) -> GoldClause:
    try:
        data = json.loads(line, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise GoldError(f"line {number}: not JSON ({exc.msg} at column {exc.colno})", path=path,
                        hint="one JSON object per line", zh=f"第 {number} 行不是 JSON（第 {exc.colno} 列）",
                        zh_hint="每行写一个 JSON 对象") from exc
    extras = sorted({name for term in (data.get("terms") or []) if isinstance(term, dict) for name in term
                     if name in (*PROVENANCE, *CALCULATOR_FLAGS)})
    if extras:
        raise GoldError(f"line {number}: terms carry {', '.join(extras)}, which the gold format does not have", path=path,
                        hint="write gold with `policyx extract --format gold`; a record's provenance stays in the record",
                        zh=f"第 {number} 行：条目带有 {'、'.join(extras)}，标注格式没有这些字段",
                        zh_hint="请用 policyx extract --format gold 生成标注；出处信息只留在记录中")
    try:
        return GoldClause.model_validate(data, context={"json_numbers": True})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()[:5])
        raise GoldError(f"line {number}: {problems}", path=path, hint="see shared/labeling/SPEC.md",
                        zh=f"第 {number} 行不符合标注格式：{problems}", zh_hint="见 shared/labeling/SPEC.md") from exc


def read_gold_dir(directory: Path) -> dict[str, list[GoldClause]]:
    """Read every `<doc>.jsonl` of a folder into doc id → clauses; every line's doc must be the file's stem."""
    docs = {}
    for path in sorted(Path(directory).glob("*.jsonl")):
        clauses = read_gold(path)
        for clause in clauses:
            if clause.doc != path.stem:
                raise GoldError(f"clause {clause.path!r} has doc {clause.doc!r}", path=path,
                                hint=f"doc is the file's stem, {path.stem!r}",
                                zh=f"条款 {clause.path!r} 的 doc 是 {clause.doc!r}，与文件名不符",
                                zh_hint=f"doc 应为文件名（不含扩展名）{path.stem!r}")
        docs[path.stem] = clauses
    return docs


def find_notices(doc_ids: list[str], docs_dir: Path) -> dict[str, Path]:
    """The notice file of each doc id in `docs_dir` (`.txt`, then `.pdf`, then any readable suffix); raise GoldError when one is missing."""
    found = {}
    for doc_id in doc_ids:
        candidates = [Path(docs_dir) / f"{doc_id}{suffix}" for suffix in NOTICE_SUFFIXES]
        existing = [path for path in candidates if path.is_file()]
        if not existing:
            raise GoldError(f"no notice for gold file {doc_id}.jsonl", path=candidates[0],
                            hint=f"put {doc_id}.txt (or .pdf, .html, .docx, .doc, .wps) in {docs_dir}, or pass --docs",
                            zh=f"标注文件 {doc_id}.jsonl 没有对应的通知",
                            zh_hint=f"请把 {doc_id}.txt（或 .pdf、.html、.docx、.doc、.wps）放进 {docs_dir}，或用 --docs 指定")
        found[doc_id] = existing[0]
    return found


def gold_to_jsonl(clauses: list[GoldClause]) -> str:
    """Gold clauses as JSON Lines: one compact object per line, keys in SPEC order, numbers exact."""
    return "".join(dumps_exact(_to_plain(clause)) + "\n" for clause in clauses)


def _to_plain(value: Any) -> Any:
    """Models to dicts in field order, leaving out optional fields that are unset; Decimals stay Decimals."""
    if isinstance(value, BaseModel):
        items = ((name, getattr(value, name), info) for name, info in type(value).model_fields.items())
        return {name: _to_plain(item) for name, item, info in items if item is not None or info.is_required()}
    if isinstance(value, list):
        return [_to_plain(item) for item in value]
    return value


def dumps_exact(value: Any) -> str:
    """Compact JSON text of plain values; a Decimal is written as a JSON number in positional notation.

    >>> dumps_exact({"yuan": Decimal("1E+5"), "rate": Decimal("0.050"), "upto": None, "ok": True})
    '{"yuan":100000,"rate":0.050,"upto":null,"ok":true}'
    """
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(key, ensure_ascii=False)}:{dumps_exact(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dumps_exact(item) for item in value) + "]"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        raise TypeError(f"float {value!r} in a gold record: numbers must be Decimal")
    return json.dumps(value, ensure_ascii=False)
