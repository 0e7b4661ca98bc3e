"""The admin's URL patterns, imported at the first use of ``/admin/`` (``admin_on_demand``)."""

from django.contrib import admin

from tayang.web.admin_on_demand import discover

discover()  # before the patterns: each registered model adds its own
urlpatterns = admin.site.get_urls()
