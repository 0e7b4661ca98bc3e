"""The SOP document as HTML: the identity table, then each page of the procedure table with its
flowchart drawn over the lanes.

The text stays real table text (searchable, copyable, read by screen readers); the flowchart is
an SVG laid over the table. For the two to line up, the table uses the layout's exact column
widths and row heights and the same font (served with the page), so the page looks like the
printed document and scrolls sideways on a narrow screen rather than reflowing. No ``style``
attributes are written: the Content Security Policy of the web pages forbids them, so sizes go
in ``width``/``height`` attributes and everything else in ``document.css``.
"""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from tayang.sop.document.content import IdentityText, Logo, identity_text
from tayang.sop.document.geometry import px
from tayang.sop.document.layout import DocumentLayout, Page, Row, layout
from tayang.sop.document.metrics import FONT_DIR, FONT_TYPES
from tayang.sop.document.svg import page_svg
from tayang.sop.model import Sop

STYLESHEET = Path(__file__).with_name("document.css")
_FONT_URL = re.compile(r'url\("huruf/([A-Za-z-]+\.(ttf|woff2))"\)')
_TTF_FACE = re.compile(r'@font-face \{[^}]*\.ttf"\)[^}]*\}\n')
_UNICODE_RANGE = re.compile(r"unicode-range:([^;]+);")


def render_fragment(
    document: DocumentLayout, *, footer: str = "", logo: Logo | None = None
) -> str:
    """The document as an ``<article>`` to put inside a page (styled by ``document.css``)."""
    sop = document.sop
    parts = [
        '<article class="sop-doc" lang="id">',
        _identity(identity_text(sop.identity), logo),
        # Both sections scroll sideways on a narrow screen: focusable (and named) so that a
        # keyboard can scroll them too.
        '<section class="sop-doc-procedure" tabindex="0" '
        'aria-label="Uraian prosedur dan bagan alir (dapat digeser)">',
        *(_page(document, page) for page in document.pages),
        "</section>",
    ]
    if footer:
        parts.append(f'<p class="sop-doc-footer">{escape(footer)}</p>')
    parts.append("</article>")
    return "\n".join(parts)


def render_standalone(sop: Sop, *, footer: str = "", logo: Logo | None = None) -> str:
    """A whole HTML file that needs nothing else: stylesheet, fonts and logo are inside it."""
    body = render_fragment(layout(sop), footer=footer, logo=logo)
    title = escape(f"SOP {sop.identity.name} — {sop.identity.organization}")
    # The whole TTFs (1.2 MB as data URLs) only for a text the WOFF2 subsets cannot show.
    css = stylesheet(embed_fonts=True, whole_fonts=not subset_covers(body + title))
    return (
        '<!doctype html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{css}\n</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def stylesheet(
    *, embed_fonts: bool = False, font_url: str = "huruf/", whole_fonts: bool = True
) -> str:
    """``document.css``, its fonts linked under ``font_url`` or embedded as data URLs;
    without ``whole_fonts``, only the WOFF2 subsets (see :func:`subset_covers`)."""
    css = STYLESHEET.read_text(encoding="utf-8")
    if not whole_fonts:
        css = _TTF_FACE.sub("", css)

    def font(match: re.Match[str]) -> str:
        name, kind = match.group(1), match.group(2)
        if embed_fonts:
            data = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
            return f'url("data:{FONT_TYPES[kind]};base64,{data}")'
        return f'url("{font_url}{name}")'

    return _FONT_URL.sub(font, css)


def subset_ranges() -> tuple[tuple[int, int], ...]:
    """The code points the WOFF2 subsets cover: the ``unicode-range`` of ``document.css``."""
    found = _UNICODE_RANGE.search(STYLESHEET.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError("document.css must declare the WOFF2 subsets' unicode-range")
    ranges = []
    for part in found.group(1).split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return tuple(ranges)


def subset_covers(text: str) -> bool:
    """Whether every character of ``text`` is in the WOFF2 subsets' range."""
    ranges = subset_ranges()
    return all(any(first <= ord(char) <= last for first, last in ranges) for char in set(text))


# --- identity ---------------------------------------------------------------------------------


def _identity(identity: IdentityText, logo: Logo | None = None) -> str:
    approver = [
        f'<span class="position">{escape(identity.approver_position.upper())}</span>'
        if identity.approver_position else "",
        '<span class="signature" aria-hidden="true"></span>',
        f'<span class="name">{escape(identity.approver_name)}</span>'
        if identity.approver_name else '<span class="name-missing">(nama pejabat)</span>',
        f'<span class="rank">{escape(identity.approver_rank)}</span>'
        if identity.approver_rank else "",
        f'<span class="nip">{escape(identity.approver_nip)}</span>'
        if identity.approver_nip else "",
    ]
    fields = [
        ("Nomor SOP", identity.number), ("Tanggal Pembuatan", identity.made_on),
        ("Tanggal Revisi", identity.revised_on),
        *([("Revisi ke", identity.revision)] if identity.revision else []),
        ("Tanggal Efektif", identity.effective_on),
    ]
    after_name = [(name, text) for name, text in (
        ("Tujuan", identity.purpose), ("Ruang Lingkup", identity.scope)) if text]
    rows = [
        "<tr>"
        f'<td class="agency" rowspan="{len(fields) + 2 + len(after_name)}">'
        f"{_logo(identity, logo)}{_agency(identity)}</td>"
        f'<th scope="row">{escape(fields[0][0])}</th><td>: {escape(fields[0][1])}</td></tr>',
        *(
            f'<tr><th scope="row">{escape(name)}</th><td>: {escape(value)}</td></tr>'
            for name, value in fields[1:]
        ),
        '<tr><th scope="row">Disahkan oleh</th>'
        f'<td class="approval">{"".join(approver)}</td></tr>',
        f'<tr><th scope="row">Nama SOP</th><td class="sop-name">{escape(identity.name)}</td></tr>',
        *(
            f'<tr><th scope="row">{escape(name)}</th><td class="paragraph">{escape(text)}</td>'
            "</tr>"
            for name, text in after_name
        ),
        _pair("Dasar Hukum", identity.legal_bases, "Kualifikasi Pelaksana",
              identity.qualifications),
        _pair("Keterkaitan", identity.related_sops, "Peralatan/Perlengkapan",
              identity.equipment),
        _pair("Peringatan", identity.warnings, "Pencatatan dan Pendataan", identity.records),
    ]
    return (
        '<section class="sop-doc-identity" tabindex="0" aria-label="Identitas SOP (dapat digeser)">'
        '<table class="sop-identity">'
        '<colgroup><col class="c-agency"><col class="c-label"><col class="c-value"></colgroup>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _logo(identity: IdentityText, logo: Logo | None) -> str:
    if logo is None:
        return '<span class="logo" aria-hidden="true">LOGO</span>'
    data = base64.b64encode(logo.data).decode("ascii")
    return (
        f'<img class="logo-image" src="data:{logo.content_type};base64,{data}" '
        f'alt="{escape(f"Logo {identity.organization}")}">'
    )


def _agency(identity: IdentityText) -> str:
    """The issuing body (when it is not the executing one), the organization and the unit."""
    issuer = (
        '<span class="issuer"><span class="visually-hidden">Diterbitkan oleh </span>'
        f"{escape(identity.issued_by)}</span>" if identity.issued_by else ""
    )
    unit = f'<span class="unit">{escape(identity.unit)}</span>' if identity.unit else ""
    return f'{issuer}<span class="organization">{escape(identity.organization)}</span>{unit}'


def _pair(left: str, left_items: tuple[str, ...], right: str,
          right_items: tuple[str, ...]) -> str:
    return (
        f'<tr class="lists"><td colspan="2"><h2>{escape(left)}:</h2>{_list(left_items)}</td>'
        f"<td><h2>{escape(right)}:</h2>{_list(right_items)}</td></tr>"
    )


def _list(items: tuple[str, ...]) -> str:
    if not items:
        return "<p>-</p>"
    if len(items) == 1:
        return f"<p>{escape(items[0])}</p>"
    return '<ol class="items">' + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ol>"


# --- procedure pages --------------------------------------------------------------------------


def _page(document: DocumentLayout, page: Page) -> str:
    count = len(document.pages)
    lanes = document.lanes
    cols = "".join(f'<col width="{px(column.width)}">' for column in document.columns)
    first, second = document.header_heights
    header = (
        f'<tr height="{px(first)}">'
        '<th scope="col" rowspan="2">No</th><th scope="col" rowspan="2">Kegiatan</th>'
        f'<th scope="colgroup" colspan="{len(lanes)}">Pelaksana</th>'
        '<th scope="colgroup" colspan="3">Mutu Baku</th>'
        '<th scope="col" rowspan="2">Keterangan</th></tr>'
        f'<tr height="{px(second)}">'
        + "".join(f'<th scope="col" class="lane">{escape(c.title)}</th>' for c in lanes)
        + '<th scope="col">Kelengkapan</th><th scope="col">Waktu</th>'
        '<th scope="col">Output</th></tr>'
    )
    body = "".join(_row(document, row) for row in page.rows)
    caption = f"Uraian prosedur, halaman {page.index + 1} dari {count}"
    return (
        f'<div class="sop-doc-page" data-page="{page.index + 1}">'
        f'<div class="sop-doc-sheet">'
        f'<table class="sop-procedure" width="{px(document.width)}">'
        f'<caption class="visually-hidden">{escape(caption)}</caption>'
        f"<colgroup>{cols}</colgroup><thead>{header}</thead><tbody>{body}</tbody></table>"
        f"{page_svg(document, page.index)}</div>"
        f'<p class="sop-doc-page-number">Halaman prosedur {page.index + 1} dari {count}</p>'
        "</div>"
    )


def _row(document: DocumentLayout, row: Row) -> str:
    step = document.sop.step(row.step)
    text = row.text
    lanes = "".join(
        f'<td class="lane" data-role="{escape(column.role)}">'
        + (f'<span class="visually-hidden">{escape(column.title)}</span>'
           if column.role in step.lanes else "")
        + "</td>"
        for column in document.lanes
    )
    if len(text.requirements) > 1:
        requirements = _list(text.requirements)
    else:
        requirements = escape(text.requirements[0]) if text.requirements else ""
    notes = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in text.notes)
    return (
        f'<tr height="{px(row.height)}" data-step="{escape(step.key)}">'
        f'<td class="number">{escape(text.number)}</td>'
        f'<td class="activity">{escape(text.activity)}</td>{lanes}'
        f'<td class="requirements">{requirements}</td>'
        f'<td class="time">{escape(text.time)}</td>'
        f'<td class="output">{escape(text.output)}</td>'
        f'<td class="notes">{notes}</td></tr>'
    )
