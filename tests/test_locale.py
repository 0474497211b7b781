"""The portal's wording of Django's stock admin messages (locale/zh_Hans/LC_MESSAGES): the compiled
catalogue says what its source says, and the messages read as Chinese (no spaces around names or
between sentences, full-width stops)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


def _pairs(catalogue) -> dict:
    return {(entry.msgid, entry.msgid_plural): (entry.msgstr, dict(entry.msgstr_plural)) for entry in catalogue}


def test_the_compiled_catalogue_is_its_source():
    source, compiled = polib.pofile(str(LOCALE / "django.po")), polib.mofile(str(LOCALE / "django.mo"))
    assert len(source) > 10
    assert _pairs(compiled) == _pairs(source), "run `make messages` after editing django.po"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("None available", "暂无"),
        ("You may edit it again below.", "可在下方继续编辑。"),
        # form fields in plain Chinese (issue 23, part 7), for the admin, the public forms and the API alike
        ("This field is required.", "请填写此项。"),
        ("Enter a valid date.", "请按“年-月-日”填写日期，例如 2026-03-01。"),
        ("Select a valid choice. That choice is not one of the available choices.", "所选的项已不存在，请从列表中重新选择。"),
    ],
)
def test_the_portals_wording_comes_before_djangos(message, expected):
    with translation.override("zh-hans"):
        assert translation.gettext(message) == expected


@pytest.mark.django_db
def test_the_admin_says_what_it_saved_in_one_chinese_sentence_pair(org):
    from disclosures.tests.test_admin import form_data

    client = Client()
    client.force_login(org.clerk)
    data = form_data(department=org.department.pk, title="一条新记录") | {"_continue": "1"}
    response = client.post(reverse("admin:disclosures_disclosure_add"), data, follow=True)
    html = response.content.decode()
    assert "已添加信息公开记录“<a " in html
    assert "</a>”。可在下方继续编辑。</li>" in html  # Django joins the two sentences with a space
    assert "成功添加了" not in html and "再次编辑它." not in html


@pytest.mark.django_db
def test_a_wrong_public_filter_is_explained_in_plain_chinese(client, org):
    """Not Django's stock "选择一个有效的选项。 x 不在可用的选项中。" but what to do, after the field's name."""
    html = client.get("/projects/", {"sector": "spaceport"}).content.decode()
    assert "行业领域：“spaceport”不是可选的值，请从列表中选择。" in html
    assert "选择一个有效的选项" not in html and "输入一个有效的" not in html


@pytest.mark.django_db
def test_the_api_names_the_field_in_the_same_words(anonymous):
    response = anonymous.get("/api/v1/projects/", {"sector": "spaceport"})
    assert response.status_code == 400
    assert response.json()["sector"] == ["“spaceport”不是可选的值，请从列表中选择。"]
