"""Withdrawing an item's website publication from its page in the workspace.

The rule of who may withdraw lives in :mod:`tayang.items.withdrawal`; this view only passes the
request on and says what happened.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tayang.items.withdrawal import withdraw
from tayang.workspace.access import OrgRequest, item_in, member_required


@member_required
@require_POST
def withdraw_publication(request: OrgRequest, pk: int) -> HttpResponse:
    item = item_in(request, pk)
    result = withdraw(item.pk, request.user, request.POST.get("reason", ""))
    if result.done:
        messages.success(request, result.message)
    else:
        messages.error(request, result.message)
    return redirect("workspace:item", org=request.organization.slug, pk=item.pk)
