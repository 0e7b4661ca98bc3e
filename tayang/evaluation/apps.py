from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvaluationConfig(AppConfig):
    name = "tayang.evaluation"
    label = "evaluation"
    verbose_name = "Evaluasi penerapan SOP"

    def ready(self) -> None:
        post_migrate.connect(_tallies_after_migrate, sender=self)
        from tayang.outbox import sweeps

        # The tallies the actions no longer write: added by every worker (issue 16). Its
        # modules imported when it first runs, in the worker: not in every web process.
        sweeps.register("rekap", _sweep)


def _tallies_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """A database from before the step tallies (or from before a change of their buckets)
    gets them made from its step visits when it is migrated: the dashboard and the report read
    only the tallies. A database already up to date costs one query."""
    from tayang.evaluation import tallies

    if using != "default" or tallies.up_to_date():
        return
    tallies.rebuild()


def _sweep() -> dict[str, int]:
    from tayang.evaluation.sweep import sweep

    return sweep()
