from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tayang.decisions"
    label = "decisions"
    verbose_name = "Keputusan melalui tautan"

    def ready(self) -> None:
        from tayang.accounts.hub import register_link

        register_link("PIN keputusan", "decisions:pin",
                      "PIN untuk memutuskan dari tautan di pesan, dan tautan Anda yang masih "
                      "terbuka.")
