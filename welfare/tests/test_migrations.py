"""welfare 0004 brings the welfare rows of an existing 标准目录 up to issue 27 (the data function, run on rows put
back as the 2018 seed had them): the new entry is added, item types are added to the rows without removing
the office's, and the 扶贫办 names become today's only where the office left the seed's text."""

import importlib

import pytest
from django.apps import apps

from catalogue.models import CatalogueEntry

pytestmark = pytest.mark.django_db

migration = importlib.import_module("welfare.migrations.0004_catalogue_issue27")


def test_existing_rows_learn_the_new_item_types_and_names_and_the_new_entry_is_added():
    CatalogueEntry.objects.filter(code="welfare-environment-enterprise-disclosure").delete()
    CatalogueEntry.objects.filter(code="welfare-health-food-penalty").update(item_types=[])
    CatalogueEntry.objects.filter(code="welfare-environment-heavy-pollution").update(item_types=["heavy_pollution_warning", "office_own"])
    CatalogueEntry.objects.filter(code="welfare-poverty-projects").update(
        level1="脱贫攻坚", level2="扶贫项目", subject="县乡村振兴局（扶贫办）、项目实施单位", item_types=["project"])
    CatalogueEntry.objects.filter(code="welfare-poverty-policy").update(subject="县扶贫开发领导小组办公室（本县改名）")

    migration.forwards(apps, None)

    rows = {row.code: row for row in CatalogueEntry.objects.filter(domain="welfare")}
    assert rows["welfare-environment-enterprise-disclosure"].item_types == ["enterprise_disclosure"]
    assert "生态环境部令第24号" in rows["welfare-environment-enterprise-disclosure"].basis
    assert rows["welfare-health-food-penalty"].item_types == ["food_penalty"]
    assert rows["welfare-environment-heavy-pollution"].item_types == [
        "heavy_pollution_warning", "office_own", "heavy_pollution_release", "heavy_pollution_opinion"]
    projects = rows["welfare-poverty-projects"]
    assert projects.item_types == ["project", "acceptance"]
    assert (projects.level1, projects.level2, projects.subject) == (
        "巩固拓展脱贫攻坚成果和乡村振兴（脱贫攻坚）", "衔接推进乡村振兴项目（扶贫项目）", "县农业农村局（乡村振兴局）、项目实施单位")
    assert rows["welfare-poverty-policy"].subject == "县扶贫开发领导小组办公室（本县改名）"  # the office's own edit is kept
