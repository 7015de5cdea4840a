"""The HTML diff report in a real browser: Debian's chromium, headless, driven by Playwright.

Checks what a reader sees (the summary, the struck and inserted figures, hostile
text shown literally) and that the page does nothing else: no dialog, no request
beyond the file itself. Skips, saying why, when chromium or playwright is missing
(`scripts/install_browser.sh` installs chromium when run as root).
"""

from __future__ import annotations

import re

import pytest

from extractor.render.diff import report_to_html

from .test_diff_report import HOSTILE, PAYLOADS, hand_report


class Watched:
    """A page whose dialogs are recorded (and dismissed) and whose every request is recorded and, but for `allowed`, aborted."""

    def __init__(self, browser, allowed: str) -> None:
        self.page = browser.new_page(viewport={"width": 1000, "height": 800})
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.allowed = allowed

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if route.request.url == self.allowed:
            route.continue_()
        else:
            route.abort()


@pytest.fixture(scope="module")
def shown(browser, tmp_path_factory):
    """The hand-built report, with hostile strings and an RLO in its texts, opened from a file."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report_to_html(hand_report(HOSTILE + "\u202e")), encoding="utf-8")
    watched = Watched(browser, path.as_uri())
    watched.page.goto(path.as_uri())
    yield watched
    watched.page.close()


def test_summary_heading_and_counts_are_visible(shown):
    page = shown.page
    assert page.get_by_role("heading", name="摘要").is_visible()
    counts = page.locator("table", has=page.locator("caption", has_text="各状态条款数"))
    assert counts.is_visible()
    assert counts.locator("th").all_inner_texts() == ["未变", "重新编号", "移动", "修改", "新增", "删除", "合并", "拆分", "合计"]
    assert counts.locator("td").all_inner_texts() == ["1", "1", "1", "2", "1", "1", "2", "2", "11"]
    assert page.get_by_text("上限 30万元 → 50万元，+20万元").is_visible()


def test_summary_is_above_the_changed_clauses(shown):
    page = shown.page
    summary = page.get_by_role("heading", name="摘要").bounding_box()
    changed = page.get_by_role("heading", name="变化的条款").bounding_box()
    assert summary["y"] < changed["y"]


def test_changed_figures_are_struck_through_and_inserted(shown):
    page = shown.page
    struck = page.locator("del", has_text=re.compile(r"^30万元$"))
    inserted = page.locator("ins", has_text=re.compile(r"^50万元$"))
    assert struck.is_visible() and inserted.is_visible()
    assert (struck.inner_text(), inserted.inner_text()) == ("30万元", "50万元")
    assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in inserted.evaluate("e => getComputedStyle(e).textDecorationLine")


def test_hostile_text_is_shown_literally_and_runs_nothing(shown):
    page = shown.page
    body = page.locator("body").inner_text()
    for payload in PAYLOADS:
        assert payload in body
    assert "⟨U+202E⟩" in body and "\u202e" not in body
    assert page.locator("script, img, iframe, object, embed, a, link").count() == 0
    assert shown.dialogs == []


def test_no_request_leaves_the_page(shown):
    assert shown.requests == [shown.allowed]


def test_the_request_trap_catches_requests(browser, tmp_path):
    """Control: a page that does load something is caught, so an empty list above means something."""
    path = tmp_path / "leaky.html"
    path.write_text('<img src="https://example.invalid/x.png"><p>x</p>', encoding="utf-8")
    watched = Watched(browser, path.as_uri())
    watched.page.goto(path.as_uri())
    assert watched.requests == [path.as_uri(), "https://example.invalid/x.png"]
    watched.page.close()
