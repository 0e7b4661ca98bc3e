"""The pages of one organization's public site.

Included twice: under ``/situs/<org>/`` in the root URLconf, and at ``/`` in
:mod:`tayang.public.host_urls` for organizations reached on their own host name (the views
then get no ``org``). Link to them with ``{% site_url %}`` or :meth:`Site.url
<tayang.public.sites.Site.url>`, never ``{% url %}``, so links work in both.
"""

from django.urls import path

from tayang.public.views import (
    feeds,
    files,
    formats,
    information,
    pages,
    sitemaps,
    verification,
)

app_name = "public"

urlpatterns = [
    path("", pages.home, name="home"),
    path("berita/", pages.news, name="news"),
    path("pengumuman/", pages.announcements, name="announcements"),
    path("berita/<int:pk>/", pages.article, name="article-short"),
    path("berita/<int:pk>/<slug:slug>/", pages.article, name="article"),
    path("berita/<int:pk>/teks.txt", formats.plain_text, name="article-text"),
    path("berita/<int:pk>/takarir/<int:asset>.vtt", formats.captions, name="article-captions"),
    path("berita/<int:pk>/format/<slug:kind>/", formats.accessible_file, name="article-format"),
    path("kategori/<slug:slug>/", pages.category, name="category"),
    path("cari/", pages.search, name="search"),
    path("informasi-publik/", information.information, name="information"),
    path("informasi-publik/dokumen/<int:pk>/", information.document, name="dip-document"),
    path("rss/", feeds.rss, name="feed-rss"),
    path("atom/", feeds.atom, name="feed-atom"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("berkas/<int:pk>/", files.asset, name="asset"),
    path("berkas/<int:pk>/<slug:variant>/", files.asset, name="asset-variant"),
    path("logo.png", files.logo, name="logo"),
    path("verifikasi/<str:code>/", verification.verification, name="verification"),
]
