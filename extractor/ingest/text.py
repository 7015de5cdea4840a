"""Decoding text files in any Chinese encoding, strictly, with a plausibility check.

Order matters (see the module tests): a BOM; strict UTF-8; strict GB18030,
accepted only when the result reads like Chinese (UTF-8 bytes decode as
GB18030 without error, into mojibake); Big5 and BOM-less UTF-16 the same
way; a detector only as a last resort on longer inputs, since detectors read
a short GBK line as Korean. Nothing is ever decoded with errors="ignore".
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
from functools import cache
from pathlib import Path

from ..patterns import compiled
from ..errors import DecodeError, InputError
from ..models import Issue
from . import Loaded

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Frequent characters of Chinese prose and of policy texts, simplified and
# traditional; with GB2312 level 1 (the 3,755 most used simplified
# characters) they make the common set. Correctly decoded Chinese has most
# of its Han characters in it (the seed notices: all); GB18030 mojibake of
# UTF-8 or Big5 bytes has few (the seed notices: 11%).
COMMON_HAN = frozenset(
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可"
    "她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已"
    "老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力"
    "机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代"
    "军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫"
    "死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉"
    "望直服林题建南度统色字请交爱让认算论百义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变"
    "联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英"
    "基派满式息写识极令黄德收钱党未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单"
    "据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽兴企助奖补贴措施策项责局县予超"
    "级省府厅励协励津享扶贷融担险股投孵化评审申请符合条件规范围额度标准按照执行"
    "們為個這來國說時會對後於過學發經與從動兩長現實點種聲當進體開關問頭東無電門見車書萬億補貼獎勵資項"
    "單責區縣給級認證業辦條產務應華報務應構礎設計劃標準規範請審評額準執據總術轉轉聯"
)

MIN_DETECTOR_BYTES = 200
MIN_PLAUSIBLE = 0.35


@cache
def common_han() -> frozenset[str]:
    """COMMON_HAN plus GB2312 level 1 (rows B0–D7), built on first use."""
    level1 = bytes(b for row in range(0xB0, 0xD8) for col in range(0xA1, 0xFF) for b in (row, col))
    return COMMON_HAN | frozenset(level1.decode("gb2312", errors="replace")) - {"\ufffd"}


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph (BMP blocks and extensions B onwards)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\U00020000" <= ch <= "\U0003134f"


def is_foreign(ch: str) -> bool:
    """True for a character that wrong decodings produce and Chinese notices hardly use.

    Letters of other scripts (ģ, ヨ, 껸, Cyrillic) and private-use characters;
    full-width Latin letters (ＧＤＰ) are ordinary in Chinese text.

    >>> [is_foreign(ch) for ch in "ģヨ补Ｇa"]
    [True, True, False, False, False]
    """
    if "\ue000" <= ch <= "\uf8ff":
        return True
    return ch.isalpha() and not ch.isascii() and not is_han(ch) and not "\uff00" <= ch <= "\uffef"


HAN = compiled("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0003134f]")
NOT_CHINESE_OR_ASCII = compiled("[^\x00-\x7f\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef]")  # candidates only
PLAUSIBILITY_SAMPLE = 20_000  # characters: enough to tell Chinese from mojibake, cheap on large files


def at_least(pattern: re.Pattern[str], text: str, count: int) -> bool:
    """Whether `pattern` matches at least `count` times in `text` (the search stops there)."""
    return next(itertools.islice(pattern.finditer(text), count - 1, None), None) is not None


def han_share(text: str) -> float:
    """Share of common Han characters among Han and foreign characters (1.0 if there are none).

    >>> han_share("给予企业100万元补贴")
    1.0
    >>> han_share("琛ヨ创100涓囧厓") < 0.35
    True
    >>> han_share("ģ")
    0.0
    """
    return _sample_han_share(text[:PLAUSIBILITY_SAMPLE])


@functools.lru_cache(maxsize=8)  # decoding asks of a text once, reading asks again
def _sample_han_share(sample: str) -> float:
    han = sum(map(len, HAN_RUN.findall(sample)))  # runs, not characters: a list of every character is 5× slower
    odd = sum(1 for ch in NOT_CHINESE_OR_ASCII.findall(sample) if is_foreign(ch))
    if not han:
        return 0.0 if odd else 1.0
    return sum(map(len, _common_run().findall(sample))) / (han + odd)


HAN_RUN = compiled(HAN.pattern + "+")


@cache
def _common_run() -> re.Pattern[str]:
    """A run of common Han characters (`common_han`)."""
    return compiled("[" + "".join(sorted(ch for ch in common_han() if is_han(ch))) + "]+")


CONTROL = compiled(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # control characters other than tab, newline, CR and form feed


def control_share(text: str) -> float:
    """Share of control characters other than tab, newline, CR and form feed."""
    if not text:
        return 0.0
    return len(CONTROL.findall(text)) / len(text)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_guess(data: bytes) -> list[tuple[str, str]]:
    """UTF-16 without BOM: candidates when the length is even."""
    if len(data) % 2:
        return []
    out = []
    for enc in ("utf-16-le", "utf-16-be"):
        text = _strict(data, enc)
        if text is not None and control_share(text) < 0.01:
            out.append((enc, text))
    return out


def decode(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str, list[Issue]]:
    """Decode bytes into text; return (text, encoding, issues).

    >>> decode("补贴100万元".encode("gbk"))[:2]
    ('补贴100万元', 'gb18030')
    >>> decode(codecs.BOM_UTF8 + "第一条".encode())[:2]
    ('第一条', 'utf-8-sig')
    >>> decode("专业".encode("gbk"))[:2]  # D7 A8 D2 B5 is also valid UTF-8, for "רҵ"
    ('专业', 'gb18030')
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            text = _strict(data, enc)
            if text is None:
                raise DecodeError(f"file starts with a {enc} byte-order mark but is not valid {enc}", path=path,
                                  zh=f"文件以 {enc} 字节顺序标记开头，内容却不是有效的 {enc}",
                                  zh_hint="请把文件另存为 UTF-8")
            return text, enc, []
    try:
        return _utf8(data, path)
    except UnicodeDecodeError as exc:
        _refuse_mixed_utf8(data, exc, path)
    candidates: list[tuple[str, str]] = []
    gb = _strict(data, "gb18030")
    nuls = data.count(b"\x00")
    stray = 0 < nuls <= max(1, len(data) // 1000)  # a NUL or two in a GBK notice, not UTF-16 or binary
    if gb is not None and (nuls == 0 or stray):
        if han_share(gb) >= MIN_PLAUSIBLE:
            issues = [Issue(code="W_NUL_BYTES", message=f"{nuls} NUL byte(s) in the text, read as nothing",
                            message_zh=f"文本中有 {nuls} 个 NUL 字节，读作空")] if nuls else []
            return gb, "gb18030", issues
        candidates.append(("gb18030", gb))
    big5 = _strict(data, "big5")
    if big5 is not None and b"\x00" not in data:
        candidates.append(("big5", big5))
    candidates.extend(_utf16_guess(data))
    plausible = [(han_share(t), enc, t) for enc, t in candidates if han_share(t) >= MIN_PLAUSIBLE]
    if plausible:
        _, enc, text = max(plausible, key=lambda c: c[0])
        issue = Issue(code="W_ENCODING_GUESSED", message=f"decoded as {enc}: strict UTF-8 and GB18030 did not read as Chinese",
                      message_zh=f"按 {enc} 解码：严格的 UTF-8 和 GB18030 都读不出中文")
        return text, enc, [issue]
    if len(data) >= MIN_DETECTOR_BYTES and b"\x00" not in data:
        guessed = _detect(data)
        if guessed is not None:
            return guessed
    if b"\x00" in data or (gb is not None and control_share(gb) > 0.01):
        raise InputError("not a text file (binary content)", path=path, code="E_NOT_TEXT",
                         hint="give a text, PDF or supported document file", zh="不是文本文件（内容为二进制）",
                         zh_hint="请给出文本、PDF 或 Word 文件")
    raise DecodeError("bytes are not valid UTF-8, GB18030, Big5 or UTF-16, and no encoding reads as Chinese",
                      path=path, hint="convert the file to UTF-8 first",
                      zh="文件不是有效的 UTF-8、GB18030、Big5 或 UTF-16 文本，任何编码都读不出中文",
                      zh_hint="请先把文件转换为 UTF-8")


def _utf8(data: bytes, path: Path | str) -> tuple[str, str, list[Issue]]:
    """Strict UTF-8; raises UnicodeDecodeError.

    Short GBK text can be valid UTF-8 by accident ("元" is D4 AA, "Ԫ" in
    UTF-8), so UTF-8 that does not read as Chinese gives way to GB18030
    that does.
    """
    text = data.decode("utf-8")
    if han_share(text) >= MIN_PLAUSIBLE:
        return text, "utf-8", []
    gb = _strict(data, "gb18030")
    if gb is None or b"\x00" in data or han_share(gb) < MIN_PLAUSIBLE:
        return text, "utf-8", []
    issue = Issue(code="W_ENCODING_GUESSED", message="decoded as gb18030: the bytes are valid UTF-8 but read as Chinese only as GB18030",
                  message_zh="按 gb18030 解码：字节是合法的 UTF-8，但只有按 GB18030 才读得出中文")
    return gb, "gb18030", [issue]


def _refuse_mixed_utf8(data: bytes, exc: UnicodeDecodeError, path: Path | str) -> None:
    """Raise E_DECODE when the file reads as Chinese UTF-8 up to a foreign fragment.

    Such a file also decodes as GB18030 without error, into mojibake, and a
    lenient decoder would silently drop the fragment; neither is acceptable.
    """
    head = data[: exc.start].decode("utf-8")
    if sum(1 for ch in head if is_han(ch)) < 2 or han_share(head) < MIN_PLAUSIBLE:
        return
    line = head.count("\n") + 1
    raise DecodeError(f"invalid UTF-8 at byte {exc.start} (line {line}) after valid UTF-8 Chinese text; the file mixes encodings",
                      path=path, hint="re-save the file as UTF-8 in one piece", cause=str(exc),
                      zh=f"第 {line} 行（第 {exc.start} 字节）UTF-8 无效，前面是有效的 UTF-8 中文：文件混用了多种编码",
                      zh_hint="请把整个文件重新保存为 UTF-8")


def _detect(data: bytes) -> tuple[str, str, list[Issue]] | None:
    """Last resort: charset-normalizer, kept only if the result reads as Chinese."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    if han_share(text) < MIN_PLAUSIBLE or control_share(text) > 0.01:
        return None
    issue = Issue(code="W_ENCODING_GUESSED", message=f"decoded as {best.encoding} by detection",
                  message_zh=f"按检测结果以 {best.encoding} 解码")
    return text, best.encoding, [issue]


def load_text(data: bytes, path: Path) -> Loaded:
    """Read a text file: decode it and check that something readable is left."""
    text, encoding, issues = decode(data, path)
    stray_nuls = any(issue.code == "W_NUL_BYTES" for issue in issues)  # counted and allowed by the decoder
    if control_share(text.replace("\x00", "") if stray_nuls else text) > 0.01:
        raise InputError("not a text file (control characters after decoding)", path=path, code="E_NOT_TEXT",
                         zh="不是文本文件（解码后含有控制字符）", zh_hint="请给出文本、PDF 或 Word 文件")
    if not text.strip():
        raise InputError("file holds only whitespace", path=path, code="E_EMPTY_FILE",
                         zh="文件只有空白字符，没有内容", zh_hint="请重新下载或另存通知原件")
    if "\ufffd" in text:
        issues.append(Issue(code="W_REPLACEMENT_CHARS", message="file contains U+FFFD replacement characters",
                            message_zh="文件含有 U+FFFD 替换字符（原字已丢失）"))
    if at_least(HAN, text[:PLAUSIBILITY_SAMPLE], 20) and han_share(text) < MIN_PLAUSIBLE:
        # Chinese characters, but not the ones notices are written in: mojibake saved as text
        issues.append(Issue(code="W_ENCODING_DOUBTFUL", message=f"decoded as {encoding}, but the characters do not read "
                            "as Chinese (mojibake?): figures and words may be lost",
                            message_zh=f"按 {encoding} 解码，但读出的字不成中文（乱码？）：数额和文字可能丢失"))
    return Loaded(text=text, kind="text", encoding=encoding, issues=tuple(issues))
