from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "tayang.workspace"
    label = "workspace"
    verbose_name = "Ruang kerja"
