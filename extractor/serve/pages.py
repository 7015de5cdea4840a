"""The pages: notices (list, search, one notice), the calculator, match, diff, upload.

GET pages only read (the store read-only, the records); POST pages carry the form token (checked
by `security.Guard` before the body is read) and read a bounded body. Work that takes time
(matching, comparing, reading an upload) runs in a thread, never on the event loop.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from .. import db as store
from ..calculate import CalcError, calculate, make_inputs
from ..diff import compare
from ..errors import PolicyxError
from ..match import match
from ..models import Notice
from ..profile import PROFILE_MAX_BYTES, ProfileError, profile_from, read_profile
from ..render.diff import CSP as REPORT_CSP
from ..render.diff import report_to_html
from ..render.labels import ROLES
from ..render.match import match_to_html
from ..scenarios import record_view
from . import ServeError, fields, uploads, views
from .app import error_page, render
from .library import list_notices, notice_row, places, reading, rows_by_id, sources, versions
from .security import read_form

PAGE = 50  # notices a list page shows
HITS = 100  # clauses a search shows
CHOICES = 200  # notices offered in the match and diff forms, and matched at most at once
FORM_BYTES = 64 * 1024  # a form without files
# A report page sent whole (its own inline style): nothing else allowed, no frames, no forms.
REPORT_HEADERS = {"content-security-policy": f"{REPORT_CSP}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"}


def _settings(request: Request):
    return request.app.state.settings


def _query(request: Request) -> dict[str, str]:
    return {key: value.strip() for key, value in request.query_params.items() if value.strip()}


# --- Notices ---------------------------------------------------------------------------------------


def notices(request: Request) -> HTMLResponse:
    """The list of notices, or the clauses a search finds, with the filters."""
    asked = _query(request)
    page = int(asked["page"][:6]) if asked.get("page", "").isdigit() and int(asked["page"][:6]) > 0 else 1
    problem, total, rows, hits = None, 0, [], []
    with reading(_settings(request).db) as conn:
        known = places(conn)
        try:
            filters, figures = _filters(asked)
            searching = bool(asked.get("q") or figures)
            per_page = HITS if searching else PAGE
            if searching:
                found = store.search(conn, asked.get("q", ""), limit=HITS, offset=(page - 1) * HITS, **filters, **figures)
                total = store.count_hits(conn, asked.get("q", ""), **filters, **figures)
                hits = _grouped(found, rows_by_id(conn, list(dict.fromkeys(h.notice for h in found))))
            else:
                total, rows = list_notices(conn, limit=PAGE, offset=(page - 1) * PAGE, **filters)
        except ServeError as exc:
            problem, per_page = exc, PAGE
    pages = {"previous": _page_link(asked, page - 1) if page > 1 else None,
             "next": _page_link(asked, page + 1) if page * per_page < total else None}
    return render(request, "notices.html", 422 if problem else 200, asked=asked, problem=problem, rows=rows, hits=hits,
                  total=total, page=page, pages=pages, places=known, roles=ROLES, limit=HITS)


def _filters(asked: dict[str, str]) -> tuple[dict, dict]:
    """The notice filters (region, status, validity) and the figure filters (role, sums) asked, as `db.search` takes them."""
    valid_on = fields.day(asked.get("valid_on"), "有效日期")
    notice = {"region": asked.get("region"), "status": asked.get("status") if asked.get("status") in ("draft", "final") else None,
              "valid_on": valid_on.isoformat() if valid_on else None}
    figures = {"role": asked.get("role") if asked.get("role") in ROLES else None,
               "minimum": fields.amount(asked.get("min"), "最低金额"), "maximum": fields.amount(asked.get("max"), "最高金额")}
    return notice, {name: value for name, value in figures.items() if value is not None}


def _grouped(found: list, rows: dict) -> list[tuple]:
    groups: dict[str, list] = {}
    for hit in found:
        groups.setdefault(hit.notice, []).append(hit)
    return [(rows.get(notice), notice, items) for notice, items in groups.items()]


def _page_link(asked: dict[str, str], page: int) -> str:
    return "/?" + urlencode({**asked, "page": str(page)})


def notice(request: Request) -> HTMLResponse:
    """One notice: metadata, versions, sources, and the clause tree with figures marked."""
    notice_id = request.path_params["notice"]
    with reading(_settings(request).db) as conn:
        row = notice_row(conn, notice_id)
        if row is None:
            raise HTTPException(404)
        linked, files = versions(conn, notice_id), sources(conn, notice_id)
    record = request.app.state.records.load(notice_id)
    return render(request, "notice.html", row=row, record=record, meta=record.metadata, versions=linked, files=files,
                  tree=views.tree(record), pieces=views.pieces, term_words=views.term_words,
                  condition_rows=views.condition_rows, uploaded=request.query_params.get("uploaded"),
                  same=request.query_params.get("same"))


# --- Calculator ------------------------------------------------------------------------------------


async def calc(request: Request) -> HTMLResponse:
    """A clause's terms, a form for base, count and years, and the amount with its trace."""
    notice_id = request.path_params["notice"]
    record: Notice = await run_in_threadpool(request.app.state.records.load, notice_id)
    given = dict(request.query_params)
    if request.method == "POST":
        form = await read_form(request, FORM_BYTES, files=0)
        given = {key: str(value) for key, value in form.items()}
    clauses = [c for c in record.clauses() if c.terms]
    clause = next((c for c in clauses if c.path == given.get("clause")), clauses[0] if clauses else None)
    result, problem = None, None
    if request.method == "POST" and clause is not None:
        try:
            result = _calculate(record, clause, given)
        except PolicyxError as exc:
            problem = exc
    return render(request, "calc.html", 400 if problem else 200, record=record, clauses=clauses, clause=clause,
                  given=given, result=result, problem=problem, term_words=views.term_words, pieces=views.pieces)


def _calculate(record: Notice, clause, given: dict[str, str]):
    view = record_view(record, clause)
    choice = given.get("term", "0")
    if not choice.isdigit() or int(choice) >= len(view.terms):
        raise CalcError(f"条款 {clause.path} 没有第 {choice} 项", code="E_SELECT_NONE", hint="从列出的各项中选一项")
    inputs = make_inputs(fields.amount(given.get("base"), "基数"), fields.number(given.get("count"), "数量"),
                         fields.number(given.get("years"), "年数"))
    return calculate(view.terms[int(choice)], inputs, view)


# --- Match -----------------------------------------------------------------------------------------


async def match_page(request: Request) -> HTMLResponse:
    """A profile (typed or uploaded) matched against chosen notices: verdicts, conditions, amounts, totals."""
    settings = _settings(request)
    choices = await run_in_threadpool(_choices, settings.db, request.query_params.get("region") or None)
    if request.method == "GET":
        return render(request, "match.html", choices=choices, given={}, chosen=set(), report=None, problem=None,
                      missing=[], today=dt.date.today().isoformat(), region=request.query_params.get("region", ""))
    form = await read_form(request, PROFILE_MAX_BYTES + FORM_BYTES, files=1)
    given = {key: str(value) for key, value in form.items() if not isinstance(value, UploadFile)}
    chosen = list(dict.fromkeys(str(value) for value in form.getlist("notice")))
    report, problem, missing = None, None, []
    try:
        profile = await _profile(form)
        as_of = fields.day(given.get("as_of"), "判断日期")
        ids = chosen or [row.id for row in choices[1]]
        loaded, missing = await run_in_threadpool(_records, request.app.state.records, ids[:CHOICES])
        report = await run_in_threadpool(lambda: match(profile, loaded, as_of=as_of, include_drafts="drafts" in given))
    except PolicyxError as exc:
        problem = exc
    finally:
        await form.close()
    if report is not None and given.get("format") == "report":
        return HTMLResponse(match_to_html(report), headers=REPORT_HEADERS)
    return render(request, "match.html", 422 if problem else 200, choices=choices, given=given, chosen=chosen,
                  report=report, problem=problem, missing=missing, today=dt.date.today().isoformat(),
                  region=request.query_params.get("region", ""))


def _choices(db: Path, region: str | None):
    with reading(db) as conn:
        return list_notices(conn, region=region, limit=CHOICES)


def _records(records, ids: list[str]) -> tuple[list[Notice], list[str]]:
    loaded, missing = [], []
    for notice_id in ids:
        try:
            loaded.append(records.load(notice_id))
        except ServeError:
            missing.append(notice_id)
    return loaded, missing


async def _profile(form):
    """The uploaded profile file if one was given (read with read_profile's bounds), else the typed one."""
    upload = form.get("profile_file")
    if isinstance(upload, UploadFile) and upload.filename:
        folder = Path(tempfile.mkdtemp(prefix="policyx-profile-"))
        try:
            name = "profile.json" if upload.filename.lower().endswith(".json") else "profile.yaml"
            saved = await uploads.save(UploadFile(upload.file, size=upload.size, filename=name), folder, PROFILE_MAX_BYTES)
            return await run_in_threadpool(read_profile, saved.path)
        finally:
            uploads.discard(folder)
    data = fields.profile_data(form)
    if not data:
        raise ProfileError("档案为空：请填写档案或上传档案文件", hint="policyx profile --template 打印带说明的模板")
    return profile_from(data, path="表单")


# --- Diff ------------------------------------------------------------------------------------------


async def diff_page(request: Request) -> HTMLResponse:
    """Two stored notices (?old=&new=) or two uploaded files compared: summary and changed clauses side by side."""
    settings = _settings(request)
    choices = await run_in_threadpool(_choices, settings.db, None)
    old_id, new_id = request.query_params.get("old", "").strip(), request.query_params.get("new", "").strip()
    report, problem = None, None
    try:
        if request.method == "POST":
            report = await _uploaded_pair(request)
        elif old_id and new_id:
            records = request.app.state.records
            report = await run_in_threadpool(lambda: compare(records.load(old_id), records.load(new_id)))
    except PolicyxError as exc:
        problem = exc
    return render(request, "diff.html", 422 if problem else 200, choices=choices, old=old_id, new=new_id, report=report,
                  problem=problem, stored=request.method == "GET", sides=views.sides, change_row=views.change_row,
                  money_changes=views.money_changes, urlencode=urlencode)


async def _uploaded_pair(request: Request):
    settings = _settings(request)
    form = await read_form(request, 2 * settings.upload_bytes + FORM_BYTES, files=2)
    folder = Path(tempfile.mkdtemp(prefix="policyx-diff-"))
    try:
        read = []
        for side in ("old_file", "new_file"):
            (folder / side).mkdir()
            saved = await uploads.save(form.get(side), folder / side, settings.upload_bytes)
            outcome = await request.app.state.reader.read(saved.path, saved.path.stem, saved.name)
            read.append(Notice.model_validate_json(uploads.record_of(outcome)))
        return await run_in_threadpool(compare, *read)
    finally:
        uploads.discard(folder)
        await form.close()


def diff_report(request: Request) -> HTMLResponse:
    """The full diff report of two stored notices, as `policyx diff --format html` writes it."""
    records = request.app.state.records
    old_id, new_id = request.query_params.get("old", ""), request.query_params.get("new", "")
    try:
        report = compare(records.load(old_id), records.load(new_id))
    except PolicyxError as exc:
        return error_page(request, exc, 404)
    return HTMLResponse(report_to_html(report), headers=REPORT_HEADERS)


# --- Upload ----------------------------------------------------------------------------------------


async def upload(request: Request) -> HTMLResponse:
    """A file read in the worker sandbox and added to the store; its page, or the error with its code and hint."""
    settings = _settings(request)
    if request.method == "GET":
        return render(request, "upload.html", limit=settings.upload_bytes, timeout=settings.timeout,
                      memory_mb=settings.memory_mb)
    form = await read_form(request, settings.upload_bytes + FORM_BYTES, files=1)
    folder = Path(tempfile.mkdtemp(prefix="policyx-upload-"))
    try:
        saved = await uploads.save(form.get("file"), folder, settings.upload_bytes)
        doc_id = await run_in_threadpool(uploads.new_id, settings.db, request.app.state.records, saved)
        outcome = await request.app.state.reader.read(saved.path, doc_id, saved.name)
        stored = await run_in_threadpool(uploads.commit, settings.db, request.app.state.records, uploads.record_of(outcome))
    finally:
        uploads.discard(folder)
        await form.close()
    query = urlencode({"uploaded": saved.name, **({"same": "1"} if stored != doc_id else {})})
    return RedirectResponse(f"/notices/{quote(stored)}?{query}", status_code=303)
