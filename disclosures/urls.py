from django.urls import path
from django.views.generic import TemplateView

from core.caching import cached_public_page

from . import feeds, views
from .sitemaps import SITEMAPS, sitemap_index, sitemap_section

app_name = "disclosures"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("feeds/rss/", cached_public_page(feeds.ColumnFeed()), name="feed-rss"),
    path("feeds/rss/<slug:domain>/", cached_public_page(feeds.ColumnFeed()), name="feed-rss-domain"),
    path("feeds/rss/<slug:domain>/<slug:category>/", cached_public_page(feeds.ColumnFeed()), name="feed-rss-category"),
    path("feeds/atom/", cached_public_page(feeds.AtomColumnFeed()), name="feed-atom"),
    # How a browser shows the feeds (<?xml-stylesheet?>): an XSLT with the 如何订阅 help (disclosures/feeds.py).
    path(
        "feeds/feed.xsl",
        cached_public_page(TemplateView.as_view(template_name="disclosures/feed.xsl", content_type="text/xsl; charset=utf-8")),
        name="feed-stylesheet",
    ),
    path("feeds/atom/<slug:domain>/subjects/<int:pk>/", cached_public_page(feeds.SubjectFeed()), name="feed-subject"),
    path("feeds/atom/<slug:domain>/", cached_public_page(feeds.AtomColumnFeed()), name="feed-atom-domain"),
    path("feeds/atom/<slug:domain>/<slug:category>/", cached_public_page(feeds.AtomColumnFeed()), name="feed-atom-category"),
    # A sitemap index, and its sections' files of at most 50,000 URLs each (disclosures/sitemaps.py).
    path(
        "sitemap.xml",
        cached_public_page(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "disclosures:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<str:section>.xml",
        cached_public_page(sitemap_section, reads=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("column/<slug:domain>/export.<str:fmt>", views.column_export, name="column-export"),
    path("column/<slug:domain>/<slug:category>/export.<str:fmt>", views.column_export, name="category-export"),
    path("column/<slug:domain>/", views.column, name="column"),
    path("column/<slug:domain>/<slug:category>/", views.column, name="category"),
    path("disclosures/<int:pk>/", views.detail, name="detail"),
    path("disclosures/<int:pk>/v<int:number>/", views.version, name="version"),
    path("attachments/<str:token>/", views.attachment, name="attachment"),
    path("attachments/<str:token>/view/", views.attachment_view, name="attachment-view"),
    path("staff/attachments/<int:pk>/", views.staff_attachment, name="staff-attachment"),
]
