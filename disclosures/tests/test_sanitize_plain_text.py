"""Bidirectional controls (U+202A–U+202E, U+2066–U+2069) are dropped from titles and every other text
field a model validates, whichever door the text comes through; LRM / RLM are kept."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from catalogue.models import CatalogueEntry
from core.sanitize import BIDI_CONTROLS, PlainTextModelMixin, strip_bidi_controls
from disclosures.models import Disclosure
from disclosures.tests.test_admin import form_data, logged_in
from disclosures.tests.test_api import valid_payload
from disclosures.tests.test_import import approval_row, commit, filled
from namelists.models import NameList, NameListEntry
from projects.models import Project
from projects.tests.factories import make_project
from resources.models import BlacklistEntry, ResourceMatter
from resources.tests.factories import make_entry
from welfare.models import Programme
from welfare.tests.factories import make_programme

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"
SPOOFED = f"关于{RLO}FDP.exe{PDF}的批复{RLI}附件{PDI}"
CLEAN = "关于FDP.exe的批复附件"


def test_every_bidi_control_goes_and_the_marks_stay():
    assert strip_bidi_controls("".join(f"a{ch}" for ch in BIDI_CONTROLS)) == "a" * len(BIDI_CONTROLS)
    assert strip_bidi_controls("\u200e甲\u200f") == "\u200e甲\u200f"
    assert strip_bidi_controls({"名称" + RLO: [SPOOFED, 3, None]}) == {"名称": [CLEAN, 3, None]}
    assert strip_bidi_controls(12) == 12


@pytest.mark.parametrize(
    "model",
    [Disclosure, Project, ResourceMatter, BlacklistEntry, Programme, NameList, NameListEntry, CatalogueEntry],
)
def test_the_public_text_models_use_the_mixin(model):
    assert issubclass(model, PlainTextModelMixin)


@pytest.mark.django_db
class TestEveryDoor:
    def test_admin_form(self, client, org):
        logged_in(client, org.clerk)
        data = form_data(department=org.department.pk, title=SPOOFED, doc_no=f"测发改{RLO}〔2026〕1号")
        response = client.post(reverse("admin:disclosures_disclosure_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        record = Disclosure.objects.get()
        assert (record.title, record.doc_no) == (CLEAN, "测发改〔2026〕1号")

    def test_api(self, org):
        api = APIClient()
        api.force_authenticate(org.clerk)
        payload = valid_payload(org, title=SPOOFED, keywords=f"公路{RLI}改造{PDI}")
        payload["details"]["authority"] = f"某县{RLO}发改委"
        response = api.post("/api/v1/disclosures/", payload, format="json")
        assert response.status_code == 201, response.content
        record = Disclosure.objects.get(pk=response.json()["id"])
        assert (record.title, record.keywords, record.details["authority"]) == (
            CLEAN,
            "公路改造",
            "某县发改委",
        )
        assert response.json()["title"] == CLEAN

    def test_excel_import(self, org):
        project = make_project(org)
        upload = filled("projects", "approval_result", [approval_row(project, title=SPOOFED)])
        [record] = commit(org, "projects", "approval_result", upload)
        assert Disclosure.objects.get(pk=record.pk).title == CLEAN

    def test_the_subjects(self, org):
        assert make_project(org, name=f"县道{RLO}改建工程").name == "县道改建工程"
        assert make_entry(org, subject_name=f"测试{RLI}建筑{PDI}有限公司").subject_name == "测试建筑有限公司"
        assert make_programme(org, name=f"困难群众{RLO}救助").name == "困难群众救助"
