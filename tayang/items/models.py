"""Items of content moving through an SOP, and the records each step leaves behind.

An :class:`Item` stores the engine's :class:`~tayang.engine.state.ItemState` in columns (so the
inbox and register can filter and sort in SQL) and its content as JSON. Everything the engine's
events say is kept as rows of its own: the history, each revision of the content, the written
responses, the approvals with the exact content they approved, and each visit of a step with
its time standard, from which the SOP evaluation is computed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.engine.events import ResponseKind
from tayang.engine.state import Status
from tayang.items.fields import CompressedJSONField
from tayang.orgs.models import Organization, Unit
from tayang.procedures.models import Procedure, ProcedureVersion

STATUS_LABELS = {
    Status.DRAFT: _("Draf"),
    Status.IN_PROGRESS: _("Dalam proses"),
    Status.RETURNED: _("Dikembalikan"),
    Status.FINISHED: _("Selesai"),
    Status.ARCHIVED: _("Diarsipkan"),
    Status.REFUSED: _("Ditolak"),
    Status.CANCELLED: _("Dibatalkan"),
}


def register_code(number: int | None, year: int | None) -> str:
    """A register number as printed: ``0007/2026`` ("" for none); for rows read as values."""
    if number is None:
        return ""
    return f"{number:04d}/{year}"


class Item(models.Model):
    """One piece of content (news of an activity, an announcement) following one SOP."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="items")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="items")
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="items"
    )
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="items", verbose_name=_("unit kerja"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="items_created"
    )
    title = models.CharField(_("judul"), max_length=300, blank=True)
    # Compressed: read and written whole, never looked inside by the database (fields.py).
    values = CompressedJSONField(_("isi"), default=dict, blank=True)
    activity_date = models.DateField(_("tanggal kegiatan"), null=True, blank=True)

    # The engine's state, column by column.
    status = models.CharField(
        _("status"), max_length=20, choices=[(s.value, STATUS_LABELS[s]) for s in Status],
        default=Status.DRAFT,
    )
    step = models.CharField(_("langkah"), max_length=80, blank=True)
    step_entered_at = models.DateTimeField(null=True, blank=True)
    due_target = models.DateTimeField(_("target waktu"), null=True, blank=True)
    due_limit = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    handed_in_at = models.DateTimeField(_("diserahkan"), null=True, blank=True)
    published_at = models.DateTimeField(_("ditayangkan"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    archived_at = models.DateTimeField(_("diarsipkan"), null=True, blank=True)
    passed = models.JSONField(default=list, blank=True)
    # Who did what so far, for the engine's separation of duties (tayang.engine.duties):
    # user ids as text, as the engine names actors.
    handed_in_by = models.JSONField(default=list, blank=True)
    edited_by = models.CharField(max_length=40, blank=True)
    edited_at_step = models.CharField(max_length=80, blank=True)
    approved_by = models.JSONField(
        default=list, blank=True,
        help_text="[[step, user id, revision, role], ...] still counting",
    )
    # Who took the item at its current step (*Saya tangani*): messages go to that person;
    # any holder of the step's role may still act. Cleared whenever the step changes.
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="items_taken", verbose_name=_("ditangani oleh"),
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    # A published item being corrected (the engine's ``correcting``): the public still sees the
    # earlier revision until the correction is published.
    correcting = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=1)
    version = models.PositiveIntegerField(default=1)

    register_year = models.PositiveSmallIntegerField(null=True, blank=True)
    register_number = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("konten")
        verbose_name_plural = _("konten")
        ordering = ["-created_at"]
        constraints = [
            # Also the register's order: PostgreSQL and SQLite walk it backwards for the newest
            # numbers first (a second index in descending order was the same entries again).
            models.UniqueConstraint(
                fields=["organization", "register_year", "register_number"],
                name="item_register_number_unique",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status", "step"], name="item_inbox_idx"),
            models.Index(fields=["due_limit"], name="item_due_idx"),
            # The inbox's "Konten yang saya buat": a person's newest items.
            models.Index(fields=["organization", "created_by", "-created_at"],
                         name="item_mine_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Konten #{self.pk}"

    @property
    def register_code(self) -> str:
        """The register number as printed: ``0007/2026``."""
        return register_code(self.register_number, self.register_year)

    @property
    def is_editable_record(self) -> bool:
        return self.status != Status.ARCHIVED


class ItemRevision(models.Model):
    """The content as it stood after each change; approvals point at one of these."""

    # No index of its own: ``item_revision_unique`` leads with the item (migration 0019).
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions",
                             db_index=False)
    number = models.PositiveIntegerField()
    # History: written once, read rarely (fields.py). NULL while this is the item's latest
    # revision and the item's content is unchanged since: it borrows ``Item.values`` (read
    # through ``items.revisions``, never this column alone).
    values = CompressedJSONField(null=True)
    content_hash = models.CharField(max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    step = models.CharField(max_length=80)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_revision_unique")
        ]


OUTCOME_LABELS = {
    "created": _("membuat draf"),
    "edited": _("mengoreksi konten"),
    "handed_in": _("menyerahkan"),
    "done": _("menyelesaikan langkah"),
    "approved": _("menyetujui"),
    "sent_back": _("mengembalikan dengan tanggapan tertulis"),
    "route_chosen": _("memilih rute"),
    "published": _("menayangkan"),
    "archived": _("mengarsipkan"),
    "withdrawn": _("menarik penayangan dari situs web"),
    "channel": _("mengurus penayangan di kanal"),
    "refused": _("menolak konten (tidak dilanjutkan)"),
    "cancelled": _("membatalkan konten"),
    "correction_started": _("memulai koreksi konten yang sudah tayang"),
    "correction_published": _("menayangkan koreksi"),
    "rescheduled": _("mengubah jadwal tayang"),
    "paused": _("menahan penayangan terjadwal"),
    "resumed": _("melanjutkan penayangan terjadwal"),
    "taken": _("menangani konten ini (Saya tangani)"),
    "handed_over": _("menyerahkan penanganan"),
    "released": _("melepas penanganan"),
}

# Where an action was taken: the workspace (empty) or a decision link (tayang.decisions).
VIA_LINK = "link"
VIA_LABELS = {"": _("ruang kerja"), VIA_LINK: _("melalui tautan")}


class LogEntry(models.Model):
    """One accepted action: who, in which role, did what, at which step, with what outcome."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField()
    # People's foreign keys here have no index (migration 0019): no query reads the history,
    # approvals, revisions or publications by person; only deleting a user would look.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+", db_index=False)
    role = models.CharField(max_length=80)
    action = models.CharField(max_length=30)
    step = models.CharField(max_length=80)
    outcome = models.CharField(max_length=30, choices=list(OUTCOME_LABELS.items()))
    detail = models.TextField(blank=True)
    revision = models.PositiveIntegerField()
    via = models.CharField(max_length=10, blank=True, default="",
                           choices=list(VIA_LABELS.items()))
    # Not yet in the evaluation's day counts (``evaluation/sweep.py``): set by the action's own
    # INSERT for an outcome the counts keep, cleared by the worker's sweep that adds it.
    untallied = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["item", "at", "pk"]
        indexes = [
            # The few entries the sweep has not added yet (the pages count them live).
            models.Index(fields=["id"], condition=models.Q(untallied=True),
                         name="log_untallied_idx"),
        ]

    @property
    def via_link(self) -> bool:
        return self.via == VIA_LINK


class StepVisit(models.Model):
    """An item's stay at one step, timed against the step's standard (SOP evaluation)."""

    # No index of its own: ``visit_open_idx`` leads with the item (migration 0019).
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="visits",
                             db_index=False)
    step = models.CharField(max_length=80)
    entered_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    due_target = models.DateTimeField(null=True, blank=True)
    due_limit = models.DateTimeField(null=True, blank=True)
    timeliness = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=30, blank=True)
    skipped = models.BooleanField(default=False)
    # Closed but not yet in the evaluation's tallies (``evaluation/sweep.py``): set by the
    # action's UPDATE that closes the visit (or the INSERT of a skipped one), cleared by the
    # worker's sweep in the transaction that adds the visit to the tallies.
    untallied = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["item", "entered_at", "pk"]
        indexes = [
            # The few closed visits the sweep has not added yet (the pages judge them live).
            models.Index(fields=["id"], condition=models.Q(untallied=True),
                         name="visit_untallied_idx"),
            models.Index(fields=["item", "finished_at"], name="visit_open_idx"),
            # The SOP evaluation reads the visits entered in a period (tayang/evaluation).
            models.Index(fields=["entered_at"], name="visit_entered_idx"),
            # Its pages read only the few visits still open and the late ones of a period
            # (the rest is summed in evaluation.StepTally): an index of each alone.
            models.Index(fields=["entered_at"], condition=models.Q(finished_at__isnull=True),
                         name="visit_open_entered_idx"),
            models.Index(fields=["entered_at"],
                         condition=models.Q(finished_at__gte=models.F("due_limit")),
                         name="visit_late_idx"),
        ]


class WrittenResponse(models.Model):
    """A *tanggapan tertulis*: why an item was sent back and where to, what an approver wrote
    on accepting it at a step that produces one, or why it was refused."""

    class Kind(models.TextChoices):
        SENT_BACK = ResponseKind.SENT_BACK.value, _("dikembalikan")
        ACCEPTED = ResponseKind.ACCEPTED.value, _("diterima")
        REFUSED = ResponseKind.REFUSED.value, _("ditolak")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SENT_BACK)
    step = models.CharField(max_length=80)
    to_step = models.CharField(max_length=80)
    role = models.CharField(max_length=80)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", db_index=False)
    label = models.CharField(max_length=40)
    text = models.TextField()
    revision = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "created_at", "pk"]
        indexes = [
            # The SOP evaluation reads the latest send-backs of a period for their reasons.
            models.Index(fields=["kind", "created_at"], name="response_kind_created_idx"),
        ]


class Approval(models.Model):
    """An approval of exactly one revision of the content, identified by its hash."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="approvals")
    step = models.CharField(max_length=80)
    role = models.CharField(max_length=80)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    label = models.CharField(max_length=40)
    revision = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "created_at", "pk"]


class RegisterCounter(models.Model):
    """The last register number given in an organization for a year.

    Incremented inside the hand-in transaction under a row lock, so numbers are never reused
    and concurrent hand-ins leave no gaps (a rolled-back hand-in rolls the counter back too).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="register_counter_unique")
        ]


class Publication(models.Model):
    """The item on one channel of its organization: the outbox row and the result, in one.

    Written in the transaction that publishes the item, so an approval never exists without
    its publishing requests nor the other way round. A background task
    (:mod:`tayang.channels.delivery`) then carries it out and writes back the post's address
    and id, or why it failed and when it is tried again. ``channel`` is the channel's key
    within the organization (``website`` for the built-in website).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Antre")
        PUBLISHING = "publishing", _("Sedang dikirim")
        RETRYING = "retrying", _("Dicoba lagi nanti")
        PUBLISHED = "published", _("Tayang")
        FAILED = "failed", _("Gagal")
        NEEDS_CHECK = "needs_check", _("Perlu diperiksa")
        WITHDRAWING = "withdrawing", _("Sedang ditarik")
        WITHDRAWN = "withdrawn", _("Ditarik")
        PAUSED = "paused", _("Ditahan")

    # No index of its own: ``publication_unique`` leads with the item (migration 0019).
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="publications",
                             db_index=False)
    channel = models.CharField(_("kanal"), max_length=40)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    revision = models.PositiveIntegerField()
    approval = models.ForeignKey(
        Approval, on_delete=models.PROTECT, null=True, blank=True, related_name="publications",
        help_text=_("Persetujuan terakhir yang menjadi dasar penayangan."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    requested_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    url = models.CharField(max_length=500, blank=True)
    external_id = models.CharField(_("ID di platform"), max_length=300, blank=True)
    caption = models.TextField(_("teks yang dikirim"), blank=True)
    # When it may go out: the scheduled time, or the time of the next retry.
    due_at = models.DateTimeField(null=True, blank=True)
    scheduled = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A worker holds the publication while it talks to the platform; a lease that runs out
    # means the worker died mid-attempt (the sweep then hands it to another one).
    lease_until = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # Stable across attempts of one request; a new request (a newer revision) gets a new one.
    idempotency_key = models.CharField(max_length=80, blank=True)
    journal = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("sebab"), blank=True)  # Tayang's own words, for staff
    # What kind of failure (a connector's ErrorKind): the item page shows its classification.
    error_kind = models.CharField(_("jenis kegagalan"), max_length=20, blank=True)
    # The platform's reply, cut short: logs and the Django admin only, never the item page.
    error_detail = models.TextField(_("rincian dari platform"), blank=True)
    document = models.FileField(upload_to="publikasi/%Y/%m/", max_length=300, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("Yang mencatat bukti tayang kanal manual."),
        db_index=False,
    )
    # The evaluation's publication tallies (``evaluation/sweep.py``): ``untallied`` is set by
    # every write of what they count (``channels/transitions.py``; a new row is born with
    # it); the ``tallied_*`` columns are the facts as the tallies hold them now ("" state:
    # not counted yet), so the sweep moves the publication from those to its own. Rows
    # written past the product (a restore, the bench's clones) take the database's default,
    # False, and are made right by a rebuild.
    untallied = models.BooleanField(default=True, db_default=False)
    tallied_channel = models.CharField(max_length=40, blank=True, default="", db_default="")
    tallied_state = models.CharField(max_length=20, blank=True, default="", db_default="")
    tallied_requested_at = models.DateTimeField(null=True, blank=True)
    tallied_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["item", "channel"], name="publication_unique")
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="publication_due_idx"),
                   models.Index(fields=["id"], condition=models.Q(untallied=True),
                                name="publication_untallied_idx")]

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.PUBLISHING, self.State.RETRYING)


class ScheduledStart(models.Model):
    """One occurrence of an SOP's schedule and the item started for it.

    The unique pair (procedure, occurrence) is what makes an occurrence start one item however
    many workers look at the same moment, and however late a stopped worker catches up.
    """

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")
    occurrence = models.DateTimeField()
    item = models.OneToOneField(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="scheduled_start"
    )
    started_at = models.DateTimeField()

    class Meta:
        ordering = ["procedure", "occurrence"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "occurrence"],
                                    name="scheduled_start_unique")
        ]
