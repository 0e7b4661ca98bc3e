"""Does an alt text describe the picture? Names of files and single generic words do not.

A blind reader hears the alt text in place of the photo. "IMG_1234", "foto", "gambar.jpg" or
the file's own name tell them nothing, and two words rarely say what happened; the hand-in form
refuses such texts with advice on what to write. An empty text is not judged here: whether a
photo needs one is the SOP's requirement (``alt_text`` check) at hand-in.
"""

from __future__ import annotations

import re
from pathlib import PurePath

MIN_WORDS = 3

# What cameras, phones and chat apps name their files: IMG_1234, DSC01234, PXL_20261206_…,
# VID-20261206-WA0001, "WhatsApp Image 2026-12-06 at 10.00.00", Screenshot_2026…
_CAMERA_NAME = re.compile(
    r"^(img|image|dsc[nf]?|dcim|pxl|mvimg|vid|video|mov|gopr|photo|foto|p|screenshot|"
    r"tangkapan layar|whatsapp (image|video))[\s_-]*\d[\w\s.-]*$",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"^\S+\.(jpe?g|png|webp|heic|heif|gif|tiff?|bmp|mp4|mov|webm|m4v|3gp|mp3|ogg|wav|pdf)$",
    re.IGNORECASE,
)
# Words that name the medium, not what it shows.
_GENERIC_WORDS = {
    "foto", "gambar", "image", "img", "photo", "picture", "pic", "video", "dokumentasi",
    "kegiatan", "ilustrasi", "lampiran", "screenshot", "tangkapan", "layar", "dan", "untuk",
}

ADVICE = (
    "Tuliskan apa yang tampak, dalam satu kalimat: siapa, sedang apa, di mana — misalnya "
    "«Kepala Dinas menyerahkan bibit kepada kelompok tani di Desa Sukamaju»."
)


def alt_text_problem(text: str, file_name: str = "") -> str | None:
    """Why ``text`` does not describe the file, in Indonesian with advice; None when it may."""
    written = " ".join(text.split())
    if not written:
        return None
    stem = PurePath(file_name).stem.casefold() if file_name else ""
    folded = written.casefold()
    if file_name and folded in (file_name.casefold(), stem):
        return f"«{written}» adalah nama berkasnya, bukan uraian isi foto. {ADVICE}"
    if _FILE_NAME.match(written) or _CAMERA_NAME.match(written):
        return f"«{written}» adalah nama berkas dari kamera, bukan uraian isi foto. {ADVICE}"
    words = re.findall(r"\w+", folded)
    if words and all(word in _GENERIC_WORDS or word.isdigit() for word in words):
        return f"«{written}» hanya menyebut jenis berkasnya, bukan apa yang tampak. {ADVICE}"
    if len(words) < MIN_WORDS:
        return (
            f"«{written}» terlalu singkat untuk menguraikan foto: tuliskan paling sedikit "
            f"{MIN_WORDS} kata. {ADVICE}"
        )
    return None
