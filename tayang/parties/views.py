"""*Kelola › Pihak luar*: the organization's admin enters the offices outside its members that
answer SOP steps through links (name, unit or office, e-mail), and which SOP party each fills.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from tayang.parties.accounts import save_party
from tayang.parties.forms import PartyForm, party_slots, slot_value
from tayang.parties.models import OutsideParty
from tayang.workspace.access import OrgRequest, admin_required


@admin_required
def parties(request: OrgRequest) -> HttpResponse:
    """The list of offices, and the form for a new one."""
    org = request.organization
    form = PartyForm(request.POST or None, organization=org,
                     initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        party = _save(request, form, None)
        messages.success(request, f"{party.display_name} dicatat sebagai pihak luar.")
        return redirect("workspace:manage-parties", org=org.slug)
    return _page(request, form, None)


@admin_required
def party(request: OrgRequest, pk: int) -> HttpResponse:
    """One office: change its details, the parties it fills, or stop it receiving links."""
    org = request.organization
    chosen = get_object_or_404(OutsideParty, pk=pk, organization=org)
    initial = {
        "name": chosen.name, "office": chosen.office, "email": chosen.email,
        "is_active": chosen.is_active,
        "slots": [slot_value(g.procedure, g.party_key)
                  for g in chosen.grants.select_related("procedure")],
    }
    form = PartyForm(request.POST or None, organization=org, party=chosen, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, chosen)
        messages.success(request, f"Data {saved.display_name} disimpan.")
        return redirect("workspace:manage-parties", org=org.slug)
    return _page(request, form, chosen)


def _save(request: OrgRequest, form: PartyForm, chosen: OutsideParty | None) -> OutsideParty:
    data = form.cleaned_data
    return save_party(request.organization, name=data["name"], office=data["office"],
                      email=data["email"], grants=form.grants(),
                      is_active=bool(data.get("is_active")), party=chosen)


def _page(request: OrgRequest, form: PartyForm, chosen: OutsideParty | None) -> HttpResponse:
    org = request.organization
    slots = {slot_value(p, key): label for p, key, label in party_slots(org)}
    listed = []
    for office in org.outside_parties.prefetch_related("grants__procedure"):
        filled = [slots.get(slot_value(g.procedure, g.party_key), g.party_key)
                  for g in office.grants.all()]
        listed.append((office, filled))
    unfilled = sorted(set(slots.values()) - {name for _, names in listed for name in names})
    return render(request, "parties/manage.html", {
        "nav": "manage", "form": form, "chosen": chosen, "parties": listed,
        "unfilled": unfilled,
    }, status=422 if form.errors else 200)
