"""No silent destruction (issue 26, part 4): published material — records, versions, attachments, subject
links, name lists, withdrawal duties, blacklist entries — and audit rows cannot be deleted by anyone through
any door (admin pages, bulk actions, inlines, raw admin URLs, the API, services and the shell), superusers
included. Drafts stay editable. The 销毁 procedure is tested in test_archiving.py."""

import pytest
from django.contrib.admin.sites import site
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from core.preservation import PreservedModel, destruction_authorised
from disclosures import retractions, services
from disclosures.models import Attachment, Disclosure, DisclosureVersion
from disclosures.retraction_models import PenaltyRetraction, RetractionTrigger
from disclosures.tests.factories import draft, published
from disclosures.tests.files import pdf_upload
from disclosures.tests.test_audit_append_only import every_view
from namelists import services as namelist_services
from namelists.models import NameList, NameListEntry
from projects.models import Project, ProjectRecord
from projects.tests.factories import make_project, make_record
from resources.models import BlacklistEntry
from resources.tests.factories import make_entry

pytestmark = pytest.mark.django_db

ENTRIES = [{"name": "张三明", "id_number": "110101199003071234", "phone": "13812345678", "locality": "白水村"}]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x" * 12)


def publish(org, record):
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    services.disclosure_sign(disclosure=record, actor=org.signer)
    record.refresh_from_db()
    return record


@pytest.fixture
def material(org):
    """A published project record with an attachment and a name list, a withdrawn record, a penalty decision
    with its withdrawal duty, and a blacklist entry."""
    project = make_project(org)
    record = make_record(org, project, title="某公路项目可行性研究报告批复")
    services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf_upload("批复.pdf"))
    namelist_services.name_list_save(actor=org.clerk, disclosure=record, entries=ENTRIES)
    publish(org, record)
    withdrawn = published(org, title="将被撤回的信息")
    services.disclosure_withdraw(disclosure=withdrawn, actor=org.reviewer, reason="信息有误，撤回")
    penalty = CatalogueEntry.objects.get(code="projects-bidding-penalty")
    decision = published(org, title="某公司行政处罚决定", catalogue_entry=penalty, domain=penalty.domain, category=penalty.category)
    retraction = retractions.penalty_retraction_register(
        disclosure=decision, actor=org.office, trigger=RetractionTrigger.REVOKED,
        trigger_document="县人民政府行政复议决定书（测政复决字〔2026〕12号）", triggered_on=timezone.localdate(),
        reason="该行政处罚决定已被撤销，依法撤回该决定信息。",
    )
    return {
        "project": project,
        "record": record,
        "withdrawn": withdrawn,
        "decision": decision,
        "rows": {
            Disclosure: record,
            Attachment: record.attachments.get(),
            DisclosureVersion: record.versions.get(),
            ProjectRecord: record.project_link,
            NameList: record.name_list,
            NameListEntry: record.name_list.entries.get(),
            PenaltyRetraction: retraction,
            BlacklistEntry: make_entry(org),
        },
    }


def counts() -> dict:
    models = [Disclosure, Attachment, DisclosureVersion, ProjectRecord, NameList, NameListEntry, PenaltyRetraction,
              BlacklistEntry, AuditEntry, Project]  # fmt: skip
    return {model.__name__: model._base_manager.count() for model in models}


# ---------------------------------------------------------------------------------------------
# Services and the shell: the model and its queryset
# ---------------------------------------------------------------------------------------------
def test_every_kind_of_published_row_refuses_model_and_queryset_delete(material):
    before = counts()
    for model, row in material["rows"].items():
        with pytest.raises(ProtectedError, match="已经公开，不能删除") as refused:
            row.delete()
        assert "只能撤回" in str(refused.value.args[0]), model
        with pytest.raises(ProtectedError, match="已经公开，不能删除"):
            model.objects.filter(pk=row.pk).delete()
        with pytest.raises(ProtectedError, match="已经公开，不能删除"):
            model.objects.all().delete()
    for record in (material["withdrawn"], material["decision"]):
        with pytest.raises(ProtectedError):
            record.delete()
    with pytest.raises(ProtectedError):
        material["record"].attachments.all().delete()
    with pytest.raises(ProtectedError):
        material["record"].versions.all().delete()
    stored = material["rows"][Attachment].file
    with pytest.raises(ProtectedError, match="已经公开，不能删除"):
        stored.delete()  # the file under a kept row
    assert stored.storage.exists(stored.name)
    assert counts() == before


def test_every_model_holding_published_material_is_guarded():
    guarded = {model for model in site._registry if issubclass(model, PreservedModel)}
    expected = {Disclosure, NameList, PenaltyRetraction, BlacklistEntry}
    assert expected <= guarded
    for model in (Attachment, DisclosureVersion, ProjectRecord, NameListEntry):
        assert issubclass(model, PreservedModel), model


def test_drafts_stay_editable(org):
    record = draft(org.clerk, org.department, title="草稿")
    attachment = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf_upload("草稿.pdf"))
    namelist_services.name_list_save(actor=org.clerk, disclosure=record, entries=ENTRIES)
    namelist_services.name_list_save(actor=org.clerk, disclosure=record, entries=ENTRIES)  # replaces the entries

    services.attachment_remove(attachment=attachment, actor=org.clerk)

    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert record.name_list.entries.count() == 1


def test_another_records_destruction_procedure_opens_nothing_else(material):
    row = material["rows"][BlacklistEntry]
    with destruction_authorised([material["record"].pk]):  # another record's procedure: still refused
        with pytest.raises(ProtectedError):
            row.delete()
        with pytest.raises(ProtectedError):
            material["withdrawn"].delete()


# ---------------------------------------------------------------------------------------------
# Cascades from a parent
# ---------------------------------------------------------------------------------------------
def test_no_parent_can_cascade_published_rows_away(org, material):
    before = counts()
    record = material["record"]
    parents = [
        record.department, record.jurisdiction, record.catalogue_entry, material["project"], org.clerk, org.signer,
        material["rows"][NameList],
    ]
    for parent in parents:
        with pytest.raises(ProtectedError):
            parent.delete()
    with pytest.raises(ProtectedError):
        Project.objects.filter(pk=material["project"].pk).delete()
    assert counts() == before


# ---------------------------------------------------------------------------------------------
# The admin, superuser included
# ---------------------------------------------------------------------------------------------
def test_no_admin_or_inline_offers_delete_of_published_material(rf, superuser, org, material):
    request = rf.get("/admin/")
    request.user = superuser
    checked = 0
    for model, model_admin in site._registry.items():
        rows = [row for kind, row in material["rows"].items() if kind is model]
        if model in (Project,):
            rows = [material["project"]]
        if not rows:
            continue
        for row in rows:
            assert not model_admin.has_delete_permission(request, row), model
            assert "delete_selected" not in model_admin.get_actions(request), model
            for inline in model_admin.get_inline_instances(request, row):
                assert not inline.has_delete_permission(request, row), (model, inline)
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("kind", [Disclosure, NameList, PenaltyRetraction, BlacklistEntry, Project])
def test_raw_admin_delete_urls_answer_403_to_a_superuser(client, superuser, material, kind):
    row = material["project"] if kind is Project else material["rows"][kind]
    client.force_login(superuser)
    before = counts()
    opts = kind._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[row.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
    assert change.status_code == 200 and "deletelink" not in change.content.decode()
    assert counts() == before


def test_bulk_delete_action_is_not_offered_and_a_forged_post_deletes_nothing(client, superuser, material):
    client.force_login(superuser)
    before = counts()
    changelist = reverse("admin:disclosures_disclosure_changelist")
    assert "delete_selected" not in client.get(changelist).content.decode()

    pks = [material["record"].pk, material["withdrawn"].pk]
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": pks, "post": "yes", "index": 0})

    assert response.status_code in {200, 302, 403}
    assert counts() == before


def test_a_forged_inline_delete_box_deletes_no_attachment(client, superuser, material):
    record, attachment = material["record"], material["rows"][Attachment]
    client.force_login(superuser)
    before = counts()
    url = reverse("admin:disclosures_disclosure_change", args=[record.pk])
    response = client.post(url, {
        "title": record.title, "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "1",
        "attachments-0-id": attachment.pk, "attachments-0-disclosure": record.pk, "attachments-0-DELETE": "on",
    })

    assert response.status_code in {200, 302, 403}
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert counts() == before


# ---------------------------------------------------------------------------------------------
# The API
# ---------------------------------------------------------------------------------------------
def test_no_api_view_answers_delete():
    seen = 0
    for route, callback in every_view():
        if not route.startswith("api/"):
            continue
        actions = getattr(callback, "actions", None)  # a viewset's method → action map
        view_class = getattr(callback, "cls", None)
        if actions is not None:
            assert "delete" not in actions, route
        elif view_class is not None:
            assert not hasattr(view_class, "delete"), route
        seen += 1
    assert seen > 10


def test_api_delete_is_refused_for_a_superuser(superuser, material):
    api = APIClient()
    api.force_authenticate(superuser)
    before = counts()
    record, project = material["record"], material["project"]
    for url in [
        f"/api/v1/disclosures/{record.pk}/",
        f"/api/v1/disclosures/{material['withdrawn'].pk}/",
        f"/api/v1/disclosures/{record.pk}/attachments/",
        f"/api/v1/projects/{project.pk}/",
    ]:
        assert api.delete(url).status_code in {403, 405}, url
    assert counts() == before
