from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "tayang.language"
    verbose_name = "Bahasa"

    def ready(self) -> None:
        # ``receivers`` connects the signal receivers by being imported.
        from tayang.language import receivers, sweep  # noqa: F401
        from tayang.outbox import sweeps

        sweeps.register("periksa-ejaan", sweep.check_due)
