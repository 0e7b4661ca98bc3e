"""The SOP document as a PDF (A4 landscape), typeset by Typst from the Python layout.

Typst is a library here (the ``typst`` wheel), not a program: no system package, no fonts from
the machine. The fonts shipped in ``fonts/`` are the only ones Typst sees, so a PDF made on a
laptop and on a server is the same. The Typst source (``sop.typ``) is fixed; what it prints
comes in as one JSON document through ``sys.inputs``, so no agency text is ever parsed as Typst
markup.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tayang import apart
from tayang.sop.document import geometry
from tayang.sop.document.content import Logo, default_footer, identity_text
from tayang.sop.document.labels import LABEL_SIZE
from tayang.sop.document.layout import (
    Arrow,
    DocumentLayout,
    Symbol,
    SymbolKind,
    layout,
)
from tayang.sop.document.metrics import FONT_DIR
from tayang.sop.document.table import ITEM_LABEL_EM
from tayang.sop.document.tagged import PDF_STANDARD
from tayang.sop.model import Sop

if TYPE_CHECKING:
    import typst

TEMPLATE = Path(__file__).with_name("sop.typ")
# A fixed creation date keeps the same definition's PDF byte-for-byte the same.
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


class DocumentError(RuntimeError):
    """Typst refused the document; the message says why (a bug in Tayang, never the user's)."""


def render_pdf(sop: Sop, *, footer: str = "", logo: Logo | None = None) -> bytes:
    """The SOP document of ``sop``; ``footer`` names its source (file, version) on every page."""
    return compile_layout(layout(sop), footer=footer, logo=logo)


def compile_layout(
    document: DocumentLayout, *, footer: str = "", logo: Logo | None = None
) -> bytes:
    data = json.dumps(document_data(document, footer, logo), ensure_ascii=False)
    try:  # Typst in a child process: no process keeps it (tayang/apart.py)
        return apart.typeset(
            TEMPLATE, font_dir=FONT_DIR, sys_inputs={"data": data}, timestamp=EPOCH,
            pdf_standards=PDF_STANDARD,
        )
    except apart.Refused as error:
        raise DocumentError(f"Dokumen SOP gagal disusun: {error.message}") from error


def overflowing_cells(document: DocumentLayout) -> list[dict[str, object]]:
    """Text cells Typst finds taller than the row Python gave them (none, if the font metrics
    hold); for tests and for checking a new definition's document."""
    import typst  # 7 MB: loaded only when a PDF is made

    data = document_data(document)
    data["check_fit"] = True
    try:
        found = typst.query(
            TEMPLATE, "<overflow>", field="value", font_paths=_fonts(),
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        )
    except typst.TypstError as error:
        raise DocumentError(f"Dokumen SOP gagal disusun: {error.message}") from error
    return list(json.loads(found))


@cache
def _fonts() -> typst.Fonts:
    """The shipped fonts only, scanned once per process."""
    import typst  # 7 MB: loaded only when a PDF is made

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                       font_paths=[str(FONT_DIR)])


def document_data(
    document: DocumentLayout, footer: str = "", logo: Logo | None = None
) -> dict[str, object]:
    """Everything ``sop.typ`` prints, as JSON-ready data."""
    sop = document.sop
    identity: dict[str, object] = asdict(identity_text(sop.identity))
    # Typst reads no files here: the logo's bytes come in as a list of numbers.
    identity["logo"] = None if logo is None else {
        "bytes": list(logo.data), "format": logo.format,
    }
    return {
        "name": sop.identity.name,
        "organization": sop.identity.organization,
        "footer": footer or default_footer(sop),
        "identity": identity,
        "page": {
            "margin_x": geometry.MARGIN_X,
            "margin_top": geometry.MARGIN_TOP,
            "margin_bottom": geometry.MARGIN_BOTTOM,
        },
        "body_size": geometry.BODY_SIZE,
        "head_size": geometry.HEAD_SIZE,
        "label_size": LABEL_SIZE,
        "inset_x": geometry.CELL_INSET_X,
        "inset_y": geometry.CELL_INSET_Y,
        "item_label": ITEM_LABEL_EM * geometry.BODY_SIZE,
        "table_width": document.width,
        "columns": [
            {"key": c.key, "title": c.title, "width": c.width} for c in document.columns
        ],
        "header": list(document.header_heights),
        "pages": [
            {
                "height": page.height,
                "rows": [
                    {
                        "height": row.height,
                        "number": row.text.number,
                        "activity": row.text.activity,
                        "requirements": list(row.text.requirements),
                        "time": row.text.time,
                        "output": row.text.output,
                        "notes": list(row.text.notes),
                    }
                    for row in page.rows
                ],
                "symbols": [_symbol(s) for s in document.symbols_on(page.index)],
                "paths": [_path(arrow) for _, arrow in document.arrows_on(page.index)],
            }
            for page in document.pages
        ],
    }


def _symbol(symbol: Symbol) -> dict[str, object]:
    box = symbol.box
    connector = symbol.kind is SymbolKind.CONNECTOR
    return {
        "kind": symbol.kind.value,
        "x": box.left,
        "y": box.top,
        "w": box.w,
        "h": box.h,
        "radius": symbol.radius,
        "outline": [[p.x, p.y] for p in symbol.outline],
        "label": symbol.label,
        "label_size": 7.0 if connector else 6.5,
        "label_y": box.top + box.h * 0.42 if connector else box.cy,
    }


def _path(path: Arrow) -> dict[str, object]:
    label = path.label
    return {
        "shaft": [[p.x, p.y] for p in path.shaft],
        "head": [[p.x, p.y] for p in path.head],
        "label": None if label is None else {
            "x": label.x, "y": label.y, "lines": list(label.lines), "anchor": label.anchor,
        },
    }
