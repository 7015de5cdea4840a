"""Comparing two versions: alignment that survives renumbering, and field-level changes.

The two notices below were written for these tests; every expected status and
change was worked out by reading them side by side.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.diff import compare, differs
from extractor.pipeline import run

from .conftest import TEXTS

OLD = """\
某市支持科技创新若干措施（征求意见稿）
一、支持创新平台
1.支持重点实验室建设。对新认定的国家级重点实验室，给予100万元奖励。（责任单位：市科技局）
2.支持技术转移。按技术交易额的5%奖励技术转移机构，最高奖励30万元。（责任单位：市科技局、市财政局）
3.支持中试基地建设。对新认定的省级中试基地，给予25万元奖励。（责任单位：市科技局）
二、支持人才引育
4.支持博士引进。对企业引进的博士，每人给予10万元科研经费支持。（责任单位：市人社局）
5.支持技能人才。对新取得高级技师证书的，每人给予1万元补助。（责任单位：市人社局）
6.支持院士工作站。对新建院士工作站，给予100万元建站补助，分3年补助到位。对运营三年以上的院士工作站，给予30万元绩效奖励。（责任单位：市科协）
7.支持柔性引才。对柔性引进的专家，每年给予引才单位10万元补贴。（责任单位：市委组织部）
8.支持人才公寓。对引进的高层次人才，免费提供人才公寓。（责任单位：市住建局）
本措施自2025年1月1日起施行，有效期3年。
"""

NEW = """\
某市支持科技创新若干措施
一、支持创新平台
1.支持重点实验室建设。对新认定的国家级重点实验室，给予150万元奖励。（责任单位：市科技局）
2.支持技术创新中心。对新认定的省级技术创新中心，给予50万元奖励。（责任单位：市科技局）
3.支持技术转移。按技术交易额的3%奖励技术转移机构，最高奖励50万元。（责任单位：市科技局、市财政局、市市场监管局）
二、支持人才引育
4.支持博士引进。对企业引进的博士，每人给予10万元科研经费支持。（责任单位：市人社局）
5.支持中试基地建设。对新认定的省级中试基地，给予25万元奖励。（责任单位：市科技局）
6.支持技能人才。对新取得高级技师证书的，每人给予1万元补助。（责任单位：市人社局、市财政局）
7.支持院士工作站建设。对新建院士工作站，给予100万元建站补助，分3年补助到位。（责任单位：市科协）
8.支持院士工作站运营。对运营三年以上的院士工作站，给予30万元绩效奖励。（责任单位：市科协）
9.鼓励柔性引才和人才安居。对柔性引进的专家，每年给予引才单位10万元补贴；对引进的高层次人才，免费提供人才公寓。（责任单位：市委组织部、市住建局）
本措施自2025年3月1日起施行，有效期3年。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("diff")
    (folder / "old.txt").write_text(OLD, encoding="utf-8")
    (folder / "new.txt").write_text(NEW, encoding="utf-8")
    return compare(run(folder / "old.txt"), run(folder / "new.txt"))


def by_old(report, path):
    return [c for c in report.clauses if c.old_path == path]


def test_statuses(report):
    got = [(c.old_path, c.new_path, c.status) for c in report.clauses]
    assert got == [
        ("一/1", "一/1", "modified"),
        (None, "一/2", "added"),
        ("一/2", "一/3", "modified"),
        ("二/4", "二/4", "unchanged"),
        ("一/3", "二/5", "moved"),
        ("二/5", "二/6", "modified"),
        ("二/6", "二/7", "split"),
        ("二/6", "二/8", "split"),
        ("二/7", "二/9", "merged"),
        ("二/8", "二/9", "merged"),
        ("closing", "closing", "modified"),
    ]


def test_figure_changes_by_role(report):
    (first,) = by_old(report, "一/1")
    assert [(c.field, c.role, c.old, c.new) for c in first.changes] == [("money", "award", Decimal(1000000), Decimal(1500000))]
    (transfer,) = by_old(report, "一/2")
    assert [(c.field, c.role, c.old, c.new) for c in transfer.changes] == [
        ("money", "cap", Decimal(300000), Decimal(500000)),
        ("rate", "award", Decimal("0.05"), Decimal("0.03")),
        ("unit", None, None, "市市场监管局"),
    ]


def test_unit_added_without_other_change(report):
    (skills,) = by_old(report, "二/5")
    assert [(c.field, c.old, c.new) for c in skills.changes] == [("unit", None, "市财政局")]


def test_metadata_changes(report):
    assert [(m.field, m.old, m.new) for m in report.metadata_changes] == [
        ("status", "draft", "final"),
        ("title", "某市支持科技创新若干措施（征求意见稿）", "某市支持科技创新若干措施"),
        ("effective_from", "2025-01-01", "2025-03-01"),
        ("effective_until", "2027-12-31", "2028-02-29"),  # 3 years from 2025-03-01, less a day: 2028 is a leap year
    ]


def test_closing_change_is_wording_and_dates_only(report):
    (closing,) = by_old(report, "closing")
    assert [c.field for c in closing.changes] == ["text"]


def test_the_same_notice_does_not_differ():
    notice = run(TEXTS / "yq-draft-2024.txt")
    report = compare(notice, notice)
    assert not differs(report)
    assert {c.status for c in report.clauses} == {"unchanged"}


def test_renumbering_alone_is_reported_as_such(tmp_path):
    old = "某市若干措施\n一、支持A。给予10万元奖励。\n二、支持B。给予20万元奖励。\n三、支持C。给予30万元奖励。\n"
    new = "某市若干措施\n一、支持Z。给予5万元奖励。\n二、支持A。给予10万元奖励。\n三、支持B。给予20万元奖励。\n四、支持C。给予30万元奖励。\n"
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    report = compare(run(tmp_path / "old.txt"), run(tmp_path / "new.txt"))
    assert [(c.old_path, c.new_path, c.status) for c in report.clauses] == [
        (None, "一", "added"), ("一", "二", "renumbered"), ("二", "三", "renumbered"), ("三", "四", "renumbered")]
    assert all(c.changes == [] for c in report.clauses)


EXPECTED_DIR = TEXTS.parent / "diffs"
PAIRS = [
    ("yq-draft-2024", TEXTS / "yq-draft-2024.txt", EXPECTED_DIR / "yq-final-2024.txt"),
    ("jz-jinchuanggu-2025", TEXTS / "jz-jinchuanggu-2025.txt", EXPECTED_DIR / "jz-final-2025.txt"),
]


def _report_json(report) -> dict:
    import json

    from extractor.gold import dumps_exact

    return json.loads(dumps_exact({
        "metadata_changes": [m.model_dump() for m in report.metadata_changes],
        "clauses": [c.model_dump(exclude={"old_text", "new_text"}) for c in report.clauses],
    }), parse_float=Decimal, parse_int=Decimal)


@pytest.mark.parametrize(("old_id", "old", "new"), PAIRS, ids=[p[0] for p in PAIRS])
def test_hand_written_test_pairs(old_id, old, new):
    """Every expected change reported, no spurious one, renumbered clauses as such (corpus/diffs)."""
    import json

    expected_file = EXPECTED_DIR / f"{old_id}__{new.stem}.expected.json"
    expected = json.loads(expected_file.read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)
    got = _report_json(compare(run(old), run(new)))
    assert got["metadata_changes"] == expected["metadata_changes"]
    assert [(c["old_path"], c["new_path"], c["status"]) for c in got["clauses"]] == [
        (c["old_path"], c["new_path"], c["status"]) for c in expected["clauses"]]
    assert got["clauses"] == expected["clauses"]




def _cross_pairs():
    import json

    return json.loads((EXPECTED_DIR / "sx-jinchuanggu-5-2023__jz-jinchuanggu-2025.pairs.json").read_text(encoding="utf-8"),
                      parse_float=Decimal, parse_int=Decimal)


FOUND = {"lead", "公共服务支持政策措施/五", "公共服务支持政策措施/四", "科创团队及企业入驻支持政策措施/三", "科创团队及企业入驻支持政策措施/五"}


@pytest.fixture(scope="module")
def province_vs_city(seeds):
    return _report_json(compare(seeds["sx-jinchuanggu-5-2023"], seeds["jz-jinchuanggu-2025"]))


@pytest.mark.parametrize(
    "pair",
    [pytest.param(p, marks=[] if p["old_path"] in FOUND else pytest.mark.xfail(
        strict=True, reason="reworded item: same measure in other words, not paired by text yet"))
     for p in _cross_pairs()],
    ids=[f"{p['old_path']}→{p['new_path']}" for p in _cross_pairs()],
)
def test_province_and_city_clauses_on_the_same_item_are_paired_with_their_figures(province_vs_city, pair):
    found = [c for c in province_vs_city["clauses"] if c["old_path"] == pair["old_path"] and c["new_path"] == pair["new_path"]]
    assert found, "not paired"
    for change in pair["changes"]:
        assert change in found[0]["changes"]
