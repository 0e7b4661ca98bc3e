"""Every kind of mistake in a definition file is refused with the file, the line and the field.

Each test breaks one thing in a small valid definition (``VALID``), loads it from a real file
and checks the one problem reported: the source names the file, the line is where the mistake
is, the path names the field, and the message says what was expected (in Bahasa Indonesia).
Lines are found by searching the broken text, so the tests read as "the line with ``reject:``".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tayang.sop.errors import DefinitionProblem, SopDefinitionError
from tayang.sop.loader import load_file, load_text
from tayang.sop.model import Sop

VALID = """\
tayang: 1
key: contoh-publikasi
timezone: Asia/Jakarta
identity:
  organization: Dinas Contoh
  name: Alur Publikasi Contoh
  made_on: 2024-01-03
roles:
  - key: peliput
    name: Peliput
  - key: admin
    name: Admin
  - key: kepala
    name: Kepala Dinas
fields:
  - key: title
    label: Judul
    kind: text
    title: true
  - key: activity_date
    label: Tanggal kegiatan
    kind: date
    activity_date: true
  - key: narrative
    label: Narasi berita
    kind: longtext
  - key: caption
    label: Caption
    kind: text
    max_length: 200
  - key: media
    label: Dokumentasi
    kind: media
    min_count: 2
  - key: category
    label: Jenis informasi
    kind: choice
    choices:
      rutin: Berita kegiatan rutin
      penting: Data atau kebijakan penting
steps:
  - key: serahkan
    activity: Menyerahkan bahan berita
    kind: handin
    roles: [peliput]
    chooses: [category]
    requirements:
      - text: Dokumentasi minimal 2
        check: min_count
        field: media
      - text: Caption maksimal 200 karakter
        check: max_length
        field: caption
    time:
      standard: Hari H
      from: activity
  - key: periksa
    activity: Memeriksa bahan berita
    kind: review
    roles: [admin]
    reject: serahkan
    time: 1-3 jam
  - key: setujui
    activity: Menyetujui penayangan
    kind: decision
    roles: [kepala]
    reject: periksa
    when:
      field: category
      in: [penting]
  - key: tayangkan
    activity: Menayangkan berita
    kind: publish
    roles: [admin]
    time: 30 menit
"""


# --- helpers ------------------------------------------------------------------------------------


def broken(old: str, new: str, text: str = VALID) -> str:
    """``text`` with the first ``old`` replaced; fails loudly if the test's anchor moved."""
    assert old in text, f"{old!r} not in the definition"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str, *, after: str = "") -> int:
    """1-based line of the first line containing ``needle`` (after the line with ``after``)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def problems(text: str, tmp_path: Path, name: str = "sop.yaml") -> list[DefinitionProblem]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SopDefinitionError) as caught:
        load_file(path)
    for problem in caught.value.problems:
        assert problem.source == str(path)
    return caught.value.problems


def only_problem(text: str, tmp_path: Path) -> DefinitionProblem:
    found = problems(text, tmp_path)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def assert_problem(
    problem: DefinitionProblem, *, line: int, path: str, says: tuple[str, ...]
) -> None:
    assert (problem.line, problem.path) == (line, path), str(problem)
    for words in says:
        assert words in problem.message, f"{words!r} not in {problem.message!r}"


# --- the file itself ----------------------------------------------------------------------------


def test_the_valid_definition_loads(tmp_path):
    path = tmp_path / "sop.yaml"
    path.write_text(VALID, encoding="utf-8")
    sop = load_file(path)
    assert isinstance(sop, Sop)
    assert [step.key for step in sop.steps] == ["serahkan", "periksa", "setujui", "tayangkan"]
    assert sop.source == str(path)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    text = broken("    name: Admin\n", "    name: [Admin\n")
    problem = only_problem(text, tmp_path)
    assert problem.path == ""
    assert problem.line == line_of(text, "  - key: kepala")  # where PyYAML notices
    assert "bukan YAML yang sah (kolom" in problem.message
    assert "periksa indentasi" in problem.message


def test_tab_indentation_says_to_use_spaces(tmp_path):
    text = broken("    name: Admin\n", "\tname: Admin\n")
    problem = only_problem(text, tmp_path)
    assert problem.line == line_of(text, "\tname: Admin")
    assert "bukan YAML yang sah" in problem.message
    assert "spasi, bukan tab" in problem.message


@pytest.mark.parametrize("text", ["", "\n\n", "# hanya komentar\n"])
def test_empty_file(tmp_path, text):
    problem = only_problem(text, tmp_path)
    assert_problem(problem, line=0, path="", says=("berkas kosong", "yang diharapkan"))
    assert str(problem) == f"{tmp_path / 'sop.yaml'}: berkas kosong; yang diharapkan: " + (
        "definisi SOP dalam YAML"
    )


@pytest.mark.parametrize(
    ("text", "kind"), [("- a\n- b\n", "daftar"), ("Alur Publikasi\n", "teks")]
)
def test_file_that_is_not_a_mapping(tmp_path, text, kind):
    problem = only_problem(text, tmp_path)
    assert_problem(
        problem, line=1, path="", says=("harus berupa pemetaan (kunci: nilai)", f"bukan {kind}")
    )


def test_file_that_is_not_utf8_names_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "sop.yaml"
    data = VALID.replace("Dinas Contoh", "Dinas Contoh Kab. Sukam\xe1ju").encode("cp1252")
    path.write_bytes(data)
    with pytest.raises(SopDefinitionError) as caught:
        load_file(path)
    [problem] = caught.value.problems
    assert problem.source == str(path)
    assert problem.line == line_of(VALID, "Dinas Contoh")
    assert "bukan teks UTF-8" in problem.message
    assert "0xE1" in problem.message
    assert "yang diharapkan: berkas disimpan dengan pengodean UTF-8" in problem.message


def test_missing_file(tmp_path):
    path = tmp_path / "tidak-ada.yaml"
    with pytest.raises(SopDefinitionError) as caught:
        load_file(path)
    [problem] = caught.value.problems
    assert (problem.source, problem.line, problem.path) == (str(path), 0, "")
    assert "berkas tidak ditemukan" in problem.message
    assert "yang diharapkan: berkas definisi SOP (.yaml)" in problem.message


def test_a_folder_instead_of_a_file(tmp_path):
    with pytest.raises(SopDefinitionError) as caught:
        load_file(tmp_path)
    [problem] = caught.value.problems
    assert "folder, bukan berkas" in problem.message


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "sop.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert load_file(path).key == "contoh-publikasi"


# --- top level ----------------------------------------------------------------------------------


def test_missing_format_version(tmp_path):
    text = broken("tayang: 1\n", "")
    problem = only_problem(text, tmp_path)
    assert_problem(problem, line=1, path="tayang", says=("wajib diisi", "«tayang: 1»"))


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2", ("versi format 2 tidak didukung", "yang didukung: 1")),
        ("satu", ("bilangan bulat ≥ 1", "bukan «satu»")),
    ],
)
def test_unsupported_format_version(tmp_path, value, says):
    text = broken("tayang: 1", f"tayang: {value}")
    assert_problem(only_problem(text, tmp_path), line=1, path="tayang", says=says)


def test_unknown_top_level_key_suggests_the_intended_one(tmp_path):
    text = broken("roles:", "rolse:")
    found = problems(text, tmp_path)
    typo = next(p for p in found if p.path == "rolse")
    assert_problem(
        typo,
        line=line_of(text, "rolse:"),
        path="rolse",
        says=("kunci tidak dikenal", "yang diharapkan: description, fields", "maksudnya «roles»"),
    )
    # The missing list is reported once; the steps naming its roles are not flagged as well.
    assert [p.path for p in found] == ["roles", "rolse"]


def test_missing_identity(tmp_path):
    text = VALID.replace(
        "identity:\n  organization: Dinas Contoh\n  name: Alur Publikasi Contoh\n"
        "  made_on: 2024-01-03\n",
        "",
    )
    problem = only_problem(text, tmp_path)
    assert_problem(problem, line=1, path="identity", says=("wajib diisi", "blok identitas SOP"))


def test_identity_without_name(tmp_path):
    text = broken("  name: Alur Publikasi Contoh\n", "")
    problem = only_problem(text, tmp_path)
    assert_problem(
        problem, line=line_of(text, "organization:"), path="identity.name",
        says=("wajib diisi", "nama SOP"),
    )


@pytest.mark.parametrize("value", ["Contoh Publikasi", "contoh_publikasi", "-contoh"])
def test_bad_sop_key(tmp_path, value):
    text = broken("key: contoh-publikasi", f"key: {value}")
    assert_problem(
        only_problem(text, tmp_path),
        line=2,
        path="key",
        says=(f"«{value}» tidak sah", "yang diharapkan: huruf kecil, angka dan tanda hubung"),
    )


@pytest.mark.parametrize("zone", ["Asia/Jakrta", "WIB", "Asia"])
def test_unknown_timezone(tmp_path, zone):
    # "Asia" is a folder of the zone database; it used to crash the loader with an OSError.
    text = broken("timezone: Asia/Jakarta", f"timezone: {zone}")
    assert_problem(
        only_problem(text, tmp_path),
        line=3,
        path="timezone",
        says=(f"«{zone}» tidak dikenal", "Asia/Jakarta (WIB), Asia/Makassar (WITA)"),
    )


def test_blank_dates_are_accepted(tmp_path):
    # The seeds leave the dates of the identity block blank; null and "" both say so.
    text = broken("  made_on: 2024-01-03\n", '  made_on: ""\n  revised_on: null\n')
    path = tmp_path / "sop.yaml"
    path.write_text(text, encoding="utf-8")
    identity = load_file(path).identity
    assert (identity.made_on, identity.revised_on) == (None, None)


# --- roles and fields ---------------------------------------------------------------------------


def test_duplicate_role_key(tmp_path):
    text = broken("  - key: kepala\n    name: Kepala Dinas", "  - key: admin\n    name: Kepala")
    found = problems(text, tmp_path)
    duplicate = found[0]
    assert_problem(
        duplicate,
        line=line_of(text, "- key: admin", after="name: Admin"),
        path="roles[2].key",
        says=("pelaksana «admin» sudah ada", "kunci yang berbeda"),
    )


def test_unknown_role_in_a_step(tmp_path):
    text = broken("    roles: [kepala]", "    roles: [kepal]")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "roles: [kepal]"),
        path="steps[2].roles",
        says=(
            "pelaksana «kepal» tidak dikenal",
            "salah satu dari: admin, kepala, peliput",
            "maksudnya «kepala»",
        ),
    )


def test_unknown_role_is_reported_once_even_with_lanes(tmp_path):
    text = broken("    roles: [kepala]\n", "    roles: [kadis]\n    lanes: [admin]\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "roles: [kadis]"),
        path="steps[2].roles",
        says=("pelaksana «kadis» tidak dikenal",),
    )


def test_lanes_must_include_the_steps_roles(tmp_path):
    text = broken("    roles: [kepala]\n", "    roles: [kepala]\n    lanes: [admin]\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "lanes: [admin]"),
        path="steps[2].lanes",
        says=("harus memuat juga pelaksana langkah ini: kepala",),
    )


def test_unknown_field_referenced_by_a_requirement(tmp_path):
    text = broken("field: media", "field: dokumentasi")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "field: dokumentasi"),
        path="steps[0].requirements[0].field",
        says=("isian «dokumentasi» tidak dikenal", "salah satu dari: activity_date, caption"),
    )


@pytest.mark.parametrize(
    ("check", "field", "expected_kinds", "actual"),
    [
        ("min_count", "caption", "document, media", "text"),
        ("max_length", "media", "longtext, text", "media"),
        ("five_w_one_h", "narrative", "five_w_one_h", "longtext"),
        ("alt_text", "caption", "media", "text"),
        ("dip_link", "title", "dip_entry", "text"),
    ],
)
def test_check_kind_that_does_not_fit_the_field_kind(
    tmp_path, check, field, expected_kinds, actual
):
    text = broken(
        "check: min_count\n        field: media", f"check: {check}\n        field: {field}"
    )
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, f"field: {field}", after="requirements:"),
        path="steps[0].requirements[0].field",
        says=(f"pemeriksaan «{check}» butuh isian berjenis {expected_kinds}", f"berjenis {actual}"),
    )


def test_max_length_check_on_a_field_without_max_length(tmp_path):
    text = broken("    max_length: 200\n", "")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "check: max_length"),
        path="steps[0].requirements[1].check",
        says=("isian «caption» tidak punya max_length",),
    )


@pytest.mark.parametrize(
    ("value", "shown"), [("dua ratus", "dua ratus"), ("-5", "-5"), ("0", "0"), ("12.5", "12.5")]
)
def test_caption_limit_that_is_not_a_positive_number(tmp_path, value, shown):
    text = broken("max_length: 200", f"max_length: {value}")
    # Only the limit is reported, not also the requirement that checks it.
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "max_length:"),
        path="fields[3].max_length",
        says=("batas panjang (karakter) harus berupa bilangan bulat ≥ 1", f"bukan «{shown}»"),
    )


def test_min_count_that_is_not_a_number(tmp_path):
    text = broken("min_count: 2", "min_count: lima")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "min_count: lima"),
        path="fields[4].min_count",
        says=("jumlah minimal berkas harus berupa bilangan bulat ≥ 0", "bukan «lima»"),
    )


def test_max_count_below_min_count(tmp_path):
    text = broken("min_count: 2", "min_count: 5\n    max_count: 3")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "max_count: 3"),
        path="fields[4].max_count",
        says=("jumlah maksimal (3) lebih kecil dari jumlah minimal (5)",),
    )


@pytest.mark.parametrize(
    ("option", "field_line", "kinds"),
    [
        ("max_length: 10", "label: Dokumentasi", "longtext atau text"),
        ("min_count: 1", "label: Caption", "document atau media"),
        ("media_kinds: [photo]", "label: Caption", "media"),
        ("choices: {a: A}", "label: Caption", "choice"),
    ],
)
def test_field_option_that_its_kind_ignores(tmp_path, option, field_line, kinds):
    text = broken(f"    {field_line}\n", f"    {field_line}\n    {option}\n")
    key = option.split(":")[0]
    problem = only_problem(text, tmp_path)
    assert problem.line == line_of(text, option)
    assert problem.path.endswith(f".{key}")
    assert f"hanya berlaku untuk isian berjenis {kinds}" in problem.message


def test_two_activity_dates(tmp_path):
    second = (
        "  - key: event_day\n    label: Hari kegiatan\n    kind: date\n    activity_date: true\n"
    )
    text = broken("steps:\n", second + "steps:\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "activity_date: true", after="key: event_day"),
        path="fields[6].activity_date",
        says=(
            "hanya satu isian yang boleh bertanda activity_date: true",
            "sudah ada «activity_date»",
        ),
    )


# --- steps --------------------------------------------------------------------------------------


def test_unknown_step_kind(tmp_path):
    text = broken("    kind: review\n", "    kind: periksa\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "kind: periksa"),
        path="steps[1].kind",
        says=("«periksa» tidak dikenal", "work, handin, review, decision, publish, archive"),
    )


def test_unknown_time_standard(tmp_path):
    text = broken("time: 1-3 jam", "time: sebentar")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "time: sebentar"),
        path="steps[1].time",
        says=('waktu "sebentar" tidak dikenali', '"N menit"', '"1-3 jam"', '"Tentatif"'),
    )


def test_whole_sentence_as_standard_points_to_text(tmp_path):
    text = broken("      standard: Hari H\n", "      standard: Hari H setelah kegiatan selesai\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "standard: Hari H"),
        path="steps[0].time.standard",
        says=("tidak dikenali", "ditulis di «text:»"),
    )


def test_hari_h_without_from(tmp_path):
    text = broken("time: 1-3 jam", "time: Hari H")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "time: Hari H"),
        path="steps[1].time",
        says=('"Hari H" harus menyebut dihitung dari mana', "from: activity", "from: handin"),
    )


def test_h_plus_1_without_from_in_the_long_form(tmp_path):
    text = broken("time: 1-3 jam", "time:\n      standard: H+1\n      text: H+1 setelah diterima")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "standard: H+1"),
        path="steps[1].time.standard",
        says=('"H+1" harus menyebut dihitung dari mana',),
    )


def test_unknown_time_anchor(tmp_path):
    text = broken("from: activity", "from: kegiatan")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "from: kegiatan"),
        path="steps[0].time.from",
        says=("«kegiatan» tidak dikenal", "step, handin, activity"),
    )


def test_counting_from_the_activity_needs_an_activity_date_field(tmp_path):
    text = broken("    activity_date: true\n", "")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "from: activity"),
        path="steps[0].time.from",
        says=("tidak ada isian bertanda activity_date: true",),
    )


def test_reversed_range(tmp_path):
    text = broken("time: 1-3 jam", "time: 3-1 jam")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "time: 3-1 jam"),
        path="steps[1].time",
        says=('"3-1 jam" terbalik', 'yang diharapkan: "1-3 jam"'),
    )


def test_decision_step_without_a_reject_target(tmp_path):
    text = broken("    reject: periksa\n", "")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "- key: setujui"),
        path="steps[2].reject",
        says=("wajib diisi", "ke mana «Tidak» mengembalikan konten"),
    )


def test_decision_labels_name_the_reject_in_the_message(tmp_path):
    text = broken("    reject: periksa\n", "    decision: {accept: Terima, reject: Tolak}\n")
    assert "ke mana «Tolak» mengembalikan" in only_problem(text, tmp_path).message


def test_decision_labels_on_a_step_that_decides_nothing(tmp_path):
    text = broken("    time: 30 menit\n", "    time: 30 menit\n    decision: {accept: Ok}\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "decision: {accept: Ok}"),
        path="steps[3].decision",
        says=("hanya untuk langkah berjenis decision atau review, bukan publish",),
    )


def test_a_review_may_name_its_buttons_and_a_way_to_refuse():
    text = broken(
        "    reject: serahkan\n    time: 1-3 jam\n",
        "    reject: serahkan\n    time: 1-3 jam\n"
        "    decision: {accept: Layak tayang, reject: Kembalikan}\n"
        "    refuse: Tidak layak tayang\n",
    )
    step = load_text(text).step("periksa")
    assert (step.accept_label, step.reject_label, step.refuse) == (
        "Layak tayang", "Kembalikan", "Tidak layak tayang"
    )


def test_refusing_is_for_steps_that_judge_the_content(tmp_path):
    text = broken("    time: 30 menit\n", "    time: 30 menit\n    refuse: Tolak\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "refuse: Tolak"),
        path="steps[3].refuse",
        says=("tidak berlaku untuk langkah berjenis publish", "pemeriksaan atau keputusan"),
    )


def test_reject_to_a_step_that_does_not_exist(tmp_path):
    text = broken("reject: serahkan", "reject: serahkn")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "reject: serahkn"),
        path="steps[1].reject",
        says=("langkah «serahkn» tidak ada", "end atau salah satu dari", "maksudnya «serahkan»"),
    )


def test_reject_that_goes_forward(tmp_path):
    text = broken("reject: serahkan", "reject: tayangkan")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "reject: tayangkan"),  # the field's own line, not the step's
        path="steps[1].reject",
        says=("harus menuju langkah sebelumnya (nomor 1)", "bukan «tayangkan» (nomor 4)"),
    )


def test_reject_to_end(tmp_path):
    text = broken("reject: serahkan", "reject: end")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "reject: end"),
        path="steps[1].reject",
        says=("harus menuju sebuah langkah sebelumnya", "bukan «end»"),
    )


@pytest.mark.parametrize(
    ("step_key", "kind", "index"), [("serahkan", "handin", 0), ("tayangkan", "publish", 3)]
)
def test_key_that_the_kind_of_step_ignores(tmp_path, step_key, kind, index):
    # reject on a handin step; editable on a publish step: the engine offers neither there.
    key, value = ("reject", "serahkan") if kind == "handin" else ("editable", "[caption]")
    text = broken(f"  - key: {step_key}\n", f"  - key: {step_key}\n    {key}: {value}\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, f"{key}: {value}"),
        path=f"steps[{index}].{key}",
        says=(f"tidak berlaku untuk langkah berjenis {kind}", "hanya untuk:"),
    )


def test_reject_on_an_archive_step(tmp_path):
    text = VALID + "  - key: arsip\n    activity: Mengarsipkan\n    kind: archive\n" + (
        "    roles: [admin]\n    reject: periksa\n"
    )
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "reject: periksa", after="key: arsip"),
        path="steps[4].reject",
        says=("tidak berlaku untuk langkah berjenis archive", "review, decision, publish"),
    )


def test_confirm_on_a_machine_check(tmp_path):
    text = broken("        field: media\n", "        field: media\n        confirm: true\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "confirm: true"),
        path="steps[0].requirements[0].confirm",
        says=("confirm hanya untuk butir daftar periksa (tanpa check)",),
    )


def test_step_key_end_is_reserved(tmp_path):
    text = broken("  - key: tayangkan", "  - key: end")
    found = problems(text, tmp_path)
    assert_problem(
        found[0],
        line=line_of(text, "- key: end"),
        path="steps[3].key",
        says=("«end» adalah kata khusus", "kunci lain"),
    )


# --- the flow of steps --------------------------------------------------------------------------


def test_unreachable_step(tmp_path):
    text = broken("    time: 30 menit\n", "    time: 30 menit\n    next: end\n") + (
        "  - key: arsip\n    activity: Mengarsipkan\n    kind: archive\n    roles: [admin]\n"
    )
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "- key: arsip"),
        path="steps[4]",
        says=("langkah «arsip» tidak pernah dapat dicapai", "«next» atau «reject»"),
    )


def test_cycle_of_accepting_with_no_way_out_is_reported_once(tmp_path):
    text = broken("    time: 30 menit\n", "    time: 30 menit\n    next: periksa\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "next: periksa"),
        path="steps[3].next",
        says=(
            "«next: periksa» membuat putaran (periksa → setujui → tayangkan → periksa)",
            "tidak pernah sampai ke akhir prosedur",
            "hanya reject yang boleh menuju langkah sebelumnya",
        ),
    )


def test_step_whose_next_is_itself(tmp_path):
    text = broken("    reject: serahkan\n", "    reject: serahkan\n    next: periksa\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "next: periksa"),
        path="steps[1].next",
        says=("putaran (periksa → periksa)",),
    )


def test_next_to_a_step_that_does_not_exist(tmp_path):
    text = broken("    time: 30 menit\n", "    time: 30 menit\n    next: selesai\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "next: selesai"),
        path="steps[3].next",
        says=("langkah «selesai» tidak ada", "yang diharapkan: end atau salah satu dari"),
    )


def test_more_than_one_handin_step(tmp_path):
    text = broken("    kind: review\n    roles: [admin]\n    reject: serahkan\n",
                  "    kind: handin\n    roles: [admin]\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "kind: handin", after="key: periksa"),
        path="steps[1].kind",
        says=("tepat satu langkah berjenis handin", "«serahkan» (nomor 1) sudah berjenis handin"),
    )


def test_no_handin_step(tmp_path):
    text = broken("    kind: handin\n", "    kind: work\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "- key: serahkan"),
        path="steps",
        says=("harus ada tepat satu langkah berjenis handin", "tidak ditemukan satu pun"),
    )


def test_first_step_must_be_handin_or_work(tmp_path):
    text = broken("    kind: handin\n", "    kind: review\n")
    first = next(p for p in problems(text, tmp_path) if p.path == "steps[0].kind")
    assert first.line == line_of(text, "kind: review")
    assert "langkah pertama harus berjenis handin atau work" in first.message


def test_first_step_conditional(tmp_path):
    text = broken(
        "    chooses: [category]\n",
        "    chooses: [category]\n    when:\n      field: category\n      in: [rutin]\n",
    )
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "field: category"),
        path="steps[0].when",
        says=("langkah pertama tidak boleh bersyarat",),
    )


def test_when_on_an_unknown_field(tmp_path):
    text = broken("      field: category\n", "      field: kategori\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "field: kategori"),
        path="steps[2].when.field",
        says=("isian «kategori» tidak dikenal", "maksudnya «category»"),
    )


def test_when_on_a_field_that_is_not_a_choice(tmp_path):
    text = broken("      field: category\n", "      field: caption\n")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "field: caption", after="when:"),
        path="steps[2].when.field",
        says=("hanya dapat bergantung pada isian berjenis choice", "«caption» berjenis text"),
    )


def test_when_value_not_among_the_choices(tmp_path):
    text = broken("in: [penting]", "in: [darurat]")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "in: [darurat]"),
        path="steps[2].when.in",
        says=("«darurat» bukan pilihan isian «category»", "yang diharapkan: penting, rutin"),
    )


def test_route_chosen_after_the_conditional_step(tmp_path):
    text = VALID.replace("    chooses: [category]\n", "") + (
        "  - key: tinjau\n    activity: Meninjau\n    kind: review\n    roles: [admin]\n"
        "    reject: periksa\n    chooses: [category]\n"
    )
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "chooses: [category]"),
        path="steps[4].chooses",
        says=("isian rute «category» dapat diubah di sini", "sesudah langkah bersyarat «setujui»"),
    )


def test_route_field_editable_after_the_conditional_step(tmp_path):
    text = VALID + (
        "  - key: tinjau\n    activity: Meninjau\n    kind: review\n    roles: [admin]\n"
        "    reject: periksa\n    editable: [caption, category]\n"
    )
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "editable: [caption, category]"),
        path="steps[4].editable",
        says=("isian rute «category» dapat diubah di sini",),
    )


def test_route_choice_on_a_field_that_is_not_a_choice(tmp_path):
    text = broken("chooses: [category]", "chooses: [caption]")
    assert_problem(
        only_problem(text, tmp_path),
        line=line_of(text, "chooses: [caption]"),
        path="steps[0].chooses",
        says=("isian «caption» bukan berjenis choice",),
    )


# --- all at once, refused whole ------------------------------------------------------------------


def test_several_problems_are_reported_together_sorted_by_line(tmp_path):
    text = broken("tayang: 1", "tayang: 3")
    text = broken("key: contoh-publikasi", "key: Contoh", text)
    text = broken("made_on: 2024-01-03", "made_on: kemarin", text)
    text = broken("max_length: 200", "max_length: -1", text)
    text = broken("reject: serahkan", "reject: tayangkan", text)  # a flow problem ...
    text = broken("time: 1-3 jam", "time: 3-1 jam", text)  # ... beside a step problem
    text = broken("roles: [kepala]", "roles: [kepal]", text)
    found = problems(text, tmp_path)
    assert [(p.line, p.path) for p in found] == [
        (1, "tayang"),
        (2, "key"),
        (line_of(text, "made_on:"), "identity.made_on"),
        (line_of(text, "max_length: -1"), "fields[3].max_length"),
        (line_of(text, "reject: tayangkan"), "steps[1].reject"),
        (line_of(text, "time: 3-1 jam"), "steps[1].time"),
        (line_of(text, "roles: [kepal]"), "steps[2].roles"),
    ]
    assert found == sorted(found, key=lambda p: p.line)


def test_the_error_text_lists_every_problem_as_file_line_field_message(tmp_path):
    text = broken("reject: serahkan", "reject: tayangkan")
    text = broken("time: 1-3 jam", "time: sebentar", text)
    path = tmp_path / "sop.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SopDefinitionError) as caught:
        load_file(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == "Definisi SOP ditolak: 2 masalah ditemukan."
    reject_line, time_line = line_of(text, "reject: tayangkan"), line_of(text, "time: sebentar")
    assert lines[1].startswith(f"  - {path}:{reject_line}: steps[1].reject: pengembalian ")
    assert lines[2].startswith(f"  - {path}:{time_line}: steps[1].time: waktu ")


def test_a_broken_file_is_refused_whole(tmp_path):
    # One problem deep in the last step: nothing of the definition is returned.
    text = broken("time: 30 menit", "time: 30 detik")
    path = tmp_path / "sop.yaml"
    path.write_text(text, encoding="utf-8")
    result = None
    with pytest.raises(SopDefinitionError) as caught:
        result = load_file(path)
    assert result is None
    assert len(caught.value.problems) == 1
    with pytest.raises(SopDefinitionError):
        load_text(text, source="teks")


def test_load_text_names_its_source(tmp_path):
    with pytest.raises(SopDefinitionError) as caught:
        load_text(broken("time: 1-3 jam", "time: nanti"), source="unggahan.yaml")
    assert str(caught.value.problems[0]).startswith("unggahan.yaml:")


# --- escalation and separation of duties -------------------------------------------------------


def test_escalation_and_relaxed_separation_load():
    text = broken(
        "    reject: serahkan\n    time: 1-3 jam\n",
        "    reject: serahkan\n    time: 1-3 jam\n    escalate_to: [kepala]\n"
        "    escalate_again: 2 hari\n    allow_same_person: true\n",
    )
    step = load_text(text).step("periksa")
    assert step.escalate_to == ("kepala",)
    assert step.escalate_again is not None and step.escalate_again.days == 2
    assert step.allow_same_person is True
    assert load_text(VALID).step("periksa").allow_same_person is False


def test_escalation_to_an_unknown_role(tmp_path):
    text = broken("    time: 1-3 jam\n", "    time: 1-3 jam\n    escalate_to: [kepla]\n")
    problem = only_problem(text, tmp_path)
    assert_problem(
        problem, line=line_of(text, "escalate_to"), path="steps[1].escalate_to",
        says=("pelaksana «kepla» tidak dikenal", "mungkin maksudnya «kepala»"),
    )


def test_escalation_on_a_step_that_is_never_late(tmp_path):
    text = broken("      in: [penting]\n", "      in: [penting]\n    escalate_to: [admin]\n")
    problem = only_problem(text, tmp_path)
    assert_problem(
        problem, line=line_of(text, "escalate_to"), path="steps[2].escalate_to",
        says=("tidak pernah terlambat", "beri time atau hapus escalate_to"),
    )


def test_a_second_escalation_needs_a_plain_duration(tmp_path):
    text = broken("    time: 1-3 jam\n", "    time: 1-3 jam\n    escalate_again: sebentar\n")
    problem = only_problem(text, tmp_path)
    assert_problem(
        problem, line=line_of(text, "escalate_again"), path="steps[1].escalate_again",
        says=("«sebentar» bukan lama waktu", '"N jam"'),
    )


def test_separation_can_only_be_relaxed_where_someone_approves(tmp_path):
    text = broken("    chooses: [category]\n", "    chooses: [category]\n"
                  "    allow_same_person: true\n")
    problem = only_problem(text, tmp_path)
    assert_problem(
        problem, line=line_of(text, "allow_same_person"), path="steps[0].allow_same_person",
        says=("tidak berlaku untuk langkah berjenis handin", "persetujuan dan penayangan"),
    )
