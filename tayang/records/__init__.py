"""The records the SOPs ask for "in softcopy and hardcopy", made from what Tayang holds.

One concept per module: the register export, the written response record, the official letter
and its number, the approval record, the item's dossier, the verification of issued records,
and the Typst typesetting they share (one kop surat, ``kop.typ``). Records are computed from
the rows the workflow already wrote, so a printed record and the system never disagree; what
this app writes is only what printing itself creates: a letter's number and row, and the
verification entry of each issued record (docs/records.md).
"""
