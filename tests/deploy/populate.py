"""Fill an installation with one demo organization, its items at every step, published ones
with their web sizes and posters: ``python -m tests.deploy.populate`` (Django settings from
the environment). Tasks run inline, so everything a worker would make is there at the end."""

from __future__ import annotations

import os


def main() -> None:
    os.environ["TAYANG_TASK_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from tayang.demo import organizations

    organizations.DEMO_ORGANIZATIONS = tuple(
        org for org in organizations.DEMO_ORGANIZATIONS if org.slug == "dinsos-diy"
    )
    organizations.build()


if __name__ == "__main__":
    main()
