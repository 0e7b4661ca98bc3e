"""Every SOP requires alt text on every photo, whether its definition lists it or not."""

from datetime import UTC, datetime

import pytest

from tayang.engine.actions import Approve, HandIn
from tayang.engine.machine import Accepted, Refused, decide, start
from tayang.sop.bundled import bundled_sops
from tayang.sop.model import CheckKind, FieldKind, MediaKind, StepKind
from tayang.sop.rules import accessibility_checks

from .builders import actor_for, confirmations, content, files

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize("key", sorted(bundled_sops()))
def test_photos_without_alt_text_cannot_be_handed_in(key):
    sop = bundled_sops()[key]
    photo_fields = [f for f in sop.fields if f.kind is FieldKind.MEDIA
                    and files(f, 1)[0].kind is MediaKind.PHOTO]
    if not photo_fields:
        pytest.skip("this SOP takes no photos")
    values = content(sop)
    target = photo_fields[0]
    values[target.key] = files(target, max(target.min_count or 0, 1), alt=False)
    handin = next(sop.steps_of_kind(StepKind.HANDIN))
    created = start(sop, actor_for(sop.first_step), NOW, "Asia/Jakarta", values)
    assert isinstance(created, Accepted)
    state = created.state
    if state.step != handin.key:  # seed C collects material first
        collected = decide(sop, state, Approve(confirmed=confirmations(sop.first_step)),
                           actor_for(sop.first_step), NOW, "Asia/Jakarta")
        assert isinstance(collected, Accepted)
        state = collected.state
    outcome = decide(sop, state, HandIn(confirmations(handin)), actor_for(handin), NOW,
                     "Asia/Jakarta")
    assert isinstance(outcome, Refused)
    assert "Teks alternatif belum diisi" in outcome.message


def test_the_rule_is_added_only_where_the_sop_does_not_declare_it():
    for sop in bundled_sops().values():
        declared = {r.field for s in sop.steps for r in s.requirements
                    if r.check is CheckKind.ALT_TEXT}
        added = {r.field for r in accessibility_checks(sop)}
        assert not declared & added
