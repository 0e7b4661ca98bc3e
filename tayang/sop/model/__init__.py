"""The SOP as data: what an agency's definition file says, after it has been checked.

Everything here is immutable and free of Django, so that the engine, the command line and the
document renderer can share one picture of an SOP. Names follow DOMAIN.md's glossary; the
agencies' own Indonesian wording is kept verbatim in the text attributes (``activity``,
``output``, ``text``), because the SOP document must print what the agency signed.

The package: :mod:`.fields` (what an item carries), :mod:`.steps` (a step of the procedure:
requirements, time standard, decision, condition, where a publish step sends the item and who
may act on it afterwards), :mod:`.sop` (the roles and outside parties, the SOP's identity, and
:class:`Sop` itself). Everything is importable from here, as before the split.
"""

from __future__ import annotations

from tayang.sop.model.fields import (
    FIVE_W_ONE_H_PARTS,
    FieldKind,
    ItemField,
    MediaKind,
)
from tayang.sop.model.sop import (
    Identity,
    Official,
    Party,
    Role,
    Sop,
)
from tayang.sop.model.steps import (
    DEFAULT_DESTINATIONS,
    END,
    AfterPublish,
    CheckKind,
    Condition,
    Decision,
    Destination,
    Requirement,
    Step,
    StepKind,
    TimeAnchor,
    TimeKind,
    TimeStandard,
)

__all__ = [
    "DEFAULT_DESTINATIONS",
    "END",
    "FIVE_W_ONE_H_PARTS",
    "AfterPublish",
    "CheckKind",
    "Condition",
    "Decision",
    "Destination",
    "FieldKind",
    "Identity",
    "ItemField",
    "MediaKind",
    "Official",
    "Party",
    "Requirement",
    "Role",
    "Sop",
    "Step",
    "StepKind",
    "TimeAnchor",
    "TimeKind",
    "TimeStandard",
]
