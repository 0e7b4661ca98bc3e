"""The staff workspace of an organization, under /kerja/<org>/."""

from django.urls import path

from tayang.workspace.views import (
    document,
    exports,
    files,
    handin,
    inbox,
    items,
    manage,
    records,
    register,
    withdraw,
)

app_name = "workspace"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("konten/baru/<slug:procedure>/", handin.create, name="item-create"),
    path("konten/<int:pk>/", items.detail, name="item"),
    path("konten/<int:pk>/ubah/", handin.edit, name="item-edit"),
    path("konten/<int:pk>/berkas/", handin.upload, name="item-upload"),
    path("konten/<int:pk>/tindakan/<str:action>/", items.act, name="item-act"),
    path("konten/<int:pk>/revisi/<int:number>/", items.revision, name="item-revision"),
    path("konten/<int:pk>/tarik-tayangan/", withdraw.withdraw_publication, name="item-withdraw"),
    path("berkas/<int:pk>/", files.asset, name="asset"),
    path("berkas/<int:pk>/<str:variant>/", files.asset, name="asset-variant"),
    path("konten/<int:pk>/tanggapan/<int:response>.pdf", records.response_letter,
         name="response-letter"),
    path("konten/<int:pk>/persetujuan/<int:approval>/", records.approval_page,
         name="approval-record"),
    path("konten/<int:pk>/persetujuan/<int:approval>.pdf", records.approval_record_pdf,
         name="approval-record-pdf"),
    path("konten/<int:pk>/berkas.zip", records.dossier, name="item-dossier"),
    path("konten/<int:pk>/siapkan-berkas/", exports.start_dossier,
         name="item-dossier-start"),
    path("register/", register.register, name="register"),
    path("register/unduh.<str:fmt>", records.register_export, name="register-export"),
    path("register/siapkan/", exports.start_register, name="register-export-start"),
    path("unduhan/", exports.job_list, name="exports"),
    path("unduhan/<int:pk>/", exports.job_page, name="export"),
    path("unduhan/<int:pk>/unduh/", exports.job_file, name="export-file"),
    path("sop/<slug:procedure>/dokumen/", document.page, name="procedure-document"),
    path("sop/<slug:procedure>/dokumen.pdf", document.pdf, name="procedure-document-pdf"),
    path("kelola/", manage.overview, name="manage"),
    path("kelola/anggota/", manage.members, name="manage-members"),
    path("kelola/anggota/<int:pk>/", manage.member, name="manage-member"),
    path("kelola/unit/", manage.units, name="manage-units"),
    path("kelola/sop/", manage.procedures, name="manage-procedures"),
    path("kelola/sop/<slug:procedure>/", manage.procedure, name="manage-procedure"),
]
