from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "tayang.language"
    verbose_name = "Bahasa"

    def ready(self) -> None:
        # ``receivers`` connects the signal receivers by being imported.
        from tayang.language import receivers, spelling, sweep  # noqa: F401
        from tayang.outbox import idle, sweeps

        sweeps.register("periksa-ejaan", sweep.check_due)
        idle.register("kamus-ejaan", spelling.forget)
