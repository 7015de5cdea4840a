"""The gold format: reading, writing, exact numbers, errors that name file and line, JSON round-trip."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import GoldError
from extractor.gold import (
    ExpectedAmount,
    ExpectedNotComputable,
    ExpectedRange,
    GoldClause,
    GoldMoney,
    GoldQuantity,
    GoldRate,
    Scenario,
    ScenarioInputs,
    find_notices,
    gold_to_jsonl,
    jsonl_to_gold,
    read_gold,
    read_gold_dir,
)
from extractor.models import CALCULATOR_FLAGS, PROVENANCE
from extractor.models import (
    Bracket,
    CapPer,
    QuantityRole,
    RateTerm,
    Role,
    Term,
    Tier,
)

from .conftest import CORPUS

# The example line of shared/labeling/SPEC.md, as printed there.
SPEC_EXAMPLE = """{
  "doc": "yq-draft-2024",
  "path": "四/15",
  "text": "强化技术转移市场化服务。在“晋创谷·阳泉”建立独立法人性质的技术转移机构……",
  "money": [
    {"role": "cap", "yuan": 1000000},
    {"role": "award", "yuan": 300000},
    {"role": "award", "yuan": 100000},
    {"role": "cap", "yuan": 300000}
  ],
  "rates": [{"role": "award", "value": 0.05}],
  "quantities": [],
  "units": ["市科技局", "市财政局"],
  "terms": [
    {"kind": "cap_only", "when": "技术转移机构 区内科技成果转化服务绩效", "cap": 1000000},
    {"kind": "fixed", "when": "新获评的国家级技术转移示范机构", "amount": 300000},
    {"kind": "fixed", "when": "新获评的省级技术转移机构", "amount": 100000},
    {"kind": "rate", "when": "高校、科研院所科技成果转移交易给入驻企业", "rate": 0.05, "base": "交易额", "cap": 300000}
  ],
  "scenarios": [
    {"select": "国家级 技术转移示范机构", "inputs": {}, "expected": {"amount": 300000}},
    {"select": "交易额", "inputs": {"base": 4000000}, "expected": {"amount": 200000}},
    {"select": "交易额", "inputs": {"base": 9000000}, "expected": {"amount": 300000}}
  ]
}"""

# The term table of the SPEC: kind → its own fields (besides kind, when, years, cap_per).
SPEC_TERM_FIELDS = {
    "fixed": {"amount"},
    "range": {"min", "max"},
    "rate": {"rate", "base", "cap", "threshold"},
    "per_unit": {"amount", "per", "per_year", "cap"},  # its years is the common one
    "step": {"amount", "step", "start", "initial", "cap"},
    "tiers": {"tiers"},
    "brackets": {"brackets", "cap"},
    "cap_only": {"cap"},
    "qualitative": set(),
}
TERM_CLASSES = get_args(get_args(Term)[0])


def one_line(text: str) -> str:
    """A pretty-printed gold object as one compact line (its numbers print the same as floats)."""
    return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))


def test_the_spec_example_reads_with_exact_decimals():
    [clause] = jsonl_to_gold(one_line(SPEC_EXAMPLE))
    assert clause.path == "四/15" and clause.units == ["市科技局", "市财政局"]
    assert [(m.role, m.yuan) for m in clause.money] == [
        ("cap", Decimal(1000000)), ("award", Decimal(300000)), ("award", Decimal(100000)), ("cap", Decimal(300000))]
    assert type(clause.rates[0].value) is Decimal and str(clause.rates[0].value) == "0.05"
    rate_term = clause.terms[3]
    assert isinstance(rate_term, RateTerm) and rate_term.threshold is None and rate_term.cap == Decimal(300000)
    assert clause.scenarios[1].inputs.base == Decimal(4000000)
    assert clause.scenarios[1].expected == ExpectedAmount(amount=Decimal(200000))


def test_the_spec_example_is_written_back_key_for_key():
    text = one_line(SPEC_EXAMPLE)
    assert gold_to_jsonl(jsonl_to_gold(text)) == text + "\n"


def test_term_kinds_have_exactly_the_spec_fields():
    # beyond the SPEC an extracted term records its rule and sources and the calculator's flags; gold never does
    common = {"kind", "when", "years", "cap_per", *PROVENANCE, *CALCULATOR_FLAGS}
    kinds = {cls.model_fields["kind"].default: set(cls.model_fields) - common for cls in TERM_CLASSES}
    assert kinds == SPEC_TERM_FIELDS
    assert all(list(cls.model_fields)[:2] == ["kind", "when"] for cls in TERM_CLASSES)


def test_a_gold_line_with_a_records_provenance_is_refused():
    line = one_line(SPEC_EXAMPLE).replace('"kind":"fixed",', '"kind":"fixed","rule":"term.fixed",', 1)
    assert '"rule"' in line
    with pytest.raises(GoldError, match="rule"):
        jsonl_to_gold(line)


def test_extracted_gold_leaves_provenance_out(seeds):
    from extractor.extract import notice_to_gold

    notice = seeds["yq-draft-2024"]
    assert any(term.rule for clause in notice.clauses() for term in clause.terms)
    written = gold_to_jsonl(notice_to_gold(notice))
    assert '"rule"' not in written and '"spans"' not in written and '"ceiling"' not in written


def test_numbers_are_written_as_exact_json_numbers():
    clause = GoldClause(
        doc="d", path="一", text="t",
        money=[GoldMoney(role="award", yuan=Decimal("12345678901234567.89")), GoldMoney(role="cap", yuan=Decimal("1E+6"))],
        rates=[GoldRate(role="other", value=Decimal("0.0002"))],
        quantities=[GoldQuantity(role="duration", value=Decimal(3), unit="年")],
    )
    line = gold_to_jsonl([clause])
    assert '"yuan":12345678901234567.89' in line  # a float would print 1.2345678901234568e+16
    assert '"yuan":1000000' in line and '"value":0.0002' in line and '"unit":"年"' in line
    assert jsonl_to_gold(line) == [clause]


def test_optional_fields_are_left_out_but_a_last_bracket_keeps_its_null():
    line = ('{"doc":"d","path":"一","text":"t","money":[],"rates":[],"quantities":[],"units":[],'
            '"terms":[{"kind":"brackets","when":"销售额","brackets":[{"upto":100000,"rate":0.01},{"upto":null,"rate":0.005}]},'
            '{"kind":"per_unit","when":"博士","amount":5000,"per":"人","per_year":true,"years":3,"cap":50000,"cap_per":"year"}],'
            '"scenarios":[{"select":"博士","inputs":{"count":2,"years":2},"expected":{"min":0,"max":20000}},'
            '{"select":"销售额","inputs":{},"expected":{"not_computable":true}}]}')
    clauses = jsonl_to_gold(line)
    assert clauses[0].terms[0].brackets[1] == Bracket(upto=None, rate=Decimal("0.005"))
    assert clauses[0].scenarios[0].expected == ExpectedRange(min=Decimal(0), max=Decimal(20000))
    assert clauses[0].scenarios[1].expected == ExpectedNotComputable(not_computable=True)
    assert gold_to_jsonl(clauses) == line + "\n"


def test_defaults_give_empty_lists_in_spec_order():
    line = gold_to_jsonl([GoldClause(doc="d", path="p1", text="新闻")])
    assert list(json.loads(line)) == ["doc", "path", "text", "money", "rates", "quantities", "units", "terms", "scenarios"]


def test_a_float_is_refused_when_building_a_record():
    with pytest.raises(ValueError, match="float"):
        GoldMoney(role="award", yuan=0.1)


HEAD = '{"doc":"d","path":"一","text":"t"'
BAD_LINES = [
    pytest.param(HEAD, "line 2: not JSON", id="truncated-json"),
    pytest.param(HEAD + ',"money":[{"role":"prize","yuan":1}]}', "line 2: money.0.role", id="bad-role"),
    pytest.param(HEAD + ',"money":[{"role":"award","yuan":"1"}]}', "line 2: money.0.yuan", id="number-as-string"),
    pytest.param(HEAD + ',"money":[{"role":"award","yuan":-5}]}', "line 2: money.0.yuan", id="negative-money"),
    pytest.param(HEAD + ',"amount":5}', "line 2: amount", id="unknown-field"),
    pytest.param(HEAD + ',"terms":[{"kind":"lump","when":"x"}]}', "line 2: terms.0", id="unknown-kind"),
    pytest.param(HEAD + ',"terms":[{"kind":"fixed","when":"x","cap":5}]}', "line 2: terms.0.fixed", id="field-of-another-kind"),
    pytest.param(HEAD + ',"quantities":[{"role":"duration","value":3}]}', "line 2: quantities.0.unit", id="no-unit"),
    pytest.param('{"doc":"d","path":"零","text":"t"}', "line 2: path '零' already given on line 1", id="repeated-path"),
]


@pytest.mark.parametrize(("line", "message"), BAD_LINES)
def test_a_bad_line_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "d.jsonl"
    path.write_text('{"doc":"d","path":"零","text":"t"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GoldError) as caught:
        read_gold(path)
    assert caught.value.code == "E_GOLD"
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_read_gold_skips_blank_lines_and_a_bom(tmp_path):
    path = tmp_path / "d.jsonl"
    lines = '\ufeff{"doc": "d", "path": "一", "text": "t"}\n\n  \n{"doc": "d", "path": "二", "text": "u"}\r\n'
    path.write_text(lines, encoding="utf-8")
    assert [c.path for c in read_gold(path)] == ["一", "二"]


def test_read_gold_dir_maps_stems_and_checks_doc_ids(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"doc": "a", "path": "一", "text": "t"}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not gold", encoding="utf-8")
    assert {doc: [c.path for c in cs] for doc, cs in read_gold_dir(tmp_path).items()} == {"a": ["一"], "b": []}
    (tmp_path / "c.jsonl").write_text('{"doc": "a", "path": "一", "text": "t"}\n', encoding="utf-8")
    with pytest.raises(GoldError, match="c.jsonl.*doc 'a'"):
        read_gold_dir(tmp_path)


def test_the_corpus_gold_files_follow_the_format():
    docs = read_gold_dir(CORPUS / "gold")
    assert docs and all(clauses for clauses in docs.values())


def test_find_notices_prefers_text_and_names_a_missing_one(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    assert find_notices(["a", "b"], tmp_path) == {"a": tmp_path / "a.txt", "b": tmp_path / "b.pdf"}
    with pytest.raises(GoldError, match=r"c\.jsonl"):
        find_notices(["a", "c"], tmp_path)


# Hypothesis: any clause the models accept is written and read back unchanged.

NUMBERS = st.decimals(min_value=0, max_value=10**15, allow_nan=False, allow_infinity=False)
TEXT = st.text(max_size=12)
OPTIONAL = {
    "cap": st.none() | NUMBERS, "threshold": st.none() | NUMBERS, "start": st.none() | NUMBERS, "initial": st.none() | NUMBERS,
    "years": st.none() | NUMBERS, "per_year": st.none() | st.booleans(), "cap_per": st.none() | st.sampled_from(get_args(CapPer)),
}
REQUIRED = {
    "when": TEXT, "base": TEXT, "per": TEXT, "amount": NUMBERS, "min": NUMBERS, "max": NUMBERS, "rate": NUMBERS, "step": NUMBERS,
    "cap": NUMBERS,
    "tiers": st.lists(st.builds(Tier, threshold=NUMBERS, amount=NUMBERS), max_size=3),
    "brackets": st.lists(st.builds(Bracket, upto=st.none() | NUMBERS, rate=NUMBERS), max_size=3),
}


def term_strategy(cls):
    # the SPEC's fields; what an extracted term carries beyond them (rule, spans, flags) is never in a gold file
    fields = {name: (REQUIRED if info.is_required() else OPTIONAL)[name]
              for name, info in cls.model_fields.items() if name not in ("kind", *PROVENANCE, *CALCULATOR_FLAGS)}
    return st.builds(cls, **fields)


TERMS = st.one_of([term_strategy(cls) for cls in TERM_CLASSES])
EXPECTED = st.one_of(
    st.builds(ExpectedAmount, amount=NUMBERS),
    st.builds(ExpectedRange, min=st.none() | NUMBERS, max=NUMBERS),
    st.just(ExpectedNotComputable(not_computable=True)),
)
SCENARIOS = st.builds(
    Scenario, select=TEXT,
    inputs=st.builds(ScenarioInputs, base=st.none() | NUMBERS, count=st.none() | NUMBERS, years=st.none() | NUMBERS),
    expected=EXPECTED,
)
CLAUSES = st.builds(
    GoldClause,
    doc=st.text(min_size=1, max_size=8), path=st.text(min_size=1, max_size=8), text=st.text(max_size=40),
    money=st.lists(st.builds(GoldMoney, role=st.sampled_from(get_args(Role)), yuan=NUMBERS), max_size=3),
    rates=st.lists(st.builds(GoldRate, role=st.sampled_from(get_args(Role)), value=NUMBERS), max_size=2),
    quantities=st.lists(
        st.builds(GoldQuantity, role=st.sampled_from(get_args(QuantityRole)), value=NUMBERS, unit=TEXT), max_size=2),
    units=st.lists(TEXT, max_size=3),
    terms=st.lists(TERMS, max_size=3),
    scenarios=st.lists(SCENARIOS, max_size=2),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(CLAUSES, max_size=3, unique_by=lambda c: c.path))
def test_jsonl_round_trips(clauses):
    text = gold_to_jsonl(clauses)
    assert text.count("\n") == len(clauses)
    assert jsonl_to_gold(text) == clauses
    assert gold_to_jsonl(jsonl_to_gold(text)) == text
