"""Legacy Word (.doc) and WPS (.wps) files: converted to DOCX by LibreOffice, then read as DOCX.

LibreOffice reads both OLE2 formats, fast-saved files included, and keeps
automatic numbering and tables in the DOCX it writes; antiword and catdoc
print plain text without list numbers and garble fast-saved files. The
converter runs headless in a fresh profile in a temporary folder, under a
wall-clock timeout; its process group is killed when the time is up.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import InputError, ResourceLimitError
from ..models import Issue
from . import Loaded

CONVERT_SECONDS = 60
INSTALL_HINT = "install LibreOffice (apt-get install libreoffice-writer-nogui), or save the file as DOCX or PDF"
INSTALL_HINT_ZH = "请安装 LibreOffice（apt-get install libreoffice-writer-nogui），或把文件另存为 DOCX 或 PDF"
RESAVE_HINT_ZH = "请在 Word 或 WPS 中打开，另存为 DOCX"


def converter() -> str | None:
    """The LibreOffice command on this machine, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def load_legacy(data: bytes, path: Path) -> Loaded:
    """Convert a .doc or .wps file to DOCX and read that."""
    from .docx import load_docx

    command = converter()
    if command is None:
        raise InputError("legacy Word/WPS file needs LibreOffice to be read, and it is not installed", path=path,
                         code="E_LEGACY_WORD", hint=INSTALL_HINT,
                         zh="旧版 Word/WPS 文件需要 LibreOffice 才能读取，但未安装", zh_hint=INSTALL_HINT_ZH)
    with tempfile.TemporaryDirectory(prefix="policyx-soffice-") as folder:
        source = Path(folder) / "input.doc"
        source.write_bytes(data)
        _convert(command, source, Path(folder), path)
        target = Path(folder) / "input.docx"
        if not target.exists():
            raise InputError("LibreOffice could not convert the file (not a Word or WPS document, or damaged)",
                             path=path, code="E_LEGACY_WORD", hint="open it in Word or WPS and save it as DOCX",
                             zh="LibreOffice 无法转换该文件（不是 Word 或 WPS 文档，或已损坏）", zh_hint=RESAVE_HINT_ZH)
        loaded = load_docx(target.read_bytes(), path)
    issue = Issue(code="W_CONVERTED", message="read after conversion to DOCX by LibreOffice",
                  message_zh="经 LibreOffice 转换为 DOCX 后读取")
    return replace(loaded, engine="libreoffice+python-docx", issues=(*loaded.issues, issue))


def _convert(command: str, source: Path, folder: Path, path: Path) -> None:
    """Run the converter in its own session; kill it with its children when it overruns."""
    profile = (folder / "profile").as_uri()
    argv = [command, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile}",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)]
    env = {**os.environ, "HOME": str(folder)}
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        process.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ResourceLimitError(f"LibreOffice did not finish converting within {CONVERT_SECONDS} s", path=path,
                                 code="E_CONVERTER_TIMEOUT", hint="open it in Word or WPS and save it as DOCX",
                                 zh=f"LibreOffice 在 {CONVERT_SECONDS} 秒内未完成转换", zh_hint=RESAVE_HINT_ZH) from exc
    finally:
        if process.stderr:
            process.stderr.close()
