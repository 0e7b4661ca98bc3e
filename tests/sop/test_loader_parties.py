"""Loader errors of outside parties and send-backs by route that the catalogue in
docs/sop-format.md does not show, each located and in Bahasa Indonesia."""

from __future__ import annotations

from pathlib import Path

import pytest

from tayang.sop.errors import SopDefinitionError
from tayang.sop.loader import load_text

COURT = (Path(__file__).with_name("fixtures") / "parties" / "pn-kembali-kepaniteraan.yaml"
         ).read_text(encoding="utf-8")


def problems(old: str, new: str) -> list[str]:
    assert old in COURT, old
    with pytest.raises(SopDefinitionError) as caught:
        load_text(COURT.replace(old, new, 1), source="pn.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_the_court_definition_loads():
    sop = load_text(COURT)
    assert [p.key for p in sop.parties] == ["kepaniteraan_perdata", "kepaniteraan_pidana"]


def test_only_on_return_on_a_hand_in_is_refused():
    found = problems("    roles: [petugas]\n    requirements:",
                     "    roles: [petugas]\n    only_on_return: true\n    requirements:")
    assert any("steps[0].only_on_return: tidak berlaku untuk langkah berjenis handin" in p
               for p in found), found


def test_a_send_back_by_route_to_a_step_that_does_not_exist():
    found = problems("perdata: perbaiki_perdata, pidana", "perdata: perbaiki_perdta, pidana")
    assert any("steps[3].reject.to.perdata: langkah «perbaiki_perdta» tidak ada" in p
               and "mungkin maksudnya «perbaiki_perdata»" in p for p in found), found


def test_a_send_back_by_route_that_goes_forward():
    found = problems("perdata: perbaiki_perdata, pidana", "perdata: publikasikan, pidana")
    assert any("steps[3].reject: pengembalian harus menuju langkah sebelumnya" in p
               and "«publikasikan»" in p for p in found), found


def test_an_empty_list_of_parties_and_a_party_without_a_name():
    found = problems("  - {key: kepaniteraan_pidana, name: Kepaniteraan Pidana}\n",
                     "  - {key: kepaniteraan_pidana}\n")
    assert any("parties[1].name: wajib diisi: nama pihak luar" in p for p in found), found


def test_a_step_naming_a_role_as_its_party():
    found = problems("    party: kepaniteraan_pidana\n", "    party: petugas\n")
    assert any("steps[2].party: pihak luar «petugas» tidak dikenal (itu pelaksana organisasi: "
               "tulis di roles)" in p for p in found), found
    assert all(p.startswith("pn.yaml:") for p in found)
