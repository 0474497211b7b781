from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    name = "annualreports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self):
        from disclosures.workflow import register_workflow

        from .workflow import REPORT_WORKFLOW

        register_workflow(REPORT_WORKFLOW)  # docs/workflow.md
        REPORT_WORKFLOW.register_audit_labels(
            {"create": "编制年度报告", "refresh": "重新计算表格", "edit": "修改年度报告"}
        )
