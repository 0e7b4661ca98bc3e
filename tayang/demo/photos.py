"""Demo photographs of government activities, drawn with Pillow alone.

The demo's items need pictures that read as photos of an agency's event — a hall with a
banner, a speaker at a podium and rows of audience, a tent outside, a meeting table, a
handover — not coloured rectangles: the workspace, the public site and the posters are judged
by them. No photo is shipped (no licence to track, nothing to download); each scene is drawn
from a seed: light falling across walls and sky, figures in batik and uniform, depth of field
(the background blurred more than the front), sensor noise and a lens vignette. About 80 ms a
picture; the same title and number give the same bytes (cached), so the demo stays fast.
"""

from __future__ import annotations

import io
import random
import zlib
from functools import cache

from tayang.media.pillow import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

W, H = 960, 640
Color = tuple[int, int, int]

_SKIN: tuple[Color, ...] = ((198, 150, 112), (172, 124, 88), (150, 104, 72), (212, 168, 130))
_HAIR: tuple[Color, ...] = ((28, 24, 22), (40, 32, 28), (22, 20, 20))
_HIJAB: tuple[Color, ...] = ((120, 40, 60), (30, 70, 110), (200, 190, 170), (60, 90, 70),
                             (150, 110, 70), (230, 230, 232))
_CLOTHES: tuple[Color, ...] = ((184, 162, 118), (176, 154, 110),  # khaki service uniform
                               (236, 236, 238), (230, 232, 236),  # white shirts
                               (120, 72, 40), (96, 52, 30),  # batik browns
                               (38, 52, 86), (60, 60, 66))  # dark jackets
_BANNERS: tuple[Color, ...] = ((150, 24, 30), (14, 64, 120), (20, 96, 60))


@cache
def activity_photo(title: str, index: int) -> bytes:
    """A JPEG (960 × 640) of an activity called ``title``; ``index`` turns to another scene."""
    rng = random.Random(f"{title}|{index}")
    # The activity decides which scene comes first, so the covers of a list are not all alike.
    scene = (_hall, _outdoor, _meeting, _handover)[(index + zlib.crc32(title.encode())) % 4]
    image = scene(rng, title)
    image = _finish(image, rng)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=84)
    return buffer.getvalue()


# --- scenes ------------------------------------------------------------------------------------

def _hall(rng: random.Random, title: str) -> Image.Image:
    """A hall: lit wall, banner, speaker at a podium, audience from behind."""
    image = _gradient((214, 200, 178), (150, 132, 108), vertical=True)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, W, 70), fill=(236, 232, 222))  # ceiling
    for x in range(60, W, 180):  # ceiling lights
        draw.ellipse((x, 40, x + 70, 62), fill=(255, 250, 228))
    draw.rectangle((0, 430, W, H), fill=(120, 84, 60))  # floor
    _banner(draw, (120, 110, 840, 250), title, rng)
    _flag(draw, 880, 120)
    back = image.filter(ImageFilter.GaussianBlur(2.2))
    draw = ImageDraw.Draw(back)
    _podium_speaker(draw, 430, 250, rng)
    back = back.filter(ImageFilter.GaussianBlur(1.0))
    draw = ImageDraw.Draw(back)
    for row, (y, scale) in enumerate(((470, 0.85), (530, 1.0), (600, 1.2))):
        step = int(110 * scale)
        for x in range(-40 + (row % 2) * step // 2, W + step, step):
            _from_behind(draw, x + rng.randint(-12, 12), y + rng.randint(-6, 6), scale, rng)
    return _light(back, (W * 0.45, 60), 0.18)


def _outdoor(rng: random.Random, title: str) -> Image.Image:
    """Outside: sky, trees, a tent with a banner, people standing in the sun."""
    image = _gradient((120, 170, 222), (214, 228, 240), vertical=True)
    draw = ImageDraw.Draw(image)
    for _ in range(5):  # clouds
        x, y = rng.randint(0, W), rng.randint(20, 150)
        for dx in range(0, 160, 40):
            draw.ellipse((x + dx, y, x + dx + 90, y + 46), fill=(244, 246, 250))
    for x in range(-40, W + 60, 70):  # tree line
        h = rng.randint(120, 200)
        draw.ellipse((x, 300 - h, x + 130, 330), fill=(52 + rng.randint(0, 30), 98, 52))
    draw.rectangle((0, 320, W, H), fill=(112, 128, 84))  # field
    image = image.filter(ImageFilter.GaussianBlur(2.5))
    draw = ImageDraw.Draw(image)
    draw.polygon([(120, 210), (840, 210), (900, 300), (60, 300)], fill=(236, 238, 240))  # tent roof
    draw.rectangle((90, 300, 870, 460), fill=(206, 208, 212))
    for x in (100, 480, 850):
        draw.rectangle((x, 300, x + 10, 470), fill=(150, 150, 156))
    _banner(draw, (200, 226, 760, 300), title, rng, size=22)
    for x in range(130, 850, 95):
        _standing(draw, x + rng.randint(-10, 10), 470, 0.8, rng)
    draw.rectangle((0, 470, W, H), fill=(124, 120, 96))  # packed ground in front
    for x in range(-30, W, 150):
        _standing(draw, x + rng.randint(-20, 20), 640, 1.25, rng)
    return _light(image, (W * 0.8, 0), 0.22)


def _meeting(rng: random.Random, title: str) -> Image.Image:
    """A meeting room: window light, a long table, people on both sides, a screen."""
    image = _gradient((226, 224, 218), (186, 180, 170), vertical=False)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 300, 330), fill=(236, 244, 250))  # window
    draw.line((170, 60, 170, 330), fill=(180, 180, 178), width=6)
    draw.rectangle((420, 70, 820, 300), fill=(40, 44, 52))  # screen
    draw.rectangle((432, 82, 808, 288), fill=(232, 236, 242))
    _banner(draw, (448, 110, 792, 190), title, rng, size=22)
    for y in range(210, 280, 18):
        draw.rectangle((460, y, 460 + rng.randint(160, 320), y + 8), fill=(120, 130, 150))
    draw.rectangle((0, 360, W, H), fill=(104, 92, 84))
    image = image.filter(ImageFilter.GaussianBlur(1.8))
    draw = ImageDraw.Draw(image)
    for x in range(140, 860, 120):  # the far side of the table, facing us
        _standing(draw, x, 470, 0.75, rng, seated=True)
    draw.polygon([(60, 450), (900, 450), (960, 560), (0, 560)], fill=(92, 62, 40))  # table
    draw.polygon([(0, 560), (960, 560), (960, 580), (0, 580)], fill=(64, 42, 28))
    for x in range(150, 860, 140):
        draw.rectangle((x, 470, x + 60, 500), fill=(245, 245, 240))  # papers
        draw.ellipse((x + 80, 462, x + 104, 480), fill=(236, 236, 236))  # cups
    for x in range(40, W, 200):  # the near side, from behind
        _from_behind(draw, x + rng.randint(-10, 10), 640, 1.35, rng)
    return _light(image, (80, 200), 0.25)


def _handover(rng: random.Random, title: str) -> Image.Image:
    """A handover on a stage: two officials holding a certificate, guests on either side."""
    image = _gradient((58, 76, 112), (28, 34, 52), vertical=True)
    draw = ImageDraw.Draw(image)
    _banner(draw, (80, 70, 880, 220), title, rng, size=34)
    draw.rectangle((0, 470, W, H), fill=(90, 60, 48))  # stage carpet
    draw.rectangle((0, 460, W, 474), fill=(150, 120, 60))
    back = image.filter(ImageFilter.GaussianBlur(1.6))
    draw = ImageDraw.Draw(back)
    for x in (90, 200, 760, 870):
        _standing(draw, x + rng.randint(-10, 10), 560, 0.95, rng)
    _standing(draw, 390, 600, 1.2, rng)
    _standing(draw, 570, 600, 1.2, rng)
    draw.rectangle((440, 380, 520, 440), fill=(246, 242, 226), outline=(180, 150, 60), width=3)
    draw.rectangle((396, 400, 444, 416), fill=_SKIN[1])  # hands on the certificate
    draw.rectangle((516, 400, 564, 416), fill=_SKIN[0])
    return _light(back, (W / 2, 120), 0.3)


# --- parts -------------------------------------------------------------------------------------

def _banner(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], title: str,
            rng: random.Random, size: int = 30) -> None:
    left, top, right, bottom = box
    color = rng.choice(_BANNERS)
    draw.rectangle(box, fill=color)
    draw.rectangle((left, bottom - 12, right, bottom), fill=(212, 170, 40))
    draw.ellipse((left + 14, top + 14, left + 74, top + 74), fill=(236, 200, 70))  # emblem
    font = _font(size)
    lines = _wrap(title.upper(), font, right - left - 110)[:2]
    y = top + 16
    for line in lines:
        draw.text((left + 92, y), line, fill=(255, 255, 255), font=font)
        y += int(size * 1.25)
    draw.text((left + 92, y + 4), "PEMERINTAH DAERAH  ·  TAHUN 2026", fill=(246, 222, 140),
              font=_font(max(12, size // 2)))


def _flag(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    draw.rectangle((x, y, x + 5, y + 300), fill=(200, 180, 120))
    draw.rectangle((x + 5, y + 8, x + 70, y + 32), fill=(200, 24, 32))
    draw.rectangle((x + 5, y + 32, x + 70, y + 56), fill=(246, 246, 246))


def _podium_speaker(draw: ImageDraw.ImageDraw, x: int, y: int, rng: random.Random) -> None:
    _standing(draw, x + 50, y + 200, 1.0, rng)
    draw.polygon([(x, y + 110), (x + 100, y + 110), (x + 90, y + 230), (x + 10, y + 230)],
                 fill=(96, 58, 34))
    draw.ellipse((x + 34, y + 130, x + 66, y + 162), fill=(214, 176, 64))
    draw.line((x + 50, y + 110, x + 60, y + 84), fill=(30, 30, 30), width=3)  # microphone


def _standing(draw: ImageDraw.ImageDraw, x: int, feet: int, scale: float, rng: random.Random,
              *, seated: bool = False) -> None:
    """A person facing the camera, cut at ``feet`` (the bottom of what is seen)."""
    head = 26 * scale
    body_top = feet - (90 if seated else 170) * scale
    shoulders = 40 * scale
    cloth = rng.choice(_CLOTHES)
    if not seated:  # a shadow on the floor, cast away from the light
        draw.ellipse((x - shoulders * 1.1, feet - 8 * scale, x + shoulders * 1.6, feet + 8 * scale),
                     fill=(40, 34, 30))
    _shaded(draw, (x - shoulders, body_top, x + shoulders, feet), int(14 * scale), cloth)
    arm = 11 * scale
    for side in (-1, 1):  # arms hang beside the body, a shade darker
        edge = x + side * shoulders
        draw.rounded_rectangle((min(edge, edge + side * arm), body_top + 8 * scale,
                                max(edge, edge + side * arm), body_top + 95 * scale),
                               radius=int(5 * scale), fill=_shade(cloth, 0.82))
    draw.rectangle((x - head * 0.35, body_top - head * 0.3, x + head * 0.35, body_top + 4),
                   fill=_shade(rng.choice(_SKIN), 0.9))  # neck
    if cloth[0] < 130 and cloth[1] < 90:  # batik: a pattern of small marks
        step = max(6, int(10 * scale))
        for yy in range(int(body_top) + 8, int(feet), step):
            for xx in range(int(x - shoulders) + 6, int(x + shoulders) - 4, step + 1):
                draw.point((xx, yy), fill=(200, 150, 80))
    top = body_top - head * 2.0
    if rng.random() < 0.4:  # a hijab
        draw.ellipse((x - head * 1.05, top - 2, x + head * 1.05, body_top + head * 0.6),
                     fill=rng.choice(_HIJAB))
        draw.ellipse((x - head * 0.62, top + head * 0.45, x + head * 0.62, top + head * 1.75),
                     fill=rng.choice(_SKIN))
    else:
        draw.ellipse((x - head * 0.8, top, x + head * 0.8, top + head * 2.0),
                     fill=rng.choice(_SKIN))
        draw.chord((x - head * 0.84, top - 3, x + head * 0.84, top + head * 1.4), 180, 360,
                   fill=rng.choice(_HAIR))


def _from_behind(draw: ImageDraw.ImageDraw, x: int, bottom: int, scale: float,
                 rng: random.Random) -> None:
    """Someone in the audience seen from behind: head and shoulders."""
    head = 24 * scale
    shoulders = 46 * scale
    top = bottom - 60 * scale
    _shaded(draw, (x - shoulders, top, x + shoulders, bottom + 20), int(20 * scale),
            rng.choice(_CLOTHES))
    fill = rng.choice(_HIJAB) if rng.random() < 0.4 else rng.choice(_HAIR)
    draw.ellipse((x - head, top - head * 1.8, x + head, top + head * 0.4), fill=fill)


def _shaded(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], radius: int,
            color: Color) -> None:
    """A rounded body lit from the upper left: darker at its edges, lighter toward the light."""
    left, top, right, bottom = box
    draw.rounded_rectangle(box, radius=radius, fill=_shade(color, 0.7))
    inset = (right - left) * 0.12
    draw.rounded_rectangle((left + inset * 0.5, top + 2, right - inset * 1.5, bottom),
                           radius=radius, fill=_shade(color, 0.88))
    draw.rounded_rectangle((left + inset, top + 4, right - inset * 3, bottom),
                           radius=radius, fill=color)


def _shade(color: Color, factor: float) -> Color:
    red, green, blue = color
    return (min(255, int(red * factor)), min(255, int(green * factor)),
            min(255, int(blue * factor)))


# --- light and lens ----------------------------------------------------------------------------

def _gradient(start: Color, end: Color, *, vertical: bool) -> Image.Image:
    mask = Image.linear_gradient("L").resize((W, H))
    if not vertical:
        mask = mask.transpose(Image.Transpose.ROTATE_90).resize((W, H))
    return Image.composite(Image.new("RGB", (W, H), end), Image.new("RGB", (W, H), start), mask)


def _light(image: Image.Image, centre: tuple[float, float], strength: float) -> Image.Image:
    """A soft pool of light around ``centre`` (a window, the sun, the stage lights)."""
    glow = _glow()
    left, top = int(W - centre[0]), int(H - centre[1])
    mask = ImageChops.invert(glow.crop((left, top, left + W, top + H)))
    mask = mask.point(lambda value: int(value * strength))
    return Image.composite(Image.new("RGB", (W, H), (255, 246, 222)), image, mask)


def _finish(image: Image.Image, rng: random.Random) -> Image.Image:
    """What a camera adds: a little softness, sensor noise, a vignette, a warm grade."""
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    image = ImageChops.add(image, _noise(), scale=1.0, offset=-128)
    image = Image.composite(Image.new("RGB", (W, H), (12, 10, 8)), image, _vignette())
    warm = 1.0 + rng.uniform(-0.03, 0.05)
    red, green, blue = image.split()
    return Image.merge("RGB", (red.point(lambda v: min(255, int(v * warm))), green,
                               blue.point(lambda v: int(v / warm))))


# The lens's parts are the same for every picture: made once (a third of the time otherwise).
@cache
def _noise() -> Image.Image:
    return Image.effect_noise((W, H), 14).convert("RGB")


@cache
def _vignette() -> Image.Image:
    return Image.radial_gradient("L").resize((W, H)).point(lambda v: int(max(0, v - 70) * 0.55))


@cache
def _glow() -> Image.Image:
    return Image.radial_gradient("L").resize((W * 2, H * 2))


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines
