"""
The sitemap (sitemaps.org protocol 0.9, https://www.sitemaps.org/protocol.html): `/sitemap.xml` is a
sitemap index (`django.contrib.sitemaps.views.index`) naming one file per section and page,
`/sitemap-<section>.xml?p=<n>`, each of at most SITEMAP_LIMIT URLs — the protocol's limit is 50,000
URLs (and 50 MB) per file, so a million records are twenty files of records (issue 24, part 5).

A file reads one page of its section's rows as tuples (`values_list`), never the whole section: its
memory is bounded by the limit, not by the number of records (measured by `bench --only sitemap`,
benchmarks/management/commands/bench.py). Each record gives its `lastmod`; the index gives each
section's newest, one aggregate query, not a walk over every row (Django's default). A file's XML is
written in Python, the same bytes as Django's sitemap template: the template took 90% of the time,
about 0.6 ms a URL, half a minute for a file of 50,000.
"""

import datetime

from django.contrib.sitemaps import Sitemap, views
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape

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


URLSET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def _day(value) -> str:
    """A lastmod as the template's `date:"Y-m-d"` writes it (an aware time in local time)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def urlset_xml(urls: list[dict]) -> str:
    """`<urlset>` of Sitemap.get_urls()'s entries: byte for byte what Django's sitemap.xml template renders."""
    parts = [URLSET_HEAD]
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url["lastmod"]:
            parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
        if url["changefreq"]:
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url["priority"]:
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        for other in url["alternates"]:
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(other["lang_code"])}" href="{escape(other["location"])}"/>'
            )
        parts.append("</url>")
    parts.append("\n</urlset>\n")
    return "".join(parts)


@views.x_robots_tag
def sitemap_section(request, sitemaps, section: str):
    """One file of a section (`?p=` its page): Django's `sitemaps.views.sitemap` for one section, the XML
    written by `urlset_xml` instead of the template. An unknown section or page is a 404."""
    if section not in sitemaps:
        raise Http404(f"没有这个站点地图：{section}")
    site = sitemaps[section]
    site = site() if callable(site) else site
    try:
        urls = site.get_urls(page=request.GET.get("p", 1), site=get_current_site(request), protocol=request.scheme)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("站点地图没有这一页") from error
    return HttpResponse(urlset_xml(urls), content_type="application/xml")
