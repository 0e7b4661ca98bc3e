"""A realistic database of a large agency, built fast: real template items, cloned in bulk.

One organization (a provincial Diskominfo) runs all five seed SOPs. The demo builder makes its
people, channels, DIP and, per SOP, items standing at every step — through the product's own
services, so every row is one the product itself writes. Those items are the templates: the
finished ones are cloned into ``finished`` items spread evenly over the SOPs and over the past
years, the waiting ones into ``waiting`` items at every step of every SOP (recent, some
overdue). Each clone gets its own words (titles with "nomor N", a narrative of about 3 KB
from Indonesian sentences), dates, register number, files rows (the same stored file),
derivatives, history, revisions, step visits, approvals and publications; the website's
articles and the search index are then made by the product's own bulk functions.

Rows are written with ``executemany`` on SQLite and ``COPY`` on PostgreSQL, not through the
views or the ORM: 20,000 items take well under a minute.
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from bench.numbers import thousands

SLUG = "diskominfo-provinsi"
BATCH = 5_000

# The tables cloned with an item, parents before children. Each is (app label, model name).
CLONED = (
    ("items", "Item"),
    ("media", "MediaAsset"),
    ("media", "Derivative"),
    ("items", "ItemRevision"),
    ("items", "LogEntry"),
    ("items", "StepVisit"),
    ("items", "Approval"),
    ("items", "WrittenResponse"),
    ("items", "Publication"),
    ("channels", "ChannelChoice"),
    ("language", "SpellingCheck"),
)

_ACTIVITIES = (
    "Sosialisasi layanan perizinan berusaha", "Pelatihan kerja berbasis kompetensi",
    "Penyaluran bantuan sosial bagi lansia", "Rapat koordinasi pengawasan harga bahan pokok",
    "Pameran produk UMKM unggulan daerah", "Monitoring program padat karya",
    "Bimbingan teknis pengelolaan informasi publik", "Pasar murah menjelang hari raya",
    "Penyerahan sertifikat halal bagi pelaku usaha", "Forum konsultasi publik",
    "Peninjauan gudang distribusi pupuk bersubsidi", "Festival kuliner tradisional",
)
_PLACES = (
    "Kapanewon Wonosari", "Balai Desa Playen", "Aula Dinas", "Taman Budaya",
    "Pasar Beringharjo", "Kecamatan Pahandut", "Kelurahan Menteng", "Gedung Serbaguna",
    "Alun-alun Kota", "Kampung Batik Giriloyo", "Pelabuhan Sampit", "Desa Wisata Nglanggeran",
)
_SENTENCES = (
    "Kegiatan ini dihadiri oleh perwakilan masyarakat, perangkat daerah terkait, dan tokoh "
    "setempat.",
    "Kepala Dinas menyampaikan bahwa pelayanan publik harus cepat, mudah, dan transparan.",
    "Peserta mendapat penjelasan tentang persyaratan, biaya, dan waktu penyelesaian layanan.",
    "Pemerintah daerah berkomitmen mendampingi pelaku usaha mikro agar naik kelas.",
    "Acara ditutup dengan sesi tanya jawab yang berlangsung hangat dan interaktif.",
    "Data yang dihimpun akan menjadi bahan evaluasi program pada tahun anggaran berikutnya.",
    "Warga menyambut baik kegiatan tersebut dan berharap dapat dilaksanakan secara rutin.",
    "Petugas lapangan melakukan pendataan langsung ke rumah penerima manfaat.",
    "Harga beras, minyak goreng, dan gula pasir terpantau stabil di pasar tradisional.",
    "Informasi lebih lanjut dapat diperoleh melalui layanan pengaduan dan situs resmi dinas.",
    "Koordinasi lintas sektor diperlukan untuk memastikan distribusi tepat sasaran.",
    "Sebanyak seratus dua puluh peserta mengikuti pelatihan selama tiga hari.",
    "Produk unggulan seperti batik, anyaman bambu, dan olahan singkong dipamerkan.",
    "Tim pertimbangan memeriksa kelengkapan dokumentasi sebelum berita ditayangkan.",
    "Kegiatan dilaksanakan sesuai protokol dan standar operasional prosedur yang berlaku.",
    "Bupati mengapresiasi kerja sama dunia usaha dalam membuka lapangan kerja baru.",
)


@dataclass(frozen=True)
class Template:
    """A template item with every row that belongs to it, as column dictionaries."""

    item_id: int
    procedure_id: int
    finished: bool
    rows: dict[type[models.Model], list[dict[str, Any]]]


@dataclass
class Built:
    organization_id: int
    finished: int
    waiting: int
    seconds: float
    counts: dict[str, int]


def build(finished: int, waiting: int, *, progress: Callable[[str], None] = print,
          years: int | None = None) -> Built:
    """Make the organization and its templates, then clone them; returns what was made."""
    started = time.perf_counter()
    organization_id = _organization()
    templates = _templates(organization_id)
    progress(f"  templat: {sum(t.finished for t in templates)} selesai, "
             f"{sum(not t.finished for t in templates)} menunggu; menggandakan "
             f"{thousands(finished)} + {thousands(waiting)} konten")
    cloner = _Cloner(organization_id)
    done = [t for t in templates if t.finished]
    open_ = [t for t in templates if not t.finished]
    now = timezone.now()
    # 20k over two years, 1M over twenty; ``years`` packs them closer (a year of a large
    # agency for the evaluation: ``bench evaluation --items 100000 --years 1``).
    years = years or max(1, round(finished / 100_000)) * 2
    span = timedelta(days=365 * years)
    # Oldest first, so register numbers grow with time as they do in the product.
    plan = [(done[n % len(done)], now - span + span * (n / max(finished, 1)) - timedelta(days=2))
            for n in range(finished)]
    plan += [(open_[n % len(open_)], now - timedelta(hours=(waiting - n) % 72))
             for n in range(waiting)]
    for start in range(0, len(plan), BATCH):
        with transaction.atomic():
            cloner.clone(plan[start:start + BATCH])
        progress(f"  {thousands(min(start + BATCH, len(plan)))} konten")
    with transaction.atomic():
        cloner.finish()
    return Built(organization_id, finished, waiting, time.perf_counter() - started,
                 cloner.counts)


def _organization() -> int:
    from tayang.demo import organizations
    from tayang.sop.bundled import bundled_sops

    demo = organizations.DemoOrganization(
        SLUG, "Dinas Komunikasi dan Informatika Provinsi Contoh", "Diskominfo Provinsi",
        "Asia/Jakarta", tuple(sorted(bundled_sops())),
        (("Sekretariat", "sekretariat"), ("Bidang Informasi dan Komunikasi Publik", "bidang"),
         ("Balai Layanan Informasi", "balai")),
    )
    organizations.build((demo,))
    from tayang.orgs.models import Organization

    return Organization.objects.get(slug=SLUG).pk


def _templates(organization_id: int) -> list[Template]:
    """The demo items of the organization, with their rows; derivatives made for the finished."""
    from tayang.items.models import Item, ItemRevision
    from tayang.media.derivatives import ensure_all
    from tayang.media.models import MediaAsset

    templates = []
    for item in Item.objects.filter(organization_id=organization_id,
                                    register_number__isnull=False).order_by("pk"):
        finished = item.status == "finished"
        if finished:
            ensure_all(MediaAsset.objects.filter(item=item, kind=MediaAsset.Kind.PHOTO))
        rows: dict[type[models.Model], list[dict[str, Any]]] = {}
        for app_label, name in CLONED:
            model = apps.get_model(app_label, name)
            rows[model] = list(model.objects.filter(**_owner(model, item.pk)).order_by("pk")
                               .values(*[f.attname for f in model._meta.concrete_fields]))
        _whole_contents(rows[ItemRevision], item.pk)
        templates.append(Template(item.pk, item.procedure_id, finished, rows))
    return templates


def _whole_contents(revisions: list[dict[str, Any]], item_id: int) -> None:
    """The template's older revisions with their whole content (stored against the next one's,
    ``items.revisions``): a clone's own words replace the template's, then each is stored
    against its clone's next revision again (``_Cloner._against_the_next``)."""
    from tayang.items.revisions import contents

    found = contents(item_id, [row["number"] for row in revisions if row["values"] is not None])
    for row in revisions:
        if row["values"] is not None:
            row["values"] = found[row["number"]][0]


def _owner(model: type[models.Model], item_id: int) -> dict[str, int]:
    if model._meta.model_name == "item":
        return {"pk": item_id}
    if model._meta.model_name == "derivative":
        return {"asset__item_id": item_id}
    return {"item_id": item_id}


class _Cloner:
    """Writes clones of template items; keeps the next free id of each table."""

    def __init__(self, organization_id: int) -> None:
        from tayang.orgs.models import Unit
        from tayang.procedures.models import Procedure

        self.organization_id = organization_id
        self.models = [apps.get_model(app_label, name) for app_label, name in CLONED]
        self.spelling = apps.get_model("language", "SpellingCheck")
        self.revisions = apps.get_model("items", "ItemRevision")
        self.changes = {model: _changes(model) for model in self.models}
        self.next_id = {model: (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
                        for model in self.models}
        self.units = list(Unit.objects.filter(organization_id=organization_id)
                          .values_list("pk", flat=True))
        self.sops = {p.pk: p.current.sop for p in Procedure.objects.filter(
            organization_id=organization_id)}
        self.numbers: dict[int, int] = defaultdict(int)
        self._known_numbers()
        self.counts: dict[str, int] = defaultdict(int)
        self.serial = 0
        self.random = random.Random(16)

    def _known_numbers(self) -> None:
        from tayang.items.models import RegisterCounter

        for counter in RegisterCounter.objects.filter(organization_id=self.organization_id):
            self.numbers[counter.year] = counter.last_number

    def clone(self, plan: list[tuple[Template, datetime]]) -> None:
        rows: dict[type[models.Model], list[dict[str, Any]]] = defaultdict(list)
        for template, moment in plan:
            self.serial += 1
            for model, made in self._one(template, moment).items():
                rows[model].extend(made)
        for model in self.models:
            if rows[model]:
                _insert(model, rows[model])
                self.counts[model._meta.label] += len(rows[model])

    def _one(self, template: Template, moment: datetime
             ) -> dict[type[models.Model], list[dict[str, Any]]]:
        ids: dict[tuple[type[models.Model], int], int] = {}
        for model in self.models:
            for row in template.rows[model]:
                ids[(model, row["id"])] = self.next_id[model]
                self.next_id[model] += 1
        item_row = template.rows[self.models[0]][0]
        shift = moment - item_row["created_at"]
        words = self._words(template)
        made: dict[type[models.Model], list[dict[str, Any]]] = {}
        for model in self.models:
            made[model] = [self._row(model, row, ids, shift, words, template)
                           for row in template.rows[model]]
        item = made[self.models[0]][0]
        self._against_the_next(made[self.revisions], item["values"])
        item["unit_id"] = self.units[self.serial % len(self.units)]
        year = timezone.localtime(item["handed_in_at"]).year
        self.numbers[year] += 1
        item["register_year"], item["register_number"] = year, self.numbers[year]
        for check in made[self.spelling]:
            self._checked(check, template, item)
        return made

    @staticmethod
    def _against_the_next(revisions: list[dict[str, Any]], item_values: dict[str, Any]) -> None:
        """A clone's older revisions stored as the product stores them: each against the next
        one's content (``items.revisions``; the latest borrows the item's, NULL)."""
        from tayang.items.fields import pack_against, text_of

        ordered = sorted(revisions, key=lambda row: row["number"], reverse=True)
        above = None
        for row in ordered:
            content = item_values if row["values"] is None else row["values"]
            if above is not None and row["values"] is not None:
                row["values"] = pack_against(content, text_of(above))
            above = content

    def _checked(self, check: dict[str, Any], template: Template, item: dict[str, Any]) -> None:
        """A clone's spelling check as done long ago, of its own words. The templates' checks
        are still queued (the demo's worker has not run); cloned as they are, they left tens of
        thousands of checks for the benchmark's worker, whose memory was then measured while it
        worked through them (14,782 tasks in 300 s on PostgreSQL), not after its ten tasks."""
        from tayang.language.models import SpellingCheck
        from tayang.language.texts import checked_texts, texts_hash

        digest = texts_hash(checked_texts(self.sops[template.procedure_id], item["values"]))
        check.update(state=SpellingCheck.State.READY, source_hash=digest, checked_hash=digest,
                     revision=item["revision"], findings={}, due_at=None, attempts=0,
                     lease_until=None, journal={}, error="", error_detail="",
                     checked_at=item["handed_in_at"])

    def _words(self, template: Template) -> dict[str, str]:
        n = self.serial
        pick = self.random.choice
        activity, place = pick(_ACTIVITIES), pick(_PLACES)
        title = f"{activity} di {place} nomor {n}"
        body = " ".join(pick(_SENTENCES) for _ in range(28))
        return {
            "title": title,
            "place": place,
            "caption": f"{activity} di {place} berjalan lancar dan diikuti warga.",
            "narrative": f"{title}. {body}",
        }

    def _row(self, model: type[models.Model], row: dict[str, Any],
             ids: dict[tuple[type[models.Model], int], int], shift: timedelta,
             words: dict[str, str], template: Template) -> dict[str, Any]:
        new = dict(row)
        new["id"] = ids[(model, row["id"])]
        for name, change, related in self.changes[model]:
            value = new[name]
            if value is None:
                continue
            if change is _Change.RELATION:
                if (related, value) in ids:
                    new[name] = ids[(related, value)]
            elif change is _Change.MOMENT:
                new[name] = value + shift
            elif change is _Change.DAY:
                new[name] = value + timedelta(days=shift.days)
            elif change is _Change.VALUES:
                new[name] = self._values(template, value, ids, words, shift)
            elif change is _Change.TITLE:
                new[name] = words["title"]
            elif value:  # _Change.UNIQUE
                new[name] = f"{value[:20]}-{new['id']}"
        if model._meta.label == "items.Publication" and new["state"] != "published":
            # Years-old items were sent long ago: a clone of a template whose channels the
            # worker had not reached yet would otherwise queue tens of thousands of sends.
            new["state"], new["published_at"] = "published", new["requested_at"]
            new["due_at"] = None
        if "untallied" in new:
            # As a server's rows that its worker's sweep added long ago: unmarked, and a
            # publication's tallied facts its own (``derive`` makes the clones' tallies by a
            # rebuild). Cloned with their templates' marks, every visit, history entry and
            # publication was rewritten by the rebuild that cleared them: a second copy of
            # each row in PostgreSQL's tables, 45 MB at 20,000 items, that a server whose
            # sweep clears a few hundred rows at a time reuses as it goes.
            new["untallied"] = False
            if model._meta.label == "items.Publication":
                new.update(tallied_channel=new["channel"], tallied_state=new["state"],
                           tallied_requested_at=new["requested_at"],
                           tallied_published_at=new["published_at"])
        return new

    def _values(self, template: Template, values: dict[str, Any],
                ids: dict[tuple[type[models.Model], int], int], words: dict[str, str],
                shift: timedelta) -> dict[str, Any]:
        from tayang.media.models import MediaAsset
        from tayang.sop.model import FieldKind

        sop = self.sops[template.procedure_id]
        result = dict(values)
        for item_field in sop.fields:
            raw = values.get(item_field.key)
            if raw in (None, "", [], {}):
                continue
            match item_field.kind:
                case FieldKind.TEXT if item_field.is_title:
                    result[item_field.key] = words["title"][: item_field.max_length or 300]
                case FieldKind.TEXT if item_field.key == "place":
                    result[item_field.key] = words["place"]
                case FieldKind.TEXT:
                    result[item_field.key] = words["caption"][: item_field.max_length or 300]
                case FieldKind.LONGTEXT:
                    result[item_field.key] = words["narrative"][: item_field.max_length or 8000]
                case FieldKind.DATE:
                    result[item_field.key] = (date.fromisoformat(raw[:10])
                                              + timedelta(days=shift.days)).isoformat()
                case FieldKind.MEDIA | FieldKind.DOCUMENT:
                    result[item_field.key] = [
                        {**entry, "id": ids.get((MediaAsset, entry["id"]), entry["id"])}
                        for entry in raw
                    ]
        return result

    def finish(self) -> None:
        """Register counters, and the rows the product derives: articles, search index."""
        from tayang.items.models import RegisterCounter

        for year, last in self.numbers.items():
            RegisterCounter.objects.update_or_create(
                organization_id=self.organization_id, year=year,
                defaults={"last_number": last},
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in self.models:
                    table = model._meta.db_table
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )


class _Change(Enum):
    """What a clone does to one column of its template's row."""

    RELATION = "the id of the clone's own row it points to"
    MOMENT = "shifted to the clone's time"
    DAY = "shifted by whole days"
    VALUES = "the content, with the clone's words"
    TITLE = "the clone's title"
    UNIQUE = "made unique by the row's id"


def _changes(model: type[models.Model]
             ) -> list[tuple[str, _Change, type[models.Model] | None]]:
    """The columns of ``model`` a clone changes, chosen once per table (a million-item build
    clones some 32 million rows: testing every field's type per row was half its time)."""
    changes: list[tuple[str, _Change, type[models.Model] | None]] = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.is_relation:
            changes.append((field.attname, _Change.RELATION, field.related_model))
        elif isinstance(field, models.DateTimeField):
            changes.append((field.attname, _Change.MOMENT, None))
        elif isinstance(field, models.DateField):
            changes.append((field.attname, _Change.DAY, None))
        elif field.name == "values" and model._meta.app_label == "items":
            changes.append((field.attname, _Change.VALUES, None))
        elif field.name == "title" and model._meta.model_name == "item":
            changes.append((field.attname, _Change.TITLE, None))
        elif field.name in ("idempotency_key", "sha256", "content_hash"):
            changes.append((field.attname, _Change.UNIQUE, None))
    return changes


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    fields = list(model._meta.concrete_fields)
    columns = [field.column for field in fields]
    table = model._meta.db_table
    prepared = _prepared(fields, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(f'"{c}"' for c in columns)
            raw = cursor.cursor
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for values in prepared:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', prepared)


def _prepared(fields: list[models.Field], rows: list[dict[str, Any]]) -> Iterator[tuple]:
    """Each row's values as the driver takes them, each column by a converter chosen once
    (a 1,000,000-item build writes some 40 million rows: Django's per-value preparation was
    three quarters of the cloning time)."""
    postgres = connection.vendor == "postgresql"
    columns = [(field.attname, _converter(field, postgres)) for field in fields]
    for row in rows:
        yield tuple(None if (value := row[name]) is None else convert(value) if convert
                    else value for name, convert in columns)


def _converter(field: models.Field, postgres: bool) -> Callable[[Any], Any] | None:
    """How one column's values go to the driver; None when they go as they are."""
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(field, models.BinaryField):  # the compressed content (items.fields)
        return field.get_prep_value
    if postgres:
        return None
    if isinstance(field, models.DateTimeField):  # as Django's SQLite backend stores it
        return lambda value: str(value.astimezone(UTC).replace(tzinfo=None))
    if isinstance(field, models.DateField):
        return lambda value: value.isoformat()
    if isinstance(field, (models.BooleanField, models.IntegerField, models.AutoField,
                          models.ForeignKey, models.CharField, models.TextField)):
        return None  # the sqlite3 module takes ints, bools and strings as they are
    return lambda value: field.get_db_prep_value(value, connection, prepared=False)


def cloned(finished: int) -> int | None:
    """The organization's id when a reused database already holds its clones."""
    from tayang.items.models import Item
    from tayang.orgs.models import Organization

    organization = Organization.objects.filter(slug=SLUG).values_list("pk", flat=True).first()
    if organization is None:
        return None
    done = Item.objects.filter(organization_id=organization, status="finished").count()
    return organization if done >= finished else None


def built(finished: int) -> bool:
    """Whether a reused database holds the clones and what :func:`derive` makes of them: the
    clones' articles (made in one transaction, after the search index; about two in three
    finished items are on the website). A build stopped before them is derived again; the
    flows' own published items do not count for them."""
    from tayang.public.models import Article

    organization = cloned(finished)
    return organization is not None and Article.objects.filter(
        organization_id=organization).count() >= finished // 2


def large_page_cache() -> None:
    """A page cache of 1 GiB for this connection while it builds (SQLite).

    The default 2 MB made the full-text indexes' segment merges, inside a transaction of a
    million rows, read the same pages from the file again and again: 1.3 TB of reads in
    half an hour and 65 articles a second. A building process can spare the memory."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1048576")


def derive(organization_id: int) -> None:
    """The register's search index and the website's articles of the clones, by the product's
    own bulk functions, and the evaluation's step tallies; the web sizes exist (cloned), so
    articles are marked ready and the queued derivative tasks go."""
    from django_tasks_db.models import DBTaskResult

    from tayang.evaluation.tallies import rebuild as tally
    from tayang.items.search import rebuild
    from tayang.public.models import Article
    from tayang.public.reindex import reindex

    if connection.vendor == "postgresql":
        # The clones arrived in bulk after the tables' last statistics (taken while they were
        # nearly empty): without fresh ones the planner reads every batch's files by a parallel
        # scan of the whole table (seen at a million items: minutes a batch instead of 0.1 s).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rebuild()
    reindex(organization_id)
    # The cloned step visits were written past the product's services: the evaluation's tallies
    # are made from them in one pass, as ``manage.py evaluation_rebuild`` does.
    tally(organization_id)
    with transaction.atomic():
        Article.objects.filter(organization_id=organization_id).update(media_ready=True)
        DBTaskResult.objects.filter(status="READY").delete()


def analyze() -> None:
    """Statistics for the planner, as a database that has run a while would have them."""
    from tayang.items.models import Publication
    from tayang.public.models import Article, ArticleMedia

    if connection.vendor == "postgresql":
        # :func:`derive` marks every article ready in one UPDATE right after making them: a
        # second copy of each row (18 of the table's 35 MB at 20,000 items) that a server
        # never holds at once, where each article is marked ready by its own task and the
        # space of the old row is reused by the next ones. Likewise the clones' website
        # publications, whose address the reindex sets all at once (the clones arrive with
        # their template's): 4.1 MB of the table's 16.4 left free and its indexes' entries
        # twice (the key's pages half full), where a server sets one publication's address
        # in its publish and reuses the space. Compacted, as they would be.
        _rewritten(Publication, Article, ArticleMedia)
        # The reindex writes every article's words into its item's row of the register's
        # index at once (``tayang.items.public_words``): a second copy of two in three of its
        # rows (20 MB), where a server writes them one publish at a time and reuses the space.
        _rewritten_tables(["items_search"])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _rewritten(*models_: type[models.Model]) -> None:
    """The tables of ``models_`` written again with their live rows only (PostgreSQL).

    Not ``VACUUM FULL``: that keeps every old row a transaction still running anywhere on the
    server might see, and a shared server always has one (another database's long build).
    ``TRUNCATE`` takes no notice of them; the rows are copied out and back in one
    transaction. The tables must be all those referring to each other."""
    _rewritten_tables([model._meta.db_table for model in models_])


def _rewritten_tables(tables: list[str]) -> None:
    """:func:`_rewritten` for tables by name (one without a model: a full-text index)."""
    names = [connection.ops.quote_name(table) for table in tables]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending checks
        for number, name in enumerate(names):
            cursor.execute(f"CREATE TEMPORARY TABLE kept_{number} ON COMMIT DROP AS "
                           f"SELECT * FROM {name}")
        cursor.execute(f"TRUNCATE {', '.join(names)}")
        for number, name in enumerate(names):
            cursor.execute(f"INSERT INTO {name} SELECT * FROM kept_{number}")
            cursor.execute(f"DROP TABLE kept_{number}")  # also inside an outer transaction
