"""An applicant's profile: what it is and has, as a consultant writes it down.

Read from YAML or JSON with Chinese or English keys (注册地 or region), amounts as people
write them (500万, 1.2亿元, 30,000 元), ratios as 5% or 0.05 and dates as 2024-08-01 or
2024年8月1日. Numbers are exact (never float). A problem names the key and its line, in
Chinese, and never quotes a library's URL:

    注册地（region）第 3 行：应为文字，例如 山西省晋中市榆次区

The keys and what they mean are in `PROFILE_KEYS`; `template()` prints them as a commented
profile and `profile_schema()` as a JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BeforeValidator, Field, ValidationError, field_validator

from .dates import parse_date
from .errors import PolicyxError
from .extract.money import amount_of
from .models import Record

# English key → (Chinese key, what it is, an example as a person writes it)
PROFILE_KEYS: dict[str, tuple[str, str, str]] = {
    "name": ("名称", "申请人名称，用于报告", "晋中某科技型中小企业"),
    "applicant": ("类型", "申请人类型：企业、高校、科研院所、机构、个人、家庭", "企业"),
    "region": ("注册地", "注册地（个人为户籍或居住地），省、市、县（区）", "山西省晋中市榆次区"),
    "parks": ("园区", "所在园区或功能区", "[晋创谷·晋中]"),
    "founded": ("成立时间", "注册成立日期", "2019-05-01"),
    "age": ("年龄", "个人年龄（周岁）", "32"),
    "education": ("学历", "个人最高学历", "博士"),
    "qualifications": ("资质", "已获得或新认定的资质、称号、身份", "[高新技术企业, 专精特新中小企业]"),
    "holds": ("持有", "拥有的专利、证书等", "[发明专利]"),
    "revenue": ("营业收入", "上年度营业收入", "3000万"),
    "employees": ("从业人员", "从业人员数", "120"),
    "rd_spending": ("研发投入", "上年度研发投入（与营业收入一起得出研发投入占比）", "150万"),
    "rd_ratio": ("研发投入占比", "研发投入占营业收入比例", "5%"),
    "without": ("无", "声明不存在的情形：失信、重大安全事故、已享受过同类支持", "[失信, 重大安全事故]"),
    "amounts": ("金额", "其他金额，按所计量的对象（计算基数、门槛）", "{技术交易额: 500万}"),
    "counts": ("数量", "人数、件数或面积等，按对象", "{博士: 2, 面积: 120}"),
    "dates": ("日期", "申请人行为发生的日期（购房、注册、申报）", "{购房: 2024-08-01}"),
    "years": ("年数", "按年支付的条款计算的年数", "2"),
}
CHINESE_KEYS = {chinese: english for english, (chinese, _, _) in PROFILE_KEYS.items()}
LIST_KEYS = ("parks", "qualifications", "holds", "without")
MONEY_KEYS = ("revenue", "rd_spending")

PROFILE_MAX_BYTES = 1 << 20  # an applicant's profile is a page of facts, never megabytes
PROFILE_MAX_DEPTH = 8
HINT = "policyx profile --template 打印带说明的模板"


class ProfileError(PolicyxError):
    """A profile file that cannot be read."""

    code = "E_PROFILE"
    stage = "match"


def _yuan(value):
    if isinstance(value, str):
        found = amount_of(value)
        if found is None:
            raise ValueError(f"“{value[:40]}”不是金额")
        return found
    return value


def _date(value):
    if isinstance(value, str):
        found = parse_date(value) if not _iso(value) else dt.date.fromisoformat(value.strip())
        if found is None:
            raise ValueError(f"“{value[:40]}”不是日期")
        return found
    return value


def _iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


Yuan = Annotated[Decimal, BeforeValidator(_yuan)]  # 500万, 1.2亿元, 30,000 元 or a number
Day = Annotated[dt.date, BeforeValidator(_date)]  # 2024-08-01 or 2024年8月1日


class Profile(Record):
    """An applicant's facts; every field may be left out (a condition on it is then unknown)."""

    name: str = Field("申请人", description="Who the applicant is, for the report.")
    applicant: str = Field("企业", description="Kind of applicant: 企业, 高校, 科研院所, 机构, 个人, 家庭.")
    region: str | None = Field(None, description="Where it is registered (a person: where it lives), province to county.")
    parks: list[str] = Field(default_factory=list, description="Parks or zones it is in (晋创谷·晋中).")
    founded: Day | None = Field(None, description="Date the entity was registered.")
    age: Decimal | None = Field(None, description="A person's age in years.")
    education: str | None = Field(None, description="A person's highest degree (本科, 硕士, 博士).")
    qualifications: list[str] = Field(default_factory=list, description="Statuses held or newly granted.")
    holds: list[str] = Field(default_factory=list, description="Things owned: 专利, 软件著作权, 不动产权证.")
    revenue: Yuan | None = Field(None, description="Last year's operating revenue, yuan.")
    employees: Decimal | None = Field(None, description="Headcount.")
    rd_spending: Yuan | None = Field(None, description="Last year's R&D spending, yuan.")
    rd_ratio: Decimal | None = Field(None, description="R&D spending over revenue (0.05 for 5%).")
    without: list[str] = Field(default_factory=list, description="What it declares it is not or has not done (失信).")
    amounts: dict[str, Yuan] = Field(default_factory=dict, description="Other amounts in yuan, by what they measure.")
    counts: dict[str, Decimal] = Field(default_factory=dict, description="People, items or measures, by what they are.")
    dates: dict[str, Day] = Field(default_factory=dict, description="When its acts happened (购房, 注册), by act.")
    years: Decimal | None = Field(None, description="Years asked for where a term pays per year.")

    @field_validator("rd_ratio", mode="before")
    @classmethod
    def _ratio(cls, value):
        if isinstance(value, str) and value.strip().endswith(("%", "％")):
            return Decimal(value.strip()[:-1]) / 100
        return value

    @field_validator(*LIST_KEYS, mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return [value] if isinstance(value, str) else value

    def ratio_of_rd(self) -> Decimal | None:
        """The R&D ratio as stated, or from R&D spending over revenue."""
        if self.rd_ratio is not None:
            return self.rd_ratio
        if self.rd_spending is not None and self.revenue:
            return self.rd_spending / self.revenue
        return None


def read_profile(path: Path) -> Profile:
    """A profile from YAML or JSON; numbers exact, keys Chinese or English.

    Bounded before anything is built: at most 1 MiB, no YAML aliases (a billion-laughs
    profile expands to millions of items), nesting at most 8 deep, no NaN or infinity.
    """
    try:
        if path.stat().st_size > PROFILE_MAX_BYTES:
            raise ProfileError(f"档案大于 {PROFILE_MAX_BYTES >> 20} MiB", path=path, hint=HINT)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            data, lines = json.loads(text, parse_float=Decimal, parse_constant=_no_constant), {}
        else:
            if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_ExactLoader)):
                raise ProfileError("档案使用了 YAML 别名（*name），不允许", path=path, hint=HINT)
            data, lines = yaml.load(text, Loader=_ExactLoader), _key_lines(text)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ProfileError("档案应为“键: 值”的映射", path=path, hint=HINT)
        if _depth(data) > PROFILE_MAX_DEPTH:
            raise ProfileError(f"档案嵌套超过 {PROFILE_MAX_DEPTH} 层", path=path, hint=HINT)
        return profile_from(data, lines, path)
    except UnicodeDecodeError as exc:
        raise ProfileError("档案不是 UTF-8 文本", path=path, hint=HINT) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ProfileError(f"第 {line} 行 YAML 格式错误：{exc.problem}", path=path, hint=HINT) from exc
    except (OSError, ValueError, ArithmeticError, RecursionError, yaml.YAMLError) as exc:
        raise ProfileError(f"无法读取档案：{str(exc)[:200]}", path=path, hint=HINT) from exc


def profile_from(data: dict, lines: dict[str, int] | None = None, path: Path | str = "profile") -> Profile:
    """A profile from a mapping with Chinese or English keys; `lines` gives each key's line for messages."""
    lines = lines or {}
    fields, origin = {}, {}
    for key, value in data.items():
        english = CHINESE_KEYS.get(str(key), str(key))
        if english not in PROFILE_KEYS:
            known = "、".join(chinese for chinese, _, _ in PROFILE_KEYS.values())
            raise ProfileError(f"{_where(str(key), lines)}未知的键“{key}”（可用：{known}）", path=path, hint=HINT)
        if english in fields:
            raise ProfileError(f"{_where(str(key), lines)}“{key}”与“{origin[english]}”重复", path=path, hint=HINT)
        fields[english], origin[english] = value, str(key)
    try:
        return Profile.model_validate(fields)
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:5]:
            english = str(error["loc"][0]) if error["loc"] else ""
            key = origin.get(english, english)
            chinese, _, example = PROFILE_KEYS.get(english, (key, "", ""))
            name = f"{chinese}（{english}）" if english else "档案"
            problems.append(f"{name}{_line(key, lines)}：{_message(error)}" + (f"，例如 {example}" if example else ""))
        raise ProfileError("；".join(problems), path=path, hint=HINT) from exc


def _where(key: str, lines: dict[str, int]) -> str:
    return f"第 {lines[key]} 行：" if key in lines else ""


def _line(key: str, lines: dict[str, int]) -> str:
    return f"第 {lines[key]} 行" if key in lines else ""


MESSAGES = {
    "string_type": "应为文字", "decimal_parsing": "应为数字", "decimal_type": "应为数字", "list_type": "应为列表",
    "dict_type": "应为“对象: 值”的映射", "date_from_datetime_parsing": "应为日期", "date_parsing": "应为日期",
    "date_type": "应为日期", "finite_number": "应为有限的数字",
}


def _message(error: dict) -> str:
    """A validation error in Chinese, without the library's URL."""
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error") or error["msg"]).removeprefix("Value error, ")
    return MESSAGES.get(error["type"], "值不合要求")


def _key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key of a YAML mapping (1-based)."""
    node = yaml.compose(text, Loader=_ExactLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def _no_constant(name: str):
    raise ValueError(f"{name} 不是档案可用的数字")


def _depth(value, level: int = 0) -> int:
    """How deep lists and mappings nest (stops counting past the limit)."""
    if level > PROFILE_MAX_DEPTH or not isinstance(value, dict | list):
        return level
    items = value.values() if isinstance(value, dict) else value
    return max((_depth(item, level + 1) for item in items), default=level + 1)


class _ExactLoader(yaml.SafeLoader):
    """YAML with floats read as Decimal and dates left as text (read by the profile)."""


def _exact_float(loader, node) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        value = Decimal(text)
    except (ArithmeticError, InvalidOperation):
        value = None
    if value is None or not value.is_finite():  # .nan, .inf and what Decimal cannot read
        raise ValueError(f"第 {node.start_mark.line + 1} 行：{node.value} 不是档案可用的数字")
    return value


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _exact_float)
_ExactLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def template() -> str:
    """A commented profile with every key, Chinese keys first, English in the comment."""
    lines = ["# 申请人档案（policyx match 档案.yaml 通知…）。键可用中文或英文；未知的情况留空，相应条件即为“待确认”。",
             "# 金额可写 500万、1.2亿元、30,000 元；比例写 5% 或 0.05；日期写 2024-08-01。"]
    for english, (chinese, what, example) in PROFILE_KEYS.items():
        lines.append(f"# {what}（{english}）")
        if example.startswith("{"):
            lines.append(f"{chinese}:")
            for pair in example.strip("{}").split(", "):
                name, value = pair.split(": ")
                lines.append(f"  {name}: {value}")
        else:
            lines.append(f"{chinese}: {example}")
    return "\n".join(lines) + "\n"


def profile_schema() -> dict:
    """The profile's JSON Schema, Chinese keys accepted beside the English ones."""
    schema = Profile.model_json_schema()
    properties = schema["properties"]
    for english, (chinese, what, _) in PROFILE_KEYS.items():
        prop = dict(properties[english])
        prop["description"] = f"{what}（{english}）"
        properties[chinese] = prop
    for english in (*MONEY_KEYS, "rd_ratio"):
        for name in (english, PROFILE_KEYS[english][0]):
            properties[name] = {"anyOf": [*properties[name].get("anyOf", []), {"type": "string"}],
                                "description": properties[name].get("description", "")}
    schema["additionalProperties"] = False
    schema["title"] = "policyx 申请人档案"
    return schema
