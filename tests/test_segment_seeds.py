"""Clause trees of the five seed notices, checked against the printed texts.

Every expectation below was written by reading corpus/text/*.txt: the paths
follow the printed numbering, the prefixes are the first characters of each
clause as printed, the units are copied from the printed 责任单位 lists.
"""

from __future__ import annotations

from collections import Counter

import pytest

# path → first characters of the clause as printed, in document order
YQ = {
    "一/1": "1. 科创团队", "一/2": "2.惠企政策", "一/3": "3.产业化项目",
    "二/4": "4.支持校企", "二/5": "5.支持企业科技", "二/6": "6.支持新型研发", "二/7": "7.支持众创",
    "三/8": "8.加大柔性", "三/9": "9.加强高层次", "三/10": "10.支持企业技能",
    "四/11": "11.给予科学技术", "四/12": "12.支持“高精尖”", "四/13": "13.设立科技成果",
    "四/14": "14.强化知识产权", "四/15": "15.强化技术转移",
    "五/16": "16.加强科技金融", "五/17": "17.设立科技创新", "五/18": "18.健全科技信贷",
    "closing": "本措施自2024年X月X日起实施",
}

SX5_TITLES = [
    "晋创谷创新驱动平台科创团队及企业入驻支持政策措施",
    "晋创谷创新驱动平台科技创新支持政策措施",
    "晋创谷创新驱动平台产业落地支持政策措施",
    "晋创谷创新驱动平台科技金融支持政策措施",
    "晋创谷创新驱动平台公共服务支持政策措施",
]
SX5 = {
    "lead": "本政策措施自2024年1月1日起施行",
    "科创团队及企业入驻支持政策措施/一": "一、科创团队入驻",
    "科创团队及企业入驻支持政策措施/二": "二、企业入驻全周期",
    "科创团队及企业入驻支持政策措施/三": "三、科创团队及企业中介",
    "科创团队及企业入驻支持政策措施/四": "四、科创团队科技成果",
    "科创团队及企业入驻支持政策措施/五": "五、科创团队及企业金融",
    "科技创新支持政策措施/一": "一、优先支持晋创谷",
    "科技创新支持政策措施/二": "二、创新落户企业",
    "科技创新支持政策措施/三": "三、扩大创新券",
    "科技创新支持政策措施/四": "四、强化技术交易",
    "科技创新支持政策措施/五": "五、创新产品优先采购",
    "产业落地支持政策措施/一": "一、以委托开发",
    "产业落地支持政策措施/二": "二、高校、科研院所正职",
    "产业落地支持政策措施/三": "三、职务科技成果",
    "产业落地支持政策措施/四/lead": "四、对为推动",
    "产业落地支持政策措施/四/（一）": "(一)仅获得现金",
    "产业落地支持政策措施/四/（二）": "(二)仅获得股权",
    "产业落地支持政策措施/四/（三）": "(三)同时获得",
    "产业落地支持政策措施/五": "五、省科技重大专项",
    "产业落地支持政策措施/六": "六、企业自入驻",
    "科技金融支持政策措施/一/（一）": "(一)依托省级政府",
    "科技金融支持政策措施/一/（二）": "(二)拓宽天使",
    "科技金融支持政策措施/二/lead": "二、完善政银担险协同模式",
    "科技金融支持政策措施/二/（一）": "(一)鼓励商业银行",
    "科技金融支持政策措施/二/（二）": "(二)支持省、市两级",
    "科技金融支持政策措施/二/（三）": "(三)支持保险机构",
    "科技金融支持政策措施/三/（一）": "(一)鼓励“一机构",
    "科技金融支持政策措施/三/（二）": "(二)探索推进区内",
    "科技金融支持政策措施/四/（一）": "(一)促进各类金融",
    "科技金融支持政策措施/四/（二）": "(二)促进科技型企业",
    "科技金融支持政策措施/四/（三）": "(三)按照入驻晋创谷",
    "科技金融支持政策措施/五/（一）": "(一)股权投资方面",
    "科技金融支持政策措施/五/（二）": "(二)科技信贷方面",
    "科技金融支持政策措施/五/（三）": "(三)融资担保方面",
    "公共服务支持政策措施/一": "一、支持科技成果转化项目落地",
    "公共服务支持政策措施/二": "二、提升技术转移",
    "公共服务支持政策措施/三": "三、实施科技成果评价",
    "公共服务支持政策措施/四": "四、加强科技服务人才",
    "公共服务支持政策措施/五": "五、优先支持晋创谷内",
}

KJCXC_TITLES = [
    "山西科技创新城高端人才支持暂行办法",
    "山西科技创新城平台管理暂行办法",
    "山西科技创新城促进科技成果转化暂行办法",
    "山西科技创新城首台(套)重大技术装备认定和扶持暂行办法",
]
KJCXC = {
    "高端人才支持暂行办法/第一条": "第一条 设立高端人才专项资金",
    "高端人才支持暂行办法/第二条": "第二条 本办法所指",
    "高端人才支持暂行办法/第三条": "第三条 评审认定",
    "高端人才支持暂行办法/第四条": "第四条 给予科研资助",
    "高端人才支持暂行办法/第五条": "第五条 支持创新创业",
    "高端人才支持暂行办法/第六条": "第六条 提供高效服务",
    "平台管理暂行办法/第一条": "第一条 设立平台发展引导资金",
    "平台管理暂行办法/第二条": "第二条 在科技城内建立",
    "平台管理暂行办法/第三条": "第三条 完善企业孵化",
    "平台管理暂行办法/第四条": "第四条 探索科技金融",
    "平台管理暂行办法/第五条": "第五条 建立信贷风险",
    "平台管理暂行办法/第六条": "第六条 鼓励互联网金融",
    "促进科技成果转化暂行办法/第一条": "第一条 设立科技成果转化引导资金",
    "促进科技成果转化暂行办法/第二条": "第二条 促进科技成果转化",
    "促进科技成果转化暂行办法/第三条": "第三条 提高科研人员",
    "促进科技成果转化暂行办法/第四条": "第四条 支持知识产权",
    "促进科技成果转化暂行办法/第五条": "第五条 加强科技成果登记",
    "促进科技成果转化暂行办法/第六条": "第六条 鼓励银行业",
    "首台(套)重大技术装备认定和扶持暂行办法/第一条": "第一条 设立首台(套)",
    "首台(套)重大技术装备认定和扶持暂行办法/第二条": "第二条 重大技术装备是指",
    "首台(套)重大技术装备认定和扶持暂行办法/第三条/lead": "第三条 科技城首台(套)重大技术装备应当具备以下条件",
    "首台(套)重大技术装备认定和扶持暂行办法/第三条/（一）": "(一)成套装备总价值",
    "首台(套)重大技术装备认定和扶持暂行办法/第三条/（二）": "(二)研制机构",
    "首台(套)重大技术装备认定和扶持暂行办法/第三条/（三）": "(三)省内首台(套)产品",
    "首台(套)重大技术装备认定和扶持暂行办法/第三条/（四）": "(四)应取得省级",
    "首台(套)重大技术装备认定和扶持暂行办法/第三条/（五）": "(五)符合国家和省",
    "首台(套)重大技术装备认定和扶持暂行办法/第四条": "第四条 首台(套)重大技术装备的认定",
    "首台(套)重大技术装备认定和扶持暂行办法/第五条": "第五条 建立政府采购",
    "首台(套)重大技术装备认定和扶持暂行办法/第六条": "第六条 实行首台(套)",
    "首台(套)重大技术装备认定和扶持暂行办法/第七条": "第七条 落实首台(套)",
    "首台(套)重大技术装备认定和扶持暂行办法/第八条": "第八条 建立高效便捷",
}

JZ = {
    "一/（一）": "（一）优化入驻流程及服务", "一/（二）": "（二）支持创新主体入驻",
    "二/（三）": "（三）支持开展关键核心", "二/（四）": "（四）支持入驻企业", "二/（五）": "（五）支持高校、科研院所",
    "二/（六）": "（六）支持建设概念验证",
    "三/（七）": "（七）加强高层次人才", "三/（八）": "（八）加强技术转移人才",
    "四/（九）": "（九）支持孵化载体", "四/（十）": "（十）引进专业服务", "四/（十一）": "（十一）建立金融服务",
    "四/（十二）": "（十二）开展技术转移", "四/（十三）": "（十三）做好法律服务", "四/（十四）": "（十四）建立创新容错",
    "五": "五、附则",
}

PLAN_TASKS = [
    "突出特色发展定位", "做好产业规划设计", "加强企业引育孵化",
    "组建高水平专业化", "建立全方位“1+N”公共服务", "建立全流程“1+N”", "建立全周期“1+N”", "建立全链条“1+N”",
    "建立全天候“1+N”",
    "鼓励科技成果在晋创谷转化", "支持横向科研项目", "建立拨转股", "支持科技成果转化机构", "壮大技术转移",
    "打造科技金融集聚区", "开展科创金融服务中心", "鼓励设立科技金融", "创新“政银保担”", "优化“募投管退”",
    "推动创新政策落地", "提供“一站式”", "鼓励在晋创谷创新创业", "建立创新绩效", "深化科技创新合作",
]
PLAN_GROUPS = ["（一）"] * 3 + ["（二）"] * 6 + ["（三）"] * 5 + ["（四）"] * 5 + ["（五）"] * 5
PLAN = {
    "一": "一、总体要求", "二": "二、建设布局",
    **{f"三/{group}/{n}": f"{n}.{task}" for n, (group, task) in enumerate(zip(PLAN_GROUPS, PLAN_TASKS, strict=True), 1)},
    "四/（一）": "(一)加强组织领导", "四/（二）": "(二)做好分类推进", "四/（三）": "(三)强化宣传引导",
}

EXPECTED = {
    "yq-draft-2024": YQ,
    "sx-jinchuanggu-5-2023": SX5,
    "sx-kjcxc-4-2016": KJCXC,
    "jz-jinchuanggu-2025": JZ,
    "sx-jinchuanggu-plan-2024": PLAN,
}


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("doc_id", list(EXPECTED))
def test_clause_paths_in_order(seeds, doc_id):
    assert [c.path for c in seeds[doc_id].clauses()] == list(EXPECTED[doc_id])


@pytest.mark.parametrize("doc_id", list(EXPECTED))
def test_clause_first_characters(seeds, doc_id):
    for clause in seeds[doc_id].clauses():
        expected = EXPECTED[doc_id][clause.path]
        assert squeeze(clause.text).startswith(squeeze(expected)), clause.path


@pytest.mark.parametrize("doc_id", list(EXPECTED))
def test_clause_text_is_the_original_span(seeds, doc_id):
    notice = seeds[doc_id]
    for clause in notice.clauses():
        assert notice.text[clause.span.start:clause.span.end] == clause.text


@pytest.mark.parametrize(
    ("doc_id", "per_depth"),
    [
        ("yq-draft-2024", {0: 1, 1: 18}),
        ("sx-jinchuanggu-5-2023", {0: 21, 1: 18}),
        ("sx-kjcxc-4-2016", {0: 25, 1: 6}),
        ("jz-jinchuanggu-2025", {0: 1, 1: 14}),
        ("sx-jinchuanggu-plan-2024", {0: 2, 1: 3, 2: 24}),
    ],
)
def test_clause_count_per_depth(seeds, doc_id, per_depth):
    assert dict(Counter(c.depth for c in seeds[doc_id].clauses())) == per_depth


@pytest.mark.parametrize(
    ("doc_id", "titles"),
    [
        ("sx-jinchuanggu-5-2023", SX5_TITLES),
        ("sx-kjcxc-4-2016", KJCXC_TITLES),
        ("yq-draft-2024", ["“晋创谷·阳泉”创新驱动平台专项政策措施(征求意见稿)"]),
        ("jz-jinchuanggu-2025", ["关于进一步强化“晋创谷·晋中”创新驱动平台建设支持的若干措施"]),
        ("sx-jinchuanggu-plan-2024", ["晋创谷创新驱动平台建设三年行动计划(2024-2026年)"]),
    ],
)
def test_bundles_yield_one_subdocument_per_policy(seeds, doc_id, titles):
    policies = [sub for sub in seeds[doc_id].subdocuments if sub.kind == "policy"]
    assert [sub.title for sub in policies] == titles


def test_headings_of_sections(seeds):
    headings = {h.path: h.title for sub in seeds["yq-draft-2024"].subdocuments for h in sub.headings}
    assert headings == {
        "一": "强化创新主体引育", "二": "强化创新平台建设", "三": "强化创新人才引育",
        "四": "支持创新能力提升和科技成果转化", "五": "强化科技金融支撑",
    }


@pytest.mark.parametrize(
    ("doc_id", "path", "heading"),
    [
        ("yq-draft-2024", "一/1", "科创团队和企业入驻全流程服务"),
        ("yq-draft-2024", "一/2", "惠企政策免申即享服务"),
        ("jz-jinchuanggu-2025", "一/（一）", "优化入驻流程及服务"),
        ("sx-kjcxc-4-2016", "高端人才支持暂行办法/第三条", "评审认定"),
        ("sx-jinchuanggu-5-2023", "产业落地支持政策措施/一", None),
    ],
)
def test_clause_heading(seeds, doc_id, path, heading):
    clause = next(c for c in seeds[doc_id].clauses() if c.path == path)
    assert clause.heading == heading


@pytest.mark.parametrize(
    ("doc_id", "path", "units"),
    [
        ("yq-draft-2024", "一/1", ["市行政审批局", "市科技局", "阳泉高新区管委会"]),
        ("yq-draft-2024", "五/16", ["市政府办", "市财政局", "市科技局", "市市场监管局", "中国人民银行阳泉市分行",
                                   "国家金融监督管理总局阳泉监管分局"]),
        ("yq-draft-2024", "closing", []),
        ("sx-jinchuanggu-5-2023", "科创团队及企业入驻支持政策措施/一",
         ["太原市政府", "省科技厅", "省教育厅", "省卫健委", "省委人才办"]),
        ("sx-jinchuanggu-5-2023", "产业落地支持政策措施/四/（三）", ["省科技厅"]),
        ("jz-jinchuanggu-2025", "一/（一）", ["晋中开发区管委会", "晋中国家农高区管委会", "运营公司"]),
        ("jz-jinchuanggu-2025", "五", []),
        ("sx-kjcxc-4-2016", "高端人才支持暂行办法/第一条", []),
    ],
)
def test_responsible_units(seeds, doc_id, path, units):
    notice = seeds[doc_id]
    clause = next(c for c in notice.clauses() if c.path == path)
    assert clause.units == units
    assert [notice.text[s.start:s.end] for s in clause.unit_spans] == units


@pytest.mark.parametrize(
    ("doc_id", "path", "inside"),
    [
        # unnumbered paragraphs continue the clause above them
        ("sx-jinchuanggu-5-2023", "产业落地支持政策措施/二", "领导班子正职以外"),
        ("sx-kjcxc-4-2016", "高端人才支持暂行办法/第六条", "改善生活待遇"),
        ("sx-kjcxc-4-2016", "平台管理暂行办法/第三条", "对工业用地建设的企业孵化器"),
        ("jz-jinchuanggu-2025", "二/（五）", "年度累计登记合同成交额在5000万元以上"),
        ("jz-jinchuanggu-2025", "五", "本措施由市科技局负责解释"),
        ("sx-jinchuanggu-plan-2024", "四/（一）", "组建晋创谷建设省级工作专班"),
    ],
)
def test_continuation_paragraphs_stay_in_their_clause(seeds, doc_id, path, inside):
    clause = next(c for c in seeds[doc_id].clauses() if c.path == path)
    assert inside in clause.text


@pytest.mark.parametrize(
    ("doc_id", "never"),
    [
        ("yq-draft-2024", ["科小申报", "立即评测", "客服电话", "奖励3万元 资质认定", "为深入学习贯彻", "现向社会公开征求意见"]),
        ("sx-jinchuanggu-plan-2024", ["上一条", "下一条", "相关稿件", "点赞", "中国企业报集团", "新浪财经", "为深入贯彻"]),
        ("sx-kjcxc-4-2016", ["各市、县人民政府", "现印发给你们", "为贯彻落实"]),
        ("sx-jinchuanggu-5-2023", ["印发给你们", "此件公开发布", "附件"]),
    ],
)
def test_no_clause_from_frame_or_furniture(seeds, doc_id, never):
    texts = " ".join(c.text for c in seeds[doc_id].clauses())
    for phrase in never:
        assert phrase not in texts


def test_advertisement_is_dropped_and_reported(seeds):
    dropped = seeds["yq-draft-2024"].dropped
    ad = [d for d in dropped if "奖励3万元" in d.text]
    assert ad and all(d.reason.startswith("B_") for d in ad)
    assert any("手机号码" in d.text for d in dropped)
    notice = seeds["yq-draft-2024"]
    assert all(notice.text[d.span.start:d.span.end] == d.text for d in dropped)


def test_navigation_around_news_page_is_dropped(seeds):
    dropped = " ".join(d.text for d in seeds["sx-jinchuanggu-plan-2024"].dropped)
    for phrase in ("中国企业报集团主管主办", "微博 微信", "上一条", "相关稿件", "贵州茅台酒股份有限公司", "2024-03-20 11:02"):
        assert phrase in dropped


def test_sentences_split_clause_body(seeds):
    notice = seeds["yq-draft-2024"]
    clause = next(c for c in notice.clauses() if c.path == "四/14")
    sentences = [notice.text[s.start:s.end] for s in clause.sentences]
    assert sentences[0] == "强化知识产权保护和服务。"
    assert sentences[2] == "服务机构代理入驻企业专利案件并胜诉,按照每案不高于5000元的标准给予一次性奖励,奖励额度每年不超过5万元。"
