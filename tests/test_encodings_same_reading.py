"""The same notice in another encoding reads into the same clauses."""

from __future__ import annotations

import codecs

import pytest

from extractor.pipeline import run

from .conftest import SEED_IDS, TEXTS


def _reading(notice):
    return [(c.path, c.text, c.units) for c in notice.clauses()], notice.metadata.model_dump(exclude={"sources"})


@pytest.mark.parametrize("doc_id", SEED_IDS)
@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16"])
def test_same_clauses_in_every_encoding(tmp_path, doc_id, encoding):
    source = (TEXTS / f"{doc_id}.txt").read_text(encoding="utf-8")
    path = tmp_path / f"{doc_id}.txt"
    path.write_bytes(source.encode(encoding))
    encoded = run(path)
    assert encoded.source.encoding in {encoding, "utf-16"}
    assert _reading(encoded) == _reading(run(TEXTS / f"{doc_id}.txt"))


def test_crlf_line_ends_give_the_same_clauses(tmp_path):
    source = (TEXTS / "sx-kjcxc-4-2016.txt").read_text(encoding="utf-8")
    path = tmp_path / "crlf.txt"
    path.write_bytes(source.replace("\n", "\r\n").encode("gb18030"))
    crlf, plain = run(path), run(TEXTS / "sx-kjcxc-4-2016.txt")
    assert [c.path for c in crlf.clauses()] == [c.path for c in plain.clauses()]
    assert [c.text.replace("\r\n", "\n") for c in crlf.clauses()] == [c.text for c in plain.clauses()]


def test_big5_traditional_notice(tmp_path):
    text = (
        "關於支持科技創新的若干措施\n"
        "一、支持企業研發。對新認定的國家級重點實驗室，給予一次性獎勵100萬元。（責任單位：市科技局、市財政局）\n"
        "二、支持人才引進。對引進的博士研究生，每人給予10萬元補貼。（責任單位：市人社局）\n"
    )
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    notice = run(path)
    assert notice.source.encoding == "big5"
    assert [c.path for c in notice.clauses()] == ["一", "二"]
    assert notice.clauses()[0].units == ["市科技局", "市財政局"]
    assert codecs.lookup(notice.source.encoding).name == "big5"


PDFS = sorted((TEXTS.parent / "pdf").glob("*.pdf"))


def _squeezed(notice):
    return [(c.path, "".join(c.text.split()), c.units) for c in notice.clauses()]


@pytest.mark.parametrize("pdf", PDFS, ids=[p.name for p in PDFS])
def test_pdf_rendering_gives_the_same_clauses_as_the_text(pdf):
    doc_id = pdf.name.split(".")[0]
    from_pdf, from_text = run(pdf), run(TEXTS / f"{doc_id}.txt")
    assert from_pdf.source.kind == "pdf"
    assert _squeezed(from_pdf) == _squeezed(from_text)
    for field in ("title", "doc_number", "date", "status", "effective_from", "effective_until", "stacking"):
        assert getattr(from_pdf.metadata, field) == getattr(from_text.metadata, field), field


@pytest.mark.parametrize("pdf", PDFS, ids=[p.name for p in PDFS])
def test_pdf_clause_spans_carry_their_page(pdf):
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    page_texts = ["".join(document[k].get_textpage().get_text_range().split()) for k in range(len(document))]
    notice = run(pdf)
    for clause in notice.clauses():
        opening = "".join(clause.text.split())[:12]
        printed_on = [k + 1 for k, text in enumerate(page_texts) if opening in text]
        assert printed_on == [clause.span.page], clause.path
