"""The pages of an organization's site, as in :mod:`tayang.public.urls`, without its views.

Included under ``/situs/<org>/`` by :mod:`.project` and at the root by :mod:`.host`, as the
real module is by :mod:`tayang.urls` and :mod:`tayang.public.host_urls`.
"""

from django.urls import path

from tayang.named_urls import not_served

app_name = "public"

urlpatterns = [
    path("", not_served, name="home"),
    path("berita/", not_served, name="news"),
    path("pengumuman/", not_served, name="announcements"),
    path("berita/<int:pk>/", not_served, name="article-short"),
    path("berita/<int:pk>/<slug:slug>/", not_served, name="article"),
    path("berita/<int:pk>/teks.txt", not_served, name="article-text"),
    path("berita/<int:pk>/takarir/<int:asset>.vtt", not_served, name="article-captions"),
    path("berita/<int:pk>/format/<slug:kind>/", not_served, name="article-format"),
    path("kategori/<slug:slug>/", not_served, name="category"),
    path("cari/", not_served, name="search"),
    path("informasi-publik/", not_served, name="information"),
    path("informasi-publik/dokumen/<int:pk>/", not_served, name="dip-document"),
    path("rss/", not_served, name="feed-rss"),
    path("atom/", not_served, name="feed-atom"),
    path("sitemap.xml", not_served, name="sitemap"),
    path("sitemap-<slug:section>.xml", not_served, name="sitemap-section"),
    path("berkas/<int:pk>/", not_served, name="asset"),
    path("berkas/<int:pk>/<slug:variant>/", not_served, name="asset-variant"),
    path("logo.png", not_served, name="logo"),
    path("verifikasi/<str:code>/", not_served, name="verification"),
]
