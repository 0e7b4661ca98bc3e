"""The SOP document on the site: a bundled SOP's public page and PDF, and an organization's own
version in its workspace (members only), linked from the pages where people look for it."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tayang.procedures.services import add_definition
from tayang.sop.bundled import BUNDLED_DIR, bundled_sops

from .world import SOP_A, add_person, make_world

ORG = "dpmptsp-gunungkidul"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def page_text(response) -> str:
    return squash(re.sub(r"<[^>]+>", " ", response.content.decode()).replace("&amp;", "&"))


# --- bundled SOPs, public ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(bundled_sops()))
def test_the_document_page_of_each_bundled_sop(client, key):
    sop = bundled_sops()[key]
    response = client.get(reverse("sop-document", kwargs={"key": key}))
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(response)
    for step in sop.steps:
        for piece in (step.activity, step.output, step.time.text if step.time else ""):
            assert squash(piece) in text, piece
    for role in sop.roles:
        assert squash(role.name) in text
    assert html.count('class="symbol symbol-terminator"') == 2
    assert 'class="sop-flow"' in html
    assert reverse("sop-document-css") in html
    assert reverse("sop-document-pdf", kwargs={"key": key}) in html
    assert not re.search(r"<[^>]+\sstyle=", html)  # the CSP forbids inline styles


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(bundled_sops()))
def test_the_pdf_of_each_bundled_sop(client, key):
    sop = bundled_sops()[key]
    response = client.get(reverse("sop-document-pdf", kwargs={"key": key}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="SOP-{key}.pdf"'
    text = pdf_text(response.content)
    for step in sop.steps:
        assert squash(step.activity) in text
        assert squash(step.output) in text
    assert squash("SOP bawaan Tayang") in text


@pytest.mark.django_db
def test_the_sop_page_links_to_its_document(client):
    response = client.get(reverse("sop-detail", kwargs={"key": SOP_A}))
    assert reverse("sop-document", kwargs={"key": SOP_A}).encode() in response.content
    assert reverse("sop-document-pdf", kwargs={"key": SOP_A}).encode() in response.content


@pytest.mark.django_db
def test_an_unknown_sop_has_no_document(client):
    assert client.get(reverse("sop-document", kwargs={"key": "tidak-ada"})).status_code == 404
    assert client.get(reverse("sop-document-pdf", kwargs={"key": "tidak-ada"})).status_code == 404


@pytest.mark.django_db
def test_the_stylesheet_and_fonts_are_served_from_the_site(client):
    css = client.get(reverse("sop-document-css"))
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    fonts = re.findall(r'url\("(huruf/[^"]+)"\)', css.content.decode())
    assert len(fonts) == 6  # each face as a WOFF2 subset and as the whole TTF
    magic = {"woff2": b"wOF2", "ttf": b"\x00\x01\x00\x00"}
    for font in fonts:
        response = client.get(reverse("sop-document-css").rsplit("/", 1)[0] + "/" + font)
        assert response.status_code == 200
        kind = font.split("?")[0].rsplit(".", 1)[1]
        assert response["Content-Type"] == f"font/{kind}"
        assert b"".join(response.streaming_content)[:4] == magic[kind]
        # linked by content hash: kept a year, and revalidated by ETag if asked
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        again = client.get(reverse("sop-document-css").rsplit("/", 1)[0] + "/" + font,
                           HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
    for name in ("LICENSE.txt", "DejaVuSans.ttf", "..%2Fsop.typ", "LiberationSans.woff"):
        missing = client.get(reverse("sop-document-font", kwargs={"name": name}))
        assert missing.status_code == 404, name


@pytest.mark.django_db
def test_the_stylesheet_and_fonts_answer_head_as_they_answer_get(client):
    """HEAD used to get 405 here (require_GET): link checkers and caches send it."""
    urls = [reverse("sop-document-css")] + [
        reverse("sop-document-font", kwargs={"name": name})
        for name in ("LiberationSans-Regular.woff2", "LiberationSans-Bold.ttf")
    ]
    for url in urls:
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200, url
        for header in ("Content-Type", "Content-Length", "ETag", "Cache-Control"):
            assert head.get(header) == get.get(header), (url, header)


@pytest.mark.django_db
def test_the_document_page_loads_woff2_subsets_not_the_ttfs(client):
    """The subsets are a tenth of the TTFs, and cover every character of the bundled SOPs."""
    from tayang.sop.document.html import subset_covers

    css = client.get(reverse("sop-document-css")).content.decode()
    faces = re.findall(r"@font-face \{[^}]*\}", css)
    subsets = [face for face in faces if ".woff2" in face]
    assert len(subsets) == 3
    assert all("unicode-range:" in face and 'format("woff2")' in face for face in subsets)
    # the browser tries the later rule first: the subsets come after the TTFs
    assert css.index(".woff2") > css.rindex(".ttf")
    for key in bundled_sops():
        page = client.get(reverse("sop-document", kwargs={"key": key})).content.decode()
        assert subset_covers(page), key
    assert not subset_covers("Ижевск")  # Cyrillic: the TTF's face takes it


# --- an organization's SOP, in its workspace ------------------------------------------------


@pytest.fixture
def world(db):
    world = make_world("gunungkidul", ORG)
    add_person(world.org, "gunungkidul.staf", None, ())
    make_world("bantul", "disnakertrans-bantul")
    return world


def as_user(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


SOP_A_FILE = "alur-upload-konten-website-media-sosial"


def document_url(name: str = "procedure-document", org: str = ORG) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": org, "procedure": SOP_A})


def test_members_read_their_sop_document(world):
    for username in ("gunungkidul.staf", "gunungkidul.kelola", "gunungkidul.admin_medsos"):
        client = as_user(username)
        page = client.get(document_url())
        assert page.status_code == 200, username
        assert "Alur Upload Konten Website &amp; Media Sosial" in page.content.decode()
        assert f"versi 1 (SHA-256 {world.procedure.current.sha256[:12]})" in page.content.decode()
        pdf = client.get(document_url("procedure-document-pdf"))
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        # Named by the SOP's own name: an adopted SOP keeps the bundled definition's key.
        assert pdf["Content-Disposition"] == f'inline; filename="SOP-{SOP_A_FILE}-v1.pdf"'
        assert squash("«Alur Upload Konten Website & Media Sosial» versi 1") in pdf_text(
            pdf.content)


def test_others_get_nothing(world):
    for name in ("procedure-document", "procedure-document-pdf"):
        url = document_url(name)
        anonymous = Client().get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("login"))
        outsider = as_user("bantul.kelola").get(url)
        missing = as_user("bantul.kelola").get(url.replace(f"/{ORG}/", "/tidak-ada/"))
        assert outsider.status_code == missing.status_code == 404
        # The same page: only the sign-out form's masked CSRF token differs per response.
        assert _without_csrf(outsider.content) == _without_csrf(missing.content)


def test_an_sop_the_organization_does_not_run_has_no_document(world):
    url = reverse("workspace:procedure-document",
                  kwargs={"org": ORG, "procedure": "dinsos-diy-media-informasi"})
    assert as_user("gunungkidul.staf").get(url).status_code == 404


def test_each_version_has_its_document(world):
    text = (BUNDLED_DIR / "a-gunungkidul-dpmptsp.yaml").read_text(encoding="utf-8")
    revised = text.replace("name: Alur Upload Konten Website & Media Sosial",
                           "name: Alur Upload Konten Website & Media Sosial (Revisi)")
    add_definition(world.org, revised, "revisi.yaml", world.admin)
    client = as_user("gunungkidul.staf")
    name = '<td class="sop-name">Alur Upload Konten Website &amp; Media Sosial{}</td>'
    current = client.get(document_url())
    assert name.format(" (Revisi)") in current.content.decode()
    earlier = client.get(document_url() + "?versi=1")
    assert earlier.status_code == 200
    assert name.format("") in earlier.content.decode()
    assert "bukan versi terbaru" in earlier.content.decode()
    assert document_url("procedure-document-pdf") + "?versi=1" in earlier.content.decode()
    pdf = client.get(document_url("procedure-document-pdf") + "?versi=1")
    assert pdf["Content-Disposition"] == f'inline; filename="SOP-{SOP_A_FILE}-v1.pdf"'
    assert squash("(Revisi)") not in pdf_text(pdf.content)
    for wrong in ("9", "satu", ""):
        assert client.get(document_url() + f"?versi={wrong}").status_code == 404


def test_the_manage_page_links_to_the_document_of_each_version(world):
    response = as_user("gunungkidul.kelola").get(
        reverse("workspace:manage-procedure", kwargs={"org": ORG, "procedure": SOP_A})
    )
    html = response.content.decode()
    assert document_url() in html
    assert document_url("procedure-document-pdf") in html
    assert f"{document_url()}?versi=1" in html


def _without_csrf(body: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", body)
