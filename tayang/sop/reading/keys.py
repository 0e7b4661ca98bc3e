"""The keys the definition format allows, per block (documented in docs/sop-format.md)."""

from __future__ import annotations

from tayang.sop.model import CheckKind, FieldKind, StepKind

FORMAT_VERSION = 1

TOP = {
    "tayang", "key", "timezone", "description", "identity", "roles", "fields", "steps",
    "schedule", "parties",
}
SCHEDULE = {"every", "at", "from"}
# In the order of the identity table; tayang.sop.identity_edit writes new keys in this order.
IDENTITY_ORDER = (
    "organization", "unit", "issued_by", "name", "number", "revision", "made_on", "revised_on",
    "effective_on", "approved_by", "purpose", "scope", "legal_bases", "qualifications",
    "related_sops", "equipment", "warnings", "records",
)
IDENTITY = set(IDENTITY_ORDER)
OFFICIAL_ORDER = ("name", "position", "rank", "nip")
OFFICIAL = set(OFFICIAL_ORDER)
ROLE = {"key", "name", "description"}
PARTY = ROLE
REJECT_ROUTE = {"by", "to"}
FIELD = {
    "key", "label", "kind", "help", "choices", "max_length", "min_count", "max_count",
    "media_kinds", "activity_date", "title", "internal",
}
STEP = {
    "key", "activity", "kind", "roles", "lanes", "requirements", "time", "output", "notes",
    "next", "reject", "decision", "when", "editable", "chooses", "escalate_to",
    "escalate_again", "allow_same_person", "refuse", "approval", "accept_response",
    "after_publish", "destinations", "outside", "party", "only_on_return",
}
# What a step executed by an outside party may not say: the party answers or sends back
# through its link page, nothing more (docs/sop-format.md, "Pihak luar").
PARTY_STEP_KINDS = (StepKind.WORK, StepKind.REVIEW, StepKind.DECISION)
NOT_FOR_PARTY_STEPS = {
    "roles": "pelaksana langkah ini adalah pihak luar (party); tulis salah satu saja",
    "lanes": "pihak luar mengerjakan langkahnya di kolomnya sendiri",
    "editable": "pihak luar tidak mengoreksi isi konten; ia menjawab atau mengembalikan",
    "chooses": "rute dipilih oleh anggota organisasi, bukan oleh pihak luar",
    "refuse": "pihak luar tidak menolak konten; ia menjawab atau mengembalikan",
    "approval": "satu pihak luar menjawab satu langkah",
    "allow_same_person": "pihak luar bukan anggota yang menyerahkan atau mengubah konten",
}
AFTER_PUBLISH = {"take_down", "correct", "correct_approval", "reschedule", "pause"}
REQUIREMENT = {"text", "check", "field", "confirm", "in_notes"}
TIME = {"standard", "text", "from"}
DECISION = {"accept", "reject"}
WHEN = {"field", "in", "text"}

# Step keys that only some kinds of step act on, after the engine's actions per kind
# (tayang/engine/machine.py, STEP_ACTIONS): writing one elsewhere would be silently ignored.
STEP_KEYS_BY_KIND: dict[str, tuple[StepKind, ...]] = {
    "reject": (StepKind.REVIEW, StepKind.DECISION, StepKind.PUBLISH),
    "chooses": (StepKind.WORK, StepKind.HANDIN, StepKind.REVIEW, StepKind.DECISION),
    "editable": (StepKind.REVIEW,),
    # Separation of duties guards approvals and publishing; elsewhere nobody approves.
    "allow_same_person": (StepKind.REVIEW, StepKind.DECISION, StepKind.PUBLISH),
    "refuse": (StepKind.REVIEW, StepKind.DECISION),
    "approval": (StepKind.REVIEW, StepKind.DECISION),
    "after_publish": (StepKind.PUBLISH,),
    "destinations": (StepKind.PUBLISH,),
    "outside": (StepKind.PUBLISH,),
    "only_on_return": (StepKind.WORK, StepKind.REVIEW, StepKind.DECISION),
    "accept_response": (StepKind.REVIEW, StepKind.DECISION),
}
STEP_KEY_WHY = {
    "reject": " (hanya langkah itu yang dapat mengembalikan konten)",
    "editable": " (pada handin dan work semua isian dapat diubah; langkah lain tidak mengubah)",
    "allow_same_person": " (pemisahan tugas hanya berlaku untuk persetujuan dan penayangan)",
    "refuse": " (hanya langkah pemeriksaan atau keputusan yang dapat menolak konten)",
    "approval": " (hanya persetujuan yang dapat meminta semua pelaksana menyetujui)",
    "after_publish": " (tindakan sesudah tayang ditulis pada langkah penayangan)",
    "destinations": " (tujuan penayangan ditulis pada langkah penayangan)",
    "outside": " (sistem luar ditulis pada langkah penayangan)",
    "accept_response": " (hanya persetujuan yang menghasilkan tanggapan tertulis)",
    "only_on_return": " (penyerahan, penayangan dan pengarsipan ada di jalur setiap konten)",
}

# Which field kinds each machine check can look at.
CHECK_FIELD_KINDS: dict[CheckKind, set[FieldKind]] = {
    CheckKind.FILLED: set(FieldKind),
    CheckKind.MAX_LENGTH: {FieldKind.TEXT, FieldKind.LONGTEXT},
    CheckKind.MIN_COUNT: {FieldKind.MEDIA, FieldKind.DOCUMENT},
    CheckKind.MAX_COUNT: {FieldKind.MEDIA, FieldKind.DOCUMENT},
    CheckKind.FIVE_W_ONE_H: {FieldKind.FIVE_W_ONE_H},
    CheckKind.ALT_TEXT: {FieldKind.MEDIA},
    CheckKind.DIP_LINK: {FieldKind.DIP_ENTRY},
    CheckKind.ACCESSIBLE_FORMATS: {FieldKind.TEXT, FieldKind.LONGTEXT},
    CheckKind.CAPTIONS: {FieldKind.MEDIA},
}
