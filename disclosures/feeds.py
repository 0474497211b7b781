"""Atom and RSS feeds of the 重点领域信息公开 column: the whole column, each domain, each category,
and (through SubjectFeed) each project, matter or programme. Public records only.

- A correction (更正) moves its entry: `updated` is when the record's current version was published,
  `published` stays its first publication (selectors.latest_publications, RFC 4287 §4.2.9, §4.2.15).
- Ids are tag URIs (RFC 4151, core/identifiers.py), the same whichever host serves the feed: a reader
  recognises an entry it has seen (RFC 4287 §4.2.6). RSS keeps the 索引号 as its guid (isPermaLink=false).
- A browser opening a feed shows it as a page with 如何订阅 (the XSLT `feeds/feed.xsl`, a Django template;
  `css/feed.css` where a browser no longer runs XSLT). Feeds are served as application/xml: Chromium shows
  application/atom+xml and application/rss+xml as plain text and applies no stylesheet to them; feed
  readers read the document whatever its type (docs/feeds-and-catalogue.md).
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, Stylesheet
from django.utils.xmlutils import SimplerXMLGenerator

from core.domains import get_domain
from core.identifiers import tag_uri

from .selectors import latest_publications, public_disclosures

FEED_SIZE = 30
# What browsers render (and feed readers accept as XML): see the module docstring.
BROWSER_RENDERED_TYPE = "application/xml; charset=utf-8"


class StyledRssFeed(Rss201rev2Feed):
    content_type = BROWSER_RENDERED_TYPE


class StyledAtomFeed(Atom1Feed):
    """Atom 1.0 with the feed's <?xml-stylesheet?> instructions, which Django writes for RSS only."""

    content_type = BROWSER_RENDERED_TYPE

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)  # after the XML declaration, before the root element
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    add_stylesheets = Rss201rev2Feed.add_stylesheets


def feed_stylesheets() -> list[Stylesheet]:
    """<?xml-stylesheet?> of every feed: the XSLT page, then the CSS a browser without XSLT applies instead."""
    return [
        Stylesheet(reverse("disclosures:feed-stylesheet"), mimetype="text/xsl", media=None),
        Stylesheet(static("css/feed.css"), mimetype="text/css", media=None),
    ]


def local(moment):
    """Dates as a reader here reads them: Asia/Shanghai (+08:00), to the second."""
    return timezone.localtime(moment).replace(microsecond=0)


def entry_id(item) -> str:
    """The record's Atom id: its 索引号, which a correction keeps, in a tag URI."""
    return tag_uri(f"disclosure/{item.index_no}")


class RecordItems:
    """How a feed shows a public record (every feed of the column and of a subject)."""

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [item.index_no, item.issuer_name, item.category_label]
        if item.doc_no:
            parts.append(item.doc_no)
        if item.version > 1 and item.change_note:
            parts.append(f"已更正（第{item.version}版）：{item.change_note}")
        return " · ".join(parts)

    def item_pubdate(self, item):
        return local(item.published_at)

    def item_updateddate(self, item):
        return local(item.last_published_at)

    def item_author_name(self, item):
        return item.department.name

    def stylesheets(self):
        return feed_stylesheets()


class ColumnFeed(RecordItems, Feed):
    """/feeds/rss/ , /feeds/rss/<domain>/ , /feeds/rss/<domain>/<category>/ (and /feeds/atom/…)."""

    feed_type = StyledRssFeed
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

    def feed_guid(self, obj):
        codes = [obj["domain"].code if obj["domain"] else None, obj["category"]]
        return tag_uri("/".join(["feed", "column", *filter(None, codes)]))

    def description(self, obj):
        return f"{self.title(obj)}栏目最新公开的政府信息。"

    def items(self, obj):
        queryset = public_disclosures()
        if obj["domain"]:
            queryset = queryset.filter(domain=obj["domain"].code)
        if obj["category"]:
            queryset = queryset.filter(category=obj["category"])
        return latest_publications(queryset, limit=FEED_SIZE)

    def item_guid(self, item):
        return item.index_no

    item_guid_is_permalink = False


class AtomColumnFeed(ColumnFeed):
    feed_type = StyledAtomFeed
    subtitle = ColumnFeed.description

    def item_guid(self, item):
        return entry_id(item)


class SubjectFeed(RecordItems, Feed):
    """/feeds/atom/<domain>/subjects/<pk>/: the public records of one project, matter or programme."""

    feed_type = StyledAtomFeed

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

    def feed_guid(self, obj):
        return tag_uri(f"feed/{obj[0].code}/subjects/{obj[1].pk}")

    def subtitle(self, obj):
        return f"“{obj[1]}”最新公开的政府信息。"

    def items(self, obj):
        domain, subject = obj
        return latest_publications(public_disclosures().filter(**{domain.subject_lookup: subject}), limit=FEED_SIZE)

    def item_guid(self, item):
        return entry_id(item)
