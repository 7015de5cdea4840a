"""The commands of `policyx`, each a few lines over one library function (extractor/api.py lists them).

Data goes to standard output or to `-o FILE` (written atomically), progress and messages to
standard error. Exit codes: 0 success, 1 some documents failed (ingest) or the notices differ
(diff), 2 a usage error, a question that cannot be answered as asked, or a report that cannot be
written (E_OUTPUT_UNWRITABLE), 65 a bad document or data file, 66 no input found; ingest also
has 69, 73, 74, 75 and 130 (its help says when).
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .frame import SETTINGS, Command, Group, T, amount_option, date_option, emit, note, note_issues, notice_argument, \
    number_option, refuse_stdin, write_report
from .lazy import LazyTyper

app = LazyTyper(
    cls=Group,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rendering it with rich costs more than the rest of start-up
    pretty_exceptions_enable=False,
    help=T("读取中国政府扶持政策：条款树、金额、规则、对比、匹配。\n\n示例：policyx show corpus/text/yq-draft-2024.txt",
           "Read Chinese government support policies: clause trees, amounts, rules, diffs, matches.\n\n"
           "Example: policyx show corpus/text/yq-draft-2024.txt"),
    context_settings={"help_option_names": ["-h", "--help"]},
)
command = app.command

DEFAULT_OUT = Path("outputs")
DEFAULT_DB = DEFAULT_OUT / "policyx.db"

Out = Annotated[Path | None, typer.Option(
    "--out", "-o", metavar="FILE",
        help=T("把结果原子地写入该文件（- 为标准输出）。",
               "Write the result to this file, atomically (- for standard output)."))]
DocId = Annotated[str | None, typer.Option(
    "--id", metavar="ID",
        help=T("通知的编号（默认文件名；读标准输入时为 stdin）。",
               "Id of the notice (default: the file's stem; stdin for standard input).")
)]
Notice = Annotated[str, typer.Argument(
    metavar="FILE",
        help=T("通知文件（文本、PDF、网页、Word），或 - 读标准输入。",
               "A notice file (text, PDF, web page, Word), or - for standard input."))]
JsonAlias = Annotated[bool, typer.Option("--json", hidden=True, help="--format json")]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        from ..version import PIPELINE_VERSION

        try:
            package = version("policy-extractor")
        except PackageNotFoundError:
            package = PIPELINE_VERSION
        typer.echo(f"policyx {package} (pipeline {PIPELINE_VERSION})")
        raise typer.Exit(0)


@app.callback()
def options(
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_version,
                                          help=T("显示版本并退出。", "Show the version and exit."))] = False,
    no_ocr: Annotated[bool, typer.Option("--no-ocr", help=T(
        "不对扫描页做文字识别，直接拒绝（E_NO_TEXT_LAYER）。",
        "Do not OCR scanned pages: refuse them (E_NO_TEXT_LAYER)."))] = False,
    max_chars: Annotated[int | None, typer.Option("--max-chars", min=1, metavar="N", help=T(
        "一份通知最多的字符数（默认 10,000,000；E_TOO_LARGE）。",
        "Characters of text one notice may hold (default 10,000,000; E_TOO_LARGE)."))] = None,
    max_clauses: Annotated[int | None, typer.Option("--max-clauses", min=1, metavar="N", help=T(
        "一份通知最多的条款数（默认 20,000；E_TOO_MANY_CLAUSES）。",
        "Clauses one notice may hold (default 20,000; E_TOO_MANY_CLAUSES)."))] = None,
) -> None:
    """Options of every command."""
    # read where the documents are read: in this process and in batch workers (their environment keeps POLICYX_*)
    if no_ocr:
        os.environ["POLICYX_NO_OCR"] = "1"
    if max_chars is not None:
        os.environ["POLICYX_MAX_CHARS"] = str(max_chars)
    if max_clauses is not None:
        os.environ["POLICYX_MAX_CLAUSES"] = str(max_clauses)


class Engine(StrEnum):
    """Where `policyx ingest` reads documents."""

    local = "local"
    dask = "dask"


@command(cls=Command, help=T(
    """把通知读成每份一个 JSON 记录，外加 JSONL 数据集和数据库。

    每份文件在独立的进程里读，受 --timeout 和 --memory-mb 限制；已读过的跳过，以前失败的
    只列出不重读（--retry-failed 重读）。终端上显示进度条，管道或 CI 中每 50 份或每 10 秒一行。
    --engine dask 时由 Dask 集群的节点读取，本进程写出全部结果。

    退出码：0 全部完成，1 部分失败（见 OUT/errors.jsonl），65 全部失败，66 没有输入，
    69 集群不可用，73 输出目录不可写，74 写入中途出错，75 另一次运行占用输出目录，130 被中断（再次运行即继续）。

    示例：policyx ingest corpus/ --out outputs/ [--engine dask --scheduler tcp://127.0.0.1:8786]""",
    """Read notices into one JSON record each plus a JSONL dataset and the store.

    Each document is read in a worker process under --timeout and --memory-mb; documents already
    done are skipped, documents that failed before are listed again unread (--retry-failed reads
    them). A bar on a terminal; in a pipe or CI a line every 50 documents or 10 s. With --engine
    dask the cluster's workers read the documents, this process writes every output.

    Exit codes: 0 all done, 1 some failed (see OUT/errors.jsonl), 65 all failed, 66 no input found,
    69 the cluster cannot be used, 73 output folder not writable, 74 write error mid-run, 75 another
    run holds the output folder, 130 interrupted (run again to resume).

    Example: policyx ingest corpus/ --out outputs/ [--engine dask --scheduler tcp://127.0.0.1:8786]"""))
def ingest(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help=T(
        "通知文件或目录（文本、PDF、网页、DOCX、DOC、WPS；按内容识别）。",
        "Files or folders of notices (text, PDF, HTML, DOCX, DOC, WPS; sniffed by content)."))],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR",
        help=T("记录和数据集的目录。",
               "Folder for the records and the dataset."))] = DEFAULT_OUT,
    force: Annotated[bool, typer.Option("--force", help=T("已读过的也重读。", "Read again the documents already done."))] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help=T(
        "重读以前失败的文件（默认只列出不读）。",
        "Read again the documents that failed before (listed again unread by default)."))] = False,
    timeout: Annotated[float, typer.Option(metavar="SECONDS",
        help=T("每份文件允许的秒数。",
               "Seconds allowed per document."))] = 120.0,
    memory_mb: Annotated[int, typer.Option("--memory-mb", metavar="MIB",
        help=T("每份文件允许的内存（MiB）。",
               "Memory allowed per document, in MiB."))] = 2048,
    jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N",
        help=T("并行读取的文件数（本机引擎）。",
               "Documents read in parallel (local engine)."))] = 1,
    db: Annotated[Path | None, typer.Option("--db", metavar="FILE",
        help=T("要写入的数据库（默认 OUT/policyx.db）。",
               "The store to fill (default OUT/policyx.db)."))] = None,
    engine: Annotated[Engine, typer.Option(metavar="[local|dask]", help=T(
        "local：本机的工作进程；dask：Dask 集群的节点（需 --scheduler）。",
        "local: worker processes on this machine; dask: the workers of a Dask cluster (needs --scheduler)."))] = Engine.local,
    scheduler: Annotated[str | None, typer.Option("--scheduler", metavar="ADDRESS", help=T(
        "Dask 调度器地址 tcp://HOST:8786（与 --engine dask 一起用）。",
        "The Dask scheduler, tcp://HOST:8786 (with --engine dask)."))] = None,
) -> None:
    """Read notices into records, a dataset and the store."""
    from ..batch.driver import ingest_paths
    from ..render.labels import say

    if (engine is Engine.dask) != (scheduler is not None):
        raise typer.BadParameter(say("--engine dask 与 --scheduler ADDRESS 要一起给出",
                                     "--engine dask and --scheduler ADDRESS go together"),
                                 param_hint="--scheduler")
    if engine is Engine.dask:  # Dask's client logs each reconnection with a traceback; ingest reports a coded error
        os.environ.setdefault("DASK_LOGGING", '{"distributed.client": "critical"}')
    raise typer.Exit(ingest_paths(paths, out=out, force=force, retry_failed=retry_failed, timeout=timeout,
                                  memory_mb=memory_mb, jobs=jobs, db=db, scheduler=scheduler, **SETTINGS))


class ShowFormat(StrEnum):
    """Output formats of `policyx show`."""

    table = "table"
    json = "json"


@command(cls=Command, help=T(
    """显示一份通知的条款树（--facts：各条款的金额和条目）。

    table 为缩进的条款树；json 为完整记录。退出码：0 已显示，2 用法错误或输出不可写，65 文件无法读取。

    示例：policyx show corpus/text/yq-draft-2024.txt --facts --explain""",
    """Print the clause tree of one notice (--facts: each clause's figures and terms).

    table is the indented tree; json the whole record. Exit codes: 0 shown, 2 a usage error or an
    output that cannot be written, 65 a file that cannot be read.

    Example: policyx show corpus/text/yq-draft-2024.txt --facts --explain"""))
def show(
    file: Notice,
    doc_id: DocId = None,
    text: Annotated[bool, typer.Option("--text", help=T("显示每个条款的全文。", "Print each clause's full text."))] = False,
    dropped: Annotated[bool, typer.Option("--dropped",
        help=T("同时列出作为页面杂项剔除的文字。",
               "Also list the text dropped as page furniture."))] = False,
    facts: Annotated[bool, typer.Option("--facts",
        help=T("标出每个条款中的金额，并列出其条目和条件。",
               "Show each clause with its figures marked, its terms and conditions."))] = False,
    explain: Annotated[bool, typer.Option("--explain", help=T(
        "与 --facts 一起：每个角色背后的规则和提示词，如【30万元|上限 ← 最高 · cap.before】。",
        "With --facts: the rule and cue words behind each role, 【30万元|上限 ← 最高 · cap.before】."))] = False,
    format: Annotated[ShowFormat, typer.Option("--format", "-f", metavar="[table|json]",
        help=T("table 或 json。",
               "table or json."))] = ShowFormat.table,
    out: Out = None,
) -> None:
    """Print the clause tree of one notice."""
    from ..render.text import dropped_to_text, notice_to_facts, notice_to_tree

    notice = notice_argument(file, doc_id)
    note_issues(notice)
    if format is ShowFormat.json:
        emit(notice.model_dump_json(indent=2), out)
        return
    shown = notice_to_facts(notice, explain) if facts or explain else notice_to_tree(notice, full_text=text)
    emit(shown + ("\n" + dropped_to_text(notice) if dropped else ""), out)


class ExtractFormat(StrEnum):
    """Output formats of `policyx extract`."""

    jsonl = "jsonl"
    json = "json"
    gold = "gold"


@command(cls=Command, help=T(
    """抽取一份通知每个条款的金额、比例、数量、责任单位和条目。

    jsonl（即 gold）为每个条款一行，格式同标注规范；json 为完整记录。退出码：0 已抽取，
    2 用法错误或输出不可写，65 文件无法读取。

    示例：policyx extract corpus/text/yq-draft-2024.txt --format jsonl -o yq.jsonl""",
    """Extract the figures, units and terms of every clause of one notice.

    jsonl (also called gold) is one SPEC line per clause; json the whole record. Exit codes: 0
    extracted, 2 a usage error or an output that cannot be written, 65 a file that cannot be read.

    Example: policyx extract corpus/text/yq-draft-2024.txt --format jsonl -o yq.jsonl"""))
def extract(
    file: Notice,
    doc_id: DocId = None,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", metavar="[jsonl|json|gold]", help=T(
        "jsonl（gold）：每个条款一行；json：完整记录。",
        "jsonl (gold): one SPEC line per clause; json: the whole record."))] = ExtractFormat.jsonl,
    out: Out = None,
) -> None:
    """Extract the figures, units and terms of every clause."""
    from ..extract import notice_to_gold
    from ..gold import gold_to_jsonl

    notice = notice_argument(file, doc_id)
    note_issues(notice)
    emit(notice.model_dump_json(indent=2) if format is ExtractFormat.json else gold_to_jsonl(notice_to_gold(notice)), out)


@command(cls=Command, help=T(
    """写出各类记录的 JSON Schema。

    退出码：0 已写出，2 目录不可写。

    示例：policyx schema --out schemas/""",
    """Write the JSON Schemas of the records.

    Exit codes: 0 written, 2 a folder that cannot be written.

    Example: policyx schema --out schemas/"""))
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR",
        help=T("JSON Schema 的目录。",
               "Folder for the JSON Schemas."))] = Path("schemas"),
) -> None:
    """Write the JSON Schemas of the records."""
    from ..schemas import model_schemas

    for name, text in model_schemas().items():
        write_report(out / name, text.encode("utf-8"))
        note(str(out / name))


class CalcFormat(StrEnum):
    """Output formats of `policyx calc`."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


@command(cls=Command, help=T(
    """一个条款按给定的输入能给多少，为什么；或运行标注文件里的情景。

    金额可写 500万、1.2亿元、30,000 元。精确的十进制运算，最后四舍五入到分。需要基数的条目
    （按比例、阶梯、分档、分段）没有 --base 时报 E_MISSING_INPUT。退出码：0 已回答，
    2 问题无法按所问回答（没有该条款 E_NO_CLAUSE、--select 无匹配 E_SELECT_NONE 或多个匹配 E_SELECT_MANY、
    缺少输入 E_MISSING_INPUT、负数输入 E_NEGATIVE_INPUT）或输出不可写，65 文件无法读取。

    示例：policyx calc corpus/text/yq-draft-2024.txt --clause 四/15 --select 交易额 --base 500万 --explain""",
    """How much a clause pays for given inputs, and why; or run a gold file's scenarios.

    Amounts may be written 500万, 1.2亿元, 30,000 元. Exact decimal arithmetic, the final sum rounded
    half up to the fen. A term that needs a base (rate, steps, tiers, brackets) without --base is
    E_MISSING_INPUT. Exit codes: 0 answered, 2 a question that cannot be answered as asked (no such
    clause E_NO_CLAUSE, --select matching no term E_SELECT_NONE or several E_SELECT_MANY, a missing
    input E_MISSING_INPUT, a negative one E_NEGATIVE_INPUT) or an output that cannot be written,
    65 a file that cannot be read.

    Example: policyx calc corpus/text/yq-draft-2024.txt --clause 四/15 --select 交易额 --base 500万 --explain"""))
def calc(
    file: Notice,
    doc_id: DocId = None,
    clause: Annotated[str | None, typer.Option(metavar="PATH",
        help=T("条款路径，同 policyx show 所示（四/15）。",
               "Clause path, as policyx show prints it (四/15)."))] = None,
    select: Annotated[str | None, typer.Option(metavar="WORDS",
        help=T("选出条款中一个条目的词（国家级 重点实验室）。",
               "Words picking one term of the clause (国家级 重点实验室)."))] = None,
    base: Annotated[str | None, typer.Option(metavar="AMOUNT",
        help=T("计算基数，元（交易额、投资额…）：500万、1.2亿元、30,000 元。",
               "Base in yuan (交易额, 投资额…): 500万, 1.2亿元, 30,000 元."))] = None,
    count: Annotated[str | None, typer.Option(metavar="N", help=T("人数、件数或项数。", "People, cases or items."))] = None,
    years: Annotated[str | None, typer.Option(metavar="N", help=T("申请的年数。", "Years asked for."))] = None,
    scenarios: Annotated[Path | None, typer.Option(exists=True, dir_okay=False, metavar="GOLD",
        help=T("运行该标注文件的每个情景。",
               "Run every scenario of this gold file."))] = None,
    on_gold: Annotated[bool, typer.Option("--on-gold",
        help=T("与 --scenarios 一起：用标注文件自己的条目。",
               "With --scenarios: use the gold file's own terms."))] = False,
    explain: Annotated[bool, typer.Option("--explain",
        help=T("显示计算过程和原文。",
               "Show the trace and the source text."))] = False,
    format: Annotated[CalcFormat, typer.Option("--format", "-f", metavar="[table|json|jsonl]", help=T(
        "table、json 或 jsonl（--scenarios 时每个情景一行）。",
        "table, json or jsonl (one scenario a line with --scenarios)."))] = CalcFormat.table,
    as_json: JsonAlias = False,
    out: Out = None,
) -> None:
    """How much a clause pays for given inputs, and why."""
    from ..calculate import calc_clause, make_inputs
    from ..errors import UsageError
    from ..render.text import outcomes_to_table, result_to_text

    inputs = make_inputs(amount_option(base, "--base"), number_option(count, "--count"), number_option(years, "--years"))
    notice = notice_argument(file, doc_id)
    note_issues(notice)
    if scenarios is not None:
        from ..gold import read_gold
        from ..render.labels import say
        from ..scenarios import outcomes_to_jsonl, run_scenarios

        outcomes = run_scenarios(notice, read_gold(scenarios), on_gold)
        if as_json or format is CalcFormat.jsonl:
            emit(outcomes_to_jsonl(outcomes), out)
        elif format is CalcFormat.json:
            emit("[" + ",\n".join(outcomes_to_jsonl(outcomes).splitlines()) + "]", out)
        else:
            on = say("情景（金标条款）",
                     "Scenarios (gold terms)") if on_gold else say("情景（抽取条款）", "Scenarios (extracted terms)")
            emit(outcomes_to_table(outcomes, on), out)
        return
    if clause is None or select is None:
        raise UsageError("give --clause and --select, or --scenarios", hint="see policyx calc --help",
                         zh="请给出 --clause 和 --select，或 --scenarios", zh_hint="见 policyx calc --help")
    result = calc_clause(notice, clause, select, inputs)
    if as_json or format is not CalcFormat.table:
        emit(result.model_dump_json(indent=2 if format is CalcFormat.json or as_json else None), out)
    else:
        emit(result_to_text(result, explain), out)


class MatchFormat(StrEnum):
    """Output formats of `policyx match`."""

    table = "table"
    text = "text"
    md = "md"
    html = "html"
    json = "json"


@command("match", cls=Command, help=T(
    """一个申请人适用哪些政策、能得多少、缺什么、何时截止。

    每个匹配的条款为 符合、不符合（附未满足的条件）或 待确认（附要问的问题）；征求意见稿、
    已过期的通知、其他地区和其他申请对象不纳入，并列出原因；按 从优/就高/不重复 取舍。
    table（即 text）、md、html 或 json。退出码：0 已回答，2 用法错误或输出不可写，65 档案或通知无法读取，66 没有通知。

    示例：policyx match corpus/profiles/jz-tech-sme.yaml corpus/text/ --as-of 2026-12-03 --format html -o 匹配报告.html""",
    """Which policies apply to an applicant, what it can get, what is missing, by when.

    Each matched clause is 符合, 不符合 (with the failed condition) or 待确认 (with the questions to
    ask); drafts, expired notices, other regions and other applicants are left out and listed with
    the reason; 从优/就高/不重复 is applied. table (also text), md, html or json. Exit codes: 0
    answered, 2 a usage error or an output that cannot be written, 65 a profile or notice that
    cannot be read, 66 no notices.

    Example: policyx match corpus/profiles/jz-tech-sme.yaml corpus/text/ --as-of 2026-12-03 --format html -o 匹配报告.html"""))
def match_command(
    profile: Annotated[Path, typer.Argument(exists=True, dir_okay=False, metavar="PROFILE",
        help=T("申请人档案（.yaml 或 .json）。",
               "Applicant profile (.yaml or .json)."))],
    corpus: Annotated[list[Path], typer.Argument(metavar="NOTICES",
        help=T("要匹配的通知文件或目录。",
               "Notice files or folders to match against."))],
    explain: Annotated[bool, typer.Option("--explain",
        help=T("显示每项计算的过程和办理步骤。",
               "Show each calculation's trace and the procedural steps."))] = False,
    format: Annotated[MatchFormat, typer.Option("--format", "-f", metavar="[table|md|html|json]",
        help=T("table、md、html 或 json。",
               "table, md, html or json."))] = MatchFormat.table,
    as_json: JsonAlias = False,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE",
        help=T("按这一天判断有效期和申报时间（默认今天）。",
               "Judge validity and application windows on this day (default today)."))] = None,
    include_drafts: Annotated[bool, typer.Option("--include-drafts",
        help=T("也匹配征求意见稿。",
               "Match 征求意见稿 too."))] = False,
    out: Out = None,
) -> None:
    """Which policies apply to an applicant, what it can get, what is missing, by when."""
    from ..api import match_files
    from ..render.match import match_to_html, match_to_markdown, match_to_text

    refuse_stdin(*corpus)
    report = match_files(profile, corpus, as_of=date_option(as_of, "--as-of"), include_drafts=include_drafts)
    chosen = MatchFormat.json if as_json else format
    render = {MatchFormat.json: lambda r: r.model_dump_json(indent=2), MatchFormat.md: match_to_markdown,
              MatchFormat.html: match_to_html}.get(chosen, lambda r: match_to_text(r, explain))
    emit(render(report), out)


@command("profile", cls=Command, help=T(
    """写出或检查申请人档案：带注释的模板、档案的 JSON Schema，或读入后的档案（JSON）。

    退出码：0 已输出，2 什么都没要或输出不可写，65 档案无法读取。

    示例：policyx profile --template -o 档案.yaml""",
    """Write or check an applicant profile: a commented template, its JSON Schema, or the profile as read (JSON).

    Exit codes: 0 printed, 2 nothing asked or an output that cannot be written, 65 a profile that cannot be read.

    Example: policyx profile --template -o 档案.yaml"""))
def profile_command(
    file: Annotated[Path | None, typer.Argument(dir_okay=False, metavar="FILE",
        help=T("要检查的档案（.yaml 或 .json）。",
               "A profile to check (.yaml or .json)."))] = None,
    show_template: Annotated[bool, typer.Option("--template",
        help=T("输出带注释的档案模板。",
               "Print a commented profile template."))] = False,
    schema: Annotated[bool, typer.Option("--schema",
        help=T("输出档案的 JSON Schema。",
               "Print the profile's JSON Schema."))] = False,
    out: Out = None,
) -> None:
    """Write or check an applicant profile."""
    import json

    from ..profile import profile_schema, read_profile, template
    from ..render.labels import say

    refuse_stdin(*([file] if file else []))
    if show_template:
        emit(template(), out)
    elif schema:
        emit(json.dumps(profile_schema(), ensure_ascii=False, indent=2), out)
    elif file is not None:
        emit(read_profile(file).model_dump_json(indent=2, exclude_defaults=True), out)
    else:
        raise typer.BadParameter(say("给出档案文件，或 --template / --schema", "give a profile file, or --template / --schema"),
                                 param_hint="FILE")


class DiffFormat(StrEnum):
    """Output formats of `policyx diff`."""

    md = "md"
    html = "html"
    json = "json"


@command(cls=Command, help=T(
    """逐条款、逐数字对比两份通知。

    报告先给摘要（各状态条款数、元数据变化、金额变化最大的条款、输入文件及其 SHA-256、生成时间和版本），
    再列出每个变化的条款：标题、变化的值及其条目、文字对照。一边可为 -（标准输入，--id 命名）。
    退出码同 diff(1)：0 相同，1 不同，2 用法错误或输出不可写（E_OUTPUT_UNWRITABLE），65 文件无法读取。

    示例：policyx diff corpus/text/yq-draft-2024.txt corpus/diffs/yq-final-2024.txt --format html -o 对比.html""",
    """Compare two notices clause by clause and figure by figure.

    The report opens with a summary (clauses per status, metadata changes, the largest changes in
    money, the inputs with their SHA-256, the time and the version), then each changed clause: its
    heading, the values changed with the item they belong to, a redline. One side may be - (standard
    input, named by --id). Exit codes as diff(1): 0 the same, 1 different, 2 a usage error or an
    output that cannot be written (E_OUTPUT_UNWRITABLE), 65 a file that cannot be read.

    Example: policyx diff corpus/text/yq-draft-2024.txt corpus/diffs/yq-final-2024.txt --format html -o 对比.html"""))
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD",
        help=T("旧通知（征求意见稿，或省级文件），- 为标准输入。",
               "The old notice (draft, or the province's); - for standard input."))],
    new: Annotated[str, typer.Argument(metavar="NEW",
        help=T("新通知（正式稿，或市级文件），- 为标准输入。",
               "The new notice (final, or the city's); - for standard input."))],
    doc_id: DocId = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", metavar="[md|html|json]",
        help=T("md、html 或 json。",
               "md, html or json."))] = DiffFormat.md,
    out: Out = None,
) -> None:
    """Compare two notices clause by clause and figure by figure."""
    from ..diff import diff_files, differs
    from ..render.diff import report_to_html, report_to_json, report_to_markdown
    from ..render.labels import say

    if old == new == "-":
        raise typer.BadParameter(say("标准输入只能给一边", "standard input can be one side only"), param_hint="OLD NEW")
    report = diff_files(notice_argument(old, doc_id if old == "-" else None),
                        notice_argument(new, doc_id if new == "-" else None))
    render = {DiffFormat.md: report_to_markdown, DiffFormat.html: report_to_html, DiffFormat.json: report_to_json}[format]
    emit(render(report), out)
    raise typer.Exit(1 if differs(report) else 0)


class EvalFormat(StrEnum):
    """Output formats of `policyx eval` and `policyx eval-conditions`."""

    table = "table"
    json = "json"


@command("eval", cls=Command, help=T(
    """按人工标注给抽取打分：按字段、按条款。

    读入每个标注文件对应的通知，抽取后逐条款比较金额、比例、数量和责任单位（见标注规范的 Scoring 一节），
    再在抽取的条目上运行标注里的情景。--predicted 时改为给该目录的标注打分（两位标注者的一致性）。
    终端上显示进度条，管道中每 50 份或每 10 秒一行。退出码：0 已打分，2 没有标注文件（E_NO_GOLD）或输出不可写，
    65 标注文件无法解析或通知缺失、无法读取。

    示例：policyx eval --gold corpus/gold --docs corpus/text --worst 5""",
    """Score the extractor against the hand-labeled gold, per field and per clause.

    Reads the notice of each gold file, extracts it and compares money, rates, quantities and units
    clause by clause, as the labeling SPEC's Scoring section says, then runs the gold scenarios on
    the extracted terms. With --predicted, the files of that folder are scored instead (labeler
    agreement). A bar on a terminal, in a pipe a line every 50 notices or 10 s. Exit codes: 0 scored,
    2 no gold files (E_NO_GOLD) or an output that cannot be written, 65 a gold file that does not
    parse or a notice that is missing or unreadable.

    Example: policyx eval --gold corpus/gold --docs corpus/text --worst 5"""))
def eval_command(
    gold: Annotated[Path, typer.Option(exists=True, file_okay=False, metavar="DIR",
        help=T("<doc>.jsonl 标注文件的目录。",
               "Folder of <doc>.jsonl gold files."))] = Path("corpus/gold"),
    docs: Annotated[Path, typer.Option(exists=True, file_okay=False, metavar="DIR", help=T(
        "通知所在目录，<doc> 加任一可读后缀（.txt、.pdf、.html、.docx …）。",
        "Folder of the notices, <doc> with any readable suffix (.txt, .pdf, .html, .docx …)."))] = Path("corpus/text"),
    format: Annotated[EvalFormat, typer.Option("--format", "-f", metavar="[table|json]",
        help=T("table 或 json。",
               "table or json."))] = EvalFormat.table,
    as_json: JsonAlias = False,
    worst: Annotated[int, typer.Option(min=0, metavar="N",
        help=T("“最差条款”列出几条。",
               "How many clauses to list under 最差条款."))] = 10,
    predicted: Annotated[Path | None, typer.Option(exists=True, file_okay=False, metavar="DIR", help=T(
        "改为给该目录的标注格式文件打分（另一位标注者、另一个工具）。",
        "Score this folder of gold-format files instead of the extractor (a second labeler, another tool)."))] = None,
    out: Out = None,
) -> None:
    """Score the extractor against the hand-labeled gold."""
    import sys

    from ..render.ingest import Ticker
    from ..evaluate import evaluate_corpus, evaluation_to_json, evaluation_to_table
    from ..render.labels import say

    with Ticker(sys.stderr, say("评估", "scoring"), quiet=SETTINGS["quiet"]) as ticker:
        evaluation = evaluate_corpus(gold, docs, worst=worst, predicted=predicted, progress=ticker.update)
    emit(evaluation_to_json(evaluation) if as_json or format is EvalFormat.json else evaluation_to_table(evaluation), out)


@command("eval-conditions", cls=Command, help=T(
    """按人工标注给读出的申报条件打分，按字段。

    格式见 corpus/gold/conditions/README.md。退出码：0 已打分，2 输出不可写，65 标注文件无法解析或通知缺失、无法读取。

    示例：policyx eval-conditions --docs ../shared/realworld/docs --docs corpus/text""",
    """Score the eligibility conditions read against hand-labeled ones, per field.

    The format is corpus/gold/conditions/README.md. Exit codes: 0 scored, 2 an output that cannot be
    written, 65 a gold file that does not parse or a notice that is missing or unreadable.

    Example: policyx eval-conditions --docs ../shared/realworld/docs --docs corpus/text"""))
def eval_conditions_command(
    gold: Annotated[Path, typer.Option(exists=True, file_okay=False, metavar="DIR",
        help=T("<doc>.jsonl 条件标注的目录。",
               "Folder of <doc>.jsonl condition gold files."))] = Path("corpus/gold/conditions"),
    docs: Annotated[list[Path] | None, typer.Option(exists=True, file_okay=False, metavar="DIR", help=T(
        "通知所在目录（可重复；取第一个含该通知的）。",
        "Folder of the notices (repeatable; the first that holds a notice is read)."))] = None,
    second: Annotated[Path | None, typer.Option(exists=True, file_okay=False, metavar="DIR", help=T(
        "第二位标注者的条件文件：改为报告两者的一致性。",
        "A second labeler's condition files: report the agreement of the two instead."))] = None,
    format: Annotated[EvalFormat, typer.Option("--format", "-f", metavar="[table|json]",
        help=T("table 或 json。",
               "table or json."))] = EvalFormat.table,
    out: Out = None,
) -> None:
    """Score the eligibility conditions read against hand-labeled ones."""
    from ..conditions_eval import agreement, counts_to_json, counts_to_table, evaluate_condition_files, prf
    from ..render.labels import say

    if second is not None:
        counts = agreement(gold, second)
        emit(counts_to_json(counts) if format is EvalFormat.json else counts_to_table(counts), out)
        return
    total, per_doc = evaluate_condition_files(gold, docs or [Path("corpus/text")])
    if format is EvalFormat.json:
        emit(counts_to_json(total, per_doc), out)
        return
    lines = [say(f"条件评估（{len(per_doc)} 篇文档）", f"Conditions scored ({len(per_doc)} notices)"), counts_to_table(total)]
    for doc, counts in per_doc.items():
        precision, recall, f1 = prf(counts)
        lines.append(say(f"  {doc}: F1 {f1:.3f}（精确率 {precision:.3f}，召回率 {recall:.3f}）",
                         f"  {doc}: F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f})"))
    emit("\n".join(lines), out)


class SearchFormat(StrEnum):
    """Output formats of `policyx search`."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@command(cls=Command, help=T(
    """按词语、地区、状态、有效期和金额在数据库中查找条款。

    金额可写 100万、1.2亿元、30,000 元。退出码：0 已查找（可能为空），2 用法错误或输出不可写，65 数据库缺失或损坏。

    示例：policyx search "研发 补助" --region 山西 --role cap --min 100万 --status final""",
    """Find clauses in the store by their words, region, status, validity and figures.

    Amounts may be written 100万, 1.2亿元, 30,000 元. Exit codes: 0 searched (perhaps nothing found),
    2 a usage error or an output that cannot be written, 65 a store missing or corrupt.

    Example: policyx search "研发 补助" --region 山西 --role cap --min 100万 --status final"""))
def search(
    query: Annotated[str, typer.Argument(metavar="WORDS",
        help=T("条款包含的词，不计顺序（研发 补助）；空为全部。",
               "Words the clause holds, any order (研发 补助); empty for all."))] = "",
    db: Annotated[Path, typer.Option("--db", metavar="FILE",
        help=T("policyx ingest 写出的数据库。",
               "The store policyx ingest wrote."))] = DEFAULT_DB,
    region: Annotated[str | None, typer.Option(metavar="PLACE",
        help=T("省、市或县，名称或代码（浙江、330100）。",
               "Province, city or county, by name or code (浙江, 330100)."))] = None,
    role: Annotated[str | None, typer.Option(metavar="ROLE",
        help=T("该角色的金额：award、cap、threshold、budget、other。",
               "A figure of this role: award, cap, threshold, budget, other."))] = None,
    minimum: Annotated[str | None, typer.Option("--min", metavar="AMOUNT",
        help=T("金额至少为（100万）。",
               "A sum of at least this (100万)."))] = None,
    maximum: Annotated[str | None, typer.Option("--max", metavar="AMOUNT",
        help=T("金额至多为。",
               "A sum of at most this."))] = None,
    status: Annotated[str | None, typer.Option(metavar="[draft|final]",
        help=T("draft（征求意见稿）或 final（正式稿）。",
               "draft or final."))] = None,
    valid_on: Annotated[str | None, typer.Option("--valid-on", metavar="DATE",
        help=T("这一天有效（2025-06-01）。",
               "In force on this day (2025-06-01)."))] = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help=T("最多几个条款。", "At most this many clauses."))] = 50,
    format: Annotated[SearchFormat, typer.Option("--format", "-f", metavar="[table|json|jsonl|csv]",
        help=T("table、json、jsonl 或 csv。",
               "table, json, jsonl or csv."))] = SearchFormat.table,
    out: Out = None,
) -> None:
    """Find clauses in the store."""
    from ..db import connect
    from ..db import search as find
    from ..render.text import hits_to_csv, hits_to_json, hits_to_jsonl, hits_to_table

    low, high = amount_option(minimum, "--min"), amount_option(maximum, "--max")
    day = date_option(valid_on, "--valid-on")
    hits = find(connect(db, readonly=True), query, region=region, role=role, minimum=low, maximum=high, status=status,
                valid_on=day.isoformat() if day else None, limit=limit)
    render = {SearchFormat.table: hits_to_table, SearchFormat.json: hits_to_json, SearchFormat.jsonl: hits_to_jsonl,
              SearchFormat.csv: hits_to_csv}[format]
    emit(render(hits), out)


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


@command(cls=Command, help=T(
    """把数据库的一张表写成平面文件，每行一个事实（条目、条款、通知），金额精确。

    退出码：0 已写出，2 用法错误或文件不可写（E_OUTPUT_UNWRITABLE），65 数据库缺失或损坏。

    示例：policyx export --table facts --to parquet -o facts.parquet""",
    """Write one table of the store as a flat file, one row per fact (term, clause, notice), amounts exact.

    Exit codes: 0 written, 2 a usage error or a file that cannot be written (E_OUTPUT_UNWRITABLE), 65 a
    store missing or corrupt.

    Example: policyx export --table facts --to parquet -o facts.parquet"""))
def export(
    to: Annotated[ExportFormat, typer.Option("--to", "--format", "-f", metavar="[csv|jsonl|parquet]",
        help=T("csv、jsonl 或 parquet。",
               "csv, jsonl or parquet."))],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", help=T("要写的文件。", "The file to write."))],
    table: Annotated[ExportTable, typer.Option("--table", metavar="TABLE", help=T(
        "facts、terms、clauses、notices、sources、units、links。",
        "facts, terms, clauses, notices, sources, units, links."))] = ExportTable.facts,
    db: Annotated[Path, typer.Option("--db", metavar="FILE",
        help=T("policyx ingest 写出的数据库。",
               "The store policyx ingest wrote."))] = DEFAULT_DB,
) -> None:
    """Write one table of the store as a flat file."""
    from ..db import connect
    from ..export import table_bytes
    from ..render.labels import say

    payload, count = table_bytes(connect(db, readonly=True), table.value, to.value)
    write_report(out, payload)
    note(say(f"{out}: {count} 行（{table.value}）", f"{out}: {count} rows ({table.value})"))


@command(cls=Command, help=T(
    """在本机打开网页工作台：检索通知、查看条款与金额、计算、政策匹配、版本对比、上传文件。

    默认只监听 127.0.0.1，不连接外部网络；上传的文件在隔离进程中按 policyx ingest 的限制读取后加入数据库。
    需要 pip install -e '.[serve]'。退出码：0 已停止（Ctrl-C），65 数据库缺失、损坏或版本不符，69 未安装网页组件
    （E_SERVE_MISSING）。

    示例：policyx serve --db outputs/policyx.db --port 8000""",
    """Open the local web workbench: search notices, read clauses and figures, calculate, match, compare, upload.

    Listens on 127.0.0.1 only by default and loads nothing from elsewhere; an uploaded file is read in an
    isolated worker with policyx ingest's limits, then added to the store. Needs pip install -e '.[serve]'.
    Exit codes: 0 stopped (Ctrl-C), 65 a store missing, corrupt or of another version, 69 the web packages
    are not installed (E_SERVE_MISSING).

    Example: policyx serve --db outputs/policyx.db --port 8000"""))
def serve(
    db: Annotated[Path, typer.Option("--db", metavar="FILE", help=T(
        "policyx ingest 写出的数据库（上传的文件也加入这里）。",
        "The store policyx ingest wrote (uploads are added to it)."))] = DEFAULT_DB,
    port: Annotated[int, typer.Option(min=1, max=65535, metavar="N", help=T("监听的端口。", "Port to listen on."))] = 8000,
    host: Annotated[str, typer.Option(metavar="ADDRESS", help=T(
        "监听的地址；127.0.0.1 只供本机访问（工作台没有登录）。",
        "Address to listen on; 127.0.0.1 keeps it to this machine (there is no login)."))] = "127.0.0.1",
    records: Annotated[Path | None, typer.Option("--records", metavar="DIR", help=T(
        "通知记录（<编号>.json）所在目录，默认为数据库所在目录。",
        "Folder of the notices' records (<id>.json); default: the store's folder."))] = None,
) -> None:
    """Serve the web workbench over the store."""
    from ..render.labels import say
    from ..serve import check
    from ..serve import serve as run_server

    check(db)
    note(say(f"policyx 工作台：http://{host}:{port}/（数据库 {db}；Ctrl-C 停止）",
             f"policyx workbench: http://{host}:{port}/ (store {db}; Ctrl-C stops it)"))
    run_server(db, host=host, port=port, records=records)
