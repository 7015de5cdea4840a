"""Errors in the reader's language: a bad input refused by `policyx show` and `policyx ingest` is told in
Chinese by default and in English with --lang en; errors.jsonl keeps the English message beside the Chinese.

The inputs are the hostile ones of tests/test_bad_inputs_pdf.py, tests/test_bad_inputs_docs.py and
tests/test_hostile.py, built small; the rows assert the exit, the code and a few words of each language.
"""

from __future__ import annotations

import ast
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from extractor.errors import PolicyxError

from .conftest import ROOT
from .test_bad_inputs_docs import docx_bytes, notice_docx, repack, with_padded_body
from .test_cli import policyx

PDFS = ROOT / "tests" / "fixtures" / "pdf"
MANY_CLAUSES = "".join(f"{n}. 对第{n}类企业给予{n}元奖励。\n" for n in range(1, 102))


def fixture(name: str) -> Callable[[Path], Path]:
    return lambda folder: PDFS / name


def written(name: str, data: Callable[[], bytes]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data())
        return path
    return make


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, member in members.items():
            archive.writestr(name, member)
    return out.getvalue()


def bomb_docx() -> bytes:
    """8 MB of spaces in document.xml, compressed past the 100:1 a Word part never reaches (BAD_INPUTS #33, smaller)."""
    return with_padded_body(docx_bytes(notice_docx("第一条　补贴标准为100万元。")), b" ", 8 * 1024 * 1024)


def docx_without_content_types() -> bytes:
    return repack(docx_bytes(notice_docx("第一条　补贴标准为100万元。")), drop=("[Content_Types].xml",))


# id, input, options before the command, code, exit of show, exit of ingest, Chinese words, English words
CASES = [
    pytest.param(fixture("encrypted.pdf"), (), "E_PDF_ENCRYPTED", 65, 65, "PDF 已加密，无法读取",
                 "PDF is password-protected", id="encrypted-pdf"),  # BAD_INPUTS #14
    pytest.param(fixture("truncated.pdf"), (), "E_PDF_MALFORMED", 65, 65, "PDF 不完整或已损坏",
                 "PDF is truncated or corrupt", id="truncated-pdf"),
    pytest.param(fixture("html-renamed.pdf"), (), "E_TYPE_MISMATCH", 65, 65, "文件内容是网页，扩展名却是 .pdf",
                 "content is HTML, extension is .pdf", id="html-named-pdf"),
    pytest.param(written("empty.txt", lambda: b""), (), "E_EMPTY_FILE", 65, 65, "文件为空（0 字节）",
                 "file is empty (0 bytes)", id="empty-file"),  # BAD_INPUTS #1
    pytest.param(written("blank.txt", lambda: b" \n\t\n"), (), "E_EMPTY_FILE", 65, 65, "文件只有空白字符",
                 "file holds only whitespace", id="whitespace-only"),
    pytest.param(written("bomb.docx", bomb_docx), (), "E_ZIP_BOMB", 65, 65, "疑似压缩炸弹，未解压即拒绝",
                 "a zip bomb, refused without unpacking", id="zip-bomb-docx"),  # BAD_INPUTS #33
    pytest.param(written("bare.docx", docx_without_content_types), (), "E_DOCX_MALFORMED", 65, 65,
                 "Word 文件已损坏：缺少 [Content_Types].xml", "[Content_Types].xml is missing", id="docx-no-content-types"),
    pytest.param(written("table.docx", lambda: zip_of({"xl/workbook.xml": b"<workbook/>"})), (), "E_XLSX_MALFORMED",
                 65, 65, "Excel 表格已损坏：缺少 [Content_Types].xml", "not a valid XLSX: [Content_Types].xml is missing",
                 id="excel-named-docx"),
    pytest.param(written("many.txt", MANY_CLAUSES.encode), ("--max-clauses", "100"), "E_TOO_MANY_CLAUSES", 65, 65,
                 "通知有 101 个条款，超过上限 100 个", "the notice holds 101 clauses, more than 100", id="too-many-clauses"),
]


def languages(args: list[str]) -> tuple:
    """The command run in Chinese (the default, under a locale that is not English) and with --lang en."""
    return policyx(*args, env={"LC_ALL": "C.UTF-8"}), policyx("--lang", "en", *args, env={"LC_ALL": "C.UTF-8"})


@pytest.mark.parametrize(("make", "options", "code", "show_exit", "ingest_exit", "zh", "en"), CASES)
def test_show_says_it_in_chinese_and_in_english_with_lang_en(tmp_path, make, options, code, show_exit, ingest_exit,
                                                             zh, en):
    path = make(tmp_path)
    chinese, english = languages([*options, "show", str(path)])
    assert chinese.returncode == english.returncode == show_exit, chinese.stderr
    assert chinese.stderr.startswith(f"ERROR [{code}] {path}: ") and zh in chinese.stderr
    assert en not in chinese.stderr
    assert english.stderr.startswith(f"ERROR [{code}] {path}: ") and en in english.stderr
    assert zh not in english.stderr


@pytest.mark.parametrize(("make", "options", "code", "show_exit", "ingest_exit", "zh", "en"), CASES)
def test_ingest_says_it_in_chinese_and_keeps_english_in_errors_jsonl(tmp_path, make, options, code, show_exit,
                                                                     ingest_exit, zh, en):
    path = make(tmp_path)
    chinese, english = languages([*options, "ingest", str(path), "-o", str(tmp_path / "out"), "--quiet"])
    assert chinese.returncode == english.returncode == ingest_exit, chinese.stderr
    assert f"ERROR [{code}] {path}: " in chinese.stderr and zh in chinese.stderr and en not in chinese.stderr
    assert f"ERROR [{code}] {path}: " in english.stderr and en in english.stderr and zh not in english.stderr
    [failure] = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    assert failure["error_code"] == code
    assert en in failure["message"] and zh in failure["message_zh"]
    assert failure["hint_zh"] and not any("\u4e00" <= char <= "\u9fff" for char in failure["message"])


@pytest.mark.parametrize(("command", "exit_code", "code", "zh", "en"), [
    pytest.param("show", 2, "E_USAGE", "文件不存在：", "no such file", id="show"),
    pytest.param("ingest", 66, "E_INPUT_UNREADABLE", "无法打开文件（文件不存在）", "cannot open file", id="ingest"),
])
def test_a_missing_file_is_named_in_the_readers_language(tmp_path, command, exit_code, code, zh, en):
    missing = str(tmp_path / "gone.pdf")
    extra = ["-o", str(tmp_path / "out")] if command == "ingest" else []
    chinese, english = languages([command, missing, *extra])
    assert chinese.returncode == english.returncode == exit_code, chinese.stderr
    assert f"ERROR [{code}] " in chinese.stderr and zh in chinese.stderr and en not in chinese.stderr
    assert f"ERROR [{code}] " in english.stderr and en in english.stderr and zh not in english.stderr


# Modules whose messages are written in Chinese in the first place (the web workbench, the applicant's
# profile and what is matched against it): no second language to add there.
CHINESE_FIRST = ("match.py", "eligibility.py", "profile.py", "serve/")


def error_classes() -> set[str]:
    import extractor.batch.cluster
    import extractor.calculate
    import extractor.db
    import extractor.profile
    import extractor.serve  # noqa: F401 - their error classes are defined there

    found, todo = set(), [PolicyxError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def test_every_error_the_library_builds_carries_chinese_words():
    names = error_classes()
    lacking = []
    for path in sorted((ROOT / "extractor").rglob("*.py")):
        where = path.relative_to(ROOT / "extractor").as_posix()
        if where.startswith(CHINESE_FIRST):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            built = isinstance(node, ast.Call) and getattr(node.func, "id", None) in names
            if built and "zh" not in {keyword.arg for keyword in node.keywords}:
                lacking.append(f"{where}:{node.lineno} {node.func.id}")
    assert lacking == []


def test_every_issue_the_library_records_carries_chinese_words():
    lacking = []
    for path in sorted((ROOT / "extractor").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            built = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Issue"
            if built and "message_zh" not in {keyword.arg for keyword in node.keywords}:
                lacking.append(f"{path.relative_to(ROOT / 'extractor').as_posix()}:{node.lineno}")
    assert lacking == []


def test_a_doubtful_reading_is_noted_in_the_readers_language(tmp_path):
    text = "".join(f"{n}、对新认定的第{n}类企业给予{k}0万元奖励。\n" for k, n in enumerate("一二三", start=1))
    path = tmp_path / "nul.txt"
    path.write_bytes(text.encode("gbk").replace("奖励".encode("gbk"), "奖\x00励".encode("gbk"), 1))
    chinese = policyx("extract", str(path), "-v", "-o", str(tmp_path / "zh.jsonl"), env={"LANG": "C.UTF-8", "LC_ALL": ""})
    english = policyx("--lang", "en", "extract", str(path), "-v", "-o", str(tmp_path / "en.jsonl"))
    assert chinese.returncode == english.returncode == 0
    assert "W_NUL_BYTES nul: 文本中有 1 个 NUL 字节，读作空\n" in chinese.stderr
    assert "W_NUL_BYTES nul: 1 NUL byte(s) in the text, read as nothing\n" in english.stderr
