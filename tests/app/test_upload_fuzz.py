"""Fuzzing the three upload endpoints: no input gives a 500 or leaves a stored change behind.

Issue 11's "tests that must exist": hand-in uploads (multipart with random files and fields),
the DIP import and the definition upload. Files are random bytes, random bytes behind real
magic numbers, small valid pictures with bytes flipped, random spreadsheets and random YAML.
Every refused request leaves the rows and the stored files exactly as they were; an accepted
one leaves only what it reports. Derandomized and small, so it runs the same quick way each time.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import yaml
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from bench.samples import FTYP, sheet, xlsx
from tayang.dip import tabular
from tayang.dip.models import Entry
from tayang.items.models import Item
from tayang.media.models import MediaAsset, PendingFile
from tayang.procedures.models import Procedure, ProcedureVersion

from .world import make_world, new_item

pytestmark = pytest.mark.django_db

FUZZ = settings(derandomize=True, max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
REFUSED = {302, 404, 413, 422, 400, 503}
MAGIC = [b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"RIFF\x00\x00\x00\x00WEBPVP8 ", FTYP,
         b"\x1a\x45\xdf\xa3", b"ID3\x04\x00", b"OggS\x00", b"%PDF-1.7\n", b"PK\x03\x04",
         b"RIFF\x24\x00\x00\x00WAVEfmt "]
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


def _picture(fmt: str, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 30, 200)).save(buffer, fmt)
    return buffer.getvalue()


@st.composite
def hostile_bytes(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["magic", "mutated", "valid"]))
    if kind == "magic":
        return draw(st.sampled_from(MAGIC)) + draw(st.binary(max_size=3000))
    picture = _picture(draw(st.sampled_from(["PNG", "JPEG", "WEBP"])),
                       (draw(st.integers(1, 64)), draw(st.integers(1, 64))))
    if kind == "valid":
        return picture
    data = bytearray(picture)
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(12, len(data)))])


def stored_files() -> list[Path]:
    return sorted(p for p in Path(django_settings.MEDIA_ROOT).rglob("*") if p.is_file())


def snapshot(*models: type) -> tuple[object, ...]:
    rows = tuple(tuple(model.objects.order_by("pk").values_list()) for model in models)
    return rows, stored_files(), list(Path(django_settings.FILE_UPLOAD_TEMP_DIR).iterdir())


def sendable(name: str, default: str = "x") -> str:
    """A file name a browser can send: Django's test client refuses to build an upload whose
    name has no last part ("/", "..": hypothesis found them), before any request is made."""
    return name if os.path.basename(name) not in {"", ".", ".."} else default


# -- hand-in -------------------------------------------------------------------------------------
@pytest.fixture
def item(db):
    return new_item(make_world("gunungkidul", "dpmptsp-gunungkidul"))


@FUZZ
@given(files=st.lists(st.tuples(text, hostile_bytes()), max_size=3),
       field=st.one_of(st.just("media"), text),
       fields=st.dictionaries(text.filter(bool), text, max_size=3), as_json=st.booleans())
def test_hand_in_uploads(client, item, files, field, fields, as_json):
    client.force_login(item.created_by)
    url = reverse("workspace:item-upload", kwargs={"org": item.organization.slug, "pk": item.pk})
    before = snapshot(MediaAsset, PendingFile, Item)
    response = client.post(url, {
        **fields, "field": field,
        "files": [SimpleUploadedFile(sendable(name), data) for name, data in files],
    }, headers={"Accept": "application/json"} if as_json else {})
    assert response.status_code in REFUSED | {200}
    accepted = response.json()["accepted"] if as_json and response.status_code == 200 else []
    if not accepted and not (response.status_code == 302 and MediaAsset.objects.count()
                             > len(before[0][0])):
        assert snapshot(MediaAsset, PendingFile, Item) == before
        return
    # What was accepted is wholly part of the item: its rows, its files, nothing pending.
    item.refresh_from_db()
    in_content = {entry["id"] for entry in item.values.get("media", [])}
    new = set(MediaAsset.objects.values_list("pk", flat=True)) - {r[0] for r in before[0][0]}
    assert new and new <= in_content
    assert not PendingFile.objects.exists()
    for asset in MediaAsset.objects.filter(pk__in=new):
        assert Path(django_settings.MEDIA_ROOT, asset.file.name).is_file()


# -- DIP import ----------------------------------------------------------------------------------
HEADER = [title for _, title in tabular.COLUMNS]


@st.composite
def dip_files(draw: st.DrawFn) -> tuple[str, bytes]:
    rows = draw(st.lists(st.lists(text, max_size=12), max_size=6))
    if draw(st.booleans()):
        rows = [HEADER, *rows]
    kind = draw(st.sampled_from(["csv", "xlsx", "zip", "bytes"]))
    if kind == "csv":
        delimiter = draw(st.sampled_from([";", ",", "\t"]))
        body = "\n".join(delimiter.join(row) for row in rows)
        return "dip.csv", body.encode(draw(st.sampled_from(["utf-8", "utf-16"])))
    if kind == "xlsx":
        clean = [[escape("".join(c for c in cell if c.isprintable())) for cell in row]
                 for row in rows]
        claimed = sheet(clean, dimension=draw(st.sampled_from(["", "A1:XFD1048576", "A1"])))
        last = draw(st.integers(0, 1048576))  # a row numbered far down: a gap to fill
        if last:
            claimed = claimed.replace("</sheetData>", f'<row r="{last}"/></sheetData>')
        return "dip.xlsx", xlsx(claimed)
    if kind == "zip":
        return "dip.xlsx", xlsx(draw(st.binary(max_size=500)))
    return draw(st.sampled_from(["dip.csv", "dip.xlsx", "dip"])), draw(
        st.sampled_from(MAGIC)) + draw(st.binary(max_size=2000))


@pytest.fixture
def ppid(db, client):
    from tayang.orgs.models import Membership, Organization

    org = Organization.objects.create(slug="disperindag", name="Disperindag")
    user = get_user_model().objects.create_user("ppid", password="sandi-panjang-123")
    Membership.objects.create(organization=org, user=user, is_ppid=True)
    client.force_login(user)
    return org


@FUZZ
@given(upload=dip_files(), decree=text)
def test_dip_imports(client, ppid, upload, decree):
    before = snapshot(Entry)
    response = client.post("/kerja/disperindag/dip/impor/", {
        "file": SimpleUploadedFile(*upload), "decree": decree,
    })
    assert response.status_code in REFUSED | {200}
    if response.status_code != 302:
        assert snapshot(Entry) == before
    Entry.objects.all().delete()  # each example starts from an empty list


# -- definition upload ---------------------------------------------------------------------------
yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), text),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(text, inner, max_size=4)),
    max_leaves=20,
)


@st.composite
def definitions(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["yaml", "tagged", "deep", "bytes"]))
    if kind == "yaml":
        return yaml.safe_dump(draw(yaml_values), allow_unicode=True).encode()
    if kind == "tagged":
        tag = draw(st.sampled_from(["!!python/object/apply:os.system ['id']", "!FOO x",
                                    "!!binary aGk=", "!!set {a}", "!!omap [a: 1]"]))
        return f"tayang: 1\nkey: {tag}\n".encode()
    if kind == "deep":
        depth = draw(st.integers(10, 3000))
        return ("a: " + "[" * depth + "]" * draw(st.integers(0, depth))).encode()
    return draw(st.binary(max_size=2000))


@pytest.fixture
def admin(db, client):
    world = make_world("gunungkidul", "dpmptsp-gunungkidul")
    client.force_login(world.admin)
    return world


@FUZZ
@given(definition=definitions(), name=text)
def test_definition_uploads(client, admin, definition, name):
    before = snapshot(Procedure, ProcedureVersion)
    response = client.post(reverse("workspace:manage-procedures", kwargs={"org": admin.slug}), {
        "upload": "1", "definition": SimpleUploadedFile(sendable(name, "sop.yaml"), definition),
    })
    assert response.status_code in REFUSED | {200}
    if response.status_code != 302:
        assert snapshot(Procedure, ProcedureVersion) == before
