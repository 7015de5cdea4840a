"""`policyx serve` in process (Starlette's TestClient): every route, the form token, traversal, escaping, uploads.

The store is the bundled corpus read by `policyx ingest` (corpus/text and the 阳泉 final text of
corpus/diffs) into a temporary folder, once; tests that upload work on a copy of it.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest

from extractor.batch.driver import ingest_paths
from extractor.calculate import calculate, make_inputs, select_term, yuan
from extractor.errors import PolicyxError
from extractor.pipeline import run
from extractor.scenarios import record_view

from .conftest import CORPUS, TEXTS

starlette = pytest.importorskip("starlette", reason="the serve extra is not installed: pip install -e '.[serve]'")
from starlette.testclient import TestClient  # noqa: E402

from extractor.serve import ServeError, require_web  # noqa: E402
from extractor.serve.app import Settings, create_app  # noqa: E402
from extractor.serve.library import Records, check_store  # noqa: E402

FINAL = CORPUS / "diffs" / "yq-final-2024.txt"
STORED = ["jz-jinchuanggu-2025", "sx-jinchuanggu-5-2023", "sx-jinchuanggu-plan-2024", "sx-kjcxc-4-2016", "yq-draft-2024",
          "yq-final-2024"]
PROFILE = CORPUS / "profiles" / "jz-tech-sme.yaml"
# The profile of corpus/profiles/jz-tech-sme.yaml as typed into the form; the README's hand-worked total.
PROFILE_FORM = {"name": "晋中某科技型中小企业（示例）", "applicant": "企业", "region": "山西省晋中市榆次区",
                "parks": "晋创谷·晋中", "qualifications": "新认定的国家级科技企业孵化器\n为引进的科研团队缴纳社保",
                "counts": "博士: 2\n硕士: 1", "amounts": "技术交易额: 500万", "as_of": "2026-12-03"}
HAND_TOTAL = yuan(Decimal(1_750_000))  # written as the reports write sums
HOSTILE_TEXT = ("第一条　对新认定的企业给予30万元奖励。<script>alert('x')</script><img src=x onerror=alert(1)>\u202e\n"
                "第二条　本办法自发布之日起施行。\n")


def build_store(folder: Path) -> Path:
    """The bundled notices read by policyx ingest into `folder` (records and the store)."""
    code = ingest_paths([TEXTS, FINAL], out=folder, stream=io.StringIO())
    assert code == 0
    return folder


@pytest.fixture(scope="session")
def served_store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve-store"))


def settings_for(folder: Path) -> Settings:
    return Settings(db=folder / "policyx.db", records=folder, hosts=("testserver",))


@pytest.fixture(scope="module")
def client(served_store):
    with TestClient(create_app(settings_for(served_store))) as client:
        yield client


@pytest.fixture
def writable(served_store, tmp_path):
    """A client over a copy of the store, for tests that add to it."""
    folder = tmp_path / "store"
    shutil.copytree(served_store, folder)
    with TestClient(create_app(settings_for(folder))) as client:
        client.folder = folder
        yield client


def token(client) -> str:
    return re.search(r"csrf=([0-9a-f]{64})", client.get("/upload").text).group(1)


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.text)


def codes(response) -> list[str]:
    return page(response).xpath("//div[@class='problem']//code/text()")


def texts(nodes) -> list[str]:
    return [" ".join(node.text_content().split()) for node in nodes]


# --- Notices ---------------------------------------------------------------------------------------


def test_the_list_shows_every_stored_notice(client):
    response = client.get("/")
    assert response.status_code == 200
    shown = page(response).xpath("//table[@class='list']//tbody/tr/td[1]/span/text()")
    assert sorted(s.split(" · ")[0] for s in shown) == STORED
    assert "共 6 份通知" in response.text


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param({"q": "技术转移 奖励", "region": "阳泉"}, {"yq-draft-2024", "yq-final-2024"}, id="words-and-region"),
    pytest.param({"q": "技术转移 奖励", "region": "阳泉", "status": "final"}, {"yq-final-2024"}, id="final-only"),
    pytest.param({"q": "技术转移", "valid_on": "2028-01-01", "region": "阳泉"}, {"yq-draft-2024"}, id="final-expired-by-then"),
    pytest.param({"role": "cap", "min": "100万", "region": "阳泉"}, {"yq-draft-2024", "yq-final-2024"}, id="cap-of-a-million"),
])
def test_search_finds_clauses_by_words_and_filters(client, query, expected):
    response = client.get("/", params=query)
    assert response.status_code == 200
    links = page(response).xpath("//section[@class='hit-group']/h2/a/@href")
    assert {link.removeprefix("/notices/") for link in links} == expected


def test_search_lists_the_clause_with_its_figures(client):
    response = client.get("/", params={"q": "技术转移 奖励", "role": "cap", "region": "阳泉", "status": "draft"})
    hits = texts(page(response).xpath("//ul[@class='hits']/li"))
    assert any(hit.startswith("四/15 强化技术转移市场化服务") and "金额：100万元、30万元" in hit for hit in hits), hits


@pytest.mark.parametrize(("field", "value", "code"), [
    pytest.param("min", "很多", "E_NOT_AMOUNT", id="amount"),
    pytest.param("valid_on", "明年", "E_NOT_DATE", id="date"),
])
def test_a_filter_that_cannot_be_read_is_shown_with_its_code(client, field, value, code):
    response = client.get("/", params={field: value})
    assert response.status_code == 422 and codes(response) == [code]


def _clause(client, notice: str, path: str) -> lxml.html.HtmlElement:
    response = client.get(f"/notices/{notice}")
    assert response.status_code == 200
    [article] = page(response).xpath(f"//article[@id='c-{path}']")
    return article


def test_a_notice_marks_each_figure_with_its_role_and_why(client):
    article = _clause(client, "yq-draft-2024", "四/15")
    figures = [(f.xpath("string(mark)"), f.xpath("string(sup)"), f.get("class")) for f in article.xpath(".//span[@tabindex]")]
    assert figures == [("100万元", "上限", "fig role-cap"), ("30万元", "奖励", "fig role-award"),
                       ("10万元", "奖励", "fig role-award"), ("5%", "奖励", "fig role-award"),
                       ("30万元", "上限", "fig role-cap")]
    cap = article.xpath(".//span[@tabindex]")[-1]
    tip = "上限 30万元 · 规则 cap.before · 提示词 最高 · 字符 3174–3178"
    assert cap.get("title") == cap.xpath("string(span[@class='tip'])") == tip


def test_a_notice_shows_its_terms_in_chinese_and_its_units(client):
    article = _clause(client, "yq-draft-2024", "四/15")
    terms = [t.split(" 适用：")[0] for t in texts(article.xpath(".//ul[@class='terms']/li"))]
    assert terms == ["最高限额：最高 100万元", "定额：30万元", "定额：10万元", "比例：交易额 × 5%，最高 30万元"]
    assert texts(article.xpath(".//p[@class='units']")) == ["责任单位：市科技局、市财政局"]


def test_a_notice_shows_its_metadata_tree_and_versions(client):
    response = client.get("/notices/yq-draft-2024")
    tree = page(response)
    meta = dict(zip(texts(tree.xpath("//dl/dt")), texts(tree.xpath("//dl/dd")), strict=True))
    assert meta["发文机关"] == "阳泉市科学技术局" and meta["意见截止日期"] == "2024-10-10"
    assert meta["叠加原则"] == "从优、就高、不重复"
    assert "一/1 强化创新主体引育" not in response.text and texts(tree.xpath("//h4"))[0] == "一 强化创新主体引育"
    assert "/diff?old=yq-draft-2024&new=yq-final-2024" in tree.xpath("//section[@class='versions']//a/@href")


def test_a_notice_not_in_the_store_is_not_found(client):
    response = client.get("/notices/no-such-notice")
    assert response.status_code == 404 and "E_NOT_FOUND" in response.text


def test_a_stored_notice_without_its_record_says_so(served_store):
    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copy(served_store / "policyx.db", folder / "policyx.db")
        with TestClient(create_app(settings_for(folder))) as bare:
            response = bare.get("/notices/yq-draft-2024")
        assert response.status_code == 422 and "E_NO_RECORD" in response.text
    finally:
        shutil.rmtree(folder)


def test_a_record_that_cannot_be_read_says_so(writable):
    (writable.folder / "yq-draft-2024.json").write_text('{"id": "yq-draft-2024"}', encoding="utf-8")
    response = writable.get("/notices/yq-draft-2024")
    assert response.status_code == 422 and "E_RECORD_CORRUPT" in response.text


def test_a_bug_gets_the_error_page_not_a_traceback(served_store, monkeypatch):
    from extractor.serve import views

    def broken(notice):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(views, "tree", broken)
    with TestClient(create_app(settings_for(served_store)), raise_server_exceptions=False) as client:
        response = client.get("/notices/yq-draft-2024")
    assert response.status_code == 500 and "E_INTERNAL" in response.text and "secret detail" not in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'")


# --- Traversal -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/notices/..%2F..%2Fetc%2Fpasswd", "/notices/%2e%2e", "/notices/..%2Fpolicyx", "/static/..%2F..%2F..%2Fpyproject.toml",
    "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml", "/static/../app.py", "/static//etc/passwd",
    "/diff/report?old=../../etc/passwd&new=yq-final-2024",
])
def test_no_path_leads_out_of_the_served_folders(client, path):
    response = client.get(path)
    assert response.status_code in (404, 422)
    assert "root:" not in response.text and "[project]" not in response.text and "def create_app" not in response.text


@pytest.mark.parametrize("notice", ["../yq-draft-2024", "..", ".hidden", "a/b", "yq-draft-2024\x00", "/etc/passwd"])
def test_a_record_path_is_made_only_from_a_plain_id(served_store, notice):
    assert Records(served_store).path(notice) is None


# --- Calculator ------------------------------------------------------------------------------------


def test_the_calculator_gives_the_cli_answer_and_trace(client):
    form = {"clause": "四/15", "term": "3", "base": "500万"}
    response = client.post(f"/notices/yq-draft-2024/calc?csrf={token(client)}", data=form)
    assert response.status_code == 200
    tree = page(response)
    notice = run(TEXTS / "yq-draft-2024.txt")
    view = record_view(notice, next(c for c in notice.clauses() if c.path == "四/15"))
    expected = calculate(select_term(view, "交易额"), make_inputs(5000000), view)
    assert texts(tree.xpath("//p[@class='answer']")) == [yuan(expected.amount)] and expected.amount == 250_000
    assert texts(tree.xpath("//ol[@class='trace']/li")) == [step.what for step in expected.trace]
    assert "原文（字符 2980–3195）" in tree.xpath("string(//p[@class='source'])")


def test_the_calculator_form_lists_the_clause_terms(client):
    response = client.get("/notices/yq-draft-2024/calc", params={"clause": "四/15"})
    choices = texts(page(response).xpath("//label[@class='choice']"))
    assert len(choices) == 4 and choices[3].startswith("比例：交易额 × 5%，最高 30万元")


@pytest.mark.parametrize(("form", "code"), [
    pytest.param({"base": "很多"}, "E_NOT_AMOUNT", id="base-not-an-amount"),
    pytest.param({"count": "-1", "term": "1"}, "E_NEGATIVE_INPUT", id="negative-count"),
    pytest.param({"years": "三年"}, "E_NOT_NUMBER", id="years-not-a-number"),
    pytest.param({"term": "9"}, "E_SELECT_NONE", id="no-such-term"),
])
def test_a_question_the_calculator_cannot_answer_shows_its_code(client, form, code):
    response = client.post(f"/notices/yq-draft-2024/calc?csrf={token(client)}", data={"clause": "四/15", "term": "3", **form})
    assert response.status_code == 400 and codes(response) == [code]


def test_a_rate_without_its_base_is_not_computable(client):
    response = client.post(f"/notices/yq-draft-2024/calc?csrf={token(client)}", data={"clause": "四/15", "term": "3"})
    assert texts(page(response).xpath("//p[@class='answer']"))[0].startswith("不可计算：缺少基数（交易额）")


# --- Match -----------------------------------------------------------------------------------------


def _total(response) -> str:
    return page(response).xpath("string(//td[@class='grand'])")


def test_a_profile_file_matches_to_the_hand_worked_total(client):
    with PROFILE.open("rb") as handle:
        response = client.post(f"/match?csrf={token(client)}", data={"as_of": "2026-12-03"},
                               files={"profile_file": ("jz-tech-sme.yaml", handle)})
    assert response.status_code == 200 and _total(response) == HAND_TOTAL
    marks = page(response).xpath("//table[@class='checks']//td[@class='mark']/text()")
    assert {"✓", "?"} <= set(marks)
    assert "未纳入" in response.text and "yq-draft-2024" in response.text


def test_the_profile_typed_in_the_form_gives_the_same_total(client):
    response = client.post(f"/match?csrf={token(client)}", data=PROFILE_FORM)
    assert response.status_code == 200 and _total(response) == HAND_TOTAL


def test_chosen_notices_only_are_matched(client):
    response = client.post(f"/match?csrf={token(client)}", data={**PROFILE_FORM, "notice": ["jz-jinchuanggu-2025"]})
    matched = {m.removeprefix("/notices/").split("#")[0] for m in page(response).xpath("//article//h3/a/@href")}
    assert matched == {"jz-jinchuanggu-2025"}


def test_the_printable_report_is_the_match_report(client):
    response = client.post(f"/match?csrf={token(client)}", data={**PROFILE_FORM, "format": "report"})
    assert response.status_code == 200 and response.text.startswith("<!DOCTYPE html>")
    assert "政策匹配报告" in response.text and HAND_TOTAL in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")


@pytest.mark.parametrize(("upload", "code"), [
    pytest.param(("p.yaml", "名称: x\n未知键: 1\n"), "E_PROFILE", id="unknown-key"),
    pytest.param(("p.yaml", "a: &x [1]\n名称: *x\n"), "E_PROFILE", id="yaml-alias"),
    pytest.param(("p.json", "[1, 2]"), "E_PROFILE", id="not-a-mapping"),
    pytest.param(("p.yaml", "名称: " + "x" * (1 << 20)), "E_TOO_LARGE", id="over-1-MiB"),
])
def test_a_profile_that_cannot_be_read_shows_its_code(client, upload, code):
    response = client.post(f"/match?csrf={token(client)}", files={"profile_file": upload})
    assert response.status_code in (413, 422) and code in response.text


def test_an_empty_profile_is_refused(client):
    response = client.post(f"/match?csrf={token(client)}", data={"applicant": ""})
    assert codes(response) == ["E_PROFILE"]


# --- Diff ------------------------------------------------------------------------------------------


def _sides(response, old_path: str, new_path: str) -> tuple[lxml.html.HtmlElement, lxml.html.HtmlElement]:
    [article] = [a for a in page(response).xpath("//article[contains(@class, 'change')]")
                 if " ".join(a.xpath("string(h3)").split()).startswith(f"{old_path} → {new_path}")]
    return article.xpath(".//div[@class='old']")[0], article.xpath(".//div[@class='new']")[0]


def test_two_stored_notices_are_compared_side_by_side(client):
    response = client.get("/diff", params={"old": "yq-draft-2024", "new": "yq-final-2024"})
    assert response.status_code == 200
    old, new = _sides(response, "四/15", "四/16")
    assert "30万元" in old.xpath(".//del/text()") and "50万元" in new.xpath(".//ins/text()")
    assert not new.xpath(".//del") and not old.xpath(".//ins")
    assert texts(page(response).xpath("//ol[@class='money']/li")) == ["二/4 → 二/6：奖励 100万元 → 150万元，+50万元",
                                                                     "四/15 → 四/16：上限 30万元 → 50万元，+20万元"]


def test_the_full_diff_report_is_the_cli_report(client):
    response = client.get("/diff/report", params={"old": "yq-draft-2024", "new": "yq-final-2024"})
    assert response.status_code == 200 and "<del>30万元</del>" in response.text and "<ins>50万元</ins>" in response.text
    assert "script" not in response.headers["content-security-policy"]


def test_two_uploaded_files_are_compared_and_not_stored(client):
    with (TEXTS / "yq-draft-2024.txt").open("rb") as old, FINAL.open("rb") as new:
        files = {"old_file": ("草稿.txt", old), "new_file": ("正式.txt", new)}
        response = client.post(f"/diff?csrf={token(client)}", files=files)
    assert response.status_code == 200
    old_side, new_side = _sides(response, "四/15", "四/16")
    assert "30万元" in old_side.xpath(".//del/text()") and "50万元" in new_side.xpath(".//ins/text()")
    assert "共 6 份通知" in client.get("/").text


# --- The form token, headers, hosts --------------------------------------------------------------


def test_a_first_visit_gets_a_strict_cookie(served_store):
    with TestClient(create_app(settings_for(served_store))) as fresh:
        cookie = fresh.get("/").headers["set-cookie"]
    assert re.fullmatch(r"policyx_csrf_\d+=[0-9a-f]{32}; HttpOnly; SameSite=Strict; Path=/", cookie)


@pytest.mark.parametrize("how", ["no-token", "wrong-token", "other-browser", "cross-site", "no-cookie"])
def test_a_form_without_its_token_is_refused_before_its_body_is_read(served_store, client, how):
    good = token(client)
    with TestClient(create_app(settings_for(served_store))) as other:
        stranger = token(other)  # a token of this server, but for another browser's cookie
    url = {"no-token": "/upload", "wrong-token": f"/upload?csrf={'0' * 64}", "other-browser": f"/upload?csrf={stranger}",
           "cross-site": f"/upload?csrf={good}", "no-cookie": f"/upload?csrf={good}"}[how]
    headers = {"sec-fetch-site": "cross-site"} if how == "cross-site" else {}
    if how == "no-cookie":
        with TestClient(create_app(settings_for(served_store))) as bare:
            response = bare.post(url, files={"file": ("a.txt", HOSTILE_TEXT.encode())})
    else:
        response = client.post(url, files={"file": ("a.txt", HOSTILE_TEXT.encode())}, headers=headers)
    assert response.status_code == 403 and "E_CSRF" in response.text
    assert "共 6 份通知" in client.get("/").text


@pytest.mark.parametrize("path", ["/", "/notices/yq-draft-2024", "/match", "/diff", "/upload", "/nope", "/static/app.css"])
def test_every_response_forbids_outside_resources_and_framing(client, path):
    headers = client.get(path).headers
    assert headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'; style-src 'self'")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"


def test_pages_load_nothing_from_elsewhere(client):
    for path in ("/", "/notices/yq-draft-2024", "/match", "/diff?old=yq-draft-2024&new=yq-final-2024", "/upload"):
        tree = page(client.get(path))
        sources = tree.xpath("//script/@src | //link/@href | //img/@src | //iframe/@src")
        assert all(src.startswith("/static/") or src == "data:," for src in sources), sources
        assert not tree.xpath("//script[not(@src)]"), "inline script"


def test_a_foreign_host_header_is_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


# --- Uploads ---------------------------------------------------------------------------------------


def _upload(client, name: str, data: bytes, **options):
    return client.post(f"/upload?csrf={token(client)}", files={"file": (name, data)}, **options)


def test_an_uploaded_notice_is_read_stored_and_listed(writable):
    response = _upload(writable, "../../新通知.txt", HOSTILE_TEXT.encode(), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/notices/%E6%96%B0%E9%80%9A%E7%9F%A5?")
    assert (writable.folder / "uploads" / "新通知.json").is_file() and not (writable.folder.parent / "新通知.txt").exists()
    shown = writable.get(response.headers["location"])
    banner = " ".join(page(shown).xpath("string(//p[@role='status'])").split())
    assert shown.status_code == 200 and banner == "已在隔离进程中读入“新通知.txt”，并加入库。"
    assert "共 7 份通知" in writable.get("/").text


def test_the_text_of_an_upload_is_shown_literally(writable):
    shown = _upload(writable, "hostile.txt", HOSTILE_TEXT.encode())
    assert shown.status_code == 200
    tree = page(shown)
    body = tree.xpath("string(//article[@id='c-第一条'])")
    assert "<script>alert('x')</script><img src=x onerror=alert(1)>" in body and "\u202e" not in shown.text
    assert [s.get("src") for s in tree.xpath("//script")] == ["/static/app.js"] and not tree.xpath("//img")


def test_the_same_file_again_is_filed_under_the_stored_notice(writable):
    first = _upload(writable, "a.txt", HOSTILE_TEXT.encode(), follow_redirects=False).headers["location"]
    again = _upload(writable, "a.txt", HOSTILE_TEXT.encode(), follow_redirects=False).headers["location"]
    assert first.split("?")[0] == again.split("?")[0] == "/notices/a" and again.endswith("&same=1")
    assert sorted(p.name for p in (writable.folder / "uploads").iterdir()) == ["a.json"]


def docx_bomb() -> bytes:
    """A 400 MB run of spaces in word/document.xml, packed in well under 1 MB (BAD_INPUTS #33)."""
    from .test_bad_inputs_docs import docx_bytes, notice_docx, with_padded_body

    return with_padded_body(docx_bytes(notice_docx("第一条　补贴标准为100万元。")), b" ", 400 << 20)


SCRIPTS_ONLY = (b"<html><head><script>alert(1)</script></head><body onload=alert(2)><script>document.write('x')</script>"
                b"<img src=x onerror=alert(3)><iframe src=javascript:alert(4)></iframe><svg onload=alert(5)></svg></body></html>")


@pytest.mark.parametrize(("name", "data", "status", "code"), [
    pytest.param("page.html", SCRIPTS_ONLY, 422, "E_NO_CONTENT", id="script-laden-html"),
    pytest.param("bomb.docx", None, 422, "E_ZIP_BOMB", id="zip-bomb-docx"),
    pytest.param("empty.pdf", b"", 422, "E_EMPTY_FILE", id="empty"),
    pytest.param("fake.pdf", "<html><body>第一条 补贴100万元。</body></html>".encode(), 422, "E_TYPE_MISMATCH", id="html-as-pdf"),
    pytest.param("large.txt", b"\xe8\xa1\xa5" * (8 << 20), 413, "E_TOO_LARGE", id="24-MB-text-refused-by-the-reader"),
])
def test_a_hostile_upload_gets_the_error_page_and_the_server_goes_on(writable, name, data, status, code):
    before = set(Path(tempfile.gettempdir()).glob("policyx-upload-*"))
    response = _upload(writable, name, docx_bomb() if data is None else data)
    assert response.status_code == status
    assert page(response).xpath("string(//p[@class='code']/code)") == code
    assert set(Path(tempfile.gettempdir()).glob("policyx-upload-*")) == before
    assert writable.get("/").status_code == 200 and "共 6 份通知" in writable.get("/").text


def test_a_file_over_100_MiB_is_refused(writable):
    response = _upload(writable, "huge.pdf", b"%PDF-1.7\n" + bytes(100 << 20))
    assert response.status_code == 413 and "E_TOO_LARGE" in response.text and "超过 100 MiB 的上限" in response.text
    assert writable.get("/").status_code == 200


def test_a_body_declared_too_large_is_refused_unread(writable):
    def body():
        yield b"x"

    response = writable.post(f"/upload?csrf={token(writable)}", content=body(),
                             headers={"content-type": "multipart/form-data; boundary=b", "content-length": str(300 << 20)})
    assert response.status_code == 413 and "上传内容为 300.0 MiB，超过 100 MiB 的上限，未予接收" in response.text


def test_an_upload_without_a_length_is_stopped_while_it_streams(writable):
    def body():
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n\r\n"
        for _ in range(200):
            yield bytes(1 << 20)
        yield b"\r\n--b--\r\n"

    response = writable.post(f"/upload?csrf={token(writable)}", content=body(),
                             headers={"content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413 and "停止接收" in response.text
    assert writable.get("/").status_code == 200


def test_an_upload_form_without_a_file_says_so(writable):
    response = writable.post(f"/upload?csrf={token(writable)}", files={"other": ("x.txt", b"x")})
    assert response.status_code == 422 and "E_NO_INPUT" in response.text


# --- Start-up --------------------------------------------------------------------------------------


def test_a_missing_store_is_refused_with_its_code(tmp_path):
    with pytest.raises(PolicyxError) as caught:
        check_store(tmp_path / "none.db")
    assert caught.value.code == "E_STORE_MISSING"


def test_the_web_packages_are_found():
    require_web()


def test_a_missing_web_package_is_a_coded_error(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "starlette" else real(name))
    with pytest.raises(ServeError) as caught:
        require_web()
    assert caught.value.code == "E_SERVE_MISSING" and caught.value.exit_code == 69



def test_a_notice_lists_its_doubtful_readings_in_chinese(writable):
    shown = _upload(writable, "hostile.txt", HOSTILE_TEXT.encode())
    notes = texts(page(shown).xpath("//details[summary[starts-with(., '读取提示')]]//li"))
    assert notes == [f"W_INVISIBLE_CHARS 1 个不可见的格式字符，读取时忽略（U+202E），位于偏移 {HOSTILE_TEXT.index(chr(0x202E))}"]


def test_a_search_with_more_hits_than_a_page_goes_on_to_the_next(client, monkeypatch):
    from extractor.serve import pages

    monkeypatch.setattr(pages, "HITS", 5)
    whole = [(hit.notice, hit.path) for hit in _all_hits(client, "奖励")]
    assert len(whole) > 10  # the corpus holds more than two pages of them
    first, second = client.get("/?q=奖励"), client.get("/?q=奖励&page=2")
    shown = [_hit_keys(first), _hit_keys(second)]
    assert shown == [whole[:5], whole[5:10]]  # in notice and clause order, none twice, none skipped
    count = " ".join(page(first).xpath("string(//p[@class='count'])").split())
    assert count == f"找到 {len(whole)} 条条款，第 1 页，每页 5 条；本页 {len({n for n, _ in whole[:5]})} 份通知"
    assert page(first).xpath("//nav[@class='pages']/a/text()") == ["下一页"]
    assert page(second).xpath("//nav[@class='pages']/a/text()") == ["上一页", "下一页"]
    last = client.get(f"/?q=奖励&page={-(-len(whole) // 5)}")
    assert page(last).xpath("//nav[@class='pages']/a/text()") == ["上一页"]


def _all_hits(client, query: str) -> list:
    from extractor.db import connect, search

    with contextlib.closing(connect(client.app.state.settings.db)) as conn:
        return search(conn, query, limit=10_000)


def _hit_keys(response) -> list[tuple[str, str]]:
    keys = []
    for group in page(response).xpath("//section[@class='hit-group']"):
        notice_id = unquote(group.xpath("h2/a/@href")[0].removeprefix("/notices/"))
        keys += [(notice_id, path) for path in group.xpath("ul[@class='hits']/li/a/strong/text()")]
    return keys
