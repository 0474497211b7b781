"""
The registry of disclosure domains.

Each domain app declares, on its AppConfig, `disclosure_domain = Domain(...)`. The kernel collects
them here, so adding a fourth domain is one more app, and the kernel never names a domain itself.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Domain:
    code: str
    label: str
    short_label: str
    categories: type[models.TextChoices]
    category_label: str = "类别"
    # Dotted path to a dict {category code: django Form class} of the category's structured fields.
    details_forms: str = ""
    # Categories whose records may be marked urgent (1 working day, shown first).
    urgent_categories: tuple[str, ...] = ()
    # Pages of the domain's own subjects, linked from its column: [(url name, label), ...]
    subject_links: tuple[tuple[str, str], ...] = ()
    # The domain's subjects (projects, matters, programmes) for feeds and the sitemap:
    # a dotted path to a function returning the public ones, and the lookup from a record to its subject.
    public_subjects: str = ""
    subject_lookup: str = ""
    # Drafting a record about a subject (admin, API, Excel import): the domain's service, a dotted path to
    # `fn(*, actor, <subject keyword>, department, **fields)`, where the keyword is the link's field name
    # (the part of `subject_lookup` after "__"); the subject's own reference field (投资项目统一代码…), if
    # it has one; and the subject field that fixes its records' category (a matter's 领域), if any.
    record_create: str = ""
    subject_code_field: str = ""
    subject_category_field: str = ""

    def public_subject_queryset(self):
        return import_string(self.public_subjects)() if self.public_subjects else None

    @property
    def subject_urls(self) -> list[tuple[str, str]]:
        from django.urls import reverse

        return [(reverse(name), label) for name, label in self.subject_links]

    def details_form(self, category: str):
        """The Form class of a category's structured fields, or None."""
        if not self.details_forms:
            return None
        return import_string(self.details_forms).get(category)

    @property
    def category_choices(self) -> list[tuple[str, str]]:
        return list(self.categories.choices)

    def category_name(self, code: str) -> str:
        return dict(self.categories.choices).get(code, code)


def all_domains() -> list[Domain]:
    return [
        config.disclosure_domain
        for config in apps.get_app_configs()
        if getattr(config, "disclosure_domain", None) is not None
    ]


def get_domain(code: str) -> Domain | None:
    for domain in all_domains():
        if domain.code == code:
            return domain
    return None


def domain_choices() -> list[tuple[str, str]]:
    return [(domain.code, domain.label) for domain in all_domains()]


def category_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a <select>: domain label -> its categories."""
    return [(domain.label, domain.category_choices) for domain in all_domains()]


def is_valid_category(domain_code: str, category_code: str) -> bool:
    domain = get_domain(domain_code)
    return domain is not None and category_code in domain.categories.values


def details_form_for(domain_code: str, category_code: str):
    domain = get_domain(domain_code)
    return domain.details_form(category_code) if domain else None
