from django.apps import AppConfig


class AccessibleConfig(AppConfig):
    name = "tayang.accessible"
    verbose_name = "Format aksesibel"

    def ready(self) -> None:
        # ``receivers`` connects the signal receivers by being imported.
        from tayang.accessible import facts, receivers, sweep  # noqa: F401
        from tayang.items import facts as item_facts
        from tayang.outbox import sweeps

        sweeps.register("format-aksesibel", sweep.make_due)
        item_facts.register(facts.readiness)
