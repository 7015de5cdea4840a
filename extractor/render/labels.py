"""Every word a report shows a reader, in Chinese and in English, and how sums are written.

One table per thing named, `{key: (中文, English)}`: roles of figures, kinds and fields of
terms, fields of conditions, diff statuses, metadata fields, match verdicts, batch statuses,
error codes. Renderers ask `label(TABLE, key)` and `say("中文", "English")`; the language is
the context's (`use_language("en")`), Chinese unless set. Codes, option names and the words
quoted from a notice stay as they are in both languages.

Sums are written by one rule in both languages (`amount_text`): a whole number of 万 as N万元
(200万元, 15000万元), any other sum in yuan with thousands separators and the fen only when
there are any (12,345 元, 2,500.50 元).
"""

from __future__ import annotations

from decimal import Decimal

from .language import _LANGUAGE, LANGUAGES, language, say, set_language, use_language  # noqa: F401 - renderers import them here

WAN = Decimal(10_000)


def label(table: dict[str, tuple[str, str]], key: str | None) -> str:
    """The name of `key` in `table` in the language in use; the key itself when the table lacks it.

    >>> label(ROLES, "cap"), label(ROLES, "unknown")
    ('上限', 'unknown')
    """
    if key is None:
        return "—"
    names = table.get(key)
    return key if names is None else names[1 if _LANGUAGE.get() == "en" else 0]


def amount_text(value: Decimal) -> str:
    """A sum of yuan as a reader writes it: N万元 when a whole number of 万, else yuan with separators.

    >>> [amount_text(Decimal(v)) for v in ("2000000", "-800000", "12345", "2500.5", "0", "30000.00")]
    ['200万元', '-80万元', '12,345 元', '2,500.50 元', '0 元', '3万元']
    """
    if value and value % WAN == 0:
        return f"{(value / WAN).quantize(Decimal(1)):f}万元"
    if value == value.to_integral_value():
        return f"{value:,.0f} 元"
    return f"{value:,.2f} 元"


def signed_amount_text(value: Decimal) -> str:
    """A difference of sums, with its sign: +20万元, -800 元.

    >>> signed_amount_text(Decimal(200000)), signed_amount_text(Decimal(-800))
    ('+20万元', '-800 元')
    """
    return ("+" if value > 0 else "") + amount_text(value)


def rate_text(rate: Decimal) -> str:
    """A rate as printed in notices: 5%, 0.2‰, or 1:1.5 for a matching ratio.

    >>> rate_text(Decimal("0.05")), rate_text(Decimal("0.0002")), rate_text(Decimal("1.5"))
    ('5%', '0.2‰', '1:1.5')
    """
    if rate >= 1:
        return f"1:{rate.normalize():f}"
    if rate and rate < Decimal("0.001"):
        return f"{(rate * 1000).normalize():f}‰"
    return f"{(rate * 100).normalize():f}%"


def number_text(value: Decimal) -> str:
    """A count with thousands separators and no trailing zeros: 1,200, 2.5.

    >>> number_text(Decimal("1200")), number_text(Decimal("2.50"))
    ('1,200', '2.5')
    """
    return format(value.normalize(), ",f")


ROLES = {
    "award": ("奖励", "award"), "cap": ("上限", "cap"), "threshold": ("门槛", "threshold"),
    "budget": ("资金规模", "budget"), "other": ("其他", "other"), "duration": ("期限", "duration"),
}
TERM_KINDS = {
    "fixed": ("定额", "fixed sum"), "range": ("区间", "range"), "rate": ("比例", "rate"),
    "per_unit": ("按单位", "per unit"), "step": ("阶梯累进", "steps"), "tiers": ("分档", "tiers"),
    "brackets": ("分段累进", "brackets"), "cap_only": ("最高限额", "cap only"), "qualitative": ("定性", "qualitative"),
}
TERM_FIELDS = {
    "amount": ("金额", "amount"), "min": ("下限", "minimum"), "max": ("上限", "maximum"), "rate": ("比例", "rate"),
    "rate_min": ("比例下限", "lowest rate"), "base": ("基数", "base"), "cap": ("上限", "cap"),
    "cap_per": ("上限按", "cap counted"), "threshold": ("门槛", "threshold"), "per": ("每", "per"),
    "per_year": ("每年", "each year"), "years": ("年限", "years"), "step": ("每档", "step"),
    "start": ("起点", "start"), "initial": ("起始金额", "initial sum"), "tiers": ("分档", "tiers"),
    "brackets": ("分段", "brackets"), "ceiling": ("所得为最高额", "result is a maximum"),
    "inclusive": ("不含本数", "bound excluded"),
}
CAP_PER = {"year": ("每年", "per year"), "applicant": ("每个申请人", "per applicant"), "item": ("每项", "per item"),
           "total": ("合计", "in total")}
CONDITION_FIELDS = {
    "region": ("地域", "region"), "applicant": ("对象", "applicant"), "qualification": ("资格", "qualification"),
    "holds": ("持有", "holds"), "founded": ("成立年限", "founded"), "age": ("年龄", "age"),
    "education": ("学历", "education"), "revenue": ("营业收入", "revenue"), "employees": ("从业人员", "employees"),
    "rd_ratio": ("研发投入占比", "R&D ratio"), "amount": ("金额", "amount"), "quantity": ("数量", "quantity"),
    "excluded": ("排除", "excluded"), "window": ("时间窗口", "window"), "other": ("其他", "other"),
}
CONDITION_OPS = {"in": ("属于", "in"), "has": ("具有", "has"), "not": ("不得为", "not"), ">=": ("≥", "≥"),
                 "<=": ("≤", "≤"), "between": ("", ""), "is": ("", "")}
DIFF_STATUSES = {
    "unchanged": ("未变", "unchanged"), "renumbered": ("重新编号", "renumbered"), "moved": ("移动", "moved"),
    "modified": ("修改", "modified"), "added": ("新增", "added"), "removed": ("删除", "removed"),
    "merged": ("合并", "merged"), "split": ("拆分", "split"),
}
DIFF_FIELDS = {"money": ("金额", "money"), "rate": ("比例", "rate"), "quantity": ("数量", "quantity"),
               "unit": ("责任单位", "unit"), "term": ("条款类型", "term kind"), "text": ("文字", "wording")}
METADATA_FIELDS = {
    "status": ("状态", "status"), "doc_number": ("文号", "document number"), "title": ("标题", "title"),
    "date": ("日期", "date"), "effective_from": ("施行日期", "in force from"),
    "effective_until": ("有效期至", "in force until"), "validity_years": ("有效期(年)", "validity (years)"),
    "stacking": ("叠加原则", "stacking"), "comment_deadline": ("意见截止日期", "comments until"),
    "issuers": ("发文机关", "issuers"),
}
DOC_STATUSES = {"draft": ("征求意见稿", "draft"), "final": ("正式稿", "final")}
VERDICTS = {"eligible": ("符合", "eligible"), "ineligible": ("不符合", "not eligible"),
            "unconfirmed": ("待确认", "to confirm")}
LEFT_OUT = {"draft": ("征求意见稿", "draft"), "expired": ("已过期", "expired"), "region": ("地域不符", "other region"),
            "applicant": ("对象不符", "other applicant"), "duplicate": ("重复文件", "duplicate file")}
BATCH_STATUSES = {"ok": ("完成", "done"), "skipped": ("跳过", "skipped"), "failed": ("失败", "failed")}
CALC_INPUTS = {"base": ("基数", "base"), "count": ("数量", "count"), "years": ("年数", "years")}
HIT_FIELDS = {"notice": ("公告", "notice"), "title": ("标题", "title"), "region": ("地区", "region"),
              "status": ("状态", "status"), "path": ("条款", "clause"), "heading": ("标题词", "heading"),
              "figures": ("金额", "figures"), "text": ("条文", "text")}

# What each stable error code means, for the line `ERROR [CODE] path: meaning — detail`.
ERRORS = {
    "E_USAGE": ("用法错误", "usage error"),
    "E_OUTPUT_UNWRITABLE": ("无法写入输出", "cannot write the output"),
    "E_OUTPUT": ("无法写入输出", "cannot write the outputs"),
    "E_OUTPUT_FULL": ("磁盘已满", "disk full"),
    "E_OUTPUT_LOCKED": ("输出目录被另一次运行占用", "another run holds the output folder"),
    "E_NO_INPUT": ("没有找到输入文件", "no input found"),
    "E_EMPTY_FILE": ("文件为空", "empty file"),
    "E_NOT_TEXT": ("不是文本文件", "not a text file"),
    "E_DECODE": ("无法识别文字编码", "text encoding not recognised"),
    "E_TYPE_MISMATCH": ("内容与扩展名不符", "content does not match the extension"),
    "E_UNSUPPORTED_TYPE": ("不支持的文件类型", "unsupported file type"),
    "E_INPUT_UNREADABLE": ("文件无法读取", "file cannot be read"),
    "E_INPUT": ("文件无法读取", "file cannot be read"),
    "E_TOO_LARGE": ("文件过大", "file too large"),
    "E_TOO_MANY_CLAUSES": ("条款过多", "too many clauses"),
    "E_TOO_MANY_PAGES": ("页数过多", "too many pages"),
    "E_PDF_ENCRYPTED": ("PDF 已加密", "encrypted PDF"),
    "E_PDF_MALFORMED": ("PDF 已损坏", "malformed PDF"),
    "E_NO_PAGES": ("PDF 没有页面", "PDF without pages"),
    "E_NO_TEXT_LAYER": ("扫描件没有文字层", "scan without a text layer"),
    "E_ENCRYPTED": ("文件已加密", "encrypted file"),
    "E_HTML_MALFORMED": ("网页已损坏", "malformed page"),
    "E_NO_CONTENT": ("没有正文", "no notice text"),
    "E_DOCX_MALFORMED": ("Word 文件已损坏", "malformed Word file"),
    "E_DOCX_ENCRYPTED": ("Word 文件已加密", "encrypted Word file"),
    "E_XLSX_MALFORMED": ("Excel 表格已损坏", "malformed Excel workbook"),
    "E_ZIP_BOMB": ("压缩内容异常膨胀", "archive inflates too far"),
    "E_XML_DTD_FORBIDDEN": ("文件含有被禁止的 DTD", "forbidden DTD in the file"),
    "E_LEGACY_WORD": ("旧版 Word 文件无法转换", "legacy Word file cannot be converted"),
    "E_CONVERTER_TIMEOUT": ("格式转换超时", "converter timed out"),
    "E_OCR_LIMIT": ("需要识别的页面过多", "too many pages to OCR"),
    "E_OCR_TIMEOUT": ("文字识别超时", "OCR timed out"),
    "E_OCR_FAILED": ("文字识别失败", "OCR failed"),
    "E_TIMEOUT": ("超过时间限制", "time limit reached"),
    "E_RESOURCE_LIMIT": ("超过内存限制", "memory limit reached"),
    "E_WORKER_CRASH": ("读取进程崩溃", "reader process crashed"),
    "E_WORKER_LOST": ("集群节点反复丢失", "cluster workers lost"),
    "E_PROFILE": ("档案无法读取", "profile cannot be read"),
    "E_GOLD": ("标注文件有误", "gold file in error"),
    "E_CALC": ("无法按所问计算", "cannot calculate as asked"),
    "E_NO_CLAUSE": ("没有这个条款", "no such clause"),
    "E_SELECT_NONE": ("没有匹配的条目", "no term matches"),
    "E_SELECT_MANY": ("匹配到多个条目", "several terms match"),
    "E_NEGATIVE_INPUT": ("输入不能为负数", "negative input"),
    "E_MISSING_INPUT": ("缺少计算所需的输入", "an input the calculation needs is missing"),
    "E_NOT_AMOUNT": ("不是金额", "not an amount"),
    "E_NOT_DATE": ("不是日期", "not a date"),
    "E_STORE": ("数据库错误", "store error"),
    "E_STORE_MISSING": ("数据库不存在", "store missing"),
    "E_STORE_CORRUPT": ("数据库已损坏", "corrupt store"),
    "E_STORE_NEWER": ("数据库版本较新", "store made by a newer policyx"),
    "E_STORE_OLDER": ("数据库版本较旧", "store made by an older policyx"),
    "E_STORE_LOCKED": ("数据库被占用", "store locked"),
    "E_STORE_FULL": ("数据库所在磁盘已满", "store disk full"),
    "E_STORE_IO": ("数据库读写出错", "store I/O error"),
    "E_MANIFEST": ("清单文件损坏", "manifest unreadable"),
    "E_ENGINE_MISSING": ("未安装集群组件", "cluster engine not installed"),
    "E_ENGINE_VERSION": ("集群组件版本不符", "cluster engine version differs"),
    "E_SCHEDULER_ADDRESS": ("调度器地址有误", "bad scheduler address"),
    "E_SCHEDULER_UNREACHABLE": ("无法连接调度器", "scheduler unreachable"),
    "E_NO_WORKERS": ("集群没有工作节点", "no cluster workers"),
    "E_INPUT_CHANGED": ("文件在读取期间被改动", "file changed while read"),
    "E_INTERNAL": ("内部错误", "internal error"),
}


def error_line(code: str, message: str, *, path: str | None = None, hint: str | None = None,
               zh: str | None = None, zh_hint: str | None = None) -> str:
    """`ERROR [CODE] path: message (hint)` in the language in use: the raiser's Chinese words where it
    wrote them, else the code's meaning before the message.

    >>> error_line("E_EMPTY_FILE", "file is empty (0 bytes)", path="a.txt", zh="文件为空（0 字节）", zh_hint="请重新下载")
    'ERROR [E_EMPTY_FILE] a.txt: 文件为空（0 字节）（请重新下载）'
    >>> error_line("E_EMPTY_FILE", "the file holds no bytes", path="a.txt")
    'ERROR [E_EMPTY_FILE] a.txt: 文件为空：the file holds no bytes'
    """
    where = f"{path}: " if path else ""
    if _LANGUAGE.get() == "en":
        return f"ERROR [{code}] {where}{message}" + (f" ({hint})" if hint else "")
    hint = zh_hint or hint
    if zh:
        return f"ERROR [{code}] {where}{zh}" + (f"（{hint}）" if hint else "")
    title = ERRORS.get(code, ("", ""))[0]
    return f"ERROR [{code}] {where}{title + '：' if title else ''}{message}" + (f"（{hint}）" if hint else "")


def exception_line(exc) -> str:
    """The error line of a PolicyxError."""
    return error_line(exc.code, exc.message, path=exc.path, hint=exc.hint, zh=exc.zh, zh_hint=exc.zh_hint)
