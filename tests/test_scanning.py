"""A pattern with its first-character lookahead finds exactly what it finds without it.

`extractor.scanning.scanner` puts `(?=[…])` in front of a pattern, the characters its matches
can begin with. Every pattern given to it is compared here, match by match (span and groups),
with the same pattern compiled plainly, on the text of every bundled notice and of every real
document of ../shared/realworld/docs (skipped where it is absent), and on hand-written cases.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import extractor.boilerplate  # noqa: F401  (its patterns are made on import)
import extractor.lexicon  # noqa: F401
from extractor.pipeline import run
from extractor.scanning import MADE, scanner

from .conftest import CORPUS, skip

PATTERNS = list(MADE)  # the patterns of the reading, before the tests below make their own
REAL_DOCS = Path(__file__).resolve().parents[2] / "shared/realworld/docs"
HAND_WRITTEN = (
    "按交易额的5%奖励;10%-30%;百分之五;5个百分点;1:1.5配套;1.5-4倍;账户余额×20;LPR+50BP;三分之一;1/3;2024/1/3",
    "最高不超过200万元;一次性给予30万元奖励;每人每月2000元;壹佰万元整;1,234.5万元;万元以上",
    "上一篇：关于…;相关链接;版权所有;2024-03-20 11:02 来源:市政府;•广告;字号：大 中 小",
    "申报截止时间为2024年12月31日17:00;申报材料:(一)申请表",
    "",
)


def _texts() -> list[tuple[str, str]]:
    texts = [(path.name, run(path).text) for path in sorted((CORPUS / "text").glob("*.txt"))]
    texts += [(f"hand-{k}", text) for k, text in enumerate(HAND_WRITTEN)]
    if REAL_DOCS.is_dir():
        for path in sorted(REAL_DOCS.iterdir()):
            try:
                texts.append((path.name, run(path).text))
            except Exception:  # a document that is refused has no text to search
                continue
    return texts


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups(), tuple(sorted(m.groupdict().items()))) for m in pattern.finditer(text)]


def test_every_scanned_pattern_finds_what_the_plain_pattern_finds():
    if not REAL_DOCS.is_dir():
        skip(f"real documents not found: {REAL_DOCS} is absent; comparing on the bundled notices only")
    assert len(PATTERNS) >= 6
    texts = _texts()
    for source, flags in PATTERNS:
        fast, plain = scanner(source, flags), re.compile(source, flags)
        assert fast.pattern != plain.pattern or fast.flags & re.IGNORECASE, source[:60]
        for name, text in texts:
            assert _matches(fast, text) == _matches(plain, text), (name, source[:60])


@pytest.mark.parametrize(("pattern", "lookahead"), [
    (r"(?<![\d.])\d+%|百分之[一二]", r"(?=[\d百])"),
    (r"^(?:上一|下一)篇|版权所有", "(?=[上下版])"),
    (r"(?:最高)?\d+万元", r"(?=[\d最])"),  # an optional start: what follows it may begin the match
    (r"[a-c]x|\-y|\]z", r"(?=[\-\]a-c])"),  # class members that mean something inside a class are escaped
])
def test_the_lookahead_is_the_set_of_first_characters(pattern, lookahead):
    assert scanner(pattern).pattern == f"{lookahead}(?:{pattern})"


@pytest.mark.parametrize("pattern", [r"a*", r".+万元", r"[^,]+。", r"(?:最高)?", r"(?i:bp)\d"])
def test_a_pattern_that_may_begin_anywhere_is_left_as_it_is(pattern):
    assert scanner(pattern).pattern == pattern
