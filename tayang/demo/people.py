"""Names, ranks and NIPs of the demo's people: a letter reads "Yth. Rina Wulandari, Tim
Pelaksana", not "Tim Pelaksana, Tim Pelaksana" as when people were named after their roles.

Made up and fixed (the same person every build). The NIP has the civil service's shape
(birth date, appointment month, sex, sequence: ``19750101 199901 2 901``) so letters and
approval records print as they will for real people; the organizations are all marked demo.
"""

from __future__ import annotations

from dataclasses import dataclass

GIVEN = ("Rina", "Agus", "Sri", "Bambang", "Dewi", "Hendra", "Wahyu", "Siti", "Yusuf",
         "Lestari", "Teguh", "Ratna", "Fajar", "Nur", "Eko", "Indah", "Rudi", "Maya",
         "Dimas", "Kartika")
FAMILY = ("Wulandari", "Santoso", "Rahayu", "Prasetyo", "Lestari", "Saputra", "Nugroho",
          "Aminah", "Hidayat", "Puspitasari", "Wibowo", "Handayani", "Kurniawan", "Fitriani",
          "Setiawan", "Permatasari", "Hartono", "Anggraini", "Pratama", "Maharani")
WOMEN = frozenset({"Rina", "Sri", "Dewi", "Siti", "Lestari", "Ratna", "Nur", "Indah", "Maya",
                   "Kartika"})
RANKS = ("Penata Muda (III/a)", "Penata Muda Tingkat I (III/b)", "Penata (III/c)",
         "Penata Tingkat I (III/d)", "Pembina (IV/a)")


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    rank: str
    nip: str


def person(number: int) -> Person:
    """The demo organization's ``number``-th person (0 is its admin), the same every build."""
    given = GIVEN[number % len(GIVEN)]
    family = FAMILY[(number * 7 + 3) % len(FAMILY)]
    born_year, born_month, born_day = 1975 + number * 3 % 20, 1 + number % 12, 1 + number % 28
    appointed = born_year + 24
    sex = 2 if given in WOMEN else 1
    nip = (f"{born_year}{born_month:02}{born_day:02} {appointed}{(number % 12) + 1:02} "
           f"{sex} {901 + number:03}")
    return Person(given, family, RANKS[number % len(RANKS)], nip)
