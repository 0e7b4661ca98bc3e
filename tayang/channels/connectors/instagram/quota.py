"""Instagram's content publishing limit: read before each attempt, never assumed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from tayang.channels.connectors.base import ChannelError, ErrorKind
from tayang.channels.connectors.graph import Graph
from tayang.channels.connectors.meta import parse_time


class PublishingQuota:
    """The quota half of :class:`~tayang.channels.connectors.instagram.Instagram`."""

    ig_user_id: str
    now: Callable[[], datetime]

    def _check_quota(self, graph: Graph) -> None:
        answer = graph.get(f"{self.ig_user_id}/content_publishing_limit",
                           fields="quota_usage,config")
        rows = answer.get("data") or [{}]
        usage = int(rows[0].get("quota_usage") or 0)
        config = rows[0].get("config") or {}
        total = config.get("quota_total")
        duration = float(config.get("quota_duration") or 86_400)
        if total is None or usage < int(total):
            return
        wait = self._quota_wait(graph, int(total), duration)
        raise ChannelError(
            f"Instagram: batas {total} kiriman lewat API dalam {span(duration)} sudah tercapai "
            f"({usage}/{total}). Kuota diperkirakan tersedia lagi dalam {span(wait)}; Tayang "
            "akan mencoba lagi.",
            kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=wait,
            detail=f"content_publishing_limit: quota_usage={usage}, config={config}",
        )

    def _quota_wait(self, graph: Graph, total: int, duration: float) -> float:
        now = self.now()
        try:
            listed = graph.get(f"{self.ig_user_id}/media", fields="id,timestamp",
                               limit=min(max(total, 1), 100))
        except ChannelError:
            return duration
        window_start = now - timedelta(seconds=duration)
        moments = [moment for item in listed.get("data", [])
                   if (moment := parse_time(item.get("timestamp"))) and moment > window_start]
        if not moments:
            return duration
        frees = min(moments) + timedelta(seconds=duration)
        return max((frees - now).total_seconds(), 60.0)


def span(seconds: float) -> str:
    minutes = max(round(seconds / 60), 1)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} jam {minutes} menit"
    return f"{hours} jam" if hours else f"{minutes} menit"
