"""The personal-data guard reads every field a public page, feed, export or API shows (issue 25 §1).

What is public is derived here from the code that shows it — the public API's serializers, the public
templates, the Atom feeds and the export columns — not from a list kept by hand. Each field found must be
one the guard reads (`pii.guarded_fields`), or one a model declares unguarded because it is shown only
masked (名单 names and numbers). Then each door found open by the tester is tried with a real number.
"""

import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import serializers
from rest_framework.test import APIClient

from core import pii
from disclosures import exports, services
from disclosures.choices import Status
from disclosures.feeds import ColumnFeed
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, published
from disclosures.tests.pii_samples import id18, mobile

ROOT = Path(settings.BASE_DIR)
rng = __import__("random").Random(20261206)
ID = id18(rng)
MOBILE = mobile(rng)


# ---------------------------------------------------------------------------------------------
# What the public sees, derived from the code that shows it
# ---------------------------------------------------------------------------------------------
def _text_field(model, name: str):
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a property or method, not a stored field
        return None
    if field.concrete and isinstance(field, models.CharField | models.TextField | models.JSONField):
        return None if field.choices else field
    return None


def _serializer_fields(serializer_class, seen: set) -> set[tuple[type, str]]:
    """(model, field) pairs a serializer shows, following nested serializers."""
    if serializer_class in seen:
        return set()
    seen.add(serializer_class)
    found = set()
    model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    for name, field in serializer_class().fields.items():
        child = getattr(field, "child", field)
        if isinstance(child, serializers.BaseSerializer):
            found |= _serializer_fields(type(child), seen)
            continue
        if model is None:
            continue
        source = field.source if field.source not in (None, "*") else name
        # `body` and `details` are SerializerMethodFields named after the model field they return.
        target = name if isinstance(field, serializers.SerializerMethodField) else source.split(".")[0]
        if _text_field(model, target) is not None:
            found.add((model, target))
    return found


def _api_views():
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    seen = set()
    for callback in walk(get_resolver().url_patterns):
        cls = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None) or {}
        if cls is None or cls in seen and not actions:
            continue
        seen.add(cls)
        yield cls, actions


def public_api_fields() -> set[tuple[type, str]]:
    """Every model text field an anonymous GET of the API can show."""
    factory = RequestFactory()
    found, seen = set(), set()
    from django.contrib.auth.models import AnonymousUser

    for cls, actions in _api_views():
        for method, action in actions.items() or [("get", None)]:
            if method != "get" or not hasattr(cls, "get_serializer_class"):
                continue
            view = cls()
            view.request = factory.get("/")
            view.request.user = AnonymousUser()
            view.action, view.format_kwarg, view.kwargs = action, None, {}
            extra = getattr(getattr(cls, action or "", None), "kwargs", {})
            for key in ("permission_classes",):
                if key in extra:
                    setattr(view, key, extra[key])
            if not all(permission.has_permission(view.request, view) for permission in view.get_permissions()):
                continue  # not an anonymous reader's door
            try:
                serializer_class = view.get_serializer_class()
            except AssertionError:  # a view without a serializer (statistics, schema)
                continue
            found |= _serializer_fields(serializer_class, seen)
    return found


# The model each public template's variables stand for. A template that is not listed is read with the
# defaults; a variable not named here is not a model instance (a dict, a form, a paginator…).
TEMPLATE_VARIABLES = {
    "": {"record": "disclosures.Disclosure", "doc": "disclosures.Disclosure", "project": "projects.Project",
         "matter": "resources.ResourceMatter", "programme": "welfare.Programme", "name_list": "namelists.NameList",
         "department": "organizations.Department", "jurisdiction": "organizations.Jurisdiction"},
    "disclosures/detail.html": {"item": "disclosures.Attachment"},
    "resources/blacklist.html": {"entry": "resources.BlacklistEntry"},
    "catalogue/index.html": {"entry": "catalogue.CatalogueEntry"},
    "inforequests/disclosure_guide.html": {"guide": "inforequests.DisclosureGuide"},
    "namelists/_public_list.html": {"row": "namelists.NameListEntry"},
    "namelists/print.html": {"row": "namelists.NameListEntry"},
}  # fmt: skip
STAFF_TEMPLATE_DIRS = ("admin", "compliance", "accounts", "notifications", "registration", "drf_spectacular")


def public_templates() -> list[Path]:
    paths = []
    for directory in [ROOT / "templates", *ROOT.glob("*/templates")]:
        for path in directory.rglob("*.html"):
            relative = path.relative_to(directory).as_posix()
            if not relative.startswith(STAFF_TEMPLATE_DIRS) and "/admin/" not in relative:
                paths.append(path)
    return paths


_VARIABLE = re.compile(r"\b([a-z_]+)\.([a-z_]+)\b")


def public_template_fields() -> set[tuple[type, str]]:
    found = set()
    for path in public_templates():
        relative = "/".join(path.parts[-2:])
        names = TEMPLATE_VARIABLES[""] | TEMPLATE_VARIABLES.get(relative, {})
        for tag in re.findall(r"{{.*?}}|{%.*?%}", path.read_text(), re.DOTALL):
            for variable, attribute in _VARIABLE.findall(tag):
                if variable in names and _text_field(apps.get_model(names[variable]), attribute):
                    found.add((apps.get_model(names[variable]), attribute))
    return found


def _attr_path(column) -> str | None:
    names = inspect.getclosurevars(column.value).nonlocals.get("names")
    return names[0] if names else None


def public_export_fields() -> set[tuple[type, str]]:
    """Export columns (the `exports.Column` lists of the public views), with the model each list reads."""
    from disclosures import views as disclosure_views
    from projects import views as project_views
    from resources import views as resource_views
    from welfare import views as welfare_views

    candidates = [apps.get_model(label) for label in ("disclosures.Disclosure", "projects.Project",
                  "resources.ResourceMatter", "resources.BlacklistEntry", "welfare.Programme")]  # fmt: skip
    found = set()
    for module in (disclosure_views, project_views, resource_views, welfare_views):
        for value in vars(module).values():
            if not (isinstance(value, list | tuple) and value and all(isinstance(c, exports.Column) for c in value)):
                continue
            first = [name for name in map(_attr_path, value) if name]
            # The model whose attributes the columns read (some columns read a queryset's annotations).
            scores = {m: sum(hasattr(m, name) for name in first) for m in candidates}
            best = max(scores.values())
            owners = [m for m, score in scores.items() if score == best]
            assert len(owners) == 1 and best >= len(first) / 2, f"{module.__name__}: which model does {first} read?"
            found |= {(owners[0], name) for name in first if _text_field(owners[0], name)}
    return found


def public_feed_fields() -> set[tuple[type, str]]:
    """The Atom entries show a record's title and its description (the body's text)."""
    found = set()
    for name in ("item_title", "item_description"):
        source = inspect.getsource(getattr(ColumnFeed, name))
        found |= {(Disclosure, attribute) for attribute in re.findall(r"item\.(\w+)", source) if _text_field(Disclosure, attribute)}
    return found


def _unguarded_reason(model, name: str) -> str:
    return getattr(model, "pii_unguarded", {}).get(name, "")


def test_every_public_field_is_guarded():
    shown = public_api_fields() | public_template_fields() | public_export_fields() | public_feed_fields()
    # The derivation itself finds what the tester published; if it stopped finding these it would prove nothing.
    for model_label, name in [
        ("disclosures.Disclosure", "keywords"), ("disclosures.Disclosure", "doc_no"),
        ("disclosures.Disclosure", "withdrawal_reason"), ("disclosures.Disclosure", "mode_reason"),
        ("disclosures.Disclosure", "body"), ("disclosures.Disclosure", "details"),
        ("disclosures.Attachment", "original_name"), ("projects.Project", "description"),
        ("resources.BlacklistEntry", "conduct"), ("namelists.NameListEntry", "note"),
        ("namelists.NameListEntry", "locality"), ("welfare.Programme", "report_phone"),
    ]:  # fmt: skip
        assert (apps.get_model(model_label), name) in shown, f"{model_label}.{name} no longer found as public"
    unguarded = []
    for model, name in sorted(shown, key=lambda pair: (pair[0].__name__, pair[1])):
        if model._meta.get_field(name) in pii.guarded_fields(model):
            continue
        if "去标识化" not in _unguarded_reason(model, name):
            unguarded.append(f"{model.__name__}.{name}（{_unguarded_reason(model, name) or '未说明'}）")
    assert unguarded == [], f"public fields the personal-data guard does not read: {unguarded}"


def test_a_new_public_field_would_be_caught(monkeypatch):
    """The check above fails for a field that is shown but declared unguarded (e.g. 主题词 before the fix)."""
    monkeypatch.setattr(Disclosure, "pii_unguarded", Disclosure.pii_unguarded | {"keywords": "以前不检查"})
    with pytest.raises(AssertionError, match=r"Disclosure\.keywords"):
        test_every_public_field_is_guarded()


def test_masked_columns_are_masked_on_every_public_door():
    """The only fields left unguarded are the 名单's names and numbers, shown masked (namelists.masking)."""
    left = {
        (model.__name__, name)
        for model in apps.get_models()
        for name, reason in getattr(model, "pii_unguarded", {}).items()
        if "去标识化" in reason
    }
    assert left == {("NameListEntry", "name"), ("NameListEntry", "id_number"), ("NameListEntry", "phone")}


# ---------------------------------------------------------------------------------------------
# Each door the tester found open
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestRecordFields:
    @pytest.mark.parametrize(
        ("field", "label"),
        [("keywords", "主题词"), ("doc_no", "文号"), ("issuer", "发文机构"), ("mode_reason", "依申请公开/不予公开说明")],
    )
    def test_submit_is_blocked_by_a_number_in(self, org, field, label):
        value = f"张某{MOBILE}" if field != "doc_no" else MOBILE
        record = draft(org.clerk, org.department, **{field: value})
        with pytest.raises(pii.PiiFound) as caught:
            services.disclosure_submit(disclosure=record, actor=org.clerk)
        assert [(f.field, f.kind) for f in caught.value.findings] == [(label, "mobile")]

    def test_api_create_then_submit_answers_409(self, org):
        client = APIClient()
        client.force_authenticate(org.clerk)
        record = draft(org.clerk, org.department)
        response = client.patch(
            f"/api/v1/disclosures/{record.pk}/", {"keywords": f"申请人 {ID}", "lock_version": record.lock_version},
            format="json",
        )
        assert response.status_code == 200, response.content
        response = client.post(f"/api/v1/disclosures/{record.pk}/submit/", {}, format="json")
        assert response.status_code == 409
        assert response.json()["findings"][0]["field"] == "主题词"
        assert ID.encode() not in response.content

    def test_mask_masks_every_guarded_field(self, org):
        record = draft(org.clerk, org.department, keywords=f"联系 {MOBILE}", issuer=f"经办人{MOBILE}")
        services.disclosure_pii_mask(disclosure=record, actor=org.clerk, expected_version=record.lock_version)
        record.refresh_from_db()
        assert MOBILE not in record.keywords and MOBILE not in record.issuer
        assert record.keywords == f"联系 {MOBILE[:3]}****{MOBILE[-4:]}"

    def test_correction_keywords_are_scanned(self, org):
        original = published(org)
        correction = services.disclosure_start_correction(disclosure=original, actor=org.clerk, change_note="更正主题词")
        services.disclosure_update(
            disclosure=correction, actor=org.clerk, expected_version=correction.lock_version, keywords=f"联系{MOBILE}"
        )
        with pytest.raises(pii.PiiFound):
            services.disclosure_submit(disclosure=correction, actor=org.clerk)

    def test_withdrawal_reason_is_refused_with_a_field_error(self, org):
        record = published(org)
        with pytest.raises(ValidationError) as caught:
            services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason=f"申请人{MOBILE}要求撤回")
        assert "撤回理由将向社会公开" in caught.value.message_dict["reason"][0]
        assert MOBILE not in str(caught.value)
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED and record.withdrawal_reason == ""

    def test_withdrawal_through_the_api_answers_400_naming_the_field(self, org):
        record = published(org)
        client = APIClient()
        client.force_authenticate(org.reviewer)
        response = client.post(
            f"/api/v1/disclosures/{record.pk}/withdraw/", {"comment": f"号码{ID}"}, format="json"
        )
        assert response.status_code == 400
        assert ID.encode() not in response.content and "撤回理由" in response.content.decode()


@pytest.mark.django_db
class TestSubjects:
    def test_project_description(self, org):
        from projects.tests.factories import make_project

        with pytest.raises(ValidationError) as caught:
            make_project(org, description=f"联系人李某，电话{MOBILE}")
        assert "项目概况将向社会公开" in caught.value.message_dict["description"][0]

    def test_blacklist_entry(self, org):
        from resources.tests.factories import make_entry

        with pytest.raises(ValidationError) as caught:
            make_entry(org, conduct=f"法定代表人身份证号{ID}")
        assert set(caught.value.message_dict) == {"conduct"}

    def test_matter_and_programme(self, org):
        from resources.tests.factories import make_matter
        from welfare.tests.factories import make_programme

        with pytest.raises(ValidationError, match="事项概况"):
            make_matter(org, description=f"经办人{MOBILE}")
        with pytest.raises(ValidationError, match="监督举报电话"):
            make_programme(org, report_phone=MOBILE)

    def test_name_list_note_and_locality(self, org):
        from namelists import services as namelist_services

        record = draft(org.clerk, org.department, domain="welfare", category="social_assistance")
        rows = [
            {"name": "张三", "id_number": ID, "locality": "白水村", "note": f"联系电话{MOBILE}"},
            {"name": "李四", "locality": f"白水村{MOBILE}", "note": "低保"},
        ]
        with pytest.raises(ValidationError) as caught:
            namelist_services.name_list_save(actor=org.clerk, disclosure=record, entries=rows)
        assert sorted(caught.value.message_dict) == ["entries.1.note", "entries.2.locality"]
        # The 身份证号码 column is the list's own: it is kept and shown masked, never refused.
        rows[0]["note"], rows[1]["locality"] = "低保", "白水村"
        namelist_services.name_list_save(actor=org.clerk, disclosure=record, entries=rows)

    def test_department_phone(self, org):
        org.department.phone = MOBILE
        with pytest.raises(ValidationError) as caught:
            org.department.full_clean()
        assert set(caught.value.message_dict) == {"phone"}
        org.department.phone = "0871-6512345"
        org.department.full_clean()
