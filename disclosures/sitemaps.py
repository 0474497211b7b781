from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.domains import all_domains

from .models import Disclosure


class DisclosureSitemap(Sitemap):
    """Every record with a public page (published, and withdrawal notices), never a draft."""

    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Disclosure.objects.publicly_reachable().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(Sitemap):
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


class SubjectSitemap(Sitemap):
    """The public pages of every domain's subjects (projects, matters, programmes)."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        items = []
        for domain in all_domains():
            subjects = domain.public_subject_queryset()
            if subjects is not None:
                items += list(subjects.order_by("pk"))
        return items


SITEMAPS = {"columns": ColumnSitemap, "records": DisclosureSitemap, "subjects": SubjectSitemap}
