"""The `policyx` command: thin commands over the library.

Data goes to stdout, progress and messages to stderr. Exit codes: 0 success,
1 some documents failed (ingest) or the notices differ (diff), 2 a usage error
or a question that cannot be answered as asked, 65 a bad document or data file
(every document, for ingest), 66 no input found.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .errors import EX_DATAERR, NoInputError, PolicyxError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rendering it with rich costs more than the rest of start-up
    pretty_exceptions_enable=False,
    help="Read Chinese government support policies: clause trees, amounts, rules, diffs.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

DEFAULT_OUT = Path("outputs")


@app.callback()
def options(
    no_ocr: Annotated[bool, typer.Option("--no-ocr", help="Do not OCR scanned pages: refuse them (E_NO_TEXT_LAYER).")] = False,
    max_chars: Annotated[int | None, typer.Option(
        "--max-chars", min=1, metavar="N", help="Characters of text one notice may hold (default 10,000,000; E_TOO_LARGE).")] = None,
    max_clauses: Annotated[int | None, typer.Option(
        "--max-clauses", min=1, metavar="N", help="Clauses one notice may hold (default 20,000; E_TOO_MANY_CLAUSES).")] = None,
) -> None:
    """Read Chinese government support policies: clause trees, amounts, rules, diffs."""
    # read where the documents are read: in this process and in batch workers (their environment keeps POLICYX_*)
    if no_ocr:
        os.environ["POLICYX_NO_OCR"] = "1"
    if max_chars is not None:
        os.environ["POLICYX_MAX_CHARS"] = str(max_chars)
    if max_clauses is not None:
        os.environ["POLICYX_MAX_CLAUSES"] = str(max_clauses)


@contextmanager
def input_errors() -> Iterator[None]:
    """A PolicyxError becomes `ERROR [CODE] file: message (hint)` on stderr and the error's exit code."""
    try:
        yield
    except PolicyxError as exc:
        typer.echo(f"ERROR {exc}", err=True)
        raise typer.Exit(exc.exit_code) from exc


class Engine(StrEnum):
    """Where `policyx ingest` reads documents."""

    local = "local"
    dask = "dask"


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(
        help="Files or folders of notices (text, PDF, HTML, DOCX, DOC, WPS; sniffed by content).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the records and the dataset.")] = DEFAULT_OUT,
    force: Annotated[bool, typer.Option("--force", help="Re-read documents already done.")] = False,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Read again the documents that failed before (listed again unread by default).")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds allowed per document.")] = 120.0,
    memory_mb: Annotated[int, typer.Option("--memory-mb", help="Memory allowed per document, in MiB.")] = 2048,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Documents read in parallel (local engine).")] = 1,
    db: Annotated[Path | None, typer.Option("--db", help="The store to fill (default OUT/policyx.db).")] = None,
    engine: Annotated[Engine, typer.Option(
        help="local: worker processes on this machine; dask: the workers of a Dask cluster (needs --scheduler).")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS", help="The Dask scheduler, tcp://HOST:8786 (with --engine dask).")] = None,
) -> None:
    """Read notices into one JSON record each plus a JSONL dataset.

    Each document is read in a worker process under --timeout and --memory-mb;
    documents already done are skipped, documents that failed before are
    listed again without being read (--retry-failed reads them). Exit codes:
    0 all done, 1 some failed, 65 all failed, 66 no input found, 73 output
    folder not writable, 75 another run holds the output folder, 130
    interrupted (run again to resume), 69 the cluster cannot be used
    (--engine dask: not installed, scheduler unreachable, no workers).
    Failures are listed in OUT/errors.jsonl. With --engine dask the
    cluster's workers read the documents, this process writes every output.

    Example: policyx ingest corpus/ --out outputs/ [--engine dask --scheduler tcp://127.0.0.1:8786]
    """
    from .batch import ingest_paths

    if (engine is Engine.dask) != (scheduler is not None):
        raise typer.BadParameter("--engine dask and --scheduler ADDRESS go together", param_hint="--scheduler")
    if engine is Engine.dask:  # Dask's client logs each reconnection with a traceback; ingest reports a coded error
        os.environ.setdefault("DASK_LOGGING", '{"distributed.client": "critical"}')
    code = ingest_paths(paths, out=out, force=force, retry_failed=retry_failed, timeout=timeout, memory_mb=memory_mb,
                        jobs=jobs, db=db, scheduler=scheduler)
    raise typer.Exit(code)


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="A notice file (.txt or .pdf).")],
    text: Annotated[bool, typer.Option("--text", help="Print each clause's full text.")] = False,
    dropped: Annotated[bool, typer.Option("--dropped", help="Also list the text dropped as page furniture.")] = False,
    facts: Annotated[bool, typer.Option("--facts", help="Show each clause with its figures marked, and its terms.")] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="With --facts: the rule and cue words behind each role, 【30万元|上限 ← 最高 · cap.before】.")] = False,
) -> None:
    """Print the clause tree of one notice.

    Example: policyx show corpus/text/yq-draft-2024.txt --facts --explain
    """
    from .pipeline import run
    from .report import dropped_to_text, notice_to_facts, notice_to_tree

    with input_errors():
        notice = run(file)
    typer.echo(notice_to_facts(notice, explain) if facts or explain else notice_to_tree(notice, full_text=text))
    if dropped:
        typer.echo(dropped_to_text(notice))


class Format(StrEnum):
    """Output formats of `policyx extract`."""

    gold = "gold"
    json = "json"


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A notice file (.txt or .pdf), or - for standard input.")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="gold: one SPEC line per clause; json: the full record.")
    ] = Format.gold,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of standard output.")] = None,
) -> None:
    """Extract the figures, units and terms of every clause of one notice.

    Example: policyx extract corpus/text/yq-draft-2024.txt --format gold > yq.jsonl
    """
    from .extract import notice_to_gold
    from .gold import gold_to_jsonl
    from .pipeline import run, run_bytes
    from .store import atomic_write_text

    with input_errors():
        notice = run_bytes(sys.stdin.buffer.read()) if file == "-" else run(Path(file))
    text = gold_to_jsonl(notice_to_gold(notice)) if format is Format.gold else notice.model_dump_json(indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(out, text)


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the JSON Schemas.")] = Path("schemas"),
) -> None:
    """Write the JSON Schemas of the records.

    Example: policyx schema --out schemas/
    """
    from .schemas import write_schemas

    for path in write_schemas(out):
        typer.echo(str(path), err=True)


@app.command()
def calc(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A notice file (.txt or .pdf).")],
    clause: Annotated[str | None, typer.Option(help="Clause path, as policyx show prints it (四/15).")] = None,
    select: Annotated[str | None, typer.Option(help="Words picking one term of the clause (国家级 重点实验室).")] = None,
    base: Annotated[Decimal | None, typer.Option(help="Base in yuan (交易额, 投资额…).")] = None,
    count: Annotated[Decimal | None, typer.Option(help="People, cases or items.")] = None,
    years: Annotated[Decimal | None, typer.Option(help="Years asked for.")] = None,
    scenarios: Annotated[Path | None, typer.Option(exists=True, dir_okay=False, help="Run every scenario of this gold file.")] = None,
    on_gold: Annotated[bool, typer.Option("--on-gold", help="With --scenarios: use the gold file's own terms.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show the trace and the source text.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON (JSON Lines with --scenarios).")] = False,
) -> None:
    """How much a clause pays for given inputs, and why; or run a gold file's scenarios.

    Rounding: exact Decimal arithmetic, the final sum rounded half up to the fen.
    Exit codes: 0 answered, 2 a bad question (no such clause, a select matching
    no term or several, a negative input), 65 a bad file.

    Example: policyx calc corpus/text/yq-draft-2024.txt --clause 四/15 --select 交易额 --base 5000000 --explain
    """
    from .calculate import CalcError, calculate, make_inputs, select_term
    from .gold import dumps_exact, read_gold
    from .pipeline import run
    from .report import outcomes_to_table, result_to_text
    from .scenarios import on_extracted_terms, on_gold_terms, record_view

    with input_errors():
        notice = run(file)
        if scenarios is not None:
            gold = read_gold(scenarios)
            outcomes = on_gold_terms(gold) if on_gold else on_extracted_terms(gold, notice)
            if as_json:
                typer.echo("".join(dumps_exact(o.model_dump(exclude={"doc", "reason"})) + "\n" for o in outcomes), nl=False)
            else:
                typer.echo(outcomes_to_table(outcomes, f"情景（{'金标条款' if on_gold else '抽取条款'}）"), nl=False)
            return
        if clause is None or select is None:
            raise CalcError("give --clause and --select, or --scenarios", hint="see policyx calc --help")
        found = [c for c in notice.clauses() if c.path == clause]
        if not found:
            raise CalcError(f"no clause {clause!r} in {file}", hint="policyx show FILE lists the paths")
        view = record_view(notice, found[0])
        result = calculate(select_term(view, select), make_inputs(base, count, years), view)
    typer.echo(result.model_dump_json(indent=2) if as_json else result_to_text(result, explain))


class MatchFormat(StrEnum):
    """Output formats of `policyx match`."""

    text = "text"
    md = "md"
    html = "html"
    json = "json"


@app.command("match")
def match_command(
    profile: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Applicant profile (.yaml or .json).")],
    corpus: Annotated[list[Path], typer.Argument(help="Notice files or folders to match against.")],
    explain: Annotated[bool, typer.Option("--explain", help="Show each calculation's trace and the procedural steps.")] = False,
    format: Annotated[MatchFormat, typer.Option("--format", "-f", help="text, md, html or json.")] = MatchFormat.text,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="Judge validity and application windows on this day (default today).")] = None,
    include_drafts: Annotated[bool, typer.Option("--include-drafts", help="Match 征求意见稿 too.")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the report to this file.")] = None,
) -> None:
    """Which policies apply to an applicant, what it can get, what is missing, by when.

    Each matched clause is 符合, 不符合 (with the failed condition) or 待确认 (with the
    questions to ask); drafts, expired notices, other regions and other applicants are
    left out and listed with the reason; 从优/就高/不重复 is applied. Exit codes: 0
    answered, 2 a bad option, 65 a profile or notice that cannot be read, 66 no notices.

    Example: policyx match corpus/profiles/jz-tech-sme.yaml corpus/text/ --as-of 2026-12-03 --format html -o 匹配报告.html
    """
    from .batch import discover
    from .dates import parse_date
    from .match import match, read_profile
    from .match_report import match_to_html, match_to_markdown, match_to_text
    from .pipeline import run
    from .store import atomic_write_text

    day = None
    if as_of is not None:
        import datetime as dt

        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            day = parse_date(as_of)
        if day is None:
            raise typer.BadParameter(f"“{as_of}”不是日期（例如 2026-12-03）", param_hint="--as-of")
    with input_errors():
        applicant = read_profile(profile)
        files = discover(corpus)
        if not files:
            raise NoInputError("no notice files found", path=" ".join(map(str, corpus)))
        report = match(applicant, [run(path) for path in files], as_of=day, include_drafts=include_drafts)
    chosen = MatchFormat.json if as_json else format
    if chosen is MatchFormat.json:
        text = report.model_dump_json(indent=2)
    elif chosen is MatchFormat.md:
        text = match_to_markdown(report)
    elif chosen is MatchFormat.html:
        text = match_to_html(report)
    else:
        text = match_to_text(report, explain)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        atomic_write_text(out, text if text.endswith("\n") else text + "\n")


@app.command("profile")
def profile_command(
    file: Annotated[Path | None, typer.Argument(dir_okay=False, help="A profile to check (.yaml or .json).")] = None,
    show_template: Annotated[bool, typer.Option("--template", help="Print a commented profile template.")] = False,
    schema: Annotated[bool, typer.Option("--schema", help="Print the profile's JSON Schema.")] = False,
) -> None:
    """Write or check an applicant profile: a commented template, its JSON Schema, or the profile as read.

    Exit codes: 0 printed, 2 nothing asked, 65 a profile that cannot be read.

    Example: policyx profile --template > 档案.yaml
    """
    from .profile import profile_schema, read_profile, template

    if show_template:
        typer.echo(template(), nl=False)
    elif schema:
        typer.echo(json.dumps(profile_schema(), ensure_ascii=False, indent=2))
    elif file is not None:
        with input_errors():
            typer.echo(read_profile(file).model_dump_json(indent=2, exclude_defaults=True))
    else:
        raise typer.BadParameter("给出档案文件，或 --template / --schema", param_hint="FILE")


class DiffFormat(StrEnum):
    """Output formats of `policyx diff`."""

    md = "md"
    html = "html"
    json = "json"


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The old notice (draft, or the province's).")],
    new: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The new notice (final, or the city's).")],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="md, html or json.")] = DiffFormat.md,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the report to this file.")] = None,
) -> None:
    """Compare two notices clause by clause and figure by figure.

    Exit codes as diff(1): 0 the same, 1 different, 2 a usage error; 65 a file
    that cannot be read.

    Example: policyx diff corpus/text/yq-draft-2024.txt corpus/diffs/yq-final-2024.txt --format html -o report.html
    """
    from .diff import compare, differs
    from .diff_report import report_to_html, report_to_json, report_to_markdown
    from .pipeline import run
    from .store import atomic_write_text

    with input_errors():
        report = compare(run(old), run(new))
    render = {DiffFormat.md: report_to_markdown, DiffFormat.html: report_to_html, DiffFormat.json: report_to_json}[format]
    text = render(report)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        atomic_write_text(out, text)
    raise typer.Exit(1 if differs(report) else 0)


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option(
        exists=True, file_okay=False, help="Folder of <doc>.jsonl gold files.")] = Path("corpus/gold"),
    docs: Annotated[Path, typer.Option(
        exists=True, file_okay=False,
        help="Folder of the notices, <doc> with any readable suffix (.txt, .pdf, .html, .docx …).")] = Path("corpus/text"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON instead of tables.")] = False,
    worst: Annotated[int, typer.Option(min=0, help="How many clauses to list under 最差条款.")] = 10,
    predicted: Annotated[Path | None, typer.Option(
        exists=True, file_okay=False,
        help="Score this folder of gold-format files instead of the extractor (a second labeler, another tool).")] = None,
) -> None:
    """Score the extractor against the hand-labeled gold, per field and per clause.

    Reads the notice of each gold file, extracts it and compares money, rates,
    quantities and units clause by clause, as the labeling SPEC's Scoring
    section says. With --predicted, the files of that folder are scored
    instead (labeler agreement: one labeler's files against the other's, for
    the documents both labeled). Exit codes: 0 scored, 2 no gold files, 65 a
    gold file that does not parse or a notice that is missing or unreadable.

    Example: policyx eval --gold corpus/gold --docs corpus/text --worst 5
    """
    from .evaluate import evaluate, explain_misses, report_to_json, report_to_table
    from .extract import notice_to_gold
    from .gold import find_notices, read_gold_dir
    from .pipeline import run
    from .report import outcomes_to_table
    from .scenarios import on_extracted_terms, on_other_labeling

    with input_errors():
        gold_docs = read_gold_dir(gold)
        if predicted is not None:
            other = read_gold_dir(predicted)
            gold_docs = {doc: clauses for doc, clauses in gold_docs.items() if doc in other}
            report = evaluate(gold_docs, other, worst=worst)
            outcomes = [o for doc, clauses in gold_docs.items() for o in on_other_labeling(clauses, other[doc])]
            outcomes += [o for doc, clauses in gold_docs.items() for o in on_other_labeling(other[doc], clauses)]
            typer.echo(report_to_json(report) if as_json else report_to_table(report), nl=not as_json)
            if not as_json:
                typer.echo(outcomes_to_table(outcomes, "未通过的情景（在另一份标注的条款上计算，双向）", only_failures=True), nl=False)
            return
        read = {doc: run(path, doc_id=doc) for doc, path in find_notices(list(gold_docs), docs).items()}
        predictions = {doc: notice_to_gold(notice) for doc, notice in read.items()}
    if not gold_docs:
        typer.echo(f"ERROR {gold}: no <doc>.jsonl gold files (pass --gold)", err=True)
        raise typer.Exit(2)
    report = explain_misses(evaluate(gold_docs, predictions, worst=worst), read)
    outcomes = [o for doc, notice in read.items() for o in on_extracted_terms(gold_docs[doc], notice)]
    if as_json:
        combined = json.loads(report_to_json(report))
        combined["scenarios"] = {
            "passed": sum(o.passed for o in outcomes), "total": len(outcomes),
            "failures": [json.loads(o.model_dump_json()) for o in outcomes if not o.passed],
        }
        typer.echo(json.dumps(combined, ensure_ascii=False, indent=2))
    else:
        typer.echo(report_to_table(report), nl=False)
        typer.echo(outcomes_to_table(outcomes, "未通过的情景（在抽取的条款上计算）", only_failures=True), nl=False)


DEFAULT_DB = DEFAULT_OUT / "policyx.db"


def _amount(value: str | None, option: str) -> Decimal | None:
    """An amount option (500万, 1.2亿元, 30000); a usage error when it is none."""
    if value is None:
        return None
    from .extract.money import amount_of

    amount = amount_of(value)
    if amount is None:
        raise typer.BadParameter(f"{value!r} is no amount (write 500万, 1.2亿元 or 3000000)", param_hint=option)
    return amount


class SearchFormat(StrEnum):
    """Output formats of `policyx search`."""

    table = "table"
    json = "json"
    csv = "csv"


@app.command("eval-conditions")
def eval_conditions_command(
    gold: Annotated[Path, typer.Option(
        exists=True, file_okay=False, help="Folder of <doc>.jsonl condition gold files.")] = Path("corpus/gold/conditions"),
    docs: Annotated[list[Path] | None, typer.Option(
        exists=True, file_okay=False, metavar="DIR",
        help="Folder of the notices (repeatable; the first that holds a notice is read).")] = None,
    second: Annotated[Path | None, typer.Option(
        exists=True, file_okay=False, metavar="DIR",
        help="A second labeler's condition files: report the agreement of the two instead.")] = None,
) -> None:
    """Score the eligibility conditions read against hand-labeled ones, per field.

    The format is corpus/gold/conditions/README.md. Exit codes: 0 scored, 65 a
    gold file that does not parse or a notice that is missing or unreadable.

    Example: policyx eval-conditions --docs ../shared/realworld/docs --docs corpus/text
    """
    from .conditions_eval import agreement, counts_to_table, evaluate_condition_files, prf

    with input_errors():
        if second is not None:
            typer.echo(counts_to_table(agreement(gold, second)))
            return
        total, per_doc = evaluate_condition_files(gold, docs or [Path("corpus/text")])
    typer.echo(f"条件评估（{len(per_doc)} 篇文档）")
    typer.echo(counts_to_table(total))
    for doc, counts in per_doc.items():
        precision, recall, f1 = prf(counts)
        typer.echo(f"  {doc}: F1 {f1:.3f}（精确率 {precision:.3f}，召回率 {recall:.3f}）")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words the clause holds, any order (研发 补助); empty for all.")] = "",
    db: Annotated[Path, typer.Option("--db", help="The store policyx ingest wrote.")] = DEFAULT_DB,
    region: Annotated[str | None, typer.Option(help="Province, city or county, by name or code (浙江, 330100).")] = None,
    role: Annotated[str | None, typer.Option(help="A figure of this role: award, cap, threshold, budget, other.")] = None,
    minimum: Annotated[str | None, typer.Option("--min", metavar="AMOUNT", help="A sum of at least this (100万).")] = None,
    maximum: Annotated[str | None, typer.Option("--max", metavar="AMOUNT", help="A sum of at most this.")] = None,
    status: Annotated[str | None, typer.Option(help="draft or final.")] = None,
    valid_on: Annotated[str | None, typer.Option("--valid-on", metavar="DATE", help="In force on this day (2025-06-01).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many clauses.")] = 50,
    format: Annotated[SearchFormat, typer.Option("--format", "-f", help="table, json or csv.")] = SearchFormat.table,
) -> None:
    """Find clauses in the store by their words, region, status, validity and figures.

    Example: policyx search "研发 补助" --region 山西 --role cap --min 100万 --status final
    """
    from .db import connect
    from .db import search as find
    from .report import hits_to_csv, hits_to_json, hits_to_table

    low, high = _amount(minimum, "--min"), _amount(maximum, "--max")
    with input_errors():
        conn = connect(db, readonly=True)
        hits = find(conn, query, region=region, role=role, minimum=low, maximum=high, status=status,
                    valid_on=valid_on, limit=limit)
    render = {SearchFormat.table: hits_to_table, SearchFormat.json: hits_to_json, SearchFormat.csv: hits_to_csv}[format]
    sys.stdout.write(render(hits))


class ExportFormat(StrEnum):
    """Formats of `policyx export`."""

    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class ExportTable(StrEnum):
    """Tables of the store."""

    notices = "notices"
    sources = "sources"
    clauses = "clauses"
    facts = "facts"
    terms = "terms"
    units = "units"
    links = "links"


@app.command()
def export(
    to: Annotated[ExportFormat, typer.Option("--to", help="csv, jsonl or parquet.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write.")],
    table: Annotated[ExportTable, typer.Option("--table", help="facts, terms, clauses, notices, sources, units, links.")] = ExportTable.facts,
    db: Annotated[Path, typer.Option("--db", help="The store policyx ingest wrote.")] = DEFAULT_DB,
) -> None:
    """Write one table of the store as a flat file, one row per fact (term, clause, notice), amounts exact.

    Example: policyx export --table facts --to parquet -o facts.parquet
    """
    from .db import connect
    from .export import export as write

    with input_errors():
        count = write(connect(db, readonly=True), table.value, to.value, out)
    typer.echo(f"{out}: {count} 行（{table.value}）", err=True)


# Commands that read documents in this process are bounded as ingest's workers are: memory
# (address space) and wall time, from the environment, with the codes a worker gives.
GUARDED = frozenset({"show", "extract", "calc", "diff", "match", "eval", "profile"})
LIMITS = {"POLICYX_MEMORY_MB": 4096, "POLICYX_TIMEOUT": 900}  # MiB of address space, seconds of wall time
NOTICE_LIMITS = {"POLICYX_MAX_CHARS": 10_000_000, "POLICYX_MAX_CLAUSES": 20_000}  # read by pipeline.Limits


class _OutOfTime(BaseException):
    """Raised by the alarm; a BaseException, so no stage's `except Exception` swallows it."""


def _limits(limits: dict[str, int]) -> list[int]:
    """Limits from the environment; a value that is no positive number is a usage error."""
    values = []
    for name, default in limits.items():
        raw = os.environ.get(name, str(default))
        if not raw.isdigit() or int(raw) == 0:
            sys.stderr.write(f"ERROR {name}={raw!r}: give a positive whole number (default {default})\n")
            sys.exit(2)
        values.append(int(raw))
    return values


def _guard(memory_mb: int, seconds: int) -> None:
    import resource
    import signal

    limit = memory_mb << 20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))

    def out_of_time(signum, frame):
        raise _OutOfTime()

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(seconds)


def main() -> None:
    """Entry point of the console script."""
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
    memory_mb, seconds = LIMITS["POLICYX_MEMORY_MB"], LIMITS["POLICYX_TIMEOUT"]
    _limits(NOTICE_LIMITS)
    if command in GUARDED:
        memory_mb, seconds = _limits(LIMITS)
        _guard(memory_mb, seconds)
    try:
        app(prog_name="policyx")
    except MemoryError:
        sys.stderr.write(f"ERROR [E_RESOURCE_LIMIT] {command}: reading needed more than {memory_mb} MiB "
                         "(set POLICYX_MEMORY_MB to allow more)\n")
        sys.exit(EX_DATAERR)
    except _OutOfTime:
        sys.stderr.write(f"ERROR [E_TIMEOUT] {command}: still reading after {seconds} s "
                         "(set POLICYX_TIMEOUT to allow more)\n")
        sys.exit(EX_DATAERR)


if __name__ == "__main__":
    sys.exit(main())
