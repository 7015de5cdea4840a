"""Shared fixtures: the bundled corpus and its notices, read once per session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extractor.models import Notice
from extractor.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TEXTS = CORPUS / "text"
SEED_IDS = ("yq-draft-2024", "sx-jinchuanggu-5-2023", "sx-kjcxc-4-2016", "jz-jinchuanggu-2025", "sx-jinchuanggu-plan-2024")


@cache
def read_notice(path: Path) -> Notice:
    """Run the pipeline once per file for the whole session."""
    return run(path)


@pytest.fixture(scope="session")
def seeds() -> dict[str, Notice]:
    """The five seed notices, read from corpus/text."""
    return {doc_id: read_notice(TEXTS / f"{doc_id}.txt") for doc_id in SEED_IDS}
