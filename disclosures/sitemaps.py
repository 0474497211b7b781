"""
The sitemap (sitemaps.org protocol 0.9, https://www.sitemaps.org/protocol.html): `/sitemap.xml` is a
sitemap index (`django.contrib.sitemaps.views.index`) naming one file per section and page,
`/sitemap-<section>.xml?p=<n>`, each of at most SITEMAP_LIMIT URLs — the protocol's limit is 50,000
URLs (and 50 MB) per file, so a million records are twenty files of records (issue 24, part 5).

A file reads one page of its section's rows as tuples (`values_list`), never the whole section: its
memory is bounded by the limit, not by the number of records (measured by `bench --sitemaps`,
benchmarks/management/commands/bench.py). Each record gives its `lastmod`; the index gives each
section's newest, one aggregate query, not a walk over every row (Django's default).
"""

from django.contrib.sitemaps import Sitemap, views
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from core.domains import all_domains

from .models import Disclosure

SITEMAP_LIMIT = 50_000  # URLs per file (sitemaps.org: "no more than 50,000 URLs")


class PortalSitemap(Sitemap):
    """A section of at most SITEMAP_LIMIT URLs per file, whose count is read once per request (Django
    builds a new paginator, and counts again, each time it is asked for one)."""

    limit = SITEMAP_LIMIT

    @cached_property
    def paginator(self):
        return super().paginator


class DisclosureSitemap(PortalSitemap):
    """Every record with a public page (published, and withdrawal notices), never a draft."""

    changefreq = "monthly"

    def items(self):
        return Disclosure.objects.publicly_reachable().order_by("pk").values_list("pk", "updated_at")

    def location(self, item):
        # One reverse() per file, not per row: "/disclosures/<pk>/" around the record's id.
        if not hasattr(self, "_detail"):
            self._detail = reverse("disclosures:detail", args=[987654321]).split("987654321")
        before, after = self._detail
        return f"{before}{item[0]}{after}"

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        """The newest change of the section, by one aggregate (Django's default reads every row)."""
        return self.items().order_by().aggregate(last=Max("updated_at"))["last"]


class ColumnSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        pages = [("disclosures:home", ()), ("disclosures:search", ()), ("catalogue:index", ()), ("open-data", ())]
        for domain in all_domains():
            pages.append(("disclosures:column", (domain.code,)))
            pages += [("disclosures:category", (domain.code, code)) for code in domain.categories.values]
            pages += [(name, ()) for name, _label in domain.subject_links]
        return pages

    def location(self, item):
        name, args = item
        return reverse(name, args=args)


class SubjectSitemap(PortalSitemap):
    """The public pages of every domain's subjects (projects, matters, programmes): thousands, not a
    million (one per project, matter or programme), so read as one list."""

    changefreq = "weekly"

    def items(self):
        items = []
        for domain in all_domains():
            subjects = domain.public_subject_queryset()
            if subjects is not None:
                items += list(subjects.order_by("pk"))
        return items


SITEMAPS = {"columns": ColumnSitemap, "records": DisclosureSitemap, "subjects": SubjectSitemap}


def sitemap_index(request, sitemaps, **kwargs):
    """Django's sitemap index over the sections that hold a URL: an empty file (a county with no subject
    yet) is not listed, as a <urlset> without a <url> is not valid against the protocol's schema."""
    sections = {name: section() if callable(section) else section for name, section in sitemaps.items()}
    listed = {name: site for name, site in sections.items() if site.paginator.count}
    return views.index(request, listed, **kwargs)
