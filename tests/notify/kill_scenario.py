"""The processes of the notification worker-kill test: ``python -m tests.notify.kill_scenario``.

``setup`` makes an organization whose review board has several members, all reached by
e-mail, and hands in three items: every member is told of each (the deliveries are queued in
the hand-in transactions); it prints the expected (recipient, subject) pairs as JSON.
``worker`` runs ``manage.py worker``. Both use the database in ``DATABASE_URL``; the SMTP
server is the test's (``TAYANG_SMTP_*``).
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tayang.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

BOARD = 4
TITLES = ("Sosialisasi perizinan berusaha", "Pelatihan kerja angkatan II",
          "Pameran produk UMKM unggulan")


def setup() -> None:
    from tests.app.world import add_person, make_world, perform, ready_item, step_action
    from tests.notify.kit import address, reachable

    world = make_world("kill", "uji-kill")
    for number in range(2, BOARD + 1):
        world.extra[f"board{number}"] = add_person(
            world.org, f"kill.tim_pertimbangan_{number}", world.procedure, ("tim_pertimbangan",))
    reachable(world, quiet_enabled=False)
    board = [world.holder("tim_pertimbangan"), *world.extra.values()]
    expected = []
    for title in TITLES:
        item = ready_item(world, title)
        result = perform(item.pk, world.holder("tim_pelaksana"),
                         step_action(world.sop, item.step))
        assert result.ok, result.message
        expected += [[address(person), f"Menunggu Anda: {title}"] for person in board]
    print(json.dumps(sorted(expected)))


def worker() -> None:
    # No autoreloader: the process the test kills must be the one doing the work.
    call_command("worker", interval=0.05, startup_delay=False, reload=False, verbosity=0)


if __name__ == "__main__":
    {"setup": setup, "worker": worker}[sys.argv[1]]()
