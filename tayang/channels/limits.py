"""Checking a post against what a platform accepts, in words that name the limit.

Every message starts with the channel's name, so a person handing in or publishing an item
sees exactly which channel refuses what ("Instagram: keterangan 2.315 karakter, paling banyak
2.200").
"""

from __future__ import annotations

from tayang.channels.connectors.base import ChannelKind, Limits, MediaFile, Post

MB = 1024 * 1024


def problems(connector: type[ChannelKind], post: Post, name: str = "") -> list[str]:
    """Everything ``connector``'s platform would refuse in ``post``; empty when it is fine."""
    limits = connector.limits
    found = [*_caption(limits, post), *_media(limits, post), *connector.problems(post)]
    prefix = name or connector.label
    return [f"{prefix}: {problem}" for problem in found]


def _caption(limits: Limits, post: Post) -> list[str]:
    if limits.caption_max is None:
        return []
    used = limits.count(post.text)
    if used <= limits.caption_max:
        return []
    return [
        f"keterangan {format_number(used)} {limits.count_name}, paling banyak "
        f"{format_number(limits.caption_max)}. Persingkat teksnya atau tulis varian khusus "
        "kanal ini."
    ]


def _media(limits: Limits, post: Post) -> list[str]:
    photos, videos = post.photos, post.videos
    found: list[str] = []
    if limits.requires_video and not videos:
        found.append("wajib ada video.")
    elif limits.requires_media and not (photos or videos):
        found.append("wajib ada sedikitnya satu foto atau video.")
    if limits.max_photos is not None and len(photos) > limits.max_photos:
        found.append(f"{len(photos)} foto, paling banyak {limits.max_photos}.")
    if limits.max_videos is not None and len(videos) > limits.max_videos:
        found.append(f"{len(videos)} video, paling banyak {limits.max_videos}.")
    if limits.max_items is not None and len(photos) + len(videos) > limits.max_items:
        found.append(
            f"{len(photos) + len(videos)} berkas foto/video, paling banyak {limits.max_items}."
        )
    if not limits.mixed_media and photos and videos:
        found.append("foto dan video tidak dapat digabung dalam satu tayangan.")
    for photo in photos:
        found += _photo(limits, photo)
    for video in videos:
        found += _video(limits, video)
    return found


def _photo(limits: Limits, photo: MediaFile) -> list[str]:
    found = []
    if photo.content_type not in limits.photo_types:
        found.append(f"foto {photo.filename}: jenis {photo.content_type} tidak diterima "
                     f"({format_types(limits.photo_types)}).")
    if limits.photo_max_bytes is not None and photo.size > limits.photo_max_bytes:
        found.append(f"foto {photo.filename}: {format_size(photo.size)}, paling besar "
                     f"{format_size(limits.photo_max_bytes)}.")
    if limits.photo_min_width and photo.width and photo.width < limits.photo_min_width:
        found.append(f"foto {photo.filename}: lebar {photo.width} px, paling kecil "
                     f"{limits.photo_min_width} px.")
    if photo.width and photo.height:
        found += _aspect(limits, photo)
    if limits.needs_alt_text and not photo.alt.strip():
        found.append(f"foto {photo.filename}: teks alternatif wajib diisi.")
    return found


def _video(limits: Limits, video: MediaFile) -> list[str]:
    found = []
    if video.content_type not in limits.video_types:
        found.append(f"video {video.filename}: jenis {video.content_type} tidak diterima "
                     f"({format_types(limits.video_types)}).")
    if limits.video_max_bytes is not None and video.size > limits.video_max_bytes:
        found.append(f"video {video.filename}: {format_size(video.size)}, paling besar "
                     f"{format_size(limits.video_max_bytes)}.")
    if video.duration is not None:
        if limits.video_max_seconds is not None and video.duration > limits.video_max_seconds:
            found.append(f"video {video.filename}: durasi {format_duration(video.duration)}, "
                         f"paling lama {format_duration(limits.video_max_seconds)}.")
        if limits.video_min_seconds is not None and video.duration < limits.video_min_seconds:
            found.append(f"video {video.filename}: durasi {format_duration(video.duration)}, "
                         f"paling singkat {format_duration(limits.video_min_seconds)}.")
    return found


def _aspect(limits: Limits, photo: MediaFile) -> list[str]:
    ratio = photo.width / photo.height  # type: ignore[operator]
    if limits.aspect_min is not None and ratio < limits.aspect_min - 0.005:
        return [f"foto {photo.filename}: terlalu tinggi (rasio {ratio:.2f}, paling kecil "
                f"{limits.aspect_min:.2f}). Potong fotonya."]
    if limits.aspect_max is not None and ratio > limits.aspect_max + 0.005:
        return [f"foto {photo.filename}: terlalu lebar (rasio {ratio:.2f}, paling besar "
                f"{limits.aspect_max:.2f}). Potong fotonya."]
    return []


def format_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def format_size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".", ",")
    return f"{size / 1024:.0f} KB"


def format_duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} jam {seconds % 3600 // 60} menit"
    if seconds >= 60:
        return f"{seconds // 60} menit {seconds % 60} detik"
    return f"{seconds} detik"


def format_types(types: frozenset[str]) -> str:
    return ", ".join(sorted(t.split("/")[-1].upper() for t in types))
