import json
from copy import deepcopy

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q

from catalogue.models import CatalogueEntry
from core.domains import all_domains
from core.sanitize import text_to_paragraphs
from core.widgets import RichTextarea
from organizations.choices import Role
from organizations.models import Department
from organizations.selectors import user_scope

from . import services
from .choices import DocumentKind
from .details import clean_details
from .models import Attachment, Disclosure
from .subjects import subject_policy, subject_service
from .workflow import DISCLOSURE_WORKFLOW


def category_domain(category: str) -> str | None:
    for domain in all_domains():
        if category in domain.categories.values:
            return domain.code
    return None


def creatable_departments(user):
    scope = user_scope(user)
    queryset = Department.objects.select_related("jurisdiction")
    if scope.is_superuser:
        return queryset

    allowed = scope.departments_with(Role.CLERK) | set(scope.office_department_ids)
    return queryset.filter(pk__in=allowed)


def catalogue_entry_label(entry: CatalogueEntry) -> str:
    label = f"{entry}（公开时限：{entry.limit_display}）"
    return label if entry.is_active else f"{label}（已停用）"


def catalogue_entry_choices(entries) -> list:
    """Grouped choices for a <select>: “领域 / 主题分类” -> its entries, in the order of the domain registry."""
    grouped: dict[tuple[str, str], list] = {}
    for entry in entries:
        grouped.setdefault((entry.domain, entry.category), []).append((entry.pk, catalogue_entry_label(entry)))
    choices: list = [("", "---------")]
    for domain in all_domains():
        for code, label in domain.category_choices:
            if (domain.code, code) in grouped:
                choices.append((f"{domain.label} / {label}", grouped.pop((domain.code, code))))
    for (domain_code, category), items in grouped.items():  # an entry of a domain no app declares any more
        choices.append((f"{domain_code} / {category}", items))
    return choices


def catalogue_entries_for(record: Disclosure | None):
    """Active entries, plus the one a record already points to (so an old draft stays editable)."""
    condition = Q(is_active=True)
    if record is not None and record.catalogue_entry_id:
        condition |= Q(pk=record.catalogue_entry_id)
    return CatalogueEntry.objects.filter(condition)


class DisclosureForm(forms.ModelForm):
    """The clerk's form. The 标准目录事项 decides domain, 主题分类 and the publication limit; the
    workflow fields are not here."""

    catalogue_entry = forms.ModelChoiceField(
        label="标准目录事项",
        queryset=CatalogueEntry.objects.none(),
        help_text="选择本信息对应的标准目录事项，它决定主题分类和公开时限。",
    )
    interpretation_url = forms.URLField(label="外部政策解读链接", required=False, assume_scheme="https")
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Disclosure
        fields = [
            "department",
            "catalogue_entry",
            "title",
            "doc_no",
            "issuer",
            "written_on",
            "document_kind",
            "validity",
            "validity_ended_on",
            "formed_on",
            "formed_at",
            "keywords",
            "disclosure_mode",
            "withholding_reason",
            "mode_reason",
            "urgent",
            "body",
            "interpretation",
            "interpretation_url",
            "change_note",
        ]
        widgets = {
            "body": RichTextarea(),
            "mode_reason": forms.Textarea(attrs={"rows": 2}),
            "change_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        entries = catalogue_entries_for(self.instance if self.instance.pk else None)
        entry_field = self.fields["catalogue_entry"]
        entry_field.queryset = entries
        entry_field.choices = catalogue_entry_choices(entries.order_by("ordering", "code"))
        if user is not None and "department" in self.fields:
            departments = creatable_departments(user)
            self.fields["department"].queryset = departments
            if not self.instance.pk:
                only = list(departments[:2])
                if len(only) == 1:  # a clerk of one department: it is theirs
                    self.fields["department"].initial = only[0].pk
        if not self.instance.pk and "formed_on" in self.fields:
            # No silent "today": the date starts the legal clock, so the clerk states it (条例第二十六条).
            formed_on = self.fields["formed_on"]
            formed_on.initial, formed_on.required = None, True
            formed_on.help_text = (
                "必填。信息形成或者变更之日，公开时限自此日起算（当日不计入，《政府信息公开条例》第二十六条）；"
                "行政许可、行政处罚决定为决定作出日期（批复日期）。"
            )
        if "interpretation" in self.fields:
            self.fields["interpretation"].queryset = Disclosure.objects.public().order_by("-published_at")
        if "document_kind" in self.fields:
            # Most records are no 规章 or 规范性文件: a form sent without the choice keeps “其他”.
            self.fields["document_kind"].required = False
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
        if not (self.instance.pk and self.instance.corrects_id):
            self.fields.pop("change_note", None)
        self._add_details_fields()
        formed_at = self.fields.get("formed_at")
        if formed_at is not None and hasattr(formed_at.widget, "widgets"):
            # The admin's split date/time inputs have no <label> of their own (axe: label).
            date_input, time_input = formed_at.widget.widgets
            date_input.attrs["aria-label"] = f"{formed_at.label}：日期"
            time_input.attrs["aria-label"] = f"{formed_at.label}：时间"
        if not self.instance.pk and user is not None:
            self._add_subject_fields(user)

    # --- the subject a new record is about (a project, a matter, a programme) ----------------
    SUBJECT_PREFIX = "subject__"

    @classmethod
    def subject_field_name(cls, domain: str) -> str:
        return f"{cls.SUBJECT_PREFIX}{domain}"

    @staticmethod
    def subject_domains() -> list:
        """The domains whose records are about a subject (each declares its `SubjectSpec`)."""
        return [domain for domain in all_domains() if domain.subject is not None]

    def _add_subject_fields(self, user) -> None:
        """One optional choice per domain with subjects, of the subjects the user may open; the page shows
        the one of the domain the chosen 标准目录事项 belongs to. A record tied to its subject reaches the
        subject's life cycle and completeness (the three key areas' 全过程 disclosure)."""
        for domain in self.subject_domains():
            spec = domain.subject
            queryset = subject_policy(spec).visible(user).order_by("-pk")
            field = forms.ModelChoiceField(
                queryset=queryset, required=False, label=f"所属{spec.noun}",
                help_text=f"本记录所关于的{spec.verbose_name}：选择后，记录出现在该{spec.noun}的全过程页面和信息完整性检查中。"
                "只能在新建时选择。",
            )
            field.label_from_instance = spec.display
            self.fields[self.subject_field_name(domain.code)] = field

    def chosen_subject(self):
        """The subject chosen for the domain of the record's 标准目录事项, or None."""
        entry = self.cleaned_data.get("catalogue_entry")
        if entry is None:
            return None
        return self.cleaned_data.get(self.subject_field_name(entry.domain))

    # --- structured fields of each category ------------------------------------------------
    DETAILS_PREFIX = "d__"

    @classmethod
    def details_field_name(cls, category: str, name: str) -> str:
        return f"{cls.DETAILS_PREFIX}{category}__{name}"

    @staticmethod
    def details_forms() -> list[tuple[str, str, type]]:
        """(category, label, form class) of every category that has structured fields."""
        return [
            (code, f"{domain.short_label} / {label}", domain.details_form(code))
            for domain in all_domains()
            for code, label in domain.category_choices
            if domain.details_form(code) is not None
        ]

    def _add_details_fields(self) -> None:
        """Every category's fields are in the form (the page shows the chosen category's); only the
        chosen category's are validated, by the same kernel function the API uses."""
        for category, _label, form_class in self.details_forms():
            for name, field in form_class.base_fields.items():
                copy = deepcopy(field)
                copy.required = False
                if self.instance.category == category and name in (self.instance.details or {}):
                    copy.initial = self.instance.details[name]
                if name == getattr(form_class, "ITEM_FIELD", None) and getattr(form_class, "ITEM_FIELDS", None):
                    copy.widget.attrs["data-item-fields"] = self._item_fields_attr(category, form_class.ITEM_FIELDS)
                self.fields[self.details_field_name(category, name)] = copy

    @classmethod
    def _item_fields_attr(cls, category: str, item_fields: dict) -> str:
        """A details form's `ITEM_FIELDS` (item type → the fields that item shows), for the page's script
        (static/js/admin_details.js), which hides the other item types' fields: the clerk of a 中标候选人公示 is
        not shown the 违法处罚 fields. An item type not named shows every field."""
        return json.dumps(
            {item: [cls.details_field_name(category, name) for name in names] for item, names in item_fields.items()},
            ensure_ascii=False,
        )

    def _clean_details(self, category: str, domain: str) -> None:
        form_class = next((f for c, _l, f in self.details_forms() if c == category), None)
        if form_class is None:
            self.instance.details = {}
            return
        prefix = self.details_field_name(category, "")
        data = {
            name: self.cleaned_data.get(prefix + name)
            for name in form_class.base_fields
            if self.cleaned_data.get(prefix + name) not in (None, "", [])
        }
        self._enter_once(form_class, data)
        try:
            self.instance.details = clean_details(domain, category, data)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                target = prefix + key.split(".", 1)[1] if key.startswith("details.") else None
                if target in self.errors:
                    continue  # the field itself already said what is wrong
                for message in messages:
                    self.add_error(target if target in self.fields else None, message)

    def _enter_once(self, form_class, data: dict) -> None:
        """What the clerk has already said elsewhere on the form is not asked again: the item type of a
        标准目录事项 that has only one (`ITEM_FIELD`), and the 文号 that the category's own number repeats
        (`DOC_NO_FIELD`, e.g. 批复文号) — either one fills the other."""
        entry = self.cleaned_data.get("catalogue_entry")
        item_field = getattr(form_class, "ITEM_FIELD", None)
        if item_field and not data.get(item_field) and entry is not None and len(entry.item_types or []) == 1:
            data[item_field] = entry.item_types[0]
        doc_field = getattr(form_class, "DOC_NO_FIELD", None)
        if doc_field:
            doc_no = (self.cleaned_data.get("doc_no") or "").strip()
            if doc_no and not data.get(doc_field):
                data[doc_field] = doc_no
            elif data.get(doc_field) and not doc_no:
                self.cleaned_data["doc_no"] = data[doc_field]

    def clean_document_kind(self):
        return self.cleaned_data.get("document_kind") or DocumentKind.OTHER

    def clean_body(self):
        """The editor's HTML as it is; typed lines without it (no JavaScript) as paragraphs."""
        return text_to_paragraphs(self.cleaned_data.get("body"))

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = Disclosure.objects.filter(pk=self.instance.pk).values_list("lock_version", flat=True).first()
            if cleaned.get("lock_version") is None or cleaned.get("lock_version") != current:
                raise ValidationError(
                    "该记录在您打开后已被其他人修改或办理，您的修改未保存。请复制您的修改内容，刷新页面后重新填写。",
                    code="edit_conflict",
                )
        entry = cleaned.get("catalogue_entry")
        if entry is not None:
            self.instance.domain, self.instance.category = entry.domain, entry.category
            self._clean_details(entry.category, entry.domain)
        subject, department = (self.chosen_subject() if not self.instance.pk else None), cleaned.get("department")
        if subject is not None and department is not None:
            # The domain's rule, said on the form (the clerk's entries stay): the department must be of the
            # subject's jurisdiction, above or below it.
            spec = next(domain.subject for domain in self.subject_domains() if domain.code == entry.domain)
            try:
                subject_service(spec).check_record_department(subject, department)
            except ValidationError as exc:
                self.add_error(self.subject_field_name(entry.domain), exc.message_dict["department"])
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        for field, messages in services.disclosure_rule_errors(self.instance).items():
            # Domain and category come from the entry: report them there (once the entry itself is valid).
            target = "catalogue_entry" if field in {"domain", "category"} else field
            target = target if target in self.fields else None
            for message in messages:
                if target is None or target not in self.errors:
                    self.add_error(target, message)

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        entry = data.get("catalogue_entry")
        if entry is not None:
            data["domain"], data["category"] = entry.domain, entry.category
        data["details"] = self.instance.details or {}
        return data


class AttachmentForm(forms.ModelForm):
    """A new row of the record's attachments table. The file arrives in `upload`, a field of the form
    only: the model's `file` would show its storage path (attachments/2026/12/…) on the rows already
    saved, where the admin's `AttachmentInline.upload` shows the file's own name instead."""

    upload = forms.FileField(label="文件")

    class Meta:
        model = Attachment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row of the attachments table: its column heading is not a <label> (axe: label).
        self.fields["upload"].widget.attrs["aria-label"] = "上传附件文件"

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if isinstance(upload, UploadedFile):
            try:
                services.validate_upload(upload)
            except ValidationError as exc:
                # Name the file, so a clerk uploading several knows which one was refused.
                name = upload.name
                messages = exc.message_dict.get("file", exc.messages)
                raise ValidationError([m if name in m else f"“{name}”：{m}" for m in messages]) from exc
        return upload


def workflow_choices() -> list[tuple[str, str]]:
    """The actions of the transition table (read when the form is built, so the table alone decides)."""
    return [(action.name, action.label) for action in DISCLOSURE_WORKFLOW.actions]


class WorkflowActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=workflow_choices,
        label="操作",
    )
    comment = forms.CharField(label="意见/理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
