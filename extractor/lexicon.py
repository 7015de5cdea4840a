"""Every cue word and pattern the reading uses, in one place, by name.

The stages read their words from here: the figure grammar (digits, Chinese
numerals, 千/百/万/亿), the cues that give a figure its role (最高 → cap,
以上 → threshold, 设立 → budget), per-unit words, the words that open and
close a list of responsible units, and the lines that make a notice's frame.
A rule names the entries it uses; `tests/test_lexicon.py` fails on an entry no
module reads, so a word cannot linger here after its rule is gone.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .patterns import compiled
from .scanning import scanner

HAN = compiled("[\u4e00-\u9fff]")  # a Chinese character of the basic block: what page and notice sizes are counted in

# --- Figures: digits, Chinese numerals, multipliers (extract.numbers) ---
MAX_DIGITS = 20  # longer digit runs are not amounts (and int() of 5,000 digits raises)
LONG_DIGITS = compiled(rf"\d{{{MAX_DIGITS + 1}}}")  # a run longer than any figure (full-width digits too)
CN_NUM_CHARS = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟点"
# One number: Arabic with optional thousands separators and decimals, or a
# Chinese numeral. The lookbehind keeps a match from starting inside a
# longer number, which also keeps the pattern linear on long digit runs.
NUMBER = rf"""
    (?:
        (?<![\d.])(?<!\d,)\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?   # 1,000 / 1,234.56
      | (?<![\d.])(?<!\d,)\d{{1,{MAX_DIGITS}}}(?:\.\d+)?(?!\d)  # 30 / 0.5
      | [{CN_NUM_CHARS}]{{1,12}}                      # 三十 / 两千 / 伍拾
    )
"""

# --- Money (extract.money) ---
MULTIPLIERS = {"": Decimal(1), "千": Decimal(1000), "万": Decimal(10000), "十万": Decimal(10) ** 5, "百万": Decimal(10) ** 6,
               "千万": Decimal(10) ** 7, "亿": Decimal(10) ** 8, "百亿": Decimal(10) ** 10, "千亿": Decimal(10) ** 11,
               "万亿": Decimal(10) ** 12}
MULTIPLIER = "万亿|千亿|百亿|千万|百万|十万|亿|万|千"  # longest first: 1千万元 is 10,000,000
MONEY = scanner(
    rf"""
    (?<![数几余多])                                     # 数十万元 is no amount
    (?P<lo>{NUMBER})\s*(?P<lo_mult>{MULTIPLIER})?\s*(?P<lo_yuan>元)?
    (?:
        \s*(?P<sep>[-~至到])\s*                          # range separator (dashes and tildes folded)
        (?P<hi>{NUMBER})\s*(?P<hi_mult>{MULTIPLIER})?\s*(?P<hi_yuan>元)
    )?
    """,
    re.VERBOSE,
)

# A table whose header cell names the unit of a column (补贴标准(万元/辆)): each row ends in a bare number
# in that unit; a line of only a few characters between rows is a merged cell naming a group of rows (中型).
COLUMN_UNIT = compiled(rf"(?:补贴|奖励|补助|资助)(?:标准)?\s*\((?P<mult>{MULTIPLIER})?元(?:\s*/\s*(?P<per>[\u4e00-\u9fff]{{1,2}}))?\)")
ROW_VALUE = compiled(r"^(?P<label>.*?[^\d.])(?P<num>\d+(?:\.\d+)?)\s*$")
GROUP_CELL = compiled(r"^[\u4e00-\u9fff]{1,4}$")
# 本科1万、硕士3万、博士10万元: 元 printed once, after the last sum of a list
LISTED_SUM_AFTER = compiled(rf"\s*[、和及或][^。;,，]{{0,20}}?(?:{MULTIPLIER})元")
# Sums not paid to the applicant, by what the sentence speaks of before the figure: a loan
# ceiling, a withdrawal of one's own fund, a price, a fee. The nearer of such a topic and a
# payment word decides (贷款贴息…最高补贴2万元 is paid). A fine is named after its figure.
UNPAID_TOPICS = (
    ("loan", compiled(r"贷款(?:最高)?(?:额度|金额|限额)|可贷(?:款)?额度|最高贷款|贷款最高|借款额度|授信额度|公积金贷款|最高额度")),
    ("withdrawal", compiled(r"提取(?:额度|限额|金额|上限|标准)?|提取")),
    ("price", compiled(r"总价|房价|单价|售价|成交价|价格")),
    ("fee", compiled(r"收费|收取|登记费|手续费|工本费|服务费|配套费|维修资金|计入|计提|成本")),
)
PAID_TOPIC = compiled(r"补贴|奖励|补助|贴息|资助|奖补|奖金|安家费|消费券|购房款补贴|退还|返还|减免")
UNPAID_AFTER = (  # what a sum is, named right after it: 处一万元以上五万元以下罚款, 50万元以内的创业担保贷款
    ("fine", compiled(r"[^,，;。]{0,16}?(?:罚款|罚金)")),
    ("loan", compiled(r"(?:以内|以下)?(?:\(含\))?的?[^,，;。给补奖]{0,8}?贷款(?!贴息)")),
    ("price", compiled(r"(?:的)?(?:新房|住房|房屋|商品房|二手房)(?!补贴)")),
    ("fee", compiled(r"(?:的)?标准计入|计入")),
)

# --- Rates and ratios (extract.rates) ---
RATE = scanner(
    rf"""
    (?<![\d.])(?P<lo>\d+(?:\.\d+)?)\s*(?P<lo_sym>%|‰)?\s*[-~至到]\s*(?P<hi>\d+(?:\.\d+)?)\s*(?P<hi_sym>%|‰)  # 10%-30%
  | (?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*(?P<sym>%|‰)                                              # 5%, 0.2‰
  | (?P<word>百分之|千分之)(?P<spelled>[{CN_NUM_CHARS}]+|\d+(?:\.\d+)?)                          # 百分之五
  | (?<![\d.])(?P<points>\d+(?:\.\d+)?)\s*个百分点                                               # 5个百分点
  | (?<![\d.:])1\s*:\s*(?P<ratio>\d+(?:\.\d+)?)(?![\d:])                                         # 1:1.5
  | (?<![\d.])(?:(?P<times_lo>\d+(?:\.\d+)?)\s*[-~至到]\s*)?(?P<times>\d+(?:\.\d+)?)\s*倍          # 1.5倍, 1.5-4倍
  | (?<!\d)×\s*(?P<factor>\d+(?:\.\d+)?)(?![\d.])                                                       # 账户余额×20 (not 7×24小时)
  | (?<![\d.])(?P<bp>\d+(?:\.\d+)?)\s*(?:个基点|BP|bp)                                            # 20个基点, LPR+50BP
  | (?P<denominator>[一二三四五六七八九十]|\d{{1,2}})分之(?P<numerator>[一二三四五六七八九十]|\d{{1,2}})  # 三分之一
  | (?<![\d/.])(?P<part>\d)\s*/\s*(?P<over>\d{{1,2}})(?![\d/.])                                     # 1/3 (not 2024/1/3)
    """,
    re.VERBOSE,
)
SCALE = {"%": Decimal("0.01"), "‰": Decimal("0.001"), "百分之": Decimal("0.01"), "千分之": Decimal("0.001"),
         "基点": Decimal("0.0001")}
FRACTION_PLACES = Decimal("1e-16")  # 三分之一 is written 0.3333333333333333, as a JSON number keeps it
RATIO_CUES = ("配套", "比例", "按", "匹配", "给予", "奖励", "补助")
GIVING = compiled(  # words that pay; 配套 as a noun (配套车位, 配套费) and 享受 a policy (享受落户政策) do not
    r"给予|奖励|补助|资助|补贴|奖补|配套(?!车位|费|设施|用房|政策|服务|建设|工程|措施)|补偿|扶持|资金支持|经费支持|贴息|红包"
    r"|享受(?=[^,，;。]{0,12}?(?:补贴|奖励|补助|资助|贴息|优惠|减免|退税))")
SHARE_CUES = compiled(r"比例|分担|承担|分配|失败率|不良|占比|强度|增长|提高|留成|提取|不得高于|收益")
SHARE_AFTER = compiled(r"^[\d.%、\s]*(?:的)?(?:比例|比重)")  # 35%、35%、30%的比例: a split, whatever comes before
BASE_FORM = compiled(r"的\s*$|按(?:照)?")
# money a rate is a share of that nobody is paid: a fee or deposit paid in parts (先缴纳50%配套费,
# 首次存入核定监管金额的60%), a payment split in parts (每笔发放50%)
UNPAID_SHARE = compiled(r"缴纳|存入|缴存|交存|每笔|剩余|首付")
LOAN_TERMS = compiled(r"利率|LPR|首付|贷款额度")  # a rate of a loan (利率下限, LPR+50BP, 首付比例): never paid
RESTRICTION = compiled(r"不得(?:高于|超过|低于)")
QUALIFIES = compiled(r"(?:^|[^按])对")
QUALIFIED_NOUN = compiled(r"^(?:的)?[\u4e00-\u9fff](?<![的给奖补资为进予配以作])")

# --- Roles: the cue words before and after a figure (extract.context) ---
CAP_CUES = ("最高", "不超过", "不高于", "不多于", "上限", "封顶", "最多", "至多")
THRESHOLD_CUES = ("达到", "已满", "超过", "突破", "不低于", "不少于", "每增加", "每满", "首次达到", "首次突破", "低于", "不足")
BUDGET_CUES = ("设立", "规模为", "规模超过", "规模达到", "规模达", "总规模", "基金规模", "资金规模", "安排", "筹集",
               "总额度", "投放", "扩容至")
FIGURE_PHRASE_END = compiled(r"[,，;。]")  # the words right after a figure run to the next mark
# 2年以上, 90平方米(含90平方米)以上, 带动就业2人(不含法定代表人…)以上: a note may stand between
AFTER_THRESHOLD = compiled(r"^\s*(?:\([^()]{0,30}\))?\s*(?:及)?以上")
AFTER_BELOW = compiled(r"^\s*(?:\([^()]{0,30}\))?\s*(?:及)?以下")
REACHED = compiled(r"(?:年满|已满|满|达)\s*$")  # right before the figure: 连续参保满6个月, 满300元减50元
INCLUSIVE_NOTE = compiled(r"\(\s*含\s*$")  # 2年以上(含2年): the bound printed again inside the note
AFTER_CAP = compiled(r"^\s*(?:的)?(?:为限|封顶|以内)")
AFTER_BRACKET = compiled(r"^\s*(?:以下|以上|以内)?\s*的部分")  # 不超过100万元的部分按5%: a bracket boundary
BUDGET_VERB = compiled(r"(?:安排|设立|筹集)\s*$")
EXCLUSIVE = ("超过", "突破", "低于", "不足")
SENTENCE_BREAK = "。;!?\n"
SEGMENT_BREAK = SENTENCE_BREAK + ",，"
CONNECTOR = compiled(r"^[^,，;。]{0,8}?(?:或|和|及|、)[^,，;。]{0,4}$")
PER_BEFORE = compiled(r"每\s*(?:个|家|位|名)?\s*(人|案|件|家|户|项|平方米|月|年|企业|机构|个|套|辆|台|亩)")
PER_YEAR_SPAN = compiled(r"每(?:连续)?[\u4e00-\u9fff]{0,10}?(?:12个月|十二个月|一年|1年)")  # 每连续缴纳社保12个月给予2000元
PER_AFTER = compiled(r"^\s*/\s*(人|年|月|件|项|平方米|家|户|个|套|辆|台|亩)")

# --- Quantities (extract.quantities) ---
QUANTITY = scanner(
    rf"""
    (?<![第\d.])(?P<num>{NUMBER})
    (?:\s*[-~至到]\s*(?P<hi>{NUMBER}))?                # 连续3至5年
    \s*(?P<unit>个月|平方米|周岁|岁|人|名|位|年|个|家|件|项|亩|天|户|套|次|辆)
    (?P<period>期)?
    """,
    re.VERBOSE,
)
TIME_UNITS = ("年", "个月", "天")
DURATION_BEFORE = compiled(
    r"(?:期限|周期|期)\s*(?:为|是)?\s*(?:不超过)?\s*$|(?:^|[^每])分\s*$|连续\s*(?:补贴|补助|奖励|资助|支持)?\s*$"
    r"|前\s*$|最长\s*(?:不超过|补贴|补助|享受)?\s*$")
# the 的 that closes a condition: a comma or the consequence follows (…缴纳社保的, / …迁出的全额退回)
CONDITION_END = compiled(r"的(?=[,，]|全额|给予|按|可|予以|不再|应|须|退回|一律)")
# A figure to reach in the words after a period (连续三年营收累计达300万元以上): the period is a condition
CONDITION_REACHED = compiled(r"(?:达到|达|超过|不低于|不少于)\s*[\d一二两三四五六七八九十]")
COUNT_OF_ONE = ("个", "家", "件", "项", "人", "名", "位", "户", "次", "套", "辆")
UNIT_NAMES = {"名": "人", "位": "人", "个月": "月", "岁": "周岁"}
# Relief granted to the applicant: a quantity that limits it limits something given (减按1%征收契税, 缓缴6个月).
RELIEF = compiled(r"减按|免征|免税|减免|减半|退还|退税|返还|缓缴|延期缴纳|分期缴纳|免收|免租|免费入驻")
# a quantity that measures what is paid: 补贴面积120平方米以内 (a cap), unlike 毕业5年以内 (a condition)
PAID_MEASURE = compiled(r"(?:补贴|补助|奖励|资助|免税|减免)(?:面积|期限|时间|人数|套数|户数|年限)")
PAID_MEASURE_AFTER = compiled(rf"\s*的?(?:{PAID_MEASURE.pattern})")  # 给予人均60平方米的免税面积扣除: the measure given
# N年内 / N个月内 is a window to qualify or to apply (毕业5年内的, 购房后3个月内申请) unless what follows
# spreads a payment over the period (1年内分期缴纳, 余款一年内缴清).
FROM_DATE = compiled(r"(?:之日|当年|年度)?起\s*$")  # 自设立之日起5年内: the period payments run over
APPLY_BY = compiled(r"^内[,，]?[^,，;。]{0,12}?(?:提出|申请|申报|申领|办理|不得)")  # 之日起2年内提出申请, 3年内不得转让: a condition
WITHIN_SPREAD = compiled(r"^内\s*(?:分期|缴清|付清|还清|结清|拨付到位|补助到位|到位)")
# The period a base runs over (按照一年实际支付贷款利息的10%, 按3年租金总额的30%): how long the award counts;
# a tenor (按1年期贷款市场报价利率) is no period of the award
DURATION_BASE = compiled(r"按照?\s*$")
# A period named after its length (给予4个月的缓存期, 3年过渡期): how long a relief or an award runs
DURATION_NAMED = compiled(
    r"^\s*的?(?:缓存|缓冲|过渡|宽限|免租|补贴|补助|扶持|享受|减免|优惠|执行|有效|建设|运营|孵化|还款|贷款|缓缴)期")

# --- Responsible units (extract.units) ---
UNIT_LIST = compiled(
    r"""
    (?P<cue>责任单位|责任部门|责任主体|牵头单位|牵头部门|配合单位)  # the cue word
    (?:及承办(?:科室|单位)(?:\(单位\))?)?                   # 责任单位及承办科室(单位): the offices doing the work follow
    \s*[:]\s*
    (?P<names>(?:(?!责任单位|责任部门|牵头单位|牵头部门|配合单位)[^():。\n])+)  # names up to the next cue, ) or 。
    """,
    re.VERBOSE,
)
# What an office does, printed after its name in a 承办 list (市发改委在…设立窗口受理…, 建筑规划科承办…的审查):
# the name ends there, and the rest of that part of the list (收件、受理、初审) is the task, not more names.
UNIT_TASK = compiled(r"(?<!所)在|受理|负责|承办|协办|牵头|具体|收件")
UNIT_LIST_PARTS = compiled(r"[,，;；]")
# A body's name ends in what it is (局, 委, 中心, 科, 窗口 …); after a ; only such names continue the list.
UNIT_BODY_END = compiled(r"(?:局|委|办|厅|会|中心|科|处|站|组|行|部|部门|窗口|公司|集团|企业|政府|园|学|中|所|院|室|队|协)$")
LED_BY = compiled(r"\(\s*由(?P<names>[^()。\n]{2,60}?)牵头(?:负责)?\s*\)")
TRAILING_DUTY = compiled(r"\((?P<names>[^()。\n:]{2,120}?)(?:等)?(?:按职责分工|按照职责分工|分别)?负责\)\s*$")
UNIT_SEPARATORS = compiled(r"[、,，;；]\s*|\s+")
UNIT_ETC = compiled(r"(?:等(?:单位|部门)?)$")  # 市财政局等单位: the name ends before 等
LEAD_CUES = ("牵头单位", "牵头部门")

# --- Terms: objects, bases, steps, brackets, scopes of caps (extract.terms) ---
OBJECT_START = compiled(r"(?:^|[,，])\s*(?:对于|对|凡|将)(?![接应于])")
GIVING_VERB = compiled(r"给予|奖励|补助|资助|补贴|奖补|配套|发放|支持|一次性|按照|按(?!时)")
# An award's words that begin with its paying verb name no object of their own (对…的，给予A；给予B: B's is A's).
SHARED_OBJECT_VERB = compiled(r"给予|奖励|补助|补贴")
BASE = compiled(r"(?:按照?|给予其?|根据其?|为|提取)\s*(?P<base>[^,，;。按]{1,40}?)(?:的)?\s*$")
STEP_CUE = compiled(r"(?:每增加|每满)\s*$")
FIRST_CUE = compiled(r"首次(?:达到|突破)\s*$")
BRACKET_RATE = compiled(r"的部分\s*按(?:照)?\s*$")
QUALITATIVE = compiled(
    r"一事一议|相应(?:的)?(?:奖励|补助|补贴|支持)|等额奖励|协商(?:引进|确定)"
    r"|退税优惠|予以退税|退还[^,，;。]{0,12}?(?:个人所得税|个税)|再给予优惠"
    r"|给予[\u4e00-\u9fff]{0,4}?(?:奖励|补助|补贴|资助|风险补偿)(?=[,，。;]|$)"
    r"|予以(?:奖励|支持|补助)(?:(?:和|及)(?:奖励|支持|补助))?(?=[,，。;]|$)"
    r"|由[\u4e00-\u9fff]{1,10}(?:补助|补贴|奖励)(?=[,，。;]|$)"
    r"|给予[^。;,，]{0,30}?(?:租金|房租|场地)?(?:补贴|奖励|补助|资助)(?=[,，。;]|$)"
)
TRAILING_VERB = compiled(r"(?:分别)?(?:一次性)?(?:给予|发放)?(?:其)?(?:一次性)?(?:最高|不超过|不高于)*$")
LOCAL_FRAME = compiled(r"^(?:的|对于|对|将|,|，|\s)*(?:按照|按)?|的$")
PAYMENT_NOUNS = compiled(r"^(?:的)?(?:奖励|补助|补贴|资助|支持|奖补)?$")
LIST_SPLIT = compiled(r"、|和|及|与")
LEADING_WORDS = compiled(r"^(?:按照|按|对于|对|分别|给予)+")
LAST_MEMBER = compiled(r"(.*[,，、其中 ])[^,，、 ]{1,6}$")  # …发放生活补贴,其中本科: the words before a list's member
ABOVE = compiled(r"\s*以上")
MEMBER_SPLIT = compiled(r"[、,，]|按照?")  # what stands before the member named right before a sum
PER_TAIL = compiled(r"每.*$")
LISTED_BETWEEN = compiled(r"\s*(?:、|和|及)\s*")  # sums listed one after another: 10万元、5万元和3万元
COUNT_TAIL = compiled(r"\d+个节点$|[\d个]+$")
BROKEN_DOWN = compiled(r"[^。;]{0,12}?[,，]\s*其中")  # a sum broken down after it: …100万元,其中…
MEASURE_NOISE = compiled(r"其|实际|当年|的")  # possessives and time words around what a figure measures
BASE_VERB_TAIL = compiled(r"(?:在|达到|超过|首次达到|首次突破)\s*$")
BASE_OBJECT_HEAD = compiled(r"^(?:对于|对|凡)")
COUNTED = ("人", "案", "件", "户", "项", "平方米", "月", "套", "辆", "年")
# A known cost paid in full (全额契税补贴, 实行全额贴息, 按实际租赁费用给予补贴): a rate term of 1 on that cost.
FULL_COST = compiled(
    r"全额(?P<base>[\u4e00-\u9fff]{0,6}?)(?:补贴|补助|贴息|返还)"
    r"|按(?:照)?实际(?P<actual>(?:(?!的)[\u4e00-\u9fff]){1,10}?)给予(?:补贴|补助)"  # not 按实际费用的30%给予
)
SHARED_CAP = compiled(r"\s*(?:以上|上述|每家企业|每个企业|每家|单项|单个企业|(?:每年)?同一(?:企业|机构|单位)|每家机构|单套|单户|每套|每户)")
SHARED_SENTENCE = compiled(r"\s*(?:以上|上述)[^。;]{0,40}?(?:补贴|奖励|补助|政策|资金)")  # 上述补贴政策…,单套…最高不超过5万元
CAP_PER = (
    ("year", compiled(r"每年|年度|年最高|每家每年")),
    ("applicant", compiled(r"每个企业|每家|单个企业|单一法人|单家|每个")),
    ("item", compiled(r"单项|单个项目|每个项目|每投资|单个|单套|每套")),
    ("total", compiled(r"累计|总额")),
)

# --- Clauses: purpose lines, cover letters, closing paragraphs (segment) ---
PURPOSE = compiled(
    r"""
    ^(?:为|根据|按照|依据)
    (?:
        .{4,}(?:制定|特制定|现制定)(?:本|以下|如下|此)                     # 为…制定本办法
      | [^。]{4,}(?:(?:如下|以下)(?:措施|意见|政策|规定|事项)?             # …现就有关事宜通知如下。 …现提出以下措施。
                   |制定了[^。]{2,30}(?:意见|办法|措施|细则|方案|规定))[。:]?$  # …会同相关部门制定了…实施意见。
    )
    """,
    re.VERBOSE,
)
COVER_LETTER = compiled(
    r"印发给你们|现予印发|现将.{0,80}印发|请认真(?:贯彻|组织|抓好|落实)|请遵照执行|请结合实际|公开征求(?:社会)?意见"
    r"|征求意见稿.{0,20}(?:(?:现|予以)公布|公示|公告)"
)
# A news report's own frame: its dateline (央广网广州6月3日消息, 财联社1月22日讯) and the sentence that
# reports the issuing (…联合印发《…的通知》(以下简称《通知》)): site summaries, not clauses.
NEWS_FRAME = compiled(
    r"^[^,，。]{0,20}?\d{1,2}月\d{1,2}日(?:电|讯|消息)"
    r"|(?:印发|发布|出台)了?《[^》]{2,60}》\s*\(以下简称"
)
CLOSING = compiled(
    r"^本(?:措施|办法|政策|细则|规定|方案|计划|意见|通知|政策措施|专项政策措施|实施细则).{0,40}(?:施行|实施|执行|有效期|解释|生效)"
    r"|自\s*\S{4,16}\s*起(?:施行|实施|执行|生效)"
)
# The heading of a contact block (六、解读机关、解读人及联系方式): with nothing but the contacts under it, no clause.
CONTACT_HEADING = compiled(r"联系方式|联系人|联系电话|咨询电话")
# An attachment printed after the policy: a heading 附件2, or the title an attachment list (附件1:…标准) named.
ATTACHMENT_HEADING = compiled(r"附件\s*(?P<num>\d{1,2})?\s*(?::\s*(?P<title>[^。;:]{2,60}?))?\s*")
BACK_REFERENCE = compiled(r"(?:以上|上述|前述|同一(?:企业|单位|机构|项目)|本条)")
SENTENCE = compiled(r"[^。;!?\n]+(?:[。;!?]+|$)")
HEADING_SENTENCE = compiled(r"([^。,，;:、]{2,30})。")  # a short first sentence without inner pauses

# --- Paragraph kinds: titles, issuing bodies, document numbers, unit lines, page numbers (paragraphs) ---
SENTENCE_END = "。;!?"
CLAUSE_END = SENTENCE_END + ":"
SENTENCE_MARKS = frozenset(",。;、")
OPENING_MARKS, CLOSING_MARKS = "《(〔[", "》)〕]"  # a line that leaves one open goes on in the next
PRINTED_PAGE_NUMBER = compiled(r"[-–—]+ ?\d{1,4} ?[-–—]+|第 ?\d{1,4} ?页(?: ?[,/]? ?共 ?\d{1,4} ?页)?")
ORG_SUFFIX = r"(?:人民政府|政府|办公厅|办公室|委员会|管委会|厅|局|委|院|部|中心|协会|分行|银行|党组|联席会议|领导小组)"
ORG_LINE = compiled(rf"[\u4e00-\u9fff()·]{{2,30}}{ORG_SUFFIX}")
DOC_NUMBER = compiled(r"[\u4e00-\u9fff]{1,15}[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d{1,4}\s*号")
DOC_TYPES = (
    r"(?:办法|措施|政策|细则|规定|方案|计划|意见|通知|决定|规划|条例|指引|指南|纲要|公告|通告|批复|规则|清单|目录)"
)
TITLE = compiled(rf".{{2,70}}{DOC_TYPES}(?:\s*\([^()]{{1,20}}\))?")
PAREN_NOTE = compiled(r"\([^()]{1,20}\)")
SHORT_HEADING = compiled(r"[^。;!?:,，]{2,15}。")  # 备案奖励。 贷款额度、期限和利率。
# a line ending in a colon is a sentence when it points to the list it opens (应当具备以下条件:, 证据包括:);
# without such a word it names the list (办理程序:, 申请住房公积金贷款需提供的材料:) and is a heading
LIST_INTRO = compiled(r"以下|下列|如下|包括|分为|[,，]")
# a bracket that only names the responsible units: (责任单位:市财政局、市税务局), (市科技局等按职责分工负责)
UNITS_ONLY = compiled(r"\((?:责任单位|责任部门|牵头单位|牵头部门)[^()]*\)|\([^()]*(?:按职责分工)?负责\)")
# the same list printed as a line of its own without brackets: 责任单位:市金融工作局
UNIT_LINE = compiled(r"(?:责任单位|责任部门|牵头单位|牵头部门)(?:及承办(?:科室|单位)(?:\(单位\))?)?\s*:[^。;]*。?")
UNIT_CUE = compiled(r"责任单位|责任部门|牵头|负责|配合单位")
ADDRESSEE = compiled(
    r"^(?:各|有关|全省|全市|.{0,30}(?:人民政府|各委|单位|部门)).{0,80}:$"
    r"|^[^。;!?]{2,80}[,、][^。;!?]*(?:政府|局|委|办|单位|部门|机构):$"  # 市国土局,江宁、浦口…区政府: (a list of bodies)
)
# the distribution and the promulgation record of a document: 抄送:…, (2023年3月16日北京市人民政府第308号令公布 …)
DISTRIBUTION = compiled(r"^抄送\s*:")
PROMULGATION = compiled(r"^\((?:19|20)\d{2}年\d{1,2}月\d{1,2}日[^()]*(?:令|会议|常务委员会)[^()]*(?:发布|公布|通过|修改|修正|施行)[^()]*\)$")
ATTACHMENT = compiled(r"^附件\s*\d*\s*[:：]?|\.(?:pdf|docx?|xlsx?|wps|ofd|zip)$", re.IGNORECASE)

# --- Metadata: validity, deadlines, stacking principles, the interpreting body (metadata) ---
DATE_TEXT = r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*\S{1,3}?\s*月\s*\S{1,3}?\s*日"
EFFECTIVE_FROM = compiled(rf"自\s*(?P<when>{DATE_TEXT}|(?:印发|发布|公布)之日)\s*起\s*(?:施行|实施|执行|生效)")
EFFECTIVE_UNTIL = compiled(rf"有效期(?:至|到|截至)\s*(?P<when>{DATE_TEXT})")
VALIDITY = compiled(r"有效期(?:为|暂定为?)?\s*(?P<years>\d{1,2}|[一二两三四五六七八九十]{1,2})\s*年")
DEADLINE = scanner(
    rf"(?:截止(?:时间|日期)?|截至|截止到)\s*(?:为|是|到|至)?\s*(?P<when>{DATE_TEXT})"
    rf"|(?P<before>{DATE_TEXT})\s*(?:前|之前)\s*(?:反馈|提出|报送|发送|将)"
)
SUBJECTS = compiled(r"适用(?:主体|对象|范围)?\s*(?:为|是|于|:)?\s*(?P<body>[^。;]{4,200})")
STACKING = compiled(r"按(?:照)?\s*[“\"']?(?P<raw>[^”\"'。,]{2,20}?)[”\"']?\s*(?:的)?原则")
PRINCIPLES = ("从优", "就高", "不重复")
INTERPRETER = compiled(r"由(?P<body>[^,，。;由]{2,30}?)负责解释")
LABELED_DOC_NUMBER = compiled(r"文\s*号\s*:\s*(?P<number>[\u4e00-\u9fff]{1,15}[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d{1,4}\s*号)")
ATTACHMENT_HEAD = compiled(r"^附件\s*\d*\s*:?\s*")

# --- Application notices: when to apply and what to hand in (metadata) ---
# A window of the application names the act right before its dates (申报购房补贴截止时间为…, 请于…前提交);
# a period of buying (在…期间购房) or of the notice's validity (自印发之日起施行, 有效期) names none.
APPLICATION_ACT = r"(?:申报|申请|受理|提交|报送|递交|上传|申领)"
APPLICATION_WINDOW_RULES: dict[str, re.Pattern[str]] = {
    "application.deadline": compiled(
        rf"{APPLICATION_ACT}[^。;,，]{{0,12}}?截[止至](?:时间|日期)?\s*(?:为|是|到|至|:)?\s*(?P<when>[^。;]{{2,40}})"),
    "application.period": compiled(
        rf"{APPLICATION_ACT}[^。;,，]{{0,10}}?(?:开始|起止)?(?:时间|日期|期限|时段)\s*(?:为|是|:|自|从)?\s*(?P<when>[^。;]{{2,60}})"),
    "application.before": compiled(  # 请于5月31日前提交; not 在…前购房并申请补贴, a deadline to buy
        rf"(?:于|在)\s*(?P<when>[^。;,，]{{4,30}}?(?:前|之前|以前))(?:(?!购|买|网签|签订)[^。;]){{0,16}}?{APPLICATION_ACT}"),
}
# A heading that names the time to apply: the window is printed in the paragraph below it (三、申报时间).
APPLICATION_TIME_HEADING = compiled(rf"{APPLICATION_ACT}[\u4e00-\u9fff]{{0,4}}?(?:时间|日期|期限)(?:及[\u4e00-\u9fff]{{1,4}})?\s*:?$")
# A sentence on comments or on the notice's own validity holds no window of the application.
NOT_APPLICATION = compiled(r"意见|建议|反馈|施行|有效期")
# The words that open a list of materials: a heading (申报材料) or a sentence ending in a colon (需提交以下材料:).
# After the words only a note may follow (的原件及复印件, (加盖公章)); 申报材料可按下列原则处理 is no list of materials.
MATERIALS_INTRO = scanner(
    r"""
    (?:
        (?:提交|提供|报送|上传|递交|准备|携带)(?:以下|下列|如下)[\u4e00-\u9fff]{0,6}?(?:材料|资料|证件|文件)  # 提交以下材料
      | (?:申报|申请|所需|备案|提交|提供)的?(?:材料|资料)(?:清单|目录)?                                 # 申报材料, 需提供的材料
    )
    (?:的?(?:原件|复印件|扫描件|电子版|纸质版|及|和|、)+)?   # 的原件及复印件
    \s*(?:\([^()]*\))?                                       # (适合“一证通办”情形…)
    \s*(?:如下|包括|为)?\s*(?::|$)                           # the list follows
    """,
    re.VERBOSE,
)
# Items printed in one run after the colon: parted by semicolons or lines, or by a mark before the next number
# (1.身份证复印件。2.户口簿); a run of names without either is parted at its top-level 、 (身份证、户口簿).
MATERIALS_ITEM_BREAK = compiled(r"[;；\n]|[。,，、](?=\s*(?:\(?\d{1,2}[).、]|\([一二三四五六七八九十]{1,3}\)|[①-⑳]))")
MATERIALS_NAME_BREAK = "、"
MATERIALS_ITEM_END = compiled(r"[\s;；。,，、:]+$")  # the mark that closes an item as printed (…原件；)

# A title that names its text a draft, or is the call for comments on it (关于公开征求…意见的通知).
DRAFT_TITLE = compiled(r"征求意见稿|草拟稿|征求[^。]{0,80}?意见(?:建议)?的(?:通知|公告|公示)")
NAMED_DRAFT = compiled(r"《(?P<name>[^《》]{4,80}?)[(（]征求意见稿[)）]》")  # a draft named in a page's opening lines

# --- Lists of recipients and the names of bodies (extract.nlp) ---
LIST_SEPARATORS = ("、", "和", "及", "与", "或", "以及")
BODY_NAME = r".{1,12}(局|厅|委|管委会|政府|办公室|办|分行|集团|协|中心)$"

# --- Figures as the diff report marks them in clause text (render/diff.py) ---
ARABIC_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
FIGURE_UNIT = r"个百分点|个月|平方米|元|%|％|‰|倍|年|月|日|天|小时|人|名|位|个|家|件|项|亩|户|期"
FIGURE_MENTION = compiled(
    rf"""
    (?:百分之|千分之)(?:[{CN_NUM_CHARS}]+|{ARABIC_NUMBER})                   # 百分之五, 千分之二
  | {ARABIC_NUMBER}\s*[:：]\s*{ARABIC_NUMBER}                                        # 1:1.5
  | (?:{ARABIC_NUMBER}|[{CN_NUM_CHARS}]+(?=\s*(?:{MULTIPLIER}|{FIGURE_UNIT})))       # a number; a Chinese one only before a unit
    (?:[%％‰]?\s*[-~～至到]\s*(?:{ARABIC_NUMBER}|[{CN_NUM_CHARS}]+))?        # the other end of a range: 30-100万元, 10%-30%
    (?:\s*(?:{MULTIPLIER}))?                                           # 万, 亿
    (?:\s*(?:{FIGURE_UNIT}))?                                                 # 元, %, 年, 平方米…
    """,
    re.VERBOSE,
)

# --- Regions (regions) ---
# The one-character abbreviation a province's document numbers begin with (晋政办发〔2023〕95号), and its GB/T 2260 code.
PROVINCE_ABBREVIATIONS = {
    "京": "110000", "津": "120000", "冀": "130000", "晋": "140000", "蒙": "150000", "辽": "210000", "吉": "220000",
    "黑": "230000", "沪": "310000", "苏": "320000", "浙": "330000", "皖": "340000", "闽": "350000", "赣": "360000",
    "鲁": "370000", "豫": "410000", "鄂": "420000", "湘": "430000", "粤": "440000", "桂": "450000", "琼": "460000",
    "渝": "500000", "川": "510000", "蜀": "510000", "贵": "520000", "黔": "520000", "云": "530000", "滇": "530000",
    "藏": "540000", "陕": "610000", "甘": "620000", "陇": "620000", "青": "630000", "宁": "640000", "新": "650000",
}

# --- Eligibility conditions (extract.conditions) ---
# Each entry is a named rule: the condition's field, its operator, and the pattern whose group `value` (or `n`,
# a number) the condition holds. A Condition records the rule's name.
# a place name never starts with a policy verb (优先支持晋创谷, 允许省内…, 同一城市): the verb is read, not the place
PLACE_VERBS = r"优先|重点|适当|允许|探索|推进|支持|鼓励|放宽|未获得|同一"
YEARS_OR_MONTHS = r"(?P<n>\d+|[一二两三四五六七八九十]+)\s*(?P<unit>年|个月)"  # how long, in the rules that read a period
HOLDING_VERBS = r"持有?|取得|具有|具备|提供|提交|凭"  # what the applicant holds or shows comes after them
PLACE = (rf"(?:本|我|全)(?:省|市|区|县|州|镇)|“[^”]{{2,12}}”|(?!{PLACE_VERBS})(?:(?![非在对于的包与按为是和或及年其属励成向])[\u4e00-\u9fff·]){{2,10}}?"
         r"(?:省|市|区|县|州|新区|开发区|园区|高新区|谷|城区|城)")
CONDITION_RULES: dict[str, tuple[str, str, re.Pattern[str]]] = {
    "region.registered": ("region", "in", compiled(
        rf"(?:注册地址|注册地|户籍|户口|所在地|登记注册地|工商注册地)(?:在|为|于|属)?(?P<value>{PLACE})")),
    "region.within": ("region", "in", compiled(
        rf"(?:在|于|来|到)(?P<value>{PLACE})(?:行政区域|辖区|范围|区域|城区|市区){{0,2}}内?(?:首次|新|初次)?"
        r"(?:注册|登记|购买|购置|购房|新购|工作|就业|创业|缴存|缴纳|落户|纳税|投资|设立|入驻|报废|出售|创办|从事)")),
    "region.inside": ("region", "in", compiled(
        rf"(?:(?<![\u4e00-\u9fff])|(?<=[在于入驻落地户]))(?P<value>{PLACE})(?:行政区域|辖区|范围|区域)?内")),
    "region.entering": ("region", "in", compiled(rf"(?:入驻|落地在?|落户到?|迁入)(?P<value>{PLACE})")),
    "region.hukou": ("region", "in", compiled(rf"(?:(?<![\u4e00-\u9fff])|(?<=[的为有是]))(?P<value>{PLACE})(?:户籍|户口|籍)(?!地)")),
    # 沪籍居民家庭, 京籍: a province by its one-character name (非沪籍 is an exclusion, read below)
    "region.hukou_short": ("region", "in", compiled(
        rf"(?:(?<![\u4e00-\u9fff])|(?<=[的为有是和及或、]))(?P<value>[{''.join(PROVINCE_ABBREVIATIONS)}])籍(?!地)")),
    "applicant.kind": ("applicant", "in", compiled(
        r"(?P<value>缴存职工|缴存人|职工家庭|购房人|购房者|购房家庭|居民家庭|新市民|青年人|高校毕业生|毕业生|大学生|"
        r"个体工商户|社会组织|科研院所|高等院校|大专院校|高校|科研机构|中小微企业|中小企业|企业|人才|团队|农业转移人口|车主|"
        r"运营单位|事业单位|单位|机构|个人|在校生|回国留学人员|外国人才|市民|居民|机关|借款人家庭|借款人|纳税人|业主|"
        r"被安置人|成年单身人士|单身人士|职工|家庭)"
        r"(?=[,，、。;；和及与或()（）]|$|申请|购买|购房|在|可|的|按|给予|享受|提取|贷款|名下|来|到|须|需|应|连续|最高|租赁|符合|使用|办理|首次|等|只有|仅有)")),
    "qualification.status": ("qualification", "has", compiled(
        r"(?P<value>高新技术企业|专精特新|“专精特新”|小巨人|规模以上|规上|科技型中小企业|独角兽|瞪羚|"
        r"首套住房|首套房|首次购买|首次购房|首次申请|第二套|二套住房|无自有住房|无房|多子女家庭|二孩|三孩|多孩|"
        r"人才计划|重点实验室|技术创新中心|新型研发机构|孵化器|众创空间|示范机构|新认定|首次认定|"
        # a company listed on a market; a house or a plot put up for sale (上市交易, 挂牌出售, 挂牌价) is none
        r"上市(?!交易|房源|销售|出售|首日)|挂牌(?!出售|出让|价|套数|售卖|交易|利率))")),
    "qualification.housing": ("qualification", "has", compiled(
        r"(?P<value>(?:首套|二套|第一套|第二套|家庭唯一|唯一)(?:自住|普通)?(?:住房|房|生活用房)|(?:名下)?(?:在本市)?无(?:自有)?住房(?!公积金)|"
        r"拥有[1一两2]套住房|新建商品住[房宅]|安置房|二手住?房|存量住?房|商品住房)")),
    "qualification.paying": ("qualification", "has", compiled(
        r"(?P<value>缴纳(?:社会养老保险|社会保险费?|社保|住房公积金|公积金|个人所得税)|(?<=、)(?:公积金|个人所得税)(?=[或和、]))")),
    "qualification.object": ("qualification", "has", compiled(
        r"(?:^|[,，。;；:：])\s*对(?P<value>[^,，。;；:：]{3,30}?)(?:的)?\s*[,，]?\s*(?:给予|予以|一次性|奖励|补贴|补助|按)")),
    "holds.document": ("holds", "has", compiled(
        r"(?P<value>发明专利|专利|软件著作权|不动产权证书?|房屋所有权证|产权证|营业执照|商品房买卖合同|购房合同|网签合同|"
        r"居住证|职业资格证书|技能等级证书|职称)")),
    # a document held or shown, after the verb that holds it (取得施工许可证, 凭银行保函, 凭土地成交确认书)
    "holds.shown": ("holds", "has", compiled(
        rf"(?:{HOLDING_VERBS})(?:有效的?|相应的?|相关)?"
        r"(?P<value>(?!相关|有关|相应)[\u4e00-\u9fff]{2,12}?"
        r"(?:许可证|证书|确认书|合同|保函|担保函|户口簿|票据|证明|执照|经营许可证?))")),
    # a certificate named by its title (持有…《道路运输证》, 《建设工程规划许可证》、《不动产登记证明》): not a law's title
    "holds.titled": ("holds", "has", compiled(
        rf"(?:(?:{HOLDING_VERBS}|出具|领取|办理|核发)[^,，。;；:：《]{{0,20}}|(?<=[、和及与或]))"
        r"(?P<value>《[^《》]{2,24}?(?:证|证书|证明|许可证|执照|发票|决定书|意见书|合格书)》)")),
    "founded.years": ("founded", "", compiled(
        r"(?:成立|注册|设立)(?:时间|年限)?(?P<dir>不满|未满|不超过|不足|满|超过|在)?\s*(?P<n>\d+|[一二两三四五六七八九十])\s*"
        r"(?P<unit>年|个月)(?P<after>以内|以下|内|以上|及以上)?")),
    "age.years": ("age", "", compiled(
        r"(?:年龄)?(?<!含)(?P<dir>不超过|不满|未满|不低于|满)?\s*(?P<n>\d{2}|[二三四五六七]十[一二三四五六七八九]?)\s*(?P<unit>周岁)"
        r"(?P<after>以下|以上|及以下|及以上|以内|[(（]含(?:\d{2}周岁)?[)）]以下)?")),
    "employees.count": ("employees", "", compiled(
        r"(?:从业人员|职工人数|员工人数|员工|从业人数)(?:在|达到|超过|不少于|不超过)?\s*(?P<n>\d+)\s*(?P<unit>人)"
        r"(?P<after>以上|以下|及以上|及以下)?(?P<dir>)")),
    # how long the applicant has paid in (连续缴纳社会保险费满12个月, 缴存住房公积金6个月(含)以上): paying need not be printed
    "quantity.paid_period": ("quantity", "", compiled(
        r"(?:缴存|缴纳|缴交|参保|缴费)(?:住房公积金|公积金|社会保险费?|社保|(?:基本)?(?:养老|医疗|失业)保险费?|个人所得税|个税|"
        r"[、或和及均已]|[(（][^()（）,，。]{0,8}[)）])*(?P<dir>满|不少于|达到|超过|不足|未满|不满)?\s*"
        rf"{YEARS_OR_MONTHS}(?P<after>(?:[(（]含[)）])?(?:及以上|以上|以内|以下))?")),
    # how many members of a household pay in (家庭成员3人以上缴存, 只有1人正常缴存住房公积金): loan limits go by it
    "quantity.payers": ("quantity", "", compiled(
        r"(?P<dir>只有|仅有|仅)?(?P<n>\d|[一两二三四五])\s*(?P<unit>人)(?P<after>及以上|以上)?(?:均|同时|共同)?(?:正常)?"
        r"(?:缴存|缴纳)")),
    # how long since graduating (毕业五年内的高校毕业生): a side must be printed, as 毕业3年的 says none
    "quantity.since_graduation": ("quantity", "", compiled(
        rf"毕业(?:后|时间)?(?P<dir>不满|未满|不超过|不足|满)?\s*{YEARS_OR_MONTHS}"
        r"(?P<after>以内|内|以下|以上)?")),
    "education.degree": ("education", ">=", compiled(
        r"(?P<value>博士研究生|硕士研究生|博士|硕士|全日制本科|本科|大专|专科|研究生)(?:及以上)?(?:学历|学位)")),
    "education.listed": ("education", ">=", compiled(
        r"(?P<value>博士研究生|硕士研究生|博士(?!后)|硕士|全日制本科|本科|大专|专科)"
        r"(?=及以上|毕业生|\d|[、,，（(和或]|人才|研究生|生)")),
    "excluded.record": ("excluded", "not", compiled(
        r"(?:未|无|没有|不存在|未发生|未被列入|不属于|非)[^,，。;；]{0,10}?"
        r"(?P<value>失信|严重失信|重大安全事故|安全生产事故|安全事故|环境污染事故|环保事故|违法违规|违法|不良记录|"
        r"欠缴|拖欠|违约|违规)")),
    "excluded.not_included": ("excluded", "not", compiled(r"(?:不含|不包括)(?![\d.])(?P<value>[^,，。;；)）]{2,25})")),
    "excluded.not_registered": ("excluded", "not", compiled(
        r"(?:(?<![\u4e00-\u9fff])|(?<=[对的为和及]))(?:非|未获得|未取得)(?P<value>[\u4e00-\u9fff]{1,6}?(?:户籍|籍))")),
    # 按就高不重复享受 is how awards stack, not what the applicant must not have had
    "excluded.already": ("excluded", "not", compiled(r"(?<!就高不)(?<!从高不)(?<!从优不)(?P<value>已享受|重复享受|已领取|已申领)")),
    "excluded.outstanding": ("excluded", "not", compiled(
        r"(?:没有|不得有|无)(?P<value>尚?未结清的?[^,，。;；]{2,12}?贷款)")),
    "excluded.except": ("excluded", "not", compiled(r"[(（](?P<value>[^,，。;；()（）]{2,30}?)除外[)）]")),
    # a record the applicant must not have (均无购房类住房公积金使用记录, 没有参保记录)
    "excluded.no_record": ("excluded", "not", compiled(r"(?:无|没有|不存在|未有)(?P<value>[\u4e00-\u9fff]{2,14}?记录)")),
    # support that does not stack with another (不得与…同时享受, A与B不得同时享受, 与…不同时享受)
    "excluded.not_with": ("excluded", "not", compiled(
        r"(?:不得|不能|不可|不)与(?P<value>[^,，。;；]{2,30}?)(?:同时|叠加|重复)享受")),
    "excluded.with_not": ("excluded", "not", compiled(
        r"(?<![不得能可])与(?P<value>[^,，。;；]{2,30}?)(?:不得|不能|不可|不)(?:同时|叠加|重复)享受")),
    "excluded.together_not": ("excluded", "not", compiled(
        r"(?:(?<=[,，。;；:：])|^)(?P<value>[^,，。;；与]{2,30}?与[^,，。;；]{2,30}?)(?:不得|不能|不可|不)(?:同时|叠加)享受")),
    "other.review": ("other", "is", compiled(
        r"(?P<value>经[^,，。;；]{0,12}?(?:评审|评选|审核|认定|核定|批准同意|遴选|研究通过)|"
        r"完成[^,，。;；]{1,12}?(?:备案|登记|变更|任务)|通过验收|牵头承担)")),
}
# Kinds printed as someone else than the applicant: the administration (责任单位, 发证机关, 审查机构) or a
# counterparty of the act (与高校签订, 向…机构提出, 委托供水企业, 引进…机构), read on the words before the kind.
CONDITION_NOT_APPLICANT = compiled(
    r"(?:责任|承办|协办|牵头|主管|审查|监督|验收|发证|审批|行政)$"  # a body of the administration
    r"|(?:与|同|向|委托|联合|依托|引进|引入|招引|对接|链接)[^,，。;；:：、\n()（）]{0,12}$")  # the other side of the act
# A bracketed 不含 after a sum, a payment or an act (合同价款(不含车位), 缴纳社保(不含补缴)) says what is counted; after
# a kind of person or body (高校毕业生(不含本单位法定代表人)) it excludes applicants.
CONDITION_SCOPE_NOTE = compiled(r"[(（]$")
CONDITION_KIND_END = compiled(r"(?:人|生|者|员|户|企业|单位|机构|家庭|职工|团队)$")
# Rules whose figure alone says nothing: 男60周岁 may be a limit's old or new value, so a side must be printed.
CONDITION_SIDED = frozenset({"age.years", "quantity.since_graduation"})
# Rules whose value names other policies (多孩家庭贷款政策与人才贷款政策不得同时享受): what is printed inside is part of it.
CONDITION_NOT_STACKED = frozenset({"excluded.not_with", "excluded.with_not", "excluded.together_not"})
# Rules where one without a side is just one (一人缴存 … 两人缴存: a limit for one payer), not at least one.
CONDITION_ONE_ONLY = frozenset({"quantity.payers"})
# A character every match of a rule holds: a clause without it is not searched (the patterns start anywhere).
CONDITION_NEEDS = {
    "region.registered": "地籍户", "region.within": "在于来到", "region.inside": "内", "region.entering": "入落迁",
    "region.hukou": "籍户", "region.hukou_short": "籍", "founded.years": "年月", "age.years": "岁", "employees.count": "人",
    "quantity.paid_period": "缴参", "quantity.payers": "缴", "quantity.since_graduation": "毕",
    "holds.titled": "《", "holds.shown": "持取具提凭",
    "education.degree": "学", "qualification.housing": "房宅", "qualification.paying": "缴公税",
    "qualification.object": "对", "excluded.not_included": "含括", "excluded.not_registered": "非未",
    "excluded.outstanding": "结", "excluded.except": "外", "excluded.no_record": "录", "excluded.not_with": "享",
    "excluded.with_not": "享", "excluded.together_not": "享",
}
CONDITION_REFERENCE = compiled(r"以[^,，。;；()（）]{1,20}?为准")  # which record's date counts: names nothing to hold
# A condition the clause lifts: the former rule quoted (原规定“…满6个月…”的时间限制取消), or 取消…限制
CONDITION_LIFTED = compiled(r"(?:原规定|原政策|原文件)“[^”]*”|取消[^,，。;；“”]{0,30}?(?:限制|要求)")
NOTICE_VALIDITY = compiled(r"施行|有效期|实施之日|印发之日")  # a sentence on the notice's own validity holds no window
CONDITION_BASE_WORDS = compiled(r"[\u4e00-\u9fff]{1,8}$")  # the base printed before a threshold figure
CONDITION_BASE_SPLIT = compiled(r"[,，、:：和及与或并且]")
CONDITION_BASE_TRIM = compiled(r"^(?:对|其|且|年|上年度|上一年度|近三年|累计)|(?:达到|超过|不低于|不少于|在|为|的|达|需|须|应|累计)+$")
# 成立不满3年, 只有1人缴存: an upper bound
CONDITION_LOWER_WORDS = compiled(r"(?:不满|未满|不超过|不足|以内|以下|内|只有|仅有|仅)")
# The fact a threshold figure is: its field by the words before it.
CONDITION_BASES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("revenue", "money", compiled(r"(?:营业收入|销售收入|主营业务收入|营收)")),
    ("employees", "quantity", compiled(r"(?:从业人员|职工人数|员工|从业人数)")),
    ("rd_ratio", "rate", compiled(r"研发(?:投入|费用|经费)")),
)
CONDITION_RESTATED = compiled(r"含\s*$")  # 90平方米(含90平方米)以下: the figure in brackets repeats the bound
CONDITION_UNIT_FIELDS = {"周岁": "age", "岁": "age"}  # a threshold in years of age is an age, whatever its base
# The side printed after a threshold figure, part of its quote: 144平方米(含)以下 and 144平方米以上 are two conditions.
CONDITION_SIDE_AFTER = compiled(r"\s*(?:[(（]含[^)）]{0,8}[)）])?\s*(?:及以上|以上|及以下|以下|以内|内)")
CONDITION_BELOW = compiled(r"^\s*(?:以下|以内|\(含\)以下|（含）以下|及以下)|(?:不超过|低于|不足|未满|不满|不高于|小于)\s*$")
ANY_OF = compiled(r"(?:条件|情形|要求)之一|(?:满足|符合|具备)(?:其中)?(?:任意)?(?:一项|一条|其一)|任一")
WINDOW_ACT = compiled(r"购买|购房|购置|网签备案|网签|签订|申报|申请|登记|注册|报废|办理|备案|交易|出售|落户|缴存|缴纳|提交|创办|"
                      r"设立|入驻|就业")
# a day, to the hour where a notice prints one (2026年1月1日0时起, 12月1日24时); (含5月16日) repeats it
DAY_TEXT = (r"(?:(?P<{0}y>(?:19|20)\d{{2}})\s*年\s*)?(?P<{0}m>\d{{1,2}})\s*月\s*(?P<{0}d>\d{{1,2}})\s*日"
            r"(?:\s*\d{{1,2}}\s*[时点])?(?:\s*[(（]含(?:\d{{1,2}}月\d{{1,2}}日)?[)）])?")
WINDOW = compiled(
    r"(?:自|从|于|在)?\s*" + DAY_TEXT.format("a") + r"\s*(?:\(含\)|（含）)?\s*(?:起)?\s*(?:至|到|—|-|~|～)\s*"
    + DAY_TEXT.format("b") + r"\s*(?:\(含\)|（含）)?\s*(?:止|期间|前|内)?"
    r"|(?P<upto>(?:截至|截止|截止到|于|在)?)\s*" + DAY_TEXT.format("c") + r"\s*(?:\(含\)|（含）)?\s*(?:前|之前|止)"
    # a last day said as such, with nothing after it (截止时间为2024年6月30日, 最晚不超过2026年6月30日)
    r"|(?:截[止至](?:时间|日期)(?:为|是)|最[晚迟](?:不超过|不晚于|于)|不晚于)\s*" + DAY_TEXT.format("f")
    + r"|" + DAY_TEXT.format("e") + r"\s*(?:\(含\)|（含）)?\s*(?:起|以后|之后|后)(?!至)")

# --- Eligibility: a profile's kind, degrees and parks against conditions (eligibility, match) ---
# The words that name each kind of applicant; the first kind whose word a condition holds is its kind.
APPLICANT_KINDS: dict[str, tuple[str, ...]] = {
    "高校": ("高校", "高等院校", "高等学校", "大学", "学院"),
    "科研院所": ("科研院所", "科研机构", "研究院", "研究所", "院所"),
    "企业": ("企业", "公司", "市场主体", "民营", "商户", "厂商", "工商户", "经营者", "经营业主"),
    "机构": ("机构", "协会", "联盟", "服务商", "银行", "担保", "保险", "基金"),
    "家庭": ("家庭", "购房人", "购房者", "居民", "缴存人", "缴存职工", "借款人", "纳税人", "新市民", "买受人", "承租人",
             "租赁人", "业主", "户籍"),
    "个人": ("个人", "人才", "毕业生", "博士", "硕士", "人员", "专家", "学生", "农民", "职工", "车主", "消费者"),
}
# Kinds that may claim what a clause addresses to another: a household claims what a person does, and back.
APPLICANT_PEERS = {"家庭": ("家庭", "个人"), "个人": ("个人", "家庭")}
# A person's status a clause names as its applicant (新市民, 高校毕业生): a qualification a person or
# household has or not, not a kind.
PERSON_STATUSES = ("人才", "毕业生", "博士", "硕士", "专家", "学生", "农民", "新市民", "公共服务人员", "技能人才", "退役军人")
# Exclusions that are the stacking rule (按就高不重复享受) or what a purchase covers (不含车位): no question to ask.
NOT_ASKED_EXCLUSIONS = compiled(r"重复享受|同时享受|^不含|附属设施|车位|车库|储藏室")
# Words that name no kind: a team, a unit or an applicant may be any of them.
NEUTRAL_APPLICANTS = ("团队", "单位", "主体", "申请人", "申报人", "项目", "平台", "载体")
DEGREES = (("中专", "高中"), ("大专", "专科"), ("本科", "学士"), ("硕士", "研究生"), ("博士",))  # lowest first
# A park, zone or town that is not a division of the table: 晋创谷, 山西科技创新城, 滁州经济技术开发区.
PARK_SUFFIX = (r"(?:科技创新城|科学城|高新技术产业开发区|经济技术开发区|高新区|开发区|示范区|产业园区?|科技园|工业园区?|新区|"
               r"自贸区|保税区|谷)")
PARK_NAME = compiled(r"[\u4e00-\u9fff]{1,8}?" + PARK_SUFFIX + r"(?:·[\u4e00-\u9fff]{2,4})?")
PARK_QUALIFIED = compiled(r"(?P<core>[\u4e00-\u9fff]*?" + PARK_SUFFIX + r")(?:·?(?P<qualifier>[\u4e00-\u9fff]{2,4}))?$")
# A park named at the start of a title (after 关于印发, 关于进一步…) or in quotes: where the whole notice applies.
TITLE_PARK = compiled(
    r"(?:关于(?:印发|进一步|加快|支持|推进|强化)*|^|[“\"])(?P<park>" + PARK_NAME.pattern + r")")
# Who a sum is paid to, printed right after it: 按交易额的5%奖励技术转移机构或技术经理人.
PAYEE = compiled(r"^[^,，。;；]{0,4}?(?:奖励|补助|资助|给予|奖补|补贴)(?P<who>[^,，。;；的]{2,12})")
# Conditions that are steps of the procedure, not facts of the applicant (经专家评审, 通过验收).
STEP_RULES = frozenset({"other.review"})
# What a unit measures, for a threshold whose base is not printed (144平方米以下 is an area).
QUANTITY_UNIT_NAMES = {"平方米": ("面积",), "人": ("人数", "人员", "职工"), "岁": ("年龄",), "个月": ("月数", "缴存", "社保"),
                       "月": ("月数", "缴存", "社保")}
# Stacking scopes a notice may give its 从优/就高/不重复: the same item, the same year, the same level.
STACKING_SCOPES = {"同一事项": "item", "同一项目": "item", "同一年度": "year", "同一级别": "level", "同级": "level",
                   "同类": "item"}
# Words of a profile's 资质 that only say where or how the applicant came (入驻企业, 引进或培育孵化): an answer
# to a condition, never an award's object.
GENERIC_QUALIFIERS = frozenset({"入驻", "谷内", "区内", "园区", "辖区", "本市", "本区", "引进", "培育", "孵化", "或", "新",
                                "落户", "注册", "在地", "本地"})
# Acts a window may be for, by family: a profile's 日期 entry answers every act of its family.
ACT_FAMILIES = (("申报", "申请", "受理", "报名", "提交"), ("购买", "购房", "购置", "网签", "网签备案", "签订", "买"),
                ("登记", "注册", "设立", "创办", "落户", "入驻"))
# A threshold printed in a term's own words (144平方米(含)以下, 50人以上): tells side-by-side sums apart.
WHEN_THRESHOLD = compiled(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>平方米|人|岁|周岁|年|个月)\s*(?P<inclusive>\(含\))?\s*"
                            r"(?P<side>及以上|以上|及以下|以下|以内)")
# A clause whose heading says it sets the conditions of the whole policy (一、申报条件).
NOTICE_CONDITION_HEADINGS = compiled(r"申报条件|申请条件|支持对象|适用范围|申报对象|基本条件|享受条件|资格条件|适用对象|支持范围|申报主体")
