"""Rows read and written by statements written out once, not compiled by the ORM on each call.

An action on an item, a signed-in request's prefix and an action's side effects each send a
dozen short statements. Through the ORM every one of them is compiled anew (``Model.save`` and
``_save_table``, ``SQLInsertCompiler.as_sql``, ``get_select``, ``build_filter``): 0.1–0.7 ms
of Python a statement, where the database answers in a few hundredths (issue 16,
``docs/performance.md``). Here a statement's text is made once per database vendor, model and
shape and kept; values go in prepared by their fields as the ORM prepares them (``pre_save``,
``get_db_prep_save``) and come back through the fields' and the backend's converters and
``Model.from_db``, so what is stored and what is read are the ORM's own.

* :mod:`.reading`: select lists and instances made from the rows of a hand-written ``SELECT``;
* :mod:`.inserting`: new rows (one or many, ``RETURNING`` their keys), and upserts;
* :mod:`.updating`: an instance's changed columns, or one set of columns of many rows.

Like ``bulk_create`` and ``update()`` these send no ``pre_save``/``post_save`` signals: they
are used only for models nobody listens to. ``tests/app/test_prepared_rows.py`` and
``test_prepared_writes.py`` compare each path with the ORM's, column by column as stored.
"""
