"""The decoding chain of text files: BOM, strict UTF-8, GB18030, Big5, UTF-16; never lenient."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import DecodeError, InputError
from extractor.ingest.text import decode, load_text

NOTICE = "第一条 为支持企业创新发展，对符合条件的企业给予一次性补贴100万元。\n"
TRADITIONAL = "關於支持科技創新的若干措施\n對新認定的國家級重點實驗室，給予一次性獎勵100萬元。\n"

# (bytes, expected text, expected encoding), all checked by hand.
GOOD = [
    pytest.param(NOTICE.encode("utf-8"), NOTICE, "utf-8", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + NOTICE.encode("utf-8"), NOTICE, "utf-8-sig", id="utf-8-bom"),
    pytest.param(NOTICE.encode("gb18030"), NOTICE, "gb18030", id="gb18030"),
    pytest.param(NOTICE.encode("gbk"), NOTICE, "gb18030", id="gbk"),
    # BAD_INPUTS #49: charset-normalizer reads these 11 bytes as cp949 "껸季100拱禱".
    pytest.param("补贴100万元".encode("gbk"), "补贴100万元", "gb18030", id="gbk-7-chars-not-korean"),
    # GBK bytes that are also valid UTF-8 ("רҵ"): found by the property test below.
    pytest.param("专业".encode("gbk"), "专业", "gb18030", id="gbk-valid-as-utf-8"),
    pytest.param(TRADITIONAL.encode("big5"), TRADITIONAL, "big5", id="big5-traditional"),
    pytest.param(codecs.BOM_UTF16_LE + NOTICE.encode("utf-16-le"), NOTICE, "utf-16", id="utf-16-le-bom"),
    pytest.param(codecs.BOM_UTF16_BE + NOTICE.encode("utf-16-be"), NOTICE, "utf-16", id="utf-16-be-bom"),
    # BAD_INPUTS #52: "Unicode" from Notepad without a BOM.
    pytest.param(NOTICE.encode("utf-16-le"), NOTICE, "utf-16-le", id="utf-16-le-no-bom"),
    pytest.param("第一条为支持企业发展给予补贴".encode("utf-16-le"), "第一条为支持企业发展给予补贴", "utf-16-le",
                 id="utf-16-le-no-bom-no-ascii"),
]


@pytest.mark.parametrize(("data", "text", "encoding"), GOOD)
def test_decodes_to_the_original_text(data, text, encoding):
    decoded, used, _ = decode(data)
    assert (decoded, used) == (text, encoding)


def test_bom_is_not_part_of_the_text():  # BAD_INPUTS #48
    text, _, _ = decode(codecs.BOM_UTF8 + "一、总则".encode())
    assert text == "一、总则"


def test_guessed_encodings_are_recorded():  # BAD_INPUTS #53: Big5 only when GB18030 does not read
    _, _, issues = decode(TRADITIONAL.encode("big5"))
    assert [issue.code for issue in issues] == ["W_ENCODING_GUESSED"]
    _, _, issues = decode(NOTICE.encode("gb18030"))
    assert issues == []


def test_utf_8_is_never_read_as_gb18030_mojibake():
    # BAD_INPUTS #50: these bytes also decode as GB18030, into "琛ヨ创100涓囧厓".
    data = "补贴100万元".encode("utf-8")
    assert data.decode("gb18030") == "琛ヨ创100涓囧厓"
    assert decode(data)[:2] == ("补贴100万元", "utf-8")


BAD = [
    # BAD_INPUTS #51: UTF-8 body with a pasted GBK fragment; strict GB18030 reads it as "琛ヨ创100万元".
    pytest.param("补贴100".encode() + "万元".encode("gbk"), id="utf-8-then-gbk-short"),
    pytest.param(NOTICE.encode() * 5 + "万元奖励".encode("gbk") + NOTICE.encode(), id="utf-8-then-gbk-long"),
    pytest.param(NOTICE.encode()[:-2] + b"\n", id="utf-8-cut-mid-character"),
    pytest.param(b"\x81\x30\xff\xfe\x80" * 3, id="no-encoding-fits"),
]


@pytest.mark.parametrize("data", BAD)
def test_undecodable_bytes_raise_e_decode(data):
    with pytest.raises(DecodeError) as caught:
        decode(data, "bad.txt")
    assert caught.value.code == "E_DECODE"
    assert caught.value.path == "bad.txt"


def test_mixed_encodings_name_the_byte():
    data = "补贴100".encode() + "万元".encode("gbk")
    with pytest.raises(DecodeError, match="byte 9 "):
        decode(data)


@pytest.mark.parametrize("data", [
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, id="png"),
    pytest.param(bytes(range(128)) * 8, id="control-characters"),
    pytest.param(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 300, id="elf"),
])
def test_binary_content_is_not_text(data):
    with pytest.raises(InputError) as caught:
        load_text(data, Path("x.txt"))
    assert caught.value.code == "E_NOT_TEXT"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u3000\u3000\n".encode(), codecs.BOM_UTF8])
def test_empty_or_blank_files_are_empty(data):
    with pytest.raises(InputError) as caught:
        load_text(data, Path("x.txt"))
    assert caught.value.code == "E_EMPTY_FILE"


def test_load_text_keeps_the_encoding():
    loaded = load_text(NOTICE.encode("gb18030"), Path("x.txt"))
    assert (loaded.text, loaded.encoding, loaded.kind) == (NOTICE, "gb18030", "text")


# Chinese-ish text: common characters of notices, digits, ASCII letters, punctuation, line breaks.
CHINESE_ISH = st.text(
    alphabet=st.sampled_from(list("第一二三条款企业给予补贴奖励资金项目万元亿的和对按照符合条件申请审核管理办法市县区局")
                             + list("0123456789abcXYZ ，。；：、（）《》“”\n")),
    min_size=1, max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(text=CHINESE_ISH, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_decoding_round_trips(text, encoding):
    assert decode(text.encode(encoding))[0] == text
