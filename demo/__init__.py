"""
The demo county (`python manage.py seed_demo`): tooling, not a part of the product.

No production app imports this package: it sits above them all in the `apps` import contract
(pyproject.toml), under `benchmarks`, whose `seed_demo` command is its only user. The domain registry
says which domains exist; this package says how to build each one's demo, by domain code, in `BUILDERS`.
seed_demo iterates the registry (`all_domains()`, in its order) and fails when a domain has no builder
here, so a fourth domain's app needs one more module and one more line below.

- demo/county.py: the county, its departments and users, `DomainDemo` (a domain's builder hooks) and
  the steps every builder shares;
- demo/cases.py: the workflow's special paths and the deadline cases, across domains;
- demo/projects.py, demo/resources.py, demo/welfare.py: each domain's subjects and their records;
- demo/requests.py: the 依申请公开 requests, one in every state;
- demo/guide.py: the county's 政府信息公开指南;
- demo/reports.py: the 年度报告 (a published 2025 report, the county's 2026 draft);
- demo/search.py: the office's 检索同义词 and a month of counted searches (the most searched terms).
"""

from . import projects, resources, welfare
from .county import DomainDemo

BUILDERS: dict[str, DomainDemo] = {
    "projects": projects.DEMO,
    "resources": resources.DEMO,
    "welfare": welfare.DEMO,
}
