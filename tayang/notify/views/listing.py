"""The person's notification list (``/pemberitahuan/``): every message, read or not, with how
each medium fared, across all their organizations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tayang.engine.moments import moment_text
from tayang.notify import actions, compose
from tayang.notify.models import Delivery, Notification
from tayang.orgs.models import Membership

PAGE_SIZE = 30


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    listed = Notification.objects.filter(user=request.user)
    unread_only = request.GET.get("tampil") == "belum-dibaca"
    if unread_only:
        listed = listed.filter(read_at__isnull=True)
    listed = listed.select_related("organization", "item").prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.order_by("medium")))
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(request, "notify/list.html", {
        "page": page, "unread_only": unread_only,
        "rows": [_row(notification) for notification in page],
    })


def _row(notification: Notification) -> dict[str, object]:
    """A notification with its times in its organization's zone (WIB, WITA, WIT)."""
    zone = notification.organization.zone
    return {
        "notification": notification,
        "when": moment_text(notification.created_at, zone),
        "deliveries": [
            {"delivery": delivery,
             "due": moment_text(delivery.due_at, zone) if delivery.due_at else ""}
            for delivery in notification.deliveries.all()
        ],
    }


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go where it points (the item's page in the workspace)."""
    notification = get_object_or_404(
        Notification.objects.select_related("organization", "item"), pk=pk, user=request.user)
    actions.mark_read(request.user, [notification.pk])
    if notification.item is not None:
        return redirect(compose.item_path(notification.item))
    if notification.link.startswith("/"):
        return redirect(notification.link)
    return redirect("notify:list")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    count = actions.mark_read(request.user)
    messages.success(request, f"{count} pemberitahuan ditandai sudah dibaca." if count
                     else "Tidak ada pemberitahuan yang belum dibaca.")
    return redirect("notify:list")


@require_POST
@login_required
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a failed or uncertain delivery again: its person, or an admin of its organization."""
    delivery = get_object_or_404(Delivery.objects.select_related("notification"), pk=pk)
    notification = delivery.notification
    allowed = notification.user_id == request.user.pk or Membership.objects.filter(
        organization_id=notification.organization_id, user=request.user, is_active=True,
        is_admin=True).exists()
    if not allowed:
        raise Http404("Halaman tidak ditemukan.")
    if actions.resend(delivery.pk):
        messages.success(request, f"{delivery.get_medium_display()}: dikirim ulang.")
    else:
        messages.error(request, "Pengiriman ini tidak dalam keadaan yang dapat dikirim ulang.")
    target = request.POST.get("kembali", "")
    return redirect(target if target.startswith("/") and not target.startswith("//")
                    else "notify:list")
