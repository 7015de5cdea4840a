"""Case tables of the rules for responsible units, line kinds and clause trees.

Each rule has a row quoting a real notice of ../shared/realworld/docs (the id names the
doc and the clause path of its gold label) and a variant written by hand the way another
city would print the same construction. Expectations were worked out by reading the
text against the labeling SPEC's conventions, not from the extractor's output.
"""

from __future__ import annotations

import pytest

from extractor.extract.units import find_units
from extractor.normalize import normalize
from extractor.paragraphs import ends_with_units, is_heading_line, is_meta, is_unit_line
from extractor.pipeline import run
from extractor.segment import is_non_rule


def units(text: str) -> list[str]:
    return [unit.name for unit in find_units(normalize(text).text)]


UNITS = {
    # --- 责任单位及承办科室: the offices that do the work follow the responsible units ---
    "undertaking-offices/rw007-一/（三）": ("（三） 责任单位及承办科室：市自然资源局，储备中心。", ["市自然资源局", "储备中心"]),
    "undertaking-offices/variant": ("4.责任单位及承办单位（单位）：区住建局、区城管局，区政务服务中心综合窗口",
                                    ["区住建局", "区城管局", "区政务服务中心综合窗口"]),
    # --- an office's task printed after its name ends the name and that part of the list ---
    "task-after-name/rw007-十二/(五)": (
        "(五) 责任单位及承办科室(单位)：市房管中心、市发改委 在市政务服务中心设立专门窗口受理、初审、备案、发放价格备案表；"
        "市发改委行政审批科、市房管中心房产科具体承办。",
        ["市房管中心", "市发改委", "市发改委行政审批科", "市房管中心房产科"]),
    "task-after-name/rw007-三/（四）": (
        "（四） 责任单位及承办科室：市自然资源局，市自然资源局行政审批科受理缓缴城市基础设施配套费申请、"
        "出具《同意缓缴城市基础设施配套费意见书》；建筑规划科承办缓缴城市基础设施配套费的审查。",
        ["市自然资源局", "市自然资源局行政审批科", "建筑规划科"]),
    "task-after-name/variant": ("责任单位及承办科室：区财政局，区财政局预算科负责审核、拨付；区税务局征管科协办。",
                                ["区财政局", "区财政局预算科", "区税务局征管科"]),
    # --- after a semicolon only names of bodies go on (a sentence after the list is no unit) ---
    "after-semicolon/variant": ("责任单位：区科技局、区财政局；各有关单位按要求抓好落实", ["区科技局", "区财政局"]),
    # --- the cue lists that were read before stay as they were ---
    "responsible/rw004-二": ("予以退税优惠。（责任单位：市税务局、市财政局、市住建局）", ["市税务局", "市财政局", "市住建局"]),
    "lead-and-responsible/variant": ("牵头单位：区科技局；责任单位：区财政局、区市场监管局", ["区科技局", "区财政局", "区市场监管局"]),
    "trailing-duty/variant": ("给予奖励。（市科技局、市财政局等按职责分工负责）", ["市科技局", "市财政局"]),
}


@pytest.mark.parametrize(("text", "expected"), UNITS.values(), ids=UNITS.keys())
def test_units(text, expected):
    assert units(text) == expected


LINES = {
    # --- a units line without brackets is a units line ---
    "unit-line/rw006-五": (is_unit_line, "责任单位：市金融工作局", True),
    "unit-line/variant": (is_unit_line, "牵头单位：区发展改革局、区财政局。", True),
    "unit-line-not-a-sentence/variant": (is_unit_line, "责任单位要加强组织领导，落实工作责任。", False),
    # --- a paragraph ending in its units bracket ---
    "ends-with-units/rw048-十七": (ends_with_units, "加强行业自律，对投诉问题及时处理，涉及违法违规行为报送相关部门。"
                                                   "（责任部门：市住房和城乡建设局、市委网信办、市公安局）", True),
    "ends-with-units/variant": (ends_with_units, "（责任单位：区商务局）对新开业门店给予补贴。", False),
    # --- a line ending in a colon is a heading unless it points to its list ---
    "colon-heading/rw007-六/（一）": (is_heading_line, "职工申请住房公积金贷款应具备条件：", True),
    "colon-heading/rw007-三/（二）": (is_heading_line, "办理程序：", True),
    "colon-sentence/rw097-第十条": (is_heading_line, "执法人员调查案件应当依法收集证据。证据包括：", False),
    "colon-sentence/variant": (is_heading_line, "申请企业应当具备下列条件：", False),
    "short-heading-with-list/rw007-六/（二）": (is_heading_line, "贷款额度、期限和利率。", True),
    "short-heading-with-list/variant": (is_heading_line, "申报时间、地点。", True),
    # --- the frame of a notice ---
    "addressee-list/rw059": (is_meta, "市国土局，江宁、浦口、六合、溧水、高淳区政府：", True),
    "addressee-list/variant": (is_meta, "区发展改革局、区财政局，各街道办：", True),
    "not-addressee/variant": (is_meta, "申请人应当向区财政局提交以下材料：", False),
    "joint-meeting-signature/rw004": (is_meta, "滁州市房地产工作联席会议", True),
    "leading-group-signature/variant": (is_meta, "某市房地产市场调控工作领导小组", True),
    "distribution/rw078": (is_meta, "抄送：各管委会委员单位", True),
    "distribution/variant": (is_meta, "抄送：市委办公室，市人大常委会办公室。", True),
    "promulgation/rw101": (is_meta, "（2023年3月16日北京市人民政府第308号令公布 自2023年4月15日起施行）", True),
    "promulgation/variant": (is_meta, "（2019年5月8日某市人民政府第12号令发布 根据2022年3月1日某市人民政府第30号令修改）", True),
    # --- purpose preambles, cover letters and a news report's frame are no clauses ---
    "announcement/rw001": (is_non_rule, "为支持刚性和改善性住房需求，促进我市房地产市场平稳健康发展，经市政府同意，现就有关事宜通知如下。", True),
    "announcement/rw018": (is_non_rule, "根据海南住房公积金管理委员会三届六次全体会议精神，现将住房公积金贷款业务有关规定调整如下：", True),
    "announcement/rw006": (is_non_rule, "为进一步落实党中央、国务院关于房地产市场管控工作决策部署，现结合我市实际提出如下意见。", True),
    "announcement/variant": (is_non_rule, "按照省政府工作部署，结合本区实际，现就支持企业稳岗有关事项明确如下：", True),
    "made-by-us/rw059": (is_non_rule, "为进一步促进房地产市场健康发展，贯彻落实好住房限购政策，经市政府同意，我局会同相关部门制定了住房限购政策的实施意见。", True),
    "purpose-with-rule-stays/variant": (is_non_rule, "为鼓励企业研发，对首次认定的高新技术企业给予10万元奖励。", False),
    "cover-letter/rw048": (is_non_rule, "《吉林市进一步促进房地产消费若干措施》已经市政府2023年第12次常务会议讨论通过，请认真抓好落实。", True),
    "cover-letter/variant": (is_non_rule, "《某区促进消费若干措施》已经区政府常务会议研究同意，请认真落实。", True),
    "consultation-notice/rw052": (is_non_rule, "10月13日，泸州市住房和城乡建设局发布了关于征求《促进房地产市场平稳健康发展的若干措施（试行）"
                                               "（征求意见稿）》意见建议的公示。", True),
    "consultation-notice/variant": (is_non_rule, "某市财政局就《某市人才购房补贴办法（征求意见稿）》向社会公告，征集意见。", True),
    "dateline/rw045": (is_non_rule, "央广网广州6月3日消息（记者徐钡儿）6月2日，2026年南沙区房地产高质量发展大会暨“南十条”发布会举行。", True),
    "dateline/variant": (is_non_rule, "新华网成都5月8日电 四川省住房和城乡建设厅近日发布通知，优化住房公积金政策。", True),
    "issuing-report/rw013": (is_non_rule, "8月25日，市住房城乡建设管理委、市房屋管理局等六部门联合印发《关于优化调整本市房地产政策措施的通知》"
                                          "（以下简称《通知》）。《通知》自2025年8月26日起施行。", True),
    "issuing-report/variant": (is_non_rule, "近日，省住房城乡建设厅出台《关于支持刚性住房需求的若干措施》（以下简称《措施》），共十条。", True),
    "news-rule-stays/rw005-p2": (is_non_rule, "记者从洛江区住房和城乡建设局了解到，购买144平方米（含）以下的新建商品住房业主，可享受每套5万元的购房补贴。", False),
}


@pytest.mark.parametrize(("predicate", "text", "expected"), LINES.values(), ids=LINES.keys())
def test_line_kinds(predicate, text, expected):
    assert predicate(normalize(text).text) is expected


def read(tmp_path, text: str):
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return run(path)


STRUCTURES = {
    # --- a paragraph after an item that ended with its units closes the parent ... ---
    "after-units-line-closes/rw006-closing": (
        "关于促进房地产市场平稳健康发展的意见\n"
        "一、合理确定公建设施计容面积\n配建的无偿移交政府的公建设施，建筑面积可不计入项目容积率计算范围。\n责任单位：市自然资源和规划局\n"
        "二、规范房地产市场秩序\n加大联合执法力度，严肃查处违规建设、销售、虚假宣传等行为。\n责任单位：市住房城乡建设局\n"
        "市住房城乡建设局牵头负责本意见综合协调、政策宣传、组织实施等工作。各责任单位负责制定具体实施办法及政策解读。\n"
        "本意见适用于安阳市区。各县（市）可参照本意见执行。\n",
        ["一", "二", "closing"], ("closing", "市住房城乡建设局牵头负责本意见")),
    "after-units-bracket-closes/rw048-closing": (
        "吉林市进一步促进房地产消费若干措施\n"
        "一、完善城市配套设施建设\n加快推进开发项目周边交通、道路等规划配套设施建设。（责任部门：市住房和城乡建设局）\n"
        "二、规范房地产中介市场\n规范房地产经纪服务，加强行业自律。（责任部门：市住房和城乡建设局、市委网信办、市公安局）\n"
        "上级文件另有规定或有新政策出台，按照有关规定执行。\n本措施适用吉林市各城区、开发区。\n",
        ["一", "二", "closing"], ("closing", "上级文件另有规定")),
    "after-units-closes/variant": (
        "某区支持商贸流通若干措施\n一、支持连锁经营。对新开门店给予5万元补贴。\n（责任单位：区商务局）\n"
        "各街道要做好政策宣传。\n",
        ["一", "closing"], ("closing", "各街道要做好政策宣传")),
    # --- ... unless a numbered sibling follows: then it continued the item ---
    "closing-given-back/rw004-一": (
        "关于进一步优化调整房地产政策若干措施\n"
        "一、发放购房补贴。凡在市本级购买新建商品住宅的，给予购房者合同价款1%的补贴。（责任单位：市住建局、市财政局）\n"
        "上述补贴政策自2024年7月1日起执行，至2024年12月31日截止，单套补贴金额标准最高不超过5万元。\n"
        "二、延续换购住房税收优惠政策。对其出售现住房已缴纳的个人所得税予以退税优惠。（责任单位：市税务局）\n"
        "本措施由滁州市房地产工作联席会议办公室负责解释。\n",
        ["一", "二", "closing"], ("一", "上述补贴政策自2024年7月1日起执行")),
    "closing-given-back/variant": (
        "某县稳增长若干措施\n（一）支持企业扩产。对新增产能的企业给予奖励。\n（责任单位：县工信局）\n"
        "具体奖励标准由县工信局另行制定。\n（二）支持企业上市。对上市企业给予100万元奖励。\n",
        ["（一）", "（二）"], ("（一）", "具体奖励标准由县工信局另行制定")),
    # --- the last item that finishes its parent's sentence: what follows is the parent's ---
    "list-complete/rw097-第八条": (
        "北京市实施行政处罚程序若干规定\n第一条 执法人员依法当场作出行政处罚决定，应当遵守下列程序：\n"
        "（一）向当事人出示执法证件；\n（二）在两个工作日内将行政处罚决定报所属行政机关备案。\n"
        "当场作出的行政处罚决定书应当载明当事人的违法行为，并由执法人员签名或者盖章。\n"
        "第二条 除依法可以当场作出的行政处罚外，行政机关应当及时立案。\n",
        ["第一条/lead", "第一条/（一）", "第一条/（二）", "第一条/closing", "第二条"], ("第一条/closing", "当场作出的行政处罚决定书")),
    "list-complete/variant": (
        "某市人才公寓管理办法\n第一条 申请人才公寓应当提交下列材料：\n（一）申请表；\n（二）身份证明。\n"
        "材料不全的，受理部门应当一次性告知。\n第二条 本办法自印发之日起施行。\n",
        ["第一条/lead", "第一条/（一）", "第一条/（二）", "第一条/closing", "第二条"], ("第一条/closing", "材料不全的")),
    # --- a heading that only names its list is no lead; one that points to it is ---
    "colon-heading/rw007-六": (
        "关于贯彻执行《若干措施》的实施细则\n一、 调整公积金贷款政策\n（一）职工申请住房公积金贷款应具备条件：\n"
        "1. 有稳定的经济收入和偿还贷款本息的能力且信用良好；\n2. 借款人家庭没有未结清的住房公积金贷款。\n"
        "（二）贷款额度、期限和利率。\n1. 单方最高贷款额度为30万元，夫妻双方最高贷款额度为50万元；\n2. 最长贷款期限为30年。\n",
        ["一/（一）/1", "一/（一）/2", "一/（二）/1", "一/（二）/2"], None),
    "colon-lead/variant": (
        "某区科技创新办法\n一、支持研发\n（一）对企业研发给予补助，申请企业应当具备以下条件：\n1. 在本区注册；\n2. 研发投入增长。\n",
        ["一/（一）/lead", "一/（一）/1", "一/（一）/2"], None),
    # --- 一是 … 二是 by paragraph are items; 一是 alone runs on in its paragraph ---
    "cn-enum/rw114-二": (
        "沈阳市城镇房屋养老金制度工作方案\n一、基本原则\n"
        "一是政府主导、居民参与。在保障土地出让金和政府公共资金的前提下，加强政策宣传，广泛调动居民意愿。\n"
        "二是覆盖全面、保障基本。强化政府公共服务和兜底保障作用发挥，探索建立房屋养老金筹集渠道。\n",
        ["一/一是", "一/二是"], None),
    "cn-enum-alone/variant": (
        "某市好房子建设指引\n一、优化规划\n1.优化规划要求与指标。\n一是合理配置配套用房。二是优化公共空间布局。\n2.科学规划空间布局。\n",
        ["一/1", "一/2"], ("一/1", "二是优化公共空间布局")),
    # --- attachments after the policy, with tables of their own ---
    "attachment-with-tables/rw072-附件1": (
        "北京市继续促进国四排放标准老旧营运货车报废更新实施细则\n一、补贴对象及标准\n对报废的货车实施差别化补贴标准（见附件1）。\n"
        "二、其他\n本实施细则执行过程中如有调整，将另行通知。\n附件1：老旧营运货车报废更新补贴标准\n附件2：老旧营运货车报废更新资金申请表\n"
        "老旧营运货车报废更新补贴标准\n一、仅报废国四排放标准老旧营运货车补贴标准见表1。\n二、仅新购置新能源城市冷链配送货车补贴标准为3.5万元/辆。\n"
        "表1 报废国四排放标准老旧营运货车补贴标准\n车辆类型 补贴标准（万元/辆）\n中型 1.8\n重型 3.5\n"
        "三、注意事项\n1.以报废或更新的车辆数量下限为准。\n附件2\n老旧营运货车报废更新资金申请表\n编号：\n申领人（签字或盖章）：\n",
        ["一", "二", "附件1/一", "附件1/二", "附件1/表1", "附件1/三/1"], ("附件1/表1", "重型3.5")),
    "attachment/variant": (
        "某区人才安居办法\n第一条 对引进人才给予安家补贴。\n第二条 本办法自印发之日起施行。\n附件1\n人才安居补贴标准\n"
        "一、博士每人10万元。\n二、硕士每人5万元。\n",
        ["第一条", "第二条", "附件1/一", "附件1/二"], None),
    # --- the heading of a contact block is no clause ---
    "contact-heading/variant": (
        "某市公积金政策解读\n一、制定背景\n为支持租房提取，制定本政策。\n二、解读机关、解读人及联系方式\n",
        ["一"], None),
    "contact-heading/rw024-六": (
        "关于调整住房公积金租赁提取政策的解读\n一、制定背景\n为加大住房公积金对缴存职工租赁住房的支持力度，制定本政策。\n"
        "二、其他\n具体细则由杭州住房公积金管理中心制定。\n三、解读机关、解读人及联系方式\n"
        "解读机关：杭州住房公积金管理中心\n联系电话：0571-87008272\n",
        ["一", "二"], None),
    # --- a news text: its headlines are no clauses ---
    "news-headline/rw045": (
        "南沙区“南十条”发布\n以旧换新 最高可享17万元置业补助\n"
        "以旧换新政策明确，按照新房成交总价1%发放区级专项补贴，单套上限2万元。\n",
        ["p1"], ("p1", "以旧换新政策明确")),
    "news-headline/variant": (
        "我市出台人才购房新政\n博士购房最高补贴30万元\n对来我市工作的博士研究生，购买首套住房的给予最高30万元购房补贴。\n",
        ["p1"], ("p1", "对来我市工作的博士研究生")),
}


@pytest.mark.parametrize(("text", "paths", "holds"), STRUCTURES.values(), ids=STRUCTURES.keys())
def test_clause_trees(tmp_path, text, paths, holds):
    clauses = {clause.path: "".join(clause.text.split()) for clause in read(tmp_path, text).clauses()}
    assert list(clauses) == paths
    if holds:
        path, words = holds
        assert "".join(words.split()) in clauses[path]


FURNITURE = {
    # --- a related-articles block below the notice, and an interpretation appended after the signature ---
    "related-links/rw032": (
        "关于支持房地产业良性循环和健康发展的十条政策措施\n一、推行“交房即交证”制度。推动测绘、验收和不动产登记流程整合。\n"
        "相关链接：《关于支持房地产业良性循环和健康发展的十条政策措施》政策解读\n"
        "成安县政府新闻办召开新闻发布会就⟪支持房地产业良性循环和健康发展的十条政策措施⟫进行发布解读。\n",
        ["一"], "成安县政府新闻办召开新闻发布会"),
    "related-links/variant": (
        "某区促进消费若干措施\n一、发放消费券。安排资金500万元。\n相关阅读\n某区召开消费季启动会，发放消费券。\n",
        ["一"], "某区召开消费季启动会"),
    "appended-interpretation/rw016": (
        "关于调整住房公积金有关业务政策的通知\n一、本通知自2023年11月1日起执行。本通知未涉及的按原政策执行，本通知事项与以前规定不一致的，"
        "以本通知为准。\n滨州市住房公积金管理中心\n2023年10月20日\n"
        "政策解读\n一、政策调整的起草背景？\n满足职工住房刚需和改善住房的诉求，在综合评估我市公积金资金使用情况的基础上，"
        "决定进一步加大对缴存职工的支持力度，充分发挥住房公积金的民生保障作用。\n"
        "三、政策出台目的？满足职工住房刚需和改善住房的诉求，聚焦解决新市民和青年人住房问题，降低购房和还款压力。\n"
        "（一）为什么提高贷款额度的计算倍数？提高贷款额度的计算倍数后，将有效提高贷款职工的可贷额度，缓解购房资金压力。\n",
        ["一"], "政策调整的起草背景"),
    "appended-interpretation/variant": (
        "某市人才安居办法\n一、对博士给予10万元安家补贴。\n某市人民政府\n2024年3月1日\n解读：\n一、为什么出台本办法？\n为吸引人才。\n",
        ["一"], "为什么出台本办法"),
    # --- a link box to the interpretation above the notice ---
    "interpretation-link/rw021": (
        "解读：\n《关于调整我市住房公积金贷款有关支持政策的通知》视频解读\n关于调整我市住房公积金贷款有关支持政策的通知\n"
        "一、提高多孩家庭贷款额度\n贷款额度在可贷额度的基础上分别增加20万元、30万元。\n",
        ["一"], "视频解读"),
    "interpretation-link/variant": (
        "图解：\n问答-《关于调整住房公积金贷款相关规定的通知》\n关于调整住房公积金贷款相关规定的通知\n一、贷款额度提高至80万元。\n",
        ["一"], "问答-《"),
}


@pytest.mark.parametrize(("text", "paths", "dropped"), FURNITURE.values(), ids=FURNITURE.keys())
def test_furniture_around_the_notice(tmp_path, text, paths, dropped):
    notice = read(tmp_path, text)
    assert [c.path for c in notice.clauses()] == paths
    assert any(dropped in d.text for d in notice.dropped)
