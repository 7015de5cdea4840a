"""Comparing two versions: alignment that survives renumbering, and field-level changes.

The two notices below were written for these tests; every expected status and
change was worked out by reading them side by side.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest

from extractor.diff import body, compare, differs
from extractor.models import Clause, Span
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
        "clauses": [c.model_dump(exclude={"old_text": True, "new_text": True, "old_heading": True, "new_heading": True,
                                          "changes": {"__all__": {"when"}}}) for c in report.clauses],
    }), parse_float=Decimal, parse_int=Decimal)


def test_each_changed_figure_says_which_item_it_is_and_each_clause_its_heading():
    """The `when` of the term holding the figure and the clauses' headings, read off the notices by hand:
    jz 四/（九） 对谷内新认定的省级、国家级科技企业孵化器，分别给予运营单位30万元、50万元 → 40万元 for 省级."""
    from extractor.diff import diff_files

    report = diff_files(TEXTS / "jz-jinchuanggu-2025.txt", EXPECTED_DIR / "jz-final-2025.txt")
    clause = next(c for c in report.clauses if c.old_path == "四/（九）")
    assert (clause.old_heading, clause.new_heading) == ("支持孵化载体建设", "支持孵化载体建设")
    [change] = clause.changes
    assert (change.old, change.new) == (Decimal(300000), Decimal(400000))
    assert "省级科技企业孵化器" in change.when and "国家级" not in change.when
    yq = diff_files(TEXTS / "yq-draft-2024.txt", EXPECTED_DIR / "yq-final-2024.txt")
    award = next(c for c in yq.clauses if c.old_path == "二/4").changes[0]
    assert (award.field, award.old, award.new, award.when) == ("money", 1000000, 1500000, "经认定的新建院士工作站 建站补助")
    assert yq.old_input.path.endswith("yq-draft-2024.txt") and len(yq.old_input.sha256) == 64
    assert yq.generated is not None and yq.version == "0.1.0"


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


# A long notice and its next version, generated: the pairing is known from how the new
# version was made, never read from the program. Clause texts share a template (支持…建设。
# 对…的，给予N万元奖励。) around random characters, so unrelated clauses stay below the
# pairing threshold and an edited one above it.

AMOUNTS = (10, 20, 30, 50, 100, 200)


class _Writer:
    """Random clause texts from a fixed seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def words(self, low: int, high: int) -> str:
        return "".join(chr(0x4E00 + self.rng.randrange(3000)) for _ in range(self.rng.randint(low, high)))

    def clause(self) -> str:
        return (f"支持{self.words(6, 12)}建设。对{self.words(15, 30)}的，给予{self.rng.choice(AMOUNTS)}万元奖励。"
                f"{self.words(10, 25)}。")

    def edited(self, text: str) -> str:
        """Three characters of the heading reworded and the amount changed."""
        at = self.rng.randrange(2, 6)  # inside the 6 to 12 characters after 支持
        text = text[:at] + self.words(3, 3) + text[at + 3:]
        return re.sub(r"\d+万元", f"{self.rng.choice(AMOUNTS) + 5}万元", text, count=1)


def _numbered(texts: list[str]) -> list[Clause]:
    return [Clause(path=str(n), label=f"{n}.", style="arabic", number=n, depth=0, text=f"{n}.{text}",
                   span=Span(start=0, end=len(text) + len(str(n)) + 1)) for n, text in enumerate(texts, 1)]


def _generated_pair(size: int = 300, seed: int = 2024):
    """Old and new clauses, and the pairs, merges and splits the new version was made with.

    Of the old clauses, 40 are edited in place, 15 deleted, 4 couples merged into one
    clause, 4 split in two, 6 moved far away (3 of them edited too); 15 clauses are added.
    """
    writer = _Writer(seed)
    rng = writer.rng
    picked = rng.sample(range(0, size - 1, 2), 40 + 15 + 4 + 4 + 6)  # even indices: a couple (k, k+1) never overlaps
    edited, deleted, merged, split, moved = (picked[:40], picked[40:55], picked[55:59], picked[59:63], picked[63:])
    old = [writer.clause() + (writer.clause() if k in split else "") for k in range(size)]
    new: list[tuple[str, tuple]] = []  # text, and what it came from
    for k, text in enumerate(old):
        if k in deleted or k - 1 in merged:
            continue
        if k in merged:
            new.append((text + old[k + 1], ("merge", k, k + 1)))
        elif k in split:
            half = text.index("。", text.index("奖励。") + 3) + 1  # the end of the first clause written
            new += [(text[:half], ("split", k)), (text[half:], ("split", k))]
        else:
            new.append((writer.edited(text) if k in edited or k in moved[:3] else text, ("pair", k)))
    for k in moved:  # to a place at least 60 clauses away
        at = next(n for n, (_, origin) in enumerate(new) if origin == ("pair", k))
        item = new.pop(at)
        new.insert((at + rng.randint(60, len(new) - 60)) % len(new), item)
    for _ in range(15):
        new.insert(rng.randrange(len(new) + 1), (writer.clause(), ("added",)))
    pairs = {origin[1]: j for j, (_, origin) in enumerate(new) if origin[0] == "pair"}
    merges = {j: [origin[1], origin[2]] for j, (_, origin) in enumerate(new) if origin[0] == "merge"}
    splits: dict[int, list[int]] = {}
    for j, (_, origin) in enumerate(new):
        if origin[0] == "split":
            splits.setdefault(origin[1], []).append(j)
    return _numbered(old), _numbered([text for text, _ in new]), (pairs, merges, splits)


def _alignment(old, new):
    """align() as compare() reads it: the pairs left once merges and splits took their clauses."""
    from extractor.diff import align

    pairs, merges, splits = align(old, new)
    merged_old = {i for sources in merges.values() for i in sources}
    split_new = {j for parts in splits.values() for j in parts}
    pairs = {i: j for i, j in pairs.items()
             if i not in merged_old and i not in splits and j not in merges and j not in split_new}
    return pairs, merges, splits


@pytest.fixture(scope="module")
def long_pair():
    return _generated_pair()


def test_a_long_notice_is_aligned_as_it_was_edited(long_pair):
    """300 clauses: every edit, move, deletion, addition, merge and split found, each in its place."""
    from extractor import diff

    old, new, expected = long_pair
    new_texts = {body(c) for c in new}
    assert sum(body(c) not in new_texts for c in old) > diff.FULL_SCAN  # the pruned search, not the exhaustive one
    assert _alignment(old, new) == expected


def test_a_long_notice_looks_at_few_pairs_and_loses_none(long_pair, monkeypatch):
    """The pairs looked at grow with the notice, not with its square; looking at every pair finds nothing more."""
    from extractor import diff

    looked = set()
    common = diff._Scorer.common
    monkeypatch.setattr(diff._Scorer, "common", lambda self, i, j: looked.add((i, j)) or common(self, i, j))
    old, new, expected = long_pair
    pruned = _alignment(old, new)
    pruned_looked = len(looked)
    looked.clear()
    monkeypatch.setattr(diff, "FULL_SCAN", len(old) + len(new))  # every pair
    assert _alignment(old, new) == pruned == expected
    assert pruned_looked <= 4 * len(old)
    assert len(looked) > 10 * pruned_looked
