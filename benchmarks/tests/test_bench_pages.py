"""`bench`'s throughput run measures the five pages issue 24 (part 1) names, each by its in-process case."""

import pytest

from benchmarks.management.commands.bench import Command
from disclosures.tests.factories import published

pytestmark = pytest.mark.django_db


def test_the_throughput_run_measures_the_list_deep_and_filtered_pages_a_record_and_a_search(org):
    record = published(org, title="基准测试记录")
    pages = dict(Command().throughput_pages())
    assert list(pages) == ["列表 第1页", "列表 第500页", "列表 筛选 第1页", "详情页", "检索 2字 常见“公示”"]
    assert pages["列表 第1页"] == "/column/projects/"
    assert pages["列表 第500页"].endswith("page=500")
    assert "year=" in pages["列表 筛选 第1页"]
    assert pages["详情页"] == record.get_absolute_url()
    assert pages["检索 2字 常见“公示”"].startswith("/search/?q=")
