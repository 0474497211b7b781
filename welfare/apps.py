from django.apps import AppConfig

from core.domains import Domain
from disclosures.subjects import SubjectSpec

from .choices import WelfareArea

PROGRAMME = SubjectSpec(
    model="welfare.Programme",
    name="programme",
    record_lookup="programme_link__programme",
    audit_prefix="programme",
    audit_facts=("name", "area"),
    category_field="area",
    record_create="welfare.services.programme_record_create",
    public_subjects="welfare.selectors.public_programmes",
    service="welfare.services.ProgrammeService",
)


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
        subject=PROGRAMME,
        name_list="namelists.selectors.public_name_list",
        audit_scopes=(("public_body.", "public_body", "welfare.services.visible_public_bodies"),),
    )

    def ready(self):
        from core.audit import register_labels

        register_labels(
            "public_body",
            {
                "create": "登记公共企事业单位（慈善组织）",
                "update": "修改公共企事业单位（慈善组织）",
                "evaluate": "公布信息公开评估结果",
                "evaluation_update": "修改信息公开评估结果",
            },
        )
