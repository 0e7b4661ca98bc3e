from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "tayang.records"
    label = "records"
    verbose_name = "Naskah yang diterbitkan (surat, catatan persetujuan, register)"
