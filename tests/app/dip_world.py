"""A DIP to work on: an organization and its PPID, signed in (shared by the DIP test files)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client

from tayang.orgs.models import Membership, Organization


def dip_organization() -> Organization:
    return Organization.objects.create(slug="disperindag", name="Disperindag")


def signed_in_ppid(org: Organization, client: Client) -> AbstractUser:
    user = get_user_model().objects.create_user("ppid", password="sandi-panjang-123")
    Membership.objects.create(organization=org, user=user, is_ppid=True)
    client.force_login(user)
    return user
