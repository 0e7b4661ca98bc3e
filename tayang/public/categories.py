"""What a category of the public site is.

An agency's SOP may sort its content with a choice field (seed C: *Jenis informasi* —
*Kegiatan biasa rutin*, *Data penting*, *Kebijakan*). Those values are what a visitor knows
the content by, so the first choice field with a value is the category, named by the choice's
label. Content of an SOP without a choice field (seeds A, B, D, E) falls in the category of its
procedure, named as the organization named the procedure. The same choice value in two SOPs of
one organization is one category.
"""

from __future__ import annotations

from django.utils.text import slugify

from tayang.procedures.models import Procedure
from tayang.public.content import PublicContent


def category_of(content: PublicContent, procedure: Procedure) -> tuple[str, str]:
    """(slug, label) of the category the content belongs to."""
    for choice in content.choices:
        slug = slugify(choice.value.replace("_", "-"))
        if slug:
            return slug[:100], choice.label[:200]
    return procedure.key[:100], procedure.name[:200]
