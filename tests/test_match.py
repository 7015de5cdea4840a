"""Matching applicant profiles to notices; totals worked out by hand from the notice texts.

jz-tech-sme (a 晋创谷·晋中 technology SME, province + city notices):
  博士 ×2: province 公共服务/五 10万元/人 = 20万元; city 三/（七） 10万元/人 = 20万元; both notices say
           就高不重复 / 从优、就高、不重复 → one of them, 20万元, not 40万元.
  硕士 ×1: 5万元 in both → 5万元.
  新认定的国家级科技企业孵化器: city 四/（九） 分别…30万元、50万元 (省级、国家级) → 50万元.
  技术交易额 500万元: province 产业落地/一 20% = 100万元, cap 100万元 → 100万元;
           city 二/（四） 不超过2%, cap 10万元 → up to 10万元; same fact, 就高 → 100万元.
  Total 20 + 5 + 50 + 100 = 175万元.
yq-lab-company (阳泉, one notice):
  国家级重点实验室 100万元 + 省级企业技术中心 20万元 + 高级技师 3人 × 1万元/年 × 2年 = 6万元 → 126万元.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.match import Profile, match, read_profile

from .conftest import CORPUS, TEXTS

PROFILES = CORPUS / "profiles"


def test_province_and_city_pay_the_doctor_once(seeds):
    report = match(read_profile(PROFILES / "jz-tech-sme.yaml"), [seeds["sx-jinchuanggu-5-2023"], seeds["jz-jinchuanggu-2025"]])
    doctors = [m for m in report.matches if m.fact.startswith("博士")]
    assert sorted(m.notice for m in doctors) == ["jz-jinchuanggu-2025", "sx-jinchuanggu-5-2023"]
    assert [m.chosen for m in doctors].count(True) == 1
    assert all(m.result.amount == Decimal(200000) for m in doctors)
    assert any("不重复" in m.why for m in doctors if not m.chosen)
    assert report.total == Decimal(1_750_000)


def test_the_higher_of_two_policies_is_chosen_for_the_same_transaction(seeds):
    report = match(read_profile(PROFILES / "jz-tech-sme.yaml"), [seeds["sx-jinchuanggu-5-2023"], seeds["jz-jinchuanggu-2025"]])
    trades = [m for m in report.matches if m.fact.startswith("技术交易额")]
    chosen = [m for m in trades if m.chosen]
    assert [(m.notice, m.result.path, m.result.amount) for m in chosen] == [
        ("sx-jinchuanggu-5-2023", "产业落地支持政策措施/一", Decimal(1_000_000))]
    assert all(m.notice == "jz-jinchuanggu-2025" for m in trades if not m.chosen)


def test_single_notice_profile_total(seeds):
    report = match(read_profile(PROFILES / "yq-lab-company.yaml"), [seeds["yq-draft-2024"]])
    assert sorted((m.fact, m.result.amount) for m in report.matches) == [
        ("新认定的国家级重点实验室", Decimal(1_000_000)), ("新认定的省级企业技术中心", Decimal(200_000)),
        ("高级技师 ×3", Decimal(60_000))]
    assert report.total == Decimal(1_260_000)


def test_terms_for_other_applicants_are_left_out(seeds):
    profile = Profile(name="x", amounts={"交易额": Decimal(1_000_000)})
    report = match(profile, [seeds["sx-jinchuanggu-5-2023"]])
    assert not [m for m in report.matches if m.result.path == "科技创新支持政策措施/四"]  # pays 技术转移机构


def test_without_a_stacking_rule_payments_add_up(tmp_path):
    from extractor.pipeline import run

    for name, amount in (("a", "10"), ("b", "20")):
        (tmp_path / f"{name}.txt").write_text(f"关于支持人才的措施\n一、对引进的博士，每人给予{amount}万元安家补贴。\n", encoding="utf-8")
    report = match(Profile(name="x", counts={"博士": Decimal(1)}), [run(tmp_path / "a.txt"), run(tmp_path / "b.txt")])
    assert [m.chosen for m in report.matches] == [True, True]
    assert report.total == Decimal(300_000)


def test_profile_numbers_are_exact(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("name: x\namounts:\n  交易额: 1234567.89\n", encoding="utf-8")
    assert read_profile(path).amounts["交易额"] == Decimal("1234567.89")


runner = CliRunner()


def test_match_command_prints_the_total():
    result = runner.invoke(app, ["match", str(PROFILES / "jz-tech-sme.yaml"), str(TEXTS / "sx-jinchuanggu-5-2023.txt"),
                                 str(TEXTS / "jz-jinchuanggu-2025.txt")])
    assert result.exit_code == 0
    assert "合计：1,750,000 元" in result.output
    assert "不重复享受" in result.output


@pytest.mark.parametrize("content", ["name: [unclosed", "qualifications: 3"])
def test_a_bad_profile_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["match", str(path), str(TEXTS / "yq-draft-2024.txt")])
    assert result.exit_code == 65
    assert "E_PROFILE" in result.output and "bad.yaml" in result.output
