"""One step of the procedure: requirements, time standard, decision, condition, publishing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class CheckKind(StrEnum):
    """Requirements a machine can verify. A requirement without a check is a checklist item."""

    FILLED = "filled"  # the field has a value (media: at least one file)
    MAX_LENGTH = "max_length"  # text no longer than the field's max_length
    MIN_COUNT = "min_count"  # at least the field's min_count files (of its media kinds)
    MAX_COUNT = "max_count"  # at most the field's max_count files
    FIVE_W_ONE_H = "five_w_one_h"  # every part of 5W+1H answered
    ALT_TEXT = "alt_text"  # every image carries a text alternative
    DIP_LINK = "dip_link"  # linked to an entry of the public-information list
    # Audio, Braille and large print made from the field's text (with the title), ready: the
    # duty "dilengkapi dengan audio, visual, dan/atau Braille" met by the files themselves.
    ACCESSIBLE_FORMATS = "accessible_formats"
    # Every video of the field carries captions, every audio file a transcript (WebVTT).
    CAPTIONS = "captions"


@dataclass(frozen=True)
class Requirement:
    """One *Kelengkapan* item of a step, in the agency's words, possibly machine-checked."""

    text: str
    check: CheckKind | None = None
    field: str | None = None  # the item field the check looks at
    confirm: bool = False  # checklist item the actor must tick before acting
    # A duty the SOP writes in the step's *Keterangan*, not its *Kelengkapan* (seed D's
    # accessibility): checked like any requirement, printed only in the notes.
    in_notes: bool = False

    @property
    def is_checklist(self) -> bool:
        return self.check is None


class TimeKind(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WORKDAYS = "workdays"  # "3 hari kerja": by the end of the n-th working day after the anchor
    WEEKS = "weeks"
    MONTHS = "months"  # calendar months: the same day of the month n months later
    SAME_DAY = "same_day"  # "Hari H": before the anchor day ends
    DAY_OFFSET = "day_offset"  # "H+n" / "H-n": before day n after (before) the anchor ends
    TENTATIVE = "tentative"  # "Tentatif": no limit


class TimeAnchor(StrEnum):
    """What a time standard is counted from."""

    STEP = "step"  # the moment the item reached this step
    HANDIN = "handin"  # the moment the item was handed in
    ACTIVITY = "activity"  # the activity's date (or date and time)


@dataclass(frozen=True)
class TimeStandard:
    """*Waktu* of a step. A range ("1-3 jam") has a target and a limit; otherwise they agree."""

    kind: TimeKind
    text: str  # as the agency wrote it, e.g. "1 - 3 Jam", "Hari H setelah kegiatan"
    target: int = 0  # amount in the kind's unit (days after the anchor for H+n, negative for H-n)
    limit: int = 0
    anchor: TimeAnchor = TimeAnchor.STEP

    @property
    def is_range(self) -> bool:
        return self.limit != self.target

    @property
    def is_tentative(self) -> bool:
        return self.kind is TimeKind.TENTATIVE


class StepKind(StrEnum):
    """What happens at a step, which decides the actions the engine accepts there."""

    WORK = "work"  # the executor does something and marks it done (collect material)
    HANDIN = "handin"  # content handed in: requirements checked, register number given
    REVIEW = "review"  # receive / check / correct; may send back when ``reject`` is set
    DECISION = "decision"  # accept or reject with the SOP's own labels (Ya/Tidak, Terima/Tolak)
    PUBLISH = "publish"  # publish on the channels
    ARCHIVE = "archive"  # file the published item


@dataclass(frozen=True)
class Decision:
    """The two ways out of a decision step, labelled as in the agency's flowchart."""

    accept_label: str = "Ya"
    reject_label: str = "Tidak"


@dataclass(frozen=True)
class Condition:
    """A step applies only when an item field has one of ``values`` (seed C's routing)."""

    field: str
    values: frozenset[str]
    text: str = ""  # the *Keterangan* wording that states the rule

    def holds(self, item_values: dict[str, object]) -> bool:
        return str(item_values.get(self.field) or "") in self.values


END = "end"  # a transition target: the item has finished the procedure


class Destination(StrEnum):
    """Where a publish step sends an item."""

    NEWS = "news"  # the website's news list (*Berita*)
    ANNOUNCEMENTS = "announcements"  # the website's announcements (*Pengumuman*)
    CHANNELS = "channels"  # the organization's publishing channels (social media, ...)
    DIP = "dip"  # the linked entry of the public-information list is updated


DEFAULT_DESTINATIONS = (Destination.NEWS.value, Destination.CHANNELS.value)


@dataclass(frozen=True)
class AfterPublish:
    """Who may do what to an item once it is published (the publish step's ``after_publish``).

    Empty role lists mean the publish step's own roles, except ``correct``: an SOP that does
    not say who may correct a published item lets nobody.
    """

    take_down: tuple[str, ...] = ()  # take it off the website and withdraw it from channels
    correct: tuple[str, ...] = ()  # start a correction (a new revision)
    correct_approval: tuple[str, ...] = ()  # approval steps a correction passes again
    reschedule: tuple[str, ...] = ()  # move a scheduled publication
    pause: tuple[str, ...] = ()  # hold a scheduled publication


@dataclass(frozen=True)
class Step:
    """One row of the procedure table (*Kegiatan*)."""

    key: str
    number: int  # 1-based, as printed in the "No" column
    activity: str
    kind: StepKind
    roles: tuple[str, ...]  # any holder of one of these roles may act
    lanes: tuple[str, ...]  # executor columns the flowchart draws this step in
    requirements: tuple[Requirement, ...] = ()
    time: TimeStandard | None = None
    output: str = ""
    notes: str = ""
    next: str = END  # where accepting leads; resolved to the following step when not given
    reject: str | None = None  # where sending back leads (required for DECISION)
    # Sending back chosen by the item's route: the choice field and (value, step) pairs, one
    # per choice; ``reject`` is None then.
    reject_by: str | None = None
    reject_to: tuple[tuple[str, str], ...] = ()
    # The outside party that executes this step (``roles`` is then just that key); None for
    # the organization's own roles.
    party: str | None = None
    # Reached only by being sent back (a clerk's office correcting its material): accepting
    # the step before it passes over it, like a step whose condition does not hold.
    only_on_return: bool = False
    # The label of a third way out that ends the item as *Ditolak* ("Tidak layak tayang");
    # None when the step cannot refuse.
    refuse: str | None = None
    # Accepting also writes a *tanggapan tertulis* (seed A's "Tanggapan tertulis dari Tim
    # Pertimbangan"): the approver must write it, like a send-back's response.
    accept_response: bool = False
    decision: Decision | None = None
    condition: Condition | None = None
    editable: tuple[str, ...] = ()  # fields the actor may correct at this step
    chooses: tuple[str, ...] = ()  # routing fields the actor may set at this step
    # Who is told when the step is overdue (empty: the organization's admins), and after how
    # long past the limit they are told again (None: once).
    escalate_to: tuple[str, ...] = ()
    escalate_again: timedelta | None = None
    # Separation of duties relaxed for this step (a one-person office): the person who handed
    # in, edited last or approved earlier may also act here.
    allow_same_person: bool = False
    # "All of" approval: every role in ``roles`` must approve, in any order, before the step
    # passes (False: any one holder of any of the roles decides).
    approval_by_all: bool = False
    after_publish: AfterPublish | None = None  # publish steps only
    # Publish steps: where the item goes (Destination values); empty means the default, the
    # news list of the website and the organization's channels.
    destinations: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()  # outside systems it is entered in by hand, with proof
    line: int = 0  # where the step starts in its definition file

    @property
    def accept_label(self) -> str:
        if self.decision:
            return self.decision.accept_label
        return {
            StepKind.WORK: "Selesai",
            StepKind.HANDIN: "Serahkan",
            StepKind.REVIEW: "Terima",
            StepKind.PUBLISH: "Tayangkan",
            StepKind.ARCHIVE: "Arsipkan",
        }.get(self.kind, "Lanjut")

    @property
    def reject_label(self) -> str:
        return self.decision.reject_label if self.decision else "Kembalikan"

    @property
    def reject_targets(self) -> tuple[str, ...]:
        """Every step sending back may lead to, whatever the item's route."""
        if self.reject is not None:
            return (self.reject,)
        return tuple(dict.fromkeys(target for _, target in self.reject_to))

    @property
    def sends_back(self) -> bool:
        return self.reject is not None or bool(self.reject_to)

    def reject_target(self, values: dict[str, object]) -> str | None:
        """Where sending back leads for an item with ``values`` (None: its route is not
        chosen yet, so a send-back chosen by route has nowhere to go)."""
        if self.reject is not None:
            return self.reject
        chosen = str(values.get(self.reject_by or "") or "")
        return dict(self.reject_to).get(chosen)
