"""Draws Tayang's icon as ``favicon.ico`` (16, 32 and 48 px) from the same shapes as
``tayang/web/static/tayang/icon.svg``: a white T on the brand's blue, rounded.

Run once when the icon changes (``.venv/bin/python scripts/favicon.py``); the ICO is kept in
the repository because browsers, feed readers and crawlers ask for ``/favicon.ico`` whatever
the page names, and an ICO is what every one of them reads.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = "#0b3d6e"
SCALE = 16  # drawn at 512 px (the SVG's 32 units × 16), then reduced: smooth edges
TARGET = Path(__file__).resolve().parent.parent / "tayang/web/static/tayang/favicon.ico"


def draw() -> Image.Image:
    size = 32 * SCALE
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=6 * SCALE, fill=BRAND)
    # The T of icon.svg: bar 7..25 × 7..12, stem 13.5..18.5 × 12..26 (SVG units).
    pen.rectangle((7 * SCALE, 7 * SCALE, 25 * SCALE - 1, 12 * SCALE - 1), fill="white")
    pen.rectangle((int(13.5 * SCALE), 12 * SCALE, int(18.5 * SCALE) - 1, 26 * SCALE - 1),
                  fill="white")
    return image


if __name__ == "__main__":
    draw().save(TARGET, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"{TARGET}: {TARGET.stat().st_size} bytes")
