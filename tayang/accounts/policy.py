"""Who must use two-factor sign-in: an organization may require it of its admins and of the
members holding a role that approves or publishes (the steps separation of duties guards)."""

from __future__ import annotations

from tayang.accounts import twofactor
from tayang.engine.actions import ActionKind
from tayang.engine.step_actions import available
from tayang.orgs.models import Membership

DUTY_ACTIONS = frozenset({ActionKind.APPROVE, ActionKind.PUBLISH})


def approves(membership: Membership) -> bool:
    """Whether the member holds a role that approves or publishes in one of the org's SOPs."""
    for grant in membership.grants.select_related("procedure"):
        sop = grant.procedure.current.sop
        if any(grant.role_key in step.roles and available(step) & DUTY_ACTIONS
               for step in sop.steps):
            return True
    return False


def must_use_two_factor(membership: Membership) -> bool:
    if not membership.organization.require_two_factor:
        return False
    return membership.is_admin or approves(membership)


def missing_two_factor(membership: Membership, *, two_factor_on: bool | None = None) -> bool:
    """The organization requires 2FA of this member, who has not switched it on.

    Asked on every workspace request: the cheapest test first. In an organization requiring
    it, most members have it on (``two_factor_on`` when it was read with the membership,
    :mod:`tayang.accounts.signed_in`; else one query by the member's id); only the others are
    asked whether they approve (their grants and each SOP's current version).
    """
    if not membership.organization.require_two_factor:
        return False
    if two_factor_on is None:
        two_factor_on = twofactor.enabled_for(membership.user_id)
    if two_factor_on:
        return False
    return membership.is_admin or approves(membership)
