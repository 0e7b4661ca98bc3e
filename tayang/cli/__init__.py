"""The ``tayang`` command: check SOP definition files, print them, simulate an item.

Plain Python with no Django import, so that an agency's staff can check a definition they are
writing on any machine with Tayang installed. Documented in ``docs/cli.md``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tayang.cli.simulate import SimulationRequest, simulate
from tayang.cli.table import render_sop, render_walk
from tayang.sop.bundled import bundled_paths, bundled_sops
from tayang.sop.errors import SopDefinitionError
from tayang.sop.loader import load_file
from tayang.sop.model import Sop


class UsageError(Exception):
    """A mistake in the command line, reported as one sentence in Bahasa Indonesia."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as error:
        print(f"tayang: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tayang",
        description="Memeriksa, menampilkan dan menyimulasikan definisi SOP Tayang.",
    )
    commands = parser.add_subparsers(required=True, metavar="PERINTAH")

    check = commands.add_parser(
        "check", help="periksa berkas definisi SOP", description="Periksa berkas definisi SOP."
    )
    check.add_argument("files", nargs="*", type=Path, metavar="BERKAS")
    check.add_argument("--bundled", action="store_true", help="periksa juga SOP bawaan")
    check.set_defaults(run=_check)

    listing = commands.add_parser("list", help="daftar SOP bawaan")
    listing.set_defaults(run=_list)

    show = commands.add_parser("show", help="cetak SOP sebagai tabel")
    show.add_argument("sop", metavar="SOP", help="berkas definisi atau kunci SOP bawaan")
    show.add_argument("--width", type=int, default=160, help="lebar tabel (karakter)")
    show.set_defaults(run=_show)

    doc = commands.add_parser(
        "document",
        help="susun dokumen SOP (PDF dan/atau HTML)",
        description=(
            "Menyusun dokumen SOP format Permenpan-RB 35/2012 (identitas, tabel prosedur dan "
            "bagan alir) sebagai PDF A4 lanskap dan/atau satu berkas HTML."
        ),
    )
    doc.add_argument("sop", metavar="SOP", help="berkas definisi atau kunci SOP bawaan")
    doc.add_argument("--pdf", type=Path, metavar="BERKAS.pdf", help="tulis PDF ke berkas ini")
    doc.add_argument("--html", type=Path, metavar="BERKAS.html", help="tulis HTML ke berkas ini")
    doc.set_defaults(run=_document)

    sim = commands.add_parser(
        "simulate",
        help="jalankan satu konten contoh melalui SOP",
        description=(
            "Menjalankan satu konten contoh melalui SOP dengan mesin alur Tayang dan mencetak "
            "jalur yang ditempuh beserta batas waktu tiap langkah."
        ),
    )
    sim.add_argument("sop", metavar="SOP", help="berkas definisi atau kunci SOP bawaan")
    sim.add_argument("--start", help="waktu mulai, mis. 2026-11-24T09:00 (waktu setempat)")
    sim.add_argument("--activity-date", help="tanggal kegiatan, mis. 2026-11-24")
    sim.add_argument("--timezone", help="Asia/Jakarta, Asia/Makassar atau Asia/Jayapura")
    sim.add_argument(
        "--route", action="append", default=[], metavar="ISIAN=NILAI",
        help="pilihan rute, mis. category=kebijakan (boleh berulang)",
    )
    sim.add_argument(
        "--send-back", action="append", default=[], metavar="LANGKAH",
        help="kembalikan konten satu kali pada langkah ini (kunci atau nomor)",
    )
    sim.add_argument(
        "--pace", type=int, default=30, metavar="MENIT",
        help="berapa menit tiap pelaksana bekerja sebelum bertindak (bawaan 30)",
    )
    sim.add_argument("--width", type=int, default=160, help="lebar tabel (karakter)")
    sim.set_defaults(run=_simulate)
    return parser


def _check(args: argparse.Namespace) -> int:
    paths: list[Path] = list(args.files) + (bundled_paths() if args.bundled else [])
    if not paths:
        raise UsageError("sebutkan berkas definisi yang diperiksa, atau pakai --bundled")
    failed = 0
    for path in paths:
        try:
            sop = load_file(path)
        except SopDefinitionError as error:
            failed += 1
            print(error)
        else:
            print(f"{path}: baik — «{sop.identity.name}», {len(sop.steps)} langkah")
    if failed:
        print(f"{failed} dari {len(paths)} berkas ditolak.")
    return 1 if failed else 0


def _list(args: argparse.Namespace) -> int:
    for key, sop in sorted(bundled_sops().items()):
        print(f"{key}\n    {sop.identity.name} — {sop.identity.organization}")
    return 0


def _show(args: argparse.Namespace) -> int:
    sop = _sop(args.sop)
    if sop is None:
        return 1
    print(render_sop(sop, width=args.width))
    return 0


def _document(args: argparse.Namespace) -> int:
    if args.pdf is None and args.html is None:
        raise UsageError("sebutkan --pdf BERKAS.pdf dan/atau --html BERKAS.html")
    sop = _sop(args.sop)
    if sop is None:
        return 1
    # Imported here: Typst is only loaded by the command that needs it.
    from tayang.sop.document.html import render_standalone
    from tayang.sop.document.pdf import render_pdf

    outputs: list[tuple[Path, bytes]] = []
    if args.pdf is not None:
        outputs.append((args.pdf, render_pdf(sop)))
    if args.html is not None:
        outputs.append((args.html, render_standalone(sop).encode("utf-8")))
    for path, content in outputs:
        try:
            path.write_bytes(content)
        except OSError as error:
            raise UsageError(f"tidak dapat menulis «{path}»: {error.strerror}") from None
        print(f"{path}: dokumen SOP «{sop.identity.name}» ditulis")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    sop = _sop(args.sop)
    if sop is None:
        return 1
    zone = _zone(args.timezone or sop.timezone)
    start = _moment(args.start, zone) if args.start else datetime.now(zone).replace(
        second=0, microsecond=0
    )
    request = SimulationRequest(
        start=start,
        zone=zone,
        activity_date=_date(args.activity_date) if args.activity_date else start.date(),
        routes=dict(_route(text) for text in args.route),
        send_back=tuple(args.send_back),
        pace_minutes=args.pace,
    )
    walk = simulate(sop, request)
    print(render_walk(sop, walk, width=args.width))
    return 0 if walk.finished else 1


def _sop(name: str) -> Sop | None:
    """A bundled SOP by key, else a definition file; a refused file prints its problems."""
    bundled = bundled_sops()
    if name in bundled:
        return bundled[name]
    path = Path(name)
    if not path.exists():
        known = ", ".join(sorted(bundled))
        raise UsageError(f"«{name}» bukan berkas maupun SOP bawaan; SOP bawaan: {known}")
    try:
        return load_file(path)
    except SopDefinitionError as error:
        print(error)
        return None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"zona waktu «{name}» tidak dikenal; pakai Asia/Jakarta, Asia/Makassar atau "
            "Asia/Jayapura"
        ) from None


def _moment(text: str, zone: ZoneInfo) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"waktu «{text}» tidak dikenali; contoh: 2026-11-24T09:00") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"tanggal «{text}» tidak dikenali; contoh: 2026-11-24") from None


def _route(text: str) -> tuple[str, str]:
    field, separator, value = text.partition("=")
    if not separator or not field or not value:
        raise UsageError(f"rute «{text}» harus berbentuk ISIAN=NILAI, mis. category=kebijakan")
    return field.strip(), value.strip()


if __name__ == "__main__":
    sys.exit(main())
