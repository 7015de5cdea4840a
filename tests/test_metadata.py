"""Metadata of the seed notices, read by hand from the printed texts."""

from __future__ import annotations

import datetime as dt

import pytest

D = dt.date

EXPECTED = {
    "yq-draft-2024": dict(
        title="“晋创谷·阳泉”创新驱动平台专项政策措施(征求意见稿)", issuers=["阳泉市科学技术局"], doc_number=None,
        date=D(2024, 9, 29), status="draft", comment_deadline=D(2024, 10, 10),
        effective_from=None, effective_from_raw="2024年X月X日", effective_until=None, validity_years=3,
        applicable_subjects=["科技型中小企业", "创新型企业", "金融服务机构", "技术转移机构"],
        stacking=["从优", "就高", "不重复"], stacking_raw="从优、就高、不重复", interpreter=None,
    ),
    "sx-jinchuanggu-5-2023": dict(
        title="关于印发晋创谷创新驱动平台科创团队及企业入驻支持政策措施等5个配套政策的通知",
        issuers=["山西省人民政府办公厅"], doc_number="晋政办发〔2023〕95号", date=D(2023, 12, 29), status="final",
        comment_deadline=None, effective_from=D(2024, 1, 1), effective_from_raw="2024年1月1日",
        effective_until=D(2028, 12, 31), validity_years=None,
        applicable_subjects=["科技型中小企业", "创新型企业"], stacking=["从优", "就高", "不重复"],
        stacking_raw="从优、就高、不重复", interpreter=None,
    ),
    "sx-kjcxc-4-2016": dict(
        title=None, issuers=["山西省人民政府办公厅"], doc_number=None, date=D(2016, 1, 13), status="final",
        comment_deadline=None, effective_from=None, effective_from_raw=None, effective_until=None, validity_years=None,
        applicable_subjects=[], stacking=None, stacking_raw=None, interpreter=None,
    ),
    "jz-jinchuanggu-2025": dict(
        title="关于进一步强化“晋创谷·晋中”创新驱动平台建设支持的若干措施", issuers=[], doc_number=None, date=None,
        status="final", comment_deadline=None, effective_from=D(2025, 1, 1), effective_from_raw="2025年1月1日",
        effective_until=D(2029, 12, 31), validity_years=None,
        applicable_subjects=["科创团队", "科技型中小企业", "创新型企业"], stacking=["就高", "不重复"],
        stacking_raw="就高不重复", interpreter="市科技局",
    ),
    "sx-jinchuanggu-plan-2024": dict(
        title="中共山西省委 山西省人民政府关于印发《晋创谷创新驱动平台建设三年行动计划(2024-2026年)》的通知",
        issuers=["中共山西省委", "山西省人民政府"], doc_number=None, date=None, status="final", comment_deadline=None,
        effective_from=None, effective_from_raw=None, effective_until=None, validity_years=None,
        applicable_subjects=[], stacking=None, stacking_raw=None, interpreter=None,
    ),
}


@pytest.mark.parametrize("doc_id", list(EXPECTED))
def test_metadata(seeds, doc_id):
    meta = seeds[doc_id].metadata
    expected = dict(EXPECTED[doc_id])
    principles, raw = expected.pop("stacking"), expected.pop("stacking_raw")
    got = {name: getattr(meta, name) for name in expected}
    assert got == expected
    assert (meta.stacking.principles if meta.stacking else None) == principles
    assert (meta.stacking.raw if meta.stacking else None) == raw


def test_published_date_of_a_reposted_page(seeds):
    assert seeds["sx-jinchuanggu-plan-2024"].metadata.published == D(2024, 3, 20)


def test_attachment_named_after_fujian(seeds):
    assert seeds["sx-jinchuanggu-5-2023"].metadata.attachments == [
        "山西省人民政府办公厅关于印发晋创谷创新驱动平台科创团队及企业入驻支持政策措施等5个配套政策的通知.pdf"
    ]


@pytest.mark.parametrize("doc_id", list(EXPECTED))
def test_metadata_sources_point_at_the_text(seeds, doc_id):
    notice = seeds[doc_id]
    meta = notice.metadata
    for name, span in meta.sources.items():
        printed = notice.text[span.start:span.end]
        assert printed, name
    if meta.doc_number:
        span = meta.sources["doc_number"]
        assert notice.text[span.start:span.end] == meta.doc_number


@pytest.mark.parametrize(("text", "status"), [
    # rw052 (a news page on 泸州's draft): the opening line names the notice as a draft, the title does not
    ("10月13日，泸州市住房和城乡建设局发布了关于征求《促进房地产市场平稳健康发展的若干措施（试行）（征求意见稿）》"
     "意见建议的公示。\n促进房地产市场平稳健康发展的若干措施\n（试行）\n第一条 优化土地出让条件。新出让的开发建设用地，"
     "按起始价的20%确定竞买保证金。\n", "draft"),
    # written anew: another city, the same shape
    ("市科技局就《支持科技型企业发展的若干措施(征求意见稿)》公开征求意见。\n支持科技型企业发展的若干措施\n"
     "一、对新认定的高新技术企业给予10万元奖励。\n", "draft"),
    # rw068: the title is the call for comments on the measures (关于公开征求…意见的通知)
    ("关于公开征求厦门市关于进一步稳增长转动能推动经济高质量发展的若干措施意见的通知\n"
     "一、对新认定的高新技术企业给予10万元奖励。\n", "draft"),
    # written anew: 草拟稿 in the title
    ("关于促进消费的若干措施（草拟稿）\n一、对新认定的高新技术企业给予10万元奖励。\n", "draft"),
    # a page that names another draft, not its own notice
    ("此前，市政府曾就《关于加快人才集聚的意见（征求意见稿）》征求意见。\n支持科技型企业发展的若干措施\n"
     "一、对新认定的高新技术企业给予10万元奖励。\n", "final"),
])
def test_a_page_opening_on_its_own_draft_is_a_draft(text, status):
    from extractor.pipeline import run_bytes

    assert run_bytes(text.encode("utf-8"), "page.txt").metadata.status == status
