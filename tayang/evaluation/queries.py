"""What the dashboard and the report read from the database: a fixed number of queries for a
period, whatever the number of items. The step figures come from the tallies
(``evaluation/tallies.py``) and the visits still open; what needs rows is bounded (the open
visits, the late ones, the ten furthest items).

A step visit belongs to the period it was *entered* in; an open visit is judged now.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, Sum

from tayang.engine.state import Status
from tayang.evaluation import activity, lateness, publishing
from tayang.evaluation.epoch import Epoch, ExactEpoch
from tayang.evaluation.figures import Visit
from tayang.evaluation.period import Period
from tayang.evaluation.tallies import earlier_visit
from tayang.evaluation.tally import Tally
from tayang.items.models import Item, StepVisit, WrittenResponse
from tayang.orgs.models import Organization
from tayang.procedures.definitions import current_sops
from tayang.procedures.models import Procedure
from tayang.sop.model import Sop

WAITING = (Status.IN_PROGRESS, Status.RETURNED)  # drafts are their author's, not waiting


@dataclass(frozen=True)
class Scope:
    """An organization, a period and optionally one unit: what every figure is filtered by."""

    organization: Organization
    period: Period
    unit: int | None = None

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return self.period.bounds(self.organization.zone)

    def items(self, prefix: str = "") -> Q:
        condition = Q(**{f"{prefix}organization": self.organization})
        if self.unit is not None:
            condition &= Q(**{f"{prefix}unit_id": self.unit})
        return condition


def procedures(organization: Organization) -> list[tuple[Procedure, Sop]]:
    """The organization's SOPs with their newest definition (whose numbering is printed)."""
    found = list(organization.procedures.order_by("name"))
    sops = current_sops({procedure.pk for procedure in found})
    return [(procedure, sops[procedure.pk]) for procedure in found if procedure.pk in sops]


def open_visits(scope: Scope, procedure: int | None = None
                ) -> dict[int, list[tuple[Visit, bool]]]:
    """The visits entered in the period and still open, by procedure id, each with whether
    its item was at that step before (a repeated visit). Open visits are judged now, so they
    are not in the tallies; they are few (one per waiting item) and indexed
    (``visit_open_entered_idx``)."""
    start, end = scope.bounds
    rows = StepVisit.objects.filter(scope.items("item__"), finished_at__isnull=True,
                                    entered_at__gte=start, entered_at__lt=end)
    if procedure is not None:
        rows = rows.filter(item__procedure_id=procedure)
    grouped: dict[int, list[tuple[Visit, bool]]] = defaultdict(list)
    rows = rows.order_by().annotate(
        entered=Epoch("entered_at"), target=Epoch("due_target"), limit=Epoch("due_limit"),
        repeated=earlier_visit(),
    ).values_list("item_id", "item__procedure_id", "step", "entered", "target", "limit",
                  "outcome", "skipped", "repeated")
    for item, procedure_id, step, entered, target, limit, outcome, skipped, repeated in rows:
        grouped[procedure_id].append(
            (Visit(item, step, entered, None, target, limit, outcome, skipped),
             bool(repeated) and not skipped))
    return grouped


def late_closed(scope: Scope, count: int, items: set[int]) -> dict[int, tuple[float, int]]:
    """(seconds past the limits, late visits) of the closed late visits entered in the period:
    the ``count`` items with the most, and every item of ``items`` (those late right now).
    The candidates come from the items' sums (``lateness.candidates``: a few index ranges),
    and only their visits are summed here."""
    start, end = scope.bounds
    candidates = lateness.candidates(scope.organization.pk, scope.unit, start.timestamp(),
                                     end.timestamp(), count)
    if not candidates and not items:
        return {}
    late = StepVisit.objects.filter(
        item_id__in=candidates | items, entered_at__gte=start, entered_at__lt=end,
        finished_at__gte=F("due_limit"), skipped=False,
    ).order_by().values("item_id").annotate(
        # Exact to the microsecond as the items' sums are: the same order among equal sums.
        over=Sum(ExactEpoch("finished_at") - ExactEpoch("due_limit")), late=Count("pk"))
    summed = {row["item_id"]: (row["over"], row["late"]) for row in late}
    furthest = sorted((item for item in summed if item in candidates),
                      key=lambda item: (-summed[item][0], item))[:count]
    return {item: summed[item] for item in summed if item in items or item in furthest}


REASONS_READ = 2_000  # the latest send-backs whose words are grouped (a bounded read)


def sent_back_texts(scope: Scope) -> dict[tuple[int, str], list[str]]:
    """The written responses of the period's send-backs, by (procedure id, step): the latest
    ``REASONS_READ`` of them (``response_kind_created_idx``), enough to say which reasons are
    common whatever the size of the agency; the counts of send-backs come from the tallies."""
    start, end = scope.bounds
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for procedure, step, text in WrittenResponse.objects.filter(
            scope.items("item__"), kind=WrittenResponse.Kind.SENT_BACK,
            created_at__gte=start, created_at__lt=end,
    ).order_by("-created_at").values_list("item__procedure_id", "step", "text")[:REASONS_READ]:
        found[procedure, step].append(text)
    return found


THROUGHPUT = ("handed_in", "published", "sent_back", "refused")


def weekly_throughput(scope: Scope) -> dict[date, dict[str, int]]:
    """How many hand-ins, publications, send-backs and refusals each week (weeks of the
    organization's zone), from the day counts kept with each action (``activity.py``)."""
    rows = activity.by_day(scope.organization.pk, scope.period.start, scope.period.end,
                           scope.unit)
    found: dict[date, dict[str, int]] = {}
    for day, kind, count in rows:
        week = found.setdefault(day - timedelta(days=day.weekday()),
                                dict.fromkeys(THROUGHPUT, 0))
        week[kind] += count
    return found


@dataclass(frozen=True)
class Waiting:
    procedure: int
    step: str
    person: str  # the name of whoever took it, or "" when nobody has
    count: int
    overdue: int


def waiting_now(scope: Scope, now: datetime) -> list[Waiting]:
    """What waits now, by step and by the person who took it (the period does not apply:
    "now" is now)."""
    rows = (
        Item.objects.filter(scope.items(), status__in=WAITING)
        .order_by().values("procedure_id", "step", "taken_by__first_name",
                           "taken_by__last_name", "taken_by__username")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=Q(due_limit__lte=now)))
    )
    return [
        Waiting(row["procedure_id"], row["step"],
                (" ".join(part for part in (row["taken_by__first_name"],
                                            row["taken_by__last_name"]) if part)
                 or row["taken_by__username"] or ""),
                row["count"], row["overdue"])
        for row in rows
    ]


def overdue_items(scope: Scope, now: datetime, count: int = 10) -> list[Item]:
    """The items waiting longest past their limit, for the dashboard's list."""
    return list(
        Item.objects.filter(scope.items(), status__in=WAITING, due_limit__lte=now)
        .only("pk", "title", "step", "due_limit", "register_number", "register_year",
              "procedure_version_id")
        .order_by("due_limit", "pk")[:count]
    )


def publications(scope: Scope) -> dict[str, dict[str, int]]:
    """Publications requested in the period, by channel and state, from the tallies kept with
    every change of a publication's state (``publishing.py``)."""
    return publishing.by_state(scope.organization.pk, scope.period.start, scope.period.end,
                               scope.unit)


def publication_delays(scope: Scope) -> dict[str, Tally]:
    """Hours from hand-in to publication, by channel, of the period's publications: their
    histograms (``tally.Tally``; percentiles within a bucket's width, shown with "≈")."""
    return publishing.hours(scope.organization.pk, scope.period.start, scope.period.end,
                            scope.unit)


def per_unit(scope: Scope) -> list[tuple[str, int, int]]:
    """(unit name, items handed in for the first time, publish actions) in the period, the
    unit filter aside, from the day counts kept with each action (``activity.py``)."""
    counts = activity.by_unit(scope.organization.pk, scope.period.start, scope.period.end,
                              (activity.FIRST_HAND_IN, "published"))
    handed: dict[int | None, int] = {}
    published: dict[int | None, int] = {}
    for (unit, kind), count in counts.items():
        (handed if kind == activity.FIRST_HAND_IN else published)[unit or None] = count
    # Unit 0 is the whole organization: what no unit holds is the rest.
    for found in (handed, published):
        whole = found.pop(None, 0)
        rest = whole - sum(found.values())
        if rest:
            found[None] = rest
    names = dict(scope.organization.units.values_list("pk", "name"))
    keys = sorted(set(handed) | set(published), key=lambda key: names.get(key, "~"))
    return [(names.get(key, "Tanpa unit") if key else "Tanpa unit",
             handed.get(key, 0), published.get(key, 0)) for key in keys]


def items_by_id(ids: list[int]) -> dict[int, Item]:
    return Item.objects.only("pk", "title", "register_number", "register_year",
                             "procedure_id").in_bulk(ids)
