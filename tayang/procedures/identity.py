"""Editing the identity of an SOP an organization runs, so that an adopted SOP becomes its own.

The edited identity is written into the current definition's text (``tayang.sop.identity_edit``,
which keeps the file's comments and layout), the text is checked by the loader like any uploaded
definition, and it becomes the SOP's next version, with the logo the admin uploaded. A refusal
stores nothing: neither a version nor a logo.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from tayang.media.intake import MediaRejected, discard
from tayang.media.models import MediaAsset
from tayang.procedures.logo import prepared_logo, store_logo
from tayang.procedures.models import Procedure, ProcedureVersion
from tayang.procedures.services import KEEP_LOGO, add_definition
from tayang.sop.bundled import bundled_sops
from tayang.sop.errors import DefinitionProblem, SopDefinitionError
from tayang.sop.identity_edit import IdentityNotEditable, Value, write_identity
from tayang.sop.loader import load_text


@dataclass(frozen=True)
class IdentityChange:
    values: Mapping[str, Value]  # identity keys as typed (tayang.sop.identity_edit)
    logo: UploadedFile | None = None
    remove_logo: bool = False


class IdentityRefused(Exception):
    """Why the change was not saved: the loader's problems and what is wrong with the logo."""

    def __init__(self, problems: list[DefinitionProblem], logo: str = "") -> None:
        self.problems = problems
        self.logo = logo
        super().__init__("; ".join([*(p.message for p in problems), logo]))


class NothingChanged(Exception):
    """The identity and the logo are as they were: no new version."""


def change_identity(
    procedure: Procedure, change: IdentityChange, user: AbstractBaseUser
) -> tuple[ProcedureVersion, bool]:
    """The new version, and whether the definition's layout and comments were kept."""
    current = procedure.current
    source = f"{procedure.key}.yaml"
    problems: list[DefinitionProblem] = []
    try:
        edited = write_identity(current.text, change.values)
        load_text(edited.text, source=source)
    except SopDefinitionError as error:
        problems = error.problems
    except IdentityNotEditable as error:
        problems = [DefinitionProblem(source, 0, "identity", str(error))]
    logo_data, logo_problem = None, ""
    if change.logo is not None:
        try:
            logo_data = prepared_logo(change.logo)
        except MediaRejected as error:
            logo_problem = str(error)
    if problems or logo_problem:
        raise IdentityRefused(problems, logo_problem)
    removes = change.remove_logo and current.logo is not None and logo_data is None
    if edited.text == current.text and logo_data is None and not removes:
        raise NothingChanged
    stored: MediaAsset | None = None
    try:
        with transaction.atomic():
            if logo_data is not None:
                if change.logo is None:
                    raise AssertionError
                stored = store_logo(procedure.organization, logo_data, change.logo.name or "",
                                    user)
            logo = stored if stored else (None if removes else KEEP_LOGO)
            _, version = add_definition(procedure.organization, edited.text, source, user,
                                        logo=logo)
    except BaseException:
        if stored is not None:
            discard(stored)  # its row was rolled back; its file must go too
        raise
    return version, edited.kept_layout


def borrowed_identity(procedure: Procedure) -> str:
    """The agency whose identity an adopted SOP still prints ("" once it is the
    organization's own): its documents would otherwise carry another agency's name and
    signer, so the SOP page asks the admin to edit it."""
    if not procedure.bundled_key:
        return ""
    bundled = bundled_sops().get(procedure.bundled_key)
    if bundled is None:
        return ""
    theirs, ours = bundled.identity, procedure.current.sop.identity
    if _same_agency(procedure.organization.name, theirs.organization):
        return ""  # the agency runs its own SOP
    same = (ours.organization == theirs.organization
            or (theirs.approved_by.name and ours.approved_by.name == theirs.approved_by.name))
    return theirs.organization if same else ""


_REGION_WORDS = frozenset({"kabupaten", "kota", "provinsi"})


def _same_agency(one: str, other: str) -> bool:
    """Names of one agency as written in different places ("… Transmigrasi Kabupaten Bantul"
    and "… Transmigrasi Bantul", "Dan" and "dan")."""
    def words(name: str) -> set[str]:
        return set(name.casefold().split()) - _REGION_WORDS

    return words(one) == words(other)
