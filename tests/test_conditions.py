"""Eligibility conditions read from clause text: rows from real notices, each with a variant written by hand.

Every expectation was worked out by reading the sentence; the scorer's rules are checked on small cases.
"""

import datetime as dt
from decimal import Decimal

import pytest

from extractor.conditions_eval import same, score
from extractor.extract import text_to_facts
from extractor.extract.conditions import find_conditions
from extractor.normalize import normalize

from .conftest import CORPUS, REALWORLD, skip


def leaves(text: str, year: int | None = 2024) -> list[tuple]:
    text = normalize(text).text
    tree = find_conditions(text, text_to_facts(text), year)
    out = []

    def walk(node: dict, logic: str) -> None:
        for item in node["items"]:
            if "logic" in item:
                walk(item, item["logic"])
            else:
                value = item.get("value") or item.get("number") or (item.get("date_from"), item.get("date_to"))
                out.append((logic, item["field"], item["op"], value))

    if tree:
        walk(tree, tree["logic"])
    return out


CASES = [
    # rw047 (桐庐), clause 1: ages by degree
    ("硕士研究生（45周岁以下，不含45周岁），可享受“先落户、后就业”政策。",
     [("all", "education", ">=", "硕士研究生"), ("all", "age", "<=", Decimal(45))]),
    # hand variant: an age floor and a degree with 学历
    ("申请人须年满18周岁以上，具有本科及以上学历。",
     [("all", "age", ">=", Decimal(18)), ("all", "education", ">=", "本科")]),
    # rw047, clause 2: where the buyer works and buys, what it pays, what it buys
    ("对在我县就业创业并缴纳社会养老保险的全日制本科及以上大学生，在本县行政区域范围内首次购买新建商品住宅的，给予每户最高15万元的购房首付补贴。",
     [("all", "region", "in", "我县"), ("all", "qualification", "has", "缴纳社会养老保险"),
      ("all", "education", ">=", "全日制本科"), ("all", "applicant", "in", "大学生"), ("all", "region", "in", "本县"),
      ("all", "qualification", "has", "首次购买"), ("all", "qualification", "has", "新建商品住宅")]),
    # rw047, clause 6: a window open at its end
    ("在校大学生和毕业5年以内高校毕业生在桐庐县初次创办企业，且创办时间在2023年2月1日以后，可享受一次性3000元补贴。",
     [("all", "applicant", "in", "大学生"), ("all", "quantity", "<=", Decimal(5)),
      ("all", "applicant", "in", "高校毕业生"), ("all", "region", "in", "桐庐县"), ("all", "applicant", "in", "企业"),
      ("all", "window", "between", (dt.date(2023, 2, 1), None))]),
    # hand variant: a closed window whose second date has no year
    ("在2024年1月1日至3月31日期间购买新建商品住房的，给予契税补贴。",
     [("all", "window", "between", (dt.date(2024, 1, 1), dt.date(2024, 3, 31))),
      ("all", "qualification", "has", "新建商品住房")]),
    # hand variant: one of several conditions, and the exclusion that stands outside the list
    ("申报企业须满足下列条件之一：（一）注册地在太原市；（二）上年度营业收入2000万元以上；（三）从业人员100人以上。",
     [("all", "applicant", "in", "企业"), ("any", "region", "in", "太原市"), ("any", "revenue", ">=", Decimal(20000000)),
      ("any", "employees", ">=", Decimal(100))]),
    # yq-draft-2024: a zone in quotes inside the object of the payment
    ("对在“晋创谷·阳泉”注册的科技型企业，给予房租补贴。",
     [("all", "qualification", "has", "在“晋创谷·阳泉”注册的科技型企业"), ("all", "region", "in", "晋创谷·阳泉"),
      ("all", "applicant", "in", "企业")]),
    # rw007 (宿州): a city's administrative area
    ("在宿州市行政区域内购买新建商品住房的，给予补贴。",
     [("all", "region", "in", "宿州市"), ("all", "qualification", "has", "新建商品住房")]),
    # hand variant: entering a park
    ("入驻晋创谷的创新团队可申请。", [("all", "region", "in", "晋创谷"), ("all", "applicant", "in", "团队")]),
    # hand variant: what the applicant must not be
    ("近三年未发生重大安全事故，非本市户籍的不予支持。",
     [("all", "excluded", "not", "重大安全事故"), ("all", "excluded", "not", "本市户籍")]),
]


# Rules changed to raise F1 on corpus/gold/conditions: a row from a real notice, then a hand variant.
CASES += [
    # rw024 (杭州) 三/3: 未获得本市户籍 is an exclusion; (含35周岁)以下 is an age's side
    ("其中，新市民为未获得本市户籍或获得本市户籍不满三年的职工；青年人为年龄在35周岁（含35周岁）以下的职工。",
     [("all", "excluded", "not", "本市户籍"), ("all", "applicant", "in", "职工"), ("all", "age", "<=", Decimal(35))]),
    # hand variant
    ("申请人年龄在40周岁（含40周岁）以下的，给予1万元。", [("all", "age", "<=", Decimal(40))]),
    # rw013 (上海) 四: 非…户籍 after 对…的, and the first home as a status
    ("为衔接优化住房限购政策，《通知》规定对符合条件的非本市户籍居民家庭购买的第一套住房暂免征收房产税。",
     [("all", "excluded", "not", "本市户籍"), ("all", "applicant", "in", "居民家庭"),
      ("all", "qualification", "has", "第一套住房")]),
    # hand variant
    ("对非晋中市户籍的高校毕业生，给予1万元补贴。",
     [("all", "qualification", "has", "非晋中市户籍的高校毕业生"), ("all", "excluded", "not", "晋中市户籍"),
      ("all", "applicant", "in", "高校毕业生")]),
    # rw007 (宿州) 六/（一）/5: an outstanding loan the household must not have
    ("5. 借款人家庭没有未结清的住房公积金贷款。", [("all", "excluded", "not", "未结清的住房公积金贷款")]),
    # hand variant (rw048 八 says it as 不得有尚未结清的)
    ("职工申请贷款时不得有尚未结清的商业贷款。",
     [("all", "applicant", "in", "职工"), ("all", "excluded", "not", "尚未结清的商业贷款")]),
    # rw048 (吉林) 十五: what a bracketed 除外 leaves out
    ("房地产开发项目规划用于停放汽车的车位、车库（人防工程除外），可与商品房同步办理预售许可证。",
     [("all", "excluded", "not", "人防工程")]),
    # hand variant
    ("企业购买研发设备（二手设备除外）的，给予10%补贴。",
     [("all", "applicant", "in", "企业"), ("all", "excluded", "not", "二手设备")]),
    # rw005 (洛江) p2: both sides of one area pay different sums, so they are alternatives; (含) is part of the side;
    # the owner who bought is who claims
    ("购买144平方米（含）以下的新建商品住房业主，可享受每套5万元的购房补贴；购买144平方米以上的新建商品住房业主，可享受每套3万元的购房补贴。",
     [("any", "quantity", "<=", Decimal(144)), ("any", "quantity", ">=", Decimal(144)),
      ("all", "qualification", "has", "新建商品住房"), ("all", "applicant", "in", "业主")]),
    # hand variant: the figure in brackets restates the bound and is no second condition
    ("面积在90平方米（含90平方米）以下的，给予2万元补贴；面积在90平方米以上的，给予1万元补贴。",
     [("any", "quantity", "<=", Decimal(90)), ("any", "quantity", ">=", Decimal(90))]),
    # rw047 (桐庐) 12: 以内 after the years is an upper bound
    ("毕业5年以内高校毕业生在桐庐县“三类企业”就业，并由该企业为其连续缴纳社会保险费满12个月，可享受每年1万元补贴，不超过3年。",
     [("all", "quantity", "<=", Decimal(5)), ("all", "applicant", "in", "高校毕业生"), ("all", "quantity", ">=", Decimal(12)),
      ("all", "qualification", "has", "缴纳社会保险费")]),
    # hand variant: 未满 before the figure though its cue 满 reads as a floor
    ("对毕业未满3年的高校毕业生，给予1万元补贴。",
     [("all", "quantity", "<=", Decimal(3)), ("all", "applicant", "in", "高校毕业生")]),
]

CASES += [
    # rw047 (桐庐) 10: where a company is registered, said with 注册地址
    ("营业执照注册地址在桐庐县且纳入国家市场监督管理总局小微企业名录的企业，可享受补贴。",
     [("all", "holds", "has", "营业执照"), ("all", "region", "in", "桐庐县"), ("all", "applicant", "in", "企业")]),
    # hand variant
    ("对注册地址在晋中市的科技型企业，给予10万元奖励。",
     [("all", "qualification", "has", "注册地址在晋中市的科技型企业"), ("all", "region", "in", "晋中市"),
      ("all", "applicant", "in", "企业")]),
    # rw013 (上海) 一: a province by its one-character name; 非沪籍 excludes
    ("沪籍居民家庭和沪籍成年单身人士，在外环内限购2套住房；非沪籍居民家庭，在外环内限购1套住房。",
     [("all", "region", "in", "沪"), ("all", "applicant", "in", "居民家庭"), ("all", "applicant", "in", "成年单身人士"),
      ("all", "excluded", "not", "沪籍")]),
    # hand variant
    ("京籍家庭购买首套住房的，给予契税补贴。",
     [("all", "region", "in", "京"), ("all", "applicant", "in", "家庭"), ("all", "qualification", "has", "首套住房")]),
    # rw048 (吉林) 三: how long the borrower has paid in, with no payment in the sentence
    ("缴存职工连续、正常、足额缴存住房公积金6个月（含）以上的，即可申请住房公积金贷款。",
     [("all", "applicant", "in", "缴存职工"), ("all", "quantity", ">=", Decimal(6))]),
    # hand variant: 均满, two funds paid
    ("申请人连续缴纳社会保险或个人所得税均满1年及以上的，可购买1套住房。",
     [("all", "quantity", ">=", Decimal(1)), ("all", "qualification", "has", "缴纳社会保险")]),
    # rw047 (桐庐) 15: years since graduating, read in a sentence that pays nothing but a share of costs
    ("毕业2年以内的高校毕业生在桐庐县从事灵活就业，办理灵活就业登记。",
     [("all", "quantity", "<=", Decimal(2)), ("all", "applicant", "in", "高校毕业生"), ("all", "region", "in", "桐庐县")]),
    # hand variant: without a side the years are no condition (毕业3年的 may be any of both)
    ("毕业3年的研究生，可参加培训。", []),
    # rw072 (北京) 二/（一）: a certificate by its title, after what the applicant must hold
    ("申请车辆须持有交通运输主管部门发放的有效《道路运输证》。",
     [("all", "holds", "has", "《道路运输证》")]),
    # hand variant: the second of a list; a law's title is no certificate
    ("依据《中华人民共和国城市房地产管理法》，申请人应提交《不动产权证书》、《商品房买卖合同》和《契税完税证明》。",
     [("all", "holds", "has", "《不动产权证书》"), ("all", "holds", "has", "商品房买卖合同"),
      ("all", "holds", "has", "《契税完税证明》")]),
    # rw052 (泸州) 三: a record the developer must not have
    ("开发企业无违约违规行为的，可申请预售资金提前拨付。", [("all", "excluded", "not", "违约")]),
    # hand variant
    ("借款人家庭未发生违约行为，纳税人购买家庭唯一住房的，减按1%征收契税。",
     [("all", "excluded", "not", "违约"), ("all", "applicant", "in", "纳税人"), ("all", "qualification", "has", "家庭唯一住房")]),
]

CASES += [
    # rw025 (东营) 一: a record one must not have; 无住房公积金 is no 无住房
    ("职工家庭购买首套自住住房且无住房公积金贷款记录的，贷款额度由一人缴存住房公积金最高30万元调整为40万元。",
     [("all", "applicant", "in", "职工家庭"), ("all", "qualification", "has", "首套自住住房"),
      ("all", "excluded", "not", "住房公积金贷款记录"), ("all", "quantity", "<=", Decimal(1))]),
    # hand variant
    ("申请人没有不良信用记录且名下无住房的，可申请租赁补贴。",
     [("all", "excluded", "not", "不良信用记录"), ("all", "qualification", "has", "名下无住房")]),
    # rw021 (常州) 三: two policies that do not stack; what their names hold is no condition of its own
    ("多孩家庭贷款政策与人才贷款政策不得同时享受。", [("all", "excluded", "not", "多孩家庭贷款政策与人才贷款政策")]),
    # hand variant: 不得与…同时享受
    ("本补贴不得与市级同类补贴同时享受。", [("all", "excluded", "not", "市级同类补贴")]),
    # rw016 (滨州) 三: a condition the clause lifts is none
    ("原规定“提取后需连续足额缴存住房公积金满6个月（含）以上可申请住房公积金贷款”的时间限制取消。", []),
    # hand variant: 取消…限制; what follows it still holds
    ("取消购房人社保缴纳年限限制，购房人须在本市就业。",
     [("all", "applicant", "in", "购房人"), ("all", "region", "in", "本市")]),
    # rw006 (安阳) 二/（一）: a kind before the cap it may borrow up to
    ("生育二孩或三孩的缴存职工最高贷款金额由60万元调整为70万元。",
     [("all", "qualification", "has", "二孩"), ("all", "qualification", "has", "三孩"), ("all", "applicant", "in", "缴存职工")]),
]

CASES += [
    # rw048 (吉林) 十一: a last day said as such
    ("申报购房补贴截止时间为2024年6月30日。", [("all", "window", "between", (None, dt.date(2024, 6, 30)))]),
    # rw005 (洛江) p3: 最晚不超过 a day, the act in the same sentence
    ("业主购房日期以网签商品房买卖合同为准，最晚不超过2026年6月30日。",
     [("all", "applicant", "in", "业主"), ("all", "window", "between", (None, dt.date(2026, 6, 30)))]),
    # hand variant: 不晚于; a day one is asked to come on is no window
    ("申请材料须不晚于2024年9月30日提交；请于2024年10月8日到现场办理。",
     [("all", "window", "between", (None, dt.date(2024, 9, 30)))]),
]

CASES += [
    # hand variant: kinds listed before 等 (rw006 二/（二）: …快递小哥等“新市民”)
    ("对新市民、青年人等群体首次购买新建商品住房的，给予每套2万元补贴。",
     [("all", "qualification", "has", "新市民、青年人等群体首次购买新建商品住房"), ("all", "applicant", "in", "新市民"),
      ("all", "applicant", "in", "青年人")]),
]

CASES += [
    # sx-kjcxc-4-2016 (山西科技创新城) 二: a zone named …城
    ("凡愿意在科技城范围内购买商品房的,享受以成本价购房的待遇。", [("all", "region", "in", "科技城")]),
    # hand variant
    ("对新入驻生态城的科技型企业，给予20万元奖励。",
     [("all", "qualification", "has", "新入驻生态城的科技型企业"), ("all", "region", "in", "生态城"),
      ("all", "applicant", "in", "企业")]),
]

CASES += [
    # rw004 (滁州) 二/（二）: how many of the household pay in, an upper bound with 只有
    ("借款人家庭只有1人正常缴存住房公积金的，最高贷款额度由50万元调整为60万元；",
     [("all", "applicant", "in", "借款人家庭"), ("all", "quantity", "<=", Decimal(1))]),
    # rw001 (沈阳) 二: a floor with 以上
    ("家庭成员3人以上缴存，最高100万元。", [("all", "quantity", ">=", Decimal(3))]),
    # hand variant: 两人及以上均缴存
    ("夫妻两人及以上均缴存住房公积金的，可贷额度提高至80万元。", [("all", "quantity", ">=", Decimal(2))]),
]

CASES += [
    # rw072 (北京) 二: a day printed to the hour
    ("“仅新购冷链场景”补贴申请开始时间为2026年9月1日0时起。", [("all", "window", "between", (dt.date(2026, 9, 1), None))]),
    # hand variants (rw007 一/（一）, rw006 一): a bracket repeating the day; a period to pay the tax in; a bare 前
    ("2024年5月16日（含5月16日）至2025年5月15日（含5月15日）期间购买的，给予补贴。",
     [("all", "window", "between", (dt.date(2024, 5, 16), dt.date(2025, 5, 15)))]),
    ("在2024年3月1日至2024年6月30日期间缴纳契税的，给予契税补贴。",
     [("all", "window", "between", (dt.date(2024, 3, 1), dt.date(2024, 6, 30)))]),
    ("2024年6月30日前完成网签备案的，按原政策执行。",
     [("all", "window", "between", (None, dt.date(2024, 6, 30))), ("all", "other", "is", "完成网签备案")]),
]

CASES += [
    # hand variants of rw032 (取得施工许可证的房地产开发项目) and rw052 (凭购房合同和正式购房票据): a document after
    # the verb that holds or shows it
    ("已取得食品经营许可证的，可申请补贴。", [("all", "holds", "has", "食品经营许可证")]),
    ("凭正式购房票据申请购房补贴。", [("all", "holds", "has", "正式购房票据")]),
]

# Read by hand but not reached yet: the finder's gaps on these real sentences.
KNOWN_FAILURES = [
    pytest.param(
        "房地产开发项目可凭银行保函、商业保险、国有担保公司担保函替代预售资金监管账户中的资金，保函额度不超过应监管资金的50%，"
        "并可按照预售资金拨付节点予以相应调整。",
        [("all", "applicant", "in", "房地产开发项目"), ("any", "holds", "has", "银行保函"), ("any", "holds", "has", "商业保险"),
         ("any", "holds", "has", "国有担保公司担保函")],
        id="rw006-guarantees-any-of", marks=pytest.mark.xfail(
            strict=True, reason="a project as the applicant, and the alternatives listed after 凭, are not read")),
    pytest.param(
        "对于已结清购房贷款的家庭，再次购买普通商品住房办理商业性个人住房贷款按首套政策执行。",
        [("all", "applicant", "in", "家庭"), ("all", "other", "is", "已结清购房贷款"),
         ("all", "qualification", "has", "商品住房")],
        id="rw052-a-loan-paid-off", marks=pytest.mark.xfail(
            strict=True, reason="what the household must have done (已结清购房贷款) is read by no rule")),
    pytest.param(
        "毕业五年内的普通高校毕业生（含在校生），在桐庐县范围内新创办企业。",
        [("all", "quantity", "<=", Decimal(5)), ("all", "applicant", "in", "高校毕业生"), ("all", "applicant", "in", "在校生"),
         ("all", "region", "in", "桐庐县"), ("all", "qualification", "has", "新创办企业")],
        id="rw047-years-without-an-award", marks=pytest.mark.xfail(
            strict=True, reason="新创办企业 is read as the kind 企业, not as what the applicant must have done")),
    pytest.param(
        "2024年7月1日起执行，至2024年12月31日截止，按就高不重复享受原则，单套补贴金额标准最高不超过5万元，由土地受益财政承担，"
        "与高校毕业生和高技能人才购房补贴或其他人才政策不同时享受。",
        [("all", "window", "between", (dt.date(2024, 7, 1), dt.date(2024, 12, 31))),
         ("all", "excluded", "not", "高校毕业生和高技能人才购房补贴或其他人才政策")],
        id="rw001-window-split-and-not-stacked", marks=pytest.mark.xfail(
            strict=True, reason="起执行，至…截止 is not read as one window")),
]


@pytest.mark.parametrize("text, expected", CASES + KNOWN_FAILURES)
def test_conditions_of_a_clause(text, expected):
    assert leaves(text) == expected


# Words that name someone or something the applicant is not asked about.
NOT_CONDITIONS = [
    # hand variant: papers in general are no document of their own
    pytest.param("申请时提供相关证明材料。", "holds", None, id="variant-papers-in-general"),
    # rw010 (武汉) 四: a house put up for sale is no listed company
    pytest.param("取得不动产权证的商品住房，网签备案满三年即可上市交易。", "qualification", "上市",
                 id="rw010-house-on-the-market"),
    pytest.param("二手房挂牌价格明显偏离市场价格的，暂停网签。", "qualification", "挂牌", id="variant-listing-price"),
    # rw007 (宿州) 一/（三）: the administration
    pytest.param("（三） 责任单位及承办科室：市自然资源局，储备中心。", "applicant", "单位", id="rw007-responsible-unit"),
    pytest.param("发证机关应加强监督，审查机构对审查质量负责。", "applicant", "机构", id="variant-administration"),
    # rw007 九/（三）/3: the enterprise commissioned is a counterparty
    pytest.param("3. 已建成道路需完善供暖配套基础设施的，由开发企业向市城管局审批科提出申请，委托供暖企业勘察、设计、编制工程预算， "
                 "并签订委托代建协议。", "applicant", "企业", id="rw007-commissioned-enterprise"),
    pytest.param("科创团队与高校签订合作协议的，给予5万元奖励。", "applicant", "高校", id="variant-contract-partner"),
    # rw001 (沈阳) 一: what the price counts
    pytest.param("凡在市本级购买新建商品住宅的，给予购房者合同价款（不含车位、车库、储藏室等附属设施）1％的补贴。", "excluded",
                 "车位、车库、储藏室等附属设施", id="rw001-price-scope"),
    pytest.param("连续缴纳社保满3年（不含补缴）的，给予1万元补贴。", "excluded", "补缴", id="variant-months-scope"),
    # rw001 一: how awards stack
    pytest.param("2024年7月1日起执行，至2024年12月31日截止，按就高不重复享受原则，单套补贴金额标准最高不超过5万元。", "excluded",
                 "重复享受", id="rw001-stacking"),
    pytest.param("同一家庭符合多项条件的，从高不重复享受。", "excluded", "重复享受", id="variant-stacking"),
    # rw048 (吉林) 三: an age limit's old and new values, no side printed
    pytest.param("缴存职工家庭使用公积金贷款购买自住住房的，偿还贷款年龄限制由男60周岁、女55周岁，放宽为男65周岁、女60周岁。",
                 "age", None, id="rw048-age-limit-values"),
    pytest.param("退休年龄为60周岁。", "age", None, id="variant-bare-age"),
    # sx-jinchuanggu-5-2023: a policy verb before a place
    pytest.param("一、优先支持晋创谷科技创新。", "region", None, id="sx-verb-before-place"),
    pytest.param("适当放宽阳泉市企业申报条件。", "region", None, id="variant-verb-before-place"),
]


@pytest.mark.parametrize("text, field, value", NOT_CONDITIONS)
def test_words_that_are_no_condition_of_the_applicant(text, field, value):
    assert not [leaf for leaf in leaves(text) if leaf[1] == field and value in (None, leaf[3])]


def test_the_notices_validity_is_not_a_window():
    assert leaves("本措施自2024年1月1日起施行，有效期至2026年12月31日。") == []


def test_a_sentence_without_conditions_gives_none():
    assert find_conditions("加强组织领导，形成工作合力。", []) is None


def test_scoring_matches_names_by_containment_and_the_own_jurisdiction():
    gold = [{"field": "qualification", "value": "首次购买首套住房"}, {"field": "region", "value": "沈阳市"},
            {"field": "revenue", "op": ">=", "value": 5000000}]
    predicted = [{"field": "qualification", "value": "首套住房"}, {"field": "region", "value": "本市"},
                 {"field": "revenue", "op": "<=", "value": Decimal(5000000)}]
    assert [same(g, p) for g, p in zip(gold, predicted)] == [True, True, False]
    counts = score(gold, predicted)
    assert (counts["tp"], counts["fp"], counts["fn"]) == (2, 1, 1)


def test_eval_conditions_scores_a_labeled_notice(tmp_path):
    import json

    from typer.testing import CliRunner

    from extractor.cli import app

    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    (docs / "n1.txt").write_text("关于印发支持措施的通知\n一、对注册地在晋中市的高新技术企业，给予10万元奖励。\n", encoding="utf-8")
    leaves = [{"field": "region", "op": "in", "value": ["晋中市"], "quote": "晋中市"},
              {"field": "qualification", "op": "has", "value": "高新技术企业", "quote": "高新技术企业"},
              {"field": "age", "op": "<=", "value": 35, "unit": "岁", "quote": "35周岁以下"}]
    (gold / "n1.jsonl").write_text(json.dumps({"doc": "n1", "path": "一", "conditions": {"all": leaves}},
                                              ensure_ascii=False) + "\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["eval-conditions", "--gold", str(gold), "--docs", str(docs)])
    assert done.exit_code == 0, done.output
    overall = next(line for line in done.output.splitlines() if line.startswith("overall")).split()
    # region and qualification found (2 right), the age was never printed (1 missed); the clause's own words
    # 对注册地在晋中市的高新技术企业 are read as the object too (1 extra)
    assert overall[-3:] == ["2", "1", "1"]




@pytest.mark.parametrize(("gold", "docs", "floor"), [
    # the development gold (23 notices, the rules were written from them): F1 0.5086 when these rules were fixed
    ("gold/conditions", (REALWORLD, CORPUS / "text"), 0.508),
    # real notices labeled after the rules were fixed, never tuned on (corpus/heldout/README.md): F1 0.3333
    ("heldout/conditions", (REALWORLD,), 0.333),
], ids=["development", "held-out"])
def test_conditions_are_read_at_least_as_well_as_measured(gold, docs, floor):
    from extractor.conditions_eval import evaluate_condition_files, prf

    if not REALWORLD.is_dir():
        skip(f"the real documents are not at {REALWORLD}: the condition figures are measured on them")
    total, _ = evaluate_condition_files(CORPUS / gold, list(docs))
    assert prf(total)[2] >= floor
