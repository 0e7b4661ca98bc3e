"""An action's one read of its item: locked, with what the action needs beside it.

The item's row (locked until the action's transaction ends: ``FOR UPDATE OF`` the item alone
on PostgreSQL, SQLite's ``BEGIN IMMEDIATE`` having taken the database's write lock), its SOP,
the SOP's version and the unit (each shared by many items, so not locked; the unit may be
missing), the organization when the caller has not read it, the item's files (a JSON
subquery, ``assets.own_files_sql``) and the roles the person holds in the SOP (a subquery).
One statement, written out once per database (``tayang.rows``) and prepared by PostgreSQL once
per connection (``tayang.rows.prepared``, a key lookup: one plan for any item): the
ORM's ``select_for_update().select_related(…).annotate(…).get()`` built the same query anew on
every action, 0.7 ms of Python (issue 16).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from tayang.items.assets import own_files_sql
from tayang.items.models import Item
from tayang.orgs.models import Membership, Organization, Unit
from tayang.parties.lookup import party_of
from tayang.procedures.models import Procedure, ProcedureVersion, RoleGrant
from tayang.rows import prepared, reading

ROLE_SEPARATOR = "\x1f"  # never in a role key


def split_roles(keys: str | None) -> frozenset[str]:
    return frozenset(keys.split(ROLE_SEPARATOR)) if keys else frozenset()


def is_member(user: AbstractBaseUser) -> bool:
    """Whether ``user``'s roles come from grants (read with the item): an outside party's
    account holds its office's party keys instead (``workflow.roles_of``)."""
    return user.is_authenticated and party_of(user) is None


def locked_item(item_id: int, user: AbstractBaseUser, *,
                organization: Organization | None = None) -> Item:
    """The item, locked, with ``procedure``, ``procedure_version``, ``unit`` and
    ``organization`` in hand, ``own_files_read`` (its files, for ``assets.own_files``) and,
    for a member, ``actor_role_keys`` (the keys joined by ``ROLE_SEPARATOR``, None for
    none). ``organization``: the item must be one of its items.
    ``Item.DoesNotExist`` when there is no such item."""
    member = is_member(user)
    sql = _locked_sql(connection.vendor, organization is not None, member)
    params: list[Any] = [ROLE_SEPARATOR, user.pk, True] if member else []
    params.append(item_id)
    if organization is not None:
        params.append(organization.pk)
    with prepared.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise Item.DoesNotExist("Item matching query does not exist.")
    item = reading.build(Item, row)
    at = reading.width(Item)
    procedure = reading.build(Procedure, row, at)
    at += reading.width(Procedure)
    version = reading.build(ProcedureVersion, row, at)
    at += reading.width(ProcedureVersion)
    unit = reading.build(Unit, row, at) if item.unit_id is not None else None
    at += reading.width(Unit)
    if organization is None:
        organization = reading.build(Organization, row, at)
        at += reading.width(Organization)
    # As ``select_related`` leaves them: the related rows cached on the item, none read again.
    for name, related in (("procedure", procedure), ("procedure_version", version),
                          ("unit", unit), ("organization", organization)):
        Item._meta.get_field(name).set_cached_value(item, related)  # type: ignore[union-attr]
    if member:
        item.actor_role_keys = row[at]  # type: ignore[attr-defined]
        at += 1
    item.own_files_read = row[at]  # type: ignore[attr-defined]  # assets.own_files
    return item


@lru_cache(maxsize=16)
def _locked_sql(vendor: str, in_organization: bool, member: bool) -> str:
    quote = connection.ops.quote_name
    items, procedures, versions, units, organizations = (
        quote(model._meta.db_table)
        for model in (Item, Procedure, ProcedureVersion, Unit, Organization))
    selected = [reading.select_list(model)
                for model in (Item, Procedure, ProcedureVersion, Unit)]
    joins = [
        f"INNER JOIN {procedures} ON ({items}.{quote('procedure_id')} = "
        f"{procedures}.{quote('id')})",
        f"INNER JOIN {versions} ON ({items}.{quote('procedure_version_id')} = "
        f"{versions}.{quote('id')})",
        f"LEFT OUTER JOIN {units} ON ({items}.{quote('unit_id')} = {units}.{quote('id')})",
    ]
    if not in_organization:
        selected.append(reading.select_list(Organization))
        joins.append(f"INNER JOIN {organizations} ON ({items}.{quote('organization_id')} = "
                     f"{organizations}.{quote('id')})")
    if member:
        item_procedure = f"{items}.{quote('procedure_id')}"
        selected.append(f"({role_keys_sql(vendor, item_procedure)})")
    selected.append(f"({own_files_sql(vendor, f'{items}.{quote("id")}')})")
    where = f"{items}.{quote('id')} = %s"
    if in_organization:
        where += f" AND {items}.{quote('organization_id')} = %s"
    lock = ""
    features = connection.features
    if features.has_select_for_update:
        # Only the item's row: the SOP, its version, the unit and the organization are shared
        # by every other item (and the unit may be missing: an outer join).
        lock = " " + connection.ops.for_update_sql(
            of=(items,) if features.has_select_for_update_of else ())
    return (f"SELECT {', '.join(selected)} FROM {items} {' '.join(joins)} "
            f"WHERE {where}{lock}")


def role_keys_sql(vendor: str, procedure_id: str) -> str:
    """The keys of the roles a user (``%s``: the separator, the user's id, True) holds in the
    procedure whose id is the column ``procedure_id`` (``workflow.roles_of``), as one text
    (NULL for none): a subquery of the item's or the SOP's read. Written out: the ORM's
    subquery with an aggregate cost 0.45 ms of Python to build, more than the separate query
    it replaces."""
    quote = connection.ops.quote_name
    aggregate = "string_agg" if vendor == "postgresql" else "group_concat"
    grants, members, procedures = (
        quote(model._meta.db_table) for model in (RoleGrant, Membership, Procedure))
    return (
        f"SELECT {aggregate}(g.role_key, %s) FROM {grants} AS g "
        f"INNER JOIN {members} AS m ON g.membership_id = m.id "
        f"WHERE g.procedure_id = {procedure_id} AND m.user_id = %s "
        f"AND m.is_active = %s AND m.organization_id = (SELECT p.organization_id "
        f"FROM {procedures} AS p WHERE p.id = {procedure_id})"
    )


def current_procedure(organization: Organization, key: str, user: AbstractBaseUser
                      ) -> tuple[Procedure, ProcedureVersion, str | None]:
    """An active SOP of ``organization`` by its key, its current version (``current``) and,
    for a member, the keys of the roles ``user`` holds in it (``ROLE_SEPARATOR``-joined, None
    for none): what *Konten baru* reads, in one statement instead of three.
    ``Procedure.DoesNotExist``, or ``ProcedureVersion.DoesNotExist`` for an SOP without a
    version, as ``Procedure.current`` says."""
    member = is_member(user)
    params: list[Any] = [ROLE_SEPARATOR, user.pk, True] if member else []
    params += [organization.pk, key, True]
    with prepared.cursor() as cursor:
        cursor.execute(_procedure_sql(connection.vendor, member), params)
        row = cursor.fetchone()
    if row is None:
        raise Procedure.DoesNotExist("Procedure matching query does not exist.")
    procedure = reading.build(Procedure, row)
    at = reading.width(Procedure)
    if row[at] is None:
        raise ProcedureVersion.DoesNotExist(f"SOP {procedure.key} has no version")
    version = reading.build(ProcedureVersion, row, at)
    # As the organization's related manager and ``current`` leave them.
    Procedure._meta.get_field("organization").set_cached_value(procedure, organization)  # type: ignore[union-attr]
    ProcedureVersion._meta.get_field("procedure").set_cached_value(version, procedure)  # type: ignore[union-attr]
    return procedure, version, row[-1] if member else None


@lru_cache(maxsize=8)
def _procedure_sql(vendor: str, member: bool) -> str:
    quote = connection.ops.quote_name
    procedures, versions = (quote(model._meta.db_table)
                            for model in (Procedure, ProcedureVersion))
    selected = [reading.select_list(Procedure), reading.select_list(ProcedureVersion)]
    if member:
        procedure_id = f"{procedures}.{quote('id')}"
        selected.append(f"({role_keys_sql(vendor, procedure_id)})")
    # The latest version of each SOP is its current one (``Procedure.current``); an SOP
    # without one gives NULLs (an outer join), told apart from one not found.
    return (f"SELECT {', '.join(selected)} FROM {procedures} "
            f"LEFT OUTER JOIN {versions} ON ({versions}.{quote('procedure_id')} = "
            f"{procedures}.{quote('id')}) "
            f"WHERE {procedures}.{quote('organization_id')} = %s "
            f"AND {procedures}.{quote('key')} = %s AND {procedures}.{quote('is_active')} = %s "
            f"ORDER BY {versions}.{quote('number')} DESC LIMIT 1")
