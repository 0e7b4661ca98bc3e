"""Top-level URLs: the start page, sign-in and the Django admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tayang.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sop/", views.procedures, name="sop-list"),
    path("sop/<slug:key>/", views.procedure, name="sop-detail"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kerja/<slug:org>/", include("tayang.workspace.urls")),
    path("admin/", admin.site.urls),
]
