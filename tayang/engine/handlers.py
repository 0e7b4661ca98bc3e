"""What each action does at the step an item is at, once the engine has let the actor try.

:func:`tayang.engine.machine.decide` checks the item is open, the actor holds a role of the
step, the action exists there and no duty conflict forbids it; a :class:`StepDecision` then
carries the action out, or refuses it for what the action itself lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from tayang.engine import events as ev
from tayang.engine.actions import (
    ActionKind,
    Approve,
    Archive,
    ChooseRoute,
    Edit,
    HandIn,
    Publish,
    Refuse,
    SendBack,
)
from tayang.engine.duties import APPROVAL_KINDS
from tayang.engine.moments import moment_text
from tayang.engine.moving import Decision
from tayang.engine.refusals import (
    Accepted,
    Outcome,
    RefusalReason,
    Refused,
    refuse,
)
from tayang.engine.reminders import reminders
from tayang.engine.requirements import product_rules
from tayang.engine.routing import apply_route, route_refusal
from tayang.engine.state import ApprovalMark, Status
from tayang.engine.step_actions import editable_fields
from tayang.engine.stepstate import (
    ended,
    invalid_value,
    roles_still_to_approve,
)
from tayang.sop import flow
from tayang.sop.model import END, StepKind

MIN_RESPONSE_LENGTH = 10  # a written response must say something a person can act on


class StepDecision(Decision):
    """One decision in progress: the action handlers (moving and checks: :class:`Decision`)."""

    # --- actions ----------------------------------------------------------------------------

    def edit(self, action: Edit) -> Outcome:
        allowed = editable_fields(self.sop, self.step)
        problems = []
        for key, value in action.changes.items():
            if not self.sop.has_field(key):
                problems.append(f"Isian «{key}» tidak ada pada SOP ini.")
            elif key not in allowed:
                problems.append(
                    f"{self.sop.field(key).label} tidak dapat dikoreksi pada langkah ini."
                )
            elif (message := invalid_value(self.sop, key, value)) is not None:
                problems.append(message)
        if problems:
            return refuse(RefusalReason.INVALID, " ".join(problems))
        changed = tuple(
            key for key, value in action.changes.items() if self.state.values.get(key) != value
        )
        if not changed:
            return refuse(RefusalReason.INVALID, "Tidak ada perubahan untuk disimpan.")
        values = {**self.state.values, **{key: action.changes[key] for key in changed}}
        state = replace(
            self.state,
            values=values,
            revision=self.state.revision + 1,
            version=self.state.version + 1,
            edited_by=self.actor.id,
            edited_at_step=self.step.key,
            # An "all of" step's approvals so far were of the old content: asked again.
            approvals=tuple(m for m in self.state.approvals if m.step != self.step.key),
        )
        # A changed activity date moves a due time counted from the activity.
        state = replace(state, due=self._due(self.step, state))
        return Accepted(
            state,
            (
                self._log(ActionKind.EDIT, "edited", action.note),
                ev.ContentChanged(changed, state.revision, self.now),
                # The new version makes the pending reminder stale (and the due time may
                # have moved): schedule its replacement.
                *reminders(state, self.step),
            ),
        )

    def hand_in(self, action: HandIn) -> Outcome:
        routed = self._routed(action.route)
        if isinstance(routed, Refused):
            return routed
        here, route_events, route_text = routed
        if refused := here._requirements(action.confirmed, product_rules(self.sop)):
            return refused
        first_time = not here.state.is_handed_in
        state = here.state if not first_time else replace(here.state, handed_in_at=self.now)
        if self.actor.id not in state.handed_in_by:
            state = replace(state, handed_in_by=(*state.handed_in_by, self.actor.id))
        events: list[ev.Event] = [
            self._log(ActionKind.HAND_IN, "handed_in", route_text), *route_events
        ]
        if first_time:
            events.append(ev.RegisterNumberNeeded(self.now))
        return here._advance(state, events, "handed_in")

    def approve(self, action: Approve) -> Outcome:
        response = action.response.strip()
        if refused := self._response_refusal(response):
            return refused
        routed = self._routed(action.route)
        if isinstance(routed, Refused):
            return routed
        here, route_events, route_text = routed
        if refused := here._requirements(action.confirmed, here._handed_in_checks()):
            return refused
        outcome = "done" if self.step.kind is StepKind.WORK else "approved"
        detail = "; ".join(text for text in (route_text, action.note, response) if text)
        events: list[ev.Event] = [self._log(ActionKind.APPROVE, outcome, detail), *route_events]
        state = here.state
        if self.step.kind in APPROVAL_KINDS:
            mark = ApprovalMark(self.step.key, self.actor.id, self.state.revision, self.role)
            state = replace(state, approvals=(*state.approvals, mark))
            events.append(
                ev.Approved(
                    self.step.key,
                    self.role,
                    self.actor.id,
                    self.step.accept_label,
                    self.state.revision,
                    self.now,
                )
            )
            if waiting := roles_still_to_approve(self.step, state):
                # "All of": the step waits for the other roles' approvals, in any order.
                names = ", ".join(self.sop.role(key).name for key in waiting)
                events[0] = self._log(
                    ActionKind.APPROVE, outcome,
                    "; ".join(t for t in (detail, f"menunggu persetujuan {names}") if t),
                )
                if response:
                    events.append(self._accepted_response(response, ""))
                return Accepted(replace(state, version=state.version + 1), tuple(events))
        if response:
            target = flow.resolve(self.sop, self.step.next, state.values)
            events.append(self._accepted_response(response, "" if target == END else target))
        return self._advance(state, events, outcome)

    def _response_refusal(self, response: str) -> Refused | None:
        """A step that produces a written response on acceptance needs one; others take none
        (it would be recorded nowhere the SOP asks for it)."""
        if self.step.accept_response and len(response) < MIN_RESPONSE_LENGTH:
            made = f" ({self.step.output})" if self.step.output else ""
            return refuse(
                RefusalReason.INVALID,
                f"Tanggapan tertulis wajib diisi untuk «{self.step.accept_label}» (paling "
                f"sedikit {MIN_RESPONSE_LENGTH} karakter): langkah ini menghasilkan tanggapan "
                f"tertulis{made}.",
            )
        if response and not self.step.accept_response:
            return refuse(
                RefusalReason.INVALID,
                f"Langkah {self.step.number} tidak menghasilkan tanggapan tertulis saat "
                "disetujui; tuliskan di catatan.",
            )
        return None

    def _accepted_response(self, response: str, to_step: str) -> ev.ResponseWritten:
        return ev.ResponseWritten(
            self.step.key, to_step, self.role, self.actor.id, self.step.accept_label, response,
            self.now, kind=ev.ResponseKind.ACCEPTED,
        )

    def send_back(self, action: SendBack) -> Outcome:
        response = action.response.strip()
        if len(response) < MIN_RESPONSE_LENGTH:
            return refuse(
                RefusalReason.INVALID,
                "Tanggapan tertulis wajib diisi (paling sedikit "
                f"{MIN_RESPONSE_LENGTH} karakter) agar pelaksana tahu apa yang harus diperbaiki.",
            )
        aimed = self.step.reject_target(dict(self.state.values))
        if aimed is None:
            # A send-back chosen by the route (``reject: {by: ...}``) needs the route.
            route = self.sop.field(self.step.reject_by or "")
            return refuse(
                RefusalReason.INVALID,
                f"Pilih {route.label} lebih dulu: ke mana konten dikembalikan ditentukan oleh "
                "isian itu.",
            )
        target = flow.resolve(self.sop, aimed, self.state.values, returning=True)
        order = {step.key: index for index, step in enumerate(self.sop.steps)}
        # Approvals given after the target no longer count: the content will change again.
        passed = tuple(key for key in self.state.passed if order[key] < order[target])
        events: list[ev.Event] = [
            self._log(ActionKind.SEND_BACK, "sent_back", response),
            ev.ResponseWritten(
                self.step.key,
                target,
                self.role,
                self.actor.id,
                self.step.reject_label,
                response,
                self.now,
            ),
            self._finished(self.state, "sent_back"),
        ]
        approvals = tuple(mark for mark in self.state.approvals if mark.step in passed)
        state = replace(self.state, status=Status.RETURNED, passed=passed, approvals=approvals)
        return Accepted(*self._enter(state, target, events))

    def refuse(self, action: Refuse) -> Outcome:
        """End the item as *Ditolak*: unfit for publication, with the written reason."""
        if self.step.refuse is None:
            raise AssertionError
        reason = action.reason.strip()
        if len(reason) < MIN_RESPONSE_LENGTH:
            return refuse(
                RefusalReason.INVALID,
                f"Alasan «{self.step.refuse}» wajib ditulis (paling sedikit "
                f"{MIN_RESPONSE_LENGTH} karakter): konten ini tercatat di register dengan alasan "
                "itu.",
            )
        events: tuple[ev.Event, ...] = (
            self._log(ActionKind.REFUSE, "refused", reason),
            self._finished(self.state, "refused"),
            ev.Ended(Status.REFUSED.value, self.step.key, reason, self.step.refuse, self.now),
        )
        return Accepted(ended(self.state, Status.REFUSED, self.now), events)

    def choose_route(self, action: ChooseRoute) -> Outcome:
        if refused := self._route_refusal(action.field, action.value):
            return refused
        item_field = self.sop.field(action.field)
        if self.state.values.get(action.field) == action.value:
            return refuse(RefusalReason.INVALID, "Rute itu sudah dipilih.")
        state = replace(
            self.state,
            values={**self.state.values, action.field: action.value},
            version=self.state.version + 1,
        )
        label = item_field.choice_label(action.value)
        return Accepted(
            state,
            (
                self._log(ActionKind.CHOOSE_ROUTE, "route_chosen", f"{item_field.label}: {label}"),
                ev.RouteChosen(action.field, action.value, self.now),
                *reminders(state, self.step),  # the pending one is stale at the new version
            ),
        )

    def publish(self, action: Publish) -> Outcome:
        if refused := self._requirements(action.confirmed, self._handed_in_checks()):
            return refused
        missing = self._missing_approvals()
        if missing:
            names = "; ".join(f"langkah {s.number} ({s.activity[:50]})" for s in missing)
            return refuse(RefusalReason.REQUIREMENTS, f"Belum mendapat persetujuan pada {names}.")
        scheduled = action.scheduled_for
        if scheduled is not None and scheduled <= self.now:
            return refuse(
                RefusalReason.INVALID,
                "Waktu penayangan terjadwal harus setelah saat ini. Kosongkan jadwal untuk "
                "menayangkan sekarang.",
            )
        correction = self.state.correcting
        # A correction keeps the item's first publication time; the article says it changed.
        state = replace(self.state, published_at=(
            self.state.published_at if correction and self.state.published_at
            else scheduled or self.now
        ))
        when = f"dijadwalkan {moment_text(scheduled, self.zone)}" if scheduled else ""
        events: list[ev.Event] = [
            self._log(ActionKind.PUBLISH, "correction_published" if correction else "published",
                      when),
            ev.PublishRequested(action.channels, self.state.revision, self.now, scheduled,
                                correction, first=self.state.published_at is None),
        ]
        return self._advance(state, events, "published")

    def archive(self, action: Archive) -> Outcome:
        # Passing the archive step is also finishing the procedure: the item gets its
        # Finished like an item leaving any other last step, then is filed.
        events: list[ev.Event] = [
            self._log(ActionKind.ARCHIVE, "archived", action.note),
            self._finished(self.state, "archived"),
            ev.Finished(self.now),
            ev.ArchivedEvent(self.now),
        ]
        state = replace(
            self.state,
            status=Status.ARCHIVED,
            step=None,
            finished_at=self.now,
            archived_at=self.now,
            passed=(*self.state.passed, self.step.key),
            version=self.state.version + 1,
        )
        return Accepted(state, tuple(events))

    def _route_refusal(self, key: str, value: str) -> Refused | None:
        return route_refusal(self.sop, self.step, key, value)

    def _routed(
        self, route: Mapping[str, str]
    ) -> tuple[StepDecision, tuple[ev.Event, ...], str] | Refused:
        """This decision with the route the person selected applied first, when it changed."""
        routed = apply_route(self.sop, self.step, self.state, route, self.now)
        if isinstance(routed, Refused):
            return routed
        state, events, text = routed
        return replace(self, state=state), events, text
