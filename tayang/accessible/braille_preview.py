"""The Braille file shown to sighted staff: each BRF cell as its six dots (issue 14, point 2).

A BRF holds North American Braille ASCII: each of 64 printable characters stands for one
pattern of dots 1–6. :func:`cells` turns the file's pages back into those patterns (dot 1 =
bit 0 … dot 6 = bit 5, as Unicode's Braille block counts them), which the large-print PDF
draws page for page, 40 cells by 25 lines, exactly as the embosser will raise them; and
:func:`unicode_lines` writes them with Unicode Braille characters (⠏⠑⠝⠛⠥⠍⠥⠍⠁⠝), for tests
and for a quick look in text. Pure Python.
"""

from __future__ import annotations

# Braille ASCII in the order of the dot patterns 0..63 (the standard table of BRF files).
BRAILLE_ASCII = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
_PATTERN = {character: index for index, character in enumerate(BRAILLE_ASCII)}
MAX_PAGES = 20  # previewed; a longer file is rare for an announcement and stays downloadable


def pattern(character: str) -> int:
    """The dots of one BRF character (lower-case letters read as upper-case); 0 if unknown."""
    return _PATTERN.get(character.upper(), 0)


def cells(brf: str) -> list[list[list[int]]]:
    """The file's pages, each a list of lines (at most 25), each a list of dot patterns."""
    found = []
    for page in brf.split("\f")[:MAX_PAGES]:
        lines = page.replace("\r", "").split("\n")
        while lines and not lines[-1]:
            lines.pop()
        if lines:
            found.append([[pattern(character) for character in line[:40]]
                          for line in lines[:25]])
    return found


def unicode_lines(brf: str) -> list[list[str]]:
    """The file's pages as Unicode Braille text, line by line."""
    return [["".join(chr(0x2800 + dots) for dots in line) for line in page]
            for page in cells(brf)]
