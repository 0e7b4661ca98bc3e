"""The DIP screens of an organization's workspace, under /kerja/<org>/dip/."""

from django.urls import path

from tayang.dip import views

app_name = "dip"

urlpatterns = [
    path("", views.entries, name="entries"),
    path("entri/baru/", views.entry, name="entry-create"),
    path("entri/<int:pk>/", views.entry, name="entry"),
    path("entri/<int:pk>/dokumen/", views.document, name="entry-document"),
    path("sk/", views.decrees, name="decrees"),
    path("impor/", views.import_file, name="import"),
    path("ekspor.csv", views.export, {"fmt": "csv"}, name="export-csv"),
    path("ekspor.xlsx", views.export, {"fmt": "xlsx"}, name="export-xlsx"),
]
