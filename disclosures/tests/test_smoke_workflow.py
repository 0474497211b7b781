from disclosures.choices import Status
from disclosures.tests.factories import published


def test_clerk_reviewer_signer_publish_with_index_no(org):
    record = published(org, title="某某项目可行性研究报告批复")
    assert record.status == Status.PUBLISHED
    assert record.index_no.startswith("FGW-")
    assert record.versions.count() == 1
