"""Regions named by a notice, case by case: rows from real notices' issuers and titles, and variants by hand."""

from __future__ import annotations

import pytest

from extractor.regions import region_of


@pytest.mark.parametrize(("issuers", "title", "doc_number", "expected"), [
    # real notices (corpus/heldout, shared/realworld)
    (["深圳市南山区人民政府办公室"], None, None, ("广东省", "深圳市", "南山区", "440305", "county")),
    (["广州住房公积金管理中心"], None, None, ("广东省", "广州市", None, "440100", "city")),
    (["阳泉市科学技术局"], None, None, ("山西省", "阳泉市", None, "140300", "city")),
    (["山西省人民政府办公厅"], None, "晋政办发〔2023〕95号", ("山西省", None, None, "140000", "province")),
    # by hand: a county name two cities share, read under the city the text names
    (["北京市朝阳区人民政府"], None, None, ("北京市", "北京市", "朝阳区", "110105", "county")),
    (["长春市朝阳区人民政府"], None, None, ("吉林省", "长春市", "朝阳区", "220104", "county")),
    # by hand: only the title names the city, by its short name; only the document number names the province
    ([], "关于印发《晋创谷·晋中》创新驱动若干措施的通知", None, ("山西省", "晋中市", None, "140700", "city")),
    ([], "关于印发支持科技创新若干措施的通知", "浙政发〔2024〕3号", ("浙江省", None, None, "330000", "province")),
    (["国务院办公厅"], "关于进一步支持小微企业的通知", "国办发〔2024〕1号", (None, None, None, None, None)),
], ids=["nanshan", "guangzhou-short", "yangquan", "shanxi", "chaoyang-beijing", "chaoyang-changchun",
        "title-short-name", "doc-number", "national"])
def test_region_of_a_notice(issuers, title, doc_number, expected):
    region = region_of(issuers, title, doc_number)
    code = region.county_code or region.city_code or region.province_code
    assert (region.province, region.city, region.county, code, region.level) == expected
