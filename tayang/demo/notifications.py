"""Demo notifications: every demo account is reached in the workspace and by e-mail.

Demo addresses end in ``.invalid`` (a domain reserved never to exist), so even a demo pointed
at a real SMTP server by mistake mails nobody; without ``TAYANG_SMTP_HOST`` the messages are
files under ``var/mail/`` to read. Set before the sample items are made, so their hand-ins,
send-backs and approvals announce themselves as they would for real; the time standards of
the items waiting in the past fall due as soon as the worker runs, and their reminders and
escalations follow. Quiet hours are kept (21.00–06.00); the admin accounts get a daily digest
at 07.00 and let overdue escalations through the quiet hours, to show both choices.
"""

from __future__ import annotations

from tayang.notify.digests import schedule
from tayang.notify.models import Preference
from tayang.orgs.models import Membership, Organization

DEMO_DOMAIN = "demo.tayang.invalid"


def build_notifications(org: Organization) -> None:
    for membership in Membership.objects.filter(organization=org).select_related("user"):
        user = membership.user
        if not user.email:
            user.email = f"{user.get_username()}@{DEMO_DOMAIN}"
            user.save(update_fields=["email"])
        Preference.objects.get_or_create(user=user, defaults={
            "by_email": True, "digest_enabled": membership.is_admin, "digest_hour": 7,
            "escalations_in_quiet": membership.is_admin,
        })
        schedule(user)
