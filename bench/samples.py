"""Real small media files and the hostile ones of issue 11, built in memory: for the upload
benchmark (bench/upload_memory.py) and the tests that bound the same inputs.

The hostile files are the same kind of input the issue describes: a PNG whose header claims
7745 × 7745 pixels (227 KB on disk), a PNG with a text chunk that inflates to 200 MB, 450 MB of
zeros behind an ``ftyp`` header (written sparse, so it costs no disk), an XLSX of 1.7 KB
claiming the sheet ``A1:XFD1048576``, a CSV of two million identical rows.
"""

from __future__ import annotations

import io
import struct
import wave
import zipfile
import zlib
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image

FTYP = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2mp41"


def mp4(seconds: int = 3, size: tuple[int, int] = (64, 48)) -> bytes:
    """A small real MP4 (MPEG-4 part 2): dark for its first second, then bright."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for index in range(seconds * 10):
            shade = (20, 20, 20) if index < 10 else (230, 230, 230)
            frame = av.VideoFrame.from_image(Image.new("RGB", size, shade))
            frame.pts = index
            frame.time_base = Fraction(1, 10)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


def wav(seconds: float = 1.0) -> bytes:
    """A real WAV recording of silence."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x00\x00" * int(8000 * seconds))
    return buffer.getvalue()


def fake_video(path: Path, size: int = 450 * 1024 * 1024) -> Path:
    """``size`` bytes of zeros behind an MP4 ``ftyp`` box, as a sparse file."""
    with path.open("wb") as handle:
        handle.write(FTYP)
        handle.truncate(size)
    return path


# -- PNG ---------------------------------------------------------------------------------------
def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_png(side: int = 7745) -> bytes:
    """A valid RGB PNG of ``side`` × ``side`` black pixels: a few hundred kilobytes."""
    row = b"\x00" + b"\x00" * (side * 3)  # filter byte, then the pixels
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", body) + _chunk(b"IEND", b""))


def text_bomb_png(inflated: int = 200 * 1024 * 1024) -> bytes:
    """A small valid PNG with a ``zTXt`` chunk that inflates to ``inflated`` bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(buffer, "PNG")
    plain = buffer.getvalue()
    compressor = zlib.compressobj(9)
    block = b"A" * (1024 * 1024)
    text = b"".join(compressor.compress(block) for _ in range(inflated // len(block)))
    text += compressor.flush()
    chunk = _chunk(b"zTXt", b"Comment\x00\x00" + text)
    at = plain.index(b"IDAT") - 4  # before the picture data, where a reader meets it first
    return plain[:at] + chunk + plain[at:]


# -- spreadsheets ------------------------------------------------------------------------------
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="DIP" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx(sheet_xml: bytes | str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal XLSX around the given sheet XML (inline strings need no shared strings)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sheet(rows: list[list[str]], *, dimension: str = "", numbered: bool = True) -> str:
    """Worksheet XML with inline-string cells; ``dimension`` is what the sheet claims."""
    claimed = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(
        (f'<row r="{number}">' if numbered else "<row>")
        + "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in row)
        + "</row>"
        for number, row in enumerate(rows, start=1)
    )
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main">{claimed}<sheetData>{body}'
            "</sheetData></worksheet>")


def dimension_bomb_xlsx(rows: list[list[str]]) -> bytes:
    """A small XLSX whose sheet claims every cell Excel has, A1:XFD1048576, and ends with an
    empty row numbered 1,048,576: a reader that pads to the claim fills a million rows of
    16,384 cells."""
    claimed = sheet(rows, dimension="A1:XFD1048576")
    return xlsx(claimed.replace("</sheetData>", '<row r="1048576"/></sheetData>'))


def many_rows_xlsx(header: list[str], row: list[str], count: int) -> bytes:
    """An XLSX of ``count`` identical rows under ``header``, written as a stream (small)."""
    buffer = io.BytesIO()
    one = "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in row) + "</row>"
    start = sheet([header], numbered=False).split("</sheetData>")[0]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as part:
            part.write(start.encode())
            block = (one * 1000).encode()
            for _ in range(count // 1000):
                part.write(block)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def zip_bomb_xlsx(inflated: int = 1024 * 1024 * 1024) -> bytes:
    """An XLSX whose sheet part inflates to ``inflated`` bytes of spaces (about 1 MB zipped)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(sheet([["Nomor"]]).split("</sheetData>")[0].encode())
            block = b" " * (1024 * 1024)
            for _ in range(inflated // len(block)):
                part.write(block)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def many_rows_csv(header: list[str], row: list[str], count: int) -> bytes:
    """A CSV of ``count`` identical rows: two million fit within the 5 MB import limit."""
    return (";".join(header) + "\n" + (";".join(row) + "\n") * count).encode()
