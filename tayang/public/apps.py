from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "tayang.public"
    label = "public"
    verbose_name = "Situs publik"

    def ready(self) -> None:
        from django.tasks.signals import task_finished

        from tayang.public import receivers  # noqa: F401  (connects the signal handlers)
        from tayang.public.memory import release

        # The worker gives back what decoding photos took (docs/performance.md).
        task_finished.connect(release, dispatch_uid="tayang-release-memory")
