from django.apps import AppConfig

from core.domains import Domain
from disclosures.subjects import SubjectSpec

from .choices import ProjectCategory

PROJECT = SubjectSpec(
    model="projects.Project",
    name="project",
    record_lookup="project_link__project",
    audit_prefix="project",
    audit_facts=("code",),
    department_field="lead_department",
    code_field="code",
    record_create="projects.services.project_record_create",
    public_subjects="projects.selectors.public_projects",
)


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "重大建设项目批准和实施"
    disclosure_domain = Domain(
        code="projects",
        label="重大建设项目批准和实施",
        short_label="重大建设项目",
        categories=ProjectCategory,
        category_label="信息类别",
        details_forms="projects.forms.CATEGORY_FORMS",
        subject_links=(("projects:list", "重大建设项目库"), ("projects:statistics", "年度公开统计")),
        subject=PROJECT,
        name_list="namelists.selectors.public_name_list",
        completeness_gaps="projects.selectors.project_gap_rows",
    )
