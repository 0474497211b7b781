from django.apps import AppConfig

from disclosures.domains import Domain

from .choices import WelfareArea


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = "社会公益事业建设"
    disclosure_domain = Domain(
        code="welfare",
        label="社会公益事业建设",
        short_label="社会公益事业",
        categories=WelfareArea,
        category_label="领域",
        urgent_categories=("disaster_relief", "health"),
        details_forms="welfare.forms.CATEGORY_FORMS",
        subject_links=(("welfare:list", "社会公益事业项目"),),
        public_subjects="welfare.selectors.public_programmes",
        subject_lookup="programme_link__programme",
        record_create="welfare.services.programme_record_create",
        subject_category_field="area",
    )
