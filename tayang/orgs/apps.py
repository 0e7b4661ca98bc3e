from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "tayang.orgs"
    label = "orgs"
    verbose_name = "Organisasi dan anggota"
