"""Heavy native libraries run in a child process and leave nothing behind (tayang/apart.py).

The worker kept Typst (its library and its memo cache of pictures) and PyAV after one poster,
one record or one audio file, 163–173 MB resident after the demo's backlog instead of ~80
(docs/performance.md, "The worker's peak"). These tests check that typesetting, the poster and
the audio encoding give the same results as before and load none of those libraries into the
calling process; nor the poster's photo and QR code and a photo's web sizes (Pillow, segno).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from tayang import apart
from tayang.sop.document.metrics import FONT_DIR
from tayang.sop.document.tagged import PDF_STANDARD

ROOT = Path(__file__).resolve().parents[2]
MOMENT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
DOCUMENT = b'#set document(title: "Uji")\n#set text(lang: "id")\nHalo #sys.inputs.at("nama")'


def test_a_document_typeset_in_a_child_comes_back_as_pdf():
    pdf = apart.typeset(DOCUMENT, font_dir=FONT_DIR, sys_inputs={"nama": "dunia"},
                        timestamp=MOMENT, pdf_standards=PDF_STANDARD)
    assert pdf.startswith(b"%PDF-")
    assert b"/Title" in pdf


def test_typst_refusing_a_document_says_why_as_before():
    with pytest.raises(apart.Refused) as refused:
        apart.typeset(b'#panic("rusak")', font_dir=FONT_DIR, sys_inputs={}, timestamp=MOMENT,
                      pdf_standards=PDF_STANDARD)
    assert "rusak" in refused.value.message


def test_errors_come_back_as_themselves_or_as_failed_never_loading_a_library():
    with pytest.raises(ZeroDivisionError):
        apart.call("operator", "truediv", 1, 0)
    with pytest.raises(apart.Failed, match=r"json\.decoder\.JSONDecodeError"):
        apart.call("json", "loads", "{")  # not a built-in nor Tayang's: its text only


def test_a_child_that_takes_too_long_is_stopped():
    with pytest.raises(apart.Failed, match="tidak selesai"):
        apart.call("time", "sleep", 5, timeout=0.5)


# A fresh interpreter: the test suite itself has long since loaded every library.
PROGRAM = """
import io, json, sys
from datetime import date
from pathlib import Path
import django
django.setup()
from tayang import apart
from tayang.accessible import engines
from tayang.channels import poster
from tayang.records import typesetting
from tests.channels.posts import MediaFile, MediaKind, post
made = Path(sys.argv[1]) / "foto.jpg"  # written by the test, whose process has Pillow already
photo = MediaFile(kind=MediaKind.PHOTO, path=str(made), url="http://situs.test/berkas/foto.jpg",
                  filename="foto.jpg", content_type="image/jpeg", size=made.stat().st_size,
                  alt="Foto", width=1200, height=900)
pdfs = [
    poster.render(post(photo), day=date(2026, 12, 6)),
    typesetting.render(typesetting.Record(title="Uji", organization="Dinas", footer="x")),
]
[sizes] = apart.call("tayang.media.websizes", "render_files", [(str(made), [960, 480])],
                     max_megapixels=50)
audio = engines.speak("halo semua") if engines.speech_available() else None
loaded = sorted(m for m in ("typst", "av", "PIL", "segno") if m in sys.modules)
print(json.dumps({"pdfs": [pdf[:5].decode() for pdf in pdfs], "loaded": loaded,
                  "sizes": [(size.width, size.height) for size in sizes],
                  "photo_in_poster": b"/DCTDecode" in pdfs[0],
                  "audio": audio is None or (audio.data[:4] == b"OggS" and audio.duration > 0)}))
"""


def test_posters_records_web_sizes_and_speech_leave_no_heavy_library_in_the_process(tmp_path):
    # The poster's photo (Pillow) and QR code (segno) and a photo's web sizes are made in the
    # child too: the worker's peak on the demo's backlog was the photos' decoding.
    Image.new("RGB", (1200, 900), (30, 120, 200)).save(tmp_path / "foto.jpg", "JPEG")
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path)], capture_output=True, text=True,
        check=False, timeout=120, cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
             "TAYANG_VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["pdfs"] == ["%PDF-", "%PDF-"]
    assert found["audio"]  # Ogg Opus from the child (or no espeak-ng on this machine)
    assert found["loaded"] == []
    assert found["sizes"] == [[960, 720], [480, 360]]
    assert found["photo_in_poster"]
