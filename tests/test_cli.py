"""The command line: help in both languages, one behaviour for stdin, -o, --format json, --lang en and
bad arguments on every command, the shared options, the module entry point.

The expectations were checked by running each command by hand (exit codes as each command's help
documents them, messages by their code).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from extractor.cli import app

from .conftest import CORPUS, ROOT, TEXTS

runner = CliRunner()
COMMANDS = [command.name or command.callback.__name__ for command in app.registered_commands]
YQ = str(TEXTS / "yq-draft-2024.txt")
YQ_FINAL = str(CORPUS / "diffs" / "yq-final-2024.txt")
JZ = str(TEXTS / "jz-jinchuanggu-2025.txt")
PROFILE = str(CORPUS / "profiles" / "jz-tech-sme.yaml")
UNWRITABLE = "/proc/x"  # no file can be made there, even by root
PYTHON_TYPES = re.compile(r"<(?:list\[|Decimal|bool|str|int|float|Path|file|dir|directory|path|text|integer)\b")


def invoke(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin, prog_name="policyx")


def policyx(*args: str, env: dict | None = None, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=300, check=False)


# ---- help


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("lang", "example"), [("zh", "示例：policyx "), ("en", "Example: policyx ")])
def test_every_command_has_help_with_an_example_and_no_python_types(command, lang, example):
    result = invoke(command, "--help", "--lang", lang)
    assert result.exit_code == 0
    assert example + command in " ".join(result.output.split())
    assert not PYTHON_TYPES.findall(result.output), PYTHON_TYPES.findall(result.output)
    assert ("退出码" if lang == "zh" else "Exit codes") in result.output or command == "schema" and "0" in result.output


def test_help_is_chinese_by_default_and_english_with_an_english_locale():
    chinese = policyx("show", "--help", env={"LANG": "C.UTF-8", "LC_ALL": ""})
    english = policyx("show", "--help", env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    assert "用法：policyx show [选项] FILE" in chinese.stdout and "显示一份通知的条款树" in chinese.stdout
    assert "Usage: policyx show [OPTIONS] FILE" in english.stdout and "Print the clause tree" in english.stdout
    assert "--lang [zh|en]" in chinese.stdout and "-q, --quiet" in chinese.stdout and "-v, --verbose" in chinese.stdout


def test_top_level_help_lists_every_command_without_python_types():
    result = invoke("--help")
    assert result.exit_code == 0 and not PYTHON_TYPES.findall(result.output)
    assert all(command in result.output for command in COMMANDS)
    assert "--version" in result.output and "--install-completion" in result.output


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.startswith("policyx 0.1.0 (pipeline 0.1.0)")


def test_shell_completion_script_names_the_program():
    done = policyx("--show-completion", "bash")
    assert done.returncode == 0 and "_policyx_completion" in done.stdout and "_POLICYX_COMPLETE" in done.stdout


def test_python_dash_m_extractor_is_the_same_command():
    done = subprocess.run([sys.executable, "-m", "extractor", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "ingest" in done.stdout and "show" in done.stdout


# ---- the table: stdin, -o to an unwritable place, --format json, --lang en, a bad argument, per command


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of two notices, made by ingest as a person would."""
    folder = tmp_path_factory.mktemp("in")
    for name in ("yq-draft-2024.txt", "jz-jinchuanggu-2025.txt"):
        shutil.copy(TEXTS / name, folder / name)
    out = tmp_path_factory.mktemp("out")
    done = policyx("ingest", str(folder), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out / "policyx.db"


@pytest.fixture(scope="module")
def gold(tmp_path_factory):
    """One seed notice's gold, and one notice's condition labels."""
    folder = tmp_path_factory.mktemp("gold")
    shutil.copy(CORPUS / "gold" / "jz-jinchuanggu-2025.jsonl", folder)
    conditions = tmp_path_factory.mktemp("conditions")
    shutil.copy(CORPUS / "gold" / "conditions" / "jz-jinchuanggu-2025.jsonl", conditions)
    return folder, conditions


def expand(args, store, gold, tmp_path):
    values = {"{store}": str(store), "{gold}": str(gold[0]), "{conditions}": str(gold[1]), "{tmp}": str(tmp_path)}
    out = []
    for arg in args:
        for key, value in values.items():
            arg = arg.replace(key, value)
        out.append(arg)
    return out


YQ_TEXT = (TEXTS / "yq-draft-2024.txt").read_bytes()
CASES = [
    # command, case, arguments, standard input, exit code, words expected in the output
    ("show", "stdin", ["show", "-", "--id", "yq"], YQ_TEXT, 0, "yq  “晋创谷·阳泉”创新驱动平台专项政策措施(征求意见稿)"),
    ("show", "unwritable", ["show", YQ, "-o", UNWRITABLE], None, 2, f"ERROR [E_OUTPUT_UNWRITABLE] {UNWRITABLE}: 无法写入报告"),
    ("show", "json", ["show", YQ, "--format", "json"], None, 0, '"id": "yq-draft-2024"'),
    ("show", "english", ["show", YQ, "--lang", "en"], None, 0, "issuers: 阳泉市科学技术局  number: —  date: 2024-09-29  status: draft"),
    ("show", "bad", ["show", YQ, "--format", "xml"], None, 2, "ERROR [E_USAGE] policyx show: '--format' / '-f' 的值“xml”无效"),
    ("show", "missing", ["show", "nosuch.txt"], None, 2, "ERROR [E_USAGE] 文件不存在：nosuch.txt"),
    ("extract", "stdin", ["extract", "-", "--id", "yq"], YQ_TEXT, 0, '{"doc":"yq","path":"一/1"'),
    ("extract", "unwritable", ["extract", YQ, "-o", UNWRITABLE], None, 2, "ERROR [E_OUTPUT_UNWRITABLE]"),
    ("extract", "json", ["extract", YQ, "--format", "json"], None, 0, '"pipeline_version": "0.1.0"'),
    ("extract", "english", ["extract", "nosuch.txt", "--lang", "en"], None, 2, "ERROR [E_USAGE] no such file: nosuch.txt"),
    ("extract", "bad", ["extract", YQ, "--format", "csv"], None, 2, "ERROR [E_USAGE] policyx extract"),
    ("calc", "stdin", ["calc", "-", "--clause", "四/15", "--select", "交易额", "--base", "500万"], YQ_TEXT, 0,
     "stdin 四/15（高校、科研院所科技成果转移交易给入驻企业的,按交易额）：25万元"),
    ("calc", "unwritable", ["calc", YQ, "--clause", "四/15", "--select", "交易额", "--base", "500万", "-o", UNWRITABLE],
     None, 2, "ERROR [E_OUTPUT_UNWRITABLE]"),
    ("calc", "json", ["calc", YQ, "--clause", "四/15", "--select", "交易额", "--base", "500万", "--format", "json"], None, 0,
     '"amount": "250000"'),
    ("calc", "english", ["calc", YQ, "--clause", "四/99", "--select", "交易额", "--lang", "en"], None, 2,
     "ERROR [E_NO_CLAUSE] "),
    ("calc", "bad", ["calc", YQ, "--clause", "四/15", "--select", "交易额", "--base", "很多"], None, 2,
     "ERROR [E_USAGE] policyx calc: --base 的值无效：“很多”不是金额"),
    ("calc", "no base", ["calc", YQ, "--clause", "四/15", "--select", "交易额"], None, 2, "ERROR [E_MISSING_INPUT]"),
    ("match", "stdin", ["match", PROFILE, "-"], YQ_TEXT, 2, "ERROR [E_USAGE] 此命令读取文件或目录，不读标准输入"),
    ("match", "unwritable", ["match", PROFILE, JZ, "--as-of", "2026-12-03", "-o", UNWRITABLE], None, 2,
     "ERROR [E_OUTPUT_UNWRITABLE]"),
    ("match", "json", ["match", PROFILE, JZ, "--as-of", "2026-12-03", "--format", "json"], None, 0, '"as_of": "2026-12-03"'),
    ("match", "english", ["match", PROFILE, JZ, "--as-of", "tomorrow", "--lang", "en"], None, 2, "'tomorrow' is no date"),
    ("match", "bad", ["match", PROFILE, JZ, "--as-of", "明天"], None, 2, "“明天”不是日期"),
    ("diff", "stdin", ["diff", YQ, "-", "--id", "yq-final"], (CORPUS / "diffs" / "yq-final-2024.txt").read_bytes(), 1,
     "# 政策对比：yq\\-draft\\-2024 → yq\\-final"),
    ("diff", "unwritable", ["diff", YQ, YQ_FINAL, "-o", UNWRITABLE], None, 2, "ERROR [E_OUTPUT_UNWRITABLE]"),
    ("diff", "json", ["diff", YQ, YQ, "--format", "json"], None, 0, '"old":"yq-draft-2024","new":"yq-draft-2024"'),
    ("diff", "english", ["diff", YQ, YQ_FINAL, "--lang", "en"], None, 1, "| field | role | item | old | new | change |"),
    ("diff", "bad", ["diff", "-", "-"], None, 2, "ERROR [E_USAGE] policyx diff: OLD NEW 的值无效：标准输入只能给一边"),
    ("profile", "stdin", ["profile", "-"], None, 2, "ERROR [E_USAGE] 此命令读取文件或目录，不读标准输入"),
    ("profile", "unwritable", ["profile", "--template", "-o", UNWRITABLE], None, 2, "ERROR [E_OUTPUT_UNWRITABLE]"),
    ("profile", "json", ["profile", PROFILE], None, 0, '"amounts": {'),
    ("profile", "english", ["profile", "--lang", "en"], None, 2, "give a profile file, or --template / --schema"),
    ("profile", "bad", ["profile", "--templat"], None, 2, "没有选项 --templat"),
    ("eval", "unwritable", ["eval", "--gold", "{gold}", "--docs", str(TEXTS), "-o", UNWRITABLE], None, 2,
     "ERROR [E_OUTPUT_UNWRITABLE]"),
    ("eval", "json", ["eval", "--gold", "{gold}", "--docs", str(TEXTS), "--format", "json"], None, 0, '"docs": [\n    "jz-jinchuanggu-2025"'),
    ("eval", "english", ["eval", "--gold", "{gold}", "--docs", str(TEXTS), "--lang", "en"], None, 0, "clauses paired: gold"),
    ("eval", "bad", ["eval", "--gold", "{tmp}", "--docs", str(TEXTS)], None, 2, "ERROR [E_NO_GOLD]"),
    ("eval-conditions", "unwritable", ["eval-conditions", "--gold", "{conditions}", "-o", UNWRITABLE], None, 2,
     "ERROR [E_OUTPUT_UNWRITABLE]"),
    ("eval-conditions", "json", ["eval-conditions", "--gold", "{conditions}", "--format", "json"], None, 0,
     '"jz-jinchuanggu-2025": {'),
    ("eval-conditions", "english", ["eval-conditions", "--gold", "{conditions}", "--lang", "en"], None, 0,
     "Conditions scored (1 notices)"),
    ("eval-conditions", "bad", ["eval-conditions", "--gold", "/nonexistent"], None, 2, "'--gold'：“/nonexistent”不存在"),
    ("search", "unwritable", ["search", "院士工作站", "--db", "{store}", "-o", UNWRITABLE], None, 2, "ERROR [E_OUTPUT_UNWRITABLE]"),
    ("search", "json", ["search", "院士工作站", "--db", "{store}", "--format", "json"], None, 0, '"notice": "jz-jinchuanggu-2025"'),
    ("search", "english", ["search", "院士工作站", "--db", "{store}", "--lang", "en"], None, 0, "Clauses found"),
    ("search", "bad", ["search", "研发", "--db", "{store}", "--min", "很多"], None, 2, "--min 的值无效：“很多”不是金额"),
    ("search", "amount", ["search", "", "--db", "{store}", "--role", "cap", "--min", "1.2亿元", "--format", "json"], None, 0,
     "[]"),
    ("export", "unwritable", ["export", "--db", "{store}", "--to", "csv", "-o", UNWRITABLE], None, 2,
     f"ERROR [E_OUTPUT_UNWRITABLE] {UNWRITABLE}"),
    ("export", "json", ["export", "--db", "{store}", "--format", "jsonl", "-o", "{tmp}/facts.jsonl"], None, 0, "行（facts）"),
    ("export", "english", ["export", "--db", "{store}", "--to", "csv", "-o", "{tmp}/facts.csv", "--lang", "en"], None, 0,
     "rows (facts)"),
    ("export", "bad", ["export", "--db", "{store}", "--to", "xlsx", "-o", "{tmp}/x"], None, 2, "ERROR [E_USAGE] policyx export"),
    ("schema", "unwritable", ["schema", "-o", UNWRITABLE], None, 2, "ERROR [E_OUTPUT_UNWRITABLE]"),
    ("schema", "english", ["schema", "--help", "--lang", "en"], None, 0, "Write the JSON Schemas of the records."),
    ("schema", "bad", ["schema", "--format", "json"], None, 2, "没有选项 --format"),
]


@pytest.mark.parametrize(("args", "stdin", "code", "expected"), [pytest.param(*case[2:], id=f"{case[0]}-{case[1]}") for case in CASES])
def test_command_table(args, stdin, code, expected, store, gold, tmp_path):
    result = invoke(*expand(args, store, gold, tmp_path), stdin=stdin)
    assert result.exit_code == code, result.output
    assert expected in result.output, result.output


@pytest.mark.parametrize(("args", "code", "expected"), [
    pytest.param(["ingest", str(TEXTS / "yq-draft-2024.txt"), "-o", UNWRITABLE], 73, "ERROR [E_OUTPUT_UNWRITABLE]", id="unwritable"),
    pytest.param(["ingest", str(TEXTS / "yq-draft-2024.txt"), "-o", "{tmp}/out", "--lang", "en"], 0,
                 "summary: 1 ok, 0 skipped, 0 failed", id="english"),
    pytest.param(["ingest", str(TEXTS / "yq-draft-2024.txt"), "-o", "{tmp}/out", "--jobs", "x"], 2,
                 "ERROR [E_USAGE] policyx ingest: '--jobs' / '-j' 的值应为整数", id="bad"),
    pytest.param(["ingest", "{tmp}/nothing-here"], 66, "ERROR [E_NO_INPUT]", id="no input"),
])
def test_ingest_table(args, code, expected, tmp_path):
    """ingest reads folders, never standard input, and writes a folder: 73 when it cannot (its documented code)."""
    (tmp_path / "nothing-here").mkdir()
    done = policyx(*[arg.replace("{tmp}", str(tmp_path)) for arg in args])
    assert done.returncode == code, done.stderr
    assert expected in done.stderr


def test_ingest_ends_in_chinese_and_names_errors_jsonl_only_when_something_failed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TEXTS / "yq-draft-2024.txt", folder)
    done = policyx("ingest", str(folder), "--out", str(tmp_path / "out"))
    assert done.returncode == 0 and done.stderr.rstrip().endswith("汇总：完成 1，跳过 0，失败 0")
    assert "errors.jsonl" not in done.stderr
    (folder / "empty.txt").write_bytes(b"")
    again = policyx("ingest", str(folder), "--out", str(tmp_path / "out"), "--quiet")
    assert again.returncode == 1
    lines = again.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"ERROR [E_EMPTY_FILE] {folder / 'empty.txt'}: 文件为空")
    assert lines[1] == f"汇总：完成 0，跳过 1，失败 1；失败的文件见 {tmp_path / 'out' / 'errors.jsonl'}"


def test_verbose_lists_each_document_and_quiet_only_the_summary(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TEXTS / "yq-draft-2024.txt", folder)
    verbose = policyx("ingest", str(folder), "--out", str(tmp_path / "out"), "-v")
    assert f"完成 {folder / 'yq-draft-2024.txt'} → yq-draft-2024" in verbose.stderr
    quiet = policyx("ingest", str(folder), "--out", str(tmp_path / "out"), "-q", "--force")
    assert quiet.stderr == "汇总：完成 1，跳过 0，失败 0\n"


# ---- progress off a terminal


class Pipe:
    """A stream that is not a terminal, as in CI or `| tee`."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class Row:
    def __init__(self) -> None:
        self.status, self.failure, self.note, self.path, self.doc_id = "ok", None, "", "a.txt", "a"


def test_progress_off_a_terminal_is_a_line_every_fifty_documents_or_ten_seconds():
    from extractor.render.ingest import Reporter

    now = [0.0]
    pipe = Pipe()
    with Reporter(pipe, total=120, clock=lambda: now[0]) as report:
        for k in range(1, 120):
            now[0] = 3.0 * k if k < 5 else 12.0 + k * 0.01  # the fourth document comes 12 s after the start
            report.row(Row())
    assert pipe.text.splitlines() == ["已读 4/120（失败 0）", "已读 50/120（失败 0）", "已读 100/120（失败 0）"]


def test_eval_shows_progress_lines_off_a_terminal(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    for doc in ("jz-jinchuanggu-2025", "sx-jinchuanggu-5-2023", "sx-kjcxc-4-2016", "yq-draft-2024", "sx-jinchuanggu-plan-2024"):
        shutil.copy(CORPUS / "gold" / f"{doc}.jsonl", folder)
    from extractor.render.ingest import Ticker

    now = [0.0]
    pipe = Pipe()
    with Ticker(pipe, "评估", clock=lambda: now[0]) as ticker:
        for done in range(1, 6):
            now[0] = 11.0 * done
            ticker.update(done, 5)
    assert pipe.text.splitlines() == ["评估 1/5", "评估 2/5", "评估 3/5", "评估 4/5"]


# ---- amounts given as people write them


@pytest.mark.parametrize("base", ["500万", "500万元", "5,000,000 元", "0.05亿元", "5000000"])
def test_calc_reads_a_base_as_people_write_it(base):
    result = invoke("calc", YQ, "--clause", "四/15", "--select", "交易额", "--base", base, "--format", "json")
    assert result.exit_code == 0, result.output
    assert Decimal(json.loads(result.stdout)["amount"]) == Decimal(250000)  # 5% of 500万, under the 30万 cap


def test_calc_traces_and_answers_in_one_notation():
    result = invoke("calc", YQ, "--clause", "四/15", "--select", "交易额", "--base", "500万", "--explain")
    assert result.exit_code == 0
    assert "：25万元" in result.output and "× 5%" in result.output and "原文（字符 2980–3195）" in result.output


def test_a_report_goes_to_a_file_atomically_and_nothing_to_stdout(tmp_path):
    out = tmp_path / "deep" / "r.md"
    result = invoke("diff", YQ, YQ_FINAL, "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# 政策对比：")
    assert [p.name for p in out.parent.iterdir()] == ["r.md"]  # no temporary file left


def test_a_read_only_folder_is_unwritable_too(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root writes anywhere but /proc
            pytest.skip("running as root: a read-only folder is writable")
        result = invoke("show", YQ, "-o", str(folder / "tree.txt"))
        assert result.exit_code == 2 and "E_OUTPUT_UNWRITABLE" in result.output
    finally:
        folder.chmod(0o700)


def test_stdin_on_a_terminal_is_refused_with_a_hint(monkeypatch):
    from extractor.cli import frame
    from extractor.errors import UsageError

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(frame.sys, "stdin", Terminal())
    with pytest.raises(UsageError) as caught:
        frame.notice_argument("-")
    assert caught.value.code == "E_USAGE" and "cat" in caught.value.zh_hint


# ---- kept from before


def test_show_prints_the_clause_tree():
    result = invoke("show", str(TEXTS / "jz-jinchuanggu-2025.txt"))
    assert result.exit_code == 0
    assert "一/（一）" in result.output and "四/（十四）" in result.output
    assert "责任单位: 晋中开发区管委会、晋中国家农高区管委会、运营公司" in result.output


def test_show_names_the_file_of_a_bad_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = invoke("show", str(empty))
    assert result.exit_code == 65
    assert "E_EMPTY_FILE" in result.output and "empty.txt" in result.output


def test_schema_writes_every_schema(tmp_path):
    result = invoke("schema", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (ROOT / "schemas").iterdir())


def test_a_run_in_english_leaves_the_caller_s_language_as_it_was():
    """`--lang en` is that run's: a library call after it (in the same process) speaks Chinese again."""
    from extractor.render.language import language

    assert invoke("show", YQ, "--lang", "en").exit_code == 0
    assert language() == "zh"
