"""`policyx serve`: a local web workbench over the store, in Chinese, usable without JavaScript.

    store (policyx ingest) → notices list / search → notice page → calculator
                           → match (a profile) · diff (two notices) · upload (→ worker sandbox → store)

Pages: `/` notices (full-text search, region, status, validity, figure filters), `/notices/{id}`
(metadata, clause tree, every figure marked with its role, terms in Chinese, responsible units),
`/notices/{id}/calc` (base, count, years → amount and trace), `/match`, `/diff`, `/upload`. It
listens on 127.0.0.1 unless told otherwise, loads nothing from elsewhere (CSS and the small
script are served from `static/`), and pages that only read open the store read-only.

Framework: Starlette (1.x, with uvicorn and python-multipart; `pip install -e '.[serve]'`). It
gives routing, streamed request bodies, static files and an in-process test client, and no more:
here the pages are HTML forms, not a JSON API. Measured on this 2-core machine, importing it
takes 64 ms and it installs 2.4 MB with anyio; FastAPI (Starlette plus request validation and
OpenAPI, unused here) takes 198 ms (12 MB, most of it the pydantic policyx has already), Litestar
169 ms and 26 MB with its dependencies (`python -X importtime`, a fresh venv each).

Security: text from notices and profiles is escaped as the diff report escapes it (HTML
autoescaping, invisible characters shown as ⟨U+XXXX⟩); every response carries a CSP that allows
only this server's own script, style and form targets; POST forms carry a token (checked before
the body is read); uploads are bounded while they stream; notice ids never become paths unchecked.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..errors import PolicyxError

EX_UNAVAILABLE = 69  # sysexits: the web packages are not installed
LOOPBACK = ("127.0.0.1", "localhost", "::1")
ANY_ADDRESS = ("0.0.0.0", "::", "")


class ServeError(PolicyxError):
    """A request or a server start-up that cannot go on: bad form, forged form, upload too large."""

    code = "E_SERVE"
    stage = "serve"


class ServeMissingError(ServeError):
    """The web packages (the serve extra) are not installed."""

    code = "E_SERVE_MISSING"
    exit_code = EX_UNAVAILABLE


def require_web() -> None:
    """Refuse with a coded error when the serve extra is not installed."""
    missing = [name for name in ("starlette", "uvicorn", "python_multipart", "jinja2") if importlib.util.find_spec(name) is None]
    if missing:
        raise ServeMissingError(f"the web workbench needs {', '.join(missing)}", hint="pip install -e '.[serve]'",
                                zh=f"网页工作台需要 {'、'.join(missing)}", zh_hint="pip install -e '.[serve]'")


def check(db: Path) -> None:
    """Refuse to start without the web packages or on a store that cannot be read (the store's own codes)."""
    require_web()
    from .library import check_store

    check_store(db)


def serve(db: Path, *, host: str = "127.0.0.1", port: int = 8000, records: Path | None = None) -> None:
    """Serve the workbench over the store at `db` until interrupted."""
    check(db)
    import uvicorn

    from .app import Settings, create_app

    # A Host header naming another machine is refused (DNS rebinding), unless every address was asked for.
    hosts = ("*",) if host in ANY_ADDRESS else tuple(dict.fromkeys([*LOOPBACK, host]))
    settings = Settings(db=Path(db), records=Path(records) if records else Path(db).parent, hosts=hosts)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", server_header=False)
