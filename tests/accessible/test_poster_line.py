"""The notice-board poster of an announcement says where its accessible versions are
(issue 14): "Tersedia versi audio, Braille dan cetak besar: <short address>"."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from tayang.channels import poster
from tayang.channels.post import build
from tests.accessible.announcements import handed_in_announcement, seed_d_world
from tests.app.world import make_world, new_item
from tests.channels.posts import post


def flat(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def test_the_poster_names_the_accessible_versions_with_the_short_address():
    item = replace(post(), accessible_formats=True)
    text = flat(poster.render(item, day=date(2026, 12, 6)))
    assert "Tersedia versi audio, Braille dan cetak besar:" in text
    # the address may wrap at a slash
    assert f"cetakbesar:{item.link}" in text.replace(" ", "")
    assert "Tersedia versi audio" not in flat(poster.render(post(), day=date(2026, 12, 6)))
    long = replace(item, text="kata " * 3000)
    assert len(PdfReader(io.BytesIO(poster.render(long, day=date(2026, 12, 6)))).pages) == 1


@pytest.mark.django_db
def test_an_announcement_post_says_it_has_accessible_versions_another_does_not():
    announcement = handed_in_announcement(seed_d_world())
    made = build(announcement, announcement.values, key="k")
    assert made.accessible_formats and made.link.endswith(f"/berita/{announcement.pk}/")
    other = new_item(make_world("lain", "dinas-lain"), "Berita biasa")
    assert not build(other, other.values, key="k").accessible_formats
