"""Letter numbers under concurrent sending: every letter of an organization in a year gets its
own number, with no gap and none twice, however many are issued at the same moment — on
SQLite (a WAL file with IMMEDIATE transactions, as Tayang runs) and on PostgreSQL (run with
DATABASE_URL pointing at a PostgreSQL database).

The threads use the project's own code path (:func:`tayang.records.official_letters.issue_letter`),
released together at a barrier, each with its own connection (see test_concurrency.py).
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.db import transaction

from tayang.engine.actions import SendBack
from tayang.items.models import WrittenResponse
from tayang.records import numbering
from tayang.records.models import Letter, LetterCounter
from tayang.records.official_letters import LetterDraft, issue_letter

from .test_concurrency import SharedDatabase, shared_db  # noqa: F401  (the fixture)
from .world import World, act, drive, make_world, ready_item

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


@pytest.fixture
def world(shared_db) -> World:  # noqa: F811
    world = make_world("gunungkidul", "dpmptsp-gunungkidul")
    world.org.letter_unit_code = "DPMPTSP"
    world.org.save()
    return world


def responses(world: World, count: int) -> list[WrittenResponse]:
    found = []
    for n in range(count):
        item = drive(world, ready_item(world, f"Kegiatan {n}"), "terima")
        assert act(item, world.holder("tim_pertimbangan"), SendBack(f"Perbaiki foto {n}.")).ok
        found.append(WrittenResponse.objects.select_related("item__organization")
                     .get(item=item))
    return found


def draft(day: date) -> LetterDraft:
    return LetterDraft(addressee="Tim Pelaksana", subject="Perbaikan konten", place="Wonosari",
                       dated=day, classification="000.1", signer_name="Ketua",
                       signer_position="Ketua Tim Pertimbangan")


@pytest.fixture
def slow_numbers(monkeypatch):
    """The letter takes its time after its number is taken: transactions overlap for sure."""
    take = numbering.next_sequence

    def slow(*args, **kwargs):
        number = take(*args, **kwargs)
        time.sleep(0.05)
        return number

    monkeypatch.setattr("tayang.records.official_letters.next_sequence", slow)


def test_letters_issued_at_once_get_consecutive_numbers(shared_db: SharedDatabase,  # noqa: F811
                                                        world, slow_numbers):
    day = date(2026, 12, 6)
    first, *written = responses(world, THREADS + 1)
    user = world.holder("tim_pertimbangan")
    assert issue_letter(first, draft(day), user).sequence == 1  # the year's counter exists
    letters = shared_db.together(*(
        (lambda response=response: issue_letter(response, draft(day), user))
        for response in written
    ))
    sequences = sorted(letter.sequence for letter in letters)
    assert sequences == list(range(2, THREADS + 2))  # no gap, none twice
    assert sorted(Letter.objects.values_list("number", flat=True)) == sorted(
        f"000.1/{n}/DPMPTSP/2026" for n in range(1, THREADS + 2))
    assert LetterCounter.objects.get(organization=world.org, year=2026).last_number == (
        THREADS + 1)


def test_the_first_letters_of_a_year_race_for_the_counter(shared_db: SharedDatabase,  # noqa: F811
                                                          world):
    """No counter row yet for the year: both create it, one of them waits and counts on."""
    day = date(2027, 1, 2)
    written = responses(world, 2)
    user = world.holder("tim_pertimbangan")
    letters = shared_db.together(*(
        (lambda response=response: issue_letter(response, draft(day), user))
        for response in written
    ))
    assert sorted(letter.sequence for letter in letters) == [1, 2]


def test_a_rolled_back_letter_gives_its_number_back(world):
    written = responses(world, 2)
    user = world.holder("tim_pertimbangan")
    day = date(2026, 12, 6)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        issue_letter(written[0], draft(day), user)
        raise Abort
    assert not Letter.objects.exists()
    assert issue_letter(written[1], draft(day), user).sequence == 1
    assert issue_letter(written[0], draft(day), user).sequence == 2
    # A new year starts again at 1.
    assert numbering.format_number("{nomor}/{tahun}", sequence=1, classification="",
                                   unit="", day=date(2027, 1, 1)) == "1/2027"
