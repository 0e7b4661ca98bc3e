"""What the public website shows: one row per item published on it, made from the published
revision, and a counter per organization that changes whenever anything shown changes.

An :class:`Article` is an index, like a search engine's: it is derived from the item's
:class:`~tayang.items.models.Publication` and the :class:`~tayang.items.models.ItemRevision`
it points at, written in the transaction that publishes or withdraws the item, and rebuilt from
them by ``manage.py public_reindex``. Lists, categories, search, feeds and the sitemap read only
these rows; an item that is not published on the website has none, so it cannot appear.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.items.fields import CompressedJSONField
from tayang.items.models import Item, Publication
from tayang.media.models import MediaAsset
from tayang.orgs.models import Organization

# The public search's full-text index (tayang.items.fulltext): an article's words by its item's
# id, written with the article (tayang.public.index).
SEARCH_INDEX = "public_article_search"


class Article(models.Model):
    """An item as the public sees it: the content of its published revision."""

    # No index of its own on the organization, the slug or the category: every query reads an
    # article by its item, or a site's articles through the two indexes of ``Meta`` (they lead
    # with the organization). Django's default indexes on them served no query and were 5 MB
    # of 60 at 20,000 articles on PostgreSQL (docs/performance.md).
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     db_index=False)
    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="article")
    publication = models.OneToOneField(
        Publication, on_delete=models.CASCADE, related_name="article"
    )
    revision = models.PositiveIntegerField(_("revisi yang tayang"))
    slug = models.SlugField(max_length=100, allow_unicode=False, db_index=False)
    title = models.CharField(_("judul"), max_length=300)
    lead = models.TextField(_("ringkasan"), blank=True)
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    unit_name = models.CharField(_("unit kerja"), max_length=200, blank=True)
    activity_date = models.DateField(_("tanggal kegiatan"), null=True, blank=True)
    category_slug = models.SlugField(_("kategori"), max_length=100, db_index=False)
    category_label = models.CharField(_("nama kategori"), max_length=200)
    cover = models.ForeignKey(
        MediaAsset, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cover_alt = models.CharField(max_length=1000, blank=True)
    # What the public search indexed for the article (tayang.public.index): read only to tell
    # SQLite's contentless full-text index which words to forget, so kept compressed (a
    # third); None on PostgreSQL, which forgets by id (``index.kept_search_text``).
    search_text = CompressedJSONField(null=True)
    published_at = models.DateTimeField(_("ditayangkan"))
    revised_at = models.DateTimeField(_("isi terakhir diubah"))
    media_ready = models.BooleanField(
        _("turunan media siap"), default=False,
        help_text=_("Ukuran web foto dan poster video telah dibuat."),
    )
    # The article's own content as HTML, rendered when the article is built
    # (tayang.public.body), compressed: the uncached page only wraps it in the site's chrome.
    body = CompressedJSONField(null=True, blank=True)
    body_version = models.PositiveSmallIntegerField(default=0)  # body.VERSION it was made by

    class Meta:
        verbose_name = _("berita situs")
        verbose_name_plural = _("berita situs")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "-published_at"], name="article_latest_idx"),
            models.Index(fields=["organization", "category_slug", "-published_at"],
                         name="article_category_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ArticleMedia(models.Model):
    """A file of the published revision, in order, with its alt text: what may be served."""

    # No index of its own: ``article_media_unique`` leads with the article (migration 0005).
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="media",
                                db_index=False)
    asset = models.ForeignKey(MediaAsset, on_delete=models.CASCADE, related_name="+")
    field_key = models.CharField(max_length=80)
    position = models.PositiveIntegerField()
    alt = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "asset"], name="article_media_unique")
        ]


class SiteState(models.Model):
    """Changes with everything an organization's site shows: the key of its page cache and ETags.

    Read once per request (a single indexed row), so a withdrawal is gone from every page at the
    next request, whatever cache holds the old pages.
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="public_state"
    )
    generation = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()


class CategoryCount(models.Model):
    """How many articles of an organization's site are in one category (slug and label).

    Kept by :func:`tayang.public.index.sync` in the transaction that shows or hides an article,
    so the category list of every page reads a handful of rows instead of grouping every
    article of the site; ``public_reindex`` counts them again from the articles.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=100)
    label = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug", "label"],
                                    name="category_count_unique")
        ]
