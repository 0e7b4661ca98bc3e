"""Inviting an existing account into an organization, and its owner's answer.

An admin never attaches an account of another organization silently: it is invited, and
only its owner, signed in as themselves, accepts (a membership is made) or declines. The
admin's side learns nothing about accounts outside the organization: every invitation is
recorded and listed alike, whether the name belongs to an invitable account, to a superuser
(never invitable), to an inactive account, or to nobody.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tayang.orgs import audit
from tayang.orgs.models import INVITATION_DAYS, Invitation, Membership, Organization, Unit

State = Invitation.State
Action = audit.Action


def _invitable(username: str) -> AbstractBaseUser | None:
    user = get_user_model().objects.filter(username__iexact=username).first()
    if user is None or not user.is_active or user.is_superuser:
        return None
    return user


@transaction.atomic
def invite(organization: Organization, by: AbstractBaseUser, username: str, *,
           unit: Unit | None = None, position: str = "", is_admin: bool = False) -> Invitation:
    """Record an invitation (one open one per name); the same whatever the name is."""
    open_one = next((i for i in organization.invitations.filter(
        username__iexact=username, state=State.PENDING) if i.is_open), None)
    if open_one is not None:
        return open_one
    invitation = Invitation.objects.create(
        organization=organization, username=username, user=_invitable(username),
        invited_by=by, unit=unit, position=position, is_admin=is_admin,
    )
    audit.record(organization, by, Action.INVITED, subject_name=username,
                 detail="sebagai admin organisasi" if is_admin else "")
    return invitation


def open_for(user: AbstractBaseUser) -> QuerySet[Invitation]:
    """The invitations ``user`` may still answer (newest first)."""
    since = timezone.now() - timedelta(days=INVITATION_DAYS)
    return (Invitation.objects.filter(user=user, state=State.PENDING, created_at__gt=since)
            .select_related("organization", "unit", "invited_by"))


@transaction.atomic
def answer(invitation_id: int, user: AbstractBaseUser, *, accept: bool) -> Invitation | None:
    """The owner's answer; ``None`` when the invitation is not theirs or no longer open."""
    invitation = (Invitation.objects.select_for_update()
                  .filter(pk=invitation_id, user=user).first())
    if invitation is None or not invitation.is_open:
        return None
    invitation.state = State.ACCEPTED if accept else State.DECLINED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["state", "decided_at"])
    organization = invitation.organization
    if accept:
        membership, created = Membership.objects.get_or_create(
            organization=organization, user=user,
            defaults={"unit": invitation.unit, "position": invitation.position,
                      "is_admin": invitation.is_admin},
        )
        if not created and not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
    audit.record(organization, user,
                 Action.INVITATION_ACCEPTED if accept else Action.INVITATION_DECLINED,
                 subject=user)
    return invitation


@transaction.atomic
def withdraw(organization: Organization, by: AbstractBaseUser, invitation_id: int) -> bool:
    invitation = (organization.invitations.select_for_update()
                  .filter(pk=invitation_id, state=State.PENDING).first())
    if invitation is None:
        return False
    invitation.state = State.WITHDRAWN
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["state", "decided_at"])
    audit.record(organization, by, Action.INVITATION_WITHDRAWN,
                 subject_name=invitation.username)
    return True
