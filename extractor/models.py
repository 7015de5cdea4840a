"""Typed records: the single source of the JSON Schemas in `schemas/`.

Every offset is a character offset into `Notice.text`, the text exactly as it
was decoded from the file (or extracted from the PDF), so any span can be
checked with `notice.text[span.start:span.end]`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from .version import PIPELINE_VERSION  # noqa: F401 - records carry it


class Record(BaseModel):
    """Shared base: unknown fields are errors, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(Record):
    """Where a value came from: characters [start, end) of `Notice.text`."""

    start: int = Field(ge=0, description="First character, offset into Notice.text.")
    end: int = Field(ge=0, description="One past the last character, offset into Notice.text.")
    page: int | None = Field(None, ge=1, description="PDF page (1-based) of the first character; null for text files.")


class Issue(Record):
    """A doubtful reading, recorded instead of raised (W_* codes are stable)."""

    code: str = Field(description="Stable code, e.g. W_ENCODING_GUESSED.")
    message: str = Field(description="What was noticed, for a person.")
    message_zh: str | None = Field(None, description="The same in Chinese (null in records written before it was kept).")
    span: Span | None = Field(None, description="Where it was noticed, if anywhere in particular.")


class Dropped(Record):
    """A stretch of the input that is not part of the notice (page furniture, navigation, ads)."""

    reason: str = Field(description="Why it was dropped, e.g. B_WEB_NAVIGATION, B_PAGE_NUMBER.")
    text: str = Field(description="The dropped text as it stood in the input.")
    span: Span | None = Field(None, description="Where it stood in Notice.text; null for PDF page furniture, removed before the text was built.")
    page: int | None = Field(None, ge=1, description="PDF page it stood on.")


SourceKind = Literal["text", "pdf", "html", "docx", "xlsx", "doc", "wps"]  # the formats of extractor.ingest.FORMATS


class SourceInfo(Record):
    """The input file behind a notice."""

    path: str = Field(description="Path as given on the command line.")
    file_name: str = Field(description="Base name of the file.")
    sha256: str = Field(description="SHA-256 of the file's bytes.")
    size: int = Field(ge=0, description="Size in bytes.")
    kind: SourceKind = Field(description="How the file was read, by its content, not its extension.")
    encoding: str | None = Field(None, description="Text encoding used to decode a text file.")
    pages: int | None = Field(None, description="Number of pages of a PDF.")
    page_starts: list[int] = Field(default_factory=list, description="Offset in Notice.text where each PDF page begins.")
    container: dict = Field(default_factory=dict, description=(
        "What the file says of itself outside the notice text: a page's title, its 索引号/发文字号 box "
        "(index_number, doc_number, issuer, published…), its date and attachment links; a Word file's properties."))
    engine: str | None = Field(
        None, description="PDF text engine used: pdfium, pdfplumber, or pdfium+pdfplumber when some pages needed layout.")


class Stacking(Record):
    """How this policy combines with others that cover the same thing."""

    raw: str = Field(description="The principle as printed, e.g. 从优、就高、不重复.")
    principles: list[Literal["从优", "就高", "不重复"]] = Field(description="The recognised principles.")


class ApplicationWindow(Record):
    """When applications are taken (申报时间, 受理时间, 申报截止, 于…前提交): not the policy's own validity."""

    date_from: dt.date | None = Field(None, description="First day applications are taken; null when open (截止…前).")
    date_to: dt.date | None = Field(None, description="Last day applications are taken; null when open (…起).")
    raw: str = Field(description="The window as printed (2024年6月1日至6月30日, 5月31日前); a day without a year takes the notice's.")


class Metadata(Record):
    """What a notice says about itself."""

    title: str | None = Field(None, description="Title as printed, lines joined.")
    issuers: list[str] = Field(default_factory=list, description="Issuing bodies, in printed order.")
    doc_number: str | None = Field(None, description="Document number (文号), e.g. 晋政办发〔2023〕95号.")
    date: dt.date | None = Field(None, description="Date of the document (成文日期) from its signature.")
    published: dt.date | None = Field(None, description="Date a web page says it was posted, when no signature date is printed.")
    status: Literal["draft", "final"] = Field(description="draft for a 征求意见稿, else final.")
    comment_deadline: dt.date | None = Field(None, description="Last day for comments on a draft.")
    effective_from: dt.date | None = Field(None, description="First day in force (自…起施行).")
    effective_from_raw: str | None = Field(None, description="The start date as printed, also when it is a placeholder (2024年X月X日).")
    effective_until: dt.date | None = Field(None, description="Last day in force (有效期至…).")
    validity_years: int | None = Field(None, description="Validity in years (有效期3年).")
    applicable_subjects: list[str] = Field(default_factory=list, description="Who may apply (适用主体), each as printed.")
    stacking: Stacking | None = Field(None, description="Stacking principle across policies (从优、就高、不重复).")
    interpreter: str | None = Field(None, description="Body that interprets the policy (由…负责解释).")
    attachments: list[str] = Field(default_factory=list, description="Attachments named after 附件.")
    application_window: ApplicationWindow | None = Field(
        None, description="When applications are taken, as an application notice (申报通知, 申报指南) prints it.")
    materials: list[str] = Field(default_factory=list, description=(
        "Materials to hand in (申报材料, 需提交的材料, 提交以下材料), one entry per item as printed, numbering dropped."))
    sources: dict[str, Span] = Field(default_factory=dict, description="Where each filled field was read, by field name.")


ClauseStyle = Literal[
    "chapter", "section", "article", "cn", "cn_enum", "paren_cn", "arabic", "paren_arabic", "circled", "table",
    "lead", "closing", "paragraph",
]


class Heading(Record):
    """A numbered heading whose body is only its children (not a clause itself)."""

    path: str = Field(description="Numbering path, parts joined by '/'.")
    label: str = Field(description="The number as printed, e.g. 一、 or （一）.")
    style: ClauseStyle = Field(description="Numbering style of the label.")
    title: str = Field(description="Heading text after the label.")
    span: Span = Field(description="Where the heading line stands.")


FactRole = Literal["award", "cap", "threshold", "budget", "other", "duration"]


class Fact(Record):
    """One figure printed in a clause: a sum of money, a rate or a quantity, with its role."""

    kind: Literal["money", "rate", "quantity"] = Field(description="What the figure is.")
    role: FactRole = Field(
        description="award (paid), cap (upper limit), threshold (condition or step), budget (fund, programme, "
                    "target), other; quantities: threshold, cap or duration.")
    value: Decimal = Field(description="Yuan for money, a plain multiplier for rates (5% → 0.05), a count for quantities.")
    unit: str = Field(description="元 for money, ratio for rates, the counted unit for quantities (人, 年, 平方米…).")
    raw: str = Field(description="The figure as printed, with its unit (30万元, 百分之五, 1:1.5, 三年).")
    span: Span = Field(description="Where the figure is printed.")
    direction: Literal["upper", "lower"] | None = Field(
        None, description="upper for a cap (不超过, 最高), lower for a threshold (以上, 达到, 不低于).")
    inclusive: bool | None = Field(None, description="Whether the bound itself qualifies (以上/不超过: yes; 超过/低于: no).")
    per: list[str] = Field(default_factory=list, description="Per-unit words: 每人…/年 gives [人, 年].")
    range_id: int | None = Field(None, description="Both ends of one printed range (30-100万元) share this id.")
    bound: Literal["lower", "upper"] | None = Field(None, description="Which end of its range the figure is.")
    rule: str = Field("", description="The rule that gave the role (cap.before, threshold.after, award.verb, "
                                       "award.default …): a wrong role points at its rule.")
    cues: list[str] = Field(default_factory=list, description="The cue words the rule read (最高, 以上, 给予).")


# Terms: the computable rules of the labeling SPEC, shared by the gold files, the records and the calculator.

def _exact_number(value: Any, info: ValidationInfo) -> Any:
    """Let through ints and Decimals: a float has already lost digits.

    Records written by pydantic carry Decimals as strings, which read back exactly; a gold file
    (validated with context {"json_numbers": True}) must hold JSON numbers, so a string there is refused.
    """
    if isinstance(value, str) and not (info.context or {}).get("json_numbers"):
        try:
            return Decimal(value)
        except ArithmeticError as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"expected a JSON number read as int or Decimal, got {type(value).__name__} {value!r}")
    return value


Number = Annotated[Decimal, BeforeValidator(_exact_number)]
Amount = Annotated[Number, Field(ge=0)]
Role = Literal["award", "cap", "threshold", "budget", "other"]
QuantityRole = Literal["award", "cap", "threshold", "budget", "other", "duration"]
CapPer = Literal["year", "applicant", "item", "total"]

When = Annotated[str, Field(description="Words of the clause telling to whom or to what the term applies.")]
Years = Annotated[Number | None, Field(description="Paid over so many years, when the text says so.")]
CapPerField = Annotated[CapPer | None, Field(description="What the cap is counted per: year, applicant, item or total.")]
Cap = Annotated[Amount | None, Field(description="Upper limit in yuan.")]
# What an extracted term carries beyond the SPEC (gold files leave these out): the rule that
# compiled it, the cue words it read, where its figures are printed, and the flags the
# calculator needs to read the term alone.
RuleName = Annotated[str | None, Field(description="The rule that compiled the term (term.rate, term.per_unit …).")]
CueWords = Annotated[list[str] | None, Field(description="Cue words the rule read (按, 每, 最高, 分别).")]
SourceSpans = Annotated[list[Span] | None, Field(description="Where the term's figures are printed in Notice.text.")]
Ceiling = Annotated[bool | None, Field(description="The rate or sum is printed as a ceiling (不超过60%, 每案不高于5000元): "
                                                    "the result is a maximum.")]
Inclusive = Annotated[bool | None, Field(description="Whether reaching a threshold exactly qualifies "
                                                      "(以上/达到: yes; 超过/突破: no); null: yes.")]
PROVENANCE = ("rule", "cues", "spans")
CALCULATOR_FLAGS = ("ceiling", "rate_min", "inclusive")


class Tier(Record):
    """One step of a `tiers` term: the amount paid once base reaches the threshold."""

    threshold: Amount = Field(description="Base the applicant must reach, in yuan.")
    amount: Amount = Field(description="Sum paid at this tier, in yuan.")


class Bracket(Record):
    """One bracket of a progressive `brackets` term."""

    upto: Amount | None = Field(description="Upper end of the bracket in yuan; null for the last bracket.")
    rate: Amount = Field(description="Rate applied to the part of base inside the bracket.")


class FixedTerm(Record):
    """A fixed sum."""

    kind: Literal["fixed"] = Field("fixed", description="Term kind.")
    when: When
    amount: Amount = Field(description="The sum in yuan.")
    years: Years = None
    cap_per: CapPerField = None
    rule: RuleName = None
    cues: CueWords = None
    spans: SourceSpans = None


class RangeTerm(Record):
    """A sum decided case by case within a range (30-100万元)."""

    kind: Literal["range"] = Field("range", description="Term kind.")
    when: When
    min: Amount = Field(description="Lower end in yuan.")
    max: Amount = Field(description="Upper end in yuan.")
    years: Years = None
    cap_per: CapPerField = None
    rule: RuleName = None
    cues: CueWords = None
    spans: SourceSpans = None


class RateTerm(Record):
    """min(rate × base, cap), and 0 when base < threshold."""

    kind: Literal["rate"] = Field("rate", description="Term kind.")
    when: When
    rate: Amount = Field(description="The rate as a multiplier.")
    base: str = Field(description="What the rate applies to, as printed (交易额).")
    cap: Cap = None
    threshold: Amount | None = Field(None, description="Base below which nothing is paid, in yuan.")
    years: Years = None
    cap_per: CapPerField = None
    ceiling: Ceiling = None
    rate_min: Amount | None = Field(None, description="Lower end of a printed range of rates (10%-30% → 0.1).")
    inclusive: Inclusive = None
    rule: RuleName = None
    cues: CueWords = None
    spans: SourceSpans = None


class PerUnitTerm(Record):
    """amount × count (× years when per_year), then capped."""

    kind: Literal["per_unit"] = Field("per_unit", description="Term kind.")
    when: When
    amount: Amount = Field(description="Sum per unit in yuan.")
    per: str = Field(description="What is counted: 人, 案, 家, 件, 平方米 …")
    per_year: bool | None = Field(None, description="True when the amount is paid each year.")
    years: Years = None
    cap: Cap = None
    cap_per: CapPerField = None
    ceiling: Ceiling = None
    rule: RuleName = None
    cues: CueWords = None
    spans: SourceSpans = None


class StepTerm(Record):
    """initial + amount × floor((base − start) / step), 0 below start, then capped."""

    kind: Literal["step"] = Field("step", description="Term kind.")
    when: When
    amount: Amount = Field(description="Sum paid per step, in yuan.")
    step: Amount = Field(description="Size of one step of base, in yuan.")
    start: Amount | None = Field(None, description="Base where counting starts (default 0).")
    initial: Amount | None = Field(None, description="Sum paid on reaching start (default 0).")
    cap: Cap = None
    years: Years = None
    cap_per: CapPerField = None
    inclusive: Inclusive = None
    rule: RuleName = None
    cues: CueWords = None
    spans: SourceSpans = None


class TiersTerm(Record):
    """The amount of the highest threshold that base reaches."""

    kind: Literal["tiers"] = Field("tiers", description="Term kind.")
    when: When
    tiers: list[Tier] = Field(description="Thresholds and their amounts.")
    years: Years = None
    cap_per: CapPerField = None
    inclusive: Inclusive = None
    rule: RuleName = None
    cues: CueWords = None
    spans: SourceSpans = None


class BracketsTerm(Record):
    """Progressive: each rate applies to the part of base inside its bracket, then capped."""

    kind: Literal["brackets"] = Field("brackets", description="Term kind.")
    when: When
    brackets: list[Bracket] = Field(description="Brackets in ascending order; the last upto is null.")
    cap: Cap = None
    years: Years = None
    cap_per: CapPerField = None
    rule: RuleName = None
    cues: CueWords = None
    spans: SourceSpans = None


class CapOnlyTerm(Record):
    """Up to cap, no formula given."""

    kind: Literal["cap_only"] = Field("cap_only", description="Term kind.")
    when: When
    cap: Amount = Field(description="Upper limit in yuan.")
    years: Years = None
    cap_per: CapPerField = None
    rule: RuleName = None
    cues: CueWords = None
    spans: SourceSpans = None


class QualitativeTerm(Record):
    """No computable amount (一事一议, 给予相应奖励)."""

    kind: Literal["qualitative"] = Field("qualitative", description="Term kind.")
    when: When
    years: Years = None
    cap_per: CapPerField = None
    rule: RuleName = None
    cues: CueWords = None
    spans: SourceSpans = None


Term = Annotated[
    FixedTerm | RangeTerm | RateTerm | PerUnitTerm | StepTerm | TiersTerm | BracketsTerm | CapOnlyTerm | QualitativeTerm,
    Field(discriminator="kind"),
]


ConditionField = Literal["region", "applicant", "qualification", "holds", "founded", "age", "education", "revenue",
                         "employees", "rd_ratio", "amount", "quantity", "excluded", "window", "other"]


class Condition(Record):
    """One condition to qualify (申报条件, 支持对象), as the labeled conditions name them."""

    field: ConditionField = Field(description="What is asked of the applicant: region, applicant, qualification, revenue, window …")
    op: Literal["in", "has", "not", ">=", "<=", "between", "is"] = Field(description="How the value is compared.")
    value: str | None = Field(None, description="A place, kind, status or thing as printed (晋中市, 高新技术企业).")
    number: Decimal | None = Field(None, description="The figure to reach or stay under (yuan for money, a multiplier for rates).")
    unit: str | None = Field(None, description="Unit of the number: 元, ratio, 人, 年, 平方米 …")
    what: str | None = Field(None, description="For amount and quantity: the base as printed (实缴资本, 建筑面积).")
    date_from: dt.date | None = Field(None, description="For a window: its first day, null when open.")
    date_to: dt.date | None = Field(None, description="For a window: its last day, null when open.")
    quote: str = Field(description="The words that state the condition, as printed.")
    span: Span = Field(description="Where they are printed.")
    rule: str = Field(description="The rule that read it (region.registered, threshold.revenue, window.range …).")


class ConditionTree(Record):
    """Conditions joined by all (同时满足) or any (下列条件之一)."""

    logic: Literal["all", "any"] = Field(description="all: every item must hold; any: one is enough.")
    items: list[Condition | ConditionTree] = Field(default_factory=list, description="Conditions and nested groups.")


class Clause(Record):
    """The smallest numbered unit of a policy, or a lead/closing paragraph."""

    path: str = Field(description="Numbering path as the gold SPEC names it: 一/（一）, 第四条, 二/lead.")
    label: str | None = Field(None, description="The number as printed (1. / （一） / 第一条); null for lead and closing paragraphs.")
    style: ClauseStyle = Field(description="Numbering style, or lead/closing/paragraph.")
    number: int | None = Field(None, description="The label's number (（十四） → 14).")
    parent: str | None = Field(None, description="Path of the enclosing heading, null at the top.")
    depth: int = Field(ge=0, description="Number of enclosing headings.")
    heading: str | None = Field(None, description="Short heading of the clause (科创团队和企业入驻全流程服务).")
    text: str = Field(description="Clause text as printed, label and heading included; paragraphs joined by newlines.")
    span: Span = Field(description="From the label to the end of the clause's last paragraph.")
    units: list[str] = Field(default_factory=list, description="Responsible units (责任单位), in printed order.")
    lead_units: list[str] = Field(default_factory=list, description="Lead units (牵头单位), in printed order.")
    unit_spans: list[Span] = Field(default_factory=list, description="Where each responsible or lead unit was printed.")
    sentences: list[Span] = Field(default_factory=list, description="Sentence spans of the clause body.")
    facts: list[Fact] = Field(default_factory=list, description="Figures printed in the clause, in printed order.")
    terms: list[Term] = Field(default_factory=list, description="The clause's support measures as computable rules.")
    conditions: ConditionTree | None = Field(None, description="Conditions to qualify stated in the clause, null when none.")


class TraceStep(Record):
    """One step of a calculation, in words a reader checks against the notice."""

    model_config = ConfigDict(defer_build=True)  # built when first used: reading a notice needs none

    what: str = Field(description="The step: formula with its numbers, the cap or threshold that applied.")
    value: Decimal | None = Field(None, description="The value the step arrives at, in yuan (or years).")


class CalcResult(Record):
    """What one term pays for given inputs, and why."""

    model_config = ConfigDict(defer_build=True)  # built when first used: reading a notice needs none

    doc: str = Field(description="Notice id.")
    path: str = Field(description="Clause path.")
    term: Term = Field(description="The term evaluated.")
    kind: Literal["amount", "bound", "not_computable"] = Field(
        description="amount: exactly this; bound: up to max (from min); not_computable: see reason.")
    amount: Decimal | None = Field(None, description="The sum in yuan, rounded half up to the fen.")
    min: Decimal | None = Field(None, description="Lower end of a bound, in yuan.")
    max: Decimal | None = Field(None, description="Upper end of a bound, in yuan.")
    reason: str | None = Field(None, description="Why no amount can be computed.")
    trace: list[TraceStep] = Field(description="How the result was reached, step by step.")
    source_text: str = Field(description="The clause text the term comes from.")
    source: Span | None = Field(None, description="Where the clause stands in the notice.")


class SubDocument(Record):
    """One policy of a notice; a bundle notice carries several."""

    kind: Literal["policy", "cover", "attachment"] = Field(
        "policy", description="policy; cover: rule paragraphs of the covering notice outside every policy; "
                              "attachment: numbered clauses of an attachment (附件1) printed after a policy.")
    title: str | None = Field(None, description="Title of the policy as printed.")
    short_title: str | None = Field(None, description="Title without the part shared by its siblings; first path part in a bundle.")
    span: Span = Field(description="From the title (or first clause) to the end of the last clause.")
    headings: list[Heading] = Field(default_factory=list, description="Numbered headings above the clauses.")
    clauses: list[Clause] = Field(default_factory=list, description="Clauses in document order.")


class Notice(Record):
    """One ingested notice: where it came from, what it says about itself, and its clauses."""

    id: str = Field(description="Document id: the file's stem.")
    pipeline_version: str = Field(PIPELINE_VERSION, description="Version of the reading pipeline.")
    source: SourceInfo = Field(description="The file behind the notice.")
    metadata: Metadata = Field(description="What the notice says about itself.")
    subdocuments: list[SubDocument] = Field(description="The policies of the notice (several for a bundle).")
    dropped: list[Dropped] = Field(default_factory=list, description="Text that is not part of the notice, with why.")
    issues: list[Issue] = Field(default_factory=list, description="Doubtful readings (W_* codes).")
    text: str = Field(description="The full text as decoded or extracted; all spans index into it.")

    def clauses(self) -> list[Clause]:
        """All clauses of all sub-documents, in document order."""
        return [clause for sub in self.subdocuments for clause in sub.clauses]


class FailedDocument(Record):
    """A document that could not be read, as written to errors.jsonl."""

    model_config = ConfigDict(defer_build=True)  # built when first used: reading a notice needs none

    file: str = Field(description="Path of the input.")
    sha256: str | None = Field(None, description="SHA-256 of the input, when it could be read.")
    error_code: str = Field(description="Stable error code, e.g. E_PDF_ENCRYPTED.")
    message: str = Field(description="What went wrong.")
    hint: str | None = Field(None, description="What to do about it.")
    message_zh: str | None = Field(None, description="What went wrong, in Chinese (null where no Chinese was written).")
    hint_zh: str | None = Field(None, description="What to do about it, in Chinese.")
    cause: str | None = Field(None, description="Library exception behind the error.")
    stage: str = Field(description="Stage that failed: ingest, segment, worker, output.")
    elapsed: float = Field(ge=0, description="Seconds spent on the document.")


DiffStatus = Literal["unchanged", "renumbered", "moved", "modified", "added", "removed", "merged", "split"]


class FieldChange(Record):
    """One figure, unit, term or wording that differs between two paired clauses."""

    model_config = ConfigDict(defer_build=True)  # built when first used: reading a notice needs none

    field: Literal["money", "rate", "quantity", "unit", "term", "text"] = Field(description="What changed.")
    role: str | None = Field(None, description="Role of the figure (award, cap, threshold, budget, other, duration).")
    old: Decimal | str | None = Field(None, description="Old value (yuan, multiplier, count, name, kind or words); null when added.")
    new: Decimal | str | None = Field(None, description="New value; null when removed.")
    when: str | None = Field(None, description=(
        "Words saying which item the figure belongs to: the `when` of the term that holds it (国家级 …), "
        "on the new side, else the old; null when no term holds it."))


class ClauseChange(Record):
    """How one clause of the old notice became one of the new (or was added, removed, merged, split)."""

    model_config = ConfigDict(defer_build=True)  # built when first used: reading a notice needs none

    old_path: str | None = Field(description="Path in the old notice; null for an added clause.")
    new_path: str | None = Field(description="Path in the new notice; null for a removed clause.")
    old_heading: str | None = Field(None, description="Heading of the old clause (its short title, else its first words).")
    new_heading: str | None = Field(None, description="Heading of the new clause.")
    status: DiffStatus = Field(description="unchanged, renumbered, moved, modified, added, removed, merged or split.")
    changes: list[FieldChange] = Field(default_factory=list, description="Field-level changes of a modified pair.")
    old_text: str | None = Field(None, description="Old clause text as printed (for redlines; not in the JSON report).")
    new_text: str | None = Field(None, description="New clause text as printed (for redlines; not in the JSON report).")


class MetadataChange(Record):
    """A difference in what the notices say about themselves."""

    model_config = ConfigDict(defer_build=True)  # built when first used: reading a notice needs none

    field: str = Field(description="Metadata field: status, doc_number, date, effective_from, stacking…")
    old: str | None = Field(None, description="Old value as text (dates ISO).")
    new: str | None = Field(None, description="New value as text.")


class DiffInput(Record):
    """One of the two files compared, as it was read."""

    model_config = ConfigDict(defer_build=True)  # built when first used: reading a notice needs none

    path: str = Field(description="Path as given (- for standard input).")
    sha256: str = Field(description="SHA-256 of the file's bytes.")
    size: int = Field(ge=0, description="Size in bytes.")


class DiffReport(Record):
    """Two notices compared clause by clause and figure by figure."""

    model_config = ConfigDict(defer_build=True)  # built when first used: reading a notice needs none

    old: str = Field(description="Id of the old notice.")
    new: str = Field(description="Id of the new notice.")
    old_title: str | None = Field(None, description="Title of the old notice.")
    new_title: str | None = Field(None, description="Title of the new notice.")
    metadata_changes: list[MetadataChange] = Field(default_factory=list, description="Metadata that differs.")
    clauses: list[ClauseChange] = Field(description="Every clause of both notices, in the new notice's order.")
    old_input: DiffInput | None = Field(None, description="The old file as read.")
    new_input: DiffInput | None = Field(None, description="The new file as read.")
    generated: dt.datetime | None = Field(None, description="When the report was made (UTC); null for a comparison alone.")
    version: str = Field(PIPELINE_VERSION, description="Version of policyx that made the report.")
