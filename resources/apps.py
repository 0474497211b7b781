from django.apps import AppConfig

from disclosures.domains import Domain

from .choices import ResourceArea


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "公共资源配置"
    disclosure_domain = Domain(
        code="resources",
        label="公共资源配置",
        short_label="公共资源配置",
        categories=ResourceArea,
        category_label="领域",
        details_forms="resources.forms.CATEGORY_FORMS",
    )
