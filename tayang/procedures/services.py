"""Running an SOP in an organization: adopting a bundled one, or adding a checked version."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tayang.media.models import MediaAsset
from tayang.orgs.models import Organization
from tayang.procedures.models import Procedure, ProcedureVersion
from tayang.sop.bundled import bundled_paths, bundled_sops
from tayang.sop.loader import load_text
from tayang.sop.model import Sop


def adopt_bundled(
    organization: Organization, key: str, user: AbstractBaseUser | None = None
) -> Procedure:
    """Run a bundled SOP in ``organization``; version 1 is the bundled file's exact text."""
    sop = bundled_sops()[key]
    path = next(p for p in bundled_paths() if str(p) == sop.source)
    with transaction.atomic():
        procedure, created = Procedure.objects.get_or_create(
            organization=organization, key=sop.key,
            defaults={"name": sop.identity.name, "bundled_key": sop.key},
        )
        if created:
            ProcedureVersion.objects.create(
                procedure=procedure, number=1, text=path.read_text(encoding="utf-8"),
                source_name=path.name, created_by=user,
            )
    return procedure


class _Keep:
    """The previous version's logo, carried over."""


KEEP_LOGO = _Keep()


def add_definition(
    organization: Organization, text: str, source_name: str, user: AbstractBaseUser | None,
    *, logo: MediaAsset | _Keep | None = KEEP_LOGO,
) -> tuple[Procedure, ProcedureVersion]:
    """A checked definition becomes the next version of the SOP with its key (or a new SOP).

    Raises :class:`~tayang.sop.errors.SopDefinitionError` for a broken file; nothing is saved
    then. Items already in progress keep the version they started under. The logo printed on
    the document is the previous version's unless ``logo`` says otherwise (None: no logo).
    """
    sop: Sop = load_text(text, source=source_name)
    with transaction.atomic():
        procedure, _ = Procedure.objects.select_for_update().get_or_create(
            organization=organization, key=sop.key, defaults={"name": sop.identity.name}
        )
        last = procedure.versions.order_by("-number").first()
        if isinstance(logo, _Keep):
            logo = last.logo if last else None
        version = ProcedureVersion.objects.create(
            procedure=procedure, number=(last.number if last else 0) + 1, text=text,
            source_name=source_name, created_by=user, logo=logo,
        )
        if procedure.name != sop.identity.name:
            procedure.name = sop.identity.name
            procedure.save(update_fields=["name"])
    return procedure, version
