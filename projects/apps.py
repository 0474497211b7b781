from django.apps import AppConfig

from disclosures.domains import Domain

from .choices import ProjectCategory


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
        public_subjects="projects.selectors.public_projects",
        subject_lookup="project_link__project",
        record_create="projects.services.project_record_create",
        subject_code_field="code",
    )
