"""The JSON Schemas in schemas/ are the models' own, and the records round-trip."""

from __future__ import annotations

from extractor.models import Notice
from extractor.schemas import model_schemas

from .conftest import ROOT


def test_schemas_are_current():
    stale = [name for name, text in model_schemas().items()
             if not (ROOT / "schemas" / name).exists() or (ROOT / "schemas" / name).read_text(encoding="utf-8") != text]
    assert stale == [], f"run `policyx schema --out schemas` to regenerate {stale}"


def test_notice_round_trips_through_json(seeds):
    for notice in seeds.values():
        assert Notice.model_validate_json(notice.model_dump_json()) == notice
