"""One archive holding an installation: its database and every stored file.

``manage.py backup <file>`` writes it, ``manage.py restore <file>`` puts it into an empty
installation. The archive is a tar file (gzip-compressed when its name ends in ``.gz``):

* ``tayang-backup.json`` first — format, database kind, the migrations the database had, when;
* ``database/`` — a SQLite file made with SQLite's online backup API, or a ``pg_dump`` archive;
* ``files/<name>`` — every file of the file storage (local folder or bucket) under its stored
  name, except the background exports (``exports/``: made again in seconds and removed after
  a week anyway);
* ``tayang-backup-end.json`` last — how many files and bytes, so a cut-short archive is
  recognised before anything is restored.

Consistency: the database is copied first, as one snapshot; the files after it. Stored files
are never changed (their names are content hashes) and only files no record refers to are
ever deleted, so every file the snapshot refers to is still there when the files are copied;
files added meanwhile are copied too and are harmless. Secrets are not in the archive: the
channels' credentials need the same ``TAYANG_SECRET_KEY``/``TAYANG_CHANNEL_KEY`` after a
restore (keep ``/etc/tayang/tayang.env`` safe, apart from the backups).
"""
