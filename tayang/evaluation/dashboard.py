"""The *Dasbor*: the figures of a period and unit, put together as charts with their tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tayang.evaluation import pending, queries
from tayang.evaluation.charts import Chart, Series
from tayang.evaluation.steps import SopFigures, StepRow, amount, share, sop_figures
from tayang.items.models import Item, Publication
from tayang.procedures.definitions import sops_by_version
from tayang.records.typesetting import long_date
from tayang.sop.model import Sop

THROUGHPUT_LABELS = {"handed_in": "Diserahkan", "published": "Ditayangkan",
                     "sent_back": "Dikembalikan", "refused": "Ditolak"}
CHANNEL_STATES = (("published", "Tayang"), ("failed", "Gagal"), ("needs_check", "Perlu diperiksa"),
                  ("pending", "Antre/dikirim"))
CLIP = 300  # a bar past 3× the limit is cut there: one stray week must not flatten the rest
PENDING = {Publication.State.QUEUED, Publication.State.PUBLISHING, Publication.State.RETRYING,
           Publication.State.PAUSED}


@dataclass(frozen=True)
class WaitingStep:
    sop: str
    step: str
    count: int
    overdue: int


@dataclass(frozen=True)
class OverdueItem:
    item: Item
    step: str
    late_by: timedelta


@dataclass(frozen=True)
class Dashboard:
    waiting_chart: Chart
    people_chart: Chart
    overdue: list[OverdueItem]
    waiting_total: int
    overdue_total: int
    throughput: Chart
    sops: list[SopFigures]
    timing_charts: list[tuple[SopFigures, Chart, Chart]]
    channels: Chart
    delays: Chart
    units: Chart


def build(scope: queries.Scope, now: datetime) -> Dashboard:
    # The tallies and the rows the sweep has not added yet, read as of one moment.
    with pending.one_snapshot():
        return _build(scope, now)


def _build(scope: queries.Scope, now: datetime) -> Dashboard:
    sops = sop_figures(scope, now)
    sop_of = {figures.procedure.pk: figures.sop for figures in sops}
    return Dashboard(
        *_waiting(scope, now, sop_of),
        throughput=_throughput(scope),
        sops=sops,
        timing_charts=[(figures, *_timing(figures)) for figures in sops if figures.applied],
        channels=_channels(scope),
        delays=_delays(scope),
        units=_units(scope),
    )


def _waiting(scope: queries.Scope, now: datetime, sop_of: dict[int, Sop]
             ) -> tuple[Chart, Chart, list[OverdueItem], int, int]:
    rows = queries.waiting_now(scope, now)
    steps: dict[tuple[int, str], list[int]] = {}
    people: dict[str, list[int]] = {}
    for row in rows:
        counted = steps.setdefault((row.procedure, row.step), [0, 0])
        counted[0] += row.count
        counted[1] += row.overdue
        person = people.setdefault(row.person or _untaken(sop_of, row.procedure, row.step),
                                   [0, 0])
        person[0] += row.count
        person[1] += row.overdue

    several = len({procedure for procedure, _ in steps}) > 1

    def step_label(procedure: int, key: str) -> str:
        sop = sop_of.get(procedure)
        if sop is None or key not in {s.key for s in sop.steps}:
            return key
        step = sop.step(key)
        prefix = f"{sop.identity.name} · " if several else ""
        return f"{prefix}{step.number}. {step.activity}"

    ordered = sorted(steps, key=lambda pair: (pair[0], _number(sop_of, *pair)))
    labels = [step_label(*pair) for pair in ordered]
    waiting_chart = Chart(
        "menunggu-langkah", "Menunggu sekarang per langkah", labels,
        [Series("Belum terlambat", [steps[p][0] - steps[p][1] for p in ordered], "a"),
         Series("Terlambat", [steps[p][1] for p in ordered], "a")],
        unit="konten", horizontal=True, first="Langkah",
    )
    names = sorted(people, key=lambda name: (-people[name][1], -people[name][0], name))
    people_chart = Chart(
        "menunggu-orang", "Menunggu sekarang per orang yang menangani", names,
        [Series("Belum terlambat", [people[n][0] - people[n][1] for n in names], "a"),
         Series("Terlambat", [people[n][1] for n in names], "a")],
        unit="konten", horizontal=True, first="Orang",
    )
    found = queries.overdue_items(scope, now)
    # The SOPs of the listed items, each read once (never one query per item).
    versions = sops_by_version({item.procedure_version_id for item in found})
    overdue = [
        OverdueItem(item, _step_text(versions[item.procedure_version_id], item.step),
                    now - item.due_limit)
        for item in found if item.due_limit is not None
    ]
    return (waiting_chart, people_chart, overdue,
            sum(v[0] for v in steps.values()), sum(v[1] for v in steps.values()))


def _untaken(sop_of: dict[int, Sop], procedure: int, key: str) -> str:
    """Nobody took it (*Saya tangani*): it waits for whoever holds the step's role."""
    sop = sop_of.get(procedure)
    if sop is None or key not in {step.key for step in sop.steps}:
        return "Belum diambil siapa pun"
    roles = ", ".join(sop.role(role).name for role in sop.step(key).roles)
    return f"Belum diambil · {roles}"


def _number(sop_of: dict[int, Sop], procedure: int, key: str) -> int:
    sop = sop_of.get(procedure)
    if sop is None:
        return 999
    return next((step.number for step in sop.steps if step.key == key), 999)


def _step_text(sop: Sop, key: str) -> str:
    if key not in {step.key for step in sop.steps}:
        return key
    step = sop.step(key)
    return f"{step.number}. {step.activity}"


def _throughput(scope: queries.Scope) -> Chart:
    found = queries.weekly_throughput(scope)
    period = scope.period
    monday = period.start - timedelta(days=period.start.weekday())
    weeks = []
    while monday <= period.end:
        weeks.append(monday)
        monday += timedelta(days=7)
    return Chart(
        "per-minggu", "Arus konten per minggu", [f"Minggu {long_date(week)}" for week in weeks],
        [Series(label, [found.get(week, {}).get(kind, 0) for week in weeks])
         for kind, label in THROUGHPUT_LABELS.items()],
        kind="line", unit="konten", first="Minggu mulai",
        short=[f"{week.day}/{week.month}" for week in weeks],
    )


def _timing(figures: SopFigures) -> tuple[Chart, Chart]:
    rows = [row for row in figures.steps if row.figures.visits]
    key = figures.procedure.key
    timing = Chart(
        f"waktu-{key}",
        f"{figures.sop.identity.name}: waktu nyata dibanding batas waktu (100% = batas)",
        [row.label for row in rows],
        [Series("Median", [_of_limit(row.figures.median, row) for row in rows]),
         Series("Persentil ke-90", [_of_limit(row.figures.p90, row) for row in rows]),
         Series("Target", [_of_limit(row.figures.allowed_target, row) for row in rows])],
        unit=f"% dari batas waktu (100 = tepat di batas; batang dipotong di {CLIP}%)",
        horizontal=True,
        headings=["Langkah", "Standar waktu", "Median", "Persentil ke-90", "Target", "Batas"],
        texts=[[row.label, row.standard,
                amount(row.figures.median, row.unit, row.figures.approximate),
                amount(row.figures.p90, row.unit, row.figures.approximate),
                amount(row.figures.allowed_target, row.unit),
                amount(row.figures.allowed_limit, row.unit)] for row in rows],
    )
    shares = Chart(
        f"ketepatan-{key}", f"{figures.sop.identity.name}: tepat waktu, terlambat, dikembalikan",
        [row.label for row in rows],
        [Series("Tepat waktu", [row.figures.on_time for row in rows], "a"),
         Series("Terlambat", [row.figures.late for row in rows], "a"),
         Series("Dikembalikan", [row.figures.sent_back for row in rows], "b")],
        unit="kunjungan langkah", horizontal=True,
        headings=["Langkah", "Tepat waktu", "% tepat", "Terlambat", "% terlambat",
                  "Dikembalikan", "% dikembalikan", "Alasan tersering"],
        texts=[[row.label, str(row.figures.on_time), share(row.figures.on_time_share),
                str(row.figures.late), share(row.figures.late_share),
                str(row.figures.sent_back), share(row.figures.send_back_rate),
                "; ".join(f"{r.words} ({r.count}×)" for r in row.reasons) or "-"]
               for row in rows],
    )
    return timing, shares


def _of_limit(value: float | None, row: StepRow) -> float | None:
    """A time as a percentage of the step's limit: hours and working days on one scale, and
    the limit always at 100. Untimed steps have no bar."""
    limit = row.figures.allowed_limit
    if value is None or not limit:
        return None
    return min(round(100 * value / limit, 1), CLIP)


def _value(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _channel_names(scope: queries.Scope) -> dict[str, str]:
    names = {"website": "Situs web"}
    names.update(scope.organization.channels.values_list("key", "name"))
    return names


def _channels(scope: queries.Scope) -> Chart:
    found = queries.publications(scope)
    names = _channel_names(scope)
    keys = sorted(found, key=lambda key: names.get(key, key))
    grouped = {key: dict.fromkeys((state for state, _ in CHANNEL_STATES), 0) for key in keys}
    for key in keys:
        for state, count in found[key].items():
            bucket = state if state in grouped[key] else ("pending" if state in PENDING else "")
            if bucket:
                grouped[key][bucket] += count
    return Chart(
        "kanal", "Penayangan per kanal", [names.get(key, key) for key in keys],
        [Series(label, [grouped[key][state] for key in keys], "a")
         for state, label in CHANNEL_STATES],
        unit="penayangan", horizontal=True, first="Kanal",
    )


def _delays(scope: queries.Scope) -> Chart:
    found = queries.publication_delays(scope)
    names = _channel_names(scope)
    keys = sorted(found, key=lambda key: names.get(key, key))
    # Read from the tallies' histogram, as a step's times are: "≈" says so.
    medians = [found[key].percentile(0.5) for key in keys]
    p90s = [found[key].percentile(0.9) for key in keys]
    return Chart(
        "serah-tayang", "Waktu dari diserahkan sampai tayang", [names.get(k, k) for k in keys],
        [Series("Median", [_value(v) for v in medians]),
         Series("Persentil ke-90", [_value(v) for v in p90s])],
        unit="jam", horizontal=True,
        headings=["Kanal", "Tayang", "Median", "Persentil ke-90"],
        texts=[[names.get(key, key), str(sum(found[key].spent)),
                amount(medians[n], "jam", True), amount(p90s[n], "jam", True)]
               for n, key in enumerate(keys)],
    )


def _units(scope: queries.Scope) -> Chart:
    rows = queries.per_unit(scope)
    return Chart(
        "unit", "Per unit kerja", [name for name, _, _ in rows],
        [Series("Diserahkan", [handed for _, handed, _ in rows]),
         Series("Ditayangkan", [published for _, _, published in rows])],
        unit="konten", horizontal=True, first="Unit kerja",
    )
