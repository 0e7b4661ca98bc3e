"""What a person does in the workspace, as small steps a test strings together.

Every element is found the way a person (or a screen reader) finds it: by its label, its role
and accessible name, or the heading of the region it sits in.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw
from playwright.sync_api import Browser, Locator, Page, expect

from tayang.demo.organizations import DemoOrganization, demo_username

PASSWORD = "tayang-demo"
REGISTER_CODE = re.compile(r"^\d{4}/\d{4}$")


@dataclass(frozen=True)
class Site:
    """A demo organization on the live server."""

    browser: Browser
    base_url: str
    demo: DemoOrganization

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/kerja/{self.demo.slug}/{path}"

    @contextmanager
    def signed_in(
        self, role: str, *, viewport: dict[str, int] | None = None, mobile: bool = False
    ) -> Iterator[Page]:
        """A fresh browser context signed in as the demo account holding ``role``."""
        context = self.browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900},
            is_mobile=mobile, has_touch=mobile, locale="id-ID", timezone_id="Asia/Jakarta",
        )
        try:
            page = context.new_page()
            sign_in(page, self, demo_username(self.demo, role))
            yield page
        finally:
            context.close()


def sign_in(page: Page, site: Site, username: str) -> None:
    """Open the workspace, get sent to the sign-in form, sign in and land in the inbox."""
    page.goto(site.url())
    expect(page).to_have_url(re.compile(r"/masuk/\?next="))
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(site.url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Kotak masuk")


# --- files -----------------------------------------------------------------------------------

_GPS_IFD = ExifTags.IFD.GPSInfo


def make_jpeg(folder: Path, name: str, *, color: tuple[int, int, int] = (32, 94, 150),
              gps: bool = False) -> Path:
    """A real JPEG photo; with ``gps`` it carries a location in its EXIF, as phones write."""
    image = Image.new("RGB", (800, 600), color)
    ImageDraw.Draw(image).text((40, 280), f"Dokumentasi {name}", fill=(255, 255, 255))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Tayang Test Camera"
    if gps:
        exif[_GPS_IFD] = {
            ExifTags.GPS.GPSLatitudeRef: "S",
            ExifTags.GPS.GPSLatitude: (7.0, 57.0, 30.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (110.0, 36.0, 10.0),
        }
    path = folder / name
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def make_jpegs(folder: Path, stem: str, count: int, *, gps_first: bool = False) -> list[Path]:
    colors = ((32, 94, 150), (180, 90, 40), (40, 140, 90), (120, 60, 140), (160, 140, 40))
    return [
        make_jpeg(folder, f"{stem}-{index + 1}.jpg", color=colors[index % len(colors)],
                  gps=gps_first and index == 0)
        for index in range(count)
    ]


def make_pdf(folder: Path, name: str, text: str) -> Path:
    page = Image.new("RGB", (595, 842), (255, 255, 255))
    ImageDraw.Draw(page).text((60, 80), text, fill=(0, 0, 0))
    path = folder / name
    page.save(path, "PDF", resolution=72)
    return path


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return _GPS_IFD in exif or bool(exif.get_ifd(_GPS_IFD))


# --- the inbox and the content form ------------------------------------------------------------

def start_new_item(page: Page, procedure_name: str) -> None:
    page.get_by_role("region", name="Buat konten baru").get_by_role(
        "link", name=procedure_name
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konten baru")


def save_draft(page: Page) -> int:
    """Save the new item's first draft; returns the item's id (from the page it lands on)."""
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(r"/konten/\d+/ubah/$"))
    expect_message(page, "Draf tersimpan")
    return int(re.findall(r"/konten/(\d+)/ubah/", page.url)[0])


def expect_counter(page: Page, label: str, used: int, limit: int) -> None:
    """The live character counter under a limited field, read as the field's description (after
    a refused hand-in's message about the field, which is described first)."""
    over = used - limit
    text = f"{used} / {limit} karakter" + (f" — kelebihan {over} karakter" if over > 0 else "")
    field = page.get_by_label(label, exact=True)
    expect(field).to_have_accessible_description(re.compile(rf"(^|\. ){re.escape(text)}"))
    expect(field).to_have_attribute("aria-invalid", "true" if over > 0 else "false")


def fill_five_w_one_h(page: Page, label: str, answers: dict[str, str]) -> None:
    """Answer some of the 5W+1H questions ("Apa", "Siapa", ...) of a field."""
    group = page.get_by_role("group", name=label)
    for question, answer in answers.items():
        group.get_by_label(f"{question}?", exact=True).fill(answer)


def upload(page: Page, field_label: str, files: Sequence[Path], *, total: int) -> None:
    """Upload files to a media field and wait until the form lists ``total`` files there."""
    region = page.get_by_role("region", name=f"Unggah {field_label.lower()}")
    region.get_by_label("Pilih berkas").set_input_files(list(files))
    region.get_by_role("button", name="Unggah").click()
    uploaded = page.get_by_role("group", name=f"{field_label}: berkas terunggah")
    expect(uploaded.get_by_role("listitem")).to_have_count(total)


def fill_alt_texts(page: Page, alts: dict[str, str]) -> None:
    for name, alt in alts.items():
        page.get_by_label(f"Teks alternatif untuk {name}").fill(alt)


def save_changes(page: Page, note: str = "") -> None:
    if note:
        page.get_by_label("Catatan perubahan").fill(note)
    page.get_by_role("button", name="Simpan perubahan").click()
    expect_message(page, "Perubahan disimpan.")


def hand_in_checklist(page: Page) -> Locator:
    return page.get_by_role("region", name=re.compile(r"^Kelengkapan sebelum"))


# --- the item page -----------------------------------------------------------------------------

def open_waiting(page: Page, title: str) -> None:
    """Open an item from the inbox's "waiting for me" list."""
    if not page.get_by_role("heading", level=1, name="Kotak masuk").is_visible():
        page.get_by_role("link", name="Kotak masuk").click()
    waiting = page.get_by_role("region", name=re.compile(r"^Menunggu tindakan saya"))
    waiting.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def fact(page: Page, term: str) -> Locator:
    """The value beside ``term`` in the facts at the top of the item page (a dt/dd list)."""
    return page.get_by_role("term").filter(
        has_text=re.compile(rf"^{re.escape(term)}$")
    ).locator("xpath=following-sibling::dd[1]")


def current_step(page: Page) -> Locator:
    return page.get_by_role("region", name="Alur SOP").locator('[aria-current="step"]')


def path_step(page: Page, number: int) -> Locator:
    return page.get_by_role("region", name="Alur SOP").get_by_role("listitem").nth(number - 1)


def press(page: Page, button: str) -> None:
    """Press one of the action buttons on the item page."""
    page.get_by_role("region", name="Tindakan").get_by_role(
        "button", name=button, exact=True
    ).click()


def act(page: Page, button: str, message: str) -> None:
    """Press one of the item's action buttons and see it done."""
    press(page, button)
    expect_message(page, message)


ANSWER = "Dokumentasi dan narasi sudah diperiksa; layak diteruskan."


def approve(page: Page, button: str, response: str = ANSWER) -> None:
    """Accept the step; where accepting produces a written response (seed A's and E's Tim
    Pertimbangan), write it first."""
    box = page.get_by_role("region", name="Tindakan").get_by_label(
        f"Tanggapan tertulis (wajib untuk «{button}»)"
    )
    if box.count():
        box.fill(response)
    act(page, button, "Langkah ini telah disetujui")


def register_code(page: Page) -> str:
    code = fact(page, "No. register")
    expect(code).to_have_text(REGISTER_CODE)
    return code.inner_text().strip()


def expect_handed_in(page: Page) -> str:
    """After the first hand-in: its register number, shown in the message and on the page."""
    code = register_code(page)
    expect_message(page, f"Konten telah diserahkan dan mendapat nomor register {code}.")
    expect(fact(page, "Status")).to_have_text("Dalam proses")
    return code


def hand_in_refusal(page: Page) -> Locator:
    """A refused hand-in: the edit form again, its error summary first and focused, each
    reason a link to the field it is about (issue 15)."""
    summary = page.get_by_role("alert").filter(has_text="Belum dapat diserahkan")
    expect(summary).to_be_focused()
    expect(page.get_by_role("button", name="Simpan perubahan")).to_be_visible()
    return summary


def refusal(page: Page) -> Locator:
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Tindakan belum dapat dilakukan")
    return alert


def send_back(page: Page, button: str, response: str) -> None:
    """Send the item back; an empty or blank response is refused first and changes nothing."""
    actions = page.get_by_role("region", name="Tindakan")
    box = actions.get_by_label(f"Tanggapan tertulis (wajib untuk «{button}»)")
    submit = actions.get_by_role("button", name=button, exact=True)
    step_before = current_step(page).inner_text()
    responses = page.get_by_role("region", name="Tanggapan tertulis").locator("blockquote")
    written_before = responses.count()
    # Empty: the browser itself refuses to send the form, and says why.
    assert box.evaluate("el => el.value") == ""
    assert box.evaluate("el => el.checkValidity()") is False
    assert box.evaluate("el => el.validationMessage") != ""
    url = page.url
    submit.click()
    assert page.url == url
    expect(page.get_by_text("Konten dikembalikan")).to_have_count(0)
    # Blank (spaces pass the browser's check): the server refuses, with the reason.
    box.fill(" " * 12)
    submit.click()
    expect(refusal(page)).to_contain_text(
        "Tanggapan tertulis wajib diisi (paling sedikit 10 karakter)"
    )
    expect(current_step(page)).to_have_text(step_before)
    expect(responses).to_have_count(written_before)
    # A real response sends it back (locators are looked up again on the refusal page).
    box.fill(response)
    submit.click()
    expect_message(page, "Konten dikembalikan dengan tanggapan tertulis.")
    expect(fact(page, "Status")).to_have_text("Dikembalikan")
    expect(page.get_by_role("region", name="Tanggapan tertulis")).to_contain_text(response)


def correct(page: Page, changes: dict[str, str], note: str) -> None:
    """Open the correction form from the item page, change text fields, save, go back."""
    page.get_by_role("link", name="Koreksi konten").click()
    for label, value in changes.items():
        page.get_by_label(label, exact=True).fill(value)
    save_changes(page, note)
    page.get_by_role("link", name="Lihat halaman konten").click()


# --- the register ------------------------------------------------------------------------------

def find_in_register(page: Page, site: Site, title: str, code: str, status: str) -> None:
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register dokumentasi dan konten")
    page.get_by_label("Cari (judul, isi, atau nomor register)").fill(title)
    page.get_by_role("button", name="Saring").click()
    page.wait_for_url(re.compile(r"/register/\?"))
    rows = page.get_by_role("table").get_by_role("row").filter(
        has=page.get_by_role("link", name=title)
    )
    expect(rows).to_have_count(1)
    expect(page.get_by_text(re.compile(r"^1 konten\.$"))).to_be_visible()
    expect(rows.get_by_role("cell").first).to_have_text(code)
    expect(rows).to_contain_text(status)
    assert page.url.startswith(site.url("register/"))


# --- small screens -----------------------------------------------------------------------------

_OUTSIDE = """(width) => [...document.querySelectorAll('main *')]
  .filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.left < -1 || box.right > width + 1);
  })
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''))"""


def expect_fits_screen(page: Page) -> None:
    """Nothing on the page sticks out sideways: no horizontal scrolling on a phone."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate(_OUTSIDE, width) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def expect_touch_target(locator: Locator) -> None:
    """Big enough to hit with a thumb (44 × 44 CSS pixels, WCAG 2.5.5)."""
    box = locator.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
