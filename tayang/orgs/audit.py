"""Writing the organization's audit history (who changed whose membership, roles, access).

Call :func:`record` inside the transaction that makes the change, so the history and the
change are written together or not at all.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from tayang.orgs.models import AuditEntry, Organization

Action = AuditEntry.Action
log = logging.getLogger("tayang.security")


def record(organization: Organization, actor: AbstractBaseUser | AnonymousUser | None,
           action: str, *, subject: AbstractBaseUser | None = None, subject_name: str = "",
           detail: str = "") -> AuditEntry:
    actor_user = actor if actor is not None and actor.is_authenticated else None
    name = subject_name or (subject.get_username() if subject is not None else "")
    entry = AuditEntry.objects.create(
        organization=organization, actor=actor_user, action=action, subject=subject,
        subject_name=name[:150], detail=detail[:500],
    )
    log.info("audit org=%s actor=%s action=%s subject=%s %s", organization.slug,
             actor_user.get_username() if actor_user else "-", action, name or "-", detail)
    return entry
