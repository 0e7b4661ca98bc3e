"""The notice-board poster: one A4 portrait page that says what it must and whose QR code works.

The QR code is decoded for real from the image inside the PDF, by the small decoder at the end
of this file (byte, numeric and alphanumeric segments; no error correction needed, the image
is undamaged): it reads what a phone would read, not what we meant to draw.
"""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import segno.consts
from PIL import Image
from pypdf import PdfReader

from tayang.channels import limits, poster
from tayang.channels.connectors.base import (
    ChannelError,
    Delivered,
    ErrorKind,
    MediaFile,
    MediaKind,
    Post,
)
from tayang.channels.connectors.noticeboard import NoticeBoard
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post, video

A4 = (595.28, 841.89)  # points


def board(**config: str) -> NoticeBoard:
    return NoticeBoard(config, {}, http=None)  # type: ignore[arg-type]  (never used)


def publish(item: Post, **config: str) -> Delivered:
    return board(**config).publish(item, DictJournal())


def page_of(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0]


def text_of(pdf: bytes) -> str:
    return page_of(pdf).extract_text()


def flat(text: str) -> str:
    """Text without line breaks and spaces: a long link is wrapped over lines on the page."""
    return re.sub(r"\s+", "", text)


def photo_file(path: Path, size: tuple[int, int], *, noise: bool = False) -> MediaFile:
    if noise:  # harder to compress than any real photo (4 × 4 pixel colour noise)
        small = (size[0] // 4, size[1] // 4)
        image = Image.merge("RGB", [Image.effect_noise(small, 60) for _ in range(3)])
        image = image.resize(size, Image.Resampling.NEAREST)
    else:
        image = Image.radial_gradient("L").resize(size).convert("RGB")
    image.save(path, "JPEG", quality=92)
    return MediaFile(kind=MediaKind.PHOTO, path=str(path), url="http://situs.test/f.jpg",
                     filename=path.name, content_type="image/jpeg", size=path.stat().st_size,
                     alt="Penyerahan bantuan", width=size[0], height=size[1])


# -- the poster -----------------------------------------------------------------------------
def test_a_poster_is_one_a4_portrait_page_with_title_organization_date_and_link(tmp_path):
    item = post(jpeg(tmp_path))
    delivered = publish(item)

    assert delivered.external_id == "poster"
    assert delivered.url == ""
    assert delivered.document_name == (
        "poster-2026-11-24-penyaluran-bantuan-sosial-di-kapanewon-wonosari.pdf")
    pdf = delivered.document
    assert pdf is not None and pdf.startswith(b"%PDF")
    page = page_of(pdf)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1
    text = text_of(pdf)
    assert flat(item.title) in flat(text)
    assert "DINAS SOSIAL DIY" in text  # the kop surat, in capitals
    assert "24 November 2026" in text  # 09.00 WIB
    assert item.summary in text
    assert flat(f"Baca selengkapnya: {item.link}") in flat(text)
    # a default caption is "title, lead, link": neither the title nor the link is printed twice
    assert flat(text).count(flat(item.title)) == 1
    assert flat(text).count(item.link) == 1


def test_the_qr_code_decodes_to_the_link(tmp_path):
    item = post(jpeg(tmp_path))
    pdf = publish(item).document
    [qr] = [image for image in page_of(pdf).images if _is_qr(image.image)]
    assert decode_qr(qr.image) == item.link


def test_the_qr_code_of_a_long_link_decodes_too():
    link = "https://dinsos.jogjaprov.go.id/berita/2026/11/24/" + "penyaluran-bantuan-" * 8 + "x/"
    pdf = publish(dataclasses.replace(post(), link=link)).document
    [qr] = [image for image in page_of(pdf).images if _is_qr(image.image)]
    assert decode_qr(qr.image) == link


def test_the_date_is_the_local_date_of_the_channel_zone():
    late = dataclasses.replace(post(), published_at=datetime(2026, 11, 24, 16, 30, tzinfo=UTC))
    assert "24 November 2026" in text_of(publish(late).document)  # 23.30 WIB
    assert "25 November 2026" in text_of(publish(late, timezone="WITA").document)  # 00.30
    assert "25 November 2026" in text_of(publish(late, timezone="Asia/Jayapura").document)


def test_an_unknown_zone_is_a_config_error():
    with pytest.raises(ChannelError) as caught:
        board(timezone="WIBB").check()
    assert caught.value.kind == ErrorKind.CONFIG
    assert caught.value.message.startswith('Zona waktu "WIBB" tidak dikenal.')


def test_a_post_without_photos_still_renders(tmp_path):
    item = post(video(tmp_path))
    pdf = publish(item).document
    images = page_of(pdf).images
    assert [_is_qr(image.image) for image in images] == [True]  # the QR code only
    assert item.summary in text_of(pdf)


def test_a_post_without_a_link_has_no_qr_code():
    pdf = publish(dataclasses.replace(post(), link="")).document
    assert list(page_of(pdf).images) == []
    assert "Baca selengkapnya" not in text_of(pdf)


def test_only_the_first_readable_photo_is_printed(tmp_path):
    broken = tmp_path / "rusak.jpg"
    broken.write_bytes(b"not a jpeg")
    unreadable = dataclasses.replace(jpeg(tmp_path, "a.jpg"), path=str(broken))
    first = jpeg(tmp_path, "b.jpg", size=(800, 600))
    second = jpeg(tmp_path, "c.jpg", size=(640, 480))
    pdf = publish(post(unreadable, first, second)).document
    photos = [image.image for image in page_of(pdf).images if not _is_qr(image.image)]
    assert [photo.size for photo in photos] == [(800, 600)]


def test_a_long_text_is_cut_at_a_word_and_still_fits_one_page(tmp_path):
    sentence = "Bantuan disalurkan kepada keluarga penerima manfaat di setiap padukuhan. "
    long = "\n\n".join(sentence * 12 for _ in range(8))
    item = post(jpeg(tmp_path), text=long)
    pdf = publish(item).document
    text = text_of(pdf)  # page_of asserted one page
    body = text.split("24 November 2026", 1)[1].split("Baca selengkapnya", 1)[0].strip()
    assert body.endswith("…")
    words = body.rstrip("…").split()
    assert words[-1].rstrip(".") in sentence.split()  # a whole word, not a broken one
    assert len(flat(body)) < len(flat(long)) / 2
    assert flat(f"Baca selengkapnya: {item.link}") in flat(text)  # the foot is still there


def test_the_text_is_capped_before_typesetting():
    text = "kata " * 2000
    cut = poster.cut(text)
    assert len(cut) <= poster.TEXT_MAX_CHARACTERS + 1
    assert cut.endswith("kata…")
    assert poster.cut("  satu   dua \n\n\n\n tiga ") == "satu dua\n\ntiga"


def test_a_very_long_title_still_fits_one_page(tmp_path):
    item = dataclasses.replace(post(jpeg(tmp_path)), title="Penyaluran bantuan sosial " * 30)
    pdf = publish(item).document
    assert "Baca selengkapnya" in text_of(pdf)


def test_a_12_megapixel_photo_is_downscaled_and_the_poster_stays_small(tmp_path):
    photo = photo_file(tmp_path / "besar.jpg", (4000, 3000), noise=True)
    assert photo.size > 5 * 1024 * 1024
    pdf = publish(post(photo)).document
    assert len(pdf) < 1.5 * 1024 * 1024
    [embedded] = [image.image for image in page_of(pdf).images if not _is_qr(image.image)]
    assert max(embedded.size) == poster.PHOTO_MAX_PX
    assert embedded.size == (1600, 1200)


def test_a_portrait_photo_keeps_its_orientation_from_exif(tmp_path):
    path = tmp_path / "miring.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    Image.new("RGB", (1200, 900), (200, 50, 50)).save(path, "JPEG", exif=exif)
    photo = dataclasses.replace(jpeg(tmp_path), path=str(path))
    pdf = publish(post(photo)).document
    [embedded] = [image.image for image in page_of(pdf).images if not _is_qr(image.image)]
    assert embedded.size == (900, 1200)


# -- the rest of the contract ---------------------------------------------------------------
def test_find_withdraw_and_check_need_no_network():
    connector = board()
    assert connector.find(post(), DictJournal()) is None
    assert connector.withdraw(Delivered("poster"), DictJournal()) is None
    assert connector.check() == ""
    assert NoticeBoard.can_withdraw


def test_problems(tmp_path):
    assert limits.problems(NoticeBoard, post(jpeg(tmp_path))) == []
    assert limits.problems(NoticeBoard, dataclasses.replace(post(), title="  ")) == [
        "Papan pengumuman (poster A4): judul wajib diisi untuk dicetak di poster."]
    # any photo type and size: the poster reads what it can and downscales it
    gif = dataclasses.replace(jpeg(tmp_path), content_type="image/gif", size=50 * 1024 * 1024)
    assert limits.problems(NoticeBoard, post(gif, video(tmp_path))) == []


# -- a small QR decoder ---------------------------------------------------------------------
def _is_qr(image: Image.Image) -> bool:
    gray = image.convert("L")
    colors = gray.getcolors(2)  # None when there are more than two
    return gray.width == gray.height and colors is not None and {
        value for _, value in colors} <= {0, 255}


def decode_qr(image: Image.Image) -> str:
    """The text of a clean, upright QR code image (dark modules on light, any scale)."""
    modules = _modules(image.convert("L"))
    size = len(modules)
    version = (size - 17) // 4
    assert size == 17 + 4 * version, size
    level, mask = _format(modules)
    function = _function_modules(version, size)
    bits = []
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5  # the vertical timing pattern
        for vertical in range(size):
            for j in range(2):
                x = right - j
                upward = ((right + 1) & 2) == 0
                y = size - 1 - vertical if upward else vertical
                if not function[y][x]:
                    bits.append(modules[y][x] ^ _MASKS[mask](x, y))
        right -= 2
    codewords = [int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits) - 7, 8)]
    return _parse(_data(codewords, version, level), version)


def _modules(gray: Image.Image) -> list[list[int]]:
    dark = gray.point(lambda v: 255 if v < 128 else 0)
    left, top, right, _bottom = dark.getbbox()
    run = 0
    while gray.getpixel((left + run, top)) < 128:
        run += 1
    module = run / 7  # the top-left finder pattern is seven modules wide
    count = round((right - left) / module)
    return [[int(gray.getpixel((int(left + (c + 0.5) * module),
                                int(top + (r + 0.5) * module))) < 128)
             for c in range(count)] for r in range(count)]


def _format(modules: list[list[int]]) -> tuple[int, int]:
    size = len(modules)
    first = [modules[i][8] for i in range(6)] + [modules[7][8], modules[8][8], modules[8][7]]
    first += [modules[8][14 - i] for i in range(9, 15)]
    second = [modules[8][size - 1 - i] for i in range(8)]
    second += [modules[size - 15 + i][8] for i in range(8, 15)]
    assert first == second, "the two copies of the format information differ"
    value = sum(bit << i for i, bit in enumerate(first)) ^ 0x5412
    data = value >> 10
    return data >> 3, data & 7  # error level bits (L=1, M=0, Q=3, H=2), mask


_MASKS = (
    lambda x, y: int((x + y) % 2 == 0),
    lambda x, y: int(y % 2 == 0),
    lambda x, y: int(x % 3 == 0),
    lambda x, y: int((x + y) % 3 == 0),
    lambda x, y: int((x // 3 + y // 2) % 2 == 0),
    lambda x, y: int(x * y % 2 + x * y % 3 == 0),
    lambda x, y: int((x * y % 2 + x * y % 3) % 2 == 0),
    lambda x, y: int(((x + y) % 2 + x * y % 3) % 2 == 0),
)


def _alignment_positions(version: int, size: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    return [6, *reversed([size - 7 - i * step for i in range(count - 1)])]


def _function_modules(version: int, size: int) -> list[list[bool]]:
    function = [[False] * size for _ in range(size)]

    def mark(rows: range, columns: range) -> None:
        for r in rows:
            for c in columns:
                function[r][c] = True

    mark(range(9), range(9))  # finder, separator and format info, top left
    mark(range(9), range(size - 8, size))  # top right
    mark(range(size - 8, size), range(9))  # bottom left, with the dark module
    mark(range(size), range(6, 7))  # timing patterns
    mark(range(6, 7), range(size))
    positions = _alignment_positions(version, size)
    last = len(positions) - 1
    for i, row in enumerate(positions):
        for j, column in enumerate(positions):
            if (i, j) in ((0, 0), (0, last), (last, 0)):
                continue  # where the finder patterns are
            mark(range(row - 2, row + 3), range(column - 2, column + 3))
    if version >= 7:  # version information
        mark(range(6), range(size - 11, size - 8))
        mark(range(size - 11, size - 8), range(6))
    return function


def _data(codewords: list[int], version: int, level: int) -> list[int]:
    """The data codewords, de-interleaved from the blocks they were spread over."""
    lengths = [ec.num_data for ec in segno.consts.ECC[version][level]
               for _ in range(ec.num_blocks)]
    blocks: list[list[int]] = [[] for _ in lengths]
    position = 0
    for i in range(max(lengths)):
        for block, length in zip(blocks, lengths, strict=True):
            if i < length:
                block.append(codewords[position])
                position += 1
    return [codeword for block in blocks for codeword in block]


_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def _parse(data: list[int], version: int) -> str:
    bits = "".join(f"{codeword:08b}" for codeword in data)
    position = 0

    def take(n: int) -> int:
        nonlocal position
        value = int(bits[position:position + n], 2)
        position += n
        return value

    small, medium = version <= 9, version <= 26
    text = ""
    while position + 4 <= len(bits):
        mode = take(4)
        if mode == 0:  # terminator
            break
        if mode == 4:  # byte
            count = take(8 if small else 16)
            text += bytes(take(8) for _ in range(count)).decode("utf-8")
        elif mode == 2:  # alphanumeric
            count = take(9 if small else 11 if medium else 13)
            for _ in range(count // 2):
                pair = take(11)
                text += _ALPHANUMERIC[pair // 45] + _ALPHANUMERIC[pair % 45]
            if count % 2:
                text += _ALPHANUMERIC[take(6)]
        elif mode == 1:  # numeric
            count = take(10 if small else 12 if medium else 14)
            while count >= 3:
                text += f"{take(10):03d}"
                count -= 3
            if count:
                text += f"{take(4 if count == 1 else 7):0{count}d}"
        else:
            raise AssertionError(f"unexpected QR segment mode {mode}")
    return text


def test_an_announcement_says_pengumuman_under_the_kop_with_its_logo(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), (11, 61, 110)).save(buffer, "PNG")
    item = dataclasses.replace(
        post(jpeg(tmp_path)), heading="PENGUMUMAN", logo_png=buffer.getvalue(),
        organization_lines=("PEMERINTAH DAERAH DAERAH ISTIMEWA YOGYAKARTA",),
    )
    pdf = publish(item).document
    assert pdf is not None
    text = text_of(pdf)
    assert text.index("PEMERINTAH DAERAH") < text.index("DINAS SOSIAL DIY")
    assert text.index("DINAS SOSIAL DIY") < text.index("PENGUMUMAN") < text.index("Penyaluran")
    page = page_of(pdf)
    assert len(page.images) == 3  # the logo, the photo and the QR code
    # A news item has no such heading.
    assert "PENGUMUMAN" not in text_of(publish(post(jpeg(tmp_path))).document)
