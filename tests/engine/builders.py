"""Building engine inputs from an SOP definition, so that tests run unchanged on every bundled SOP.

Nothing here knows an agency: actors come from ``step.roles``, content from ``sop.fields`` and
the checks in the steps' requirements, routes from the steps' conditions and ``chooses``.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tayang.engine import events as ev
from tayang.engine.actions import (
    Action,
    Actor,
    Approve,
    Archive,
    ChooseRoute,
    Edit,
    HandIn,
    Publish,
)
from tayang.engine.content import FORMATS, FormatReadiness, MediaInfo
from tayang.engine.machine import Accepted, Outcome, Refused, decide, start
from tayang.engine.state import ItemState
from tayang.sop import flow
from tayang.sop.model import (
    FIVE_W_ONE_H_PARTS,
    CheckKind,
    FieldKind,
    ItemField,
    MediaKind,
    Requirement,
    Sop,
    Step,
    StepKind,
)

APPROVAL_KINDS = (StepKind.REVIEW, StepKind.DECISION)
ACTIVITY_DAY = date(2024, 5, 6)  # a Monday
STEP_GAP = timedelta(minutes=7)
ACCEPT_RESPONSE = "Dokumentasi dan narasi sudah diperiksa dan sesuai."

_LONG_TEXT = (
    "Pada hari Senin pagi Dinas menyelenggarakan sosialisasi perizinan berusaha berbasis risiko "
    "bagi pelaku usaha mikro dan kecil di aula kantor kapanewon. Kegiatan dibuka oleh Kepala "
    "Dinas dan diikuti sekitar seratus peserta dari berbagai kalurahan."
)
_SHORT_TEXT = "Sosialisasi perizinan berusaha berbasis risiko bagi pelaku UMKM di aula kapanewon"


# --- actors ---------------------------------------------------------------------------------


def actor(*roles: str, id: str | None = None) -> Actor:
    """A person holding exactly ``roles``."""
    return Actor(id=id or "+".join(roles) or "nobody", roles=frozenset(roles), name=id or "")


def actor_for(step: Step, index: int = 0) -> Actor:
    """A person holding only the ``index``-th role the step accepts."""
    return actor(step.roles[index % len(step.roles)])


def outsider(sop: Sop, step: Step) -> Actor:
    """A person holding every role of the SOP except those that may act at ``step``."""
    return actor(*(role.key for role in sop.roles if role.key not in step.roles), id="outsider")


def everyone(sop: Sop) -> Actor:
    return actor(*(role.key for role in sop.roles), id="everyone")


def archivers(sop: Sop) -> tuple[str, ...]:
    """Who files a finished item: the archive step's roles, else the publisher's."""
    step = (
        next(sop.steps_of_kind(StepKind.ARCHIVE), None)
        or next(sop.steps_of_kind(StepKind.PUBLISH), None)
        or sop.steps[-1]
    )
    return step.roles


# --- content --------------------------------------------------------------------------------


def route_fields(sop: Sop) -> tuple[str, ...]:
    """Choice fields that decide the route (a step's condition looks at them)."""
    keys: list[str] = []
    for step in sop.steps:
        if step.condition and step.condition.field not in keys:
            keys.append(step.condition.field)
        for key in step.chooses:
            if key not in keys:
                keys.append(key)
    return tuple(keys)


def media_kind_for(item_field: ItemField) -> MediaKind | None:
    if item_field.kind is FieldKind.DOCUMENT:
        return None
    kinds = item_field.media_kinds or (MediaKind.PHOTO,)
    return MediaKind.PHOTO if MediaKind.PHOTO in kinds else kinds[0]


def files(item_field: ItemField, count: int, *, alt: bool = True) -> tuple[MediaInfo, ...]:
    kind = media_kind_for(item_field)
    suffixes = {MediaKind.PHOTO: "jpg", MediaKind.VIDEO: "mp4", MediaKind.AUDIO: "mp3"}
    suffix = suffixes[kind] if kind else "pdf"
    return tuple(
        MediaInfo(
            kind=kind,
            name=f"{item_field.key}-{number}.{suffix}",
            alt_text=f"Peserta sosialisasi, gambar {number}" if alt else "",
        )
        for number in range(1, count + 1)
    )


def file_count(item_field: ItemField) -> int:
    """Enough files for every check: the minimum, at least one, at most the maximum."""
    count = max(item_field.min_count or 0, 1)
    return min(count, item_field.max_count) if item_field.max_count else count


def good_value(item_field: ItemField, activity_day: date = ACTIVITY_DAY) -> object:
    """A value of ``item_field`` that passes every check the SOP can put on it."""
    match item_field.kind:
        case FieldKind.TEXT:
            return _fit(_SHORT_TEXT, item_field.max_length)
        case FieldKind.LONGTEXT:
            return _fit(_LONG_TEXT, item_field.max_length)
        case FieldKind.DATE:
            return activity_day
        case FieldKind.DATETIME:
            return datetime.combine(activity_day, time(9, 0))
        case FieldKind.CHOICE:
            return item_field.choices[0][0]
        case FieldKind.MEDIA | FieldKind.DOCUMENT:
            return files(item_field, file_count(item_field))
        case FieldKind.FIVE_W_ONE_H:
            return five_w_one_h()
        case FieldKind.DIP_ENTRY:
            return "dip-2024-017"
    raise AssertionError(f"unknown field kind {item_field.kind}")


def five_w_one_h(**overrides: str) -> dict[str, str]:
    answers = {
        "apa": "Sosialisasi perizinan berusaha",
        "siapa": "Pelaku UMKM dan petugas Dinas",
        "kapan": "Senin, 6 Mei 2024 pukul 09.00",
        "di_mana": "Aula kapanewon",
        "mengapa": "Agar pelaku usaha memahami perizinan berbasis risiko",
        "bagaimana": "Paparan narasumber dan tanya jawab",
    }
    answers.update(overrides)
    assert set(answers) == {key for key, _ in FIVE_W_ONE_H_PARTS}
    return answers


def content(sop: Sop, activity_day: date = ACTIVITY_DAY) -> dict[str, object]:
    """Values for every field except the route fields, satisfying every requirement."""
    routes = set(route_fields(sop))
    return {
        item_field.key: good_value(item_field, activity_day)
        for item_field in sop.fields
        if item_field.key not in routes
    }


def confirmations(step: Step) -> frozenset[str]:
    """Every checklist item of ``step``, ticked."""
    return frozenset(r.text for r in step.requirements if r.check is None)


def _fit(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[:limit].rstrip()


# --- routes ---------------------------------------------------------------------------------


def route_options(sop: Sop) -> list[dict[str, str]]:
    """One assignment of the route fields per distinct path, every choice combination tried."""
    keys = route_fields(sop)
    choices = [[value for value, _ in sop.field(key).choices] for key in keys]
    seen: dict[tuple[str, ...], dict[str, str]] = {}
    for combination in itertools.product(*choices):
        values = dict(zip(keys, combination, strict=True))
        seen.setdefault(path_keys(sop, values), values)
    return list(seen.values()) or [{}]


def path_keys(sop: Sop, values: Mapping[str, object]) -> tuple[str, ...]:
    return tuple(step.key for step in flow.path(sop, values))


def chooser(sop: Sop, key: str) -> Step | None:
    """The step at which the route field ``key`` is chosen with ChooseRoute, if any."""
    return next((step for step in sop.steps if key in step.chooses), None)


def conditional_steps(sop: Sop) -> list[Step]:
    return [step for step in sop.steps if step.condition is not None]


# --- requirement violations ----------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """Content that breaks one requirement, and every requirement of the step it breaks."""

    requirement: Requirement
    values: dict[str, object]
    expected: frozenset[Requirement]
    says: str  # a phrase the refusal message must contain


def violation(sop: Sop, step: Step, requirement: Requirement, values: Mapping[str, object]) -> (
    Violation | None
):
    """Break ``requirement`` in ``values`` as a person would; None when it cannot be broken."""
    assert requirement.check is not None and requirement.field is not None
    item_field = sop.field(requirement.field)
    key = item_field.key
    on_field = [r for r in step.requirements if r.field == key and r.check is not None]
    broken = dict(values)

    def expect(*kinds: CheckKind) -> frozenset[Requirement]:
        return frozenset(r for r in on_field if r.check in kinds)

    match requirement.check:
        case CheckKind.FILLED | CheckKind.DIP_LINK:
            broken[key] = _empty(item_field)
            kinds = {CheckKind.FILLED, CheckKind.FIVE_W_ONE_H, CheckKind.DIP_LINK}
            if item_field.min_count:
                kinds.add(CheckKind.MIN_COUNT)
            says = "belum" if requirement.check is CheckKind.FILLED else "Daftar Informasi Publik"
            return Violation(requirement, broken, expect(*kinds), says)
        case CheckKind.MAX_LENGTH:
            assert item_field.max_length is not None
            broken[key] = "x" * (item_field.max_length + 1)
            return Violation(
                requirement, broken, expect(CheckKind.MAX_LENGTH),
                f"terlalu panjang: {item_field.max_length + 1} karakter",
            )
        case CheckKind.MIN_COUNT:
            assert item_field.min_count is not None
            if item_field.min_count == 0:
                return None
            have = item_field.min_count - 1
            broken[key] = files(item_field, have)
            kinds = {CheckKind.MIN_COUNT} | ({CheckKind.FILLED} if have == 0 else set())
            return Violation(requirement, broken, expect(*kinds), f"baru {have} ")
        case CheckKind.FIVE_W_ONE_H:
            answers = five_w_one_h()
            answers["mengapa"] = "  "
            broken[key] = answers
            return Violation(requirement, broken, expect(CheckKind.FIVE_W_ONE_H), "Mengapa")
        case CheckKind.ALT_TEXT:
            current = tuple(broken.get(key) or files(item_field, file_count(item_field)))
            photos = [i for i, f in enumerate(current) if f.kind is MediaKind.PHOTO]
            if not photos:
                return None
            first = photos[0]
            missing = MediaInfo(current[first].kind, current[first].name, alt_text="")
            broken[key] = (*current[:first], missing, *current[first + 1 :])
            return Violation(
                requirement, broken, expect(CheckKind.ALT_TEXT), current[first].name
            )
        case CheckKind.ACCESSIBLE_FORMATS:
            broken[FORMATS] = FormatReadiness(ready=("cetak besar",), waiting=("audio",))
            return Violation(requirement, broken, expect(CheckKind.ACCESSIBLE_FORMATS),
                             "masih dibuat: audio")
    raise AssertionError(f"unknown check {requirement.check}")


def _empty(item_field: ItemField) -> object:
    match item_field.kind:
        case FieldKind.MEDIA | FieldKind.DOCUMENT:
            return ()
        case FieldKind.FIVE_W_ONE_H:
            return {}
        case FieldKind.TEXT | FieldKind.LONGTEXT:
            return "   "
    return None


# --- walking --------------------------------------------------------------------------------


@dataclass
class Walk:
    """One item driven through the engine, keeping every state and event for assertions."""

    sop: Sop
    tz: ZoneInfo
    now: datetime
    state: ItemState | None = None
    events: list[object] = field(default_factory=list)
    states: list[ItemState] = field(default_factory=list)
    entered: list[str] = field(default_factory=list)  # steps entered, in order
    accepted: int = 0

    @classmethod
    def begin(
        cls, sop: Sop, tz: str = "", *, at: datetime | None = None,
        values: dict[str, object] | None = None,
    ) -> Walk:
        zone = ZoneInfo(tz or sop.timezone)
        walk = cls(sop, zone, at or datetime.combine(ACTIVITY_DAY, time(9, 0), tzinfo=zone))
        first = sop.first_step
        outcome = start(sop, actor_for(first), walk.now, zone, values)
        walk._take(outcome)
        return walk

    @property
    def step(self) -> Step:
        assert self.state is not None and self.state.step is not None
        return self.sop.step(self.state.step)

    def tick(self, gap: timedelta = STEP_GAP) -> datetime:
        self.now += gap
        return self.now

    def try_(self, action: Action, who: Actor | None = None) -> Outcome:
        """Ask the engine without recording; the state stays as it was."""
        assert self.state is not None
        before = copy.deepcopy(self.state)
        who = who or actor_for(self.step)
        outcome = decide(self.sop, self.state, action, who, self.tick(), self.tz)
        assert self.state == before, "deciding must not change the state it was given"
        return outcome

    def do(self, action: Action, who: Actor | None = None) -> Accepted:
        outcome = self.try_(action, who or actor_for(self.step))
        assert isinstance(outcome, Accepted), f"{action} refused: {_message(outcome)}"
        self._take(outcome)
        return outcome

    def refused(self, action: Action, who: Actor | None = None) -> Refused:
        outcome = self.try_(action, who or actor_for(self.step))
        assert isinstance(outcome, Refused), f"{action} should have been refused"
        return outcome

    def _take(self, outcome: Outcome) -> None:
        assert isinstance(outcome, Accepted), _message(outcome)
        self.state = outcome.state
        self.states.append(outcome.state)
        self.events.extend(outcome.events)
        self.entered.extend(e.step for e in outcome.events if isinstance(e, ev.StepEntered))
        self.accepted += 1

    # --- moving on ----------------------------------------------------------------------

    def accept_action(self, route: Mapping[str, str] | None = None) -> Action:
        """The action that accepts the current step (its route chosen beforehand)."""
        step = self.step
        match step.kind:
            case StepKind.HANDIN:
                return HandIn(confirmations(step))
            case StepKind.WORK | StepKind.REVIEW | StepKind.DECISION:
                return Approve(note="Sesuai", confirmed=confirmations(step),
                               response=ACCEPT_RESPONSE if step.accept_response else "")
            case StepKind.PUBLISH:
                return Publish(channels=("website",), confirmed=confirmations(step))
            case StepKind.ARCHIVE:
                return Archive(note="Diarsipkan")
        raise AssertionError(step.kind)

    def choose(self, route: Mapping[str, str], who: Actor | None = None) -> None:
        """Choose at this step every route field it chooses whose value is not yet right."""
        assert self.state is not None
        for key in self.step.chooses:
            if key in route and self.state.values.get(key) != route[key]:
                self.do(ChooseRoute(key, route[key]), who)

    def accept(self, route: Mapping[str, str] | None = None, who: Actor | None = None) -> Accepted:
        self.choose(route or {}, who)
        return self.do(self.accept_action(), who)

    def fill(self, values: Mapping[str, object], who: Actor | None = None) -> Accepted:
        return self.do(Edit(dict(values), note="Isi konten"), who)

    def until(self, key: str, route: Mapping[str, str] | None = None) -> None:
        """Accept steps until the item stands at ``key``."""
        assert self.state is not None
        for _ in range(len(self.sop.steps) + 1):
            if self.state.step == key:
                return
            self.accept(route)
        raise AssertionError(f"never reached {key}; at {self.state.step}")

    def finish(self, route: Mapping[str, str] | None = None) -> None:
        assert self.state is not None
        for _ in range(len(self.sop.steps) + 1):
            if not self.state.is_active:
                return
            self.accept(route)
        raise AssertionError("the item never left the procedure")

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]


def _message(outcome: Outcome) -> str:
    return outcome.message if isinstance(outcome, Refused) else "accepted"


def prepared(sop: Sop, route: Mapping[str, str] | None = None, tz: str = "") -> Walk:
    """A draft with its content filled in (route fields not chosen through the flow edited in)."""
    walk = Walk.begin(sop, tz)
    values = content(sop)
    for key, value in (route or {}).items():
        if chooser(sop, key) is None:
            values[key] = value
    walk.fill(values)
    return walk


def steps_with_checks(sop: Sop) -> Iterator[tuple[Step, Requirement]]:
    for step in sop.steps:
        for requirement in step.requirements:
            if requirement.check is not None:
                yield step, requirement
