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
        subject_links=(("resources:list", "公共资源配置事项"), ("resources:blacklist", "失信黑名单")),
        public_subjects="resources.selectors.public_matters",
        subject_lookup="matter_link__matter",
        record_create="resources.services.matter_record_create",
        subject_code_field="reference_no",
        subject_category_field="area",
    )
