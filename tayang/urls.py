"""Top-level URLs: the start page, sign-in and the Django admin."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from tayang.accounts.views import reset, signin
from tayang.public.views import robots, verification
from tayang.web import document, icon, views
from tayang.web.admin_on_demand import admin_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("ruang-kerja/", views.workspaces, name="workspaces"),
    path("robots.txt", robots.robots_txt, name="robots"),
    path("favicon.ico", icon.favicon, name="favicon"),
    path("verifikasi/<str:code>/", verification.verification_anywhere, name="verification"),
    path("sop/", views.procedures, name="sop-list"),
    path("sop/<slug:key>/", views.procedure, name="sop-detail"),
    path("sop/<slug:key>/dokumen/", views.procedure_document, name="sop-document"),
    path("sop/<slug:key>/dokumen.pdf", views.procedure_document_pdf, name="sop-document-pdf"),
    path("dokumen-sop/gaya.css", document.stylesheet_view, name="sop-document-css"),
    path("dokumen-sop/huruf/<str:name>", document.font_view, name="sop-document-font"),
    path("masuk/", signin.SignInView.as_view(), name="login"),
    path("masuk/kode/", signin.signin_code, name="signin-code"),
    path("masuk/lupa/", reset.PasswordReset.as_view(), name="password_reset"),
    path("masuk/lupa/terkirim/", reset.PasswordResetDone.as_view(), name="password_reset_done"),
    path("masuk/atur-ulang/<uidb64>/<token>/", reset.PasswordResetConfirm.as_view(),
         name="password_reset_confirm"),
    path("masuk/atur-ulang/selesai/", reset.PasswordResetComplete.as_view(),
         name="password_reset_complete"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", include("tayang.accounts.urls")),
    path("", include("tayang.decisions.urls")),
    path("", include("tayang.notify.urls")),
    path("kerja/<slug:org>/dip/", include("tayang.dip.urls")),
    path("kerja/<slug:org>/", include("tayang.workspace.urls")),
    # Before the admin's own URLs: its sign-in is Tayang's (docs/security.md).
    path("admin/login/", signin.admin_login, name="admin-login"),
    # The admin's patterns made, and the apps' admin.py imported, at its first use.
    admin_urls("admin/"),
    path("situs/<slug:org>/", include("tayang.public.urls")),
]

handler404 = "tayang.public.views.errors.not_found"
handler403 = "tayang.web.errors.forbidden"
handler500 = "tayang.web.errors.server_error"
