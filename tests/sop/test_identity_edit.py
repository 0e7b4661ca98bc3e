"""Writing an edited identity back into a definition: only what changed, the rest as written.

An organization that adopted a bundled SOP edits its identity in a form; the definition it gets
must still carry the seed's comments (how it was transcribed) and layout, and read back as
exactly what was typed, with nothing else of the SOP changed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tayang.sop import load_text
from tayang.sop.bundled import bundled_paths
from tayang.sop.identity_edit import IdentityNotEditable, write_identity
from tayang.sop.model import Identity, Sop

FULL_EXAMPLE = Path(__file__).with_name("fixtures") / "full-example.yaml"
DEFINITIONS = [*bundled_paths(), FULL_EXAMPLE]

SLEMAN = {
    "organization": "Dinas Komunikasi dan Informatika Kabupaten Sleman",
    "unit": "Bidang Informasi dan Komunikasi Publik",
    "issued_by": "Sekretariat Daerah Kabupaten Sleman",
    "number": "000.8.3.3/045",
    "revision": "2",
    "made_on": "16 Februari 2016",
    "revised_on": "",
    "effective_on": "01-03-2016",
    "approved_by": {
        "name": "Drs. BAMBANG WIJAYA, M.Si", "position": "Kepala Dinas",
        "rank": "Pembina Tk I, IV/b", "nip": "196801011990031001",
    },
    "purpose": "Menjamin informasi kegiatan tayang tepat waktu: akurat dan mudah diakses.",
    "scope": "",
    "legal_bases": ["Undang-Undang Nomor 14 Tahun 2008", "Peraturan Bupati Sleman Nomor 1"],
    "warnings": [],
}


def without_identity(sop: Sop) -> Sop:
    """The SOP apart from its identity and where its steps stand in the file."""
    return replace(
        sop, identity=Identity(organization="", name=""), source="",
        steps=tuple(replace(step, line=0) for step in sop.steps),
    )


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda path: path.name)
def test_the_edited_identity_reads_back_and_nothing_else_changes(path):
    text = path.read_text(encoding="utf-8")
    edited = write_identity(text, SLEMAN)
    assert edited.kept_layout
    before, after = load_text(text), load_text(edited.text)
    identity = after.identity
    assert identity.organization == "Dinas Komunikasi dan Informatika Kabupaten Sleman"
    assert identity.issued_by == "Sekretariat Daerah Kabupaten Sleman"
    assert identity.name == before.identity.name  # not in the edit: kept
    assert (identity.number, identity.revision) == ("000.8.3.3/045", 2)
    assert (identity.made_on, identity.revised_on, identity.effective_on) == (
        date(2016, 2, 16), None, date(2016, 3, 1)
    )
    assert identity.approved_by.rank == "Pembina Tk I, IV/b"
    assert identity.approved_by.nip == "196801011990031001"  # quoted: it stays text
    assert identity.purpose.endswith("akurat dan mudah diakses.")
    assert identity.legal_bases == ("Undang-Undang Nomor 14 Tahun 2008",
                                    "Peraturan Bupati Sleman Nomor 1")
    assert identity.warnings == ()
    assert identity.qualifications == before.identity.qualifications
    assert without_identity(after) == without_identity(before)
    # Every comment of the file is still there, in the same order.
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in edited.text.splitlines() if line.lstrip().startswith("#")] == (
        comments
    )


def test_only_the_values_that_changed_are_rewritten():
    text = FULL_EXAMPLE.read_text(encoding="utf-8")
    sop = load_text(text)
    # The form shows dates as the document prints them; sent back unchanged, they stay as the
    # file wrote them ("2025-01-06", "14-07-2025"), and so does everything else.
    same = {
        "organization": sop.identity.organization, "made_on": "6 Januari 2025",
        "effective_on": "14 Juli 2025", "revision": "1",
        "legal_bases": list(sop.identity.legal_bases),
        "approved_by": {"name": "Dra. SRI LESTARI, M.Si", "rank": "Pembina Utama Muda, IV/c"},
    }
    assert write_identity(text, same).text == text
    changed = write_identity(text, {**same, "number": "000/1/2026"}).text
    assert changed == text.replace("  number: 000.8.3.3/017\n", "  number: 000/1/2026\n")


def test_keys_the_block_lacks_are_added_in_the_format_s_order():
    text = next(p for p in bundled_paths() if p.name.startswith("a-")).read_text(
        encoding="utf-8"
    )
    edited = write_identity(text, SLEMAN).text
    block = edited[edited.index("identity:\n"):edited.index("\nroles:")]
    keys = [line.split(":")[0].strip() for line in block.splitlines()[1:]
            if line.startswith("  ") and not line.startswith("   ")]
    assert keys[:12] == [
        "organization", "unit", "issued_by", "name", "number", "revision", "made_on",
        "revised_on", "effective_on", "approved_by", "purpose", "legal_bases",
    ]
    signer = block[block.index("  approved_by:\n"):block.index("  purpose:")]
    assert signer == (
        "  approved_by:\n    name: Drs. BAMBANG WIJAYA, M.Si\n    position: Kepala Dinas\n"
        '    rank: Pembina Tk I, IV/b\n    nip: "196801011990031001"\n'
    )


def test_values_are_written_so_that_they_read_back_as_typed():
    text = FULL_EXAMPLE.read_text(encoding="utf-8")
    tricky = {
        "organization": "Dinas: Kominfo # Sukamaju",  # a colon and a hash
        "unit": "yes",  # a YAML boolean word
        "number": "017",  # digits
        "scope": '"Kutip" dan \\ garis miring',
        "revision": "dua",  # the loader, not the writer, says what is wrong with it
    }
    edited = write_identity(text, {k: v for k, v in tricky.items() if k != "revision"}).text
    identity = load_text(edited).identity
    assert (identity.organization, identity.unit, identity.number, identity.scope) == (
        "Dinas: Kominfo # Sukamaju", "yes", "017", '"Kutip" dan \\ garis miring'
    )
    with pytest.raises(Exception, match="bukan «dua»"):
        load_text(write_identity(text, tricky).text)


def test_a_flow_style_block_is_written_anew_and_the_rest_kept():
    text = (
        "# Catatan di atas tetap ada.\ntayang: 1\nkey: contoh\n"
        "identity: {organization: Dinas Lama, name: Alur Contoh}\n"
        "roles: [{key: peliput, name: Peliput}]\n"
        "fields: [{key: judul, label: Judul, kind: text}]\n"
        "steps:\n  - {key: serahkan, activity: Menyerahkan, kind: handin, roles: [peliput]}\n"
    )
    edited = write_identity(text, {"organization": "Dinas Baru", "number": "1/2026"})
    assert not edited.kept_layout
    assert edited.text.startswith("# Catatan di atas tetap ada.\n")
    identity = load_text(edited.text).identity
    assert (identity.organization, identity.name, identity.number) == (
        "Dinas Baru", "Alur Contoh", "1/2026"
    )


def test_an_alias_in_the_block_is_not_edited_in_place():
    text = FULL_EXAMPLE.read_text(encoding="utf-8").replace(
        "  records:\n    - Disimpan dalam bentuk softcopy dan hardcopy\n",
        "  records: &simpan\n    - Disimpan dalam bentuk softcopy dan hardcopy\n",
    )
    edited = write_identity(text, {"records": ["Disimpan sebagai arsip digital"]})
    assert not edited.kept_layout
    assert load_text(edited.text).identity.records == ("Disimpan sebagai arsip digital",)


def test_a_file_without_an_identity_block_is_refused():
    with pytest.raises(IdentityNotEditable):
        write_identity("tayang: 1\nkey: x\n", {"organization": "Dinas"})
