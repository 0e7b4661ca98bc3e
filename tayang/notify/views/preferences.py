"""A person's own page: where and when Tayang reaches them (``/profil/pemberitahuan/``).

Standalone: the general profile page (``/profil/``) links here. Linking Telegram answers the
POST with the deep link itself, shown once and never put in an address (which a server log or
a browser history would keep).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tayang.notify import digests, telegram_links
from tayang.notify.forms import PreferenceForm
from tayang.notify.models import Messaging, TelegramLink
from tayang.notify.preferences import preference_of
from tayang.orgs.models import Organization


def _organizations(request: HttpRequest) -> list[Organization]:
    return list(Organization.objects.filter(memberships__user=request.user,
                                            memberships__is_active=True).order_by("name"))


def _page(request: HttpRequest, form: PreferenceForm, *, deep_link: str = "",
          linking: Organization | None = None) -> HttpResponse:
    organizations = _organizations(request)
    accounts = {m.organization_id: m for m in Messaging.objects.filter(
        organization__in=organizations)}
    links = {link.organization_id: link for link in TelegramLink.objects.filter(
        user=request.user)}
    telegram = [
        {"organization": org, "bot": accounts[org.pk].telegram_bot_username,
         "link": links.get(org.pk),
         "deep_link": deep_link if linking is not None and linking.pk == org.pk else ""}
        for org in organizations if org.pk in accounts and accounts[org.pk].telegram_ready
    ]
    return render(request, "notify/preferences.html", {
        "form": form, "telegram": telegram,
        "whatsapp_available": any(m.whatsapp_ready for m in accounts.values()),
        "organizations": organizations,
    }, status=422 if form.errors else 200)


def _form(request: HttpRequest, data: object = None) -> PreferenceForm:
    accounts = Messaging.objects.filter(organization__in=_organizations(request))
    return PreferenceForm(data, instance=preference_of(request.user), user=request.user,
                          whatsapp_available=any(m.whatsapp_ready for m in accounts))


@login_required
def page(request: HttpRequest) -> HttpResponse:
    form = _form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        digests.schedule(request.user)
        messages.success(request, "Pengaturan pemberitahuan disimpan.")
        return redirect("notify:preferences")
    return _page(request, form)


def _membership_org(request: HttpRequest, slug: str) -> Organization:
    organization = next((org for org in _organizations(request) if org.slug == slug), None)
    if organization is None:
        raise Http404("Halaman tidak ditemukan.")
    return organization


@require_POST
@login_required
def telegram_start(request: HttpRequest, org: str) -> HttpResponse:
    organization = _membership_org(request, org)
    messaging = Messaging.objects.filter(organization=organization).first()
    if messaging is None or not messaging.telegram_ready:
        messages.error(request, "Organisasi ini belum menyalakan pengiriman lewat Telegram.")
        return redirect("notify:preferences")
    deep_link = telegram_links.start(request.user, organization)
    return _page(request, _form(request), deep_link=deep_link, linking=organization)


@require_POST
@login_required
def telegram_unlink(request: HttpRequest, org: str) -> HttpResponse:
    organization = _membership_org(request, org)
    telegram_links.unlink(request.user, organization.pk)
    messages.success(request, f"Akun Telegram tidak lagi tertaut untuk {organization.name}.")
    return redirect("notify:preferences")
