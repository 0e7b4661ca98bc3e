"""The identity block (*identitas SOP*) of a definition."""

from __future__ import annotations

import re

from tayang.sop.dates import indonesian
from tayang.sop.model import Identity, Official
from tayang.sop.reading import keys
from tayang.sop.yamlnodes import Mapping

# NIP (Nomor Induk Pegawai) of a civil servant and NI PPPK: 18 digits, which documents often
# group as "19670626 199003 2 009".
NIP_DIGITS = 18


def read_identity(top: Mapping) -> Identity | None:
    block = top.mapping("identity", keys.IDENTITY, required="blok identitas SOP")
    if block is None:
        return None
    official = block.mapping("approved_by", keys.OFFICIAL)
    identity = Identity(
        organization=block.text("organization", required="nama badan publik"),
        name=block.text("name", required="nama SOP"),
        unit=block.text("unit"),
        issued_by=block.text("issued_by"),
        number=block.text("number"),
        revision=_revision(block),
        made_on=block.date("made_on"),
        revised_on=block.date("revised_on"),
        effective_on=block.date("effective_on"),
        approved_by=_official(official) if official else Official(),
        purpose=block.text("purpose"),
        scope=block.text("scope"),
        legal_bases=block.texts("legal_bases"),
        qualifications=block.texts("qualifications"),
        related_sops=block.texts("related_sops"),
        equipment=block.texts("equipment"),
        warnings=block.texts("warnings"),
        records=block.texts("records"),
    )
    _check_dates(block, identity)
    return identity


def _revision(block: Mapping) -> int | None:
    """*Revisi ke*: 0 for the first edition, then 1, 2, …; "-" or blank when not stated."""
    if block.has("revision") and block.text("revision") in ("", "-"):
        return None
    return block.integer("revision", "nomor revisi («Revisi ke»)", minimum=0)


def _official(block: Mapping) -> Official:
    nip = block.text("nip")
    if nip and (not re.fullmatch(r"[0-9 ]+", nip) or len(nip.replace(" ", "")) != NIP_DIGITS):
        block.problems.add(
            block.node_of("nip"), block.sub("nip"),
            f"NIP «{nip}» tidak sah; yang diharapkan: {NIP_DIGITS} angka, boleh dikelompokkan "
            "dengan spasi seperti «19670626 199003 2 009», atau kosong bila pejabat tidak ber-NIP",
        )
    return Official(
        name=block.text("name"),
        position=block.text("position"),
        rank=block.text("rank"),
        nip=nip,
    )


def _check_dates(block: Mapping, identity: Identity) -> None:
    made, revised = identity.made_on, identity.revised_on
    if made is not None and revised is not None and revised < made:
        block.problems.add(
            block.node_of("revised_on"), block.sub("revised_on"),
            f"tanggal revisi ({indonesian(revised)}) sebelum tanggal pembuatan "
            f"({indonesian(made)}); yang diharapkan: revisi pada atau sesudah pembuatan",
        )
