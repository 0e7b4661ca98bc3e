"""Entering an office as an outside party, and finding the party behind an account.

The office's account is made here and only here: inactive, without a usable password, with no
membership, its name the office's display name and its e-mail address the office's. Saving the
office keeps the account in step, so a changed address gets the next message.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction

from tayang.engine.state import Status
from tayang.items.models import Item
from tayang.notify import occasions
from tayang.notify.models import Preference
from tayang.orgs.models import Organization
from tayang.parties.lookup import USERNAME_PREFIX
from tayang.parties.models import OutsideParty, PartyGrant
from tayang.procedures.models import Procedure


@transaction.atomic
def save_party(organization: Organization, *, name: str, office: str, email: str,
               grants: Iterable[tuple[Procedure, str]], is_active: bool = True,
               party: OutsideParty | None = None) -> OutsideParty:
    """Create or update an office, its account and the party keys it fills."""
    User = get_user_model()
    if party is None:
        user = User(username=f"{USERNAME_PREFIX}{secrets.token_hex(8)}", is_active=False)
        user.set_unusable_password()
        party = OutsideParty(organization=organization)
    else:
        user = party.user
    party.name, party.office, party.email, party.is_active = name, office, email, is_active
    user.first_name = party.display_name[:150]
    user.last_name = ""
    user.email = email
    user.is_active = False  # never signs in, whatever else changes
    user.save()
    party.user = user
    party.save()
    # An office's mailbox keeps no quiet hours: the message goes when the item arrives.
    Preference.objects.update_or_create(user=user, defaults={
        "by_email": True, "by_telegram": False, "by_whatsapp": False, "quiet_enabled": False,
    })
    wanted = {(procedure.pk, key) for procedure, key in grants}
    for grant in party.grants.all():
        if (grant.procedure_id, grant.party_key) not in wanted:
            grant.delete()
    have = set(party.grants.values_list("procedure_id", "party_key"))
    added = sorted(wanted - have)
    PartyGrant.objects.bulk_create(
        PartyGrant(party=party, procedure_id=procedure_id, party_key=key)
        for procedure_id, key in added
    )
    if party.is_active:
        _tell_about_waiting_items(party, added)
    return party


def _tell_about_waiting_items(party: OutsideParty, added: list[tuple[int, str]]) -> None:
    """Items already waiting at a step of a party the office now fills reach it at once."""
    for procedure_id, key in added:
        waiting = Item.objects.filter(
            procedure_id=procedure_id, status__in=(Status.IN_PROGRESS, Status.RETURNED),
        ).select_related("procedure_version", "organization")
        for item in waiting:
            sop = item.procedure_version.sop
            if item.step and sop.step(item.step).party == key:
                occasions.office_added(item, sop, party.user)
