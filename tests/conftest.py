"""Shared fixtures: the bundled corpus and its notices, read once per session."""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import pytest

from extractor.models import Notice
from extractor.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TEXTS = CORPUS / "text"
REALWORLD = ROOT.parent / "shared" / "realworld" / "docs"  # the real documents, kept outside the repository
SEED_IDS = ("yq-draft-2024", "sx-jinchuanggu-5-2023", "sx-kjcxc-4-2016", "jz-jinchuanggu-2025", "sx-jinchuanggu-plan-2024")


@cache
def read_notice(path: Path) -> Notice:
    """Run the pipeline once per file for the whole session."""
    return run(path)


@pytest.fixture(scope="session")
def seeds() -> dict[str, Notice]:
    """The five seed notices, read from corpus/text."""
    return {doc_id: read_notice(TEXTS / f"{doc_id}.txt") for doc_id in SEED_IDS}


# The system chromium the browser tests drive (tests/test_diff_browser.py, tests/test_serve_browser.py).
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def skip(reason: str) -> None:
    """Skip, and say why in the warnings summary too: the default run does not list skip reasons."""
    warnings.warn(reason, stacklevel=2)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        skip(f"chromium not installed: {CHROMIUM} is missing (run scripts/install_browser.sh as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        skip(f"chromium not installed: the playwright package is missing ({error}); pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()
