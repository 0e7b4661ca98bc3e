"""The scale benchmark's database is one a server that has run a while would hold.

Its clones are written past the product's services, so what the product would have done for
each item by now must be written with them: a clone left with work still to do makes the
benchmark's worker do it while its memory is measured (``worker_rss_mb``).
"""

from __future__ import annotations

import pytest

from bench import scaledata


@pytest.mark.django_db
def test_every_clone_has_its_own_words_checked_already():
    from tayang.items.models import Item
    from tayang.language import sweep
    from tayang.language.models import SpellingCheck
    from tayang.language.texts import checked_texts, texts_hash

    built = scaledata.build(12, 4, progress=lambda _: None)

    clones = Item.objects.filter(organization_id=built.organization_id).order_by("-pk")[:16]
    for clone in clones.select_related("spelling", "procedure_version"):
        check = clone.spelling
        assert check.state == SpellingCheck.State.READY
        assert check.revision == clone.revision
        # Its own words, not its template's: a correction of the clone is checked again.
        assert check.source_hash == texts_hash(
            checked_texts(clone.procedure_version.sop, clone.values))
        assert check.checked_hash == check.source_hash
    # The sweep of a worker's start finds no item to check for the first time among them.
    waiting_before = SpellingCheck.objects.exclude(state=SpellingCheck.State.READY).count()
    assert sweep.first_checks() == 0
    assert SpellingCheck.objects.exclude(
        state=SpellingCheck.State.READY).count() == waiting_before
    assert not SpellingCheck.objects.filter(
        item__in=[clone.pk for clone in clones]).exclude(state=SpellingCheck.State.READY)


@pytest.mark.django_db
def test_the_tables_rewritten_after_the_build_keep_every_row_as_it_was():
    """PostgreSQL: the articles, marked ready by one UPDATE after they were made, and the
    publications whose address the reindex set are written again without the old rows
    (``scaledata._rewritten``), and the register's index, whose rows the reindex gave the
    articles' words; nothing else about them changes."""
    from django.db import connection

    from tayang.items.models import Publication
    from tayang.public.models import Article, ArticleMedia

    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE and the rows' old versions are PostgreSQL's")
    built = scaledata.build(6, 2, progress=lambda _: None)
    scaledata.derive(built.organization_id)
    tables = (Publication, Article, ArticleMedia)

    def rows() -> list[list[tuple]]:
        return [list(model.objects.order_by("pk").values_list()) for model in tables]

    before = rows()
    assert all(before)
    scaledata._rewritten(*tables)
    assert rows() == before

    def search_rows() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, words::text, public_words::text, lends "
                           "FROM items_search ORDER BY id")
            return cursor.fetchall()

    indexed = search_rows()
    assert any(lends for *_, lends in indexed)  # the articles' words, lent by their items
    scaledata._rewritten_tables(["items_search"])
    assert search_rows() == indexed


@pytest.mark.django_db
def test_the_clones_are_counted_by_the_rebuild_and_carry_no_mark():
    """Clones arrive as rows the worker's sweep added long ago: unmarked, a publication's
    tallied facts its own, and the tallies ``derive`` makes from them equal to those a sweep
    of the same rows marked would make (the rebuild then rewrites only the templates)."""
    from tayang.demo import organizations
    from tayang.evaluation import sweep as tally_sweep
    from tayang.evaluation.models import PublicationTally, StepTally
    from tayang.items.models import Item, LogEntry, Publication, StepVisit

    everyone = organizations.DEMO_ORGANIZATIONS
    built = scaledata.build(12, 4, progress=lambda _: None)
    # The bench's own organization is built without replacing the demo's list: the tests that
    # follow in this process build the demo organizations by their slugs.
    assert organizations.DEMO_ORGANIZATIONS is everyone
    items = Item.objects.filter(organization_id=built.organization_id).order_by("-pk")
    clones = {"item_id__in": list(items.values_list("pk", flat=True)[:16])}
    for model in (StepVisit, LogEntry, Publication):
        assert model.objects.filter(**clones).exists()
        assert not model.objects.filter(**clones, untallied=True).exists()
    assert not tally_sweep.not_as_counted(Publication.objects.filter(**clones)).exists()
    scaledata.derive(built.organization_id)
    assert not tally_sweep.not_as_counted(Publication.objects.all()).exists()

    def tallies() -> tuple[set[tuple], ...]:
        return tuple({tuple(round(value, 4) if isinstance(value, float) else value
                            for value in row)
                      for row in model.objects.values_list(*tally_fields(model))}
                     for model in (StepTally, PublicationTally))

    made = tallies()
    assert made[0] and made[1]
    # The same rows marked and swept, as the product's actions would have left them.
    StepTally.objects.all().delete()
    PublicationTally.objects.all().delete()
    StepVisit.objects.filter(finished_at__isnull=False).update(untallied=True)
    Publication.objects.update(untallied=True, tallied_state="")
    tally_sweep.sweep(rounds=1000)
    assert tallies() == made


def tally_fields(model: type) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if not field.primary_key]
