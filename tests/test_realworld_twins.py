"""The same notice published in two formats reads the same: clause paths and texts.

Pairs named as twins in ../shared/realworld/MANIFEST.tsv and checked by opening both files:
the page and its PDF, the DOCX and its PDF. The documents are read where they lie,
never copied into the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.ingest import legacy, ocr
from extractor.pipeline import run

REAL_DOCS = Path(__file__).resolve().parents[2] / "shared/realworld/docs"
pytestmark = pytest.mark.skipif(not REAL_DOCS.is_dir(), reason=f"real documents not found at {REAL_DOCS}")

TWINS = [
    ("rw059_nanjing_xiangou_zhengce_tongzhi_2017.html", "rw075_nanjing_xiangou_zhengce_2017.pdf"),
    ("rw061_chongqing_fangchanshui_xiugai_jueding_2023.html", "rw085_chongqing_fangchanshui_xiugai_jueding_2023.pdf"),
    ("rw100_beijing_ziran_kexue_jijin_banfa_2024.docx", "rw086_beijing_ziran_kexue_jijin_banfa_2024.pdf"),
    ("rw095_beijing_dizhen_yujing_banfa_2022.docx", "rw087_beijing_dizhen_yujing_banfa_2022.pdf"),
    ("rw107_beijing_menqian_sanbao_banfa_2025.docx", "rw092_beijing_menqian_sanbao_banfa_2025.pdf"),
    ("rw060_shanghai_xiangou_youhua_tongzhi_2024.html", "rw076_shanghai_xiangou_youhua_2024.pdf"),
]


def clause_texts(name: str) -> dict[str, str]:
    notice = run(REAL_DOCS / name)
    return {clause.path: re.sub(r"\s", "", clause.text) for sub in notice.subdocuments for clause in sub.clauses}


@pytest.mark.parametrize("first, second", TWINS, ids=["rw059", "rw061", "rw100", "rw095", "rw107", "rw060"])
def test_twins_have_the_same_clauses(first, second):
    one, other = clause_texts(first), clause_texts(second)
    same = sum(1 for path, text in one.items() if other.get(path) == text)
    assert same / max(len(one), len(other)) >= 0.95, sorted(set(one.items()) ^ set(other.items()))[:4]


def test_every_real_document_is_read_or_refused_with_its_code():
    # every notice must be read into clauses (scans and the image-only DOCX by OCR, the two workbooks
    # of attachment tables by their rows)
    refused: dict[str, str] = {}
    if legacy.converter() is None or not ocr.available():
        pytest.skip("LibreOffice or Tesseract is not installed: .doc/.wps files or scans cannot be read here")
    from extractor.errors import PolicyxError

    got = {}
    for path in sorted(REAL_DOCS.iterdir()):
        try:
            notice = run(path)
        except PolicyxError as exc:
            got[path.name] = exc.code
            continue
        if not any(sub.clauses for sub in notice.subdocuments):
            got[path.name] = "no clauses"
    # two table-only attachments (school lists) read as text but hold no clause: accepted, listed;
    # a shell page whose notice is only a link to its PDF holds nothing but furniture: refused
    assert got == refused | {"rw118_beijing_1jia3_peiyang_shiji_xuexiao_2026.doc": "no clauses",
                             "rw120_beijing_1jia3_peiyang_quji_xuexiao_2026.doc": "no clauses",
                             "rw043_anqing_gjj_daikuan_yijian_page_2022.html": "E_NO_CONTENT"}
