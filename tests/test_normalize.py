"""Normalization: idempotent, offsets map back, width does not change the reading."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalize import fold_char, normalize
from extractor.paragraphs import rejoin_wrapped, text_to_paragraphs

from .conftest import TEXTS

# Characters that matter in notices: CJK, ASCII and full-width digits and
# punctuation, ideographic space, NBSP, invisible characters, dashes, line ends.
NOTICE_CHARS = st.sampled_from(
    list("给予万元第一条（）()、，。：；0123456789０１２３４５６７８９.．%％-－—～~ \u3000\xa0\u200b\ufeff\r\n\t")
    + ["补", "贴", "亿", "每", "人", "年"]
)
NOTICE_TEXT = st.text(NOTICE_CHARS, max_size=200) | st.text(max_size=100)


@given(NOTICE_TEXT)
def test_normalize_is_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@given(NOTICE_TEXT)
def test_every_character_maps_back_to_its_origin(text):
    norm = normalize(text)
    assert len(norm.origin) == len(norm.text)
    assert list(norm.origin) == sorted(set(norm.origin))
    for i, ch in enumerate(norm.text):
        assert fold_char(text[norm.origin[i]]) == ch


@given(NOTICE_TEXT, st.data())
def test_spans_map_to_covering_original_text(text, data):
    norm = normalize(text)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    raw_start, raw_end = norm.to_raw(start, end)
    assert normalize(text[raw_start:raw_end]).text == norm.text[start:end]


@given(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=60))
def test_full_width_ascii_folds_to_ascii(text):
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in text)
    assert normalize(wide).text == text


def widen(text: str, positions: set[int]) -> str:
    """Turn the ASCII characters at `positions` into their full-width forms."""
    return "".join(
        chr(ord(ch) + 0xFEE0) if i in positions and 0x21 <= ord(ch) <= 0x7E else ch
        for i, ch in enumerate(text)
    )


@settings(max_examples=15, deadline=None)
@given(st.sets(st.integers(0, 20000), max_size=3000))
def test_full_width_and_half_width_notices_give_the_same_clauses(tmp_path_factory, positions):
    from extractor.pipeline import run

    source = (TEXTS / "yq-draft-2024.txt").read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("wide")
    path = folder / "wide.txt"
    path.write_text(widen(source, positions), encoding="utf-8")
    plain, wide = run(TEXTS / "yq-draft-2024.txt"), run(path)
    assert [c.path for c in wide.clauses()] == [c.path for c in plain.clauses()]
    assert [normalize(c.text).text for c in wide.clauses()] == [normalize(c.text).text for c in plain.clauses()]
    assert [c.units for c in wide.clauses()] == [c.units for c in plain.clauses()]


def test_hard_wrapped_text_is_rejoined():
    lines = [
        "第一条 对新认定的国家级重点实验室给予一次性奖励，",
        "奖励金额为100万元，分三年拨付到位，每年拨付三分之",
        "一，由市科技局负责组织实施和绩效考核评价工作。",
        "第二条 对新认定的省级重点实验室给予一次性奖励，奖",
        "励金额为50万元，由市科技局会同市财政局组织实施，",
        "按年度考核结果拨付资金，考核不合格的不予拨付。",
    ]
    paragraphs = text_to_paragraphs(rejoin_wrapped(normalize("\n".join(lines) + "\n"))[0])
    assert [p.text[:4] for p in paragraphs] == ["第一条 ", "第二条 "]
    assert "100万元" in paragraphs[0].text and "奖励金额为50万元" in paragraphs[1].text


def test_the_fold_tables_are_fold_char_asked_of_every_character():
    """normalize's fast tables, built from the sets fold_char reads, give what fold_char gives for each of the BMP."""
    import re

    from extractor.normalize import _deleted, _table, fold_char

    table, deleted = _table(), _deleted()
    for code in range(0x10000):
        ch = chr(code)
        folded = fold_char(ch)
        if folded == "":
            assert deleted.fullmatch(ch), hex(code)
        else:
            assert not deleted.fullmatch(ch), hex(code)
            assert table.get(code, ch) == folded, hex(code)
    assert re.fullmatch(deleted, "\r\n")


def test_the_notable_classes_hold_every_format_and_private_use_character_and_no_other():
    """The two classes character_issues searches (plane 0, astral planes) hold exactly the Unicode Cf characters
    and the private-use ones of every plane (all of planes 15 and 16, their two noncharacters with them), each
    character in the class of its own plane."""
    import unicodedata

    from extractor.normalize import _notable

    plane0, astral = _notable()
    for code in range(0x110000):
        ch = chr(code)
        wanted = unicodedata.category(ch) in ("Cf", "Co") or code >= 0xF0000
        pattern, other = (plane0, astral) if code < 0x10000 else (astral, plane0)
        assert (pattern.fullmatch(ch) is not None) == wanted, hex(code)
        assert other.fullmatch(ch) is None, hex(code)


FOLDING_CHARS = st.sampled_from(list("给予万元，（）１２ＡＢ國補貼單 \u3000－—～。a1"))


@given(st.text(FOLDING_CHARS, max_size=300) | st.text(max_size=100))
@settings(max_examples=300)
def test_folding_by_runs_is_translating_the_whole_text(text):
    """Runs folded one by one, or the whole text translated when runs are many: the same text either way."""
    from extractor.normalize import _folded, _table

    assert _folded(text) == text.translate(_table())


def test_folding_by_runs_gives_the_same_text_for_every_notice():
    from extractor.normalize import _folded, _table

    for path in sorted(TEXTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert _folded(text) == text.translate(_table()), path.name
    dense = "國家補貼１２３ＡＢＣ，" * 50  # more runs than one in ten characters: translated whole
    assert _folded(dense) == dense.translate(_table()) == "国家补贴123ABC," * 50
