"""The ASGI application: settings, routes, templates, the error page, and the worker sandbox's lifetime."""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..calculate import yuan
from ..eligibility import STATUS_MARKS
from ..errors import PolicyxError
from ..ingest import MAX_PDF_BYTES
from ..models import PIPELINE_VERSION
from ..render.diff import visible
from ..render.labels import DIFF_STATUSES, DOC_STATUSES, ERRORS, LEFT_OUT, METADATA_FIELDS, VERDICTS, label
from ..render.match import answer
from . import LOOPBACK, ServeError
from .library import Records
from .security import CSP, HEADERS, Guard
from .uploads import Reader

HERE = Path(__file__).resolve().parent
HTTP_ERRORS = {400: ("E_BAD_REQUEST", "请求格式有误"), 404: ("E_NOT_FOUND", "没有这个页面"),
               405: ("E_METHOD", "此页面不接受这种请求")}


@dataclass(frozen=True)
class Settings:
    """Where the store and the records are, who may be the Host, and the limits of reading uploads (ingest's)."""

    db: Path
    records: Path
    hosts: tuple[str, ...] = LOOPBACK
    timeout: float = 120.0  # seconds per document, as policyx ingest
    memory_mb: int = 2048  # MiB per document, as policyx ingest
    upload_bytes: int = MAX_PDF_BYTES  # the largest file policyx ingest reads
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))


def templates() -> Environment:
    """The page templates: every value escaped, an undefined name an error."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["status"] = lambda status: label(DOC_STATUSES, status)
    env.filters["error_title"] = lambda code: label(ERRORS, code) if code in ERRORS else ""
    env.filters["shown"] = lambda text: visible(str(text))
    chinese = {table: {key: names[0] for key, names in values.items()}
               for table, values in (("verdicts", VERDICTS), ("left_out", LEFT_OUT), ("metadata_fields", METADATA_FIELDS),
                                     ("status_names", DIFF_STATUSES))}
    env.globals.update(chinese, statuses=list(chinese["status_names"].items()), marks=STATUS_MARKS, yuan=yuan,
                       answer=answer, version=PIPELINE_VERSION)
    return env


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    """A page from its template, with the form token and the current path."""
    env: Environment = request.app.state.templates
    html = env.get_template(name).render(csrf=request.scope["state"]["csrf"], here=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, error: PolicyxError | dict, status: int) -> HTMLResponse:
    """The error page: the code, what it means, the message, and what to do."""
    if isinstance(error, dict):  # a worker's error record
        code, message, hint = error["code"], error["message"], error.get("hint")
    else:
        code = error.code
        message, hint = getattr(error, "zh", None) or error.message, getattr(error, "zh_hint", None) or error.hint
    return render(request, "error.html", status, code=code, message=message, hint=hint)


async def refuse(request: Request, error: ServeError, status: int) -> HTMLResponse:
    """The Guard's refusal, as an error page."""
    return error_page(request, error, status)


async def http_error(request: Request, exc: HTTPException) -> HTMLResponse:
    """A page not found, a method not allowed, a malformed form: the error page with the HTTP status."""
    code, message = HTTP_ERRORS.get(exc.status_code, ("E_HTTP", "请求无法处理"))
    return error_page(request, ServeError(message, code=code), exc.status_code)


async def policyx_error(request: Request, exc: PolicyxError) -> HTMLResponse:
    """A library error (a file that cannot be read, a store held): the error page with its code and hint."""
    return error_page(request, exc, 413 if exc.code == "E_TOO_LARGE" else 422)


async def internal_error(request: Request, exc: Exception) -> HTMLResponse:
    """A bug: the error page (outside the Guard, so with the headers set here), never a traceback."""
    error = ServeError(f"内部错误（{type(exc).__name__}）", code="E_INTERNAL", hint="这是 policyx 的缺陷，请附上操作步骤报告")
    response = error_page(request, error, 500)
    response.headers.update({"content-security-policy": CSP, **HEADERS})
    return response


def create_app(settings: Settings) -> Starlette:
    """The workbench over `settings.db`."""
    from . import pages

    reader = Reader(timeout=settings.timeout, memory_mb=settings.memory_mb)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        reader.close()

    routes = [
        Route("/", pages.notices, name="notices"),
        Route("/notices/{notice}", pages.notice, name="notice"),
        Route("/notices/{notice}/calc", pages.calc, methods=["GET", "POST"], name="calc"),
        Route("/match", pages.match_page, methods=["GET", "POST"], name="match"),
        Route("/diff", pages.diff_page, methods=["GET", "POST"], name="diff"),
        Route("/diff/report", pages.diff_report, name="diff_report"),
        Route("/upload", pages.upload, methods=["GET", "POST"], name="upload"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.hosts)),
                  Middleware(Guard, secret=settings.secret, refuse=refuse)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPException: http_error, PolicyxError: policyx_error, Exception: internal_error})
    app.state.settings = settings
    app.state.records = Records(settings.records)
    app.state.reader = reader
    app.state.templates = templates()
    return app
