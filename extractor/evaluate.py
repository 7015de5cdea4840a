"""Score predicted clauses against hand-labeled gold, as the SPEC's Scoring section says.

Clauses of the same document are paired by text: a predicted clause goes with
the gold clause whose whitespace-free text it overlaps most, when that overlap
covers at least half of the longer of the two. Pairs are taken one-to-one,
largest overlap first, so a clause whose best partner is already taken falls
back to its best free one (or stays unpaired).

*Overlap* is the number of characters in the matching blocks that difflib's
`SequenceMatcher` (Ratcliff/Obershelp, autojunk off) finds between the two
texts: a common subsequence, so it never exceeds the shorter text and survives
an insertion or a cut in the middle, which a longest common substring would not.

Within a pair, `money`, `rates` and `quantities` are compared as multisets of
(role, value) — a quantity's unit is not compared, as the SPEC says — and
`units` as a multiset of names. Everything in an unpaired clause is unmatched.
Predictions for documents without gold are not scored.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import Field, PlainSerializer, computed_field
from rich.console import Console
from rich.table import Table

from .gold import GoldClause
from .models import Record, Role
from .render.labels import say

FieldName = Literal["money", "rates", "quantities", "units"]
FIELDS: tuple[FieldName, ...] = get_args(FieldName)
ROLES: tuple[str, ...] = get_args(Role)
SCORE_KEYS = ("money", *(f"money/{role}" for role in ROLES), "rates", "quantities", "units", "overall")
DEFAULT_WORST = 10

Ratio = Annotated[Fraction | None, PlainSerializer(lambda r: None if r is None else round(float(r), 4), return_type=float | None)]


def _ratio(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


class FieldScore(Record):
    """Counts of one field; precision, recall and F1 are exact fractions (null when undefined)."""

    correct: int = Field(ge=0, description="Values found in both gold and prediction (true positives).")
    extra: int = Field(ge=0, description="Predicted values not in the gold (false positives).")
    missed: int = Field(ge=0, description="Gold values not predicted (false negatives).")

    @computed_field(description="correct / (correct + extra), rounded to 4 places in JSON; null when nothing was predicted.")
    @property
    def precision(self) -> Ratio:
        return _ratio(self.correct, self.correct + self.extra)

    @computed_field(description="correct / (correct + missed), rounded to 4 places in JSON; null when the gold is empty.")
    @property
    def recall(self) -> Ratio:
        return _ratio(self.correct, self.correct + self.missed)

    @computed_field(description="2·correct / (2·correct + extra + missed), rounded to 4 places in JSON; null when all are 0.")
    @property
    def f1(self) -> Ratio:
        return _ratio(2 * self.correct, 2 * self.correct + self.extra + self.missed)


class Pairing(Record):
    """How many clauses found a partner."""

    gold_clauses: int = Field(ge=0, description="Gold clauses scored.")
    predicted_clauses: int = Field(ge=0, description="Predicted clauses of the scored documents.")
    paired: int = Field(ge=0, description="Pairs made (pairing is one-to-one).")

    @computed_field(description="paired / gold_clauses, rounded to 4 places in JSON.")
    @property
    def gold_rate(self) -> Ratio:
        return _ratio(self.paired, self.gold_clauses)

    @computed_field(description="paired / predicted_clauses, rounded to 4 places in JSON.")
    @property
    def predicted_rate(self) -> Ratio:
        return _ratio(self.paired, self.predicted_clauses)


class ValueRef(Record):
    """One value counted as an error: its field, role and value as text."""

    field: FieldName = Field(description="money, rates, quantities or units.")
    role: str | None = Field(description="The value's role; null for units.")
    value: str = Field(description="The number in positional notation, or the unit's name.")
    rule: str | None = Field(None, description="The rule that read the predicted figure (for a missed value: the "
                                               "rule that read the same number with another role), if any.")


class ClauseErrors(Record):
    """The errors of one pair, or of an unpaired gold or predicted clause."""

    doc: str = Field(description="Document id.")
    gold_path: str | None = Field(description="Path of the gold clause; null for an unpaired prediction.")
    predicted_path: str | None = Field(description="Path of the predicted clause; null for an unpaired gold clause.")
    overlap: int = Field(ge=0, description="Characters the two texts share (0 when unpaired).")
    false_positives: list[ValueRef] = Field(description="Predicted values the gold does not have (多报).")
    false_negatives: list[ValueRef] = Field(description="Gold values the prediction lacks (漏报).")

    @computed_field(description="false_positives + false_negatives.")
    @property
    def errors(self) -> int:
        return len(self.false_positives) + len(self.false_negatives)


class EvalReport(Record):
    """Scores of predictions against gold: per field, overall, pairing, and the worst clauses."""

    docs: list[str] = Field(description="Document ids scored, in order.")
    scores: dict[str, FieldScore] = Field(
        description="money, money/<role>, rates, quantities, units, and overall (micro over the four fields).")
    pairing: Pairing = Field(description="How many clauses found a partner.")
    worst: list[ClauseErrors] = Field(description="Clauses with errors, most errors first.")


@dataclass(frozen=True)
class ClausePair:
    """A gold clause and its predicted partner; one side is None when the other found no partner."""

    gold: GoldClause | None
    predicted: GoldClause | None
    overlap: int = 0


def squeeze(text: str) -> str:
    """The text without any whitespace, as clauses are matched.

    >>> squeeze("第一条 对 新认定的\\n企业\\u3000给予奖励")
    '第一条对新认定的企业给予奖励'
    """
    return "".join(text.split())


def text_overlap(gold_text: str, predicted_text: str) -> int:
    """Characters of the matching blocks of the two whitespace-free texts (see the module docstring).

    >>> text_overlap("给予 100 万元奖励", "给予100万元的奖励")
    9
    """
    return _blocks(squeeze(gold_text), squeeze(predicted_text))


def _blocks(a: str, b: str) -> int:
    return sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def pair_clauses(gold: list[GoldClause], predicted: list[GoldClause]) -> list[ClausePair]:
    """Pair the clauses of one document one-to-one, largest overlap first; unpaired ones come with None.

    Pairs and unpaired gold clauses come in gold order, unpaired predictions after them.
    """
    candidates = _candidates([squeeze(c.text) for c in gold], [squeeze(c.text) for c in predicted])
    gold_partner: dict[int, tuple[int, int]] = {}
    taken: set[int] = set()
    for _, _, gi, pi, size in sorted(candidates):
        if gi not in gold_partner and pi not in taken:
            gold_partner[gi] = (pi, size)
            taken.add(pi)
    pairs = [ClausePair(g, predicted[gold_partner[gi][0]], gold_partner[gi][1]) if gi in gold_partner else ClausePair(g, None)
             for gi, g in enumerate(gold)]
    return pairs + [ClausePair(None, p) for pi, p in enumerate(predicted) if pi not in taken]


def _candidates(gold_texts: list[str], predicted_texts: list[str]) -> list[tuple[int, int, int, int, int]]:
    """Every pair whose overlap reaches half of the longer text, as sort keys (-overlap, longer, gi, pi, overlap)."""
    predicted_chars = [Counter(text) for text in predicted_texts]
    out = []
    for gi, g in enumerate(gold_texts):
        g_chars = Counter(g)
        for pi, p in enumerate(predicted_texts):
            longer = max(len(g), len(p))
            # Shared characters bound the overlap from above: skip the matcher when even they fall short.
            if 2 * sum((g_chars & predicted_chars[pi]).values()) < longer:
                continue
            size = _blocks(g, p)
            if size and 2 * size >= longer:
                out.append((-size, longer, gi, pi, size))
    return out


def evaluate(gold: dict[str, list[GoldClause]], predicted: dict[str, list[GoldClause]],
             worst: int = DEFAULT_WORST) -> EvalReport:
    """Score predictions (doc id → clauses) against gold (doc id → clauses); keep the `worst` clauses with errors."""
    counts = {key: Counter() for key in SCORE_KEYS}
    clause_errors: list[ClauseErrors] = []
    pairing = Counter()
    for doc, gold_clauses in gold.items():
        predictions = predicted.get(doc, [])
        pairs = pair_clauses(gold_clauses, predictions)
        pairing.update(gold=len(gold_clauses), predicted=len(predictions),
                       paired=sum(1 for pair in pairs if pair.gold is not None and pair.predicted is not None))
        for pair in pairs:
            errors = _compare(doc, pair, counts)
            if errors.errors:
                clause_errors.append(errors)
    ranked = sorted(clause_errors, key=lambda errors: -errors.errors)  # stable: ties stay in document order
    return EvalReport(
        docs=list(gold),
        scores={key: FieldScore(correct=c["tp"], extra=c["fp"], missed=c["fn"]) for key, c in counts.items()},
        pairing=Pairing(gold_clauses=pairing["gold"], predicted_clauses=pairing["predicted"], paired=pairing["paired"]),
        worst=ranked[:worst],
    )


def clause_values(clause: GoldClause | None) -> dict[FieldName, Counter]:
    """The multisets compared per field: (role, value) for numbers, (None, name) for units."""
    if clause is None:
        return {name: Counter() for name in FIELDS}
    return {
        "money": Counter((m.role, m.yuan) for m in clause.money),
        "rates": Counter((r.role, r.value) for r in clause.rates),
        "quantities": Counter((q.role, q.value) for q in clause.quantities),
        "units": Counter((None, name) for name in clause.units),
    }


def _compare(doc: str, pair: ClausePair, counts: dict[str, Counter]) -> ClauseErrors:
    """Add the pair's counts to `counts` (per field, money per role, overall); return its FP and FN values."""
    gold, predicted = clause_values(pair.gold), clause_values(pair.predicted)
    false_positives, false_negatives = [], []
    for name in FIELDS:
        correct = gold[name] & predicted[name]
        extra, missed = predicted[name] - correct, gold[name] - correct
        for key in (name, "overall"):
            counts[key].update(tp=correct.total(), fp=extra.total(), fn=missed.total())
        if name == "money":
            for role in ROLES:
                counts[f"money/{role}"].update(tp=_of_role(correct, role), fp=_of_role(extra, role), fn=_of_role(missed, role))
        false_positives += _refs(name, extra)
        false_negatives += _refs(name, missed)
    return ClauseErrors(
        doc=doc,
        gold_path=pair.gold.path if pair.gold else None,
        predicted_path=pair.predicted.path if pair.predicted else None,
        overlap=pair.overlap,
        false_positives=false_positives,
        false_negatives=false_negatives,
    )


def _of_role(values: Counter, role: str) -> int:
    return sum(n for (value_role, _), n in values.items() if value_role == role)


def _refs(name: FieldName, values: Counter) -> list[ValueRef]:
    return [ValueRef(field=name, role=role, value=format(value, "f") if isinstance(value, Decimal) else value)
            for (role, value) in values.elements()]


@dataclass(frozen=True)
class CorpusEvaluation:
    """A scored corpus: the report, and the gold scenarios run on the terms scored."""

    report: EvalReport
    outcomes: list  # ScenarioOutcome, one per scenario of the gold files scored
    against: Literal["extracted", "other"]  # whose terms the scenarios ran on: the extractor's, another labeling's


def evaluate_corpus(gold: Path, docs: Path, *, worst: int = DEFAULT_WORST, predicted: Path | None = None,
                    progress: Callable[[int, int], None] | None = None) -> CorpusEvaluation:
    """Score the extractor on every notice of `docs` that `gold` labels (or, given `predicted`, that
    folder of gold-format files), and run the gold scenarios on the terms scored.

    `progress(done, total)` is called after each notice read. Raises GoldError for a gold file that
    does not parse or a notice that is missing, UsageError (E_NO_GOLD) for a folder without gold files.
    """
    from .errors import UsageError
    from .extract import notice_to_gold
    from .gold import find_notices, read_gold_dir
    from .pipeline import run
    from .scenarios import on_extracted_terms, on_other_labeling

    gold_docs = read_gold_dir(gold)
    if predicted is not None:
        other = read_gold_dir(predicted)
        gold_docs = {doc: clauses for doc, clauses in gold_docs.items() if doc in other}
        outcomes = [o for doc, clauses in gold_docs.items() for o in on_other_labeling(clauses, other[doc])]
        outcomes += [o for doc, clauses in gold_docs.items() for o in on_other_labeling(other[doc], clauses)]
        return CorpusEvaluation(evaluate(gold_docs, other, worst=worst), outcomes, "other")
    if not gold_docs:
        raise UsageError("no <doc>.jsonl gold files", path=gold, code="E_NO_GOLD", hint="pass --gold DIR",
                         zh="没有 <doc>.jsonl 标注文件", zh_hint="用 --gold 目录 指定")
    paths = find_notices(list(gold_docs), docs)
    read = {}
    for done, (doc, path) in enumerate(paths.items(), 1):
        read[doc] = run(path, doc_id=doc)
        if progress:
            progress(done, len(paths))
    predictions = {doc: notice_to_gold(notice) for doc, notice in read.items()}
    report = explain_misses(evaluate(gold_docs, predictions, worst=worst), read)
    outcomes = [o for doc, notice in read.items() for o in on_extracted_terms(gold_docs[doc], notice)]
    return CorpusEvaluation(report, outcomes, "extracted")


def evaluation_to_json(evaluation: CorpusEvaluation) -> str:
    """The report as JSON with the scenarios' pass count and failures (on the extractor's terms)."""
    import json

    if evaluation.against == "other":
        return report_to_json(evaluation.report)
    combined = json.loads(report_to_json(evaluation.report))
    outcomes = evaluation.outcomes
    combined["scenarios"] = {
        "passed": sum(o.passed for o in outcomes), "total": len(outcomes),
        "failures": [json.loads(o.model_dump_json()) for o in outcomes if not o.passed],
    }
    return json.dumps(combined, ensure_ascii=False, indent=2) + "\n"


def evaluation_to_table(evaluation: CorpusEvaluation) -> str:
    """The report's tables, then the scenarios that failed."""
    from .render.labels import say
    from .render.text import outcomes_to_table

    title = say("未通过的情景（在抽取的条款上计算）", "Scenarios failed (on the extracted terms)") \
        if evaluation.against == "extracted" else \
        say("未通过的情景（在另一份标注的条款上计算，双向）", "Scenarios failed (on the other labeling's terms, both ways)")
    return report_to_table(evaluation.report) + outcomes_to_table(evaluation.outcomes, title, only_failures=True)


def report_to_json(report: EvalReport) -> str:
    """The report as indented JSON (ratios rounded to 4 places; the counts are exact)."""
    return report.model_dump_json(indent=2) + "\n"


def report_to_table(report: EvalReport, width: int = 120) -> str:
    """The report as plain-text tables for a terminal: scores per field, pairing, then 最差条款."""
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False, markup=False)
    scores = Table(say("字段", "field"), say("精确率", "precision"), say("召回率", "recall"), "F1", say("正确", "correct"),
                   say("多报", "extra"), say("漏报", "missed"),
                   title=say(f"抽取评估（{len(report.docs)} 篇文档）", f"Extraction scored ({len(report.docs)} notices)"))
    for key, score in report.scores.items():
        scores.add_row(key, _show(score.precision), _show(score.recall), _show(score.f1),
                       str(score.correct), str(score.extra), str(score.missed), end_section=key in ("money/other", "units"))
    console.print(scores)
    p = report.pairing
    console.print(say(f"条款配对: 金标 {p.paired}/{p.gold_clauses} ({_show(p.gold_rate)})，"
                      f"预测 {p.paired}/{p.predicted_clauses} ({_show(p.predicted_rate)})",
                      f"clauses paired: gold {p.paired}/{p.gold_clauses} ({_show(p.gold_rate)}), "
                      f"predicted {p.paired}/{p.predicted_clauses} ({_show(p.predicted_rate)})"))
    if report.worst:
        worst = Table(say("文档", "notice"), say("金标条款", "gold clause"), say("预测条款", "predicted clause"),
                      say("错误", "errors"), say("多报", "extra"), say("漏报", "missed"), title=say("最差条款", "Worst clauses"))
        for e in report.worst:
            worst.add_row(e.doc, e.gold_path or "—", e.predicted_path or "—", str(e.errors),
                          _refs_text(e.false_positives), _refs_text(e.false_negatives))
        console.print(worst)
    return console.file.getvalue()


FACT_KIND = {"money": "money", "rates": "rate", "quantities": "quantity"}


def explain_misses(report: EvalReport, notices: dict) -> EvalReport:
    """The report with each wrong or missed figure of the worst clauses traced to the rule that read it.

    An extra value names the rule that gave it its role; a missed value names the rule that
    read the same number in the predicted clause with another role (a role error), or none
    (the figure was not read at all).
    """
    worst = []
    for errors in report.worst:
        notice = notices.get(errors.doc)
        clause = next((c for c in notice.clauses() if c.path == errors.predicted_path), None) if notice else None
        facts = clause.facts if clause else []

        def traced(ref: ValueRef, same_role: bool) -> ValueRef:
            kind = FACT_KIND.get(ref.field)
            found = [f for f in facts if f.kind == kind and format(f.value, "f") == ref.value
                     and (f.role == ref.role) is same_role]
            if not found:
                return ref
            fact = found[0]
            rule = fact.rule + (f" ← {'、'.join(fact.cues)}" if fact.cues else "")
            return ref.model_copy(update={"rule": rule if same_role else f"{fact.role} · {rule}"})

        worst.append(errors.model_copy(update={
            "false_positives": [traced(ref, True) for ref in errors.false_positives],
            "false_negatives": [traced(ref, False) for ref in errors.false_negatives],
        }))
    return report.model_copy(update={"worst": worst})


def _show(ratio: Fraction | None) -> str:
    return "—" if ratio is None else f"{float(ratio):.3f}"


def _refs_text(refs: list[ValueRef]) -> str:
    def one(ref: ValueRef) -> str:
        shown = f"{ref.field}/{ref.role} {ref.value}" if ref.role else f"{ref.field} {ref.value}"
        return f"{shown}〔{ref.rule}〕" if ref.rule else shown

    return "; ".join(one(ref) for ref in refs) or "—"
