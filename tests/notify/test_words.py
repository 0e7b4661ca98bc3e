"""The words of a message as a phone shows them: short, and cut cleanly."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tayang.notify import compose
from tests.app.decision_kit import seed_c_item, seed_c_world

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOON = datetime(2026, 3, 2, 12, tzinfo=WIB)


def test_a_long_step_is_cut_with_one_ellipsis_before_the_deadline():
    """Seed C's step 4 describes its activity in 150 characters: the arrival's body is cut at
    a word with "…", then says the deadline — never "…." (as the demo showed it)."""
    world = seed_c_world()
    item = seed_c_item(world, "Pelatihan kerja berbasis kompetensi angkatan II",
                       target="filter_pimpinan_unit", now=NOON)
    sop = item.procedure_version.sop
    words = compose.arrived(item, sop, sop.step(item.step))
    assert words.title == "Menunggu Anda: Pelatihan kerja berbasis kompetensi angkatan II"
    assert len(words.body) <= compose.BODY_MAX
    assert "…." not in words.body
    assert words.body.startswith("No. 0001/2026. Langkah 4 (Sekretaris, Ka. Bidang, Ka. Balai): "
                                 "Melakukan filtering informasi")
    assert "… Batas waktu Senin, 2 Mar 2026, pukul 14.00 WIB." in words.body


def test_a_short_step_ends_its_sentence_with_a_full_stop():
    world = seed_c_world()
    item = seed_c_item(world, "Kebijakan penyaluran bantuan lansia", now=NOON)
    sop = item.procedure_version.sop
    words = compose.arrived(item, sop, sop.step(item.step))
    assert ". Batas waktu " in words.body and "…" not in words.body
