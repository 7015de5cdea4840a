"""What every request passes through: security headers, the form token, and bounded request bodies.

The form token (CSRF): each browser gets a random cookie (HttpOnly, SameSite=Strict, one per
port, since cookies are shared by the ports of a host); a form carries HMAC(secret, cookie) in
its action URL (`?csrf=`), so a POST is refused before a byte of its body is read, and a page
on another site can neither read the token nor make one. The secret lives as long as the
server: a form loaded before a restart is refused with E_CSRF and works once reloaded.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable
from pathlib import PurePosixPath

from starlette.datastructures import FormData, MutableHeaders
from starlette.requests import Request

from . import ServeError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Only this server's own files; no inline script, no frames, forms post back here only.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY",
           "cross-origin-opener-policy": "same-origin", "cross-origin-resource-policy": "same-origin"}
NONCE = re.compile(r"[0-9a-f]{32}")
SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")

Refuse = Callable[[Request, ServeError, int], Awaitable]


def token(secret: bytes, nonce: str) -> str:
    """The form token of a browser's cookie."""
    return hmac.new(secret, nonce.encode(), hashlib.sha256).hexdigest()


class Guard:
    """ASGI middleware: security headers on every response, the token cookie, POSTs refused without their token."""

    def __init__(self, app, *, secret: bytes, refuse: Refuse) -> None:
        self.app = app
        self.secret = secret
        self.refuse = refuse

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = f"policyx_csrf_{(scope.get('server') or ('', 0))[1]}"
        nonce = request.cookies.get(cookie, "")
        fresh = not NONCE.fullmatch(nonce)
        if fresh:
            nonce = secrets.token_hex(16)
        scope.setdefault("state", {})["csrf"] = token(self.secret, nonce)

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:  # a report page sends its own, stricter one
                    headers["content-security-policy"] = CSP
                for name, value in HEADERS.items():
                    headers[name] = value
                if fresh:
                    headers.append("set-cookie", f"{cookie}={nonce}; HttpOnly; SameSite=Strict; Path=/")
            await send(message)

        if scope["method"] not in SAFE_METHODS and (fresh or not self._genuine(request, nonce)):
            problem = ServeError("表单令牌无效：页面在服务重启前打开，或表单来自其他网站", code="E_CSRF",
                                 hint="刷新页面后重新提交")
            response = await self.refuse(request, problem, 403)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _genuine(self, request: Request, nonce: str) -> bool:
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return False
        given = request.query_params.get("csrf", "")
        return hmac.compare_digest(given.encode(), token(self.secret, nonce).encode())


async def read_form(request: Request, limit: int, *, files: int) -> FormData:
    """The request's form, refused (E_TOO_LARGE) once its body passes `limit` bytes: declared or as it streams."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(int(declared), limit, "declared")
    seen = 0

    async def receive():
        nonlocal seen
        message = await request.receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large(seen, limit, "streamed")
        return message

    return await Request(request.scope, receive).form(max_files=files, max_fields=40)


def too_large(size: int, limit: int, how: str = "file") -> ServeError:
    """The error of an upload over the limit: as its request declared it, as it streamed in, or as the file came out."""
    mib, cap = f"{size / 2**20:,.1f} MiB", f"{limit / 2**20:,.0f} MiB"
    message = {"declared": f"上传内容为 {mib}，超过 {cap} 的上限，未予接收",
               "streamed": f"上传内容超过 {cap} 的上限，收到 {mib} 时停止接收"}.get(how, f"文件为 {mib}，超过 {cap} 的上限")
    return ServeError(message, code="E_TOO_LARGE", hint="PDF 不超过 100 MB，网页和文本不超过 20 MB，与 policyx ingest 相同")


def upload_name(filename: str | None) -> tuple[str, str]:
    """A browser's file name as (base name shown, suffix kept): folders, drive letters and odd suffixes dropped.

    >>> upload_name("../../etc/passwd")
    ('passwd', '')
    >>> upload_name("C:\\\\政策\\\\通知.docx")
    ('通知.docx', '.docx')
    >>> upload_name("x.t<x>t")
    ('x.t<x>t', '')
    """
    name = PurePosixPath((filename or "").replace("\\", "/")).name[:200]
    suffix = PurePosixPath(name).suffix
    return name, suffix.lower() if SAFE_SUFFIX.fullmatch(suffix) else ""
