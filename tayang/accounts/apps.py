from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tayang.accounts"
    label = "accounts"
    verbose_name = "Akun dan keamanan masuk"

    def ready(self) -> None:
        from tayang.accounts import sessions  # noqa: F401  (connects the sign-in signals)
