"""The demo organizations' profiles: the kop surat, contacts and letter numbering.

Addresses and numbers are made up in the form the real offices use (the demo must not send
anyone to a real agency's telephone); the logo is drawn here, a plain shield with the
organization's initials, so the kop surat and the site header show a logo without shipping
an agency's coat of arms.
"""

from __future__ import annotations

import io

from django.contrib.auth.models import AbstractBaseUser

from tayang.demo.people import GIVEN, person
from tayang.orgs.models import Organization

PROFILES: dict[str, dict[str, str]] = {
    "dpmptsp-gunungkidul": {
        "head_position": "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "parent_lines": "PEMERINTAH KABUPATEN GUNUNGKIDUL",
        "address": "Jl. Kesatrian No. 38, Wonosari, Gunungkidul, Daerah Istimewa Yogyakarta",
        "postal_code": "55812", "city": "Wonosari", "telephone": "(0274) 391000",
        "email": "dpmptsp@gunungkidul.demo.tayang.id",
        "website": "https://dpmptsp.gunungkidul.demo.tayang.id",
        "letter_unit_code": "DPMPTSP",
    },
    "disnakertrans-bantul": {
        "head_position": "Kepala Dinas Tenaga Kerja dan Transmigrasi",
        "parent_lines": "PEMERINTAH KABUPATEN BANTUL",
        "address": "Jl. Lingkar Timur, Manding, Trirenggo, Bantul, Daerah Istimewa Yogyakarta",
        "postal_code": "55714", "city": "Bantul", "telephone": "(0274) 367000",
        "email": "disnakertrans@bantul.demo.tayang.id",
        "website": "https://disnakertrans.bantul.demo.tayang.id",
        "letter_unit_code": "Disnakertrans",
    },
    "dinsos-diy": {
        "head_position": "Kepala Dinas Sosial",
        "parent_lines": "PEMERINTAH DAERAH DAERAH ISTIMEWA YOGYAKARTA",
        "address": "Jl. Janti, Banguntapan, Bantul, Daerah Istimewa Yogyakarta",
        "postal_code": "55198", "city": "Yogyakarta", "telephone": "(0274) 514000",
        "email": "dinsos@jogjaprov.demo.tayang.id",
        "website": "https://dinsos.jogjaprov.demo.tayang.id",
        "letter_unit_code": "Dinsos",
    },
    "disperindag-kalteng": {
        "head_position": "Kepala Dinas Perdagangan dan Perindustrian",
        "parent_lines": "PEMERINTAH PROVINSI KALIMANTAN TENGAH",
        "address": "Jl. RTA Milono Km. 1,5, Palangka Raya, Kalimantan Tengah",
        "postal_code": "73111", "city": "Palangka Raya", "telephone": "(0536) 3221000",
        "email": "disperindag@kalteng.demo.tayang.id",
        "website": "https://disperindag.kalteng.demo.tayang.id",
        "letter_unit_code": "Disperindag",
    },
}


def fill_profile(org: Organization, admin: AbstractBaseUser) -> None:
    """Fill what the demo organization's profile lacks (an admin's edits are kept)."""
    profile = PROFILES.get(org.slug)
    if profile is None:
        return
    # The head who signs the register ("Mengetahui"): a made-up person like the demo's others.
    head = person(len(GIVEN) - 1)
    profile = {**profile, "head_name": f"{head.first_name} {head.last_name}",
               "head_rank": "Pembina Utama Muda (IV/c)", "head_nip": head.nip}
    changed = [name for name, value in profile.items() if not getattr(org, name)]
    for name in changed:
        setattr(org, name, profile[name])
    if org.logo_id is None:
        from tayang.procedures.logo import store_logo

        org.logo = store_logo(org, drawn_logo(org.short_name or org.name), "logo-demo.png",
                              admin)
        changed.append("logo")
    if changed:
        org.save(update_fields=changed)


def drawn_logo(name: str) -> bytes:
    """A 256-pixel PNG: a blue shield with a gold rim and the name's initials."""
    from tayang.media.pillow import Image, ImageDraw, ImageFont

    size = 256
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shield = [(28, 20), (228, 20), (228, 130), (128, 240), (28, 130)]
    draw.polygon(shield, fill=(11, 61, 110, 255), outline=(212, 160, 23, 255), width=10)
    initials = "".join(word[0] for word in name.split() if word[:1].isalpha())[:3].upper()
    try:
        from tayang.sop.document.metrics import FONT_DIR

        font = ImageFont.truetype(str(FONT_DIR / "LiberationSans-Bold.ttf"), 72)
    except OSError:
        font = ImageFont.load_default()
    box = draw.textbbox((0, 0), initials, font=font)
    x = (size - (box[2] - box[0])) / 2 - box[0]
    draw.text((x, 70 - box[1] / 2), initials, font=font, fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
