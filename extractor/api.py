"""The library behind every `policyx` command: one function a command, for programs that want its answers.

    ingest           ingest_paths(paths, out=…)            → exit code; records, dataset, store under out
    show, extract    run(path) / run_bytes(data)            → Notice
    calc             calc_clause(notice, path, select, inputs), run_scenarios(notice, gold)
    match            match_files(profile, paths, as_of, include_drafts) → MatchReport
    profile          read_profile(path), template(), profile_schema()
    diff             diff_files(old, new)                   → DiffReport with its inputs recorded
    eval             evaluate_corpus(gold, docs)            → CorpusEvaluation
    eval-conditions  evaluate_condition_files(gold, docs)
    search, export   db.search(connect(db), query, …), table_bytes(connect(db), table, to)
    schema           write_schemas(folder)

Each raises a PolicyxError subclass with a stable code on input it cannot use; none prints.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .batch.driver import discover, ingest_paths
from .calculate import calc_clause, make_inputs
from .conditions_eval import evaluate_condition_files
from .db import connect, search
from .diff import diff_files
from .errors import NoInputError
from .evaluate import evaluate_corpus
from .export import table_bytes
from .match import MatchReport, match
from .pipeline import run, run_bytes
from .profile import profile_schema, read_profile, template
from .scenarios import run_scenarios
from .schemas import write_schemas

__all__ = [
    "calc_clause", "connect", "diff_files", "evaluate_condition_files", "evaluate_corpus", "ingest_paths", "make_inputs",
    "match_files", "profile_schema", "read_profile", "run", "run_bytes", "run_scenarios", "search", "table_bytes",
    "template", "write_schemas",
]


def match_files(profile_path: Path, paths: list[Path], as_of: dt.date | None = None,
                include_drafts: bool = False) -> MatchReport:
    """Read an applicant's profile and every notice in `paths` (files or folders), and match them as of a day."""
    applicant = read_profile(profile_path)
    files = discover(paths)
    if not files:
        raise NoInputError("no notice files found", path=" ".join(map(str, paths)), zh="没有找到通知文件",
                           hint="give notice files or folders that hold them", zh_hint="给出通知文件或其所在目录")
    return match(applicant, [run(path) for path in files], as_of=as_of, include_drafts=include_drafts)
