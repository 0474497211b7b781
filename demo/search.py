"""The demo county's search help (issue 23, part 6): the 政务公开办's synonym groups, saved through the same
service as the admin, and a month of searches counted, so that the empty search page lists the most
searched terms. The groups are real usage (简称 and 全称 of the 重点领域); every counted term finds records
in the demo."""

import datetime

from disclosures import search_help
from disclosures.models import SearchTermCount, SynonymGroup

GROUPS = (
    ("公租房", "公共租赁住房"),
    ("低保", "最低生活保障"),
    ("环评", "环境影响评价"),
    ("征地", "土地征收", "征收土地"),
    ("招投标", "招标投标"),
    ("PPP", "政府和社会资本合作"),
)
# term: searches on each of the last days (newest first)
SEARCHES = {
    "低保": (3, 2, 4, 1, 2),
    "公租房": (2, 3, 1, 2),
    "招标": (1, 2, 2, 1),
    "征收": (2, 1, 1),
    "最低生活保障": (1, 1, 1),
}


def build(county) -> None:
    for words in GROUPS:
        search_help.synonym_group_save(actor=county.users["office"], group=SynonymGroup(terms="\n".join(words)))
    SearchTermCount.objects.bulk_create(
        SearchTermCount(term=term, day=county.today - datetime.timedelta(days=age), count=count)
        for term, counts in SEARCHES.items()
        for age, count in enumerate(counts)
    )
