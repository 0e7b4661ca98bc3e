"""docs/sop-format.md tells the truth: its examples load, and its error messages are real.

The complete example in the page must be byte-for-byte ``fixtures/full-example.yaml`` and load;
the broken example and every message in the catalogue of mistakes must be exactly what the
loader prints today. When a message changes, regenerate the blocks with
``python -m tests.sop.test_format_doc`` and paste them into the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tayang.sop import flow
from tayang.sop.errors import DefinitionProblem, SopDefinitionError
from tayang.sop.loader import load_file, load_text
from tayang.sop.model import CheckKind, FieldKind, StepKind, TimeAnchor, TimeKind

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "sop-format.md"
FIXTURES = Path(__file__).with_name("fixtures")
FULL_EXAMPLE = FIXTURES / "full-example.yaml"
BROKEN_EXAMPLE = FIXTURES / "broken-example.yaml"
BROKEN_SOURCE = "tests/sop/fixtures/broken-example.yaml"  # as `tayang check` is run from ROOT


def doc_block(marker: str) -> str:
    """The fenced block that follows ``<!-- marker -->`` in the page, without its fences."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n```[a-z]*\n(.*?)^```$", text, re.DOTALL | re.M)
    assert match, f"no block marked <!-- {marker} --> in {DOC}"
    return match.group(1)


# --- the complete example -----------------------------------------------------------------------


def test_the_docs_complete_example_is_the_fixture():
    assert doc_block("full-example") == FULL_EXAMPLE.read_text(encoding="utf-8")


def test_the_complete_example_loads_and_uses_every_feature():
    sop = load_file(FULL_EXAMPLE)
    assert sop.key == "sukamaju-diskominfo-publikasi"
    assert {f.kind for f in sop.fields} == set(FieldKind)
    assert {s.kind for s in sop.steps} == set(StepKind)
    checks = {r.check for s in sop.steps for r in s.requirements if r.check}
    assert checks == set(CheckKind)
    assert any(r.confirm for s in sop.steps for r in s.requirements)
    times = [s.time for s in sop.steps if s.time]
    # Working days, weeks and months are documented in the time table and tested in
    # tests/sop/test_timetext.py; the example keeps the seeds' own kinds.
    calendar_kinds = {TimeKind.WORKDAYS, TimeKind.WEEKS, TimeKind.MONTHS}
    assert {t.kind for t in times} == set(TimeKind) - calendar_kinds
    assert {t.anchor for t in times} == set(TimeAnchor)
    assert any(t.is_range for t in times)
    labels = {(s.accept_label, s.reject_label) for s in sop.steps if s.kind is StepKind.DECISION}
    assert labels == {("Terima", "Tolak")}
    assert any(s.condition for s in sop.steps)
    assert any(s.editable for s in sop.steps) and any(s.chooses for s in sop.steps)
    assert any(s.escalate_to for s in sop.steps) and any(s.escalate_again for s in sop.steps)
    assert any(s.refuse for s in sop.steps)
    assert any(s.lanes != s.roles for s in sop.steps) or any(
        len(s.lanes) > 1 for s in sop.steps
    )
    assert any(s.accept_response for s in sop.steps)
    assert any(r.in_notes for s in sop.steps for r in s.requirements)
    identity = sop.identity
    assert identity.made_on and identity.revised_on and identity.effective_on
    assert identity.approved_by.nip and identity.unit and identity.number
    assert identity.approved_by.rank and identity.issued_by and identity.revision is not None
    assert identity.purpose and identity.scope
    for listed in ("legal_bases", "qualifications", "related_sops", "equipment", "warnings"):
        assert getattr(identity, listed), listed
    assert identity.records


def test_the_complete_example_routes_by_category():
    sop = load_file(FULL_EXAMPLE)
    routine = [s.key for s in flow.path(sop, {"category": "rutin"})]
    important = [s.key for s in flow.path(sop, {"category": "penting"})]
    assert "setujui" not in routine
    assert important == [*routine[:4], "setujui", *routine[4:]]


# --- the broken example -------------------------------------------------------------------------


def test_the_docs_broken_example_is_the_fixture():
    assert doc_block("broken-example") == BROKEN_EXAMPLE.read_text(encoding="utf-8")


def test_the_docs_broken_example_output_is_what_the_loader_says():
    text = BROKEN_EXAMPLE.read_text(encoding="utf-8")
    with pytest.raises(SopDefinitionError) as caught:
        load_text(text, source=BROKEN_SOURCE)
    assert doc_block("broken-example-output") == f"{caught.value}\n"


# --- the catalogue of mistakes ------------------------------------------------------------------

type Breaker = Callable[[str], str | bytes | None]


def change(old: str, new: str) -> Breaker:
    """Replace the first ``old`` of the complete example (which must contain it)."""

    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return apply


def add_step(after: str, step: str) -> Breaker:
    return change(after, after + step)


MISSING = lambda text: None  # noqa: E731 - load a file that does not exist

# Each group: a comment saying what was changed, and the changes, each loaded on its own.
CATALOGUE: list[tuple[str, list[Breaker]]] = [
    (
        'a YAML syntax error (an unclosed "[") and an indentation with a tab',
        [
            change("    name: Kepala Bidang\n", "    name: [Kepala Bidang\n"),
            change("    name: Kepala Bidang\n", "\tname: Kepala Bidang\n"),
        ],
    ),
    (
        "an empty file; a file that is a list; not UTF-8; a missing file",
        [
            lambda text: "",
            lambda text: "- a\n",
            lambda text: text.replace("Sukamaju\n", "Sukam\xe1ju\n", 1).encode("cp1252"),
            MISSING,
        ],
    ),
    (
        'no "tayang: 1"; "tayang: 2"',
        [change("tayang: 1\n", ""), change("tayang: 1", "tayang: 2")],
    ),
    ('"rolse:" instead of "roles:"', [change("roles:\n", "rolse:\n")]),
    ('"identitas:" instead of "identity:"', [change("identity:\n", "identitas:\n")]),
    (
        'a bad SOP key; "WITA" instead of a zone name',
        [
            change("key: sukamaju-diskominfo-publikasi", "key: Sukamaju Publikasi"),
            change("timezone: Asia/Makassar", "timezone: WITA"),
        ],
    ),
    (
        "dates: a day the month does not have; a misspelt month; a month 13; a word; a revision "
        "dated before the document was made",
        [
            change("made_on: 2025-01-06", "made_on: 29 Februari 2025"),
            change("made_on: 2025-01-06", "made_on: 6 Janiari 2025"),
            change("made_on: 2025-01-06", "made_on: 06-13-2025"),
            change("made_on: 2025-01-06", "made_on: kemarin"),
            change("made_on: 2025-01-06", "made_on: 2025-08-01"),
        ],
    ),
    (
        "the revision number in words; a NIP of 16 digits; the signer's rank under an "
        "Indonesian key",
        [
            change("revision: 1", "revision: satu"),
            change('nip: "19700101 200003 2 001"', 'nip: "1970010120000320"'),
            change("    rank:", "    pangkat:"),
        ],
    ),
    (
        '"accept_response" on the publish step; "in_notes" on a duty the notes do not say',
        [
            change("    time: 30 menit\n", "    time: 30 menit\n    accept_response: true\n"),
            change("    notes: Wajib menggunakan Bahasa Indonesia yang baik dan benar, mudah "
                   "dipahami.\n", "    notes: Sunting seperlunya.\n"),
        ],
    ),
    (
        'a role key written twice (the second "sekretaris" was meant to be "kabid")',
        [change("  - key: kabid\n", "  - key: sekretaris\n")],
    ),
    (
        "a step naming a role that does not exist",
        [change("roles: [kepala_dinas]", "roles: [kadis]")],
    ),
    (
        "a requirement naming a field that does not exist, in the anchored list used by two steps",
        [change("field: narrative", "field: narasi")],
    ),
    (
        "a check that does not fit the field's kind",
        [change("check: five_w_one_h\n        field: narrative", "check: five_w_one_h\n"
                "        field: summary")],
    ),
    (
        "a caption limit in words, a negative one; a media minimum in words",
        [
            change("max_length: 200\n", "max_length: dua ratus\n"),
            change("max_length: 200\n", "max_length: -200\n"),
            change("min_count: 4", "min_count: empat"),
        ],
    ),
    (
        'time standards: unknown; a sentence; H+1 without "from:"; reversed; minutes after a date',
        [
            change("time: 30 menit", "time: secepatnya"),
            change("      standard: Hari H\n", "      standard: Hari H setelah kegiatan\n"),
            change("    time:\n      standard: H+1\n      from: handin\n", "    time: H+1\n"),
            change("time: 1 - 3 Jam", "time: 3 - 1 Jam"),
            lambda text: change(
                "time: 30 menit", "time:\n      standard: 30 menit\n      from: activity"
            )(text).replace("kind: datetime", "kind: date"),
        ],
    ),
    (
        'a decision without "reject:"; a reject that goes forward; reject on a handin step',
        [
            change("    reject: sunting\n    refuse: Tidak layak tayang\n",
                   "    refuse: Tidak layak tayang\n"),
            change("reject: serahkan", "reject: tayangkan"),
            change("    kind: handin\n", "    kind: handin\n    reject: kumpulkan\n"),
        ],
    ),
    (
        'a step added after "next: end"; "next: sunting" on the publish step',
        [
            add_step(
                "    next: end\n",
                "  - key: evaluasi\n    activity: Mengevaluasi\n    kind: review\n"
                "    roles: [admin]\n",
            ),
            change("    time: 30 menit\n", "    time: 30 menit\n    next: sunting\n"),
        ],
    ),
    (
        "a work step after a conditional step; a send-back into a step that may not apply",
        [
            change(
                "  - key: arsipkan\n",
                "  - key: lengkapi\n    activity: Melengkapi bahan\n    kind: work\n"
                "    roles: [admin]\n\n  - key: arsipkan\n",
            ),
            change("    reject: sunting\n    requirements: *bahan",
                   "    reject: setujui\n    requirements: *bahan"),
        ],
    ),
    (
        "two handin steps; a conditional first step",
        [
            change("    kind: work\n", "    kind: handin\n"),
            change(
                "    time: 1 hari\n",
                "    time: 1 hari\n    when:\n      field: category\n      in: [rutin]\n",
            ),
        ],
    ),
    (
        '"when" on an unknown field; a value that is not among the choices',
        [
            change("      field: category\n      in:", "      field: kategori\n      in:"),
            change("in: [penting]", "in: [kebijakan]"),
        ],
    ),
    (
        'a review step after "setujui" that chooses the route again',
        [
            change(
                "  - key: arsipkan\n",
                "  - key: tinjau\n    activity: Meninjau ulang\n    kind: review\n"
                "    roles: [admin]\n    reject: sunting\n    chooses: [category]\n\n"
                "  - key: arsipkan\n",
            )
        ],
    ),
    (
        '"editable" on a decision step; "confirm" on a machine check',
        [
            change("    refuse: Tidak layak tayang\n    chooses:",
                   "    refuse: Tidak layak tayang\n    editable: [caption]\n    chooses:"),
            change("        field: media\n      - text: Narasi", "        field: media\n"
                   "        confirm: true\n      - text: Narasi"),
        ],
    ),
]


def with_party(*breakers: Breaker) -> Breaker:
    """The complete example with one outside party declared, then ``breakers`` applied."""

    def apply(text: str) -> str:
        text = change("fields:\n", "parties:\n  - key: humas_opd\n    name: Humas OPD pengirim"
                      "\n\nfields:\n")(text)
        for breaker in breakers:
            broken = breaker(text)
            assert isinstance(broken, str)
            text = broken
        return text

    return apply


CATALOGUE.extend([
    (
        "outside parties: a party key that is a role's; a step naming an unknown party; a "
        "party on the publish step; a party written in roles; a party step that corrects",
        [
            change("fields:\n", "parties:\n  - {key: admin, name: Admin OPD}\n\nfields:\n"),
            with_party(change("    kind: decision\n    roles: [kepala_dinas]\n    lanes: "
                              "[sekretaris, kepala_dinas]\n",
                              "    kind: decision\n    party: kadis_luar\n")),
            with_party(change("    kind: publish\n    roles: [admin]\n",
                              "    kind: publish\n    party: humas_opd\n")),
            with_party(change("roles: [kepala_dinas]", "roles: [humas_opd]")),
            with_party(change("    kind: review\n    roles: [admin]\n",
                              "    kind: review\n    party: humas_opd\n")),
        ],
    ),
    (
        "a send-back chosen by the route: by a field that is not a choice; a choice without "
        "its step; a value that is not a choice; a step only sent back to that nothing sends "
        "back to",
        [
            change("    reject: sunting\n    refuse:",
                   "    reject:\n      by: title\n      to: {rutin: sunting}\n    refuse:"),
            change("    reject: sunting\n    refuse:",
                   "    reject:\n      by: category\n      to: {rutin: sunting}\n    refuse:"),
            change("    reject: sunting\n    refuse:",
                   "    reject:\n      by: category\n      to: {rutin: sunting, penting: "
                   "sunting, kebijakan: sunting}\n    refuse:"),
            change("    kind: decision\n    roles: [kepala_dinas]\n",
                   "    kind: decision\n    roles: [kepala_dinas]\n    only_on_return: true\n"),
        ],
    ),
])


def problems_of(breaker: Breaker, folder: Path) -> list[DefinitionProblem]:
    broken = breaker(FULL_EXAMPLE.read_text(encoding="utf-8"))
    if broken is None:
        path = Path("tidak-ada.yaml")
    else:
        path = Path("sop.yaml")
        data = broken if isinstance(broken, bytes) else broken.encode("utf-8")
        (folder / path).write_bytes(data)
    with pytest.raises(SopDefinitionError) as caught:
        load_file(path)  # relative to ``folder``, the working directory
    return caught.value.problems


def catalogue(folder: Path) -> str:
    groups = []
    for comment, breakers in CATALOGUE:
        lines = [f"# {comment}"]
        for breaker in breakers:
            lines.extend(str(problem) for problem in problems_of(breaker, folder))
        groups.append("\n".join(lines))
    return "\n\n".join(groups) + "\n"


def test_the_docs_catalogue_of_mistakes_is_what_the_loader_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert doc_block("error-catalogue") == catalogue(tmp_path)


def test_the_docs_mention_every_key_of_the_format():
    from tayang.sop.reading import keys as format_keys

    text = DOC.read_text(encoding="utf-8")
    keys = set().union(
        format_keys.TOP, format_keys.IDENTITY, format_keys.FIELD, format_keys.STEP,
        format_keys.REQUIREMENT, format_keys.TIME, format_keys.DECISION, format_keys.WHEN,
        format_keys.ROLE, format_keys.OFFICIAL, format_keys.SCHEDULE, format_keys.AFTER_PUBLISH,
        format_keys.PARTY, format_keys.REJECT_ROUTE,
    )
    values = {k.value for enum in (FieldKind, StepKind, CheckKind, TimeAnchor) for k in enum}
    missing = sorted(k for k in keys | values if f"`{k}`" not in text)
    assert not missing, f"not documented: {missing}"


if __name__ == "__main__":  # print the catalogue block for the page
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        print(catalogue(Path(folder)), end="")
