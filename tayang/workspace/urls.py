"""The staff workspace of an organization, under /kerja/<org>/."""

from django.urls import path

from tayang.workspace.views import files, handin, inbox, items, manage, register

app_name = "workspace"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("konten/baru/<slug:procedure>/", handin.create, name="item-create"),
    path("konten/<int:pk>/", items.detail, name="item"),
    path("konten/<int:pk>/ubah/", handin.edit, name="item-edit"),
    path("konten/<int:pk>/berkas/", handin.upload, name="item-upload"),
    path("konten/<int:pk>/tindakan/<str:action>/", items.act, name="item-act"),
    path("konten/<int:pk>/revisi/<int:number>/", items.revision, name="item-revision"),
    path("berkas/<int:pk>/", files.asset, name="asset"),
    path("berkas/<int:pk>/<str:variant>/", files.asset, name="asset-variant"),
    path("register/", register.register, name="register"),
    path("kelola/", manage.overview, name="manage"),
    path("kelola/anggota/", manage.members, name="manage-members"),
    path("kelola/anggota/<int:pk>/", manage.member, name="manage-member"),
    path("kelola/unit/", manage.units, name="manage-units"),
    path("kelola/sop/", manage.procedures, name="manage-procedures"),
    path("kelola/sop/<slug:procedure>/", manage.procedure, name="manage-procedure"),
]
