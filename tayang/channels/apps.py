from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "tayang.channels"
    verbose_name = "Kanal publikasi"

    def ready(self) -> None:
        from tayang.channels import receivers  # noqa: F401  (connects the signal receivers)
        from tayang.channels.sweep import sweep
        from tayang.outbox import sweeps

        sweeps.register("penayangan", sweep)
