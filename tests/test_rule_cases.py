"""Case table of the named rules: each rule with a sentence from a real notice and a variant written by hand.

A row is (text, expected facts as (kind, role, value, rule)). Real rows quote the notice
of ../shared/realworld/docs named in their id (doc and clause path); variants rephrase
the same construction the way another city would write it. Values were worked out by
hand from the sentence; the rule is the one that should decide the role.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.extract import text_to_facts
from extractor.extract.terms import facts_to_terms
from extractor.normalize import normalize

D = Decimal


def facts(text: str) -> list[tuple[str, str, Decimal, str]]:
    return [(f["kind"], f["role"], f["value"], f["rule"]) for f in text_to_facts(normalize(text).text)]


RULES = {
    # --- roles by cue (the seed rules, with their names) ---
    "cap.before/seed": ("一次性给予企业不超过200万元的创新资金", [("money", "cap", D(2000000), "cap.before")]),
    "threshold.after/seed": ("年度累计登记合同成交额在5000万元以上的,按不超过0.2‰给予补贴",
                             [("money", "threshold", D(50000000), "threshold.after"), ("rate", "cap", D("0.0002"), "rate.base_cap")]),
    "budget.before/seed": ("设立规模为20亿元的省级科技创新天使(种子)投资基金", [("money", "budget", D(2000000000), "budget.before")]),
    "award.verb/seed": ("对经认定的新建院士工作站,给予100万元建站补助", [("money", "award", D(1000000), "award.verb")]),
    "award.default/variant": ("院士工作站100万元。", [("money", "award", D(1000000), "award.default")]),
    # --- figure grammar: compound multipliers ---
    "qian-wan/variant": ("投资1千万元以上的项目给予5百万元奖励", [("money", "threshold", D(10000000), "threshold.after"),
                                                              ("money", "award", D(5000000), "award.verb")]),
    "shi-wan/variant": ("对新认定的企业给予2十万元奖励", [("money", "award", D(200000), "award.verb")]),
    # --- sums not paid to the applicant ---
    "other.fee-cost/rw114-六": ("由市自然资源局及各区、县(市)政府负责在经营性用地(不含工业用地)土地出让成本中每平方米增加15元",
                               [("money", "other", D(15), "other.fee")]),
    "other.fee-cost/variant": ("在项目建设成本中按每户增加500元列支", [("money", "other", D(500), "other.fee")]),
    "other.loan/rw017-二": ("申请首套住房公积金贷款,夫妻双方正常缴存家庭,贷款最高额度由50万元提高至60万元",
                           [("money", "other", D(500000), "other.loan"), ("money", "other", D(600000), "other.loan")]),
    "other.loan/rw001-三（一）": ("当期住房公积金贷款最高额度为:单方缴存,最高60万元;夫妻双方缴存,最高80万元",
                               [("money", "other", D(600000), "other.loan"), ("money", "other", D(800000), "other.loan")]),
    "other.loan/variant": ("职工家庭申请公积金贷款的,可贷额度上浮至最高90万元", [("money", "other", D(900000), "other.loan")]),
    "other.loan-after/rw047-9": ("在校大学生或毕业五年内的高校毕业生可申请50万元以内(含)的创业担保贷款",
                                 [("money", "other", D(500000), "other.loan")]),
    "paid-beats-loan/variant": ("对申请住房公积金贷款的新市民,给予贷款贴息,每户最高补贴2万元",
                                [("money", "cap", D(20000), "cap.before")]),
    "other.withdrawal/rw025-三": ("职工和配偶合计提取额度由1300元/月调整为1500元/月",
                                 [("money", "other", D(1300), "other.withdrawal"), ("money", "other", D(1500), "other.withdrawal")]),
    "other.withdrawal/variant": ("无房职工每年可提取住房公积金支付房租,最高提取2.4万元", [("money", "other", D(24000), "other.withdrawal")]),
    "other.fine/rw101-第二十八条": ("对单位处一万元以上五万元以下罚款,对个人处五百元以上两千元以下罚款",
                                  [("money", "other", D(10000), "other.fine"), ("money", "other", D(50000), "other.fine"),
                                   ("money", "other", D(500), "other.fine"), ("money", "other", D(2000), "other.fine")]),
    "other.fine/variant": ("逾期不改正的,处3000元罚款", [("money", "other", D(3000), "other.fine")]),
    "other.price/rw045-p1": ("南沙按房屋总价核算补贴,200万元新房可足额申领区级补贴", [("money", "other", D(2000000), "other.price")]),
    "other.price/variant": ("新建商品住房销售价格不得高于备案价格,单价1.8万元", [("money", "other", D(18000), "other.price")]),
    "price-threshold-stays/variant": ("购买总价100万元以上新房的,给予1万元补贴",
                                      [("money", "threshold", D(1000000), "threshold.after"), ("money", "award", D(10000), "award.verb")]),
    "other.fee/rw114-四": ("政府对经营性用地暂按每平方米15元标准计入土地成本", [("money", "other", D(15), "other.fee")]),
    "other.fee/variant": ("不动产登记收费标准为每件80元", [("money", "other", D(80), "other.fee")]),
    # --- budgets ---
    "budget.total/rw045-p1": ("单套上限2万元,补贴总额度3000万元、额度用完即停",
                              [("money", "cap", D(20000), "cap.before"), ("money", "budget", D(30000000), "budget.before")]),
    "budget.release/rw045-p4": ("企业首期投放30亿元旧房收储资金", [("money", "budget", D(3000000000), "budget.before")]),
    # --- ratios printed as multiples, basis points, formula factors and fractions (rate.unpaid: nothing is paid) ---
    "multiple/rw025-二": ("贷款额度计算公式由月缴存额×剩余工作月数的1.5倍调整为2倍",
                          [("rate", "other", D("1.5"), "rate.unpaid"), ("rate", "other", D(2), "rate.unpaid")]),
    "multiple/variant": ("可贷额度不超过职工账户余额的15倍", [("rate", "other", D(15), "rate.unpaid")]),
    "basis-points/rw014-二": ("贷款利率下限调整为不低于相应期限贷款市场报价利率减20个基点",
                              [("rate", "other", D("0.002"), "rate.unpaid")]),
    "basis-points/variant": ("贷款利率最高不超过LPR+50BP", [("rate", "other", D("0.005"), "rate.unpaid")]),
    "rate.loan/rw047-9": ("对符合条件的大学生创业项目实行全额贴息,予以贴息的贷款利率最高不超过贷款合同签订日的LPR+50BP",
                          [("rate", "other", D("0.005"), "rate.loan")]),
    "factor/rw016-一": ("贷款额度=(主借款人账户余额+配偶账户余额)×25(精确到万元)", [("rate", "other", D(25), "rate.unpaid")]),
    "factor-not-a-product/variant": ("提供7×24小时咨询服务", []),
    "fraction/rw052-第四条": ("相应楼栋现场施工形象进度达到1/3后发放住房公积金贷款",
                             [("rate", "other", D("0.3333333333333333"), "rate.unpaid")]),
    "fraction/variant": ("主体结构完成三分之二的,可申请拨付监管资金", [("rate", "other", D("0.6666666666666667"), "rate.unpaid")]),
    "fraction-not-a-date/variant": ("本通知于2024/1/3发布", []),
    "multiple-range/rw001-三（一）": ("贷款限额最高可放宽到当期贷款最高限额的1.5-4倍",
                                   [("rate", "other", D("1.5"), "rate.unpaid"), ("rate", "other", D(4), "rate.unpaid")]),
    # --- rates that condition, or split a sum nobody is paid ---
    "threshold.before/rw047-4": ("且大学生创业团队核心成员个人出资总额不低于注册资本的30%。按实际租赁费用给予补贴",
                                 [("rate", "threshold", D("0.30"), "threshold.before")]),
    "threshold.before/variant": ("自有资金不低于项目总投资的20%的,给予10万元补助",
                                 [("rate", "threshold", D("0.20"), "threshold.before"), ("money", "award", D(100000), "award.verb")]),
    "rate.bracket-not-threshold/variant": ("按软硬件投入分段给予补助:不超过100万元的部分按5%、超过100万元的部分按3%给予补助",
                                           [("money", "threshold", D(1000000), "bracket.after"), ("rate", "award", D("0.05"), "rate.bracket"),
                                            ("money", "threshold", D(1000000), "bracket.after"), ("rate", "award", D("0.03"), "rate.bracket")]),
    "share-not-threshold/seed": ("对科技成果转化作出贡献的,在转化净收入单位留成部分中提取不低于15%的经费用于人员奖励",
                                 [("rate", "other", D("0.15"), "rate.share")]),
    "rate.unpaid_share/rw051-p5": ("需先缴纳50%城市基础设施配套费,剩余50%城市基础设施配套费在申请办理前缴清,给予延期支持",
                                   [("rate", "other", D("0.50"), "rate.unpaid_share"), ("rate", "other", D("0.50"), "rate.unpaid_share")]),
    "rate.unpaid_share/rw047-3": ("生活补贴分两笔发放,每笔发放50%", [("rate", "other", D("0.50"), "rate.unpaid_share")]),
    # --- quantities that condition or bound a payment or a relief ---
    "threshold.below/rw047-11": ("毕业2年以内的高校毕业生被注册地址在桐庐县的1000人以下企业新招用,每连续缴纳社会保险费12个月给予2000元的补贴",
                                 [("quantity", "threshold", D(2), "threshold.below"), ("quantity", "threshold", D(1000), "threshold.below"),
                                  ("money", "award", D(2000), "award.verb")]),
    "threshold.below/variant": ("年龄在35周岁以下的新就业大学生,给予每月500元租房补贴", [("quantity", "threshold", D(35), "threshold.below"),
                                                                                     ("money", "award", D(500), "award.verb")]),
    "cap.after-paid-area/variant": ("给予租金补贴,补贴面积200平方米以内", [("quantity", "cap", D(200), "cap.after")]),
    "threshold.below-heading-pays/rw047-12": ("就业创业补贴 毕业5年以内高校毕业生在桐庐县就业,可享受每年1万元补贴",
                                              [("quantity", "threshold", D(5), "threshold.below"), ("money", "award", D(10000), "award.verb")]),
    "threshold.reached/rw047-8": ("为其依法同时连续缴纳社会保险费满12个月,可享受每年2000元补贴",
                                  [("quantity", "threshold", D(12), "threshold.reached"), ("money", "award", D(2000), "award.noun")]),
    "award.noun/variant": ("新录用的大学生每人2000元补贴。", [("money", "award", D(2000), "award.noun")]),
    "threshold.reached/variant": ("在本市连续工作满3年的,给予一次性奖励2万元", [("quantity", "threshold", D(3), "threshold.reached"),
                                                                            ("money", "award", D(20000), "award.verb")]),
    "threshold.within/rw047-4": ("毕业5年内的普通高校毕业生在桐庐县范围内新创办企业,按实际租赁费用给予补贴",
                                 [("quantity", "threshold", D(5), "threshold.within")]),
    "threshold.within/rw052-第十三条": ("在购房后3个月内,凭购房合同和正式购房票据,给予200元/平方米的补助",
                                       [("quantity", "threshold", D(3), "threshold.within"), ("money", "award", D(200), "award.verb")]),
    "threshold.after-note/rw047-12": ("带动就业2人(不含法定代表人、执行事务合伙人)以上,可享受每年1万元补贴",
                                      [("quantity", "threshold", D(2), "threshold.after"), ("money", "award", D(10000), "award.noun")]),
    "threshold.within-apply/rw047-13": ("首次参加我县职工养老保险的,可从参保之月起1年内申领标准为每人一次性1000元的就业红包",
                                        [("quantity", "threshold", D(1), "threshold.within"), ("money", "award", D(1000), "award.noun")]),
    "threshold.within-not/rw003-三（二）": ("以上享受补贴的商品住房,自取得不动产权证之日起3年内,不得申请办理产权转移登记",
                                           [("quantity", "threshold", D(3), "threshold.within")]),
    "duration.spread/rw006-九": ("土地出让金可在成交后1年内分期缴纳", [("quantity", "duration", D(1), "duration.spread")]),
    "duration.spread/variant": ("余款可在一年内缴清,免收滞纳金", [("quantity", "duration", D(1), "duration.spread")]),
    "duration.named/rw014-七": ("开发企业可申请分批次存入,首次存入核定监管金额的60%,剩余的40%可给予4个月的缓存期。",
                                [("rate", "other", D("0.60"), "rate.unpaid_share"),
                                 ("rate", "other", D("0.40"), "rate.unpaid_share"),
                                 ("quantity", "duration", D(4), "duration.named")]),
    "duration.named/variant": ("对入驻的初创企业给予3年免租期,免租期满后按市场价收取租金",
                               [("quantity", "duration", D(3), "duration.named")]),
    "duration.base/rw048-十": (
        "其中,采用商业贷款方式购买90平方米(含90平方米)以下新建商品住房的,按照一年实际支付正常贷款利息额度的10%给予补贴",
        [("quantity", "threshold", D(90), "threshold.below"), ("quantity", "threshold", D(90), "cue.inclusive_note"),
         ("quantity", "duration", D(1), "duration.base"), ("rate", "award", D("0.10"), "rate.base")]),
    "duration.base/variant": ("对租用孵化场地的企业,按3年租金总额的30%给予补贴",
                              [("quantity", "duration", D(3), "duration.base"), ("rate", "award", D("0.30"), "rate.base")]),
    "duration.base-tenor/variant": ("按1年期贷款市场报价利率的50%给予贴息", [("rate", "award", D("0.50"), "rate.base")]),
    "threshold.range/rw048-十": (
        "购买90-144平方米(含144平方米)新建商品住房的,按照一年实际支付正常贷款利息额度给予15%的补贴",
        [("quantity", "threshold", D(90), "threshold.range"), ("quantity", "threshold", D(144), "threshold.range"),
         ("quantity", "threshold", D(144), "cue.inclusive_note"), ("quantity", "duration", D(1), "duration.base"),
         ("rate", "award", D("0.15"), "rate.base")]),
    "threshold.range/variant": ("对购买60至90平方米新建商品住房的,给予每套2万元补贴",
                                [("quantity", "threshold", D(60), "threshold.range"),
                                 ("quantity", "threshold", D(90), "threshold.range"),
                                 ("money", "award", D(20000), "award.verb")]),
    "threshold.condition-reached/rw047-9": ("连续三年营收累计达300万元以上,按照同等标准再次给予贴息",
                                            [("quantity", "threshold", D(3), "threshold.condition"),
                                             ("money", "threshold", D(3000000), "threshold.after")]),
    "threshold.condition-reached/variant": ("连续2年研发投入达到500万元以上的企业,给予20万元奖励",
                                            [("quantity", "threshold", D(2), "threshold.condition"),
                                             ("money", "threshold", D(5000000), "threshold.after"),
                                             ("money", "award", D(200000), "award.verb")]),
    "duration.period-paid/variant": ("对企业连续3年给予每年10万元补贴",
                                     [("quantity", "duration", D(3), "duration.period"),
                                      ("money", "award", D(100000), "award.verb")]),
    "cap.measure/rw013-四": ("购买的第二套及以上住房在合并计算家庭全部住房面积后,给予人均60平方米的免税面积扣除。",
                            [("quantity", "cap", D(60), "cap.measure")]),
    "cap.measure/variant": ("对符合条件的家庭给予每户120平方米的补贴面积", [("quantity", "cap", D(120), "cap.measure")]),
    "duration.from_date/seed": ("对新设立的创业投资机构,自设立之日起5年内,按其实际投资额的1%给予奖励",
                                [("quantity", "duration", D(5), "duration.from_date"), ("rate", "award", D("0.01"), "rate.base")]),
    "threshold.below-not-enough/rw072-表1": ("距离强制报废时间满1年(含)不足2年的,补贴1万元",
                                             [("quantity", "threshold", D(1), "threshold.reached"),
                                              ("quantity", "threshold", D(2), "threshold.below"), ("money", "award", D(10000), "award.verb")]),
    "inclusive-note/rw001-四（四）": ("个人将购买2年以上(含2年)的住房对外销售的,免征增值税",
                                     [("quantity", "threshold", D(2), "threshold.after"), ("quantity", "threshold", D(2), "cue.inclusive_note")]),
    "relief-area/rw001-四（一）": ("面积为90平方米及以下的,减按1%的税率征收契税", [("quantity", "threshold", D(90), "threshold.below"),
                                                                             ("rate", "other", D("0.01"), "rate.unpaid")]),
    "relief-area/variant": ("购买144平方米(含144平方米)以上住房的,契税减半征收", [("quantity", "threshold", D(144), "threshold.after"),
                                                                              ("quantity", "threshold", D(144), "cue.inclusive_note")]),
    "count-of-one-times/seed": ("按照每案不高于5000元的标准给予一次性奖励", [("money", "cap", D(5000), "cap.before")]),
}


@pytest.mark.parametrize(("text", "expected"), list(RULES.values()), ids=list(RULES))
def test_rules(text, expected):
    assert facts(text) == expected


# Terms: (text, [(kind, rule, words its `when` or `base` must hold, exact fields)]).
TERM_RULES = {
    "term.full_costs/rw001-五（二）": (
        "对高等学校、中等职业学校全日制在校生、新毕业生(毕业5年内),购买新建商品住房给予全额契税补贴,其中在校生再给予每平方米200元/平方米购房补贴",
        [("rate", "term.full_costs", ["新毕业生", "契税"], {"rate": D(1), "base": "契税"}),
         ("per_unit", "term.per_units", ["其中在校生"], {"amount": D(200), "per": "平方米"})]),
    "term.full_costs/variant": ("对符合条件的小微企业,按实际租赁费用给予补贴,每年最高不超过2万元",
                                [("rate", "term.full_costs", ["实际租赁费用"], {"rate": D(1), "cap": D(20000), "cap_per": "year"})]),
    "term.rates-range-flag/seed": (
        "对在科技城内成功转化科技成果的,给予其技术合同交易额或评估值的30%,不超过200万元的补助;"
        "入驻的研发机构研发的科技成果在科技城进行中试的,经评定后给予中试费的10%-30%的补助,单个项目补助额度不超过200万元",
        [("rate", "term.rates", ["成功转化科技成果"], {"rate": D("0.30"), "rate_min": None, "cap": D(2000000)}),
         ("rate", "term.rates", ["中试"], {"rate": D("0.30"), "rate_min": D("0.10"), "cap": D(2000000)})]),
    "term.rates-not-full-cost/variant": ("对租用智能算力开展大模型训练的企业,按实际算力费用的百分之三十给予补贴",
                                         [("rate", "term.rates", ["大模型训练"], {"rate": D("0.30"), "base": "实际算力费用"})]),
    "term.full_costs-interest/rw047-9": ("对符合条件的大学生创业项目实行全额贴息",
                                         [("rate", "term.full_costs", ["大学生创业项目"], {"rate": D(1), "base": "贷款利息"})]),
    "term.per_units-year/rw047-12": ("毕业5年以内高校毕业生在桐庐县就业,并由该企业为其连续缴纳社会保险费满12个月,可享受每年1万元补贴,不超过3年",
                                     [("per_unit", "term.per_units", ["毕业5年以内高校毕业生"], {"amount": D(10000), "per": "年", "years": 3})]),
    "term.per_units-twelve-months/rw047-11": (
        "在同一单位依法连续缴纳社会保险费满12个月,每连续缴纳社会保险费12个月给予2000元的补贴,累计不超过3年",
        [("per_unit", "term.per_units", ["缴纳社会保险费"], {"amount": D(2000), "per": "年", "years": 3})]),
    "term.per_units-twelve-months/variant": ("在本区每连续工作满一年给予5000元留才奖励,最多奖励3年",
                                             [("per_unit", "term.per_units", ["连续工作"], {"amount": D(5000), "per": "年"})]),
    "term.per_units-year/variant": ("对留用的技能人才给予每年5000元生活补贴,最长补贴2年",
                                    [("per_unit", "term.per_units", ["技能人才"], {"amount": D(5000), "per": "年", "years": 2})]),
    "term.fixed-listed/rw047-3": ("对来桐工作的应届毕业生发放生活补贴,其中本科1万、硕士3万、博士10万元",
                                  [("fixed", "term.fixed", ["生活补贴", "本科"], {"amount": D(10000)}),
                                   ("fixed", "term.fixed", ["生活补贴", "硕士"], {"amount": D(30000)}),
                                   ("fixed", "term.fixed", ["生活补贴", "博士"], {"amount": D(100000)})]),
    "term.fixed-listed/variant": ("新引进人才安家补贴标准为:博士5万、硕士2万元", [("fixed", "term.fixed", ["博士"], {"amount": D(50000)}),
                                                                      ("fixed", "term.fixed", ["硕士"], {"amount": D(20000)})]),
    "term.shared_caps-sentence/rw004-一": (
        "凡在市本级购买新建商品住宅的,给予购房者合同价款1%的补贴;新市民在市本级购买新建商品住宅的,给予购房者合同价款2%的补贴。"
        "上述补贴政策自2024年7月1日起执行,单套补贴金额标准最高不超过5万元",
        [("rate", "term.rates", ["凡在市本级"], {"rate": D("0.01"), "cap": D(50000), "cap_per": "item"}),
         ("rate", "term.rates", ["新市民"], {"rate": D("0.02"), "cap": D(50000), "cap_per": "item"})]),
    "term.shared_caps-sentence/variant": ("对首次购房的青年人才按房款的2%给予补贴。以上补贴每户最高不超过3万元",
                                          [("rate", "term.rates", ["青年人才"], {"rate": D("0.02"), "cap": D(30000)})]),
    "term.rates-tax-paid/rw003-三（一）": ("购买商品房(住宅、非住宅),受益财政给予购房者实际缴纳契税的50%补助",
                                         [("rate", "term.rates", ["实际缴纳契税"], {"rate": D("0.50")})]),
    "term.per_units-vehicle/rw072-附件1三": ("仅新购置新能源城市冷链配送货车补贴标准为 3.5 万元/辆",
                                            [("per_unit", "term.per_units", ["冷链"], {"amount": D(35000), "per": "辆"})]),
    "term.per_units-suite/variant": ("对购买新建商品住房的家庭,按每套2万元给予购房补贴", [("per_unit", "term.per_units", ["家庭"], {"amount": D(20000), "per": "套"})]),
    "term.per_units-column/rw072-表1": (
        "表1报废国四排放标准老旧营运货车补贴标准\n车辆类型距离强制报废时间补贴标准(万元/辆)\n满1年(含)不足2年1.0\n中型\n"
        "满2年(含)不足4年1.8\n满4年(含)以上2.5\n满1年(含)不足2年1.2\n重型\n满2年(含)不足4年3.5\n满4年(含)以上4.5",
        [("per_unit", "term.per_units", ["中型", "满1年"], {"amount": D(10000), "per": "辆"}),
         ("per_unit", "term.per_units", ["中型", "满2年"], {"amount": D(18000), "per": "辆"}),
         ("per_unit", "term.per_units", ["中型", "满4年"], {"amount": D(25000), "per": "辆"}),
         ("per_unit", "term.per_units", ["重型", "满1年"], {"amount": D(12000), "per": "辆"}),
         ("per_unit", "term.per_units", ["重型", "满2年"], {"amount": D(35000), "per": "辆"}),
         ("per_unit", "term.per_units", ["重型", "满4年"], {"amount": D(45000), "per": "辆"})]),
    "term.per_units-column/variant": ("人才类别 生活补贴(元/人)\nA类人才5000\nB类人才3000",
                                      [("per_unit", "term.per_units", ["A类人才"], {"amount": D(5000), "per": "人"}),
                                       ("per_unit", "term.per_units", ["B类人才"], {"amount": D(3000), "per": "人"})]),
    "term.caps-breakdown/rw047-2": (
        "对在我县就业创业的全日制本科及以上大学生和在桐院校全日制大专毕业生,首次购买新建商品住宅的,给予每户最高15万元的购房首付补贴,"
        "其中,C9联盟高校本科毕业生补贴15万元、双一流高校本科毕业生补贴12万元、其他高校本科和在桐院校全日制大专毕业生补贴10万元",
        [("fixed", "term.fixed", ["C9联盟高校本科毕业生"], {"amount": D(150000)}),
         ("fixed", "term.fixed", ["双一流高校本科毕业生"], {"amount": D(120000)}),
         ("fixed", "term.fixed", ["在桐院校全日制大专毕业生"], {"amount": D(100000)})]),
    "term.caps-breakdown/variant": ("对引进的人才给予最高50万元安家费,其中博士50万元、硕士20万元",
                                    [("fixed", "term.fixed", ["博士"], {"amount": D(500000)}),
                                     ("fixed", "term.fixed", ["硕士"], {"amount": D(200000)})]),
    "term.qualitative-refund/rw048-十二": ("对其出售现住房已缴纳的个人所得税予以退税优惠", [("qualitative", "term.qualitative", ["退税"], {})]),
}


@pytest.mark.parametrize(("text", "expected"), list(TERM_RULES.values()), ids=list(TERM_RULES))
def test_term_rules(text, expected):
    norm = normalize(text).text
    terms = facts_to_terms(norm, text_to_facts(norm))
    assert [(t.kind, t.rule) for t in terms] == [(kind, rule) for kind, rule, _, _ in expected]
    for term, (_, _, words, fields) in zip(terms, expected, strict=True):
        for word in words:
            assert word in term.when or word in (getattr(term, "base", "") or ""), (word, term.when)
        for name, value in fields.items():
            assert getattr(term, name) == value, name


def test_a_role_given_by_default_is_said_in_the_issues():
    from extractor.pipeline import run_bytes

    notice = run_bytes("一、院士工作站100万元。\n二、对新认定的院士工作站给予50万元奖励。\n".encode(), "n.txt")
    defaults = [issue for issue in notice.issues if issue.code == "W_ROLE_DEFAULT"]
    assert [issue.message.split(":")[0] for issue in defaults] == ["一"]
    assert notice.text[defaults[0].span.start:defaults[0].span.end] == "100万元"


def test_show_explain_names_the_cue_and_the_rule(tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app

    path = tmp_path / "n.txt"
    path.write_text("一、对新认定的企业给予最高30万元奖励,贷款最高额度为60万元。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["show", str(path), "--facts", "--explain"])
    assert result.exit_code == 0, result.output
    assert "【30万元|上限 ← 最高 · cap.before】" in result.output
    assert "【60万元|其他 ← 贷款最高额度 · other.loan】" in result.output
    assert "· term.caps ← 最高" in result.output
