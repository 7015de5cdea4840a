"""`policyx serve` in a real browser: Debian's chromium, headless, driven by Playwright, against a live server.

Walks the four flows on the bundled notices and checks what a person sees: a highlighted 30万元
marked 上限 with its rule on hover, the calculator's answer and trace, the match total, the
diff's 30万元 → 50万元 side by side; uploads hostile files and sees the error page while the
server goes on. No request leaves the server, no dialog opens. Screenshots of every page are
written to outputs/screenshots/serve/ for a person to look at. Skips, saying why, when chromium
or playwright is missing (as tests/test_diff_browser.py does).
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.calculate import calculate, make_inputs, select_term, yuan
from extractor.pipeline import run
from extractor.scenarios import record_view

from .conftest import ROOT, TEXTS
from .test_serve import HAND_TOTAL, PROFILE_FORM, SCRIPTS_ONLY, docx_bomb, served_store  # noqa: F401 (a fixture)

SCREENSHOTS = ROOT / "outputs" / "screenshots" / "serve"
GOOD_NOTICE = "关于支持科技创新的若干措施\n第一条　对新认定的高新技术企业给予20万元奖励。\n第二条　本措施自2025年1月1日起施行。\n"


@pytest.fixture(scope="module")
def live(served_store, tmp_path_factory):  # noqa: F811
    """The workbench on a free port of 127.0.0.1, over a copy of the store, in a thread of this process."""
    uvicorn = pytest.importorskip("uvicorn", reason="the serve extra is not installed: pip install -e '.[serve]'")
    from extractor.serve.app import Settings, create_app

    folder = tmp_path_factory.mktemp("live") / "store"
    shutil.copytree(served_store, folder)
    app = create_app(Settings(db=folder / "policyx.db", records=folder))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(20)


class Watched:
    """A page whose dialogs are recorded (and dismissed) and whose requests are recorded; any to another origin aborted."""

    requests: list[str] = []  # every test's, for the last check

    def __init__(self, browser, origin: str, **options) -> None:
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900}, **options)
        self.page = self.context.new_page()
        self.origin = origin
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        Watched.requests.append(route.request.url)
        if route.request.url.startswith(self.origin + "/"):
            route.continue_()
        else:
            route.abort()

    def shot(self, name: str, full_page: bool = True) -> None:
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    def close(self) -> None:
        assert self.dialogs == []
        self.context.close()


@pytest.fixture
def watched(browser, live):
    watched = Watched(browser, live)
    yield watched
    watched.close()


def test_a_search_leads_to_a_notice_with_its_30_wan_cap_marked(watched, live):
    page = watched.page
    page.goto(live + "/")
    assert page.get_by_role("heading", name="通知").is_visible() and page.get_by_text("共 6 份通知").is_visible()
    watched.shot("01-notices")
    page.fill("input[name=q]", "技术转移 奖励")
    page.fill("input[name=region]", "阳泉")
    page.get_by_role("button", name="查找").click()
    group = page.locator("section.hit-group", has=page.locator(".badge", has_text="征求意见稿"))
    assert group.is_visible()
    watched.shot("02-search")
    group.get_by_role("link", name="四/15").click()
    article = page.locator("article[id='c-四/15']")
    cap = article.locator("span.fig.role-cap", has=page.locator("mark", has_text=re.compile(r"^30万元$")))
    assert cap.is_visible() and cap.locator("sup.role").inner_text() == "上限"
    assert cap.locator("mark").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 226, 184)"
    tip = cap.locator(".tip")
    assert tip.is_hidden()
    cap.hover()
    assert tip.is_visible() and tip.inner_text() == "上限 30万元 · 规则 cap.before · 提示词 最高 · 字符 3174–3178"
    assert article.locator("p.units").inner_text() == "责任单位：市科技局、市财政局"
    assert article.get_by_text("比例：交易额 × 5%，最高 30万元").is_visible()
    article.screenshot(path=str(SCREENSHOTS / "03-notice-clause-hover.png"))
    watched.shot("03-notice")


def _expected_trace() -> list[str]:
    notice = run(TEXTS / "yq-draft-2024.txt")
    view = record_view(notice, next(c for c in notice.clauses() if c.path == "四/15"))
    return [step.what for step in calculate(select_term(view, "交易额"), make_inputs(5000000), view).trace]


def test_the_calculator_answers_with_its_trace(watched, live):
    page = watched.page
    page.goto(live + "/notices/yq-draft-2024")
    page.locator("article[id='c-四/15']").get_by_role("link", name="计算").click()
    assert page.get_by_role("heading", name="计算器").is_visible()
    page.locator("label.choice", has_text="交易额 × 5%").locator("input").check()
    page.fill("input[name=base]", "500万")
    page.get_by_role("button", name="计算", exact=True).click()
    assert page.locator("p.answer").inner_text() == yuan(Decimal(250_000))
    trace = _expected_trace()
    assert page.locator("ol.trace li").all_inner_texts() == trace and trace[-1].endswith(f"未超过上限 {yuan(Decimal(300_000))}")
    watched.shot("04-calculator")


def test_a_profile_typed_in_the_form_gets_the_match_total(watched, live):
    page = watched.page
    page.goto(live + "/match")
    for name, value in PROFILE_FORM.items():
        page.fill(f"[name={name}]", value) if name != "applicant" else page.select_option("[name=applicant]", value)
    page.get_by_role("button", name="匹配", exact=True).click()
    assert page.locator("td.grand").inner_text() == HAND_TOTAL
    assert page.locator("td.mark", has_text="✓").first.is_visible() and page.locator("td.mark", has_text="?").first.is_visible()
    assert page.get_by_role("heading", name="未纳入").is_visible()
    watched.shot("05-match")
    page.emulate_media(media="print")
    assert page.locator("form.match").is_hidden() and page.locator("header.site").is_hidden()
    assert page.locator("td.grand").is_visible()
    watched.shot("06-match-print")


def test_two_versions_show_30_wan_struck_and_50_wan_inserted_side_by_side(watched, live):
    page = watched.page
    page.goto(live + "/diff")
    page.fill("input[name=old]", "yq-draft-2024")
    page.fill("input[name=new]", "yq-final-2024")
    page.get_by_role("button", name="对比", exact=True).click()
    assert page.get_by_text("四/15 → 四/16：上限 30万元 → 50万元，+20万元").is_visible()
    article = page.locator("article.change", has=page.locator("h3", has_text=re.compile(r"^\s*四/15 → 四/16")))
    struck = article.locator(".old del", has_text=re.compile(r"^30万元$"))
    inserted = article.locator(".new ins", has_text=re.compile(r"^50万元$"))
    assert struck.is_visible() and inserted.is_visible()
    assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecorationLine")
    old_box, new_box = article.locator(".old").bounding_box(), article.locator(".new").bounding_box()
    assert old_box["x"] + old_box["width"] <= new_box["x"] and abs(old_box["y"] - new_box["y"]) < 1
    article.scroll_into_view_if_needed()
    article.screenshot(path=str(SCREENSHOTS / "07-diff-clause.png"))
    watched.shot("07-diff")
    page.get_by_role("link", name=re.compile("完整对比报告")).click()
    assert page.locator("del", has_text=re.compile(r"^30万元$")).first.is_visible()
    watched.shot("08-diff-report")


def test_an_uploaded_file_is_read_and_appears_in_the_list(watched, live, tmp_path):
    page = watched.page
    path = tmp_path / "科技创新措施.txt"
    path.write_text(GOOD_NOTICE, encoding="utf-8")
    page.goto(live + "/upload")
    watched.shot("09-upload")
    page.set_input_files("input[name=file]", str(path))
    assert page.locator("[data-chosen]").inner_text().startswith("已选择：科技创新措施.txt")
    page.get_by_role("button", name="读入").click()
    assert page.get_by_role("status").inner_text().startswith("已在隔离进程中读入“科技创新措施.txt”")
    assert page.locator("span.fig.role-award mark", has_text="20万元").is_visible()
    watched.shot("10-uploaded")
    page.goto(live + "/")
    assert page.get_by_role("link", name="关于支持科技创新的若干措施").is_visible()


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {"script-laden-html": folder / "page.html", "zip-bomb-docx": folder / "bomb.docx", "100-MB-file": folder / "huge.pdf"}
    files["script-laden-html"].write_bytes(SCRIPTS_ONLY)
    files["zip-bomb-docx"].write_bytes(docx_bomb())
    with files["100-MB-file"].open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(100 * 2**20 + 1)
    return files


@pytest.mark.parametrize(("which", "code"), [
    pytest.param("script-laden-html", "E_NO_CONTENT", id="script-laden-html"),
    pytest.param("zip-bomb-docx", "E_ZIP_BOMB", id="zip-bomb-docx"),
    pytest.param("100-MB-file", "E_TOO_LARGE", id="100-MB-file"),
])
def test_a_hostile_upload_shows_the_error_page_and_the_server_goes_on(watched, live, hostile_files, which, code):
    page = watched.page
    page.goto(live + "/upload")
    page.set_input_files("input[name=file]", str(hostile_files[which]))
    page.get_by_role("button", name="读入").click()
    assert page.get_by_role("heading", name="无法完成").is_visible()
    assert page.locator("p.code code").inner_text() == code and page.locator("p.hint").is_visible()
    watched.shot(f"11-error-{which}")
    page.goto(live + "/")
    assert page.get_by_role("heading", name="通知").is_visible()
    assert page.locator("table.list tbody tr").count() >= 6


def test_a_notice_page_with_scripts_in_its_text_runs_none(watched, live, tmp_path):
    page = watched.page
    path = tmp_path / "带脚本的通知.html"
    path.write_text("<html><head><title>关于支持企业研发的通知</title><script>alert('head')</script></head><body>"
                    "<p>第一条　对企业研发投入给予10万元补助。&lt;script&gt;alert('text')&lt;/script&gt;</p>"
                    "<img src=x onerror=\"alert('img')\"><p>第二条　本通知自发布之日起施行。</p></body></html>", encoding="utf-8")
    page.goto(live + "/upload")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="读入").click()
    assert page.get_by_text("<script>alert('text')</script>", exact=False).first.is_visible()
    assert page.locator("img").count() == 0
    watched.shot("12-notice-with-scripts")


def test_the_pages_work_without_javascript(browser, live):
    watched = Watched(browser, live, java_script_enabled=False)
    page = watched.page
    page.goto(live + "/notices/yq-draft-2024/calc?clause=四/15")
    page.locator("label.choice", has_text="交易额 × 5%").locator("input").check()
    page.fill("input[name=base]", "1.2亿元")
    page.get_by_role("button", name="计算", exact=True).click()
    assert page.locator("p.answer").inner_text() == yuan(Decimal(300_000))  # 5% of 1.2亿元, capped
    page.goto(live + "/diff?old=yq-draft-2024&new=yq-final-2024")
    assert page.locator(".new ins", has_text=re.compile(r"^50万元$")).first.is_visible()
    watched.shot("13-no-javascript-diff")
    watched.close()


def test_no_request_left_the_server(live):
    assert Watched.requests and all(url.startswith(live + "/") for url in Watched.requests), [
        url for url in Watched.requests if not url.startswith(live + "/")]
