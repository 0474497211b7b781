"""
The subject contract: what a domain declares about the subject its records are about (a project, a
resource matter, a welfare programme), read once by the kernel.

A domain app builds one `SubjectSpec` in its `apps.py` and hands it to its `Domain(subject=...)`. The
kernel's bases read it: the subject services (create / update with the field whitelist, the manage check
and the audit diff, `disclosures.subject_services`), the policy (`disclosures.subject_policies`), the admin
mixin (`disclosures.admin_subjects`), the API viewset base (`disclosures.api.subjects`), the Excel import
and the API's create path (`subject_for_domain`). The spec names models and functions by dotted path, so
that an `apps.py` can declare it before the models are loaded.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string

from core.domains import all_domains, get_domain


@dataclass(frozen=True)
class SubjectSpec:
    # The subject model ("projects.Project") and its name: the link model's foreign key, the keyword of the
    # domain's record service and the key of the subject's id in its audit rows ("project").
    model: str
    name: str
    # The Disclosure lookup of the subject ("project_link__project").
    record_lookup: str
    # Audit rows are "<audit_prefix>.create" / ".update" with data {name: pk, *audit_facts, "changes"}.
    audit_prefix: str
    audit_facts: tuple[str, ...] = ()
    # The field of the department that manages the subject (牵头部门 / 主管部门).
    department_field: str = "department"
    # The word for the subject in messages and headings: 项目 / 事项.
    noun: str = "项目"
    # The subject's own reference (投资项目统一代码, 项目（交易）编号) and the field that fixes its records'
    # category (a matter's 领域), if any.
    code_field: str = ""
    category_field: str = ""
    # Dotted paths: the domain's record service `fn(*, actor, <name>, department, **fields)`, the public
    # subjects (feeds, sitemap, the API's anonymous list), and the service and policy classes (the kernel's
    # bases unless the domain has rules of its own).
    record_create: str = ""
    public_subjects: str = ""
    service: str = "disclosures.subject_services.SubjectService"
    policy: str = "disclosures.subject_policies.SubjectPolicy"

    def get_model(self):
        return apps.get_model(self.model)

    @property
    def verbose_name(self) -> str:
        return str(self.get_model()._meta.verbose_name)

    @property
    def code_label(self) -> str:
        return str(self.get_model()._meta.get_field(self.code_field).verbose_name) if self.code_field else "编号"

    def public_queryset(self):
        return import_string(self.public_subjects)()

    def create_record(self, *, actor, subject, department, **fields):
        """Draft a record about `subject` through the domain's own record service."""
        return import_string(self.record_create)(actor=actor, department=department, **{self.name: subject}, **fields)

    def reference(self, subject) -> str:
        return (getattr(subject, self.code_field) if self.code_field else "") or f"#{subject.pk}"

    def display(self, subject) -> str:
        return f"{subject.name}（{self.reference(subject)}）"

    def public_records(self, subject_ref):
        """The public records (published, not 不予公开) of a subject or of an `OuterRef` to one."""
        return apps.get_model("disclosures.Disclosure").objects.public().filter(**{self.record_lookup: subject_ref})


def form_item_types(category_forms: dict, area: str) -> list[tuple[str, str]]:
    """An area's item types (code, label) in the order of its details form (a domain's `CATEGORY_FORMS`);
    none for an unknown area."""
    form_class = category_forms.get(area)
    return list(form_class.ITEM_TYPES) if form_class else []


def form_item_type_label(category_forms: dict, area: str, code: str | None) -> str:
    """The label of an item type of the area; the code itself when the area does not know it."""
    return dict(form_item_types(category_forms, area)).get(code, code or "")


@cache
def _instance(path: str, spec: SubjectSpec):
    return import_string(path)(spec)


def subject_service(spec: SubjectSpec):
    """The spec's service object (`SubjectService` or the domain's subclass)."""
    return _instance(spec.service, spec)


def subject_policy(spec: SubjectSpec):
    """The spec's policy object (`SubjectPolicy` or the domain's subclass)."""
    return _instance(spec.policy, spec)


def all_subjects() -> list[SubjectSpec]:
    return [domain.subject for domain in all_domains() if domain.subject is not None]


def subject_for_domain(code: str) -> SubjectSpec | None:
    domain = get_domain(code)
    return domain.subject if domain is not None else None


def subject_for_model(model) -> SubjectSpec | None:
    """The spec of a subject model (for a foreign key to another domain's subject: a matter's project)."""
    label = model._meta.label
    return next((spec for spec in all_subjects() if spec.model == label), None)
