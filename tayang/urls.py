"""Top-level URLs: the start page, sign-in and the Django admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tayang.web import document, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sop/", views.procedures, name="sop-list"),
    path("sop/<slug:key>/", views.procedure, name="sop-detail"),
    path("sop/<slug:key>/dokumen/", views.procedure_document, name="sop-document"),
    path("sop/<slug:key>/dokumen.pdf", views.procedure_document_pdf, name="sop-document-pdf"),
    path("dokumen-sop/gaya.css", document.stylesheet_view, name="sop-document-css"),
    path("dokumen-sop/huruf/<str:name>", document.font_view, name="sop-document-font"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("tayang.notify.urls")),
    path("kerja/<slug:org>/dip/", include("tayang.dip.urls")),
    path("kerja/<slug:org>/", include("tayang.workspace.urls")),
    path("admin/", admin.site.urls),
    path("situs/<slug:org>/", include("tayang.public.urls")),
]

handler404 = "tayang.public.views.errors.not_found"
