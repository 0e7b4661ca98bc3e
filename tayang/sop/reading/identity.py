"""The identity block (*identitas SOP*) of a definition."""

from __future__ import annotations

from tayang.sop.model import Identity, Official
from tayang.sop.reading import keys
from tayang.sop.yamlnodes import Mapping


def read_identity(top: Mapping) -> Identity | None:
    block = top.mapping("identity", keys.IDENTITY, required="blok identitas SOP")
    if block is None:
        return None
    official = block.mapping("approved_by", keys.OFFICIAL)
    return Identity(
        organization=block.text("organization", required="nama badan publik"),
        name=block.text("name", required="nama SOP"),
        unit=block.text("unit"),
        number=block.text("number"),
        made_on=block.date("made_on"),
        revised_on=block.date("revised_on"),
        effective_on=block.date("effective_on"),
        approved_by=Official(
            name=official.text("name"),
            position=official.text("position"),
            nip=official.text("nip"),
        )
        if official
        else Official(),
        legal_bases=block.texts("legal_bases"),
        qualifications=block.texts("qualifications"),
        related_sops=block.texts("related_sops"),
        equipment=block.texts("equipment"),
        warnings=block.texts("warnings"),
        records=block.texts("records"),
    )
