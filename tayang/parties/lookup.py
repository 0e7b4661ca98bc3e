"""Who is an outside party, and which SOP parties an office fills (models only: the items app
reads this for every actor)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from tayang.parties.models import OutsideParty, PartyGrant
from tayang.procedures.models import Procedure

USERNAME_PREFIX = "pihak-luar-"  # the accounts tayang.parties.accounts makes for offices


def party_of(user: AbstractBaseUser | None) -> OutsideParty | None:
    """The outside party acting through ``user``, or None for anyone else."""
    if user is None or not getattr(user, "pk", None) or getattr(user, "is_active", True):
        return None  # an office's account is never active: members cost no query here
    if not user.get_username().startswith(USERNAME_PREFIX):
        return None
    cached = getattr(user, "_outside_party", False)
    if cached is not False:
        return cached
    party = OutsideParty.objects.filter(user_id=user.pk).first()
    user._outside_party = party  # type: ignore[attr-defined]
    return party


def party_keys(user: AbstractBaseUser, procedure: Procedure) -> frozenset[str]:
    """The definition party keys ``user``'s office fills in ``procedure`` (while active)."""
    return frozenset(PartyGrant.objects.filter(
        procedure=procedure, party__user_id=user.pk, party__is_active=True,
        party__organization_id=procedure.organization_id,
    ).values_list("party_key", flat=True))


def offices_filling(procedure: Procedure, key: str) -> list[AbstractBaseUser]:
    """The accounts of the active offices that fill party ``key`` of ``procedure``."""
    return [grant.party.user for grant in PartyGrant.objects.filter(
        procedure=procedure, party_key=key, party__is_active=True,
        party__organization_id=procedure.organization_id,
    ).select_related("party__user").order_by("party__pk")]
