"""Office Open XML packages (Word .docx, Excel .xlsx) checked before any library opens them.

The package is judged from its ZIP directory before anything is unpacked: member count, declared
sizes and compression ratios (zip bombs). Every XML part is refused if it declares a DTD (entity
expansion, external entities), before any XML parser sees it. zipfile stops a member at its declared
size (and fails its CRC check past it), so declared sizes bound what opening can unpack.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..patterns import compiled

MAX_ENTRIES = 5_000  # members; read from the end record, so a huge central directory is never parsed
MAX_RATIO = 100  # declared size / compressed size of one member; Word's own parts stay under 40:1
RATIO_FLOOR = 1024 * 1024  # members smaller than this are harmless whatever their ratio
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # an XML part is parsed whole into memory
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # sum of the members' declared sizes
XML_MEMBER = compiled(r"\.(?:xml|rels)$", re.IGNORECASE)
XML_ENCODING = compiled(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
ASCII_PROBE = "<!DOCTYPE +~"  # an encoding that spells this as ASCII spells it only so ("+" and "~" open UTF-7 and HZ runs)
UTF32_STARTS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"<\x00\x00\x00", b"\x00\x00\x00<")


@dataclass(frozen=True)
class Package:
    """One kind of package, as its messages name it."""

    kind: str  # DOCX
    app: str  # the program that writes it: Word
    document: str  # what a person calls one: document
    suffix: str  # .docx
    name_zh: str  # Word 文件
    saved_zh: str  # the files its programs save: Word 或 WPS 保存的文件
    media: re.Pattern[str]  # pictures, which may compress far (bounded by MAX_UNPACKED_BYTES)
    malformed: str  # the code of a package that cannot be read
    encrypted: str  # the code of a password-protected one

    @property
    def malformed_hint_zh(self) -> str:
        return f"请重新下载，或另存为 {self.suffix} 后再读"

    def malformed_error(self, what: str, path: Path, cause: str | None = None, *, zh: str) -> InputError:
        return InputError(f"not a valid {self.kind}: {what}", path=path, code=self.malformed,
                          hint=f"re-download or save the {self.document} again as {self.suffix}", cause=cause,
                          zh=f"{self.name_zh}已损坏：{zh}", zh_hint=self.malformed_hint_zh)

    def encrypted_error(self, what: str, path: Path) -> InputError:
        return InputError(what, path=path, code=self.encrypted,
                          hint=f"open it in {self.app}, remove the password and save it again",
                          zh=f"{self.name_zh}已加密，无法读取", zh_hint=f"请在 {self.app} 或 WPS 中打开，取消密码后重新保存")


DOCX = Package("DOCX", "Word", "document", ".docx", "Word 文件", "Word 或 WPS 保存的文件", compiled(r"word/media/"),
               "E_DOCX_MALFORMED", "E_DOCX_ENCRYPTED")
XLSX = Package("XLSX", "Excel", "workbook", ".xlsx", "Excel 表格", "Excel 或 WPS 保存的表格", compiled(r"xl/media/"),
               "E_XLSX_MALFORMED", "E_ENCRYPTED")


def check_package(data: bytes, path: Path, package: Package,
                  inspect: Callable[[str, bytes], None] | None = None) -> None:
    """Refuse a zip bomb, an oversized package or an XML part with a DTD, before a library opens it.
    `inspect(name, part)` is given each XML part as it is read for the DTD check (the loader's own checks)."""
    entries = _declared_entries(data)
    if entries > MAX_ENTRIES:
        raise _zip_bomb(f"the package declares {entries} members (> {MAX_ENTRIES})", path,
                        f"压缩包声明了 {entries} 个成员（上限 {MAX_ENTRIES}）", package)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_sizes(infos, path, package)
            names = {info.filename for info in infos}
            if "EncryptedPackage" in names:
                raise package.encrypted_error(f"{package.document} is password-protected", path)
            if "[Content_Types].xml" not in names:
                raise package.malformed_error("[Content_Types].xml is missing (not an Office Open XML package)", path,
                                              zh="缺少 [Content_Types].xml，不是 Office Open XML 文件")
            for info in infos:
                if XML_MEMBER.search(info.filename):
                    part = archive.read(info)
                    _refuse_dtd(info.filename, part, path, package)
                    if inspect is not None:
                        inspect(info.filename, part)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise package.malformed_error(f"the ZIP package cannot be read ({type(exc).__name__}: {exc})", path,
                                      cause=type(exc).__name__, zh="ZIP 压缩包无法读取") from exc


def _declared_entries(data: bytes) -> int:
    """Members counted by the end-of-central-directory record (0 if there is none), read without the directory.

    ZIP64 packages write 0xFFFF there: at least that many.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    return int.from_bytes(data[end + 10:end + 12], "little") if end >= 0 else 0


def _check_sizes(infos: list[zipfile.ZipInfo], path: Path, package: Package) -> None:
    """Refuse a member that inflates more than MAX_RATIO times, an XML part too large to parse, a package too large."""
    for info in infos:
        size = info.file_size
        # a picture (BMP, TIFF, EMF) may compress that well; MAX_UNPACKED_BYTES bounds pictures
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1) and not package.media.match(info.filename):
            ratio = size // max(info.compress_size, 1)
            raise _zip_bomb(f"{info.filename} declares {_mb(size)}, ratio {ratio}:1 > {MAX_RATIO}:1", path,
                            f"{info.filename} 声明解压后为 {_mb(size)}，压缩比 {ratio}:1，超过 {MAX_RATIO}:1", package)
        if size > MAX_XML_PART_BYTES and XML_MEMBER.search(info.filename):
            raise InputError(f"{info.filename} declares {_mb(size)} (> {_mb(MAX_XML_PART_BYTES)}), too large to parse",
                             path=path, code="E_TOO_LARGE", hint=f"split the {package.document}, or save it as PDF",
                             zh=f"{package.name_zh}中的 {info.filename} 为 {_mb(size)}，超过 {_mb(MAX_XML_PART_BYTES)}，"
                                "过大无法解析",
                             zh_hint="请拆分文件，或另存为 PDF")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(f"{package.kind} unpacks to {unpacked} bytes (> {MAX_UNPACKED_BYTES}); zip bomb?", path=path,
                         code="E_TOO_LARGE", hint="check the file's origin",
                         zh=f"{package.name_zh}解压后为 {unpacked:,} 字节，超过 {MAX_UNPACKED_BYTES:,} 字节（疑似压缩炸弹）",
                         zh_hint="请核实文件来源")


def _refuse_dtd(name: str, member: bytes, path: Path, package: Package) -> None:
    """Refuse a part that declares a DTD: its entities expand (billion laughs) or name files (XXE).

    Read as bytes, before any parser: python-docx's parser leaves entities
    unresolved and silently drops the text around them. The search is made
    in the part's own encoding; one in which "<!DOCTYPE" is not spelled as
    in ASCII or UTF-16, or not only so (UTF-32, EBCDIC, UTF-7: never written
    by Word or Excel, which write UTF-8 or UTF-16), could hide it, and is
    refused as malformed.
    """
    mark = _doctype_mark(member)
    app = package.app
    if mark is None:
        raise package.malformed_error(f"{name} is in an encoding that could hide a DTD ({app} writes UTF-8 or UTF-16 only)",
                                      path, zh=f"{name} 使用的编码可能隐藏 DTD（{app} 只写 UTF-8 或 UTF-16）")
    if mark in member:
        raise InputError(f"{name} declares a DTD (<!DOCTYPE>), which {app} never writes: entity expansion or "
                         "external entities", path=path, code="E_XML_DTD_FORBIDDEN",
                         hint=f"check the file's origin; open it in {app} and save it again",
                         zh=f"{name} 声明了 DTD（<!DOCTYPE>），{app} 从不写入，可能用于实体膨胀或外部实体攻击",
                         zh_hint=f"请核实文件来源，并在 {app} 中打开后重新保存")


def _doctype_mark(member: bytes) -> bytes | None:
    """How "<!DOCTYPE" is written in the part's encoding, or None for an encoding that could hide it."""
    if member.startswith(UTF32_STARTS):
        return None
    if member.startswith((codecs.BOM_UTF16_LE, b"<\x00")):
        return "<!DOCTYPE".encode("utf-16-le")
    if member.startswith((codecs.BOM_UTF16_BE, b"\x00<")):
        return "<!DOCTYPE".encode("utf-16-be")
    declared = XML_ENCODING.match(member.removeprefix(codecs.BOM_UTF8))
    try:
        spelled = ASCII_PROBE.encode(declared.group(1).decode("ascii") if declared else "utf-8")
    except LookupError:
        return None
    return b"<!DOCTYPE" if spelled == ASCII_PROBE.encode("ascii") else None


def _zip_bomb(what: str, path: Path, zh: str, package: Package) -> InputError:
    article = "an" if package.app[0].lower() in "aeiou" else "a"
    return InputError(f"{what}: a zip bomb, refused without unpacking", path=path, code="E_ZIP_BOMB",
                      hint=f"check the file's origin; {article} {package.app} {package.document} saved by {package.app} "
                           "or WPS never looks like this",
                      zh=f"疑似压缩炸弹，未解压即拒绝：{zh}",
                      zh_hint=f"请核实文件来源；{package.saved_zh}不会是这样")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"
