"""The organization's sending accounts and its failed deliveries (*Kelola › Pemberitahuan*).

For the organization's admins only. Tokens are sealed at once, like channel credentials, and
never sent back to the browser.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from tayang.channels.crypto import UnreadableSecrets
from tayang.notify.forms import MessagingForm
from tayang.notify.models import Delivery, Messaging, Preference, TelegramLink
from tayang.workspace.access import OrgRequest, admin_required

PROBLEMS_SHOWN = 50


@sensitive_post_parameters()
@admin_required
@sensitive_variables()
def page(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    messaging = (Messaging.objects.filter(organization=organization).first()
                 or Messaging(organization=organization))
    form = MessagingForm(request.POST or None, instance=messaging)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except UnreadableSecrets as error:
            form.add_error(None, f"{error} Isi ulang kedua token lalu simpan.")
        else:
            messages.success(request, "Pengaturan pengiriman pemberitahuan disimpan.")
            return redirect("notify:manage", org=organization.slug)
    members = organization.memberships.filter(is_active=True).values_list("user_id", flat=True)
    problems = (
        Delivery.objects.filter(notification__organization=organization,
                                state__in=(Delivery.State.FAILED, Delivery.State.UNCERTAIN))
        .select_related("notification__user").order_by("-notification__created_at")
        [:PROBLEMS_SHOWN]
    )
    return render(request, "notify/manage.html", {
        "nav": "manage", "form": form, "messaging": messaging, "problems": problems,
        "telegram_people": TelegramLink.objects.filter(
            organization=organization, blocked_at__isnull=True).count(),
        "whatsapp_people": Preference.objects.filter(
            user_id__in=members, by_whatsapp=True).exclude(whatsapp_number="").count(),
    }, status=422 if form.errors else 200)
