"""Matching applicant profiles to notices; every answer worked out by hand from the notice texts.

jz-tech-sme (a 晋创谷·晋中 technology SME registered in 晋中市榆次区) against corpus/text/:
  yq-draft-2024 is a 征求意见稿 (and of 阳泉): left out as a draft.
  博士 ×2: province 公共服务/五 10万元/人 = 20万元; city 三/（七） 10万元/人 = 20万元; both notices say
           就高不重复 / 从优、就高、不重复 → one of them, 20万元, not 40万元.
  硕士 ×1: 5万元 in both → 5万元.
  新认定的国家级科技企业孵化器: city 四/（九） 分别…30万元、50万元 (省级、国家级) → 50万元.
  技术交易额 500万元: province 产业落地/一 20% = 100万元, cap 100万元 → 100万元;
           city 二/（四） 不超过2%, cap 10万元 → up to 10万元; same fact, 就高 → 100万元.
  province 科技创新/四 pays 5% of 交易额 “奖励技术转移机构或技术经理人”: not the company's.
  Total 20 + 5 + 50 + 100 = 175万元, all certain.
yq-lab-company (阳泉, the draft asked for with --include-drafts):
  国家级重点实验室 100万元 + 省级企业技术中心 20万元 = 120万元 certain; 高级技师 3人 × 1万元/年 × 2年 = 6万元
  待确认 (三/10 asks for 签订三年以上劳动合同, which the profile does not state).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.match import Profile, match, read_profile
from extractor.render.match import match_to_html, match_to_markdown
from extractor.pipeline import run
from extractor.profile import profile_from, template

from .conftest import CORPUS, TEXTS

PROFILES = CORPUS / "profiles"
DAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def bundled():
    return [run(path) for path in sorted(TEXTS.glob("*.txt"))]


def test_province_and_city_pay_the_doctor_once(seeds):
    report = match(read_profile(PROFILES / "jz-tech-sme.yaml"), [seeds["sx-jinchuanggu-5-2023"], seeds["jz-jinchuanggu-2025"]],
                   as_of=DAY)
    doctors = [m for m in report.matches if m.fact.startswith("博士")]
    assert sorted(m.notice for m in doctors) == ["jz-jinchuanggu-2025", "sx-jinchuanggu-5-2023"]
    assert [m.chosen for m in doctors].count(True) == 1
    assert all(m.result.amount == Decimal(200000) for m in doctors)
    assert any("不重复" in m.why for m in doctors if not m.chosen)
    assert report.total == Decimal(1_750_000) and report.totals.certain == Decimal(1_750_000)


def test_a_jinzhong_company_gets_nothing_from_the_yangquan_draft(bundled):
    report = match(read_profile(PROFILES / "jz-tech-sme.yaml"), bundled, as_of=DAY)
    assert {(o.notice, o.reason) for o in report.left_out if o.path is None} == {("yq-draft-2024", "draft")}
    assert not [m for m in report.matches if m.notice == "yq-draft-2024"]
    assert report.total == Decimal(1_750_000)


def test_with_drafts_the_other_city_is_still_not_paid(bundled):
    """Asked to include drafts, the 阳泉 draft is read: its title names 晋创谷·阳泉, the company is in 晋创谷·晋中."""
    report = match(read_profile(PROFILES / "jz-tech-sme.yaml"), bundled, as_of=DAY, include_drafts=True)
    yq = [o for o in report.left_out if o.notice == "yq-draft-2024" and o.path is None]
    assert [o.reason for o in yq] == ["region"]  # 阳泉 issued it; the company is registered in 晋中
    assert report.total == Decimal(1_750_000)


def test_the_transfer_agency_award_is_not_the_company_s(bundled):
    report = match(read_profile(PROFILES / "jz-tech-sme.yaml"), bundled, as_of=DAY)
    agency = [o for o in report.left_out if o.path == "科技创新支持政策措施/四"]
    assert [o.reason for o in agency] == ["applicant"] and "技术转移机构" in agency[0].why
    assert not [m for m in report.matches if m.path == "科技创新支持政策措施/四"]


def test_the_higher_of_two_policies_is_chosen_for_the_same_transaction(seeds):
    report = match(read_profile(PROFILES / "jz-tech-sme.yaml"), [seeds["sx-jinchuanggu-5-2023"], seeds["jz-jinchuanggu-2025"]],
                   as_of=DAY)
    trades = [m for m in report.matches if m.fact.startswith("技术交易额")]
    chosen = [m for m in trades if m.chosen]
    assert [(m.notice, m.result.path, m.result.amount) for m in chosen] == [
        ("sx-jinchuanggu-5-2023", "产业落地支持政策措施/一", Decimal(1_000_000))]
    assert all(m.notice == "jz-jinchuanggu-2025" for m in trades if not m.chosen)


def test_single_notice_profile_total_with_the_draft_asked_for(seeds):
    """三/10 pays 高级技师 1万元/人/年 only when they 签订三年以上劳动合同: the profile does not say → 待确认."""
    report = match(read_profile(PROFILES / "yq-lab-company.yaml"), [seeds["yq-draft-2024"]], as_of=DAY, include_drafts=True)
    assert sorted((m.fact, m.result.amount, m.verdict) for m in report.matches) == [
        ("新认定的国家级重点实验室", Decimal(1_000_000), "eligible"),
        ("新认定的省级企业技术中心", Decimal(200_000), "eligible"),
        ("高级技师 ×3", Decimal(60_000), "unconfirmed")]
    assert report.total == Decimal(1_200_000) and report.totals.pending == Decimal(60_000)
    assert any("签订三年" in q for q in report.questions)


def test_a_taiyuan_company_is_out_of_the_jinzhong_measures(seeds):
    profile = Profile(name="太原某企业", region="山西省太原市小店区", counts={"博士": Decimal(1)})
    report = match(profile, [seeds["jz-jinchuanggu-2025"], seeds["sx-jinchuanggu-5-2023"]], as_of=DAY)
    assert [(o.notice, o.reason) for o in report.left_out if o.path is None] == [("jz-jinchuanggu-2025", "region")]
    assert {m.notice for m in report.matches} == {"sx-jinchuanggu-5-2023"}  # the province's measures reach 太原


def test_a_company_outside_the_park_fails_the_park_condition(seeds):
    """jz-jinchuanggu-2025 is titled “晋创谷·晋中”: a company in another branch of 晋创谷 is 不符合 on that condition."""
    profile = Profile(name="x", region="山西省晋中市", parks=["晋创谷·太原"],
                      qualifications=["新认定的国家级科技企业孵化器"])
    report = match(profile, [seeds["jz-jinchuanggu-2025"]], as_of=DAY)
    [incubator] = [m for m in report.matches if m.path == "四/（九）"]
    assert incubator.verdict == "ineligible" and not incubator.chosen
    assert [c.quote for c in incubator.checks if c.status == "failed"] == ["晋创谷·晋中"]
    assert report.total == 0


def test_an_unstated_park_is_a_question_not_a_failure(seeds):
    profile = Profile(name="x", region="山西省晋中市", qualifications=["新认定的国家级科技企业孵化器"])
    report = match(profile, [seeds["jz-jinchuanggu-2025"]], as_of=DAY)
    [incubator] = [m for m in report.matches if m.path == "四/（九）"]
    assert incubator.verdict == "unconfirmed"
    assert report.totals.pending == Decimal(500_000) and report.total == 0
    assert "是否位于晋创谷·晋中？" in report.questions


def test_a_notice_past_its_validity_is_left_out(seeds):
    """jz-jinchuanggu-2025: 自2025年1月1日起施行，有效期至2029年12月31日."""
    profile = read_profile(PROFILES / "jz-tech-sme.yaml")
    assert [o.reason for o in match(profile, [seeds["jz-jinchuanggu-2025"]], as_of=dt.date(2030, 1, 2)).left_out
            if o.path is None] == ["expired"]
    assert not [o for o in match(profile, [seeds["jz-jinchuanggu-2025"]], as_of=dt.date(2029, 12, 31)).left_out
                if o.path is None]


def test_a_campaign_over_is_left_out_as_expired(tmp_path):
    """A notice that is one campaign: its opening period is its validity (rw005's shape, written anew)."""
    path = tmp_path / "campaign.txt"
    path.write_text("关于开展购房补贴活动的公告\n2024年1月1日至2024年3月31日，本市开展新建商品住房购房补贴活动，"
                    "对购买新建商品住房的家庭给予每套1万元补贴。\n", encoding="utf-8")
    notice = run(path)
    profile = Profile(name="x", applicant="家庭", qualifications=["新建商品住房"], dates={"购房": dt.date(2024, 2, 10)})
    late = match(profile, [notice], as_of=dt.date(2024, 5, 1))
    assert [(o.reason, o.path) for o in late.left_out] == [("expired", None)] and "2024-03-31" in late.left_out[0].why
    early = match(profile, [notice], as_of=dt.date(2024, 3, 1))
    assert not early.left_out and early.total == Decimal(10_000)


def test_one_notice_in_two_formats_counts_once():
    profile = read_profile(PROFILES / "jz-tech-sme.yaml")
    notices = [run(TEXTS / "jz-jinchuanggu-2025.txt"), run(CORPUS / "pdf" / "jz-jinchuanggu-2025.fpdf2.pdf")]
    report = match(profile, notices, as_of=DAY)
    assert [(o.notice, o.reason) for o in report.left_out if o.path is None] == [("jz-jinchuanggu-2025.fpdf2", "duplicate")]
    assert report.total == Decimal(750_000)  # 博士 20万 + 硕士 5万 + 孵化器 50万, once


TWO_AWARDS = """关于支持企业发展的若干措施
一、对营业收入达到2000万元以上的企业，给予10万元奖励。
二、对新认定的国家级科技企业孵化器，给予50万元一次性奖励，并每年给予10万元运营补贴。
三、申报时间为2026年1月1日至2026年3月31日，对按期申报的高新技术企业给予5万元奖励。
四、对新认定的省级专精特新企业给予20万元奖励，与同类政策不重复享受，按就高原则执行；获评国家级的给予50万元。
"""


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("n") / "measures.txt"
    path.write_text(TWO_AWARDS, encoding="utf-8")
    return run(path)


def test_two_awards_of_one_clause_are_both_paid(written):
    """二: 50万元 once and 10万元 a year; the profile asks for 2 years → 50 + 20 = 70万元."""
    profile = Profile(name="x", qualifications=["新认定的国家级科技企业孵化器"], years=Decimal(2))
    report = match(profile, [written], as_of=DAY)
    paid = sorted(m.result.amount for m in report.matches if m.path == "二" and m.chosen)
    assert paid == [Decimal(200_000), Decimal(500_000)]
    assert report.total == Decimal(700_000)


@pytest.mark.parametrize(("revenue", "verdict"), [("1500万", "ineligible"), ("2000万", "eligible"), ("0.3亿元", "eligible")])
def test_a_revenue_threshold_decides_the_verdict(written, revenue, verdict):
    """一: 营业收入达到2000万元以上 (以上 includes the figure)."""
    profile = profile_from({"名称": "x", "营业收入": revenue})
    [award] = [m for m in match(profile, [written], as_of=DAY).matches if m.path == "一"]
    assert award.verdict == verdict
    assert [c.field for c in award.checks if c.status == ("failed" if verdict == "ineligible" else "met")][0] == "revenue"


def test_a_closed_application_window_fails(written):
    """三: 申报时间为2026年1月1日至2026年3月31日; on 2026-12-03 it is closed, on 2026-02-01 open."""
    profile = Profile(name="x", qualifications=["高新技术企业"])
    [late] = [m for m in match(profile, [written], as_of=DAY).matches if m.path == "三"]
    assert late.verdict == "ineligible" and "截止" in next(c.why for c in late.checks if c.field == "window")
    [early] = [m for m in match(profile, [written], as_of=dt.date(2026, 2, 1)).matches if m.path == "三"]
    assert early.verdict == "eligible" and early.result.amount == Decimal(50_000)


def test_a_profile_fact_no_term_pays_is_reported(written):
    profile = Profile(name="x", qualifications=["国家级制造业单项冠军"], counts={"博士": Decimal(1)})
    assert match(profile, [written], as_of=DAY).unmatched == ["博士 ×1", "国家级制造业单项冠军"]


def test_without_a_stacking_rule_payments_add_up(tmp_path):
    for name, amount in (("a", "10"), ("b", "20")):
        text = f"关于支持人才的措施\n一、对引进的博士，每人给予{amount}万元安家补贴。\n"
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    report = match(Profile(name="x", counts={"博士": Decimal(1)}), [run(tmp_path / "a.txt"), run(tmp_path / "b.txt")],
                   as_of=DAY)
    assert [m.chosen for m in report.matches] == [True, True]
    assert report.total == Decimal(300_000)


# ---- profiles people write

def test_chinese_keys_and_amounts_as_people_write_them(tmp_path):
    path = tmp_path / "档案.yaml"
    path.write_text("名称: 某公司\n注册地: 山西省晋中市\n营业收入: 1.2亿元\n研发投入: 600万\n成立时间: 2020年5月8日\n"
                    "金额:\n  技术交易额: 30万元\n数量:\n  博士: 2\n日期:\n  购房: 2024-08-01\n", encoding="utf-8")
    profile = read_profile(path)
    assert profile.revenue == Decimal(120_000_000) and profile.amounts == {"技术交易额": Decimal(300_000)}
    assert profile.ratio_of_rd() == Decimal("0.05")
    assert profile.founded == dt.date(2020, 5, 8) and profile.dates == {"购房": dt.date(2024, 8, 1)}


def test_english_keys_and_a_percent_ratio():
    profile = profile_from({"name": "x", "revenue": "30,000 元", "rd_ratio": "4.5%", "without": "失信"})
    assert profile.revenue == Decimal(30_000) and profile.rd_ratio == Decimal("0.045") and profile.without == ["失信"]


def test_the_template_is_a_profile():
    import yaml

    from extractor.profile import _ExactLoader

    profile = profile_from(yaml.load(template(), Loader=_ExactLoader))
    assert profile.region == "山西省晋中市榆次区" and profile.amounts == {"技术交易额": Decimal(5_000_000)}
    assert "# 上年度营业收入（revenue）" in template()


@pytest.mark.parametrize(("content", "words"), [
    ("名称: x\n营业收入: 很多\n", ["营业收入（revenue）第 2 行", "“很多”不是金额"]),
    ("名称: x\n收入: 5\n", ["第 2 行", "未知的键“收入”"]),
    ("名称: x\nname: y\n", ["第 2 行", "“name”与“名称”重复"]),
    ("注册地: [晋中]\n", ["注册地（region）第 1 行", "应为文字"]),
    ("name: [unclosed", ["YAML 格式错误"]),
])
def test_a_bad_profile_names_the_key_and_the_line_in_chinese(tmp_path, content, words):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["match", str(path), str(TEXTS / "yq-draft-2024.txt")])
    assert result.exit_code == 65
    assert "E_PROFILE" in result.output and "bad.yaml" in result.output
    assert all(word in result.output for word in words), result.output
    assert "pydantic" not in result.output and "http" not in result.output


def test_profile_numbers_are_exact(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("name: x\namounts:\n  交易额: 1234567.89\n", encoding="utf-8")
    assert read_profile(path).amounts["交易额"] == Decimal("1234567.89")


# ---- what a consultant reads

runner = CliRunner()


def test_match_command_prints_the_verdicts_and_the_total():
    result = runner.invoke(app, ["match", str(PROFILES / "jz-tech-sme.yaml"), str(TEXTS), "--as-of", "2026-12-03"])
    assert result.exit_code == 0
    assert "合计（符合）：175万元，其中确定 175万元" in result.output
    assert "未纳入：yq-draft-2024｜征求意见稿" in result.output
    assert "[符合] 新认定的国家级科技企业孵化器｜jz-jinchuanggu-2025 四/（九）" in result.output


def test_a_bad_as_of_date_is_a_usage_error():
    result = runner.invoke(app, ["match", str(PROFILES / "jz-tech-sme.yaml"), str(TEXTS), "--as-of", "明天"])
    assert result.exit_code == 2 and "不是日期" in result.output


def test_json_output_is_the_report(tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["match", str(PROFILES / "jz-tech-sme.yaml"), str(TEXTS), "--as-of", "2026-12-03",
                                 "--format", "json", "-o", str(out)])
    assert result.exit_code == 0 and result.output == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["totals"]["certain"] == "1750000" and data["as_of"] == "2026-12-03"
    assert {m["verdict"] for m in data["matches"]} >= {"eligible", "unconfirmed"}


def test_markdown_and_html_show_marks_and_escape_the_profile(seeds):
    profile = Profile(name="<script>alert(1)</script>", region="山西省晋中市",
                      qualifications=["新认定的国家级科技企业孵化器"])
    report = match(profile, [seeds["jz-jinchuanggu-2025"]], as_of=DAY)
    page = match_to_html(report)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "待确认" in page and "☐ 是否位于晋创谷·晋中？" in page
    markdown = match_to_markdown(report)
    assert "| ? | 地域 属于 晋创谷·晋中 |" in markdown and "- [ ] 是否位于晋创谷·晋中？" in markdown


def test_profile_template_command_prints_a_readable_profile(tmp_path):
    result = runner.invoke(app, ["profile", "--template"])
    assert result.exit_code == 0
    path = tmp_path / "t.yaml"
    path.write_text(result.output, encoding="utf-8")
    assert read_profile(path).name == "晋中某科技型中小企业"
    schema = runner.invoke(app, ["profile", "--schema"])
    assert schema.exit_code == 0 and "营业收入" in json.loads(schema.output)["properties"]


def test_match_speaks_english_with_lang_en():
    """Reasons, conditions, questions and what was left out in English; the notices' own words stay as printed."""
    done = CliRunner().invoke(app, ["--lang", "en", "match", str(CORPUS / "profiles" / "yq-lab-company.yaml"), str(TEXTS),
                                    "--include-drafts", "--as-of", "2024-06-01"])
    assert done.exit_code == 0, done.output
    said = done.output
    for english in ("Applicant: ", "the clause supports 企业", "Does it meet “所在企业签订三年以上”?",
                    "Left out: jz-jinchuanggu-2025｜other region: for 晋中市; the applicant is registered in 山西省阳泉市"):
        assert english in said
    for chinese in ("申请人位于", "档案", "地域 属于", "取最高者", "不重复享受", "未纳入", "：", "尚未生效"):
        assert chinese not in said, chinese


def test_a_rate_on_a_base_the_profile_does_not_state_is_shown_for_the_status_it_requires(tmp_path):
    """对新认定的高新技术企业，按其研发投入的10%给予奖励: a 高新技术企业 that gives no 研发投入 is shown the award, its sum
    not computed (as rw004 一 is for a 二孩家庭 that gives no 合同价款); an award for a status it lacks is not."""
    text = ("某市支持科技企业发展若干措施\n一、对新认定的高新技术企业，按其上年度研发投入的10%给予奖励，最高不超过50万元。\n"
            "二、对科技型中小企业，给予一次性奖励5万元。\n")
    (tmp_path / "notice.txt").write_text(text, encoding="utf-8")
    profile = Profile(name="某企业", applicant="企业", qualifications=["高新技术企业"])
    report = match(profile, [run(tmp_path / "notice.txt")], as_of=DAY)
    assert [(m.path, m.fact, m.verdict, m.result.kind) for m in report.matches] == [
        ("一", "高新技术企业", "eligible", "not_computable")]
    assert report.totals.certain == 0 and report.totals.unknown_count == 1


@pytest.mark.parametrize(("signed", "verdict"), [("2023-08-01", "eligible"), ("2024-02-01", "ineligible")])
def test_a_period_counted_by_the_filing_of_the_signed_contract_is_answered_by_its_date(tmp_path, signed, verdict):
    """以网签备案时间为准(补助时间为…) (rw003 三/（一）): the act is 网签备案, one of buying's, answered by the 网签 date."""
    text = ("某市促进房地产市场若干措施\n一、购买新建商品住房的，给予购房者实际缴纳契税的50%补助。享受补助以网签备案时间为准"
            "（补助时间为2023年1月1日至2023年12月31日）。\n")
    (tmp_path / "notice.txt").write_text(text, encoding="utf-8")
    profile = profile_from({"名称": "购房人", "类型": "个人", "资质": ["新建商品住房"], "金额": {"实际缴纳契税": "1.2万元"},
                            "日期": {"网签": signed}})
    [found] = match(profile, [run(tmp_path / "notice.txt")], as_of=dt.date(2024, 3, 1)).matches
    assert (found.verdict, found.result.amount) == (verdict, Decimal(6000))
    assert [c.status for c in found.checks if c.field == "window"] == ["met" if verdict == "eligible" else "failed"]


def test_an_award_that_names_no_object_shares_the_conditions_of_the_one_before_it(tmp_path):
    """对…35周岁以下…的，给予本科毕业生…10%；给予大专毕业生…8% (rw003 三/（二）): the second award is under the same age."""
    text = ("某市人才购房补贴办法\n一、对在本市购买首套商品住房、年龄在35周岁以下的，给予普通高校本科毕业生购房款10%的补贴；"
            "给予大专毕业生购房款8%的补贴。\n")
    (tmp_path / "notice.txt").write_text(text, encoding="utf-8")
    profile = profile_from({"名称": "购房人", "类型": "个人", "年龄": 40, "学历": "大专", "金额": {"购房款": "100万元"}})
    report = match(profile, [run(tmp_path / "notice.txt")], as_of=DAY)
    assert {m.verdict for m in report.matches} == {"ineligible"}
    assert all("age" in {c.field for c in m.checks if c.status == "failed"} for m in report.matches)
