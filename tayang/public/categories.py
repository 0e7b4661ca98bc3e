"""What a category of the public site is.

An agency's SOP may sort its content with a choice field (seed C: *Jenis informasi* —
*Kegiatan biasa rutin*, *Data penting*, *Kebijakan*). Those values are what a visitor knows
the content by, so the first choice field with a value is the category, named by the choice's
label. Content of an SOP without a choice field falls in the category its organization names
for that SOP under *Kelola → SOP* ("Kategori di situs publik"), else *Kegiatan* — never in one
named after the SOP, whose name ("Alur Upload Konten Website & Media Sosial") tells a reader
nothing. Announcements (an SOP whose publish step sends items to ``announcements``) are their
own section of the site, *Pengumuman*, apart from the news. The same choice value in two SOPs
of one organization is one category.
"""

from __future__ import annotations

from django.utils.text import slugify

from tayang.procedures.models import Procedure
from tayang.public.content import PublicContent
from tayang.sop.model import Destination

ANNOUNCEMENTS = ("pengumuman", "Pengumuman")
DEFAULT_LABEL = "Kegiatan"


def category_of(content: PublicContent, procedure: Procedure, section: str | None = None
                ) -> tuple[str, str]:
    """(slug, label) of the category the content belongs to."""
    if section == Destination.ANNOUNCEMENTS.value:
        return ANNOUNCEMENTS
    for choice in content.choices:
        slug = slugify(choice.value.replace("_", "-"))
        if slug and slug != ANNOUNCEMENTS[0]:
            return slug[:100], choice.label[:200]
    label = (procedure.public_category or DEFAULT_LABEL).strip()
    slug = slugify(label) or slugify(DEFAULT_LABEL)
    if slug == ANNOUNCEMENTS[0]:  # reserved for the announcements section
        slug = f"{slug}-kegiatan"
    return slug[:100], label[:200]
