"""Scoring eligibility conditions against hand-labeled ones (corpus/gold/conditions/README.md).

A condition is compared by its field and value, within one notice (the clause it stands in
is not compared: a condition of a 申报条件 section is labeled once for the notice). Places and
kinds count one by one; names match when one holds the other (首套住房 / 首次购买首套住房);
numbers match with their operator; windows by both ends.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from .models import Condition, ConditionTree, Notice

NAMED = ("region", "applicant", "qualification", "holds", "excluded", "education", "other")


def gold_leaves(path: Path) -> list[dict]:
    """Every leaf of every line of one gold file, places and kinds one per leaf."""
    leaves: list[dict] = []

    def walk(tree: dict) -> None:
        for item in tree.get("all", tree.get("any", [])):
            if "all" in item or "any" in item:
                walk(item)
            else:
                values = item["value"] if isinstance(item.get("value"), list) else [item.get("value")]
                leaves.extend({**item, "value": value} for value in values)

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            walk(json.loads(line).get("conditions") or {})
    return leaves


def notice_leaves(notice: Notice) -> list[dict]:
    """The notice's conditions in the gold files' shape."""
    leaves: list[dict] = []

    def walk(tree: ConditionTree) -> None:
        for item in tree.items:
            if isinstance(item, ConditionTree):
                walk(item)
                continue
            leaves.append(_as_gold(item))

    for sub in notice.subdocuments:
        for clause in sub.clauses:
            if clause.conditions:
                walk(clause.conditions)
    return leaves


def _as_gold(condition: Condition) -> dict:
    if condition.field == "window":
        value = {"from": _iso(condition.date_from), "to": _iso(condition.date_to)}
    elif condition.number is not None:
        value = condition.number
    else:
        value = condition.value
    return {"field": condition.field, "op": condition.op, "value": value, "quote": condition.quote}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def same(gold: dict, predicted: dict) -> bool:
    """Whether a predicted condition is the gold one."""
    if gold["field"] != predicted["field"]:
        return False
    g, p = gold.get("value"), predicted.get("value")
    if gold["field"] in NAMED:
        g, p = str(g or "").strip("“”"), str(p or "").strip("“”")
        return bool(g and p) and (g in p or p in g or _same_jurisdiction(g, p))
    if gold["field"] == "window":
        return isinstance(g, dict) and isinstance(p, dict) and g.get("from") == p.get("from") and g.get("to") == p.get("to")
    try:
        return Decimal(str(g)) == Decimal(str(p)) and gold.get("op") == predicted.get("op")
    except ArithmeticError:
        return False


def _same_jurisdiction(gold: str, predicted: str) -> bool:
    """本市/我县 read as the notice's own place: the labels name it (沈阳市), the text says 本市."""
    return len(predicted) == 2 and predicted[0] in "本我" and gold.endswith(predicted[1])


def score(gold: list[dict], predicted: list[dict]) -> Counter:
    """tp/fp/fn overall and per field (`tp:region` …), one-to-one greedy matching."""
    counts: Counter = Counter()
    left = list(predicted)
    for g in gold:
        hit = next((k for k, p in enumerate(left) if same(g, p)), None)
        if hit is None:
            counts["fn"] += 1
            counts[f"fn:{g['field']}"] += 1
        else:
            left.pop(hit)
            counts["tp"] += 1
            counts[f"tp:{g['field']}"] += 1
    for p in left:
        counts["fp"] += 1
        counts[f"fp:{p['field']}"] += 1
    return counts


def prf(counts: Counter, field: str | None = None) -> tuple[float, float, float]:
    suffix = f":{field}" if field else ""
    tp, fp, fn = counts[f"tp{suffix}"], counts[f"fp{suffix}"], counts[f"fn{suffix}"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def evaluate_conditions(gold_dir: Path, notices: dict[str, Notice]) -> tuple[Counter, dict[str, Counter]]:
    """Counts over every gold file whose notice was read, and per notice."""
    total: Counter = Counter()
    per_doc: dict[str, Counter] = {}
    for path in sorted(gold_dir.glob("*.jsonl")):
        if path.stem not in notices:
            continue
        per_doc[path.stem] = score(gold_leaves(path), notice_leaves(notices[path.stem]))
        total.update(per_doc[path.stem])
    return total, per_doc


def evaluate_condition_files(gold_dir: Path, docs_dirs: list[Path]) -> tuple[Counter, dict[str, Counter]]:
    """Read each gold file's notice from the first folder that holds it, and score its conditions."""
    from .errors import GoldError
    from .gold import find_notices
    from .pipeline import run

    notices = {}
    for path in sorted(gold_dir.glob("*.jsonl")):
        for folder in docs_dirs:
            try:
                notices[path.stem] = run(find_notices([path.stem], folder)[path.stem], doc_id=path.stem)
                break
            except GoldError:
                continue
        else:
            raise GoldError(f"no notice for condition gold file {path.name}", path=path,
                            hint="pass the folder that holds it with --docs",
                            zh=f"条件标注文件 {path.name} 没有对应的通知", zh_hint="请用 --docs 指定通知所在目录")
    return evaluate_conditions(gold_dir, notices)


def agreement(first_dir: Path, second_dir: Path) -> Counter:
    """Two labelers' leaves compared as gold and prediction, over the notices both labeled."""
    total: Counter = Counter()
    for path in sorted(second_dir.glob("*.jsonl")):
        other = first_dir / path.name
        if other.exists():
            total.update(score(gold_leaves(other), gold_leaves(path)))
    return total


def counts_to_table(counts: Counter) -> str:
    """Precision, recall and F1 per field and overall, with the counts, as aligned text."""
    from .render.labels import say

    header = (say("字段", "field"), say("精确率", "precision"), say("召回率", "recall"), "F1", say("正确", "correct"),
              say("多报", "extra"), say("漏报", "missed"))
    lines = [f"{header[0]:14s} {header[1]:>6s} {header[2]:>6s} {header[3]:>6s} {header[4]:>5s} {header[5]:>5s} {header[6]:>5s}"]
    for field in [*_fields(counts), None]:
        p, r, f = prf(counts, field)
        suffix = f":{field}" if field else ""
        lines.append(f"{field or 'overall':16s} {p:8.3f} {r:8.3f} {f:6.3f} {counts[f'tp{suffix}']:6d} "
                     f"{counts[f'fp{suffix}']:6d} {counts[f'fn{suffix}']:6d}")
    return "\n".join(lines)


def _fields(counts: Counter) -> list[str]:
    return sorted({key.split(":", 1)[1] for key in counts if ":" in key})


def counts_to_json(total: Counter, per_doc: dict[str, Counter] | None = None) -> str:
    """The scores as JSON: per field and overall, and per notice when given."""
    import json

    def scored(counts: Counter) -> dict:
        out = {}
        for field in [*_fields(counts), None]:
            p, r, f = prf(counts, field)
            suffix = f":{field}" if field else ""
            out[field or "overall"] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                                       "correct": counts[f"tp{suffix}"], "extra": counts[f"fp{suffix}"],
                                       "missed": counts[f"fn{suffix}"]}
        return out

    data = {"scores": scored(total)}
    if per_doc is not None:
        data["docs"] = {doc: scored(counts)["overall"] for doc, counts in per_doc.items()}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
