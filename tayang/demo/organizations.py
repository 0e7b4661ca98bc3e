"""Demo organizations for every bundled SOP, with one account per role and sample items.

Everything is created through the same models the product uses, so the demo shows real
organizations, real SOP versions and real role grants. Demo accounts exist only in demo mode;
the management command refuses to run otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, make_password
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from tayang.demo.channels import build_channels
from tayang.demo.dip import build_dip
from tayang.demo.history import build_history
from tayang.demo.items import build_items
from tayang.demo.notifications import build_notifications
from tayang.demo.people import person
from tayang.demo.profiles import fill_profile
from tayang.orgs.models import Membership, Organization, Unit
from tayang.procedures.models import RoleGrant
from tayang.procedures.services import adopt_bundled
from tayang.sop.bundled import bundled_sops
from tayang.sop.model import CheckKind

DEMO_PASSWORD = "tayang-demo"


@dataclass(frozen=True)
class DemoOrganization:
    slug: str
    name: str
    short_name: str
    timezone: str
    sops: tuple[str, ...]  # bundled SOP keys
    units: tuple[tuple[str, str], ...]  # (name, kind)


DEMO_ORGANIZATIONS = (
    DemoOrganization(
        "dpmptsp-gunungkidul",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Gunungkidul",
        "DPMPTSP Gunungkidul", "Asia/Jakarta", ("gunungkidul-dpmptsp-upload-konten",),
        (("Sekretariat", "sekretariat"), ("Bidang Pelayanan Perizinan", "bidang")),
    ),
    DemoOrganization(
        "disnakertrans-bantul", "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Bantul",
        "Disnakertrans Bantul", "Asia/Jakarta", ("bantul-disnakertrans-website-medsos",),
        (("Sekretariat", "sekretariat"), ("Bidang Pelatihan dan Produktivitas", "bidang")),
    ),
    DemoOrganization(
        "dinsos-diy", "Dinas Sosial Daerah Istimewa Yogyakarta", "Dinsos DIY", "Asia/Jakarta",
        ("dinsos-diy-media-informasi",),
        (("Sekretariat", "sekretariat"), ("Bidang Perlindungan dan Jaminan Sosial", "bidang"),
         ("Balai Rehabilitasi Sosial", "balai")),
    ),
    DemoOrganization(
        "disperindag-kalteng",
        "Dinas Perdagangan dan Perindustrian Provinsi Kalimantan Tengah",
        "Disperindag Kalteng", "Asia/Jakarta",
        ("kalteng-disperindag-pengumuman-informasi", "kalteng-disperindag-upload-medsos"),
        (("Sekretariat", "sekretariat"), ("Bidang Perdagangan", "bidang")),
    ),
)


def demo_username(org: DemoOrganization, role_key: str) -> str:
    return f"{org.slug.split('-')[-1]}.{role_key}"


type Accounts = list[tuple[str, str]]  # (username, what the account is for)


@transaction.atomic
def build(chosen: Iterable[DemoOrganization] | None = None) -> list[tuple[str, Accounts]]:
    """Create (or complete) every demo organization, or the ``chosen`` ones (the benchmarks'
    own); returns (organization, accounts)."""
    known = bundled_sops()
    summary = [("Tayang (seluruh instalasi)", [(_superuser(), "Administrator Django")])]
    for demo in DEMO_ORGANIZATIONS if chosen is None else chosen:
        keys = [key for key in demo.sops if key in known]
        if not keys:
            continue
        org, created = Organization.objects.get_or_create(
            slug=demo.slug,
            defaults={"name": demo.name, "short_name": demo.short_name,
                      "timezone": demo.timezone, "is_demo": True},
        )
        units = [Unit.objects.get_or_create(organization=org, name=name, kind=kind)[0]
                 for name, kind in demo.units]
        # Not "<org>.admin": an SOP may have an executor role with the key "admin" (seed C).
        admin = _account(org, demo, "kelola", "Admin Organisasi", units[0], admin=True)
        fill_profile(org, admin)
        accounts: Accounts = [(admin.get_username(), "Admin organisasi")]
        people: dict[str, AbstractUser] = {}
        procedures = []
        for key in keys:
            procedure = adopt_bundled(org, key)
            procedures.append(procedure)
            sop = procedure.current.sop
            # Field staff (the first step's executors) sit in a division; the rest in the
            # secretariat, as in the agencies the seeds come from.
            field_roles = set(sop.first_step.roles)
            for role in sop.roles:
                if role.key not in people:
                    unit = units[-1] if role.key in field_roles else units[0]
                    people[role.key] = _account(org, demo, role.key, role.name, unit)
                    accounts.append((people[role.key].get_username(), role.name))
                membership = Membership.objects.get(organization=org, user=people[role.key])
                RoleGrant.objects.get_or_create(
                    membership=membership, procedure=procedure, role_key=role.key
                )
        build_dip(org)
        build_channels(org)
        build_notifications(org)  # before the items: their actions announce themselves
        for role_key in _ppid_roles(keys):
            Membership.objects.filter(organization=org, user=people[role_key]).update(
                is_ppid=True
            )
        if created:  # sample items only once: running the demo again must not pile them up
            for procedure in procedures:
                build_history(procedure, people)  # the past weeks the dashboard shows
                build_items(procedure, people)
        summary.append((org.name, accounts))
    return summary


def _demo_password_hash() -> str:
    # Hashed once for every demo account: a password hash takes a deliberate half second.
    return _hash_with(settings.PASSWORD_HASHERS[0])


@cache
def _hash_with(hasher: str) -> str:
    return make_password(DEMO_PASSWORD, hasher=get_hasher("default").algorithm)


def _ppid_roles(keys: list[str]) -> set[str]:
    """The executors of steps that link to the DIP keep it (seed D's PPID Pelaksana)."""
    known = bundled_sops()
    return {
        role
        for key in keys
        for step in known[key].steps
        for requirement in step.requirements
        if requirement.check is CheckKind.DIP_LINK
        for role in step.roles
    }


def _superuser() -> str:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True,
                                    "first_name": "Administrator"}
    )
    if created:
        user.password = _demo_password_hash()
        user.save()
    return user.get_username()


def _account(org: Organization, demo: DemoOrganization, role_key: str, role_name: str,
             unit: Unit, *, admin: bool = False) -> AbstractUser:
    user_model = get_user_model()
    who = person(Membership.objects.filter(organization=org).count())
    user, created = user_model.objects.get_or_create(
        username=demo_username(demo, role_key),
        defaults={"first_name": who.first_name, "last_name": who.last_name},
    )
    if created:
        user.password = _demo_password_hash()
        user.save()
    Membership.objects.get_or_create(
        organization=org, user=user,
        defaults={"unit": unit, "is_admin": admin, "position": role_name[:200],
                  "rank": who.rank, "nip": who.nip},
    )
    return user
