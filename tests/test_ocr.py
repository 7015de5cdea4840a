"""Scans and unusable text layers are read by OCR, with a warning; limits and switches give codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import PolicyxError
from extractor.ingest import ocr
from extractor.ingest.pdf import symbol_share
from extractor.pipeline import run

REAL_DOCS = Path(__file__).resolve().parents[2] / "shared/realworld/docs"
needs_realworld = pytest.mark.skipif(not REAL_DOCS.is_dir(), reason=f"real documents not found at {REAL_DOCS}")
needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with chi_sim is not installed "
                                     "(apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
SCAN = REAL_DOCS / "rw091_caixin_zengzhi_dianxin_xukezheng_scan.pdf"
GARBLED = REAL_DOCS / "rw089_beijing_fangdichan_youhua_tiaozheng_gongbao_garbled_2025.pdf"


@pytest.mark.parametrize("text, junk", [
    ('!"#$%&’()*+,-', True),             # rw089's text layer: font codes read as ASCII
    ('?@ABCDEFGH#%IJK?LMNOP', False),     # letters alone are not junk; the page's other lines decide
    ("给予一次性奖励(最高不超过50万元)。", False),
    ("Article 3: the fund (RMB 5 million) is paid once.", False),
])
def test_ascii_symbol_junk_is_told_from_text(text, junk):
    assert (symbol_share(text) > 0.25) is junk


@needs_realworld
@needs_tesseract
def test_an_image_only_scan_is_read_by_ocr_with_its_confidence():
    notice = run(SCAN)
    warning = next(issue for issue in notice.issues if issue.code == "W_OCR")
    assert "confidence" in warning.message
    # read by hand from the scan: the licence's title and its holder
    assert "增值电信业务经营许可证" in notice.text
    assert "财新传媒有限公司" in notice.text


@needs_realworld
@needs_tesseract
def test_a_text_layer_of_font_codes_is_replaced_by_ocr():
    notice = run(GARBLED)
    assert "W_OCR" in [issue.code for issue in notice.issues]
    assert '!"#$' not in notice.text
    # the twin page rw063 prints: 二、对二孩及以上的多子女居民家庭…可在五环内再多购买一套商品住房
    assert "可在五环内再多购买一套商品住房" in notice.text


@needs_realworld
def test_no_ocr_switch_refuses_the_scan(monkeypatch):
    monkeypatch.setenv("POLICYX_NO_OCR", "1")
    with pytest.raises(PolicyxError) as caught:
        run(SCAN)
    assert caught.value.code == "E_NO_TEXT_LAYER"


@needs_realworld
def test_without_tesseract_the_scan_is_refused_with_the_install_hint(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(PolicyxError) as caught:
        run(SCAN)
    assert caught.value.code == "E_NO_TEXT_LAYER" and "tesseract-ocr-chi-sim" in caught.value.hint


@needs_realworld
@needs_tesseract
def test_more_pages_to_ocr_than_the_budget_is_a_resource_error(monkeypatch):
    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)
    with pytest.raises(PolicyxError) as caught:
        run(GARBLED)  # two pages need OCR
    assert caught.value.code == "E_OCR_LIMIT"


@needs_realworld
@needs_tesseract
def test_a_word_file_holding_only_a_pasted_scan_is_read_by_ocr():
    notice = run(REAL_DOCS / "rw093_shenyang_xinxi_gongkai_tekuai_zhuandi_shiyang_image.docx")
    assert notice.source.engine == "python-docx+tesseract"
    assert "W_OCR" in [issue.code for issue in notice.issues]
    assert "沈阳市房产局" in notice.text  # the addressee printed on the pictured waybill
