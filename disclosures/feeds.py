"""Atom and RSS feeds of the 重点领域信息公开 column: the whole column, each domain, each category,
and (through SubjectFeed) each project, matter or programme. Public records only."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core.domains import get_domain

from .selectors import public_disclosures

FEED_SIZE = 30


class ColumnFeed(Feed):
    """/feeds/rss/ , /feeds/rss/<domain>/ , /feeds/rss/<domain>/<category>/ (and /feeds/atom/…)."""

    feed_type = Rss201rev2Feed
    description_template = None

    def get_object(self, request, domain=None, category=None):
        domain_obj = get_domain(domain) if domain else None
        if domain and domain_obj is None:
            raise Http404("栏目不存在")
        if category and category not in domain_obj.categories.values:
            raise Http404("栏目不存在")
        return {"domain": domain_obj, "category": category}

    def title(self, obj):
        parts = ["重点领域信息公开"]
        if obj["domain"]:
            parts.append(obj["domain"].label)
        if obj["category"]:
            parts.append(obj["domain"].category_name(obj["category"]))
        return " · ".join(parts)

    def link(self, obj):
        if obj["category"]:
            return reverse("disclosures:category", args=[obj["domain"].code, obj["category"]])
        if obj["domain"]:
            return reverse("disclosures:column", args=[obj["domain"].code])
        return reverse("disclosures:home")

    def description(self, obj):
        return f"{self.title(obj)}栏目最新公开的政府信息。"

    def items(self, obj):
        queryset = public_disclosures()
        if obj["domain"]:
            queryset = queryset.filter(domain=obj["domain"].code)
        if obj["category"]:
            queryset = queryset.filter(category=obj["category"])
        return queryset.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.index_no} · {item.issuer_name} · {item.category_label}" + (f" · {item.doc_no}" if item.doc_no else "")

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.department.name

    def item_guid(self, item):
        return item.index_no

    item_guid_is_permalink = False


class AtomColumnFeed(ColumnFeed):
    feed_type = Atom1Feed
    subtitle = ColumnFeed.description


class SubjectFeed(Feed):
    """/feeds/atom/<domain>/subjects/<pk>/: the public records of one project, matter or programme."""

    feed_type = Atom1Feed

    def get_object(self, request, domain, pk):
        domain_obj = get_domain(domain)
        subjects = domain_obj.public_subject_queryset() if domain_obj else None
        if subjects is None:
            raise Http404("栏目不存在")
        return domain_obj, get_object_or_404(subjects, pk=pk)

    def title(self, obj):
        return f"{obj[1]} · 公开信息"

    def link(self, obj):
        return obj[1].get_absolute_url()

    def subtitle(self, obj):
        return f"“{obj[1]}”最新公开的政府信息。"

    def items(self, obj):
        domain, subject = obj
        return public_disclosures().filter(**{domain.subject_lookup: subject}).order_by("-published_at", "-pk")[:FEED_SIZE]

    item_title = ColumnFeed.item_title
    item_description = ColumnFeed.item_description
    item_pubdate = ColumnFeed.item_pubdate
    item_author_name = ColumnFeed.item_author_name
    item_guid = ColumnFeed.item_guid
    item_guid_is_permalink = False
