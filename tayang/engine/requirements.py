"""Checking a step's requirements (*Kelengkapan*) against an item's content. Pure functions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from tayang.engine.content import (
    FORMATS,
    FormatReadiness,
    Values,
    is_filled,
    media_of,
    text_of,
)
from tayang.sop.model import (
    FIVE_W_ONE_H_PARTS,
    CheckKind,
    ItemField,
    MediaKind,
    Requirement,
    Sop,
    Step,
    StepKind,
)
from tayang.sop.rules import product_rules

_KIND_NAMES = {MediaKind.PHOTO: "foto", MediaKind.VIDEO: "video", MediaKind.AUDIO: "audio"}


@dataclass(frozen=True)
class Unmet:
    """A requirement that is not met, with a sentence saying what is missing."""

    requirement: Requirement
    message: str


@dataclass(frozen=True)
class CheckResult:
    requirement: Requirement
    passed: bool | None  # None: a checklist item a person must judge
    message: str = ""


def evaluate(
    sop: Sop,
    requirements: Collection[Requirement],
    values: Values,
    confirmed: Collection[str] = (),
) -> list[CheckResult]:
    """The result of every requirement, for the item page's checklist."""
    results = []
    for requirement in requirements:
        if requirement.check is None:
            ticked = requirement.text in confirmed
            if requirement.confirm and not ticked:
                results.append(
                    CheckResult(requirement, False, f"Belum dikonfirmasi: {requirement.text}")
                )
            else:
                results.append(CheckResult(requirement, True if ticked else None))
            continue
        field = sop.field(requirement.field or "")
        message = _check(requirement.check, field, values)
        results.append(CheckResult(requirement, message is None, message or ""))
    return results


def unmet(
    sop: Sop,
    requirements: Collection[Requirement],
    values: Values,
    confirmed: Collection[str] = (),
) -> list[Unmet]:
    """The requirements that block acting, each with its reason in plain Indonesian."""
    return [
        Unmet(result.requirement, result.message)
        for result in evaluate(sop, requirements, values, confirmed)
        if result.passed is False
    ]


def _check(check: CheckKind, field: ItemField, values: Values) -> str | None:
    """None when ``check`` passes on ``field``; otherwise what is missing."""
    match check:
        case CheckKind.FILLED:
            if not is_filled(values.get(field.key)):
                return f"{field.label} belum diisi."
        case CheckKind.MAX_LENGTH:
            length = len(text_of(values, field.key))
            if field.max_length is not None and length > field.max_length:
                return (
                    f"{field.label} terlalu panjang: {length} karakter, paling banyak "
                    f"{field.max_length}."
                )
        case CheckKind.MIN_COUNT:
            return _check_count(field, values)
        case CheckKind.MAX_COUNT:
            count = len(media_of(values, field.key))
            if field.max_count is not None and count > field.max_count:
                return (
                    f"{field.label}: {count} berkas, paling banyak {field.max_count}; "
                    "hapus yang tidak perlu."
                )
        case CheckKind.FIVE_W_ONE_H:
            answers = values.get(field.key)
            answers = answers if isinstance(answers, dict) else {}
            missing = [
                label for key, label in FIVE_W_ONE_H_PARTS if not is_filled(answers.get(key))
            ]
            if missing:
                return f"{field.label}: unsur 5W+1H belum dijawab: {', '.join(missing)}."
        case CheckKind.ALT_TEXT:
            without = [
                item.name or f"gambar ke-{index}"
                for index, item in enumerate(media_of(values, field.key), start=1)
                if item.kind is MediaKind.PHOTO and not item.alt_text.strip()
            ]
            if without:
                names = ", ".join(without)
                return f"Teks alternatif belum diisi untuk {len(without)} gambar: {names}."
        case CheckKind.DIP_LINK:
            if not is_filled(values.get(field.key)):
                return f"{field.label}: belum ditautkan ke entri Daftar Informasi Publik (DIP)."
        case CheckKind.ACCESSIBLE_FORMATS:
            return _check_formats(values.get(FORMATS))
        case CheckKind.CAPTIONS:
            return _check_captions(field, values)
    return None


def _check_captions(field: ItemField, values: Values) -> str | None:
    """Every video carries captions and every audio file a transcript (deaf citizens)."""
    without = [
        item.name or f"berkas ke-{index}"
        for index, item in enumerate(media_of(values, field.key), start=1)
        if item.kind in (MediaKind.VIDEO, MediaKind.AUDIO) and not item.captions
    ]
    if without:
        return (f"Takarir (WebVTT) belum ada untuk {len(without)} video/audio: "
                f"{', '.join(without)}. Unggah berkas .vtt atau buat dari transkrip.")
    return None


def _check_formats(readiness: object) -> str | None:
    """Met once nothing is still being made and at least one format is ready.

    A format whose program is not installed, or that failed, does not hold the publication
    up as long as another is ready: the page says which is missing. The fact comes from the
    caller (:data:`FORMATS`); a caller that makes no files (a simulation, ``tayang
    simulate``) gives none, and the check then has nothing to hold the item up for. The
    Django layer always gives it for an SOP with this check (``tayang.accessible.facts``).
    """
    if readiness is None:
        return None
    if not isinstance(readiness, FormatReadiness) or not (
        readiness.ready or readiness.waiting or readiness.failed or readiness.unavailable
    ):
        return "Format aksesibel (audio, Braille, cetak besar) belum dibuat."
    if readiness.waiting:
        return (
            f"Format aksesibel masih dibuat: {', '.join(readiness.waiting)}; tunggu sebentar "
            "lalu muat ulang halaman."
        )
    if not readiness.ready:
        missing = [*(f"{name} gagal" for name in readiness.failed),
                   *(f"{name} tidak tersedia" for name in readiness.unavailable)]
        return (
            f"Belum ada format aksesibel yang siap ({', '.join(missing)}); tekan «Buat ulang "
            "format aksesibel» atau minta admin memasang programnya."
        )
    return None


def _check_count(field: ItemField, values: Values) -> str | None:
    files = media_of(values, field.key)
    allowed = set(field.media_kinds)
    counted = [item for item in files if not allowed or item.kind in allowed]
    minimum = field.min_count or 0
    if len(counted) >= minimum:
        return None
    kinds = "/".join(_KIND_NAMES[kind] for kind in field.media_kinds) or "berkas"
    return f"{field.label}: baru {len(counted)} {kinds}, paling sedikit {minimum}."


def shown_requirements(sop: Sop, step: Step) -> tuple[Requirement, ...]:
    """What a person sees listed at ``step``: its own, plus every SOP's rules at hand-in."""
    if step.kind is not StepKind.HANDIN:
        return step.requirements
    return (*step.requirements, *product_rules(sop))
