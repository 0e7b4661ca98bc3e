"""The signed-in person's own pages, under /profil/."""

from django.urls import path

from tayang.accounts.views import profile, twofactor

app_name = "accounts"

urlpatterns = [
    path("", profile.profile, name="profile"),
    path("kata-sandi/", profile.PasswordChange.as_view(), name="password-change"),
    path("dua-langkah/", twofactor.two_factor, name="two-factor"),
    path("sesi/<int:pk>/akhiri/", profile.end_session, name="end-session"),
    path("sesi/akhiri-lainnya/", profile.end_other_sessions, name="end-other-sessions"),
    path("undangan/<int:pk>/", profile.answer_invitation, name="invitation"),
]
