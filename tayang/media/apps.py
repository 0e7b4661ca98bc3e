from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "tayang.media"
    label = "media"
    verbose_name = "Dokumentasi (foto, video, dokumen)"

    def ready(self) -> None:
        from tayang.media.sweep import (
            ensure_temporary_folder,
            sweep_temporary_files,
            sweep_uploads_when_due,
        )
        from tayang.outbox import sweeps

        # Uploads stream to this folder; what a killed process left there goes at start-up.
        ensure_temporary_folder()
        sweep_temporary_files()
        # What interrupted uploads left behind, removed by the worker's sweep as well.
        sweeps.register("unggahan", sweep_uploads_when_due)
