from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "tayang.notify"
    verbose_name = "Pemberitahuan"

    def ready(self) -> None:
        # ``receivers`` connects the signal receivers by being imported.
        from tayang.accounts.hub import register_link
        from tayang.notify import receivers, sweep  # noqa: F401
        from tayang.outbox import sweeps

        register_link("Pemberitahuan", "notify:preferences",
                      "Pilih lewat apa Tayang memberi tahu Anda, jam tenang dan ringkasan harian.")

        sweeps.register("pemberitahuan", sweep.send_due)
        sweeps.register("pengingat", sweep.wake_due)
        sweeps.register("ringkasan", sweep.digest_due)
        sweeps.register("telegram", sweep.link_telegram)
