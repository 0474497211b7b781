"""The contract of a domain's subject admin (`disclosures.admin_subjects.SubjectRecordsAdminMixin`): the
changelist is scoped to what the user may see, saving goes through the subject service and only for the
user's own departments, nobody deletes, and the subject's page lists its records and offers 新增信息记录
(the kernel's clerk form, limited to the subject's domain, posting to the domain's record service).

A domain's test class inherits `SubjectAdminContract` and declares:
- its `domain` code (tests/contracts/domain.py): its subject's spec, and `make_<name>`, `<name>_fields` and
  `make_record` of its `tests/factories.py`;
- `world_subjects`: fields (a name at least) of the subjects of the `world` — "mine" (of `org.department`),
  "theirs" (of `org.other_department`), "town" (of the town) and "far" (of another county) — and
  `more_subjects(org)`, other subjects of the county;
- `kind_key` (the key of a kind in `add_record_links`: category, item type…), `kinds(subject)` (the kinds
  offered for a subject), `foreign_kind` (a kind of the domain never offered for "mine", or None);
- `record_post(subject, department, kind, **overrides)`: the add-record form's data (`record_form`), valid for
  `record_kind`;
- the records of the tests: `listed` (the subject key, the fields of the record made on it and the label shown
  with it), `form` (the kind whose form is opened, the catalogue entry it proposes, the fieldset's category, the
  fieldsets it leaves out and fields it shows), `added` (kind, post overrides, category, details and message
  of the record a clerk adds, checked further by `check_added`), `bad_details` (kind, post overrides, field errors)
  and `foreign_entry` (the code of a catalogue entry the form refuses).
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from disclosures.choices import Status
from disclosures.forms import DisclosureForm
from disclosures.models import Disclosure
from organizations.choices import Role
from organizations.tests.factories import DepartmentFactory, member
from tests.clock import TEST_TODAY

from .domain import DomainTestCase
from .records import another_county_department, domain_of, link_model, publish


def logged_in(client, user):
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def record_form(department, entry, category: str, details: dict, **overrides) -> dict:
    """What the 新增信息记录 form posts: a record of `department` under the catalogue `entry`, with the
    structured fields `details` of `category`, and `overrides`."""
    data = {
        "department": department.pk,
        "catalogue_entry": entry.pk,
        "title": "测试信息记录",
        "formed_on": (TEST_TODAY - datetime.timedelta(days=1)).isoformat(),
        "disclosure_mode": "active",
        "body": "<p>正文</p>",
    }
    for name, value in details.items():
        data[DisclosureForm.details_field_name(category, name)] = value
    data.update(overrides)
    return data


def form_data(fields: dict) -> dict:
    """`fields` as an admin form posts them: objects by their pk, booleans as a ticked box, nothing empty."""
    data = {}
    for name, value in fields.items():
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, bool):
            value = "on" if value else None
        if value is not None and str(value) != "":
            data[name] = str(value)
    return data


@pytest.mark.django_db
class SubjectAdminContract(DomainTestCase):
    world_subjects: dict[str, dict]
    kind_key: str
    foreign_kind: str | None = None
    record_kind: str
    listed: dict
    form: dict
    added: dict
    bad_details: dict
    foreign_entry: str

    # --- what the domain declares ------------------------------------------------------------
    def kinds(self, subject) -> list[str]:
        raise NotImplementedError

    def record_post(self, subject, department, kind: str, **overrides) -> dict:
        raise NotImplementedError

    def more_subjects(self, org) -> dict:
        return {}

    def check_added(self, record) -> None:
        """What else the domain knows of the record `added` makes."""

    # --- helpers ---------------------------------------------------------------------------------
    @property
    def model(self):
        return self.spec.get_model()

    def url(self, view: str, *args) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    def change_url(self, subject) -> str:
        return self.url("change", subject.pk)

    def add_record_url(self, subject, kind: str) -> str:
        return self.url("add_record", subject.pk, kind)

    def new_subject(self, org, **fields):
        return getattr(self.factories, f"make_{self.spec.name}")(org, **fields)

    def make_record(self, org, subject, **fields):
        return self.factories.make_record(org, subject, **fields)

    def subject_post(self, org, **overrides) -> dict:
        return form_data(getattr(self.factories, f"{self.spec.name}_fields")(org, **overrides))

    def names_in_changelist(self, client, **params) -> list[str]:
        response = client.get(self.url("changelist"), params)
        assert response.status_code == 200
        return sorted(subject.name for subject in response.context["cl"].result_list)

    def owned_by(self, department) -> dict:
        return {self.spec.department_field: department}

    def links(self):
        return link_model(self.spec).objects

    @pytest.fixture
    def world(self, org):
        """Subjects of the county (of `org.department` and of `org.other_department`), of the town, and of
        another county, each registered by a clerk of its department."""
        far_department = another_county_department()
        far_clerk = member(far_department, Role.CLERK, "far_clerk")
        owners = {
            "mine": (org.county, org.department, org.clerk),
            "theirs": (org.county, org.other_department, org.other_clerk),
            "town": (org.town, org.town_department, org.town_clerk),
            "far": (far_department.jurisdiction, far_department, far_clerk),
        }
        world = {
            key: self.new_subject(
                org, actor=clerk, jurisdiction=jurisdiction, **self.owned_by(department), **self.world_subjects[key]
            )
            for key, (jurisdiction, department, clerk) in owners.items()
        }
        return world | self.more_subjects(org)

    def county_names(self, world) -> list[str]:
        return sorted(subject.name for key, subject in world.items() if key != "far")

    # --- scoping ---------------------------------------------------------------------------------
    def test_county_staff_see_the_county_and_its_towns_not_another_county(self, client, org, world):
        assert self.names_in_changelist(logged_in(client, org.clerk)) == self.county_names(world)

    def test_town_staff_see_their_town(self, client, org, world):
        assert self.names_in_changelist(logged_in(client, org.town_clerk)) == [world["town"].name]

    def test_town_staff_see_a_county_subject_they_publish_about(self, client, org, world):
        self.make_record(org, world["mine"], actor=org.town_clerk, department=org.town_department)
        assert world["mine"].name in self.names_in_changelist(logged_in(client, org.town_clerk))

    def test_the_office_sees_its_jurisdiction_and_below(self, client, org, world):
        assert self.names_in_changelist(logged_in(client, org.office)) == self.county_names(world)

    def test_another_countys_subject_cannot_be_opened(self, client, org, world):
        response = logged_in(client, org.clerk).get(self.change_url(world["far"]))
        assert response.status_code == 302
        assert world["far"].name not in response.content.decode()
        assert logged_in(client, org.clerk).get(self.add_record_url(world["far"], self.record_kind)).status_code == 404

    # --- saving through the services ---------------------------------------------------------------
    def test_a_clerk_adds_one_through_the_service(self, client, org):
        response = logged_in(client, org.clerk).post(self.url("add"), self.subject_post(org, name="后台登记的主体"))
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert self.model.objects.get().name == "后台登记的主体"
        assert AuditEntry.objects.filter(action=f"{self.spec.audit_prefix}.create", actor=org.clerk).exists()

    def test_the_department_choices_are_the_users_own(self, client, org):
        data = self.subject_post(org, **self.owned_by(org.other_department))
        response = logged_in(client, org.clerk).post(self.url("add"), data)
        assert response.status_code == 200
        assert "请从列表中" in response.context["adminform"].form.errors[self.spec.department_field][0]
        assert not self.model.objects.exists()

    def test_another_department_sees_it_read_only(self, client, org, world):
        subject = world["mine"]
        client = logged_in(client, org.other_clerk)
        page = client.get(self.change_url(subject))
        assert page.status_code == 200 and not page.context["has_change_permission"]
        assert client.post(self.change_url(subject), self.subject_post(org, name="越权改名")).status_code == 403
        assert self.model.objects.get(pk=subject.pk).name == self.world_subjects["mine"]["name"]

    def test_nobody_deletes_one(self, client, org, world):
        assert logged_in(client, org.office).get(self.url("delete", world["mine"].pk)).status_code == 403

    # --- the subject's records -------------------------------------------------------------------
    def test_the_change_page_lists_records_with_links_and_offers_every_kind(self, client, org, world):
        subject = world[self.listed["subject"]]
        mine = self.make_record(org, subject, title="本部门的信息记录", **self.listed["fields"])
        theirs = self.make_record(org, subject, actor=org.other_clerk, department=org.other_department,
                                  title="他单位的信息记录（草稿）", **self.listed["fields"])
        page = logged_in(client, org.clerk).get(self.change_url(subject))
        content = page.content.decode()
        assert "本部门的信息记录" in content and self.listed["label"] in content
        assert reverse("admin:disclosures_disclosure_change", args=[mine.pk]) in content
        assert "他单位的信息记录（草稿）" not in content  # another department's draft is theirs until published
        kinds = self.kinds(subject)
        assert [link[self.kind_key] for link in page.context["add_record_links"]] == kinds
        for kind in kinds:
            assert self.add_record_url(subject, kind) in content
        if self.foreign_kind is not None:
            assert self.add_record_url(subject, self.foreign_kind) not in content

        publish(theirs, clerk=org.other_clerk, reviewer=org.other_reviewer, signer=member(org.other_department, Role.SIGNER))
        content = logged_in(client, org.clerk).get(self.change_url(subject)).content.decode()
        assert "他单位的信息记录（草稿）" in content
        assert theirs.get_absolute_url() in content

    def test_the_add_record_form_is_the_kernel_form_limited_to_the_subject(self, client, org, world):
        subject = world["mine"]
        page = logged_in(client, org.clerk).get(self.add_record_url(subject, self.form["kind"]))
        assert page.status_code == 200
        form = page.context["form"]
        assert isinstance(form, DisclosureForm)
        offered = form.fields["catalogue_entry"].queryset
        domain = domain_of(self.spec).code
        assert set(offered.values_list("domain", flat=True)) == {domain}
        if self.spec.category_field:
            assert set(offered.values_list("category", flat=True)) == {getattr(subject, self.spec.category_field)}
        assert form["catalogue_entry"].value() == CatalogueEntry.objects.get(code=self.form["entry"]).pk
        assert form["department"].value() == org.department.pk
        content = page.content.decode()
        assert f'class="module aligned details-fieldset details-{self.form["category"]}"' in content
        for category in self.form["not_shown"]:
            assert f"details-{category}" not in content, category
        for text in self.form["shown"]:
            assert text in content, text
        assert 'id="entry-categories"' in content and "js/admin_details.js" in content

    def test_a_clerk_adds_a_record_and_goes_on_to_its_workflow(self, client, org, world):
        subject = world["mine"]
        kind = self.added["kind"]
        data = self.record_post(subject, org.department, kind, **self.added["post"])
        response = logged_in(client, org.clerk).post(self.add_record_url(subject, kind), data)
        record = Disclosure.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("admin:disclosures_disclosure_change", args=[record.pk])
        assert record.status == Status.DRAFT and record.category == self.added["category"]
        for name, value in self.added["details"].items():
            assert record.details[name] == value, name
        assert getattr(self.links().get(disclosure=record), self.spec.name) == subject
        assert any(self.added["message"] in m for m in messages_of(response))
        assert logged_in(client, org.clerk).get(response.url).status_code == 200
        self.check_added(record)

    def test_bad_structured_fields_are_shown_in_chinese_and_nothing_is_saved(self, client, org, world):
        subject = world["mine"]
        kind = self.bad_details["kind"]
        data = self.record_post(subject, org.department, kind, **self.bad_details["post"])
        response = logged_in(client, org.clerk).post(self.add_record_url(subject, kind), data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        for field, messages in self.bad_details["errors"].items():
            assert errors[field] == messages, field
        assert "请修正下面的错误，记录尚未保存。" in response.content.decode()
        assert not Disclosure.objects.exists() and not self.links().exists()

    def test_a_missing_title_and_a_future_date_are_field_errors(self, client, org, world):
        tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
        data = self.record_post(world["mine"], org.department, self.record_kind, title="", formed_on=tomorrow)
        response = logged_in(client, org.clerk).post(self.add_record_url(world["mine"], self.record_kind), data)
        errors = response.context["form"].errors
        assert errors["title"] == ["请填写此项。"]
        assert errors["formed_on"] == ["信息形成（变更）日期不能晚于今天。"]
        assert not Disclosure.objects.exists()

    def test_an_entry_the_subject_does_not_take_is_not_offered(self, client, org, world):
        entry = CatalogueEntry.objects.get(code=self.foreign_entry)
        data = self.record_post(world["mine"], org.department, self.record_kind, catalogue_entry=entry.pk)
        response = logged_in(client, org.clerk).post(self.add_record_url(world["mine"], self.record_kind), data)
        assert "请从列表中" in response.context["form"].errors["catalogue_entry"][0]
        assert not Disclosure.objects.exists()

    def test_a_department_the_clerk_does_not_work_in_is_not_offered(self, client, org, world):
        data = self.record_post(world["mine"], org.other_department, self.record_kind)
        response = logged_in(client, org.clerk).post(self.add_record_url(world["mine"], self.record_kind), data)
        assert "请从列表中" in response.context["form"].errors["department"][0]
        assert not Disclosure.objects.exists()

    def test_another_department_publishes_about_a_subject_it_does_not_run(self, client, org, world):
        data = self.record_post(world["mine"], org.other_department, self.record_kind)
        response = logged_in(client, org.other_clerk).post(self.add_record_url(world["mine"], self.record_kind), data)
        assert response.status_code == 302
        record = Disclosure.objects.get()
        assert record.department == org.other_department
        assert getattr(self.links().get(disclosure=record), self.spec.name) == world["mine"]

    def test_the_office_drafts_for_a_county_department_about_a_town_subject(self, client, org, world):
        data = self.record_post(world["town"], org.department, self.record_kind)
        response = logged_in(client, org.office).post(self.add_record_url(world["town"], self.record_kind), data)
        assert response.status_code == 302
        assert getattr(self.links().get(disclosure=Disclosure.objects.get()), self.spec.name) == world["town"]

    def test_a_department_of_another_county_is_refused_by_the_service(self, client, org, world, django_user_model):
        """Even a superuser, who is offered every department, cannot file another county's record here."""
        far = DepartmentFactory(jurisdiction=world["far"].jurisdiction, name="邻县另一局", code="LXLY")
        root = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")
        data = self.record_post(world["mine"], far, self.record_kind)
        response = logged_in(client, root).post(self.add_record_url(world["mine"], self.record_kind), data)
        assert response.status_code == 200
        assert f"不属于{self.spec.noun}所在区划" in response.context["form"].errors["department"][0]
        assert not Disclosure.objects.exists()

    def test_reviewers_and_unknown_kinds_are_refused(self, client, org, world):
        subject = world["mine"]
        assert logged_in(client, org.reviewer).get(self.add_record_url(subject, self.record_kind)).status_code == 403
        assert logged_in(client, org.clerk).get(self.add_record_url(subject, "nope")).status_code == 404
        if self.foreign_kind is not None:
            assert logged_in(client, org.clerk).get(self.add_record_url(subject, self.foreign_kind)).status_code == 404
