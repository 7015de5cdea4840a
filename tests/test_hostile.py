"""Hostile and broken inputs (shared/reliability/BAD_INPUTS.md and cases users hit): nothing lost, nothing silent.

Each input is built here, small; each row asserts what is read, written or refused.
"""

from __future__ import annotations

import json
import re

import pytest

from extractor.pipeline import run_bytes


@pytest.mark.parametrize("line_end", ["\u2028", "\u2029", "\x85", "\r\n", "\r"],
                         ids=["line-separator", "paragraph-separator", "next-line", "crlf", "cr"])
def test_unicode_line_ends_end_lines(line_end):
    text = line_end.join(["一、对新认定的企业给予10万元奖励。", "二、对新引进的博士给予5万元补贴。", ""])
    notice = run_bytes(text.encode("utf-8"), "ends.txt")
    assert [c.path for c in notice.clauses()] == ["一", "二"]
    assert [str(f.value) for c in notice.clauses() for f in c.facts] == ["100000", "50000"]


def test_every_label_of_a_long_numbered_list_lands_in_a_clause():
    # counted from the text itself, not by the segmenter's own predicates: every printed "N." label,
    # past the fifth digit (item 10000. once merged into 9999.)
    text = "".join(f"{n}. 对第{n}类企业给予{n}元奖励。\n" for n in range(1, 10006))
    notice = run_bytes(text.encode("utf-8"), "long.txt")
    printed = [int(m.group(1)) for m in re.finditer(r"^(\d+)\. ", text, re.MULTILINE)]
    read = [int(re.match(r"(\d+)\.", c.text).group(1)) for c in notice.clauses()]
    assert read == printed == list(range(1, 10006))
    assert [str(f.value) for c in notice.clauses()[-3:] for f in c.facts] == ["10003", "10004", "10005"]


@pytest.mark.parametrize(("env", "code", "says"), [
    ({"POLICYX_MAX_CLAUSES": "100"}, "E_TOO_MANY_CLAUSES", "101 clauses, more than 100"),
    ({"POLICYX_MAX_CHARS": "1998"}, "E_TOO_LARGE", "1,999 characters, more than 1,998"),
], ids=["clauses", "characters"])
def test_a_notice_over_a_limit_is_refused_not_cut_short(monkeypatch, env, code, says):
    from extractor.errors import PolicyxError

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    text = "".join(f"{n}. 对第{n}类企业给予{n}元奖励。\n" for n in range(1, 102))
    with pytest.raises(PolicyxError) as caught:
        run_bytes(text.encode("utf-8"), "many.txt")
    assert caught.value.code == code and says in caught.value.message
    monkeypatch.setenv(next(iter(env)), "1000000")
    assert len(run_bytes(text.encode("utf-8"), "many.txt").clauses()) == 101


def test_the_limits_are_options_of_every_command_and_reach_the_batch_workers(tmp_path):
    text = "".join(f"{n}. 对第{n}类企业给予{n}元奖励。\n" for n in range(1, 102))
    (tmp_path / "many.txt").write_text(text, encoding="utf-8")
    (tmp_path / "few.txt").write_text("一、对新认定的企业给予10万元奖励。\n二、对新引进的博士给予5万元补贴。\n", encoding="utf-8")
    shown = _policyx("--max-clauses", "100", "show", str(tmp_path / "many.txt"))
    assert shown.returncode == 65
    assert "ERROR [E_TOO_MANY_CLAUSES]" in shown.stderr and "many.txt" in shown.stderr
    done = _policyx("--max-clauses", "100", "ingest", str(tmp_path / "many.txt"), str(tmp_path / "few.txt"),
                    "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    [failed] = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert failed["error_code"] == "E_TOO_MANY_CLAUSES" and failed["file"].endswith("many.txt")
    assert len((tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    bad = _policyx("show", str(tmp_path / "few.txt"), env={"POLICYX_MAX_CLAUSES": "many"})
    assert bad.returncode == 2 and "POLICYX_MAX_CLAUSES='many'" in bad.stderr


def test_a_page_of_nothing_but_furniture_is_refused_not_read_as_empty():
    from extractor.errors import PolicyxError

    page = ("<html><body><div class='nav'><a href='/'>首页</a> <a href='/a'>政务公开</a></div>"
            "<div>版权所有：某市人民政府 网站标识码：1234567890</div><p>打印本页 关闭窗口</p></body></html>")
    with pytest.raises(PolicyxError) as caught:
        run_bytes(page.encode(), "furniture.html")
    assert caught.value.code == "E_NO_CONTENT"


def test_a_gbk_notice_with_a_stray_nul_is_read_with_a_warning():
    text = "".join(f"{n}、对新认定的第{n}类企业给予{k}0万元奖励，由市科技局负责组织实施和绩效考核。\n"
                   for k, n in enumerate("一二三四五", start=1))
    data = text.encode("gbk").replace("奖励".encode("gbk"), "奖\x00励".encode("gbk"), 1)
    notice = run_bytes(data, "nul.txt")
    assert notice.source.encoding == "gb18030"
    assert [issue.code for issue in notice.issues] == ["W_NUL_BYTES"]
    assert [str(f.value) for c in notice.clauses() for f in c.facts] == ["100000", "200000", "300000", "400000", "500000"]
    assert notice.clauses()[0].terms[0].when.endswith("企业")


@pytest.mark.parametrize(("text", "says"), [
    ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", "别名"),
    ("name: 某企业\nrevenue: .nan\n", "不是档案可用的数字"),
    ("name: 某企业\nfacts: " + "[" * 12 + "1" + "]" * 12 + "\n", "嵌套超过"),
], ids=["billion-laughs", "nan", "deep-nesting"])
def test_hostile_profiles_are_refused_at_once_with_a_code(tmp_path, text, says):
    from extractor.errors import PolicyxError
    from extractor.match import read_profile

    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyxError) as caught:
        read_profile(path)  # refused before the aliases are expanded or the values are validated
    assert caught.value.code == "E_PROFILE" and says in caught.value.message
    assert len(caught.value.message) < 300  # names the problem, never dumps the expanded input


def test_an_edit_made_only_of_invisible_characters_is_reported():  # BAD_INPUTS #60
    from extractor.diff import compare, differs

    old = run_bytes("一、对新认定的企业给予20万元奖励。\n".encode(), "old.txt")
    new = run_bytes("一、对新认定的\u202e企业给予2\u200b0万元奖励。\n".encode(), "new.txt")
    report = compare(old, new)
    assert differs(report)
    [change] = report.clauses
    assert change.status == "modified"
    assert [(c.field, c.new) for c in change.changes] == [("text", "不可见字符 U+200B、U+202E")]


def test_text_drawn_over_itself_in_a_pdf_is_read_once(tmp_path):
    # the pages of a seed PDF as its reader sees them, each line drawn three times at its place
    # (a form repeated in the content stream): the figures are those of the PDF read once
    from pathlib import Path

    from extractor.ingest import pdf
    from extractor.pipeline import run

    source = Path(__file__).resolve().parents[1] / "corpus/pdf/yq-draft-2024.fpdf2.pdf"
    pages, engine = pdf._read_pages(source.read_bytes(), source, "auto", pdf.MAX_PAGES)
    once = pdf._assemble(pages, engine, source)
    thrice = pdf._assemble([[line for line in lines for _ in range(3)] for lines in pages], engine, source)
    assert thrice.text == once.text
    assert [i.code for i in thrice.issues if i.code == "W_PDF_REPEATED_TEXT"] == ["W_PDF_REPEATED_TEXT"]
    assert not [i for i in once.issues if i.code == "W_PDF_REPEATED_TEXT"]
    assert sum(len(c.facts) for c in run(source).clauses()) > 0


def test_mojibake_saved_as_text_is_warned():  # BAD_INPUTS #50: W_ENCODING_DOUBTFUL is the row's W_ENCODING_SUSPECT
    # UTF-8 bytes read as GBK and saved again as UTF-8: valid text, Chinese characters, no notice words
    text = "".join(f"{n}、对新认定的国家级重点实验室给予一次性奖励100万元，由市科技局负责组织实施。\n" for n in "一二三")
    mojibake = text.encode("utf-8").decode("gbk", errors="ignore")
    assert "奖励" not in mojibake
    notice = run_bytes(mojibake.encode("utf-8"), "mojibake.txt")
    assert "W_ENCODING_DOUBTFUL" in [issue.code for issue in notice.issues]
    clean = run_bytes(text.encode("utf-8"), "clean.txt")
    assert "W_ENCODING_DOUBTFUL" not in [issue.code for issue in clean.issues]


def _policyx(*args: str, env: dict | None = None, code: str | None = None):
    import os
    import subprocess
    import sys
    from pathlib import Path

    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "extractor", *args]
    return subprocess.run(command, cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_a_command_reading_documents_stops_at_its_time_limit_with_a_code(tmp_path):
    path = tmp_path / "long.txt"  # 15,000 clauses: several seconds of reading
    path.write_text("".join(f"{n}. 对第{n}类企业给予{n}元奖励。\n" for n in range(1, 15001)), encoding="utf-8")
    done = _policyx("show", str(path), env={"POLICYX_TIMEOUT": "1"})
    assert done.returncode == 65
    assert "ERROR [E_TIMEOUT] show:" in done.stderr and "Traceback" not in done.stderr


def test_a_command_that_runs_out_of_memory_fails_with_a_code():
    # the memory cap turns an allocation that does not fit into MemoryError; main() names it
    code = "\n".join([
        "import sys; sys.argv = ['policyx', 'show', 'corpus/text/yq-draft-2024.txt']",
        "import extractor.cli as cli",
        "def hog(**kwargs):",
        "    raise MemoryError",
        "cli.app = hog",
        "cli.main()",
    ])
    done = _policyx(code=code)
    assert done.returncode == 65
    assert "ERROR [E_RESOURCE_LIMIT] show:" in done.stderr and "Traceback" not in done.stderr
