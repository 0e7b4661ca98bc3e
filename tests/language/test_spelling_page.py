"""Spelling findings on the item page (issue 14, point 6): checked by the worker when the
text is saved, stored, shown the same to the author and the reviewers, refreshed when the
text changes; an organization's accepted words are never shown, a reviewer or admin accepts
one with a click, the author alone may not; a missing dictionary is said and blocks nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tayang.engine.actions import Edit
from tayang.items.workflow import perform
from tayang.language import checking
from tayang.language.models import AcceptedWord, SpellingCheck
from tayang.language.spelling import DEFAULT_DICTIONARY
from tests.app.world import make_world, new_item

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not Path(f"{DEFAULT_DICTIONARY}.dic").is_file(),
                       reason="hunspell-id tidak terpasang (scripts/setup.sh memasangnya)"),
]


@pytest.fixture
def world():
    return make_world("ejaan", "dinas-ejaan")


def page(client, world, item, user) -> str:
    client.force_login(user)
    return client.get(f"/kerja/{world.slug}/konten/{item.pk}/").content.decode()


def test_saving_queues_a_check_the_worker_stores_and_every_reader_sees(world, client):
    item = new_item(world, "Pasar murah di Palangka Raya",
                    narrative="Pasar murah diadakan di halamn kantor kabupatn.")
    row = SpellingCheck.objects.get(item=item)
    assert row.state == SpellingCheck.State.QUEUED and row.revision == item.revision
    author = item.created_by
    assert "Ejaan sedang diperiksa" in page(client, world, item, author)

    assert checking.check_waiting(item) == "ready"
    row.refresh_from_db()
    assert [entry["word"] for entry in row.findings["narrative"]] == ["halamn", "kabupatn"]
    assert [entry["word"] for entry in row.findings["title"]] == ["Palangka"]
    for reader in (author, world.holder("tim_pertimbangan"), world.admin):
        shown = page(client, world, item, reader)
        assert "«halamn»" in shown and "halaman" in shown and "«kabupatn»" in shown

    # An unchanged save queues nothing; a changed text is checked again.
    assert not checking.request(item, world.sop)
    result = perform(item.pk, author, Edit({"narrative": "Pasar murah diadakan di halaman "
                                                         "kantor kabupaten."}), now=None)
    assert result.ok
    row.refresh_from_db()
    assert row.state == SpellingCheck.State.QUEUED
    checking.check_waiting(item)
    row.refresh_from_db()
    assert "narrative" not in row.findings and "«halamn»" not in page(client, world, item,
                                                                        author)


def test_a_reviewer_accepts_a_word_in_one_click_and_it_is_not_flagged_again(world, client):
    item = new_item(world, "Pasar murah di Palangka Raya", narrative="Diadakan di Tjilik Riwut.")
    checking.check_waiting(item)
    url = f"/kerja/{world.slug}/konten/{item.pk}/kata-diterima/"

    author = item.created_by  # hands in only: may not grow the list
    client.force_login(author)
    assert "kata-diterima" not in page(client, world, item, author)
    refused = client.post(url, {"word": "Palangka"}, follow=True)
    assert "Hanya admin dan peninjau SOP ini" in refused.content.decode()
    assert not AcceptedWord.objects.exists()

    reviewer = world.holder("tim_pertimbangan")
    shown = page(client, world, item, reviewer)
    assert "Terima kata" in shown and "«Palangka»" in shown
    assert client.post(url, {"word": "Palangka"}).status_code == 302
    assert AcceptedWord.objects.get(organization=world.org).key == "palangka"
    shown = page(client, world, item, reviewer)
    # At once, without a new check.
    assert "<strong>«Palangka»</strong>" not in shown
    assert "<strong>«Tjilik»</strong>" in shown

    # Not a word: refused with a message, nothing added.
    client.post(url, {"word": "<script>"})
    assert AcceptedWord.objects.count() == 1
    # Checked again later, the accepted word is not even stored.
    perform(item.pk, author, Edit({"title": "Pasar murah Palangka Raya"}))
    checking.check_waiting(item)
    assert "title" not in SpellingCheck.objects.get(item=item).findings


def test_kelola_edits_the_list_admins_only(world, client):
    url = f"/kerja/{world.slug}/kelola/kata-diterima/"
    client.force_login(world.holder("tim_pertimbangan"))
    assert client.get(url).status_code == 404
    client.force_login(world.admin)
    assert client.post(url, {"words": "Palangka, Tjilik\nRiwut"}).status_code == 302
    assert sorted(AcceptedWord.objects.values_list("key", flat=True)) == [
        "palangka", "riwut", "tjilik"]
    bad = client.post(url, {"words": "Betang 123abc"})
    assert bad.status_code == 422 and "bukan kata" in bad.content.decode()
    assert AcceptedWord.objects.count() == 3
    word = AcceptedWord.objects.get(key="riwut")
    client.post(f"{url}{word.pk}/hapus/")
    assert AcceptedWord.objects.count() == 2
    assert "Tjilik" in client.get(url).content.decode()


def test_without_the_dictionary_the_page_says_so_and_nothing_is_blocked(world, client,
                                                                        settings, tmp_path):
    settings.TAYANG_SPELLING_DICTIONARY = str(tmp_path / "id_ID")
    item = new_item(world, "Pasar murah", narrative="Diadakan di halamn kantor.")
    assert checking.check_waiting(item) == "unavailable"
    assert "pemeriksaan ejaan tidak tersedia" in page(client, world, item,
                                                      item.created_by).lower()


def test_the_sweep_gives_items_made_before_the_check_their_first_one(world):
    from tayang.language.sweep import check_due

    item = new_item(world, "Pasar murah", narrative="Diadakan di halamn kantor.")
    SpellingCheck.objects.filter(item=item).delete()  # as if made before the check existed
    result = check_due()
    assert result["first"] == 1
    assert SpellingCheck.objects.get(item=item).state == SpellingCheck.State.QUEUED
    assert check_due()["first"] == 0
