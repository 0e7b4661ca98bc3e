"""Fill an installation with one demo organization: its people, its items at every step,
published ones with web sizes and posters. ``python -m tests.deploy.populate [org slug]``
(Django settings from the environment). Tasks run inline, so what a worker would make for the
demo's own items is there at the end."""

from __future__ import annotations

import os
import sys


def main(slug: str = "dinsos-diy") -> None:
    os.environ["TAYANG_TASK_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from tayang.demo import organizations

    organizations.DEMO_ORGANIZATIONS = tuple(
        org for org in organizations.DEMO_ORGANIZATIONS if org.slug == slug
    )
    organizations.build()


if __name__ == "__main__":
    main(*sys.argv[1:])
