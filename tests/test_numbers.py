"""Chinese numerals read without cn2an agree with cn2an wherever they are read at all."""

import itertools
import json
from decimal import Decimal
from pathlib import Path

import cn2an
import pytest

from extractor.extract.numbers import _regular_chinese, parse_number
from extractor.lexicon import CN_NUM_CHARS

ROOT = Path(__file__).resolve().parent.parent


def _cn2an(text: str) -> Decimal | None:
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, IndexError):
        return None


def _spellings():
    for n in range(10_000):
        yield cn2an.an2cn(n, "low")
        yield cn2an.an2cn(n, "up")
    for n in range(0, 10_000, 7):
        yield cn2an.an2cn(f"{n}.{n % 97}", "low")
    for text in itertools.product("一二两三零五十百千", repeat=3):
        yield "".join(text)


def test_every_regular_reading_agrees_with_cn2an():
    disagreements = []
    for text in itertools.chain(_spellings(), ("".join(p) for p in itertools.product(CN_NUM_CHARS, repeat=2))):
        ours = _regular_chinese(text)
        if ours is not None and ours != _cn2an(text):
            disagreements.append((text, ours, _cn2an(text)))
    assert disagreements == []


def test_the_regular_forms_are_read_without_cn2an():
    """Canonical spellings of 0–9999 (小写 and 大写) are all regular: cn2an is seldom imported."""
    missed = [text for n in range(10_000) for text in (cn2an.an2cn(n, "low"), cn2an.an2cn(n, "up"))
              if _regular_chinese(text) is None]
    assert missed == []


def test_the_numerals_of_the_gold_notices_agree_with_cn2an():
    import re

    run = re.compile(rf"[{CN_NUM_CHARS}]+")
    texts = [json.loads(line)["text"] for path in (ROOT / "corpus" / "gold").rglob("*.jsonl") if "conditions" not in path.parts
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen = {m.group() for text in texts for m in run.finditer(text)}
    assert len(seen) >= 48  # the gold texts hold 48 distinct runs of numerals
    assert [(t, parse_number(t), _cn2an(t)) for t in sorted(seen)
            if _regular_chinese(t) is not None and parse_number(t) != _cn2an(t)] == []


@pytest.mark.parametrize("text, value", [
    ("三十", 30), ("十二", 12), ("一百零三", 103), ("一千零五十", 1050), ("两千", 2000), ("伍佰", 500),
    ("二〇二三", 2023), ("零点五", Decimal("0.5")), ("三点一四", Decimal("3.14")),
])
def test_regular_readings(text, value):
    assert _regular_chinese(text) == Decimal(value)


@pytest.mark.parametrize("text", ["一百三", "零十", "十十", "百", "一二十", "一百零", "点五", "三点"])
def test_irregular_forms_are_left_to_cn2an(text):
    assert _regular_chinese(text) is None
