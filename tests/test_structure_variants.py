"""Clause trees and boilerplate on notices laid out unlike the seeds.

The texts below are written for these tests in the styles other cities and
provinces publish (chapters with articles, （1） sub-items, 1、 numbering,
news reposts without numbers, portal pages); the expectations were worked
out by reading them.
"""

from __future__ import annotations

import pytest

from extractor.labels import parse_label
from extractor.pipeline import run


def read(tmp_path, text, name="notice.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run(path)


ARTICLES = """\
某市促进科技成果转化暂行办法
第一章　总则
第一条　为促进科技成果转化，根据有关法律法规，制定本办法。
第二条　本办法适用于在本市注册的企业。
第二章　支持措施
第三条　对新认定的国家级技术转移示范机构，给予50万元奖励。
第四条　技术合同登记奖励按以下标准执行：
（一）技术交易额在1000万元以上的，给予10万元奖励；
（二）技术交易额在500万元以上不足1000万元的，给予5万元奖励。
第三章　附则
第五条　本办法自2025年3月1日起施行，有效期5年。
"""


def test_chapters_with_articles_that_run_on(tmp_path):
    notice = read(tmp_path, ARTICLES)
    assert [c.path for c in notice.clauses()] == [
        "第一章/第一条", "第一章/第二条", "第二章/第三条", "第二章/第四条/lead",
        "第二章/第四条/（一）", "第二章/第四条/（二）", "第三章/第五条",
    ]
    assert notice.metadata.effective_from.isoformat() == "2025-03-01"
    assert notice.metadata.effective_until.isoformat() == "2030-02-28"
    assert notice.metadata.validity_years == 5


NESTED = """\
关于支持人才发展的若干措施
一、引进高层次人才
1、对新引进的博士研究生，给予以下支持：
（1）安家补贴每人10万元；
（2）生活补贴每人每月2000元，最长不超过3年。
2、对新引进的硕士研究生，每人给予3万元安家补贴。
二、培育本土人才
3、对入选省级人才计划的，给予1:1配套资助。（市人社局、市财政局等按职责分工负责）
"""


def test_arabic_items_with_parenthesized_sub_items(tmp_path):
    notice = read(tmp_path, NESTED)
    assert [c.path for c in notice.clauses()] == ["一/1/lead", "一/1/（1）", "一/1/（2）", "一/2", "二/3"]
    assert notice.clauses()[-1].units == ["市人社局", "市财政局"]


def test_numbers_that_open_a_line_inside_a_clause_are_not_labels(tmp_path):
    text = (
        "关于支持企业发展的若干措施\n一、支持研发投入。对企业给予补助：\n"
        "2024年度研发投入增长的，按增量的10%补助。\n1.5倍以上增长的，另奖励10万元。\n二、支持上市。\n"
    )
    notice = read(tmp_path, text)
    assert [c.path for c in notice.clauses()] == ["一", "二"]
    assert "1.5倍以上增长的" in notice.clauses()[0].text


def test_news_repost_without_numbers_uses_paragraph_paths(tmp_path):
    text = (
        "我市出台措施支持科技型企业发展\n"
        "近日，市科技局出台措施，对新认定的高新技术企业给予20万元奖励。\n"
        "对首次入库的科技型中小企业，给予1万元奖励。\n"
    )
    notice = read(tmp_path, text)
    assert [c.path for c in notice.clauses()] == ["p1", "p2"]


def test_lead_unit_in_a_heading_and_a_lead_unit_list(tmp_path):
    text = (
        "关于加快科技创新的实施意见\n"
        "一、支持平台建设（由区科技局牵头）\n"
        "对新认定的省级重点实验室给予50万元支持。\n"
        "二、支持成果转化。对技术合同给予奖励。牵头单位：区科技局；责任单位：区财政局、区市场监管局\n"
    )
    notice = read(tmp_path, text)
    first, second = notice.clauses()
    assert first.path == "一" and first.lead_units == ["区科技局"] and first.units == []
    assert second.lead_units == ["区科技局"] and second.units == ["区财政局", "区市场监管局"]


PORTAL = """\
首页 > 政策文件 > 正文
字号：大 中 小
分享到：
关于印发某区支持数字经济发展若干措施的通知
某政发〔2024〕7号
各街道办事处，区直各部门：
现将《某区支持数字经济发展若干措施》印发给你们，请认真贯彻执行。
某区人民政府
2024年5月6日
某区支持数字经济发展若干措施
一、对新落户的数字经济企业，给予最高100万元落户奖励。（责任单位：区发改局）
二、本措施自印发之日起施行。
【打印本页】【关闭窗口】
扫一扫在手机打开当前页
主办单位：某区人民政府办公室　网站标识码：1234567890
"""


def test_portal_page_furniture_is_dropped(tmp_path):
    notice = read(tmp_path, PORTAL)
    assert [c.path for c in notice.clauses()] == ["一", "二"]
    dropped = " ".join(d.text for d in notice.dropped)
    for phrase in ("首页 > 政策文件", "字号", "分享到", "打印本页", "扫一扫", "网站标识码"):
        assert phrase in dropped
    meta = notice.metadata
    assert meta.doc_number == "某政发〔2024〕7号"
    assert meta.issuers == ["某区人民政府"]
    assert meta.date.isoformat() == "2024-05-06"
    assert meta.effective_from == meta.date


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("一、总体要求", "一"), ("（十四）建立机制", "（十四）"), ("(3)生活补贴", "（3）"), ("3．支持", "3"),
        ("第十二条 附则", "第十二条"), ("第二章 支持措施", "第二章"), ("②安家补贴", "②"), ("二十一、其他", "二十一"),
    ],
)
def test_labels_in_every_style(text, path):
    from extractor.normalize import normalize

    assert parse_label(normalize(text).text).path_part == path


@pytest.mark.parametrize(
    "text", ["1.5平方公里", "2024年1月1日起", "3年以上", "10%的奖励", "一次性给予", "(此件公开发布)", "第一条例", "30-100万元"]
)
def test_not_labels(text):
    assert parse_label(text) is None


def test_unit_lines_after_items_belong_to_the_list(tmp_path):
    text = (
        "关于支持人工智能产业发展的若干措施\n"
        "一、支持企业发展\n"
        "（一）降低算力成本。区每年安排资金，按以下标准支持：\n"
        "1.对使用算力的企业，按费用的30%给予补贴。\n"
        "2.对提供算力的企业，按服务收入的10%给予奖励。\n"
        "（责任单位：区科技创新局、区工业和信息化局）\n"
        "（二）支持首台套。对首台套产品给予50万元奖励。（责任单位：区发改局）\n"
    )
    notice = read(tmp_path, text)
    assert [c.path for c in notice.clauses()] == ["一/（一）/lead", "一/（一）/1", "一/（一）/2", "一/（一）/closing", "一/（二）"]
    closing = notice.clauses()[3]
    assert closing.units == ["区科技创新局", "区工业和信息化局"]


def test_a_short_unit_line_is_never_dropped_as_a_note(tmp_path):
    text = "关于支持软件产业的若干政策\n一、支持做大做强。对软件企业给予10万元奖励。\n（牵头单位：区新经济局）\n二、支持上市。\n"
    notice = read(tmp_path, text)
    assert notice.clauses()[0].lead_units == ["区新经济局"]
    assert not [d for d in notice.dropped if "新经济局" in d.text]


def test_back_reference_after_items_closes_the_article(tmp_path):
    text = (
        "某市生物医药产业暂行办法\n"
        "第一条 研发资助按以下标准执行：\n"
        "（一）完成一期临床试验的，给予300万元资助；\n"
        "（二）完成二期临床试验的，给予500万元资助。\n"
        "同一企业每年累计资助最高不超过3000万元。\n"
        "第二条 本办法自2025年1月1日起施行。\n"
    )
    notice = read(tmp_path, text)
    assert [c.path for c in notice.clauses()] == ["第一条/lead", "第一条/（一）", "第一条/（二）", "第一条/closing", "第二条"]


def test_portal_index_row_is_furniture_and_its_doc_number_is_read(tmp_path):
    text = (
        "索引号：11440305MB2C12345X/2024-00123　文号：深南府办规〔2024〕3号\n"
        "关于印发支持人工智能产业发展若干措施的通知\n"
        "一、对新认定的企业给予10万元奖励。\n"
    )
    notice = read(tmp_path, text)
    assert notice.metadata.doc_number == "深南府办规〔2024〕3号"
    assert [c.path for c in notice.clauses()] == ["一"]
