"""Application notices: when applications are taken and what to hand in, as the notice record holds them.

Each real row is a paragraph copied from a document of shared/realworld/docs (its id names it), with the
window or materials worked out by reading it; each is followed by a variant written by hand in other words.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.pipeline import run, run_bytes

from .conftest import ROOT

REAL_DOCS = Path(__file__).resolve().parents[2] / "shared/realworld/docs"
needs_realworld = pytest.mark.skipif(not REAL_DOCS.is_dir(), reason=f"real documents not found at {REAL_DOCS}")
CONDITION_GOLD = ROOT / "corpus/gold/conditions"

D = dt.date


def read(body: str, signed: str | None = "2024年5月20日"):
    """The metadata of a small notice around `body`: a title, the paragraphs, a signature with its date."""
    lines = ["关于开展补贴申报工作的通知", body, *(["市住房和城乡建设局", signed] if signed else [])]
    return run_bytes("\n".join(lines).encode("utf-8"), "case.txt").metadata


def window_of(meta) -> tuple[dt.date | None, dt.date | None] | None:
    window = meta.application_window
    return (window.date_from, window.date_to) if window else None


WINDOWS = [
    # --- real paragraphs (shared/realworld/docs) ---
    pytest.param("自2023年1月1日至2023年12月31日，购买城市规划区范围内国有土地上新建商品住房的二、三孩家庭，政府每平方米补贴100元，"
                 "最高补贴额不超过1.44万元。申报购房补贴截止时间为2024年6月30日。（责任部门：市住房和城乡建设局、市财政局）",
                 "2023年9月22日", (None, D(2024, 6, 30)), id="rw048-deadline-after-a-buying-window"),
    pytest.param("1.符合补贴条件的车辆所有人通过第三方交易办理平台申请补贴。“仅报废国四”、“报废更新为新能源”场景补贴申请开始时间为"
                 "本实施细则发布之日起；“仅新购冷链场景”补贴申请开始时间为2026年9月1日0时起。",
                 None, (D(2026, 9, 1), None), id="rw072-opens-on-a-day-the-undated-notice-cannot-give"),
    pytest.param("如有意见建议，请于2024年3月20日前通过电子邮件（邮箱地址：gygjjzhc@163.com）方式反馈我中心。",
                 "2024年3月1日", None, id="rw040-comments-are-no-application"),
    pytest.param("（二）即日起至2023年12月31日期间，对企业和个人购买新建公寓，给予全额契税补贴，补贴资金由市、区县（市）按照1：1比例承担。",
                 "2023年9月3日", None, id="rw001-a-window-for-buying"),
    pytest.param("上述补贴政策自2024年7月1日起执行，至2024年12月31日截止，按就高不重复享受原则，单套补贴金额标准最高不超过5万元，"
                 "由土地受益财政承担。", "2024年6月28日", None, id="rw004-the-policy-s-own-period"),
    pytest.param("2020年8月20日前，借款人已提交完整的住房公积金贷款申请材料，并经前台人员受理的，执行原有的住房公积金贷款业务规定。",
                 "2020年8月18日", None, id="rw018-a-transition-rule"),
    # --- variants written by hand ---
    pytest.param("申报截止时间为2024年6月30日17:00，逾期不予受理。", "2024年5月20日", (None, D(2024, 6, 30)),
                 id="variant-deadline-with-an-hour"),
    pytest.param("请于5月31日前提交申报材料。", "2024年5月20日", (None, D(2024, 5, 31)), id="variant-before-takes-the-notice-year"),
    pytest.param("企业申报时间：即日起至12月31日。", "2023年9月3日", (D(2023, 9, 3), D(2023, 12, 31)),
                 id="variant-from-the-notice-day"),
    pytest.param("一、申报对象\n本市科技型中小企业。\n二、申报时间\n2024年6月1日至6月30日（节假日除外）。", "2024年5月20日",
                 (D(2024, 6, 1), D(2024, 6, 30)),
                 id="variant-below-a-heading"),
    pytest.param("受理时间为二〇二四年六月一日至六月三十日。", "2024年5月20日", (D(2024, 6, 1), D(2024, 6, 30)),
                 id="variant-chinese-numerals"),
    pytest.param("请于6月30日前将修改意见报送至市科技局。", "2024年5月20日", None, id="variant-comments"),
    pytest.param("在2023年12月31日前购买新建商品住房并申请补贴的，给予契税补贴。", "2023年6月1日", None,
                 id="variant-a-deadline-to-buy"),
    pytest.param("本通知自2024年6月1日起施行，有效期至2026年5月31日。", "2024年5月20日", None, id="variant-validity"),
    # --- known failures ---
    pytest.param("答：本次阶段性政策的执行时间是2022年11月18日-2022年12月31日，职工须在此期间向贵阳市住房公积金管理中心申请办理提取手续。",
                 "2022年11月18日", (D(2022, 11, 18), D(2022, 12, 31)), id="rw039-window-pointed-back-to",
                 marks=pytest.mark.xfail(strict=True, reason="the dates come before the act and 在此期间 points back to them")),
]


@pytest.mark.parametrize(("body", "signed", "expected"), WINDOWS)
def test_application_window(body, signed, expected):
    assert window_of(read(body, signed)) == expected


MATERIALS = [
    # --- real paragraphs (shared/realworld/docs) ---
    pytest.param(
        "六、调整公积金贷款政策\n（一）职工申请住房公积金贷款应具备条件：\n1. 借款人家庭没有未结清的住房公积金贷款。\n"
        "（二） 贷款额度、期限和利率。\n1. 单方最高贷款额度为30万元，夫妻双方最高贷款额度为50万元；\n"
        "（三） 申请住房公积金贷款需提供的材料：\n1. 《商品房买卖合同（预售）》原件；\n2. 《宿州市新建商品房购销合同登记备案表》原件；\n"
        "3. 首付比例不低于购房款（首次贷款20%、第二次贷款30% ） 的发票或收据原件；\n4. 提供《商品房预售许可证》复印件，并加盖售房企业公章；\n"
        "5. 借款人及配偶身份证原件；\n"
        "6. 借款人及配偶户口簿、结婚证原件（未婚者出具“婚姻状况 声明书”、离异未再婚者出具“婚姻状况声明书”及离婚证或法院判决书原件）；\n"
        "7. 借款人提供还款银行卡原件。\n（四） 住房公积金贷款担保方式：\n1. 使用新购商品房房产抵押担保；\n2. 正常缴存公积金的职工担保。",
        ["《商品房买卖合同（预售）》原件", "《宿州市新建商品房购销合同登记备案表》原件",
         "首付比例不低于购房款（首次贷款20%、第二次贷款30% ） 的发票或收据原件", "提供《商品房预售许可证》复印件，并加盖售房企业公章",
         "借款人及配偶身份证原件",
         "借款人及配偶户口簿、结婚证原件（未婚者出具“婚姻状况 声明书”、离异未再婚者出具“婚姻状况声明书”及离婚证或法院判决书原件）",
         "借款人提供还款银行卡原件"],
        id="rw007-stops-at-the-next-heading"),
    pytest.param(
        "（二）申报材料\n1.申请“仅报废国四”货车补贴提交以下材料：\n（1）上传车辆注册登记所有人营业执照照片；\n"
        "（2）上传报废车辆的《报废机动车回收证明》《机动车注销证明》《道路运输证》（或《道路运输证》注销证明）照片；\n"
        "（3）上传与申请人户名一致的银行账号信息。\n2.申请“仅新购冷链”货车补贴提交以下材料：\n（1）上传车辆注册登记所有人营业执照照片；\n"
        "（2）上传新购新能源冷链货车的《机动车销售统一发票》《机动车行驶证》照片；\n（3）上传《道路运输经营许可证》及《道路运输证》照片；\n"
        "（4）上传与申请人户名一致的银行账号信息。\n（三）申领流程\n"
        "1.车辆所有人登录“国四老旧营运货车报废更新办理平台”网页PC端进行申请，按要求填报车辆所有人信息、报废车辆和新购车辆信息，并上传所需材料。",
        ["上传车辆注册登记所有人营业执照照片", "上传报废车辆的《报废机动车回收证明》《机动车注销证明》《道路运输证》（或《道路运输证》注销证明）照片",
         "上传与申请人户名一致的银行账号信息", "上传新购新能源冷链货车的《机动车销售统一发票》《机动车行驶证》照片",
         "上传《道路运输经营许可证》及《道路运输证》照片"],
        id="rw072-lists-under-a-heading-each-item-once"),
    pytest.param(
        "第十八条 贷款申请人申请公积金贷款时需提供以下申请材料的原件及复印件（适合“一证通办”情形，可通过政府共享数据平台获取的，不再向申请人收取）：\n"
        "（一）身份证明：贷款申请人（含共同申请人）的居民身份证（不包括复印件）、户口簿或其他有效身份证件。\n"
        "（二）婚姻状况证明：结婚证、离婚证及离婚协议（或法院判决书、民事调解书）、单身具结书等。\n（三）还款能力证明：\n"
        "1.申请人及其配偶单位出具的收入证明或个人收入承诺书（以下统称收入证明）。\n2.灵活就业人员的月收入根据申请贷款时的缴存基数综合认定。\n"
        "（四）征信证明：中国人民银行个人征信系统查询贷款申请人（含共同申请人）个人信用情况材料。\n"
        "第十九条 申请住房公积金个人住房贷款的额度应同时符合以下限额标准:\n（一）不高于购买、建造、翻建或大修自有产权住房总额的规定比例。",
        ["身份证明：贷款申请人（含共同申请人）的居民身份证（不包括复印件）、户口簿或其他有效身份证件",
         "婚姻状况证明：结婚证、离婚证及离婚协议（或法院判决书、民事调解书）、单身具结书等", "还款能力证明",
         "征信证明：中国人民银行个人征信系统查询贷款申请人（含共同申请人）个人信用情况材料"],
        id="rw049-an-item-with-parts-of-its-own"),
    pytest.param(
        "二、备案材料\n初次投放申请备案的经营者应当提交以下材料：\n（一）《互联网租赁自行车备案申请表》；\n（二）经营者营业执照扫描件；\n"
        "（三）合规经营及服务承诺书。\n非初次投放申请备案的经营者仅提供拟运营服务区域、投放车辆、运营计划、整备计划等信息。\n三、备案结果运用\n"
        "申请备案的经营者应当遵守《北京市非机动车管理条例》相关规定。",
        ["《互联网租赁自行车备案申请表》", "经营者营业执照扫描件", "合规经营及服务承诺书"],
        id="rw074-stops-at-a-paragraph-that-is-no-item"),
    pytest.param("八、加快项目开工手续办理\n（一）精简申报材料：根据房屋建筑工程施工进展顺序，房地 产工程可分为“基坑支护和土方开挖施工”"
                 "和“工程整体”两个阶段申办施工许可证。", [], id="rw007-a-measure-on-materials-is-no-list"),
    # --- variants written by hand ---
    pytest.param("四、申报材料\n1.身份证复印件；\n2.营业执照副本复印件；\n3.《补贴申请表》原件。\n五、申报程序\n1.网上填报。\n2.现场审核。",
                 ["身份证复印件", "营业执照副本复印件", "《补贴申请表》原件"], id="variant-numbered-1."),
    pytest.param("三、需提交的材料\n（1）身份证复印件\n（2）户口簿\n（3）购房合同\n其他事项另行通知。",
                 ["身份证复印件", "户口簿", "购房合同"], id="variant-numbered-(1)"),
    pytest.param("（四）申报材料：1.身份证复印件；2.营业执照复印件；3.补贴申请表。", ["身份证复印件", "营业执照复印件", "补贴申请表"],
                 id="variant-numbered-in-one-line"),
    pytest.param("申请人需提交以下材料：身份证、户口簿（户主页、本人页）、《购房合同》原件。审核通过后发放补贴。",
                 ["身份证", "户口簿（户主页、本人页）", "《购房合同》原件"], id="variant-names-in-one-line"),
    pytest.param("四、审核\n区住房城乡建设部门对申请材料进行复审，符合条件的予以公示。", [], id="variant-materials-named-in-a-step"),
]


@pytest.mark.parametrize(("body", "expected"), MATERIALS)
def test_materials(body, expected):
    assert read(body).materials == expected


def test_sources_point_at_the_printed_window_and_items():
    text = "关于开展补贴申报工作的通知\n一、申报时间\n申报截止时间为2024年6月30日。\n二、申报材料\n1.身份证复印件；\n2.户口簿。\n市财政局\n2024年5月20日\n"
    notice = run_bytes(text.encode("utf-8"), "case.txt")
    sources = notice.metadata.sources
    assert notice.text[sources["application_window"].start:sources["application_window"].end] == "2024年6月30日"
    assert notice.metadata.application_window.raw == "2024年6月30日"
    assert notice.text[sources["materials"].start:sources["materials"].end] == "身份证复印件；\n2.户口簿"


def _gold_notice_line(doc: str) -> dict:
    lines = [json.loads(line) for line in (CONDITION_GOLD / f"{doc}.jsonl").read_text(encoding="utf-8").splitlines()]
    return next(line for line in lines if line["path"] == "notice")


@needs_realworld
def test_a_real_notice_lists_its_gold_materials():
    doc = "rw007_suzhou_ah_fangdichan_shishi_xize_2022"
    meta = run(REAL_DOCS / f"{doc}.html").metadata
    assert ["".join(item.split()) for item in meta.materials] == _gold_notice_line(doc)["materials"]
    assert meta.application_window is None


@needs_realworld
def test_a_real_notice_gives_its_application_deadline():
    notice = run(REAL_DOCS / "rw048_jilin_fangdichan_xiaofei_cuoshi_repost_2023.html")
    window, span = notice.metadata.application_window, notice.metadata.sources["application_window"]
    assert (window.date_from, window.date_to) == (None, D(2024, 6, 30))
    assert notice.text[span.start:span.end] == window.raw == "2024年6月30日"
    assert notice.metadata.materials == []
