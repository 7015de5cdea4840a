"""Text copied out of a PDF into a .txt file: ragged wraps, word gaps, page numbers and running headers."""

from collections import Counter
from pathlib import Path

import pytest

from extractor.normalize import normalize
from extractor.pipeline import run

REAL_DOCS = Path(__file__).resolve().parents[2] / "shared/realworld/docs"
needs_realworld = pytest.mark.skipif(not REAL_DOCS.is_dir(), reason=f"real documents not found at {REAL_DOCS}")

# Written by hand in the shape of a copy out of a two-page PDF: lines broken wherever the page
# broke them, a justified line's gap inside 称号, a unit name split over two lines, the page
# number and the running header of page 2 in mid-sentence.
COPIED = """关于支持人才安居的若干措施
一、对新引进的全日制博士研究生，给予每人每月
3000元生活补贴，补贴期限3年；对获得“省级领军人才”称 号
的，给予一次性安家补贴50万元。（责任单位：市人社局、市住
建局）
二、对在本市首次购买新建商品住房的高层次人才，按购房款的
- 1 -
某市人民政府规章
2%给予补贴，最高不超过20万元。
三、对租住人才公寓的，租金按市场价的50%收取，租期最长
- 2 -
某市人民政府规章
不超过3年。
四、本措施自印发之日起施行。
- 3 -
某市人民政府规章
"""


def _read(tmp_path, text):
    path = tmp_path / "copied.txt"
    path.write_text(text, encoding="utf-8")
    return run(path)


def test_ragged_lines_rejoin_into_whole_clauses(tmp_path):
    notice = _read(tmp_path, COPIED)
    assert [c.path for c in notice.clauses()] == ["一", "二", "三", "四"]
    first = notice.clauses()[0]
    assert first.units == ["市人社局", "市住建局"]
    assert [(f.role, str(f.value)) for f in first.facts if f.kind == "money"] == [("award", "3000"), ("award", "500000")]
    assert any("称号" in normalize(term.when).text for term in first.terms)


def test_page_numbers_and_running_headers_leave_the_sentence_whole(tmp_path):
    notice = _read(tmp_path, COPIED)
    second = notice.clauses()[1]
    assert [(f.kind, f.role, str(f.value)) for f in second.facts] == [("rate", "award", "0.02"), ("money", "cap", "200000")]
    assert [t.kind for t in second.terms] == ["rate"] and second.terms[0].cap == 200000
    reasons = Counter(d.reason for d in notice.dropped)
    assert reasons["B_PAGE_NUMBER"] == 3 and reasons["B_PAGE_HEADER"] == 3
    assert all(notice.text[d.span.start:d.span.end] == d.text for d in notice.dropped)


def test_one_paragraph_a_line_is_not_taken_for_a_copy(tmp_path):
    # a portal page saved as text: titles, navigation and a document number end without a full stop
    text = ("首页 > 政策文件 > 正文 > 通知公告\n字号：大 中 小\n关于印发某区支持数字经济发展若干措施的通知\n"
            "某政发〔2024〕7号\n某区支持数字经济发展若干措施\n一、对新落户的数字经济企业，给予最高100万元落户奖励\n"
            "二、对新认定的数字经济示范企业，给予一次性奖励50万元\n三、本措施自印发之日起施行\n")
    notice = _read(tmp_path, text)
    assert [c.path for c in notice.clauses()] == ["一", "二", "三"]
    assert notice.metadata.doc_number == "某政发〔2024〕7号"


# Written by hand: a purpose preamble whose lines break inside 《…》 and (…) with no comma of their own,
# as the copy of rw072_beijing_guosi_huoche_baofei_xize_2026.pdf breaks its preamble.
PREAMBLE = COPIED.replace("关于支持人才安居的若干措施\n", """关于支持人才安居的若干措施
根据《国家发展改革委 财政部关于实施人才安居
工程的通知》(发改社会〔2025〕17
号)要求，为吸引各类人才来我市就业创业，特制定本措施。
""")


def test_a_line_that_leaves_a_title_mark_open_goes_on(tmp_path):
    notice = _read(tmp_path, PREAMBLE)
    assert [c.path for c in notice.clauses()] == ["一", "二", "三", "四"]  # the preamble is read whole, as a purpose


def test_a_repeated_unit_line_away_from_page_numbers_stays(tmp_path):
    text = "".join(f"{n}、对第{n}类企业，给予奖励{n}万元。\n（责任单位：市财政局）\n" for n in "一二三")
    notice = _read(tmp_path, text)
    assert [c.units for c in notice.clauses()] == [["市财政局"]] * 3
    assert notice.dropped == []


@needs_realworld
@pytest.mark.parametrize("name", [
    "rw072_beijing_guosi_huoche_baofei_xize_2026.pdf",
    "rw085_chongqing_fangchanshui_xiugai_jueding_2023.pdf",
])
def test_real_pdf_copied_as_text_gives_the_figures_of_the_pdf(tmp_path, name):
    import pdfplumber

    with pdfplumber.open(REAL_DOCS / name) as pdf:  # the text a reader gets by copying out of the PDF
        copied = "\n".join(page.extract_text() or "" for page in pdf.pages)
        pages = len(pdf.pages)
    from_pdf, from_copy = run(REAL_DOCS / name), _read(tmp_path, copied)

    def figures(notice):
        return sorted((c.path, f.kind, f.role, str(f.value)) for c in notice.clauses() for f in c.facts)

    assert figures(from_copy) == figures(from_pdf)
    assert [(c.path, c.units) for c in from_copy.clauses()] == [(c.path, c.units) for c in from_pdf.clauses()]
    # every page of both notices prints its number as - n - (read off the PDFs)
    assert Counter(d.reason for d in from_copy.dropped)["B_PAGE_NUMBER"] == pages
