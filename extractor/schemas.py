"""JSON Schemas of the records, written to `schemas/` by `policyx schema`."""

from __future__ import annotations

import json
from pathlib import Path

from .gold import GoldClause
from .match import MatchReport
from .models import CalcResult, FailedDocument, Notice
from .profile import profile_schema
from .store import atomic_write_text

SCHEMA_MODELS = {
    "notice": Notice,
    "failed-document": FailedDocument,
    "gold-clause": GoldClause,
    "calc-result": CalcResult,
    "match-report": MatchReport,
}


def model_schemas() -> dict[str, str]:
    """File name → schema text for every record type, as `policyx schema` writes it."""
    schemas = {name: model.model_json_schema() for name, model in SCHEMA_MODELS.items()}
    schemas["profile"] = profile_schema()  # Chinese keys beside the English ones
    return {f"{name}.schema.json": json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            for name, schema in schemas.items()}


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into `directory`; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in model_schemas().items():
        path = directory / name
        atomic_write_text(path, text)
        written.append(path)
    return written
