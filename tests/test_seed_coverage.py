"""Issue 27: every item the seeds list is something a clerk can record, and the 标准目录 has an entry for it.

The table is data: tests/seed_coverage/<domain>.yaml, one file per domain (the file's name is the domain's code),
one row per item of seed 002 §四 (and seed 001 二.6's PPP items) in the seeds' order:

    {section: "四(一)3", item: "中标候选人", category: bidding, item_type: candidates, field: candidates,
     catalogue: projects-bidding-candidates}

- `category`: a category of the domain (`core.domains`);
- `item_type`: a value of the field the category's details form names in `ITEM_FIELD` (a historic value,
  kept for older records, counts), or null;
- `field`: a field of the category's details form, or `<field>.<column>` for a column of a table field
  (a field declaring `COLUMNS`, e.g. the 中标候选人 table), or null;
- `register` (optional): `<app_label>.<Model>` when the item is a register kept beside the records (e.g. the
  公共企事业单位 whose disclosure the office promotes); a row needs an item type, a field or a register;
- `catalogue`: the code of a seeded 标准目录 entry (catalogue/data) of the same domain and category; when
  the entry lists item types, the row's item type is one of them.

Rows may say `domain:` when their file holds another domain's items. The test fails listing every item that
has no category, no item type or field, or no catalogue entry, and every name that does not exist.
"""

from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.apps import apps

from catalogue.seed import seed_entries
from core.domains import get_domain

FOLDER = Path(__file__).resolve().parent / "seed_coverage"
FILES = sorted(FOLDER.glob("*.yaml"))
ENTRIES = {entry["code"]: entry for entry in seed_entries()}

# What we counted in the seeds, per section (issue 27's closing note gives the totals).
COUNTED = {
    "projects.yaml": {
        "四(一)1": 6,   # 批准服务信息
        "四(一)2": 16,  # 批准结果信息: 13 approvals, and 取水许可, 水土保持方案, 洪水影响评价 apart
        "四(一)3": 24,  # 招标投标: 审批核准备案, 信用, 资格预审公告, 招标公告 and its 5 elements, 中标候选人 and its 10, 中标结果, 合同订立, 合同履行, 违法处罚
        "四(一)4": 9,   # 征收土地: 告知书, 报批前证明材料, “一书四方案” (5), 征地公告, 补偿安置方案公告
        "四(一)5": 5,   # 重大设计变更
        "四(一)6": 12,  # 施工有关信息
        "四(一)7": 3,   # 质量安全监督
        "四(一)8": 8,   # 竣工有关信息
        "001 二.6": 7,  # PPP
    },
}


def load(path: Path) -> list[dict]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    assert isinstance(rows, list), f"{path.name}: a list of rows"
    return rows


def problems(row: dict, default_domain: str) -> list[str]:
    """What is wrong with one row (empty when the item is recordable and catalogued)."""
    found = []
    domain = get_domain(row.get("domain") or default_domain)
    if domain is None:
        return [f"没有领域“{row.get('domain') or default_domain}”"]
    category, item_type, field, code = (row.get(key) for key in ("category", "item_type", "field", "catalogue"))
    if not category:
        found.append("没有信息类别")
    elif category not in domain.categories.values:
        found.append(f"领域 {domain.code} 没有类别“{category}”")
    form = domain.details_form(category) if category in domain.categories.values else None
    register = row.get("register")
    if register:
        try:
            apps.get_model(register)
        except (LookupError, ValueError):
            found.append(f"没有登记模型“{register}”")
    if not item_type and not field and not register:
        found.append("既没有信息类型也没有结构化字段")
    if item_type:
        item_field = getattr(form, "ITEM_FIELD", "") if form else ""
        codes = {str(value) for value, _label in form.base_fields[item_field].choices} if item_field else set()
        if item_type not in codes:
            found.append(f"类别“{category}”没有信息类型“{item_type}”")
    if field:
        name, _, column = str(field).partition(".")
        form_field = form.base_fields.get(name) if form else None
        if form_field is None:
            found.append(f"类别“{category}”没有字段“{name}”")
        elif column and column not in dict(getattr(form_field, "COLUMNS", ())):
            found.append(f"字段“{name}”没有栏目“{column}”")
    entry = ENTRIES.get(code) if code else None
    if not code:
        found.append("没有标准目录事项")
    elif entry is None:
        found.append(f"标准目录没有事项“{code}”")
    else:
        if entry["domain"] != domain.code or entry["category"] != category:
            found.append(f"目录事项“{code}”属于 {entry['domain']}/{entry['category']}")
        if item_type and entry.get("item_types") and item_type not in entry["item_types"]:
            found.append(f"目录事项“{code}”不适用信息类型“{item_type}”")
    return found


def test_there_is_a_coverage_table():
    assert FILES, "tests/seed_coverage/*.yaml"


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_item_is_recordable_and_catalogued(path):
    failures = []
    for number, row in enumerate(load(path), start=1):
        for problem in problems(row, path.stem):
            failures.append(f"{path.name} 第{number}行 {row.get('section')} {row.get('item')}：{problem}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_row_names_its_section_and_item_once(path):
    rows = load(path)
    assert all(row.get("section") and row.get("item") for row in rows), path.name
    repeated = [key for key, count in Counter((row["section"], row["item"]) for row in rows).items() if count > 1]
    assert not repeated, repeated


@pytest.mark.parametrize("name", sorted(COUNTED))
def test_the_rows_per_section_are_what_we_counted(name):
    path = FOLDER / name
    if not path.exists():
        pytest.fail(f"{name} is missing")
    assert Counter(row["section"] for row in load(path)) == COUNTED[name]


def test_the_checks_catch_what_is_missing():
    """The checks themselves: a row naming nothing real fails on each name."""
    bad = {"section": "四(一)3", "item": "x", "category": "bidding", "item_type": "auction", "field": "candidates.shoe",
           "catalogue": "projects-approval-result-proposal"}
    found = problems(bad, "projects")
    assert any("auction" in text for text in found)
    assert any("shoe" in text for text in found)
    assert any("approval_result" in text for text in found)
    assert any("NoSuchModel" in text for text in problems({**bad, "register": "welfare.NoSuchModel"}, "projects"))
    assert problems({"section": "四(一)9", "item": "y", "category": "nothing"}, "projects") == [
        "领域 projects 没有类别“nothing”", "既没有信息类型也没有结构化字段", "没有标准目录事项",
    ]
