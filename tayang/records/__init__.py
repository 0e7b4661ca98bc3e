"""The records the SOPs ask for "in softcopy and hardcopy", made from what Tayang holds.

One concept per module: the register export, the written response letter, the approval
record, the item's dossier, and the Typst typesetting they share. Nothing here writes to the
database; every record is computed from the rows the workflow already wrote, so a printed
record and the system can never disagree.
"""
