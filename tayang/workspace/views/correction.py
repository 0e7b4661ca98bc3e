"""Correcting a published item (*koreksi sesudah tayang*): the changed text and why.

Only the roles the SOP names may start one (``after_publish.correct``); the engine then takes
the item through the approvals the SOP names for a correction, and the public keeps the earlier
revision until the correction is published. Files are not changed here: a correction is of
the text (a wrong figure, a misspelt name), and alt texts stay as approved.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from tayang.dip.choices import dip_choices_for
from tayang.engine.actions import ActionKind, Correct
from tayang.engine.correction import correction_steps
from tayang.engine.machine import allowed_actions
from tayang.items.workflow import actor_for, perform, state_of
from tayang.sop.model import FieldKind
from tayang.workspace.access import OrgRequest, item_in, member_required
from tayang.workspace.content_form import ContentForm
from tayang.workspace.live_language import panel_context

_FILES = (FieldKind.MEDIA, FieldKind.DOCUMENT)


@member_required
def correct(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    sop = item.procedure_version.sop
    actor = actor_for(request.user, item.procedure)
    if ActionKind.CORRECT not in allowed_actions(sop, state_of(item, sop), actor):
        names = ", ".join(sop.role(key).name for key in sop.after_publish_roles("correct"))
        messages.error(request, (
            f"Koreksi sesudah tayang hanya dapat dimulai oleh {names}." if names
            else "SOP ini tidak mengatur koreksi konten yang sudah tayang."
        ))
        return redirect("workspace:item", org=request.organization.slug, pk=item.pk)
    editable = {f.key for f in sop.fields if f.kind not in _FILES}
    form = ContentForm(sop, item.values, request.POST or None, editable=editable,
                       dip_entries=dip_choices_for(sop, item.organization))
    note = request.POST.get("note", "")
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {key: value for key, value in form.changes().items() if key in editable}
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        result = perform(item.pk, request.user, Correct(changes, note),
                         expected_version=version)
        if result.ok:
            messages.success(request, "Koreksi dimulai; publik tetap melihat versi yang tayang "
                                      "sampai koreksi disetujui dan ditayangkan.")
            return redirect("workspace:item", org=request.organization.slug, pk=item.pk)
        messages.error(request, result.message)
        status = 422
    elif request.method == "POST":
        status = 422
    steps = [sop.step(key) for key in correction_steps(sop)]
    return render(request, "workspace/correction.html", {
        "item": item, "sop": sop, "form": form, "note": note, "steps": steps,
        **panel_context(sop, form.fields, reverse("workspace:item-language-check", kwargs={
            "org": request.organization.slug, "pk": item.pk})),
    }, status=status)
