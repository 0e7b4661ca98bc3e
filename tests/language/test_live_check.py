"""*Periksa bahasa* while writing (issue 14, point 6): the form's text checked before it is
saved and answered as the panel's HTML fragment — EYD V suggestions with their fix, words the
dictionary does not know with up to three proposals, the organization's accepted words left
alone; members only, CSRF-checked, a too-long text refused in Indonesian, nothing stored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tayang.language.models import AcceptedWord, SpellingCheck
from tayang.language.spelling import DEFAULT_DICTIONARY
from tayang.workspace.live_language import MAX_BODY, MAX_FIELD
from tests.app.world import add_person, make_world, new_item

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not Path(f"{DEFAULT_DICTIONARY}.dic").is_file(),
                       reason="hunspell-id tidak terpasang (scripts/setup.sh memasangnya)"),
]

SENTENCE = "Panitia merubah jadwal kegiatn di Palangka."


@pytest.fixture
def world():
    return make_world("periksa", "dinas-periksa")


def new_url(world) -> str:
    return f"/kerja/{world.slug}/konten/baru/{world.procedure.key}/periksa-bahasa/"


def signed_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def items(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", part)).strip()
            for part in re.findall(r"<li .*?</li>", html, re.S)]


def test_known_eyd_mistake_and_misspelt_word_with_their_fixes(world):
    author = world.holder(world.sop.first_step.roles[0])
    answer = signed_in(author).post(new_url(world), {"narrative": SENTENCE, "title": "Pasar"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'data-summary="3 saran bahasa"' in html
    found = items(html)
    assert found[0].startswith("Narasi berita: «merubah» — Kata baku: «mengubah»")
    assert "Ganti dengan «mengubah»" in found[0]
    assert 'data-field="narrative" data-start="8" data-end="15" data-found="merubah"' in html
    assert found[1].startswith("Narasi berita: «kegiatn» — Tidak ada di kamus bahasa Indonesia.")
    assert "Ganti dengan «kegiatan»" in found[1]
    assert len(re.findall(r"data-fix=", html.split("kegiatn", 1)[1].split("</li>")[0])) <= 3
    assert found[2].startswith("Narasi berita: «Palangka» — Tidak ada di kamus; bila ini nama")
    assert "Terima kata" not in html  # the author alone may not grow the list
    assert not SpellingCheck.objects.exists()  # nothing stored: the text is not saved


def test_accepted_words_are_not_flagged_and_reviewers_may_accept(world):
    AcceptedWord.objects.create(organization=world.org, word="Palangka", key="palangka")
    reviewer = world.holder("tim_pertimbangan")
    html = signed_in(reviewer).post(new_url(world), {"narrative": SENTENCE}).content.decode()
    assert "«Palangka»" not in html
    assert 'data-summary="2 saran bahasa"' in html
    assert "Terima kata «kegiatn»" in html  # a reviewer of the SOP may accept a word
    accepted = signed_in(reviewer).post(
        f"/kerja/{world.slug}/konten/baru/{world.procedure.key}/kata-diterima/",
        {"word": "kegiatn"}, HTTP_ACCEPT="application/json")
    assert accepted.status_code == 200 and "ditambahkan" in accepted.json()["message"]
    again = signed_in(reviewer).post(new_url(world), {"narrative": SENTENCE}).content.decode()
    assert "kegiatn" not in again and 'data-summary="1 saran bahasa"' in again


def test_an_item_being_corrected_is_checked_with_its_own_sop(world):
    item = new_item(world, "Pasar murah", narrative="Teks lama.")
    reviewer = world.holder("tim_pertimbangan")
    answer = signed_in(reviewer).post(f"/kerja/{world.slug}/konten/{item.pk}/periksa-bahasa/",
                                      {"narrative": "Dihadiri warga dikantor desa.",
                                       "caption": "Pasar murah nopember"})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "«dikantor»" in html and "Ganti dengan «di kantor»" in html
    assert "Caption kegiatan: <strong>«nopember»" in html.replace('<a href="#id_caption">', "") \
        .replace("</a>", "")
    assert "Ganti dengan «November»" in html
    author = item.created_by
    refused = signed_in(author).post(f"/kerja/{world.slug}/konten/{item.pk}/kata-diterima/",
                                     {"word": "kegiatn"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 403 and "Hanya admin dan peninjau" in refused.json()["message"]
    assert not AcceptedWord.objects.exists()


def test_nothing_to_check_and_other_fields_are_ignored(world):
    author = world.holder(world.sop.first_step.roles[0])
    html = signed_in(author).post(new_url(world), {"narrative": "  ", "place": "",
                                                   "activity_date": "merubah"}).content.decode()
    assert 'data-summary="Tidak ada saran bahasa"' in html
    assert "Tidak ada saran bahasa untuk teks ini." in html


def test_a_too_long_field_is_refused_in_indonesian(world):
    author = world.holder(world.sop.first_step.roles[0])
    answer = signed_in(author).post(new_url(world), {"narrative": "kata " * (MAX_FIELD // 5 + 1)})
    assert answer.status_code == 413
    assert "Narasi berita: teks terlalu panjang untuk diperiksa (paling banyak 60.000 karakter)" \
        in answer.content.decode()


def test_a_too_large_body_is_refused_before_it_is_read(world):
    author = world.holder(world.sop.first_step.roles[0])
    body = "narrative=" + "a" * (MAX_BODY + 10)
    answer = signed_in(author).post(new_url(world), body,
                                    content_type="application/x-www-form-urlencoded",
                                    HTTP_ACCEPT="application/json")
    assert answer.status_code == 413
    assert "Teks terlalu panjang untuk diperiksa sekaligus" in \
        answer.json()["rejected"][0]["message"]


def test_non_members_get_the_404_of_an_unknown_organization(world):
    stranger_world = make_world("lain", "dinas-lain")
    stranger = stranger_world.admin
    item = new_item(world, "Pasar murah")
    for url in (new_url(world), f"/kerja/{world.slug}/konten/{item.pk}/periksa-bahasa/"):
        assert signed_in(stranger).post(url, {"narrative": SENTENCE}).status_code == 404
    # and an item of another organization through one's own is not found either
    own = f"/kerja/{stranger_world.slug}/konten/{item.pk}/periksa-bahasa/"
    assert signed_in(stranger).post(own, {"narrative": SENTENCE}).status_code == 404
    inactive = add_person(world.org, "periksa.keluar", world.procedure, (), active=False)
    assert signed_in(inactive).post(new_url(world), {"narrative": SENTENCE}).status_code == 404
    anonymous = Client().post(new_url(world), {"narrative": SENTENCE})
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]


def test_csrf_token_required_and_get_refused(world):
    author = world.holder(world.sop.first_step.roles[0])
    client = signed_in(author, csrf=True)
    assert client.post(new_url(world), {"narrative": SENTENCE}).status_code == 403
    client.get(f"/kerja/{world.slug}/konten/baru/{world.procedure.key}/")
    token = client.cookies["csrftoken"].value
    answer = client.post(new_url(world), {"narrative": SENTENCE}, HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 200 and "«merubah»" in answer.content.decode()
    assert signed_in(author).get(new_url(world)).status_code == 405


def test_the_forms_carry_the_panel_for_their_text_fields(world):
    author = world.holder(world.sop.first_step.roles[0])
    page = signed_in(author).get(f"/kerja/{world.slug}/konten/baru/{world.procedure.key}/")
    html = page.content.decode()
    assert 'id="language-live"' in html and "hidden" in html.split('id="language-live"')[1][:400]
    assert f'data-check-url="{new_url(world)}"' in html
    assert 'data-fields="title place narrative caption"' in html
    assert "<h2 id=\"language-live-heading\" tabindex=\"-1\">Periksa bahasa</h2>" in html


def test_the_correction_after_publishing_carries_the_panel_too(db):
    from tayang.engine.actions import Approve, HandIn, Publish
    from tayang.items.workflow import create_item, perform
    from tayang.orgs.models import Organization
    from tayang.procedures.services import add_definition
    from tests.engine.test_correction import CAMPUS

    org = Organization.objects.create(slug="humas-kampus", name="Humas Universitas Contoh")
    procedure, _ = add_definition(org, CAMPUS, "kampus.yaml", None)
    people = {role: add_person(org, f"kampus.{role}", procedure, (role,))
              for role in ("reporter", "redaktur", "kepala", "admin")}
    item = create_item(procedure, people["reporter"],
                       {"judul": "Wisuda Desember", "naskah": "Sebanyak 900 wisudawan."}).item
    for role, action in (("reporter", HandIn()), ("redaktur", Approve()), ("kepala", Approve()),
                         ("admin", Publish(channels=("website",)))):
        assert perform(item.pk, people[role], action).ok
    redaktur = signed_in(people["redaktur"])
    html = redaktur.get(f"/kerja/{org.slug}/konten/{item.pk}/koreksi-tayang/").content.decode()
    check = f"/kerja/{org.slug}/konten/{item.pk}/periksa-bahasa/"
    assert f'data-check-url="{check}"' in html and 'aria-labelledby="language-live-heading"' in html
    answer = redaktur.post(check, {"naskah": "Sebanyak 900 wisudawan merubah toga."})
    assert answer.status_code == 200 and "Ganti dengan «mengubah»" in answer.content.decode()


def test_positions_count_as_the_browser_does_and_proposals_come_within_the_budget(db):
    from tayang.language import live, spelling

    text = "Acara 😀 dikantor desa, pelayanaan warga."
    result = live.check({"narrative": text}, [], dictionary_base=DEFAULT_DICTIONARY,
                        suggest_seconds=0)
    places = {f.found: (f.start, f.end) for f in result.findings}
    # The emoji is two UTF-16 units: the browser's field puts «dikantor» one place later.
    assert places["dikantor"] == (text.index("dikantor") + 1, text.index("dikantor") + 9)
    spelling._PROPOSALS.clear()
    waiting = live.check({"narrative": text}, [], dictionary_base=DEFAULT_DICTIONARY,
                         suggest_seconds=0)
    (word,) = [f for f in waiting.findings if f.found == "pelayanaan"]
    assert word.pending and not word.fixes and waiting.pending
    ready = live.check({"narrative": text}, [], dictionary_base=DEFAULT_DICTIONARY)
    (word,) = [f for f in ready.findings if f.found == "pelayanaan"]
    assert not word.pending and "pelayanan" in word.fixes and len(word.fixes) <= 3


def test_without_the_dictionary_the_eyd_suggestions_still_come(world, settings, tmp_path):
    settings.TAYANG_SPELLING_DICTIONARY = str(tmp_path / "tidak_ada")
    author = world.holder(world.sop.first_step.roles[0])
    html = signed_in(author).post(new_url(world), {"narrative": SENTENCE}).content.decode()
    assert "Pemeriksaan ejaan tidak tersedia" in html
    assert "Ganti dengan «mengubah»" in html and "kegiatn" not in html


def test_the_dictionary_is_given_back_once_the_writing_stops(world, monkeypatch):
    """A web process keeps Hunspell's dictionary while someone writes and drops it
    ``IDLE_SECONDS`` after the last check (tayang/language/resting.py, issue 16)."""
    import time

    from tayang.language import resting, spelling

    monkeypatch.setattr(resting, "IDLE_SECONDS", 0.3)
    monkeypatch.setattr(resting, "_watcher", None)  # one of its own, not asleep for minutes
    author = signed_in(world.holder(world.sop.first_step.roles[0]))
    assert author.post(new_url(world), {"narrative": SENTENCE}).status_code == 200
    assert spelling.dictionary.cache_info().currsize == 1  # loaded, kept while writing
    deadline = time.monotonic() + 10
    while spelling.dictionary.cache_info().currsize and time.monotonic() < deadline:
        time.sleep(0.05)
    assert spelling.dictionary.cache_info().currsize == 0
    # The next check loads it again and finds the same.
    html = author.post(new_url(world), {"narrative": SENTENCE}).content.decode()
    assert 'data-summary="3 saran bahasa"' in html
    assert "Ganti dengan «kegiatan»" in html
