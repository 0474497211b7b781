"""
A subject's records in the admin, once for the three domain apps. A project (projects), a matter
(resources) or a programme (welfare) lists the records linked to it on its change page and offers
one 新增 link per kind of record; the link opens the kernel's clerk form limited to the domain's
catalogue and posts to the domain's own `*_record_create` service. The subject itself is listed
(scoped by the kernel's policy), offered foreign keys (departments and jurisdictions the user manages,
another domain's subjects the user sees) and saved (through the kernel's subject service) as the
domain's `SubjectSpec` declares. The domain admins say only what differs, through the small hooks below.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from catalogue.models import CatalogueEntry
from core.admin_base import adopt_saved
from core.domains import all_domains
from core.exceptions import WorkflowError
from disclosures import policies as disclosure_policies
from disclosures.admin import error_text
from disclosures.choices import Status
from disclosures.forms import DisclosureForm, catalogue_entry_choices, creatable_departments
from disclosures.models import Disclosure
from disclosures.selectors import api_disclosures_for
from disclosures.services import default_catalogue_entry
from disclosures.subject_policies import can_create_any, manageable_departments, manageable_jurisdictions
from disclosures.subjects import subject_for_model, subject_policy, subject_service
from organizations.admin_mixins import StaffMayViewAdminMixin


def format_wan_yuan(value) -> str:
    """An amount in 元 shown in 万元, as Chinese project lists and trading notices show it (12,680.00 万元)."""
    if value is None:
        return "—"
    return f"{value / 10000:,.2f} 万元"


class RegisterAdminMixin(StaffMayViewAdminMixin):
    """The admin of a register kept beside the records (the 严重失信主体名单 and 红名单, the 公共企事业单位和慈善组织):
    staff open it, a clerk or the office adds to it, nobody deletes from it (it is public; an entry leaves the
    public list by its own rules), and `can_manage(user, obj)` says who may change an entry."""

    def can_manage(self, user, obj) -> bool:
        raise NotImplementedError

    def has_add_permission(self, request):
        return can_create_any(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can_create_any(request.user)
        return self.can_manage(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceSavedRegisterAdminMixin(RegisterAdminMixin):
    """A register entry saved by its domain's services, never by the admin's `obj.save()`: the subclass names the
    fields the services take (`service_fields`) and the two calls, `service_create(actor, **fields)` and
    `service_update(actor, obj, **fields)`; rights, validation and the audit row are theirs."""

    service_fields: tuple[str, ...] = ()

    def service_create(self, actor, **fields):
        raise NotImplementedError

    def service_update(self, actor, obj, **fields):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in self.service_fields if name in form.cleaned_data}
        if change:
            self.service_update(request.user, obj, **fields)
            return
        adopt_saved(obj, self.service_create(request.user, **fields))


class SubjectRecordsAdminMixin(RegisterAdminMixin):
    """Mix into the ModelAdmin of a domain's subject model (its `SubjectSpec` as `subject_spec`)."""

    change_form_template = "admin/disclosures/subject/change_form.html"
    add_record_template = "admin/disclosures/subject/add_record.html"
    subject_spec = None  # the domain's SubjectSpec
    subject_widgets: dict = {}  # widgets of the subject's form (its fields are the fieldsets')
    kind_key = "category"  # key of the kind in each add_record_links entry (kept for the tests)
    kind_column_label = "信息类型"
    name_list_column = ""  # a column for the record's name list, when the domain has them
    unknown_kind_message = "该领域没有这个信息类型。"
    records_ordering = ("formed_on", "pk")
    records_select_related = ()

    # --- what the spec says --------------------------------------------------------------------
    @property
    def record_domain(self) -> str:
        """The catalogue domain of the subject's records."""
        return next(domain.code for domain in all_domains() if domain.subject == self.subject_spec)

    @property
    def subject_lookup(self) -> str:
        return self.subject_spec.record_lookup

    @property
    def subject_name(self) -> str:
        """Context key of the subject; its rows are "<subject_name>_records"."""
        return self.subject_spec.name

    @property
    def subject_noun(self) -> str:
        return self.subject_spec.noun

    # --- scoping and permissions: the same for every domain's subjects -------------------------
    def visible_subjects(self, user):
        return subject_policy(self.subject_spec).visible(user)

    def can_manage_subject(self, user, subject) -> bool:
        return subject_policy(self.subject_spec).can_manage(user, subject)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Departments and jurisdictions the user manages; another domain's subjects the user sees (a
        matter's project)."""
        other = subject_for_model(db_field.related_model)
        if db_field.name == self.subject_spec.department_field:
            kwargs["queryset"] = manageable_departments(request.user)
        elif db_field.name == "jurisdiction":
            kwargs["queryset"] = manageable_jurisdictions(request.user)
        elif other is not None:
            kwargs["queryset"] = subject_policy(other).visible(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- saving through the kernel's subject service ---------------------------------------------
    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("widgets", self.subject_widgets)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        service = subject_service(self.subject_spec)
        fields = {name: form.cleaned_data[name] for name in service.fields if name in form.cleaned_data}
        if change:
            service.update(actor=request.user, subject=obj, **fields)
            return
        created = service.create(actor=request.user, **fields)
        adopt_saved(obj, created)

    # --- hooks ------------------------------------------------------------------------------

    @admin.display(description="信息记录", ordering="record_count")
    def records_column(self, obj):
        return obj.record_count

    def get_queryset(self, request):
        return self.visible_subjects(request.user).annotate(
            record_count=Count("record_links", filter=~Q(record_links__disclosure__status=Status.MERGED))
        )

    def can_manage(self, user, obj) -> bool:
        # A subject with public records is ended (终止, 实施结果), never deleted (RegisterAdminMixin).
        return self.can_manage_subject(user, obj)

    def record_kinds(self, subject) -> list[tuple[str, str]]:
        """The kinds of record the subject may get, as (code, label)."""
        raise NotImplementedError

    def kind_to_category(self, subject, kind: str) -> str:
        """The disclosure category (structured-details area) a kind of record belongs to: the subject's own
        (a matter's 领域) when its spec has a category field, else the kind itself."""
        category_field = self.subject_spec.category_field
        return getattr(subject, category_field) if category_field else kind

    def create_record(self, request, subject, department, **data) -> Disclosure:
        """The domain's own `*_record_create` service, as its spec names it."""
        return self.subject_spec.create_record(actor=request.user, subject=subject, department=department, **data)

    def record_entries(self, subject):
        entries = CatalogueEntry.objects.filter(domain=self.record_domain, is_active=True)
        category_field = self.subject_spec.category_field
        return entries.filter(category=getattr(subject, category_field)) if category_field else entries

    def detail_categories(self, subject, kind: str) -> set[str]:
        """The categories whose structured-details fieldsets the add form shows."""
        return {self.kind_to_category(subject, kind)}

    def record_row(self, request, subject, record, in_scope: bool) -> dict:
        """Extra keys of one row of the change page's records table (`kind_label` at least)."""
        return {"kind_label": record.category_label}

    def public_url(self, subject, rows) -> str:
        return subject.get_absolute_url()

    def add_record_title(self, subject, kind: str, chosen_category: str) -> str:
        return f"新增信息记录：{dict(self.record_kinds(subject))[kind]}"

    def add_record_intro(self, subject, kind: str) -> str:
        """The (safe) HTML paragraph(s) naming the subject above the add form."""
        return ""

    def add_record_context(self, subject, kind: str) -> dict:
        return {}

    def prepare_record_form(self, request, subject, kind: str, form) -> None:
        """Adjust the clerk form for this subject and kind (drop fields, …)."""

    def record_fieldsets(self, request, subject, kind: str, fieldsets) -> list:
        categories = self.detail_categories(subject, kind)
        return [
            fieldset
            for fieldset in fieldsets
            if not fieldset[0] or any(f"details-{code}" in fieldset[1].get("classes", []) for code in categories)
        ]

    def created_message(self, subject, record, kind: str) -> str:
        return f"已为“{subject.name}”新增{record.category_label}：{record.title}（草稿）。请补充附件后提交审核。"

    def record_initial(self, request, subject, kind: str) -> dict:
        departments = creatable_departments(request.user)
        department_id = getattr(subject, f"{self.subject_spec.department_field}_id")
        department = departments.filter(pk=department_id).first() or departments.first()
        entry = default_catalogue_entry(self.record_domain, self.kind_to_category(subject, kind))
        return {
            "department": department.pk if department else None,
            "catalogue_entry": entry.pk if entry else None,
            "title": f"{subject.name}{dict(self.record_kinds(subject))[kind]}",
        }

    # --- the change page ----------------------------------------------------------------
    def _url_name(self, suffix: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{suffix}"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            subject = self.get_object(request, object_id)
            if subject is not None:
                extra_context.update(self.records_context(request, subject))
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def records_context(self, request, subject) -> dict:
        """The records the user may see (their scope, or public), and one 新增 link per kind."""
        user = request.user
        records = (
            api_disclosures_for(user)
            .filter(**{self.subject_lookup: subject})
            .exclude(status=Status.MERGED)
            .select_related(*self.records_select_related)
            .order_by(*self.records_ordering)
        )
        rows = []
        for record in records:
            in_scope = disclosure_policies.can_view(user, record)
            rows.append(
                {
                    "record": record,
                    "url": (
                        reverse("admin:disclosures_disclosure_change", args=[record.pk])
                        if in_scope
                        else record.get_absolute_url()
                    ),
                    "overdue": record.is_overdue,
                    **self.record_row(request, subject, record, in_scope),
                }
            )
        can_add = creatable_departments(user).exists()
        url_name = f"admin:{self._url_name('add_record')}"
        return {
            f"{self.subject_name}_records": rows,
            "subject_records": rows,
            "subject_noun": self.subject_noun,
            "subject_name": self.subject_name,
            "kind_column_label": self.kind_column_label,
            "name_list_column": self.name_list_column,
            "public_url": self.public_url(subject, rows),
            "add_record_links": [
                {self.kind_key: code, "kind": code, "label": label, "url": reverse(url_name, args=[subject.pk, code])}
                for code, label in self.record_kinds(subject)
            ]
            if can_add
            else [],
        }

    # --- the add-record page ------------------------------------------------------------
    def get_urls(self):
        return [
            path(
                "<int:object_id>/records/add/<str:kind>/",
                self.admin_site.admin_view(self.add_record_view),
                name=self._url_name("add_record"),
            )
        ] + super().get_urls()

    def add_record_view(self, request, object_id, kind):
        """新增信息记录: the kernel's clerk form, limited to this domain's catalogue, posting to the
        domain's `*_record_create`; on success, on to the record's own page for the workflow."""
        subject = get_object_or_404(self.get_queryset(request), pk=object_id)
        if kind not in dict(self.record_kinds(subject)):
            raise Http404(self.unknown_kind_message)
        disclosure_admin = self.admin_site._registry[Disclosure]
        if not disclosure_admin.has_add_permission(request):
            raise PermissionDenied
        form_class = disclosure_admin.get_form(request, None, change=False)
        entries = self.record_entries(subject)
        if request.method == "POST":
            form = form_class(request.POST)
        else:
            form = form_class(initial=self.record_initial(request, subject, kind))
        entry_field = form.fields["catalogue_entry"]
        entry_field.queryset = entries
        entry_field.choices = catalogue_entry_choices(entries.order_by("ordering", "code"))
        self.prepare_record_form(request, subject, kind, form)

        if request.method == "POST" and form.is_valid():
            data = form.service_fields()
            department = data.pop("department")
            try:
                record = self.create_record(request, subject, department, **data)
            except ValidationError as exc:
                self.errors_to_form(form, exc, data.get("category") or self.kind_to_category(subject, kind))
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, self.created_message(subject, record, kind), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:disclosures_disclosure_change", args=[record.pk]))

        chosen = form["catalogue_entry"].value()
        chosen_category = next(
            (e.category for e in entries if str(e.pk) == str(chosen)), self.kind_to_category(subject, kind)
        )
        fieldsets = self.record_fieldsets(request, subject, kind, disclosure_admin.get_fieldsets(request, None))
        adminform = helpers.AdminForm(form, fieldsets, {}, model_admin=disclosure_admin)
        context = {
            **self.admin_site.each_context(request),
            "title": self.add_record_title(subject, kind, chosen_category),
            "subtitle": subject.name,
            self.subject_name: subject,
            "subject": subject,
            "subject_intro": self.add_record_intro(subject, kind),
            "record_form_id": f"{self.subject_name}_record_form",
            "opts": self.model._meta,
            "adminform": adminform,
            "form": form,
            "errors": helpers.AdminErrorList(form, []),
            "media": disclosure_admin.media + form.media,
            "entry_categories": {str(e.pk): e.category for e in entries},
            "change_url": reverse(f"admin:{self._url_name('change')}", args=[subject.pk]),
            **self.add_record_context(subject, kind),
        }
        return TemplateResponse(request, self.add_record_template, context)

    @staticmethod
    def errors_to_form(form, exc: ValidationError, category: str) -> None:
        """The service's errors on the form's fields (`details.x` is the category's field `d__<category>__x`)."""
        if not hasattr(exc, "message_dict"):
            form.add_error(None, exc.messages)
            return
        for key, messages_ in exc.message_dict.items():
            if key.startswith("details."):
                target = DisclosureForm.details_field_name(category, key.split(".", 1)[1])
            elif key in {"domain", "category"}:
                target = "catalogue_entry"
            else:
                target = key
            form.add_error(target if target in form.fields else None, messages_)

