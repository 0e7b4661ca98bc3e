"""The Tayang administrator (superuser) lifts any sign-in lock and resets any 2FA here."""

from django.contrib import admin
from django.http import HttpRequest

from tayang.accounts import lockout, twofactor
from tayang.accounts.models import SignedInSession, SignInLock, TwoFactor


@admin.register(SignInLock)
class SignInLockAdmin(admin.ModelAdmin):
    list_display = ["user", "until", "failures", "created_at"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "until", "failures", "created_at"]
    actions = ["lift"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Buka kunci masuk akun terpilih")
    def lift(self, request: HttpRequest, queryset: object) -> None:
        for lock in list(queryset):  # type: ignore[call-overload]
            lockout.lift(lock.user)

    def delete_model(self, request: HttpRequest, obj: SignInLock) -> None:
        lockout.lift(obj.user)


@admin.register(TwoFactor)
class TwoFactorAdmin(admin.ModelAdmin):
    list_display = ["user", "confirmed_at", "created_at"]
    search_fields = ["user__username"]
    fields = ["user", "confirmed_at", "created_at"]
    readonly_fields = fields
    actions = ["reset"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Atur ulang verifikasi dua langkah (mengakhiri semua sesi)")
    def reset(self, request: HttpRequest, queryset: object) -> None:
        for record in list(queryset):  # type: ignore[call-overload]
            twofactor.switch_off(record.user, "verifikasi dua langkah diatur ulang administrator")


@admin.register(SignedInSession)
class SignedInSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "address", "created_at", "last_seen_at", "ended_at", "ended_reason"]
    search_fields = ["user__username", "address"]
    readonly_fields = ["user", "address", "user_agent", "created_at", "last_seen_at",
                       "ended_at", "ended_reason"]
    exclude = ["token", "session_key"]  # both sign the browser in: never shown

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
