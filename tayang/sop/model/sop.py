"""The SOP itself: its roles and outside parties, its identity, and its steps in order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from tayang.sop.model.fields import ItemField
from tayang.sop.model.steps import (
    DEFAULT_DESTINATIONS,
    AfterPublish,
    Destination,
    Step,
    StepKind,
)
from tayang.sop.schedule import Schedule


@dataclass(frozen=True)
class Role:
    """An executor column (*Pelaksana*) of the SOP table."""

    key: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Party(Role):
    """An outside party (*pihak luar*): a unit or office outside the organization's members
    (the unit that produced the information, a clerk's office). It has its own executor
    column, acts only at steps that name it (``party:``), through a signed link sent by
    e-mail, and never signs in. Which real office fills it is the organization's choice
    (Kelola › Pihak luar)."""


@dataclass(frozen=True)
class Official:
    """Who signs the SOP (*Disahkan oleh*), printed as a signature block."""

    name: str = ""
    position: str = ""  # *jabatan*, e.g. "Kepala Dinas"
    rank: str = ""  # *pangkat/golongan*, e.g. "Pembina Tk I, IV/b"
    nip: str = ""  # civil-servant number printed under the signature


@dataclass(frozen=True)
class Identity:
    """The identity block of a Permenpan-RB 35/2012 SOP document."""

    organization: str  # the executing body (*Dinas*, OPD)
    name: str  # *Nama SOP*
    unit: str = ""
    # The body the SOP is issued under when it is not the executing one (Sekretariat Daerah,
    # Bupati, Pemerintah Daerah), printed above the organization.
    issued_by: str = ""
    number: str = ""
    revision: int | None = None  # *Revisi ke*; None when the document does not say
    made_on: date | None = None
    revised_on: date | None = None
    effective_on: date | None = None
    approved_by: Official = field(default_factory=Official)
    purpose: str = ""  # *Tujuan*
    scope: str = ""  # *Ruang lingkup*
    legal_bases: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    related_sops: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    records: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sop:
    """A checked SOP definition: an identity block, roles, item fields and ordered steps."""

    key: str
    identity: Identity
    roles: tuple[Role, ...]
    fields: tuple[ItemField, ...]
    steps: tuple[Step, ...]
    parties: tuple[Party, ...] = ()  # outside parties (``parties:``), after the roles
    timezone: str = "Asia/Jakarta"  # default for tools; an organization's own zone wins
    schedule: Schedule | None = None  # recurring work: items started on this schedule
    description: str = ""
    source: str = ""  # the file it was loaded from

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def role(self, key: str) -> Role:
        """The executor ``key``: one of the roles, or an outside party."""
        for role in (*self.roles, *self.parties):
            if role.key == key:
                return role
        raise KeyError(key)

    @property
    def lanes(self) -> tuple[Role, ...]:
        """The executor columns of the SOP document: the roles, then the outside parties."""
        return (*self.roles, *self.parties)

    def is_party(self, key: str) -> bool:
        return any(party.key == key for party in self.parties)

    def field(self, key: str) -> ItemField:
        for item_field in self.fields:
            if item_field.key == key:
                return item_field
        raise KeyError(key)

    def has_field(self, key: str) -> bool:
        return any(item_field.key == key for item_field in self.fields)

    @property
    def first_step(self) -> Step:
        return self.steps[0]

    @property
    def activity_date_field(self) -> ItemField | None:
        return next((f for f in self.fields if f.is_activity_date), None)

    @property
    def title_field(self) -> ItemField | None:
        return next((f for f in self.fields if f.is_title), None)

    def steps_of_kind(self, kind: StepKind) -> Iterator[Step]:
        return (step for step in self.steps if step.kind is kind)

    @property
    def publish_step(self) -> Step | None:
        return next(self.steps_of_kind(StepKind.PUBLISH), None)

    @property
    def destinations(self) -> frozenset[str]:
        """Where the publish step sends items (the default: news list and channels)."""
        step = self.publish_step
        return frozenset(step.destinations if step and step.destinations
                         else DEFAULT_DESTINATIONS)

    @property
    def website_section(self) -> str | None:
        """``news`` or ``announcements`` for items that go to the website, else None."""
        for section in (Destination.ANNOUNCEMENTS.value, Destination.NEWS.value):
            if section in self.destinations:
                return section
        return None

    def after_publish_roles(self, action: str) -> tuple[str, ...]:
        """The roles that may ``action`` ("take_down", "correct", ...) a published item."""
        step = self.publish_step
        if step is None:
            return ()
        declared: tuple[str, ...] = getattr(step.after_publish or AfterPublish(), action)
        if declared or action == "correct":
            return declared
        return step.roles

    def after(self, step: Step) -> Step | None:
        """The step that follows ``step`` in table order (not necessarily in the flow)."""
        index = self.steps.index(step)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None
