from django.apps import AppConfig

from core.domains import Domain
from disclosures.subjects import SubjectSpec

from .choices import ResourceArea

MATTER = SubjectSpec(
    model="resources.ResourceMatter",
    name="matter",
    record_lookup="matter_link__matter",
    audit_prefix="matter",
    audit_facts=("area", "name"),
    noun="事项",
    code_field="reference_no",
    category_field="area",
    record_create="resources.services.matter_record_create",
    public_subjects="resources.selectors.public_matters",
    service="resources.services.MatterService",
)


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
        subject_links=(("resources:list", "公共资源配置事项"), ("resources:blacklist", "严重失信主体名单"), ("resources:redlist", "红名单")),
        subject=MATTER,
        name_list="namelists.selectors.public_name_list",
        audit_scopes=(("blacklist.", "entry", "resources.policies.visible_blacklist"),),
        ocds_packages="resources.ocds.packages_about",
    )
