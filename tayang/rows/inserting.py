"""New rows (one or many) by one statement written once, without the ORM's insert compiler.

An action writes a handful of rows to a dozen tables (notifications, deliveries, wake-ups,
publications, the article, its photos, the task rows). ``bulk_create`` builds an
``InsertQuery`` and compiles it every time: 0.15–0.5 ms of Python a statement, several times
what the database takes. Here the statement's text is made once per process for a model, its
columns and its number of rows (``lru_cache``), and each value is prepared by its field as
the ORM's compiler prepares it (``pre_save`` — ``auto_now_add`` and the like — then
``get_db_prep_save``). The primary keys come back by ``RETURNING`` (SQLite ≥ 3.35 and
PostgreSQL, as ``bulk_create`` gets them on both). A value may be a ``RawSQL`` subquery (the
publication's approval, the article's revision date), written in place. No ``save()``, no
signals, as ``bulk_create``. ``tests/app/test_prepared_writes.py`` compares the rows with
``bulk_create``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, cast
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_init, pre_init

from tayang.rows import reading


def insert(objects: Sequence[models.Model], fields: Sequence[str] | None = None, *,
           on_conflict: str = "", params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    """Write ``objects`` (all of one model) as new rows in one statement; their primary keys
    are set from the database. ``fields``: the columns to write (attribute names of concrete
    fields); the others are left to the database (NULL, or their ``db_default``). None:
    every concrete field but an automatic primary key.

    ``on_conflict``: an ``ON CONFLICT …`` clause (with its ``params``) ending the statement,
    an upsert: no key is set (the rows it skips return none); the rows of the clause's own
    ``RETURNING``, if any, are returned."""
    if not objects:
        return []
    connection = reading.default_connection()
    model = type(objects[0])
    plan = _plan(model, tuple(fields) if fields is not None else None)
    chosen, columns = plan.fields, plan.columns
    values: list[object] = []
    subqueries: list[str | None] = []  # per value: a ``RawSQL``'s text, or None
    for instance in objects:
        for field, kind, attname in columns:
            # A field whose ``pre_save`` only reads the attribute is read directly.
            value = (getattr(instance, attname) if attname else field.pre_save(instance, True))
            if isinstance(value, RawSQL):
                subqueries.append(value.sql)
                values += value.params
            else:
                subqueries.append(None)
                values.append(_prepared(field, kind, value, connection))
    # Keys made by the database come back (others, a UUID, were given), and the values of
    # subqueries, as ``save()`` returns them.
    returning: tuple[models.Field, ...] = ()
    has_subqueries = any(subqueries)
    if not on_conflict:
        if has_subqueries:
            computed = {chosen[index % len(chosen)]
                        for index, sql in enumerate(subqueries) if sql}
            returning = tuple(field for field in (plan.pk, *chosen) if field in computed or (
                field is plan.pk and plan.auto_pk))
        else:
            returning = plan.returning
    statement = _statement(model, plan.attnames, len(objects), connection.vendor,
                           tuple(field.column for field in returning),
                           tuple(subqueries) if has_subqueries else None)
    with connection.cursor() as cursor:
        if on_conflict:
            cursor.execute(f"{statement} {on_conflict}", [*values, *params])
            return cursor.fetchall() if cursor.description else []
        cursor.execute(statement, values)
        if returning:
            for instance, row in zip(objects, cursor.fetchall(), strict=True):
                for field, value in zip(returning, row, strict=True):
                    setattr(instance, field.attname,
                            reading.converted(model, field.attname, value, using=connection))
    alias = connection.alias
    for instance in objects:
        state = instance._state
        state.adding = False
        state.db = alias
    return []


@dataclass(frozen=True)
class _Plan:
    """What ``insert`` needs of a model and its chosen fields, worked out once."""

    fields: tuple[models.Field, ...]
    # Per field: the field, its kind (``_plain``) and its attname when its ``pre_save`` is
    # the plain read of the attribute ("" when the field's own ``pre_save`` must run).
    columns: tuple[tuple[models.Field, str, str], ...]
    attnames: tuple[str, ...]
    pk: models.Field
    auto_pk: bool
    returning: tuple[models.Field, ...]  # without subqueries: the automatic key, if any


@lru_cache(maxsize=128)
def _plan(model: type[models.Model], names: tuple[str, ...] | None) -> _Plan:
    chosen = _fields(model, names)
    pk = cast(models.Field, model._meta.pk)
    auto_pk = isinstance(pk, models.AutoField)
    return _Plan(chosen, tuple(zip(chosen, _plain(chosen),
                                   (field.attname if _reads_only(field) else ""
                                    for field in chosen), strict=True)),
                 tuple(field.attname for field in chosen), pk, auto_pk,
                 tuple(field for field in (pk, *chosen) if field is pk and auto_pk))


def _reads_only(field: models.Field) -> bool:
    """Whether ``field.pre_save(instance, add)`` is ``getattr(instance, field.attname)``:
    ``Field``'s own, or a date's without ``auto_now``/``auto_now_add``. Exact methods: a
    subclass overriding ``pre_save`` (a file's saves the file) keeps its own."""
    method = type(field).pre_save
    if method is models.Field.pre_save:
        return True
    if method in (models.DateField.pre_save, models.DateTimeField.pre_save):
        date_field = cast(models.DateField, field)
        return not (date_field.auto_now or date_field.auto_now_add)
    return False


@lru_cache(maxsize=128)
def _fields(model: type[models.Model], names: tuple[str, ...] | None
            ) -> tuple[models.Field, ...]:
    meta = model._meta
    if names is None:
        return tuple(cast(models.Field, field) for field in meta.concrete_fields
                     if not (field.primary_key and isinstance(field, models.AutoField)))
    by_name = {field.attname: field for field in meta.concrete_fields}
    return tuple(cast(models.Field, by_name[name]) for name in names)


# How a field prepares a value, when that is known to be plain: text fields hand any ``str``
# (a ``TextChoices`` member too) back as it is (``to_python``), number and boolean fields a
# value of their exact type (``int()``, ``bool()``, ``float()``), a foreign key to an
# automatic key its integer; a date-time field an aware ``datetime`` adapted by the backend
# (SQLite: UTC text). An action's values are mostly these, and ``get_db_prep_save`` was half
# of this module's time. Exact field classes: a subclass may prepare differently.
_TEXT, _WHOLE, _MOMENT, _OTHER = "text", "whole", "moment", ""
_KINDS: dict[type[models.Field], str] = {
    models.CharField: _TEXT, models.TextField: _TEXT, models.SlugField: _TEXT,
    models.EmailField: _TEXT, models.IntegerField: _WHOLE, models.BigIntegerField: _WHOLE,
    models.SmallIntegerField: _WHOLE, models.PositiveIntegerField: _WHOLE,
    models.PositiveSmallIntegerField: _WHOLE, models.BooleanField: "bool",
    models.FloatField: "float", models.DateTimeField: _MOMENT,
}
_EXACT = {_WHOLE: int, "bool": bool, "float": float}


@lru_cache(maxsize=128)
def _plain(fields: tuple[models.Field, ...]) -> tuple[str, ...]:
    """Each field's kind above, or ``_OTHER`` (prepared by the field)."""
    def kind(field: models.Field) -> str:
        if isinstance(field, models.ForeignKey):
            return _WHOLE if isinstance(field.target_field, models.AutoField) else _OTHER
        return _KINDS.get(type(field), _OTHER)
    return tuple(kind(field) for field in fields)


def _prepared(field: models.Field, kind: str, value: Any,
              connection: BaseDatabaseWrapper) -> Any:
    """``field.get_db_prep_save(value, connection)``, shorter for the plain kinds."""
    if value is None and kind:
        return None
    if kind == _TEXT and isinstance(value, str):
        return value
    if kind == _MOMENT and type(value) is datetime and value.tzinfo is not None:
        return _moments(connection)(value)
    if type(value) is _EXACT.get(kind):
        return value
    return field.get_db_prep_save(value, connection)


_MOMENTS: WeakKeyDictionary[BaseDatabaseWrapper, Callable[[datetime], Any]] = (
    WeakKeyDictionary())


def _moments(connection: BaseDatabaseWrapper) -> Callable[[datetime], Any]:
    """The connection's ``ops.adapt_datetimefield_value`` for date-times. On SQLite with
    ``USE_TZ`` that is ``str()`` of the moment made naive in the connection's zone, written
    out here: Django's reads ``settings.USE_TZ`` through the lazy settings object and
    ``connection.timezone`` for every value (0.8 % of the flow's CPU, sampled)."""
    found = _MOMENTS.get(connection)
    if found is None:
        if connection.vendor == "sqlite" and settings.USE_TZ:
            zone = connection.timezone

            def found(value: datetime) -> Any:
                if value.utcoffset() is None:  # naive, as ``timezone.is_aware`` tells
                    return str(value)
                return str(value.astimezone(zone).replace(tzinfo=None))
        else:
            found = connection.ops.adapt_datetimefield_value
        _MOMENTS[connection] = found
    return found


@lru_cache(maxsize=256)
def _statement(model: type[models.Model], attnames: tuple[str, ...], rows: int,
               vendor: str, returning: tuple[str, ...],
               subqueries: tuple[str | None, ...] | None) -> str:
    """``INSERT INTO table (…) VALUES (…), …``, then ``RETURNING`` the columns ``returning``
    names; ``vendor`` keys the cache (the quoting is the connection's). ``subqueries``: for each
    value in order, the text of the ``RawSQL`` given for it (its parameters are the value's),
    or None for a plain value; None: plain values only."""
    quote = reading.default_connection().ops.quote_name
    meta = model._meta
    columns = {field.attname: field.column for field in meta.concrete_fields}
    if subqueries is None:
        marks = "(" + ", ".join(["%s"] * len(attnames)) + ")"
        values = ", ".join([marks] * rows)
    else:
        width = len(attnames)
        values = ", ".join(
            "(" + ", ".join("%s" if sql is None else f"({sql})"
                            for sql in subqueries[start:start + width]) + ")"
            for start in range(0, len(subqueries), width))
    statement = (f"INSERT INTO {quote(meta.db_table)} "
                 f"({', '.join(quote(columns[name]) for name in attnames)}) "
                 f"VALUES {values}")
    if not returning:
        return statement
    return f"{statement} RETURNING {', '.join(quote(column) for column in returning)}"


def new[M: models.Model](model: type[M], /, **values: Any) -> M:
    """``model(**values)`` — a row about to be written by :func:`insert` — without
    ``Model.__init__``'s keyword path: it asks every field for its default through the
    descriptors, and a related object given by its field name goes through the foreign key's
    descriptor (type check, the routers, the cache): ~13 µs a row of an action's history
    where this takes ~4 (issue 16, ``docs/performance.md``). Made the same: each value
    given by attname, a related object's key under the foreign key's attname with the object
    cached as the descriptor caches it, and the instance's database the related object's (as
    the routers give it without any configured); every other field its ``get_default()``.
    Anything else — a name that is not a concrete field's (a property), a related object of
    the wrong model, a model with a one-to-one field or its own ``__init__``, configured
    routers, anyone listening to ``pre_init``/``post_init`` — goes through ``model(**values)``,
    which also raises what it raises."""
    spec = _new_spec(model)
    # ``router.routers``: the routers the ORM asks, built from ``DATABASE_ROUTERS`` once (and
    # again when a test overrides it) — a plain attribute where ``settings.X`` is a lazy read.
    if spec is None or pre_init.receivers or post_init.receivers or router.routers:
        return model(**values)
    instance = model.__new__(model)
    state = ModelState()
    data = instance.__dict__
    data["_state"] = state
    used = 0
    for name, attname, field, related in spec:
        if related is not None and name in values:
            target = values[name]
            used += 1
            if target is None:
                data[attname] = None
            elif isinstance(target, related[0]):
                data[attname] = getattr(target, related[1])
                if state.db is None:
                    state.db = target._state.db or DEFAULT_DB_ALIAS
                    if target._state.db is None:
                        return model(**values)  # an unsaved related object: the ORM's way
                elif target._state.db != state.db:
                    return model(**values)
            else:
                return model(**values)
            state.fields_cache[name] = target
        elif attname in values:
            data[attname] = values[attname]
            used += 1
        else:
            data[attname] = field.get_default()
    if used != len(values):
        return model(**values)
    return instance


type _Related = tuple[type[models.Model], str]  # the related model, the attname its key is


@lru_cache(maxsize=128)
def _new_spec(model: type[models.Model]
              ) -> tuple[tuple[str, str, models.Field, _Related | None], ...] | None:
    """Per concrete field of ``model``: its name, attname, the field and — for a foreign key
    — the related model and its target attname; None when :func:`new` must use the ORM."""
    if model.__init__ is not models.Model.__init__ or model._meta.abstract:
        return None
    spec = []
    for field in model._meta.concrete_fields:
        if getattr(field, "generated", False):
            continue
        related: _Related | None = None
        if field.is_relation:
            if not isinstance(field, models.ForeignKey) or isinstance(
                    field, models.OneToOneField) or field.name != field.cache_name:
                return None
            related = (cast(type[models.Model], field.related_model),
                       field.target_field.attname)
        spec.append((field.name, field.attname, cast(models.Field, field), related))
    return tuple(spec)


def insert_one(instance: models.Model) -> None:
    """Insert ``instance`` as ``instance.save()`` inserts a new row (``auto_now_add`` set,
    values prepared by their fields), its key set from the row."""
    insert((instance,))
