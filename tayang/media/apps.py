from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "tayang.media"
    label = "media"
    verbose_name = "Dokumentasi (foto, video, dokumen)"
