"""The processes of the worker-kill test: ``python -m tests.channels.kill_scenario <what>``.

``setup`` makes an organization with several channels and publishes one item (printing the
channels' keys as JSON); ``worker`` runs ``manage.py worker`` with the test platforms
registered. Both use the database named by ``DATABASE_URL`` and the platform addresses in
``TAYANG_CHANNEL_API_BASES``, set by the test.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tayang.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.channels.testkit import Papan, registered  # noqa: E402

# [{"key", "kind", "config", "secrets"}, …]
CHANNELS = json.loads(os.environ.get("KILL_CHANNELS", "[]"))


def setup() -> None:
    from tayang.channels.models import Channel
    from tayang.engine.actions import Publish
    from tests.app.world import drive, make_world, perform, ready_item, step_action

    world = make_world("kill", "uji-kill")
    for position, spec in enumerate(CHANNELS):
        channel = Channel(organization=world.org, key=spec["key"], kind=spec["kind"],
                          name=spec["key"], config=spec["config"], position=position)
        channel.set_secrets(spec["secrets"])
        channel.save()
    item = ready_item(world, photos=5)
    step = next(s for s in world.sop.steps if s.kind.value == "publish")
    item = drive(world, item, step.key)
    action = Publish(confirmed=step_action(world.sop, step.key).confirmed)
    result = perform(item.pk, world.holder(step.roles[0]), action)
    assert result.ok, result.message
    print(json.dumps({"item": item.pk}))


def worker() -> None:
    # No autoreloader: the process the test kills must be the one doing the work.
    call_command("worker", interval=0.05, startup_delay=False, reload=False, verbosity=0)


if __name__ == "__main__":
    with registered(Papan):
        {"setup": setup, "worker": worker}[sys.argv[1]]()
