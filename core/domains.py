"""
The registry of disclosure domains.

Each domain app declares, on its AppConfig, `disclosure_domain = Domain(...)`. The kernel collects
them here, so adding a fourth domain is one more app, and the kernel never names a domain itself.
"""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import cached_property
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
    # What its records are about (a project, a matter, a programme): the domain's
    # `disclosures.subjects.SubjectSpec` (model, fields, services, policy, record service…), or None.
    subject: object = None
    # What only the domain knows, as dotted paths the kernel calls:
    # - `name_list`: `fn(record)` → the record's public name list (公示名单), or None;
    # - `completeness_gaps`: `fn(user, *, department, category, today)` → rows of the dashboard's
    #   completeness table (subjects with 缺失 / 逾期未公开 categories);
    # - `audit_scopes`: (action prefix, data key, `fn(user)` → queryset) of what else it audits without a
    #   record (黑名单 entries), so that an office reads those rows of its own jurisdictions;
    # - `ocds_packages`: `fn(model label, pks)` → {pk: [OCDS release package, …]}: the contracting processes
    #   it publishes in OCDS about objects of another app (a 招标投标 matter linked to a major project), so
    #   that app's open data can refer to the same processes (`ocds_packages_about`).
    name_list: str = ""
    completeness_gaps: str = ""
    audit_scopes: tuple[tuple[str, str, str], ...] = ()
    ocds_packages: str = ""

    @property
    def subject_lookup(self) -> str:
        """The Disclosure lookup of the domain's subject ("project_link__project"), or ""."""
        return self.subject.record_lookup if self.subject is not None else ""

    def public_subject_queryset(self):
        return import_string(self.subject.public_subjects)() if self.subject is not None else None

    def public_subject_of(self, record):
        """The project, matter or programme `record` is about, if the public may open its page; else None."""
        if self.subject is None:
            return None
        # by primary key: no ORDER BY to compile or run (`.first()` adds the model's)
        linked = type(record).objects.filter(pk=record.pk).order_by().values_list(self.subject_lookup, flat=True)
        pk = next(iter(linked[:1]), None)
        if pk is None:
            return None
        return self.public_subject_queryset().filter(pk=pk).first()

    def public_name_list(self, record):
        """The record's name list as the public may see it (masked, within its 公示期), or None."""
        return import_string(self.name_list)(record) if self.name_list else None

    def audit_scope_querysets(self, user) -> list[tuple[str, str, object]]:
        """(action prefix, data key, visible queryset) of every row kind the domain audits without a record:
        its subject's (`<audit_prefix>.`, keyed by the subject's name) and its `audit_scopes`."""
        scopes = []
        if self.subject is not None:
            policy = import_string(self.subject.policy)(self.subject)
            scopes.append((f"{self.subject.audit_prefix}.", self.subject.name, policy.visible(user)))
        for prefix, key, visible in self.audit_scopes:
            scopes.append((prefix, key, import_string(visible)(user)))
        return scopes

    @property
    def subject_urls(self) -> list[tuple[str, str]]:
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
        return self._category_names.get(code, code)

    @cached_property
    def _category_names(self) -> dict[str, str]:
        # Read for every row of an export and of the nightly bulk files: built once, not per call.
        return dict(self.categories.choices)


def all_domains() -> list[Domain]:
    return list(_installed_domains())


@functools.cache
def _installed_domains() -> tuple[Domain, ...]:
    """The domains of the installed apps, found once (get_domain runs for every exported row)."""
    return tuple(
        config.disclosure_domain
        for config in apps.get_app_configs()
        if getattr(config, "disclosure_domain", None) is not None
    )


@receiver(setting_changed)
def _apps_changed(*, setting, **kwargs):
    if setting == "INSTALLED_APPS":
        _installed_domains.cache_clear()


def get_domain(code: str) -> Domain | None:
    for domain in _installed_domains():
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


def ocds_packages_about(model, pks) -> dict[int, list[dict]]:
    """The OCDS release packages every domain publishes about these objects of `model`, by pk (for OC4IDS
    `contractingProcesses[].summary.ocid`: the domain that publishes a process stays its only source)."""
    packages: dict[int, list[dict]] = {}
    for domain in all_domains():
        if domain.ocds_packages:
            for pk, found in import_string(domain.ocds_packages)(model._meta.label, pks).items():
                packages.setdefault(pk, []).extend(found)
    return packages


def details_form_for(domain_code: str, category_code: str):
    domain = get_domain(domain_code)
    return domain.details_form(category_code) if domain else None
